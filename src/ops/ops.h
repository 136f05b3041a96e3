/* ops.h: the one table of operations. Every capability is an entry with a
 * name, a minimum role, a parameter schema and a handler taking a JSON object
 * and returning one. The CLI, the TUI and the server all go through
 * ops_call(); nothing in a handler may assume it runs in the caller's
 * process (no stdout, no terminal, no cwd, no caller's environment). */
#ifndef AFTERCARE_OPS_H
#define AFTERCARE_OPS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum role {
	ROLE_NONE = 0,
	ROLE_AGENT = 1,
	ROLE_LEAD = 2,
	ROLE_ADMIN = 3,
};
const char *role_name(enum role r);
/* Returns ROLE_NONE for an unknown name. */
enum role role_from_name(const char *s);

enum op_param_type {
	OP_STRING,
	OP_INT,
	OP_BOOL,
	OP_LIST,   /* a list of flat objects; max_len: the most elements */
};

struct op_param {
	const char *name;
	enum op_param_type type;
	int required;
	size_t max_len;   /* OP_STRING: bytes; 0 means the default cap */
	int64_t min, max; /* OP_INT: inclusive range */
};

/* Who is calling: resolved by the server from socket credentials, or the
 * database owner for in-process calls. */
struct op_caller {
	int64_t agent_id; /* 0 when the caller has no agents row */
	const char *login;
	enum role role;
};

struct config;

struct op_ctx {
	struct db *db;
	const struct op_caller *caller;
	const struct config *cfg; /* accounts (for replies); may be NULL */
};

/* Error codes are stable strings that clients may test for. */
#define OP_E_INVALID   "invalid_params"
#define OP_E_NOT_FOUND "not_found"
#define OP_E_FORBIDDEN "forbidden"
#define OP_E_UNKNOWN   "unknown_operation"
#define OP_E_CONFLICT  "conflict"
#define OP_E_DB        "database_error"
#define OP_E_INTERNAL  "internal_error"

struct op_error {
	const char *code;  /* one of OP_E_*; NULL when no error */
	char *message;     /* translated, one line; owned, freed by op_error_clear */
};

/* Flags of an operation. */
#define OP_WRITES 0x1 /* changes the database: subscribers hear of it */

typedef json_t *(*op_handler)(struct op_ctx *ctx, json_t *params, struct op_error *err);

struct op_entry {
	const char *name;
	enum role min_role;
	const struct op_param *params; /* terminated by a NULL name */
	op_handler handler;
	const char *summary;           /* N_() marked, for help */
	unsigned flags;                /* OP_* */
};

/* The default cap for string parameters that do not set one. */
#define OP_STRING_MAX 4096

/* All operations, NULL-terminated. */
extern const struct op_entry *const ops_table[];

const struct op_entry *ops_find(const char *name);
/* Checks the caller's role, validates params against the schema (missing,
 * wrong type, out of range, oversized, unknown keys), then runs the handler.
 * params may be NULL (no parameters). Returns a new reference, or NULL with
 * err set. */
json_t *ops_call(struct op_ctx *ctx, const char *name, json_t *params, struct op_error *err);

void op_error_set(struct op_error *err, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void op_error_clear(struct op_error *err);

/* Helpers for handlers: a validated parameter, or the fallback when absent. */
const char *op_str(json_t *params, const char *name, const char *fallback);
int64_t op_int(json_t *params, const char *name, int64_t fallback);
int op_bool(json_t *params, const char *name, int fallback);

/* The parameters of reads that hand out stored bytes in hex chunks:
 * id, and the offset to go on from (attachment.read, message.raw). */
extern const struct op_param op_chunked_read_params[];

/* The operations, one file each area. */
extern const struct op_entry op_ticket_list;
extern const struct op_entry op_ticket_show;
extern const struct op_entry op_customer_show;
extern const struct op_entry op_customer_search;
extern const struct op_entry op_stats_summary;
extern const struct op_entry op_stats_queue;
extern const struct op_entry op_ticket_status;
extern const struct op_entry op_ticket_priority;
extern const struct op_entry op_ticket_assign;
extern const struct op_entry op_ticket_tag;
extern const struct op_entry op_agent_add;
extern const struct op_entry op_agent_list;
extern const struct op_entry op_attachment_read;
extern const struct op_entry op_message_raw;
extern const struct op_entry op_template_list;
extern const struct op_entry op_template_render;
extern const struct op_entry op_template_check;
extern const struct op_entry op_ticket_reply;
extern const struct op_entry op_outbox_list;
extern const struct op_entry op_outbox_retry;
extern const struct op_entry op_outbox_cancel;
extern const struct op_entry op_loyalty_grant;
extern const struct op_entry op_loyalty_redeem;
extern const struct op_entry op_loyalty_refer;
extern const struct op_entry op_order_show;
extern const struct op_entry op_return_options;
extern const struct op_entry op_catalog_variants;
extern const struct op_entry op_return_quote;
extern const struct op_entry op_return_create;
extern const struct op_entry op_return_list;
extern const struct op_entry op_return_show;
extern const struct op_entry op_return_act;

#endif
