#!/bin/sh
# normwatch export and the stix feed kind, through the real binary: every
# bundle made here is checked with `validate --strict` (no message at
# all); exports are deterministic across runs and stores; modified moves
# only with content; --quarter and --since; TLP per feed; the round trip
# export -> stix ingest into a new store -> export gives the same bytes;
# vendor bundles (STIX 2.1 and 2.0), an invalid object among valid ones,
# and hostile documents, each one error with its JSON path.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 53

R=$NW_SRCDIR/tests/data/map/rules
D=$NW_SRCDIR/tests/data/stixfeed
S=$NW_SRCDIR/feeds/samples
NW=$NORMWATCH

# A bundle holds under --strict: no error, no warning.
valid() {
	"$NW" validate --strict "$1" >"$T/v.out" 2>&1 &&
	    test "$(cat "$T/v.out")" = "$1: valid (0 warnings)"
}
# The ids of a bundle's objects (one a line), sorted; not the bundle's.
ids() { sed -n 's/.*[{,]"id":"\([a-z0-9-]*--[0-9a-f-]*\)".*/\1/p' "$1" | grep -v '^bundle--' | sort; }

NORMWATCH_NOW=2025-01-01T00:00:00Z; export NORMWATCH_NOW
"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$S" 2>"$T/err"
check "the samples ingest" test $? -eq 0
"$NW" --db "$T/a.db" export >"$T/e1.json" 2>"$T/err"; rc=$?
check "export exits 0 and says nothing" sh -c 'test $0 -eq 0 && test ! -s "$1"' "$rc" "$T/err"
check "the export holds under validate --strict" valid "$T/e1.json"
check "it is one bundle, one object a line, its id last" \
	sh -c 'head -n 1 "$0" | grep -qx "{\"type\":\"bundle\",\"objects\":\\[" && tail -n 1 "$0" | grep -qx "\\],\"id\":\"bundle--[0-9a-f-]*\"}"' "$T/e1.json"
# one STIX incident per incident of the store: the same list in three
# formats is one incident of three reports
nreports=$("$NW" --db "$T/a.db" reports | wc -l)
nincidents=$("$NW" --db "$T/a.db" reports | sed -n 's/.*"incident":\([0-9]*\).*/\1/p' | sort -u | wc -l)
check "one incident per incident of the store ($nincidents, of $nreports reports)" \
	sh -c 'test "$(grep -c "\"type\":\"incident\"" "$0")" -eq "$1" && test "$1" -lt "$2"' "$T/e1.json" "$nincidents" "$nreports"
check "claims are created by the publisher's identity" \
	grep -q '"identity_class":"organization","modified":"[^"]*","name":"normwatch samples (CSIS-style list)"' "$T/e1.json"
check "the Incident Core Extension and normwatch's extension are in it" \
	sh -c 'grep -q "\"id\":\"extension-definition--ef765651-680c-498d-9894-99799f2fa126\"" "$0" && grep -q "\"id\":\"extension-definition--707b5b05-fa58-53ca-bdfc-aca4cd250224\"" "$0"' "$T/e1.json"
check "accused states are nation-state threat actors located at the state" \
	sh -c 'grep -q "\"name\":\"Russia (state)\"" "$0" && grep -q "\"country\":\"RU\"" "$0"' "$T/e1.json"

"$NW" --db "$T/a.db" export >"$T/e1b.json"
check "two exports of one store are byte-identical" cmp -s "$T/e1.json" "$T/e1b.json"
mkdir "$T/out"
"$NW" --db "$T/a.db" export -o "$T/out/e.json"
check "-o writes the same bundle, and no temporary file stays" \
	sh -c 'cmp -s "$0" "$1/e.json" && test "$(ls "$1")" = e.json' "$T/e1.json" "$T/out"
"$NW" --db "$T/b.db" ingest --rules "$R" --feeds "$S" 2>/dev/null
"$NW" --db "$T/b.db" export >"$T/b.json"
check "another store from the same input gives the same bundle" cmp -s "$T/e1.json" "$T/b.json"

