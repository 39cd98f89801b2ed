#!/bin/sh
# Merging, canonical actors and the attribution summary through the real
# binary: the samples (the list in three formats, the tracker, the blog,
# the agency, the sample actor galaxy) and the merge feeds of
# tests/data/merge (a news wire, a second tracker).  Reports of one
# incident share it; reports of one source never do; `actors` shows the
# table and its conflicts; explain shows why reports are one incident and
# the attribution summary; the export holds under validate --strict;
# `merge` changes nothing; merges.tsv overrides, and a bad one stops the
# run.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 32

JQ=$NW_BUILDDIR/tests/jsonq
NW=$NORMWATCH
R=$NW_SRCDIR/tests/data/map/rules
S=$NW_SRCDIR/feeds/samples
M=$NW_SRCDIR/tests/data/merge
F=$T/feeds
mkdir "$F"
cp -R "$S"/. "$F/"
cp "$M"/*.feed "$M"/*.xml "$M"/*.csv "$F/"
rm -f "$F/README"
BELGIUM=2024-10-ede0de6ae846128c
ITALY=2024-09-d076e9a2a4d2f923
JAN24=2024-01-d3bad8f95006bb7b

# source, native id and incident of every report, one a line
table() {
	"$NW" --db "$1" reports >"$T/t.jsonl" &&
	"$JQ" -g source <"$T/t.jsonl" >"$T/t.src" &&
	"$JQ" -g native_id <"$T/t.jsonl" >"$T/t.nid" &&
	"$JQ" -g incident <"$T/t.jsonl" >"$T/t.inc" &&
	paste -d '|' "$T/t.src" "$T/t.nid" "$T/t.inc"
}
incident_of() { grep -F "$1|$2|" "$3" | cut -d '|' -f 3; }
# the partition: the keys of each incident's reports, incidents sorted
partition() {
	awk -F '|' '{ k[$3] = k[$3] " " $1 "/" $2 } END { for (i in k) print k[i] }' "$1" |
	    while read -r l; do echo "$l" | tr ' ' '\n' | sort | tr '\n' ' '; echo; done | sort
}

NORMWATCH_NOW=2025-01-01T00:00:00Z; export NORMWATCH_NOW
"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$F" >"$T/out" 2>"$T/err"
check "the samples and the merge feeds ingest, quietly" \
	sh -c 'test $? -eq 0 && test ! -s "$0" && test ! -s "$1"' "$T/out" "$T/err"
table "$T/a.db" >"$T/a.tab"
check "every report carries its incident and the attribution summary" \
	"$JQ" -k incident,attribution_summary <"$T/t.jsonl"
n=$(grep -c '^sample-csis-' "$T/a.tab")
grep '^sample-csis-' "$T/a.tab" | cut -d '|' -f 2,3 | sort -u >"$T/csis"
check "the list's three formats are one incident per entry ($n reports, $(wc -l <"$T/csis") incidents)" \
	sh -c 'test "$(wc -l <"$0")" -eq 42 && test "$(cut -d "|" -f 1 "$0" | sort -u | wc -l)" -eq 42 && test "$(cut -d "|" -f 2 "$0" | sort -u | wc -l)" -eq 42' "$T/csis"
inc=$(incident_of sample-csis-text "$BELGIUM" "$T/a.tab")
check "the wire's story of the Belgian DDoS joins the list's incident" \
	test "$(incident_of merge-news-wire wire-001 "$T/a.tab")" = "$inc"
i1=$(incident_of merge-news-wire wire-014 "$T/a.tab")
i2=$(incident_of merge-tracker-b "Ransomware at a hospital group in Lyon" "$T/a.tab")
i3=$(incident_of sample-csis-text "$ITALY" "$T/a.tab")
check "the Lyon hospital is one incident of two sources ($i1 $i2), not the Italian one ($i3)" \
	sh -c 'test -n "$0" && test "$0" = "$1" && test "$0" != "$2"' "$i1" "$i2" "$i3"
cut -d '|' -f 1,3 "$T/a.tab" | sort | uniq -d >"$T/dup"
check "no incident holds two reports of one source" test ! -s "$T/dup"
check "no report is without an incident" sh -c '! cut -d "|" -f 3 "$0" | grep -qv "^[0-9][0-9]*$"' "$T/a.tab"
"$JQ" -g attribution_summary <"$T/t.jsonl" | sed -n 's/.*"category":"\([a-z-]*\)".*/\1/p' | sort -u >"$T/cats"
check "the summaries say consensus, majority, disputed, single-source or unattributed ($(tr '\n' ' ' <"$T/cats"))" \
	sh -c 'grep -qx consensus "$0" && grep -qx majority "$0" && ! grep -qvx "consensus\|majority\|disputed\|single-source\|unattributed" "$0"' "$T/cats"
