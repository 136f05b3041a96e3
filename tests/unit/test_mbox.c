/* test_mbox.c: splitting mbox files (mboxo and mboxrd) and listing Maildirs. */
#include "config.h"

#include <sys/stat.h>

#include "mail/mbox.h"
#include "testutil.h"

/* Splits text and joins the messages with "|" for an easy comparison. */
static char *
split(const char *text)
{
	struct mbox_iter it;
	char *msg, *all = xstrdup(""), *n;
	size_t len, off;

	mbox_iter_init(&it, text, strlen(text));
	while (mbox_next(&it, &msg, &len, &off)) {
		assert_int_equal(strlen(msg), len);
		n = xasprintf("%s%s[%zu]%s", all, all[0] != '\0' ? "|" : "", off, msg);
		free(all);
		all = n;
		free(msg);
	}
	return all;
}

static void
test_split(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "", "" },
		{ "no separator at all\n", "" },
		{ "From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n",
		  "[0]Subject: one\n\nbody\n" },
		{ "From a\nA\n\nFrom b\nB\n", "[0]A\n|[10]B\n" },
		/* Text before the first separator is skipped. */
		{ "junk\nFrom a\nA\n", "[5]A\n" },
		/* mboxrd: one '>' comes off quoted From lines, other '>' stay. */
		{ "From a\n>From me\n>>From you\n> quoted\nx>From y\n",
		  "[0]From me\n>From you\n> quoted\nx>From y\n" },
		/* "From" inside a line, or without the space, is not a separator. */
		{ "From a\nsaid From b\nFromage\n", "[0]said From b\nFromage\n" },
		/* No newline at the end; CRLF kept as it is. */
		{ "From a\r\nA\r\nend", "[0]A\r\nend" },
		{ "From a", "[0]" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = split(cases[i].in);

		if (strcmp(got, cases[i].out) != 0)
			print_error("case %zu: got \"%s\"\n", i, got);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

static void
touch(const char *path)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs("Subject: x\n\nbody\n", fp);
	fclose(fp);
}

static void
test_maildir(void **state)
{
	char *dir = tu_tmpdir(), *p, **names = NULL, *err = NULL;
	size_t n = 0;

	assert_int_equal(maildir_list(dir, &names, &n, &err), -1);
	assert_non_null(strstr(err, "is not a Maildir"));
	free(err);
	p = xasprintf("%s/cur", dir);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/new", dir);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/new/2.b", dir);
	touch(p);
	free(p);
	p = xasprintf("%s/cur/1.a:2,S", dir);
	touch(p);
	free(p);
	p = xasprintf("%s/cur/.hidden", dir);
	touch(p);
	free(p);
	assert_int_equal(maildir_list(dir, &names, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "cur/1.a:2,S");
	assert_string_equal(names[1], "new/2.b");
	maildir_list_free(names, n);
	/* Found again by the unique part of its name, whatever its flags. */
	p = maildir_find(dir, "1.a");
	assert_string_equal(p, "cur/1.a:2,S");
	free(p);
	p = maildir_find(dir, "2.b");
	assert_string_equal(p, "new/2.b");
	free(p);
	assert_null(maildir_find(dir, "1"));
	assert_null(maildir_find(dir, "3.c"));
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_maildir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
