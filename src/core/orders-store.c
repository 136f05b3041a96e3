/* orders-store.c: see orders-store.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/loyalty.h"
#include "core/orders-store.h"
#include "db/db.h"
#include "util/text.h"
#include "util/xmalloc.h"

static const char SQL_IDENTITY_GET[] =
	"SELECT customer_id FROM customer_identities WHERE kind = ?1 AND value = ?2";
static const char SQL_NEW_CUSTOMER[] =
	"INSERT INTO customers (name, email, phone, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_NEW_IDENTITY[] =
	"INSERT INTO customer_identities (customer_id, kind, value, created_at) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (kind, value) DO NOTHING";
static const char SQL_SHIPS_GET[] =
	"SELECT status, coalesce(carrier, ''), coalesce(tracking_number, ''), coalesce(tracking_url, ''),"
	" coalesce(shipped_at, -1), coalesce(expected_at, -1), coalesce(delivered_at, -1)"
	" FROM fulfillments WHERE order_id = ?1 ORDER BY id";
static const char SQL_SHIPS_DEL[] = "DELETE FROM fulfillments WHERE order_id = ?1";
static const char SQL_SHIP_NEW[] =
	"INSERT INTO fulfillments (order_id, status, carrier, tracking_number, tracking_url, shipped_at,"
	" expected_at, delivered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_ORDER_GET[] =
	"SELECT id, customer_id, number, placed_at, currency, subtotal, discount, shipping, tax, total,"
	" refunded, financial_status, fulfillment_status, coalesce(cancelled_at, -1)"
	" FROM orders WHERE source_id = ?1 AND external_id = ?2";
static const char SQL_ORDER_NEW[] =
	"INSERT INTO orders (customer_id, source_id, external_id, number, placed_at, currency, subtotal,"
	" discount, shipping, tax, total, refunded, shop_currency, total_shop, refunded_shop,"
	" financial_status, fulfillment_status, cancelled_at, updated_at, synced_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?6, ?11, ?12, ?13, ?14, ?15, ?16, ?16)";
static const char SQL_ORDER_SET[] =
	"UPDATE orders SET customer_id = ?1, number = ?4, placed_at = ?5, currency = ?6, subtotal = ?7,"
	" discount = ?8, shipping = ?9, tax = ?10, total = ?11, refunded = ?12, shop_currency = ?6,"
	" total_shop = ?11, refunded_shop = ?12, financial_status = ?13, fulfillment_status = ?14,"
	" cancelled_at = ?15, updated_at = ?16, synced_at = ?16 WHERE source_id = ?2 AND external_id = ?3";
static const char SQL_ITEMS_GET[] =
	"SELECT sku, title, qty, unit_price, discount, returned_qty, variant FROM order_items"
	" WHERE order_id = ?1 ORDER BY id";
static const char SQL_ITEMS_DEL[] = "DELETE FROM order_items WHERE order_id = ?1";
static const char SQL_ITEM_NEW[] =
	"INSERT INTO order_items (order_id, sku, title, qty, unit_price, discount, returned_qty,"
	" variant) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_SOURCE_NEW[] =
	"INSERT INTO sources (kind, name, folder, state, last_sync_at)"
	" VALUES (?1, ?2, '', 'idle', ?3) ON CONFLICT (kind, name, folder) DO NOTHING";
static const char SQL_SOURCE_GET[] =
	"SELECT id FROM sources WHERE kind = ?1 AND name = ?2 AND folder = ''";

static int
step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
order_in_add_item(struct order_in *o, const char *sku, const char *title, const char *variant,
    int64_t qty, int64_t price, int64_t discount)
{
	struct order_item it = { xstrdup(sku != NULL ? sku : ""), xstrdup(title != NULL ? title : ""),
		xstrdup(variant != NULL ? variant : ""), qty, price, discount };

	o->items = xreallocarray(o->items, o->nitems + 1, sizeof *o->items);
	o->items[o->nitems++] = it;
}

void
order_in_add_ship(struct order_in *o, const char *status, const char *carrier,
    const char *tracking, const char *url, int64_t shipped, int64_t expected, int64_t delivered)
{
	struct order_ship f = { xstrdup(status != NULL ? status : "unknown"),
		carrier != NULL && carrier[0] != '\0' ? xstrdup(carrier) : NULL,
		tracking != NULL && tracking[0] != '\0' ? xstrdup(tracking) : NULL,
		url != NULL && url[0] != '\0' ? xstrdup(url) : NULL, shipped, expected, delivered };

	o->ships = xreallocarray(o->ships, o->nships + 1, sizeof *o->ships);
	o->ships[o->nships++] = f;
	o->has_ships = 1;
}

void
order_in_clear(struct order_in *o)
{
	size_t i;

	for (i = 0; i < o->nships; i++) {
		free(o->ships[i].status);
		free(o->ships[i].carrier);
		free(o->ships[i].tracking);
		free(o->ships[i].url);
	}
	free(o->ships);
	free(o->cust_ext);

	for (i = 0; i < o->nitems; i++) {
		free(o->items[i].sku);
		free(o->items[i].title);
		free(o->items[i].variant);
	}
	free(o->items);
	free(o->ext);
	free(o->number);
	free(o->email);
	free(o->fin);
	free(o->ful);
	free(o->currency);
	free(o->name);
	free(o->phone);
	memset(o, 0, sizeof *o);
	o->cancelled = -1;
}

int64_t
orders_source(struct db *db, const char *kind, const char *name, int64_t now)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (db_begin(db) != 0 || (st = db_stmt(db, SQL_SOURCE_NEW)) == NULL) {
		db_rollback(db);
		return 0;
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_step(st);
	db_done(st);
	if ((st = db_stmt(db, SQL_SOURCE_GET)) != NULL) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		db_done(st);
	}
	if (id == 0 || db_commit(db) != 0) {
		db_rollback(db);
		return 0;
	}
	return id;
}

/* The phone as digits with an optional leading '+', or "" when it has too
 * few digits to identify anyone. */
