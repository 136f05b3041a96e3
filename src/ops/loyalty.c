/* loyalty.c: loyalty.grant, goodwill points from an agent. Every change of
 * points is a ledger row with its reason and its actor, written with the
 * balance in one transaction; above the configured amount the lead role is
 * needed. */
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
static const char SQL_ACCOUNT[] =
	"INSERT INTO loyalty_accounts (customer_id, tier, points, lifetime_spend, currency, updated_at)"
	" VALUES (?1, ?2, 0, 0, ?3, ?4) ON CONFLICT (customer_id) DO NOTHING";
static const char SQL_LEDGER[] =
	"INSERT INTO loyalty_ledger (customer_id, delta, reason, agent_id, note, created_at)"
	" VALUES (?1, ?2, 'goodwill', ?3, ?4, ?5)";
static const char SQL_BALANCE[] =
	"UPDATE loyalty_accounts SET points = points + ?2, updated_at = ?3 WHERE customer_id = ?1"
	" RETURNING points";

static json_t *
loyalty_grant(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t customer = op_int(params, "customer", 0), points = op_int(params, "points", 0);
	const char *reason = op_str(params, "reason", "");
	long limit = ctx->cfg != NULL ? ctx->cfg->loyalty.goodwill_lead_above : 500;
	int64_t now = clock_now(), balance = 0;
	sqlite3_stmt *st;
	json_t *detail;
	int rc;

	if (reason[0] == '\0' || strspn(reason, " \t") == strlen(reason)) {
		op_error_set(err, OP_E_INVALID, "%s", _("goodwill points need a reason"));
		return NULL;
	}
	if (points > limit && ctx->caller->role < ROLE_LEAD) {
		op_error_set(err, OP_E_FORBIDDEN, _("granting more than %ld points needs the %s "
		    "role"), limit, role_name(ROLE_LEAD));
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
	if ((st = db_stmt(ctx->db, SQL_ACCOUNT)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_text(st, 2, loyalty_tiers[0].name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, LOYALTY_SHOP_CURRENCY, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE || (st = db_stmt(ctx->db, SQL_LEDGER)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, points);
	if (ctx->caller->agent_id != 0)
		sqlite3_bind_int64(st, 3, ctx->caller->agent_id);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE || (st = db_stmt(ctx->db, SQL_BALANCE)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int64(st, 2, points);
	sqlite3_bind_int64(st, 3, now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		balance = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW)
		goto dberr;
	detail = json_pack("{s:I,s:s,s:I}", "points", (json_int_t)points, "reason", reason,
	    "balance", (json_int_t)balance);
	rc = audit_log(ctx->db, ctx->caller, "loyalty.grant", "customer", customer, detail);
	json_decref(detail);
	if (rc != 0 || db_commit(ctx->db) != 0)
		goto dberr;
	return json_pack("{s:I,s:I,s:I}", "customer", (json_int_t)customer, "points",
	    (json_int_t)points, "balance", (json_int_t)balance);
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
