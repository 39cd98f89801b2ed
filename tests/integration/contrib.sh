#!/bin/sh
# contrib/: the systemd units verify and are hardened as promised; the
# bash completion knows every command and completes feed names; the cron
# example is a valid /etc/cron.d line for `normwatch run`.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 16

U=$NW_BUILDDIR/contrib/systemd
# the units as make builds them, run against the binary of this tree
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$T/units"
	for u in normwatch.service normwatch-serve.service; do
		sed -e "s|^ExecStart=[^ ]*/normwatch|ExecStart=$NORMWATCH|" -e '/^Documentation=/d' "$U/$u" >"$T/units/$u"
	done
	sed '/^Documentation=/d' "$NW_SRCDIR/contrib/systemd/normwatch.timer" >"$T/units/normwatch.timer"
	# systemd-analyze needs a writable runtime directory of its own
	if systemd-analyze verify "$T/units/normwatch.service" "$T/units/normwatch.timer" \
	    "$T/units/normwatch-serve.service" >"$T/verify" 2>&1; then
		ok "systemd-analyze verify: no complaint"
	elif grep -q "Failed to initialize manager\|Permission denied\|System has not been booted" "$T/verify"; then
		skip "systemd-analyze verify: no complaint" "systemd-analyze cannot run here"
	else
		diag "$(cat "$T/verify")"; not_ok "systemd-analyze verify: no complaint"
	fi
else
	skip "systemd-analyze verify: no complaint" "systemd-analyze is not installed"
fi
check "the built service runs \`normwatch run\` from bindir" grep -q "^ExecStart=/.*/bin/normwatch run$" "$U/normwatch.service"
missing=""
for d in DynamicUser=yes ProtectSystem=strict StateDirectory=normwatch CacheDirectory=normwatch \
    NoNewPrivileges=yes "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" ProtectHome=yes PrivateTmp=yes \
    Environment=NORMWATCH_SYSTEM=1 User=normwatch; do
	grep -qx "$d" "$U/normwatch.service" || missing="$missing $d"
done
check "the service is hardened${missing:+ (missing:$missing)}" test -z "$missing"
missing=""
for d in DynamicUser=yes ProtectSystem=strict StateDirectory=normwatch NoNewPrivileges=yes \
    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" User=normwatch; do
	grep -qx "$d" "$U/normwatch-serve.service" || missing="$missing $d"
done
check "the serve unit is hardened, same user${missing:+ (missing:$missing)}" test -z "$missing"
check "the serve unit listens on loopback, with a users file" grep -q "^ExecStart=/.*/bin/normwatch serve --listen 127.0.0.1:8573 --users " "$U/normwatch-serve.service"
check "the timer is nightly and persistent" sh -c 'grep -q "^OnCalendar=\*-\*-\* 03:" "$0" && grep -qx "Persistent=true" "$0"' "$NW_SRCDIR/contrib/systemd/normwatch.timer"

# the cron example: one job line, for /etc/cron.d (with a user field)
jobs=$(grep -v '^#' "$NW_SRCDIR/contrib/cron/normwatch" | grep -v '^$' | grep -v '^[A-Z_]*=')
check "cron: one job line" test "$(printf '%s\n' "$jobs" | wc -l)" -eq 1
check "cron: five time fields, the user, normwatch run" sh -c 'printf "%s\n" "$0" | grep -Eq "^[0-9*,/-]+ +[0-9*,/-]+ +[0-9*,/-]+ +[0-9*,/-]+ +[0-9*,/-]+ +normwatch +normwatch run$"' "$jobs"
check "cron: the system layout" grep -qx "NORMWATCH_SYSTEM=1" "$NW_SRCDIR/contrib/cron/normwatch"

# bash completion
if command -v bash >/dev/null; then
	BC=$NW_SRCDIR/contrib/bash-completion/normwatch
	check "completion: bash -n" bash -n "$BC"
	cat >"$T/comp.bash" <<'SH'
# stand-ins for bash-completion's helpers when it is not installed
if ! type _init_completion >/dev/null 2>&1; then
	_init_completion() {
		cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
	}
	_filedir() { :; }
fi
. "$BC"
# comp WORD...: complete the last word, print the candidates
comp() {
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_normwatch
	printf '%s\n' "${COMPREPLY[@]}"
}
SH
	# every command of --help is completed
	"$NORMWATCH" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ && on { on = 0 }' | sort >"$T/help"
	BC=$BC bash -c '. "$0"; comp normwatch ""' "$T/comp.bash" | sort >"$T/verbs"
	check "completion: every command of --help" sh -c 'test -s "$0" && comm -23 "$0" "$1" | grep -q . && exit 1; exit 0' "$T/help" "$T/verbs"
	check "completion: report, serve and passwd too" sh -c 'grep -qx report "$0" && grep -qx serve "$0" && grep -qx passwd "$0"' "$T/verbs"
	BC=$BC bash -c '. "$0"; comp normwatch --con' "$T/comp.bash" >"$T/c"
	check "completion: global flags" grep -qx -- --config "$T/c"
	PATH=$(dirname "$NORMWATCH"):$PATH BC=$BC bash -c '. "$0"; comp normwatch --db x.db ingest --feeds "$1" --feed sample-csis-t' "$T/comp.bash" "$NW_SRCDIR/feeds/samples" >"$T/c"
	check "completion: feed names from feeds list" grep -qx sample-csis-text "$T/c"
	BC=$BC bash -c '. "$0"; comp normwatch config ""' "$T/comp.bash" >"$T/c"
	check "completion: config's subcommands" sh -c 'grep -qx check "$0" && grep -qx show "$0"' "$T/c"
	BC=$BC bash -c '. "$0"; comp normwatch --log-format ""' "$T/comp.bash" >"$T/c"
	check "completion: --log-format's values" sh -c 'grep -qx json "$0" && grep -qx text "$0"' "$T/c"
else
	for i in 1 2 3 4 5 6 7; do skip "completion" "bash is not installed"; done
fi
done_testing
