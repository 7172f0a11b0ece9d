#!/usr/bin/env bash
# Whom gopyd never answers: alphanumeric senders (carriers, banks), short
# codes (fewer than reply.min_sender_digits digits, e.g. 191 and 9029)
# and the numbers of reply.never, in any form (national, international).
# Their messages are stored all the same, each marked with why it was not
# answered; ordinary numbers, six digits long or more, are answered.
. "$(dirname "$0")/lib.sh"

NEVER=+84912000999		# in reply.never as 0912000999
CITIZEN=+84912345401

sim_start
sim_conf "$T/gopy.conf"
conf_put reply never '[ "0912000999", "+84987000888" ]'
"$BUILD/gopyd" -n -c "$T/gopy.conf" >"$T/check.out" 2>&1 ||
    fail "reply.never refused: $(cat "$T/check.out")"
start_gopyd
wait_ready

# sender as delivered|sender as stored|type|why not answered|text
messages=(
"Viettel|Viettel|alphanumeric|sender|Quy khach duoc tang 50% gia tri the nap"
"VCB-Bank|VCB-Bank|alphanumeric|sender|Tai khoan cua quy khach vua bi tru tien"
"191|191|unknown|sender|Cu phap khong dung, soan TT gui 191"
"9029|9029|unknown|sender|Dang ky thanh cong goi cuoc, gui 9029 de huy"
"12345|12345|unknown|sender|Ma xac thuc cua ban la 4821"
"123456|123456|unknown|answered|Toi la nguoi dan, so dien thoai ban"
"$NEVER|$NEVER|international|never|Nha toi bi trom con ga, de nghi xu ly"
"0912000999|$NEVER|national|never|Lai nua, nha toi bi trom con vit"
"+84987000888|+84987000888|international|never|Tin nhan tu dong cua he thong"
"$CITIZEN|$CITIZEN|international|answered|Nha toi o xom 3 bi trom mat con bo"
)
for m in "${messages[@]}"; do
	IFS='|' read -r from _ _ _ text <<<"$m"
	deliver "$from" gsm7 "$text"
done
wait_until "${#messages[@]} messages stored" sh -c "[ \$('$BUILD/gopy' -c \
'$T/gopy.conf' list --json --limit 0 | wc -l) -eq ${#messages[@]} ]"
sim_ctl wait sim-empty 30000 >/dev/null || fail "SIM not empty: $(sim_ctl sim)"
sim_ctl wait sent 2 30000 >/dev/null || fail "not answered: $(sim_ctl sent)"
wait_until "an empty outbox" outbox_empty
stop_gopyd

# Only the citizens got an SMS, and nothing else was even queued. Six
# digits are enough (reply.min_sender_digits).
assert_eq "$(sim_ctl sent | tail -n 1)" "ok 2" "SMS sent"
for to in 123456 "$CITIZEN"; do
	sent_to "$to" | grep -q "Ma so\|ma so" ||
	    fail "no acknowledgement to $to: $(sim_ctl sent)"
done
assert_eq "$(db_query "SELECT group_concat(recipient) FROM (SELECT recipient
    FROM outbox ORDER BY id)")" "123456,$CITIZEN" "the outbox"

# Every message stored once, exactly as sent, with why it was not answered.
for m in "${messages[@]}"; do
	IFS='|' read -r _ stored type why text <<<"$m"
	assert_eq "$(db_query "SELECT sender || ' ' || sender_type || ' ' ||
	    coalesce(unanswered, 'answered') FROM messages WHERE text = ?" \
	    "$text")" "$stored $type $why" "'$text'"
done
exit 0
