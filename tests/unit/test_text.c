/* test_text.c: specification of the display sanitiser (util/text.c), written
 * as tables of input and exact expected output, hostile cases first. */
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* Length from sizeof, so embedded NULs are part of the input. */
#define IN(s) (s), (sizeof(s) - 1)

#define FFFD "\xEF\xBF\xBD"
#define ELL "\xE2\x80\xA6"   /* U+2026 */
#define CIRCLE "\u25CC"      /* dotted circle shown under a lone mark */
#define ACUTE "\u0301"

enum {
	CTL = TEXT_HAD_CONTROL,
	BIDI = TEXT_HAD_BIDI,
	INVIS = TEXT_HAD_INVISIBLE,
	INVAL = TEXT_HAD_INVALID,
};
enum {
	LINE = 1 << TEXT_LINE,
	BLOCK = 1 << TEXT_BLOCK,
	BOTH = LINE | BLOCK,
	UTF8_ONLY = 1 << 4, /* which code points are unassigned only wcwidth() knows */
};

struct sanitize_case {
	const char *name;
	const char *in;
	size_t len;
	unsigned modes; /* LINE, BLOCK or BOTH, maybe | UTF8_ONLY */
	const char *want;
	unsigned flags;
};

static const struct sanitize_case sanitize_cases[] = {
	/* Degenerate input. */
	{"NULL", NULL, 0, BOTH, "", 0},
	{"NULL ignores len", NULL, 5, BOTH, "", 0},
	{"empty", IN(""), BOTH, "", 0},
	{"lone NUL", IN("\0"), BOTH, "^@", CTL},
	{"embedded NUL does not truncate", IN("Refund approved\0 NOT"), BOTH,
	 "Refund approved^@ NOT", CTL},

	/* Escape sequences: ESC must never reach the terminal. */
	{"OSC 52 clipboard write", IN("\x1b]52;c;SGVsbG8=\x07"), BOTH,
	 "^[]52;c;SGVsbG8=^G", CTL},
	{"CSI clear screen + home", IN("\x1b[2J\x1b[HREFUND APPROVED"), BOTH,
	 "^[[2J^[[HREFUND APPROVED", CTL},
	{"OSC 8 hyperlink", IN("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\"), BOTH,
	 "^[]8;;http://evil^[\\click^[]8;;^[\\", CTL},
	{"DCS query", IN("\x1bP+q544e\x1b\\"), BOTH, "^[P+q544e^[\\", CTL},
	{"C1 CSI as UTF-8", IN("\xc2\x9b" "2J"), BOTH, "\\u{009B}2J", CTL},
	{"C1 NEL is no line break", IN("a\xc2\x85" "b"), BOTH, "a\\u{0085}b", CTL},
	{"C1 ST", IN("\xc2\x9c"), BOTH, "\\u{009C}", CTL},
	{"raw 0x9B byte is invalid, not CSI", IN("\x9b" "2J"), BOTH, FFFD "2J", INVAL},
	{"DEL", IN("a\x7f"), BOTH, "a^?", CTL},
	{"BEL and US", IN("\x07\x1f"), BOTH, "^G^_", CTL},

	/* Cursor motion that would overwrite what is already on screen. */
	{"CR overwrite, line", IN("ABCDEF\rXY"), LINE, "ABCDEF XY", 0},
	{"CR overwrite, block", IN("ABCDEF\rXY"), BLOCK, "ABCDEF\nXY", 0},
	{"BS overwrite", IN("ABCDEF\bZ"), BOTH, "ABCDEF^HZ", CTL},
	{"VT and FF", IN("a\vb\fc"), BOTH, "a^Kb^Lc", CTL},
	{"LF, line", IN("a\nb"), LINE, "a b", 0},
	{"LF, block", IN("a\nb"), BLOCK, "a\nb", 0},
	{"CRLF is one break, line", IN("a\r\nb"), LINE, "a b", 0},
	{"CRLF is one break, block", IN("a\r\nb"), BLOCK, "a\nb", 0},
	{"CR CRLF, block", IN("a\r\r\nb"), BLOCK, "a\n\nb", 0},
	{"LF CR, block", IN("a\n\rb"), BLOCK, "a\n\nb", 0},
	{"blank lines kept, line", IN("a\n\nb"), LINE, "a  b", 0},
	{"trailing CR", IN("a\r"), BLOCK, "a\n", 0},
	{"U+2028/9, line", IN("a\u2028b\u2029c"), LINE, "a b c", 0},
	{"U+2028/9, block", IN("a\u2028b\u2029c"), BLOCK, "a\nb\nc", 0},

	/* TAB: one space on a line, stops every 8 columns in a block. */
	{"TAB, line", IN("\tx"), LINE, " x", 0},
	{"TAB at column 0", IN("\tx"), BLOCK, "        x", 0},
	{"TAB at column 2", IN("ab\tc"), BLOCK, "ab      c", 0},
	{"TAB at column 8", IN("abcdefgh\tx"), BLOCK, "abcdefgh        x", 0},
	{"TAB after a wide char", IN("東\tx"), BLOCK, "東      x", 0},
	{"TAB after LF", IN("abc\n\tb"), BLOCK, "abc\n        b", 0},
	{"TAB after a placeholder", IN("\x1b\tx"), BLOCK, "^[      x", CTL},
	{"TAB after a bidi marker", IN("\u202E\t|"), BLOCK, "⟨RLO⟩   |", BIDI},
	{"TAB after a combining mark", IN("e\u0301\t|"), BLOCK, "e\u0301       |", 0},

	/* Bidi controls become named markers. */
	{"RLO in a filename", IN("invoice\u202Efdp.exe"), BOTH, "invoice⟨RLO⟩fdp.exe", BIDI},
	{"all twelve bidi controls",
	 IN("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C"), BOTH,
	 "⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩", BIDI},

	/* Invisible and format characters are removed. */
	{"ZWSP", IN("pay\u200Bpal"), BOTH, "paypal", INVIS},
	{"BOM", IN("\uFEFFHello"), BOTH, "Hello", INVIS},
	{"tag characters (ASCII smuggling)",
	 IN("Hi\U000E0049\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065\U000E007F"), BOTH,
	 "Hi", INVIS},
	{"soft hyphen", IN("co\u00ADst"), BOTH, "cost", INVIS},
	{"Hangul fillers", IN("[\u115F\u1160\u3164\uFFA0]"), BOTH, "[]", INVIS},
	{"word joiner, invisible operators, CGJ, MVS, annotations",
	 IN("[\u2060\u2061\u2062\u2063\u2064\u034F\u180E\uFFF9\uFFFA\uFFFB]"), BOTH, "[]", INVIS},
	{"ZWJ emoji sequence kept", IN("👨\u200D👩\u200D👧"), BOTH, "👨\u200D👩\u200D👧", 0},
	{"ZWNJ in Persian kept", IN("می\u200Cخواهم"), BOTH, "می\u200Cخواهم", 0},
	{"ZWJ with nothing to join", IN("\u200Dx"), BOTH, "x", INVIS},
	{"ZWJ flood capped", IN("a\u200D\u200D\u200D\u200D\u200D\u200D"), BOTH,
	 "a\u200D\u200D\u200D\u200D", INVIS},

	/* Variation selectors: one, directly after its base. */
	{"emoji presentation kept", IN("❤\uFE0F"), BOTH, "❤\uFE0F", 0},
	{"extra selectors dropped", IN("❤\uFE0F\uFE0F\uFE0E"), BOTH, "❤\uFE0F", INVIS},
	{"selector without base", IN("\uFE0Fx"), BOTH, "x", INVIS},
	{"selector after a mark", IN("e\u0301\uFE0F"), BOTH, "e\u0301", INVIS},
	{"keycap sequence kept", IN("1\uFE0F\u20E3"), BOTH, "1\uFE0F\u20E3", 0},
	{"ideographic selector kept", IN("葛\U000E0100"), BOTH, "葛\U000E0100", 0},
	{"removed char is transparent", IN("A\u200B\uFE0F"), BOTH, "A\uFE0F", INVIS},

	/* Combining marks: at most four per base; a lone one gets a base. */
	{"decomposed e-acute kept", IN("e\u0301"), BOTH, "e\u0301", 0},
	{"four marks kept", IN("e" ACUTE ACUTE ACUTE ACUTE), BOTH, "e" ACUTE ACUTE ACUTE ACUTE, 0},
	{"combining flood capped", IN("e" ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE "x"), BOTH,
	 "e" ACUTE ACUTE ACUTE ACUTE "x", INVIS},
	{"flood split by ZWSP still capped", IN("e" ACUTE ACUTE "\u200B" ACUTE ACUTE ACUTE), BOTH,
	 "e" ACUTE ACUTE ACUTE ACUTE, INVIS},
	{"lone mark at start", IN(ACUTE "a"), BOTH, CIRCLE ACUTE "a", 0},
	{"lone mark after LF", IN("a\n" ACUTE), BLOCK, "a\n" CIRCLE ACUTE, 0},
	{"mark after a placeholder", IN("\x1b" ACUTE), BOTH, "^[" CIRCLE ACUTE, CTL},

	/* Invalid UTF-8: one U+FFFD per maximal invalid subsequence. */
	{"overlong C0 9B", IN("\xC0\x9B"), BOTH, FFFD FFFD, INVAL},
	{"overlong 3-byte NUL", IN("\xE0\x80\x80"), BOTH, FFFD FFFD FFFD, INVAL},
	{"surrogate ED A0 80", IN("\xED\xA0\x80"), BOTH, FFFD FFFD FFFD, INVAL},
	{"5-byte F8 form", IN("\xF8\x88\x80\x80\x80"), BOTH, FFFD FFFD FFFD FFFD FFFD, INVAL},
	{"above U+10FFFF", IN("\xF4\x90\x80\x80"), BOTH, FFFD FFFD FFFD FFFD, INVAL},
	{"FE FF", IN("\xFE\xFF"), BOTH, FFFD FFFD, INVAL},
	{"stray continuation", IN("a\x80z"), BOTH, "a" FFFD "z", INVAL},
	{"truncated 3-byte at end", IN("ok\xE2\x82"), BOTH, "ok" FFFD, INVAL},
	{"truncated 4-byte at end", IN("ok\xF0\x9F\x99"), BOTH, "ok" FFFD, INVAL},
	{"truncated sequence mid-string", IN("\xE2\x82x"), BOTH, FFFD "x", INVAL},
	{"truncated lead then ESC", IN("\xC3\x1b[m"), BOTH, FFFD "^[[m", INVAL | CTL},
	{"Latin-1 bytes", IN("Gr\xfc\xdf" "e"), BOTH, "Gr" FFFD FFFD "e", INVAL},

	/* Noncharacters and code points wcwidth() does not know. */
	{"U+FFFE", IN("\xEF\xBF\xBE"), BOTH, FFFD, INVAL},
	{"U+FFFF", IN("\xEF\xBF\xBF"), BOTH, FFFD, INVAL},
	{"U+FDD0", IN("\xEF\xB7\x90"), BOTH, FFFD, INVAL},
	{"U+1FFFF", IN("\xF0\x9F\xBF\xBF"), BOTH, FFFD, INVAL},
	{"U+10FFFF", IN("\xF4\x8F\xBF\xBF"), BOTH, FFFD, INVAL},
	{"unassigned U+0378", IN("\xCD\xB8"), BOTH | UTF8_ONLY, FFFD, INVAL},
	{"U+FFFD itself is fine", IN(FFFD), BOTH, FFFD, 0},
	{"private use kept", IN("\uE000"), BOTH, "\uE000", 0},

	{"everything at once", IN("\x1b\u202E\u200B\xff"), BOTH, "^[⟨RLO⟩" FFFD, CTL | BIDI | INVIS | INVAL},

	/* Real text passes unchanged. */
	{"Cyrillic", IN("Привіт"), BOTH, "Привіт", 0},
	{"Czech", IN("Dobrý den, vrácení"), BOTH, "Dobrý den, vrácení", 0},
	{"Czech capitals", IN("ŽLUŤOUČKÝ KŮŇ ÚPĚL"), BOTH, "ŽLUŤOUČKÝ KŮŇ ÚPĚL", 0},
	{"Kazakh", IN("Сәлеметсіз бе"), BOTH, "Сәлеметсіз бе", 0},
	{"Kazakh letters", IN("ә ғ қ ң ө ұ ү һ і Қазақстан"), BOTH, "ә ғ қ ң ө ұ ү һ і Қазақстан", 0},
	{"CJK", IN("東京"), BOTH, "東京", 0},
	{"emoji", IN("🙂"), BOTH, "🙂", 0},
	{"emoji with skin tone", IN("👍🏽"), BOTH, "👍🏽", 0},
	{"flag", IN("🇨🇿"), BOTH, "🇨🇿", 0},
	{"Arabic letters are not bidi controls", IN("مرحبا"), BOTH, "مرحبا", 0},
	{"Devanagari marks", IN("नमस्ते"), BOTH, "नमस्ते", 0},
	{"Thai marks", IN("สวัสดี"), BOTH, "สวัสดี", 0},
	{"Korean", IN("안녕하세요"), BOTH, "안녕하세요", 0},
	{"printable ASCII", IN(" !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~"), BOTH,
	 " !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~", 0},
};

struct ascii_case {
	const char *name;
	const char *in;
	size_t len;
	unsigned modes;
	const char *want;
};

static const struct ascii_case ascii_cases[] = {
	{"NULL", NULL, 0, BOTH, ""},
	{"empty", IN(""), BOTH, ""},
	{"NUL", IN("a\0b"), BOTH, "a\\x00b"},
	{"backslash is escaped so escapes stay unambiguous", IN("a\\x1B"), BOTH, "a\\\\x1B"},
	{"OSC 52", IN("\x1b]52;c;SGVsbG8=\x07"), BOTH, "\\x1B]52;c;SGVsbG8=\\x07"},
	{"DEL", IN("\x7f"), BOTH, "\\x7F"},
	{"BS", IN("ABCDEF\bZ"), BOTH, "ABCDEF\\x08Z"},
	{"CR overwrite, line", IN("ABCDEF\rXY"), LINE, "ABCDEF XY"},
	{"CR overwrite, block", IN("ABCDEF\rXY"), BLOCK, "ABCDEF\nXY"},
	{"CRLF, line", IN("a\r\nb"), LINE, "a b"},
	{"CRLF, block", IN("a\r\nb"), BLOCK, "a\nb"},
	{"U+2028, block", IN("a\u2028b"), BLOCK, "a\nb"},
	{"TAB, line", IN("a\tb"), LINE, "a b"},
	{"TAB, block", IN("a\tb"), BLOCK, "a       b"},
	{"TAB after an escape counts its columns", IN("\x1b\tx"), BLOCK, "\\x1B    x"},
	{"C1 as UTF-8", IN("\xc2\x9b"), BOTH, "\\u{009B}"},
	{"raw 0x9B", IN("\x9b"), BOTH, "\\x9B"},
	{"overlong: every byte shown", IN("\xC0\x9B"), BOTH, "\\xC0\\x9B"},
	{"surrogate", IN("\xED\xA0\x80"), BOTH, "\\xED\\xA0\\x80"},
	{"truncated at end", IN("ok\xE2\x82"), BOTH, "ok\\xE2\\x82"},
	{"bidi shown, not removed", IN("a\u202Eb"), BOTH, "a\\u{202E}b"},
	{"ZWSP shown, not removed", IN("pay\u200Bpal"), BOTH, "pay\\u{200B}pal"},
	{"tag character shown", IN("\U000E0041"), BOTH, "\\u{E0041}"},
	{"noncharacter shown", IN("\xEF\xBF\xBE"), BOTH, "\\u{FFFE}"},
	{"combining flood kept in the log", IN("e" ACUTE ACUTE ACUTE ACUTE ACUTE), BOTH,
	 "e\\u{0301}\\u{0301}\\u{0301}\\u{0301}\\u{0301}"},
	{"Czech", IN("Dobrý"), BOTH, "Dobr\\u{00FD}"},
	{"Cyrillic", IN("Привіт"), BOTH,
	 "\\u{041F}\\u{0440}\\u{0438}\\u{0432}\\u{0456}\\u{0442}"},
	{"CJK", IN("東京"), BOTH, "\\u{6771}\\u{4EAC}"},
	{"emoji", IN("🙂"), BOTH, "\\u{1F642}"},
	{"highest code point", IN("\xF4\x8F\xBF\xBD"), BOTH, "\\u{10FFFD}"},
};

struct width_case {
	const char *in;
	int want;
};

static const struct width_case width_cases[] = {
	{NULL, 0},
	{"", 0},
	{"abc", 3},
	{"ë", 1},
	{"e\u0308", 1},
	{"東", 2},
	{"東京", 4},
	{"🙂", 2},
	{"❤\uFE0F", 1},
	{"Привіт", 6},
	{"Dobrý den, vrácení", 18},
	{"Сәлеметсіз бе", 13},
	{"⟨RLO⟩", 5},
	{"^[", 2},
	{"\\u{009B}", 8},
	{ELL, 1},
	{CIRCLE ACUTE, 1},
	{"ab\ncde\nf", 3}, /* the widest line */
	{"東京\n", 4},
};

struct fit_case {
	const char *in;
	int cols;
	int pad;
	const char *want;
};

static const struct fit_case fit_cases[] = {
	{NULL, 5, 0, ""},
	{NULL, 3, 1, "   "},
	{"abc", 0, 0, ""},
	{"abc", 0, 1, ""},
	{"abc", -1, 1, ""},
	{"", 2, 1, "  "},
	{"abc", 3, 0, "abc"},
	{"abc", 5, 0, "abc"},
	{"abc", 5, 1, "abc  "},
	{"abcdef", 4, 0, "abc" ELL},
	{"abcdef", 4, 1, "abc" ELL},
	{"abcdef", 1, 0, ELL},
	{"ab", 1, 0, ELL},
	{"a", 1, 0, "a"},
	/* A wide character is kept whole or not at all. */
	{"東京", 4, 0, "東京"},
	{"東京東京", 5, 0, "東京" ELL},
	{"東京東京", 4, 0, "東" ELL},
	{"東京東京", 4, 1, "東" ELL " "},
	{"東京", 3, 0, "東" ELL},
	{"東京", 2, 0, ELL},
	{"東京", 2, 1, ELL " "},
	{"a東", 2, 0, "a" ELL},
	{"🙂🙂", 3, 0, "🙂" ELL},
	{"🙂🙂", 4, 1, "🙂🙂"},
	/* Marks stay with their base; a joiner is not left dangling. */
	{"e\u0301xyz", 2, 0, "e\u0301" ELL},
	{"e\u0301", 1, 0, "e\u0301"},
	{"👨\u200D👩", 3, 0, "👨" ELL},
	{"Привіт, світе", 7, 0, "Привіт" ELL},
	{"Dobrý den, vrácení", 10, 1, "Dobrý den" ELL},
	/* Not sanitised by the caller: fit still makes it one safe line. */
	{"ab\x1b[2J", 10, 0, "ab^[[2J"},
	{"a\nb", 5, 1, "a b  "},
	{"\x1b[31mred", 4, 0, "^[[" ELL},
	{"x\u202E", 3, 0, "x⟨" ELL}, /* the marker is text like any other */
};

/* Failure messages go to a terminal too: show inputs and outputs escaped.
 * Leaks on the failure path only. */
static const char *show(const char *s)
{
	return text_sanitize_ascii(s, s != NULL ? strlen(s) : 0, TEXT_LINE);
}

static void check_sanitize(const struct sanitize_case *c, enum text_mode mode)
{
	unsigned flags = 0xdead;
	char *got = text_sanitize(c->in, c->len, mode, &flags);

	if (strcmp(got, c->want) != 0)
		fail_msg("%s (mode %d): got \"%s\", want \"%s\"", c->name, mode, show(got),
		         show(c->want));
	if (flags != c->flags)
		fail_msg("%s (mode %d): flags %#x, want %#x", c->name, mode, flags, c->flags);
	free(got);
}

static void run_sanitize_table(void)
{
	for (size_t i = 0; i < sizeof(sanitize_cases) / sizeof(sanitize_cases[0]); i++) {
		const struct sanitize_case *c = &sanitize_cases[i];

		if ((c->modes & UTF8_ONLY) && strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
			continue;
		if (c->modes & LINE)
			check_sanitize(c, TEXT_LINE);
		if (c->modes & BLOCK)
			check_sanitize(c, TEXT_BLOCK);
	}
}

static void test_ascii_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ascii_cases) / sizeof(ascii_cases[0]); i++) {
		const struct ascii_case *c = &ascii_cases[i];

		for (int m = TEXT_LINE; m <= TEXT_BLOCK; m++) {
			char *got;

			if (!(c->modes & (1u << m)))
				continue;
			got = text_sanitize_ascii(c->in, c->len, (enum text_mode)m);
			if (strcmp(got, c->want) != 0)
				fail_msg("%s (mode %d): got \"%s\", want \"%s\"", c->name, m,
				         show(got), show(c->want));
			free(got);
		}
	}
}

