#!/bin/sh
# The misp kind through the binary: the sample MISP feed served over HTTP
# by nwtestd (every request counted), ingested with the test rules; the
# reports' actor claims; a second run of one request (the manifest, 304)
# and no event; the export, its indicators and claimants, under validate
# --strict, and its round trip through the stix kind; a changed event
# fetched alone; a failed event fetched again next run; a million
# attributes and a hostile manifest, each a clear message with its place,
# losing nothing stored.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 43

JQ=$NW_BUILDDIR/tests/jsonq
RULES=$NW_SRCDIR/tests/data/map/rules
S=$NW_SRCDIR/feeds/samples/misp
H=$NW_SRCDIR/tests/data/misp/hostile
W=$T/www
DB=$T/misp.db
F=$T/feeds
APT28=7c00b372-b3de-4cdd-a6c4-b160ff171fb7
SANDWORM=4c327b1a-8c60-45ae-ae7c-7c7341377590
LAZARUS=9f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0
IRAN=0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d
mkdir -p "$W/misp" "$F"
cp "$S"/*.json "$W/misp/"
start_server "$W"
{
	echo "name = misp-test"; echo "kind = misp"
	echo "url = $NWTESTD_URL/counted/m/misp/manifest.json"
	echo "publisher = MISP test feed"; echo "retries = 0"
} >"$F/misp.feed"

nw() { "$NORMWATCH" --db "$DB" "$@"; }
ingest() { nw ingest --rules "$RULES" --feeds "$F" "$@"; }
requests() { curl -sS "$NWTESTD_URL/count/m"; }
report_of() { nw reports --format jsonl | grep "\"native_id\":\"$1\""; }
status_of() {
	nw status --format jsonl | grep '"feed":"misp-test"' | "$JQ" -g "$1"
}
# A bundle holds under --strict: no error, no warning.
valid() {
	"$NORMWATCH" validate --strict "$1" >"$T/v.out" 2>&1 &&
	    test "$(cat "$T/v.out")" = "$1: valid (0 warnings)"
}
# Move an event's timestamp in the served manifest by one second.
touch_event() {
	awk -v u="\"$1\":" '
		index($0, u) { hit = 1 }
		hit && /"timestamp": "/ {
			match($0, /[0-9]+/)
			$0 = substr($0, 1, RSTART - 1) (substr($0, RSTART, RLENGTH) + 1) substr($0, RSTART + RLENGTH)
			hit = 0
		}
		{ print }' "$W/misp/manifest.json" >"$T/m.tmp" &&
	    mv "$T/m.tmp" "$W/misp/manifest.json"
}

# --- the first run ---------------------------------------------------------------
NORMWATCH_NOW=2025-01-01T00:00:00Z; export NORMWATCH_NOW
ingest >"$T/out" 2>"$T/err"; rc=$?
check "ingest of the MISP feed over HTTP exits 0" test "$rc" -eq 0
check "quietly" test ! -s "$T/out" -a ! -s "$T/err"
[ -s "$T/err" ] && diag "$(cat "$T/err")"
check "five requests: the manifest and four events" test "$(requests)" = 5
check "four reports" test "$(nw reports | wc -l)" -eq 4
check "every report has the documented fields" sh -c \
	'"$0" --db "$1" reports --format jsonl | "$2" -k id,source,url,native_id,date,date_precision,title,text,attribution,actors,sponsorship,victim_states,sectors >/dev/null' \
	"$NORMWATCH" "$DB" "$JQ"
report_of "$APT28" >"$T/apt28.json"
check "APT28 from the galaxy: the actor, Russia suspected, state-sponsored" \
	sh -c 'grep -q "\"actors\":\[\"APT28\"\]" "$0" && grep -q "\"attribution\":\[{\"state\":\"RU\",\"hedge\":\"suspected\",\"by\":\"unspecified\"}\]" "$0" && grep -q "\"sponsorship\":\"state\"" "$0"' "$T/apt28.json"
check "APT28: the victim and sector tags" \
	sh -c 'grep -q "\"victim_states\":\[\"DE\"\]" "$0" && grep -q "\"sectors\":\[\"government\"\]" "$0"' "$T/apt28.json"
check "APT28: its url is the event file, its date the event's" \
	sh -c 'grep -q "\"url\":\"http://127.0.0.1:[0-9]*/counted/m/misp/$1.json\"" "$0" && grep -q "\"date\":\"2024-03-12\",\"date_precision\":\"day\"" "$0"' "$T/apt28.json" "$APT28"
