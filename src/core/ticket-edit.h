/* ticket-edit.h: changing a ticket's status, assignee, priority and tags.
 * Each change is one transaction with its audit entry (before and after). */
#ifndef AFTERCARE_CORE_TICKET_EDIT_H
#define AFTERCARE_CORE_TICKET_EDIT_H

#include <jansson.h>
#include <stdint.h>

#include "ops/ops.h"

struct db;

enum ticket_field {
	TICKET_STATUS,
	TICKET_PRIORITY,
	TICKET_ASSIGNEE, /* value: agent id as decimal text, or NULL for none */
};

/* The summary every edit returns and broadcasts: {id, status, priority,
 * assignee, tags, updated_at}. NULL with *err unset if there is no such
 * ticket. */
json_t *ticket_edit_summary(struct db *db, int64_t id, char **err);

/* Sets one field. check (may be NULL) sees the ticket before the change and
 * may veto it by returning -1 with err set (role rules live in ops/). Returns
 * {"before": summary, "after": summary}, or NULL with err set. */
json_t *ticket_edit_set(struct db *db, const struct op_caller *who, int64_t id,
    enum ticket_field field, const char *value,
    int (*check)(const struct op_caller *, json_t *before, const char *value,
    struct op_error *), struct op_error *err);
/* Adds and removes tags (arrays of strings, either may be NULL). */
json_t *ticket_edit_tags(struct db *db, const struct op_caller *who, int64_t id,
    json_t *add, json_t *remove, struct op_error *err);

#endif
