#!/bin/sh
# The taxii feed kind through the binary, against tests/server/taxiid (a
# TAXII 2.1 server on 127.0.0.1 serving tests/data/taxii/server.json):
# a first poll stores the collection's objects and reports, with claims
# across pages; a second asks only for what came after its cursor; new
# objects come in on the next poll, alone; a 500 in the middle of a poll
# stores nothing and keeps the cursor, and the next run gets everything
# once; a next loop, a wrong media type, a slow page, 401 without or
# with wrong credentials and a credentials file open to others each fail
# their feed with one clear line that never shows the password; the
# export of the store holds under validate --strict.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 52

command -v curl >/dev/null 2>&1 || skip_all "curl(1) is not installed"

R=$NW_SRCDIR/tests/data/map/rules
D=$NW_SRCDIR/tests/data/taxii
TAXIID=$NW_BUILDDIR/tests/server/taxiid
NW=$NORMWATCH
COLL=5c7a1f1e-3f4e-4b8e-9d5a-2a1c0e9b7d11
INC=incident--331caff0-a5c7-4a3a-8020-c99f10df7693
INC2=incident--c3c3cda7-16c2-424e-b460-2a6864e86daf
CURSOR1=2024-01-10T00:00:16.000000Z
PASS='s3cret horse battery'

# --- the servers ---------------------------------------------------------------

