#!/bin/sh
# bench/run.sh: benchmarks (make bench), never part of make check. Prints
# figures; it asserts nothing about time.
#   - building the million-ticket demo (one bulk transaction)
#   - ticket.list first page, a deep keyset page, a search, stats, from it
#   - importing a generated Maildir against `notmuch new` (bench/mail.sh)
set -eu
A=${1:?usage: run.sh path/to/aftercare}
N=${BENCH_TICKETS:-1000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
db="$dir/bench.db"
export AFTERCARE_NOW=1795000000 TZ=UTC LC_ALL=C.UTF-8

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

t=$(now)
"$A" --db "$db" demo --no-ui --tickets "$N" >/dev/null
echo "demo --tickets $N: $(took "$t") s, $(du -h "$db" | cut -f1)"

# repeat N CMD...: runs CMD N times, prints the mean wall time per run in ms.
repeat() {
	n=$1; shift
	t=$(now)
	i=0
	while [ $i -lt "$n" ]; do "$@" >/dev/null; i=$((i + 1)); done
	awk -v a="$t" -v b="$(now)" -v n="$n" 'BEGIN { printf "%.1f ms", (b - a) * 1000 / n }'
}
echo "ticket list (first 50, whole process): $(repeat 20 "$A" --db "$db" ticket list --json)"
cur=$("$A" --db "$db" ticket list --json --limit 500 | jq -r .next_cursor)
echo "ticket list (page after 500, keyset): $(repeat 20 "$A" --db "$db" ticket list --json --cursor "$cur")"
echo "ticket list --status pending: $(repeat 20 "$A" --db "$db" ticket list --json --status pending)"
echo "ticket list --search parcel (common word): $(repeat 5 "$A" --db "$db" ticket list --json --search parcel)"
echo "ticket list --search rare word: $(repeat 20 "$A" --db "$db" ticket list --json --search Zásilka)"
echo "stats.summary: $(repeat 5 "$A" --db "$db" stats --json)"
echo "ticket show: $(repeat 20 "$A" --db "$db" ticket show 12345 --json)"
echo "(process start-up: $(repeat 20 "$A" --version))"

# The TUI on the million-ticket database and on the 300-ticket demo.
here=$(dirname "$0")
small="$dir/small.db"
"$A" --db "$small" demo --no-ui --tickets 300 >/dev/null
if command -v tmux >/dev/null; then
	sh "$here/tui.sh" "$A" "$small" "TUI, 300 tickets"
	sh "$here/tui.sh" "$A" "$db" "TUI, $N tickets"
fi

# Importing a generated Maildir of realistic support mail ($BENCH_MAILS,
# default 100000), side by side with `notmuch new` on the same files.
sh "$here/mail.sh" "$A" "${BENCH_MAILS:-100000}"

# 1,000 queued replies delivered to a loopback SMTP server.
sh "$here/reply.sh" "$A" "${BENCH_REPLIES:-1000}"
