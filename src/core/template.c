/* template.c: see template.h. The renderer is a single pass with a stack
 * of open sections; hidden text is still parsed, so a typo in a branch that
 * this customer does not reach is found by `template check` all the same. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/template.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/xmalloc.h"

#define TEMPLATE_MAX (64 * 1024)
#define DEPTH_MAX 16

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/aftercare"
#endif

static const char *const sections[] = { "order", "shipment", "expected", "delivered", "loyalty",
	"return", "return_address", "credit", "exchange", NULL };
static const char *const variables[] = {
	"customer.name", "customer.first_name", "ticket.number", "ticket.subject",
	"order.number", "order.date", "order.total", "order.items",
	"shipment.carrier", "shipment.tracking_number", "shipment.tracking_url",
	"expected.date", "delivered.date", "loyalty.tier", "loyalty.points", "agent.name",
	"return.rma", "return.items", "return.amount", "return.address", "return.replacement",
	NULL,
};

static int
known(const char *const *list, const char *s, size_t n)
{
	int i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

static int
line_of(const char *body, const char *at)
{
	int line = 1;

	for (; body < at; body++)
		if (*body == '\n')
			line++;
	return line;
}

/* The tag as it may be quoted in a message: printable ASCII, at most 40. */
static char *
quoted(const char *tag, size_t n)
{
	char *q = xmalloc(n > 40 ? 44 : n + 1);
	size_t i, m = n > 40 ? 40 : n;

	for (i = 0; i < m; i++)
		q[i] = tag[i] >= 0x20 && tag[i] < 0x7f ? tag[i] : '?';
	if (n > 40)
		memcpy(q + m, "...", 3), m += 3;
	q[m] = '\0';
	return q;
}

int
template_render(const char *name, const char *body, json_t *ctx, char **out, char **err)
{
	struct { char name[32]; int shown; } stack[DEPTH_MAX];
	int depth = 0, shown = 1, over = 0;
	const char *p = body, *open, *close;
	struct buf b;

	*out = NULL;
	*err = NULL;
	buf_init(&b, TEMPLATE_MAX * 8);
	while ((open = strstr(p, "{{")) != NULL) {
		const char *tag, *end;
		size_t n;

		{
			const char *stray = memmem(p, (size_t)(open - p), "}}", 2);

			if (stray != NULL) {
				*err = xasprintf(_("template %s, line %d: }} without {{"), name,
				    line_of(body, stray));
				goto fail;
			}
		}
		if (shown && buf_add(&b, p, (size_t)(open - p)) != 0)
			over = 1;
		if ((close = strstr(open + 2, "}}")) == NULL) {
			*err = xasprintf(_("template %s, line %d: {{ is never closed"), name,
			    line_of(body, open));
			goto fail;
		}
		/* A tag never spans lines: "{{" with no "}}" on its line is open. */
		if (memchr(open, '\n', (size_t)(close - open)) != NULL) {
			*err = xasprintf(_("template %s, line %d: {{ is never closed"), name,
			    line_of(body, open));
			goto fail;
		}
		tag = open + 2;
		end = close;
		while (tag < end && *tag == ' ')
			tag++;
		while (end > tag && end[-1] == ' ')
			end--;
		n = (size_t)(end - tag);
		if (n > 0 && (*tag == '#' || *tag == '^')) {
			int has;

			if (!known(sections, tag + 1, n - 1)) {
				char *q = quoted(tag, n);

				*err = xasprintf(_("template %s, line %d: unknown section {{%s}}"),
				    name, line_of(body, open), q);
				free(q);
				goto fail;
			}
			if (depth == DEPTH_MAX) {
				*err = xasprintf(_("template %s, line %d: sections nest too deeply"),
				    name, line_of(body, open));
				goto fail;
			}
			snprintf(stack[depth].name, sizeof stack[depth].name, "%.*s", (int)n - 1,
			    tag + 1);
			stack[depth].shown = shown;
			has = json_is_true(json_object_get(ctx, stack[depth].name));
			shown = shown && (*tag == '#' ? has : !has);
			depth++;
		} else if (n > 0 && *tag == '/') {
			if (depth == 0 || strlen(stack[depth - 1].name) != n - 1 ||
			    strncmp(stack[depth - 1].name, tag + 1, n - 1) != 0) {
				char *q = quoted(tag, n);

				*err = xasprintf(_("template %s, line %d: {{%s}} closes no open "
				    "section"), name, line_of(body, open), q);
				free(q);
				goto fail;
			}
			depth--;
			shown = stack[depth].shown;
		} else if (known(variables, tag, n)) {
			char key[64];
			const char *v;

			snprintf(key, sizeof key, "%.*s", (int)n, tag);
			v = json_string_value(json_object_get(ctx, key));
			if (shown && (v == NULL || v[0] == '\0')) {
				*err = xasprintf(_("template %s, line %d: {{%s}} has no value for this "
				    "ticket"), name, line_of(body, open), key);
				goto fail;
			}
			if (shown && buf_addstr(&b, v) != 0)
				over = 1;
		} else {
			char *q = quoted(tag, n);

			*err = xasprintf(_("template %s, line %d: unknown variable {{%s}}"), name,
			    line_of(body, open), q);
			free(q);
			goto fail;
		}
		p = close + 2;
	}
	if (strstr(p, "}}") != NULL) {
		*err = xasprintf(_("template %s, line %d: }} without {{"), name,
		    line_of(body, strstr(p, "}}")));
		goto fail;
	}
	if (depth > 0) {
		*err = xasprintf(_("template %s: {{#%s}} is never closed"), name,
		    stack[depth - 1].name);
		goto fail;
	}
	if (shown && buf_addstr(&b, p) != 0)
		over = 1;
	if (over) {
		*err = xasprintf(_("template %s renders too long"), name);
		goto fail;
	}
	*out = buf_take(&b);
	return 0;
fail:
	buf_free(&b);
	return -1;
}

