/* returns.c: returns and exchanges. return.options (what of a ticket's
 * orders can still be returned), catalog.variants (what to exchange for),
 * return.quote (what a return is worth, live for the dialog), return.create,
 * return.list, return.show and return.act (approve, label sent, receive,
 * refund, credit, exchange, reject, cancel, close). The money and the state
 * machine are core/returns-calc; this file loads the order, holds every
 * change in one transaction with its audit entry and ticket note, and queues
 * the customer's message through the outbox in the customer's language.
 *
 * Nothing can be refunded twice: units and money held by open returns count
 * as already returned, a refund adds to the order's refunded amount in the
 * same transaction as its status change, and the checks run again then. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/audit.h"
#include "core/loyalty.h"
#include "core/returns-calc.h"
#include "core/template.h"
#include "db/db.h"
#include "ops/ops.h"
#include "ops/reply.h"
#include "store/push.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/labels.h"
#include "util/settings.h"
#include "util/xmalloc.h"

#define OPEN_STATES "('requested', 'approved', 'in_transit', 'received')"
#define MAX_ITEMS 200

static const char SQL_ORDER[] =
	"SELECT o.id, o.customer_id, o.number, o.placed_at, o.currency, o.subtotal, o.discount,"
	" o.shipping, o.tax, o.total, o.refunded,"
	" (SELECT min(f.shipped_at) FROM fulfillments f WHERE f.order_id = o.id),"
	" (SELECT max(f.delivered_at) FROM fulfillments f WHERE f.order_id = o.id),"
	" (SELECT coalesce(sum(r.value), 0) FROM returns r WHERE r.order_id = o.id"
	"  AND r.status IN " OPEN_STATES "),"
	" (SELECT count(*) FROM return_items ri JOIN returns r ON r.id = ri.return_id"
	"  WHERE r.order_id = o.id AND r.status NOT IN ('rejected', 'cancelled')"
	"  AND ri.reason NOT IN ('defective', 'not_as_described', 'wrong_item'))"
	" FROM orders o WHERE o.id = ?1";
static const char SQL_ITEMS[] =
	"SELECT i.id, i.sku, i.title, i.variant, i.qty, i.unit_price, i.discount, i.returned_qty,"
	" (SELECT coalesce(sum(ri.qty), 0) FROM return_items ri JOIN returns r ON r.id = ri.return_id"
	"  WHERE ri.order_item_id = i.id AND r.status IN " OPEN_STATES ")"
	" FROM order_items i WHERE i.order_id = ?1 ORDER BY i.id";
static const char SQL_TICKET[] =
	"SELECT t.customer_id, t.order_id, c.name, c.email, c.locale FROM tickets t"
	" JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1";
static const char SQL_CUSTOMER_ORDERS[] =
	"SELECT id FROM orders WHERE customer_id = ?1 AND cancelled_at IS NULL"
	" ORDER BY placed_at DESC, id DESC LIMIT 50";
static const char SQL_VARIANTS[] =
	"SELECT i.sku, i.title, i.variant, i.unit_price, o.currency FROM order_items i"
	" JOIN orders o ON o.id = i.order_id"
	" WHERE i.title = (SELECT title FROM order_items WHERE sku = ?1 ORDER BY id DESC LIMIT 1)"
	" AND i.sku <> '' AND i.id = (SELECT max(j.id) FROM order_items j WHERE j.sku = i.sku)"
	" ORDER BY i.unit_price, i.sku LIMIT 50";
static const char SQL_SKU_PRICE[] =
	"SELECT i.unit_price, o.currency, i.title, i.variant FROM order_items i"
	" JOIN orders o ON o.id = i.order_id WHERE i.sku = ?1 ORDER BY o.currency = ?2 DESC, i.id DESC"
	" LIMIT 1";
static const char SQL_RMA_LAST[] =
	"SELECT coalesce(max(CAST(substr(rma, 10) AS INTEGER)), 10000) FROM returns"
	" WHERE rma LIKE ?1";
static const char SQL_RETURN_NEW[] =
	"INSERT INTO returns (rma, order_id, customer_id, ticket_id, kind, status, resolution, currency,"
	" refund_amount, credit_amount, restocking_fee, shipping_fee, note, created_by, approved_by,"
	" created_at, updated_at, value, charge, breakdown, override_reason, shop_state)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17,"
	" ?18, ?19, ?20, 'manual')";
static const char SQL_RETURN_ITEM_NEW[] =
	"INSERT INTO return_items (return_id, order_item_id, qty, reason, note, exchange_sku)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_RETURN_GET[] =
	"SELECT r.id, r.rma, r.order_id, r.customer_id, r.ticket_id, r.kind, r.status, r.resolution,"
	" r.currency, r.refund_amount, r.credit_amount, r.value, r.charge, r.created_by,"
	" r.approved_by, r.created_at, r.updated_at, r.note, r.override_reason, r.breakdown,"
	" r.shop_state, o.number, c.name, c.email"
	" FROM returns r JOIN orders o ON o.id = r.order_id JOIN customers c ON c.id = r.customer_id"
	" WHERE r.rma = upper(?1)";
static const char SQL_RETURN_LIST[] =
	"SELECT r.id, r.rma, r.status, r.kind, r.resolution, c.id, c.name, c.email, o.number,"
	" r.ticket_id, r.created_at, r.updated_at, r.value, r.refund_amount, r.credit_amount,"
	" r.currency, r.shop_state"
	" FROM returns r JOIN orders o ON o.id = r.order_id JOIN customers c ON c.id = r.customer_id"
	" WHERE (?1 IS NULL OR r.status = ?1) AND (?2 = 0 OR r.status IN " OPEN_STATES ")"
	" ORDER BY CASE WHEN ?2 = 1 THEN r.created_at END, r.created_at DESC, r.id LIMIT ?3";
static const char SQL_RETURN_ITEMS[] =
	"SELECT ri.order_item_id, oi.sku, oi.title, oi.variant, ri.qty, ri.reason, ri.note,"
	" ri.condition, ri.restock, ri.exchange_sku FROM return_items ri"
	" JOIN order_items oi ON oi.id = ri.order_item_id WHERE ri.return_id = ?1 ORDER BY ri.id";
static const char SQL_HISTORY[] =
	"SELECT a.at, a.action, coalesce(g.login, ''), a.detail FROM audit_log a"
	" LEFT JOIN agents g ON g.id = a.agent_id"
	" WHERE a.object_type = 'return' AND a.object_id = ?1 ORDER BY a.at, a.id";
static const char SQL_STATUS_SET[] =
	"UPDATE returns SET status = ?2, updated_at = ?3,"
	" approved_by = CASE WHEN ?4 > 0 THEN ?4 ELSE approved_by END WHERE id = ?1";
static const char SQL_RECEIVE_ITEM[] =
	"UPDATE return_items SET condition = ?3, restock = ?4 WHERE return_id = ?1"
	" AND order_item_id = ?2";
static const char SQL_RECEIVE_DEFAULT[] =
	"UPDATE return_items SET restock = coalesce(restock, 1) WHERE return_id = ?1";
static const char SQL_ITEMS_BACK[] =
	"UPDATE order_items SET returned_qty = min(qty, returned_qty +"
	" (SELECT coalesce(sum(ri.qty), 0) FROM return_items ri WHERE ri.return_id = ?1"
	"  AND ri.order_item_id = order_items.id))"
	" WHERE id IN (SELECT order_item_id FROM return_items WHERE return_id = ?1)";
/* refunded_shop follows in the shop currency, in proportion */
static const char SQL_ORDER_REFUND[] =
	"UPDATE orders SET refunded = refunded + ?2, refunded_shop = CASE WHEN total > 0 THEN"
	" min(total_shop, refunded_shop + (?2 * total_shop + total / 2) / total)"
	" ELSE refunded_shop END,"
	" financial_status = CASE WHEN refunded + ?2 >= total THEN 'refunded'"
	"  ELSE 'partially_refunded' END, updated_at = ?3 WHERE id = ?1 AND refunded + ?2 <= total";
