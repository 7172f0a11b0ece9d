#!/usr/bin/env bash
# gopy set --status resolved --notify: the citizen gets one SMS saying the
# report is resolved (reply.notify_template), once; --notify needs
# --status resolved, and a sender that takes no SMS is refused with
# nothing changed.
. "$(dirname "$0")/lib.sh"

CITIZEN=+84912345401
sim_start
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready
deliver "$CITIZEN" ucs2 "Nhà tôi ở xóm 3 bị trộm mất con bò đêm qua"
deliver Viettel gsm7 "Khuyen mai 50% the nap"
sim_ctl wait sent 1 30000 >/dev/null || fail "no acknowledgement"
wait_until "two messages" sh -c "[ \$(\"$BUILD/gopy\" -c '$T/gopy.conf' \
    list --json --limit 0 | wc -l) -eq 2 ]"
id=$(gopy list --json --from "$CITIZEN" | jq -r .id)
ticket=$(gopy list --json --from "$CITIZEN" | jq -r .ticket)
carrier=$(gopy list --json | jq -r 'select(.sender == "Viettel") | .id')

expect_exit 2 gopy set "$id" --notify
grep -q "^gopy: --notify goes with --status resolved$" "$T/err.txt" ||
    fail "notify alone: $(cat "$T/err.txt")"
expect_exit 2 gopy set "$id" --status in_progress --notify
expect_exit 1 gopy set "$carrier" --status resolved --notify
grep -q "no --notify: its sender is a name" "$T/err.txt" ||
    fail "carrier: $(cat "$T/err.txt")"
assert_eq "$(gopy show --json "$carrier" | jq -r .status)" new \
    "status after a refused --notify"

expect_exit 0 gopy set "$id" --status resolved --notify
grep -q "^queued SMS [0-9]* to $CITIZEN (message $id)" "$T/out.txt" ||
    fail "notify output: $(cat "$T/out.txt")"
sim_ctl wait sent 2 30000 >/dev/null || fail "no notification sent"
notice=$(sim_ctl sent | awk -v to="$CITIZEN" '$1 == "sms" && $2 == 2 &&
    $3 == to { sub(/^sms [0-9]+ [^ ]+ [^ ]+ /, ""); print }')
case $notice in
*"$ticket"*"da duoc xu ly"*) ;;
*) fail "notification: '$notice'" ;;
esac

# Resolved already: no second SMS.
expect_exit 0 gopy set "$id" --status resolved --notify
grep -q "resolved already; no SMS sent" "$T/out.txt" ||
    fail "second notify: $(cat "$T/out.txt")"
assert_eq "$(gopy outbox --json --limit 0 | wc -l)" 2 "SMS in the outbox"
assert_eq "$(gopy audit --json --message "$id" | jq -r .field | sort |
    tr '\n' ' ')" "reply status " "history of the message"
stop_gopyd
