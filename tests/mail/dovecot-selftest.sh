#!/bin/sh
# dovecot-selftest.sh: tests/mail/dovecot.sh itself. Starts the private
# Dovecot and checks every listener and helper with openssl s_client, a
# plain socket and doveadm. TAP, like tests/cli/lib.sh.
set -u
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/mail/dovecot.sh"

T_N=0
t_ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_fail() {
	T_N=$((T_N + 1))
	echo "not ok $T_N - $1"
	shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}
t_done() { echo "1..$T_N"; exit 0; }
# check DESC SHELL-CONDITION [DIAGNOSTIC-FILE]
check() {
	if eval "$2"; then
		t_ok "$1"
	else
		t_fail "$1" "failed: $2" "$(cat "${3:-/dev/null}" 2>/dev/null | tail -n 15)"
	fi
}

for c in dovecot doveadm openssl perl; do
	if ! command -v "$c" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$c" ]; then
		echo "1..0 # SKIP $c is not installed"
		exit 0
	fi
done

W=$(mktemp -d "${TMPDIR:-/tmp}/dovecot-selftest-XXXXXX") || exit 1
cleanup() { dovecot_stop; rm -rf "$W"; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# tls PORT [S_CLIENT-OPTIONS...]: a TLS session on PORT verified against the
# test CA for 127.0.0.1; the commands come from stdin, the answers go to
# stdout, s_client's chatter to $W/tls.err.
tls() {
	_port=$1; shift
	timeout 8 openssl s_client -quiet -connect "127.0.0.1:$_port" -CAfile "$DOVECOT_CA" \
		-verify_return_error -verify_ip 127.0.0.1 "$@" 2>"$W/tls.err"
}
# handshake PORT [S_CLIENT-OPTIONS...]: the TLS handshake and verification
# succeed (s_client exits 0 at the end of its empty input).
handshake() {
	_port=$1; shift
	timeout 8 openssl s_client -connect "127.0.0.1:$_port" "$@" </dev/null >"$W/hs.out" 2>&1
}
# plain PORT: a session without TLS; commands from stdin, answers to stdout.
plain() {
	timeout 8 perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
			PeerPort => $ARGV[0], Timeout => 5) or die "connect: $!\n";
		$s->autoflush(1);
		print $s $_ while <STDIN>;
		print while <$s>;' "$1" 2>"$W/plain.err"
}
# wait_for FILE PATTERN: up to 3 s for a line matching PATTERN (grep -E).
wait_for() {
	_i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ "$_i" -ge 30 ] && return 1
		sleep 0.1
	done
}
crlf() { printf '%s\r\n' "$@"; }

t0=$(date +%s%N)
if dovecot_start "$W/dovecot" 2>"$W/start.err"; then
	t1=$(date +%s%N)
	t_ok "dovecot_start returns 0 ($(((t1 - t0) / 1000000)) ms)"
else
	t_fail "dovecot_start returns 0" "$(cat "$W/start.err")"
	t_done
fi
D=$DOVECOT_DIR

ports="$DOVECOT_IMAP_PORT $DOVECOT_IMAPS_PORT $DOVECOT_POP3_PORT $DOVECOT_POP3S_PORT
$DOVECOT_WRONGHOST_IMAPS_PORT $DOVECOT_SELFSIGNED_IMAPS_PORT $DOVECOT_NOTLS_IMAP_PORT
$DOVECOT_NOTLS_POP3_PORT"
check "eight distinct numeric ports are exported" \
	'[ "$(echo $ports | tr " " "\n" | grep -Ec "^[0-9]+\$")" -eq 8 ] && [ "$(echo $ports | tr " " "\n" | sort -u | wc -l)" -eq 8 ]'
check "DOVECOT_DIR is absolute and DOVECOT_CA is a certificate in it" \
	'[ "$D" = "$W/dovecot" ] && [ "$DOVECOT_CA" = "$D/ca.pem" ] && openssl x509 -in "$DOVECOT_CA" -noout'
if [ "$(id -u)" -eq 0 ]; then
	check "DIR is private (root:dovecot 750 as root)" '[ "$(stat -c %a:%U:%G "$D")" = "750:root:$(id -gn dovecot)" ]'
else
	check "DIR is private (700)" '[ "$(stat -c %a "$D")" = 700 ]'
fi
check "no other user can read the keys" '[ "$(stat -c %a "$D/tls")" = 700 ] && [ "$(stat -c %a "$D/tls/server.key")" = 600 ]'

