#!/usr/bin/env bash
# Lines a modem slips between a +CMGR/+CMGL header and its PDU (a SIMCom
# time-zone URC, an unknown debug line, hex of the wrong length) are never
# taken for the SMS: each message is stored with its exact text.
. "$(dirname "$0")/lib.sh"

sim_start
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready

strays=(
	'*PSUTTZ: 2026,11,29,8,15,0,"+28",0'
	'DEBUG: sms read ok'
	'0791448720003023'
)
i=0
for stray in "${strays[@]}"; do
	i=$((i + 1))
	sim_ctl stray "$stray" >/dev/null || fail "stray '$stray'"
	deliver "+8491234567$i" gsm7 "trom lan thu $i"
	sim_ctl wait sent "$i" 60000 >/dev/null || fail "message $i not answered"
done
sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty: $(sim_ctl sim)"

gopy list --json --limit 0 >"$T/list.json"
assert_eq "$(wc -l <"$T/list.json")" 3 "messages stored"
assert_eq "$(jq -s 'map(select(.error != null)) | length' "$T/list.json")" 0 \
    "messages stored as undecodable"
for i in 1 2 3; do
	assert_eq "$(jq -r --arg s "+8491234567$i" 'select(.sender == $s) | .text' \
	    "$T/list.json")" "trom lan thu $i" "text of message $i"
done
stop_gopyd
