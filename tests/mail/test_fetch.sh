#!/bin/sh
# test_fetch.sh: mail in from a real Dovecot (tests/mail/dovecot.sh) over
# IMAP and POP3: TLS and STARTTLS with a test CA, certificates refused before
# any password is asked for, IDLE push, folders, UIDVALIDITY re-mapping,
# kill -9 in the middle of a sync, POP3 UIDL, and the TUI seeing new mail.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cli/lib.sh"
. "$here/dovecot.sh"
trap 'dovecot_stop; t_cleanup' EXIT

if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
	echo "not ok 1 - dovecot is installed (apt-get install dovecot-imapd dovecot-pop3d)"
	echo "1..1"
	exit 0
fi
if ! dovecot_start "$T_TMP/dovecot" 2>"$T_TMP/dovecot-start.err"; then
	t_fail "start a private Dovecot" "$(cat "$T_TMP/dovecot-start.err")"
	t_done
fi
t_ok "start a private Dovecot with a test CA"

A=$AFTERCARE
# msg N FROM SUBJECT [EXTRA-HEADER]: writes a message file, prints its path.
msg() {
	f="$T_TMP/msg-$1.eml"
	{
		printf 'From: Customer %s <%s>\r\n' "$1" "$2"
		printf 'To: support@shop.example\r\n'
		printf 'Subject: %s\r\n' "$3"
		printf 'Date: Mon, 16 Nov 2026 10:%02d:00 +0000\r\n' "$(($1 % 60))"
		printf 'Message-ID: <msg-%s@customer.example>\r\n' "$1"
		[ -n "${4:-}" ] && printf '%s\r\n' "$4"
		printf 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
		printf 'Hello, this is message %s about my parcel.\r\n' "$1"
	} >"$f"
	echo "$f"
}
# conf FILE NAME URL [EXTRA...]: an account block.
conf() {
	f=$1 name=$2 url=$3; shift 3
	{
		printf 'account "%s" {\n  url = "%s"\n  user = "support"\n' "$name" "$url"
		printf '  password_cmd = "touch %s/asked-%s; echo secret"\n' "$T_TMP" "$name"
		[ -z "${NO_CA:-}" ] && printf '  ca_file = "%s"\n' "$DOVECOT_CA"
		printf '  poll_interval = 2\n'
		for line in "$@"; do printf '  %s\n' "$line"; done
		printf '}\n'
	} >>"$f"
}
sql() { sqlite3 -batch "$1" "$2"; }
# wait_for SECONDS CONDITION: polls every 50 ms.
wait_for() {
	limit=$(($1 * 20)); shift
	i=0
	while [ $i -lt $limit ]; do
		eval "$@" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
now_ms() { date +%s%3N; }

# --- IMAPS: fetch, threading, no duplicates ---------------------------------
C1="$T_TMP/c1.conf" D1="$T_TMP/d1.db"
conf "$C1" support "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT" 'folders = {"INBOX", "Support"}'
"$A" --db "$D1" init >/dev/null 2>&1
dovecot_create_folder support Support
dovecot_deliver support "$(msg 1 anna@customer.example 'Where is my order?')"
dovecot_deliver support "$(msg 2 boris@customer.example 'Wrong size')"
dovecot_deliver support "$(msg 3 anna@customer.example 'Re: Where is my order?' 'In-Reply-To: <msg-1@customer.example>')"
run "$A" --config "$C1" --db "$D1" fetch
if [ "$T_RC" -eq 0 ] && printf '%s' "$T_OUT" | grep -q 'support: 3 new messages, 2 new tickets'; then
	t_ok "fetch over IMAPS stores three messages in two tickets"
else
	t_fail "fetch over IMAPS stores three messages in two tickets" "exit $T_RC" "$T_OUT" "$T_ERR"
fi
check "the reply joined the first ticket" \
	'[ "$(sql "$D1" "SELECT count(DISTINCT ticket_id) FROM messages WHERE external_id IN (\"msg-1@customer.example\", \"msg-3@customer.example\")")" = 1 ]'
check "server mail is untouched: still 3 messages, none marked seen" \
	'[ "$(dovecot_count support INBOX)" = 3 ] && ! doveadm -c "$DOVECOT_CONF" search -u support mailbox INBOX SEEN 2>/dev/null | grep -q .'
run "$A" --config "$C1" --db "$D1" ticket list --search parcel --json
check "fetched IMAP mail is searchable at once" '[ "$(printf "%s" "$T_OUT" | jq ".tickets | length")" = 2 ] && [ "$(sql "$D1" "SELECT count(*) FROM fts_deferred")" = 0 ]'
check "UIDVALIDITY and the highest UID are kept per folder" \
	'[ "$(sql "$D1" "SELECT last_uid FROM sources WHERE kind = \"imap\" AND folder = \"INBOX\"")" = 3 ] && [ -n "$(sql "$D1" "SELECT uidvalidity FROM sources WHERE folder = \"INBOX\"")" ]'
run "$A" --config "$C1" --db "$D1" fetch
check "a second fetch finds nothing new" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "support: no new mail"'

# The same message in a second folder is stored once.
dovecot_deliver support "$T_TMP/msg-2.eml" Support
run "$A" --config "$C1" --db "$D1" fetch
check "the same message in two folders is stored once" \
	'[ "$(sql "$D1" "SELECT count(*) FROM messages")" = 3 ] && [ "$(sql "$D1" "SELECT count(*) FROM source_items si JOIN sources s ON s.id = si.source_id WHERE s.folder = \"Support\"")" = 1 ]'

# --- IDLE: new mail within two seconds, and live in the TUI -------------------
run "$A" --config "$C1" --db "$D1" fetch --status
check "fetch --status says the account is up to date by push" \
	'printf "%s" "$T_OUT" | grep -q "support: up to date (push)"'
t0=$(now_ms)
dovecot_deliver support "$(msg 4 cyril@customer.example 'Damaged item')"
if wait_for 2 '[ "$(sql "$D1" "SELECT count(*) FROM messages WHERE external_id = \"msg-4@customer.example\"")" = 1 ]'; then
	t_ok "IDLE: a delivered message is in the queue within 2 s ($(($(now_ms) - t0)) ms)"
else
	t_fail "IDLE: a delivered message is in the queue within 2 s"
fi
if command -v tmux >/dev/null 2>&1; then
	TM="aftercare-fetch-$$"
	tmux -L "$TM" new-session -d -x 160 -y 30 \
		"env LANG=C.UTF-8 TERM=xterm-256color '$A' --config '$C1' --db '$D1'"
	wait_for 5 'tmux -L "$TM" capture-pane -p | grep -q "mail: support ok"'
	check "the TUI shows the account's sync state" \
		'tmux -L "$TM" capture-pane -p | grep -q "mail: support ok"'
	dovecot_deliver support "$(msg 5 dana@customer.example 'Exchange for size M')"
	if wait_for 3 'tmux -L "$TM" capture-pane -p | grep -q "Exchange for size M"'; then
		t_ok "new mail appears live in the open TUI"
	else
		t_fail "new mail appears live in the open TUI" "$(tmux -L "$TM" capture-pane -p)"
	fi
	tmux -L "$TM" kill-server 2>/dev/null
else
	t_fail "tmux is installed (apt-get install tmux)"
fi

# --- UIDVALIDITY change: re-mapped, nothing imported twice ------------------
"$A" --config "$C1" --db "$D1" fetch >/dev/null  # what IDLE brought since the last fetch
before=$(sql "$D1" "SELECT count(*) FROM messages")
old=$(dovecot_uidvalidity support INBOX)
new=$(dovecot_reset_uidvalidity support INBOX)
run "$A" --config "$C1" --db "$D1" fetch
check "after a UIDVALIDITY change ($old -> $new) nothing is imported twice" \
	'[ "$(sql "$D1" "SELECT count(*) FROM messages")" = "$before" ] && printf "%s" "$T_OUT" | grep -q "no new mail"'
check "the folder's new UIDVALIDITY is recorded and its messages re-mapped" \
	'[ "$(sql "$D1" "SELECT uidvalidity FROM sources WHERE folder = \"INBOX\"")" = "$new" ] && [ "$(sql "$D1" "SELECT count(*) FROM source_items WHERE remote_id LIKE \"$new/%\"")" = "$(dovecot_count support INBOX)" ]'
"$A" --config "$C1" --db "$D1" server stop >/dev/null 2>&1

# --- STARTTLS and certificates --------------------------------------------
C2="$T_TMP/c2.conf" D2="$T_TMP/d2.db"
"$A" --db "$D2" init >/dev/null 2>&1
conf "$C2" starttls "imap://127.0.0.1:$DOVECOT_IMAP_PORT"
run "$A" --config "$C2" --db "$D2" fetch
check "imap:// upgrades with STARTTLS and fetches" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "starttls: .* new messages"'
"$A" --config "$C2" --db "$D2" server stop >/dev/null 2>&1

# fetch_fails NAME URL PATTERN [EXTRA]: the account fails with PATTERN and the
# password was never asked for (so never sent).
fetch_fails() {
	name=$1 url=$2 pat=$3; shift 3
	cf="$T_TMP/$name.conf" db="$T_TMP/$name.db"
	"$A" --db "$db" init >/dev/null 2>&1
	conf "$cf" "$name" "$url" "$@"
	run "$A" --config "$cf" --db "$db" fetch
	if [ "$T_RC" -eq 1 ] && printf '%s' "$T_OUT" | grep -Eq "$pat" &&
	    [ ! -e "$T_TMP/asked-$name" ]; then
		t_ok "$name: refused before the password was asked for"
	else
		t_fail "$name: refused before the password was asked for" "exit $T_RC" \
			"$T_OUT" "$T_ERR" "$(ls "$T_TMP")"
	fi
	"$A" --config "$cf" --db "$db" server stop >/dev/null 2>&1
}
fetch_fails wronghost "imaps://127.0.0.1:$DOVECOT_WRONGHOST_IMAPS_PORT" \
	'certificate of 127.0.0.1 was refused: it was issued for another host name'
fetch_fails selfsigned "imaps://127.0.0.1:$DOVECOT_SELFSIGNED_IMAPS_PORT" \
	'certificate of 127.0.0.1 was refused: it is not signed by a trusted authority'
fetch_fails notls "imap://127.0.0.1:$DOVECOT_NOTLS_IMAP_PORT" \
	'does not offer STARTTLS: refusing to log in without encryption' 'plain_loopback = false'
fetch_fails notlspop "pop3://127.0.0.1:$DOVECOT_NOTLS_POP3_PORT" \
	'does not offer STLS' 'plain_loopback = false'
NO_CA=1 fetch_fails systemca "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT" \
	'not signed by a trusted authority'

C3="$T_TMP/c3.conf" D3="$T_TMP/d3.db"
"$A" --db "$D3" init >/dev/null 2>&1
conf "$C3" loop "imap://127.0.0.1:$DOVECOT_NOTLS_IMAP_PORT"
run "$A" --config "$C3" --db "$D3" fetch
check "clear text is allowed to a loopback address by default" \
	'[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "loop: "'
run "$A" --config "$C3" --db "$D3" fetch --status
check "without IDLE the account falls back to polling" \
	'printf "%s" "$T_OUT" | grep -q "loop: up to date (polling)"'
n3=$(sql "$D3" "SELECT count(*) FROM messages")
dovecot_deliver support "$(msg 6 fred@customer.example 'Polled, not pushed')"
count3() { sql "$D3" "SELECT count(*) FROM messages"; }
if wait_for 6 '[ "$(count3)" -gt "$n3" ]'; then
	t_ok "polling (every 2 s here) brings new mail without a fetch"
else
	t_fail "polling (every 2 s here) brings new mail without a fetch"
fi
"$A" --config "$C3" --db "$D3" server stop >/dev/null 2>&1

C4="$T_TMP/c4.conf" D4="$T_TMP/d4.db"
"$A" --db "$D4" init >/dev/null 2>&1
printf 'account "badpw" {\n url = "imaps://127.0.0.1:%s"\n user = "support"\n password_cmd = "echo wrong"\n ca_file = "%s"\n}\n' \
	"$DOVECOT_IMAPS_PORT" "$DOVECOT_CA" >"$C4"
run "$A" --config "$C4" --db "$D4" fetch
check "a wrong password is a clear error" \
	'[ "$T_RC" -eq 1 ] && printf "%s" "$T_OUT" | grep -q "badpw: error: 127.0.0.1 refused the login of support"'
run "$A" --config "$C4" --db "$D4" fetch --status
check "fetch --status shows the account's last error" \
	'printf "%s" "$T_OUT" | grep -q "badpw: error .*refused the login"'
"$A" --config "$C4" --db "$D4" server stop >/dev/null 2>&1

# --- kill -9 in the middle of a sync ----------------------------------------
D5="$T_TMP/d5.db" C5="$T_TMP/c5.conf"
"$A" --db "$D5" init >/dev/null 2>&1
printf 'account "bulk" {\n url = "imaps://127.0.0.1:%s"\n user = "other"\n password_cmd = "echo secret2"\n ca_file = "%s"\n}\n' \
	"$DOVECOT_IMAPS_PORT" "$DOVECOT_CA" >"$C5"
i=100
while [ $i -lt 260 ]; do
	dovecot_deliver other "$(msg $i "c$((i % 17))@customer.example" "Question $i")"
	i=$((i + 1))
done
sock="$T_TMP/bulk.sock"
counts=""
for pause in 700 1500 1500; do
	AFTERCARE_TEST_FETCH_DELAY_MS=600 "$A" --config "$C5" --db "$D5" server --foreground \
		--socket "$sock" >/dev/null 2>&1 &
	spid=$!
	sleep "$(awk -v p=$pause 'BEGIN { printf "%.3f", p / 1000 }')"
	kill -9 $spid
	wait $spid 2>/dev/null
	# the fetcher dies with the server
	wait_for 3 '! pgrep -f -- "--socket $sock" >/dev/null'
	rm -f "$sock"
	counts="$counts $(sql "$D5" "SELECT count(*) FROM messages")"
done
run "$A" --config "$C5" --db "$D5" --socket "$sock" fetch
check "kill -9 at three points of a sync, then a restart: all 160 messages, each once (stored after each kill:$counts)" \
	'[ "$(sql "$D5" "SELECT count(*) FROM messages")" = 160 ] && [ "$(sql "$D5" "SELECT count(DISTINCT external_id) FROM messages")" = 160 ]'
check "the database is intact after the kills" \
	'[ "$(sql "$D5" "PRAGMA integrity_check")" = ok ]'
"$A" --config "$C5" --db "$D5" --socket "$sock" server stop >/dev/null 2>&1

# --- a message the server will not give -----------------------------------
# Dovecot cannot read a message file it has no permission for: it answers
# the FETCH with an internal error and drops the connection, every time that
# message is asked for. The mail behind it must still arrive.
D9="$T_TMP/d9.db" C9="$T_TMP/c9.conf"
"$A" --db "$D9" init >/dev/null 2>&1
conf "$C9" broken "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT" 'folders = {"Broken"}'
dovecot_create_folder support Broken
for i in 91 92 93; do
	dovecot_deliver support "$(msg $i "c$i@customer.example" "Broken $i")" Broken
done
bad=$(grep -l "msg-92@customer.example" "$DOVECOT_DIR"/mail/support/.Broken/new/* "$DOVECOT_DIR"/mail/support/.Broken/cur/* 2>/dev/null | head -1)
chmod 000 "$bad"
run "$A" --config "$C9" --db "$D9" fetch
check "a message the server will not give is an error of the account" \
	'[ "$T_RC" -eq 1 ] && printf "%s" "$T_OUT" | grep -q "broken: error: broken/Broken"'
placeholder() { sql "$D9" "SELECT count(*) FROM messages WHERE notice LIKE 'placeholder: the mail server would not send this message (%/2)%'"; }
if wait_for 40 '[ "$(placeholder)" = 1 ] && [ "$(sql "$D9" "SELECT count(*) FROM messages WHERE external_id = \"msg-93@customer.example\"")" = 1 ]'; then
	t_ok "the messages on either side arrive, and the refused one becomes a placeholder"
else
	t_fail "the messages on either side arrive, and the refused one becomes a placeholder" \
		"$(sql "$D9" "SELECT id, external_id, notice FROM messages")" \
		"$(sql "$D9" "SELECT * FROM sources")"
fi
check "... which shows the sender, the subject and the notice" \
	'[ "$(sql "$D9" "SELECT m.from_addr || \"|\" || t.subject || \"|\" || m.flags FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.notice LIKE \"placeholder:%\"")" = "c92@customer.example|Broken 92|8" ]'
check "... and says where the message still is" \
	'sql "$D9" "SELECT body FROM messages WHERE notice LIKE \"placeholder:%\"" | grep -q "still on the server, untouched: folder \"Broken\", UID 2, [0-9]* bytes, Message-ID <msg-92@customer.example>"'
check "... the message itself is not marked stored, so a copy elsewhere still arrives" \
	'[ "$(sql "$D9" "SELECT count(*) FROM messages WHERE external_id = \"msg-92@customer.example\"")" = 0 ]'
check "... and the folder is past it, its failure count cleared" \
	'[ "$(sql "$D9" "SELECT last_uid || \" \" || refused_count FROM sources WHERE folder = \"Broken\"")" = "3 0" ]'
chmod 600 "$bad"
check "the server's copy is untouched" '[ "$(dovecot_count support Broken)" = 3 ]'
dovecot_deliver support "$(msg 94 c94@customer.example "Broken 94")" Broken
run "$A" --config "$C9" --db "$D9" fetch
check "new mail in that folder arrives again at once" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "$D9" "SELECT count(*) FROM messages WHERE external_id = \"msg-94@customer.example\"")" = 1 ]'
check "... and nothing was stored twice" \
	'[ "$(sql "$D9" "SELECT count(*) FROM messages")" = 4 ]'
# A file another program delivered, without the size in its name: Dovecot
# must read it even to tell its size, and cannot. The listing of new UIDs
# never asks for sizes, so this one too ends as a placeholder, not a stall.
nos="$DOVECOT_DIR/mail/support/.Broken/new/1795429999.M1P1.other"
cp "$(msg 95 c95@customer.example "Broken 95")" "$nos"
chown "$(stat -c %u:%g "$DOVECOT_DIR/mail/support/.Broken")" "$nos"
chmod 000 "$nos"
dovecot_deliver support "$(msg 96 c96@customer.example "Broken 96")" Broken
run "$A" --config "$C9" --db "$D9" fetch
if wait_for 40 '[ "$(sql "$D9" "SELECT count(*) FROM messages WHERE external_id = \"msg-96@customer.example\"")" = 1 ]'; then
	t_ok "a message whose size the server cannot read does not stall the folder"
else
	t_fail "a message whose size the server cannot read does not stall the folder" \
		"$(sql "$D9" "SELECT id, external_id, notice FROM messages")" \
		"$(sql "$D9" "SELECT * FROM sources")"
fi
check "... it is a placeholder too" \
	'[ "$(sql "$D9" "SELECT count(*) FROM messages WHERE notice LIKE \"placeholder:%\"")" = 2 ]'
chmod 600 "$nos"
"$A" --config "$C9" --db "$D9" server stop >/dev/null 2>&1

# --- POP3 --------------------------------------------------------------------
D6="$T_TMP/d6.db" C6="$T_TMP/c6.conf"
"$A" --db "$D6" init >/dev/null 2>&1
printf 'account "pop" {\n url = "pop3s://127.0.0.1:%s"\n user = "other"\n password_cmd = "echo secret2"\n ca_file = "%s"\n poll_interval = 3600\n}\n' \
	"$DOVECOT_POP3S_PORT" "$DOVECOT_CA" >"$C6"
run "$A" --config "$C6" --db "$D6" fetch
check "POP3S fetches every message of the mailbox" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "$D6" "SELECT count(*) FROM messages")" = 160 ]'
check "POP3 leaves the mail on the server by default" '[ "$(dovecot_count other INBOX)" = 160 ]'
check "POP3 keeps each UIDL" '[ "$(sql "$D6" "SELECT count(*) FROM source_items")" = 160 ]'
check "every fetched message is indexed for search, batch by batch" \
	'[ "$(sql "$D6" "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '"'"'parcel'"'"'")" = 160 ] && [ "$(sql "$D6" "INSERT INTO messages_fts (messages_fts) VALUES ('"'"'integrity-check'"'"'); SELECT count(*) FROM fts_deferred")" = 0 ]'
dovecot_deliver other "$(msg 300 eve@customer.example 'One more')"
run "$A" --config "$C6" --db "$D6" fetch
check "a second POP3 fetch takes only the new message (by UIDL)" \
	'printf "%s" "$T_OUT" | grep -q "pop: 1 new message, 1 new ticket"'
"$A" --config "$C6" --db "$D6" server stop >/dev/null 2>&1

D7="$T_TMP/d7.db" C7="$T_TMP/c7.conf"
"$A" --db "$D7" init >/dev/null 2>&1
printf 'account "popstls" {\n url = "pop3://127.0.0.1:%s"\n user = "other"\n password_cmd = "echo secret2"\n ca_file = "%s"\n pop3_delete = true\n poll_interval = 3600\n}\n' \
	"$DOVECOT_POP3_PORT" "$DOVECOT_CA" >"$C7"
run "$A" --config "$C7" --db "$D7" fetch
check "pop3:// with STLS fetches, and pop3_delete removes what was stored" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "$D7" "SELECT count(*) FROM messages")" = 161 ] && [ "$(dovecot_count other INBOX)" = 0 ]'
"$A" --config "$C7" --db "$D7" server stop >/dev/null 2>&1

# An over-size message: its header is kept with a notice, and it is never
# deleted from the server, even with pop3_delete.
D8="$T_TMP/d8.db" C8="$T_TMP/c8.conf"
"$A" --db "$D8" init >/dev/null 2>&1
printf 'account "big" {\n url = "pop3s://127.0.0.1:%s"\n user = "other"\n password_cmd = "echo secret2"\n ca_file = "%s"\n pop3_delete = true\n poll_interval = 3600\n}\nmail {\n max_message_size = 2048\n}\n' \
	"$DOVECOT_POP3S_PORT" "$DOVECOT_CA" >"$C8"
big=$(msg 400 gina@customer.example 'A very long complaint')
awk 'BEGIN { for (i = 0; i < 200; i++) print "This line makes the message longer than the limit." }' >>"$big"
dovecot_deliver other "$big"
run "$A" --config "$C8" --db "$D8" fetch
check "an over-size POP3 message is stored (header) with a notice and left on the server" \
	'[ "$T_RC" -eq 0 ] && sqlite3 "$D8" "SELECT notice FROM messages" | grep -q "only its header was fetched" && [ "$(dovecot_count other INBOX)" = 1 ]'
"$A" --config "$C8" --db "$D8" server stop >/dev/null 2>&1

# A POP3 message the server will not give (Dovecot: "-ERR Message 2
# expunged." for a file it cannot read): skipped and tried again, and after
# three tries in a row a placeholder; the rest of the mailbox comes as usual.
D10="$T_TMP/d10.db" C10="$T_TMP/c10.conf"
"$A" --db "$D10" init >/dev/null 2>&1
conf "$C10" popbad "pop3s://127.0.0.1:$DOVECOT_POP3S_PORT"
bad=$(grep -l "msg-2@customer.example" "$DOVECOT_DIR"/mail/support/new/* "$DOVECOT_DIR"/mail/support/cur/* 2>/dev/null | head -1)
chmod 000 "$bad"
total=$(dovecot_count support INBOX)
run "$A" --config "$C10" --db "$D10" fetch
check "POP3: one message the server will not give does not stop the others" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "$D10" "SELECT count(*) FROM messages")" = $((total - 1)) ]'
if wait_for 30 '[ "$(sql "$D10" "SELECT count(*) FROM messages WHERE notice LIKE \"placeholder: the mail server would not send this message%\"")" = 1 ]'; then
	t_ok "... and after three tries it becomes a placeholder"
else
	t_fail "... and after three tries it becomes a placeholder" "$(sql "$D10" "SELECT id, notice FROM messages")"
fi
check "... saying which message, and why" \
	'sql "$D10" "SELECT body || notice FROM messages WHERE notice LIKE \"placeholder:%\"" | tr -d "\r\n" | grep -q "untouched: POP3 message [^ ]*, [0-9]* bytes.*Message 2 expunged"'
chmod 600 "$bad"
run "$A" --config "$C10" --db "$D10" fetch
check "... once only: the UIDL is marked done" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "$D10" "SELECT count(*) FROM messages")" = "$total" ]'
"$A" --config "$C10" --db "$D10" server stop >/dev/null 2>&1

# --- no accounts -------------------------------------------------------------
expect_err "fetch without accounts says how to add one" 1 'no mail accounts are configured' \
	"$A" --db "$D2" --config /dev/null fetch
t_done
