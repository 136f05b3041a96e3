/* hash.c: SHA-256 from GnuTLS rather than a hand-written one. */
#include "config.h"

#include <gnutls/crypto.h>
#include <stdio.h>

#include "util/hash.h"
#include "util/xmalloc.h"

/* len bytes as 2 * len lower-case hex digits and a NUL. */
static void
hex_into(const void *data, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

void
hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
	unsigned char d[32];

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, d) != 0)
		fatal("SHA-256 failed");
	hex_into(d, sizeof d, out);
}

char *
hash_hex(const void *data, size_t len)
{
	char *out = xmalloc(len * 2 + 1);

	hex_into(data, len, out);
	return out;
}
