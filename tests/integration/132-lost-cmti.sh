#!/usr/bin/env bash
# The modem loses most +CMTI notifications: the sweep every poll_interval
# (5 s in tests) finds those SMS. All are stored once and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 132 -F lost-cmti=0.7
sim_conf "$T/gopy.conf"
msgs_make 10
start_gopyd
wait_ready
msgs_deliver 0 9
msgs_wait
[ "$(sim_stat cmti-lost)" -gt 0 ] || fail "no +CMTI lost"
stop_gopyd
msgs_verify
