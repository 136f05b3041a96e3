/* customers.c: everything the sidebar and `customer show` need about one
 * customer, read in one snapshot so the numbers agree with each other. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/customers.h"
#include "core/loyalty.h"
#include "core/orders.h"
#include "core/row.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static const char SQL_FIND[] =
	"SELECT customer_id FROM customer_identities WHERE kind = ?1 AND value = ?2";
static const char SQL_FIND_EMAIL[] =
	"SELECT id FROM customers WHERE email = ?1 ORDER BY id LIMIT 1";
static const char SQL_CUSTOMER[] =
	"SELECT id, name, email, phone, locale, country, marketing_consent, erased,"
	" created_at, updated_at FROM customers WHERE id = ?1";
static const char SQL_IDENTITIES[] =
	"SELECT kind, value FROM customer_identities WHERE customer_id = ?1 ORDER BY kind, value";
static const char SQL_STATS[] =
	"SELECT count(*), coalesce(sum(total_shop - refunded_shop), 0), min(placed_at)"
	" FROM orders WHERE customer_id = ?1 AND cancelled_at IS NULL";
static const char SQL_LOYALTY[] =
	"SELECT l.tier, l.points, l.lifetime_spend, l.currency, l.referral_code,"
	" r.id, r.name, r.email FROM loyalty_accounts l"
	" LEFT JOIN customers r ON r.id = l.referred_by WHERE l.customer_id = ?1";
/* The latest changes of points, newest first. */
static const char SQL_LEDGER[] =
	"SELECT l.delta, l.reason, o.number, a.login, l.note, l.created_at FROM loyalty_ledger l"
	" LEFT JOIN orders o ON o.id = l.order_id LEFT JOIN agents a ON a.id = l.agent_id"
	" WHERE l.customer_id = ?1 ORDER BY l.created_at DESC, l.id DESC LIMIT 20";
static const char SQL_REFERRALS[] =
	"SELECT c.id, c.name, c.email FROM loyalty_accounts l JOIN customers c"
	" ON c.id = l.customer_id WHERE l.referred_by = ?1 ORDER BY c.id";
static const char SQL_RETURNS[] =
	"SELECT r.id, r.rma, r.kind, r.status, r.resolution, r.currency, r.refund_amount,"
	" r.credit_amount, r.created_at, r.updated_at, o.number, r.ticket_id"
	" FROM returns r JOIN orders o ON o.id = r.order_id"
	" WHERE r.customer_id = ?1 ORDER BY r.created_at DESC, r.id DESC";
static const char SQL_RETURN_ITEMS[] =
	"SELECT oi.sku, oi.title, oi.variant, ri.qty, ri.reason, ri.note"
	" FROM return_items ri JOIN order_items oi ON oi.id = ri.order_item_id"
	" WHERE ri.return_id = ?1 ORDER BY ri.id";
static const char SQL_SURVEYS[] =
	"SELECT kind, score, comment, sent_at, answered_at, ticket_id, product_sku"
	" FROM surveys WHERE customer_id = ?1"
	" ORDER BY answered_at IS NULL, answered_at DESC, sent_at DESC, id DESC";
static const char SQL_CUST_TICKETS[] =
	"SELECT id, subject, status, channel, created_at, updated_at FROM tickets"
	" WHERE customer_id = ?1 ORDER BY updated_at DESC, id DESC";
static const char SQL_SEARCH[] =
	"SELECT c.id, c.name, c.email, c.phone, c.locale,"
	" (SELECT count(*) FROM orders o WHERE o.customer_id = c.id),"
	" (SELECT l.tier FROM loyalty_accounts l WHERE l.customer_id = c.id)"
	" FROM customers c WHERE c.erased = 0 AND (c.email LIKE ?1 ESCAPE '\\'"
	" OR c.name LIKE ?1 ESCAPE '\\' OR c.phone LIKE ?1 ESCAPE '\\'"
	" OR c.id IN (SELECT customer_id FROM customer_identities"
	"             WHERE value LIKE ?1 ESCAPE '\\'))"
	" ORDER BY c.name, c.id LIMIT ?2";

