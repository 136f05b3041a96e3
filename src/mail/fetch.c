/* fetch.c: see fetch.h. IMAP in three steps, network first and the write
 * lock last: the new UIDs (from the index alone: nothing a server must read
 * a message for); per batch the sizes and Message-IDs (already stored ones
 * are only mapped, never downloaded again, which is also how a UIDVALIDITY
 * change is re-mapped); the bodies of the rest.
 * Then one transaction stores the batch and advances the folder's highest
 * UID. "UID FETCH n:*" always returns the last message even when its UID is
 * below n (RFC 3501 6.4.8), so UIDs not above the high-water mark are
 * dropped. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/ingest.h"
#include "db/db.h"
#include "mail/fetch.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define BATCH_COUNT 50
#define BATCH_BYTES (16u * 1024 * 1024)
/* Times in a row one message may fail on its own before it is stored as a
 * placeholder (each after a reconnect with backoff: about 10 s in all). */
#define REFUSE_LIMIT 3

static const char SQL_SOURCE_GET[] =
	"SELECT id, uidvalidity, coalesce(last_uid, 0) FROM sources"
	" WHERE kind = ?1 AND name = ?2 AND folder = ?3";
static const char SQL_SOURCE_NEW[] =
	"INSERT INTO sources (kind, name, folder, state) VALUES (?1, ?2, ?3, 'syncing')"
	" ON CONFLICT (kind, name, folder) DO NOTHING";
static const char SQL_SET_UIDVALIDITY[] =
	"UPDATE sources SET uidvalidity = ?2, last_uid = 0, careful_uid = 0, refused_uid = 0,"
	" refused_count = 0 WHERE id = ?1";
static const char SQL_CAREFUL_GET[] =
	"SELECT careful_uid, refused_uid, refused_count FROM sources WHERE id = ?1";
static const char SQL_CAREFUL_SET[] =
	"UPDATE sources SET careful_uid = max(careful_uid, ?2), refused_uid = ?3,"
	" refused_count = ?4 WHERE id = ?1";
static const char SQL_ADVANCE[] =
	"UPDATE sources SET last_uid = max(coalesce(last_uid, 0), ?2), last_sync_at = ?3 WHERE id = ?1";
static const char SQL_STATE[] =
	"UPDATE sources SET state = ?4, last_error = ?5, last_sync_at = ?6"
	" WHERE kind = ?1 AND name = ?2 AND folder = ?3";
static const char SQL_KNOWN_MSGID[] =
	"SELECT id FROM messages WHERE external_id = ?1 AND channel = 'email' LIMIT 1";
static const char SQL_SEEN[] =
	"INSERT OR IGNORE INTO source_items (source_id, remote_id, message_id, seen_at)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_HAVE_ITEM[] =
	"SELECT 1 FROM source_items WHERE source_id = ?1 AND remote_id = ?2";

void
fetch_tally_free(struct fetch_tally *t)
{
	free(t->tickets);
	memset(t, 0, sizeof *t);
}

static void
tally_add(struct fetch_tally *t, const struct ingest_result *r)
{
	size_t i;

	if (r->outcome == INGEST_DUPLICATE) {
		t->known++;
		return;
	}
	t->messages++;
	if (r->outcome == INGEST_NEW_TICKET || r->outcome == INGEST_FOLLOW_UP)
		t->new_tickets++;
	for (i = 0; i < t->ntickets; i++)
		if (t->tickets[i] == r->ticket_id)
			return;
	t->tickets = xreallocarray(t->tickets, t->ntickets + 1, sizeof *t->tickets);
	t->tickets[t->ntickets++] = r->ticket_id;
}

void
fetch_note_state(struct db *db, const char *kind, const char *account, const char *folder,
    const char *error)
{
	sqlite3_stmt *st;

	if (db_begin(db) != 0)
		return;
	if ((st = db_stmt(db, SQL_STATE)) == NULL) {
		db_rollback(db);
		return;
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, folder, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, error != NULL ? "error" : "ok", -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 5, error);
	sqlite3_bind_int64(st, 6, clock_now());
	sqlite3_step(st);
	db_done(st);
	if (db_commit(db) != 0)
		db_rollback(db);
}

/* The sources row (created on first use, so that a quiet poll writes
 * nothing); 0 or -1. */
static int
source_row(struct fetch_ctx *f, const char *kind, const char *folder, int64_t *id,
    int64_t *uidvalidity, int64_t *last_uid, char **err)
{
	sqlite3_stmt *st;
	int rc, tries;

	for (tries = 0; tries < 2; tries++) {
		if ((st = db_stmt(f->db, SQL_SOURCE_GET)) == NULL)
			goto fail;
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->account, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, folder, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*id = sqlite3_column_int64(st, 0);
			*uidvalidity = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 :
			    sqlite3_column_int64(st, 1);
			*last_uid = sqlite3_column_int64(st, 2);
		}
		db_done(st);
		if (rc == SQLITE_ROW)
			return 0;
		if (rc != SQLITE_DONE || tries > 0)
			goto fail;
		if (db_begin(f->db) != 0)
			goto fail;
		if ((st = db_stmt(f->db, SQL_SOURCE_NEW)) == NULL) {
			db_rollback(f->db);
			goto fail;
		}
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->account, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, folder, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE || db_commit(f->db) != 0) {
			db_rollback(f->db);
			goto fail;
		}
	}
