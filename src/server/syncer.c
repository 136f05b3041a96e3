/* syncer.c: see syncer.h. One process per account, one connection per IMAP
 * folder, all watched by one poll() together with the server's socket, so
 * that "sync now" interrupts IDLE at once. IDLE is a hint: every wake-up,
 * renewal or reconnect runs the normal UID sweep (fetch.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#include <jansson.h>

#include "db/db.h"
#include "mail/fetch.h"
#include "mail/mime.h"
#include "mail/remote.h"
#include "mail/send.h"
#include "server/syncer.h"
#include "util/frame.h"
#include "util/log.h"
#include "util/selfexec.h"
#include "util/xmalloc.h"

/* AddressSanitizer reserves terabytes of address space: no RLIMIT_AS then. */
#if defined(__SANITIZE_ADDRESS__)
#define SYNCER_NO_RLIMIT_AS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SYNCER_NO_RLIMIT_AS 1
#endif
#endif

#define BACKOFF_MIN 2
#define BACKOFF_MAX 300
#define CTL_FD 3

struct folder {
	const char *name;
	mailimap *imap;
	int idling;
	int no_idle;       /* the server has no IDLE: poll */
	int wake;          /* data arrived during IDLE */
	time_t idle_since, next_poll, retry_at;
	int backoff;
	char *error;
	char *noted;       /* the state last written to the sources row */
};

struct syncer {
	const struct config_account *a;
	struct remote_url url;
	struct fetch_ctx f;
	struct folder *folders;
	int nfolders;
	struct frame_reader reader;
	json_t *reqs;      /* sync requests waiting for a pass */
	struct fetch_tally since; /* stored since the last "synced" answer */
	char *last_state;
	char *last_error;
	int flush;         /* deliver the outbox now */
	time_t send_due;   /* next outbox attempt, 0 for none */
};

static void
send_frame(json_t *msg)
{
	size_t len;
	char *data = frame_encode(msg, FRAME_MAX_DEFAULT, &len);

	if (data != NULL) {
		if (frame_write_all(CTL_FD, data, len, 10000) != 0)
			_exit(0); /* the server is gone */
		free(data);
	}
	json_decref(msg);
}

static json_t *
tickets_json(const struct fetch_tally *t)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < t->ntickets; i++)
		json_array_append_new(a, json_integer(t->tickets[i]));
	return a;
}

/* Tells the server the account's state when it changed. */
static void
report_state(struct syncer *s, const char *state, const char *error, time_t retry)
{
	if (s->last_state != NULL && strcmp(s->last_state, state) == 0 &&
	    ((error == NULL && s->last_error == NULL) ||
	    (error != NULL && s->last_error != NULL && strcmp(error, s->last_error) == 0)))
		return;
	free(s->last_state);
	free(s->last_error);
	s->last_state = xstrdup(state);
	s->last_error = error != NULL ? xstrdup(error) : NULL;
	send_frame(json_pack("{s:s,s:s,s:s?,s:o}", "type", "state", "state", state, "error", error,
	    "retry", retry > 0 ? json_integer(retry) : json_null()));
}

static void
merge(struct fetch_tally *into, const struct fetch_tally *t)
{
	size_t i, j;

	into->messages += t->messages;
	into->new_tickets += t->new_tickets;
	into->known += t->known;
	for (i = 0; i < t->ntickets; i++) {
		for (j = 0; j < into->ntickets && into->tickets[j] != t->tickets[i]; j++)
			;
		if (j == into->ntickets && into->ntickets < 200) {
			into->tickets = xreallocarray(into->tickets, into->ntickets + 1,
			    sizeof *into->tickets);
			into->tickets[into->ntickets++] = t->tickets[i];
		}
	}
}

/* After a pass: new mail is news for every client. */
static void
report_new(struct syncer *s, struct fetch_tally *t)
{
	if (t->messages > 0)
		send_frame(json_pack("{s:s,s:I,s:I,s:o}", "type", "new", "messages",
		    (json_int_t)t->messages, "new_tickets", (json_int_t)t->new_tickets, "tickets",
		    tickets_json(t)));
	merge(&s->since, t);
	fetch_tally_free(t);
}

