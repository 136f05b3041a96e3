#!/bin/sh
# test_loyalty_programme.sh: the loyalty programme from the configuration:
# points per unit spent earned on purchase (imported orders), clawed back on
# refund, tiers changing exactly at their thresholds (by lifetime spend, or
# by points over a rolling 365 days), referral bonuses once, redeeming never
# below zero, point expiry; and the ledger and the balance always agreeing.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
A=$AFTERCARE
D="$T_TMP/l.db" C="$T_TMP/l.conf"
"$A" --db "$D" init >/dev/null 2>&1
sql() { sqlite3 -batch "$D" "$1"; }
cat >"$C" <<'CONF'
loyalty {
  currency = "EUR"
  points_per_unit = 2
  tier_basis = "spend"
  tiers = {"Member:0", "Silver:100", "Gold:300"}
  referral_bonus = 50
  referred_bonus = 25
}
CONF
H='Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Refunded Amount,Id'
# csv FILE ROW...: an export with these rows
csv() { f=$1; shift; { echo "$H"; for r in "$@"; do echo "$r"; done; } >"$T_TMP/$f"; }
imp() { "$A" --config "$C" --db "$D" import orders "$T_TMP/$1" >/dev/null 2>&1; }
agree() {
	[ "$(sql "SELECT count(*) FROM loyalty_accounts a WHERE points != (SELECT coalesce(sum(delta), 0) FROM loyalty_ledger WHERE customer_id = a.customer_id) OR points < 0")" = 0 ]
}
pts() { sql "SELECT points FROM loyalty_accounts a JOIN customers c ON c.id = a.customer_id WHERE c.email = '$1'"; }
tier() { sql "SELECT tier FROM loyalty_accounts a JOIN customers c ON c.id = a.customer_id WHERE c.email = '$1'"; }

csv a1.csv '#1,ann@l.example,paid,EUR,99.99,0,0,99.99,2026-09-01 10:00:00 +0000,1,Coat,99.99,COAT,Ann Lee,0.00,1'
imp a1.csv
check "a paid order earns points per whole unit (99.99 EUR x 2 = 198), as a purchase row" \
	'[ "$(pts ann@l.example)" = 198 ] && [ "$(sql "SELECT delta || \"/\" || reason FROM loyalty_ledger")" = "198/purchase" ] && agree'
run "$A" --config "$C" --db "$D" customer show ann@l.example --json
jq_check "one cent below a threshold: still the first tier, 0.01 EUR to the next" \
	'.loyalty.tier == "Member" and .loyalty.next_tier == "Silver" and .loyalty.spend_to_next_tier == 1 and (.loyalty.referral_code | test("^ANNLEE-[2-9A-Z]{4}$"))'
csv a2.csv '#2,ann@l.example,paid,EUR,0.01,0,0,0.01,2026-09-02 10:00:00 +0000,1,Pin,0.01,PIN,Ann Lee,0.00,2'
imp a2.csv
check "exactly at the threshold the tier changes" '[ "$(tier ann@l.example)" = Silver ] && agree'
imp a1.csv; imp a2.csv
check "importing the same orders again writes no ledger rows" \
	'[ "$(sql "SELECT count(*) FROM loyalty_ledger")" = 1 ]'
csv a1r.csv '#1,ann@l.example,partially_refunded,EUR,99.99,0,0,99.99,2026-09-01 10:00:00 +0000,1,Coat,99.99,COAT,Ann Lee,50.00,1'
imp a1r.csv
check "a refund claws the points back (198 - 2 x 50 = 98) and the tier follows the spend down" \
	'[ "$(pts ann@l.example)" = 98 ] && [ "$(sql "SELECT delta FROM loyalty_ledger WHERE reason = \"refund\"")" = -100 ] && [ "$(tier ann@l.example)" = Member ] && agree'
imp a1r.csv
check "and only once" '[ "$(sql "SELECT count(*) FROM loyalty_ledger WHERE reason = \"refund\"")" = 1 ]'
csv a1c.csv '#1,ann@l.example,refunded,EUR,99.99,0,0,99.99,2026-09-01 10:00:00 +0000,1,Coat,99.99,COAT,Ann Lee,99.99,1'
imp a1c.csv
check "a full refund takes the rest back" '[ "$(pts ann@l.example)" = 0 ] && agree'
csv a3.csv '#3,ann@l.example,paid,EUR,150.00,0,0,150.00,2026-09-05 10:00:00 +0000,1,Boots,150.00,BOOT,Ann Lee,0.00,3'
imp a3.csv

# Referrals: recorded by code, paid on the first paid order, once.
refcode=$(sql "SELECT referral_code FROM loyalty_accounts a JOIN customers c ON c.id = a.customer_id WHERE c.email = 'ann@l.example'")
csv b1.csv '#10,bob@l.example,pending,EUR,20.00,0,0,20.00,2026-09-06 10:00:00 +0000,1,Cap,20.00,CAP,Bob Ray,0.00,10'
imp b1.csv
expect_err "a customer cannot refer themselves" 1 "cannot refer themselves" \
	"$A" --config "$C" --db "$D" --no-server loyalty refer ann@l.example "$refcode"
expect_err "an unknown code is a clear error" 1 "no customer has the referral code 'NOPE-2222'" \
	"$A" --config "$C" --db "$D" --no-server loyalty refer bob@l.example NOPE-2222