static const char SQL_REPLACEMENT[] =
	"INSERT INTO orders (customer_id, source_id, external_id, number, placed_at, currency, subtotal,"
	" discount, shipping, tax, total, refunded, shop_currency, total_shop, refunded_shop,"
	" financial_status, fulfillment_status, updated_at)"
	" SELECT customer_id, NULL, NULL, number || '-X' || ?2, ?3, currency, ?4, 0, 0, 0, ?5, 0,"
	" shop_currency, ?5, 0, 'paid', 'unfulfilled', ?3 FROM orders WHERE id = ?1";
static const char SQL_REPLACEMENT_ITEM[] =
	"INSERT INTO order_items (order_id, sku, title, variant, qty, unit_price)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_SET_REPLACEMENT[] =
	"UPDATE returns SET replacement_order_id = ?2 WHERE id = ?1";

/* An order as the calculator sees it, with the item ids beside its lines. */
struct loaded {
	int64_t id, customer, placed, fulfilled, delivered, total, refunded, open_value;
	int64_t discount, shipping, tax, subtotal;
	char currency[8], number[64];
	int earlier_own;
	size_t n;
	int64_t *item;
	char **sku, **title, **variant;
	int64_t *open;
	struct returns_line *line;
};

static void
loaded_free(struct loaded *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->sku[i]);
		free(l->title[i]);
		free(l->variant[i]);
	}
	free(l->sku);
	free(l->title);
	free(l->variant);
	free(l->item);
	free(l->open);
	free(l->line);
	memset(l, 0, sizeof *l);
}

/* 0, 1 when there is no such order, -1 on a database error. */
static int
load_order(struct db *db, int64_t id, struct loaded *l)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ORDER);
	int rc;

	memset(l, 0, sizeof *l);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		l->id = sqlite3_column_int64(st, 0);
		l->customer = sqlite3_column_int64(st, 1);
		snprintf(l->number, sizeof l->number, "%s", db_col_text(st, 2));
		l->placed = sqlite3_column_int64(st, 3);
		snprintf(l->currency, sizeof l->currency, "%s", db_col_text(st, 4));
		l->subtotal = sqlite3_column_int64(st, 5);
		l->discount = sqlite3_column_int64(st, 6);
		l->shipping = sqlite3_column_int64(st, 7);
		l->tax = sqlite3_column_int64(st, 8);
		l->total = sqlite3_column_int64(st, 9);
		l->refunded = sqlite3_column_int64(st, 10);
		l->fulfilled = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 11);
		l->delivered = sqlite3_column_type(st, 12) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 12);
		l->open_value = sqlite3_column_int64(st, 13);
		l->earlier_own = sqlite3_column_int64(st, 14) > 0;
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	if ((st = db_stmt(db, SQL_ITEMS)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && l->n < RETURNS_LINES_MAX) {
		struct returns_line *ln;
		size_t k = l->n++;

		l->item = xreallocarray(l->item, l->n, sizeof *l->item);
		l->sku = xreallocarray(l->sku, l->n, sizeof *l->sku);
		l->title = xreallocarray(l->title, l->n, sizeof *l->title);
		l->variant = xreallocarray(l->variant, l->n, sizeof *l->variant);
		l->open = xreallocarray(l->open, l->n, sizeof *l->open);
		l->line = xreallocarray(l->line, l->n, sizeof *l->line);
		l->item[k] = sqlite3_column_int64(st, 0);
		l->sku[k] = xstrdup(db_col_text(st, 1));
		l->title[k] = xstrdup(db_col_text(st, 2));
		l->variant[k] = xstrdup(db_col_text(st, 3));
		l->open[k] = sqlite3_column_int64(st, 8);
		ln = &l->line[k];
		memset(ln, 0, sizeof *ln);
		ln->sku = l->sku[k][0] != '\0' ? l->sku[k] : l->title[k];
		ln->qty = sqlite3_column_int64(st, 4);
		ln->unit_price = sqlite3_column_int64(st, 5);
		ln->discount = sqlite3_column_int64(st, 6);
		/* units in open returns are as good as returned */
		ln->returned_qty = sqlite3_column_int64(st, 7) + l->open[k];
		if (ln->returned_qty > ln->qty)
			ln->returned_qty = ln->qty;
		if (ln->discount > ln->qty * ln->unit_price)
			ln->discount = ln->qty * ln->unit_price;
	}
	db_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static void
policy_for(const struct op_ctx *ctx, const struct loaded *l, struct returns_policy *p)
{
	struct config_returns def;
	const struct config_returns *r;
	const char *shop = loyalty_programme()->currency;

	config_returns_defaults(&def);
	r = ctx->cfg != NULL ? &ctx->cfg->returns : &def;
	memset(p, 0, sizeof *p);
	p->currency = l->currency;
	p->restock_bp = r->restock_percent_bp;
	p->credit_bonus_bp = r->credit_bonus_bp;
	p->refund_shipping = r->refund_shipping;
	p->lead_above = r->lead_above;
	/* fixed fees are set in the shop currency; not charged on others */
	if (strcmp(l->currency, shop) == 0) {
		p->restock_fixed = r->restock_fee;
		p->return_shipping = r->return_shipping;
	}
}

static long
window_days(const struct op_ctx *ctx)
{
	return ctx->cfg != NULL ? ctx->cfg->returns.window_days : 30;
}

static void
fill_order(const struct loaded *l, struct returns_order *o)
{
	memset(o, 0, sizeof *o);
	o->currency = l->currency;
	o->subtotal = 0; /* platforms differ in what it holds: not checked */
	o->discount = l->discount;
	o->shipping = l->shipping;
	/* tax on top of the prices, or included in them */
	o->tax_added = l->total == l->subtotal - l->discount + l->shipping + l->tax ? l->tax : 0;
	o->total = l->total;
	o->refunded = l->refunded + l->open_value;
	o->earlier_own_reason = l->earlier_own;
	o->lines = l->line;
	o->nlines = l->n;
}

static json_t *
window_json(const struct returns_window *w, long days)
{
	return json_pack("{s:s,s:I,s:I,s:I,s:I,s:b}", "state",
	    w->state == RET_WINDOW_EXPIRED ? "expired" : w->state == RET_WINDOW_UNKNOWN_START ?
	    "unknown_start" : "ok", "days", (json_int_t)days, "days_left", (json_int_t)w->days_left,
	    "days_over", (json_int_t)w->days_over, "deadline", (json_int_t)w->deadline,
	    "from_order_date", w->from_placed);
}

static json_t *
money_json(const struct returns_money *m)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "items_gross", (json_int_t)m->items_gross, "discount_share",
	    (json_int_t)m->discount_share, "tax_share", (json_int_t)m->tax_share, "merchandise",
	    (json_int_t)m->merchandise, "restocking_fee", (json_int_t)m->restocking_fee,
	    "return_shipping", (json_int_t)m->return_shipping, "shipping_refunded",
	    (json_int_t)m->shipping_refunded, "value", (json_int_t)m->value, "previous_refunds",
	    (json_int_t)m->previous_refunds, "refundable", (json_int_t)m->refundable,
	    "credit_bonus", (json_int_t)m->credit_bonus, "refund", (json_int_t)m->refund,
	    "credit", (json_int_t)m->credit, "replacement", (json_int_t)m->replacement,
	    "charge", (json_int_t)m->charge);
}

