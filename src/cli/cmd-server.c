/* cmd-server.c: `server`, `server stop`, `agent add` and `agent list`. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "server/server.h"
#include "server/syncer.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/xmalloc.h"

enum { OPT_SOCKET = 256, OPT_FOREGROUND, OPT_IDLE, OPT_ROLE, OPT_NAME, OPT_JSON, OPT_FETCHER,
	OPT_PARENT };

int
cmd_server(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, OPT_SOCKET },
		{ "foreground", no_argument, NULL, OPT_FOREGROUND },
		{ "idle-exit", required_argument, NULL, OPT_IDLE },
		/* internal: the server starts its mail fetchers this way */
		{ "fetcher", required_argument, NULL, OPT_FETCHER },
		{ "parent", required_argument, NULL, OPT_PARENT },
		{ NULL, 0, NULL, 0 },
	};
	struct server_opts o = { NULL, cli->socket_path, 0, 0, 0, cli->cfg, cli->config_file };
	char *db = NULL, *sock = NULL, *err = NULL;
	const char *fetcher = NULL;
	long long parent = 0;
	long long v;
	int ch, rc;

	optind = 0; /* 0, not 1: makes GNU getopt start afresh */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_SOCKET:
			o.socket_path = optarg;
			break;
		case OPT_FOREGROUND:
			o.foreground = 1;
			break;
		case OPT_IDLE:
			if ((v = cli_parse_count(optarg, 86400 * 365)) < 0)
				return cli_usage_error(cmd,
				    _("--idle-exit needs a number of seconds, not '%s'"), optarg);
			o.idle_exit = (int)v;
			break;
		case OPT_FETCHER:
			fetcher = optarg;
			break;
		case OPT_PARENT:
			parent = cli_parse_count(optarg, 1LL << 40);
			break;
		default:
			return cli_usage_error(cmd, _("unknown or incomplete option '%s'"),
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((db = paths_db(cli->db_arg)) == NULL) {
		cli_error("%s", _("cannot work out where the database is: pass --db PATH"));
		return EXIT_FAIL;
	}
	if (o.socket_path == NULL && (o.socket_path = sock = paths_socket(db)) == NULL) {
		cli_error(_("the path of %s is too long for a server socket; use --socket PATH"), db);
		free(db);
		return EXIT_FAIL;
	}
	if (fetcher != NULL)
		syncer_main(db, cli->cfg, fetcher, (pid_t)parent);
	o.db_path = db;
	if (sock != NULL && (paths_mkdir_parent(sock) != 0 || paths_private_parent_ok(sock) != 0)) {
		cli_error(_("the socket directory for %s is not private to you (it must be "
		    "yours and mode 0700); use --socket PATH"), sock);
		free(sock);
		free(db);
		return EXIT_FAIL;
	}
	rc = server_run(&o, &err);
	if (rc != 0) {
		cli_error("%s", err);
		free(err);
	}
	free(sock);
	free(db);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* The server holds SOCKET.lock for its whole life: once we can take the
 * lock, it has finished. */
/* The pid in SOCK.pid, or 0. Read before asking the server to stop: it
 * removes the file on its way out. */
static pid_t
server_pid(const char *sock)
{
	char *path = xasprintf("%s.pid", sock), buf[32];
	FILE *f = fopen(path, "re");
	long v = 0;

	if (f != NULL) {
		if (fgets(buf, sizeof buf, f) != NULL)
			v = strtol(buf, NULL, 10);
		fclose(f);
	}
	free(path);
	return v > 1 ? (pid_t)v : 0;
}

/* True while PID runs: a zombie (its parent has not reaped it yet, as with a
 * container's PID 1) no longer does. */
static int
pid_running(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	int running;

	if (kill(pid, 0) != 0 && errno == ESRCH)
		return 0;
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return errno != ENOENT;
	running = fgets(buf, sizeof buf, f) != NULL && (p = strrchr(buf, ')')) != NULL ?
	    p[1] != ' ' || (p[2] != 'Z' && p[2] != 'X') : 1;
	fclose(f);
	return running;
}

/* Waits (up to 5 s) until the server has let go of its lock and, when its
 * pid is known, until the process itself has ended: "has stopped" means the
 * database is closed and nothing of the server is left. */
static void
wait_server_gone(const char *sock, pid_t pid)
{
	char *path = xasprintf("%s.lock", sock);
	int fd = open(path, O_RDWR | O_CLOEXEC), i = 0;

	for (; fd >= 0 && i < 1000; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		usleep(5000);
	}
	if (fd >= 0)
		close(fd);
	for (; pid > 0 && i < 1000 && pid_running(pid); i++)
		usleep(5000);
	free(path);
}

void
cli_stop_server(struct cli *cli, const char *db_path)
{
	char *sock = cli->socket_path != NULL ? xstrdup(cli->socket_path) : paths_socket(db_path);
	char *err = NULL;
	struct op_error oe = { 0 };
	struct client *c;
	pid_t pid;
	json_t *res;

	if (sock == NULL || access(sock, F_OK) != 0) {
		free(sock);
		return;
	}
	/* Connect only to a running server: never start one to stop it. */
	pid = server_pid(sock);
	c = client_open(db_path, sock, 0, &err);
	free(err);
	if (c != NULL) {
		res = client_call(c, "server.stop", NULL, &oe);
		json_decref(res);
		op_error_clear(&oe);
		client_close(&c);
	}
	wait_server_gone(sock, pid);
	free(sock);
}

int
cmd_server_stop(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	char *db, *sock, *err = NULL;
	struct client *c;
	pid_t pid;
	json_t *res;
	int code = EXIT_OK;

	if (argc > 1)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[1]);
	if ((db = paths_db(cli->db_arg)) == NULL) {
		cli_error("%s", _("cannot work out where the database is: pass --db PATH"));
		return EXIT_FAIL;
	}
	sock = cli->socket_path != NULL ? xstrdup(cli->socket_path) : paths_socket(db);
	if (sock == NULL || access(sock, F_OK) != 0) {
		printf(_("No server is running for %s.\n"), db);
		goto out;
	}
	if ((c = client_open(db, sock, 0, &err)) == NULL) {
		cli_error("%s", err);
		free(err);
		code = EXIT_FAIL;
		goto out;
	}
	pid = server_pid(sock);
	if ((res = cli_call(c, "server.stop", NULL, &code)) != NULL) {
		json_decref(res);
		wait_server_gone(sock, pid);
		printf(_("The server of %s has stopped.\n"), db);
	}
	client_close(&c);
out:
	free(sock);
	free(db);
	return code;
}

