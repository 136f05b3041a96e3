/* mime.c: one raw message (RFC 5322 + MIME) to a struct mime_message.
 * libetpan parses; this file guards it (size, depth and part limits are
 * checked by a linear pre-scan before libetpan sees the message) and makes
 * sure that everything coming out is NUL-free UTF-8. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "mail/mime.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MIME_MIB ((size_t)1024 * 1024)
#define MIME_NOLIMIT ((size_t)-1)
#define MIME_NOTICE_MAX 1024
/* RFC 2231 continuations we are willing to join, and their total size. */
#define MIME_MAX_SECTIONS 256
#define MIME_MAX_PARAM (64 * 1024)
#define MIME_MAX_FILENAME 1024
#define MIME_MAX_TYPE 255

void
mime_limits_default(struct mime_limits *l)
{
	l->max_message = 50 * MIME_MIB;
	l->max_header = 256 * 1024;
	l->max_depth = 32;
	l->max_parts = 500;
	l->max_decoded = 100 * MIME_MIB;
	l->timeout_ms = 5000;
}

/* ------------------------------------------------------------------------ */
/* Bytes and UTF-8 */

static int
mime_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
mime_is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/* A header field name character as libetpan reads it: RFC 5322 ftext, but
 * with 8-bit bytes allowed (the pre-scan must not be stricter than that). */
static int
mime_is_ftext(int c)
{
	return c >= 33 && c != ':';
}

/* Case-insensitive: does s (n bytes) start with prefix? */
static int
mime_iprefix(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (mime_lower((unsigned char)s[i]) != mime_lower((unsigned char)prefix[i]))
			return 0;
	return 1;
}

/* Length of the well-formed UTF-8 sequence at p (n > 0 bytes left), or 0. */
static size_t
mime_utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* Returns the number of bytes that are not part of well-formed UTF-8; *multi
 * counts the well-formed multi-byte sequences (evidence that it is UTF-8). */
static size_t
mime_utf8_scan(const char *s, size_t n, size_t *multi)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, bad = 0;

	*multi = 0;
	while (i < n) {
		size_t k;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = mime_utf8_len(p + i, n - i);
		if (k == 0) {
			bad++;
			i++;
		} else {
			(*multi)++;
			i += k;
		}
	}
	return bad;
}

static size_t
mime_put_cp(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* windows-1252 0x80-0x9F; the five holes become U+FFFD. */
static const uint16_t mime_cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* The fallback for text of unknown or lying charset: it cannot fail. */
static char *
mime_from_cp1252(const char *in, size_t n, size_t *outlen)
{
	char *out = xmalloc(n * 3 + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c < 0x80)
			*o++ = (char)c;
		else if (c < 0xA0)
			o += mime_put_cp(o, mime_cp1252[c - 0x80]);
		else
			o += mime_put_cp(o, c);
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* Removes NUL bytes in place; returns the new length. */
static size_t
mime_strip_nul(char *s, size_t n)
{
	char *o = memchr(s, '\0', n);
	size_t j;

	if (o == NULL)
		return n;
	j = (size_t)(o - s);
	for (size_t i = j; i < n; i++)
		if (s[i] != '\0')
			s[j++] = s[i];
	s[j] = '\0';
	return j;
}

/* Any bytes to a valid, NUL-free UTF-8 string (invalid bytes as U+FFFD). */
static char *
mime_clean(const char *s, size_t n, size_t *outlen)
{
	size_t len;
	char *out = text_utf8_repair(s, n, &len);

	len = mime_strip_nul(out, len);
	if (outlen != NULL)
		*outlen = len;
	return out;
}

/* Raw 8-bit header bytes: UTF-8 if they are valid UTF-8, else windows-1252. */
static char *
mime_8bit(const char *s, size_t n)
{
	size_t multi, len;
	char *out;

	if (mime_utf8_scan(s, n, &multi) == 0) {
		out = xstrndup(s, n);
		len = n;
	} else {
		out = mime_from_cp1252(s, n, &len);
	}
	mime_strip_nul(out, len);
	return out;
}

static char *
mime_8bit_str(const char *s)
{
	return s != NULL ? mime_8bit(s, strlen(s)) : NULL;
}

/* Trims spaces, tabs, CR and LF at both ends, in place. */
static void
mime_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (mime_is_wsp(s[n - 1]) || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	while (i < n && (mime_is_wsp(s[i]) || s[i] == '\r' || s[i] == '\n'))
		i++;
	memmove(s, s + i, n - i);
	s[n - i] = '\0';
}

/* CRLF and lone CR to LF, in place; returns the new length. */
static size_t
mime_lf(char *s, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			if (i + 1 < n && s[i + 1] == '\n')
				continue;
			s[j++] = '\n';
		} else {
			s[j++] = s[i];
		}
	}
	s[j] = '\0';
	return j;
}

/* ------------------------------------------------------------------------ */
/* Charsets */

enum mime_cs {
	MIME_CS_GUESS, /* none, ASCII or Latin-1: UTF-8 if valid, else windows-1252 */
	MIME_CS_UTF8,
	MIME_CS_ICONV, /* anything else: libetpan's charconv (glibc iconv) */
};

/* Classifies a declared charset and writes the name to hand to iconv. Names
 * with odd characters never reach iconv_open ("//TRANSLIT" and friends). */
static enum mime_cs
mime_charset(const char *cs, char *name, size_t size)
{
	static const char *const guess[] = {
		"us-ascii", "ascii", "ansi_x3.4-1968", "iso-8859-1", "iso8859-1", "iso_8859-1",
		"latin1", "latin-1", "l1", "windows-1252", "cp1252", "x-unknown", "unknown-8bit",
		"unknown", "x-user-defined", "default", "us",
	};
	size_t n;

	if (cs == NULL)
		return MIME_CS_GUESS;
	n = strlen(cs);
	if (n == 0 || n >= size - 2)
		return MIME_CS_GUESS;
	for (size_t i = 0; i < n; i++) {
		char c = cs[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == ':'))
			return MIME_CS_GUESS;
	}
	if (strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0)
		return MIME_CS_UTF8;
	for (size_t i = 0; i < sizeof guess / sizeof guess[0]; i++)
		if (strcasecmp(cs, guess[i]) == 0)
			return MIME_CS_GUESS;
	/* Spellings iconv does not know but mail clients send. */
	if (mime_iprefix(cs, n, "win-125") || mime_iprefix(cs, n, "cp-125")) {
		snprintf(name, size, "windows-%s", strchr(cs, '-') + 1);
		return MIME_CS_ICONV;
	}
	memcpy(name, cs, n + 1);
	return MIME_CS_ICONV;
}

/* Decoded part text in a declared charset to UTF-8 (valid, but may contain
 * NUL). A charset iconv does not know, or no charset, falls back to
 * UTF-8-if-valid, then windows-1252. Caller frees. */
static char *
mime_to_utf8(const char *in, size_t n, const char *charset, size_t *outlen)
{
	char name[64];
	enum mime_cs kind = mime_charset(charset, name, sizeof name);
	size_t multi, bad;
	char *out;

	if (kind == MIME_CS_ICONV && n > 0) {
		char *res = NULL;
		size_t rlen = 0;

		if (charconv_buffer("utf-8", name, in, n, &res, &rlen) == MAIL_CHARCONV_NO_ERROR) {
			out = text_utf8_repair(res, rlen, outlen);
			charconv_buffer_free(res);
			return out;
		}
	}
	bad = mime_utf8_scan(in, n, &multi);
	if (bad == 0) {
		out = xmalloc(n + 1);
		memcpy(out, in, n);
		out[n] = '\0';
		*outlen = n;
		return out;
	}
	/* Declared UTF-8 with a few stray bytes is still UTF-8; declared UTF-8
	 * with no valid multi-byte sequence at all is Latin-1 in disguise. */
	if (kind == MIME_CS_UTF8 && multi > bad)
		return text_utf8_repair(in, n, outlen);
	return mime_from_cp1252(in, n, outlen);
}

/* ------------------------------------------------------------------------ */
/* RFC 2231 parameter values */

static int
mime_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = mime_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Appends s with %XX decoded; a '%' not followed by two hex digits stays. */
static void
mime_pct_decode(struct buf *b, const char *s)
{
	while (*s != '\0') {
		if (s[0] == '%' && mime_hex((unsigned char)s[1]) >= 0 &&
		    mime_hex((unsigned char)s[2]) >= 0) {
			buf_addc(b, (char)(mime_hex((unsigned char)s[1]) << 4 |
			    mime_hex((unsigned char)s[2])));
			s += 3;
		} else {
			buf_addc(b, *s++);
		}
	}
}

/* Splits charset'lang'rest; returns rest, or NULL if value is not in that form.
 * The charset is copied to cs (empty if it is blank or does not fit). */
