/* search.c: the agent's search syntax, translated to FTS5. Kept tiny on
 * purpose: words, "prefix*"; everything else is literal text. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *
search_to_fts(const char *text)
{
	struct buf b;
	int terms = 0;
	const char *p = text;

	if (text == NULL)
		return NULL;
	buf_init(&b, strlen(text) * 2 + SEARCH_MAX_TERMS * 4 + 1);
	while (*p != '\0') {
		const char *start, *end;
		int prefix = 0;

		while (is_space(*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		end = p;
		while (end > start && end[-1] == '*') {
			prefix = 1;
			end--;
		}
		if (end == start)
			continue;  /* a lone "*" is not a word */
		if (++terms > SEARCH_MAX_TERMS) {
			buf_free(&b);
			return NULL;
		}
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_addc(&b, '"');
		for (; start < end; start++) {
			if (*start == '"')
				buf_addc(&b, '"');
			buf_addc(&b, *start);
		}
		buf_addc(&b, '"');
		if (prefix)
			buf_addc(&b, '*');
	}
	if (terms == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}
