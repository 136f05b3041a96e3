/* keymap.h: keys map to named actions through one table; the help screen
 * is generated from it, so it always tells the truth. */
#ifndef AFTERCARE_UI_KEYMAP_H
#define AFTERCARE_UI_KEYMAP_H

enum action {
	ACT_NONE,
	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM,
	ACT_OPEN, ACT_BACK, ACT_NEXT_PANE, ACT_SEARCH, ACT_SEARCH_NEXT, ACT_SEARCH_PREV,
	ACT_LIMIT, ACT_SORT, ACT_COMMAND, ACT_HELP, ACT_REDRAW,
	ACT_STATUS, ACT_TAKE, ACT_ASSIGN, ACT_PRIORITY, ACT_TAG, ACT_SAVE_ATTACHMENT, ACT_REPLY, ACT_NOTE, ACT_TEMPLATE, ACT_GOODWILL,
	ACT_RETURN, ACT_EXCHANGE, ACT_RETURNS,
	ACT_COUNT
};

struct action_info {
	const char *name;  /* for 'bind' and ':' (not translated) */
	const char *help;  /* N_() */
};

extern const struct action_info actions[ACT_COUNT];

void keymap_init(void);
/* Binds key (a curses key code or a character) to act. */
void keymap_bind(int key, enum action act);
/* Parses "KEY ACTION" (KEY: a character, ^X, or one of Up Down PageUp
 * PageDown Home End Enter Tab Space); 0 or -1 with *err (caller frees). */
int keymap_bind_line(const char *line, char **err);
enum action keymap_lookup(int key);
/* The keys bound to act, as text ("j, Down"); caller frees. */
char *keymap_keys_for(enum action act);
enum action action_by_name(const char *name);

#endif
