/* push.c: see push.h. Everything the shop is sent is built with jansson;
 * everything it answers is treated as untrusted text (sanitised, cut to
 * one line) before it is stored or shown.
 *
 * One attempt at a return is up to ROUNDS rounds of "look, then create if
 * absent". A round that ends in doubt (network trouble, a timeout, 429,
 * 5xx, an answer without an id) is followed, after a pause, by another
 * look, never by a blind second create: that is what makes a lost answer
 * harmless. An answer that says no (4xx, Shopify userErrors) ends the
 * attempt at once. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "core/audit.h"
#include "db/db.h"
#include "mail/remote.h"
#include "net/http.h"
#include "store/push.h"
#include "store/store.h"
#include "util/format.h"
#include "util/hash.h"
#include "util/i18n.h"
#include "util/jsonget.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define ROUNDS 3          /* look-then-create rounds per attempt */
#define WAIT_CAP 60       /* seconds: the longest the shop can make us wait */
#define REFUND_PAGES 20   /* WooCommerce: pages of 100 refunds looked through */
#define MAX_DUE 500       /* returns per run */
#define MAX_LINES 100     /* Shopify: line items read to match by SKU */

static const char SQL_MARK_FIND[] =
	"SELECT s.kind, s.name FROM returns r JOIN orders o ON o.id = r.order_id"
	" JOIN sources s ON s.id = o.source_id"
	" WHERE r.id = ?1 AND r.shop_state = 'manual' AND s.folder = ''"
	" AND coalesce(o.external_id, '') != ''";
static const char SQL_MARK[] =
	"UPDATE returns SET shop_state = 'pending', shop_ref = NULL, shop_error = NULL"
	" WHERE id = ?1 AND shop_state = 'manual'";
/* Failed attempts are counted from the audit log: the schema has no
 * column for them, and the log keeps each one's reason anyway. */
static const char SQL_DUE[] =
	"SELECT r.id, r.rma, r.resolution, r.currency, r.value, r.credit_amount, r.charge,"
	" coalesce(o.external_id, ''), o.currency,"
	" coalesce((SELECT x.number FROM orders x WHERE x.id = r.replacement_order_id), ''),"
	" (SELECT count(*) FROM audit_log a WHERE a.object_type = 'return'"
	"  AND a.object_id = CAST(r.id AS TEXT) AND a.action = 'return.push_failed'),"
	" r.shop_state"
	" FROM returns r JOIN orders o ON o.id = r.order_id JOIN sources s ON s.id = o.source_id"
	" WHERE s.kind = ?1 AND s.name = ?2 AND s.folder = ''"
	" AND r.shop_state IN ('pending', 'failed')"
	" AND r.status IN ('refunded', 'credited', 'exchanged', 'closed')"
	" ORDER BY r.shop_state = 'failed', r.id";
static const char SQL_LINES[] =
	"SELECT oi.sku, ri.qty, coalesce(ri.restock, 0), oi.unit_price, oi.discount, oi.qty"
	" FROM return_items ri JOIN order_items oi ON oi.id = ri.order_item_id"
	" WHERE ri.return_id = ?1 ORDER BY ri.id";
static const char SQL_OUTCOME[] =
	"UPDATE returns SET shop_state = ?2, shop_ref = ?3, shop_error = ?4"
	" WHERE id = ?1 AND shop_state IN ('pending', 'failed')";

/* The shop's view of an order is looked up by id; these fetch what the
 * look needs in one query: the refunds (their notes carry the RMA), the
 * order's own note, and the line items to match by SKU. */
static const char Q_LOOK[] =
	"query PushLook($id: ID!, $lines: Int!) { order(id: $id) { id note"
	" refunds(first: 100) { id note }"
	" lineItems(first: $lines) { nodes { id sku quantity } pageInfo { hasNextPage } } } }";
static const char M_REFUND[] =
	"mutation PushRefund($input: RefundInput!) { refundCreate(input: $input) {"
	" refund { id } userErrors { field message } } }";
/* From 2026-01 refundCreate takes an idempotency key (mandatory from
 * 2026-04): the shop itself then answers a repeated create with the first
 * one's refund, which covers what a look cannot, a create still running
 * when the look is made. */
static const char M_REFUND_KEYED[] =
	"mutation PushRefund($input: RefundInput!, $key: String!) {"
	" refundCreate(input: $input) @idempotent(key: $key) {"
	" refund { id } userErrors { field message } } }";
static const char M_NOTE[] =
	"mutation PushNote($input: OrderInput!) { orderUpdate(input: $input) {"
	" order { id } userErrors { field message } } }";

enum { ASK_OK, ASK_AGAIN, ASK_REFUSED };

/* One returned item, and the part of the return's value it stands for. */
struct line {
	char *sku;
	int64_t qty, weight, share;
	int restock;
};

struct due {
	int64_t id, value, credit, charge;
	int failures, failed;
	char rma[40], resolution[16], currency[8];
	char *ext, *order_currency, *replacement;
	struct line *lines;
	size_t nlines;
};

