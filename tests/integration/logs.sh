#!/bin/sh
# Logs: --log-format json (and log-format in normwatch.conf) gives one JSON
# object a line; under the journal ($JOURNAL_STREAM names stderr) lines
# carry their priority; --syslog leaves stderr empty; the progress bar is
# drawn on a terminal only.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 16

JQ=$NW_BUILDDIR/tests/jsonq
F=$T/feeds
mkdir -p "$F"
cp "$NW_SRCDIR/feeds/samples/csis-text.feed" "$NW_SRCDIR/feeds/samples/csis-list.txt" "$F/"
sed 's/csis-list.txt/missing.txt/; s/sample-csis-text/broken/' "$F/csis-text.feed" >"$F/broken.feed"
DB=$T/nw.db
NORMWATCH_NOW=2024-11-15T12:00:00Z; export NORMWATCH_NOW

# text, as always: the control
"$NORMWATCH" --db "$DB" ingest --feeds "$F" 2>"$T/text"; rc=$?
check "text: the broken feed fails (exit 1)" test "$rc" -eq 1
check "text: one line, normwatch: error: broken: ..." grep -q "^normwatch: error: broken: file://.*missing.txt: " "$T/text"

# json
"$NORMWATCH" --db "$DB" --log-format json ingest --feeds "$F" 2>"$T/json"; rc=$?
check "json: the same exit status" test "$rc" -eq 1
check "json: every line an object with time, level, message" sh -c '"$0" -k time,level,message <"$1" >/dev/null' "$JQ" "$T/json"
check "json: the level" test "$("$JQ" -g level <"$T/json")" = error
check "json: the feed" test "$("$JQ" -g feed <"$T/json")" = broken
check "json: where is the URL" sh -c '"$0" -g where <"$1" | grep -q "^file://.*/missing.txt$"' "$JQ" "$T/json"
check "json: the time (NORMWATCH_NOW)" test "$("$JQ" -g time <"$T/json")" = 2024-11-15T12:00:00Z
printf 'log-format = json\n' >"$T/json.conf"
"$NORMWATCH" --config "$T/json.conf" --db "$DB" ingest --feeds "$F" 2>"$T/json2"
check "json from normwatch.conf too" sh -c '"$0" -k level,message <"$1" >/dev/null' "$JQ" "$T/json2"
"$NORMWATCH" --config "$T/json.conf" --log-format text --db "$DB" ingest --feeds "$F" 2>"$T/text2"
check "--log-format text wins over the file" grep -q "^normwatch: error: broken: " "$T/text2"

# the journal: JOURNAL_STREAM names stderr's device and inode
: >"$T/journal"
JOURNAL_STREAM=$(stat -c '%d:%i' "$T/journal") "$NORMWATCH" --db "$DB" ingest --feeds "$F" 2>>"$T/journal"
check "journal: lines start with the priority <3>" grep -q "^<3>normwatch: error: broken: " "$T/journal"
: >"$T/other"
JOURNAL_STREAM=$(stat -c '%d:%i' "$T/other") "$NORMWATCH" --db "$DB" ingest --feeds "$F" 2>"$T/notjournal"
check "another stream: no priority" grep -q "^normwatch: error: broken: " "$T/notjournal"
JOURNAL_STREAM=garbage "$NORMWATCH" --db "$DB" ingest --feeds "$F" 2>"$T/garbage"
check "a malformed JOURNAL_STREAM: no priority" grep -q "^normwatch: error: broken: " "$T/garbage"

# syslog: nothing on stderr, the same exit status
"$NORMWATCH" --db "$DB" --syslog ingest --feeds "$F" 2>"$T/syslog"; rc=$?
check "--syslog: exit 1, stderr empty" test "$rc" -eq 1 -a ! -s "$T/syslog"

# the progress bar: on a terminal only
rm "$F/broken.feed"
"$NORMWATCH" --db "$DB" ingest --feeds "$F" --force 2>"$T/notty"
check "not a terminal: no progress line" test ! -s "$T/notty"
if command -v script >/dev/null; then
	script -qec "\"$NORMWATCH\" --db \"$DB\" ingest --feeds \"$F\" --force" "$T/tty" >/dev/null 2>&1
	check "a terminal: the bar, with the feeds done" grep -q '\[--------------------\] 0/1 sample-csis-text: ' "$T/tty"
else
	skip "a terminal: the bar, with the feeds done" "script(1) is not installed"
fi
done_testing
