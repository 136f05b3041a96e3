/* store.c: see store.h. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/orders-csv.h"
#include "core/orders-store.h"
#include "db/db.h"
#include "store/shopify.h"
#include "store/store.h"
#include "store/woo.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/xmalloc.h"

static const char SQL_FAILED[] =
	"UPDATE sources SET state = 'error', last_error = ?2 WHERE id = ?1";
static const char SQL_OK[] =
	"UPDATE sources SET state = 'ok', last_error = NULL, last_sync_at = ?2 WHERE id = ?1";
static const char SQL_CHECKED[] =
	"INSERT INTO customer_sync (customer_id, source_id, checked_at)"
	" SELECT customer_id, ?2, ?3 FROM customer_identities WHERE kind = 'email' AND value = ?1"
	" ON CONFLICT (customer_id, source_id) DO UPDATE SET checked_at = excluded.checked_at";

#define SHOP_TEXT_MAX 300

void
store_problem(struct store_report *r, const char *fmt, ...)
{
	va_list ap;
	char *m, *safe;

	va_start(ap, fmt);
	m = xvasprintf(fmt, ap);
	va_end(ap);
	safe = text_sanitize(m, strlen(m), TEXT_LINE, NULL);
	if (r->problem != NULL)
		r->problem(safe, r->ctx);
	free(safe);
	free(m);
}

void
store_tally(struct store_report *r, const char *store, const char *bad,
    enum order_outcome oc, int created)
{
	if (bad != NULL) {
		store_problem(r, _("store %s: %s (skipped)"), store, bad);
		r->orders_bad++;
		return;
	}
	r->customers_new += (size_t)created;
	if (oc == ORDER_NEW)
		r->orders_new++;
	else if (oc == ORDER_CHANGED)
		r->orders_changed++;
	else
		r->orders_same++;
}

char *
store_shop_text(const char *s)
{
	char *safe = text_sanitize(s, strlen(s), TEXT_LINE, NULL), *cut;
	size_t n = strlen(safe);

	if (n <= SHOP_TEXT_MAX)
		return safe;
	n = SHOP_TEXT_MAX;
	while (n > 0 && ((unsigned char)safe[n] & 0xC0) == 0x80)
		n--;
	safe[n] = '\0';
	cut = xasprintf("%s...", safe);
	free(safe);
	return cut;
}

/* Remembers how the last sync of s ended (for `sync --status`, the TUI and
 * the server's refresh_after): an error, a whole sync that went well, or the
 * time one customer's orders were read. */
static void
record(struct db *db, const struct config_store *s, const char *email, const char *err)
{
	int64_t now = clock_now(), source = orders_source(db, s->kind, s->name, now);
	sqlite3_stmt *st;

	if (source == 0 || db_begin(db) != 0)
		return;
	if ((st = db_stmt(db, err != NULL ? SQL_FAILED : email == NULL ? SQL_OK :
	    SQL_CHECKED)) != NULL) {
		if (err != NULL) {
			sqlite3_bind_int64(st, 1, source);
			sqlite3_bind_text(st, 2, err, -1, SQLITE_STATIC);
		} else if (email == NULL) {
			sqlite3_bind_int64(st, 1, source);
			sqlite3_bind_int64(st, 2, now);
		} else {
			sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, source);
			sqlite3_bind_int64(st, 3, now);
		}
		sqlite3_step(st);
		db_done(st);
	}
	if (db_commit(db) != 0)
		db_rollback(db);
}

/* A CSV store: the export read again (what is unchanged is not written). */
static int
csv_sync(struct db *db, const struct config_store *s, struct store_report *r, char **err)
{
	struct csv_report c;
	int rc;

	memset(&c, 0, sizeof c);
	rc = orders_csv_import(db, s->url, &c, err);
	r->pages = c.rows > 0 ? 1 : 0;
	r->orders_new = c.orders_new;
	r->orders_changed = c.orders_changed;
	r->orders_same = c.orders_same;
	r->orders_bad = c.orders_bad;
	r->customers_new = c.customers_new;
	return rc;
}

int
store_sync(struct db *db, const struct config_store *s, struct store_report *r, char **err)
{
	int rc = strcmp(s->kind, "shopify") == 0 ? shopify_sync(db, s, r, err) :
	    strcmp(s->kind, "csv") == 0 ? csv_sync(db, s, r, err) : woo_sync(db, s, r, err);

	record(db, s, NULL, rc != 0 ? *err : NULL);
	return rc;
}

int
store_sync_customer(struct db *db, const struct config_store *s, const char *email,
    struct store_report *r, char **err)
{
	int rc;

	if (strcmp(s->kind, "csv") == 0) /* an export has no per-customer query */
		return csv_sync(db, s, r, err);
	rc = strcmp(s->kind, "shopify") == 0 ? shopify_sync_customer(db, s, email, r, err) :
	    woo_sync_customer(db, s, email, r, err);

	record(db, s, email, rc != 0 ? *err : NULL);
	return rc;
}
