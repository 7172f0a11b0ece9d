#!/usr/bin/env bash
# What must be stored but never answered, and what cannot be decoded:
# an alphanumeric sender (a carrier's advertisement) is stored without a
# reply; a broken PDU is stored raw with its error, deleted from the SIM,
# and gopyd goes on with the next message.
. "$(dirname "$0")/lib.sh"

sim_start
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready

deliver Viettel gsm7 "Quy khach duoc tang 50% gia tri the nap"
deliver MobiFone ucs2 "Khuyến mãi 20% thẻ nạp hôm nay"
# An SMS-DELIVER cut short inside its timestamp, and plain garbage.
deliver_pdu 07914889200030F0040B914819325476F8000852
deliver_pdu 0791FFFFFF
deliver +84912345678 gsm7 "Co trom o xom 4"
sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty: $(sim_ctl sim)"
sim_ctl wait sent 1 60000 >/dev/null || fail "the citizen was not answered"

gopy list --json --limit 0 >"$T/list.json"
assert_eq "$(wc -l <"$T/list.json")" 5 "messages stored"
assert_eq "$(jq -r 'select(.sender == "Viettel") | .sender_type' "$T/list.json")" \
    alphanumeric "Viettel's sender type"
assert_eq "$(jq -r 'select(.sender == "MobiFone") | .text' "$T/list.json")" \
    "Khuyến mãi 20% thẻ nạp hôm nay" "MobiFone's text"
assert_eq "$(jq -s 'map(select(.error != null)) | length' "$T/list.json")" 2 \
    "undecodable messages"
jq -r 'select(.error != null) | .id' "$T/list.json" | while read -r id; do
	gopy show --json "$id" >"$T/show.json"
	jq -e '.raw_pdu | test("^0791")' "$T/show.json" >/dev/null ||
	    fail "raw PDU of message $id: $(cat "$T/show.json")"
	assert_eq "$(jq '.replies | length' "$T/show.json")" 0 "replies to $id"
done

# Only the citizen was answered; nothing went to Viettel or MobiFone.
sleep 1
sim_ctl sent >"$T/sent.txt"
assert_eq "$(tail -n 1 "$T/sent.txt")" "ok 1" "SMS sent"
grep -q '^sms 1 +84912345678 ' "$T/sent.txt" || fail "reply: $(cat "$T/sent.txt")"
grep -q "undecodable" "$T/gopyd.log" || fail "undecodable PDU not logged"
stop_gopyd
