#!/usr/bin/env bash
# modem.delivery = "direct": the modem passes each SMS on as +CMT (after
# AT+CSMS=1 and AT+CNMI=2,2), gopyd stores it and only then confirms it
# with AT+CNMA. SMS already on the SIM at start are read from there. When
# the connection drops before the AT+CNMA gets through, the network sends
# the same SMS again: it is still stored only once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 120
sim_conf "$T/gopy.conf"
conf_set delivery '"direct"'
conf_set retry_delay 1
msgs_make 11
msgs_deliver 0 1
start_gopyd
wait_ready
msgs_deliver 2 9
sim_ctl wait sent 9 60000 >/dev/null || fail "not answered: $(sim_ctl sent)"
assert_eq "$(sim_stat cmt-sent)" "$(sim_stat cmt-acked)" "+CMT unconfirmed"

# The next command line, the AT+CNMA for this SMS, closes the connection.
sim_fault drop-after 1
msgs_deliver 10 10
msgs_wait
assert_eq "$(sim_stat drops)" 1 "drops"
stop_gopyd
msgs_verify
sim_ctl log >"$T/at.txt"
grep -q '^at AT+CSMS=1$' "$T/at.txt" || fail "no AT+CSMS=1"
grep -q '^at AT+CNMI=2,2,' "$T/at.txt" || fail "no AT+CNMI=2,2"
# All but the first two came as +CMT, one per part, each confirmed once;
# one of them (normally the last) was sent again after the drop.
parts=$(jq -s 'map(.parts) | add' "$T/list.json")
first=$(jq -s 'map(select(.sender == "+84912000000" or
    .sender == "+84987000001") | .parts) | add' "$T/list.json")
assert_eq "$(sim_stat cmt-acked)" "$((parts - first))" "+CMT confirmed"
[ "$(sim_stat cmt-sent)" -gt "$((parts - first))" ] ||
    echo "note: the drop did not hit an AT+CNMA"
exit 0
