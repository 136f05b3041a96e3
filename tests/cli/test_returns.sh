#!/bin/sh
# test_returns.sh: returns and exchanges from the command line: a return of
# two items approved at once with its RMA, the money and how it was computed,
# the customer's instructions queued in their language; every legal step and
# the illegal ones refused; nothing refunded or returned twice; loyalty points
# clawed back; the return window and its override; an exchange with its
# replacement order; role checks including self-approval refused.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
A=$AFTERCARE
D="$T_TMP/r.db" C="$T_TMP/r.conf"
"$A" --db "$D" init >/dev/null 2>&1
sql() { sqlite3 -batch "$D" "$1"; }
cat >"$C" <<'CONF'
account "shop" {
  url          = "imap://127.0.0.1:1"
  user         = "support@shop.example"
  password_cmd = "echo x"
  smtp_url     = "smtp://127.0.0.1:1"
  from         = "Shop <support@shop.example>"
}
returns {
  window_days     = 30
  restock_percent = 10
  return_shipping = "3.00"
  lead_above      = "100.00"
  address         = "Shop Returns, Dlouhá 1, 110 00 Praha"
}
CONF
# AFTERCARE_NOW is 2026-11-18: #5001 is in the window, #5002 is not.
H='Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Refunded Amount,Id'
cat >"$T_TMP/o.csv" <<EOF2
$H
#5001,eva@r.example,paid,EUR,52.00,4.90,0,56.90,2026-11-10 10:00:00 +0000,2,Tee,20.00,TEE-M,Eva Dvořák,0.00,1
#5001,eva@r.example,,,,,,,,1,Mug,12.00,MUG,,,1
#5002,eva@r.example,paid,EUR,30.00,0,0,30.00,2026-08-01 10:00:00 +0000,1,Cap,30.00,CAP,Eva Dvořák,0.00,2
#5003,eva@r.example,paid,EUR,500.00,0,0,500.00,2026-11-12 10:00:00 +0000,1,Coat,500.00,COAT,Eva Dvořák,0.00,3
#6001,max@r.example,paid,EUR,22.00,0,0,22.00,2026-11-01 10:00:00 +0000,1,Tee,22.00,TEE-L,Max Roe,0.00,4
EOF2
"$A" --config "$C" --db "$D" import orders "$T_TMP/o.csv" >/dev/null 2>&1
mail() { # mail N SUBJECT: a message from eva that becomes a ticket
	printf 'From: Eva <eva@r.example>\nTo: support@shop.example\nSubject: %s\nMessage-ID: <r%s@r.example>\nDate: Mon, 16 Nov 2026 10:00:00 +0000\n\nHello\n' "$2" "$1" >"$T_TMP/m$1.eml"
	"$A" --config "$C" --db "$D" import eml "$T_TMP/m$1.eml" >/dev/null 2>&1
	sql "SELECT t.id FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE m.external_id = 'r$1@r.example'"
}
t1=$(mail 1 "Return for order #5001")
t2=$(mail 2 "Old order #5002")
t3=$(mail 3 "Coat #5003")
R() { "$A" --config "$C" --db "$D" --no-server "$@"; }

run R return create --ticket "$t1" --item TEE-M:1:too_small --item MUG:1:defective --resolution refund
rma=$(printf "%s" "$T_OUT" | sed -n 's/^Return \(RMA-2026-[0-9]*\) .*/\1/p')
check "a return of two items of the ticket's order: RMA, approved at once" \
	'[ "$T_RC" -eq 0 ] && [ -n "$rma" ] && printf "%s" "$T_OUT" | grep -q "for order #5001: approved"'
check "how the amount was computed: items, restocking fee on the unwanted size only, no label fee for a defect" \
	'printf "%s" "$T_OUT" | grep -q "Items  *32.00 EUR" && printf "%s" "$T_OUT" | grep -q "Restocking fee  *-2.00 EUR" && ! printf "%s" "$T_OUT" | grep -q "Return shipping" && printf "%s" "$T_OUT" | grep -q "Refund  *30.00 EUR"'
check "stored with its items, reasons and amounts" \
	'[ "$(sql "SELECT status || \"/\" || refund_amount || \"/\" || value || \"/\" || restocking_fee FROM returns WHERE rma = \"$rma\"")" = "approved/3000/3000/200" ] && [ "$(sql "SELECT group_concat(ri.qty || \"x\" || oi.sku || \":\" || ri.reason, \",\") FROM return_items ri JOIN order_items oi ON oi.id = ri.order_item_id JOIN returns r ON r.id = ri.return_id WHERE r.rma = \"$rma\"")" = "1xTEE-M:too_small,1xMUG:defective" ]'
check "the return instructions with the RMA and address are queued for the customer" \
	'printf "%s" "$T_OUT" | grep -q "instructions are queued" && [ "$(sql "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.state = \"queued\" AND m.body LIKE \"%$rma%\" AND m.body LIKE \"%Dlouhá 1%\" AND m.body LIKE \"%refund 30.00 EUR%\"")" = 1 ]'
