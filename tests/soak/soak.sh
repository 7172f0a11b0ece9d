#!/usr/bin/env bash
# make soak (not part of make check): SOAK_MESSAGES (default 20,000)
# messages, single and multipart, GSM 7-bit and UCS2, most of them answered,
# through one release gopyd while the simulated modem misbehaves at random:
# drops, reboots, ignored commands, a hang until reset, noise, junk before
# responses, URCs inside responses and between +CMGR header and PDU,
# +CMS errors on sending, lost +CMTI. Faults change every batch of 100.
#
# gopyd's memory and descriptors are sampled, idle with the SIM and outbox
# empty, after the first 1,000 messages and every SOAK_MESSAGES/20 after.
# It passes when at the end gopyd has the same open descriptors as after
# 1,000 and its RSS is at most SOAK_RSS_SLACK_KB above it, every message is
# stored exactly once with its exact text, every answerable one answered,
# and no more acknowledgements repeated than the faults that can cut off a
# sending.
#
# SOAK_RSS_SLACK_KB defaults to 256 kB. RSS counts whole 4 kB pages, and
# between two idle moments the heap's fragmentation moves it by a few (4 kB
# from 1,000 to 20,000 messages in the run the README reports); SQLite's
# page cache is bounded (cache_size, 2 MB by default) and warm by 1,000.
# A leak of 16 bytes a message would add 300 kB over 19,000 messages.
#
# Seeded: the seed is printed; SOAK_SEED=N runs the same faults again.
# Environment: BUILD (default build/, release), REPO.
here=$(cd "$(dirname "$0")" && pwd)
export REPO=${REPO:-$(cd "$here/../.." && pwd)}
export BUILD=${BUILD:-$REPO/build}
# Waits end on conditions; this bounds one wait (a hang until reset and
# retries of failed sendings take tens of seconds), not the whole run.
export DEADLINE_S=${DEADLINE_S:-600}
. "$REPO/tests/integration/lib.sh"

MESSAGES=${SOAK_MESSAGES:-20000}
SLACK_KB=${SOAK_RSS_SLACK_KB:-256}
BATCH=100
BASE=1000
STEP=$(( MESSAGES / 20 > BATCH ? MESSAGES / 20 / BATCH * BATCH : BATCH ))
seed=${SOAK_SEED:-$(( $(date +%s) % 100000 ))}
echo "soak seed $seed (again: SOAK_SEED=$seed), $MESSAGES messages"
[ "$MESSAGES" -ge $((BASE + BATCH)) ] ||
    fail "SOAK_MESSAGES=$MESSAGES: at least $((BASE + BATCH))," \
	"to compare with $BASE"
RANDOM=$seed
began=$(date +%s)

sim_start_seeded "$seed"
sim_conf "$T/gopy.conf"
conf_set retry_delay 1
msgs_make "$MESSAGES"
start_gopyd
wait_ready

# Transient +CMS ERROR codes (27.005 3.2.5, 24.011 E.2): gopyd retries them.
CMS_TRANSIENT=(38 41 42 47 331 332 500)
NOISE=(off huawei simcom quectel wavecom)
STRAY=('+CIEV: 2,3' '*PSUTTZ: 2026,11,29,7,0,0,"+28",0' '^RSSI:17'
    '+QIND: "csq",20,99' 'RING')
# Faults that can cut a sending off after the network took the SMS and
# before gopyd recorded it, making gopyd send it again.
cutoffs=0

# chance MAX_PERCENT: a probability from 0 to MAX_PERCENT %, as "0.NN".
chance() {
	printf '0.%02d' $((RANDOM % ($1 + 1)))
}

# faults_next: a new set of the modem's random faults for the next batch,
# and perhaps one fault that strikes during it.
faults_next() {
	sim_fault noise "${NOISE[RANDOM % ${#NOISE[@]}]}"
	sim_fault noise-interval $((100 + RANDOM % 2000))
	sim_fault garbage "$(chance 5)"
	sim_fault urc-inside "$(chance 5)"
	sim_fault cms-error "$(chance 3)"
	sim_fault cms-code "${CMS_TRANSIENT[RANDOM % ${#CMS_TRANSIENT[@]}]}"
	sim_fault lost-cmti "$(chance 2)"
	case $((RANDOM % 10)) in
	0 | 1)
		sim_fault drop-after $((1 + RANDOM % 60))
		cutoffs=$((cutoffs + 1))
		;;
	2 | 3)
		sim_fault reboot-after $((1 + RANDOM % 60))
		cutoffs=$((cutoffs + 1))
		;;
	4)
		sim_fault silent $((1 + RANDOM % 3))
		cutoffs=$((cutoffs + 1))
		;;
	5)
		# A hang costs gopyd a reset, about 20 s: one batch in 40.
		if ((RANDOM % 4 == 0)); then
			sim_fault silent-until-reset on
			cutoffs=$((cutoffs + 1))
		fi
		;;
	6)
		sim_ctl stray "${STRAY[RANDOM % ${#STRAY[@]}]}" >/dev/null ||
		    fail "stray line refused"
		;;
	esac
}

