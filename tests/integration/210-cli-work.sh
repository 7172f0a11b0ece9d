#!/usr/bin/env bash
# Working the reports with the real gopy on databases from seeddb (fixed
# times, TZ=Asia/Ho_Chi_Minh): gopy set with every option and its history
# (user, time, old and new), no history for what changes nothing, the
# officer's topic kept by reclassify, hostile notes stored verbatim; every
# error path with its exit status and the database unchanged; reply and
# send checked the way gopyd encodes; history append-only; the tables of
# audit, show and outbox against golden files at 80 columns; and clear
# words when an officer lacks permission (as root through setpriv, else
# as the user running the test).
#
# UPDATE_GOLDEN=1 rewrites tests/golden/{audit,show,outbox}-*.txt.
. "$(dirname "$0")/lib.sh"

export TZ=Asia/Ho_Chi_Minh
GOLDEN="$REPO/tests/golden"
ME=$(id -un)

# A configuration on $T/gopy.db; no modem is needed here.
sed -e "s|\"/var/lib/gopy/gopy.db\"|\"$T/gopy.db\"|" \
    "$REPO/config/gopy.conf" >"$T/gopy.conf"
cp "$REPO/config/learned.conf" "$T/"
grep -q "\"$T/gopy.db\"" "$T/gopy.conf" || fail "no database.path"

# Six citizens' messages, an hour apart from 2025-11-29 08:33 local time:
# a theft, lô đề, a long SMS whose part 2 never came, a carrier, a text
# with terminal escapes and a right-to-left override, a short code.
seed() {
	printf '%s\t%s\t%s\t%s\n' \
	    1764380000 +84912345678 "Trộm bò ở xóm 3, đêm qua nhà tôi bị mất hai con bò" 1 \
	    1764383600 +84987654321 "Xóm 5 có người ghi lô đề công khai ở quán nước" 1 \
	    1764387200 +84911111111 "Kính gửi công an xã, đêm qua nhà tôi ở xóm 3 bị kẻ gian cạy khóa chuồng[thiếu phần 2/3] và một chiếc xe máy." 3 \
	    1764390800 Viettel "Quy khach duoc tang 50% gia tri the nap" 1 \
	    1764394400 +84922222222 $'Lô đề \e[2J\e]0;pwned\a xóm 5 \xe2\x80\xae ngược' 1 \
	    1764398000 9029 "TT 0001-3" 1 |
	    "$BUILD/seeddb" -c "$T/gopy.conf" "$1" >/dev/null ||
	    fail "seeddb"
	# What seeddb cannot say: the gap, the PDUs, the kinds of sender.
	python3 - "$1" <<'PY'
import sys, sqlite3
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE messages SET incomplete = 1, raw_pdu = "
           "'07914889200026F5440B914819111111F10008522192...01\n"
           "07914889200026F5440B914819111111F10008522192...03' WHERE id = 3")
db.execute("UPDATE messages SET sender_type = 'alphanumeric' WHERE id = 4")
db.execute("UPDATE messages SET sender_type = 'abbreviated' WHERE id = 6")
db.commit()
PY
}

# The database's messages, history and outbox, row by row.
dump() {
	python3 - "$T/gopy.db" <<'PY'
import sys, sqlite3
db = sqlite3.connect(sys.argv[1])
for t in ("messages", "history", "outbox"):
    for row in db.execute("SELECT * FROM %s ORDER BY id" % t):
        print(t, repr(row))
PY
}

# refused STATUS COMMAND...: exits STATUS with one line on stderr, and the
# database is as it was.
refused() {
	dump >"$T/before.txt"
	expect_exit "$@"
	dump >"$T/after.txt"
	cmp -s "$T/before.txt" "$T/after.txt" ||
	    fail "'${*:2}' changed the database: $(diff "$T/before.txt" "$T/after.txt")"
	# The problem in one line; a bad option adds the usage.
	case $(wc -l <"$T/err.txt") in
	1) grep -q '^gopy: \|^usage: gopy ' "$T/err.txt" ;;
	2) grep -q "unrecognized option" "$T/err.txt" ;;
	*) false ;;
	esac || fail "error from '${*:2}': $(cat "$T/err.txt")"
	[ -s "$T/out.txt" ] && fail "'${*:2}' printed: $(cat "$T/out.txt")"
	return 0
}

history_count() {
	gopy audit --json --limit 0 | wc -l
}

