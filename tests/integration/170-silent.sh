#!/usr/bin/env bash
# The modem ignores three command lines while messages come: gopyd gives
# up on the command, synchronises with AT again and goes on. Each message
# is stored once and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 170
sim_conf "$T/gopy.conf"
conf_set retry_delay 1
msgs_make 8
start_gopyd
wait_ready
msgs_deliver 0 1
sim_ctl wait sent 2 60000 >/dev/null || fail "not answered: $(sim_ctl sent)"
sim_fault silent 3
msgs_deliver 2 7
msgs_wait
assert_eq "$(sim_ctl fault | awk '$2 == "silent" { print $3 }')" 0 \
    "command lines still to ignore"
grep -q "no answer to" "$T/gopyd.log" || fail "the silence was not noticed"
stop_gopyd
msgs_verify
