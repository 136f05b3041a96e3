/* client.c: the two ways to reach the operation table. In-process, the user
 * who owns the database file is its administrator; through the server, the
 * server decides who the caller is from the socket's peer credentials. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/client.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/frame.h"
#include "util/i18n.h"
#include "util/selfexec.h"
#include "util/paths.h"
#include "util/xmalloc.h"

#define CALL_TIMEOUT_MS 60000
/* An auto-started server exits after this long without clients. */
#define AUTOSTART_IDLE "600"

extern char **environ;

struct client {
	struct db *db; /* local */
	struct op_caller caller;
	char *login;
	int fd;        /* remote */
	struct frame_reader reader;
	json_int_t next_id;
	json_t *events;  /* received while waiting for an answer, or pumped */
	int call_timeout_ms;
};

static const char *config_path;
static const struct config *config;

void
client_set_config(const struct config *cfg)
{
	config = cfg;
}

void
client_set_config_path(const char *path)
{
	config_path = path;
}

void
client_set_call_timeout(struct client *c, int ms)
{
	c->call_timeout_ms = ms;
}

static const char SQL_AGENT_BY_UID[] = "SELECT id, role FROM agents WHERE uid = ?1 AND active = 1";

static void
identify_local(struct client *c)
{
	struct passwd *pw = getpwuid(getuid());
	struct stat sb;
	sqlite3_stmt *st;

	c->login = xstrdup(pw != NULL ? pw->pw_name : "?");
	c->caller.login = c->login;
	c->caller.role = ROLE_NONE;
	if (stat(db_path(c->db), &sb) == 0 && sb.st_uid == getuid())
		c->caller.role = ROLE_ADMIN;
	if ((st = db_stmt(c->db, SQL_AGENT_BY_UID)) != NULL) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)getuid());
		if (sqlite3_step(st) == SQLITE_ROW) {
			enum role r = role_from_name(db_col_text(st, 1));

			c->caller.agent_id = sqlite3_column_int64(st, 0);
			if (r > c->caller.role)
				c->caller.role = r;
		}
		db_done(st);
	}
}

static struct client *
open_local(const char *db_path, int flags, char **err)
{
	struct client *c;
	struct db *db;

	if (db_open(db_path, (flags & CLIENT_CREATE) ? DB_OPEN_CREATE : DB_OPEN_EXISTING,
	    &db, err) != 0)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->db = db;
	c->fd = -1;
	identify_local(c);
	return c;
}

