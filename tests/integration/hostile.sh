#!/bin/sh
# Hostile input through the real binary (issue 8): every fixture of
# tests/data/hostile/ (and the older ones of tests/data/*/hostile/ the
# issue names) is ingested.  Each must end in one clear error line that
# names the feed and the file (or, for data that is merely odd, in a
# stored feed whose odd parts were dropped with a warning), never in a
# crash, a hang or a file's contents in the store.
. "${NW_SRCDIR:-.}/tests/lib.sh"
command -v sqlite3 >/dev/null || skip_all "sqlite3(1) is not installed"
command -v timeout >/dev/null || skip_all "timeout(1) is not installed"
. "$NW_SRCDIR/tests/hostile/store.sh"
plan 57

H=$NW_SRCDIR/tests/data/hostile
D=$NW_SRCDIR/tests/data
DB=$T/h.db
FEEDS=$T/feeds
mkdir -p "$FEEDS"
RAWHTTPD=$NW_BUILDDIR/tests/hostile/rawhttpd
# A secret that must never reach the store or a message.
SECRET=$T/secret.txt
echo "NWSECRET-7f3a9c1e" >"$SECRET"

# feed NAME KIND URL [KEY=VALUE...]: write a definition
feed() {
	_n=$1 _k=$2 _u=$3
	shift 3
	{
		echo "name = $_n"
		echo "kind = $_k"
		echo "url = $_u"
		echo "publisher = hostile fixtures"
		echo "retries = 0"
		for _kv in "$@"; do echo "$_kv"; done
	} >"$FEEDS/$_n.feed"
}

# CSV feeds map the columns of the fixtures (tracker-like).
csv_feed() {
	feed "$1" csv "$2" "id = Title" "date = Date" \
	    "date-format = M/D/YYYY" "title = Title" "text = Description" \
	    "link = Sources_1" "states = Sponsor" "actors = Affiliations" \
	    "victims = Victims" "sectors = Category" \
	    "list = auto; Category: comma; Sponsor: comma" \
	    "hedge = suspected" "sponsorship-column = Sponsor" \
	    "sponsorship-map = *: state"
}

# ingest NAME: run one feed under a time limit; sets $rc, stderr in $T/err
ingest() {
	timeout 120 "$NORMWATCH" --db "$DB" ingest --feeds "$FEEDS" \
	    --feed "$1" >"$T/out" 2>"$T/err"
	rc=$?
}

# stored NAME: how many reports the feed has in the store
stored() {
	sqlite3 "$DB" "select count(*) from report r join source s on
	    s.id = r.source_id where s.name = '$1'" 2>/dev/null || echo 0
}

# failed_clearly DESC NAME FILE: the feed failed (exit 1 or 2, not a
# signal, not a timeout) with exactly one error line that names the feed
# and the file, and nothing of it is stored.
failed_clearly() {
	_d=$1 _n=$2 _f=$3
	_errs=$(grep -c '^normwatch: error: ' "$T/err")
	if [ "$rc" -ne 1 ] && [ "$rc" -ne 2 ]; then
		diag "exit status $rc"; cat "$T/err" | diag "$(cat)"
		not_ok "$_d"
	elif [ "$_errs" -ne 1 ]; then
		diag "$_errs error lines"; diag "$(cat "$T/err")"
		not_ok "$_d"
	elif ! grep '^normwatch: error: ' "$T/err" | grep -F "$_n: " |
	    grep -qF "$_f"; then
		diag "the error names not both $_n and $_f:"
		diag "$(cat "$T/err")"
		not_ok "$_d"
	elif [ "$(stored "$_n")" -ne 0 ]; then
		not_ok "$_d (yet something is stored)"
	else
		ok "$_d: $(grep '^normwatch: error: ' "$T/err" | cut -c1-160)"
	fi
}

# no_secret DESC: the secret is nowhere in the store, the cache or stderr
no_secret() {
	if sqlite3 "$DB" .dump 2>/dev/null | grep -q NWSECRET ||
	    grep -rqs NWSECRET "$T/cache" "$T/err" "$T/out"; then
		not_ok "$1"
	else
		ok "$1"
	fi
}

