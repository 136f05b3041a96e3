/* tickets.c: the queue (filtered, keyset-paged, optionally full-text
 * searched) and one ticket with its conversation. Paging never uses OFFSET:
 * the cursor is the (time, id) of the last row shown, so rows arriving while
 * an agent pages neither repeat nor vanish. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/orders.h"
#include "core/row.h"
#include "core/tickets.h"
#include "db/db.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define LIST_HEAD \
	"SELECT t.id, t.subject, t.status, t.channel, t.priority, t.created_at," \
	" t.updated_at, t.message_count, c.id, c.name, c.email, a.login, o.number," \
	" t.order_id" \
	" FROM tickets t JOIN customers c ON c.id = t.customer_id" \
	" LEFT JOIN agents a ON a.id = t.assignee_id" \
	" LEFT JOIN orders o ON o.id = t.order_id" \
	" WHERE (?1 IS NULL OR t.status IN (SELECT value FROM json_each(?1)))" \
	" AND (?2 IS NULL OR t.channel IN (SELECT value FROM json_each(?2)))" \
	" AND (?3 IS NULL OR t.customer_id = ?3)" \
	" AND (?4 IS NULL OR (?4 = -1 AND t.assignee_id IS NULL) OR t.assignee_id = ?4)"
#define LIST_SEARCH \
	" AND t.id IN (SELECT m.ticket_id FROM messages m WHERE m.id IN" \
	" (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?7))"
#define AFTER_UPDATED " AND (?5 IS NULL OR (t.updated_at, t.id) < (?5, ?6))"
#define AFTER_CREATED " AND (?5 IS NULL OR (t.created_at, t.id) < (?5, ?6))"
#define ORDER_UPDATED " ORDER BY t.updated_at DESC, t.id DESC LIMIT ?8"
#define ORDER_CREATED " ORDER BY t.created_at DESC, t.id DESC LIMIT ?8"
/* Paging back up (towards newer rows): the mirror image. */
#define BEFORE_UPDATED " AND (?5 IS NULL OR (t.updated_at, t.id) > (?5, ?6))"
#define BEFORE_CREATED " AND (?5 IS NULL OR (t.created_at, t.id) > (?5, ?6))"
#define RORDER_UPDATED " ORDER BY t.updated_at, t.id LIMIT ?8"
#define RORDER_CREATED " ORDER BY t.created_at, t.id LIMIT ?8"

/* [sort][search][newer] */
static const char *const list_sql[2][2][2] = {
	{ { LIST_HEAD AFTER_UPDATED ORDER_UPDATED, LIST_HEAD BEFORE_UPDATED RORDER_UPDATED },
	  { LIST_HEAD LIST_SEARCH AFTER_UPDATED ORDER_UPDATED,
	    LIST_HEAD LIST_SEARCH BEFORE_UPDATED RORDER_UPDATED } },
	{ { LIST_HEAD AFTER_CREATED ORDER_CREATED, LIST_HEAD BEFORE_CREATED RORDER_CREATED },
	  { LIST_HEAD LIST_SEARCH AFTER_CREATED ORDER_CREATED,
	    LIST_HEAD LIST_SEARCH BEFORE_CREATED RORDER_CREATED } },
};

static const char SQL_TICKET[] =
	"SELECT t.id, t.subject, t.status, t.channel, t.priority, t.created_at,"
	" t.updated_at, t.first_response_at, t.solved_at, t.sla_due_at, t.follow_up_of,"
	" t.message_count, a.login, t.order_id, c.id, c.name, c.email, c.locale, c.phone"
	" FROM tickets t JOIN customers c ON c.id = t.customer_id"
	" LEFT JOIN agents a ON a.id = t.assignee_id WHERE t.id = ?1";
static const char SQL_TAGS[] =
	"SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag";
static const char SQL_MESSAGES[] =
	"SELECT m.id, m.direction, m.channel, m.external_id, m.in_reply_to, m.from_name,"
	" m.from_addr, m.to_addr, m.subject, m.body, m.created_at, a.login, m.flags, m.notice,"
	" o.state, o.last_error, o.id"
	" FROM messages m LEFT JOIN agents a ON a.id = m.agent_id"
	" LEFT JOIN outbox o ON o.message_id = m.id"
	" WHERE m.ticket_id = ?1 ORDER BY m.created_at, m.id";