static void
answer_requests(struct syncer *s, const char *error)
{
	if (json_array_size(s->reqs) == 0)
		return;
	send_frame(json_pack("{s:s,s:O,s:I,s:I,s:I,s:o,s:s?}", "type", "synced", "reqs", s->reqs,
	    "messages", (json_int_t)s->since.messages, "new_tickets",
	    (json_int_t)s->since.new_tickets, "known", (json_int_t)s->since.known, "tickets",
	    tickets_json(&s->since), "error", error));
	json_array_clear(s->reqs);
	fetch_tally_free(&s->since);
}

static int
backoff_next(int cur)
{
	int next = cur == 0 ? BACKOFF_MIN : cur * 2;

	if (next > BACKOFF_MAX)
		next = BACKOFF_MAX;
	/* Jitter, so that accounts on one server do not retry in step. */
	return next + (int)(random() % (next / 4 + 1));
}

/* Records the folder's state on its sources row when it changed (a write
 * on every poll would make every client reload for nothing). */
static void
note(struct syncer *s, struct folder *fo, const char *err)
{
	const char *now = err != NULL ? err : "";

	if (fo->noted != NULL && strcmp(fo->noted, now) == 0)
		return;
	free(fo->noted);
	fo->noted = xstrdup(now);
	fetch_note_state(s->f.db, s->url.kind == REMOTE_POP3 ? "pop3" : "imap", s->a->name,
	    fo->name, err);
}

static void
folder_fail(struct syncer *s, struct folder *fo, char *err, int drop)
{
	time_t now = time(NULL);

	log_msg("account %s: %s", s->a->name, err);
	free(fo->error);
	fo->error = err;
	if (drop && fo->imap != NULL) {
		remote_imap_close(fo->imap);
		fo->imap = NULL;
		fo->idling = 0;
	}
	fo->backoff = backoff_next(fo->backoff);
	fo->retry_at = now + fo->backoff;
	note(s, fo, err);
}

/* Connects (when needed), syncs and re-enters IDLE. */
static void
imap_pass(struct syncer *s, struct folder *fo)
{
	struct fetch_tally t = { 0 };
	char *err = NULL;
	int lost = 0;

	if (fo->imap == NULL) {
		report_state(s, "connecting", NULL, 0);
		if ((fo->imap = remote_imap_open(s->a, &s->url, &err)) == NULL) {
			folder_fail(s, fo, err, 0);
			return;
		}
		fo->no_idle = !mailimap_has_idle(fo->imap);
	}
	if (fo->idling) {
		fo->idling = 0;
		if (mailimap_idle_done(fo->imap) != MAILIMAP_NO_ERROR) {
			folder_fail(s, fo, xasprintf("%s/%s: the connection was lost while "
			    "idle", s->a->name, fo->name), 1);
			return;
		}
	} else if (fo->no_idle && mailimap_noop(fo->imap) != MAILIMAP_NO_ERROR) {
		folder_fail(s, fo, xasprintf("%s/%s: the connection was lost", s->a->name,
		    fo->name), 1);
		return;
	}
	report_state(s, "syncing", NULL, 0);
	if (fetch_imap_folder(&s->f, fo->imap, fo->name, &t, &lost, &err) != 0) {
		/* A pass that stored mail before it failed made progress: the
		 * next one comes soon, not after a growing wait. */
		if (t.messages + t.known > 0)
			fo->backoff = 0;
		report_new(s, &t);
		folder_fail(s, fo, err, 1);
		return;
	}
	report_new(s, &t);
	free(fo->error);
	fo->error = NULL;
	fo->backoff = 0;
	fo->wake = 0;
	note(s, fo, NULL);
	if (!fo->no_idle) {
		if (mailimap_idle(fo->imap) == MAILIMAP_NO_ERROR) {
			fo->idling = 1;
			fo->idle_since = time(NULL);
			return;
		}
		/* IDLE advertised but refused: poll from now on. */
		log_msg("account %s: IDLE failed on %s; polling every %d s", s->a->name,
		    fo->name, s->a->poll_interval);
		fo->no_idle = 1;
		if (fo->imap->imap_stream == NULL) {
			folder_fail(s, fo, xasprintf("%s/%s: the connection was lost",
			    s->a->name, fo->name), 1);
			return;
		}
	}
	fo->next_poll = time(NULL) + s->a->poll_interval;
}

