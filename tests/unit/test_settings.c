/* test_settings.c: reading the configuration file. Every error must be one
 * line that names the file and says what is wrong, and a failed load must
 * leave nothing behind for the caller to free. */
#include "config.h"

#include <locale.h>
#include <regex.h>

#include "testutil.h"
#include "core/ingest.h"
#include "util/settings.h"

static char *dir;  /* one private directory for the whole group */
static char *path; /* dir/aftercare.conf, rewritten by each test */

static int
group_setup(void **state)
{
	dir = tu_tmpdir();
	path = xasprintf("%s/aftercare.conf", dir);
	return 0;
}

static int
group_teardown(void **state)
{
	free(path);
	path = NULL;
	tu_rmdir(dir);
	dir = NULL;
	return 0;
}

static void
write_conf(const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static void
load_ok(const char *text, struct config *cfg)
{
	char *err = NULL;
	int rc;

	write_conf(text);
	rc = config_load(path, 1, cfg, &err);
	if (rc != 0)
		print_error("unexpected error: %s\n", err != NULL ? err : "(null)");
	assert_int_equal(rc, 0);
	assert_null(err);
}

/* The cfg after a failed load holds nothing to free. */
static void
assert_empty(struct config *cfg)
{
	assert_null(cfg->database);
	assert_null(cfg->binds);
	assert_int_equal(cfg->nbinds, 0);
	assert_null(cfg->accounts);
	assert_int_equal(cfg->naccounts, 0);
	assert_null(cfg->mail.order_pattern);
}

/* Loads text, which must fail with a one-line message that names the file
 * and contains each of the NULL-terminated needles. */
static void
expect_error(const char *text, ...)
{
	struct config cfg;
	char *err = NULL;
	const char *needle;
	va_list ap;

	write_conf(text);
	memset(&cfg, 0x5a, sizeof cfg);
	assert_int_equal(config_load(path, 1, &cfg, &err), -1);
	assert_non_null(err);
	if (strchr(err, '\n') != NULL || strstr(err, path) == NULL)
		print_error("bad message: \"%s\"\n", err);
	assert_null(strchr(err, '\n'));
	assert_non_null(strstr(err, path));
	va_start(ap, text);
	while ((needle = va_arg(ap, const char *)) != NULL) {
		if (strstr(err, needle) == NULL)
			print_error("\"%s\" not in \"%s\"\n", needle, err);
		assert_non_null(strstr(err, needle));
	}
	va_end(ap);
	free(err);
	assert_empty(&cfg);
	config_free(&cfg);
	config_free(&cfg);
	assert_empty(&cfg);
}

/* A libconfuse error in the mail or ui section: one line naming the option. */
static void
expect_section_error(const char *text, const char *option)
{
	struct config cfg;
	char *err = NULL;

	write_conf(text);
	assert_int_equal(config_load(path, 1, &cfg, &err), -1);
	assert_non_null(err);
	assert_null(strchr(err, '\n'));
	assert_non_null(strstr(err, option));
	assert_non_null(strstr(err, path)); /* the file is named here too */
	free(err);
	assert_empty(&cfg);
	config_free(&cfg);
}

#define ACCOUNT_HEAD "account \"support\" {\n"
#define ACCOUNT_OK \
	"  url = \"imaps://mail.example.com\"\n" \
	"  user = \"support@example.com\"\n" \
	"  password_cmd = \"pass show mail\"\n"

static void
test_full_file(void **state)
{
	struct config cfg;
	struct config_account *a;

	load_ok(
	    "# a comment\n"
	    "database = \"/var/lib/aftercare/shop.db\"\n"
	    "ui {\n"
	    "  bind = {\"j next\", \"k prev\", \"C-r reply\"}\n"
	    "}\n"
	    "account \"support\" {\n"
	    "  url = \"imaps://mail.example.com:993\"\n"
	    "  user = \"support@example.com\"\n"
	    "  password_cmd = \"pass show mail/support\"\n"
	    "  folders = {\"INBOX\", \"Support\"}\n"
	    "  ca_file = \"/etc/aftercare/ca.pem\"\n"
	    "  plain_loopback = false\n"
	    "  poll_interval = 120\n"
	    "  idle_renew = 1200\n"
	    "  timeout = 30\n"
	    "  pop3_delete = true\n"
	    "}\n"
	    "account \"shop-pop\" {\n"
	    "  url = \"pop3s://pop.example.net\"\n"
	    "  user = \"orders\"\n"
	    "  password_cmd = \"cat ~/.pop\"\n"
	    "}\n", &cfg);

	assert_string_equal(cfg.database, "/var/lib/aftercare/shop.db");
	assert_int_equal(cfg.nbinds, 3);
	assert_string_equal(cfg.binds[0], "j next");
	assert_string_equal(cfg.binds[1], "k prev");
	assert_string_equal(cfg.binds[2], "C-r reply");
	assert_null(cfg.binds[3]);
	assert_int_equal(cfg.naccounts, 2);

	a = &cfg.accounts[0];
	assert_string_equal(a->name, "support");
	assert_string_equal(a->url, "imaps://mail.example.com:993");
	assert_string_equal(a->user, "support@example.com");
	assert_string_equal(a->password_cmd, "pass show mail/support");
	assert_int_equal(a->nfolders, 2);
	assert_string_equal(a->folders[0], "INBOX");
	assert_string_equal(a->folders[1], "Support");
	assert_null(a->folders[2]);
	assert_string_equal(a->ca_file, "/etc/aftercare/ca.pem");
	assert_int_equal(a->plain_loopback, 0);
	assert_int_equal(a->poll_interval, 120);
	assert_int_equal(a->idle_renew, 1200);
	assert_int_equal(a->timeout, 30);
	assert_int_equal(a->pop3_delete, 1);

	a = &cfg.accounts[1];
	assert_string_equal(a->name, "shop-pop");
	assert_string_equal(a->url, "pop3s://pop.example.net");
	assert_string_equal(a->user, "orders");
	assert_string_equal(a->password_cmd, "cat ~/.pop");
	assert_int_equal(a->nfolders, 1);
	assert_string_equal(a->folders[0], "INBOX");
	assert_null(a->folders[1]);
	assert_null(a->ca_file);
	assert_int_equal(a->plain_loopback, 1);
	assert_int_equal(a->poll_interval, 60);
	assert_int_equal(a->idle_renew, 600);
	assert_int_equal(a->timeout, 60);
	assert_int_equal(a->pop3_delete, 0);

	/* No mail section: the defaults. */
	assert_int_equal(cfg.mail.max_message, 50 * 1024 * 1024);
	assert_null(cfg.mail.order_pattern);

	config_free(&cfg);
	assert_empty(&cfg);
	config_free(&cfg); /* twice is harmless */
}

static void
test_all_url_schemes(void **state)
{
	static const char *const urls[] = {
		"imaps://a.example", "imap://127.0.0.1:1143", "pop3s://b.example", "pop3://[::1]",
	};
	struct config cfg;
	size_t i;

	for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		char *text = xasprintf("account \"a\" { url = \"%s\" user = \"u\" "
		    "password_cmd = \"p\" }\n", urls[i]);

		load_ok(text, &cfg);
		free(text);
		assert_int_equal(cfg.naccounts, 1);
		assert_string_equal(cfg.accounts[0].url, urls[i]);
		config_free(&cfg);
	}
}