static const char SQL_ATTACHMENTS[] =
	"SELECT id, filename, content_type, size, sha256 FROM attachments"
	" WHERE message_id = ?1 ORDER BY id";

static const char *const sort_tag[] = { "u", "c" };

char *
tickets_cursor_encode(enum ticket_sort sort, int64_t ts, int64_t id)
{
	return xasprintf("%s%" PRId64 ".%" PRId64, sort_tag[sort], ts, id);
}

static int
parse_i64(const char **p, char stop, int64_t *out)
{
	const char *s = *p;
	int64_t v = 0;
	int neg = 0, digits = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (INT64_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (digits == 0 || digits > 19 || *s != stop)
		return -1;
	*out = neg ? -v : v;
	*p = s;
	return 0;
}

int
tickets_cursor_decode(const char *s, enum ticket_sort sort, int64_t *ts, int64_t *id)
{
	if (s == NULL || s[0] != sort_tag[sort][0])
		return -1;
	s++;
	if (parse_i64(&s, '.', ts) != 0)
		return -1;
	s++;
	if (parse_i64(&s, '\0', id) != 0 || *id <= 0)
		return -1;
	return 0;
}

json_t *
tickets_list(struct db *db, const struct ticket_filter *f, char **err)
{
	const char *sql;
	sqlite3_stmt *st;
	json_t *list, *res;
	int64_t last_ts = 0, last_id = 0;
	int rc, n = 0;

	sql = list_sql[f->sort == TICKET_SORT_CREATED][f->fts != NULL][f->newer != 0];
	if ((st = db_stmt(db, sql)) == NULL) {
		*err = row_error(db_handle(db));
		return NULL;
	}
	db_bind_text_or_null(st, 1, f->statuses);
	db_bind_text_or_null(st, 2, f->channels);
	if (f->customer_id != 0)
		sqlite3_bind_int64(st, 3, f->customer_id);
	if (f->assignee_id != 0)
		sqlite3_bind_int64(st, 4, f->assignee_id);
	if (f->has_cursor) {
		sqlite3_bind_int64(st, 5, f->cursor_ts);
		sqlite3_bind_int64(st, 6, f->cursor_id);
	}
	if (f->fts != NULL)
		sqlite3_bind_text(st, 7, f->fts, -1, SQLITE_STATIC);
	/* One row more than asked tells whether there is a next page. */
	sqlite3_bind_int(st, 8, f->limit + 1);

	list = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *t, *c;

		if (n == f->limit)
			break;
		t = json_object();
		row_int(t, "id", st, 0);
		row_text(t, "subject", st, 1);
		row_text(t, "status", st, 2);
		row_text(t, "channel", st, 3);
		row_text(t, "priority", st, 4);
		row_int(t, "created_at", st, 5);
		row_int(t, "updated_at", st, 6);
		row_int(t, "message_count", st, 7);
		c = json_object();
		row_int(c, "id", st, 8);
		row_text(c, "name", st, 9);
		row_text(c, "email", st, 10);
		json_object_set_new(t, "customer", c);
		row_text(t, "assignee", st, 11);
		row_text(t, "order_number", st, 12);
		row_int(t, "order_id", st, 13);
		json_array_append_new(list, t);
		last_id = sqlite3_column_int64(st, 0);
		last_ts = sqlite3_column_int64(st, f->sort == TICKET_SORT_CREATED ? 5 : 6);
		n++;
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		if (f->fts != NULL && sqlite3_errcode(db_handle(db)) == SQLITE_ERROR)
			*err = xasprintf(_("cannot search for that text: %s"),
			    db_errmsg(db));
		else
			*err = row_error(db_handle(db));
		json_decref(list);
		return NULL;
	}
	res = json_object();
	json_object_set_new(res, "tickets", list);
	if (rc == SQLITE_ROW) {
		char *cur = tickets_cursor_encode(f->sort, last_ts, last_id);

		json_object_set_new(res, "next_cursor", json_string(cur));
		free(cur);
	} else {
		json_object_set_new(res, "next_cursor", json_null());
	}
	return res;
}

