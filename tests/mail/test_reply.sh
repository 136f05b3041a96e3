#!/bin/sh
# test_reply.sh: replies through the outbox to a real SMTP server
# (tests/mail/smtpd.py, aiosmtpd) with STARTTLS, AUTH and a test CA: the
# received message is parsed and checked (headers, threading, encoding,
# quoted text with lone dots); temporary and permanent failures; the server
# down, then up; kill -9 before and during delivery; header and envelope
# injection from a customer's name, an encoded subject, a stored address and
# a stored Message-ID.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cli/lib.sh"
. "$here/dovecot.sh"
PY=/usr/bin/python3
SMTPD_PID=""
smtpd_stop() { [ -n "$SMTPD_PID" ] && kill "$SMTPD_PID" 2>/dev/null && wait "$SMTPD_PID" 2>/dev/null; SMTPD_PID=""; }
trap 'smtpd_stop; dovecot_stop; t_cleanup' EXIT
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
	echo "not ok 1 - python3-aiosmtpd is installed (apt-get install python3-aiosmtpd)"
	echo "1..1"
	exit 0
fi
dovecot_start "$T_TMP/dovecot" 2>"$T_TMP/dc.err" || { t_fail "start Dovecot" "$(cat "$T_TMP/dc.err")"; t_done; }

A=$AFTERCARE
OUT="$T_TMP/received" MODE="$T_TMP/mode"
mkdir -p "$OUT"
SMTP_PORT=$((DOVECOT_IMAP_PORT + 20))
SMTPD_N=0
smtpd_start() {
	# A fresh log each time: the redirection happens in the child, later
	# than this shell could read an old "ready".
	SMTPD_N=$((SMTPD_N + 1))
	SMTPD_LOG="$T_TMP/smtpd-$SMTPD_N.log"
	$PY "$here/smtpd.py" "$SMTP_PORT" "$OUT" "$MODE" "$DOVECOT_DIR/tls/server.pem" \
		"$DOVECOT_DIR/tls/server.key" >"$SMTPD_LOG" 2>&1 &
	SMTPD_PID=$!
	i=0
	while [ $i -lt 200 ] && ! grep -q ready "$SMTPD_LOG" 2>/dev/null; do
		sleep 0.05
		i=$((i + 1))
	done
}
echo ok >"$MODE"
smtpd_start
received() { ls "$OUT" | grep -c '\.eml$'; }
wait_for() {
	limit=$(($1 * 20)); shift
	i=0
	while [ $i -lt $limit ]; do eval "$@" && return 0; sleep 0.05; i=$((i + 1)); done
	return 1
}
sql() { sqlite3 -batch "$D" "$1"; }

dovecot_create_folder support Sent
D="$T_TMP/r.db" C="$T_TMP/r.conf"
"$A" --db "$D" init >/dev/null 2>&1
cat >"$C" <<EOF
account "shop" {
  url = "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT"
  user = "support"
  password_cmd = "echo secret"
  ca_file = "$DOVECOT_CA"
  smtp_url = "smtp://127.0.0.1:$SMTP_PORT"
  from = "Shop Support <support@shop.example>"
  sent_folder = "Sent"
  plain_loopback = false
}
EOF
# A customer whose display name and subject decode to CR LF + a header.
cat >"$T_TMP/in.eml" <<'EOF'
From: =?utf-8?q?Eve_Smith=0D=0ABcc=3A_evil=40attacker=2Eexample?= <eve@customer.example>
To: support@shop.example
Subject: =?utf-8?q?Where_is_my_order_=231042=3F=0D=0ABcc=3A_evil2=40attacker=2Eexample?=
Date: Mon, 16 Nov 2026 10:00:00 +0000
Message-ID: <question-1@customer.example>
References: <older-1@customer.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello, where is my parcel?
EOF
"$A" --db "$D" import eml "$T_TMP/in.eml" >/dev/null 2>&1
printf 'Dear Eve,\n\nyour parcel is on its way: Zásilka 42 — «відправлено».\n.\n..\n.hidden line\nBest regards\n' >"$T_TMP/body.txt"

