#!/bin/sh
# Run every tests/integration/NNN-*.sh against the programs in build dir $1.
# Each test gets up to 5 minutes; a failing test's output is shown whole.
set -u
build=${1:?usage: run-integration.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
export BUILD="$build" REPO="$(dirname "$here")"
# Leaks and undefined behaviour fail the test through the exit status.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

pass=0
failed=""
for t in "$here"/integration/[0-9]*.sh; do
	name=$(basename "$t" .sh)
	out=$(mktemp)
	start=$(date +%s)
	if timeout 300 bash "$t" >"$out" 2>&1; then
		echo "ok   $name ($(( $(date +%s) - start )) s)"
		pass=$((pass + 1))
	else
		echo "FAIL $name ($(( $(date +%s) - start )) s)"
		sed 's/^/    /' "$out"
		failed="$failed $name"
	fi
	rm -f "$out"
done
if [ -n "$failed" ]; then
	echo "integration tests FAILED:$failed" >&2
	exit 1
fi
echo "integration tests: all $pass passed"
