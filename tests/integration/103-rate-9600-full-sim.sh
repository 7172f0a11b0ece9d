#!/usr/bin/env bash
# A full 60-slot SIM read at 9600 baud: the AT+CMGL listing takes longer than a
# command's timeout, and must not be given up on while its lines keep
# coming. Every message is stored once and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 103 -F rate=960 -n 60
sim_conf "$T/gopy.conf"
msgs_make 60
msgs_deliver 0 59
start_gopyd
msgs_wait 240000
stop_gopyd
msgs_verify
grep -q "no answer to" "$T/gopyd.log" && fail "a command timed out"
exit 0
