#!/usr/bin/env bash
# The network refuses half the acknowledgements (+CMS ERROR: 500, a
# temporary error): gopyd tries them again after modem.retry_delay until
# they go. Then the network recovers. Each acknowledgement is sent exactly
# once in the end.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 150 -F cms-error=0.5
sim_conf "$T/gopy.conf"
conf_set retry_delay 1
conf_set send_attempts 20
msgs_make 8
start_gopyd
wait_ready
msgs_deliver 0 7
want=$(msgs_answered)
# Some refusals, or all through: then the network recovers, and the
# retries (after 1, 4, 16 s) stay short.
refused_or_done() {
	[ "$(sim_stat cmgs-error)" -ge 3 ] ||
	    [ "$(sim_ctl sent | tail -n 1)" = "ok $want" ]
}
wait_until "refused acknowledgements" refused_or_done
sim_fault cms-error 0
msgs_wait
errors=$(sim_stat cmgs-error)
stop_gopyd
msgs_verify
assert_eq "$(sim_stat cmgs-ok)" "$want" "AT+CMGS accepted"
for id in $(jq -r .id "$T/list.json"); do
	gopy show --json "$id" | jq -r '.replies[] | [.state, .attempts] | @tsv'
done >"$T/replies.txt"
assert_eq "$(grep -vc '^sent' "$T/replies.txt")" 0 "replies not sent"
assert_eq "$(awk '{ n += $2 - 1 } END { print n }' "$T/replies.txt")" \
    "$errors" "retries in the outbox"
