/* cmd-return.c: `return create|list|show` and the steps of a return
 * (`return approve|label-sent|receive|refund|credit|exchange|reject|cancel|
 * close RMA`), all through the return.* operations. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "client/client.h"
#include "util/format.h"
#include "util/i18n.h"
#include "util/jsonget.h"
#include "util/labels.h"
#include "util/xmalloc.h"

#define MAX_ITEM_ARGS 100

static void
money_line(const char *label, int64_t v, const char *cur, int sign)
{
	char *m;

	if (v == 0)
		return;
	m = format_money(v, cur);
	printf("  %-28s %s%s\n", label, sign < 0 ? "-" : "", m);
	free(m);
}

/* How the amount was computed, one line per part that is not zero. */
static void
print_money(json_t *m, const char *cur, const char *resolution)
{
	money_line(_("Items"), ji(m, "items_gross"), cur, 1);
	money_line(_("Discounts on them"), ji(m, "discount_share"), cur, -1);
	money_line(_("Tax on them"), ji(m, "tax_share"), cur, 1);
	money_line(_("Original shipping"), ji(m, "shipping_refunded"), cur, 1);
	money_line(_("Restocking fee"), ji(m, "restocking_fee"), cur, -1);
	money_line(_("Return shipping"), ji(m, "return_shipping"), cur, -1);
	money_line(_("Refunded before"), ji(m, "previous_refunds"), cur, 1);
	money_line(_("Store-credit bonus"), ji(m, "credit_bonus"), cur, 1);
	money_line(_("Replacement"), ji(m, "replacement"), cur, 1);
	if (strcmp(resolution, "credit") == 0)
		money_line(_("Store credit"), ji(m, "credit"), cur, 1);
	else if (strcmp(resolution, "exchange") == 0 && ji(m, "charge") > 0)
		money_line(_("To pay on top"), ji(m, "charge"), cur, 1);
	else
		money_line(_("Refund"), ji(m, "refund"), cur, 1);
}

/* SKU:QTY[:REASON] against the order's items (from return.options). */
static json_t *
parse_item(const struct cli_cmd *cmd, const char *arg, json_t *order, int *code)
{
	char *s = xstrdup(arg), *q = strchr(s, ':'), *r = NULL;
	long long qty = 1;
	json_t *it, *found = NULL;
	size_t i;

	if (q != NULL) {
		*q++ = '\0';
		if ((r = strchr(q, ':')) != NULL)
			*r++ = '\0';
		if ((qty = cli_parse_count(q, 1000000)) <= 0) {
			*code = cli_usage_error(cmd, _("--item %s: the quantity must be a number from 1"),
			    arg);
			free(s);
			return NULL;
		}
	}
	json_array_foreach(json_object_get(order, "items"), i, it)
		if (strcmp(js(it, "sku"), s) == 0 ||
		    (s[0] == '#' && ji(it, "item") == strtoll(s + 1, NULL, 10)))
			found = it;
	if (found == NULL) {
		cli_error(_("--item %s: order %s has no item with SKU %s"), arg,
		    js(order, "number"), s);
		*code = EXIT_FAIL;
		free(s);
		return NULL;
	}
	it = json_pack("{s:I,s:I,s:s}", "item", (json_int_t)ji(found, "item"), "qty",
	    (json_int_t)qty, "reason", r != NULL && r[0] != '\0' ? r : "other");
	free(s);
	return it;
}