/* What one attempt came to. */
struct outcome {
	char *ref;    /* the shop's record: "refund/7", "note/12", a Shopify gid */
	int found;    /* it was there already */
	char *extra;  /* a remark for the report line, or NULL */
	char *msg;    /* why it failed */
};

struct pusher {
	const struct config_store *s;
	struct http_opts ho;
	char *key;    /* WooCommerce "consumer_key\0consumer_secret"; a secret */
	char *header; /* Shopify "X-Shopify-Access-Token: ..."; a secret */
	char *gql;    /* Shopify's GraphQL endpoint */
	int shopify;
	int keyed;    /* Shopify: the API version takes @idempotent */
};

/* minor units of cur as the plain decimal the APIs take: 1234 EUR "12.34".
 * Caller frees. */
static char *
decimal(int64_t minor, const char *cur)
{
	int d = money_decimals(cur), i;
	int64_t p = 1;

	if (minor < 0)
		minor = 0;
	for (i = 0; i < d; i++)
		p *= 10;
	if (d == 0)
		return xasprintf("%lld", (long long)minor);
	return xasprintf("%lld.%0*lld", (long long)(minor / p), d, (long long)(minor % p));
}

/* 1 when text names rma as a whole word (RMA-2026-00001 is not found in
 * RMA-2026-000012). */
static int
mentions(const char *text, const char *rma)
{
	size_t n = strlen(rma);
	const char *p = text;

	if (n == 0)
		return 0;
	while ((p = strstr(p, rma)) != NULL) {
		if ((p == text || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
			return 1;
		p++;
	}
	return 0;
}

/* An id from the shop as the string stored in shop_ref: integers as
 * "prefix/N", strings as they are (sanitised). NULL when there is none. */
static char *
ref_of(json_t *id, const char *prefix)
{
	if (json_is_integer(id) && json_integer_value(id) > 0)
		return xasprintf("%s/%lld", prefix, (long long)json_integer_value(id));
	if (json_is_string(id) && json_string_length(id) > 0)
		return store_shop_text(json_string_value(id));
	return NULL;
}

/* What the shop said in an error body (WooCommerce {"code","message"},
 * Shopify {"errors": "..." or [{"message"}]}), as a safe line, or NULL. */
static char *
shop_says(const char *body, size_t len)
{
	json_error_t je;
	json_t *doc = body != NULL ? json_loadb(body, len, 0, &je) : NULL, *e;
	char *out = NULL;

	if (!json_is_object(doc)) {
		json_decref(doc);
		return NULL;
	}
	e = json_object_get(doc, "errors");
	if (js(doc, "message")[0] != '\0')
		out = store_shop_text(js(doc, "message"));
	else if (json_is_string(e))
		out = store_shop_text(json_string_value(e));
	else if (json_is_array(e) && js(json_array_get(e, 0), "message")[0] != '\0')
		out = store_shop_text(js(json_array_get(e, 0), "message"));
	json_decref(doc);
	return out;
}

/* One request (GET when body is NULL, else a POST of JSON). ASK_OK with
 * *doc, the JSON of a 2xx answer (and *pages from X-WP-TotalPages when
 * pages is set); ASK_AGAIN with *msg when another look may go better (the
 * network failed or timed out, 429, 5xx; *wait is the shop's Retry-After
 * or 0); ASK_REFUSED with *msg for anything else. Caller frees *doc, *msg. */
static int
call(struct pusher *p, const char *url, const char *body, json_t **doc, long *pages,
    long *wait, char **msg)
{
	struct http_response res;
	json_error_t je;
	char *e = NULL, *says;
	int rc;

	*doc = NULL;
	*msg = NULL;
	*wait = 0;
	rc = body == NULL ? http_get(url, &p->ho, &res, &e) :
	    http_post(url, &p->ho, body, strlen(body), "application/json", &res, &e);
	if (rc != 0) {
		*msg = e;
		return res.transient ? ASK_AGAIN : ASK_REFUSED;
	}
	if (res.status < 200 || res.status >= 300) {
		says = shop_says(res.body, res.len);
		*msg = says != NULL ?
		    xasprintf(_("the shop answered HTTP %ld: %s"), res.status, says) :
		    xasprintf(_("the shop answered HTTP %ld"), res.status);
		if (res.status == 401 || res.status == 403) {
			e = *msg;
			*msg = xasprintf(_("%s (check the key and the app's write access to "
			    "orders)"), e);
			free(e);
		}
		free(says);
		rc = res.status == 429 || res.status >= 500 ? ASK_AGAIN : ASK_REFUSED;
		if (res.status == 429 && res.retry_after >= 0)
			*wait = res.retry_after;
		http_response_free(&res);
		return rc;
	}
	*doc = json_loadb(res.body, res.len, JSON_REJECT_DUPLICATES, &je);
	if (pages != NULL)
		*pages = res.total_pages;
	http_response_free(&res);
	if (*doc == NULL) {
		e = store_shop_text(je.text);
		*msg = xasprintf(_("the shop's answer is not JSON (%s)"), e);
		free(e);
		return ASK_AGAIN; /* a cut or mangled answer: look again */
	}
	return ASK_OK;
}

/* The pause before round (1, 2, ...): what the shop asked for, else 1, 2
 * seconds... */
static void
pause_for(long wait, int round)
{
	long w = wait > 0 ? wait : 1L << (round - 1);

	sleep((unsigned)(w > WAIT_CAP ? WAIT_CAP : w));
}

/* The pause before the look that follows a create left unanswered (a
 * timeout, a 5xx): at least the request timeout again, so that a shop still
 * working on the create has finished it by the time we look. */
static long
settle_wait(const struct pusher *p, long wait)
{
	long t = p->s->timeout < WAIT_CAP ? p->s->timeout : WAIT_CAP;

	return wait > t ? wait : t;
}

/* --- the return ------------------------------------------------------------ */

static void
due_free(struct due *d)
{
	size_t i;

	for (i = 0; i < d->nlines; i++)
		free(d->lines[i].sku);
	free(d->lines);
	free(d->ext);
	free(d->order_currency);
	free(d->replacement);
	memset(d, 0, sizeof *d);
}

/* The returned items of d, each with its share of d->value (by what the
 * units cost after their line's discount; the last takes what rounding
 * leaves, so the shares add up to the value exactly). 0 or -1. */
static int
load_lines(struct db *db, struct due *d)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LINES);
	int64_t total = 0, given = 0;
	size_t i, cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, d->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct line *l;
		int64_t q = sqlite3_column_int64(st, 1), oq = sqlite3_column_int64(st, 5);

		if (d->nlines == cap) {
			cap = cap != 0 ? cap * 2 : 8;
			d->lines = xreallocarray(d->lines, cap, sizeof *d->lines);
		}
		l = &d->lines[d->nlines++];
		l->sku = xstrdup(db_col_text(st, 0));
		l->qty = q;
		l->restock = sqlite3_column_int(st, 2) != 0;
		l->weight = sqlite3_column_int64(st, 3) * q -
		    (oq > 0 ? sqlite3_column_int64(st, 4) * q / oq : 0);
		if (l->weight < 0)
			l->weight = 0;
		total += l->weight;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	for (i = 0; i < d->nlines; i++) {
		struct line *l = &d->lines[i];

		if (i + 1 == d->nlines)
			l->share = d->value - given;
		else if (total > 0)
			l->share = (int64_t)((long double)d->value * l->weight / total);
		else
			l->share = 0;
		given += l->share;
	}
	return 0;
}

