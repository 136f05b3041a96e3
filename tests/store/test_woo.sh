#!/bin/sh
# test_woo.sh: `sync` against a WooCommerce stand-in (tests/store/fakeshop.py)
# speaking the documented REST v3 shape: paging, incremental cursor, 429 with
# Retry-After, a 500, a timeout, malformed JSON, a huge body, a redirect to
# another host, 401, and an email field carrying CR LF: each handled with a
# clear error and nothing half-written.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cli/lib.sh"
PY=/usr/bin/python3
A=$AFTERCARE
ORD="$T_TMP/orders.json" MODE="$T_TMP/mode" LOG="$T_TMP/requests.log"
SHOP_PID=""
trap '[ -n "$SHOP_PID" ] && kill "$SHOP_PID" 2>/dev/null; t_cleanup' EXIT

# 250 orders for 30 customers (3 pages of 100), one with a CR LF email.
$PY - "$ORD" <<'PYEOF'
import json, sys
orders = []
for i in range(1, 251):
    c = i % 30
    orders.append({
        "id": 5000 + i, "number": str(1000 + i),
        "status": ["completed", "processing", "refunded", "on-hold"][i % 4],
        "currency": "EUR", "date_created_gmt": "2026-08-%02dT10:00:00" % (1 + i % 28),
        "date_modified_gmt": "2026-09-01T%02d:%02d:00" % (i // 60, i % 60),
        "total": "%d.50" % (20 + i % 7), "shipping_total": "3.00", "total_tax": "0.00",
        "discount_total": "0.00",
        "billing": {"first_name": "Cust", "last_name": str(c), "email": "c%d@woo.example" % c,
                    "phone": ""},
        "line_items": [{"id": 1, "name": "Mug", "sku": "MUG", "quantity": 2,
                        "price": 8.75, "subtotal": "17.50", "total": "17.50"}],
        "refunds": [{"id": 9, "total": "-5.00"}] if i % 4 == 2 else [],
    })
orders[9]["billing"]["email"] = "evil@woo.example\r\nBcc: x@evil.example"
json.dump(orders, open(sys.argv[1], "w"))
PYEOF
echo ok >"$MODE"
$PY "$here/fakeshop.py" 0 "$ORD" "$MODE" "$LOG" >"$T_TMP/shop.log" 2>&1 &
SHOP_PID=$!
i=0; while [ $i -lt 100 ] && ! grep -q ready "$T_TMP/shop.log"; do sleep 0.05; i=$((i + 1)); done
PORT=$(sed -n 's/^ready \([0-9]*\)$/\1/p' "$T_TMP/shop.log")

D="$T_TMP/w.db" C="$T_TMP/w.conf"
"$A" --db "$D" init >/dev/null 2>&1
printf 'store "woo" {\n  kind = "woocommerce"\n  url = "http://127.0.0.1:%s"\n  key_cmd = "echo ck_test:cs_secret"\n  timeout = 3\n}\n' "$PORT" >"$C"
sql() { sqlite3 -batch "$D" "$1"; }

run "$A" --config "$C" --db "$D" sync
check "a first sync pages through all 250 orders (3 pages)" \
	'printf "%s" "$T_OUT" | grep -q "woo: 3 pages, 249 new orders, 0 changed, 0 unchanged, 1 skipped; 30 new customers"'
check "the order with CR LF in its email is skipped with a clear message" \
	'[ "$T_RC" -eq 1 ] && printf "%s" "$T_ERR" | grep -q "order #1010: the billing email is not a valid address (skipped)" && [ "$(sql "SELECT count(*) FROM customers WHERE email LIKE \"%evil%\"")" = 0 ]'
check "money from decimal strings into minor units, refunds and line items" \
	'[ "$(sql "SELECT total || \"/\" || refunded || \"/\" || financial_status FROM orders WHERE number = \"#1002\"")" = "2250/500/refunded" ] && [ "$(sql "SELECT unit_price || \"x\" || qty FROM order_items LIMIT 1")" = "875x2" ]'
check "the cursor is the last modification seen" \
	'[ "$(sql "SELECT cursor FROM sources WHERE kind = \"woocommerce\"")" = "2026-09-01T04:10:00" ]'
: >"$LOG"
run "$A" --config "$C" --db "$D" sync
check "a second sync asks only for what changed since, and changes nothing" \
	'grep -q "modified_after=2026-09-01T04%3A10%3A00" "$LOG" && printf "%s" "$T_OUT" | grep -q "0 new orders, 0 changed"'

# Throttling and a server error are retried; the sync completes.
$PY - "$ORD" <<'PYEOF'
import json, sys
o = json.load(open(sys.argv[1]))
o[0]["date_modified_gmt"] = "2026-09-02T00:00:00"; o[0]["total"] = "99.00"
json.dump(o, open(sys.argv[1], "w"))
PYEOF
echo 429 >"$MODE"
run "$A" --config "$C" --db "$D" sync
check "429 with Retry-After is waited out and the change arrives" \
	'printf "%s" "$T_OUT" | grep -q "1 changed" && [ "$(sql "SELECT total FROM orders WHERE number = \"#1001\"")" = 9900 ]'
echo 500 >"$MODE"
run "$A" --config "$C" --db "$D" sync
check "a 500 is retried" '[ "$T_RC" -eq 0 ] || printf "%s" "$T_OUT" | grep -q "woo: 1 pages"'

before=$(sql "SELECT count(*) FROM orders")
for m in badjson huge redirect 401; do
	echo "$m" >"$MODE"
	run "$A" --config "$C" --db "$D" sync
	case $m in
	badjson) pat="page 1 of orders is not a JSON list" ;;
	huge) pat="the answer is larger than" ;;
	redirect) pat="a redirect to another host (127.0.0.2) was refused" ;;
	401) pat="HTTP 401 (check the keys" ;;
	esac
	check "$m: a clear error, nothing written" \
		'[ "$T_RC" -eq 1 ] && printf "%s" "$T_ERR" | grep -qF "$pat" && [ "$(sql "SELECT count(*) FROM orders")" = "$before" ]'
