#!/bin/sh
# normwatch.conf: config check names every error as file:line:col and
# exits 78; config show gives the settings in force and their origin;
# --config and the default file; precedence flag > file > default; a bad
# file stops every command; the examples of normwatch.conf(5) parse.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 34

C=$T/conf
mkdir -p "$C" "$T/feeds"
cp "$NW_SRCDIR/feeds/samples/csis-text.feed" "$NW_SRCDIR/feeds/samples/csis-list.txt" "$T/feeds/"

# --- config check -----------------------------------------------------------
cat >"$C/bad.conf" <<'CONF'
# line 1 is a comment
store = /tmp/x.db
store = /tmp/y.db
log-level = loud
taxii-listen = 127.0.0.1:99999
colour = red
taxii-tls-cert = /etc/cert.pem
CONF
"$NORMWATCH" config check "$C/bad.conf" >"$T/out" 2>"$T/err"; rc=$?
check "a bad file exits 78" test "$rc" -eq 78
for want in ":3:1: duplicate key \"store\" (first on line 2)" \
    ":4:1: log-level must be error, warning, info or debug" \
    ":5:1: taxii-listen: the port must be a number from 1 to 65535" \
    ":6:1: unknown key \"colour\"" \
    ":7:1: taxii-tls-cert and taxii-tls-key go together"; do
	if grep -qF "bad.conf$want" "$T/err"; then ok "reported$want"
	else diag "$(cat "$T/err")"; not_ok "reported$want"; fi
done
check "one line per error, nothing else" test "$(wc -l <"$T/err")" -eq 5

cat >"$C/missing.conf" <<CONF
feeds = $T/nosuch
output = $T/feeds/csis-list.txt
CONF
"$NORMWATCH" config check "$C/missing.conf" >"$T/out" 2>"$T/err"; rc=$?
check "check: missing directories exit 78" test "$rc" -eq 78
check "check: naming the line and the path" grep -q "missing.conf:1:1: feeds: $T/nosuch: No such file or directory" "$T/err"
check "check: a file where a directory must be" grep -q "missing.conf:2:1: output: .* is not a directory" "$T/err"

cat >"$C/good.conf" <<CONF
# relative paths are anchored at this file's directory
store  = db/nw.db
feeds  = ../feeds
output = out
log-level = error
taxii-listen = [::1]:8573
taxii-anonymous-read = no
CONF
check "check: a good file says ok" sh -c '"$0" config check "$1" | grep -qx "$1: ok"' "$NORMWATCH" "$C/good.conf"
check "check: the file of --config" sh -c '"$0" --config "$1" config check | grep -qx "$1: ok"' "$NORMWATCH" "$C/good.conf"
check "check: no default file is no error" sh -c '"$0" config check | grep -q "no such file; the defaults apply"' "$NORMWATCH"

# --- show and precedence ------------------------------------------------------
show() { "$NORMWATCH" "$@" config show; }
show >"$T/show"
check "default: the XDG store" grep -q "^store *= $XDG_DATA_HOME/normwatch/normwatch.db	# default$" "$T/show"
show --config "$C/good.conf" >"$T/show"
check "file: the store, resolved against the file" grep -q "^store *= $C/db/nw.db	# file$" "$T/show"
check "file: feeds" grep -q "^feeds *= $C/../feeds	# file$" "$T/show"
check "file: log-level" grep -q "^log-level *= error	# file$" "$T/show"
check "file: taxii-listen" grep -q "^taxii-listen *= \[::1\]:8573	# file$" "$T/show"
show --config "$C/good.conf" --db "$T/flag.db" -v >"$T/show"
check "flag over file: --db" grep -q "^store *= $T/flag.db	# flag$" "$T/show"
check "flag over file: -v" grep -q "^log-level *= info	# flag$" "$T/show"