static const char *
mime_rfc2231_split(const char *value, char *cs, size_t size)
{
	const char *q1 = strchr(value, '\''), *q2;

	if (q1 == NULL || (q2 = strchr(q1 + 1, '\'')) == NULL)
		return NULL;
	for (const char *p = value; p < q1; p++)
		if (!(mime_is_ftext((unsigned char)*p) && (unsigned char)*p < 127 && *p != '%' &&
		    *p != '"' && *p != '='))
			return NULL;
	for (const char *p = q1 + 1; p < q2; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return NULL;
	if ((size_t)(q1 - value) < size) {
		memcpy(cs, value, (size_t)(q1 - value));
		cs[q1 - value] = '\0';
	} else {
		cs[0] = '\0';
	}
	return q2 + 1;
}

static char *
mime_bytes_to_utf8(const char *bytes, size_t n, const char *charset)
{
	size_t len;
	char *out = mime_to_utf8(bytes, n, charset[0] != '\0' ? charset : NULL, &len);

	mime_strip_nul(out, len);
	return out;
}

char *
mime_rfc2231_decode(const char *value)
{
	char cs[64];
	const char *rest;
	struct buf b;
	char *out;

	if (value == NULL || (rest = mime_rfc2231_split(value, cs, sizeof cs)) == NULL)
		return NULL;
	buf_init(&b, MIME_NOLIMIT);
	mime_pct_decode(&b, rest);
	out = mime_bytes_to_utf8(buf_str(&b), b.len, cs);
	buf_free(&b);
	return out;
}

/* ------------------------------------------------------------------------ */
/* RFC 2047 header values */

/* libetpan decodes each encoded word into a C string, so "=00" cuts the rest
 * of the word off ("Refund approved=00 NOT" would read "Refund approved").
 * Rewrites the encoded words whose payload holds NUL bytes as Q words
 * without them; returns NULL when nothing had to change. */
static char *
mime_ew_drop_nul(const char *s)
{
	const char *p = s, *copied = s;
	struct buf b;
	int changed = 0;

	buf_init(&b, MIME_NOLIMIT);
	while ((p = strstr(p, "=?")) != NULL) {
		const char *cs = p + 2, *q = strchr(cs, '?'), *text, *end;
		char *dec = NULL;
		size_t idx = 0, dlen = 0;
		int r;

		if (q == NULL || q == cs || strchr("BbQq", q[1]) == NULL || q[1] == '\0' ||
		    q[2] != '?') {
			p += 2;
			continue;
		}
		text = q + 3;
		if ((end = strstr(text, "?=")) == NULL)
			break;
		/* Wide charsets carry NUL bytes legitimately; libetpan garbles them anyway. */
		if (mime_iprefix(cs, (size_t)(q - cs), "utf-16") ||
		    mime_iprefix(cs, (size_t)(q - cs), "utf-32") ||
		    mime_iprefix(cs, (size_t)(q - cs), "ucs")) {
			p = end + 2;
			continue;
		}
		if (q[1] == 'B' || q[1] == 'b')
			r = mailmime_base64_body_parse(text, (size_t)(end - text), &idx, &dec, &dlen);
		else
			r = mailmime_quoted_printable_body_parse(text, (size_t)(end - text), &idx, &dec,
			    &dlen, 1);
		if (r == MAILIMF_NO_ERROR && memchr(dec, '\0', dlen) != NULL) {
			buf_add(&b, copied, (size_t)(p - copied));
			buf_add(&b, p, (size_t)(q - p));
			buf_addstr(&b, "?Q?");
			for (size_t i = 0; i < dlen; i++) {
				unsigned char c = (unsigned char)dec[i];

				if (c == 0)
					continue;
				if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
					buf_addc(&b, (char)c);
				else
					buf_addf(&b, "=%02X", c);
			}
			buf_addstr(&b, "?=");
			copied = end + 2;
			changed = 1;
		}
		if (r == MAILIMF_NO_ERROR)
			mailmime_decoded_part_free(dec);
		p = end + 2;
	}
	if (!changed) {
		buf_free(&b);
		return NULL;
	}
	buf_addstr(&b, copied);
	return buf_take(&b);
}

/* Folded raw value to one line: CR and LF dropped (the folding WSP stays). */
static void
mime_unfold(char *s)
{
	size_t j = 0;

	for (size_t i = 0; s[i] != '\0'; i++)
		if (s[i] != '\r' && s[i] != '\n')
			s[j++] = s[i];
	s[j] = '\0';
}

/* A raw header value (unstructured text or a display name) to NUL-free
 * UTF-8 with encoded words decoded; never NULL. Controls an encoded word
 * produces (ESC, CR, LF) are data and stay: display sanitises. */
static char *
mime_decode_2047(const char *raw)
{
	char *fixed, *res = NULL, *out;
	const char *v;
	size_t n, idx = 0, multi;

	if (raw == NULL)
		return xstrdup("");
	fixed = mime_ew_drop_nul(raw);
	v = fixed != NULL ? fixed : raw;
	n = strlen(v);
	if (mailmime_encoded_phrase_parse(mime_utf8_scan(v, n, &multi) == 0 ? "utf-8" :
	    "windows-1252", v, n, &idx, "utf-8", &res) == MAILIMF_NO_ERROR && res != NULL) {
		out = mime_clean(res, strlen(res), NULL);
		free(res);
	} else {
		out = mime_8bit(v, n);
		mime_unfold(out);
	}
	free(fixed);
	mime_trim(out);
	return out;
}

/* ------------------------------------------------------------------------ */
/* HTML to text */

struct mime_html {
	struct buf b;
	int space;   /* a space is pending (collapsed white space) */
	int nl;      /* newlines pending (block boundaries), at most 2 */
	int pre;     /* inside <pre>: white space is literal */
};

/* Emits the pending break or space, then n bytes of visible text. */
static void
mime_html_text(struct mime_html *h, const char *s, size_t n)
{
	if (h->b.len > 0 && h->nl > 0) {
		for (int i = 0; i < h->nl; i++)
			buf_addc(&h->b, '\n');
	} else if (h->space && h->b.len > 0 && h->b.data[h->b.len - 1] != '\n') {
		buf_addc(&h->b, ' ');
	}
	h->nl = 0;
	h->space = 0;
	buf_add(&h->b, s, n);
}

static void
mime_html_break(struct mime_html *h, int n)
{
	if (h->nl < n)
		h->nl = n;
	h->space = 0;
}

static void
mime_html_cp(struct mime_html *h, uint32_t c)
{
	char tmp[4];

	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
		if (h->pre)
			mime_html_text(h, c == '\t' ? "\t" : c == ' ' ? " " : "\n", 1);
		else
			h->space = 1;
		return;
	}
	mime_html_text(h, tmp, mime_put_cp(tmp, c));
}

static const struct {
	const char *name;
	uint16_t cp;
} mime_entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"nbsp", ' '}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}, {"euro", 0x20AC},
	{"pound", 0xA3}, {"yen", 0xA5}, {"cent", 0xA2}, {"sect", 0xA7}, {"deg", 0xB0},
	{"plusmn", 0xB1}, {"times", 0xD7}, {"divide", 0xF7}, {"middot", 0xB7},
	{"bull", 0x2022}, {"hellip", 0x2026}, {"ndash", 0x2013}, {"mdash", 0x2014},
	{"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"ldquo", 0x201C},
	{"rdquo", 0x201D}, {"bdquo", 0x201E}, {"laquo", 0xAB}, {"raquo", 0xBB},
	{"auml", 0xE4}, {"ouml", 0xF6}, {"uuml", 0xFC}, {"Auml", 0xC4}, {"Ouml", 0xD6},
	{"Uuml", 0xDC}, {"szlig", 0xDF}, {"eacute", 0xE9}, {"Eacute", 0xC9},
	{"egrave", 0xE8}, {"agrave", 0xE0}, {"aacute", 0xE1}, {"iacute", 0xED},
	{"oacute", 0xF3}, {"uacute", 0xFA}, {"yacute", 0xFD}, {"ccedil", 0xE7},
	{"ntilde", 0xF1}, {"shy", 0xAD}, {"zwnj", 0x200C}, {"zwj", 0x200D},
};

/* s[0] is '&'. Decodes one entity and returns the bytes used, or 0 if this
 * is no entity we know (the '&' is then literal). */
static size_t
mime_html_entity(struct mime_html *h, const char *s, size_t n)
{
	size_t i = 1;

	if (i < n && s[i] == '#') {
		uint32_t c = 0;
		int hex = 0, digits = 0;

		i++;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (; i < n; i++) {
			int d = hex ? mime_hex((unsigned char)s[i]) :
			    (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);

			if (d < 0)
				break;
			if (c <= 0x10FFFF)
				c = c * (hex ? 16 : 10) + (uint32_t)d;
			digits++;
		}
		if (digits == 0)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		mime_html_cp(h, c);
		return i;
	}
	while (i < n && i < 10 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	    (s[i] >= '0' && s[i] <= '9')))
		i++;
	if (i >= n || s[i] != ';' || i == 1)
		return 0;
	for (size_t k = 0; k < sizeof mime_entities / sizeof mime_entities[0]; k++) {
		if (strlen(mime_entities[k].name) == i - 1 &&
		    memcmp(mime_entities[k].name, s + 1, i - 1) == 0) {
			if (mime_entities[k].cp == 0xAD || mime_entities[k].cp == 0x200C ||
			    mime_entities[k].cp == 0x200D)
				return i + 1; /* invisible: dropped */
			if (k == 5) /* &nbsp; is a space that does not collapse */
				mime_html_text(h, " ", 1);
			else
				mime_html_cp(h, mime_entities[k].cp);
			return i + 1;
		}
	}
	return 0;
}

/* Offset just past the closing tag "</name ...>" (case-insensitive), or n. */
static size_t
mime_html_skip_to_close(const char *s, size_t n, size_t i, const char *name)
{
	size_t k = strlen(name);

	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);

		if (lt == NULL)
			return n;
		i = (size_t)(lt - s) + 1;
		if (i < n && s[i] == '/' && mime_iprefix(s + i + 1, n - i - 1, name) &&
		    (i + 1 + k >= n || !((s[i + 1 + k] >= 'a' && s[i + 1 + k] <= 'z') ||
		    (s[i + 1 + k] >= 'A' && s[i + 1 + k] <= 'Z') ||
		    (s[i + 1 + k] >= '0' && s[i + 1 + k] <= '9')))) {
			const char *gt = memchr(s + i, '>', n - i);

			return gt != NULL ? (size_t)(gt - s) + 1 : n;
		}
	}
	return n;
}

