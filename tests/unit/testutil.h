/* testutil.h: shared helpers for the unit tests: temporary directories and a
 * small, exactly known fixture shop (the demo is tested on its own). */
#ifndef AFTERCARE_TESTUTIL_H
#define AFTERCARE_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "util/xmalloc.h"

/* A fresh private directory; caller frees the string (the directory is
 * removed by tu_rmdir). */
static inline char *
tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/aftercare-test-XXXXXX", base != NULL ? base : "/tmp");

	assert_non_null(mkdtemp(tmpl));
	return tmpl;
}

static inline void
tu_rmdir(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* Runs SQL that the fixture needs; fails the test on error. */
static inline void
tu_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
		print_error("SQL failed: %s\n%s\n", msg, sql);
		sqlite3_free(msg);
		fail();
	}
}

static inline int64_t
tu_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A tiny shop: 3 customers (English, Ukrainian, Czech), 2 orders, 1 agent,
 * 6 tickets with messages in three languages. Times are fixed. */
static inline void
tu_fixture(struct db *db)
{
	tu_exec(db,
	    "INSERT INTO agents (id, login, uid, name, role, created_at) VALUES"
	    " (1, 'jana', 5001, 'Jana Nováková', 'agent', 1000);"
	    "INSERT INTO customers (id, name, email, locale, country, created_at, updated_at) VALUES"
	    " (1, 'Alice Smith', 'alice@example.com', 'en', 'GB', 1000, 1000),"
	    " (2, 'Олена Коваленко', 'olena@example.net', 'uk', 'UA', 1000, 1000),"
	    " (3, 'Jiří Dvořák', 'jiri@example.org', 'cs', 'CZ', 1000, 1000);"
	    "INSERT INTO customer_identities (customer_id, kind, value, created_at) VALUES"
	    " (1, 'email', 'alice@example.com', 1000), (2, 'email', 'olena@example.net', 1000),"
	    " (3, 'email', 'jiri@example.org', 1000), (3, 'phone', '+420601123456', 1000);"
	    "INSERT INTO orders (id, customer_id, number, placed_at, currency, subtotal,"
	    " discount, shipping, tax, total, shop_currency, total_shop, financial_status,"
	    " fulfillment_status, updated_at) VALUES"
	    " (1, 1, '#1001', 2000, 'GBP', 5000, 0, 500, 0, 5500, 'EUR', 6400, 'paid', 'fulfilled', 2000),"
	    " (2, 3, '#1002', 3000, 'CZK', 129900, 10000, 9900, 0, 129800, 'EUR', 5200, 'paid', 'unfulfilled', 3000);"
	    "INSERT INTO order_items (order_id, sku, title, variant, qty, unit_price, discount) VALUES"
	    " (1, 'TEE-BLK-M', 'Organic tee', 'Black / M', 2, 2500, 0),"
	    " (2, 'BOOT-42', 'Zimní boty', '42', 1, 129900, 10000);"
	    "INSERT INTO fulfillments (order_id, status, carrier, tracking_number, shipped_at,"
	    " expected_at) VALUES (1, 'in_transit', 'Royal Mail', 'AB123456789GB', 2100, 2500);"
	    "INSERT INTO loyalty_accounts (customer_id, tier, points, lifetime_spend, currency,"
	    " referral_code, updated_at) VALUES (1, 'Bronze', 64, 6400, 'EUR', 'ALICE-1', 2000);"
	    "INSERT INTO tickets (id, customer_id, channel, status, subject, order_id,"
	    " assignee_id, created_at, updated_at, message_count) VALUES"
	    " (1, 1, 'email', 'new', 'Where is my order #1001?', 1, NULL, 2200, 2200, 1),"
	    " (2, 2, 'chat', 'open', '', NULL, 1, 2300, 2350, 1),"
	    " (3, 3, 'email', 'pending', 'Vrácení zboží #1002', 2, 1, 3100, 3200, 1),"
	    " (4, 1, 'email', 'solved', 'Thank you!', 1, NULL, 2400, 2400, 1),"
	    " (5, 2, 'email', 'closed', 'Повернення коштів', NULL, NULL, 2500, 2500, 1),"
	    " (6, 3, 'chat', 'open', '', NULL, NULL, 3300, 3300, 1);"
	    "INSERT INTO messages (ticket_id, direction, channel, from_name, from_addr, subject,"
	    " body, created_at) VALUES"
	    " (1, 'in', 'email', 'Alice Smith', 'alice@example.com', 'Where is my order #1001?',"
	    "  'Hello, my parcel has not arrived yet.', 2200),"
	    " (2, 'in', 'chat', 'Олена', '', '', 'Доброго дня! Де моє замовлення? Посилка не прийшла.', 2350),"
	    " (3, 'in', 'email', 'Jiří Dvořák', 'jiri@example.org', 'Vrácení zboží #1002',"
	    "  'Dobrý den, boty jsou malé, chci vrácení peněz.', 3200),"
	    " (4, 'in', 'email', 'Alice Smith', 'alice@example.com', 'Thank you!',"
	    "  'Got it, thanks a lot!', 2400),"
	    " (5, 'in', 'email', 'Олена', 'olena@example.net', 'Повернення коштів',"
	    "  'Коли я отримаю ПОВЕРНЕННЯ коштів?', 2500),"
	    " (6, 'in', 'chat', 'Jiří', '', '', 'Kde je moje zásilka?', 3300);");
}

#endif
