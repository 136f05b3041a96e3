/* loyalty.h: the loyalty programme's rules (tiers, points per spend). The
 * defaults here are what the demo shop uses until the config issue makes
 * them configurable. */
#ifndef AFTERCARE_CORE_LOYALTY_H
#define AFTERCARE_CORE_LOYALTY_H

#include <stdint.h>

struct loyalty_tier {
	const char *name;   /* "Bronze", ... (a programme name, not translated) */
	int64_t min_spend;  /* lifetime spend in shop-currency minor units */
};

/* Tiers in ascending order of min_spend; the first has min_spend 0. */
extern const struct loyalty_tier loyalty_tiers[];
extern const int loyalty_tier_count;
/* The shop's base currency for lifetime spend. */
#define LOYALTY_SHOP_CURRENCY "EUR"
/* Points earned per whole unit of shop currency spent. */
#define LOYALTY_POINTS_PER_UNIT 1

/* The tier for a lifetime spend (never NULL). */
const struct loyalty_tier *loyalty_tier_for_spend(int64_t spend);
/* The next tier above spend, or NULL at the top. */
const struct loyalty_tier *loyalty_next_tier(int64_t spend);
/* Points earned for spending amount (shop-currency minor units). */
int64_t loyalty_points_for(int64_t amount);

#endif