_taxiid_pids=
start_taxiid() {	# NAME [taxiid options]: sets NAME_PORT
	_n=$1; shift
	"$TAXIID" --data "$D/server.json" --port-file "$T/$_n.port" "$@" \
	    >"$T/$_n.log" 2>&1 &
	_taxiid_pids="$_taxiid_pids $!"
	_i=0
	while [ ! -s "$T/$_n.port" ] && [ $_i -lt 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	[ -s "$T/$_n.port" ] || { echo "Bail out! taxiid did not start"; exit 99; }
	eval "${_n}_PORT=\$(cat \"\$T/\$_n.port\")"
}
trap 'for _p in $_taxiid_pids; do kill "$_p" 2>/dev/null; done; _cleanup' EXIT
start_taxiid auth --user "analyst:$PASS"
start_taxiid open
AUTH="http://127.0.0.1:$auth_PORT"
OPEN="http://127.0.0.1:$open_PORT"

# feed DIR NAME URL [KEY = VALUE ...]: a definition alone in $T/DIR
feed() {
	mkdir -p "$T/$1"
	_f="$T/$1/$2.feed"
	printf 'name = %s\nkind = taxii\nurl = %s\npublisher = Example TAXII\n' \
	    "$2" "$3" >"$_f"
	shift 3
	for _l in "$@"; do printf '%s\n' "$_l" >>"$_f"; done
}
# ingest DB DIR: exit status in $rc, stderr in $T/err
ingest() {
	"$NW" --db "$T/$1.db" ingest --feeds "$T/$2" --rules "$R" \
	    >"$T/out" 2>"$T/err"; rc=$?
}
# The added_after of the objects requests the auth server got (one a line).
asked() { sed -n 's/.*objects\/ (added_after=\([^ ]*\) .*/\1/p' "$T/auth.log"; }
nreports() { "$NW" --db "$T/$1.db" reports | wc -l | tr -d ' '; }
# The ids of an export's objects, one a line, sorted.
ids() { sed -n 's/.*[{,]"id":"\([a-z0-9-]*--[0-9a-f-]*\)".*/\1/p' "$1" | grep -v '^bundle--' | sort; }
valid() {
	"$NW" validate --strict "$1" >"$T/v.out" 2>&1 &&
	    test "$(cat "$T/v.out")" = "$1: valid (0 warnings)"
}
mkdir -p "$XDG_CONFIG_HOME/normwatch"
CRED="$XDG_CONFIG_HOME/normwatch/credentials"
printf '# the test servers\ncti analyst %s\nwrong analyst:nope-nope\n' \
    "$PASS" >"$CRED"
chmod 600 "$CRED"

# --- definitions ---------------------------------------------------------------
feed main cti "$AUTH/taxii2/" "collection = Attributed incidents" \
    "credentials = cti" "page-size = 3"
"$NW" feeds check "$T/main/cti.feed" >"$T/out" 2>&1
check "the definition is valid" test $? -eq 0
feed bad bad "$AUTH/taxii2/" "page-size = 0" "match-type = incident,,x"
"$NW" feeds check "$T/bad/bad.feed" >"$T/out" 2>"$T/err"; rc=$?
check "a bad one exits 78, each error with its line" sh -c \
	'test "$0" -eq 78 && grep -q "bad.feed:5: page-size must be a number from 1 to 100000" "$1" && grep -q "bad.feed:6: match-type" "$1"' "$rc" "$T/err"

# --- the first poll ---------------------------------------------------------------
ingest a main
check "the first poll exits 0" test "$rc" -eq 0
check "the invalid object is rejected with feed, page and JSON path" \
	grep -q "warning: cti: $AUTH/cti/collections/$COLL/objects/?limit=3&next=[^:]*: \$.objects\[0\]: object incident--02fb30aa-fa8e-4a15-bc2e-bda9ffe77ec5 rejected: missing required property name" "$T/err"
check "and nothing else is said" test "$(wc -l <"$T/err")" -eq 1
check "the poll asked for every page from the start (6 pages)" \
	test "$(asked | tr '\n' ' ')" = "- - - - - - "
check "two reports: the incident and the campaign" test "$(nreports a)" = 2
"$NW" --db "$T/a.db" reports >"$T/r1"
check "the incident is attributed to Russia through its intrusion set, across pages" \
	grep -q "\"native_id\":\"$INC\".*\"attribution\":\[{\"state\":\"RU\",\"hedge\":\"asserted\",\"by\":\"government\"}\],\"actors\":\[\"APT-Example\"\].*\"victim_states\":\[\"DE\"\]" "$T/r1"
check "its url is the advisory's" \
	grep -q "\"url\":\"https://cert.example/advisories/2024-01\",\"native_id\":\"$INC\"" "$T/r1"
"$NW" --db "$T/a.db" export >"$T/e1.json" 2>"$T/err"
check "the export holds under validate --strict" valid "$T/e1.json"
check "the kept objects are in it" sh -c \
	'grep -q "\"id\":\"intrusion-set--0a3cc2d9-0a97-4a34-aa64-8a469be4a2fa\"" "$0" && grep -q "\"id\":\"location--6076333b-e36d-439f-a381-34cd5af49d38\"" "$0"' "$T/e1.json"

# --- again: only what came after the cursor -------------------------------------
n0=$(asked | wc -l)
ingest a main
check "the second poll exits 0 quietly" sh -c 'test "$0" -eq 0 && test ! -s "$1"' "$rc" "$T/err"
check "it asked from the cursor, once" \
	test "$(asked | sed -n "$((n0 + 1)),\$p" | tr '\n' ' ')" = "$CURSOR1 "
check "nothing new: still two reports" test "$(nreports a)" = 2
"$NW" --db "$T/a.db" export >"$T/e2.json"
check "and the same export" cmp -s "$T/e1.json" "$T/e2.json"

# --- new objects on the server; a 500 in the middle of their poll -----------------
code=$(curl -s -o "$T/post.out" -w '%{http_code}' -u "analyst:$PASS" \
    -H 'Content-Type: application/taxii+json;version=2.1' \
    -H 'Accept: application/taxii+json;version=2.1' \
    --data-binary @"$D/add.json" "$AUTH/cti/collections/$COLL/objects/")
check "11 objects are added to the collection" sh -c \
	'test "$0" = 202 && grep -q "\"success_count\":11" "$1"' "$code" "$T/post.out"
# the default 3 retries: objects requests 3 to 6 of the next poll fail
curl -s -o /dev/null -u "analyst:$PASS" "$AUTH/_arm/fail/3/4"
n0=$(asked | wc -l)
ingest a main
check "a 500 on page 3 fails the feed: exit 2" test "$rc" -eq 2
check "one line naming the feed, the page and the status" sh -c \
	'grep -q "error: cti: $0/cti/collections/$1/objects/?limit=3&added_after=2024-01-10T00%3A00%3A16.000000Z&next=[^:]*: HTTP 500 after 4 attempts" "$2" && test "$(wc -l <"$2")" -eq 1' "$AUTH" "$COLL" "$T/err"
check "nothing of it was stored: two reports" test "$(nreports a)" = 2
"$NW" --db "$T/a.db" export >"$T/e3.json"
check "the export is as it was" cmp -s "$T/e1.json" "$T/e3.json"
check "the status says so" sh -c \
	'"$0" --db "$1" status | grep -q "^cti .* failed .*HTTP 500 after 4 attempts"' "$NW" "$T/a.db"

n0=$(asked | wc -l)
ingest a main
check "the next run exits 0" test "$rc" -eq 0
check "and polls again from the old cursor (4 pages)" \
	test "$(asked | sed -n "$((n0 + 1)),\$p" | tr '\n' ' ')" = "$CURSOR1 $CURSOR1 $CURSOR1 $CURSOR1 "
check "the new incident is a third report" test "$(nreports a)" = 3
"$NW" --db "$T/a.db" reports >"$T/r2"
check "attributed to Russia, the victim in France" \
	grep -q "\"native_id\":\"$INC2\".*\"attribution\":\[{\"state\":\"RU\".*\"actors\":\[\"Example Cyber Army\"\].*\"victim_states\":\[\"FR\"\]" "$T/r2"
"$NW" --db "$T/a.db" export >"$T/e4.json"
check "that export holds under --strict" valid "$T/e4.json"
ids "$T/e4.json" >"$T/ids4"
check "every object once" test -z "$(uniq -d "$T/ids4")"
ids "$T/e1.json" >"$T/ids1"
check "the old objects all stay" test -z "$(comm -23 "$T/ids1" "$T/ids4")"
check "and the new ones are there" sh -c \
	'grep -q "^$1$" "$0" && grep -q "^intrusion-set--d0a9f7c1-2b3e-4c5d-8e6f-7a8b9c0d1e2f$" "$0"' "$T/ids4" "$INC2"
if command -v sqlite3 >/dev/null 2>&1; then
	check "the store holds each object version once (25)" sh -c \
	    'test "$(sqlite3 "$0" "select count(*), count(distinct id || modified) from stix_object")" = "25|25"' "$T/a.db"
else
	skip "the store holds each object version once" "no sqlite3(1)"
fi
n0=$(asked | wc -l)
ingest a main
last=$(asked | sed -n "$((n0 + 1)),\$p")
check "the cursor moved past the new objects" sh -c \
	'test "$(printf "%s\n" "$0" | wc -l)" -eq 1 && test "$0" \> "$1"' "$last" "$CURSOR1"
check "and nothing more came" test "$(nreports a)" = 3

# --- misbehaving servers: one clear line, nothing stored --------------------------
fails_alone() {	# DB: exit 2, one error line, no report, no cursor
	test "$rc" -eq 2 && test "$(grep -c "error:" "$T/err")" -eq 1 &&
	    test "$(nreports "$1")" = 0 &&
	    ! "$NW" --db "$T/$1.db" export | grep -q '"type":"indicator"'
}
feed loop loop "$OPEN/loop/taxii2/" "collection = $COLL" "page-size = 3"
ingest b loop
check "a next loop fails the feed" fails_alone b
check "saying it is a loop" grep -q "error: loop: $OPEN/loop/cti/collections/$COLL/objects/?limit=3&next=.*: the server sent next \".*\" twice in one poll: a loop; nothing was stored, the cursor stays" "$T/err"
feed wtype wtype "$OPEN/wrong-type/taxii2/" "collection = $COLL"
ingest c wtype
check "a wrong media type fails the feed" fails_alone c
check "naming the type it got and the one it wants" grep -q "error: wtype: $OPEN/wrong-type/cti/collections/$COLL/objects/?limit=1000: the answer is \"application/json\", not application/taxii+json;version=2.1" "$T/err"
feed slow slow "$OPEN/slow/3000/taxii2/" "collection = $COLL" "timeout = 1" \
    "retries = 0"
ingest d slow
check "a page slower than the timeout fails the feed" fails_alone d
check "with the transfer's error" grep -q "error: slow: .*objects/?limit=1000: .*timed out" "$T/err"
feed big big "$OPEN/taxii2/" "collection = $COLL" "page-size = 2" "max-pages = 4"
ingest e big
check "a poll of more pages than max-pages fails the feed" sh -c \
	'test "$0" -eq 2 && grep -q "error: big: .*: more than 4 pages in one poll (max-pages)" "$1"' "$rc" "$T/err"

# --- credentials --------------------------------------------------------------------
feed nocred nocred "$AUTH/taxii2/" "collection = $COLL"
ingest f nocred
check "401 without credentials fails the feed" fails_alone f
check "saying the server wants credentials" grep -q "error: nocred: $AUTH/taxii2/: HTTP 401: the server wants credentials; name them with the credentials key" "$T/err"
feed wrong wrong "$AUTH/taxii2/" "collection = $COLL" "credentials = wrong"
ingest g wrong
check "wrong credentials fail the feed" fails_alone g
check "naming them, not their password" sh -c \
	'grep -q "error: wrong: $0/taxii2/: HTTP 401: the server refused the credentials \"wrong\"" "$1" && ! grep -q nope-nope "$1"' "$AUTH" "$T/err"
"$NW" --db "$T/g.db" status >"$T/status" 2>&1
check "nor does the status, nor the store" sh -c \
	'grep -q "refused the credentials" "$0" && ! grep -q nope-nope "$0" && ! grep -q nope-nope "$1"' "$T/status" "$T/g.db"
chmod 644 "$CRED"
ingest h main
check "a credentials file others can read fails the feed" fails_alone h
check "naming the file and the mode, never the password" sh -c \
	'grep -q "error: cti: $0: credentials \"cti\": the credentials file is open to group or others (mode 0644): refused; chmod 600 it" "$1" && ! grep -q s3cret "$1"' "$CRED" "$T/err"
chmod 600 "$CRED"
mv "$CRED" "$T/elsewhere"
NORMWATCH_CREDENTIALS=$T/elsewhere; export NORMWATCH_CREDENTIALS
ingest h main
check "NORMWATCH_CREDENTIALS names another file" sh -c \
	'test "$0" -eq 0 && test "$1" = 3' "$rc" "$(nreports h)"
unset NORMWATCH_CREDENTIALS
ingest i main
check "without any file, the feed fails, naming the file it looked for" sh -c \
	'test "$0" -eq 2 && grep -q "error: cti: $1: credentials \"cti\": cannot open the credentials file: No such file or directory" "$2"' "$rc" "$CRED" "$T/err"
# --- the OASIS reference server's default data, when $NW_SHARED has it ----------
M=$NW_SHARED/data/taxii/medallion_default_data.json
if [ -r "$M" ]; then
	"$TAXIID" --data "$M" --port-file "$T/med.port" >"$T/med.log" 2>&1 &
	_taxiid_pids="$_taxiid_pids $!"
	_i=0
	while [ ! -s "$T/med.port" ] && [ $_i -lt 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	feed med medallion "http://127.0.0.1:$(cat "$T/med.port")/taxii2/" \
	    "collection = High Value Indicator Collection" "page-size = 2"
	ingest m med
	check "medallion's data: the discovery's default API root, its collection by title" sh -c \
	    'test "$0" -eq 0 && test ! -s "$1" && grep -q "GET /trustgroup1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/objects/ (added_after=- limit=2 next=-) 2 objects, more" "$2"' "$rc" "$T/err" "$T/med.log"
	"$NW" --db "$T/m.db" export >"$T/m.json" 2>/dev/null
	check "its export holds under --strict" valid "$T/m.json"
	check "with the STIX 2.0 malware normalised to 2.1" \
	    grep -q '"id":"malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec","is_family":true.*"spec_version":"2.1"' "$T/m.json"
else
	skip "medallion's data" "no $M"
	skip "its export" "no $M"
	skip "its 2.0 malware" "no $M"
fi

check "nothing anywhere shows the password" sh -c \
	'for f in "$0"/*.log "$0"/err "$0"/out "$0"/r1 "$0"/r2 "$0"/status; do ! grep -q "s3cret" "$f" || exit 1; done; for d in "$0"/*.db; do ! grep -q "s3cret" "$d" || exit 1; done' "$T"

done_testing
