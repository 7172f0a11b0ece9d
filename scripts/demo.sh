#!/usr/bin/env bash
# make demo: the whole chain on this machine, no modem needed. Starts the
# modem simulator and the real gopyd on free loopback ports with a
# throw-away database, sends in citizens' SMS, and shows what gopyd stored
# and what it answered. Stops everything it started, also on Ctrl-C.
set -eu
BUILD=$(cd "${1:-build}" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/gopy-demo.XXXXXX)
GOPYD_PID=""

die() {
	echo "demo: $*" >&2
	exit 1
}

. "$REPO/scripts/sim.sh"
service_user_setup

cleanup() {
	local rc=$?
	set +e
	[ -n "$GOPYD_PID" ] && kill -TERM "$GOPYD_PID" 2>/dev/null && wait "$GOPYD_PID"
	[ -n "$SIM_PID" ] && kill -TERM "$SIM_PID" 2>/dev/null && wait "$SIM_PID"
	if [ "$rc" -ne 0 ] && [ -f "$T/gopyd.log" ]; then
		echo "--- gopyd log:" >&2
		tail -n 30 "$T/gopyd.log" >&2
	fi
	rm -rf "$T"
	exit "$rc"
}
trap cleanup EXIT
trap 'echo; echo "demo: interrupted, stopping"; exit 130' INT TERM

sim_start
sim_conf "$T/gopy.conf"
echo "== modem simulator on 127.0.0.1:$MODEM_PORT, database $T/gopy.db"

# Two messages wait on the SIM before gopyd starts: it must find them.
sim_ctl deliver +84912345678 ucs2 "Nhà tôi ở xóm 3 bị trộm mất con bò đêm qua, mong công an xã giúp đỡ" >/dev/null
sim_ctl deliver 0987654321 gsm7 "Xom 5 co nguoi ghi lo de cong khai o quan nuoc, de nghi cong an kiem tra" >/dev/null

$AS_SERVICE "$BUILD/gopyd" -c "$T/gopy.conf" >"$T/gopyd.log" 2>&1 &
GOPYD_PID=$!
wait_until "gopyd to start" grep -q "ready" "$T/gopyd.log"
echo "== gopyd running (pid $GOPYD_PID); sending citizens' SMS"

sim_ctl deliver +84356789012 ucs2 "Đêm nào cũng có nhóm thanh niên đua xe, lạng lách trên đường liên xã" >/dev/null
# An old eleven-digit number: stored as the renumbered +8438...
sim_ctl deliver 01681234567 gsm7 "Cam on cac anh cong an xa da giup tim lai xe may bi mat" >/dev/null
# A carrier's advertisement: stored, never answered.
sim_ctl deliver Viettel gsm7 "Quy khach duoc tang 50% gia tri the nap hom nay" >/dev/null
sim_ctl deliver +84912345678 auto "Co nguoi ban ma tuy gan truong hoc, de nghi xu ly ngay" >/dev/null
sim_ctl deliver +84977111222 ucs2 "Cán bộ tiếp dân thái độ hách dịch, quát nạt người dân" >/dev/null

# Six senders are people; the seventh is Viettel.
sim_ctl wait sent 6 60000 >/dev/null || die "not every acknowledgement was sent"
sim_ctl wait sim-empty 60000 >/dev/null || die "SMS left on the SIM"

echo
echo "== gopy list: what the officers see"
COLUMNS=${COLUMNS:-$(tput cols 2>/dev/null || echo 120)} \
    "$BUILD/gopy" -c "$T/gopy.conf" list
echo
echo "== acknowledgements the simulated modem received, decoded"
sim_ctl sent | sed -n 's/^sms [0-9]* \([^ ]*\) \([^ ]*\) /  to \1 (\2): /p'
echo
echo "== one message in full: gopy show 1"
"$BUILD/gopy" -c "$T/gopy.conf" show 1
echo
echo "== done; stopping gopyd and the simulator"
