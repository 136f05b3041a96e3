/* test_mime.c: specification of the MIME layer (mail/mime.c, mime-worker.c,
 * rfc2047.c): every fixture in tests/data/mail with its exact expected
 * fields, then the limits, the worker process, and the two RFC helpers. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mail/mime.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define D0 1748858400 /* Mon, 02 Jun 2025 10:00:00 +0000 */
#define ALICE "alice@example.com", "Alice Smith", "support@shop.example"
#define FNV_PNG 0xb0b429561c4a6d27ULL
#define FNV_PDF 0xa848546a36ab0bea
#define FNV_JPG 0x0aec81eb65b45cbbULL
#define UK_TEXT "Доброго дня! Де моє замовлення? Посилка не прийшла. Ґанок, їжак, єнот."
#define CS_TEXT "Dobrý den, boty jsou malé, chci vrácení peněz. " \
                "Příliš žluťoučký kůň úpěl ďábelské ódy."
#define RU_TEXT "Здравствуйте! Где мой заказ? Посылка не пришла. " \
                "Съешь же ещё этих мягких французских булок."
#define ORIG_MAIL "From: support@shop.example\r\nTo: gone@example.org\r\n"

struct att_want {
	const char *filename;
	const char *type;
	size_t size;
	uint64_t fnv;       /* of the decoded bytes; 0: check prefix instead */
	const char *prefix;
};

struct fixture {
	const char *file;
	const char *message_id;
	const char *in_reply_to;
	const char *refs;   /* space-separated, NULL for none */
	const char *from_addr;
	const char *from_name;
	const char *to_addr;
	const char *subject;
	int64_t date;
	unsigned flags;
	const char *notice;
	const char *body;
	size_t natt;
	struct att_want att[3];
};

