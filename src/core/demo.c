/* demo.c: builds the demo shop that demo.h describes. Everything is planned in
 * memory first (who buys what when, which ticket is about which order and how
 * it ends), then written row by row in one transaction, the texts expanded
 * from demo-text.c on the way. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/demo.h"
#include "core/loyalty.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

/* The demo shop sells in euros. */
#define DEMO_CURRENCY "EUR"

#define MINUTE 60
#define HOUR 3600
#define DAY 86400

/* Above this many tickets threads are kept to 1-3 messages, so that a
 * benchmark database of a million tickets builds in minutes. */
#define BIG_TICKETS 20000
#define MAX_TICKETS_PER_CUSTOMER 6
#define MAX_ORDERS_PER_CUSTOMER 6
/* RMA numbers have five digits per year; returns beyond this many in one
 * year are not planned (only huge benchmark runs come near it). */
#define RMA_PER_YEAR 80000
#define NYEARS 8

static const char SHOP_NAME[] = "Linden & Loom";
static const char SHOP_EMAIL[] = "care@lindenloom.example.com";
static const char *const locale_codes[DEMO_NLOCALES] = { "en", "uk", "cs", "kk" };

/* ------------------------------------------------------------------ PRNG */

/* xoshiro256** seeded through splitmix64: small, fast and the same on every
 * platform, which is what reproducible content needs. */
struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

/* A stream of its own for one object, so that what is derived from it (a
 * tracking number, the timing of a thread, a ledger) comes out the same
 * whenever and however often it is asked for. */
static void
rng_for(struct rng *r, uint64_t seed, unsigned tag, uint64_t idx)
{
	uint64_t x = seed ^ ((uint64_t)tag << 56) ^ (idx * UINT64_C(0xd1342543de82ef95));

	rng_seed(r, splitmix64(&x));
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* 0 .. n-1; the modulo bias is far below anything a demo could show. */
static int64_t
rnd_below(struct rng *r, int64_t n)
{
	return n > 0 ? (int64_t)(rng_next(r) % (uint64_t)n) : 0;
}

static int64_t
rnd_range(struct rng *r, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + rnd_below(r, hi - lo + 1);
}

static int
chance(struct rng *r, int percent)
{
	return rnd_below(r, 100) < percent;
}

static int
pick_weighted(struct rng *r, const int *w, int n)
{
	int i, sum = 0;
	int64_t x;

	for (i = 0; i < n; i++)
		sum += w[i];
	x = rnd_below(r, sum);
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			break;
		x -= w[i];
	}
	return i;
}

static int
nvariants(const char *const *v, int max)
{
	int n = 0;

	while (n < max && v[n] != NULL)
		n++;
	return n;
}

/* One of the variants of a text, or NULL if there are none. */
static const char *
pick_text(struct rng *r, const char *const *v, int max)
{
	int n = nvariants(v, max);

	return n > 0 ? v[rnd_below(r, n)] : NULL;
}

/* ---------------------------------------------------------------- tables */

enum { CUR_GBP, CUR_USD, CUR_EUR, CUR_CZK, CUR_UAH, CUR_KZT };

static const struct currency {
	const char *code;
	int num, den;   /* local = EUR * num / den: the demo's fixed rates */
	int whole;      /* priced in whole units, shown without decimals */
	const char *sym;
	int sym_first;  /* "£12.99" rather than "12,99 €" (in English) */
} currencies[] = {
	[CUR_GBP] = { "GBP", 85, 100, 0, "£", 1 },
	[CUR_USD] = { "USD", 108, 100, 0, "$", 1 },
	[CUR_EUR] = { "EUR", 1, 1, 0, "€", 1 },
	[CUR_CZK] = { "CZK", 25, 1, 1, "Kč", 0 },
	[CUR_UAH] = { "UAH", 45, 1, 1, "грн", 0 },
	[CUR_KZT] = { "KZT", 520, 1, 1, "₸", 0 },
};

enum {
	CA_ROYALMAIL, CA_DPDUK, CA_USPS, CA_UPS, CA_ANPOST, CA_NOVAPOSHTA, CA_UKRPOSHTA,
	CA_CESKAPOSTA, CA_PPL, CA_ZASILKOVNA, CA_DHL, CA_HERMES, CA_KAZPOST, CA_CDEK
};
enum { TRK_S10, TRK_DIGITS, TRK_UPS };

static const struct carrier {
	const char *name;
	const char *local; /* the name as the customers of that country write it */
	int kind;
	const char *prefix; /* S10: the two service letters; else leading chars */
	int ndigits;        /* random digits after the prefix (TRK_DIGITS) */
	const char *suffix; /* S10 country code */
	const char *url;    /* the tracking number is appended */
} carriers[] = {
	[CA_ROYALMAIL] = { "Royal Mail", NULL, TRK_S10, "TT", 0, "GB",
	    "https://www.royalmail.com/track-your-item#/tracking-results/" },
	[CA_DPDUK] = { "DPD", NULL, TRK_DIGITS, "1550", 10, NULL, "https://track.dpd.co.uk/parcels/" },
	[CA_USPS] = { "USPS", NULL, TRK_DIGITS, "9400", 18, NULL,
	    "https://tools.usps.com/go/TrackConfirmAction?tLabels=" },
	[CA_UPS] = { "UPS", NULL, TRK_UPS, "1Z", 0, NULL, "https://www.ups.com/track?tracknum=" },
	[CA_ANPOST] = { "An Post", NULL, TRK_S10, "CE", 0, "IE",
	    "https://www.anpost.com/Post-Parcels/Track/History?item=" },
	[CA_NOVAPOSHTA] = { "Nova Poshta", "Нова пошта", TRK_DIGITS, "2045", 10, NULL,
	    "https://novaposhta.ua/tracking/?cargo_number=" },
	[CA_UKRPOSHTA] = { "Ukrposhta", "Укрпошта", TRK_DIGITS, "05", 11, NULL,
	    "https://track.ukrposhta.ua/tracking_UA.html?barcode=" },
	[CA_CESKAPOSTA] = { "Česká pošta", NULL, TRK_S10, "DR", 0, "CZ",
	    "https://www.postaonline.cz/trackandtrace/-/zasilka/cislo?parcelNumbers=" },
	[CA_PPL] = { "PPL", NULL, TRK_DIGITS, "40", 9, NULL, "https://www.ppl.cz/vyhledat-zasilku?shipmentId=" },
	[CA_ZASILKOVNA] = { "Zásilkovna", NULL, TRK_DIGITS, "Z", 10, NULL,
	    "https://tracking.packeta.com/cs/?id=" },
	[CA_DHL] = { "DHL", NULL, TRK_DIGITS, "00340434", 12, NULL,
	    "https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=" },
	[CA_HERMES] = { "Hermes", NULL, TRK_DIGITS, "H10", 17, NULL,
	    "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#" },
	[CA_KAZPOST] = { "Kazpost", "Қазпошта", TRK_S10, "RR", 0, "KZ",
	    "https://post.kz/mail/search/track/" },
	[CA_CDEK] = { "CDEK", NULL, TRK_DIGITS, "1", 9, NULL, "https://www.cdek.kz/ru/tracking?order_id=" },
};

static const struct country {
	const char *code;
	int weight;
	int cur;
	int ship_fee, free_from; /* local minor units */
	int tax_bp;              /* sales tax added on top, basis points */
	int transit_min, transit_max;
	int carrier[3], carrier_w[3]; /* weight 0 ends the list */
} countries[DEMO_NCOUNTRIES] = {
	[DEMO_GB] = { "GB", 22, CUR_GBP, 395, 5000, 0, 1, 3,
	    { CA_ROYALMAIL, CA_DPDUK }, { 65, 35 } },
	[DEMO_US] = { "US", 14, CUR_USD, 599, 7500, 725, 3, 6, { CA_USPS, CA_UPS }, { 60, 40 } },
	[DEMO_IE] = { "IE", 6, CUR_EUR, 495, 6000, 0, 2, 4, { CA_ANPOST }, { 100 } },
	[DEMO_UA] = { "UA", 22, CUR_UAH, 8000, 200000, 0, 1, 3,
	    { CA_NOVAPOSHTA, CA_UKRPOSHTA }, { 75, 25 } },
	[DEMO_CZ] = { "CZ", 18, CUR_CZK, 9900, 150000, 0, 1, 3,
	    { CA_CESKAPOSTA, CA_PPL, CA_ZASILKOVNA }, { 40, 25, 35 } },
	[DEMO_DE] = { "DE", 6, CUR_EUR, 495, 6000, 0, 2, 4, { CA_DHL, CA_HERMES }, { 70, 30 } },
	[DEMO_KZ] = { "KZ", 12, CUR_KZT, 150000, 3000000, 0, 3, 7, { CA_KAZPOST, CA_CDEK }, { 55, 45 } },
};

struct size {
	const char *label, *code;
};
static const struct size apparel_sizes[] = {
	{ "XS", "XS" }, { "S", "S" }, { "M", "M" }, { "L", "L" }, { "XL", "XL" }, { "XXL", "XXL" },
};
static const struct size shoe_sizes[] = {
	{ "36", "36" }, { "37", "37" }, { "38", "38" }, { "39", "39" }, { "40", "40" },
	{ "41", "41" }, { "42", "42" }, { "43", "43" }, { "44", "44" }, { "45", "45" },
	{ "46", "46" },
};
static const struct size sock_sizes[] = {
	{ "35–38", "3538" }, { "39–42", "3942" }, { "43–46", "4346" },
};
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The support team. The admin never answers tickets; the others mostly take
 * the language they speak. */
static const struct agent {
	const char *login, *name, *role;
	int locale;
} agents[] = {
	{ "sbrennan", "Sarah Brennan", "lead", DEMO_EN },
	{ "otkachuk", "Oleh Tkachuk", "agent", DEMO_UK },
	{ "kmala", "Kateřina Malá", "agent", DEMO_CS },
	{ "aseitkali", "Aidana Seitkali", "agent", DEMO_KK },
	{ "mnovak", "Martin Novák", "admin", -1 },
};
#define NANSWERING 4 /* agents[0..3] answer tickets */

enum { ST_NEW, ST_OPEN, ST_PENDING, ST_SOLVED, ST_CLOSED, ST_COUNT };
static const char *const status_names[] = { "new", "open", "pending", "solved", "closed" };
enum { CH_EMAIL, CH_CHAT };
static const char *const channel_names[] = { "email", "chat" };
static const char *const priority_names[] = { "low", "normal", "high", "urgent" };
static const char *const scenario_tags[DEMO_SC_COUNT] = {
	"wismo", "late", "address", "size", "damaged", "return", "refund", "praise", "cancel",
	"loyalty",
};

enum {
	RS_REQUESTED, RS_APPROVED, RS_IN_TRANSIT, RS_RECEIVED, RS_REFUNDED, RS_CREDITED,
	RS_EXCHANGED, RS_CLOSED, RS_REJECTED, RS_CANCELLED, RS_COUNT
};
static const char *const return_status_names[RS_COUNT] = {
	"requested", "approved", "in_transit", "received", "refunded", "credited", "exchanged",
	"closed", "rejected", "cancelled",
};
enum {
	RR_DEFECTIVE, RR_NOT_AS_DESCRIBED, RR_WRONG_ITEM, RR_UNWANTED, RR_TOO_SMALL, RR_TOO_LARGE,
	RR_STYLE, RR_COLOUR, RR_OTHER
};
static const char *const reason_names[] = {
	"defective", "not_as_described", "wrong_item", "unwanted", "too_small", "too_large",
	"style", "colour", "other",
};
enum { RK_RETURN, RK_EXCHANGE };
enum { RES_REFUND, RES_CREDIT, RES_EXCHANGE };
static const char *const resolution_names[] = { "refund", "credit", "exchange" };

/* Payment state before refunds; refunds turn it into (partially_)refunded. */
enum { FIN_PAID, FIN_AUTHORIZED, FIN_PENDING, FIN_VOIDED };
static const char *const fin_names[] = { "paid", "authorized", "pending", "voided" };

/* ------------------------------------------------------------- the plan */

struct cust {
	int64_t created;
	char *email;
	int32_t id, order0, norders, ticket0, nticket, referrer;
	uint16_t first, last;
	uint8_t locale, country, female, chat, phone_identity, consent;
	char phone[20];      /* E.164, as stored */
	char phone_text[24]; /* as the customer types it */
	char code[24];       /* referral code */
};

struct item {
	int32_t unit, disc; /* local minor units; disc is for the whole line */
	uint8_t prod, colour, size, qty, returned;
};
#define NONE8 0xff

struct order {
	int64_t placed, shipped, expected, delivered, cancelled, refund_at;
	int32_t cust, id, item0;
	int32_t subtotal, discount, shipping, tax, total, refunded, total_shop, refunded_shop;
	uint8_t nitems, carrier, fin;
};

struct ret {
	int64_t created, updated, refund_at;
	int32_t order, item, ticket, id, number;
	int32_t amount; /* refund or credit in the order's currency */
	uint8_t kind, status, resolution, reason, qty, agent, size2;
};

struct tplan {
	int64_t t0, tr; /* the customer's first message; the resolution (0: none yet) */
	int64_t last;   /* the last message, once written */
	int32_t cust, order, ret, follow, id;
	int16_t bonus;  /* goodwill points given in the resolution */
	uint8_t status, channel, scenario, prio, agent, assigned, alt, size2, addr, followed;
};

struct lentry {
	int64_t at;
	int32_t delta, order, agent;
	uint8_t reason;
	const char *note;
};
enum { LR_PURCHASE, LR_REFUND, LR_REDEEM, LR_GOODWILL, LR_REFERRAL };
static const char *const ledger_reasons[] = { "purchase", "refund", "redeem", "goodwill", "referral" };

struct demo {
	const struct demo_opts *o;
	struct db *db;
	int64_t now;
	uint64_t seed;
	int big;
	struct rng r; /* the planning stream, drawn from in a fixed order */

	struct cust *cust;
	int ncust;
	int32_t *cust_by_id;
	struct order *ord;
	int nord, cord;
	int32_t *ord_by_id;
	struct item *item;
	int nitem, citem;
	int32_t *item_id;
	struct tplan *tk;
	int ntk;
	int32_t *tk_by_id;
	struct ret *ret;
	int nret, cret;
	int32_t *ret_by_id;
	int32_t *ref_head, *ref_next; /* whom each customer referred */

	int year0;
	int rma_count[NYEARS], rma_base[NYEARS];

	struct lentry *led; /* one customer's ledger, rebuilt on demand */
	int nled, cled;

	struct buf b, msg;
	char tpl_err[160];
	int brc; /* the first failed sqlite3_bind_*(), if any */
	int64_t next_message, next_ledger, next_identity, next_survey, next_fulfil,
	    next_return_item;
	struct demo_stats st;
};

static int
utc_year(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		return 1970;
	return tm.tm_year + 1900;
}

/* A bijection of 0 .. m-1 (m a product of powers of 2 and 5; the multiplier
 * is a prime other than those), so that serial numbers become distinct
 * digits that do not look sequential. */
static uint64_t
scramble(uint64_t serial, uint64_t m, uint64_t salt)
{
	return (serial % m * UINT64_C(2654435761) + salt % m) % m;
}

