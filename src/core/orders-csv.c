/* orders-csv.c: see orders-csv.h. libcsv splits records (quoting,
 * multi-line fields); this file maps columns by header name, groups the
 * line-item rows of an order, checks every value and stores each order in
 * one piece. A record's line number is counted from the line breaks that
 * libcsv consumed, including those inside quoted fields. */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/orders-csv.h"
#include "core/orders-store.h"
#include "db/db.h"
#include "util/clock.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define BATCH 500
#define FIELD_MAX (64 * 1024)

enum col {
	C_ID, C_NAME, C_EMAIL, C_FIN, C_FUL, C_CURRENCY, C_SUBTOTAL, C_SHIPPING, C_TAXES,
	C_TOTAL, C_DISCOUNT, C_CREATED, C_CANCELLED, C_REFUNDED, C_QTY, C_ITEM_NAME,
	C_ITEM_PRICE, C_ITEM_SKU, C_ITEM_DISCOUNT, C_BILLING_NAME, C_PHONE, C_NCOLS
};
static const char *const col_names[C_NCOLS] = {
	"Id", "Name", "Email", "Financial Status", "Fulfillment Status", "Currency", "Subtotal",
	"Shipping", "Taxes", "Total", "Discount Amount", "Created at", "Cancelled at",
	"Refunded Amount", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku",
	"Lineitem discount", "Billing Name", "Phone",
};
static const int required[] = { C_NAME, C_EMAIL, C_CURRENCY, C_TOTAL, C_CREATED, C_QTY,
	C_ITEM_NAME, C_ITEM_PRICE, -1 };


/* An order being read: what is stored, plus where it started and what
 * was wrong with it. */
struct order {
	long line;
	char *bad;
	struct order_in in;
};

struct state {
	struct db *db;
	struct csv_report *r;
	int header_done, map[C_NCOLS];
	char **fields;
	size_t nfields, cap;
	long line, row_newlines;
	struct order cur;
	int have_cur;
	int64_t source, now;
	size_t in_tx;
	char *fatal;
};

/* --- values ---------------------------------------------------------------- */

int
orders_parse_money(const char *s, const char *cur, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	int d = money_decimals(cur), nd = 0, i;
	const char *p = s;

	if (s == NULL || *s == '\0')
		return -1;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > (INT64_MAX - 9) / 10 / 1000)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, nd++) {
			if (nd >= d) {
				if (*p != '0') /* more precision than the currency has */
					return -1;
				continue;
			}
			frac = frac * 10 + (*p - '0');
		}
		if (nd == 0)
			return -1;
	}
	if (*p != '\0')
		return -1;
	for (i = nd < d ? nd : d; i < d; i++)
		frac *= 10;
	for (i = 0; i < d; i++)
		whole *= 10;
	*out = whole + frac;
	return 0;
}

int
orders_parse_time(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, n = 0, zh = 0, zm = 0;
	char sep, sign = '+';
	const char *z;
	struct tm tm;
	time_t t;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &sec,
	    &n) != 7 || (sep != ' ' && sep != 'T'))
		return -1;
	z = s + n;
	while (*z == ' ')
		z++;
	if (*z == 'Z' && z[1] == '\0') {
		z++;
	} else if (*z == '+' || *z == '-') {
		int m = 0;

		sign = *z;
		if (sscanf(z + 1, "%2d%n", &zh, &m) != 1 || m != 2)
			return -1;
		z += 1 + m;
		if (*z == ':')
			z++;
		if (sscanf(z, "%2d%n", &zm, &m) != 1 || m != 2)
			return -1;
		z += m;
	}
	if (*z != '\0' || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || sec > 60 || zh > 14 || zm > 59 || h < 0 || mi < 0 || sec < 0)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (tm.tm_mday != d) /* 31 February */
		return -1;
	*out = (int64_t)t - (sign == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
	return 0;
}

static const char *
fin_status(const char *s)
{
	static const char *const known[] = { "pending", "authorized", "paid", "partially_refunded",
		"refunded", "voided", NULL };
	int i;

	for (i = 0; known[i] != NULL; i++)
		if (strcasecmp(s, known[i]) == 0)
			return known[i];
	return "unknown";
}

static const char *
ful_status(const char *s)
{
	if (strcasecmp(s, "fulfilled") == 0)
		return "fulfilled";
	if (strcasecmp(s, "partial") == 0)
		return "partial";
	if (strcasecmp(s, "unfulfilled") == 0 || strcasecmp(s, "pending") == 0)
		return "unfulfilled";
	if (strcasecmp(s, "restocked") == 0)
		return "restocked";
	return "unknown";
}

/* --- rows ------------------------------------------------------------------ */

static const char *
field(struct state *s, enum col c)
{
	int i = s->map[c];

	return i >= 0 && (size_t)i < s->nfields && s->fields[i] != NULL ? s->fields[i] : "";
}

static void
order_clear(struct order *o)
{
	order_in_clear(&o->in);
	free(o->bad);
	o->bad = NULL;
	o->line = 0;
}

/* fmt is one of our own translated formats with two %s: the column and
 * the value. */
