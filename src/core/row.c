/* row.c: column to JSON helpers shared by the core queries. */
#include "config.h"

#include <stdlib.h>

#include "core/row.h"
#include "util/text.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

void
row_text(json_t *o, const char *key, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	if (s == NULL) {
		json_object_set_new(o, key, json_null());
		return;
	}
	/* Stored text should be UTF-8, but a database written by another tool
	 * may hold anything: repair rather than lose the whole value. */
	size_t len = (size_t)sqlite3_column_bytes(st, col);
	json_t *v = json_stringn((const char *)s, len);

	if (v == NULL) {
		size_t n;
		char *fixed = text_utf8_repair((const char *)s, len, &n);

		v = json_stringn(fixed, n);
		free(fixed);
	}
	json_object_set_new(o, key, v != NULL ? v : json_null());
}

void
row_int(json_t *o, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		json_object_set_new(o, key, json_null());
	else
		json_object_set_new(o, key, json_integer(sqlite3_column_int64(st, col)));
}

void
row_bool(json_t *o, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		json_object_set_new(o, key, json_null());
	else
		json_object_set_new(o, key, json_boolean(sqlite3_column_int(st, col) != 0));
}

char *
row_error(sqlite3 *h)
{
	return xasprintf(_("database error: %s"), sqlite3_errmsg(h));
}
