#!/usr/bin/env bash
# A SIM that asks for its PIN: gopyd enters modem.pin once and goes on.
# The modem restarts (the SIM locks again): gopyd enters it once more.
# Every message, before and after, is stored once and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 110 -P 1234
sim_conf "$T/gopy.conf"
conf_set pin '"1234"'
msgs_make 8
msgs_deliver 0 1
start_gopyd
wait_ready
msgs_deliver 2 4
sim_ctl wait sent 4 60000 >/dev/null || fail "not answered: $(sim_ctl sent)"
assert_eq "$(sim_stat pin-tries)" 1 "PIN tries"
grep -q "PIN accepted" "$T/gopyd.log" || fail "PIN not accepted"

sim_fault reboot now
wait_ready 2
msgs_deliver 5 7
msgs_wait
assert_eq "$(sim_stat pin-tries)" 2 "PIN tries after a restart"
stop_gopyd
msgs_verify
