/* mime-pool.c: several parser children with many messages in flight, for
 * bulk imports. The caller submits messages and takes the results back in
 * the order it submitted them, while the children parse ahead on the other
 * cores: the caller's database work and the parsing overlap instead of
 * taking turns. The children and the wire format are the ones of
 * mime-worker.c, and so is the containment: a child that crashes, stalls
 * or garbles its answer costs the message it was parsing (which is then
 * salvaged headers-only, like mime_worker_parse does), and the messages
 * queued behind it go to a fresh child. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <jansson.h>

#include "mail/mime-worker.h"
#include "mail/mime.h"
#include "util/frame.h"
#include "util/xmalloc.h"

#define POOL_MAX_WORKERS 8
#define POOL_DEPTH 16                       /* messages in flight per child */
#define POOL_MAX_BYTES ((size_t)64 << 20)   /* raw bytes in flight, all told */
#define POOL_READ 65536

struct pool_item {
	char *raw;
	size_t len, send_len; /* send_len: what the child gets (capped) */
	void *tag;
	char hdr[64];         /* the request frame */
	size_t hdr_len;
	int done;
	struct mime_message m;
	struct pool_item *next;  /* submission order */
	struct pool_item *wnext; /* this child's queue */
};

struct pool_worker {
	struct mime_worker w;
	struct pool_item *head, *tail; /* sent or to send, oldest first */
	size_t n;
	struct pool_item *sending;     /* first item not yet fully written */
	size_t sent;                   /* of sending's header and bytes */
	char *in;                      /* answer bytes read, not yet used */
	size_t in_start, in_len, in_cap;
	size_t need;                   /* 0: a frame comes next; else its bytes + 1 */
	size_t blen;                   /* the body's share of them */
	int64_t progress;              /* last time it moved (ms) */
};

struct mime_pool {
	struct mime_limits lim;
	struct pool_worker pw[POOL_MAX_WORKERS];
	unsigned nw;
	struct mime_worker spare;      /* salvages what a child failed on */
	struct pool_item *head, *tail;
	size_t n, bytes;
};

struct mime_pool *
mime_pool_start(const struct mime_limits *lim, unsigned workers)
{
	struct mime_pool *p = xcalloc(1, sizeof *p);

	if (lim != NULL)
		p->lim = *lim;
	else
		mime_limits_default(&p->lim);
	p->nw = workers < 1 ? 1 : workers > POOL_MAX_WORKERS ? POOL_MAX_WORKERS : workers;
	for (unsigned i = 0; i < p->nw; i++) {
		p->pw[i].w.lim = p->lim;
		p->pw[i].w.pid = -1;
		p->pw[i].w.fd = -1;
	}
	p->spare.lim = p->lim;
	p->spare.pid = -1;
	p->spare.fd = -1;
	return p;
}

int
mime_pool_room(const struct mime_pool *p)
{
	return p->n == 0 || (p->n < (size_t)p->nw * POOL_DEPTH && p->bytes < POOL_MAX_BYTES);
}

/* Forgets the child's state (not its queue) after it was killed. */
static void
pool_reset(struct pool_worker *pw)
{
	mime_worker_kill(&pw->w);
	pw->sending = pw->head;
	pw->sent = 0;
	pw->in_start = pw->in_len = 0;
	pw->need = 0;
	pw->progress = mime_worker_now();
}

/* Writes what the socket takes now. 0, or -1 when the child is gone. */
static int
pool_flush(struct pool_worker *pw)
{
	while (pw->sending != NULL) {
		struct pool_item *it = pw->sending;
		struct iovec v[2];
		int nv = 0;
		ssize_t k;

		if (pw->sent < it->hdr_len) {
			v[nv].iov_base = it->hdr + pw->sent;
			v[nv++].iov_len = it->hdr_len - pw->sent;
		}
		if (it->send_len > 0) {
			size_t off = pw->sent > it->hdr_len ? pw->sent - it->hdr_len : 0;

			v[nv].iov_base = it->raw + off;
			v[nv++].iov_len = it->send_len - off;
		}
		{
			struct msghdr mh = { 0 };

			mh.msg_iov = v;
			mh.msg_iovlen = (size_t)nv;
			k = sendmsg(pw->w.fd, &mh, MSG_NOSIGNAL);
		}
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (k <= 0)
			return -1;
		pw->sent += (size_t)k;
		if (pw->sent == it->hdr_len + it->send_len) {
			pw->sending = it->wnext;
			pw->sent = 0;
		}
	}
	return 0;
}