static void
phone_norm(const char *in, char *out, size_t n)
{
	size_t k = 0, digits = 0;
	const char *p;

	for (p = in != NULL ? in : ""; *p != '\0' && k + 1 < n; p++) {
		if (*p == '+' && k == 0)
			out[k++] = '+';
		else if (*p >= '0' && *p <= '9') {
			out[k++] = *p;
			digits++;
		}
	}
	out[k] = '\0';
	if (digits < 6)
		out[0] = '\0';
}

static int64_t
identity_find(struct db *db, const char *kind, const char *value)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (value == NULL || value[0] == '\0')
		return 0;
	if ((st = db_stmt(db, SQL_IDENTITY_GET)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	return id;
}

/* Adds the identity unless some customer already has it. */
static int
identity_add(struct db *db, int64_t customer, const char *kind, const char *value, int64_t now)
{
	sqlite3_stmt *st;

	if (value == NULL || value[0] == '\0')
		return 0;
	if ((st = db_stmt(db, SQL_NEW_IDENTITY)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return step(st);
}

/* The customer for o: by platform id, then email, then phone; created when
 * none matches. Whatever identities of o the customer lacked are added. */
static int64_t
customer_for(struct db *db, struct order_in *o, int64_t now, int *created)
{
	sqlite3_stmt *st;
	char phone[40];
	int64_t id = 0;

	*created = 0;
	phone_norm(o->phone, phone, sizeof phone);
	if (o->cust_kind != NULL && (id = identity_find(db, o->cust_kind, o->cust_ext)) < 0)
		return -1;
	if (id == 0 && (id = identity_find(db, "email", o->email)) < 0)
		return -1;
	if (id == 0 && (id = identity_find(db, "phone", phone)) < 0)
		return -1;
	if (id == 0) {
		if ((st = db_stmt(db, SQL_NEW_CUSTOMER)) == NULL)
			return -1;
		sqlite3_bind_text(st, 1, o->name != NULL && o->name[0] != '\0' ? o->name : o->email,
		    -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, o->email, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 3, o->phone != NULL && o->phone[0] != '\0' ? o->phone : NULL);
		sqlite3_bind_int64(st, 4, now);
		if (step(st) != 0)
			return -1;
		id = sqlite3_last_insert_rowid(db_handle(db));
		*created = 1;
	}
	if (identity_add(db, id, "email", o->email, now) != 0 ||
	    identity_add(db, id, "phone", phone, now) != 0 ||
	    (o->cust_kind != NULL && identity_add(db, id, o->cust_kind, o->cust_ext, now) != 0))
		return -1;
	return id;
}

/* 1 when the stored shipments are these, 0 when not, -1 on error. */
static int
ships_same(struct db *db, int64_t order, struct order_in *o)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SHIPS_GET);
	size_t i = 0;
	int same = 1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, order);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct order_ship *f;

		if (i >= o->nships) {
			same = 0;
			break;
		}
		f = &o->ships[i];
		if (strcmp(db_col_text(st, 0), f->status) != 0 ||
		    strcmp(db_col_text(st, 1), f->carrier != NULL ? f->carrier : "") != 0 ||
		    strcmp(db_col_text(st, 2), f->tracking != NULL ? f->tracking : "") != 0 ||
		    strcmp(db_col_text(st, 3), f->url != NULL ? f->url : "") != 0 ||
		    sqlite3_column_int64(st, 4) != f->shipped ||
		    sqlite3_column_int64(st, 5) != f->expected ||
		    sqlite3_column_int64(st, 6) != f->delivered)
			same = 0;
		if (!same)
			break;
		i++;
	}
	db_done(st);
	return same && i == o->nships;
}