static int
mime_tag_in(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/* One tag starting at s[i] == '<'; returns the offset after it, or 0 if the
 * '<' does not start a tag (then it is text). */
static size_t
mime_html_tag(struct mime_html *h, const char *s, size_t n, size_t i)
{
	static const char *const para[] = {
		"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
		"blockquote", "pre", "hr", NULL,
	};
	static const char *const block[] = {
		"div", "tr", "li", "dd", "dt", "section", "article", "header", "footer", "nav",
		"aside", "address", "center", "form", "fieldset", "figure", "figcaption", "main",
		"caption", "tbody", "thead", "tfoot", "body", "html", "title", "legend", NULL,
	};
	static const char *const skip[] = {
		"script", "style", "title", "template", "noscript", "object", "svg", NULL,
	};
	char name[16];
	size_t k = 0, j;
	int close = 0;
	char quote = 0;

	j = i + 1;
	if (j < n && s[j] == '!') {
		if (j + 2 < n && s[j + 1] == '-' && s[j + 2] == '-') {
			for (j += 3; j + 2 < n; j++)
				if (s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>')
					return j + 3;
			return n;
		}
		const char *gt = memchr(s + j, '>', n - j);

		return gt != NULL ? (size_t)(gt - s) + 1 : n;
	}
	if (j < n && s[j] == '?') {
		const char *gt = memchr(s + j, '>', n - j);

		return gt != NULL ? (size_t)(gt - s) + 1 : n;
	}
	if (j < n && s[j] == '/') {
		close = 1;
		j++;
	}
	if (j >= n || !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
		return 0;
	while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
	    (s[j] >= '0' && s[j] <= '9'))) {
		if (k < sizeof name - 1)
			name[k++] = (char)mime_lower((unsigned char)s[j]);
		j++;
	}
	name[k] = '\0';
	/* The rest of the tag, honouring quoted attribute values. */
	for (; j < n; j++) {
		if (quote != 0) {
			if (s[j] == quote)
				quote = 0;
		} else if (s[j] == '"' || s[j] == '\'') {
			quote = s[j];
		} else if (s[j] == '>') {
			break;
		}
	}
	j = j < n ? j + 1 : n;
	if (!close && mime_tag_in(name, skip))
		return mime_html_skip_to_close(s, n, j, name);
	if (strcmp(name, "br") == 0) {
		if (h->nl < 2)
			h->nl++;
		if (h->b.len == 0 && h->nl > 0)
			h->nl = 0;
		h->space = 0;
		return j;
	}
	if (strcmp(name, "pre") == 0)
		h->pre = close ? 0 : 1;
	if (mime_tag_in(name, para)) {
		mime_html_break(h, 2);
	} else if (mime_tag_in(name, block)) {
		mime_html_break(h, 1);
		if (!close && strcmp(name, "li") == 0)
			mime_html_text(h, "- ", 2);
	} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		if (!close)
			h->space = 1;
	} else if (strcmp(name, "img") == 0) {
		h->space = 1;
	}
	return j;
}

/* A careful tag stripper, not a renderer: script/style/title dropped, block
 * tags become line breaks, white space collapses outside <pre>, the common
 * entities are decoded. Input is UTF-8; output is UTF-8 ending in one LF
 * (or empty). Linear in n. Caller frees. */
static char *
mime_html_to_text(const char *s, size_t n, size_t *outlen)
{
	struct mime_html h;
	size_t i = 0;

	memset(&h, 0, sizeof h);
	buf_init(&h.b, MIME_NOLIMIT);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c == '<') {
			size_t j = mime_html_tag(&h, s, n, i);

			if (j > 0) {
				i = j;
				continue;
			}
		} else if (c == '&') {
			size_t j = mime_html_entity(&h, s + i, n - i);

			if (j > 0) {
				i += j;
				continue;
			}
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			if (h.pre && c == '\r' && i + 1 < n && s[i + 1] == '\n') {
				i++;
				continue;
			}
			mime_html_cp(&h, c);
			i++;
			continue;
		}
		/* A run of ordinary text up to the next special byte. */
		size_t j = i + 1;

		while (j < n && s[j] != '<' && s[j] != '&' && s[j] != ' ' && s[j] != '\t' &&
		    s[j] != '\n' && s[j] != '\r' && s[j] != '\f')
			j++;
		mime_html_text(&h, s + i, j - i);
		i = j;
	}
	/* Trailing blanks go; the text ends with exactly one newline. */
	while (h.b.len > 0 && (h.b.data[h.b.len - 1] == '\n' || h.b.data[h.b.len - 1] == ' ' ||
	    h.b.data[h.b.len - 1] == '\t'))
		h.b.len--;
	if (h.b.len > 0) {
		h.b.data[h.b.len] = '\0';
		buf_addc(&h.b, '\n');
	}
	*outlen = h.b.len;
	return buf_take(&h.b);
}

/* ------------------------------------------------------------------------ */
/* The pre-scan: a linear walk over the lines of the message that finds the
 * MIME structure the way libetpan 1.9.4 will, so that nesting, part count
 * and the boundary parameter are checked before libetpan (which recurses
 * without a limit, is superlinear in the depth, and overflows the heap on
 * boundary="\"") sees anything. It must never count less than libetpan
 * would: where libetpan's behaviour is odd, the scan errs towards more.
 *   - A delimiter line is "--" boundary, matched as a prefix, then only
 *     white space; outer boundaries take precedence over inner ones.
 *   - Before a multipart's first delimiter any line starting "--" boundary
 *     counts (also after a lone CR), and the text after it starts the part.
 *   - A multipart without any delimiter is parsed as one implicit part
 *     starting at its body, so the scan always opens that implicit part.
 *   - Close delimiters are ignored: libetpan looks for another open
 *     delimiter first, so what follows "--b--" may still be a part.
 *   - A part starts after blank lines, with a header block that ends at an
 *     empty line or at the first line that is not a header field. */

enum mime_scan_result {
	MIME_SCAN_OK,
	MIME_SCAN_DEPTH,
	MIME_SCAN_PARTS,
	MIME_SCAN_BOUNDARY,
};

struct mime_frame {
	char *boundary; /* NULL for an encapsulated message/rfc822 */
	size_t blen;
	int digest;     /* parts default to message/rfc822 */
	int started;    /* a first delimiter was seen */
};

enum mime_scan_state {
	MIME_ST_PART_START, /* blank lines are skipped, then headers */
	MIME_ST_HEADERS,
	MIME_ST_BODY,
};

struct mime_scan {
	const char *raw;
	const struct mime_limits *lim;
	struct mime_frame *f;
	size_t nf, capf;
	size_t parts;
	enum mime_scan_state st;
	int default_msg;     /* the part being read defaults to message/rfc822 */
	/* The header field being read, as offsets into raw (value after ':'). */
	int field;           /* 0 none, 1 Content-Type, 2 Content-Transfer-Encoding, 3 other */
	size_t fv, fe;
	struct mailmime_content *ct;
	int enc;             /* MAILMIME_MECHANISM_* of the first parsable CTE, or 0 */
	enum mime_scan_result res;
};

static void
mime_scan_pop(struct mime_scan *sc, size_t keep)
{
	while (sc->nf > keep)
		free(sc->f[--sc->nf].boundary);
}

static int
mime_scan_push(struct mime_scan *sc, const char *b, size_t blen, int digest)
{
	if (sc->nf + 1 > sc->lim->max_depth) {
		sc->res = MIME_SCAN_DEPTH;
		return -1;
	}
	if (sc->nf == sc->capf) {
		sc->capf = sc->capf == 0 ? 8 : sc->capf * 2;
		sc->f = xreallocarray(sc->f, sc->capf, sizeof *sc->f);
	}
	sc->f[sc->nf].boundary = b != NULL ? xstrndup(b, blen) : NULL;
	sc->f[sc->nf].blen = blen;
	sc->f[sc->nf].digest = digest;
	sc->f[sc->nf].started = 0;
	sc->nf++;
	return 0;
}

static int
mime_scan_part(struct mime_scan *sc)
{
	if (++sc->parts > sc->lim->max_parts) {
		sc->res = MIME_SCAN_PARTS;
		return -1;
	}
	return 0;
}

/* The header field that just ended: Content-Type and -Transfer-Encoding are
 * parsed with libetpan's own parsers, first parsable one wins, as in libetpan.
 * Like libetpan's C-string values, a value stops at a NUL byte. */
static void
mime_scan_field_end(struct mime_scan *sc)
{
	const char *v = sc->raw + sc->fv;
	const char *nul = memchr(v, '\0', sc->fe - sc->fv);
	size_t n = nul != NULL ? (size_t)(nul - v) : sc->fe - sc->fv, idx = 0;

	if (sc->field == 1 && sc->ct == NULL) {
		struct mailmime_content *ct = NULL;

		if (mailmime_content_parse(v, n, &idx, &ct) == MAILIMF_NO_ERROR)
			sc->ct = ct;
	} else if (sc->field == 2 && sc->enc == 0) {
		struct mailmime_mechanism *m = NULL;

		if (mailmime_encoding_parse(v, n, &idx, &m) == MAILIMF_NO_ERROR) {
			sc->enc = m->enc_type;
			mailmime_mechanism_free(m);
		}
	}
	sc->field = 0;
}

