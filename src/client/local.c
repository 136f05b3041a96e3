/* local.c: the in-process client. The user who owns the database file is
 * its administrator, as with the server's peer-credential check. */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/client.h"
#include "db/db.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

struct client {
	struct db *db;
	struct op_caller caller;
	char *login;
};

static const char SQL_AGENT_BY_UID[] = "SELECT id, role FROM agents WHERE uid = ?1 AND active = 1";

static void
identify(struct client *c)
{
	struct passwd *pw = getpwuid(getuid());
	struct stat sb;
	sqlite3_stmt *st;

	c->login = xstrdup(pw != NULL ? pw->pw_name : "?");
	c->caller.login = c->login;
	c->caller.role = ROLE_NONE;
	if (stat(db_path(c->db), &sb) == 0 && sb.st_uid == getuid())
		c->caller.role = ROLE_ADMIN;
	if ((st = db_stmt(c->db, SQL_AGENT_BY_UID)) != NULL) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)getuid());
		if (sqlite3_step(st) == SQLITE_ROW) {
			enum role r = role_from_name(db_col_text(st, 1));

			c->caller.agent_id = sqlite3_column_int64(st, 0);
			if (r > c->caller.role)
				c->caller.role = r;
		}
		db_done(st);
	}
}

struct client *
client_open(const char *db_path, int flags, char **err)
{
	struct client *c;
	struct db *db;

	if (db_open(db_path, (flags & CLIENT_CREATE) ? DB_OPEN_CREATE : DB_OPEN_EXISTING,
	    &db, err) != 0)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->db = db;
	identify(c);
	return c;
}

json_t *
client_call(struct client *c, const char *name, json_t *params, struct op_error *err)
{
	struct op_ctx ctx = { c->db, &c->caller };

	return ops_call(&ctx, name, params, err);
}

struct db *
client_db(struct client *c)
{
	return c->db;
}

void
client_close(struct client **cp)
{
	struct client *c = *cp;

	if (c == NULL)
		return;
	db_close(&c->db);
	free(c->login);
	free(c);
	*cp = NULL;
}