static int
connect_to(const char *path)
{
	struct sockaddr_un sun;
	int fd, saved;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

/* Starts `aftercare --db DB server --socket S` in the background and waits
 * until it listens (its first process exits then). What it says on stderr
 * becomes *err when it fails, so the user sees the real reason once. */
static int
start_server(const char *db_path, const char *sock, char **err)
{
	struct self_argv a;
	posix_spawn_file_actions_t fa;
	struct buf out;
	int pipefd[2], status;
	pid_t pid;
	char chunk[512];
	ssize_t n;

	if (self_argv_init(&a, config_path, db_path) != 0) {
		*err = xasprintf(_("cannot find the aftercare program to start a server: %s"),
		    strerror(errno));
		return -1;
	}
	self_argv_add(&a, "--socket");
	self_argv_add(&a, sock);
	self_argv_add(&a, "--idle-exit");
	self_argv_add(&a, AUTOSTART_IDLE);
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		*err = xasprintf(_("cannot start the server: %s"), strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	status = posix_spawn(&pid, a.exe, &fa, NULL, a.argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (status != 0) {
		close(pipefd[0]);
		*err = xasprintf(_("cannot start the server: %s"), strerror(status));
		return -1;
	}
	buf_init(&out, 4096);
	while ((n = read(pipefd[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			buf_add(&out, chunk, (size_t)n);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		buf_free(&out);
		return 0;
	}
	{
		/* "aftercare: reason\n" -> "reason" */
		const char *msg = buf_str(&out);
		size_t len;

		if (strncmp(msg, "aftercare: ", 11) == 0)
			msg += 11;
		len = strcspn(msg, "\n");
		*err = len > 0 ? xstrndup(msg, len) : xstrdup(_("the server did not start"));
	}
	buf_free(&out);
	return -1;
}

static int
owns(const char *path)
{
	struct stat sb;

	/* A missing file: starting the server reports that properly. */
	return stat(path, &sb) != 0 || sb.st_uid == getuid();
}

static struct client *
open_remote(const char *db_path, const char *socket_path, char **err)
{
	char *sock = socket_path != NULL ? xstrdup(socket_path) : paths_socket(db_path);
	struct client *c = NULL;
	int fd;

	if (sock == NULL) {
		*err = xasprintf(_("the path of %s is too long for a server socket; use "
		    "--socket PATH or --no-server"), db_path);
		return NULL;
	}
	/* The default socket lives in a directory only we may write to;
	 * anything else could be someone posing as the server. */
	if (socket_path == NULL && (paths_mkdir_parent(sock) != 0 ||
	    paths_private_parent_ok(sock) != 0)) {
		*err = xasprintf(_("the socket directory for %s is not private to you (it must "
		    "be yours and mode 0700); use --socket PATH"), sock);
		goto out;
	}
	fd = connect_to(sock);
	if (fd < 0 && (errno == ENOENT || errno == ECONNREFUSED)) {
		if (!owns(db_path)) {
			*err = xasprintf(_("no server is running for %s; its owner can start "
			    "one with 'aftercare server'"), db_path);
			goto out;
		}
		if (start_server(db_path, sock, err) != 0)
			goto out;
		fd = connect_to(sock);
	}
	if (fd < 0) {
		*err = xasprintf(_("cannot connect to the server at %s: %s"), sock, strerror(errno));
		goto out;
	}
	c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->next_id = 1;
	c->events = json_array();
	frame_reader_init(&c->reader, FRAME_MAX_DEFAULT);
out:
	free(sock);
	return c;
}

struct client *
client_open(const char *db_path, const char *socket_path, int flags, char **err)
{
	*err = NULL;
	if (flags & (CLIENT_LOCAL | CLIENT_CREATE))
		return open_local(db_path, flags, err);
	return open_remote(db_path, socket_path, err);
}

static json_t *
call_remote(struct client *c, const char *name, json_t *params, struct op_error *err)
{
	json_int_t id = c->next_id++;
	json_t *req = json_pack("{s:I,s:s,s:O?}", "id", id, "op", name, "params", params);
	json_t *reply = NULL, *res;
	size_t len;
	char *data = frame_encode(req, FRAME_MAX_DEFAULT, &len), *msg = NULL;

	json_decref(req);
	if (data == NULL) {
		op_error_set(err, OP_E_INVALID, _("the request is too large"));
		return NULL;
	}
	if (frame_write_all(c->fd, data, len, CALL_TIMEOUT_MS) != 0) {
		free(data);
		op_error_set(err, OP_E_INTERNAL, _("cannot talk to the server: %s"), strerror(errno));
		return NULL;
	}
	free(data);
	/* Skip events and stray answers until ours arrives. */
	for (;;) {
		enum frame_status st = frame_recv(c->fd, &c->reader,
		    c->call_timeout_ms > 0 ? c->call_timeout_ms : CALL_TIMEOUT_MS, &reply, &msg);

		if (st != FRAME_OK) {
			op_error_set(err, OP_E_INTERNAL, _("lost the connection to the server: %s"),
			    msg != NULL ? msg : _("it closed the connection"));
			free(msg);
			return NULL;
		}
		if (json_integer_value(json_object_get(reply, "id")) == id)
			break;
		if (json_object_get(reply, "event") != NULL)
			json_array_append(c->events, reply);
		json_decref(reply);
	}
	if (json_is_true(json_object_get(reply, "ok"))) {
		res = json_incref(json_object_get(reply, "result"));
	} else {
		json_t *e = json_object_get(reply, "error");
		const char *code = json_string_value(json_object_get(e, "code"));
		const char *text = json_string_value(json_object_get(e, "message"));
		static const char *const codes[] = { OP_E_INVALID, OP_E_NOT_FOUND, OP_E_FORBIDDEN,
		    OP_E_UNKNOWN, OP_E_CONFLICT, OP_E_DB, NULL };
		const char *known = OP_E_INTERNAL;
		int i;

		/* Map to our own constants: err->code is compared by callers. */
		for (i = 0; code != NULL && codes[i] != NULL; i++)
			if (strcmp(code, codes[i]) == 0)
				known = codes[i];
		op_error_set(err, known, "%s", text != NULL ? text : _("the server gave no reason"));
		res = NULL;
	}
	json_decref(reply);
	return res;
}

json_t *
client_call(struct client *c, const char *name, json_t *params, struct op_error *err)
{
	struct op_ctx ctx;

	op_error_clear(err);
	if (c->fd >= 0)
		return call_remote(c, name, params, err);
	ctx.db = c->db;
	ctx.caller = &c->caller;
	ctx.cfg = config;
	return ops_call(&ctx, name, params, err);
}

int
client_fd(struct client *c)
{
	return c->fd;
}

int
client_pump(struct client *c)
{
	for (;;) {
		json_t *v = NULL;
		char *msg = NULL;
		enum frame_status st;

		if (c->fd < 0)
			return 0;
		st = frame_read(c->fd, &c->reader, &v, &msg);
		free(msg);
		if (st == FRAME_AGAIN)
			return 0;
		if (st != FRAME_OK)
			return -1;
		if (json_object_get(v, "event") != NULL)
			json_array_append(c->events, v);
		json_decref(v);
	}
}

json_t *
client_next_event(struct client *c)
{
	json_t *v;

	if (c->events == NULL || json_array_size(c->events) == 0)
		return NULL;
	v = json_incref(json_array_get(c->events, 0));
	json_array_remove(c->events, 0);
	return v;
}

struct db *
client_db(struct client *c)
{
	return c->db;
}

void
client_close(struct client **cp)
{
	struct client *c = *cp;

	if (c == NULL)
		return;
	if (c->fd >= 0) {
		close(c->fd);
		frame_reader_free(&c->reader);
	}
	json_decref(c->events);
	db_close(&c->db);
	free(c->login);
	free(c);
	*cp = NULL;
}
