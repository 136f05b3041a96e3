/* fuzz_values.c: libFuzzer target for the hand-written value parsers of
 * imported orders: amounts into minor units and dates into epoch seconds.
 * An accepted amount prints back to the same number; nothing crashes. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/orders-csv.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size), back[64];
	int64_t v, w, t;

	if (orders_parse_money(s, "EUR", &v) == 0) {
		if (v < 0)
			abort();
		snprintf(back, sizeof back, "%" PRId64 ".%02" PRId64, v / 100, v % 100);
		if (orders_parse_money(back, "EUR", &w) != 0 || w != v)
			abort();
	}
	if (orders_parse_money(s, "JPY", &v) == 0 && v < 0)
		abort();
	if (orders_parse_time(s, &t) == 0 && t < -86400)
		abort();
	free(s);
	return 0;
}