fail:
	*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(f->db));
	return -1;
}

/* Parses and stores one message inside the caller's transaction. A
 * message cut at the size limit carries a notice saying so. */
static int
store(struct fetch_ctx *f, int64_t source, const char *remote, const char *raw, size_t len,
    size_t full_size, int headers_only, struct fetch_tally *t, char **err)
{
	struct ingest_opts o = { source, remote, clock_now(), f->order_re };
	struct mime_message m;
	struct ingest_result r;
	char *why = NULL;

	mime_worker_parse(f->worker, raw, len, &m);
	if (full_size > len) {
		char *n = headers_only ?
		    xasprintf("message of %zu bytes is over the %zu-byte limit: only its header "
		    "was fetched; the whole message stays on the mail server%s%s", full_size,
		    f->limits.max_message, m.notice != NULL ? "; " : "",
		    m.notice != NULL ? m.notice : "") :
		    xasprintf("message of %zu bytes is over the %zu-byte limit: only the "
		    "first %zu bytes were fetched%s%s", full_size, f->limits.max_message, len,
		    m.notice != NULL ? "; " : "", m.notice != NULL ? m.notice : "");

		free(m.notice);
		m.notice = n;
		m.flags |= MIME_LIMITED;
	}
	if (ingest_store(f->db, &o, raw, len, &m, &r, &why) != 0) {
		*err = xasprintf(_("cannot store message %s: %s"), remote != NULL ? remote : "?",
		    why);
		free(why);
		mime_message_free(&m);
		return -1;
	}
	mime_message_free(&m);
	tally_add(t, &r);
	return 0;
}

/* Maps a remote item to a message stored before, without downloading it. */
static int
map_known(struct fetch_ctx *f, int64_t source, const char *remote, int64_t message,
    struct fetch_tally *t)
{
	sqlite3_stmt *st = db_stmt(f->db, SQL_SEEN);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, source);
	sqlite3_bind_text(st, 2, remote, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, message);
	sqlite3_bind_int64(st, 4, clock_now());
	rc = sqlite3_step(st);
	db_done(st);
	t->known++;
	return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t
known_message(struct fetch_ctx *f, const char *msgid)
{
	sqlite3_stmt *st = db_stmt(f->db, SQL_KNOWN_MSGID);
	int64_t id = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, msgid, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	return id;
}

/* Opens a batch's transaction, with its search indexing deferred to the
 * commit, unless *in_tx says it is open. 0, or -1 (nothing left open). */
static int
batch_begin(struct fetch_ctx *f, int *in_tx)
{
	if (*in_tx)
		return 0;
	if (db_begin(f->db) != 0 || ingest_defer_index(f->db) != 0) {
		db_rollback(f->db);
		return -1;
	}
	*in_tx = 1;
	return 0;
}

static int
commit_batch(struct fetch_ctx *f, char **err)
{
	if (f->delay_ms > 0)
		usleep(f->delay_ms * 1000);
	if (ingest_index_deferred(f->db) != 0 || db_commit(f->db) != 0) {
		*err = xasprintf(_("cannot save fetched mail: %s"), db_errmsg(f->db));
		db_rollback(f->db);
		return -1;
	}
	return 0;
}

/* --- IMAP --------------------------------------------------------------- */

struct imap_item {
	uint32_t uid;
	uint32_t size;
	char *msgid;        /* from the envelope, without <> */
	char *head;         /* fetched one at a time: the envelope as header lines */
	int64_t known;      /* message already stored */
	char *body;         /* fetched bytes (owned by the fetch result) */
	size_t len;
};

/* "<abc@x>" -> "abc@x"; NULL when empty. */
static char *
envelope_msgid(const char *s)
{
	const char *lt, *gt;

	if (s == NULL)
		return NULL;
	lt = strchr(s, '<');
	gt = lt != NULL ? strchr(lt, '>') : NULL;
	if (lt == NULL || gt == NULL || gt == lt + 1)
		return NULL;
	return xstrndup(lt + 1, (size_t)(gt - lt - 1));
}

static int
uid_cmp(const void *a, const void *b)
{
	const struct imap_item *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

static struct imap_item *
find_uid(struct imap_item *items, size_t n, uint32_t uid)
{
	struct imap_item key = { .uid = uid };

	return bsearch(&key, items, n, sizeof *items, uid_cmp);
}

/* Walks a fetch result: calls fn for each message attribute set. */
static void
walk_fetch(clist *res, void (*fn)(struct mailimap_msg_att_item *, uint32_t *uid, void *),
    void *ctx)
{
	clistiter *it, *jt;

	for (it = clist_begin(res); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att *ma = clist_content(it);
		uint32_t uid = 0;

		/* UID first, whatever order the server answered in. */
		for (jt = clist_begin(ma->att_list); jt != NULL; jt = clist_next(jt)) {
			struct mailimap_msg_att_item *item = clist_content(jt);

			if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
			    item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
				uid = item->att_data.att_static->att_data.att_uid;
		}
		if (uid == 0)
			continue;
		for (jt = clist_begin(ma->att_list); jt != NULL; jt = clist_next(jt)) {
			struct mailimap_msg_att_item *item = clist_content(jt);

			if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC)
				fn(item, &uid, ctx);
		}
	}
}

