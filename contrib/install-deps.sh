#!/bin/sh
# install-deps.sh [build] [run] [test] - install the Debian packages listed
# for those purposes in contrib/debian-packages, when any is missing.
# Needs root for apt-get; says what to install otherwise.
set -eu
here=$(dirname "$0")
want=""
for purpose in "$@"; do
	want="$want $(awk -v p="$purpose" '$1 == p { print $2 }' "$here/debian-packages")"
done
missing=""
for pkg in $want; do
	dpkg-query -W -f '${Status}\n' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "normwatch: missing Debian packages:$missing" >&2
	echo "normwatch: install them as root: apt-get install$missing" >&2
	exit 1
fi
echo "normwatch: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
