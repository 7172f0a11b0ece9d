#!/bin/bash
# Run every tests/integration/NNN-*.sh against the programs in build dir $1,
# IT_JOBS at a time (default 2: the tests mostly wait on sockets and the
# simulated line, so two share a 2-core machine well). Each test gets up to
# 5 minutes; a failing test's output is shown whole. IT_ONLY="300 310"
# runs only the tests whose names start with those numbers.
#
# The tests that took longest last time ($build/integration-times) start
# first, so a slow one does not begin when the others are done.
set -u
build=${1:?usage: run-integration.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
export BUILD="$build" REPO="$(dirname "$here")"
# Leaks and undefined behaviour fail the test through the exit status.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
jobs=${IT_JOBS:-2}
times="$build/integration-times"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# The tests to run, slowest first by the last recorded time (unknown: 999 s,
# then reverse numeric order, which puts the long 300s and 400s early).
ordered() {
	local t name secs
	for t in "$here"/integration/[0-9]*.sh; do
		name=$(basename "$t" .sh)
		if [ -n "${IT_ONLY:-}" ]; then
			case " $IT_ONLY " in *" ${name%%-*} "*) ;; *) continue ;; esac
		fi
		secs=$(awk -v n="$name" '$1 == n { print $2 }' "$times" 2>/dev/null)
		echo "${secs:-999} $name"
	done | sort -k1,1nr -k2,2r | awk '{ print $2 }'
}

# run NAME: one test, its output and time into $results.
run() {
	local name=$1 start rc=0
	start=$(date +%s)
	timeout 300 bash "$here/integration/$name.sh" >"$results/$name.out" 2>&1 ||
	    rc=$?
	echo "$rc $(( $(date +%s) - start ))" >"$results/$name.rc"
}

# report NAME: print its line (and output on failure) once it has finished.
report() {
	local name=$1 rc secs
	read -r rc secs <"$results/$name.rc"
	if [ "$rc" -eq 0 ]; then
		echo "ok   $name ($secs s)"
	else
		echo "FAIL $name ($secs s)"
		sed 's/^/    /' "$results/$name.out"
	fi
}

# report_finished: report every test that has finished and not been shown.
report_finished() {
	local f
	for f in "$results"/*.rc; do
		[ -e "$f" ] || continue
		report "$(basename "$f" .rc)"
		mv "$f" "$f.done"
	done
}

running=0
for name in $(ordered); do
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
		report_finished
	fi
	run "$name" &
	running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
	wait -n
	running=$((running - 1))
	report_finished
done

pass=0
failed=""
: >"$times.new"
for f in "$results"/*.rc.done; do
	name=$(basename "$f" .rc.done)
	read -r rc secs <"$f"
	echo "$name $secs" >>"$times.new"
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
	else
		failed="$failed $name"
	fi
done
# Keep the times of tests not run this time (IT_ONLY).
[ -f "$times" ] && awk 'NR == FNR { seen[$1] = 1; next } !($1 in seen)' \
    "$times.new" "$times" >>"$times.new"
mv "$times.new" "$times"
if [ -n "$failed" ]; then
	echo "integration tests FAILED:$failed" >&2
	exit 1
fi
echo "integration tests: all $pass passed"
