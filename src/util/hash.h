/* hash.h: SHA-256 (through GnuTLS) for content addressing and de-duplication. */
#ifndef AFTERCARE_HASH_H
#define AFTERCARE_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

/* Writes the lower-case hex SHA-256 of data into out (65 bytes). */
void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1]);
/* data as lower-case hex, NUL-terminated (2 * len + 1 bytes). Caller frees. */
char *hash_hex(const void *data, size_t len);

#endif
