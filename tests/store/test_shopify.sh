#!/bin/sh
# test_shopify.sh: `sync` against a Shopify GraphQL Admin API stand-in
# (tests/store/fakeshopify.py): cursor paging, the incremental updated_at
# filter, money from decimal strings (a currency without decimals too),
# line items, shipments with tracking, refunds, the customer's shopify
# identity; 429 with Retry-After, a THROTTLED answer, a cost budget running
# low, a 500 and a timeout each recovered; malformed JSON, a huge body, a
# redirect, a GraphQL error and 401 each a clear error with nothing written;
# and an email carrying CR LF skipped.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cli/lib.sh"
PY=/usr/bin/python3
A=$AFTERCARE
ORD="$T_TMP/orders.json" MODE="$T_TMP/mode" LOG="$T_TMP/requests.log"
SHOP_PID=""
trap '[ -n "$SHOP_PID" ] && kill "$SHOP_PID" 2>/dev/null; t_cleanup' EXIT

# 120 orders (12 pages of 10) for 20 registered customers and 4 guest
# addresses; #1001 is in JPY; #1010 has CR LF in its email, #1011 no email;
# #1020 has 25 line items (more than a page of orders carries).
$PY - "$ORD" <<'PYEOF'
import json, sys
def money(a, cur="EUR"):
    return {"presentmentMoney": {"amount": a, "currencyCode": cur}}