/* ------------------------------------------------------ string hash set */

/* Open addressing over borrowed strings: keeps e-mail addresses and
 * referral codes unique without asking the database. */
struct strset {
	const char **slot;
	size_t n, used;
};

static uint64_t
str_hash(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	return h;
}

static void
strset_init(struct strset *set, size_t expect)
{
	set->n = 64;
	while (set->n < expect * 2)
		set->n *= 2;
	set->slot = xcalloc(set->n, sizeof *set->slot);
	set->used = 0;
}

/* Adds s (which must outlive the set) unless present; returns 1 if added. */
static int
strset_add(struct strset *set, const char *s)
{
	size_t h = (size_t)str_hash(s) & (set->n - 1);

	while (set->slot[h] != NULL) {
		if (strcmp(set->slot[h], s) == 0)
			return 0;
		h = (h + 1) & (set->n - 1);
	}
	if (set->used * 2 >= set->n)
		fatal("strset_add: set full");
	set->slot[h] = s;
	set->used++;
	return 1;
}

static int
strset_has(const struct strset *set, const char *s)
{
	size_t h = (size_t)str_hash(s) & (set->n - 1);

	while (set->slot[h] != NULL) {
		if (strcmp(set->slot[h], s) == 0)
			return 1;
		h = (h + 1) & (set->n - 1);
	}
	return 0;
}

static void
strset_free(struct strset *set)
{
	free(set->slot);
	set->slot = NULL;
}

/* ------------------------------------------------------ money and dates */

/* EUR cents to a local price: the fixed rate, then rounded the way a shop
 * prices things (£20.99, 619 Kč, 1 119 грн, 12 890 ₸). */
static int32_t
price_local(int32_t eur, int cur)
{
	const struct currency *c = &currencies[cur];
	int64_t x = (int64_t)eur * c->num / c->den, r;

	switch (cur) {
	case CUR_EUR:
		return eur;
	case CUR_GBP:
	case CUR_USD:
		r = (x + 25) / 50 * 50;
		return (int32_t)(r > 100 ? r - 1 : r);
	case CUR_CZK:
	case CUR_UAH:
		r = (x / 100 + 5) / 10 * 10;
		return (int32_t)((r - 1) * 100);
	default:
		r = (x / 100 + 50) / 100 * 100;
		return (int32_t)((r - 10) * 100);
	}
}

/* Local minor units to EUR cents at the same fixed rate, rounded half up. */
static int32_t
to_shop(int64_t local, int cur)
{
	const struct currency *c = &currencies[cur];

	return (int32_t)((local * c->den * 2 + c->num) / (2 * c->num));
}

/* Amounts in currencies priced in whole units stay whole. */
static int64_t
round_minor(int64_t x, int cur)
{
	return currencies[cur].whole ? x / 100 * 100 : x;
}

static void
fmt_money(char *out, size_t n, int64_t minor, int cur, int locale)
{
	const struct currency *c = &currencies[cur];
	const char *gsep = locale == DEMO_EN ? "," : "\xc2\xa0"; /* no-break space */
	char digits[32], num[40];
	size_t len, i, k = 0;

	snprintf(digits, sizeof digits, "%" PRId64, minor / 100);
	len = strlen(digits);
	for (i = 0; i < len && k + 4 < sizeof num; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			memcpy(num + k, gsep, strlen(gsep));
			k += strlen(gsep);
		}
		num[k++] = digits[i];
	}
	num[k] = '\0';
	if (!(c->whole && minor % 100 == 0))
		snprintf(num + k, sizeof num - k, "%s%02d", locale == DEMO_EN ? "." : ",",
		    (int)(minor % 100));
	if (c->sym_first && locale == DEMO_EN)
		snprintf(out, n, "%s%s", c->sym, num);
	else
		snprintf(out, n, "%s\xc2\xa0%s", num, c->sym);
}

