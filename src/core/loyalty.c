/* loyalty.c: see loyalty.h. */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <sqlite3.h>

#include "core/loyalty.h"
#include "db/db.h"
#include "util/format.h"

#define YEAR (365 * 86400LL)

/* An order earns points once paid, and keeps them minus what was refunded. */
#define ELIGIBLE "o.cancelled_at IS NULL AND o.financial_status IN " \
	"('paid', 'partially_refunded', 'refunded')"

static const char SQL_ACCOUNT_NEW[] =
	"INSERT INTO loyalty_accounts (customer_id, tier, points, lifetime_spend, currency,"
	" referral_code, updated_at) VALUES (?1, ?2, 0, 0, ?3, ?4, ?5)"
	" ON CONFLICT (customer_id) DO NOTHING";
static const char SQL_ACCOUNT_GET[] =
	"SELECT points, lifetime_spend FROM loyalty_accounts WHERE customer_id = ?1";
static const char SQL_ACCOUNT_HAS[] = "SELECT 1 FROM loyalty_accounts WHERE customer_id = ?1";
static const char SQL_CODE_TAKEN[] = "SELECT 1 FROM loyalty_accounts WHERE referral_code = ?1";
static const char SQL_NAME[] = "SELECT name FROM customers WHERE id = ?1";
static const char SQL_ORDERS[] =
	"SELECT o.id, o.placed_at, " ELIGIBLE ", o.total_shop, o.refunded_shop, o.shop_currency,"
	" (SELECT coalesce(sum(l.delta), 0) FROM loyalty_ledger l WHERE l.order_id = o.id"
	"  AND l.customer_id = o.customer_id AND l.reason IN ('purchase', 'refund'))"
	" FROM orders o WHERE o.customer_id = ?1 AND (?2 = 0 OR o.id = ?2)"
	" ORDER BY o.placed_at, o.id";
static const char SQL_LEDGER_ADD[] =
	"INSERT INTO loyalty_ledger (customer_id, delta, reason, order_id, note, created_at, expires_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_BALANCE[] =
	"SELECT coalesce(sum(delta), 0) FROM loyalty_ledger WHERE customer_id = ?1";
static const char SQL_REFERRER[] =
	"SELECT l.referred_by, (SELECT o.id FROM orders o WHERE o.customer_id = l.customer_id AND "
	ELIGIBLE " ORDER BY o.placed_at, o.id LIMIT 1)"
	" FROM loyalty_accounts l WHERE l.customer_id = ?1 AND l.referred_by IS NOT NULL";
static const char SQL_REFERRAL_PAID[] =
	"SELECT 1 FROM loyalty_ledger WHERE reason = 'referral' AND customer_id = ?1"
	" AND order_id IN (SELECT id FROM orders WHERE customer_id = ?2)";
static const char SQL_EXPIRY[] =
	"SELECT coalesce(sum(CASE WHEN delta > 0 AND expires_at IS NOT NULL AND expires_at <= ?2"
	" THEN delta ELSE 0 END), 0), coalesce(sum(CASE WHEN delta < 0 THEN -delta ELSE 0 END), 0)"
	" FROM loyalty_ledger WHERE customer_id = ?1";
static const char SQL_SPEND[] =
	"SELECT coalesce(sum(o.total_shop - o.refunded_shop), 0) FROM orders o"
	" WHERE o.customer_id = ?1 AND " ELIGIBLE;
static const char SQL_POINTS365[] =
	"SELECT coalesce(sum(delta), 0) FROM loyalty_ledger WHERE customer_id = ?1"
	" AND reason IN ('purchase', 'refund', 'referral') AND created_at > ?2";
static const char SQL_ACCOUNT_SET[] =
	"UPDATE loyalty_accounts SET points = ?2, lifetime_spend = ?3, tier = ?4, updated_at = ?5"
	" WHERE customer_id = ?1 AND (points != ?2 OR lifetime_spend != ?3 OR tier != ?4)";

static struct config_loyalty prog;
static int prog_set;

void
loyalty_use(const struct config_loyalty *p)
{
	if (p != NULL)
		prog = *p;
	else
		config_loyalty_defaults(&prog);
	prog_set = 1;
}

const struct config_loyalty *
loyalty_programme(void)
{
	if (!prog_set)
		loyalty_use(NULL);
	return &prog;
}

static int64_t
scale_of(const char *currency)
{
	int d = money_decimals(currency);

	return d == 0 ? 1 : d == 3 ? 1000 : 100;
}

