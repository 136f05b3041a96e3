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

#include "core/orders-csv.h"
#include "util/buf.h"
#include "util/settings.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static char *first_error;
static const char *parsing; /* the file being parsed, for errors in sections */

static void on_error(cfg_t *cfg, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
on_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	char *msg;

	if (first_error != NULL)
		return;
	msg = xvasprintf(fmt, ap);
	{
		/* libconfuse names the file only for the top level. */
		const char *file = cfg != NULL && cfg->filename != NULL ? cfg->filename : parsing;

		if (file != NULL && cfg != NULL && cfg->line > 0)
			first_error = xasprintf("%s:%d: %s", file, cfg->line, msg);
		else if (file != NULL)
			first_error = xasprintf("%s: %s", file, msg);
		else
			first_error = xstrdup(msg);
	}
	free(msg);
}

/* An integer setting within [lo, hi], or an error naming it. */
static int
int_in(const char *path, const char *sec, cfg_t *c, const char *key, long lo, long hi,
    long *v, char **err)
{
	*v = cfg_getint(c, key);
	if (*v < lo || *v > hi) {
		*err = xasprintf(_("configuration error: %s: %s: %s must be between %ld and %ld, "
		    "not %ld"), path, sec, key, lo, hi, *v);
		return -1;
	}
	return 0;
}

static int
load_mail(const char *path, cfg_t *c, struct config_mail *m, char **err)
{
	long v;
	const char *pat;

	if (int_in(path, "mail", c, "max_message_size", 1024, 1L << 31, &v, err) != 0)
		return -1;
	m->max_message = (size_t)v;
	if (int_in(path, "mail", c, "max_header_size", 1024, 64L << 20, &v, err) != 0)
		return -1;
	m->max_header = (size_t)v;
	if (int_in(path, "mail", c, "max_mime_depth", 1, 64, &v, err) != 0)
		return -1;
	m->max_depth = (size_t)v;
	if (int_in(path, "mail", c, "max_mime_parts", 1, 10000, &v, err) != 0)
		return -1;
	m->max_parts = (size_t)v;
	if (int_in(path, "mail", c, "max_decoded_size", 1024, 1L << 31, &v, err) != 0)
		return -1;
	m->max_decoded = (size_t)v;
	if (int_in(path, "mail", c, "parse_timeout", 1, 600, &v, err) != 0)
		return -1;
	m->parse_timeout_ms = (unsigned)v * 1000;
	{
		const char *rs = cfg_getstr(c, "reply_status");

		if (rs == NULL || (strcmp(rs, "open") != 0 && strcmp(rs, "pending") != 0 &&
		    strcmp(rs, "solved") != 0)) {
			*err = xasprintf(_("configuration error: %s: mail: reply_status must be "
			    "open, pending or solved"), path);
			return -1;
		}
		free(m->reply_status);
		m->reply_status = xstrdup(rs);
	}
	if ((pat = cfg_getstr(c, "order_pattern")) != NULL) {
		int rc = regcomp(&m->order_re, pat, REG_EXTENDED);

		if (rc != 0) {
			char why[256];

			regerror(rc, &m->order_re, why, sizeof why);
			*err = xasprintf(_("configuration error: %s: mail: order_pattern is not a "
			    "valid extended regular expression: %s"), path, why);
			return -1;
		}
		m->order_pattern = xstrdup(pat);
	}
	return 0;
}

