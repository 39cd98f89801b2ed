#!/bin/sh
# The report's pages are valid HTML5 by the Nu Html Checker (vnu.jar, from
# the npm package vnu-jar that tests/run.sh installs under
# $NW_NODE_MODULES): no error and no warning, for a quarter of the
# samples, an empty quarter, the index and the hostile feed's page.
# Skipped without java or vnu.jar.
. "${NW_SRCDIR:-.}/tests/lib.sh"

MODS=${NW_NODE_MODULES:-${HOME:-/root}/.cache/normwatch-npm/node_modules}
VNU=$MODS/vnu-jar/build/dist/vnu.jar
command -v java >/dev/null 2>&1 || skip_all "java is not installed"
[ -f "$VNU" ] || skip_all "vnu.jar (npm vnu-jar) is not in $MODS"
plan 5

export NORMWATCH_NOW=2026-01-01T00:00:00Z
"$NORMWATCH" --db "$T/s.db" ingest --feeds "$NW_SRCDIR/feeds/samples" >/dev/null 2>&1
"$NORMWATCH" --db "$T/s.db" report --all -o "$T/r" --no-stix 2>/dev/null
"$NORMWATCH" --db "$T/h.db" ingest --feeds "$NW_SRCDIR/tests/data/report/hostile" >/dev/null 2>&1
"$NORMWATCH" --db "$T/h.db" report --quarter 2024Q2 -o "$T/h" --no-stix 2>/dev/null
for p in "$T/r/2024Q2.html" "$T/r/2011Q1.html" "$T/r/index.html" "$T/h/2024Q2.html"; do
	java -jar "$VNU" "$p" >"$T/v" 2>&1; rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$T/v" ]; then ok "$(basename "$(dirname "$p")")/$(basename "$p") is valid HTML5"
	else sed 's/^/# /' "$T/v" | head -10; not_ok "$(basename "$(dirname "$p")")/$(basename "$p") is valid HTML5"; fi
done
sed 's|</main>||' "$T/r/2024Q2.html" >"$T/broken.html"
java -jar "$VNU" --errors-only "$T/broken.html" >/dev/null 2>&1
check "the checker finds an unclosed element (the check can fail)" test $? -ne 0
done_testing
