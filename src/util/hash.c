/* hash.c: SHA-256 from GnuTLS rather than a hand-written one. */
#include "config.h"

#include <gnutls/crypto.h>
#include <stdio.h>

#include "util/hash.h"
#include "util/xmalloc.h"

void
hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
	unsigned char d[32];
	static const char hex[] = "0123456789abcdef";
	int i;

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, d) != 0)
		fatal("SHA-256 failed");
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[HASH_HEX_LEN] = '\0';
}

char *
hash_hex(const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = data;
	char *out = xmalloc(len * 2 + 1);
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
	return out;
}