seed "$T/gopy.db"

# --- gopy set: each option, its history row, its output line -----------
t0=$(date +%s)
gopy set 0001-3 --status in_progress >"$T/out.txt" || fail "set --status"
assert_eq "$(cat "$T/out.txt")" "message 1: status new → in_progress" "set output"
gopy set 1 --assign "Nguyễn Văn An" --commune "Thạch Hà" \
    --note "Đã gọi \"người báo\" lúc 9h: 100% _chắc_ -- xác minh; DROP TABLE history" \
    --note "--" >"$T/out.txt" || fail "set several"
assert_eq "$(cat "$T/out.txt")" "message 1: assignee (none) → Nguyễn Văn An
message 1: commune (none) → Thạch Hà
message 1: note added
message 1: note added" "set several output"
gopy set 1 --topic co_bac >/dev/null || fail "set --topic"
gopy set 1 --unassign >/dev/null || fail "set --unassign"
t1=$(date +%s)

gopy audit --json --limit 0 >"$T/audit.json"
assert_eq "$(wc -l <"$T/audit.json")" 7 "history rows"
assert_eq "$(gopy audit --json --limit 0 --until today | wc -l)" 7 \
    "--until today includes today"
# Newest first; each with the officer, the message and old → new.
assert_eq "$(jq -r '[.field, (.old // "-"), (.new // "-")] | join("|")' \
    "$T/audit.json" | tac)" \
"status|new|in_progress
assignee|-|Nguyễn Văn An
commune|-|Thạch Hà
note|-|Đã gọi \"người báo\" lúc 9h: 100% _chắc_ -- xác minh; DROP TABLE history
note|-|--
topic|trom_cap|co_bac
assignee|Nguyễn Văn An|-" "history fields"
assert_eq "$(jq -r '[.user, .message_id, .ticket] | join(" ")' \
    "$T/audit.json" | sort -u)" "$ME 1 0001-3" "history user and message"
jq -e --argjson a "$t0" --argjson b "$t1" \
    'select((.at | sub("\\+07:00$"; "Z") | fromdateiso8601) - 25200 |
    . < $a or . > $b)' "$T/audit.json" >/dev/null &&
    fail "history times outside $t0..$t1: $(cat "$T/audit.json")"
gopy show --json 1 >"$T/show.json"
assert_eq "$(jq -r '[.status, (.assignee // "-"), .commune, .topic,
    .topic_by] | join("|")' "$T/show.json")" \
    "in_progress|-|Thạch Hà|co_bac|$ME" "message after set"
# show lists the same history, oldest first, notes verbatim.
assert_eq "$(jq -r '.history[] | .field' "$T/show.json" | tr '\n' ' ')" \
    "status assignee commune note note topic assignee " "show history"
assert_eq "$(jq -r '.history[3].new' "$T/show.json")" \
    "Đã gọi \"người báo\" lúc 9h: 100% _chắc_ -- xác minh; DROP TABLE history" \
    "note through show"

# Setting what is there already: said so, no history row.
gopy set 1 --status in_progress --commune "Thạch Hà" >"$T/out.txt" ||
    fail "set no-op"
assert_eq "$(cat "$T/out.txt")" "message 1: status is in_progress already; unchanged
message 1: commune is Thạch Hà already; unchanged" "no-op output"
gopy set 1 --unassign >/dev/null || fail "unassign again"
assert_eq "$(history_count)" 7 "history rows after no-ops"

# Through sudo the history says who ran it.
SUDO_USER=hoa gopy set 2 --note "qua sudo" >/dev/null || fail "set under sudo"
want="$ME (sudo by hoa)"
[ "$ME" = hoa ] && want=hoa
assert_eq "$(gopy audit --json --limit 1 | jq -r .user)" "$want" "sudo user"
assert_eq "$(gopy audit --json --user hoa | jq -r .new)" "qua sudo" \
    "audit --user finds the sudo row"

# The officer's topic stays through reclassify (and learn counts it).
gopy set 2 --topic thai_do >/dev/null || fail "set topic 2"
gopy reclassify >"$T/out.txt" || fail "reclassify"
assert_eq "$(gopy show --json 2 | jq -r '.topic + " " + .topic_by')" \
    "thai_do $ME" "topic after reclassify"
