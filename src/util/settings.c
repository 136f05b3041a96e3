/* settings.c: reading the configuration with libconfuse. Its error callback
 * gives us file and line; we keep the first message for the caller instead
 * of letting libconfuse print it. */
#include "config.h"

#include <confuse.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/settings.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static char *first_error;

static void on_error(cfg_t *cfg, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
on_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	char *msg;

	if (first_error != NULL)
		return;
	msg = xvasprintf(fmt, ap);
	if (cfg != NULL && cfg->filename != NULL && cfg->line > 0)
		first_error = xasprintf("%s:%d: %s", cfg->filename, cfg->line, msg);
	else if (cfg != NULL && cfg->filename != NULL)
		first_error = xasprintf("%s: %s", cfg->filename, msg);
	else
		first_error = xstrdup(msg);
	free(msg);
}

int
config_load(const char *path, int required, struct config *out, char **err)
{
	cfg_opt_t ui_opts[] = {
		CFG_STR_LIST("bind", NULL, CFGF_NONE),
		CFG_END(),
	};
	cfg_opt_t opts[] = {
		CFG_STR("database", NULL, CFGF_NONE),
		CFG_SEC("ui", ui_opts, CFGF_NONE),
		CFG_END(),
	};
	cfg_t *ui;
	struct stat sb;
	cfg_t *cfg;
	int rc;

	memset(out, 0, sizeof *out);
	*err = NULL;
	if (path == NULL)
		return 0;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && !required)
			return 0;
		*err = xasprintf(_("cannot read the configuration %s: %s"), path, strerror(errno));
		return -1;
	}
	cfg = cfg_init(opts, CFGF_NONE);
	cfg_set_error_function(cfg, on_error);
	first_error = NULL;
	rc = cfg_parse(cfg, path);
	if (rc != CFG_SUCCESS) {
		if (rc == CFG_FILE_ERROR)
			*err = xasprintf(_("cannot read the configuration %s: %s"), path,
			    strerror(errno));
		else
			*err = xasprintf(_("configuration error: %s"),
			    first_error != NULL ? first_error : path);
		free(first_error);
		first_error = NULL;
		cfg_free(cfg);
		return -1;
	}
	if (cfg_getstr(cfg, "database") != NULL)
		out->database = xstrdup(cfg_getstr(cfg, "database"));
	if ((ui = cfg_getsec(cfg, "ui")) != NULL) {
		int i, n = (int)cfg_size(ui, "bind");

		out->binds = xcalloc((size_t)n + 1, sizeof *out->binds);
		for (i = 0; i < n; i++)
			out->binds[i] = xstrdup(cfg_getnstr(ui, "bind", (unsigned)i));
		out->nbinds = n;
	}
	cfg_free(cfg);
	return 0;
}

void
config_free(struct config *cfg)
{
	int i;

	free(cfg->database);
	cfg->database = NULL;
	for (i = 0; i < cfg->nbinds; i++)
		free(cfg->binds[i]);
	free(cfg->binds);
	cfg->binds = NULL;
	cfg->nbinds = 0;
}