# --- entity expansion and external entities ---------------------------------
feed laughs rss "file://$D/rss/hostile/billion-laughs.xml"
ingest laughs
failed_clearly "RSS billion laughs" laughs billion-laughs.xml

feed laughs-html csis "file://$D/docs/billion-laughs.html" "format = html"
ingest laughs-html
if [ "$rc" -lt 3 ] && [ "$(sqlite3 "$DB" "select max(length(text)) from report" 2>/dev/null || echo 0)" -lt 100000 ]; then
	ok "HTML billion laughs: no expansion (exit $rc)"
else
	not_ok "HTML billion laughs: exit $rc"
fi

sed "s|@SECRET@|$SECRET|" "$H/xxe-file.xml.in" >"$T/xxe-file.xml"
feed xxe-file rss "file://$T/xxe-file.xml"
ingest xxe-file
failed_clearly "RSS XXE with a file:// entity" xxe-file xxe-file.xml
no_secret "RSS XXE with a file:// entity: the file stays out of the store"

sed "s|@SECRET@|$SECRET|" "$H/xxe-html.html.in" >"$T/xxe.html"
feed xxe-html csis "file://$T/xxe.html" "format = html"
ingest xxe-html
check "HTML XXE with a file:// entity: no crash (exit $rc)" test "$rc" -lt 3
no_secret "HTML XXE with a file:// entity: the file stays out of the store"