/* --- the values ----------------------------------------------------------- */

static const char SQL_TICKET[] =
	"SELECT t.id, t.subject, t.order_id, c.id, c.name, c.locale"
	" FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?1";
static const char SQL_CUSTOMER[] =
	"SELECT NULL, '', NULL, c.id, c.name, c.locale FROM customers c WHERE c.id = ?1";
static const char SQL_ALL_CUSTOMERS[] =
	"SELECT c.id, (SELECT max(t.id) FROM tickets t WHERE t.customer_id = c.id)"
	" FROM customers c WHERE c.erased = 0 ORDER BY c.id";
static const char SQL_ORDER[] =
	"SELECT id, number, placed_at, total, currency FROM orders"
	" WHERE id = ?1 OR (?1 IS NULL AND customer_id = ?2)"
	" ORDER BY placed_at DESC, id DESC LIMIT 1";
static const char SQL_ITEMS[] =
	"SELECT qty, title, variant FROM order_items WHERE order_id = ?1 ORDER BY id";
static const char SQL_SHIPMENT[] =
	"SELECT carrier, tracking_number, tracking_url, expected_at, delivered_at"
	" FROM fulfillments WHERE order_id = ?1"
	" ORDER BY coalesce(shipped_at, 0) DESC, id DESC LIMIT 1";
static const char SQL_LOYALTY[] =
	"SELECT tier, points FROM loyalty_accounts WHERE customer_id = ?1";

