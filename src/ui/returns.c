/* returns.c: the return dialog (R, X) and the open-returns view (V). The
 * dialog asks the server for what can be returned, asks it again for a quote
 * on every change (the money shown is always the server's), and creates the
 * return on Enter; the view lists open returns so that a warehouse can find
 * one by its RMA number and move it on with one key. Keys only change state;
 * drawing happens when ui.c draws. Customer and shop text reaches the screen
 * only through draw_text(), which sanitises it. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "ui/cmdline.h"
#include "ui/draw.h"
#include "ui/returns.h"
#include "util/buf.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/jsonget.h"
#include "util/labels.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define FILTER_MAX 40
/* The item table's columns but the name: marks, quantity, bought,
 * returned, price, reason, and one column spare. */
#define ITEM_FIXED_COLS (6 + 6 + 7 + 9 + 15 + 18 + 1)

/* The reasons in the order of their digit keys; names as stored. */
static const struct {
	const char *name, *label;
} reasons[] = {
	{ "defective", N_("defective") },
	{ "not_as_described", N_("not as described") },
	{ "wrong_item", N_("wrong item") },
	{ "unwanted", N_("unwanted") },
	{ "too_small", N_("size too small") },
	{ "too_large", N_("size too large") },
	{ "style", N_("style") },
	{ "colour", N_("colour") },
	{ "other", N_("other") },
};
#define NREASONS ((int)(sizeof reasons / sizeof reasons[0]))

enum resolution { RES_REFUND, RES_CREDIT, RES_EXCHANGE };
static const char *const res_name[] = { "refund", "credit", "exchange" };

enum rscreen { SCR_DIALOG, SCR_VIEW };
enum stage { ST_ORDERS, ST_ITEMS, ST_VARIANTS };
enum input { IN_NONE, IN_NOTE, IN_RETURN_NOTE, IN_SKU, IN_OVERRIDE, IN_FILTER, IN_ACT };

/* What the agent chose for one line of the order. */
struct pick {
	int sel;
	long long qty;   /* 1 .. returnable */
	int reason;      /* index into reasons, -1 for none yet */
	char *note;
};

struct returns_ui {
	enum rscreen screen;
	struct client *c;
	struct cmdline cmd;
	struct history hist;
	enum input input;
	char *prompt;           /* the line editor's prompt */

	/* the dialog */
	long long ticket;
	enum stage stage;
	json_t *options;        /* return.options; "order" in it is the order shown */
	struct pick *picks;     /* one per item of the order */
	int nitems, cur, item_top, pick_sel, list_top;
	enum resolution res;
	char *exchange_sku;
	json_t *replacement;    /* the variant picked, for showing; may be NULL */
	json_t *variants;       /* catalog.variants while picking */
	int exchange_item;      /* the line they are variants of */
	char *note, *override;
	json_t *quote;          /* the latest return.quote, or NULL */
	char *quote_err;        /* why there is no quote (the call failed) */

	/* the view */
	json_t *list;           /* return.list's "returns" */
	int *shown, nshown, sel, top;
	char filter[FILTER_MAX + 1];
	json_t *detail;         /* return.show while looking at one return */
	int detail_top;
	char *act_rma;          /* reject or cancel waiting for its note */
	const char *act_action;
};

/* ------------------------------------------------------------- helpers */

