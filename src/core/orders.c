/* orders.c: an order as the agent needs to see it: money, status, what was
 * in it (with returned quantities) and where the parcels are. */
#include "config.h"

#include <stdlib.h>

#include "core/orders.h"
#include "core/row.h"
#include "db/db.h"

#define ORDER_COLS \
	"SELECT id, number, external_id, placed_at, currency, subtotal, discount," \
	" shipping, tax, total, refunded, shop_currency, total_shop, refunded_shop," \
	" financial_status, fulfillment_status, cancelled_at, updated_at FROM orders"

static const char SQL_ORDER[] = ORDER_COLS " WHERE id = ?1";
static const char SQL_ORDERS_FOR[] = ORDER_COLS
	" WHERE customer_id = ?1 ORDER BY placed_at DESC, id DESC";
static const char SQL_ITEMS[] =
	"SELECT id, sku, title, variant, qty, unit_price, discount, returned_qty"
	" FROM order_items WHERE order_id = ?1 ORDER BY id";
static const char SQL_FULFILLMENTS[] =
	"SELECT status, carrier, tracking_number, tracking_url, shipped_at, expected_at,"
	" delivered_at FROM fulfillments WHERE order_id = ?1 ORDER BY id";

static json_t *
order_row(sqlite3_stmt *st)
{
	json_t *o = json_object();

	row_int(o, "id", st, 0);
	row_text(o, "number", st, 1);
	row_text(o, "external_id", st, 2);
	row_int(o, "placed_at", st, 3);
	row_text(o, "currency", st, 4);
	row_int(o, "subtotal", st, 5);
	row_int(o, "discount", st, 6);
	row_int(o, "shipping", st, 7);
	row_int(o, "tax", st, 8);
	row_int(o, "total", st, 9);
	row_int(o, "refunded", st, 10);
	row_text(o, "shop_currency", st, 11);
	row_int(o, "total_shop", st, 12);
	row_int(o, "refunded_shop", st, 13);
	row_text(o, "financial_status", st, 14);
	row_text(o, "fulfillment_status", st, 15);
	row_int(o, "cancelled_at", st, 16);
	row_int(o, "updated_at", st, 17);
	return o;
}

/* Adds items and fulfillments to order o. */
static int
order_details(struct db *db, json_t *o, char **err)
{
	int64_t id = json_integer_value(json_object_get(o, "id"));
	json_t *items = json_array(), *fuls = json_array();
	sqlite3_stmt *st;
	int rc;

	json_object_set_new(o, "items", items);
	json_object_set_new(o, "fulfillments", fuls);
	if ((st = db_stmt(db, SQL_ITEMS)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *it = json_object();

		row_int(it, "id", st, 0);
		row_text(it, "sku", st, 1);
		row_text(it, "title", st, 2);
		row_text(it, "variant", st, 3);
		row_int(it, "qty", st, 4);
		row_int(it, "unit_price", st, 5);
		row_int(it, "discount", st, 6);
		row_int(it, "returned_qty", st, 7);
		json_array_append_new(items, it);
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	if ((st = db_stmt(db, SQL_FULFILLMENTS)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *f = json_object();

		row_text(f, "status", st, 0);
		row_text(f, "carrier", st, 1);
		row_text(f, "tracking_number", st, 2);
		row_text(f, "tracking_url", st, 3);
		row_int(f, "shipped_at", st, 4);
		row_int(f, "expected_at", st, 5);
		row_int(f, "delivered_at", st, 6);
		json_array_append_new(fuls, f);
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;
fail:
	*err = row_error(db_handle(db));
	return -1;
}

json_t *
orders_get(struct db *db, int64_t order_id, char **err)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ORDER);
	json_t *o = NULL;
	int rc;

	if (st == NULL) {
		*err = row_error(db_handle(db));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, order_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		o = order_row(st);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*err = row_error(db_handle(db));
		return NULL;
	}
	if (o != NULL && order_details(db, o, err) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
orders_for_customer(struct db *db, int64_t customer_id, char **err)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ORDERS_FOR);
	json_t *list = json_array(), *o;
	size_t i;
	int rc;

	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, customer_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, order_row(st));
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	json_array_foreach(list, i, o) {
		if (order_details(db, o, err) != 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
fail:
	*err = row_error(db_handle(db));
	json_decref(list);
	return NULL;
}
