/* test_ops.c: the operation table through ops_call(), as every client sees
 * it: role checks, parameter validation, paging, search and the shape of the
 * results, over a small fixture shop with exactly known content. */
#include "config.h"

#include <locale.h>

#include "core/search.h"
#include "ops/ops.h"
#include "testutil.h"

struct fx {
	char *dir;
	struct db *db;
	struct op_caller caller;
	struct op_ctx ctx;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char *path, *err = NULL;

	f->dir = tu_tmpdir();
	path = xasprintf("%s/ops.db", f->dir);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &f->db, &err), 0);
	free(path);
	tu_fixture(f->db);
	f->caller.agent_id = 1;
	f->caller.login = "jana";
	f->caller.role = ROLE_AGENT;
	f->ctx.db = f->db;
	f->ctx.caller = &f->caller;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(&f->db);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Calls op with params given as JSON text; returns the result or NULL with
 * the error code copied into code. */
static json_t *
call(struct fx *f, const char *op, const char *params_json, const char **code)
{
	struct op_error err = { 0 };
	json_t *params = NULL, *res;
	json_error_t jerr;

	if (params_json != NULL) {
		params = json_loads(params_json, JSON_ALLOW_NUL, &jerr);
		assert_non_null(params);
	}
	res = ops_call(&f->ctx, op, params, &err);
	*code = err.code;
	if (res == NULL) {
		assert_non_null(err.code);
		assert_non_null(err.message);
		assert_null(strchr(err.message, '\n'));
	}
	op_error_clear(&err);
	json_decref(params);
	return res;
}

static json_t *
ok(struct fx *f, const char *op, const char *params)
{
	const char *code = NULL;
	json_t *res = call(f, op, params, &code);

	if (res == NULL)
		print_error("%s %s failed: %s\n", op, params != NULL ? params : "", code);
	assert_non_null(res);
	return res;
}

static void
fails(struct fx *f, const char *op, const char *params, const char *want)
{
	const char *code = NULL;
	json_t *res = call(f, op, params, &code);

	if (res != NULL)
		print_error("%s %s unexpectedly succeeded\n", op, params);
	assert_null(res);
	assert_string_equal(code, want);
}

/* Ticket ids of a ticket.list result, as "1,2,3". */
static char *
ids(json_t *res)
{
	json_t *t;
	size_t i;
	char *s = xstrdup(""), *n;

	json_array_foreach(json_object_get(res, "tickets"), i, t) {
		n = xasprintf("%s%s%lld", s, i > 0 ? "," : "",
		    (long long)json_integer_value(json_object_get(t, "id")));
		free(s);
		s = n;
	}
	return s;
}

static void
expect_ids(struct fx *f, const char *params, const char *want)
{
	json_t *res = ok(f, "ticket.list", params);
	char *got = ids(res);

	if (strcmp(got, want) != 0)
		print_error("ticket.list %s: got [%s], want [%s]\n", params, got, want);
	assert_string_equal(got, want);
	free(got);
	json_decref(res);
}

static void
test_table_is_complete(void **state)
{
	const char *names[] = { "ticket.list", "ticket.show", "customer.show",
	    "customer.search", "stats.summary", "ticket.status", "ticket.priority",
	    "ticket.assign", "ticket.tag", "agent.add", "agent.list", "attachment.read", "template.list",
	    "template.render", "template.check", "ticket.reply", "outbox.list", "outbox.retry", "outbox.cancel", "loyalty.grant", "order.show",
	    "message.raw", NULL };
	int i, n = 0;

	for (i = 0; names[i] != NULL; i++) {
		const struct op_entry *op = ops_find(names[i]);

		assert_non_null(op);
		assert_non_null(op->handler);
		assert_true(op->min_role >= ROLE_AGENT);
	}
	for (i = 0; ops_table[i] != NULL; i++)
		n++;
	assert_int_equal(n, 32);
	assert_null(ops_find("ticket.delete"));
}

