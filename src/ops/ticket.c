/* ticket.c: ticket.list and ticket.show. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/customers.h"
#include "core/search.h"
#include "core/tickets.h"
#include "db/db.h"
#include "ops/ops.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static const char *const ticket_statuses[] = { "new", "open", "pending", "solved", "closed", NULL };
static const char *const ticket_channels[] = { "email", "chat", NULL };

static const char SQL_AGENT_BY_LOGIN[] = "SELECT id FROM agents WHERE login = ?1";

/* "open,pending" -> ["open","pending"] as JSON text, checking each word
 * against the allowed values. NULL with err set on a bad word. */
static char *
word_list(const char *op, const char *param, const char *value,
    const char *const *allowed, struct op_error *err)
{
	json_t *arr = json_array();
	char *copy = xstrdup(value), *p = copy, *word, *text;

	while (p != NULL) {
		int i;

		word = p;
		p = strchr(p, ',');
		if (p != NULL)
			*p++ = '\0';
		while (*word == ' ')
			word++;
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(word, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			struct buf b;

			buf_init(&b, 256);
			for (i = 0; allowed[i] != NULL; i++)
				buf_addf(&b, "%s%s", i > 0 ? ", " : "", allowed[i]);
			op_error_set(err, OP_E_INVALID, _("%s: unknown %s '%s' (expected %s)"),
			    op, param, word, buf_str(&b));
			buf_free(&b);
			free(copy);
			json_decref(arr);
			return NULL;
		}
		json_array_append_new(arr, json_string(word));
	}
	free(copy);
	text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return text;
}

static int
resolve_customer(struct op_ctx *ctx, const char *v, int64_t *id, struct op_error *err)
{
	char *end;
	long long n;
	int rc;

	if (strchr(v, '@') != NULL) {
		rc = customers_find(ctx->db, "email", v, id);
		if (rc < 0) {
			op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(ctx->db));
			return -1;
		}
		if (rc == 0) {
			op_error_set(err, OP_E_NOT_FOUND, _("no customer with the address %s"), v);
			return -1;
		}
		return 0;
	}
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end != '\0' || n <= 0) {
		op_error_set(err, OP_E_INVALID,
		    _("ticket.list: customer must be an email address or a customer number"));
		return -1;
	}
	*id = n;
	return 0;
}

static int
resolve_assignee(struct op_ctx *ctx, const char *v, int64_t *id, struct op_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (strcmp(v, "none") == 0) {
		*id = -1;
		return 0;
	}
	if (strcmp(v, "me") == 0) {
		if (ctx->caller->agent_id == 0) {
			op_error_set(err, OP_E_NOT_FOUND, _("you are not registered as an agent"));
			return -1;
		}
		*id = ctx->caller->agent_id;
		return 0;
	}
	if ((st = db_stmt(ctx->db, SQL_AGENT_BY_LOGIN)) == NULL) {
		op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(ctx->db));
		return -1;
	}
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		op_error_set(err, OP_E_NOT_FOUND, _("no agent with the login %s"), v);
	else
		op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(ctx->db));
	return -1;
}

static json_t *
ticket_list(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	struct ticket_filter f = { 0 };
	const char *v, *sort = op_str(params, "sort", "updated");
	char *statuses = NULL, *channels = NULL, *fts = NULL, *dberr = NULL;
	json_t *res = NULL;

	f.limit = (int)op_int(params, "limit", 50);
	if (strcmp(sort, "updated") == 0) {
		f.sort = TICKET_SORT_UPDATED;
	} else if (strcmp(sort, "created") == 0) {
		f.sort = TICKET_SORT_CREATED;
	} else {
		op_error_set(err, OP_E_INVALID,
		    _("ticket.list: sort must be 'updated' or 'created', not '%s'"), sort);
		return NULL;
	}
	if ((v = op_str(params, "status", NULL)) != NULL &&
	    (f.statuses = statuses = word_list("ticket.list", "status", v,
	    ticket_statuses, err)) == NULL)
		goto out;
	if ((v = op_str(params, "channel", NULL)) != NULL &&
	    (f.channels = channels = word_list("ticket.list", "channel", v,
	    ticket_channels, err)) == NULL)
		goto out;
	if ((v = op_str(params, "customer", NULL)) != NULL &&
	    resolve_customer(ctx, v, &f.customer_id, err) != 0)
		goto out;
	if ((v = op_str(params, "assignee", NULL)) != NULL &&
	    resolve_assignee(ctx, v, &f.assignee_id, err) != 0)
		goto out;
	if ((v = op_str(params, "search", NULL)) != NULL) {
		if ((f.fts = fts = search_to_fts(v)) == NULL) {
			op_error_set(err, OP_E_INVALID,
			    _("ticket.list: search needs between 1 and %d words"), SEARCH_MAX_TERMS);
			goto out;
		}
	}
	v = op_str(params, "direction", "older");
	if (strcmp(v, "newer") == 0) {
		f.newer = 1;
	} else if (strcmp(v, "older") != 0) {
		op_error_set(err, OP_E_INVALID,
		    _("ticket.list: direction must be 'older' or 'newer', not '%s'"), v);
		goto out;
	}
	if ((v = op_str(params, "cursor", NULL)) != NULL) {
		if (tickets_cursor_decode(v, f.sort, &f.cursor_ts, &f.cursor_id) != 0) {
			op_error_set(err, OP_E_INVALID,
			    _("ticket.list: the cursor is not valid for this sort order"));
			goto out;
		}
		f.has_cursor = 1;
	}
	if ((res = tickets_list(ctx->db, &f, &dberr)) == NULL) {
		op_error_set(err, OP_E_DB, "%s", dberr);
		free(dberr);
	}
out:
	free(statuses);
	free(channels);
	free(fts);
	return res;
}

static json_t *
ticket_show(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t id = op_int(params, "id", 0);
	char *dberr = NULL;
	json_t *res = tickets_show(ctx->db, id, &dberr);

	if (res == NULL && dberr != NULL) {
		op_error_set(err, OP_E_DB, "%s", dberr);
		free(dberr);
	} else if (res == NULL) {
		op_error_set(err, OP_E_NOT_FOUND, _("no ticket #%lld"), (long long)id);
	}
	return res;
}

static const struct op_param ticket_list_params[] = {
	{ "status", OP_STRING, 0, 128, 0, 0 },
	{ "channel", OP_STRING, 0, 64, 0, 0 },
	{ "customer", OP_STRING, 0, 320, 0, 0 },
	{ "assignee", OP_STRING, 0, 64, 0, 0 },
	{ "search", OP_STRING, 0, 512, 0, 0 },
	{ "sort", OP_STRING, 0, 16, 0, 0 },
	{ "cursor", OP_STRING, 0, 64, 0, 0 },
	{ "direction", OP_STRING, 0, 8, 0, 0 },
	{ "limit", OP_INT, 0, 0, 1, 500 },
	{ NULL, 0, 0, 0, 0, 0 },
};

static const struct op_param ticket_show_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_ticket_list = {
	"ticket.list", ROLE_AGENT, ticket_list_params, ticket_list,
	N_("list tickets in the queue, filtered and paged"), 0,
};

const struct op_entry op_ticket_show = {
	"ticket.show", ROLE_AGENT, ticket_show_params, ticket_show,
	N_("show a ticket with its messages and linked order"), 0,
};
