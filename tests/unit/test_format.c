/* test_format.c: money and dates for people. */
#include "config.h"

#include <locale.h>

#include "testutil.h"
#include "util/format.h"

static void
expect_money(int64_t v, const char *cur, const char *want)
{
	char *got = format_money(v, cur);

	assert_string_equal(got, want);
	free(got);
}

static void
test_money_c_locale(void **state)
{
	expect_money(0, "EUR", "0.00 EUR");
	expect_money(5, "EUR", "0.05 EUR");
	expect_money(123456, "EUR", "1,234.56 EUR");
	expect_money(-99, "USD", "-0.99 USD");
	expect_money(100000000, "UAH", "1,000,000.00 UAH");
	expect_money(INT64_MIN, "EUR", "-92,233,720,368,547,758.08 EUR");
	expect_money(1500, "JPY", "1,500 JPY");
	expect_money(250, "", "2.50");
}

static void
test_money_czech_locale(void **state)
{
	char *got;

	if (setlocale(LC_ALL, "cs_CZ.UTF-8") == NULL)
		skip();
	got = format_money(123456, "CZK");
	/* Czech: decimal comma and a (no-break) space between thousands. */
	assert_non_null(strstr(got, ",56 CZK"));
	assert_null(strchr(got, '.'));
	free(got);
	setlocale(LC_ALL, "C.UTF-8");
}

static void
test_dates(void **state)
{
	char *t = format_time(0), *d = format_date(86400 * 365);

	assert_string_equal(t, "1970-01-01 00:00");
	assert_string_equal(d, "1971-01-01");
	free(t);
	free(d);
	if (setlocale(LC_ALL, "uk_UA.UTF-8") != NULL) {
		/* Four-digit years even where the locale's %x has two. */
		d = format_date(1795000000);
		assert_non_null(strstr(d, "2026"));
		free(d);
		setlocale(LC_ALL, "C.UTF-8");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_c_locale),
		cmocka_unit_test(test_money_czech_locale),
		cmocka_unit_test(test_dates),
	};

	setenv("TZ", "UTC", 1);
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
