# Sourced by every integration test. Gives each test a temporary directory,
# a modem simulator and a real gopyd on loopback ports (scripts/sim.sh),
# and assertions. Everything started here is stopped by the EXIT trap; the
# logs are shown when a test fails.
#
# Environment: BUILD (the programs), REPO (the source tree).

set -eu
: "${BUILD:?set BUILD to the directory holding gopyd, gopy and modemsim}"
: "${REPO:?set REPO to the source tree}"
. "$REPO/scripts/sim.sh"

T=$(mktemp -d /tmp/gopy-it.XXXXXX)
GOPYD_PID=""
# Start gopyd as $AS_SERVICE "$BUILD/gopyd": as nobody when run by root.
service_user_setup

cleanup() {
	rc=$?
	set +e
	[ -n "$GOPYD_PID" ] && kill -TERM "$GOPYD_PID" 2>/dev/null && wait "$GOPYD_PID"
	[ -n "$SIM_PID" ] && kill -TERM "$SIM_PID" 2>/dev/null && wait "$SIM_PID"
	if [ "$rc" -ne 0 ]; then
		for f in "$T"/*.log; do
			[ -f "$f" ] || continue
			echo "--- $(basename "$f") (last 60 lines)"
			tail -n 60 "$f"
		done
	fi
	rm -rf "$T"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# scripts/sim.sh calls die.
die() {
	fail "$@"
}

# deliver SENDER CODING TEXT: an SMS into the simulated SIM, or fail saying why.
deliver() {
	sim_ctl deliver "$@" >"$T/ctl.out" ||
	    fail "deliver $*: $(cat "$T/ctl.out")"
}

# deliver_pdu HEX: a raw PDU into the simulated SIM.
deliver_pdu() {
	sim_ctl deliver-pdu "$@" >"$T/ctl.out" ||
	    fail "deliver-pdu $*: $(cat "$T/ctl.out")"
}

# Stop the simulator and check that it exited cleanly.
stop_modemsim() {
	kill -TERM "$SIM_PID"
	wait "$SIM_PID" || fail "modemsim exited with status $?"
	SIM_PID=""
}

# start_gopyd [ARGS]: start the daemon on $T/gopy.conf.
start_gopyd() {
	$AS_SERVICE "$BUILD/gopyd" -c "$T/gopy.conf" ${GOPYD_VERBOSE:--v} "$@" >>"$T/gopyd.log" 2>&1 &
	GOPYD_PID=$!
}

# wait_ready: until gopyd has initialised the modem (the Nth time: $1).
wait_ready() {
	n=${1:-1}
	wait_until "gopyd ready" sh -c \
	    "[ \$(grep -c \"modem '.*' ready\" '$T/gopyd.log') -ge $n ]"
}

stop_gopyd() {
	kill -TERM "$GOPYD_PID"
	rc=0
	wait "$GOPYD_PID" || rc=$?
	GOPYD_PID=""
	[ "$rc" -eq 0 ] || fail "gopyd exited with status $rc"
}

gopy() {
	"$BUILD/gopy" -c "$T/gopy.conf" "$@"
}

# count_rows: how many messages gopy lists.
count_rows() {
	gopy list --json --limit 0 | wc -l
}

assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-values differ}: got '$1', want '$2'"
}

# on_tty COLUMNS COMMAND...: COMMAND on a pseudo-terminal (script(1)),
# COLUMNS wide.
on_tty() {
	local cols=$1
	shift
	script -qec "$(printf '%q ' env COLUMNS="$cols" "$@")" /dev/null
}

# fails_on_full_disk COMMAND...: COMMAND, its output going to /dev/full,
# must exit 1 and say that it could not write.
fails_on_full_disk() {
	local rc=0
	"$@" >/dev/full 2>"$T/err.txt" || rc=$?
	assert_eq "$rc" 1 "exit status of $* on a full disk"
	grep -q "write output: No space left on device$" "$T/err.txt" ||
	    fail "$* on a full disk: $(cat "$T/err.txt")"
}

# expect_exit STATUS COMMAND...: run it, its output in $T/out.txt and its
# errors in $T/err.txt, and check its exit status.
expect_exit() {
	local want=$1 rc=0
	shift
	"$@" >"$T/out.txt" 2>"$T/err.txt" || rc=$?
	assert_eq "$rc" "$want" "exit status of $*: $(cat "$T/err.txt")"
}

# conf_set KEY VALUE: the first "KEY = ...;" of $T/gopy.conf gets VALUE,
# written as libconfig text ('"direct"', 5).
conf_set() {
	sed -i "0,/^\([[:space:]]*$1[[:space:]]*=[[:space:]]*\).*;/s//\1$2;/" \
	    "$T/gopy.conf"
	grep -qF "$1 = $2;" "$T/gopy.conf" || fail "cannot set $1 = $2"
}

# conf_put GROUP KEY VALUE: "KEY = VALUE;" in the top-level group GROUP of
# $T/gopy.conf, written as libconfig text ('[ "+8491..." ]'): the setting
# there is replaced (all its lines), or added at the end of the group.
conf_put() {
	awk -v g="$1" -v k="$2" -v v="$3" '
	# Brackets opened minus closed, outside strings and comments.
	function depth(s) {
		gsub(/"([^"\\]|\\.)*"/, "", s)
		sub(/#.*/, "", s)
		return gsub(/[[{(]/, "", s) - gsub(/[]})]/, "", s)
	}
	skip {
		open += depth($0)
		if (open <= 0 && $0 ~ /;[[:space:]]*$/) {
			skip = 0
		}
		next
	}
	$0 ~ "^" g "[[:space:]]*=[[:space:]]*[{]" { in_group = 1 }
	in_group && $0 ~ "^[[:space:]]+" k "[[:space:]]*=" {
		print "\t" k " = " v ";"
		done = 1
		open = depth($0)
		skip = !(open <= 0 && $0 ~ /;[[:space:]]*$/)
		next
	}
	in_group && /^[}];/ {
		if (!done) {
			print "\t" k " = " v ";"
			done = 1
		}
		in_group = 0
	}
	{ print }
	END { exit !done }
	' "$T/gopy.conf" >"$T/gopy.conf.new" || fail "no group $1 in gopy.conf"
	mv "$T/gopy.conf.new" "$T/gopy.conf"
}