static const struct fixture fixtures[] = {
	/* One message per charset. */
	{"utf8-uk.eml", "uk-1@example.net", "orig-7@shop.example",
	 "orig-1@shop.example orig-7@shop.example", "olena@example.net", "Олена Коваленко",
	 "support@shop.example", "Де моє замовлення #1001?", 1748943000, 0, NULL,
	 UK_TEXT "\nДякую!\n", 0, {{0}}},
	{"latin1-de.eml", "de-1@example.de", NULL, NULL, "juergen@example.de", "Jürgen Weiß",
	 "support@shop.example", "Rücksendung Größe 42", D0, 0, NULL,
	 "Guten Tag, ich möchte die Schuhe zurückgeben. Größe 42 ist zu klein. "
	 "Grüße, Jürgen Weiß\n", 0, {{0}}},
	{"latin2-cs.eml", "cs-1@example.cz", NULL, NULL, "jiri@example.cz", "Jiří Dvořák",
	 "support@shop.example", "Vrácení zboží #1002", D0, 0, NULL, CS_TEXT "\n", 0, {{0}}},
	{"iso8859-5-ru.eml", "ru-1@example.ru", NULL, NULL, ALICE, "Где мой заказ?", D0, 0, NULL,
	 RU_TEXT "\n", 0, {{0}}},
	{"cp1250-cs.eml", "cs-2@example.cz", NULL, NULL, ALICE, "Reklamace: boty", D0, 0, NULL,
	 CS_TEXT "\n", 0, {{0}}},
	{"cp1251-uk.eml", "uk-2@example.ua", NULL, NULL, ALICE, "Ґудзик і їжак", D0, 0, NULL,
	 UK_TEXT "\n", 0, {{0}}},
	{"cp1252-de.eml", "de-2@example.de", NULL, NULL, ALICE, "Rechnung", D0, 0, NULL,
	 "Preis: 49,99 € – „Danke“ für die schnelle Lieferung!\n", 0, {{0}}},
	{"koi8r-ru.eml", "ru-2@example.ru", NULL, NULL, ALICE, "Посылка", D0, 0, NULL,
	 RU_TEXT "\n", 0, {{0}}},
	{"koi8u-uk.eml", "uk-3@example.ua", NULL, NULL, ALICE, "Ґанок і їжак", D0, 0, NULL,
	 UK_TEXT "\n", 0, {{0}}},

	/* Charsets that lie or that nobody knows. */
	{"charset-lie-ascii.eml", "lie-1@example.com", NULL, NULL, ALICE, "Lie", D0, 0, NULL,
	 "Grüße aus Köln\n", 0, {{0}}},
	{"charset-lie-utf8.eml", "lie-2@example.com", NULL, NULL, ALICE, "Lie 2", D0, 0, NULL,
	 "Grüße aus Köln, 5 € – danke\n", 0, {{0}}},
	{"charset-unknown.eml", "unk-1@example.com", NULL, NULL, ALICE, "Unknown", D0, 0, NULL,
	 "Привіт, світ\n", 0, {{0}}},

	/* Structure. */
	{"alternative.eml", "alt-1@example.com", NULL, NULL, ALICE, "Alternative", D0, 0, NULL,
	 "Hello, the plain part wins. Café.\n", 0, {{0}}},
	{"nested-mixed.eml", "nest-1@example.com", NULL, NULL, ALICE, "Nested", D0, 0, NULL,
	 "Photos and the invoice are attached.\n", 3,
	 {{"", "image/png", 69, FNV_PNG, NULL},
	  {"invoice.pdf", "application/pdf", 340, FNV_PDF, NULL},
	  {"photo.jpg", "image/jpeg", 108, FNV_JPG, NULL}}},
	{"rfc2231-filename.eml", "r2231@example.com", NULL, NULL, ALICE, "RFC 2231", D0, 0, NULL,
	 "Two files.\n", 2,
	 {{"Rücksendung.pdf", "application/pdf", 21, 0, "%PDF-1.4 return label"},
	  {"Vrácení zboží (kopie).txt", "application/octet-stream", 13, 0, "Vraceni zbozi"}}},
	{"rfc2047-filename.eml", "r2047@example.com", NULL, NULL, ALICE, "RFC 2047 names", D0, 0,
	 NULL, "See attachments.\n", 2,
	 {{"фото посилки.jpg", "image/jpeg", 108, FNV_JPG, NULL},
	  {"Größe.txt", "text/plain", 8, 0, "Rechnung"}}},
	{"hostile-filename.eml", "hostile-filename@evil.example", NULL, NULL, "mallory@evil.example",
	 "Mallory", "support@shop.example", "photo of the damaged item", 1794823200, 0, NULL,
	 "The photo is attached.\n", 2,
	 {{"../../.bashrc", "application/octet-stream", 11, 0, "echo pwned"},
	  {"photo\x1b[31m \xd0\xb1\xc3\xa9.jpg", "image/jpeg", 57, 0, "\xff\xd8\xff"}}},
	{"forward-rfc822.eml", "fwd-1@example.com", NULL, NULL, ALICE, "Fwd: Your order #1001",
	 D0, 0, NULL, "See the mail below, it never arrived.\n", 1,
	 {{"forwarded.eml", "message/rfc822", 175, 0, ORIG_MAIL}}},
	{"forward-only.eml", "fwd-2@example.com", NULL, NULL, ALICE, "Fwd: only the forward", D0,
	 0, NULL, "Your order has shipped.\n", 0, {{0}}},
	{"html-only.eml", "html@example.com", NULL, NULL, ALICE, "HTML only", D0, MIME_FROM_HTML,
	 NULL,
	 "Замовлення #1001\n\nHello&welcome, <customer> \"Olena\" €5 ☺ ©\n\n"
	 "Line one\nLine two\nLine three\n\n- first\n- second\n\na b\n\n5 < 6 and AT&T\n",
	 0, {{0}}},

	/* Malformed structure: deterministic, and the text is never lost. */
	{"broken-no-close.eml", "noclose@example.com", NULL, NULL, ALICE, "No closing boundary",
	 D0, 0, NULL, "The closing boundary never comes.\nSecond line.\n", 0, {{0}}},
	{"missing-boundary.eml", "nob@example.com", NULL, NULL, ALICE, "Missing boundary", D0, 0,
	 NULL,
	 "--whatever\nContent-Type: text/plain\n\nText that never got a boundary parameter.\n"
	 "--whatever--\n", 0, {{0}}},
	{"duplicate-boundary.eml", "dup@example.com", NULL, NULL, ALICE, "Duplicate boundaries",
	 D0, 0, NULL,
	 "--dup\nContent-Type: text/plain; charset=utf-8\n\nFirst text.\n--dup--\n\n"
	 "After a close delimiter.\n", 0, {{0}}},
	{"boundary-quote.eml", "bq@example.com", NULL, NULL, ALICE, "Quote boundary", D0,
	 MIME_LIMITED, "invalid multipart boundary: body not parsed", "", 0, {{0}}},
	{"bad-base64.eml", "b64@example.com", NULL, NULL, ALICE, "Bad base64", D0, 0, NULL,
	 "Hello, world!\n", 0, {{0}}},
	{"bad-qp.eml", "qp@example.com", NULL, NULL, ALICE, "Bad QP", D0, 0, NULL,
	 "Price =ZZ 5 = five, café and \nsoftbreak, loweré end\n", 0, {{0}}},

	/* Headers. */
	{"folded-headers.eml", "folded@example.com", NULL, "r1@example.com r2@example.com r3@example.com",
	 "folded@example.com", "Folded Name", "support@shop.example",
	 "Проблема з замовленням #1001 and more", D0, 0, NULL, "Folded headers.\n", 0, {{0}}},
	{"nul-bytes.eml", "nul@example.com", NULL, NULL, ALICE, "NUL in subject", D0, 0, NULL,
	 "Refund approved NOT.\n", 0, {{0}}},
	{"8bit-headers-utf8.eml", "8bit-1@example.de", NULL, NULL, "jw@example.de", "Jürgen Weiß",
	 "support@shop.example", "Größe 42 – Rücksendung", D0, 0, NULL, "Raw UTF-8 headers.\n", 0,
	 {{0}}},
	{"8bit-headers-latin1.eml", "8bit-2@example.de", NULL, NULL, "jw@example.de", "Jürgen Weiß",
	 "support@shop.example", "Größe 42 – Rücksendung", D0, 0, NULL, "Raw Latin-1 headers.\n",
	 0, {{0}}},
	{"no-message-id.eml", NULL, NULL, NULL, "nobody@example.com", "", "support@shop.example",
	 "No Message-ID, no Date", 0, 0, NULL, "Hello.\n", 0, {{0}}},
	/* Encoded words may carry controls: kept as data (display sanitises),
	 * except NUL, which libetpan would otherwise cut the subject at. */
	{"encoded-controls.eml", "ctl@example.com", NULL, NULL, "eve@example.com",
	 "Eve\r\nBcc: x", "support@shop.example",
	 "Refund approved NOT\x1b[2Jx\r\nBcc: evil@example.com", D0, 0, NULL,
	 "Controls in encoded words.\n", 0, {{0}}},

	/* Flags. */
	{"auto-reply.eml", "ooo@example.com", NULL, NULL, ALICE, "Out of office", D0,
	 MIME_AUTO_REPLY, NULL, "I am away until Monday.\n", 0, {{0}}},
	{"auto-reply-x.eml", "ooo2@example.com", NULL, NULL, ALICE, "Automatic reply", D0,
	 MIME_AUTO_REPLY, NULL, "Thanks, we got your mail.\n", 0, {{0}}},
	{"dsn-bounce.eml", "dsn-1@mx.shop.example", NULL, NULL, "MAILER-DAEMON@mx.shop.example", "",
	 "support@shop.example", "Undelivered Mail Returned to Sender", 1748854860,
	 MIME_BOUNCE | MIME_AUTO_REPLY, NULL,
	 "I'm sorry to have to inform you that your message could not\n"
	 "be delivered to one or more recipients.\n", 2,
	 {{"", "message/delivery-status", 111, 0, "Reporting-MTA: dns; mx.shop.example\r\n"},
	  {"forwarded.eml", "message/rfc822", 177, 0, ORIG_MAIL}}},
	{"bounce-postmaster.eml", "dsn-2@mx.example.org", NULL, NULL, "postmaster@mx.example.org",
	 "Postmaster", "support@shop.example", "Delivery failure", 1748854860, MIME_BOUNCE, NULL,
	 "Delivery failed.\n", 1,
	 {{"", "message/delivery-status", 72, 0, "Final-Recipient: rfc822; gone@example.org\r\n"}}},
	{"mailing-list.eml", "list-1@lists.example.com", NULL, NULL, ALICE,
	 "[shop-news] Summer sale", D0, MIME_BULK, NULL, "Everything is 20% off.\n", 0, {{0}}},

	/* Dates: all mean 2025-06-02 10:00 UTC, except the impossible one. */
	{"date-plus0530.eml", "date-plus0530@example.com", NULL, NULL, ALICE, "Date test", D0, 0,
	 NULL, "Zones.\n", 0, {{0}}},
	{"date-minus0800.eml", "date-minus0800@example.com", NULL, NULL, ALICE, "Date test",
	 D0 - 4 * 3600, 0, NULL, "Zones.\n", 0, {{0}}},
	{"date-gmt-2digit.eml", "date-gmt-2digit@example.com", NULL, NULL, ALICE, "Date test", D0,
	 0, NULL, "Zones.\n", 0, {{0}}},
	{"date-obsolete-zone.eml", "date-obsolete-zone@example.com", NULL, NULL, ALICE,
	 "Date test", D0, 0, NULL, "Zones.\n", 0, {{0}}},
	{"date-invalid.eml", "date-invalid@example.com", NULL, NULL, ALICE, "Date test", 0, 0,
	 NULL, "Zones.\n", 0, {{0}}},
};