check "Sandworm: MITRE's and the galaxy's names" \
	sh -c 'report_of() { "$1" --db "$2" reports --format jsonl | grep "$3"; }; report_of "$0" "$1" "$2" | grep -q "\"actors\":\[\"Sandworm Team\",\"Sandworm\"\]"' \
	"$NORMWATCH" "$DB" "$SANDWORM"
check "Lazarus Group by its tag alone: no attribution" \
	sh -c '"$0" --db "$1" reports --format jsonl | grep "$2" | grep -q "\"attribution\":\[\],\"actors\":\[\"Lazarus Group\"\]"' \
	"$NORMWATCH" "$DB" "$LAZARUS"
report_of "$IRAN" >"$T/iran.json"
check "an event without galaxy goes to extraction: Iran, the United States" \
	sh -c 'grep -q "\"state\":\"IR\"" "$0" && grep -q "\"victim_states\":\[\"US\"\]" "$0"' "$T/iran.json"
check "status: ok, HTTP 200" sh -c 'test "$0" = ok -a "$1" = 200' \
	"$(status_of outcome)" "$(status_of http_code)"
nw reports --format jsonl >"$T/r1.jsonl"

# --- the second run: the manifest alone, and a 304 --------------------------------
ingest >"$T/out" 2>"$T/err"; rc=$?
check "the second run exits 0, quietly" sh -c 'test "$0" -eq 0 -a ! -s "$1"' "$rc" "$T/err"
check "one request more: the manifest, no event" test "$(requests)" = 6
check "it was a 304" test "$(status_of http_code)" = 304
nw reports --format jsonl >"$T/r2.jsonl"
check "the reports are as they were" cmp -s "$T/r1.jsonl" "$T/r2.jsonl"

# --- the export ---------------------------------------------------------------------
nw export >"$T/e1.json" 2>"$T/err"; rc=$?
check "export exits 0 and says nothing" sh -c 'test "$0" -eq 0 -a ! -s "$1"' "$rc" "$T/err"
check "the export holds under validate --strict" valid "$T/e1.json"
check "it holds the 16 indicators of the IDS attributes" \
	test "$(grep -c '"type":"indicator"' "$T/e1.json")" -eq 16
check "each one detecting its incident" \
	test "$(grep -c '"relationship_type":"detected"' "$T/e1.json")" -eq 16
check "a pattern as MISP's value gives it" \
	grep -q "\"pattern\":\"\\[ipv4-addr:value = '198.51.100.23'\\]\"" "$T/e1.json"
nl_id=$(grep '"type":"identity"' "$T/e1.json" | grep '"name":"Northlight Security (sample)"' |
	sed 's/.*"id":"\(identity--[0-9a-f-]*\)".*/\1/')
cert_id=$(grep '"type":"identity"' "$T/e1.json" | grep '"name":"Sample National CERT"' |
	sed 's/.*"id":"\(identity--[0-9a-f-]*\)".*/\1/')
check "the events' organisations are identities of the bundle" \
	sh -c 'test -n "$0" -a -n "$1"' "$nl_id" "$cert_id"
check "the actor claims are theirs: attributed-to, created by the event's Orgc" \
	sh -c 'grep "\"relationship_type\":\"attributed-to\"" "$0" | grep "\"created_by_ref\":\"$1\"" | grep -q "\"actor\":\"APT28\"" && grep "\"relationship_type\":\"attributed-to\"" "$0" | grep -q "\"created_by_ref\":\"$2\""' \
	"$T/e1.json" "$nl_id" "$cert_id"
check "so are the indicators" \
	test "$(grep '"type":"indicator"' "$T/e1.json" | grep -c "\"created_by_ref\":\"$nl_id\"")" -eq 9
check "the TLP:GREEN event's indicators carry TLP:GREEN" \
	test "$(grep '"type":"indicator"' "$T/e1.json" | grep -c 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb')" -eq 5
nw export >"$T/e1b.json"
check "two exports are byte-identical" cmp -s "$T/e1.json" "$T/e1b.json"

# the round trip: export, ingest as a stix feed into a new store, export
NORMWATCH_NOW=2025-06-01T00:00:00Z
"$NORMWATCH" --db "$T/rt.db" ingest --rules "$RULES" --kind stix --url "file://$T/e1.json" --name rt 2>"$T/err"
check "the export ingests as a stix feed, quietly" sh -c 'test $? -eq 0 && test ! -s "$0"' "$T/err"
"$NORMWATCH" --db "$T/rt.db" export >"$T/rt.json"
check "export, ingest, export gives the same bundle, indicators and all" cmp -s "$T/e1.json" "$T/rt.json"

