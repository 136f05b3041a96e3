/* cli.h: the command-line client: argument parsing for each command, a call
 * to an operation, and text or --json output. */
#ifndef AFTERCARE_CLI_H
#define AFTERCARE_CLI_H

#include <jansson.h>
#include <stdio.h>

struct client;

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
};

struct config;

struct cli {
	const char *db_arg;      /* --db, or NULL */
	const char *config_path; /* --config, or NULL */
	const char *argv0;
	const char *socket_path; /* --socket, or NULL for the default */
	int no_server;           /* --no-server: run operations in-process */
	char **binds;            /* key bindings from the configuration */
	int nbinds;
	const struct config *cfg; /* the whole configuration */
	const char *config_file;  /* where it was read from (may not exist) */
};

struct cli_cmd {
	const char *name;   /* "ticket" */
	const char *sub;    /* "list", or NULL for single-word commands */
	int (*run)(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv);
	const char *usage;  /* options after the command words */
	const char *help;   /* N_() one-paragraph description */
};

extern const struct cli_cmd cli_commands[];

/* Runs argv (the command words first). Returns an exit code. */
int cli_run(struct cli *cli, int argc, char **argv);
void cli_usage(FILE *fp);
void cli_cmd_help(const struct cli_cmd *cmd, FILE *fp);
/* Prints "aftercare: msg" as one sanitised line on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error for cmd: message, then a hint to --help. Returns EXIT_USAGE. */
int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Opens the client for the chosen database, or prints why not. */
struct client *cli_client(struct cli *cli, int flags);
/* Calls an operation; on failure prints the error and returns NULL with
 * *code set to the exit code to use. */
json_t *cli_call(struct client *c, const char *op, json_t *params, int *code);
/* Prints a result as indented JSON on stdout. */
void cli_print_json(json_t *v);
/* Parses a positive integer option value; -1 if it is not one. */
long long cli_parse_count(const char *s, long long max);

/* params[key] = val; -1 (nothing set) if val is not valid UTF-8. */
int cli_set_str(json_t *params, const char *key, const char *val);
/* Prints an order's items and shipments, each line prefixed by indent. */
void cli_print_order_details(json_t *o, const char *indent);

/* Asks a running server of db_path to stop and waits for it; quiet when
 * none runs. */
void cli_stop_server(struct cli *cli, const char *db_path);

/* Opens the full-screen interface on db_path (NULL: the chosen database). */
int cli_tui(struct cli *cli, const char *db_path);

/* Commands. */
int cmd_init(struct cli *, const struct cli_cmd *, int, char **);
int cmd_demo(struct cli *, const struct cli_cmd *, int, char **);
int cmd_ticket_list(struct cli *, const struct cli_cmd *, int, char **);
int cmd_ticket_show(struct cli *, const struct cli_cmd *, int, char **);
int cmd_ticket_edit(struct cli *, const struct cli_cmd *, int, char **);
int cmd_customer_show(struct cli *, const struct cli_cmd *, int, char **);
int cmd_customer_search(struct cli *, const struct cli_cmd *, int, char **);
int cmd_loyalty_grant(struct cli *, const struct cli_cmd *, int, char **);
int cmd_loyalty_refer(struct cli *, const struct cli_cmd *, int, char **);
int cmd_return(struct cli *, const struct cli_cmd *, int, char **);
int cmd_sync(struct cli *, const struct cli_cmd *, int, char **);
int cmd_stats(struct cli *, const struct cli_cmd *, int, char **);
int cmd_op(struct cli *, const struct cli_cmd *, int, char **);
int cmd_server(struct cli *, const struct cli_cmd *, int, char **);
int cmd_import(struct cli *, const struct cli_cmd *, int, char **);
int cmd_import_orders(struct cli *, const struct cli_cmd *, int, char **);
int cmd_fetch(struct cli *, const struct cli_cmd *, int, char **);
int cmd_attachment_save(struct cli *, const struct cli_cmd *, int, char **);
int cmd_message_raw(struct cli *, const struct cli_cmd *, int, char **);
int cmd_template_list(struct cli *, const struct cli_cmd *, int, char **);
int cmd_template_show(struct cli *, const struct cli_cmd *, int, char **);
int cmd_template_check(struct cli *, const struct cli_cmd *, int, char **);
int cmd_reply(struct cli *, const struct cli_cmd *, int, char **);
int cmd_outbox(struct cli *, const struct cli_cmd *, int, char **);
int cmd_outbox_act(struct cli *, const struct cli_cmd *, int, char **);
int cmd_server_stop(struct cli *, const struct cli_cmd *, int, char **);
int cmd_agent_add(struct cli *, const struct cli_cmd *, int, char **);
int cmd_agent_list(struct cli *, const struct cli_cmd *, int, char **);

#endif
