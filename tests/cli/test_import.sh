#!/bin/sh
# test_import.sh: `import eml|maildir|mbox` as a shop migrating from a shared
# mailbox would use it: tickets appear, replies thread, nothing is stored
# twice however often the import runs, and the sources are never changed.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"
A=$AFTERCARE
D="$T_TMP/shop.db"
"$A" --db "$D" init >/dev/null
M="$T_TMP/Maildir"
mkdir -p "$M/cur" "$M/new" "$M/tmp"

cat >"$M/cur/1000.1:2,S" <<'MAIL'
From: Olena Kovalenko <Olena@Example.net>
To: support@shop.example
Subject: =?UTF-8?B?0JTQtSDQvNC+0ZQg0LfQsNC80L7QstC70LXQvdC90Y8/?=
Message-ID: <first@example.net>
Date: Mon, 16 Nov 2026 10:00:00 +0200
Content-Type: text/plain; charset=utf-8

Доброго дня! Де моє замовлення #1042?
MAIL
cat >"$M/new/1001.2" <<'MAIL'
From: Olena Kovalenko <olena@example.net>
To: support@shop.example
Subject: Re: =?UTF-8?B?0JTQtSDQvNC+0ZQg0LfQsNC80L7QstC70LXQvdC90Y8/?=
Message-ID: <second@example.net>
In-Reply-To: <first@example.net>
References: <first@example.net>
Date: Mon, 16 Nov 2026 12:00:00 +0200
Content-Type: text/plain; charset=utf-8

Чекаю відповіді.
MAIL
cat >"$M/cur/1002.3:2,S" <<'MAIL'
From: "Jiri Dvorak" <jiri@example.org>
To: support@shop.example
Subject: =?ISO-8859-2?Q?Vr=E1cen=ED_zbo=BE=ED?=
Message-ID: <third@example.org>
Date: Tue, 17 Nov 2026 09:30:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=iso-8859-2
Content-Transfer-Encoding: quoted-printable

Dobr=FD den, boty jsou mal=E9.
--b1
Content-Type: image/png
Content-Disposition: attachment; filename*=UTF-8''boty%20%C5%BElut%C3%A9.png
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
--b1--
MAIL
cat >"$M/new/1003.4" <<'MAIL'
From: Jiri Dvorak <jiri@example.org>
To: support@shop.example
Subject: Automatic reply: away
Message-ID: <auto@example.org>
Auto-Submitted: auto-replied
Date: Tue, 17 Nov 2026 09:31:00 +0100

I am on holiday.
MAIL
before=$(cd "$M" && find . -type f -exec sha256sum {} + | sort)

expect "import maildir" 0 "$A" --db "$D" import maildir "$M"
check "... reports what it did" 'printf "%s" "$T_OUT" | grep -q "^Imported 4 messages: 2 new tickets, 1 added to tickets"'
run "$A" --db "$D" ticket list --json --status new,open,pending,solved,closed
jq_check "a reply threads into its ticket; the auto-reply opens no work" '(.tickets | length) == 3 and ([.tickets[] | select(.status == "new")] | length) == 2'
jq_check "the RFC 2047 subject is decoded" 'any(.tickets[]; .subject == "Де моє замовлення?")'
jq_check "ISO-8859-2 quoted-printable is decoded" 'any(.tickets[]; .subject == "Vrácení zboží")'
run "$A" --db "$D" customer show olena@example.net --json
jq_check "the sender became a customer, by address not name" '.customer.email == "olena@example.net" and (.tickets | length) == 1'
tid=$(printf '%s' "$T_OUT" | jq '.tickets[0].id')
run "$A" --db "$D" ticket show "$tid" --json
jq_check "both messages are on the ticket, in order" '(.messages | length) == 2 and .messages[1].body == "Чекаю відповіді.\n"'
run "$A" --db "$D" ticket list --json --search "vraceni"
jq_check "imported mail is searchable without diacritics" '(.tickets | length) == 1'
tid=$(printf '%s' "$T_OUT" | jq '.tickets[0].id')
run "$A" --db "$D" ticket show "$tid" --json
jq_check "the RFC 2231 attachment name is decoded" '.messages[0].attachments[0].filename == "boty žluté.png" and .messages[0].attachments[0].size == 70'
check "the attachment bytes are stored once by hash, in the database" \
	'[ "$(sqlite3 "$D" "SELECT count(*) FROM attachment_blobs")" = 1 ] && [ ! -e "$D.attachments" ]'
