/* order.c: order.show, one order with its items and shipments. */
#include "config.h"

#include <stdlib.h>

#include "core/orders.h"
#include "ops/ops.h"
#include "util/i18n.h"

static json_t *
order_show(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t id = op_int(params, "id", 0);
	char *why = NULL;
	json_t *o = orders_get(ctx->db, id, &why);

	if (o == NULL && why != NULL) {
		op_error_set(err, OP_E_DB, "%s", why);
		free(why);
	} else if (o == NULL) {
		op_error_set(err, OP_E_NOT_FOUND, _("no order %lld"), (long long)id);
	}
	return o;
}

static const struct op_param order_show_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_order_show = {
	"order.show", ROLE_AGENT, order_show_params, order_show,
	N_("show an order with its items and shipments"), 0,
};
