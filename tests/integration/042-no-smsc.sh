#!/usr/bin/env bash
# Some modems list a stored SMS without its SMSC address (27.005 leaves it
# open); gopyd reads those as well as the others.
. "$(dirname "$0")/lib.sh"

sim_start -N
sim_conf "$T/gopy.conf"
deliver +84912345678 ucs2 "Trộm gà ở xóm 7"
start_gopyd
wait_ready
deliver 0987654321 gsm7 "Co nguoi danh bac o xom 2"
sim_ctl wait sent 2 60000 >/dev/null || fail "not answered: $(sim_ctl sent)"
sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty"
gopy list --json --limit 0 >"$T/list.json"
assert_eq "$(jq -r .text "$T/list.json" | sort | tr '\n' '|')" \
    "Co nguoi danh bac o xom 2|Trộm gà ở xóm 7|" "texts"
assert_eq "$(jq -s 'map(select(.error != null)) | length' "$T/list.json")" 0 \
    "undecodable"
stop_gopyd