# modified moves only when content changes
NORMWATCH_NOW=2025-02-01T00:00:00Z
"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$S" --force 2>/dev/null
"$NW" --db "$T/a.db" export >"$T/e2.json"
check "a forced re-ingest of the same feeds changes nothing" cmp -s "$T/e1.json" "$T/e2.json"
"$NW" --db "$T/a.db" remap --rules "$R" 2>/dev/null
"$NW" --db "$T/a.db" export >"$T/e3.json"
check "a remap that changes nothing changes nothing" cmp -s "$T/e1.json" "$T/e3.json"
NORMWATCH_NOW=2025-03-01T00:00:00Z
"$NW" --db "$T/a.db" remap --rules "$NW_SRCDIR/tests/data/map/rules2" 2>/dev/null
"$NW" --db "$T/a.db" export >"$T/e4.json"
moved=$(grep -c '"type":"incident".*' "$T/e4.json")
m2=$(grep '"type":"incident"' "$T/e4.json" | grep -c '"modified":"2025-03-01T00:00:00.000Z"')
check "new findings move the incidents they change ($m2 of $moved)" \
	sh -c 'test "$0" -gt 0 && test "$0" -lt "$1"' "$m2" "$moved"
check "and nothing else: no shared object moved" \
	sh -c '! grep -v "\"type\":\"incident\"\\|\"type\":\"report\"" "$0" | grep -q "2025-03-01"' "$T/e4.json"
check "that export holds under --strict too" valid "$T/e4.json"
ids "$T/e1.json" >"$T/ids1"
ids "$T/e4.json" >"$T/ids4"
check "the objects keep their ids ($(wc -l <"$T/ids1"))" cmp -s "$T/ids1" "$T/ids4"

# filters
"$NW" --db "$T/b.db" export --quarter 2024Q4 >"$T/q.json"
check "--quarter 2024Q4 holds under --strict" valid "$T/q.json"
check "--quarter: only incidents of the quarter, and its report" \
	sh -c 'test "$(grep "\"type\":\"incident\"" "$0" | grep -c "\"date\":\"2024-1[012]")" = "$(grep -c "\"type\":\"incident\"" "$0")" && test "$(grep -c "\"type\":\"incident\"" "$0")" -gt 0 && test "$(grep -c "\"type\":\"report\"" "$0")" -eq 1 && grep -q "cyber incidents of 2024Q4" "$0"' "$T/q.json"
"$NW" --db "$T/b.db" export --since 2024-07-01 >"$T/s.json"
check "--since 2024-07-01 holds under --strict" valid "$T/s.json"
check "--since: no incident dated before" \
	sh -c '! grep "\"type\":\"incident\"" "$0" | grep -q "\"date\":\"20\\(1[0-9]\\|2[0-3]\\|2024-0[1-6]\\)" && test "$(grep -c "\"type\":\"report\"" "$0")" -eq 2' "$T/s.json"
check_exit 64 "a quarter 5 is a usage error" "$NW" --db "$T/b.db" export --quarter 2024Q5
check_exit 64 "--quarter and --since together are a usage error" "$NW" --db "$T/b.db" export --quarter 2024Q1 --since 2024-01-01
check_exit 64 "an impossible --since is a usage error" "$NW" --db "$T/b.db" export --since 2024-02-30
check_exit 74 "an output that cannot be written exits 74" "$NW" --db "$T/b.db" export -o "$T/no/such/dir/e.json"
check_exit 2 "a missing store exits 2" "$NW" --db "$T/none.db" export

# TLP per feed
mkdir "$T/tlp"
cp "$S/csis-list.txt" "$T/tlp/"
printf 'name = t\nkind = csis\nurl = file:csis-list.txt\npublisher = Tee\ntlp = amber\n' >"$T/tlp/t.feed"
"$NW" --db "$T/tlp.db" ingest --rules "$R" --feeds "$T/tlp" 2>/dev/null
"$NW" --db "$T/tlp.db" export >"$T/tlp.json"
check "a TLP:AMBER feed's export holds under --strict" valid "$T/tlp.json"
check "its incidents carry TLP:AMBER, shared objects TLP:CLEAR" \
	sh -c 'test "$(grep "\"type\":\"incident\"" "$0" | grep -c "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421")" -eq 42 && grep "\"type\":\"location\"" "$0" | grep -q "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"' "$T/tlp.json"
