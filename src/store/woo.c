/* woo.c: see woo.h. Money comes from the API's decimal strings (line
 * subtotals and totals), never from its floating-point "price". */
#include "config.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "core/orders-csv.h"
#include "core/orders-store.h"
#include "db/db.h"
#include "mail/compose.h"
#include "mail/remote.h"
#include "net/http.h"
#include "store/woo.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/jsonget.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define PER_PAGE 100
#define RETRIES 3
#define WAIT_CAP 60

static const char SQL_CURSOR_GET[] = "SELECT coalesce(cursor, '') FROM sources WHERE id = ?1";
static const char SQL_CURSOR_SET[] =
	"UPDATE sources SET cursor = ?2, last_sync_at = ?3, state = 'ok', last_error = NULL"
	" WHERE id = ?1";

static const char *
fin_of(const char *status)
{
	if (strcmp(status, "completed") == 0 || strcmp(status, "processing") == 0)
		return "paid";
	if (strcmp(status, "refunded") == 0)
		return "refunded";
	if (strcmp(status, "pending") == 0 || strcmp(status, "on-hold") == 0)
		return "pending";
	if (strcmp(status, "cancelled") == 0 || strcmp(status, "failed") == 0)
		return "voided";
	return "unknown";
}

/* One order of the API into o; a message on what was wrong, or NULL. */
static char *
map_order(json_t *j, struct order_in *o)
{
	json_t *billing = json_object_get(j, "billing"), *it, *rf;
	const char *cur = js(j, "currency"), *email = js(billing, "email"), *when;
	char *p, *name;
	int64_t v, sub, tot;
	size_t i;

	memset(o, 0, sizeof *o);
	o->cancelled = -1;
	if (!json_is_integer(json_object_get(j, "id")))
		return xstrdup(_("an order without an id"));
	o->ext = xasprintf("%lld", (long long)json_integer_value(json_object_get(j, "id")));
	o->number = xasprintf("#%s", js(j, "number")[0] != '\0' ? js(j, "number") : o->ext);
	/* The address goes into mail headers later: only a plain addr-spec. */
	o->email = xstrdup(email);
	for (p = o->email; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (!compose_addr_ok(o->email))
		return xasprintf(_("order %s: the billing email is not a valid address"), o->number);
	if (strlen(cur) != 3)
		return xasprintf(_("order %s: '%s' is not a currency code"), o->number, cur);
	o->currency = xstrdup(cur);
	name = xasprintf("%s %s", js(billing, "first_name"), js(billing, "last_name"));
	o->name = text_sanitize(name, strlen(name), TEXT_LINE, NULL);
	free(name);
	o->phone = xstrdup(js(billing, "phone"));
	if (ji(j, "customer_id") > 0) { /* 0: a guest */
		o->cust_kind = "woocommerce";
		o->cust_ext = xasprintf("%lld", (long long)ji(j, "customer_id"));
	}
	o->fin = xstrdup(fin_of(js(j, "status")));
	o->ful = xstrdup(strcmp(js(j, "status"), "completed") == 0 ? "fulfilled" : "unfulfilled");
	when = js(j, "date_created_gmt");
	if (orders_parse_time(when, &o->placed) != 0)
		return xasprintf(_("order %s: '%s' is not a date"), o->number, when);
	if (orders_parse_money(js(j, "total"), cur, &o->total) != 0)
		return xasprintf(_("order %s: total '%s' is not an amount"), o->number,
		    js(j, "total"));
	if (js(j, "shipping_total")[0] != '\0' &&
	    orders_parse_money(js(j, "shipping_total"), cur, &o->shipping) != 0)
		return xasprintf(_("order %s: shipping '%s' is not an amount"), o->number,
		    js(j, "shipping_total"));
	if (js(j, "total_tax")[0] != '\0' && orders_parse_money(js(j, "total_tax"), cur, &o->tax) != 0)
		return xasprintf(_("order %s: tax '%s' is not an amount"), o->number,
		    js(j, "total_tax"));
	if (js(j, "discount_total")[0] != '\0' &&
	    orders_parse_money(js(j, "discount_total"), cur, &o->discount) != 0)
		return xasprintf(_("order %s: discount '%s' is not an amount"), o->number,
		    js(j, "discount_total"));
	json_array_foreach(json_object_get(j, "line_items"), i, it) {
		json_int_t qty = json_integer_value(json_object_get(it, "quantity"));

		if (qty < 1 || orders_parse_money(js(it, "subtotal"), cur, &sub) != 0 ||
		    orders_parse_money(js(it, "total"), cur, &tot) != 0)
			return xasprintf(_("order %s: line item %zu has a bad quantity or amount"),
			    o->number, i + 1);
		order_in_add_item(o, js(it, "sku"), js(it, "name"), "", qty, sub / qty,
		    sub > tot ? sub - tot : 0);
	}
	json_array_foreach(json_object_get(j, "refunds"), i, rf) {
		const char *t = js(rf, "total");

		if (orders_parse_money(t[0] == '-' ? t + 1 : t, cur, &v) != 0)
			return xasprintf(_("order %s: refund '%s' is not an amount"), o->number, t);
		o->refunded += v;
	}
	if (o->refunded > o->total)
		o->refunded = o->total;
	return NULL;
}

/* GET with the retries the API calls for. */
static int
get(const struct config_store *s, const char *url, const struct http_opts *ho,
    struct http_response *res, char **err)
{
	int attempt;

	for (attempt = 0;; attempt++) {
		long wait;

		if (http_get(url, ho, res, err) != 0) {
			/* transport trouble (timeout, refused): try again */
			if (attempt >= RETRIES || !res->transient)
				return -1;
			free(*err);
			*err = NULL;
			sleep(1u << attempt);
			continue;
		}
		if (res->status == 200)
			return 0;
		if ((res->status == 429 || res->status >= 500) && attempt < RETRIES) {
			wait = res->status == 429 && res->retry_after >= 0 ? res->retry_after :
			    1L << attempt;
			if (wait > WAIT_CAP)
				wait = WAIT_CAP;
			http_response_free(res);
			sleep((unsigned)wait);
			continue;
		}
		*err = xasprintf(_("store %s: the shop answered HTTP %ld%s"), s->name, res->status,
		    res->status == 401 || res->status == 403 ?
		    _(" (check the keys that key_cmd prints)") : "");
		http_response_free(res);
		return -1;
	}
}

/* Pages through the orders: all modified since the cursor (which moves with
 * each page), or when email is set, that customer's orders (search matches
 * names too, so only the billing email counts; the cursor stays). */
static int
sync_pages(struct db *db, const struct config_store *s, const char *email,
    struct store_report *r, char **err)
{
	struct http_opts ho;
	char *key = NULL, *colon, *cursor = NULL, *latest = NULL, *why = NULL;
	int64_t source, now = clock_now();
	sqlite3_stmt *st;
	int page, rc = -1;

	*err = NULL;
	if ((key = remote_password(s->key_cmd, s->timeout, &why)) == NULL) {
		*err = xasprintf(_("store %s: key_cmd: %s"), s->name, why);
		free(why);
		return -1;
	}
	if ((colon = strchr(key, ':')) == NULL) {
		*err = xasprintf(_("store %s: key_cmd must print consumer_key:consumer_secret"),
		    s->name);
		goto out;
	}
	*colon = '\0';
	memset(&ho, 0, sizeof ho);
	ho.ca_file = s->ca_file;
	ho.timeout_s = s->timeout;
	ho.max_body = (size_t)s->max_response;
	ho.user = key;
	ho.password = colon + 1;
	if ((source = orders_source(db, "woocommerce", s->name, now)) == 0) {
		*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(db));
		goto out;
	}
	if ((st = db_stmt(db, SQL_CURSOR_GET)) != NULL) {
		sqlite3_bind_int64(st, 1, source);
		if (sqlite3_step(st) == SQLITE_ROW)
			cursor = xstrdup(db_col_text(st, 0));
		db_done(st);
	}
	for (page = 1;; page++) {
		struct http_response res;
		json_error_t je;
		json_t *list, *j;
		char *url, *enc = NULL;
		size_t i;

		if (email != NULL)
			enc = curl_easy_escape(NULL, email, 0);
		else if (cursor != NULL && cursor[0] != '\0')
			enc = curl_easy_escape(NULL, cursor, 0);
		url = xasprintf("%s/wp-json/wc/v3/orders?per_page=%d&page=%d&orderby=modified"
		    "&order=asc%s%s", s->url, PER_PAGE, page,
		    enc == NULL ? "" : email != NULL ? "&search=" : "&modified_after=",
		    enc != NULL ? enc : "");
		curl_free(enc);
		if (get(s, url, &ho, &res, err) != 0) {
			free(url);
			goto out;
		}
		free(url);
		list = json_loadb(res.body, res.len, JSON_REJECT_DUPLICATES, &je);
		http_response_free(&res);
		if (!json_is_array(list)) {
			*err = xasprintf(_("store %s: page %d of orders is not a JSON list (%s)"),
			    s->name, page, list == NULL ? je.text : _("another JSON value"));
			json_decref(list);
			goto out;
		}
		r->pages++;
		if (json_array_size(list) == 0) {
			json_decref(list);
			break;
		}
		if (db_begin(db) != 0) {
			json_decref(list);
			*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(db));
			goto out;
		}
		json_array_foreach(list, i, j) {
			struct order_in o;
			enum order_outcome oc;
			int created = 0;
			char *bad = map_order(j, &o);
			const char *mod = js(j, "date_modified_gmt");

			if (bad == NULL && email != NULL && strcmp(o.email, email) != 0) {
				order_in_clear(&o);
				continue; /* a namesake, not this customer */
			}
			if (bad == NULL && orders_upsert(db, source, &o, now, &oc, &created) != 0) {
				db_rollback(db);
				order_in_clear(&o);
				json_decref(list);
				*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(db));
				goto out;
			}
			store_tally(r, s->name, bad, oc, created);
			free(bad);
			if (mod[0] != '\0' && (latest == NULL || strcmp(mod, latest) > 0)) {
				free(latest);
				latest = xstrdup(mod);
			}
			order_in_clear(&o);
		}
		json_decref(list);
		/* the cursor moves with the orders it covers (not for one customer) */
		if (email == NULL) {
			if ((st = db_stmt(db, SQL_CURSOR_SET)) == NULL) {
				db_rollback(db);
				goto dberr;
			}
			sqlite3_bind_int64(st, 1, source);
			db_bind_text_or_null(st, 2, latest != NULL ? latest : cursor);
			sqlite3_bind_int64(st, 3, now);
			sqlite3_step(st);
			db_done(st);
		}
		if (db_commit(db) != 0) {
			db_rollback(db);
			goto dberr;
		}
		if (res.total_pages >= 0 && page >= res.total_pages)
			break;
		if (page >= 10000)
			break;
	}
	rc = 0;
	goto out;
dberr:
	*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(db));
out:
	remote_secret_free(key);
	free(cursor);
	free(latest);
	return rc;
}

int
woo_sync(struct db *db, const struct config_store *s, struct store_report *r, char **err)
{
	return sync_pages(db, s, NULL, r, err);
}

int
woo_sync_customer(struct db *db, const struct config_store *s, const char *email,
    struct store_report *r, char **err)
{
	return sync_pages(db, s, email, r, err);
}