static int
load_accounts(const char *path, cfg_t *cfg, struct config *out, char **err)
{
	int i, j, n = (int)cfg_size(cfg, "account");

	out->accounts = xcalloc((size_t)n + 1, sizeof *out->accounts);
	for (i = 0; i < n; i++) {
		cfg_t *a = cfg_getnsec(cfg, "account", (unsigned)i);
		struct config_account *ac = &out->accounts[i];
		const char *title = cfg_title(a), *url = cfg_getstr(a, "url");
		char sec[160];
		long v;

		out->naccounts = i + 1;
		ac->name = xstrdup(title != NULL ? title : "");
		snprintf(sec, sizeof sec, "account \"%s\"", ac->name);
		if (ac->name[0] == '\0' || strcspn(ac->name, " \t\r\n/\"") != strlen(ac->name)) {
			*err = xasprintf(_("configuration error: %s: an account needs a name "
			    "without spaces, quotes or slashes, as in account \"support\" { ... }"),
			    path);
			return -1;
		}
		if (url == NULL) {
			*err = xasprintf(_("configuration error: %s: %s: url is required (as in "
			    "url = \"imaps://imap.example.com\")"), path, sec);
			return -1;
		}
		if ((strncmp(url, "imaps://", 8) != 0 &&
		    strncmp(url, "imap://", 7) != 0 && strncmp(url, "pop3s://", 8) != 0 &&
		    strncmp(url, "pop3://", 7) != 0)) {
			*err = xasprintf(_("configuration error: %s: %s: url must start with "
			    "imaps://, imap://, pop3s:// or pop3://"), path, sec);
			return -1;
		}
		{
			/* user:password@ in the url would end up in logs and on
			 * every agent's screen with the first error. */
			const char *auth = strstr(url, "://") + 3;
			size_t alen = strcspn(auth, "/?#");

			if (memchr(auth, '@', alen) != NULL) {
				*err = xasprintf(_("configuration error: %s: %s: put the user name "
				    "in user = and the password behind password_cmd, never in the "
				    "url"), path, sec);
				return -1;
			}
		}
		ac->url = xstrdup(url);
		if (cfg_getstr(a, "user") == NULL || cfg_getstr(a, "password_cmd") == NULL) {
			*err = xasprintf(_("configuration error: %s: %s: user and password_cmd "
			    "are required"), path, sec);
			return -1;
		}
		ac->user = xstrdup(cfg_getstr(a, "user"));
		ac->password_cmd = xstrdup(cfg_getstr(a, "password_cmd"));
		if (cfg_getstr(a, "ca_file") != NULL)
			ac->ca_file = xstrdup(cfg_getstr(a, "ca_file"));
		ac->nfolders = (int)cfg_size(a, "folders");
		if (ac->nfolders == 0) {
			*err = xasprintf(_("configuration error: %s: %s: folders must name at "
			    "least one folder"), path, sec);
			return -1;
		}
		ac->folders = xcalloc((size_t)ac->nfolders + 1, sizeof *ac->folders);
		for (j = 0; j < ac->nfolders; j++)
			ac->folders[j] = xstrdup(cfg_getnstr(a, "folders", (unsigned)j));
		if (cfg_getstr(a, "smtp_url") != NULL) {
			const char *su = cfg_getstr(a, "smtp_url");

			if ((strncmp(su, "smtps://", 8) != 0 && strncmp(su, "smtp://", 7) != 0) ||
			    memchr(su + 6, '@', strcspn(su + 6, "/?#")) != NULL) {
				*err = xasprintf(_("configuration error: %s: %s: smtp_url must be "
				    "smtps://HOST[:PORT] or smtp://HOST[:PORT], without a user"),
				    path, sec);
				return -1;
			}
			if (cfg_getstr(a, "from") == NULL) {
				*err = xasprintf(_("configuration error: %s: %s: sending (smtp_url) "
				    "needs from = \"Name <address>\""), path, sec);
				return -1;
			}
			ac->smtp_url = xstrdup(su);
		}
		if (cfg_getstr(a, "from") != NULL)
			ac->from = xstrdup(cfg_getstr(a, "from"));
		if (cfg_getstr(a, "sent_folder") != NULL) {
			if (strncmp(url, "imap", 4) != 0) {
				*err = xasprintf(_("configuration error: %s: %s: sent_folder needs an "
				    "imaps:// or imap:// url"), path, sec);
				return -1;
			}
			ac->sent_folder = xstrdup(cfg_getstr(a, "sent_folder"));
		}
		ac->plain_loopback = cfg_getbool(a, "plain_loopback") != 0;
		ac->pop3_delete = cfg_getbool(a, "pop3_delete") != 0;
		if (int_in(path, sec, a, "poll_interval", 1, 86400, &v, err) != 0)
			return -1;
		ac->poll_interval = (int)v;
		/* Servers may drop an idle client after 30 minutes (RFC 2177). */
		if (int_in(path, sec, a, "idle_renew", 10, 1740, &v, err) != 0)
			return -1;
		ac->idle_renew = (int)v;
		if (int_in(path, sec, a, "timeout", 1, 3600, &v, err) != 0)
			return -1;
		ac->timeout = (int)v;
	}
	return 0;
}

