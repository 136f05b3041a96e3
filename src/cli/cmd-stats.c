/* cmd-stats.c: `stats` and `op`, the two thin commands. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "util/i18n.h"

static const char *const statuses[] = { "new", "open", "pending", "solved", "closed", NULL };
static const char *const channels[] = { "email", "chat", NULL };

int
cmd_stats(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *res, *by;
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
	if ((res = cli_call(c, "stats.summary", NULL, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			printf("%s: %lld\n", _("Tickets"), (long long)ji(res, "total"));
			by = json_object_get(res, "by_status");
			for (i = 0; statuses[i] != NULL; i++) {
				printf("  ");
				out_cell(out_label(statuses[i]), 12, 0);
				printf(" %8lld\n", (long long)ji(by, statuses[i]));
			}
			by = json_object_get(res, "by_channel");
			for (i = 0; channels[i] != NULL; i++) {
				printf("  ");
				out_cell(out_label(channels[i]), 12, 0);
				printf(" %8lld\n", (long long)ji(by, channels[i]));
			}
			printf("%s: %lld\n", _("Customers"), (long long)ji(res, "customers"));
			printf("%s: %lld\n", _("Open returns"), (long long)ji(res, "open_returns"));
		}
		json_decref(res);
	}
	client_close(&c);
	return code;
}

int
cmd_op(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *params = NULL, *res;
	json_error_t jerr;
	struct client *c;
	int code = EXIT_OK, i;

	if (argc < 2 || argc > 3)
		return cli_usage_error(cmd, "%s", argc < 2 ? _("which operation?") :
		    _("too many arguments"));
	if (strcmp(argv[1], "list") == 0 && argc == 2) {
		for (i = 0; ops_table[i] != NULL; i++)
			printf("%-18s %-6s %s\n", ops_table[i]->name,
			    role_name(ops_table[i]->min_role), _(ops_table[i]->summary));
		return EXIT_OK;
	}
	if (argc == 3) {
		params = json_loads(argv[2], JSON_REJECT_DUPLICATES, &jerr);
		if (params == NULL)
			return cli_usage_error(cmd, _("the parameters are not valid JSON: %s"),
			    jerr.text);
	}
	if ((c = cli_client(cli, 0)) == NULL) {
		json_decref(params);
		return EXIT_FAIL;
	}
	if ((res = cli_call(c, argv[1], params, &code)) != NULL) {
		cli_print_json(res);
		json_decref(res);
	}
	json_decref(params);
	client_close(&c);
	return code;
}