/* ------------------------------------------------------------------------ */
/* Helpers */

static uint64_t
fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static char *
fixture_path(const char *name)
{
	const char *dir = getenv("TESTS_SRCDIR");

	return xasprintf("%s/data/mail/%s", dir != NULL ? dir : "tests", name);
}

static char *
read_file(const char *name, size_t *len)
{
	char *path = fixture_path(name);
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;

	if (f == NULL)
		fail_msg("cannot open %s (set TESTS_SRCDIR)", path);
	buf_init(&b, (size_t)-1);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	free(path);
	*len = b.len;
	return buf_take(&b);
}

static void
check_utf8(const char *what, const char *s)
{
	size_t n;
	char *r;

	if (s == NULL)
		return;
	r = text_utf8_repair(s, strlen(s), &n);
	if (n != strlen(s) || memcmp(r, s, n) != 0)
		fail_msg("%s is not valid UTF-8", what);
	free(r);
}

/* The contract of mime.h, whatever the input. */
static void
check_invariants(const struct mime_message *m)
{
	assert_non_null(m->from_name);
	assert_non_null(m->subject);
	assert_non_null(m->body);
	check_utf8("message_id", m->message_id);
	check_utf8("in_reply_to", m->in_reply_to);
	check_utf8("from_addr", m->from_addr);
	check_utf8("from_name", m->from_name);
	check_utf8("to_addr", m->to_addr);
	check_utf8("subject", m->subject);
	check_utf8("body", m->body);
	check_utf8("notice", m->notice);
	assert_null(strchr(m->body, '\r'));
	for (size_t i = 0; i < m->nreferences; i++) {
		assert_non_null(m->references[i]);
		check_utf8("reference", m->references[i]);
	}
	for (size_t i = 0; i < m->natt; i++) {
		assert_non_null(m->att[i].filename);
		assert_non_null(m->att[i].content_type);
		check_utf8("filename", m->att[i].filename);
		check_utf8("content_type", m->att[i].content_type);
		assert_true(m->att[i].size == 0 || m->att[i].data != NULL);
	}
	assert_int_equal(m->notice != NULL, (m->flags & (MIME_LIMITED | MIME_BROKEN)) != 0);
}

static void
assert_str_or_null(const char *what, const char *got, const char *want)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", what, got != NULL ? got : "(null)",
		    want != NULL ? want : "(null)");
}

static void
check_fixture(const struct fixture *f, const struct mime_message *m)
{
	char *refs;
	struct buf b;

	check_invariants(m);
	assert_str_or_null("message_id", m->message_id, f->message_id);
	assert_str_or_null("in_reply_to", m->in_reply_to, f->in_reply_to);
	buf_init(&b, (size_t)-1);
	for (size_t i = 0; i < m->nreferences; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", m->references[i]);
	refs = buf_take(&b);
	assert_str_or_null("references", m->nreferences > 0 ? refs : NULL, f->refs);
	free(refs);
	assert_str_or_null("from_addr", m->from_addr, f->from_addr);
	assert_str_or_null("from_name", m->from_name, f->from_name);
	assert_str_or_null("to_addr", m->to_addr, f->to_addr);
	assert_str_or_null("subject", m->subject, f->subject);
	assert_int_equal(m->date, f->date);
	assert_int_equal(m->flags, f->flags);
	assert_str_or_null("notice", m->notice, f->notice);
	assert_str_or_null("body", m->body, f->body);
	assert_int_equal(m->natt, f->natt);
	for (size_t i = 0; i < f->natt; i++) {
		const struct att_want *w = &f->att[i];
		const struct mime_attachment *a = &m->att[i];

		assert_str_or_null("filename", a->filename, w->filename);
		assert_str_or_null("content_type", a->content_type, w->type);
		assert_int_equal(a->size, w->size);
		if (w->fnv != 0)
			assert_true(fnv1a(a->data, a->size) == w->fnv);
		if (w->prefix != NULL)
			assert_memory_equal(a->data, w->prefix, strlen(w->prefix));
	}
}

static void
assert_same_message(const struct mime_message *a, const struct mime_message *b)
{
	assert_str_or_null("message_id", a->message_id, b->message_id);
	assert_str_or_null("in_reply_to", a->in_reply_to, b->in_reply_to);
	assert_int_equal(a->nreferences, b->nreferences);
	for (size_t i = 0; i < a->nreferences; i++)
		assert_string_equal(a->references[i], b->references[i]);
	assert_str_or_null("from_addr", a->from_addr, b->from_addr);
	assert_string_equal(a->from_name, b->from_name);
	assert_str_or_null("to_addr", a->to_addr, b->to_addr);
	assert_string_equal(a->subject, b->subject);
	assert_int_equal(a->date, b->date);
	assert_int_equal(a->flags, b->flags);
	assert_str_or_null("notice", a->notice, b->notice);
	assert_string_equal(a->body, b->body);
	assert_int_equal(a->natt, b->natt);
	for (size_t i = 0; i < a->natt; i++) {
		assert_string_equal(a->att[i].filename, b->att[i].filename);
		assert_string_equal(a->att[i].content_type, b->att[i].content_type);
		assert_int_equal(a->att[i].size, b->att[i].size);
		if (a->att[i].size > 0)
			assert_memory_equal(a->att[i].data, b->att[i].data, a->att[i].size);
	}
}

static const char msg_head[] =
    "From: Alice <alice@example.com>\r\nSubject: Generated\r\nMessage-ID: <gen@example.com>\r\n";

/* depth multiparts nested inside each other around one text part. */
static char *
gen_nested(size_t depth, size_t *len)
{
	struct buf b;

	buf_init(&b, (size_t)-1);
	buf_addstr(&b, msg_head);
	for (size_t i = 0; i < depth; i++)
		buf_addf(&b, "Content-Type: multipart/mixed; boundary=\"b%07zu\"\r\n\r\n--b%07zu\r\n",
		    i, i);
	buf_addstr(&b, "Content-Type: text/plain\r\n\r\ndeep\r\n");
	for (size_t i = depth; i-- > 0;)
		buf_addf(&b, "--b%07zu--\r\n", i);
	*len = b.len;
	return buf_take(&b);
}

/* A multipart/mixed with n text parts. */
static char *
gen_parts(size_t n, size_t *len)
{
	struct buf b;

	buf_init(&b, (size_t)-1);
	buf_addstr(&b, msg_head);
	buf_addstr(&b, "Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "--p\r\nContent-Type: text/plain\r\n\r\n%zu\r\n", i);
	buf_addstr(&b, "--p--\r\n");
	*len = b.len;
	return buf_take(&b);
}

static void
parse_str(const char *raw, size_t len, const struct mime_limits *lim, struct mime_message *m)
{
	mime_parse(raw, len, lim, m);
	check_invariants(m);
}

/* ------------------------------------------------------------------------ */
/* Fixtures */

static void
test_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		struct mime_message m;
		size_t len;
		char *raw = read_file(fixtures[i].file, &len);

		print_message("# %s\n", fixtures[i].file);
		mime_parse(raw, len, NULL, &m);
		check_fixture(&fixtures[i], &m);
		mime_message_free(&m);
		free(raw);
	}
}

