/* tags.h: the "+add -remove" tag words the CLI and the TUI both accept. */
#ifndef AFTERCARE_TAGS_H
#define AFTERCARE_TAGS_H

#include "util/buf.h"

/* Appends word to add ("+a" or "a") or to del ("-a"), comma-separated, the
 * form ticket.tag takes. */
void tags_sort_word(const char *word, struct buf *add, struct buf *del);

#endif
