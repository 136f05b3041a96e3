/* row.c: column to JSON helpers shared by the core queries. */
#include "config.h"

#include "core/row.h"
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
	/* Stored text is UTF-8 by construction; json_stringn rejects anything
	 * else, and then we keep the key with null rather than drop the row. */
	json_t *v = json_stringn((const char *)s, (size_t)sqlite3_column_bytes(st, col));

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
