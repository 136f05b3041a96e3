/* pack.h: how a raw message is kept in message_raw: compressed with zstd
 * when that makes it smaller (a shop's mail shrinks to less than half), as
 * it came otherwise; with the SHA-256 of the original bytes beside it. */
#ifndef AFTERCARE_PACK_H
#define AFTERCARE_PACK_H

#include <stddef.h>

#include "util/hash.h"

enum pack_codec {
	PACK_NONE, /* the bytes as they came */
	PACK_ZSTD, /* one zstd frame that records its content size */
};

struct pack {
	enum pack_codec codec;
	const void *data;     /* PACK_NONE: the caller's raw; PACK_ZSTD: owned */
	size_t len;
	char sha256[HASH_HEX_LEN + 1]; /* of the original bytes */
};

/* A compression context to reuse across messages (one per thread). */
struct packer;
struct packer *packer_new(void);
void packer_free(struct packer **pk);

/* Fills out for raw (len bytes), which must outlive out when the result is
 * PACK_NONE. pk may be NULL (a context just for this call). Never fails:
 * raw that does not shrink is kept as it is. */
void pack_make(struct packer *pk, const char *raw, size_t len, struct pack *out);
/* Frees what pack_make allocated and clears p. */
void pack_free(struct pack *p);

/* "none" or "zstd", as the codec column holds them; -1 for anything else. */
const char *pack_codec_name(enum pack_codec c);
int pack_codec_parse(const char *name);

/* The original bytes of stored data: 0 with *out (malloc'd, NUL-terminated
 * for convenience) and *outlen; -1 with *err (translated, one line) when the
 * codec is unknown, the data is damaged or it would unpack to more than max
 * bytes. */
int pack_unpack(int codec, const void *data, size_t len, size_t max, char **out,
    size_t *outlen, char **err);

#endif
