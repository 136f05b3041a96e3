/* main.c: set up the locale and the process, read the global options, and
 * hand over to the CLI (or, with no command, the TUI once it exists). */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/loyalty.h"
#include "client/client.h"
#include "util/settings.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/paths.h"

static void
setup_locale(void)
{
	const char *dir;

	if (setlocale(LC_ALL, "") == NULL)
		setlocale(LC_ALL, "C.UTF-8");  /* an unknown LANG from an SSH client */
	dir = getenv("AFTERCARE_LOCALEDIR"); /* uninstalled builds, tests */
	bindtextdomain(PACKAGE, dir != NULL && dir[0] == '/' ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "no-server", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { NULL, NULL, argv[0], NULL, 0, NULL, 0, NULL, NULL };
	struct config cfg;
	char *cfg_path, *err = NULL;
	const char *env;
	int ch, rc;

	clock_mark_start();
	setup_locale();
	signal(SIGPIPE, SIG_IGN);
	umask(077);  /* everything we create holds customer data */

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			cli.db_arg = optarg;
			break;
		case 'c':
			cli.config_path = optarg;
			break;
		case 's':
			cli.socket_path = optarg;
			break;
		case 'n':
			cli.no_server = 1;
			break;
		case 'h':
			cli_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("aftercare %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default:
			cli_error(_("unknown or incomplete option '%s'; see 'aftercare --help'"),
			    argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (cli.db_arg != NULL && cli.db_arg[0] == '\0') {
		cli_error("%s", _("--db needs a file name"));
		return EXIT_USAGE;
	}
	cfg_path = paths_config(cli.config_path);
	if (config_load(cfg_path, cli.config_path != NULL, &cfg, &err) != 0) {
		cli_error("%s", err);
		free(err);
		free(cfg_path);
		return EXIT_FAIL;
	}
	cli.config_file = cfg_path;
	loyalty_use(&cfg.loyalty);
	env = getenv("AFTERCARE_DB");
	if (cli.db_arg == NULL && (env == NULL || env[0] == '\0') && cfg.database != NULL)
		cli.db_arg = cfg.database;
	cli.binds = cfg.binds;
	cli.nbinds = cfg.nbinds;
	cli.cfg = &cfg;
	/* A server started for us reads the same configuration. */
	client_set_config_path(cli.config_path);
	client_set_config(&cfg);
	if (optind >= argc) {
		rc = cli_tui(&cli, NULL);
	} else {
		rc = cli_run(&cli, argc - optind, argv + optind);
	}
	config_free(&cfg);
	free(cfg_path);
	return rc;
}
