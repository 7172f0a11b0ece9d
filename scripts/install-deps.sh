#!/bin/sh
# Install everything gopy needs to build, test and run, from Debian's packages.
# Idempotent: packages already present are left alone and nothing is fetched.
# Runs apt-get through sudo when not root. With the argument "fuzz" it also
# installs clang and its libFuzzer runtime, for make fuzz.
set -eu

# Build: compiler, make, pkg-config and the five libraries gopyd links.
# Run: tzdata, for times in Asia/Ho_Chi_Minh (display.timezone); without it
# gopy falls back to a fixed UTC+7.
# Test: cmocka for unit tests; jq reads `gopy --json` and python3 (csv,
# sqlite3, zoneinfo) reads `gopy --csv` and counts independently in
# integration tests.
PACKAGES="build-essential pkg-config
libserialport-dev libsqlite3-dev libconfig-dev libcmocka-dev libutf8proc-dev
jq python3 tzdata"
if [ "${1:-}" = fuzz ]; then
	PACKAGES="$PACKAGES clang libclang-rt-dev"
fi

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: all build and test dependencies are installed"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: need root or sudo to install:$missing" >&2
	exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086 # word splitting of the package list is wanted
$SUDO apt-get install -y -q --no-install-recommends $missing
echo "install-deps: done"
