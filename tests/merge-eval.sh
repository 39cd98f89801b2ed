#!/bin/sh
# The accuracy of merging on the labelled set of tests/data/merge/README:
# pairwise precision and recall of the incidents ingest makes, against
# tests/data/merge/gold.tsv (the samples and the merge feeds) and against
# EuRepoC's incident ids ($NW_SHARED/data/eurepoc, skipped when absent).
# Targets: precision >= 0.95, recall >= 0.90.  The numbers are printed as
# TAP comments.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 4

EVAL=$NW_BUILDDIR/tests/mergeeval
NW=$NORMWATCH
R=$NW_SRCDIR/tests/data/map/rules
S=$NW_SRCDIR/feeds/samples
M=$NW_SRCDIR/tests/data/merge
E=$NW_SHARED/data/eurepoc/EuRepoC_Attribution_dataset_1.1.csv
F=$T/feeds
mkdir "$F"
cp -R "$S"/. "$F/"
cp "$M"/*.feed "$M"/*.xml "$M"/*.csv "$F/"
rm -f "$F/README"

NORMWATCH_NOW=2025-01-01T00:00:00Z; export NORMWATCH_NOW
"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$F" 2>"$T/err"
check "the labelled feeds ingest" sh -c 'test $? -eq 0 && test ! -s "$0"' "$T/err"
"$EVAL" --db "$T/a.db" --gold "$M/gold.tsv" --name "samples and merge feeds" \
    --min-precision 0.95 --min-recall 0.90 >"$T/out"; rc=$?
diag "$(cat "$T/out")"
check "samples and merge feeds: precision >= 0.95, recall >= 0.90" test "$rc" -eq 0

if [ -r "$E" ]; then
	sed -e "s|^url .*|url = file://$E|" -e 's/^enabled .*/enabled = yes/' \
	    "$NW_SRCDIR/feeds/eurepoc-attribution.feed" >"$F/eurepoc.feed"
	"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$F" \
	    --feed eurepoc-attribution 2>"$T/err"
	"$EVAL" --db "$T/a.db" --group eurepoc-attribution \
	    --only eurepoc-attribution --name "EuRepoC (incident_ID)" \
	    --min-precision 0.95 --min-recall 0.90 >"$T/out"; rc=$?
	diag "$(cat "$T/out")"
	check "EuRepoC: precision >= 0.95, recall >= 0.90" test "$rc" -eq 0
	"$EVAL" --db "$T/a.db" --gold "$M/gold.tsv" --group eurepoc-attribution \
	    --name "all together" --min-precision 0.95 --min-recall 0.90 \
	    >"$T/out"; rc=$?
	diag "$(cat "$T/out")"
	check "all together: precision >= 0.95, recall >= 0.90" test "$rc" -eq 0
else
	skip "EuRepoC: precision >= 0.95, recall >= 0.90" "no $E"
	skip "all together: precision >= 0.95, recall >= 0.90" "no $E"
fi
done_testing
