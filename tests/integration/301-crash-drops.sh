#!/usr/bin/env bash
# The same 500 messages as 300-crash-kill, while the simulated modem drops
# the connection 25 times at random points (the Nth command line after each
# batch, N random): gopyd reconnects each time. Every message is stored
# exactly once, the SIM is emptied, every answerable message is answered.
# Seeded: CRASH_SEED=N repeats the drop points.
. "$(dirname "$0")/lib.sh"

MESSAGES=500
DROPS=25
seed=${CRASH_SEED:-$(( $(date +%s) % 100000 ))}
echo "crash seed $seed (again: CRASH_SEED=$seed)"
RANDOM=$seed

sim_start_seeded 301 -n 1000
sim_conf "$T/gopy.conf"
conf_set retry_delay 1
msgs_make "$MESSAGES"
start_gopyd
wait_ready

drops_over() {
	[ "$(sim_stat drops)" -ge "$1" ]
}

batch=$(( MESSAGES / DROPS ))
for ((k = 0; k < DROPS; k++)); do
	sim_fault drop-after $((1 + RANDOM % 40))
	msgs_deliver $((k * batch)) $((k * batch + batch - 1))
	wait_until "drop $((k + 1))" drops_over $((k + 1))
done
assert_eq "$(sim_stat drops)" "$DROPS" "drops"
msgs_drain
stop_gopyd
msgs_verify_dups "$DROPS"