static void
pop3_pass(struct syncer *s, struct folder *fo)
{
	struct fetch_tally t = { 0 };
	char *err = NULL;
	mailpop3 *pop;

	report_state(s, "connecting", NULL, 0);
	if ((pop = remote_pop3_open(s->a, &s->url, &err)) == NULL) {
		log_msg("account %s: %s", s->a->name, err);
		free(fo->error);
		fo->error = err;
		fo->backoff = backoff_next(fo->backoff);
		fo->retry_at = time(NULL) + fo->backoff;
		note(s, fo, err);
		return;
	}
	report_state(s, "syncing", NULL, 0);
	if (fetch_pop3(&s->f, pop, s->a->pop3_delete, &t, &err) != 0) {
		report_new(s, &t);
		remote_pop3_close(pop, 0); /* no QUIT: nothing is deleted */
		log_msg("account %s: %s", s->a->name, err);
		free(fo->error);
		fo->error = err;
		fo->backoff = backoff_next(fo->backoff);
		fo->retry_at = time(NULL) + fo->backoff;
		note(s, fo, err);
		return;
	}
	remote_pop3_close(pop, 1);
	report_new(s, &t);
	free(fo->error);
	fo->error = NULL;
	fo->backoff = 0;
	fo->retry_at = 0;
	fo->next_poll = time(NULL) + s->a->poll_interval;
	note(s, fo, NULL);
}

/* The first folder error, or NULL. */
static const char *
first_error(struct syncer *s)
{
	int i;

	for (i = 0; i < s->nfolders; i++)
		if (s->folders[i].error != NULL)
			return s->folders[i].error;
	return NULL;
}

static time_t
earliest(time_t a, time_t b)
{
	return a == 0 ? b : b == 0 ? a : a < b ? a : b;
}

/* Delivers what the outbox holds for this account, when due or asked. */
static void
outbox_pass(struct syncer *s)
{
	struct send_tally t;
	char *err = NULL;
	time_t now = time(NULL);
	int force = s->flush;

	if (s->a->smtp_url == NULL)
		return;
	if (!s->flush && (s->send_due == 0 || s->send_due > now)) {
		/* Another process may have queued something: look again. */
		s->send_due = send_next_due(s->f.db, s->a);
		if (s->send_due == 0 || s->send_due > now)
			return;
	}
	s->flush = 0;
	if (send_due(s->f.db, s->a, force, &t, &err) != 0) {
		log_msg("account %s: %s", s->a->name, err);
		free(err);
		s->send_due = now + 60;
		return;
	}
	s->send_due = t.next_due;
	/* A flush covers everything queued, batch after batch. */
	if (force && t.sent + t.retry + t.failed >= 20)
		s->flush = 1;
	if (t.sent + t.retry + t.failed > 0)
		send_frame(json_pack("{s:s,s:i,s:i,s:i}", "type", "sent", "sent", t.sent, "retry",
		    t.retry, "failed", t.failed));
}

