/* returns.h: the return dialog (R, X) and the open-returns view (V) of the
 * full-screen interface. Each is a screen drawn over the queue and the panes
 * and driven by keys; like the rest of the TUI it reaches the data only
 * through the client (return.options, return.quote, return.create,
 * catalog.variants, return.list, return.show, return.act). */
#ifndef AFTERCARE_UI_RETURNS_H
#define AFTERCARE_UI_RETURNS_H

#include <wchar.h>

struct client;
struct cmdline;
struct lines;
struct returns_ui;

enum returns_kind {
	RETURNS_DIALOG,   /* R: a return of the open ticket's order, refund first */
	RETURNS_EXCHANGE, /* X: the same dialog in exchange mode */
	RETURNS_VIEW,     /* V: open returns by state and age */
};

enum returns_key_result {
	RETURNS_UNUSED,   /* not a key of this screen: the caller may use it */
	RETURNS_USED,     /* handled; the screen stays */
	RETURNS_CLOSED,   /* the screen is done: the caller frees it */
	RETURNS_CREATED,  /* a return was created: free the screen, reload the ticket */
};

/* Opens a screen. ticket is the open ticket (0 for RETURNS_VIEW). Returns
 * NULL when there is nothing to show, with *msg (one translated line;
 * caller frees) saying why. */
struct returns_ui *returns_ui_open(struct client *c, enum returns_kind kind, long long ticket,
    char **msg);
/* Feeds one key (from get_wch: is_key says it was a KEY_ code). *msg, when
 * set, is one translated line for the message line (caller frees). */
enum returns_key_result returns_ui_key(struct returns_ui *r, wint_t ch, int is_key,
    char **msg);
/* Draws the screen in rows y0 .. y0 + h - 1, w columns wide. */
void returns_ui_draw(struct returns_ui *r, int y0, int w, int h);
/* The line editor the screen is using for a note, a SKU or a filter, or
 * NULL; the caller draws it on the hint line (and shows the cursor). */
struct cmdline *returns_ui_cmdline(struct returns_ui *r);
/* The key hints for the hint line (translated; static). */
const char *returns_ui_hints(struct returns_ui *r);
/* The data changed elsewhere: the view reloads its list. */
void returns_ui_changed(struct returns_ui *r);
void returns_ui_free(struct returns_ui **r);

/* Adds the keys of the dialog and of the view to the help screen. */
void returns_help(struct lines *l);

#endif
