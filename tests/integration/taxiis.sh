#!/bin/sh
# normwatch serve and normwatch passwd through the binary, on 127.0.0.1,
# with curl: every endpoint of TAXII 2.1 and every error it answers
# (401 with WWW-Authenticate, 403, 404, 405, 406, 413, 415, 400 for bad
# filters), pagination with next across a restart, added_after and the
# match[] filters, the X-TAXII-Date-Added headers, ETag and 304, POST
# with a status resource, versions, DELETE, anonymous read, hostile
# requests (path traversal, invalid UTF-8, a huge limit, slowloris, an
# oversized body, oversized headers), out of memory in one request, TLS,
# a snapshot while ingest runs, nothing written outside the server's
# tables, and the taxii feed kind ingesting from this server.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 134

command -v curl >/dev/null 2>&1 || skip_all "curl(1) is not installed"
command -v jq >/dev/null 2>&1 || skip_all "jq(1) is not installed"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3(1) is not installed"

NW=$NORMWATCH
R=$NW_SRCDIR/tests/data/map/rules
S=$NW_SRCDIR/feeds/samples
MT='application/taxii+json;version=2.1'
A="Accept: $MT"
U="$T/users"
INC_ID=533fff2a-70e7-4ec2-aa72-a1202ce8bd77

# --- passwd ------------------------------------------------------------------------

printf 'alice pass\n' | "$NW" passwd --users "$U" alice 2>"$T/err"
check "passwd creates the users file" test $? -eq 0 -a -f "$U"
check "with mode 0600" test "$(stat -c %a "$U")" = 600
check "a yescrypt hash, never the password" \
    sh -c 'grep -q "^alice:\$y\$[^:]*:\*=r$" "$0" && ! grep -q "alice pass" "$0"' "$U"
printf 'bob-pass\n' | "$NW" passwd --users "$U" bob 2>"$T/err"
check "a second user is added" test "$(grep -c . "$U")" -eq 2
h1=$(grep '^alice:' "$U")
printf 'alice pass\n' | "$NW" passwd --users "$U" alice 2>"$T/err"
h2=$(grep '^alice:' "$U")
check "a password set again gets a fresh salt, one line" \
    test "$h1" != "$h2" -a "$(grep -c '^alice:' "$U")" -eq 1
check_exit 65 "passwd without a password on stdin" \
    "$NW" passwd --users "$U" carol </dev/null 2>"$T/err"
check_exit 64 "passwd refuses the anonymous user" \
    sh -c 'echo x | "$0" passwd --users "$1" anonymous 2>/dev/null' "$NW" "$U"
check_exit 64 "passwd refuses a bad user name" \
    sh -c 'echo x | "$0" passwd --users "$1" "a:b" 2>/dev/null' "$NW" "$U"
# permissions: alice reads everything and writes inbox, bob reads
# incidents and inbox, anonymous reads incidents
sed -i -e 's/^\(alice:[^:]*\):.*/\1:*=r,inbox=rw/' \
    -e 's/^\(bob:[^:]*\):.*/\1:incidents=r,inbox=r/' "$U"
printf '# anonymous read of one collection\nanonymous:*:incidents=r\n' >>"$U"
printf 'alice pass\n' | "$NW" passwd --users "$U" alice 2>"$T/err"
check "passwd keeps the permissions and the other lines" \
    sh -c 'grep -q "^alice:\$y\$[^:]*:\*=r,inbox=rw$" "$0" && grep -q "^# anonymous" "$0"' "$U"

# --- a store to serve ----------------------------------------------------------------

"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$S" 2>"$T/err"
check "the samples ingest" test $? -eq 0
sqlite3 "$T/a.db" "SELECT name FROM sqlite_master WHERE type = 'table' \
    AND name NOT LIKE 'taxii%' ORDER BY name" >"$T/tables"
