#!/usr/bin/env bash
# gopy decode: the support engineer's view of raw PDUs, without a
# configuration or a database.
. "$(dirname "$0")/lib.sh"

decode() {
	"$BUILD/gopy" -c /nonexistent decode "$@"
}

# The classic SMS-DELIVER "hellohello" (SMSC +27381000015, 1999-03-29).
hello=07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37
out=$(decode "$hello") || fail "hellohello: $out"
assert_eq "$(jq -r .type <<<"$out")" deliver "type"
assert_eq "$(jq -r .smsc <<<"$out")" +27381000015 "smsc"
assert_eq "$(jq -r .sender <<<"$out")" 27838890001 "sender"
assert_eq "$(jq -r .scts <<<"$out")" 1999-03-29T15:16:59+02:00 "scts"
assert_eq "$(jq -r .dcs <<<"$out")" gsm7 "dcs"
assert_eq "$(jq -r .text <<<"$out")" hellohello "text"
assert_eq "$(jq -c .udh <<<"$out")" null "udh"

# What the simulator delivers: UCS2 Vietnamese, an alphanumeric sender, a
# part of a long SMS.
sim_start
sim_ctl deliver +84912345678 ucs2 "Trộm bò ở xóm 3" >/dev/null
sim_ctl deliver Viettel gsm7 "Khuyen mai" >/dev/null
sim_ctl prepare L 0912345678 gsm7 "$(printf 'x%.0s' $(seq 1 200))" >/dev/null
sim_ctl deliver-part L 2 >/dev/null
mapfile -t pdus < <(sim_ctl sim | awk '$1 == "slot" { print $3 }')
assert_eq "${#pdus[@]}" 3 "PDUs on the SIM"
decode "${pdus[@]}" >"$T/out.json" || fail "decode: $(cat "$T/out.json")"
assert_eq "$(jq -r .text "$T/out.json" | head -n 2)" "Trộm bò ở xóm 3
Khuyen mai" "texts"
assert_eq "$(jq -r .dcs "$T/out.json" | tr '\n' ' ')" "ucs2 gsm7 gsm7 " "codings"
assert_eq "$(jq -r .sender_type "$T/out.json" | tr '\n' ' ')" \
    "international alphanumeric national " "sender types"
assert_eq "$(jq -c '.udh.concat | [.total, .seq]' "$T/out.json" | tail -n 1)" \
    "[2,2]" "concatenation"
jq -e '.scts | test("\\+07:00$")' "$T/out.json" >/dev/null || fail "zone"

# A status report without SMSC address, and an SMS-SUBMIT.
out=$(decode --no-smsc 06070B914819325476F86211921000008262119210100082 00 \
    2>&1) && fail "truncated report accepted: $out"
out=$(decode --no-smsc 06070B914819325476F8621192100000826211921010008200) ||
    fail "report: $out"
assert_eq "$(jq -r '[.type, .mr, .recipient, .delivery] | join(" ")' <<<"$out")" \
    "status-report 7 +84912345678 delivered" "status report"
out=$(decode 0001000B914819325476F8000006C3701BF47603) || fail "submit: $out"
assert_eq "$(jq -r '[.type, .recipient, .text] | join(" ")' <<<"$out")" \
    "submit +84912345678 Cam on" "submit"

# Broken input: an error each, exit status 1, the good ones still decoded.
rc=0
decode zz 0791 "$hello" >"$T/bad.json" || rc=$?
assert_eq "$rc" 1 "exit status with bad PDUs"
assert_eq "$(jq -r '.error != null' "$T/bad.json" | tr '\n' ' ')" \
    "true true false " "errors"
rc=0
decode >/dev/null 2>&1 || rc=$?
assert_eq "$rc" 2 "decode without PDUs"
