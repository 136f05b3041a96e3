/* reply.c: ticket.reply (a reply or an internal note) and the outbox
 * operations. A reply is frozen into bytes with its Message-ID and written
 * with its outbox row in the same transaction as the ticket update, so the
 * agent sees "queued" at once and nothing can send it twice under another
 * Message-ID: the fetcher of the account delivers exactly these bytes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/audit.h"
#include "db/db.h"
#include "mail/compose.h"
#include "ops/ops.h"
#include "ops/reply.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/settings.h"
#include "util/xmalloc.h"

static const char SQL_TICKET[] =
	"SELECT t.subject, t.status, c.email, c.name, c.erased FROM tickets t"
	" JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1";
static const char SQL_THREAD[] =
	"SELECT external_id, direction FROM messages WHERE ticket_id = ?1"
	" AND external_id IS NOT NULL AND channel = 'email' ORDER BY created_at, id";
static const char SQL_AGENT[] = "SELECT name FROM agents WHERE id = ?1";
static const char SQL_NOTE[] =
	"INSERT INTO messages (ticket_id, direction, channel, from_name, body, agent_id, created_at)"
	" VALUES (?1, 'note', 'email', ?2, ?3, ?4, ?5)";
static const char SQL_OUT[] =
	"INSERT INTO messages (ticket_id, direction, channel, external_id, in_reply_to, from_name,"
	" from_addr, to_addr, subject, body, agent_id, created_at)"
	" VALUES (?1, 'out', 'email', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_RAW[] = "INSERT INTO message_raw (message_id, raw) VALUES (?1, ?2)";
static const char SQL_OUTBOX[] =
	"INSERT INTO outbox (message_id, ticket_id, transport, account, envelope_from, recipients,"
	" payload, idempotency_key, state, next_attempt_at, created_at)"
	" VALUES (?1, ?2, 'smtp', ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?8)";
static const char SQL_TOUCH_NOTE[] =
	"UPDATE tickets SET updated_at = max(updated_at, ?2), message_count = message_count + 1"
	" WHERE id = ?1";
static const char SQL_TOUCH_SENT[] =
	"UPDATE tickets SET updated_at = max(updated_at, ?2), message_count = message_count + 1,"
	" first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1";
static const char SQL_TOUCH_REPLY[] =
	"UPDATE tickets SET updated_at = max(updated_at, ?2), message_count = message_count + 1,"
	" first_response_at = coalesce(first_response_at, ?2), status = ?3,"
	" solved_at = CASE WHEN ?3 = 'solved' THEN ?2 ELSE NULL END WHERE id = ?1";

static int
step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const struct config_account *
sending_account(const struct config *cfg, const char *want)
{
	int i;

	for (i = 0; cfg != NULL && i < cfg->naccounts; i++)
		if (cfg->accounts[i].smtp_url != NULL &&
		    (want == NULL || strcmp(cfg->accounts[i].name, want) == 0))
			return &cfg->accounts[i];
	return NULL;
}

json_t *
reply_write(struct op_ctx *ctx, int64_t id, const char *body, const char *want, int note,
    int set_status, struct op_error *err)
{
	int64_t now = clock_now(), msg = 0, outbox = 0;
	const struct config_account *acct = NULL;
	char *subject = NULL, *status = NULL, *email = NULL, *name = NULL, *agent = NULL;
	char *raw = NULL, *msgid = NULL, *why = NULL, *irt = NULL, *fname = NULL, *faddr = NULL;
	char **refs = NULL;
	size_t nrefs = 0, rawlen = 0, i;
	sqlite3_stmt *st;
	json_t *res = NULL, *detail;
	int rc, erased = 0;

	if (body[0] == '\0') {
		op_error_set(err, OP_E_INVALID, "%s", _("the reply is empty"));
		return NULL;
	}
	if (!note && (acct = sending_account(ctx->cfg, want)) == NULL) {
		if (want != NULL)
			op_error_set(err, OP_E_NOT_FOUND, _("no account called '%s' can send mail "
			    "(it needs smtp_url and from)"), want);
		else
			op_error_set(err, OP_E_CONFLICT, "%s", _("no account can send mail: add "
			    "smtp_url and from to an account block of the configuration"));
		return NULL;
	}
	if ((st = db_stmt(ctx->db, SQL_TICKET)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		subject = xstrdup(db_col_text(st, 0));
		status = xstrdup(db_col_text(st, 1));
		email = xstrdup(db_col_text(st, 2));
		name = xstrdup(db_col_text(st, 3));
		erased = sqlite3_column_int(st, 4);
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			goto dberr;
		op_error_set(err, OP_E_NOT_FOUND, _("no ticket #%lld"), (long long)id);
		goto fail;
	}
	if (ctx->caller->agent_id != 0 && (st = db_stmt(ctx->db, SQL_AGENT)) != NULL) {
		sqlite3_bind_int64(st, 1, ctx->caller->agent_id);
		if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0)[0] != '\0')
			agent = xstrdup(db_col_text(st, 0));
		db_done(st);
	}
	if (agent == NULL)
		agent = xstrdup(ctx->caller->login != NULL ? ctx->caller->login : "");

	if (note) {
		if ((st = db_stmt(ctx->db, SQL_NOTE)) == NULL)
			goto dberr;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, agent, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
		if (ctx->caller->agent_id != 0)
			sqlite3_bind_int64(st, 4, ctx->caller->agent_id);
		sqlite3_bind_int64(st, 5, now);
		if (step_done(st) != 0)
			goto dberr;
		msg = sqlite3_last_insert_rowid(db_handle(ctx->db));
		if ((st = db_stmt(ctx->db, SQL_TOUCH_NOTE)) == NULL)
			goto dberr;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
		if (step_done(st) != 0)
			goto dberr;
		res = json_pack("{s:I,s:I,s:s}", "ticket", (json_int_t)id, "message",
		    (json_int_t)msg, "kind", "note");
	} else {
		if (erased || email[0] == '\0') {
			op_error_set(err, OP_E_CONFLICT, _("ticket #%lld has no customer address to "
			    "reply to"), (long long)id);
			goto fail;
		}
		/* The thread: every Message-ID of the ticket, oldest first; the
		 * reply answers the customer's latest message. */
		if ((st = db_stmt(ctx->db, SQL_THREAD)) == NULL)
			goto dberr;
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			refs = xreallocarray(refs, nrefs + 1, sizeof *refs);
			refs[nrefs++] = xstrdup(db_col_text(st, 0));
			if (strcmp(db_col_text(st, 1), "in") == 0) {
				free(irt);
				irt = xstrdup(db_col_text(st, 0));
			}
		}
		db_done(st);
		{
			struct compose_reply r = { acct->from, email, name, subject, id, irt, refs,
				nrefs, body, now };

			if (compose_build(&r, &raw, &rawlen, &msgid, &why) != 0) {
				op_error_set(err, OP_E_INVALID, "%s", why);
				goto fail;
			}
		}
		compose_split_from(acct->from, &fname, &faddr);
		if ((st = db_stmt(ctx->db, SQL_OUT)) == NULL)
			goto dberr;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, msgid, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 3, irt);
		sqlite3_bind_text(st, 4, agent, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, faddr, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, email, -1, SQLITE_STATIC);
		{
			char *subj = compose_subject(subject, id);

			sqlite3_bind_text(st, 7, subj, -1, SQLITE_TRANSIENT);
			free(subj);
		}
		sqlite3_bind_text(st, 8, body, -1, SQLITE_STATIC);
		if (ctx->caller->agent_id != 0)
			sqlite3_bind_int64(st, 9, ctx->caller->agent_id);
		sqlite3_bind_int64(st, 10, now);
		if (step_done(st) != 0)
			goto dberr;
		msg = sqlite3_last_insert_rowid(db_handle(ctx->db));
		if ((st = db_stmt(ctx->db, SQL_RAW)) == NULL)
			goto dberr;
		sqlite3_bind_int64(st, 1, msg);
		sqlite3_bind_blob(st, 2, raw, (int)rawlen, SQLITE_STATIC);
		if (step_done(st) != 0)
			goto dberr;
		if ((st = db_stmt(ctx->db, SQL_OUTBOX)) == NULL)
			goto dberr;
		{
			json_t *rcpt = json_pack("[s]", email);
			char *rj = json_dumps(rcpt, JSON_COMPACT);

			sqlite3_bind_int64(st, 1, msg);
			sqlite3_bind_int64(st, 2, id);
			sqlite3_bind_text(st, 3, acct->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, faddr, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, rj, -1, SQLITE_TRANSIENT);
			sqlite3_bind_blob(st, 6, raw, (int)rawlen, SQLITE_STATIC);
			sqlite3_bind_text(st, 7, msgid, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 8, now);
			free(rj);
			json_decref(rcpt);
		}
		if (step_done(st) != 0)
			goto dberr;
		outbox = sqlite3_last_insert_rowid(db_handle(ctx->db));
		if ((st = db_stmt(ctx->db, set_status ? SQL_TOUCH_REPLY : SQL_TOUCH_SENT)) == NULL)
			goto dberr;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
		if (set_status)
			sqlite3_bind_text(st, 3, ctx->cfg->mail.reply_status != NULL ?
			    ctx->cfg->mail.reply_status : "pending", -1, SQLITE_STATIC);
		if (step_done(st) != 0)
			goto dberr;
		res = json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s}", "ticket", (json_int_t)id,
		    "message", (json_int_t)msg, "outbox", (json_int_t)outbox, "kind", "reply",
		    "message_id", msgid, "account", acct->name, "state", "queued");
	}
	detail = json_pack("{s:s,s:I}", "kind", note ? "note" : "reply", "message",
	    (json_int_t)msg);
	rc = audit_log(ctx->db, ctx->caller, note ? "ticket.note" : "ticket.reply", "ticket", id,
	    detail);
	json_decref(detail);
	if (rc != 0)
		goto dberr;
	goto out;
