/* ingest.c: the one path from a parsed message to the ticket queue. It runs
 * inside the caller's transaction so that a source's cursor can be saved
 * with the messages it covers; every lookup uses an index. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ingest.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static const char SQL_DUP_MSGID[] =
	"SELECT id, ticket_id FROM messages WHERE external_id = ?1 AND channel = 'email' LIMIT 1";
static const char SQL_DUP_HASH[] =
	"SELECT id, ticket_id FROM messages WHERE content_hash = ?1 AND external_id IS NULL LIMIT 1";
static const char SQL_SEEN[] =
	"INSERT OR IGNORE INTO source_items (source_id, remote_id, message_id, seen_at)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_CUSTOMER_BY_EMAIL[] =
	"SELECT customer_id FROM customer_identities WHERE kind = 'email' AND value = ?1";
static const char SQL_NEW_CUSTOMER[] =
	"INSERT INTO customers (name, email, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)";
static const char SQL_NEW_IDENTITY[] =
	"INSERT INTO customer_identities (customer_id, kind, value, created_at)"
	" VALUES (?1, 'email', ?2, ?3)";
static const char SQL_THREAD_BY_MSGID[] =
	"SELECT ticket_id FROM messages WHERE external_id = ?1 ORDER BY id DESC LIMIT 1";
static const char SQL_TICKET[] =
	"SELECT customer_id, status, order_id, updated_at, solved_at IS NOT NULL"
	" FROM tickets WHERE id = ?1";
/* A new ticket is born with its first message counted. */
static const char SQL_NEW_TICKET[] =
	"INSERT INTO tickets (customer_id, channel, status, subject, source_id, follow_up_of,"
	" message_count, created_at, updated_at) VALUES (?1, 'email', ?2, ?3, ?4, ?5, 1, ?6, ?6)";
static const char SQL_TAG[] = "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)";
static const char SQL_MESSAGE[] =
	"INSERT INTO messages (ticket_id, direction, channel, external_id, in_reply_to, from_name,"
	" from_addr, to_addr, subject, body, source_id, content_hash, created_at, flags, notice)"
	" VALUES (?1, 'in', 'email', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char SQL_RAW[] =
	"INSERT INTO message_raw (message_id, raw, codec) VALUES (?1, ?2, ?3)";
static const char SQL_BLOB[] =
	"INSERT OR IGNORE INTO attachment_blobs (sha256, data) VALUES (?1, ?2)";
static const char SQL_ATTACHMENT[] =
	"INSERT INTO attachments (message_id, filename, content_type, size, sha256)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
/* Counting touches no index; the rest rewrites four, so it runs only when
 * something it sets changes. */
static const char SQL_COUNT[] =
	"UPDATE tickets SET message_count = message_count + 1 WHERE id = ?1";
static const char SQL_TOUCH[] =
	"UPDATE tickets SET updated_at = max(updated_at, ?2), status = ?3,"
	" solved_at = CASE WHEN ?3 IN ('solved', 'closed') THEN solved_at ELSE NULL END"
	" WHERE id = ?1";
static const char SQL_ORDER_BY_NUMBER[] =
	"SELECT id FROM orders WHERE customer_id = ?1 AND number IN ('#' || ?2, ?2)"
	" ORDER BY number = '#' || ?2 DESC LIMIT 1";
static const char SQL_LINK_ORDER[] =
	"UPDATE tickets SET order_id = ?2 WHERE id = ?1 AND order_id IS NULL";

static const char SQL_DEFER[] =
	"INSERT INTO fts_deferred (after_id) SELECT coalesce(max(id), 0) FROM messages";
static const char SQL_INDEX_DEFERRED[] =
	"INSERT INTO messages_fts (rowid, subject, body) SELECT id, subject, body FROM messages"
	" WHERE id > (SELECT min(after_id) FROM fts_deferred)";
static const char SQL_UNDEFER[] = "DELETE FROM fts_deferred";

struct ctx {
	struct db *db;
	const struct ingest_opts *o;
	const struct mime_message *m;
	char **err;
};

static int
dberr(struct ctx *c)
{
	*c->err = xasprintf(_("database error while storing a message: %s"), db_errmsg(c->db));
	return -1;
}

/* Runs a statement expected to give at most one row; *out gets column 0.
 * Returns 1 (row), 0 (none), -1 (error). st is bound by the caller. */
