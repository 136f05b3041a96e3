/* cmd-customer.c: `customer show` and `customer search`. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "util/clock.h"
#include "util/format.h"
#include "util/i18n.h"

enum { OPT_JSON = 256, OPT_LIMIT };

void
cli_print_order_details(json_t *o, const char *indent)
{
	json_t *items = json_object_get(o, "items"), *fuls = json_object_get(o, "fulfillments");
	json_t *it, *f;
	int64_t now = clock_now();
	size_t i;

	json_array_foreach(items, i, it) {
		char *price = format_money(ji(it, "unit_price"), js(o, "currency"));

		printf("%s%lld x ", indent, (long long)ji(it, "qty"));
		out_text(js(it, "title"));
		if (js(it, "variant")[0] != '\0') {
			printf(" (");
			out_text(js(it, "variant"));
			printf(")");
		}
		printf("  %s  [", price);
		out_text(js(it, "sku"));
		printf("]");
		if (ji(it, "returned_qty") > 0)
			printf(_("  returned: %lld"), (long long)ji(it, "returned_qty"));
		putchar('\n');
		free(price);
	}
	json_array_foreach(fuls, i, f) {
		printf("%s%s ", indent, _("Shipment:"));
		out_text(jnull(f, "carrier") ? _("unknown carrier") : js(f, "carrier"));
		if (!jnull(f, "tracking_number")) {
			putchar(' ');
			out_text(js(f, "tracking_number"));
		}
		printf(", %s", out_label(js(f, "status")));
		if (!jnull(f, "delivered_at")) {
			char *d = format_date(ji(f, "delivered_at"));

			printf(_(", delivered %s"), d);
			free(d);
		} else if (!jnull(f, "expected_at")) {
			char *d = format_date(ji(f, "expected_at"));
			int64_t late = (now - ji(f, "expected_at")) / 86400;

			printf(_(", expected %s"), d);
			if (late > 0)
				printf(ngettext(" (late by %lld day)", " (late by %lld days)",
				    (unsigned long)late), (long long)late);
			free(d);
		}
		putchar('\n');
		if (!jnull(f, "tracking_url")) {
			printf("%s  ", indent);
			out_text(js(f, "tracking_url"));
			putchar('\n');
		}
	}
}

static void
print_customer(json_t *res)
{
	json_t *c = json_object_get(res, "customer"), *s = json_object_get(res, "stats");
	json_t *l = json_object_get(res, "loyalty"), *arr, *v;
	char *since = format_date(ji(c, "created_at"));
	size_t i;

	out_text(js(c, "name"));
	printf(" <");
	out_text(js(c, "email"));
	printf(">\n");
	printf(_("Customer since %s"), since);
	free(since);
	printf("   %s ", _("locale"));
	out_text(js(c, "locale"));
	if (!jnull(c, "country")) {
		printf("   %s ", _("country"));
		out_text(js(c, "country"));
	}
	if (!jnull(c, "phone")) {
		printf("   %s ", _("phone"));
		out_text(js(c, "phone"));
	}
	putchar('\n');
	if (json_is_object(s)) {
		char *spend = format_money(ji(s, "lifetime_spend"), js(s, "currency"));

		printf(ngettext("%lld order, lifetime spend %s", "%lld orders, lifetime spend %s",
		    (unsigned long)ji(s, "order_count")), (long long)ji(s, "order_count"), spend);
		if (!jnull(s, "average_order_value")) {
			char *avg = format_money(ji(s, "average_order_value"), js(s, "currency"));

			printf(_(", average order %s"), avg);
			free(avg);
		}
		putchar('\n');
		free(spend);
	}
	if (json_is_object(l)) {
		printf("%s ", _("Loyalty:"));
		out_text(js(l, "tier"));
		printf(ngettext(", %lld point", ", %lld points", (unsigned long)ji(l, "points")),
		    (long long)ji(l, "points"));
		if (!jnull(l, "next_tier") && !jnull(l, "points_to_next_tier")) {
			printf(ngettext(", %lld point more to ", ", %lld points more to ",
			    (unsigned long)ji(l, "points_to_next_tier")),
			    (long long)ji(l, "points_to_next_tier"));
			out_text(js(l, "next_tier"));
		} else if (!jnull(l, "next_tier")) {
			char *to = format_money(ji(l, "spend_to_next_tier"), js(l, "currency"));

			printf(_(", %s more to "), to);
			out_text(js(l, "next_tier"));
			free(to);
		}
		if (!jnull(l, "referral_code")) {
			printf(_(", referral code "));
			out_text(js(l, "referral_code"));
		}
		putchar('\n');
		arr = json_object_get(l, "referrals");
		if (json_array_size(arr) > 0) {
			printf("%s ", _("Referred:"));
			json_array_foreach(arr, i, v) {
				if (i > 0)
					printf(", ");
				out_text(js(v, "name"));
			}
			putchar('\n');
		}
		json_array_foreach(json_object_get(l, "ledger"), i, v) {
			char *when = format_date(ji(v, "at"));

			printf("  %s %+6lld  ", when, (long long)ji(v, "delta"));
			out_text(out_label(js(v, "reason")));
			if (!jnull(v, "order")) {
				printf(" ");
				out_text(js(v, "order"));
			}
			if (js(v, "note")[0] != '\0') {
				printf(": ");
				out_text(js(v, "note"));
			}
			if (!jnull(v, "agent")) {
				printf(" (");
				out_text(js(v, "agent"));
				printf(")");
			}
			putchar('\n');
			free(when);
		}
	}
	arr = json_object_get(res, "orders");
	printf("\n%s (%zu)\n", _("Orders"), json_array_size(arr));
	json_array_foreach(arr, i, v) {
		char *total = format_money(ji(v, "total"), js(v, "currency"));
		char *placed = format_date(ji(v, "placed_at"));

		printf("  ");
		out_text(js(v, "number"));
		printf("  %s  %s  %s / %s", placed, total, out_label(js(v, "financial_status")),
		    out_label(js(v, "fulfillment_status")));
		if (ji(v, "refunded") > 0) {
			char *ref = format_money(ji(v, "refunded"), js(v, "currency"));

			printf(_(", refunded %s"), ref);
			free(ref);
		}
		putchar('\n');
		cli_print_order_details(v, "      ");
		free(total);
		free(placed);
	}
	arr = json_object_get(res, "returns");
	if (json_array_size(arr) > 0)
		printf("\n%s (%zu)\n", _("Returns"), json_array_size(arr));
	json_array_foreach(arr, i, v) {
		char *amount = format_money(ji(v, "refund_amount") + ji(v, "credit_amount"),
		    js(v, "currency"));

		printf("  ");
		out_text(js(v, "rma"));
		printf("  %s  ", out_label(js(v, "kind")));
		out_text(js(v, "order_number"));
		printf("  %s  %s  %s\n", out_label(js(v, "status")),
		    out_label(js(v, "resolution")), amount);
		free(amount);
	}
	arr = json_object_get(res, "often_bought_with");
	if (json_array_size(arr) > 0)
		printf("\n%s\n", _("Often bought with"));
	json_array_foreach(arr, i, v) {
		printf("  ");
		out_text(js(v, "title"));
		printf(" (");
		out_text(js(v, "sku"));
		printf(_(", in %lld orders)\n"), (long long)ji(v, "orders"));
	}
	arr = json_object_get(res, "surveys");
	if (json_array_size(arr) > 0)
		printf("\n%s\n", _("Surveys"));
	json_array_foreach(arr, i, v) {
		printf("  %-7s ", out_label(js(v, "kind")));
		if (jnull(v, "answered_at")) {
			printf("%s\n", _("not answered"));
			continue;
		}
		printf("%lld  ", (long long)ji(v, "score"));
		out_text(js(v, "comment"));
		putchar('\n');
	}
	arr = json_object_get(res, "tickets");
	printf("\n%s (%zu)\n", _("Tickets"), json_array_size(arr));
	json_array_foreach(arr, i, v) {
		char *when = format_time(ji(v, "updated_at"));

		printf("  #%-6lld %-8s %-5s %s  ", (long long)ji(v, "id"),
		    out_label(js(v, "status")), out_label(js(v, "channel")), when);
		out_text(js(v, "subject"));
		putchar('\n');
		free(when);
	}
}

static int
only_json_option(const struct cli_cmd *cmd, int argc, char **argv, int *json, long long *limit)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 0; /* 0, not 1: makes GNU getopt start afresh */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == OPT_JSON) {
			*json = 1;
		} else if (ch == OPT_LIMIT && limit != NULL) {
			if ((*limit = cli_parse_count(optarg, 200)) < 1)
				return cli_usage_error(cmd,
				    _("--limit needs a number from 1 to 200, not '%s'"), optarg);
		} else {
			return cli_usage_error(cmd, _("unknown or incomplete option '%s'"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(cmd, "%s", optind >= argc ?
		    _("missing argument") : _("too many arguments"));
	return EXIT_OK;
}

int
cmd_customer_show(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *params, *res;
	struct client *c;
	int json = 0, code;
	long long id;
	const char *who;

	if ((code = only_json_option(cmd, argc, argv, &json, NULL)) != EXIT_OK)
		return code;
	who = argv[optind];
	params = json_object();
	if (strchr(who, '@') != NULL) {
		if (cli_set_str(params, "email", who) != 0) {
			json_decref(params);
			return cli_usage_error(cmd, "%s", _("the address is not valid UTF-8"));
		}
	} else if ((id = cli_parse_count(who, INT64_MAX)) > 0) {
		json_object_set_new(params, "id", json_integer(id));
	} else {
		json_decref(params);
		return cli_usage_error(cmd, _("'%s' is neither an email address nor a customer number"),
		    who);
	}
	if ((c = cli_client(cli, 0)) == NULL) {
		json_decref(params);
		return EXIT_FAIL;
	}
	if ((res = cli_call(c, "customer.show", params, &code)) != NULL) {
		if (json)
			cli_print_json(res);
		else
			print_customer(res);
		json_decref(res);
	}
	json_decref(params);
	client_close(&c);
	return code;
}

int
cmd_customer_search(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *params, *res, *v;
	struct client *c;
	int json = 0, code;
	long long limit = 20;
	size_t i;

	if ((code = only_json_option(cmd, argc, argv, &json, &limit)) != EXIT_OK)
		return code;
	params = json_pack("{s:I}", "limit", (json_int_t)limit);
	if (cli_set_str(params, "query", argv[optind]) != 0) {
		json_decref(params);
		return cli_usage_error(cmd, "%s", _("the search text is not valid UTF-8"));
	}
	if ((c = cli_client(cli, 0)) == NULL) {
		json_decref(params);
		return EXIT_FAIL;
	}
	if ((res = cli_call(c, "customer.search", params, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			json_array_foreach(json_object_get(res, "customers"), i, v) {
				printf("%6lld  ", (long long)ji(v, "id"));
				out_cell(js(v, "name"), 26, 0);
				putchar(' ');
				out_cell(js(v, "email"), 34, 0);
				putchar(' ');
				out_cell(js(v, "tier"), 9, 0);
				printf(" %lld\n", (long long)ji(v, "order_count"));
			}
			if (json_array_size(json_object_get(res, "customers")) == 0)
				printf("%s\n", _("No customers match."));
		}
		json_decref(res);
	}
	json_decref(params);
	client_close(&c);
	return code;
}

/* The customer id for EMAIL or ID (an email is resolved through the
 * server); 0 after printing the error. */
static int64_t
customer_id(struct cli *cli, const struct cli_cmd *cmd, struct client *c, const char *who,
    int *code)
{
	json_t *params, *res;
	int64_t id;

	(void)cli;
	if (strchr(who, '@') == NULL) {
		if ((id = cli_parse_count(who, INT64_MAX)) <= 0) {
			*code = cli_usage_error(cmd, _("'%s' is neither an email address nor a "
			    "customer number"), who);
			return 0;
		}
		return id;
	}
	params = json_object();
	if (cli_set_str(params, "email", who) != 0) {
		json_decref(params);
		*code = cli_usage_error(cmd, "%s", _("the address is not valid UTF-8"));
		return 0;
	}
	res = cli_call(c, "customer.show", params, code);
	json_decref(params);
	if (res == NULL)
		return 0;
	id = ji(json_object_get(res, "customer"), "id");
	json_decref(res);
	return id;
}

/* loyalty grant|redeem EMAIL|ID POINTS --reason TEXT */
int
cmd_loyalty_grant(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *who = NULL, *reason = NULL;
	int redeem = strcmp(argv[0], "redeem") == 0;
	long long points = -1, id;
	json_t *params, *res;
	struct client *c;
	int code = EXIT_OK, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--reason") == 0 && i + 1 < argc)
			reason = argv[++i];
		else if (who == NULL && argv[i][0] != '-')
			who = argv[i];
		else if (points < 0 && argv[i][0] != '-' &&
		    (points = cli_parse_count(argv[i][0] == '+' ? argv[i] + 1 : argv[i], 1000000)) > 0)
			continue;
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if (who == NULL || points <= 0)
		return cli_usage_error(cmd, "%s", _("give the customer and a number of points"));
	if (reason == NULL)
		return cli_usage_error(cmd, "%s", redeem ?
		    _("redeeming points needs a reason: --reason TEXT") :
		    _("goodwill points need a reason: --reason TEXT"));
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	if ((id = customer_id(cli, cmd, c, who, &code)) == 0) {
		client_close(&c);
		return code;
	}
	params = json_pack("{s:I,s:I}", "customer", (json_int_t)id, "points", (json_int_t)points);
	if (cli_set_str(params, "reason", reason) != 0) {
		json_decref(params);
		client_close(&c);
		return cli_usage_error(cmd, "%s", _("the reason is not valid UTF-8"));
	}
	if ((res = cli_call(c, redeem ? "loyalty.redeem" : "loyalty.grant", params, &code)) != NULL) {
		if (redeem)
			printf(_("Redeemed %lld points of customer %lld; balance %lld.\n"), points, id,
			    (long long)ji(res, "balance"));
		else
			printf(_("Granted %lld points to customer %lld; balance %lld.\n"), points, id,
			    (long long)ji(res, "balance"));
		json_decref(res);
	}
	json_decref(params);
	client_close(&c);
	return code;
}

/* loyalty refer EMAIL|ID CODE */
int
cmd_loyalty_refer(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_t *params, *res;
	struct client *c;
	long long id;
	int code = EXIT_OK;

	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-')
		return cli_usage_error(cmd, "%s", _("give the customer and the referral code they "
		    "came with"));
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	if ((id = customer_id(cli, cmd, c, argv[1], &code)) == 0) {
		client_close(&c);
		return code;
	}
	params = json_pack("{s:I}", "customer", (json_int_t)id);
	if (cli_set_str(params, "code", argv[2]) != 0) {
		json_decref(params);
		client_close(&c);
		return cli_usage_error(cmd, "%s", _("the code is not valid UTF-8"));
	}
	if ((res = cli_call(c, "loyalty.refer", params, &code)) != NULL) {
		printf(_("Customer %lld was referred by customer %lld.\n"), id,
		    (long long)ji(res, "referrer"));
		json_decref(res);
	}
	json_decref(params);
	client_close(&c);
	return code;
}
