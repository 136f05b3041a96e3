/* client.h: how the CLI and the TUI reach the operations. Normally through
 * the server for the database (started in the background when none runs and
 * the caller owns the database, as tmux does); with CLIENT_LOCAL, in-process,
 * for scripts, tests and the commands that create databases. */
#ifndef AFTERCARE_CLIENT_H
#define AFTERCARE_CLIENT_H

#include <jansson.h>

#include "ops/ops.h"

struct client;

enum client_flags {
	CLIENT_LOCAL = 1 << 0,  /* run operations in this process */
	CLIENT_CREATE = 1 << 1, /* (local) create and initialise a missing database */
};

/* Opens the database at db_path for the calling user. socket_path may be
 * NULL for the default. NULL with *err (translated, one line; caller frees)
 * on failure. */
/* The --config a server started by client_open should be given (NULL:
 * the default). The string must outlive the clients. */
void client_set_config_path(const char *path);
/* The configuration in-process operations see (accounts for replies). */
struct config;
void client_set_config(const struct config *cfg);
/* How long a call waits for its answer (default 60 s). */
void client_set_call_timeout(struct client *c, int ms);
struct client *client_open(const char *db_path, const char *socket_path, int flags, char **err);
/* Runs operation name with params (borrowed, may be NULL). Returns a new
 * reference, or NULL with err set. */
json_t *client_call(struct client *c, const char *name, json_t *params, struct op_error *err);
/* The socket to poll() for server events, or -1 for a local client. */
int client_fd(struct client *c);
/* Reads whatever the server has sent, without waiting, queueing events.
 * Returns 0, or -1 when the connection is gone. */
int client_pump(struct client *c);
/* The oldest queued event ({"event": NAME, ...}; new reference), or NULL. */
json_t *client_next_event(struct client *c);
/* The database connection of a local client (NULL through a server), for
 * the tools that are not operations (init, demo). */
struct db *client_db(struct client *c);
void client_close(struct client **c);

#endif
