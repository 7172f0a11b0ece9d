#!/usr/bin/env bash
# A burst of 50 SMS from one number, each with its own text and the number
# written three ways (0912..., 84912..., +84912...): every one is stored,
# but only the first 5 are answered (reply.limit_per_window, 5 in 10
# minutes); the other 45 are flagged "limit". A second number writing in
# the middle of the burst is answered as usual. Then the day's limit
# (reply.limit_per_day, 20): each time the last replies are moved out of
# the 10 minutes, 5 more are answered, until 20 were sent that day.
. "$(dirname "$0")/lib.sh"

BURST=+84912345101
FORMS=(0912345101 84912345101 +84912345101)
OTHER=+84987654102

# stored N: until N messages are stored.
stored() {
	[ "$(gopy list --json --limit 0 | wc -l)" -eq "$1" ]
}

sim_start -n 60
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready
for i in $(seq 1 50); do
	deliver "${FORMS[i % 3]}" gsm7 "Xom $i co trom cho, mat $i con ga"
	case $i in
	10|25|40) deliver "$OTHER" gsm7 "Duong lien xa hong o doan so $i" ;;
	esac
done
wait_until "53 messages stored" stored 53
sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty: $(sim_ctl sim)"
wait_until "an empty outbox" outbox_empty

# What went out: 5 acknowledgements to the burst, 3 to the other number.
assert_eq "$(sent_to "$BURST" | wc -l)" 5 "SMS to the bursting number"
assert_eq "$(sent_to "$OTHER" | wc -l)" 3 "SMS to the other number"
assert_eq "$(sim_ctl sent | tail -n 1)" "ok 8" "SMS sent in all"

# What was stored: all 50, the first 5 answered, the rest flagged.
assert_eq "$(db_query "SELECT count(*) FROM messages WHERE sender = ?" \
    "$BURST")" 50 "messages from the bursting number"
assert_eq "$(db_query "SELECT count(DISTINCT text) FROM messages
    WHERE sender = ?" "$BURST")" 50 "distinct texts stored"
assert_eq "$(db_query "SELECT group_concat(coalesce(unanswered, 'answered'))
    FROM (SELECT unanswered FROM messages WHERE sender = ? ORDER BY id
    LIMIT 5)" "$BURST")" answered,answered,answered,answered,answered \
    "the first five"
assert_eq "$(db_query "SELECT count(*) FROM messages WHERE sender = ?
    AND unanswered = 'limit'" "$BURST")" 45 "messages flagged limit"
assert_eq "$(db_query "SELECT count(*) FROM messages WHERE sender = ?
    AND unanswered IS NULL" "$OTHER")" 3 "the other number answered"
# Each acknowledgement carries the ticket of one of the first five.
db_query "SELECT ticket FROM messages WHERE sender = ? ORDER BY id LIMIT 5" \
    "$BURST" >"$T/tickets.txt"
sent_to "$BURST" | grep -o '[0-9]\{4,\}-[0-9]' >"$T/acked.txt"
diff "$T/tickets.txt" "$T/acked.txt" >/dev/null ||
    fail "tickets acknowledged: $(tr '\n' ' ' <"$T/acked.txt"), want \
$(tr '\n' ' ' <"$T/tickets.txt")"
assert_eq "$(db_query "SELECT count(*) FROM outbox WHERE recipient = ?" \
    "$BURST")" 5 "outbox rows to the bursting number"

# Eleven minutes pass, three times: 5 more answered each time, 20 today.
# The fourth time the 10 minutes are free but the day is full.
total=53
for round in 1 2 3 4; do
	db_exec "UPDATE outbox SET created_at = created_at - 660"
	for i in 1 2 3 4 5; do
		deliver "$BURST" gsm7 "Lan $round, tin $i: co trom o xom $round"
	done
	total=$((total + 5))
	wait_until "$total messages stored" stored "$total"
	wait_until "an empty outbox" outbox_empty
	want=$((round < 4 ? 5 + 5 * round : 20))
	assert_eq "$(sent_to "$BURST" | wc -l)" "$want" \
	    "SMS to the bursting number after round $round"
done
assert_eq "$(db_query "SELECT count(*) FROM messages WHERE sender = ? AND
    text LIKE 'Lan 4,%' AND unanswered = 'limit'" "$BURST")" 5 \
    "flagged when the day's limit is reached"
stop_gopyd
exit 0
