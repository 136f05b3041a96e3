/* fuzz_mbox.c: libFuzzer target for the mbox splitter, the subject tag and
 * order-number scanners (all read customer-controlled text). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ingest.h"
#include "mail/mbox.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count(const char *num, void *arg)
{
	size_t n = strlen(num);

	if (n < 3 || n > 10)
		abort();
	(*(int *)arg)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mbox_iter it;
	char *msg, *text;
	size_t len, off, last = 0, total = 0;
	int first = 1, refs = 0;

	mbox_iter_init(&it, (const char *)data, size);
	while (mbox_next(&it, &msg, &len, &off)) {
		/* Offsets only grow and messages never exceed the input. */
		if ((!first && off <= last) || off >= size || len > size)
			abort();
		total += len;
		if (total > size)
			abort();
		first = 0;
		last = off;
		free(msg);
	}
	text = xstrndup((const char *)data, size);
	(void)ingest_subject_tag(text);
	ingest_order_refs(text, count, &refs);
	free(text);
	return 0;
}
