/* text.h: the one sanitiser for untrusted (customer or server) text on its way
 * to a terminal, a log file or any other place a human reads it. */
#ifndef AFTERCARE_TEXT_H
#define AFTERCARE_TEXT_H

#include <stddef.h>

/*
 * What the output looks like (UTF-8 forms, text_sanitize):
 *   C0 controls, DEL   caret notation: NUL "^@", BS "^H", ESC "^[", DEL "^?"
 *   C1 U+0080-U+009F   "\u{0085}" (uppercase hex, four digits)
 *   bidi controls      "⟨RLO⟩"; names LRE RLE PDF LRO RLO LRI RLI FSI PDI LRM RLM ALM
 *   invalid UTF-8      one U+FFFD per maximal invalid subsequence
 *   noncharacters and code points wcwidth() rejects   U+FFFD
 *   invisible / format / tag characters   removed
 *   a combining mark with no base character   shown on U+25CC DOTTED CIRCLE
 *   more than 4 combining marks (or joiners) on one base, a second variation
 *   selector, a variation selector not directly after its base   removed
 * Placeholders are plain text, so literal "^[" in the input looks the same:
 * the flags are what tells a caller that something was neutralised.
 *
 * The ASCII form (text_sanitize_ascii) is for logs, which are evidence: it
 * drops nothing and is unambiguous. Backslash becomes "\\", C0 and DEL
 * "\x1B", each invalid byte "\xC0", every other non-ASCII code point
 * (C1, bidi, invisible ones included) "\u{202E}" / "\u{1F642}".
 *
 * Both forms treat line structure by mode (CRLF counts as one line break).
 */
enum text_mode {
	TEXT_LINE,  /* one line: LF, CR, TAB, U+2028/9 all become a single space */
	TEXT_BLOCK, /* keeps LF (CRLF and lone CR become LF, U+2028/9 become LF),
	             * TAB expands to spaces to the next multiple of 8 columns */
};

enum text_flag {
	TEXT_HAD_CONTROL = 1 << 0,   /* C0/C1/DEL shown as placeholders */
	TEXT_HAD_BIDI = 1 << 1,      /* bidi controls shown as markers */
	TEXT_HAD_INVISIBLE = 1 << 2, /* zero-width / format / tag chars removed or shown */
	TEXT_HAD_INVALID = 1 << 3,   /* invalid UTF-8 (or a noncharacter or
	                              * unprintable code point) replaced by U+FFFD */
};

/* Returns a newly allocated, NUL-terminated, valid UTF-8 string safe to print
 * (caller frees). in may be NULL (treated as ""); len is in bytes (embedded
 * NUL is a control char). flags may be NULL; otherwise set to an OR of
 * text_flag. */
char *text_sanitize(const char *in, size_t len, enum text_mode mode, unsigned *flags);

/* Same input rules, but the output is pure printable ASCII for log files:
 * non-ASCII as \u{XXXX}, invalid bytes as \xNN, controls as \xNN, backslash
 * as \\; LF kept only in TEXT_BLOCK. Caller frees. */
char *text_sanitize_ascii(const char *in, size_t len, enum text_mode mode);

/* Display width in terminal columns of a string that is already sanitised
 * (valid UTF-8, no controls). For TEXT_BLOCK output with several lines it is
 * the width of the widest line. NULL is 0. */
int text_width(const char *s);

/* Newly allocated copy of s, made one line (as TEXT_LINE) and cut to at most
 * cols columns, never splitting a character nor leaving a wide character
 * half-visible; if it was cut, "…" (U+2026) takes the last column of the
 * kept text. If pad is nonzero, spaces are appended up to exactly cols
 * columns. cols <= 0 gives "". Caller frees. */
char *text_fit(const char *s, int cols, int pad);

/* A copy of in (len bytes) that is valid UTF-8: each byte that does not
 * start or continue a well-formed sequence becomes U+FFFD. Everything else,
 * controls included, is kept as it is (this is for storage and JSON, not for
 * the screen). Caller frees. */
char *text_utf8_repair(const char *in, size_t len, size_t *out_len);

#endif