/* Every .eml in the directory is in the table (and so in the README). */
static void
test_fixtures_all_listed(void **state)
{
	char *dir = fixture_path("");
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t k = strlen(e->d_name);
		int found = 0;

		if (k < 4 || strcmp(e->d_name + k - 4, ".eml") != 0)
			continue;
		n++;
		for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++)
			found |= strcmp(fixtures[i].file, e->d_name) == 0;
		if (!found)
			fail_msg("%s has no expected result in test_mime.c", e->d_name);
	}
	closedir(d);
	free(dir);
	assert_int_equal(n, sizeof fixtures / sizeof fixtures[0]);
}

static void
test_empty(void **state)
{
	struct mime_message m;

	(void)state;
	parse_str("", 0, NULL, &m);
	assert_null(m.message_id);
	assert_null(m.from_addr);
	assert_string_equal(m.subject, "");
	assert_string_equal(m.body, "");
	assert_int_equal(m.flags, 0);
	assert_int_equal(m.natt, 0);
	mime_message_free(&m);

	parse_str(NULL, 0, NULL, &m);
	assert_string_equal(m.body, "");
	mime_message_free(&m);

	/* Nothing but NULs, which the header block loses: nothing is left. */
	parse_str("\0\0", 2, NULL, &m);
	assert_string_equal(m.subject, "");
	assert_string_equal(m.body, "");
	mime_message_free(&m);

	/* Headers only, no blank line, no body. */
	parse_str("Subject: only", 13, NULL, &m);
	assert_string_equal(m.subject, "only");
	assert_string_equal(m.body, "");
	mime_message_free(&m);
}

/* ------------------------------------------------------------------------ */
/* Limits */

static void
test_limit_depth(void **state)
{
	struct mime_message m;
	size_t len;
	char *raw;

	(void)state;
	/* 32 is allowed and parsed ... */
	raw = gen_nested(32, &len);
	parse_str(raw, len, NULL, &m);
	assert_int_equal(m.flags, 0);
	assert_string_equal(m.body, "deep\n");
	mime_message_free(&m);
	free(raw);

	/* ... 33 is not, and a thousand costs a linear scan, not libetpan's time. */
	for (size_t depth = 33; depth <= 1000; depth += 967) {
		raw = gen_nested(depth, &len);
		parse_str(raw, len, NULL, &m);
		assert_int_equal(m.flags, MIME_LIMITED);
		assert_string_equal(m.notice, "MIME nesting deeper than 32: body not parsed");
		assert_string_equal(m.subject, "Generated");
		assert_string_equal(m.message_id, "gen@example.com");
		assert_string_equal(m.from_addr, "alice@example.com");
		assert_string_equal(m.body, "");
		mime_message_free(&m);
		free(raw);
	}
}

/* Nesting libetpan would find although the usual delimiters are missing or
 * closed: the pre-scan must see it too. */
static void
test_limit_depth_hidden(void **state)
{
	struct mime_message m;
	struct buf b;
	char *raw;

	(void)state;
	/* No delimiter at all: libetpan parses the body as one implicit part. */
	buf_init(&b, (size_t)-1);
	buf_addstr(&b, msg_head);
	for (size_t i = 0; i < 100; i++)
		buf_addf(&b, "Content-Type: multipart/mixed; boundary=\"h%zu\"\r\n\r\n", i);
	buf_addstr(&b, "hidden\r\n");
	raw = buf_take(&b);
	parse_str(raw, strlen(raw), NULL, &m);
	assert_int_equal(m.flags, MIME_LIMITED);
	assert_string_equal(m.notice, "MIME nesting deeper than 32: body not parsed");
	mime_message_free(&m);
	free(raw);

	/* A close delimiter followed by an open one: libetpan keeps going. */
	buf_init(&b, (size_t)-1);
	buf_addstr(&b, msg_head);
	for (size_t i = 0; i < 100; i++)
		buf_addf(&b, "Content-Type: multipart/mixed; boundary=\"c%zu\"\r\n\r\n"
		    "--c%zu\r\n\r\nx\r\n--c%zu--\r\n--c%zu\r\n", i, i, i, i);
	buf_addstr(&b, "Content-Type: text/plain\r\n\r\nhidden\r\n");
	raw = buf_take(&b);
	parse_str(raw, strlen(raw), NULL, &m);
	assert_int_equal(m.flags, MIME_LIMITED);
	assert_string_equal(m.notice, "MIME nesting deeper than 32: body not parsed");
	mime_message_free(&m);
	free(raw);

	/* libetpan takes 8-bit bytes in a field name, so the header block goes
	 * on past such a line, up to a boundary="\"" it must never see. */
	raw = xstrdup("Subject: x\r\n\xba\xb6ME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"\"\r\n\r\n--\"\r\nx\r\n");
	parse_str(raw, strlen(raw), NULL, &m);
	assert_int_equal(m.flags, MIME_LIMITED);
	assert_string_equal(m.notice, "invalid multipart boundary: body not parsed");
	mime_message_free(&m);
	free(raw);

	/* In a preamble libetpan takes "--boundary" after a lone CR, and the
	 * text glued to it starts the first part. */
	buf_init(&b, (size_t)-1);
	buf_addstr(&b, msg_head);
	buf_addstr(&b, "Content-Type: multipart/mixed; boundary=\"g0\"\r\n\r\n");
	for (size_t i = 0; i < 100; i++)
		buf_addf(&b, "pre\r--g%zuContent-Type: multipart/mixed; boundary=\"g%zu\"\r\n\r\n",
		    i, i + 1);
	buf_addstr(&b, "deep\r\n");
	raw = buf_take(&b);
	parse_str(raw, strlen(raw), NULL, &m);
	assert_int_equal(m.flags, MIME_LIMITED);
	assert_string_equal(m.notice, "MIME nesting deeper than 32: body not parsed");
	mime_message_free(&m);
	free(raw);
}