struct list_ctx {
	struct imap_item *items;
	size_t n, cap;
	uint32_t last_uid;
};

static void
on_list(struct mailimap_msg_att_item *item, uint32_t *uid, void *arg)
{
	struct list_ctx *l = arg;
	struct mailimap_msg_att_static *st = item->att_data.att_static;

	if (st->att_type != MAILIMAP_MSG_ATT_UID || *uid <= l->last_uid)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = xreallocarray(l->items, l->cap, sizeof *l->items);
	}
	memset(&l->items[l->n], 0, sizeof l->items[l->n]);
	l->items[l->n].uid = *uid;
	l->n++;
}

struct env_ctx {
	struct imap_item *items;
	size_t n;
};

/* Appends v with control bytes as spaces, so nothing a server sends can
 * start a line of its own, cut at 900 bytes. */
static void
add_clean(struct buf *b, const char *v)
{
	size_t i;

	for (i = 0; v[i] != '\0' && i < 900; i++)
		buf_addc(b, (unsigned char)v[i] < 0x20 || v[i] == 0x7f ? ' ' : v[i]);
}

/* Appends "name: value" CRLF when value has any text, cleaned as above.
 * Encoded words stay as they are: the parser decodes them like those of
 * any header. */
static void
head_line(struct buf *b, const char *name, const char *v)
{
	if (v == NULL || v[0] == '\0')
		return;
	buf_addf(b, "%s: ", name);
	add_clean(b, v);
	buf_addstr(b, "\r\n");
}

/* An IMAP envelope address as "name <local@host>", or NULL when the
 * local part or the host has anything an addr-spec cannot (no quoting
 * games: then the placeholder simply has no sender). */
static char *
envelope_addr(struct mailimap_address *a)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-_+=!#$%&'*/?^`{|}~";
	struct buf b;
	const char *p;

	if (a == NULL || a->ad_mailbox_name == NULL || a->ad_host_name == NULL ||
	    a->ad_mailbox_name[0] == '\0' || a->ad_host_name[0] == '\0' ||
	    strspn(a->ad_mailbox_name, ok) != strlen(a->ad_mailbox_name) ||
	    strspn(a->ad_host_name, ok) != strlen(a->ad_host_name))
		return NULL;
	buf_init(&b, 8192);
	if (a->ad_personal_name != NULL && a->ad_personal_name[0] != '\0') {
		buf_addc(&b, '"');
		for (p = a->ad_personal_name; *p != '\0' && p - a->ad_personal_name < 200; p++)
			if (*p != '"' && *p != '\\')
				buf_addc(&b, *p);
		buf_addstr(&b, "\" ");
	}
	buf_addf(&b, "<%s@%s>", a->ad_mailbox_name, a->ad_host_name);
	return buf_take(&b);
}

/* The header lines a placeholder takes from the envelope: sender,
 * recipient, subject, date and In-Reply-To (so that it joins the thread).
 * Never the Message-ID: the message itself, fetched later from another
 * folder, must still be stored. */
static char *
envelope_head(struct mailimap_envelope *env)
{
	struct buf b;
	char *from = NULL, *to = NULL;

	if (env->env_from != NULL && env->env_from->frm_list != NULL &&
	    clist_begin(env->env_from->frm_list) != NULL)
		from = envelope_addr(clist_content(clist_begin(env->env_from->frm_list)));
	if (env->env_to != NULL && env->env_to->to_list != NULL &&
	    clist_begin(env->env_to->to_list) != NULL)
		to = envelope_addr(clist_content(clist_begin(env->env_to->to_list)));
	buf_init(&b, 8192);
	head_line(&b, "From", from);
	head_line(&b, "To", to);
	head_line(&b, "Subject", env->env_subject);
	head_line(&b, "Date", env->env_date);
	head_line(&b, "In-Reply-To", env->env_in_reply_to);
	free(from);
	free(to);
	return buf_take(&b);
}

