/* server.c: the socket server. One thread, one poll() loop; requests are
 * short SQLite work done in order, so a client never waits behind another
 * for long. Nothing a client sends can stop the server: bad frames, unknown
 * operations and vanished clients cost that client its connection, at most. */
#include "config.h"

#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "ops/ops.h"
#include "server/server.h"
#include "server/shopsync.h"
#include "server/syncer.h"
#include "util/clock.h"
#include "util/frame.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/paths.h"
#include "util/settings.h"
#include "util/xmalloc.h"

#define MAX_CLIENTS 256
#define MAX_SYNCERS 32

struct server;
struct client;
static void broadcast(struct server *s, struct client *from, json_t *event);
#define WRITE_TIMEOUT_MS 2000

struct client {
	int fd;
	uid_t uid;
	pid_t pid;
	char *login;
	int subscribed;
	long long viewing; /* the ticket open in this client, 0 for none */
	long long session; /* tells apart two clients of one user */
	json_t *pending_params; /* of the request being handled (borrowed) */
	char *dead;  /* why it is to be dropped; dropped at the end of the round */
	struct frame_reader reader;
};

/* A mail account's syncer process (syncer.h) as the server sees it. */
struct syncer_slot {
	const char *name;
	int idx;            /* in cfg->accounts */
	pid_t pid;          /* 0: not running */
	int fd;
	struct frame_reader reader;
	json_t *state;      /* {"account","state","error","retry","since"} */
	time_t restart_at;
	int restarts;
};

/* A client waiting for `mail.fetch`: one request per account asked. */
struct fetch_wait {
	long long session;
	json_t *id;
	json_t *results;    /* array, one object per account as they answer */
	long long reqs[MAX_SYNCERS]; /* per syncer slot: the request, 0 = none */
	int remaining;
	struct fetch_wait *next;
};

struct server {
	const struct server_opts *o;
	struct syncer_slot syncers[MAX_SYNCERS];
	int nsyncers;
	struct shopsync shops;
	long long next_req;
	struct fetch_wait *waits;
	struct db *db;
	uid_t owner;
	int listen_fd;
	struct client *clients[MAX_CLIENTS];
	int nclients;
	int stopping;
	time_t idle_since;
	size_t max_frame;
	long long sessions;
	int data_version;
};

static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

/* PRAGMA data_version changes when another connection commits: an import,
 * a --no-server command, the sqlite3 shell. Then subscribers reload. */
static void
watch_other_writers(struct server *s)
{
	sqlite3_stmt *st = db_stmt(s->db, SQL_DATA_VERSION);
	int v;

	if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return;
	}
	v = sqlite3_column_int(st, 0);
	db_done(st);
	if (s->data_version != 0 && v != s->data_version) {
		json_t *ev = json_pack("{s:s}", "event", "db.changed");

		broadcast(s, NULL, ev);
		json_decref(ev);
	}
	s->data_version = v;
}

static int sig_pipe[2] = { -1, -1 };


static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;
	ssize_t ignored = write(sig_pipe[1], &c, 1);

	(void)ignored;
	errno = saved;
}

static const char SQL_AGENT_BY_UID[] =
	"SELECT id, login, role FROM agents WHERE uid = ?1 AND active = 1";

/* Who the peer is, looked up on every request so that a role change or a
 * deactivation takes effect at once. */
static int
resolve_caller(struct server *s, struct client *c, struct op_caller *caller, char **login)
{
	sqlite3_stmt *st = db_stmt(s->db, SQL_AGENT_BY_UID);

	caller->agent_id = 0;
	caller->role = c->uid == s->owner ? ROLE_ADMIN : ROLE_NONE;
	*login = NULL;
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->uid);
		if (sqlite3_step(st) == SQLITE_ROW) {
			enum role r = role_from_name(db_col_text(st, 2));

			caller->agent_id = sqlite3_column_int64(st, 0);
			*login = xstrdup(db_col_text(st, 1));
			if (r > caller->role)
				caller->role = r;
		}
		db_done(st);
	}
	if (*login == NULL)
		*login = xstrdup(c->login);
	caller->login = *login;
	return caller->role == ROLE_NONE ? -1 : 0;
}

static void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	close(c->fd);
	frame_reader_free(&c->reader);
	free(c->login);
	free(c);
}

