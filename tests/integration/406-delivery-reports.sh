#!/usr/bin/env bash
# Delivery reports. With reply.delivery_reports = true every reply asks
# for one (TP-SRR); the simulated network answers each with an
# SMS-STATUS-REPORT that gopyd matches to its outbox row by message
# reference and recipient: passed on as +CDS (AT+CNMI ds=1) with stored
# delivery, as +CDS confirmed with AT+CNMA with direct delivery, and
# stored on the SIM with +CDSI by a modem that keeps them (fault
# report-store), read and deleted like an SMS. gopy outbox and gopy show
# then say "delivered", or "failed" for a permanent error (TP-ST 70). With
# reply.delivery_reports = false no reply asks for a report.
. "$(dirname "$0")/lib.sh"

citizens=0
# citizen_writes CODING TEXT: a new citizen's report; waits for its
# acknowledgement. Sets $number (the sender) and $id (the message).
citizen_writes() {
	citizens=$((citizens + 1))
	number=+8491234560$citizens
	deliver "$number" "$1" "$2"
	sim_ctl wait sent "$citizens" 30000 >/dev/null ||
	    fail "no acknowledgement to $number: $(sim_ctl sent | tail -n 1)"
	id=$(db_query "SELECT id FROM messages WHERE sender = ?" "$number")
}

delivery_of() {
	gopy show --json "$1" | jq -r '.replies[0].delivery'
}

# delivery_is ID WANT: the report for message ID's reply has come.
delivery_is() {
	[ "$(delivery_of "$1")" = "$2" ]
}

# last_report_is STATE: the newest report of the simulator is in STATE.
last_report_is() {
	sim_ctl reports | grep '^report ' | tail -n 1 | grep -q " $1\( \|$\)"
}

# cds_acked N: the simulator has had N +CDS confirmed.
cds_acked() {
	[ "$(sim_stat cds-acked)" = "$1" ]
}

sim_start
sim_conf "$T/gopy.conf"
conf_set delivery_reports true
start_gopyd
wait_ready
grep -q '^at AT+CNMI=2,1,0,1,0$' <(sim_ctl log) ||
    fail "status reports not asked for: $(sim_ctl log | grep CNMI)"

# Stored delivery, +CDS: delivered.
citizen_writes gsm7 "Nha toi o xom 3 bi trom mat con bo dem qua"
wait_until "delivered (+CDS)" delivery_is "$id" delivered
first=$id
report=$(sim_ctl reports | grep '^report ')
read -r _ _ part mr to st state <<<"$report"
assert_eq "$to $st $state" "$number 0 cds" "the simulator's report"
assert_eq "$(db_query "SELECT message_ref FROM outbox WHERE message_id = ?" \
    "$id")" "$mr" "message reference of the reply"
assert_eq "$part" 1 "the part reported on"

# A permanent failure: the phone never got it.
sim_fault report-status 70
citizen_writes ucs2 "Xóm 5 có người ghi lô đề công khai ở quán nước"
wait_until "failed (+CDS)" delivery_is "$id" failed
failed=$id

# A modem that stores reports: +CDSI, read with AT+CMGR, then deleted.
sim_fault report-status 0
sim_fault report-store on
citizen_writes gsm7 "Dem nao cung co nhom thanh nien dua xe tren duong"
wait_until "the report stored" last_report_is cdsi
wait_until "delivered (+CDSI)" delivery_is "$id" delivered
stored=$id
sim_ctl wait sim-empty 30000 >/dev/null ||
    fail "report left on the SIM: $(sim_ctl sim)"
sim_ctl log | grep -q '^at AT+CMGR=' || fail "the stored report not read"
sim_fault report-store off
stop_gopyd

# gopy outbox tells the same, with the time of delivery.
gopy outbox --json >"$T/outbox.json"
for m in "$first delivered" "$failed failed" "$stored delivered"; do
	read -r mid want <<<"$m"
	row=$(jq -c "select(.message_id == $mid)" "$T/outbox.json")
	assert_eq "$(jq -r .delivery <<<"$row")" "$want" \
	    "outbox delivery of $mid"
	jq -e '.delivered_at | test("^[0-9]{4}-")' <<<"$row" >/dev/null ||
	    fail "outbox delivered_at of $mid: $row"
done
assert_eq "$(sim_stat cds-sent) $(sim_stat cdsi-sent)" "2 1" \
    "reports passed on and stored"

# Direct delivery: +CDS after AT+CSMS=1 wants AT+CNMA, and gets it.
conf_set delivery '"direct"'
start_gopyd
wait_ready 2
citizen_writes gsm7 "Co nguoi ban ma tuy gan truong hoc"
wait_until "delivered (+CDS, direct)" delivery_is "$id" delivered
wait_until "+CDS confirmed with AT+CNMA" cds_acked 1
assert_eq "$(sim_stat cds-sent)" 3 "+CDS sent"
stop_gopyd

# No reports asked for: none made, none shown.
conf_set delivery_reports false
start_gopyd
wait_ready 3
reports=$(sim_stat reports)
citizen_writes gsm7 "Hai nhom thanh nien danh nhau o cho, gay roi trat tu"
wait_until "an empty outbox" outbox_empty
assert_eq "$(sim_stat reports)" "$reports" "reports made without TP-SRR"
assert_eq "$(delivery_of "$id")" null "delivery without a report"
stop_gopyd
exit 0
