#!/usr/bin/env bash
# make bench-ingest: the real gopyd (release build) against modemsim over
# loopback TCP, each run on a fresh database in a temporary directory,
# with the shipped configuration (poll_interval 60 s, the shipped reply
# limits: every message comes from its own number with its own text, so
# that each is answered).
#
#   ingest      2,000 single-part GSM 7-bit messages, then 200 three-part
#               UCS2 ones, all put into the network at once (deliver-many;
#               the 30-slot SIM takes them as gopyd frees slots): messages
#               per second from the delivery to the last acknowledgement
#               sent, which comes after every row is committed (an ack is
#               queued in its message's transaction and sent after it)
#   line        the same at 115200 and 9600 baud (modemsim fault rate,
#               baud / 10 bytes/s): the bytes modemsim counted on the
#               modem connection, both ways, against what the line could
#               carry in the measured time; 1.0 is a line never idle
#   latency     messages at a fixed rate below saturation: from modemsim
#               queuing +CMTI to its receiving AT+CMGD for that slot, which
#               gopyd sends right after the COMMIT (never before it)
#   footprint   gopyd's peak RSS (VmHWM) after the 2,000 messages, its CPU
#               time (utime + stime) per 1,000 of them, and context
#               switches per minute when idle, modem connected
#
# Prints figures, never fails on them. When BENCH_RESULTS names a file,
# appends rows NAME<TAB>FIGURE<TAB>UNIT<TAB>TARGET to it.
# Environment: INGEST_MSGS (2000), MULTI_MSGS (200), LINE_MSGS_115200
# (400), LINE_MSGS_9600 (40), LATENCY_MSGS (500), LATENCY_GAP_MS (40),
# BENCH_IDLE_S (60).
#
# usage: tests/bench/bench_ingest.sh BUILD_DIR
set -eu

build=${1:?usage: bench_ingest.sh BUILD_DIR}
BUILD=$(cd "$build" && pwd)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
INGEST_MSGS=${INGEST_MSGS:-2000}
MULTI_MSGS=${MULTI_MSGS:-200}
LINE_MSGS_115200=${LINE_MSGS_115200:-400}
LINE_MSGS_9600=${LINE_MSGS_9600:-40}
LATENCY_MSGS=${LATENCY_MSGS:-500}
LATENCY_GAP_MS=${LATENCY_GAP_MS:-40}
BENCH_IDLE_S=${BENCH_IDLE_S:-60}
WAIT_MS=900000			# the longest a run may take

SHORT="Nha toi o xom 3 bi trom mat con bo dem qua, de nghi cong an xa xu ly"
# 160 characters: with " (so N)" three UCS2 parts of at most 67.
LONG="Kính gửi công an xã, đêm qua nhà tôi ở xóm 3 bị kẻ gian cạy khóa\
 chuồng, dắt mất hai con bò và một chiếc xe máy. Sáng nay tôi thấy dấu chân\
 dẫn ra phía bờ sông."

BASE=$(mktemp -d /tmp/gopy-bench.XXXXXX)
chmod 711 "$BASE"	# gopyd, run as nobody by root, reaches its run directory
T=$BASE
GOPYD_PID=""
. "$REPO/scripts/sim.sh"

die() {
	echo "bench_ingest: $*" >&2
	exit 1
}

stop_all() {
	[ -n "$GOPYD_PID" ] && kill -TERM "$GOPYD_PID" 2>/dev/null &&
	    wait "$GOPYD_PID" 2>/dev/null
	[ -n "$SIM_PID" ] && kill -TERM "$SIM_PID" 2>/dev/null &&
	    wait "$SIM_PID" 2>/dev/null
	GOPYD_PID="" SIM_PID=""
}

cleanup() {
	set +e
	stop_all
	rm -rf "$BASE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# result NAME FIGURE UNIT TARGET: print it, and keep it for the report.
result() {
	printf '  %-44s %12s %-8s %s\n' "$1" "$2" "$3" "${4:+target $4}"
	if [ -n "${BENCH_RESULTS:-}" ]; then
		printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$BENCH_RESULTS"
	fi
}

now_ns() {
	date +%s%N
}

# start RUN [MODEMSIM ARGS]: modemsim and gopyd in a directory of their
# own, the modem ready and its start-up queries (listing, health poll)
# answered, so that the line is idle.
start() {
	T=$BASE/$1
	shift
	mkdir -p "$T"
	service_user_setup	# gopyd refuses root: as root, run it as nobody
	sim_start "$@"
	sim_conf "$T/gopy.conf"
	# sim_conf sweeps every 5 s for the tests; a station sweeps every 60.
	sed -i 's/^\([[:space:]]*poll_interval[[:space:]]*=[[:space:]]*\)[0-9]*/\160/' \
	    "$T/gopy.conf"
	$AS_SERVICE "$BUILD/gopyd" -c "$T/gopy.conf" 2>"$T/gopyd.log" &
	GOPYD_PID=$!
	wait_until "gopyd ready" grep -q "modem '.*' ready" "$T/gopyd.log"
	wait_until "the health poll" health_polled
}

# health_polled: gopyd has asked the last question of its health poll.
health_polled() {
	sim_ctl log | grep -qF 'AT+CNMI?'
}

outbox_empty() {
	"$BUILD/gopy" -c "$T/gopy.conf" status --json |
	    jq -e '.outbox_waiting == 0' >/dev/null
}

# run N MS SENDER CODING TEXT: deliver-many, until the N acknowledgements
# are sent; sets SECONDS_RUN.
run() {
	local t0 t1 out
	t0=$(now_ns)
	sim_ctl deliver-many "$@" >/dev/null || die "deliver-many $*"
	out=$(sim_ctl wait sent "$1" "$WAIT_MS") ||
	    die "$1 acknowledgements not sent: $out"
	t1=$(now_ns)
	SECONDS_RUN=$(awk -v a="$t0" -v b="$t1" \
	    'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

# stored: rows in the messages table.
stored() {
	python3 - "$T/gopy.db" <<'EOF'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1], timeout=30).execute(
    "SELECT count(*) FROM messages").fetchone()[0])
EOF
}