check "the ticket's timeline has the step" \
	'[ "$(sql "SELECT count(*) FROM messages WHERE ticket_id = $t1 AND direction = \"note\" AND body LIKE \"Return $rma opened and approved%\"")" = 1 ] && [ "$(sql "SELECT count(*) FROM audit_log WHERE action = \"return.create\"")" = 1 ]'

expect_err "units in an open return cannot be returned again" 1 "only 1 of TEE-M can still be returned" \
	R return create --ticket "$t1" --item TEE-M:2:too_small --resolution refund
expect_err "an unknown SKU is named" 1 "order #5001 has no item with SKU NOPE" \
	R return create --ticket "$t1" --item NOPE:1 --resolution refund
expect_err "a bad reason is refused with the list" 2 "'broken' is not a return reason" \
	R return create --ticket "$t1" --item TEE-M:1:broken --resolution refund
expect_err "refund before the parcel is received is refused" 1 "is approved: " \
	R return refund "$rma"
check "and nothing changed" '[ "$(sql "SELECT status FROM returns WHERE rma = \"$rma\"")" = approved ] && [ "$(sql "SELECT refunded FROM orders WHERE number = \"#5001\"")" = 0 ]'
expect_err "--no-restock must name an item of the return" 2 "not in this return" \
	R return receive "$rma" --no-restock CAP
run R return receive "$rma" --condition "unworn, tags on" --no-restock MUG
check "received: condition and restock per item recorded, the customer is told" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT status FROM returns WHERE rma = \"$rma\"")" = received ] && [ "$(sql "SELECT group_concat(oi.sku || \"=\" || ri.condition || \"/\" || ri.restock, \",\") FROM return_items ri JOIN order_items oi ON oi.id = ri.order_item_id JOIN returns r ON r.id = ri.return_id WHERE r.rma = \"$rma\"")" = "TEE-M=unworn, tags on/1,MUG=unworn, tags on/0" ] && [ "$(sql "SELECT count(*) FROM messages WHERE ticket_id = $t1 AND direction = \"out\" AND body LIKE \"%has arrived%\"")" = 1 ]'
expect_err "credit does not fit a refund return" 1 "" R return credit "$rma"
points_before=$(sql "SELECT points FROM loyalty_accounts a JOIN customers c ON c.id = a.customer_id WHERE c.email = 'eva@r.example'")
run R return refund "$rma"
check "refunded: the order's refunded amount and status, the items count as returned" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT refunded || \"/\" || financial_status FROM orders WHERE number = \"#5001\"")" = "3000/partially_refunded" ] && [ "$(sql "SELECT group_concat(sku || \"=\" || returned_qty, \",\") FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.number = \"#5001\"")" = "TEE-M=1,MUG=1" ]'
check "loyalty: the points of the refunded amount are clawed back through the ledger" \
	'[ "$(sql "SELECT l.delta FROM loyalty_ledger l JOIN orders o ON o.id = l.order_id WHERE o.number = \"#5001\" AND l.reason = \"refund\"")" = -30 ] && [ "$(sql "SELECT count(*) FROM loyalty_accounts a WHERE points != (SELECT sum(delta) FROM loyalty_ledger WHERE customer_id = a.customer_id)")" = 0 ]'
check "the customer is told the refund" \
	'[ "$(sql "SELECT count(*) FROM messages WHERE ticket_id = $t1 AND direction = \"out\" AND body LIKE \"%refunded 30.00 EUR for return $rma%\"")" = 1 ]'
expect_err "a second refund of the same return is refused" 1 "is refunded" R return refund "$rma"
expect_err "a refunded return cannot be rejected" 1 "is refunded" R return reject "$rma"
expect "and it can be closed" 0 R return close "$rma"
check "refunded once: the order still shows 30.00" '[ "$(sql "SELECT refunded FROM orders WHERE number = \"#5001\"")" = 3000 ]'
expect_err "what came back cannot come back again" 1 "only 0 of MUG can still be returned" \
	R return create --ticket "$t1" --item MUG:1:defective --resolution refund

# The window: #5002 was placed 109 days ago.
expect_err "outside the window: refused, saying how late and who can accept it" 1 \
	"the return window of 30 days ended 80 days ago; a lead can accept it with a reason" \
	R return create --ticket "$t2" --item CAP:1:unwanted --resolution refund
check "nothing was written" '[ "$(sql "SELECT count(*) FROM returns")" = 1 ]'
run R return create --ticket "$t2" --item CAP:1:unwanted --resolution credit --override-reason "loyal customer"
check "a lead (the owner here) accepts it with a reason, recorded" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT override_reason || \"/\" || resolution FROM returns WHERE override_reason IS NOT NULL")" = "loyal customer/credit" ]'

