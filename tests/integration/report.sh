#!/bin/sh
# normwatch report on the sample store: golden files for 2024Q2 (paths
# and the store hash, which names them, normalised; the generation time
# fixed with --date), the page, the CSV and the JSON give the same
# numbers, --all, determinism, usage errors, an unwritable directory, and
# a hostile feed whose markup must come out as text.
# NW_UPDATE_GOLDEN=1 writes the golden files instead of comparing.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 36

G=$NW_SRCDIR/tests/data/report/golden
DB=$T/samples.db
export NORMWATCH_NOW=2026-01-01T00:00:00Z
when=2026-01-02T03:04:05Z

"$NORMWATCH" --db "$DB" ingest --feeds "$NW_SRCDIR/feeds/samples" >"$T/ing" 2>&1
check "the sample store is made" test $? -eq 0

"$NORMWATCH" --db "$DB" report --quarter 2024Q2 -o "$T/r" --date "$when" 2>"$T/err"
check "report --quarter 2024Q2 exits 0 and says nothing" test $? -eq 0 -a ! -s "$T/err"
Q=$T/r/2024Q2
check "the page and its companions are written" \
	test -s "$T/r/2024Q2.html" -a -s "$Q/incidents.csv" -a -s "$Q/report.json" -a -s "$Q/bundle.stix.json"

# --- golden files ----------------------------------------------------------
hash=$(sed -n 's/.*"store_sha256":"\([0-9a-f]*\)".*/\1/p' "$Q/report.json")
# the source directory as given and as resolved (make distcheck gives
# .../_build/sub/../.., and the feeds' file: URLs are resolved)
srcreal=$(cd "$NW_SRCDIR" && pwd -P)
norm() {	# norm FILE: paths and the store hash made neutral
	sed -e "s|$srcreal|@SRCDIR@|g" -e "s|$NW_SRCDIR|@SRCDIR@|g" \
	    -e "s|$hash|@STOREHASH@|g" "$1"
}
for f in 2024Q2.html 2024Q2/incidents.csv 2024Q2/report.json; do
	g=$G/$(echo "$f" | tr / -)
	if [ -n "${NW_UPDATE_GOLDEN:-}" ]; then
		mkdir -p "$G"; norm "$T/r/$f" >"$g"
	fi
	norm "$T/r/$f" >"$T/n"
	if cmp -s "$T/n" "$g"; then ok "$f is the golden file"
	else diff "$g" "$T/n" | head -20 | sed 's/^/# /' | cut -c1-200; not_ok "$f is the golden file"; fi
done