/* The order's lines with what can still come back. */
static json_t *
order_json(const struct loaded *l, const struct returns_window *w, long days)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct returns_line *ln = &l->line[i];
		int64_t done = ln->returned_qty - l->open[i];

		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I}",
		    "item", (json_int_t)l->item[i], "sku", l->sku[i], "title", l->title[i],
		    "variant", l->variant[i], "qty", (json_int_t)ln->qty, "returned",
		    (json_int_t)(done < 0 ? 0 : done), "open", (json_int_t)l->open[i],
		    "returnable", (json_int_t)(ln->qty - ln->returned_qty), "unit_price",
		    (json_int_t)ln->unit_price, "discount", (json_int_t)ln->discount));
	}
	return json_pack("{s:I,s:s,s:I,s:s,s:I,s:I,s:o,s:o}", "id", (json_int_t)l->id, "number",
	    l->number, "placed_at", (json_int_t)l->placed, "currency", l->currency, "total",
	    (json_int_t)l->total, "refunded", (json_int_t)l->refunded, "items", items,
	    "window", window_json(w, days));
}

static int64_t
returnable_units(const struct loaded *l)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		n += l->line[i].qty - l->line[i].returned_qty;
	return n;
}

/* --- return.options, catalog.variants ------------------------------------ */

static json_t *
return_options(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t ticket = op_int(params, "ticket", 0), want = op_int(params, "order", 0), linked = 0;
	int64_t customer = 0, now = clock_now();
	json_t *res = NULL, *orders = json_array(), *chosen = json_null();
	struct returns_window w;
	struct loaded l;
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t nids = 0, i;
	int rc;

	if ((st = db_stmt(ctx->db, SQL_TICKET)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, ticket);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		customer = sqlite3_column_int64(st, 0);
		linked = sqlite3_column_int64(st, 1);
		res = json_pack("{s:I,s:{s:I,s:s,s:s,s:s}}", "ticket", (json_int_t)ticket,
		    "customer", "id", (json_int_t)customer, "name", db_col_text(st, 2), "email",
		    db_col_text(st, 3), "locale", db_col_text(st, 4));
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			goto dberr;
		op_error_set(err, OP_E_NOT_FOUND, _("no ticket #%lld"), (long long)ticket);
		goto fail;
	}
	if ((st = db_stmt(ctx->db, SQL_CUSTOMER_ORDERS)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = xreallocarray(ids, nids + 1, sizeof *ids);
		ids[nids++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	for (i = 0; i < nids; i++) {
		int64_t units;

		if ((rc = load_order(ctx->db, ids[i], &l)) != 0) {
			if (rc < 0)
				goto dberr;
			continue;
		}
		units = returnable_units(&l);
		if (units > 0)
			json_array_append_new(orders, json_pack("{s:I,s:s,s:I,s:s,s:I,s:I}", "id",
			    (json_int_t)l.id, "number", l.number, "placed_at", (json_int_t)l.placed,
			    "currency", l.currency, "total", (json_int_t)l.total, "returnable",
			    (json_int_t)units));
		if ((want != 0 && l.id == want) || (want == 0 && l.id == linked && units > 0)) {
			returns_calc_window(l.placed, l.fulfilled, l.delivered, now,
			    window_days(ctx), &w);
			json_decref(chosen);
			chosen = order_json(&l, &w, window_days(ctx));
		}
		loaded_free(&l);
	}
	if (want != 0 && json_is_null(chosen)) {
		op_error_set(err, OP_E_NOT_FOUND, _("order %lld is not one of this customer's"),
		    (long long)want);
		goto fail;
	}
	json_object_set_new(res, "orders", orders);
	json_object_set_new(res, "order", chosen);
	free(ids);
	return res;
dberr:
	op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
fail:
	free(ids);
	json_decref(orders);
	json_decref(chosen);
	json_decref(res);
	return NULL;
}

static json_t *
catalog_variants(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *sku = op_str(params, "sku", "");
	json_t *list = json_array(), *res;
	sqlite3_stmt *st = db_stmt(ctx->db, SQL_VARIANTS);
	const char *title = NULL;
	char *t = NULL;

	if (st == NULL) {
		json_decref(list);
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		return NULL;
	}
	sqlite3_bind_text(st, 1, sku, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (t == NULL)
			t = xstrdup(db_col_text(st, 1));
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:I,s:s}", "sku",
		    db_col_text(st, 0), "title", db_col_text(st, 1), "variant", db_col_text(st, 2),
		    "unit_price", (json_int_t)sqlite3_column_int64(st, 3), "currency",
		    db_col_text(st, 4)));
	}
	db_done(st);
	title = t != NULL ? t : "";
	res = json_pack("{s:s,s:s,s:o}", "sku", sku, "title", title, "variants", list);
	free(t);
	return res;
}

/* --- what a return is worth ------------------------------------------------ */

struct ask {
	struct loaded l;
	struct returns_order o;
	struct returns_request rq;
	struct returns_policy p;
	struct returns_money m;
	struct returns_window w;
	struct returns_error e;
	char **note;          /* per line */
	char *exchange_sku, *replacement_title, *replacement_variant;
	int calc_rc;
};

static void
ask_free(struct ask *a)
{
	size_t i;

	for (i = 0; i < a->l.n && a->note != NULL; i++)
		free(a->note[i]);
	free(a->note);
	free(a->exchange_sku);
	free(a->replacement_title);
	free(a->replacement_variant);
	loaded_free(&a->l);
}

/* Loads the order, applies the requested items and computes. 0 (the
 * calculator's verdict in a->calc_rc / a->e), or -1 with err for a request
 * that cannot be understood. */
