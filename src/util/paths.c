/* paths.c: XDG base directories. Relative values in XDG_* are ignored, as the
 * specification requires; directories we create are private (0700) because
 * they hold customer data. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
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
	char *p, *s;
	int rc = -1;

	if (dir == NULL || dir[0] == '\0') {
		errno = EINVAL;
		return -1;
	}
	p = xstrdup(dir);
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

char *
paths_socket(const char *db_path)
{
	struct sockaddr_un sun;
	char real[PATH_MAX], *dir, *path, *base, *p;
	const char *name, *abs;
	uint64_t h = UINT64_C(1469598103934665603);

	/* The database may not exist yet: then hash the path as given. */
	abs = realpath(db_path, real) != NULL ? real : db_path;
	for (p = (char *)abs; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * UINT64_C(1099511628211);
	name = strrchr(abs, '/');
	name = name != NULL ? name + 1 : abs;
	base = xstrndup(name, 24);
	for (p = base; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	dir = paths_runtime_dir();
	path = xasprintf("%s/%s-%016llx.sock", dir, base, (unsigned long long)h);
	free(dir);
	free(base);
	if (strlen(path) >= sizeof sun.sun_path) {
		free(path);
		return NULL;
	}
	return path;
}

int
paths_private_dir_ok(const char *dir)
{
	struct stat sb;

	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return -1;
	if (sb.st_uid != getuid() || (sb.st_mode & 077) != 0)
		return -1;
	return 0;
}

int
paths_private_parent_ok(const char *file)
{
	char *p = xstrdup(file), *slash = strrchr(p, '/');
	int rc;

	if (slash == NULL) {
		free(p);
		return -1;
	}
	*slash = '\0';
	rc = paths_private_dir_ok(p[0] != '\0' ? p : "/");
	free(p);
	return rc;
}
