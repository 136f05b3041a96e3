/* file.h: reading a whole file (or standard input for "-") into memory,
 * with a size cap and one translated line on failure. */
#ifndef AFTERCARE_UTIL_FILE_H
#define AFTERCARE_UTIL_FILE_H

#include <stddef.h>

/* The bytes of path, NUL-terminated (*len excludes it; caller frees), or
 * NULL with *err: missing, not a regular file, unreadable, over max bytes.
 * "-" reads standard input. */
char *file_read(const char *path, size_t max, size_t *len, char **err);

#endif