static void
assert_mail_defaults(const struct config_mail *m)
{
	assert_int_equal(m->max_message, 50 * 1024 * 1024);
	assert_int_equal(m->max_header, 256 * 1024);
	assert_int_equal(m->max_depth, 32);
	assert_int_equal(m->max_parts, 500);
	assert_int_equal(m->max_decoded, 100 * 1024 * 1024);
	assert_int_equal(m->parse_timeout_ms, 5000);
	assert_null(m->order_pattern);
}

static void
test_mail_defaults(void **state)
{
	struct config cfg;
	struct config_mail m;

	/* An empty file. */
	load_ok("", &cfg);
	assert_null(cfg.database);
	assert_int_equal(cfg.nbinds, 0);
	assert_int_equal(cfg.naccounts, 0);
	assert_mail_defaults(&cfg.mail);
	config_free(&cfg);

	/* Other sections but no mail. */
	load_ok("database = \"x.db\"\n" ACCOUNT_HEAD ACCOUNT_OK "}\n", &cfg);
	assert_mail_defaults(&cfg.mail);
	config_free(&cfg);

	/* An empty mail section. */
	load_ok("mail {\n}\n", &cfg);
	assert_mail_defaults(&cfg.mail);
	config_free(&cfg);

	memset(&m, 0x5a, sizeof m);
	config_mail_defaults(&m);
	assert_mail_defaults(&m);
	assert_string_equal(m.reply_status, "pending");
	free(m.reply_status);
}

