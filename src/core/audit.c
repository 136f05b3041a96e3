/* audit.c: audit entries are written in the same transaction as the change
 * they describe, so one never exists without the other. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/audit.h"
#include "db/db.h"
#include "util/clock.h"

static const char SQL_AUDIT[] =
	"INSERT INTO audit_log (at, agent_id, action, object_type, object_id, detail)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int
audit_log(struct db *db, const struct op_caller *who, const char *action,
    const char *object_type, int64_t object_id, json_t *detail)
{
	sqlite3_stmt *st = db_stmt(db, SQL_AUDIT);
	char id[32], *text = NULL;
	int rc;

	if (st == NULL)
		return -1;
	snprintf(id, sizeof id, "%lld", (long long)object_id);
	{
		/* The login too: the database owner may have no agents row. */
		json_t *d = json_pack("{s:s,s:O?}", "by", who != NULL ? who->login : "?",
		    "detail", detail);

		text = json_dumps(d, JSON_COMPACT);
		json_decref(d);
	}
	sqlite3_bind_int64(st, 1, clock_now());
	if (who != NULL && who->agent_id != 0)
		sqlite3_bind_int64(st, 2, who->agent_id);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, object_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, text != NULL ? text : "{}", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	db_done(st);
	free(text);
	return rc == SQLITE_DONE ? 0 : -1;
}
