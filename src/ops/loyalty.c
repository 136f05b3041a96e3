/* loyalty.c: loyalty.grant (goodwill points from an agent; above the
 * configured amount the lead role is needed), loyalty.redeem and
 * loyalty.refer. Every change of points is a ledger row with its reason and
 * its actor, written with the balance in one transaction. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/audit.h"
#include "core/loyalty.h"
#include "db/db.h"
#include "ops/ops.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/settings.h"
#include "util/xmalloc.h"

static const char SQL_CUSTOMER[] = "SELECT 1 FROM customers WHERE id = ?1 AND erased = 0";
static const char SQL_LEDGER[] =
	"INSERT INTO loyalty_ledger (customer_id, delta, reason, agent_id, note, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_POINTS[] = "SELECT points FROM loyalty_accounts WHERE customer_id = ?1";
static const char SQL_CODE_OWNER[] =
	"SELECT customer_id FROM loyalty_accounts WHERE referral_code = upper(?1)";
static const char SQL_REFERRED_BY[] =
	"SELECT coalesce(referred_by, 0) FROM loyalty_accounts WHERE customer_id = ?1";
static const char SQL_SET_REFERRER[] =
	"UPDATE loyalty_accounts SET referred_by = ?2, updated_at = ?3 WHERE customer_id = ?1";
static const char SQL_BALANCE[] =
	"UPDATE loyalty_accounts SET points = points + ?2, updated_at = ?3 WHERE customer_id = ?1"
	" RETURNING points";

/* One change of points by an agent, with its ledger row, in one
 * transaction. kind: "goodwill" (delta > 0) or "redeem" (delta < 0, never
 * more than the balance). */
