#!/bin/sh
# test_push.sh: settled returns pushed to the shop (store { push_returns })
# against the stand-ins (tests/store/fakeshop.py, fakeshopify.py). The data
# is built the way an agent would: orders synced from the shop, a ticket per
# customer naming the order, then return create / receive / refund. Then:
# a refund recorded in the shop with api_refund false and the RMA in its
# reason; a refusal (422, Shopify userErrors) kept as one clean line; a 500
# retried; an answer lost after the shop acted found again, in the same run
# or the next, and never posted twice; store credit as an order note; the
# cap on automatic retries.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cli/lib.sh"
PY=/usr/bin/python3
A=$AFTERCARE
ORD="$T_TMP/orders.json" MODE="$T_TMP/mode" LOG="$T_TMP/requests.log" ST="$T_TMP/woo-state.json"
SORD="$T_TMP/sorders.json" SMODE="$T_TMP/smode" SLOG="$T_TMP/srequests.log" SST="$T_TMP/shop-state.json"
SHOP_PID="" SHOPIFY_PID=""
trap '[ -n "$SHOP_PID" ] && kill "$SHOP_PID" 2>/dev/null; [ -n "$SHOPIFY_PID" ] && kill "$SHOPIFY_PID" 2>/dev/null; t_cleanup' EXIT
wait_ready() { # wait_ready LOGFILE: the stand-in printed "ready" (5 s at most)
	i=0; while [ $i -lt 100 ] && ! grep -q ready "$1" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
}

# --- WooCommerce --------------------------------------------------------------
# Six orders, one customer each (c1..c6), placed a week before AFTERCARE_NOW.
$PY - "$ORD" <<'PYEOF'
import json, sys
orders = []
for i in range(1, 7):
    orders.append({
        "id": 6000 + i, "number": str(2000 + i), "status": "completed", "currency": "EUR",
        "date_created_gmt": "2026-11-10T10:00:00", "date_modified_gmt": "2026-11-10T12:%02d:00" % i,
        "total": "38.00", "shipping_total": "3.00", "total_tax": "0.00", "discount_total": "0.00",
        "billing": {"first_name": "Cust", "last_name": str(i), "email": "c%d@push.example" % i,
                    "phone": ""},
        "line_items": [
            {"id": 100 * i + 1, "name": "Mug", "sku": "MUG", "quantity": 2, "price": 10,
             "subtotal": "20.00", "total": "20.00"},
            {"id": 100 * i + 2, "name": "Tee", "sku": "TEE", "quantity": 1, "price": 15,
             "subtotal": "15.00", "total": "15.00"}],
        "refunds": [],
    })
json.dump(orders, open(sys.argv[1], "w"))
PYEOF
echo ok >"$MODE"
$PY "$here/fakeshop.py" 0 "$ORD" "$MODE" "$LOG" "$ST" >"$T_TMP/shop.log" 2>&1 &
SHOP_PID=$!
wait_ready "$T_TMP/shop.log"
PORT=$(sed -n 's/^ready \([0-9]*\)$/\1/p' "$T_TMP/shop.log")

D="$T_TMP/w.db" C="$T_TMP/w.conf" OFF="$T_TMP/off.conf"
"$A" --db "$D" init >/dev/null 2>&1
printf 'store "woo" {\n  kind = "woocommerce"\n  url = "http://127.0.0.1:%s"\n  key_cmd = "echo ck_test:cs_secret"\n  timeout = 3\n  sync_interval = 0\n  push_returns = true\n}\n' "$PORT" >"$C"
sed 's/push_returns = true/push_returns = false/' "$C" >"$OFF"
sql() { sqlite3 -batch "$D" "$1"; }
# How the stand-in's state says it: st FILE PYTHON-EXPRESSION over s.
st() { $PY -c 'import json, sys
try:
    s = json.load(open(sys.argv[1]))
except OSError:
    s = {}
print(eval(sys.argv[2]))' "$1" "$2"; }

run "$A" --config "$C" --db "$D" sync woo
check "the orders come from the shop (and there is nothing to push yet)" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT count(*) FROM orders o JOIN sources s ON s.id = o.source_id WHERE s.kind = \"woocommerce\"")" = 6 ] && ! printf "%s" "$T_OUT" | grep -q RMA'