static void
test_mail_values(void **state)
{
	struct config cfg;

	load_ok(
	    "mail {\n"
	    "  max_message_size = 10485760\n"
	    "  max_header_size = 65536\n"
	    "  max_mime_depth = 8\n"
	    "  max_mime_parts = 100\n"
	    "  max_decoded_size = 20971520\n"
	    "  parse_timeout = 12\n"
	    "  order_pattern = \"(SO-[0-9]+)\"\n"
	    "}\n", &cfg);
	assert_int_equal(cfg.mail.max_message, 10485760);
	assert_int_equal(cfg.mail.max_header, 65536);
	assert_int_equal(cfg.mail.max_depth, 8);
	assert_int_equal(cfg.mail.max_parts, 100);
	assert_int_equal(cfg.mail.max_decoded, 20971520);
	assert_int_equal(cfg.mail.parse_timeout_ms, 12000);
	assert_string_equal(cfg.mail.order_pattern, "(SO-[0-9]+)");
	config_free(&cfg);
	assert_null(cfg.mail.order_pattern);
	config_free(&cfg);

	/* The ends of each range are allowed. */
	load_ok(
	    "mail {\n"
	    "  max_message_size = 1024\n"
	    "  max_header_size = 1024\n"
	    "  max_mime_depth = 64\n"
	    "  max_mime_parts = 1\n"
	    "  max_decoded_size = 2147483648\n"
	    "  parse_timeout = 600\n"
	    "}\n", &cfg);
	assert_int_equal(cfg.mail.max_message, 1024);
	assert_int_equal(cfg.mail.max_header, 1024);
	assert_int_equal(cfg.mail.max_depth, 64);
	assert_int_equal(cfg.mail.max_parts, 1);
	assert_int_equal(cfg.mail.max_decoded, (size_t)2147483648UL);
	assert_int_equal(cfg.mail.parse_timeout_ms, 600000);
	config_free(&cfg);
}

struct refs {
	char found[4][64];
	int n, stop_after;
};

static int
collect(const char *num, void *ctx)
{
	struct refs *r = ctx;

	assert_true(r->n < 4);
	assert_true(strlen(num) < sizeof r->found[0]);
	strcpy(r->found[r->n++], num);
	return r->stop_after > 0 && r->n >= r->stop_after;
}

static void
test_order_pattern(void **state)
{
	struct config cfg;
	struct refs r;
	regmatch_t rm[2];
	const char *text = "objednávka SO-1234";

	load_ok("mail { order_pattern = \"(SO-[0-9]+)\" }\n", &cfg);
	assert_int_equal(regexec(&cfg.mail.order_re, text, 2, rm, 0), 0);
	assert_true(rm[1].rm_so >= 0);
	assert_int_equal(rm[1].rm_eo - rm[1].rm_so, 7);
	assert_memory_equal(text + rm[1].rm_so, "SO-1234", 7);
	assert_int_not_equal(regexec(&cfg.mail.order_re, "order #1042", 2, rm, 0), 0);

	memset(&r, 0, sizeof r);
	ingest_order_refs_re(&cfg.mail.order_re,
	    "Dobrý den, objednávka SO-1234 a také SO-99 nedorazily.", collect, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.found[0], "SO-1234");
	assert_string_equal(r.found[1], "SO-99");

	/* A nonzero return stops the search. */
	memset(&r, 0, sizeof r);
	r.stop_after = 1;
	ingest_order_refs_re(&cfg.mail.order_re, "SO-1 SO-2 SO-3", collect, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.found[0], "SO-1");

	/* Nothing to find. */
	memset(&r, 0, sizeof r);
	ingest_order_refs_re(&cfg.mail.order_re, "no order here", collect, &r);
	assert_int_equal(r.n, 0);
	ingest_order_refs_re(&cfg.mail.order_re, NULL, collect, &r);
	assert_int_equal(r.n, 0);
	config_free(&cfg);

	/* Group 1 only: the prefix is not part of the number. */
	load_ok("mail { order_pattern = \"order ([0-9]+)\" }\n", &cfg);
	memset(&r, 0, sizeof r);
	ingest_order_refs_re(&cfg.mail.order_re, "re: order 77, order 78", collect, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.found[0], "77");
	assert_string_equal(r.found[1], "78");
	config_free(&cfg);

	/* Without a group: the whole match. */
	load_ok("mail { order_pattern = \"SO-[0-9]+\" }\n", &cfg);
	memset(&r, 0, sizeof r);
	ingest_order_refs_re(&cfg.mail.order_re, "SO-1234 and SO-99", collect, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.found[0], "SO-1234");
	assert_string_equal(r.found[1], "SO-99");
	config_free(&cfg);
}