static int
return_create(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *items[MAX_ITEM_ARGS], *res = NULL, *xsku = NULL, *note = NULL, *over = NULL;
	long long ticket = 0, order = 0;
	int nitems = 0, json = 0, code = EXIT_OK, i;
	json_t *p, *opt = NULL, *list, *out;
	struct client *c;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ticket") == 0 && i + 1 < argc)
			ticket = cli_parse_count(argv[++i][0] == '#' ? argv[i] + 1 : argv[i], INT64_MAX);
		else if (strcmp(argv[i], "--order") == 0 && i + 1 < argc)
			order = cli_parse_count(argv[++i], INT64_MAX);
		else if (strcmp(argv[i], "--item") == 0 && i + 1 < argc && nitems < MAX_ITEM_ARGS)
			items[nitems++] = argv[++i];
		else if (strcmp(argv[i], "--resolution") == 0 && i + 1 < argc)
			res = argv[++i];
		else if (strcmp(argv[i], "--exchange-sku") == 0 && i + 1 < argc)
			xsku = argv[++i];
		else if (strcmp(argv[i], "--note") == 0 && i + 1 < argc)
			note = argv[++i];
		else if (strcmp(argv[i], "--override-reason") == 0 && i + 1 < argc)
			over = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if (ticket <= 0)
		return cli_usage_error(cmd, "%s", _("give the ticket: --ticket N"));
	if (order < 0)
		return cli_usage_error(cmd, "%s", _("--order takes the order's number in the desk"));
	if (nitems == 0)
		return cli_usage_error(cmd, "%s", _("give what comes back: --item SKU:QTY[:REASON]"));
	if (res == NULL)
		return cli_usage_error(cmd, "%s", _("give the resolution: --resolution "
		    "refund|credit|exchange"));
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	p = json_pack("{s:I}", "ticket", (json_int_t)ticket);
	if (order > 0)
		json_object_set_new(p, "order", json_integer(order));
	if ((opt = cli_call(c, "return.options", p, &code)) == NULL)
		goto out;
	if (json_is_null(json_object_get(opt, "order"))) {
		cli_error(_("ticket #%lld has no linked order with anything left to return; give "
		    "--order ID"), ticket);
		code = EXIT_FAIL;
		goto out;
	}
	list = json_array();
	for (i = 0; i < nitems; i++) {
		json_t *it = parse_item(cmd, items[i], json_object_get(opt, "order"), &code);

		if (it == NULL) {
			json_decref(list);
			goto out;
		}
		json_array_append_new(list, it);
	}
	json_object_set_new(p, "items", list);
	json_object_set_new(p, "order", json_integer(ji(json_object_get(opt, "order"), "id")));
	if (cli_set_str(p, "resolution", res) != 0 || (xsku != NULL &&
	    cli_set_str(p, "exchange_sku", xsku) != 0) || (note != NULL &&
	    cli_set_str(p, "note", note) != 0) || (over != NULL &&
	    cli_set_str(p, "override_reason", over) != 0)) {
		code = cli_usage_error(cmd, "%s", _("the arguments are not valid UTF-8"));
		goto out;
	}
	if ((out = cli_call(c, "return.create", p, &code)) != NULL) {
		if (json) {
			cli_print_json(out);
		} else {
			json_t *msg = json_object_get(out, "message");

			printf(_("Return %s for order "), js(out, "rma"));
			out_text(js(json_object_get(opt, "order"), "number"));
			printf(": %s.\n", out_label(js(out, "status")));
			print_money(json_object_get(out, "money"), js(out, "currency"), res);
			if (json_is_object(msg) && strcmp(js(msg, "kind"), "reply") == 0)
				printf(_("The return instructions are queued for the customer "
				    "(outbox %lld).\n"), (long long)ji(msg, "outbox"));
			else if (strcmp(js(out, "status"), "requested") == 0)
				printf("%s\n", _("It waits for a lead's approval before the customer "
				    "is told."));
			else
				printf("%s\n", _("No account can send mail: the instructions are kept "
				    "as a note on the ticket."));
		}
		json_decref(out);
	}
out:
	json_decref(opt);
	json_decref(p);
	client_close(&c);
	return code;
}

static int
return_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *state = NULL;
	int json = 0, open = 0, code = EXIT_OK, i;
	json_t *p, *res, *r;
	struct client *c;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--state") == 0 && i + 1 < argc)
			state = argv[++i];
		else if (strcmp(argv[i], "--open") == 0)
			open = 1;
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	p = json_pack("{s:b}", "open", open);
	if (state != NULL && cli_set_str(p, "status", state) != 0) {
		json_decref(p);
		client_close(&c);
		return cli_usage_error(cmd, "%s", _("the state is not valid UTF-8"));
	}
	if ((res = cli_call(c, "return.list", p, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			json_array_foreach(json_object_get(res, "returns"), k, r) {
				char *v = format_money(ji(r, "value"), js(r, "currency"));

				printf("%-15s %-12s %-10s %3lldd  ", js(r, "rma"),
				    out_label(js(r, "status")), out_label(js(r, "resolution")),
				    (long long)ji(r, "age_days"));
				out_cell(js(r, "order"), 8, 0);
				printf(" %12s  ", v);
				out_text(js(json_object_get(r, "customer"), "name"));
				putchar('\n');
				free(v);
			}
			if (json_array_size(json_object_get(res, "returns")) == 0)
				printf("%s\n", _("No returns."));
		}
		json_decref(res);
	}
	json_decref(p);
	client_close(&c);
	return code;
}

