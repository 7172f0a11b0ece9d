# Sourced by every integration test. Gives each test a temporary directory,
# a modem simulator and a real gopyd on loopback ports (scripts/sim.sh),
# and assertions. Everything started here is stopped by the EXIT trap; the
# logs are shown when a test fails.
#
# Environment: BUILD (the programs), REPO (the source tree).

set -eu
: "${BUILD:?set BUILD to the directory holding gopyd, gopy and modemsim}"
: "${REPO:?set REPO to the source tree}"
. "$REPO/scripts/sim.sh"

T=$(mktemp -d /tmp/gopy-it.XXXXXX)
GOPYD_PID=""

cleanup() {
	rc=$?
	set +e
	[ -n "$GOPYD_PID" ] && kill -TERM "$GOPYD_PID" 2>/dev/null && wait "$GOPYD_PID"
	[ -n "$SIM_PID" ] && kill -TERM "$SIM_PID" 2>/dev/null && wait "$SIM_PID"
	if [ "$rc" -ne 0 ]; then
		for f in "$T"/*.log; do
			[ -f "$f" ] || continue
			echo "--- $(basename "$f") (last 60 lines)"
			tail -n 60 "$f"
		done
	fi
	rm -rf "$T"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# scripts/sim.sh calls die.
die() {
	fail "$@"
}

# deliver SENDER CODING TEXT: an SMS into the simulated SIM, or fail saying why.
deliver() {
	sim_ctl deliver "$@" >"$T/ctl.out" ||
	    fail "deliver $*: $(cat "$T/ctl.out")"
}

# deliver_pdu HEX: a raw PDU into the simulated SIM.
deliver_pdu() {
	sim_ctl deliver-pdu "$@" >"$T/ctl.out" ||
	    fail "deliver-pdu $*: $(cat "$T/ctl.out")"
}

# Stop the simulator and check that it exited cleanly.
stop_modemsim() {
	kill -TERM "$SIM_PID"
	wait "$SIM_PID" || fail "modemsim exited with status $?"
	SIM_PID=""
}

# start_gopyd [ARGS]: start the daemon on $T/gopy.conf.
start_gopyd() {
	"$BUILD/gopyd" -c "$T/gopy.conf" -v "$@" >>"$T/gopyd.log" 2>&1 &
	GOPYD_PID=$!
}

# wait_ready: until gopyd has initialised the modem (the Nth time: $1).
wait_ready() {
	n=${1:-1}
	wait_until "gopyd ready" sh -c \
	    "[ \$(grep -c \"modem '.*' ready\" '$T/gopyd.log') -ge $n ]"
}

stop_gopyd() {
	kill -TERM "$GOPYD_PID"
	rc=0
	wait "$GOPYD_PID" || rc=$?
	GOPYD_PID=""
	[ "$rc" -eq 0 ] || fail "gopyd exited with status $rc"
}

gopy() {
	"$BUILD/gopy" -c "$T/gopy.conf" "$@"
}

# count_rows: how many messages gopy lists.
count_rows() {
	gopy list --json --limit 0 | wc -l
}

assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-values differ}: got '$1', want '$2'"
}
