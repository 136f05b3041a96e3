/* test_demo.c: the demo shop checked through SQL: every invariant the
 * program relies on (money adds up, loyalty matches the orders, threads are
 * in order, texts fully expanded), reproducibility, and that it never
 * touches a database that holds data. */
#include "config.h"

#include <locale.h>

#include "core/demo.h"
#include "core/loyalty.h"
#include "testutil.h"

#define NOW 1795000000

struct fx {
	char *dir;
	struct db *db; /* the default demo: seed 42, 240 customers, 360 tickets */
	struct demo_stats st;
};

static struct db *
open_db(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *err = NULL;
	struct db *db = NULL;

	if (db_open(path, DB_OPEN_CREATE, &db, &err) != 0)
		fail_msg("db_open %s: %s", path, err);
	free(path);
	return db;
}

static int
build(struct db *db, uint64_t seed, int customers, int tickets, struct demo_stats *st,
    char **err)
{
	struct demo_opts o = { seed, customers, tickets, NOW, NULL, NULL };

	*err = NULL;
	return demo_build(db, &o, st, err);
}

static void
build_ok(struct db *db, uint64_t seed, int customers, int tickets, struct demo_stats *st)
{
	char *err = NULL;

	if (build(db, seed, customers, tickets, st, &err) != 0)
		fail_msg("demo_build: %s", err != NULL ? err : "(no message)");
	assert_null(err);
}

static int
group_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->dir = tu_tmpdir();
	f->db = open_db(f->dir, "a.db");
	build_ok(f->db, 42, DEMO_DEFAULT_CUSTOMERS, DEMO_DEFAULT_TICKETS, &f->st);
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fx *f = *state;

	db_close(&f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Fails with the query if it finds any row: every check below is phrased as
 * "count the rows that break the rule". */
static void
none(struct db *db, const char *sql)
{
	int64_t n = tu_int(db, sql);

	if (n != 0)
		fail_msg("%lld rows break the rule: %s", (long long)n, sql);
}

static void
test_counts(void **state)
{
	struct fx *f = *state;
	struct db *db = f->db;

	assert_true(tu_int(db, "SELECT count(*) FROM customers") >= DEMO_DEFAULT_CUSTOMERS);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM tickets"), DEMO_DEFAULT_TICKETS);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM customers"), f->st.customers);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM orders"), f->st.orders);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM tickets"), f->st.tickets);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM messages"), f->st.messages);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM returns"), f->st.returns);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM surveys"), f->st.surveys);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM sources WHERE kind = 'demo'"
	    " AND name = 'demo'"), 1);
	assert_true(tu_int(db, "SELECT count(*) FROM agents") >= 4);
	assert_int_equal(tu_int(db, "SELECT count(DISTINCT role) FROM agents"), 3);
	none(db, "SELECT count(*) FROM agents WHERE uid IS NOT NULL");
	/* every locale and country */
	assert_int_equal(tu_int(db, "SELECT count(DISTINCT locale) FROM customers"), 4);
	assert_int_equal(tu_int(db, "SELECT count(DISTINCT country) FROM customers"), 7);
	assert_int_equal(tu_int(db, "SELECT count(DISTINCT currency) FROM orders"), 6);
	none(db, "SELECT count(*) FROM customers WHERE email NOT GLOB '*@example.com'"
	    " AND email NOT GLOB '*@example.net' AND email NOT GLOB '*@example.org'");
	none(db, "SELECT count(*) - count(DISTINCT email) FROM customers");
	none(db, "SELECT count(*) FROM customers WHERE phone NOT GLOB '+[0-9]*'");
	none(db, "SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM"
	    " customer_identities i WHERE i.customer_id = c.id AND kind = 'email'"
	    " AND value = c.email)");
	assert_true(tu_int(db, "SELECT count(*) FROM customer_identities WHERE kind = 'phone'") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM customer_identities WHERE kind = 'chat'") > 0);
	/* chat tickets come from customers with a chat identity */
	none(db, "SELECT count(*) FROM tickets t WHERE channel = 'chat' AND NOT EXISTS (SELECT 1"
	    " FROM customer_identities i WHERE i.customer_id = t.customer_id AND kind = 'chat')");
}

