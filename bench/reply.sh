#!/bin/sh
# bench/reply.sh: 1,000 queued replies delivered to a loopback SMTP server
# (tests/mail/smtpd.py, python3-aiosmtpd): messages per second from the
# moment the server is asked to flush until the last one is marked sent.
# Alone: reply.sh AFTERCARE [N]. Installs nothing.
set -eu
A=${1:?usage: reply.sh path/to/aftercare [N]}
N=${2:-${BENCH_REPLIES:-1000}}
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
	echo "outbox delivery: skipped (apt-get install python3-aiosmtpd)"
	exit 0
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-reply-bench-XXXXXX")
export XDG_RUNTIME_DIR="$dir/run" XDG_STATE_HOME="$dir/state" TZ=UTC LC_ALL=C.UTF-8
mkdir -m 700 "$XDG_RUNTIME_DIR"
db="$dir/r.db" conf="$dir/r.conf"
port=$((30000 + $$ % 20000))
mkdir "$dir/out"
$PY "$here/../tests/mail/smtpd.py" "$port" "$dir/out" "$dir/mode" >"$dir/smtpd.log" 2>&1 &
smtpd=$!
i=0
while [ $i -lt 200 ] && ! grep -q ready "$dir/smtpd.log" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
trap '"$A" --config "$conf" --db "$db" server stop >/dev/null 2>&1 || :; kill $smtpd 2>/dev/null || :; rm -rf "$dir"' EXIT
cat >"$conf" <<CONF
account "bench" {
  url = "imap://127.0.0.1:1"
  user = "support"
  password_cmd = "echo secret"
  smtp_url = "smtp://127.0.0.1:$port"
  from = "Shop Support <support@shop.example>"
}
CONF
"$A" --db "$db" init >/dev/null
printf 'From: Anna <anna@customer.example>\r\nSubject: Where is my order?\r\nMessage-ID: <b1@customer.example>\r\n\r\nHello?\r\n' >"$dir/in.eml"
"$A" --db "$db" import eml "$dir/in.eml" >/dev/null 2>&1
printf 'Dear Anna,\n\nyour parcel left our warehouse today.\n\nBest regards\n' >"$dir/body.txt"
now() { date +%s.%N; }
t=$(now)
i=0
while [ $i -lt "$N" ]; do
	"$A" --config "$conf" --db "$db" --no-server reply 1 --body-file "$dir/body.txt" >/dev/null
	i=$((i + 1))
done
q=$(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) * 1000 / '"$N"' }')
t=$(now)
"$A" --config "$conf" --db "$db" outbox flush >/dev/null
while [ "$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE state = 'sent'")" -lt "$N" ]; do
	sleep 0.1
	if [ "$(awk -v a="$t" -v b="$(now)" 'BEGIN { print (b - a > 600) }')" = 1 ]; then
		echo "outbox delivery: not all sent after 600 s"; exit 1
	fi
done
secs=$(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
echo "outbox: $N replies queued at $q ms each (whole process); delivered to loopback SMTP in $secs s, $(awk -v n="$N" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') msg/s ($(ls "$dir/out" | grep -c '\.eml$') received)"