orders = []
for i in range(1, 121):
    c = i % 20
    cur = "JPY" if i == 1 else "EUR"
    cust = {"id": "gid://shopify/Customer/%d" % (900 + c), "email": "c%d@shop.example" % c,
            "phone": None, "displayName": "Cust %d" % c}
    email = ("C%d@Shop.Example" if i % 7 == 0 else "c%d@shop.example") % c
    if i % 15 == 0:
        cust, email = None, "guest%d@shop.example" % (i % 4)
    ful = []
    if i % 3 == 0:
        ful = [{"status": "SUCCESS", "createdAt": "2026-08-03T09:00:00Z",
                "deliveredAt": "2026-08-06T12:00:00Z", "estimatedDeliveryAt": None,
                "displayStatus": "DELIVERED",
                "trackingInfo": [{"company": "DHL", "number": "JD%04d" % i,
                                  "url": "https://track.example/JD%04d" % i}]}]
    elif i % 3 == 1:
        ful = [{"status": "SUCCESS", "createdAt": "2026-08-03T09:00:00Z", "deliveredAt": None,
                "estimatedDeliveryAt": "2026-08-09T00:00:00Z", "displayStatus": "IN_TRANSIT",
                "trackingInfo": [{"company": "UPS", "number": "1Z%04dA" % i, "url": None},
                                 {"company": "UPS", "number": "1Z%04dB" % i, "url": None}]}]
    orders.append({
        "id": "gid://shopify/Order/%d" % (5000 + i), "name": "#%d" % (1000 + i),
        "createdAt": "2026-08-%02dT10:00:00Z" % (1 + i % 28),
        "updatedAt": "2026-09-01T%02d:%02d:00Z" % (i // 60, i % 60),
        "cancelledAt": "2026-08-20T08:00:00Z" if i == 8 else None,
        "displayFinancialStatus": ["PAID", "AUTHORIZED", "PARTIALLY_REFUNDED", "PENDING"][i % 4],
        "displayFulfillmentStatus": ["UNFULFILLED", "FULFILLED", "PARTIALLY_FULFILLED"][i % 3],
        "email": email, "phone": None, "customer": cust, "currencyCode": cur,
        "totalPriceSet": money("1500.0", cur) if i == 1 else money("%d.50" % (20 + i % 7)),
        "subtotalPriceSet": money("1500", cur) if i == 1 else money("17.5"),
        "totalShippingPriceSet": money("0", cur) if i == 1 else money("3.00"),
        "totalTaxSet": money("0", cur) if i == 1 else money("0.0"),
        "totalDiscountsSet": money("0", cur) if i == 1 else money("1.00"),
        "totalRefundedSet": money("0", cur) if i == 1 else
            money("5.00" if i % 4 == 2 else "0.00"),
        "lineItems": {"nodes": [{"sku": "MUG", "title": "Mug", "variantTitle": "Blue",
                                 "quantity": 2,
                                 "originalUnitPriceSet": money("750", cur) if i == 1 else
                                     money("8.75"),
                                 "totalDiscountSet": money("0", cur) if i == 1 else
                                     money("1.00")}]},
        "fulfillments": ful,
    })
orders[9]["email"] = "evil@shop.example\r\nBcc: x@evil.example"
orders[9]["customer"]["email"] = orders[9]["email"]
orders[10]["email"], orders[10]["customer"] = None, None
orders[19]["lineItems"]["nodes"] = [
    {"sku": "P%02d" % k, "title": "Part %d" % k, "variantTitle": None, "quantity": 1,
     "originalUnitPriceSet": money("1.%02d" % k), "totalDiscountSet": money("0.00")}
    for k in range(1, 26)]
json.dump(orders, open(sys.argv[1], "w"))
PYEOF
echo lowbudget >"$MODE"
$PY "$here/fakeshopify.py" 0 "$ORD" "$MODE" "$LOG" >"$T_TMP/shop.log" 2>&1 &
SHOP_PID=$!
i=0; while [ $i -lt 100 ] && ! grep -q ready "$T_TMP/shop.log"; do sleep 0.05; i=$((i + 1)); done
PORT=$(sed -n 's/^ready \([0-9]*\)$/\1/p' "$T_TMP/shop.log")

D="$T_TMP/s.db" C="$T_TMP/s.conf"
"$A" --db "$D" init >/dev/null 2>&1
conf() {
	printf 'store "shop" {\n  kind = "shopify"\n  url = "http://127.0.0.1:%s/"\n  token_cmd = "%s"\n  timeout = 3\n  max_response = 1000000\n}\n' "$PORT" "$1"
}
conf "echo shpat_test" >"$C"
sql() { sqlite3 -batch "$D" "$1"; }
# gaps LOG: the smallest pause in seconds between consecutive requests
gaps() { awk 'NR > 1 { d = $1 - p; if (m == "" || d < m) m = d } { p = $1 } END { print (m == "" ? -1 : m) }' "$1"; }
orders_now() { sql "SELECT count(*) FROM orders"; }
sane() { [ "$(sql "PRAGMA integrity_check")" = ok ] && [ "$(orders_now)" = "$1" ]; }

run "$A" --config "$C" --db "$D" sync
check "a first sync pages through all 120 orders (12 pages of 10)" \
	'printf "%s" "$T_OUT" | grep -q "shop: 12 pages, 118 new orders, 0 changed, 0 unchanged, 2 skipped; 24 new customers" && [ "$(orders_now)" = 118 ]'
check "it posts its variables: page size, then the cursor of the page before" \
	'head -1 "$LOG" | grep -qF "{\"after\": null, \"first\": 10, \"items\": 10, \"query\": \"\", \"ships\": 5}" && sed -n 2p "$LOG" | grep -qF "\"after\": \"cur:10\""'
check "every query stays under the 1000 points Shopify admits (the stand-in refuses more)" \
	'[ "$(grep -c "" "$LOG")" = 13 ] && ! grep -q MAX_COST "$T_TMP/err"'
check "an order with more line items than a page carries gets the rest before it is written" \
	'grep -qF "{\"after\": \"li:10\", \"id\": \"gid://shopify/Order/5020\", \"items\": 100}" "$LOG" && [ "$(sql "SELECT count(*) || \" \" || sum(unit_price) || \" \" || max(sku) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.number = \"#1020\"")" = "25 2825 P25" ]'
check "a cost budget running low makes it pause before the next request" \
	'head -2 "$LOG" >"$T_TMP/two" && awk "BEGIN { exit !($(gaps "$T_TMP/two") >= 0.9) }"'
check "the order with CR LF in its email is skipped with a clear message and not stored" \
	'[ "$T_RC" -eq 1 ] && printf "%s" "$T_ERR" | grep -q "^aftercare: store shop: order #1010: the email is not a valid address (skipped)$" && [ "$(sql "SELECT count(*) FROM customers WHERE email LIKE \"%evil%\"") $(sql "SELECT count(*) FROM orders WHERE number = \"#1010\"")" = "0 0" ]'
check "an order without any email is skipped with a clear message" \
	'printf "%s" "$T_ERR" | grep -q "store shop: order #1011: there is no email address to file it under (skipped)" && [ "$(printf "%s\n" "$T_ERR" | grep -c "")" = 2 ]'
check "money from decimal strings into minor units, refunds, statuses" \
	'[ "$(sql "SELECT total || \"/\" || subtotal || \"/\" || shipping || \"/\" || discount || \"/\" || refunded || \"/\" || currency || \"/\" || financial_status || \"/\" || fulfillment_status FROM orders WHERE number = \"#1002\"")" = "2250/1750/300/100/500/EUR/partially_refunded/partial" ]'
check "a currency without decimals (JPY) is stored in whole yen" \
	'[ "$(sql "SELECT total || \" \" || currency || \" \" || subtotal FROM orders WHERE number = \"#1001\"")" = "1500 JPY 1500" ] && [ "$(sql "SELECT unit_price FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.number = \"#1001\"")" = 750 ]'
check "line items: unit price, quantity, the line discount and the variant" \
	'[ "$(sql "SELECT sku || \" \" || title || \" \" || variant || \" \" || unit_price || \"x\" || qty || \" -\" || i.discount FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.number = \"#1002\"")" = "MUG Mug Blue 875x2 -100" ]'
check "a delivered shipment: carrier, tracking number and url, dates, unknown left NULL" \
	'[ "$(sql "SELECT f.status || \"|\" || carrier || \"|\" || tracking_number || \"|\" || tracking_url || \"|\" || shipped_at || \"|\" || delivered_at || \"|\" || (expected_at IS NULL) FROM fulfillments f JOIN orders o ON o.id = f.order_id WHERE o.number = \"#1003\"")" = "delivered|DHL|JD0003|https://track.example/JD0003|1785747600|1786017600|1" ]'
check "a shipment in transit with two parcels: a row for each tracking number" \
	'[ "$(sql "SELECT group_concat(f.status || \" \" || tracking_number || \" \" || expected_at || \" \" || (delivered_at IS NULL) || \" \" || (tracking_url IS NULL), \",\") FROM fulfillments f JOIN orders o ON o.id = f.order_id WHERE o.number = \"#1004\"")" = "in_transit 1Z0004A 1786233600 1 1,in_transit 1Z0004B 1786233600 1 1" ]'
check "a cancelled order keeps its cancellation time; others have none" \
	'[ "$(sql "SELECT coalesce(cancelled_at, \"-\") FROM orders WHERE number IN (\"#1008\", \"#1009\") ORDER BY number")" = "1787212800
-" ]'
check "registered customers get their shopify identity; guests are known by email" \
	'[ "$(sql "SELECT count(*) FROM customer_identities WHERE kind = \"shopify\"")" = 20 ] && [ "$(sql "SELECT value FROM customer_identities i JOIN customers c ON c.id = i.customer_id WHERE i.kind = \"shopify\" AND c.email = \"c7@shop.example\"")" = "gid://shopify/Customer/907" ] && [ "$(sql "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = \"guest0@shop.example\"")" = 2 ]'
check "the cursor is the latest updatedAt seen" \
	'[ "$(sql "SELECT cursor FROM sources WHERE kind = \"shopify\" AND name = \"shop\"")" = "2026-09-01T02:00:00Z" ]'
echo ok >"$MODE"
: >"$LOG"
run "$A" --config "$C" --db "$D" sync
check "a second sync asks only for what changed since, and changes nothing" \
	'[ "$T_RC" -eq 0 ] && grep -qF "\"query\": \"updated_at:>='"'"'2026-09-01T02:00:00Z'"'"'\"" "$LOG" && printf "%s" "$T_OUT" | grep -q "shop: 1 pages, 0 new orders, 0 changed, 1 unchanged, 0 skipped; 0 new customers" && [ "$(orders_now)" = 118 ]'

# bump ORDER-INDEX TOTAL MINUTE: the order changes at 2026-09-02T00:MINUTE.
bump() {
	$PY - "$ORD" "$1" "$2" "$3" <<'PYEOF'
import json, sys
o = json.load(open(sys.argv[1]))
k = int(sys.argv[2])
o[k]["updatedAt"] = "2026-09-02T00:%02d:00Z" % int(sys.argv[4])
o[k]["totalPriceSet"]["presentmentMoney"]["amount"] = sys.argv[3]
json.dump(o, open(sys.argv[1], "w"))
PYEOF
}
# recovered MODE NUMBER TOTAL: the sync succeeded after retrying once.
recovered() {
	[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q " 0 new orders, 1 changed" &&
	    [ "$(sql "SELECT total FROM orders WHERE number = \"$2\"")" = "$3" ] &&
	    [ "$(orders_now)" = 118 ] && [ "$(grep -c " $1 " "$LOG")" -ge 2 ] &&
	    awk "BEGIN { exit !($(gaps "$LOG") >= 0.9) }"
}
bump 4 99.00 1
echo 429 >"$MODE"; : >"$LOG"
run "$A" --config "$C" --db "$D" sync
check "429 with Retry-After is waited out and the updated order is changed, not duplicated" \
	'recovered 429 "#1005" 9900'
bump 5 98.00 2
echo throttled >"$MODE"; : >"$LOG"
run "$A" --config "$C" --db "$D" sync
check "a THROTTLED answer is waited out as its cost budget says, then retried" \
	'recovered throttled "#1006" 9800'
bump 6 97.00 3
echo 500 >"$MODE"; : >"$LOG"
run "$A" --config "$C" --db "$D" sync
check "a 500 is retried after a pause" 'recovered 500 "#1007" 9700'
bump 7 96.00 4
echo timeout >"$MODE"; : >"$LOG"
run "$A" --config "$C" --db "$D" sync
check "a request that times out is retried" 'recovered timeout "#1008" 9600'

bump 11 95.00 9
for m in badjson huge redirect graphql_error 401; do
	echo "$m" >"$MODE"
	case $m in
	badjson) pat="store shop: page 1 of orders is not a JSON object" ;;
	huge) pat="store shop: 127.0.0.1: the answer is larger than 1000000 bytes" ;;
	redirect) pat="store shop: 127.0.0.1: a redirect (HTTP 302 to http://127.0.0.2:$PORT/admin/api/2024-10/graphql.json) was refused" ;;
	graphql_error) pat="store shop: the shop refused the query for page 1: Field 'bogus' doesn't exist on type 'Order'^[[31m FAKE" ;;
	401) pat="store shop: the shop answered HTTP 401 (check the access token that token_cmd prints" ;;
	esac
	run "$A" --config "$C" --db "$D" sync
	check "$m: exit 1, one clear line, nothing written" \
		'[ "$T_RC" -eq 1 ] && [ "$(printf "%s\n" "$T_ERR" | grep -c "")" = 1 ] && printf "%s" "$T_ERR" | grep -qF -- "$pat" && [ -z "$T_OUT" ] && sane 118 && [ "$(sql "SELECT cursor FROM sources WHERE kind = \"shopify\"")" = "2026-09-02T00:04:00Z" ] && [ "$(sql "SELECT total FROM orders WHERE number = \"#1012\"")" != 9500 ]'
	[ "$m" = graphql_error ] && check "the shop's error text is cut short, on one line, without its escape sequence" \
		'! grep -q "$(printf "\033")" "$T_TMP/err" && [ "$(wc -c <"$T_TMP/err")" -lt 420 ] && grep -q "\.\.\.$" "$T_TMP/err"'
