/* out.h: text output for the terminal. Every string that came from a
 * customer, a store or the database passes through the sanitiser here. */
#ifndef AFTERCARE_CLI_OUT_H
#define AFTERCARE_CLI_OUT_H

#include <jansson.h>
#include <stdint.h>

#include "util/jsonget.h" /* js(), ji(), jnull() */

/* Columns available on stdout: the terminal's width, else $COLUMNS, else 100. */
int out_width(void);
/* Prints s sanitised to one line, cut or padded to exactly width columns
 * (right-aligned when right is set). width <= 0 prints it whole. */
void out_cell(const char *s, int width, int right);
/* As out_cell for the last column: cut to width, never padded. */
void out_cell_end(const char *s, int width);
/* Prints s sanitised as one line (no newline added). */
void out_text(const char *s);
/* Prints s as a block: each line sanitised and prefixed by indent. */
void out_block(const char *s, const char *indent);
/* A translated label for a stored enum value (status, channel, ...);
 * unknown values come back as they are. */
const char *out_label(const char *value);

#endif