done
echo timeout >"$MODE"
run "$A" --config "$C" --db "$D" sync
check "a shop that does not answer times out with a clear error" \
	'[ "$T_RC" -eq 1 ] && printf "%s" "$T_ERR" | grep -q "no complete answer within 3 s"'
echo ok >"$MODE"
printf 'store "plain" {\n  kind = "woocommerce"\n  url = "http://shop.example"\n  key_cmd = "echo a:b"\n}\n' >"$T_TMP/plain.conf"
expect_err "plain http to another machine is refused" 1 "only https:// is allowed" \
	"$A" --config "$T_TMP/plain.conf" --db "$D" sync
expect_err "sync without stores says how to add one" 1 "no stores are configured" \
	"$A" --config /dev/null --db "$D" sync
# --status says how the last sync ended (the timeout above), then ok.
run "$A" --config "$C" --db "$D" sync --status
check "sync --status shows the last error, exit 1" \
	'[ "$T_RC" -eq 1 ] && printf "%s" "$T_OUT" | grep -q "^woo (woocommerce): error, last synced .*no complete answer"'
"$A" --config "$C" --db "$D" sync >/dev/null 2>&1
run "$A" --config "$C" --db "$D" sync --status --json
check "after a good sync the store is ok again" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | jq -e ".[0].state == \"ok\" and .[0].error == null" >/dev/null'
expect_err "--customer needs an address" 2 "is not an email address" \
	"$A" --config "$C" --db "$D" sync --customer "x@y.example\r\nBcc: z"

# One customer's orders: only theirs are asked for (search=) and written.
$PY - "$ORD" <<'PYEOF'
import json, sys
o = json.load(open(sys.argv[1]))
for x in o:
    if x["billing"]["email"] == "c7@woo.example":
        x["total"] = "77.00"   # changed, but not "modified": only a refresh sees it
