/* server.h: `aftercare server`, the one process that owns a database. It
 * listens on a Unix socket, tells callers apart by their peer credentials
 * and runs the operation table for them, tmux-style. */
#ifndef AFTERCARE_SERVER_H
#define AFTERCARE_SERVER_H

#include <stddef.h>

struct config;

struct server_opts {
	const char *db_path;
	const char *socket_path;
	int foreground;     /* else detach once the socket is listening */
	int idle_exit;      /* seconds without clients before exiting; 0: never */
	size_t max_frame;   /* bytes; 0: FRAME_MAX_DEFAULT */
	const struct config *cfg; /* mail accounts and limits; may be NULL */
	const char *config_path;  /* the file cfg came from, for the fetchers */
};

/* Runs until stopped. Returns 0 on a clean stop, or -1 with *err (one
 * translated line; caller frees) when it could not start. When detaching,
 * the parent returns 0 as soon as the server is ready. */
int server_run(const struct server_opts *o, char **err);

#endif