/* Starts pw's child if it is not running and queues its items again. */
static int
pool_ensure(struct pool_worker *pw)
{
	if (pw->w.pid > 0)
		return 0;
	pool_reset(pw);
	return mime_worker_spawn(&pw->w);
}

void
mime_pool_submit(struct mime_pool *p, char *raw, size_t len, void *tag)
{
	struct pool_item *it = xcalloc(1, sizeof *it);
	struct pool_worker *pw = &p->pw[0];
	json_t *req;
	char *frame;
	size_t n;

	it->raw = raw;
	it->len = len;
	it->tag = tag;
	/* Beyond max_message only the headers are read: one byte past the
	 * limit is enough for the child to see that (and say so). */
	it->send_len = len > p->lim.max_message ? p->lim.max_message + 1 : len;
	req = json_pack("{sssI}", "op", "parse", "len", (json_int_t)it->send_len);
	frame = frame_encode(req, sizeof it->hdr, &n);
	json_decref(req);
	if (frame == NULL || n > sizeof it->hdr)
		fatal("mime_pool_submit: cannot encode a request");
	memcpy(it->hdr, frame, n);
	it->hdr_len = n;
	free(frame);
	if (p->tail != NULL)
		p->tail->next = it;
	else
		p->head = it;
	p->tail = it;
	p->n++;
	p->bytes += len;

	for (unsigned i = 1; i < p->nw; i++)
		if (p->pw[i].n < pw->n)
			pw = &p->pw[i];
	if (pw->tail != NULL)
		pw->tail->wnext = it;
	else
		pw->head = it;
	pw->tail = it;
	if (pw->n++ == 0)
		pw->progress = mime_worker_now();
	if (pw->sending == NULL) {
		pw->sending = it;
		pw->sent = 0;
	}
	/* A child that cannot start or write is dealt with in mime_pool_next. */
	if (pool_ensure(pw) == 0 && pool_flush(pw) != 0)
		mime_worker_kill(&pw->w);
}

/* The child's head item is finished (parsed, or salvaged). */
static void
pool_pop(struct pool_worker *pw)
{
	struct pool_item *it = pw->head;

	it->done = 1;
	pw->head = it->wnext;
	if (pw->head == NULL)
		pw->tail = NULL;
	if (pw->sending == it) {
		pw->sending = it->wnext;
		pw->sent = 0;
	}
	it->wnext = NULL;
	pw->n--;
	pw->progress = mime_worker_now();
}

/* The child failed (rc) on its head item: salvage that one in the spare
 * worker and hand the rest to a fresh child. */
static void
pool_fail(struct mime_pool *p, struct pool_worker *pw, enum mime_worker_rc rc)
{
	struct pool_item *it = pw->head;

	pool_reset(pw);
	if (it != NULL) {
		mime_message_free(&it->m);
		mime_worker_salvage(&p->spare, rc, it->raw, it->len, &it->m);
		pool_pop(pw);
	}
}

/* Uses the complete answers in pw's input. 0, or a failure code. */
static enum mime_worker_rc
pool_parse(struct mime_pool *p, struct pool_worker *pw)
{
	for (;;) {
		const unsigned char *b = (const unsigned char *)pw->in + pw->in_start;
		size_t avail = pw->in_len - pw->in_start, n;
		struct pool_item *it = pw->head;

		if (pw->need == 0) {
			json_t *v;

			if (avail < 4)
				break;
			n = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 | b[3];
			if (it == NULL || n == 0 || n > mime_answer_max_json(&p->lim))
				return MIME_WORKER_GARBLED;
			if (avail < 4 + n)
				break;
			/* Without JSON_ALLOW_NUL jansson refuses "\u0000". */
			v = json_loadb((const char *)b + 4, n, JSON_REJECT_DUPLICATES, NULL);
			if (v == NULL || mime_answer_head(&p->lim, v, &it->m, &pw->blen, &pw->need) != 0) {
				json_decref(v);
				return MIME_WORKER_GARBLED;
			}
			json_decref(v);
			pw->in_start += 4 + n;
			/* need is one more than the bytes to come, so that an answer
			 * without any is told apart from "a frame comes next". */
			pw->need++;
			continue;
		}
		if (avail < pw->need - 1)
			break;
		memcpy(it->m.body, b, pw->blen);
		b += pw->blen;
		for (size_t i = 0; i < it->m.natt; i++) {
			memcpy(it->m.att[i].data, b, it->m.att[i].size);
			b += it->m.att[i].size;
		}
		pw->in_start += pw->need - 1;
		pw->need = 0;
		mime_answer_finish(&it->m, pw->blen);
		pool_pop(pw);
	}
	if (pw->in_start == pw->in_len)
		pw->in_start = pw->in_len = 0;
	return MIME_WORKER_OK;
}