static void
bind_time(sqlite3_stmt *st, int col, int64_t t)
{
	if (t >= 0)
		sqlite3_bind_int64(st, col, t);
	else
		sqlite3_bind_null(st, col);
}

static int
store_ships(struct db *db, int64_t order, struct order_in *o)
{
	sqlite3_stmt *st;
	size_t i;

	if ((st = db_stmt(db, SQL_SHIPS_DEL)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, order);
	if (step(st) != 0)
		return -1;
	for (i = 0; i < o->nships; i++) {
		struct order_ship *f = &o->ships[i];

		if ((st = db_stmt(db, SQL_SHIP_NEW)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, order);
		sqlite3_bind_text(st, 2, f->status, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 3, f->carrier);
		db_bind_text_or_null(st, 4, f->tracking);
		db_bind_text_or_null(st, 5, f->url);
		bind_time(st, 6, f->shipped);
		bind_time(st, 7, f->expected);
		bind_time(st, 8, f->delivered);
		if (step(st) != 0)
			return -1;
	}
	return 0;
}

/* 1 when the stored items are these, 0 when not, -1 on error. */
static int
items_same(struct db *db, int64_t order, struct order_in *o)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ITEMS_GET);
	size_t i = 0;
	int same = 1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, order);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (i >= o->nitems || strcmp(db_col_text(st, 0), o->items[i].sku) != 0 ||
		    strcmp(db_col_text(st, 1), o->items[i].title) != 0 ||
		    sqlite3_column_int64(st, 2) != o->items[i].qty ||
		    sqlite3_column_int64(st, 3) != o->items[i].price ||
		    sqlite3_column_int64(st, 4) != o->items[i].discount ||
		    strcmp(db_col_text(st, 6), o->items[i].variant) != 0)
			same = 0;
		i++;
	}
	db_done(st);
	return same && i == o->nitems;
}