# --- the page, the CSV and the JSON agree ------------------------------------
H=$T/r/2024Q2.html
J=$Q/report.json
C=$Q/incidents.csv
if command -v jq >/dev/null 2>&1; then
	n_json=$(jq '.incidents.count' "$J")
	n_csv=$(($(wc -l <"$C") - 1))
	n_html=$(sed -n 's/.*<span id="n-incidents">\([0-9]*\)<.*/\1/p' "$H")
	check "incidents: JSON $n_json, CSV $n_csv, page $n_html agree" \
		test "$n_json" -gt 0 -a "$n_json" = "$n_csv" -a "$n_json" = "$n_html"
	bad=0
	jq -r '.principles[] | "\(.framework) \(.principle) \(.incidents) \(.previous_quarter)"' "$J" >"$T/pr"
	while read -r fw p n prev; do
		c=$(grep -cE "(^|[\";])$fw:$p([;\"]|\$)" "$C")
		[ "$c" -eq "$n" ] || { diag "$fw $p: JSON $n, CSV $c"; bad=1; }
		[ "$n" -eq 0 ] && [ "$prev" -eq 0 ] && continue
		row=$(grep -o "<tr><th scope=\"row\">$fw $p: [^<]*</th><td>[0-9]*</td><td>[0-9]*</td></tr>" "$H" | head -n 1 |
		    sed 's/.*<td>\([0-9]*\)<\/td><td>\([0-9]*\)<\/td><\/tr>/\1 \2/')
		[ "$row" = "$n $prev" ] || { diag "$fw $p: JSON $n $prev, page '$row'"; bad=1; }
	done <"$T/pr"
	check "incidents per principle agree in JSON, CSV and the page's table" test $bad -eq 0 -a -s "$T/pr"
	bad=0
	jq -r '.sectors[] | "\(.sector) \(.incidents)"' "$J" >"$T/sec"
	while read -r s n; do
		c=$(grep -cE "(^|[\";])$s([;\"])" "$C")
		[ "$c" -eq "$n" ] || { diag "sector $s: JSON $n, CSV $c"; bad=1; }
		grep -q "<tr><th scope=\"row\">$s</th><td>$n</td></tr>" "$H" || { diag "sector $s: not $n on the page"; bad=1; }
	done <"$T/sec"
	check "incidents per sector agree" test $bad -eq 0 -a -s "$T/sec"
	bad=0
	jq -r '.states_named[] | "\(.state) \(.incidents)"' "$J" >"$T/st"
	while read -r s n; do
		c=$(grep -cE "(single-source|consensus|majority|disputed),\"(([^\"]|\"\")*;)?$s[(:]" "$C")
		[ "$c" -eq "$n" ] || { diag "state $s: JSON $n, CSV $c"; bad=1; }
	done <"$T/st"
	check "incidents per state named agree in JSON and CSV" test $bad -eq 0 -a -s "$T/st"
	m=$(jq '[.monthly[].incidents] | add' "$J")
	mp=$(jq '[.monthly[-3:][].incidents] | add' "$J")
	check "the last three months of the monthly chart add up to the quarter ($mp)" test "$mp" = "$n_json" -a "$m" -ge "$mp"
	check "the JSON names the store hash shown on the page" grep -q "<code id=\"store-hash\">$hash</code>" "$H"
else
	for i in 1 2 3 4 5 6; do skip "numbers agree" "jq is not installed"; done
fi

# --- the page itself --------------------------------------------------------
check "the page has a Content-Security-Policy that forbids scripts" \
	grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;none&#39;" "$H"
check "no script element and no event handler" sh -c '! grep -qiE "<script|<[^>]*[[:space:]]on[a-z]+=" "$0"' "$H"
check "every link is within the page, a companion, or http(s)" \
	sh -c '! grep -o "href=\"[^\"]*\"" "$0" | grep -vE "^href=\"(#[a-z-]+|https?://[^\"]+|2024Q2/(incidents.csv|report.json|bundle.stix.json))\"$"' "$H"
check "every chart has a title, an accessible name and a table" \
	sh -c 'test "$(grep -o "<svg [^>]*role=\"img\" aria-labelledby=\"c-[a-z]*-title c-[a-z]*-desc\"" "$0" | wc -l)" -eq 4 &&
	    test "$(grep -o "<caption id=\"c-[a-z]*-table\">" "$0" | wc -l)" -eq 4' "$H"
check "a print stylesheet" grep -q "@media print" "$H"
check "suspected claims are marked" grep -q '<span class="susp">suspected</span>)' "$H"
"$NORMWATCH" validate --strict "$Q/bundle.stix.json" >"$T/v" 2>&1
check "the quarter's STIX bundle holds under validate --strict" test $? -eq 0

# --- determinism and --date ---------------------------------------------------
"$NORMWATCH" --db "$DB" report --quarter 2024Q2 -o "$T/r2" --date "$when" 2>/dev/null
check "the same store gives byte-identical files" diff -r "$T/r" "$T/r2"
"$NORMWATCH" --db "$DB" report --quarter 2024Q2 -o "$T/r3" 2>/dev/null
sed "s/$when/TIME/g" "$H" >"$T/a"
sed 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g' "$T/r3/2024Q2.html" >"$T/b"
sed 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g' "$H" >"$T/c"
check "without --date only the generation time differs" cmp -s "$T/c" "$T/b"
check "the generation time is shown" grep -q "$when" "$H"

