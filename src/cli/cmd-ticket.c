/* cmd-ticket.c: `ticket list` and `ticket show`. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "util/buf.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/tags.h"
#include "util/text.h"

enum { OPT_STATUS = 256, OPT_CHANNEL, OPT_CUSTOMER, OPT_ASSIGNEE, OPT_SEARCH,
       OPT_SORT, OPT_LIMIT, OPT_CURSOR, OPT_JSON };

static void
print_ticket_table(json_t *res)
{
	json_t *tickets = json_object_get(res, "tickets"), *t;
	int width = out_width(), idw = 2, subw;
	const char *next = js(res, "next_cursor");
	size_t i;

	json_array_foreach(tickets, i, t) {
		char num[32];
		int n = snprintf(num, sizeof num, "%lld", (long long)ji(t, "id"));

		if (n > idw)
			idw = n;
	}
	/* id, status 8, channel 5, updated 16, customer 22, subject: the rest */
	subw = width - (idw + 1 + 8 + 1 + 5 + 1 + 16 + 1 + 22 + 1);
	if (subw < 12)
		subw = 12;
	out_cell(_("ID"), idw, 1);
	putchar(' ');
	out_cell(_("STATUS"), 8, 0);
	putchar(' ');
	out_cell(_("CHAN"), 5, 0);
	putchar(' ');
	out_cell(_("UPDATED"), 16, 0);
	putchar(' ');
	out_cell(_("CUSTOMER"), 22, 0);
	putchar(' ');
	out_cell_end(_("SUBJECT"), subw);
	putchar('\n');
	json_array_foreach(tickets, i, t) {
		char num[32], *when = format_time(ji(t, "updated_at"));
		json_t *c = json_object_get(t, "customer");
		const char *who = js(c, "name")[0] != '\0' ? js(c, "name") : js(c, "email");

		snprintf(num, sizeof num, "%lld", (long long)ji(t, "id"));
		out_cell(num, idw, 1);
		putchar(' ');
		out_cell(out_label(js(t, "status")), 8, 0);
		putchar(' ');
		out_cell(out_label(js(t, "channel")), 5, 0);
		putchar(' ');
		out_cell(when, 16, 0);
		putchar(' ');
		out_cell(who, 22, 0);
		putchar(' ');
		out_cell_end(js(t, "subject")[0] != '\0' ? js(t, "subject") : _("(no subject)"),
		    subw);
		putchar('\n');
		free(when);
	}
	if (json_array_size(tickets) == 0)
		printf("%s\n", _("No tickets match."));
	if (next[0] != '\0') {
		printf(_("More tickets follow: add --cursor %s"), next);
		putchar('\n');
	}
}

/* Maps the options onto ticket.list parameters. Returns EXIT_OK or the
 * usage error already reported. */
static int
list_params(const struct cli_cmd *cmd, int argc, char **argv, json_t *params, int *json)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "channel", required_argument, NULL, OPT_CHANNEL },
		{ "customer", required_argument, NULL, OPT_CUSTOMER },
		{ "assignee", required_argument, NULL, OPT_ASSIGNEE },
		{ "search", required_argument, NULL, OPT_SEARCH },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "cursor", required_argument, NULL, OPT_CURSOR },
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 },
	};
	int ch, idx;
	long long limit;

	optind = 0; /* 0, not 1: makes GNU getopt start afresh */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+", opts, &idx)) != -1) {
		switch (ch) {
		case OPT_STATUS: case OPT_CHANNEL: case OPT_CUSTOMER: case OPT_ASSIGNEE:
		case OPT_SEARCH: case OPT_SORT: case OPT_CURSOR:
			/* The option's long name is the parameter's name. */
			if (cli_set_str(params, opts[idx].name, optarg) != 0)
				return cli_usage_error(cmd, _("--%s: '%s' is not valid UTF-8 text"),
				    opts[idx].name, optarg);
			break;
		case OPT_LIMIT:
			if ((limit = cli_parse_count(optarg, 500)) < 1)
				return cli_usage_error(cmd,
				    _("--limit needs a number from 1 to 500, not '%s'"), optarg);
			json_object_set_new(params, "limit", json_integer(limit));
			break;
		case OPT_JSON:
			*json = 1;
			break;
		default:
			return cli_usage_error(cmd, _("unknown or incomplete option '%s'"),
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[optind]);
	return EXIT_OK;
}

