#!/usr/bin/env bash
# The network rejects acknowledgements for good (+CMS ERROR: 21, short
# message transfer rejected): gopyd does not try them again and keeps the
# error in the outbox row. Later messages are answered as usual.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 151 -F cms-error=1 -F cms-code=21
sim_conf "$T/gopy.conf"
conf_set retry_delay 1
start_gopyd
wait_ready
deliver +84912345601 gsm7 "Nha toi bi trom con bo"
deliver +84987654302 ucs2 "Có người ghi lô đề ở xóm 5"
failed() {
	[ "$(gopy list --json --limit 0 | wc -l)" -eq 2 ] || return 1
	for id in $(gopy list --json --limit 0 | jq -r .id); do
		gopy show --json "$id" |
		    jq -e '.replies[0].state == "failed"' >/dev/null || return 1
	done
}
wait_until "both replies failed" failed
for id in $(gopy list --json --limit 0 | jq -r .id); do
	gopy show --json "$id" >"$T/show.json"
	assert_eq "$(jq -r '.replies | length' "$T/show.json")" 1 \
	    "replies of $id"
	assert_eq "$(jq -r '.replies[0].attempts' "$T/show.json")" 1 \
	    "attempts of $id"
	jq -e '.replies[0].last_error | test("21")' "$T/show.json" >/dev/null ||
	    fail "error of reply to $id: $(jq -c .replies "$T/show.json")"
done
grep -q "a permanent error" "$T/gopyd.log" || fail "not logged as permanent"

# The network accepts again: a new message is answered, the old replies
# stay failed, never tried again.
sim_fault cms-error 0
deliver +84912345603 gsm7 "Dua xe tren duong lien xa"
sim_ctl wait sent 1 60000 >/dev/null || fail "new message not answered"
sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty"
stop_gopyd
assert_eq "$(sim_stat cmgs-error)" 2 "AT+CMGS refused"
sim_ctl sent >"$T/sent.txt"
assert_eq "$(tail -n 1 "$T/sent.txt")" "ok 1" "SMS sent"
grep -q '^sms 1 +84912345603 ' "$T/sent.txt" ||
    fail "sent: $(cat "$T/sent.txt")"
assert_eq "$(gopy list --json --limit 0 | wc -l)" 3 "messages stored"