/* The note that goes on the order for a return that refunds nothing in
 * the shop's books (store credit, an exchange, a refund of nothing).
 * Caller frees. */
static char *
order_note(const struct due *d)
{
	char *amt, *out;

	if (strcmp(d->resolution, "credit") == 0) {
		amt = decimal(d->credit, d->currency);
		out = xasprintf(_("%s (aftercare): store credit %s %s"), d->rma, amt, d->currency);
		free(amt);
		return out;
	}
	if (strcmp(d->resolution, "exchange") == 0) {
		if (d->replacement[0] == '\0')
			return xasprintf(_("%s (aftercare): exchanged"), d->rma);
		return xasprintf(_("%s (aftercare): exchanged, replacement order %s"), d->rma,
		    d->replacement);
	}
	if (d->value > 0) { /* a refund whose items could not be matched */
		amt = decimal(d->value, d->currency);
		out = xasprintf(_("%s (aftercare): %s %s refunded"), d->rma, amt, d->currency);
		free(amt);
		return out;
	}
	return xasprintf(_("%s (aftercare): items returned, nothing refunded"), d->rma);
}

/* The shop's line item that sku names: its index in items (an array of
 * objects with "sku"), or -1 unless exactly one line carries it. */
static long
match_sku(json_t *items, const char *sku)
{
	json_t *it;
	size_t i;
	long found = -1;

	if (sku[0] == '\0')
		return -1;
	json_array_foreach(items, i, it)
		if (strcmp(js(it, "sku"), sku) == 0) {
			if (found >= 0)
				return -1;
			found = (long)i;
		}
	return found;
}

/* --- WooCommerce ------------------------------------------------------------ */

/* Looks through the order's refunds (what "refunds") or notes for one
 * that names d's RMA (in field). ASK_OK with *ref when there is one, ASK_OK
 * with *ref NULL when there is none; ASK_AGAIN or ASK_REFUSED with *msg. */
