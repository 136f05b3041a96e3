/* customer.c: customer.show and customer.search. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/customers.h"
#include "db/db.h"
#include "ops/ops.h"
#include "util/i18n.h"

static json_t *
customer_show(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *email = op_str(params, "email", NULL);
	int64_t id = op_int(params, "id", 0);
	char *dberr = NULL;
	json_t *res;

	if ((email == NULL) == (id == 0)) {
		op_error_set(err, OP_E_INVALID,
		    _("customer.show: give exactly one of 'email' and 'id'"));
		return NULL;
	}
	if (email != NULL) {
		int rc = customers_find(ctx->db, "email", email, &id);

		if (rc < 0) {
			op_error_set(err, OP_E_DB, _("database error: %s"), db_errmsg(ctx->db));
			return NULL;
		}
		if (rc == 0) {
			op_error_set(err, OP_E_NOT_FOUND, _("no customer with the address %s"), email);
			return NULL;
		}
	}
	res = customers_show(ctx->db, id, &dberr);
	if (res == NULL && dberr != NULL) {
		op_error_set(err, OP_E_DB, "%s", dberr);
		free(dberr);
	} else if (res == NULL) {
		op_error_set(err, OP_E_NOT_FOUND, _("no customer #%lld"), (long long)id);
	}
	return res;
}

static json_t *
customer_search(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	const char *q = op_str(params, "query", "");
	char *dberr = NULL;
	json_t *res;

	if (q[0] == '\0') {
		op_error_set(err, OP_E_INVALID, _("customer.search: the query is empty"));
		return NULL;
	}
	res = customers_search(ctx->db, q, (int)op_int(params, "limit", 20), &dberr);
	if (res == NULL) {
		op_error_set(err, OP_E_DB, "%s", dberr);
		free(dberr);
	}
	return res;
}

static const struct op_param customer_show_params[] = {
	{ "email", OP_STRING, 0, 320, 0, 0 },
	{ "id", OP_INT, 0, 0, 1, INT64_MAX },
	{ NULL, 0, 0, 0, 0, 0 },
};

static const struct op_param customer_search_params[] = {
	{ "query", OP_STRING, 1, 200, 0, 0 },
	{ "limit", OP_INT, 0, 0, 1, 200 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_customer_show = {
	"customer.show", ROLE_AGENT, customer_show_params, customer_show,
	N_("show a customer with orders, loyalty, returns, surveys and tickets"), 0,
};

const struct op_entry op_customer_search = {
	"customer.search", ROLE_AGENT, customer_search_params, customer_search,
	N_("find customers by name, email or phone"), 0,
};
