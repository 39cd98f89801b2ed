#!/bin/sh
# The command line: help, version, usage errors and their exit codes.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 16

check "--help exits 0 and lists the commands" \
	sh -c '"$0" --help | grep -q "ingest" && "$0" --help | grep -q "Exit status"' "$NORMWATCH"
check "--version prints the version" \
	sh -c '"$0" --version | grep -Eq "^normwatch [0-9]+\.[0-9]+"' "$NORMWATCH"
check_exit 64 "no command is a usage error" "$NORMWATCH"
check_exit 64 "an unknown command is a usage error" "$NORMWATCH" frobnicate
check_exit 64 "an unknown option is a usage error" "$NORMWATCH" --frob
for verb in ingest reports status; do
	check "$verb --help exits 0 with a usage line" \
		sh -c '"$0" "$1" --help | grep -q "^usage: normwatch"' "$NORMWATCH" "$verb"
done
check "feeds --help exits 0 with a usage line" \
	sh -c '"$0" feeds --help | grep -q "^usage: normwatch feeds"' "$NORMWATCH"
check_exit 64 "feeds without a subcommand" "$NORMWATCH" feeds
check_exit 64 "ingest --kind without --url" "$NORMWATCH" ingest --kind csis
check_exit 64 "ingest --kind with --feeds" "$NORMWATCH" ingest --kind csis --url file:x --feeds .
check_exit 64 "ingest with an unknown kind" "$NORMWATCH" ingest --kind nosuch --url file:x
check_exit 64 "reports with an unknown format" "$NORMWATCH" reports --format xml
check_exit 2 "reports without a store says so" "$NORMWATCH" --db "$T/none.db" reports
check "a missing store is named in the message" \
	sh -c '"$0" --db "$1/none.db" reports 2>&1 | grep -q "no store at $1/none.db"' "$NORMWATCH" "$T"
done_testing