static void
on_envelope(struct mailimap_msg_att_item *item, uint32_t *uid, void *arg)
{
	struct env_ctx *e = arg;
	struct mailimap_msg_att_static *st = item->att_data.att_static;
	struct imap_item *it;

	if ((it = find_uid(e->items, e->n, *uid)) == NULL)
		return;
	if (st->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
		it->size = st->att_data.att_rfc822_size;
	if (st->att_type != MAILIMAP_MSG_ATT_ENVELOPE || st->att_data.att_env == NULL)
		return;
	if (it->msgid == NULL)
		it->msgid = envelope_msgid(st->att_data.att_env->env_message_id);
	/* Fetched alone, the message may be one the server will not give:
	 * its envelope is what a placeholder can show. */
	if (e->n == 1 && it->head == NULL)
		it->head = envelope_head(st->att_data.att_env);
}

static void
on_body(struct mailimap_msg_att_item *item, uint32_t *uid, void *arg)
{
	struct env_ctx *e = arg;
	struct mailimap_msg_att_static *st = item->att_data.att_static;
	struct imap_item *it;

	if (st->att_type != MAILIMAP_MSG_ATT_BODY_SECTION || st->att_data.att_body_section == NULL)
		return;
	if ((it = find_uid(e->items, e->n, *uid)) != NULL && it->body == NULL) {
		it->body = st->att_data.att_body_section->sec_body_part;
		it->len = st->att_data.att_body_section->sec_length;
		if (it->body == NULL)
			it->len = 0;
	}
}

static struct mailimap_set *
uid_set(const struct imap_item *items, size_t n)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	size_t i;

	for (i = 0; i < n; i++)
		mailimap_set_add_single(set, items[i].uid);
	return set;
}

static char *
imap_error(mailimap *imap, const char *what, int r, int *lost)
{
	char *why = imap->imap_response != NULL ?
	    text_sanitize(imap->imap_response, strlen(imap->imap_response), TEXT_LINE, NULL) : NULL;
	char *msg;

	if (r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_PARSE || why == NULL ||
	    why[0] == '\0')
		*lost = 1;
	if (r == MAILIMAP_ERROR_STREAM)
		msg = xasprintf(_("%s: the connection was lost"), what);
	else
		msg = xasprintf("%s: %s", what, why != NULL && why[0] != '\0' ? why :
		    _("the server's answer could not be read"));
	free(why);
	return msg;
}

/* UID FETCH of set for UID, att and att2 (when not NULL); frees them all
 * (libetpan does not). */
static int
uid_fetch(mailimap *imap, struct mailimap_set *set, struct mailimap_fetch_att *att,
    struct mailimap_fetch_att *att2, clist **res)
{
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	int r;

	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft, att);
	if (att2 != NULL)
		mailimap_fetch_type_new_fetch_att_list_add(ft, att2);
	r = mailimap_uid_fetch(imap, set, ft, res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	return r;
}

/* Steps 2 and 3 for the *np items: the sizes and envelopes, then (for as
 * many as BATCH_BYTES allows: *np becomes that count) the bodies of what is
 * not stored yet (a partial fetch above the size limit: the message is
 * kept, cut, with a notice). 0, or -1 with *err (and *lost) when the server
 * refused or the connection failed; *bodies is the caller's to free either
 * way. */
static int
fetch_batch(struct fetch_ctx *f, mailimap *imap, const char *what, struct imap_item *items,
    size_t *np, clist **bodies, int *lost, char **err)
{
	struct env_ctx e = { items, *np };
	struct mailimap_set *set;
	clist *res = NULL;
	size_t i, n = *np, need = 0, nwhole = 0, bytes = 0;
	int r;

	*bodies = NULL;
	/* Sizes come here, not in the listing: a server that has to read a
	 * message to tell its size fails on it here, where one message at a
	 * time can find it. */
	r = uid_fetch(imap, uid_set(items, n), mailimap_fetch_att_new_envelope(),
	    mailimap_fetch_att_new_rfc822_size(), &res);
	if (res != NULL) {
		/* Kept even after a NO: a placeholder shows what there is. */
		walk_fetch(res, on_envelope, &e);
		mailimap_fetch_list_free(res);
		res = NULL;
	}
	if (r != MAILIMAP_NO_ERROR) {
		*err = imap_error(imap, what, r, lost);
		return -1;
	}
	/* Bounded by bytes too, so memory stays bounded: the rest waits for
	 * the next batch. */
	for (i = 0; i < n; i++) {
		size_t take = items[i].size < f->limits.max_message ? items[i].size :
		    f->limits.max_message;

		if (i > 0 && bytes + take > BATCH_BYTES)
			break;
		bytes += take;
	}
	*np = n = i;
	for (i = 0; i < n; i++) {
		if (items[i].msgid != NULL &&
		    (items[i].known = known_message(f, items[i].msgid)) < 0) {
			*err = xasprintf(_("cannot read the database: %s"), db_errmsg(f->db));
			return -1;
		}
		if (items[i].known == 0)
			need++;
	}
	if (need == 0)
		return 0;

	set = mailimap_set_new_empty();
	for (i = 0; i < n; i++)
		if (items[i].known == 0 && items[i].size <= f->limits.max_message) {
			mailimap_set_add_single(set, items[i].uid);
			nwhole++;
		}
	if (nwhole > 0) {
		r = uid_fetch(imap, set, mailimap_fetch_att_new_body_peek_section(
		    mailimap_section_new(NULL)), NULL, bodies);
	} else {
		mailimap_set_free(set);
		r = MAILIMAP_NO_ERROR;
	}
	if (r != MAILIMAP_NO_ERROR) {
		*err = imap_error(imap, what, r, lost);
		return -1;
	}
	if (*bodies != NULL)
		walk_fetch(*bodies, on_body, &e);
	for (i = 0; i < n; i++) {
		struct env_ctx one = { &items[i], 1 };
		clist *part = NULL;

		if (items[i].known != 0 || items[i].size <= f->limits.max_message)
			continue;
		r = uid_fetch(imap, mailimap_set_new_single(items[i].uid),
		    mailimap_fetch_att_new_body_peek_section_partial(mailimap_section_new(NULL), 0,
		    (uint32_t)f->limits.max_message), NULL, &part);
		if (r != MAILIMAP_NO_ERROR) {
			if (part != NULL)
				mailimap_fetch_list_free(part);
			*err = imap_error(imap, what, r, lost);
			return -1;
		}
		walk_fetch(part, on_body, &one);
		if (items[i].body != NULL) {
			char *copy = xmalloc(items[i].len + 1);

			memcpy(copy, items[i].body, items[i].len);
			copy[items[i].len] = '\0';
			items[i].body = copy;
		}
		mailimap_fetch_list_free(part);
		/* The copy is ours: mark it so that it is freed. */
		items[i].known = -2;
	}
	return 0;
}

