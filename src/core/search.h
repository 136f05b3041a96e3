/* search.h: turns what an agent types into a safe FTS5 query. */
#ifndef AFTERCARE_CORE_SEARCH_H
#define AFTERCARE_CORE_SEARCH_H

#define SEARCH_MAX_TERMS 16

/* Each whitespace-separated word becomes a quoted FTS5 string, so no FTS5
 * syntax (column filters, NEAR, parentheses, ^) reaches the engine from user
 * input; a trailing '*' asks for a prefix match; all words must match.
 * Returns a new string (caller frees), or NULL if text has no words or more
 * than SEARCH_MAX_TERMS of them. */
char *search_to_fts(const char *text);

#endif