static void
test_limit_parts(void **state)
{
	struct mime_message m;
	size_t len;
	char *raw;

	(void)state;
	/* The multipart itself plus 499 parts: exactly 500. */
	raw = gen_parts(499, &len);
	parse_str(raw, len, NULL, &m);
	assert_int_equal(m.flags, 0);
	assert_int_equal(strncmp(m.body, "0\n\n1\n\n2\n", 8), 0);
	mime_message_free(&m);
	free(raw);

	for (size_t n = 500; n <= 5000; n += 4500) {
		raw = gen_parts(n, &len);
		parse_str(raw, len, NULL, &m);
		assert_int_equal(m.flags, MIME_LIMITED);
		assert_string_equal(m.notice, "more than 500 MIME parts: body not parsed");
		assert_string_equal(m.subject, "Generated");
		assert_string_equal(m.body, "");
		mime_message_free(&m);
		free(raw);
	}
}

static void
test_limit_size(void **state)
{
	struct mime_limits lim;
	struct mime_message m;
	struct buf b;
	char *raw;

	(void)state;
	mime_limits_default(&lim);
	lim.max_message = 1024;
	buf_init(&b, (size_t)-1);
	buf_addstr(&b, msg_head);
	buf_addstr(&b, "Auto-Submitted: auto-generated\r\n\r\n");
	while (b.len <= 4096)
		buf_addstr(&b, "Lorem ipsum dolor sit amet.\r\n");
	raw = buf_take(&b);
	parse_str(raw, strlen(raw), &lim, &m);
	assert_int_equal(m.flags, MIME_LIMITED | MIME_AUTO_REPLY);
	assert_string_equal(m.notice, "message larger than 1024 bytes: body not parsed");
	assert_string_equal(m.subject, "Generated");
	assert_string_equal(m.body, "");
	mime_message_free(&m);

	/* Exactly at the limit is fine. */
	lim.max_message = strlen(raw);
	parse_str(raw, strlen(raw), &lim, &m);
	assert_int_equal(m.flags, MIME_AUTO_REPLY);
	assert_int_equal(strncmp(m.body, "Lorem ipsum", 11), 0);
	mime_message_free(&m);
	free(raw);
}

static void
test_limit_header(void **state)
{
	struct mime_message m;
	struct buf b;
	char *raw;

	(void)state;
	/* 300 KiB of fields: the first ones still count. */
	buf_init(&b, (size_t)-1);
	buf_addstr(&b, msg_head);
	buf_addstr(&b, "List-Id: <x.example.com>\r\n");
	while (b.len < 300 * 1024)
		buf_addstr(&b, "X-Filler: 0123456789012345678901234567890123456789012345678901234567\r\n");
	buf_addstr(&b, "\r\nbody\r\n");
	raw = buf_take(&b);
	parse_str(raw, strlen(raw), NULL, &m);
	assert_int_equal(m.flags, MIME_LIMITED | MIME_BULK);
	assert_string_equal(m.notice, "header block larger than 262144 bytes: body not parsed");
	assert_string_equal(m.subject, "Generated");
	assert_string_equal(m.message_id, "gen@example.com");
	assert_string_equal(m.body, "");
	mime_message_free(&m);
	free(raw);

	/* One line of 300 KiB: the header is cut at the last line end before. */
	buf_init(&b, (size_t)-1);
	buf_addstr(&b, "Message-ID: <long@example.com>\r\nSubject: ");
	while (b.len < 300 * 1024)
		buf_addstr(&b, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	buf_addstr(&b, "\r\n\r\nbody\r\n");
	raw = buf_take(&b);
	parse_str(raw, strlen(raw), NULL, &m);
	assert_int_equal(m.flags, MIME_LIMITED);
	assert_string_equal(m.message_id, "long@example.com");
	assert_string_equal(m.subject, "");
	mime_message_free(&m);
	free(raw);
}

static void
test_limit_decoded(void **state)
{
	struct mime_limits lim;
	struct mime_message m;
	size_t len;
	char *raw = read_file("nested-mixed.eml", &len);

	(void)state;
	/* Body (37) and the PNG (69) fit in 200; the PDF and JPEG do not. */
	mime_limits_default(&lim);
	lim.max_decoded = 200;
	parse_str(raw, len, &lim, &m);
	assert_int_equal(m.flags, MIME_LIMITED);
	assert_string_equal(m.body, "Photos and the invoice are attached.\n");
	assert_int_equal(m.natt, 1);
	assert_string_equal(m.att[0].content_type, "image/png");
	assert_string_equal(m.notice, "decoded size over 200 bytes: 2 attachments dropped");
	mime_message_free(&m);

	/* Text is cut at a character boundary. */
	lim.max_decoded = 12;
	free(raw);
	raw = read_file("utf8-uk.eml", &len);
	parse_str(raw, len, &lim, &m);
	assert_int_equal(m.flags, MIME_LIMITED);
	assert_string_equal(m.body, "Доброг");
	assert_string_equal(m.notice, "decoded text larger than 12 bytes: body cut");
	mime_message_free(&m);
	free(raw);
}

/* ------------------------------------------------------------------------ */
/* The worker */

static void
test_worker_equals_inprocess(void **state)
{
	struct mime_worker *w = mime_worker_start(NULL);

	(void)state;
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		struct mime_message a, b;
		size_t len;
		char *raw = read_file(fixtures[i].file, &len);

		mime_parse(raw, len, NULL, &a);
		mime_worker_parse(w, raw, len, &b);
		check_invariants(&b);
		assert_same_message(&a, &b);
		mime_message_free(&a);
		mime_message_free(&b);
		free(raw);
	}
	/* Limits are applied the same way in the child. */
	{
		struct mime_message a, b;
		size_t len;
		char *raw = gen_nested(100, &len);

		mime_parse(raw, len, NULL, &a);
		mime_worker_parse(w, raw, len, &b);
		assert_same_message(&a, &b);
		mime_message_free(&a);
		mime_message_free(&b);
		free(raw);
	}
	mime_worker_stop(&w);
	assert_null(w);
	mime_worker_stop(&w);
}

