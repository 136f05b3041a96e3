/* xmalloc.h: allocation that never returns NULL, and fatal() for impossible
 * states. Out of memory restores the terminal (through the hook) and aborts. */
#ifndef AFTERCARE_XMALLOC_H
#define AFTERCARE_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Called before abort() so that a TUI can leave curses mode first. */
void xmalloc_set_fatal_hook(void (*hook)(void));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
