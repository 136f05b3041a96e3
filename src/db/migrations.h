/* migrations.h: the schema migrations compiled in from data/schema/. */
#ifndef AFTERCARE_DB_MIGRATIONS_H
#define AFTERCARE_DB_MIGRATIONS_H

struct db_migration {
	int version;      /* 1, 2, ...: PRAGMA user_version after it ran */
	const char *name;
	const char *sql;
};

extern const struct db_migration db_migrations[];
extern const int db_migrations_count;

#endif
