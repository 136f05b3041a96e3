#!/bin/sh
# test_tui.sh: the full-screen interface in a real terminal (tmux): open the
# demo, move, open a ticket with its sidebar, search, limit, help, resize,
# live changes from another client, presence, UTF-8 alignment and hostile
# text. Every wait is for a condition with a deadline, never a fixed sleep.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"
A=$AFTERCARE
D="$T_TMP/tui.db"
TM="tmux -L aftercare-test-$$ -f /dev/null"
trap '$TM kill-server 2>/dev/null; t_cleanup' EXIT

"$A" --db "$D" demo --no-ui >/dev/null
# Fixtures: a ticket with words to find, one with wide characters, and one
# whose customer text attacks the terminal.
sqlite3 "$D" "
UPDATE tickets SET subject = 'Zebra question', updated_at = 1700000000 WHERE id = 100;
UPDATE messages SET body = 'Where is the zebracorn plush I ordered?' WHERE id = (SELECT min(id) FROM messages WHERE ticket_id = 100);
UPDATE customers SET name = '東京 Store 🙂 Ünïcödé' WHERE id = (SELECT customer_id FROM tickets WHERE id = 101);
UPDATE tickets SET subject = 'CJK 東京タワー 🙂 подарунок', updated_at = 1795000100 WHERE id = 101;
UPDATE tickets SET subject = 'Evil' || char(27) || '[2J' || char(13) || 'OWNED' || char(8238) || 'txt.exe' || char(7), updated_at = 1795000200 WHERE id = 102;
UPDATE customers SET name = 'Mallory' || char(27) || ']0;pwned' || char(7) || char(8) || char(8) || 'X' WHERE id = (SELECT customer_id FROM tickets WHERE id = 102);
UPDATE messages SET body = 'line one' || char(10) || char(27) || ']52;c;ZXZpbA==' || char(7) || 'clip' || char(13) || 'CR' || char(10) || cast(x'fffe41' as text) || ' bad utf8 ' || char(8207) || char(8294) || 'isolate' WHERE id = (SELECT min(id) FROM messages WHERE ticket_id = 102);
"

screen() { $TM capture-pane -p -N -t "$1"; }
# wait_for SESSION TEXT: until the screen shows TEXT (grep -F), 10 s at most.
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}
# wait_gone SESSION TEXT
wait_gone() {
	i=0
	while [ $i -lt 200 ]; do
		screen "$1" | grep -qF -- "$2" || return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}
keys() { s=$1; shift; $TM send-keys -t "$s" "$@"; }
selected() { screen "$1" | grep -E '^>' | head -1; }
start() {
	$TM new-session -d -s "$1" -x "${2:-100}" -y "${3:-30}" \
		"env TERM=tmux-256color LC_ALL=C.UTF-8 NO_COLOR=1 TZ=UTC HOME=$HOME XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR AFTERCARE_NOW=$AFTERCARE_NOW $A --db $D; sleep 30"
}
shot() { screen "$1" | sed 's/^/#   /'; }

