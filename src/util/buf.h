/* buf.h: a growable byte buffer with a hard maximum fixed at init, so that
 * untrusted input always has a cap (after curl's dynbuf). */
#ifndef AFTERCARE_BUF_H
#define AFTERCARE_BUF_H

#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	size_t max; /* len never exceeds this */
};

void buf_init(struct buf *b, size_t max);
/* These return 0, or -1 (and add nothing) if the result would exceed max. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_addstr(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents as a string; "" when empty. Owned by the buffer. */
const char *buf_str(const struct buf *b);
/* Hands the contents to the caller (who frees) and empties the buffer. */
char *buf_take(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