before=$(pts ann@l.example)
run "$A" --config "$C" --db "$D" --no-server loyalty refer bob@l.example "$(echo "$refcode" | tr A-Z a-z)"
check "a referral is recorded (the code in any case); no bonus before a paid order" \
	'[ "$T_RC" -eq 0 ] && [ "$(pts ann@l.example)" = "$before" ] && [ "$(pts bob@l.example)" = 0 ]'
expect_err "a second referral is refused" 1 "already referred" \
	"$A" --config "$C" --db "$D" --no-server loyalty refer bob@l.example "$refcode"
csv b1p.csv '#10,bob@l.example,paid,EUR,20.00,0,0,20.00,2026-09-06 10:00:00 +0000,1,Cap,20.00,CAP,Bob Ray,0.00,10'
imp b1p.csv
check "the first paid order pays both bonuses (referrer 50, referee 25 + 40 earned)" \
	'[ "$(pts ann@l.example)" = $((before + 50)) ] && [ "$(pts bob@l.example)" = 65 ] && [ "$(sql "SELECT count(*) FROM loyalty_ledger WHERE reason = \"referral\"")" = 2 ] && agree'
csv b2.csv '#11,bob@l.example,paid,EUR,10.00,0,0,10.00,2026-09-07 10:00:00 +0000,1,Cap,10.00,CAP,Bob Ray,0.00,11'
imp b2.csv
check "a second order pays no second bonus" \
	'[ "$(sql "SELECT count(*) FROM loyalty_ledger WHERE reason = \"referral\"")" = 2 ] && [ "$(pts bob@l.example)" = 85 ]'
run "$A" --config "$C" --db "$D" --no-server customer show ann@l.example
check "customer show: tier, points to the next tier, code, referred customers, ledger" \
	'printf "%s" "$T_OUT" | grep -q "Loyalty: Silver, 350 points, 149.99 EUR more to Gold, referral code $refcode" && printf "%s" "$T_OUT" | grep -q "Referred: Bob Ray" && printf "%s" "$T_OUT" | grep -q "+50  referral"'

# Redeeming never goes below zero.
expect_err "redeeming more than the balance is refused" 1 "the customer has only 85 points" \
	"$A" --config "$C" --db "$D" --no-server loyalty redeem bob@l.example 86 --reason "voucher"
run "$A" --config "$C" --db "$D" --no-server loyalty redeem bob@l.example 80 --reason "voucher V-1"
check "a redemption is a ledger row with the reason; the balance follows" \
	'[ "$T_RC" -eq 0 ] && [ "$(pts bob@l.example)" = 5 ] && [ "$(sql "SELECT delta || \"/\" || note FROM loyalty_ledger WHERE reason = \"redeem\"")" = "-80/voucher V-1" ] && agree'
# A refund after the points were spent takes what is there, never below 0.
csv b2r.csv '#11,bob@l.example,refunded,EUR,10.00,0,0,10.00,2026-09-07 10:00:00 +0000,1,Cap,10.00,CAP,Bob Ray,10.00,11'
imp b2r.csv
check "a clawback larger than the balance stops at zero" '[ "$(pts bob@l.example)" = 0 ] && agree'

# Tiers by points over a rolling 365 days (AFTERCARE_NOW is 2026-11-18).
cat >"$T_TMP/p.conf" <<'CONF'
loyalty {
  points_per_unit = 1
  tier_basis = "points365"
  tiers = {"Member:0", "Silver:100"}
  expire_days = 30
}
CONF
csv c1.csv '#20,cy@l.example,paid,EUR,500.00,0,0,500.00,2025-06-01 10:00:00 +0000,1,Sofa,500.00,SOFA,Cy Fox,0.00,20' \
	'#21,cy@l.example,paid,EUR,99.00,0,0,99.00,2026-11-10 10:00:00 +0000,1,Lamp,99.00,LAMP,Cy Fox,0.00,21'
"$A" --config "$T_TMP/p.conf" --db "$D" import orders "$T_TMP/c1.csv" >/dev/null 2>&1
run "$A" --config "$T_TMP/p.conf" --db "$D" --no-server customer show cy@l.example --json
jq_check "points older than 365 days do not count for the tier (99 of 599), 1 point to Silver" \
	'.loyalty.tier == "Member" and .loyalty.points_365_days == 99 and .loyalty.points_to_next_tier == 1 and .loyalty.tier_basis == "points365"'
check "points past expire_days expire as a ledger row; the recent ones stay" \
	'[ "$(sql "SELECT delta FROM loyalty_ledger l JOIN customers c ON c.id = l.customer_id WHERE c.email = \"cy@l.example\" AND reason = \"expiry\"")" = -500 ] && [ "$(pts cy@l.example)" = 99 ] && agree'

# Bad programme settings are one clear line.
printf 'loyalty {\n  tiers = {"Gold:300", "Silver:100"}\n}\n' >"$T_TMP/bad.conf"
expect_err "tiers out of order are refused, naming the tier" 1 "tier 'Gold:300' must be NAME:THRESHOLD, the first at 0" \
	"$A" --config "$T_TMP/bad.conf" --db "$D" stats
printf 'loyalty {\n  tier_basis = "visits"\n}\n' >"$T_TMP/bad.conf"
expect_err "an unknown tier basis is refused" 1 'tier_basis must be "spend" or "points365"' \
	"$A" --config "$T_TMP/bad.conf" --db "$D" stats
t_done
