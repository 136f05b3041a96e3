/* mbox.c: mbox splitting and Maildir listing. A separator is a line that
 * starts with "From " at the beginning of the file or after a newline; the
 * newline before it belongs to the separator. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mbox.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

void
mbox_iter_init(struct mbox_iter *it, const char *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
}

static int
is_from_line(const char *p, size_t avail)
{
	return avail >= 5 && memcmp(p, "From ", 5) == 0;
}

/* Start of the next separator at or after pos (at a line start), or len. */
static size_t
find_separator(const struct mbox_iter *it, size_t pos)
{
	const char *p;

	if ((pos == 0 || (pos < it->len && it->buf[pos - 1] == '\n')) &&
	    is_from_line(it->buf + pos, it->len - pos))
		return pos;
	while (pos < it->len) {
		p = memchr(it->buf + pos, '\n', it->len - pos);
		if (p == NULL)
			return it->len;
		pos = (size_t)(p - it->buf) + 1;
		if (is_from_line(it->buf + pos, it->len - pos))
			return pos;
	}
	return it->len;
}

int
mbox_next(struct mbox_iter *it, char **msg, size_t *msglen, size_t *offset)
{
	size_t start, body, end, i, o = 0;
	const char *nl;
	char *out;
	int line_start = 1;

	start = find_separator(it, it->pos);
	if (start >= it->len)
		return 0;
	nl = memchr(it->buf + start, '\n', it->len - start);
	body = nl != NULL ? (size_t)(nl - it->buf) + 1 : it->len;
	end = find_separator(it, body);
	it->pos = end;
	*offset = start;
	/* The newline before the next separator is the separator's. */
	if (end < it->len && end > body && it->buf[end - 1] == '\n')
		end--;
	out = xmalloc(end - body + 1);
	for (i = body; i < end; i++) {
		char ch = it->buf[i];

		if (line_start && ch == '>') {
			size_t j = i;

			while (j < end && it->buf[j] == '>')
				j++;
			if (end - j >= 5 && memcmp(it->buf + j, "From ", 5) == 0) {
				i++;  /* drop one '>' */
				ch = it->buf[i];
			}
		}
		out[o++] = ch;
		line_start = ch == '\n';
	}
	out[o] = '\0';
	*msg = out;
	*msglen = o;
	return 1;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
maildir_list(const char *dir, char ***names, size_t *n, char **err)
{
	static const char *const subs[] = { "cur", "new" };
	size_t cap = 0, i;
	char **out = NULL;

	*n = 0;
	for (i = 0; i < 2; i++) {
		char *path = xasprintf("%s/%s", dir, subs[i]);
		DIR *d = opendir(path);
		struct dirent *e;

		if (d == NULL) {
			*err = xasprintf(_("%s is not a Maildir (cannot read %s: %s)"), dir, path,
			    strerror(errno));
			free(path);
			maildir_list_free(out, *n);
			return -1;
		}
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			if (*n == cap) {
				cap = cap == 0 ? 256 : cap * 2;
				out = xreallocarray(out, cap, sizeof *out);
			}
			out[(*n)++] = xasprintf("%s/%s", subs[i], e->d_name);
		}
		closedir(d);
		free(path);
	}
	if (*n > 0)
		qsort(out, *n, sizeof *out, cmp_names);
	*names = out;
	return 0;
}

void
maildir_list_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

char *
maildir_find(const char *dir, const char *unique)
{
	static const char *const subs[] = { "cur", "new" };
	size_t ulen = strlen(unique), i;
	char *found = NULL;

	for (i = 0; i < 2 && found == NULL; i++) {
		char *path = xasprintf("%s/%s", dir, subs[i]);
		DIR *d = opendir(path);
		struct dirent *e;

		while (d != NULL && found == NULL && (e = readdir(d)) != NULL)
			if (strncmp(e->d_name, unique, ulen) == 0 &&
			    (e->d_name[ulen] == '\0' || e->d_name[ulen] == ':'))
				found = xasprintf("%s/%s", subs[i], e->d_name);
		if (d != NULL)
			closedir(d);
		free(path);
	}
	return found;
}
