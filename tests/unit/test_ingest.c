/* test_ingest.c: the ingest rules on hand-built messages (the parser is
 * tested on its own): de-duplication, customers, threading by headers and by
 * subject tag, reopening, follow-ups, quiet auto-replies, order links and
 * attachments stored once. */
#include "config.h"

#include <sys/stat.h>

#include "core/ingest.h"
#include "testutil.h"
#include "util/hash.h"

struct fx {
	char *dir;
	struct db *db;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char *path, *err = NULL;

	f->dir = tu_tmpdir();
	path = xasprintf("%s/ingest.db", f->dir);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &f->db, &err), 0);
	free(path);
	tu_fixture(f->db);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(&f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* A message as the parser would give it; strings are borrowed. */
static struct mime_message
msg(const char *id, const char *from, const char *subject, const char *body)
{
	struct mime_message m;

	memset(&m, 0, sizeof m);
	m.message_id = (char *)id;
	m.from_addr = (char *)from;
	m.from_name = (char *)"";
	m.subject = (char *)subject;
	m.body = (char *)body;
	m.date = 5000;
	return m;
}

static struct ingest_result
store(struct fx *f, struct mime_message *m, const char *raw)
{
	struct ingest_opts o = { 0, NULL, 6000, NULL };
	struct ingest_result r;
	char *err = NULL;

	assert_int_equal(db_begin(f->db), 0);
	if (ingest_store(f->db, &o, raw, strlen(raw), m, &r, &err) != 0) {
		print_error("ingest_store: %s\n", err);
		fail();
	}
	assert_int_equal(db_commit(f->db), 0);
	return r;
}

static const char *
status_of(struct fx *f, int64_t ticket)
{
	static char s[16];
	char *sql = xasprintf("SELECT CASE status WHEN 'new' THEN 1 WHEN 'open' THEN 2"
	    " WHEN 'pending' THEN 3 WHEN 'solved' THEN 4 ELSE 5 END FROM tickets WHERE id = %lld",
	    (long long)ticket);
	static const char *const names[] = { "", "new", "open", "pending", "solved", "closed" };

	snprintf(s, sizeof s, "%s", names[tu_int(f->db, sql)]);
	free(sql);
	return s;
}

static void
test_new_customer_and_ticket(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("a1@example.net", "Nova.Customer@Example.NET",
	    "Where is order #1001?", "Hello");
	struct ingest_result r = store(f, &m, "raw a1");

	assert_int_equal(r.outcome, INGEST_NEW_TICKET);
	assert_true(r.customer_id > 3);
	assert_string_equal(status_of(f, r.ticket_id), "new");
	/* The address is stored lower-case as an identity. */
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM customer_identities WHERE kind = 'email'"
	    " AND value = 'nova.customer@example.net'"), 1);
	/* #1001 belongs to Alice, not to this customer: no link. */
	assert_int_equal(tu_int(f->db, "SELECT order_id IS NULL FROM tickets ORDER BY id DESC LIMIT 1"), 1);
	/* A second message from the same address reuses the customer. */
	m = msg("a2@example.net", "nova.customer@example.net", "Another", "x");
	assert_int_equal(store(f, &m, "raw a2").customer_id, r.customer_id);
}

static void
test_duplicates(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("dup@example.com", "alice@example.com", "Hi", "body");
	struct ingest_result r1 = store(f, &m, "raw 1"), r2;
	int64_t n = tu_int(f->db, "SELECT count(*) FROM messages");

	/* Same Message-ID, even with other bytes (a re-fetch with new headers). */
	r2 = store(f, &m, "raw 1 but different");
	assert_int_equal(r2.outcome, INGEST_DUPLICATE);
	assert_int_equal(r2.message_id, r1.message_id);
	/* No Message-ID: the content hash decides. */
	m = msg(NULL, "alice@example.com", "No id", "body");
	r1 = store(f, &m, "identical bytes");
	r2 = store(f, &m, "identical bytes");
	assert_int_equal(r2.outcome, INGEST_DUPLICATE);
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM messages"), n + 1);
}

static void
test_threading_by_headers(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("t1@example.com", "alice@example.com", "Question", "one");
	struct ingest_result first = store(f, &m, "t1"), r;
	char *refs[] = { (char *)"unknown@x", (char *)"t1@example.com" };

	m = msg("t2@example.com", "alice@example.com", "Re: Question", "two");
	m.in_reply_to = (char *)"t1@example.com";
	r = store(f, &m, "t2");
	assert_int_equal(r.outcome, INGEST_THREADED);
	assert_int_equal(r.ticket_id, first.ticket_id);
	/* References alone (newest first wins). */
	m = msg("t3@example.com", "alice@example.com", "Re: Question", "three");
	m.references = refs;
	m.nreferences = 2;
	assert_int_equal(store(f, &m, "t3").ticket_id, first.ticket_id);
	assert_int_equal(tu_int(f->db, "SELECT message_count FROM tickets ORDER BY id DESC LIMIT 1"), 3);
}