# --- a changed event: that one alone ---------------------------------------------------
NORMWATCH_NOW=2025-02-01T00:00:00Z
sed 's/Intrusion at a cryptocurrency exchange/Intrusion at a crypto exchange/' \
	"$W/misp/$LAZARUS.json" >"$T/l.json" && mv "$T/l.json" "$W/misp/$LAZARUS.json"
touch_event "$LAZARUS"
ingest >"$T/out" 2>"$T/err"; rc=$?
check "a changed event: exit 0" test "$rc" -eq 0
check "two requests: the manifest and that event" test "$(requests)" = 8
check "its report changed, no other came" sh -c \
	'test "$("$0" --db "$1" reports | wc -l)" -eq 4 && "$0" --db "$1" reports | grep -q "Intrusion at a crypto exchange"' "$NORMWATCH" "$DB"

# --- a failed event: fetched again next run -----------------------------------------------
mv "$W/misp/$APT28.json" "$T/apt28.keep"
touch_event "$APT28"
ingest >"$T/out" 2>"$T/err"; rc=$?
check "an event that cannot be fetched: the feed goes on (exit 0)" test "$rc" -eq 0
check "one warning naming the feed, the event's URL and the HTTP status" sh -c \
	'grep -q "^normwatch: warning: misp-test: http://127.0.0.1:[0-9]*/counted/m/misp/$1.json: HTTP 404.*fetched again next run" "$0"' "$T/err" "$APT28"
mv "$T/apt28.keep" "$W/misp/$APT28.json"
before=$(requests)
ingest >"$T/out" 2>"$T/err"; rc=$?
check "next run: the manifest in full (no 304) and that event again" \
	sh -c 'test "$0" -eq 0 && test "$(($2 - $1))" -eq 2' "$rc" "$before" "$(requests)"

# --- hostile input: a clear message, nothing stored lost -------------------------------------
n=$(nw reports | wc -l)
awk -v u="$SANDWORM" 'BEGIN {
	printf "{\"Event\":{\"uuid\":\"%s\",\"info\":\"big\",\"Attribute\":[", u
	for (i = 0; i < 1000000; i++)
		printf "%s{\"type\":\"md5\",\"value\":\"x\"}", i ? "," : ""
	print "]}}" }' >"$W/misp/$SANDWORM.json"
touch_event "$SANDWORM"
ingest >"$T/out" 2>"$T/err"; rc=$?
check "a million attributes: the event is skipped, the feed goes on" test "$rc" -eq 0
check "with one warning naming the file and the JSON path" sh -c \
	'grep -q "misp-test: .*$1.json: offset [0-9]*: \$.Event.Attribute\[100000\]: more than 100000 attributes in one event (NW_MISP_MAX_ATTRIBUTES)" "$0"' "$T/err" "$SANDWORM"
check "nothing stored is lost" sh -c 'test "$("$0" --db "$1" reports | wc -l)" -eq "$2" && "$0" --db "$1" reports | grep -q "Wiper deployed"' "$NORMWATCH" "$DB" "$n"

cp "$F/misp.feed" "$T/misp.feed.keep"
echo "max-size = 3000" >>"$F/misp.feed"
touch_event "$APT28"
ingest >"$T/out" 2>"$T/err"; rc=$?
check "an event file over max-size: skipped with a warning, the feed goes on" sh -c \
	'test "$0" -eq 0 && grep -q "misp-test: .*$2.json: body larger than 3000 bytes.*fetched again next run" "$1"' "$rc" "$T/err" "$APT28"
check "nothing stored is lost" test "$(nw reports | wc -l)" -eq "$n"
mv "$T/misp.feed.keep" "$F/misp.feed"

cp "$H/manifest-dupkey.json" "$W/misp/manifest.json"
ingest >"$T/out" 2>"$T/err"; rc=$?
check "a manifest with a duplicate key fails the feed (exit 2)" test "$rc" -eq 2
check "one error line naming feed, manifest and JSON path" sh -c \
	'test "$(wc -l <"$0")" -eq 1 && grep -q "^normwatch: error: misp-test: http://127.0.0.1:[0-9]*/counted/m/misp/manifest.json:2:2: \$\[.33333333-4444-4555-8666-777777777777.\]: duplicate key$" "$0"' "$T/err"
[ "$(wc -l <"$T/err")" -eq 1 ] || diag "$(cat "$T/err")"
check "nothing stored is lost" test "$(nw reports | wc -l)" -eq "$n"

ingest --offline >"$T/out" 2>"$T/err"; rc=$?
check "--offline cannot replay a MISP feed: it says so" sh -c \
	'test "$0" -ne 0 && grep -q "misp-test: .*needs the network" "$1"' "$rc" "$T/err"
done_testing