grep '"native_id":"wire-001"' "$T/t.jsonl" >"$T/w1"
check "the Belgian DDoS: consensus on RU, the list and the wire behind it" \
	sh -c 'grep -q "\"attribution_summary\":{\"category\":\"consensus\",\"claimants\":2,\"states\":\[{\"state\":\"RU\",\"leading\":true,\"support\":2" "$0" && grep -q "\"source\":\"Wire Desk (sample news agency)\"" "$0"' "$T/w1"

# the actor table of the sample galaxy
"$NW" --db "$T/a.db" actors list >"$T/list" 2>"$T/err"
check "actors list: one line per actor of the sample galaxy" \
	sh -c 'test $? -eq 0 && test "$(wc -l <"$0")" -eq 23 && grep -q "^APT28  *RU " "$0"' "$T/list"
"$NW" --db "$T/a.db" actors conflicts >"$T/conf"
check "actors conflicts: the two names of two clusters each" \
	sh -c 'test "$(wc -l <"$0")" -eq 2 && grep -q "^name \"Stardust Chollima\": APT38 (threat-actor .*) and Lazarus Group (threat-actor" "$0" && grep -q "^name \"Mint Sandstorm\": " "$0"' "$T/conf"
"$NW" --db "$T/a.db" actors show "apt-28" >"$T/show"
check "actors show apt-28: APT28, its state, agency and names with origins" \
	sh -c 'head -n 1 "$0" | grep -qx APT28 && grep -q "state: *RU" "$0" && grep -q "agency: *GRU (Military unit 26165)" "$0" && grep -q "Fancy Bear  *threat-actor" "$0"' "$T/show"
check_exit 1 "actors show of a name in conflict exits 1" "$NW" --db "$T/a.db" actors show "stardust chollima"
"$NW" --db "$T/a.db" actors show "stardust chollima" >"$T/show2"
check "... and names the actors that claim it" grep -q "claimed by more than one actor" "$T/show2"
check_exit 1 "actors show of an unknown name exits 1" sh -c '"$0" --db "$1" actors show "Nobody Group" 2>/dev/null' "$NW" "$T/a.db"
check_exit 64 "actors with no subcommand is a usage error" sh -c '"$0" --db "$1" actors 2>/dev/null' "$NW" "$T/a.db"

# explain
inc=$(incident_of sample-csis-text "$BELGIUM" "$T/a.tab")
"$NW" --db "$T/a.db" explain --rules "$R" "$inc" >"$T/x1"
check "explain: why the reports are one incident" \
	sh -c 'grep -q "^Why these reports are one incident:" "$0" && grep -q "^  \[[0-9]\] and \[[0-9]\]: text 1.00" "$0" && grep -q "^  \[[0-9]\] and \[[0-9]\]: text 0\.[0-9]*, actor" "$0"' "$T/x1"
check "explain: the attribution summary with the sources behind each side" \
	sh -c 'grep -q "^Attribution summary: consensus (2 claimants)" "$0" && grep -q "^  RU Russia (leading): 2 claimants" "$0" && grep -q "Wire Desk (sample news agency) (unspecified, suspected), report \[1\], 2024-10-15" "$0" && grep -q "normwatch samples (CSIS-style list) (self, suspected), report \[4\], 2024-10$" "$0"' "$T/x1"
inc=$(incident_of sample-csis-text "$JAN24" "$T/a.tab")
"$NW" --db "$T/a.db" explain --rules "$R" "$inc" >"$T/x2"
check "explain: actors under their canonical names, their state as context" \
	sh -c 'grep -q "actors: Midnight Blizzard (= APT29)" "$0" && grep -q "actor APT29 (linked to RU by the actor table: context, not a claim)" "$0"' "$T/x2"

# the export
"$NW" --db "$T/a.db" export >"$T/e.json" 2>"$T/err"
check "the export holds under validate --strict" \
	sh -c '"$0" validate --strict "$1" >"$2" 2>&1 && test "$(cat "$2")" = "$1: valid (0 warnings)"' "$NW" "$T/e.json" "$T/v"
check "it carries each incident's attribution summary and the reports of incidents of several" \
	sh -c 'test "$(grep -c "\"type\":\"incident\"" "$0")" -eq "$(grep "\"type\":\"incident\"" "$0" | grep -c "\"attribution_summary\":{")" && grep -q "\"category\":\"consensus\",\"claimants\":2" "$0" && grep -q "\"reports\":\[{\"date\"" "$0"' "$T/e.json"
check "its intrusion sets are the canonical actors" \
	sh -c 'grep -q "\"type\":\"intrusion-set\"" "$0" && grep "\"type\":\"intrusion-set\"" "$0" | grep -q "\"name\":\"APT29\"" && ! grep "\"type\":\"intrusion-set\"" "$0" | grep -q "\"name\":\"Midnight Blizzard\""' "$T/e.json"

