/* settings.h: the user's configuration file (libconfuse syntax). Later issues
 * add sections (accounts, stores, ui); unknown keys are errors so that a typo
 * never silently does nothing. */
#ifndef AFTERCARE_UTIL_SETTINGS_H
#define AFTERCARE_UTIL_SETTINGS_H

struct config {
	char *database; /* NULL when not set */
	char **binds;   /* ui { bind = {"KEY ACTION", ...} } */
	int nbinds;
};

/* Loads path. A missing file is fine when required is 0 (defaults apply).
 * Returns 0, or -1 with *err (one translated line naming the file and line;
 * caller frees). */
int config_load(const char *path, int required, struct config *cfg, char **err);
void config_free(struct config *cfg);

#endif
