/* row.h: copying result columns into JSON objects, keeping SQL NULL as JSON
 * null so that "unknown" is never shown as zero or "". */
#ifndef AFTERCARE_CORE_ROW_H
#define AFTERCARE_CORE_ROW_H

#include <jansson.h>
#include <sqlite3.h>

void row_text(json_t *o, const char *key, sqlite3_stmt *st, int col);
void row_int(json_t *o, const char *key, sqlite3_stmt *st, int col);
void row_bool(json_t *o, const char *key, sqlite3_stmt *st, int col);
/* A translated one-line error for a failed statement; caller frees. */
char *row_error(sqlite3 *h);

#endif