int
customers_find(struct db *db, const char *kind, const char *value, int64_t *id)
{
	sqlite3_stmt *st;
	char *norm = xstrdup(value);
	int rc, found = 0;
	char *p;

	if (strcmp(kind, "email") == 0)
		for (p = norm; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	if ((st = db_stmt(db, SQL_FIND)) == NULL)
		goto out;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, norm, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		found = 1;
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		found = -1;
	if (found == 0 && strcmp(kind, "email") == 0) {
		/* A customer row may carry an address no identity row has yet. */
		if ((st = db_stmt(db, SQL_FIND_EMAIL)) == NULL) {
			found = -1;
			goto out;
		}
		sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*id = sqlite3_column_int64(st, 0);
			found = 1;
		} else if (rc != SQLITE_DONE) {
			found = -1;
		}
		db_done(st);
	}
out:
	free(norm);
	return st == NULL ? -1 : found;
}

/* Runs a one-parameter query and appends an object per row built by fill. */
static int
rows_into(struct db *db, const char *sql, int64_t id, json_t *arr,
    void (*fill)(json_t *, sqlite3_stmt *))
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();

		fill(o, st);
		json_array_append_new(arr, o);
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
fill_identity(json_t *o, sqlite3_stmt *st)
{
	row_text(o, "kind", st, 0);
	row_text(o, "value", st, 1);
}

static void
fill_person(json_t *o, sqlite3_stmt *st)
{
	row_int(o, "id", st, 0);
	row_text(o, "name", st, 1);
	row_text(o, "email", st, 2);
}

static void
fill_ledger(json_t *o, sqlite3_stmt *st)
{
	row_int(o, "delta", st, 0);
	row_text(o, "reason", st, 1);
	row_text(o, "order", st, 2);
	row_text(o, "agent", st, 3);
	row_text(o, "note", st, 4);
	row_int(o, "at", st, 5);
}

static void
fill_return(json_t *o, sqlite3_stmt *st)
{
	row_int(o, "id", st, 0);
	row_text(o, "rma", st, 1);
	row_text(o, "kind", st, 2);
	row_text(o, "status", st, 3);
	row_text(o, "resolution", st, 4);
	row_text(o, "currency", st, 5);
	row_int(o, "refund_amount", st, 6);
	row_int(o, "credit_amount", st, 7);
	row_int(o, "created_at", st, 8);
	row_int(o, "updated_at", st, 9);
	row_text(o, "order_number", st, 10);
	row_int(o, "ticket_id", st, 11);
}

static void
fill_return_item(json_t *o, sqlite3_stmt *st)
{
	row_text(o, "sku", st, 0);
	row_text(o, "title", st, 1);
	row_text(o, "variant", st, 2);
	row_int(o, "qty", st, 3);
	row_text(o, "reason", st, 4);
	row_text(o, "note", st, 5);
}

static void
fill_survey(json_t *o, sqlite3_stmt *st)
{
	row_text(o, "kind", st, 0);
	row_int(o, "score", st, 1);
	row_text(o, "comment", st, 2);
	row_int(o, "sent_at", st, 3);
	row_int(o, "answered_at", st, 4);
	row_int(o, "ticket_id", st, 5);
	row_text(o, "product_sku", st, 6);
}

static void
fill_ticket(json_t *o, sqlite3_stmt *st)
{
	row_int(o, "id", st, 0);
	row_text(o, "subject", st, 1);
	row_text(o, "status", st, 2);
	row_text(o, "channel", st, 3);
	row_int(o, "created_at", st, 4);
	row_int(o, "updated_at", st, 5);
}

