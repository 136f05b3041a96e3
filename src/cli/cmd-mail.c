/* cmd-mail.c: `fetch`: ask the server's mail fetchers to sync now and say
 * what arrived, or (--status) how each account is doing; `attachment save`. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "client/save.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define FETCH_TIMEOUT_MS (15 * 60 * 1000)

static void
print_tickets(json_t *tickets)
{
	json_t *t;
	size_t i;

	json_array_foreach(tickets, i, t) {
		if (i == 20) {
			printf(" …");
			break;
		}
		printf(" #%lld", (long long)json_integer_value(t));
	}
}

static int
print_fetch(json_t *res)
{
	json_t *a;
	size_t i;
	int failed = 0;

	json_array_foreach(json_object_get(res, "accounts"), i, a) {
		out_text(js(a, "account"));
		printf(": ");
		if (!jnull(a, "error")) {
			printf("%s ", _("error:"));
			out_text(js(a, "error"));
			failed = 1;
		} else if (ji(a, "messages") == 0) {
			printf("%s", _("no new mail"));
		} else {
			printf(ngettext("%lld new message", "%lld new messages",
			    (unsigned long)ji(a, "messages")), (long long)ji(a, "messages"));
			printf(", ");
			printf(ngettext("%lld new ticket", "%lld new tickets",
			    (unsigned long)ji(a, "new_tickets")), (long long)ji(a, "new_tickets"));
			printf(":");
			print_tickets(json_object_get(a, "tickets"));
		}
		printf("\n");
	}
	return failed;
}

static void
print_status(json_t *res)
{
	json_t *a;
	size_t i;

	if (json_array_size(json_object_get(res, "accounts")) == 0)
		printf("%s\n", _("No mail accounts are fetched by this server."));
	json_array_foreach(json_object_get(res, "accounts"), i, a) {
		char *when = format_time(ji(a, "since"));

		out_text(js(a, "account"));
		printf(": ");
		out_text(out_label(js(a, "state")));
		printf(" (%s %s)", _("since"), when);
		free(when);
		if (!jnull(a, "error")) {
			printf(": ");
			out_text(js(a, "error"));
		}
		printf("\n");
	}
}

int
cmd_fetch(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *account = NULL;
	json_t *params, *res;
	struct client *c;
	int json = 0, status = 0, code = EXIT_OK, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--status") == 0)
			status = 1;
		else if (argv[i][0] == '-' || account != NULL)
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
		else
			account = argv[i];
	}
	if (status && account != NULL)
		return cli_usage_error(cmd, "%s", _("--status takes no account name"));
	if (cli->no_server) {
		cli_error("%s", _("mail is fetched by the server: 'fetch' cannot run with "
		    "--no-server"));
		return EXIT_FAIL;
	}
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	if (client_fd(c) < 0) {
		cli_error("%s", _("mail is fetched by the server, and none could be reached"));
		client_close(&c);
		return EXIT_FAIL;
	}
	client_set_call_timeout(c, FETCH_TIMEOUT_MS);
	params = json_object();
	if (account != NULL && cli_set_str(params, "account", account) != 0) {
		json_decref(params);
		client_close(&c);
		return cli_usage_error(cmd, "%s", _("the account name is not valid UTF-8"));
	}
	res = cli_call(c, status ? "mail.status" : "mail.fetch",
	    json_object_size(params) > 0 ? params : NULL, &code);
	json_decref(params);
	if (res != NULL) {
		if (json)
			cli_print_json(res);
		else if (status)
			print_status(res);
		else if (print_fetch(res))
			code = EXIT_FAIL;
		if (json && !status) {
			json_t *a;
			size_t k;

			json_array_foreach(json_object_get(res, "accounts"), k, a)
				if (!jnull(a, "error"))
					code = EXIT_FAIL;
		}
		json_decref(res);
	}
	client_close(&c);
	return code;
}

int
cmd_attachment_save(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *dir_arg = NULL;
	char *dir, *path, *err = NULL;
	struct client *c;
	long long id = -1;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir_arg = argv[++i];
		else if (id < 0 && argv[i][0] != '-' && (id = cli_parse_count(argv[i], INT64_MAX)) > 0)
			continue;
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if (id <= 0)
		return cli_usage_error(cmd, "%s", _("give the number of the attachment (see "
		    "'ticket show N --json')"));
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	dir = dir_arg != NULL ? xstrdup(dir_arg) : save_default_dir();
	path = save_attachment(c, id, dir, &err);
	client_close(&c);
	free(dir);
	if (path == NULL) {
		cli_error("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	out_text(path);
	printf("\n");
	free(path);
	return EXIT_OK;
}

int
cmd_message_raw(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *out = NULL;
	struct client *c;
	char *err = NULL;
	long long id = -1;
	int i, fd, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (id < 0 && argv[i][0] != '-' && (id = cli_parse_count(argv[i], INT64_MAX)) > 0)
			continue;
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if (id <= 0)
		return cli_usage_error(cmd, "%s", _("give the number of the message (see "
		    "'ticket show N --json')"));
	/* Customer bytes could drive the terminal: a file or a pipe only. */
	if (out == NULL && isatty(STDOUT_FILENO)) {
		cli_error("%s", _("standard output is a terminal and the message may contain "
		    "control characters: redirect it to a file or use --out FILE"));
		return EXIT_USAGE;
	}
	if (out != NULL && (fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		cli_error(_("cannot create %s: %s"), out, strerror(errno));
		return EXIT_FAIL;
	}
	if (out == NULL)
		fd = STDOUT_FILENO;
	if ((c = cli_client(cli, 0)) == NULL) {
		if (out != NULL) {
			close(fd);
			unlink(out);
		}
		return EXIT_FAIL;
	}
	rc = save_raw_message(c, id, fd, out != NULL ? out : _("standard output"), &err);
	client_close(&c);
	if (out != NULL && rc == 0 && (fsync(fd) != 0 || close(fd) != 0)) {
		err = xasprintf(_("cannot write %s: %s"), out, strerror(errno));
		rc = -1;
		fd = -1;
	}
	if (rc != 0) {
		if (out != NULL) {
			if (fd >= 0)
				close(fd);
			unlink(out);
		}
		cli_error("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