# ticket N: a mail from cN naming order #200N; prints the ticket id
ticket() {
	printf 'From: Cust <c%s@push.example>\nTo: support@shop.example\nSubject: Order #%s%s\nMessage-ID: <p%s-%s@push.example>\nDate: Mon, 16 Nov 2026 10:00:00 +0000\n\nHello\n' \
		"$1" "$2" "$1" "$2" "$1" >"$T_TMP/m.eml"
	"$A" --config "$C" --db "$D" import eml "$T_TMP/m.eml" >/dev/null 2>&1
	sql "SELECT t.id FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE m.external_id = 'p$2-$1@push.example'"
}
# settle CONF N PREFIX SKU RESOLUTION: a return of one SKU of order #PREFIXN,
# received and refunded (or credited); prints the RMA
settle() {
	conf=$1 n=$2 pre=$3 sku=$4 res=$5
	tk=$(ticket "$n" "$pre")
	rma=$("$A" --config "$conf" --db "$D" --no-server return create --ticket "$tk" \
		--item "$sku:1:defective" --resolution "$res" 2>/dev/null |
		sed -n 's/^Return \(RMA-[0-9]*-[0-9]*\) .*/\1/p')
	"$A" --config "$conf" --db "$D" --no-server return receive "$rma" >/dev/null 2>&1
	"$A" --config "$conf" --db "$D" --no-server return "$res" "$rma" >/dev/null 2>&1
	echo "$rma"
}
# pending RMA: until returns.c calls store_push_mark, a refund leaves the
# return 'manual'; then it is set 'pending' here, as the mark would.
pending() {
	if [ "$(sql "SELECT shop_state FROM returns WHERE rma = '$1'")" = manual ]; then
		sql "UPDATE returns SET shop_state = 'pending' WHERE rma = '$1'"
	fi
}
state_of() { sql "SELECT shop_state || '|' || coalesce(shop_ref, '') || '|' || coalesce(shop_error, '') FROM returns WHERE rma = '$1'"; }
posts() { grep -c "^POST /wp-json/wc/v3/orders/$1/refunds" "$LOG"; }

# 1. A refund: recorded in the shop, money not moved there, items restocked.
r1=$(settle "$C" 1 200 MUG refund)
s=$(sql "SELECT shop_state FROM returns WHERE rma = '$r1'")
check "a refunded return of a push_returns store is pending, or manual until the mark is wired ($s)" \
	'[ -n "$r1" ] && [ "$(sql "SELECT status FROM returns WHERE rma = \"$r1\"")" = refunded ] && { [ "$s" = pending ] || [ "$s" = manual ]; }'
pending "$r1"
run "$A" --config "$C" --db "$D" sync woo --push
rid=$(st "$ST" 's["refunds"]["6001"][0]["id"]')
check "sync --push: one line for the return, exit 0" \
	'[ "$T_RC" -eq 0 ] && [ "$T_OUT" = "$r1: sent to woo as refund/$rid" ] && [ -z "$T_ERR" ]'
check "the refund names the RMA, says api_refund false, the amount from minor units" \
	'[ "$(st "$ST" "len(s[\"refunds\"][\"6001\"])")" = 1 ] && [ "$(st "$ST" "s[\"refunds\"][\"6001\"][0][\"reason\"]")" = "$r1 (aftercare)" ] && [ "$(st "$ST" "[p[\"body\"][\"api_refund\"] for p in s[\"posts\"]]")" = "[False]" ] && [ "$(st "$ST" "s[\"refunds\"][\"6001\"][0][\"amount\"]")" = 10.00 ]'
check "the line is matched by SKU and restocked" \
	'[ "$(st "$ST" "s[\"refunds\"][\"6001\"][0][\"line_items\"]")" = "[{'"'"'id'"'"': 101, '"'"'quantity'"'"': 1, '"'"'refund_total'"'"': '"'"'10.00'"'"'}]" ] && [ "$(st "$ST" "s[\"refunds\"][\"6001\"][0][\"api_restock\"]")" = True ]'
