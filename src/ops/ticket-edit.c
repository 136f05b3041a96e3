/* ticket-edit.c: ticket.status, ticket.assign, ticket.priority and
 * ticket.tag, with the role rules that make them hold: reopening a closed
 * ticket, and taking a ticket from another agent or handing it to one, are
 * for leads. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ticket-edit.h"
#include "db/db.h"
#include "ops/ops.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static const char SQL_AGENT[] = "SELECT id, login FROM agents WHERE login = ?1 AND active = 1";

static int
one_of(const char *v, const char *const *allowed)
{
	for (; *allowed != NULL; allowed++)
		if (strcmp(v, *allowed) == 0)
			return 1;
	return 0;
}

static int
status_rule(const struct op_caller *who, json_t *before, const char *value,
    struct op_error *err)
{
	if (strcmp(json_string_value(json_object_get(before, "status")), "closed") == 0 &&
	    strcmp(value, "closed") != 0 && who->role < ROLE_LEAD) {
		op_error_set(err, OP_E_FORBIDDEN, _("reopening a closed ticket needs the lead role"));
		return -1;
	}
	return 0;
}

static json_t *
ticket_status(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	static const char *const allowed[] = { "open", "pending", "solved", "closed", NULL };
	const char *v = op_str(params, "status", "");

	if (!one_of(v, allowed)) {
		op_error_set(err, OP_E_INVALID,
		    _("ticket.status: status must be open, pending, solved or closed, not '%s'"), v);
		return NULL;
	}
	return ticket_edit_set(ctx->db, ctx->caller, op_int(params, "id", 0), TICKET_STATUS, v,
	    status_rule, err);
}

static json_t *
ticket_priority(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	static const char *const allowed[] = { "low", "normal", "high", "urgent", NULL };
	const char *v = op_str(params, "priority", "");

	if (!one_of(v, allowed)) {
		op_error_set(err, OP_E_INVALID,
		    _("ticket.priority: priority must be low, normal, high or urgent, not '%s'"), v);
		return NULL;
	}
	return ticket_edit_set(ctx->db, ctx->caller, op_int(params, "id", 0), TICKET_PRIORITY,
	    v, NULL, err);
}

/* Agents take free tickets and let go of their own; moving a ticket between
 * people is a lead's call. The target login travels in value as "id:login"
 * so the rule can compare logins. */
static int
assign_rule(const struct op_caller *who, json_t *before, const char *value,
    struct op_error *err)
{
	const char *current = json_string_value(json_object_get(before, "assignee"));
	const char *target = value != NULL ? strchr(value, ':') + 1 : NULL;

	if (who->role >= ROLE_LEAD)
		return 0;
	if (current != NULL && strcmp(current, who->login) != 0) {
		op_error_set(err, OP_E_FORBIDDEN,
		    _("the ticket belongs to %s: taking it over needs the lead role"), current);
		return -1;
	}
	if (target != NULL && strcmp(target, who->login) != 0) {
		op_error_set(err, OP_E_FORBIDDEN,
		    _("assigning a ticket to someone else needs the lead role"));
		return -1;
	}
	return 0;
}

static json_t *
ticket_assign(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *who = op_str(params, "assignee", "");
	char *value = NULL;
	json_t *res;

	if (strcmp(who, "none") != 0) {
		const char *login = strcmp(who, "me") == 0 ? ctx->caller->login : who;
		sqlite3_stmt *st = db_stmt(ctx->db, SQL_AGENT);
		int rc;

		if (st == NULL) {
			op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(ctx->db));
			return NULL;
		}
		sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			value = xasprintf("%lld:%s", (long long)sqlite3_column_int64(st, 0),
			    db_col_text(st, 1));
		db_done(st);
		if (value == NULL) {
			if (rc == SQLITE_DONE)
				op_error_set(err, OP_E_NOT_FOUND, strcmp(who, "me") == 0 ?
				    _("you are not registered as an agent: 'aftercare agent add %s'") :
				    _("no agent with the login %s"), login);
			else
				op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(ctx->db));
			return NULL;
		}
	}
	res = ticket_edit_set(ctx->db, ctx->caller, op_int(params, "id", 0), TICKET_ASSIGNEE,
	    value, assign_rule, err);
	free(value);
	return res;
}

/* "a, b" -> ["a","b"]; NULL with err on a bad tag. */
static json_t *
tag_list(const char *text, struct op_error *err)
{
	json_t *arr = json_array();
	char *copy = xstrdup(text), *p = copy, *tag;

	while (p != NULL) {
		size_t len;

		tag = p;
		p = strchr(p, ',');
		if (p != NULL)
			*p++ = '\0';
		while (*tag == ' ')
			tag++;
		len = strlen(tag);
		while (len > 0 && tag[len - 1] == ' ')
			tag[--len] = '\0';
		if (len == 0)
			continue;
		if (len > 32 || strpbrk(tag, " \t\r\n\"'") != NULL) {
			op_error_set(err, OP_E_INVALID,
			    _("ticket.tag: a tag is 1 to 32 characters without spaces or quotes: '%s'"),
			    tag);
			json_decref(arr);
			free(copy);
			return NULL;
		}
		json_array_append_new(arr, json_string(tag));
	}
	free(copy);
	return arr;
}

static json_t *
ticket_tag(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	json_t *add = NULL, *del = NULL, *res = NULL;

	if ((add = tag_list(op_str(params, "add", ""), err)) == NULL ||
	    (del = tag_list(op_str(params, "remove", ""), err)) == NULL)
		goto out;
	if (json_array_size(add) + json_array_size(del) == 0) {
		op_error_set(err, OP_E_INVALID, _("ticket.tag: give tags to add or remove"));
		goto out;
	}
	res = ticket_edit_tags(ctx->db, ctx->caller, op_int(params, "id", 0), add, del, err);
out:
	json_decref(add);
	json_decref(del);
	return res;
}

static const struct op_param status_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ "status", OP_STRING, 1, 16, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};
static const struct op_param priority_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ "priority", OP_STRING, 1, 16, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};
static const struct op_param assign_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ "assignee", OP_STRING, 1, 64, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};
static const struct op_param tag_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ "add", OP_STRING, 0, 400, 0, 0 },
	{ "remove", OP_STRING, 0, 400, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_ticket_status = {
	"ticket.status", ROLE_AGENT, status_params, ticket_status,
	N_("set a ticket's status (open, pending, solved, closed)"), OP_WRITES,
};
const struct op_entry op_ticket_priority = {
	"ticket.priority", ROLE_AGENT, priority_params, ticket_priority,
	N_("set a ticket's priority (low, normal, high, urgent)"), OP_WRITES,
};
const struct op_entry op_ticket_assign = {
	"ticket.assign", ROLE_AGENT, assign_params, ticket_assign,
	N_("assign a ticket to an agent, to me, or to none"), OP_WRITES,
};
const struct op_entry op_ticket_tag = {
	"ticket.tag", ROLE_AGENT, tag_params, ticket_tag,
	N_("add or remove a ticket's tags"), OP_WRITES,
};