static int
ask_prepare(struct op_ctx *ctx, json_t *params, struct ask *a, struct op_error *err)
{
	json_t *items = json_object_get(params, "items"), *it;
	const char *res = op_str(params, "resolution", "refund");
	const char *xsku = op_str(params, "exchange_sku", NULL);
	enum returns_resolution rs;
	int64_t units = 0;
	size_t i, k;
	int rc;

	memset(a, 0, sizeof *a);
	if ((rc = load_order(ctx->db, op_int(params, "order", 0), &a->l)) != 0) {
		if (rc < 0)
			op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		else
			op_error_set(err, OP_E_NOT_FOUND, _("no order %lld"),
			    (long long)op_int(params, "order", 0));
		return -1;
	}
	if (returns_calc_resolution_from_name(res, &rs) != 0) {
		op_error_set(err, OP_E_INVALID, _("resolution must be refund, credit or exchange, "
		    "not '%s'"), res);
		return -1;
	}
	if (!json_is_array(items) || json_array_size(items) > MAX_ITEMS) {
		op_error_set(err, OP_E_INVALID, "%s", _("items must be a list of {item, qty, "
		    "reason}"));
		return -1;
	}
	a->note = xcalloc(a->l.n + 1, sizeof *a->note);
	json_array_foreach(items, i, it) {
		json_t *q = json_object_get(it, "qty");
		const char *reason = op_str(it, "reason", "");
		int64_t id = op_int(it, "item", 0);
		enum returns_reason r;

		for (k = 0; k < a->l.n; k++)
			if (a->l.item[k] == id)
				break;
		if (k == a->l.n) {
			op_error_set(err, OP_E_INVALID, _("item %lld is not a line of order %s"),
			    (long long)id, a->l.number);
			return -1;
		}
		if (a->l.line[k].return_qty != 0) {
			op_error_set(err, OP_E_INVALID, _("item %lld is listed twice"), (long long)id);
			return -1;
		}
		if (!json_is_integer(q) || json_integer_value(q) < 1 ||
		    json_integer_value(q) > RETURNS_QTY_MAX) {
			op_error_set(err, OP_E_INVALID, _("the quantity of item %lld must be a whole "
			    "number from 1"), (long long)id);
			return -1;
		}
		if (returns_calc_reason_from_name(reason, &r) != 0) {
			op_error_set(err, OP_E_INVALID, _("'%s' is not a return reason (defective, "
			    "not_as_described, wrong_item, unwanted, too_small, too_large, style, "
			    "colour, other)"), reason);
			return -1;
		}
		if (strlen(op_str(it, "note", "")) > 2000) {
			op_error_set(err, OP_E_INVALID, _("the note of item %lld is too long"),
			    (long long)id);
			return -1;
		}
		a->l.line[k].return_qty = json_integer_value(q);
		a->l.line[k].reason = r;
		a->note[k] = xstrdup(op_str(it, "note", ""));
		units += json_integer_value(q);
	}
	fill_order(&a->l, &a->o);
	policy_for(ctx, &a->l, &a->p);
	a->rq.resolution = rs;
	if (rs == RET_RES_EXCHANGE && xsku != NULL && xsku[0] != '\0') {
		sqlite3_stmt *st = db_stmt(ctx->db, SQL_SKU_PRICE);

		if (st == NULL) {
			op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
			return -1;
		}
		sqlite3_bind_text(st, 1, xsku, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, a->l.currency, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (strcmp(db_col_text(st, 1), a->l.currency) != 0)
				rc = SQLITE_MISMATCH;
			a->rq.replacement_price = sqlite3_column_int64(st, 0);
			a->replacement_title = xstrdup(db_col_text(st, 2));
			a->replacement_variant = xstrdup(db_col_text(st, 3));
		}
		db_done(st);
		if (rc != SQLITE_ROW) {
			op_error_set(err, OP_E_NOT_FOUND, rc == SQLITE_MISMATCH ?
			    _("SKU %s is not sold in %s, so it cannot replace this order's items") :
			    _("no product with SKU %s has been sold"), xsku, a->l.currency);
			return -1;
		}
		a->exchange_sku = xstrdup(xsku);
		a->rq.replacement_qty = units > 0 ? units : 1;
	}
	returns_calc_window(a->l.placed, a->l.fulfilled, a->l.delivered, clock_now(),
	    window_days(ctx), &a->w);
	a->calc_rc = returns_calc_money(&a->o, &a->rq, &a->p, &a->m, &a->e);
	return 0;
}

static const char *
error_line(const struct returns_error *e, char *buf, size_t n)
{
	return returns_calc_error_text(e, buf, n);
}

static json_t *
return_quote(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	struct ask a;
	char line[512];
	json_t *res;
	int64_t payout;

	if (ask_prepare(ctx, params, &a, err) != 0) {
		ask_free(&a);
		return NULL;
	}
	payout = a.m.refund + a.m.credit;
	res = json_pack("{s:s,s:o,s:o,s:b,s:n,s:n}", "currency", a.l.currency, "money",
	    money_json(&a.m), "window", window_json(&a.w, window_days(ctx)), "needs_lead",
	    a.calc_rc == 0 && a.p.lead_above >= 0 && payout > a.p.lead_above, "error",
	    "error_code");
	if (a.calc_rc != 0) {
		json_object_set_new(res, "error", json_string(error_line(&a.e, line, sizeof line)));
		json_object_set_new(res, "error_code", json_string(returns_calc_error_code(a.e.code)));
	} else if (a.w.state == RET_WINDOW_EXPIRED &&
	    (op_str(params, "override_reason", NULL) == NULL ||
	    strspn(op_str(params, "override_reason", ""), " \t") ==
	    strlen(op_str(params, "override_reason", "")))) {
		char *m = xasprintf(ngettext("the return window of %ld days ended %lld day ago; a "
		    "lead can accept it with a reason", "the return window of %ld days ended %lld "
		    "days ago; a lead can accept it with a reason", (unsigned long)a.w.days_over),
		    window_days(ctx), (long long)a.w.days_over);

		json_object_set_new(res, "error", json_string(m));
		json_object_set_new(res, "error_code", json_string("window_expired"));
		free(m);
	}
	ask_free(&a);
	return res;
}

/* --- telling the customer ----------------------------------------------------- */

/* Queues template name (with the return's values) to the ticket's customer,
 * or, when no account can send mail, keeps it as an internal note that says
 * so. NULL only on a database error (err set). */
static json_t *
tell_customer(struct op_ctx *ctx, int64_t ticket, int64_t ret, const char *name,
    struct op_error *err)
{
	char *why = NULL, *body = NULL, *tpl = NULL, *used = NULL;
	const char *addr = ctx->cfg != NULL ? ctx->cfg->returns.address : NULL;
	json_t *tc, *res;
	struct op_error e2 = { 0 };

	if (ticket == 0)
		return json_null();
	tc = template_context(ctx->db, ticket, 0, ctx->caller->login, &why);
	if (tc == NULL || template_add_return(ctx->db, tc, ret, addr, &why) != 0 ||
	    (tpl = template_load(name, json_string_value(json_object_get(tc, "locale")), &used,
	    &why)) == NULL || template_render(name, tpl, tc, &body, &why) != 0) {
		char *note = xasprintf(_("The customer was not told (template %s: %s)."), name,
		    why != NULL ? why : "?");

		res = reply_write(ctx, ticket, note, NULL, 1, 0, err);
		free(note);
		goto out;
	}
	res = reply_write(ctx, ticket, body, NULL, 0, 0, &e2);
	if (res == NULL && e2.code != NULL && strcmp(e2.code, OP_E_DB) != 0) {
		/* nothing can send mail: keep the text for the agent to pass on */
		char *note = xasprintf(_("Not sent (%s):\n\n%s"), e2.message, body);

		res = reply_write(ctx, ticket, note, NULL, 1, 0, err);
		free(note);
	} else if (res == NULL) {
		op_error_set(err, e2.code, "%s", e2.message);
	}
	op_error_clear(&e2);
out:
	json_decref(tc);
	free(why);
	free(body);
	free(tpl);
	free(used);
	return res;
}

