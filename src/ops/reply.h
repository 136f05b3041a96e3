/* reply.h: writing a reply (queued in the outbox) or an internal note on a
 * ticket inside the caller's write transaction, for the operations that
 * tell the customer something as part of a larger change (returns). */
#ifndef AFTERCARE_OPS_REPLY_H
#define AFTERCARE_OPS_REPLY_H

#include <stdint.h>

#include <jansson.h>

#include "ops/ops.h"

/* Adds body to ticket id: a note when note is set, else a reply frozen with
 * its Message-ID and queued for the account called account (NULL: the first
 * that can send). set_status: the ticket takes mail { reply_status }. The
 * audit entry is written too. Returns {"ticket","message","kind",...} or
 * NULL with err set (the caller rolls back). */
json_t *reply_write(struct op_ctx *ctx, int64_t id, const char *body, const char *account,
    int note, int set_status, struct op_error *err);

#endif
