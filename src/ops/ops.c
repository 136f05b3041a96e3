/* ops.c: the operation table and the dispatcher that guards it. Parameter
 * checking lives here, once, so a handler only ever sees well-typed input
 * within its declared limits. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

const struct op_entry *const ops_table[] = {
	&op_ticket_list,
	&op_ticket_show,
	&op_customer_show,
	&op_customer_search,
	&op_stats_summary,
	&op_stats_queue,
	&op_ticket_status,
	&op_ticket_priority,
	&op_ticket_assign,
	&op_ticket_tag,
	&op_agent_add,
	&op_agent_list,
	&op_attachment_read,
	&op_message_raw,
	&op_template_list,
	&op_template_render,
	&op_template_check,
	&op_ticket_reply,
	&op_outbox_list,
	&op_outbox_retry,
	&op_outbox_cancel,
	&op_loyalty_grant,
	&op_loyalty_redeem,
	&op_loyalty_refer,
	&op_order_show,
	&op_return_options,
	&op_catalog_variants,
	&op_return_quote,
	&op_return_create,
	&op_return_list,
	&op_return_show,
	&op_return_act,
	NULL,
};

static const char *const role_names[] = { "none", "agent", "lead", "admin" };

const char *
role_name(enum role r)
{
	if ((int)r < 0 || r > ROLE_ADMIN)
		return "none";
	return role_names[r];
}

enum role
role_from_name(const char *s)
{
	int i;

	for (i = ROLE_AGENT; i <= ROLE_ADMIN; i++)
		if (s != NULL && strcmp(s, role_names[i]) == 0)
			return (enum role)i;
	return ROLE_NONE;
}

void
op_error_set(struct op_error *err, const char *code, const char *fmt, ...)
{
	va_list ap;

	free(err->message);
	err->code = code;
	va_start(ap, fmt);
	err->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void
op_error_clear(struct op_error *err)
{
	free(err->message);
	err->message = NULL;
	err->code = NULL;
}

const struct op_entry *
ops_find(const char *name)
{
	int i;

	for (i = 0; ops_table[i] != NULL; i++)
		if (strcmp(ops_table[i]->name, name) == 0)
			return ops_table[i];
	return NULL;
}

static const struct op_param *
find_param(const struct op_entry *op, const char *name)
{
	const struct op_param *p;

	for (p = op->params; p != NULL && p->name != NULL; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* A list of at most max_len flat objects whose values are strings (capped,
 * without NUL), integers or booleans; the handler checks their meaning. */
static int
check_list(const struct op_entry *op, const struct op_param *p, json_t *v,
    struct op_error *err)
{
	size_t max = p->max_len != 0 ? p->max_len : 100, i;
	const char *k;
	json_t *o, *f;

	if (!json_is_array(v) || json_array_size(v) > max) {
		op_error_set(err, OP_E_INVALID, _("%s: parameter '%s' must be a list of at most %zu "
		    "objects"), op->name, p->name, max);
		return -1;
	}
	json_array_foreach(v, i, o) {
		if (!json_is_object(o))
			goto bad;
		json_object_foreach(o, k, f) {
			if (json_is_string(f) && (json_string_length(f) > OP_STRING_MAX ||
			    strlen(json_string_value(f)) != json_string_length(f)))
				goto bad;
			if (!json_is_string(f) && !json_is_integer(f) && !json_is_boolean(f))
				goto bad;
		}
	}
	return 0;
bad:
	op_error_set(err, OP_E_INVALID, _("%s: item %zu of '%s' must be an object of plain "
	    "values"), op->name, i + 1, p->name);
	return -1;
}

static int
check_value(const struct op_entry *op, const struct op_param *p, json_t *v,
    struct op_error *err)
{
	size_t max = p->max_len != 0 ? p->max_len : OP_STRING_MAX;

