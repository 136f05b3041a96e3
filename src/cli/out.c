/* out.c: sanitised, width-aware text output for the CLI. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/out.h"
#include "util/i18n.h"
#include "util/text.h"

int
out_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 20)
		return ws.ws_col;
	if (cols != NULL && atoi(cols) >= 20)
		return atoi(cols);
	return 100;
}

void
out_cell(const char *s, int width, int right)
{
	char *safe = text_sanitize(s, s != NULL ? strlen(s) : 0, TEXT_LINE, NULL);

	if (width <= 0) {
		fputs(safe, stdout);
	} else if (right) {
		char *cut = text_fit(safe, width, 0);
		int pad = width - text_width(cut);

		printf("%*s%s", pad > 0 ? pad : 0, "", cut);
		free(cut);
	} else {
		char *cut = text_fit(safe, width, 1);

		fputs(cut, stdout);
		free(cut);
	}
	free(safe);
}

void
out_cell_end(const char *s, int width)
{
	char *safe = text_sanitize(s, s != NULL ? strlen(s) : 0, TEXT_LINE, NULL);
	char *cut = text_fit(safe, width, 0);

	fputs(cut, stdout);
	free(cut);
	free(safe);
}

void
out_text(const char *s)
{
	out_cell(s, 0, 0);
}

void
out_block(const char *s, const char *indent)
{
	char *safe = text_sanitize(s, s != NULL ? strlen(s) : 0, TEXT_BLOCK, NULL);
	char *line = safe, *nl;

	do {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		printf("%s%s\n", indent, line);
		line = nl + 1;
	} while (nl != NULL);
	free(safe);
}

/* Stored values are English identifiers; people see them translated. */
static const char *const labels[][2] = {
	{ "new", N_("new") }, { "open", N_("open") }, { "pending", N_("pending") },
	{ "solved", N_("solved") }, { "closed", N_("closed") },
	{ "email", N_("email") }, { "chat", N_("chat") },
	{ "low", N_("low") }, { "normal", N_("normal") }, { "high", N_("high") },
	{ "urgent", N_("urgent") },
	{ "paid", N_("paid") }, { "authorized", N_("authorized") },
	{ "partially_refunded", N_("partially refunded") }, { "refunded", N_("refunded") },
	{ "voided", N_("voided") }, { "unknown", N_("unknown") },
	{ "unfulfilled", N_("unfulfilled") }, { "partial", N_("partially shipped") },
	{ "fulfilled", N_("shipped") }, { "restocked", N_("restocked") },
	{ "in_transit", N_("in transit") }, { "out_for_delivery", N_("out for delivery") },
	{ "delivered", N_("delivered") }, { "failure", N_("delivery failed") },
	{ "returned", N_("returned") },
	{ "requested", N_("requested") }, { "approved", N_("approved") },
	{ "received", N_("received") }, { "credited", N_("credited") },
	{ "exchanged", N_("exchanged") }, { "rejected", N_("rejected") },
	{ "cancelled", N_("cancelled") },
	{ "refund", N_("refund") }, { "credit", N_("store credit") },
	{ "exchange", N_("exchange") }, { "return", N_("return") },
	{ "csat", N_("CSAT") }, { "nps", N_("NPS") }, { "product", N_("product") },
	{ "in", N_("customer") }, { "out", N_("reply") }, { "note", N_("internal note") },
	{ NULL, NULL },
};

const char *
out_label(const char *value)
{
	int i;

	for (i = 0; labels[i][0] != NULL; i++)
		if (strcmp(labels[i][0], value) == 0)
			return _(labels[i][1]);
	return value;
}

const char *
js(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : "";
}

int64_t
ji(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

int
jnull(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return v == NULL || json_is_null(v);
}
