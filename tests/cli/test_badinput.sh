#!/bin/sh
# test_badinput.sh: a database that is missing, unreadable, corrupt, not
# SQLite, someone else's, or from a newer aftercare gets one clear line on
# stderr, exit 1, and the file exactly as it was.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"
A=$AFTERCARE

# refused DESC PATTERN FILE: every reading command refuses FILE and leaves it.
refused() {
	desc=$1 pat=$2 file=$3
	before=$(sha256sum <"$file")
	for cmd in "ticket list" "ticket show 1" "customer show a@example.com" "stats" "init"; do
		# shellcheck disable=SC2086
		expect_err "$desc: $cmd" 1 "$pat" "$A" --db "$file" $cmd
	done
	check "$desc: the file is untouched" '[ "$(sha256sum <"$file")" = "$before" ]'
	check "$desc: no journal files appeared" '[ ! -e "$file-wal" ] && [ ! -e "$file-journal" ]'
}

expect_err "a missing database" 1 "no database at .*/none.db" "$A" --db "$T_TMP/none.db" ticket list
check "... is not created by reading" '[ ! -e "$T_TMP/none.db" ]'
expect_err "a missing database (customer show)" 1 "no database at" "$A" --db "$T_TMP/none.db" customer show a@example.com

printf 'order numbers:\n1001\n1002\n' >"$T_TMP/notes.db"
refused "a text file" "not an aftercare database \(not an SQLite file\)" "$T_TMP/notes.db"

head -c 16384 /dev/urandom >"$T_TMP/random.db"
refused "random bytes" "not an SQLite file" "$T_TMP/random.db"

# A real database whose pages were overwritten: header intact, body garbage.
"$A" --db "$T_TMP/corrupt.db" demo --no-ui --customers 20 --tickets 30 >/dev/null
dd if=/dev/urandom of="$T_TMP/corrupt.db" bs=4096 seek=1 count=40 conv=notrunc 2>/dev/null
before=$(sha256sum <"$T_TMP/corrupt.db")
run "$A" --db "$T_TMP/corrupt.db" ticket list
check "a corrupt database fails (exit 1)" '[ "$T_RC" -eq 1 ]'
check "... with one line naming the problem" '[ "$(printf "%s\n" "$T_ERR" | grep -c "")" -eq 1 ] && printf "%s" "$T_ERR" | grep -Eq "malformed|not a database|corrupt"'
check "... and the file is as it was" '[ "$(sha256sum <"$T_TMP/corrupt.db")" = "$before" ]'

sqlite3 "$T_TMP/other.db" "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('borscht')"
refused "another program's SQLite database" "SQLite database but not an aftercare one" "$T_TMP/other.db"

"$A" --db "$T_TMP/newer.db" init >/dev/null
sqlite3 "$T_TMP/newer.db" "PRAGMA journal_mode = DELETE; PRAGMA user_version = 999" >/dev/null
refused "a database from a newer aftercare" "newer aftercare \(schema 999" "$T_TMP/newer.db"

: >"$T_TMP/empty.db"
expect_err "an empty file is not a database yet" 1 "is empty: create the database with 'aftercare init'" "$A" --db "$T_TMP/empty.db" ticket list
check "... and stays empty" '[ ! -s "$T_TMP/empty.db" ]'

mkdir "$T_TMP/dir.db"
expect_err "a directory" 1 "not a regular file" "$A" --db "$T_TMP/dir.db" ticket list

if [ "$(id -u)" -ne 0 ]; then
	"$A" --db "$T_TMP/locked.db" init >/dev/null
	chmod 000 "$T_TMP/locked.db"
	expect_err "an unreadable database" 1 "cannot open .*Permission denied" "$A" --db "$T_TMP/locked.db" ticket list
	chmod 600 "$T_TMP/locked.db"
else
	# root reads every file: ask for a directory that cannot exist instead.
	expect_err "a database where no directory can be made" 1 "cannot open .*Not a directory" "$A" --db "$T_TMP/notes.db/sub/x.db" init
fi

expect_err "--db with an empty name" 2 "--db needs a file name" "$A" --db "" ticket list
expect_err "--db without a value" 2 "unknown or incomplete option '--db'" "$A" --db

t_done
