/* file.c: see file.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

char *
file_read(const char *path, size_t max, size_t *len, char **err)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	struct buf b;
	char chunk[65536];
	ssize_t n;

	*err = NULL;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		*err = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
		if (fd > STDIN_FILENO)
			close(fd);
		return NULL;
	}
	if (fd != STDIN_FILENO && !S_ISREG(sb.st_mode)) {
		*err = xasprintf(_("%s is not a regular file"), path);
		close(fd);
		return NULL;
	}
	buf_init(&b, max);
	while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)) {
		if (n > 0 && buf_add(&b, chunk, (size_t)n) != 0) {
			*err = xasprintf(_("%s is larger than %zu KiB"), path, max / 1024);
			break;
		}
	}
	if (n < 0 && *err == NULL)
		*err = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
	if (fd != STDIN_FILENO)
		close(fd);
	if (*err != NULL) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return buf_take(&b);
}
