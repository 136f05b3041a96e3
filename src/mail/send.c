/* send.c: see send.h. */
#include "config.h"

#include <curl/curl.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "db/db.h"
#include "mail/compose.h"
#include "mail/remote.h"
#include "mail/send.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define BATCH 20
#define MAX_ATTEMPTS 30
#define BACKOFF_BASE 30
#define BACKOFF_CAP 3600

static const char SQL_DUE[] =
	"SELECT id, payload, envelope_from, recipients, attempts FROM outbox"
	" WHERE account = ?1 AND transport = 'smtp' AND state IN ('queued', 'sending')"
	" AND next_attempt_at <= ?2 ORDER BY id LIMIT ?3";
static const char SQL_NEXT[] =
	"SELECT min(next_attempt_at) FROM outbox"
	" WHERE account = ?1 AND transport = 'smtp' AND state IN ('queued', 'sending')";
static const char SQL_SENDING[] =
	"UPDATE outbox SET state = 'sending', attempts = attempts + 1"
	" WHERE id = ?1 AND state IN ('queued', 'sending')";
static const char SQL_SENT[] =
	"UPDATE outbox SET state = 'sent', sent_at = ?2, last_error = NULL WHERE id = ?1";
static const char SQL_RETRY[] =
	"UPDATE outbox SET state = ?4, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1";

struct reader {
	const char *data;
	size_t len, off;
};

static size_t
read_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct reader *r = arg;
	size_t want = size * n, left = r->len - r->off;

	if (want > left)
		want = left;
	memcpy(buf, r->data + r->off, want);
	r->off += want;
	return want;
}

/* curl's socket for a connection that may go in clear text: only to a
 * loopback address. */
