/* ui.h: the full-screen interface: the queue on top, the open conversation
 * and the customer sidebar below, a status line and a key-hint line. It is
 * a client like any other: it runs operations and listens for events. */
#ifndef AFTERCARE_UI_H
#define AFTERCARE_UI_H

struct client;

/* Runs until the agent quits. binds are "KEY ACTION" lines from the
 * configuration; a bad one is reported before the screen changes. Returns 0, or -1 with *err (one translated
 * line; caller frees) when the terminal cannot be used. */
int ui_run(struct client *c, char **binds, int nbinds, char **err);

#endif
