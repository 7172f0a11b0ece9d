#!/usr/bin/env bash
# A wrong modem.pin: gopyd tries it once, never again (a third wrong try
# would block the SIM), says why, and keeps running; the SMS waiting on
# the SIM stays there.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 111 -P 1234
sim_conf "$T/gopy.conf"
conf_set pin '"4321"'
deliver +84912345678 gsm7 "Co trom o xom 4"
start_gopyd
wait_until "the PIN rejected" grep -q "PIN rejected" "$T/gopyd.log"
# It comes back to the modem, finds the SIM still locked and says so.
wait_until "a second look at the SIM" grep -q "modem.pin was rejected" \
    "$T/gopyd.log"
kill -0 "$GOPYD_PID" || fail "gopyd exited"
assert_eq "$(sim_stat pin-tries)" 1 "PIN tries"
assert_eq "$(sim_ctl log | grep -c '^at AT+CPIN="4321"$')" 1 "PIN sent"
assert_eq "$(sim_ctl sim | tail -n 1)" "ok 1" "SMS on the SIM"
gopy status --json >"$T/status.json" || true
jq -e '.last_error | test("PIN")' "$T/status.json" >/dev/null ||
    fail "gopy status does not say why: $(cat "$T/status.json")"
stop_gopyd
assert_eq "$(sim_stat pin-tries)" 1 "PIN tries at the end"
