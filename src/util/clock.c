/* clock.c: wall-clock time with a test override. */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "util/clock.h"

int64_t
clock_now(void)
{
	const char *pin = getenv("AFTERCARE_NOW");

	if (pin != NULL && pin[0] != '\0') {
		char *end;
		long long v = strtoll(pin, &end, 10);

		if (*end == '\0' && v > 0)
			return v;
	}
	return (int64_t)time(NULL);
}

static double start_ms;

double
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void
clock_mark_start(void)
{
	start_ms = clock_ms();
}

double
clock_since_start_ms(void)
{
	return clock_ms() - start_ms;
}
