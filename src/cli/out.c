/* out.c: sanitised, width-aware text output for the CLI. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/out.h"
#include "util/i18n.h"
#include "util/labels.h"
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

const char *
out_label(const char *value)
{
	return label_for(value);
}