int64_t
loyalty_points_for(int64_t amount, const char *currency)
{
	if (amount <= 0)
		return 0;
	return amount / scale_of(currency) * loyalty_programme()->points_per_unit;
}

int64_t
loyalty_tier_threshold(const struct config_tier *t)
{
	const struct config_loyalty *p = loyalty_programme();

	return p->tier_by_points ? t->min : t->min * scale_of(p->currency);
}

const struct config_tier *
loyalty_tier_for(int64_t value)
{
	const struct config_loyalty *p = loyalty_programme();
	int i;

	for (i = p->ntiers - 1; i > 0; i--)
		if (value >= loyalty_tier_threshold(&p->tiers[i]))
			break;
	return &p->tiers[i];
}

const struct config_tier *
loyalty_next_tier(int64_t value)
{
	const struct config_loyalty *p = loyalty_programme();
	int i;

	for (i = 0; i < p->ntiers; i++)
		if (value < loyalty_tier_threshold(&p->tiers[i]))
			return &p->tiers[i];
	return NULL;
}

static int64_t
one_int(struct db *db, const char *sql, int64_t a, int64_t b, int *rc)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t v = 0;
	int r;

	if (st == NULL) {
		*rc = -1;
		return 0;
	}
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if ((r = sqlite3_step(st)) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (r != SQLITE_DONE)
		*rc = -1;
	db_done(st);
	return v;
}

/* "JANE-7K2P": up to six letters of the name, then four characters that
 * cannot be misread (no 0/O, 1/I). */
