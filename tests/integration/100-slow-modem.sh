#!/usr/bin/env bash
# A slow modem: every answer starts 500 ms after its command. Messages
# waiting on the SIM at start and arriving while gopyd works, long ones
# among them, are each stored once and answered once; the SIM ends empty.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 100 -F latency=500
sim_conf "$T/gopy.conf"
msgs_make 10
msgs_deliver 0 2
start_gopyd
wait_ready
msgs_deliver 3 9
msgs_wait
stop_gopyd
msgs_verify
grep -q "no answer to" "$T/gopyd.log" && fail "a command timed out"
exit 0
