/* cmd-init.c: `init` and `demo`, the two commands that create databases.
 * They work on the database directly, not through operations: there is no
 * shop yet for an operation to act on. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "client/client.h"
#include "core/demo.h"
#include "db/db.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/xmalloc.h"

enum { OPT_SEED = 256, OPT_CUSTOMERS, OPT_TICKETS, OPT_NO_UI, OPT_REBUILD };

int
cmd_init(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct client *c;

	if (argc > 1)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[1]);
	if ((c = cli_client(cli, CLIENT_CREATE)) == NULL)
		return EXIT_FAIL;
	printf(_("Database ready: %s (schema %d)\n"), db_path(client_db(c)),
	    db_schema_version(client_db(c)));
	client_close(&c);
	return EXIT_OK;
}

static char *
demo_path(struct cli *cli)
{
	const char *env = getenv("AFTERCARE_DB");
	char *dir, *path;

	if (cli->db_arg != NULL || (env != NULL && env[0] != '\0'))
		return paths_db(cli->db_arg);
	if ((dir = paths_data_dir()) == NULL)
		return NULL;
	path = xasprintf("%s/demo.db", dir);
	free(dir);
	return path;
}

static void
progress(void *ctx, int done, int total)
{
	fputc('\r', stderr);
	fprintf(stderr, _("Building the demo shop: %d/%d tickets"), done, total);
	fflush(stderr);
}

static const char SQL_HAS_DATA[] =
	"SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM tickets),"
	" EXISTS (SELECT 1 FROM sources WHERE kind = 'demo')";

/* Returns 1 if the database is empty, 0 if it holds the demo, -1 if it holds
 * something else (or cannot be read). */
static int
demo_state(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SQL_HAS_DATA);
	int rc = -1;

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) == 0)
			rc = 1;
		else if (sqlite3_column_int(st, 1) != 0)
			rc = 0;
	}
	db_done(st);
	return rc;
}

static int
remove_demo(const char *path)
{
	const char *suffix[] = { "", "-wal", "-shm" };
	size_t i;

	for (i = 0; i < 3; i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);
		int rc = unlink(p);

		if (rc != 0 && errno != ENOENT) {
			cli_error(_("cannot remove %s: %s"), p, strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

int
cmd_demo(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "customers", required_argument, NULL, OPT_CUSTOMERS },
		{ "tickets", required_argument, NULL, OPT_TICKETS },
		{ "no-ui", no_argument, NULL, OPT_NO_UI },
		{ "rebuild", no_argument, NULL, OPT_REBUILD },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_opts o = { 1, 240, 360, 0, NULL, NULL };
	struct demo_stats st = { 0 };
	struct client *c = NULL;
	struct db *db = NULL;
	char *path = NULL, *err = NULL;
	int ch, no_ui = 0, rebuild = 0, state, code = EXIT_FAIL;
	long long v;

	optind = 0; /* 0, not 1: makes GNU getopt start afresh */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_SEED:
			if ((v = cli_parse_count(optarg, INT64_MAX)) < 0)
				return cli_usage_error(cmd, _("--seed needs a whole number, not '%s'"),
				    optarg);
			o.seed = (uint64_t)v;
			break;
		case OPT_CUSTOMERS:
			if ((v = cli_parse_count(optarg, 10000000)) < 1)
				return cli_usage_error(cmd,
				    _("--customers needs a number from 1 to 10000000, not '%s'"), optarg);
			o.customers = (int)v;
			break;
		case OPT_TICKETS:
			if ((v = cli_parse_count(optarg, 10000000)) < 0)
				return cli_usage_error(cmd,
				    _("--tickets needs a number from 0 to 10000000, not '%s'"), optarg);
			o.tickets = (int)v;
			break;
		case OPT_NO_UI:
			no_ui = 1;
			break;
		case OPT_REBUILD:
			rebuild = 1;
			break;
		default:
			return cli_usage_error(cmd, _("unknown or incomplete option '%s'"),
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((path = demo_path(cli)) == NULL) {
		cli_error("%s", _("cannot work out where to put the demo: set HOME or pass --db PATH"));
		return EXIT_FAIL;
	}
	if ((c = client_open(path, NULL, CLIENT_CREATE, &err)) == NULL)
		goto fail;
	db = client_db(c);
	state = demo_state(db);
	if (state == 0 && rebuild) {
		client_close(&c);
		cli_stop_server(cli, path);
		if (remove_demo(path) != 0)
			goto out;
		if ((c = client_open(path, NULL, CLIENT_CREATE, &err)) == NULL)
			goto fail;
		db = client_db(c);
		state = demo_state(db);
	}
	if (state < 0) {
		cli_error(_("%s already holds a shop that is not the demo: pick another --db"), path);
		goto out;
	}
	if (state == 0) {
		printf(_("The demo shop is already at %s (add --rebuild to start again).\n"), path);
	} else {
		o.now = clock_now();
		if (isatty(STDERR_FILENO))
			o.progress = progress;
		if (demo_build(db, &o, &st, &err) != 0) {
			if (o.progress != NULL)
				fputc('\n', stderr);
			goto fail;
		}
		if (o.progress != NULL)
			fputc('\n', stderr);
		printf(_("Demo shop built at %s: %d customers, %d orders, %d tickets, "
		    "%d messages, %d returns, %d surveys.\n"), path, st.customers, st.orders,
		    st.tickets, st.messages, st.returns, st.surveys);
	}
	if (!no_ui) {
		client_close(&c);
		code = cli_tui(cli, path);
		goto out;
	}
	printf(_("Try: %s --db %s ticket list\n"), cli->argv0, path);
	code = EXIT_OK;
	goto out;
fail:
	cli_error("%s", err != NULL ? err : _("the demo could not be built"));
out:
	free(err);
	client_close(&c);
	free(path);
	return code;
}
