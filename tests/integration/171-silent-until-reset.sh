#!/usr/bin/env bash
# A hung modem that answers nothing, not even AT, until it is reset with
# AT+CFUN=1,1: gopyd resets it, initialises it again and goes on. Messages
# that came meanwhile are stored once and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 171
sim_conf "$T/gopy.conf"
conf_set retry_delay 1
msgs_make 8
start_gopyd
wait_ready
msgs_deliver 0 1
sim_ctl wait sent 2 60000 >/dev/null || fail "not answered: $(sim_ctl sent)"
sim_fault silent-until-reset on
msgs_deliver 2 7
msgs_wait
grep -q "AT+CFUN=1,1" "$T/gopyd.log" || fail "no reset logged"
sim_ctl log >"$T/at.txt"
assert_eq "$(grep -c '^at AT+CFUN=1,1$' "$T/at.txt")" 1 "resets sent"
assert_eq "$(sim_stat reboots)" 1 "restarts"
# The reset modem lost its settings: what follows is the initialisation.
after=$(grep -A 1 '^at AT+CFUN=1,1$' "$T/at.txt" | tail -n 1)
case $after in
"at AT"|"at ATE0") ;;
*) fail "after the reset gopyd sent '${after#at }', not AT or ATE0" ;;
esac
stop_gopyd
msgs_verify
