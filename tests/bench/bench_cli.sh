#!/usr/bin/env bash
# make bench-cli: how fast gopy answers on a database of a million
# messages. The database is made once (seeddb --generate: two years, the
# eleven topics, some multipart, statuses, assignees, communes) and kept in
# BUILD/bench/ for the next run; delete BUILD/bench/cli.db to make it again.
# Each command runs once to warm up, then RUNS times; the median is shown
# beside the issue's target. Prints figures, never fails on them. A command
# this gopy does not have is "not available". When BENCH_RESULTS names a
# file, each figure is also appended to it as a row of make bench's table:
# NAME<TAB>FIGURE<TAB>UNIT<TAB>TARGET.
#
# usage: tests/bench/bench_cli.sh BUILD_DIR
set -eu

build=${1:?usage: bench_cli.sh BUILD_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$build/bench
db=$dir/cli.db
conf=$dir/cli.conf
info=$dir/cli.db.info
MESSAGES=${MESSAGES:-1000000}
SEED=${SEED:-20261129}
RUNS=${RUNS:-7}

mkdir -p "$dir"
# The shipped configuration, with the communes the messages name.
sed "s|^\([[:space:]]*path[[:space:]]*=[[:space:]]*\)\"[^\"]*\"|\1\"$db\"|" \
    "$repo/config/gopy.conf" >"$conf"
cat "$repo/tests/bench/communes.conf" >>"$conf"
cp "$repo/config/learned.conf" "$dir/learned.conf"

if [ ! -s "$db" ] || [ ! -s "$info" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	# Two years up to the start of today (UTC), so that "365d" is a year
	# of messages; the seed and the end make the same database again.
	end=$(( $(date +%s) / 86400 * 86400 ))
	echo "making $db: $MESSAGES messages, seed $SEED, end $end"
	start=$(date +%s)
	"$build/seeddb" -c "$conf" --generate "$MESSAGES" --seed "$SEED" \
	    --end "$end" "$db" >/dev/null
	printf 'messages=%s seed=%s end=%s seconds=%s\n' "$MESSAGES" "$SEED" \
	    "$end" "$(( $(date +%s) - start ))" >"$info"
fi
# An older schema is brought up to date (seeddb opens it for writing).
"$build/seeddb" -c "$conf" "$db" </dev/null >/dev/null
read -r messages seed end seconds <<<"$(tr '=' ' ' <"$info" |
    awk '{ print $2, $4, $6, $8 }')"
size=$(du -m "$db" | cut -f1)
echo "database: $messages messages, $size MB, made in $seconds s" \
    "(seed $seed, two years to $(date -u -d "@$end" +%F))"
echo "each command: median of $RUNS runs after one warm-up, release build"
echo

# row NAME FIGURE UNIT TARGET: a row for make bench's table, if asked for.
row() {
	if [ -n "${BENCH_RESULTS:-}" ]; then
		printf '%s\t%s\t%s\t%s\n' "$@" >>"$BENCH_RESULTS"
	fi
}
row "CLI database: $messages messages, made in $seconds s" "$size" "MB" ""

available() {
	"$build/gopy" help "$1" >/dev/null 2>&1
}

# bench TARGET COMMAND [ARGUMENT ...]
bench() {
	local target=$1 result
	shift
	if ! available "$1"; then
		result="not available"
	else
		result=$("$build/bench/bench_time" "$RUNS" "$build/gopy" \
		    -c "$conf" "$@" || true)
	fi
	printf '%-44s %16s  %s\n' "gopy $*" "$result" "$target"
	row "gopy $*" "$result" "ms" "${target#-}"
}

printf '%-44s %16s  %s\n' "command" "median ms" "target ms"
bench "< 50" list --topic trom_cap --since 30d
bench "< 100" search trom bo
bench "< 500" stats --by topic --since 365d
bench "< 500" stats --by day --since 365d
bench "< 10" show $(( messages / 2 ))
bench "-" export --csv --since 30d