static void
test_account_errors(void **state)
{
	expect_error(ACCOUNT_HEAD
	    "  url = \"http://mail.example.com\"\n"
	    "  user = \"u\"\n"
	    "  password_cmd = \"p\"\n"
	    "}\n", "url must start with", "account \"support\"", NULL);
	expect_error(ACCOUNT_HEAD
	    "  url = \"IMAPS://mail.example.com\"\n"
	    "  user = \"u\"\n"
	    "  password_cmd = \"p\"\n"
	    "}\n", "url must start with", NULL);
	/* Credentials in the url would leak into logs and error messages. */
	expect_error(ACCOUNT_HEAD
	    "  url = \"imaps://bob:s3cret@mail.example.com\"\n"
	    "  user = \"u\"\n"
	    "  password_cmd = \"p\"\n"
	    "}\n", "never in the url", NULL);
	/* Missing url. */
	expect_error(ACCOUNT_HEAD
	    "  user = \"u\"\n"
	    "  password_cmd = \"p\"\n"
	    "}\n", "url", "account \"support\"", NULL);
	/* Missing user, then missing password_cmd. */
	expect_error(ACCOUNT_HEAD
	    "  url = \"imaps://mail.example.com\"\n"
	    "  password_cmd = \"p\"\n"
	    "}\n", "user and password_cmd are required", "account \"support\"", NULL);
	expect_error(ACCOUNT_HEAD
	    "  url = \"imaps://mail.example.com\"\n"
	    "  user = \"u\"\n"
	    "}\n", "user and password_cmd are required", NULL);
	/* No folders. */
	expect_error(ACCOUNT_HEAD ACCOUNT_OK
	    "  folders = {}\n"
	    "}\n", "at least one folder", "account \"support\"", NULL);
	/* Bad names. */
	expect_error("account \"my box\" {\n" ACCOUNT_OK "}\n", "an account needs a name", NULL);
	expect_error("account \"\" {\n" ACCOUNT_OK "}\n", "an account needs a name", NULL);
	expect_error("account \"a/b\" {\n" ACCOUNT_OK "}\n", "an account needs a name", NULL);
	/* Numbers out of range. */
	expect_error(ACCOUNT_HEAD ACCOUNT_OK
	    "  idle_renew = 1800\n"
	    "}\n", "idle_renew must be between", "1800", NULL);
	expect_error(ACCOUNT_HEAD ACCOUNT_OK
	    "  idle_renew = 5\n"
	    "}\n", "idle_renew must be between", NULL);
	expect_error(ACCOUNT_HEAD ACCOUNT_OK
	    "  poll_interval = 0\n"
	    "}\n", "poll_interval must be between", NULL);
	expect_error(ACCOUNT_HEAD ACCOUNT_OK
	    "  timeout = 0\n"
	    "}\n", "timeout must be between", NULL);
	/* The second account is bad: the first one's strings are freed too
	 * (valgrind sees this). */
	expect_error(ACCOUNT_HEAD ACCOUNT_OK
	    "  folders = {\"INBOX\", \"Archive\"}\n"
	    "  ca_file = \"/ca.pem\"\n"
	    "}\n"
	    "account \"second\" {\n" ACCOUNT_OK
	    "  folders = {\"INBOX\"}\n"
	    "  timeout = 99999\n"
	    "}\n", "account \"second\"", "timeout must be between", NULL);
	/* A bad account after a database, binds and an order pattern. */
	expect_error("database = \"x.db\"\n"
	    "ui { bind = {\"j next\"} }\n"
	    "mail { order_pattern = \"(SO-[0-9]+)\" }\n"
	    ACCOUNT_HEAD "  url = \"ftp://x\"\n  user = \"u\"\n  password_cmd = \"p\"\n}\n",
	    "url must start with", NULL);
}

