/* loyalty.h: the loyalty programme in force (from the configuration's
 * loyalty block, or the defaults) and the account upkeep that follows
 * orders: points earned on purchase and clawed back on refund, referral
 * bonuses and point expiry, each a ledger row, with the balance always the
 * ledger's sum and the tier recomputed from lifetime spend or from the
 * points of the last 365 days. */
#ifndef AFTERCARE_CORE_LOYALTY_H
#define AFTERCARE_CORE_LOYALTY_H

#include <stdint.h>

#include "util/settings.h"

struct db;

/* Makes p the programme (copied); NULL restores the defaults. */
void loyalty_use(const struct config_loyalty *p);
const struct config_loyalty *loyalty_programme(void);

/* Points earned for spending amount (minor units of currency). */
int64_t loyalty_points_for(int64_t amount, const char *currency);
/* The tier for a value on the programme's basis: lifetime spend in minor
 * units of the programme currency, or points over 365 days. */
const struct config_tier *loyalty_tier_for(int64_t value);
/* The next tier above value, or NULL at the top. */
const struct config_tier *loyalty_next_tier(int64_t value);
/* A tier's threshold in the basis unit (minor units for spend). */
int64_t loyalty_tier_threshold(const struct config_tier *t);

struct loyalty_standing {
	const char *tier, *next_tier;   /* next_tier NULL at the top */
	int64_t to_next;                /* basis units (minor units or points) */
	int64_t spend, points, points365;
	int by_points;
};

/* The customer's standing now: balance and spend as settled, points of the
 * last 365 days from the ledger, the tier on the programme's basis. 0, 1 when
 * the customer has no loyalty account, -1 on a database error. */
int loyalty_standing(struct db *db, int64_t customer, int64_t now, struct loyalty_standing *s);

/* Brings the customer's account up to date inside the caller's write
 * transaction: one ledger row per change of points owed for each order
 * (purchase, or refund clawing back), the referral bonus on a referred
 * customer's first paid order (for both), expired points; then balance,
 * lifetime spend and tier. A clawback never takes the balance below zero.
 * Creates the account (with a referral code) when missing. order_id: only
 * that order changed (0: look at every order of the customer). 0 or -1. */
int loyalty_settle(struct db *db, int64_t customer, int64_t order_id, int64_t now);

/* The customer's account, created with a fresh referral code if missing. */
int loyalty_account(struct db *db, int64_t customer, int64_t now);

#endif
