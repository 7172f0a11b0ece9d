#!/usr/bin/env bash
# The same report six times from one number within the hour (once in
# other case and with diacritics, which fold to the same text): all six
# are stored; the first gets the acknowledgement, the second and third
# "already registered" with the first's ticket, the fourth to sixth
# nothing (a loop, reply.loop_repeats = 3). Every later one points at the
# first (messages.repeat_of). The same text from another number is a
# report of its own. Two hours later the loop is over but the report is
# still the same one (reply.repeat_window, 24 h): "already registered"
# again; a day later it is a new report with a ticket of its own.
. "$(dirname "$0")/lib.sh"

LOOPER=+84912345201
OTHER=+84987654202
TEXT="Nha toi o xom 3 bi trom mat con bo dem qua"

sim_start
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready

# stored N: until N messages are stored.
stored() {
	[ "$(gopy list --json --limit 0 | wc -l)" -eq "$1" ]
}

# deliver_later SENDER CODING TEXT: deliver in a later second than the
# last one. The SMSC stamps an SMS to the second (TP-SCTS), and the same
# text from the same number with the same stamp is the same SMS read
# twice, which gopyd rightly stores once. modemsim stamps with time(),
# which glibc reads from a coarse clock a few milliseconds behind date's:
# wait 100 ms into the next second.
last_second=0
deliver_later() {
	wait_until "the next second" sh -c \
	    "[ \$(date +%s%3N) -gt $(( (last_second + 1) * 1000 + 100 )) ]"
	deliver "$@"
	# After, not before: the stamp is at most the second delivery ended.
	last_second=$(date +%s)
}

# One at a time, each answered (or stored) before the next, so that the
# order of arrival is the order of the ids.
deliver_later "$LOOPER" gsm7 "$TEXT"
sim_ctl wait sent 1 30000 >/dev/null || fail "no acknowledgement"
deliver_later "$LOOPER" gsm7 "$TEXT"
sim_ctl wait sent 2 30000 >/dev/null || fail "no answer to the 2nd"
deliver_later "$LOOPER" ucs2 "NHÀ TÔI Ở XÓM 3 BỊ TRỘM MẤT CON BÒ ĐÊM QUA"
sim_ctl wait sent 3 30000 >/dev/null || fail "no answer to the 3rd"
for i in 4 5 6; do
	deliver_later "$LOOPER" gsm7 "$TEXT"
	wait_until "message $i stored" stored "$i"
done
deliver "$OTHER" gsm7 "$TEXT"
sim_ctl wait sent 4 30000 >/dev/null || fail "the other number: no answer"
wait_until "an empty outbox" outbox_empty

# ago SECONDS: everything stored and sent happened that much earlier.
ago() {
	db_exec "UPDATE messages SET stored_at = stored_at - $1"
	db_exec "UPDATE outbox SET created_at = created_at - $1"
}

ago 7200
deliver_later "$LOOPER" gsm7 "$TEXT"
sim_ctl wait sent 5 30000 >/dev/null || fail "no answer two hours later"
ago 86400
deliver_later "$LOOPER" gsm7 "$TEXT"
sim_ctl wait sent 6 30000 >/dev/null || fail "no answer a day later"
wait_until "an empty outbox" outbox_empty
stop_gopyd

db_query "SELECT id, ticket, coalesce(unanswered, 'answered'),
    coalesce(repeat_of, 0) FROM messages WHERE sender = ? ORDER BY id" \
    "$LOOPER" >"$T/rows.tsv"
assert_eq "$(wc -l <"$T/rows.tsv")" 8 "messages stored from $LOOPER"
read -r first ticket _ _ <"$T/rows.tsv"
[ -n "$ticket" ] || fail "no ticket for the first"
read -r _ new_ticket _ _ < <(tail -n 1 "$T/rows.tsv")
awk -F'\t' '{ print $3 " " $4 }' "$T/rows.tsv" >"$T/got.txt"
printf '%s\n' "answered 0" "answered $first" "answered $first" \
    "loop $first" "loop $first" "loop $first" "answered $first" \
    "answered 0" >"$T/want.txt"
diff -u "$T/want.txt" "$T/got.txt" >&2 || fail "answers and links differ"

# Four SMS to the looping number with the first's ticket and no other:
# the acknowledgement, then "already registered" three times; a day
# later the acknowledgement of a new report.
sent_to "$LOOPER" >"$T/sent.txt"
assert_eq "$(wc -l <"$T/sent.txt")" 5 "SMS to $LOOPER"
assert_eq "$(head -n 4 "$T/sent.txt" | grep -o '[0-9]\{4,\}-[0-9]' |
    sort -u)" "$ticket" "tickets in the answers"
tail -n 1 "$T/sent.txt" | grep -q "tai san, ma so $new_ticket" ||
    fail "a day later: $(tail -n 1 "$T/sent.txt")"
# trom_cap's own acknowledgement (config/gopy.conf).
head -n 1 "$T/sent.txt" | grep -q "bao mat tai san, ma so $ticket" ||
    fail "not the acknowledgement: $(head -n 1 "$T/sent.txt")"
assert_eq "$(grep -c "da nhan phan anh nay, ma so $ticket" "$T/sent.txt")" 3 \
    "already registered answers"
assert_eq "$(db_query "SELECT group_concat(kind) FROM (SELECT kind FROM
    outbox WHERE recipient = ? ORDER BY id)" "$LOOPER")" \
    ack,repeat,repeat,repeat,ack "kinds of the answers"

# The same words from someone else: a report of their own, acknowledged.
assert_eq "$(db_query "SELECT coalesce(unanswered, 'answered') || ' ' ||
    coalesce(repeat_of, 0) FROM messages WHERE sender = ?" "$OTHER")" \
    "answered 0" "the other number's message"
other_ticket=$(db_query "SELECT ticket FROM messages WHERE sender = ?" \
    "$OTHER")
sent_to "$OTHER" | grep -q "tai san, ma so $other_ticket" ||
    fail "the other number: $(sent_to "$OTHER")"
exit 0