static void say(char **msg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(char **msg, const char *fmt, ...)
{
	va_list ap;

	if (msg == NULL)
		return;
	free(*msg);
	va_start(ap, fmt);
	*msg = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Runs an operation (params is consumed; NULL means it could not be built).
 * On failure *msg gets the server's one-line reason. */
static json_t *
rcall(struct returns_ui *r, const char *op, json_t *params, char **msg)
{
	struct op_error err = { 0 };
	json_t *res;

	if (params == NULL) {
		say(msg, "%s", _("the text is not valid UTF-8"));
		return NULL;
	}
	res = client_call(r->c, op, params, &err);
	json_decref(params);
	if (res == NULL) {
		say(msg, "%s", err.message != NULL ? err.message : op);
		op_error_clear(&err);
	}
	return res;
}

static const char *
reason_label(const char *name)
{
	int i;

	for (i = 0; i < NREASONS; i++)
		if (strcmp(reasons[i].name, name) == 0)
			return _(reasons[i].label);
	return name;
}

static char *
money(json_t *o, const char *key, const char *currency)
{
	return format_money(ji(o, key), currency);
}

/* s cut or padded to exactly cols columns, sanitised first. */
static void
add_cell(struct buf *b, const char *s, int cols)
{
	char *safe = text_sanitize(s, strlen(s), TEXT_LINE, NULL), *fit;

	fit = text_fit(safe, cols, 1);
	buf_addstr(b, fit);
	free(fit);
	free(safe);
}

static void
clear_rows(int y0, int h)
{
	int i;

	for (i = 0; i < h; i++) {
		move(y0 + i, 0);
		clrtoeol();
	}
}

/* Draws head, then body scrolled so that line sel (-1: none) is visible,
 * then foot, in h rows; the body keeps at least a few rows. */
static void
draw_parts(struct lines *head, struct lines *body, int sel, int *top, struct lines *foot,
    int y0, int w, int h)
{
	int y = y0, end = y0 + h, room, i;

	clear_rows(y0, h);
	for (i = 0; i < head->n && y < end; i++)
		draw_text(y++, 0, head->line[i], w, head->attr[i], 1);
	room = end - y - foot->n;
	if (room < 3)
		room = end - y < 3 ? end - y : 3;
	if (sel >= 0) {
		if (sel < *top)
			*top = sel;
		if (sel >= *top + room)
			*top = sel - room + 1;
	}
	if (*top > body->n - room)
		*top = body->n - room;
	if (*top < 0)
		*top = 0;
	for (i = *top; i < body->n && i < *top + room && y < end; i++)
		draw_text(y++, 0, body->line[i], w, body->attr[i], 1);
	for (i = 0; i < foot->n && y < end; i++)
		draw_text(y++, 0, foot->line[i], w, foot->attr[i], 1);
}

static void
ask(struct returns_ui *r, enum input in, char *prompt, const char *initial)
{
	free(r->prompt);
	r->prompt = prompt;
	r->input = in;
	cmdline_start(&r->cmd, r->prompt, &r->hist, (int)in, initial);
}


/* Adds what happened to the customer's email ("message" of return.create
 * and return.act) as a sentence of its own. */
static void
add_mail_state(struct buf *b, json_t *m)
{
	if (!json_is_object(m))
		return;
	if (strcmp(js(m, "state"), "queued") == 0 && ji(m, "outbox") > 0) {
		buf_addc(b, ' ');
		buf_addf(b, _("Customer email queued (outbox %lld)."), (long long)ji(m, "outbox"));
	} else if (strcmp(js(m, "state"), "queued") == 0) {
		buf_addc(b, ' ');
		buf_addstr(b, _("Customer email queued."));
	} else if (strcmp(js(m, "kind"), "note") == 0) {
		buf_addc(b, ' ');
		buf_addstr(b, _("No email queued: the instructions are an internal note on the ticket."));
	}
}

/* ------------------------------------------------------------ the dialog */

static json_t *
order_of(struct returns_ui *r)
{
	return json_object_get(r->options, "order");
}

static json_t *
item_at(struct returns_ui *r, int i)
{
	return json_array_get(json_object_get(order_of(r), "items"), (size_t)i);
}

static int
returnable(struct returns_ui *r, int i)
{
	return ji(item_at(r, i), "returnable") > 0;
}

static void
picks_free(struct returns_ui *r)
{
	int i;

	for (i = 0; i < r->nitems; i++)
		free(r->picks[i].note);
	free(r->picks);
	r->picks = NULL;
	r->nitems = 0;
}

/* A fresh selection for the order in r->options: nothing selected, each
 * line at all its returnable units, the cursor on the first line that can
 * be returned. */
static void
load_items(struct returns_ui *r)
{
	json_t *items = json_object_get(order_of(r), "items");
	int i;

	picks_free(r);
	r->nitems = (int)json_array_size(items);
	r->picks = xcalloc((size_t)r->nitems + 1, sizeof *r->picks);
	r->cur = -1;
	for (i = 0; i < r->nitems; i++) {
		r->picks[i].qty = ji(item_at(r, i), "returnable");
		r->picks[i].reason = -1;
		if (r->cur < 0 && returnable(r, i))
			r->cur = i;
	}
	if (r->cur < 0)
		r->cur = 0;
	r->item_top = 0;
	r->stage = ST_ITEMS;
	json_decref(r->quote);
	r->quote = NULL;
	free(r->quote_err);
	r->quote_err = NULL;
}

static int
nselected(struct returns_ui *r)
{
	int i, n = 0;

	for (i = 0; i < r->nitems; i++)
		n += r->picks[i].sel;
	return n;
}

/* The first selected line without a reason, or -1. */
static int
missing_reason(struct returns_ui *r)
{
	int i;

	for (i = 0; i < r->nitems; i++)
		if (r->picks[i].sel && r->picks[i].reason < 0)
			return i;
	return -1;
}

/* The parameters return.quote and return.create share. */
static json_t *
request(struct returns_ui *r)
{
	json_t *items = json_array(), *p;
	int i;

	for (i = 0; i < r->nitems; i++) {
		struct pick *k = &r->picks[i];
		json_t *it;

		if (!k->sel || k->reason < 0)
			continue;
		it = json_pack("{s:I,s:I,s:s}", "item", (json_int_t)ji(item_at(r, i), "item"),
		    "qty", (json_int_t)k->qty, "reason", reasons[k->reason].name);
		if (k->note != NULL && k->note[0] != '\0')
			json_object_set_new(it, "note", json_string(k->note));
		json_array_append_new(items, it);
	}
	p = json_pack("{s:I,s:o,s:s}", "order", (json_int_t)ji(order_of(r), "id"), "items", items,
	    "resolution", res_name[r->res]);
	if (r->res == RES_EXCHANGE && r->exchange_sku != NULL)
		json_object_set_new(p, "exchange_sku", json_string(r->exchange_sku));
	if (r->override != NULL)
		json_object_set_new(p, "override_reason", json_string(r->override));
	return p;
}

/* Asks the server what the selection is worth; called on every change.
 * Nothing is asked while the selection is incomplete (no item, or an item
 * without a reason): the dialog says what is missing instead. */
static void
requote(struct returns_ui *r)
{
	json_decref(r->quote);
	r->quote = NULL;
	free(r->quote_err);
	r->quote_err = NULL;
	if (nselected(r) == 0 || missing_reason(r) >= 0 ||
	    (r->res == RES_EXCHANGE && r->exchange_sku == NULL))
		return;
	r->quote = rcall(r, "return.quote", request(r), &r->quote_err);
}

static void
move_cursor(struct returns_ui *r, int delta)
{
	int i = r->cur + delta;

	while (i >= 0 && i < r->nitems && !returnable(r, i))
		i += delta;
	if (i >= 0 && i < r->nitems)
		r->cur = i;
}

static void
set_reason(struct returns_ui *r, int reason)
{
	int i;

	if (!returnable(r, r->cur))
		return;
	/* The digit is for this line, and for the lines already selected
	 * that have no reason yet: one key for "these two are defective". */
	r->picks[r->cur].sel = 1;
	r->picks[r->cur].reason = reason;
	for (i = 0; i < r->nitems; i++)
		if (r->picks[i].sel && r->picks[i].reason < 0)
			r->picks[i].reason = reason;
}

/* The line whose variants an exchange offers: the one under the cursor if
 * it is selected, else the first selected line, else the cursor's. */
static int
exchange_from(struct returns_ui *r)
{
	int i;

	if (r->picks[r->cur].sel)
		return r->cur;
	for (i = 0; i < r->nitems; i++)
		if (r->picks[i].sel)
			return i;
	return r->cur;
}

static int
sold_in_order_currency(struct returns_ui *r, json_t *variant)
{
	return js(variant, "currency")[0] == '\0' ||
	    strcmp(js(variant, "currency"), js(order_of(r), "currency")) == 0;
}

static void
ask_sku(struct returns_ui *r)
{
	ask(r, IN_SKU, xstrdup(_("Exchange for SKU: ")), r->exchange_sku);
}

static void
open_variants(struct returns_ui *r, char **msg)
{
	const char *sku;
	json_t *res, *v;
	size_t i;

	if (r->nitems == 0)
		return;
	r->exchange_item = exchange_from(r);
	sku = js(item_at(r, r->exchange_item), "sku");

	if (sku[0] == '\0') {
		ask_sku(r);
		return;
	}
	res = rcall(r, "catalog.variants", json_pack("{s:s}", "sku", sku), msg);
	if (res == NULL)
		return;
	if (json_array_size(json_object_get(res, "variants")) == 0) {
		say(msg, _("No other variant of %s is sold; type the SKU to exchange for."), sku);
		json_decref(res);
		ask_sku(r);
		return;
	}
	json_decref(r->variants);
	r->variants = res;
	/* Start on another variant than the one coming back, sold in the
	 * order's currency (the server prices the replacement in it). */
	r->pick_sel = -1;
	json_array_foreach(json_object_get(res, "variants"), i, v)
		if (r->pick_sel < 0 && strcmp(js(v, "sku"), sku) != 0 &&
		    sold_in_order_currency(r, v))
			r->pick_sel = (int)i;
	if (r->pick_sel < 0)
		r->pick_sel = 0;
	r->list_top = 0;
	r->stage = ST_VARIANTS;
}

static void
set_exchange(struct returns_ui *r, const char *sku, json_t *variant)
{
	free(r->exchange_sku);
	r->exchange_sku = sku != NULL && sku[0] != '\0' ? xstrdup(sku) : NULL;
	json_decref(r->replacement);
	r->replacement = json_incref(variant);
	r->res = RES_EXCHANGE;
	requote(r);
}

static void
choose_order(struct returns_ui *r, char **msg)
{
	json_t *o = json_array_get(json_object_get(r->options, "orders"), (size_t)r->pick_sel);
	json_t *res;

	if (o == NULL)
		return;
	res = rcall(r, "return.options", json_pack("{s:I,s:I}", "ticket", (json_int_t)r->ticket,
	    "order", (json_int_t)ji(o, "id")), msg);
	if (res == NULL)
		return;
	if (!json_is_object(json_object_get(res, "order"))) {
		say(msg, _("Order %s has nothing left to return."), js(o, "number"));
		json_decref(res);
		return;
	}
	json_decref(r->options);
	r->options = res;
	load_items(r);
}

/* The message after a return was created: its RMA and state, what the
 * customer gets, and what became of the email. Caller frees. */
static char *
created_message(json_t *res)
{
	json_t *m = json_object_get(res, "money");
	const char *cur = js(res, "currency"), *rma = js(res, "rma");
	const char *st = label_for(js(res, "status"));
	const char *resol = js(res, "resolution");
	struct buf b;
	char *a;

	buf_init(&b, 4096);
	if (strcmp(resol, "credit") == 0 || (resol[0] == '\0' && ji(m, "credit") > 0)) {
		a = money(m, "credit", cur);
		buf_addf(&b, _("Return %s created (%s): store credit %s."), rma, st, a);
	} else if (ji(m, "charge") > 0) {
		a = money(m, "charge", cur);
		buf_addf(&b, _("Return %s created (%s): exchange, the customer pays %s."), rma, st, a);
	} else if (strcmp(resol, "exchange") == 0 && ji(m, "refund") > 0) {
		a = money(m, "refund", cur);
		buf_addf(&b, _("Return %s created (%s): exchange, refund %s."), rma, st, a);
	} else if (strcmp(resol, "exchange") == 0) {
		a = NULL;
		buf_addf(&b, _("Return %s created (%s): exchange at no cost."), rma, st);
	} else {
		a = money(m, "refund", cur);
		buf_addf(&b, _("Return %s created (%s): refund %s."), rma, st, a);
	}
	free(a);
	if (strcmp(js(res, "status"), "requested") == 0) {
		buf_addc(&b, ' ');
		buf_addstr(&b, _("A lead must approve it."));
	}
	add_mail_state(&b, json_object_get(res, "message"));
	return buf_take(&b);
}

static int
window_expired(struct returns_ui *r)
{
	json_t *w = json_object_get(r->quote, "window");

	if (w == NULL)
		w = json_object_get(order_of(r), "window");
	return strcmp(js(w, "state"), "expired") == 0 ||
	    strcmp(js(r->quote, "error_code"), "window_expired") == 0;
}

/* Why the quote says the return cannot be done as it stands, or NULL. The
 * window alone does not stop it once a lead gave a reason: creating it is
 * where the server checks that the reason comes from a lead. */
static const char *
quote_error(struct returns_ui *r)
{
	if (r->quote == NULL || jnull(r->quote, "error"))
		return NULL;
	if (r->override != NULL && strcmp(js(r->quote, "error_code"), "window_expired") == 0)
		return NULL;
	return js(r->quote, "error");
}

/* Enter: creates the return when the quote says it can be done. */
static enum returns_key_result
confirm(struct returns_ui *r, char **msg)
{
	json_t *p, *res;
	int k;

	if (nselected(r) == 0) {
		say(msg, "%s", _("Nothing selected: Space selects an item."));
		return RETURNS_USED;
	}
	if ((k = missing_reason(r)) >= 0) {
		say(msg, _("Pick a reason (1-9) for %s."), js(item_at(r, k), "title"));
		r->cur = k;
		return RETURNS_USED;
	}
	if (r->res == RES_EXCHANGE && r->exchange_sku == NULL) {
		open_variants(r, msg);
		return RETURNS_USED;
	}
	if (r->quote == NULL) {
		requote(r);
		if (r->quote == NULL) {
			say(msg, "%s", r->quote_err != NULL ? r->quote_err : "return.quote");
			return RETURNS_USED;
		}
	}
	if (window_expired(r) && r->override == NULL) {
		say(msg, _("Nothing was saved: %s (press o)."),
		    !jnull(r->quote, "error") ? js(r->quote, "error") :
		    _("the return window has ended"));
		return RETURNS_USED;
	}
	if (quote_error(r) != NULL) {
		say(msg, _("Nothing was saved: %s"), quote_error(r));
		return RETURNS_USED;
	}
	p = request(r);
	json_object_set_new(p, "ticket", json_integer((json_int_t)r->ticket));
	if (r->note != NULL)
		json_object_set_new(p, "note", json_string(r->note));
	if ((res = rcall(r, "return.create", p, msg)) == NULL)
		return RETURNS_USED;  /* the server's refusal is on the message line */
	if (json_object_get(res, "resolution") == NULL)
		json_object_set_new(res, "resolution", json_string(res_name[r->res]));
	free(*msg);
	*msg = created_message(res);
	json_decref(res);
	return RETURNS_CREATED;
}

static int
is_enter(wint_t ch, int is_key)
{
	return is_key ? ch == KEY_ENTER : ch == '\r' || ch == '\n';
}

static int
is_down(wint_t ch, int is_key)
{
	return is_key ? ch == KEY_DOWN : ch == 'j';
}

static int
is_up(wint_t ch, int is_key)
{
	return is_key ? ch == KEY_UP : ch == 'k';
}

/* j/k in a list of n, keeping *sel inside it. */
static int
list_key(int *sel, int n, wint_t ch, int is_key)
{
	if (is_down(ch, is_key) && *sel + 1 < n)
		(*sel)++;
	else if (is_up(ch, is_key) && *sel > 0)
		(*sel)--;
	else if (!is_down(ch, is_key) && !is_up(ch, is_key))
		return 0;
	return 1;
}

static enum returns_key_result
dialog_key(struct returns_ui *r, wint_t ch, int is_key, char **msg)
{
	int back = !is_key && (ch == 'q' || ch == 27);

	if (r->stage == ST_ORDERS) {
		if (list_key(&r->pick_sel, (int)json_array_size(json_object_get(r->options,
		    "orders")), ch, is_key))
			return RETURNS_USED;
		if (is_enter(ch, is_key)) {
			choose_order(r, msg);
			return RETURNS_USED;
		}
		if (back) {
			say(msg, "%s", _("No return was created."));
			return RETURNS_CLOSED;
		}
		return RETURNS_UNUSED;
	}
	if (r->stage == ST_VARIANTS) {
		json_t *list = json_object_get(r->variants, "variants");

		if (list_key(&r->pick_sel, (int)json_array_size(list), ch, is_key))
			return RETURNS_USED;
		if (is_enter(ch, is_key)) {
			json_t *v = json_array_get(list, (size_t)r->pick_sel);

			r->stage = ST_ITEMS;
			if (v != NULL)
				set_exchange(r, js(v, "sku"), v);
			return RETURNS_USED;
		}
		if (!is_key && ch == 's') {
			r->stage = ST_ITEMS;
			ask_sku(r);
			return RETURNS_USED;
		}
		if (back) {
			r->stage = ST_ITEMS;
			return RETURNS_USED;
		}
		return RETURNS_UNUSED;
	}
	if (is_down(ch, is_key) || is_up(ch, is_key)) {
		move_cursor(r, is_down(ch, is_key) ? 1 : -1);
		return RETURNS_USED;
	}
	if (is_enter(ch, is_key))
		return confirm(r, msg);
	if (is_key)
		return RETURNS_UNUSED;
	if (back) {
		say(msg, "%s", _("No return was created."));
		return RETURNS_CLOSED;
	}
	if (r->nitems == 0)
		return RETURNS_UNUSED;
	switch (ch) {
	case ' ':
		if (returnable(r, r->cur))
			r->picks[r->cur].sel = !r->picks[r->cur].sel;
		break;
	case '+':
	case '-': {
		struct pick *k = &r->picks[r->cur];
		long long max = ji(item_at(r, r->cur), "returnable");

		if (max <= 0)
			break;
		k->qty += ch == '+' ? 1 : -1;
		if (k->qty > max)
			k->qty = max;
		if (k->qty < 1)
			k->qty = 1;
		k->sel = 1;
		break;
	}
	case 'f':
		r->res = RES_REFUND;
		break;
	case 'c':
		r->res = RES_CREDIT;
		break;
	case 'x':
		r->res = RES_EXCHANGE;
		if (r->exchange_sku == NULL)
			open_variants(r, msg);
		break;
	case 'v':
		open_variants(r, msg);
		return RETURNS_USED;
	case 's':
		ask_sku(r);
		return RETURNS_USED;
	case 'n':
		ask(r, IN_NOTE, xasprintf(_("Note on %s: "), js(item_at(r, r->cur), "title")),
		    r->picks[r->cur].note);
		return RETURNS_USED;
	case 'N':
		ask(r, IN_RETURN_NOTE, xstrdup(_("Note on the return: ")), r->note);
		return RETURNS_USED;
	case 'o':
		ask(r, IN_OVERRIDE, xstrdup(_("Accept outside the return window (lead), reason: ")),
		    r->override);
		return RETURNS_USED;
	case 'O':
		if (json_array_size(json_object_get(r->options, "orders")) == 0)
			return RETURNS_USED;
		r->stage = ST_ORDERS;
		r->pick_sel = 0;
		r->list_top = 0;
		return RETURNS_USED;
	default:
		if (ch >= '1' && ch <= '0' + NREASONS) {
			set_reason(r, (int)(ch - '1'));
			break;
		}
		return RETURNS_UNUSED;
	}
	requote(r);
	return RETURNS_USED;
}

static const char *
resolution_text(enum resolution res)
{
	switch (res) {
	case RES_CREDIT:
		return _("store credit");
	case RES_EXCHANGE:
		return _("exchange for another variant or product");
	case RES_REFUND:
		break;
	}
	return _("refund to the original payment");
}

static void
add_line(struct lines *l, attr_t attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
add_line(struct lines *l, attr_t attr, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	lines_add(l, s, attr);
	free(s);
}

static void
window_line(struct returns_ui *r, struct lines *l)
{
	json_t *w = json_object_get(order_of(r), "window");
	const char *st = js(w, "state");
	long long days = ji(w, "days"), left = ji(w, "days_left"), over = ji(w, "days_over");

	if (strcmp(st, "expired") == 0) {
		add_line(l, A_BOLD, ngettext("Outside the return window: it ended %lld day ago "
		    "(%lld days). Needs a lead and a reason (o).", "Outside the return window: it "
		    "ended %lld days ago (%lld days). Needs a lead and a reason (o).",
		    (unsigned long)over), over, days);
		if (r->override != NULL)
			add_line(l, 0, _("A lead accepts it: %s"), r->override);
	} else if (strcmp(st, "unknown_start") == 0) {
		add_line(l, 0, ngettext("Return window: %lld day left of %lld (counted from the "
		    "order date: no shipping date known)", "Return window: %lld days left of %lld "
		    "(counted from the order date: no shipping date known)", (unsigned long)left),
		    left, days);
	} else if (st[0] != '\0') {
		add_line(l, 0, ngettext("Return window: %lld day left of %lld",
		    "Return window: %lld days left of %lld", (unsigned long)left), left, days);
	}
}

static void
item_row(struct returns_ui *r, int i, int w, struct lines *body)
{
	json_t *it = item_at(r, i);
	struct pick *k = &r->picks[i];
	const char *cur = js(order_of(r), "currency");
	int namew = w - ITEM_FIXED_COLS;
	struct buf b, name;
	char num[64], *price;
	attr_t a = 0;

	if (namew < 12)
		namew = 12;
	buf_init(&b, 8192);
	buf_init(&name, 4096);
	buf_addf(&b, "%c ", i == r->cur ? '>' : ' ');
	buf_addstr(&b, !returnable(r, i) ? " -  " : k->sel ? "[x] " : "[ ] ");
	if (k->sel)
		snprintf(num, sizeof num, "%lld/%lld", k->qty, (long long)ji(it, "returnable"));
	else
		snprintf(num, sizeof num, "-/%lld", (long long)ji(it, "returnable"));
	add_cell(&b, num, 6);
	buf_addstr(&name, js(it, "title"));
	if (js(it, "variant")[0] != '\0')
		buf_addf(&name, " (%s)", js(it, "variant"));
	if (js(it, "sku")[0] != '\0')
		buf_addf(&name, " %s", js(it, "sku"));
	if (ji(it, "open") > 0) {
		buf_addstr(&name, ", ");
		buf_addf(&name, ngettext("%lld in an open return", "%lld in open returns",
		    (unsigned long)ji(it, "open")), (long long)ji(it, "open"));
	}
	add_cell(&b, buf_str(&name), namew);
	snprintf(num, sizeof num, " %lld", (long long)ji(it, "qty"));
	add_cell(&b, num, 7);
	snprintf(num, sizeof num, " %lld", (long long)ji(it, "returned"));
	add_cell(&b, num, 9);
	price = money(it, "unit_price", cur);
	buf_addc(&b, ' ');
	add_cell(&b, price, 14);
	free(price);
	buf_addc(&b, ' ');
	add_cell(&b, k->reason >= 0 ? _(reasons[k->reason].label) : k->sel ? _("reason? (1-9)") :
	    "", 17);
	if (i == r->cur)
		a = A_REVERSE;
	else if (!returnable(r, i))
		a = A_DIM;
	lines_add(body, buf_str(&b), a);
	if (k->note != NULL && k->note[0] != '\0')
		add_line(body, 0, _("      note: %s"), k->note);
	buf_free(&b);
	buf_free(&name);
}

/* One money line: the label padded, the amount right-aligned. */
static void
money_cell(struct buf *b, const char *label, int64_t amount, int negative, const char *cur,
    int width)
{
	char *a = format_money(amount, cur), *s;
	int aw;

	s = xasprintf("%s%s", negative && amount != 0 ? "-" : "", a);
	aw = text_width(s);
	add_cell(b, label, width - aw - 1 > 4 ? width - aw - 1 : 4);
	buf_addc(b, ' ');
	buf_addstr(b, s);
	free(s);
	free(a);
}

/* The quote as two columns: how the value is computed on the left, what
 * the customer gets on the right. */
static void
money_lines(struct returns_ui *r, int w, struct lines *foot)
{
	json_t *m = json_object_get(r->quote, "money");
	const char *cur = js(r->quote, "currency");
	struct { const char *label; const char *key; int neg; attr_t attr; } left[8], right[8];
	int nl = 0, nr = 0, i, colw = w >= 84 ? 40 : (w - 4) / 2;

#define L(lab, k, n, a) do { left[nl].label = (lab); left[nl].key = (k); left[nl].neg = (n); \
	left[nl++].attr = (a); } while (0)
#define R(lab, k, n, a) do { right[nr].label = (lab); right[nr].key = (k); right[nr].neg = (n); \
	right[nr++].attr = (a); } while (0)
	L(_("Items"), "items_gross", 0, 0);
	L(_("Discounts share"), "discount_share", 1, 0);
	if (ji(m, "tax_share") != 0)
		L(_("Tax share"), "tax_share", 0, 0);
	L(_("Restocking fee"), "restocking_fee", 1, 0);
	L(_("Return shipping"), "return_shipping", 1, 0);
	if (ji(m, "shipping_refunded") != 0)
		L(_("Shipping refunded"), "shipping_refunded", 0, 0);
	L(_("Value of the return"), "value", 0, A_BOLD);
	R(_("Previous refunds"), "previous_refunds", 0, 0);
	R(_("Left to refund"), "refundable", 0, 0);
	if (r->res == RES_CREDIT) {
		R(_("Credit bonus"), "credit_bonus", 0, 0);
		R(_("Store credit"), "credit", 0, A_BOLD);
	} else if (r->res == RES_EXCHANGE) {
		R(_("Replacement"), "replacement", 0, 0);
		if (ji(m, "charge") > 0)
			R(_("Customer pays"), "charge", 0, A_BOLD);
		else
			R(_("Refund"), "refund", 0, A_BOLD);
	} else {
		R(_("Refund"), "refund", 0, A_BOLD);
	}
#undef L
#undef R
	/* The right column ends on the row of the value: the result beside
	 * what it comes from. */
	for (i = 0; i < nl || i < nr; i++) {
		int j = nl > nr ? i - (nl - nr) : i;
		struct buf b;
		attr_t a = 0;

		buf_init(&b, 4096);
		buf_addstr(&b, "  ");
		if (i < nl) {
			money_cell(&b, left[i].label, ji(m, left[i].key), left[i].neg, cur, colw);
			a |= left[i].attr;
		} else {
			add_cell(&b, "", colw);
		}
		buf_addstr(&b, "   ");
		if (j >= 0 && j < nr) {
			money_cell(&b, right[j].label, ji(m, right[j].key), right[j].neg, cur, colw);
			a |= right[j].attr;
		}
		lines_add(foot, buf_str(&b), a);
		buf_free(&b);
	}
}

static void
dialog_draw(struct returns_ui *r, int y0, int w, int h)
{
	struct lines head = { 0 }, body = { 0 }, foot = { 0 };
	json_t *c = json_object_get(r->options, "customer"), *o = order_of(r), *v;
	int sel = -1, namew = w - ITEM_FIXED_COLS, k;
	size_t i;
	char *a, *b2;

	if (r->stage == ST_ORDERS) {
		add_line(&head, A_BOLD, _("Return for %s: which order? (j/k, Enter; q cancels)"),
		    js(c, "name")[0] != '\0' ? js(c, "name") : js(c, "email"));
		lines_add(&head, "", 0);
		json_array_foreach(json_object_get(r->options, "orders"), i, v) {
			char *units = xasprintf(ngettext("(%lld unit can be returned)",
			    "(%lld units can be returned)", (unsigned long)ji(v, "returnable")),
			    (long long)ji(v, "returnable"));

			a = format_date(ji(v, "placed_at"));
			b2 = money(v, "total", js(v, "currency"));
			add_line(&body, (int)i == r->pick_sel ? A_REVERSE : 0, "%c %s  %s  %s  %s",
			    (int)i == r->pick_sel ? '>' : ' ', js(v, "number"), a, b2, units);
			free(units);
			free(a);
			free(b2);
		}
		draw_parts(&head, &body, r->pick_sel, &r->list_top, &foot, y0, w, h);
		goto out;
	}
	if (r->stage == ST_VARIANTS) {
		const char *cur;

		json_t *from = item_at(r, r->exchange_item);

		add_line(&head, A_BOLD, _("Exchange %s (%s) %s for: (j/k, Enter picks; s types a SKU; "
		    "q back)"), js(from, "title"), js(from, "variant"), js(from, "sku"));
		lines_add(&head, "", 0);
		json_array_foreach(json_object_get(r->variants, "variants"), i, v) {
			int same = sold_in_order_currency(r, v);
			struct buf vb;

			cur = js(v, "currency")[0] != '\0' ? js(v, "currency") :
			    js(order_of(r), "currency");
			a = money(v, "unit_price", cur);
			buf_init(&vb, 4096);
			buf_addstr(&vb, (int)i == r->pick_sel ? "> " : "  ");
			add_cell(&vb, js(v, "sku"), 18);
			buf_addf(&vb, "%s (%s)  %s", js(v, "title"), js(v, "variant"), a);
			if (same)
				lines_add(&body, buf_str(&vb), (int)i == r->pick_sel ? A_REVERSE : 0);
			else
				add_line(&body, (int)i == r->pick_sel ? A_REVERSE : A_DIM,
				    _("%s  (not sold in %s)"), buf_str(&vb), js(order_of(r), "currency"));
			buf_free(&vb);
			free(a);
		}
		draw_parts(&head, &body, r->pick_sel, &r->list_top, &foot, y0, w, h);
		goto out;
	}
	a = format_date(ji(o, "placed_at"));
	add_line(&head, A_BOLD, _("Return of order %s of %s for %s, ticket #%lld"),
	    js(o, "number"), a, js(c, "name")[0] != '\0' ? js(c, "name") : js(c, "email"),
	    r->ticket);
	free(a);
	window_line(r, &head);
	{
		struct buf hb;

		if (namew < 12)
			namew = 12;
		buf_init(&hb, 4096);
		buf_addstr(&hb, "      ");
		add_cell(&hb, _("Qty"), 6);
		add_cell(&hb, _("Item"), namew);
		add_cell(&hb, _(" Bought"), 7);
		add_cell(&hb, _(" Returned"), 9);
		buf_addc(&hb, ' ');
		add_cell(&hb, _("Price"), 14);
		buf_addc(&hb, ' ');
		add_cell(&hb, _("Reason"), 17);
		lines_add(&head, buf_str(&hb), A_UNDERLINE);
		buf_free(&hb);
	}
	for (k = 0; k < r->nitems; k++) {
		if (k == r->cur)
			sel = body.n;
		item_row(r, k, w, &body);
	}
	if (r->nitems == 0)
		lines_add(&body, _("  This order has no items."), 0);
	lines_add(&foot, "", 0);
	add_line(&foot, A_BOLD, _("Resolution: %s  (f refund, c store credit, x exchange)"),
	    resolution_text(r->res));
	if (r->res == RES_EXCHANGE) {
		if (r->exchange_sku == NULL)
			lines_add(&foot, _("Replacement: none yet (Enter or v picks a variant, s types a SKU)"), 0);
		else if (r->replacement != NULL)
			add_line(&foot, 0, _("Replacement: %s %s (%s)"), r->exchange_sku,
			    js(r->replacement, "title"), js(r->replacement, "variant"));
		else
			add_line(&foot, 0, _("Replacement: %s"), r->exchange_sku);
	}
	{
		struct buf rb;

		buf_init(&rb, 4096);
		buf_addstr(&rb, _("Reasons:"));
		for (k = 0; k < NREASONS; k++)
			buf_addf(&rb, "  %d %s", k + 1, _(reasons[k].label));
		lines_wrap(&foot, buf_str(&rb), w, A_DIM, "");
		buf_free(&rb);
	}
	if (r->note != NULL)
		add_line(&foot, 0, _("Note: %s"), r->note);
	lines_add(&foot, "", 0);
	if (r->quote != NULL) {
		money_lines(r, w, &foot);
		if (quote_error(r) != NULL)
			add_line(&foot, A_BOLD, "! %s", quote_error(r));
		else if (json_is_true(json_object_get(r->quote, "needs_lead")))
			lines_add(&foot, _("A lead must approve this return (above the limit)."),
			    A_BOLD);
	} else if (r->quote_err != NULL) {
		add_line(&foot, A_BOLD, "! %s", r->quote_err);
	} else if (nselected(r) == 0) {
		lines_add(&foot, _("Space selects an item, 1-9 gives the reason, Enter creates "
		    "the return."), 0);
	} else if ((k = missing_reason(r)) >= 0) {
		add_line(&foot, A_BOLD, _("Pick a reason (1-9) for %s."), js(item_at(r, k), "title"));
	}
	draw_parts(&head, &body, sel, &r->item_top, &foot, y0, w, h);
out:
	lines_clear(&head);
	lines_clear(&body);
	lines_clear(&foot);
}

static struct returns_ui *
dialog_open(struct returns_ui *r, long long ticket, int exchange, char **msg)
{
	r->ticket = ticket;
	r->res = exchange ? RES_EXCHANGE : RES_REFUND;
	r->options = rcall(r, "return.options", json_pack("{s:I}", "ticket", (json_int_t)ticket),
	    msg);
	if (r->options == NULL)
		return NULL;
	if (json_is_object(order_of(r))) {
		load_items(r);
	} else if (json_array_size(json_object_get(r->options, "orders")) > 0) {
		r->stage = ST_ORDERS;
	} else {
		say(msg, "%s", _("This customer has no order with items that can still be "
		    "returned."));
		return NULL;
	}
	return r;
}

/* ------------------------------------------------------------- the view */

static const char *const state_order[] = {
	"requested", "approved", "in_transit", "received", "refunded", "credited", "exchanged",
	NULL,
};

static int
state_rank(const char *s)
{
	int i;

	for (i = 0; state_order[i] != NULL; i++)
		if (strcmp(state_order[i], s) == 0)
			return i;
	return i;
}

static int
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, j;

	if (n == 0)
		return 1;
	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < n && hay[i + j] != '\0'; j++) {
			char a = hay[i + j], b = needle[j];

			if (a >= 'a' && a <= 'z')
				a = (char)(a - 'a' + 'A');
			if (b >= 'a' && b <= 'z')
				b = (char)(b - 'a' + 'A');
			if (a != b)
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

/* A return's order as people know it: return.list gives the number. */
static const char *
order_number(json_t *rt)
{
	json_t *o = json_object_get(rt, "order");

	if (json_is_object(o))
		return js(o, "number");
	return json_is_string(o) ? json_string_value(o) : "";
}

static json_t *
shown_at(struct returns_ui *r, int i)
{
	if (i < 0 || i >= r->nshown)
		return NULL;
	return json_array_get(r->list, (size_t)r->shown[i]);
}

/* The RMA selected in the list, copied (caller frees). */
static char *
selected_rma(struct returns_ui *r)
{
	return xstrdup(js(shown_at(r, r->sel), "rma"));
}

/* The returns the filter lets through, by state, then oldest first (the
 * order return.list gives them in within a state); the selection stays on
 * return was when it is still there. */
static void
view_filter(struct returns_ui *r, const char *was)
{
	size_t n = json_array_size(r->list), i;
	int a, b;

	free(r->shown);
	r->shown = xcalloc(n + 1, sizeof *r->shown);
	r->nshown = 0;
	for (i = 0; i < n; i++)
		if (contains_ci(js(json_array_get(r->list, i), "rma"), r->filter))
			r->shown[r->nshown++] = (int)i;
	for (a = 1; a < r->nshown; a++)
		for (b = a; b > 0 && state_rank(js(json_array_get(r->list, (size_t)r->shown[b - 1]),
		    "status")) > state_rank(js(json_array_get(r->list, (size_t)r->shown[b]),
		    "status")); b--) {
			int t = r->shown[b];

			r->shown[b] = r->shown[b - 1];
			r->shown[b - 1] = t;
		}
	r->sel = 0;
	for (a = 0; a < r->nshown; a++)
		if (strcmp(js(shown_at(r, a), "rma"), was) == 0)
			r->sel = a;
}

static void
view_refilter(struct returns_ui *r)
{
	char *was = selected_rma(r);

	view_filter(r, was);
	free(was);
}

static int
view_load(struct returns_ui *r, char **msg)
{
	json_t *res = rcall(r, "return.list", json_pack("{s:b}", "open", 1), msg);
	char *was;

	if (res == NULL)
		return -1;
	was = selected_rma(r);
	json_decref(r->list);
	r->list = json_incref(json_object_get(res, "returns"));
	if (!json_is_array(r->list)) {
		json_decref(r->list);
		r->list = json_array();
	}
	json_decref(res);
	view_filter(r, was);
	free(was);
	return 0;
}

static void
show_detail(struct returns_ui *r, const char *rma, char **msg)
{
	json_t *res = rcall(r, "return.show", json_pack("{s:s}", "rma", rma), msg);

	if (res == NULL)
		return;
	json_decref(r->detail);
	r->detail = res;
	r->detail_top = 0;
}

/* Runs a step (return.act) on return rma; the list and the detail follow. */
static void
view_act(struct returns_ui *r, const char *rma, const char *action, const char *note,
    char **msg)
{
	json_t *p = json_pack("{s:s,s:s}", "rma", rma, "action", action), *res;
	char *keep = xstrdup(rma);

	if (p != NULL && note != NULL && note[0] != '\0')
		json_object_set_new(p, "note", json_string(note));
	if ((res = rcall(r, "return.act", p, msg)) != NULL) {
		struct buf b;

		buf_init(&b, 4096);
		buf_addf(&b, _("%s is now %s."), js(res, "rma")[0] != '\0' ? js(res, "rma") : keep,
		    label_for(js(res, "status")));
		add_mail_state(&b, json_object_get(res, "message"));
		free(*msg);
		*msg = buf_take(&b);
		json_decref(res);
		view_load(r, NULL);
		if (r->detail != NULL)
			show_detail(r, keep, NULL);
	}
	free(keep);
}

static const char *
act_for_key(wint_t ch)
{
	switch (ch) {
	case 'a':
		return "approve";
	case 'l':
		return "label_sent";
	case 'r':
		return "receive";
	case 'f':
		return "refund";
	case 'c':
		return "credit";
	case 'x':
		return "exchange";
	case 'd':
		return "close";
	}
	return NULL;
}

static void
ask_act(struct returns_ui *r, const char *rma, const char *action)
{
	free(r->act_rma);
	r->act_rma = xstrdup(rma);
	r->act_action = action;
	ask(r, IN_ACT, strcmp(action, "reject") == 0 ?
	    xasprintf(_("Reject %s? Reason (Enter rejects it, Esc keeps it): "), rma) :
	    xasprintf(_("Cancel %s? Reason (Enter cancels it, Esc keeps it): "), rma), NULL);
}

static enum returns_key_result
view_key(struct returns_ui *r, wint_t ch, int is_key, char **msg)
{
	const char *act;
	json_t *cur;

	if (r->detail != NULL) {
		const char *rma = js(json_object_get(r->detail, "return"), "rma");
		char *keep;

		if (is_key && (ch == KEY_DOWN || ch == KEY_NPAGE))
			r->detail_top += ch == KEY_DOWN ? 1 : 10;
		else if (is_key && (ch == KEY_UP || ch == KEY_PPAGE))
			r->detail_top -= ch == KEY_UP ? 1 : 10;
		else if (!is_key && (ch == 'q' || ch == 27)) {
			json_decref(r->detail);
			r->detail = NULL;
		} else if (!is_key && (ch == 'j' || ch == 'k'))
			ask_act(r, rma, ch == 'j' ? "reject" : "cancel");
		else if (!is_key && (act = act_for_key(ch)) != NULL) {
			keep = xstrdup(rma);
			view_act(r, keep, act, NULL, msg);
			free(keep);
		} else
			return RETURNS_UNUSED;
		if (r->detail_top < 0)
			r->detail_top = 0;
		return RETURNS_USED;
	}
	cur = shown_at(r, r->sel);
	if (list_key(&r->sel, r->nshown, ch, is_key))
		return RETURNS_USED;
	if (is_key && (ch == KEY_NPAGE || ch == KEY_PPAGE)) {
		r->sel += ch == KEY_NPAGE ? 10 : -10;
		if (r->sel >= r->nshown)
			r->sel = r->nshown - 1;
		if (r->sel < 0)
			r->sel = 0;
		return RETURNS_USED;
	}
	if (is_enter(ch, is_key)) {
		if (cur == NULL)
			say(msg, "%s", _("No return is selected."));
		else
			show_detail(r, js(cur, "rma"), msg);
		return RETURNS_USED;
	}
	if ((is_key && ch == KEY_BACKSPACE) || (!is_key && (ch == 127 || ch == 8))) {
		size_t n = strlen(r->filter);

		if (n > 0)
			r->filter[n - 1] = '\0';
		view_refilter(r);
		return RETURNS_USED;
	}
	if (is_key)
		return RETURNS_UNUSED;
	if ((ch >= '0' && ch <= '9') || ch == '-') {
		size_t n = strlen(r->filter);

		if (n < FILTER_MAX) {
			r->filter[n] = (char)ch;
			r->filter[n + 1] = '\0';
		}
		view_refilter(r);
		return RETURNS_USED;
	}
	if (ch == '/') {
		ask(r, IN_FILTER, xstrdup(_("Find RMA: ")), r->filter);
		return RETURNS_USED;
	}
	if (ch == 27 && r->filter[0] != '\0') {
		r->filter[0] = '\0';
		view_refilter(r);
		return RETURNS_USED;
	}
	if (ch == 'q' || ch == 27)
		return RETURNS_CLOSED;
	if ((act = act_for_key(ch)) != NULL) {
		char *keep;

		if (cur == NULL) {
			say(msg, "%s", r->filter[0] != '\0' ? _("No open return matches that RMA.") :
			    _("No return is selected."));
			return RETURNS_USED;
		}
		keep = xstrdup(js(cur, "rma"));
		view_act(r, keep, act, NULL, msg);
		free(keep);
		return RETURNS_USED;
	}
	return RETURNS_UNUSED;
}

/* The next steps of a return in its state, as keys (translated). In the
 * list j and k move, so rejecting and cancelling are in the detail only. */
static const char *
next_steps(const char *status, const char *resolution, int detail)
{
	if (strcmp(status, "requested") == 0)
		return detail ? _("a approve, j reject, k cancel") :
		    _("a approve (Enter: reject, cancel)");
	if (strcmp(status, "approved") == 0)
		return detail ? _("l label sent, r receive, j reject, k cancel") :
		    _("l label sent, r receive (Enter: reject, cancel)");
	if (strcmp(status, "in_transit") == 0)
		return detail ? _("r receive, k cancel") : _("r receive (Enter: cancel)");
	if (strcmp(status, "received") == 0)
		return strcmp(resolution, "credit") == 0 ? _("c store credit") :
		    strcmp(resolution, "exchange") == 0 ? _("x exchange") : _("f refund");
	if (strcmp(status, "refunded") == 0 || strcmp(status, "credited") == 0 ||
	    strcmp(status, "exchanged") == 0)
		return _("d close");
	return "";
}

static void
detail_lines(struct returns_ui *r, int w, struct lines *l)
{
	json_t *rt = json_object_get(r->detail, "return"), *c = json_object_get(rt, "customer");
	json_t *m = json_object_get(rt, "breakdown"), *v;
	const char *cur = js(rt, "currency");
	char *a, *b, *t;
	size_t i;

	add_line(l, A_BOLD, _("%s  %s, %s (%s)  (q back)"), js(rt, "rma"),
	    label_for(js(rt, "status")), label_for(js(rt, "resolution")), label_for(js(rt, "kind")));
	if (jnull(rt, "ticket"))
		t = xasprintf(_("Customer %s <%s>, order %s"), js(c, "name"), js(c, "email"),
		    order_number(rt));
	else
		t = xasprintf(_("Customer %s <%s>, order %s, ticket #%lld"), js(c, "name"),
		    js(c, "email"), order_number(rt), (long long)ji(rt, "ticket"));
	lines_wrap(l, t, w, 0, "");
	free(t);
	a = format_time(ji(rt, "created_at"));
	b = format_time(ji(rt, "updated_at"));
	add_line(l, 0, ngettext("Created %s, changed %s, %lld day old",
	    "Created %s, changed %s, %lld days old", (unsigned long)ji(rt, "age_days")), a, b,
	    (long long)ji(rt, "age_days"));
	free(a);
	free(b);
	a = money(rt, "value", cur);
	b = money(rt, strcmp(js(rt, "resolution"), "credit") == 0 ? "credit" : "refund", cur);
	add_line(l, 0, strcmp(js(rt, "resolution"), "credit") == 0 ?
	    _("Value %s, store credit %s") : _("Value %s, refund %s"), a, b);
	free(a);
	free(b);
	if (js(rt, "note")[0] != '\0') {
		t = xasprintf(_("Note: %s"), js(rt, "note"));
		lines_wrap(l, t, w, 0, "");
		free(t);
	}
	if (js(rt, "override_reason")[0] != '\0') {
		t = xasprintf(_("Accepted outside the window: %s"), js(rt, "override_reason"));
		lines_wrap(l, t, w, 0, "");
		free(t);
	}
	t = xasprintf(_("Next: %s"), next_steps(js(rt, "status"), js(rt, "resolution"), 1));
	lines_add(l, t, A_BOLD);
	free(t);
	lines_add(l, "", 0);
	lines_add(l, _("Items"), A_BOLD);
	json_array_foreach(json_object_get(rt, "items"), i, v) {
		struct buf ib;

		buf_init(&ib, 8192);
		buf_addf(&ib, "  %lld x %s", (long long)ji(v, "qty"), js(v, "title"));
		if (js(v, "variant")[0] != '\0')
			buf_addf(&ib, " (%s)", js(v, "variant"));
		buf_addf(&ib, " %s: %s", js(v, "sku"), reason_label(js(v, "reason")));
		if (js(v, "note")[0] != '\0')
			buf_addf(&ib, " (%s)", js(v, "note"));
		if (js(v, "condition")[0] != '\0')
			buf_addf(&ib, _(", condition %s"), js(v, "condition"));
		if (js(v, "exchange_sku")[0] != '\0')
			buf_addf(&ib, _(", exchange for %s"), js(v, "exchange_sku"));
		lines_wrap(l, buf_str(&ib), w, 0, "");
		buf_free(&ib);
	}
	if (json_object_size(m) > 0) {
		static const struct { const char *key, *label; int neg; } rows[] = {
			{ "items_gross", N_("Items"), 0 },
			{ "discount_share", N_("Discounts share"), 1 },
			{ "tax_share", N_("Tax share"), 0 },
			{ "restocking_fee", N_("Restocking fee"), 1 },
			{ "return_shipping", N_("Return shipping"), 1 },
			{ "shipping_refunded", N_("Shipping refunded"), 0 },
			{ "value", N_("Value of the return"), 0 },
			{ "previous_refunds", N_("Previous refunds"), 0 },
			{ "credit_bonus", N_("Credit bonus"), 0 },
			{ "refund", N_("Refund"), 0 },
			{ "credit", N_("Store credit"), 0 },
			{ "replacement", N_("Replacement"), 0 },
			{ "charge", N_("Customer pays"), 0 },
		};
		size_t k;

		lines_add(l, "", 0);
		lines_add(l, _("How it was computed"), A_BOLD);
		for (k = 0; k < sizeof rows / sizeof rows[0]; k++) {
			struct buf mb;

			if (ji(m, rows[k].key) == 0 && strcmp(rows[k].key, "value") != 0 &&
			    strcmp(rows[k].key, "items_gross") != 0)
				continue;
			buf_init(&mb, 4096);
			buf_addstr(&mb, "  ");
			money_cell(&mb, _(rows[k].label), ji(m, rows[k].key), rows[k].neg, cur, 40);
			lines_add(l, buf_str(&mb), 0);
			buf_free(&mb);
		}
	}
	if (json_array_size(json_object_get(r->detail, "history")) > 0) {
		lines_add(l, "", 0);
		lines_add(l, _("History"), A_BOLD);
	}
	json_array_foreach(json_object_get(r->detail, "history"), i, v) {
		json_t *d = json_object_get(v, "detail");
		struct buf hb;

		buf_init(&hb, 8192);
		a = format_time(ji(v, "at"));
		buf_addf(&hb, "  %s  %s  ", a, js(v, "by"));
		if (!jnull(d, "from") && !jnull(d, "to"))
			buf_addf(&hb, "%s: %s -> %s", js(d, "action"), label_for(js(d, "from")),
			    label_for(js(d, "to")));
		else if (strcmp(js(v, "action"), "return.create") == 0)
			buf_addstr(&hb, _("created"));
		else
			buf_addstr(&hb, js(v, "action"));
		if (js(d, "note")[0] != '\0')
			buf_addf(&hb, " (%s)", js(d, "note"));
		lines_wrap(l, buf_str(&hb), w, 0, "");
		buf_free(&hb);
		free(a);
	}
}

static void
view_draw(struct returns_ui *r, int y0, int w, int h)
{
	struct lines head = { 0 }, body = { 0 }, foot = { 0 };
	int resw = w >= 100 ? 15 : 0, i, sel = -1;
	int custw = w - 2 - 16 - 12 - 5 - 9 - resw - 15 - 1;
	int counts[8] = { 0 };
	size_t k;
	json_t *v;
	struct buf b;

	if (r->detail != NULL) {
		detail_lines(r, w, &body);
		draw_parts(&head, &body, -1, &r->detail_top, &foot, y0, w, h);
		lines_clear(&body);
		return;
	}
	json_array_foreach(r->list, k, v)
		counts[state_rank(js(v, "status"))]++;
	buf_init(&b, 4096);
	buf_addf(&b, ngettext("%zu open return", "%zu open returns", json_array_size(r->list)),
	    json_array_size(r->list));
	for (i = 0; state_order[i] != NULL; i++)
		if (counts[i] > 0)
			buf_addf(&b, "  %s %d", label_for(state_order[i]), counts[i]);
	lines_add(&head, buf_str(&b), A_BOLD);
	buf_reset(&b);
	if (r->filter[0] != '\0')
		buf_addf(&b, _("Find RMA: %s   (Backspace erases, Esc clears)"), r->filter);
	else
		buf_addstr(&b, _("Type digits of an RMA number to find it; Enter shows the detail."));
	lines_add(&head, buf_str(&b), 0);
	buf_reset(&b);
	if (custw < 10)
		custw = 10;
	buf_addstr(&b, "  ");
	add_cell(&b, _("RMA"), 16);
	add_cell(&b, _("State"), 12);
	add_cell(&b, _("Days"), 5);
	add_cell(&b, _("Customer"), custw);
	add_cell(&b, _(" Order"), 9);
	add_cell(&b, _("Resolution"), resw);
	add_cell(&b, _("Amount"), 15);
	lines_add(&head, buf_str(&b), A_UNDERLINE);
	for (i = 0; i < r->nshown; i++) {
		json_t *rt = shown_at(r, i), *c = json_object_get(rt, "customer");
		char num[32], *amt;

		buf_reset(&b);
		buf_addstr(&b, i == r->sel ? "> " : "  ");
		add_cell(&b, js(rt, "rma"), 16);
		add_cell(&b, label_for(js(rt, "status")), 12);
		snprintf(num, sizeof num, "%lld", (long long)ji(rt, "age_days"));
		add_cell(&b, num, 5);
		add_cell(&b, js(c, "name")[0] != '\0' ? js(c, "name") : js(c, "email"), custw);
		buf_addc(&b, ' ');
		add_cell(&b, order_number(rt), 8);
		add_cell(&b, label_for(js(rt, "resolution")), resw);
		amt = money(rt, "value", js(rt, "currency"));
		add_cell(&b, amt, 15);
		free(amt);
		if (i == r->sel)
			sel = body.n;
		lines_add(&body, buf_str(&b), i == r->sel ? A_REVERSE : 0);
	}
	if (r->nshown == 0)
		lines_add(&body, r->filter[0] != '\0' ? _("  No open return matches that RMA.") :
		    _("  There are no open returns."), 0);
	else if (shown_at(r, r->sel) != NULL) {
		json_t *rt = shown_at(r, r->sel);

		lines_add(&foot, "", 0);
		buf_reset(&b);
		buf_addf(&b, _("%s: next %s"), js(rt, "rma"), next_steps(js(rt, "status"),
		    js(rt, "resolution"), 0));
		lines_add(&foot, buf_str(&b), A_BOLD);
	}
	buf_free(&b);
	draw_parts(&head, &body, sel, &r->top, &foot, y0, w, h);
	lines_clear(&head);
	lines_clear(&body);
	lines_clear(&foot);
}

/* ------------------------------------------------------------ the screen */

struct returns_ui *
returns_ui_open(struct client *c, enum returns_kind kind, long long ticket, char **msg)
{
	struct returns_ui *r = xcalloc(1, sizeof *r);

	r->c = c;
	if (kind == RETURNS_VIEW) {
		r->screen = SCR_VIEW;
		if (view_load(r, msg) != 0)
			returns_ui_free(&r);
		return r;
	}
	r->screen = SCR_DIALOG;
	if (dialog_open(r, ticket, kind == RETURNS_EXCHANGE, msg) == NULL)
		returns_ui_free(&r);
	return r;
}

/* A line typed for the screen is done. */
static void
input_done(struct returns_ui *r, char *line, char **msg)
{
	char *s = line, *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	switch (r->input) {
	case IN_NOTE:
		free(r->picks[r->cur].note);
		r->picks[r->cur].note = s[0] != '\0' ? xstrdup(s) : NULL;
		requote(r);
		break;
	case IN_RETURN_NOTE:
		free(r->note);
		r->note = s[0] != '\0' ? xstrdup(s) : NULL;
		break;
	case IN_SKU:
		set_exchange(r, s, NULL);
		break;
	case IN_OVERRIDE:
		free(r->override);
		r->override = s[0] != '\0' ? xstrdup(s) : NULL;
		requote(r);
		break;
	case IN_FILTER:
		snprintf(r->filter, sizeof r->filter, "%s", s);
		view_refilter(r);
		break;
	case IN_ACT:
		if (r->act_rma != NULL)
			view_act(r, r->act_rma, r->act_action, s, msg);
		break;
	case IN_NONE:
		break;
	}
	r->input = IN_NONE;
}

enum returns_key_result
returns_ui_key(struct returns_ui *r, wint_t ch, int is_key, char **msg)
{
	if (r->cmd.active) {
		enum cmdline_result cr = cmdline_key(&r->cmd, ch, is_key);

		if (cr == CMDLINE_DONE) {
			char *line = cmdline_take(&r->cmd);

			input_done(r, line, msg);
			free(line);
		} else if (cr == CMDLINE_CANCEL) {
			if (r->input == IN_ACT)
				say(msg, _("%s is unchanged."), r->act_rma);
			r->input = IN_NONE;
		}
		return RETURNS_USED;
	}
	return r->screen == SCR_VIEW ? view_key(r, ch, is_key, msg) :
	    dialog_key(r, ch, is_key, msg);
}

void
returns_ui_draw(struct returns_ui *r, int y0, int w, int h)
{
	if (h <= 0 || w <= 0)
		return;
	if (r->screen == SCR_VIEW)
		view_draw(r, y0, w, h);
	else
		dialog_draw(r, y0, w, h);
}

struct cmdline *
returns_ui_cmdline(struct returns_ui *r)
{
	return r != NULL && r->cmd.active ? &r->cmd : NULL;
}

const char *
returns_ui_hints(struct returns_ui *r)
{
	if (r->screen == SCR_VIEW)
		return r->detail != NULL ?
		    _("a:approve l:label r:receive f/c/x:refund/credit/exchange d:close j:reject k:cancel q:back") :
		    _("0-9:find RMA  Enter:detail  a:approve l:label r:receive f/c/x:pay d:close  q:back");
	if (r->stage == ST_ORDERS)
		return _("j/k:move  Enter:pick the order  q:cancel");
	if (r->stage == ST_VARIANTS)
		return _("j/k:move  Enter:exchange for it  s:type a SKU  q:back");
	return _("Space:select +/-:qty 1-9:reason n:note f/c/x:refund/credit/exchange Enter:create q:cancel");
}

void
returns_ui_changed(struct returns_ui *r)
{
	if (r == NULL || r->screen != SCR_VIEW)
		return;
	view_load(r, NULL);
	if (r->detail != NULL) {
		char *rma = xstrdup(js(json_object_get(r->detail, "return"), "rma"));

		show_detail(r, rma, NULL);
		free(rma);
	}
}

void
returns_ui_free(struct returns_ui **rp)
{
	struct returns_ui *r = *rp;

	if (r == NULL)
		return;
	picks_free(r);
	json_decref(r->options);
	json_decref(r->replacement);
	json_decref(r->variants);
	json_decref(r->quote);
	json_decref(r->list);
	json_decref(r->detail);
	free(r->quote_err);
	free(r->exchange_sku);
	free(r->note);
	free(r->override);
	free(r->shown);
	free(r->act_rma);
	free(r->prompt);
	history_free(&r->hist);
	free(r);
	*rp = NULL;
}

void
returns_help(struct lines *l)
{
	lines_add(l, "", 0);
	lines_add(l, _("In the return dialog (R; X starts it as an exchange)"), A_BOLD);
	lines_add(l, _("  j k          move between the items that can be returned"), 0);
	lines_add(l, _("  Space        select the item (all its returnable units) or unselect it"), 0);
	lines_add(l, _("  + -          one unit more or less"), 0);
	lines_add(l, _("  1-9          reason, for this item and each selected one without a reason:"), 0);
	lines_add(l, _("               1 defective  2 not as described  3 wrong item  4 unwanted"), 0);
	lines_add(l, _("               5 size too small  6 size too large  7 style  8 colour  9 other"), 0);
	lines_add(l, _("  n N          a note on the item, on the whole return"), 0);
	lines_add(l, _("  f c x        refund to the original payment, store credit, exchange"), 0);
	lines_add(l, _("  v s          exchange for a variant of the product, for a SKU typed"), 0);
	lines_add(l, _("  o            accept it outside the return window (a lead, with a reason)"), 0);
	lines_add(l, _("  O            pick another of the customer's orders"), 0);
	lines_add(l, _("  Enter        create the return; q or Esc cancels"), 0);
	lines_add(l, "", 0);
	lines_add(l, _("In the returns view (V)"), A_BOLD);
	lines_add(l, _("  0-9 -        find by RMA number (Backspace erases; / types any text)"), 0);
	lines_add(l, _("  j k  Enter   move; show the return, how it was computed and its history"), 0);
	lines_add(l, _("  a l r        approve, label sent, received"), 0);
	lines_add(l, _("  f c x  d     refund, store credit or exchange (as resolved), close"), 0);
	lines_add(l, _("  j k          in the detail: reject, cancel (each asks for a reason)"), 0);
	lines_add(l, _("  q            back"), 0);
}
