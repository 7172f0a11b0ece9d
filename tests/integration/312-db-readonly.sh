#!/usr/bin/env bash
# The database cannot be written while messages arrive: gopyd deletes
# nothing from the SIM, says why in its log (once) and in gopy status while
# it lasts, and stores and answers each message exactly once when the
# database is writable again, without a restart.
#
# Twice: (1) the database's files turn immutable under the running gopyd
# (chattr +i, which binds root too; only root may set it, and the file
# system must know it): SQLite's writes fail ("disk I/O error"), and the
# connection gopyd opens again finds the file read-only, until chattr -i.
# (2) gopyd starts on a database file it may not write, e.g. one restored
# by root: SQLite opens it read-only without a word, and only opening it
# again after the file is mended makes it writable. Root ignores file
# modes, but gopyd runs as nobody when root runs the tests (lib.sh).
. "$(dirname "$0")/lib.sh"

sim_start
sim_conf "$T/gopy.conf"
mkdir "$T/db"
sed -i "s|\"$T/gopy.db\"|\"$T/db/gopy.db\"|" "$T/gopy.conf"
# Writable by gopyd's group (setgid from $T), as /var/lib/gopy is.
chmod 2770 "$T/db"
msgs_make 8 short
start_gopyd
wait_ready

# deliver_refused FIRST LAST REGEX: deliver those messages; gopyd refuses
# them for REGEX (extended), as its log says after line $LOG_MARK (when the
# refusals begin, maybe before they come); it keeps them on the SIM through
# another sweep and deletes nothing; gopy status says why.
deliver_refused() {
	local sweeps deletes rc=0 why=$3
	sweeps=$(sim_ctl log | grep -c "AT+CMGL" || true)
	deletes=$(sim_ctl log | grep -c "AT+CMGD" || true)
	msgs_deliver "$1" "$2"
	logged() {
		tail -n +$((LOG_MARK + 1)) "$T/gopyd.log" |
		    grep -qE "refuses writes: .*($why)"
	}
	wait_until "a logged refusal" logged
	swept() {
		[ "$(sim_ctl log | grep -c "AT+CMGL" || true)" -ge $((sweeps + 2)) ]
	}
	wait_until "a sweep" swept
	assert_eq "$(sim_ctl sim | grep -c '^slot')" $(($2 - $1 + 1)) \
	    "messages kept on the SIM"
	assert_eq "$(sim_ctl log | grep -c "AT+CMGD" || true)" "$deletes" \
	    "SMS deleted"
	expect_status_refusing "$why"
}

# stored_upto N: until the first N messages are stored and those to answer
# answered, and the SIM is empty.
stored_upto() {
	local want
	want=$(printf '%s\n' "${MSGS[@]:0:$1}" | awk -F'|' '$3 ~ /^\+/' | wc -l)
	sim_ctl wait sent "$want" 60000 >/dev/null ||
	    fail "acknowledgements: $(sim_ctl sent | tail -n 1), want $want"
	sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty"
	assert_eq "$(gopy list --json --limit 0 | wc -l)" "$1" "messages stored"
}

# (1) Immutable under a running gopyd. The -shm file is left alone: it is
# mapped, and writing to a mapping of an immutable file is SIGBUS.
trap 'rc=$?; set +e; chattr -i "$T/db/gopy.db" "$T/db/gopy.db-wal" 2>/dev/null
    (exit "$rc"); cleanup' EXIT
LOG_MARK=$(wc -l <"$T/gopyd.log")
if chattr +i "$T/db/gopy.db" "$T/db/gopy.db-wal" 2>"$T/chattr.err"; then
	deliver_refused 0 3 "disk I/O error|readonly database"
	chattr -i "$T/db/gopy.db" "$T/db/gopy.db-wal"
else
	echo "immutable database skipped: $(cat "$T/chattr.err")"
	msgs_deliver 0 3
fi
stored_upto 4
[ "$(gopy status --json | jq -r .database_error)" = null ] ||
    fail "gopy status after (1): $(gopy status --json)"

# (2) Restarted on a file it may not write.
stop_gopyd
LOG_MARK=$(wc -l <"$T/gopyd.log")
chmod 444 "$T/db/gopy.db"
start_gopyd
wait_ready 2
deliver_refused 4 7 "attempt to write a readonly database"
chmod 644 "$T/db/gopy.db"
msgs_wait
[ "$(gopy status --json | jq -r .database_error)" = null ] ||
    fail "gopy status after (2): $(gopy status --json)"
assert_eq "$(grep -c "takes writes again" "$T/gopyd.log")" \
    "$(grep -c "refuses writes: " "$T/gopyd.log")" \
    "recoveries logged, one for each refusal"
stop_gopyd
msgs_verify
