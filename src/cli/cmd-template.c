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
	json_t *res, *f;
	struct client *c;
	int code = EXIT_OK;
	size_t k;

	if (argc > 1)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[1]);
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	client_set_call_timeout(c, 10 * 60 * 1000);
	if ((res = cli_call(c, "template.check", NULL, &code)) == NULL) {
		client_close(&c);
		return code;
	}
	/* One line per template and language that fails: for how many
	 * customers, and the first reason. */
	json_array_foreach(json_object_get(res, "failures"), k, f) {
		printf(_("%s (%s): fails for %lld customers, e.g. customer %lld: "), js(f, "name"),
		    js(f, "locale"), (long long)ji(f, "failed"), (long long)ji(f, "customer"));
		out_text(js(f, "error"));
		printf("\n");
	}
	{
		long long failed = 0;

		json_array_foreach(json_object_get(res, "failures"), k, f)
			failed += ji(f, "failed");
		printf(_("%lld templates x 3 languages x %lld customers: %lld renderings, %lld "
		    "failed\n"), (long long)ji(res, "templates"), (long long)ji(res, "customers"),
		    (long long)ji(res, "renderings"), failed);
		if (failed > 0)
			code = EXIT_FAIL;
	}
	json_decref(res);
	client_close(&c);
	return code;
}