static void
test_worker_oversized(void **state)
{
	struct mime_limits lim;
	struct mime_worker *w;
	struct mime_message a, b;
	size_t len;
	char *raw = gen_parts(400, &len);

	(void)state;
	mime_limits_default(&lim);
	lim.max_message = 2048;
	w = mime_worker_start(&lim);
	mime_parse(raw, len, &lim, &a);
	mime_worker_parse(w, raw, len, &b);
	assert_int_equal(b.flags, MIME_LIMITED);
	assert_string_equal(b.notice, "message larger than 2048 bytes: body not parsed");
	assert_same_message(&a, &b);
	mime_message_free(&a);
	mime_message_free(&b);
	mime_worker_stop(&w);
	free(raw);
}

/* libetpan needs seconds for nesting this deep; the limits let it try. */
static void
slow_limits(struct mime_limits *lim, unsigned timeout_ms)
{
	mime_limits_default(lim);
	lim->max_depth = 1000000;
	lim->max_parts = 1000000;
	lim->timeout_ms = timeout_ms;
}

static void
check_next_is_fine(struct mime_worker *w)
{
	struct mime_message a, b;
	size_t len;
	char *raw = read_file("nested-mixed.eml", &len);

	mime_parse(raw, len, NULL, &a);
	mime_worker_parse(w, raw, len, &b);
	assert_same_message(&a, &b);
	mime_message_free(&a);
	mime_message_free(&b);
	free(raw);
}

static void
test_worker_timeout(void **state)
{
	struct mime_limits lim;
	struct mime_worker *w;
	struct mime_message m;
	size_t len;
	char *raw = gen_nested(20000, &len);

	(void)state;
	slow_limits(&lim, 500);
	w = mime_worker_start(&lim);
	mime_worker_parse(w, raw, len, &m);
	check_invariants(&m);
	assert_int_equal(m.flags, MIME_BROKEN);
	assert_string_equal(m.notice, "parsing took longer than 500 ms");
	/* A fresh child read the header block for threading. */
	assert_string_equal(m.subject, "Generated");
	assert_string_equal(m.message_id, "gen@example.com");
	assert_string_equal(m.body, "");
	mime_message_free(&m);
	check_next_is_fine(w);
	mime_worker_stop(&w);
	free(raw);
}

/* Our children's pids (at most max); returns how many. */
static size_t
children(pid_t *out, size_t max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL && n < max) {
		char path[300], stat[512];
		FILE *f;
		const char *p;
		int ppid;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(stat, sizeof stat, f) != NULL && (p = strrchr(stat, ')')) != NULL &&
		    sscanf(p + 2, "%*c %d", &ppid) == 1 && ppid == getpid())
			out[n++] = (pid_t)atoi(e->d_name);
		fclose(f);
	}
	closedir(d);
	return n;
}

/* The worker's child: the one process whose parent is us. */
static pid_t
find_child(void)
{
	pid_t pid;

	return children(&pid, 1) == 1 ? pid : -1;
}

