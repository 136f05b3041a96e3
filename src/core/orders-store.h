/* orders-store.h: writing an order from an outside source (a CSV export, a
 * shop's API) with its items, matched by (source, external id), the customer
 * found by any of its identities (platform customer id, email, phone) or
 * created, and given the identities it lacked. Unchanged orders are not written at all, so a
 * repeated import or sync changes nothing; returned quantities already
 * recorded on an item are kept when the items are rewritten. A written order
 * settles its customer's loyalty account (loyalty_settle). */
#ifndef AFTERCARE_CORE_ORDERS_STORE_H
#define AFTERCARE_CORE_ORDERS_STORE_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct order_item {
	char *sku, *title, *variant;
	int64_t qty, price, discount;
};

/* A shipment as the source reports it; NULL strings and -1 times are unknown. */
struct order_ship {
	char *status;          /* a fulfillments.status value */
	char *carrier, *tracking, *url;
	int64_t shipped, expected, delivered;
};

struct order_in {
	char *ext, *number, *email, *fin, *ful, *currency, *name, *phone;
	/* The platform's own customer id (kind "shopify" / "woocommerce"), or NULL. */
	const char *cust_kind;
	char *cust_ext;
	int64_t subtotal, shipping, tax, total, discount, refunded, placed;
	int64_t cancelled;   /* -1: not cancelled */
	int has_subtotal;    /* else the items' sum */
	struct order_item *items;
	size_t nitems;
	/* has_ships: the source reports shipments (then they replace the stored
	 * ones); otherwise whatever is stored is kept. */
	int has_ships;
	struct order_ship *ships;
	size_t nships;
};

enum order_outcome { ORDER_NEW, ORDER_CHANGED, ORDER_SAME };

/* The sources row of kind/name (created once). 0 on error. */
int64_t orders_source(struct db *db, const char *kind, const char *name, int64_t now);

/* Writes o inside the caller's write transaction. 0 or -1 (database). */
int orders_upsert(struct db *db, int64_t source, struct order_in *o, int64_t now,
    enum order_outcome *out, int *new_customer);

void order_in_add_item(struct order_in *o, const char *sku, const char *title,
    const char *variant, int64_t qty, int64_t price, int64_t discount);
void order_in_add_ship(struct order_in *o, const char *status, const char *carrier,
    const char *tracking, const char *url, int64_t shipped, int64_t expected, int64_t delivered);
void order_in_clear(struct order_in *o);

#endif
