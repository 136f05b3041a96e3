/* paths.c: XDG base directories. Relative values in XDG_* are ignored, as the
 * specification requires; directories we create are private (0700) because
 * they hold customer data. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "xmalloc.h"

static char *
xdg_dir(const char *var, const char *home_suffix)
{
	const char *v = getenv(var);
	const char *home;

	if (v != NULL && v[0] == '/')
		return xasprintf("%s/aftercare", v);
	home = getenv("HOME");
	if (home == NULL || home[0] != '/')
		return NULL;
	return xasprintf("%s/%s/aftercare", home, home_suffix);
}

char *
paths_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *
paths_config_dir(void)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *
paths_state_dir(void)
{
	return xdg_dir("XDG_STATE_HOME", ".local/state");
}

char *
paths_runtime_dir(void)
{
	const char *v = getenv("XDG_RUNTIME_DIR");

	if (v != NULL && v[0] == '/')
		return xasprintf("%s/aftercare", v);
	return xasprintf("/tmp/aftercare-%lu", (unsigned long)getuid());
}

char *
paths_db(const char *explicit_path)
{
	const char *env = getenv("AFTERCARE_DB");
	char *dir, *path;

	if (explicit_path != NULL && explicit_path[0] != '\0')
		return xstrdup(explicit_path);
	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	if ((dir = paths_data_dir()) == NULL)
		return NULL;
	path = xasprintf("%s/aftercare.db", dir);
	free(dir);
	return path;
}

char *
paths_config(const char *explicit_path)
{
	char *dir, *path;

	if (explicit_path != NULL && explicit_path[0] != '\0')
		return xstrdup(explicit_path);
	if ((dir = paths_config_dir()) == NULL)
		return NULL;
	path = xasprintf("%s/config", dir);
	free(dir);
	return path;
}

int
paths_mkdir_p(const char *dir)
{
	char *p = xstrdup(dir);
	char *s;
	int rc = -1;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			goto out;
		*s = c;
		if (c == '\0')
			break;
	}
	rc = 0;
out:
	free(p);
	return rc;
}

int
paths_mkdir_parent(const char *file)
{
	char *p = xstrdup(file);
	char *slash = strrchr(p, '/');
	int rc = 0;

	if (slash != NULL && slash != p) {
		*slash = '\0';
		rc = paths_mkdir_p(p);
	}
	free(p);
	return rc;
}
