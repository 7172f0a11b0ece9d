#!/usr/bin/env bash
# Stale replies expire. The network refuses to send (+CMS ERROR 331, no
# network service) while a citizen's report is stored, so its
# acknowledgement waits in the outbox; then the modem goes away
# altogether, and an officer's SMS is queued meanwhile. The hours of the
# outage are played by moving both rows back in time, the automatic one
# past its expiry (reply.max_age). When the modem is back the
# acknowledgement fails as expired and never goes out; the officer's SMS,
# which never expires, is sent. A new report is answered as usual.
. "$(dirname "$0")/lib.sh"

CITIZEN=+84912345501
OFFICER_TO=+84987654502
LATER=+84912345503
NOTE="Cong an xa da cu can bo xuong xom 4 sang mai"

# The acknowledgement tried once and waiting for its retry.
ack_waiting() {
	[ "$(db_query "SELECT state || ' ' || attempts FROM outbox
	    WHERE kind = 'ack'")" = "queued 1" ]
}

modem_gone() {
	gopy status --json | jq -e '.modem != "ready"'
}

# Sending fails, as when the network is down; the retry would come in an
# hour (modem.retry_delay), long after this test.
sim_start -F cms-error=1 -F cms-code=331
port=$MODEM_PORT
sim_conf "$T/gopy.conf"
conf_set retry_delay 3600
start_gopyd
wait_ready
deliver "$CITIZEN" gsm7 "Nha toi o xom 4 bi trom mat 3 con ga dem qua"
wait_until "a failed attempt" ack_waiting
assert_eq "$(sim_stat cmgs-error)" 1 "refused sends"

# The modem goes away; the officer writes meanwhile.
stop_modemsim
wait_until "gopyd without a modem" modem_gone
gopy send "$OFFICER_TO" "$NOTE" >/dev/null
# Seven hours later: both waited that long, the acknowledgement expired
# an hour ago (reply.max_age, 6 h, set when it was queued).
db_exec "UPDATE outbox SET created_at = created_at - 7 * 3600,
    expires_at = expires_at - 7 * 3600"
assert_eq "$(db_query "SELECT count(*) FROM outbox WHERE kind = 'ack' AND
    expires_at < strftime('%s', 'now')")" 1 "acknowledgements past expiry"
assert_eq "$(db_query "SELECT count(*) FROM outbox WHERE kind = 'officer'
    AND expires_at IS NULL")" 1 "officer's SMS without expiry"

# The modem is back, the network too.
sim_start -p "$port"
wait_ready 2
sim_ctl wait sent 1 30000 >/dev/null || fail "officer's SMS not sent"
wait_until "an empty outbox" outbox_empty
deliver "$LATER" gsm7 "Co nguoi la mat lang vang quanh truong hoc"
sim_ctl wait sent 2 30000 >/dev/null || fail "no acknowledgement later"
wait_until "an empty outbox" outbox_empty
stop_gopyd

sim_ctl sent >"$T/sent.txt"
assert_eq "$(tail -n 1 "$T/sent.txt")" "ok 2" "SMS sent"
assert_eq "$(sent_to "$OFFICER_TO")" "$NOTE" "the officer's SMS"
assert_eq "$(sent_to "$CITIZEN" | wc -l)" 0 "SMS to $CITIZEN"
sent_to "$LATER" | grep -q "ma so\|Ma so" || fail "no acknowledgement to $LATER"

gopy outbox --json >"$T/outbox.json"
row=$(jq -c "select(.recipient == \"$CITIZEN\")" "$T/outbox.json")
assert_eq "$(jq -r .state <<<"$row")" failed "state of the acknowledgement"
jq -e '.last_error | startswith("expired")' <<<"$row" >/dev/null ||
    fail "last_error of the acknowledgement: $row"
assert_eq "$(jq -r .sent_at <<<"$row")" null "acknowledgement sent_at"
assert_eq "$(jq -r "select(.recipient == \"$OFFICER_TO\") | .state" \
    "$T/outbox.json")" sent "state of the officer's SMS"
id=$(db_query "SELECT id FROM messages WHERE sender = ?" "$CITIZEN")
assert_eq "$(gopy show --json "$id" | jq -r '.replies[0].state')" failed \
    "gopy show: state of the reply"
grep -q "automatic SMS expired unsent" "$T/gopyd.log" ||
    fail "gopyd did not say so"
exit 0