check "the search index is whole and consistent after the batched import" \
	'[ "$(sqlite3 "$D" "INSERT INTO messages_fts (messages_fts) VALUES ('"'"'integrity-check'"'"'); SELECT count(*) FROM fts_deferred")" = 0 ]'
check "the Maildir was not changed" '[ "$(cd "$M" && find . -type f -exec sha256sum {} + | sort)" = "$before" ]'

expect "importing the same Maildir again" 0 "$A" --db "$D" import maildir "$M"
check "... stores nothing twice" 'printf "%s" "$T_OUT" | grep -q "^Imported 0 messages: .* 4 already there"'

# The same messages as an mbox (mboxrd quoting) and as single files.
mb="$T_TMP/old.mbox"
for f in "$M"/cur/* "$M"/new/*; do
	printf 'From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n'
	sed 's/^\(>*From \)/>\1/' "$f"
	printf '\n'
done >"$mb"
cat >>"$mb" <<'MAIL'
From someone Thu Jan  1 00:00:00 2026
From: New Person <new@example.com>
Subject: Hello from the mbox
Message-ID: <mbox-only@example.com>

>From the start: a quoted line.
MAIL
expect "import mbox" 0 "$A" --db "$D" import mbox "$mb"
check "... only the new message is stored" 'printf "%s" "$T_OUT" | grep -q "^Imported 1 messages: 1 new tickets.* 4 already there"'
run "$A" --db "$D" customer show new@example.com --json
tid=$(printf '%s' "$T_OUT" | jq '.tickets[0].id')
run "$A" --db "$D" ticket show "$tid" --json
jq_check "mboxrd quoting is undone" '.messages[0].body | startswith("From the start")'
expect "import eml (already there)" 0 "$A" --db "$D" import eml "$M/cur/1000.1:2,S"
check "... is a duplicate" 'printf "%s" "$T_OUT" | grep -q "1 already there"'

# A message that kills its parser costs itself only: stored with a notice,
# threaded by its headers, while the messages around it are parsed in full.
C="$T_TMP/crash"
mkdir -p "$C/cur" "$C/new" "$C/tmp"
for i in 1 2 3 4 5 6; do
	marker=''
	[ "$i" = 3 ] && marker='CRASH-THE-PARSER'
	printf 'From: crash%s@example.com\r\nSubject: Crash test %s\r\nMessage-ID: <crash%s@example.com>\r\n\r\nBody %s %s\r\n' \
		"$i" "$i" "$i" "$i" "$marker" >"$C/cur/200$i.1:2,S"
done
expect "import with a message that crashes its parser" 0 \
	env AFTERCARE_TEST_PARSER_CRASH=CRASH-THE-PARSER "$A" --db "$D" import maildir "$C"
check "... all six are stored, one with a notice" \
	'printf "%s" "$T_OUT" | grep -q "^Imported 6 messages: 6 new tickets.*; 1 stored with a notice"'
check "... the crashed one keeps its subject and says why its body is missing" \
	'[ "$(sqlite3 "$D" "SELECT subject || '"'"'|'"'"' || notice || '"'"'|'"'"' || body FROM messages WHERE external_id = '"'"'crash3@example.com'"'"'")" = "Crash test 3|the parser crashed on this message|" ]'
check "... the others are whole" \
	'[ "$(sqlite3 "$D" "SELECT count(*) FROM messages WHERE external_id LIKE '"'"'crash%'"'"' AND body LIKE '"'"'Body %'"'"' AND notice IS NULL")" = 5 ]'

# The original of every message comes back byte for byte, compressed or not
# in the database, and never onto a terminal.
for f in "$M/cur/1000.1:2,S" "$M/cur/1002.3:2,S"; do
	id=$(sqlite3 "$D" "SELECT m.id FROM messages m WHERE m.external_id = '$(sed -n 's/^Message-ID: <\(.*\)>$/\1/p' "$f")'")
	check "message raw $id gives back $(basename "$f") as it was" '"$A" --db "$D" message raw "$id" | cmp -s - "$f"'
done
check "a message as large as a real one is kept compressed" \
	'[ "$(sqlite3 "$D" "SELECT codec FROM message_raw r JOIN messages m ON m.id = r.message_id WHERE m.external_id = '"'"'third@example.org'"'"'")" = zstd ]'
big="$T_TMP/big.eml"
{
	printf 'From: big@example.com\nSubject: A long letter\nMessage-ID: <big@example.com>\n\n'
	i=0
	while [ $i -lt 40000 ]; do printf 'line %d of a long letter about parcel #%d\n' $i $i; i=$((i + 1)); done
} >"$big"
expect "import eml (a 1.5 MB message)" 0 "$A" --db "$D" import eml "$big"
id=$(sqlite3 "$D" "SELECT id FROM messages WHERE external_id = 'big@example.com'")
expect "message raw --out (more than one chunk)" 0 "$A" --db "$D" message raw "$id" --out "$T_TMP/big.out"
check "... the file is the original" 'cmp -s "$T_TMP/big.out" "$big"'
expect_err "message raw --out never replaces a file" 1 "File exists" \
	"$A" --db "$D" message raw "$id" --out "$T_TMP/big.out"
run script -qec "$A --db $D message raw $id" /dev/null
check "message raw onto a terminal is refused (usage error)" \
	'[ "$T_RC" = 2 ] && printf "%s" "$T_OUT" | grep -q "standard output is a terminal" && ! printf "%s" "$T_OUT" | grep -q "long letter"'
expect_err "message raw of a message that does not exist" 1 "no stored original" \
	"$A" --db "$D" message raw 99999
sqlite3 "$D" "UPDATE message_raw SET raw = x'28b52ffd0000' WHERE message_id = $id"
expect_err "a damaged stored original is an error, not garbage" 1 "damaged" \
	"$A" --db "$D" message raw "$id" --out "$T_TMP/damaged.out"
check "... and leaves no file behind" '[ ! -e "$T_TMP/damaged.out" ]'

# A mail client moves a file (new/ to cur/, new flags) or deletes it while
# the import runs: a moved message is followed, a deleted one skipped with a
# warning. A dangling link stands in for the file that is gone.
G="$T_TMP/moving"
mkdir -p "$G/cur" "$G/new" "$G/tmp"
for i in 1 2 3; do
	printf 'From: move%s@example.com\nSubject: Moving %s\nMessage-ID: <move%s@example.com>\n\nBody\n' \
		"$i" "$i" "$i" >"$G/cur/300$i.1:2,S"
done
ln -s "$G/nowhere" "$G/new/3009.1"
ln -s "$G/nowhere" "$G/new/3001.1"
expect "import of a Maildir whose files move and vanish" 0 "$A" --db "$D" import maildir "$G"
check "... the moved file is found under its new name, the deleted one skipped" \
	'printf "%s" "$T_OUT" | grep -q "^Imported 3 messages: 3 new tickets.* 1 already there; 1 deleted from the Maildir"'
check "... with a warning naming it" 'printf "%s" "$T_ERR" | grep -q "new/3009.1 was deleted before it could be read; skipped"'

# A file that cannot be read stops the import with the reason, after keeping
# every message read before it.
B="$T_TMP/broken"
mkdir -p "$B/cur" "$B/new" "$B/tmp" "$B/cur/4002.1:2,S"
for i in 1 3; do
	printf 'From: broken%s@example.com\nSubject: Broken %s\nMessage-ID: <broken%s@example.com>\n\nBody\n' \
		"$i" "$i" "$i" >"$B/cur/400$i.1:2,S"
done
expect_err "import stops at a file it cannot read" 1 "4002[.]1:2,S is not a regular file [(]messages saved: 1; run the import again" \
	"$A" --db "$D" import maildir "$B"
check "... the message before it is saved" \
	'[ "$(sqlite3 "$D" "SELECT count(*) FROM messages WHERE external_id LIKE '"'"'broken%'"'"'")" = 1 ]'

expect_err "import from a missing Maildir" 1 "is not a Maildir" "$A" --db "$D" import maildir "$T_TMP/nope"
expect_err "import a missing file" 1 "cannot read" "$A" --db "$D" import eml "$T_TMP/nope.eml"
expect_err "import without a path" 2 "what should be imported" "$A" --db "$D" import mbox
t_done
