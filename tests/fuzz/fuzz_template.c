/* fuzz_template.c: libFuzzer target for the template renderer. Whatever a
 * template file holds, rendering either fails with one line, or succeeds
 * with text that holds no "{{" or "}}" the template did not get from a
 * value (the values here have no braces). */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/template.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = xstrndup((const char *)data, size), *out = NULL, *err = NULL;
	json_t *ctx = json_pack("{s:s,s:s,s:b,s:s,s:b,s:b,s:b,s:b}", "customer.first_name", "Anna",
	    "ticket.number", "7", "order", 1, "order.number", "#1042", "shipment", 0,
	    "expected", 0, "delivered", 1, "loyalty", 0);

	if (template_render("fuzz", body, ctx, &out, &err) == 0) {
		if (err != NULL || out == NULL || strstr(out, "{{") != NULL ||
		    strstr(out, "}}") != NULL)
			abort();
	} else if (out != NULL || err == NULL || strchr(err, '\n') != NULL) {
		abort();
	}
	free(out);
	free(err);
	json_decref(ctx);
	free(body);
	return 0;
}
