/* draw.h: putting untrusted text on the screen. Everything goes through the
 * sanitiser first; widths are terminal columns, never bytes. */
#ifndef AFTERCARE_UI_DRAW_H
#define AFTERCARE_UI_DRAW_H

#include <curses.h>

/* Draws s (any text: it is sanitised here) at y, x in at most width
 * columns, padding with spaces to width when pad is set. Returns the
 * columns used. */
int draw_text(int y, int x, const char *s, int width, attr_t attr, int pad);

/* A list of display lines, each already sanitised and at most the width
 * it was wrapped to. */
struct lines {
	char **line;
	attr_t *attr;
	int n, cap;
};

void lines_add(struct lines *l, const char *s, attr_t attr);
/* Sanitises text as a block and wraps it at width columns (at spaces when
 * it can), adding each piece with attr and the given indent. */
void lines_wrap(struct lines *l, const char *text, int width, attr_t attr, const char *indent);
void lines_clear(struct lines *l);

#endif
