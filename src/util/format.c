/* format.c: locale-aware dates and money. Money stays an integer all the
 * way: the separators come from localeconv(), never from a float. */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/format.h"
#include "util/xmalloc.h"

static int
c_locale_time(void)
{
	const char *l = setlocale(LC_TIME, NULL);

	return l == NULL || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0 ||
	    strncmp(l, "C.", 2) == 0;
}

/* The locale's date format with a four-digit year: some locales' %x
 * gives "22.11.26", which is ambiguous in a support history. */
static void
date_format(char *out, size_t size, int with_time)
{
	const char *d = c_locale_time() ? "%Y-%m-%d" : nl_langinfo(D_FMT);
	struct buf b;

	buf_init(&b, size - 1);
	for (; *d != '\0'; d++) {
		if (d[0] == '%' && d[1] == 'y') {
			buf_addstr(&b, "%Y");
			d++;
		} else {
			buf_addc(&b, *d);
		}
	}
	if (with_time)
		buf_addstr(&b, " %H:%M");
	snprintf(out, size, "%s", buf_str(&b));
	buf_free(&b);
}

static char *
fmt(int64_t epoch, int with_time)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	char out[128], f[64];
	size_t n;

	if (localtime_r(&t, &tm) == NULL)
		return xstrdup("?");
	date_format(f, sizeof f, with_time);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	n = strftime(out, sizeof out, f, &tm);
#pragma GCC diagnostic pop
	if (n == 0)
		return xstrdup("?");
	return xstrdup(out);
}

char *
format_time(int64_t epoch)
{
	return fmt(epoch, 1);
}

char *
format_date(int64_t epoch)
{
	return fmt(epoch, 0);
}

int
money_decimals(const char *c)
{
	static const char *const zero[] = { "JPY", "KRW", "VND", "CLP", "ISK", "XOF", "XAF", "PYG",
		"UGX", "RWF", NULL };
	static const char *const three[] = { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND", NULL };
	int i;

	for (i = 0; c != NULL && zero[i] != NULL; i++)
		if (strcmp(c, zero[i]) == 0)
			return 0;
	for (i = 0; c != NULL && three[i] != NULL; i++)
		if (strcmp(c, three[i]) == 0)
			return 3;
	return 2;
}

char *
format_money(int64_t minor, const char *currency)
{
	struct lconv *lc = localeconv();
	const char *dp = lc->mon_decimal_point != NULL && lc->mon_decimal_point[0] != '\0' ?
	    lc->mon_decimal_point : ".";
	const char *ts = lc->mon_thousands_sep != NULL && lc->mon_thousands_sep[0] != '\0' ?
	    lc->mon_thousands_sep : (strcmp(dp, ",") == 0 ? " " : ",");
	int dec = money_decimals(currency);
	uint64_t v = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	uint64_t scale = dec == 3 ? 1000 : dec == 2 ? 100 : 1, whole = v / scale, frac = v % scale;
	char digits[32], tmp[32];
	struct buf b;
	int n = 0, i, len;

	do {
		tmp[n++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole > 0);
	for (i = 0; i < n; i++)
		digits[i] = tmp[n - 1 - i];
	digits[n] = '\0';

	buf_init(&b, 128);
	if (minor < 0)
		buf_addc(&b, '-');
	len = n;
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_addstr(&b, ts);
		buf_addc(&b, digits[i]);
	}
	if (dec > 0)
		buf_addf(&b, "%s%0*u", dp, dec, (unsigned)frac);
	if (currency != NULL && currency[0] != '\0')
		buf_addf(&b, " %s", currency);
	return buf_take(&b);
}
