/* test_returns_calc.c: what a return is worth, the return window, and the
 * RMA state machine with its roles. The money rules are checked on worked
 * examples first, then as properties over many random orders returned in
 * random pieces: nothing ever goes back twice, and every discount and tax
 * share adds up to the order's to the minor unit. */
#include "config.h"

#include "testutil.h"
#include "core/returns-calc.h"
#include "util/format.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* --- helpers ----------------------------------------------------------------- */

static const struct returns_policy no_fees = { NULL, 0, 0, 0, 0, 0, -1 };
static const struct returns_request refund = { RET_RES_REFUND, 0, 0 };
static const struct returns_request credit = { RET_RES_CREDIT, 0, 0 };

/* A line; the reason is "unwanted" unless set afterwards. */
static struct returns_line
line(const char *sku, int64_t qty, int64_t price, int64_t discount, int64_t returned,
    int64_t ret)
{
	struct returns_line l = { sku, qty, price, discount, returned, ret, RET_REASON_UNWANTED };

	return l;
}

/* An order over lines whose discount, subtotal and total are consistent:
 * discount = line discounts + order_level, total = net + shipping. */
static struct returns_order
order(const char *cur, struct returns_line *l, size_t n, int64_t order_level,
    int64_t shipping)
{
	struct returns_order o;
	int64_t gross = 0, disc = order_level;
	size_t i;

	for (i = 0; i < n; i++) {
		gross += l[i].qty * l[i].unit_price;
		disc += l[i].discount;
	}
	memset(&o, 0, sizeof o);
	o.currency = cur;
	o.subtotal = gross;
	o.discount = disc;
	o.shipping = shipping;
	o.total = gross - disc + shipping;
	o.lines = l;
	o.nlines = n;
	return o;
}

static void
money_ok(const struct returns_order *o, const struct returns_request *rq,
    const struct returns_policy *p, struct returns_money *m)
{
	struct returns_error e;
	char text[256];

	if (returns_calc_money(o, rq, p, m, &e) != 0) {
		print_error("unexpected error %s: %s\n", returns_calc_error_code(e.code),
		    returns_calc_error_text(&e, text, sizeof text));
		fail();
	}
	assert_int_equal(e.code, RET_OK);
	assert_null(e.msg);
}

static void
money_fails(const struct returns_order *o, const struct returns_request *rq,
    const struct returns_policy *p, enum returns_code want, struct returns_money *m)
{
	struct returns_error e;
	char text[256];

	assert_int_equal(returns_calc_money(o, rq, p, m, &e), -1);
	if (e.code != want)
		print_error("got %s, want %s\n", returns_calc_error_code(e.code),
		    returns_calc_error_code(want));
	assert_int_equal(e.code, want);
	assert_non_null(e.msg);
	returns_calc_error_text(&e, text, sizeof text);
	assert_true(text[0] != '\0');
	assert_null(strchr(text, '\n'));
}

/* Amounts are minor units of their currency: how they read. */
static void
expect_money(int64_t minor, const char *cur, const char *want)
{
	char *got = format_money(minor, cur);

	assert_string_equal(got, want);
	free(got);
}

/* --- names and currencies ----------------------------------------------------- */

/* Any three upper-case letters are a currency here; anything else is not. */
static void
test_currency_codes(void **state)
{
	static const char *const bad[] = { NULL, "", "E", "EU", "EURO", "eur", "E1R", "EU ",
		" EUR" };
	static const char *const good[] = { "EUR", "JPY", "KWD", "HUF", "XXX" };
	struct returns_line l[1] = { line("X", 1, 1000, 0, 0, 1) };
	struct returns_order o = order("EUR", l, 1, 0, 0);
	struct returns_money m;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		o.currency = bad[i];
		money_fails(&o, &refund, &no_fees, RET_E_CURRENCY, &m);
	}
	for (i = 0; i < NELEM(good); i++) {
		o.currency = good[i];
		money_ok(&o, &refund, &no_fees, &m);
		assert_int_equal(m.refund, 1000);
	}
}

static void
test_names(void **state)
{
	static const char *const reasons[] = { "defective", "not_as_described", "wrong_item",
		"unwanted", "too_small", "too_large", "style", "colour", "other" };
	static const char *const statuses[] = { "requested", "approved", "in_transit",
		"received", "refunded", "credited", "exchanged", "closed", "rejected",
		"cancelled" };
	static const char *const actions[] = { "approve", "label_sent", "receive", "refund",
		"credit", "exchange", "reject", "cancel", "close" };
	static const char *const resolutions[] = { "refund", "credit", "exchange" };
	enum returns_reason r = RET_REASON_OTHER;
	enum returns_status s = RET_CLOSED;
	enum returns_action a = RET_ACT_CLOSE;
	enum returns_resolution res = RET_RES_EXCHANGE;
	size_t i;

	assert_int_equal(NELEM(reasons), RET_REASON_COUNT);
	assert_int_equal(NELEM(statuses), RET_STATUS_COUNT);
	assert_int_equal(NELEM(actions), RET_ACT_COUNT);
	assert_int_equal(NELEM(resolutions), RET_RES_COUNT);
	for (i = 0; i < NELEM(reasons); i++) {
		assert_string_equal(returns_calc_reason_name((enum returns_reason)i), reasons[i]);
		assert_int_equal(returns_calc_reason_from_name(reasons[i], &r), 0);
		assert_int_equal(r, i);
		assert_int_equal(returns_calc_shop_fault(r), i < 3);
	}
	for (i = 0; i < NELEM(statuses); i++) {
		assert_string_equal(returns_calc_status_name((enum returns_status)i), statuses[i]);
		assert_int_equal(returns_calc_status_from_name(statuses[i], &s), 0);
		assert_int_equal(s, i);
	}
	for (i = 0; i < NELEM(actions); i++) {
		assert_string_equal(returns_calc_action_name((enum returns_action)i), actions[i]);
		assert_int_equal(returns_calc_action_from_name(actions[i], &a), 0);
		assert_int_equal(a, i);
	}
	for (i = 0; i < NELEM(resolutions); i++) {
		assert_string_equal(returns_calc_resolution_name((enum returns_resolution)i),
		    resolutions[i]);
		assert_int_equal(returns_calc_resolution_from_name(resolutions[i], &res), 0);
		assert_int_equal(res, i);
	}
	/* Unknown names leave *out alone. */
	r = RET_REASON_STYLE;
	assert_int_equal(returns_calc_reason_from_name("broken", &r), -1);
	assert_int_equal(returns_calc_reason_from_name(NULL, &r), -1);
	assert_int_equal(returns_calc_reason_from_name("Defective", &r), -1);
	assert_int_equal(r, RET_REASON_STYLE);
	assert_int_equal(returns_calc_status_from_name("", &s), -1);
	assert_int_equal(returns_calc_action_from_name("approved", &a), -1);
	assert_int_equal(returns_calc_resolution_from_name("refunded", &res), -1);
	assert_null(returns_calc_status_name(RET_STATUS_COUNT));
	assert_null(returns_calc_status_name((enum returns_status)-1));
	assert_null(returns_calc_reason_name(RET_REASON_COUNT));
	assert_null(returns_calc_action_name(RET_ACT_COUNT));
	assert_null(returns_calc_resolution_name(RET_RES_COUNT));
}

static void
test_error_codes(void **state)
{
	static const char *const want[] = { "ok", "invalid", "currency", "order_inconsistent",
		"no_items", "qty_exceeded", "no_replacement", "negative_amount",
		"refund_exceeds_paid", "illegal_transition", "wrong_resolution", "role",
		"self_approval", "override_reason" };
	struct returns_error e = { RET_E_NO_ITEMS, "choose at least one item to return", 0, 0,
		NULL };
	char buf[16];
	size_t i;

	assert_int_equal(NELEM(want), RET_E_COUNT);
	for (i = 0; i < NELEM(want); i++)
		assert_string_equal(returns_calc_error_code((enum returns_code)i), want[i]);
	assert_string_equal(returns_calc_error_code(RET_E_COUNT), "invalid");
	/* Truncated, always terminated; nothing for no error. */
	assert_string_equal(returns_calc_error_text(&e, buf, sizeof buf), "choose at least");
	e.code = RET_OK;
	assert_string_equal(returns_calc_error_text(&e, buf, sizeof buf), "");
	assert_string_equal(returns_calc_error_text(NULL, buf, sizeof buf), "");
	assert_null(returns_calc_error_text(&e, NULL, 0));
}