assert_eq "$(gopy show --json 1 | jq -r .topic)" co_bac "topic 1 after reclassify"
gopy learn -o "$T/learned-new.conf" 2>"$T/err.txt" || fail "learn"
grep -q "learned from 2 messages" "$T/err.txt" ||
    fail "learn did not take the officers' topics: $(cat "$T/err.txt")"

# --- errors: exit status, one line, nothing changed --------------------
long_name=$(printf 'x%.0s' $(seq 65))
long_note=$(printf 'y%.0s' $(seq 2001))
refused 2 gopy set 1
refused 2 gopy set 1 --status done
grep -q "new in_progress resolved rejected" "$T/err.txt" ||
    fail "statuses not listed: $(cat "$T/err.txt")"
refused 2 gopy set 1 --topic bogus
grep -q "trom_cap" "$T/err.txt" || fail "topics not listed"
refused 2 gopy set 1 --status resolved --topic bogus
refused 2 gopy set 1 --note ""
refused 2 gopy set 1 --note "  "
refused 2 gopy set 1 --note "$long_note"
grep -q "^gopy: --note is [0-9]* bytes long; at most 2000$" "$T/err.txt" ||
    fail "$(cat "$T/err.txt")"
refused 2 gopy set 1 --note $'\xc3\x28'
refused 2 gopy set 1 --assign ""
refused 2 gopy set 1 --assign "  "
grep -q "^gopy: --assign is empty$" "$T/err.txt" || fail "$(cat "$T/err.txt")"
refused 2 gopy set 1 --assign "$long_name"
grep -q "^gopy: --assign is [0-9]* bytes long; at most 64$" "$T/err.txt" ||
    fail "$(cat "$T/err.txt")"
refused 2 gopy set 1 --assign $'an\e[31m'
refused 2 gopy set 1 --commune ""
refused 2 gopy set 1 --commune "$long_name"
refused 2 gopy set 1 --assign an --unassign
refused 2 gopy set abc --status resolved
refused 2 gopy set 0001-4 --status resolved
refused 2 gopy set --status resolved
refused 2 gopy set 1 2 --status resolved
refused 2 gopy set 1 --bogus
refused 1 gopy set 9999 --status resolved
grep -q "^gopy: no message '9999'$" "$T/err.txt" || fail "$(cat "$T/err.txt")"
refused 2 gopy audit --since yesterdayish
refused 2 gopy audit --until 2025-13-45
grep -q "^gopy: --until '2025-13-45' is not a date (YYYY-MM-DD, today, yesterday, 7d, 24h)$" \
    "$T/err.txt" || fail "$(cat "$T/err.txt")"
refused 2 gopy audit --since 2025-11-30 --until 2025-11-29
grep -q "^gopy: --until '2025-11-29' is before --since '2025-11-30'$" \
    "$T/err.txt" || fail "$(cat "$T/err.txt")"
refused 2 gopy audit --limit -1
refused 2 gopy audit --message x1
refused 1 gopy audit --message 9999
grep -q "^gopy: no message '9999'$" "$T/err.txt" || fail "$(cat "$T/err.txt")"
refused 2 gopy audit extra
refused 2 gopy outbox --state lost
refused 2 gopy outbox --since soon
refused 1 gopy show 9999
grep -q "^gopy: no message '9999'$" "$T/err.txt" || fail "$(cat "$T/err.txt")"
refused 2 gopy show --json --raw 1
# Output that does not reach its file fails the command, whichever it is.
for cmd in audit "audit --json" outbox "show 1" \
    "show --json 1" "set --help"; do
	# shellcheck disable=SC2086
	fails_on_full_disk gopy $cmd
done
for c in set audit show reply send outbox; do
	expect_exit 0 gopy "$c" --help
	head -n 1 "$T/out.txt" | grep -q "^usage: gopy $c " ||
	    fail "$c --help: $(cat "$T/out.txt")"
done

# --- reply and send: checked as gopyd will encode them -----------------
# With diacritics kept: Vietnamese is UCS2, 70 characters in one SMS,
# 67 in each part of a longer one.
cp "$T/gopy.conf" "$T/strip.conf"
conf_set strip_diacritics false
# vn N: N characters of Vietnamese (precomposed: one UTF-16 unit each).
vn() {
	python3 -c 'import sys
s = "Công an xã đã nhận phản ánh về vụ trộm bò ở xóm 3, sẽ xác minh sớm. "
print((s * 20)[:int(sys.argv[1])])' "$1"
}
[ "$(vn 70 | python3 -c 'import sys; print(len(sys.stdin.read().rstrip("\n")))')" = 70 ] ||
    fail "test text is not 70 characters"
