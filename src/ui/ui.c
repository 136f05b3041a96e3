/* ui.c: state, layout, drawing and the poll() loop of the TUI. Key handlers
 * only change state and mark the screen dirty; one pass at the end of the
 * loop draws everything and calls doupdate() once, which keeps the screen
 * smooth over slow SSH links. Nothing here runs SQL or touches the network:
 * everything goes through the client. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/client.h"
#include "client/save.h"
#include "ui/cmdline.h"
#include "ui/draw.h"
#include "ui/keymap.h"
#include "ui/returns.h"
#include "ui/ui.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/file.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/jsonget.h"
#include "util/labels.h"
#include "util/paths.h"
#include "util/tags.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MIN_COLS 80
#define MIN_ROWS 24
#define MAX_ROWS_KEPT 600

enum pane { PANE_QUEUE, PANE_CONV, PANE_SIDE, PANE_COUNT };
enum prompt { P_COMMAND, P_SEARCH, P_LIMIT, P_STATUS, P_ASSIGN, P_PRIORITY, P_TAG, P_ATTACH,
	P_GOODWILL };

struct row {
	long long id, updated, created;
	char *status, *channel, *priority, *subject, *customer, *assignee;
};

struct ui {
	struct client *c;
	json_t *mail;  /* mail accounts: [{"account","state","error",...}] */
	int running, too_small, colour;
	enum pane focus;
	/* the queue: a window of rows around the selection (keyset paging) */
	struct row *rows;
	int nrows, sel, top, more_above, more_below;
	char *f_status, *f_channel, *f_assignee, *search;
	int sort_created;
	/* the open ticket */
	long long open_id;
	struct lines conv, side;
	int conv_top, side_top;
	int conv_follow;    /* keep the conversation scrolled to its end */
	/* orders in the sidebar: the line each starts on, for selecting one */
	int *side_order_line;
	long long *side_order_id;
	int side_norders, side_sel;
	json_t *order_view;  /* the order opened from the sidebar, or NULL */
	int64_t *att_ids;   /* the open ticket's attachments, as numbered [1].. */
	size_t natt;
	char *attach_dir;   /* where 'A' saves them */
	/* composing: a template picker, then the editor, then a last look */
	enum { COMPOSE_OFF, COMPOSE_PICK, COMPOSE_CONFIRM } compose;
	int compose_note;      /* an internal note, not a reply */
	long long compose_ticket;
	json_t *templates;     /* names, for the picker */
	int pick;              /* selected template */
	char *preview;         /* the picked template rendered for this customer */
	char *draft;           /* the text after the editor */
	json_t *viewers, *stats;
	char *login, *role;
	long long session;
	char *message;
	struct cmdline cmd;
	struct history hist_cmd, hist_search, hist_other;
	int help, help_top, confirm_quit;
	struct returns_ui *returns;  /* the return dialog or the returns view, or NULL */
};

/* ------------------------------------------------------------ helpers */

/* Cuts the next word (separated by spaces or commas) out of *p in place;
 * NULL when there are no more. */
static char *
next_word(char **p)
{
	char *w;

	while (**p == ' ' || **p == ',')
		(*p)++;
	if (**p == '\0')
		return NULL;
	w = *p;
	while (**p != '\0' && **p != ' ' && **p != ',')
		(*p)++;
	if (**p != '\0')
		*(*p)++ = '\0';
	return w;
}

static long long
jint(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

static void
set_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
set_message(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	free(u->message);
	va_start(ap, fmt);
	u->message = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Runs an operation; on failure shows the error and returns NULL. */
static json_t *
call(struct ui *u, const char *op, json_t *params)
{
	struct op_error err = { 0 };
	json_t *res = client_call(u->c, op, params, &err);

	if (res == NULL) {
		set_message(u, "%s", err.message != NULL ? err.message : op);
		op_error_clear(&err);
	}
	json_decref(params);
	return res;
}

static void
row_free(struct row *r)
{
	free(r->status);
	free(r->channel);
	free(r->priority);
	free(r->subject);
	free(r->customer);
	free(r->assignee);
}

static void
row_from(struct row *r, json_t *t)
{
	json_t *c = json_object_get(t, "customer");
	const char *subject = js(t, "subject");

	r->id = jint(t, "id");
	r->updated = jint(t, "updated_at");
	r->created = jint(t, "created_at");
	r->status = xstrdup(js(t, "status"));
	r->channel = xstrdup(js(t, "channel"));
	r->priority = xstrdup(js(t, "priority"));
	r->subject = xstrdup(subject[0] != '\0' ? subject : _("(chat)"));
	r->customer = xstrdup(js(c, "name")[0] != '\0' ? js(c, "name") : js(c, "email"));
	r->assignee = xstrdup(js(t, "assignee"));
}

static void
rows_clear(struct ui *u)
{
	int i;

	for (i = 0; i < u->nrows; i++)
		row_free(&u->rows[i]);
	free(u->rows);
	u->rows = NULL;
	u->nrows = u->sel = u->top = 0;
	u->more_above = u->more_below = 0;
}

/* ticket.list parameters for the current limit and sort. */
static json_t *
list_params(struct ui *u, int limit)
{
	json_t *p = json_pack("{s:i,s:s}", "limit", limit, "sort",
	    u->sort_created ? "created" : "updated");

	if (u->f_status != NULL)
		json_object_set_new(p, "status", json_string(u->f_status));
	if (u->f_channel != NULL)
		json_object_set_new(p, "channel", json_string(u->f_channel));
	if (u->f_assignee != NULL)
		json_object_set_new(p, "assignee", json_string(u->f_assignee));
	return p;
}

static char *
cursor_of(struct ui *u, const struct row *r)
{
	return xasprintf("%c%lld.%lld", u->sort_created ? 'c' : 'u',
	    u->sort_created ? r->created : r->updated, r->id);
}

/* Fetches up to limit rows after (older) or before (newer) row r (NULL:
 * from the newest / the oldest). Newer rows come back oldest first. */
static json_t *
fetch(struct ui *u, const struct row *r, int newer, int limit, const char *search)
{
	json_t *p = list_params(u, limit);

	if (r != NULL) {
		char *cur = cursor_of(u, r);

		json_object_set_new(p, "cursor", json_string(cur));
		free(cur);
	}
	if (newer)
		json_object_set_new(p, "direction", json_string("newer"));
	if (search != NULL)
		json_object_set_new(p, "search", json_string(search));
	return call(u, "ticket.list", p);
}

static int
visible_rows(void)
{
	int h = LINES - 3;

	return h / 3 > 5 ? h / 3 : 5;
}

static int
page_size(void)
{
	return visible_rows() * 2 + 10;
}

static void
append_rows(struct ui *u, json_t *list, int reverse)
{
	size_t n = json_array_size(list), i;

	u->rows = xreallocarray(u->rows, (size_t)u->nrows + n + 1, sizeof *u->rows);
	for (i = 0; i < n; i++)
		row_from(&u->rows[u->nrows++], json_array_get(list, reverse ? n - 1 - i : i));
}

static void
prepend_rows(struct ui *u, json_t *list)
{
	size_t n = json_array_size(list), i;

	if (n == 0)
		return;
	u->rows = xreallocarray(u->rows, (size_t)u->nrows + n + 1, sizeof *u->rows);
	memmove(u->rows + n, u->rows, sizeof *u->rows * (size_t)u->nrows);
	/* list is oldest first: the newest goes on top */
	for (i = 0; i < n; i++)
		row_from(&u->rows[i], json_array_get(list, n - 1 - i));
	u->nrows += (int)n;
	u->sel += (int)n;
	u->top += (int)n;
}

/* Keeps memory bounded however far the agent scrolls. */
static void
trim_rows(struct ui *u)
{
	int drop, i;

	if (u->nrows <= MAX_ROWS_KEPT)
		return;
	drop = u->nrows - MAX_ROWS_KEPT;
	if (u->sel > u->nrows / 2) {
		for (i = 0; i < drop; i++)
			row_free(&u->rows[i]);
		memmove(u->rows, u->rows + drop, sizeof *u->rows * (size_t)(u->nrows - drop));
		u->nrows -= drop;
		u->sel -= drop;
		u->top -= drop;
		u->more_above = 1;
	} else {
		for (i = u->nrows - drop; i < u->nrows; i++)
			row_free(&u->rows[i]);
		u->nrows -= drop;
		u->more_below = 1;
	}
	if (u->top < 0)
		u->top = 0;
}

static void
load_top(struct ui *u)
{
	json_t *res;

	rows_clear(u);
	if ((res = fetch(u, NULL, 0, page_size(), NULL)) == NULL)
		return;
	append_rows(u, json_object_get(res, "tickets"), 0);
	u->more_below = json_is_string(json_object_get(res, "next_cursor"));
	json_decref(res);
}

static void
load_bottom(struct ui *u)
{
	json_t *res;

	rows_clear(u);
	if ((res = fetch(u, NULL, 1, page_size(), NULL)) == NULL)
		return;
	append_rows(u, json_object_get(res, "tickets"), 1);
	u->more_above = json_is_string(json_object_get(res, "next_cursor"));
	json_decref(res);
	u->sel = u->nrows > 0 ? u->nrows - 1 : 0;
}

/* Rebuilds the window with row r (a ticket.list entry) selected in the
 * middle: newer rows above it, older below. */
static void
load_around(struct ui *u, json_t *t)
{
	struct row mid;
	json_t *above, *below;
	int half = visible_rows() / 2;

	row_from(&mid, t);
	above = fetch(u, &mid, 1, half + 5, NULL);
	below = fetch(u, &mid, 0, page_size(), NULL);
	rows_clear(u);
	if (above != NULL) {
		append_rows(u, json_object_get(above, "tickets"), 1);
		u->more_above = json_is_string(json_object_get(above, "next_cursor"));
	}
	u->sel = u->nrows;
	u->rows = xreallocarray(u->rows, (size_t)u->nrows + 1, sizeof *u->rows);
	u->rows[u->nrows++] = mid;
	if (below != NULL) {
		append_rows(u, json_object_get(below, "tickets"), 0);
		u->more_below = json_is_string(json_object_get(below, "next_cursor"));
	}
	u->top = u->sel - half > 0 ? u->sel - half : 0;
	json_decref(above);
	json_decref(below);
}

/* Reloads after a change, keeping the same ticket selected if it is still
 * in the queue. */
static void
reload_queue(struct ui *u)
{
	json_t *p, *res, *t;
	long long id = u->nrows > 0 ? u->rows[u->sel].id : 0;

	if (id == 0) {
		load_top(u);
		return;
	}
	/* The selected ticket as it is now (its sort key may have moved). */
	p = list_params(u, 500);
	res = call(u, "ticket.list", p);
	t = NULL;
	if (res != NULL) {
		json_t *v;
		size_t i;

		json_array_foreach(json_object_get(res, "tickets"), i, v)
			if (jint(v, "id") == id)
				t = v;
	}
	if (t != NULL && u->sel < MAX_ROWS_KEPT) {
		int keep_offset = u->sel - u->top, at_top = u->top == 0;

		rows_clear(u);
		append_rows(u, json_object_get(res, "tickets"), 0);
		u->more_below = json_is_string(json_object_get(res, "next_cursor"));
		for (u->sel = 0; u->sel < u->nrows && u->rows[u->sel].id != id; u->sel++)
			;
		u->top = u->sel - keep_offset > 0 ? u->sel - keep_offset : 0;
		/* Looking at the top of the queue: new tickets come into view
		 * (drawing scrolls if the selection would leave it). */
		if (at_top)
			u->top = 0;
	} else if (u->nrows > 0) {
		/* Far down the queue: rebuild around the old position. */
		json_t *near = json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:{s:s}}",
		    "id", (json_int_t)id, "updated_at", (json_int_t)u->rows[u->sel].updated,
		    "created_at", (json_int_t)u->rows[u->sel].created,
		    "status", u->rows[u->sel].status, "channel", u->rows[u->sel].channel,
		    "priority", u->rows[u->sel].priority, "subject", u->rows[u->sel].subject,
		    "customer", "name", u->rows[u->sel].customer);

		load_around(u, near);
		json_decref(near);
	} else {
		load_top(u);
	}
	json_decref(res);
}

