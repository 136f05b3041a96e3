/* cmdline.h: the one-line editor behind ':' and '/', with history. */
#ifndef AFTERCARE_UI_CMDLINE_H
#define AFTERCARE_UI_CMDLINE_H

#include <wchar.h>

#define CMDLINE_MAX 512
#define CMDLINE_HISTORY 50

struct history {
	char *entry[CMDLINE_HISTORY];
	int n;
};

struct cmdline {
	int active;
	const char *prompt;      /* translated, owned elsewhere */
	wchar_t buf[CMDLINE_MAX + 1];
	int len, pos;
	struct history *hist;
	int hist_pos;            /* hist->n when editing a fresh line */
	int purpose;             /* what to do with the line: the caller's enum */
};

enum cmdline_result { CMDLINE_EDITING, CMDLINE_DONE, CMDLINE_CANCEL };

void cmdline_start(struct cmdline *c, const char *prompt, struct history *h, int purpose,
    const char *initial);
/* Feeds one key (from get_wch: is_key says it was a KEY_ code). */
enum cmdline_result cmdline_key(struct cmdline *c, wint_t ch, int is_key);
/* The line as UTF-8 (caller frees); adds it to the history. */
char *cmdline_take(struct cmdline *c);
/* Draws the prompt and line on row y across cols and places the cursor. */
void cmdline_draw(struct cmdline *c, int y, int cols);
void history_free(struct history *h);

#endif
