/* returns-calc.c: see returns-calc.h. Products of two amounts are taken in
 * 128 bits; the bounds in the header keep every result inside int64. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/returns-calc.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

__extension__ typedef unsigned __int128 u128;

#define DAY INT64_C(86400)
#define WINDOW_DAYS_MAX 36500

/* --- names ------------------------------------------------------------------ */

static const char *const reason_names[RET_REASON_COUNT] = {
	"defective", "not_as_described", "wrong_item", "unwanted", "too_small", "too_large",
	"style", "colour", "other",
};
static const char *const resolution_names[RET_RES_COUNT] = { "refund", "credit", "exchange" };
static const char *const status_names[RET_STATUS_COUNT] = {
	"requested", "approved", "in_transit", "received", "refunded", "credited", "exchanged",
	"closed", "rejected", "cancelled",
};
static const char *const action_names[RET_ACT_COUNT] = {
	"approve", "label_sent", "receive", "refund", "credit", "exchange", "reject", "cancel",
	"close",
};
static const char *const code_names[RET_E_COUNT] = {
	"ok", "invalid", "currency", "order_inconsistent", "no_items", "qty_exceeded",
	"no_replacement", "negative_amount", "refund_exceeds_paid", "illegal_transition",
	"wrong_resolution", "role", "self_approval", "override_reason",
};

static const char *
name_of(const char *const *names, int n, int v)
{
	return v >= 0 && v < n ? names[v] : NULL;
}