/* --- largest remainder ---------------------------------------------------------- */

static void
test_split(void **state)
{
	int64_t out[4], sum;
	const int64_t zero[3] = { 0, 0, 0 }, neg[2] = { 5, -1 }, eq[3] = { 1, 1, 1 };
	const int64_t w1[3] = { 9000, 3000, 1000 }, w2[3] = { 0, 5, 0 };
	const int64_t huge[2] = { RETURNS_MONEY_MAX, 1 };
	size_t i;

	/* Edge cases first. */
	assert_int_equal(returns_calc_split(1, eq, 0, out), -1);
	assert_int_equal(returns_calc_split(1, NULL, 3, out), -1);
	assert_int_equal(returns_calc_split(1, eq, 3, NULL), -1);
	assert_int_equal(returns_calc_split(-1, eq, 3, out), -1);
	assert_int_equal(returns_calc_split(1, neg, 2, out), -1);
	assert_int_equal(returns_calc_split(1, zero, 3, out), -1);
	assert_int_equal(returns_calc_split(1, huge, 2, out), -1);
	assert_int_equal(returns_calc_split(RETURNS_MONEY_MAX + 1, eq, 3, out), -1);
	out[0] = out[1] = out[2] = 7;
	assert_int_equal(returns_calc_split(0, zero, 3, out), 0);
	assert_true(out[0] == 0 && out[1] == 0 && out[2] == 0);

	/* Ties go to the earlier line. */
	assert_int_equal(returns_calc_split(100, eq, 3, out), 0);
	assert_true(out[0] == 34 && out[1] == 33 && out[2] == 33);
	assert_int_equal(returns_calc_split(2, eq, 3, out), 0);
	assert_true(out[0] == 1 && out[1] == 1 && out[2] == 0);
	/* 692.3, 230.77, 76.92: the two largest remainders get the two left. */
	assert_int_equal(returns_calc_split(1000, w1, 3, out), 0);
	assert_true(out[0] == 692 && out[1] == 231 && out[2] == 77);
	/* Zero weights get nothing. */
	assert_int_equal(returns_calc_split(3, w2, 3, out), 0);
	assert_true(out[0] == 0 && out[1] == 3 && out[2] == 0);
	/* More than the weights: still exact. */
	assert_int_equal(returns_calc_split(RETURNS_MONEY_MAX, eq, 3, out), 0);
	for (i = 0, sum = 0; i < 3; i++)
		sum += out[i];
	assert_true(sum == RETURNS_MONEY_MAX);
}

/* --- money: worked examples ------------------------------------------------------ */

/* Two tees at 25.00 and a cap at 40.00, 4.95 shipping: 94.95 paid. */
static void
test_simple_refund(void **state)
{
	struct returns_line l[2] = {
		line("TEE-M", 2, 2500, 0, 0, 1),
		line("CAP", 1, 4000, 0, 0, 0),
	};
	struct returns_order o = order("EUR", l, 2, 0, 495);
	struct returns_money m;

	assert_int_equal(o.total, 9495);
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.items_gross, 2500);
	assert_int_equal(m.discount_share, 0);
	assert_int_equal(m.merchandise, 2500);
	assert_int_equal(m.value, 2500);
	assert_int_equal(m.refund, 2500);
	assert_int_equal(m.credit, 0);
	assert_int_equal(m.charge, 0);
	assert_int_equal(m.shipping_refunded, 0);
	assert_int_equal(m.refundable, 9495);
	assert_int_equal(m.all_returned, 0);
	assert_int_equal(m.shop_fault, 0);
}

/* A line of 3 at 10.00 with 1.00 off the line, returned one by one: the
 * discount goes 0.33, 0.34, 0.33 (rounded half up on the cumulative share)
 * and the three refunds add up to what the line cost. */
static void
test_partial_quantities(void **state)
{
	struct returns_line l[1] = { line("MUG", 3, 1000, 100, 0, 1) };
	struct returns_order o = order("EUR", l, 1, 0, 0);
	struct returns_money m;
	const int64_t want[3] = { 967, 966, 967 };
	int64_t sum = 0;
	int i;

	for (i = 0; i < 3; i++) {
		l[0].returned_qty = i;
		o.refunded = sum;
		money_ok(&o, &refund, &no_fees, &m);
		assert_int_equal(m.refund, want[i]);
		assert_int_equal(m.all_returned, i == 2);
		sum += m.refund;
	}
	assert_int_equal(sum, 2900);
	assert_int_equal(sum, o.total);

	/* Two at once are the first two together. */
	l[0].returned_qty = 0;
	l[0].return_qty = 2;
	o.refunded = 0;
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.discount_share, 67);
	assert_int_equal(m.refund, 1933);
}

/* Line discount and order discount together: 10.00 of order-level discount
 * is shared 692 / 231 / 77 by the lines' net values 9000 / 3000 / 1000. */
static void
test_discounted_order(void **state)
{
	struct returns_line l[3] = {
		line("BOOT", 2, 5000, 1000, 0, 1),
		line("SOCK", 1, 3000, 0, 0, 0),
		line("LACE", 1, 1000, 0, 0, 0),
	};
	struct returns_order o = order("EUR", l, 3, 1000, 0);
	struct returns_share sh[3];
	struct returns_money m, a, b, c;
	struct returns_error e;

	assert_int_equal(o.discount, 2000);
	assert_int_equal(returns_calc_shares(&o, sh, &e), 0);
	assert_int_equal(sh[0].order_discount, 692);
	assert_int_equal(sh[1].order_discount, 231);
	assert_int_equal(sh[2].order_discount, 77);
	assert_int_equal(sh[0].discount, 1692);
	assert_int_equal(sh[0].paid, 8308);
	assert_int_equal(sh[1].paid, 2769);
	assert_int_equal(sh[2].paid, 923);
	assert_int_equal(sh[0].paid + sh[1].paid + sh[2].paid, o.total);

	/* One boot: half of its line's 16.92 discount. */
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.items_gross, 5000);
	assert_int_equal(m.discount_share, 846);
	assert_int_equal(m.refund, 4154);

	/* Everything at once, then in three pieces: the same. */
	l[0].return_qty = 2;
	l[1].return_qty = 1;
	l[2].return_qty = 1;
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.discount_share, 2000);
	assert_int_equal(m.refund, o.total);
	assert_int_equal(m.all_returned, 1);

	l[0].return_qty = 1, l[1].return_qty = 0, l[2].return_qty = 1;
	money_ok(&o, &refund, &no_fees, &a);
	l[0].returned_qty = 1, l[2].returned_qty = 1;
	l[0].return_qty = 0, l[1].return_qty = 1, l[2].return_qty = 0;
	o.refunded = a.refund;
	money_ok(&o, &refund, &no_fees, &b);
	l[1].returned_qty = 1;
	l[0].return_qty = 1, l[1].return_qty = 0;
	o.refunded += b.refund;
	money_ok(&o, &refund, &no_fees, &c);
	assert_int_equal(a.refund + b.refund + c.refund, m.refund);
	assert_int_equal(a.discount_share + b.discount_share + c.discount_share, 2000);
	assert_int_equal(c.all_returned, 1);
	assert_int_equal(a.all_returned + b.all_returned, 0);
}

/* Tax charged on top of the prices is shared like the discount. */
static void
test_tax_added(void **state)
{
	struct returns_line l[2] = { line("A", 1, 1000, 0, 0, 1), line("B", 1, 3000, 0, 0, 0) };
	struct returns_order o = order("USD", l, 2, 0, 500);
	struct returns_money m;

	o.tax_added = 330; /* 8.25 % of 40.00 */
	o.total += 330;
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.tax_share, 83); /* 82.5, the earlier line on the tie */
	assert_int_equal(m.refund, 1083);
	l[0].return_qty = 0;
	l[1].return_qty = 1;
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.tax_share, 247);
	assert_int_equal(m.refund, 3247);
}

/* The currency only names the unit: JPY has none below the yen, KWD three
 * decimals; fixed fees are given in the order currency's minor units. */
