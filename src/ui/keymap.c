/* keymap.c: the default bindings (mutt's vocabulary) and rebinding. No
 * Ctrl-S / Ctrl-Q: flow control eats them over SSH. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define MAX_KEY 1024

const struct action_info actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", N_("do nothing") },
	[ACT_DOWN] = { "next", N_("move down") },
	[ACT_UP] = { "previous", N_("move up") },
	[ACT_PAGE_DOWN] = { "page-down", N_("next page") },
	[ACT_PAGE_UP] = { "page-up", N_("previous page") },
	[ACT_TOP] = { "top", N_("go to the first line") },
	[ACT_BOTTOM] = { "bottom", N_("go to the last line") },
	[ACT_OPEN] = { "open", N_("open the selected ticket") },
	[ACT_BACK] = { "back", N_("go back; quit from the queue") },
	[ACT_NEXT_PANE] = { "next-pane", N_("move to the next pane") },
	[ACT_SEARCH] = { "search", N_("search tickets (full text)") },
	[ACT_SEARCH_NEXT] = { "search-next", N_("next search match") },
	[ACT_SEARCH_PREV] = { "search-previous", N_("previous search match") },
	[ACT_LIMIT] = { "limit", N_("show only: status, channel, mine, unassigned, all") },
	[ACT_SORT] = { "sort", N_("sort by last activity or by creation") },
	[ACT_COMMAND] = { "command", N_("enter a command") },
	[ACT_HELP] = { "help", N_("this help") },
	[ACT_REDRAW] = { "redraw", N_("redraw the screen") },
	[ACT_STATUS] = { "status", N_("set the ticket's status") },
	[ACT_TAKE] = { "take", N_("assign the ticket to me") },
	[ACT_ASSIGN] = { "assign", N_("assign the ticket to an agent") },
	[ACT_PRIORITY] = { "priority", N_("set the ticket's priority") },
	[ACT_TAG] = { "tag", N_("add (+tag) or remove (-tag) tags") },
	[ACT_REPLY] = { "reply", N_("reply to the customer in your editor") },
	[ACT_NOTE] = { "note", N_("add an internal note (never sent)") },
	[ACT_TEMPLATE] = { "template", N_("reply from a template, with a preview for this customer") },
	[ACT_GOODWILL] = { "goodwill", N_("grant the customer goodwill points, with a reason") },
	[ACT_SAVE_ATTACHMENT] = { "save-attachment",
	    N_("save an attachment of the open ticket (to ~/aftercare-attachments)") },
	[ACT_RETURN] = { "return", N_("return items of the open ticket's order: refund, credit or exchange") },
	[ACT_EXCHANGE] = { "exchange", N_("exchange items of the open ticket's order for another variant") },
	[ACT_RETURNS] = { "returns", N_("open returns: find one by RMA, receive it, refund it, ...") },
};

static unsigned char map[MAX_KEY];

void
keymap_bind(int key, enum action act)
{
	if (key >= 0 && key < MAX_KEY)
		map[key] = (unsigned char)act;
}

void
keymap_init(void)
{
	memset(map, 0, sizeof map);
	keymap_bind('j', ACT_DOWN);
	keymap_bind(KEY_DOWN, ACT_DOWN);
	keymap_bind('k', ACT_UP);
	keymap_bind(KEY_UP, ACT_UP);
	keymap_bind(KEY_NPAGE, ACT_PAGE_DOWN);
	keymap_bind(' ', ACT_PAGE_DOWN);
	keymap_bind(KEY_PPAGE, ACT_PAGE_UP);
	keymap_bind('-', ACT_PAGE_UP);
	keymap_bind('g', ACT_TOP);
	keymap_bind(KEY_HOME, ACT_TOP);
	keymap_bind('G', ACT_BOTTOM);
	keymap_bind(KEY_END, ACT_BOTTOM);
	keymap_bind('\r', ACT_OPEN);
	keymap_bind('\n', ACT_OPEN);
	keymap_bind(KEY_ENTER, ACT_OPEN);
	keymap_bind('q', ACT_BACK);
	keymap_bind('\t', ACT_NEXT_PANE);
	keymap_bind('/', ACT_SEARCH);
	keymap_bind('n', ACT_SEARCH_NEXT);
	keymap_bind('N', ACT_SEARCH_PREV);
	keymap_bind('l', ACT_LIMIT);
	keymap_bind('o', ACT_SORT);
	keymap_bind(':', ACT_COMMAND);
	keymap_bind('?', ACT_HELP);
	keymap_bind('L' & 0x1f, ACT_REDRAW);
	keymap_bind('s', ACT_STATUS);
	keymap_bind('t', ACT_TAKE);
	keymap_bind('a', ACT_ASSIGN);
	keymap_bind('P', ACT_PRIORITY);
	keymap_bind('T', ACT_TAG);
	keymap_bind('A', ACT_SAVE_ATTACHMENT);
	keymap_bind('r', ACT_REPLY);
	keymap_bind('c', ACT_NOTE);
	keymap_bind('m', ACT_TEMPLATE);
	keymap_bind('+', ACT_GOODWILL);
	keymap_bind('R', ACT_RETURN);
	keymap_bind('X', ACT_EXCHANGE);
	keymap_bind('V', ACT_RETURNS);
}

enum action
keymap_lookup(int key)
{
	if (key < 0 || key >= MAX_KEY)
		return ACT_NONE;
	return (enum action)map[key];
}

enum action
action_by_name(const char *name)
{
	int i;

	for (i = 1; i < ACT_COUNT; i++)
		if (strcmp(actions[i].name, name) == 0)
			return (enum action)i;
	return ACT_NONE;
}

static const struct { const char *name; int key; } named[] = {
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "PageUp", KEY_PPAGE },
	{ "PageDown", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Enter", '\r' }, { "Tab", '\t' }, { "Space", ' ' }, { NULL, 0 },
};

static void
describe_key(int key, struct buf *b)
{
	int i;

	for (i = 0; named[i].name != NULL; i++)
		if (named[i].key == key) {
			buf_addstr(b, named[i].name);
			return;
		}
	if (key < 32)
		buf_addf(b, "^%c", key + '@');
	else if (key < 127)
		buf_addc(b, (char)key);
	else
		buf_addf(b, "<%d>", key);
}

char *
keymap_keys_for(enum action act)
{
	struct buf b;
	int k;

	buf_init(&b, 256);
	for (k = 0; k < MAX_KEY; k++) {
		if (map[k] != act || k == '\n' || k == KEY_ENTER)
			continue;
		if (b.len > 0)
			buf_addstr(&b, ", ");
		describe_key(k, &b);
	}
	return buf_take(&b);
}

int
keymap_bind_line(const char *line, char **err)
{
	char key[32], act[64];
	enum action a;
	int k = -1, i;

	if (sscanf(line, "%31s %63s", key, act) != 2) {
		*err = xasprintf(_("bind: expected \"KEY ACTION\", got \"%s\""), line);
		return -1;
	}
	for (i = 0; named[i].name != NULL; i++)
		if (strcmp(named[i].name, key) == 0)
			k = named[i].key;
	if (k < 0 && key[0] == '^' && key[1] != '\0' && key[2] == '\0')
		k = key[1] & 0x1f;
	if (k < 0 && key[0] > 32 && key[0] < 127 && key[1] == '\0')
		k = key[0];
	if (k < 0) {
		*err = xasprintf(_("bind: unknown key \"%s\""), key);
		return -1;
	}
	if (k == ('S' & 0x1f) || k == ('Q' & 0x1f)) {
		*err = xasprintf(_("bind: %s is flow control on many terminals; pick another key"),
		    key);
		return -1;
	}
	if ((a = action_by_name(act)) == ACT_NONE && strcmp(act, "none") != 0) {
		*err = xasprintf(_("bind: unknown action \"%s\""), act);
		return -1;
	}
	keymap_bind(k, a);
	return 0;
}
