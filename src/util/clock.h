/* clock.h: the current time, which tests and the demo can pin with
 * AFTERCARE_NOW (UTC epoch seconds) so that output is reproducible. */
#ifndef AFTERCARE_CLOCK_H
#define AFTERCARE_CLOCK_H

#include <stdint.h>

int64_t clock_now(void);

#endif