static curl_socket_t
loopback_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	(void)arg;
	if (purpose != CURLSOCKTYPE_IPCXN || !remote_addr_is_loopback(&a->addr)) {
		log_msg("SMTP: not connecting to a non-loopback address in clear text");
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* The server's last refusal (4xx or 5xx reply line), kept for the agent;
 * never what we sent: that holds the AUTH exchange. */
static int
debug_cb(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	char *last = arg;

	(void)c;
	if (type == CURLINFO_HEADER_IN && size > 3 && (data[0] == '4' || data[0] == '5')) {
		size_t n = size < 255 ? size : 255;

		memcpy(last, data, n);
		last[n] = '\0';
		last[strcspn(last, "\r\n")] = '\0';
	}
	return 0;
}

static int
exec_row(struct db *db, const char *sql, int64_t id, int64_t a, const char *text,
    const char *state)
{
	sqlite3_stmt *st;
	int rc;

	if (db_begin(db) != 0)
		return -1;
	if ((st = db_stmt(db, sql)) == NULL) {
		db_rollback(db);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sql != SQL_SENDING)
		sqlite3_bind_int64(st, 2, a);
	if (sql == SQL_RETRY) {
		db_bind_text_or_null(st, 3, text);
		sqlite3_bind_text(st, 4, state, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

time_t
send_next_due(struct db *db, const struct config_account *a)
{
	sqlite3_stmt *st = db_stmt(db, SQL_NEXT);
	time_t t = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		t = (time_t)sqlite3_column_int64(st, 0);
	db_done(st);
	return t;
}

struct item {
	int64_t id;
	char *payload;
	size_t len;
	char *from;
	char *rcpt;
	int attempts;
};

/* A copy of a sent message in the account's sent_folder (IMAP APPEND,
 * marked \Seen). Best effort: the message is sent either way. */
static void
copy_to_sent(const struct config_account *a, mailimap **imap, const char *raw, size_t len)
{
	struct mailimap_flag_list *flags;
	struct remote_url u;
	char *err = NULL;
	int r;

	if (a->sent_folder == NULL)
		return;
	if (*imap == NULL) {
		if (remote_url_parse(a->url, &u, &err) != 0 || u.kind != REMOTE_IMAP) {
			free(err);
			remote_url_free(&u);
			return;
		}
		*imap = remote_imap_open(a, &u, &err);
		remote_url_free(&u);
		if (*imap == NULL) {
			log_msg("account %s: no copy in %s: %s", a->name, a->sent_folder, err);
			free(err);
			return;
		}
	}
	flags = mailimap_flag_list_new_empty();
	mailimap_flag_list_add(flags, mailimap_flag_new_seen());
	r = mailimap_append(*imap, a->sent_folder, flags, NULL, raw, len);
	mailimap_flag_list_free(flags);
	if (r != MAILIMAP_NO_ERROR) {
		char *why = remote_imap_reason(*imap);

		log_msg("account %s: no copy in %s: %s", a->name, a->sent_folder, why);
		free(why);
		remote_imap_close(*imap);
		*imap = NULL;
	}
}

static int
backoff(int attempts)
{
	int s = BACKOFF_BASE;

	while (attempts-- > 1 && s < BACKOFF_CAP)
		s *= 2;
	if (s > BACKOFF_CAP)
		s = BACKOFF_CAP;
	return s + (int)(random() % (s / 4 + 1));
}

int
send_due(struct db *db, const struct config_account *a, int force, struct send_tally *t,
    char **err)
{
	struct item items[BATCH];
	mailimap *imap = NULL;
	sqlite3_stmt *st;
	CURL *c = NULL;
	CURLU *u = NULL;
	char *pass = NULL, *host = NULL, last[256];
	int n = 0, i, loopback = 0;
	int64_t now = clock_now();

	memset(t, 0, sizeof *t);
	*err = NULL;
	if (a->smtp_url == NULL)
		return 0;
	if ((st = db_stmt(db, SQL_DUE)) == NULL) {
		*err = xasprintf(_("cannot read the outbox: %s"), db_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, force ? INT64_MAX : now);
	sqlite3_bind_int(st, 3, BATCH);
	while (n < BATCH && sqlite3_step(st) == SQLITE_ROW) {
		items[n].id = sqlite3_column_int64(st, 0);
		items[n].len = (size_t)sqlite3_column_bytes(st, 1);
		items[n].payload = xmalloc(items[n].len + 1);
		memcpy(items[n].payload, sqlite3_column_blob(st, 1), items[n].len);
		items[n].from = xstrdup(db_col_text(st, 2));
		items[n].rcpt = xstrdup(db_col_text(st, 3));
		items[n].attempts = sqlite3_column_int(st, 4);
		n++;
	}
	db_done(st);
	if (n == 0)
		goto done;

	if ((pass = remote_password(a->password_cmd, a->timeout, err)) == NULL) {
		char *why = *err;

		*err = xasprintf(_("account %s: %s"), a->name, why);
		free(why);
		goto out;
	}
	if ((u = curl_url()) != NULL && curl_url_set(u, CURLUPART_URL, a->smtp_url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		char *h = host[0] == '[' ? xstrndup(host + 1, strlen(host) - 2) : xstrdup(host);

		loopback = remote_host_is_loopback(h);
		free(h);
	}
	c = curl_easy_init();
	for (i = 0; i < n; i++) {
		struct reader r = { items[i].payload, items[i].len, 0 };
		struct curl_slist *rcpt = NULL;
		json_t *list = json_loads(items[i].rcpt, 0, NULL), *v;
		size_t k;
		char *mfrom;
		long code = 0;
		CURLcode rc;
		int ok = list != NULL && json_array_size(list) > 0 && compose_addr_ok(items[i].from);

		/* The envelope is checked again here: nothing in a row can add a
		 * command to the SMTP dialogue. */
		json_array_foreach(list, k, v) {
			char *to;

			if (!compose_addr_ok(json_string_value(v))) {
				ok = 0;
				continue;
			}
			to = xasprintf("<%s>", json_string_value(v));
			rcpt = curl_slist_append(rcpt, to);
			free(to);
		}
		json_decref(list);
		if (!ok) {
			exec_row(db, SQL_RETRY, items[i].id, now,
			    _("the envelope addresses are not valid; not sent"), "failed");
			curl_slist_free_all(rcpt);
			t->failed++;
			continue;
		}
		if (exec_row(db, SQL_SENDING, items[i].id, 0, NULL, NULL) != 0) {
			curl_slist_free_all(rcpt);
			*err = xasprintf(_("cannot write to the database: %s"), db_errmsg(db));
			goto out;
		}
		if (getenv("AFTERCARE_TEST_SEND_DELAY_MS") != NULL)
			usleep((useconds_t)atoi(getenv("AFTERCARE_TEST_SEND_DELAY_MS")) * 1000);
		mfrom = xasprintf("<%s>", items[i].from);
		last[0] = '\0';
		curl_easy_reset(c);
		curl_easy_setopt(c, CURLOPT_URL, a->smtp_url);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(loopback && a->plain_loopback ?
		    CURLUSESSL_TRY : CURLUSESSL_ALL));
		if (loopback && a->plain_loopback)
			/* Clear text is allowed to this host only because it is
			 * local: curl resolves the name again, so it may connect
			 * to nothing else. */
			curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, loopback_socket);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
		if (a->ca_file != NULL)
			curl_easy_setopt(c, CURLOPT_CAINFO, a->ca_file);
		curl_easy_setopt(c, CURLOPT_USERNAME, a->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, pass);
		curl_easy_setopt(c, CURLOPT_MAIL_FROM, mfrom);
		curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
		curl_easy_setopt(c, CURLOPT_READDATA, &r);
		curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)items[i].len);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_PROXY, "");
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)a->timeout);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)a->timeout * 5);
		curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
		curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, debug_cb);
		curl_easy_setopt(c, CURLOPT_DEBUGDATA, last);
		rc = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		free(mfrom);
		curl_slist_free_all(rcpt);
		now = clock_now();
		if (rc == CURLE_OK) {
			exec_row(db, SQL_SENT, items[i].id, now, NULL, NULL);
			t->sent++;
			copy_to_sent(a, &imap, items[i].payload, items[i].len);
			log_msg("account %s: outbox item %lld sent", a->name, (long long)items[i].id);
			continue;
		}
		{
			char *reason = last[0] != '\0' ?
			    text_sanitize(last, strlen(last), TEXT_LINE, NULL) :
			    xstrdup(curl_easy_strerror(rc));
			int permanent = code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED;
			int attempts = items[i].attempts + 1;

			if (permanent || attempts >= MAX_ATTEMPTS) {
				char *why = permanent ? xstrdup(reason) :
				    xasprintf(_("gave up after %d attempts: %s"), attempts, reason);

				exec_row(db, SQL_RETRY, items[i].id, now, why, "failed");
				free(why);
				t->failed++;
			} else {
				exec_row(db, SQL_RETRY, items[i].id, now + backoff(attempts), reason,
				    "queued");
				t->retry++;
			}
			log_msg("account %s: outbox item %lld not sent: %s", a->name,
			    (long long)items[i].id, reason);
			free(reason);
		}
	}
done:
	t->next_due = send_next_due(db, a);
out:
	for (i = 0; i < n; i++) {
		free(items[i].payload);
		free(items[i].from);
		free(items[i].rcpt);
	}
	if (c != NULL)
		curl_easy_cleanup(c);
	remote_imap_close(imap);
	curl_free(host);
	curl_url_cleanup(u);
	remote_secret_free(pass);
	return *err != NULL ? -1 : 0;
}
