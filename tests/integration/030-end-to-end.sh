#!/usr/bin/env bash
# The vertical slice: 20 citizens' SMS (10 GSM 7-bit without diacritics, 10
# UCS2 Vietnamese), three of them already on the SIM before gopyd starts.
# Each must be stored once with its exact text and expected topic, answered
# once with its ticket at the right number, and deleted from the SIM.
. "$(dirname "$0")/lib.sh"

# coding|sender as delivered|sender as stored|topic|text
messages=(
"gsm7|+84912345601|+84912345601|trom_cap|Nha toi o xom 3 bi trom mat con bo dem qua"
"gsm7|+84912345602|+84912345602|co_bac|Xom 5 co nguoi ghi lo de cong khai o quan nuoc"
"gsm7|+84912345603|+84912345603|giao_thong|Dem nao cung co nhom thanh nien dua xe tren duong lien xa"
"gsm7|0912345604|+84912345604|te_nan|Co nguoi ban ma tuy gan truong hoc"
"gsm7|0912345605|+84912345605|an_ninh|Hai nhom thanh nien danh nhau o cho, gay roi trat tu"
"gsm7|84912345606|+84912345606|thu_tuc|Toi muon hoi thu tuc lam can cuoc cho con"
"gsm7|+84912345607|+84912345607|cong_an_xa|Cong an xa truc dem khong nghe dien thoai"
"gsm7|+84912345608|+84912345608|tham_nhung|Can bo xa doi phong bi moi giai quyet ho so"
"gsm7|+84912345609|+84912345609|thai_do|Can bo tiep dan thai do hach dich, quat nat nguoi dan"
"gsm7|+84912345610|+84912345610|khen|Cam on cac anh cong an da giup tim lai xe may bi mat @ ngay 5/11 {ok}"
"ucs2|0987654311|+84987654311|trom_cap|Nhà tôi ở xóm 3 bị trộm mất con bò đêm qua"
"ucs2|0987654312|+84987654312|co_bac|Xóm 5 có người ghi lô đề công khai ở quán nước"
"ucs2|+84987654313|+84987654313|giao_thong|Đêm nào cũng có nhóm thanh niên đua xe trên đường liên xã"
"ucs2|+84987654314|+84987654314|te_nan|Có người bán ma túy gần trường học"
"ucs2|+84987654315|+84987654315|an_ninh|Hai nhóm thanh niên đánh nhau ở chợ, gây rối trật tự"
"ucs2|+84987654316|+84987654316|thu_tuc|Tôi muốn hỏi thủ tục làm căn cước cho con"
"ucs2|01681234517|+84381234517|cong_an_xa|Công an xã trực đêm không nghe điện thoại"
"ucs2|+84987654318|+84987654318|tham_nhung|Cán bộ xã đòi phong bì mới giải quyết hồ sơ"
"ucs2|+84987654319|+84987654319|thai_do|Cán bộ tiếp dân thái độ hách dịch, quát nạt người dân"
"ucs2|+84987654320|+84987654320|khen|Cảm ơn các anh công an đã giúp tìm lại xe máy bị mất 👍"
)

# deliver_row ROW: deliver one of the messages above.
deliver_row() {
	IFS='|' read -r coding from _ _ text <<<"$1"
	deliver "$from" "$coding" "$text"
}

sim_start
sim_conf "$T/gopy.conf"
for i in 0 1 10; do
	deliver_row "${messages[$i]}"
done
[ "$(sim_ctl sim | tail -n 1)" = "ok 3" ] || fail "3 SMS should wait on the SIM"

start_gopyd
wait_ready
for i in "${!messages[@]}"; do
	case $i in 0|1|10) continue ;; esac
	deliver_row "${messages[$i]}"
done
sim_ctl wait sent 20 60000 >/dev/null || fail "not 20 acknowledgements: $(sim_ctl sent | tail -n 1)"
sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty: $(sim_ctl sim)"