static void run_width_table(void)
{
	for (size_t i = 0; i < sizeof(width_cases) / sizeof(width_cases[0]); i++) {
		const struct width_case *c = &width_cases[i];
		int got = text_width(c->in);

		if (got != c->want)
			fail_msg("width of \"%s\": got %d, want %d", show(c->in), got, c->want);
	}
}

static void run_fit_table(void)
{
	for (size_t i = 0; i < sizeof(fit_cases) / sizeof(fit_cases[0]); i++) {
		const struct fit_case *c = &fit_cases[i];
		char *got = text_fit(c->in, c->cols, c->pad);

		if (strcmp(got, c->want) != 0)
			fail_msg("fit \"%s\" to %d (pad %d): got \"%s\", want \"%s\"", show(c->in),
			         c->cols, c->pad, show(got), show(c->want));
		if (c->cols > 0 && text_width(got) > c->cols)
			fail_msg("fit \"%s\" to %d: %d columns", show(c->in), c->cols,
			         text_width(got));
		if (c->cols > 0 && c->pad && text_width(got) != c->cols)
			fail_msg("fit \"%s\" to %d padded: %d columns", show(c->in), c->cols,
			         text_width(got));
		free(got);
	}
}

static void test_sanitize_table(void **state)
{
	(void)state;
	run_sanitize_table();
}