static void
test_status_channel(void **state)
{
	struct fx *f = *state;
	static const char *const statuses[] = { "new", "open", "pending", "solved", "closed" };
	static const char *const channels[] = { "email", "chat" };
	int i, j;

	for (i = 0; i < 5; i++)
		for (j = 0; j < 2; j++) {
			char *sql = xasprintf("SELECT count(*) FROM tickets WHERE status = '%s'"
			    " AND channel = '%s'", statuses[i], channels[j]);

			if (tu_int(f->db, sql) == 0)
				fail_msg("no ticket: %s", sql);
			free(sql);
		}
	/* e-mail is the larger channel, chat a good share */
	assert_true(tu_int(f->db, "SELECT count(*) FROM tickets WHERE channel = 'chat'") > 60);
	assert_true(tu_int(f->db, "SELECT count(*) FROM tickets WHERE channel = 'email'") > 180);
	assert_int_equal(tu_int(f->db, "SELECT count(DISTINCT priority) FROM tickets"), 4);
	assert_true(tu_int(f->db, "SELECT count(*) FROM tickets WHERE assignee_id IS NOT NULL") > 0);
	assert_true(tu_int(f->db, "SELECT count(*) FROM tickets WHERE follow_up_of IS NOT NULL") > 0);
	none(f->db, "SELECT count(*) FROM tickets t JOIN tickets p ON p.id = t.follow_up_of"
	    " WHERE p.customer_id != t.customer_id OR p.created_at > t.created_at");
}

static void
test_links(void **state)
{
	struct db *db = ((struct fx *)*state)->db;

	none(db, "SELECT count(*) FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id"
	    " WHERE c.id IS NULL");
	none(db, "SELECT count(*) FROM tickets t LEFT JOIN orders o ON o.id = t.order_id"
	    " WHERE t.order_id IS NOT NULL AND (o.id IS NULL OR o.customer_id != t.customer_id)");
	none(db, "SELECT count(*) FROM tickets WHERE source_id != (SELECT id FROM sources"
	    " WHERE kind = 'demo')");
	none(db, "SELECT count(*) FROM returns r JOIN orders o ON o.id = r.order_id"
	    " WHERE o.customer_id != r.customer_id");
	none(db, "SELECT count(*) FROM return_items ri JOIN returns r ON r.id = ri.return_id"
	    " JOIN order_items oi ON oi.id = ri.order_item_id"
	    " WHERE oi.order_id != r.order_id OR ri.qty > oi.qty");
	none(db, "SELECT count(*) FROM returns r JOIN tickets t ON t.id = r.ticket_id"
	    " WHERE t.customer_id != r.customer_id OR t.order_id != r.order_id");
	none(db, "SELECT count(*) FROM returns r WHERE ticket_id IS NOT NULL AND NOT EXISTS"
	    " (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = r.ticket_id"
	    " AND tag IN ('return', 'size', 'damaged'))");
	none(db, "SELECT count(*) FROM loyalty_ledger l JOIN orders o ON o.id = l.order_id"
	    " WHERE o.customer_id != l.customer_id");
	none(db, "SELECT count(*) FROM loyalty_accounts a JOIN customers c"
	    " ON c.id = a.referred_by JOIN customers me ON me.id = a.customer_id"
	    " WHERE c.created_at > me.created_at OR c.id = me.id");
	assert_true(tu_int(db, "SELECT count(*) FROM loyalty_accounts"
	    " WHERE referred_by IS NOT NULL") > 0);
	/* the stories the tickets tell fit their orders */
	none(db, "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id"
	    " WHERE (g.tag = 'loyalty') != (t.order_id IS NULL)");
	none(db, "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id"
	    " WHERE g.tag IN ('wismo', 'late') AND NOT EXISTS (SELECT 1 FROM fulfillments"
	    " WHERE order_id = t.order_id)");
	none(db, "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id"
	    " JOIN fulfillments fu ON fu.order_id = t.order_id WHERE g.tag IN ('wismo', 'late')"
	    " AND t.status IN ('new', 'open', 'pending') AND fu.delivered_at IS NOT NULL");
	none(db, "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id"
	    " JOIN fulfillments fu ON fu.order_id = t.order_id WHERE g.tag = 'late'"
	    " AND fu.expected_at >= t.created_at");
	none(db, "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id"
	    " JOIN fulfillments fu ON fu.order_id = t.order_id"
	    " WHERE g.tag IN ('praise', 'size', 'return', 'damaged', 'refund')"
	    " AND (fu.delivered_at IS NULL OR fu.delivered_at > t.created_at)");
	none(db, "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id"
	    " JOIN orders o ON o.id = t.order_id WHERE g.tag IN ('cancel', 'address')"
	    " AND t.status IN ('new', 'open', 'pending')"
	    " AND (o.fulfillment_status != 'unfulfilled' OR o.cancelled_at IS NOT NULL)");
	none(db, "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id"
	    " JOIN orders o ON o.id = t.order_id WHERE g.tag = 'cancel'"
	    " AND t.status IN ('solved', 'closed') AND o.cancelled_at IS NULL");
	none(db, "SELECT count(*) FROM tickets t JOIN ticket_tags g ON g.ticket_id = t.id"
	    " WHERE g.tag = 'refund' AND NOT EXISTS (SELECT 1 FROM returns r"
	    " WHERE r.order_id = t.order_id)");
}

