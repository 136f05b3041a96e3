/* tags.c: one reading of tag words, shared by the command line and the TUI. */
#include "config.h"

#include "util/tags.h"

void
tags_sort_word(const char *word, struct buf *add, struct buf *del)
{
	struct buf *b = word[0] == '-' ? del : add;

	if (word[0] == '-' || word[0] == '+')
		word++;
	if (word[0] == '\0')
		return;
	if (b->len > 0)
		buf_addc(b, ',');
	buf_addstr(b, word);
}