# faults_off: no fault left to strike, so that gopyd is found idle and
# connected.
faults_off() {
	local f
	for f in drop-after reboot-after silent cms-error garbage urc-inside \
	    lost-cmti; do
		sim_fault "$f" 0
	done
	sim_fault silent-until-reset off
	sim_fault noise off
}

# proc_kb FIELD: a field of gopyd's /proc status, in kB.
proc_kb() {
	awk -v f="$1:" '$1 == f { print $2 }' "/proc/$GOPYD_PID/status"
}

# sample DELIVERED: gopyd's figures, idle, in rss and fds; one line of
# the table.
sample() {
	rss=$(proc_kb VmRSS)
	fds=$(ls "/proc/$GOPYD_PID/fd" | wc -l)
	printf '%8d %8d %10d %10d %10d %6d\n' "$1" $(( $(date +%s) - began )) \
	    "$rss" "$(proc_kb RssAnon)" "$(proc_kb VmHWM)" "$fds"
}

# soak_verify MAX: after gopyd stopped, each message is stored exactly once
# with its exact text and sender; each answerable one was answered, at its
# sender; at most MAX acknowledgements were repeats. msgs_verify_dups in
# one pass over the lists, for tens of thousands of messages.
soak_verify() {
	local want got dups
	msgs_stored_exactly
	want=$(msgs_answered)
	jq -r '[.ticket, .sender] | @tsv' "$T/list.json" >"$T/tickets.tsv"
	sim_ctl sent | grep '^sms ' >"$T/sent.txt" || true
	# Each acknowledgement: its recipient and the first ticket in it.
	awk '{ t = ""
		if (match($0, /[0-9][0-9][0-9][0-9]+-[0-9]/)) {
			t = substr($0, RSTART, RLENGTH)
		}
		print t "\t" $3 }' "$T/sent.txt" >"$T/acks.tsv"
	awk -F'\t' 'NR == FNR { sender[$1] = $2; next }
		$1 == "" || sender[$1] != $2 {
			print "acknowledgement to " $2 " with ticket \"" $1 \
			    "\" of " ($1 in sender ? sender[$1] : "no message")
			bad++
		}
		END { exit bad > 0 }' "$T/tickets.tsv" "$T/acks.tsv" \
	    >"$T/badacks.txt" || fail "$(head -n 5 "$T/badacks.txt")"
	got=$(cut -f 1 "$T/acks.tsv" | sort -u | wc -l)
	assert_eq "$got" "$want" "distinct tickets acknowledged"
	dups=$(( $(wc -l <"$T/acks.tsv") - want ))
	echo "$want answerable messages answered; $dups acknowledgements" \
	    "repeated (at most $1 allowed)"
	[ "$dups" -le "$1" ] || fail "$dups repeated acknowledgements, at most $1"
}

echo "delivered  seconds  VmRSS kB  RssAnon kB  VmHWM kB  fds"
done_n=0
next_sample=$BASE
while [ "$done_n" -lt "$MESSAGES" ]; do
	n=$(( MESSAGES - done_n < BATCH ? MESSAGES - done_n : BATCH ))
	faults_next
	msgs_deliver "$done_n" $((done_n + n - 1))
	done_n=$((done_n + n))
	# Every message in gopyd's hands before the next batch: the SIM holds
	# 30, the rest would pile up in the simulated network.
	sim_ctl wait sim-empty $((DEADLINE_S * 1000)) >/dev/null ||
	    fail "SIM not emptied after $done_n:" \
		"$(sim_ctl sim | tail -n 2 | tr '\n' ' ')"
	if [ "$done_n" -ge "$next_sample" ] || [ "$done_n" -eq "$MESSAGES" ]; then
		faults_off
		msgs_drain
		sim_ctl wait connected 60000 >/dev/null || fail "modem not connected"
		sample "$done_n"
		if [ "$done_n" -eq "$BASE" ]; then
			base_rss=$rss base_fds=$fds
		fi
		next_sample=$(( done_n < BASE ? BASE : done_n + STEP ))
	fi
done
end_rss=$rss end_fds=$fds

sim_ctl stats | awk '
	$1 ~ /^(commands|drops|reboots|garbage|urc-inside|noise|cmti-lost)$/ ||
	$1 ~ /^cmgs-(ok|error)$/ {
		printf "%s%s %s", (n++ ? ", " : "modemsim saw: "), $1, $2
	}
	END { print "" }'
echo "faults that can repeat an acknowledgement: $cutoffs"
stop_gopyd
soak_verify "$cutoffs"
echo "after $BASE: VmRSS $base_rss kB, $base_fds fds; after $MESSAGES:" \
    "VmRSS $end_rss kB ($(( end_rss - base_rss )) kB, at most +$SLACK_KB)," \
    "$end_fds fds; $(( $(date +%s) - began )) s"
assert_eq "$end_fds" "$base_fds" "gopyd's open descriptors, end against $BASE"
[ $(( end_rss - base_rss )) -le "$SLACK_KB" ] ||
    fail "gopyd's RSS grew by $(( end_rss - base_rss )) kB after $BASE" \
	"messages (at most $SLACK_KB)"
echo "soak passed"