/* Where a folder stands with a message that fails: fetch one at a time up
 * to until; uid has failed alone count times in a row. */
struct careful {
	int64_t until;
	int64_t uid;
	int64_t count;
};

static int
careful_get(struct fetch_ctx *f, int64_t source, struct careful *c)
{
	sqlite3_stmt *st = db_stmt(f->db, SQL_CAREFUL_GET);
	int rc;

	memset(c, 0, sizeof *c);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, source);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->until = sqlite3_column_int64(st, 0);
		c->uid = sqlite3_column_int64(st, 1);
		c->count = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Inside the caller's transaction. */
static int
careful_put(struct fetch_ctx *f, int64_t source, const struct careful *c)
{
	sqlite3_stmt *st = db_stmt(f->db, SQL_CAREFUL_SET);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, source);
	sqlite3_bind_int64(st, 2, c->until);
	sqlite3_bind_int64(st, 3, c->uid);
	sqlite3_bind_int64(st, 4, c->count);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* In a transaction of its own. */
static int
careful_save(struct fetch_ctx *f, int64_t source, const struct careful *c)
{
	if (db_begin(f->db) != 0)
		return -1;
	if (careful_put(f, source, c) != 0 || db_commit(f->db) != 0) {
		db_rollback(f->db);
		return -1;
	}
	return 0;
}

static int
advance(struct fetch_ctx *f, int64_t source, uint32_t uid)
{
	sqlite3_stmt *st = db_stmt(f->db, SQL_ADVANCE);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, source);
	sqlite3_bind_int64(st, 2, uid);
	sqlite3_bind_int64(st, 3, clock_now());
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Stores, in place of a message the server will not give, a message made
 * of head (header lines from its envelope or header, when the server gave
 * those) and a text saying where the message still is (where: control
 * bytes are dropped), flagged with a notice giving the server's reason.
 * Inside the caller's transaction. The bytes are the same each time for
 * the same message, so a second placeholder for it is a duplicate by
 * content. */
static int
store_placeholder(struct fetch_ctx *f, int64_t source, const char *remote, const char *head,
    const char *where, const char *why, struct fetch_tally *t, char **err)
{
	struct ingest_opts o = { source, remote, clock_now(), f->order_re };
	struct mime_message m;
	struct ingest_result r;
	struct buf b;
	char *fail = NULL, *raw;
	size_t len;

	buf_init(&b, 16384);
	buf_addstr(&b, head != NULL ? head : "");
	buf_addstr(&b, "X-Aftercare-Placeholder: the mail server would not send this message\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	    "The mail server would not send this message: this placeholder holds what "
	    "is known of it.\r\nThe message is still on the server, untouched: ");
	add_clean(&b, where);
	buf_addstr(&b, ".\r\nRead it there, or ask the mail server's administrator why it "
	    "cannot be read.\r\n");
	len = b.len;
	raw = buf_take(&b);
	mime_worker_parse(f->worker, raw, len, &m);
	free(m.notice);
	m.notice = xasprintf("placeholder: the mail server would not send this message "
	    "(%s): %s; it is still on the server", remote, why);
	m.flags |= MIME_LIMITED;
	if (ingest_store(f->db, &o, raw, len, &m, &r, &fail) != 0) {
		*err = xasprintf(_("cannot store message %s: %s"), remote, fail);
		free(fail);
		mime_message_free(&m);
		free(raw);
		return -1;
	}
	mime_message_free(&m);
	free(raw);
	tally_add(t, &r);
	return 0;
}

/* store_placeholder for an IMAP message. */
static int
store_imap_placeholder(struct fetch_ctx *f, int64_t source, const char *remote,
    const char *folder, const struct imap_item *it, const char *why, struct fetch_tally *t,
    char **err)
{
	char size[32] = "";
	char *where;
	int rc;

	if (it->size > 0)
		snprintf(size, sizeof size, ", %u bytes", it->size);
	where = xasprintf("folder \"%s\", UID %u%s%s%s%s", folder, it->uid, size,
	    it->msgid != NULL ? ", Message-ID <" : "",
	    it->msgid != NULL ? it->msgid : "", it->msgid != NULL ? ">" : "");
	rc = store_placeholder(f, source, remote, it->head, where, why, t, err);

	free(where);
	return rc;
}