static int
timeline(struct op_ctx *ctx, int64_t ticket, struct op_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An internal note on the ticket: the return's step in its timeline. */
static int
timeline(struct op_ctx *ctx, int64_t ticket, struct op_error *err, const char *fmt, ...)
{
	va_list ap;
	char *m;
	json_t *r;

	if (ticket == 0)
		return 0;
	va_start(ap, fmt);
	m = xvasprintf(fmt, ap);
	va_end(ap);
	r = reply_write(ctx, ticket, m, NULL, 1, 0, err);
	free(m);
	json_decref(r);
	return r != NULL ? 0 : -1;
}

/* --- return.create ------------------------------------------------------------ */

static int
next_rma(struct db *db, int64_t now, char *out, size_t n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_RMA_LAST);
	time_t t = (time_t)now;
	struct tm tm;
	char like[32];
	int64_t last = 10000;

	gmtime_r(&t, &tm);
	snprintf(like, sizeof like, "RMA-%04d-%%", tm.tm_year + 1900);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, like, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		last = sqlite3_column_int64(st, 0);
	db_done(st);
	if (last < 10000 || last > 99999998)
		last = last < 10000 ? 10000 : 99999998;
	snprintf(out, n, "RMA-%04d-%05d", (tm.tm_year + 1900) % 10000, (int)(last + 1));
	return 0;
}

static json_t *
return_create(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t ticket = op_int(params, "ticket", 0), now = clock_now(), customer = 0, linked = 0;
	int64_t id, payout;
	const char *override = op_str(params, "override_reason", NULL);
	const char *note = op_str(params, "note", "");
	struct returns_error ae;
	struct ask a;
	sqlite3_stmt *st;
	json_t *res = NULL, *msg = NULL, *detail, *order_param = NULL;
	char rma[48], line[512], *items_text = NULL, *amount = NULL;
	struct buf b;
	int approved, rc;
	size_t i;

	memset(&a, 0, sizeof a);
	if (db_begin(ctx->db) != 0) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		return NULL;
	}
	if ((st = db_stmt(ctx->db, SQL_TICKET)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, ticket);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		customer = sqlite3_column_int64(st, 0);
		linked = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			goto dberr;
		op_error_set(err, OP_E_NOT_FOUND, _("no ticket #%lld"), (long long)ticket);
		goto fail;
	}
	if (op_int(params, "order", 0) == 0) {
		if (linked == 0) {
			op_error_set(err, OP_E_INVALID, _("ticket #%lld has no linked order: give "
			    "the order"), (long long)ticket);
			goto fail;
		}
		order_param = json_deep_copy(params);
		json_object_set_new(order_param, "order", json_integer(linked));
		params = order_param;
	}
	if (ask_prepare(ctx, params, &a, err) != 0)
		goto fail;
	if (a.l.customer != customer) {
		op_error_set(err, OP_E_CONFLICT, _("order %s is not the customer's of ticket #%lld"),
		    a.l.number, (long long)ticket);
		goto fail;
	}
	if (a.calc_rc != 0) {
		op_error_set(err, a.e.code == RET_E_INVALID || a.e.code == RET_E_NO_ITEMS ||
		    a.e.code == RET_E_NO_REPLACEMENT ? OP_E_INVALID : OP_E_CONFLICT, "%s",
		    error_line(&a.e, line, sizeof line));
		goto fail;
	}
	if (a.w.state == RET_WINDOW_EXPIRED) {
		if (override == NULL) {
			op_error_set(err, OP_E_CONFLICT, ngettext("the return window of %ld days ended "
			    "%lld day ago; a lead can accept it with a reason (override_reason)",
			    "the return window of %ld days ended %lld days ago; a lead can accept it "
			    "with a reason (override_reason)", (unsigned long)a.w.days_over),
			    window_days(ctx), (long long)a.w.days_over);
			goto fail;
		}
		if (returns_calc_override(ctx->caller, override, &ae) != 0) {
			op_error_set(err, ae.code == RET_E_ROLE ? OP_E_FORBIDDEN : OP_E_INVALID, "%s",
			    error_line(&ae, line, sizeof line));
			goto fail;
		}
	} else {
		override = NULL;
	}
	payout = a.m.refund + a.m.credit;
	/* within what the creator may approve, it is approved at once */
	approved = returns_calc_authorize(RET_ACT_APPROVE, payout, &a.p, ctx->caller,
	    ctx->caller->agent_id, &ae) == 0;
	if (next_rma(ctx->db, now, rma, sizeof rma) != 0 ||
	    (st = db_stmt(ctx->db, SQL_RETURN_NEW)) == NULL)
		goto dberr;
	{
		json_t *bd = money_json(&a.m);
		char *bds = json_dumps(bd, JSON_COMPACT);

		sqlite3_bind_text(st, 1, rma, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, a.l.id);
		sqlite3_bind_int64(st, 3, customer);
		sqlite3_bind_int64(st, 4, ticket);
		sqlite3_bind_text(st, 5, a.rq.resolution == RET_RES_EXCHANGE ? "exchange" : "return",
		    -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, approved ? "approved" : "requested", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, returns_calc_resolution_name(a.rq.resolution), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 8, a.l.currency, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, a.m.refund);
		sqlite3_bind_int64(st, 10, a.m.credit);
		sqlite3_bind_int64(st, 11, a.m.restocking_fee);
		sqlite3_bind_int64(st, 12, a.m.return_shipping);
		sqlite3_bind_text(st, 13, note, -1, SQLITE_STATIC);
		if (ctx->caller->agent_id != 0)
			sqlite3_bind_int64(st, 14, ctx->caller->agent_id);
		if (approved && ctx->caller->agent_id != 0)
			sqlite3_bind_int64(st, 15, ctx->caller->agent_id);
		sqlite3_bind_int64(st, 16, now);
		sqlite3_bind_int64(st, 17, a.m.value);
		sqlite3_bind_int64(st, 18, a.m.charge);
		sqlite3_bind_text(st, 19, bds, -1, SQLITE_TRANSIENT);
		db_bind_text_or_null(st, 20, override);
		free(bds);
		json_decref(bd);
	}
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto dberr;
	id = sqlite3_last_insert_rowid(db_handle(ctx->db));
	buf_init(&b, 8192);
	for (i = 0; i < a.l.n; i++) {
		if (a.l.line[i].return_qty == 0)
			continue;
		if ((st = db_stmt(ctx->db, SQL_RETURN_ITEM_NEW)) == NULL) {
			buf_free(&b);
			goto dberr;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, a.l.item[i]);
		sqlite3_bind_int64(st, 3, a.l.line[i].return_qty);
		sqlite3_bind_text(st, 4, returns_calc_reason_name(a.l.line[i].reason), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 5, a.note[i] != NULL ? a.note[i] : "", -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 6, a.exchange_sku);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE) {
			buf_free(&b);
			goto dberr;
		}
		buf_addf(&b, "%s%lld x %s (%s)", b.len > 0 ? ", " : "",
		    (long long)a.l.line[i].return_qty, a.l.title[i],
		    label_for(returns_calc_reason_name(a.l.line[i].reason)));
	}
	items_text = xstrdup(buf_str(&b));
	buf_free(&b);
	amount = format_money(a.rq.resolution == RET_RES_CREDIT ? a.m.credit :
	    a.rq.resolution == RET_RES_EXCHANGE ? a.m.charge : a.m.refund, a.l.currency);
	if (timeline(ctx, ticket, err, approved ?
	    _("Return %s opened and approved by %s: %s; %s %s.") :
	    _("Return %s requested by %s: %s; %s %s. It needs a lead's approval."), rma,
	    ctx->caller->login, items_text, a.rq.resolution == RET_RES_CREDIT ?
	    _("store credit") : a.rq.resolution == RET_RES_EXCHANGE ? _("to pay on top") :
	    _("refund"), amount) != 0)
		goto fail;
	if (approved && (msg = tell_customer(ctx, ticket, id, "return-instructions", err)) == NULL)
		goto fail;
	detail = json_pack("{s:s,s:I,s:s,s:I,s:s?}", "rma", rma, "order", (json_int_t)a.l.id,
	    "resolution", returns_calc_resolution_name(a.rq.resolution), "value",
	    (json_int_t)a.m.value, "override_reason", override);
	rc = audit_log(ctx->db, ctx->caller, "return.create", "return", id, detail);
	json_decref(detail);
	if (rc != 0 || db_commit(ctx->db) != 0)
		goto dberr;
	res = json_pack("{s:I,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)id, "rma", rma, "status",
	    approved ? "approved" : "requested", "currency", a.l.currency, "money",
	    money_json(&a.m), "message", msg != NULL ? msg : json_null());
	goto out;
