/* audit.h: the append-only record of who changed what. */
#ifndef AFTERCARE_CORE_AUDIT_H
#define AFTERCARE_CORE_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "ops/ops.h"

struct db;

/* Appends one entry inside the caller's transaction. detail may be NULL.
 * Returns 0 or -1 (the caller rolls back). */
int audit_log(struct db *db, const struct op_caller *who, const char *action,
    const char *object_type, int64_t object_id, json_t *detail);

#endif
