/* stats.h: queue counts for the status line and `stats.summary`. */
#ifndef AFTERCARE_CORE_STATS_H
#define AFTERCARE_CORE_STATS_H

#include <jansson.h>

struct db;

/* {"total", "by_status": {...}, "by_channel": {...}, "customers",
 * "open_returns"}; every status and channel appears, with 0 if empty.
 * NULL with *err on failure. */
json_t *stats_summary(struct db *db, char **err);
/* Only "total", "by_status" and "by_channel", from the counters: constant
 * time, for the status line. */
json_t *stats_queue(struct db *db, char **err);

#endif