/* Marks a client for dropping; indices stay valid until sweep_clients(). */
static void
kill_client(struct client *c, const char *why)
{
	if (c->dead == NULL)
		c->dead = xstrdup(why != NULL ? why : "");
}

static void presence_broadcast(struct server *s);

static void
sweep_clients(struct server *s)
{
	int i, was_viewing = 0;

	for (i = s->nclients - 1; i >= 0; i--) {
		struct client *c = s->clients[i];

		if (c->dead == NULL)
			continue;
		was_viewing |= c->viewing != 0;
		if (c->dead[0] != '\0')
			log_msg("client uid %lu pid %ld dropped: %s", (unsigned long)c->uid,
			    (long)c->pid, c->dead);
		free(c->dead);
		client_free(c);
		s->clients[i] = s->clients[--s->nclients];
		s->clients[s->nclients] = NULL;
		if (s->nclients == 0)
			s->idle_since = time(NULL);
	}
	if (was_viewing && !s->stopping)
		presence_broadcast(s);
}

static int
send_json(struct server *s, struct client *c, json_t *msg)
{
	size_t len;
	char *data = frame_encode(msg, s->max_frame, &len);
	int rc;

	if (data == NULL) {
		/* A result too big for one frame: say so rather than go silent. */
		json_t *e = json_pack("{s:O?,s:b,s:{s:s,s:s}}", "id", json_object_get(msg, "id"),
		    "ok", 0, "error", "code", OP_E_INTERNAL, "message",
		    _("the answer is too large to send"));

		data = frame_encode(e, s->max_frame, &len);
		json_decref(e);
		if (data == NULL)
			return -1;
	}
	rc = frame_write_all(c->fd, data, len, WRITE_TIMEOUT_MS);
	free(data);
	if (rc != 0) {
		char *why = xasprintf("cannot send to it: %s", strerror(errno));

		kill_client(c, why);
		free(why);
	}
	return rc;
}

static int
send_error(struct server *s, struct client *c, json_t *id, const char *code, const char *msg)
{
	json_t *e = json_pack("{s:O?,s:b,s:{s:s,s:s}}", "id", id, "ok", 0, "error",
	    "code", code, "message", msg);
	int rc = send_json(s, c, e);

	json_decref(e);
	return rc;
}

/* Tells every subscribed client, except the one that caused it. */
static void
broadcast(struct server *s, struct client *from, json_t *event)
{
	int i;

	for (i = 0; i < s->nclients; i++) {
		struct client *c = s->clients[i];

		if (c == from || !c->subscribed || c->dead != NULL)
			continue;
		send_json(s, c, event);
	}
}

/* {"42": [{"login": "jana", "session": 3}, ...], ...}: who has which
 * ticket open. */
static json_t *
presence_map(struct server *s)
{
	json_t *map = json_object();
	int i;

	for (i = 0; i < s->nclients; i++) {
		struct client *c = s->clients[i];
		char key[32];
		json_t *list;

		if (c->viewing == 0 || c->dead != NULL)
			continue;
		snprintf(key, sizeof key, "%lld", c->viewing);
		if ((list = json_object_get(map, key)) == NULL) {
			list = json_array();
			json_object_set_new(map, key, list);
		}
		json_array_append_new(list, json_pack("{s:s,s:I}", "login", c->login,
		    "session", (json_int_t)c->session));
	}
	return map;
}

static void
presence_broadcast(struct server *s)
{
	json_t *ev = json_pack("{s:s,s:o}", "event", "presence", "viewers", presence_map(s));

	broadcast(s, NULL, ev);
	json_decref(ev);
}

/* --- mail accounts ------------------------------------------------------ */

static const char SQL_IS_DEMO[] = "SELECT 1 FROM sources WHERE kind = 'demo' LIMIT 1";

static struct client *
client_by_session(struct server *s, long long session)
{
	int i;

	for (i = 0; i < s->nclients; i++)
		if (s->clients[i]->session == session && s->clients[i]->dead == NULL)
			return s->clients[i];
	return NULL;
}

static void
mail_event(struct server *s, const char *event, json_t *result)
{
	json_t *ev = json_pack("{s:s,s:s,s:o}", "event", event, "by", "server", "result", result);

	broadcast(s, NULL, ev);
	json_decref(ev);
}