run "$A" --config "$C" --db "$D" reply 1 --body-file "$T_TMP/body.txt"
check "reply says queued at once" '[ "$T_RC" -eq 0 ] && printf "%s" "$T_OUT" | grep -q "Reply to ticket #1 queued"'
if wait_for 10 '[ "$(received)" -ge 1 ]'; then t_ok "the reply reached the SMTP server (STARTTLS, AUTH)"; else t_fail "the reply reached the SMTP server" "$(cat "$SMTPD_LOG")" "$(sql 'SELECT state, last_error FROM outbox')"; fi
msgid=$(sql "SELECT idempotency_key FROM outbox WHERE id = 1")
cat >"$T_TMP/check.py" <<'EOF'
import email, sys
from email import policy
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=policy.default)
env = open(sys.argv[1][:-4] + ".env").read().split("\n")
want_id = sys.argv[2]
checks = {
  "from": m["From"] == "Shop Support <support@shop.example>",
  "to": m["To"].addresses[0].addr_spec == "eve@customer.example",
  "no-bcc": m["Bcc"] is None and b"\nBcc:" not in raw and b"\r\nBcc:" not in raw,
  "subject": str(m["Subject"]).startswith("Re: Where is my order #1042?") and str(m["Subject"]).endswith("[#1]"),
  "in-reply-to": m["In-Reply-To"] == "<question-1@customer.example>",
  "references": "<question-1@customer.example>" in m["References"],
  "message-id": m["Message-ID"] == "<" + want_id + ">",
  "qp": m["Content-Transfer-Encoding"] == "quoted-printable" and m.get_content_charset() == "utf-8",
  "body": m.get_content() .replace("\r\n", "\n") == "Dear Eve,\n\nyour parcel is on its way: Zásilka 42 — «відправлено».\n.\n..\n.hidden line\nBest regards\n",
  "envelope": env[0] == "FROM support@shop.example" and env[1:] == ["TO eve@customer.example", ""],
  "crlf": b"\n" not in raw.replace(b"\r\n", b""),
}
bad = [k for k, v in checks.items() if not v]
print(" ".join(bad) if bad else "ok")
EOF
res=$($PY "$T_TMP/check.py" "$OUT/0001.eml" "$msgid" 2>&1)
check "the received message: From, To, Subject [#1], In-Reply-To, References, Message-ID, UTF-8 QP, dot lines intact, no injected Bcc, envelope to the customer only ($res)" '[ "$res" = ok ]'
[ "$res" = ok ] || sed 's/^/# /' "$OUT/0001.eml" | head -30
check "the outbox item is sent" '[ "$(sql "SELECT state FROM outbox WHERE id = 1")" = sent ]'
wait_for 5 '[ "$(dovecot_count support Sent)" = 1 ]'
check "a copy is in the IMAP Sent folder" '[ "$(dovecot_count support Sent)" = 1 ]'
check "the ticket is pending with its first response time" \
	'[ "$(sql "SELECT status || (first_response_at IS NOT NULL) FROM tickets WHERE id = 1")" = pending1 ]'
check "the reply is on the ticket with its Message-ID and frozen bytes" \
	'[ "$(sql "SELECT count(*) FROM messages m JOIN message_raw r ON r.message_id = m.id WHERE m.direction = \"out\" AND m.external_id = \"$msgid\"")" = 1 ]'
check "the reply is in the audit log" '[ "$(sql "SELECT count(*) FROM audit_log WHERE action = \"ticket.reply\"")" = 1 ]'

run "$A" --config "$C" --db "$D" reply 1 --note --body-file "$T_TMP/body.txt"
check "a note is stored and never queued" \
	'[ "$T_RC" -eq 0 ] && [ "$(sql "SELECT count(*) FROM outbox")" = 1 ] && [ "$(sql "SELECT count(*) FROM messages WHERE direction = \"note\"")" = 1 ]'