dberr:
	op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
fail:
	json_decref(msg);
	db_rollback(ctx->db);
out:
	json_decref(order_param);
	free(items_text);
	free(amount);
	ask_free(&a);
	return res;
}

/* --- return.list, return.show ------------------------------------------------ */

static json_t *
list_row(sqlite3_stmt *st, int64_t now)
{
	int64_t created = sqlite3_column_int64(st, 10);

	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:{s:I,s:s,s:s},s:s,s:o,s:I,s:I,s:I,s:I,s:I,"
	    "s:I,s:s,s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0), "rma",
	    db_col_text(st, 1), "status", db_col_text(st, 2), "kind", db_col_text(st, 3),
	    "resolution", db_col_text(st, 4), "customer", "id",
	    (json_int_t)sqlite3_column_int64(st, 5), "name", db_col_text(st, 6), "email",
	    db_col_text(st, 7), "order", db_col_text(st, 8), "ticket",
	    sqlite3_column_type(st, 9) == SQLITE_NULL ? json_null() :
	    json_integer(sqlite3_column_int64(st, 9)), "created_at", (json_int_t)created,
	    "updated_at", (json_int_t)sqlite3_column_int64(st, 11), "age_days",
	    (json_int_t)(now > created ? (now - created) / 86400 : 0), "value",
	    (json_int_t)sqlite3_column_int64(st, 12), "refund",
	    (json_int_t)sqlite3_column_int64(st, 13), "credit",
	    (json_int_t)sqlite3_column_int64(st, 14), "currency", db_col_text(st, 15),
	    "shop_state", db_col_text(st, 16));
}

static json_t *
return_list(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *status = op_str(params, "status", NULL);
	enum returns_status s;
	sqlite3_stmt *st;
	json_t *list = json_array();
	int64_t now = clock_now();

	if (status != NULL && returns_calc_status_from_name(status, &s) != 0) {
		json_decref(list);
		op_error_set(err, OP_E_INVALID, _("'%s' is not a return state"), status);
		return NULL;
	}
	if ((st = db_stmt(ctx->db, SQL_RETURN_LIST)) == NULL) {
		json_decref(list);
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		return NULL;
	}
	db_bind_text_or_null(st, 1, status);
	sqlite3_bind_int(st, 2, op_bool(params, "open", 0));
	sqlite3_bind_int64(st, 3, op_int(params, "limit", 500));
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, list_row(st, now));
	db_done(st);
	return json_pack("{s:o}", "returns", list);
}

static const char SQL_RETURN_ROW[] =
	"SELECT r.id, r.rma, r.status, r.kind, r.resolution, c.id, c.name, c.email, o.number,"
	" r.ticket_id, r.created_at, r.updated_at, r.value, r.refund_amount, r.credit_amount,"
	" r.currency, r.shop_state, r.note, r.override_reason, r.breakdown, r.charge,"
	" r.restocking_fee, r.shipping_fee, r.order_id, r.shop_ref, r.shop_error"
	" FROM returns r JOIN orders o ON o.id = r.order_id JOIN customers c ON c.id = r.customer_id"
	" WHERE r.rma = upper(?1)";

static json_t *
return_show(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *rma = op_str(params, "rma", "");
	sqlite3_stmt *st = db_stmt(ctx->db, SQL_RETURN_ROW);
	json_t *r = NULL, *items, *hist;
	int64_t id = 0;
	int rc;

	if (st == NULL)
		goto dberr;
	sqlite3_bind_text(st, 1, rma, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_error_t je;
		json_t *bd = json_loads(db_col_text(st, 19), 0, &je);

		r = list_row(st, clock_now());
		id = sqlite3_column_int64(st, 0);
		json_object_set_new(r, "note", json_string(db_col_text(st, 17)));
		json_object_set_new(r, "override_reason", sqlite3_column_type(st, 18) == SQLITE_NULL ?
		    json_null() : json_string(db_col_text(st, 18)));
		json_object_set_new(r, "breakdown", bd != NULL ? bd : json_object());
		json_object_set_new(r, "charge", json_integer(sqlite3_column_int64(st, 20)));
		json_object_set_new(r, "order_id", json_integer(sqlite3_column_int64(st, 23)));
		json_object_set_new(r, "shop_ref", sqlite3_column_type(st, 24) == SQLITE_NULL ?
		    json_null() : json_string(db_col_text(st, 24)));
		json_object_set_new(r, "shop_error", sqlite3_column_type(st, 25) == SQLITE_NULL ?
		    json_null() : json_string(db_col_text(st, 25)));
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			goto dberr;
		op_error_set(err, OP_E_NOT_FOUND, _("no return %s"), rma);
		return NULL;
	}
	items = json_array();
	json_object_set_new(r, "items", items);
	if ((st = db_stmt(ctx->db, SQL_RETURN_ITEMS)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:o,s:o,s:o}",
		    "item", (json_int_t)sqlite3_column_int64(st, 0), "sku", db_col_text(st, 1),
		    "title", db_col_text(st, 2), "variant", db_col_text(st, 3), "qty",
		    (json_int_t)sqlite3_column_int64(st, 4), "reason", db_col_text(st, 5), "note",
		    db_col_text(st, 6), "condition", sqlite3_column_type(st, 7) == SQLITE_NULL ?
		    json_null() : json_string(db_col_text(st, 7)), "restock",
		    sqlite3_column_type(st, 8) == SQLITE_NULL ? json_null() :
		    json_boolean(sqlite3_column_int(st, 8)), "exchange_sku",
		    sqlite3_column_type(st, 9) == SQLITE_NULL ? json_null() :
		    json_string(db_col_text(st, 9))));
	db_done(st);
	hist = json_array();
	if ((st = db_stmt(ctx->db, SQL_HISTORY)) == NULL) {
		json_decref(hist);
		goto dberr;
	}
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_error_t je;
		json_t *d = json_loads(db_col_text(st, 3), 0, &je);

		/* audit_log keeps {"by": LOGIN, "detail": {...}} */
		json_t *inner = json_incref(json_object_get(d, "detail"));
		const char *by = db_col_text(st, 2)[0] != '\0' ? db_col_text(st, 2) :
		    json_string_value(json_object_get(d, "by"));

		json_array_append_new(hist, json_pack("{s:I,s:s,s:s,s:o}", "at",
		    (json_int_t)sqlite3_column_int64(st, 0), "action", db_col_text(st, 1), "by",
		    by != NULL ? by : "", "detail", json_is_object(inner) ? inner : json_object()));
		if (!json_is_object(inner))
			json_decref(inner);
		json_decref(d);
	}
	db_done(st);
	return json_pack("{s:o,s:o}", "return", r, "history", hist);
