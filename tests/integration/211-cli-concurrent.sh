#!/usr/bin/env bash
# Officers work while gopyd ingests: the real gopyd stores a stream of SMS
# from the modem simulator while, at the same time, a loop runs gopy set,
# reply, list and show on the same database. Afterwards every message is
# stored exactly once, every set is in the audit, every gopy call
# succeeded (none saw "database is locked"), gopyd answered every message
# and sent every reply the officers queued.
. "$(dirname "$0")/lib.sh"

sim_start
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready

msgs_make 40 short
msgs_deliver 0 4
wait_until "the first messages" sh -c \
    "[ \$('$BUILD/gopy' -c '$T/gopy.conf' list --json | wc -l) -ge 5 ]"

# officer_loop NAME: until $T/stop exists (and at least 10 rounds), pick
# a message that can be answered and set, reply, list and show it. Each
# call that fails is written to $T/failed, each set to $T/sets, each
# reply to $T/replies; the rounds done to $T/rounds-NAME.
officer_loop() {
	local who=$1 i=0 id rc
	while [ "$i" -lt 10 ] || [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		rc=0
		gopy list --json --limit 20 >"$T/list-$who.json" \
		    2>>"$T/loop.err" || rc=$?
		[ "$rc" -eq 0 ] || echo "$who list $rc" >>"$T/failed"
		id=$(jq -r 'select(.sender | startswith("+")) | .id' \
		    "$T/list-$who.json" | sed -n "$(( i % 5 + 1 ))p")
		if [ -z "$id" ]; then
			echo "$who found no message to work" >>"$T/failed"
			continue
		fi
		gopy set "$id" --status in_progress --note "$who vòng $i" \
		    >/dev/null 2>>"$T/loop.err" ||
		    echo "$who set $id $?" >>"$T/failed"
		echo "$id $who vòng $i" >>"$T/sets"
		gopy reply "$id" "Tra loi $who vong $i" >/dev/null \
		    2>>"$T/loop.err" || echo "$who reply $id $?" >>"$T/failed"
		echo "Tra loi $who vong $i" >>"$T/replies"
		gopy show "$id" >/dev/null 2>>"$T/loop.err" ||
		    echo "$who show $id $?" >>"$T/failed"
		echo "$i" >"$T/rounds-$who.new"
		mv "$T/rounds-$who.new" "$T/rounds-$who"
	done
}
echo 0 >"$T/rounds-an"
officer_loop an &
loop_an=$!
officer_loop hoa &
loop_hoa=$!

# The rest of the stream, five at a time, each batch after another round
# of officer an: their calls interleave with gopyd's writes throughout.
last=$(( ${#MSGS[@]} - 1 ))
for ((first = 5; first <= last; first += 5)); do
	r=$(cat "$T/rounds-an")
	wait_until "a round of the officers" sh -c \
	    "[ \$(cat '$T/rounds-an') -gt $r ]"
	msgs_deliver "$first" $(( first + 4 < last ? first + 4 : last ))
done
wait_until "all messages stored" sh -c \
    "[ \$('$BUILD/gopy' -c '$T/gopy.conf' list --json --limit 0 | wc -l) -ge ${#MSGS[@]} ]"
touch "$T/stop"
wait "$loop_an" || fail "officer loop an"
wait "$loop_hoa" || fail "officer loop hoa"
rounds=$(wc -l <"$T/replies")
echo "officers' rounds while gopyd ingested: $rounds"

[ ! -s "$T/failed" ] || fail "gopy calls failed: $(cat "$T/failed")
$(cat "$T/loop.err")"
if grep -qi "locked\|busy" "$T/loop.err"; then
	fail "gopy saw a locked database: $(cat "$T/loop.err")"
fi

# Every set is in the audit, once, by its officer.
gopy audit --json --limit 0 >"$T/audit.json"
while read -r id note; do
	n=$(jq --arg n "$note" --argjson id "$id" \
	    'select(.field == "note" and .new == $n and .message_id == $id)' \
	    "$T/audit.json" | jq -s length)
	assert_eq "$n" 1 "audit rows for note '$note' on message $id"
done <"$T/sets"
assert_eq "$(jq -r 'select(.field == "reply") | .new' "$T/audit.json" |
    sort)" "$(sort "$T/replies")" "replies in the audit"

# Every message stored once and answered once; every reply sent.
want=$(( $(msgs_answered) + rounds ))
sim_ctl wait sent "$want" 120000 >/dev/null ||
    fail "SMS sent: $(sim_ctl sent | tail -n 1), want $want"
wait_until "an empty outbox" outbox_empty
stop_gopyd
gopy list --json --limit 0 >"$T/list.json"
assert_eq "$(wc -l <"$T/list.json")" "${#MSGS[@]}" "messages stored"
for row in "${MSGS[@]}"; do
	IFS='|' read -r _ _ stored text <<<"$row"
	n=$(jq --arg t "$text" --arg s "$stored" \
	    'select(.text == $t and .sender == $s) | .id' "$T/list.json" | wc -l)
	assert_eq "$n" 1 "copies of '$text' from $stored"
done
sim_ctl sent | grep '^sms ' >"$T/sent.txt" || true
assert_eq "$(grep -c 'Tra loi .* vong' "$T/sent.txt")" "$rounds" "replies sent"
grep -v 'Tra loi .* vong' "$T/sent.txt" >"$T/acks.txt" || true
assert_eq "$(wc -l <"$T/acks.txt")" "$(msgs_answered)" "acknowledgements sent"
assert_eq "$(grep -o '[0-9]\{4,\}-[0-9]' "$T/acks.txt" | sort -u | wc -l)" \
    "$(msgs_answered)" "distinct tickets acknowledged"
assert_eq "$(gopy outbox --json --limit 0 --state sent | wc -l)" "$want" \
    "outbox rows sent"
