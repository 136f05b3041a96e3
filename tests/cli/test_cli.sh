#!/bin/sh
# test_cli.sh: the command line as a user meets it: help, exit codes, the
# demo, text and --json output, paging, sanitising, config and paths.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"
A=$AFTERCARE

expect "--version exits 0" 0 "$A" --version
check "--version prints the version" 'printf "%s" "$T_OUT" | grep -Eq "^aftercare [0-9]+\.[0-9]+"'
expect "--help exits 0" 0 "$A" --help
check "--help lists the commands" 'printf "%s" "$T_OUT" | grep -q "ticket list" && printf "%s" "$T_OUT" | grep -q "customer show"'
for c in "init" "demo" "ticket list" "ticket show" "customer show" "customer search" "stats" "op"; do
	# shellcheck disable=SC2086
	expect "$c --help exits 0" 0 "$A" $c --help
	check "$c --help shows usage" 'printf "%s" "$T_OUT" | grep -q "^Usage: aftercare $c"'
done
expect_err "no command and no terminal: a clear error" 1 "needs a terminal" "$A"
expect_err "unknown command" 2 "unknown command 'frobnicate'" "$A" frobnicate
expect_err "unknown global option" 2 "unknown or incomplete option '--bogus'" "$A" --bogus
expect_err "ticket without a subcommand" 2 "needs a subcommand" "$A" ticket
expect_err "unknown command option" 2 "unknown or incomplete option '--bogus'" "$A" --db x ticket list --bogus
expect_err "--limit 0" 2 "--limit needs a number" "$A" --db x ticket list --limit 0
expect_err "--limit words" 2 "--limit needs a number" "$A" --db x ticket list --limit many
expect_err "ticket show without a number" 2 "which ticket" "$A" --db x ticket show
expect_err "ticket show abc" 2 "'abc' is not a ticket number" "$A" --db x ticket show abc

# init: private file in a private directory, idempotent.
expect "init creates the default database" 0 "$A" init
check "the database is 0600" '[ "$(stat -c %a "$XDG_DATA_HOME/aftercare/aftercare.db")" = 600 ]'
check "its directory is 0700" '[ "$(stat -c %a "$XDG_DATA_HOME/aftercare")" = 700 ]'
expect "init again is fine" 0 "$A" init
expect "AFTERCARE_DB chooses the database" 0 env AFTERCARE_DB="$T_TMP/env.db" "$A" init
check "... and it was created there" '[ -f "$T_TMP/env.db" ]'
expect "an empty queue lists fine" 0 "$A" ticket list
check "... and says so" 'printf "%s" "$T_OUT" | grep -q "No tickets match"'

# The demo shop.
expect "demo --no-ui builds the demo" 0 "$A" --db "$T_TMP/demo.db" demo --no-ui
check "demo reports what it built" 'printf "%s" "$T_OUT" | grep -Eq "[0-9]+ customers, [0-9]+ orders, [0-9]+ tickets"'
T_DEMO="$T_TMP/demo.db"
expect "demo again keeps the existing demo" 0 "$A" --db "$T_DEMO" demo --no-ui
check "... and says where it is" 'printf "%s" "$T_OUT" | grep -q "already"'
"$A" --db "$T_TMP/real.db" init >/dev/null
sqlite3 "$T_TMP/real.db" "INSERT INTO customers (name, email, created_at, updated_at) VALUES ('Real', 'real@example.com', 1, 1)"
sum=$(sha256sum <"$T_TMP/real.db")
expect_err "demo refuses a database that is not the demo" 1 "not the demo" "$A" --db "$T_TMP/real.db" demo --no-ui
check "... and leaves it alone" '[ "$(sha256sum <"$T_TMP/real.db")" = "$sum" ]'
expect "demo without --db writes demo.db, not the real database" 0 "$A" demo --no-ui
check "... in the data directory" '[ -f "$XDG_DATA_HOME/aftercare/demo.db" ]'
expect "demo --rebuild rebuilds it" 0 "$A" demo --no-ui --rebuild --seed 7 --customers 20 --tickets 30
run "$A" --db "$XDG_DATA_HOME/aftercare/demo.db" stats --json
jq_check "the rebuilt demo has the requested size" '.total == 30'

