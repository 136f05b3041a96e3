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

expect_err "import from a missing Maildir" 1 "is not a Maildir" "$A" --db "$D" import maildir "$T_TMP/nope"
expect_err "import a missing file" 1 "cannot read" "$A" --db "$D" import eml "$T_TMP/nope.eml"
expect_err "import without a path" 2 "what should be imported" "$A" --db "$D" import mbox
t_done