static void
run(struct syncer *s)
{
	int i;

	for (;;) {
		time_t now = time(NULL), next = 0;
		int forced = json_array_size(s->reqs) > 0, idle_all = 1;
		struct pollfd pfd[65];
		int n = 0, map[65];

		for (i = 0; i < s->nfolders; i++) {
			struct folder *fo = &s->folders[i];
			int due;

			if (s->url.kind == REMOTE_POP3) {
				due = forced || (fo->error != NULL ? now >= fo->retry_at :
				    now >= fo->next_poll);
				if (due)
					pop3_pass(s, fo);
				continue;
			}
			if (fo->imap == NULL)
				due = forced || now >= fo->retry_at;
			else if (fo->idling)
				due = forced || fo->wake || now - fo->idle_since >= s->a->idle_renew;
			else
				due = forced || now >= fo->next_poll;
			if (due)
				imap_pass(s, fo);
		}
		answer_requests(s, first_error(s));
		outbox_pass(s);

		/* What to wait for, and until when. */
		now = time(NULL);
		if (s->send_due != 0)
			next = earliest(next, s->send_due);
		pfd[n].fd = CTL_FD;
		pfd[n].events = POLLIN;
		map[n++] = -1;
		for (i = 0; i < s->nfolders; i++) {
			struct folder *fo = &s->folders[i];

			if (fo->error != NULL) {
				idle_all = 0;
				next = earliest(next, fo->retry_at);
			} else if (fo->idling) {
				next = earliest(next, fo->idle_since + s->a->idle_renew);
				/* Data already read off the socket does not wake
				 * poll(). libetpan's buffer is checked here; GnuTLS
				 * keeps nothing of its own that could hide: it reads
				 * from the socket exactly the record it decrypts, and
				 * a record larger than what libetpan asked for leaves
				 * libetpan's buffer full, so it shows up here too. */
				if (fo->imap->imap_stream != NULL &&
				    fo->imap->imap_stream->read_buffer_len > 0) {
					fo->wake = 1;
					next = now;
				}
				pfd[n].fd = mailimap_idle_get_fd(fo->imap);
				pfd[n].events = POLLIN;
				map[n++] = i;
			} else {
				next = earliest(next, fo->next_poll);
			}
		}
		if (first_error(s) != NULL) {
			time_t retry = 0;

			for (i = 0; i < s->nfolders; i++)
				if (s->folders[i].error != NULL)
					retry = earliest(retry, s->folders[i].retry_at);
			report_state(s, "error", first_error(s), retry);
		} else {
			report_state(s, idle_all && s->url.kind == REMOTE_IMAP &&
			    !s->folders[0].no_idle ? "idle" : "polling", NULL, 0);
		}
		{
			long wait_ms = next == 0 ? 60000 : (long)(next - now) * 1000;

			if (wait_ms < 0)
				wait_ms = 0;
			if (wait_ms > 60000)
				wait_ms = 60000;
			if (poll(pfd, (nfds_t)n, (int)wait_ms) < 0 && errno != EINTR)
				_exit(1);
		}
		for (i = 1; i < n; i++)
			if (pfd[i].revents != 0)
				s->folders[map[i]].wake = 1;
		if (pfd[0].revents != 0) {
			for (;;) {
				json_t *msg = NULL;
				char *err = NULL;
				enum frame_status st = frame_read(CTL_FD, &s->reader, &msg, &err);

				if (st == FRAME_AGAIN)
					break;
				if (st != FRAME_OK) {
					free(err);
					_exit(0); /* the server closed: so do we */
				}
				if (json_is_integer(json_object_get(msg, "req")))
					json_array_append(s->reqs, json_object_get(msg, "req"));
				if (json_is_string(json_object_get(msg, "op")) &&
				    strcmp(json_string_value(json_object_get(msg, "op")), "flush") == 0)
					s->flush = 1;
				json_decref(msg);
			}
		}
	}
}

void
syncer_main(const char *db_path, const struct config *cfg, const char *name, pid_t parent)
{
	struct syncer s;
	struct sigaction sa;
	char *err = NULL;
	int i, idx = -1;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL); /* libetpan writes without MSG_NOSIGNAL */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	/* It holds a mail password for a moment: no core dumps, no ptrace by
	 * other processes of the user. */
	prctl(PR_SET_DUMPABLE, 0);
	{
		struct rlimit no = { 0, 0 };

		setrlimit(RLIMIT_CORE, &no);
	}
	if (fcntl(CTL_FD, F_GETFD) < 0)
		_exit(2);
	fcntl(CTL_FD, F_SETFD, FD_CLOEXEC);
	fcntl(CTL_FD, F_SETFL, fcntl(CTL_FD, F_GETFL) | O_NONBLOCK);
	srandom((unsigned)getpid() ^ (unsigned)time(NULL));

	memset(&s, 0, sizeof s);
	frame_reader_init(&s.reader, 64 * 1024);
	s.reqs = json_array();
	for (i = 0; i < cfg->naccounts; i++)
		if (strcmp(cfg->accounts[i].name, name) == 0)
			idx = i;
	if (idx < 0) {
		err = xasprintf("no account called %s in the configuration", name);
		report_state(&s, "error", err, 0);
		_exit(1);
	}
	s.a = &cfg->accounts[idx];
