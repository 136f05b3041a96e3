/* remote.h: talking to a mail server safely. Connecting (implicit TLS, or
 * STARTTLS that must succeed unless the account allows clear text to a
 * loopback address), verifying the certificate chain and host name with
 * GnuTLS before any credential leaves the machine (libetpan checks
 * nothing), fetching the password from the account's password_cmd and
 * logging in. Errors are one translated line naming the account's host. */
#ifndef AFTERCARE_MAIL_REMOTE_H
#define AFTERCARE_MAIL_REMOTE_H

#include <libetpan/libetpan.h>

#include "util/settings.h"

enum remote_kind { REMOTE_IMAP, REMOTE_POP3 };

struct remote_url {
	enum remote_kind kind;
	int implicit_tls; /* imaps:// pop3s:// */
	char *host;       /* without IPv6 brackets */
	unsigned port;
};

struct sockaddr;
/* 1 for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104. */
int remote_addr_is_loopback(const struct sockaddr *sa);
/* 1 when every address host resolves to is a loopback address. */
int remote_host_is_loopback(const char *host);

/* Parses an account URL. 0, or -1 with *err (caller frees). */
int remote_url_parse(const char *url, struct remote_url *out, char **err);
void remote_url_free(struct remote_url *u);

/* Checks the peer certificate chain of a TLS stream for host: trusted by
 * ca_file (PEM) or the system store, valid now, issued for host. 0, or -1
 * with *err naming the problem. */
int remote_tls_verify(mailstream *s, const char *host, const char *ca_file, char **err);

/* Runs cmd with /bin/sh and returns the first line it prints (caller wipes
 * with remote_secret_free), or NULL with *err. */
char *remote_password(const char *cmd, int timeout_s, char **err);
void remote_secret_free(char *secret);

/* Connected, verified and logged-in sessions. NULL with *err on failure. */
mailimap *remote_imap_open(const struct config_account *a, const struct remote_url *u,
    char **err);
void remote_imap_close(mailimap *imap);
mailpop3 *remote_pop3_open(const struct config_account *a, const struct remote_url *u,
    char **err);
void remote_pop3_close(mailpop3 *pop, int quit);

/* The server's last response text, sanitised to one short line ("" if none). */
char *remote_imap_reason(mailimap *imap);

#endif