static void
test_currencies(void **state)
{
	struct returns_line eur[1] = { line("X", 2, 1999, 0, 0, 1) };
	struct returns_line jpy[1] = { line("X", 2, 3980, 0, 0, 1) };
	struct returns_line kwd[1] = { line("X", 2, 12500, 1000, 0, 1) };
	struct returns_order o;
	struct returns_policy p = no_fees;
	struct returns_money m;

	o = order("EUR", eur, 1, 0, 0); /* 2 x 19.99, 4.95 for the label */
	p.currency = "EUR";
	p.return_shipping = 495;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.refund, 1999 - 495);
	expect_money(m.refund, "EUR", "15.04 EUR");

	o = order("JPY", jpy, 1, 0, 0); /* 2 x 3980 yen, 500 yen for the label */
	p.currency = "JPY";
	p.return_shipping = 500;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.refund, 3480);
	expect_money(m.refund, "JPY", "3,480 JPY");

	o = order("KWD", kwd, 1, 0, 0); /* 2 x 12.500 less 1.000, 1.500 label */
	p.currency = "KWD";
	p.return_shipping = 1500;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.discount_share, 500);
	assert_int_equal(m.refund, 12000 - 1500);
	expect_money(m.refund, "KWD", "10.500 KWD");

	/* Fixed fees in another currency cannot apply; a percentage can. */
	p.currency = "EUR";
	money_fails(&o, &refund, &p, RET_E_CURRENCY, &m);
	p.return_shipping = 0;
	p.restock_bp = 1000;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.restocking_fee, 1200);
	p.currency = "euro";
	money_fails(&o, &refund, &p, RET_E_CURRENCY, &m);

}

/* 15 % of the returned value, rounded up, plus 2.00 per return; nothing
 * when the shop is at fault; on a mixed return only the customer's part. */
static void
test_restocking_fee(void **state)
{
	struct returns_line l[2] = {
		line("BOOT", 2, 5000, 1000, 0, 1),
		line("SOCK", 1, 3000, 0, 0, 0),
	};
	struct returns_order o = order("EUR", l, 2, 0, 0);
	struct returns_policy p = no_fees;
	struct returns_money m;

	p.restock_bp = 1500;
	p.restock_fixed = 200;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.merchandise, 4500);
	assert_int_equal(m.restocking_fee, 675 + 200);
	assert_int_equal(m.refund, 4500 - 875);

	l[1].return_qty = 1;
	l[0].return_qty = 0;
	l[1].unit_price = 3001; /* 450.15 rounds up to 451 */
	o = order("EUR", l, 2, 0, 0);
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.restocking_fee, 451 + 200);

	/* Waived for each shop-fault reason. */
	l[1].reason = RET_REASON_DEFECTIVE;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.restocking_fee, 0);
	assert_int_equal(m.refund, 3001);
	assert_int_equal(m.shop_fault, 1);
	l[1].reason = RET_REASON_NOT_AS_DESCRIBED;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.restocking_fee, 0);
	l[1].reason = RET_REASON_WRONG_ITEM;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.restocking_fee, 0);
	l[1].reason = RET_REASON_TOO_SMALL;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.restocking_fee, 651);

	/* Mixed: the percentage on the unwanted boot only, no fixed fee. */
	l[0].return_qty = 1;
	l[1].reason = RET_REASON_DEFECTIVE;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.restocking_fee, 675);
	assert_int_equal(m.refund, 4500 + 3001 - 675);
}

static void
test_return_shipping_fee(void **state)
{
	struct returns_line l[2] = { line("BOOT", 1, 5000, 0, 0, 1), line("PIN", 1, 300, 0, 0, 0) };
	struct returns_order o = order("EUR", l, 2, 0, 495);
	struct returns_policy p = no_fees;
	struct returns_money m;

	p.return_shipping = 495;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.return_shipping, 495);
	assert_int_equal(m.refund, 4505);
	l[0].reason = RET_REASON_WRONG_ITEM;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.return_shipping, 0);
	assert_int_equal(m.refund, 5000);

	/* A 3.00 pin does not pay for a 4.95 label: refused, and the breakdown
	 * says why. */
	l[0].return_qty = 0;
	l[1].return_qty = 1;
	money_fails(&o, &refund, &p, RET_E_NEGATIVE, &m);
	assert_int_equal(m.merchandise, 300);
	assert_int_equal(m.return_shipping, 495);
	assert_int_equal(m.value, 0);
	assert_int_equal(m.refund, 0);
	l[1].reason = RET_REASON_DEFECTIVE;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.refund, 300);
}

/* The original shipping comes back with the last unit of an order that was
 * the shop's fault, and only then. */
static void
test_shipping_refund(void **state)
{
	struct returns_line l[2] = { line("A", 2, 2000, 0, 0, 2), line("B", 1, 1000, 0, 0, 1) };
	struct returns_order o = order("EUR", l, 2, 0, 595);
	struct returns_policy p = no_fees;
	struct returns_money m;

	p.refund_shipping = 1;
	l[0].reason = l[1].reason = RET_REASON_DEFECTIVE;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.shipping_refunded, 595);
	assert_int_equal(m.refund, o.total);

	p.refund_shipping = 0;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.shipping_refunded, 0);
	p.refund_shipping = 1;

	/* Not everything. */
	l[0].return_qty = 1;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.shipping_refunded, 0);
	/* Everything, but one line was unwanted. */
	l[0].return_qty = 2;
	l[1].reason = RET_REASON_COLOUR;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.shipping_refunded, 0);
	/* The last unit, after an earlier defective return. */
	l[1].reason = RET_REASON_DEFECTIVE;
	l[0].returned_qty = 2;
	l[0].return_qty = 0;
	o.refunded = 4000;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.shipping_refunded, 595);
	assert_int_equal(m.refund, 1595);
	/* ... but not after an earlier return the customer chose. */
	o.earlier_own_reason = 1;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.shipping_refunded, 0);
}

/* What was refunded before (a goodwill refund, earlier returns) limits the
 * refund: an error, never a silently smaller refund. */
static void
test_previous_refunds(void **state)
{
	struct returns_line l[2] = { line("A", 1, 6000, 0, 0, 1), line("B", 1, 3000, 0, 0, 1) };
	struct returns_order o = order("EUR", l, 2, 0, 495);
	struct returns_money m;

	o.refunded = 2000;
	money_fails(&o, &refund, &no_fees, RET_E_EXCEEDS, &m);
	assert_int_equal(m.value, 9000);
	assert_int_equal(m.refundable, 7495);
	assert_int_equal(m.previous_refunds, 2000);
	assert_int_equal(m.refund, 0);
	/* Credit is bound the same way. */
	money_fails(&o, &credit, &no_fees, RET_E_EXCEEDS, &m);

	/* Exactly what is left is fine. */
	o.refunded = 495;
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.refund, 9000);
	assert_int_equal(m.refundable, 9000);
	o.refunded = 496;
	money_fails(&o, &refund, &no_fees, RET_E_EXCEEDS, &m);
	l[1].return_qty = 0;
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.refund, 6000);

	/* Fully refunded already. */
	o.refunded = o.total;
	money_fails(&o, &refund, &no_fees, RET_E_EXCEEDS, &m);
}

static void
test_credit_bonus(void **state)
{
	struct returns_line l[1] = { line("BOOT", 2, 5000, 1000, 0, 1) };
	struct returns_order o = order("EUR", l, 1, 0, 0);
	struct returns_policy p = no_fees;
	struct returns_money m;

	p.credit_bonus_bp = 1000; /* 10 %, rounded down: 450.0 */
	money_ok(&o, &credit, &p, &m);
	assert_int_equal(m.value, 4500);
	assert_int_equal(m.credit_bonus, 450);
	assert_int_equal(m.credit, 4950);
	assert_int_equal(m.refund, 0);

	p.credit_bonus_bp = 333; /* 149.85 -> 149 */
	money_ok(&o, &credit, &p, &m);
	assert_int_equal(m.credit_bonus, 149);
	assert_int_equal(m.credit, 4649);

	/* Only for credit. */
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.credit_bonus, 0);
	assert_int_equal(m.credit, 0);
	assert_int_equal(m.refund, 4500);

	/* The bonus is a gift: it does not count against the payment. */
	o.refunded = o.total - 4500;
	money_ok(&o, &credit, &p, &m);
	assert_int_equal(m.credit, 4649);
}