static void mark_bad(struct order *o, long line, const char *fmt, const char *what,
    const char *value) __attribute__((format(printf, 3, 0)));

static void
mark_bad(struct order *o, long line, const char *fmt, const char *what, const char *value)
{
	if (o->bad != NULL)
		return;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	o->bad = xasprintf(fmt, what, value);
#pragma GCC diagnostic pop
	o->line = line;
}

/* money column c of the current row, or a problem on o */
static int64_t
money(struct state *s, struct order *o, enum col c, int optional)
{
	const char *v = field(s, c);
	int64_t m = 0;

	if (v[0] == '\0' && optional)
		return 0;
	if (orders_parse_money(v, o->in.currency, &m) != 0)
		mark_bad(o, s->line, _("%s: '%s' is not an amount"), col_names[c], v);
	return m;
}

static void
add_item(struct state *s, struct order *o)
{
	const char *q = field(s, C_QTY);
	char *end;
	long long qty = strtoll(q, &end, 10);
	int64_t price, discount;

	if (q[0] == '\0' || *end != '\0' || qty < 1 || qty > 1000000)
		mark_bad(o, s->line, _("%s: '%s' is not a quantity"), col_names[C_QTY], q);
	if (field(s, C_ITEM_NAME)[0] == '\0')
		mark_bad(o, s->line, _("%s: '%s' is empty"), col_names[C_ITEM_NAME], "");
	price = money(s, o, C_ITEM_PRICE, 0);
	discount = money(s, o, C_ITEM_DISCOUNT, 1);
	order_in_add_item(&o->in, field(s, C_ITEM_SKU), field(s, C_ITEM_NAME), "", qty, price,
	    discount);
}

static void
start_order(struct state *s, struct order *o)
{
	const char *cur = field(s, C_CURRENCY), *email = field(s, C_EMAIL), *v;
	char *p;

	struct order_in *in = &o->in;

	memset(o, 0, sizeof *o);
	o->line = s->line;
	in->number = xstrdup(field(s, C_NAME));
	in->ext = xstrdup(field(s, C_ID)[0] != '\0' ? field(s, C_ID) : field(s, C_NAME));
	in->email = xstrdup(email);
	for (p = in->email; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	in->currency = xstrdup(cur);
	in->name = xstrdup(field(s, C_BILLING_NAME));
	in->phone = xstrdup(field(s, C_PHONE));
	in->fin = xstrdup(fin_status(field(s, C_FIN)));
	in->ful = xstrdup(ful_status(field(s, C_FUL)));
	if (strlen(cur) != 3 || strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
		mark_bad(o, s->line, _("%s: '%s' is not a currency code"), col_names[C_CURRENCY], cur);
	if (strchr(in->email, '@') == NULL || strpbrk(in->email, " \t\r\n<>\",;") != NULL)
		mark_bad(o, s->line, _("%s: '%s' is not an email address"), col_names[C_EMAIL], email);
	if (orders_parse_time(field(s, C_CREATED), &in->placed) != 0)
		mark_bad(o, s->line, _("%s: '%s' is not a date"), col_names[C_CREATED],
		    field(s, C_CREATED));
	in->cancelled = -1;
	if ((v = field(s, C_CANCELLED))[0] != '\0' && orders_parse_time(v, &in->cancelled) != 0)
		mark_bad(o, s->line, _("%s: '%s' is not a date"), col_names[C_CANCELLED], v);
	in->has_subtotal = field(s, C_SUBTOTAL)[0] != '\0';
	in->subtotal = money(s, o, C_SUBTOTAL, 1);
	in->shipping = money(s, o, C_SHIPPING, 1);
	in->tax = money(s, o, C_TAXES, 1);
	in->total = money(s, o, C_TOTAL, 0);
	in->discount = money(s, o, C_DISCOUNT, 1);
	in->refunded = money(s, o, C_REFUNDED, 1);
	if (in->refunded > in->total)
		mark_bad(o, s->line, _("%s: '%s' is more than the order's total"),
		    col_names[C_REFUNDED], field(s, C_REFUNDED));
}

/* --- storing --------------------------------------------------------------- */

static int
store_order(struct state *s, struct order *o)
{
	enum order_outcome out;
	int created = 0;

	if (s->in_tx == 0 && db_begin(s->db) != 0)
		return -1;
	s->in_tx++;
	if (orders_upsert(s->db, s->source, &o->in, s->now, &out, &created) != 0)
		return -1;
	s->r->customers_new += created;
	if (out == ORDER_NEW)
		s->r->orders_new++;
	else if (out == ORDER_CHANGED)
		s->r->orders_changed++;
	else
		s->r->orders_same++;
	return 0;
}

static void
flush_order(struct state *s)
{
	if (!s->have_cur)
		return;
	s->have_cur = 0;
	if (s->cur.bad != NULL) {
		char *msg = xasprintf(_("order %s skipped: %s"), s->cur.in.number, s->cur.bad);

		s->r->orders_bad++;
		if (s->r->problem != NULL)
			s->r->problem(s->cur.line, msg, s->r->ctx);
		free(msg);
	} else if (s->fatal == NULL && store_order(s, &s->cur) != 0) {
		s->fatal = xasprintf(_("cannot write to the database: %s"), db_errmsg(s->db));
	}
	if (s->fatal == NULL && s->in_tx >= BATCH) {
		if (db_commit(s->db) != 0)
			s->fatal = xasprintf(_("cannot write to the database: %s"), db_errmsg(s->db));
		s->in_tx = 0;
	}
	order_clear(&s->cur);
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct state *s = arg;
	const char *p = data;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] == '\n')
			s->row_newlines++;
	if (s->nfields == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->fields = xreallocarray(s->fields, s->cap, sizeof *s->fields);
	}
	/* Text fields are kept as they are (display sanitises); NUL ends them. */
	s->fields[s->nfields++] = len > FIELD_MAX ? xstrndup(p, FIELD_MAX) :
	    xstrndup(p != NULL ? p : "", len);
}