# An exchange for another variant: 20.00 back, 22.00 for the new one.
run R return create --ticket "$t1" --item TEE-M:1:too_small --resolution exchange --exchange-sku TEE-L
xrma=$(printf "%s" "$T_OUT" | sed -n 's/^Return \(RMA-2026-[0-9]*\) .*/\1/p')
check "an exchange: the difference to pay is computed" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "To pay on top  *" && [ "$(sql "SELECT kind || \"/\" || charge FROM returns WHERE rma = \"$xrma\"")" = "exchange/700" ]'
R return receive "$xrma" >/dev/null 2>&1
run R return exchange "$xrma"
check "exchanged: a replacement order with the new variant is recorded, the customer told" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT o.number || \"/\" || i.sku || \"/\" || i.qty FROM returns r JOIN orders o ON o.id = r.replacement_order_id JOIN order_items i ON i.order_id = o.id WHERE r.rma = \"$xrma\"")" = "#5001-X$(echo "$xrma" | cut -c10-)/TEE-L/1" ] && [ "$(sql "SELECT count(*) FROM messages WHERE direction = \"out\" AND body LIKE \"%TEE-L for return $xrma%\"")" = 1 ]'

run R return list --open
check "return list --open shows the open ones by state and age" \
	'printf "%s" "$T_OUT" | grep -q "credit" && ! printf "%s" "$T_OUT" | grep -q "$rma"'
run R return show "$rma" --json
jq_check "return show: items, money breakdown and history" \
	'.return.status == "closed" and (.return.items | length) == 2 and .return.breakdown.refund == 3000 and any(.history[]; .detail.to == "refunded")'
expect_err "an unknown RMA" 1 "no return RMA-1999-00001" R return show RMA-1999-00001

# Roles: above lead_above a lead other than the creator approves.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	shared="$T_TMP/shared"
	mkdir -p "$shared" && chmod 777 "$shared" && chmod 755 "$T_TMP"
	cp "$C" "$shared/conf" && chmod 644 "$shared/conf"
	"$A" --config "$shared/conf" --db "$D" server --socket "$shared/desk.sock" >/dev/null
	cat "$shared/desk.sock.pid" >"$T_TMP/shared.pid" 2>/dev/null
	as() {
		who=$1; grp=$2; shift 2
		setpriv --reuid="$who" --regid="$grp" --clear-groups \
			env HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent "$A" --db "$D" --socket "$shared/desk.sock" "$@"
	}
	"$A" --db "$D" --socket "$shared/desk.sock" agent add nobody --role agent >/dev/null
	"$A" --db "$D" --socket "$shared/desk.sock" agent add daemon --role lead >/dev/null
	run as nobody nogroup return create --ticket "$t3" --item COAT:1:defective --resolution refund
	big=$(printf "%s" "$T_OUT" | sed -n 's/^Return \(RMA-2026-[0-9]*\) .*/\1/p')
	check "an agent's return above the limit waits for a lead; the customer is not told yet" \
		'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "requested" && [ "$(sql "SELECT count(*) FROM messages WHERE ticket_id = $t3 AND direction = \"out\"")" = 0 ]'
	expect_err "the agent cannot approve it" 1 "lead" as nobody nogroup return approve "$big"
	run as daemon daemon return approve "$big"
	check "a lead approves it; the instructions go out" \
		'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT r.status || \"/\" || a.login FROM returns r JOIN agents a ON a.id = r.approved_by WHERE r.rma = \"$big\"")" = "approved/daemon" ] && [ "$(sql "SELECT count(*) FROM messages WHERE ticket_id = $t3 AND direction = \"out\"")" = 1 ]'
	as daemon daemon return cancel "$big" >/dev/null 2>&1
	run as daemon daemon return create --ticket "$t3" --item COAT:1:defective --resolution refund
	own=$(printf "%s" "$T_OUT" | sed -n 's/^Return \(RMA-2026-[0-9]*\) .*/\1/p')
	check "a lead's own big return is only requested" '[ "$(sql "SELECT status FROM returns WHERE rma = \"$own\"")" = requested ]'
	expect_err "self-approval is refused" 1 "" as daemon daemon return approve "$own"
	check "and it stays requested" '[ "$(sql "SELECT status FROM returns WHERE rma = \"$own\"")" = requested ]'
	"$A" --db "$D" --socket "$shared/desk.sock" agent add nobody --role lead >/dev/null
	expect "another lead may approve it" 0 as nobody nogroup return approve "$own"
	expect_err "an agent cannot override the window" 1 "" \
		as daemon daemon return create --ticket "$t2" --item CAP:1:unwanted --resolution refund
	"$A" --db "$D" --socket "$shared/desk.sock" server stop >/dev/null 2>&1
else
	t_fail "the role checks need root and setpriv here"
fi
t_done