static void
test_exchange(void **state)
{
	struct returns_line l[1] = { line("BOOT-42", 1, 5000, 500, 0, 1) };
	struct returns_order o = order("EUR", l, 1, 0, 0);
	struct returns_request x = { RET_RES_EXCHANGE, 6000, 1 };
	struct returns_policy p = no_fees;
	struct returns_money m;

	/* Dearer: the customer pays the difference, reported as a charge. */
	money_ok(&o, &x, &p, &m);
	assert_int_equal(m.value, 4500);
	assert_int_equal(m.replacement, 6000);
	assert_int_equal(m.charge, 1500);
	assert_int_equal(m.refund, 0);
	assert_int_equal(m.credit, 0);

	/* Cheaper: the difference is refunded. */
	x.replacement_price = 1500;
	x.replacement_qty = 2;
	money_ok(&o, &x, &p, &m);
	assert_int_equal(m.replacement, 3000);
	assert_int_equal(m.refund, 1500);
	assert_int_equal(m.charge, 0);

	/* The same value: nothing either way. */
	x.replacement_price = 4500;
	x.replacement_qty = 1;
	money_ok(&o, &x, &p, &m);
	assert_int_equal(m.refund, 0);
	assert_int_equal(m.charge, 0);

	/* Fees reduce what the returned item is worth. */
	p.return_shipping = 500;
	money_ok(&o, &x, &p, &m);
	assert_int_equal(m.charge, 500);

	/* A free replacement is still a replacement. */
	x.replacement_price = 0;
	money_ok(&o, &x, &p, &m);
	assert_int_equal(m.refund, 4000);

	x.replacement_qty = 0;
	money_fails(&o, &x, &p, RET_E_NO_REPLACEMENT, &m);
	x.replacement_qty = -1;
	money_fails(&o, &x, &p, RET_E_INVALID, &m);
	x.replacement_qty = 1;
	x.replacement_price = -1;
	money_fails(&o, &x, &p, RET_E_INVALID, &m);
	x.replacement_price = RETURNS_MONEY_MAX;
	x.replacement_qty = 2;
	money_fails(&o, &x, &p, RET_E_INVALID, &m);
}

static void
test_over_quantity(void **state)
{
	struct returns_line l[2] = {
		line("TEE-M", 2, 2500, 0, 1, 2),
		line(NULL, 3, 1000, 0, 3, 0),
	};
	struct returns_order o = order("EUR", l, 2, 0, 0);
	struct returns_money m;
	struct returns_error e;
	char text[128];

	assert_int_equal(returns_calc_money(&o, &refund, &no_fees, &m, &e), -1);
	assert_int_equal(e.code, RET_E_QTY);
	assert_int_equal(e.line, 0);
	assert_int_equal(e.avail, 1);
	assert_string_equal(e.sku, "TEE-M");
	assert_string_equal(returns_calc_error_code(e.code), "qty_exceeded");
	assert_string_equal(returns_calc_error_text(&e, text, sizeof text),
	    "only 1 of TEE-M can still be returned");
	assert_int_equal(m.refund, 0);

	/* A line returned in full already; no SKU: named by its number. */
	l[0].return_qty = 1;
	l[1].return_qty = 1;
	assert_int_equal(returns_calc_money(&o, &refund, &no_fees, &m, &e), -1);
	assert_int_equal(e.code, RET_E_QTY);
	assert_int_equal(e.line, 1);
	assert_int_equal(e.avail, 0);
	assert_string_equal(returns_calc_error_text(&e, text, sizeof text),
	    "only 0 of line 2 can still be returned");

	/* Far beyond: no overflow, the same error. */
	l[1].return_qty = INT64_MAX;
	money_fails(&o, &refund, &no_fees, RET_E_QTY, &m);

	l[1].return_qty = 0;
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(m.refund, 2500);
}

static void
test_no_items(void **state)
{
	struct returns_line l[2] = { line("A", 2, 2500, 0, 0, 0), line("B", 1, 1000, 0, 1, 0) };
	struct returns_order o = order("EUR", l, 2, 0, 0);
	struct returns_money m;

	money_fails(&o, &refund, &no_fees, RET_E_NO_ITEMS, &m);
	o.nlines = 0;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	o.lines = NULL;
	o.nlines = 2;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
}

/* Inputs out of range and orders that do not add up are refused with the
 * right code, before any arithmetic. */
static void
test_bad_inputs(void **state)
{
	struct returns_line l[2] = { line("A", 2, 2500, 500, 0, 1), line("B", 1, 1000, 0, 0, 0) };
	struct returns_order o, good = order("EUR", l, 2, 300, 495);
	struct returns_policy p;
	struct returns_request rq;
	struct returns_money m;
	struct returns_share sh[2];
	struct returns_error e;

	money_ok(&good, &refund, &no_fees, &m);
	assert_int_equal(returns_calc_money(NULL, &refund, &no_fees, &m, NULL), -1);
	assert_int_equal(returns_calc_money(&good, NULL, &no_fees, &m, &e), -1);
	assert_int_equal(e.code, RET_E_INVALID);
	assert_int_equal(returns_calc_money(&good, &refund, NULL, &m, &e), -1);
	assert_int_equal(returns_calc_money(&good, &refund, &no_fees, NULL, &e), -1);
	assert_int_equal(returns_calc_shares(&good, NULL, &e), -1);

	o = good, o.shipping = -1;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	o = good, o.total = RETURNS_MONEY_MAX + 1;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	o = good, o.refunded = -5;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	o = good, o.refunded = o.total + 1;
	money_fails(&o, &refund, &no_fees, RET_E_INCONSISTENT, &m);
	/* Less order discount than the lines have between them. */
	o = good, o.discount = 499;
	money_fails(&o, &refund, &no_fees, RET_E_INCONSISTENT, &m);
	/* More discount than the goods cost. */
	o = good, o.discount = 6001;
	money_fails(&o, &refund, &no_fees, RET_E_INCONSISTENT, &m);
	/* Tax with nothing to charge it on. */
	o = good, o.discount = 6000, o.tax_added = 1;
	money_fails(&o, &refund, &no_fees, RET_E_INCONSISTENT, &m);
	/* Subtotal: gross, gross less line discounts, gross less all, or 0. */
	o = good;
	o.subtotal = 6000;
	money_ok(&o, &refund, &no_fees, &m);
	o.subtotal = 5500;
	money_ok(&o, &refund, &no_fees, &m);
	o.subtotal = 5200;
	money_ok(&o, &refund, &no_fees, &m);
	o.subtotal = 0;
	money_ok(&o, &refund, &no_fees, &m);
	o.subtotal = 5999;
	money_fails(&o, &refund, &no_fees, RET_E_INCONSISTENT, &m);

	o = good;
	l[0].discount = 5001;
	money_fails(&o, &refund, &no_fees, RET_E_INCONSISTENT, &m);
	l[0].discount = -1;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	l[0].discount = 500;
	l[0].unit_price = -1;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	l[0].unit_price = RETURNS_MONEY_MAX;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m); /* 2 x max */
	l[0].unit_price = 2500;
	l[0].qty = 0;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	l[0].qty = RETURNS_QTY_MAX + 1;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	l[0].qty = 2;
	l[0].returned_qty = 3;
	money_fails(&o, &refund, &no_fees, RET_E_INCONSISTENT, &m);
	l[0].returned_qty = -1;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	l[0].returned_qty = 0;
	l[0].return_qty = -1;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	l[0].return_qty = 1;
	l[0].reason = RET_REASON_COUNT;
	money_fails(&o, &refund, &no_fees, RET_E_INVALID, &m);
	/* The reason of a line not returned is not looked at. */
	l[1].reason = RET_REASON_COUNT;
	l[0].reason = RET_REASON_OTHER;
	money_ok(&o, &refund, &no_fees, &m);
	assert_int_equal(returns_calc_shares(&o, sh, &e), 0);

	rq = refund, rq.resolution = RET_RES_COUNT;
	money_fails(&o, &rq, &no_fees, RET_E_INVALID, &m);
	p = no_fees, p.restock_bp = RETURNS_BP_ONE + 1;
	money_fails(&o, &refund, &p, RET_E_INVALID, &m);
	p = no_fees, p.restock_bp = -1;
	money_fails(&o, &refund, &p, RET_E_INVALID, &m);
	p = no_fees, p.credit_bonus_bp = RETURNS_BP_ONE + 1;
	money_fails(&o, &refund, &p, RET_E_INVALID, &m);
	p = no_fees, p.restock_fixed = -1;
	money_fails(&o, &refund, &p, RET_E_INVALID, &m);
	p = no_fees, p.return_shipping = -200;
	money_fails(&o, &refund, &p, RET_E_INVALID, &m);
	/* A 100 % restocking fee leaves nothing, which is allowed. */
	p = no_fees, p.restock_bp = RETURNS_BP_ONE;
	money_ok(&o, &refund, &p, &m);
	assert_int_equal(m.refund, 0);
}