/* "12 March", "March 12", "12 березня", "12. března", "12 наурыз". */
static void
fmt_date(char *out, size_t n, int64_t t, int locale, int country)
{
	time_t tt = (time_t)t;
	struct tm tm;
	const char *month;

	if (gmtime_r(&tt, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	month = demo_frames[locale].months[tm.tm_mon];
	if (locale == DEMO_EN && country == DEMO_US)
		snprintf(out, n, "%s %d", month, tm.tm_mday);
	else if (locale == DEMO_CS)
		snprintf(out, n, "%d. %s", tm.tm_mday, month);
	else
		snprintf(out, n, "%d %s", tm.tm_mday, month);
}

/* A tracking number in the carrier's format: UPU S10 with its check digit
 * for the postal services, digits or the 1Z form for the others. The
 * number is derived from (tag, idx) so that the fulfilment row and the
 * ticket that quotes it agree. */
static void
tracking_number(const struct demo *d, int carrier, unsigned tag, int64_t idx, char *out,
    size_t n)
{
	static const int w[8] = { 8, 6, 4, 2, 3, 5, 9, 7 };
	const struct carrier *ca = &carriers[carrier];
	char dg[32];
	struct rng r;
	int i, sum = 0, check;

	rng_for(&r, d->seed, tag, (uint64_t)idx);
	switch (ca->kind) {
	case TRK_S10:
		for (i = 0; i < 8; i++) {
			dg[i] = (char)('0' + rnd_below(&r, 10));
			sum += (dg[i] - '0') * w[i];
		}
		dg[8] = '\0';
		check = 11 - sum % 11;
		check = check == 10 ? 0 : check == 11 ? 5 : check;
		snprintf(out, n, "%s%s%d%s", ca->prefix, dg, check, ca->suffix);
		break;
	case TRK_UPS:
		for (i = 0; i < 6; i++)
			dg[i] = "0123456789ABCDEFGHJKLMNPRSTUVWXY"[rnd_below(&r, 32)];
		dg[6] = '\0';
		snprintf(out, n, "1Z%s%02d%08d", dg, (int)rnd_range(&r, 1, 3),
		    (int)rnd_below(&r, 100000000));
		break;
	default:
		for (i = 0; i < ca->ndigits && i < (int)sizeof dg - 1; i++)
			dg[i] = (char)('0' + rnd_below(&r, 10));
		dg[i] = '\0';
		snprintf(out, n, "%s%s", ca->prefix, dg);
		break;
	}
}

/* ------------------------------------------------------------ catalogue */

static const struct size *
size_table(int kind, int *n)
{
	switch (kind) {
	case DEMO_APPAREL:
		*n = NELEM(apparel_sizes);
		return apparel_sizes;
	case DEMO_SHOES:
		*n = NELEM(shoe_sizes);
		return shoe_sizes;
	case DEMO_SOCKS:
		*n = NELEM(sock_sizes);
		return sock_sizes;
	default:
		*n = 0;
		return NULL;
	}
}

static const char *
size_label(int prod, int size)
{
	int n;
	const struct size *t = size_table(demo_products[prod].size_kind, &n);

	return t != NULL && size < n ? t[size].label : NULL;
}

/* "TS-ORG-NVY-M"; size is the item's or another (for an exchange). */
static void
item_sku(const struct item *it, int size, char *out, size_t n)
{
	const struct demo_product *p = &demo_products[it->prod];
	const char *col = it->colour != NONE8 ? demo_colours[it->colour].code : NULL;
	const struct size *t;
	int ns;

	t = size_table(p->size_kind, &ns);
	snprintf(out, n, "%s%s%s%s%s", p->sku, col != NULL ? "-" : "", col != NULL ? col : "",
	    t != NULL && size < ns ? "-" : "", t != NULL && size < ns ? t[size].code : "");
}

/* "Navy / M" in the customer's language. */
static void
item_variant(const struct item *it, int locale, char *out, size_t n)
{
	const char *col = it->colour != NONE8 ? demo_colours[it->colour].name[locale] : NULL;
	const char *sz = it->size != NONE8 ? size_label(it->prod, it->size) : NULL;

	snprintf(out, n, "%s%s%s", col != NULL ? col : "", col != NULL && sz != NULL ? " / " : "",
	    sz != NULL ? sz : "");
}

/* ------------------------------------------------------------ customers */

static const struct demo_first *
cust_first(const struct cust *c)
{
	const struct demo_names *nm = &demo_names[c->locale];

	return c->female ? &nm->female[c->first] : &nm->male[c->first];
}

static const char *
cust_last(const struct cust *c)
{
	const struct demo_last *l = &demo_names[c->locale].last[c->last];

	return c->female ? l->f : l->m;
}

static void
cust_name(const struct cust *c, char *out, size_t n)
{
	snprintf(out, n, "%s %s", cust_first(c)->name, cust_last(c));
}

/* The local part is built from the transliterated name in one of the ways
 * people pick addresses; a taken address gets digits appended, as the mail
 * provider would insist. The domains are the reserved example ones. */
static char *
make_email(struct demo *d, const struct cust *c, struct strset *set)
{
	static const char *const domains[] = { "example.com", "example.net", "example.org" };
	static const int dw[] = { 50, 30, 20 };
	const struct demo_last *ln = &demo_names[c->locale].last[c->last];
	const char *f = cust_first(c)->ascii, *l = c->female ? ln->ascii_f : ln->ascii_m;
	const char *dom = domains[pick_weighted(&d->r, dw, 3)];
	char local[96], addr[160];
	char *s;
	int tries;

	switch (rnd_below(&d->r, 6)) {
	case 0:
		snprintf(local, sizeof local, "%s.%s", f, l);
		break;
	case 1:
		snprintf(local, sizeof local, "%s%s", f, l);
		break;
	case 2:
		snprintf(local, sizeof local, "%s_%s", f, l);
		break;
	case 3:
		snprintf(local, sizeof local, "%c.%s", f[0], l);
		break;
	case 4:
		snprintf(local, sizeof local, "%s.%s%02d", f, l, (int)rnd_range(&d->r, 60, 99));
		break;
	default:
		snprintf(local, sizeof local, "%s.%s", l, f);
		break;
	}
	snprintf(addr, sizeof addr, "%s@%s", local, dom);
	for (tries = 0; strset_has(set, addr); tries++) {
		int64_t num = tries < 3 ? rnd_range(&d->r, 2, 99) :
		    tries < 6 ? rnd_range(&d->r, 100, 9999) : rnd_range(&d->r, 10000, 99999999);

		snprintf(addr, sizeof addr, "%s%" PRId64 "@%s", local, num, dom);
	}
	s = xstrdup(addr);
	strset_add(set, s);
	return s;
}

/* A mobile number in the country's format. serial counts the customers of
 * the country, and scramble() turns it into distinct digits, so that phone
 * identities never collide. */
static void
make_phone(struct demo *d, struct cust *c, uint64_t serial, uint64_t salt)
{
	static const int us_area[] = { 212, 303, 312, 415, 503, 617, 720, 802 };
	static const int ie_net[] = { 3, 5, 6, 7, 9 };
	static const int ua_op[] = { 50, 63, 66, 67, 68, 73, 93, 95, 96, 97, 98, 99 };
	static const int cz_lead[] = { 60, 72, 73, 77, 79 };
	static const int de_lead[] = { 51, 52, 57, 59, 60, 62, 70, 71, 72, 73, 75, 76, 77, 78, 79 };
	static const int kz_op[] = { 701, 702, 705, 707, 747, 771, 775, 777, 778 };
	unsigned n;
	int p;

	switch (c->country) {
	case DEMO_GB:
		n = (unsigned)scramble(serial, 1000000000, salt);
		snprintf(c->phone, sizeof c->phone, "+447%09u", n);
		snprintf(c->phone_text, sizeof c->phone_text, "+44 7%03u %06u", n / 1000000,
		    n % 1000000);
		break;
	case DEMO_US:
		n = 2000000 + (unsigned)scramble(serial, 8000000, salt);
		p = us_area[rnd_below(&d->r, NELEM(us_area))];
		snprintf(c->phone, sizeof c->phone, "+1%03d%07u", p, n);
		snprintf(c->phone_text, sizeof c->phone_text, "+1 %03d-%03u-%04u", p, n / 10000,
		    n % 10000);
		break;
	case DEMO_IE:
		n = (unsigned)scramble(serial, 10000000, salt);
		p = ie_net[rnd_below(&d->r, NELEM(ie_net))];
		snprintf(c->phone, sizeof c->phone, "+3538%d%07u", p, n);
		snprintf(c->phone_text, sizeof c->phone_text, "+353 8%d %03u %04u", p, n / 10000,
		    n % 10000);
		break;
	case DEMO_UA:
		n = (unsigned)scramble(serial, 10000000, salt);
		p = ua_op[rnd_below(&d->r, NELEM(ua_op))];
		snprintf(c->phone, sizeof c->phone, "+380%02d%07u", p, n);
		snprintf(c->phone_text, sizeof c->phone_text, "+380 %02d %03u %02u %02u", p,
		    n / 10000, n / 100 % 100, n % 100);
		break;
	case DEMO_CZ:
		n = (unsigned)scramble(serial, 10000000, salt);
		p = cz_lead[rnd_below(&d->r, NELEM(cz_lead))];
		snprintf(c->phone, sizeof c->phone, "+420%02d%07u", p, n);
		snprintf(c->phone_text, sizeof c->phone_text, "+420 %02d%u %03u %03u", p,
		    n / 1000000, n / 1000 % 1000, n % 1000);
		break;
	case DEMO_DE:
		n = (unsigned)scramble(serial, 100000000, salt);
		p = de_lead[rnd_below(&d->r, NELEM(de_lead))];
		snprintf(c->phone, sizeof c->phone, "+491%02d%08u", p, n);
		snprintf(c->phone_text, sizeof c->phone_text, "+49 1%02d %08u", p, n);
		break;
	default:
		n = (unsigned)scramble(serial, 10000000, salt);
		p = kz_op[rnd_below(&d->r, NELEM(kz_op))];
		snprintf(c->phone, sizeof c->phone, "+7%03d%07u", p, n);
		snprintf(c->phone_text, sizeof c->phone_text, "+7 %03d %03u %02u %02u", p,
		    n / 10000, n / 100 % 100, n % 100);
		break;
	}
}

/* "OLENA-7K2Q": the first name in ASCII and four characters that cannot be
 * misread (no 0/O, 1/I). */
static void
make_code(struct demo *d, struct cust *c, struct strset *set)
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	const char *f = cust_first(c)->ascii;
	char name[16], tail[5];
	size_t i;

	for (i = 0; f[i] != '\0' && i < 10; i++)
		name[i] = (char)(f[i] >= 'a' && f[i] <= 'z' ? f[i] - 'a' + 'A' : f[i]);
	name[i] = '\0';
	do {
		for (i = 0; i < 4; i++)
			tail[i] = alphabet[rnd_below(&d->r, 32)];
		tail[4] = '\0';
		snprintf(c->code, sizeof c->code, "%s-%s", name, tail);
	} while (!strset_add(set, c->code));
}

static void
plan_customers(struct demo *d)
{
	struct strset emails, codes;
	uint64_t serial[DEMO_NCOUNTRIES] = { 0 };
	uint64_t salt = rng_next(&d->r);
	int w[DEMO_NCOUNTRIES], i;

	for (i = 0; i < DEMO_NCOUNTRIES; i++)
		w[i] = countries[i].weight;
	strset_init(&emails, (size_t)d->ncust);
	strset_init(&codes, (size_t)d->ncust);
	d->cust = xcalloc((size_t)d->ncust, sizeof *d->cust);
	for (i = 0; i < d->ncust; i++) {
		struct cust *c = &d->cust[i];
		const struct demo_names *nm;

		c->country = (uint8_t)pick_weighted(&d->r, w, DEMO_NCOUNTRIES);
		switch (c->country) {
		case DEMO_UA:
			c->locale = DEMO_UK;
			break;
		case DEMO_CZ:
			c->locale = DEMO_CS;
			break;
		case DEMO_KZ:
			c->locale = DEMO_KK;
			break;
		case DEMO_DE: /* expats write in English, and many Ukrainians live there */
			c->locale = chance(&d->r, 35) ? DEMO_UK : DEMO_EN;
			break;
		default:
			c->locale = DEMO_EN;
			break;
		}
		nm = &demo_names[c->locale];
		c->female = (uint8_t)chance(&d->r, 55);
		c->first = (uint16_t)rnd_below(&d->r, c->female ? nm->nfemale : nm->nmale);
		c->last = (uint16_t)rnd_below(&d->r, nm->nlast);
		c->email = make_email(d, c, &emails);
		make_phone(d, c, serial[c->country]++, salt);
		make_code(d, c, &codes);
		c->phone_identity = (uint8_t)chance(&d->r, 40);
		c->chat = (uint8_t)chance(&d->r, 30);
		c->consent = (uint8_t)chance(&d->r, 45);
		c->created = d->now - rnd_range(&d->r, 3 * DAY, 800 * DAY);
		c->referrer = -1;
		c->order0 = c->ticket0 = -1;
	}
	strset_free(&emails);
	strset_free(&codes);
}

/* --------------------------------------------------------------- orders */

enum { SUBJ_ANY, SUBJ_SIZED, SUBJ_FRAGILE };

static void *
grow(void *p, int *cap, int need, size_t size)
{
	int n = *cap > 0 ? *cap : 1024;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	*cap = n;
	return xreallocarray(p, (size_t)n, size);
}

static int
find_product(const char *sku)
{
	int i;

	for (i = 0; i < demo_product_count; i++)
		if (strcmp(demo_products[i].sku, sku) == 0)
			return i;
	return 0;
}

/* The first line of an order is what a ticket about it talks of: something
 * with sizes for a size exchange, crockery for "arrived broken". */
static int
pick_product(struct demo *d, int subj)
{
	static const char *const fragile[] = { "HM-MUG", "HM-PLT", "HM-CDL" };
	int p;

	if (subj == SUBJ_FRAGILE && chance(&d->r, 70))
		return find_product(fragile[rnd_below(&d->r, NELEM(fragile))]);
	do
		p = (int)rnd_below(&d->r, demo_product_count);
	while (subj == SUBJ_SIZED && demo_products[p].size_kind == DEMO_ONESIZE);
	return p;
}

/* A size that suits the customer: women's and men's ranges overlap. */
static int
pick_size(struct demo *d, int kind, int female)
{
	static const int app_f[] = { 15, 35, 32, 15, 3, 0 }, app_m[] = { 0, 12, 33, 33, 17, 5 };
	static const int shoe_f[] = { 8, 16, 24, 24, 16, 8, 4, 0, 0, 0, 0 };
	static const int shoe_m[] = { 0, 0, 0, 0, 4, 10, 20, 24, 20, 14, 8 };
	static const int sock_f[] = { 45, 50, 5 }, sock_m[] = { 0, 45, 55 };

	switch (kind) {
	case DEMO_APPAREL:
		return pick_weighted(&d->r, female ? app_f : app_m, NELEM(app_f));
	case DEMO_SHOES:
		return pick_weighted(&d->r, female ? shoe_f : shoe_m, NELEM(shoe_f));
	case DEMO_SOCKS:
		return pick_weighted(&d->r, female ? sock_f : sock_m, NELEM(sock_f));
	default:
		return NONE8;
	}
}

static void
order_totals(struct demo *d, struct order *o)
{
	const struct country *co = &countries[d->cust[o->cust].country];
	int64_t sub = 0, disc = 0, net;
	int i;

	for (i = 0; i < o->nitems; i++) {
		const struct item *it = &d->item[o->item0 + i];

		sub += (int64_t)it->qty * it->unit;
		disc += it->disc;
	}
	net = sub - disc;
	o->subtotal = (int32_t)sub;
	o->discount = (int32_t)disc;
	o->shipping = net >= co->free_from ? 0 : co->ship_fee;
	o->tax = (int32_t)round_minor((net * co->tax_bp + 5000) / 10000, co->cur);
	o->total = (int32_t)(net + o->shipping + o->tax);
	o->total_shop = to_shop(o->total, co->cur);
}

/* Appends an order of 1-4 distinct products with its lines and totals; the
 * caller sets its life (shipping, delivery, cancellation). */
static int32_t
new_order(struct demo *d, int ci, int64_t placed, int subj)
{
	static const int nw[] = { 50, 28, 15, 7 };
	const struct cust *c = &d->cust[ci];
	const struct country *co = &countries[c->country];
	struct order *o;
	int n = 1 + pick_weighted(&d->r, nw, NELEM(nw)), i, j, nc = 0;
	int used[4];

	d->ord = grow(d->ord, &d->cord, d->nord + 1, sizeof *d->ord);
	d->item = grow(d->item, &d->citem, d->nitem + n, sizeof *d->item);
	o = &d->ord[d->nord];
	memset(o, 0, sizeof *o);
	o->cust = ci;
	o->placed = placed;
	o->item0 = d->nitem;
	o->fin = FIN_PAID;
	while (nc < 3 && co->carrier_w[nc] > 0)
		nc++;
	o->carrier = (uint8_t)co->carrier[pick_weighted(&d->r, co->carrier_w, nc)];
	for (i = 0; i < n; i++) {
		struct item *it = &d->item[d->nitem + i];
		const struct demo_product *p;
		int prod, pct;

		do {
			prod = pick_product(d, i == 0 ? subj : SUBJ_ANY);
			for (j = 0; j < i && used[j] != prod; j++)
				;
		} while (j < i);
		used[i] = prod;
		p = &demo_products[prod];
		memset(it, 0, sizeof *it);
		it->prod = (uint8_t)prod;
		it->colour = NONE8;
		if (p->colours != 0) {
			int k;

			do
				k = (int)rnd_below(&d->r, demo_colour_count);
			while (!(p->colours & (1u << k)));
			it->colour = (uint8_t)k;
		}
		it->size = (uint8_t)pick_size(d, p->size_kind, c->female);
		it->qty = 1;
		if (p->size_kind == DEMO_SOCKS || strcmp(p->sku, "HM-MUG") == 0)
			it->qty = (uint8_t)rnd_range(&d->r, 1, 3);
		else if (chance(&d->r, 8))
			it->qty = 2;
		it->unit = price_local(p->price_eur, co->cur);
		if (chance(&d->r, 15)) {
			pct = 10 + 5 * (int)rnd_below(&d->r, 4);
			it->disc = (int32_t)round_minor((int64_t)it->qty * it->unit * pct / 100, co->cur);
		}
	}
	o->nitems = (uint8_t)n;
	d->nitem += n;
	order_totals(d, o);
	return d->nord++;
}

static int64_t
transit_time(struct demo *d, const struct order *o)
{
	const struct country *co = &countries[d->cust[o->cust].country];

	return rnd_range(&d->r, co->transit_min * DAY, co->transit_max * DAY);
}

/* Delivery shortly before or after the carrier's estimate, never before the
 * parcel could have arrived, and not in the future. */
static void
order_deliver(struct demo *d, struct order *o, int64_t delivered)
{
	if (delivered < o->shipped + 12 * HOUR)
		delivered = o->shipped + 12 * HOUR;
	o->delivered = delivered <= d->now - MINUTE ? delivered : 0;
}

static void
order_refund(struct demo *d, struct order *o, int64_t amount, int64_t at)
{
	int cur = countries[d->cust[o->cust].country].cur;

	o->refunded += (int32_t)amount;
	if (o->refunded > o->total)
		o->refunded = o->total;
	o->refunded_shop = to_shop(o->refunded, cur);
	if (at > o->refund_at)
		o->refund_at = at;
}

/* What q of a line cost after its discount: what a return refunds. */
static int64_t
line_refund(const struct item *it, int q, int cur)
{
	return (int64_t)q * it->unit - round_minor((int64_t)it->disc * q / it->qty, cur);
}

/* The life of an order nobody writes in about: most arrive around the
 * estimate, a few late, a few are cancelled before they ship. */
static void
order_life(struct demo *d, int32_t oi)
{
	struct order *o = &d->ord[oi];
	int64_t now = d->now;

	if (chance(&d->r, 2) && o->placed + 12 * HOUR < now) {
		o->cancelled = o->placed + rnd_range(&d->r, HOUR, 10 * HOUR);
		if (chance(&d->r, 50))
			o->fin = FIN_VOIDED;
		else
			order_refund(d, o, o->total, o->cancelled);
		return;
	}
	o->shipped = o->placed + rnd_range(&d->r, 4 * HOUR, 40 * HOUR);
	if (o->shipped > now - 30 * MINUTE) {
		o->shipped = 0;
		if (now - o->placed < 6 * HOUR && chance(&d->r, 30))
			o->fin = FIN_AUTHORIZED;
		return;
	}
	o->expected = o->shipped + transit_time(d, o);
	if (chance(&d->r, 6))
		order_deliver(d, o, o->expected + rnd_range(&d->r, 2 * DAY, 10 * DAY));
	else
		order_deliver(d, o, o->expected - rnd_range(&d->r, 0, 20 * HOUR));
}

/* -------------------------------------------------------------- returns */

static int
year_slot(const struct demo *d, int64_t t)
{
	int y = utc_year(t) - d->year0;

	return y < 0 ? 0 : y >= NYEARS ? NYEARS - 1 : y;
}

/* Whether a return created around t can still get a five-digit RMA. */
static int
rma_room(const struct demo *d, int64_t t)
{
	return d->rma_count[year_slot(d, t)] < RMA_PER_YEAR;
}

static int32_t
new_return(struct demo *d, int32_t oi, int item, int64_t created)
{
	struct ret *r;

	d->ret = grow(d->ret, &d->cret, d->nret + 1, sizeof *d->ret);
	d->rma_count[year_slot(d, created)]++;
	r = &d->ret[d->nret];
	memset(r, 0, sizeof *r);
	r->order = oi;
	r->item = item;
	r->ticket = -1;
	r->created = r->updated = created;
	r->qty = 1;
	r->status = RS_REQUESTED;
	r->size2 = NONE8;
	return d->nret++;
}

static void
ret_set_kind(struct ret *r, int resolution)
{
	r->resolution = (uint8_t)resolution;
	r->kind = resolution == RES_EXCHANGE ? RK_EXCHANGE : RK_RETURN;
}

static int64_t
ret_amount(const struct demo *d, const struct ret *r)
{
	const struct order *o = &d->ord[r->order];

	return line_refund(&d->item[r->item], r->qty, countries[d->cust[o->cust].country].cur);
}

/* Sets a return's state from when it was approved: the parcel travels,
 * arrives, and then the final step (refund, credit, exchange) happens at
 * final_at (0: a day or three after arrival). final < 0 means the final step
 * is not due yet. Whatever has happened by now is applied to the order. */
static void
ret_stage(struct demo *d, struct ret *r, int64_t approved, int final, int64_t final_at)
{
	struct order *o = &d->ord[r->order];
	int64_t now = d->now, sent, received;

	sent = approved + rnd_range(&d->r, 6 * HOUR, 2 * DAY);
	received = sent + transit_time(d, o);
	if (final_at == 0)
		final_at = received + rnd_range(&d->r, DAY, 3 * DAY);
	if (received > final_at)
		received = final_at;
	if (sent > received)
		sent = received;
	r->amount = (int32_t)ret_amount(d, r);
	if (final >= 0 && final_at <= now) {
		r->status = (uint8_t)final;
		r->updated = final_at;
		if (final == RS_REFUNDED) {
			order_refund(d, o, r->amount, final_at);
			r->refund_at = final_at;
		}
	} else if (received <= now) {
		r->status = RS_RECEIVED;
		r->updated = received;
	} else if (sent <= now) {
		r->status = RS_IN_TRANSIT;
		r->updated = sent;
	} else {
		r->status = RS_APPROVED;
		r->updated = approved;
	}
	if (r->status != RS_APPROVED && r->status != RS_IN_TRANSIT)
		d->item[r->item].returned += r->qty;
}

/* A return nobody wrote a ticket about (the customer used the returns
 * page), in any state, so that the returns list has every state. */
static void
plan_portal_return(struct demo *d, int32_t oi)
{
	static const int sw[RS_COUNT] = { 10, 10, 10, 8, 25, 10, 10, 5, 7, 5 };
	static const int64_t min_age[RS_COUNT] = {
		0, DAY, 3 * DAY, 6 * DAY, 9 * DAY, 9 * DAY, 12 * DAY, 14 * DAY, 2 * DAY, DAY,
	};
	static const int reasons[] = { RR_UNWANTED, RR_STYLE, RR_COLOUR, RR_NOT_AS_DESCRIBED,
		RR_WRONG_ITEM, RR_DEFECTIVE, RR_OTHER };
	const struct order *o = &d->ord[oi];
	int64_t created = o->delivered + rnd_range(&d->r, DAY, 25 * DAY);
	struct item *it;
	struct ret *r;
	int32_t ri;
	int st, nsizes;

	if (created > d->now - HOUR || !rma_room(d, created))
		return;
	ri = new_return(d, oi, o->item0 + (int)rnd_below(&d->r, o->nitems), created);
	r = &d->ret[ri]; /* only now: new_return() may move d->ret */
	it = &d->item[r->item];
	r->qty = (uint8_t)rnd_range(&d->r, 1, it->qty);
	st = pick_weighted(&d->r, sw, RS_COUNT);
	if (d->now - created < min_age[st])
		st = RS_REQUESTED;
	r->status = (uint8_t)st;
	r->updated = created + min_age[st] + rnd_range(&d->r, 0, DAY);
	if (r->updated > d->now - MINUTE)
		r->updated = d->now - MINUTE;
	if (r->updated < created)
		r->updated = created;
	if (st == RS_EXCHANGED || st == RS_CLOSED || (st < RS_REFUNDED && chance(&d->r, 20)))
		ret_set_kind(r, RES_EXCHANGE);
	else
		ret_set_kind(r, st == RS_CREDITED ? RES_CREDIT : RES_REFUND);
	if (size_table(demo_products[it->prod].size_kind, &nsizes) != NULL &&
	    (r->kind == RK_EXCHANGE || chance(&d->r, 50))) {
		int up = it->size + 1 < nsizes && (it->size == 0 || chance(&d->r, 60));

		r->reason = up ? RR_TOO_SMALL : RR_TOO_LARGE;
		r->size2 = (uint8_t)(up ? it->size + 1 : it->size - 1);
	} else {
		r->reason = (uint8_t)reasons[rnd_below(&d->r, NELEM(reasons))];
	}
	r->amount = (int32_t)ret_amount(d, r);
	if (st != RS_REQUESTED && st != RS_CANCELLED)
		r->agent = (uint8_t)(1 + rnd_below(&d->r, NANSWERING));
	if (st == RS_REFUNDED) {
		order_refund(d, &d->ord[oi], r->amount, r->updated);
		r->refund_at = r->updated;
	}
	if (st == RS_RECEIVED || st == RS_REFUNDED || st == RS_CREDITED || st == RS_EXCHANGED ||
	    st == RS_CLOSED)
		it->returned += r->qty;
}

/* -------------------------------------------------------------- threads */

enum { M_OPEN, M_NUDGE, M_NOTE, M_ASK, M_ANSWER, M_RESOLVE, M_THANKS };
#define MAXMSG 8

/* When each message of a ticket was written. It is a function of the
 * ticket alone (its own PRNG stream), computed once while planning, to know
 * when the ticket was resolved, and again while writing the messages; the
 * stream then goes on to pick the texts. */
struct thread {
	int n;
	uint8_t kind[MAXMSG];
	int64_t at[MAXMSG];
	struct rng r;
};

static int
script_has_ask(const struct demo_script *s)
{
	return s->ask[0] != NULL && s->answer[0] != NULL;
}

/* Appends a message written delay (chat) or mail_delay (e-mail) seconds
 * after the previous one; each is a [lo, hi] pair. */
static void
thread_add(struct thread *th, int chat, int kind, int64_t lo, int64_t hi, int64_t mlo,
    int64_t mhi)
{
	int64_t prev = th->at[th->n - 1];

	th->kind[th->n] = (uint8_t)kind;
	th->at[th->n] = prev + (chat ? rnd_range(&th->r, lo, hi) : rnd_range(&th->r, mlo, mhi));
	th->n++;
}

#define REPLY MINUTE, 12 * MINUTE, 20 * MINUTE, 20 * HOUR
#define CUSTOMER MINUTE, 6 * MINUTE, 15 * MINUTE, 30 * HOUR
#define NUDGE 5 * MINUTE, 30 * MINUTE, 6 * HOUR, 40 * HOUR
#define NOTE MINUTE, 3 * MINUTE, 5 * MINUTE, 90 * MINUTE
#define THANKS MINUTE, 4 * MINUTE, 10 * MINUTE, 20 * HOUR

static void
thread_plan(const struct demo *d, const struct tplan *t, int32_t ti, struct thread *th)
{
	const struct demo_script *s = &demo_scripts[t->scenario][d->cust[t->cust].locale];
	int chat = t->channel == CH_CHAT, ask = script_has_ask(s), i;
	int64_t limit = d->now - MINUTE;

	rng_for(&th->r, d->seed, 'H', (uint64_t)ti);
	th->n = 1;
	th->kind[0] = M_OPEN;
	th->at[0] = t->t0;
	switch (t->status) {
	case ST_NEW:
		if (!d->big && chance(&th->r, 25))
			thread_add(th, chat, M_NUDGE, NUDGE);
		break;
	case ST_OPEN:
		if (!d->big && chance(&th->r, 20))
			thread_add(th, chat, M_NOTE, NOTE);
		if (ask && chance(&th->r, 45)) {
			thread_add(th, chat, M_ASK, REPLY);
			thread_add(th, chat, M_ANSWER, CUSTOMER);
		} else if (chance(&th->r, 30)) {
			thread_add(th, chat, M_NUDGE, NUDGE);
		}
		break;
	case ST_PENDING:
		if (!d->big && chance(&th->r, 20))
			thread_add(th, chat, M_NOTE, NOTE);
		if (ask)
			thread_add(th, chat, M_ASK, REPLY);
		break;
	default:
		if (ask && !d->big && chance(&th->r, 55)) {
			thread_add(th, chat, M_ASK, REPLY);
			thread_add(th, chat, M_ANSWER, CUSTOMER);
		}
		if (!d->big && chance(&th->r, 20))
			thread_add(th, chat, M_NOTE, NOTE);
		thread_add(th, chat, M_RESOLVE, REPLY);
		if (t->scenario != DEMO_SC_THANKS && chance(&th->r, d->big ? 25 : 45))
			thread_add(th, chat, M_THANKS, THANKS);
		break;
	}
	/* A reminder that would come in the future has not been sent yet; any
	 * other thread that would run into the future is squeezed into part of
	 * the time left (so that recent tickets do not all end at one moment). */
	while (th->n > 1 && th->at[th->n - 1] > limit && th->kind[th->n - 1] == M_NUDGE)
		th->n--;
	if (th->n > 1 && th->at[th->n - 1] > limit) {
		int64_t span = th->at[th->n - 1] - t->t0, room = limit - t->t0;

		room = room < 0 ? 0 : room * rnd_range(&th->r, 40, 95) / 100;
		for (i = 1; i < th->n; i++)
			th->at[i] = t->t0 + (th->at[i] - t->t0) * room / span;
	}
}

static int64_t
thread_resolved_at(const struct thread *th)
{
	int i;

	for (i = 0; i < th->n; i++)
		if (th->kind[i] == M_RESOLVE)
			return th->at[i];
	return 0;
}

/* -------------------------------------------------------------- tickets */

static const int status_w[ST_COUNT] = { 12, 18, 12, 20, 38 };
/* How long ago a ticket in each status was opened: [min, max]. */
static const int64_t age_min[ST_COUNT] = { 10 * MINUTE, 2 * HOUR, DAY, DAY, 5 * DAY };
static const int64_t age_max[ST_COUNT] = { 30 * HOUR, 6 * DAY, 9 * DAY, 10 * DAY, 700 * DAY };
static const int scenario_w[DEMO_SC_COUNT] = { 16, 9, 7, 12, 7, 13, 6, 9, 7, 10 };

static int
needs_return(int sc)
{
	return sc == DEMO_SC_SIZE || sc == DEMO_SC_DAMAGED || sc == DEMO_SC_RETURN ||
	    sc == DEMO_SC_REFUND;
}

/* Closed tickets thin out into the past: the square of a uniform draw. */
static int64_t
ticket_age(struct demo *d, int status)
{
	int64_t span = age_max[status] - age_min[status], x = rnd_below(&d->r, 1 << 15);

	if (status != ST_CLOSED)
		return age_min[status] + rnd_below(&d->r, span + 1);
	return age_min[status] + (span * ((x * x) >> 15) >> 15);
}

/* The agent who answers: mostly the one who speaks the customer's language. */
static int
pick_agent(struct demo *d, int locale)
{
	int i;

	if (chance(&d->r, 70))
		for (i = 0; i < NANSWERING; i++)
			if (agents[i].locale == locale)
				return i;
	return (int)rnd_below(&d->r, NANSWERING);
}

/* Spreads the tickets over the customers (at most MAX_TICKETS_PER_CUSTOMER
 * each) and groups them by customer; the first ten cover every status on
 * both channels. */
static void
assign_tickets(struct demo *d)
{
	int *count = xcalloc((size_t)d->ncust + 1, sizeof *count);
	int32_t *who = xcalloc((size_t)d->ntk + 1, sizeof *who);
	uint8_t *status = xcalloc((size_t)d->ntk + 1, 1), *chan = xcalloc((size_t)d->ntk + 1, 1);
	int i, ci;

	for (i = 0; i < d->ntk; i++) {
		if (d->ntk >= 2 * ST_COUNT && i < 2 * ST_COUNT) {
			status[i] = (uint8_t)(i / 2);
			chan[i] = (uint8_t)(i % 2);
		} else {
			status[i] = (uint8_t)pick_weighted(&d->r, status_w, ST_COUNT);
			chan[i] = (uint8_t)chance(&d->r, 30);
		}
		ci = (int)rnd_below(&d->r, d->ncust);
		while (count[ci] >= MAX_TICKETS_PER_CUSTOMER)
			ci = (ci + 1) % d->ncust;
		count[ci]++;
		who[i] = ci;
	}
	for (i = 0, ci = 0; ci < d->ncust; ci++) {
		d->cust[ci].ticket0 = i;
		d->cust[ci].nticket = 0;
		i += count[ci];
	}
	d->tk = xcalloc((size_t)d->ntk + 1, sizeof *d->tk);
	for (i = 0; i < d->ntk; i++) {
		struct cust *c = &d->cust[who[i]];
		struct tplan *t = &d->tk[c->ticket0 + c->nticket++];

		t->cust = who[i];
		t->status = status[i];
		t->channel = chan[i];
		if (t->channel == CH_CHAT)
			c->chat = 1;
	}
	free(count);
	free(who);
	free(status);
	free(chan);
}

/* The return a SIZE, RETURN or DAMAGED ticket leads to: requested while the
 * ticket is open, approved when it is resolved (staged later, because a
 * REFUND ticket may still come back about it), or for a damaged item
 * settled at once. */
static void
plan_ticket_return(struct demo *d, int32_t ti, int32_t oi)
{
	static const int reasons[] = { RR_UNWANTED, RR_STYLE, RR_COLOUR, RR_NOT_AS_DESCRIBED };
	struct tplan *t = &d->tk[ti];
	struct order *o = &d->ord[oi];
	struct item *it = &d->item[o->item0];
	int resolved = t->status >= ST_SOLVED, nsizes;
	int64_t created;
	struct ret *r;
	int32_t ri;

	if (t->scenario == DEMO_SC_SIZE) {
		int up;

		size_table(demo_products[it->prod].size_kind, &nsizes);
		up = it->size + 1 < nsizes && (it->size == 0 || chance(&d->r, 60));
		t->size2 = (uint8_t)(up ? it->size + 1 : it->size - 1);
	}
	if (t->status == ST_NEW)
		return;
	/* requested a few minutes into the conversation, never after it ended */
	created = t->t0 + rnd_range(&d->r, MINUTE, 10 * MINUTE);
	if (resolved && (created > t->tr || t->scenario == DEMO_SC_DAMAGED))
		created = t->tr;
	ri = new_return(d, oi, o->item0, created);
	r = &d->ret[ri];
	r->ticket = ti;
	r->agent = (uint8_t)(resolved ? t->agent + 1 : 0);
	switch (t->scenario) {
	case DEMO_SC_SIZE:
		ret_set_kind(r, RES_EXCHANGE);
		r->reason = t->size2 > it->size ? RR_TOO_SMALL : RR_TOO_LARGE;
		r->size2 = t->size2;
		break;
	case DEMO_SC_RETURN:
		ret_set_kind(r, t->alt ? RES_CREDIT : RES_REFUND);
		r->reason = (uint8_t)reasons[rnd_below(&d->r, NELEM(reasons))];
		if (it->qty > 1 && chance(&d->r, 30))
			r->qty = it->qty;
		break;
	default:
		ret_set_kind(r, t->alt ? RES_EXCHANGE : RES_REFUND);
		r->reason = RR_DEFECTIVE;
		break;
	}
	r->amount = (int32_t)ret_amount(d, r);
	if (resolved) {
		r->updated = t->tr; /* approved; ret_stage() takes it from here */
		if (t->scenario == DEMO_SC_DAMAGED) {
			r->status = t->alt ? RS_CLOSED : RS_REFUNDED;
			if (!t->alt) {
				order_refund(d, o, r->amount, t->tr);
				r->refund_at = t->tr;
			}
		}
	}
	t->ret = ri;
}

/* Sets up the order a ticket is about so that its history fits the
 * conversation: in transit when asked where it is, unshipped when the
 * address changes, delivered when something is wrong with it. */
static void
plan_ticket_order(struct demo *d, int32_t ti)
{
	static const int bonuses[] = { 200, 300, 500 };
	struct tplan *t = &d->tk[ti];
	int64_t t0 = t->t0, tr = t->tr, now = d->now;
	int resolved = t->status >= ST_SOLVED, sc = t->scenario;
	int32_t oi = -1;
	struct order *o;

	switch (sc) {
	case DEMO_SC_WISMO:
	case DEMO_SC_LATE:
		oi = new_order(d, t->cust, 0, SUBJ_ANY);
		o = &d->ord[oi];
		if (sc == DEMO_SC_WISMO) {
			int64_t asked = tr != 0 ? tr : t0;

			o->shipped = t0 - rnd_range(&d->r, 2 * DAY, 5 * DAY);
			o->expected = o->shipped + transit_time(d, o);
			if (o->expected < asked + DAY)
				o->expected = asked + rnd_range(&d->r, DAY, 3 * DAY);
			if (resolved)
				order_deliver(d, o, o->expected - rnd_range(&d->r, 0, 12 * HOUR));
		} else {
			o->expected = t0 - rnd_range(&d->r, 2 * DAY, 9 * DAY);
			o->shipped = o->expected - transit_time(d, o);
			if (resolved) {
				order_deliver(d, o, tr + rnd_range(&d->r, DAY, 3 * DAY));
				t->bonus = (int16_t)bonuses[rnd_below(&d->r, NELEM(bonuses))];
			}
		}
		o->placed = o->shipped - rnd_range(&d->r, 4 * HOUR, 40 * HOUR);
		break;
	case DEMO_SC_ADDRESS:
	case DEMO_SC_CANCEL:
		oi = new_order(d, t->cust, t0 - (sc == DEMO_SC_ADDRESS ?
		    rnd_range(&d->r, HOUR, 20 * HOUR) : rnd_range(&d->r, 20 * MINUTE, 12 * HOUR)),
		    SUBJ_ANY);
		o = &d->ord[oi];
		if (sc == DEMO_SC_ADDRESS) {
			t->addr = (uint8_t)rnd_below(&d->r,
			    nvariants(demo_addresses[d->cust[t->cust].country], DEMO_NV));
			if (resolved) {
				o->shipped = tr + rnd_range(&d->r, 2 * HOUR, 20 * HOUR);
				if (o->shipped > now - 30 * MINUTE) {
					o->shipped = 0;
				} else {
					o->expected = o->shipped + transit_time(d, o);
					order_deliver(d, o, o->expected - rnd_range(&d->r, 0, 20 * HOUR));
				}
			}
		} else {
			/* resolve: captured payment refunded; alt: authorisation voided */
			o->fin = t->alt ? FIN_AUTHORIZED : FIN_PAID;
			if (resolved) {
				o->cancelled = tr;
				if (t->alt)
					o->fin = FIN_VOIDED;
				else
					order_refund(d, o, o->total, tr);
			}
		}
		break;
	case DEMO_SC_SIZE:
	case DEMO_SC_DAMAGED:
	case DEMO_SC_RETURN:
	case DEMO_SC_THANKS:
	case DEMO_SC_REFUND:
		if (t->follow >= 0) {
			oi = t->order; /* a follow-up: the earlier ticket's order */
			break;
		}
		oi = new_order(d, t->cust, 0, sc == DEMO_SC_SIZE ? SUBJ_SIZED :
		    sc == DEMO_SC_DAMAGED ? SUBJ_FRAGILE : SUBJ_ANY);
		o = &d->ord[oi];
		if (sc == DEMO_SC_REFUND) {
			int64_t asked = t0 - rnd_range(&d->r, 8 * DAY, 20 * DAY);
			struct ret *r;

			o->delivered = asked - rnd_range(&d->r, DAY, 15 * DAY);
			t->ret = new_return(d, oi, o->item0, asked);
			r = &d->ret[t->ret];
			ret_set_kind(r, RES_REFUND);
			r->reason = RR_UNWANTED;
			r->agent = (uint8_t)(t->agent + 1);
			r->updated = asked + rnd_range(&d->r, HOUR, DAY); /* approved */
		} else {
			o->delivered = t0 - (sc == DEMO_SC_THANKS ? rnd_range(&d->r, 2 * HOUR, 4 * DAY) :
			    rnd_range(&d->r, 3 * HOUR, 12 * DAY));
		}
		o->expected = o->delivered + rnd_range(&d->r, -12 * HOUR, DAY);
		o->shipped = o->delivered - transit_time(d, o);
		o->placed = o->shipped - rnd_range(&d->r, 4 * HOUR, 40 * HOUR);
		if (sc != DEMO_SC_THANKS && sc != DEMO_SC_REFUND)
			plan_ticket_return(d, ti, oi);
		if (sc == DEMO_SC_DAMAGED && resolved)
			t->bonus = (int16_t)bonuses[rnd_below(&d->r, NELEM(bonuses))];
		break;
	default:
		break;
	}
	t->order = oi;
}

static void
plan_ticket(struct demo *d, int32_t ti)
{
	static const int pw[] = { 12, 66, 18, 4 };
	struct tplan *t = &d->tk[ti];
	const struct cust *c = &d->cust[t->cust];
	struct thread th;
	int sc = -1, i, p;

	t->order = t->ret = t->follow = -1;
	t->agent = (uint8_t)pick_agent(d, c->locale);
	/* Customers come back about an earlier ticket: where the refund for an
	 * agreed return is, or to say thanks once a late parcel has arrived. */
	if (ti > c->ticket0 && chance(&d->r, 70)) {
		for (i = c->ticket0; i < ti; i++) {
			struct tplan *prev = &d->tk[i];
			int64_t when = 0, delivered;

			if (prev->tr == 0 || prev->followed || prev->order < 0)
				continue;
			delivered = d->ord[prev->order].delivered;
			if (prev->scenario == DEMO_SC_RETURN && !prev->alt && prev->ret >= 0) {
				when = prev->tr + rnd_range(&d->r, 8 * DAY, 20 * DAY);
				sc = DEMO_SC_REFUND;
			} else if ((prev->scenario == DEMO_SC_WISMO || prev->scenario == DEMO_SC_LATE) &&
			    delivered != 0 && t->status != ST_PENDING) {
				when = delivered + rnd_range(&d->r, 2 * HOUR, 4 * DAY);
				sc = DEMO_SC_THANKS;
			}
			if (when == 0 || when < d->now - age_max[t->status] ||
			    when > d->now - age_min[t->status]) {
				sc = -1;
				continue;
			}
			t->t0 = when;
			t->follow = i;
			t->order = prev->order;
			t->ret = sc == DEMO_SC_REFUND ? prev->ret : -1;
			prev->followed = 1;
			break;
		}
	}
	while (sc < 0) {
		sc = pick_weighted(&d->r, scenario_w, DEMO_SC_COUNT);
		if ((sc == DEMO_SC_THANKS && t->status == ST_PENDING) ||
		    (needs_return(sc) && !rma_room(d, t->t0)))
			sc = -1;
	}
	t->scenario = (uint8_t)sc;
	if (demo_scripts[sc][c->locale].alt[0] != NULL)
		t->alt = (uint8_t)chance(&d->r, sc == DEMO_SC_DAMAGED ? 40 : sc == DEMO_SC_RETURN ? 30 : 35);
	thread_plan(d, t, ti, &th);
	t->tr = t->status >= ST_SOLVED ? thread_resolved_at(&th) : 0;
	p = pick_weighted(&d->r, pw, NELEM(pw));
	if ((sc == DEMO_SC_LATE || sc == DEMO_SC_DAMAGED) && p < 2 && chance(&d->r, 40))
		p = 2;
	if ((sc == DEMO_SC_THANKS || sc == DEMO_SC_LOYALTY) && p > 1)
		p = chance(&d->r, 50) ? 0 : 1;
	t->prio = (uint8_t)p;
	t->assigned = (uint8_t)(t->status == ST_NEW ? chance(&d->r, 20) :
	    t->status == ST_OPEN ? chance(&d->r, 60) : 1);
	plan_ticket_order(d, ti);
}

/* Once all of a customer's tickets are planned: returns move on from
 * approval, and a REFUND ticket decides what happened to its return. */
static void
stage_returns(struct demo *d, const struct cust *c)
{
	int i;

	for (i = c->ticket0; i < c->ticket0 + c->nticket; i++) {
		struct tplan *t = &d->tk[i];
		struct ret *r = t->ret >= 0 ? &d->ret[t->ret] : NULL;

		if (r == NULL)
			continue;
		if ((t->scenario == DEMO_SC_SIZE || t->scenario == DEMO_SC_RETURN) && t->tr != 0 &&
		    !t->followed)
			ret_stage(d, r, r->updated, t->scenario == DEMO_SC_SIZE ? RS_EXCHANGED :
			    t->alt ? RS_CREDITED : RS_REFUNDED, 0);
		else if (t->scenario == DEMO_SC_REFUND && t->tr == 0)
			ret_stage(d, r, r->updated, -1, t->t0);
		else if (t->scenario == DEMO_SC_REFUND)
			ret_stage(d, r, r->updated, RS_REFUNDED,
			    t->alt ? t->tr + rnd_range(&d->r, DAY, 3 * DAY) : t->tr);
	}
}

static void
plan_customer(struct demo *d, int ci)
{
	static const int ow[MAX_ORDERS_PER_CUSTOMER + 1] = { 10, 30, 22, 15, 10, 8, 5 };
	struct cust *c = &d->cust[ci];
	struct tplan *tk = &d->tk[c->ticket0 >= 0 ? c->ticket0 : 0];
	int64_t lo, first;
	int i, j, want, have;

	c->order0 = d->nord;
	for (i = 0; i < c->nticket; i++)
		tk[i].t0 = d->now - ticket_age(d, tk[i].status);
	for (i = 1; i < c->nticket; i++) {
		struct tplan x = tk[i];

		for (j = i; j > 0 && tk[j - 1].t0 > x.t0; j--)
			tk[j] = tk[j - 1];
		tk[j] = x;
	}
	for (i = 0; i < c->nticket; i++)
		plan_ticket(d, c->ticket0 + i);
	stage_returns(d, c);
	have = d->nord - c->order0;
	want = pick_weighted(&d->r, ow, NELEM(ow));
	if (want < have)
		want = have;
	lo = c->created > d->now - 730 * DAY ? c->created : d->now - 730 * DAY;
	for (i = have; i < want; i++) {
		int32_t oi = new_order(d, ci, rnd_range(&d->r, lo, d->now - HOUR), SUBJ_ANY);

		order_life(d, oi);
		if (d->ord[oi].delivered != 0 && chance(&d->r, 5))
			plan_portal_return(d, oi);
	}
	c->norders = d->nord - c->order0;
	/* Nobody orders or writes in before they exist. */
	first = c->created;
	for (i = 0; i < c->norders; i++)
		if (d->ord[c->order0 + i].placed < first)
			first = d->ord[c->order0 + i].placed;
	for (i = 0; i < c->nticket; i++)
		if (tk[i].t0 < first)
			first = tk[i].t0;
	if (first - HOUR < c->created)
		c->created = first - rnd_range(&d->r, HOUR, 20 * DAY);
}

struct keyed {
	int64_t key;
	int32_t idx;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sorts k (n entries) and returns the indices in that order; frees k. */
static int32_t *
sorted_indices(struct keyed *k, int n)
{
	int32_t *perm = xcalloc((size_t)n + 1, sizeof *perm);
	int i;

	qsort(k, (size_t)n, sizeof *k, cmp_keyed);
	for (i = 0; i < n; i++)
		perm[i] = k[i].idx;
	free(k);
	return perm;
}

/* Plans everything; afterwards ids follow time (customers by sign-up,
 * orders by when they were placed, so "#1001" is the oldest, tickets by
 * their first message, returns by request). */
static void
plan(struct demo *d)
{
	struct keyed *k;
	int i, y, n;

	d->year0 = utc_year(d->now) - (NYEARS - 3);
	plan_customers(d);
	assign_tickets(d);
	for (i = 0; i < d->ncust; i++)
		plan_customer(d, i);

	k = xcalloc((size_t)d->ncust + 1, sizeof *k);
	for (i = 0; i < d->ncust; i++)
		k[i] = (struct keyed){ d->cust[i].created, i };
	d->cust_by_id = sorted_indices(k, d->ncust);
	for (i = 0; i < d->ncust; i++)
		d->cust[d->cust_by_id[i]].id = i + 1;
	/* Referrers signed up before the friends they brought. */
	d->ref_head = xcalloc((size_t)d->ncust + 1, sizeof *d->ref_head);
	d->ref_next = xcalloc((size_t)d->ncust + 1, sizeof *d->ref_next);
	for (i = 0; i < d->ncust; i++)
		d->ref_head[i] = d->ref_next[i] = -1;
	for (i = 5; i < d->ncust; i++) {
		int32_t ci = d->cust_by_id[i], ri;

		if (!chance(&d->r, 12))
			continue;
		ri = d->cust_by_id[rnd_below(&d->r, i)];
		d->cust[ci].referrer = ri;
		d->ref_next[ci] = d->ref_head[ri];
		d->ref_head[ri] = ci;
	}

	k = xcalloc((size_t)d->nord + 1, sizeof *k);
	for (i = 0; i < d->nord; i++)
		k[i] = (struct keyed){ d->ord[i].placed, i };
	d->ord_by_id = sorted_indices(k, d->nord);
	d->item_id = xcalloc((size_t)d->nitem + 1, sizeof *d->item_id);
	for (i = 0, n = 0; i < d->nord; i++) {
		struct order *o = &d->ord[d->ord_by_id[i]];
		int j;

		o->id = i + 1;
		for (j = 0; j < o->nitems; j++)
			d->item_id[o->item0 + j] = ++n;
	}

	k = xcalloc((size_t)d->ntk + 1, sizeof *k);
	for (i = 0; i < d->ntk; i++)
		k[i] = (struct keyed){ d->tk[i].t0, i };
	d->tk_by_id = sorted_indices(k, d->ntk);
	for (i = 0; i < d->ntk; i++)
		d->tk[d->tk_by_id[i]].id = i + 1;

	k = xcalloc((size_t)d->nret + 1, sizeof *k);
	for (i = 0; i < d->nret; i++)
		k[i] = (struct keyed){ d->ret[i].created, i };
	d->ret_by_id = sorted_indices(k, d->nret);
	/* Each year's numbers start somewhere above 10000 and, however many
	 * returns the year has (rma_room() keeps it near RMA_PER_YEAR), stay
	 * within five digits. */
	for (y = 0; y < NYEARS; y++) {
		int room = 90000 - d->rma_count[y];

		d->rma_base[y] = 10000 + (int)rnd_below(&d->r, room < 1 ? 1 : room < 5000 ? room : 5000);
	}
	memset(d->rma_count, 0, sizeof d->rma_count);
	for (i = 0; i < d->nret; i++) {
		struct ret *r = &d->ret[d->ret_by_id[i]];

		y = year_slot(d, r->created);
		r->id = i + 1;
		r->number = d->rma_base[y] + d->rma_count[y]++;
	}
}

/* --------------------------------------------------------------- loyalty */

static void
ledger_add(struct demo *d, int64_t at, int reason, int64_t delta, int32_t order, int agent,
    const char *note)
{
	struct lentry *e;

	d->led = grow(d->led, &d->cled, d->nled + 1, sizeof *d->led);
	e = &d->led[d->nled++];
	e->at = at;
	e->reason = (uint8_t)reason;
	e->delta = (int32_t)delta;
	e->order = order;
	e->agent = agent;
	e->note = note;
}

static int
cmp_lentry(const void *a, const void *b)
{
	const struct lentry *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->reason != y->reason)
		return x->reason < y->reason ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->delta < y->delta ? -1 : x->delta > y->delta;
}

/* One customer's points ledger in time order, into d->led. A function of
 * the plan (and its own PRNG stream): the loyalty tables and a ticket that
 * quotes the balance see the same entries. Points redeemed never take the
 * balance below zero at any point, later clawbacks included. */
static void
ledger_build(struct demo *d, int32_t ci)
{
	const struct cust *c = &d->cust[ci];
	int64_t first = 0, bal, low;
	struct lentry e;
	struct rng r;
	int32_t who;
	int i, j;

	rng_for(&r, d->seed, 'L', (uint64_t)ci);
	d->nled = 0;
	for (i = 0; i < c->norders; i++) {
		const struct order *o = &d->ord[c->order0 + i];

		if (o->cancelled != 0)
			continue;
		if (first == 0 || o->placed < first)
			first = o->placed;
		ledger_add(d, o->placed, LR_PURCHASE,
		    loyalty_points_for(o->total_shop, DEMO_CURRENCY), c->order0 + i, 0, "");
		if (o->refunded_shop > 0)
			ledger_add(d, o->refund_at, LR_REFUND,
			    -loyalty_points_for(o->refunded_shop, DEMO_CURRENCY),
			    c->order0 + i, 0, "Points for the refunded amount");
	}
	for (i = 0; i < c->nticket; i++) {
		const struct tplan *t = &d->tk[c->ticket0 + i];

		if (t->bonus > 0)
			ledger_add(d, t->tr, LR_GOODWILL, t->bonus, t->order, t->agent + 1,
			    t->scenario == DEMO_SC_LATE ? "Goodwill: late delivery" :
			    "Goodwill: damaged item");
	}
	if (c->referrer >= 0)
		ledger_add(d, first != 0 ? first : c->created + HOUR, LR_REFERRAL, 250, -1, 0,
		    "Welcome bonus for joining with a referral code");
	for (who = d->ref_head[ci]; who >= 0; who = d->ref_next[who]) {
		const struct cust *f = &d->cust[who];
		int64_t at = 0;

		for (i = 0; i < f->norders; i++)
			if (d->ord[f->order0 + i].cancelled == 0 &&
			    (at == 0 || d->ord[f->order0 + i].placed < at))
				at = d->ord[f->order0 + i].placed;
		if (at != 0)
			ledger_add(d, at, LR_REFERRAL, 500, -1, 0, "Referral bonus: a friend's first order");
	}
	qsort(d->led, (size_t)d->nled, sizeof *d->led, cmp_lentry);
	/* Redeem at some later checkouts, no more than the lowest balance from
	 * then on, so that no later clawback goes below zero. */
	for (i = 1; i < d->nled; i++) {
		if (d->led[i].reason != LR_PURCHASE || !chance(&r, 30))
			continue;
		for (bal = 0, j = 0; j < i; j++)
			bal += d->led[j].delta;
		for (low = bal, j = i; j < d->nled; j++) {
			bal += d->led[j].delta;
			if (bal < low)
				low = bal;
		}
		if (low < 100)
			continue;
		low = 100 * rnd_range(&r, 1, low / 100 < 10 ? low / 100 : 10);
		ledger_add(d, d->led[i].at, LR_REDEEM, -low, d->led[i].order, 0,
		    "Redeemed at checkout");
		e = d->led[d->nled - 1];
		memmove(&d->led[i + 1], &d->led[i], (size_t)(d->nled - 1 - i) * sizeof *d->led);
		d->led[i++] = e; /* just before the purchase it paid towards */
	}
}

/* Points and lifetime spend as they stood at a moment. */
static void
loyalty_at(struct demo *d, int32_t ci, int64_t at, int64_t *points, int64_t *spend)
{
	const struct cust *c = &d->cust[ci];
	int i;

	ledger_build(d, ci);
	*points = *spend = 0;
	for (i = 0; i < d->nled && d->led[i].at <= at; i++)
		*points += d->led[i].delta;
	for (i = 0; i < c->norders; i++) {
		const struct order *o = &d->ord[c->order0 + i];

		if (o->cancelled == 0 && o->placed <= at)
			*spend += o->total_shop - (o->refund_at != 0 && o->refund_at <= at ?
			    o->refunded_shop : 0);
	}
}

/* ------------------------------------------------------------ templates */

enum {
	V_ADDR, V_AGENT, V_AMOUNT, V_BONUS, V_CARRIER, V_CODE, V_EMAIL, V_ETA, V_FIRST, V_FNAME,
	V_ITEM, V_NAME, V_ORDER, V_PHONE, V_POINTS, V_RMA, V_RTRACKING, V_SHOP, V_SIZE, V_SIZE2,
	V_SKU, V_TIER, V_TRACKING, V_UNIT, V_URL, V_COUNT
};
static const char *const var_names[V_COUNT] = {
	"addr", "agent", "amount", "bonus", "carrier", "code", "email", "eta", "first", "fname",
	"item", "name", "order", "phone", "points", "rma", "rtracking", "shop", "size", "size2",
	"sku", "tier", "tracking", "unit", "url",
};

/* The values one ticket's texts are filled with; NULL where the ticket has
 * none (a template asking for it is a bug, reported as such). */
struct vars {
	const char *v[V_COUNT];
	int female;
	char order[16], amount[96], bonus[16], eta[48], name[128], points[24], rma[32];
	char rtracking[48], sku[64], tracking[48], url[192], unit[96];
	char eta_en[48];       /* notes are for the team: in English */
	const char *carrier_en;
};

/* Appends tpl with {name} and {g:male|female} filled in. Fails on an
 * unknown placeholder, one without a value here, or a malformed brace, so
 * that no template text ever reaches the database half expanded. */
static int
expand(struct demo *d, struct buf *out, const char *tpl, const struct vars *x)
{
	const char *p = tpl, *open, *close, *bar;
	size_t len;
	int i, rc = 0;

	while ((open = strchr(p, '{')) != NULL) {
		rc |= buf_add(out, p, (size_t)(open - p));
		if ((close = strchr(open, '}')) == NULL)
			goto bad;
		len = (size_t)(close - open - 1);
		if (len > 2 && strncmp(open + 1, "g:", 2) == 0) {
			if ((bar = memchr(open + 3, '|', len - 2)) == NULL)
				goto bad;
			if (x->female)
				rc |= buf_add(out, bar + 1, (size_t)(close - bar - 1));
			else
				rc |= buf_add(out, open + 3, (size_t)(bar - open - 3));
		} else {
			for (i = 0; i < V_COUNT; i++)
				if (strlen(var_names[i]) == len && memcmp(var_names[i], open + 1, len) == 0)
					break;
			if (i == V_COUNT || x->v[i] == NULL) {
				snprintf(d->tpl_err, sizeof d->tpl_err, "%s placeholder {%.*s} in \"%.60s\"",
				    i == V_COUNT ? "unknown" : "no value for", (int)(len < 40 ? len : 40),
				    open + 1, tpl);
				return -1;
			}
			rc |= buf_addstr(out, x->v[i]);
		}
		p = close + 1;
	}
	if (strchr(p, '}') != NULL)
		goto bad;
	rc |= buf_addstr(out, p);
	if (rc != 0) {
		snprintf(d->tpl_err, sizeof d->tpl_err, "text too long: \"%.60s\"", tpl);
		return -1;
	}
	return 0;
bad:
	snprintf(d->tpl_err, sizeof d->tpl_err, "unbalanced brace in \"%.60s\"", tpl);
	return -1;
}

static void
vars_for_ticket(struct demo *d, const struct tplan *t, struct vars *x)
{
	const struct cust *c = &d->cust[t->cust];
	const struct order *o = t->order >= 0 ? &d->ord[t->order] : NULL;
	const struct ret *r = t->ret >= 0 ? &d->ret[t->ret] : NULL;
	int cur = countries[c->country].cur, loc = c->locale;

	memset(x->v, 0, sizeof x->v);
	x->carrier_en = NULL;
	x->female = c->female;
	x->v[V_SHOP] = SHOP_NAME;
	x->v[V_AGENT] = agents[t->agent].name;
	x->v[V_FIRST] = cust_first(c)->greet;
	x->v[V_FNAME] = cust_first(c)->name;
	cust_name(c, x->name, sizeof x->name);
	x->v[V_NAME] = x->name;
	x->v[V_EMAIL] = c->email;
	x->v[V_PHONE] = c->phone_text;
	x->v[V_CODE] = c->code;
	/* 100 points are worth one euro, in the customer's money */
	fmt_money(x->unit, sizeof x->unit, 100 * currencies[cur].num / currencies[cur].den, cur, loc);
	x->v[V_UNIT] = x->unit;
	if (o != NULL) {
		const struct item *it = &d->item[o->item0];
		const struct carrier *ca = &carriers[o->carrier];
		int64_t amount;

		snprintf(x->order, sizeof x->order, "#%d", 1000 + o->id);
		x->v[V_ORDER] = x->order;
		x->v[V_ITEM] = demo_products[it->prod].title[loc];
		x->v[V_SIZE] = it->size != NONE8 ? size_label(it->prod, it->size) : NULL;
		if (t->scenario == DEMO_SC_SIZE)
			x->v[V_SIZE2] = size_label(it->prod, t->size2);
		item_sku(it, it->size, x->sku, sizeof x->sku);
		x->v[V_SKU] = x->sku;
		x->v[V_CARRIER] = ca->local != NULL && loc != DEMO_EN && loc != DEMO_CS ? ca->local :
		    ca->name;
		x->carrier_en = ca->name;
		if (o->shipped != 0) {
			tracking_number(d, o->carrier, 'K', t->order, x->tracking, sizeof x->tracking);
			snprintf(x->url, sizeof x->url, "%s%s", ca->url, x->tracking);
			x->v[V_TRACKING] = x->tracking;
			x->v[V_URL] = x->url;
		}
		if (o->expected != 0) {
			fmt_date(x->eta, sizeof x->eta, o->expected, loc, c->country);
			fmt_date(x->eta_en, sizeof x->eta_en, o->expected, DEMO_EN, DEMO_GB);
			x->v[V_ETA] = x->eta;
		}
		amount = t->scenario == DEMO_SC_CANCEL ? o->total :
		    r != NULL ? r->amount : line_refund(it, 1, cur);
		fmt_money(x->amount, sizeof x->amount, amount, cur, loc);
		x->v[V_AMOUNT] = x->amount;
	}
	if (r != NULL) {
		snprintf(x->rma, sizeof x->rma, "RMA-%d-%05d", utc_year(r->created), (int)r->number);
		x->v[V_RMA] = x->rma;
		tracking_number(d, countries[c->country].carrier[0], 'Q', t->ret, x->rtracking,
		    sizeof x->rtracking);
		x->v[V_RTRACKING] = x->rtracking;
	}
	if (t->bonus > 0) {
		snprintf(x->bonus, sizeof x->bonus, "%d", t->bonus);
		x->v[V_BONUS] = x->bonus;
	}
	if (t->scenario == DEMO_SC_ADDRESS)
		x->v[V_ADDR] = demo_addresses[c->country][t->addr];
	if (t->scenario == DEMO_SC_LOYALTY) {
		int64_t points, spend;

		loyalty_at(d, t->cust, t->t0, &points, &spend);
		snprintf(x->points, sizeof x->points, "%" PRId64, points);
		x->v[V_POINTS] = x->points;
		x->v[V_TIER] = loyalty_tier_for(spend)->name;
	}
}

/* --------------------------------------------------------------- writing */

static const char SQL_COUNT[] =
	"SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM tickets)";
static const char SQL_SOURCE[] =
	"INSERT INTO sources (id, kind, name, state, last_sync_at) VALUES (?1, 'demo', 'demo', 'idle', ?2)";
static const char SQL_AGENT[] =
	"INSERT INTO agents (id, login, uid, name, role, active, signature, created_at)"
	" VALUES (?1, ?2, NULL, ?3, ?4, 1, ?5, ?6)";
static const char SQL_CUSTOMER[] =
	"INSERT INTO customers (id, name, email, phone, locale, country, marketing_consent,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_IDENTITY[] =
	"INSERT INTO customer_identities (id, customer_id, kind, value, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_ORDER[] =
	"INSERT INTO orders (id, customer_id, source_id, external_id, number, placed_at, currency,"
	" subtotal, discount, shipping, tax, total, refunded, shop_currency, total_shop,"
	" refunded_shop, financial_status, fulfillment_status, cancelled_at, updated_at, synced_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	" ?18, ?19, ?20, ?21)";