# db_query SQL [ARG...]: the rows of a query on $T/gopy.db with bound
# arguments, one per line, columns separated by tabs, NULL as "-".
db_query() {
	python3 - "$T/gopy.db" "$@" <<'EOF' || fail "query: $1"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
for row in db.execute(sys.argv[2], sys.argv[3:]):
    print("\t".join("-" if v is None else str(v) for v in row))
EOF
}

# db_exec SQL [ARG...]: one statement with bound arguments on $T/gopy.db,
# as a tool other than gopy would write.
db_exec() {
	python3 - "$T/gopy.db" "$@" <<'EOF' || fail "statement: $1"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
db.execute(sys.argv[2], sys.argv[3:])
db.commit()
EOF
}

# sent_to NUMBER: the texts of the SMS the modem client sent to NUMBER,
# one per line, in the order sent.
sent_to() {
	sim_ctl sent | awk -v n="$1" '$1 == "sms" && $3 == n {
		sub(/^sms [0-9]+ [^ ]+ [^ ]+ /, ""); print }'
}

# Citizens' messages for the fault tests: GSM 7-bit and UCS2 Vietnamese,
# long ones in 2 and 3 parts, a national number, an alphanumeric sender
# (stored, never answered). coding|sender|sender as stored|text
MSG_TEMPLATES=(
"gsm7|+8491200|+8491200|Nha toi o xom 3 bi trom mat con bo dem qua"
"ucs2|+8498700|+8498700|Xóm 5 có người ghi lô đề công khai ở quán nước"
"gsm7|091210|+8491210|Dem nao cung co nhom thanh nien dua xe tren duong lien xa"
"ucs2|+8498710|+8498710|Kính gửi công an xã, đêm qua nhà tôi ở xóm 3 bị kẻ gian cạy khóa chuồng, dắt mất hai con bò và một chiếc xe máy. Sáng nay tôi thấy dấu chân dẫn ra phía bờ sông."
"gsm7|Viettel|Viettel|Quy khach duoc tang 50% gia tri the nap hom nay"
"ucs2|+8498720|+8498720|Cán bộ tiếp dân thái độ hách dịch, quát nạt người dân"
"gsm7|+8491220|+8491220|Nhom thanh nien dua xe tren duong lien xa moi dem, no ba inh oi, lang lach danh vong, rat nguy hiem cho nguoi di duong. De nghi cong an xu ly som {ngay 5/11} @ cau Dong."
"ucs2|+8498730|+8498730|Công an xã trực đêm không nghe điện thoại 👍"
"gsm7|+8491230|+8491230|Cam on cac anh cong an da giup tim lai xe may bi mat {ok} @ 5/11"
"ucs2|+8498740|+8498740|Hai nhóm thanh niên đánh nhau ở chợ, gây rối trật tự"
)
MSG_LONG_TEMPLATES=" 3 6 "	# indices of the templates over one SMS
MSGS=()

