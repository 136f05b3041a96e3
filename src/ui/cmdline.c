/* cmdline.c: a small wide-character line editor (Ctrl-A/E/U/W/K, arrows,
 * history). Typed text is the agent's own, but it is still drawn through
 * the sanitiser: pasted text can hold anything. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/cmdline.h"
#include "ui/draw.h"
#include "util/text.h"
#include "util/xmalloc.h"

static void
set_text(struct cmdline *c, const char *s)
{
	mbstate_t mbs;
	const char *p = s;
	size_t n;

	memset(&mbs, 0, sizeof mbs);
	n = s != NULL ? mbsrtowcs(c->buf, &p, CMDLINE_MAX, &mbs) : 0;
	if (n == (size_t)-1)
		n = 0;
	c->len = c->pos = (int)n;
	c->buf[c->len] = L'\0';
}

void
cmdline_start(struct cmdline *c, const char *prompt, struct history *h, int purpose,
    const char *initial)
{
	c->active = 1;
	c->prompt = prompt;
	c->hist = h;
	c->hist_pos = h != NULL ? h->n : 0;
	c->purpose = purpose;
	set_text(c, initial);
}

static void
insert(struct cmdline *c, wchar_t ch)
{
	if (c->len >= CMDLINE_MAX)
		return;
	wmemmove(c->buf + c->pos + 1, c->buf + c->pos, (size_t)(c->len - c->pos));
	c->buf[c->pos++] = ch;
	c->buf[++c->len] = L'\0';
}

static void
delete_range(struct cmdline *c, int from, int to)
{
	if (from >= to)
		return;
	wmemmove(c->buf + from, c->buf + to, (size_t)(c->len - to));
	c->len -= to - from;
	c->buf[c->len] = L'\0';
	c->pos = from;
}

static void
history_move(struct cmdline *c, int delta)
{
	int np = c->hist_pos + delta;

	if (c->hist == NULL || np < 0 || np > c->hist->n)
		return;
	c->hist_pos = np;
	set_text(c, np < c->hist->n ? c->hist->entry[np] : "");
}

enum cmdline_result
cmdline_key(struct cmdline *c, wint_t ch, int is_key)
{
	if (is_key) {
		switch (ch) {
		case KEY_LEFT:
			if (c->pos > 0)
				c->pos--;
			break;
		case KEY_RIGHT:
			if (c->pos < c->len)
				c->pos++;
			break;
		case KEY_HOME:
			c->pos = 0;
			break;
		case KEY_END:
			c->pos = c->len;
			break;
		case KEY_BACKSPACE:
			delete_range(c, c->pos > 0 ? c->pos - 1 : 0, c->pos);
			break;
		case KEY_DC:
			delete_range(c, c->pos, c->pos < c->len ? c->pos + 1 : c->pos);
			break;
		case KEY_UP:
			history_move(c, -1);
			break;
		case KEY_DOWN:
			history_move(c, 1);
			break;
		case KEY_ENTER:
			c->active = 0;
			return CMDLINE_DONE;
		}
		return CMDLINE_EDITING;
	}
	switch (ch) {
	case '\r':
	case '\n':
		c->active = 0;
		return CMDLINE_DONE;
	case 27:         /* Esc */
	case 'G' & 0x1f:
		c->active = 0;
		return CMDLINE_CANCEL;
	case 'A' & 0x1f:
		c->pos = 0;
		break;
	case 'E' & 0x1f:
		c->pos = c->len;
		break;
	case 'U' & 0x1f:
		delete_range(c, 0, c->pos);
		break;
	case 'K' & 0x1f:
		delete_range(c, c->pos, c->len);
		break;
	case 'W' & 0x1f: {
		int p = c->pos;

		while (p > 0 && c->buf[p - 1] == L' ')
			p--;
		while (p > 0 && c->buf[p - 1] != L' ')
			p--;
		delete_range(c, p, c->pos);
		break;
	}
	case 127:
	case 'H' & 0x1f:
		if (c->len == 0) {
			c->active = 0;
			return CMDLINE_CANCEL;
		}
		delete_range(c, c->pos > 0 ? c->pos - 1 : 0, c->pos);
		break;
	default:
		if (ch >= 32)
			insert(c, (wchar_t)ch);
	}
	return CMDLINE_EDITING;
}

static char *
to_utf8(const wchar_t *w, int n)
{
	char *out = xmalloc((size_t)n * MB_CUR_MAX + 1), *p = out;
	mbstate_t mbs;
	int i;

	memset(&mbs, 0, sizeof mbs);
	for (i = 0; i < n; i++) {
		size_t k = wcrtomb(p, w[i], &mbs);

		if (k != (size_t)-1)
			p += k;
	}
	*p = '\0';
	return out;
}

char *
cmdline_take(struct cmdline *c)
{
	char *s = to_utf8(c->buf, c->len);
	struct history *h = c->hist;

	if (h != NULL && s[0] != '\0' && (h->n == 0 || strcmp(h->entry[h->n - 1], s) != 0)) {
		if (h->n == CMDLINE_HISTORY) {
			free(h->entry[0]);
			memmove(h->entry, h->entry + 1, sizeof h->entry[0] * (CMDLINE_HISTORY - 1));
			h->n--;
		}
		h->entry[h->n++] = xstrdup(s);
	}
	return s;
}

void
cmdline_draw(struct cmdline *c, int y, int cols)
{
	char *before = to_utf8(c->buf, c->pos), *all = to_utf8(c->buf, c->len);
	char *safe_before = text_sanitize(before, strlen(before), TEXT_LINE, NULL);
	int pw, cw;

	move(y, 0);
	clrtoeol();
	pw = draw_text(y, 0, c->prompt, cols / 2, A_BOLD, 0);
	cw = text_width(safe_before);
	/* Keep the cursor on screen for lines longer than the row. */
	if (pw + cw >= cols) {
		const char *tail = safe_before;
		int avail = cols - pw - 2;

		while (*tail != '\0' && text_width(tail) > avail) {
			tail++;
			while (((unsigned char)*tail & 0xc0) == 0x80)
				tail++;
		}
		draw_text(y, pw, "…", 1, 0, 0);
		cw = draw_text(y, pw + 1, tail, avail, 0, 0);
		move(y, pw + 1 + cw);
	} else {
		draw_text(y, pw, all, cols - pw, 0, 0);
		move(y, pw + cw);
	}
	free(safe_before);
	free(before);
	free(all);
}

void
history_free(struct history *h)
{
	int i;

	for (i = 0; i < h->n; i++)
		free(h->entry[i]);
	h->n = 0;
}