#ifndef SYNCER_NO_RLIMIT_AS
	{
		/* A hostile server that sends an endless literal costs this
		 * process, not the machine: a batch holds at most 16 MiB plus one
		 * message at the size limit, and libetpan copies it. */
		rlim_t cap = (rlim_t)cfg->mail.max_message * 4 + ((rlim_t)1 << 30);
		struct rlimit as;

		/* The soft limit only: password_cmd puts it back (remote.c). */
		if (getrlimit(RLIMIT_AS, &as) == 0 && (as.rlim_max == RLIM_INFINITY ||
		    as.rlim_max > cap)) {
			as.rlim_cur = cap;
			setrlimit(RLIMIT_AS, &as);
		}
	}
#endif
	if (remote_url_parse(s.a->url, &s.url, &err) != 0) {
		/* A configuration error does not heal by retrying: say so to
		 * every fetch request until the server is restarted. */
		report_state(&s, "error", err, 0);
		for (;;) {
			struct pollfd p = { CTL_FD, POLLIN, 0 };

			if (poll(&p, 1, -1) < 0 && errno != EINTR)
				_exit(1);
			for (;;) {
				json_t *msg = NULL;
				char *why = NULL;
				enum frame_status st = frame_read(CTL_FD, &s.reader, &msg, &why);

				if (st == FRAME_AGAIN)
					break;
				if (st != FRAME_OK)
					_exit(0);
				if (json_is_integer(json_object_get(msg, "req")))
					json_array_append(s.reqs, json_object_get(msg, "req"));
				json_decref(msg);
			}
			answer_requests(&s, err);
		}
	}
	if (db_open(db_path, DB_OPEN_EXISTING, &s.f.db, &err) != 0) {
		report_state(&s, "error", err, 0);
		_exit(1);
	}
	s.f.limits.max_message = cfg->mail.max_message;
	s.f.limits.max_header = cfg->mail.max_header;
	s.f.limits.max_depth = cfg->mail.max_depth;
	s.f.limits.max_parts = cfg->mail.max_parts;
	s.f.limits.max_decoded = cfg->mail.max_decoded;
	s.f.limits.timeout_ms = cfg->mail.parse_timeout_ms;
	s.f.order_re = cfg->mail.order_pattern != NULL ? &cfg->mail.order_re : NULL;
	s.f.account = s.a->name;
	s.f.worker = mime_worker_start(&s.f.limits);
	if (getenv("AFTERCARE_TEST_FETCH_DELAY_MS") != NULL)
		s.f.delay_ms = (unsigned)atoi(getenv("AFTERCARE_TEST_FETCH_DELAY_MS"));
	s.nfolders = s.url.kind == REMOTE_POP3 ? 1 : s.a->nfolders;
	if (s.nfolders > 64)
		s.nfolders = 64;
	s.folders = xcalloc((size_t)s.nfolders, sizeof *s.folders);
	for (i = 0; i < s.nfolders; i++)
		s.folders[i].name = s.url.kind == REMOTE_POP3 ? "" : s.a->folders[i];
	log_msg("account %s: fetching from %s", s.a->name, s.a->url);
	run(&s);
	_exit(0);
}

pid_t
syncer_spawn(const char *db_path, const char *config_path, const char *name, int *fd)
{
	posix_spawn_file_actions_t fa;
	struct self_argv a;
	char parent[32];
	int sv[2], rc;
	pid_t pid;

	if (self_argv_init(&a, config_path, db_path) != 0)
		return -1;
	snprintf(parent, sizeof parent, "%ld", (long)getpid());
	self_argv_add(&a, "--fetcher");
	self_argv_add(&a, name);
	self_argv_add(&a, "--parent");
	self_argv_add(&a, parent);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], CTL_FD);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	rc = posix_spawn(&pid, a.exe, &fa, NULL, a.argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (rc != 0) {
		close(sv[0]);
		errno = rc;
		return -1;
	}
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	*fd = sv[0];
	return pid;
}
