#!/usr/bin/env bash
# gopy status with the real gopyd and the modem simulator: running, the
# modem's model, signal in dBm, operator, registration in words, SIM
# storage, the outbox, today's messages and the last error (the modem
# went away for a moment) with its time;
# then with gopyd stopped, with a heartbeat grown old, and on a database
# gopyd never ran on. And gopyd files each message under the commune
# whose places it names, and takes display.timezone as gopy does.
. "$(dirname "$0")/lib.sh"

# Every acknowledgement is refused: one waits in the outbox, an error shows.
sim_start -F cms-error=1
sim_conf "$T/gopy.conf"
conf_set retry_delay 600
cat >>"$T/gopy.conf" <<'EOF'
communes = (
	{ name = "Thạch Tân"; places = [ "thôn Bàu", "chợ Cầu" ]; },
	{ name = "Thạch Hương"; places = [ "xóm Cồn", "thôn Trung" ]; }
);
EOF
start_gopyd
wait_ready
deliver +84912000001 ucs2 "Trộm bò ở thôn Bàu đêm qua"
deliver +84912000002 gsm7 "Co nguoi ghi lo de o THON TRUNG"
deliver +84912000003 ucs2 "Đua xe từ xóm Cồn đến chợ Cầu"
deliver +84912000004 gsm7 "Xin chao cac anh"
wait_until "four messages" sh -c "[ \$('$BUILD/gopy' -c '$T/gopy.conf' list --json | wc -l) -eq 4 ]"
# The modem goes away and comes back: the error stays for gopy status.
port=$MODEM_PORT
stop_modemsim
sim_start -p "$port" -F cms-error=1
wait_ready 2
has_error() {
	gopy status --json | jq -e '.last_error != null' >/dev/null
}
wait_until "an error in the status" has_error

# Communes, as gopyd filed them.
gopy list --json >"$T/list.json"
commune_of() {
	jq -r --arg s "$1" 'select(.sender == $s) | .commune // "none"' \
	    "$T/list.json"
}
assert_eq "$(commune_of +84912000001)" "Thạch Tân" "commune of thôn Bàu"
assert_eq "$(commune_of +84912000002)" "Thạch Hương" "commune of THON TRUNG"
assert_eq "$(commune_of +84912000003)" none "commune of two communes' places"
assert_eq "$(commune_of +84912000004)" none "commune of no place"
gopy stats --json --by commune --since today >"$T/communes.json"
assert_eq "$(jq -r '"\(.commune // "unknown")=\(.count)"' "$T/communes.json" |
    tr '\n' ' ')" "Thạch Tân=1 Thạch Hương=1 unknown=2 " "stats by commune"

# Running.
rc=0
gopy status >"$T/status.txt" || rc=$?
assert_eq "$rc" 0 "status of a running gopyd and a ready modem"
expect_line() {
	grep -q "$1" "$T/status.txt" || fail "no '$1' in: $(cat "$T/status.txt")"
}
expect_line "^gopyd:     running, last heartbeat [0-9-]* [0-9:]*, [0-9]* s ago (pid $GOPYD_PID)$"
expect_line "^modem:     ready since .*, tcp:127.0.0.1:$MODEM_PORT, gopy modemsim$"
expect_line "^signal:    -73 dBm (20 of 31)$"
expect_line "^network:   registered, home network, Viettel$"
expect_line "^storage:   [0-9]* of [0-9]* SMS used$"
expect_line "^outbox:    [1-9][0-9]* SMS waiting$"
expect_line "^today:     4 messages$"
expect_line "^trouble:   [0-9-]* [0-9:]*: [a-z]"
gopy status --json >"$T/status.json"
jq -e --argjson pid "$GOPYD_PID" '
    .gopyd_running == true and .pid == $pid and .heartbeat_age_s >= 0 and
    .modem == "ready" and .model == "gopy modemsim" and .rssi == 20 and
    .signal_dbm == -73 and .registration == 1 and
    .registration_text == "registered, home network" and
    .operator == "Viettel" and .sim_total > 0 and .sim_used >= 0 and
    .outbox_waiting >= 1 and .messages_today == 4 and
    (.last_error | length > 0) and
    (.last_error_at | test("^[0-9-]{10}T[0-9:]{8}\\+07:00$")) and
    (.heartbeat | test("\\+07:00$"))' "$T/status.json" >/dev/null ||
    fail "status JSON: $(cat "$T/status.json")"

# Stopped: its heartbeat is fresh, but its process is gone.
stop_gopyd
rc=0
gopy status >"$T/status.txt" || rc=$?
assert_eq "$rc" 1 "status with gopyd stopped"
expect_line "^gopyd:     not running, last heartbeat .* ago (pid [0-9]*); below, the modem as it last saw it$"
expect_line "^today:     4 messages$"
assert_eq "$(gopy status --json | jq .gopyd_running)" false "running, stopped"

# A heartbeat of a live process (this shell) counts while it is fresh, and
# not once it is older than three heartbeats.
heartbeat() {
	python3 - "$T/gopy.db" "$1" "$$" <<'EOF'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE modem_status SET updated_at = ?, pid = ?, link = 'ready'",
           (int(time.time()) - int(sys.argv[2]), int(sys.argv[3])))
db.commit()
EOF
}
heartbeat 5
assert_eq "$(gopy status --json | jq .gopyd_running)" true "fresh heartbeat"
heartbeat 600
rc=0
gopy status >"$T/status.txt" || rc=$?
assert_eq "$rc" 1 "status with an old heartbeat"
expect_line "^gopyd:     not running, last heartbeat .*, 10 min ago (pid $$)"
assert_eq "$(gopy status --json | jq '[.gopyd_running, .heartbeat_age_s >= 600]' -c)" \
    "[false,true]" "old heartbeat in JSON"

# A database gopyd never ran on.
"$BUILD/seeddb" -c "$T/gopy.conf" "$T/fresh.db" </dev/null >/dev/null
rc=0
"$BUILD/gopy" -c "$T/gopy.conf" --db "$T/fresh.db" status >"$T/status.txt" || rc=$?
assert_eq "$rc" 1 "status before gopyd ever ran"
expect_line "^gopyd:     has not run on this database yet$"
expect_line "^today:     0 messages$"
"$BUILD/gopy" -c "$T/gopy.conf" --db "$T/fresh.db" status --json |
    jq -e '.gopyd_running == false and .heartbeat == null and
    .heartbeat_age_s == null' >/dev/null || fail "fresh status JSON"

# gopyd takes display.timezone too, and says when it does not know it.
sed '/^display = {/,/^};/d' "$T/gopy.conf" >"$T/mars.conf"
echo 'display = { timezone = "Mars/Olympus_Mons"; };' >>"$T/mars.conf"
"$BUILD/gopyd" -n -c "$T/mars.conf" >"$T/check.out" 2>&1 ||
    fail "gopyd -n: $(cat "$T/check.out")"
grep -q "warning: time zone 'Mars/Olympus_Mons' of display.timezone is not known" \
    "$T/check.out" || fail "gopyd -n: $(cat "$T/check.out")"
grep -q "^configuration OK$" "$T/check.out" || fail "gopyd -n: $(cat "$T/check.out")"
