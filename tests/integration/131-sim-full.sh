#!/usr/bin/env bash
# A SIM of 5 slots and 20 messages, long ones among them: what does not
# fit waits in the network and is stored, with its +CMTI, as slots free.
# All are stored once and answered once; SIM and network end empty.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 131 -n 5
sim_conf "$T/gopy.conf"
msgs_make 20
msgs_deliver 0 9
sim_ctl sim >"$T/sim.txt"
assert_eq "$(tail -n 1 "$T/sim.txt")" "ok 5" "SMS on the SIM"
grep -q '^network [1-9]' "$T/sim.txt" ||
    fail "none waiting: $(cat "$T/sim.txt")"
start_gopyd
wait_ready
msgs_deliver 10 19
msgs_wait
stop_gopyd
msgs_verify