gopy reply 0001-3 "$(vn 70)" >"$T/out.txt" || fail "reply 70: $(cat "$T/err.txt")"
grep -q "^queued SMS [0-9]* to +84912345678 (message 1): 1 part, UCS2 (70 characters)$" \
    "$T/out.txt" || fail "reply 70: $(cat "$T/out.txt")"
gopy reply 1 "$(vn 71)" >"$T/out.txt" || fail "reply 71"
grep -q ": 2 parts, UCS2 (67 characters each)$" "$T/out.txt" ||
    fail "reply 71: $(cat "$T/out.txt")"
gopy reply 1 "$(vn 402)" >"$T/out.txt" || fail "reply 402"
grep -q ": 6 parts, UCS2" "$T/out.txt" || fail "reply 402: $(cat "$T/out.txt")"
refused 2 gopy reply 1 "$(vn 403)"
assert_eq "$(cat "$T/err.txt")" \
    "gopy: text needs 7 SMS parts (UCS2, 67 characters each); at most 6" \
    "too long"
# GSM 7-bit: 160 in one, 153 a part; € takes two septets.
a160=$(printf 'a%.0s' $(seq 160))
gopy send 0987654321 "$a160" >"$T/out.txt" || fail "send 160"
grep -q "^queued SMS [0-9]* to +84987654321: 1 part, GSM 7-bit (160 characters)$" \
    "$T/out.txt" || fail "send 160: $(cat "$T/out.txt")"
gopy send 84987654321 "${a160}b" >"$T/out.txt" || fail "send 161"
grep -q ": 2 parts, GSM 7-bit (153 characters each)$" "$T/out.txt" ||
    fail "send 161: $(cat "$T/out.txt")"
gopy send "+84 98 765 4321" "${a160:2}€" >"$T/out.txt" || fail "send 158+€"
grep -q ": 1 part, GSM 7-bit" "$T/out.txt" || fail "158+€: $(cat "$T/out.txt")"
gopy send 0987654321 "${a160:1}€" >"$T/out.txt" || fail "send 159+€"
grep -q ": 2 parts, GSM 7-bit" "$T/out.txt" || fail "159+€: $(cat "$T/out.txt")"
refused 2 gopy send 0987654321 "$(printf 'a%.0s' $(seq 919))"
grep -q "text needs 7 SMS parts (GSM 7-bit, 153 characters each); at most 6" \
    "$T/err.txt" || fail "$(cat "$T/err.txt")"
refused 2 gopy reply 1 ""
refused 2 gopy reply 1 "   "
refused 2 gopy reply 1 $'ch\xe0o'
refused 2 gopy reply 1
refused 2 gopy reply abc "Da nhan"
refused 1 gopy reply 9999 "Da nhan"
refused 1 gopy reply 4 "Da nhan"
grep -q "message 4 cannot be answered: its sender is a name" "$T/err.txt" ||
    fail "$(cat "$T/err.txt")"
refused 1 gopy reply 6 "Da nhan"
grep -q "short code" "$T/err.txt" || fail "$(cat "$T/err.txt")"
refused 2 gopy send 191 "Da nhan"
refused 2 gopy send 09x8 "Da nhan"
refused 2 gopy send 0987654321 ""
refused 2 gopy send 0987654321
# Words are joined; "--" ends the options for a text that starts with "-".
gopy send 0987654321 -- "-- tin" thu '100%' >/dev/null || fail "send --"
assert_eq "$(gopy outbox --json --limit 1 | jq -r .text)" "-- tin thu 100%" \
    "joined text"

# Each SMS is in the outbox as it will go, and in history.
gopy outbox --json --limit 0 >"$T/outbox.json"
assert_eq "$(wc -l <"$T/outbox.json")" 8 "outbox rows"
jq -r 'select(.ticket == "0001-3") | .text' "$T/outbox.json" |
    grep -qxF "$(vn 70)" || fail "UCS2 text not kept as typed"
gopy audit --json --limit 0 >"$T/audit.json"
assert_eq "$(jq -r 'select(.field == "reply") | .old' "$T/audit.json" |
    sort -u)" "+84912345678" "reply recipient in history"
assert_eq "$(jq -r 'select(.field == "send") | .message_id' "$T/audit.json" |
    sort -u)" "null" "send has no message"