static int
woo_look(struct pusher *p, const struct due *d, const char *what, const char *field,
    const char *prefix, char **ref, long *wait, char **msg)
{
	int page, rc;

	*ref = NULL;
	for (page = 1; page <= REFUND_PAGES; page++) {
		json_t *list, *x;
		long pages = -1;
		size_t i;
		char *url = strcmp(what, "refunds") == 0 ?
		    xasprintf("%s/wp-json/wc/v3/orders/%s/refunds?per_page=100&page=%d", p->s->url,
		    d->ext, page) :
		    xasprintf("%s/wp-json/wc/v3/orders/%s/notes", p->s->url, d->ext);

		rc = call(p, url, NULL, &list, &pages, wait, msg);
		free(url);
		if (rc != ASK_OK)
			return rc;
		if (!json_is_array(list)) {
			json_decref(list);
			*msg = xstrdup(strcmp(what, "refunds") == 0 ?
			    _("the order's refunds are not a JSON list") :
			    _("the order's notes are not a JSON list"));
			return ASK_AGAIN;
		}
		json_array_foreach(list, i, x)
			if (mentions(js(x, field), d->rma) &&
			    (*ref = ref_of(json_object_get(x, "id"), prefix)) != NULL)
				break;
		i = json_array_size(list);
		json_decref(list);
		if (*ref != NULL || i == 0 || strcmp(what, "refunds") != 0 || pages < 0 ||
		    page >= pages)
			return ASK_OK;
	}
	return ASK_OK;
}

/* The refund's line_items, matched by SKU to the order's lines as the shop
 * has them now: quantities, and each line's share of the amount as
 * refund_total, so that they add up to it. *items is NULL when some item
 * cannot be matched (no SKU, or not exactly one line with it): the refund
 * then carries the amount only. */
static int
woo_lines(struct pusher *p, const struct due *d, json_t **items, int *restock, long *wait,
    char **msg)
{
	json_t *order, *shop, *out;
	char *url = xasprintf("%s/wp-json/wc/v3/orders/%s", p->s->url, d->ext);
	int64_t *qty, *share;
	size_t i, n;
	int rc, any = 0;

	*items = NULL;
	*restock = 0;
	rc = call(p, url, NULL, &order, NULL, wait, msg);
	free(url);
	if (rc != ASK_OK)
		return rc;
	shop = json_object_get(order, "line_items");
	n = json_array_size(shop);
	if (!json_is_array(shop) || n == 0 || d->nlines == 0) {
		json_decref(order);
		return ASK_OK;
	}
	for (i = 0; i < d->nlines; i++)
		any |= d->lines[i].restock;
	qty = xcalloc(n, sizeof *qty);
	share = xcalloc(n, sizeof *share);
	for (i = 0; i < d->nlines; i++) {
		long k = match_sku(shop, d->lines[i].sku);

		if (k < 0 ||
		    !json_is_integer(json_object_get(json_array_get(shop, (size_t)k), "id")))
			goto amount_only;
		/* with api_restock every unit listed goes back to stock */
		if (!any || d->lines[i].restock)
			qty[k] += d->lines[i].qty;
		share[k] += d->lines[i].share;
	}
	for (i = 0; i < n; i++)
		if (qty[i] > ji(json_array_get(shop, i), "quantity"))
			goto amount_only;
	out = json_array();
	for (i = 0; i < n; i++) {
		json_t *it = json_array_get(shop, i);
		char *amt;

		if (qty[i] == 0 && share[i] == 0)
			continue;
		amt = decimal(share[i], d->currency);
		json_array_append_new(out, json_pack("{s:O,s:I,s:s}", "id",
		    json_object_get(it, "id"), "quantity", (json_int_t)qty[i], "refund_total",
		    amt));
		free(amt);
	}
	*items = out;
	*restock = any;
amount_only:
	free(qty);
	free(share);
	json_decref(order);
	return ASK_OK;
}

static int
woo_push(struct pusher *p, const struct due *d, struct outcome *o)
{
	int refund = strcmp(d->resolution, "refund") == 0 && d->value > 0;
	char *msg = NULL;
	long wait = 0;
	int round, rc = ASK_REFUSED;

	if (d->ext[0] == '\0' || strspn(d->ext, "0123456789") != strlen(d->ext) ||
	    strlen(d->ext) > 19) {
		o->msg = xstrdup(_("the order's id is not a WooCommerce order id"));
		return -1;
	}
	for (round = 0; round < ROUNDS; round++) {
		json_t *req, *items = NULL, *doc;
		char *body, *url, *amt;
		int restock = 0;

		if (round > 0)
			pause_for(wait, round);
		free(msg);
		msg = NULL;
		rc = woo_look(p, d, refund ? "refunds" : "notes", refund ? "reason" : "note",
		    refund ? "refund" : "note", &o->ref, &wait, &msg);
		if (rc == ASK_AGAIN)
			continue;
		if (rc == ASK_REFUSED)
			break;
		if (o->ref != NULL) {
			o->found = 1;
			free(msg);
			return 0;
		}
		if (refund) {
			if ((rc = woo_lines(p, d, &items, &restock, &wait, &msg)) == ASK_AGAIN)
				continue;
			if (rc == ASK_REFUSED)
				break;
			amt = decimal(d->value, d->currency);
			req = json_pack("{s:s,s:s+,s:b,s:b}", "amount", amt, "reason", d->rma,
			    " (aftercare)", "api_refund", 0, "api_restock", restock);
			free(amt);
			if (items != NULL)
				json_object_set_new(req, "line_items", items);
			else if (o->extra == NULL)
				o->extra = xstrdup(_("amount only: the order's lines could not be "
				    "matched by SKU, so nothing was restocked in the shop"));
			url = xasprintf("%s/wp-json/wc/v3/orders/%s/refunds", p->s->url, d->ext);
		} else {
			char *note = order_note(d);

			req = json_pack("{s:s,s:b}", "note", note, "customer_note", 0);
			free(note);
			url = xasprintf("%s/wp-json/wc/v3/orders/%s/notes", p->s->url, d->ext);
		}
		body = json_dumps(req, JSON_COMPACT);
		json_decref(req);
		if (body == NULL) {
			free(url);
			msg = xstrdup(_("the request cannot be written"));
			rc = ASK_REFUSED;
			break;
		}
		rc = call(p, url, body, &doc, NULL, &wait, &msg);
		free(url);
		free(body);
		if (rc == ASK_OK) {
			o->ref = ref_of(json_object_get(doc, "id"), refund ? "refund" : "note");
			json_decref(doc);
			if (o->ref != NULL) {
				free(msg);
				return 0;
			}
			/* it may have acted: the next look tells */
			msg = xstrdup(_("the shop's answer has no id"));
			rc = ASK_AGAIN;
		}
		if (rc == ASK_REFUSED)
			break;
		wait = settle_wait(p, wait);
	}
	o->msg = msg != NULL ? msg : xstrdup(_("no answer"));
	if (rc == ASK_AGAIN) {
		msg = o->msg;
		o->msg = xasprintf(_("%s (after %d tries)"), msg, ROUNDS);
		free(msg);
	}
	return -1;
}