dberr:
	json_decref(r);
	op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
	return NULL;
}

/* --- return.act ------------------------------------------------------------------ */

struct ret_row {
	int64_t id, order, customer, ticket, created_by, value, refund, credit, charge;
	char rma[48], status[16], resolution[16], currency[8], number[64];
};

static int
get_return(struct db *db, const char *rma, struct ret_row *r)
{
	sqlite3_stmt *st = db_stmt(db, SQL_RETURN_GET);
	int rc;

	memset(r, 0, sizeof *r);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, rma, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		snprintf(r->rma, sizeof r->rma, "%s", db_col_text(st, 1));
		r->order = sqlite3_column_int64(st, 2);
		r->customer = sqlite3_column_int64(st, 3);
		r->ticket = sqlite3_column_int64(st, 4);
		snprintf(r->status, sizeof r->status, "%s", db_col_text(st, 6));
		snprintf(r->resolution, sizeof r->resolution, "%s", db_col_text(st, 7));
		snprintf(r->currency, sizeof r->currency, "%s", db_col_text(st, 8));
		r->refund = sqlite3_column_int64(st, 9);
		r->credit = sqlite3_column_int64(st, 10);
		r->value = sqlite3_column_int64(st, 11);
		r->charge = sqlite3_column_int64(st, 12);
		r->created_by = sqlite3_column_int64(st, 13);
		snprintf(r->number, sizeof r->number, "%s", db_col_text(st, 21));
	}
	db_done(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static int
exec1(struct db *db, const char *sql, int64_t a, int64_t b, int64_t c)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (c != INT64_MIN)
		sqlite3_bind_int64(st, 3, c);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? sqlite3_changes(db_handle(db)) : -1;
}

/* The receiving of the parcel: condition and restock per item. */
static int
record_receipt(struct op_ctx *ctx, const struct ret_row *r, json_t *items, struct op_error *err)
{
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it) {
		sqlite3_stmt *st = db_stmt(ctx->db, SQL_RECEIVE_ITEM);
		int rc;

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, op_int(it, "item", 0));
		sqlite3_bind_text(st, 3, op_str(it, "condition", ""), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, op_bool(it, "restock", 1));
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		if (sqlite3_changes(db_handle(ctx->db)) == 0) {
			op_error_set(err, OP_E_INVALID, _("item %lld is not in return %s"),
			    (long long)op_int(it, "item", 0), r->rma);
			return 1;
		}
	}
	return exec1(ctx->db, SQL_RECEIVE_DEFAULT, r->id, 0, INT64_MIN) < 0 ? -1 : 0;
}

/* The money leaves: units back on the order, its refunded amount up (never
 * past what was paid), points clawed back; an exchange records its
 * replacement order. 0, 1 (err set) or -1. */
static int
settle_money(struct op_ctx *ctx, const struct ret_row *r, int64_t now, struct op_error *err)
{
	int rc;

	if (exec1(ctx->db, SQL_ITEMS_BACK, r->id, 0, INT64_MIN) < 0)
		return -1;
	if (r->value > 0) {
		if ((rc = exec1(ctx->db, SQL_ORDER_REFUND, r->order, r->value, now)) < 0)
			return -1;
		if (rc == 0) {
			op_error_set(err, OP_E_CONFLICT, _("order %s has too little left of its "
			    "payment for return %s: nothing is refunded twice"), r->number, r->rma);
			return 1;
		}
	}
	if (strcmp(r->resolution, "exchange") == 0) {
		sqlite3_stmt *st = db_stmt(ctx->db, SQL_REPLACEMENT), *q;
		int64_t repl;

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, r->order);
		sqlite3_bind_text(st, 2, r->rma + 9, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, now);
		sqlite3_bind_int64(st, 4, r->charge);
		sqlite3_bind_int64(st, 5, r->charge);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		repl = sqlite3_last_insert_rowid(db_handle(ctx->db));
		/* the replacement's lines: the exchange SKU for each unit returned */
		if ((q = db_stmt(ctx->db, "SELECT ri.exchange_sku, sum(ri.qty),"
		    " (SELECT i.title FROM order_items i WHERE i.sku = ri.exchange_sku ORDER BY i.id DESC"
		    "  LIMIT 1), (SELECT i.variant FROM order_items i WHERE i.sku = ri.exchange_sku"
		    "  ORDER BY i.id DESC LIMIT 1), (SELECT i.unit_price FROM order_items i"
		    "  WHERE i.sku = ri.exchange_sku ORDER BY i.id DESC LIMIT 1)"
		    " FROM return_items ri WHERE ri.return_id = ?1 AND ri.exchange_sku IS NOT NULL"
		    " GROUP BY ri.exchange_sku")) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, r->id);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			sqlite3_stmt *ins = db_stmt(ctx->db, SQL_REPLACEMENT_ITEM);

			if (ins == NULL)
				break;
			sqlite3_bind_int64(ins, 1, repl);
			sqlite3_bind_text(ins, 2, db_col_text(q, 0), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 3, db_col_text(q, 2), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 4, db_col_text(q, 3), -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(ins, 5, sqlite3_column_int64(q, 1));
			sqlite3_bind_int64(ins, 6, sqlite3_column_int64(q, 4));
			rc = sqlite3_step(ins);
			db_done(ins);
			if (rc != SQLITE_DONE)
				break;
			rc = SQLITE_ROW;
		}
		db_done(q);
		if (rc != SQLITE_DONE)
			return -1;
		if (exec1(ctx->db, SQL_SET_REPLACEMENT, r->id, repl, INT64_MIN) < 0)
			return -1;
	}
	return loyalty_settle(ctx->db, r->customer, r->order, now) != 0 ? -1 : 0;
}

