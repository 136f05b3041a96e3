/* rfc2047.c: the RFC 2047 encoder for the header text we write (the Subject
 * and display names of replies); libetpan 1.9.4 only decodes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mail/mime.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define RFC2047_OPEN "=?UTF-8?B?"
#define RFC2047_CLOSE "?="
/* 75 - 10 (open) - 2 (close) leaves 63 characters of base64: 15 quads,
 * so at most 45 bytes of UTF-8 per word (RFC 2047 section 2). */
#define RFC2047_WORD_BYTES 45

static const char rfc2047_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
rfc2047_base64(struct buf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = rfc2047_b64[(v >> 18) & 63];
		q[1] = rfc2047_b64[(v >> 12) & 63];
		q[2] = i + 1 < n ? rfc2047_b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? rfc2047_b64[v & 63] : '=';
		buf_add(b, q, 4);
	}
}

/* Bytes in the (well-formed) UTF-8 character that starts with c. */
static size_t
rfc2047_char_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xF0)
		return 4;
	if (c >= 0xE0)
		return 3;
	return 2;
}

/* Text that a decoder would take for an encoded word must be encoded too. */
static int
rfc2047_needs_encoding(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p >= 0x80)
			return 1;
	return strstr(s, "=?") != NULL;
}

char *
mime_rfc2047_encode(const char *utf8)
{
	struct buf b;
	size_t n, j = 0, i = 0;
	char *s, *tmp;

	if (utf8 == NULL)
		return xstrdup("");
	/* CR and LF go first, since they are what header injection is made of;
	 * then the repair, so that every character boundary below is real. */
	tmp = xstrdup(utf8);
	for (size_t k = 0; tmp[k] != '\0'; k++)
		if (tmp[k] != '\r' && tmp[k] != '\n')
			tmp[j++] = tmp[k];
	tmp[j] = '\0';
	s = text_utf8_repair(tmp, j, &n);
	free(tmp);
	if (!rfc2047_needs_encoding(s))
		return s;

	buf_init(&b, (size_t)-1);
	while (i < n) {
		size_t start = i;

		/* The whole text is encoded, so spaces survive inside the words
		 * and the white space between words is not part of the text. */
		while (i < n) {
			size_t k = rfc2047_char_len((unsigned char)s[i]);

			if (i + k > n)
				k = n - i;
			if (i - start + k > RFC2047_WORD_BYTES)
				break;
			i += k;
		}
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_addstr(&b, RFC2047_OPEN);
		rfc2047_base64(&b, (const unsigned char *)s + start, i - start);
		buf_addstr(&b, RFC2047_CLOSE);
	}
	free(s);
	return buf_take(&b);
}