static int
name_find(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *
returns_calc_reason_name(enum returns_reason r)
{
	return name_of(reason_names, RET_REASON_COUNT, (int)r);
}

int
returns_calc_reason_from_name(const char *s, enum returns_reason *out)
{
	int i = name_find(reason_names, RET_REASON_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum returns_reason)i;
	return 0;
}

const char *
returns_calc_resolution_name(enum returns_resolution r)
{
	return name_of(resolution_names, RET_RES_COUNT, (int)r);
}

int
returns_calc_resolution_from_name(const char *s, enum returns_resolution *out)
{
	int i = name_find(resolution_names, RET_RES_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum returns_resolution)i;
	return 0;
}

const char *
returns_calc_status_name(enum returns_status s)
{
	return name_of(status_names, RET_STATUS_COUNT, (int)s);
}

int
returns_calc_status_from_name(const char *s, enum returns_status *out)
{
	int i = name_find(status_names, RET_STATUS_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum returns_status)i;
	return 0;
}

const char *
returns_calc_action_name(enum returns_action a)
{
	return name_of(action_names, RET_ACT_COUNT, (int)a);
}

int
returns_calc_action_from_name(const char *s, enum returns_action *out)
{
	int i = name_find(action_names, RET_ACT_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum returns_action)i;
	return 0;
}

int
returns_calc_shop_fault(enum returns_reason r)
{
	return r == RET_REASON_DEFECTIVE || r == RET_REASON_NOT_AS_DESCRIBED ||
	    r == RET_REASON_WRONG_ITEM;
}

/* --- errors ----------------------------------------------------------------- */

static void
set_ok(struct returns_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}

/* Always -1, so that checks read "return set_err(...)". */
static int
set_err(struct returns_error *err, enum returns_code code, const char *msg)
{
	if (err != NULL) {
		memset(err, 0, sizeof *err);
		err->code = code;
		err->msg = msg;
	}
	return -1;
}

static int
set_line_err(struct returns_error *err, enum returns_code code, const char *msg, size_t line)
{
	set_err(err, code, msg);
	if (err != NULL)
		err->line = line;
	return -1;
}

const char *
returns_calc_error_code(enum returns_code c)
{
	return (int)c >= 0 && c < RET_E_COUNT ? code_names[c] : "invalid";
}

const char *
returns_calc_error_text(const struct returns_error *e, char *buf, size_t n)
{
	if (buf == NULL || n == 0)
		return buf;
	buf[0] = '\0';
	if (e == NULL || e->code == RET_OK || e->msg == NULL)
		return buf;
	if (e->code == RET_E_QTY && e->sku != NULL && e->sku[0] != '\0')
		snprintf(buf, n, ngettext("only %lld of %s can still be returned",
		    "only %lld of %s can still be returned", (unsigned long)e->avail),
		    (long long)e->avail, e->sku);
	else if (e->code == RET_E_QTY)
		snprintf(buf, n, ngettext("only %lld of line %zu can still be returned",
		    "only %lld of line %zu can still be returned", (unsigned long)e->avail),
		    (long long)e->avail, e->line + 1);
	else
		snprintf(buf, n, "%s", _(e->msg));
	return buf;
}

/* --- currencies -------------------------------------------------------------- */

/* Three upper-case ASCII letters. What they stand for does not matter here:
 * amounts are already in minor units (util/format.h's money_decimals() says
 * how many digits those have). */
static int
currency_ok(const char *c)
{
	int i;

	for (i = 0; c != NULL && i < 3; i++)
		if (c[i] < 'A' || c[i] > 'Z')
			return 0;
	return c != NULL && c[3] == '\0';
}

/* --- arithmetic --------------------------------------------------------------- */

static int
in_money_range(int64_t v)
{
	return v >= 0 && v <= RETURNS_MONEY_MAX;
}

/* round(a * n / q), half up; a >= 0, 0 <= n, q > 0. */
static int64_t
part(int64_t a, int64_t n, int64_t q)
{
	u128 p = (u128)a * (u128)n;

	return (int64_t)((2 * p + (u128)q) / (2 * (u128)q));
}

/* ceil(a * bp / 10000) and floor(a * bp / 10000); a, bp >= 0. */
static int64_t
bp_up(int64_t a, int64_t bp)
{
	return (int64_t)(((u128)a * (u128)bp + RETURNS_BP_ONE - 1) / RETURNS_BP_ONE);
}

static int64_t
bp_down(int64_t a, int64_t bp)
{
	return (int64_t)((u128)a * (u128)bp / RETURNS_BP_ONE);
}

struct remainder {
	int64_t rem;
	size_t i;
};

/* Largest remainder first; the earlier line first on a tie. */
static int
remainder_cmp(const void *va, const void *vb)
{
	const struct remainder *a = va, *b = vb;

	if (a->rem != b->rem)
		return a->rem > b->rem ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

int
returns_calc_split(int64_t amount, const int64_t *weight, size_t n, int64_t *out)
{
	struct remainder *r;
	int64_t sum = 0, given = 0;
	size_t i;

	if (weight == NULL || out == NULL || n == 0 || n > RETURNS_LINES_MAX ||
	    !in_money_range(amount))
		return -1;
	for (i = 0; i < n; i++) {
		if (weight[i] < 0 || weight[i] > RETURNS_MONEY_MAX - sum)
			return -1;
		sum += weight[i];
	}
	if (sum == 0) {
		if (amount != 0)
			return -1;
		memset(out, 0, n * sizeof *out);
		return 0;
	}
	r = xcalloc(n, sizeof *r);
	for (i = 0; i < n; i++) {
		u128 p = (u128)amount * (u128)weight[i];

		out[i] = (int64_t)(p / (u128)sum);
		r[i].rem = (int64_t)(p % (u128)sum);
		r[i].i = i;
		given += out[i];
	}
	/* What is left is less than n: the remainders are each below sum and
	 * add up to a multiple of it. */
	qsort(r, n, sizeof *r, remainder_cmp);
	for (i = 0; given < amount; i++, given++)
		out[r[i].i]++;
	free(r);
	return 0;
}

/* --- money -------------------------------------------------------------------- */

/* Ranges of everything in o; the sums that the shares need are then within
 * RETURNS_MONEY_MAX. */
static int
check_order(const struct returns_order *o, struct returns_error *err)
{
	int64_t sum = 0;
	size_t i;

	if (o == NULL || o->lines == NULL || o->nlines == 0)
		return set_err(err, RET_E_INVALID, N_("the order has no lines"));
	if (o->nlines > RETURNS_LINES_MAX)
		return set_err(err, RET_E_INVALID, N_("the order has too many lines"));
	if (!currency_ok(o->currency))
		return set_err(err, RET_E_CURRENCY,
		    N_("the order's currency is not an ISO 4217 code"));
	if (!in_money_range(o->subtotal) || !in_money_range(o->discount) ||
	    !in_money_range(o->shipping) || !in_money_range(o->tax_added) ||
	    !in_money_range(o->total) || !in_money_range(o->refunded))
		return set_err(err, RET_E_INVALID,
		    N_("an amount of the order is negative or too large"));
	if (o->refunded > o->total)
		return set_err(err, RET_E_INCONSISTENT,
		    N_("more was refunded than the order was paid"));
	for (i = 0; i < o->nlines; i++) {
		const struct returns_line *l = &o->lines[i];
		int64_t gross;

		if (l->qty < 1 || l->qty > RETURNS_QTY_MAX || !in_money_range(l->unit_price))
			return set_line_err(err, RET_E_INVALID,
			    N_("a line's quantity or price is out of range"), i);
		if (l->unit_price > (RETURNS_MONEY_MAX - sum) / l->qty)
			return set_line_err(err, RET_E_INVALID, N_("the order is too large"), i);
		gross = l->qty * l->unit_price;
		sum += gross;
		if (l->discount < 0 || l->returned_qty < 0 || l->return_qty < 0)
			return set_line_err(err, RET_E_INVALID,
			    N_("a line's discount or quantity is negative"), i);
		if (l->discount > gross)
			return set_line_err(err, RET_E_INCONSISTENT,
			    N_("a line's discount is more than the line costs"), i);
		if (l->returned_qty > l->qty)
			return set_line_err(err, RET_E_INCONSISTENT,
			    N_("a line has more units returned than were ordered"), i);
		if (l->return_qty > 0 && ((int)l->reason < 0 || l->reason >= RET_REASON_COUNT))
			return set_line_err(err, RET_E_INVALID, N_("unknown return reason"), i);
	}
	return 0;
}

int
returns_calc_shares(const struct returns_order *o, struct returns_share *share,
    struct returns_error *err)
{
	int64_t *w = NULL, *part_of = NULL;
	int64_t gross = 0, line_disc = 0, net = 0, level;
	size_t i;
	int rc = -1;

	if (check_order(o, err) != 0)
		return -1;
	if (share == NULL)
		return set_err(err, RET_E_INVALID, N_("nowhere to put the result"));
	w = xcalloc(o->nlines, sizeof *w);
	part_of = xcalloc(o->nlines, sizeof *part_of);
	for (i = 0; i < o->nlines; i++) {
		const struct returns_line *l = &o->lines[i];

		share[i].gross = l->qty * l->unit_price;
		w[i] = share[i].gross - l->discount;
		gross += share[i].gross;
		line_disc += l->discount;
		net += w[i];
	}
	if (o->subtotal != 0 && o->subtotal != gross && o->subtotal != gross - line_disc &&
	    o->subtotal != gross - o->discount) {
		set_err(err, RET_E_INCONSISTENT,
		    N_("the order's subtotal does not match its lines"));
		goto out;
	}
	level = o->discount - line_disc;
	if (level < 0) {
		set_err(err, RET_E_INCONSISTENT,
		    N_("the order's discount is less than the discounts of its lines"));
		goto out;
	}
	if (level > net) {
		set_err(err, RET_E_INCONSISTENT,
		    N_("the order's discount is more than its items cost"));
		goto out;
	}
	if (returns_calc_split(level, w, o->nlines, part_of) != 0)
		fatal("returns_calc_shares: discount split failed");
	net = 0;
	for (i = 0; i < o->nlines; i++) {
		share[i].order_discount = part_of[i];
		share[i].discount = o->lines[i].discount + part_of[i];
		w[i] = share[i].gross - share[i].discount;
		net += w[i];
	}
	if (net == 0 && o->tax_added > 0) {
		set_err(err, RET_E_INCONSISTENT,
		    N_("the order has tax but nothing it could be charged on"));
		goto out;
	}
	if (returns_calc_split(o->tax_added, w, o->nlines, part_of) != 0)
		fatal("returns_calc_shares: tax split failed");
	for (i = 0; i < o->nlines; i++) {
		share[i].tax = part_of[i];
		share[i].paid = w[i] + part_of[i];
	}
	set_ok(err);
	rc = 0;
out:
	free(w);
	free(part_of);
	return rc;
}

static int
check_policy(const struct returns_order *o, const struct returns_request *rq,
    const struct returns_policy *p, struct returns_error *err)
{
	if (rq == NULL || p == NULL)
		return set_err(err, RET_E_INVALID, N_("no return policy or request"));
	if ((int)rq->resolution < 0 || rq->resolution >= RET_RES_COUNT)
		return set_err(err, RET_E_INVALID, N_("unknown resolution"));
	if (rq->resolution == RET_RES_EXCHANGE && (!in_money_range(rq->replacement_price) ||
	    rq->replacement_qty < 0 || rq->replacement_qty > RETURNS_QTY_MAX))
		return set_err(err, RET_E_INVALID,
		    N_("the replacement's price or quantity is out of range"));
	if (p->restock_bp < 0 || p->restock_bp > RETURNS_BP_ONE ||
	    p->credit_bonus_bp < 0 || p->credit_bonus_bp > RETURNS_BP_ONE ||
	    !in_money_range(p->restock_fixed) || !in_money_range(p->return_shipping))
		return set_err(err, RET_E_INVALID, N_("a return fee is negative or too large"));
	if (p->currency != NULL && !currency_ok(p->currency))
		return set_err(err, RET_E_CURRENCY,
		    N_("the return fees' currency is not an ISO 4217 code"));
	if (p->currency != NULL && strcmp(p->currency, o->currency) != 0 &&
	    (p->restock_fixed > 0 || p->return_shipping > 0))
		return set_err(err, RET_E_CURRENCY,
		    N_("the fixed return fees are in another currency than the order"));
	return 0;
}

int
returns_calc_money(const struct returns_order *o, const struct returns_request *rq,
    const struct returns_policy *p, struct returns_money *m, struct returns_error *err)
{
	struct returns_share *sh = NULL;
	int64_t units = 0, customer = 0, fees;
	int all_shop = 1;
	size_t i;
	int rc = -1;

	if (m == NULL)
		return set_err(err, RET_E_INVALID, N_("nowhere to put the result"));
	memset(m, 0, sizeof *m);
	if (check_order(o, err) != 0 || check_policy(o, rq, p, err) != 0)
		return -1;
	sh = xcalloc(o->nlines, sizeof *sh);
	if (returns_calc_shares(o, sh, err) != 0)
		goto out;

	m->all_returned = 1;
	for (i = 0; i < o->nlines; i++) {
		const struct returns_line *l = &o->lines[i];
		int64_t k = l->return_qty, r = l->returned_qty, q = l->qty, disc, tax, merch;

		if (k > q - r) {
			set_line_err(err, RET_E_QTY,
			    N_("more units than can still be returned"), i);
			if (err != NULL) {
				err->avail = q - r;
				err->sku = l->sku;
			}
			goto out;
		}
		if (r + k < q)
			m->all_returned = 0;
		if (k == 0)
			continue;
		units += k;
		disc = part(sh[i].discount, r + k, q) - part(sh[i].discount, r, q);
		tax = part(sh[i].tax, r + k, q) - part(sh[i].tax, r, q);
		merch = k * l->unit_price - disc + tax;
		m->items_gross += k * l->unit_price;
		m->discount_share += disc;
		m->tax_share += tax;
		m->merchandise += merch;
		if (returns_calc_shop_fault(l->reason))
			m->shop_fault = 1;
		else {
			all_shop = 0;
			customer += merch;
		}
	}
	if (units == 0) {
		set_err(err, RET_E_NO_ITEMS, N_("choose at least one item to return"));
		goto out;
	}
	if (rq->resolution == RET_RES_EXCHANGE) {
		if (rq->replacement_qty < 1) {
			set_err(err, RET_E_NO_REPLACEMENT,
			    N_("an exchange needs a replacement item"));
			goto out;
		}
		if (rq->replacement_price > RETURNS_MONEY_MAX / rq->replacement_qty) {
			set_err(err, RET_E_INVALID, N_("the replacement costs too much"));
			goto out;
		}
		m->replacement = rq->replacement_price * rq->replacement_qty;
	}

	/* Rounded up: the fees of pieces are never less than of the whole. */
	m->restocking_fee = bp_up(customer, p->restock_bp);
	if (!m->shop_fault) {
		m->restocking_fee += p->restock_fixed;
		m->return_shipping = p->return_shipping;
	}
	if (p->refund_shipping && m->all_returned && all_shop && !o->earlier_own_reason)
		m->shipping_refunded = o->shipping;
	fees = m->restocking_fee + m->return_shipping;
	m->previous_refunds = o->refunded;
	m->refundable = o->total - o->refunded;
	/* From here on a failure leaves the breakdown for the caller to show. */
	if (fees > m->merchandise + m->shipping_refunded) {
		set_err(err, RET_E_NEGATIVE,
		    N_("the return fees are more than the items are worth"));
		goto keep;
	}
	m->value = m->merchandise + m->shipping_refunded - fees;
	if (m->value > m->refundable) {
		set_err(err, RET_E_EXCEEDS,
		    N_("this return is worth more than is left of the order's payment"));
		goto keep;
	}
	switch (rq->resolution) {
	case RET_RES_REFUND:
		m->refund = m->value;
		break;
	case RET_RES_CREDIT:
		m->credit_bonus = bp_down(m->value, p->credit_bonus_bp);
		m->credit = m->value + m->credit_bonus;
		break;
	case RET_RES_EXCHANGE:
	default:
		if (m->replacement >= m->value)
			m->charge = m->replacement - m->value;
		else
			m->refund = m->value - m->replacement;
		break;
	}
	set_ok(err);
	rc = 0;
	goto keep;
out:
	memset(m, 0, sizeof *m);
keep:
	free(sh);
	return rc;
}

/* --- return window ------------------------------------------------------------- */

int
returns_calc_window(int64_t placed_at, int64_t fulfilled_at, int64_t delivered_at,
    int64_t now, int64_t days, struct returns_window *w)
{
	struct returns_window r;

	if (w == NULL || placed_at < 0 || now < 0 || days < 0 || days > WINDOW_DAYS_MAX)
		return -1;
	memset(&r, 0, sizeof r);
	if (delivered_at >= 0)
		r.start = delivered_at;
	else if (fulfilled_at >= 0)
		r.start = fulfilled_at;
	else {
		r.start = placed_at;
		r.from_placed = 1;
	}
	if (r.start > INT64_MAX - days * DAY)
		return -1;
	r.deadline = r.start + days * DAY;
	if (now <= r.deadline) {
		r.state = r.from_placed ? RET_WINDOW_UNKNOWN_START : RET_WINDOW_OK;
		r.days_left = (r.deadline - now) / DAY;
	} else {
		r.state = RET_WINDOW_EXPIRED;
		r.days_over = (now - r.deadline - 1) / DAY + 1;
	}
	*w = r;
	return 0;
}

/* --- state machine ------------------------------------------------------------- */

#define BIT(s) (1u << (s))

static const unsigned next_states[RET_STATUS_COUNT] = {
	[RET_REQUESTED] = BIT(RET_APPROVED) | BIT(RET_REJECTED) | BIT(RET_CANCELLED),
	[RET_APPROVED] = BIT(RET_IN_TRANSIT) | BIT(RET_RECEIVED) | BIT(RET_CANCELLED) |
	    BIT(RET_REJECTED),
	[RET_IN_TRANSIT] = BIT(RET_RECEIVED) | BIT(RET_CANCELLED),
	[RET_RECEIVED] = BIT(RET_REFUNDED) | BIT(RET_CREDITED) | BIT(RET_EXCHANGED),
	[RET_REFUNDED] = BIT(RET_CLOSED),
	[RET_CREDITED] = BIT(RET_CLOSED),
	[RET_EXCHANGED] = BIT(RET_CLOSED),
};

/* The status that settles a return of each resolution. */
static const enum returns_status settled[RET_RES_COUNT] = {
	[RET_RES_REFUND] = RET_REFUNDED,
	[RET_RES_CREDIT] = RET_CREDITED,
	[RET_RES_EXCHANGE] = RET_EXCHANGED,
};

static const enum returns_status action_targets[RET_ACT_COUNT] = {
	[RET_ACT_APPROVE] = RET_APPROVED,
	[RET_ACT_LABEL_SENT] = RET_IN_TRANSIT,
	[RET_ACT_RECEIVE] = RET_RECEIVED,
	[RET_ACT_REFUND] = RET_REFUNDED,
	[RET_ACT_CREDIT] = RET_CREDITED,
	[RET_ACT_EXCHANGE] = RET_EXCHANGED,
	[RET_ACT_REJECT] = RET_REJECTED,
	[RET_ACT_CANCEL] = RET_CANCELLED,
	[RET_ACT_CLOSE] = RET_CLOSED,
};

static int
is_settled(enum returns_status s)
{
	return s == RET_REFUNDED || s == RET_CREDITED || s == RET_EXCHANGED;
}

enum returns_status
returns_calc_action_target(enum returns_action a)
{
	if ((int)a < 0 || a >= RET_ACT_COUNT)
		return RET_STATUS_COUNT;
	return action_targets[a];
}

int
returns_calc_transition_ok(enum returns_status from, enum returns_status to,
    enum returns_resolution res)
{
	if ((int)from < 0 || from >= RET_STATUS_COUNT || (int)to < 0 || to >= RET_STATUS_COUNT ||
	    (int)res < 0 || res >= RET_RES_COUNT)
		return 0;
	if ((next_states[from] & BIT(to)) == 0)
		return 0;
	return !is_settled(to) || to == settled[res];
}

int
returns_calc_apply(enum returns_status from, enum returns_action a,
    enum returns_resolution res, enum returns_status *to, struct returns_error *err)
{
	enum returns_status target = returns_calc_action_target(a);

	if (to == NULL || target == RET_STATUS_COUNT || (int)from < 0 ||
	    from >= RET_STATUS_COUNT || (int)res < 0 || res >= RET_RES_COUNT)
		return set_err(err, RET_E_INVALID, N_("unknown return status or action"));
	if (is_settled(target) && target != settled[res])
		return set_err(err, RET_E_RESOLUTION,
		    N_("that is not how this return is to be resolved"));
	if (!returns_calc_transition_ok(from, target, res))
		return set_err(err, RET_E_TRANSITION,
		    N_("that step is not possible in the return's current status"));
	*to = target;
	set_ok(err);
	return 0;
}

/* --- roles ------------------------------------------------------------------- */

enum role
returns_calc_role(enum returns_action a, int64_t payout, const struct returns_policy *p)
{
	int above = p != NULL && p->lead_above >= 0 && payout > p->lead_above;

	switch (a) {
	case RET_ACT_APPROVE:
	case RET_ACT_REFUND:
	case RET_ACT_CREDIT:
	case RET_ACT_EXCHANGE:
		return above ? ROLE_LEAD : ROLE_AGENT;
	case RET_ACT_LABEL_SENT:
	case RET_ACT_RECEIVE:
	case RET_ACT_REJECT:
	case RET_ACT_CANCEL:
	case RET_ACT_CLOSE:
		return ROLE_AGENT;
	default:
		return ROLE_ADMIN; /* nobody less may do what we do not know */
	}
}

int
returns_calc_authorize(enum returns_action a, int64_t payout,
    const struct returns_policy *p, const struct op_caller *who, int64_t created_by,
    struct returns_error *err)
{
	enum role need;

	if (who == NULL || (int)a < 0 || a >= RET_ACT_COUNT || payout < 0)
		return set_err(err, RET_E_INVALID, N_("unknown return action"));
	need = returns_calc_role(a, payout, p);
	if (who->role < need)
		return set_err(err, RET_E_ROLE, need >= ROLE_LEAD ?
		    N_("this needs a team lead: the amount is above the approval limit") :
		    N_("this needs an agent: viewers cannot change returns"));
	if (a == RET_ACT_APPROVE && need >= ROLE_LEAD && created_by > 0 &&
	    who->agent_id == created_by)
		return set_err(err, RET_E_SELF_APPROVAL,
		    N_("a return above the approval limit must be approved by someone else than "
		    "the agent who created it"));
	set_ok(err);
	return 0;
}

int
returns_calc_override(const struct op_caller *who, const char *reason,
    struct returns_error *err)
{
	const char *s;

	if (who == NULL)
		return set_err(err, RET_E_INVALID, N_("unknown caller"));
	if (who->role < ROLE_LEAD)
		return set_err(err, RET_E_ROLE,
		    N_("accepting a return outside its window needs a team lead"));
	for (s = reason; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			break;
	if (s == NULL || *s == '\0')
		return set_err(err, RET_E_OVERRIDE_REASON,
		    N_("say why the return is accepted outside its window"));
	set_ok(err);
	return 0;
}
