/* returns-calc.h: the pure core of returns and exchanges: what a return of
 * some items of an order is worth (refund, store credit or the difference
 * for an exchange), the return window, and the RMA state machine with the
 * role each step needs. No database, no I/O: the operations layer loads the
 * order, calls these and stores the result.
 *
 * Money is int64 minor units of the order's ISO 4217 currency. Only integer
 * arithmetic is used. How an order's money is attributed to its lines:
 *
 *   gross(line)     = qty * unit_price
 *   net(line)       = gross - line discount
 *   order-level     = orders.discount - sum of the line discounts
 *                     (orders.discount is the order's whole discount, line
 *                     discounts included)
 *   order share     = order-level shared over all lines pro rata by net,
 *                     by largest remainder (ties go to the earlier line),
 *                     so the shares add up to the order-level discount exactly
 *   discount(line)  = line discount + order share
 *   tax(line)       = tax_added shared the same way by gross - discount
 *   paid(line)      = gross - discount + tax
 *
 * Returning k units of a line of qty q of which r are already back is
 * attributed cumulatively: the discount of those units is
 * round(discount * (r + k) / q) - round(discount * r / q) (rounded half up,
 * the same for tax), so the pieces of a line always add up to the whole line
 * and returning an order in pieces never gives back more than returning it
 * at once. */
#ifndef AFTERCARE_CORE_RETURNS_CALC_H
#define AFTERCARE_CORE_RETURNS_CALC_H

#include <stddef.h>
#include <stdint.h>

#include "ops/ops.h"

/* Bounds that keep every intermediate result inside int64 (products are
 * taken in 128 bits): each amount, and the sum of the lines' gross, at most
 * RETURNS_MONEY_MAX; each quantity at most RETURNS_QTY_MAX. */
#define RETURNS_MONEY_MAX INT64_C(1000000000000000)
#define RETURNS_QTY_MAX INT64_C(1000000)
/* Lines of one order. */
#define RETURNS_LINES_MAX 10000
/* Basis points: 10000 = 100 %. */
#define RETURNS_BP_ONE 10000

/* --- names ------------------------------------------------------------------
 * Each enum below is spelled in the database exactly as its *_name() gives
 * (the CHECK constraints of data/schema/004). The *_from_name() functions
 * return 0, or -1 for NULL or an unknown name (*out untouched). */

enum returns_reason {
	RET_REASON_DEFECTIVE,
	RET_REASON_NOT_AS_DESCRIBED,
	RET_REASON_WRONG_ITEM,
	RET_REASON_UNWANTED,
	RET_REASON_TOO_SMALL,
	RET_REASON_TOO_LARGE,
	RET_REASON_STYLE,
	RET_REASON_COLOUR,
	RET_REASON_OTHER,
	RET_REASON_COUNT
};

enum returns_resolution {
	RET_RES_REFUND,
	RET_RES_CREDIT,
	RET_RES_EXCHANGE,
	RET_RES_COUNT
};

enum returns_status {
	RET_REQUESTED,
	RET_APPROVED,
	RET_IN_TRANSIT,
	RET_RECEIVED,
	RET_REFUNDED,
	RET_CREDITED,
	RET_EXCHANGED,
	RET_CLOSED,
	RET_REJECTED,
	RET_CANCELLED,
	RET_STATUS_COUNT
};

/* What an agent does to a return; each leads to one status (see
 * returns_calc_action_target()). Names: "approve", "label_sent", "receive",
 * "refund", "credit", "exchange", "reject", "cancel", "close". */
enum returns_action {
	RET_ACT_APPROVE,
	RET_ACT_LABEL_SENT,
	RET_ACT_RECEIVE,
	RET_ACT_REFUND,
	RET_ACT_CREDIT,
	RET_ACT_EXCHANGE,
	RET_ACT_REJECT,
	RET_ACT_CANCEL,
	RET_ACT_CLOSE,
	RET_ACT_COUNT
};

/* Names are static strings; NULL for a value out of range. */
const char *returns_calc_reason_name(enum returns_reason r);
int returns_calc_reason_from_name(const char *s, enum returns_reason *out);
const char *returns_calc_resolution_name(enum returns_resolution r);
int returns_calc_resolution_from_name(const char *s, enum returns_resolution *out);
const char *returns_calc_status_name(enum returns_status s);
int returns_calc_status_from_name(const char *s, enum returns_status *out);
const char *returns_calc_action_name(enum returns_action a);
int returns_calc_action_from_name(const char *s, enum returns_action *out);

