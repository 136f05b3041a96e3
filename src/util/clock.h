/* clock.h: the current time, which tests and the demo can pin with
 * AFTERCARE_NOW (UTC epoch seconds) so that output is reproducible. */
#ifndef AFTERCARE_CLOCK_H
#define AFTERCARE_CLOCK_H

#include <stdint.h>

int64_t clock_now(void);
/* Monotonic milliseconds (fractional), for measuring. */
double clock_ms(void);
/* Marks the process start (called first thing in main). */
void clock_mark_start(void);
/* Milliseconds since clock_mark_start(). */
double clock_since_start_ms(void);

#endif
