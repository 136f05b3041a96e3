/* format.h: dates and money for people, in the user's locale. */
#ifndef AFTERCARE_FORMAT_H
#define AFTERCARE_FORMAT_H

#include <stdint.h>

/* "2026-11-22 14:03" in C/POSIX locales, the locale's date + HH:MM
 * otherwise; local time zone. Returns a new string (caller frees). */
char *format_time(int64_t epoch);
/* Date only. */
char *format_date(int64_t epoch);
/* 123456 "EUR" -> "1,234.56 EUR" with the locale's monetary separators,
 * in the currency's own minor units (JPY 0 decimals, KWD 3). Caller frees. */
char *format_money(int64_t minor, const char *currency);
/* The ISO 4217 minor-unit digits of currency: 0, 2 or 3 (2 when unknown). */
int money_decimals(const char *currency);

#endif