/* --- Shopify ---------------------------------------------------------------- */

/* One GraphQL request. ASK_OK with *data (the answer's "data" object, which
 * the caller frees), or ASK_AGAIN / ASK_REFUSED with *msg. A THROTTLED error
 * is worth another round; any other error is a refusal. */
static int
gql(struct pusher *p, const char *query, json_t *vars, json_t **data, long *wait, char **msg)
{
	json_t *req = json_pack("{s:s,s:O}", "query", query, "variables", vars), *doc, *errs, *e;
	char *body = json_dumps(req, JSON_COMPACT), *says;
	size_t i;
	int rc, throttled = 0;

	json_decref(req);
	*data = NULL;
	if (body == NULL) {
		*msg = xstrdup(_("the request cannot be written"));
		return ASK_REFUSED;
	}
	rc = call(p, p->gql, body, &doc, NULL, wait, msg);
	free(body);
	if (rc != ASK_OK)
		return rc;
	errs = json_object_get(doc, "errors");
	if (json_is_string(errs) || json_array_size(errs) > 0) {
		json_array_foreach(errs, i, e)
			if (strcmp(js(json_object_get(e, "extensions"), "code"), "THROTTLED") == 0)
				throttled = 1;
		says = json_is_string(errs) ? store_shop_text(json_string_value(errs)) :
		    store_shop_text(js(json_array_get(errs, 0), "message"));
		*msg = xasprintf(_("the shop refused the request: %s"), says);
		free(says);
		json_decref(doc);
		if (throttled)
			*wait = 2;
		return throttled ? ASK_AGAIN : ASK_REFUSED;
	}
	*data = json_incref(json_object_get(doc, "data"));
	json_decref(doc);
	if (!json_is_object(*data)) {
		json_decref(*data);
		*data = NULL;
		*msg = xstrdup(_("the shop's answer has no data"));
		return ASK_AGAIN;
	}
	return ASK_OK;
}

/* A mutation's payload (data.NAME): ASK_OK with *ref (the id at .what.id),
 * ASK_REFUSED with the userErrors as one line, ASK_AGAIN when the answer says
 * neither (the shop may have acted: the next look tells). */
static int
mutation_result(json_t *data, const char *name, const char *what, const char *prefix,
    char **ref, char **msg)
{
	json_t *pl = json_object_get(data, name), *ue = json_object_get(pl, "userErrors");
	size_t n = json_array_size(ue);

	if (n > 0) {
		json_t *e = json_array_get(ue, 0);
		char *says;

		says = store_shop_text(js(e, "message")[0] != '\0' ? js(e, "message") :
		    _("no reason given"));
		*msg = n > 1 ? xasprintf(_("the shop refused it: %s (and %zu more)"), says, n - 1) :
		    xasprintf(_("the shop refused it: %s"), says);
		free(says);
		return ASK_REFUSED;
	}
	if ((*ref = ref_of(json_object_get(json_object_get(pl, what), "id"), prefix)) == NULL) {
		*msg = xstrdup(_("the shop's answer has no id"));
		return ASK_AGAIN;
	}
	return ASK_OK;
}

/* refundLineItems for d, matched by SKU to the order's line items (nodes):
 * restocked units RETURN, the others NO_RESTOCK. NULL when some item
 * cannot be matched. */
