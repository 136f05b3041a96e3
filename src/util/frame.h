/* frame.h: length-prefixed JSON frames, the wire format between the server
 * and its clients: a 4-byte big-endian length, then that many bytes of one
 * JSON value (UTF-8). Frames above a cap are refused before they are read. */
#ifndef AFTERCARE_FRAME_H
#define AFTERCARE_FRAME_H

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"

#define FRAME_MAX_DEFAULT (4u * 1024 * 1024)

/* Incremental reader for a non-blocking socket. */
struct frame_reader {
	unsigned char hdr[4];
	size_t hdr_len;
	size_t want;    /* payload length once the header is complete */
	struct buf body;
	size_t max;
};

enum frame_status {
	FRAME_AGAIN = 0,  /* no complete frame yet */
	FRAME_OK = 1,     /* *out holds a frame (new reference) */
	FRAME_EOF = -1,   /* the peer closed the connection between frames */
	FRAME_ERROR = -2, /* I/O error, truncated, oversized or invalid JSON */
};

void frame_reader_init(struct frame_reader *r, size_t max);
void frame_reader_free(struct frame_reader *r);
/* Reads what is available on fd. On FRAME_ERROR *err says why (caller
 * frees); the connection cannot be resynchronised and should be closed. */
enum frame_status frame_read(int fd, struct frame_reader *r, json_t **out, char **err);

/* Serialises v into a frame; caller frees. NULL if v cannot be encoded or the
 * result exceeds max. */
char *frame_encode(json_t *v, size_t max, size_t *len);
/* Writes all len bytes to fd, waiting (poll) on a non-blocking socket for at
 * most timeout_ms in total. 0 or -1 with errno. */
int frame_write_all(int fd, const char *data, size_t len, int timeout_ms);
/* Blocking receive of one frame within timeout_ms. */
enum frame_status frame_recv(int fd, struct frame_reader *r, int timeout_ms, json_t **out,
    char **err);

#endif