static int
add_stats(struct db *db, int64_t id, json_t *res)
{
	sqlite3_stmt *st = db_stmt(db, SQL_STATS);
	json_t *s;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 0);
		int64_t spend = sqlite3_column_int64(st, 1);

		s = json_object();
		json_object_set_new(s, "order_count", json_integer(n));
		json_object_set_new(s, "lifetime_spend", json_integer(spend));
		json_object_set_new(s, "currency", json_string(loyalty_programme()->currency));
		json_object_set_new(s, "average_order_value",
		    n > 0 ? json_integer(spend / n) : json_null());
		row_int(s, "first_order_at", st, 2);
		json_object_set_new(res, "stats", s);
	}
	db_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
add_loyalty(struct db *db, int64_t id, json_t *res)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LOYALTY);
	json_t *l = json_null(), *refs;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct loyalty_standing ls;

		if (loyalty_standing(db, id, clock_now(), &ls) != 0) {
			db_done(st);
			return -1;
		}
		l = json_object();
		json_object_set_new(l, "tier", json_string(ls.tier));
		json_object_set_new(l, "points", json_integer(ls.points));
		json_object_set_new(l, "points_365_days", json_integer(ls.points365));
		json_object_set_new(l, "lifetime_spend", json_integer(ls.spend));
		row_text(l, "currency", st, 3);
		row_text(l, "referral_code", st, 4);
		json_object_set_new(l, "tier_basis", json_string(ls.by_points ? "points365" : "spend"));
		json_object_set_new(l, "next_tier", ls.next_tier != NULL ?
		    json_string(ls.next_tier) : json_null());
		json_object_set_new(l, "spend_to_next_tier", ls.next_tier != NULL && !ls.by_points ?
		    json_integer(ls.to_next) : json_null());
		json_object_set_new(l, "points_to_next_tier", ls.next_tier != NULL && ls.by_points ?
		    json_integer(ls.to_next) : json_null());
		if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
			json_t *r = json_object();

			row_int(r, "id", st, 5);
			row_text(r, "name", st, 6);
			row_text(r, "email", st, 7);
			json_object_set_new(l, "referred_by", r);
		} else {
			json_object_set_new(l, "referred_by", json_null());
		}
	}
	db_done(st);
	json_object_set_new(res, "loyalty", l);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (json_is_object(l)) {
		refs = json_array();
		json_object_set_new(l, "referrals", refs);
		if (rows_into(db, SQL_REFERRALS, id, refs, fill_person) != 0)
			return -1;
		refs = json_array();
		json_object_set_new(l, "ledger", refs);
		if (rows_into(db, SQL_LEDGER, id, refs, fill_ledger) != 0)
			return -1;
	}
	return 0;
}

/* "Often bought with": products that share orders with what this customer
 * owns, by how many orders they co-occur in, excluding what they own. */
static const char SQL_SUGGEST[] =
	"WITH mine AS (SELECT DISTINCT i.sku FROM order_items i JOIN orders o ON o.id = i.order_id"
	"              WHERE o.customer_id = ?1 AND i.sku <> ''),"
	" co AS (SELECT DISTINCT b.order_id, b.sku, b.title FROM order_items a"
	"        JOIN order_items b ON b.order_id = a.order_id AND b.sku <> a.sku"
	"        WHERE a.sku IN (SELECT sku FROM mine) AND b.sku <> '')"
	" SELECT sku, max(title), count(*) AS n FROM co WHERE sku NOT IN (SELECT sku FROM mine)"
	" GROUP BY sku ORDER BY n DESC, sku LIMIT 3";

static int
add_suggestions(struct db *db, int64_t id, json_t *res)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SUGGEST);
	json_t *arr = json_array();
	int rc;

	json_object_set_new(res, "often_bought_with", arr);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *v = json_object();

		row_text(v, "sku", st, 0);
		row_text(v, "title", st, 1);
		row_int(v, "orders", st, 2);
		json_array_append_new(arr, v);
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

