/* store.h: syncing orders from the configured shops, whatever their kind.
 * A sync is incremental (the source's "updated since" cursor, committed with
 * each page); a customer refresh re-reads one customer's orders by email.
 * Both write nothing half: each page is one transaction. */
#ifndef AFTERCARE_STORE_STORE_H
#define AFTERCARE_STORE_STORE_H

#include <stddef.h>

#include "core/orders-store.h"
#include "util/settings.h"

struct db;

struct store_report {
	size_t pages, orders_new, orders_changed, orders_same, orders_bad, customers_new;
	/* one sanitised line per skipped order; may be NULL */
	void (*problem)(const char *msg, void *ctx);
	void *ctx;
};

/* Reports one problem (an order skipped) through r->problem, as one
 * sanitised line. */
void store_problem(struct store_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Counts one order of a page: skipped (bad is why: reported), or written
 * as oc says, with created new customers. */
void store_tally(struct store_report *r, const char *store, const char *bad,
    enum order_outcome oc, int created);
/* Text from a shop as one safe line of at most 300 bytes (cut on a
 * character boundary, "..." added). Caller frees. */
char *store_shop_text(const char *s);

/* 0, or -1 with *err (one translated line; what was committed stays). */
int store_sync(struct db *db, const struct config_store *s, struct store_report *r, char **err);
/* The orders of the customer with this email (lower-case addr-spec). */
int store_sync_customer(struct db *db, const struct config_store *s, const char *email,
    struct store_report *r, char **err);

#endif