# msgs_make N [short]: N messages into MSGS, each from its own sender and
# with its own text, cycling through MSG_TEMPLATES; "short" leaves out the
# long ones, so that each takes one SIM slot.
msgs_make() {
	local i=0 k=0 t coding from stored text
	MSGS=()
	while [ "${#MSGS[@]}" -lt "$1" ]; do
		t=$((k % ${#MSG_TEMPLATES[@]}))
		k=$((k + 1))
		IFS='|' read -r coding from stored text \
		    <<<"${MSG_TEMPLATES[$t]}"
		case "${2:-}$MSG_LONG_TEMPLATES" in
		short*" $t "*) continue ;;
		esac
		case $from in
		Viettel) ;;
		*)
			from=$from$(printf '%04d' "$i")
			stored=$stored$(printf '%04d' "$i")
			;;
		esac
		MSGS+=("$coding|$from|$stored|$text (so $i)")
		i=$((i + 1))
	done
}

# msgs_deliver FIRST LAST: deliver messages FIRST..LAST of MSGS (0-based).
msgs_deliver() {
	local i coding from text
	for ((i = $1; i <= $2; i++)); do
		IFS='|' read -r coding from _ text <<<"${MSGS[$i]}"
		deliver "$from" "$coding" "$text"
	done
}

# msgs_answered: how many messages of MSGS get an acknowledgement.
msgs_answered() {
	printf '%s\n' "${MSGS[@]}" | awk -F'|' '$3 ~ /^\+/' | wc -l
}

outbox_empty() {
	gopy status --json | jq -e '.outbox_waiting == 0' >/dev/null
}

# msgs_wait [MS]: until every message of MSGS is answered, the SIM and the
# simulated network are empty and nothing waits in the outbox.
msgs_wait() {
	local ms=${1:-120000} want
	want=$(msgs_answered)
	sim_ctl wait sent "$want" "$ms" >/dev/null ||
	    fail "acknowledgements: $(sim_ctl sent | tail -n 1), want $want"
	sim_ctl wait sim-empty "$ms" >/dev/null ||
	    fail "SIM not empty: $(sim_ctl sim | tail -n 2 | tr '\n' ' ')"
	wait_until "an empty outbox" outbox_empty
}

# msgs_verify: after gopyd stopped, each message of MSGS is stored exactly
# once with its exact text and sender, and each answerable one was
# answered exactly once, at its sender, with its ticket: nothing twice.
msgs_verify() {
	local row stored text n want to ticket sender
	gopy list --json --limit 0 >"$T/list.json"
	assert_eq "$(wc -l <"$T/list.json")" "${#MSGS[@]}" "messages stored"
	for row in "${MSGS[@]}"; do
		IFS='|' read -r _ _ stored text <<<"$row"
		n=$(jq --arg t "$text" --arg s "$stored" \
		    'select(.text == $t and .sender == $s) | .id' \
		    "$T/list.json" | wc -l)
		assert_eq "$n" 1 "copies of '$text' from $stored"
	done
	want=$(msgs_answered)
	sim_ctl sent | grep '^sms ' >"$T/sent.txt" || true
	assert_eq "$(wc -l <"$T/sent.txt")" "$want" "acknowledgements sent"
	while read -r _ _ to _ text; do
		ticket=$(grep -o '[0-9]\{4,\}-[0-9]' <<<"$text" | head -n 1)
		[ -n "$ticket" ] || fail "no ticket in acknowledgement '$text'"
		sender=$(jq -r --arg k "$ticket" \
		    'select(.ticket == $k) | .sender' "$T/list.json")
		assert_eq "$to" "$sender" "recipient of ticket $ticket"
	done <"$T/sent.txt"
	assert_eq "$(grep -o '[0-9]\{4,\}-[0-9]' "$T/sent.txt" | sort -u |
	    wc -l)" "$want" "distinct tickets acknowledged"
	assert_eq "$(jq -r 'select(.sender_type == "alphanumeric") | .id' \
	    "$T/list.json" | wc -l)" \
	    "$(( ${#MSGS[@]} - want ))" "alphanumeric senders"
}

# msgs_drain: until the SIM and the simulated network are empty and nothing
# waits in the outbox (after faults, when acknowledgements may be repeated).
msgs_drain() {
	sim_ctl wait sim-empty 240000 >/dev/null ||
	    fail "SIM not empty: $(sim_ctl sim | tail -n 2 | tr '\n' ' ')"
	wait_until "an empty outbox" outbox_empty
}