# TLS endpoints.
check "IMAPS verifies against DOVECOT_CA for IP 127.0.0.1" \
	'handshake "$DOVECOT_IMAPS_PORT" -CAfile "$DOVECOT_CA" -verify_return_error -verify_ip 127.0.0.1' "$W/hs.out"
check "... and for the name localhost" \
	'handshake "$DOVECOT_IMAPS_PORT" -CAfile "$DOVECOT_CA" -verify_return_error -verify_hostname localhost -servername localhost' "$W/hs.out"
check "... but not without the test CA" \
	'! handshake "$DOVECOT_IMAPS_PORT" -verify_return_error -verify_ip 127.0.0.1 && grep -q "unable to get local issuer" "$W/hs.out"' "$W/hs.out"
check "IMAP offers STARTTLS and it verifies" \
	'handshake "$DOVECOT_IMAP_PORT" -starttls imap -CAfile "$DOVECOT_CA" -verify_return_error -verify_ip 127.0.0.1' "$W/hs.out"
check "POP3 offers STLS and it verifies" \
	'handshake "$DOVECOT_POP3_PORT" -starttls pop3 -CAfile "$DOVECOT_CA" -verify_return_error -verify_ip 127.0.0.1' "$W/hs.out"
check "POP3S verifies" \
	'handshake "$DOVECOT_POP3S_PORT" -CAfile "$DOVECOT_CA" -verify_return_error -verify_ip 127.0.0.1' "$W/hs.out"
check "the wrong-host endpoint fails -verify_ip 127.0.0.1" \
	'! handshake "$DOVECOT_WRONGHOST_IMAPS_PORT" -CAfile "$DOVECOT_CA" -verify_return_error -verify_ip 127.0.0.1 && grep -q "IP address mismatch" "$W/hs.out"' "$W/hs.out"
check "... and -verify_hostname localhost" \
	'! handshake "$DOVECOT_WRONGHOST_IMAPS_PORT" -CAfile "$DOVECOT_CA" -verify_return_error -verify_hostname localhost && grep -q "hostname mismatch" "$W/hs.out"' "$W/hs.out"
check "... though its chain is good (CA-signed, for mail.example.invalid)" \
	'handshake "$DOVECOT_WRONGHOST_IMAPS_PORT" -CAfile "$DOVECOT_CA" -verify_return_error -verify_hostname mail.example.invalid' "$W/hs.out"
check "the self-signed endpoint fails verification against the CA" \
	'! handshake "$DOVECOT_SELFSIGNED_IMAPS_PORT" -CAfile "$DOVECOT_CA" -verify_return_error -verify_ip 127.0.0.1 && grep -q "self-signed certificate" "$W/hs.out"' "$W/hs.out"
check "... though it is for 127.0.0.1 and localhost (trusting it verifies)" \
	'handshake "$DOVECOT_SELFSIGNED_IMAPS_PORT" -CAfile "$D/tls/selfsigned.pem" -verify_return_error -verify_ip 127.0.0.1 && handshake "$DOVECOT_SELFSIGNED_IMAPS_PORT" -CAfile "$D/tls/selfsigned.pem" -verify_return_error -verify_hostname localhost' "$W/hs.out"
check "the no-TLS IMAP port has no STARTTLS for s_client" \
	'! handshake "$DOVECOT_NOTLS_IMAP_PORT" -starttls imap -CAfile "$DOVECOT_CA" && grep -q "find STARTTLS" "$W/hs.out"' "$W/hs.out"

# Capabilities and logins.
caps=$(crlf "a CAPABILITY" "b LOGOUT" | plain "$DOVECOT_IMAP_PORT")
check "IMAP lists STARTTLS" 'printf "%s" "$caps" | grep -q "^\* CAPABILITY.* STARTTLS"'
caps=$(crlf "a CAPABILITY" "b LOGOUT" | plain "$DOVECOT_NOTLS_IMAP_PORT")
check "the no-TLS IMAP port does not" \
	'printf "%s" "$caps" | grep -q "^\* CAPABILITY" && ! printf "%s" "$caps" | grep -q STARTTLS'
caps=$(crlf CAPA QUIT | plain "$DOVECOT_POP3_PORT")
check "POP3 lists STLS" 'printf "%s" "$caps" | grep -q "^STLS"'
caps=$(crlf CAPA QUIT | plain "$DOVECOT_NOTLS_POP3_PORT")
check "the no-TLS POP3 port does not" \
	'printf "%s" "$caps" | grep -q "^+OK" && ! printf "%s" "$caps" | grep -q "^STLS"'