/* A ticket is born counting its first message; later ones count, move its
 * activity time only forward and leave its status alone unless it changes. */
static void
test_ticket_counts_and_activity(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("a1@example.com", "newcomer@example.com", "Hello", "#1001?");
	struct ingest_result first = store(f, &m, "a1");
	char *sql = xasprintf("SELECT message_count * 100000 + updated_at FROM tickets WHERE id = %lld",
	    (long long)first.ticket_id);

	assert_int_equal(first.outcome, INGEST_NEW_TICKET);
	/* A customer made just now has no orders, so none is linked. */
	assert_int_equal(tu_int(f->db, "SELECT order_id IS NULL FROM tickets ORDER BY id DESC LIMIT 1"),
	    1);
	assert_int_equal(tu_int(f->db, sql), 1 * 100000 + 5000);
	m = msg("a2@example.com", "newcomer@example.com", "Re: Hello", "older");
	m.in_reply_to = (char *)"a1@example.com";
	m.date = 4000;
	assert_int_equal(store(f, &m, "a2").ticket_id, first.ticket_id);
	assert_int_equal(tu_int(f->db, sql), 2 * 100000 + 5000);
	m = msg("a3@example.com", "newcomer@example.com", "Re: Hello", "newer");
	m.in_reply_to = (char *)"a1@example.com";
	m.date = 5500;
	assert_int_equal(store(f, &m, "a3").ticket_id, first.ticket_id);
	assert_int_equal(tu_int(f->db, sql), 3 * 100000 + 5500);
	assert_string_equal(status_of(f, first.ticket_id), "new");
	free(sql);
}

static void
test_subject_tag_needs_the_same_customer(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("s1@example.com", "alice@example.com",
	    "Re: Thank you! [#4]", "more");
	struct ingest_result r;

	tu_exec(f->db, "UPDATE tickets SET solved_at = 2400 WHERE id = 4");
	r = store(f, &m, "s1");

	/* Ticket 4 is Alice's and solved: it reopens. */
	assert_int_equal(r.ticket_id, 4);
	assert_int_equal(r.outcome, INGEST_REOPENED);
	assert_string_equal(status_of(f, 4), "open");
	assert_int_equal(tu_int(f->db, "SELECT solved_at IS NULL FROM tickets WHERE id = 4"), 1);
	/* Someone else quoting "[#4]" gets a ticket of their own. */
	m = msg("s2@example.com", "mallory@example.org", "Re: [#4] give me the refund", "x");
	r = store(f, &m, "s2");
	assert_int_equal(r.outcome, INGEST_NEW_TICKET);
	assert_int_not_equal(r.ticket_id, 4);
	assert_int_equal(ingest_subject_tag("x [#12] y"), 12);
	assert_int_equal(ingest_subject_tag("[#] [#a1] [#7"), 0);
}

static void
test_closed_ticket_gets_a_follow_up(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("c1@example.net", "olena@example.net", "Re: Повернення коштів [#5]",
	    "Ще питання");
	struct ingest_result r = store(f, &m, "c1");

	assert_int_equal(r.outcome, INGEST_FOLLOW_UP);
	assert_int_not_equal(r.ticket_id, 5);
	assert_string_equal(status_of(f, 5), "closed");
	assert_int_equal(tu_int(f->db, "SELECT follow_up_of FROM tickets ORDER BY id DESC LIMIT 1"), 5);
}

static void
test_pending_becomes_open(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("p1@example.org", "jiri@example.org", "Re: Vrácení [#3]", "Díky");
	struct ingest_result r = store(f, &m, "p1");

	assert_int_equal(r.ticket_id, 3);
	assert_string_equal(status_of(f, 3), "open");
}

static void
test_auto_replies_are_quiet(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("q1@example.com", "alice@example.com", "Out of office [#4]",
	    "I am away");
	int64_t tickets = tu_int(f->db, "SELECT count(*) FROM tickets");
	struct ingest_result r;

	m.flags = MIME_AUTO_REPLY;
	r = store(f, &m, "q1");
	/* Kept on the ticket; the solved ticket stays solved. */
	assert_int_equal(r.outcome, INGEST_QUIET);
	assert_int_equal(r.ticket_id, 4);
	assert_string_equal(status_of(f, 4), "solved");
	/* A bounce about nothing we know: stored on a closed, tagged ticket. */
	m = msg("q2@example.com", "mailer-daemon@example.com", "Undelivered Mail", "bounce");
	m.flags = MIME_BOUNCE;
	r = store(f, &m, "q2");
	assert_int_equal(r.outcome, INGEST_QUIET);
	assert_string_equal(status_of(f, r.ticket_id), "closed");
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM ticket_tags WHERE tag = 'bounce'"), 1);
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM tickets"), tickets + 1);
	/* The queue counts do not see it as work. */
	assert_int_equal(tu_int(f->db, "SELECT coalesce(sum(n), 0) FROM ticket_counts WHERE"
	    " status IN ('new', 'open')"), 3);
}