int
cmd_ticket_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *params = json_object(), *res;
	struct client *c;
	int json = 0, code;

	if ((code = list_params(cmd, argc, argv, params, &json)) != EXIT_OK)
		goto out;
	if ((c = cli_client(cli, 0)) == NULL) {
		code = EXIT_FAIL;
		goto out;
	}
	if ((res = cli_call(c, "ticket.list", params, &code)) != NULL) {
		if (json)
			cli_print_json(res);
		else
			print_ticket_table(res);
		json_decref(res);
	}
	client_close(&c);
out:
	json_decref(params);
	return code;
}

static void
print_order_line(json_t *o)
{
	char *total = format_money(ji(o, "total"), js(o, "currency"));
	char *placed = format_date(ji(o, "placed_at"));

	printf("%s ", _("Order:"));
	out_text(js(o, "number"));
	printf("  %s  %s  %s / %s\n", placed, total, out_label(js(o, "financial_status")),
	    out_label(js(o, "fulfillment_status")));
	free(total);
	free(placed);
}

static void
print_ticket(json_t *res)
{
	json_t *t = json_object_get(res, "ticket"), *c = json_object_get(res, "customer");
	json_t *o = json_object_get(res, "order"), *msgs = json_object_get(res, "messages"), *m;
	char *created = format_time(ji(t, "created_at")), *updated = format_time(ji(t, "updated_at"));
	size_t i;

	printf("%s #%lld  [%s]  %s  %s %s\n", _("Ticket"), (long long)ji(t, "id"),
	    out_label(js(t, "status")), out_label(js(t, "channel")), _("priority"),
	    out_label(js(t, "priority")));
	printf("%s ", _("Subject:"));
	out_text(js(t, "subject"));
	printf("\n%s ", _("Customer:"));
	out_text(js(c, "name"));
	printf(" <");
	out_text(js(c, "email"));
	printf(">\n");
	if (json_is_object(o)) {
		print_order_line(o);
		cli_print_order_details(o, "  ");
	}
	printf("%s ", _("Assignee:"));
	out_text(jnull(t, "assignee") ? _("(unassigned)") : js(t, "assignee"));
	printf("\n%s %s   %s %s\n", _("Created"), created, _("Updated"), updated);
	free(created);
	free(updated);
	json_array_foreach(msgs, i, m) {
		char *when = format_time(ji(m, "created_at"));
		json_t *att = json_object_get(m, "attachments"), *a;
		size_t j;

		printf("\n--- %s  ", when);
		out_text(js(m, "from_name"));
		if (js(m, "from_addr")[0] != '\0') {
			printf(" <");
			out_text(js(m, "from_addr"));
			printf(">");
		}
		printf(" (%s) ---\n", out_label(js(m, "direction")));
		if (!jnull(m, "notice")) {
			printf("[%s ", _("notice:"));
			out_text(js(m, "notice"));
			printf("]\n");
		}
		out_block(js(m, "body"), "");
		json_array_foreach(att, j, a) {
			printf("[%s ", _("attachment:"));
			out_text(js(a, "filename"));
			printf(", %lld B]\n", (long long)ji(a, "size"));
		}
		free(when);
	}
}

