#!/usr/bin/env bash
# An unreachable modem is retried with backoff, never a reason to exit:
# gopyd waits for a TCP modem that is not there yet and for a serial device
# that does not exist, and picks the modem up once it appears.
. "$(dirname "$0")/lib.sh"

# Learn a free port, then free it: the modem will appear there later.
sim_start
port=$MODEM_PORT
sim_conf "$T/gopy.conf"
stop_modemsim

start_gopyd
wait_until "a second connection attempt" grep -q "attempt 2" "$T/gopyd.log"
kill -0 "$GOPYD_PID" || fail "gopyd exited while the modem was away"
grep -q "retrying with backoff" "$T/gopyd.log" || fail "no backoff warning"

# The modem appears on the same port: gopyd connects and initialises it.
sim_start -p "$port"
deliver +84912345678 gsm7 "trom cho o xom 2"
wait_ready
sim_ctl wait sent 1 60000 >/dev/null || fail "no acknowledgement after reconnect"
assert_eq "$(count_rows)" 1 "messages after reconnect"

# The modem drops the connection: gopyd reconnects and goes on.
stop_modemsim
sim_start -p "$port"
wait_ready 2
deliver +84912345679 gsm7 "trom xe dap"
sim_ctl wait sent 1 60000 >/dev/null || fail "no acknowledgement after a drop"
assert_eq "$(count_rows)" 2 "messages after the drop"
stop_gopyd

# A serial device that does not exist: retried through libserialport.
sed "s|\"tcp:127.0.0.1:$port\"|\"/dev/ttyGOPYNONE0\"|" "$T/gopy.conf" \
    >"$T/serial.conf"
: >"$T/gopyd.log"
$AS_SERVICE "$BUILD/gopyd" -c "$T/serial.conf" -v >>"$T/gopyd.log" 2>&1 &
GOPYD_PID=$!
wait_until "a second open attempt" grep -q "attempt 2" "$T/gopyd.log"
grep -q "/dev/ttyGOPYNONE0" "$T/gopyd.log" || fail "device not named in log"
stop_gopyd