static json_t *
shopify_lines(const struct due *d, json_t *nodes)
{
	json_t *out;
	size_t i;

	if (d->nlines == 0 || !json_is_array(nodes))
		return NULL;
	out = json_array();
	for (i = 0; i < d->nlines; i++) {
		long k = match_sku(nodes, d->lines[i].sku);
		json_t *it = k >= 0 ? json_array_get(nodes, (size_t)k) : NULL;

		if (it == NULL || js(it, "id")[0] == '\0' || d->lines[i].qty > ji(it, "quantity")) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, json_pack("{s:s,s:I,s:s}", "lineItemId", js(it, "id"),
		    "quantity", (json_int_t)d->lines[i].qty, "restockType",
		    d->lines[i].restock ? "RETURN" : "NO_RESTOCK"));
	}
	return out;
}

/* The idempotency key of d's refund, the same on every attempt: a UUID
 * made of a hash of the order and the RMA (so two desks' RMA-2026-00001
 * for different orders never meet). */
static void
idempotency_key(const struct due *d, char out[40])
{
	char hex[HASH_HEX_LEN + 1], *in = xasprintf("aftercare refund\n%s\n%s", d->ext, d->rma);

	hash_sha256_hex(in, strlen(in), hex);
	free(in);
	snprintf(out, 40, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static int
shopify_push(struct pusher *p, const struct due *d, struct outcome *o)
{
	int refund = strcmp(d->resolution, "refund") == 0 && d->value > 0;
	char *msg = NULL;
	long wait = 0;
	int round, rc = ASK_REFUSED;

	if (strncmp(d->ext, "gid://shopify/Order/", 20) != 0) {
		o->msg = xstrdup(_("the order's id is not a Shopify order id"));
		return -1;
	}
	for (round = 0; round < ROUNDS; round++) {
		json_t *vars, *data, *order, *rf, *li, *lines = NULL;
		const char *mut;
		size_t i;

		if (round > 0)
			pause_for(wait, round);
		free(msg);
		msg = NULL;
		vars = json_pack("{s:s,s:i}", "id", d->ext, "lines", MAX_LINES);
		rc = gql(p, Q_LOOK, vars, &data, &wait, &msg);
		json_decref(vars);
		if (rc == ASK_AGAIN)
			continue;
		if (rc == ASK_REFUSED)
			break;
		order = json_object_get(data, "order");
		if (!json_is_object(order)) {
			json_decref(data);
			msg = xstrdup(_("the shop does not have the order (any more)"));
			rc = ASK_REFUSED;
			break;
		}
		json_array_foreach(json_object_get(order, "refunds"), i, rf)
			if (mentions(js(rf, "note"), d->rma) &&
			    (o->ref = ref_of(json_object_get(rf, "id"), "refund")) != NULL)
				break;
		if (o->ref == NULL && mentions(js(order, "note"), d->rma))
			o->ref = xasprintf("note/%s", d->ext);
		if (o->ref != NULL) {
			o->found = 1;
			json_decref(data);
			free(msg);
			return 0;
		}
		li = json_object_get(order, "lineItems");
		if (refund && !json_is_true(json_object_get(json_object_get(li, "pageInfo"),
		    "hasNextPage")))
			lines = shopify_lines(d, json_object_get(li, "nodes"));
		if (lines != NULL) {
			char *amt = decimal(d->value, d->currency);

			/* no transactions: the shop's books get the items back, the
			 * money is moved by whoever runs the shop */
			vars = json_pack("{s:{s:s,s:s++++,s:b,s:o,s:[]}}", "input", "orderId",
			    d->ext, "note", d->rma, " (aftercare): ", amt, " ", d->currency,
			    "notify", 0, "refundLineItems", lines, "transactions");
			free(amt);
			mut = M_REFUND;
			if (p->keyed) {
				char key[40];

				idempotency_key(d, key);
				json_object_set_new(vars, "key", json_string(key));
				mut = M_REFUND_KEYED;
			}
		} else {
			char *line = order_note(d), *note;

			if (refund && o->extra == NULL)
				o->extra = xstrdup(_("noted on the order only: its lines could not "
				    "be matched by SKU"));
			note = js(order, "note")[0] != '\0' ? xasprintf("%s\n%s", js(order, "note"),
			    line) : xstrdup(line);
			vars = json_pack("{s:{s:s,s:s}}", "input", "id", d->ext, "note", note);
			free(note);
			free(line);
			mut = M_NOTE;
		}
		json_decref(data);
		rc = gql(p, mut, vars, &data, &wait, &msg);
		json_decref(vars);
		if (rc == ASK_OK) {
			if (mut != M_NOTE)
				rc = mutation_result(data, "refundCreate", "refund", "refund",
				    &o->ref, &msg);
			else
				rc = mutation_result(data, "orderUpdate", "order", "note",
				    &o->ref, &msg);
			json_decref(data);
			if (rc == ASK_OK && mut == M_NOTE) {
				free(o->ref);
				o->ref = xasprintf("note/%s", d->ext);
			}
			if (rc == ASK_OK) {
				free(msg);
				return 0;
			}
		}
		if (rc == ASK_REFUSED)
			break;
		wait = settle_wait(p, wait);
	}
	o->msg = msg != NULL ? msg : xstrdup(_("no answer"));
	if (rc == ASK_AGAIN) {
		msg = o->msg;
		o->msg = xasprintf(_("%s (after %d tries)"), msg, ROUNDS);
		free(msg);
	}
	return -1;
}

/* --- running it -------------------------------------------------------------- */

static int
pusher_open(struct pusher *p, const struct config_store *s, char **err)
{
	char *secret, *why = NULL, *colon;
	const char *v = s->api_version != NULL ? s->api_version : "", *c;

	memset(p, 0, sizeof *p);
	p->s = s;
	p->shopify = strcmp(s->kind, "shopify") == 0;
	p->ho.ca_file = s->ca_file;
	p->ho.timeout_s = s->timeout;
	p->ho.max_body = (size_t)s->max_response;
	if (p->shopify && (v[0] == '\0' ||
	    strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(v))) {
		*err = xasprintf(_("store %s: api_version '%s' is not a version like 2024-10"),
		    s->name, v);
		return -1;
	}
	if ((secret = remote_password(s->key_cmd, s->timeout, &why)) == NULL) {
		*err = xasprintf(p->shopify ? _("store %s: token_cmd: %s") :
		    _("store %s: key_cmd: %s"), s->name, why);
		free(why);
		return -1;
	}
	if (!p->shopify) {
		if ((colon = strchr(secret, ':')) == NULL) {
			remote_secret_free(secret);
			*err = xasprintf(_("store %s: key_cmd must print "
			    "consumer_key:consumer_secret"), s->name);
			return -1;
		}
		*colon = '\0';
		p->key = secret;
		p->ho.user = p->key;
		p->ho.password = colon + 1;
		return 0;
	}
	for (c = secret; *c != '\0'; c++)
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f) {
			remote_secret_free(secret);
			*err = xasprintf(_("store %s: token_cmd must print the access token alone "
			    "(no spaces or control characters)"), s->name);
			return -1;
		}
	p->header = xasprintf("X-Shopify-Access-Token: %s", secret);
	remote_secret_free(secret);
	p->gql = xasprintf("%s/admin/api/%s/graphql.json", s->url, v);
	p->keyed = strcmp(v, "2026-01") >= 0; /* YYYY-MM, or "unstable" */
	p->ho.bearer_header = p->header;
	return 0;
}

static void
pusher_close(struct pusher *p)
{
	remote_secret_free(p->key);
	remote_secret_free(p->header);
	free(p->gql);
	memset(p, 0, sizeof *p);
}

/* An exclusive lock on pushing this database's returns to s, held until
 * the descriptor is closed: a manual `sync --push` and the server's sync
 * never look-then-create the same return at once. The fd, or -1 with
 * *err. */
static int
push_lock(struct db *db, const struct config_store *s, char **err)
{
	char real[PATH_MAX], hex[HASH_HEX_LEN + 1], *dir, *key, *path;
	const char *dbp = db_path(db) != NULL ? db_path(db) : "";
	int fd;

	key = xasprintf("%s\n%s\n%s", realpath(dbp, real) != NULL ? real : dbp, s->kind,
	    s->name);
	hash_sha256_hex(key, strlen(key), hex);
	free(key);
	dir = paths_runtime_dir();
	if (dir == NULL || paths_mkdir_p(dir) != 0) {
		*err = xasprintf(_("store %s: cannot create the runtime directory %s: %s"),
		    s->name, dir != NULL ? dir : "?", strerror(errno));
		free(dir);
		return -1;
	}
	/* a directory someone else controls could hold the lock for us */
	if (paths_private_dir_ok(dir) != 0) {
		*err = xasprintf(_("store %s: %s is not a private directory of this user"),
		    s->name, dir);
		free(dir);
		return -1;
	}
	path = xasprintf("%s/push-%.16s.lock", dir, hex);
	free(dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		*err = xasprintf(_("store %s: cannot create %s: %s"), s->name, path,
		    strerror(errno));
	} else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		*err = xasprintf(_("store %s: another process is pushing returns to it; try "
		    "again later"), s->name);
		close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

/* How d's attempt ended, in one transaction: the return's shop_state and
 * an audit entry (whose count of failures is the attempt counter). */
static int
record(struct db *db, const struct config_store *s, const struct due *d,
    const struct outcome *o)
{
	struct op_caller who = { 0, "sync", ROLE_NONE };
	sqlite3_stmt *st;
	json_t *detail;
	int rc;

	if (db_begin(db) != 0)
		return -1;
	if ((st = db_stmt(db, SQL_OUTCOME)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_text(st, 2, o->msg == NULL ? "done" : "failed", -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, o->msg == NULL ? o->ref : NULL);
	db_bind_text_or_null(st, 4, o->msg);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	detail = o->msg == NULL ?
	    json_pack("{s:s,s:s,s:s,s:b}", "to", "done", "store", s->name, "ref", o->ref,
	    "found", o->found) :
	    json_pack("{s:s,s:s,s:s}", "to", "failed", "store", s->name, "error", o->msg);
	rc = audit_log(db, &who, o->msg == NULL ? "return.pushed" : "return.push_failed",
	    "return", d->id, detail);
	json_decref(detail);
	if (rc != 0 || db_commit(db) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
store_push_mark(struct db *db, const struct config *cfg, int64_t return_id)
{
	sqlite3_stmt *st;
	int i, push = 0, rc;

	if (cfg == NULL || cfg->nstores == 0)
		return 0;
	if ((st = db_stmt(db, SQL_MARK_FIND)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, return_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < cfg->nstores; i++)
			if (cfg->stores[i].push_returns &&
			    strcmp(cfg->stores[i].kind, db_col_text(st, 0)) == 0 &&
			    strcmp(cfg->stores[i].name, db_col_text(st, 1)) == 0)
				push = 1;
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (!push)
		return 0;
	if ((st = db_stmt(db, SQL_MARK)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, return_id);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
report(struct store_push_report *r, const char *rma, int ok, const char *msg)
{
	char *safe = text_sanitize(msg, strlen(msg), TEXT_LINE, NULL);

	if (r->line != NULL)
		r->line(rma, ok, safe, r->ctx);
	free(safe);
}

int
store_push_pending(struct db *db, const struct config_store *s, int flags,
    struct store_push_report *r, char **err)
{
	struct pusher p;
	struct due *due = NULL;
	sqlite3_stmt *st;
	size_t n = 0, i;
	int fd, rc;

	*err = NULL;
	if ((fd = push_lock(db, s, err)) < 0)
		return -1;
	if ((st = db_stmt(db, SQL_DUE)) == NULL)
		goto dberr;
	sqlite3_bind_text(st, 1, s->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
	due = xcalloc(MAX_DUE, sizeof *due);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < MAX_DUE) {
		struct due *d = &due[n];

		d->failures = sqlite3_column_int(st, 10);
		d->failed = strcmp(db_col_text(st, 11), "failed") == 0;
		if (d->failed && d->failures >= STORE_PUSH_ATTEMPTS && !(flags & STORE_PUSH_ALL)) {
			r->held++;
			continue;
		}
		d->id = sqlite3_column_int64(st, 0);
		snprintf(d->rma, sizeof d->rma, "%s", db_col_text(st, 1));
		snprintf(d->resolution, sizeof d->resolution, "%s", db_col_text(st, 2));
		snprintf(d->currency, sizeof d->currency, "%s", db_col_text(st, 3));
		d->value = sqlite3_column_int64(st, 4);
		d->credit = sqlite3_column_int64(st, 5);
		d->charge = sqlite3_column_int64(st, 6);
		d->ext = xstrdup(db_col_text(st, 7));
		d->order_currency = xstrdup(db_col_text(st, 8));
		d->replacement = store_shop_text(db_col_text(st, 9));
		n++;
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto dberr;
	if (n == 0) {
		free(due);
		close(fd);
		return 0;
	}
	if (pusher_open(&p, s, err) != 0) {
		for (i = 0; i < n; i++)
			due_free(&due[i]);
		free(due);
		close(fd);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct due *d = &due[i];
		struct outcome o;
		char *line;

		memset(&o, 0, sizeof o);
		if (load_lines(db, d) != 0) {
			o.msg = xasprintf(_("cannot read the database: %s"), db_errmsg(db));
		} else if (strcmp(d->currency, d->order_currency) != 0) {
			o.msg = xasprintf(_("the return is in %s but the order in %s"), d->currency,
			    d->order_currency);
		} else if ((p.shopify ? shopify_push(&p, d, &o) : woo_push(&p, d, &o)) == 0) {
			free(o.msg);
			o.msg = NULL;
		}
		if (record(db, s, d, &o) != 0) {
			free(o.msg);
			o.msg = xasprintf(_("cannot write to the database: %s"), db_errmsg(db));
			/* the shop may hold it now: the next look finds it */
		}
		if (o.msg == NULL) {
			r->done++;
			line = o.found ?
			    xasprintf(_("%s: already in %s as %s, not sent again"), d->rma, s->name,
			    o.ref) :
			    o.extra != NULL ?
			    xasprintf(_("%s: sent to %s as %s (%s)"), d->rma, s->name, o.ref,
			    o.extra) :
			    xasprintf(_("%s: sent to %s as %s"), d->rma, s->name, o.ref);
			report(r, d->rma, 1, line);
		} else {
			r->failed++;
			line = xasprintf(_("%s: not sent to %s: %s"), d->rma, s->name, o.msg);
			report(r, d->rma, 0, line);
		}
		free(line);
		free(o.ref);
		free(o.extra);
		free(o.msg);
		due_free(d);
	}
	pusher_close(&p);
	free(due);
	close(fd);
	return 0;
dberr:
	*err = xasprintf(_("store %s: cannot read the database: %s"), s->name, db_errmsg(db));
	for (i = 0; i < n; i++)
		due_free(&due[i]);
	free(due);
	close(fd);
	return -1;
}