int
cmd_ticket_show(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ NULL, 0, NULL, 0 },
	};
	json_t *params, *res;
	struct client *c;
	int ch, json = 0, code = EXIT_OK;
	long long id;
	const char *arg;

	optind = 0; /* 0, not 1: makes GNU getopt start afresh */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != OPT_JSON)
			return cli_usage_error(cmd, _("unknown or incomplete option '%s'"),
			    argv[optind - 1]);
		json = 1;
	}
	if (optind != argc - 1)
		return cli_usage_error(cmd, "%s", optind >= argc ?
		    _("which ticket? give its number") : _("too many arguments"));
	arg = argv[optind];
	if (arg[0] == '#')
		arg++;
	if ((id = cli_parse_count(arg, INT64_MAX)) < 1)
		return cli_usage_error(cmd, _("'%s' is not a ticket number"), argv[optind]);
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	params = json_pack("{s:I}", "id", (json_int_t)id);
	if ((res = cli_call(c, "ticket.show", params, &code)) != NULL) {
		if (json)
			cli_print_json(res);
		else
			print_ticket(res);
		json_decref(res);
	}
	json_decref(params);
	client_close(&c);
	return code;
}

/* `ticket status|priority|assign|take|tag N ...`: one operation each. */
int
cmd_ticket_edit(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *sub = cmd->sub, *op;
	json_t *params, *res;
	struct client *c;
	long long id;
	int code = EXIT_OK, i, want = strcmp(sub, "take") == 0 ? 2 : 3;

	if (argc < 2)
		return cli_usage_error(cmd, "%s", _("which ticket? give its number"));
	if ((id = cli_parse_count(argv[1][0] == '#' ? argv[1] + 1 : argv[1], INT64_MAX)) < 1)
		return cli_usage_error(cmd, _("'%s' is not a ticket number"), argv[1]);
	if (strcmp(sub, "tag") == 0 ? argc < 3 : argc != want)
		return cli_usage_error(cmd, "%s", argc < want ? _("missing argument") :
		    _("too many arguments"));
	params = json_pack("{s:I}", "id", (json_int_t)id);
	if (strcmp(sub, "tag") == 0) {
		/* +a b -c  ->  add "a,b", remove "c" */
		struct buf add, del;

		buf_init(&add, 4096);
		buf_init(&del, 4096);
		for (i = 2; i < argc; i++)
			tags_sort_word(argv[i], &add, &del);
		if (cli_set_str(params, "add", buf_str(&add)) != 0 ||
		    cli_set_str(params, "remove", buf_str(&del)) != 0) {
			buf_free(&add);
			buf_free(&del);
			json_decref(params);
			return cli_usage_error(cmd, "%s", _("a tag is not valid UTF-8"));
		}
		buf_free(&add);
		buf_free(&del);
		op = "ticket.tag";
	} else if (strcmp(sub, "take") == 0) {
		json_object_set_new(params, "assignee", json_string("me"));
		op = "ticket.assign";
	} else {
		const char *key = strcmp(sub, "assign") == 0 ? "assignee" : sub;

		if (cli_set_str(params, key, argv[2]) != 0) {
			json_decref(params);
			return cli_usage_error(cmd, _("'%s' is not valid UTF-8 text"), argv[2]);
		}
		op = strcmp(sub, "status") == 0 ? "ticket.status" :
		    strcmp(sub, "priority") == 0 ? "ticket.priority" : "ticket.assign";
	}
	if ((c = cli_client(cli, 0)) == NULL) {
		json_decref(params);
		return EXIT_FAIL;
	}
	if ((res = cli_call(c, op, params, &code)) != NULL) {
		json_t *after = json_object_get(res, "after"), *tags = json_object_get(after, "tags"), *t;
		size_t j;

		printf(_("Ticket #%lld: %s, priority %s, assigned to %s"), id,
		    out_label(js(after, "status")), out_label(js(after, "priority")),
		    jnull(after, "assignee") ? _("nobody") : js(after, "assignee"));
		if (json_array_size(tags) > 0) {
			printf(_(", tags:"));
			json_array_foreach(tags, j, t) {
				putchar(' ');
				out_text(json_string_value(t));
			}
		}
		putchar('\n');
		json_decref(res);
	}
	json_decref(params);
	client_close(&c);
	return code;
}