# merging the whole store again changes nothing
partition "$T/a.tab" >"$T/p1"
NORMWATCH_NOW=2025-02-01T00:00:00Z
"$NW" --db "$T/a.db" merge --rules "$R" --feeds "$F" 2>"$T/err"
check "merge exits 0, quietly" sh -c 'test $? -eq 0 && test ! -s "$0"' "$T/err"
table "$T/a.db" >"$T/b.tab"
partition "$T/b.tab" >"$T/p2"
check "merge gives the incidents ingest made, with the same numbers" \
	sh -c 'cmp -s "$0" "$1" && cmp -s "$2" "$3"' "$T/p1" "$T/p2" "$T/a.tab" "$T/b.tab"
# the feeds in another order, into a new store: the same incidents
for f in merge-tracker-b sample-rss-vendor sample-csis-pdf merge-news-wire \
    sample-cyber-operations sample-atom-agency sample-actors \
    sample-csis-text sample-misp sample-csis-html; do
	"$NW" --db "$T/c.db" ingest --rules "$R" --feeds "$F" --feed "$f" 2>/dev/null
done
table "$T/c.db" >"$T/c.tab"
partition "$T/c.tab" | sed 's/sample-csis-[a-z]*\//L\//g' | sort >"$T/p3"
sed 's/sample-csis-[a-z]*\//L\//g' "$T/p1" | sort >"$T/p1n"
check "the feeds in another order give the same incidents" cmp -s "$T/p1n" "$T/p3"

# merges.tsv overrides
printf '# test decisions\ndifferent\tmerge-news-wire/wire-001\tsample-csis-text/%s\nsame\tmerge-news-wire/wire-014\tsample-csis-text/%s\tthe same hospital, curated\n' \
    "$BELGIUM" "$ITALY" >"$F/merges.tsv"
NORMWATCH_NOW=2025-03-01T00:00:00Z
"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$F" 2>"$T/err"
check "a changed merges.tsv lands at the next ingest, quietly" sh -c 'test $? -eq 0 && test ! -s "$0"' "$T/err"
table "$T/a.db" >"$T/d.tab"
check "different: the wire's Belgian story leaves the list's incident" \
	test "$(incident_of merge-news-wire wire-001 "$T/d.tab")" != "$(incident_of sample-csis-text "$BELGIUM" "$T/d.tab")"
i1=$(incident_of merge-news-wire wire-014 "$T/d.tab")
i2=$(incident_of merge-tracker-b "Ransomware at a hospital group in Lyon" "$T/d.tab")
i3=$(incident_of sample-csis-text "$ITALY" "$T/d.tab")
check "same: the Lyon story joins the Italian incident, with its tracker row" \
	sh -c 'test -n "$0" && test "$0" = "$2" && test "$1" = "$2"' "$i1" "$i2" "$i3"
inc=$(incident_of sample-csis-text "$ITALY" "$T/d.tab")
check "explain names the curated decision" \
	sh -c '"$0" --db "$1" explain --rules "$2" "$3" | grep -q "curated: same (line 3)"' "$NW" "$T/a.db" "$R" "$inc"
# the real threat-actor galaxy, when ../shared has it
G=$NW_SHARED/data/misp-galaxy/clusters_threat-actor.json
if [ -r "$G" ]; then
	mkdir "$T/galaxy"
	printf 'name = misp-threat-actors\nkind = actors\nurl = file://%s\npublisher = MISP Project\nmax-size = 16M\n' "$G" >"$T/galaxy/g.feed"
	"$NW" --db "$T/g.db" ingest --rules "$R" --feeds "$T/galaxy" 2>"$T/err"
	"$NW" --db "$T/g.db" actors conflicts >"$T/gconf"
	check "the MISP galaxy's conflicts are listed ($(wc -l <"$T/gconf"))" \
	    sh -c 'test "$(wc -l <"$0")" -ge 25 && grep -q "^name \"Stardust Chollima\": " "$0" && grep -q "^name \"PLA Navy\": " "$0"' "$T/gconf"
	check "and APT 28, apt-28 and Fancy Bear are one actor of it" \
	    sh -c 'for n in "APT 28" apt-28 "Fancy Bear"; do "$0" --db "$1" actors show "$n" | head -n 1; done | sort -u | grep -qx APT28' "$NW" "$T/g.db"
else
	skip "the MISP galaxy's conflicts are listed" "no $G"
	skip "and APT 28, apt-28 and Fancy Bear are one actor of it" "no $G"
fi
printf 'maybe\tmerge-news-wire/wire-001\tsample-csis-text/x\n' >"$F/merges.tsv"
"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$F" >/dev/null 2>"$T/err"; rc=$?
check "a bad merges.tsv stops the run with 78 and its file:line:col" \
	sh -c 'test "$0" -eq 78 && grep -q "merges.tsv:1:1: the decision must be same or different, not \"maybe\"" "$1"' "$rc" "$T/err"
done_testing
