#!/usr/bin/env bash
# Crash safety: 500 messages (single and multipart, GSM 7-bit and UCS2,
# interleaved) arrive while gopyd is killed with SIGKILL at random moments,
# 25 times, and restarted. At the end every message is stored exactly once
# with its exact text, the SIM is empty, every answerable message was
# answered, and there are no more duplicate acknowledgements than kills
# (an SMS whose sending was cut off after the modem took it is sent again).
# Seeded: the seed is printed; CRASH_SEED=N runs the same kill moments again.
. "$(dirname "$0")/lib.sh"

MESSAGES=500
KILLS=25
seed=${CRASH_SEED:-$(( $(date +%s) % 100000 ))}
echo "crash seed $seed (again: CRASH_SEED=$seed)"
RANDOM=$seed

sim_start_seeded 300 -n 1000
sim_conf "$T/gopy.conf"
conf_set retry_delay 1
msgs_make "$MESSAGES"
start_gopyd
wait_ready

# readies: how many times gopyd said the modem is ready, over all its runs.
readies() {
	grep -c "modem '.*' ready" "$T/gopyd.log" || true
}

# restart: SIGKILL gopyd and start it again at once.
restart() {
	kill -KILL "$GOPYD_PID"
	wait "$GOPYD_PID" 2>/dev/null || true
	start_gopyd
	kills=$((kills + 1))
}

# Deliver in batches; after each, kill gopyd within 0.6 s, while it reads,
# stores, deletes or answers, and start it again at once. Every fifth time
# it is killed once more soon after the restart, during the modem set-up.
batch=$(( MESSAGES / KILLS ))
kills=0
for ((k = 0; k < KILLS; k++)); do
	msgs_deliver $((k * batch)) $((k * batch + batch - 1))
	sleep "0.$(printf '%03d' $((RANDOM % 600)))"
	before=$(readies)
	restart
	if (( k % 5 == 4 )); then
		sleep "0.$(printf '%03d' $((RANDOM % 300)))"
		before=$(readies)
		restart
	fi
	wait_ready $((before + 1))
done
echo "$kills kills"

# Everything is answered at least once, then nothing is left anywhere.
want=$(msgs_answered)
sim_ctl wait sim-empty 240000 >/dev/null ||
    fail "SIM not empty: $(sim_ctl sim | tail -n 2 | tr '\n' ' ')"
wait_until "an empty outbox" outbox_empty
stop_gopyd

gopy list --json --limit 0 >"$T/list.json"
assert_eq "$(wc -l <"$T/list.json")" "$MESSAGES" "messages stored"
# One jq pass: every (sender, text) of MSGS exactly once in the database.
printf '%s\n' "${MSGS[@]}" | awk -F'|' '{ print $3 "\t" $4 }' |
    sort >"$T/want.tsv"
jq -r '[.sender, .text] | @tsv' "$T/list.json" | sort >"$T/got.tsv"
diff "$T/want.tsv" "$T/got.tsv" >"$T/diff.txt" ||
    fail "stored messages differ from those sent: $(head -n 20 "$T/diff.txt")"

# Acknowledgements: every ticket at least once, to its sender; duplicates
# no more than the kills.
sim_ctl sent | grep '^sms ' >"$T/sent.txt" || true
grep -o '[0-9]\{4,\}-[0-9]' "$T/sent.txt" | sort -u >"$T/acked.txt"
assert_eq "$(wc -l <"$T/acked.txt")" "$want" "distinct tickets acknowledged"
while read -r _ _ to _ text; do
	ticket=$(grep -o '[0-9]\{4,\}-[0-9]' <<<"$text" | head -n 1)
	sender=$(jq -r --arg k "$ticket" 'select(.ticket == $k) | .sender' \
	    "$T/list.json")
	assert_eq "$to" "$sender" "recipient of ticket $ticket"
done <"$T/sent.txt"
dups=$(( $(wc -l <"$T/sent.txt") - want ))
echo "$dups duplicate acknowledgements after $kills kills"
[ "$dups" -le "$kills" ] || fail "$dups duplicate acknowledgements, $kills kills"