assert_eq "$(jq -r 'select(.field == "send" or .field == "reply") | .new' \
    "$T/audit.json" | sort)" "$(jq -r .text "$T/outbox.json" | sort)" \
    "history has each SMS text"
assert_eq "$(gopy show --json 1 | jq '.replies | length')" 3 "replies of 1"

# Diacritics stripped (the shipped default): GSM 7-bit, and it says so.
"$BUILD/gopy" -c "$T/strip.conf" reply 1 "$(vn 71)" >"$T/out.txt" ||
    fail "reply stripped"
grep -q ": 1 part, GSM 7-bit (160 characters)$" "$T/out.txt" ||
    fail "stripped: $(cat "$T/out.txt")"
grep -q "^sent without diacritics (reply.strip_diacritics): Cong an xa da nhan" \
    "$T/out.txt" || fail "stripped text: $(cat "$T/out.txt")"
assert_eq "$(gopy outbox --json --limit 1 | jq -r .text | cut -c1-24)" \
    "Cong an xa da nhan phan " "stripped text queued"

# --- history is append-only ---------------------------------------------
python3 - "$T/gopy.db" <<'PY' || fail "history could be changed"
import sys, sqlite3
db = sqlite3.connect(sys.argv[1])
for sql in ("UPDATE history SET new = 'x'", "UPDATE history SET user = 'y'",
            "DELETE FROM history", "DELETE FROM history WHERE id = 1"):
    try:
        db.execute(sql)
    except sqlite3.DatabaseError as e:
        assert "append-only" in str(e), str(e)
    else:
        sys.exit("went through: " + sql)
PY

# --- golden tables: history, outbox and notes written with fixed times ---
rm -f "$T/gopy.db" "$T"/gopy.db-*
seed "$T/gopy.db"
python3 - "$T/gopy.db" <<'PY'
import sys, sqlite3
db = sqlite3.connect(sys.argv[1])
H = "INSERT INTO history (message_id, at, user, field, old, new) VALUES (?, ?, ?, ?, ?, ?)"
rows = [
    (1, 1764400000, "an", "status", "new", "in_progress"),
    (1, 1764400060, "an", "assignee", None, "an"),
    (1, 1764400120, "an", "note", None, 'Đã gọi điện cho người báo; hẹn 9 giờ sáng mai xuống xóm 3 xác minh "hiện trường" -- 100% _chắc_'),
    (1, 1764403600, "root (sudo by hoa)", "commune", None, "Thạch Hà"),
    (1, 1764407200, "hoa", "reply", "+84912345678", "CA xa Thach Ha da nhan tin, ma so 0001-3. Chung toi se lien he som."),
    (2, 1764410000, "hoa", "topic", "co_bac", "te_nan"),
    (2, 1764466400, "hoa", "status", "new", "resolved"),
    (5, 1764470000, "an", "note", None, "ghi chú \x1b[31mđỏ\x1b[0m\nhai dòng"),
    (None, 1764473600, "an", "send", "+84933333333", "Moi ong/ba len tru so CA xa lam viec luc 8h ngay 1/12"),
]
db.executemany(H, rows)
db.execute("UPDATE messages SET status = 'in_progress', assignee = 'an', commune = 'Thạch Hà' WHERE id = 1")
db.execute("UPDATE messages SET topic = 'te_nan', topic_by = 'hoa', status = 'resolved' WHERE id = 2")
O = ("INSERT INTO outbox (recipient, text, state, attempts, last_error, message_ref, "
     "message_id, created_at, sent_at, delivery, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
db.executemany(O, [
    ("+84912345678", "CA xa Thach Ha da nhan gop y cua ban. Ma so: 0001-3. Cam on ban!", "sent", 1, None, 7, 1, 1764380005, 1764380010, "delivered", 1764380020),
    ("+84987654321", "CA xa Thach Ha da nhan gop y cua ban. Ma so: 0002-6. Cam on ban!", "failed", 5, "+CMS ERROR: 500", None, 2, 1764383605, None, None, None),
    ("+84912345678", "CA xa Thach Ha da nhan tin, ma so 0001-3. Chung toi se lien he som.", "queued", 0, None, None, 1, 1764407200, None, None, None),
    ("+84933333333", "Moi ong/ba len tru so CA xa lam viec luc 8h ngay 1/12", "sent", 1, None, 8, None, 1764473600, 1764473610, None, None),
])
db.commit()
PY
golden() {
	local name=$1
	shift
	COLUMNS=80 "$@" >"$T/$name" 2>&1 || fail "$name: $(cat "$T/$name")"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$GOLDEN"
		cp "$T/$name" "$GOLDEN/$name"
	fi
	diff -u "$GOLDEN/$name" "$T/$name" || fail "$name differs from golden"
	if LC_ALL=C grep -q $'\e\|\a\|\xe2\x80\xae' "$T/$name"; then
		fail "control characters reached $name"
	fi
}
golden audit-all.txt gopy audit
golden audit-user.txt gopy audit --user hoa
golden audit-since.txt gopy audit --since 2025-11-30 --until 2025-11-30
golden audit-message.txt gopy audit --message 0001-3 --limit 3
golden show-worked.txt gopy show 0001-3
golden show-incomplete.txt gopy show --raw 3
golden show-hostile.txt gopy show 5
golden outbox-all.txt gopy outbox
golden outbox-failed.txt gopy outbox --state failed
# Tables fit 80 columns (wc -L counts display columns in a UTF-8 locale).
for f in audit-all.txt audit-user.txt outbox-all.txt; do
	[ "$(LC_ALL=C.UTF-8 wc -L <"$T/$f")" -le 80 ] ||
	    fail "$f wider than 80 columns"
done
# The error text of an SMS comes from the modem: no escape sequence of it
# reaches the terminal, whichever command shows it.
python3 - "$T/gopy.db" <<'PY'
import sys, sqlite3
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE outbox SET last_error = ?, delivery = ? WHERE id = 2",
           ("\x1b[2J+CMS ERROR: 500\x1b]0;pwned\x07", "failed\x1b[5m"))
