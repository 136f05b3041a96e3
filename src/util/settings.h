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
	char *kind;        /* "shopify", "woocommerce" or "csv" */
	char *url;         /* https://shop.example (no trailing slash); csv: the file */
	char *key_cmd;     /* woocommerce key_cmd: prints "consumer_key:consumer_secret";
	                    * shopify token_cmd: prints the Admin API access token */
	char *api_version; /* shopify: "2024-10" */
	long sync_interval; /* seconds between the server's syncs; 0: never */
	long refresh_after; /* seconds: a customer's orders older than this are
	                     * refreshed when an agent opens their ticket; 0: never */
	char *ca_file;
	int timeout;       /* seconds per request */
	long max_response; /* bytes */
	int push_returns;  /* settled returns are pushed to the shop (store/push.h) */
};

/* loyalty { ... }: the built-in programme's settings. */
#define LOYALTY_MAX_TIERS 12
struct config_tier {
	char name[32];
	long min;       /* whole currency units (basis spend) or points (basis points365) */
};
struct config_loyalty {
	long goodwill_lead_above; /* points an agent may grant alone (default 500) */
	char currency[4];         /* the shop currency spend is counted in ("EUR") */
	long points_per_unit;     /* points per whole unit spent (default 1) */
	int tier_by_points;       /* tier_basis = "points365" (else "spend") */
	struct config_tier tiers[LOYALTY_MAX_TIERS]; /* ascending; tiers[0].min == 0 */
	int ntiers;
	long referral_bonus;      /* points to the referrer on the referee's first order */
	long referred_bonus;      /* points to the referee then */
	long expire_days;         /* purchase points expire after this; 0: never */
};

/* returns { ... }: the return policy. Amounts are decimal strings in the
 * shop currency (loyalty { currency }), kept here in its minor units. */
struct config_returns {
	long window_days;        /* from delivery (or shipping) */
	long restock_percent_bp; /* restocking fee, basis points of the items' value */
	int64_t restock_fee;     /* fixed, per return */
	int64_t return_shipping; /* the return label */
	long credit_bonus_bp;    /* extra store credit, basis points */
	int refund_shipping;     /* give back the original shipping on a full
	                          * return that is the shop's fault */
	int64_t lead_above;      /* refunds and credits above this need a lead */
	char *address;           /* where parcels go, for the customer's instructions */
};

struct config {
	char *database; /* NULL when not set */
	char **binds;   /* ui { bind = {"KEY ACTION", ...} } */
	int nbinds;
	struct config_account *accounts;
	int naccounts;
	struct config_mail mail;
	struct config_loyalty loyalty;
	struct config_returns returns;
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
/* The built-in programme when the file sets none (Bronze 0, Silver 250,
 * Gold 750, Platinum 2000 EUR of lifetime spend, 1 point per euro). */
void config_loyalty_defaults(struct config_loyalty *l);
/* 30 days, no fees, no bonus, original shipping refunded on the shop's
 * fault, refunds above 200.00 need a lead. */
void config_returns_defaults(struct config_returns *r);

#endif