# --- --all ----------------------------------------------------------------------
"$NORMWATCH" --db "$DB" report --all -o "$T/all" --date "$when" 2>"$T/err"
check "report --all exits 0" test $? -eq 0 -a ! -s "$T/err"
pages=$(ls "$T/all" | grep -c '^[0-9]\{4\}Q[1-4]\.html$')
links=$(grep -o 'href="[0-9]\{4\}Q[1-4]\.html"' "$T/all/index.html" | wc -l)
check "index.html links every quarter page ($pages)" test "$pages" -gt 4 -a "$pages" -eq "$links"
check "--all gives the same 2024Q2 page but for its link to the index" \
	sh -c 'sed "s|<li><a href=\"index.html\">All quarters</a></li>||" "$0" | cmp -s - "$1"' "$T/all/2024Q2.html" "$H"
"$NORMWATCH" --db "$DB" report --quarter 2024Q1 -o "$T/ns" --date "$when" --no-stix 2>/dev/null
check "--no-stix leaves out the bundle and its link" \
	sh -c 'test ! -e "$0/2024Q1/bundle.stix.json" -a -s "$0/2024Q1/report.json" && ! grep -q bundle.stix.json "$0/2024Q1.html"' "$T/ns"
check "every quarter of --all has its companions" \
	sh -c 'for p in "$0"/*Q?.html; do q=${p%.html}; test -s "$q/incidents.csv" -a -s "$q/report.json" -a -s "$q/bundle.stix.json" || exit 1; done' "$T/all"

# --- usage and errors --------------------------------------------------------------
check_exit 64 "no -o is a usage error" "$NORMWATCH" --db "$DB" report --quarter 2024Q2 2>/dev/null
check_exit 64 "--quarter and --all together are a usage error" "$NORMWATCH" --db "$DB" report --quarter 2024Q2 --all -o "$T/x" 2>/dev/null
"$NORMWATCH" --db "$DB" report --quarter 2024Q5 -o "$T/x" 2>"$T/err"; rc=$?
check "a bad quarter is a usage error naming it" test $rc -eq 64 -a "$(grep -c 2024Q5 "$T/err")" -eq 1
check_exit 64 "a bad --date is a usage error" "$NORMWATCH" --db "$DB" report --quarter 2024Q2 -o "$T/x" --date 2024-13-01 2>/dev/null
: >"$T/afile"
"$NORMWATCH" --db "$DB" report --quarter 2024Q2 -o "$T/afile/sub" 2>"$T/err"; rc=$?
check "an output directory that cannot be made exits 74 naming it" test $rc -eq 74 -a "$(grep -c "$T/afile" "$T/err")" -ge 1

# --- a hostile feed ----------------------------------------------------------------
HDB=$T/hostile.db
"$NORMWATCH" --db "$HDB" ingest --feeds "$NW_SRCDIR/tests/data/report/hostile" >/dev/null 2>&1
"$NORMWATCH" --db "$HDB" report --quarter 2024Q2 -o "$T/h" --date "$when" 2>/dev/null
HP=$T/h/2024Q2.html
check "the hostile feed's report is written" test -s "$HP"
check "its markup is text: no script, img, svg onload or iframe element" \
	sh -c '! grep -qiE "<script|<img|<iframe|<svg onload|<b>Bold|<[^>]*[[:space:]]on[a-z]+=" "$0"' "$HP"
check "its <script> and quotes appear escaped" \
	sh -c 'grep -q "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" "$0" && grep -q "Evil &quot;Vendor&quot; &lt;b&gt;Bold&lt;/b&gt; &amp; Co" "$0"' "$HP"
check "a URL with quotes and angle brackets is shown as text, not linked" \
	sh -c '! grep -q "href=\"https://hostile" "$0" && grep -q "(https://hostile.example/post?a=1&amp;b=&quot;2&quot;&amp;c=&lt;x&gt;)" "$0"' "$HP"
done_testing