check "the return is done with the shop's refund id" '[ "$(state_of "$r1")" = "done|refund/$rid|" ]'
run "$A" --config "$C" --db "$D" sync woo --push
check "pushed again: nothing to push, nothing posted" \
	'[ "$T_RC" -eq 0 ] && [ "$T_OUT" = "woo: no returns to push" ] && [ "$(posts 6001)" = 1 ]'
run "$A" --config "$C" --db "$D" --no-server return show "$r1" --json
jq_check "return show: the push is in the return's history" \
	'.return.shop_state == "done" and any(.history[]; .action == "return.pushed" and .detail.ref == "refund/'"$rid"'")'

# A store without push_returns: the return stays to be done by hand.
r0=$(settle "$OFF" 6 200 TEE refund)
check "without push_returns the refund leaves the return manual" \
	'[ -n "$r0" ] && [ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$r0\"")" = manual ]'

# 2. The shop refuses: failed, with its message as one clean line.
r2=$(settle "$C" 2 200 TEE refund)
pending "$r2"
echo 422 >"$MODE"
run "$A" --config "$C" --db "$D" sync woo --push
check "a 422: exit 1, one line on stderr with the shop's message" \
	'[ "$T_RC" -eq 1 ] && [ -z "$T_OUT" ] && [ "$(printf "%s\n" "$T_ERR" | grep -c "")" = 1 ] && printf "%s" "$T_ERR" | grep -qF "$r2: not sent to woo: the shop answered HTTP 422: Invalid refund amount.^[[2J"'
check "failed, the message stored sanitised, nothing made in the shop" \
	'[ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$r2\"")" = failed ] && sql "SELECT shop_error FROM returns WHERE rma = \"$r2\"" | grep -qF "HTTP 422: Invalid refund amount.^[[2J" && [ "$(sql "SELECT count(*) FROM returns WHERE rma = \"$r2\" AND shop_error GLOB \"*$(printf "\033")*\"")" = 0 ] && [ "$(st "$ST" "len(s[\"refunds\"].get(\"6002\", []))")" = 0 ] && [ "$(posts 6002)" = 1 ]'
run "$A" --config "$C" --db "$D" --no-server return show "$r2"
check "return show lists the failed push" 'printf "%s" "$T_OUT" | grep -q "return.push_failed"'
# After STORE_PUSH_ATTEMPTS (5) failures a scheduled sync leaves it alone.
id2=$(sql "SELECT id FROM returns WHERE rma = '$r2'")
for k in 1 2 3 4; do
	sql "INSERT INTO audit_log (at, action, object_type, object_id, detail) VALUES (1795000000, 'return.push_failed', 'return', '$id2', '{}')"
done
echo ok >"$MODE"
run "$A" --config "$C" --db "$D" sync woo
check "a whole sync does not retry a return that failed 5 times, and says so" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "woo: 1 return failed 5 times and waits for .sync woo --push." && [ "$(posts 6002)" = 1 ]'
run "$A" --config "$C" --db "$D" sync woo --push
rid2=$(st "$ST" 's["refunds"]["6002"][0]["id"]')
check "sync --push tries it all the same: done" \
	'[ "$T_RC" -eq 0 ] && [ "$(state_of "$r2")" = "done|refund/$rid2|" ] && [ "$(posts 6002)" = 2 ]'

# 3. A 500 without acting: retried in the same run, one refund.
r3=$(settle "$C" 3 200 MUG refund)
pending "$r3"
echo refund_500 >"$MODE"
run "$A" --config "$C" --db "$D" sync woo --push
check "a 500 is retried after a fresh look: done, one refund" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$r3\"")" = done ] && [ "$(posts 6003)" = 2 ] && [ "$(st "$ST" "len(s[\"refunds\"][\"6003\"])")" = 1 ]'