static void test_width_table(void **state)
{
	(void)state;
	run_width_table();
}

static void test_fit_table(void **state)
{
	(void)state;
	run_fit_table();
}

static void test_flags_optional(void **state)
{
	char *got = text_sanitize(IN("x\x1b"), TEXT_LINE, NULL);

	(void)state;
	assert_string_equal(got, "x^[");
	free(got);
}

static void test_unknown_mode_is_line(void **state)
{
	char *got = text_sanitize(IN("a\n\tb"), (enum text_mode)42, NULL);
	char *ascii = text_sanitize_ascii(IN("a\n\tb"), (enum text_mode)42);

	(void)state;
	assert_string_equal(got, "a  b");
	assert_string_equal(ascii, "a  b");
	free(got);
	free(ascii);
}

/* Sanitised text goes through the sanitiser again in places (text_fit,
 * re-rendering); doing so must not change it. */
static void test_idempotent(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(sanitize_cases) / sizeof(sanitize_cases[0]); i++) {
		const struct sanitize_case *c = &sanitize_cases[i];

		for (int m = TEXT_LINE; m <= TEXT_BLOCK; m++) {
			unsigned flags;
			char *once = text_sanitize(c->in, c->len, (enum text_mode)m, NULL);
			char *twice = text_sanitize(once, strlen(once), (enum text_mode)m, &flags);

			if (strcmp(once, twice) != 0 || flags != 0)
				fail_msg("%s (mode %d): \"%s\" became \"%s\" (flags %#x)", c->name, m,
				         show(once), show(twice), flags);
			free(once);
			free(twice);
		}
	}
}