done
echo ok >"$MODE"
run "$A" --config "$C" --db "$D" sync
check "after the failures the next sync picks up where the last good page left off" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q " 0 new orders, 1 changed" && [ "$(sql "SELECT total FROM orders WHERE number = \"#1012\"")" = 9500 ]'
conf "echo shpat_wrong" >"$T_TMP/wrong.conf"
expect_err "a wrong token is refused with a hint at token_cmd" 1 \
	"^aftercare: store shop: the shop answered HTTP 401 \(check the access token that token_cmd prints" \
	"$A" --config "$T_TMP/wrong.conf" --db "$D" sync

# One customer's orders, read again: only theirs are asked for and written;
# the cursor and the time of the last whole sync stay.
$PY - "$ORD" <<'PYEOF'
import json, sys
o = json.load(open(sys.argv[1]))
for x in o:
    if (x["email"] or "").lower() == "c3@shop.example":
        x["totalPriceSet"]["presentmentMoney"]["amount"] = "33.00"
json.dump(o, open(sys.argv[1], "w"))
PYEOF
before=$(sql "SELECT cursor || \" \" || last_sync_at FROM sources WHERE kind = \"shopify\"")
by_email='"query": "email:\"c3@shop.example\""'
: >"$LOG"
run "$A" --config "$C" --db "$D" sync shop --customer C3@Shop.Example
check "sync --customer asks for that address only and changes only that customer's orders" \
	'[ "$T_RC" -eq 0 ] && grep -qF "$by_email" "$LOG" && ! grep -q updated_at "$LOG" && printf "%s" "$T_OUT" | grep -q "shop: 1 pages, 0 new orders, 6 changed, 0 unchanged" && [ "$(sql "SELECT count(*) FROM orders WHERE total = 3300")" = 6 ] && [ "$(sql "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total = 3300 AND c.email = \"c3@shop.example\"")" = 6 ]'
check "and leaves the cursor and the whole-shop sync time alone" \
	'[ "$(sql "SELECT cursor || \" \" || last_sync_at FROM sources WHERE kind = \"shopify\"")" = "$before" ]'

run "$A" --db "$D" customer show c3@shop.example --json
jq_check "customer show lists the synced orders with their tracking" \
	'(.orders | length) == 6 and ([.orders[] | select(.number == "#1003")][0].fulfillments[0] | .tracking_number == "JD0003" and .carrier == "DHL" and .status == "delivered")'
t_done