printf 'name = t\nkind = csis\nurl = file:csis-list.txt\npublisher = Tee\ntlp = purple\n' >"$T/tlp/t.feed"
"$NW" feeds check --feeds "$T/tlp" >"$T/chk" 2>&1; rc=$?
check "tlp = purple is refused with its line" sh -c 'test $0 -ne 0 && grep -q "t.feed:5:.*tlp must be clear, green, amber, amber+strict or red" "$1"' "$rc" "$T/chk"

# the round trip: export, ingest into a new store, export; the new store
# gets the same actor table first (canonical names are part of the export)
NORMWATCH_NOW=2025-06-01T00:00:00Z
"$NW" --db "$T/rt.db" ingest --rules "$R" --feeds "$S" --feed sample-actors 2>/dev/null
"$NW" --db "$T/rt.db" ingest --rules "$R" --kind stix --url "file://$T/e1.json" --name rt 2>"$T/err"
check "our own bundle ingests as a stix feed, quietly" sh -c 'test $? -eq 0 && test ! -s "$0"' "$T/err"
"$NW" --db "$T/rt.db" export >"$T/rt.json"
check "export, ingest, export gives the same bundle, byte for byte" cmp -s "$T/e1.json" "$T/rt.json"
check "the round trip's export holds under --strict" valid "$T/rt.json"
check "the round trip store holds the $nreports reports of the $nincidents incidents" \
	sh -c 'test "$("$0" --db "$1" reports | wc -l)" -eq "$2" && test "$("$0" --db "$1" reports | sed -n "s/.*\"incident\":\([0-9]*\).*/\1/p" | sort -u | wc -l)" -eq "$3"' "$NW" "$T/rt.db" "$nreports" "$nincidents"
NORMWATCH_NOW=2025-07-01T00:00:00Z
"$NW" --db "$T/rt.db" ingest --rules "$R" --kind stix --url "file://$T/e1.json" --name rt --force 2>/dev/null
"$NW" --db "$T/rt.db" export >"$T/rt2.json"
check "ingesting it again changes nothing" cmp -s "$T/e1.json" "$T/rt2.json"

# an invalid object among valid ones
"$NW" --db "$T/m.db" ingest --rules "$R" --kind stix --url "file://$D/mixed.json" --name mixed 2>"$T/err"; rc=$?
check "a bundle with one invalid object ingests" test "$rc" -eq 0
check "the object is rejected with its path, id and reason" \
	grep -q "mixed: .*mixed.json: \$.objects\[1\].created: object indicator--9ac90ff3-ecf8-4835-95b8-6aea6a623df5 rejected: a timestamp must be a string, not a number" "$T/err"
check "the rest of the bundle lands: the incident as a report" \
	test "$("$NW" --db "$T/m.db" reports | grep -c '"native_id":"incident--d3c5f1c8-08f3-4e24-9e8e-f87d844672ec"')" -eq 1
"$NW" --db "$T/m.db" export >"$T/m.json" 2>"$T/err"
check "that export holds under --strict" valid "$T/m.json"
check "kept objects are exported as they came; custom ones, which break SHOULD rules, left out" \
	sh -c 'grep -q "\"id\":\"indicator--8ac90ff3-ecf8-4835-95b8-6aea6a623df5\"" "$0" && ! grep -q "x-thing--" "$0" && grep -q "1 object kept from stix feeds left out" "$1"' "$T/m.json" "$T/err"

# STIX 2.0
"$NW" --db "$T/s20.db" ingest --rules "$R" --kind stix --url "file://$D/stix20.json" --name s20 2>"$T/err"
check "a STIX 2.0 bundle ingests" test $? -eq 0
check "its campaign is a report attributed through its nation-state actor" \
	sh -c '"$0" --db "$1" reports | grep -q "\"attribution\":\\[{\"state\":\"RU\""' "$NW" "$T/s20.db"
