/* stats.c: counts over the queue, read from ticket_counts, which triggers
 * keep current: constant time however large the queue. */
#include "config.h"

#include <stddef.h>

#include "core/row.h"
#include "core/stats.h"
#include "db/db.h"

static const char SQL_BY[] =
	"SELECT status, channel, n FROM ticket_counts WHERE n > 0";
static const char SQL_COUNTS[] =
	"SELECT (SELECT count(*) FROM customers WHERE erased = 0),"
	" (SELECT count(*) FROM returns WHERE status NOT IN"
	"  ('refunded', 'credited', 'exchanged', 'closed', 'rejected', 'cancelled'))";

static const char *const statuses[] = { "new", "open", "pending", "solved", "closed", NULL };
static const char *const channels[] = { "email", "chat", NULL };

static void
zeroes(json_t *o, const char *const *keys)
{
	for (; *keys != NULL; keys++)
		json_object_set_new(o, *keys, json_integer(0));
}

static void
add_to(json_t *o, const char *key, json_int_t n)
{
	json_t *v = json_object_get(o, key);

	json_object_set_new(o, key, json_integer((v != NULL ? json_integer_value(v) : 0) + n));
}

static json_t *
stats_run(struct db *db, int queue_only, char **err)
{
	json_t *res = json_object(), *by_status = json_object(), *by_channel = json_object();
	json_int_t total = 0;
	sqlite3_stmt *st;
	int rc;

	zeroes(by_status, statuses);
	zeroes(by_channel, channels);
	json_object_set_new(res, "by_status", by_status);
	json_object_set_new(res, "by_channel", by_channel);
	if (db_begin_read(db) != 0 || (st = db_stmt(db, SQL_BY)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_int_t n = sqlite3_column_int64(st, 2);

		add_to(by_status, db_col_text(st, 0), n);
		add_to(by_channel, db_col_text(st, 1), n);
		total += n;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	json_object_set_new(res, "total", json_integer(total));
	if (queue_only) {
		db_rollback(db);
		return res;
	}
	if ((st = db_stmt(db, SQL_COUNTS)) == NULL)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_int(res, "customers", st, 0);
		row_int(res, "open_returns", st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		goto fail;
	db_rollback(db);
	return res;
fail:
	*err = row_error(db_handle(db));
	db_rollback(db);
	json_decref(res);
	return NULL;
}

json_t *
stats_summary(struct db *db, char **err)
{
	return stats_run(db, 0, err);
}

json_t *
stats_queue(struct db *db, char **err)
{
	return stats_run(db, 1, err);
}