/* The header block ended: decides what the body that follows is. */
static int
mime_scan_headers_end(struct mime_scan *sc)
{
	struct mailmime_content *ct;
	int msg = 0, rc = 0;

	if (sc->field != 0)
		mime_scan_field_end(sc);
	ct = sc->ct;
	sc->st = MIME_ST_BODY;
	if (ct == NULL) {
		msg = sc->default_msg;
	} else if (ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
	    ct->ct_type->tp_data.tp_composite_type->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART) {
		const char *b = mailmime_content_param_get(ct, "boundary");

		if (b != NULL) {
			size_t blen = strlen(b);

			/* mailmime_extract_boundary drops the first and last byte of
			 * a value that starts with a quote, whatever its length. */
			if (b[0] == '"') {
				if (blen < 2) {
					sc->res = MIME_SCAN_BOUNDARY;
					rc = -1;
					goto done;
				}
				b++;
				blen -= 2;
			}
			if (blen == 0) {
				sc->res = MIME_SCAN_BOUNDARY;
				rc = -1;
				goto done;
			}
			if (mime_scan_push(sc, b, blen, strcasecmp(ct->ct_subtype, "digest") == 0) != 0 ||
			    mime_scan_part(sc) != 0) {
				rc = -1;
				goto done;
			}
			sc->st = MIME_ST_PART_START;
			sc->default_msg = sc->f[sc->nf - 1].digest;
		}
	} else if (ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
	    ct->ct_type->tp_data.tp_composite_type->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE &&
	    strcasecmp(ct->ct_subtype, "rfc822") == 0) {
		msg = 1;
	}
	if (msg && sc->enc != MAILMIME_MECHANISM_QUOTED_PRINTABLE &&
	    sc->enc != MAILMIME_MECHANISM_BASE64) {
		if (mime_scan_push(sc, NULL, 0, 0) != 0 || mime_scan_part(sc) != 0) {
			rc = -1;
			goto done;
		}
		sc->st = MIME_ST_HEADERS;
		sc->default_msg = 0;
	}
done:
	if (ct != NULL)
		mailmime_content_free(ct);
	sc->ct = NULL;
	sc->enc = 0;
	return rc;
}

static int
mime_scan_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!mime_is_wsp(s[i]))
			return 0;
	return 1;
}

static int mime_scan_line(struct mime_scan *sc, size_t s, size_t e, int delimiters);

/* A delimiter of frame i at raw[at]: closes everything inside frame i and
 * starts a part; text after the boundary on a first delimiter starts it. */
static int
mime_scan_delimiter(struct mime_scan *sc, size_t i, size_t after, size_t e)
{
	int first = !sc->f[i].started;

	mime_scan_pop(sc, i + 1);
	sc->f[i].started = 1;
	sc->field = 0;
	if (sc->ct != NULL) {
		mailmime_content_free(sc->ct);
		sc->ct = NULL;
	}
	sc->enc = 0;
	/* The implicit part counted when the multipart began is this first one. */
	if (!first && mime_scan_part(sc) != 0)
		return -1;
	sc->st = MIME_ST_PART_START;
	sc->default_msg = sc->f[i].digest;
	/* No delimiter can start right there (libetpan wants a LF before one),
	 * hence no delimiter check, and no recursion. */
	if (first && !mime_scan_blank(sc->raw + after, e - after))
		return mime_scan_line(sc, after, e, 0);
	return 0;
}

/* Returns 1 if the line [s, e) was a delimiter (and handled it), 0 if not,
 * -1 on a limit. */
static int
mime_scan_delimiters(struct mime_scan *sc, size_t s, size_t e)
{
	const char *l = sc->raw + s;
	size_t n = e - s;

	if (n >= 2 && l[0] == '-' && l[1] == '-') {
		for (size_t i = 0; i < sc->nf; i++) {
			const struct mime_frame *fr = &sc->f[i];

			if (fr->boundary == NULL || n - 2 < fr->blen ||
			    memcmp(l + 2, fr->boundary, fr->blen) != 0)
				continue;
			if (fr->started && !mime_scan_blank(l + 2 + fr->blen, n - 2 - fr->blen))
				continue;
			return mime_scan_delimiter(sc, i, s + 2 + fr->blen, e) != 0 ? -1 : 1;
		}
	}
	/* In a preamble libetpan also takes "--boundary" right after a lone CR. */
	for (size_t i = 0; i < sc->nf; i++) {
		const struct mime_frame *fr = &sc->f[i];
		const char *cr = l;

		if (fr->boundary == NULL || fr->started)
			continue;
		while ((cr = memchr(cr, '\r', n - (size_t)(cr - l))) != NULL) {
			size_t off = (size_t)(cr - l) + 1;

			if (n - off >= 2 + fr->blen && l[off] == '-' && l[off + 1] == '-' &&
			    memcmp(l + off + 2, fr->boundary, fr->blen) == 0)
				return mime_scan_delimiter(sc, i, s + off + 2 + fr->blen, e) != 0 ?
				    -1 : 1;
			cr++;
		}
	}
	return 0;
}

/* One line [s, e) without its line ending. */
static int
mime_scan_line(struct mime_scan *sc, size_t s, size_t e, int delimiters)
{
	const char *l = sc->raw + s;
	size_t n = e - s, k;
	int r;

	if (delimiters && sc->nf > 0 && (r = mime_scan_delimiters(sc, s, e)) != 0)
		return r < 0 ? -1 : 0;
	if (sc->st == MIME_ST_PART_START) {
		if (mime_scan_blank(l, n))
			return 0;
		sc->st = MIME_ST_HEADERS;
	}
	if (sc->st == MIME_ST_BODY)
		return 0;
	/* MIME_ST_HEADERS */
	if (n == 0)
		return mime_scan_headers_end(sc);
	if (mime_is_wsp(l[0])) {
		if (sc->field != 0) {
			sc->fe = e;
			return 0;
		}
		return mime_scan_headers_end(sc);
	}
	for (k = 0; k < n && mime_is_ftext((unsigned char)l[k]); k++)
		;
	if (k == 0 || memchr(l + k, ':', n - k) == NULL) {
		/* Not a field: the body starts on this very line. */
		return mime_scan_headers_end(sc);
	}
	if (sc->field != 0)
		mime_scan_field_end(sc);
	if (k == 12 && mime_iprefix(l, k, "content-type"))
		sc->field = 1;
	else if (k == 25 && mime_iprefix(l, k, "content-transfer-encoding"))
		sc->field = 2;
	else
		sc->field = 3;
	sc->fv = s + (size_t)((const char *)memchr(l + k, ':', n - k) - l) + 1;
	sc->fe = e;
	return 0;
}

static enum mime_scan_result
mime_prescan(const char *raw, size_t len, const struct mime_limits *lim)
{
	struct mime_scan sc;
	size_t s = 0;

	memset(&sc, 0, sizeof sc);
	sc.raw = raw;
	sc.lim = lim;
	sc.st = MIME_ST_HEADERS;
	sc.parts = 1;
	sc.res = MIME_SCAN_OK;
	while (s < len) {
		const char *lf = memchr(raw + s, '\n', len - s);
		size_t next = lf != NULL ? (size_t)(lf - raw) + 1 : len;
		size_t e = lf != NULL ? (size_t)(lf - raw) : len;

		if (e > s && raw[e - 1] == '\r')
			e--;
		if (mime_scan_line(&sc, s, e, 1) != 0)
			goto done;
		s = next;
	}
	if (sc.st == MIME_ST_HEADERS)
		mime_scan_headers_end(&sc);
done:
	if (sc.ct != NULL)
		mailmime_content_free(sc.ct);
	mime_scan_pop(&sc, 0);
	free(sc.f);
	return sc.res;
}

/* End of the top header block within raw[0..n): the offset of the empty line,
 * or of the first line that is not a header field; n if neither is found. */
static size_t
mime_header_len(const char *raw, size_t n)
{
	size_t s = 0;
	int field = 0;

	while (s < n) {
		const char *lf = memchr(raw + s, '\n', n - s);
		size_t e = lf != NULL ? (size_t)(lf - raw) : n, k;

		if (e > s && raw[e - 1] == '\r' && lf != NULL)
			e--;
		if (e == s && lf != NULL)
			return s;
		if (mime_is_wsp(raw[s])) {
			if (!field)
				return s;
		} else {
			for (k = s; k < e && mime_is_ftext((unsigned char)raw[k]); k++)
				;
			if (k == s || memchr(raw + k, ':', e - k) == NULL)
				return lf != NULL ? s : n;
			field = 1;
		}
		if (lf == NULL)
			return n;
		s = (size_t)(lf - raw) + 1;
	}
	return n;
}

/* ------------------------------------------------------------------------ */
/* Parse context */

enum mime_item_kind {
	MIME_ITEM_PLAIN,
	MIME_ITEM_HTML,
	MIME_ITEM_ATT,
	MIME_ITEM_FORWARD, /* message/rfc822 kept whole */
};

struct mime_item {
	struct mailmime *m;
	enum mime_item_kind kind;
};

struct mime_ctx {
	const struct mime_limits *lim;
	struct mime_message *out;
	struct buf notice;
	struct buf body;
	struct mime_item *items;
	size_t nitems, capitems;
	size_t ntext;        /* PLAIN and HTML items so far */
	size_t nodes;        /* tree nodes walked */
	int over;            /* the walk met a limit the pre-scan should have */
	int dsn;             /* a message/delivery-status part was seen */
	size_t decoded;      /* body + attachment bytes so far */
	size_t dropped;      /* attachments left out for max_decoded */
	size_t natt_cap;
};