static long
cpu_ticks(pid_t pid)
{
	char path[64], stat[1024];
	const char *p;
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(stat, sizeof stat, f) == NULL || (p = strrchr(stat, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return (long)(ut + st);
}

/* The state letter of a process ('Z' for a zombie), 0 once it is gone. */
static char
proc_state(pid_t pid)
{
	char path[64], stat[512];
	const char *p;
	char state = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(stat, sizeof stat, f) != NULL && (p = strrchr(stat, ')')) != NULL)
		state = p[2];
	fclose(f);
	return state;
}

static void
wait_until_dead(pid_t pid)
{
	struct timespec tick = { 0, 1000 * 1000 };
	time_t deadline = time(NULL) + 30;
	char st;

	while ((st = proc_state(pid)) != 0 && st != 'Z') {
		if (time(NULL) > deadline)
			fail_msg("process %d did not die", (int)pid);
		nanosleep(&tick, NULL);
	}
}

/* Kills the child once it is visibly busy with the message (it has used
 * CPU time), waiting for that with a deadline rather than a fixed sleep. */
static void *
killer(void *arg)
{
	struct timespec tick = { 0, 2 * 1000 * 1000 };
	time_t deadline = time(NULL) + 60;
	int *killed = arg;

	while (time(NULL) < deadline) {
		pid_t pid = find_child();

		if (pid > 0 && cpu_ticks(pid) >= 5) {
			*killed = kill(pid, SIGKILL) == 0;
			return NULL;
		}
		nanosleep(&tick, NULL);
	}
	return NULL;
}

static void
test_worker_crash(void **state)
{
	struct mime_limits lim;
	struct mime_worker *w;
	struct mime_message m;
	pthread_t t;
	pid_t pid;
	int killed = 0;
	size_t len;
	char *raw = gen_nested(20000, &len);

	(void)state;
	slow_limits(&lim, 60000);
	w = mime_worker_start(&lim);
	assert_int_equal(pthread_create(&t, NULL, killer, &killed), 0);
	mime_worker_parse(w, raw, len, &m);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(killed);
	check_invariants(&m);
	assert_int_equal(m.flags, MIME_BROKEN);
	assert_string_equal(m.notice, "the parser crashed on this message");
	assert_string_equal(m.subject, "Generated");
	assert_string_equal(m.body, "");
	mime_message_free(&m);
	check_next_is_fine(w);

	/* A child that dies between messages is replaced without a loss. */
	pid = find_child();
	assert_true(pid > 0);
	assert_int_equal(kill(pid, SIGKILL), 0);
	wait_until_dead(pid);
	check_next_is_fine(w);
	mime_worker_stop(&w);
	free(raw);
}

/* ------------------------------------------------------------------------ */
/* The pool: many messages in flight over several children, answers in the
 * order they went in, the same containment as the worker */

struct pool_case {
	char *raw;
	size_t len;
	struct mime_message want;
	int slow; /* the message that times out or is killed */
};

/* Submits every case (three rounds of the fixtures, so that far more are
 * in flight than children exist) and checks each answer in order. */
static void
pool_run(struct mime_pool *p, struct pool_case *c, size_t n, const char *slow_notice)
{
	size_t in = 0, out = 0;

	while (out < n) {
		struct mime_message m;
		char *raw;
		size_t len;
		void *tag;

		while (in < n && mime_pool_room(p)) {
			char *copy = xmalloc(c[in].len + 1);

			memcpy(copy, c[in].raw, c[in].len);
			mime_pool_submit(p, copy, c[in].len, &c[in]);
			in++;
		}
		assert_int_equal(mime_pool_next(p, &m, &raw, &len, &tag), 1);
		assert_ptr_equal(tag, &c[out]);
		assert_int_equal(len, c[out].len);
		assert_memory_equal(raw, c[out].raw, len);
		check_invariants(&m);
		if (c[out].slow) {
			assert_int_equal(m.flags, MIME_BROKEN);
			assert_string_equal(m.notice, slow_notice);
			/* A fresh child read the header block for threading. */
			assert_string_equal(m.subject, "Generated");
			assert_string_equal(m.message_id, "gen@example.com");
			assert_string_equal(m.body, "");
		} else {
			assert_same_message(&c[out].want, &m);
		}
		mime_message_free(&m);
		free(raw);
		out++;
	}
	{
		struct mime_message m;
		char *raw;
		size_t len;
		void *tag;

		assert_int_equal(mime_pool_next(p, &m, &raw, &len, &tag), 0);
	}
}

/* Three rounds of the fixtures, with a slow message at slow (or none). */
static struct pool_case *
pool_cases(const struct mime_limits *lim, size_t *n, size_t slow)
{
	size_t nf = sizeof fixtures / sizeof fixtures[0], k = 0;
	struct pool_case *c;

	*n = nf * 3 + (slow != (size_t)-1);
	c = xcalloc(*n, sizeof *c);
	for (size_t i = 0; i < *n; i++) {
		if (i == slow) {
			c[i].raw = gen_nested(20000, &c[i].len);
			c[i].slow = 1;
			continue;
		}
		c[i].raw = read_file(fixtures[k % nf].file, &c[i].len);
		mime_parse(c[i].raw, c[i].len, lim, &c[i].want);
		k++;
	}
	return c;
}

static void
pool_cases_free(struct pool_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!c[i].slow)
			mime_message_free(&c[i].want);
		free(c[i].raw);
	}
	free(c);
}

static void
test_pool_in_order(void **state)
{
	struct mime_limits lim;
	struct mime_pool *p;
	struct pool_case *c;
	size_t n;

	(void)state;
	mime_limits_default(&lim);
	c = pool_cases(&lim, &n, (size_t)-1);
	p = mime_pool_start(&lim, 3);
	pool_run(p, c, n, NULL);
	/* Again on the same children: nothing left over from the first run. */
	pool_run(p, c, n, NULL);
	mime_pool_stop(&p, NULL);
	assert_null(p);
	mime_pool_stop(&p, NULL);
	pool_cases_free(c, n);

	/* Over max_message: only the headers, as in the worker. */
	lim.max_message = 2048;
	c = pool_cases(&lim, &n, (size_t)-1);
	p = mime_pool_start(&lim, 2);
	pool_run(p, c, n, NULL);
	mime_pool_stop(&p, NULL);
	pool_cases_free(c, n);
}

static void
test_pool_timeout(void **state)
{
	struct mime_limits lim;
	struct mime_pool *p;
	struct pool_case *c;
	size_t n;

	(void)state;
	slow_limits(&lim, 500);
	c = pool_cases(&lim, &n, 5);
	p = mime_pool_start(&lim, 2);
	/* The messages queued behind the slow one on its child go to a fresh
	 * child; the others keep their order. */
	pool_run(p, c, n, "parsing took longer than 500 ms");
	mime_pool_stop(&p, NULL);
	pool_cases_free(c, n);
}

/* A child that dies on a message (through the test hook, as a crash in
 * libetpan would) costs that message only. */
static void
test_pool_crash(void **state)
{
	static const char crasher[] = "Subject: Generated\r\nMessage-ID: <gen@example.com>\r\n"
	    "From: a@example.com\r\n\r\nThe parser dies here: CRASH-THE-PARSER\r\n";
	struct mime_limits lim;
	struct mime_pool *p;
	struct pool_case *c;
	pid_t pid;
	size_t n;

	(void)state;
	mime_limits_default(&lim);
	c = pool_cases(&lim, &n, 7);
	free(c[7].raw);
	c[7].raw = xstrdup(crasher);
	c[7].len = strlen(crasher);
	assert_int_equal(setenv("AFTERCARE_TEST_PARSER_CRASH", "CRASH-THE-PARSER", 1), 0);
	p = mime_pool_start(&lim, 2);
	pool_run(p, c, n, "the parser crashed on this message");

	/* Children that die between messages are replaced without a loss. */
	while ((pid = find_child()) > 0) {
		assert_int_equal(kill(pid, SIGKILL), 0);
		wait_until_dead(pid);
		while (waitpid(pid, NULL, WNOHANG) == 0)
			;
	}
	pool_run(p, c, n, "the parser crashed on this message");
	mime_pool_stop(&p, NULL);
	assert_int_equal(unsetenv("AFTERCARE_TEST_PARSER_CRASH"), 0);
	pool_cases_free(c, n);
}

/* ------------------------------------------------------------------------ */
/* RFC 2047 encoding, checked against libetpan's decoder through mime_parse */