gopy list --json --limit 0 >"$T/list.json"
assert_eq "$(wc -l <"$T/list.json")" 20 "messages stored"
for m in "${messages[@]}"; do
	IFS='|' read -r coding _ stored topic text <<<"$m"
	row=$(jq -c --arg t "$text" 'select(.text == $t)' "$T/list.json")
	[ -n "$row" ] || fail "no message with text '$text'"
	[ "$(printf '%s\n' "$row" | wc -l)" -eq 1 ] || fail "'$text' stored twice"
	assert_eq "$(jq -r .sender <<<"$row")" "$stored" "sender of '$text'"
	assert_eq "$(jq -r .topic <<<"$row")" "$topic" "topic of '$text'"
	assert_eq "$(jq -r .status <<<"$row")" new "status of '$text'"
	assert_eq "$(jq -r .parts <<<"$row")" 1 "parts of '$text'"
	jq -e '.received_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{2}:[0-9]{2}$")' \
	    <<<"$row" >/dev/null || fail "received_at of '$text': $row"
done

# Every acknowledgement went to the sender of the message whose ticket it
# carries, in GSM 7-bit, and every ticket was answered exactly once.
sim_ctl sent | grep '^sms ' >"$T/sent.txt"
assert_eq "$(wc -l <"$T/sent.txt")" 20 "acknowledgements"
while read -r _ _ to coding text; do
	assert_eq "$coding" gsm7 "coding of '$text'"
	ticket=$(grep -o '[0-9]\{4,\}-[0-9]' <<<"$text" | head -n 1)
	[ -n "$ticket" ] || fail "no ticket in acknowledgement '$text'"
	sender=$(jq -r --arg k "$ticket" 'select(.ticket == $k) | .sender' \
	    "$T/list.json")
	assert_eq "$to" "$sender" "recipient of ticket $ticket"
	grep -q "CA xa Thach Ha" <<<"$text" || fail "no unit in '$text'"
done <"$T/sent.txt"
assert_eq "$(grep -o '[0-9]\{4,\}-[0-9]' "$T/sent.txt" | sort -u | wc -l)" 20 \
    "distinct tickets acknowledged"

# The outbox agrees: each reply is marked sent.
for id in $(jq -r .id "$T/list.json"); do
	assert_eq "$(gopy show --json "$id" | jq -r '[.replies[].state] | join(",")')" \
	    sent "replies of message $id"
done

# What make bench-ingest uses of modemsim: deliver-many paced (each from
# the next number, with its own text), the byte counters of the modem
# connection, and a latency for each SMS announced with +CMTI (the 17
# delivered after gopyd set AT+CNMI, and these 3).
sim_ctl deliver-many 2 0 +9999 gsm7 "x" >"$T/ctl.out" &&
    fail "deliver-many past the sender's digits: $(cat "$T/ctl.out")"
assert_eq "$(sim_ctl deliver-many 3 20 +84912345700 gsm7 "Mat trom xe dap")" \
    "ok 3" "deliver-many"
sim_ctl wait sent 23 60000 >/dev/null || fail "deliver-many: not answered"
assert_eq "$(gopy list --json --limit 0 --from +84912345702 | jq -r .text)" \
    "Mat trom xe dap (so 2)" "third message of deliver-many"
sim_ctl latency >"$T/latency.txt"
assert_eq "$(tail -n 1 "$T/latency.txt")" "ok 20" "latencies"
awk '$1 == "latency" && !($6 > 0 && $5 - $4 == $6) { exit 1 }' \
    "$T/latency.txt" || fail "latencies: $(cat "$T/latency.txt")"
[ "$(sim_stat bytes-in)" -gt 0 ] && [ "$(sim_stat bytes-out)" -gt 0 ] ||
    fail "byte counters: $(sim_ctl stats | grep bytes | tr '\n' ' ')"

stop_gopyd