static void
test_unknown_and_roles(void **state)
{
	struct fx *f = *state;

	fails(f, "ticket.nuke", NULL, OP_E_UNKNOWN);
	f->caller.role = ROLE_NONE;
	fails(f, "ticket.list", NULL, OP_E_FORBIDDEN);
	fails(f, "stats.summary", NULL, OP_E_FORBIDDEN);
	fails(f, "message.raw", "{\"id\": 1}", OP_E_FORBIDDEN);
	f->caller.role = ROLE_AGENT;
	json_decref(ok(f, "stats.summary", NULL));
}

/* Missing, wrong type, out of range, oversized, unknown key, NUL inside. */
static void
test_parameter_validation(void **state)
{
	struct fx *f = *state;
	char *big, *params;

	fails(f, "ticket.show", NULL, OP_E_INVALID);
	fails(f, "ticket.show", "{}", OP_E_INVALID);
	fails(f, "ticket.show", "{\"id\": \"1\"}", OP_E_INVALID);
	fails(f, "ticket.show", "{\"id\": 0}", OP_E_INVALID);
	fails(f, "ticket.show", "{\"id\": 1.5}", OP_E_INVALID);
	fails(f, "ticket.show", "{\"id\": 1, \"extra\": 2}", OP_E_INVALID);
	fails(f, "ticket.show", "{\"id\": 999}", OP_E_NOT_FOUND);
	fails(f, "ticket.list", "[1, 2]", OP_E_INVALID);
	fails(f, "ticket.list", "{\"limit\": 0}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"limit\": 501}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"limit\": \"10\"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"status\": 3}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"status\": \"open,bogus\"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"channel\": \"fax\"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"sort\": \"random\"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"cursor\": \"garbage\"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"cursor\": \"c10.1\"}", OP_E_INVALID); /* other sort */
	fails(f, "ticket.list", "{\"cursor\": \"u99999999999999999999.1\"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"search\": \"   \"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"search\": \"a\\u0000b\"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"customer\": \"nobody@example.com\"}", OP_E_NOT_FOUND);
	fails(f, "ticket.list", "{\"customer\": \"x1\"}", OP_E_INVALID);
	fails(f, "ticket.list", "{\"assignee\": \"ghost\"}", OP_E_NOT_FOUND);
	big = xmalloc(600);
	memset(big, 'a', 599);
	big[599] = '\0';
	params = xasprintf("{\"search\": \"%s\"}", big);
	fails(f, "ticket.list", params, OP_E_INVALID);
	free(params);
	params = xasprintf("{\"query\": \"%s\"}", big);
	fails(f, "customer.search", params, OP_E_INVALID);
	free(params);
	free(big);
	fails(f, "customer.show", "{}", OP_E_INVALID);
	fails(f, "customer.show", "{\"email\": \"a@example.com\", \"id\": 1}", OP_E_INVALID);
	fails(f, "customer.show", "{\"email\": \"nobody@example.com\"}", OP_E_NOT_FOUND);
	fails(f, "customer.show", "{\"id\": 99}", OP_E_NOT_FOUND);
	fails(f, "customer.search", "{}", OP_E_INVALID);
	fails(f, "customer.search", "{\"query\": \"\"}", OP_E_INVALID);
	fails(f, "stats.summary", "{\"x\": 1}", OP_E_INVALID);
	/* null means "not given" for optional parameters. */
	expect_ids(f, "{\"status\": null, \"limit\": 2}", "6,3");
}

