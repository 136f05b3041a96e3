#!/bin/sh
# bench/tui.sh: the TUI in a real terminal (tmux) on a database, measured by
# the binary itself (AFTERCARE_TIMING): time to the first full screen, and
# per keystroke (move, page, open) from reading the key to updating the
# screen. Also the server's peak memory. Usage: tui.sh AFTERCARE DB LABEL
set -eu
A=$1 DB=$2 LABEL=$3
dir=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-tui-bench-XXXXXX")
TM="tmux -L aftercare-bench-$$ -f /dev/null"
export XDG_RUNTIME_DIR="$dir/run"
trap '$TM kill-server 2>/dev/null || :; "$A" --db "$DB" server stop >/dev/null 2>&1; rm -rf "$dir"' EXIT
"$A" --db "$DB" stats >/dev/null   # the server is up before we time the TUI
t="$dir/timing"
wait_lines() { i=0; while [ $i -lt 400 ] && [ "$( { wc -l <"$t"; } 2>/dev/null || echo 0)" -lt "$1" ]; do i=$((i + 1)); sleep 0.025; done; }
runs=5
r=0
while [ $r -lt $runs ]; do
	$TM new-session -d -s "s$r" -x 120 -y 40 "env TERM=tmux-256color LC_ALL=C.UTF-8 XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR AFTERCARE_TIMING=$t $A --db $DB"
	wait_lines $((r * 41 + 1))
	k=0
	while [ $k -lt 10 ]; do
		$TM send-keys -t "s$r" j; wait_lines $((r * 41 + 2 + k * 4))
		$TM send-keys -t "s$r" NPage; wait_lines $((r * 41 + 3 + k * 4))
		$TM send-keys -t "s$r" Enter; wait_lines $((r * 41 + 4 + k * 4))
		$TM send-keys -t "s$r" q; wait_lines $((r * 41 + 5 + k * 4))
		k=$((k + 1))
	done
	$TM kill-session -t "s$r"
	r=$((r + 1))
done
pid=$(cat "$XDG_RUNTIME_DIR"/aftercare/*.pid)
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
awk -v label="$LABEL" -v hwm="$hwm" '
	function median(a, n,   i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	$1 == "first_screen" { f[++nf] = $2 }
	$1 == "key" && $2 == 106 { mv[++nm] = $3 }
	$1 == "key" && $2 == 338 { pg[++np] = $3 }
	$1 == "key" && $2 == 13 { op[++no] = $3 }
	$1 == "key" && $2 == 113 { bk[++nb] = $3 }
	END {
		printf "%s: first screen %.1f ms; per key (median): move %.2f ms, page %.2f ms, open %.2f ms, back %.2f ms; server peak RSS %.1f MB\n",
		    label, median(f, nf), median(mv, nm), median(pg, np), median(op, no), median(bk, nb), hwm / 1024
	}' "$t"
