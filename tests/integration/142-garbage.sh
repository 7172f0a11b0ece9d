#!/usr/bin/env bash
# Junk before a third of the responses: NUL, 0xFF, invalid UTF-8, bare
# CRs, now and then a line of 3000 bytes. gopyd skips it; each message is
# stored once with its exact text and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 142 -F garbage=0.3
sim_conf "$T/gopy.conf"
conf_set retry_delay 2
msgs_make 10
msgs_deliver 0 1
start_gopyd
wait_ready
msgs_deliver 2 9
msgs_wait
[ "$(sim_stat garbage)" -gt 0 ] || fail "no garbage sent"
stop_gopyd
msgs_verify
assert_eq "$(jq -s 'map(select(.error != null)) | length' "$T/list.json")" 0 \
    "messages stored as undecodable"
