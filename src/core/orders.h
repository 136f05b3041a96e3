/* orders.h: orders with their items and fulfilments, as JSON. */
#ifndef AFTERCARE_CORE_ORDERS_H
#define AFTERCARE_CORE_ORDERS_H

#include <jansson.h>
#include <stdint.h>

struct db;

/* The order with "items" and "fulfillments" (new reference), or NULL if it
 * does not exist or on error (then *err is set; caller frees). */
json_t *orders_get(struct db *db, int64_t order_id, char **err);
/* All orders of a customer, newest first; NULL on error with *err set. */
json_t *orders_for_customer(struct db *db, int64_t customer_id, char **err);


#endif
