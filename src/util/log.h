/* log.h: the server's log: timestamped lines, sanitised to printable ASCII
 * because they may quote client input and end up in a terminal. */
#ifndef AFTERCARE_LOG_H
#define AFTERCARE_LOG_H

/* Log to fd (default: stderr). The fd is not closed by the log. */
void log_set_fd(int fd);
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
