#!/bin/sh
# test_template.sh: reply templates: every shipped template renders for every
# demo customer in English, Ukrainian and Czech; the customer's language is
# chosen with English as the fallback; the user's own templates win; unknown
# variables, values the customer lacks and broken tags are refused by name.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
A=$AFTERCARE
export AFTERCARE_TEMPLATES="${TESTS_SRCDIR:-$here/..}/../data/templates"
[ -d "$AFTERCARE_TEMPLATES" ] || AFTERCARE_TEMPLATES="$here/../../data/templates"
t_demo
D=$T_DEMO

run "$A" --db "$D" template check
check "every shipped template renders for every demo customer (240, with or without a ticket) in en, uk and cs" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -Eq "x 3 languages x 240 customers: [0-9]+ renderings, 0 failed"'
[ "$T_RC" -eq 0 ] || printf '%s\n' "$T_OUT" | head -20 | sed 's/^/# /'

run "$A" --db "$D" template list
check "template list names the seven shipped templates with their languages" \
	'[ "$(printf "%s\n" "$T_OUT" | grep -c " en uk cs\$\| en cs uk\$\| uk en cs\$\| uk cs en\$\| cs en uk\$\| cs uk en\$")" -ge 7 ]'

uk=$(sqlite3 "$D" "SELECT t.id FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.locale = 'uk' AND t.order_id IS NOT NULL LIMIT 1")
num=$(sqlite3 "$D" "SELECT o.number FROM tickets t JOIN orders o ON o.id = t.order_id WHERE t.id = $uk")
first=$(sqlite3 "$D" "SELECT c.name FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $uk" | cut -d' ' -f1)
run "$A" --db "$D" template show order-status --ticket "$uk" --json
jq_check "a Ukrainian customer gets the Ukrainian template" '.locale == "uk"'
check "it names the customer and the ticket's order" \
	'printf "%s" "$T_OUT" | jq -r .text | grep -q "$first" && printf "%s" "$T_OUT" | jq -r .text | grep -q -- "$num"'
check "no braces are left in the text" '! printf "%s" "$T_OUT" | jq -r .text | grep -q "{{\|}}"'
kk=$(sqlite3 "$D" "SELECT t.id FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.locale = 'kk' LIMIT 1")
run "$A" --db "$D" template show thank-you --ticket "$kk" --json
jq_check "a Kazakh customer falls back to English" '.locale == "en"'
run "$A" --db "$D" template show thank-you --ticket "$uk" --locale cs --json
jq_check "--locale picks another language" '.locale == "cs"'

# The user's own templates, and what is refused.
mine="$XDG_CONFIG_HOME/aftercare/templates/en"
mkdir -p "$mine"
printf 'Hi {{customer.first_name}}, about {{order.number}}.\n' >"$mine/order-status"
run "$A" --db "$D" template show order-status --ticket "$kk"
check "a template in ~/.config/aftercare/templates overrides the shipped one" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "^Hi .*, about #"'
printf 'Dear {{customer.nickname}},\n' >"$mine/broken"
expect_err "an unknown variable is refused by name" 2 'template broken, line 1: unknown variable \{\{customer.nickname\}\}' \
	"$A" --db "$D" template show broken --ticket "$kk"
printf 'Hello {{#order}}{{order.number}}\n' >"$mine/unclosed"
expect_err "an unclosed section is refused" 2 'unclosed: \{\{#order\}\} is never closed' \
	"$A" --db "$D" template show unclosed --ticket "$kk"
printf 'Hello {{order.number}\n' >"$mine/brace"
expect_err "a half tag is refused, never sent as braces" 2 'brace, line 1: \{\{ is never closed' \
	"$A" --db "$D" template show brace --ticket "$kk"
run "$A" --db "$D" template check
check "template check reports a broken user template and fails" \
	'[ "$T_RC" -eq 1 ] && printf "%s" "$T_OUT" | grep -q "^broken (en): fails for [0-9]* customers, e.g. customer [0-9]*: template broken, line 1: unknown variable"'
expect_err "a template name cannot be a path" 1 "is not a template name" \
	"$A" --db "$D" template show ../../etc/passwd --ticket "$kk"

# A customer without any order: a value it lacks is an error, not a blank.
D2="$T_TMP/plain.db"
"$A" --db "$D2" init >/dev/null 2>&1
printf 'From: New Person <new@customer.example>\r\nSubject: hello\r\nMessage-ID: <n1@x>\r\n\r\nhi\r\n' >"$T_TMP/n.eml"
"$A" --db "$D2" import eml "$T_TMP/n.eml" >/dev/null 2>&1
printf 'Your order {{order.number}} is on its way.\n' >"$mine/needs-order"
expect_err "a value the customer does not have is an error naming it" 2 \
	'needs-order, line 1: \{\{order.number\}\} has no value for this ticket' \
	"$A" --db "$D2" template show needs-order --ticket 1
rm "$mine/needs-order" "$mine/broken" "$mine/unclosed" "$mine/brace" "$mine/order-status"
run "$A" --db "$D2" template show order-status --ticket 1
check "the shipped order-status template has words for a customer without orders" \
	'[ "$T_RC" -eq 0 ] && ! printf "%s" "$T_OUT" | grep -q "{{"'
t_done