static void
test_money(void **state)
{
	struct db *db = ((struct fx *)*state)->db;

	none(db, "SELECT count(*) FROM orders WHERE total != subtotal - discount + shipping + tax");
	none(db, "SELECT count(*) FROM orders o WHERE subtotal != (SELECT sum(qty * unit_price)"
	    " FROM order_items WHERE order_id = o.id)");
	none(db, "SELECT count(*) FROM orders o WHERE discount != (SELECT sum(discount)"
	    " FROM order_items WHERE order_id = o.id)");
	none(db, "SELECT count(*) FROM orders o WHERE (SELECT count(*) FROM order_items"
	    " WHERE order_id = o.id) NOT BETWEEN 1 AND 4");
	none(db, "SELECT count(*) FROM order_items WHERE returned_qty > qty OR returned_qty < 0");
	none(db, "SELECT count(*) FROM orders WHERE refunded > total OR refunded < 0"
	    " OR refunded_shop > total_shop OR shop_currency != 'EUR'");
	none(db, "SELECT count(*) FROM orders WHERE (refunded = 0) != (refunded_shop = 0)");
	none(db, "SELECT count(*) FROM orders WHERE financial_status !="
	    " CASE WHEN refunded = 0 THEN financial_status WHEN refunded = total THEN 'refunded'"
	    " ELSE 'partially_refunded' END");
	/* the fixed demo rates, within rounding */
	none(db, "SELECT count(*) FROM orders WHERE abs(total_shop - total * CASE currency"
	    " WHEN 'EUR' THEN 1.0 WHEN 'GBP' THEN 100 / 85.0 WHEN 'USD' THEN 100 / 108.0"
	    " WHEN 'CZK' THEN 1 / 25.0 WHEN 'UAH' THEN 1 / 45.0 ELSE 1 / 520.0 END) > 1");
	none(db, "SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id"
	    " WHERE o.currency IN ('CZK', 'UAH', 'KZT') AND (unit_price % 100 != 0"
	    " OR i.discount % 100 != 0)");
	assert_true(tu_int(db, "SELECT count(*) FROM order_items WHERE discount > 0") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM orders WHERE tax > 0") > 0);
	/* numbers follow time */
	none(db, "SELECT count(*) FROM orders WHERE number != '#' || (1000 + id)");
	none(db, "SELECT count(*) FROM orders a JOIN orders b ON b.id = a.id + 1"
	    " WHERE b.placed_at < a.placed_at");
	none(db, "SELECT count(*) FROM orders WHERE placed_at > " "1795000000"
	    " OR placed_at < 1795000000 - 800 * 86400");
	none(db, "SELECT count(*) FROM (SELECT customer_id, count(*) n FROM orders"
	    " GROUP BY 1) WHERE n > 6");
	/* shipping history */
	none(db, "SELECT count(*) FROM orders o WHERE (fulfillment_status = 'fulfilled') !="
	    " EXISTS (SELECT 1 FROM fulfillments WHERE order_id = o.id)");
	none(db, "SELECT count(*) FROM fulfillments f JOIN orders o ON o.id = f.order_id"
	    " WHERE shipped_at < o.placed_at OR delivered_at < shipped_at"
	    " OR (status = 'delivered') != (delivered_at IS NOT NULL)"
	    " OR delivered_at > 1795000000 OR tracking_url NOT LIKE '%' || tracking_number");
	assert_true(tu_int(db, "SELECT count(*) FROM fulfillments WHERE status = 'in_transit'"
	    " AND expected_at < 1795000000") > 0);
	assert_true(tu_int(db, "SELECT count(DISTINCT carrier) FROM fulfillments") >= 10);
	none(db, "SELECT count(*) FROM orders WHERE cancelled_at IS NOT NULL"
	    " AND fulfillment_status != 'unfulfilled'");
	assert_true(tu_int(db, "SELECT count(*) FROM orders WHERE cancelled_at IS NOT NULL") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM orders"
	    " WHERE financial_status = 'partially_refunded'") > 0);
}

