/* fuzz_compose.c: libFuzzer target for building replies. Whatever the
 * customer's name, the subject and a stored Message-ID hold (the input is
 * split on NUL into the three), the message has exactly one To and no
 * header of the input's making, every line ends in CRLF, and it parses back
 * with the customer as the recipient. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/compose.h"
#include "mail/mime.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count_headers(const char *raw, const char *name)
{
	const char *end = strstr(raw, "\r\n\r\n"), *p = raw;
	size_t n = strlen(name);
	int c = 0;

	while (p != NULL && (end == NULL || p <= end)) {
		if (strncasecmp(p, name, n) == 0)
			c++;
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size + 3), *name, *subject, *id, *out = NULL, *msgid = NULL;
	char *err = NULL, *refs[1];
	struct compose_reply r;
	struct mime_limits lim;
	struct mime_message m;
	size_t len, i;

	memcpy(buf, data, size);
	buf[size] = buf[size + 1] = buf[size + 2] = '\0';
	name = buf;
	subject = name + strlen(name) + 1;
	if (subject > buf + size)
		subject = buf + size;
	id = subject + strlen(subject) + 1;
	if (id > buf + size + 1)
		id = buf + size + 1;
	refs[0] = id;
	memset(&r, 0, sizeof r);
	r.from = "Shop Support <support@shop.example>";
	r.to_addr = "eve@customer.example";
	r.to_name = name;
	r.subject = subject;
	r.ticket = 7;
	r.in_reply_to = id;
	r.references = refs;
	r.nreferences = 1;
	r.body = subject;
	r.date = 1795000000;
	if (compose_build(&r, &out, &len, &msgid, &err) != 0)
		abort(); /* valid addresses: it must build */
	if (count_headers(out, "To:") != 1 || count_headers(out, "Bcc:") != 0 ||
	    count_headers(out, "Cc:") != 0 || count_headers(out, "From:") != 1 ||
	    count_headers(out, "Subject:") != 1)
		abort();
	for (i = 0; i < len; i++)
		if (out[i] == '\n' && (i == 0 || out[i - 1] != '\r'))
			abort();
	mime_limits_default(&lim);
	mime_parse(out, len, &lim, &m);
	if (m.to_addr == NULL || strcmp(m.to_addr, "eve@customer.example") != 0 ||
	    m.message_id == NULL || strcmp(m.message_id, msgid) != 0)
		abort();
	mime_message_free(&m);
	free(out);
	free(msgid);
	free(buf);
	return 0;
}