/* A date the way the customer's language writes it. */
static char *
customer_date(int64_t epoch, const char *locale)
{
	static const char *const months[] = { "January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December" };
	time_t t = (time_t)epoch;
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strcmp(locale, "uk") == 0 || strcmp(locale, "kk") == 0)
		return xasprintf("%02d.%02d.%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
	if (strcmp(locale, "cs") == 0)
		return xasprintf("%d. %d. %04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
	return xasprintf("%d %s %04d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

static void
set_str(json_t *ctx, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0')
		json_object_set_new(ctx, key, json_string(v));
}

static void
set_own(json_t *ctx, const char *key, char *v)
{
	set_str(ctx, key, v);
	free(v);
}

json_t *
template_context(struct db *db, int64_t ticket_id, int64_t customer_id, const char *agent,
    char **err)
{
	sqlite3_stmt *st;
	json_t *ctx = json_object();
	int64_t customer = 0, order = 0;
	char *locale = NULL;
	int rc;

	*err = NULL;
	if ((st = db_stmt(db, ticket_id > 0 ? SQL_TICKET : SQL_CUSTOMER)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, ticket_id > 0 ? ticket_id : customer_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = db_col_text(st, 4);
		size_t first = strcspn(name, " \t");

		if (ticket_id > 0)
			set_own(ctx, "ticket.number", xasprintf("%lld", (long long)ticket_id));
		set_str(ctx, "ticket.subject", db_col_text(st, 1));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			order = sqlite3_column_int64(st, 2);
		customer = sqlite3_column_int64(st, 3);
		set_str(ctx, "customer.name", name);
		set_own(ctx, "customer.first_name", xstrndup(name, first));
		locale = xstrdup(db_col_text(st, 5));
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE && ticket_id > 0)
			*err = xasprintf(_("no ticket #%lld"), (long long)ticket_id);
		else if (rc == SQLITE_DONE)
			*err = xasprintf(_("no customer %lld"), (long long)customer_id);
		else
			goto dberr;
		goto fail;
	}
	json_object_set_new(ctx, "locale", json_string(locale[0] != '\0' ? locale : "en"));
	set_str(ctx, "agent.name", agent);

	/* The ticket's order, or the customer's latest. */
	if ((st = db_stmt(db, SQL_ORDER)) == NULL)
		goto dberr;
	if (order != 0)
		sqlite3_bind_int64(st, 1, order);
	sqlite3_bind_int64(st, 2, customer);
	order = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		order = sqlite3_column_int64(st, 0);
		set_str(ctx, "order.number", db_col_text(st, 1));
		set_own(ctx, "order.date", customer_date(sqlite3_column_int64(st, 2), locale));
		set_own(ctx, "order.total", format_money(sqlite3_column_int64(st, 3),
		    db_col_text(st, 4)));
	}
	db_done(st);
	json_object_set_new(ctx, "order", json_boolean(order != 0));
	json_object_set_new(ctx, "shipment", json_false());
	json_object_set_new(ctx, "expected", json_false());
	json_object_set_new(ctx, "delivered", json_false());
	if (order != 0) {
		struct buf items;

		buf_init(&items, 16 * 1024);
		if ((st = db_stmt(db, SQL_ITEMS)) == NULL) {
			buf_free(&items);
			goto dberr;
		}
		sqlite3_bind_int64(st, 1, order);
		while (sqlite3_step(st) == SQLITE_ROW) {
			buf_addf(&items, "%s- %lld × %s", items.len > 0 ? "\n" : "",
			    (long long)sqlite3_column_int64(st, 0), db_col_text(st, 1));
			if (db_col_text(st, 2)[0] != '\0')
				buf_addf(&items, " (%s)", db_col_text(st, 2));
		}
		db_done(st);
		set_str(ctx, "order.items", buf_str(&items));
		buf_free(&items);

		if ((st = db_stmt(db, SQL_SHIPMENT)) == NULL)
			goto dberr;
		sqlite3_bind_int64(st, 1, order);
		/* A shipment counts once it has a carrier and a tracking number:
		 * the templates name both. */
		if (sqlite3_step(st) == SQLITE_ROW && db_col_text(st, 1)[0] != '\0' &&
		    db_col_text(st, 0)[0] != '\0') {
			json_object_set_new(ctx, "shipment", json_true());
			set_str(ctx, "shipment.carrier", db_col_text(st, 0));
			set_str(ctx, "shipment.tracking_number", db_col_text(st, 1));
			set_str(ctx, "shipment.tracking_url", db_col_text(st, 2));
			if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
				json_object_set_new(ctx, "delivered", json_true());
				set_own(ctx, "delivered.date", customer_date(
				    sqlite3_column_int64(st, 4), locale));
			} else if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
				json_object_set_new(ctx, "expected", json_true());
				set_own(ctx, "expected.date", customer_date(
				    sqlite3_column_int64(st, 3), locale));
			}
			/* A tracking number without a link: the number is the link text. */
			if (json_object_get(ctx, "shipment.tracking_url") == NULL)
				set_str(ctx, "shipment.tracking_url", db_col_text(st, 1));
		}
		db_done(st);
	}
	if ((st = db_stmt(db, SQL_LOYALTY)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, customer);
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_object_set_new(ctx, "loyalty", json_true());
		set_str(ctx, "loyalty.tier", db_col_text(st, 0));
		set_own(ctx, "loyalty.points", xasprintf("%lld",
		    (long long)sqlite3_column_int64(st, 1)));
	} else {
		json_object_set_new(ctx, "loyalty", json_false());
	}
	db_done(st);
	free(locale);
	return ctx;
dberr:
	*err = xasprintf(_("cannot read the database: %s"), db_errmsg(db));
fail:
	free(locale);
	json_decref(ctx);
	return NULL;
}

static const char SQL_RETURN[] =
	"SELECT r.rma, r.resolution, r.currency, r.refund_amount, r.credit_amount, r.charge"
	" FROM returns r WHERE r.id = ?1";
static const char SQL_RETURN_ITEMS[] =
	"SELECT ri.qty, oi.title, oi.variant, ri.exchange_sku FROM return_items ri"
	" JOIN order_items oi ON oi.id = ri.order_item_id WHERE ri.return_id = ?1 ORDER BY ri.id";