static json_t *
change_points(struct op_ctx *ctx, const char *op, const char *kind, int64_t customer,
    int64_t delta, const char *reason, struct op_error *err)
{
	int64_t now = clock_now(), balance = 0;
	sqlite3_stmt *st;
	json_t *detail;
	int rc;

	if (reason[0] == '\0' || strspn(reason, " \t") == strlen(reason)) {
		op_error_set(err, OP_E_INVALID, "%s", delta > 0 ? _("goodwill points need a reason") :
		    _("redeeming points needs a reason"));
		return NULL;
	}
	if (db_begin(ctx->db) != 0)
		goto dberr;
	if ((st = db_stmt(ctx->db, SQL_CUSTOMER)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			goto dberr;
		db_rollback(ctx->db);
		op_error_set(err, OP_E_NOT_FOUND, _("no customer %lld"), (long long)customer);
		return NULL;
	}
	if (loyalty_account(ctx->db, customer, now) != 0 ||
	    (st = db_stmt(ctx->db, SQL_POINTS)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	if (sqlite3_step(st) == SQLITE_ROW)
		balance = sqlite3_column_int64(st, 0);
	db_done(st);
	if (delta < 0 && -delta > balance) {
		db_rollback(ctx->db);
		op_error_set(err, OP_E_CONFLICT, _("the customer has only %lld points"),
		    (long long)balance);
		return NULL;
	}
	if ((st = db_stmt(ctx->db, SQL_LEDGER)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, delta);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	if (ctx->caller->agent_id != 0)
		sqlite3_bind_int64(st, 4, ctx->caller->agent_id);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE || (st = db_stmt(ctx->db, SQL_BALANCE)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, delta);
	sqlite3_bind_int64(st, 3, now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		balance = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW)
		goto dberr;
	detail = json_pack("{s:I,s:s,s:I}", "points", (json_int_t)delta, "reason", reason,
	    "balance", (json_int_t)balance);
	rc = audit_log(ctx->db, ctx->caller, op, "customer", customer, detail);
	json_decref(detail);
	if (rc != 0 || db_commit(ctx->db) != 0)
		goto dberr;
	return json_pack("{s:I,s:I,s:I}", "customer", (json_int_t)customer, "points",
	    (json_int_t)delta, "balance", (json_int_t)balance);
dberr:
	op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
	db_rollback(ctx->db);
	return NULL;
}

static json_t *
loyalty_grant(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t points = op_int(params, "points", 0);
	long limit = ctx->cfg != NULL ? ctx->cfg->loyalty.goodwill_lead_above : 500;

	if (points > limit && ctx->caller->role < ROLE_LEAD) {
		op_error_set(err, OP_E_FORBIDDEN, _("granting more than %ld points needs the %s "
		    "role"), limit, role_name(ROLE_LEAD));
		return NULL;
	}
	return change_points(ctx, "loyalty.grant", "goodwill", op_int(params, "customer", 0),
	    points, op_str(params, "reason", ""), err);
}

static json_t *
loyalty_redeem(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	return change_points(ctx, "loyalty.redeem", "redeem", op_int(params, "customer", 0),
	    -op_int(params, "points", 0), op_str(params, "reason", ""), err);
}

/* The customer was referred by the owner of code: recorded once, never by
 * oneself; the bonuses follow on the customer's first paid order (now, if
 * there is one already). */
static json_t *
loyalty_refer(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t customer = op_int(params, "customer", 0), referrer = 0, had = 0, now = clock_now();
	const char *code = op_str(params, "code", "");
	sqlite3_stmt *st;
	json_t *detail;
	int rc;

	if (db_begin(ctx->db) != 0)
		goto dberr;
	if ((st = db_stmt(ctx->db, SQL_CODE_OWNER)) == NULL)
		goto dberr;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		referrer = sqlite3_column_int64(st, 0);
	db_done(st);
	if (referrer == 0) {
		db_rollback(ctx->db);
		op_error_set(err, OP_E_NOT_FOUND, _("no customer has the referral code '%s'"), code);
		return NULL;
	}
	if ((st = db_stmt(ctx->db, SQL_CUSTOMER)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_ROW) {
		db_rollback(ctx->db);
		op_error_set(err, OP_E_NOT_FOUND, _("no customer %lld"), (long long)customer);
		return NULL;
	}
	if (referrer == customer) {
		db_rollback(ctx->db);
		op_error_set(err, OP_E_CONFLICT, "%s", _("customers cannot refer themselves"));
		return NULL;
	}
	if (loyalty_account(ctx->db, customer, now) != 0 ||
	    (st = db_stmt(ctx->db, SQL_REFERRED_BY)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	if (sqlite3_step(st) == SQLITE_ROW)
		had = sqlite3_column_int64(st, 0);
	db_done(st);
	if (had != 0) {
		db_rollback(ctx->db);
		op_error_set(err, OP_E_CONFLICT, "%s", _("this customer was already referred by "
		    "someone"));
		return NULL;
	}
	if ((st = db_stmt(ctx->db, SQL_SET_REFERRER)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, referrer);
	sqlite3_bind_int64(st, 3, now);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE || loyalty_settle(ctx->db, customer, 0, now) != 0)
		goto dberr;
	detail = json_pack("{s:s,s:I}", "code", code, "referrer", (json_int_t)referrer);
	rc = audit_log(ctx->db, ctx->caller, "loyalty.refer", "customer", customer, detail);
	json_decref(detail);
	if (rc != 0 || db_commit(ctx->db) != 0)
		goto dberr;
	return json_pack("{s:I,s:I}", "customer", (json_int_t)customer, "referrer",
	    (json_int_t)referrer);
dberr:
	op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
	db_rollback(ctx->db);
	return NULL;
}

static const struct op_param grant_params[] = {
	{ "customer", OP_INT, 1, 0, 1, INT64_MAX },
	{ "points", OP_INT, 1, 0, 1, 1000000 },
	{ "reason", OP_STRING, 1, 200, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_loyalty_grant = {
	"loyalty.grant", ROLE_AGENT, grant_params, loyalty_grant,
	N_("grant a customer goodwill points, with a reason"), OP_WRITES,
};

const struct op_entry op_loyalty_redeem = {
	"loyalty.redeem", ROLE_AGENT, grant_params, loyalty_redeem,
	N_("take points a customer redeemed off their balance, with a reason"), OP_WRITES,
};

static const struct op_param refer_params[] = {
	{ "customer", OP_INT, 1, 0, 1, INT64_MAX },
	{ "code", OP_STRING, 1, 40, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_loyalty_refer = {
	"loyalty.refer", ROLE_AGENT, refer_params, loyalty_refer,
	N_("record who referred a customer (by referral code); the bonuses follow the "
	   "first paid order"), OP_WRITES,
};