static void
test_list_filters(void **state)
{
	struct fx *f = *state;

	/* Newest activity first: updated_at 3300, 3200, 2500, 2400, 2350, 2200. */
	expect_ids(f, NULL, "6,3,5,4,2,1");
	expect_ids(f, "{\"status\": \"open\"}", "6,2");
	expect_ids(f, "{\"status\": \"new, pending\"}", "3,1");
	expect_ids(f, "{\"channel\": \"chat\"}", "6,2");
	expect_ids(f, "{\"customer\": \"ALICE@example.com\"}", "4,1");
	expect_ids(f, "{\"customer\": \"3\"}", "6,3");
	expect_ids(f, "{\"assignee\": \"jana\"}", "3,2");
	expect_ids(f, "{\"assignee\": \"me\"}", "3,2");
	expect_ids(f, "{\"assignee\": \"none\"}", "6,5,4,1");
	expect_ids(f, "{\"sort\": \"created\"}", "6,3,5,4,2,1");
	expect_ids(f, "{\"status\": \"closed\", \"channel\": \"chat\"}", "");
	/* Paging back up: newer than a position, oldest first. */
	expect_ids(f, "{\"direction\": \"newer\", \"limit\": 2}", "1,2");
	expect_ids(f, "{\"direction\": \"newer\", \"cursor\": \"u2400.4\"}", "5,3,6");
	expect_ids(f, "{\"direction\": \"newer\", \"cursor\": \"u3300.6\"}", "");
	fails(f, "ticket.list", "{\"direction\": \"up\"}", OP_E_INVALID);
}

static void
test_list_shape(void **state)
{
	struct fx *f = *state;
	json_t *res = ok(f, "ticket.list", "{\"customer\": \"alice@example.com\", \"limit\": 1}");
	json_t *t = json_array_get(json_object_get(res, "tickets"), 0), *c;

	assert_non_null(t);
	assert_int_equal(json_integer_value(json_object_get(t, "id")), 4);
	assert_string_equal(json_string_value(json_object_get(t, "status")), "solved");
	assert_string_equal(json_string_value(json_object_get(t, "channel")), "email");
	assert_string_equal(json_string_value(json_object_get(t, "order_number")), "#1001");
	assert_true(json_is_null(json_object_get(t, "assignee")));
	assert_int_equal(json_integer_value(json_object_get(t, "updated_at")), 2400);
	c = json_object_get(t, "customer");
	assert_string_equal(json_string_value(json_object_get(c, "email")), "alice@example.com");
	assert_true(json_is_string(json_object_get(res, "next_cursor")));
	json_decref(res);
}

/* Pages chained by cursor cover every ticket once, in order, even when new
 * tickets arrive between pages. */
static void
test_keyset_paging_stable(void **state)
{
	struct fx *f = *state;
	char *cursor = NULL, *params, *all = xstrdup(""), *n;
	int pages = 0;

	for (;;) {
		json_t *res, *next;
		char *page;

		params = cursor != NULL ?
		    xasprintf("{\"limit\": 2, \"cursor\": \"%s\"}", cursor) :
		    xstrdup("{\"limit\": 2}");
		res = ok(f, "ticket.list", params);
		free(params);
		page = ids(res);
		n = xasprintf("%s%s%s", all, all[0] != '\0' && page[0] != '\0' ? "," : "", page);
		free(all);
		all = n;
		free(page);
		free(cursor);
		cursor = NULL;
		next = json_object_get(res, "next_cursor");
		if (json_is_string(next))
			cursor = xstrdup(json_string_value(next));
		json_decref(res);
		if (++pages == 1) {
			/* A ticket arriving after the first page (OFFSET paging
			 * would now repeat ticket 3 on page two). */
			tu_exec(f->db, "INSERT INTO tickets (id, customer_id, channel, subject,"
			    " created_at, updated_at) VALUES (7, 1, 'chat', 'new', 4000, 4000)");
		}
		if (cursor == NULL)
			break;
		assert_true(pages < 10);
	}
	assert_string_equal(all, "6,3,5,4,2,1");
	assert_int_equal(pages, 3);
	free(all);
}

