#!/usr/bin/env bash
# Long SMS arrive in parts: 3- and 6-part messages in UCS2 and GSM 7-bit,
# 8- and 16-bit references, parts out of order and interleaved between
# senders, one part twice, gopyd restarted between parts. Each message is
# stored once, whole and exact, and answered once; an acknowledgement
# longer than one SMS reaches the phone as one concatenated message.
. "$(dirname "$0")/lib.sh"

# Texts long enough for 3 and 6 parts (67 UCS2 units, 153 septets a part).
vi3="Kính gửi công an xã, đêm qua nhà tôi ở xóm 3 bị kẻ gian cạy khóa chuồng, dắt mất hai con bò và một chiếc xe máy. Sáng nay tôi thấy dấu chân dẫn ra phía bờ sông."
vi6="$vi3 Đây là lần thứ hai trong năm nhà tôi bị mất trộm. Tôi đã trình báo công an xã nhưng đến nay chưa có kết quả. Mong các anh vào cuộc làm rõ để bà con yên tâm sản xuất, chăn nuôi."
gsm6="Xom 5 co nguoi ghi lo de cong khai o quan nuoc dau lang, ngay nao cung dong nguoi ra vao tu chieu den toi. Nhieu nha co con em bo hoc di ghi de, vay no de choi."
gsm6="$gsm6 $gsm6 $gsm6 $gsm6 $gsm6 Xin cong an xa kiem tra som {ngay 5/11} @ quan nuoc."
gsm3="Nhom thanh nien dua xe tren duong lien xa moi dem, no ba inh oi, lang lach danh vong, rat nguy hiem cho nguoi di duong. De nghi cong an xu ly."
gsm3="$gsm3 $gsm3 Cam on cac anh rat nhieu, mong som co ket qua."

# A default reply longer than one GSM 7-bit SMS: it goes in 2 parts.
long_reply="{unit} da nhan phan anh cua ban, ma so {ticket}. Chung toi se xac minh va tra loi som nhat. Neu vu viec dang xay ra hoac co nguoi bi thuong, hay goi ngay 113 hoac 115 de duoc giup do kip thoi."

sim_start
sim_conf "$T/gopy.conf"
sed -i "s|^\([[:space:]]*template[[:space:]]*=[[:space:]]*\)\".*\";|\1\"$long_reply\";|" \
    "$T/gopy.conf"
grep -q "kip thoi" "$T/gopy.conf" || fail "long reply not set"

prepare() {
	out=$(sim_ctl "$@") || fail "$*: $out"
	echo "${out##ok }"
}
assert_eq "$(prepare prepare A +84912345601 ucs2 "$vi3")" 3 "parts of A"
assert_eq "$(prepare prepare B 0912345602 gsm7 "$gsm6")" 6 "parts of B"
assert_eq "$(prepare prepare16 C +84912345603 gsm7 "$gsm3")" 3 "parts of C"
assert_eq "$(prepare prepare D +84912345604 ucs2 "$vi6")" 6 "parts of D"
part() {
	sim_ctl deliver-part "$1" "$2" >"$T/ctl.out" ||
	    fail "deliver-part $1 $2: $(cat "$T/ctl.out")"
}

# Two parts wait on the SIM before gopyd starts.
part A 3
part B 1
start_gopyd
wait_ready
part C 2
part A 1
part B 2
part B 2
part D 6
part D 1
part D 3
wait_until "the SIM emptied" sim_ctl wait sim-empty 1000

# gopyd is down while more parts come.
stop_gopyd
part B 4
part D 2
part C 1
part C 3
start_gopyd
wait_ready 2
part A 2
part B 6
part D 5
part B 3
part B 5
part D 4
part D 4

sim_ctl wait sent 4 60000 >/dev/null || fail "acknowledgements: $(sim_ctl sent)"
sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty: $(sim_ctl sim)"

gopy list --json --limit 0 >"$T/list.json"
assert_eq "$(wc -l <"$T/list.json")" 4 "messages stored"
check() {
	row=$(jq -c --arg s "$1" 'select(.sender == $s)' "$T/list.json")
	[ -n "$row" ] || fail "no message from $1"
	assert_eq "$(jq -r .text <<<"$row")" "$2" "text from $1"
	assert_eq "$(jq -r .parts <<<"$row")" "$3" "parts from $1"
}
check +84912345601 "$vi3" 3
check +84912345602 "$gsm6" 6
check +84912345603 "$gsm3" 3
check +84912345604 "$vi6" 6

# The co_bac message got the long default reply, whole, in two parts.
ticket=$(jq -r 'select(.sender == "+84912345602") | .ticket' "$T/list.json")
want=${long_reply//\{unit\}/CA xa Thach Ha}
want=${want//\{ticket\}/$ticket}
sim_ctl sent >"$T/sent.txt"
grep -qxF "sms 1 +84912345602 gsm7 $want" <(sed 's/^sms [0-9]* /sms 1 /' "$T/sent.txt") ||
    fail "long reply: $(cat "$T/sent.txt")"
sim_ctl sent-parts >"$T/parts.txt"
assert_eq "$(grep -c '^part [0-9]* +84912345602 gsm7 [0-9]* [12] 2 ' "$T/parts.txt")" 2 \
    "parts of the long reply"
assert_eq "$(awk '$3 == "+84912345602" { print $5 }' "$T/parts.txt" | sort -u | wc -l)" 1 \
    "references of the long reply"
stop_gopyd
