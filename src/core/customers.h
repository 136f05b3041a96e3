/* customers.h: a customer's whole picture, and finding customers. */
#ifndef AFTERCARE_CORE_CUSTOMERS_H
#define AFTERCARE_CORE_CUSTOMERS_H

#include <jansson.h>
#include <stdint.h>

struct db;

/* Finds a customer by any identity of that kind (email is matched
 * case-insensitively). Returns 1 and sets *id, 0 if none, -1 on error. */
int customers_find(struct db *db, const char *kind, const char *value, int64_t *id);
/* Identity, stats, loyalty, orders (with items and fulfilments), returns,
 * survey answers and tickets. NULL with *err NULL when there is no such
 * customer; NULL with *err set on failure. */
json_t *customers_show(struct db *db, int64_t id, char **err);
/* Customers whose name, email or phone contains query; {"customers": [...]} */
json_t *customers_search(struct db *db, const char *query, int limit, char **err);

#endif
