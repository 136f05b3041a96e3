/* test_compose.c: building replies: addresses, subjects, and headers that
 * nothing can inject into, whatever the stored names and ids hold; and
 * which addresses count as local for clear text. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "mail/compose.h"
#include "mail/mime.h"
#include "mail/remote.h"

static void
test_addr(void **state)
{
	static const char *const good[] = { "a@b.example", "first.last+tag@shop.example",
		"o'brien@x.ie", "x@[192.0.2.1]", "x@[IPv6:2001:db8::1]", "a@b", NULL };
	static const char *const bad[] = { "", "a", "@b.example", "a@", "a@@b", ".a@b.example",
		"a.@b.example", "a..b@c.example", "a b@c.example", "a@b c.example",
		"a@b.example\r\nRCPT TO:<evil@x>", "a@b.example>", "<a@b.example>",
		"\"quoted\"@b.example", "a@-b.example", "a@b.example.", "a@b..example", NULL };
	int i;

	(void)state;
	for (i = 0; good[i] != NULL; i++)
		assert_true(compose_addr_ok(good[i]));
	for (i = 0; bad[i] != NULL; i++)
		assert_false(compose_addr_ok(bad[i]));
	assert_false(compose_addr_ok(NULL));
}

static void
test_subject(void **state)
{
	char *s;

	(void)state;
	s = compose_subject("Where is my order?", 42);
	assert_string_equal(s, "Re: Where is my order? [#42]");
	free(s);
	s = compose_subject("RE: Re: aw: Fwd: Wrong size [#42]", 42);
	assert_string_equal(s, "Re: Wrong size [#42]");
	free(s);
	s = compose_subject("Hi\r\nBcc: evil@x", 7);
	assert_null(strchr(s, '\r'));
	assert_null(strchr(s, '\n'));
	free(s);
	s = compose_subject("", 3);
	assert_string_equal(s, "Re: [#3]");
	free(s);
}

static void
test_split_from(void **state)
{
	char *name, *addr;

	(void)state;
	assert_int_equal(compose_split_from("Shop Support <support@shop.example>", &name, &addr), 0);
	assert_string_equal(name, "Shop Support");
	assert_string_equal(addr, "support@shop.example");
	free(name);
	free(addr);
	assert_int_equal(compose_split_from("\"Shop\" <s@shop.example>", &name, &addr), 0);
	assert_string_equal(name, "Shop");
	free(name);
	free(addr);
	assert_int_equal(compose_split_from("s@shop.example", &name, &addr), 0);
	assert_string_equal(name, "");
	free(name);
	free(addr);
	assert_int_equal(compose_split_from("Shop <not an address>", &name, &addr), -1);
}

/* The header block of raw (up to the blank line). */
static char *
headers_of(const char *raw)
{
	const char *end = strstr(raw, "\r\n\r\n");

	return strndup(raw, end != NULL ? (size_t)(end - raw) + 2 : strlen(raw));
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static void
test_build_injection(void **state)
{
	char *refs[14], *out, *msgid, *err, *h;
	struct mime_message m;
	struct mime_limits lim;
	size_t len, i;
	struct compose_reply r = { "Shop \r\nBcc: a@evil.example <support@shop.example>",
		"eve@customer.example", "Eve\r\nBcc: b@evil.example", "Order?\r\nBcc: c@evil.example",
		9, "q1@customer.example>\r\nBcc: d@evil.example", refs, 0,
		"line one\n.\n..\nÜnïcödé line\n", 1795000000 };

	(void)state;
	for (i = 0; i < 14; i++)
		refs[i] = NULL;
	refs[0] = strdup("first@customer.example");
	for (i = 1; i < 13; i++) {
		char buf[64];

		snprintf(buf, sizeof buf, "r%zu@customer.example", i);
		refs[i] = strdup(buf);
	}
	refs[13] = strdup("bad id\r\nBcc: e@evil.example");
	r.nreferences = 14;
	assert_int_equal(compose_build(&r, &out, &len, &msgid, &err), 0);
	h = headers_of(out);
	/* no header of anyone's making */
	assert_int_equal(count(h, "\nBcc:"), 0);
	assert_null(strstr(out, "evil.example>"));
	assert_int_equal(count(h, "\r\nTo:"), 1);
	assert_non_null(strstr(h, "Subject: Re: Order? Bcc: c@evil.example [#9]"));
	/* an invalid In-Reply-To is dropped, References are capped, oldest kept */
	assert_null(strstr(h, "In-Reply-To:"));
	assert_non_null(strstr(h, "<first@customer.example>"));
	assert_null(strstr(h, "<r1@customer.example>"));
	assert_non_null(strstr(h, "<r12@customer.example>"));
	assert_true(count(h, "@customer.example>") <= COMPOSE_MAX_REFERENCES);
	assert_non_null(strstr(h, "Content-Transfer-Encoding: quoted-printable"));
	/* every line ends CRLF */
	for (i = 0; i < len; i++)
		if (out[i] == '\n')
			assert_true(i > 0 && out[i - 1] == '\r');
	/* and it parses back to what was meant */
	mime_limits_default(&lim);
	mime_parse(out, len, &lim, &m);
	assert_string_equal(m.from_addr, "support@shop.example");
	assert_string_equal(m.to_addr, "eve@customer.example");
	assert_string_equal(m.message_id, msgid);
	assert_string_equal(m.body, "line one\n.\n..\nÜnïcödé line\n");
	mime_message_free(&m);
	free(h);
	free(out);
	free(msgid);
	for (i = 0; i < 14; i++)
		free(refs[i]);
}

static void
test_build_refuses(void **state)
{
	struct compose_reply r = { "Shop <support@shop.example>", "eve@customer.example\r\nX: y",
		"Eve", "Hi", 1, NULL, NULL, 0, "x", 1795000000 };
	char *out, *msgid, *err = NULL;
	size_t len;

	(void)state;
	assert_int_equal(compose_build(&r, &out, &len, &msgid, &err), -1);
	assert_non_null(err);
	assert_null(strchr(err, '\n'));
	assert_null(strchr(err, '\r'));
	free(err);
	r.to_addr = "eve@customer.example";
	r.from = "no address here";
	assert_int_equal(compose_build(&r, &out, &len, &msgid, &err), -1);
	free(err);
}

/* Only 127/8, ::1 and IPv4-mapped 127/8 are local: clear text is allowed
 * to nothing else. */
static void
test_loopback(void **state)
{
	static const struct {
		const char *addr;
		int loopback;
	} cases[] = {
		{ "127.0.0.1", 1 }, { "127.1.2.3", 1 }, { "10.0.0.1", 0 }, { "128.0.0.1", 0 },
		{ "0.0.0.0", 0 }, { "::1", 1 }, { "::ffff:127.0.0.1", 1 }, { "::ffff:10.0.0.1", 0 },
		{ "2001:db8::1", 0 }, { "::", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sockaddr_in in4;
		struct sockaddr_in6 in6;

		memset(&in4, 0, sizeof in4);
		memset(&in6, 0, sizeof in6);
		if (inet_pton(AF_INET, cases[i].addr, &in4.sin_addr) == 1) {
			in4.sin_family = AF_INET;
			assert_int_equal(remote_addr_is_loopback((struct sockaddr *)&in4),
			    cases[i].loopback);
		} else {
			assert_int_equal(inet_pton(AF_INET6, cases[i].addr, &in6.sin6_addr), 1);
			in6.sin6_family = AF_INET6;
			assert_int_equal(remote_addr_is_loopback((struct sockaddr *)&in6),
			    cases[i].loopback);
		}
		/* A numeric host resolves to itself. */
		assert_int_equal(remote_host_is_loopback(cases[i].addr), cases[i].loopback);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_split_from),
		cmocka_unit_test(test_build_injection),
		cmocka_unit_test(test_build_refuses),
		cmocka_unit_test(test_loopback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
