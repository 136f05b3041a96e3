/* client.h: how the CLI and the TUI reach the operations. Today every call
 * runs in-process against the database; the server issue adds a socket
 * transport behind the same three functions. */
#ifndef AFTERCARE_CLIENT_H
#define AFTERCARE_CLIENT_H

#include <jansson.h>

#include "ops/ops.h"

struct client;

enum client_flags {
	CLIENT_CREATE = 1 << 0, /* create and initialise a missing database */
};

/* Opens the database at db_path for the calling user. NULL with *err
 * (translated, one line; caller frees) on failure. */
struct client *client_open(const char *db_path, int flags, char **err);
/* Runs operation name with params (borrowed, may be NULL). Returns a new
 * reference, or NULL with err set. */
json_t *client_call(struct client *c, const char *name, json_t *params, struct op_error *err);
/* The database connection, for the few in-process tools (init, demo) that
 * are not operations. */
struct db *client_db(struct client *c);
void client_close(struct client **c);

#endif