outside() {	# a digest of everything outside the server's own tables
	while read -r _t; do
		sqlite3 "$T/a.db" "SELECT * FROM \"$_t\" ORDER BY 1" 2>/dev/null
	done <"$T/tables" | sha256sum
}

# --- the server ----------------------------------------------------------------------

SPID=
start_serve() {	# [options]: SPID, PORT, B (base URL)
	rm -f "$T/port"
	"$NW" --db "$T/a.db" serve --users "$U" --listen "127.0.0.1:${PORT:-0}" \
	    --port-file "$T/port" --timeout 2 --publish-every 0 "$@" \
	    2>>"$T/serve.log" &
	SPID=$!
	_i=0
	while [ ! -s "$T/port" ] && [ $_i -lt 200 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	[ -s "$T/port" ] || { cat "$T/serve.log"; echo "Bail out! serve did not start"; exit 99; }
	PORT=$(cat "$T/port")
	B="http://127.0.0.1:$PORT"
}
stop_serve() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	SPID=
}
trap 'stop_serve; [ -n "${SPID2:-}" ] && kill "$SPID2" 2>/dev/null; _cleanup' EXIT

# get NAME URL [curl options]: body $T/NAME.b, headers $T/NAME.h, $code
get() {
	_n=$1; _u=$2; shift 2
	code=$(curl -s -o "$T/$_n.b" -D "$T/$_n.h" -w '%{http_code}' "$@" "$_u")
}
hdr() {	# NAME HEADER: the header's value
	sed -n "s/^$2: *//Ip" "$T/$1.h" | tr -d '\r' | head -n 1
}
isjson() {	# NAME FILTER: jq -e on the body
	jq -e "$2" "$T/$1.b" >/dev/null 2>&1
}
error_body() {	# NAME CODE: an error message resource (3.6.1)
	isjson "$1" "(.title | type == \"string\") and .http_status == \"$2\"
	    and (.description | type == \"string\")" &&
	    [ "$(hdr "$1" content-type)" = "$MT" ]
}

before=$(outside)
start_serve
AL="alice:alice pass"

# --- discovery, API root, collections (4.1, 4.2, 5.1, 5.2) -----------------------------

get disc "$B/taxii2/" -u "$AL" -H "$A"
check "discovery: 200" test "$code" = 200
check "discovery: the TAXII media type" test "$(hdr disc content-type)" = "$MT"
check "discovery: title, default and api_roots" \
    isjson disc '.title and .default == "/normwatch/" and (.api_roots | index("/normwatch/"))'
get root "$B/normwatch/" -u "$AL" -H "$A"
check "API root: versions and max_content_length" \
    isjson root '(.versions == ["application/taxii+json;version=2.1"]) and .max_content_length == 10485760'
get colls "$B/normwatch/collections/" -u "$AL" -H "$A"
check "collections: alice sees three" \
    isjson colls '[.collections[].alias] == ["incidents","indicators","inbox"]'
check "collections: can_write only for inbox" \
    isjson colls '[.collections[] | select(.can_write) | .alias] == ["inbox"]'
check "collections: STIX 2.1 media types" \
    isjson colls 'all(.collections[]; .media_types == ["application/stix+json;version=2.1"])'
get colls2 "$B/normwatch/collections/" -u "bob:bob-pass" -H "$A"
check "collections: bob sees his two" \
    isjson colls2 '[.collections[].alias] == ["incidents","inbox"]'
get c1 "$B/normwatch/collections/incidents/" -u "$AL" -H "$A"
get c2 "$B/normwatch/collections/$INC_ID/" -u "$AL" -H "$A"
check "a collection by alias and by id" \
    sh -c 'cmp -s "$0" "$1" && jq -e ".id == \"'$INC_ID'\" and .can_read" "$0" >/dev/null' "$T/c1.b" "$T/c2.b"
get c3 "$B/normwatch/collections/nope/" -u "$AL" -H "$A"
check "an unknown collection: 404 with an error resource" \
    sh -c '[ "$0" = 404 ]' "$code"
check "the 404 body" error_body c3 404
get c4 "$B/normwatch/collections/indicators/" -u "bob:bob-pass" -H "$A"
check "a collection the user has no right to: 404" test "$code" = 404

# --- authentication -------------------------------------------------------------------

get a1 "$B/normwatch/collections/inbox/objects/" -H "$A"
check "anonymous on inbox: 401" test "$code" = 401
check "401 says WWW-Authenticate: Basic" \
    sh -c 'grep -qi "^WWW-Authenticate: Basic realm=" "$0"' "$T/a1.h"
check "401 is an error resource, never a redirect" \
    sh -c 'error_body() { :; }; ! grep -qi "^Location:" "$0"' "$T/a1.h"
check "the 401 body" error_body a1 401
get a2 "$B/normwatch/collections/" -u "alice:wrong" -H "$A"
check "a wrong password: 401" test "$code" = 401
get a3 "$B/normwatch/collections/" -u "mallory:x" -H "$A"
check "an unknown user: 401" test "$code" = 401
check "a failed login is logged, never the password" \
    sh -c 'grep -q "failed login of \"mallory\"" "$0" && ! grep -q "wrong" "$0"' "$T/serve.log"
get a4 "$B/normwatch/collections/incidents/objects/?limit=1" -H "$A"
check "anonymous read where the users file allows it" test "$code" = 200
check "anonymous answers may be cached publicly" \
    test "$(hdr a4 cache-control)" = "public, max-age=10"

# --- media types (1.6.8) --------------------------------------------------------------

get m1 "$B/normwatch/" -u "$AL" -H "Accept: application/json"
check "Accept: application/json: 406" test "$code" = 406
check "the 406 body" error_body m1 406
get m2 "$B/normwatch/" -u "$AL" -H "Accept:"
check "no Accept: 406" test "$code" = 406
get m3 "$B/normwatch/" -u "$AL" -H "Accept: application/taxii+json;version=2.0"
check "another TAXII version: 406" test "$code" = 406
get m4 "$B/normwatch/" -u "$AL" -H "Accept: text/html, application/taxii+json"
check "application/taxii+json among others: 200" test "$code" = 200
get m5 "$B/normwatch/" -u "$AL" -H "Accept: application/taxii+json;version=2.1;q=0"
check "q=0 is a refusal: 406" test "$code" = 406

# --- objects, pagination (3.4, 5.3) ---------------------------------------------------

O="$B/normwatch/collections/incidents/objects/"
get o1 "$O" -u "$AL" -H "$A"
check "objects: 200, the TAXII media type" \
    test "$code" = 200 -a "$(hdr o1 content-type)" = "$MT"
check "objects: 100 a page by default, more and next" \
    isjson o1 '(.objects | length) == 100 and .more == true and (.next | type == "string")'
first=$(hdr o1 X-TAXII-Date-Added-First)
last=$(hdr o1 X-TAXII-Date-Added-Last)
check "X-TAXII-Date-Added-First and -Last in RFC 3339" \
    sh -c 'for v in "$0" "$1"; do echo "$v" | grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$" || exit 1; done' "$first" "$last"
check "ETag and Cache-Control on GET" \
    sh -c '[ -n "$0" ] && [ "$1" = "public, no-cache" ]' "$(hdr o1 etag)" "$(hdr o1 cache-control)"
# walk every page with next
: >"$T/ids"; next=; pages=0
while :; do
	if [ -n "$next" ]; then get pg "$O?limit=37&next=$next" -u "$AL" -H "$A"
	else get pg "$O?limit=37" -u "$AL" -H "$A"; fi
	[ "$code" = 200 ] || break
	jq -r '.objects[]? | .id' "$T/pg.b" >>"$T/ids"
	pages=$((pages + 1))
	[ "$(jq -r .more "$T/pg.b")" = true ] || break
	next=$(jq -r .next "$T/pg.b")
	[ $pages -lt 100 ] || break
done
total=$(sqlite3 "$T/a.db" "SELECT count(*) FROM taxii_object WHERE collection = 'incidents' AND latest = 1")
check "next walks every object once" \
    test "$(wc -l <"$T/ids")" -eq "$total" -a "$(sort -u "$T/ids" | wc -l)" -eq "$total"
check "the export's objects are all there" test "$total" -gt 500
# a next token stays valid across a restart
get n1 "$O?limit=5" -u "$AL" -H "$A"
tok=$(jq -r .next "$T/n1.b")
get n2 "$O?limit=5&next=$tok" -u "$AL" -H "$A"
stop_serve
start_serve	# on the same port
get n3 "$O?limit=5&next=$tok" -u "$AL" -H "$A"
check "next gives the same page after a restart" cmp -s "$T/n2.b" "$T/n3.b"
get n4 "$O?limit=5&added_after=$(hdr n1 X-TAXII-Date-Added-Last)" -u "$AL" -H "$A"
check "added_after the last date_added: the next page" \
    sh -c 'jq -c .objects "$0" >"$0.x"; jq -c .objects "$1" >"$1.x"; cmp -s "$0.x" "$1.x"' "$T/n2.b" "$T/n4.b"
get n5 "$O?added_after=2999-01-01T00:00:00Z" -u "$AL" -H "$A"
check "nothing after: an empty envelope" isjson n5 '. == {"more": false}'
check "an empty envelope has no date headers" \
    sh -c '! grep -qi "^X-TAXII-Date-Added" "$0"' "$T/n5.h"
get big "$O?limit=99999999999999999999999999" -u "$AL" -H "$A"
check "a huge limit: a page of at most 1000" \
    sh -c '[ "$0" = 200 ] && [ "$(jq ".objects | length" "$1")" -le 1000 ]' "$code" "$T/big.b"

# --- filters (3.5) ------------------------------------------------------------------

get f1 "$O?match%5Btype%5D=incident&limit=1000" -u "$AL" -H "$A"
check "match[type]: only incidents" \
    isjson f1 '(.objects | length) > 0 and all(.objects[]; .type == "incident")'
iid=$(jq -r '.objects[0].id' "$T/f1.b")
get f2 "$O?match%5Bid%5D=$iid" -u "$AL" -H "$A"
check "match[id]: that object" isjson f2 "[.objects[].id] == [\"$iid\"]"
get f3 "$O?match%5Btype%5D=incident,identity&limit=1000" -u "$AL" -H "$A"
check "match[type] with two values" \
    isjson f3 'all(.objects[]; .type == "incident" or .type == "identity") and any(.objects[]; .type == "identity")'
get f4 "$O?match%5Bspec_version%5D=2.0" -u "$AL" -H "$A"
check "match[spec_version]=2.0: nothing" isjson f4 '. == {"more": false}'
get f5 "$O?match%5Bspec_version%5D=2.1&limit=3" -u "$AL" -H "$A"
check "match[spec_version]=2.1: objects" isjson f5 '(.objects | length) == 3'
for bad in "match%5Bid%5D=nope" "match%5Bid%5D=incident--1234" \
    "match%5Btype%5D=Not_A_Type" "match%5Bversion%5D=yesterday" \
    "match%5Bspec_version%5D=two" "added_after=2024-13-01T00:00:00Z" \
    "added_after=yesterday" "limit=0" "limit=-1" "limit=ten" \
    "next=garbage" "next=1.2.3" "match%5Bcolour%5D=red" "limit=1&limit=2" \
    "match%5Btype%5D=a,,b" "match%5Bid%5D=%FF%FE"; do
	get fb "$O?$bad" -u "$AL" -H "$A"
	check "a bad filter: $bad: 400" \
	    sh -c '[ "$0" = 400 ] && jq -e ".http_status == \"400\" and (.description|length) > 0" "$1" >/dev/null' "$code" "$T/fb.b"
done
many=$(i=0; s=; while [ $i -lt 33 ]; do s="${s}identity,"; i=$((i + 1)); done; echo "${s}identity")
get fm "$O?match%5Btype%5D=$many" -u "$AL" -H "$A"
check "more than 32 values in one filter: 400" test "$code" = 400

# --- manifest, one object, versions (5.3, 5.5, 5.7) ------------------------------------

get man "$B/normwatch/collections/incidents/manifest/?limit=10" -u "$AL" -H "$A"
check "manifest: records with id, date_added, version, media_type" \
    isjson man '(.objects | length) == 10 and .more == true and all(.objects[]; .id and .date_added and .version and .media_type == "application/stix+json;version=2.1")'
check "manifest: the date headers" test -n "$(hdr man X-TAXII-Date-Added-Last)"
get ob "$O$iid/" -u "$AL" -H "$A"
check "an object by id" isjson ob "[.objects[].id] == [\"$iid\"] and .more == false"
get ob2 "${O}incident--6ba7b810-9dad-41d1-80b4-00c04fd430c8/" -u "$AL" -H "$A"
check "an object that is not there: 404" test "$code" = 404
get ob3 "${O}not-an-id/" -u "$AL" -H "$A"
check "a bad object id: 404" test "$code" = 404
get ob4 "$O$iid/?match%5Btype%5D=incident" -u "$AL" -H "$A"
check "a filter the endpoint does not take: 400" test "$code" = 400
get ver "$O$iid/versions/" -u "$AL" -H "$A"
check "versions: one version" isjson ver '(.versions | length) == 1 and .more == false'

# --- caching (ETag, If-None-Match) ---------------------------------------------------------

etag=$(hdr o1 etag)
get e1 "$O" -u "$AL" -H "$A" -H "If-None-Match: $etag"
check "If-None-Match with the ETag: 304" test "$code" = 304
check "304 has no body, keeps the ETag" \
    sh -c '[ ! -s "$0" ] && grep -qi "^ETag: $1" "$2"' "$T/e1.b" "$etag" "$T/e1.h"
get e2 "$O" -u "$AL" -H "$A" -H 'If-None-Match: "other"'
check "another ETag: 200" test "$code" = 200
get e3 "$B/normwatch/collections/" -u "$AL" -H "$A" -H "If-None-Match: $(hdr colls etag)"
check "304 for small resources too" test "$code" = 304

# --- POST, status, versions, DELETE (5.4, 4.3, 5.6) -----------------------------------------

IND=indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f
ind() {	# MODIFIED [extra JSON member]
	printf '{"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z","modified":"%s","name":"bad domain","indicator_types":["malicious-activity"],"pattern":"[domain-name:value = '"'"'evil.example'"'"']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}' "$IND" "$1"
}
I="$B/normwatch/collections/inbox/objects/"
CT="Content-Type: $MT"
printf '{"objects":[%s,{"type":"indicator","id":"indicator--x","spec_version":"2.1"}]}' \
    "$(ind 2024-01-01T00:00:00.000Z)" >"$T/env1"
get p1 "$I" -u "$AL" -H "$A" -H "$CT" --data-binary @"$T/env1"
check "POST: 202 with a status resource" test "$code" = 202
check "the status counts one success and one failure" \
    isjson p1 '.status == "complete" and .total_count == 2 and .success_count == 1 and .failure_count == 1 and .pending_count == 0 and .successes[0].id == "'$IND'" and (.failures[0].message | length) > 0'
sid=$(jq -r .id "$T/p1.b")
get st "$B/normwatch/status/$sid/" -u "$AL" -H "$A"
check "GET status gives the same resource" cmp -s "$T/p1.b" "$T/st.b"
get st2 "$B/normwatch/status/$sid/" -u "bob:bob-pass" -H "$A"
check "another user's status: 404" test "$code" = 404
get g1 "$I" -u "bob:bob-pass" -H "$A"
check "the object is in the inbox, canonical" \
    sh -c '[ "$(jq -c ".objects[0]" "$0")" = "$(jq -cS ".objects[0]" "$0")" ] && jq -e ".objects[0].id == \"'$IND'\"" "$0" >/dev/null' "$T/g1.b"
check "and kept byte for byte as canonical JSON" \
    sh -c 'grep -q "{\"created\":\"2024-01-01T00:00:00.000Z\",\"id\":\"'$IND'\"" "$0"' "$T/g1.b"
printf '{"objects":[%s]}' "$(ind 2024-02-01T00:00:00.000Z)" >"$T/env2"
get p2 "$I" -u "$AL" -H "$A" -H "$CT" --data-binary @"$T/env2"
get p2b "$I" -u "$AL" -H "$A" -H "$CT" --data-binary @"$T/env2"
check "the same version twice is one version" \
    test "$(sqlite3 "$T/a.db" "SELECT count(*) FROM taxii_object WHERE collection = 'inbox'")" -eq 2
get v2 "$I$IND/versions/" -u "$AL" -H "$A"
check "versions: two, oldest first" \
    isjson v2 '.versions == ["2024-01-01T00:00:00.000Z","2024-02-01T00:00:00.000Z"]'
get l1 "$I$IND/" -u "$AL" -H "$A"
check "by default the latest version" isjson l1 '[.objects[].modified] == ["2024-02-01T00:00:00.000Z"]'
get l2 "$I$IND/?match%5Bversion%5D=first" -u "$AL" -H "$A"
check "match[version]=first" isjson l2 '[.objects[].modified] == ["2024-01-01T00:00:00.000Z"]'
get l3 "$I?match%5Bversion%5D=all" -u "$AL" -H "$A"
check "match[version]=all" isjson l3 '(.objects | length) == 2'
get l4 "$I?match%5Bversion%5D=2024-01-01T00:00:00Z" -u "$AL" -H "$A"
check "match[version]=a timestamp" isjson l4 '[.objects[].modified] == ["2024-01-01T00:00:00.000Z"]'
get w1 "$O" -u "$AL" -H "$A" -H "$CT" --data-binary @"$T/env2"
check "POST to a read-only collection: 403" test "$code" = 403
get w2 "$I" -u "bob:bob-pass" -H "$A" -H "$CT" --data-binary @"$T/env2"
check "POST without write permission: 403" test "$code" = 403
check "the 403 body" error_body w2 403
get w3 "$I" -u "$AL" -H "$A" -H "Content-Type: application/json" --data-binary @"$T/env2"
check "POST with a wrong Content-Type: 415" test "$code" = 415
check "the 415 body" error_body w3 415
printf '{"objects":[' >"$T/env3"
get w4 "$I" -u "$AL" -H "$A" -H "$CT" --data-binary @"$T/env3"
check "POST of broken JSON: 400" test "$code" = 400
head -c 11000000 /dev/zero | tr '\0' ' ' >"$T/huge"
get w5 "$I" -u "$AL" -H "$A" -H "$CT" --data-binary @"$T/huge"
check "POST over max_content_length: 413" test "$code" = 413
get w6 "$I" -u "$AL" -H "$A" -H "$CT" -H "Transfer-Encoding: chunked" --data-binary @"$T/huge"
check "a chunked body over max_content_length: 413" test "$code" = 413
get w7 "$I" -u "bob:bob-pass" -H "$A" -H "$CT" --data-binary @"$T/huge"
check "a large body from a reader: 403 before it is read" test "$code" = 403
get w8 "$I" -H "$A" -H "$CT" --data-binary @"$T/huge"
check "a large body without credentials: 401 before it is read" test "$code" = 401
get d0 "$I$IND/" -u "bob:bob-pass" -H "$A" -X DELETE
check "DELETE without write permission: 403" test "$code" = 403
get d1 "$I$IND/?match%5Bversion%5D=first" -u "$AL" -H "$A" -X DELETE
check "DELETE of the first version: 200" test "$code" = 200
get v3 "$I$IND/versions/" -u "$AL" -H "$A"
check "one version is left" isjson v3 '.versions == ["2024-02-01T00:00:00.000Z"]'
get d2 "$I$IND/" -u "$AL" -H "$A" -X DELETE
get d3 "$I$IND/" -u "$AL" -H "$A"
check "DELETE of the object: then 404" test "$code" = 404
get d4 "$I$IND/" -u "$AL" -H "$A" -X DELETE
check "DELETE of what is not there: 404" test "$code" = 404
get x1 "$I" -u "$AL" -H "$A" -X PUT
check "PUT: 405 with Allow" \
    sh -c '[ "$0" = 405 ] && grep -qi "^Allow:" "$1"' "$code" "$T/x1.h"

# --- hostile requests ------------------------------------------------------------------------

get h1 "$B/normwatch/collections/../../../etc/passwd/" --path-as-is -u "$AL" -H "$A"
check "path traversal: 404" test "$code" = 404
get h2 "$B/normwatch/collections/%2e%2e/%2e%2e/" --path-as-is -u "$AL" -H "$A"
check "encoded path traversal: 404" test "$code" = 404
get h3 "$B/normwatch/collections/%ff%fe/objects/" -u "$AL" -H "$A"
check "invalid UTF-8 in the path: 404, valid UTF-8 out" \
    sh -c '[ "$0" = 404 ] && jq -e . "$1" >/dev/null' "$code" "$T/h3.b"
get h4 "$B/normwatch/collections/incidents/objects" -u "$AL" -H "$A"
check "no trailing slash: 404" test "$code" = 404
long=$(head -c 3000 /dev/zero | tr '\0' a)
get h5 "$B/normwatch/collections/$long/" -u "$AL" -H "$A"
check "an overlong path: 404" test "$code" = 404
get h6 "$B/taxii2/" -u "$AL" -H "$A" -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' b)"
check "oversized headers: refused" test "$code" -ge 400 -o "$code" = 000
# slowloris: headers that trickle in a byte a second are cut off after
# --timeout (2 s) in all, not reset by every byte
took=$("$NW_BUILDDIR/tests/server/taxiis_slow" "$PORT" 10)
check "slowloris: the connection is dropped after the timeout (${took} s)" \
    test -n "$took" -a "${took:-99}" -le 4
get h7 "$B/taxii2/" -u "$AL" -H "$A"
check "the server still answers" test "$code" = 200

# --- nothing outside its own tables; a snapshot while ingest runs -----------------------------

check "POST and DELETE wrote nothing outside the server's tables" \
    test "$(outside)" = "$before"
( i=0; while [ $i -lt 40 ]; do
	curl -s -o /dev/null -w '%{http_code}\n' -u "$AL" -H "$A" "$O?limit=50"
	i=$((i + 1)); done ) >"$T/codes" &
rpid=$!
cp -r "$S" "$T/samples2"
"$NW" --db "$T/a.db" ingest --rules "$R" --feeds "$T/samples2" 2>>"$T/err"
irc=$?
wait "$rpid"
check "ingest runs while the server reads" test "$irc" -eq 0
check "every read during ingest: 200" \
    sh -c '[ "$(grep -c . "$0")" -eq 40 ] && ! grep -qv "^200$" "$0"' "$T/codes"

# --- the taxii feed kind ingests from this server ----------------------------------------------

mkdir -p "$T/feeds" "$XDG_CONFIG_HOME/normwatch"
printf 'nw  alice  alice pass\n' >"$XDG_CONFIG_HOME/normwatch/credentials"
chmod 600 "$XDG_CONFIG_HOME/normwatch/credentials"
printf 'name = nwserve\nkind = taxii\nurl = %s/taxii2/\npublisher = normwatch\ncollection = %s\ncredentials = nw\npage-size = 50\n' \
    "$B" "$INC_ID" >"$T/feeds/nwserve.feed"
"$NW" --db "$T/b.db" ingest --feeds "$T/feeds" --rules "$R" 2>"$T/ierr"
irc=$?; [ $irc -eq 0 ] || diag "$(cat "$T/ierr")"
check "the taxii feed kind polls this server" test $irc -eq 0
check "and stores its objects" \
    test "$(sqlite3 "$T/b.db" "SELECT count(*) FROM stix_object")" -gt 100
stop_serve

# --- out of memory fails one request, not the server -----------------------------------------------

NORMWATCH_TEST_FAIL_ALLOC=1 start_serve
get oom "$O?limit=10" -u "$AL" -H "$A"
check "out of memory: 500 with an error resource" \
    sh -c '[ "$0" = 500 ] && jq -e ".http_status == \"500\"" "$1" >/dev/null' "$code" "$T/oom.b"
get oom2 "$B/normwatch/collections/" -u "$AL" -H "$A"
check "and the server goes on" sh -c '[ "$0" = 500 ] && kill -0 "$1"' "$code" "$SPID"
stop_serve

# --- TLS ----------------------------------------------------------------------------------------

if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1; then
	start_serve --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
	code=$(curl -s -o "$T/tls.b" -w '%{http_code}' --cacert "$T/cert.pem" \
	    -u "$AL" -H "$A" "https://127.0.0.1:$PORT/taxii2/")
	check "HTTPS with --tls-cert and --tls-key" test "$code" = 200
	code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -u "$AL" -H "$A" \
	    "http://127.0.0.1:$PORT/taxii2/")
	check "plain HTTP to the HTTPS port gets nothing" test "$code" = 000
	stop_serve