/* Answers the waits that have heard from every account they asked. */
static void
fetch_flush(struct server *s)
{
	struct fetch_wait **pp = &s->waits, *w;

	while ((w = *pp) != NULL) {
		struct client *c;

		if (w->remaining > 0) {
			pp = &w->next;
			continue;
		}
		if ((c = client_by_session(s, w->session)) != NULL) {
			json_t *reply = json_pack("{s:O?,s:b,s:{s:O}}", "id", w->id, "ok", 1,
			    "result", "accounts", w->results);

			send_json(s, c, reply);
			json_decref(reply);
		}
		*pp = w->next;
		json_decref(w->id);
		json_decref(w->results);
		free(w);
	}
}

/* An account answered requests up to req (0: all of them, it failed). */
static void
fetch_answered(struct server *s, int slot, long long req, json_t *result)
{
	struct fetch_wait *w;

	for (w = s->waits; w != NULL; w = w->next)
		if (w->reqs[slot] != 0 && (req == 0 || w->reqs[slot] <= req)) {
			w->reqs[slot] = 0;
			w->remaining--;
			json_array_append(w->results, result);
		}
	fetch_flush(s);
}

static int
syncer_send(struct syncer_slot *y, json_t *msg)
{
	size_t len;
	char *data = frame_encode(msg, FRAME_MAX_DEFAULT, &len);
	int rc = data != NULL ? frame_write_all(y->fd, data, len, WRITE_TIMEOUT_MS) : -1;

	free(data);
	return rc;
}

static void
syncer_start(struct server *s, struct syncer_slot *y)
{
	y->pid = syncer_spawn(db_path(s->db), s->o->config_path, y->name, &y->fd);
	if (y->pid < 0) {
		log_msg("account %s: cannot start its fetcher: %s", y->name, strerror(errno));
		y->pid = 0;
		y->restart_at = time(NULL) + 30;
		return;
	}
	frame_reader_init(&y->reader, 1024 * 1024);
	log_msg("account %s: fetcher started (pid %ld)", y->name, (long)y->pid);
}

static int
is_demo(struct server *s)
{
	sqlite3_stmt *st;
	int demo = 0;

	if ((st = db_stmt(s->db, SQL_IS_DEMO)) != NULL) {
		demo = sqlite3_step(st) == SQLITE_ROW;
		db_done(st);
	}
	return demo;
}

static void
syncers_start(struct server *s)
{
	const struct config *cfg = s->o->cfg;
	int i;

	if (cfg == NULL || cfg->naccounts == 0)
		return;
	if (is_demo(s)) {
		log_msg("a demo database: the configured mail accounts are not fetched into it");
		return;
	}
	for (i = 0; i < cfg->naccounts && i < MAX_SYNCERS; i++) {
		struct syncer_slot *y = &s->syncers[s->nsyncers++];

		memset(y, 0, sizeof *y);
		y->name = cfg->accounts[i].name;
		y->idx = i;
		y->fd = -1;
		y->state = json_pack("{s:s,s:s,s:n,s:n,s:I}", "account", y->name, "state",
		    "starting", "error", "retry", "since", (json_int_t)time(NULL));
		syncer_start(s, y);
	}
}

static void
syncer_gone(struct server *s, struct syncer_slot *y, const char *why)
{
	json_t *res;
	char *msg = xasprintf(_("the fetcher of account %s stopped (%s); it restarts shortly"),
	    y->name, why);

	if (y->fd >= 0) {
		close(y->fd);
		y->fd = -1;
		frame_reader_free(&y->reader);
	}
	y->pid = 0;
	y->restarts++;
	y->restart_at = time(NULL) + (y->restarts < 6 ? 1 << y->restarts : 60);
	res = json_pack("{s:s,s:s,s:s}", "account", y->name, "state", "error", "error", msg);
	json_decref(y->state);
	y->state = json_incref(res);
	mail_event(s, "mail.state", json_incref(res));
	fetch_answered(s, (int)(y - s->syncers), 0, res);
	json_decref(res);
	free(msg);
}