/* 1 for the reasons that are the shop's fault (defective, not_as_described,
 * wrong_item): no fees, and the original shipping may be refunded. */
int returns_calc_shop_fault(enum returns_reason r);

/* --- errors ----------------------------------------------------------------- */

enum returns_code {
	RET_OK = 0,
	RET_E_INVALID,         /* an input out of range: negative, too large, bad enum */
	RET_E_CURRENCY,        /* not a currency code, or fixed fees in another currency */
	RET_E_INCONSISTENT,    /* the order's own amounts do not add up */
	RET_E_NO_ITEMS,        /* nothing to return */
	RET_E_QTY,             /* more units than can still be returned */
	RET_E_NO_REPLACEMENT,  /* an exchange without a replacement */
	RET_E_NEGATIVE,        /* the fees are more than the return is worth */
	RET_E_EXCEEDS,         /* worth more than is left of the payment */
	RET_E_TRANSITION,      /* the step is not possible in the current status */
	RET_E_RESOLUTION,      /* the step does not match the return's resolution */
	RET_E_ROLE,            /* the caller's role is too low */
	RET_E_SELF_APPROVAL,   /* approving one's own return above the limit */
	RET_E_OVERRIDE_REASON, /* a window override without a reason */
	RET_E_COUNT
};

/* Filled by every function below that takes one (err may be NULL). On
 * success code is RET_OK and msg NULL. msg is one line of English marked
 * with N_() (static, untranslated: the caller translates it with _()).
 * returns_calc_error_text() gives the translated line with the details
 * filled in ("only 2 of TEE-M can still be returned"). */
struct returns_error {
	enum returns_code code;
	const char *msg;
	size_t line;       /* RET_E_QTY and line checks: index into the lines */
	int64_t avail;     /* RET_E_QTY: units of that line still returnable */
	const char *sku;   /* RET_E_QTY: that line's sku (borrowed, may be NULL) */
};

/* A stable machine-readable name ("qty_exceeded", ...) for clients to test;
 * "ok" for RET_OK. */
const char *returns_calc_error_code(enum returns_code c);
/* The error as one translated line in buf (always terminated, truncated to
 * n); returns buf. */
const char *returns_calc_error_text(const struct returns_error *e, char *buf, size_t n);

/* --- money -------------------------------------------------------------------- */

/* One line of the order as ordered, plus what this return asks of it. */
struct returns_line {
	const char *sku;        /* for messages; may be NULL or "" */
	int64_t qty;            /* ordered, 1..RETURNS_QTY_MAX */
	int64_t unit_price;     /* >= 0 */
	int64_t discount;       /* for the whole line, 0..qty * unit_price */
	int64_t returned_qty;   /* already returned by earlier returns, 0..qty */
	int64_t return_qty;     /* asked for now, 0 if this line is not returned */
	enum returns_reason reason; /* why; read only when return_qty > 0 */
};

/* The order, with all of its lines (not only those returned: the order
 * discount is shared over all of them). */
struct returns_order {
	const char *currency;   /* ISO 4217: three upper-case letters (shown with
				 * util/format.h's format_money()) */
	int64_t subtotal;       /* sum of qty * unit_price, or that less the line
				 * discounts or less the whole discount (platforms
				 * differ); another value is RET_E_INCONSISTENT;
				 * 0 = not known, not checked */
	int64_t discount;       /* orders.discount: the whole discount */
	int64_t shipping;       /* shipping the customer paid */
	int64_t tax_added;      /* tax charged on top of the prices (orders.tax
				 * when total = subtotal - discount + shipping +
				 * tax); 0 when the prices include tax */
	int64_t total;          /* what the customer paid */
	int64_t refunded;       /* what already went back for this order, as
				 * money or store credit (without bonuses):
				 * orders.refunded plus earlier returns' value */
	int earlier_own_reason; /* an earlier return of this order had a
				 * reason that is not the shop's fault: the
				 * original shipping is not refunded then */
	const struct returns_line *lines;
	size_t nlines;          /* 1..RETURNS_LINES_MAX */
};