static void
load_stats(struct ui *u)
{
	json_t *s = call(u, "stats.queue", NULL);

	if (s != NULL) {
		json_decref(u->stats);
		u->stats = s;
	}
}

/* ------------------------------------------------------ the open ticket */

static void
side_add(struct ui *u, int width, attr_t attr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
side_add(struct ui *u, int width, attr_t attr, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	/* Every sidebar entry is one logical line: a name with an encoded
	 * line break must not forge a line of its own. */
	{
		char *one = text_sanitize(s, strlen(s), TEXT_LINE, NULL);

		lines_wrap(&u->side, one, width, attr, "");
		free(one);
	}
	free(s);
}

static void
build_sidebar(struct ui *u, json_t *cust, int width)
{
	json_t *c = json_object_get(cust, "customer"), *s = json_object_get(cust, "stats");
	json_t *l = json_object_get(cust, "loyalty"), *o, *it, *f, *v;
	size_t i, j;
	long long now = (long long)time(NULL);

	lines_clear(&u->side);
	side_add(u, width, A_BOLD, "%s", js(c, "name"));
	side_add(u, width, 0, "%s", js(c, "email"));
	if (json_is_object(l)) {
		char *to = format_money(jint(l, "spend_to_next_tier"), js(l, "currency"));

		side_add(u, width, A_BOLD, _("[%s] %lld points"), js(l, "tier"), jint(l, "points"));
		if (!json_is_null(json_object_get(l, "points_to_next_tier")))
			side_add(u, width, 0, ngettext("%lld point more to %s", "%lld points more to %s",
			    (unsigned long)jint(l, "points_to_next_tier")),
			    jint(l, "points_to_next_tier"), js(l, "next_tier"));
		else if (!json_is_null(json_object_get(l, "next_tier")))
			side_add(u, width, 0, _("%s more to %s"), to, js(l, "next_tier"));
		free(to);
		if (js(l, "referral_code")[0] != '\0')
			side_add(u, width, 0, _("Referral code %s, %zu referred"),
			    js(l, "referral_code"), json_array_size(json_object_get(l, "referrals")));
		if (json_is_object(json_object_get(l, "referred_by")))
			side_add(u, width, 0, _("Referred by %s"),
			    js(json_object_get(l, "referred_by"), "name"));
	}
	if (json_is_object(s)) {
		char *spend = format_money(jint(s, "lifetime_spend"), js(s, "currency"));
		char *since = format_date(jint(c, "created_at"));

		side_add(u, width, 0, _("Since %s"), since);
		side_add(u, width, 0, _("Spent %s in %lld orders"), spend, jint(s, "order_count"));
		if (!json_is_null(json_object_get(s, "average_order_value"))) {
			char *avg = format_money(jint(s, "average_order_value"), js(s, "currency"));

			side_add(u, width, 0, _("Average order %s"), avg);
			free(avg);
		}
		free(spend);
		free(since);
	}
	lines_add(&u->side, "", 0);
	side_add(u, width, A_BOLD, "%s", _("Orders"));
	u->side_norders = 0;
	json_array_foreach(json_object_get(cust, "orders"), i, o) {
		char *total = format_money(jint(o, "total"), js(o, "currency"));
		char *date = format_date(jint(o, "placed_at"));

		u->side_order_line = xreallocarray(u->side_order_line, (size_t)u->side_norders + 1,
		    sizeof *u->side_order_line);
		u->side_order_id = xreallocarray(u->side_order_id, (size_t)u->side_norders + 1,
		    sizeof *u->side_order_id);
		u->side_order_line[u->side_norders] = u->side.n;
		u->side_order_id[u->side_norders++] = jint(o, "id");

		side_add(u, width, A_BOLD, "%s %s %s", js(o, "number"), date, total);
		side_add(u, width, 0, "  %s / %s", label_for(js(o, "financial_status")),
		    label_for(js(o, "fulfillment_status")));
		json_array_foreach(json_object_get(o, "items"), j, it) {
			if (jint(it, "returned_qty") > 0)
				side_add(u, width, 0, _("  %lldx %s (%s), %lld returned"), jint(it, "qty"),
				    js(it, "title"), js(it, "variant"), jint(it, "returned_qty"));
			else
				side_add(u, width, 0, "  %lldx %s (%s)", jint(it, "qty"),
				    js(it, "title"), js(it, "variant"));
		}
		json_array_foreach(json_object_get(o, "fulfillments"), j, f) {
			const char *carrier = js(f, "carrier");

			side_add(u, width, 0, "  %s %s: %s", carrier[0] != '\0' ? carrier : "?",
			    js(f, "tracking_number"), label_for(js(f, "status")));
			if (json_is_null(json_object_get(f, "delivered_at")) &&
			    !json_is_null(json_object_get(f, "expected_at")) &&
			    now - jint(f, "expected_at") > 86400)
				side_add(u, width, A_BOLD, _("  ! late by %lld days"),
				    (now - jint(f, "expected_at")) / 86400);
		}
		free(total);
		free(date);
	}
	if (json_array_size(json_object_get(cust, "returns")) > 0) {
		lines_add(&u->side, "", 0);
		side_add(u, width, A_BOLD, "%s", _("Returns"));
		json_array_foreach(json_object_get(cust, "returns"), i, v)
			side_add(u, width, 0, "%s %s %s", js(v, "rma"), js(v, "order_number"),
			    label_for(js(v, "status")));
	}
	if (json_array_size(json_object_get(cust, "often_bought_with")) > 0) {
		lines_add(&u->side, "", 0);
		side_add(u, width, A_BOLD, "%s", _("Often bought with"));
		json_array_foreach(json_object_get(cust, "often_bought_with"), i, v)
			side_add(u, width, 0, _("  %s (%lld orders)"), js(v, "title"),
			    jint(v, "orders"));
	}
	if (json_array_size(json_object_get(cust, "surveys")) > 0) {
		lines_add(&u->side, "", 0);
		side_add(u, width, A_BOLD, "%s", _("Surveys"));
		json_array_foreach(json_object_get(cust, "surveys"), i, v) {
			if (i >= 3)
				break;
			if (json_is_null(json_object_get(v, "score")))
				side_add(u, width, 0, _("%s: not answered"), js(v, "kind"));
			else
				side_add(u, width, 0, "%s %lld: %s", js(v, "kind"), jint(v, "score"),
				    js(v, "comment"));
		}
	}
}

static void
build_conversation(struct ui *u, json_t *t, int width)
{
	json_t *tk = json_object_get(t, "ticket"), *m, *tags, *v, *a;
	size_t i, j;
	struct buf b;

	lines_clear(&u->conv);
	u->natt = 0;
	buf_init(&b, 4096);
	buf_addf(&b, "#%lld %s", jint(tk, "id"), js(tk, "subject"));
	lines_wrap(&u->conv, buf_str(&b), width, A_BOLD, "");
	buf_reset(&b);
	buf_addf(&b, _("%s · %s · priority %s · %s"), label_for(js(tk, "status")),
	    label_for(js(tk, "channel")), label_for(js(tk, "priority")),
	    json_is_null(json_object_get(tk, "assignee")) ? _("unassigned") : js(tk, "assignee"));
	tags = json_object_get(tk, "tags");
	json_array_foreach(tags, i, v)
		buf_addf(&b, " #%s", json_string_value(v));
	lines_wrap(&u->conv, buf_str(&b), width, 0, "");
	json_array_foreach(json_object_get(t, "messages"), i, m) {
		char *when = format_time(jint(m, "created_at"));
		const char *dir = js(m, "direction");

		lines_add(&u->conv, "", 0);
		buf_reset(&b);
		buf_addf(&b, "── %s  %s", when, js(m, "from_name"));
		if (js(m, "from_addr")[0] != '\0')
			buf_addf(&b, " <%s>", js(m, "from_addr"));
		buf_addf(&b, "  (%s)", strcmp(dir, "in") == 0 ? _("customer") :
		    strcmp(dir, "note") == 0 ? _("internal note") : _("reply"));
		if (js(m, "delivery")[0] != '\0')
			buf_addf(&b, "  [%s%s%s]", label_for(js(m, "delivery")),
			    js(m, "delivery_error")[0] != '\0' ? ": " : "",
			    js(m, "delivery_error"));
		lines_wrap(&u->conv, buf_str(&b), width, A_BOLD, "");
		if (js(m, "notice")[0] != '\0') {
			buf_reset(&b);
			buf_addf(&b, _("[notice: %s]"), js(m, "notice"));
			lines_wrap(&u->conv, buf_str(&b), width, A_BOLD, "");
		}
		lines_wrap(&u->conv, js(m, "body"), width, 0, strcmp(dir, "note") == 0 ? "| " : "");
		json_array_foreach(json_object_get(m, "attachments"), j, a) {
			u->att_ids = xreallocarray(u->att_ids, u->natt + 1, sizeof *u->att_ids);
			u->att_ids[u->natt++] = jint(a, "id");
			buf_reset(&b);
			buf_addf(&b, _("[%zu] %s (%s, %lld bytes; A saves it)"), u->natt,
			    js(a, "filename")[0] != '\0' ? js(a, "filename") : _("unnamed"),
			    js(a, "content_type"), jint(a, "size"));
			lines_wrap(&u->conv, buf_str(&b), width, A_UNDERLINE, "");
		}
		free(when);
	}
	buf_free(&b);
}

static void
save_attachment_number(struct ui *u, const char *arg)
{
	char *end, *path, *err = NULL;
	long n = strtol(arg, &end, 10);

	if (u->natt == 0) {
		set_message(u, "%s", _("This ticket has no attachments."));
		return;
	}
	if (n < 1 || (size_t)n > u->natt || *end != '\0') {
		set_message(u, _("Give an attachment number from 1 to %zu."), u->natt);
		return;
	}
	if ((path = save_attachment(u->c, u->att_ids[n - 1], u->attach_dir, &err)) == NULL) {
		set_message(u, "%s", err);
		free(err);
		return;
	}
	set_message(u, _("Saved to %s"), path);
	free(path);
}

static int
side_width(void)
{
	return COLS >= 120 ? 44 : 30;
}

/* Tells the server (and so the other agents) which ticket we have open. */
static void
viewing(struct ui *u, long long id)
{
	if (client_fd(u->c) >= 0)
		json_decref(call(u, "server.viewing", json_pack("{s:I}", "ticket", (json_int_t)id)));
}

static void
open_ticket(struct ui *u, long long id, int keep_scroll)
{
	json_t *t = call(u, "ticket.show", json_pack("{s:I}", "id", (json_int_t)id));
	json_t *cust;

	if (t == NULL)
		return;
	cust = call(u, "customer.show", json_pack("{s:I}", "id",
	    (json_int_t)jint(json_object_get(t, "customer"), "id")));
	build_conversation(u, t, COLS - side_width() - 1);
	if (cust != NULL)
		build_sidebar(u, cust, side_width());
	if (!keep_scroll || u->open_id != id)
		u->conv_top = u->side_top = 0;
	if (u->open_id != id) {
		u->conv_follow = 0;
		u->side_sel = 0;
		json_decref(u->order_view);
		u->order_view = NULL;
	}
	if (u->side_sel >= u->side_norders)
		u->side_sel = 0;
	else if (u->conv_follow)
		u->conv_top = 1 << 30; /* drawing clamps it to the last page */
	if (u->open_id != id)
		viewing(u, id);
	u->open_id = id;
	json_decref(t);
	json_decref(cust);
}

static void
close_ticket(struct ui *u)
{
	if (u->open_id == 0)
		return;
	viewing(u, 0);
	u->open_id = 0;
	lines_clear(&u->conv);
	lines_clear(&u->side);
	u->side_norders = u->side_sel = 0;
	json_decref(u->order_view);
	u->order_view = NULL;
}

/* ---------------------------------------------------------------- draw */

static attr_t
bar_attr(struct ui *u)
{
	return u->colour ? (COLOR_PAIR(1) | A_BOLD) : A_REVERSE;
}

/* Logins of the other agents who have ticket id open, or NULL. */
static char *
others_viewing(struct ui *u, long long id)
{
	char key[32];
	json_t *list, *v;
	struct buf b;
	size_t i;

	snprintf(key, sizeof key, "%lld", id);
	list = json_object_get(u->viewers, key);
	buf_init(&b, 1024);
	json_array_foreach(list, i, v) {
		if (jint(v, "session") == u->session)
			continue;
		buf_addf(&b, "%s%s", b.len > 0 ? ", " : "", js(v, "login"));
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* "  mail: support ok, shop ERROR: why": each account's sync state. */
static char *
mail_summary(struct ui *u)
{
	struct buf b;
	json_t *a;
	size_t i;

	if (json_array_size(u->mail) == 0)
		return xstrdup("");
	buf_init(&b, 4096);
	buf_addstr(&b, _("  mail:"));
	json_array_foreach(u->mail, i, a) {
		const char *st = js(a, "state");

		buf_addf(&b, "%s %s ", i > 0 ? "," : "", js(a, "account"));
		if (strcmp(st, "idle") == 0 || strcmp(st, "polling") == 0)
			buf_addstr(&b, _("ok"));
		else if (strcmp(st, "error") == 0)
			buf_addf(&b, "%s %s", _("ERROR:"), js(a, "error"));
		else
			buf_addstr(&b, label_for(st));
	}
	return buf_take(&b);
}

static void
draw_status(struct ui *u)
{
	json_t *by = json_object_get(u->stats, "by_status");
	char clock[16], *line, *mail = mail_summary(u);
	time_t now = time(NULL);
	struct tm tm;
	int w;

	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, "%H:%M", &tm);
	line = xasprintf(_(" aftercare  %s (%s)  new %lld  open %lld  pending %lld%s%s%s%s"),
	    u->login, u->role, jint(by, "new"), jint(by, "open"), jint(by, "pending"),
	    u->search != NULL ? _("  search: ") : "", u->search != NULL ? u->search : "",
	    u->f_status != NULL || u->f_channel != NULL || u->f_assignee != NULL ?
	    _("  [limited]") : "", u->sort_created ? _("  [by creation]") : "");
	{
		char *full = xasprintf("%s%s", line, mail);

		free(line);
		line = full;
		free(mail);
	}
	w = draw_text(0, 0, line, COLS - 7, bar_attr(u), 1);
	draw_text(0, w, "", COLS - w, bar_attr(u), 1);
	draw_text(0, COLS - 6, clock, 6, bar_attr(u), 1);
	free(line);
}

static void
draw_queue(struct ui *u, int y0, int h)
{
	int i, subw = COLS - 2 - 7 - 9 - 6 - 12 - 20 - 5;
	char num[32], *when;

	if (u->sel < u->top)
		u->top = u->sel;
	if (u->sel >= u->top + h)
		u->top = u->sel - h + 1;
	for (i = 0; i < h; i++) {
		int r = u->top + i, x = 0, y = y0 + i;
		struct row *row;
		attr_t a = 0;
		char mark[4];
		char *others;

		move(y, 0);
		clrtoeol();
		if (r >= u->nrows) {
			if (r == u->nrows && i == 0)
				draw_text(y, 2, _("No tickets match."), COLS - 2, 0, 0);
			continue;
		}
		row = &u->rows[r];
		if (r == u->sel)
			a = u->focus == PANE_QUEUE ? A_REVERSE : A_UNDERLINE;
		others = others_viewing(u, row->id);
		/* Markers that do not depend on colour. */
		mark[0] = r == u->sel ? '>' : ' ';
		mark[1] = others != NULL ? '@' : strcmp(row->status, "new") == 0 ? 'N' :
		    strcmp(row->priority, "urgent") == 0 || strcmp(row->priority, "high") == 0 ?
		    '!' : ' ';
		mark[2] = ' ';
		mark[3] = '\0';
		free(others);
		snprintf(num, sizeof num, "%lld", row->id);
		when = format_time(u->sort_created ? row->created : row->updated);
		x += draw_text(y, x, mark, 3, a, 1);
		x += draw_text(y, x, num, 7, a, 1);
		x += draw_text(y, x, label_for(row->status), 9, a, 1);
		x += draw_text(y, x, label_for(row->channel), 6, a, 1);
		x += draw_text(y, x, when + (strlen(when) > 11 ? 5 : 0), 12, a, 1);
		x += draw_text(y, x, row->customer, 20, a, 1);
		x += draw_text(y, x, " ", 1, a, 1);
		draw_text(y, x, row->subject, subw > 10 ? COLS - x : 10, a, 1);
		free(when);
	}
}

static void
draw_lines(struct lines *l, int *top, int y0, int x0, int w, int h)
{
	int i;

	if (*top > l->n - h)
		*top = l->n - h;
	if (*top < 0)
		*top = 0;
	for (i = 0; i < h; i++) {
		int k = *top + i;

		move(y0 + i, x0);
		if (k < l->n)
			draw_text(y0 + i, x0, l->line[k], w, l->attr[k], 1);
		else
			draw_text(y0 + i, x0, "", w, 0, 1);
	}
}

static void
draw_hints(struct ui *u)
{
	int y = LINES - 1;

	move(y, 0);
	clrtoeol();
	if (u->cmd.active) {
		cmdline_draw(&u->cmd, y, COLS);
		return;
	}
	if (returns_ui_cmdline(u->returns) != NULL) {
		cmdline_draw(returns_ui_cmdline(u->returns), y, COLS);
		return;
	}
	if (u->confirm_quit) {
		draw_text(y, 0, _("Quit aftercare? (y/n)"), COLS, A_BOLD, 1);
		return;
	}
	if (u->message != NULL) {
		draw_text(y, 0, u->message, COLS, A_BOLD, 1);
		return;
	}
	if (u->returns != NULL) {
		draw_text(y, 0, returns_ui_hints(u->returns), COLS, bar_attr(u), 1);
		return;
	}
	draw_text(y, 0, u->open_id != 0 ?
	    _("q:back  r:reply  m:template  c:note  s:status  t:take  a:assign  T:tags  ?:help") :
	    _("q:quit  Enter:open  /:search  n/N:next/prev  l:limit  o:sort  :cmd  ?:help"),
	    COLS, bar_attr(u), 1);
}

static void
draw_help(struct ui *u)
{
	struct lines l = { 0 };
	int i;

	lines_add(&l, _("Keys (rebind with bind = {\"KEY ACTION\"} in the ui section)"), A_BOLD);
	for (i = 1; i < ACT_COUNT; i++) {
		char *keys = keymap_keys_for((enum action)i), *line;

		line = xasprintf("  %-14s %-16s %s", keys[0] != '\0' ? keys : "-", actions[i].name,
		    _(actions[i].help));
		lines_add(&l, line, 0);
		free(line);
		free(keys);
	}
	lines_add(&l, "", 0);
	lines_add(&l, _("Commands (after ':')"), A_BOLD);
	lines_add(&l, "  open N · search TEXT · limit WORDS · sort · status S · take", 0);
	lines_add(&l, "  assign LOGIN|me|none · priority P · tag +A -B · help · quit", 0);
	lines_add(&l, "  save N (attachment) · retry · cancel (the latest failed/unsent reply)", 0);
	lines_add(&l, _("  and every action above by its name"), 0);
	lines_add(&l, "", 0);
	lines_add(&l, _("Markers: > selected  N new  ! high priority  @ open by another agent"), 0);
	returns_help(&l);
	erase();
	draw_text(0, 0, _(" Help (q to close)"), COLS, bar_attr(u), 1);
	draw_lines(&l, &u->help_top, 1, 0, COLS, LINES - 1);
	lines_clear(&l);
}

static void draw_compose(struct ui *u, int y0, int w, int h);
static void draw_order(struct ui *u, int y0, int w, int h);

static void
draw(struct ui *u)
{
	int qh, y, h, sw, cw;
	char *others;

	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		char *msg = xasprintf(_("terminal too small (%dx%d needed)"), MIN_COLS, MIN_ROWS);

		u->too_small = 1;
		erase();
		draw_text(LINES / 2, 0, msg, COLS, A_BOLD, 0);
		free(msg);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	u->too_small = 0;
	curs_set(u->cmd.active || returns_ui_cmdline(u->returns) != NULL ? 1 : 0);
	if (u->help) {
		draw_help(u);
	} else if (u->returns != NULL) {
		draw_status(u);
		returns_ui_draw(u->returns, 1, COLS, LINES - 2);
	} else {
		draw_status(u);
		qh = visible_rows();
		draw_queue(u, 1, qh);
		y = 1 + qh;
		sw = side_width();
		cw = COLS - sw - 1;
		others = u->open_id != 0 ? others_viewing(u, u->open_id) : NULL;
		{
			char *bar = others != NULL ? xasprintf(_("── also open by: %s "), others) :
			    xstrdup(u->more_below ? _("── more below ") : "──");
			int w = draw_text(y, 0, bar, COLS, others != NULL ? A_BOLD : 0, 0);

			mvhline(y, w, ACS_HLINE, COLS - w);
			free(bar);
		}
		free(others);
		h = LINES - 1 - (y + 1);
		if (u->open_id == 0) {
			int i;

			for (i = 0; i < h; i++) {
				move(y + 1 + i, 0);
				clrtoeol();
			}
			draw_text(y + 2, 2, _("Press Enter to open the selected ticket."), cw - 2, 0, 0);
		} else if (u->order_view != NULL) {
			draw_order(u, y + 1, cw, h);
			draw_lines(&u->side, &u->side_top, y + 1, cw + 1, sw, h);
			for (int i = 0; i < h; i++)
				mvaddch(y + 1 + i, cw, ACS_VLINE);
		} else if (u->compose != COMPOSE_OFF) {
			draw_compose(u, y + 1, cw, h);
			draw_lines(&u->side, &u->side_top, y + 1, cw + 1, sw, h);
			for (int i = 0; i < h; i++)
				mvaddch(y + 1 + i, cw, ACS_VLINE);
		} else {
			draw_lines(&u->conv, &u->conv_top, y + 1, 0, cw, h);
			if (u->focus == PANE_SIDE && u->side_norders > 0) {
				int k = u->side_order_line[u->side_sel];
				attr_t was = u->side.attr[k];

				u->side.attr[k] = was | A_REVERSE;
				draw_lines(&u->side, &u->side_top, y + 1, cw + 1, sw, h);
				u->side.attr[k] = was;
			} else {
				draw_lines(&u->side, &u->side_top, y + 1, cw + 1, sw, h);
			}
			for (int i = 0; i < h; i++)
				mvaddch(y + 1 + i, cw, u->focus == PANE_SIDE ? ACS_VLINE | A_BOLD : ACS_VLINE);
		}
	}
	draw_hints(u);
	wnoutrefresh(stdscr);
	doupdate();
}

/* -------------------------------------------------------------- actions */

static void
move_sel(struct ui *u, int delta)
{
	json_t *res;

	if (u->nrows == 0)
		return;
	u->sel += delta;
	if (u->sel >= u->nrows - 1 && u->more_below) {
		if ((res = fetch(u, &u->rows[u->nrows - 1], 0, page_size(), NULL)) != NULL) {
			append_rows(u, json_object_get(res, "tickets"), 0);
			u->more_below = json_is_string(json_object_get(res, "next_cursor"));
			json_decref(res);
		}
	}
	if (u->sel < 0 && u->more_above) {
		if ((res = fetch(u, &u->rows[0], 1, page_size(), NULL)) != NULL) {
			prepend_rows(u, json_object_get(res, "tickets"));
			u->more_above = json_is_string(json_object_get(res, "next_cursor"));
			json_decref(res);
		}
	}
	if (u->sel < 0)
		u->sel = 0;
	if (u->sel >= u->nrows)
		u->sel = u->nrows - 1;
	trim_rows(u);
}

/* n / N: the next (older) or previous (newer) ticket matching the search. */
static void
search_step(struct ui *u, int newer)
{
	json_t *res, *t;

	if (u->search == NULL) {
		set_message(u, "%s", _("No search yet: press / first."));
		return;
	}
	res = fetch(u, u->nrows > 0 ? &u->rows[u->sel] : NULL, newer, 1, u->search);
	if (res == NULL)
		return;
	t = json_array_get(json_object_get(res, "tickets"), 0);
	if (t == NULL)
		set_message(u, newer ? _("No earlier match for \"%s\".") :
		    _("No further match for \"%s\"."), u->search);
	else
		load_around(u, t);
	json_decref(res);
}

static void
apply_limit(struct ui *u, const char *words)
{
	static const char *const statuses[] = { "new", "open", "pending", "solved", "closed", NULL };
	char *copy = xstrdup(words), *w, *rest = copy;
	struct buf st;
	int i;

	buf_init(&st, 256);
	free(u->f_status);
	free(u->f_channel);
	free(u->f_assignee);
	u->f_status = u->f_channel = u->f_assignee = NULL;
	while ((w = next_word(&rest)) != NULL) {
		for (i = 0; statuses[i] != NULL; i++)
			if (strcmp(w, statuses[i]) == 0)
				break;
		if (statuses[i] != NULL) {
			buf_addf(&st, "%s%s", st.len > 0 ? "," : "", w);
		} else if (strcmp(w, "email") == 0 || strcmp(w, "chat") == 0) {
			free(u->f_channel);
			u->f_channel = xstrdup(w);
		} else if (strcmp(w, "mine") == 0) {
			free(u->f_assignee);
			u->f_assignee = xstrdup("me");
		} else if (strcmp(w, "unassigned") == 0) {
			free(u->f_assignee);
			u->f_assignee = xstrdup("none");
		} else if (strcmp(w, "all") != 0) {
			set_message(u, _("limit: unknown word \"%s\" (try: open pending chat mine "
			    "unassigned all)"), w);
		}
	}
	if (st.len > 0)
		u->f_status = buf_take(&st);
	buf_free(&st);
	free(copy);
	load_top(u);
}

/* The ticket an action applies to: the open one, else the selected one. */
static long long
target_ticket(struct ui *u)
{
	if (u->open_id != 0)
		return u->open_id;
	return u->nrows > 0 ? u->rows[u->sel].id : 0;
}

static void
ticket_action(struct ui *u, const char *op, const char *key, const char *value)
{
	long long id = target_ticket(u);
	json_t *p, *res;

	if (id == 0)
		return;
	p = json_pack("{s:I}", "id", (json_int_t)id);
	if (strcmp(op, "ticket.tag") == 0) {
		/* "+a b -c" -> add a,b remove c */
		struct buf add, del;
		char *copy = xstrdup(value), *w, *rest = copy;

		buf_init(&add, 1024);
		buf_init(&del, 1024);
		while ((w = next_word(&rest)) != NULL)
			tags_sort_word(w, &add, &del);
		json_object_set_new(p, "add", json_string(buf_str(&add)));
		json_object_set_new(p, "remove", json_string(buf_str(&del)));
		buf_free(&add);
		buf_free(&del);
		free(copy);
	} else {
		json_object_set_new(p, key, json_string(value));
	}
	if ((res = call(u, op, p)) == NULL)
		return;
	set_message(u, _("Ticket #%lld: %s, priority %s, %s"), id,
	    label_for(js(json_object_get(res, "after"), "status")),
	    label_for(js(json_object_get(res, "after"), "priority")),
	    json_is_null(json_object_get(json_object_get(res, "after"), "assignee")) ?
	    _("unassigned") : js(json_object_get(res, "after"), "assignee"));
	json_decref(res);
	reload_queue(u);
	load_stats(u);
	if (u->open_id == id)
		open_ticket(u, id, 1);
}

static void do_action(struct ui *u, enum action a);

static void
prompt(struct ui *u, enum prompt p)
{
	static const char *const text[] = {
		[P_COMMAND] = ":", [P_SEARCH] = N_("Search: "),
		[P_LIMIT] = N_("Limit (open pending solved closed new email chat mine unassigned all): "),
		[P_STATUS] = N_("Status (open pending solved closed): "),
		[P_ASSIGN] = N_("Assign to (login, me, none): "),
		[P_PRIORITY] = N_("Priority (low normal high urgent): "),
		[P_TAG] = N_("Tags (+add -remove): "),
		[P_ATTACH] = N_("Save attachment number: "),
		[P_GOODWILL] = N_("Goodwill points and reason (e.g. 50 parcel was late): "),
	};
	struct history *h = p == P_COMMAND ? &u->hist_cmd : p == P_SEARCH ? &u->hist_search :
	    &u->hist_other;

	cmdline_start(&u->cmd, p == P_COMMAND ? ":" : _(text[p]), h, (int)p, NULL);
}

/* "+": goodwill points for the open ticket's customer: "50 the parcel was
 * late". */
static void
goodwill(struct ui *u, const char *line)
{
	json_t *p, *t, *res;
	char *end;
	long long points = strtoll(line, &end, 10), customer;

	while (*end == ' ')
		end++;
	if (u->open_id == 0) {
		set_message(u, "%s", _("Open a ticket first."));
		return;
	}
	if (points <= 0 || end == line || *end == '\0') {
		set_message(u, "%s", _("Give the points, then the reason (e.g. 50 parcel was late)."));
		return;
	}
	t = call(u, "ticket.show", json_pack("{s:I}", "id", (json_int_t)u->open_id));
	if (t == NULL)
		return;
	customer = jint(json_object_get(t, "customer"), "id");
	json_decref(t);
	p = json_pack("{s:I,s:I,s:s}", "customer", (json_int_t)customer, "points",
	    (json_int_t)points, "reason", end);
	if (p == NULL) {
		set_message(u, "%s", _("the reason is not valid UTF-8"));
		return;
	}
	if ((res = call(u, "loyalty.grant", p)) != NULL) {
		set_message(u, _("Granted %lld points; balance %lld."), points, jint(res, "balance"));
		json_decref(res);
		open_ticket(u, u->open_id, 1);
	}
}

/* :retry and :cancel: the open ticket's latest reply that failed (or, for
 * cancel, is still waiting) is queued again or cancelled. */
static void
outbox_act(struct ui *u, int retry)
{
	json_t *p, *t, *m, *res;
	long long id = 0;
	size_t i;

	if (u->open_id == 0) {
		set_message(u, "%s", _("Open a ticket first."));
		return;
	}
	p = json_pack("{s:I}", "id", (json_int_t)u->open_id);
	t = call(u, "ticket.show", p);
	if (t == NULL)
		return;
	json_array_foreach(json_object_get(t, "messages"), i, m) {
		const char *d = js(m, "delivery");

		if (strcmp(d, "failed") == 0 || (!retry && strcmp(d, "queued") == 0))
			id = jint(m, "outbox");
	}
	json_decref(t);
	if (id == 0) {
		set_message(u, "%s", retry ? _("This ticket has no failed reply to retry.") :
		    _("This ticket has no unsent reply to cancel."));
		return;
	}
	p = json_pack("{s:I}", "id", (json_int_t)id);
	res = call(u, retry ? "outbox.retry" : "outbox.cancel", p);
	if (res != NULL) {
		set_message(u, retry ? _("Outbox item %lld queued again.") :
		    _("Outbox item %lld cancelled."), id);
		json_decref(res);
		open_ticket(u, u->open_id, 1);
	}
}

/* ':' commands: every action by name, and a few with arguments. */
static void
run_command(struct ui *u, const char *line)
{
	char word[64] = "";
	const char *arg;
	enum action a;

	while (*line == ' ')
		line++;
	sscanf(line, "%63s", word);
	arg = line + strlen(word);
	while (*arg == ' ')
		arg++;
	if (word[0] == '\0')
		return;
	if (strcmp(word, "open") == 0) {
		char *end;
		long long id = strtoll(arg[0] == '#' ? arg + 1 : arg, &end, 10);

		if (id <= 0 || *end != '\0')
			set_message(u, "%s", _("open: give a ticket number"));
		else
			open_ticket(u, id, 0);
		if (u->open_id == id)
			u->focus = PANE_CONV;
	} else if (strcmp(word, "search") == 0 && arg[0] != '\0') {
		free(u->search);
		u->search = xstrdup(arg);
		search_step(u, 0);
	} else if (strcmp(word, "limit") == 0) {
		apply_limit(u, arg);
	} else if (strcmp(word, "status") == 0 && arg[0] != '\0') {
		ticket_action(u, "ticket.status", "status", arg);
	} else if (strcmp(word, "assign") == 0 && arg[0] != '\0') {
		ticket_action(u, "ticket.assign", "assignee", arg);
	} else if (strcmp(word, "priority") == 0 && arg[0] != '\0') {
		ticket_action(u, "ticket.priority", "priority", arg);
	} else if (strcmp(word, "tag") == 0 && arg[0] != '\0') {
		ticket_action(u, "ticket.tag", NULL, arg);
	} else if (strcmp(word, "save") == 0 && arg[0] != '\0') {
		save_attachment_number(u, arg);
	} else if (strcmp(word, "retry") == 0 || strcmp(word, "cancel") == 0) {
		outbox_act(u, strcmp(word, "retry") == 0);
	} else if (strcmp(word, "quit") == 0 || strcmp(word, "q") == 0) {
		u->running = 0;
	} else if ((a = action_by_name(word)) != ACT_NONE) {
		do_action(u, a);
	} else {
		set_message(u, _("Unknown command \"%s\" (press ? for the list)"), word);
	}
}

static void
finish_prompt(struct ui *u, enum cmdline_result r)
{
	char *line;

	if (r == CMDLINE_CANCEL) {
		free(u->message);
		u->message = NULL;
		return;
	}
	line = cmdline_take(&u->cmd);
	switch ((enum prompt)u->cmd.purpose) {
	case P_COMMAND:
		run_command(u, line);
		break;
	case P_SEARCH:
		if (line[0] != '\0') {
			free(u->search);
			u->search = xstrdup(line);
		}
		search_step(u, 0);
		break;
	case P_LIMIT:
		apply_limit(u, line);
		break;
	case P_STATUS:
		ticket_action(u, "ticket.status", "status", line);
		break;
	case P_ASSIGN:
		ticket_action(u, "ticket.assign", "assignee", line);
		break;
	case P_PRIORITY:
		ticket_action(u, "ticket.priority", "priority", line);
		break;
	case P_TAG:
		ticket_action(u, "ticket.tag", NULL, line);
		break;
	case P_ATTACH:
		save_attachment_number(u, line);
		break;
	case P_GOODWILL:
		goodwill(u, line);
		break;
	}
	free(line);
}

/* The order opened from the sidebar, over the conversation pane. */
static void
draw_order(struct ui *u, int y0, int w, int h)
{
	json_t *o = u->order_view, *it, *f;
	struct lines l = { 0 };
	int top = 0, i;
	size_t k;
	char *a, *b, *line;
	const char *cur = js(o, "currency");

	a = format_date(jint(o, "placed_at"));
	line = xasprintf(_("Order %s of %s (q closes)"), js(o, "number"), a);
	lines_add(&l, line, A_BOLD);
	free(line);
	free(a);
	line = xasprintf("%s / %s", label_for(js(o, "financial_status")),
	    label_for(js(o, "fulfillment_status")));
	lines_add(&l, line, 0);
	free(line);
	a = format_money(jint(o, "subtotal"), cur);
	b = format_money(jint(o, "discount"), cur);
	line = xasprintf(_("Subtotal %s, discount %s"), a, b);
	lines_add(&l, line, 0);
	free(line);
	free(a);
	free(b);
	a = format_money(jint(o, "shipping"), cur);
	b = format_money(jint(o, "tax"), cur);
	line = xasprintf(_("Shipping %s, tax %s"), a, b);
	lines_add(&l, line, 0);
	free(line);
	free(a);
	free(b);
	a = format_money(jint(o, "total"), cur);
	b = format_money(jint(o, "refunded"), cur);
	line = xasprintf(_("Total %s, refunded %s"), a, b);
	lines_add(&l, line, A_BOLD);
	free(line);
	free(a);
	free(b);
	lines_add(&l, "", 0);
	lines_add(&l, _("Items"), A_BOLD);
	json_array_foreach(json_object_get(o, "items"), k, it) {
		a = format_money(jint(it, "unit_price"), cur);
		line = xasprintf(_("  %lld x %s %s (%s) at %s, %lld returned"), jint(it, "qty"),
		    js(it, "title"), js(it, "variant"), js(it, "sku"), a,
		    jint(it, "returned_qty"));
		lines_wrap(&l, line, w, 0, "");
		free(line);
		free(a);
	}
	if (json_array_size(json_object_get(o, "fulfillments")) > 0) {
		lines_add(&l, "", 0);
		lines_add(&l, _("Shipments"), A_BOLD);
	}
	json_array_foreach(json_object_get(o, "fulfillments"), k, f) {
		line = xasprintf("  %s %s: %s  %s", js(f, "carrier"), js(f, "tracking_number"),
		    label_for(js(f, "status")), js(f, "tracking_url"));
		lines_wrap(&l, line, w, 0, "");
		free(line);
	}
	for (i = 0; i < h; i++) {
		move(y0 + i, 0);
		clrtoeol();
	}
	draw_lines(&l, &top, y0, 0, w, h);
	lines_clear(&l);
}

/* ------------------------------------------------------------ composing */

/* The private directory for drafts: they survive a crash of the interface
 * or of the terminal, one per ticket and kind. */
static char *
draft_path(long long ticket, int note)
{
	char *dir = paths_state_dir(), *sub, *path;

	if (dir == NULL)
		return NULL;
	sub = xasprintf("%s/drafts", dir);
	free(dir);
	if (paths_mkdir_p(sub) != 0) {
		free(sub);
		return NULL;
	}
	path = xasprintf("%s/ticket-%lld%s.txt", sub, ticket, note ? "-note" : "");
	free(sub);
	return path;
}

/* A draft file, or NULL when there is none (or it cannot be read). */
static char *
slurp(const char *path)
{
	char *err = NULL, *text;
	size_t len;

	text = file_read(path, 256 * 1024, &len, &err);
	free(err);
	return text;
}

static int
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t len = strlen(text), off = 0;

	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	return close(fd);
}

/* The first draft: the template (or a greeting), the customer's latest
 * message quoted (sanitised: it goes into an editor), the signature. */
static char *
initial_draft(struct ui *u, json_t *t, const char *start)
{
	json_t *m, *last = NULL;
	struct buf b;
	size_t i;
	const char *name = js(json_object_get(t, "customer"), "name");

	buf_init(&b, 256 * 1024);
	if (start != NULL) {
		buf_addstr(&b, start);
	} else if (!u->compose_note) {
		char *first = xstrndup(name, strcspn(name, " "));

		buf_addf(&b, _("Hello %s,\n\n\n"), first);
		free(first);
	} else {
		buf_addstr(&b, "\n");
	}
	if (!u->compose_note) {
		json_array_foreach(json_object_get(t, "messages"), i, m)
			if (strcmp(js(m, "direction"), "in") == 0)
				last = m;
		if (last != NULL) {
			char *safe = text_sanitize(js(last, "body"), strlen(js(last, "body")),
			    TEXT_BLOCK, NULL), *line = safe, *nl;

			const char *who = js(last, "from_name")[0] != '\0' ?
			    js(last, "from_name") : js(last, "from_addr");
			char *who1 = text_sanitize(who, strlen(who), TEXT_LINE, NULL);

			buf_addstr(&b, "\n");
			buf_addf(&b, _("%s wrote:\n"), who1);
			free(who1);
			do {
				nl = strchr(line, '\n');
				if (nl != NULL)
					*nl = '\0';
				buf_addf(&b, "> %s\n", line);
				line = nl + 1;
			} while (nl != NULL);
			free(safe);
		}
		buf_addf(&b, "\n-- \n%s\n", u->login);
	}
	return buf_take(&b);
}

/* Runs the editor on path with the terminal handed over. The editor is
 * $VISUAL, $EDITOR or vi, run without a shell; vi-family editors get
 * modelines switched off, since the draft quotes customer text. */
static int
run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	char *argv[8];
	int argc = 0, status = -1;
	pid_t pid;

	if (ed == NULL || ed[0] == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || ed[0] == '\0')
		ed = "vi";
	argv[argc++] = (char *)ed;
	{
		const char *base = strrchr(ed, '/') != NULL ? strrchr(ed, '/') + 1 : ed;

		if (strcmp(base, "vi") == 0 || strcmp(base, "vim") == 0 ||
		    strcmp(base, "nvim") == 0 || strcmp(base, "view") == 0) {
			argv[argc++] = "--cmd";
			argv[argc++] = "set nomodeline";
		}
	}
	argv[argc++] = (char *)path;
	argv[argc] = NULL;
	def_prog_mode();
	endwin();
	if ((pid = fork()) == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	clearok(stdscr, TRUE);
	refresh();
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void
compose_end(struct ui *u)
{
	u->compose = COMPOSE_OFF;
	free(u->draft);
	u->draft = NULL;
	free(u->preview);
	u->preview = NULL;
	json_decref(u->templates);
	u->templates = NULL;
}

/* Edits the draft of the open ticket (starting from start, when new) and
 * goes to the last look; an unchanged or empty draft aborts. */
static void
compose_edit(struct ui *u, const char *start)
{
	char *path = draft_path(u->compose_ticket, u->compose_note), *before, *after, *p;
	json_t *t, *params;
	int resumed;

	if (path == NULL) {
		set_message(u, "%s", _("cannot create the drafts directory"));
		compose_end(u);
		return;
	}
	before = slurp(path);
	resumed = before != NULL && start == NULL;
	if (before == NULL || start != NULL) {
		params = json_pack("{s:I}", "id", (json_int_t)u->compose_ticket);
		t = call(u, "ticket.show", params);
		if (t == NULL) {
			free(path);
			free(before);
			compose_end(u);
			return;
		}
		free(before);
		before = initial_draft(u, t, start);
		json_decref(t);
		if (write_file(path, before) != 0) {
			set_message(u, _("cannot write the draft %s"), path);
			free(path);
			free(before);
			compose_end(u);
			return;
		}
	}
	if (run_editor(path) != 0) {
		set_message(u, "%s", _("The editor failed; the draft is kept."));
		free(path);
		free(before);
		compose_end(u);
		return;
	}
	after = slurp(path);
	for (p = after; p != NULL && (*p == ' ' || *p == '\n' || *p == '\t'); p++)
		;
	/* A new draft left as it was is a change of mind; a draft resumed
	 * from before (or from 'reply --draft') is meant as it stands. */
	if (after == NULL || *p == '\0' || (!resumed && before != NULL &&
	    strcmp(before, after) == 0 && u->draft == NULL)) {
		set_message(u, "%s", _("Nothing was written: not sent (the draft is discarded)."));
		unlink(path);
		free(after);
		compose_end(u);
	} else {
		free(u->draft);
		u->draft = after;
		u->compose = COMPOSE_CONFIRM;
	}
	free(path);
	free(before);
}

static void
compose_start(struct ui *u, int note, int pick)
{
	if (u->open_id == 0) {
		set_message(u, "%s", _("Open a ticket first."));
		return;
	}
	compose_end(u);
	u->compose_note = note;
	u->compose_ticket = u->open_id;
	if (pick) {
		json_t *res = call(u, "template.list", NULL);
		const char *name;
		json_t *v;

		if (res == NULL)
			return;
		u->templates = json_array();
		json_object_foreach(json_object_get(res, "templates"), name, v)
			json_array_append_new(u->templates, json_string(name));
		json_decref(res);
		/* alphabetical, whatever order the directories listed them in */
		{
			size_t a, b2, n = json_array_size(u->templates);

			for (a = 1; a < n; a++)
				for (b2 = a; b2 > 0 && strcmp(json_string_value(json_array_get(
				    u->templates, b2 - 1)), json_string_value(json_array_get(
				    u->templates, b2))) > 0; b2--) {
					json_t *x = json_incref(json_array_get(u->templates, b2));

					json_array_set(u->templates, b2, json_array_get(u->templates,
					    b2 - 1));
					json_array_set_new(u->templates, b2 - 1, x);
				}
		}
		if (json_array_size(u->templates) == 0) {
			set_message(u, "%s", _("There are no templates."));
			compose_end(u);
			return;
		}
		u->pick = 0;
		u->compose = COMPOSE_PICK;
		return;
	}
	compose_edit(u, NULL);
}

static void
pick_preview(struct ui *u)
{
	json_t *p = json_pack("{s:I,s:s}", "ticket", (json_int_t)u->compose_ticket, "name",
	    json_string_value(json_array_get(u->templates, (size_t)u->pick))), *res;
	struct op_error oe = { 0 };

	free(u->preview);
	res = client_call(u->c, "template.render", p, &oe);
	json_decref(p);
	if (res != NULL) {
		u->preview = xstrdup(js(res, "text"));
		json_decref(res);
	} else {
		/* An error is shown as the preview: this template cannot be
		 * used for this customer, and why. */
		u->preview = xasprintf("%s", oe.message != NULL ? oe.message : "?");
		op_error_clear(&oe);
	}
}

static void
compose_send(struct ui *u, int draft_only)
{
	char *path = draft_path(u->compose_ticket, u->compose_note);
	json_t *p, *res;

	if (draft_only) {
		if (path != NULL && u->draft != NULL)
			write_file(path, u->draft);
		set_message(u, _("Draft kept; press %s on ticket #%lld to continue it."),
		    u->compose_note ? "c" : "r", u->compose_ticket);
		free(path);
		compose_end(u);
		return;
	}
	p = json_pack("{s:I,s:s,s:b}", "id", (json_int_t)u->compose_ticket, "body", u->draft,
	    "note", u->compose_note);
	res = p != NULL ? call(u, "ticket.reply", p) : NULL;
	if (res != NULL) {
		if (path != NULL)
			unlink(path);
		if (u->compose_note)
			set_message(u, _("Note added to ticket #%lld."), u->compose_ticket);
		else
			set_message(u, _("Reply to ticket #%lld queued (outbox %lld)."),
			    u->compose_ticket, (long long)jint(res, "outbox"));
		json_decref(res);
		compose_end(u);
		reload_queue(u);
		open_ticket(u, u->open_id, 1);
		/* Show the end of the conversation: the reply just written, and
		 * soon whether it was sent. */
		u->conv_top = 1 << 30;
		u->conv_follow = 1;
	}
	/* On failure the message says why and the last look stays. */
	free(path);
}

/* Keys while composing; returns 1 when the key was used. */
static int
compose_key(struct ui *u, wint_t ch, int is_key)
{
	if (u->compose == COMPOSE_PICK) {
		int n = (int)json_array_size(u->templates);

		if ((is_key && ch == KEY_DOWN) || (!is_key && ch == 'j'))
			u->pick = (u->pick + 1) % n;
		else if ((is_key && ch == KEY_UP) || (!is_key && ch == 'k'))
			u->pick = (u->pick + n - 1) % n;
		else if ((is_key && ch == KEY_ENTER) || (!is_key && (ch == '\n' || ch == '\r'))) {
			char *start;

			pick_preview(u);
			if (strncmp(u->preview, "template ", 9) == 0 && strstr(u->preview, ", line") != NULL)
				return 1; /* an error: stay in the picker */
			start = xstrdup(u->preview);
			compose_edit(u, start);
			free(start);
			return 1;
		} else if (!is_key && (ch == 27 || ch == 'q'))
			compose_end(u);
		if (u->compose == COMPOSE_PICK)
			pick_preview(u);
		return 1;
	}
	if (u->compose == COMPOSE_CONFIRM && !is_key) {
		if (ch == 's' || ch == 'y')
			compose_send(u, 0);
		else if (ch == 'e')
			compose_edit(u, NULL);
		else if (ch == 'd')
			compose_send(u, 1);
		else if (ch == 'q' || ch == 27) {
			char *path = draft_path(u->compose_ticket, u->compose_note);

			if (path != NULL)
				unlink(path);
			free(path);
			set_message(u, "%s", _("Discarded."));
			compose_end(u);
		}
		return 1;
	}
	return u->compose != COMPOSE_OFF;
}

/* The picker or the last look, drawn over the conversation pane. */
static void
draw_compose(struct ui *u, int y0, int w, int h)
{
	struct lines l = { 0 };
	int top = 0, i;
	size_t k;
	json_t *v;

	if (u->compose == COMPOSE_PICK) {
		lines_add(&l, _("Pick a template (j/k, Enter edits it, q cancels):"), A_BOLD);
		json_array_foreach(u->templates, k, v)
			lines_add(&l, json_string_value(v), (int)k == u->pick ? A_REVERSE : 0);
		lines_add(&l, "", 0);
		lines_add(&l, _("Preview for this customer:"), A_BOLD);
		if (u->preview == NULL)
			pick_preview(u);
		lines_wrap(&l, u->preview, w, 0, "  ");
	} else {
		json_t *p = json_pack("{s:I}", "id", (json_int_t)u->compose_ticket), *t;
		char *line;

		t = call(u, "ticket.show", p);
		line = xasprintf(u->compose_note ? _("Internal note on ticket #%lld (never sent)") :
		    _("Reply to ticket #%lld"), u->compose_ticket);
		lines_add(&l, line, A_BOLD);
		free(line);
		if (t != NULL && !u->compose_note) {
			json_t *c = json_object_get(t, "customer");

			char *safe;

			line = xasprintf(_("To: %s <%s>"), js(c, "name"), js(c, "email"));
			safe = text_sanitize(line, strlen(line), TEXT_LINE, NULL);
			lines_wrap(&l, safe, w, 0, "");
			free(safe);
			free(line);
			line = xasprintf(_("Subject: Re: %s [#%lld]"),
			    js(json_object_get(t, "ticket"), "subject"), u->compose_ticket);
			safe = text_sanitize(line, strlen(line), TEXT_LINE, NULL);
			lines_wrap(&l, safe, w, 0, "");
			free(safe);
			free(line);
		}
		json_decref(t);
		lines_add(&l, _("s: send   e: edit again   d: keep as draft   q: discard"), A_BOLD);
		lines_add(&l, "", 0);
		lines_wrap(&l, u->draft, w, 0, "");
	}
	for (i = 0; i < h; i++) {
		move(y0 + i, 0);
		clrtoeol();
	}
	draw_lines(&l, &top, y0, 0, w, h);
	lines_clear(&l);
}

static void
scroll_pane(struct ui *u, int delta)
{
	if (u->focus == PANE_CONV) {
		if (u->conv_top > (1 << 29))
			u->conv_top = u->conv.n;
		u->conv_top += delta;
		u->conv_follow = 0;
	} else if (u->focus == PANE_SIDE && u->side_norders > 0 && (delta == 1 || delta == -1)) {
		/* j/k pick an order; the view follows it */
		u->side_sel += delta;
		if (u->side_sel < 0)
			u->side_sel = 0;
		if (u->side_sel >= u->side_norders)
			u->side_sel = u->side_norders - 1;
		u->side_top = u->side_order_line[u->side_sel] - 2;
	} else if (u->focus == PANE_SIDE) {
		u->side_top += delta;
	} else {
		move_sel(u, delta);
	}
}

/* R, X and V: the return dialog for the open ticket, or the returns view. */
static void
open_returns(struct ui *u, enum action a)
{
	char *msg = NULL;

	if (a != ACT_RETURNS && u->open_id == 0) {
		set_message(u, "%s", _("Open a ticket first."));
		return;
	}
	u->returns = returns_ui_open(u->c, a == ACT_RETURNS ? RETURNS_VIEW : a == ACT_EXCHANGE ?
	    RETURNS_EXCHANGE : RETURNS_DIALOG, u->open_id, &msg);
	if (msg != NULL) {
		free(u->message);
		u->message = msg;
	}
}

/* Keys while the return dialog or the returns view is up. */
static void
returns_key(struct ui *u, wint_t ch, int is_key)
{
	char *msg = NULL;
	enum returns_key_result r = returns_ui_key(u->returns, ch, is_key, &msg);

	if (msg != NULL) {
		free(u->message);
		u->message = msg;
	}
	if (r == RETURNS_CLOSED || r == RETURNS_CREATED)
		returns_ui_free(&u->returns);
	if (r == RETURNS_CREATED) {
		reload_queue(u);
		load_stats(u);
		if (u->open_id != 0)
			open_ticket(u, u->open_id, 1);
		u->conv_top = 1 << 30;
		u->conv_follow = 1;
	} else if (r == RETURNS_UNUSED && !is_key && ch < 1024) {
		enum action a = keymap_lookup((int)ch);

		if (a == ACT_HELP || a == ACT_REDRAW)
			do_action(u, a);
	}
}

static void
do_action(struct ui *u, enum action a)
{
	int page = u->focus == PANE_QUEUE ? visible_rows() : LINES - visible_rows() - 4;

	if (u->help) {
		if (a == ACT_BACK || a == ACT_HELP)
			u->help = 0;
		else if (a == ACT_DOWN || a == ACT_PAGE_DOWN)
			u->help_top += a == ACT_DOWN ? 1 : LINES - 2;
		else if (a == ACT_UP || a == ACT_PAGE_UP)
			u->help_top -= a == ACT_UP ? 1 : LINES - 2;
		return;
	}
	switch (a) {
	case ACT_NONE:
		break;
	case ACT_DOWN:
		scroll_pane(u, 1);
		break;
	case ACT_UP:
		scroll_pane(u, -1);
		break;
	case ACT_PAGE_DOWN:
		scroll_pane(u, page);
		break;
	case ACT_PAGE_UP:
		scroll_pane(u, -page);
		break;
	case ACT_TOP:
		if (u->focus == PANE_QUEUE)
			load_top(u);
		else
			*(u->focus == PANE_CONV ? &u->conv_top : &u->side_top) = 0;
		break;
	case ACT_BOTTOM:
		if (u->focus == PANE_QUEUE)
			load_bottom(u);
		else
			*(u->focus == PANE_CONV ? &u->conv_top : &u->side_top) = 1 << 28;
		break;
	case ACT_OPEN:
		if (u->focus == PANE_SIDE && u->open_id != 0 && u->side_norders > 0) {
			json_decref(u->order_view);
			u->order_view = call(u, "order.show", json_pack("{s:I}", "id",
			    (json_int_t)u->side_order_id[u->side_sel]));
			break;
		}
		if (u->nrows > 0) {
			open_ticket(u, u->rows[u->sel].id, 0);
			u->focus = PANE_CONV;
		}
		break;
	case ACT_BACK:
		if (u->open_id != 0) {
			close_ticket(u);
			u->focus = PANE_QUEUE;
		} else {
			u->confirm_quit = 1;
		}
		break;
	case ACT_NEXT_PANE:
		u->focus = (enum pane)((u->focus + 1) % (u->open_id != 0 ? PANE_COUNT : 1));
		break;
	case ACT_SEARCH:
		prompt(u, P_SEARCH);
		break;
	case ACT_SEARCH_NEXT:
		search_step(u, 0);
		break;
	case ACT_SEARCH_PREV:
		search_step(u, 1);
		break;
	case ACT_LIMIT:
		prompt(u, P_LIMIT);
		break;
	case ACT_SORT:
		u->sort_created = !u->sort_created;
		load_top(u);
		break;
	case ACT_COMMAND:
		prompt(u, P_COMMAND);
		break;
	case ACT_HELP:
		u->help = 1;
		u->help_top = 0;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_STATUS:
		prompt(u, P_STATUS);
		break;
	case ACT_TAKE:
		ticket_action(u, "ticket.assign", "assignee", "me");
		break;
	case ACT_ASSIGN:
		prompt(u, P_ASSIGN);
		break;
	case ACT_PRIORITY:
		prompt(u, P_PRIORITY);
		break;
	case ACT_TAG:
		prompt(u, P_TAG);
		break;
	case ACT_REPLY:
		compose_start(u, 0, 0);
		break;
	case ACT_GOODWILL:
		if (u->open_id == 0)
			set_message(u, "%s", _("Open a ticket first."));
		else
			prompt(u, P_GOODWILL);
		break;
	case ACT_NOTE:
		compose_start(u, 1, 0);
		break;
	case ACT_TEMPLATE:
		compose_start(u, 0, 1);
		break;
	case ACT_SAVE_ATTACHMENT:
		if (u->open_id == 0 || u->natt == 0)
			set_message(u, "%s", _("This ticket has no attachments."));
		else if (u->natt == 1)
			save_attachment_number(u, "1");
		else
			prompt(u, P_ATTACH);
		break;
	case ACT_RETURN:
	case ACT_EXCHANGE:
	case ACT_RETURNS:
		open_returns(u, a);
		break;
	case ACT_COUNT:
		break;
	}
}

static void
handle_key(struct ui *u, wint_t ch, int is_key)
{
	if (is_key && ch == KEY_RESIZE) {
		if (u->open_id != 0)
			open_ticket(u, u->open_id, 1);  /* rewrap for the new width */
		return;
	}
	if (u->cmd.active) {
		enum cmdline_result r = cmdline_key(&u->cmd, ch, is_key);

		if (r != CMDLINE_EDITING)
			finish_prompt(u, r);
		return;
	}
	free(u->message);
	u->message = NULL;
	if (u->confirm_quit) {
		u->confirm_quit = 0;
		if (!is_key && (ch == 'y' || ch == 'Y'))
			u->running = 0;
		return;
	}
	if (u->too_small)
		return;
	if (u->returns != NULL && !u->help) {
		returns_key(u, ch, is_key);
		return;
	}
	if (u->order_view != NULL && !is_key && (ch == 'q' || ch == 27)) {
		json_decref(u->order_view);
		u->order_view = NULL;
		return;
	}
	if (compose_key(u, ch, is_key))
		return;
	if (!is_key && ch >= 1024)
		return;
	do_action(u, keymap_lookup((int)ch));
}

/* Applies what the server told us about other clients' work. */
static void
handle_events(struct ui *u)
{
	json_t *ev;
	int changed = 0;

	while ((ev = client_next_event(u->c)) != NULL) {
		const char *name = js(ev, "event");

		if (strcmp(name, "presence") == 0) {
			json_decref(u->viewers);
			u->viewers = json_incref(json_object_get(ev, "viewers"));
		} else if (strcmp(name, "mail.state") == 0) {
			json_t *res = json_object_get(ev, "result"), *a;
			size_t i;

			json_array_foreach(u->mail, i, a)
				if (strcmp(js(a, "account"), js(res, "account")) == 0)
					json_array_set(u->mail, i, res);
		} else if (strcmp(name, "orders.synced") == 0) {
			json_t *res = json_object_get(ev, "result");

			/* the orders themselves arrive as db.changed */
			if (!json_is_null(json_object_get(res, "error")))
				set_message(u, _("store %s: %s"), js(res, "store"), js(res, "error"));
		} else if (strncmp(name, "ticket.", 7) == 0 || strcmp(name, "db.changed") == 0 ||
		    strcmp(name, "mail.new") == 0 || strcmp(name, "outbox.changed") == 0) {
			changed = 1;
		}
		json_decref(ev);
	}
	if (changed) {
		reload_queue(u);
		load_stats(u);
		if (u->open_id != 0)
			open_ticket(u, u->open_id, 1);
		returns_ui_changed(u->returns);
	}
}

/* -------------------------------------------------------------- the loop */

static int
term_setup(struct ui *u, char **err)
{
	const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");
	SCREEN *scr;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*err = xstrdup(_("the full-screen interface needs a terminal; see "
		    "'aftercare --help' for the commands"));
		return -1;
	}
	if (term == NULL || term[0] == '\0') {
		*err = xstrdup(_("TERM is not set: export TERM=xterm-256color (or your terminal's name)"));
		return -1;
	}
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(100);
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		*err = xasprintf(_("unknown terminal type '%s': install ncurses-term or "
		    "export TERM=xterm-256color"), term);
		return -1;
	}
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	u->colour = (nc == NULL || nc[0] == '\0') && has_colors();
	if (u->colour) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
	}
	return 0;
}