static void
test_loyalty(void **state)
{
	struct db *db = ((struct fx *)*state)->db;
	sqlite3_stmt *st;
	int64_t prev = -1, bal = 0, n = 0;

	assert_int_equal(tu_int(db, "SELECT count(*) FROM loyalty_accounts"),
	    tu_int(db, "SELECT count(*) FROM customers"));
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT customer_id, tier,"
	    " lifetime_spend FROM loyalty_accounts", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_string_equal((const char *)sqlite3_column_text(st, 1),
		    loyalty_tier_for(sqlite3_column_int64(st, 2))->name);
		n++;
	}
	sqlite3_finalize(st);
	assert_true(n > 0);
	none(db, "SELECT count(*) FROM loyalty_accounts a WHERE lifetime_spend != (SELECT"
	    " coalesce(sum(total_shop - refunded_shop), 0) FROM orders WHERE customer_id ="
	    " a.customer_id AND cancelled_at IS NULL)");
	none(db, "SELECT count(*) FROM loyalty_accounts a WHERE points != (SELECT"
	    " coalesce(sum(delta), 0) FROM loyalty_ledger WHERE customer_id = a.customer_id)");
	none(db, "SELECT count(*) FROM loyalty_accounts WHERE points < 0 OR currency != 'EUR'");
	none(db, "SELECT count(*) - count(DISTINCT referral_code) FROM loyalty_accounts");
	none(db, "SELECT count(*) FROM loyalty_accounts WHERE referral_code NOT GLOB"
	    " '[A-Z]*-[2-9A-Z][2-9A-Z][2-9A-Z][2-9A-Z]'");
	assert_true(tu_int(db, "SELECT count(DISTINCT tier) FROM loyalty_accounts") >= 3);
	/* purchases earn what the rules say; refunds take it back */
	none(db, "SELECT count(*) FROM loyalty_ledger l JOIN orders o ON o.id = l.order_id"
	    " WHERE reason = 'purchase' AND delta != o.total_shop / 100");
	none(db, "SELECT count(*) FROM loyalty_ledger l JOIN orders o ON o.id = l.order_id"
	    " WHERE reason = 'refund' AND delta != -(o.refunded_shop / 100)");
	none(db, "SELECT count(*) FROM orders o WHERE cancelled_at IS NULL AND NOT EXISTS"
	    " (SELECT 1 FROM loyalty_ledger WHERE order_id = o.id AND reason = 'purchase')");
	none(db, "SELECT count(*) FROM loyalty_ledger WHERE reason = 'goodwill'"
	    " AND (agent_id IS NULL OR delta <= 0)");
	none(db, "SELECT count(*) FROM loyalty_ledger WHERE reason = 'redeem' AND delta >= 0");
	assert_true(tu_int(db, "SELECT count(DISTINCT reason) FROM loyalty_ledger") == 5);
	/* the balance never dips below zero along the way */
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT customer_id, delta FROM"
	    " loyalty_ledger ORDER BY customer_id, created_at, id", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) != prev) {
			prev = sqlite3_column_int64(st, 0);
			bal = 0;
		}
		bal += sqlite3_column_int64(st, 1);
		if (bal < 0)
			fail_msg("customer %lld goes below zero points", (long long)prev);
	}
	sqlite3_finalize(st);
}

static const char SQL_TRIGGER[] =
	"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_fts_ai'";