# Temporary failure, then success: delivered exactly once.
echo tempfail >"$MODE"
"$A" --config "$C" --db "$D" reply 1 --body-file "$T_TMP/body.txt" >/dev/null 2>&1
wait_for 10 '[ "$(sql "SELECT attempts FROM outbox WHERE id = 2")" -ge 1 ] && [ "$(sql "SELECT state FROM outbox WHERE id = 2")" = queued ]'
run "$A" --config "$C" --db "$D" outbox
check "a 4xx leaves the item queued with the server's reason" \
	'printf "%s" "$T_OUT" | grep -q "queued .*451 4.3.0 Mailbox temporarily unavailable"'
echo ok >"$MODE"
"$A" --config "$C" --db "$D" outbox flush >/dev/null 2>&1
wait_for 10 '[ "$(sql "SELECT state FROM outbox WHERE id = 2")" = sent ]'
id2=$(sql "SELECT idempotency_key FROM outbox WHERE id = 2")
check "after the 4xx, outbox flush delivers it once" \
	'[ "$(grep -l "$id2" "$OUT"/*.eml | wc -l)" = 1 ] && [ "$(sql "SELECT state FROM outbox WHERE id = 2")" = sent ]'

# Permanent failure: failed with the reason; retry sends the same bytes.
echo permfail >"$MODE"
"$A" --config "$C" --db "$D" reply 1 --body-file "$T_TMP/body.txt" >/dev/null 2>&1
wait_for 10 '[ "$(sql "SELECT state FROM outbox WHERE id = 3")" = failed ]'
check "a 5xx fails the item with the server's reason" \
	'[ "$(sql "SELECT last_error FROM outbox WHERE id = 3")" = "550 5.1.1 No such user here" ]'
echo ok >"$MODE"
run "$A" --config "$C" --db "$D" outbox retry 3
wait_for 10 '[ "$(sql "SELECT state FROM outbox WHERE id = 3")" = sent ]'
id3=$(sql "SELECT idempotency_key FROM outbox WHERE id = 3")
check "outbox retry sends the same Message-ID once" \
	'[ "$T_RC" -eq 0 ] && [ "$(grep -l "$id3" "$OUT"/*.eml | wc -l)" = 1 ]'

# The SMTP server down, then up.
smtpd_stop
"$A" --config "$C" --db "$D" reply 1 --body-file "$T_TMP/body.txt" >/dev/null 2>&1
wait_for 10 '[ "$(sql "SELECT attempts FROM outbox WHERE id = 4")" -ge 1 ] && [ "$(sql "SELECT state FROM outbox WHERE id = 4")" = queued ]'
check "with the SMTP server down the item stays queued" '[ "$(sql "SELECT state FROM outbox WHERE id = 4")" = queued ]'
smtpd_start
"$A" --config "$C" --db "$D" outbox flush >/dev/null 2>&1
wait_for 10 '[ "$(sql "SELECT state FROM outbox WHERE id = 4")" = sent ]'
id4=$(sql "SELECT idempotency_key FROM outbox WHERE id = 4")
check "once it is up again the reply is delivered exactly once" \
	'[ "$(grep -l "$id4" "$OUT"/*.eml | wc -l)" = 1 ]'
"$A" --config "$C" --db "$D" server stop >/dev/null 2>&1

# kill -9 of the server between queueing and delivery.
sock="$T_TMP/r.sock"
AFTERCARE_TEST_SEND_DELAY_MS=3000 "$A" --config "$C" --db "$D" server --foreground --socket "$sock" >/dev/null 2>&1 &
spid=$!
sleep 1
"$A" --config "$C" --db "$D" --socket "$sock" reply 1 --body-file "$T_TMP/body.txt" >/dev/null 2>&1
wait_for 5 '[ "$(sql "SELECT state FROM outbox WHERE id = 5")" = sending ]'
kill -9 $spid; wait $spid 2>/dev/null
wait_for 3 '! pgrep -f -- "--socket $sock" >/dev/null'
rm -f "$sock"
id5=$(sql "SELECT idempotency_key FROM outbox WHERE id = 5")
check "killed while the item was marked sending: nothing went out yet" '[ "$(grep -l "$id5" "$OUT"/*.eml 2>/dev/null | wc -l)" = 0 ]'
"$A" --config "$C" --db "$D" --socket "$sock" outbox flush >/dev/null 2>&1
wait_for 10 '[ "$(sql "SELECT state FROM outbox WHERE id = 5")" = sent ]'
check "after the restart it is delivered, once" '[ "$(grep -l "$id5" "$OUT"/*.eml | wc -l)" = 1 ]'
"$A" --config "$C" --db "$D" --socket "$sock" server stop >/dev/null 2>&1

