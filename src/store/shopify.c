/* shopify.c: see shopify.h. One GraphQL query reads orders page by page
 * (cursor paging, sorted by updatedAt); the query text is a constant and
 * everything that varies travels in its variables, built with jansson.
 * Money comes from the decimal strings of the presentment money bags (what
 * the customer paid in), never from floating point. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "core/orders-csv.h"
#include "core/orders-store.h"
#include "db/db.h"
#include "mail/compose.h"
#include "mail/remote.h"
#include "net/http.h"
#include "store/shopify.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/jsonget.h"
#include "util/text.h"
#include "util/xmalloc.h"

/*
 * Shopify refuses any query whose requested cost is above 1000, and admits
 * one only when the cost budget has room for its requested cost. A
 * connection costs 2 + first x the cost of its node, an object 1, a scalar
 * 0. An order node here: itself, its customer and six money bags of two
 * objects each (14), line items 2 + ITEMS_FIRST x 5 (52), shipments
 * SHIPS_FIRST x (1 + 3 tracking infos) (20 to 32): about 98, so a page of
 * PER_PAGE orders stays under 1000. An order with more line items gets the
 * rest from ITEMS_QUERY (1 + 2 + ITEMS_MORE x 5 = 503) before its page is
 * written.
 */
#define PER_PAGE 10
#define ITEMS_FIRST 10
#define ITEMS_MORE 100
#define ITEMS_PAGES 20    /* follow-up pages of line items per order at most */
#define SHIPS_FIRST 5
#define RETRIES 3
#define WAIT_CAP 60       /* seconds: the longest the shop can make us wait */
#define MAX_PAGES 100000

/* The fields an order needs; $query is Shopify's search syntax. */
static const char QUERY[] =
	"query Orders($first: Int!, $after: String, $query: String, $items: Int!,"
	" $ships: Int!) {"
	" orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {"
	" nodes { id name createdAt updatedAt cancelledAt displayFinancialStatus"
	" displayFulfillmentStatus email phone customer { id email phone displayName }"
	" currencyCode totalPriceSet { ...M } subtotalPriceSet { ...M }"
	" totalShippingPriceSet { ...M } totalTaxSet { ...M } totalDiscountsSet { ...M }"
	" totalRefundedSet { ...M }"
	" lineItems(first: $items) { nodes { ...L } pageInfo { hasNextPage endCursor } }"
	" fulfillments(first: $ships) { status createdAt deliveredAt estimatedDeliveryAt"
	" displayStatus trackingInfo(first: 3) { company number url } } }"
	" pageInfo { hasNextPage endCursor } } }"
	" fragment L on LineItem { sku title variantTitle quantity"
	" originalUnitPriceSet { ...M } totalDiscountSet { ...M } }"
	" fragment M on MoneyBag { presentmentMoney { amount currencyCode } }";

/* The line items of one order after the first ITEMS_FIRST. */
static const char ITEMS_QUERY[] =
	"query Items($id: ID!, $after: String, $items: Int!) {"
	" order(id: $id) { lineItems(first: $items, after: $after) {"
	" nodes { ...L } pageInfo { hasNextPage endCursor } } } }"
	" fragment L on LineItem { sku title variantTitle quantity"
	" originalUnitPriceSet { ...M } totalDiscountSet { ...M } }"
	" fragment M on MoneyBag { presentmentMoney { amount currencyCode } }";

static const char SQL_CURSOR_GET[] = "SELECT coalesce(cursor, '') FROM sources WHERE id = ?1";
static const char SQL_CURSOR_SET[] =
	"UPDATE sources SET cursor = ?2, last_sync_at = ?3, state = 'ok', last_error = NULL"
	" WHERE id = ?1";

/* One store's session: where to post, and the secret header. */
struct shop {
	const struct config_store *s;
	char *url;
	char *header;       /* "X-Shopify-Access-Token: ..."; a secret */
	struct http_opts ho;
	long wait_next;     /* seconds to let the cost budget refill first */
};

