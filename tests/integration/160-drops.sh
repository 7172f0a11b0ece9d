#!/usr/bin/env bash
# The modem connection drops three times while messages come and go, each
# time on a command that then has no effect (an AT+CMGS dropped sends
# nothing): gopyd reconnects and goes on. Each message is stored once and
# answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 160
sim_conf "$T/gopy.conf"
conf_set retry_delay 1
msgs_make 12
start_gopyd
wait_ready
drops_over() {
	[ "$(sim_stat drops)" -ge "$1" ]
}
for round in 1 2 3; do
	# The 4th, 6th, 8th command line from now: inside the work below.
	sim_fault drop-after $((2 + 2 * round))
	msgs_deliver $((4 * round - 4)) $((4 * round - 1))
	wait_until "drop $round" drops_over "$round"
	wait_ready $((round + 1))
done
msgs_wait
assert_eq "$(sim_stat drops)" 3 "drops"
stop_gopyd
msgs_verify
