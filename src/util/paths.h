/* paths.h: XDG locations for the database, config, state and runtime files. */
#ifndef AFTERCARE_PATHS_H
#define AFTERCARE_PATHS_H

/* Each returns a newly allocated path (caller frees), or NULL when neither the
 * XDG variable nor $HOME gives an absolute directory. */
char *paths_data_dir(void);    /* $XDG_DATA_HOME/aftercare */
char *paths_config_dir(void);  /* $XDG_CONFIG_HOME/aftercare */
char *paths_state_dir(void);   /* $XDG_STATE_HOME/aftercare */
char *paths_runtime_dir(void); /* $XDG_RUNTIME_DIR/aftercare, else /tmp/aftercare-UID */

/* The database path: explicit argument, else $AFTERCARE_DB, else the XDG
 * default. Caller frees. NULL if no location can be worked out. */
char *paths_db(const char *explicit_path);
/* The config file: explicit, else $XDG_CONFIG_HOME/aftercare/config. */
char *paths_config(const char *explicit_path);

/* The server socket for a database: under paths_runtime_dir(), named after
 * the database file and a hash of its absolute path, so that every database
 * has its own server. Caller frees; NULL if the path would not fit a Unix
 * socket address. */
char *paths_socket(const char *db_path);

/* 0 if dir is a real directory (not a symlink) owned by us and closed to
 * everyone else; -1 otherwise. A socket directory that someone else owns
 * would let them stand in for the server. */
int paths_private_dir_ok(const char *dir);
/* The same for the directory that holds file. */
int paths_private_parent_ok(const char *file);

/* Creates dir and its missing parents; the ones it creates are 0700.
 * Returns 0, or -1 with errno set. */
int paths_mkdir_p(const char *dir);
/* Creates the directory that holds file (0700). */
int paths_mkdir_parent(const char *file);

#endif