/* The largest orders the bounds allow compute without overflow. */
static void
test_large_amounts(void **state)
{
	struct returns_line l[2] = {
		line("A", RETURNS_QTY_MAX, RETURNS_MONEY_MAX / RETURNS_QTY_MAX / 2, 7, 0, 1),
		line("B", 1, RETURNS_MONEY_MAX / 2, 0, 0, 0),
	};
	struct returns_order o = order("VND", l, 2, RETURNS_MONEY_MAX / 3, 0);
	struct returns_policy p = no_fees;
	struct returns_money m;

	p.restock_bp = 9999;
	p.credit_bonus_bp = 9999;
	money_ok(&o, &credit, &p, &m);
	assert_true(m.value >= 0 && m.credit >= m.value);
	l[0].return_qty = RETURNS_QTY_MAX;
	l[1].return_qty = 1;
	money_ok(&o, &refund, &no_fees, &m);
	assert_true(m.refund == o.total);
}

/* --- return window --------------------------------------------------------------- */

#define D 86400

static const int64_t placed = 1000000, shipped = 1000000 + 2 * D, delivered = 1000000 + 5 * D;

/* The window of an order placed, shipped and delivered at the times above,
 * seen at now. */
static struct returns_window
window(int64_t now, int64_t days)
{
	struct returns_window w;

	assert_int_equal(returns_calc_window(placed, shipped, delivered, now, days, &w), 0);
	return w;
}

static void
test_window(void **state)
{
	struct returns_window w;

	/* Delivered: 30 days from delivery. */
	w = window(delivered + 10 * D, 30);
	assert_int_equal(w.state, RET_WINDOW_OK);
	assert_int_equal(w.start, delivered);
	assert_int_equal(w.deadline, delivered + 30 * D);
	assert_int_equal(w.days_left, 20);
	assert_int_equal(w.from_placed, 0);
	/* The deadline second itself is in; one second later is a day over. */
	w = window(delivered + 30 * D, 30);
	assert_int_equal(w.state, RET_WINDOW_OK);
	assert_int_equal(w.days_left, 0);
	w = window(delivered + 30 * D + 1, 30);
	assert_int_equal(w.state, RET_WINDOW_EXPIRED);
	assert_int_equal(w.days_over, 1);
	w = window(delivered + 33 * D, 30);
	assert_int_equal(w.state, RET_WINDOW_EXPIRED);
	assert_int_equal(w.days_over, 3);
	assert_int_equal(w.days_left, 0);
	/* A clock behind the delivery: still inside. */
	w = window(delivered - D, 14);
	assert_int_equal(w.state, RET_WINDOW_OK);
	assert_int_equal(w.days_left, 15);
	/* A window of 0 days: only the moment of delivery. */
	w = window(delivered + 1, 0);
	assert_int_equal(w.state, RET_WINDOW_EXPIRED);

	/* Not known to be delivered: from shipping. */
	assert_int_equal(returns_calc_window(placed, shipped, -1, shipped + 31 * D, 30, &w), 0);
	assert_int_equal(w.state, RET_WINDOW_EXPIRED);
	assert_int_equal(w.start, shipped);
	assert_int_equal(w.days_over, 1);
	/* Delivery known, shipping not. */
	assert_int_equal(returns_calc_window(placed, -1, delivered, shipped + 31 * D, 30, &w), 0);
	assert_int_equal(w.state, RET_WINDOW_OK);
	assert_int_equal(w.start, delivered);

	/* Neither: counted from the order date, and said so. */
	assert_int_equal(returns_calc_window(placed, -1, -1, placed + 29 * D, 30, &w), 0);
	assert_int_equal(w.state, RET_WINDOW_UNKNOWN_START);
	assert_int_equal(w.start, placed);
	assert_int_equal(w.from_placed, 1);
	assert_int_equal(w.days_left, 1);
	assert_int_equal(returns_calc_window(placed, -1, -1, placed + 45 * D, 30, &w), 0);
	assert_int_equal(w.state, RET_WINDOW_EXPIRED);
	assert_int_equal(w.from_placed, 1);
	assert_int_equal(w.days_over, 15);

	w.start = 42;
	assert_int_equal(returns_calc_window(-1, shipped, delivered, delivered, 30, &w), -1);
	assert_int_equal(returns_calc_window(placed, shipped, delivered, -1, 30, &w), -1);
	assert_int_equal(returns_calc_window(placed, shipped, delivered, delivered, -1, &w), -1);
	assert_int_equal(returns_calc_window(placed, shipped, delivered, delivered, 36501, &w), -1);
	assert_int_equal(returns_calc_window(placed, shipped, INT64_MAX, delivered, 30, &w), -1);
	assert_int_equal(w.start, 42);
	assert_int_equal(returns_calc_window(placed, shipped, delivered, delivered, 30, NULL), -1);
}

/* --- state machine -------------------------------------------------------------- */

struct step {
	enum returns_status from;
	enum returns_action act;
	enum returns_resolution res;
	enum returns_status to;
};

/* Every legal step, written out from the specification. */
static const struct step legal[] = {
#define ANY(from, act, to) \
	{ from, act, RET_RES_REFUND, to }, { from, act, RET_RES_CREDIT, to }, \
	{ from, act, RET_RES_EXCHANGE, to }
	ANY(RET_REQUESTED, RET_ACT_APPROVE, RET_APPROVED),
	ANY(RET_REQUESTED, RET_ACT_REJECT, RET_REJECTED),
	ANY(RET_REQUESTED, RET_ACT_CANCEL, RET_CANCELLED),
	ANY(RET_APPROVED, RET_ACT_LABEL_SENT, RET_IN_TRANSIT),
	ANY(RET_APPROVED, RET_ACT_RECEIVE, RET_RECEIVED),
	ANY(RET_APPROVED, RET_ACT_CANCEL, RET_CANCELLED),
	ANY(RET_APPROVED, RET_ACT_REJECT, RET_REJECTED),
	ANY(RET_IN_TRANSIT, RET_ACT_RECEIVE, RET_RECEIVED),
	ANY(RET_IN_TRANSIT, RET_ACT_CANCEL, RET_CANCELLED),
	{ RET_RECEIVED, RET_ACT_REFUND, RET_RES_REFUND, RET_REFUNDED },
	{ RET_RECEIVED, RET_ACT_CREDIT, RET_RES_CREDIT, RET_CREDITED },
	{ RET_RECEIVED, RET_ACT_EXCHANGE, RET_RES_EXCHANGE, RET_EXCHANGED },
	ANY(RET_REFUNDED, RET_ACT_CLOSE, RET_CLOSED),
	ANY(RET_CREDITED, RET_ACT_CLOSE, RET_CLOSED),
	ANY(RET_EXCHANGED, RET_ACT_CLOSE, RET_CLOSED),
#undef ANY
};

static int
is_legal(enum returns_status from, enum returns_status to, enum returns_resolution res)
{
	size_t i;

	for (i = 0; i < NELEM(legal); i++)
		if (legal[i].from == from && legal[i].to == to && legal[i].res == res)
			return 1;
	return 0;
}

static void
test_action_targets(void **state)
{
	static const enum returns_status want[RET_ACT_COUNT] = {
		RET_APPROVED, RET_IN_TRANSIT, RET_RECEIVED, RET_REFUNDED, RET_CREDITED,
		RET_EXCHANGED, RET_REJECTED, RET_CANCELLED, RET_CLOSED,
	};
	int a;

	for (a = 0; a < RET_ACT_COUNT; a++)
		assert_int_equal(returns_calc_action_target((enum returns_action)a), want[a]);
	assert_int_equal(returns_calc_action_target(RET_ACT_COUNT), RET_STATUS_COUNT);
	assert_int_equal(returns_calc_action_target((enum returns_action)-1), RET_STATUS_COUNT);
}