/* Stores the placeholder for it, saves cz and moves the folder past it, in
 * one transaction. *err holds the reason it failed: 0 leaves it there, -1
 * replaces it with what went wrong now. */
static int
give_up(struct fetch_ctx *f, int64_t source, const char *remote, const char *folder,
    const struct imap_item *it, const struct careful *cz, struct fetch_tally *t, char **err)
{
	char *fail = NULL;
	int in_tx = 0;

	if (batch_begin(f, &in_tx) != 0 ||
	    store_imap_placeholder(f, source, remote, folder, it, *err, t, &fail) != 0 ||
	    careful_put(f, source, cz) != 0 || advance(f, source, it->uid) != 0) {
		free(*err);
		*err = fail != NULL ? fail : xasprintf(_("cannot write to the database: %s"),
		    db_errmsg(f->db));
		db_rollback(f->db);
		return -1;
	}
	if (commit_batch(f, &fail) != 0) {
		free(*err);
		*err = fail;
		return -1;
	}
	return 0;
}

int
fetch_imap_folder(struct fetch_ctx *f, mailimap *imap, const char *folder,
    struct fetch_tally *t, int *lost, char **err)
{
	struct list_ctx l = { 0 };
	struct careful cz;
	clist *res = NULL, *bodies = NULL;
	int64_t source, stored_validity, last;
	uint32_t validity;
	char remote[48], *what = xasprintf("%s/%s", f->account, folder);
	size_t start, end, i;
	int r, rc = -1;

	*lost = 0;
	/* Read-only: never changes \Recent, \Seen or anything else. */
	r = mailimap_examine(imap, folder);
	if (r != MAILIMAP_NO_ERROR) {
		*err = imap_error(imap, what, r, lost);
		goto out;
	}
	if (imap->imap_selection_info == NULL) {
		*err = xasprintf(_("%s: the server did not open the folder"), what);
		goto out;
	}
	validity = imap->imap_selection_info->sel_uidvalidity;
	if (source_row(f, "imap", folder, &source, &stored_validity, &last, err) != 0)
		goto out;
	if (stored_validity != (int64_t)validity) {
		sqlite3_stmt *st;

		if (stored_validity >= 0)
			log_msg("%s: UIDVALIDITY changed from %" PRId64 " to %u: re-mapping by "
			    "Message-ID and content", what, stored_validity, validity);
		if (db_begin(f->db) != 0 || (st = db_stmt(f->db, SQL_SET_UIDVALIDITY)) == NULL) {
			db_rollback(f->db);
			goto dberr;
		}
		sqlite3_bind_int64(st, 1, source);
		sqlite3_bind_int64(st, 2, validity);
		r = sqlite3_step(st);
		db_done(st);
		if (r != SQLITE_DONE || db_commit(f->db) != 0) {
			db_rollback(f->db);
			goto dberr;
		}
		last = 0;
	}
	if (careful_get(f, source, &cz) != 0)
		goto dberr;
	if (imap->imap_selection_info->sel_exists == 0) {
		rc = 0;
		goto out;
	}

	/* 1. Which UIDs are new, and how big. */
	l.last_uid = (uint32_t)last;
	r = uid_fetch(imap, mailimap_set_new_interval((uint32_t)last + 1, 0),
	    mailimap_fetch_att_new_uid(), NULL, &res);
	if (r != MAILIMAP_NO_ERROR) {
		*err = imap_error(imap, what, r, lost);
		goto out;
	}
	walk_fetch(res, on_list, &l);
	mailimap_fetch_list_free(res);
	res = NULL;
	if (l.n > 0)
		qsort(l.items, l.n, sizeof *l.items, uid_cmp);

