/* mime-worker.c: mime_parse in a child process, so that a crash, a leak or a
 * runaway inside libetpan costs one message and not the server. Parent and
 * child talk over a socketpair: a frame (util/frame.h) {"op","len"} and len
 * raw bytes; back comes a frame with the header fields and sizes, then the
 * body and the attachment bytes as they are (no base64 inflation). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <jansson.h>
#include <libetpan/mmapstring.h>

#include "mail/mime.h"
#include "mail/mime-worker.h"
#include "util/frame.h"
#include "util/text.h"
#include "util/xmalloc.h"

/* AddressSanitizer reserves terabytes of shadow address space: RLIMIT_AS
 * would kill every child at its first allocation. */
#if defined(__SANITIZE_ADDRESS__)
#define MIME_WORKER_NO_RLIMIT_AS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define MIME_WORKER_NO_RLIMIT_AS 1
#endif
#endif

#define MIME_WORKER_AS_MIN ((rlim_t)512 * 1024 * 1024)
#define MIME_WORKER_REQ_MAX 4096

int64_t
mime_worker_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready; deadline < 0 waits for ever. */
static enum mime_worker_rc
mime_worker_wait(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		int64_t left = deadline < 0 ? -1 : deadline - mime_worker_now();
		int r;

		if (deadline >= 0 && left <= 0)
			return MIME_WORKER_TIMEOUT;
		r = poll(&p, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (r > 0)
			return MIME_WORKER_OK;
		if (r < 0 && errno != EINTR)
			return MIME_WORKER_DIED;
	}
}

/* MSG_NOSIGNAL: a dead peer is an error here, never a SIGPIPE. */
static enum mime_worker_rc
mime_worker_send(int fd, const void *data, size_t n, int64_t deadline)
{
	const char *p = data;

	while (n > 0) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);

		if (k > 0) {
			p += k;
			n -= (size_t)k;
		} else if (k < 0 && errno == EINTR) {
			continue;
		} else if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			enum mime_worker_rc rc = mime_worker_wait(fd, POLLOUT, deadline);

			if (rc != MIME_WORKER_OK)
				return rc;
		} else {
			return MIME_WORKER_DIED;
		}
	}
	return MIME_WORKER_OK;
}

static enum mime_worker_rc
mime_worker_recv(int fd, void *data, size_t n, int64_t deadline)
{
	char *p = data;

	while (n > 0) {
		ssize_t k = recv(fd, p, n, 0);

		if (k > 0) {
			p += k;
			n -= (size_t)k;
		} else if (k == 0) {
			return MIME_WORKER_DIED;
		} else if (errno == EINTR) {
			continue;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			enum mime_worker_rc rc = mime_worker_wait(fd, POLLIN, deadline);

			if (rc != MIME_WORKER_OK)
				return rc;
		} else {
			return MIME_WORKER_DIED;
		}
	}
	return MIME_WORKER_OK;
}

static enum mime_worker_rc
mime_worker_send_frame(int fd, json_t *v, int64_t deadline)
{
	size_t n;
	char *frame = frame_encode(v, UINT32_MAX, &n);
	enum mime_worker_rc rc;

	if (frame == NULL)
		return MIME_WORKER_GARBLED;
	rc = mime_worker_send(fd, frame, n, deadline);
	free(frame);
	return rc;
}

/* One length-prefixed JSON frame of at most max bytes. */
static enum mime_worker_rc
mime_worker_recv_frame(int fd, size_t max, int64_t deadline, json_t **out)
{
	unsigned char hdr[4];
	enum mime_worker_rc rc;
	size_t n;
	char *text;

	*out = NULL;
	if ((rc = mime_worker_recv(fd, hdr, 4, deadline)) != MIME_WORKER_OK)
		return rc;
	n = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3];
	if (n == 0 || n > max)
		return MIME_WORKER_GARBLED;
	text = xmalloc(n);
	rc = mime_worker_recv(fd, text, n, deadline);
	if (rc == MIME_WORKER_OK) {
		/* Without JSON_ALLOW_NUL jansson refuses "\u0000": strings stay NUL-free. */
		*out = json_loadb(text, n, JSON_REJECT_DUPLICATES, NULL);
		if (*out == NULL)
			rc = MIME_WORKER_GARBLED;
	}
	free(text);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* The child */

static json_t *
mime_worker_jstr(const char *s)
{
	json_t *v;

	if (s == NULL)
		return json_null();
	v = json_string(s);
	return v != NULL ? v : json_string("");
}

