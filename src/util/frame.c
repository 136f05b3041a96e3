/* frame.c: reading and writing length-prefixed JSON frames. The reader never
 * trusts the length: it is checked against the cap before any allocation. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/frame.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

void
frame_reader_init(struct frame_reader *r, size_t max)
{
	memset(r, 0, sizeof *r);
	r->max = max;
	buf_init(&r->body, max);
}

void
frame_reader_free(struct frame_reader *r)
{
	buf_free(&r->body);
}

static enum frame_status
finish(struct frame_reader *r, json_t **out, char **err)
{
	json_error_t jerr;
	json_t *v;

	v = json_loadb(r->body.data != NULL ? r->body.data : "", r->body.len,
	    JSON_REJECT_DUPLICATES, &jerr);
	r->hdr_len = 0;
	r->want = 0;
	buf_reset(&r->body);
	if (v == NULL) {
		*err = xasprintf(_("invalid JSON in a frame: %s"), jerr.text);
		return FRAME_ERROR;
	}
	*out = v;
	return FRAME_OK;
}

enum frame_status
frame_read(int fd, struct frame_reader *r, json_t **out, char **err)
{
	char chunk[65536];
	ssize_t n;

	*out = NULL;
	*err = NULL;
	for (;;) {
		size_t room;

		if (r->hdr_len < 4) {
			n = read(fd, r->hdr + r->hdr_len, 4 - r->hdr_len);
		} else {
			room = r->want - r->body.len;
			if (room == 0)
				return finish(r, out, err);
			n = read(fd, chunk, room < sizeof chunk ? room : sizeof chunk);
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return FRAME_AGAIN;
			*err = xasprintf(_("read error: %s"), strerror(errno));
			return FRAME_ERROR;
		}
		if (n == 0) {
			if (r->hdr_len == 0)
				return FRAME_EOF;
			*err = xstrdup(_("connection closed in the middle of a frame"));
			return FRAME_ERROR;
		}
		if (r->hdr_len < 4) {
			r->hdr_len += (size_t)n;
			if (r->hdr_len == 4) {
				r->want = (size_t)r->hdr[0] << 24 | (size_t)r->hdr[1] << 16 |
				    (size_t)r->hdr[2] << 8 | (size_t)r->hdr[3];
				if (r->want > r->max) {
					*err = xasprintf(_("frame of %zu bytes is over the limit of %zu"),
					    r->want, r->max);
					return FRAME_ERROR;
				}
				if (r->want == 0) {
					*err = xstrdup(_("empty frame"));
					return FRAME_ERROR;
				}
			}
			continue;
		}
		if (buf_add(&r->body, chunk, (size_t)n) != 0)
			fatal("frame_read: cap exceeded after the length check");
		if (r->body.len == r->want)
			return finish(r, out, err);
	}
}

char *
frame_encode(json_t *v, size_t max, size_t *len)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	size_t n;
	char *out;

	if (text == NULL)
		return NULL;
	n = strlen(text);
	if (n > max || n > UINT32_MAX) {
		free(text);
		return NULL;
	}
	out = xmalloc(n + 4);
	out[0] = (char)(n >> 24);
	out[1] = (char)(n >> 16);
	out[2] = (char)(n >> 8);
	out[3] = (char)n;
	memcpy(out + 4, text, n);
	free(text);
	*len = n + 4;
	return out;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
frame_write_all(int fd, const char *data, size_t len, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;

	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { fd, POLLOUT, 0 };
			int64_t left = deadline - now_ms();

			if (left <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
				return -1;
			continue;
		}
		return -1;
	}
	return 0;
}

enum frame_status
frame_recv(int fd, struct frame_reader *r, int timeout_ms, json_t **out, char **err)
{
	int64_t deadline = now_ms() + timeout_ms;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		enum frame_status st;
		int64_t left;

		st = frame_read(fd, r, out, err);
		if (st != FRAME_AGAIN)
			return st;
		left = deadline - now_ms();
		if (left <= 0) {
			*err = xstrdup(_("the server did not answer in time"));
			return FRAME_ERROR;
		}
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR) {
			*err = xasprintf(_("read error: %s"), strerror(errno));
			return FRAME_ERROR;
		}
	}
}
