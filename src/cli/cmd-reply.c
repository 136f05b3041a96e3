/* cmd-reply.c: `reply N` (from a template, a file or stdin; or an internal
 * note) and `outbox`, `outbox flush|retry|cancel`. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "util/buf.h"
#include "util/format.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/xmalloc.h"

#define BODY_MAX (256 * 1024)

static char *
read_body(const char *path, char **err)
{
	size_t len;

	return file_read(path, BODY_MAX, &len, err);
}

int
cmd_reply(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *tmpl = NULL, *file = NULL, *account = NULL;
	long long id = -1;
	int note = 0, json = 0, draft = 0, code = EXIT_OK, i;
	char *body = NULL, *err = NULL;
	struct client *c;
	json_t *p, *res;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--template") == 0 && i + 1 < argc)
			tmpl = argv[++i];
		else if (strcmp(argv[i], "--body-file") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (strcmp(argv[i], "--account") == 0 && i + 1 < argc)
			account = argv[++i];
		else if (strcmp(argv[i], "--note") == 0)
			note = 1;
		else if (strcmp(argv[i], "--draft") == 0)
			draft = 1;
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (id < 0 && argv[i][0] != '-' &&
		    (id = cli_parse_count(argv[i][0] == '#' ? argv[i] + 1 : argv[i], INT64_MAX)) > 0)
			continue;
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if (id <= 0)
		return cli_usage_error(cmd, "%s", _("give the ticket number"));
	if ((tmpl == NULL) == (file == NULL))
		return cli_usage_error(cmd, "%s", _("give exactly one of --template NAME and "
		    "--body-file FILE (- for standard input)"));
	if (file != NULL && (body = read_body(file, &err)) == NULL) {
		cli_error("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	if ((c = cli_client(cli, 0)) == NULL) {
		free(body);
		return EXIT_FAIL;
	}
	if (tmpl != NULL) {
		p = json_pack("{s:I}", "id", (json_int_t)id);
		json_object_set_new(p, "ticket", json_integer(id));
		json_object_del(p, "id");
		if (cli_set_str(p, "name", tmpl) != 0) {
			json_decref(p);
			client_close(&c);
			return cli_usage_error(cmd, "%s", _("the template name is not valid UTF-8"));
		}
		res = cli_call(c, "template.render", p, &code);
		json_decref(p);
		if (res == NULL) {
			client_close(&c);
			return code;
		}
		body = xstrdup(js(res, "text"));
		json_decref(res);
	}
	if (draft) {
		/* Where the interface looks for it: r (or c) on the ticket
		 * continues from this text. */
		char *dir = paths_state_dir(), *path = NULL;
		FILE *fp = NULL;

		if (dir != NULL) {
			char *sub = xasprintf("%s/drafts", dir);

			if (paths_mkdir_p(sub) == 0)
				path = xasprintf("%s/ticket-%lld%s.txt", sub, id, note ? "-note" : "");
			free(sub);
		}
		if (path != NULL) {
			int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
			    0600);

			fp = fd >= 0 ? fdopen(fd, "w") : NULL;
		}
		if (fp == NULL || fputs(body, fp) == EOF || fclose(fp) != 0) {
			cli_error(_("cannot save the draft: %s"), strerror(errno));
			code = EXIT_FAIL;
		} else {
			printf(_("Draft saved for ticket #%lld: %s\n"), id, path);
		}
		free(path);
		free(dir);
		free(body);
		client_close(&c);
		return code;
	}
	p = json_pack("{s:I,s:b}", "id", (json_int_t)id, "note", note);
	if (cli_set_str(p, "body", body) != 0 ||
	    (account != NULL && cli_set_str(p, "account", account) != 0)) {
		json_decref(p);
		free(body);
		client_close(&c);
		return cli_usage_error(cmd, "%s", _("the text is not valid UTF-8"));
	}
	if ((res = cli_call(c, "ticket.reply", p, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else if (note) {
			printf(_("Note added to ticket #%lld.\n"), id);
		} else {
			printf(_("Reply to ticket #%lld queued (outbox %lld, via %s).\n"), id,
			    (long long)ji(res, "outbox"), js(res, "account"));
		}
		json_decref(res);
	}
	json_decref(p);
	free(body);
	client_close(&c);
	return code;
}

int
cmd_outbox(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *state = NULL;
	json_t *p = NULL, *res, *it;
	struct client *c;
	int json = 0, code = EXIT_OK, i;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--state") == 0 && i + 1 < argc)
			state = argv[++i];
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	if (state != NULL) {
		p = json_object();
		cli_set_str(p, "state", state);
	}
	if ((res = cli_call(c, "outbox.list", p, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			if (json_array_size(json_object_get(res, "items")) == 0)
				printf("%s\n", _("The outbox is empty."));
			json_array_foreach(json_object_get(res, "items"), k, it) {
				char *when = format_time(jnull(it, "sent_at") ? ji(it, "created_at") :
				    ji(it, "sent_at"));

				printf("%6lld  #%-6lld ", (long long)ji(it, "id"),
				    (long long)ji(it, "ticket"));
				out_cell(js(it, "state"), 9, 0);
				printf(" %s  ", when);
				out_text(json_string_value(json_array_get(json_object_get(it,
				    "recipients"), 0)));
				if (!jnull(it, "last_error")) {
					printf("  (");
					out_text(js(it, "last_error"));
					printf(")");
				}
				printf("\n");
				free(when);
			}
		}
		json_decref(res);
	}
	json_decref(p);
	client_close(&c);
	return code;
}

int
cmd_outbox_act(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *op = strcmp(cmd->sub, "flush") == 0 ? "outbox.flush" :
	    strcmp(cmd->sub, "retry") == 0 ? "outbox.retry" : "outbox.cancel";
	long long id = -1;
	struct client *c;
	json_t *p = NULL, *res;
	int code = EXIT_OK;

	if (strcmp(cmd->sub, "flush") == 0) {
		if (argc > 1)
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[1]);
	} else {
		if (argc != 2 || (id = cli_parse_count(argv[1], INT64_MAX)) <= 0)
			return cli_usage_error(cmd, "%s", _("give the outbox item number"));
		p = json_pack("{s:I}", "id", (json_int_t)id);
	}
	if ((c = cli_client(cli, 0)) == NULL) {
		json_decref(p);
		return EXIT_FAIL;
	}
	if ((res = cli_call(c, op, p, &code)) != NULL) {
		if (id > 0)
			printf(strcmp(op, "outbox.retry") == 0 ? _("Outbox item %lld queued again.\n") :
			    _("Outbox item %lld cancelled.\n"), id);
		else
			printf("%s\n", _("Asked the server to deliver the outbox now."));
		json_decref(res);
	}
	json_decref(p);
	client_close(&c);
	return code;
}