# --- the network: a gzip bomb, a Content-Length of 2 GB, http entities -------
mkdir -p "$T/raw"
{
	printf 'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n'
	printf 'Content-Encoding: gzip\r\nContent-Length: %d\r\n' \
	    "$(wc -c <"$H/bomb.xml.gz")"
	printf 'Connection: close\r\n\r\n'
	cat "$H/bomb.xml.gz"
} >"$T/raw/bomb.http"
{
	printf 'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n'
	printf 'Content-Length: 2147483648\r\nConnection: close\r\n\r\n'
	printf '<?xml version="1.0"?><rss version="2.0"><channel>'
} >"$T/raw/twogig.http"
{
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n'
	printf 'Content-Length: 18\r\nConnection: close\r\n\r\n'
	cat "$SECRET"
} >"$T/raw/secret.http"
cp "$T/raw/secret.http" "$T/raw/dtd.http"
cp "$T/raw/secret.http" "$T/raw/param.http"
"$RAWHTTPD" --root "$T/raw" --port-file "$T/rawport" 2>"$T/rawhttpd.log" &
RAWPID=$!
i=0
while [ ! -s "$T/rawport" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
RAWURL="http://127.0.0.1:$(cat "$T/rawport" 2>/dev/null)"

feed bomb rss "$RAWURL/bomb" "max-size = 16M"
ingest bomb
failed_clearly "a gzip bomb (80 MiB of zeros in 80 KiB) stops at max-size" bomb /bomb
feed bomb-default rss "$RAWURL/bomb"
ingest bomb-default
failed_clearly "a gzip bomb stops at the default max-size" bomb-default /bomb

feed twogig rss "$RAWURL/twogig"
ingest twogig
failed_clearly "a Content-Length of 2 GB is refused" twogig /twogig
check "... before the body is read (an error about the size)" \
    grep -qiE 'size|large|limit|max' "$T/err"

sed "s|@URL@|$RAWURL|g" "$H/xxe-http.xml.in" >"$T/xxe-http.xml"
feed xxe-http rss "file://$T/xxe-http.xml"
ingest xxe-http
failed_clearly "RSS XXE with http:// entities and DTD" xxe-http xxe-http.xml
no_secret "RSS XXE with http:// entities: nothing fetched into the store"
check "RSS XXE with http:// entities: no request reached the server" \
    sh -c '! grep -q "dtd\|param\|secret" "$0"' "$T/rawhttpd.log"
kill "$RAWPID" 2>/dev/null
wait "$RAWPID" 2>/dev/null

# --- JSON nested 100,000 deep -----------------------------------------------
feed deep-stix stix "file://$H/deep-100000.json"
ingest deep-stix
failed_clearly "STIX nested 100,000 deep" deep-stix deep-100000.json
check "... the error gives the JSON path" grep -qF '$.objects[0]' "$T/err"
mkdir -p "$T/misp"
cp "$H/deep-100000-misp.json" "$T/misp/5b8f0a3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c.json"
printf '{"5b8f0a3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c":{"timestamp":"1600000000","date":"2020-09-13"}}' \
    >"$T/misp/manifest.json"
feed deep-misp misp "file://$T/misp/manifest.json"
ingest deep-misp
check "MISP event nested 100,000 deep: skipped with a warning naming the file" \
    sh -c 'test "$0" -lt 3 && grep -q "5b8f0a3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c.json" "$1"' \
    "$rc" "$T/err"
cp "$H/deep-100000-misp.json" "$T/misp/manifest.json"
feed deep-manifest misp "file://$T/misp/manifest.json"
ingest deep-manifest
failed_clearly "MISP manifest nested 100,000 deep" deep-manifest manifest.json
feed deep-actors actors "file://$D/actors/hostile/deep.json"
ingest deep-actors
failed_clearly "galaxy file nested too deep" deep-actors deep.json

# --- invalid UTF-8 and NUL bytes --------------------------------------------
feed utf8-csis csis "file://$D/csis/hostile/bad-utf8.txt"
ingest utf8-csis
failed_clearly "CSIS text with invalid UTF-8" utf8-csis bad-utf8.txt
check "... at a line and column" grep -qE 'bad-utf8.txt:[0-9]+:[0-9]+' "$T/err"
feed nul-csis csis "file://$D/csis/hostile/nul.txt"
ingest nul-csis
failed_clearly "CSIS text with a NUL byte" nul-csis nul.txt
feed utf8-rss rss "file://$D/rss/hostile/bad-utf8.xml"
ingest utf8-rss
failed_clearly "RSS with invalid UTF-8" utf8-rss bad-utf8.xml
feed nul-rss rss "file://$H/rss-nul-title.xml"
ingest nul-rss
failed_clearly "RSS with a NUL byte in a title" nul-rss rss-nul-title.xml
feed utf8-rss-desc rss "file://$H/rss-bad-utf8-description.xml"
ingest utf8-rss-desc
failed_clearly "RSS with invalid UTF-8 in a description" utf8-rss-desc rss-bad-utf8-description.xml
feed utf8-stix stix "file://$D/stix/hostile/bad-utf8.json"
ingest utf8-stix
failed_clearly "STIX with invalid UTF-8" utf8-stix bad-utf8.json
feed nul-stix stix "file://$D/stix/hostile/nul-escape.json"
ingest nul-stix
failed_clearly "STIX with \\u0000 in a string" nul-stix nul-escape.json
csv_feed bytes-csv "file://$H/fields-bad-bytes.csv"
ingest bytes-csv
n=$(grep -c 'fields-bad-bytes.csv:[0-9]*: bad row' "$T/err")
if [ "$rc" -eq 0 ] && [ "$(stored bytes-csv)" -eq 1 ] && [ "$n" -ge 10 ] &&
    grep -q '18 bad rows skipped, 1 kept' "$T/err"; then
	ok "CSV with invalid UTF-8 and NUL in every field: 18 bad rows named by line, the good one kept"
else
	diag "exit $rc, $(stored bytes-csv) stored, $n lines naming the file"
	diag "$(head -n 5 "$T/err")"
	not_ok "CSV with invalid UTF-8 and NUL in every field"
fi
check "nothing stored holds a NUL or a byte that is not UTF-8" sh -c \
    'test "$(sqlite3 "$0" "select count(*) from report where instr(text, char(0)) > 0 or instr(coalesce(title, \"\"), char(0)) > 0 or text <> cast(cast(text as blob) as text)")" -eq 0' "$DB"

"$NORMWATCH" feeds check "$H/bad-bytes.feed" >"$T/out" 2>"$T/err"
rc=$?
check "a feed definition with invalid UTF-8 and a NUL byte: exit 78, file and line" \
    sh -c 'test "$0" -eq 78 && grep -q "bad-bytes.feed:[0-9]" "$1"' "$rc" "$T/err"
mkdir -p "$T/misp8"
cp "$H/misp-bad-utf8.json" "$T/misp8/5b8f0a3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c.json"
printf '{"5b8f0a3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c":{"timestamp":"1600000000","date":"2020-09-13"}}' \
    >"$T/misp8/manifest.json"
feed utf8-misp misp "file://$T/misp8/manifest.json"
ingest utf8-misp
check "a MISP event with invalid UTF-8: skipped, named by file, line and JSON path" \
    sh -c 'test "$0" -lt 3 && grep -q "5b8f0a3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c.json:1:[0-9]*: \$.Event.info" "$1"' \
    "$rc" "$T/err"
check "... and nothing of it is stored" test "$(stored utf8-misp)" -eq 0

# --- CR and CRLF line ends --------------------------------------------------
for e in lf crlf cr; do
	feed "list-$e" csis "file://$H/list-$e.txt"
	ingest "list-$e"
	sqlite3 "$DB" "select r.native_id || ' ' || r.date from report r join
	    source s on s.id = r.source_id where s.name = 'list-$e' order by 1" \
	    >"$T/ids-$e"
done
check "a CSIS list with LF line ends gives 3 reports" \
    test "$(wc -l <"$T/ids-lf")" -eq 3
check "with CRLF line ends: the same reports, ids and dates" cmp -s "$T/ids-lf" "$T/ids-crlf"
check "with CR line ends: the same reports, ids and dates" cmp -s "$T/ids-lf" "$T/ids-cr"
feed crlf-html csis "file://$D/docs/crlf.html" "format = html"
ingest crlf-html
check "an HTML list with CRLF line ends is read (exit $rc)" sh -c \
    'test "$0" -eq 0 && test "$1" -gt 0' "$rc" "$(stored crlf-html)"

# --- timestamps out of range ------------------------------------------------
feed ts-stix stix "file://$H/stix-timestamps.json"
ingest ts-stix
check "STIX timestamps that cannot be: 6 objects rejected, each named by JSON path" \
    test "$(grep -c 'stix-timestamps.json: \$\.objects\[[0-7]\]' "$T/err")" -eq 6
check "... years 0000 and 1600 (valid RFC 3339) give reports without a date" \
    test "$(sqlite3 "$DB" "select group_concat(coalesce(r.date, '-'), ' ') from
	(select r.date from report r join source s on s.id = r.source_id
	where s.name = 'ts-stix' order by r.native_id) r")" = "- - 2020-01-01"
feed ts-rss rss "file://$H/rss-timestamps.xml"
ingest ts-rss
check "RSS dates out of range: each item skipped with a warning naming it" \
    test "$(grep -c 'rss-timestamps.xml:.*date' "$T/err")" -ge 6
csv_feed ts-csv "file://$H/csv-timestamps.csv"
ingest ts-csv
check "CSV dates out of range: bad rows named by line, the good row kept" sh -c \
    'test "$0" -eq 1 && test "$(grep -c "csv-timestamps.csv:[0-9]" "$1")" -ge 6' \
    "$(stored ts-csv)" "$T/err"
check "no stored report has an impossible date" sh -c \
    'test "$(sqlite3 "$0" "select count(*) from report where date is not null and date <> \"\" and (date < \"1900\" or date > \"2200\" or (length(date) = 10 and date(date) is null))")" -eq 0' "$DB"

# --- regular expressions that backtrack without end --------------------------
feed redos csis "file://$H/redos.txt"
start=$(date +%s)
timeout 120 "$NORMWATCH" --db "$DB" ingest --feeds "$FEEDS" --feed redos \
    --rules "$H/redos" >"$T/out" 2>"$T/err"
rc=$?
took=$(($(date +%s) - start))
check "rules that backtrack without end: the run ends (exit $rc, ${took}s)" \
    sh -c 'test "$0" -eq 0 && test "$1" -lt 60' "$rc" "$took"
check "... with a warning naming the rule's file and line" \
    grep -qE 'redos.rules:[0-9]+' "$T/err"
check "... and the other rule still fires" sh -c \
    'test "$(sqlite3 "$0" "select count(*) from finding where rule = \"redos-fine\"" 2>/dev/null || echo 0)" -ge 1' "$DB"

# --- HTML and JavaScript in every text field ---------------------------------
csv_feed inj-csv "file://$H/csv-injection.csv"
ingest inj-csv
check "CSV with markup in every field is stored (exit $rc)" test "$(stored inj-csv)" -eq 1
feed inj-rss rss "file://$H/rss-injection.xml"
ingest inj-rss
check "RSS with markup in every field is stored (exit $rc)" test "$(stored inj-rss)" -eq 1
feed inj-html csis "file://$H/html-injection.html" "format = html"
ingest inj-html
check "HTML list with scripts: the two entries, no script text" sh -c \
    'test "$0" -eq 2 && test "$(sqlite3 "$1" "select count(*) from report r join source s on s.id = r.source_id where s.name = \"inj-html\" and (text like \"%alert(%\" or text like \"%Injected entry%\" or text like \"%p{}%\")")" -eq 0' \
    "$(stored inj-html)" "$DB"
check "RSS descriptions lose their scripts and handlers" sh -c \
    'test "$(sqlite3 "$0" "select count(*) from report r join source s on s.id = r.source_id where s.name = \"inj-rss\" and (text like \"%alert(3)%\" or text like \"%onclick%\" or text like \"%<a %\")")" -eq 0' "$DB"
feed inj-stix stix "file://$H/stix-injection.json"
ingest inj-stix
check "STIX with markup in every text field is read (exit $rc)" test "$rc" -eq 0
check "no stored report links anywhere but http(s)" sh -c \
    'test "$(sqlite3 "$0" "select count(*) from report where url not like \"http://%\" and url not like \"https://%\" and url not like \"file:%\"")" -eq 0' "$DB"
"$NORMWATCH" --db "$DB" export -o "$T/bundle.json" >"$T/out" 2>"$T/err"
rc=$?
check "the export of it all is a valid STIX bundle (exit $rc)" sh -c \
    'test "$0" -eq 0 && "$1" --db "$2" validate "$3" >/dev/null 2>&1' \
    "$rc" "$NORMWATCH" "$DB" "$T/bundle.json"
check "... in which markup is only ever inside JSON strings" sh -c \
    '"$0" <"$1" >/dev/null 2>&1 || python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$1"' \
    "$NW_BUILDDIR/tests/jsonq" "$T/bundle.json"
check "... and no link is javascript:" sh -c '! grep -q "\"url\": *\"javascript:" "$0"' "$T/bundle.json"

# --- PDFs that are not what they claim ---------------------------------------
if command -v pdftotext >/dev/null; then
	feed pdf-trunc csis "file://$D/docs/truncated.pdf"
	ingest pdf-trunc
	failed_clearly "a truncated PDF" pdf-trunc truncated.pdf
	feed pdf-not csis "file://$D/docs/not-a-pdf.pdf"
	ingest pdf-not
	failed_clearly "a PDF that is not a PDF" pdf-not not-a-pdf.pdf
	feed pdf-raw csis "file://$D/csis/hostile/unconverted.pdf"
	ingest pdf-raw
	failed_clearly "a PDF given to the text parser unconverted" pdf-raw unconverted.pdf
else
	skip "a truncated PDF" "no pdftotext"
	skip "a PDF that is not a PDF" "no pdftotext"
	skip "a PDF given to the text parser unconverted" "no pdftotext"
fi

# --- and after all that --------------------------------------------------------
check "the store passes integrity_check ($(integrity "$DB" | head -n 1))" integrity_ok "$DB"
no_secret "the secret is nowhere in the store, the cache or the messages"
done_testing