json_t *
customers_show(struct db *db, int64_t id, char **err)
{
	sqlite3_stmt *st;
	json_t *res = NULL, *c, *arr, *r, *orders;
	size_t i;
	int rc;

	*err = NULL;
	if (db_begin_read(db) != 0)
		goto dberr;
	if ((st = db_stmt(db, SQL_CUSTOMER)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		db_done(st);
		if (rc != SQLITE_DONE)
			goto dberr;
		db_rollback(db);
		return NULL;
	}
	c = json_object();
	row_int(c, "id", st, 0);
	row_text(c, "name", st, 1);
	row_text(c, "email", st, 2);
	row_text(c, "phone", st, 3);
	row_text(c, "locale", st, 4);
	row_text(c, "country", st, 5);
	row_bool(c, "marketing_consent", st, 6);
	row_bool(c, "erased", st, 7);
	row_int(c, "created_at", st, 8);
	row_int(c, "updated_at", st, 9);
	db_done(st);
	res = json_object();
	json_object_set_new(res, "customer", c);

	arr = json_array();
	json_object_set_new(c, "identities", arr);
	if (rows_into(db, SQL_IDENTITIES, id, arr, fill_identity) != 0)
		goto dberr;
	if (add_stats(db, id, res) != 0 || add_loyalty(db, id, res) != 0)
		goto dberr;
	if ((orders = orders_for_customer(db, id, err)) == NULL)
		goto fail;
	json_object_set_new(res, "orders", orders);
	arr = json_array();
	json_object_set_new(res, "returns", arr);
	if (rows_into(db, SQL_RETURNS, id, arr, fill_return) != 0)
		goto dberr;
	json_array_foreach(arr, i, r) {
		json_t *items = json_array();

		json_object_set_new(r, "items", items);
		if (rows_into(db, SQL_RETURN_ITEMS, json_integer_value(json_object_get(r, "id")),
		    items, fill_return_item) != 0)
			goto dberr;
	}
	arr = json_array();
	json_object_set_new(res, "surveys", arr);
	if (rows_into(db, SQL_SURVEYS, id, arr, fill_survey) != 0)
		goto dberr;
	arr = json_array();
	json_object_set_new(res, "tickets", arr);
	if (rows_into(db, SQL_CUST_TICKETS, id, arr, fill_ticket) != 0)
		goto dberr;
	if (add_suggestions(db, id, res) != 0)
		goto dberr;
	db_rollback(db);
	return res;
dberr:
	*err = row_error(db_handle(db));
fail:
	db_rollback(db);
	json_decref(res);
	return NULL;
}

json_t *
customers_search(struct db *db, const char *query, int limit, char **err)
{
	sqlite3_stmt *st;
	struct buf pat;
	json_t *list, *res;
	const char *p;
	int rc;

	/* LIKE wildcards in what the agent typed are literal. */
	buf_init(&pat, strlen(query) * 2 + 3);
	buf_addc(&pat, '%');
	for (p = query; *p != '\0'; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_addc(&pat, '\\');
		buf_addc(&pat, *p);
	}
	buf_addc(&pat, '%');
	if ((st = db_stmt(db, SQL_SEARCH)) == NULL) {
		buf_free(&pat);
		*err = row_error(db_handle(db));
		return NULL;
	}
	sqlite3_bind_text(st, 1, buf_str(&pat), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	list = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *c = json_object();

		row_int(c, "id", st, 0);
		row_text(c, "name", st, 1);
		row_text(c, "email", st, 2);
		row_text(c, "phone", st, 3);
		row_text(c, "locale", st, 4);
		row_int(c, "order_count", st, 5);
		row_text(c, "tier", st, 6);
		json_array_append_new(list, c);
	}
	db_done(st);
	buf_free(&pat);
	if (rc != SQLITE_DONE) {
		*err = row_error(db_handle(db));
		json_decref(list);
		return NULL;
	}
	res = json_object();
	json_object_set_new(res, "customers", list);
	return res;
}