static int
store_items(struct db *db, int64_t order, struct order_in *o)
{
	sqlite3_stmt *st;
	int64_t *returned = xcalloc(o->nitems + 1, sizeof *returned);
	size_t i;
	int rc = -1;

	/* Keep what returns already recorded against the same lines. */
	if ((st = db_stmt(db, SQL_ITEMS_GET)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, order);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < o->nitems; i++)
			if (returned[i] == 0 && strcmp(db_col_text(st, 0), o->items[i].sku) == 0 &&
			    strcmp(db_col_text(st, 1), o->items[i].title) == 0) {
				returned[i] = sqlite3_column_int64(st, 5);
				if (returned[i] > o->items[i].qty)
					returned[i] = o->items[i].qty;
				break;
			}
	db_done(st);
	if ((st = db_stmt(db, SQL_ITEMS_DEL)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, order);
	if (step(st) != 0)
		goto out;
	for (i = 0; i < o->nitems; i++) {
		if ((st = db_stmt(db, SQL_ITEM_NEW)) == NULL)
			goto out;
		sqlite3_bind_int64(st, 1, order);
		sqlite3_bind_text(st, 2, o->items[i].sku, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, o->items[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, o->items[i].qty);
		sqlite3_bind_int64(st, 5, o->items[i].price);
		sqlite3_bind_int64(st, 6, o->items[i].discount);
		sqlite3_bind_int64(st, 7, returned[i]);
		sqlite3_bind_text(st, 8, o->items[i].variant, -1, SQLITE_STATIC);
		if (step(st) != 0)
			goto out;
	}
	rc = 0;
out:
	free(returned);
	return rc;
}

int
orders_upsert(struct db *db, int64_t source, struct order_in *o, int64_t now,
    enum order_outcome *out, int *new_customer)
{
	sqlite3_stmt *st;
	int64_t customer, id = 0, was = 0;
	int rc, same = 0;
	size_t i;

	/* what the customer and the shop call the order is shown everywhere:
	 * one safe line */
	if (o->number != NULL) {
		char *safe = text_sanitize(o->number, strlen(o->number), TEXT_LINE, NULL);

		free(o->number);
		o->number = safe;
	}
	if (!o->has_subtotal) {
		o->subtotal = 0;
		for (i = 0; i < o->nitems; i++)
			o->subtotal += o->items[i].qty * o->items[i].price;
	}
	if ((customer = customer_for(db, o, now, new_customer)) < 0)
		return -1;
	if ((st = db_stmt(db, SQL_ORDER_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, source);
	sqlite3_bind_text(st, 2, o->ext, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		was = sqlite3_column_int64(st, 1);
		same = was == customer &&
		    strcmp(db_col_text(st, 2), o->number) == 0 &&
		    sqlite3_column_int64(st, 3) == o->placed &&
		    strcmp(db_col_text(st, 4), o->currency) == 0 &&
		    sqlite3_column_int64(st, 5) == o->subtotal &&
		    sqlite3_column_int64(st, 6) == o->discount &&
		    sqlite3_column_int64(st, 7) == o->shipping &&
		    sqlite3_column_int64(st, 8) == o->tax &&
		    sqlite3_column_int64(st, 9) == o->total &&
		    sqlite3_column_int64(st, 10) == o->refunded &&
		    strcmp(db_col_text(st, 11), o->fin) == 0 &&
		    strcmp(db_col_text(st, 12), o->ful) == 0 &&
		    sqlite3_column_int64(st, 13) == o->cancelled;
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (id != 0 && same) {
		if ((rc = items_same(db, id, o)) < 0)
			return -1;
		if (rc == 1 && o->has_ships && (rc = ships_same(db, id, o)) < 0)
			return -1;
		if (rc == 1) {
			*out = ORDER_SAME;
			return 0;
		}
	}
	if ((st = db_stmt(db, id != 0 ? SQL_ORDER_SET : SQL_ORDER_NEW)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, source);
	sqlite3_bind_text(st, 3, o->ext, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, o->number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, o->placed);
	sqlite3_bind_text(st, 6, o->currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, o->subtotal);
	sqlite3_bind_int64(st, 8, o->discount);
	sqlite3_bind_int64(st, 9, o->shipping);
	sqlite3_bind_int64(st, 10, o->tax);
	sqlite3_bind_int64(st, 11, o->total);
	sqlite3_bind_int64(st, 12, o->refunded);
	sqlite3_bind_text(st, 13, o->fin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, o->ful, -1, SQLITE_STATIC);
	if (o->cancelled >= 0)
		sqlite3_bind_int64(st, 15, o->cancelled);
	sqlite3_bind_int64(st, 16, now);
	if (step(st) != 0)
		return -1;
	if (id == 0) {
		id = sqlite3_last_insert_rowid(db_handle(db));
		*out = ORDER_NEW;
	} else {
		*out = ORDER_CHANGED;
	}
	if (store_items(db, id, o) != 0 || (o->has_ships && store_ships(db, id, o) != 0))
		return -1;
	/* points follow the order (and leave a customer it no longer belongs to) */
	if (loyalty_settle(db, customer, id, now) != 0 ||
	    (was != 0 && was != customer && loyalty_settle(db, was, 0, now) != 0))
		return -1;
	return 0;
}
