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
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "ops/ops.h"
#include "server/server.h"
#include "util/frame.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/paths.h"
#include "util/xmalloc.h"

#define MAX_CLIENTS 256

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

struct server {
	const struct server_opts *o;
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
	c->pending_params = params;
	res = builtin(s, c, &caller, op, &handled, &err);
	c->pending_params = NULL;
	if (!handled) {
		struct op_ctx ctx = { s->db, &caller };

		res = ops_call(&ctx, op, params, &err);
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

	while (!s.stopping) {
		struct pollfd pfd[MAX_CLIENTS + 2];
		int i, n = 0, timeout = -1;

		pfd[n].fd = s.listen_fd;
		pfd[n++].events = POLLIN;
		pfd[n].fd = sig_pipe[0];
		pfd[n++].events = POLLIN;
		for (i = 0; i < s.nclients; i++) {
			pfd[n].fd = s.clients[i]->fd;
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
		if (pfd[0].revents & POLLIN)
			accept_client(&s);
		watch_other_writers(&s);
		sweep_clients(&s);
		if (o->idle_exit > 0 && s.nclients == 0 &&
		    time(NULL) - s.idle_since >= o->idle_exit) {
			log_msg("no clients for %d s: stopping", o->idle_exit);
			break;
		}
	}
	rc = 0;
out:
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