"$NW" --db "$T/s20.db" export >"$T/s20.json"
check "its export holds under --strict" valid "$T/s20.json"
check "normalised to 2.1: labels became indicator_types" \
	grep -q '"indicator_types":\["malicious-activity"\]' "$T/s20.json"

# hostile documents: each one error with its JSON path, nothing stored
for f in deep dupkey truncated bad-utf8 not-json; do
	"$NW" --db "$T/h.db" ingest --rules "$R" --kind stix --url "file://$D/hostile/$f.json" --name "h-$f" 2>"$T/err.$f"
	echo "$?" >"$T/rc.$f"
done
check "deep nesting: one error at its path" grep -q '^normwatch: error: h-deep: .*deep.json:3:[0-9]*: \$.objects\[1\].x_deep\[0\].*: nested deeper than 64 levels$' "$T/err.deep"
check "a duplicate key: one error at its path" grep -q '^normwatch: error: h-dupkey: .*dupkey.json:3:[0-9]*: \$.objects\[1\].name: duplicate key$' "$T/err.dupkey"
check "a truncated file: one error at its path" grep -q '^normwatch: error: h-truncated: .*truncated.json:3:[0-9]*: \$.objects\[1\]\..*truncated file' "$T/err.truncated"
check "invalid UTF-8: one error at its path" grep -q '^normwatch: error: h-bad-utf8: .*bad-utf8.json:3:[0-9]*: \$.objects\[1\].content: invalid UTF-8' "$T/err.bad-utf8"
check "not JSON: one error" grep -q '^normwatch: error: h-not-json: .*not-json.json:1:1: \$: expected a value' "$T/err.not-json"
check "every hostile document fails its feed (2) and leaves nothing" \
	sh -c 'cat "$0"/rc.* | sort -u | grep -qx 2 && test "$(cat "$0"/rc.* | sort -u)" = 2 && test "$("$1" --db "$0/h.db" reports | wc -l)" -eq 0' "$T" "$NW"
# a string over 8 MiB
{
	printf '{"type":"bundle","objects":[{"type":"note","content":"'
	i=0; while [ $i -lt 9 ]; do head -c 1048576 /dev/zero | tr '\0' a; i=$((i + 1)); done
	printf '"}]}'
} >"$T/huge.json"
"$NW" --db "$T/h.db" ingest --rules "$R" --kind stix --url "file://$T/huge.json" --name h-huge 2>"$T/err.huge"
check "a huge string: one error at its path" grep -q 'h-huge: .*huge.json:1:[0-9]*: \$.objects\[0\].content: string longer than 8388608 bytes' "$T/err.huge"

# the OASIS examples (real bundles), when the shared data is there
if [ -d "$NW_SHARED/data/stix21" ]; then
	ok=1
	for f in "$NW_SHARED"/data/stix21/*.json; do
		n=$(basename "$f" .json | tr 'A-Z_' 'a-z-')
		"$NW" --db "$T/oasis.db" ingest --rules "$R" --kind stix --url "file://$f" --name "$n" 2>>"$T/oasis.err" || ok=0
	done
	check "the OASIS example bundles ingest" test "$ok" -eq 1
	check "impact objects with non-extension keys are rejected, with their path" \
		test "$(grep -c 'incident-ransom: .*\$.objects\[[124]\].extensions.\(monetary\|availability\): object impact--.* rejected' "$T/oasis.err")" -eq 3
	"$NW" --db "$T/oasis.db" export >"$T/oasis.json" 2>/dev/null
	check "their export holds under --strict" valid "$T/oasis.json"
else
	skip "the OASIS example bundles ingest" "no $NW_SHARED/data/stix21"
	skip "impact objects with non-extension keys are rejected" "no shared data"
	skip "their export holds under --strict" "no shared data"
fi
done_testing