static void
syncers_reap(struct server *s)
{
	int status, i;
	pid_t pid;
	time_t now = time(NULL);

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		json_t *ev;

		if (shopsync_reaped(&s->shops, s->db, pid, status, &ev)) {
			if (ev != NULL)
				broadcast(s, NULL, ev);
			json_decref(ev);
			continue;
		}
		for (i = 0; i < s->nsyncers; i++) {
			struct syncer_slot *y = &s->syncers[i];
			char why[64];

			if (y->pid != pid)
				continue;
			if (WIFSIGNALED(status))
				snprintf(why, sizeof why, "signal %d", WTERMSIG(status));
			else
				snprintf(why, sizeof why, "exit status %d", WEXITSTATUS(status));
			log_msg("account %s: fetcher %ld ended: %s", y->name, (long)pid, why);
			syncer_gone(s, y, why);
		}
	}
	for (i = 0; i < s->nsyncers && !s->stopping; i++)
		if (s->syncers[i].pid == 0 && now >= s->syncers[i].restart_at)
			syncer_start(s, &s->syncers[i]);
}

static void
syncer_read(struct server *s, struct syncer_slot *y)
{
	for (;;) {
		json_t *msg = NULL;
		char *err = NULL;
		enum frame_status st = frame_read(y->fd, &y->reader, &msg, &err);
		const char *type;

		if (st == FRAME_AGAIN)
			return;
		if (st != FRAME_OK) {
			free(err);
			/* It exited or broke the protocol: end it; the reaper
			 * restarts it. */
			if (y->pid > 0)
				kill(y->pid, SIGKILL);
			if (y->fd >= 0) {
				close(y->fd);
				y->fd = -1;
				frame_reader_free(&y->reader);
			}
			return;
		}
		type = json_string_value(json_object_get(msg, "type"));
		if (type != NULL && strcmp(type, "state") == 0) {
			json_t *res = json_pack("{s:s,s:O,s:O,s:O,s:I}", "account", y->name, "state",
			    json_object_get(msg, "state"), "error", json_object_get(msg, "error"),
			    "retry", json_object_get(msg, "retry"), "since", (json_int_t)time(NULL));

			if (res != NULL) {
				json_decref(y->state);
				y->state = json_incref(res);
				if (json_is_string(json_object_get(msg, "error")))
					log_msg("account %s: %s", y->name,
					    json_string_value(json_object_get(msg, "error")));
				mail_event(s, "mail.state", res);
				/* Only a fetcher that got as far as a sync has
				 * proven itself: a crash loop keeps backing off. */
				if (json_is_string(json_object_get(msg, "state")) &&
				    (strcmp(json_string_value(json_object_get(msg, "state")),
				    "idle") == 0 || strcmp(json_string_value(
				    json_object_get(msg, "state")), "polling") == 0))
					y->restarts = 0;
			}
		} else if (type != NULL && strcmp(type, "new") == 0) {
			json_object_set_new(msg, "account", json_string(y->name));
			json_object_del(msg, "type");
			mail_event(s, "mail.new", json_incref(msg));
		} else if (type != NULL && strcmp(type, "sent") == 0) {
			json_object_set_new(msg, "account", json_string(y->name));
			json_object_del(msg, "type");
			mail_event(s, "outbox.changed", json_incref(msg));
		} else if (type != NULL && strcmp(type, "synced") == 0) {
			json_t *reqs = json_object_get(msg, "reqs"), *r;
			long long top = 0;
			size_t i;

			json_array_foreach(reqs, i, r)
				if (json_integer_value(r) > top)
					top = json_integer_value(r);
			json_object_del(msg, "type");
			json_object_del(msg, "reqs");
			json_object_set_new(msg, "account", json_string(y->name));
			if (top > 0)
				fetch_answered(s, (int)(y - s->syncers), top, msg);
		}
		json_decref(msg);
	}
}

static void
syncers_stop(struct server *s)
{
	int i, n;

	for (i = 0; i < s->nsyncers; i++) {
		struct syncer_slot *y = &s->syncers[i];

		if (y->pid > 0)
			kill(y->pid, SIGTERM);
		if (y->fd >= 0) {
			close(y->fd);
			y->fd = -1;
			frame_reader_free(&y->reader);
		}
	}
	for (n = 0; n < 200; n++) {
		int left = 0;

		for (i = 0; i < s->nsyncers; i++)
			if (s->syncers[i].pid > 0) {
				if (waitpid(s->syncers[i].pid, NULL, WNOHANG) == s->syncers[i].pid)
					s->syncers[i].pid = 0;
				else
					left++;
			}
		if (left == 0)
			break;
		usleep(10000);
	}
	for (i = 0; i < s->nsyncers; i++) {
		if (s->syncers[i].pid > 0) {
			kill(s->syncers[i].pid, SIGKILL);
			waitpid(s->syncers[i].pid, NULL, 0);
		}
		json_decref(s->syncers[i].state);
	}
	while (s->waits != NULL) {
		struct fetch_wait *w = s->waits;

		s->waits = w->next;
		json_decref(w->id);
		json_decref(w->results);
		free(w);
	}
}

