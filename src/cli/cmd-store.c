/* cmd-store.c: `sync [STORE] [--customer EMAIL] [--push] [--status]`:
 * bring the orders of the configured shops up to date now (incrementally,
 * from the saved cursor), or one customer's orders, or push the settled
 * returns waiting for the shop, or say how the last sync went. The server
 * runs the same command on its schedule; a whole sync of a store with
 * push_returns also pushes its returns. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "core/row.h"
#include "db/db.h"
#include "mail/compose.h"
#include "store/push.h"
#include "store/store.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/jsonget.h"
#include "util/settings.h"
#include "util/xmalloc.h"

static void
on_problem(const char *msg, void *ctx)
{
	(void)ctx;
	cli_error("%s", msg);
}

static void
on_push(const char *rma, int ok, const char *msg, void *ctx)
{
	(void)rma;
	(void)ctx;
	if (ok)
		printf("%s\n", msg);
	else
		cli_error("%s", msg);
}

/* The pending returns of s to its shop; EXIT_FAIL when any failed. With
 * all (an explicit --push), also the ones that failed too often to be
 * tried by a scheduled sync. */
static int
push(struct client *c, const struct config_store *s, int all)
{
	struct store_push_report pr;
	char *err = NULL;

	memset(&pr, 0, sizeof pr);
	pr.line = on_push;
	if (store_push_pending(client_db(c), s, all ? STORE_PUSH_ALL : 0, &pr, &err) != 0) {
		cli_error("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	if (all && pr.done + pr.failed == 0)
		printf(_("%s: no returns to push\n"), s->name);
	if (pr.held > 0)
		printf(ngettext("%s: %zu return failed %d times and waits for `sync %s --push`\n",
		    "%s: %zu returns failed %d times and wait for `sync %s --push`\n", pr.held),
		    s->name, pr.held, STORE_PUSH_ATTEMPTS, s->name);
	return pr.failed > 0 ? EXIT_FAIL : EXIT_OK;
}

static const char SQL_STATUS[] =
	"SELECT state, last_sync_at, last_error, cursor FROM sources WHERE kind = ?1 AND name = ?2"
	" AND folder = ''";

/* `sync --status`: each store's last whole sync and how it ended. */
static int
print_status(struct cli *cli, struct client *c, const char *want, int json)
{
	json_t *all = json_array();
	int i, code = EXIT_OK;

	for (i = 0; i < cli->cfg->nstores; i++) {
		const struct config_store *s = &cli->cfg->stores[i];
		sqlite3_stmt *st;
		json_t *o;

		if (want != NULL && strcmp(want, s->name) != 0)
			continue;
		o = json_pack("{s:s,s:s,s:s,s:n,s:n,s:n}", "store", s->name, "kind", s->kind,
		    "state", "never", "last_sync_at", "error", "cursor");
		if ((st = db_stmt(client_db(c), SQL_STATUS)) != NULL) {
			sqlite3_bind_text(st, 1, s->kind, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW) {
				row_text(o, "state", st, 0);
				row_int(o, "last_sync_at", st, 1);
				row_text(o, "error", st, 2);
				row_text(o, "cursor", st, 3);
			}
			db_done(st);
		}
		if (strcmp(js(o, "state"), "error") == 0)
			code = EXIT_FAIL;
		if (!json) {
			char *when = jnull(o, "last_sync_at") ? xstrdup(_("never")) :
			    format_time(ji(o, "last_sync_at"));

			printf(_("%s (%s): %s, last synced %s"), s->name, s->kind,
			    out_label(js(o, "state")), when);
			if (!jnull(o, "error")) {
				printf(": ");
				out_text(js(o, "error"));
			}
			putchar('\n');
			free(when);
		}
		json_array_append_new(all, o);
	}
	if (json)
		cli_print_json(all);
	json_decref(all);
	return code;
}

int
cmd_sync(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *want = NULL, *email = NULL;
	struct client *c;
	int i, code = EXIT_OK, found = 0, status = 0, json = 0, push_only = 0;
	char *addr = NULL;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--status") == 0)
			status = 1;
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--push") == 0)
			push_only = 1;
		else if (strcmp(argv[i], "--customer") == 0 && i + 1 < argc)
			email = argv[++i];
		else if (argv[i][0] == '-' || want != NULL)
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
		else
			want = argv[i];
	}
	if (json && !status)
		return cli_usage_error(cmd, "%s", _("--json goes with --status"));
	if (status && email != NULL)
		return cli_usage_error(cmd, "%s", _("--status and --customer do not go together"));
	if (push_only && (status || email != NULL))
		return cli_usage_error(cmd, "%s", _("--push does not go with --customer or --status"));
	if (email != NULL) {
		char *p;

		addr = xstrdup(email);
		for (p = addr; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (!compose_addr_ok(addr)) {
			free(addr);
			return cli_usage_error(cmd, _("'%s' is not an email address"), email);
		}
	}
	if (cli->cfg == NULL || cli->cfg->nstores == 0) {
		cli_error("%s", _("no stores are configured; add a store block to the "
		    "configuration (see aftercare(1))"));
		free(addr);
		return EXIT_FAIL;
	}
	for (i = 0; i < cli->cfg->nstores; i++)
		if (want == NULL || strcmp(want, cli->cfg->stores[i].name) == 0)
			found++;
	if (found == 0) {
		cli_error(_("no store is called '%s'"), want);
		free(addr);
		return EXIT_FAIL;
	}
	if ((c = cli_client(cli, CLIENT_LOCAL)) == NULL) {
		free(addr);
		return EXIT_FAIL;
	}
	if (status) {
		code = print_status(cli, c, want, json);
		client_close(&c);
		return code;
	}
	for (i = 0; i < cli->cfg->nstores; i++) {
		const struct config_store *s = &cli->cfg->stores[i];
		struct store_report r;
		char *err = NULL;
		int rc;

		if (want != NULL && strcmp(want, s->name) != 0)
			continue;
		if (push_only) {
			if (strcmp(s->kind, "csv") == 0)
				continue; /* an export is read, never written to */
			if (push(c, s, 1) != EXIT_OK)
				code = EXIT_FAIL;
			continue;
		}
		memset(&r, 0, sizeof r);
		r.problem = on_problem;
		rc = addr != NULL ? store_sync_customer(client_db(c), s, addr, &r, &err) :
		    store_sync(client_db(c), s, &r, &err);
		if (rc != 0) {
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
		/* after a good whole sync: the shop is there, and answering */
		if (rc == 0 && addr == NULL && s->push_returns && push(c, s, 0) != EXIT_OK)
			code = EXIT_FAIL;
	}
	client_close(&c);
	free(addr);
	return code;
}