else
	skip "HTTPS with --tls-cert and --tls-key" "no openssl(1)"
	skip "plain HTTP to the HTTPS port gets nothing" "no openssl(1)"
fi

# --- command line and users file errors --------------------------------------------------------------

check_exit 64 "serve without --users" "$NW" --db "$T/a.db" serve 2>/dev/null
check_exit 64 "--tls-cert without --tls-key" \
    "$NW" --db "$T/a.db" serve --users "$U" --tls-cert "$T/x" 2>/dev/null
chmod 644 "$U"
"$NW" --db "$T/a.db" serve --users "$U" --listen 127.0.0.1:0 2>"$T/err"
check "a users file everybody may read: 78, named" \
    sh -c '[ "$0" -eq 78 ] && grep -q "$1: the users file holds password hashes" "$2"' $? "$U" "$T/err"
chmod 600 "$U"
printf 'eve:nothash:*=r\n' >"$T/users2"; chmod 600 "$T/users2"
"$NW" --db "$T/a.db" serve --users "$T/users2" --listen 127.0.0.1:0 2>"$T/err"
check "a bad hash: 78 with file and line" \
    sh -c '[ "$0" -eq 78 ] && grep -q "users2:1: .*not a crypt(3) hash" "$1"' $? "$T/err"
"$NW" --db "$T/a.db" serve --users "$U" --listen 300.1.1.1:1 2>"$T/err"
check "a bad --listen: 64" test $? -eq 64
PORT=
start_serve --public-url https://taxii.example.org/
get pu "$B/taxii2/" -u "$AL" -H "$A"
check "--public-url: discovery lists absolute URLs" \
    isjson pu '.api_roots == ["https://taxii.example.org/normwatch/"] and .default == "https://taxii.example.org/normwatch/"'
stop_serve
"$NW" --db "$T/a.db" serve --users "$U" --listen 127.0.0.1:0 \
    --public-url 'javascript:alert(1)' 2>"$T/err"
check "a --public-url that is not http(s): 64" test $? -eq 64
check "serve --help names the default address" \
    sh -c '"$0" serve --help | grep -q "127.0.0.1:8573"' "$NW"

done_testing
