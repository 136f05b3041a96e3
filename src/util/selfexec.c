/* selfexec.c: see selfexec.h. */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "util/selfexec.h"

void
self_argv_add(struct self_argv *a, const char *arg)
{
	if (a->argc < SELF_ARGV_MAX)
		a->argv[a->argc++] = (char *)arg;
	a->argv[a->argc] = NULL;
}

int
self_argv_init(struct self_argv *a, const char *config, const char *db)
{
	return self_argv_cmd(a, config, db, "server");
}

int
self_argv_cmd(struct self_argv *a, const char *config, const char *db, const char *cmd)
{
	ssize_t n = readlink("/proc/self/exe", a->exe, sizeof a->exe - 1);

	a->argc = 0;
	a->argv[0] = NULL;
	if (n <= 0) {
		if (n == 0)
			errno = ENOENT;
		return -1;
	}
	a->exe[n] = '\0';
	self_argv_add(a, a->exe);
	if (config != NULL) {
		self_argv_add(a, "--config");
		self_argv_add(a, config);
	}
	self_argv_add(a, "--db");
	self_argv_add(a, db);
	self_argv_add(a, cmd);
	return 0;
}
