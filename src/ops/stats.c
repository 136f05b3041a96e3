/* stats.c: stats.summary. */
#include "config.h"

#include <stdlib.h>

#include "core/stats.h"
#include "ops/ops.h"
#include "util/i18n.h"

static json_t *
stats_summary_op(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	char *dberr = NULL;
	json_t *res = stats_summary(ctx->db, &dberr);

	if (res == NULL) {
		op_error_set(err, OP_E_DB, "%s", dberr);
		free(dberr);
	}
	return res;
}

static json_t *
stats_queue_op(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	char *dberr = NULL;
	json_t *res = stats_queue(ctx->db, &dberr);

	if (res == NULL) {
		op_error_set(err, OP_E_DB, "%s", dberr);
		free(dberr);
	}
	return res;
}

static const struct op_param stats_summary_params[] = {
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_stats_summary = {
	"stats.summary", ROLE_AGENT, stats_summary_params, stats_summary_op,
	N_("count tickets by status and channel"), 0,
};

const struct op_entry op_stats_queue = {
	"stats.queue", ROLE_AGENT, stats_summary_params, stats_queue_op,
	N_("count tickets by status and channel (the status line's numbers)"), 0,
};
