/* test_db.c: opening, checking and migrating databases. A refused file must
 * come out byte-for-byte as it went in. */
#include "config.h"

#include <sys/stat.h>

#include "testutil.h"
#include "util/buf.h"

struct bytes {
	char *data;
	size_t len;
};

static struct bytes
slurp(const char *path)
{
	struct bytes b = { NULL, 0 };
	FILE *fp = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		b.data = xrealloc(b.data, b.len + n);
		memcpy(b.data + b.len, chunk, n);
		b.len += n;
	}
	fclose(fp);
	return b;
}

static void
assert_same_bytes(struct bytes before, const char *path)
{
	struct bytes after = slurp(path);

	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.data, after.data, before.len);
	free(after.data);
}

static void
write_file(const char *path, const char *content)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
}

/* Makes a file with raw SQLite (no aftercare checks). */
static void
raw_sql(const char *path, const char *sql)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void
expect_refusal_mode(const char *path, const char *needle, int also_create)
{
	struct db *db = NULL;
	char *err = NULL;
	struct bytes before = slurp(path);

	assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	assert_null(db);
	assert_non_null(err);
	assert_non_null(strstr(err, needle));
	assert_null(strchr(err, '\n'));
	free(err);
	assert_same_bytes(before, path);
	if (also_create) {
		/* Even the creating open refuses and leaves it alone. */
		assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), -1);
		free(err);
		assert_same_bytes(before, path);
	}
	free(before.data);
}

static void
expect_refusal(const char *path, const char *needle)
{
	expect_refusal_mode(path, needle, 1);
}

static void
test_missing_file_is_not_created(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/none.db", dir), *err = NULL;
	struct db *db = NULL;

	assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	assert_non_null(strstr(err, "no database at"));
	assert_int_equal(access(path, F_OK), -1);
	free(err);
	free(path);
	tu_rmdir(dir);
}

static void
test_create_from_zero(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/sub/dir/a.db", dir), *err = NULL;
	char *sub = xasprintf("%s/sub", dir);
	struct db *db = NULL;
	struct stat sb;

	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), 0);
	assert_null(err);
	assert_int_equal(db_schema_version(db), db_schema_latest());
	assert_true(db_schema_latest() >= 4);
	assert_int_equal(tu_int(db, "PRAGMA application_id"), DB_APPLICATION_ID);
	assert_int_equal(tu_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(tu_int(db, "PRAGMA synchronous"), 2);
	assert_int_equal(tu_int(db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
	/* The whole model is there. */
	assert_int_equal(tu_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND"
	    " name IN ('customers', 'customer_identities', 'orders', 'order_items',"
	    " 'fulfillments', 'loyalty_accounts', 'loyalty_ledger', 'tickets', 'messages',"
	    " 'messages_fts', 'attachments', 'sources', 'outbox', 'returns', 'return_items',"
	    " 'surveys', 'agents', 'audit_log', 'templates')"), 19);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	db_close(&db);
	assert_null(db);
	/* Opening again is a no-op upgrade. */
	assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), 0);
	assert_int_equal(db_schema_version(db), db_schema_latest());
	db_close(&db);
	free(sub);
	free(path);
	tu_rmdir(dir);
}