static void
test_order_link_and_notice(void **state)
{
	struct fx *f = *state;
	struct mime_message m = msg("o1@example.org", "jiri@example.org", "Dotaz",
	    "Objednávka №1002 ještě nepřišla.");
	struct ingest_result r;

	m.flags = MIME_LIMITED;
	m.notice = (char *)"MIME nesting deeper than 32: body not parsed";
	r = store(f, &m, "o1");
	assert_int_equal(r.outcome, INGEST_NEW_TICKET);
	assert_int_equal(tu_int(f->db, "SELECT order_id FROM tickets ORDER BY id DESC LIMIT 1"), 2);
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM messages WHERE notice LIKE 'MIME nesting%'"
	    " AND flags = 8"), 1);
	assert_int_equal(tu_int(f->db, "SELECT length(raw) FROM message_raw ORDER BY message_id DESC"
	    " LIMIT 1"), 2);
}

static int
collect(const char *num, void *arg)
{
	char *s = arg;
	size_t n = strlen(s);

	snprintf(s + n, 256 - n, "%s;", num);
	return 0;
}

static void
test_order_refs(void **state)
{
	char got[256] = "";

	ingest_order_refs("Order #1042, also #99 and #12345678901 and #2000x, №3003. #1", collect, got);
	assert_string_equal(got, "1042;3003;");
}

static void
test_attachments_stored_once(void **state)
{
	struct fx *f = *state;
	struct mime_attachment a[2];
	struct mime_message m = msg("at1@example.com", "alice@example.com", "Photo", "see photo");
	char sha[HASH_HEX_LEN + 1], *sql;

	memset(a, 0, sizeof a);
	a[0].filename = (char *)"damaged box.jpg";
	a[0].content_type = (char *)"image/jpeg";
	a[0].data = (unsigned char *)"\xff\xd8\xff\xe0 jpeg bytes";
	a[0].size = 16;
	a[1] = a[0];
	a[1].filename = (char *)"../../etc/passwd";
	m.att = a;
	m.natt = 2;
	store(f, &m, "at1");
	hash_sha256_hex(a[0].data, a[0].size, sha);
	/* Stored once, under its hash, never under the name it came with. */
	sql = xasprintf("SELECT count(*) FROM attachment_blobs WHERE sha256 = '%s'"
	    " AND data = x'ffd8ffe0206a70656720627974657300'", sha);
	assert_int_equal(tu_int(f->db, sql), 1);
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM attachment_blobs"), 1);
	assert_int_equal(tu_int(f->db, "SELECT count(DISTINCT sha256) FROM attachments"), 1);
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM attachments"), 2);
	free(sql);
}

/* One by one, each message is searchable at once; in a deferred batch,
 * none is until the batch indexes them all, in the same transaction. */
static void
test_deferred_search_index(void **state)
{
	struct fx *f = *state;
	struct ingest_opts o = { 0, NULL, 6000, NULL };
	struct mime_message m = msg("fts1@example.com", "alice@example.com", "Parcel", "zebra");
	struct ingest_result r;
	char *err = NULL;
	const char *q = "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zebra'";

	store(f, &m, "fts1");
	assert_int_equal(tu_int(f->db, q), 1);

	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(ingest_defer_index(f->db), 0);
	m = msg("fts2@example.com", "bob@example.com", "Parcel", "zebra again");
	assert_int_equal(ingest_store(f->db, &o, "fts2", 4, &m, &r, &err), 0);
	m = msg("fts3@example.com", "bob@example.com", "Parcel", "zebra third");
	assert_int_equal(ingest_store(f->db, &o, "fts3", 4, &m, &r, &err), 0);
	assert_int_equal(tu_int(f->db, q), 1);
	assert_int_equal(ingest_index_deferred(f->db), 0);
	assert_int_equal(tu_int(f->db, q), 3);
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM fts_deferred"), 0);
	assert_int_equal(db_commit(f->db), 0);

	/* A batch rolled back leaves no deferral behind. */
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(ingest_defer_index(f->db), 0);
	db_rollback(f->db);
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM fts_deferred"), 0);
	m = msg("fts4@example.com", "carol@example.com", "Parcel", "zebra four");
	store(f, &m, "fts4");
	assert_int_equal(tu_int(f->db, q), 4);
	assert_int_equal(sqlite3_exec(db_handle(f->db), "INSERT INTO messages_fts (messages_fts)"
	    " VALUES ('integrity-check')", NULL, NULL, NULL), SQLITE_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_refs),
		cmocka_unit_test_setup_teardown(test_new_customer_and_ticket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticket_counts_and_activity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threading_by_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subject_tag_needs_the_same_customer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_ticket_gets_a_follow_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_becomes_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_replies_are_quiet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_link_and_notice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attachments_stored_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred_search_index, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