/* The first column of the first row as a new string. */
static char *
text_of(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *s;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_non_null(sqlite3_column_text(st, 0));
	s = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static void
test_messages(void **state)
{
	struct fx *f = *state;
	struct db *db = f->db, *fresh;
	char *trigger, *fresh_trigger;

	none(db, "SELECT count(*) FROM tickets t WHERE message_count != (SELECT count(*)"
	    " FROM messages WHERE ticket_id = t.id)");
	none(db, "SELECT count(*) FROM messages a JOIN messages b ON b.ticket_id = a.ticket_id"
	    " AND b.id > a.id WHERE b.created_at < a.created_at");
	none(db, "SELECT count(*) FROM tickets t WHERE updated_at != (SELECT max(created_at)"
	    " FROM messages WHERE ticket_id = t.id) OR created_at != (SELECT min(created_at)"
	    " FROM messages WHERE ticket_id = t.id)");
	none(db, "SELECT count(*) FROM tickets t WHERE first_response_at IS NOT (SELECT"
	    " min(created_at) FROM messages WHERE ticket_id = t.id AND direction = 'out')");
	none(db, "SELECT count(*) FROM tickets WHERE (solved_at IS NOT NULL) !="
	    " (status IN ('solved', 'closed')) OR sla_due_at != created_at + 86400");
	none(db, "SELECT count(*) FROM messages WHERE created_at > 1795000000");
	none(db, "SELECT count(*) FROM messages WHERE instr(body, '{') OR instr(body, '}')"
	    " OR instr(subject, '{') OR instr(subject, '}') OR body = ''");
	none(db, "SELECT count(*) FROM tickets WHERE instr(subject, '{') OR instr(subject, '}')");
	/* new tickets hold only what the customer wrote; solved ones an answer */
	none(db, "SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id"
	    " WHERE t.status = 'new' AND m.direction != 'in'");
	none(db, "SELECT count(*) FROM tickets t WHERE status IN ('solved', 'closed', 'pending')"
	    " AND NOT EXISTS (SELECT 1 FROM messages WHERE ticket_id = t.id AND direction = 'out')");
	none(db, "SELECT count(*) FROM tickets t WHERE (SELECT direction FROM messages WHERE"
	    " ticket_id = t.id ORDER BY id LIMIT 1) != 'in'");
	assert_true(tu_int(db, "SELECT count(*) FROM messages WHERE direction = 'note'") > 0);
	none(db, "SELECT count(*) FROM messages WHERE (direction = 'in') = (agent_id IS NOT NULL)");
	/* e-mail threads: ids without brackets, each reply pointing at the one before */
	none(db, "SELECT count(*) FROM messages WHERE channel = 'email' AND direction != 'note'"
	    " AND (external_id NOT GLOB '[0-9a-f]*@mail.example.*' OR from_addr = ''"
	    " OR to_addr = '' OR subject = '')");
	none(db, "SELECT count(*) FROM messages m WHERE channel = 'email' AND direction != 'note'"
	    " AND in_reply_to IS NOT (SELECT external_id FROM messages p WHERE"
	    " p.ticket_id = m.ticket_id AND p.id < m.id AND p.direction != 'note'"
	    " ORDER BY p.id DESC LIMIT 1)");
	none(db, "SELECT count(*) FROM messages WHERE direction = 'out' AND channel = 'email'"
	    " AND body NOT LIKE '%Linden & Loom%'");
	assert_true(tu_int(db, "SELECT count(*) FROM tickets WHERE channel = 'chat'"
	    " AND subject = ''") > 0);
	/* the full-text index was rebuilt and its trigger is back */
	tu_exec(db, "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
	assert_int_equal(tu_int(db, "SELECT count(*) FROM messages_fts WHERE messages_fts"
	    " MATCH 'linden'"), tu_int(db, "SELECT count(*) FROM messages WHERE"
	    " body LIKE '%linden%' OR subject LIKE '%linden%'"));
	trigger = text_of(db, SQL_TRIGGER);
	fresh = open_db(f->dir, "fresh.db");
	fresh_trigger = text_of(fresh, SQL_TRIGGER);
	assert_string_equal(trigger, fresh_trigger);
	free(trigger);
	free(fresh_trigger);
	db_close(&fresh);
}

static void
test_languages(void **state)
{
	struct db *db = ((struct fx *)*state)->db;

	/* names in their own script: Cyrillic for Ukrainian and Kazakh */
	none(db, "SELECT count(*) FROM customers WHERE locale IN ('uk', 'kk')"
	    " AND name NOT GLOB '*[А-яІіЇїЄєҐґ]*'");
	assert_true(tu_int(db, "SELECT count(*) FROM customers WHERE locale = 'kk'"
	    " AND (instr(name, 'Ә') OR instr(name, 'Қ') OR instr(name, 'Ұ') OR instr(name, 'ұ')"
	    " OR instr(name, 'қ') OR instr(name, 'ә') OR instr(name, 'ү'))") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM customers WHERE locale = 'uk'"
	    " AND (instr(name, 'і') OR instr(name, 'ї') OR instr(name, 'є'))") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM customers WHERE locale = 'cs'"
	    " AND (instr(name, 'ř') OR instr(name, 'č') OR instr(name, 'ě') OR instr(name, 'á')"
	    " OR instr(name, 'ý') OR instr(name, 'š'))") > 0);
	/* e-mail addresses are transliterated */
	none(db, "SELECT count(*) FROM customers WHERE email GLOB '*[^a-z0-9._@-]*'");
	/* the conversation is in the customer's language */
	assert_true(tu_int(db, "SELECT count(*) FROM messages m JOIN tickets t ON"
	    " t.id = m.ticket_id JOIN customers c ON c.id = t.customer_id WHERE c.locale = 'cs'"
	    " AND m.direction != 'note' AND (instr(m.body, 'ř') OR instr(m.body, 'ě'))") > 10);
	none(db, "SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id"
	    " JOIN customers c ON c.id = t.customer_id WHERE c.locale IN ('uk', 'kk')"
	    " AND m.direction != 'note' AND m.body NOT GLOB '*[А-яІіЇїЄєҐґ]*'");
	assert_true(tu_int(db, "SELECT count(*) FROM messages m JOIN tickets t ON"
	    " t.id = m.ticket_id JOIN customers c ON c.id = t.customer_id WHERE c.locale = 'kk'"
	    " AND (instr(m.body, 'қ') OR instr(m.body, 'ә') OR instr(m.body, 'ұ'))") > 10);
	/* Ukrainians are greeted in the vocative */
	assert_true(tu_int(db, "SELECT count(*) FROM messages m JOIN tickets t ON"
	    " t.id = m.ticket_id JOIN customers c ON c.id = t.customer_id WHERE c.locale = 'uk'"
	    " AND m.direction = 'out' AND m.channel = 'email' AND m.body GLOB '*о!*'") > 0);
	/* internal notes are in English */
	none(db, "SELECT count(*) FROM messages WHERE direction = 'note' AND body GLOB '*[А-я]*'");
}