/* The shop's rules. Fixed amounts are minor units of currency. */
struct returns_policy {
	const char *currency;      /* of the fixed amounts; NULL: the order's.
				    * Fixed fees in another currency than the
				    * order's are RET_E_CURRENCY (no rates here) */
	int64_t restock_bp;        /* restocking fee, 0..10000 bp of the value
				    * of the units returned for a reason that is
				    * not the shop's fault; rounded up */
	int64_t restock_fixed;     /* plus this per return, unless any line is
				    * the shop's fault */
	int64_t return_shipping;   /* fee for the return label, unless any
				    * line is the shop's fault */
	int64_t credit_bonus_bp;   /* store-credit bonus, 0..10000 bp of the
				    * value, only for RET_RES_CREDIT; rounded
				    * down */
	int refund_shipping;       /* give back the original shipping when this
				    * return brings back the last unit of the
				    * order, each of its lines is the shop's
				    * fault and no earlier return was not */
	int64_t lead_above;        /* payouts above this need a team lead (see
				    * returns_calc_role()); < 0: never */
};

struct returns_request {
	enum returns_resolution resolution;
	int64_t replacement_price; /* RET_RES_EXCHANGE: unit price of the
				    * replacement, what the customer would pay
				    * for it now */
	int64_t replacement_qty;   /* RET_RES_EXCHANGE: >= 1 */
};

/* What a return is worth. All amounts are >= 0.
 *
 *   merchandise = items_gross - discount_share + tax_share
 *   value       = merchandise + shipping_refunded - restocking_fee
 *                 - return_shipping
 *   refund      = value (RET_RES_REFUND)
 *   credit      = value + credit_bonus (RET_RES_CREDIT)
 *   exchange    : replacement >= value: charge = replacement - value,
 *                 else refund = value - replacement
 *
 * value is what leaves the order's payment whatever the resolution: it must
 * not exceed total - refunded, and it is what the caller adds to refunded
 * for the next return of the same order. The payout that
 * returns_calc_role() judges is refund + credit. */
struct returns_money {
	int64_t items_gross;       /* sum of return_qty * unit_price */
	int64_t discount_share;    /* line and order discount on those units */
	int64_t tax_share;         /* tax_added on those units */
	int64_t merchandise;
	int64_t restocking_fee;
	int64_t return_shipping;   /* the label fee charged */
	int64_t shipping_refunded; /* original shipping given back */
	int64_t value;
	int64_t previous_refunds;  /* the order's refunded, for display */
	int64_t refundable;        /* total - refunded before this return */
	int64_t credit_bonus;
	int64_t refund;
	int64_t credit;
	int64_t replacement;       /* exchange: replacement_price * qty */
	int64_t charge;            /* exchange: what the customer pays on top */
	int shop_fault;            /* some line is the shop's fault: fixed fees waived */
	int all_returned;          /* after this return every unit is back */
};

/* Computes the return that o's lines' return_qty describe. Returns 0 with m
 * filled, or -1 with err set. The checks, in order: inputs in range
 * (RET_E_INVALID, RET_E_CURRENCY), the order adds up (RET_E_INCONSISTENT),
 * return_qty <= qty - returned_qty on each line (RET_E_QTY, the first line
 * that fails), at least one unit (RET_E_NO_ITEMS), an exchange has a
 * replacement (RET_E_NO_REPLACEMENT), the fees are not more than the return
 * is worth (RET_E_NEGATIVE), value <= total - refunded (RET_E_EXCEEDS; never
 * clamped). After RET_E_NEGATIVE and RET_E_EXCEEDS m keeps the breakdown
 * (value only after RET_E_EXCEEDS; refund, credit, charge 0) so that the
 * caller can show why; after the others m is all 0.
 *
 * The restocking percentage is rounded up and the credit bonus down, so
 * that several small returns never come to more than one large one. */
int returns_calc_money(const struct returns_order *o, const struct returns_request *rq,
    const struct returns_policy *p, struct returns_money *m, struct returns_error *err);

/* How an order's money is attributed to its lines (see the top of this
 * file); the same whatever has been or is being returned. */
struct returns_share {
	int64_t gross;
	int64_t discount;        /* line discount + order share */
	int64_t order_discount;  /* the order share alone */
	int64_t tax;
	int64_t paid;            /* gross - discount + tax */
};

