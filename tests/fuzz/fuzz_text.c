/* fuzz_text.c: libFuzzer target for the display sanitiser; whatever the input,
 * what comes out must be safe to write to a terminal or a log. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
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

/* A decoder written independently of text.c's, so a shared bug cannot hide.
 * Returns the length of the code point at p, or 0 if it is not valid UTF-8. */
static size_t strict_utf8(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0) {
		len = 2, c = p[0] & 0x1F, min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3, c = p[0] & 0x0F, min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4, c = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static int must_not_appear(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9F) || c == 0x7F || c == 0x061C || c == 0x200E ||
	       c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x2028 || c == 0x2029 || c == 0x200B || c == 0xFEFF || c == 0x00AD ||
	       (c >= 0x2060 && c <= 0x2064) || (c >= 0xE0000 && c <= 0xE007F) ||
	       c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x180E || c == 0x3164 ||
	       c == 0xFFA0 || (c >= 0xFFF9 && c <= 0xFFFB) ||
	       (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF);
}

/* The contract of text_sanitize's output, and of text_fit's (LINE). */
static void check_display(const char *s, enum text_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;

	while (i < len) {
		uint32_t c;
		size_t n = strict_utf8(p + i, len - i, &c);

		CHECK(n > 0);
		CHECK(c >= 0x20 || (c == '\n' && mode == TEXT_BLOCK));
		CHECK(!must_not_appear(c));
		i += n;
	}
}

static void check_ascii(const char *s, enum text_mode mode)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		CHECK((*p >= 0x20 && *p <= 0x7E) || (*p == '\n' && mode == TEXT_BLOCK));
}

static void check_fit(const char *s, int cols, int pad)
{
	char *fit = text_fit(s, cols, pad);
	int w = text_width(fit);

	check_display(fit, TEXT_LINE);
	if (cols <= 0)
		CHECK(fit[0] == '\0');
	else if (pad)
		CHECK(w == cols);
	else
		CHECK(w <= cols);
	free(fit);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		abort();
	return 0;
}

/*
 * Random bytes rarely spell a particular three- or four-byte sequence, so the
 * input is also read a second way: bytes >= 0x80 pick one of these code
 * points, which are the ones the sanitiser treats specially or gets wrong
 * most easily.
 */
static const uint32_t tricky[] = {
	0x0085, 0x009B, 0x009C, 0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D,
	0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x200C, 0x200D, 0x2028, 0x2029,
	0x2060, 0xFEFF, 0x00AD, 0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0xFFF9, 0xE0041,
	0xE007F, 0xFE0F, 0xFE0E, 0xE0100, 0x0301, 0x20E3, 0x0E35, 0x094D, 0x6771, 0x1F642,
	0x1F3FD, 0x1F1E8, 0x2026, 0x27E8, 0x25CC, 0xFFFD, 0xFFFE, 0xFDD0, 0x10FFFF, 0x0378,
	0xE000, 0x0416, 0x04D9, 0x00FD, 0x3000, 0xFF01, 0xAC00, 0x1100, 0x11A8, 0x1D173,
};

static size_t expand(const uint8_t *data, size_t size, char *out)
{
	const size_t ntricky = sizeof(tricky) / sizeof(tricky[0]);
	size_t n = 0;

	for (size_t i = 0; i < size; i++) {
		uint32_t c = data[i] < 0x80 ? data[i] : tricky[data[i] % ntricky];

		if (c < 0x80) {
			out[n++] = (char)c;
		} else if (c < 0x800) {
			out[n++] = (char)(0xC0 | (c >> 6));
			out[n++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			out[n++] = (char)(0xE0 | (c >> 12));
			out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[n++] = (char)(0x80 | (c & 0x3F));
		} else {
			out[n++] = (char)(0xF0 | (c >> 18));
			out[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
			out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[n++] = (char)(0x80 | (c & 0x3F));
		}
	}
	return n;
}

static void run_all(const char *in, size_t size, int cols, int pad)
{
	char *cstr;

	for (int m = TEXT_LINE; m <= TEXT_BLOCK; m++) {
		enum text_mode mode = (enum text_mode)m;
		unsigned flags = 0, again_flags = 1;
		char *out = text_sanitize(in, size, mode, &flags);
		char *again = text_sanitize(out, strlen(out), mode, &again_flags);
		char *ascii = text_sanitize_ascii(in, size, mode);

		CHECK(flags < (1u << 4));
		check_display(out, mode);
		/* Sanitised text is a fixed point: nothing left to neutralise. */
		CHECK(strcmp(out, again) == 0);
		CHECK(again_flags == 0);
		CHECK(text_width(out) >= 0);
		check_ascii(ascii, mode);
		check_fit(out, cols, 0);
		check_fit(out, cols, 1);
		free(out);
		free(again);
		free(ascii);
	}

	/* text_fit and text_width must also survive text nobody sanitised. */
	cstr = malloc(size + 1);
	if (cstr == NULL)
		abort();
	memcpy(cstr, in, size);
	cstr[size] = '\0';
	CHECK(text_width(cstr) >= 0);
	check_fit(cstr, cols, pad);
	free(cstr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int utf8_locale = 1;
	char *expanded;
	int cols = 0, pad = 0;

	/* The first bytes steer the knobs; the whole input is still the text.
	 * Outside a UTF-8 locale the built-in width table is exercised. */
	if (size > 0) {
		int want_utf8 = (data[0] & 0x80) == 0;

		cols = (int)(data[0] & 0x3F) - 2;
		pad = (data[0] & 0x40) != 0;
		if (want_utf8 != utf8_locale) {
			if (setlocale(LC_ALL, want_utf8 ? "C.UTF-8" : "C") == NULL)
				abort();
			utf8_locale = want_utf8;
		}
	}

	run_all((const char *)data, size, cols, pad);

	if (size > SIZE_MAX / 4)
		return 0;
	expanded = malloc(4 * size + 1);
	if (expanded == NULL)
		abort();
	run_all(expanded, expand(data, size, expanded), cols, pad);
	free(expanded);
	return 0;
}
