#!/usr/bin/env bash
# Unsolicited lines inside responses, between a command's information
# lines (a +CMGR header and its PDU, too) or before its result: half the
# responses carry one, Quectel's and then a generic +CIEV. Each message
# is stored once with its exact text and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 141 -F urc-inside=0.5 -F noise=quectel \
    -F noise-interval=3600000
sim_conf "$T/gopy.conf"
msgs_make 10
msgs_deliver 0 1
start_gopyd
wait_ready
msgs_deliver 2 5
sim_ctl wait sent 5 60000 >/dev/null || fail "not answered: $(sim_ctl sent)"
sim_fault noise off
msgs_deliver 6 9
msgs_wait
[ "$(sim_stat urc-inside)" -gt 0 ] || fail "no URC inside a response"
stop_gopyd
msgs_verify
assert_eq "$(jq -s 'map(select(.error != null)) | length' "$T/list.json")" 0 \
    "messages stored as undecodable"