static const char *
fin_of(const char *status)
{
	static const char *const map[][2] = {
		{ "PAID", "paid" }, { "PARTIALLY_REFUNDED", "partially_refunded" },
		{ "REFUNDED", "refunded" }, { "PENDING", "pending" },
		{ "AUTHORIZED", "authorized" }, { "VOIDED", "voided" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(status, map[i][0]) == 0)
			return map[i][1];
	return "unknown";
}

static const char *
ful_of(const char *status)
{
	static const char *const map[][2] = {
		{ "FULFILLED", "fulfilled" }, { "PARTIALLY_FULFILLED", "partial" },
		{ "UNFULFILLED", "unfulfilled" }, { "RESTOCKED", "restocked" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(status, map[i][0]) == 0)
			return map[i][1];
	return "unknown";
}

/* The fulfillments.status of a Shopify fulfillment, from its shipment
 * status (displayStatus) where there is one, else from its own status; NULL
 * for a cancelled one, which shipped nothing. */
static const char *
ship_status(json_t *f)
{
	static const char *const display[][2] = {
		{ "DELIVERED", "delivered" }, { "PICKED_UP", "delivered" },
		{ "OUT_FOR_DELIVERY", "out_for_delivery" },
		{ "READY_FOR_PICKUP", "out_for_delivery" },
		{ "IN_TRANSIT", "in_transit" }, { "CONFIRMED", "in_transit" },
		{ "FULFILLED", "in_transit" }, { "MARKED_AS_FULFILLED", "in_transit" },
		{ "ATTEMPTED_DELIVERY", "failure" }, { "FAILURE", "failure" },
		{ "NOT_DELIVERED", "failure" },
		{ "LABEL_PRINTED", "pending" }, { "LABEL_PURCHASED", "pending" },
		{ "SUBMITTED", "pending" },
	};
	static const char *const own[][2] = {
		{ "SUCCESS", "in_transit" }, { "OPEN", "pending" }, { "PENDING", "pending" },
		{ "ERROR", "failure" }, { "FAILURE", "failure" },
	};
	const char *d = js(f, "displayStatus"), *st = js(f, "status");
	size_t i;

	if (strcmp(st, "CANCELLED") == 0 || strcmp(d, "CANCELED") == 0 ||
	    strcmp(d, "LABEL_VOIDED") == 0)
		return NULL;
	if (!jnull(f, "deliveredAt"))
		return "delivered";
	for (i = 0; i < sizeof display / sizeof display[0]; i++)
		if (strcmp(d, display[i][0]) == 0)
			return display[i][1];
	for (i = 0; i < sizeof own / sizeof own[0]; i++)
		if (strcmp(st, own[i][0]) == 0)
			return own[i][1];
	return "unknown";
}

/* The amount of a money bag (field key of j) in minor units of cur: 0, 1
 * when the bag is absent (*out is then 0), -1 when it is not an amount in
 * cur. */
static int
money(json_t *j, const char *key, const char *cur, int64_t *out)
{
	json_t *m = json_object_get(json_object_get(j, key), "presentmentMoney");
	const char *c = js(m, "currencyCode");

	*out = 0;
	if (!json_is_object(m))
		return 1;
	if (c[0] != '\0' && strcmp(c, cur) != 0)
		return -1;
	return orders_parse_money(js(m, "amount"), cur, out) == 0 ? 0 : -1;
}

/* A date field of j: 0 with *out (-1 when absent), or -1 if it is not a
 * date. */
static int
when(json_t *j, const char *key, int64_t *out)
{
	*out = -1;
	if (jnull(j, key))
		return 0;
	return orders_parse_time(js(j, key), out);
}

/* The shipments of f into o: one row per tracking number (each a parcel to
 * follow), or one without tracking. NULL, or what was wrong. */
static char *
map_fulfillment(json_t *f, struct order_in *o, size_t n)
{
	json_t *tracks = json_object_get(f, "trackingInfo"), *t;
	const char *status = ship_status(f);
	int64_t shipped, expected, delivered;
	size_t i;

	if (status == NULL)
		return NULL;
	if (when(f, "createdAt", &shipped) != 0 ||
	    when(f, "estimatedDeliveryAt", &expected) != 0 ||
	    when(f, "deliveredAt", &delivered) != 0)
		return xasprintf(_("order %s: fulfillment %zu has a bad date"), o->number, n);
	if (json_array_size(tracks) == 0)
		order_in_add_ship(o, status, NULL, NULL, NULL, shipped, expected, delivered);
	json_array_foreach(tracks, i, t)
		order_in_add_ship(o, status, js(t, "company"), js(t, "number"), js(t, "url"),
		    shipped, expected, delivered);
	return NULL;
}

/* One order node of the API into o; NULL, or a message on what was wrong
 * (the order is then skipped). */
static char *
map_order(json_t *j, struct order_in *o)
{
	json_t *cust = json_object_get(j, "customer"), *it, *f;
	json_t *total = json_object_get(json_object_get(j, "totalPriceSet"), "presentmentMoney");
	static const char *const parts[] = { "totalShippingPriceSet", "totalTaxSet",
		"totalDiscountsSet", "totalRefundedSet" };
	const char *cur, *email, *ful = js(j, "displayFulfillmentStatus");
	char *p, *name;
	int64_t price, discount, *into[4];
	size_t i;
	int rc;

	memset(o, 0, sizeof *o);
	o->cancelled = -1;
	if (js(j, "id")[0] == '\0')
		return xstrdup(_("an order without an id"));
	o->ext = xstrdup(js(j, "id"));
	o->number = xstrdup(js(j, "name")[0] != '\0' ? js(j, "name") : o->ext);
	email = js(j, "email")[0] != '\0' ? js(j, "email") : js(cust, "email");
	if (email[0] == '\0')
		return xasprintf(_("order %s: there is no email address to file it under"),
		    o->number);
	/* The address goes into mail headers later: only a plain addr-spec. */
	o->email = xstrdup(email);
	for (p = o->email; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (!compose_addr_ok(o->email))
		return xasprintf(_("order %s: the email is not a valid address"), o->number);
	cur = js(total, "currencyCode")[0] != '\0' ? js(total, "currencyCode") :
	    js(j, "currencyCode");
	if (strlen(cur) != 3 || strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
		return xasprintf(_("order %s: '%s' is not a currency code"), o->number, cur);
	o->currency = xstrdup(cur);
	name = xstrdup(js(cust, "displayName"));
	o->name = text_sanitize(name, strlen(name), TEXT_LINE, NULL);
	free(name);
	o->phone = xstrdup(js(j, "phone")[0] != '\0' ? js(j, "phone") : js(cust, "phone"));
	if (js(cust, "id")[0] != '\0') { /* none: a guest, known by email */
		o->cust_kind = "shopify";
		o->cust_ext = xstrdup(js(cust, "id"));
	}
	o->fin = xstrdup(fin_of(js(j, "displayFinancialStatus")));
	o->ful = xstrdup(ful_of(ful));
	if (jnull(j, "createdAt") || when(j, "createdAt", &o->placed) != 0)
		return xasprintf(_("order %s: '%s' is not a date"), o->number, js(j, "createdAt"));
	if (when(j, "cancelledAt", &o->cancelled) != 0)
		return xasprintf(_("order %s: '%s' is not a date"), o->number,
		    js(j, "cancelledAt"));
	if (money(j, "totalPriceSet", cur, &o->total) != 0)
		return xasprintf(_("order %s: %s is not an amount in %s"), o->number,
		    "totalPriceSet", cur);
	if ((rc = money(j, "subtotalPriceSet", cur, &o->subtotal)) < 0)
		return xasprintf(_("order %s: %s is not an amount in %s"), o->number,
		    "subtotalPriceSet", cur);
	o->has_subtotal = rc == 0;
	into[0] = &o->shipping;
	into[1] = &o->tax;
	into[2] = &o->discount;
	into[3] = &o->refunded;
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (money(j, parts[i], cur, into[i]) < 0)
			return xasprintf(_("order %s: %s is not an amount in %s"), o->number,
			    parts[i], cur);
	if (json_is_true(json_object_get(json_object_get(json_object_get(j, "lineItems"),
	    "pageInfo"), "hasNextPage")))
		return xasprintf(_("order %s: it has more line items than can be read"),
		    o->number);
	json_array_foreach(json_object_get(json_object_get(j, "lineItems"), "nodes"), i, it) {
		json_t *q = json_object_get(it, "quantity");

		if (!json_is_integer(q) || json_integer_value(q) < 1 ||
		    json_integer_value(q) > 1000000 ||
		    money(it, "originalUnitPriceSet", cur, &price) != 0 ||
		    money(it, "totalDiscountSet", cur, &discount) < 0)
			return xasprintf(_("order %s: line item %zu has a bad quantity or amount"),
			    o->number, i + 1);
		order_in_add_item(o, js(it, "sku"), js(it, "title"), js(it, "variantTitle"),
		    json_integer_value(q), price, discount);
	}
	if (json_is_array(json_object_get(j, "fulfillments"))) {
		o->has_ships = 1; /* the shop's list replaces what is stored, even when empty */
		json_array_foreach(json_object_get(j, "fulfillments"), i, f)
			if ((p = map_fulfillment(f, o, i + 1)) != NULL)
				return p;
	}
	if (o->refunded > o->total)
		o->refunded = o->total;
	return NULL;
}

/* Seconds until the cost budget of doc's extensions.cost covers the cost
 * of the query again; 0 when it does now or doc does not say. */
static long
budget_wait(json_t *doc)
{
	json_t *cost = json_object_get(json_object_get(doc, "extensions"), "cost");
	json_t *ts = json_object_get(cost, "throttleStatus");
	json_t *req = json_object_get(cost, "requestedQueryCost");
	json_t *avail = json_object_get(ts, "currentlyAvailable");
	json_t *rate = json_object_get(ts, "restoreRate");
	double need, secs;
	long w;

	if (!json_is_number(req) || !json_is_number(avail) || !json_is_number(rate))
		return 0;
	need = json_number_value(req) - json_number_value(avail);
	if (need <= 0)
		return 0;
	if (json_number_value(rate) <= 0)
		return WAIT_CAP;
	secs = need / json_number_value(rate);
	if (secs >= WAIT_CAP)
		return WAIT_CAP;
	w = (long)secs;
	if ((double)w < secs)
		w++;
	return w < 1 ? 1 : w;
}

/* The first message of a GraphQL "errors" value (a list of objects, or
 * a bare string) as one safe line; *throttled when any says THROTTLED.
 * NULL when there are no errors. */
static char *
graphql_error(json_t *errors, int *throttled)
{
	json_t *e;
	size_t i;

	*throttled = 0;
	if (json_is_string(errors))
		return store_shop_text(json_string_value(errors));
	if (json_array_size(errors) == 0)
		return NULL;
	json_array_foreach(errors, i, e)
		if (strcmp(js(json_object_get(e, "extensions"), "code"), "THROTTLED") == 0)
			*throttled = 1;
	e = json_array_get(errors, 0);
	return store_shop_text(js(e, "message")[0] != '\0' ? js(e, "message") : _("no reason given"));
}

/* One request for a page of orders: POST query with vars, with the
 * retries the API calls for (a read, so repeating it is harmless). 0 with
 * *doc, the parsed answer free of GraphQL errors, or -1 with *err. */
static int
post(struct shop *sh, const char *query, json_t *vars, int page, json_t **doc, char **err)
{
	const char *name = sh->s->name;
	json_t *req = json_object();
	char *body, *e = NULL, *msg;
	int attempt, rc = -1, throttled;

	*doc = NULL;
	json_object_set_new(req, "query", json_string(query));
	json_object_set(req, "variables", vars);
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (body == NULL) { /* a value that is not UTF-8 */
		*err = xasprintf(_("store %s: page %d of orders: the query cannot be written"),
		    name, page);
		return -1;
	}
	for (attempt = 0;; attempt++) {
		struct http_response res;
		json_error_t je;
		long wait;

		if (sh->wait_next > 0) {
			sleep((unsigned)sh->wait_next);
			sh->wait_next = 0;
		}
		if (http_post(sh->url, &sh->ho, body, strlen(body), "application/json", &res,
		    &e) != 0) {
			if (res.transient && attempt < RETRIES) {
				free(e);
				e = NULL;
				sh->wait_next = 1L << attempt;
				continue;
			}
			*err = xasprintf(_("store %s: %s"), name, e);
			free(e);
			goto out;
		}
		if (res.status == 429 || res.status >= 500) {
			if (attempt >= RETRIES) {
				*err = xasprintf(_("store %s: the shop answered HTTP %ld, %d times"),
				    name, res.status, attempt + 1);
				http_response_free(&res);
				goto out;
			}
			wait = res.status == 429 && res.retry_after >= 0 ? res.retry_after :
			    1L << attempt;
			sh->wait_next = wait > WAIT_CAP ? WAIT_CAP : wait;
			http_response_free(&res);
			continue;
		}
		if (res.status != 200) {
			*err = xasprintf(_("store %s: the shop answered HTTP %ld%s"), name,
			    res.status, res.status == 401 || res.status == 403 ?
			    _(" (check the access token that token_cmd prints, and the app's "
			    "read_orders scope)") : "");
			http_response_free(&res);
			goto out;
		}
		*doc = json_loadb(res.body, res.len, JSON_REJECT_DUPLICATES, &je);
		http_response_free(&res);
		if (!json_is_object(*doc)) {
			*err = xasprintf(_("store %s: page %d of orders is not a JSON object (%s)"),
			    name, page, *doc == NULL ? je.text : _("another JSON value"));
			goto out;
		}
		if ((msg = graphql_error(json_object_get(*doc, "errors"), &throttled)) == NULL) {
			/* pace the next page by what is left of the budget */
			sh->wait_next = budget_wait(*doc);
			rc = 0;
			goto out;
		}
		if (throttled && attempt < RETRIES) {
			wait = budget_wait(*doc);
			sh->wait_next = wait > 0 ? wait : 1L << attempt;
			free(msg);
			json_decref(*doc);
			*doc = NULL;
			continue;
		}
		*err = throttled ?
		    xasprintf(_("store %s: the shop is still throttling after %d tries: %s"),
		    name, attempt + 1, msg) :
		    xasprintf(_("store %s: the shop refused the query for page %d: %s"), name,
		    page, msg);
		free(msg);
		goto out;
	}
out:
	if (rc != 0) {
		json_decref(*doc);
		*doc = NULL;
	}
	free(body);
	return rc;
}

/* The line items of order node j beyond its first ITEMS_FIRST, appended to
 * its lineItems.nodes (whose pageInfo then says whether any are still
 * missing: more than ITEMS_PAGES pages of them). 0, or -1 with *err. */
static int
more_items(struct shop *sh, json_t *j, int page, char **err)
{
	json_t *li = json_object_get(j, "lineItems"), *nodes = json_object_get(li, "nodes");
	json_t *info = json_object_get(li, "pageInfo"), *vars, *doc, *got, *it;
	int n;
	size_t i;

	for (n = 0; n < ITEMS_PAGES && json_is_true(json_object_get(info, "hasNextPage")) &&
	    json_is_array(nodes) && js(j, "id")[0] != '\0'; n++) {
		if (js(info, "endCursor")[0] == '\0')
			break; /* no way on: the order is skipped as incomplete */
		vars = json_pack("{s:s, s:s, s:i}", "id", js(j, "id"), "after",
		    js(info, "endCursor"), "items", ITEMS_MORE);
		if (post(sh, ITEMS_QUERY, vars, page, &doc, err) != 0) {
			json_decref(vars);
			return -1;
		}
		json_decref(vars);
		got = json_object_get(json_object_get(json_object_get(doc, "data"), "order"),
		    "lineItems");
		if (!json_is_array(json_object_get(got, "nodes")) ||
		    !json_is_object(json_object_get(got, "pageInfo"))) {
			char *name = store_shop_text(js(j, "name"));

			*err = xasprintf(_("store %s: page %d of orders: the rest of the line items "
			    "of order %s did not come"), sh->s->name, page, name);
			free(name);
			json_decref(doc);
			return -1;
		}
		json_array_foreach(json_object_get(got, "nodes"), i, it)
			json_array_append(nodes, it);
		json_object_set(li, "pageInfo", json_object_get(got, "pageInfo"));
		info = json_object_get(li, "pageInfo");
		json_decref(doc);
	}
	return 0;
}

/* The token, the endpoint and the sources row. 0, or -1 with *err. */
static int
shop_open(struct db *db, const struct config_store *s, struct shop *sh, int64_t *source,
    int64_t now, char **err)
{
	const char *v = s->api_version != NULL ? s->api_version : "";
	char *token, *why = NULL;
	const char *p;

	memset(sh, 0, sizeof *sh);
	sh->s = s;
	if (v[0] == '\0' || strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(v)) {
		*err = xasprintf(_("store %s: api_version '%s' is not a version like 2024-10"),
		    s->name, v);
		return -1;
	}
	if ((token = remote_password(s->key_cmd, s->timeout, &why)) == NULL) {
		*err = xasprintf(_("store %s: token_cmd: %s"), s->name, why);
		free(why);
		return -1;
	}
	for (p = token; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f) {
			remote_secret_free(token);
			*err = xasprintf(_("store %s: token_cmd must print the access token alone "
			    "(no spaces or control characters)"), s->name);
			return -1;
		}
	sh->header = xasprintf("X-Shopify-Access-Token: %s", token);
	remote_secret_free(token);
	sh->url = xasprintf("%s/admin/api/%s/graphql.json", s->url, v);
	sh->ho.ca_file = s->ca_file;
	sh->ho.timeout_s = s->timeout;
	sh->ho.max_body = (size_t)s->max_response;
	sh->ho.bearer_header = sh->header;
	if ((*source = orders_source(db, "shopify", s->name, now)) == 0) {
		*err = xasprintf(_("store %s: cannot write to the database: %s"), s->name,
		    db_errmsg(db));
		return -1;
	}
	return 0;
}

static void
shop_close(struct shop *sh)
{
	remote_secret_free(sh->header);
	free(sh->url);
	memset(sh, 0, sizeof *sh);
}

/* Every page of the orders matching search (Shopify search syntax) into
 * the database, one transaction per page. With cursor (the incremental
 * sync; the saved cursor or ""), the latest updatedAt seen moves
 * sources.cursor in the same transaction. With email instead (one
 * customer's orders), the cursor and sources.last_sync_at stay: they speak
 * for the whole shop; orders under another address are passed over. */
static int
pages(struct db *db, struct shop *sh, int64_t source, const char *search, const char *cursor,
    const char *email, int64_t now, struct store_report *r, char **err)
{
	const char *name = sh->s->name;
	char *after = NULL, *latest = NULL;
	int64_t latest_t = -1;
	sqlite3_stmt *st;
	int page, rc = -1;

	if (cursor != NULL && cursor[0] != '\0' && orders_parse_time(cursor, &latest_t) != 0)
		latest_t = -1;
	for (page = 1; page <= MAX_PAGES; page++) {
		json_t *vars = json_object(), *doc, *orders, *nodes, *info, *j;
		const char *next;
		int more;
		size_t i;

		json_object_set_new(vars, "first", json_integer(PER_PAGE));
		json_object_set_new(vars, "after", after != NULL ? json_string(after) : json_null());
		json_object_set_new(vars, "query", json_string(search));
		json_object_set_new(vars, "items", json_integer(ITEMS_FIRST));
		json_object_set_new(vars, "ships", json_integer(SHIPS_FIRST));
		if (post(sh, QUERY, vars, page, &doc, err) != 0) {
			json_decref(vars);
			goto out;
		}
		json_decref(vars);
		orders = json_object_get(json_object_get(doc, "data"), "orders");
		nodes = json_object_get(orders, "nodes");
		info = json_object_get(orders, "pageInfo");
		more = json_is_true(json_object_get(info, "hasNextPage"));
		next = js(info, "endCursor");
		if (!json_is_array(nodes) || !json_is_object(info)) {
			*err = xasprintf(_("store %s: page %d of orders has no list of orders"), name,
			    page);
			json_decref(doc);
			goto out;
		}
		if (more && (next[0] == '\0' || (after != NULL && strcmp(next, after) == 0))) {
			*err = xasprintf(_("store %s: page %d of orders says more follow but gives "
			    "no new cursor"), name, page);
			json_decref(doc);
			goto out;
		}
		json_array_foreach(nodes, i, j)
			if (more_items(sh, j, page, err) != 0) {
				json_decref(doc);
				goto out;
			}
		r->pages++;
		if (db_begin(db) != 0) {
			json_decref(doc);
			goto dberr;
		}
		json_array_foreach(nodes, i, j) {
			struct order_in o;
			enum order_outcome oc;
			int created = 0;
			char *bad = map_order(j, &o);
			int64_t t;

			if (bad == NULL && email != NULL && strcmp(o.email, email) != 0) {
				order_in_clear(&o);
				continue; /* matched by the search, but not this customer's */
			}
			if (bad == NULL && orders_upsert(db, source, &o, now, &oc, &created) != 0) {
				db_rollback(db);
				order_in_clear(&o);
				json_decref(doc);
				goto dberr;
			}
			store_tally(r, name, bad, oc, created);
			free(bad);
			/* a skipped order moves the cursor too: it must not
			 * hold back every later one */
			if (orders_parse_time(js(j, "updatedAt"), &t) == 0 && t > latest_t) {
				latest_t = t;
				free(latest);
				latest = xstrdup(js(j, "updatedAt"));
			}
			order_in_clear(&o);
		}
		free(after);
		after = more ? xstrdup(next) : NULL;
		json_decref(doc);
		/* the cursor moves with the orders it covers */
		if (cursor != NULL) {
			if ((st = db_stmt(db, SQL_CURSOR_SET)) == NULL) {
				db_rollback(db);
				goto dberr;
			}
			sqlite3_bind_int64(st, 1, source);
			db_bind_text_or_null(st, 2, latest != NULL ? latest :
			    cursor[0] != '\0' ? cursor : NULL);
			sqlite3_bind_int64(st, 3, now);
			if (sqlite3_step(st) != SQLITE_DONE) {
				db_done(st);
				db_rollback(db);
				goto dberr;
			}
			db_done(st);
		}
		if (db_commit(db) != 0) {
			db_rollback(db);
			goto dberr;
		}
		if (!more)
			break;
	}
	rc = 0;
	goto out;
dberr:
	*err = xasprintf(_("store %s: cannot write to the database: %s"), name, db_errmsg(db));
out:
	free(after);
	free(latest);
	return rc;
}

int
shopify_sync(struct db *db, const struct config_store *s, struct store_report *r, char **err)
{
	struct shop sh;
	char *cursor = NULL, *search;
	int64_t source, now = clock_now(), since;
	sqlite3_stmt *st;
	int rc = -1;

	*err = NULL;
	if (shop_open(db, s, &sh, &source, now, err) != 0)
		goto out;
	if ((st = db_stmt(db, SQL_CURSOR_GET)) != NULL) {
		sqlite3_bind_int64(st, 1, source);
		if (sqlite3_step(st) == SQLITE_ROW)
			cursor = xstrdup(db_col_text(st, 0));
		db_done(st);
	}
	if (cursor == NULL)
		cursor = xstrdup("");
	/* The filter is rebuilt from the parsed time, never pasted from the
	 * stored text. ">=" re-reads the orders of the cursor's own second
	 * (unchanged, so nothing is written): one updated later in that same
	 * second is not missed. */
	if (cursor[0] != '\0' && orders_parse_time(cursor, &since) == 0) {
		time_t t = (time_t)since;
		struct tm tm;
		char iso[32];

		gmtime_r(&t, &tm);
		strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
		search = xasprintf("updated_at:>='%s'", iso);
	} else {
		search = xstrdup("");
	}
	rc = pages(db, &sh, source, search, cursor, NULL, now, r, err);
	free(search);
out:
	free(cursor);
	shop_close(&sh);
	return rc;
}

int
shopify_sync_customer(struct db *db, const struct config_store *s, const char *email,
    struct store_report *r, char **err)
{
	struct shop sh;
	struct buf q;
	int64_t source, now = clock_now();
	char *addr, *p, *search = NULL;
	int rc = -1;

	*err = NULL;
	memset(&sh, 0, sizeof sh);
	addr = xstrdup(email != NULL ? email : "");
	for (p = addr; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (!compose_addr_ok(addr)) {
		p = store_shop_text(addr);
		*err = xasprintf(_("store %s: '%s' is not an email address"), s->name, p);
		free(p);
		goto out;
	}
	if (shop_open(db, s, &sh, &source, now, err) != 0)
		goto out;
	/* a quoted search value; a dot-atom has no quote or backslash, but
	 * they are escaped all the same */
	buf_init(&q, strlen(addr) * 2 + 16);
	buf_addstr(&q, "email:\"");
	for (p = addr; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(&q, '\\');
		buf_addc(&q, *p);
	}
	buf_addc(&q, '"');
	search = buf_take(&q);
	buf_free(&q);
	rc = pages(db, &sh, source, search, NULL, addr, now, r, err);
out:
	free(search);
	free(addr);
	shop_close(&sh);
	return rc;
}
