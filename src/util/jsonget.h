/* jsonget.h: reading fields of operation results that may be missing or
 * null, for every layer that formats them (CLI, TUI, store adapters). */
#ifndef AFTERCARE_UTIL_JSONGET_H
#define AFTERCARE_UTIL_JSONGET_H

#include <jansson.h>
#include <stdint.h>

const char *js(json_t *o, const char *key);   /* "" when absent/null */
int64_t ji(json_t *o, const char *key);       /* 0 when absent/null */
int jnull(json_t *o, const char *key);        /* 1 when absent or null */

#endif
