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

static int
write_all(int fd, const unsigned char *b, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, b, n)) < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Where read_chunks puts the bytes: fd, or opened by open() from the first
 * answer (which has the file name) when fd is -1. */
struct sink {
	int fd;
	char *path;      /* what fd is, for errors */
	int (*open)(struct sink *k, json_t *first, char **err);
	const char *dir;
	char *name;
};

enum { CHUNKS_OK = 0, CHUNKS_FAILED = -1, CHUNKS_DAMAGED = -2, CHUNKS_SHORT = -3 };

/* Calls op ("attachment.read" or "message.raw") for id from offset 0 on,
 * chunk by chunk, and writes the bytes to the sink. CHUNKS_OK; or
 * CHUNKS_FAILED with *err; CHUNKS_DAMAGED when a chunk is not hex;
 * CHUNKS_SHORT when the server ran out before the size it gave (*got and
 * *size say where). */
static int
read_chunks(struct client *c, const char *op, int64_t id, struct sink *k, int64_t *got,
    int64_t *size, char **err)
{
	struct op_error oe = { 0 };

	*got = *size = 0;
	do {
		json_t *p, *res;
		const char *hex;
		unsigned char *bytes;
		size_t len;
		int bad;

		p = json_pack("{s:I,s:I}", "id", (json_int_t)id, "offset", (json_int_t)*got);
		res = client_call(c, op, p, &oe);
		json_decref(p);
		if (res == NULL) {
			*err = xstrdup(oe.message != NULL ? oe.message : "?");
			op_error_clear(&oe);
			return CHUNKS_FAILED;
		}
		if (k->fd < 0 && k->open(k, res, err) != 0) {
			json_decref(res);
			return CHUNKS_FAILED;
		}
		*size = json_integer_value(json_object_get(res, "size"));
		hex = json_string_value(json_object_get(res, "hex"));
		len = hex != NULL ? strlen(hex) : 0;
		bytes = xmalloc(len / 2 + 1);
		bad = hex == NULL || unhex(hex, len, bytes) != 0;
		if (!bad && write_all(k->fd, bytes, len / 2) != 0) {
			*err = xasprintf(_("cannot write %s: %s"), k->path, strerror(errno));
			free(bytes);
			json_decref(res);
			return CHUNKS_FAILED;
		}
		free(bytes);
		json_decref(res);
		if (bad)
			return CHUNKS_DAMAGED;
		*got += (int64_t)(len / 2);
		if (len == 0 && *got < *size)
			return CHUNKS_SHORT;
	} while (*got < *size);
	return CHUNKS_OK;
}

/* An attachment's file: its name made safe, never replacing another. */
static int
open_attachment(struct sink *k, json_t *first, char **err)
{
	if (paths_mkdir_p(k->dir) != 0) {
		*err = xasprintf(_("cannot create %s: %s"), k->dir, strerror(errno));
		return -1;
	}
	k->name = save_safe_name(json_string_value(json_object_get(first, "filename")));
	if ((k->fd = create_unique(k->dir, k->name, &k->path)) < 0) {
		*err = xasprintf(_("cannot save %s in %s: %s"), k->name, k->dir, strerror(errno));
		return -1;
	}
	return 0;
}

char *
save_attachment(struct client *c, int64_t id, const char *dir, char **err)
{
	struct sink k = { -1, NULL, open_attachment, dir, NULL };
	int64_t got, size;
	int rc;

	*err = NULL;
	if (dir == NULL || dir[0] == '\0') {
		*err = xstrdup(_("give a directory to save into"));
		return NULL;
	}
	rc = read_chunks(c, "attachment.read", id, &k, &got, &size, err);
	if (rc == CHUNKS_DAMAGED)
		*err = xstrdup(_("the server sent a damaged attachment"));
	else if (rc == CHUNKS_SHORT)
		*err = xasprintf(_("attachment %lld is shorter in the store than recorded "
		    "(%lld of %lld bytes)"), (long long)id, (long long)got, (long long)size);
	if (rc == CHUNKS_OK && (fsync(k.fd) != 0 || close(k.fd) != 0)) {
		k.fd = -1;
		*err = xasprintf(_("cannot write %s: %s"), k.path, strerror(errno));
		rc = CHUNKS_FAILED;
	}
	if (rc != CHUNKS_OK) {
		if (k.fd >= 0) {
			close(k.fd);
			unlink(k.path);
		}
		free(k.path);
		k.path = NULL;
	}
	free(k.name);
	return k.path;
}

int
save_raw_message(struct client *c, int64_t id, int fd, const char *name, char **err)
{
	struct sink k = { fd, xstrdup(name), NULL, NULL, NULL };
	int64_t got, size;
	int rc;

	*err = NULL;
	rc = read_chunks(c, "message.raw", id, &k, &got, &size, err);
	if (rc == CHUNKS_DAMAGED || rc == CHUNKS_SHORT)
		*err = xasprintf(_("the server sent a damaged copy of message %lld"), (long long)id);
	free(k.path);
	return rc == CHUNKS_OK ? 0 : -1;
}