void
config_loyalty_defaults(struct config_loyalty *l)
{
	static const struct config_tier def[] = {
		{ "Bronze", 0 }, { "Silver", 250 }, { "Gold", 750 }, { "Platinum", 2000 },
	};

	memset(l, 0, sizeof *l);
	l->goodwill_lead_above = 500;
	memcpy(l->currency, "EUR", 4);
	l->points_per_unit = 1;
	memcpy(l->tiers, def, sizeof def);
	l->ntiers = (int)(sizeof def / sizeof def[0]);
	l->referral_bonus = 200;
	l->referred_bonus = 100;
}

static int
load_loyalty(const char *path, cfg_t *c, struct config_loyalty *l, char **err)
{
	const char *cur = cfg_getstr(c, "currency"), *basis = cfg_getstr(c, "tier_basis");
	int i, n = (int)cfg_size(c, "tiers");

	if (int_in(path, "loyalty", c, "goodwill_lead_above", 0, 10000000,
	    &l->goodwill_lead_above, err) != 0 ||
	    int_in(path, "loyalty", c, "points_per_unit", 0, 1000, &l->points_per_unit, err) != 0 ||
	    int_in(path, "loyalty", c, "referral_bonus", 0, 1000000, &l->referral_bonus, err) != 0 ||
	    int_in(path, "loyalty", c, "referred_bonus", 0, 1000000, &l->referred_bonus, err) != 0 ||
	    int_in(path, "loyalty", c, "expire_days", 0, 36500, &l->expire_days, err) != 0)
		return -1;
	if (cur == NULL || strlen(cur) != 3 || strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3) {
		*err = xasprintf(_("configuration error: %s: loyalty: currency must be a "
		    "three-letter code such as \"EUR\""), path);
		return -1;
	}
	memcpy(l->currency, cur, 4);
	if (basis == NULL || (strcmp(basis, "spend") != 0 && strcmp(basis, "points365") != 0)) {
		*err = xasprintf(_("configuration error: %s: loyalty: tier_basis must be "
		    "\"spend\" or \"points365\""), path);
		return -1;
	}
	l->tier_by_points = strcmp(basis, "points365") == 0;
	if (n < 1 || n > LOYALTY_MAX_TIERS) {
		*err = xasprintf(_("configuration error: %s: loyalty: tiers must list 1 to %d "
		    "tiers"), path, LOYALTY_MAX_TIERS);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *t = cfg_getnstr(c, "tiers", (unsigned)i), *colon = strrchr(t, ':');
		char *end;
		long v;

		if (colon == NULL || colon == t || (size_t)(colon - t) >= sizeof l->tiers[i].name ||
		    colon[1] == '\0' || (v = strtol(colon + 1, &end, 10), *end != '\0') || v < 0 ||
		    (i == 0 && v != 0) || (i > 0 && v <= l->tiers[i - 1].min)) {
			*err = xasprintf(_("configuration error: %s: loyalty: tier '%s' must be "
			    "NAME:THRESHOLD, the first at 0 and each above the one before"), path, t);
			return -1;
		}
		memcpy(l->tiers[i].name, t, (size_t)(colon - t));
		l->tiers[i].name[colon - t] = '\0';
		l->tiers[i].min = v;
	}
	l->ntiers = n;
	return 0;
}

void
config_returns_defaults(struct config_returns *r)
{
	memset(r, 0, sizeof *r);
	r->window_days = 30;
	r->refund_shipping = 1;
	r->lead_above = 20000;
}

/* A decimal amount of the shop currency, or an error naming it. */
static int
money_in(const char *path, cfg_t *c, const char *key, const char *cur, int64_t *v, char **err)
{
	const char *s = cfg_getstr(c, key);

	if (s == NULL || orders_parse_money(s, cur, v) != 0) {
		*err = xasprintf(_("configuration error: %s: returns: %s must be an amount in %s "
		    "such as \"4.90\", not '%s'"), path, key, cur, s != NULL ? s : "");
		return -1;
	}
	return 0;
}