start a
check "the TUI opens on the demo: status line and queue" 'wait_for a " aftercare " && wait_for a "q:quit"'
check "the newest ticket is selected first" 'selected a | grep -q "102 "'
check "nothing from the hostile ticket reaches the terminal raw" '! screen a | grep -q "OWNED.*txt" || screen a | grep -q "Evil^\[\[2J"'
check "hostile subject shown with placeholders, the row intact" 'screen a | grep -E "^> +102 " | grep -qF "Evil^[[2J OWNED⟨RLO⟩txt.exe^G"'
check "the hostile sender name cannot overwrite the row" 'screen a | grep -E "^> +102 " | grep -qF "Mallory^[]0;pwned"'
# col_of SESSION TEXT: the display column where TEXT starts on its line.
col_of() { screen "$1" | grep -F -- "$2" | head -1 | awk -v t="$2" '{ print substr($0, 1, index($0, t) - 1) }' | tr -d '\n' | wc -L; }
check "subjects start in the same column after ASCII, Cyrillic and hostile names" '[ "$(col_of a "Evil^[")" -eq 58 ] && [ "$(col_of a "CJK 東京")" -eq 58 ]'
check "CJK and emoji keep the columns aligned" 'screen a | grep -F "CJK 東京タワー" | grep -q "東京 Store 🙂"'
keys a j
check "j moves the selection down" 'wait_for a ">  101 " || selected a | grep -q "101 "'
keys a k
check "k moves it back up" 'sleep 0; i=0; while [ $i -lt 100 ] && ! selected a | grep -q "102 "; do i=$((i+1)); sleep 0.05; done; selected a | grep -q "102 "'
keys a Enter
check "Enter opens the ticket: the conversation" 'wait_for a "#102 Evil"'
check "the body's controls are visible placeholders" 'wait_for a "^[]52;c;ZXZpbA==^Gclip"'
check "invalid UTF-8 and bidi controls are marked" 'wait_for a "bad utf8 ⟨RLM⟩⟨LRI⟩isolate" && screen a | grep -qF "�"'
check "the sidebar shows the customer's loyalty tier" 'screen a | grep -Eq "\[(Bronze|Silver|Gold|Platinum)\] [0-9]+ points"'
check "the sidebar lists orders" 'screen a | grep -Eq "│Orders" && screen a | grep -Eq "│#[0-9]+ 20[0-9-]+ "'
check "the status line is intact after drawing hostile text" 'screen a | head -1 | grep -q "^ aftercare  "'
keys a q
check "q goes back to the queue" 'wait_for a "Press Enter to open"'

keys a /
check "/ asks what to search" 'wait_for a "Search:"'
keys a -l "zebracorn"
keys a Enter
check "search jumps to the matching ticket" 'wait_for a "> " && i=0; while [ $i -lt 100 ] && ! selected a | grep -q "Zebra question"; do i=$((i+1)); sleep 0.05; done; selected a | grep -q "Zebra question"'
keys a n
check "n with no further match says so" 'wait_for a "No further match"'
keys a G
# The zebra ticket was made the one with the oldest activity.
check "G goes to the oldest ticket" 'i=0; while [ $i -lt 100 ] && ! selected a | grep -q "Zebra question"; do i=$((i+1)); sleep 0.05; done; selected a | grep -q "Zebra question"'
keys a g
check "g goes back to the newest" 'i=0; while [ $i -lt 100 ] && ! selected a | grep -q "102 "; do i=$((i+1)); sleep 0.05; done; selected a | grep -q "102 "'

keys a l
check "l asks for a limit" 'wait_for a "Limit ("'
keys a -l "chat"
keys a Enter
check "limit chat shows only chat tickets" 'wait_for a "[limited]" && [ "$(screen a | sed -n 2,10p | grep -c " chat ")" -eq 9 ]'
keys a l
keys a -l "all"
keys a Enter
check "limit all shows everything again" 'wait_gone a "[limited]"'

keys a :
keys a -l "open 5"
keys a Enter
check ":open N opens that ticket" 'wait_for a "#5 "'
keys a q
keys a "?"
check "? shows help generated from the keymap" 'wait_for a "Help (q to close)" && screen a | grep -q "search-next"'
keys a q
check "q closes the help" 'wait_for a "q:quit"'

# Resizing at any moment.
$TM resize-window -t a -x 80 -y 24
# (the redraw after the resize may come a moment after the old screen)
width80() {
	i=0
	while [ $i -lt 200 ]; do
		screen a | grep -qF "q:quit" && [ "$(screen a | head -1 | wc -L)" -eq 80 ] && return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}