int
template_add_return(struct db *db, json_t *ctx, int64_t return_id, const char *address,
    char **err)
{
	struct buf items, repl;
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, SQL_RETURN)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, return_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *res = db_col_text(st, 1);

		json_object_set_new(ctx, "return", json_true());
		set_str(ctx, "return.rma", db_col_text(st, 0));
		json_object_set_new(ctx, "credit", json_boolean(strcmp(res, "credit") == 0));
		json_object_set_new(ctx, "exchange", json_boolean(strcmp(res, "exchange") == 0));
		set_own(ctx, "return.amount", format_money(sqlite3_column_int64(st,
		    strcmp(res, "credit") == 0 ? 4 : 3), db_col_text(st, 2)));
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		*err = xasprintf(_("no return %lld"), (long long)return_id);
		return -1;
	}
	if (address != NULL && address[0] != '\0') {
		json_object_set_new(ctx, "return_address", json_true());
		set_str(ctx, "return.address", address);
	} else {
		json_object_set_new(ctx, "return_address", json_false());
	}
	if ((st = db_stmt(db, SQL_RETURN_ITEMS)) == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, return_id);
	buf_init(&items, 8192);
	buf_init(&repl, 1024);
	while (sqlite3_step(st) == SQLITE_ROW) {
		buf_addf(&items, "%s%lld x %s", items.len > 0 ? ", " : "",
		    (long long)sqlite3_column_int64(st, 0), db_col_text(st, 1));
		if (db_col_text(st, 2)[0] != '\0')
			buf_addf(&items, " (%s)", db_col_text(st, 2));
		if (db_col_text(st, 3)[0] != '\0' && strstr(buf_str(&repl), db_col_text(st, 3)) == NULL)
			buf_addf(&repl, "%s%s", repl.len > 0 ? ", " : "", db_col_text(st, 3));
	}
	db_done(st);
	set_str(ctx, "return.items", buf_str(&items));
	if (repl.len > 0)
		set_str(ctx, "return.replacement", buf_str(&repl));
	buf_free(&items);
	buf_free(&repl);
	return 0;
dberr:
	*err = xasprintf(_("cannot read the database: %s"), db_errmsg(db));
	return -1;
}

/* --- the files ------------------------------------------------------------ */

const char *
template_shipped_dir(void)
{
	static char dir[4096];
	const char *env = getenv("AFTERCARE_TEMPLATES");
	struct stat sb;

	if (env != NULL && env[0] != '\0')
		return env;
	snprintf(dir, sizeof dir, "%s/templates", PKGDATADIR);
	if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
		return dir;
#ifdef TEMPLATES_SRCDIR
	/* Not installed (run from the build tree): the source tree's copy. */
	return TEMPLATES_SRCDIR;
#else
	return dir;
#endif
}

static int
valid_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] == '-' && i > 0) || (s[i] == '_' && i > 0)))
			return 0;
	return 1;
}

static char *
read_small(const char *path, int *missing)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;
	ssize_t n;
	size_t off = 0;

	*missing = fd < 0 && errno == ENOENT;
	if (fd < 0)
		return NULL;
	buf = xmalloc(TEMPLATE_MAX + 1);
	while ((n = read(fd, buf + off, TEMPLATE_MAX + 1 - off)) > 0)
		off += (size_t)n;
	close(fd);
	if (n < 0 || off > TEMPLATE_MAX || memchr(buf, '\0', off) != NULL) {
		free(buf);
		return NULL;
	}
	buf[off] = '\0';
	return buf;
}

char *
template_load(const char *name, const char *locale, char **used, char **err)
{
	char *user = paths_config_dir(), *body = NULL;
	const char *tries[2] = { locale, "en" };
	const char *dirs[2];
	int i, j, missing = 1;

	*err = NULL;
	*used = NULL;
	if (!valid_name(name)) {
		*err = xasprintf(_("'%s' is not a template name (letters, digits, '-')"), name);
		free(user);
		return NULL;
	}
	if (locale == NULL || !valid_name(locale))
		tries[0] = "en";
	dirs[0] = user;
	dirs[1] = template_shipped_dir();
	for (i = 0; i < 2 && body == NULL; i++) {
		for (j = 0; j < 2 && body == NULL; j++) {
			char *path;

			if (dirs[j] == NULL)
				continue;
			path = j == 0 ? xasprintf("%s/templates/%s/%s", dirs[j], tries[i], name) :
			    xasprintf("%s/%s/%s", dirs[j], tries[i], name);
			body = read_small(path, &missing);
			if (body == NULL && !missing) {
				*err = xasprintf(_("cannot read template %s (not a readable text file "
				    "under 64 KiB)"), path);
				free(path);
				free(user);
				return NULL;
			}
			free(path);
			if (body != NULL)
				*used = xstrdup(tries[i]);
		}
	}
	free(user);
	if (body == NULL)
		*err = xasprintf(_("no template called '%s' (see 'aftercare template list')"), name);
	return body;
}