static int
load_returns(const char *path, cfg_t *c, const char *cur, struct config_returns *r, char **err)
{
	double pct = cfg_getfloat(c, "restock_percent"), bonus = cfg_getfloat(c, "credit_bonus_percent");

	if (int_in(path, "returns", c, "window_days", 0, 3650, &r->window_days, err) != 0)
		return -1;
	if (!(pct >= 0 && pct <= 100) || !(bonus >= 0 && bonus <= 100)) {
		*err = xasprintf(_("configuration error: %s: returns: restock_percent and "
		    "credit_bonus_percent must be between 0 and 100"), path);
		return -1;
	}
	r->restock_percent_bp = (long)(pct * 100 + 0.5);
	r->credit_bonus_bp = (long)(bonus * 100 + 0.5);
	if (money_in(path, c, "restock_fee", cur, &r->restock_fee, err) != 0 ||
	    money_in(path, c, "return_shipping", cur, &r->return_shipping, err) != 0 ||
	    money_in(path, c, "lead_above", cur, &r->lead_above, err) != 0)
		return -1;
	r->refund_shipping = cfg_getbool(c, "refund_shipping") == cfg_true;
	if (cfg_getstr(c, "address") != NULL)
		r->address = xstrdup(cfg_getstr(c, "address"));
	return 0;
}

static int
load_stores(const char *path, cfg_t *cfg, struct config *out, char **err)
{
	int i, n = (int)cfg_size(cfg, "store");

	out->stores = xcalloc((size_t)n + 1, sizeof *out->stores);
	for (i = 0; i < n; i++) {
		cfg_t *c = cfg_getnsec(cfg, "store", (unsigned)i);
		struct config_store *st = &out->stores[i];
		const char *title = cfg_title(c), *kind = cfg_getstr(c, "kind");
		const char *url = cfg_getstr(c, "url"), *secret;
		char sec[160];
		long v;

		out->nstores = i + 1;
		st->name = xstrdup(title != NULL ? title : "");
		snprintf(sec, sizeof sec, "store \"%s\"", st->name);
		if (kind == NULL || (strcmp(kind, "woocommerce") != 0 && strcmp(kind, "shopify") != 0 &&
		    strcmp(kind, "csv") != 0)) {
			*err = xasprintf(_("configuration error: %s: %s: kind must be "
			    "\"shopify\", \"woocommerce\" or \"csv\""), path, sec);
			return -1;
		}
		if (strcmp(kind, "csv") == 0) {
			/* an orders export on disk, read again on each sync */
			const char *file = cfg_getstr(c, "path");

			if (file == NULL || file[0] != '/') {
				*err = xasprintf(_("configuration error: %s: %s: path must be the "
				    "absolute path of the orders export (CSV)"), path, sec);
				return -1;
			}
			st->kind = xstrdup(kind);
			st->url = xstrdup(file);
			st->key_cmd = xstrdup("");
			st->api_version = xstrdup("");
			if (int_in(path, sec, c, "sync_interval", 0, 7 * 86400, &st->sync_interval,
			    err) != 0)
				return -1;
			st->timeout = 30;
			continue;
		}
		if (url == NULL || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)) {
			*err = xasprintf(_("configuration error: %s: %s: url must be the shop's "
			    "https:// address"), path, sec);
			return -1;
		}
		secret = cfg_getstr(c, strcmp(kind, "shopify") == 0 ? "token_cmd" : "key_cmd");
		if (secret == NULL) {
			*err = xasprintf(strcmp(kind, "shopify") == 0 ?
			    _("configuration error: %s: %s: token_cmd is required (it prints the "
			    "Admin API access token)") :
			    _("configuration error: %s: %s: key_cmd is required (it "
			    "prints consumer_key:consumer_secret)"), path, sec);
			return -1;
		}
		st->kind = xstrdup(kind);
		st->url = xstrdup(url);
		while (st->url[0] != '\0' && st->url[strlen(st->url) - 1] == '/')
			st->url[strlen(st->url) - 1] = '\0';
		st->key_cmd = xstrdup(secret);
		if (cfg_getstr(c, "ca_file") != NULL)
			st->ca_file = xstrdup(cfg_getstr(c, "ca_file"));
		st->api_version = xstrdup(cfg_getstr(c, "api_version"));
		if (int_in(path, sec, c, "sync_interval", 0, 7 * 86400, &st->sync_interval, err) != 0 ||
		    int_in(path, sec, c, "refresh_after", 0, 30 * 86400, &st->refresh_after, err) != 0)
			return -1;
		if (int_in(path, sec, c, "timeout", 1, 600, &v, err) != 0)
			return -1;
		st->timeout = (int)v;
		if (int_in(path, sec, c, "max_response", 4096, 1L << 30, &st->max_response, err) != 0)
			return -1;
		st->push_returns = cfg_getbool(c, "push_returns") == cfg_true;
	}
	return 0;
}

