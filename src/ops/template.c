/* template.c: template.list and template.render, so that the TUI, the CLI
 * and (later) the reply path all render through the server the same way. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/template.h"
#include "db/db.h"
#include "ops/ops.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static const char SQL_AGENT_NAME[] = "SELECT name FROM agents WHERE id = ?1";

static json_t *
template_list_op(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	(void)ctx;
	(void)params;
	(void)err;
	return json_pack("{s:o}", "templates", template_list());
}

static json_t *
template_render_op(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t ticket = op_int(params, "ticket", 0);
	const char *name = op_str(params, "name", ""), *locale = op_str(params, "locale", NULL);
	char *agent = NULL, *why = NULL, *body, *used = NULL, *text = NULL;
	json_t *c, *res = NULL;
	sqlite3_stmt *st;

	/* The agent's display name, else the login. */
	if (ctx->caller->agent_id != 0 && (st = db_stmt(ctx->db, SQL_AGENT_NAME)) != NULL) {
		sqlite3_bind_int64(st, 1, ctx->caller->agent_id);
		if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 0)[0] != '\0')
			agent = xstrdup(db_col_text(st, 0));
		db_done(st);
	}
	if (agent == NULL)
		agent = xstrdup(ctx->caller->login != NULL ? ctx->caller->login : "");
	if ((c = template_context(ctx->db, ticket, 0, agent, &why)) == NULL) {
		op_error_set(err, why != NULL && strncmp(why, "no ticket", 9) != 0 ? OP_E_DB :
		    OP_E_NOT_FOUND, "%s", why != NULL ? why : _("no such ticket"));
		goto out;
	}
	if (locale == NULL)
		locale = json_string_value(json_object_get(c, "locale"));
	if ((body = template_load(name, locale, &used, &why)) == NULL) {
		op_error_set(err, OP_E_NOT_FOUND, "%s", why);
		goto out;
	}
	if (template_render(name, body, c, &text, &why) != 0) {
		op_error_set(err, OP_E_INVALID, "%s", why);
		free(body);
		goto out;
	}
	free(body);
	res = json_pack("{s:s,s:s,s:s,s:I}", "name", name, "locale", used, "text", text,
	    "ticket", (json_int_t)ticket);
out:
	json_decref(c);
	free(agent);
	free(why);
	free(used);
	free(text);
	return res;
}

static json_t *
template_check_op(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	char *why = NULL;
	json_t *res;

	(void)params;
	if ((res = template_check_all(ctx->db, ctx->caller->login, &why)) == NULL) {
		op_error_set(err, OP_E_DB, "%s", why != NULL ? why : "?");
		free(why);
	}
	return res;
}

static const struct op_param template_list_params[] = {
	{ NULL, 0, 0, 0, 0, 0 },
};

static const struct op_param template_render_params[] = {
	{ "ticket", OP_INT, 1, 0, 1, INT64_MAX },
	{ "name", OP_STRING, 1, 64, 0, 0 },
	{ "locale", OP_STRING, 0, 16, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_template_list = {
	"template.list", ROLE_AGENT, template_list_params, template_list_op,
	N_("list the reply templates and their languages"), 0,
};

const struct op_entry op_template_check = {
	"template.check", ROLE_AGENT, template_list_params, template_check_op,
	N_("render every template in en, uk and cs for every customer"), 0,
};

const struct op_entry op_template_render = {
	"template.render", ROLE_AGENT, template_render_params, template_render_op,
	N_("render a reply template for a ticket's customer"), 0,
};