static void
scan(json_t *out, const char *dir)
{
	DIR *d = dir != NULL ? opendir(dir) : NULL;
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *sub;
		DIR *l;
		struct dirent *f;

		if (!valid_name(e->d_name))
			continue;
		sub = xasprintf("%s/%s", dir, e->d_name);
		if ((l = opendir(sub)) != NULL) {
			while ((f = readdir(l)) != NULL) {
				json_t *locales;
				size_t i;
				json_t *v;
				int have = 0;

				if (!valid_name(f->d_name))
					continue;
				if ((locales = json_object_get(out, f->d_name)) == NULL) {
					locales = json_array();
					json_object_set_new(out, f->d_name, locales);
				}
				json_array_foreach(locales, i, v)
					if (strcmp(json_string_value(v), e->d_name) == 0)
						have = 1;
				if (!have)
					json_array_append_new(locales, json_string(e->d_name));
			}
			closedir(l);
		}
		free(sub);
	}
	closedir(d);
}

json_t *
template_list(void)
{
	json_t *out = json_object();
	char *user = paths_config_dir(), *udir = user != NULL ?
	    xasprintf("%s/templates", user) : NULL;

	scan(out, template_shipped_dir());
	scan(out, udir);
	free(udir);
	free(user);
	return out;
}

json_t *
template_check_all(struct db *db, const char *agent, char **err)
{
	static const char *const locales[] = { "en", "uk", "cs", NULL };
	json_t *names = template_list(), *failures = json_array(), *ctxs = json_array(), *v;
	sqlite3_stmt *st;
	const char *name;
	long long renders = 0;
	size_t k;
	int i;

	*err = NULL;
	if ((st = db_stmt(db, SQL_ALL_CUSTOMERS)) == NULL) {
		*err = xasprintf(_("cannot read the database: %s"), db_errmsg(db));
		goto fail;
	}
	/* Contexts first (the statement cache is shared with template_context). */
	{
		json_t *ids = json_array();

		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(ids, json_pack("[I,I]",
			    (json_int_t)sqlite3_column_int64(st, 0),
			    (json_int_t)sqlite3_column_int64(st, 1)));
		db_done(st);
		json_array_foreach(ids, k, v) {
			json_t *c = template_context(db, json_integer_value(json_array_get(v, 1)),
			    json_integer_value(json_array_get(v, 0)), agent, err);

			if (c == NULL) {
				json_decref(ids);
				goto fail;
			}
			json_object_set_new(c, "_customer", json_incref(json_array_get(v, 0)));
			json_object_set_new(c, "_ticket", json_incref(json_array_get(v, 1)));
			json_array_append_new(ctxs, c);
		}
		json_decref(ids);
	}
	json_object_foreach(names, name, v) {
		for (i = 0; locales[i] != NULL; i++) {
			char *used = NULL, *why = NULL, *body = template_load(name, locales[i], &used, &why);
			json_t *c, *f = NULL;
			long long bad = 0;

			if (body == NULL) {
				json_array_append_new(failures, json_pack("{s:s,s:s,s:I,s:s}", "name", name,
				    "locale", locales[i], "failed", (json_int_t)json_array_size(ctxs),
				    "error", why));
				free(why);
				continue;
			}
			json_array_foreach(ctxs, k, c) {
				char *text = NULL;

				renders++;
				if (template_render(name, body, c, &text, &why) == 0) {
					free(text);
					continue;
				}
				if (bad++ == 0)
					f = json_pack("{s:s,s:s,s:s,s:O,s:O}", "name", name, "locale",
					    locales[i], "error", why, "customer",
					    json_object_get(c, "_customer"), "ticket",
					    json_object_get(c, "_ticket"));
				free(why);
				why = NULL;
			}
			if (f != NULL) {
				json_object_set_new(f, "failed", json_integer(bad));
				json_array_append_new(failures, f);
			}
			free(body);
			free(used);
		}
	}
	{
		json_t *res = json_pack("{s:I,s:I,s:I,s:o}", "renderings", (json_int_t)renders,
		    "customers", (json_int_t)json_array_size(ctxs), "templates",
		    (json_int_t)json_object_size(names), "failures", failures);

		json_decref(names);
		json_decref(ctxs);
		return res;
	}
fail:
	json_decref(names);
	json_decref(ctxs);
	json_decref(failures);
	return NULL;
}
