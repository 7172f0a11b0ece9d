#!/usr/bin/env bash
# Modems of four makers chatter between commands (Huawei ^RSSI, ^MODE,
# ^BOOT, ^DSFLOWRPT; SIMCom *PSUTTZ, DST, +CIEV; Quectel +QIND, +QUSIM;
# Wavecom +WIND), every 100 ms on average. Messages arriving meanwhile
# are each stored once and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 140 -F noise=huawei -F noise-interval=50
sim_conf "$T/gopy.conf"
msgs_make 12
start_gopyd
wait_ready
noise_over() {
	[ "$(sim_stat noise)" -ge "$1" ]
}
first=0
for profile in huawei simcom quectel wavecom; do
	sim_fault noise "$profile"
	noise=$(sim_stat noise)
	msgs_deliver "$first" $((first + 2))
	first=$((first + 3))
	n=$(printf '%s\n' "${MSGS[@]:0:$first}" | awk -F'|' '$3 ~ /^\+/' |
	    wc -l)
	sim_ctl wait sent "$n" 60000 >/dev/null ||
	    fail "$profile: $(sim_ctl sent | tail -n 1), want $n"
	# Not too quick for some of this maker's lines.
	wait_until "$profile noise" noise_over $((noise + 5))
done
msgs_wait
stop_gopyd
msgs_verify
# Each maker was heard (gopyd logs unsolicited lines at debug level).
for urc in '\^RSSI\|\^MODE\|\^BOOT\|\^DSFLOWRPT' '\*PSUTTZ\|DST: 0\|+CIEV: 10' \
    '+QIND\|+QUSIM' '+WIND'; do
	grep -q "$urc" "$T/gopyd.log" || fail "none of $urc seen"
done