static int
one_int(sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
exec_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int64_t
ingest_subject_tag(const char *subject)
{
	const char *p;

	for (p = subject; p != NULL && (p = strstr(p, "[#")) != NULL; p += 2) {
		const char *q = p + 2;
		int64_t n = 0;
		int digits = 0;

		while (*q >= '0' && *q <= '9' && digits < 18) {
			n = n * 10 + (*q - '0');
			q++;
			digits++;
		}
		if (digits > 0 && *q == ']')
			return n;
	}
	return 0;
}

void
ingest_order_refs(const char *text, int (*found)(const char *, void *), void *ctx)
{
	const char *p = text;

	if (text == NULL)
		return;
	/* "#1042" or "№1042": the form the shop's own numbers take. */
	while (*p != '\0') {
		size_t skip = 0;

		if (*p == '#')
			skip = 1;
		else if (strncmp(p, "\xe2\x84\x96", 3) == 0)  /* № */
			skip = 3;
		if (skip > 0) {
			const char *q = p + skip;
			size_t n = 0;

			while (q[n] >= '0' && q[n] <= '9')
				n++;
			if (n >= 3 && n <= 10 && !(q[n] >= 'A' && q[n] <= 'Z') &&
			    !(q[n] >= 'a' && q[n] <= 'z')) {
				char num[16];

				memcpy(num, q, n);
				num[n] = '\0';
				if (found(num, ctx))
					return;
			}
			p = q;
			continue;
		}
		p++;
	}
}

static int store_clean(struct db *db, const struct ingest_opts *o, const struct pack *raw,
    const struct mime_message *m, struct ingest_result *res, char **err);

/* A one-line field (a name, a subject): an encoded word may decode to CR,
 * LF or TAB, which would break the line wherever it is shown or reused. */
static char *
one_line(const char *s)
{
	char *out = xstrdup(s != NULL ? s : ""), *p;

	for (p = out; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t' || *p == '\v' || *p == '\f')
			*p = ' ';
	return out;
}

int
ingest_store_packed(struct db *db, const struct ingest_opts *o, const struct pack *raw,
    const struct mime_message *m, struct ingest_result *res, char **err)
{
	struct mime_message mm = *m;
	char *name = one_line(m->from_name), *subject = one_line(m->subject);
	int rc;

	mm.from_name = name;
	mm.subject = subject;
	rc = store_clean(db, o, raw, &mm, res, err);
	free(name);
	free(subject);
	return rc;
}

int
ingest_store(struct db *db, const struct ingest_opts *o, const char *raw, size_t rawlen,
    const struct mime_message *m, struct ingest_result *res, char **err)
{
	struct pack p;
	int rc;

	pack_make(NULL, raw, rawlen, &p);
	rc = ingest_store_packed(db, o, &p, m, res, err);
	pack_free(&p);
	return rc;
}

void
ingest_order_refs_re(const regex_t *re, const char *text, int (*found)(const char *, void *),
    void *ctx)
{
	const char *p = text;
	regmatch_t rm[2];
	int eflags = 0;

	if (text == NULL)
		return;
	while (*p != '\0' && regexec(re, p, 2, rm, eflags) == 0) {
		regmatch_t *g = rm[1].rm_so >= 0 ? &rm[1] : &rm[0];
		size_t n = (size_t)(g->rm_eo - g->rm_so);

		if (n > 0 && n < 64) {
			char num[64];

			memcpy(num, p + g->rm_so, n);
			num[n] = '\0';
			if (found(num, ctx))
				return;
		}
		if (rm[0].rm_eo == 0) {
			/* An empty match: step one character (UTF-8 safe enough for
			 * a search restart) so that the loop ends. */
			p++;
		} else {
			p += rm[0].rm_eo;
		}
		eflags = REG_NOTBOL;
	}
}

static int64_t
find_or_create_customer(struct ctx *c, int *failed, int *created)
{
	const struct mime_message *m = c->m;
	char *addr = m->from_addr != NULL ? xstrdup(m->from_addr) : NULL, *p;
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	*failed = 0;
	*created = 0;
	if (addr != NULL) {
		/* Identities are stored lower-case: addresses compare that way in
		 * practice even though the local part may be case-sensitive. */
		for (p = addr; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if ((st = db_stmt(c->db, SQL_CUSTOMER_BY_EMAIL)) == NULL)
			goto fail;
		sqlite3_bind_text(st, 1, addr, -1, SQLITE_STATIC);
		if ((rc = one_int(st, &id)) < 0)
			goto fail;
		if (rc == 1)
			goto out;
	}
	if ((st = db_stmt(c->db, SQL_NEW_CUSTOMER)) == NULL)
		goto fail;
	{
		const char *name = m->from_name != NULL && m->from_name[0] != '\0' ? m->from_name :
		    addr != NULL ? addr : _("(unknown sender)");

		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	}
	db_bind_text_or_null(st, 2, addr);
	sqlite3_bind_int64(st, 3, c->o->now);
	if (exec_done(st) != 0)
		goto fail;
	id = sqlite3_last_insert_rowid(db_handle(c->db));
	*created = 1;
	if (addr != NULL) {
		if ((st = db_stmt(c->db, SQL_NEW_IDENTITY)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, addr, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, c->o->now);
		if (exec_done(st) != 0)
			goto fail;
	}
out:
	free(addr);
	return id;
fail:
	free(addr);
	*failed = 1;
	return 0;
}

/* The ticket this message answers, by In-Reply-To then References (newest
 * first). 0 if none; -1 on error. */
static int64_t
thread_by_headers(struct ctx *c)
{
	const struct mime_message *m = c->m;
	sqlite3_stmt *st;
	int64_t t = 0;
	size_t i;
	int rc;

	for (i = 0; i <= m->nreferences; i++) {
		const char *id = i == 0 ? m->in_reply_to : m->references[m->nreferences - i];

		if (id == NULL || id[0] == '\0')
			continue;
		if ((st = db_stmt(c->db, SQL_THREAD_BY_MSGID)) == NULL)
			return -1;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if ((rc = one_int(st, &t)) < 0)
			return -1;
		if (rc == 1)
			return t;
	}
	return 0;
}

struct ticket_info {
	int64_t customer_id, order_id, updated_at;
	int solved_at;
	char status[16];
};

static int
ticket_info(struct ctx *c, int64_t id, struct ticket_info *ti)
{
	sqlite3_stmt *st = db_stmt(c->db, SQL_TICKET);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ti->customer_id = sqlite3_column_int64(st, 0);
		snprintf(ti->status, sizeof ti->status, "%s", db_col_text(st, 1));
		ti->order_id = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(st, 2);
		ti->updated_at = sqlite3_column_int64(st, 3);
		ti->solved_at = sqlite3_column_int(st, 4);
	}
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int64_t
new_ticket(struct ctx *c, int64_t customer, const char *status, int64_t follow_up_of,
    int64_t at)
{
	sqlite3_stmt *st = db_stmt(c->db, SQL_NEW_TICKET);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->m->subject != NULL ? c->m->subject : "", -1, SQLITE_STATIC);
	if (c->o->source_id != 0)
		sqlite3_bind_int64(st, 4, c->o->source_id);
	if (follow_up_of != 0)
		sqlite3_bind_int64(st, 5, follow_up_of);
	sqlite3_bind_int64(st, 6, at);
	if (exec_done(st) != 0)
		return -1;
	return sqlite3_last_insert_rowid(db_handle(c->db));
}

static int
tag(struct ctx *c, int64_t ticket, const char *t)
{
	sqlite3_stmt *st = db_stmt(c->db, SQL_TAG);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
	return exec_done(st);
}

/* The bytes once per hash, in the caller's transaction. */
static int
store_blob(struct ctx *c, const unsigned char *data, size_t len, const char *sha)
{
	sqlite3_stmt *st = db_stmt(c->db, SQL_BLOB);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 2, data, len, SQLITE_STATIC);
	return exec_done(st);
}

#define ORDER_TRIED 8

struct order_find {
	struct ctx *c;
	int64_t customer, order;
	int failed;
	/* A customer repeats the number (and quotes it): ask once per number. */
	char tried[ORDER_TRIED][16];
	size_t ntried;
};

static int
order_found(const char *num, void *arg)
{
	struct order_find *f = arg;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < f->ntried; i++)
		if (strcmp(f->tried[i], num) == 0)
			return 0;
	if (strlen(num) < sizeof f->tried[0] && f->ntried < ORDER_TRIED)
		memcpy(f->tried[f->ntried++], num, strlen(num) + 1);
	if ((st = db_stmt(f->c->db, SQL_ORDER_BY_NUMBER)) == NULL) {
		f->failed = 1;
		return 1;
	}
	sqlite3_bind_int64(st, 1, f->customer);
	sqlite3_bind_text(st, 2, num, -1, SQLITE_STATIC);
	rc = one_int(st, &f->order);
	if (rc < 0)
		f->failed = 1;
	return rc != 0;
}

/* Links the ticket to an order of this customer that the message names. */
static int
link_order(struct ctx *c, int64_t ticket, int64_t customer)
{
	struct order_find f;
	sqlite3_stmt *st;

	memset(&f, 0, sizeof f);
	f.c = c;
	f.customer = customer;
	if (c->o->order_re != NULL) {
		ingest_order_refs_re(c->o->order_re, c->m->subject, order_found, &f);
		if (f.order == 0 && !f.failed)
			ingest_order_refs_re(c->o->order_re, c->m->body, order_found, &f);
	} else {
		ingest_order_refs(c->m->subject, order_found, &f);
		if (f.order == 0 && !f.failed)
			ingest_order_refs(c->m->body, order_found, &f);
	}
	if (f.failed)
		return -1;
	if (f.order == 0)
		return 0;
	if ((st = db_stmt(c->db, SQL_LINK_ORDER)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	sqlite3_bind_int64(st, 2, f.order);
	return exec_done(st);
}

static int
mark_seen(struct ctx *c, int64_t message_id)
{
	sqlite3_stmt *st;

	if (c->o->source_id == 0 || c->o->remote_id == NULL)
		return 0;
	if ((st = db_stmt(c->db, SQL_SEEN)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, c->o->source_id);
	sqlite3_bind_text(st, 2, c->o->remote_id, -1, SQLITE_STATIC);
	if (message_id != 0)
		sqlite3_bind_int64(st, 3, message_id);
	sqlite3_bind_int64(st, 4, c->o->now);
	return exec_done(st);
}

/* Counts the message on its ticket; a ticket made for it was born counted
 * (ti NULL). The activity time and status change only when they differ. */
static int
touch(struct ctx *c, int64_t ticket, int64_t at, const char *status,
    const struct ticket_info *ti)
{
	sqlite3_stmt *st;
	int reopen;

	if (ti == NULL)
		return 0;
	if ((st = db_stmt(c->db, SQL_COUNT)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	if (exec_done(st) != 0)
		return -1;
	reopen = ti->solved_at && strcmp(status, "solved") != 0 && strcmp(status, "closed") != 0;
	if (at <= ti->updated_at && strcmp(status, ti->status) == 0 && !reopen)
		return 0;
	if ((st = db_stmt(c->db, SQL_TOUCH)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ticket);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
	return exec_done(st);
}

static int
store_clean(struct db *db, const struct ingest_opts *o, const struct pack *raw,
    const struct mime_message *m, struct ingest_result *res, char **err)
{
	struct ctx c = { db, o, m, err };
	const char *hash = raw->sha256;
	sqlite3_stmt *st;
	struct ticket_info ti;
	int64_t ticket = 0, customer, at, tagged;
	int quiet = (m->flags & (MIME_AUTO_REPLY | MIME_BOUNCE | MIME_BULK)) != 0, failed, created;
	int rc;
	const char *status = "new";
	int ticket_new = 1;
	size_t i;

	memset(res, 0, sizeof *res);
	*err = NULL;

	/* Stored once, however often it is seen. */
	st = db_stmt(db, m->message_id != NULL ? SQL_DUP_MSGID : SQL_DUP_HASH);
	if (st == NULL)
		return dberr(&c);
	sqlite3_bind_text(st, 1, m->message_id != NULL ? m->message_id : hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		res->outcome = INGEST_DUPLICATE;
		res->message_id = sqlite3_column_int64(st, 0);
		res->ticket_id = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(&c);
	if (rc == SQLITE_ROW)
		return mark_seen(&c, res->message_id) == 0 ? 0 : dberr(&c);

	/* A Date far in the future (or missing) is not trusted for ordering. */
	at = m->date > 0 && m->date <= o->now + 86400 ? m->date : o->now;
	customer = find_or_create_customer(&c, &failed, &created);
	if (failed)
		return dberr(&c);

	if ((ticket = thread_by_headers(&c)) < 0)
		return dberr(&c);
	if (ticket == 0 && (tagged = ingest_subject_tag(m->subject)) > 0) {
		/* The tag counts only from the ticket's own customer: anyone can
		 * type "[#42]" into a subject. */
		if ((rc = ticket_info(&c, tagged, &ti)) < 0)
			return dberr(&c);
		if (rc == 1 && ti.customer_id == customer)
			ticket = tagged;
	}
	if (ticket != 0) {
		if (ticket_info(&c, ticket, &ti) != 1)
			return dberr(&c);
		status = ti.status;
		ticket_new = 0;
		if (quiet) {
			res->outcome = INGEST_QUIET;
		} else if (strcmp(ti.status, "closed") == 0) {
			if ((ticket = new_ticket(&c, customer, "new", ticket, at)) < 0)
				return dberr(&c);
			status = "new";
			ticket_new = 1;
			res->outcome = INGEST_FOLLOW_UP;
		} else if (strcmp(ti.status, "solved") == 0 || strcmp(ti.status, "pending") == 0) {
			/* The customer answered: the ball is in our court again. */
			status = "open";
			res->outcome = strcmp(ti.status, "solved") == 0 ? INGEST_REOPENED :
			    INGEST_THREADED;
		} else {
			res->outcome = INGEST_THREADED;
		}
	} else {
		/* Auto-replies and bulk mail never open work: they are kept on a
		 * closed ticket, tagged, out of the queue. */
		status = quiet ? "closed" : "new";
		if ((ticket = new_ticket(&c, customer, status, 0, at)) < 0)
			return dberr(&c);
		res->outcome = quiet ? INGEST_QUIET : INGEST_NEW_TICKET;
	}
	if (quiet) {
		const char *t = m->flags & MIME_BOUNCE ? "bounce" :
		    m->flags & MIME_AUTO_REPLY ? "auto-reply" : "bulk";

		if (tag(&c, ticket, t) != 0)
			return dberr(&c);
	}

	if ((st = db_stmt(db, SQL_MESSAGE)) == NULL)
		return dberr(&c);
	sqlite3_bind_int64(st, 1, ticket);
	db_bind_text_or_null(st, 2, m->message_id);
	db_bind_text_or_null(st, 3, m->in_reply_to);
	sqlite3_bind_text(st, 4, m->from_name != NULL ? m->from_name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, m->from_addr != NULL ? m->from_addr : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, m->to_addr != NULL ? m->to_addr : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, m->subject != NULL ? m->subject : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, m->body != NULL ? m->body : "", -1, SQLITE_STATIC);
	if (o->source_id != 0)
		sqlite3_bind_int64(st, 9, o->source_id);
	sqlite3_bind_text(st, 10, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, at);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)m->flags);
	db_bind_text_or_null(st, 13, m->notice);
	if (exec_done(st) != 0)
		return dberr(&c);
	res->message_id = sqlite3_last_insert_rowid(db_handle(db));

	if ((st = db_stmt(db, SQL_RAW)) == NULL)
		return dberr(&c);
	sqlite3_bind_int64(st, 1, res->message_id);
	sqlite3_bind_blob64(st, 2, raw->data, raw->len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, pack_codec_name(raw->codec), -1, SQLITE_STATIC);
	if (exec_done(st) != 0)
		return dberr(&c);

	for (i = 0; i < m->natt; i++) {
		const struct mime_attachment *a = &m->att[i];
		char sha[HASH_HEX_LEN + 1];

		hash_sha256_hex(a->data, a->size, sha);
		if (store_blob(&c, a->data, a->size, sha) != 0)
			return dberr(&c);
		if ((st = db_stmt(db, SQL_ATTACHMENT)) == NULL)
			return dberr(&c);
		sqlite3_bind_int64(st, 1, res->message_id);
		sqlite3_bind_text(st, 2, a->filename != NULL ? a->filename : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, a->content_type != NULL ? a->content_type :
		    "application/octet-stream", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)a->size);
		sqlite3_bind_text(st, 5, sha, -1, SQLITE_STATIC);
		if (exec_done(st) != 0)
			return dberr(&c);
	}

	if (touch(&c, ticket, at, status, ticket_new ? NULL : &ti) != 0)
		return dberr(&c);
	/* A customer made just now has no orders to link. */
	if (!quiet && !created && link_order(&c, ticket, customer) != 0)
		return dberr(&c);
	if (mark_seen(&c, res->message_id) != 0)
		return dberr(&c);
	res->ticket_id = ticket;
	res->customer_id = customer;
	return 0;
}

int
ingest_defer_index(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DEFER);

	return st != NULL ? exec_done(st) : -1;
}

int
ingest_index_deferred(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INDEX_DEFERRED);

	if (st == NULL || exec_done(st) != 0)
		return -1;
	return (st = db_stmt(db, SQL_UNDEFER)) != NULL ? exec_done(st) : -1;
}
