#!/bin/sh
# make check-valgrind: every tests/integration/NNN-*.sh with the programs of
# build dir $1 (a build without sanitizers) run under valgrind memcheck;
# with more arguments, only the tests they name (run.sh build-vg 030-...).
#
# The tests themselves are unchanged: they run "$BUILD/gopyd", "$BUILD/gopy"
# and "$BUILD/modemsim", and BUILD points at a directory of wrappers that
# exec valgrind on the real programs (VALGRIND_PROGS, default gopyd, gopy
# and modemsim; the other programs are links). Valgrind writes to a log file per
# process, not to the program's stderr, which tests compare. A test fails
# when it fails on its own (valgrind's exit status 99 on an error fails the
# checks of exit statuses) or when any of its processes' logs reports an
# error or a leak, which also catches processes killed before their exit
# status was seen.
#
# No suppressions: Debian 12's glibc, SQLite, libconfig, libserialport and
# utf8proc showed no error and no leak of their own here. Should one ever
# need one, it goes in a file given with --suppressions, with its reason.
#
# Environment: VALGRIND_PROGS, VALGRIND_SKIP (test names, with the reason
# in the Makefile), VALGRIND_TEST_TIMEOUT_S (per test, default 1800),
# DEADLINE_S (scripts/sim.sh, default here 300).
set -u
build=${1:?usage: run.sh BUILD_DIR [TEST...]}
shift
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
progs=${VALGRIND_PROGS:-gopyd gopy modemsim}
wrap=$build/valgrind
logs=$build/valgrind-logs

command -v valgrind >/dev/null || {
	echo "valgrind not found: apt-get install valgrind" >&2
	exit 1
}

rm -rf "$wrap" "$logs"
mkdir -p "$wrap" "$logs"
for f in "$build"/*; do
	[ -f "$f" ] && [ -x "$f" ] || continue
	p=$(basename "$f")
	case " $progs " in
	*" $p "*) ;;
	*)
		ln -s "$build/$p" "$wrap/$p"
		continue
		;;
	esac
	cat >"$wrap/$p" <<EOF
#!/bin/sh
# $p under valgrind memcheck (tests/valgrind/run.sh); the log goes to
# \$VG_LOG_DIR, which the runner sets for each test.
exec valgrind --tool=memcheck --leak-check=full \\
    --show-leak-kinds=definite,indirect,possible \\
    --errors-for-leak-kinds=definite,indirect,possible \\
    --error-exitcode=99 --num-callers=30 \\
    --log-file="\${VG_LOG_DIR:?}/$p.%p.log" "$build/$p" "\$@"
EOF
	chmod 755 "$wrap/$p"
done

# vg_failed DIR: the logs in DIR that report an error or a leak. A log
# with no ERROR SUMMARY is of a process killed (SIGKILL by a crash test):
# it fails when it shows the stack of an error reported before the kill.
vg_failed() {
	for f in "$1"/*.log; do
		[ -f "$f" ] || continue
		if grep -q "ERROR SUMMARY: " "$f"; then
			grep -q "ERROR SUMMARY: 0 errors" "$f" || echo "$f"
		elif grep -Eq "^==[0-9]+==    (at|by) 0x" "$f"; then
			echo "$f"
		fi
	done
}

export BUILD="$wrap" REPO="$repo"
export DEADLINE_S="${DEADLINE_S:-300}"
timeout_s=${VALGRIND_TEST_TIMEOUT_S:-1800}
pass=0
failed=""
skipped=""
if [ $# -eq 0 ]; then
	set -- "$repo"/tests/integration/[0-9]*.sh
fi
for t; do
	name=$(basename "$t" .sh)
	t=$repo/tests/integration/$name.sh
	case " ${VALGRIND_SKIP:-} " in
	*" $name "*)
		echo "skip $name"
		skipped="$skipped $name"
		continue
		;;
	esac
	export VG_LOG_DIR="$logs/$name"
	mkdir -p "$VG_LOG_DIR"
	# Tests run gopy as other users too (210-cli-work, as nobody).
	chmod 1777 "$VG_LOG_DIR"
	out=$(mktemp)
	start=$(date +%s)
	rc=0
	timeout "$timeout_s" bash "$t" >"$out" 2>&1 || rc=$?
	bad=$(vg_failed "$VG_LOG_DIR")
	n=$(ls "$VG_LOG_DIR" | wc -l)
	took="$(( $(date +%s) - start )) s, $n processes"
	if [ "$rc" -eq 0 ] && [ -z "$bad" ]; then
		echo "ok   $name ($took)"
		pass=$((pass + 1))
		rm -rf "$VG_LOG_DIR"
	else
		echo "FAIL $name ($took, exit status $rc)"
		sed 's/^/    /' "$out"
		for f in $bad; do
			echo "    --- $f"
			head -n 80 "$f" | sed 's/^/    /'
		done
		failed="$failed $name"
	fi
	rm -f "$out"
done
[ -z "$skipped" ] || echo "skipped under valgrind:$skipped"
if [ -n "$failed" ]; then
	echo "valgrind tests FAILED:$failed (logs in $logs)" >&2
	exit 1
fi
echo "valgrind tests: all $pass passed, no error and no leak"
