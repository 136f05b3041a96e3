/* settings.h: the user's configuration file (libconfuse syntax). Later issues
 * add sections (accounts, stores, ui); unknown keys are errors so that a typo
 * never silently does nothing. */
#ifndef AFTERCARE_UTIL_SETTINGS_H
#define AFTERCARE_UTIL_SETTINGS_H

#include <regex.h>
#include <stddef.h>

/* account "NAME" { url = ..., user = ..., ... }: a mailbox the server fetches. */
struct config_account {
	char *name;
	char *url;            /* imaps:// imap:// pop3s:// pop3:// */
	char *user;
	char *password_cmd;   /* run by /bin/sh; its first output line is the password */
	char **folders;       /* IMAP folders; {"INBOX"} by default */
	int nfolders;
	char *ca_file;        /* NULL: the system's trusted CAs */
	int plain_loopback;   /* allow no TLS to a loopback address (default yes) */
	int poll_interval;    /* seconds between polls without IDLE, and for POP3 */
	int idle_renew;       /* seconds before IDLE is re-issued (< 29 minutes) */
	int timeout;          /* network timeout in seconds */
	int pop3_delete;      /* POP3: delete from the server once stored */
	char *smtp_url;       /* smtps:// or smtp:// (STARTTLS), or NULL: cannot send */
	char *from;           /* "Shop Support <support@shop.example>" */
	char *sent_folder;    /* IMAP folder for a copy of what was sent, or NULL */
};

/* mail { ... }: limits for incoming mail and the order-number pattern. */
struct config_mail {
	size_t max_message, max_header, max_depth, max_parts, max_decoded;
	unsigned parse_timeout_ms;
	char *order_pattern;  /* POSIX extended regex, or NULL for the built-in one */
	char *reply_status;   /* status a ticket takes when answered: "pending" */
	regex_t order_re;     /* compiled when order_pattern is set */
};

/* store "NAME" { kind = ..., url = ..., key_cmd = ... }: a shop to sync. */
struct config_store {
	char *name;
	char *kind;        /* "woocommerce" (more kinds to come) */
	char *url;         /* https://shop.example */
	char *key_cmd;     /* prints "consumer_key:consumer_secret" */
	char *ca_file;
	int timeout;       /* seconds per request */
	long max_response; /* bytes */
};

/* loyalty { ... }: the built-in programme's settings. */
struct config_loyalty {
	long goodwill_lead_above; /* points an agent may grant alone (default 500) */
};

struct config {
	char *database; /* NULL when not set */
	char **binds;   /* ui { bind = {"KEY ACTION", ...} } */
	int nbinds;
	struct config_account *accounts;
	int naccounts;
	struct config_mail mail;
	struct config_loyalty loyalty;
	struct config_store *stores;
	int nstores;
};

/* Loads path. A missing file is fine when required is 0 (defaults apply).
 * Returns 0, or -1 with *err (one translated line naming the file and line;
 * caller frees). */
int config_load(const char *path, int required, struct config *cfg, char **err);
void config_free(struct config *cfg);
/* The mail limits when the file sets none. */
void config_mail_defaults(struct config_mail *m);

#endif