# ticket list, text and JSON.
expect "ticket list" 0 "$A" --db "$T_DEMO" ticket list
check "the table has a header" 'printf "%s\n" "$T_OUT" | head -1 | grep -q "STATUS"'
check "50 rows by default, then the cursor hint" '[ "$(printf "%s\n" "$T_OUT" | grep -Ec "^ *[0-9]+ ")" -eq 50 ] && printf "%s" "$T_OUT" | grep -q "add --cursor"'
check "rows fit 100 columns" '[ "$(printf "%s\n" "$T_OUT" | wc -L)" -le 100 ]'
expect "ticket list --json" 0 "$A" --db "$T_DEMO" ticket list --json --limit 5
jq_check "--json: tickets array of 5 and a next_cursor" '(.tickets | length) == 5 and (.next_cursor | type) == "string"'
jq_check "--json: documented ticket keys" '.tickets[0] | has("id") and has("subject") and has("status") and has("channel") and has("priority") and has("created_at") and has("updated_at") and has("message_count") and has("assignee") and has("order_number") and (.customer | has("id") and has("name") and has("email"))'
jq_check "--json: newest activity first" '[.tickets[].updated_at] as $u | $u == ($u | sort | reverse)'
expect "ticket list --status open --channel chat" 0 "$A" --db "$T_DEMO" ticket list --status open --channel chat --json --limit 500
jq_check "filters hold" '(.tickets | length) > 0 and all(.tickets[]; .status == "open" and .channel == "chat")'
expect_err "an unknown status is a usage error naming it" 2 "unknown status 'bogus'" "$A" --db "$T_DEMO" ticket list --status bogus

# Paging through everything with cursors visits every ticket once.
total=$("$A" --db "$T_DEMO" stats --json | jq .total)
cursor="" seen="$T_TMP/seen"
: >"$seen"
pages=0
while :; do
	if [ -n "$cursor" ]; then
		"$A" --db "$T_DEMO" ticket list --json --limit 97 --cursor "$cursor" >"$T_TMP/page"
	else
		"$A" --db "$T_DEMO" ticket list --json --limit 97 >"$T_TMP/page"
	fi
	jq '.tickets[].id' "$T_TMP/page" >>"$seen"
	cursor=$(jq -r '.next_cursor // empty' "$T_TMP/page")
	pages=$((pages + 1))
	[ -n "$cursor" ] && [ "$pages" -lt 100 ] || break
done
check "cursor paging visits all $total tickets exactly once" '[ "$(wc -l <"$seen")" -eq "$total" ] && [ "$(sort -u "$seen" | wc -l)" -eq "$total" ]'

# ticket show and customer show.
expect "ticket show 1 --json" 0 "$A" --db "$T_DEMO" ticket show 1 --json
jq_check "ticket show has ticket, customer, order, messages" 'has("ticket") and has("customer") and has("order") and (.messages | length) > 0'
email=$(printf '%s' "$T_OUT" | jq -r .customer.email)
expect "ticket show 1" 0 "$A" --db "$T_DEMO" ticket show 1
check "the text shows the conversation" 'printf "%s" "$T_OUT" | grep -q "^--- "'
expect "ticket show '#1' works too" 0 "$A" --db "$T_DEMO" ticket show '#1'
expect_err "a missing ticket is a failure, one line" 1 "no ticket #999999" "$A" --db "$T_DEMO" ticket show 999999
expect "customer show EMAIL" 0 "$A" --db "$T_DEMO" customer show "$email"
check "it shows loyalty and orders" 'printf "%s" "$T_OUT" | grep -q "^Loyalty: " && printf "%s" "$T_OUT" | grep -q "^Orders ("'
expect "customer show EMAIL --json" 0 "$A" --db "$T_DEMO" customer show "$email" --json
jq_check "customer --json has every section" 'has("customer") and has("stats") and has("loyalty") and has("orders") and has("returns") and has("surveys") and has("tickets") and (.loyalty.tier | type) == "string"'
jq_check "orders come with items and fulfillments" '(.orders | length) > 0 and all(.orders[]; (.items | length) > 0 and (.fulfillments | type) == "array")'
expect_err "an unknown customer is a failure" 1 "no customer with the address" "$A" --db "$T_DEMO" customer show nobody@example.invalid
expect_err "customer show with neither email nor id" 2 "neither an email" "$A" --db "$T_DEMO" customer show bob
expect "customer search" 0 "$A" --db "$T_DEMO" customer search a --json --limit 3
jq_check "customer search limits" '(.customers | length) == 3'
expect "stats" 0 "$A" --db "$T_DEMO" stats --json
jq_check "stats counts every status and channel" '(.by_status | keys | length) == 5 and (.by_channel | keys | length) == 2 and .total == (.by_status | add)'
expect "op list" 0 "$A" op list
check "op list names the operations" 'printf "%s" "$T_OUT" | grep -q "^ticket.list"'
expect "op with JSON parameters" 0 "$A" --db "$T_DEMO" op ticket.list '{"limit": 2}'
jq_check "op prints the result" '(.tickets | length) == 2'
expect_err "op with bad JSON" 2 "not valid JSON" "$A" --db "$T_DEMO" op ticket.list '{"limit": '
expect_err "op with a bad parameter" 2 "unknown parameter 'nope'" "$A" --db "$T_DEMO" op ticket.list '{"nope": 1}'
expect_err "op unknown" 1 "unknown operation" "$A" --db "$T_DEMO" op ticket.nuke

