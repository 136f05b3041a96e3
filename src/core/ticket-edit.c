/* ticket-edit.c: the write side of tickets that agents drive from the
 * keyboard. Read-before, write, read-after and the audit entry share one
 * BEGIN IMMEDIATE transaction, so the audit log can never disagree with the
 * ticket. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/row.h"
#include "core/ticket-edit.h"
#include "db/db.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static const char SQL_SUMMARY[] =
	"SELECT t.id, t.status, t.priority, a.login, t.updated_at, t.solved_at"
	" FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id WHERE t.id = ?1";
static const char SQL_TAGS[] = "SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag";
static const char SQL_SET_STATUS[] =
	"UPDATE tickets SET status = ?2, updated_at = ?3,"
	" solved_at = CASE WHEN ?2 IN ('solved', 'closed') THEN coalesce(solved_at, ?3)"
	"                  ELSE NULL END WHERE id = ?1";
static const char SQL_SET_PRIORITY[] =
	"UPDATE tickets SET priority = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_SET_ASSIGNEE[] =
	"UPDATE tickets SET assignee_id = ?2, updated_at = ?3,"
	" status = CASE WHEN status = 'new' AND ?2 IS NOT NULL THEN 'open' ELSE status END"
	" WHERE id = ?1";
static const char SQL_TAG_ADD[] =
	"INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)";
static const char SQL_TAG_DEL[] = "DELETE FROM ticket_tags WHERE ticket_id = ?1 AND tag = ?2";
static const char SQL_TOUCH[] = "UPDATE tickets SET updated_at = ?2 WHERE id = ?1";

json_t *
ticket_edit_summary(struct db *db, int64_t id, char **err)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SUMMARY);
	json_t *t = NULL, *tags;
	int rc;

	*err = NULL;
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		t = json_object();
		row_int(t, "id", st, 0);
		row_text(t, "status", st, 1);
		row_text(t, "priority", st, 2);
		row_text(t, "assignee", st, 3);
		row_int(t, "updated_at", st, 4);
		row_int(t, "solved_at", st, 5);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	if (t == NULL)
		return NULL;
	tags = json_array();
	json_object_set_new(t, "tags", tags);
	if ((st = db_stmt(db, SQL_TAGS)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(tags, json_string(db_col_text(st, 0)));
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return t;
fail:
	json_decref(t);
	*err = row_error(db_handle(db));
	return NULL;
}

/* Opens the transaction and reads the ticket as it is. */
static json_t *
begin_edit(struct db *db, int64_t id, struct op_error *err)
{
	json_t *before;
	char *e = NULL;

	if (db_begin(db) != 0) {
		op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(db));
		return NULL;
	}
	if ((before = ticket_edit_summary(db, id, &e)) == NULL) {
		if (e != NULL)
			op_error_set(err, OP_E_DB, "%s", e);
		else
			op_error_set(err, OP_E_NOT_FOUND, _("no ticket #%lld"), (long long)id);
		free(e);
		db_rollback(db);
	}
	return before;
}

/* Reads the result, writes the audit entry, commits. Takes before. */
static json_t *
finish_edit(struct db *db, const struct op_caller *who, const char *action, int64_t id,
    json_t *before, struct op_error *err)
{
	json_t *after, *res;
	char *e = NULL;

	if ((after = ticket_edit_summary(db, id, &e)) == NULL) {
		op_error_set(err, OP_E_DB, "%s", e != NULL ? e : "?");
		free(e);
		goto fail;
	}
	res = json_pack("{s:o,s:o}", "before", before, "after", after);
	before = NULL;
	if (audit_log(db, who, action, "ticket", id, res) != 0 || db_commit(db) != 0) {
		op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(db));
		json_decref(res);
		goto fail;
	}
	return res;
fail:
	json_decref(before);
	db_rollback(db);
	return NULL;
}

json_t *
ticket_edit_set(struct db *db, const struct op_caller *who, int64_t id,
    enum ticket_field field, const char *value,
    int (*check)(const struct op_caller *, json_t *, const char *, struct op_error *),
    struct op_error *err)
{
	static const char *const sql[] = { SQL_SET_STATUS, SQL_SET_PRIORITY, SQL_SET_ASSIGNEE };
	static const char *const action[] = { "ticket.status", "ticket.priority", "ticket.assign" };
	json_t *before = begin_edit(db, id, err);
	sqlite3_stmt *st;
	int rc;

	if (before == NULL)
		return NULL;
	if (check != NULL && check(who, before, value, err) != 0) {
		json_decref(before);
		db_rollback(db);
		return NULL;
	}
	if ((st = db_stmt(db, sql[field])) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, id);
	if (field == TICKET_ASSIGNEE && value != NULL)
		sqlite3_bind_int64(st, 2, strtoll(value, NULL, 10));
	else
		db_bind_text_or_null(st, 2, value);
	sqlite3_bind_int64(st, 3, clock_now());
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto dberr;
	return finish_edit(db, who, action[field], id, before, err);
dberr:
	op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(db));
	json_decref(before);
	db_rollback(db);
	return NULL;
}

static int
tag_step(struct db *db, const char *sql, int64_t id, const char *tag)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, tag, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

json_t *
ticket_edit_tags(struct db *db, const struct op_caller *who, int64_t id, json_t *add,
    json_t *remove, struct op_error *err)
{
	json_t *before = begin_edit(db, id, err), *v;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (before == NULL)
		return NULL;
	json_array_foreach(add, i, v)
		if (tag_step(db, SQL_TAG_ADD, id, json_string_value(v)) != 0)
			goto dberr;
	json_array_foreach(remove, i, v)
		if (tag_step(db, SQL_TAG_DEL, id, json_string_value(v)) != 0)
			goto dberr;
	if ((st = db_stmt(db, SQL_TOUCH)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, clock_now());
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto dberr;
	return finish_edit(db, who, "ticket.tag", id, before, err);
dberr:
	op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(db));
	json_decref(before);
	db_rollback(db);
	return NULL;
}