static void mime_note(struct mime_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Notices are English data for logs and the ticket view, one line, "; " joined. */
static void
mime_note(struct mime_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (c->notice.len > 0 && strstr(c->notice.data, s) != NULL) {
		free(s);
		return;
	}
	if (c->notice.len + strlen(s) + 2 <= MIME_NOTICE_MAX) {
		if (c->notice.len > 0)
			buf_addstr(&c->notice, "; ");
		buf_addstr(&c->notice, s);
	}
	free(s);
}

/* ------------------------------------------------------------------------ */
/* Headers */

static char *
mime_lower_domain(char *addr)
{
	char *at = strrchr(addr, '@');

	if (at != NULL)
		for (char *p = at + 1; *p != '\0'; p++)
			*p = (char)mime_lower((unsigned char)*p);
	return addr;
}

/* Fallback for msg-id fields libetpan could not parse: the <...> tokens. */
static size_t
mime_angle_ids(const char *v, char ***ids)
{
	size_t n = 0;

	*ids = NULL;
	while ((v = strchr(v, '<')) != NULL) {
		const char *e = strchr(v + 1, '>');

		if (e == NULL)
			break;
		if (e > v + 1) {
			*ids = xreallocarray(*ids, n + 1, sizeof **ids);
			(*ids)[n++] = mime_8bit(v + 1, (size_t)(e - v - 1));
		}
		v = e + 1;
	}
	return n;
}

static char *
mime_msgid(const char *v)
{
	char *s = mime_8bit_str(v);
	size_t n;

	mime_trim(s);
	n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
	return s;
}

static const char *
mime_optional(struct mailimf_fields *fields, const char *name)
{
	for (clistiter *it = clist_begin(fields->fld_list); it != NULL; it = clist_next(it)) {
		struct mailimf_field *f = clist_content(it);

		if (f->fld_type == MAILIMF_FIELD_OPTIONAL_FIELD &&
		    strcasecmp(f->fld_data.fld_optional_field->fld_name, name) == 0)
			return f->fld_data.fld_optional_field->fld_value != NULL ?
			    f->fld_data.fld_optional_field->fld_value : "";
	}
	return NULL;
}

/* The first word of a header value, lower case: "Auto-Submitted: Auto-Replied (x)". */
static void
mime_first_token(const char *v, char *out, size_t size)
{
	size_t k = 0;

	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	while (*v != '\0' && *v != ' ' && *v != '\t' && *v != ';' && *v != '(' && *v != '\r' &&
	    *v != '\n' && k + 1 < size)
		out[k++] = (char)mime_lower((unsigned char)*v++);
	out[k] = '\0';
}

static int64_t
mime_days_from_civil(int64_t y, int m, int d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Date: to UTC epoch seconds; 0 for anything out of range. */
static int64_t
mime_epoch(const struct mailimf_date_time *d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t y = d->dt_year;
	int z = d->dt_zone, zh, zm, leap;

	/* RFC 5322 4.3: two-digit years. */
	if (y >= 0 && y < 50)
		y += 2000;
	else if (y >= 50 && y < 1000)
		y += 1900;
	if (y < 1900 || y > 9999 || d->dt_month < 1 || d->dt_month > 12 || d->dt_day < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d->dt_day > mdays[d->dt_month - 1] || (d->dt_month == 2 && !leap && d->dt_day > 28))
		return 0;
	if (d->dt_hour < 0 || d->dt_hour > 23 || d->dt_min < 0 || d->dt_min > 59 ||
	    d->dt_sec < 0 || d->dt_sec > 60)
		return 0;
	/* libetpan turns "UT" into +0001; no real zone is under an hour off. */
	if (z > -100 && z < 100)
		z = 0;
	zh = (z < 0 ? -z : z) / 100;
	zm = (z < 0 ? -z : z) % 100;
	if (zh > 99 || zm > 59)
		return 0;
	return mime_days_from_civil(y, d->dt_month, d->dt_day) * 86400 + d->dt_hour * 3600 +
	    d->dt_min * 60 + d->dt_sec - (z < 0 ? -1 : 1) * (int64_t)(zh * 3600 + zm * 60);
}

static int
mime_is_daemon(const char *addr)
{
	size_t n;

	if (addr == NULL)
		return 0;
	n = strcspn(addr, "@");
	return (n == 13 && mime_iprefix(addr, n, "mailer-daemon")) ||
	    (n == 10 && mime_iprefix(addr, n, "postmaster"));
}

static void
mime_headers(struct mime_ctx *c, struct mailimf_fields *fields)
{
	struct mime_message *o = c->out;
	struct mailimf_single_fields hf;
	const char *v;
	char tok[32];

	mailimf_single_fields_init(&hf, fields);
	if (hf.fld_message_id != NULL && hf.fld_message_id->mid_value != NULL)
		o->message_id = mime_msgid(hf.fld_message_id->mid_value);
	else if ((v = mime_optional(fields, "Message-ID")) != NULL)
		o->message_id = mime_msgid(v);
	if (o->message_id != NULL && o->message_id[0] == '\0') {
		free(o->message_id);
		o->message_id = NULL;
	}
	if (hf.fld_in_reply_to != NULL && hf.fld_in_reply_to->mid_list != NULL &&
	    clist_begin(hf.fld_in_reply_to->mid_list) != NULL) {
		o->in_reply_to = mime_8bit_str(clist_content(clist_begin(hf.fld_in_reply_to->mid_list)));
	} else if ((v = mime_optional(fields, "In-Reply-To")) != NULL) {
		char **ids;
		size_t n = mime_angle_ids(v, &ids);

		if (n > 0)
			o->in_reply_to = ids[0];
		for (size_t i = 1; i < n; i++)
			free(ids[i]);
		free(ids);
	}
	if (hf.fld_references != NULL && hf.fld_references->mid_list != NULL) {
		clist *l = hf.fld_references->mid_list;

		o->references = xcalloc((size_t)clist_count(l) + 1, sizeof *o->references);
		for (clistiter *it = clist_begin(l); it != NULL; it = clist_next(it))
			o->references[o->nreferences++] = mime_8bit_str(clist_content(it));
	} else if ((v = mime_optional(fields, "References")) != NULL) {
		o->nreferences = mime_angle_ids(v, &o->references);
	}
	if (hf.fld_from != NULL && hf.fld_from->frm_mb_list != NULL &&
	    clist_begin(hf.fld_from->frm_mb_list->mb_list) != NULL) {
		struct mailimf_mailbox *mb =
		    clist_content(clist_begin(hf.fld_from->frm_mb_list->mb_list));

		if (mb->mb_addr_spec != NULL)
			o->from_addr = mime_lower_domain(mime_8bit_str(mb->mb_addr_spec));
		o->from_name = mime_decode_2047(mb->mb_display_name);
	}
	if (hf.fld_to != NULL && hf.fld_to->to_addr_list != NULL) {
		for (clistiter *it = clist_begin(hf.fld_to->to_addr_list->ad_list);
		     it != NULL && o->to_addr == NULL; it = clist_next(it)) {
			struct mailimf_address *a = clist_content(it);
			struct mailimf_mailbox *mb = NULL;

			if (a->ad_type == MAILIMF_ADDRESS_MAILBOX) {
				mb = a->ad_data.ad_mailbox;
			} else if (a->ad_type == MAILIMF_ADDRESS_GROUP &&
			    a->ad_data.ad_group->grp_mb_list != NULL &&
			    clist_begin(a->ad_data.ad_group->grp_mb_list->mb_list) != NULL) {
				mb = clist_content(clist_begin(a->ad_data.ad_group->grp_mb_list->mb_list));
			}
			if (mb != NULL && mb->mb_addr_spec != NULL)
				o->to_addr = mime_lower_domain(mime_8bit_str(mb->mb_addr_spec));
		}
	}
	if (hf.fld_subject != NULL)
		o->subject = mime_decode_2047(hf.fld_subject->sbj_value);
	if (hf.fld_orig_date != NULL && hf.fld_orig_date->dt_date_time != NULL)
		o->date = mime_epoch(hf.fld_orig_date->dt_date_time);

	if ((v = mime_optional(fields, "Auto-Submitted")) != NULL) {
		mime_first_token(v, tok, sizeof tok);
		if (tok[0] != '\0' && strcmp(tok, "no") != 0)
			o->flags |= MIME_AUTO_REPLY;
	}
	if (((v = mime_optional(fields, "X-Autoreply")) != NULL ||
	    (v = mime_optional(fields, "X-Autorespond")) != NULL)) {
		mime_first_token(v, tok, sizeof tok);
		if (strcmp(tok, "no") != 0 && strcmp(tok, "false") != 0 && strcmp(tok, "0") != 0)
			o->flags |= MIME_AUTO_REPLY;
	}
	if ((v = mime_optional(fields, "Precedence")) != NULL) {
		mime_first_token(v, tok, sizeof tok);
		if (strcmp(tok, "auto_reply") == 0)
			o->flags |= MIME_AUTO_REPLY;
		else if (strcmp(tok, "bulk") == 0 || strcmp(tok, "list") == 0 ||
		    strcmp(tok, "junk") == 0)
			o->flags |= MIME_BULK;
	}
	if (mime_optional(fields, "List-Id") != NULL ||
	    mime_optional(fields, "List-Unsubscribe") != NULL)
		o->flags |= MIME_BULK;
}

static int
mime_is_report(struct mailmime_content *ct)
{
	const char *rt;

	if (ct == NULL || ct->ct_type->tp_type != MAILMIME_TYPE_COMPOSITE_TYPE ||
	    ct->ct_type->tp_data.tp_composite_type->ct_type != MAILMIME_COMPOSITE_TYPE_MULTIPART ||
	    strcasecmp(ct->ct_subtype, "report") != 0)
		return 0;
	rt = mailmime_content_param_get(ct, "report-type");
	if (rt == NULL)
		return 0;
	return strcasecmp(rt, "delivery-status") == 0 || strcasecmp(rt, "\"delivery-status\"") == 0;
}

/* When the body is not parsed: only the top header block, cut at a line. */
static void
mime_headers_only(struct mime_ctx *c, const char *raw, size_t n)
{
	struct mailimf_fields *fields = NULL;
	size_t idx = 0;
	const char *v;

	if (mailimf_envelope_and_optional_fields_parse(raw, n, &idx, &fields) != MAILIMF_NO_ERROR ||
	    fields == NULL)
		return;
	mime_headers(c, fields);
	if ((v = mime_optional(fields, "Content-Type")) != NULL) {
		struct mailmime_content *ct = NULL;

		idx = 0;
		if (mailmime_content_parse(v, strlen(v), &idx, &ct) == MAILIMF_NO_ERROR) {
			if (mime_is_report(ct))
				c->out->flags |= MIME_BOUNCE;
			mailmime_content_free(ct);
		}
	}
	mailimf_fields_free(fields);
}

/* ------------------------------------------------------------------------ */
/* The tree */

/* "type/subtype" in lower case; never NULL. */
static char *
mime_type_name(struct mailmime_content *ct)
{
	const char *type = "application";
	char *s, *name;

	if (ct == NULL)
		return xstrdup("text/plain");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		struct mailmime_discrete_type *d = ct->ct_type->tp_data.tp_discrete_type;

		switch (d->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT: type = "text"; break;
		case MAILMIME_DISCRETE_TYPE_IMAGE: type = "image"; break;
		case MAILMIME_DISCRETE_TYPE_AUDIO: type = "audio"; break;
		case MAILMIME_DISCRETE_TYPE_VIDEO: type = "video"; break;
		case MAILMIME_DISCRETE_TYPE_EXTENSION:
			type = d->dt_extension != NULL ? d->dt_extension : "application";
			break;
		default: break;
		}
	} else {
		struct mailmime_composite_type *t = ct->ct_type->tp_data.tp_composite_type;

		switch (t->ct_type) {
		case MAILMIME_COMPOSITE_TYPE_MESSAGE: type = "message"; break;
		case MAILMIME_COMPOSITE_TYPE_MULTIPART: type = "multipart"; break;
		default: type = t->ct_token != NULL ? t->ct_token : "application"; break;
		}
	}
	s = xasprintf("%s/%s", type, ct->ct_subtype != NULL ? ct->ct_subtype : "octet-stream");
	for (char *p = s; *p != '\0'; p++)
		*p = (char)mime_lower((unsigned char)*p);
	name = mime_8bit(s, strlen(s));
	free(s);
	return name;
}

static int
mime_ct_is(struct mailmime_content *ct, int composite, int type, const char *subtype)
{
	if (ct == NULL)
		return !composite && type == MAILMIME_DISCRETE_TYPE_TEXT && strcmp(subtype, "plain") == 0;
	if (composite) {
		if (ct->ct_type->tp_type != MAILMIME_TYPE_COMPOSITE_TYPE ||
		    ct->ct_type->tp_data.tp_composite_type->ct_type != type)
			return 0;
	} else if (ct->ct_type->tp_type != MAILMIME_TYPE_DISCRETE_TYPE ||
	    ct->ct_type->tp_data.tp_discrete_type->dt_type != type) {
		return 0;
	}
	return subtype == NULL || (ct->ct_subtype != NULL && strcasecmp(ct->ct_subtype, subtype) == 0);
}

/* Content-Disposition and Content-Type parameters as one name/value list. */
struct mime_param {
	const char *name;
	const char *value;
};

static size_t
mime_params(struct mailmime *m, int disposition, struct mime_param *ps, size_t max)
{
	size_t n = 0;

	if (disposition) {
		if (m->mm_mime_fields == NULL)
			return 0;
		for (clistiter *it = clist_begin(m->mm_mime_fields->fld_list); it != NULL;
		     it = clist_next(it)) {
			struct mailmime_field *f = clist_content(it);

			if (f->fld_type != MAILMIME_FIELD_DISPOSITION || f->fld_data.fld_disposition == NULL)
				continue;
			for (clistiter *j = clist_begin(f->fld_data.fld_disposition->dsp_parms);
			     j != NULL && n < max; j = clist_next(j)) {
				struct mailmime_disposition_parm *p = clist_content(j);

				if (p->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME) {
					ps[n].name = "filename";
					ps[n++].value = p->pa_data.pa_filename;
				} else if (p->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER) {
					ps[n].name = p->pa_data.pa_parameter->pa_name;
					ps[n++].value = p->pa_data.pa_parameter->pa_value;
				}
			}
			break;
		}
		return n;
	}
	if (m->mm_content_type == NULL)
		return 0;
	for (clistiter *it = clist_begin(m->mm_content_type->ct_parameters); it != NULL && n < max;
	     it = clist_next(it)) {
		struct mailmime_parameter *p = clist_content(it);

		ps[n].name = p->pa_name;
		ps[n++].value = p->pa_value;
	}
	return n;
}

static const char *
mime_param_find(const struct mime_param *ps, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (ps[i].name != NULL && ps[i].value != NULL && strcasecmp(ps[i].name, name) == 0)
			return ps[i].value;
	return NULL;
}

/* Parameter base from the list: RFC 2231 (base*, base*0 base*1 ... with *
 * marking percent-encoded sections) before the plain base, which may hold
 * RFC 2047 encoded words. NULL if absent. */
static char *
mime_param_value(const struct mime_param *ps, size_t n, const char *base)
{
	char name[64], cs[64];
	const char *v;
	struct buf b;
	char *out;

	snprintf(name, sizeof name, "%s*", base);
	if ((v = mime_param_find(ps, n, name)) != NULL &&
	    (out = mime_rfc2231_decode(v)) != NULL)
		return out;
	buf_init(&b, MIME_MAX_PARAM);
	cs[0] = '\0';
	for (int k = 0; k < MIME_MAX_SECTIONS; k++) {
		int ext = 1;

		snprintf(name, sizeof name, "%s*%d*", base, k);
		if ((v = mime_param_find(ps, n, name)) == NULL) {
			ext = 0;
			snprintf(name, sizeof name, "%s*%d", base, k);
			if ((v = mime_param_find(ps, n, name)) == NULL)
				break;
		}
		if (ext && k == 0) {
			const char *rest = mime_rfc2231_split(v, cs, sizeof cs);

			if (rest != NULL)
				v = rest;
		}
		if (ext) {
			struct buf one;

			buf_init(&one, MIME_MAX_PARAM);
			mime_pct_decode(&one, v);
			if (buf_add(&b, buf_str(&one), one.len) != 0)
				k = MIME_MAX_SECTIONS;
			buf_free(&one);
		} else if (buf_addstr(&b, v) != 0) {
			break;
		}
	}
	if (b.len > 0) {
		out = cs[0] != '\0' ? mime_bytes_to_utf8(buf_str(&b), b.len, cs) :
		    mime_decode_2047(buf_str(&b));
		buf_free(&b);
		return out;
	}
	buf_free(&b);
	if ((v = mime_param_find(ps, n, base)) != NULL)
		return mime_decode_2047(v);
	return NULL;
}

static int
mime_has_param(const struct mime_param *ps, size_t n, const char *base)
{
	size_t k = strlen(base);

	for (size_t i = 0; i < n; i++)
		if (ps[i].name != NULL && strncasecmp(ps[i].name, base, k) == 0 &&
		    (ps[i].name[k] == '\0' || ps[i].name[k] == '*'))
			return 1;
	return 0;
}

static int
mime_disposition_attachment(struct mailmime *m)
{
	if (m->mm_mime_fields == NULL)
		return 0;
	for (clistiter *it = clist_begin(m->mm_mime_fields->fld_list); it != NULL; it = clist_next(it)) {
		struct mailmime_field *f = clist_content(it);

		if (f->fld_type == MAILMIME_FIELD_DISPOSITION && f->fld_data.fld_disposition != NULL)
			return f->fld_data.fld_disposition->dsp_type->dsp_type ==
			    MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
	}
	return 0;
}

#define MIME_MAX_PARAMS 512

/* What a single part is to us: body text (plain or HTML) or an attachment. */
static enum mime_item_kind
mime_leaf_kind(struct mailmime *m)
{
	struct mime_param ps[MIME_MAX_PARAMS];
	size_t n;
	struct mailmime_content *ct = m->mm_content_type;

	if (mime_disposition_attachment(m))
		return MIME_ITEM_ATT;
	n = mime_params(m, 1, ps, MIME_MAX_PARAMS);
	if (mime_has_param(ps, n, "filename"))
		return MIME_ITEM_ATT;
	n = mime_params(m, 0, ps, MIME_MAX_PARAMS);
	if (mime_has_param(ps, n, "name"))
		return MIME_ITEM_ATT;
	if (mime_ct_is(ct, 0, MAILMIME_DISCRETE_TYPE_TEXT, "plain"))
		return MIME_ITEM_PLAIN;
	if (mime_ct_is(ct, 0, MAILMIME_DISCRETE_TYPE_TEXT, "html"))
		return MIME_ITEM_HTML;
	/* A multipart without a boundary: libetpan leaves it whole; read it as text. */
	if (mime_ct_is(ct, 1, MAILMIME_COMPOSITE_TYPE_MULTIPART, NULL))
		return MIME_ITEM_PLAIN;
	return MIME_ITEM_ATT;
}

static void
mime_add_item(struct mime_ctx *c, struct mailmime *m, enum mime_item_kind kind)
{
	if (c->nitems == c->capitems) {
		c->capitems = c->capitems == 0 ? 16 : c->capitems * 2;
		c->items = xreallocarray(c->items, c->capitems, sizeof *c->items);
	}
	c->items[c->nitems].m = m;
	c->items[c->nitems++].kind = kind;
	if (kind == MIME_ITEM_PLAIN || kind == MIME_ITEM_HTML)
		c->ntext++;
}

/* Does this subtree hold body text of the kind (outside forwarded mail)? */
static int
mime_has_text(struct mailmime *m, enum mime_item_kind kind, size_t depth)
{
	if (depth > 64)
		return 0;
	if (m->mm_type == MAILMIME_SINGLE)
		return mime_leaf_kind(m) == kind;
	if (m->mm_type == MAILMIME_MULTIPLE)
		for (clistiter *it = clist_begin(m->mm_data.mm_multipart.mm_mp_list); it != NULL;
		     it = clist_next(it))
			if (mime_has_text(clist_content(it), kind, depth + 1))
				return 1;
	return 0;
}

/* multipart/alternative: the one child whose text we read (plain first). */
static struct mailmime *
mime_alternative_pick(struct mailmime *m)
{
	clist *l = m->mm_data.mm_multipart.mm_mp_list;

	for (clistiter *it = clist_begin(l); it != NULL; it = clist_next(it))
		if (mime_has_text(clist_content(it), MIME_ITEM_PLAIN, 0))
			return clist_content(it);
	for (clistiter *it = clist_begin(l); it != NULL; it = clist_next(it))
		if (mime_has_text(clist_content(it), MIME_ITEM_HTML, 0))
			return clist_content(it);
	return NULL;
}

/* Collects body-text and attachment parts in tree order. depth counts the
 * containers, like the pre-scan; collect is 0 inside the alternatives not
 * chosen (their text is a duplicate; their attachments still count). */
static void
mime_walk(struct mime_ctx *c, struct mailmime *m, size_t depth, int collect)
{
	if (++c->nodes > c->lim->max_parts) {
		c->over = 1;
		return;
	}
	switch (m->mm_type) {
	case MAILMIME_SINGLE: {
		enum mime_item_kind kind = mime_leaf_kind(m);

		if (mime_ct_is(m->mm_content_type, 1, MAILMIME_COMPOSITE_TYPE_MESSAGE,
		    "delivery-status"))
			c->dsn = 1;
		if (kind == MIME_ITEM_ATT || collect)
			mime_add_item(c, m, kind);
		break;
	}
	case MAILMIME_MULTIPLE: {
		struct mailmime *pick = NULL;

		if (depth + 1 > c->lim->max_depth) {
			c->over = 1;
			return;
		}
		if (collect && mime_ct_is(m->mm_content_type, 1, MAILMIME_COMPOSITE_TYPE_MULTIPART,
		    "alternative"))
			pick = mime_alternative_pick(m);
		for (clistiter *it = clist_begin(m->mm_data.mm_multipart.mm_mp_list); it != NULL;
		     it = clist_next(it))
			mime_walk(c, clist_content(it), depth + 1,
			    collect && (pick == NULL || pick == clist_content(it)));
		break;
	}
	case MAILMIME_MESSAGE:
		if (depth + 1 > c->lim->max_depth) {
			c->over = 1;
			return;
		}
		/* A forward is read for text only when nothing else has any. */
		if (collect && c->ntext == 0 && m->mm_data.mm_message.mm_msg_mime != NULL) {
			mime_walk(c, m->mm_data.mm_message.mm_msg_mime, depth + 1, 1);
			if (c->ntext > 0)
				break;
		}
		mime_add_item(c, m, MIME_ITEM_FORWARD);
		break;
	default:
		break;
	}
}

/* libetpan reads "=ZZ" as a NUL byte and "= " before a line end likewise;
 * RFC 2045 6.7 says keep a bad '=' literally and drop the white space
 * before a soft line break. Is there any such '='? */
static int
mime_qp_needs_fix(const char *s, size_t n)
{
	for (const char *p = memchr(s, '=', n); p != NULL;
	     p = memchr(p + 1, '=', n - (size_t)(p + 1 - s))) {
		size_t i = (size_t)(p - s);

		if (i + 2 < n && mime_hex((unsigned char)s[i + 1]) >= 0 &&
		    mime_hex((unsigned char)s[i + 2]) >= 0)
			continue;
		if (i + 1 < n && s[i + 1] == '\n')
			continue;
		if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n')
			continue;
		return 1;
	}
	return 0;
}

static char *
mime_qp_fix(const char *s, size_t n, size_t *outlen)
{
	struct buf b;

	buf_init(&b, MIME_NOLIMIT);
	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1;

		if (s[i] != '=') {
			const char *eq = memchr(s + i, '=', n - i);
			size_t k = eq != NULL ? (size_t)(eq - s) : n;

			buf_add(&b, s + i, k - i);
			i = k - 1;
			continue;
		}
		if (i + 2 < n && mime_hex((unsigned char)s[i + 1]) >= 0 &&
		    mime_hex((unsigned char)s[i + 2]) >= 0) {
			buf_add(&b, s + i, 3);
			i += 2;
			continue;
		}
		while (j < n && mime_is_wsp(s[j]))
			j++;
		if (j == n) /* '=' and blanks at the very end: a soft break to nothing */
			break;
		if (s[j] == '\n' || (s[j] == '\r' && j + 1 < n && s[j + 1] == '\n')) {
			buf_addc(&b, '=');
			i = j - 1;
			continue;
		}
		buf_addstr(&b, "=3D");
	}
	*outlen = b.len;
	return buf_take(&b);
}

