#!/bin/sh
# test_orders_csv.sh: `import orders` on Shopify's orders export: columns by
# header name, one row per line item, quoted multi-line fields, a BOM and
# CRLF, money into minor units, bad rows reported by line number and the
# rest imported, a missing column refused before anything is written, the
# same file twice changing nothing, and a 100,000-row file.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
A=$AFTERCARE
D="$T_TMP/o.db"
"$A" --db "$D" init >/dev/null 2>&1
sql() { sqlite3 -batch "$D" "$1"; }

# Columns in Shopify's order (a subset, plus ones we ignore), a BOM, CRLF.
{
	printf '\357\273\277'
	printf 'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Billing Name,Notes,Note Attributes,Cancelled at,Refunded Amount,Id\r\n'
	printf '#1001,Anna@Customer.example,paid,2026-09-03 10:14:00 -0400,fulfilled,,yes,EUR,1200.00,4.90,0.00,1204.90,,0.00,DHL,2026-09-03 10:14:00 -0400,1,"Hoodie ""Oversize"", black",1200.00,,HD-1,Anna Novak,"Leave it\r\nat the door",,,0.00,5001\r\n'
	printf '#1002,boris@customer.example,partially_refunded,,partial,,no,EUR,59.80,0,0,59.80,WELCOME,5.00,,2026-09-04 08:00:00 +0200,2,T-shirt - M,29.90,,TS-M,Boris K,,"gift: yes\r\nwrap: blue",,10.00,5002\r\n'
	printf '#1002,boris@customer.example,,,,,,,,,,,,,,,1,Socks,0.00,,SO-1,,,,,,5002\r\n'
	printf '#1003,anna@customer.example,paid,,unfulfilled,,,JPY,1500,0,0,1500,,,,2026-09-05T12:00:00Z,3,Tea,500,,TEA,Anna Novak,,,,,5003\r\n'
} >"$T_TMP/orders.csv"

run "$A" --db "$D" import orders "$T_TMP/orders.csv"
check "a clean export imports: 3 orders, 4 items, 2 customers" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "Read 4 rows: 3 new orders, 0 changed, 0 unchanged, 0 skipped; 2 new customers"'
check "money is integer minor units (EUR 1204.90, JPY 1500)" \
	'[ "$(sql "SELECT total FROM orders WHERE number = \"#1001\"")" = 120490 ] && [ "$(sql "SELECT total FROM orders WHERE number = \"#1003\"")" = 1500 ]'
check "dates with a zone and ISO dates become UTC epoch seconds" \
	'[ "$(sql "SELECT placed_at FROM orders WHERE number = \"#1001\"")" = 1788444840 ] && [ "$(sql "SELECT placed_at FROM orders WHERE number = \"#1003\"")" = 1788609600 ]'
check "quoted fields with quotes and commas, and line items grouped by order" \
	'[ "$(sql "SELECT title FROM order_items WHERE sku = \"HD-1\"")" = "Hoodie \"Oversize\", black" ] && [ "$(sql "SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.number = \"#1002\"")" = 2 ]'
check "statuses and refunds are kept" \
	'[ "$(sql "SELECT financial_status || \"/\" || fulfillment_status || \"/\" || refunded FROM orders WHERE number = \"#1002\"")" = "partially_refunded/partial/1000" ]'
check "one customer per email (case does not matter), with both orders" \
	'[ "$(sql "SELECT count(*) FROM orders o JOIN customer_identities i ON i.customer_id = o.customer_id WHERE i.value = \"anna@customer.example\"")" = 2 ]'
run "$A" --db "$D" customer show anna@customer.example
check "customer show lists the imported orders" \
	'printf "%s" "$T_OUT" | grep -q "#1001" && printf "%s" "$T_OUT" | grep -q "#1003"'

sql .dump >"$T_TMP/before.sql"
run "$A" --db "$D" import orders "$T_TMP/orders.csv"
sql .dump >"$T_TMP/after.sql"
check "importing the same file again changes nothing" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "0 new orders, 0 changed, 3 unchanged" && cmp -s "$T_TMP/before.sql" "$T_TMP/after.sql"'

# Bad values: reported by line (counting the line inside a quoted field),
# their order skipped, the rest imported.
{
	printf 'Name,Email,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Notes\n'
	printf '#2001,c@customer.example,EUR,10.00,2026-09-06 10:00:00,1,Mug,10.00,"two\nlines"\n'
	printf '#2002,d@customer.example,EUR,12,50,2026-09-06 10:00:00,1,Mug,10.00,\n'
	printf '#2003,e@customer.example,EUR,10.00,2026-02-31 10:00:00,1,Mug,10.00,\n'
	printf '#2004,f@customer.example,EURO,10.00,2026-09-06 10:00:00,1,Mug,10.00,\n'
	printf '#2005,g@customer.example,EUR,10.00,2026-09-06 10:00:00,zero,Mug,10.00,\n'
	printf '#2006,not-an-address,EUR,10.00,2026-09-06 10:00:00,1,Mug,10.00,\n'
	printf '#2007,h@customer.example,EUR,10.001,2026-09-06 10:00:00,1,Mug,10.00,\n'
	printf '#2008,i@customer.example,EUR,10.00,2026-09-06 10:00:00,1,Mug,10.00,\n'
} >"$T_TMP/bad.csv"
run "$A" --db "$D" import orders "$T_TMP/bad.csv"
check "bad rows: exit 1, the good orders imported" \
	'[ "$T_RC" -eq 1 ] && printf "%s" "$T_OUT" | grep -q "2 new orders, 0 changed, 0 unchanged, 6 skipped"'