static int
add_strings(struct db *db, const char *sql, int64_t id, json_t *arr)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_string(db_col_text(st, 0)));
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
add_attachments(struct db *db, int64_t message_id, json_t *arr)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ATTACHMENTS);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, message_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *a = json_object();

		row_int(a, "id", st, 0);
		row_text(a, "filename", st, 1);
		row_text(a, "content_type", st, 2);
		row_int(a, "size", st, 3);
		row_text(a, "sha256", st, 4);
		json_array_append_new(arr, a);
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static json_t *
messages_of(struct db *db, int64_t ticket_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_MESSAGES);
	json_t *list = json_array(), *m;
	size_t i;
	int rc;

	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, ticket_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m = json_object();
		row_int(m, "id", st, 0);
		row_text(m, "direction", st, 1);
		row_text(m, "channel", st, 2);
		row_text(m, "external_id", st, 3);
		row_text(m, "in_reply_to", st, 4);
		row_text(m, "from_name", st, 5);
		row_text(m, "from_addr", st, 6);
		row_text(m, "to_addr", st, 7);
		row_text(m, "subject", st, 8);
		row_text(m, "body", st, 9);
		row_int(m, "created_at", st, 10);
		row_text(m, "agent", st, 11);
		row_int(m, "flags", st, 12);
		row_text(m, "notice", st, 13);
		/* Replies: where delivery stands (queued, sending, sent, failed). */
		row_text(m, "delivery", st, 14);
		row_text(m, "delivery_error", st, 15);
		row_int(m, "outbox", st, 16);
		json_array_append_new(list, m);
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	json_array_foreach(list, i, m) {
		json_t *att = json_array();

		json_object_set_new(m, "attachments", att);
		if (add_attachments(db, json_integer_value(json_object_get(m, "id")), att) != 0)
			goto fail;
	}
	return list;
fail:
	json_decref(list);
	return NULL;
}

json_t *
tickets_show(struct db *db, int64_t id, char **err)
{
	sqlite3_stmt *st;
	json_t *res = NULL, *t, *c, *tags, *msgs, *order = NULL;
	int64_t order_id = 0;
	int rc;

	*err = NULL;
	if (db_begin_read(db) != 0)
		goto dberr;
	if ((st = db_stmt(db, SQL_TICKET)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_done(st);
		if (rc != SQLITE_DONE)
			goto dberr;
		db_rollback(db);
		return NULL;
	}
	t = json_object();
	row_int(t, "id", st, 0);
	row_text(t, "subject", st, 1);
	row_text(t, "status", st, 2);
	row_text(t, "channel", st, 3);
	row_text(t, "priority", st, 4);
	row_int(t, "created_at", st, 5);
	row_int(t, "updated_at", st, 6);
	row_int(t, "first_response_at", st, 7);
	row_int(t, "solved_at", st, 8);
	row_int(t, "sla_due_at", st, 9);
	row_int(t, "follow_up_of", st, 10);
	row_int(t, "message_count", st, 11);
	row_text(t, "assignee", st, 12);
	c = json_object();
	row_int(c, "id", st, 14);
	row_text(c, "name", st, 15);
	row_text(c, "email", st, 16);
	row_text(c, "locale", st, 17);
	row_text(c, "phone", st, 18);
	if (sqlite3_column_type(st, 13) != SQLITE_NULL)
		order_id = sqlite3_column_int64(st, 13);
	db_done(st);

	res = json_object();
	json_object_set_new(res, "ticket", t);
	json_object_set_new(res, "customer", c);
	tags = json_array();
	json_object_set_new(t, "tags", tags);
	if (add_strings(db, SQL_TAGS, id, tags) != 0)
		goto dberr;
	if (order_id != 0 && (order = orders_get(db, order_id, err)) == NULL && *err != NULL)
		goto fail;
	json_object_set_new(res, "order", order != NULL ? order : json_null());
	if ((msgs = messages_of(db, id)) == NULL)
		goto dberr;
	json_object_set_new(res, "messages", msgs);
	db_rollback(db);  /* read-only: ending it is all a commit would do */
	return res;
dberr:
	*err = row_error(db_handle(db));
fail:
	db_rollback(db);
	json_decref(res);
	return NULL;
}