static void
test_fts_search(void **state)
{
	struct fx *f = *state;

	expect_ids(f, "{\"search\": \"parcel\"}", "1");
	expect_ids(f, "{\"search\": \"PARCEL arrived\"}", "1");
	expect_ids(f, "{\"search\": \"parcel thanks\"}", "");
	/* Cyrillic: case folding. */
	expect_ids(f, "{\"search\": \"замовлення\"}", "2");
	expect_ids(f, "{\"search\": \"повернення\"}", "5");
	expect_ids(f, "{\"search\": \"ПОСИЛКА\"}", "2");
	/* Czech with and without diacritics. */
	expect_ids(f, "{\"search\": \"vrácení\"}", "3");
	expect_ids(f, "{\"search\": \"vraceni\"}", "3");
	expect_ids(f, "{\"search\": \"zasilka\"}", "6");
	expect_ids(f, "{\"search\": \"zásilka\"}", "6");
	/* Subjects are searched too, and prefixes with '*'. */
	expect_ids(f, "{\"search\": \"zbozi\"}", "3");
	expect_ids(f, "{\"search\": \"thank*\"}", "4");
	/* FTS5 syntax in the text is literal, never an error or an injection. */
	expect_ids(f, "{\"search\": \"body:parcel\"}", "");
	expect_ids(f, "{\"search\": \"\\\"parcel\"}", "1");
	expect_ids(f, "{\"search\": \"NEAR(a b) OR ( ^x\"}", "");
	/* Search combines with filters and paging. */
	expect_ids(f, "{\"search\": \"vraceni\", \"status\": \"open\"}", "");
}

static void
test_search_to_fts(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "", NULL },
		{ "   \t\n", NULL },
		{ "*", NULL },
		{ "word", "\"word\"" },
		{ "  two   words ", "\"two\" \"words\"" },
		{ "pre*", "\"pre\"*" },
		{ "say\"hi", "\"say\"\"hi\"" },
		{ "a:b (c) NOT", "\"a:b\" \"(c)\" \"NOT\"" },
		{ "Zásilka", "\"Zásilka\"" },
		{ "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "\"1\" \"2\" \"3\" \"4\" \"5\" \"6\""
		  " \"7\" \"8\" \"9\" \"10\" \"11\" \"12\" \"13\" \"14\" \"15\" \"16\"" },
		{ "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", NULL },
	};
	size_t i;

	assert_null(search_to_fts(NULL));
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = search_to_fts(cases[i].in);

		if (cases[i].out == NULL) {
			assert_null(got);
		} else {
			assert_non_null(got);
			assert_string_equal(got, cases[i].out);
		}
		free(got);
	}
}

static void
test_ticket_show(void **state)
{
	struct fx *f = *state;
	json_t *res = ok(f, "ticket.show", "{\"id\": 1}"), *o, *m, *it;

	assert_string_equal(json_string_value(json_object_get(json_object_get(res, "ticket"),
	    "subject")), "Where is my order #1001?");
	assert_string_equal(json_string_value(json_object_get(json_object_get(res, "customer"),
	    "name")), "Alice Smith");
	o = json_object_get(res, "order");
	assert_string_equal(json_string_value(json_object_get(o, "number")), "#1001");
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 5500);
	assert_string_equal(json_string_value(json_object_get(o, "currency")), "GBP");
	it = json_array_get(json_object_get(o, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "sku")), "TEE-BLK-M");
	assert_int_equal(json_integer_value(json_object_get(it, "qty")), 2);
	it = json_array_get(json_object_get(o, "fulfillments"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "tracking_number")),
	    "AB123456789GB");
	assert_true(json_is_null(json_object_get(it, "delivered_at")));
	m = json_array_get(json_object_get(res, "messages"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "direction")), "in");
	assert_non_null(strstr(json_string_value(json_object_get(m, "body")), "parcel"));
	assert_true(json_is_array(json_object_get(m, "attachments")));
	json_decref(res);
	/* No linked order: null, not missing. */
	res = ok(f, "ticket.show", "{\"id\": 2}");
	assert_true(json_is_null(json_object_get(res, "order")));
	json_decref(res);
}

