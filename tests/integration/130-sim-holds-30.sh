#!/usr/bin/env bash
# A SIM holding 30 messages, full, when gopyd starts; four more wait in
# the network and come as slots free. All are stored once and answered
# once; the SIM ends empty.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 130 -n 30
sim_conf "$T/gopy.conf"
msgs_make 34 short
msgs_deliver 0 29
assert_eq "$(sim_ctl sim | tail -n 1)" "ok 30" "SMS on the SIM"
start_gopyd
msgs_deliver 30 33
msgs_wait
stop_gopyd
msgs_verify