/* Asks every fetcher to deliver its outbox now; returns how many were asked. */
static int
outbox_flush(struct server *s)
{
	json_t *msg = json_pack("{s:s}", "op", "flush");
	int i, n = 0;

	for (i = 0; i < s->nsyncers; i++)
		if (s->syncers[i].fd >= 0 && syncer_send(&s->syncers[i], msg) == 0)
			n++;
	json_decref(msg);
	return n;
}

static json_t *
mail_status(struct server *s)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < s->nsyncers; i++)
		json_array_append(a, s->syncers[i].state);
	return json_pack("{s:o}", "accounts", a);
}

/* mail.fetch {"account": NAME?}: asks the fetchers to sync now; the answer
 * is sent when they have. Returns 0 when deferred. */
static int
mail_fetch(struct server *s, struct client *c, json_t *id, json_t *params, struct op_error *err)
{
	const char *want = json_string_value(json_object_get(params, "account"));
	struct fetch_wait *w;
	int i, found = 0;

	if (params != NULL && (json_object_size(params) > 1 ||
	    (json_object_size(params) == 1 && want == NULL))) {
		op_error_set(err, OP_E_INVALID, "%s",
		    _("mail.fetch: the only parameter is 'account' (a string)"));
		return -1;
	}
	if (s->nsyncers == 0) {
		op_error_set(err, OP_E_NOT_FOUND, "%s", s->o->cfg != NULL &&
		    s->o->cfg->naccounts > 0 ? _("this is a demo database: mail accounts are not "
		    "fetched into it") : _("no mail accounts are configured; add an account "
		    "block to the configuration (see aftercare(1))"));
		return -1;
	}
	w = xcalloc(1, sizeof *w);
	w->session = c->session;
	w->id = json_incref(id);
	w->results = json_array();
	for (i = 0; i < s->nsyncers; i++) {
		struct syncer_slot *y = &s->syncers[i];
		json_t *msg;

		if (want != NULL && strcmp(want, y->name) != 0)
			continue;
		found++;
		w->reqs[i] = ++s->next_req;
		w->remaining++;
		msg = json_pack("{s:s,s:I}", "op", "sync", "req", (json_int_t)w->reqs[i]);
		if (y->fd < 0 || syncer_send(y, msg) != 0) {
			json_t *res = json_pack("{s:s,s:s}", "account", y->name, "error",
			    _("the fetcher of this account is not running; it restarts shortly"));

			w->reqs[i] = 0;
			w->remaining--;
			json_array_append_new(w->results, res);
		}
		json_decref(msg);
	}
	if (found == 0) {
		op_error_set(err, OP_E_NOT_FOUND, _("no mail account is called '%s'"), want);
		json_decref(w->id);
		json_decref(w->results);
		free(w);
		return -1;
	}
	w->next = s->waits;
	s->waits = w;
	fetch_flush(s);
	return 0;
}

