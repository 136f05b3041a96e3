/* fuzz_search.c: libFuzzer target for the search-text translator. Whatever
 * an agent types, the FTS5 query we build must be accepted by FTS5 (never a
 * syntax error, never an operator the agent did not mean). */
#include "config.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *match;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size), *q;
	int rc;

	if (db == NULL) {
		if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
		    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize ="
		    " 'unicode61 remove_diacritics 2'); INSERT INTO t VALUES ('hello world')",
		    NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1,
		    &match, NULL) != SQLITE_OK)
			abort();
	}
	q = search_to_fts(text);
	if (q != NULL) {
		/* Only quoted strings, optional '*', single spaces between. */
		if (q[0] != '"')
			abort();
		sqlite3_reset(match);
		sqlite3_bind_text(match, 1, q, -1, SQLITE_STATIC);
		rc = sqlite3_step(match);
		if (rc != SQLITE_ROW)
			abort();
		sqlite3_reset(match);
		free(q);
	}
	free(text);
	return 0;
}
