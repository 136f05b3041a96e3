/* loyalty.c: built-in loyalty programme rules. */
#include "config.h"

#include <stddef.h>

#include "core/loyalty.h"

const struct loyalty_tier loyalty_tiers[] = {
	{ "Bronze", 0 },
	{ "Silver", 25000 },
	{ "Gold", 75000 },
	{ "Platinum", 200000 },
};
const int loyalty_tier_count = sizeof loyalty_tiers / sizeof loyalty_tiers[0];

const struct loyalty_tier *
loyalty_tier_for_spend(int64_t spend)
{
	int i;

	for (i = loyalty_tier_count - 1; i > 0; i--)
		if (spend >= loyalty_tiers[i].min_spend)
			break;
	return &loyalty_tiers[i];
}

const struct loyalty_tier *
loyalty_next_tier(int64_t spend)
{
	int i;

	for (i = 0; i < loyalty_tier_count; i++)
		if (spend < loyalty_tiers[i].min_spend)
			return &loyalty_tiers[i];
	return NULL;
}

int64_t
loyalty_points_for(int64_t amount)
{
	if (amount <= 0)
		return 0;
	return amount / 100 * LOYALTY_POINTS_PER_UNIT;
}