/* Operations the server answers itself rather than the operation table. */
static json_t *
builtin(struct server *s, struct client *c, const struct op_caller *caller,
    const char *op, int *handled, struct op_error *err)
{
	*handled = 1;
	if (strcmp(op, "server.hello") == 0)
		return json_pack("{s:s,s:s,s:s,s:I,s:s,s:I}", "version", PACKAGE_VERSION,
		    "login", caller->login, "role", role_name(caller->role),
		    "agent_id", (json_int_t)caller->agent_id, "database", db_path(s->db),
		    "session", (json_int_t)c->session);
	if (strcmp(op, "server.subscribe") == 0) {
		c->subscribed = 1;
		return json_pack("{s:o}", "viewers", presence_map(s));
	}
	if (strcmp(op, "server.viewing") == 0) {
		/* params were checked by the caller: {"ticket": N} */
		c->viewing = (long long)json_integer_value(json_object_get(c->pending_params,
		    "ticket"));
		presence_broadcast(s);
		return json_object();
	}
	if (strcmp(op, "mail.status") == 0)
		return mail_status(s);
	if (strcmp(op, "outbox.flush") == 0) {
		if (s->nsyncers == 0) {
			op_error_set(err, OP_E_NOT_FOUND, "%s", _("no mail accounts are configured, "
			    "so nothing can be sent"));
			return NULL;
		}
		return json_pack("{s:i}", "asked", outbox_flush(s));
	}
	if (strcmp(op, "server.stop") == 0) {
		if (caller->role < ROLE_ADMIN) {
			op_error_set(err, OP_E_FORBIDDEN, _("%s needs the %s role"), op,
			    role_name(ROLE_ADMIN));
			return NULL;
		}
		s->stopping = 1;
		log_msg("stop requested by %s", caller->login);
		return json_object();
	}
	*handled = 0;
	return NULL;
}

static void
handle_request(struct server *s, struct client *c, json_t *req)
{
	struct op_error err = { 0 };
	struct op_caller caller;
	const char *op;
	json_t *id, *params, *res, *reply;
	char *login = NULL;
	int handled;

	id = json_object_get(req, "id");
	op = json_string_value(json_object_get(req, "op"));
	params = json_object_get(req, "params");
	if (!json_is_object(req) || op == NULL || (params != NULL && !json_is_object(params) &&
	    !json_is_null(params))) {
		send_error(s, c, id, OP_E_INVALID,
		    _("a request is an object with \"op\" (a string) and \"params\" (an object)"));
		return;
	}
	if (resolve_caller(s, c, &caller, &login) != 0) {
		char *msg = xasprintf(_("the user %s is not an agent of this desk; an "
		    "administrator can add it with 'aftercare agent add %s'"), c->login, c->login);

		send_error(s, c, id, OP_E_FORBIDDEN, msg);
		free(msg);
		free(login);
		return;
	}
	if (json_is_null(params))
		params = NULL;
	if (strcmp(op, "server.viewing") == 0 &&
	    (!json_is_integer(json_object_get(params, "ticket")) ||
	    json_integer_value(json_object_get(params, "ticket")) < 0)) {
		send_error(s, c, id, OP_E_INVALID,
		    _("server.viewing: parameter 'ticket' must be a ticket number or 0"));
		free(login);
		return;
	}
	if (strcmp(op, "mail.fetch") == 0) {
		if (mail_fetch(s, c, id, params, &err) != 0) {
			send_error(s, c, id, err.code, err.message);
			op_error_clear(&err);
		}
		free(login);
		return;
	}
	c->pending_params = params;
	res = builtin(s, c, &caller, op, &handled, &err);
	c->pending_params = NULL;
	if (!handled) {
		struct op_ctx ctx = { s->db, &caller, s->o->cfg };

		res = ops_call(&ctx, op, params, &err);
		/* an agent opened a ticket: their orders may need reading again */
		if (res != NULL && strcmp(op, "ticket.show") == 0)
			shopsync_customer(&s->shops, s->db, (int64_t)json_integer_value(
			    json_object_get(json_object_get(res, "customer"), "id")), (time_t)clock_now());
		if (res != NULL && (strcmp(op, "ticket.reply") == 0 ||
		    strcmp(op, "outbox.retry") == 0))
			outbox_flush(s);
		if (res != NULL && ops_find(op)->flags & OP_WRITES) {
			json_t *ev = json_pack("{s:s,s:s,s:O}", "event", op, "by", caller.login,
			    "result", res);

			broadcast(s, c, ev);
			json_decref(ev);
		}
	}
	if (res != NULL) {
		reply = json_pack("{s:O?,s:b,s:o}", "id", id, "ok", 1, "result", res);
	} else {
		reply = json_pack("{s:O?,s:b,s:{s:s,s:s}}", "id", id, "ok", 0, "error",
		    "code", err.code, "message", err.message);
		if (strcmp(err.code, OP_E_DB) == 0 || strcmp(err.code, OP_E_INTERNAL) == 0)
			log_msg("%s by %s failed: %s", op, caller.login, err.message);
	}
	send_json(s, c, reply);
	json_decref(reply);
	op_error_clear(&err);
	free(login);
}

