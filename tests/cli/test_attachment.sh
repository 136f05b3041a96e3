#!/bin/sh
# test_attachment.sh: saving attachments: a customer's file name never
# leaves the chosen directory, never hides itself, never overwrites, and the
# bytes are those stored; the same from the TUI with A.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
A=$AFTERCARE
D="$T_TMP/a.db"
data="${TESTS_SRCDIR:-$here/..}/data/mail"
[ -d "$data" ] || data="$here/../data/mail"
"$A" --db "$D" init >/dev/null 2>&1
"$A" --db "$D" import eml "$data/hostile-filename.eml" >/dev/null 2>&1
ids=$("$A" --db "$D" ticket show 1 --json | jq -r '.messages[0].attachments[].id')
first=$(echo "$ids" | head -1) second=$(echo "$ids" | tail -1)
check "the message has two attachments" '[ "$(echo "$ids" | grep -c .)" = 2 ]'

out="$T_TMP/saved"
run "$A" --db "$D" attachment save "$first" --dir "$out"
check "a path in the name is dropped and the dot-file is made visible" \
	'[ "$T_RC" -eq 0 ] && [ "$T_OUT" = "$out/bashrc" ] && [ -f "$out/bashrc" ] && [ ! -e "$T_TMP/.bashrc" ] && [ ! -e "$HOME/.bashrc" ]'
check "the bytes are the stored attachment" '[ "$(cat "$out/bashrc")" = "echo pwned" ]'
check "the file is private to the agent" '[ "$(stat -c %a "$out/bashrc")" = 600 ]'
run "$A" --db "$D" attachment save "$first" --dir "$out"
check "saving again never overwrites: a numbered copy" \
	'[ "$T_RC" -eq 0 ] && [ "$T_OUT" = "$out/bashrc (2)" ]'
run "$A" --db "$D" attachment save "$second" --dir "$out"
check "control characters in an encoded name are made harmless" \
	'[ "$T_RC" -eq 0 ] && ! printf "%s" "$T_OUT" | grep -q "$(printf "\033")" && [ -f "$T_OUT" ] && printf "%s" "$T_OUT" | grep -q "photo.*é.jpg"'
: >"$T_TMP/afile"
expect_err "a directory that cannot be made is a clear error" 1 "cannot create" \
	"$A" --db "$D" attachment save "$first" --dir "$T_TMP/afile/x"
expect_err "an unknown attachment is a clear error" 1 "no attachment 999" \
	"$A" --db "$D" attachment save 999 --dir "$out"
expect_err "a bad id is a usage error" 2 "unexpected argument|give the number" \
	"$A" --db "$D" attachment save abc

# A database from before attachment_blobs keeps the bytes in DB.attachments/.
sha=$(sqlite3 "$D" "SELECT sha256 FROM attachments WHERE id = $first")
mkdir -p "$D.attachments/$(printf %.2s "$sha")"
sqlite3 "$D" "SELECT writefile('$D.attachments/$(printf %.2s "$sha")/$sha', data) FROM attachment_blobs WHERE sha256 = '$sha'; DELETE FROM attachment_blobs WHERE sha256 = '$sha'" >/dev/null
run "$A" --db "$D" attachment save "$first" --dir "$T_TMP/old"
check "an attachment in the old file store is still read" \
	'[ "$T_RC" -eq 0 ] && [ "$(cat "$T_TMP/old/bashrc")" = "echo pwned" ]'
rm -r "$D.attachments"
expect_err "bytes missing from both stores are a clear error" 1 "missing from the attachment store" \
	"$A" --db "$D" attachment save "$first" --dir "$T_TMP/old"

if command -v tmux >/dev/null 2>&1; then
	TM="aftercare-att-$$"
	tmux -L "$TM" new-session -d -x 140 -y 30 "env LANG=C.UTF-8 TERM=xterm-256color '$A' --db '$D'"
	sleep 0.5
	tmux -L "$TM" send-keys Enter
	sleep 0.3
	tmux -L "$TM" send-keys A
	sleep 0.2
	tmux -L "$TM" send-keys 2 Enter
	sleep 0.4
	screen=$(tmux -L "$TM" capture-pane -p)
	tmux -L "$TM" kill-server 2>/dev/null
	check "the TUI lists the attachments and A saves one" \
		'printf "%s" "$screen" | grep -q "\[1\] .*bashrc" && printf "%s" "$screen" | grep -q "Saved to $HOME/aftercare-attachments/photo"' ||
		printf '%s\n' "$screen" | sed 's/^/# /'
else
	t_fail "tmux is installed"
fi
t_done