/* The decoded bytes of a single part (transfer encoding undone); caller frees. */
static char *
mime_leaf_bytes(struct mailmime *m, size_t *len)
{
	struct mailmime_data *d = m->mm_type == MAILMIME_SINGLE ? m->mm_data.mm_single : m->mm_body;
	struct mailmime_single_fields sf;
	const char *src;
	size_t n, idx = 0, dlen = 0;
	char *fixed = NULL, *dec = NULL, *out;
	int enc = MAILMIME_MECHANISM_8BIT;

	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT || d->dt_data.dt_text.dt_data == NULL) {
		*len = 0;
		return xstrdup("");
	}
	src = d->dt_data.dt_text.dt_data;
	n = d->dt_data.dt_text.dt_length;
	if (m->mm_type == MAILMIME_SINGLE) {
		mailmime_single_fields_init(&sf, m->mm_mime_fields, m->mm_content_type);
		if (sf.fld_encoding != NULL)
			enc = sf.fld_encoding->enc_type;
	}
	if (enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE && mime_qp_needs_fix(src, n)) {
		fixed = mime_qp_fix(src, n, &n);
		src = fixed;
	}
	if (enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE || enc == MAILMIME_MECHANISM_BASE64) {
		if (mailmime_part_parse(src, n, &idx, enc, &dec, &dlen) != MAILIMF_NO_ERROR) {
			dec = NULL;
			dlen = 0;
		}
		out = xmalloc(dlen + 1);
		if (dlen > 0)
			memcpy(out, dec, dlen);
		out[dlen] = '\0';
		if (dec != NULL)
			mailmime_decoded_part_free(dec);
		*len = dlen;
	} else {
		out = xmalloc(n + 1);
		memcpy(out, src, n);
		out[n] = '\0';
		*len = n;
	}
	free(fixed);
	return out;
}