# Ticket actions.
expect "ticket status" 0 "$A" --db "$T_DEMO" ticket status 2 pending
check "... reports the new state" 'printf "%s" "$T_OUT" | grep -q "^Ticket #2: pending"'
expect_err "ticket status with a bad value" 2 "status must be open, pending, solved or closed" "$A" --db "$T_DEMO" ticket status 2 later
expect_err "ticket status of a missing ticket" 1 "no ticket #99999" "$A" --db "$T_DEMO" ticket status 99999 open
expect_err "take without being an agent" 1 "not registered as an agent" "$A" --db "$T_DEMO" ticket take 2
expect "register myself" 0 "$A" --db "$T_DEMO" agent add "$(id -un)" --role admin
expect "ticket take" 0 "$A" --db "$T_DEMO" ticket take 2
check "... assigns it to me" 'printf "%s" "$T_OUT" | grep -q "assigned to $(id -un)"'
expect "ticket priority" 0 "$A" --db "$T_DEMO" ticket priority 2 urgent
expect "ticket tag" 0 "$A" --db "$T_DEMO" ticket tag 2 +vip callback
expect "ticket tag removes" 0 "$A" --db "$T_DEMO" ticket tag 2 -callback
run "$A" --db "$T_DEMO" ticket show 2 --json
jq_check "the ticket shows every change" '.ticket.status == "pending" and .ticket.priority == "urgent" and (.ticket.tags | index("vip")) != null and (.ticket.tags | index("callback")) == null and .ticket.assignee == "'"$(id -un)"'"'
expect "ticket assign none" 0 "$A" --db "$T_DEMO" ticket assign 2 none
check "the audit log has each change" '[ "$(sqlite3 "$T_DEMO" "SELECT count(*) FROM audit_log WHERE object_type = '"'ticket'"' AND object_id = '"'2'"'")" -eq 6 ]'

# Hostile customer text never reaches the terminal raw.
cp "$T_DEMO" "$T_TMP/evil.db"
sqlite3 "$T_TMP/evil.db" "UPDATE tickets SET subject = 'Hi' || char(27) || '[2J' || char(13) || 'FAKE' || char(8238) || 'gpj.exe', updated_at = 1900000000 WHERE id = 1;
 UPDATE messages SET body = 'line1' || char(10) || char(27) || ']52;c;ZXZpbA==' || char(7) || 'x' || char(13) || 'y' WHERE ticket_id = 1;
 UPDATE customers SET name = 'Eve' || char(27) || '[31m' || char(10) || 'Admin' WHERE id = (SELECT customer_id FROM tickets WHERE id = 1);"
run "$A" --db "$T_TMP/evil.db" ticket list --limit 3
check "ticket list output holds no ESC, CR, BS or bidi controls" '! printf "%s" "$T_OUT" | grep -q "$(printf "[\033\r\b]")" && ! printf "%s" "$T_OUT" | grep -q "$(printf "\342\200\256")"'
check "the hostile subject is shown visibly" 'printf "%s" "$T_OUT" | grep -q "Hi^\[\[2J"'
run "$A" --db "$T_TMP/evil.db" ticket show 1
check "ticket show output holds no ESC, CR or BEL" '! printf "%s" "$T_OUT" | grep -q "$(printf "[\033\r\007]")"'
run "$A" --db "$T_TMP/evil.db" ticket list --json --limit 1
jq_check "--json keeps the stored text exactly" '.tickets[0].subject | startswith("Hi\u001b[2J\r")'

# Configuration.
mkdir -p "$XDG_CONFIG_HOME/aftercare"
printf 'database = "%s"\n' "$T_DEMO" >"$XDG_CONFIG_HOME/aftercare/config"
expect "the config's database key is used" 0 "$A" stats --json
jq_check "... it is the demo" '.total > 0'
printf 'database = "x"\nbogus = 1\n' >"$T_TMP/bad.conf"
expect_err "an unknown config key names file and line" 1 "bad.conf:2" "$A" --config "$T_TMP/bad.conf" stats
expect_err "a missing --config file is an error" 1 "cannot read the configuration" "$A" --config "$T_TMP/none.conf" stats
rm "$XDG_CONFIG_HOME/aftercare/config"

t_done
