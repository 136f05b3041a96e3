/* orders-csv.h: importing Shopify's orders export (one row per line item,
 * columns matched by header name, quoted multi-line fields, UTF-8 with or
 * without a BOM) with libcsv. An order with a bad row is reported by line
 * number and skipped; the others are imported. Orders are matched by their
 * id (or number) in the export, so importing the same file again changes
 * nothing. Customers are found by email (or created). */
#ifndef AFTERCARE_CORE_ORDERS_CSV_H
#define AFTERCARE_CORE_ORDERS_CSV_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct csv_report {
	size_t rows, orders_new, orders_changed, orders_same, orders_bad, customers_new;
	/* called for each problem: one translated line, with its line number */
	void (*problem)(long line, const char *msg, void *ctx);
	void *ctx;
};

/* Imports path. Returns 0 (problems in rows are reported, not fatal), or -1
 * with *err when the file cannot be read or its header lacks a column the
 * import needs (nothing is imported then). */
int orders_csv_import(struct db *db, const char *path, struct csv_report *r, char **err);

/* "1234.50" in currency cur to minor units; -1 if it is not a plain
 * non-negative decimal with at most the currency's decimals. */
int orders_parse_money(const char *s, const char *cur, int64_t *out);
/* "2026-09-03 10:14:00 -0400" (or without the zone: UTC; or ISO 8601 with
 * T and Z/±hh:mm) to epoch seconds; -1 if it is not such a date. */
int orders_parse_time(const char *s, int64_t *out);

#endif
