#!/bin/sh
# The report's pages in headless Chromium: axe-core (WCAG 2.1 A and AA)
# finds no serious or critical violation at 1280 and 390 px, nothing is
# wider than a phone, the Content-Security-Policy refuses scripts, and
# the hostile feed's markup does not run.  Needs Debian's chromium, node,
# and the npm packages axe-core and playwright-core (tests/run.sh installs
# them under $NW_NODE_MODULES, by default ~/.cache/normwatch-npm); skipped
# when any is missing.  NW_REPORT_SHOTS=DIR keeps screenshots there.
. "${NW_SRCDIR:-.}/tests/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
MODS=${NW_NODE_MODULES:-${HOME:-/root}/.cache/normwatch-npm/node_modules}
[ -n "$CHROMIUM" ] || skip_all "chromium is not installed"
command -v node >/dev/null 2>&1 || skip_all "node is not installed"
[ -f "$MODS/axe-core/axe.min.js" ] && [ -d "$MODS/playwright-core" ] ||
	skip_all "axe-core and playwright-core are not in $MODS"

export NORMWATCH_NOW=2026-01-01T00:00:00Z
"$NORMWATCH" --db "$T/s.db" ingest --feeds "$NW_SRCDIR/feeds/samples" >/dev/null 2>&1 &&
"$NORMWATCH" --db "$T/s.db" report --all -o "$T/r" --no-stix 2>"$T/err" &&
"$NORMWATCH" --db "$T/h.db" ingest --feeds "$NW_SRCDIR/tests/data/report/hostile" >/dev/null 2>&1 &&
"$NORMWATCH" --db "$T/h.db" report --quarter 2024Q2 -o "$T/h" --no-stix 2>>"$T/err" || {
	echo "Bail out! the reports could not be made: $(head -c 300 "$T/err")"; exit 1; }
cp "$T/h/2024Q2.html" "$T/hostile-2024Q2.html"
# Chromium wants a writable home for its profile
HOME=$T exec node "$NW_SRCDIR/tests/integration/report-axe.js" "$MODS" "$CHROMIUM" \
	"${NW_REPORT_SHOTS:-}" "$T/r/2024Q2.html" "$T/r/index.html" "$T/r/2019Q1.html" "$T/r/2011Q1.html" \
	"$T/hostile-2024Q2.html"