static const char SQL_ITEM[] =
	"INSERT INTO order_items (id, order_id, sku, title, variant, qty, unit_price, discount,"
	" returned_qty) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_FULFILMENT[] =
	"INSERT INTO fulfillments (id, order_id, status, carrier, tracking_number, tracking_url,"
	" shipped_at, expected_at, delivered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_TICKET[] =
	"INSERT INTO tickets (id, customer_id, channel, status, priority, subject, assignee_id,"
	" order_id, source_id, follow_up_of, message_count, created_at, updated_at,"
	" first_response_at, solved_at, sla_due_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
static const char SQL_TAG[] = "INSERT INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)";
static const char SQL_MESSAGE[] =
	"INSERT INTO messages (id, ticket_id, direction, channel, external_id, in_reply_to,"
	" from_name, from_addr, to_addr, subject, body, agent_id, source_id, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char SQL_RETURN[] =
	"INSERT INTO returns (id, rma, order_id, customer_id, ticket_id, kind, status, resolution,"
	" currency, refund_amount, credit_amount, created_by, approved_by, created_at, updated_at,"
	" value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?10 + ?11)";
static const char SQL_RETURN_ITEM[] =
	"INSERT INTO return_items (id, return_id, order_item_id, qty, reason, condition, restock,"
	" exchange_sku) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_ACCOUNT[] =
	"INSERT INTO loyalty_accounts (customer_id, tier, points, lifetime_spend, currency,"
	" referral_code, referred_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_LEDGER[] =
	"INSERT INTO loyalty_ledger (id, customer_id, delta, reason, order_id, agent_id, note,"
	" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_SURVEY[] =
	"INSERT INTO surveys (id, kind, customer_id, ticket_id, order_id, product_sku, token_hash,"
	" sent_at, answered_at, score, comment, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char SQL_FTS_TRIGGER[] =
	"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_fts_ai'";

