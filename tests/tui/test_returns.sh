#!/bin/sh
# test_returns.sh: returns from the keyboard in a real terminal (tmux). R on
# an open ticket returns two items for a refund in a few keys (counted); the
# RMA and the customer's email, queued, show on the screen, and the return is
# in the database as return.quote priced it. X exchanges an item for another
# variant of the product. A return outside the window is refused with a clear
# message and nothing written (a lead's reason then accepts it). V lists the
# open returns and marks one received by typing its RMA number and r.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"
A=$AFTERCARE
D="$T_TMP/ret.db" C="$T_TMP/ret.conf"
TM="tmux -L aftercare-ret-$$ -f /dev/null"
trap '$TM kill-server 2>/dev/null; t_cleanup' EXIT
"$A" --db "$D" demo --no-ui >/dev/null
# An account to send from, so that the return instructions are queued as an
# email; the server never fetches or sends for a demo database.
cat >"$C" <<'EOF'
account "shop" {
  url = "imap://127.0.0.1:1"
  user = "x"
  password_cmd = "echo x"
  smtp_url = "smtp://127.0.0.1:1"
  from = "Shop <shop@example.com>"
}
EOF
sql() { sqlite3 -batch "$D" "$1"; }
op() { "$A" --db "$D" --config "$C" --no-server op "$@"; }
NOW=$AFTERCARE_NOW
# "12.34 EUR" as the interface shows amounts under 1000 in C.UTF-8.
amount() { printf '%d.%02d %s' $(($1 / 100)) $(($1 % 100)) "$2"; }

# Fixtures. (1) A ticket whose linked order, placed in the last 20 days and
# small enough to be approved without a lead, has two or more returnable
# lines and no return yet.
refund_ticket=$(sql "SELECT t.id FROM tickets t JOIN orders o ON o.id = t.order_id
	WHERE t.status IN ('new', 'open', 'pending') AND o.placed_at > $NOW - 20 * 86400
	AND o.total <= 20000 AND o.cancelled_at IS NULL
	AND (SELECT count(*) FROM order_items i WHERE i.order_id = o.id AND i.qty > i.returned_qty) >= 2
	AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id)
	ORDER BY t.id LIMIT 1")
# (2) Another such ticket whose first returnable line is sold in another
# variant too (catalog.variants offers another SKU in the order's currency).
exchange_ticket="" exchange_sku=""
for t in $(sql "SELECT t.id FROM tickets t JOIN orders o ON o.id = t.order_id
	WHERE t.status IN ('new', 'open', 'pending') AND o.placed_at > $NOW - 20 * 86400
	AND o.cancelled_at IS NULL AND t.id <> ${refund_ticket:-0}
	AND o.customer_id <> (SELECT customer_id FROM tickets WHERE id = ${refund_ticket:-0})
	AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id)
	ORDER BY t.id LIMIT 40"); do
	opts=$(op return.options "{\"ticket\": $t}")
	sku=$(printf '%s' "$opts" | jq -r '[.order.items[]? | select(.returnable > 0)][0].sku // empty')
	cur=$(printf '%s' "$opts" | jq -r '.order.currency // empty')
	[ -n "$sku" ] || continue
	other=$(op catalog.variants "{\"sku\": \"$sku\"}" | jq -r --arg s "$sku" --arg c "$cur" \
		'[.variants[] | select(.sku != $s and .currency == $c)][0].sku // empty')
	if [ -n "$other" ]; then
		exchange_ticket=$t exchange_from=$sku exchange_sku=$other
		break
	fi
done
# (3) A ticket linked to an order delivered long outside the 30-day window.
old_order=$(sql "SELECT o.id FROM orders o WHERE o.placed_at < $NOW - 120 * 86400
	AND o.total <= 20000 AND o.cancelled_at IS NULL
	AND (SELECT count(*) FROM order_items i WHERE i.order_id = o.id AND i.qty > i.returned_qty) >= 1
	AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id)
	AND EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = o.customer_id
		AND t.status IN ('new', 'open', 'pending')
		AND t.id NOT IN (${refund_ticket:-0}, ${exchange_ticket:-0}))
	ORDER BY o.id LIMIT 1")
