#!/bin/sh
# --offline replays the last fetched body from the cache; --force re-parses
# an unchanged body; one-off feeds with --kind and --url.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 9

JQ=$NW_BUILDDIR/tests/jsonq
start_server "$NW_SRCDIR/tests/data/ingest"
DB=$T/off.db
mkdir -p "$T/feeds"
cat >"$T/feeds/good.feed" <<FEED
name = good
kind = csis
url = $NWTESTD_URL/good.txt
publisher = Tests
FEED
check_exit 0 "online first" "$NORMWATCH" --db "$DB" ingest --feeds "$T/feeds"
kill "$NWTESTD_PID"; wait "$NWTESTD_PID" 2>/dev/null; NWTESTD_PID=
check_exit 0 "--offline with the server gone" "$NORMWATCH" --db "$DB" ingest --feeds "$T/feeds" --offline
check "--offline: the body was unchanged, nothing parsed" \
	sh -c '"$0" --db "$1" status --format jsonl | grep -q "\"outcome\":\"unchanged\""' "$NORMWATCH" "$DB"
check_exit 0 "--offline --force re-parses the cached body" "$NORMWATCH" --db "$DB" ingest --feeds "$T/feeds" --offline --force
check "--offline --force: status offline" \
	sh -c '"$0" --db "$1" status --format jsonl | grep -q "\"outcome\":\"offline\""' "$NORMWATCH" "$DB"
check_exit 2 "online with the server gone fails" "$NORMWATCH" --db "$DB" ingest --feeds "$T/feeds"
check_exit 2 "--offline with a new store has nothing to replay" "$NORMWATCH" --db "$T/new.db" ingest --feeds "$T/feeds" --offline

cp "$NW_SRCDIR/tests/data/ingest/good.txt" "$T/list.txt"
(cd "$T" && "$NORMWATCH" --db "$T/one.db" ingest --kind csis --url file:list.txt --name mylist)
check "a one-off feed with a relative file: URL" \
	sh -c '"$0" --db "$1" reports | "$2" -g source | sort -u | grep -qx mylist' "$NORMWATCH" "$T/one.db" "$JQ"
check "a one-off feed without --name is named from its URL" \
	sh -c '"$0" --db "$1" ingest --kind csis --url "file://$2/list.txt" && "$0" --db "$1" status | grep -q "^list.txt\|list.txt "' "$NORMWATCH" "$T/one2.db" "$T"
done_testing
