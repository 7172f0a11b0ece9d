#!/usr/bin/env bash
# A modem on a 9600 baud serial line (8N1: 960 bytes/s both ways,
# emulated by modemsim): long listings and PDUs trickle in, commands
# trickle out. Every message is stored once and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 101 -F rate=960
sim_conf "$T/gopy.conf"
msgs_make 10
msgs_deliver 0 3
start_gopyd
wait_ready
msgs_deliver 4 9
msgs_wait
stop_gopyd
msgs_verify
grep -q "no answer to" "$T/gopyd.log" && fail "a command timed out"
exit 0