static void
leave_curses(void)
{
	if (!isendwin())
		endwin();
}

static FILE *timing;
static double key_at;
static int key_code;

int
ui_run(struct client *c, char **binds, int nbinds, char **err)
{
	struct ui u;
	json_t *hello, *sub;

	memset(&u, 0, sizeof u);
	u.c = c;
	u.running = 1;
	*err = NULL;
	keymap_init();
	for (int i = 0; i < nbinds; i++) {
		char *why = NULL;

		if (keymap_bind_line(binds[i], &why) != 0) {
			*err = xasprintf(_("configuration: %s"), why);
			free(why);
			return -1;
		}
	}
	/* Who we are, and the first screen's data, before curses starts, so
	 * that a refusal is a plain one-line error. */
	if ((hello = call(&u, "server.hello", NULL)) != NULL) {
		u.login = xstrdup(js(hello, "login"));
		u.role = xstrdup(js(hello, "role"));
		u.session = jint(hello, "session");
		json_decref(hello);
		if ((sub = call(&u, "server.subscribe", NULL)) != NULL) {
			u.viewers = json_incref(json_object_get(sub, "viewers"));
			json_decref(sub);
		}
		if ((sub = call(&u, "mail.status", NULL)) != NULL) {
			u.mail = json_incref(json_object_get(sub, "accounts"));
			json_decref(sub);
		}
	} else if (client_fd(c) < 0) {
		/* In-process (--no-server): no server operations. */
		free(u.message);
		u.message = NULL;
		u.login = xstrdup(getenv("USER") != NULL ? getenv("USER") : "?");
		u.role = xstrdup("local");
	} else {
		*err = u.message;
		return -1;
	}
	if (u.viewers == NULL)
		u.viewers = json_object();
	u.attach_dir = save_default_dir();
	load_stats(&u);
	if (u.stats == NULL) {
		*err = u.message != NULL ? u.message : xstrdup("stats.queue");
		u.message = NULL;
		goto out;
	}
	if (term_setup(&u, err) != 0)
		goto out;
	xmalloc_set_fatal_hook(leave_curses);
	load_top(&u);
	/* AFTERCARE_TIMING=FILE: the benchmark's probe. It records when the
	 * first full screen was on its way to the terminal, and how long each
	 * key took from being read to the screen being updated. */
	if (getenv("AFTERCARE_TIMING") != NULL)
		timing = fopen(getenv("AFTERCARE_TIMING"), "a");
	while (u.running) {
		struct pollfd pfd[2];
		int n = 1, rc;
		wint_t ch;

		draw(&u);
		if (timing != NULL) {
			if (key_at > 0)
				fprintf(timing, "key %d %.3f\n", key_code, clock_ms() - key_at);
			else if (key_at == 0)
				fprintf(timing, "first_screen %.3f\n", clock_since_start_ms());
			fflush(timing);
			key_at = -1;
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		if (client_fd(c) >= 0) {
			pfd[1].fd = client_fd(c);
			pfd[1].events = POLLIN;
			n = 2;
		}
		/* Wake at least once a second for the clock. */
		rc = poll(pfd, (nfds_t)n, 1000);
		if (rc < 0 && errno != EINTR)
			break;
		while ((rc = get_wch(&ch)) != ERR) {
			if (timing != NULL && key_at <= 0) {
				key_at = clock_ms();
				key_code = (int)ch;
			}
			handle_key(&u, ch, rc == KEY_CODE_YES);
		}
		if (n == 2 && (pfd[1].revents & (POLLIN | POLLHUP))) {
			if (client_pump(c) != 0) {
				*err = xstrdup(_("lost the connection to the server"));
				break;
			}
		}
		handle_events(&u);
	}
	leave_curses();
	xmalloc_set_fatal_hook(NULL);
	if (timing != NULL)
		fclose(timing);
out:
	rows_clear(&u);
	lines_clear(&u.conv);
	lines_clear(&u.side);
	history_free(&u.hist_cmd);
	history_free(&u.hist_search);
	history_free(&u.hist_other);
	json_decref(u.viewers);
	json_decref(u.mail);
	json_decref(u.stats);
	free(u.f_status);
	free(u.f_channel);
	free(u.f_assignee);
	free(u.search);
	free(u.att_ids);
	free(u.attach_dir);
	compose_end(&u);
	returns_ui_free(&u.returns);
	json_decref(u.order_view);
	free(u.side_order_line);
	free(u.side_order_id);
	free(u.login);
	free(u.role);
	free(u.message);
	return *err != NULL ? -1 : 0;
}
