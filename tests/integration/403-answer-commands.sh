#!/usr/bin/env bash
# Citizens' SMS commands. "TT <ticket>" from the number that sent the
# report answers its status as it moves from new to in progress to
# resolved, whatever the spacing and case of the ticket; from another
# number, or with a wrong check digit, it gets a refusal that names
# neither the ticket nor any status. "HD" answers the help text. "TT"
# followed by words is no command but a report. Commands are stored like
# any message, marked as commands, under the fallback topic.
. "$(dirname "$0")/lib.sh"

CITIZEN=+84912345301
STRANGER=+84987654302
HELPME=+84912345303
REPORTER=+84912345304
UNIT="CA xa Thach Ha"

sent=0
# ask SENDER CODING TEXT: deliver, wait for the one answer, which must go
# to SENDER (or $REPLY_TO); it is then in $answer.
ask() {
	deliver "$@"
	sent=$((sent + 1))
	sim_ctl wait sent "$sent" 30000 >/dev/null ||
	    fail "no answer to '$3': $(sim_ctl sent | tail -n 1)"
	answer=$(sim_ctl sent | awk -v n="$sent" -v to="${REPLY_TO:-$1}" '
	    $1 == "sms" && $2 == n && $3 == to {
		sub(/^sms [0-9]+ [^ ]+ [^ ]+ /, ""); print }')
	[ -n "$answer" ] ||
	    fail "answer $sent not to ${REPLY_TO:-$1}: $(sim_ctl sent)"
}

# ask_expect SENDER CODING TEXT WANT: the answer is exactly WANT.
ask_expect() {
	ask "$1" "$2" "$3"
	[ "$answer" = "$4" ] || fail "answer to '$3': '$answer', want '$4'"
}

sim_start
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready

ask "$CITIZEN" gsm7 "Xe may cua toi bi lay mat o cho xom 2 sang nay"
ticket=$(grep -o '[0-9]\{4,\}-[0-9]' <<<"$answer")
[ -n "$ticket" ] || fail "no ticket in '$answer'"
id=$(db_query "SELECT id FROM messages WHERE ticket = ?" "$ticket")
digits=${ticket%-*}
check=${ticket#*-}

# The status, in the order the officers move the report along; the ticket
# as printed, with a space, and run together, in any case; the number in
# its national form is the same number.
ask_expect "$CITIZEN" gsm7 "TT $ticket" "Phan anh $ticket: da nhan. $UNIT"
gopy set "$id" --status in_progress >/dev/null
REPLY_TO=$CITIZEN ask_expect 0912345301 gsm7 "tt $digits $check" \
    "Phan anh $ticket: dang xu ly. $UNIT"
gopy set "$id" --status resolved >/dev/null
ask_expect "$CITIZEN" ucs2 "Tt  $digits$check " \
    "Phan anh $ticket: da xu ly. $UNIT"

# Refusals: the same text whoever asks of whatever, telling nothing.
refusal="Khong tim thay phan anh voi ma so nay tu so dien thoai cua ban. $UNIT"
ask_expect "$STRANGER" gsm7 "TT $ticket" "$refusal"
wrong=$(( (check + 1) % 10 ))
ask_expect "$CITIZEN" gsm7 "TT $digits-$wrong" "$refusal"
for word in "$ticket" "$digits" "da nhan" "dang xu ly" "da xu ly"; do
	case $refusal in
	*"$word"*) fail "the refusal tells '$word'" ;;
	esac
done

ask_expect "$HELPME" gsm7 "hd" "Gui phan anh: nhan tin noi dung, dia diem \
den so nay. Hoi ket qua: TT <ma so>. Khan cap goi 113. $UNIT"

# Words after TT: a report like any other, with its own ticket.
ask "$REPORTER" ucs2 "TT xã Thạch Hà có trộm đột nhập nhà dân"
report_ticket=$(grep -o '[0-9]\{4,\}-[0-9]' <<<"$answer")
[ -n "$report_ticket" ] && [ "$report_ticket" != "$ticket" ] ||
    fail "no ticket of its own in '$answer'"
wait_until "an empty outbox" outbox_empty
stop_gopyd

# Everything is stored: the reports as reports under their topics, the
# commands as commands under the fallback topic, all answered.
db_query "SELECT sender, kind, topic, coalesce(unanswered, 'answered')
    FROM messages ORDER BY id" >"$T/rows.tsv"
printf '%s\t%s\t%s\tanswered\n' \
    "$CITIZEN" report trom_cap \
    "$CITIZEN" command khac \
    "$CITIZEN" command khac \
    "$CITIZEN" command khac \
    "$STRANGER" command khac \
    "$CITIZEN" command khac \
    "$HELPME" command khac \
    "$REPORTER" report trom_cap >"$T/want.tsv"
diff -u "$T/want.tsv" "$T/rows.tsv" >&2 || fail "stored messages differ"
assert_eq "$(db_query "SELECT group_concat(kind) FROM (SELECT kind FROM
    outbox ORDER BY id)")" \
    ack,command,command,command,command,command,command,ack \
    "kinds of the answers"
assert_eq "$(sim_ctl sent | tail -n 1)" "ok $sent" "SMS sent in all"
exit 0