json.dump(o, open(sys.argv[1], "w"))
PYEOF
: >"$LOG"
run "$A" --config "$C" --db "$D" sync --customer C7@woo.example
check "sync --customer reads only that customer's orders, and the cursor stays" \
	'grep -q "search=c7%40woo.example" "$LOG" && ! grep -q modified_after "$LOG" && [ "$(sql "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = \"c7@woo.example\" AND o.total = 7700")" -ge 1 ] && [ "$(sql "SELECT count(*) FROM orders WHERE total = 7700")" = "$(sql "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = \"c7@woo.example\"")" ] && [ "$(sql "SELECT cursor FROM sources WHERE kind = \"woocommerce\" AND name = \"woo\"")" = "2026-09-02T00:00:00" ]'
check "and the refresh is remembered for that customer" \
	'[ "$(sql "SELECT count(*) FROM customer_sync cs JOIN customers c ON c.id = cs.customer_id WHERE c.email = \"c7@woo.example\"")" = 1 ]'

# The server keeps the shop current by itself (sync_interval) and refreshes
# the orders of a customer whose ticket is opened (refresh_after). Real time
# here: the cache has to age.
S="$T_TMP/s.conf"
printf 'store "woo" {\n  kind = "woocommerce"\n  url = "http://127.0.0.1:%s"\n  key_cmd = "echo ck_test:cs_secret"\n  timeout = 3\n  sync_interval = 2\n  refresh_after = 1\n}\n' "$PORT" >"$S"
$PY - "$ORD" <<'PYEOF'
import json, sys
o = json.load(open(sys.argv[1]))
o[1]["date_modified_gmt"] = "2026-09-03T00:00:00"; o[1]["total"] = "55.00"
json.dump(o, open(sys.argv[1], "w"))
PYEOF
printf 'From: Cust <c3@woo.example>\nTo: shop@example.com\nSubject: where is it\nMessage-ID: <w1@woo.example>\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n\nHello\n' >"$T_TMP/m.eml"
AFTERCARE_NOW= "$A" --config "$S" --db "$D" import eml "$T_TMP/m.eml" >/dev/null 2>&1
: >"$LOG"
AFTERCARE_NOW= "$A" --config "$S" --db "$D" ticket list >/dev/null 2>&1
i=0; while [ $i -lt 100 ] && [ "$(sql "SELECT total FROM orders WHERE number = \"#1002\"")" != 5500 ]; do sleep 0.1; i=$((i + 1)); done
check "the server syncs the shop on its own schedule" \
	'[ "$(sql "SELECT total FROM orders WHERE number = \"#1002\"")" = 5500 ] && grep -q "modified_after=" "$LOG"'
"$A" --config "$S" --db "$D" server stop >/dev/null 2>&1
# Without a schedule, opening the ticket is what refreshes.
sed 's/sync_interval = 2/sync_interval = 0/' "$S" >"$S.2" && mv "$S.2" "$S"
tk=$(sql "SELECT t.id FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.email = 'c3@woo.example'")
$PY - "$ORD" <<'PYEOF'
import json, sys
o = json.load(open(sys.argv[1]))
for x in o:
    if x["billing"]["email"] == "c3@woo.example":
        x["total"] = "33.00"
json.dump(o, open(sys.argv[1], "w"))
PYEOF
sleep 2
AFTERCARE_NOW= "$A" --config "$S" --db "$D" ticket show "$tk" >/dev/null 2>&1
i=0; while [ $i -lt 100 ] && ! grep -q "search=c3%40woo.example" "$LOG"; do sleep 0.1; i=$((i + 1)); done
i=0; while [ $i -lt 50 ] && [ "$(sql "SELECT count(*) FROM orders WHERE total = 3300")" = 0 ]; do sleep 0.1; i=$((i + 1)); done
check "opening a ticket whose customer's orders are older than refresh_after reads them again" \
	'grep -q "search=c3%40woo.example" "$LOG" && [ "$(sql "SELECT count(*) FROM orders WHERE total = 3300")" -ge 1 ]'
n=$(grep -c "search=c3%40woo.example" "$LOG")
AFTERCARE_NOW= "$A" --config "$S" --db "$D" ticket show "$tk" >/dev/null 2>&1
sleep 0.5
check "opened again at once: the cache is fresh, the shop is not asked" \
	'[ "$(grep -c "search=c3%40woo.example" "$LOG")" = "$n" ]'
"$A" --config "$S" --db "$D" server stop >/dev/null 2>&1
t_done