/* Fills share[0 .. o->nlines - 1] (caller's array). The order discounts add
 * up to discount - sum of line discounts, the taxes to tax_added, exactly.
 * The lines are checked as for returns_calc_money(), return_qty included.
 * Returns 0, or -1 with err set (RET_E_INVALID, RET_E_CURRENCY,
 * RET_E_INCONSISTENT). */
int returns_calc_shares(const struct returns_order *o, struct returns_share *share,
    struct returns_error *err);

/* Shares amount over n weights by largest remainder: out[i] is
 * floor(amount * weight[i] / sum) plus one for the lines with the largest
 * remainders (the earlier line on a tie), so the out[] add up to amount.
 * Returns 0, or -1 if amount or a weight is negative, amount or the sum of
 * the weights is above RETURNS_MONEY_MAX, n is 0 or above
 * RETURNS_LINES_MAX, or all weights are 0 while amount is not. */
int returns_calc_split(int64_t amount, const int64_t *weight, size_t n, int64_t *out);

/* --- return window ------------------------------------------------------------- */

enum returns_window_state {
	RET_WINDOW_OK,
	RET_WINDOW_EXPIRED,
	RET_WINDOW_UNKNOWN_START, /* neither shipped nor delivered time is known;
				   * counted from the order date and within the
				   * window there: treat as ok, say so */
};

struct returns_window {
	enum returns_window_state state;
	int64_t start;     /* delivered_at, else fulfilled_at, else placed_at */
	int64_t deadline;  /* start + days * 86400 (the last second still ok) */
	int64_t days_left; /* not expired: whole days to the deadline, rounded down */
	int64_t days_over; /* RET_WINDOW_EXPIRED: days past it, rounded up (>= 1) */
	int from_placed;   /* start is the order date (also when expired) */
};

/* Where now stands in a window of days days. Times are epoch seconds; a
 * negative fulfilled_at or delivered_at is unknown. Returns 0, or -1 (w
 * untouched) when placed_at or now is negative or days is not 0..36500. */
int returns_calc_window(int64_t placed_at, int64_t fulfilled_at, int64_t delivered_at,
    int64_t now, int64_t days, struct returns_window *w);

/* --- state machine -------------------------------------------------------------
 * requested   -> approved | rejected | cancelled
 * approved    -> in_transit | received | cancelled | rejected
 * in_transit  -> received | cancelled
 * received    -> refunded (resolution refund) | credited (credit)
 *                | exchanged (exchange)
 * refunded | credited | exchanged -> closed
 * Nothing else; closed, rejected and cancelled are final. */

/* The status an action leads to; RET_STATUS_COUNT for an action out of
 * range. */
enum returns_status returns_calc_action_target(enum returns_action a);
/* 1 if a return with resolution res may go from one status to the other. */
int returns_calc_transition_ok(enum returns_status from, enum returns_status to,
    enum returns_resolution res);
/* Applies a to a return in status from: 0 with *to set, or -1 with err set
 * (RET_E_INVALID, RET_E_RESOLUTION when the action is refund, credit or
 * exchange and does not match res, RET_E_TRANSITION otherwise). */
int returns_calc_apply(enum returns_status from, enum returns_action a,
    enum returns_resolution res, enum returns_status *to, struct returns_error *err);

/* --- roles -------------------------------------------------------------------
 * Every action needs at least ROLE_AGENT. Approve, refund, credit and
 * exchange need ROLE_LEAD when payout (refund + credit of returns_money) is
 * above p->lead_above (p->lead_above >= 0); an approval that needs a lead
 * must also come from someone else than the agent who created the return. */

/* The lowest role that may do a with this payout (p may be NULL: no limit);
 * ROLE_ADMIN for an action out of range. */
enum role returns_calc_role(enum returns_action a, int64_t payout,
    const struct returns_policy *p);
/* Checks that who may do a: 0, or -1 with err set (RET_E_INVALID,
 * RET_E_ROLE, RET_E_SELF_APPROVAL). created_by is the creator's agent id;
 * ids <= 0 are unknown and never count as the same person. */
int returns_calc_authorize(enum returns_action a, int64_t payout,
    const struct returns_policy *p, const struct op_caller *who, int64_t created_by,
    struct returns_error *err);
/* Accepting a return outside its window: needs ROLE_LEAD and a reason that
 * is not blank. 0, or -1 with err set (RET_E_ROLE, RET_E_OVERRIDE_REASON). */
int returns_calc_override(const struct op_caller *who, const char *reason,
    struct returns_error *err);

#endif