	switch (p->type) {
	case OP_STRING:
		if (!json_is_string(v)) {
			op_error_set(err, OP_E_INVALID, _("%s: parameter '%s' must be a string"),
			    op->name, p->name);
			return -1;
		}
		if (json_string_length(v) > max) {
			op_error_set(err, OP_E_INVALID,
			    _("%s: parameter '%s' is too long (%zu bytes, at most %zu)"),
			    op->name, p->name, json_string_length(v), max);
			return -1;
		}
		if (strlen(json_string_value(v)) != json_string_length(v)) {
			op_error_set(err, OP_E_INVALID,
			    _("%s: parameter '%s' contains a NUL character"), op->name, p->name);
			return -1;
		}
		return 0;
	case OP_INT:
		if (!json_is_integer(v)) {
			op_error_set(err, OP_E_INVALID, _("%s: parameter '%s' must be an integer"),
			    op->name, p->name);
			return -1;
		}
		if (json_integer_value(v) < p->min || json_integer_value(v) > p->max) {
			op_error_set(err, OP_E_INVALID,
			    _("%s: parameter '%s' must be between %lld and %lld"), op->name,
			    p->name, (long long)p->min, (long long)p->max);
			return -1;
		}
		return 0;
	case OP_BOOL:
		if (!json_is_boolean(v)) {
			op_error_set(err, OP_E_INVALID, _("%s: parameter '%s' must be true or false"),
			    op->name, p->name);
			return -1;
		}
		return 0;
	case OP_LIST:
		return check_list(op, p, v, err);
	}
	fatal("check_value: bad type");
}

static int
check_params(const struct op_entry *op, json_t *params, struct op_error *err)
{
	const struct op_param *p;
	const char *key;
	json_t *v;

	if (params != NULL && !json_is_object(params)) {
		op_error_set(err, OP_E_INVALID, _("%s: parameters must be a JSON object"), op->name);
		return -1;
	}
	json_object_foreach(params, key, v) {
		if ((p = find_param(op, key)) == NULL) {
			op_error_set(err, OP_E_INVALID, _("%s: unknown parameter '%s'"), op->name, key);
			return -1;
		}
		if (json_is_null(v) && !p->required)
			continue;
		if (check_value(op, p, v, err) != 0)
			return -1;
	}
	for (p = op->params; p != NULL && p->name != NULL; p++) {
		v = params != NULL ? json_object_get(params, p->name) : NULL;
		if (p->required && (v == NULL || json_is_null(v))) {
			op_error_set(err, OP_E_INVALID, _("%s: missing parameter '%s'"), op->name,
			    p->name);
			return -1;
		}
	}
	return 0;
}

json_t *
ops_call(struct op_ctx *ctx, const char *name, json_t *params, struct op_error *err)
{
	const struct op_entry *op = ops_find(name);
	json_t *empty = NULL, *res;

	op_error_clear(err);
	if (op == NULL) {
		op_error_set(err, OP_E_UNKNOWN, _("unknown operation '%s'"), name);
		return NULL;
	}
	if (ctx->caller == NULL || ctx->caller->role < op->min_role) {
		op_error_set(err, OP_E_FORBIDDEN, _("%s needs the %s role"), op->name,
		    role_name(op->min_role));
		return NULL;
	}
	if (check_params(op, params, err) != 0)
		return NULL;
	if (params == NULL)
		params = empty = json_object();
	res = op->handler(ctx, params, err);
	json_decref(empty);
	if (res == NULL && err->code == NULL)
		op_error_set(err, OP_E_INTERNAL, _("%s failed"), op->name);
	if (res != NULL && err->code != NULL)
		op_error_clear(err);
	return res;
}

const char *
op_str(json_t *params, const char *name, const char *fallback)
{
	json_t *v = json_object_get(params, name);

	return json_is_string(v) ? json_string_value(v) : fallback;
}

int64_t
op_int(json_t *params, const char *name, int64_t fallback)
{
	json_t *v = json_object_get(params, name);

	return json_is_integer(v) ? json_integer_value(v) : fallback;
}

int
op_bool(json_t *params, const char *name, int fallback)
{
	json_t *v = json_object_get(params, name);

	return json_is_boolean(v) ? json_is_true(v) : fallback;
}