static void
test_transitions_legal(void **state)
{
	struct returns_error e;
	enum returns_status to;
	size_t i;

	for (i = 0; i < NELEM(legal); i++) {
		to = RET_STATUS_COUNT;
		assert_int_equal(returns_calc_transition_ok(legal[i].from, legal[i].to,
		    legal[i].res), 1);
		assert_int_equal(returns_calc_apply(legal[i].from, legal[i].act, legal[i].res, &to,
		    &e), 0);
		assert_int_equal(to, legal[i].to);
		assert_int_equal(e.code, RET_OK);
	}
	/* The whole happy paths. */
	to = RET_REQUESTED;
	assert_int_equal(returns_calc_apply(to, RET_ACT_APPROVE, RET_RES_CREDIT, &to, NULL), 0);
	assert_int_equal(returns_calc_apply(to, RET_ACT_LABEL_SENT, RET_RES_CREDIT, &to, NULL), 0);
	assert_int_equal(returns_calc_apply(to, RET_ACT_RECEIVE, RET_RES_CREDIT, &to, NULL), 0);
	assert_int_equal(returns_calc_apply(to, RET_ACT_CREDIT, RET_RES_CREDIT, &to, NULL), 0);
	assert_int_equal(returns_calc_apply(to, RET_ACT_CLOSE, RET_RES_CREDIT, &to, NULL), 0);
	assert_int_equal(to, RET_CLOSED);
}

/* One step that apply() must refuse, with the code it must give. */
static void
refused(enum returns_status from, enum returns_action a, enum returns_resolution res,
    enum returns_code want)
{
	struct returns_error e;
	enum returns_status to = RET_STATUS_COUNT;

	assert_int_equal(returns_calc_apply(from, a, res, &to, &e), -1);
	assert_int_equal(e.code, want);
	assert_int_equal(to, RET_STATUS_COUNT); /* untouched */
}

/* Every (from, to, resolution) not in the table is refused, and so is every
 * (from, action, resolution) whose target is not. */
static void
test_transitions_matrix(void **state)
{
	enum returns_status from, t, to;
	enum returns_resolution res;
	enum returns_action a;
	struct returns_error e;
	int n = 0;

	for (from = 0; from < RET_STATUS_COUNT; from++)
		for (t = 0; t < RET_STATUS_COUNT; t++)
			for (res = 0; res < RET_RES_COUNT; res++) {
				int want = is_legal(from, t, res);

				if (returns_calc_transition_ok(from, t, res) != want)
					print_error("%s -> %s (%s)\n",
					    returns_calc_status_name(from),
					    returns_calc_status_name(t),
					    returns_calc_resolution_name(res));
				assert_int_equal(returns_calc_transition_ok(from, t, res), want);
				n += !want;
			}
	assert_int_equal(n, RET_STATUS_COUNT * RET_STATUS_COUNT * RET_RES_COUNT -
	    (int)NELEM(legal));

	for (from = 0; from < RET_STATUS_COUNT; from++)
		for (a = 0; a < RET_ACT_COUNT; a++)
			for (res = 0; res < RET_RES_COUNT; res++) {
				enum returns_status target = returns_calc_action_target(a);
				int rc;

				to = RET_STATUS_COUNT;
				rc = returns_calc_apply(from, a, res, &to, &e);

				if (is_legal(from, target, res)) {
					assert_int_equal(rc, 0);
					assert_int_equal(to, target);
					continue;
				}
				assert_int_equal(rc, -1);
				assert_int_equal(to, RET_STATUS_COUNT); /* untouched */
				assert_true(e.code == RET_E_TRANSITION ||
				    e.code == RET_E_RESOLUTION);
				assert_non_null(e.msg);
			}

	/* The final states go nowhere. */
	for (t = 0; t < RET_STATUS_COUNT; t++)
		for (res = 0; res < RET_RES_COUNT; res++) {
			assert_int_equal(returns_calc_transition_ok(RET_CLOSED, t, res), 0);
			assert_int_equal(returns_calc_transition_ok(RET_REJECTED, t, res), 0);
			assert_int_equal(returns_calc_transition_ok(RET_CANCELLED, t, res), 0);
		}

	/* The wrong settlement is told apart from a wrong moment. */
	refused(RET_RECEIVED, RET_ACT_REFUND, RET_RES_CREDIT, RET_E_RESOLUTION);
	refused(RET_RECEIVED, RET_ACT_EXCHANGE, RET_RES_REFUND, RET_E_RESOLUTION);
	refused(RET_APPROVED, RET_ACT_REFUND, RET_RES_REFUND, RET_E_TRANSITION);
	refused(RET_IN_TRANSIT, RET_ACT_REJECT, RET_RES_REFUND, RET_E_TRANSITION);
	refused(RET_REQUESTED, RET_ACT_RECEIVE, RET_RES_REFUND, RET_E_TRANSITION);
	refused(RET_CLOSED, RET_ACT_CLOSE, RET_RES_REFUND, RET_E_TRANSITION);

	/* Out of range. */
	refused(RET_STATUS_COUNT, RET_ACT_CLOSE, RET_RES_REFUND, RET_E_INVALID);
	refused(RET_REQUESTED, RET_ACT_COUNT, RET_RES_REFUND, RET_E_INVALID);
	refused(RET_REQUESTED, RET_ACT_APPROVE, RET_RES_COUNT, RET_E_INVALID);
	assert_int_equal(returns_calc_apply(RET_REQUESTED, RET_ACT_APPROVE, RET_RES_REFUND, NULL,
	    &e), -1);
	assert_int_equal(returns_calc_transition_ok(RET_REQUESTED, RET_STATUS_COUNT,
	    RET_RES_REFUND), 0);
	assert_int_equal(returns_calc_transition_ok(RET_REQUESTED, RET_APPROVED, RET_RES_COUNT), 0);
}

/* --- roles ---------------------------------------------------------------------- */

static void
test_roles(void **state)
{
	struct returns_policy p = no_fees;
	int a;

	p.lead_above = 20000;
	for (a = 0; a < RET_ACT_COUNT; a++) {
		int money = a == RET_ACT_APPROVE || a == RET_ACT_REFUND || a == RET_ACT_CREDIT ||
		    a == RET_ACT_EXCHANGE;

		assert_int_equal(returns_calc_role((enum returns_action)a, 0, &p), ROLE_AGENT);
		assert_int_equal(returns_calc_role((enum returns_action)a, 20000, &p), ROLE_AGENT);
		assert_int_equal(returns_calc_role((enum returns_action)a, 20001, &p),
		    money ? ROLE_LEAD : ROLE_AGENT);
		/* No limit. */
		assert_int_equal(returns_calc_role((enum returns_action)a, INT64_MAX, NULL),
		    ROLE_AGENT);
		assert_int_equal(returns_calc_role((enum returns_action)a, INT64_MAX, &no_fees),
		    ROLE_AGENT);
	}
	assert_int_equal(returns_calc_role(RET_ACT_COUNT, 0, &p), ROLE_ADMIN);
	/* A limit of 0: every payout needs a lead, nothing paid does not. */
	p.lead_above = 0;
	assert_int_equal(returns_calc_role(RET_ACT_REFUND, 1, &p), ROLE_LEAD);
	assert_int_equal(returns_calc_role(RET_ACT_REFUND, 0, &p), ROLE_AGENT);
}