static void
on_row(int c, void *arg)
{
	struct state *s = arg;
	size_t i;
	int j, k;

	(void)c;
	if (s->fatal != NULL)
		goto next;
	if (!s->header_done) {
		for (j = 0; j < C_NCOLS; j++)
			s->map[j] = -1;
		for (i = 0; i < s->nfields; i++) {
			char *h = s->fields[i], *e;

			while (*h == ' ')
				h++;
			e = h + strlen(h);
			while (e > h && e[-1] == ' ')
				*--e = '\0';
			for (j = 0; j < C_NCOLS; j++)
				if (s->map[j] < 0 && strcasecmp(h, col_names[j]) == 0)
					s->map[j] = (int)i;
		}
		for (k = 0; required[k] >= 0; k++)
			if (s->map[required[k]] < 0) {
				s->fatal = xasprintf(_("the header has no '%s' column (is this "
				    "Shopify's orders export?)"), col_names[required[k]]);
				goto next;
			}
		s->header_done = 1;
		goto next;
	}
	s->r->rows++;
	if (s->have_cur && (field(s, C_NAME)[0] == '\0' ||
	    strcmp(field(s, C_NAME), s->cur.in.number) == 0)) {
		add_item(s, &s->cur);
	} else {
		flush_order(s);
		if (s->fatal != NULL)
			goto next;
		if (field(s, C_NAME)[0] == '\0') {
			if (s->r->problem != NULL)
				s->r->problem(s->line, _("a row without an order Name, and no order "
				    "before it: skipped"), s->r->ctx);
			goto next;
		}
		start_order(s, &s->cur);
		s->have_cur = 1;
		add_item(s, &s->cur);
	}
next:
	for (i = 0; i < s->nfields; i++)
		free(s->fields[i]);
	s->nfields = 0;
	s->line += 1 + s->row_newlines;
	s->row_newlines = 0;
}

int
orders_csv_import(struct db *db, const char *path, struct csv_report *r, char **err)
{
	struct csv_parser p;
	struct state s;
	char buf[65536];
	ssize_t n;
	int fd, first = 1, rc = -1;

	*err = NULL;
	memset(&s, 0, sizeof s);
	s.db = db;
	s.r = r;
	s.line = 1;
	s.now = clock_now();
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*err = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) {
		close(fd);
		*err = xstrdup(_("cannot set up the CSV reader"));
		return -1;
	}
	/* the source row (made once: a repeated import writes nothing) */
	if ((s.source = orders_source(db, "csv", "shopify-orders-export", s.now)) == 0) {
		*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(db));
		goto out;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
		const char *data = buf;
		size_t len = (size_t)(n > 0 ? n : 0);

		if (first && len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
			data += 3;
			len -= 3;
		}
		first = 0;
		if (csv_parse(&p, data, len, on_field, on_row, &s) != len) {
			*err = xasprintf(_("%s, line %ld: %s"), path, s.line,
			    csv_strerror(csv_error(&p)));
			break;
		}
		if (s.fatal != NULL)
			break;
	}
	if (*err == NULL && s.fatal == NULL) {
		/* libcsv's states: 2 is "field begun"; a quoted field still open
		 * at the end of the file is a broken file, not a value. */
		if ((p.pstate == 2 && p.quoted) || csv_fini(&p, on_field, on_row, &s) != 0)
			*err = xasprintf(_("%s, line %ld: a quoted field is never closed"), path,
			    s.line);
		else
			flush_order(&s);
	}
	if (*err == NULL && s.fatal == NULL && !s.header_done)
		*err = xasprintf(_("%s is empty"), path);
	if (s.fatal != NULL && *err == NULL) {
		*err = xasprintf("%s: %s", path, s.fatal);
	}
	if (s.in_tx > 0) {
		if (*err == NULL && db_commit(db) != 0)
			*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(db));
		if (*err != NULL)
			db_rollback(db);
	}
	rc = *err == NULL ? 0 : -1;
out:
	order_clear(&s.cur);
	for (size_t i = 0; i < s.nfields; i++)
		free(s.fields[i]);
	free(s.fields);
	free(s.fatal);
	csv_free(&p);
	close(fd);
	return rc;
}