# check N: say so when the run did not store N messages.
check() {
	local n
	n=$(stored)
	[ "$n" = "$1" ] || echo "  warning: $n messages stored, want $1"
}

# cpu_ticks: gopyd's utime + stime, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$GOPYD_PID/stat"
}

# switches: gopyd's voluntary and involuntary context switches.
switches() {
	awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 }
	    END { print n }' "/proc/$GOPYD_PID/status"
}

rate() {
	awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'
}

echo "ingest benchmark: $BUILD/gopyd and modemsim over loopback TCP," \
    "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# Ingest, single part; footprint from the same gopyd.
start single
c0=$(cpu_ticks)
run "$INGEST_MSGS" 0 +84912000000 gsm7 "$SHORT"
c1=$(cpu_ticks)
check "$INGEST_MSGS"
result "ingest, single-part GSM 7-bit, with ack" \
    "$(rate "$INGEST_MSGS" "$SECONDS_RUN")" "msg/s" ""
echo "    ($INGEST_MSGS messages in $SECONDS_RUN s)"
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$GOPYD_PID/status")
result "gopyd peak RSS (VmHWM) after $INGEST_MSGS messages" \
    "$(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }')" "MB" "< 8"
result "gopyd CPU per 1,000 messages" \
    "$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$INGEST_MSGS" \
    'BEGIN { printf "%.2f", t / hz * 1000 / n }')" "s" ""
wait_until "an empty outbox" outbox_empty
w0=$(switches)
sleep "$BENCH_IDLE_S"
w1=$(switches)
result "gopyd wakeups when idle (context switches)" \
    "$(awk -v w=$((w1 - w0)) -v s="$BENCH_IDLE_S" \
    'BEGIN { printf "%.0f", w * 60 / s }')" "/min" "<= 60"
echo "    ($((w1 - w0)) in $BENCH_IDLE_S s)"
stop_all

# Ingest, three-part UCS2.
start multi
run "$MULTI_MSGS" 0 +84987000000 ucs2 "$LONG"
check "$MULTI_MSGS"
result "ingest, three-part UCS2, with ack" \
    "$(rate "$MULTI_MSGS" "$SECONDS_RUN")" "msg/s" ""
echo "    ($MULTI_MSGS messages, $(sim_stat cmti-sent) parts, in" \
    "$SECONDS_RUN s)"
stop_all

# line BAUD MESSAGES: the share of the line's capacity used.
line() {
	local bps=$(($1 / 10)) in0 out0 cmd0 in1 out1 cmd1 bytes
	start "line$1" -F rate="$bps"
	in0=$(sim_stat bytes-in) out0=$(sim_stat bytes-out)
	cmd0=$(sim_stat commands)
	run "$2" 0 +84913000000 gsm7 "$SHORT"
	in1=$(sim_stat bytes-in) out1=$(sim_stat bytes-out)
	cmd1=$(sim_stat commands)
	check "$2"
	bytes=$((in1 - in0 + out1 - out0))
	result "line use at $1 baud, single-part with ack" \
	    "$(awk -v b="$bytes" -v r="$bps" -v s="$SECONDS_RUN" \
	    'BEGIN { printf "%.2f", b / r / s }')" "" \
	    "$([ "$1" = 115200 ] && echo ">= 0.9")"
	echo "    ($2 messages in $SECONDS_RUN s; per message" \
	    "$(( (in1 - in0) / $2 )) bytes to the modem," \
	    "$(( (out1 - out0) / $2 )) from it," \
	    "$(awk -v c=$((cmd1 - cmd0)) -v n="$2" \
	    'BEGIN { printf "%.2f", c / n }') commands)"
	stop_all
}
line 115200 "$LINE_MSGS_115200"
line 9600 "$LINE_MSGS_9600"

# Latency, one message every LATENCY_GAP_MS.
start latency
run "$LATENCY_MSGS" "$LATENCY_GAP_MS" +84914000000 gsm7 "$SHORT"
check "$LATENCY_MSGS"
sim_ctl latency | awk '$1 == "latency" { printf "%.1f\n", $6 / 1000 }' |
    sort -n \
    >"$T/latency.txt"
n=$(wc -l <"$T/latency.txt")
# pct P: the P-th percentile (nearest rank) of the latencies.
pct() {
	local rank=$(( (n * $1 + 99) / 100 ))
	[ "$rank" -ge 1 ] || rank=1
	sed -n "${rank}p" "$T/latency.txt"
}
result "latency +CMTI to COMMIT, p50" "$(pct 50)" "ms" ""
result "latency +CMTI to COMMIT, p95" "$(pct 95)" "ms" ""
result "latency +CMTI to COMMIT, p99" "$(pct 99)" "ms" "< 50"
echo "    ($n messages, one every $LATENCY_GAP_MS ms; max" \
    "$(tail -n 1 "$T/latency.txt") ms)"
stop_all
