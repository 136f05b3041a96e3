/* log.c: one line per event, sanitised, with a UTC timestamp. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

static int log_fd = STDERR_FILENO;

void
log_set_fd(int fd)
{
	log_fd = fd;
}

void
log_msg(const char *fmt, ...)
{
	va_list ap;
	char *msg, *safe, *line, stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	ssize_t ignored;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	safe = text_sanitize_ascii(msg, strlen(msg), TEXT_LINE);
	line = xasprintf("%s aftercare[%ld]: %s\n", stamp, (long)getpid(), safe);
	ignored = write(log_fd, line, strlen(line));
	(void)ignored;
	free(line);
	free(safe);
	free(msg);
}