static void
test_customer_show(void **state)
{
	struct fx *f = *state;
	json_t *res = ok(f, "customer.show", "{\"email\": \"Alice@Example.com\"}"), *l, *s;

	assert_int_equal(json_integer_value(json_object_get(json_object_get(res, "customer"),
	    "id")), 1);
	l = json_object_get(res, "loyalty");
	assert_string_equal(json_string_value(json_object_get(l, "tier")), "Bronze");
	assert_int_equal(json_integer_value(json_object_get(l, "points")), 64);
	assert_string_equal(json_string_value(json_object_get(l, "next_tier")), "Silver");
	assert_int_equal(json_integer_value(json_object_get(l, "spend_to_next_tier")), 25000 - 6400);
	s = json_object_get(res, "stats");
	assert_int_equal(json_integer_value(json_object_get(s, "order_count")), 1);
	assert_int_equal(json_integer_value(json_object_get(s, "lifetime_spend")), 6400);
	assert_int_equal(json_array_size(json_object_get(res, "orders")), 1);
	assert_int_equal(json_array_size(json_object_get(res, "tickets")), 2);
	assert_true(json_is_array(json_object_get(res, "returns")));
	assert_true(json_is_array(json_object_get(res, "surveys")));
	json_decref(res);
	/* A customer without a loyalty account or orders: nulls, not zeros. */
	res = ok(f, "customer.show", "{\"id\": 2}");
	assert_true(json_is_null(json_object_get(res, "loyalty")));
	assert_true(json_is_null(json_object_get(json_object_get(res, "stats"),
	    "average_order_value")));
	json_decref(res);
}

static void
test_customer_search(void **state)
{
	struct fx *f = *state;
	json_t *res = ok(f, "customer.search", "{\"query\": \"Коваленко\"}");

	assert_int_equal(json_array_size(json_object_get(res, "customers")), 1);
	json_decref(res);
	res = ok(f, "customer.search", "{\"query\": \"+420601\"}");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(res, "customers"), 0), "id")), 3);
	json_decref(res);
	/* LIKE wildcards are literal. */
	res = ok(f, "customer.search", "{\"query\": \"%\"}");
	assert_int_equal(json_array_size(json_object_get(res, "customers")), 0);
	json_decref(res);
	res = ok(f, "customer.search", "{\"query\": \"example\", \"limit\": 2}");
	assert_int_equal(json_array_size(json_object_get(res, "customers")), 2);
	json_decref(res);
}

static void
test_stats_summary(void **state)
{
	struct fx *f = *state;
	json_t *res = ok(f, "stats.summary", NULL), *by;

	assert_int_equal(json_integer_value(json_object_get(res, "total")), 6);
	by = json_object_get(res, "by_status");
	assert_int_equal(json_integer_value(json_object_get(by, "open")), 2);
	assert_int_equal(json_integer_value(json_object_get(by, "new")), 1);
	assert_int_equal(json_integer_value(json_object_get(by, "closed")), 1);
	by = json_object_get(res, "by_channel");
	assert_int_equal(json_integer_value(json_object_get(by, "email")), 4);
	assert_int_equal(json_integer_value(json_object_get(by, "chat")), 2);
	assert_int_equal(json_integer_value(json_object_get(res, "customers")), 3);
	json_decref(res);
	res = ok(f, "stats.queue", NULL);
	assert_int_equal(json_integer_value(json_object_get(res, "total")), 6);
	assert_null(json_object_get(res, "customers"));
	json_decref(res);
}