	for (start = 0; start < l.n; start = end) {
		size_t n;
		int in_tx = 0;

		/* 2. A batch of BATCH_COUNT (fetch_batch may take fewer, by
		 * bytes); one message at a time where a batch failed before. */
		n = (int64_t)l.items[start].uid <= cz.until ? 1 :
		    l.n - start < BATCH_COUNT ? l.n - start : BATCH_COUNT;
		end = start + n;
		/* 3. Envelopes, sizes and bodies. */
		if (fetch_batch(f, imap, what, l.items + start, &n, &bodies, lost, err) != 0) {
			if (bodies != NULL)
				mailimap_fetch_list_free(bodies);
			bodies = NULL;
			for (i = start; i < end; i++) {
				if (l.items[i].known == -2)
					free(l.items[i].body);
				l.items[i].body = NULL;
				l.items[i].known = 0;
			}
			if (end - start > 1) {
				/* Which message? Find out one at a time. */
				log_msg("%s: UIDs %u to %u: %s; fetching them one at a time", what,
				    l.items[start].uid, l.items[end - 1].uid, *err);
				cz.until = l.items[end - 1].uid;
				if (careful_save(f, source, &cz) != 0) {
					free(*err);
					goto dberr;
				}
				if (*lost)
					goto out;
				free(*err);
				*err = NULL;
				end = start;
				continue;
			}
			cz.count = cz.uid == l.items[start].uid ? cz.count + 1 : 1;
			cz.uid = l.items[start].uid;
			if (cz.count < REFUSE_LIMIT) {
				if (careful_save(f, source, &cz) != 0) {
					free(*err);
					goto dberr;
				}
				goto out;
			}
			/* Refused again and again: a placeholder, and on. */
			log_msg("%s: UID %u failed %d times in a row (%s); stored as a placeholder, "
			    "the message stays on the server", what, l.items[start].uid,
			    (int)cz.count, *err);
			cz.uid = cz.count = 0;
			snprintf(remote, sizeof remote, "%u/%u", validity, l.items[start].uid);
			if (give_up(f, source, remote, folder, &l.items[start], &cz, t, err) != 0 ||
			    *lost)
				goto out;
			free(*err);
			*err = NULL;
			continue;
		}

		end = start + n;

		/* 4. One transaction: the messages and the new high-water mark,
		 * indexed for search together when it commits. */
		if (batch_begin(f, &in_tx) != 0)
			goto dberr;
		for (i = start; i < end; i++) {
			struct imap_item *it = &l.items[i];

			snprintf(remote, sizeof remote, "%u/%u", validity, it->uid);
			if (it->known > 0) {
				r = map_known(f, source, remote, it->known, t);
			} else if (it->body != NULL) {
				r = store(f, source, remote, it->body, it->len,
				    it->size > it->len ? it->size : it->len, 0, t, err);
			} else {
				/* Expunged between the steps: the next sweep will
				 * not see it either. */
				r = 0;
			}
			if (r != 0)
				break;
		}
		if (r == 0 && cz.uid != 0 && cz.uid <= l.items[end - 1].uid) {
			/* The message that failed came through after all. */
			cz.uid = cz.count = 0;
			r = careful_put(f, source, &cz);
		}
		if (r == 0)
			r = advance(f, source, l.items[end - 1].uid);
		if (r != 0) {
			if (*err == NULL)
				*err = xasprintf(_("cannot write to the database: %s"),
				    db_errmsg(f->db));
			db_rollback(f->db);
		} else {
			r = commit_batch(f, err);
		}
		for (i = start; i < end; i++) {
			if (l.items[i].known == -2)
				free(l.items[i].body);
			l.items[i].body = NULL;
		}
		if (bodies != NULL)
			mailimap_fetch_list_free(bodies);
		bodies = NULL;
		if (r != 0)
			goto out;
	}
	rc = 0;
	goto out;
dberr:
	*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(f->db));
out:
	if (res != NULL)
		mailimap_fetch_list_free(res);
	for (i = 0; i < l.n; i++) {
		if (l.items[i].known == -2)
			free(l.items[i].body);
		free(l.items[i].msgid);
		free(l.items[i].head);
	}
	free(l.items);
	free(what);
	return rc;
}

/* --- POP3 --------------------------------------------------------------- */