static void
accept_client(struct server *s)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	struct passwd *pw;
	struct client *c;
	int fd;

	fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno != EAGAIN && errno != EINTR)
			log_msg("accept: %s", strerror(errno));
		return;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		log_msg("SO_PEERCRED: %s", strerror(errno));
		close(fd);
		return;
	}
	if (s->nclients == MAX_CLIENTS) {
		log_msg("refusing uid %lu: %d clients already", (unsigned long)cred.uid, MAX_CLIENTS);
		close(fd);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->session = ++s->sessions;
	c->fd = fd;
	c->uid = cred.uid;
	c->pid = cred.pid;
	pw = getpwuid(cred.uid);
	c->login = pw != NULL ? xstrdup(pw->pw_name) : xasprintf("uid%lu", (unsigned long)cred.uid);
	frame_reader_init(&c->reader, s->max_frame);
	s->clients[s->nclients++] = c;
}

/* Reads and answers every complete request a client has sent. */
static void
serve_client(struct server *s, struct client *c)
{
	while (c->dead == NULL) {
		json_t *req = NULL;
		char *err = NULL;
		enum frame_status st = frame_read(c->fd, &c->reader, &req, &err);

		if (st == FRAME_AGAIN)
			return;
		if (st == FRAME_EOF) {
			kill_client(c, NULL);
			return;
		}
		if (st == FRAME_ERROR) {
			/* Answer if the socket still takes it; the stream cannot be
			 * resynchronised after a bad frame, so the connection ends. */
			kill_client(c, err);
			send_error(s, c, NULL, OP_E_INVALID, err);
			free(err);
			return;
		}
		handle_request(s, c, req);
		json_decref(req);
		if (s->stopping)
			return;
	}
}

static int
listen_on(struct server *s, const char *path, char **err)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		*err = xasprintf(_("the socket path %s is too long"), path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = xasprintf(_("cannot create a socket: %s"), strerror(errno));
		return -1;
	}
	/* We hold the lock, so a socket file left here is from a dead server. */
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0 || listen(fd, 64) != 0) {
		*err = xasprintf(_("cannot listen on %s: %s"), path, strerror(errno));
		close(fd);
		return -1;
	}
	/* Who may connect is decided by the directory's permissions and by
	 * the peer credentials, not by the socket's own mode. */
	chmod(path, 0666);
	s->listen_fd = fd;
	return 0;
}

/* One server per socket: an exclusive lock on SOCKET.lock, held for life. */
static int
take_lock(const char *sock, const char *db, char **err)
{
	char *path = xasprintf("%s.lock", sock);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0) {
		*err = xasprintf(_("cannot create %s: %s"), path, strerror(errno));
	} else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		*err = xasprintf(_("a server is already running for %s"), db);
		close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

static void
write_pid(const char *sock)
{
	char *path = xasprintf("%s.pid", sock);
	FILE *fp = fopen(path, "w");

	if (fp != NULL) {
		fprintf(fp, "%ld\n", (long)getpid());
		fclose(fp);
	}
	free(path);
}

static int
detach(const char *sock)
{
	char *dir = paths_state_dir(), *logpath;
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);  /* the socket already listens: the caller may connect */
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	logpath = dir != NULL && paths_mkdir_p(dir) == 0 ?
	    xasprintf("%s/server.log", dir) : xstrdup("/dev/null");
	fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd >= 0) {
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	free(logpath);
	free(dir);
	(void)sock;
	return 0;
}

static void
cleanup(struct server *s, const char *sock)
{
	char *pid = xasprintf("%s.pid", sock);
	int i;

	for (i = 0; i < s->nclients; i++)
		kill_client(s->clients[i], NULL);
	sweep_clients(s);
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(sock);
	}
	unlink(pid);
	free(pid);
	db_close(&s->db);
}