/* Every older schema upgrades to the latest, keeping its data. */
static void
test_upgrade_from_every_version(void **state)
{
	int v;

	for (v = 1; v < db_schema_latest(); v++) {
		char *dir = tu_tmpdir(), *path = xasprintf("%s/old.db", dir), *err = NULL;
		struct db *db = NULL;

		assert_int_equal(db_open_version(path, DB_OPEN_CREATE, v, &db, &err), 0);
		assert_int_equal(db_schema_version(db), v);
		tu_exec(db, "INSERT INTO customers (id, name, email, created_at, updated_at)"
		    " VALUES (7, 'Old Customer', 'old@example.com', 1, 1)");
		if (v >= 3)
			tu_exec(db, "INSERT INTO tickets (customer_id, channel, created_at, updated_at)"
			    " VALUES (7, 'chat', 1, 1)");
		db_close(&db);

		assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), 0);
		assert_int_equal(db_schema_version(db), db_schema_latest());
		assert_int_equal(tu_int(db, "SELECT count(*) FROM customers WHERE id = 7"
		    " AND email = 'old@example.com'"), 1);
		assert_int_equal(tu_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'templates'"), 1);
		if (v >= 3) {
			/* Tickets written before the counters existed are counted. */
			assert_int_equal(tu_int(db, "SELECT n FROM ticket_counts WHERE status = 'new'"
			    " AND channel = 'chat'"), 1);
		}
		db_close(&db);
		free(path);
		tu_rmdir(dir);
	}
}

/* A failing migration leaves the database exactly at its old version. */
static void
test_failed_upgrade_rolls_back(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/old.db", dir), *err = NULL;
	struct db *db = NULL;

	assert_int_equal(db_open_version(path, DB_OPEN_CREATE, 2, &db, &err), 0);
	tu_exec(db, "INSERT INTO customers (id, name, created_at, updated_at) VALUES (1, 'x', 1, 1);"
	    "CREATE TABLE tickets (x);");  /* migration 3 creates tickets: it must fail */
	db_close(&db);
	assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
	assert_non_null(strstr(err, "schema 3"));
	free(err);
	{
		sqlite3 *h;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT (SELECT user_version FROM pragma_user_version),"
		    " (SELECT count(*) FROM sqlite_schema WHERE name IN ('messages', 'agents')),"
		    " (SELECT count(*) FROM customers)", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 2);
		assert_int_equal(sqlite3_column_int(st, 1), 0);
		assert_int_equal(sqlite3_column_int(st, 2), 1);
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	free(path);
	tu_rmdir(dir);
}

static void
test_newer_database_refused(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/new.db", dir), *err = NULL;
	char *sql = xasprintf("PRAGMA user_version = %d", db_schema_latest() + 1);
	struct db *db = NULL;

	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), 0);
	tu_exec(db, sql);
	tu_exec(db, "PRAGMA journal_mode = DELETE");
	db_close(&db);
	expect_refusal(path, "newer aftercare");
	free(sql);
	free(path);
	tu_rmdir(dir);
}

static void
test_foreign_sqlite_refused(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/other.db", dir);

	raw_sql(path, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
	expect_refusal(path, "not an aftercare one");
	free(path);
	tu_rmdir(dir);
}

static void
test_not_sqlite_refused(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/text.db", dir);
	char junk[8192];
	size_t i;

	write_file(path, "this is a shopping list, not a database\n");
	expect_refusal(path, "not an SQLite file");
	/* A corrupt header (random bytes at SQLite's size) too. */
	for (i = 0; i < sizeof junk - 1; i++)
		junk[i] = (char)(1 + (i * 7919) % 250);
	junk[sizeof junk - 1] = '\0';
	write_file(path, junk);
	expect_refusal(path, "not an SQLite file");
	free(path);
	tu_rmdir(dir);
}

static void
test_empty_file_needs_init(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/empty.db", dir), *err = NULL;
	struct db *db = NULL;

	write_file(path, "");
	expect_refusal_mode(path, "aftercare init", 0);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), 0);
	assert_int_equal(db_schema_version(db), db_schema_latest());
	db_close(&db);
	free(path);
	tu_rmdir(dir);
}

static void
test_unreadable_refused(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/locked.db", dir), *err = NULL;
	struct db *db = NULL;

	if (geteuid() == 0) {
		/* root reads anything: a directory in place of the file instead. */
		assert_int_equal(mkdir(path, 0700), 0);
		assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
		assert_non_null(strstr(err, "not a regular file"));
	} else {
		write_file(path, "x");
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), -1);
		assert_non_null(strstr(err, "Permission denied"));
	}
	free(err);
	free(path);
	tu_rmdir(dir);
}