/* A lower bound of the decoded size, to skip decoding what cannot fit. */
static size_t
mime_leaf_min_size(struct mailmime *m)
{
	struct mailmime_data *d = m->mm_type == MAILMIME_SINGLE ? m->mm_data.mm_single : m->mm_body;
	struct mailmime_single_fields sf;
	size_t n;

	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT)
		return 0;
	n = d->dt_data.dt_text.dt_length;
	if (m->mm_type != MAILMIME_SINGLE)
		return n;
	mailmime_single_fields_init(&sf, m->mm_mime_fields, m->mm_content_type);
	if (sf.fld_encoding == NULL)
		return n;
	if (sf.fld_encoding->enc_type == MAILMIME_MECHANISM_BASE64)
		return n / 4 * 3 / 2; /* line breaks and junk are skipped */
	if (sf.fld_encoding->enc_type == MAILMIME_MECHANISM_QUOTED_PRINTABLE)
		return n / 3;
	return n;
}

/* The HTML charset from a <meta> when the MIME header has none. */
static void
mime_html_meta_charset(const char *s, size_t n, char *cs, size_t size)
{
	size_t lim = n < 4096 ? n : 4096, k = 0;

	cs[0] = '\0';
	for (size_t i = 0; i + 8 < lim; i++) {
		if (!mime_iprefix(s + i, lim - i, "charset="))
			continue;
		i += 8;
		if (i < lim && (s[i] == '"' || s[i] == '\''))
			i++;
		while (i < lim && k + 1 < size &&
		    ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		     (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' || s[i] == '.' ||
		     s[i] == ':'))
			cs[k++] = s[i++];
		cs[k] = '\0';
		return;
	}
}

/* One body-text part, decoded, in UTF-8 with LF line ends, NUL-free. */
static char *
mime_text_of(struct mailmime *m, int html, size_t *outlen)
{
	struct mailmime_single_fields sf;
	const char *charset;
	char meta[48], *bytes, *utf8, *out;
	size_t n, len;

	bytes = mime_leaf_bytes(m, &n);
	mailmime_single_fields_init(&sf, m->mm_mime_fields, m->mm_content_type);
	charset = sf.fld_content_charset;
	if (html && charset == NULL) {
		mime_html_meta_charset(bytes, n, meta, sizeof meta);
		if (meta[0] != '\0')
			charset = meta;
	}
	utf8 = mime_to_utf8(bytes, n, charset, &len);
	free(bytes);
	len = mime_strip_nul(utf8, len);
	len = mime_lf(utf8, len);
	if (!html) {
		*outlen = len;
		return utf8;
	}
	out = mime_html_to_text(utf8, len, outlen);
	free(utf8);
	return out;
}

/* Room left under max_decoded. */
static size_t
mime_room(const struct mime_ctx *c)
{
	return c->decoded < c->lim->max_decoded ? c->lim->max_decoded - c->decoded : 0;
}

static void
mime_body_add(struct mime_ctx *c, char *text, size_t len)
{
	size_t room = mime_room(c), sep = 0;

	/* Parts are joined by a blank line; the separator counts as text. */
	if (c->body.len > 0)
		sep = c->body.data[c->body.len - 1] == '\n' ? 1 : 2;
	if (sep + len > room) {
		len = room > sep ? room - sep : 0;
		/* Cut at a character boundary. */
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
		c->out->flags |= MIME_LIMITED;
		mime_note(c, "decoded text larger than %zu bytes: body cut", c->lim->max_decoded);
	}
	if (len == 0)
		return;
	buf_add(&c->body, "\n\n", sep);
	buf_add(&c->body, text, len);
	c->decoded += sep + len;
}

