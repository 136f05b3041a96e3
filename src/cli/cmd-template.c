/* cmd-template.c: `template list`, `template show NAME --ticket N` and
 * `template check`, which renders every template in every shipped language
 * for every customer with a ticket, so that a broken template is found
 * before an agent picks it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

int
cmd_template_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *res, *locales;
	const char *name;
	struct client *c;
	int json = 0, code = EXIT_OK, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	if ((res = cli_call(c, "template.list", NULL, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			json_object_foreach(json_object_get(res, "templates"), name, locales) {
				json_t *l;
				size_t k;

				out_cell(name, 24, 0);
				json_array_foreach(locales, k, l)
					printf(" %s", json_string_value(l));
				printf("\n");
			}
		}
		json_decref(res);
	}
	client_close(&c);
	return code;
}

int
cmd_template_show(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *name = NULL, *locale = NULL;
	long long ticket = -1;
	json_t *p, *res;
	struct client *c;
	int json = 0, code = EXIT_OK, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--ticket") == 0 && i + 1 < argc)
			ticket = cli_parse_count(argv[++i], INT64_MAX);
		else if (strcmp(argv[i], "--locale") == 0 && i + 1 < argc)
			locale = argv[++i];
		else if (name == NULL && argv[i][0] != '-')
			name = argv[i];
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if (name == NULL || ticket <= 0)
		return cli_usage_error(cmd, "%s", _("give a template name and --ticket N"));
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	p = json_pack("{s:I}", "ticket", (json_int_t)ticket);
	if (cli_set_str(p, "name", name) != 0 || (locale != NULL &&
	    cli_set_str(p, "locale", locale) != 0)) {
		json_decref(p);
		client_close(&c);
		return cli_usage_error(cmd, "%s", _("the name is not valid UTF-8"));
	}
	if ((res = cli_call(c, "template.render", p, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			out_block(js(res, "text"), "");
		}
		json_decref(res);
	}
	json_decref(p);
	client_close(&c);
	return code;
}

int
cmd_template_check(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const char *const shipped[] = { "en", "uk", "cs", NULL };
	json_t *list, *tickets = json_array(), *locales;
	struct client *c;
	const char *name;
	long long renders = 0, failed = 0;
	int code = EXIT_OK, i;
	size_t k;

	if (argc > 1)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[1]);
	if ((c = cli_client(cli, 0)) == NULL) {
		json_decref(tickets);
		return EXIT_FAIL;
	}
	/* Each customer's latest ticket stands for the customer. */
	{
		json_t *p, *page;
		const char *cursor = NULL;
		char *cur = NULL;
		json_t *seen = json_object();

		for (;;) {
			json_t *t;

			p = json_pack("{s:I,s:s}", "limit", (json_int_t)500, "status",
			    "new,open,pending,solved,closed");
			if (cursor != NULL)
				json_object_set_new(p, "cursor", json_string(cursor));
			page = cli_call(c, "ticket.list", p, &code);
			json_decref(p);
			if (page == NULL)
				break;
			json_array_foreach(json_object_get(page, "tickets"), k, t) {
				char key[32];

				snprintf(key, sizeof key, "%lld",
				    (long long)ji(json_object_get(t, "customer"), "id"));
				if (json_object_get(seen, key) == NULL) {
					json_object_set_new(seen, key, json_true());
					json_array_append_new(tickets, json_integer(ji(t, "id")));
				}
			}
			free(cur);
			cur = json_is_string(json_object_get(page, "next_cursor")) ?
			    xstrdup(js(page, "next_cursor")) : NULL;
			cursor = cur;
			json_decref(page);
			if (cursor == NULL)
				break;
		}
		free(cur);
		json_decref(seen);
	}
	if (code != EXIT_OK) {
		json_decref(tickets);
		client_close(&c);
		return code;
	}
	if ((list = cli_call(c, "template.list", NULL, &code)) == NULL) {
		json_decref(tickets);
		client_close(&c);
		return code;
	}
	json_object_foreach(json_object_get(list, "templates"), name, locales) {
		for (i = 0; shipped[i] != NULL; i++) {
			json_t *t;
			char *first = NULL;
			long long first_ticket = 0, bad = 0;

			json_array_foreach(tickets, k, t) {
				struct op_error oe = { 0 };
				json_t *p = json_pack("{s:O,s:s,s:s}", "ticket", t, "name", name,
				    "locale", shipped[i]), *res;

				res = client_call(c, "template.render", p, &oe);
				json_decref(p);
				renders++;
				if (res == NULL) {
					bad++;
					if (first == NULL) {
						first = xstrdup(oe.message != NULL ? oe.message : "?");
						first_ticket = json_integer_value(t);
					}
					op_error_clear(&oe);
				}
				json_decref(res);
			}
			if (bad > 0) {
				/* One line per template and language: how many customers
				 * it fails for, and the first reason. */
				printf(_("%s (%s): fails for %lld customers, e.g. ticket #%lld: "),
				    name, shipped[i], bad, first_ticket);
				out_text(first);
				printf("\n");
				failed += bad;
			}
			free(first);
		}
	}
	printf(_("%lld templates x %d languages x %lld customers: %lld renderings, %lld "
	    "failed\n"), (long long)json_object_size(json_object_get(list, "templates")), 3,
	    (long long)json_array_size(tickets), renders, failed);
	json_decref(list);
	json_decref(tickets);
	client_close(&c);
	return failed > 0 ? EXIT_FAIL : EXIT_OK;
}