dberr:
	op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
fail:
	json_decref(res);
	res = NULL;
out:
	for (i = 0; i < nrefs; i++)
		free(refs[i]);
	free(refs);
	free(subject);
	free(status);
	free(email);
	free(name);
	free(agent);
	free(raw);
	free(msgid);
	free(why);
	free(irt);
	free(fname);
	free(faddr);
	return res;
}

static json_t *
ticket_reply(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	json_t *res;

	if (db_begin(ctx->db) != 0) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		return NULL;
	}
	res = reply_write(ctx, op_int(params, "id", 0), op_str(params, "body", ""),
	    op_str(params, "account", NULL), op_bool(params, "note", 0), 1, err);
	if (res == NULL) {
		db_rollback(ctx->db);
		return NULL;
	}
	if (db_commit(ctx->db) != 0) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		db_rollback(ctx->db);
		json_decref(res);
		return NULL;
	}
	return res;
}

/* --- the outbox ------------------------------------------------------------ */

static const char SQL_OUTBOX_LIST[] =
	"SELECT o.id, o.ticket_id, o.account, o.recipients, o.idempotency_key, o.state,"
	" o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.sent_at"
	" FROM outbox o WHERE (?1 IS NULL OR o.state = ?1) ORDER BY o.id DESC LIMIT ?2";
