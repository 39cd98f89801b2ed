#!/bin/sh
# make install into a staging directory (DESTDIR): the binary, the man
# pages, the feeds, rules, reference data and samples, the bash completion,
# the systemd units and the examples land in their FHS places; the
# installed program looks for its data exactly where it was installed,
# and runs from there; no library or header is installed (the library is
# internal); make uninstall removes every file again.
. "${NW_SRCDIR:-.}/tests/lib.sh"
command -v make >/dev/null || skip_all "make is not installed"
[ -f "$NW_BUILDDIR/Makefile" ] || skip_all "not in a configured build tree"
plan 17

S=$T/stage
# a make of its own, not the jobserver of the make check around us
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$NW_BUILDDIR" install DESTDIR="$S" >"$T/install.log" 2>&1; rc=$?
check "make install DESTDIR=... succeeds" test "$rc" -eq 0
[ "$rc" -eq 0 ] || diag "$(tail -20 "$T/install.log")"
prefix=$(sed -n 's/^prefix = //p' "$NW_BUILDDIR/Makefile")
P=$S$prefix

check "the binary in bin/" test -x "$P/bin/normwatch"
missing=""
for m in man1/normwatch.1 man5/normwatch.feed.5 man5/normwatch.rules.5 man5/normwatch.conf.5; do
	[ -f "$P/share/man/$m" ] || missing="$missing $m"
done
check "the man pages in share/man${missing:+ (missing:$missing)}" test -z "$missing"
missing=""
for f in csis.feed merges.tsv norms/paris-call.rules norms/un-gge-2015.rules reference/states.tsv \
    reference/actors.tsv reference/paris-call-supporters.tsv samples/csis-text.feed samples/csis-list.txt; do
	[ -f "$P/share/normwatch/$f" ] || missing="$missing $f"
done
check "feeds, rules, reference data, samples in share/normwatch${missing:+ (missing:$missing)}" test -z "$missing"
check "the bash completion" test -f "$P/share/bash-completion/completions/normwatch"
check "the systemd units, running the installed binary" grep -qx "ExecStart=$prefix/bin/normwatch run" "$P/lib/systemd/system/normwatch.service"
check "the timer and the serve unit" test -f "$P/lib/systemd/system/normwatch.timer" -a -f "$P/lib/systemd/system/normwatch-serve.service"
check "the examples in share/doc" test -f "$P/share/doc/normwatch/examples/normwatch.conf" -a -f "$P/share/doc/normwatch/examples/normwatch"
check "no library, header or pkg-config file (the library is internal)" \
	test -z "$(find "$S" -name '*.a' -o -name '*.so*' -o -name '*.h' -o -name '*.pc')"
check "nothing outside the prefix" test -z "$(find "$S" -type f | grep -v "^$P/")"

# where the installed program looks: its compiled-in data directory
(
	unset NORMWATCH_DATADIR
	"$P/bin/normwatch" config show
) >"$T/show"
rules=$(sed -n 's/^rules *= \(.*\)	# default$/\1/p' "$T/show")
feeds=$(sed -n 's/^feeds *= \(.*\)	# default$/\1/p' "$T/show")
check "the program looks for rules where they were installed ($rules)" test -f "$S$rules/paris-call.rules"
check "and for feeds ($feeds)" test -f "$S$feeds/csis.feed"

# run from the staging tree, pointed at its data
D=$P/share/normwatch
check "the installed feed definitions are valid" sh -c 'NORMWATCH_DATADIR="$1" "$0" feeds check --feeds "$1" >/dev/null' "$P/bin/normwatch" "$D"
check_exit 0 "the installed samples ingest with the installed data" \
	env NORMWATCH_DATADIR="$D" "$P/bin/normwatch" --db "$T/inst.db" ingest --feeds "$D/samples" --feed sample-csis-text
check "and give reports" test "$(NORMWATCH_DATADIR="$D" "$P/bin/normwatch" --db "$T/inst.db" reports | wc -l)" -gt 10
check "its man page renders" sh -c 'command -v mandoc >/dev/null || exit 0; mandoc -Tascii "$0" | grep -q "normwatch run"' "$P/share/man/man1/normwatch.1"

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$NW_BUILDDIR" uninstall DESTDIR="$S" >"$T/uninstall.log" 2>&1
check "make uninstall leaves no file" test -z "$(find "$S" -type f)"
done_testing