static void
test_authorize(void **state)
{
	const struct op_caller viewer = { 4, "vic", ROLE_NONE }, agent = { 1, "jana", ROLE_AGENT },
	    lead = { 2, "lea", ROLE_LEAD }, lead2 = { 3, "lou", ROLE_LEAD },
	    admin = { 5, "ada", ROLE_ADMIN }, owner = { 0, "root", ROLE_ADMIN };
	struct returns_policy p = no_fees;
	struct returns_error e;
	int a;

	p.lead_above = 20000;
	/* A viewer may do nothing; an agent every step of a small return. */
	for (a = 0; a < RET_ACT_COUNT; a++) {
		enum returns_action act = (enum returns_action)a;

		assert_int_equal(returns_calc_authorize(act, 0, &p, &viewer, 1, &e), -1);
		assert_int_equal(e.code, RET_E_ROLE);
		assert_int_equal(returns_calc_authorize(act, 100, &p, &agent, 1, &e), 0);
		assert_int_equal(e.code, RET_OK);
	}
	/* Reject needs an agent whatever the amount. */
	assert_int_equal(returns_calc_authorize(RET_ACT_REJECT, 99999, &p, &agent, 2, &e), 0);

	/* Above the limit an agent may not approve or pay out. */
	assert_int_equal(returns_calc_authorize(RET_ACT_APPROVE, 20001, &p, &agent, 2, &e), -1);
	assert_int_equal(e.code, RET_E_ROLE);
	assert_int_equal(returns_calc_authorize(RET_ACT_REFUND, 20001, &p, &agent, 2, &e), -1);
	assert_int_equal(e.code, RET_E_ROLE);
	assert_int_equal(returns_calc_authorize(RET_ACT_CREDIT, 20001, &p, &agent, 2, &e), -1);
	assert_int_equal(e.code, RET_E_ROLE);
	assert_int_equal(returns_calc_authorize(RET_ACT_REFUND, 20001, &p, &lead, 2, &e), 0);

	/* A lead approves someone else's return, not their own: not even an
	 * admin. */
	assert_int_equal(returns_calc_authorize(RET_ACT_APPROVE, 20001, &p, &lead, 1, &e), 0);
	assert_int_equal(returns_calc_authorize(RET_ACT_APPROVE, 20001, &p, &lead, 2, &e), -1);
	assert_int_equal(e.code, RET_E_SELF_APPROVAL);
	assert_string_equal(returns_calc_error_code(e.code), "self_approval");
	assert_int_equal(returns_calc_authorize(RET_ACT_APPROVE, 20001, &p, &lead2, 2, &e), 0);
	assert_int_equal(returns_calc_authorize(RET_ACT_APPROVE, 20001, &p, &admin, 5, &e), -1);
	assert_int_equal(e.code, RET_E_SELF_APPROVAL);
	/* Below the limit an agent approves what they created. */
	assert_int_equal(returns_calc_authorize(RET_ACT_APPROVE, 20000, &p, &agent, 1, &e), 0);
	/* Paying out one's own approved return is not approving it. */
	assert_int_equal(returns_calc_authorize(RET_ACT_REFUND, 20001, &p, &lead, 2, &e), 0);
	/* Unknown people are never the same person. */
	assert_int_equal(returns_calc_authorize(RET_ACT_APPROVE, 20001, &p, &owner, 0, &e), 0);
	assert_int_equal(returns_calc_authorize(RET_ACT_APPROVE, 20001, &p, &lead, 0, &e), 0);

	assert_int_equal(returns_calc_authorize(RET_ACT_COUNT, 0, &p, &admin, 1, &e), -1);
	assert_int_equal(e.code, RET_E_INVALID);
	assert_int_equal(returns_calc_authorize(RET_ACT_CLOSE, 0, &p, NULL, 1, &e), -1);
	assert_int_equal(e.code, RET_E_INVALID);
	assert_int_equal(returns_calc_authorize(RET_ACT_REFUND, -1, &p, &admin, 1, &e), -1);
	assert_int_equal(e.code, RET_E_INVALID);
}

static void
test_override(void **state)
{
	const struct op_caller agent = { 1, "jana", ROLE_AGENT }, lead = { 2, "lea", ROLE_LEAD },
	    admin = { 5, "ada", ROLE_ADMIN }, viewer = { 4, "vic", ROLE_NONE };
	struct returns_error e;

	assert_int_equal(returns_calc_override(&agent, "regular customer", &e), -1);
	assert_int_equal(e.code, RET_E_ROLE);
	assert_int_equal(returns_calc_override(&viewer, "x", &e), -1);
	assert_int_equal(e.code, RET_E_ROLE);
	assert_int_equal(returns_calc_override(&lead, NULL, &e), -1);
	assert_int_equal(e.code, RET_E_OVERRIDE_REASON);
	assert_int_equal(returns_calc_override(&lead, "", &e), -1);
	assert_int_equal(e.code, RET_E_OVERRIDE_REASON);
	assert_int_equal(returns_calc_override(&lead, " \t\r\n ", &e), -1);
	assert_int_equal(e.code, RET_E_OVERRIDE_REASON);
	assert_int_equal(returns_calc_override(&lead, "parcel lost by the carrier", &e), 0);
	assert_int_equal(e.code, RET_OK);
	assert_int_equal(returns_calc_override(&admin, "ok", NULL), 0);
	assert_int_equal(returns_calc_override(NULL, "ok", &e), -1);
	assert_int_equal(e.code, RET_E_INVALID);
}

/* --- properties -------------------------------------------------------------------- */

#define ORDERS 10000
#define MAXLINES 6

/* xorshift64*, fixed seed: the same orders on every run. */
static uint64_t rng = UINT64_C(0x9e3779b97f4a7c15);

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * UINT64_C(2685821657736338717);
}

/* Uniform enough in lo..hi (inclusive). */
static int64_t
rnd_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static int
chance(int percent)
{
	return rnd_range(1, 100) <= percent;
}

struct gen {
	struct returns_line l[MAXLINES];
	struct returns_order o;
	struct returns_policy fees;
	int64_t gross, line_disc;
};

static void
gen_order(struct gen *g)
{
	static const char *const cur[] = { "EUR", "JPY", "KWD", "USD", "CZK", "HUF" };
	static const int64_t scale[] = { 1, 1, 10, 1, 1, 1 }; /* KWD: one more digit */
	static const char *const skus[] = { "A", "B", "C", "D", "E", "F" };
	size_t n = (size_t)rnd_range(1, MAXLINES), i;
	int c = (int)rnd_range(0, NELEM(cur) - 1);
	int64_t net = 0, level, after = 0;

	memset(g, 0, sizeof *g);
	for (i = 0; i < n; i++) {
		struct returns_line *l = &g->l[i];
		int64_t gross;

		l->sku = skus[i];
		l->qty = chance(80) ? rnd_range(1, 5) : rnd_range(6, 40);
		l->unit_price = chance(5) ? 0 : rnd_range(1, 30000) * scale[c];
		gross = l->qty * l->unit_price;
		l->discount = chance(35) ? rnd_range(0, gross) : 0;
		l->reason = (enum returns_reason)rnd_range(0, RET_REASON_COUNT - 1);
		g->gross += gross;
		g->line_disc += l->discount;
		net += gross - l->discount;
	}
	level = chance(50) ? rnd_range(0, net) : 0;
	after = net - level;
	g->o.currency = cur[c];
	g->o.discount = g->line_disc + level;
	switch (rnd_range(0, 3)) {
	case 0:
		g->o.subtotal = 0;
		break;
	case 1:
		g->o.subtotal = g->gross - g->o.discount;
		break;
	default:
		g->o.subtotal = g->gross;
		break;
	}
	g->o.shipping = chance(30) ? 0 : rnd_range(1, 2000) * scale[c];
	g->o.tax_added = chance(50) && after > 0 ? after * rnd_range(0, 2700) / 10000 : 0;
	g->o.total = after + g->o.shipping + g->o.tax_added;
	g->o.lines = g->l;
	g->o.nlines = n;

	g->fees.restock_bp = chance(50) ? rnd_range(0, 2500) : 0;
	g->fees.restock_fixed = chance(50) ? rnd_range(0, 500) * scale[c] : 0;
	g->fees.return_shipping = chance(50) ? rnd_range(0, 700) * scale[c] : 0;
	g->fees.credit_bonus_bp = rnd_range(0, 2000);
	g->fees.refund_shipping = chance(70);
	g->fees.lead_above = -1;
}

static void
assert_no_negative(const struct returns_money *m)
{
	assert_true(m->items_gross >= 0 && m->discount_share >= 0 && m->tax_share >= 0 &&
	    m->merchandise >= 0 && m->restocking_fee >= 0 && m->return_shipping >= 0 &&
	    m->shipping_refunded >= 0 && m->value >= 0 && m->previous_refunds >= 0 &&
	    m->refundable >= 0 && m->credit_bonus >= 0 && m->refund >= 0 && m->credit >= 0 &&
	    m->replacement >= 0 && m->charge >= 0);
	assert_true(m->discount_share <= m->items_gross);
	assert_true(m->value <= m->refundable);
	assert_true(m->refund <= m->value);
}