out=$(crlf "a LOGIN support secret" "b LOGOUT" | plain "$DOVECOT_NOTLS_IMAP_PORT")
check "support/secret logs in without TLS on the no-TLS port" 'printf "%s" "$out" | grep -q "^a OK"'
out=$(crlf "a LOGIN other secret2" "b LOGOUT" | tls "$DOVECOT_IMAPS_PORT")
check "other/secret2 logs in over IMAPS" 'printf "%s" "$out" | grep -q "^a OK"' "$W/tls.err"
t0=$(date +%s)
out=$(crlf "a LOGIN support wrong" "b LOGIN support wrong" "c LOGIN support secret" "d LOGOUT" | tls "$DOVECOT_IMAPS_PORT")
t1=$(date +%s)
check "wrong passwords are refused, without slowing the next login" \
	'printf "%s" "$out" | grep -q "^a NO" && printf "%s" "$out" | grep -q "^b NO" && printf "%s" "$out" | grep -q "^c OK" && [ $((t1 - t0)) -le 1 ]' "$W/tls.err"
out=$(crlf "a LOGIN other secret" "b LOGIN nosuch secret" 'c LOGIN support ""' "d AUTHENTICATE PLAIN AHN1cHBvcnQA" "e LOGOUT" | plain "$DOVECOT_NOTLS_IMAP_PORT")
check "another user's password, an unknown user and empty passwords are refused" \
	'[ "$(printf "%s" "$out" | grep -c "^[a-d] NO \[AUTHENTICATIONFAILED\]")" -eq 4 ]'
out=$(crlf "USER support" "PASS wrong" "USER support" "PASS secret" "QUIT" | plain "$DOVECOT_NOTLS_POP3_PORT")
check "POP3 refuses a wrong password and takes the right one" \
	'printf "%s" "$out" | grep -q "^-ERR \[AUTH\] Authentication failed" && printf "%s" "$out" | grep -q "^+OK Logged in"'
out=$(crlf "a LOGIN support secret" "b LOGOUT" | tls "$DOVECOT_IMAP_PORT" -starttls imap)
check "support logs in after STARTTLS" 'printf "%s" "$out" | grep -q "^a OK"' "$W/tls.err"

# Mail.
check "dovecot_count of an empty INBOX prints 0" '[ "$(dovecot_count support)" = 0 ]'
cat >"$W/m1.eml" <<'EOF'
From: Alice Customer <alice@example.com>
To: support@localhost
Subject: first delivery
Message-ID: <m1@selftest.invalid>
Date: Mon, 2 Mar 2026 10:00:00 +0000

My order has not arrived.
EOF
sed -e 's/first delivery/second delivery/' -e 's/<m1@/<m2@/' "$W/m1.eml" >"$W/m2.eml"
check "dovecot_deliver stores a message" 'dovecot_deliver support "$W/m1.eml" 2>"$W/err"' "$W/err"
check "... dovecot_count sees it" '[ "$(dovecot_count support INBOX)" = 1 ]'
check "... doveadm fetch sees it" \
	'doveadm -c "$DOVECOT_CONF" fetch -u support "hdr.subject" mailbox INBOX all 2>"$W/err" | grep -q "first delivery"' "$W/err"
out=$(crlf "a LOGIN support secret" "b SELECT INBOX" "c FETCH 1 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])" "d LOGOUT" | tls "$DOVECOT_IMAPS_PORT")
check "... and an IMAP client over TLS" \
	'printf "%s" "$out" | grep -q "^\* 1 EXISTS" && printf "%s" "$out" | grep -q "Subject: first delivery"' "$W/tls.err"
check "the other user's INBOX stays empty" '[ "$(dovecot_count other)" = 0 ]'
out=$(crlf "USER support" "PASS secret" STAT QUIT | tls "$DOVECOT_POP3_PORT" -starttls pop3)
check "POP3 after STLS sees the message" 'printf "%s" "$out" | grep -q "^+OK 1 "' "$W/tls.err"

# IDLE: a client waiting in INBOX hears about a delivery.
mkfifo "$W/idle.in"
timeout 10 openssl s_client -quiet -connect "127.0.0.1:$DOVECOT_IMAPS_PORT" -CAfile "$DOVECOT_CA" \
	-verify_return_error <"$W/idle.in" >"$W/idle.out" 2>"$W/idle.err" &