int
server_run(const struct server_opts *o, char **err)
{
	struct server s;
	struct sigaction sa;
	struct stat sb;
	struct db *probe = NULL;
	int lock_fd = -1, rc = -1;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.listen_fd = -1;
	s.max_frame = o->max_frame != 0 ? o->max_frame : FRAME_MAX_DEFAULT;
	/* Check the database before anything else so that a bad one is reported
	 * to the user who started us, and is never touched. */
	if (db_open(o->db_path, DB_OPEN_EXISTING, &probe, err) != 0)
		return -1;
	db_close(&probe);
	if (stat(o->db_path, &sb) != 0) {
		*err = xasprintf(_("cannot open %s: %s"), o->db_path, strerror(errno));
		return -1;
	}
	s.owner = sb.st_uid;
	if (paths_mkdir_parent(o->socket_path) != 0) {
		*err = xasprintf(_("cannot create the directory for %s: %s"), o->socket_path,
		    strerror(errno));
		return -1;
	}
	if ((lock_fd = take_lock(o->socket_path, o->db_path, err)) < 0)
		return -1;
	/* Handlers before the socket exists: whoever sees the socket may
	 * already ask us to stop, and must get a clean stop. */
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		*err = xasprintf(_("cannot create a pipe: %s"), strerror(errno));
		goto out;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (listen_on(&s, o->socket_path, err) != 0)
		goto out;
	if (!o->foreground && detach(o->socket_path) != 0) {
		*err = xasprintf(_("cannot start in the background: %s"), strerror(errno));
		goto out;
	}
	/* Opened after fork(): a SQLite connection must not cross it. */
	if (db_open(o->db_path, DB_OPEN_EXISTING, &s.db, err) != 0)
		goto out;
	write_pid(o->socket_path);
	log_msg("serving %s on %s", o->db_path, o->socket_path);
	s.idle_since = time(NULL);
	syncers_start(&s);
	shopsync_init(&s.shops, o->cfg, db_path(s.db), o->config_path, is_demo(&s));

	while (!s.stopping) {
		struct pollfd pfd[MAX_CLIENTS + 2 + MAX_SYNCERS];
		int i, n = 0, timeout = -1, first_syncer, nsync = 0, sync_slot[MAX_SYNCERS];

		pfd[n].fd = s.listen_fd;
		pfd[n++].events = POLLIN;
		pfd[n].fd = sig_pipe[0];
		pfd[n++].events = POLLIN;
		for (i = 0; i < s.nclients; i++) {
			pfd[n].fd = s.clients[i]->fd;
			pfd[n++].events = POLLIN;
		}
		first_syncer = n;
		for (i = 0; i < s.nsyncers; i++)
			if (s.syncers[i].fd >= 0) {
				sync_slot[nsync++] = i;
				pfd[n].fd = s.syncers[i].fd;
				pfd[n++].events = POLLIN;
			}
		/* Wake every second: other writers, idle exit. */
		timeout = 1000;
		if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR) {
			log_msg("poll: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents & POLLIN) {
			char sig;

			while (read(sig_pipe[0], &sig, 1) == 1)
				log_msg("signal %d: stopping", sig);
			break;
		}
		for (i = 0; i < s.nclients && !s.stopping; i++) {
			short re = pfd[2 + i].revents;

			if (re & POLLIN)
				serve_client(&s, s.clients[i]);
			else if (re & (POLLHUP | POLLERR | POLLNVAL))
				kill_client(s.clients[i], NULL);
		}
		sweep_clients(&s);
		for (i = 0; i < nsync && !s.stopping; i++)
			if (pfd[first_syncer + i].revents != 0 && s.syncers[sync_slot[i]].fd >= 0)
				syncer_read(&s, &s.syncers[sync_slot[i]]);
		syncers_reap(&s);
		shopsync_tick(&s.shops, time(NULL));
		sweep_clients(&s);
		if (pfd[0].revents & POLLIN)
			accept_client(&s);
		watch_other_writers(&s);
		sweep_clients(&s);
		/* With mail to fetch the server stays: idle exit is for servers
		 * that only serve clients. */
		if (o->idle_exit > 0 && s.nclients == 0 && s.nsyncers == 0 && s.shops.nstores == 0 &&
		    time(NULL) - s.idle_since >= o->idle_exit) {
			log_msg("no clients for %d s: stopping", o->idle_exit);
			break;
		}
	}
	rc = 0;
out:
	shopsync_stop(&s.shops);
	syncers_stop(&s);
	cleanup(&s, o->socket_path);
	if (sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
		sig_pipe[0] = sig_pipe[1] = -1;
	}
	if (lock_fd >= 0)
		close(lock_fd);
	return rc;
}