int
config_load(const char *path, int required, struct config *out, char **err)
{
	cfg_opt_t ui_opts[] = {
		CFG_STR_LIST("bind", NULL, CFGF_NONE),
		CFG_END(),
	};
	cfg_opt_t account_opts[] = {
		CFG_STR("url", NULL, CFGF_NODEFAULT),
		CFG_STR("user", NULL, CFGF_NONE),
		CFG_STR("password_cmd", NULL, CFGF_NONE),
		CFG_STR_LIST("folders", "{INBOX}", CFGF_NONE),
		CFG_STR("ca_file", NULL, CFGF_NONE),
		CFG_BOOL("plain_loopback", cfg_true, CFGF_NONE),
		CFG_INT("poll_interval", 60, CFGF_NONE),
		CFG_INT("idle_renew", 600, CFGF_NONE),
		CFG_INT("timeout", 60, CFGF_NONE),
		CFG_BOOL("pop3_delete", cfg_false, CFGF_NONE),
		CFG_STR("smtp_url", NULL, CFGF_NONE),
		CFG_STR("from", NULL, CFGF_NONE),
		CFG_STR("sent_folder", NULL, CFGF_NONE),
		CFG_END(),
	};
	cfg_opt_t mail_opts[] = {
		CFG_INT("max_message_size", 50 * 1024 * 1024, CFGF_NONE),
		CFG_INT("max_header_size", 256 * 1024, CFGF_NONE),
		CFG_INT("max_mime_depth", 32, CFGF_NONE),
		CFG_INT("max_mime_parts", 500, CFGF_NONE),
		CFG_INT("max_decoded_size", 100 * 1024 * 1024, CFGF_NONE),
		CFG_INT("parse_timeout", 5, CFGF_NONE),
		CFG_STR("order_pattern", NULL, CFGF_NONE),
		CFG_STR("reply_status", "pending", CFGF_NONE),
		CFG_END(),
	};
	cfg_opt_t store_opts[] = {
		CFG_STR("kind", NULL, CFGF_NODEFAULT),
		CFG_STR("url", NULL, CFGF_NODEFAULT),
		CFG_STR("key_cmd", NULL, CFGF_NONE),
		CFG_STR("token_cmd", NULL, CFGF_NONE),
		CFG_STR("path", NULL, CFGF_NONE),
		CFG_STR("api_version", "2024-10", CFGF_NONE),
		CFG_STR("ca_file", NULL, CFGF_NONE),
		CFG_INT("timeout", 30, CFGF_NONE),
		CFG_INT("sync_interval", 900, CFGF_NONE),
		CFG_INT("refresh_after", 600, CFGF_NONE),
		CFG_INT("max_response", 16 * 1024 * 1024, CFGF_NONE),
		CFG_BOOL("push_returns", cfg_false, CFGF_NONE),
		CFG_END(),
	};
	cfg_opt_t loyalty_opts[] = {
		CFG_INT("goodwill_lead_above", 500, CFGF_NONE),
		CFG_STR("currency", "EUR", CFGF_NONE),
		CFG_INT("points_per_unit", 1, CFGF_NONE),
		CFG_STR("tier_basis", "spend", CFGF_NONE),
		CFG_STR_LIST("tiers", "{Bronze:0,Silver:250,Gold:750,Platinum:2000}", CFGF_NONE),
		CFG_INT("referral_bonus", 200, CFGF_NONE),
		CFG_INT("referred_bonus", 100, CFGF_NONE),
		CFG_INT("expire_days", 0, CFGF_NONE),
		CFG_END(),
	};
	cfg_opt_t returns_opts[] = {
		CFG_INT("window_days", 30, CFGF_NONE),
		CFG_FLOAT("restock_percent", 0, CFGF_NONE),
		CFG_STR("restock_fee", "0", CFGF_NONE),
		CFG_STR("return_shipping", "0", CFGF_NONE),
		CFG_FLOAT("credit_bonus_percent", 0, CFGF_NONE),
		CFG_BOOL("refund_shipping", cfg_true, CFGF_NONE),
		CFG_STR("lead_above", "200", CFGF_NONE),
		CFG_STR("address", NULL, CFGF_NONE),
		CFG_END(),
	};
	cfg_opt_t opts[] = {
		CFG_STR("database", NULL, CFGF_NONE),
		CFG_SEC("returns", returns_opts, CFGF_NONE),
		CFG_SEC("ui", ui_opts, CFGF_NONE),
		CFG_SEC("account", account_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
		CFG_SEC("mail", mail_opts, CFGF_NONE),
		CFG_SEC("loyalty", loyalty_opts, CFGF_NONE),
		CFG_SEC("store", store_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
		CFG_END(),
	};
	cfg_t *ui, *mail, *loy, *ret;
	struct stat sb;
	cfg_t *cfg;
	int rc;

	memset(out, 0, sizeof *out);
	config_mail_defaults(&out->mail);
	config_loyalty_defaults(&out->loyalty);
	config_returns_defaults(&out->returns);
	*err = NULL;
	if (path == NULL)
		return 0;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && !required)
			return 0;
		*err = xasprintf(_("cannot read the configuration %s: %s"), path, strerror(errno));
		config_free(out);
		return -1;
	}
	if (!S_ISREG(sb.st_mode) && !S_ISCHR(sb.st_mode) && !S_ISFIFO(sb.st_mode)) {
		*err = xasprintf(_("cannot read the configuration %s: not a file"), path);
		config_free(out);
		return -1;
	}
	cfg = cfg_init(opts, CFGF_NONE);
	cfg_set_error_function(cfg, on_error);
	first_error = NULL;
	parsing = path;
	rc = cfg_parse(cfg, path);
	parsing = NULL;
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
		config_free(out);
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
	if ((mail = cfg_getsec(cfg, "mail")) != NULL && load_mail(path, mail, &out->mail, err) != 0)
		goto fail;
	if (load_accounts(path, cfg, out, err) != 0)
		goto fail;
	if (load_stores(path, cfg, out, err) != 0)
		goto fail;
	if ((loy = cfg_getsec(cfg, "loyalty")) != NULL &&
	    load_loyalty(path, loy, &out->loyalty, err) != 0)
		goto fail;
	if ((ret = cfg_getsec(cfg, "returns")) != NULL &&
	    load_returns(path, ret, out->loyalty.currency, &out->returns, err) != 0)
		goto fail;
	cfg_free(cfg);
	return 0;
fail:
	cfg_free(cfg);
	config_free(out);
	return -1;
}

