#!/bin/sh
# test_i18n.sh: the CLI speaks Ukrainian and Czech when asked, and formats
# money and dates for the locale.
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"
A=$AFTERCARE

# An uninstalled build: lay out the compiled catalogues as bindtextdomain
# expects them.
for l in uk cs; do
	mkdir -p "$T_TMP/locale/$l/LC_MESSAGES"
	cp "$LOCALEDIR_BUILD/$l.gmo" "$T_TMP/locale/$l/LC_MESSAGES/aftercare.mo"
done
export AFTERCARE_LOCALEDIR="$T_TMP/locale"

run env LANGUAGE=uk "$A" --help
check "LANGUAGE=uk: --help is in Ukrainian" 'printf "%s" "$T_OUT" | grep -q "^Використання:"'
check "LANGUAGE=uk: the command names stay as they are" 'printf "%s" "$T_OUT" | grep -q "ticket list"'
run env LANGUAGE=cs "$A" --help
check "LANGUAGE=cs: --help is in Czech" 'printf "%s" "$T_OUT" | grep -q "^Použití:"'
expect_err "LANGUAGE=uk: errors are in Ukrainian" 2 "невідома команда" env LANGUAGE=uk "$A" frobnicate
expect_err "LANGUAGE=cs: errors are in Czech" 1 "žádná databáze" env LANGUAGE=cs "$A" --db "$T_TMP/none.db" stats

# The catalogues are complete for the current sources: every message the
# program can print has a translation, none of them fuzzy.
top="$TESTS_SRCDIR/.."
if (cd "$top" && xgettext --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --from-code=UTF-8 \
	-o "$T_TMP/now.pot" --files-from=po/POTFILES.in) 2>"$T_TMP/xg.err"; then
	for l in uk cs; do
		msgmerge -q -o "$T_TMP/$l.po" "$top/po/$l.po" "$T_TMP/now.pot" 2>/dev/null
		stats=$(msgfmt -c --statistics -o /dev/null "$T_TMP/$l.po" 2>&1)
		check "po/$l.po translates every message ($stats)" \
			'! printf "%s" "$stats" | grep -Eq "untranslated|fuzzy|error"'
	done
else
	t_fail "xgettext over the sources" "$(cat "$T_TMP/xg.err")"
fi

t_demo
run env LC_ALL=uk_UA.UTF-8 LANGUAGE=uk "$A" --db "$T_DEMO" ticket list --limit 3
check "uk_UA: the table header is translated" 'printf "%s\n" "$T_OUT" | head -1 | grep -q "СТАТУС"'
check "uk_UA: dates are day.month.year" 'printf "%s\n" "$T_OUT" | sed -n 2p | grep -Eq "[0-9]{2}\.[0-9]{2}\.[0-9]{4}"'
email=$("$A" --db "$T_DEMO" ticket list --json --limit 1 | jq -r '.tickets[0].customer.email')
run env LC_ALL=cs_CZ.UTF-8 LANGUAGE=cs "$A" --db "$T_DEMO" customer show "$email"
check "cs_CZ: money uses a decimal comma" 'printf "%s" "$T_OUT" | grep -Eq "[0-9],[0-9]{2} [A-Z]{3}"'
check "cs_CZ: section names are Czech" 'printf "%s" "$T_OUT" | grep -q "^Objednávky ("'
run env LC_ALL=C.UTF-8 "$A" --db "$T_DEMO" customer show "$email"
check "C locale: money uses a decimal point" 'printf "%s" "$T_OUT" | grep -Eq "[0-9]\.[0-9]{2} [A-Z]{3}"'

t_done
