#!/bin/sh
# bench/mail.sh: `import maildir` on a generated Maildir of N realistic
# support messages (bench/gen-maildir.c), side by side in the same run with
# `notmuch new` indexing the same files: wall time, messages per second, peak
# memory (/usr/bin/time -v, the largest single process of the tree, the MIME
# parsers included) and disk; then a search on the imported desk. Both read
# the Maildir from the page cache (it was just written, and synced to disk
# before either starts). Part of bench/run.sh;
# alone: mail.sh AFTERCARE [N] (N: $BENCH_MAILS, else 100000). Installs
# nothing: without notmuch or /usr/bin/time (package time) it says so.
set -eu
A=${1:?usage: mail.sh path/to/aftercare [N]}
N=${2:-${BENCH_MAILS:-100000}}
here=$(dirname "$0")
dir=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-mail-bench-XXXXXX")
db="$dir/mail.db"
md="$dir/Maildir"
export XDG_RUNTIME_DIR="$dir/run" TZ=UTC LC_ALL=C.UTF-8
mkdir -m 700 "$XDG_RUNTIME_DIR"
trap '"$A" --db "$db" server stop >/dev/null 2>&1 || :; rm -rf "$dir"' EXIT

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
size() { du -sch "$@" 2>/dev/null | tail -n 1 | cut -f1; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }

# timed NAME CMD...: runs CMD under /usr/bin/time -v, output to $dir/NAME.out;
# sets secs, rate, rss (kB) and cpu (user+sys s).
timed() {
	name=$1; shift
	t=$(now)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v -o "$dir/$name.time" "$@" >"$dir/$name.out" 2>&1
		rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/$name.time")
		cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 }
		    END { printf "%.1f s user, %.1f s sys", u, s }' "$dir/$name.time")
	else
		"$@" >"$dir/$name.out" 2>&1
		rss='' cpu=''
	fi
	secs=$(took "$t")
	rate=$(awk -v n="$N" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
}
report() {
	if [ -n "$rss" ]; then
		echo "$1 $N: $secs s, $rate msg/s, peak RSS $(mb "$rss") ($cpu)$2"
	else
		echo "$1 $N: $secs s, $rate msg/s, peak RSS n/a (no /usr/bin/time)$2"
	fi
}

t=$(now)
cc -O2 -o "$dir/gen-maildir" "$here/gen-maildir.c"
"$dir/gen-maildir" "$md" "$N"
echo "generate maildir $N: $(took "$t") s, $(size "$md")"
# The 1.3 GB just written goes to disk now, not during the first contender's
# run: both then read a clean page cache.
sync

"$A" --db "$db" init >/dev/null
timed import "$A" --db "$db" import maildir "$md"
ours=$rate
report "import maildir" ", disk $(size "$db" "$db-wal") database (attachments included)"
sed -n 's/^Imported/  imported/p' "$dir/import.out"

# The desk's search right after the import: the first call starts the server.
order=$("$A" --db "$db" ticket list --json --limit 50 | jq -r '.tickets[].subject' |
    grep -o '#[0-9][0-9]*' | head -n 1 | tr -d '#')
for w in parcel Zásilkovna посилку ${order:-10423}; do
	t=$(now)
	hits=$("$A" --db "$db" ticket list --search "$w" --json --limit 500 | jq '.tickets | length')
	first=$(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
	t=$(now)
	i=0
	while [ $i -lt 5 ]; do "$A" --db "$db" ticket list --search "$w" --json >/dev/null; i=$((i + 1)); done
	echo "  ticket list --search $w: $hits tickets (of at most 500), first $first ms," \
	    "then $(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) * 1000 / 5 }') ms"
done

if command -v notmuch >/dev/null; then
	# Its own configuration: the database under the Maildir, no hooks.
	cat >"$dir/notmuch-config" <<-EOF
	[database]
	path=$md
	hook_dir=$dir/no-hooks
	[user]
	name=Support
	primary_email=support@shop.example
	[new]
	tags=unread;inbox;
	ignore=
	[search]
	exclude_tags=
	[maildir]
	synchronize_flags=true
	EOF
	timed notmuch env -u NOTMUCH_PROFILE -u NOTMUCH_DATABASE NOTMUCH_CONFIG="$dir/notmuch-config" \
	    notmuch new --no-hooks
	theirs=$rate
	report "notmuch new" ", disk $(size "$md/.notmuch") ($(notmuch --version))"
	t=$(now)
	hits=$(NOTMUCH_CONFIG="$dir/notmuch-config" notmuch count --output=threads parcel)
	echo "  notmuch count --output=threads parcel: $hits threads, $(took "$t") s"
	awk -v a="$ours" -v b="$theirs" 'BEGIN {
		printf "import maildir vs notmuch new: %.1fx notmuch'\''s rate (target: 10x)\n",
		    (b > 0 ? a / b : 0) }'
else
	echo "notmuch new $N: skipped (notmuch is not installed)"
fi
echo "(maildir $N messages: $(size "$md/cur" "$md/new"))"
