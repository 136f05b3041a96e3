/* db.h: the SQLite connection: open with the safety pragmas, migrate the
 * schema, cache prepared statements, run transactions. Only db/ and core/
 * include sqlite3.h. */
#ifndef AFTERCARE_DB_H
#define AFTERCARE_DB_H

#include <sqlite3.h>

struct db;

/* "aftc" in PRAGMA application_id marks a database as ours. */
#define DB_APPLICATION_ID 0x61667463

enum db_open_flags {
	DB_OPEN_EXISTING = 0,     /* refuse a missing or uninitialised file */
	DB_OPEN_CREATE = 1 << 0,  /* create the file (0600, parent dir 0700) */
};

/* Opens path and upgrades its schema to the latest version. On failure
 * returns -1 and sets *err to a translated one-line message (caller frees);
 * a file that is refused (missing, unreadable, not SQLite, not ours, from a
 * newer version) is left byte-for-byte untouched. */
int db_open(const char *path, int flags, struct db **out, char **err);
/* As db_open, but migrates only up to version (tests build old schemas). */
int db_open_version(const char *path, int flags, int version, struct db **out, char **err);
void db_close(struct db **db);

/* The latest schema version this binary knows. */
int db_schema_latest(void);
/* The schema version of the open database. */
int db_schema_version(struct db *db);

sqlite3 *db_handle(struct db *db);
const char *db_path(struct db *db);
/* The last SQLite error message on this connection. */
const char *db_errmsg(struct db *db);

/* A prepared statement for sql, which must be a string constant: the cache is
 * keyed by the pointer and the statement is prepared once. It comes back
 * reset with no bindings. The cache owns it; call db_done() after the last
 * step so that no read snapshot stays pinned. NULL on a prepare error. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);
void db_done(sqlite3_stmt *st);

/* Transactions. db_begin() is BEGIN IMMEDIATE, for every unit of work that
 * may write; db_begin_read() is a deferred BEGIN for consistent multi-query
 * reads that never write. Return 0 or -1. */
int db_begin(struct db *db);
int db_begin_read(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* For a bulk writer: a thread with its own connection that copies the
 * write-ahead log into the database after each of the writer's commits
 * (db_checkpointer_kick), so that the writer never stops to do it itself.
 * NULL if it cannot start; the writer then checkpoints as usual. Stopping
 * runs a last checkpoint and gives the writer its automatic ones back. */
struct db_checkpointer;
struct db_checkpointer *db_checkpointer_start(struct db *db);
void db_checkpointer_kick(struct db_checkpointer *c);
/* Returns once every kick so far has been acted on. */
void db_checkpointer_wait(struct db_checkpointer *c);
void db_checkpointer_stop(struct db_checkpointer **c);

/* Convenience for bound columns that may be NULL. */
const char *db_col_text(sqlite3_stmt *st, int col); /* "" for NULL */
int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);

#endif