# msgs_stored_exactly: the messages stored (into $T/list.json) are those of
# MSGS, each once, with its sender and exact text.
msgs_stored_exactly() {
	gopy list --json --limit 0 >"$T/list.json"
	printf '%s\n' "${MSGS[@]}" | awk -F'|' '{ print $3 "\t" $4 }' |
	    sort >"$T/want.tsv"
	jq -r '[.sender, .text] | @tsv' "$T/list.json" | sort >"$T/got.tsv"
	diff "$T/want.tsv" "$T/got.tsv" >"$T/diff.txt" ||
	    fail "stored messages differ from those sent: $(head -n 20 "$T/diff.txt")"
}

# msgs_verify_dups MAX: after gopyd stopped, each message of MSGS is stored
# exactly once with its exact text and sender; each answerable one was
# answered at least once, at its sender; at most MAX acknowledgements were
# repeats (a fault between the network taking an SMS and gopyd recording
# it makes gopyd send it again).
msgs_verify_dups() {
	local want dups ticket sender to text
	msgs_stored_exactly
	assert_eq "$(wc -l <"$T/list.json")" "${#MSGS[@]}" "messages stored"
	want=$(msgs_answered)
	sim_ctl sent | grep '^sms ' >"$T/sent.txt" || true
	assert_eq "$(grep -o '[0-9]\{4,\}-[0-9]' "$T/sent.txt" | sort -u |
	    wc -l)" "$want" "distinct tickets acknowledged"
	while read -r _ _ to _ text; do
		ticket=$(grep -o '[0-9]\{4,\}-[0-9]' <<<"$text" | head -n 1)
		sender=$(jq -r --arg k "$ticket" \
		    'select(.ticket == $k) | .sender' "$T/list.json")
		assert_eq "$to" "$sender" "recipient of ticket $ticket"
	done <"$T/sent.txt"
	dups=$(( $(wc -l <"$T/sent.txt") - want ))
	echo "$dups repeated acknowledgements (at most $1 allowed)"
	[ "$dups" -le "$1" ] || fail "$dups repeated acknowledgements, at most $1"
}

# line_rate_run SEED BYTES_PER_S: ten messages, four waiting on the SIM
# before gopyd starts, through a serial line of that rate (modemsim -F
# rate): each stored once and answered once, and no command timed out.
line_rate_run() {
	sim_start_seeded "$1" -F rate="$2"
	sim_conf "$T/gopy.conf"
	msgs_make 10
	msgs_deliver 0 3
	start_gopyd
	wait_ready
	msgs_deliver 4 9
	msgs_wait
	stop_gopyd
	msgs_verify
	if grep -q "no answer to" "$T/gopyd.log"; then
		fail "a command timed out"
	fi
}

# expect_status_refusing WHY: gopy status, text and JSON, says that the
# database refuses writes, for a reason matching the ERE WHY, and exits 1.
expect_status_refusing() {
	local why=$1 rc=0
	gopy status >"$T/status.txt" || rc=$?
	assert_eq "$rc" 1 "exit status of gopy status, database not writable"
	grep -qE "^database:  cannot write since [0-9-]+ [0-9:]+: .*($why).*; new SMS stay on the SIM$" \
	    "$T/status.txt" || fail "gopy status: $(cat "$T/status.txt")"
	gopy status --json >"$T/status.json" || true
	jq -e --arg p "$why" '.gopyd_running and (.database_error | test($p)) and
	    (.database_error_since | test("^[0-9-]{10}T"))' \
	    "$T/status.json" >/dev/null ||
	    fail "gopy status --json: $(cat "$T/status.json")"
}

# expect_recovered WHY: after an outage for a reason matching the ERE WHY,
# gopy status keeps it as the last error but no longer says the database
# refuses writes, and the log has one line when the refusals began and one
# when they ended, not one a try.
expect_recovered() {
	gopy status --json >"$T/status.json" || true
	jq -e --arg p "$1" '(.last_error | test($p)) and .database_error == null' \
	    "$T/status.json" >/dev/null ||
	    fail "gopy status after the outage: $(cat "$T/status.json")"
	assert_eq "$(grep -c "refuses writes: " "$T/gopyd.log")" 1 \
	    "refusals logged"
	assert_eq "$(grep -c "takes writes again" "$T/gopyd.log")" 1 \
	    "recoveries logged"
}
