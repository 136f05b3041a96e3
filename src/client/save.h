/* save.h: saving a stored attachment for the agent, through the server when
 * there is one: into a directory of the agent's choosing, under a name made
 * safe (no path, no controls, no hidden file), never overwriting. */
#ifndef AFTERCARE_CLIENT_SAVE_H
#define AFTERCARE_CLIENT_SAVE_H

#include <stdint.h>

struct client;

/* A file name for the customer-supplied name: one path component of
 * printable characters, not starting with a dot, at most 200 bytes;
 * "attachment" when nothing is left. Caller frees. */
char *save_safe_name(const char *name);

/* The default directory: $HOME/aftercare-attachments. Caller frees. */
char *save_default_dir(void);

/* Saves attachment id into dir (created 0700 if missing). Returns the path
 * written (caller frees), or NULL with *err (one translated line). */
char *save_attachment(struct client *c, int64_t id, const char *dir, char **err);

/* Writes message id as it arrived (message.raw) to fd. Returns 0, or -1
 * with *err (one translated line); name is what fd is, for errors. */
int save_raw_message(struct client *c, int64_t id, int fd, const char *name, char **err);

#endif
