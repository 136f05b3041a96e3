/* mime-worker.h: the parser child's internals, shared by the one-at-a-time
 * worker (mime-worker.c) and the pipelined pool (mime-pool.c). The wire
 * format: a request frame {"op","len"} and len raw bytes; an answer frame
 * with the header fields and sizes, then the body and each attachment's
 * bytes as they are. */
#ifndef AFTERCARE_MAIL_MIME_WORKER_H
#define AFTERCARE_MAIL_MIME_WORKER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mail/mime.h"

struct mime_worker {
	struct mime_limits lim;
	pid_t pid; /* -1: not running; started on the next message */
	int fd;    /* our end of the socketpair, non-blocking */
};

enum mime_worker_rc {
	MIME_WORKER_OK,
	MIME_WORKER_TIMEOUT,
	MIME_WORKER_DIED,    /* EOF or an I/O error: the child is gone */
	MIME_WORKER_GARBLED, /* an answer that breaks the protocol */
	MIME_WORKER_START,   /* no child could be started */
};

int64_t mime_worker_now(void);
/* Forks a child on a fresh socketpair (w->pid, w->fd); 0 or -1. */
int mime_worker_spawn(struct mime_worker *w);
/* Kills and reaps the child, closes the socket. */
void mime_worker_kill(struct mime_worker *w);
/* The largest answer frame a child may send under l. */
size_t mime_answer_max_json(const struct mime_limits *l);
/* Checks an answer frame against l and fills out from it, with room for
 * the body (*blen bytes) and the attachments; *bytes is how many raw bytes
 * follow the frame, the body's first. 0, or -1 for a garbled frame. */
int mime_answer_head(const struct mime_limits *l, json_t *v, struct mime_message *out,
    size_t *blen, size_t *bytes);
/* Once the bytes are in: makes the body valid, NUL-free UTF-8. */
void mime_answer_finish(struct mime_message *out, size_t blen);
/* After a failed parse (rc): kills w's child and reads just the header
 * block of raw in a fresh one, so that threading and the auto-reply flags
 * survive; out gets MIME_BROKEN and a notice saying what happened. */
void mime_worker_salvage(struct mime_worker *w, enum mime_worker_rc rc, const char *raw,
    size_t len, struct mime_message *out);

#endif