static enum mime_worker_rc
mime_worker_send_result(int fd, const struct mime_message *m)
{
	json_t *v = json_object(), *refs = json_array(), *att = json_array();
	enum mime_worker_rc rc;

	for (size_t i = 0; i < m->nreferences; i++)
		json_array_append_new(refs, mime_worker_jstr(m->references[i]));
	/* Every attachment needs its entry, or the bytes that follow misalign. */
	for (size_t i = 0; i < m->natt; i++) {
		json_t *a = json_pack("[ssI]", m->att[i].filename, m->att[i].content_type,
		    (json_int_t)m->att[i].size);

		if (a == NULL)
			a = json_pack("[ssI]", "", "application/octet-stream",
			    (json_int_t)m->att[i].size);
		json_array_append_new(att, a);
	}
	json_object_set_new(v, "id", mime_worker_jstr(m->message_id));
	json_object_set_new(v, "irt", mime_worker_jstr(m->in_reply_to));
	json_object_set_new(v, "refs", refs);
	json_object_set_new(v, "from", mime_worker_jstr(m->from_addr));
	json_object_set_new(v, "name", mime_worker_jstr(m->from_name));
	json_object_set_new(v, "to", mime_worker_jstr(m->to_addr));
	json_object_set_new(v, "subj", mime_worker_jstr(m->subject));
	json_object_set_new(v, "date", json_integer(m->date));
	json_object_set_new(v, "flags", json_integer(m->flags));
	json_object_set_new(v, "notice", mime_worker_jstr(m->notice));
	json_object_set_new(v, "body", json_integer((json_int_t)strlen(m->body)));
	json_object_set_new(v, "att", att);
	rc = mime_worker_send_frame(fd, v, -1);
	json_decref(v);
	if (rc == MIME_WORKER_OK)
		rc = mime_worker_send(fd, m->body, strlen(m->body), -1);
	for (size_t i = 0; i < m->natt && rc == MIME_WORKER_OK; i++)
		rc = mime_worker_send(fd, m->att[i].data, m->att[i].size, -1);
	return rc;
}

/* Only the socket survives (as fd 3); stdin and stdout become /dev/null,
 * stderr stays for sanitiser and fatal() reports. */
static int
mime_worker_child_fds(int fd)
{
	int null;

	if (fd != 3) {
		if (dup2(fd, 3) < 0)
			return -1;
		close(fd);
	}
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	if (close_range(4, ~0U, 0) != 0) {
		long max = sysconf(_SC_OPEN_MAX);

		for (long i = 4; i < (max > 0 && max < 65536 ? max : 65536); i++)
			close((int)i);
	}
	return 3;
}