static const char SQL_OUTBOX_RETRY[] =
	"UPDATE outbox SET state = 'queued', next_attempt_at = ?2, last_error = NULL"
	" WHERE id = ?1 AND state IN ('failed', 'dead', 'queued')";
static const char SQL_OUTBOX_CANCEL[] =
	"UPDATE outbox SET state = 'cancelled' WHERE id = ?1 AND state IN ('queued', 'failed', 'dead')";

static json_t *
outbox_list(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *state = op_str(params, "state", NULL);
	sqlite3_stmt *st = db_stmt(ctx->db, SQL_OUTBOX_LIST);
	json_t *items = json_array();
	int rc;

	if (st == NULL) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		json_decref(items);
		return NULL;
	}
	if (state != NULL)
		sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, op_int(params, "limit", 100));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *rcpt = json_loads(db_col_text(st, 3), 0, NULL);

		json_array_append_new(items, json_pack("{s:I,s:I,s:s,s:o,s:s,s:s,s:I,s:I,s:s?,s:I,"
		    "s:o}", "id", (json_int_t)sqlite3_column_int64(st, 0), "ticket",
		    (json_int_t)sqlite3_column_int64(st, 1), "account", db_col_text(st, 2),
		    "recipients", rcpt != NULL ? rcpt : json_array(), "message_id",
		    db_col_text(st, 4), "state", db_col_text(st, 5), "attempts",
		    (json_int_t)sqlite3_column_int64(st, 6), "next_attempt_at",
		    (json_int_t)sqlite3_column_int64(st, 7), "last_error",
		    sqlite3_column_type(st, 8) == SQLITE_NULL ? NULL : db_col_text(st, 8),
		    "created_at", (json_int_t)sqlite3_column_int64(st, 9), "sent_at",
		    sqlite3_column_type(st, 10) == SQLITE_NULL ? json_null() :
		    json_integer(sqlite3_column_int64(st, 10))));
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}

