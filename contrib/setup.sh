#!/bin/sh
# setup.sh - the first command of README's Quick start, for a fresh Debian 12
# machine as root: install the Debian packages, build and install normwatch,
# then run the main job on the bundled sample feeds (ingest, then the
# quarterly reports and the STIX export), with no network and the default
# store, and say where the results are.
set -eu
cd "$(dirname "$0")/.."
sh contrib/install-deps.sh build run
log=$(mktemp)
trap 'rm -f "$log"' EXIT
step() {	# step COMMAND...: run quietly, show the output only on failure
	"$@" >"$log" 2>&1 || { cat "$log" >&2; echo "normwatch: failed: $*" >&2; exit 1; }
}
[ -x configure ] || step ./autogen.sh
[ -f Makefile ] || step ./configure
step make -j"$(nproc)"
step make install
prefix=$(sed -n 's/^prefix = //p' Makefile)
samples="$prefix/share/normwatch/samples"
echo "normwatch: ingesting the sample feeds in $samples" >&2
rc=0
normwatch ingest --feeds "$samples" || rc=$?
data="${XDG_DATA_HOME:-$HOME/.local/share}/normwatch"
out="$data/output"
# the outputs of the nightly job, for every quarter the samples cover
if [ $rc -le 1 ]; then
	normwatch report --all -o "$out/report" >/dev/null || rc=$?
	mkdir -p "$out/stix"
	normwatch export -o "$out/stix/all.json" || rc=$?
fi
cat <<MSG

The results are in the store $data/normwatch.db.
The quarterly exposure reports: $out/report/index.html
The store as one STIX 2.1 bundle: $out/stix/all.json
  normwatch status                          what each feed did
  normwatch reports --format jsonl | head   the reports and what was extracted
  normwatch explain 1                       why incident 1 maps where it maps
  man normwatch                             the manual
MSG
exit $rc