# 4. The shop acts, the answer is lost (timeout): the next look finds it.
r4=$(settle "$C" 4 200 MUG refund)
pending "$r4"
echo timeout_after_acting >"$MODE"
run "$A" --config "$C" --db "$D" sync woo --push
rid4=$(st "$ST" 's["refunds"]["6004"][0]["id"]')
check "timeout after the shop acted: found by its RMA in the same run, posted once" \
	'[ "$T_RC" -eq 0 ] && [ "$T_OUT" = "$r4: already in woo as refund/$rid4, not sent again" ] && [ "$(posts 6004)" = 1 ] && [ "$(st "$ST" "len(s[\"refunds\"][\"6004\"])")" = 1 ] && [ "$(state_of "$r4")" = "done|refund/$rid4|" ]'

# 5. The shop acts and then stays down for the run: failed; the next run
# finds the refund and posts nothing.
r5=$(settle "$C" 5 200 MUG refund)
pending "$r5"
echo act_then_down >"$MODE"
run "$A" --config "$C" --db "$D" sync woo --push
check "acted, then down: failed for now, with the reason" \
	'[ "$T_RC" -eq 1 ] && [ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$r5\"")" = failed ] && sql "SELECT shop_error FROM returns WHERE rma = \"$r5\"" | grep -q "HTTP 503"'
echo ok >"$MODE"
run "$A" --config "$C" --db "$D" sync woo --push
rid5=$(st "$ST" 's["refunds"]["6005"][0]["id"]')
check "the next push finds the refund by its RMA: done, never posted twice" \
	'[ "$T_RC" -eq 0 ] && [ "$T_OUT" = "$r5: already in woo as refund/$rid5, not sent again" ] && [ "$(posts 6005)" = 1 ] && [ "$(st "$ST" "len(s[\"refunds\"][\"6005\"])")" = 1 ] && [ "$(state_of "$r5")" = "done|refund/$rid5|" ]'

# 6. Store credit: a note on the order, no refund.
r6=$(settle "$C" 6 200 MUG credit)
pending "$r6"
run "$A" --config "$C" --db "$D" sync woo --push
nid=$(st "$ST" 's["notes"]["6006"][0]["id"]')
check "store credit becomes a private order note naming the RMA, no refund" \
	'[ "$T_RC" -eq 0 ] && [ "$(state_of "$r6")" = "done|note/$nid|" ] && st "$ST" "s[\"notes\"][\"6006\"][0][\"note\"]" | grep -q "^$r6 (aftercare): store credit [0-9]*\.[0-9][0-9] EUR$" && [ "$(st "$ST" "s[\"notes\"][\"6006\"][0][\"customer_note\"]")" = False ] && [ "$(st "$ST" "len(s[\"refunds\"].get(\"6006\", []))")" = 0 ]'
expect_err "--push does not go with --customer" 2 "--push does not go with --customer" \
	"$A" --config "$C" --db "$D" sync woo --push --customer c1@push.example

# The server's scheduled whole sync pushes too (one child per store).
r7=$(settle "$C" 3 200 TEE refund)
pending "$r7"
S="$T_TMP/server.conf"
sed 's/sync_interval = 0/sync_interval = 2/' "$C" >"$S"
AFTERCARE_NOW= "$A" --config "$S" --db "$D" ticket list >/dev/null 2>&1
i=0; while [ $i -lt 150 ] && [ "$(sql "SELECT shop_state FROM returns WHERE rma = '$r7'")" != done ]; do sleep 0.1; i=$((i + 1)); done
check "the server's scheduled sync pushes the pending return" \
	'[ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$r7\"")" = done ] && [ "$(st "$ST" "len(s[\"refunds\"][\"6003\"])")" = 2 ]'
"$A" --config "$S" --db "$D" server stop >/dev/null 2>&1
kill "$SHOP_PID" 2>/dev/null; SHOP_PID=""

# --- Shopify --------------------------------------------------------------------
$PY - "$SORD" <<'PYEOF'
import json, sys
def money(a):
    return {"presentmentMoney": {"amount": a, "currencyCode": "EUR"}}
