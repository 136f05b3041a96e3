/* template.h: reply templates that know the customer. A template is plain
 * text with a small mustache subset:
 *   {{variable}}               a value; rendering fails when it has none
 *   {{#section}}..{{/section}} shown when the section has data
 *   {{^section}}..{{/section}} shown when it has none
 * Unknown variables and sections, unclosed or mismatched tags are errors,
 * so a reply never goes out with a blank or with literal braces. */
#ifndef AFTERCARE_CORE_TEMPLATE_H
#define AFTERCARE_CORE_TEMPLATE_H

#include <jansson.h>
#include <stdint.h>

struct db;

/* Renders body (named name, for messages) with ctx: an object mapping
 * variable names to strings and section names to booleans. Returns 0 and
 * *out (caller frees), or -1 and *err (one translated line). Every tag is
 * checked, in shown and hidden sections alike. */
int template_render(const char *name, const char *body, json_t *ctx, char **out, char **err);

/* The values for ticket_id: its customer, its order (or the customer's
 * latest), that order's latest shipment, loyalty; agent is the replying
 * agent's name. With ticket_id 0, the same for customer_id alone (no
 * ticket.* values). Sets "locale" to the customer's. NULL with *err. */
json_t *template_context(struct db *db, int64_t ticket_id, int64_t customer_id,
    const char *agent, char **err);

/* Adds the values of return return_id to ctx: the sections return, credit,
 * exchange and return_address (when address is set), and return.rma,
 * return.items, return.amount (refund or credit), return.address,
 * return.replacement (exchange SKUs). 0, or -1 with *err. */
int template_add_return(struct db *db, json_t *ctx, int64_t return_id, const char *address,
    char **err);

/* Renders every template in en, uk and cs for every customer (with their
 * latest ticket when they have one): {"renderings": N, "customers": C,
 * "templates": T, "failures": [{"name","locale","failed","error",
 * "customer","ticket"}]}. NULL with *err. */
json_t *template_check_all(struct db *db, const char *agent, char **err);

/* Reads template name in locale, falling back to English: the user's
 * directory ($XDG_CONFIG_HOME/aftercare/templates/LOCALE/NAME) first, then
 * the shipped one. Returns the body and sets *used to the locale found, or
 * NULL with *err. */
char *template_load(const char *name, const char *locale, char **used, char **err);

/* {"name": ["en", "uk", ...], ...}: every template in every directory. */
json_t *template_list(void);

/* The shipped templates' directory. */
const char *template_shipped_dir(void);

#endif