#define DEMO_SOURCE_ID 1

/* Binding helpers: the first failure is remembered and reported by step(),
 * which keeps the writers readable. Texts are bound SQLITE_STATIC: every
 * buffer outlives the step that follows. */
static void
bind_int(struct demo *d, sqlite3_stmt *st, int i, int64_t v)
{
	int rc = sqlite3_bind_int64(st, i, v);

	if (rc != SQLITE_OK && d->brc == SQLITE_OK)
		d->brc = rc;
}

/* Binds NULL for 0: no date, no link. */
static void
bind_opt(struct demo *d, sqlite3_stmt *st, int i, int64_t v)
{
	int rc = v != 0 ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);

	if (rc != SQLITE_OK && d->brc == SQLITE_OK)
		d->brc = rc;
}

static void
bind_text(struct demo *d, sqlite3_stmt *st, int i, const char *s)
{
	int rc = s != NULL ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);

	if (rc != SQLITE_OK && d->brc == SQLITE_OK)
		d->brc = rc;
}

static int
step(struct demo *d, sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return -1;
	if (d->brc != SQLITE_OK) {
		db_done(st);
		return -1;
	}
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
write_agents(struct demo *d)
{
	sqlite3_stmt *st;
	int i;

	if ((st = db_stmt(d->db, SQL_SOURCE)) == NULL)
		return -1;
	bind_int(d, st, 1, DEMO_SOURCE_ID);
	bind_int(d, st, 2, d->now);
	if (step(d, st) != 0)
		return -1;
	for (i = 0; i < NELEM(agents); i++) {
		char sig[160];

		if ((st = db_stmt(d->db, SQL_AGENT)) == NULL)
			return -1;
		snprintf(sig, sizeof sig, "%s\n%s customer care", agents[i].name, SHOP_NAME);
		bind_int(d, st, 1, i + 1);
		bind_text(d, st, 2, agents[i].login);
		bind_text(d, st, 3, agents[i].name);
		bind_text(d, st, 4, agents[i].role);
		bind_text(d, st, 5, sig);
		bind_int(d, st, 6, d->now - 900 * DAY);
		if (step(d, st) != 0)
			return -1;
	}
	return 0;
}

static int
write_identity(struct demo *d, const struct cust *c, const char *kind, const char *value)
{
	sqlite3_stmt *st = db_stmt(d->db, SQL_IDENTITY);

	if (st == NULL)
		return -1;
	bind_int(d, st, 1, ++d->next_identity);
	bind_int(d, st, 2, c->id);
	bind_text(d, st, 3, kind);
	bind_text(d, st, 4, value);
	bind_int(d, st, 5, c->created);
	return step(d, st);
}

static int
write_customers(struct demo *d)
{
	sqlite3_stmt *st;
	char name[128], chat[48];
	int i;

	for (i = 0; i < d->ncust; i++) {
		const struct cust *c = &d->cust[d->cust_by_id[i]];

		if ((st = db_stmt(d->db, SQL_CUSTOMER)) == NULL)
			return -1;
		cust_name(c, name, sizeof name);
		bind_int(d, st, 1, c->id);
		bind_text(d, st, 2, name);
		bind_text(d, st, 3, c->email);
		bind_text(d, st, 4, c->phone);
		bind_text(d, st, 5, locale_codes[c->locale]);
		bind_text(d, st, 6, countries[c->country].code);
		bind_int(d, st, 7, c->consent);
		bind_int(d, st, 8, c->created);
		bind_int(d, st, 9, c->created);
		if (step(d, st) != 0 || write_identity(d, c, "email", c->email) != 0)
			return -1;
		if (c->phone_identity && write_identity(d, c, "phone", c->phone) != 0)
			return -1;
		snprintf(chat, sizeof chat, "chatwoot:contact/%d", 40000 + c->id);
		if (c->chat && write_identity(d, c, "chat", chat) != 0)
			return -1;
	}
	return 0;
}

static int64_t
latest(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int
write_items(struct demo *d, const struct order *o, int locale)
{
	sqlite3_stmt *st;
	char sku[64], variant[128];
	int j;

	for (j = 0; j < o->nitems; j++) {
		const struct item *it = &d->item[o->item0 + j];

		if ((st = db_stmt(d->db, SQL_ITEM)) == NULL)
			return -1;
		item_sku(it, it->size, sku, sizeof sku);
		item_variant(it, locale, variant, sizeof variant);
		bind_int(d, st, 1, d->item_id[o->item0 + j]);
		bind_int(d, st, 2, o->id);
		bind_text(d, st, 3, sku);
		bind_text(d, st, 4, demo_products[it->prod].title[locale]);
		bind_text(d, st, 5, variant);
		bind_int(d, st, 6, it->qty);
		bind_int(d, st, 7, it->unit);
		bind_int(d, st, 8, it->disc);
		bind_int(d, st, 9, it->returned);
		if (step(d, st) != 0)
			return -1;
	}
	return 0;
}

static int
write_fulfilment(struct demo *d, int32_t oi)
{
	const struct order *o = &d->ord[oi];
	const struct carrier *ca = &carriers[o->carrier];
	sqlite3_stmt *st = db_stmt(d->db, SQL_FULFILMENT);
	char tracking[48], url[192];
	const char *status = "in_transit";

	if (st == NULL)
		return -1;
	if (o->delivered != 0)
		status = "delivered";
	else if (o->expected > d->now && o->expected - d->now < 10 * HOUR)
		status = "out_for_delivery";
	tracking_number(d, o->carrier, 'K', oi, tracking, sizeof tracking);
	snprintf(url, sizeof url, "%s%s", ca->url, tracking);
	bind_int(d, st, 1, ++d->next_fulfil);
	bind_int(d, st, 2, o->id);
	bind_text(d, st, 3, status);
	bind_text(d, st, 4, ca->name);
	bind_text(d, st, 5, tracking);
	bind_text(d, st, 6, url);
	bind_int(d, st, 7, o->shipped);
	bind_opt(d, st, 8, o->expected);
	bind_opt(d, st, 9, o->delivered);
	return step(d, st);
}

static int
write_orders(struct demo *d)
{
	sqlite3_stmt *st;
	char number[16], ext[24];
	int i;

	for (i = 0; i < d->nord; i++) {
		int32_t oi = d->ord_by_id[i];
		const struct order *o = &d->ord[oi];
		const struct cust *c = &d->cust[o->cust];
		const char *fin = fin_names[o->fin];
		int64_t updated = latest(latest(o->placed, o->shipped), latest(o->delivered,
		    latest(o->cancelled, o->refund_at)));

		if (o->refunded > 0)
			fin = o->refunded >= o->total ? "refunded" : "partially_refunded";
		if ((st = db_stmt(d->db, SQL_ORDER)) == NULL)
			return -1;
		snprintf(number, sizeof number, "#%d", 1000 + o->id);
		snprintf(ext, sizeof ext, "%d", 5000000 + o->id);
		bind_int(d, st, 1, o->id);
		bind_int(d, st, 2, c->id);
		bind_int(d, st, 3, DEMO_SOURCE_ID);
		bind_text(d, st, 4, ext);
		bind_text(d, st, 5, number);
		bind_int(d, st, 6, o->placed);
		bind_text(d, st, 7, currencies[countries[c->country].cur].code);
		bind_int(d, st, 8, o->subtotal);
		bind_int(d, st, 9, o->discount);
		bind_int(d, st, 10, o->shipping);
		bind_int(d, st, 11, o->tax);
		bind_int(d, st, 12, o->total);
		bind_int(d, st, 13, o->refunded);
		bind_text(d, st, 14, DEMO_CURRENCY);
		bind_int(d, st, 15, o->total_shop);
		bind_int(d, st, 16, o->refunded_shop);
		bind_text(d, st, 17, fin);
		bind_text(d, st, 18, o->shipped != 0 ? "fulfilled" : "unfulfilled");
		bind_opt(d, st, 19, o->cancelled);
		bind_int(d, st, 20, updated);
		bind_int(d, st, 21, d->now);
		if (step(d, st) != 0 || write_items(d, o, c->locale) != 0)
			return -1;
		if (o->shipped != 0 && write_fulfilment(d, oi) != 0)
			return -1;
	}
	d->st.orders = d->nord;
	return 0;
}

/* ----------------------------------------------------- tickets, messages */

enum { DIR_IN, DIR_OUT, DIR_NOTE };
static const char *const dir_names[] = { "in", "out", "note" };

static const char *
message_text(const struct demo_script *s, const struct demo_frame *f, const struct tplan *t,
    int kind, int ai, struct rng *r)
{
	int n;

	switch (kind) {
	case M_OPEN:
		return pick_text(r, s->open, DEMO_NV);
	case M_NUDGE:
		return pick_text(r, f->nudge, DEMO_NV);
	case M_NOTE:
		return pick_text(r, demo_notes[t->scenario], DEMO_NV);
	case M_ASK:
		return s->ask[ai];
	case M_ANSWER: /* answers pair with the questions they reply to */
		n = nvariants(s->answer, DEMO_NV);
		return s->answer[ai < n ? ai : n - 1];
	case M_RESOLVE:
		return pick_text(r, t->alt ? s->alt : s->resolve, DEMO_NV);
	default:
		return pick_text(r, f->thanks, DEMO_NV);
	}
}

/* Builds one message body into d->msg: e-mails come with the greeting and
 * sign-off of whoever writes, chat is just the text. */
static int
message_body(struct demo *d, const struct demo_frame *f, const struct vars *x, int email,
    int dir, const char *tpl, struct rng *r)
{
	int rc = 0;

	buf_reset(&d->msg);
	if (email && dir != DIR_NOTE) {
		rc |= expand(d, &d->msg, pick_text(r, dir == DIR_IN ? f->hello_in : f->hello_out,
		    DEMO_NV), x);
		rc |= buf_addstr(&d->msg, "\n\n");
	}
	rc |= expand(d, &d->msg, tpl, x);
	if (email && dir != DIR_NOTE) {
		rc |= buf_addstr(&d->msg, "\n\n");
		rc |= expand(d, &d->msg, pick_text(r, dir == DIR_IN ? f->bye_in : f->bye_out,
		    DEMO_NV), x);
	}
	return rc != 0 ? -1 : 0;
}

static int
write_ticket_row(struct demo *d, const struct tplan *t, const struct thread *th,
    const char *subject)
{
	sqlite3_stmt *st = db_stmt(d->db, SQL_TICKET);
	int64_t first_out = 0, last = th->at[th->n - 1];
	int i;

	if (st == NULL)
		return -1;
	for (i = 0; i < th->n && first_out == 0; i++)
		if (th->kind[i] == M_ASK || th->kind[i] == M_RESOLVE)
			first_out = th->at[i];
	bind_int(d, st, 1, t->id);
	bind_int(d, st, 2, d->cust[t->cust].id);
	bind_text(d, st, 3, channel_names[t->channel]);
	bind_text(d, st, 4, status_names[t->status]);
	bind_text(d, st, 5, priority_names[t->prio]);
	bind_text(d, st, 6, subject);
	bind_opt(d, st, 7, t->assigned ? t->agent + 1 : 0);
	bind_opt(d, st, 8, t->order >= 0 ? d->ord[t->order].id : 0);
	bind_int(d, st, 9, DEMO_SOURCE_ID);
	bind_opt(d, st, 10, t->follow >= 0 ? d->tk[t->follow].id : 0);
	bind_int(d, st, 11, th->n);
	bind_int(d, st, 12, t->t0);
	bind_int(d, st, 13, last);
	bind_opt(d, st, 14, first_out);
	bind_opt(d, st, 15, t->status >= ST_SOLVED ? last : 0);
	bind_int(d, st, 16, t->t0 + DAY);
	if (step(d, st) != 0 || (st = db_stmt(d->db, SQL_TAG)) == NULL)
		return -1;
	bind_int(d, st, 1, t->id);
	bind_text(d, st, 2, scenario_tags[t->scenario]);
	return step(d, st);
}

static int
write_ticket(struct demo *d, int32_t ti)
{
	struct tplan *t = &d->tk[ti];
	const struct cust *c = &d->cust[t->cust];
	const struct demo_script *s = &demo_scripts[t->scenario][c->locale];
	const struct demo_frame *f = &demo_frames[c->locale];
	const char *dom = strchr(c->email, '@') + 1, *tpl;
	int email = t->channel == CH_EMAIL, i, ai, dir;
	char subject[1024], resubject[1040], name[128], id[128], prev[128] = "";
	struct thread th;
	struct vars x;
	sqlite3_stmt *st;

	thread_plan(d, t, ti, &th);
	vars_for_ticket(d, t, &x);
	buf_reset(&d->b);
	if (expand(d, &d->b, pick_text(&th.r, s->subject, DEMO_NV), &x) != 0)
		return -1;
	snprintf(subject, sizeof subject, "%s", buf_str(&d->b));
	snprintf(resubject, sizeof resubject, "Re: %s", subject);
	cust_name(c, name, sizeof name);
	ai = (int)rnd_below(&th.r, nvariants(s->ask, DEMO_NV));
	t->last = th.at[th.n - 1];
	/* chat conversations often start without a subject */
	if (write_ticket_row(d, t, &th, email || chance(&th.r, 40) ? subject : "") != 0)
		return -1;
	for (i = 0; i < th.n; i++) {
		int kind = th.kind[i];

		dir = kind == M_ASK || kind == M_RESOLVE ? DIR_OUT : kind == M_NOTE ? DIR_NOTE : DIR_IN;
		if ((tpl = message_text(s, f, t, kind, ai, &th.r)) == NULL) {
			snprintf(d->tpl_err, sizeof d->tpl_err, "no text for message %d of scenario %s",
			    kind, scenario_tags[t->scenario]);
			return -1;
		}
		if (dir == DIR_NOTE) {
			struct vars xn = x;

			xn.v[V_ETA] = x.v[V_ETA] != NULL ? x.eta_en : NULL;
			xn.v[V_CARRIER] = x.carrier_en;
			if (message_body(d, f, &xn, email, dir, tpl, &th.r) != 0)
				return -1;
		} else if (message_body(d, f, &x, email, dir, tpl, &th.r) != 0) {
			return -1;
		}
		if (dir == DIR_NOTE)
			id[0] = '\0';
		else if (email)
			snprintf(id, sizeof id, "%016" PRIx64 "@mail.%s", rng_next(&th.r),
			    dir == DIR_IN ? dom : "example.com");
		else
			snprintf(id, sizeof id, "chat-%d-%d", 70000 + t->id, i + 1);
		if ((st = db_stmt(d->db, SQL_MESSAGE)) == NULL)
			return -1;
		bind_int(d, st, 1, ++d->next_message);
		bind_int(d, st, 2, t->id);
		bind_text(d, st, 3, dir_names[dir]);
		bind_text(d, st, 4, channel_names[t->channel]);
		bind_text(d, st, 5, id[0] != '\0' ? id : NULL);
		bind_text(d, st, 6, email && dir != DIR_NOTE && prev[0] != '\0' ? prev : NULL);
		bind_text(d, st, 7, dir == DIR_IN ? name : agents[t->agent].name);
		bind_text(d, st, 8, !email || dir == DIR_NOTE ? "" : dir == DIR_IN ? c->email : SHOP_EMAIL);
		bind_text(d, st, 9, !email || dir == DIR_NOTE ? "" : dir == DIR_IN ? SHOP_EMAIL : c->email);
		bind_text(d, st, 10, !email || dir == DIR_NOTE ? "" : i == 0 ? subject : resubject);
		bind_text(d, st, 11, buf_str(&d->msg));
		bind_opt(d, st, 12, dir != DIR_IN ? t->agent + 1 : 0);
		bind_int(d, st, 13, DEMO_SOURCE_ID);
		bind_int(d, st, 14, th.at[i]);
		if (step(d, st) != 0)
			return -1;
		if (email && dir != DIR_NOTE)
			memcpy(prev, id, sizeof prev);
	}
	d->st.messages += th.n;
	return 0;
}

/* The FTS index is filled by a trigger per message; for a bulk load it is
 * much cheaper to drop the trigger, load, rebuild the index once and put
 * the trigger back exactly as the schema had it, all inside the
 * transaction. */
static int
write_tickets(struct demo *d)
{
	sqlite3 *h = db_handle(d->db);
	sqlite3_stmt *st = db_stmt(d->db, SQL_FTS_TRIGGER);
	char *trigger = NULL;
	int i, rc = -1;

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		trigger = xstrdup((const char *)sqlite3_column_text(st, 0));
	db_done(st);
	if (trigger != NULL &&
	    sqlite3_exec(h, "DROP TRIGGER messages_fts_ai", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	for (i = 0; i < d->ntk; i++) {
		if (write_ticket(d, d->tk_by_id[i]) != 0)
			goto out;
		if ((i + 1) % 1000 == 0 && d->o->progress != NULL)
			d->o->progress(d->o->progress_ctx, i + 1, d->ntk);
	}
	if (trigger != NULL &&
	    (sqlite3_exec(h, "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')", NULL,
	    NULL, NULL) != SQLITE_OK || sqlite3_exec(h, trigger, NULL, NULL, NULL) != SQLITE_OK))
		goto out;
	d->st.tickets = d->ntk;
	rc = 0;
out:
	free(trigger);
	return rc;
}

/* ------------------------------------------- returns, loyalty, surveys */

static int
write_returns(struct demo *d)
{
	sqlite3_stmt *st;
	char rma[32], sku[64];
	int i;

	for (i = 0; i < d->nret; i++) {
		const struct ret *r = &d->ret[d->ret_by_id[i]];
		const struct order *o = &d->ord[r->order];
		const struct cust *c = &d->cust[o->cust];
		const struct item *it = &d->item[r->item];
		int arrived = r->status == RS_RECEIVED || r->status == RS_REFUNDED ||
		    r->status == RS_CREDITED || r->status == RS_EXCHANGED || r->status == RS_CLOSED;
		int damaged = r->reason == RR_DEFECTIVE;

		if ((st = db_stmt(d->db, SQL_RETURN)) == NULL)
			return -1;
		snprintf(rma, sizeof rma, "RMA-%d-%05d", utc_year(r->created), (int)r->number);
		bind_int(d, st, 1, r->id);
		bind_text(d, st, 2, rma);
		bind_int(d, st, 3, o->id);
		bind_int(d, st, 4, c->id);
		bind_opt(d, st, 5, r->ticket >= 0 ? d->tk[r->ticket].id : 0);
		bind_text(d, st, 6, r->kind == RK_EXCHANGE ? "exchange" : "return");
		bind_text(d, st, 7, return_status_names[r->status]);
		bind_text(d, st, 8, resolution_names[r->resolution]);
		bind_text(d, st, 9, currencies[countries[c->country].cur].code);
		bind_int(d, st, 10, r->resolution == RES_REFUND ? r->amount : 0);
		bind_int(d, st, 11, r->resolution == RES_CREDIT ? r->amount : 0);
		bind_opt(d, st, 12, r->agent);
		bind_opt(d, st, 13, r->status != RS_REQUESTED && r->status != RS_REJECTED &&
		    r->status != RS_CANCELLED ? r->agent : 0);
		bind_int(d, st, 14, r->created);
		bind_int(d, st, 15, r->updated);
		if (step(d, st) != 0 || (st = db_stmt(d->db, SQL_RETURN_ITEM)) == NULL)
			return -1;
		item_sku(it, r->size2 != NONE8 ? r->size2 : it->size, sku, sizeof sku);
		bind_int(d, st, 1, ++d->next_return_item);
		bind_int(d, st, 2, r->id);
		bind_int(d, st, 3, d->item_id[r->item]);
		bind_int(d, st, 4, r->qty);
		bind_text(d, st, 5, reason_names[r->reason]);
		bind_text(d, st, 6, arrived ? (damaged ? "damaged" : "as new") : NULL);
		if (arrived)
			bind_int(d, st, 7, !damaged);
		else
			bind_opt(d, st, 7, 0);
		bind_text(d, st, 8, r->kind == RK_EXCHANGE ? sku : NULL);
		if (step(d, st) != 0)
			return -1;
	}
	d->st.returns = d->nret;
	return 0;
}

static int
write_loyalty(struct demo *d)
{
	sqlite3_stmt *st;
	int i, j;

	for (i = 0; i < d->ncust; i++) {
		int32_t ci = d->cust_by_id[i];
		const struct cust *c = &d->cust[ci];
		int64_t points = 0, spend = 0, updated = c->created;

		ledger_build(d, ci);
		for (j = 0; j < d->nled; j++) {
			points += d->led[j].delta;
			updated = latest(updated, d->led[j].at);
		}
		for (j = 0; j < c->norders; j++) {
			const struct order *o = &d->ord[c->order0 + j];

			if (o->cancelled == 0)
				spend += o->total_shop - o->refunded_shop;
		}
		if ((st = db_stmt(d->db, SQL_ACCOUNT)) == NULL)
			return -1;
		bind_int(d, st, 1, c->id);
		bind_text(d, st, 2, loyalty_tier_for(spend)->name);
		bind_int(d, st, 3, points);
		bind_int(d, st, 4, spend);
		bind_text(d, st, 5, DEMO_CURRENCY);
		bind_text(d, st, 6, c->code);
		bind_opt(d, st, 7, c->referrer >= 0 ? d->cust[c->referrer].id : 0);
		bind_int(d, st, 8, updated);
		if (step(d, st) != 0)
			return -1;
		for (j = 0; j < d->nled; j++) {
			const struct lentry *e = &d->led[j];

			if ((st = db_stmt(d->db, SQL_LEDGER)) == NULL)
				return -1;
			bind_int(d, st, 1, ++d->next_ledger);
			bind_int(d, st, 2, c->id);
			bind_int(d, st, 3, e->delta);
			bind_text(d, st, 4, ledger_reasons[e->reason]);
			bind_opt(d, st, 5, e->order >= 0 ? d->ord[e->order].id : 0);
			bind_opt(d, st, 6, e->agent);
			bind_text(d, st, 7, e->note);
			bind_int(d, st, 8, e->at);
			if (step(d, st) != 0)
				return -1;
		}
	}
	d->st.customers = d->ncust;
	return 0;
}

enum { SV_CSAT, SV_NPS, SV_PRODUCT };
static const char *const survey_kinds[] = { "csat", "nps", "product" };

/* One survey: most are answered (score and often a comment, in the
 * customer's language), the rest were sent and ignored. */
static int
write_survey(struct demo *d, struct rng *r, int kind, const struct cust *c, int64_t ticket,
    int64_t order, const char *sku, int64_t sent)
{
	static const int csat_w[] = { 6, 7, 12, 25, 50 }, prod_w[] = { 5, 7, 13, 30, 45 };
	static const int nps_w[] = { 2, 1, 1, 2, 2, 4, 6, 10, 14, 25, 33 };
	const struct demo_frame *f = &demo_frames[c->locale];
	const char *const *comments = NULL;
	const char *tpl = NULL;
	int64_t answered = 0;
	int score = -1, good, bad;
	char token[80], scorebuf[8];
	sqlite3_stmt *st;
	struct vars x;

	snprintf(token, sizeof token, "%016" PRIx64 "%016" PRIx64 "%016" PRIx64 "%016" PRIx64,
	    rng_next(r), rng_next(r), rng_next(r), rng_next(r));
	if (chance(r, kind == SV_CSAT ? 70 : 60)) {
		answered = sent + rnd_range(r, 10 * MINUTE, 3 * DAY);
		if (answered > d->now - MINUTE)
			answered = 0;
	}
	if (answered != 0) {
		score = kind == SV_NPS ? pick_weighted(r, nps_w, NELEM(nps_w)) :
		    1 + pick_weighted(r, kind == SV_CSAT ? csat_w : prod_w, NELEM(csat_w));
		good = kind == SV_NPS ? score >= 9 : score >= 4;
		bad = kind == SV_NPS ? score <= 6 : score <= 2;
		if (kind == SV_PRODUCT)
			comments = good ? f->prod_good : bad ? f->prod_bad : NULL;
		else
			comments = good ? f->svc_good : bad ? f->svc_bad : f->svc_mid;
		if (comments != NULL && chance(r, 60))
			tpl = pick_text(r, comments, DEMO_NV);
	}
	memset(&x, 0, sizeof x);
	x.female = c->female;
	buf_reset(&d->msg);
	if (tpl != NULL && expand(d, &d->msg, tpl, &x) != 0)
		return -1;
	if ((st = db_stmt(d->db, SQL_SURVEY)) == NULL)
		return -1;
	snprintf(scorebuf, sizeof scorebuf, "%d", score);
	bind_int(d, st, 1, ++d->next_survey);
	bind_text(d, st, 2, survey_kinds[kind]);
	bind_int(d, st, 3, c->id);
	bind_opt(d, st, 4, ticket);
	bind_opt(d, st, 5, order);
	bind_text(d, st, 6, sku);
	bind_text(d, st, 7, token);
	bind_int(d, st, 8, sent);
	bind_opt(d, st, 9, answered);
	if (score >= 0)
		bind_int(d, st, 10, score);
	else
		bind_text(d, st, 10, NULL);
	bind_text(d, st, 11, buf_str(&d->msg));
	bind_int(d, st, 12, sent);
	if (step(d, st) != 0)
		return -1;
	d->st.surveys++;
	return 0;
}

/* CSAT after some solved tickets, NPS a fortnight after a customer's first
 * delivery, product reviews a week after some deliveries. */
static int
write_surveys(struct demo *d)
{
	struct rng r;
	char sku[64];
	int64_t sent;
	int i, j;

	rng_for(&r, d->seed, 'S', 0);
	for (i = 0; i < d->ntk; i++) {
		const struct tplan *t = &d->tk[d->tk_by_id[i]];

		if (t->status < ST_SOLVED || !chance(&r, 55))
			continue;
		sent = t->last + rnd_range(&r, HOUR, 3 * HOUR);
		if (sent < d->now && write_survey(d, &r, SV_CSAT, &d->cust[t->cust], t->id,
		    t->order >= 0 ? d->ord[t->order].id : 0, NULL, sent) != 0)
			return -1;
	}
	for (i = 0; i < d->ncust; i++) {
		const struct cust *c = &d->cust[d->cust_by_id[i]];
		const struct order *first = NULL;

		if (c->norders == 0 || !chance(&r, 20))
			continue;
		for (j = 0; j < c->norders; j++) {
			const struct order *o = &d->ord[c->order0 + j];

			if (o->delivered != 0 && (first == NULL || o->delivered < first->delivered))
				first = o;
		}
		if (first != NULL && (sent = first->delivered + 14 * DAY) < d->now &&
		    write_survey(d, &r, SV_NPS, c, 0, first->id, NULL, sent) != 0)
			return -1;
	}
	for (i = 0; i < d->nord; i++) {
		const struct order *o = &d->ord[d->ord_by_id[i]];
		const struct item *it = &d->item[o->item0];

		if (o->delivered == 0 || !chance(&r, 8) || (sent = o->delivered + 7 * DAY) >= d->now)
			continue;
		item_sku(it, it->size, sku, sizeof sku);
		if (write_survey(d, &r, SV_PRODUCT, &d->cust[o->cust], 0, o->id, sku, sent) != 0)
			return -1;
	}
	return 0;
}

/* Every text of demo-text.c is checked before anything is planned, so that
 * a mistyped placeholder fails every build (and the tests), not only the
 * rare one that happens to draw that variant. */
static int
check_texts(struct demo *d, const char *const *v, int n)
{
	struct vars x;
	int i;

	memset(&x, 0, sizeof x);
	for (i = 0; i < V_COUNT; i++)
		x.v[i] = "";
	for (i = 0; i < n && v[i] != NULL; i++) {
		buf_reset(&d->b);
		if (expand(d, &d->b, v[i], &x) != 0)
			return -1;
	}
	return 0;
}

static int
check_all_texts(struct demo *d)
{
	int sc, loc, rc = 0;

	for (sc = 0; sc < DEMO_SC_COUNT; sc++) {
		for (loc = 0; loc < DEMO_NLOCALES; loc++) {
			const struct demo_script *s = &demo_scripts[sc][loc];

			if (s->subject[0] == NULL || s->open[0] == NULL || s->resolve[0] == NULL ||
			    (s->ask[0] == NULL) != (s->answer[0] == NULL)) {
				snprintf(d->tpl_err, sizeof d->tpl_err,
				    "script %s/%s lacks a subject, opening, resolution or answer",
				    scenario_tags[sc], locale_codes[loc]);
				return -1;
			}
			rc |= check_texts(d, s->subject, DEMO_NV) | check_texts(d, s->open, DEMO_NV) |
			    check_texts(d, s->ask, DEMO_NV) | check_texts(d, s->answer, DEMO_NV) |
			    check_texts(d, s->resolve, DEMO_NV) | check_texts(d, s->alt, DEMO_NV);
		}
		rc |= check_texts(d, demo_notes[sc], DEMO_NV);
	}
	for (loc = 0; loc < DEMO_NLOCALES; loc++) {
		const struct demo_frame *f = &demo_frames[loc];

		rc |= check_texts(d, f->hello_in, DEMO_NV) | check_texts(d, f->bye_in, DEMO_NV) |
		    check_texts(d, f->hello_out, DEMO_NV) | check_texts(d, f->bye_out, DEMO_NV) |
		    check_texts(d, f->thanks, DEMO_NV) | check_texts(d, f->nudge, DEMO_NV) |
		    check_texts(d, f->svc_good, DEMO_NV) | check_texts(d, f->svc_mid, DEMO_NV) |
		    check_texts(d, f->svc_bad, DEMO_NV) | check_texts(d, f->prod_good, DEMO_NV) |
		    check_texts(d, f->prod_bad, DEMO_NV);
		if (f->hello_in[0] == NULL || f->bye_in[0] == NULL || f->hello_out[0] == NULL ||
		    f->bye_out[0] == NULL || f->thanks[0] == NULL || f->nudge[0] == NULL) {
			snprintf(d->tpl_err, sizeof d->tpl_err, "frame %s is incomplete",
			    locale_codes[loc]);
			return -1;
		}
	}
	for (loc = 0; loc < DEMO_NCOUNTRIES; loc++)
		rc |= check_texts(d, demo_addresses[loc], DEMO_NV);
	return rc;
}

/* ----------------------------------------------------------------- build */

/* A million tickets make a database of gigabytes; with SQLite's default
 * 2 MB page cache the load keeps spilling index pages to the WAL and
 * reading them back. A larger cache for the duration of the build (it is
 * only allocated as it fills) takes about a fifth off the time. */
#define BUILD_CACHE (-256 * 1024) /* KiB, in PRAGMA cache_size terms */

/* Sets the connection's page cache size and returns the previous one. */
static int64_t
cache_resize(struct db *db, int64_t size)
{
	sqlite3_stmt *st;
	int64_t old = -2000; /* SQLite's default */
	char sql[64];

	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		old = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %" PRId64, size);
	sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
	return old;
}

static void
demo_free(struct demo *d)
{
	int i;

	for (i = 0; d->cust != NULL && i < d->ncust; i++)
		free(d->cust[i].email);
	free(d->cust);
	free(d->cust_by_id);
	free(d->ord);
	free(d->ord_by_id);
	free(d->item);
	free(d->item_id);
	free(d->tk);
	free(d->tk_by_id);
	free(d->ret);
	free(d->ret_by_id);
	free(d->ref_head);
	free(d->ref_next);
	free(d->led);
	buf_free(&d->b);
	buf_free(&d->msg);
}

int
demo_build(struct db *db, const struct demo_opts *o, struct demo_stats *st, char **err)
{
	struct demo d;
	sqlite3_stmt *q;
	int64_t existing = -1, cache;
	int rc = -1;

	*err = NULL;
	if (o->tickets < 0 || o->customers < 0 || o->now <= 0) {
		*err = xstrdup(_("the demo needs a current time and counts of zero or more"));
		return -1;
	}
	memset(&d, 0, sizeof d);
	d.o = o;
	d.db = db;
	d.now = o->now;
	d.seed = o->seed;
	d.ntk = o->tickets;
	d.ncust = o->customers;
	if (d.ntk > 3 * (int64_t)d.ncust)
		d.ncust = (int)(((int64_t)d.ntk + 2) / 3);
	if (d.ncust < 1)
		d.ncust = 1;
	d.big = d.ntk > BIG_TICKETS;
	rng_seed(&d.r, d.seed);
	buf_init(&d.b, 1 << 16);
	buf_init(&d.msg, 1 << 16);
	cache = cache_resize(db, BUILD_CACHE);
	if (check_all_texts(&d) != 0) {
		*err = xasprintf(_("cannot build the demo: bad text template: %s"), d.tpl_err);
		goto out;
	}
	if (db_begin(db) != 0) {
		*err = xasprintf(_("cannot start writing the demo: %s"), db_errmsg(db));
		goto out;
	}
	if ((q = db_stmt(db, SQL_COUNT)) != NULL && sqlite3_step(q) == SQLITE_ROW)
		existing = sqlite3_column_int64(q, 0);
	db_done(q);
	if (existing != 0) {
		*err = existing < 0 ? xasprintf(_("cannot read the database: %s"), db_errmsg(db)) :
		    xstrdup(_("the database already holds customers or tickets; the demo only "
		    "fills an empty one"));
		db_rollback(db);
		goto out;
	}
	plan(&d);
	if (write_agents(&d) != 0 || write_customers(&d) != 0 || write_orders(&d) != 0 ||
	    write_tickets(&d) != 0 || write_returns(&d) != 0 || write_loyalty(&d) != 0 ||
	    write_surveys(&d) != 0 || db_commit(db) != 0) {
		if (d.tpl_err[0] != '\0')
			*err = xasprintf(_("cannot build the demo: bad text template: %s"), d.tpl_err);
		else if (d.brc != SQLITE_OK)
			*err = xasprintf(_("cannot build the demo: %s"), sqlite3_errstr(d.brc));
		else
			*err = xasprintf(_("cannot build the demo: %s"), db_errmsg(db));
		db_rollback(db);
		goto out;
	}
	if (o->progress != NULL)
		o->progress(o->progress_ctx, d.ntk, d.ntk);
	if (st != NULL)
		*st = d.st;
	rc = 0;
out:
	cache_resize(db, cache);
	demo_free(&d);
	return rc;
}
