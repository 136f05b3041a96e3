#!/bin/sh
# test_loyalty.sh: goodwill points: a ledger row with reason and actor and
# the balance in one step; a reason is required; above the configured
# amount an agent is refused and a lead may; the sidebar data shows
# "often bought with" and referrals.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
A=$AFTERCARE
t_demo
D=$T_DEMO
sql() { sqlite3 -batch "$D" "$1"; }
email=$(sql "SELECT c.email FROM customers c JOIN loyalty_accounts l ON l.customer_id = c.id ORDER BY c.id LIMIT 1")
cid=$(sql "SELECT id FROM customers WHERE email = '$email'")
before=$(sql "SELECT points FROM loyalty_accounts WHERE customer_id = $cid")

run "$A" --db "$D" --no-server loyalty grant "$email" 50 --reason "parcel was late"
check "loyalty grant adds the points and says the balance" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT points FROM loyalty_accounts WHERE customer_id = $cid")" = $((before + 50)) ] && printf "%s" "$T_OUT" | grep -q "balance $((before + 50))"'
check "a ledger row with reason, note and actor" \
	'[ "$(sql "SELECT delta || \"/\" || reason || \"/\" || note FROM loyalty_ledger WHERE customer_id = $cid ORDER BY id DESC LIMIT 1")" = "50/goodwill/parcel was late" ]'
check "an audit entry" '[ "$(sql "SELECT count(*) FROM audit_log WHERE action = \"loyalty.grant\"")" = 1 ]'
expect_err "goodwill needs a reason" 2 "need a reason" "$A" --db "$D" --no-server loyalty grant "$email" 50
expect_err "an unknown customer is a clear error" 1 "no customer" "$A" --db "$D" --no-server loyalty grant 999999 5 --reason x
expect_err "points must be a positive number" 2 "unexpected argument|give the customer" "$A" --db "$D" --no-server loyalty grant "$email" -5 --reason x

# Roles: as root (CI) an agent is played by 'nobody'.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	shared="$T_TMP/shared"
	mkdir -p "$shared" && chmod 777 "$shared" && chmod 755 "$T_TMP"
	printf 'loyalty {\n  goodwill_lead_above = 100\n}\n' >"$shared/conf"
	chmod 644 "$shared/conf"
	"$A" --config "$shared/conf" --db "$D" server --socket "$shared/desk.sock" >/dev/null
	echo "$(cat "$shared/desk.sock.pid")" >"$T_TMP/shared.pid"
	as_nobody() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent "$A" --db "$D" --socket "$shared/desk.sock" "$@"
	}
	"$A" --db "$D" --socket "$shared/desk.sock" agent add nobody --role agent >/dev/null
	expect "an agent may grant up to the limit" 0 as_nobody loyalty grant "$cid" 100 --reason "sorry"
	expect_err "above the limit an agent is refused" 1 "more than 100 points needs the lead role" \
		as_nobody loyalty grant "$cid" 101 --reason "sorry"
	"$A" --db "$D" --socket "$shared/desk.sock" agent add nobody --role lead >/dev/null
	expect "a lead may grant more" 0 as_nobody loyalty grant "$cid" 500 --reason "big apology"
	check "the ledger names the agent who granted" \
		'[ "$(sql "SELECT a.login FROM loyalty_ledger l JOIN agents a ON a.id = l.agent_id ORDER BY l.id DESC LIMIT 1")" = nobody ]'
	"$A" --db "$D" --socket "$shared/desk.sock" server stop >/dev/null 2>&1
else
	t_fail "the role checks need root and setpriv here"
fi

run "$A" --db "$D" --no-server customer show "$email" --json
jq_check "customer show suggests what is often bought with the customer's items" \
	'(.often_bought_with | length) > 0 and all(.often_bought_with[]; .orders > 0 and (.sku | length) > 0)'
ref=$(sql "SELECT referred_by FROM loyalty_accounts WHERE referred_by IS NOT NULL LIMIT 1")
run "$A" --db "$D" --no-server customer show "$ref" --json
jq_check "the referrer's loyalty shows its code and the customers it referred" \
	'(.loyalty.referral_code | length) > 0 and (.loyalty.referrals | length) > 0'
t_done