static void
make_code(const char *name, char *out, size_t n)
{
	static const char alpha[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	unsigned char rnd[4];
	size_t k = 0, i;
	const char *p;

	for (p = name; *p != '\0' && k < 6 && k + 6 < n; p++)
		if (isascii((unsigned char)*p) && isalpha((unsigned char)*p))
			out[k++] = (char)toupper((unsigned char)*p);
	if (k == 0)
		for (p = "FRIEND"; *p != '\0'; p++)
			out[k++] = *p;
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		memset(rnd, 0x5a, sizeof rnd);
	out[k++] = '-';
	for (i = 0; i < sizeof rnd; i++)
		out[k++] = alpha[rnd[i] % (sizeof alpha - 1)];
	out[k] = '\0';
}

int
loyalty_account(struct db *db, int64_t customer, int64_t now)
{
	const struct config_loyalty *p = loyalty_programme();
	sqlite3_stmt *st;
	char code[16], name[128] = "";
	int rc = 0, tries;

	if (one_int(db, SQL_ACCOUNT_HAS, customer, 0, &rc) == 1 || rc != 0)
		return rc;
	if ((st = db_stmt(db, SQL_NAME)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
	db_done(st);
	for (tries = 0; tries < 8; tries++) {
		make_code(name, code, sizeof code);
		if ((st = db_stmt(db, SQL_CODE_TAKEN)) == NULL)
			return -1;
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc == SQLITE_DONE)
			break;
	}
	if ((st = db_stmt(db, SQL_ACCOUNT_NEW)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_text(st, 2, p->tiers[0].name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->currency, -1, SQLITE_STATIC);
	if (tries < 8)
		sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
ledger_add(struct db *db, int64_t customer, int64_t delta, const char *reason, int64_t order,
    const char *note, int64_t at, int64_t expires)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LEDGER_ADD);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, delta);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	if (order > 0)
		sqlite3_bind_int64(st, 4, order);
	sqlite3_bind_text(st, 5, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, at);
	if (expires > 0)
		sqlite3_bind_int64(st, 7, expires);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Balance, spend and tier from the ledger and the orders. */
static int
update_account(struct db *db, int64_t customer, int64_t now)
{
	const struct config_loyalty *p = loyalty_programme();
	int64_t balance, spend, p365;
	sqlite3_stmt *st;
	int rc = 0;

	balance = one_int(db, SQL_BALANCE, customer, 0, &rc);
	spend = one_int(db, SQL_SPEND, customer, 0, &rc);
	p365 = one_int(db, SQL_POINTS365, customer, now - YEAR, &rc);
	if (rc != 0 || (st = db_stmt(db, SQL_ACCOUNT_SET)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, balance < 0 ? 0 : balance);
	sqlite3_bind_int64(st, 3, spend);
	sqlite3_bind_text(st, 4, loyalty_tier_for(p->tier_by_points ? p365 : spend)->name, -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The referral bonus, once, when a referred customer has a paid order. */
static int
settle_referral(struct db *db, int64_t customer, int64_t now)
{
	const struct config_loyalty *p = loyalty_programme();
	sqlite3_stmt *st = db_stmt(db, SQL_REFERRER);
	int64_t referrer = 0, order = 0;
	int rc = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	if (sqlite3_step(st) == SQLITE_ROW) {
		referrer = sqlite3_column_int64(st, 0);
		order = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (referrer == 0 || order == 0 || referrer == customer)
		return 0;
	if (one_int(db, SQL_REFERRAL_PAID, referrer, customer, &rc) == 1 || rc != 0)
		return rc;
	if (loyalty_account(db, referrer, now) != 0 ||
	    ledger_add(db, referrer, p->referral_bonus, "referral", order,
	    "referred a customer who ordered", now, 0) != 0 ||
	    (p->referred_bonus > 0 && ledger_add(db, customer, p->referred_bonus, "referral", order,
	    "welcome bonus for a referred customer", now, 0) != 0))
		return -1;
	return update_account(db, referrer, now);
}

int
loyalty_settle(struct db *db, int64_t customer, int64_t order_id, int64_t now)
{
	const struct config_loyalty *p = loyalty_programme();
	int64_t balance, lots, used;
	sqlite3_stmt *st;
	int rc = 0;

	if (loyalty_account(db, customer, now) != 0)
		return -1;
	balance = one_int(db, SQL_BALANCE, customer, 0, &rc);
	if (rc != 0 || (st = db_stmt(db, SQL_ORDERS)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, order_id);
	/* what each order owes in points against what the ledger gave it */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t order = sqlite3_column_int64(st, 0), placed = sqlite3_column_int64(st, 1);
		int eligible = sqlite3_column_int(st, 2);
		const char *cur = db_col_text(st, 5);
		int64_t owed = 0, had = sqlite3_column_int64(st, 6), d;

		if (eligible)
			owed = loyalty_points_for(sqlite3_column_int64(st, 3), cur) -
			    loyalty_points_for(sqlite3_column_int64(st, 4), cur);
		if (owed < 0)
			owed = 0;
		if ((d = owed - had) == 0)
			continue;
		if (d < 0 && -d > balance)
			d = -balance; /* never below zero; the rest is owed later */
		if (d == 0)
			continue;
		if (d > 0) {
			int64_t at = had == 0 ? placed : now;

			rc = ledger_add(db, customer, d, "purchase", order, "", at,
			    p->expire_days > 0 ? at + p->expire_days * 86400 : 0);
		} else {
			rc = ledger_add(db, customer, d, "refund", order,
			    "points for the refunded amount", now, 0);
		}
		if (rc != 0)
			break;
		balance += d;
		rc = SQLITE_ROW;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	rc = 0;
	if (settle_referral(db, customer, now) != 0)
		return -1;
	if (p->expire_days > 0) {
		/* points spent or clawed back are taken from the oldest first */
		if ((st = db_stmt(db, SQL_EXPIRY)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, customer);
		sqlite3_bind_int64(st, 2, now);
		lots = used = 0;
		if (sqlite3_step(st) == SQLITE_ROW) {
			lots = sqlite3_column_int64(st, 0);
			used = sqlite3_column_int64(st, 1);
		}
		db_done(st);
		balance = one_int(db, SQL_BALANCE, customer, 0, &rc);
		if (rc != 0)
			return -1;
		if (lots - used > 0 && balance > 0 &&
		    ledger_add(db, customer, -(lots - used < balance ? lots - used : balance),
		    "expiry", 0, "points expired", now, 0) != 0)
			return -1;
	}
	return update_account(db, customer, now);
}

int
loyalty_standing(struct db *db, int64_t customer, int64_t now, struct loyalty_standing *s)
{
	const struct config_loyalty *p = loyalty_programme();
	const struct config_tier *t, *next;
	sqlite3_stmt *st;
	int64_t v;
	int rc;

	memset(s, 0, sizeof *s);
	if ((st = db_stmt(db, SQL_ACCOUNT_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->points = sqlite3_column_int64(st, 0);
		s->spend = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	rc = 0;
	s->points365 = one_int(db, SQL_POINTS365, customer, now - YEAR, &rc);
	if (rc != 0)
		return -1;
	s->by_points = p->tier_by_points;
	v = s->by_points ? s->points365 : s->spend;
	t = loyalty_tier_for(v);
	next = loyalty_next_tier(v);
	s->tier = t->name;
	s->next_tier = next != NULL ? next->name : NULL;
	s->to_next = next != NULL ? loyalty_tier_threshold(next) - v : 0;
	return 0;
}
