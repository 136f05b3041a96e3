/* save.c: see save.h. The name comes from a customer: it is reduced to its
 * last path component and sanitised, and the file is created with O_EXCL
 * and O_NOFOLLOW in the chosen directory, so nothing outside it is written
 * and nothing existing is replaced. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "client/client.h"
#include "client/save.h"
#include "ops/ops.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define NAME_MAX_BYTES 200

char *
save_safe_name(const char *name)
{
	const char *base = name != NULL ? name : "";
	const char *p;
	char *clean, *out, *q;
	size_t n;

	/* The last component, whichever separator the sender's system used. */
	for (p = base; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	clean = text_sanitize(base, strlen(base), TEXT_LINE, NULL);
	for (q = clean; *q != '\0'; q++)
		if (*q == '/' || *q == '\\' || *q == ':' || *q == '*' || *q == '?' || *q == '"' ||
		    *q == '<' || *q == '>' || *q == '|')
			*q = '_';
	p = clean;
	while (*p == '.' || *p == ' ' || *p == '-')
		p++;
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '.'))
		n--;
	if (n > NAME_MAX_BYTES) {
		n = NAME_MAX_BYTES;
		/* not in the middle of a UTF-8 sequence */
		while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
			n--;
	}
	out = n > 0 ? xstrndup(p, n) : xstrdup("attachment");
	free(clean);
	return out;
}

char *
save_default_dir(void)
{
	const char *home = getenv("HOME");

	return xasprintf("%s/aftercare-attachments", home != NULL && home[0] != '\0' ? home : ".");
}

/* Creates dir/name, or dir/"stem (N).ext" when it exists. */
static int
create_unique(const char *dir, const char *name, char **path)
{
	const char *dot = strrchr(name, '.');
	size_t stem = dot != NULL && dot != name ? (size_t)(dot - name) : strlen(name);
	int i, fd;

	for (i = 1; i < 1000; i++) {
		if (i == 1)
			*path = xasprintf("%s/%s", dir, name);
		else
			*path = xasprintf("%s/%.*s (%d)%s", dir, (int)stem, name, i, name + stem);
		fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		free(*path);
		*path = NULL;
	}
	errno = EEXIST;
	return -1;
}

static int
unhex(const char *hex, size_t len, unsigned char *out)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		int hi = hex[i] <= '9' ? hex[i] - '0' : hex[i] - 'a' + 10;
		int lo = hex[i + 1] <= '9' ? hex[i + 1] - '0' : hex[i + 1] - 'a' + 10;

		if (hi < 0 || hi > 15 || lo < 0 || lo > 15)
			return -1;
		out[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	return len % 2 == 0 ? 0 : -1;
}

char *
save_attachment(struct client *c, int64_t id, const char *dir, char **err)
{
	struct op_error oe = { 0 };
	json_t *p, *res;
	char *name = NULL, *path = NULL;
	int64_t offset = 0, size;
	int fd = -1;

	*err = NULL;
	if (dir == NULL || dir[0] == '\0') {
		*err = xstrdup(_("give a directory to save into"));
		return NULL;
	}
	for (;;) {
		const char *hex;
		size_t len;
		unsigned char *bytes;

		p = json_pack("{s:I,s:I}", "id", (json_int_t)id, "offset", (json_int_t)offset);
		res = client_call(c, "attachment.read", p, &oe);
		json_decref(p);
		if (res == NULL) {
			*err = xstrdup(oe.message != NULL ? oe.message : "?");
			op_error_clear(&oe);
			goto fail;
		}
		if (fd < 0) {
			if (paths_mkdir_p(dir) != 0) {
				*err = xasprintf(_("cannot create %s: %s"), dir, strerror(errno));
				json_decref(res);
				goto fail;
			}
			name = save_safe_name(json_string_value(json_object_get(res, "filename")));
			if ((fd = create_unique(dir, name, &path)) < 0) {
				*err = xasprintf(_("cannot save %s in %s: %s"), name, dir,
				    strerror(errno));
				json_decref(res);
				goto fail;
			}
		}
		size = json_integer_value(json_object_get(res, "size"));
		hex = json_string_value(json_object_get(res, "hex"));
		len = hex != NULL ? strlen(hex) : 0;
		bytes = xmalloc(len / 2 + 1);
		if (hex == NULL || unhex(hex, len, bytes) != 0 ||
		    write(fd, bytes, len / 2) != (ssize_t)(len / 2)) {
			*err = hex == NULL || unhex(hex, len, bytes) != 0 ?
			    xstrdup(_("the server sent a damaged attachment")) :
			    xasprintf(_("cannot write %s: %s"), path, strerror(errno));
			free(bytes);
			json_decref(res);
			goto fail;
		}
		free(bytes);
		json_decref(res);
		offset += (int64_t)(len / 2);
		if (offset >= size)
			break;
		if (len == 0) {
			*err = xasprintf(_("attachment %lld is shorter in the store than recorded "
			    "(%lld of %lld bytes)"), (long long)id, (long long)offset,
			    (long long)size);
			goto fail;
		}
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		*err = xasprintf(_("cannot write %s: %s"), path, strerror(errno));
		goto fail;
	}
	free(name);
	return path;
fail:
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	free(path);
	free(name);
	return NULL;
}

int
save_raw_message(struct client *c, int64_t id, int fd, const char *name, char **err)
{
	struct op_error oe = { 0 };
	int64_t offset = 0, size = 0;

	*err = NULL;
	do {
		const char *hex;
		unsigned char *bytes;
		json_t *p, *res;
		size_t len, done = 0;
		ssize_t n;

		p = json_pack("{s:I,s:I}", "id", (json_int_t)id, "offset", (json_int_t)offset);
		res = client_call(c, "message.raw", p, &oe);
		json_decref(p);
		if (res == NULL) {
			*err = xstrdup(oe.message != NULL ? oe.message : "?");
			op_error_clear(&oe);
			return -1;
		}
		size = json_integer_value(json_object_get(res, "size"));
		hex = json_string_value(json_object_get(res, "hex"));
		len = hex != NULL ? strlen(hex) : 0;
		bytes = xmalloc(len / 2 + 1);
		if (hex == NULL || unhex(hex, len, bytes) != 0 || (len == 0 && offset < size)) {
			*err = xasprintf(_("the server sent a damaged copy of message %lld"),
			    (long long)id);
			free(bytes);
			json_decref(res);
			return -1;
		}
		while (done < len / 2) {
			if ((n = write(fd, bytes + done, len / 2 - done)) < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				*err = xasprintf(_("cannot write %s: %s"), name,
				    strerror(n < 0 ? errno : EIO));
				free(bytes);
				json_decref(res);
				return -1;
			}
			done += (size_t)n;
		}
		free(bytes);
		json_decref(res);
		offset += (int64_t)(len / 2);
	} while (offset < size);
	return 0;
}
