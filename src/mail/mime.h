/* mime.h: turning one raw message (RFC 5322 + MIME) into plain C data for
 * the ingest path. Adapters know nothing of SQL: the result is a struct.
 * Untrusted mail is parsed in a separate worker process (mime_worker_*) so
 * that a crash or a runaway in the parser cannot take the server down. */
#ifndef AFTERCARE_MAIL_MIME_H
#define AFTERCARE_MAIL_MIME_H

#include <stddef.h>
#include <stdint.h>

struct mime_limits {
	size_t max_message;  /* bytes of raw message; default 50 MiB */
	size_t max_header;   /* bytes of the top header block; default 256 KiB */
	size_t max_depth;    /* MIME nesting; default 32 */
	size_t max_parts;    /* leaf + container parts; default 500 */
	size_t max_decoded;  /* bytes of decoded text + attachments; default 100 MiB */
	unsigned timeout_ms; /* worker: per message; default 5000 */
};
void mime_limits_default(struct mime_limits *l);

struct mime_attachment {
	char *filename;      /* decoded (RFC 2047/2231) to UTF-8, not sanitised; may be "" */
	char *content_type;  /* "image/jpeg", lower case */
	unsigned char *data; /* decoded bytes */
	size_t size;
};

enum mime_flag {
	MIME_AUTO_REPLY = 1 << 0, /* Auto-Submitted other than "no", X-Autoreply, vacation... */
	MIME_BOUNCE     = 1 << 1, /* multipart/report; report-type=delivery-status, mailer-daemon */
	MIME_BULK       = 1 << 2, /* Precedence bulk/list/junk, List-Id / List-Unsubscribe */
	MIME_LIMITED    = 1 << 3, /* a limit was hit: body/attachments incomplete, see notice */
	MIME_BROKEN     = 1 << 4, /* the parser failed or crashed: only raw is trustworthy */
	MIME_FROM_HTML  = 1 << 5, /* body was converted from text/html */
};

struct mime_message {
	char *message_id;    /* without <>, NULL when missing */
	char *in_reply_to;   /* first msg-id of In-Reply-To, without <>, or NULL */
	char **references;   /* msg-ids of References, without <>, oldest first */
	size_t nreferences;
	char *from_addr;     /* the addr-spec, local@domain with the domain lower-cased; NULL if none parses */
	char *from_name;     /* decoded display name (UTF-8), "" if none */
	char *to_addr;       /* first To addr-spec, or NULL */
	char *subject;       /* decoded (UTF-8), "" if none */
	int64_t date;        /* UTC epoch from Date:, 0 if missing/unparsable */
	char *body;          /* UTF-8 text: text/plain preferred, else HTML as text; "" if none */
	struct mime_attachment *att;
	size_t natt;
	unsigned flags;      /* enum mime_flag */
	char *notice;        /* English one-line reason when LIMITED/BROKEN, else NULL */
};

/* Parses raw (len bytes) in this process within limits. Never fails: on
 * trouble it fills what it can and sets MIME_LIMITED / MIME_BROKEN with a
 * notice. Every string in out is valid UTF-8 (invalid bytes become U+FFFD)
 * and NUL-free; out owns everything (mime_message_free). */
void mime_parse(const char *raw, size_t len, const struct mime_limits *lim,
    struct mime_message *out);
void mime_message_free(struct mime_message *m);

/* The worker: a child process that runs mime_parse under RLIMIT_AS and
 * RLIMIT_CPU with a wall-clock timeout, restarted after a crash. */
struct mime_worker;
struct mime_worker *mime_worker_start(const struct mime_limits *lim);
/* Like mime_parse, but contained. Also never fails: a crash, timeout or
 * garbled answer yields MIME_BROKEN with the notice saying so. */
void mime_worker_parse(struct mime_worker *w, const char *raw, size_t len,
    struct mime_message *out);
void mime_worker_stop(struct mime_worker **w);

/* Several workers with many messages in flight, for bulk imports: results
 * come back in the order the messages went in, while the caller stores
 * the earlier ones. Each message is contained as in mime_worker_parse. */
struct mime_pool;
struct mime_pool *mime_pool_start(const struct mime_limits *lim, unsigned workers);
/* Nonzero when another message may go in (the pool bounds the count and
 * the bytes in flight; an empty pool always takes one). */
int mime_pool_room(const struct mime_pool *p);
/* Hands raw (len bytes, malloc'd; the pool owns it until mime_pool_next
 * gives it back) to the pool, with the caller's tag. */
void mime_pool_submit(struct mime_pool *p, char *raw, size_t len, void *tag);
/* The oldest message's result, waiting for it: 1 with *out parsed (never a
 * failure, as mime_worker_parse) and raw, len and tag given back; 0 when
 * nothing is in the pool. */
int mime_pool_next(struct mime_pool *p, struct mime_message *out, char **raw, size_t *len,
    void **tag);
/* Drops what is still in flight, passing each tag to free_tag (or NULL). */
void mime_pool_stop(struct mime_pool **p, void (*free_tag)(void *));

/* Helpers that are ours to write because libetpan 1.9.4 lacks them. */
/* RFC 2231 parameter value (charset'lang'%XX..., and joined continuations
 * given in order) to UTF-8; NULL if it is not RFC 2231. Caller frees. */
char *mime_rfc2231_decode(const char *value);
/* RFC 2047 encoding of UTF-8 text as encoded words of at most 75 chars,
 * split on character boundaries; ASCII-only text comes back as is. CR, LF
 * and NUL never appear in the output. Caller frees. */
char *mime_rfc2047_encode(const char *utf8);

#endif