db.commit()
PY
for cmd in "show 0002-1" "outbox" "outbox --state failed"; do
	# shellcheck disable=SC2086
	COLUMNS=80 gopy $cmd >"$T/out.txt" || fail "gopy $cmd"
	if LC_ALL=C grep -q $'\e\|\a' "$T/out.txt"; then
		fail "an escape sequence from the modem reached gopy $cmd: $(cat -v "$T/out.txt")"
	fi
done
grep -q "+CMS ERROR: 500" <(COLUMNS=80 gopy show 0002-1) ||
    fail "show lost the error of the reply"
gopy show --json 3 | jq -e '.missing_parts == [2] and .incomplete' \
    >/dev/null || fail "missing parts in JSON"
assert_eq "$(gopy show --raw 3 | grep -c '^  07914889')" 2 "raw PDUs"

# With communes configured, --commune takes one of them, in any spelling,
# and stores it as the configuration writes it.
cat >>"$T/gopy.conf" <<'CONF'
communes = (
	{ name = "Thạch Hà"; places = [ "xóm 3" ]; },
	{ name = "Thạch Long"; places = [ "xóm 9" ]; }
);
CONF
expect_exit 0 gopy set 3 --commune "THACH long"
assert_eq "$(gopy show --json 3 | jq -r .commune)" "Thạch Long" "configured commune"
refused 2 gopy set 3 --commune "Thạch Lạc"
grep -q "^gopy: unknown commune 'Thạch Lạc'; one of: 'Thạch Hà' 'Thạch Long'$" \
    "$T/err.txt" || fail "unknown commune: $(cat "$T/err.txt")"
# The filters of list and export read a commune the same way.
for cmd in "list --json --limit 0" "export --json"; do
	# shellcheck disable=SC2086
	assert_eq "$(gopy $cmd --commune "thach LONG" | jq -r .id)" 3 \
	    "$cmd --commune in another spelling"
	# shellcheck disable=SC2086
	expect_exit 2 gopy $cmd --commune "Thạch Lạc"
	grep -q "^gopy: unknown commune 'Thạch Lạc'; one of:" "$T/err.txt" ||
	    fail "$cmd, unknown commune: $(cat "$T/err.txt")"
done