/* Reads what pw's child has sent. 0, or a failure code. */
static enum mime_worker_rc
pool_read(struct mime_pool *p, struct pool_worker *pw)
{
	for (;;) {
		ssize_t k;

		if (pw->in_start > 0 && pw->in_cap - pw->in_len < POOL_READ) {
			memmove(pw->in, pw->in + pw->in_start, pw->in_len - pw->in_start);
			pw->in_len -= pw->in_start;
			pw->in_start = 0;
		}
		if (pw->in_cap - pw->in_len < POOL_READ) {
			/* Doubling: a large answer arrives in many reads. */
			pw->in_cap = pw->in_len + POOL_READ > pw->in_cap * 2 ?
			    pw->in_len + POOL_READ * 2 : pw->in_cap * 2;
			pw->in = xrealloc(pw->in, pw->in_cap);
		}
		k = recv(pw->w.fd, pw->in + pw->in_len, pw->in_cap - pw->in_len, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return MIME_WORKER_OK;
		if (k <= 0)
			return MIME_WORKER_DIED;
		pw->in_len += (size_t)k;
		pw->progress = mime_worker_now();
		if (pool_parse(p, pw) != MIME_WORKER_OK)
			return MIME_WORKER_GARBLED;
	}
}

int
mime_pool_next(struct mime_pool *p, struct mime_message *out, char **raw, size_t *len,
    void **tag)
{
	struct pool_item *it = p->head;

	if (it == NULL)
		return 0;
	/* Time spent by the caller between two calls is not the children's:
	 * a child times out only after timeout_ms without a byte while we
	 * wait for it. */
	for (unsigned i = 0; i < p->nw; i++)
		p->pw[i].progress = mime_worker_now();
	while (!it->done) {
		struct pollfd fds[POOL_MAX_WORKERS];
		int64_t now = mime_worker_now(), wait = -1;

		for (unsigned i = 0; i < p->nw; i++) {
			struct pool_worker *pw = &p->pw[i];

			fds[i].fd = -1;
			fds[i].events = 0;
			fds[i].revents = 0;
			if (pw->n == 0)
				continue;
			if (pw->w.pid <= 0 && pool_ensure(pw) != 0) {
				pool_fail(p, pw, MIME_WORKER_START);
				now = -1;
				break;
			}
			if (now - pw->progress >= p->lim.timeout_ms) {
				pool_fail(p, pw, MIME_WORKER_TIMEOUT);
				now = -1;
				break;
			}
			fds[i].fd = pw->w.fd;
			fds[i].events = POLLIN | (pw->sending != NULL ? POLLOUT : 0);
			if (wait < 0 || pw->progress + p->lim.timeout_ms - now < wait)
				wait = pw->progress + p->lim.timeout_ms - now;
		}
		if (now < 0)
			continue; /* a child was replaced: look again */
		if (poll(fds, p->nw, wait > INT32_MAX ? INT32_MAX : (int)wait) < 0) {
			if (errno == EINTR)
				continue;
			fatal("mime_pool_next: poll: %s", strerror(errno));
		}
		for (unsigned i = 0; i < p->nw; i++) {
			struct pool_worker *pw = &p->pw[i];
			enum mime_worker_rc rc = MIME_WORKER_OK;

			if (fds[i].fd < 0 || fds[i].revents == 0)
				continue;
			if (fds[i].revents & POLLOUT && pool_flush(pw) != 0)
				rc = MIME_WORKER_DIED;
			if (rc == MIME_WORKER_OK && fds[i].revents & (POLLIN | POLLHUP | POLLERR))
				rc = pool_read(p, pw);
			if (rc != MIME_WORKER_OK)
				pool_fail(p, pw, rc);
		}
	}
	p->head = it->next;
	if (p->head == NULL)
		p->tail = NULL;
	p->n--;
	p->bytes -= it->len;
	*out = it->m;
	*raw = it->raw;
	*len = it->len;
	*tag = it->tag;
	free(it);
	return 1;
}

void
mime_pool_stop(struct mime_pool **pp, void (*free_tag)(void *))
{
	struct mime_pool *p;
	struct pool_item *it, *next;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	for (unsigned i = 0; i < p->nw; i++) {
		mime_worker_kill(&p->pw[i].w);
		free(p->pw[i].in);
	}
	mime_worker_kill(&p->spare);
	for (it = p->head; it != NULL; it = next) {
		next = it->next;
		mime_message_free(&it->m);
		if (free_tag != NULL)
			free_tag(it->tag);
		free(it->raw);
		free(it);
	}
	free(p);
	*pp = NULL;
}