static void
test_returns(void **state)
{
	struct db *db = ((struct fx *)*state)->db;

	assert_true(tu_int(db, "SELECT count(DISTINCT status) FROM returns") >= 5);
	none(db, "SELECT count(*) FROM returns WHERE rma NOT GLOB"
	    " 'RMA-20[0-9][0-9]-[0-9][0-9][0-9][0-9][0-9]'");
	none(db, "SELECT count(*) FROM returns WHERE substr(rma, 5, 4) !="
	    " strftime('%Y', created_at, 'unixepoch')");
	none(db, "SELECT count(*) FROM returns WHERE (SELECT count(*) FROM return_items"
	    " WHERE return_id = returns.id) = 0");
	none(db, "SELECT count(*) FROM returns r JOIN orders o ON o.id = r.order_id"
	    " WHERE r.refund_amount > o.total - o.refunded + CASE WHEN r.status = 'refunded'"
	    " THEN r.refund_amount ELSE 0 END OR r.updated_at < r.created_at");
	none(db, "SELECT count(*) FROM returns r JOIN orders o ON o.id = r.order_id"
	    " WHERE r.status = 'refunded' AND (r.refund_amount = 0 OR o.refunded < r.refund_amount)");
	none(db, "SELECT count(*) FROM returns WHERE status = 'credited'"
	    " AND (credit_amount = 0 OR resolution != 'credit')");
	none(db, "SELECT count(*) FROM returns WHERE (kind = 'exchange') != (resolution = 'exchange')");
	none(db, "SELECT count(*) FROM returns r JOIN orders o ON o.id = r.order_id"
	    " WHERE r.currency != o.currency");
	/* every refund on an order that was not cancelled comes from a return */
	none(db, "SELECT count(*) FROM orders o WHERE cancelled_at IS NULL AND refunded !="
	    " (SELECT coalesce(sum(refund_amount), 0) FROM returns WHERE order_id = o.id"
	    " AND status = 'refunded')");
	/* returned goods show on the order */
	none(db, "SELECT count(*) FROM return_items ri JOIN returns r ON r.id = ri.return_id"
	    " JOIN order_items oi ON oi.id = ri.order_item_id WHERE r.status IN"
	    " ('received', 'credited', 'exchanged') AND oi.returned_qty < ri.qty");
	none(db, "SELECT count(*) FROM return_items ri JOIN returns r ON r.id = ri.return_id"
	    " WHERE (r.kind = 'exchange') != (ri.exchange_sku IS NOT NULL)");
	assert_true(tu_int(db, "SELECT count(*) FROM returns WHERE ticket_id IS NOT NULL") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM returns WHERE ticket_id IS NULL") > 0);
	/* an RMA quoted in a conversation exists, for the ticket's order */
	none(db, "SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id"
	    " WHERE m.body GLOB '*RMA-20*' AND NOT EXISTS (SELECT 1 FROM returns r"
	    " WHERE r.order_id = t.order_id AND instr(m.body, r.rma))");
}

static void
test_surveys(void **state)
{
	struct db *db = ((struct fx *)*state)->db;

	assert_true(tu_int(db, "SELECT count(*) FROM surveys WHERE kind = 'csat'") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM surveys WHERE kind = 'nps'") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM surveys WHERE kind = 'product'") > 0);
	none(db, "SELECT count(*) FROM surveys WHERE length(token_hash) != 64"
	    " OR token_hash GLOB '*[^0-9a-f]*'");
	none(db, "SELECT count(*) - count(DISTINCT token_hash) FROM surveys");
	none(db, "SELECT count(*) FROM surveys WHERE (score IS NULL) != (answered_at IS NULL)"
	    " OR answered_at < sent_at OR answered_at > 1795000000 OR sent_at > 1795000000");
	none(db, "SELECT count(*) FROM surveys WHERE (kind = 'product') != (product_sku IS NOT NULL)");
	none(db, "SELECT count(*) FROM surveys s JOIN tickets t ON t.id = s.ticket_id"
	    " WHERE t.customer_id != s.customer_id OR s.sent_at < t.updated_at"
	    " OR t.status NOT IN ('solved', 'closed')");
	assert_true(tu_int(db, "SELECT count(*) FROM surveys WHERE score IS NULL") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM surveys WHERE score IS NOT NULL") >
	    tu_int(db, "SELECT count(*) FROM surveys WHERE score IS NULL"));
	assert_true(tu_int(db, "SELECT count(*) FROM surveys WHERE comment != ''") > 0);
	none(db, "SELECT count(*) FROM surveys WHERE comment != '' AND score IS NULL");
	none(db, "SELECT count(*) FROM surveys WHERE instr(comment, '{')");
}

