# lib.sh: TAP helpers for the shell tests. Source it; call t_done at the end.
# Each test gets a private scratch directory and HOME, so nothing touches the
# user's real data.
set -u
T_N=0
T_FAILED=0
: "${AFTERCARE:?AFTERCARE must point at the built binary}"
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-sh-XXXXXX")
# Servers the commands started in the background end with the test.
t_cleanup() {
	for pidfile in "$T_TMP"/run/aftercare/*.pid "$T_TMP"/*.pid; do
		[ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
	done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
export HOME="$T_TMP/home" XDG_DATA_HOME="$T_TMP/home/data" XDG_CONFIG_HOME="$T_TMP/home/config"
export XDG_RUNTIME_DIR="$T_TMP/run" AFTERCARE_NOW=1795000000 TZ=UTC
unset AFTERCARE_DB LANGUAGE
mkdir -p "$HOME"

t_ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_fail() {
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1"
	shift
	for line in "$@"; do echo "# $line"; done
}
t_done() { echo "1..$T_N"; exit 0; }

# run CMD...: runs it, keeping stdout, stderr and the exit code.
run() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	T_RC=$?
	T_OUT=$(cat "$T_TMP/out")
	T_ERR=$(cat "$T_TMP/err")
}

# expect DESC CODE CMD...: the command exits with CODE.
expect() {
	desc=$1 code=$2; shift 2
	run "$@"
	if [ "$T_RC" -eq "$code" ]; then
		t_ok "$desc"
	else
		t_fail "$desc" "exit $T_RC, expected $code: $*" "stderr: $T_ERR"
	fi
}

# expect_err DESC CODE PATTERN CMD...: exit CODE, and exactly one line on
# stderr that matches PATTERN (grep -E), nothing on stdout.
expect_err() {
	desc=$1 code=$2 pat=$3; shift 3
	run "$@"
	lines=$(printf '%s\n' "$T_ERR" | grep -c '')
	if [ "$T_RC" -ne "$code" ]; then
		t_fail "$desc" "exit $T_RC, expected $code: $*" "stderr: $T_ERR"
	elif ! printf '%s' "$T_ERR" | grep -Eq -- "$pat"; then
		t_fail "$desc" "stderr does not match /$pat/: $T_ERR"
	elif [ "$code" -ne 2 ] && [ "$lines" -ne 1 ]; then
		t_fail "$desc" "expected one line on stderr, got $lines: $T_ERR"
	elif [ "$code" -eq 2 ] && ! printf '%s\n' "$T_ERR" | head -1 | grep -Eq -- "$pat"; then
		t_fail "$desc" "the first stderr line does not say what was wrong: $T_ERR"
	elif [ -n "$T_OUT" ]; then
		t_fail "$desc" "unexpected stdout: $T_OUT"
	else
		t_ok "$desc"
	fi
}

# check DESC SHELL-CONDITION
check() {
	desc=$1; shift
	if eval "$@"; then t_ok "$desc"; else t_fail "$desc" "failed: $*"; fi
}

# jq_check DESC FILTER: the last stdout, parsed as JSON, makes FILTER true.
jq_check() {
	desc=$1 filter=$2
	if printf '%s' "$T_OUT" | jq -e "$filter" >/dev/null 2>&1; then
		t_ok "$desc"
	else
		t_fail "$desc" "jq '$filter' is not true"
	fi
}

# The demo database all read-only tests share, built once per script.
t_demo() {
	T_DEMO="$T_TMP/demo.db"
	"$AFTERCARE" --db "$T_DEMO" demo --no-ui >/dev/null 2>&1 ||
		{ t_fail "build the demo shop"; t_done; }
}