check "each bad row is named by its line number and what was wrong" \
	'printf "%s" "$T_ERR" | grep -q "bad.csv, line 4: order #2002 skipped" &&
	 printf "%s" "$T_ERR" | grep -q "line 5: order #2003 skipped: Created at: .2026-02-31 10:00:00. is not a date" &&
	 printf "%s" "$T_ERR" | grep -q "line 6: order #2004 skipped: Currency: .EURO. is not a currency code" &&
	 printf "%s" "$T_ERR" | grep -q "line 7: order #2005 skipped: Lineitem quantity: .zero. is not a quantity" &&
	 printf "%s" "$T_ERR" | grep -q "line 8: order #2006 skipped: Email" &&
	 printf "%s" "$T_ERR" | grep -q "line 9: order #2007 skipped: Total: .10.001. is not an amount"'
check "one line per problem on stderr" '[ "$(printf "%s\n" "$T_ERR" | grep -c .)" = 6 ]'

before=$(sql "SELECT count(*) FROM orders")
printf 'Name,Email,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price\n#3001,j@customer.example,EUR,2026-09-06 10:00:00,1,Mug,10.00\n' >"$T_TMP/nototal.csv"
expect_err "a missing column is refused, naming it" 1 "has no 'Total' column" \
	"$A" --db "$D" import orders "$T_TMP/nototal.csv"
check "and nothing was imported" '[ "$(sql "SELECT count(*) FROM orders")" = "$before" ]'
: >"$T_TMP/empty.csv"
expect_err "an empty file is a clear error" 1 "empty.csv is empty" "$A" --db "$D" import orders "$T_TMP/empty.csv"
printf 'Name,Email,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price\n#4001,k@customer.example,EUR,1.00,2026-09-06 10:00:00,1,"Mug,1.00\n' >"$T_TMP/open.csv"
expect_err "an unclosed quote is an error with its line" 1 "open.csv, line 2: a quoted field is never closed" \
	"$A" --db "$D" import orders "$T_TMP/open.csv"
expect_err "a missing file is a clear error" 1 "cannot read" "$A" --db "$D" import orders "$T_TMP/nope.csv"

# 100,000 rows: 50,000 orders of two items each, 5,000 customers.
awk 'BEGIN {
	print "Name,Email,Financial Status,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Id"
	for (o = 1; o <= 50000; o++) {
		c = o % 5000
		printf "#%d,c%d@bulk.example,paid,fulfilled,EUR,30.00,0,0,30.00,2026-0%d-1%d 1%d:00:00 +0000,1,Shirt %d,20.00,SH-%d,Customer %d,%d\n", 10000 + o, c, 1 + o % 9, o % 10, o % 10, o % 7, o % 7, c, 900000 + o
		printf "#%d,c%d@bulk.example,,,,,,,,,1,Cap,10.00,CAP,,%d\n", 10000 + o, c, 900000 + o
	}
}' >"$T_TMP/big.csv"
D2="$T_TMP/big.db"
"$A" --db "$D2" init >/dev/null 2>&1
run "$A" --db "$D2" import orders "$T_TMP/big.csv"
check "a 100,000-row export: 50,000 orders, 100,000 items, 5,000 customers" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "Read 100000 rows: 50000 new orders" && [ "$(sqlite3 "$D2" "SELECT count(*) FROM order_items")" = 100000 ] && [ "$(sqlite3 "$D2" "SELECT count(*) FROM customers")" = 5000 ]'

# A CSV store: the export on disk is read again by each sync (the server's
# sync_interval, or `aftercare sync`), and what is unchanged is not written.
D3="$T_TMP/store.db" C3="$T_TMP/store.conf"
"$A" --db "$D3" init >/dev/null 2>&1
printf 'store "export" {\n  kind = "csv"\n  path = "%s"\n}\n' "$T_TMP/orders.csv" >"$C3"
run "$A" --config "$C3" --db "$D3" sync export
check "a csv store syncs the export like an import" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "export: 1 pages, 3 new orders, 0 changed, 0 unchanged, 0 skipped; 2 new customers" && [ "$(sqlite3 "$D3" "SELECT count(*) FROM orders")" = 3 ]'
run "$A" --config "$C3" --db "$D3" sync export
check "and again: nothing changed" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "0 new orders, 0 changed, 3 unchanged"'
run "$A" --config "$C3" --db "$D3" sync --status
check "sync --status: ok" '[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "^export (csv): ok"'
printf 'store "export" {\n  kind = "csv"\n  path = "orders.csv"\n}\n' >"$C3"
expect_err "a csv store needs an absolute path" 1 "path must be the absolute path of the orders export" \
	"$A" --config "$C3" --db "$D3" sync
t_done
