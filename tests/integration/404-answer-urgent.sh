#!/usr/bin/env bash
# Urgent reports: a text with one of reply.urgent.words (any case, with or
# without diacritics) or of a topic of reply.urgent.topics. The citizen's
# acknowledgement ends with "Neu khan cap goi 113", and each of the two
# numbers of reply.duty_numbers gets one summary SMS with the ticket, the
# sender and the start of the text. A report that is not urgent sends
# them nothing.
. "$(dirname "$0")/lib.sh"

DUTY1=+84912000111		# in reply.duty_numbers as 0912000111
DUTY2=+84987000222
SUFFIX="Neu khan cap goi 113"

sim_start
sim_conf "$T/gopy.conf"
conf_put reply duty_numbers '[ "0912000111", "+84987000222" ]'
conf_put reply urgent \
    '{ words = [ "cấp cứu", "ngay bây giờ" ]; topics = [ "an_ninh" ]; }'
"$BUILD/gopyd" -n -c "$T/gopy.conf" >"$T/check.out" 2>&1 ||
    fail "reply.duty_numbers or reply.urgent refused: $(cat "$T/check.out")"
start_gopyd
wait_ready

sent=0
# report SENDER CODING TEXT ANSWERS: deliver and wait for ANSWERS more SMS;
# sets $ticket to the message's.
report() {
	deliver "$1" "$2" "$3"
	sent=$((sent + $4))
	sim_ctl wait sent "$sent" 30000 >/dev/null ||
	    fail "'$3': $(sim_ctl sent | tail -n 1) SMS, want $sent"
	wait_until "an empty outbox" outbox_empty
	ticket=$(db_query "SELECT ticket FROM messages WHERE text = ?" "$3")
}

# duty_has TICKET SENDER START: each duty number got exactly one summary
# of the ticket, naming the sender and starting the text with START.
duty_has() {
	local to
	for to in "$DUTY1" "$DUTY2"; do
		assert_eq "$(sent_to "$to" | grep -c "$1")" 1 \
		    "summaries of $1 to $to"
		sent_to "$to" | grep -F "$1" | grep -qF "$2: $3" ||
		    fail "summary of $1 to $to: $(sent_to "$to" | grep "$1")"
	done
}

# An urgent word, with diacritics, in a text longer than the summary
# keeps (80 characters).
TEXT1="Có người bị tai nạn giao thông ở ngã ba xóm 3, xe máy đổ giữa \
đường, cần CẤP CỨU gấp, người bị thương nặng lắm"
report +84912345801 ucs2 "$TEXT1" 3
duty_has "$ticket" +84912345801 "Co nguoi bi tai nan giao thong o nga ba xom 3"
sent_to "$DUTY1" | grep -F "$ticket" | grep -q '\.\.\.$' ||
    fail "the long text not cut: $(sent_to "$DUTY1")"
if sent_to "$DUTY1" | grep -q "thuong nang lam"; then
	fail "the summary holds the whole text"
fi
ack=$(sent_to +84912345801)
case $ack in
*"$ticket"*"$SUFFIX") ;;
*) fail "acknowledgement '$ack'" ;;
esac

# The same word without diacritics, and an urgent phrase.
report +84912345802 gsm7 "Nha hang xom chay, can cap cuu" 3
duty_has "$ticket" +84912345802 "Nha hang xom chay, can cap cuu"
report +84912345803 gsm7 "Co ke trom dang o trong vuon nha toi ngay bay gio" 3
duty_has "$ticket" +84912345803 "Co ke trom dang o trong vuon"

# An urgent topic (an_ninh) without any urgent word.
report +84912345804 ucs2 "Hai nhóm thanh niên đánh nhau ở chợ, gây rối trật tự" 3
assert_eq "$(db_query "SELECT topic FROM messages WHERE ticket = ?" \
    "$ticket")" an_ninh "topic of the fight"
duty_has "$ticket" +84912345804 "Hai nhom thanh nien danh nhau o cho"
sent_to +84912345804 | grep -q "$SUFFIX\$" || fail "no suffix for the fight"

# Not urgent: the acknowledgement alone, without the suffix.
report +84912345805 gsm7 "Xin hoi thu tuc lam can cuoc cho con" 1
if sent_to +84912345805 | grep -q "$SUFFIX"; then
	fail "suffix on a report that is not urgent"
fi
stop_gopyd

for to in "$DUTY1" "$DUTY2"; do
	assert_eq "$(sent_to "$to" | wc -l)" 4 "summaries to $to"
done
assert_eq "$(db_query "SELECT count(*) FROM outbox WHERE kind = 'urgent'")" \
    8 "urgent rows in the outbox"
exit 0