static json_t *
return_act(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *rma = op_str(params, "rma", ""), *act = op_str(params, "action", "");
	const char *note = op_str(params, "note", "");
	int64_t now = clock_now();
	enum returns_action a;
	enum returns_status from, to;
	enum returns_resolution res;
	struct returns_policy p;
	struct returns_error e;
	struct loaded l;
	struct ret_row r;
	json_t *msg = NULL, *detail, *out = NULL;
	const char *tpl = NULL;
	char line[512];
	int rc;

	if (returns_calc_action_from_name(act, &a) != 0) {
		op_error_set(err, OP_E_INVALID, _("'%s' is not a step of a return (approve, "
		    "label_sent, receive, refund, credit, exchange, reject, cancel, close)"), act);
		return NULL;
	}
	if (db_begin(ctx->db) != 0) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		return NULL;
	}
	if ((rc = get_return(ctx->db, rma, &r)) != 0) {
		if (rc < 0)
			goto dberr;
		op_error_set(err, OP_E_NOT_FOUND, _("no return %s"), rma);
		goto fail;
	}
	if (returns_calc_status_from_name(r.status, &from) != 0 ||
	    returns_calc_resolution_from_name(r.resolution, &res) != 0) {
		op_error_set(err, OP_E_INTERNAL, _("return %s has an unknown state"), r.rma);
		goto fail;
	}
	if (returns_calc_apply(from, a, res, &to, &e) != 0) {
		op_error_set(err, OP_E_CONFLICT, _("return %s is %s: %s"), r.rma, label_for(r.status),
		    error_line(&e, line, sizeof line));
		goto fail;
	}
	memset(&l, 0, sizeof l);
	snprintf(l.currency, sizeof l.currency, "%s", r.currency);
	policy_for(ctx, &l, &p);
	if (returns_calc_authorize(a, r.refund + r.credit, &p, ctx->caller, r.created_by, &e) != 0) {
		op_error_set(err, e.code == RET_E_INVALID ? OP_E_INVALID : OP_E_FORBIDDEN, "%s",
		    error_line(&e, line, sizeof line));
		goto fail;
	}
	switch (a) {
	case RET_ACT_APPROVE:
		tpl = "return-instructions";
		break;
	case RET_ACT_RECEIVE:
		if ((rc = record_receipt(ctx, &r, json_object_get(params, "items"), err)) != 0) {
			if (rc < 0)
				goto dberr;
			goto fail;
		}
		tpl = "return-received";
		break;
	case RET_ACT_REFUND:
	case RET_ACT_CREDIT:
	case RET_ACT_EXCHANGE:
		if ((rc = settle_money(ctx, &r, now, err)) != 0) {
			if (rc < 0)
				goto dberr;
			goto fail;
		}
		/* the shop is told later (push_returns), or by hand */
		if (store_push_mark(ctx->db, ctx->cfg, r.id) != 0)
			goto dberr;
		tpl = a == RET_ACT_EXCHANGE ? "exchange-shipped" : "refund-issued";
		break;
	default:
		break;
	}
	{
		sqlite3_stmt *st = db_stmt(ctx->db, SQL_STATUS_SET);

		if (st == NULL)
			goto dberr;
		sqlite3_bind_int64(st, 1, r.id);
		sqlite3_bind_text(st, 2, returns_calc_status_name(to), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, now);
		sqlite3_bind_int64(st, 4, a == RET_ACT_APPROVE ? ctx->caller->agent_id : 0);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			goto dberr;
	}
	if (timeline(ctx, r.ticket, err, note[0] != '\0' ? _("Return %s: %s by %s (%s).") :
	    _("Return %s: %s by %s.%s"), r.rma, label_for(returns_calc_status_name(to)),
	    ctx->caller->login, note) != 0)
		goto fail;
	if (tpl != NULL && (msg = tell_customer(ctx, r.ticket, r.id, tpl, err)) == NULL)
		goto fail;
	detail = json_pack("{s:s,s:s,s:s,s:s}", "action", act, "from", r.status, "to",
	    returns_calc_status_name(to), "note", note);
	rc = audit_log(ctx->db, ctx->caller, "return.act", "return", r.id, detail);
	json_decref(detail);
	if (rc != 0 || db_commit(ctx->db) != 0)
		goto dberr;
	out = json_pack("{s:s,s:s,s:o}", "rma", r.rma, "status", returns_calc_status_name(to),
	    "message", msg != NULL ? msg : json_null());
	return out;
dberr:
	op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
fail:
	json_decref(msg);
	db_rollback(ctx->db);
	return NULL;
}

/* --- the table ------------------------------------------------------------------ */

static const struct op_param options_params[] = {
	{ "ticket", OP_INT, 1, 0, 1, INT64_MAX },
	{ "order", OP_INT, 0, 0, 1, INT64_MAX },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_return_options = {
	"return.options", ROLE_AGENT, options_params, return_options,
	N_("what of a ticket's orders can still be returned"), 0,
};

static const struct op_param variants_params[] = {
	{ "sku", OP_STRING, 1, 200, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_catalog_variants = {
	"catalog.variants", ROLE_AGENT, variants_params, catalog_variants,
	N_("the other variants of a product, to exchange for"), 0,
};

static const struct op_param quote_params[] = {
	{ "order", OP_INT, 1, 0, 1, INT64_MAX },
	{ "items", OP_LIST, 1, MAX_ITEMS, 0, 0 },
	{ "resolution", OP_STRING, 0, 16, 0, 0 },
	{ "exchange_sku", OP_STRING, 0, 200, 0, 0 },
	{ "override_reason", OP_STRING, 0, 500, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_return_quote = {
	"return.quote", ROLE_AGENT, quote_params, return_quote,
	N_("what a return of some items would be worth, and why"), 0,
};

static const struct op_param create_params[] = {
	{ "ticket", OP_INT, 1, 0, 1, INT64_MAX },
	{ "order", OP_INT, 0, 0, 1, INT64_MAX },
	{ "items", OP_LIST, 1, MAX_ITEMS, 0, 0 },
	{ "resolution", OP_STRING, 1, 16, 0, 0 },
	{ "exchange_sku", OP_STRING, 0, 200, 0, 0 },
	{ "note", OP_STRING, 0, 2000, 0, 0 },
	{ "override_reason", OP_STRING, 0, 500, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_return_create = {
	"return.create", ROLE_AGENT, create_params, return_create,
	N_("open a return or an exchange for items of a ticket's order"), OP_WRITES,
};

static const struct op_param list_params[] = {
	{ "status", OP_STRING, 0, 16, 0, 0 },
	{ "open", OP_BOOL, 0, 0, 0, 0 },
	{ "limit", OP_INT, 0, 0, 1, 5000 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_return_list = {
	"return.list", ROLE_AGENT, list_params, return_list,
	N_("list returns by state and age"), 0,
};

static const struct op_param show_params[] = {
	{ "rma", OP_STRING, 1, 32, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_return_show = {
	"return.show", ROLE_AGENT, show_params, return_show,
	N_("show a return with its items, money and history"), 0,
};

static const struct op_param act_params[] = {
	{ "rma", OP_STRING, 1, 32, 0, 0 },
	{ "action", OP_STRING, 1, 16, 0, 0 },
	{ "note", OP_STRING, 0, 2000, 0, 0 },
	{ "items", OP_LIST, 0, MAX_ITEMS, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_return_act = {
	"return.act", ROLE_AGENT, act_params, return_act,
	N_("take a return to its next step (approve, label_sent, receive, refund, credit, "
	   "exchange, reject, cancel, close)"), OP_WRITES,
};