static void
test_libconfuse_errors(void **state)
{
	struct config cfg;
	char *err = NULL;

	/* Duplicate titles: libconfuse's own message. */
	write_conf(ACCOUNT_HEAD ACCOUNT_OK "}\n" ACCOUNT_HEAD ACCOUNT_OK "}\n");
	assert_int_equal(config_load(path, 1, &cfg, &err), -1);
	assert_non_null(err);
	assert_null(strchr(err, '\n'));
	assert_non_null(strstr(err, path));
	free(err);
	assert_empty(&cfg);
	config_free(&cfg);

	/* Unknown keys, named with the file. */
	expect_error(ACCOUNT_HEAD ACCOUNT_OK
	    "  pasword_cmd = \"p\"\n"
	    "}\n", "pasword_cmd", NULL);
	expect_error("databse = \"x.db\"\n", "databse", NULL);
	expect_error("shop { }\n", "shop", NULL);
	/* Inside the single sections (mail, ui) libconfuse's messages come
	 * without the file name (those sections have no filename of their
	 * own), so only the option is checked here. */
	expect_section_error("mail {\n  max_size = 5\n}\n", "max_size");
	expect_section_error("ui {\n  bindd = {\"j next\"}\n}\n", "bindd");
	expect_section_error("mail {\n  max_mime_depth = deep\n}\n", "max_mime_depth");
	/* A syntax error and a wrong type. */
	expect_error("database = \"x.db\n", NULL);
	expect_error(ACCOUNT_HEAD ACCOUNT_OK "  timeout = soon\n}\n", NULL);
	expect_error(ACCOUNT_HEAD ACCOUNT_OK "  plain_loopback = maybe\n}\n", NULL);
	/* An account without a title. */
	expect_error("account {\n" ACCOUNT_OK "}\n", NULL);
}

static void
test_mail_errors(void **state)
{
	expect_error("mail { max_mime_depth = 100 }\n", "max_mime_depth must be between",
	    "100", NULL);
	expect_error("mail { max_mime_depth = 0 }\n", "max_mime_depth must be between", NULL);
	expect_error("mail { max_message_size = 10 }\n", "max_message_size must be between",
	    NULL);
	expect_error("mail { max_header_size = -1 }\n", "max_header_size must be between", NULL);
	expect_error("mail { max_mime_parts = 10001 }\n", "max_mime_parts must be between",
	    NULL);
	expect_error("mail { max_decoded_size = 2147483649 }\n",
	    "max_decoded_size must be between", NULL);
	expect_error("mail { parse_timeout = 0 }\n", "parse_timeout must be between", NULL);
	expect_error("mail { parse_timeout = 601 }\n", "parse_timeout must be between", NULL);
	expect_error("mail { order_pattern = \"([0-9\" }\n", "order_pattern is not a valid",
	    NULL);
	/* A bad pattern after a good database and account. */
	expect_error("database = \"x.db\"\n" ACCOUNT_HEAD ACCOUNT_OK "}\n"
	    "mail { order_pattern = \"SO-[0-9\" }\n", "order_pattern is not a valid", NULL);
}

static void
test_missing_file(void **state)
{
	struct config cfg;
	char *missing = xasprintf("%s/no-such.conf", dir), *err = NULL;

	memset(&cfg, 0x5a, sizeof cfg);
	assert_int_equal(config_load(missing, 1, &cfg, &err), -1);
	assert_non_null(err);
	assert_null(strchr(err, '\n'));
	assert_non_null(strstr(err, missing));
	free(err);
	assert_empty(&cfg);
	config_free(&cfg);

	err = (char *)"not touched";
	memset(&cfg, 0x5a, sizeof cfg);
	assert_int_equal(config_load(missing, 0, &cfg, &err), 0);
	assert_null(err);
	assert_empty(&cfg);
	assert_mail_defaults(&cfg.mail);
	config_free(&cfg);
	config_free(&cfg);

	/* A directory is refused with a message (libconfuse would exit). */
	memset(&cfg, 0x5a, sizeof cfg);
	assert_int_equal(config_load(dir, 1, &cfg, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "not a file"));
	free(err);
	err = NULL;
	assert_empty(&cfg);

	/* No path at all: the defaults. */
	memset(&cfg, 0x5a, sizeof cfg);
	assert_int_equal(config_load(NULL, 1, &cfg, &err), 0);
	assert_null(err);
	assert_empty(&cfg);
	assert_mail_defaults(&cfg.mail);
	config_free(&cfg);
	free(missing);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_all_url_schemes),
		cmocka_unit_test(test_mail_defaults),
		cmocka_unit_test(test_mail_values),
		cmocka_unit_test(test_order_pattern),
		cmocka_unit_test(test_account_errors),
		cmocka_unit_test(test_libconfuse_errors),
		cmocka_unit_test(test_mail_errors),
		cmocka_unit_test(test_missing_file),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