void
config_free(struct config *cfg)
{
	int i;

	free(cfg->returns.address);
	cfg->returns.address = NULL;
	free(cfg->database);
	cfg->database = NULL;
	for (i = 0; i < cfg->nbinds; i++)
		free(cfg->binds[i]);
	free(cfg->binds);
	cfg->binds = NULL;
	cfg->nbinds = 0;
	for (i = 0; i < cfg->naccounts; i++) {
		struct config_account *a = &cfg->accounts[i];
		int j;

		free(a->name);
		free(a->url);
		free(a->user);
		free(a->password_cmd);
		free(a->ca_file);
		free(a->smtp_url);
		free(a->from);
		free(a->sent_folder);
		for (j = 0; j < a->nfolders; j++)
			free(a->folders[j]);
		free(a->folders);
	}
	free(cfg->accounts);
	cfg->accounts = NULL;
	cfg->naccounts = 0;
	for (i = 0; i < cfg->nstores; i++) {
		free(cfg->stores[i].name);
		free(cfg->stores[i].kind);
		free(cfg->stores[i].url);
		free(cfg->stores[i].key_cmd);
		free(cfg->stores[i].api_version);
		free(cfg->stores[i].ca_file);
	}
	free(cfg->stores);
	cfg->stores = NULL;
	cfg->nstores = 0;
	if (cfg->mail.order_pattern != NULL)
		regfree(&cfg->mail.order_re);
	free(cfg->mail.order_pattern);
	cfg->mail.order_pattern = NULL;
	free(cfg->mail.reply_status);
	cfg->mail.reply_status = NULL;
}

void
config_mail_defaults(struct config_mail *m)
{
	memset(m, 0, sizeof *m);
	m->max_message = 50 * 1024 * 1024;
	m->max_header = 256 * 1024;
	m->max_depth = 32;
	m->max_parts = 500;
	m->max_decoded = 100 * 1024 * 1024;
	m->parse_timeout_ms = 5000;
	m->reply_status = xstrdup("pending");
}