/* Cuts s to at most max bytes at a character boundary. Names longer than
 * any file system allows are noise, and the worker's answer stays small. */
static char *
mime_cap(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n > max) {
		while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
			max--;
		s[max] = '\0';
	}
	return s;
}

static void
mime_attach(struct mime_ctx *c, struct mailmime *m, enum mime_item_kind kind)
{
	struct mime_param ps[MIME_MAX_PARAMS];
	struct mime_attachment *a;
	char *name = NULL, *data;
	size_t n, len;

	if (mime_leaf_min_size(m) > mime_room(c)) {
		c->dropped++;
		return;
	}
	data = mime_leaf_bytes(m, &len);
	if (len > mime_room(c)) {
		free(data);
		c->dropped++;
		return;
	}
	c->decoded += len;
	if (kind != MIME_ITEM_FORWARD) {
		n = mime_params(m, 1, ps, MIME_MAX_PARAMS);
		name = mime_param_value(ps, n, "filename");
		if (name == NULL) {
			n = mime_params(m, 0, ps, MIME_MAX_PARAMS);
			name = mime_param_value(ps, n, "name");
		}
	}
	if (name == NULL && (kind == MIME_ITEM_FORWARD ||
	    mime_ct_is(m->mm_content_type, 1, MAILMIME_COMPOSITE_TYPE_MESSAGE, "rfc822")))
		name = xstrdup("forwarded.eml");
	if (c->out->natt == c->natt_cap) {
		c->natt_cap = c->natt_cap == 0 ? 4 : c->natt_cap * 2;
		c->out->att = xreallocarray(c->out->att, c->natt_cap, sizeof *c->out->att);
	}
	a = &c->out->att[c->out->natt++];
	a->filename = name != NULL ? mime_cap(name, MIME_MAX_FILENAME) : xstrdup("");
	a->content_type = kind == MIME_ITEM_FORWARD ? xstrdup("message/rfc822") :
	    mime_cap(mime_type_name(m->mm_content_type), MIME_MAX_TYPE);
	a->data = (unsigned char *)data;
	a->size = len;
}

/* Body first (it matters most under max_decoded), then attachments in order.
 * All text/plain parts we collected join; HTML only when there is no plain
 * text, and HTML left over becomes an attachment rather than vanish. */
static void
mime_collect(struct mime_ctx *c)
{
	size_t nplain = 0;

	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].kind == MIME_ITEM_PLAIN)
			nplain++;
	for (size_t i = 0; i < c->nitems; i++) {
		struct mime_item *it = &c->items[i];
		char *text;
		size_t len;

		if (it->kind == MIME_ITEM_PLAIN || (it->kind == MIME_ITEM_HTML && nplain == 0)) {
			text = mime_text_of(it->m, it->kind == MIME_ITEM_HTML, &len);
			mime_body_add(c, text, len);
			free(text);
			if (it->kind == MIME_ITEM_HTML)
				c->out->flags |= MIME_FROM_HTML;
		}
	}
	for (size_t i = 0; i < c->nitems; i++) {
		struct mime_item *it = &c->items[i];

		if (it->kind == MIME_ITEM_ATT || it->kind == MIME_ITEM_FORWARD ||
		    (it->kind == MIME_ITEM_HTML && nplain > 0))
			mime_attach(c, it->m, it->kind == MIME_ITEM_HTML ? MIME_ITEM_ATT : it->kind);
	}
	if (c->dropped > 0) {
		c->out->flags |= MIME_LIMITED;
		mime_note(c, "decoded size over %zu bytes: %zu attachment%s dropped",
		    c->lim->max_decoded, c->dropped, c->dropped == 1 ? "" : "s");
	}
}

static void
mime_full(struct mime_ctx *c, const char *raw, size_t len, size_t hdr)
{
	struct mailmime *mime = NULL, *top;
	size_t idx = 0;

	if (mailmime_parse(raw, len, &idx, &mime) != MAILIMF_NO_ERROR || mime == NULL) {
		c->out->flags |= MIME_BROKEN;
		mime_note(c, "the MIME parser failed: body not parsed");
		mime_headers_only(c, raw, hdr);
		return;
	}
	if (mime->mm_type == MAILMIME_MESSAGE) {
		if (mime->mm_data.mm_message.mm_fields != NULL)
			mime_headers(c, mime->mm_data.mm_message.mm_fields);
		top = mime->mm_data.mm_message.mm_msg_mime;
		if (top != NULL) {
			if (mime_is_report(top->mm_content_type))
				c->out->flags |= MIME_BOUNCE;
			mime_walk(c, top, 0, 1);
		}
	}
	mime_collect(c);
	if (c->dsn && mime_is_daemon(c->out->from_addr))
		c->out->flags |= MIME_BOUNCE;
	if (c->over) {
		c->out->flags |= MIME_LIMITED;
		mime_note(c, "MIME structure over the limits after the pre-scan: parts left out");
	}
	mailmime_free(mime);
}

void
mime_parse(const char *raw, size_t len, const struct mime_limits *lim, struct mime_message *out)
{
	struct mime_limits dl;
	struct mime_ctx c;
	size_t hdr, cut;
	char *copy = NULL;

	if (lim == NULL) {
		mime_limits_default(&dl);
		lim = &dl;
	}
	memset(out, 0, sizeof *out);
	if (raw == NULL)
		len = 0;
	if (raw == NULL)
		raw = "";
	memset(&c, 0, sizeof c);
	c.lim = lim;
	c.out = out;
	buf_init(&c.notice, MIME_NOTICE_MAX);
	buf_init(&c.body, MIME_NOLIMIT);

	/* The header block is measured only up to one byte past its limit. */
	hdr = mime_header_len(raw, len < lim->max_header + 1 ? len : lim->max_header + 1);
	/* libetpan keeps header values as C strings: a NUL would cut a Subject
	 * short, so NULs in the top header block go (the body keeps its bytes).
	 * And a field counts only with its line end: a message of nothing but
	 * "Subject: x" gets one. */
	if (hdr > 0 && len <= lim->max_message &&
	    (memchr(raw, '\0', hdr) != NULL || (hdr == len && raw[len - 1] != '\n'))) {
		size_t k;

		copy = xmalloc(len + 3);
		memcpy(copy, raw, len);
		k = mime_strip_nul(copy, hdr);
		memmove(copy + k, raw + hdr, len - hdr);
		len -= hdr - k;
		hdr = k;
		if (len > 0 && hdr == len && copy[len - 1] != '\n') {
			memcpy(copy + len, "\r\n", 2);
			len += 2;
			hdr = mime_header_len(copy, len);
		}
		copy[len] = '\0';
		raw = copy;
	}
	cut = hdr;
	if (hdr > lim->max_header) {
		const char *lf = lim->max_header > 0 ? memrchr(raw, '\n', lim->max_header) : NULL;

		cut = lf != NULL ? (size_t)(lf - raw) + 1 : 0;
	}
	if (len > lim->max_message) {
		out->flags |= MIME_LIMITED;
		mime_note(&c, "message larger than %zu bytes: body not parsed", lim->max_message);
		mime_headers_only(&c, raw, cut);
	} else if (hdr > lim->max_header) {
		out->flags |= MIME_LIMITED;
		mime_note(&c, "header block larger than %zu bytes: body not parsed", lim->max_header);
		mime_headers_only(&c, raw, cut);
	} else {
		switch (mime_prescan(raw, len, lim)) {
		case MIME_SCAN_DEPTH:
			out->flags |= MIME_LIMITED;
			mime_note(&c, "MIME nesting deeper than %zu: body not parsed", lim->max_depth);
			mime_headers_only(&c, raw, cut);
			break;
		case MIME_SCAN_PARTS:
			out->flags |= MIME_LIMITED;
			mime_note(&c, "more than %zu MIME parts: body not parsed", lim->max_parts);
			mime_headers_only(&c, raw, cut);
			break;
		case MIME_SCAN_BOUNDARY:
			out->flags |= MIME_LIMITED;
			mime_note(&c, "invalid multipart boundary: body not parsed");
			mime_headers_only(&c, raw, cut);
			break;
		case MIME_SCAN_OK:
			mime_full(&c, raw, len, cut);
			break;
		}
	}

	if (out->from_name == NULL)
		out->from_name = xstrdup("");
	if (out->subject == NULL)
		out->subject = xstrdup("");
	if (out->references == NULL)
		out->nreferences = 0;
	/* Whatever the parts ended with, the body ends with one LF (or is ""). */
	while (c.body.len > 0 && c.body.data[c.body.len - 1] == '\n') {
		c.body.len--;
		c.decoded--;
	}
	if (c.body.len > 0 && c.decoded < lim->max_decoded)
		buf_addc(&c.body, '\n');
	out->body = mime_clean(buf_str(&c.body), c.body.len, NULL);
	out->notice = c.notice.len > 0 ? buf_take(&c.notice) : NULL;
	buf_free(&c.notice);
	buf_free(&c.body);
	free(c.items);
	free(copy);
}

void
mime_message_free(struct mime_message *m)
{
	if (m == NULL)
		return;
	free(m->message_id);
	free(m->in_reply_to);
	for (size_t i = 0; i < m->nreferences; i++)
		free(m->references[i]);
	free(m->references);
	free(m->from_addr);
	free(m->from_name);
	free(m->to_addr);
	free(m->subject);
	free(m->body);
	for (size_t i = 0; i < m->natt; i++) {
		free(m->att[i].filename);
		free(m->att[i].content_type);
		free(m->att[i].data);
	}
	free(m->att);
	free(m->notice);
	memset(m, 0, sizeof *m);
}