static char *
decode_subject(const char *encoded)
{
	struct mime_message m;
	char *raw = xasprintf("Subject: %s\r\n\r\n", encoded), *s;

	parse_str(raw, strlen(raw), NULL, &m);
	s = xstrdup(m.subject);
	mime_message_free(&m);
	free(raw);
	return s;
}

/* One word alone, between two plain words: the white space between a plain
 * and an encoded word is kept, so spaces at the ends of the word survive. */
static char *
decode_word(const char *word)
{
	char *in = xasprintf("[ %s ]", word), *s = decode_subject(in), *out;
	size_t n = strlen(s);

	assert_true(n >= 4);
	assert_memory_equal(s, "[ ", 2);
	assert_memory_equal(s + n - 2, " ]", 2);
	out = xstrndup(s + 2, n - 4);
	free(s);
	free(in);
	return out;
}

static void
test_rfc2047_encode(void **state)
{
	static const struct {
		const char *in;
		const char *want; /* exact output, or NULL: encoded, check by decoding */
		const char *decoded;
	} cases[] = {
		{"", "", NULL},
		{"Hello, world", "Hello, world", NULL},
		{"Re: order #1001\r\nBcc: x@evil", "Re: order #1001Bcc: x@evil", NULL},
		{"tab\tstays", "tab\tstays", NULL},
		{"é", "=?UTF-8?B?w6k=?=", "é"},
		{"Re: Повернення коштів", NULL, "Re: Повернення коштів"},
		{"=?UTF-8?Q?looks_encoded?=", NULL, "=?UTF-8?Q?looks_encoded?="},
		{"Zimní boty\r\n#1002", NULL, "Zimní boty#1002"},
		{"bad \xff byte", NULL, "bad \xEF\xBF\xBD byte"},
		/* CR and LF go before the UTF-8 repair: what is left is U+0463. */
		{"split \xd1\r\n\xa3 char", NULL, "split \xd1\xa3 char"},
		{"🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 emoji 🙂", NULL,
		 "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 emoji 🙂"},
		{"ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа"
		 "ааааааааааааааааааааааааааааааааааааааааааааааааааа ok", NULL,
		 "ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа"
		 "ааааааааааааааааааааааааааааааааааааааааааааааааааа ok"},
	};
	char *s;

	(void)state;
	s = mime_rfc2047_encode(NULL);
	assert_string_equal(s, "");
	free(s);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *out = mime_rfc2047_encode(cases[i].in), *copy, *word, *save, *dec;
		struct buf joined;

		print_message("# encode case %zu\n", i);
		assert_null(strchr(out, '\r'));
		assert_null(strchr(out, '\n'));
		if (cases[i].want != NULL)
			assert_string_equal(out, cases[i].want);
		if (cases[i].decoded == NULL) {
			free(out);
			continue;
		}
		dec = decode_subject(out);
		assert_string_equal(dec, cases[i].decoded);
		free(dec);
		/* Each word is at most 75 characters and decodes on its own: no
		 * character is split between two words. */
		buf_init(&joined, (size_t)-1);
		copy = xstrdup(out);
		for (word = copy; word != NULL; word = save) {
			save = strchr(word, ' ');
			if (save != NULL)
				*save++ = '\0';
			assert_true(strlen(word) <= 75);
			assert_int_equal(strncmp(word, "=?UTF-8?B?", 10), 0);
			dec = decode_word(word);
			if (strstr(dec, "\xEF\xBF\xBD") != NULL &&
			    strstr(cases[i].decoded, "\xEF\xBF\xBD") == NULL)
				fail_msg("a word splits a character: %s", word);
			buf_addstr(&joined, dec);
			free(dec);
		}
		assert_string_equal(buf_str(&joined), cases[i].decoded);
		buf_free(&joined);
		free(copy);
		free(out);
	}
}

static void
test_rfc2231_decode(void **state)
{
	static const struct {
		const char *in;
		const char *want; /* NULL: not RFC 2231 */
	} cases[] = {
		{"UTF-8''R%C3%BCcksendung.pdf", "Rücksendung.pdf"},
		{"utf-8'de'R%C3%BC" "cksendung.pdf", "Rücksendung.pdf"}, /* joined continuations */
		{"iso-8859-1'de'Gr%F6%DFe.txt", "Größe.txt"},
		{"iso-8859-2'cs'Vr%E1cen%ED%20zbo%BE%ED", "Vrácení zboží"},
		{"windows-1251''%CF%F0%E8%E2%B3%F2", "Привіт"},
		{"koi8-r''%F0%D2%C9%D7%C5%D4", "Привет"},
		{"''plain%20name", "plain name"},
		{"us-ascii'en'%41%42", "AB"},
		{"UTF-8''bad%ZZ%4", "bad%ZZ%4"},
		{"UTF-8''%00nul%00", "nul"},
		{"UTF-8''%FF", "ÿ"},                 /* not UTF-8 after all: windows-1252 */
		{"x-no-such''%C3%A9", "é"},          /* unknown charset, valid UTF-8 */
		{"UTF-8''..%2F..%2Fetc%2Fpasswd", "../../etc/passwd"}, /* decoded, not sanitised */
		{"not rfc 2231", NULL},
		{"one'quote", NULL},
		{"sp ace''x", NULL},
		{"", NULL},
	};
	char *s;

	(void)state;
	assert_null(mime_rfc2231_decode(NULL));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		print_message("# rfc2231 %s\n", cases[i].in);
		s = mime_rfc2231_decode(cases[i].in);
		assert_str_or_null("rfc2231", s, cases[i].want);
		free(s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_fixtures_all_listed),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_limit_depth_hidden),
		cmocka_unit_test(test_limit_parts),
		cmocka_unit_test(test_limit_size),
		cmocka_unit_test(test_limit_header),
		cmocka_unit_test(test_limit_decoded),
		cmocka_unit_test(test_rfc2047_encode),
		cmocka_unit_test(test_rfc2231_decode),
		cmocka_unit_test(test_worker_equals_inprocess),
		cmocka_unit_test(test_worker_oversized),
		cmocka_unit_test(test_worker_timeout),
		cmocka_unit_test(test_worker_crash),
		cmocka_unit_test(test_pool_in_order),
		cmocka_unit_test(test_pool_timeout),
		cmocka_unit_test(test_pool_crash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
