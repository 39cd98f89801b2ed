#!/bin/sh
# The rss kind through the binary: the two sample feeds (RSS 2.0 vendor
# blog, Atom agency advisories) with their own definitions, ingested and
# extracted; then hostile documents in place of a good one: each fails its
# feed alone, with one error line naming feed, file and place, and nothing
# stored before is lost.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 32

JQ=$NW_BUILDDIR/tests/jsonq
S=$NW_SRCDIR/feeds/samples
H=$NW_SRCDIR/tests/data/rss/hostile
RULES=$NW_SRCDIR/tests/data/map/rules
DB=$T/rss.db
F=$T/feeds
mkdir -p "$F"
cp "$S/rss-vendor.feed" "$S/rss-vendor.xml" "$S/atom-agency.feed" \
    "$S/atom-agency.xml" "$F/"

nw() { "$NORMWATCH" --db "$DB" "$@"; }
ingest() { nw ingest --rules "$RULES" --feeds "$F" "$@"; }

# --- the samples ------------------------------------------------------------
ingest >"$T/out" 2>"$T/err"; rc=$?
check "ingest of the rss samples exits 0" test "$rc" -eq 0
check "nothing on stdout or stderr" test ! -s "$T/out" -a ! -s "$T/err"
[ -s "$T/err" ] && diag "$(cat "$T/err")"

nw reports --format jsonl --source sample-rss-vendor >"$T/vendor.jsonl"
nw reports --format jsonl --source sample-atom-agency >"$T/agency.jsonl"
check "the vendor blog gives 7 reports (5 posts dropped by include/exclude)" \
	test "$(wc -l <"$T/vendor.jsonl")" -eq 7
check "the agency feed gives 7 reports (the service notice excluded)" \
	test "$(wc -l <"$T/agency.jsonl")" -eq 7
check "every report has the documented fields" sh -c \
	'cat "$1" "$2" | "$0" -k id,source,url,native_id,date,date_precision,title,text,attribution,actors,sponsorship,victim_states,sectors >/dev/null' \
	"$JQ" "$T/vendor.jsonl" "$T/agency.jsonl"

# ids, dates and URLs as the unit test's golden files have them
for s in vendor agency; do
	case $s in vendor) g=rss-vendor ;; agency) g=atom-agency ;; esac
	exp=$NW_SRCDIR/tests/data/rss/$g.expected
	sed -n 's/^id //p' "$exp" | sort >"$T/$s.want-ids"
	"$JQ" -g native_id <"$T/$s.jsonl" | sort >"$T/$s.ids"
	check "$s: the native ids of the golden file" cmp -s "$T/$s.want-ids" "$T/$s.ids"
	sed -n 's/^date \([0-9-]*\) day$/\1/p' "$exp" | sort >"$T/$s.want-dates"
	"$JQ" -g date <"$T/$s.jsonl" | sort >"$T/$s.dates"
	check "$s: the UTC days of the golden file" cmp -s "$T/$s.want-dates" "$T/$s.dates"
	sed -n 's/^url //p' "$exp" | sort >"$T/$s.want-urls"
	"$JQ" -g url <"$T/$s.jsonl" | sort >"$T/$s.urls"
	check "$s: the item links of the golden file" cmp -s "$T/$s.want-urls" "$T/$s.urls"
done

check "no dropped post was stored" sh -c \
	'! grep -Eq "Webinar|Sentinel 5.0|Named a Leader|Lisbon|Hiring|Service notice" "$0"' "$T/vendor.jsonl"
check "no markup or script text reached a report" sh -c \
	'! cat "$0" "$1" | "$2" -g text | grep -Eq "[<>]|nlsTrack|trackDownload|&[a-z]+;"' \
	"$T/vendor.jsonl" "$T/agency.jsonl" "$JQ"