check "80x24 still draws the whole interface" 'width80'
$TM resize-window -t a -x 79 -y 24
check "below 80x24: terminal too small" 'wait_for a "terminal too small (80x24 needed)"'
$TM resize-window -t a -x 200 -y 60
check "200x60 uses the room" 'wait_for a "q:quit" && [ "$(screen a | head -1 | wc -L)" -eq 200 ]'
$TM resize-window -t a -x 100 -y 30
wait_for a "q:quit" >/dev/null

# Another client's change appears without a key press.
keys a g
"$A" --db "$D" ticket status 101 solved >/dev/null
check "a CLI change shows up live in the queue" 'i=0; while [ $i -lt 100 ] && ! screen a | grep -E " 101 " | grep -q solved; do i=$((i+1)); sleep 0.05; done; screen a | grep -E " 101 " | grep -q solved'
# New mail written by another process (an import) appears live too.
printf 'From: Fresh Customer <fresh@example.com>\nSubject: Fresh import arrives\nMessage-ID: <fresh@example.com>\n\nHello!\n' >"$T_TMP/fresh.eml"
"$A" --db "$D" import eml "$T_TMP/fresh.eml" >/dev/null
check "an imported message shows up live in the queue" 'wait_for a "Fresh import arrives"'
# Presence: a second TUI opens ticket 101; the first sees it.
start b
wait_for b "q:quit" >/dev/null
keys b :
keys b -l "open 101"
keys b Enter
check "the second TUI opens ticket 101" 'wait_for b "#101 "'
check "the first sees who else has it open" 'wait_for a " @ 101 "'
keys a :
keys a -l "open 101"
keys a Enter
check "... and says so in the open ticket" 'wait_for a "also open by: $(id -un)"'
keys b q
check "presence ends when the other closes it" 'wait_gone a "also open by"'
keys a s
keys a -l "pending"
keys a Enter
check "s sets the status from the keyboard" 'wait_for a "Ticket #101: pending"'
check "the other TUI sees it live" 'wait_for b "pending"'

keys a q
keys a q
check "q on the queue asks before quitting" 'wait_for a "Quit aftercare? (y/n)"'
keys a n
check "n stays" 'wait_gone a "Quit aftercare?"'
keys a q
keys a y
check "y quits" 'wait_gone a "q:quit"'

# Keys are rebindable in the configuration.
cat >"$T_TMP/keys.conf" <<'CONF'
ui {
  bind = {"x next", "^N next", "z previous"}
}
CONF
$TM new-session -d -s k -x 100 -y 30 "env TERM=tmux-256color LC_ALL=C.UTF-8 NO_COLOR=1 XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR $A --config $T_TMP/keys.conf --db $D; sleep 30"
wait_for k "q:quit" >/dev/null
first=$(selected k)
keys k x
check "a key bound in the config works" 'i=0; while [ $i -lt 100 ] && [ "$(selected k)" = "$first" ]; do i=$((i+1)); sleep 0.05; done; [ "$(selected k)" != "$first" ]'
keys k "?"
check "the help shows the new binding" 'wait_for k "^N, j, x"'
printf 'ui {\n  bind = {"x explode"}\n}\n' >"$T_TMP/bad.conf"
run "$A" --config "$T_TMP/bad.conf" --db "$D" stats
check "a bad binding does not break the commands" '[ "$T_RC" -eq 0 ]'
$TM new-session -d -s kb -x 100 -y 30 "env TERM=tmux-256color $A --config $T_TMP/bad.conf --db $D; echo exit=\$?; sleep 30"
check "a bad binding stops the TUI with a clear message" 'wait_for kb "unknown action \"explode\"" && wait_for kb "exit=1"'

# A terminal type nobody knows gets a hint, not a crash.
$TM new-session -d -s c -x 100 -y 30 "env TERM=no-such-terminal-xyz $A --db $D; echo exit=\$?; sleep 30"
check "unknown TERM gives a clear hint" 'wait_for c "unknown terminal type" && wait_for c "exit=1"'

[ "$T_FAILED" -eq 0 ] || shot a
t_done