orders = []
for i in range(1, 6):
    orders.append({
        "id": "gid://shopify/Order/%d" % (7000 + i), "name": "#%d" % (3000 + i),
        "createdAt": "2026-11-10T10:00:00Z", "updatedAt": "2026-11-10T12:%02d:00Z" % i,
        "cancelledAt": None, "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "FULFILLED", "email": "s%d@push.example" % i, "phone": None,
        "customer": {"id": "gid://shopify/Customer/%d" % (900 + i),
                     "email": "s%d@push.example" % i, "phone": None,
                     "displayName": "Shop %d" % i},
        "currencyCode": "EUR", "totalPriceSet": money("38.00"), "subtotalPriceSet": money("35.00"),
        "totalShippingPriceSet": money("3.00"), "totalTaxSet": money("0.00"),
        "totalDiscountsSet": money("0.00"), "totalRefundedSet": money("0.00"),
        "lineItems": {"nodes": [
            {"id": "gid://shopify/LineItem/%d1" % i, "sku": "MUG", "title": "Mug",
             "variantTitle": None, "quantity": 2, "originalUnitPriceSet": money("10.00"),
             "totalDiscountSet": money("0.00")},
            {"id": "gid://shopify/LineItem/%d2" % i, "sku": "TEE", "title": "Tee",
             "variantTitle": None, "quantity": 1, "originalUnitPriceSet": money("15.00"),
             "totalDiscountSet": money("0.00")}]},
        "fulfillments": [], "note": "gift wrap" if i == 1 else None, "refunds": [],
    })
json.dump(orders, open(sys.argv[1], "w"))
PYEOF
echo ok >"$SMODE"
$PY "$here/fakeshopify.py" 0 "$SORD" "$SMODE" "$SLOG" "$SST" >"$T_TMP/shopify.log" 2>&1 &
SHOPIFY_PID=$!
wait_ready "$T_TMP/shopify.log"
SPORT=$(sed -n 's/^ready \([0-9]*\)$/\1/p' "$T_TMP/shopify.log")
C="$T_TMP/s.conf"
printf 'store "shop" {\n  kind = "shopify"\n  url = "http://127.0.0.1:%s"\n  token_cmd = "echo shpat_test"\n  timeout = 3\n  sync_interval = 0\n  push_returns = true\n}\n' "$SPORT" >"$C"
run "$A" --config "$C" --db "$D" sync shop
check "shopify: the orders come from the shop" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT count(*) FROM orders o JOIN sources s ON s.id = o.source_id WHERE s.kind = \"shopify\"")" = 5 ]'
ticket() {
	printf 'From: Shop <s%s@push.example>\nTo: support@shop.example\nSubject: Order #%s%s\nMessage-ID: <q%s-%s@push.example>\nDate: Mon, 16 Nov 2026 10:00:00 +0000\n\nHello\n' \
		"$1" "$2" "$1" "$2" "$1" >"$T_TMP/m.eml"
	"$A" --config "$C" --db "$D" import eml "$T_TMP/m.eml" >/dev/null 2>&1
	sql "SELECT t.id FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE m.external_id = 'q$2-$1@push.example'"
}
calls() { st "$SST" 's.get("calls", {}).get("refundCreate", 0)'; }
made() { st "$SST" "len([r for r in s.get('refunds', []) if r['orderId'] == 'gid://shopify/Order/$1'])"; }

q1=$(settle "$C" 1 300 MUG refund)
pending "$q1"
run "$A" --config "$C" --db "$D" sync shop --push
sid=$(st "$SST" 's["refunds"][0]["id"]')
check "shopify: refundCreate with no transactions, not notifying, the RMA in its note" \
	'[ "$T_RC" -eq 0 ] && [ "$T_OUT" = "$q1: sent to shop as $sid" ] && [ "$(st "$SST" "s[\"refunds\"][0][\"transactions\"]")" = "[]" ] && [ "$(st "$SST" "s[\"refunds\"][0][\"notify\"]")" = False ] && st "$SST" "s[\"refunds\"][0][\"note\"]" | grep -q "^$q1 (aftercare): 10.00 EUR$"'