/* Output is bounded by a small multiple of the input, and a flood of marks
 * or controls costs no more than that. */
static void test_oversized(void **state)
{
	const size_t n = 1u << 20;
	char *in = malloc(2 * n + 1);
	char *got;
	unsigned flags;

	(void)state;
	assert_non_null(in);
	memset(in, '\x1b', n);
	got = text_sanitize(in, n, TEXT_LINE, &flags);
	assert_int_equal(strlen(got), 2 * n);
	assert_int_equal(flags, TEXT_HAD_CONTROL);
	assert_memory_equal(got + 2 * n - 4, "^[^[", 4);
	free(got);

	memset(in, '\t', n);
	got = text_sanitize(in, n, TEXT_BLOCK, &flags);
	assert_int_equal(strlen(got), 8 * n);
	assert_int_equal(flags, 0);
	free(got);

	in[0] = 'e';
	for (size_t i = 1; i + 1 < 2 * n; i += 2)
		memcpy(in + i, ACUTE, 2);
	in[2 * n - 1] = '\0';
	got = text_sanitize(in, 2 * n - 1, TEXT_LINE, &flags);
	assert_string_equal(got, "e" ACUTE ACUTE ACUTE ACUTE);
	assert_int_equal(flags, TEXT_HAD_INVISIBLE);
	free(got);

	got = text_fit(in, 3, 1);
	assert_string_equal(got, "e" ACUTE ACUTE ACUTE ACUTE "  ");
	free(got);
	free(in);
}

/* Outside a UTF-8 locale wcwidth() knows nothing beyond ASCII; the built-in
 * table must give the same answers, and sanitising must not change. */
static void test_c_locale(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	run_width_table();
	run_fit_table();
	run_sanitize_table();
}

static int restore_locale(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_table),
		cmocka_unit_test(test_ascii_table),
		cmocka_unit_test(test_width_table),
		cmocka_unit_test(test_fit_table),
		cmocka_unit_test(test_flags_optional),
		cmocka_unit_test(test_unknown_mode_is_line),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test_teardown(test_c_locale, restore_locale),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