# extraction ran on the text of each item
grep 'Diplomats in Europe' "$T/vendor.jsonl" >"$T/apt29.json"
check "extraction: APT29 named as an actor" grep -q '"actors":\["APT29"\]' "$T/apt29.json"
check "extraction: the attribution to Russia" grep -q '"state":"RU"' "$T/apt29.json"
grep 'Hospital Network in Bavaria' "$T/vendor.jsonl" >"$T/akira.json"
check "extraction: a criminal gang is non-state" grep -q '"sponsorship":"non-state"' "$T/akira.json"
check "extraction: the victim sector" grep -q '"sectors":\["healthcare"\]' "$T/akira.json"
grep 'brute force against healthcare' "$T/agency.jsonl" >"$T/irgc.json"
check "extraction: Atom text gives Iran, state-sponsored" sh -c \
	'grep -q "\"state\":\"IR\"" "$0" && grep -q "\"sponsorship\":\"state\"" "$0"' "$T/irgc.json"

ingest >"$T/out" 2>&1; rc=$?
check "a second run exits 0" test "$rc" -eq 0
nw reports --format jsonl >"$T/all2.jsonl"
check "a second run stores nothing new" sh -c \
	'test "$(cat "$0" "$1" | sort)" = "$(sort "$2")"' "$T/vendor.jsonl" "$T/agency.jsonl" "$T/all2.jsonl"

# --- hostile documents in place of the agency feed ------------------------------
before=$(nw reports --format jsonl | wc -l)
hostile() {	# hostile NAME FILE: ingest with FILE as the agency document
	cp "$2" "$F/atom-agency.xml"
	ingest >"$T/$1.out" 2>"$T/$1.err"; echo $? >"$T/$1.rc"
}
lost() { test "$(nw reports --format jsonl | wc -l)" -eq "$before"; }

hostile laughs "$H/billion-laughs.xml"
check "billion laughs: one feed failed, the other fine (exit 1)" test "$(cat "$T/laughs.rc")" -eq 1
check "billion laughs: one error line naming feed, file and line" sh -c \
	'test "$(wc -l <"$0")" -eq 1 && grep -q "^normwatch: error: sample-atom-agency: .*atom-agency.xml:3:[0-9]*: DOCTYPE refused" "$0"' "$T/laughs.err"
[ "$(wc -l <"$T/laughs.err")" -eq 1 ] || diag "$(cat "$T/laughs.err")"
check "billion laughs: nothing stored is lost" lost

hostile xxe "$H/xxe-file.xml"
check "XXE: the feed fails" test "$(cat "$T/xxe.rc")" -eq 1
check "XXE: /etc/passwd never reaches the store" sh -c \
	'! "$0" --db "$1" reports --format jsonl | grep -q "root:"' "$NORMWATCH" "$DB"
check "XXE: nothing stored is lost" lost

hostile cut "$H/truncated.xml"
check "truncated XML: error with line and column" \
	grep -q "atom-agency.xml:4:[0-9]*: malformed XML" "$T/cut.err"
check "truncated XML: nothing stored is lost" lost

# an endless document: a feed's max-size stops it
awk 'BEGIN { print "<rss version=\"2.0\"><channel>";
	for (i = 0; i < 60000; i++) print "<item><title>again</title></item>" }' \
	>"$T/endless.xml"
cp "$T/endless.xml" "$F/atom-agency.xml"
printf 'max-size = 1M\n' >>"$F/atom-agency.feed"
ingest >"$T/endless.out" 2>"$T/endless.err"; rc=$?
check "an endless document is stopped by max-size" sh -c \
	'test "$0" -eq 1 && grep -q "sample-atom-agency: .*atom-agency.xml.*1048576" "$1"' "$rc" "$T/endless.err"
[ "$rc" -eq 1 ] || diag "$(cat "$T/endless.err")"
check "endless: nothing stored is lost" lost

# --- definitions ----------------------------------------------------------------
mkdir -p "$T/bad"
sed 's/^include .*/include   = (threat|attack/' "$S/rss-vendor.feed" >"$T/bad/v.feed"
"$NORMWATCH" feeds check "$T/bad/v.feed" >"$T/chk.out" 2>"$T/chk.err"; rc=$?
check "a bad include pattern exits 78" test "$rc" -eq 78
check "a bad include pattern names its line and pcre2's reason" \
	grep -q "v.feed:9: include: bad pattern .*missing closing parenthesis" "$T/chk.err"
[ "$rc" -eq 78 ] || diag "$(cat "$T/chk.err")"
done_testing