/* FNV-1a over every value of the tables the demo fills, in id order. */
static uint64_t
digest(struct db *db)
{
	static const char *const queries[] = {
		"SELECT * FROM sources ORDER BY id", "SELECT * FROM agents ORDER BY id",
		"SELECT * FROM customers ORDER BY id",
		"SELECT * FROM customer_identities ORDER BY id",
		"SELECT * FROM orders ORDER BY id", "SELECT * FROM order_items ORDER BY id",
		"SELECT * FROM fulfillments ORDER BY id", "SELECT * FROM tickets ORDER BY id",
		"SELECT * FROM ticket_tags ORDER BY ticket_id, tag",
		"SELECT * FROM messages ORDER BY id",
		"SELECT * FROM loyalty_accounts ORDER BY customer_id",
		"SELECT * FROM loyalty_ledger ORDER BY id", "SELECT * FROM returns ORDER BY id",
		"SELECT * FROM return_items ORDER BY id", "SELECT * FROM surveys ORDER BY id",
	};
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	size_t q;

	for (q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(db_handle(db), queries[q], -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int c;

			for (c = 0; c < sqlite3_column_count(st); c++) {
				const unsigned char *p = sqlite3_column_text(st, c);
				int i, n = sqlite3_column_bytes(st, c);

				h = (h ^ (unsigned)sqlite3_column_type(st, c)) * UINT64_C(0x100000001b3);
				for (i = 0; p != NULL && i < n; i++)
					h = (h ^ p[i]) * UINT64_C(0x100000001b3);
			}
		}
		sqlite3_finalize(st);
	}
	return h;
}

static void
test_deterministic(void **state)
{
	struct fx *f = *state;
	struct db *same = open_db(f->dir, "same.db"), *other = open_db(f->dir, "other.db");
	struct demo_stats st;
	uint64_t a = digest(f->db);

	build_ok(same, 42, DEMO_DEFAULT_CUSTOMERS, DEMO_DEFAULT_TICKETS, &st);
	assert_memory_equal(&st, &f->st, sizeof st);
	assert_true(digest(same) == a);
	build_ok(other, 43, DEMO_DEFAULT_CUSTOMERS, DEMO_DEFAULT_TICKETS, &st);
	assert_true(digest(other) != a);
	db_close(&same);
	db_close(&other);
}

static const char *const all_tables[] = {
	"sources", "agents", "customers", "customer_identities", "orders", "order_items",
	"fulfillments", "tickets", "ticket_tags", "messages", "loyalty_accounts",
	"loyalty_ledger", "returns", "return_items", "surveys",
};
#define NTABLES (sizeof all_tables / sizeof all_tables[0])

static void
count_rows(struct db *db, int64_t *n)
{
	size_t i;

	for (i = 0; i < NTABLES; i++) {
		char *sql = xasprintf("SELECT count(*) FROM %s", all_tables[i]);

		n[i] = tu_int(db, sql);
		free(sql);
	}
}

static void
test_refuses_data(void **state)
{
	struct fx *f = *state;
	struct db *db = open_db(f->dir, "refuse.db");
	int64_t before[NTABLES], after[NTABLES];
	uint64_t h;
	char *err = NULL;

	/* the demo itself, built once */
	assert_int_equal(build(f->db, 7, 10, 10, NULL, &err), -1);
	assert_non_null(err);
	assert_true(strlen(err) > 0);
	free(err);

	/* someone's shop with a single ticket */
	tu_fixture(db);
	count_rows(db, before);
	h = digest(db);
	assert_int_equal(build(db, 1, 10, 10, NULL, &err), -1);
	assert_non_null(err);
	assert_null(strchr(err, '\n'));
	free(err);
	count_rows(db, after);
	assert_memory_equal(before, after, sizeof before);
	assert_true(digest(db) == h);
	assert_int_not_equal(sqlite3_get_autocommit(db_handle(db)), 0);
	db_close(&db);
}

