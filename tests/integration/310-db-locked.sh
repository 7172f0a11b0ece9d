#!/usr/bin/env bash
# Another process holds the database locked for 30 s while messages arrive:
# gopyd deletes nothing from the SIM, says why in its log (once, not at
# every try) and in gopy status while it lasts (through its status file)
# and afterwards, and stores and answers everything once the lock is gone.
. "$(dirname "$0")/lib.sh"

sim_start
sim_conf "$T/gopy.conf"
conf_set busy_timeout 1000
msgs_make 6 short
start_gopyd
wait_ready

# A writer that takes the lock and keeps it 30 s (python3's sqlite3: the
# same SQLite library, another process).
python3 - "$T/gopy.db" "$T/locked" <<'PY' &
import sqlite3, sys, time, pathlib
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
db.execute("BEGIN EXCLUSIVE")
pathlib.Path(sys.argv[2]).touch()
time.sleep(30)
db.execute("ROLLBACK")
PY
LOCKER=$!
wait_until "the lock" test -e "$T/locked"
msgs_deliver 0 5

# While locked: the log says so, the SIM keeps every message, and gopy
# status says why, though gopyd cannot write its status row.
wait_until "a logged lock" grep -q "refuses writes: .*database is locked" \
    "$T/gopyd.log"
assert_eq "$(sim_ctl sim | grep -c '^slot')" 6 "messages kept on the SIM"
expect_status_refusing "database is locked"
kill -0 "$LOCKER" || fail "the lock ended before gopy status was asked"
wait "$LOCKER"

msgs_wait
expect_recovered "locked"
stop_gopyd
msgs_verify
