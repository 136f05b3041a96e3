/* fuzz_mime.c: libFuzzer target for the MIME layer (mime_parse in-process
 * with small limits, and the RFC 2231 / RFC 2047 helpers); whatever the
 * input, the result must keep the promises of mail/mime.h. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Not assert(): the invariants must hold in NDEBUG builds too. */
#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
			        #cond);                                                  \
			abort();                                                         \
		}                                                                        \
	} while (0)

/* Written apart from mime.c's checks, so that a shared bug cannot hide. */
static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		uint32_t c;
		size_t len;

		if (p[0] < 0x80) {
			p++;
			continue;
		}
		if ((p[0] & 0xE0) == 0xC0)
			len = 2, c = p[0] & 0x1F;
		else if ((p[0] & 0xF0) == 0xE0)
			len = 3, c = p[0] & 0x0F;
		else if ((p[0] & 0xF8) == 0xF0)
			len = 4, c = p[0] & 0x07;
		else
			return 0;
		for (size_t i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3F);
		}
		if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
		    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		p += len;
	}
	return 1;
}

static void
check_str(const char *s, int nullable)
{
	if (s == NULL) {
		CHECK(nullable);
		return;
	}
	CHECK(valid_utf8(s));
}

static void
check_message(const struct mime_message *m, const struct mime_limits *lim)
{
	size_t total;

	check_str(m->message_id, 1);
	check_str(m->in_reply_to, 1);
	check_str(m->from_addr, 1);
	check_str(m->from_name, 0);
	check_str(m->to_addr, 1);
	check_str(m->subject, 0);
	check_str(m->body, 0);
	check_str(m->notice, 1);
	CHECK(strchr(m->body, '\r') == NULL);
	CHECK(m->nreferences == 0 || m->references != NULL);
	for (size_t i = 0; i < m->nreferences; i++)
		check_str(m->references[i], 0);
	CHECK(m->natt == 0 || m->att != NULL);
	CHECK(m->natt <= lim->max_parts + 1);
	total = strlen(m->body);
	for (size_t i = 0; i < m->natt; i++) {
		check_str(m->att[i].filename, 0);
		check_str(m->att[i].content_type, 0);
		CHECK(m->att[i].size == 0 || m->att[i].data != NULL);
		total += m->att[i].size;
	}
	CHECK(total <= lim->max_decoded);
	CHECK((m->flags & ~0x3Fu) == 0);
	CHECK((m->notice != NULL) == ((m->flags & (MIME_LIMITED | MIME_BROKEN)) != 0));
	/* The pre-scan must have seen whatever libetpan found. */
	CHECK(m->notice == NULL || strstr(m->notice, "after the pre-scan") == NULL);
}

/* What the encoder must give back through libetpan's decoder: the text
 * made valid, without CR and LF, trimmed as subjects are. */
static void
check_rfc2047(const char *text, const struct mime_limits *lim)
{
	char *enc = mime_rfc2047_encode(text), *raw;
	struct mime_message m;
	size_t n;

	CHECK(strchr(enc, '\r') == NULL && strchr(enc, '\n') == NULL);
	CHECK(valid_utf8(enc));
	if (strncmp(enc, "=?UTF-8?B?", 10) != 0) {
		/* Left as it was: ASCII, with no "=?" in it. */
		for (const char *p = enc; *p != '\0'; p++)
			CHECK((unsigned char)*p < 0x80);
		CHECK(strstr(enc, "=?") == NULL);
		free(enc);
		return;
	}
	for (const char *w = enc; *w != '\0';) {
		size_t k = strcspn(w, " ");

		CHECK(k <= 75);
		CHECK(strncmp(w, "=?UTF-8?B?", 10) == 0 && strncmp(w + k - 2, "?=", 2) == 0);
		w += k;
		if (*w == ' ')
			w++;
	}
	raw = malloc(strlen(enc) + 16);
	CHECK(raw != NULL);
	n = (size_t)snprintf(raw, strlen(enc) + 16, "Subject: %s\r\n\r\n", enc);
	mime_parse(raw, n, lim, &m);
	check_message(&m, lim);
	/* The decoded subject is the input minus CR/LF; compare ignoring the
	 * ends, which subjects trim. */
	{
		size_t a = 0, b = strlen(text), j = 0;
		char *want = malloc(b + 1);

		CHECK(want != NULL);
		for (size_t i = 0; i < b; i++)
			if (text[i] != '\r' && text[i] != '\n')
				want[j++] = text[i];
		want[j] = '\0';
		b = j;
		while (a < b && (want[a] == ' ' || want[a] == '\t'))
			a++;
		while (b > a && (want[b - 1] == ' ' || want[b - 1] == '\t'))
			b--;
		want[b] = '\0';
		if (valid_utf8(want))
			CHECK(strcmp(m.subject, want + a) == 0);
		free(want);
	}
	mime_message_free(&m);
	free(raw);
	free(enc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mime_limits lim;
	struct mime_message m;
	char *text, *dec;

	mime_limits_default(&lim);
	lim.max_message = 256 * 1024;
	lim.max_header = 16 * 1024;
	lim.max_depth = 8;
	lim.max_parts = 64;
	lim.max_decoded = 64 * 1024;

	mime_parse((const char *)data, size, &lim, &m);
	check_message(&m, &lim);
	mime_message_free(&m);

	/* The helpers take C strings: the input up to its first NUL. */
	text = malloc(size + 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	dec = mime_rfc2231_decode(text);
	if (dec != NULL)
		check_str(dec, 0);
	free(dec);
	if (strlen(text) < 4096)
		check_rfc2047(text, &lim);
	free(text);
	return 0;
}
