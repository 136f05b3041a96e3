/* selfexec.h: the command line to run this program again for the same
 * database and configuration ("aftercare [--config C] --db DB server ..."),
 * as the client does to start a server and the server to start a fetcher:
 * a fresh process, never a fork of one holding SQLite state. */
#ifndef AFTERCARE_UTIL_SELFEXEC_H
#define AFTERCARE_UTIL_SELFEXEC_H

#define SELF_ARGV_MAX 16

struct self_argv {
	char exe[4096];
	char *argv[SELF_ARGV_MAX + 1];
	int argc;
};

/* exe [--config config] --db db server. -1 (errno set) when this program
 * cannot be found. */
int self_argv_init(struct self_argv *a, const char *config, const char *db);
/* The same with another command than server (cmd is not copied). */
int self_argv_cmd(struct self_argv *a, const char *config, const char *db, const char *cmd);
/* Appends arg (not copied: it must outlive the spawn). */
void self_argv_add(struct self_argv *a, const char *arg);

#endif
