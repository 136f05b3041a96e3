/* cmd-store.c: `sync [STORE]`: bring the orders of the configured shops up
 * to date now (incrementally, from the saved cursor). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "client/client.h"
#include "store/woo.h"
#include "util/i18n.h"
#include "util/settings.h"

static void
on_problem(const char *msg, void *ctx)
{
	(void)ctx;
	cli_error("%s", msg);
}

int
cmd_sync(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *want = argc > 1 ? argv[1] : NULL;
	struct client *c;
	int i, code = EXIT_OK, found = 0;

	if (argc > 2)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[2]);
	if (cli->cfg == NULL || cli->cfg->nstores == 0) {
		cli_error("%s", _("no stores are configured; add a store block to the "
		    "configuration (see aftercare(1))"));
		return EXIT_FAIL;
	}
	if ((c = cli_client(cli, CLIENT_LOCAL)) == NULL)
		return EXIT_FAIL;
	for (i = 0; i < cli->cfg->nstores; i++) {
		const struct config_store *s = &cli->cfg->stores[i];
		struct store_report r;
		char *err = NULL;

		if (want != NULL && strcmp(want, s->name) != 0)
			continue;
		found++;
		memset(&r, 0, sizeof r);
		r.problem = on_problem;
		if (woo_sync(client_db(c), s, &r, &err) != 0) {
			cli_error("%s", err);
			free(err);
			code = EXIT_FAIL;
			if (r.pages == 0)
				continue; /* nothing happened to report */
		}
		printf(_("%s: %zu pages, %zu new orders, %zu changed, %zu unchanged, %zu skipped; "
		    "%zu new customers\n"), s->name, r.pages, r.orders_new, r.orders_changed,
		    r.orders_same, r.orders_bad, r.customers_new);
		if (r.orders_bad > 0)
			code = EXIT_FAIL;
	}
	client_close(&c);
	if (found == 0) {
		cli_error(_("no store is called '%s'"), want);
		return EXIT_FAIL;
	}
	return code;
}