static int
have_item(struct fetch_ctx *f, int64_t source, const char *remote)
{
	sqlite3_stmt *st = db_stmt(f->db, SQL_HAVE_ITEM);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, source);
	sqlite3_bind_text(st, 2, remote, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* A UIDL is 1 to 70 characters 0x21..0x7E (RFC 1939); anything else is not
 * trusted as an identity. */
static int
uidl_ok(const char *u)
{
	size_t n = 0;

	if (u == NULL)
		return 0;
	for (; u[n] != '\0'; n++)
		if ((unsigned char)u[n] < 0x21 || (unsigned char)u[n] > 0x7e)
			return 0;
	return n >= 1 && n <= 70;
}

/* One more failure of the POP3 message uidl; how many in a row now. */
static int
refused_bump(struct fetch_ctx *f, const char *uidl)
{
	size_t i, slot = 0;

	for (i = 0; i < sizeof f->refused / sizeof f->refused[0]; i++) {
		if (f->refused[i].count > 0 && strcmp(f->refused[i].uidl, uidl) == 0)
			return ++f->refused[i].count;
		if (f->refused[i].count < f->refused[slot].count)
			slot = i;
	}
	snprintf(f->refused[slot].uidl, sizeof f->refused[slot].uidl, "%s", uidl);
	return f->refused[slot].count = 1;
}

static void
refused_clear(struct fetch_ctx *f, const char *uidl)
{
	size_t i;

	for (i = 0; i < sizeof f->refused / sizeof f->refused[0]; i++)
		if (f->refused[i].count > 0 && strcmp(f->refused[i].uidl, uidl) == 0)
			f->refused[i].count = 0;
}

/* A POP3 message that failed REFUSE_LIMIT times in a row: a placeholder.
 * POP3 has no envelope, and a server that cannot read a message cannot
 * give its header either, so it says only where the message is. */
static int
pop3_placeholder(struct fetch_ctx *f, int64_t source, const struct mailpop3_msg_info *mi,
    const char *why, struct fetch_tally *t, char **err)
{
	char *where = xasprintf("POP3 message %s, %u bytes", mi->msg_uidl,
	    (unsigned)mi->msg_size);
	int rc = store_placeholder(f, source, mi->msg_uidl, NULL, where, why, t, err);

	free(where);
	return rc;
}

int
fetch_pop3(struct fetch_ctx *f, mailpop3 *pop, int delete_after, struct fetch_tally *t,
    char **err)
{
	carray *msgs = NULL;
	int64_t source, v, last;
	unsigned i, n;
	unsigned *done = NULL;
	size_t ndone = 0, in_batch = 0;
	int r, rc = -1, in_tx = 0;

	if (source_row(f, "pop3", "", &source, &v, &last, err) != 0)
		return -1;
	r = mailpop3_list(pop, &msgs); /* owned by the session; runs UIDL too */
	if (r != MAILPOP3_NO_ERROR || msgs == NULL) {
		*err = xasprintf(_("%s: the POP3 server did not list its messages"), f->account);
		return -1;
	}
	n = carray_count(msgs);
	done = xcalloc(n + 1, sizeof *done);
	for (i = 0; i < n; i++) {
		struct mailpop3_msg_info *mi = carray_get(msgs, i);
		char *raw = NULL, *remote = NULL;
		size_t len = 0;
		int have;

		if (mi == NULL || mi->msg_index == 0)
			continue;
		if (uidl_ok(mi->msg_uidl)) {
			remote = mi->msg_uidl;
			if ((have = have_item(f, source, remote)) < 0)
				goto dberr;
			if (have) {
				/* Never delete what was kept only in part. */
				if (delete_after && mi->msg_size <= f->limits.max_message)
					done[ndone++] = mi->msg_index;
				continue;
			}
		}
		/* Without a UIDL the content hash is what keeps it single. */
		if (mi->msg_size > f->limits.max_message)
			r = mailpop3_top(pop, mi->msg_index, 0, &raw, &len);
		else
			r = mailpop3_retr(pop, mi->msg_index, &raw, &len);
		if (r != MAILPOP3_NO_ERROR) {
			/* One message the server will not give must not stop the
			 * mailbox: skip it and try again next time; after
			 * REFUSE_LIMIT times in a row it becomes a placeholder. */
			int gone = pop->pop3_stream == NULL;
			char *why = gone || pop->pop3_response == NULL ?
			    xstrdup("the connection was lost") : text_sanitize(pop->pop3_response,
			    strlen(pop->pop3_response), TEXT_LINE, NULL);

			if (remote != NULL && refused_bump(f, remote) >= REFUSE_LIMIT) {
				log_msg("%s: POP3 message %s failed %d times in a row (%s); stored "
				    "as a placeholder, the message stays on the server",
				    f->account, remote, REFUSE_LIMIT, why);
				if (batch_begin(f, &in_tx) != 0) {
					free(why);
					goto dberr;
				}
				if (pop3_placeholder(f, source, mi, why, t, err) != 0) {
					free(why);
					goto out;
				}
				refused_clear(f, remote);
			} else {
				log_msg("%s: POP3 message %u (%s) could not be fetched (%s); skipped "
				    "for now", f->account, mi->msg_index,
				    remote != NULL ? remote : "no UIDL", why);
			}
			free(why);
			if (gone) {
				/* What came before it is kept. */
				if (in_tx) {
					in_tx = 0;
					if (commit_batch(f, err) != 0)
						goto out;
				}
				*err = xasprintf(_("%s: the connection was lost"), f->account);
				goto out;
			}
			continue;
		}
		if (batch_begin(f, &in_tx) != 0) {
			mailpop3_retr_free(raw);
			goto dberr;
		}
		r = store(f, source, remote, raw, len,
		    mi->msg_size > f->limits.max_message ? mi->msg_size : len,
		    mi->msg_size > f->limits.max_message, t, err);
		if (mi->msg_size > f->limits.max_message)
			mailpop3_top_free(raw);
		else
			mailpop3_retr_free(raw);
		if (r != 0) {
			db_rollback(f->db);
			in_tx = 0;
			goto out;
		}
		if (remote != NULL)
			refused_clear(f, remote);
		if (mi->msg_size <= f->limits.max_message)
			done[ndone++] = mi->msg_index;
		if (++in_batch >= BATCH_COUNT) {
			in_tx = 0;
			in_batch = 0;
			if (commit_batch(f, err) != 0)
				goto out;
		}
	}
	if (in_tx) {
		in_tx = 0;
		if (commit_batch(f, err) != 0)
			goto out;
	}
	/* Deletion only once the messages are safely stored; it takes effect
	 * at QUIT, so a dropped connection deletes nothing. */
	for (i = 0; delete_after && i < ndone; i++)
		mailpop3_dele(pop, done[i]);
	rc = 0;
	goto out;
dberr:
	*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(f->db));
out:
	if (in_tx)
		db_rollback(f->db);
	free(done);
	return rc;
}
