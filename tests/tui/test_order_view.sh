#!/bin/sh
# test_order_view.sh: in the sidebar of an open ticket, j/k pick one of the
# customer's orders and Enter opens its detail (amounts, items, shipments);
# q closes it. And "+" grants goodwill points from the keyboard.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"
A=$AFTERCARE
D="$T_TMP/ov.db"
TM="tmux -L aftercare-ov-$$ -f /dev/null"
trap '$TM kill-server 2>/dev/null; t_cleanup' EXIT
"$A" --db "$D" demo --no-ui >/dev/null
# the first ticket in the queue, and its customer's newest order
first=$("$A" --db "$D" --no-server ticket list --json --limit 1 | jq -r '.tickets[0].id')
cust=$(sqlite3 "$D" "SELECT customer_id FROM tickets WHERE id = $first")
newest=$(sqlite3 "$D" "SELECT number FROM orders WHERE customer_id = $cust ORDER BY placed_at DESC, id DESC LIMIT 1")
second=$(sqlite3 "$D" "SELECT number FROM orders WHERE customer_id = $cust ORDER BY placed_at DESC, id DESC LIMIT 1 OFFSET 1")
points=$(sqlite3 "$D" "SELECT coalesce((SELECT points FROM loyalty_accounts WHERE customer_id = $cust), 0)")

screen() { $TM capture-pane -p -N -t ov; }
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		screen | grep -qF -- "$1" && return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}
$TM new-session -d -s ov -x 150 -y 45 "env LANG=C.UTF-8 TERM=xterm-256color '$A' --db '$D'"
wait_for "aftercare"
$TM send-keys -t ov Enter
wait_for "Orders"
$TM send-keys -t ov Tab
$TM send-keys -t ov Enter
if wait_for "Order $newest of"; then
	t_ok "Enter in the sidebar opens the customer's newest order"
else
	t_fail "Enter in the sidebar opens the customer's newest order" "$(screen)"
fi
check "the detail shows amounts and items" \
	'screen | grep -q "Total .*refunded" && screen | grep -q "Items"'
$TM send-keys -t ov q
if [ -n "$second" ]; then
	$TM send-keys -t ov j Enter
	if wait_for "Order $second of"; then
		t_ok "j picks the next order"
	else
		t_fail "j picks the next order" "$(screen)"
	fi
	$TM send-keys -t ov q
fi
$TM send-keys -t ov +
wait_for "Goodwill points"
$TM send-keys -t ov "25 sorry for the wait" Enter
if wait_for "Granted 25 points; balance $((points + 25))."; then
	t_ok "+ grants goodwill points from the keyboard"
else
	t_fail "+ grants goodwill points from the keyboard" "$(screen)"
fi
t_done
