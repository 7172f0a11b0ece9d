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

msgs_drain
stop_gopyd
msgs_verify_dups "$kills"