/* Picks a random non-empty piece of what is left. */
static void
pick_piece(struct gen *g)
{
	size_t i, n = g->o.nlines;
	int64_t units = 0;

	for (i = 0; i < n; i++) {
		int64_t left = g->l[i].qty - g->l[i].returned_qty;

		g->l[i].return_qty = left > 0 && chance(50) ? rnd_range(1, left) : 0;
		units += g->l[i].return_qty;
	}
	for (i = (size_t)rnd_range(0, (int64_t)n - 1); units == 0; i = (i + 1) % n)
		if (g->l[i].returned_qty < g->l[i].qty)
			g->l[i].return_qty = units = 1;
}

static int
all_back(const struct gen *g)
{
	size_t i;

	for (i = 0; i < g->o.nlines; i++)
		if (g->l[i].returned_qty < g->l[i].qty)
			return 0;
	return 1;
}

/* Books a piece as the operations layer would. */
static void
take_back(struct gen *g, int64_t value)
{
	size_t i;

	for (i = 0; i < g->o.nlines; i++) {
		if (g->l[i].return_qty > 0 && !returns_calc_shop_fault(g->l[i].reason))
			g->o.earlier_own_reason = 1;
		g->l[i].returned_qty += g->l[i].return_qty;
		g->l[i].return_qty = 0;
	}
	g->o.refunded += value;
}

static void
rewind_order(struct gen *g)
{
	size_t i;

	for (i = 0; i < g->o.nlines; i++)
		g->l[i].returned_qty = g->l[i].return_qty = 0;
	g->o.refunded = 0;
	g->o.earlier_own_reason = 0;
}

static void
return_all(struct gen *g)
{
	size_t i;

	for (i = 0; i < g->o.nlines; i++)
		g->l[i].return_qty = g->l[i].qty - g->l[i].returned_qty;
}

/* The order's discount and tax are shared over its lines to the unit. */
static void
test_property_shares(void **state)
{
	struct returns_share sh[MAXLINES];
	struct returns_error e;
	struct gen g;
	int k;

	rng = UINT64_C(0x9e3779b97f4a7c15);
	for (k = 0; k < ORDERS; k++) {
		int64_t disc = 0, order_disc = 0, tax = 0, paid = 0;
		size_t i;

		gen_order(&g);
		assert_int_equal(returns_calc_shares(&g.o, sh, &e), 0);
		for (i = 0; i < g.o.nlines; i++) {
			assert_true(sh[i].order_discount >= 0 && sh[i].tax >= 0);
			assert_true(sh[i].discount <= sh[i].gross);
			assert_true(sh[i].paid >= 0);
			disc += sh[i].discount;
			order_disc += sh[i].order_discount;
			tax += sh[i].tax;
			paid += sh[i].paid;
		}
		assert_true(disc == g.o.discount);
		assert_true(order_disc == g.o.discount - g.line_disc);
		assert_true(tax == g.o.tax_added);
		assert_true(paid + g.o.shipping == g.o.total);
	}
}

/* Without fees, an order returned in random pieces gives back exactly what
 * returning it at once does, and the pieces' discount and tax add up to the
 * order's. */
static void
test_property_pieces_exact(void **state)
{
	struct returns_money once, m;
	struct gen g;
	int k, pieces = 0;

	rng = UINT64_C(0x0123456789abcdef);
	for (k = 0; k < ORDERS; k++) {
		int64_t sum = 0, disc = 0, tax = 0, gross = 0;

		gen_order(&g);
		g.fees.restock_bp = g.fees.restock_fixed = g.fees.return_shipping = 0;
		return_all(&g);
		money_ok(&g.o, &refund, &g.fees, &once);
		assert_true(once.value <= g.o.total);
		assert_true(once.discount_share == g.o.discount);
		rewind_order(&g);
		while (!all_back(&g)) {
			pick_piece(&g);
			money_ok(&g.o, &refund, &g.fees, &m);
			assert_no_negative(&m);
			sum += m.refund;
			disc += m.discount_share;
			tax += m.tax_share;
			gross += m.items_gross;
			take_back(&g, m.value);
			pieces++;
		}
		assert_true(sum == once.refund);
		assert_true(disc == g.o.discount);
		assert_true(tax == g.o.tax_added);
		assert_true(gross == g.gross);
		assert_true(sum <= g.o.total);
	}
	assert_true(pieces > ORDERS * 2);
}

/* With fees, random resolutions and sometimes an earlier goodwill refund:
 * every amount is >= 0, the order never gives back more than was paid, a
 * refused piece is refused for a true reason, and when every piece went
 * through they came to no more than returning all at once. */
static void
test_property_pieces_fees(void **state)
{
	struct returns_money once, m;
	struct returns_error e;
	struct gen g;
	int k, completed = 0, exceeded = 0, negative = 0;

	rng = UINT64_C(0xfeedface12345678);
	for (k = 0; k < ORDERS; k++) {
		int64_t sum = 0, goodwill = chance(10) ? rnd_range(0, 5000) : 0;
		int once_ok, done = 1;

		gen_order(&g);
		return_all(&g);
		once_ok = returns_calc_money(&g.o, &refund, &g.fees, &once, &e) == 0;
		if (!once_ok)
			assert_int_equal(e.code, RET_E_NEGATIVE);
		else
			assert_true(once.value <= g.o.total);
		rewind_order(&g);
		if (goodwill > g.o.total)
			goodwill = g.o.total;
		g.o.refunded = goodwill;
		while (!all_back(&g)) {
			struct returns_request rq;

			rq.resolution = (enum returns_resolution)rnd_range(0, 2);
			rq.replacement_price = rnd_range(0, 20000);
			rq.replacement_qty = rnd_range(1, 3);
			pick_piece(&g);
			if (returns_calc_money(&g.o, &rq, &g.fees, &m, &e) != 0 &&
			    e.code == RET_E_NEGATIVE) {
				/* Too small to pay its fees: try the rest at once. */
				negative++;
				assert_true(m.restocking_fee + m.return_shipping >
				    m.merchandise + m.shipping_refunded);
				return_all(&g);
				if (returns_calc_money(&g.o, &rq, &g.fees, &m, &e) != 0) {
					done = 0;
					break;
				}
			} else if (e.code != RET_OK) {
				assert_int_equal(e.code, RET_E_EXCEEDS);
				assert_true(goodwill > 0);
				assert_true(m.value > m.refundable);
				exceeded++;
				done = 0;
				break;
			}
			assert_no_negative(&m);
			switch (rq.resolution) {
			case RET_RES_REFUND:
				assert_true(m.refund == m.value && m.credit == 0 && m.charge == 0);
				break;
			case RET_RES_CREDIT:
				assert_true(m.credit == m.value + m.credit_bonus && m.refund == 0);
				assert_true(m.credit_bonus <= m.value / 5);
				break;
			default:
				assert_true(m.charge - m.refund == m.replacement - m.value);
				assert_true(m.charge == 0 || m.refund == 0);
				break;
			}
			sum += m.value;
			take_back(&g, m.value);
			assert_true(g.o.refunded <= g.o.total);
		}
		assert_true(goodwill + sum <= g.o.total);
		if (done && once_ok && goodwill == 0) {
			assert_true(sum <= once.value);
			completed++;
		}
	}
	/* The run covers each path. */
	assert_true(completed > ORDERS / 2);
	assert_true(exceeded > 0);
	assert_true(negative > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_currency_codes),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_error_codes),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_simple_refund),
		cmocka_unit_test(test_partial_quantities),
		cmocka_unit_test(test_discounted_order),
		cmocka_unit_test(test_tax_added),
		cmocka_unit_test(test_currencies),
		cmocka_unit_test(test_restocking_fee),
		cmocka_unit_test(test_return_shipping_fee),
		cmocka_unit_test(test_shipping_refund),
		cmocka_unit_test(test_previous_refunds),
		cmocka_unit_test(test_credit_bonus),
		cmocka_unit_test(test_exchange),
		cmocka_unit_test(test_over_quantity),
		cmocka_unit_test(test_no_items),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_large_amounts),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_action_targets),
		cmocka_unit_test(test_transitions_legal),
		cmocka_unit_test(test_transitions_matrix),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_authorize),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_property_shares),
		cmocka_unit_test(test_property_pieces_exact),
		cmocka_unit_test(test_property_pieces_fees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
