/* draw.c: sanitised, width-aware text for curses. Only sanitised text ever
 * reaches addstr(), so nothing from a customer can move the cursor, change
 * attributes or talk to the terminal. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/draw.h"
#include "util/text.h"
#include "util/xmalloc.h"

int
draw_text(int y, int x, const char *s, int width, attr_t attr, int pad)
{
	char *safe, *cut;
	int w;

	if (width <= 0)
		return 0;
	safe = text_sanitize(s, s != NULL ? strlen(s) : 0, TEXT_LINE, NULL);
	cut = text_fit(safe, width, pad);
	w = text_width(cut);
	attron(attr);
	mvaddstr(y, x, cut);
	attroff(attr);
	free(cut);
	free(safe);
	return w;
}

void
lines_add(struct lines *l, const char *s, attr_t attr)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		l->line = xreallocarray(l->line, (size_t)l->cap, sizeof *l->line);
		l->attr = xreallocarray(l->attr, (size_t)l->cap, sizeof *l->attr);
	}
	l->line[l->n] = xstrdup(s);
	l->attr[l->n] = attr;
	l->n++;
}

void
lines_clear(struct lines *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	free(l->attr);
	memset(l, 0, sizeof *l);
}

/* Byte length of the longest prefix of s (one line, sanitised) that fits
 * in cols columns, preferring to break after a space. Linear: widths are
 * summed character by character. */
static size_t
fit_prefix(const char *s, int cols, int *broke_at_space)
{
	size_t len = strlen(s), pos = 0, best_space = 0;
	mbstate_t mbs;
	int used = 0;

	memset(&mbs, 0, sizeof mbs);
	*broke_at_space = 0;
	while (pos < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + pos, len - pos, &mbs);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&mbs, 0, sizeof mbs);
			n = 1;
			w = 1;
		} else {
			w = wcwidth(wc);
			if (w < 0)
				w = 1;
		}
		if (used + w > cols)
			break;
		used += w;
		if (s[pos] == ' ')
			best_space = pos + n;
		pos += n;
	}
	if (pos < len && best_space > 0) {
		*broke_at_space = 1;
		return best_space;
	}
	return pos > 0 ? pos : (len > 0 ? 1 : 0);
}

void
lines_wrap(struct lines *l, const char *text, int width, attr_t attr, const char *indent)
{
	char *safe = text_sanitize(text, text != NULL ? strlen(text) : 0, TEXT_BLOCK, NULL);
	int avail = width - text_width(indent);
	char *line = safe, *nl;

	if (avail < 8)
		avail = 8;
	do {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		if (*line == '\0')
			lines_add(l, "", attr);
		while (*line != '\0') {
			int sp;
			size_t n = fit_prefix(line, avail, &sp);
			char *piece = xstrndup(line, n), *full;

			full = xasprintf("%s%s", indent, piece);
			lines_add(l, full, attr);
			free(full);
			free(piece);
			line += n;
		}
		if (nl != NULL)
			line = nl + 1;
	} while (nl != NULL);
	free(safe);
}