# kill -9 after the SMTP server accepted the mail but before we heard it.
echo acceptslow >"$MODE"
"$A" --config "$C" --db "$D" server --foreground --socket "$sock" >/dev/null 2>&1 &
spid=$!
sleep 1
"$A" --config "$C" --db "$D" --socket "$sock" reply 1 --body-file "$T_TMP/body.txt" >/dev/null 2>&1
id6=$(sql "SELECT idempotency_key FROM outbox WHERE id = 6")
wait_for 10 '[ "$(grep -l "$id6" "$OUT"/*.eml 2>/dev/null | wc -l)" = 1 ]'
kill -9 $spid; wait $spid 2>/dev/null
wait_for 3 '! pgrep -f -- "--socket $sock" >/dev/null'
rm -f "$sock"
echo ok >"$MODE"
check "killed in the window: the item is still marked sending" '[ "$(sql "SELECT state FROM outbox WHERE id = 6")" = sending ]'
"$A" --config "$C" --db "$D" --socket "$sock" outbox flush >/dev/null 2>&1
wait_for 10 '[ "$(sql "SELECT state FROM outbox WHERE id = 6")" = sent ]'
ids=$(for f in $(grep -l "$id6" "$OUT"/*.eml); do $PY -c 'import email,sys; print(email.message_from_binary_file(open(sys.argv[1],"rb"))["Message-ID"])' "$f"; done | sort -u)
check "resent after the restart with the same bytes and Message-ID (the recipient sees one message)" \
	'[ "$(sql "SELECT state FROM outbox WHERE id = 6")" = sent ] && [ "$ids" = "<$id6>" ] && [ "$(grep -l "$id6" "$OUT"/*.eml | xargs md5sum | cut -d" " -f1 | sort -u | wc -l)" = 1 ]'
"$A" --config "$C" --db "$D" --socket "$sock" server stop >/dev/null 2>&1

# Injection through stored data: an order API email, a stored Message-ID.
before=$(sql "SELECT count(*) FROM outbox")
sqlite3 "$D" "UPDATE customers SET email = 'eve@customer.example' || char(13, 10) || 'RCPT TO:<evil@attacker.example>' WHERE id = 1"
expect_err "an address with CR LF (from a store API) is refused, nothing queued" 2 "is not a valid email address" \
	"$A" --config "$C" --db "$D" reply 1 --body-file "$T_TMP/body.txt"
check "nothing was queued" '[ "$(sql "SELECT count(*) FROM outbox")" = "$before" ]'
sqlite3 "$D" "UPDATE customers SET email = 'eve@customer.example' WHERE id = 1"
sqlite3 "$D" "UPDATE messages SET external_id = 'question-1@customer.example>' || char(13, 10) || 'Bcc: evil3@attacker.example' WHERE id = 1"
n0=$(received)
"$A" --config "$C" --db "$D" reply 1 --body-file "$T_TMP/body.txt" >/dev/null 2>&1
wait_for 10 '[ "$(received)" -gt "$n0" ]'
last=$(ls "$OUT"/*.eml | tail -1)
check "a stored Message-ID with CR LF never becomes a header" \
	'! grep -qi "^Bcc:" "$last" && ! grep -q "evil3" "${last%.eml}.env"'
"$A" --config "$C" --db "$D" server stop >/dev/null 2>&1

# The TUI: open the ticket, pick a template with a live preview, write in
# an editor (a script here), look at it, send; "queued", then "sent".
if command -v tmux >/dev/null 2>&1; then
	D9="$T_TMP/tui.db"
	"$A" --db "$D9" init >/dev/null 2>&1
	"$A" --db "$D9" import eml "$T_TMP/in.eml" >/dev/null 2>&1
	printf '#!/bin/sh\necho "We have sent a replacement today." >>"$1"\n' >"$T_TMP/editor.sh"
	chmod +x "$T_TMP/editor.sh"
	TM="aftercare-reply-$$"
	tmux -L "$TM" new-session -d -x 150 -y 40 \
		"env LANG=C.UTF-8 TERM=xterm-256color EDITOR='$T_TMP/editor.sh' '$A' --config '$C' --db '$D9' 2>$T_TMP/tui.log"
	screen() { tmux -L "$TM" capture-pane -p; }
	wait_for 5 'screen | grep -q "Where is my order"'
	tmux -L "$TM" send-keys Enter
	wait_for 5 'screen | grep -q "(customer)"'
	tmux -L "$TM" send-keys m
	wait_for 5 'screen | grep -q "Preview for this customer"'
	check "m opens the template picker with a preview rendered for this customer" \
		'screen | grep -q "order-status" && screen | grep -q "Hello Eve"'
	tmux -L "$TM" send-keys Enter
	wait_for 5 'screen | grep -q "s: send"'
	check "after the editor, the last look shows To, Subject and the text" \
		'screen | grep -q "To: .*eve@customer.example" && screen | grep -q "Subject: Re: " && screen | grep -q "We have sent a replacement today."' ||
		screen | sed 's/^/# /'
	tmux -L "$TM" send-keys s
	if wait_for 5 'screen | grep -q "queued (outbox"'; then t_ok "s sends: the reply is queued at once"; else t_fail "s sends: the reply is queued at once" "$(screen)"; fi
	if wait_for 10 'screen | grep -q "(reply)  \[sent\]"'; then t_ok "then the conversation shows it sent"; else t_fail "then the conversation shows it sent" "$(screen)"; fi
	tmux -L "$TM" send-keys c
	wait_for 5 'screen | grep -q "s: send"'
	tmux -L "$TM" send-keys s
	check "c adds an internal note the same way" \
		'wait_for 5 "screen | grep -q \"Note added to ticket #1\""'
	# A refused reply, retried from the interface.
	echo permfail >"$MODE"
	tmux -L "$TM" send-keys r
	wait_for 5 'screen | grep -q "s: send"'
	tmux -L "$TM" send-keys s
	if wait_for 10 'screen | grep -q "failed: 550 5.1.1 No such user here"'; then
		t_ok "a refused reply shows failed with the server's reason on the ticket"
	else
		t_fail "a refused reply shows failed with the server's reason on the ticket" "$(screen)"
	fi
	echo ok >"$MODE"
	tmux -L "$TM" send-keys : r e t r y Enter
	failed_id=$(sqlite3 "$D9" "SELECT max(id) FROM outbox")
	if wait_for 10 '[ "$(sqlite3 "$D9" "SELECT state FROM outbox WHERE id = $failed_id")" = sent ]'; then
		t_ok ":retry in the interface sends it again"
	else
		t_fail ":retry in the interface sends it again" "$(screen)"
	fi
	# A draft written from the command line, continued in the interface.
	printf 'Draft from the command line.\n' >"$T_TMP/draft.txt"
	run "$A" --config "$C" --db "$D9" reply 1 --body-file "$T_TMP/draft.txt" --draft
	tmux -L "$TM" send-keys r
	wait_for 5 'screen | grep -q "s: send"'
	check "reply --draft is continued by r in the interface" \
		'[ "$T_RC" -eq 0 ] && screen | grep -q "Draft from the command line."'
	tmux -L "$TM" send-keys q
	tmux -L "$TM" kill-server 2>/dev/null
	"$A" --config "$C" --db "$D9" server stop >/dev/null 2>&1
else
	t_fail "tmux is installed"
fi

expect_err "reply without a sending account says how to add one" 1 "no account can send mail" \
	"$A" --db "$D" --config /dev/null --no-server reply 1 --body-file "$T_TMP/body.txt"
expect_err "reply needs a body or a template" 2 "exactly one of --template" \
	"$A" --db "$D" reply 1
t_done