static void
mime_worker_child_setup(const struct mime_limits *lim)
{
	static const int ignored[] = { SIGPIPE, SIGINT, SIGQUIT, SIGHUP, SIGWINCH, SIGTSTP };
	static const int dfl[] = { SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM };
	sigset_t none;

	/* The parent's fatal hook restores its terminal: not ours to touch. */
	xmalloc_set_fatal_hook(NULL);
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		signal(ignored[i], SIG_IGN);
	for (size_t i = 0; i < sizeof dfl / sizeof dfl[0]; i++)
		signal(dfl[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	/* libetpan spills strings over 8 MiB into unlinked files in /tmp;
	 * customer attachments have no business on disk. */
	mmap_string_set_ceil((size_t)-1);
#ifndef MIME_WORKER_NO_RLIMIT_AS
	{
		rlim_t as = (rlim_t)lim->max_message * 4 + (rlim_t)lim->max_decoded * 2 +
		    64 * 1024 * 1024;
		struct rlimit r;

		if (as < MIME_WORKER_AS_MIN)
			as = MIME_WORKER_AS_MIN;
		r.rlim_cur = r.rlim_max = as;
		setrlimit(RLIMIT_AS, &r);
	}
#endif
}

/* RLIMIT_CPU counts the whole life of the process, so before each message
 * the soft limit moves to what was used plus the time this one may take. */
static void
mime_worker_child_cpu(const struct mime_limits *lim)
{
	struct rusage ru;
	struct rlimit r;
	rlim_t used;

	if (getrusage(RUSAGE_SELF, &ru) != 0 || getrlimit(RLIMIT_CPU, &r) != 0)
		return;
	used = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1;
	r.rlim_cur = used + lim->timeout_ms / 1000 + 2;
	if (r.rlim_max != RLIM_INFINITY && r.rlim_cur > r.rlim_max)
		r.rlim_cur = r.rlim_max;
	setrlimit(RLIMIT_CPU, &r);
}

static void __attribute__((noreturn))
mime_worker_child(int fd, const struct mime_limits *lim)
{
	const char *crash = getenv("AFTERCARE_TEST_PARSER_CRASH");

	fd = mime_worker_child_fds(fd);
	if (fd < 0)
		_exit(127);
	mime_worker_child_setup(lim);
	for (;;) {
		struct mime_limits l = *lim;
		struct mime_message m;
		json_t *req = NULL;
		const char *op;
		json_int_t len;
		char *raw;
		enum mime_worker_rc rc;

		if (mime_worker_recv_frame(fd, MIME_WORKER_REQ_MAX, -1, &req) != MIME_WORKER_OK)
			break;
		op = json_string_value(json_object_get(req, "op"));
		len = json_integer_value(json_object_get(req, "len"));
		if (op == NULL || len < 0 || (uint64_t)len > (uint64_t)lim->max_message + 1) {
			json_decref(req);
			break;
		}
		/* Headers only: a zero size limit takes mime_parse's header path. */
		if (strcmp(op, "headers") == 0)
			l.max_message = 0;
		json_decref(req);
		raw = xmalloc((size_t)len + 1);
		if (mime_worker_recv(fd, raw, (size_t)len, -1) != MIME_WORKER_OK) {
			free(raw);
			break;
		}
		/* Test hook: a full parse of a message holding this text dies as
		 * a crash in libetpan would. */
		if (crash != NULL && crash[0] != '\0' && l.max_message > 0 &&
		    memmem(raw, (size_t)len, crash, strlen(crash)) != NULL)
			kill(getpid(), SIGKILL);
		mime_worker_child_cpu(lim);
		mime_parse(raw, (size_t)len, &l, &m);
		free(raw);
		rc = mime_worker_send_result(fd, &m);
		mime_message_free(&m);
		if (rc != MIME_WORKER_OK)
			break;
	}
	close(fd);
	_exit(0);
}

/* ------------------------------------------------------------------------ */
/* The parent */

void
mime_worker_kill(struct mime_worker *w)
{
	if (w->pid > 0) {
		kill(w->pid, SIGKILL);
		/* ECHILD: someone else's SIGCHLD handler reaped it; that is fine. */
		while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (w->fd >= 0)
		close(w->fd);
	w->pid = -1;
	w->fd = -1;
}

int
mime_worker_spawn(struct mime_worker *w)
{
	sigset_t all, old;
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	/* Signals stay blocked until the child has reset the parent's handlers. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		mime_worker_child(sv[1], &w->lim);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	close(sv[1]);
	if (fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK) != 0) {
		close(sv[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	w->pid = pid;
	w->fd = sv[0];
	return 0;
}

/* A child that died between messages (OOM killer, an operator) is replaced
 * before it can cost a message; so is one with bytes nobody asked for. */
static int
mime_worker_ensure(struct mime_worker *w)
{
	struct pollfd p = { w->fd, POLLIN, 0 };

	if (w->pid > 0 && waitpid(w->pid, NULL, WNOHANG) != 0) {
		w->pid = -1;
		mime_worker_kill(w);
	} else if (w->pid > 0 && poll(&p, 1, 0) != 0) {
		mime_worker_kill(w);
	}
	if (w->pid > 0)
		return 0;
	return mime_worker_spawn(w);
}

struct mime_worker *
mime_worker_start(const struct mime_limits *lim)
{
	struct mime_worker *w = xcalloc(1, sizeof *w);

	if (lim != NULL)
		w->lim = *lim;
	else
		mime_limits_default(&w->lim);
	w->pid = -1;
	w->fd = -1;
	/* A failure here is retried on the first message. */
	mime_worker_spawn(w);
	return w;
}

void
mime_worker_stop(struct mime_worker **wp)
{
	if (wp == NULL || *wp == NULL)
		return;
	mime_worker_kill(*wp);
	free(*wp);
	*wp = NULL;
}

static char *
mime_worker_dup(json_t *o, const char *key, int nullable, int *bad)
{
	json_t *v = json_object_get(o, key);

	if (v != NULL && json_is_string(v))
		return xstrndup(json_string_value(v), json_string_length(v));
	if (!(nullable && v != NULL && json_is_null(v)))
		*bad = 1;
	return NULL;
}

size_t
mime_answer_max_json(const struct mime_limits *l)
{
	return 8 * l->max_header + (l->max_parts + 1) * 8192 + 1024 * 1024;
}

/* The child is not trusted more than the mail: every size is checked
 * against the limits before anything is allocated. */
int
mime_answer_head(const struct mime_limits *l, json_t *v, struct mime_message *out,
    size_t *blen, size_t *bytes)
{
	json_t *refs, *att;
	json_int_t body, date, flags;
	size_t total, natt;
	int bad = 0;

	memset(out, 0, sizeof *out);
	refs = json_object_get(v, "refs");
	att = json_object_get(v, "att");
	body = json_integer_value(json_object_get(v, "body"));
	date = json_integer_value(json_object_get(v, "date"));
	flags = json_integer_value(json_object_get(v, "flags"));
	if (!json_is_object(v) || !json_is_array(refs) || !json_is_array(att) ||
	    !json_is_integer(json_object_get(v, "date")) || flags < 0 || flags > 0xFFFF ||
	    body < 0 || (uint64_t)body > l->max_decoded ||
	    json_array_size(refs) > l->max_header || json_array_size(att) > l->max_parts + 1)
		return -1;
	out->message_id = mime_worker_dup(v, "id", 1, &bad);
	out->in_reply_to = mime_worker_dup(v, "irt", 1, &bad);
	out->from_addr = mime_worker_dup(v, "from", 1, &bad);
	out->from_name = mime_worker_dup(v, "name", 0, &bad);
	out->to_addr = mime_worker_dup(v, "to", 1, &bad);
	out->subject = mime_worker_dup(v, "subj", 0, &bad);
	out->notice = mime_worker_dup(v, "notice", 1, &bad);
	out->date = date;
	out->flags = (unsigned)flags & (MIME_AUTO_REPLY | MIME_BOUNCE | MIME_BULK | MIME_LIMITED |
	    MIME_BROKEN | MIME_FROM_HTML);
	out->references = xcalloc(json_array_size(refs) + 1, sizeof *out->references);
	for (size_t i = 0; i < json_array_size(refs); i++) {
		json_t *r = json_array_get(refs, i);

		if (!json_is_string(r)) {
			bad = 1;
			break;
		}
		out->references[out->nreferences++] = xstrdup(json_string_value(r));
	}
	natt = json_array_size(att);
	out->att = xcalloc(natt + 1, sizeof *out->att);
	total = (size_t)body;
	for (size_t i = 0; i < natt && !bad; i++) {
		json_t *a = json_array_get(att, i);
		const char *name = json_string_value(json_array_get(a, 0));
		const char *type = json_string_value(json_array_get(a, 1));
		json_int_t size = json_integer_value(json_array_get(a, 2));

		if (!json_is_array(a) || json_array_size(a) != 3 || name == NULL || type == NULL ||
		    !json_is_integer(json_array_get(a, 2)) || size < 0 ||
		    (uint64_t)size > l->max_decoded - (total < l->max_decoded ? total : l->max_decoded)) {
			bad = 1;
			break;
		}
		total += (size_t)size;
		out->att[i].filename = xstrdup(name);
		out->att[i].content_type = xstrdup(type);
		out->att[i].size = (size_t)size;
		out->att[i].data = xmalloc((size_t)size + 1);
		out->natt = i + 1;
	}
	if (bad) {
		mime_message_free(out);
		return -1;
	}
	/* The bytes that follow the frame: the body, then each attachment. */
	out->body = xmalloc((size_t)body + 1);
	out->body[body] = '\0';
	*blen = (size_t)body;
	*bytes = total;
	return 0;
}

void
mime_answer_finish(struct mime_message *out, size_t blen)
{
	/* The invariants of mime.h hold whatever the child sent. */
	size_t n, j = 0;
	char *fixed = text_utf8_repair(out->body, blen, &n);

	for (size_t i = 0; i < n; i++)
		if (fixed[i] != '\0')
			fixed[j++] = fixed[i];
	fixed[j] = '\0';
	free(out->body);
	out->body = fixed;
}

/* Reads the answer into out. */
static enum mime_worker_rc
mime_worker_answer(struct mime_worker *w, int64_t deadline, struct mime_message *out)
{
	json_t *v = NULL;
	enum mime_worker_rc rc;
	size_t bytes, blen;

	memset(out, 0, sizeof *out);
	rc = mime_worker_recv_frame(w->fd, mime_answer_max_json(&w->lim), deadline, &v);
	if (rc != MIME_WORKER_OK)
		return rc;
	if (mime_answer_head(&w->lim, v, out, &blen, &bytes) != 0) {
		json_decref(v);
		return MIME_WORKER_GARBLED;
	}
	json_decref(v);
	rc = mime_worker_recv(w->fd, out->body, blen, deadline);
	for (size_t i = 0; i < out->natt && rc == MIME_WORKER_OK; i++)
		rc = mime_worker_recv(w->fd, out->att[i].data, out->att[i].size, deadline);
	if (rc != MIME_WORKER_OK) {
		mime_message_free(out);
		return rc;
	}
	mime_answer_finish(out, blen);
	return MIME_WORKER_OK;
}

/* One request and its answer within the time limit. */
static enum mime_worker_rc
mime_worker_ask(struct mime_worker *w, const char *op, const char *raw, size_t len,
    struct mime_message *out)
{
	int64_t deadline = mime_worker_now() + w->lim.timeout_ms;
	json_t *req;
	enum mime_worker_rc rc;

	memset(out, 0, sizeof *out);
	if (mime_worker_ensure(w) != 0)
		return MIME_WORKER_START;
	req = json_pack("{sssI}", "op", op, "len", (json_int_t)len);
	rc = mime_worker_send_frame(w->fd, req, deadline);
	json_decref(req);
	if (rc == MIME_WORKER_OK)
		rc = mime_worker_send(w->fd, raw, len, deadline);
	if (rc == MIME_WORKER_OK)
		rc = mime_worker_answer(w, deadline, out);
	return rc;
}

static char *
mime_worker_notice(const struct mime_worker *w, enum mime_worker_rc rc)
{
	switch (rc) {
	case MIME_WORKER_TIMEOUT:
		if (w->lim.timeout_ms % 1000 == 0)
			return xasprintf("parsing took longer than %u s", w->lim.timeout_ms / 1000);
		return xasprintf("parsing took longer than %u ms", w->lim.timeout_ms);
	case MIME_WORKER_GARBLED:
		return xstrdup("the parser sent a garbled answer");
	case MIME_WORKER_START:
		return xstrdup("the parser could not be started");
	default:
		return xstrdup("the parser crashed on this message");
	}
}

void
mime_worker_parse(struct mime_worker *w, const char *raw, size_t len, struct mime_message *out)
{
	enum mime_worker_rc rc;

	if (raw == NULL)
		len = 0;
	if (raw == NULL)
		raw = "";
	/* Beyond max_message only the headers are read: one byte past the limit
	 * is enough for the child to see that (and say so). */
	rc = mime_worker_ask(w, "parse", raw, len > w->lim.max_message ? w->lim.max_message + 1 : len,
	    out);
	if (rc != MIME_WORKER_OK)
		mime_worker_salvage(w, rc, raw, len, out);
}

void
mime_worker_salvage(struct mime_worker *w, enum mime_worker_rc rc, const char *raw, size_t len,
    struct mime_message *out)
{
	struct mime_message h;

	memset(out, 0, sizeof *out);
	mime_worker_kill(w);
	/* A fresh child reads just the header block, so that threading and the
	 * auto-reply flags survive a crash in the body. */
	if (rc != MIME_WORKER_START && len > 0) {
		if (mime_worker_ask(w, "headers", raw,
		    len > w->lim.max_header + 1 ? w->lim.max_header + 1 : len, &h) == MIME_WORKER_OK) {
			*out = h;
			free(out->body);
			free(out->notice);
			for (size_t i = 0; i < out->natt; i++) {
				free(out->att[i].filename);
				free(out->att[i].content_type);
				free(out->att[i].data);
			}
			free(out->att);
			out->att = NULL;
			out->natt = 0;
			out->flags &= MIME_AUTO_REPLY | MIME_BOUNCE | MIME_BULK;
		} else {
			mime_worker_kill(w);
		}
	}
	if (out->subject == NULL)
		out->subject = xstrdup("");
	if (out->from_name == NULL)
		out->from_name = xstrdup("");
	out->body = xstrdup("");
	out->flags |= MIME_BROKEN;
	out->notice = mime_worker_notice(w, rc);
}
