#!/bin/sh
# test_server.sh: the server as users meet it: started in the background by
# the first command, shared by the next ones, stopped on request, one per
# database, and roles checked by the server from the caller's uid.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"
A=$AFTERCARE
D="$T_TMP/shop.db"
"$A" --db "$D" demo --no-ui --customers 20 --tickets 30 >/dev/null
sockdir="$XDG_RUNTIME_DIR/aftercare"

expect "the first command starts a server" 0 "$A" --db "$D" stats --json
jq_check "... and gets its answer" '.total == 30'
pidfile=$(ls "$sockdir"/*.sock.pid 2>/dev/null | head -1)
check "a socket and a pid file appear under XDG_RUNTIME_DIR" '[ -n "$pidfile" ] && [ -S "${pidfile%.pid}" ]'
check "the socket directory is private" '[ "$(stat -c %a "$sockdir")" = 700 ]'
pid=$(cat "$pidfile")
check "the server runs" 'kill -0 "$pid"'
expect "the next command uses it" 0 "$A" --db "$D" ticket list --limit 2
check "... the same server" '[ "$(cat "$pidfile")" = "$pid" ]'
"$A" --db "$T_TMP/other.db" init >/dev/null
expect "another database gets its own server" 0 "$A" --db "$T_TMP/other.db" stats
check "... two sockets now" '[ "$(ls "$sockdir"/*.sock | wc -l)" -eq 2 ]'
expect_err "a second server for the same database is refused" 1 "already running" "$A" --db "$D" server --foreground
expect "server stop" 0 "$A" --db "$D" server stop
check "... says so" 'printf "%s" "$T_OUT" | grep -q "has stopped"'
# Gone, or a zombie waiting for a PID 1 that does not reap (containers).
check "... and the process is gone" '! kill -0 "$pid" 2>/dev/null || [ "$(cut -d" " -f3 /proc/$pid/stat)" = Z ]'
check "... and its socket" '[ ! -e "${pidfile%.pid}" ]'
expect "server stop without a server" 0 "$A" --db "$D" server stop
check "... says there is none" 'printf "%s" "$T_OUT" | grep -q "No server is running"'
expect "--no-server runs in-process" 0 "$A" --db "$D" --no-server stats --json
check "... without starting a server" '[ ! -e "${pidfile%.pid}" ]'
expect "server (detaching) returns once it listens" 0 "$A" --db "$D" server
check "... and serves" '[ -S "${pidfile%.pid}" ] && "$A" --db "$D" stats >/dev/null'
"$A" --db "$D" server stop >/dev/null
expect_err "a server for a missing database says why, once" 1 "no database at" "$A" --db "$T_TMP/none.db" server --foreground
chmod 755 "$sockdir"
expect_err "a socket directory others can write to is refused" 1 "not private to you" "$A" --db "$D" stats
expect_err "... by the server too" 1 "not private to you" "$A" --db "$D" server
chmod 700 "$sockdir"

# Roles, enforced by the server from the peer's uid. Needs a second user:
# as root (CI) we become 'nobody'.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	shared="$T_TMP/shared"
	mkdir -p "$shared" && chmod 777 "$shared" "$T_TMP"
	chmod 755 "$T_TMP" 
	"$A" --db "$D" server --socket "$shared/desk.sock" >/dev/null
	echo "$(cat "$shared/desk.sock.pid")" >"$T_TMP/shared.pid"
	as_nobody() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent "$A" --db "$D" --socket "$shared/desk.sock" "$@"
	}
	expect_err "an unregistered user is refused" 1 "not an agent of this desk" as_nobody ticket list
	expect "the owner registers nobody as an agent" 0 "$A" --db "$D" --socket "$shared/desk.sock" agent add nobody --role agent
	expect "the agent can read the queue" 0 as_nobody ticket list --json --limit 3
	jq_check "... and gets tickets" '(.tickets | length) == 3'
	expect_err "an agent cannot add agents" 1 "agent.add needs the admin role" as_nobody agent add root --role admin
	expect_err "an agent cannot stop the server" 1 "server.stop needs the admin role" as_nobody server stop
	expect "the owner makes nobody an admin" 0 "$A" --db "$D" --socket "$shared/desk.sock" agent add nobody --role admin
	expect "the role holds at once" 0 as_nobody agent list --json
	jq_check "... nobody is admin" 'any(.agents[]; .login == "nobody" and .role == "admin")'
	expect "an admin agent may stop the server" 0 as_nobody server stop
else
	t_ok "# SKIP roles need root to become another user"
fi
t_done