# the default file is read when there is one, and its settings are used
mkdir -p "$XDG_CONFIG_HOME/normwatch"
sed "s|\.\./feeds|$T/feeds|" "$C/good.conf" >"$XDG_CONFIG_HOME/normwatch/normwatch.conf"
check_exit 0 "the default file is used: ingest with its feeds" "$NORMWATCH" ingest
check "into its store" test -s "$XDG_CONFIG_HOME/normwatch/db/nw.db"
check "status reads the same store" sh -c '"$0" status | grep -q "^sample-csis-text  *[0-9T:Z-]* ok  *0  *[1-9][0-9]* "' "$NORMWATCH"
rm "$XDG_CONFIG_HOME/normwatch/normwatch.conf"

# a bad file stops every command before it does anything
check_exit 78 "a bad file stops status with 78" "$NORMWATCH" --config "$C/bad.conf" status
check_exit 78 "a missing --config file is an error" "$NORMWATCH" --config "$C/nosuch.conf" status
check_exit 64 "a bad --log-format is a usage error" "$NORMWATCH" --log-format xml status

# --system: the system layout, and systemd's directories
check "--system: store under STATE_DIRECTORY" sh -c 'STATE_DIRECTORY=/var/lib/private/nwtest "$0" --system --config /dev/null config show | grep -q "^store *= /var/lib/private/nwtest/normwatch.db"' "$NORMWATCH"

# the examples of normwatch.conf(5) parse
awk '/^\.Sh / { ex = ($2 == "EXAMPLES") }
     ex && /^\.Bd -literal/ { n++; f = sprintf("%s/example%d.conf", dir, n); next }
     /^\.Ed/ { f = ""; next }
     f != "" { print > f }' dir="$T" "$NW_SRCDIR/man/normwatch.conf.5"
bad=""
for f in "$T"/example*.conf; do
	grep -q '^\$ ' "$f" && continue	# a shell session, not a file
	"$NORMWATCH" --config "$f" config show >/dev/null 2>"$T/err" || bad="$bad $(basename "$f"): $(cat "$T/err")"
done
check "the man page examples parse${bad:+ ($bad)}" test -z "$bad" -a -e "$T/example2.conf"

# log-level from the file takes effect; -q wins over it
printf 'log-level = info\nfeeds = %s\nstore = %s\n' "$T/feeds" "$T/info.db" >"$C/info.conf"
"$NORMWATCH" --config "$C/info.conf" ingest 2>"$T/err"
check "log-level = info: a line per feed" grep -q "^normwatch: sample-csis-text: ok: " "$T/err"
"$NORMWATCH" --config "$C/info.conf" -q ingest --force 2>"$T/err"
check "-q wins over the file" test ! -s "$T/err"

# every command has --help: exit 0 and a usage line
bad=""
for verb in $("$NORMWATCH" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ && on { on = 0 }'); do
	"$NORMWATCH" "$verb" --help >"$T/help" 2>&1 && grep -q "^usage: normwatch" "$T/help" || bad="$bad $verb"
done
check "every command's --help exits 0 with a usage line${bad:+ (not:$bad)}" test -z "$bad"

# every key config.c accepts is documented in normwatch.conf(5), and in
# the example file
keys=$(sed -n '/^const char \*const nw_config_keys\[\]/,/};/p' "$NW_SRCDIR/src/config.c" | grep -o '"[a-z-]*"' | tr -d '"')
missing="" notex=""
for k in $keys; do
	grep -q "^\.It Cm $k\b" "$NW_SRCDIR/man/normwatch.conf.5" || missing="$missing $k"
	grep -q "^#*$k *=" "$NW_SRCDIR/contrib/normwatch.conf" || notex="$notex $k"
done
check "every key is documented in normwatch.conf(5)${missing:+ (missing:$missing)}" test -n "$keys" -a -z "$missing"
check "every key is in contrib/normwatch.conf${notex:+ (missing:$notex)}" test -z "$notex"
if command -v mandoc >/dev/null; then
	check "mandoc -Tlint finds nothing in normwatch.conf(5)" mandoc -Tlint -Wwarning "$NW_SRCDIR/man/normwatch.conf.5"
else
	skip "mandoc -Tlint finds nothing in normwatch.conf(5)" "mandoc is not installed"
fi
done_testing
