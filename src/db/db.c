/* db.c: opening, checking and migrating the database, and the statement
 * cache. The checks run before the first write (even before WAL is turned
 * on), so a database we refuse is never modified. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/db.h"
#include "db/migrations.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/xmalloc.h"

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *handle;
	char *path;
	struct stmt_slot *slots;
	size_t nslots; /* power of two */
	size_t used;
	int in_tx;
};

int
db_schema_latest(void)
{
	return db_migrations_count;
}

sqlite3 *
db_handle(struct db *db)
{
	return db->handle;
}

const char *
db_path(struct db *db)
{
	return db->path;
}

const char *
db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->handle);
}

static int
pragma_int(sqlite3 *h, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int
db_schema_version(struct db *db)
{
	int v = -1;

	pragma_int(db->handle, "PRAGMA user_version", &v);
	return v;
}

static int
create_file(const char *path, char **err)
{
	int fd;

	if (paths_mkdir_parent(path) != 0) {
		*err = xasprintf(_("cannot create the directory for %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		*err = xasprintf(_("cannot create %s: %s"), path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Everything we can say about the file before SQLite writes to it. */
static int
precheck(const char *path, int flags, char **err)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && (flags & DB_OPEN_CREATE))
			return create_file(path, err);
		if (errno == ENOENT)
			*err = xasprintf(_("no database at %s (create one with "
			    "'aftercare init' or 'aftercare demo')"), path);
		else
			*err = xasprintf(_("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		*err = xasprintf(_("%s is not a regular file"), path);
		return -1;
	}
	if (access(path, R_OK | W_OK) != 0) {
		*err = xasprintf(_("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
exec_simple(sqlite3 *h, const char *sql)
{
	return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

static int
migrate(sqlite3 *h, const char *path, int from, int to, char **err)
{
	char pragma[64];
	int v;

	if (exec_simple(h, "BEGIN EXCLUSIVE") != SQLITE_OK) {
		*err = xasprintf(_("cannot upgrade %s: %s"), path, sqlite3_errmsg(h));
		return -1;
	}
	for (v = from + 1; v <= to; v++) {
		const struct db_migration *m = &db_migrations[v - 1];
		char *msg = NULL;

		if (sqlite3_exec(h, m->sql, NULL, NULL, &msg) != SQLITE_OK) {
			*err = xasprintf(_("cannot upgrade %s to schema %d (%s): %s"),
			    path, m->version, m->name, msg != NULL ? msg : "?");
			sqlite3_free(msg);
			exec_simple(h, "ROLLBACK");
			return -1;
		}
	}
	/* Integers from our own table: nothing user-supplied reaches this SQL. */
	snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d", DB_APPLICATION_ID);
	if (exec_simple(h, pragma) != SQLITE_OK)
		goto fail;
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", to);
	if (exec_simple(h, pragma) != SQLITE_OK)
		goto fail;
	if (exec_simple(h, "COMMIT") != SQLITE_OK)
		goto fail;
	return 0;
fail:
	*err = xasprintf(_("cannot upgrade %s: %s"), path, sqlite3_errmsg(h));
	exec_simple(h, "ROLLBACK");
	return -1;
}

/* Reads the header fields that decide whether we may touch the file. */
static int
identify(sqlite3 *h, const char *path, int flags, int target, int *version, char **err)
{
	int app = 0, tables = 0, rc;

	rc = pragma_int(h, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = pragma_int(h, "PRAGMA application_id", &app);
	if (rc == SQLITE_OK)
		rc = pragma_int(h, "SELECT count(*) FROM sqlite_schema", &tables);
	if (rc == SQLITE_NOTADB) {
		*err = xasprintf(_("%s is not an aftercare database (not an SQLite file)"), path);
		return -1;
	}
	if (rc != SQLITE_OK) {
		*err = xasprintf(_("cannot read %s: %s"), path, sqlite3_errmsg(h));
		return -1;
	}
	if ((app != 0 && app != DB_APPLICATION_ID) ||
	    (app == 0 && (tables > 0 || *version != 0))) {
		*err = xasprintf(_("%s is an SQLite database but not an aftercare one"), path);
		return -1;
	}
	if (*version > db_migrations_count) {
		*err = xasprintf(_("%s was written by a newer aftercare (schema %d, this "
		    "program knows up to %d): upgrade aftercare"), path, *version,
		    db_migrations_count);
		return -1;
	}
	if (*version == 0 && !(flags & DB_OPEN_CREATE)) {
		*err = xasprintf(_("%s is empty: create the database with 'aftercare init'"), path);
		return -1;
	}
	if (*version > target) {
		*err = xasprintf(_("%s has schema %d, newer than the requested %d"), path,
		    *version, target);
		return -1;
	}
	return 0;
}

int
db_open_version(const char *path, int flags, int target, struct db **out, char **err)
{
	sqlite3 *h = NULL;
	struct db *db;
	int version = 0;

	*out = NULL;
	*err = NULL;
	if (target < 1 || target > db_migrations_count)
		fatal("db_open_version: bad target %d", target);
	if (precheck(path, flags, err) != 0)
		return -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		*err = xasprintf(_("cannot open %s: %s"), path,
		    h != NULL ? sqlite3_errmsg(h) : strerror(ENOMEM));
		goto fail;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, 5000);
	if (identify(h, path, flags, target, &version, err) != 0)
		goto fail;
	/* From here on we may write: the file is ours and not too new. */
	if (exec_simple(h, "PRAGMA journal_mode = WAL") != SQLITE_OK ||
	    exec_simple(h, "PRAGMA synchronous = FULL") != SQLITE_OK ||
	    exec_simple(h, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
	    exec_simple(h, "PRAGMA secure_delete = ON") != SQLITE_OK) {
		*err = xasprintf(_("cannot set up %s: %s"), path, sqlite3_errmsg(h));
		goto fail;
	}
	if (version < target && migrate(h, path, version, target, err) != 0)
		goto fail;

	db = xcalloc(1, sizeof *db);
	db->handle = h;
	db->path = xstrdup(path);
	db->nslots = 64;
	db->slots = xcalloc(db->nslots, sizeof *db->slots);
	*out = db;
	return 0;
fail:
	sqlite3_close_v2(h);
	return -1;
}

int
db_open(const char *path, int flags, struct db **out, char **err)
{
	return db_open_version(path, flags, db_migrations_count, out, err);
}

void
db_close(struct db **dbp)
{
	struct db *db = *dbp;
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < db->nslots; i++)
		sqlite3_finalize(db->slots[i].st);
	free(db->slots);
	if (db->in_tx)
		exec_simple(db->handle, "ROLLBACK");
	sqlite3_close_v2(db->handle);
	free(db->path);
	free(db);
	*dbp = NULL;
}

static size_t
slot_hash(const char *sql, size_t n)
{
	uintptr_t p = (uintptr_t)sql;

	return (size_t)((p >> 3) * 2654435761u) & (n - 1);
}

static void
cache_grow(struct db *db)
{
	struct stmt_slot *old = db->slots;
	size_t oldn = db->nslots, i;

	db->nslots *= 2;
	db->slots = xcalloc(db->nslots, sizeof *db->slots);
	for (i = 0; i < oldn; i++) {
		if (old[i].sql == NULL)
			continue;
		size_t h = slot_hash(old[i].sql, db->nslots);

		while (db->slots[h].sql != NULL)
			h = (h + 1) & (db->nslots - 1);
		db->slots[h] = old[i];
	}
	free(old);
}

sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	size_t h;
	sqlite3_stmt *st;

	if (db->used * 2 >= db->nslots)
		cache_grow(db);
	h = slot_hash(sql, db->nslots);
	while (db->slots[h].sql != NULL && db->slots[h].sql != sql)
		h = (h + 1) & (db->nslots - 1);
	if (db->slots[h].sql == sql) {
		st = db->slots[h].st;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	if (sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK)
		return NULL;
	db->slots[h].sql = sql;
	db->slots[h].st = st;
	db->used++;
	return st;
}

void
db_done(sqlite3_stmt *st)
{
	if (st != NULL)
		sqlite3_reset(st);
}

static int
tx_exec(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
db_begin(struct db *db)
{
	if (db->in_tx)
		fatal("db_begin: nested transaction");
	if (tx_exec(db, "BEGIN IMMEDIATE") != 0)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_begin_read(struct db *db)
{
	if (db->in_tx)
		fatal("db_begin_read: nested transaction");
	if (tx_exec(db, "BEGIN") != 0)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	if (!db->in_tx)
		fatal("db_commit: no transaction");
	if (tx_exec(db, "COMMIT") != 0)
		return -1;
	db->in_tx = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (sqlite3_get_autocommit(db->handle) == 0)
		tx_exec(db, "ROLLBACK");
	db->in_tx = 0;
}

const char *
db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s != NULL ? (const char *)s : "";
}

int
db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

/* The thread only ever runs SQLite checkpoints: it takes no lock that a
 * child forked by the writer (the MIME parsers) could need. */
struct db_checkpointer {
	struct db *db;
	sqlite3 *h;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int kicked, stopping, busy;
	pthread_cond_t idle;
};

static void *
checkpointer_run(void *arg)
{
	struct db_checkpointer *c = arg;

	for (;;) {
		int stop;

		pthread_mutex_lock(&c->lock);
		while (!c->kicked && !c->stopping)
			pthread_cond_wait(&c->wake, &c->lock);
		c->kicked = 0;
		c->busy = 1;
		stop = c->stopping;
		pthread_mutex_unlock(&c->lock);
		/* PASSIVE never waits for the writer; what it cannot copy yet
		 * waits for the next kick. */
		sqlite3_wal_checkpoint_v2(c->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
		c->busy = 0;
		pthread_cond_broadcast(&c->idle);
		pthread_mutex_unlock(&c->lock);
		if (stop)
			return NULL;
	}
}

struct db_checkpointer *
db_checkpointer_start(struct db *db)
{
	struct db_checkpointer *c = xcalloc(1, sizeof *c);

	c->db = db;
	if (sqlite3_open_v2(db->path, &c->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(c->h, 5000);
	/* A connection learns that the database is in WAL mode from its first
	 * read; until then a checkpoint does nothing. */
	if (exec_simple(c->h, "SELECT count(*) FROM sqlite_schema") != SQLITE_OK)
		goto fail;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_cond_init(&c->idle, NULL);
	if (pthread_create(&c->thread, NULL, checkpointer_run, c) != 0) {
		pthread_cond_destroy(&c->idle);
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		goto fail;
	}
	exec_simple(db->handle, "PRAGMA wal_autocheckpoint = 0");
	return c;
fail:
	sqlite3_close_v2(c->h);
	free(c);
	return NULL;
}

void
db_checkpointer_kick(struct db_checkpointer *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->kicked = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

void
db_checkpointer_wait(struct db_checkpointer *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	while (c->kicked || c->busy)
		pthread_cond_wait(&c->idle, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

void
db_checkpointer_stop(struct db_checkpointer **cp)
{
	struct db_checkpointer *c = *cp;

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopping = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->idle);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	sqlite3_close_v2(c->h);
	exec_simple(c->db->handle, "PRAGMA wal_autocheckpoint = 1000");
	free(c);
	*cp = NULL;
}
