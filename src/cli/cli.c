/* cli.c: the command table and what every command shares: dispatch, help,
 * one-line errors, exit codes (0 ok, 1 failure, 2 usage). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "client/client.h"
#include "ui/ui.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/xmalloc.h"

const struct cli_cmd cli_commands[] = {
	{ "init", NULL, cmd_init, "",
	  N_("Create the database (and its directory) if it does not exist, or upgrade "
	     "an older one to the current schema.") },
	{ "demo", NULL, cmd_demo, "[--seed N] [--customers N] [--tickets N] [--no-ui]",
	  N_("Build a realistic demo shop: customers writing in English, Ukrainian, "
	     "Czech and Kazakh, orders, shipments, loyalty, tickets, returns and "
	     "surveys. The same seed always gives the same shop. Without --db it "
	     "writes demo.db next to the default database, never your real one.") },
	{ "ticket", "list", cmd_ticket_list,
	  "[--status S[,S...]] [--channel C] [--customer EMAIL|ID] [--assignee LOGIN|me|none]\n"
	  "       [--search TEXT] [--sort updated|created] [--limit N] [--cursor C] [--json]",
	  N_("List tickets, most recent activity first. --search finds words in "
	     "subjects and messages (diacritics and case do not matter; end a word "
	     "with * for a prefix). When more tickets follow, the last line gives "
	     "the --cursor for the next page.") },
	{ "ticket", "show", cmd_ticket_show, "N [--json]",
	  N_("Show ticket N: its messages, the customer and the linked order.") },
	{ "ticket", "status", cmd_ticket_edit, "N open|pending|solved|closed",
	  N_("Set the status of ticket N. Reopening a closed ticket needs the lead role.") },
	{ "ticket", "priority", cmd_ticket_edit, "N low|normal|high|urgent",
	  N_("Set the priority of ticket N.") },
	{ "ticket", "assign", cmd_ticket_edit, "N LOGIN|me|none",
	  N_("Assign ticket N to an agent, to yourself or to nobody. Agents take free "
	     "tickets and release their own; moving a ticket between people needs the "
	     "lead role.") },
	{ "ticket", "take", cmd_ticket_edit, "N",
	  N_("Assign ticket N to yourself (the same as 'ticket assign N me').") },
	{ "ticket", "tag", cmd_ticket_edit, "N [+]TAG|-TAG...",
	  N_("Add tags to ticket N, or remove those written with a leading '-'.") },
	{ "customer", "show", cmd_customer_show, "EMAIL|ID [--json]",
	  N_("Show a customer: identity, loyalty, orders with items and shipments, "
	     "returns, survey answers and tickets.") },
	{ "customer", "search", cmd_customer_search, "TEXT [--limit N] [--json]",
	  N_("Find customers whose name, email or phone contains TEXT.") },
	{ "sync", NULL, cmd_sync, "[STORE] [--customer EMAIL | --push] | --status [--json]",
	  N_("Bring the orders of the configured shops (store blocks: Shopify or "
	     "WooCommerce) up to date now: every order changed since the last sync, "
	     "page by page, with customers matched by platform id, email or phone. "
	     "--customer reads only that customer's orders. Throttling is waited "
	     "out, server errors and timeouts retried; an order with a bad value is "
	     "reported and skipped. The server also syncs every store { "
	     "sync_interval } and refreshes a customer's orders when their ticket is "
	     "opened and older than store { refresh_after }. --push only sends the "
	     "settled returns of stores with push_returns to the shop (a whole sync "
	     "does it too). --status shows how each store's last sync ended.") },
	{ "loyalty", "grant", cmd_loyalty_grant, "EMAIL|ID POINTS --reason TEXT",
	  N_("Grant a customer goodwill points, with a reason; it is written to the "
	     "loyalty ledger with your name. Above loyalty { goodwill_lead_above } "
	     "(500 by default) it needs the lead role.") },
	{ "loyalty", "redeem", cmd_loyalty_grant, "EMAIL|ID POINTS --reason TEXT",
	  N_("Take points the customer redeemed off their balance (never below zero), "
	     "with a reason, as a ledger row with your name.") },
	{ "loyalty", "refer", cmd_loyalty_refer, "EMAIL|ID CODE",
	  N_("Record that the customer came with another customer's referral code. "
	     "On the customer's first paid order the referrer gets loyalty { "
	     "referral_bonus } points and the customer { referred_bonus }.") },
	{ "return", "create", cmd_return,
	  "--ticket N [--order ID] --item SKU:QTY[:REASON]... --resolution refund|credit|exchange\n"
	  "       [--exchange-sku SKU] [--note TEXT] [--override-reason TEXT] [--json]",
	  N_("Open a return (or an exchange) for items of the ticket's order (or order "
	     "ID): reasons defective, not_as_described, wrong_item, unwanted, too_small, "
	     "too_large, style, colour, other (the default). Prints the RMA and how "
	     "the amount was computed. Quantities never exceed what can still be "
	     "returned, the refund never what is left of the payment. Within returns { "
	     "lead_above } it is approved at once and the return instructions are "
	     "queued for the customer; above it a lead (not you) must approve. Outside "
	     "the return window a lead can accept it with --override-reason.") },
	{ "return", "list", cmd_return, "[--state S] [--open] [--json]",
	  N_("List returns: with --open those still in progress, oldest first, with "
	     "their state and age.") },
	{ "return", "show", cmd_return, "RMA [--json]",
	  N_("Show a return: items, reasons, the money and its history.") },
	{ "return", "approve", cmd_return, "RMA [--note TEXT]",
	  N_("Approve a requested return (above returns { lead_above } a lead other "
	     "than its creator); the customer gets the return instructions.") },
	{ "return", "label-sent", cmd_return, "RMA [--note TEXT]",
	  N_("Record that the customer has the return label: the parcel is in transit.") },
	{ "return", "receive", cmd_return,
	  "RMA [--condition TEXT] [--no-restock SKU]... [--note TEXT]",
	  N_("Record that the parcel arrived, what condition the items are in and "
	     "which do not go back to stock; the customer is told.") },
	{ "return", "refund", cmd_return, "RMA [--note TEXT]",
	  N_("Refund a received return: the items count as returned, the order's "
	     "refunded amount grows (never past what was paid), loyalty points for it "
	     "are clawed back, and the customer is told.") },
	{ "return", "credit", cmd_return, "RMA [--note TEXT]",
	  N_("Give store credit for a received return (with the configured bonus).") },
	{ "return", "exchange", cmd_return, "RMA [--note TEXT]",
	  N_("Send the replacement of a received exchange: a replacement order is "
	     "recorded and the customer is told.") },
	{ "return", "reject", cmd_return, "RMA [--note TEXT]",
	  N_("Reject a return that is still open.") },
	{ "return", "cancel", cmd_return, "RMA [--note TEXT]",
	  N_("Cancel a return that is still open.") },
	{ "return", "close", cmd_return, "RMA [--note TEXT]",
	  N_("Close a refunded, credited or exchanged return.") },
	{ "stats", NULL, cmd_stats, "[--json]",
	  N_("Count tickets by status and channel.") },
	{ "import", "eml", cmd_import, "FILE...",
	  N_("Import single messages (RFC 5322 files) into the queue: each becomes a "
	     "ticket or joins the ticket it answers. Messages already stored are "
	     "skipped, so an import can be repeated.") },
	{ "import", "maildir", cmd_import, "DIR",
	  N_("Import every message of a Maildir (cur/ and new/), for example a shared "
	     "mailbox. The Maildir is only read.") },
	{ "import", "orders", cmd_import_orders, "FILE.csv",
	  N_("Import Shopify's orders export (Admin > Orders > Export, one row per line "
	     "item; columns are found by their header names; UTF-8, with or without a "
	     "BOM). Customers are matched by email or created. A row with a bad value "
	     "is reported with its line number and its order skipped (exit status 1); "
	     "the rest is imported. Importing the same file again changes nothing.") },
	{ "import", "mbox", cmd_import, "FILE",
	  N_("Import every message of an mbox file (mboxo or mboxrd). The file is only "
	     "read.") },
	{ "fetch", NULL, cmd_fetch, "[ACCOUNT] [--status] [--json]",
	  N_("Ask the server to fetch mail now from every configured account (or "
	     "only ACCOUNT) and print what arrived since the last fetch: new "
	     "messages and the tickets they went to. --status shows each account's "
	     "state and last error instead. Accounts are configured with account "
	     "blocks in the configuration file.") },
	{ "attachment", "save", cmd_attachment_save, "ID [--dir DIR]",
	  N_("Save attachment ID (the numbers are in 'ticket show N --json') into DIR, "
	     "by default ~/aftercare-attachments, under a safe version of its name; "
	     "an existing file is never replaced. Prints the path written.") },
	{ "message", "raw", cmd_message_raw, "ID [--out FILE]",
	  N_("Write message ID (the numbers are in 'ticket show N --json') exactly as "
	     "it arrived, or as it was sent, to FILE or to standard output, for "
	     "example to check its headers or forward it as evidence. It is never "
	     "written to a terminal: the original may contain control characters.") },
	{ "reply", NULL, cmd_reply,
	  "N --template NAME | --body-file FILE|- [--note] [--draft] [--account NAME] [--json]",
	  N_("Reply to the customer of ticket N with a template rendered for them or "
	     "with the text of FILE (- reads standard input). The reply is frozen with "
	     "its Message-ID and queued in the outbox at once; the server delivers it "
	     "over the account's smtp_url, retrying until it is accepted. The ticket "
	     "becomes pending (mail { reply_status }) and its first response time is "
	     "set. --note adds an internal note instead, which is never sent. --draft "
	     "only saves the text as the ticket's draft, which r (or c) in the "
	     "interface continues.") },
	{ "outbox", "flush", cmd_outbox_act, "",
	  N_("Ask the server to try every queued outgoing message now.") },
	{ "outbox", "retry", cmd_outbox_act, "ID",
	  N_("Queue a failed outgoing message again: the same bytes, the same "
	     "Message-ID.") },
	{ "outbox", "cancel", cmd_outbox_act, "ID",
	  N_("Cancel an outgoing message that has not been sent.") },
	{ "outbox", NULL, cmd_outbox, "[--state queued|sending|sent|failed|cancelled] [--json]",
	  N_("List outgoing messages, newest first, with their state and the last "
	     "error a mail server gave.") },
	{ "template", "list", cmd_template_list, "[--json]",
	  N_("List the reply templates and the languages each exists in: the shipped "
	     "ones and your own in ~/.config/aftercare/templates/LOCALE/NAME, which "
	     "take precedence.") },
	{ "template", "show", cmd_template_show, "NAME --ticket N [--locale L] [--json]",
	  N_("Render template NAME for the customer of ticket N, in the customer's "
	     "language (or L), falling back to English. An unknown variable or a "
	     "value the customer does not have is an error naming it.") },
	{ "template", "check", cmd_template_check, "",
	  N_("Render every template in English, Ukrainian and Czech for every "
	     "customer with a ticket, and list what fails (exit status 1 if any).") },
	{ "agent", "add", cmd_agent_add, "LOGIN [--role agent|lead|admin] [--name NAME]",
	  N_("Register the Unix user LOGIN as an agent of this desk, or change the "
	     "role of an existing one (administrators only). Agents connect to the "
	     "server as themselves; other users are refused.") },
	{ "agent", "list", cmd_agent_list, "[--json]",
	  N_("List the agents and their roles.") },
	{ "server", "stop", cmd_server_stop, "",
	  N_("Stop the server of the database (administrators only).") },
	{ "server", NULL, cmd_server, "[--socket PATH] [--foreground] [--idle-exit SECONDS]",
	  N_("Run the server that owns the database: it listens on a Unix socket "
	     "(by default under $XDG_RUNTIME_DIR/aftercare/, one per database), "
	     "checks every caller's role and tells connected clients about changes. "
	     "Commands start one in the background when none is running and you "
	     "own the database; without --foreground it detaches once it listens.") },
	{ "op", NULL, cmd_op, "NAME [JSON-PARAMS]",
	  N_("Run any operation by name with a JSON object of parameters and print "
	     "the JSON result (for scripts). 'aftercare op list' lists them.") },
	{ NULL, NULL, NULL, NULL, NULL },
};

void
cli_error(const char *fmt, ...)
{
	va_list ap;
	char *msg, *safe;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	safe = text_sanitize(msg, strlen(msg), TEXT_LINE, NULL);
	fprintf(stderr, "aftercare: %s\n", safe);
	free(safe);
	free(msg);
}

static void
cmd_words(const struct cli_cmd *cmd, FILE *fp)
{
	fprintf(fp, "aftercare %s%s%s", cmd->name, cmd->sub != NULL ? " " : "",
	    cmd->sub != NULL ? cmd->sub : "");
}

void
cli_cmd_help(const struct cli_cmd *cmd, FILE *fp)
{
	fprintf(fp, "%s ", _("Usage:"));
	cmd_words(cmd, fp);
	fprintf(fp, " %s\n\n%s\n", cmd->usage, _(cmd->help));
}

int
cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	cli_error("%s", msg);
	free(msg);
	fprintf(stderr, "%s ", _("Usage:"));
	cmd_words(cmd, stderr);
	fprintf(stderr, " %s\n", cmd->usage);
	return EXIT_USAGE;
}

void
cli_usage(FILE *fp)
{
	const struct cli_cmd *cmd;

	fprintf(fp, "%s aftercare [--db PATH] [--config PATH] [--socket PATH] [--no-server]\n"
	    "                 COMMAND [ARGS...]\n",
	    _("Usage:"));
	fprintf(fp, "       aftercare --help | --version\n\n");
	fprintf(fp, "%s\n\n", _("A terminal support desk for online shops."));
	fprintf(fp, "%s\n", _("Options:"));
	fprintf(fp, "  --db PATH       %s\n", _("the database (default: $AFTERCARE_DB, "
	    "else $XDG_DATA_HOME/aftercare/aftercare.db)"));
	fprintf(fp, "  --config PATH   %s\n", _("the configuration file (default: "
	    "$XDG_CONFIG_HOME/aftercare/config)"));
	fprintf(fp, "  --socket PATH   %s\n", _("the server's socket (default: one per "
	    "database under $XDG_RUNTIME_DIR/aftercare)"));
	fprintf(fp, "  --no-server     %s\n", _("run the command in this process instead "
	    "of through the server"));
	fprintf(fp, "  -h, --help      %s\n", _("show this help, or a command's help"));
	fprintf(fp, "  -V, --version   %s\n\n", _("show the version"));
	fprintf(fp, "%s\n", _("Commands:"));
	for (cmd = cli_commands; cmd->name != NULL; cmd++) {
		fputs("  ", fp);
		fprintf(fp, "%s%s%s", cmd->name, cmd->sub != NULL ? " " : "",
		    cmd->sub != NULL ? cmd->sub : "");
		fprintf(fp, " %s\n", cmd->usage);
	}
	fprintf(fp, "\n%s\n", _("Run 'aftercare COMMAND --help' for more about a command."));
	fprintf(fp, "%s\n", _("Exit status: 0 success, 1 failure, 2 usage error."));
}

struct client *
cli_client(struct cli *cli, int flags)
{
	char *path = paths_db(cli->db_arg), *err = NULL;
	struct client *c;

	if (path == NULL) {
		cli_error("%s", _("cannot work out where the database is: set HOME, "
		    "XDG_DATA_HOME or AFTERCARE_DB, or pass --db PATH"));
		return NULL;
	}
	c = client_open(path, cli->socket_path, flags | (cli->no_server ? CLIENT_LOCAL : 0),
	    &err);
	if (c == NULL) {
		cli_error("%s", err);
		free(err);
	}
	free(path);
	return c;
}

json_t *
cli_call(struct client *c, const char *op, json_t *params, int *code)
{
	struct op_error err = { 0 };
	json_t *res = client_call(c, op, params, &err);

	if (res == NULL) {
		cli_error("%s", err.message);
		*code = strcmp(err.code, OP_E_INVALID) == 0 ? EXIT_USAGE : EXIT_FAIL;
		op_error_clear(&err);
	}
	return res;
}

void
cli_print_json(json_t *v)
{
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
}

long long
cli_parse_count(const char *s, long long max)
{
	char *end;
	long long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > max)
		return -1;
	return v;
}

static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int
cli_run(struct cli *cli, int argc, char **argv)
{
	const struct cli_cmd *cmd;
	int known_name = 0;

	for (cmd = cli_commands; cmd->name != NULL; cmd++) {
		if (strcmp(cmd->name, argv[0]) != 0)
			continue;
		known_name = 1;
		if (cmd->sub == NULL)
			break;
		if (argc > 1 && strcmp(cmd->sub, argv[1]) == 0)
			break;
	}
	if (cmd->name == NULL) {
		if (known_name) {
			cli_error(_("'%s' needs a subcommand; see 'aftercare --help'"), argv[0]);
			return EXIT_USAGE;
		}
		cli_error(_("unknown command '%s'; see 'aftercare --help'"), argv[0]);
		return EXIT_USAGE;
	}
	if (cmd->sub != NULL) {
		argc--;
		argv++;
	}
	if (wants_help(argc, argv)) {
		cli_cmd_help(cmd, stdout);
		return EXIT_OK;
	}
	return cmd->run(cli, cmd, argc, argv);
}

int
cli_set_str(json_t *params, const char *key, const char *val)
{
	json_t *v = json_string(val);

	if (v == NULL)
		return -1;
	json_object_set_new(params, key, v);
	return 0;
}

int
cli_tui(struct cli *cli, const char *db_path)
{
	struct cli sub = *cli;
	struct client *c;
	char *err = NULL;
	int rc;

	if (db_path != NULL)
		sub.db_arg = db_path;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("%s", _("the full-screen interface needs a terminal; see "
		    "'aftercare --help' for the commands"));
		return EXIT_FAIL;
	}
	if ((c = cli_client(&sub, 0)) == NULL)
		return EXIT_FAIL;
	rc = ui_run(c, cli->binds, cli->nbinds, &err);
	client_close(&c);
	if (rc != 0) {
		cli_error("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