int
cmd_agent_add(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "name", required_argument, NULL, OPT_NAME },
		{ NULL, 0, NULL, 0 },
	};
	json_t *params = json_object(), *res;
	struct client *c;
	int ch, code = EXIT_OK;

	optind = 0; /* 0, not 1: makes GNU getopt start afresh */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if ((ch != OPT_ROLE && ch != OPT_NAME) ||
		    cli_set_str(params, ch == OPT_ROLE ? "role" : "name", optarg) != 0) {
			json_decref(params);
			return cli_usage_error(cmd, _("unknown, incomplete or invalid option '%s'"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1 || cli_set_str(params, "login", argv[optind]) != 0) {
		json_decref(params);
		return cli_usage_error(cmd, "%s", _("give exactly one login"));
	}
	if ((c = cli_client(cli, 0)) == NULL) {
		json_decref(params);
		return EXIT_FAIL;
	}
	if ((res = cli_call(c, "agent.add", params, &code)) != NULL) {
		/* Server text, like customer text, is sanitised before printing. */
		char *login = text_sanitize(js(res, "login"), strlen(js(res, "login")), TEXT_LINE,
		    NULL);

		printf(_("%s is now an agent with the role %s.\n"), login, out_label(js(res, "role")));
		free(login);
		json_decref(res);
	}
	json_decref(params);
	client_close(&c);
	return code;
}

int
cmd_agent_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *res, *a;
	struct client *c;
	int code = EXIT_OK, json = 0;
	size_t i;

	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		json = 1;
	else if (argc > 1)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[1]);
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	if ((res = cli_call(c, "agent.list", NULL, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			json_array_foreach(json_object_get(res, "agents"), i, a) {
				out_cell(js(a, "login"), 16, 0);
				putchar(' ');
				out_cell(js(a, "role"), 6, 0);
				putchar(' ');
				out_text(js(a, "name"));
				putchar('\n');
			}
		}
		json_decref(res);
	}
	client_close(&c);
	return code;
}