check "shopify: the line matched by SKU, restocked as a return; done with the refund's gid" \
	'[ "$(st "$SST" "s[\"refunds\"][0][\"refundLineItems\"]")" = "[{'"'"'lineItemId'"'"': '"'"'gid://shopify/LineItem/11'"'"', '"'"'quantity'"'"': 1, '"'"'restockType'"'"': '"'"'RETURN'"'"'}]" ] && [ "$(state_of "$q1")" = "done|$sid|" ]'

q2=$(settle "$C" 2 300 MUG refund)
pending "$q2"
echo user_errors >"$SMODE"
n=$(calls)
run "$A" --config "$C" --db "$D" sync shop --push
check "shopify: userErrors are one clean line; failed; not retried in the run" \
	'[ "$T_RC" -eq 1 ] && [ "$(printf "%s\n" "$T_ERR" | grep -c "")" = 1 ] && printf "%s" "$T_ERR" | grep -qF "$q2: not sent to shop: the shop refused it: Quantity cannot refund more items than were purchased^[[1m" && [ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$q2\"")" = failed ] && [ "$(calls)" = $((n + 1)) ] && [ "$(made 7002)" = 0 ]'

# (q2 is set aside so that the next runs push one return each)
sql "UPDATE returns SET shop_state = 'done' WHERE rma = '$q2'"
q3=$(settle "$C" 3 300 MUG refund)
pending "$q3"
echo timeout_after_acting >"$SMODE"
n=$(calls)
run "$A" --config "$C" --db "$D" sync shop --push
check "shopify: timeout after the shop acted: found by its note in the same run, one refundCreate" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "^$q3: already in shop as gid://shopify/Refund/[0-9]*, not sent again$" && [ "$(made 7003)" = 1 ] && [ "$(calls)" = $((n + 1)) ] && [ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$q3\"")" = done ]'

q4=$(settle "$C" 4 300 MUG refund)
pending "$q4"
echo act_then_down >"$SMODE"
n=$(calls)
run "$A" --config "$C" --db "$D" sync shop --push
check "shopify: acted, then down: failed for now" \
	'[ "$T_RC" -eq 1 ] && [ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$q4\"")" = failed ] && [ "$(made 7004)" = 1 ]'
echo ok >"$SMODE"
run "$A" --config "$C" --db "$D" sync shop --push
check "shopify: the next push finds it and does not call refundCreate again" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "^$q4: already in shop as gid://shopify/Refund/[0-9]*, not sent again$" && [ "$(made 7004)" = 1 ] && [ "$(calls)" = $((n + 1)) ] && [ "$(sql "SELECT shop_state FROM returns WHERE rma = \"$q4\"")" = done ]'
check "shopify: before 2026-01 no idempotency key is sent (the version would refuse it)" \
	'[ "$(st "$SST" "[r[\"key\"] for r in s[\"refunds\"] if r[\"key\"]]")" = "[]" ]'

# From API version 2026-04 refundCreate must carry @idempotent(key:): a
# create the shop is still writing when the next look comes (so the look
# cannot see it) is answered by the key with the first refund.
sed 's/  timeout = 3/  timeout = 3\n  api_version = "2026-04"/' "$C" >"$T_TMP/s26.conf"
C="$T_TMP/s26.conf"
q5=$(settle "$C" 5 300 MUG refund)
pending "$q5"
echo lost_unseen >"$SMODE"
n=$(calls)
run "$A" --config "$C" --db "$D" sync shop --push
sid5=$(st "$SST" "[r[\"id\"] for r in s[\"refunds\"] if r[\"orderId\"] == \"gid://shopify/Order/7005\"][0]")
check "shopify 2026-04: the repeated create carries the same key and gets the first refund back" \
	'[ "$T_RC" -eq 0 ] && [ "$T_OUT" = "$q5: sent to shop as $sid5" ] && [ "$(made 7005)" = 1 ] && [ "$(calls)" = $((n + 2)) ] && [ "$(state_of "$q5")" = "done|$sid5|" ] && st "$SST" "[r[\"key\"] for r in s[\"refunds\"] if r[\"orderId\"] == \"gid://shopify/Order/7005\"][0]" | grep -Eq "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"'
t_done