static json_t *
outbox_change(struct op_ctx *ctx, json_t *params, struct op_error *err, const char *sql,
    const char *action)
{
	int64_t id = op_int(params, "id", 0);
	sqlite3_stmt *st;
	json_t *detail;
	int changed;

	if (db_begin(ctx->db) != 0 || (st = db_stmt(ctx->db, sql)) == NULL) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		db_rollback(ctx->db);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, clock_now());
	if (step_done(st) != 0) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		db_rollback(ctx->db);
		return NULL;
	}
	changed = sqlite3_changes(db_handle(ctx->db));
	if (changed == 0) {
		db_rollback(ctx->db);
		op_error_set(err, OP_E_CONFLICT, _("outbox item %lld is not waiting or failed (it "
		    "may be sent, being sent, or cancelled)"), (long long)id);
		return NULL;
	}
	detail = json_pack("{s:I}", "outbox", (json_int_t)id);
	if (audit_log(ctx->db, ctx->caller, action, "outbox", id, detail) != 0 ||
	    db_commit(ctx->db) != 0) {
		json_decref(detail);
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		db_rollback(ctx->db);
		return NULL;
	}
	json_decref(detail);
	return json_pack("{s:I,s:s}", "id", (json_int_t)id, "action", action);
}

static json_t *
outbox_retry(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	return outbox_change(ctx, params, err, SQL_OUTBOX_RETRY, "outbox.retry");
}

static json_t *
outbox_cancel(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	return outbox_change(ctx, params, err, SQL_OUTBOX_CANCEL, "outbox.cancel");
}

static const struct op_param reply_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ "body", OP_STRING, 1, 256 * 1024, 0, 0 },
	{ "note", OP_BOOL, 0, 0, 0, 0 },
	{ "account", OP_STRING, 0, 128, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};
static const struct op_param outbox_list_params[] = {
	{ "state", OP_STRING, 0, 16, 0, 0 },
	{ "limit", OP_INT, 0, 0, 1, 1000 },
	{ NULL, 0, 0, 0, 0, 0 },
};
static const struct op_param outbox_id_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_ticket_reply = {
	"ticket.reply", ROLE_AGENT, reply_params, ticket_reply,
	N_("reply to the customer (queued in the outbox) or add an internal note"), OP_WRITES,
};
const struct op_entry op_outbox_list = {
	"outbox.list", ROLE_AGENT, outbox_list_params, outbox_list,
	N_("list outgoing messages: queued, sending, sent, failed"), 0,
};
const struct op_entry op_outbox_retry = {
	"outbox.retry", ROLE_AGENT, outbox_id_params, outbox_retry,
	N_("queue a failed outgoing message again (the same bytes and Message-ID)"), OP_WRITES,
};
const struct op_entry op_outbox_cancel = {
	"outbox.cancel", ROLE_AGENT, outbox_id_params, outbox_cancel,
	N_("cancel an outgoing message that has not been sent"), OP_WRITES,
};