static void
test_ticket_edits_and_audit(void **state)
{
	struct fx *f = *state;
	json_t *res;

	/* jana (agent, id 1) takes free ticket 1: new becomes open. */
	res = ok(f, "ticket.assign", "{\"id\": 1, \"assignee\": \"me\"}");
	assert_string_equal(json_string_value(json_object_get(json_object_get(res, "before"),
	    "status")), "new");
	assert_string_equal(json_string_value(json_object_get(json_object_get(res, "after"),
	    "status")), "open");
	assert_string_equal(json_string_value(json_object_get(json_object_get(res, "after"),
	    "assignee")), "jana");
	json_decref(res);
	json_decref(ok(f, "ticket.status", "{\"id\": 1, \"status\": \"solved\"}"));
	assert_int_equal(tu_int(f->db, "SELECT solved_at IS NOT NULL FROM tickets WHERE id = 1"), 1);
	json_decref(ok(f, "ticket.priority", "{\"id\": 1, \"priority\": \"urgent\"}"));
	res = ok(f, "ticket.tag", "{\"id\": 1, \"add\": \"vip, late\", \"remove\": \"x\"}");
	assert_int_equal(json_array_size(json_object_get(json_object_get(res, "after"), "tags")), 2);
	json_decref(res);
	/* Every change is in the audit log with before and after. */
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM audit_log WHERE object_type = 'ticket'"
	    " AND object_id = '1'"), 4);
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM audit_log WHERE action = 'ticket.status'"
	    " AND json_extract(detail, '$.detail.before.status') = 'open'"
	    " AND json_extract(detail, '$.detail.after.status') = 'solved'"
	    " AND json_extract(detail, '$.by') = 'jana' AND agent_id = 1"), 1);
	/* Bad values, missing tickets. */
	fails(f, "ticket.status", "{\"id\": 1, \"status\": \"new\"}", OP_E_INVALID);
	fails(f, "ticket.priority", "{\"id\": 1, \"priority\": \"whenever\"}", OP_E_INVALID);
	fails(f, "ticket.tag", "{\"id\": 1}", OP_E_INVALID);
	fails(f, "ticket.tag", "{\"id\": 1, \"add\": \"has space\"}", OP_E_INVALID);
	fails(f, "ticket.status", "{\"id\": 99, \"status\": \"open\"}", OP_E_NOT_FOUND);
	fails(f, "ticket.assign", "{\"id\": 1, \"assignee\": \"ghost\"}", OP_E_NOT_FOUND);
	/* Nothing was written by the failures. */
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM audit_log"), 4);
	/* The counters the status line reads follow every change. */
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM (SELECT status, channel, count(*) AS n"
	    " FROM tickets GROUP BY 1, 2 EXCEPT SELECT status, channel, n FROM ticket_counts"
	    " WHERE n > 0)"), 0);
	res = ok(f, "stats.summary", NULL);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(res, "by_status"),
	    "solved")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(res, "by_status"),
	    "new")), 0);
	json_decref(res);
}

/* The roles hold: agents cannot reopen closed tickets or move tickets
 * between people; leads can. */
static void
test_ticket_edit_roles(void **state)
{
	struct fx *f = *state;

	tu_exec(f->db, "INSERT INTO agents (id, login, name, role, created_at)"
	    " VALUES (2, 'petr', 'Petr', 'agent', 1)");
	fails(f, "ticket.status", "{\"id\": 5, \"status\": \"open\"}", OP_E_FORBIDDEN);
	fails(f, "ticket.assign", "{\"id\": 1, \"assignee\": \"petr\"}", OP_E_FORBIDDEN);
	tu_exec(f->db, "UPDATE tickets SET assignee_id = 2 WHERE id = 6");
	fails(f, "ticket.assign", "{\"id\": 6, \"assignee\": \"me\"}", OP_E_FORBIDDEN);
	fails(f, "ticket.assign", "{\"id\": 6, \"assignee\": \"none\"}", OP_E_FORBIDDEN);
	/* Their own: fine. */
	json_decref(ok(f, "ticket.assign", "{\"id\": 3, \"assignee\": \"none\"}"));
	assert_int_equal(tu_int(f->db, "SELECT count(*) FROM audit_log"), 1);
	f->caller.role = ROLE_LEAD;
	json_decref(ok(f, "ticket.status", "{\"id\": 5, \"status\": \"open\"}"));
	json_decref(ok(f, "ticket.assign", "{\"id\": 6, \"assignee\": \"jana\"}"));
	json_decref(ok(f, "ticket.assign", "{\"id\": 1, \"assignee\": \"petr\"}"));
	assert_int_equal(tu_int(f->db, "SELECT assignee_id FROM tickets WHERE id = 1"), 2);
	f->caller.role = ROLE_AGENT;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_complete),
		cmocka_unit_test(test_search_to_fts),
		cmocka_unit_test_setup_teardown(test_unknown_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parameter_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keyset_paging_stable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fts_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticket_show, setup, teardown),
		cmocka_unit_test_setup_teardown(test_customer_show, setup, teardown),
		cmocka_unit_test_setup_teardown(test_customer_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticket_edits_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticket_edit_roles, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