static int
return_show(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *rma = NULL;
	int json = 0, code = EXIT_OK, i;
	json_t *p, *res, *r, *it;
	struct client *c;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (rma == NULL && argv[i][0] != '-')
			rma = argv[i];
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if (rma == NULL)
		return cli_usage_error(cmd, "%s", _("give the RMA number"));
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	p = json_object();
	if (cli_set_str(p, "rma", rma) != 0) {
		json_decref(p);
		client_close(&c);
		return cli_usage_error(cmd, "%s", _("the RMA is not valid UTF-8"));
	}
	if ((res = cli_call(c, "return.show", p, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			char *when;

			r = json_object_get(res, "return");
			when = format_time(ji(r, "created_at"));
			printf(_("%s  %s, %s for order "), js(r, "rma"), out_label(js(r, "status")),
			    out_label(js(r, "resolution")));
			out_text(js(r, "order"));
			printf(_(", opened %s\n"), when);
			free(when);
			printf("%s ", _("Customer:"));
			out_text(js(json_object_get(r, "customer"), "name"));
			printf(" <%s>", js(json_object_get(r, "customer"), "email"));
			if (!jnull(r, "ticket"))
				printf(_(", ticket #%lld"), (long long)ji(r, "ticket"));
			putchar('\n');
			json_array_foreach(json_object_get(r, "items"), k, it) {
				printf("  %lld x ", (long long)ji(it, "qty"));
				out_text(js(it, "title"));
				if (js(it, "variant")[0] != '\0') {
					printf(" (");
					out_text(js(it, "variant"));
					printf(")");
				}
				printf("  [");
				out_text(js(it, "sku"));
				printf("] %s", out_label(js(it, "reason")));
				if (js(it, "note")[0] != '\0') {
					printf(": ");
					out_text(js(it, "note"));
				}
				if (!jnull(it, "exchange_sku")) {
					printf(" -> ");
					out_text(js(it, "exchange_sku"));
				}
				if (!jnull(it, "condition")) {
					printf("%s", _(", received: "));
					out_text(js(it, "condition"));
					if (json_is_true(json_object_get(it, "restock")))
						printf("%s", _(", restocked"));
				}
				putchar('\n');
			}
			print_money(json_object_get(r, "breakdown"), js(r, "currency"),
			    js(r, "resolution"));
			if (!jnull(r, "override_reason")) {
				printf("%s ", _("Accepted outside the return window:"));
				out_text(js(r, "override_reason"));
				putchar('\n');
			}
			if (strcmp(js(r, "shop_state"), "manual") == 0)
				printf("%s\n", _("Shop: to process in the shop."));
			else if (strcmp(js(r, "shop_state"), "pending") == 0)
				printf("%s\n", _("Shop: waiting to be sent to the shop."));
			else if (strcmp(js(r, "shop_state"), "done") == 0)
				printf(_("Shop: recorded as %s.\n"), js(r, "shop_ref"));
			else if (strcmp(js(r, "shop_state"), "failed") == 0) {
				printf("%s ", _("Shop: not recorded:"));
				out_text(js(r, "shop_error"));
				putchar('\n');
			}
			json_array_foreach(json_object_get(res, "history"), k, it) {
				char *at = format_time(ji(it, "at"));
				json_t *d = json_object_get(it, "detail");

				printf("  %s  %s  %s", at, js(it, "by"), js(it, "action"));
				if (js(d, "to")[0] != '\0')
					printf(" -> %s", out_label(js(d, "to")));
				putchar('\n');
				free(at);
			}
		}
		json_decref(res);
	}
	json_decref(p);
	client_close(&c);
	return code;
}

/* return approve|label-sent|receive|refund|credit|exchange|reject|cancel|close RMA;
 * receive takes --condition TEXT (every item) and --no-restock SKU. */
static int
return_step(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *rma = NULL, *note = NULL, *condition = NULL, *norestock[MAX_ITEM_ARGS];
	char action[32];
	int json = 0, code = EXIT_OK, i, nno = 0;
	json_t *p, *res;
	struct client *c;

	snprintf(action, sizeof action, "%s", argv[0]);
	for (i = 0; action[i] != '\0'; i++)
		if (action[i] == '-')
			action[i] = '_';
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--note") == 0 && i + 1 < argc)
			note = argv[++i];
		else if (strcmp(argv[i], "--condition") == 0 && i + 1 < argc &&
		    strcmp(action, "receive") == 0)
			condition = argv[++i];
		else if (strcmp(argv[i], "--no-restock") == 0 && i + 1 < argc &&
		    strcmp(action, "receive") == 0 && nno < MAX_ITEM_ARGS)
			norestock[nno++] = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (rma == NULL && argv[i][0] != '-')
			rma = argv[i];
		else
			return cli_usage_error(cmd, _("unexpected argument '%s'"), argv[i]);
	}
	if (rma == NULL)
		return cli_usage_error(cmd, "%s", _("give the RMA number"));
	if ((c = cli_client(cli, 0)) == NULL)
		return EXIT_FAIL;
	p = json_pack("{s:s}", "action", action);
	if (cli_set_str(p, "rma", rma) != 0 || (note != NULL && cli_set_str(p, "note", note) != 0)) {
		json_decref(p);
		client_close(&c);
		return cli_usage_error(cmd, "%s", _("the arguments are not valid UTF-8"));
	}
	if (condition != NULL || nno > 0) {
		/* per item: what the warehouse found, and whether it goes back to stock */
		json_t *q = json_object(), *shown, *items = json_array(), *it;
		size_t k;
		int j, matched = 0;

		cli_set_str(q, "rma", rma);
		shown = cli_call(c, "return.show", q, &code);
		json_decref(q);
		if (shown == NULL) {
			json_decref(items);
			json_decref(p);
			client_close(&c);
			return code;
		}
		json_array_foreach(json_object_get(json_object_get(shown, "return"), "items"), k, it) {
			int restock = 1;
			json_t *o;

			for (j = 0; j < nno; j++)
				if (strcmp(norestock[j], js(it, "sku")) == 0) {
					restock = 0;
					matched++;
				}
			o = json_pack("{s:I,s:b}", "item", (json_int_t)ji(it, "item"), "restock",
			    restock);
			if (cli_set_str(o, "condition", condition != NULL ? condition : "") != 0) {
				json_decref(o);
				continue;
			}
			json_array_append_new(items, o);
		}
		json_decref(shown);
		if (matched < nno) {
			json_decref(items);
			json_decref(p);
			client_close(&c);
			return cli_usage_error(cmd, "%s", _("--no-restock names a SKU that is not in "
			    "this return"));
		}
		json_object_set_new(p, "items", items);
	}
	if ((res = cli_call(c, "return.act", p, &code)) != NULL) {
		if (json) {
			cli_print_json(res);
		} else {
			json_t *msg = json_object_get(res, "message");

			printf(_("Return %s: %s.\n"), js(res, "rma"), out_label(js(res, "status")));
			if (json_is_object(msg) && strcmp(js(msg, "kind"), "reply") == 0)
				printf(_("The customer's message is queued (outbox %lld).\n"),
				    (long long)ji(msg, "outbox"));
		}
		json_decref(res);
	}
	json_decref(p);
	client_close(&c);
	return code;
}

int
cmd_return(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	if (strcmp(argv[0], "create") == 0)
		return return_create(cli, cmd, argc, argv);
	if (strcmp(argv[0], "list") == 0)
		return return_list(cli, cmd, argc, argv);
	if (strcmp(argv[0], "show") == 0)
		return return_show(cli, cmd, argc, argv);
	return return_step(cli, cmd, argc, argv);
}