/* A failure half way leaves nothing behind, not even the dropped trigger. */
static void
test_rollback(void **state)
{
	struct fx *f = *state;
	struct db *db = open_db(f->dir, "rollback.db");
	int64_t n[NTABLES];
	char *err = NULL, *trigger = text_of(db, SQL_TRIGGER), *now;
	size_t i;

	tu_exec(db, "CREATE TRIGGER boom BEFORE INSERT ON surveys BEGIN"
	    " SELECT RAISE(ABORT, 'surveys are switched off'); END");
	assert_int_equal(build(db, 5, 20, 40, NULL, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "surveys are switched off"));
	free(err);
	count_rows(db, n);
	for (i = 0; i < NTABLES; i++)
		if (n[i] != 0)
			fail_msg("%s has %lld rows after a failed build", all_tables[i],
			    (long long)n[i]);
	now = text_of(db, SQL_TRIGGER);
	assert_string_equal(trigger, now);
	assert_int_not_equal(sqlite3_get_autocommit(db_handle(db)), 0);
	free(trigger);
	free(now);
	/* and the database is still good for a demo */
	tu_exec(db, "DROP TRIGGER boom");
	build_ok(db, 5, 20, 40, NULL);
	db_close(&db);
}

static void
test_small(void **state)
{
	struct fx *f = *state;
	struct db *db = open_db(f->dir, "small.db");
	struct demo_stats st;

	build_ok(db, 3, 5, 10, &st);
	assert_int_equal(st.customers, 5);
	assert_int_equal(st.tickets, 10);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM customers"), 5);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM tickets"), 10);
	/* ten tickets: one for each status on each channel */
	assert_int_equal(tu_int(db, "SELECT count(DISTINCT status || channel) FROM tickets"), 10);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM loyalty_accounts"), 5);
	none(db, "SELECT count(*) FROM messages WHERE instr(body, '{') OR instr(body, '}')");
	db_close(&db);
}

static void
test_raises_customers(void **state)
{
	struct fx *f = *state;
	struct db *db = open_db(f->dir, "raise.db");
	struct demo_stats st;

	build_ok(db, 4, 2, 31, &st);
	assert_int_equal(st.customers, 11); /* ceil(31 / 3) */
	assert_int_equal(tu_int(db, "SELECT count(*) FROM customers"), 11);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM tickets"), 31);
	none(db, "SELECT count(*) FROM (SELECT customer_id, count(*) n FROM tickets"
	    " GROUP BY 1) WHERE n > 6");
	db_close(&db);

	/* and no tickets at all is a shop without a support queue */
	db = open_db(f->dir, "quiet.db");
	build_ok(db, 4, 3, 0, &st);
	assert_int_equal(st.tickets, 0);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM customers"), 3);
	db_close(&db);
}

struct progress {
	int calls, last_done, last_total, bad;
};

static void
on_progress(void *ctx, int done, int total)
{
	struct progress *p = ctx;

	if (done < p->last_done || done > total || (done % 1000 != 0 && done != total))
		p->bad++;
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

/* A bigger shop: the progress callback, and every script and frame variant
 * in every language has a good chance to be drawn (and expanded) here. */
static void
test_progress_and_variety(void **state)
{
	struct fx *f = *state;
	struct db *db = open_db(f->dir, "bigger.db");
	struct progress p = { 0, 0, 0, 0 };
	struct demo_opts o = { 99, 1000, 4500, NOW, on_progress, &p };
	struct demo_stats st;
	char *err = NULL;

	if (demo_build(db, &o, &st, &err) != 0)
		fail_msg("demo_build: %s", err);
	assert_int_equal(p.calls, 5);
	assert_int_equal(p.bad, 0);
	assert_int_equal(p.last_done, 4500);
	assert_int_equal(p.last_total, 4500);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM tickets"), 4500);
	assert_int_equal(tu_int(db, "SELECT count(DISTINCT status) FROM returns"), 10);
	assert_int_equal(tu_int(db, "SELECT count(DISTINCT tag) FROM ticket_tags"), 10);
	none(db, "SELECT count(*) FROM messages WHERE instr(body, '{') OR instr(body, '}')"
	    " OR instr(subject, '{') OR instr(subject, '}')");
	none(db, "SELECT count(*) FROM orders WHERE total != subtotal - discount + shipping + tax");
	none(db, "SELECT count(*) FROM loyalty_accounts a WHERE points != (SELECT"
	    " coalesce(sum(delta), 0) FROM loyalty_ledger WHERE customer_id = a.customer_id)"
	    " OR points < 0");
	db_close(&db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_status_channel),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_loyalty),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_returns),
		cmocka_unit_test(test_surveys),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_refuses_data),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_raises_customers),
		cmocka_unit_test(test_progress_and_variety),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
