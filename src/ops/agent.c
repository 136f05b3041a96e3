/* agent.c: agent.add and agent.list. Agents are Unix users: the server
 * knows them by the uid of their socket connection. */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "db/db.h"
#include "ops/ops.h"
#include "util/clock.h"
#include "util/i18n.h"

static const char SQL_UPSERT[] =
	"INSERT INTO agents (login, uid, name, role, active, created_at)"
	" VALUES (?1, ?2, ?3, ?4, 1, ?5)"
	" ON CONFLICT (login) DO UPDATE SET uid = excluded.uid, name = excluded.name,"
	" role = excluded.role, active = 1"
	" RETURNING id";
static const char SQL_LIST[] =
	"SELECT id, login, uid, name, role, active, created_at FROM agents ORDER BY login";

static json_t *
agent_add(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *login = op_str(params, "login", "");
	const char *role_s = op_str(params, "role", "agent");
	const char *name = op_str(params, "name", NULL);
	struct passwd *pw;
	sqlite3_stmt *st;
	json_t *res = NULL;
	int64_t id = 0;
	int rc;

	if (role_from_name(role_s) == ROLE_NONE) {
		op_error_set(err, OP_E_INVALID,
		    _("agent.add: role must be agent, lead or admin, not '%s'"), role_s);
		return NULL;
	}
	/* The login must be a user of the server's host: that is who will
	 * connect. */
	if ((pw = getpwnam(login)) == NULL) {
		op_error_set(err, OP_E_NOT_FOUND, _("there is no user '%s' on this system"), login);
		return NULL;
	}
	if (name == NULL || name[0] == '\0') {
		/* The GECOS full name, up to its first comma. */
		name = pw->pw_gecos != NULL && pw->pw_gecos[0] != '\0' ? pw->pw_gecos : login;
	}
	if (db_begin(ctx->db) != 0)
		goto dberr;
	if ((st = db_stmt(ctx->db, SQL_UPSERT)) == NULL)
		goto dberr;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)pw->pw_uid);
	sqlite3_bind_text(st, 3, name, (int)strcspn(name, ","), SQLITE_STATIC);
	sqlite3_bind_text(st, 4, role_s, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, clock_now());
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW) {
		if ((sqlite3_extended_errcode(db_handle(ctx->db)) & 0xff) == SQLITE_CONSTRAINT) {
			op_error_set(err, OP_E_CONFLICT,
			    _("another agent already has the uid of %s"), login);
			db_rollback(ctx->db);
			return NULL;
		}
		goto dberr;
	}
	res = json_pack("{s:I,s:s,s:I,s:s#,s:s}", "id", (json_int_t)id, "login", login,
	    "uid", (json_int_t)pw->pw_uid, "name", name, (int)strcspn(name, ","), "role",
	    role_s);
	if (audit_log(ctx->db, ctx->caller, "agent.add", "agent", id, res) != 0 ||
	    db_commit(ctx->db) != 0) {
		json_decref(res);
		goto dberr;
	}
	return res;
dberr:
	op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(ctx->db));
	db_rollback(ctx->db);
	return NULL;
}

static json_t *
agent_list(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db, SQL_LIST);
	json_t *list = json_array();
	int rc;

	if (st == NULL)
		goto dberr;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *a = json_pack("{s:I,s:s,s:s,s:s,s:b,s:I}",
		    "id", (json_int_t)sqlite3_column_int64(st, 0),
		    "login", db_col_text(st, 1), "name", db_col_text(st, 3),
		    "role", db_col_text(st, 4), "active", sqlite3_column_int(st, 5),
		    "created_at", (json_int_t)sqlite3_column_int64(st, 6));

		json_object_set_new(a, "uid", sqlite3_column_type(st, 2) == SQLITE_NULL ?
		    json_null() : json_integer(sqlite3_column_int64(st, 2)));
		json_array_append_new(list, a);
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		goto dberr;
	return json_pack("{s:o}", "agents", list);
dberr:
	json_decref(list);
	op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(ctx->db));
	return NULL;
}

static const struct op_param agent_add_params[] = {
	{ "login", OP_STRING, 1, 64, 0, 0 },
	{ "role", OP_STRING, 0, 16, 0, 0 },
	{ "name", OP_STRING, 0, 200, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

static const struct op_param agent_list_params[] = {
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_agent_add = {
	"agent.add", ROLE_ADMIN, agent_add_params, agent_add,
	N_("register a Unix user as an agent with a role (or change the role)"), OP_WRITES,
};

const struct op_entry op_agent_list = {
	"agent.list", ROLE_AGENT, agent_list_params, agent_list,
	N_("list the agents and their roles"), 0,
};