# --- permissions: an officer outside group gopy is told what to do -----
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# The install's layout: a setgid directory of the group, mode 2770;
	# the database group read-write, as gopyd creates it (mode 0660).
	# officer GROUPS ARGS...: gopy as user nobody with those groups.
	officer() {
		local groups=$1
		shift
		setpriv --reuid=65534 --regid=65534 "$groups" \
		    "$BUILD/gopy" -c "$T/gopy.conf" "$@"
	}
	nobody=$(id -un 65534)
	chmod 711 "$T"
	chmod 644 "$T/gopy.conf" "$T/learned.conf"
	mkdir "$T/lib"
	python3 -c 'import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' \
	    "$T/gopy.db"
	rm -f "$T"/gopy.db-*
	mv "$T/gopy.db" "$T/lib/"
	sed -i "s|\"$T/gopy.db\"|\"$T/lib/gopy.db\"|" "$T/gopy.conf"
	chown 0:4242 "$T/lib" "$T/lib/gopy.db"
	chmod 2770 "$T/lib"
	chmod 660 "$T/lib/gopy.db"
	expect_exit 0 officer --groups=4242 set 2 --note "từ nhóm gopy"
	expect_exit 0 officer --groups=4242 list
	expect_exit 0 officer --groups=4242 show 2
	assert_eq "$(gopy audit --json --limit 1 | jq -r '.user + " " + .new')" \
	    "$nobody từ nhóm gopy" "officer's user in history"
	# A directory service may give a longer name, UTF-8 and with a
	# domain, than any fixed buffer: history keeps it whole.
	if unshare -m true 2>/dev/null; then
		long_user="nguyễn.văn.an.công.an.xã.thạch.hà@công-an.hà-tĩnh.example.gov.vn"
		cp /etc/passwd "$T/passwd"
		printf '%s:x:4243:4242::/nonexistent:/bin/false\n' \
		    "$long_user" >>"$T/passwd"
		# shellcheck disable=SC2016
		unshare -m sh -c 'mount --bind "$1" /etc/passwd &&
		    exec setpriv --reuid=4243 --regid=4242 --groups=4242 \
		    "$2" -c "$3" set 2 --note "tên dài"' sh "$T/passwd" \
		    "$BUILD/gopy" "$T/gopy.conf" >/dev/null ||
		    fail "set by a user with a long name"
		assert_eq "$(gopy audit --json --limit 1 | jq -r .user)" \
		    "$long_user" "a long user name in history"
	fi
	for cmd in "set 2 --note x" "list" "show 2" "audit" "reply 1 Da nhan"; do
		# shellcheck disable=SC2086
		expect_exit 1 officer --clear-groups $cmd
		assert_eq "$(wc -l <"$T/err.txt")" 1 "lines of error from $cmd"
		grep -q "^gopy: permission denied: cannot enter '$T/lib'; officers must be in group gopy: sudo adduser $nobody gopy (then log in again); see gopy(1)$" \
		    "$T/err.txt" || fail "$cmd: $(cat "$T/err.txt")"
	done
	# In the group but the file read-only: cannot write, can still read.
	chmod 640 "$T/lib/gopy.db"
	expect_exit 1 officer --groups=4242 set 2 --note x
	grep -q "^gopy: permission denied: cannot write '$T/lib/gopy.db'; officers must be in group" \
	    "$T/err.txt" || fail "read-only file: $(cat "$T/err.txt")"
	expect_exit 0 officer --groups=4242 show 2
else
	# Not root: the same words when this user is shut out of the
	# directory, or the file is read-only for it.
	mkdir "$T/lib"
	python3 -c 'import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' \
	    "$T/gopy.db"
	rm -f "$T"/gopy.db-*
	mv "$T/gopy.db" "$T/lib/"
	sed -i "s|\"$T/gopy.db\"|\"$T/lib/gopy.db\"|" "$T/gopy.conf"
	chmod 000 "$T/lib"
	n=0
	for cmd in "set 2 --note x" "list" "show 2"; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		"$BUILD/gopy" -c "$T/gopy.conf" $cmd >/dev/null 2>"$T/denied$n.txt" &&
		    { chmod 755 "$T/lib"; fail "$cmd ran in a closed directory"; }
	done
	chmod 755 "$T/lib"
	for n in 1 2 3; do
		grep -q "^gopy: permission denied: cannot enter '$T/lib'; officers must be in group [^ ]*: sudo adduser $ME " \
		    "$T/denied$n.txt" || fail "closed directory: $(cat "$T/denied$n.txt")"
	done
	chmod 444 "$T/lib/gopy.db"
	expect_exit 1 gopy set 2 --note x
	chmod 644 "$T/lib/gopy.db"
	grep -q "^gopy: permission denied: cannot write '$T/lib/gopy.db'; officers must be in group" \
	    "$T/err.txt" || fail "read-only file: $(cat "$T/err.txt")"
fi