old_ticket=$(sql "SELECT t.id FROM tickets t JOIN orders o ON o.customer_id = t.customer_id
	WHERE o.id = ${old_order:-0} AND t.status IN ('new', 'open', 'pending')
	AND t.id NOT IN (${refund_ticket:-0}, ${exchange_ticket:-0}) ORDER BY t.id LIMIT 1")
sql "UPDATE tickets SET order_id = ${old_order:-0} WHERE id = ${old_ticket:-0}"
if [ -z "$refund_ticket" ] || [ -z "$exchange_ticket" ] || [ -z "$old_ticket" ]; then
	t_fail "the demo has the tickets this test needs" \
		"refund $refund_ticket exchange $exchange_ticket outside the window $old_ticket"
	t_done
fi

# What the server quotes for the two lines the keys below pick: the first
# two returnable lines, all their units, reason 1 (defective), refund.
order=$(sql "SELECT order_id FROM tickets WHERE id = $refund_ticket")
items=$(op return.options "{\"ticket\": $refund_ticket}" |
	jq -c '[.order.items[] | select(.returnable > 0)][0:2] |
		map({item, qty: .returnable, reason: "defective"})')
quote=$(op return.quote "{\"order\": $order, \"items\": $items, \"resolution\": \"refund\"}")
refund=$(printf '%s' "$quote" | jq -r '.money.refund')
currency=$(printf '%s' "$quote" | jq -r '.currency')
shown_refund=$(amount "$refund" "$currency")

screen() { $TM capture-pane -p -N -t r; }
shot() { screen | sed 's/^/#   /'; }
# wait_for TEXT: until the screen shows TEXT (grep -F), 10 s at most.
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		screen | grep -qF -- "$1" && return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}
wait_gone() {
	i=0
	while [ $i -lt 200 ]; do
		screen | grep -qF -- "$1" || return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}
# press KEY...: one key each (tmux key names), counted.
KEYS=0
press() {
	for key in "$@"; do
		$TM send-keys -t r "$key"
		KEYS=$((KEYS + 1))
	done
}
# open_ticket N: leaves a dialog left open by a failure, then opens N.
open_ticket() {
	$TM send-keys -t r Escape
	wait_gone "Space:select" >/dev/null
	$TM send-keys -t r :
	$TM send-keys -t r -l "open $1"
	$TM send-keys -t r Enter
	wait_for "#$1 "
}
$TM new-session -d -s r -x 150 -y 45 \
	"env TERM=tmux-256color LC_ALL=C.UTF-8 NO_COLOR=1 TZ=UTC HOME=$HOME XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR AFTERCARE_NOW=$NOW $A --config $C --db $D; sleep 30"
wait_for "q:quit" >/dev/null

# (1) Two items for a refund, keys counted from the open ticket.
open_ticket "$refund_ticket" >/dev/null
outbox_before=$(sql "SELECT count(*) FROM outbox")
press R
check "R opens the return dialog on the ticket's order" 'wait_for "Return of order" && wait_for "Return window:"'
check "the items show bought and returned quantities" 'screen | grep -q "Bought" && screen | grep -q "Returned"'
press Space j Space 1
check "the dialog shows return.quote's refund live ($shown_refund)" \
	'wait_for "Value of the return" && screen | grep "Refund " | grep -qF -- "$shown_refund"'
check "and how it was computed" 'screen | grep -q "Discounts share" && screen | grep -q "Restocking fee" && screen | grep -q "Return shipping" && screen | grep -q "Previous refunds"'
press Enter
if wait_for "Customer email queued"; then
	t_ok "Enter creates the return and says the customer's email is queued"
else
	t_fail "Enter creates the return and says the customer's email is queued" "$(shot)"
fi
check "the two-item refund took at most 10 keys (took $KEYS)" '[ "$KEYS" -le 10 ]'
rma=$(screen | grep -o 'Return RMA-[0-9]*-[0-9]* created' | head -1 | cut -d' ' -f2)
check "the message line shows the RMA ($rma)" '[ -n "$rma" ] && screen | grep -qF "Return $rma created (approved): refund $shown_refund."'
check "the dialog closed and the ticket reloaded with the reply queued in its timeline" \
	'wait_gone "Value of the return" && wait_for "[queued]" && screen | grep -F "(reply)" | grep -qF "[queued]"'
ret_id=$(sql "SELECT id FROM returns WHERE rma = '$rma'")
check "the return is stored for the ticket's order, approved, refund as quoted" \
	'[ "$(sql "SELECT order_id, ticket_id, resolution, status, refund_amount FROM returns WHERE rma = '"'$rma'"'")" = "$order|$refund_ticket|refund|approved|$refund" ]'
check "with its two items, all units, reason defective" \
	'[ "$(sql "SELECT count(*), sum(qty) FROM return_items WHERE return_id = ${ret_id:-0} AND reason = '"'defective'"'")" = "2|$(printf "%s" "$items" | jq "map(.qty) | add")" ]'
outbox=$(sql "SELECT id FROM outbox WHERE ticket_id = $refund_ticket AND state = 'queued' ORDER BY id DESC LIMIT 1")
check "the customer's email is in the outbox, queued" \
	'[ -n "$outbox" ] && [ "$(sql "SELECT count(*) FROM outbox")" -eq $((outbox_before + 1)) ] && screen | grep -qF "(outbox $outbox)"'

# (2) An exchange: X, a line, a reason, Enter offers the product's variants,
# Enter picks the first other one, Enter creates.
open_ticket "$exchange_ticket" >/dev/null
KEYS=0
press X Space 5
check "X opens the same dialog in exchange mode" 'wait_for "Resolution: exchange"'
press Enter
check "Enter without a replacement offers the product's variants" 'wait_for "Exchange " && wait_for "$exchange_sku"'
press Enter
check "picking a variant makes it the replacement, quoted" 'wait_for "Replacement: $exchange_sku" && wait_for "Replacement "'
press Enter
if wait_for "Return RMA-"; then
	t_ok "Enter creates the exchange ($KEYS keys)"
else
	t_fail "Enter creates the exchange ($KEYS keys)" "$(shot)"
fi
xrma=$(screen | grep -o 'Return RMA-[0-9]*-[0-9]* created' | head -1 | cut -d' ' -f2)
check "the exchange is stored with the variant picked" \
	'[ "$(sql "SELECT r.resolution, i.exchange_sku FROM returns r JOIN return_items i ON i.return_id = r.id WHERE r.rma = '"'$xrma'"'")" = "exchange|$exchange_sku" ]'

# (3) Outside the window: refused, clearly, and nothing written.
open_ticket "$old_ticket" >/dev/null
returns_before=$(sql "SELECT count(*) FROM returns")
outbox_before=$(sql "SELECT count(*) FROM outbox")
press R
check "the dialog says the window has ended and that a lead and a reason are needed" \
	'wait_for "Outside the return window: it ended" && wait_for "Needs a lead and a reason"'
press Space 4 Enter
check "confirming is refused with the reason on the message line" \
	'wait_for "Nothing was saved: the return window of 30 days ended"'
check "nothing was written" \
	'[ "$(sql "SELECT count(*) FROM returns")" -eq "$returns_before" ] && [ "$(sql "SELECT count(*) FROM returns WHERE order_id = $old_order")" -eq 0 ] && [ "$(sql "SELECT count(*) FROM outbox")" -eq "$outbox_before" ]'
press o
wait_for "Accept outside the return window" >/dev/null
$TM send-keys -t r -l "loyal customer since 2019"
press Enter
check "a lead's reason accepts it" 'wait_for "A lead accepts it: loyal customer since 2019"'
press Enter
check "... and creates it with the reason kept" \
	'wait_for "Return RMA-" && [ "$(sql "SELECT override_reason FROM returns WHERE order_id = $old_order")" = "loyal customer since 2019" ]'

# Without a linked order, R first asks which of the customer's orders.
pick_ticket=$(sql "SELECT t.id FROM tickets t WHERE t.order_id IS NULL
	AND t.status IN ('new', 'open', 'pending') AND EXISTS (SELECT 1 FROM orders o
		JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = t.customer_id
		AND i.qty > i.returned_qty AND o.cancelled_at IS NULL)
	ORDER BY t.id LIMIT 1")
if [ -n "$pick_ticket" ]; then
	newest=$(op return.options "{\"ticket\": $pick_ticket}" | jq -r '.orders[0].number')
	open_ticket "$pick_ticket" >/dev/null
	press R
	check "without a linked order R lists the customer's orders, newest first ($newest)" \
		'wait_for "which order?" && screen | grep -E "^> " | grep -qF -- "$newest "'
	press Enter
	check "Enter on one opens its items" 'wait_for "Return of order $newest of"'
	press q
	check "q leaves the dialog without writing anything" 'wait_for "No return was created."'
fi

# (4) The returns view: open returns by state and age; the RMA typed finds
# the return, r marks it received.
open_count=$(op return.list '{"open": true}' | jq '.returns | length')
$TM send-keys -t r Escape
wait_gone "Space:select" >/dev/null
press V
check "V lists the open returns ($open_count)" 'wait_for "$open_count open returns" && wait_for "Days"'
num=${rma#RMA-}
$TM send-keys -t r -l "$num"
check "typing the RMA number finds that return alone" \
	'wait_for "Find RMA: $num" && [ "$(screen | grep -c "^[> ] RMA-")" -eq 1 ] && screen | grep -q "^> $rma"'
press r
check "r marks it received" 'wait_for "$rma is now received."'
check "... in the database" '[ "$(sql "SELECT status FROM returns WHERE rma = '"'$rma'"'")" = received ]'
press Enter
check "Enter shows its detail and history" 'wait_for "How it was computed" && wait_for "History" && wait_for "receive"'
press q q
check "q goes back to the list, then out of the view" 'wait_gone "open returns"'
$TM send-keys -t r "?"
check "the help lists R, X and V with the other actions" \
	'wait_for "Help (q to close)" && screen | grep -Eq "^  R +return " && screen | grep -Eq "^  X +exchange " && screen | grep -Eq "^  V +returns "'
$TM send-keys -t r Space
check "... and the keys of the dialog and of the view" 'wait_for "In the return dialog" && wait_for "In the returns view (V)"'

[ "$T_FAILED" -eq 0 ] || shot
t_done
