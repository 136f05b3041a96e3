/* syncer.h: one child process per mail account, started by the server. It
 * keeps its folders current (IMAP IDLE with a NOOP-polling fallback, POP3
 * polling), reconnects with backoff, and talks to the server over a
 * socketpair in frames (util/frame.h):
 *   server -> syncer  {"op":"sync","req":N}      sync now
 *   syncer -> server  {"type":"state","state":S,"error":E|null,"retry":T|null}
 *                     {"type":"new","messages":N,"new_tickets":K,"tickets":[..]}
 *                     {"type":"synced","reqs":[..],"messages":N,"new_tickets":K,
 *                      "known":D,"tickets":[..],"error":E|null}
 * A crash, a hang in libetpan or a hostile server costs this process, not
 * the server; it dies with the server (PR_SET_PDEATHSIG). */
#ifndef AFTERCARE_SERVER_SYNCER_H
#define AFTERCARE_SERVER_SYNCER_H

#include <sys/types.h>

#include "util/settings.h"

/* Starts the syncer for the account called name: a fresh process of this
 * program ("server --fetcher NAME", so that no SQLite state crosses a
 * fork), reading the same configuration file. Returns its pid and sets *fd
 * to the server's end of the socketpair (the child's fd 3), or -1. */
pid_t syncer_spawn(const char *db_path, const char *config_path, const char *name, int *fd);

/* The syncer process itself, on fd 3; never returns. */
void syncer_main(const char *db_path, const struct config *cfg, const char *name,
    pid_t parent) __attribute__((noreturn));

#endif