static void
test_statement_cache_and_immediate(void **state)
{
	static const char SQL_A[] = "SELECT count(*) FROM tickets";
	char *dir = tu_tmpdir(), *path = xasprintf("%s/a.db", dir), *err = NULL;
	struct db *db = NULL, *other = NULL;
	sqlite3_stmt *a, *b;

	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), 0);
	a = db_stmt(db, SQL_A);
	assert_non_null(a);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	b = db_stmt(db, SQL_A);
	assert_ptr_equal(a, b);  /* prepared once, reset on reuse */
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	db_done(b);
	assert_null(db_stmt(db, "SELECT nonsense FROM nowhere"));

	/* A writer holds the write lock from BEGIN on, not from its first write. */
	assert_int_equal(db_open(path, DB_OPEN_EXISTING, &other, &err), 0);
	assert_int_equal(db_begin(db), 0);
	sqlite3_busy_timeout(db_handle(other), 10);
	assert_int_equal(db_begin(other), -1);
	db_rollback(other);
	db_rollback(db);
	assert_int_equal(db_begin(other), 0);
	assert_int_equal(db_commit(other), 0);
	db_close(&other);
	db_close(&db);
	free(path);
	tu_rmdir(dir);
}

/* The number of log frames not yet copied into the database, as a passive
 * checkpoint of our own finds them (it copies them too). */
static int
wal_frames(struct db *db, int *copied)
{
	int log = -1, ckpt = -1;

	assert_int_equal(sqlite3_wal_checkpoint_v2(db_handle(db), NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &log, &ckpt), SQLITE_OK);
	*copied = ckpt;
	return log;
}

/* The bulk writer's checkpointer copies the log after each kick, in its own
 * thread; waiting for it lets the next transaction start the log afresh;
 * stopping gives the writer its automatic checkpoints back. */
static void
test_checkpointer(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/c.db", dir), *err = NULL;
	struct db *db = NULL;
	struct db_checkpointer *c;
	int copied, log;

	(void)state;
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), 0);
	c = db_checkpointer_start(db);
	assert_non_null(c);
	assert_int_equal(tu_int(db, "PRAGMA wal_autocheckpoint"), 0);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(sqlite3_exec(db_handle(db), "WITH RECURSIVE n(i) AS (SELECT 1"
		    " UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO customers (name,"
		    " created_at, updated_at) SELECT printf('%0500d', i), 0, 0 FROM n", NULL, NULL,
		    NULL), SQLITE_OK);
		assert_int_equal(db_commit(db), 0);
		db_checkpointer_kick(c);
		db_checkpointer_wait(c);
		/* Everything was copied by the thread: nothing left for us. */
		log = wal_frames(db, &copied);
		assert_true(log > 0);
		assert_int_equal(copied, log);
	}
	/* The next transaction starts the log again from its beginning. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE customers SET name = 'x' WHERE id = 1",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_commit(db), 0);
	assert_true(wal_frames(db, &copied) < 10);
	db_checkpointer_kick(c);
	db_checkpointer_stop(&c);
	assert_null(c);
	db_checkpointer_stop(&c);
	assert_int_equal(tu_int(db, "PRAGMA wal_autocheckpoint"), 1000);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM customers"), 6000);
	db_close(&db);
	free(path);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file_is_not_created),
		cmocka_unit_test(test_create_from_zero),
		cmocka_unit_test(test_upgrade_from_every_version),
		cmocka_unit_test(test_failed_upgrade_rolls_back),
		cmocka_unit_test(test_newer_database_refused),
		cmocka_unit_test(test_foreign_sqlite_refused),
		cmocka_unit_test(test_not_sqlite_refused),
		cmocka_unit_test(test_empty_file_needs_init),
		cmocka_unit_test(test_unreadable_refused),
		cmocka_unit_test(test_statement_cache_and_immediate),
		cmocka_unit_test(test_checkpointer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