idle_pid=$!
exec 3>"$W/idle.in"
# Writes go through a subshell: if s_client is gone, SIGPIPE ends only that.
(crlf "a LOGIN support secret" "b SELECT INBOX" "c IDLE" >&3) 2>/dev/null
if wait_for "$W/idle.out" '^\+ idling'; then
	t0=$(date +%s%N)
	dovecot_deliver support "$W/m2.eml"
	if wait_for "$W/idle.out" '^\* 2 EXISTS'; then
		t1=$(date +%s%N)
		t_ok "an IDLE client is told of a delivery ($(((t1 - t0) / 1000000)) ms)"
	else
		t_fail "an IDLE client is told of a delivery" "$(cat "$W/idle.out" "$W/idle.err")"
	fi
else
	t_fail "an IDLE client is told of a delivery" "IDLE did not start:" "$(cat "$W/idle.out" "$W/idle.err")"
fi
(crlf DONE "d LOGOUT" >&3) 2>/dev/null
exec 3>&-
wait "$idle_pid"
check "... and the message has the next UID" \
	'crlf "a LOGIN support secret" "b EXAMINE INBOX" "c UID FETCH 2 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])" "d LOGOUT" | tls "$DOVECOT_IMAPS_PORT" | grep -q "second delivery"' "$W/tls.err"

# Folders.
check "dovecot_deliver into a new folder creates it" 'dovecot_deliver support "$W/m1.eml" Archive/2024 2>"$W/err"' "$W/err"
check "... dovecot_count counts it" '[ "$(dovecot_count support Archive/2024)" = 1 ] && [ "$(dovecot_count support)" = 2 ]'
out=$(crlf "a LOGIN support secret" 'b LIST "" "*"' "c LOGOUT" | tls "$DOVECOT_IMAPS_PORT")
check "... IMAP LIST shows it with the / separator" 'printf "%s" "$out" | grep -q "^\* LIST (.*) \"/\" Archive/2024"' "$W/tls.err"
check "dovecot_create_folder makes a folder" 'dovecot_create_folder other Work 2>"$W/err" && [ "$(dovecot_count other Work)" = 0 ]' "$W/err"
check "... and is fine when it exists" 'dovecot_create_folder other Work 2>"$W/err"' "$W/err"
check "dovecot_count of a missing folder fails, saying why" \
	'! dovecot_count other Nope 2>"$W/err" >/dev/null && grep -q "dovecot_count:.*Nope" "$W/err"'

# UIDVALIDITY.
uv=$(dovecot_uidvalidity support INBOX)
auv=$(dovecot_uidvalidity support Archive/2024)
out=$(crlf "a LOGIN support secret" "b SELECT INBOX" "c LOGOUT" | tls "$DOVECOT_IMAPS_PORT")
check "dovecot_uidvalidity prints what SELECT reports" \
	'[ -n "$uv" ] && printf "%s" "$out" | grep -q "^\* OK \[UIDVALIDITY $uv\]"' "$W/tls.err"
nuv=$(dovecot_reset_uidvalidity support INBOX 2>"$W/err")
check "dovecot_reset_uidvalidity prints a new value" '[ -n "$nuv" ] && [ "$nuv" != "$uv" ]' "$W/err"
check "... which dovecot_uidvalidity now prints" '[ "$(dovecot_uidvalidity support INBOX)" = "$nuv" ]'
out=$(crlf "a LOGIN support secret" "b SELECT INBOX" "c FETCH 1:* (UID)" "d LOGOUT" | tls "$DOVECOT_IMAPS_PORT")
check "... SELECT reports it, with the same two messages" \
	'printf "%s" "$out" | grep -q "^\* OK \[UIDVALIDITY $nuv\]" && printf "%s" "$out" | grep -q "^\* 2 EXISTS" && [ "$(printf "%s" "$out" | grep -c "^\* [0-9]* FETCH (UID [0-9]*)")" -eq 2 ]' "$W/tls.err"
check "the other folders keep theirs" '[ "$(dovecot_uidvalidity support Archive/2024)" = "$auv" ] && [ "$(dovecot_count support Archive/2024)" = 1 ]'

# Stop.
pids=$(cat "$D"/run/*/master.pid)
check "dovecot_stop returns 0" 'dovecot_stop 2>"$W/err"' "$W/err"
alive=
for p in $pids; do
	if ps -e -o pgid= -o stat= | awk -v g="$p" '$1 == g && $2 !~ /^Z/ { f = 1 } END { exit !f }'; then
		alive="$alive $p"
	fi
done
check "... every instance is gone" '[ -z "$alive" ]'
check "... and no port answers" '! printf "" | plain "$DOVECOT_IMAP_PORT" && ! printf "" | plain "$DOVECOT_NOTLS_POP3_PORT"'
check "dovecot_stop again is fine" 'dovecot_stop'
t_done
