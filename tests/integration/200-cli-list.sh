#!/usr/bin/env bash
# gopy list, search and export over a database made by seeddb with fixed
# times and Vietnamese texts (NFC, NFD, upper case, without diacritics, an
# escape sequence, a long text, CSV's special characters): golden tables at
# two widths, JSON and CSV complete and parseable, every filter alone and
# combined, search by folded words and with hostile input, colour only on a
# terminal, every error and its exit status, --help for every command.
#
# GOLDEN_UPDATE=1 writes the golden files instead of comparing with them.
. "$(dirname "$0")/lib.sh"

export TZ=Asia/Ho_Chi_Minh
unset NO_COLOR
GOLDEN=$REPO/tests/golden

# make_conf FILE DB: the shipped configuration with database.path DB.
make_conf() {
	sed -e "s|^\([[:space:]]*path[[:space:]]*=[[:space:]]*\)\"[^\"]*\"|\1\"$2\"|" \
	    "$REPO/config/gopy.conf" >"$1"
	cp "$REPO/config/learned.conf" "$(dirname "$1")/learned.conf"
	grep -q "\"$2\"" "$1" || fail "no database.path in $1"
}

# seed DB < LINES: fill DB through seeddb; the count must come out.
seed() {
	local want
	want=$(grep -c . "$T/seed.tsv")
	"$BUILD/seeddb" -c "$T/gopy.conf" "$1" <"$T/seed.tsv" >"$T/seed.out" ||
	    fail "seeddb: $(cat "$T/seed.out")"
	assert_eq "$(cat "$T/seed.out")" "$want" "messages seeded"
}

# sql DB STATEMENT [ARG...]: one statement with bound arguments, as an
# officer's tool other than gopy would write (python3's sqlite3).
sql() {
	python3 - "$@" <<'EOF' || fail "sql: $2"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute(sys.argv[2], sys.argv[3:])
db.commit()
EOF
}

make_conf "$T/gopy.conf" "$T/gopy.db"

# The messages, ids 1 to 12 in this order. Times are local (+07:00):
#  1 11-28 21:30   2 11-29 06:15   3 11-29 23:59   4 11-30 00:00
#  5 11-30 07:45   6 11-30 12:00   7 12-01 08:00   8 12-01 09:10
#  9 12-01 10:20  10 12-01 11:30  11 12-01 12:40  12 12-02 07:05
NFD_TROM_BO=$'Tro\xcc\xa3\xcc\x82m bo\xcc\x80 o\xcc\x9b\xcc\x89 cho\xcc\x9b\xcc\xa3'
ESCAPED=$'Lô đề \e[2J\e]0;pwned\a xóm 5'
LONG='Kính gửi công an xã, đêm qua nhà tôi ở xóm 3 bị kẻ gian cạy khóa chuồng, dắt mất hai con bò và một chiếc xe máy. Sáng nay tôi thấy dấu chân dẫn ra phía bờ sông.'
SPECIAL=$'Nhà tôi, "xóm 4",\nbị mất trộm gà'
FORMULA='=HYPERLINK("http://x.invalid","bấm vào")'
{
	printf '1764340200\t+84912345678\tTrộm bò ở xóm 3, đêm qua\n'
	printf '1764371700\t+84987654321\tTRỘM BÒ Ở THÔN ĐÔNG, ĐỀ NGHỊ CÔNG AN XÃ ĐIỀU TRA\n'
	printf '1764435540\t+84912345678\ttrom bo o xom 5 dem qua\n'
	printf '1764435600\t+84901112233\t%s\n' "$NFD_TROM_BO"
	printf '1764463500\t+84355556666\tĐá bóng ở sân trường ồn quá\n'
	printf '1764478800\t+84944445555\t%s\n' "$ESCAPED"
	printf '1764550800\t+84966667777\t%s\t2\n' "$LONG"
	printf '1764555000\t+84977778888\tplaceholder\n'
	printf '1764559200\t+84988889999\t%s\n' "$FORMULA"
	printf '1764563400\t+84911112222\tGiảm giá 50%% cho thẻ_nạp -- hôm nay\n'
	printf '1764567600\t+84922223333\tCảm ơn các anh công an 👍 đã giúp tìm lại xe máy\n'
	printf '1764633900\t+84933334444\tplaceholder\n'
} >"$T/seed.tsv"
seed "$T/gopy.db"

# What seeddb cannot give: a text with a line break (8), an undecodable PDU
# (12), officers' work, and topics fixed so that the tables do not move
# when the keywords are tuned.
DB=$T/gopy.db
sql "$DB" "UPDATE messages SET text = ?, folded = ? WHERE id = 8" \
    "$SPECIAL" "nha toi xom 4 bi mat trom ga"
sql "$DB" "UPDATE messages SET text = '', folded = '', ticket = NULL,
    error = ? WHERE id = 12" "TP-UDL 200 exceeds the PDU"
sql "$DB" "UPDATE messages SET topic = CASE
    WHEN id IN (1, 2, 3, 4, 7, 8) THEN 'trom_cap'
    WHEN id = 5 THEN 'an_ninh' WHEN id = 6 THEN 'co_bac'
    WHEN id = 11 THEN 'khen' ELSE 'khac' END,
    unsure = id IN (5, 10), topic_by = NULL"
sql "$DB" "UPDATE messages SET status = CASE
    WHEN id IN (1, 10) THEN 'resolved' WHEN id IN (2, 3) THEN 'in_progress'
    WHEN id = 6 THEN 'rejected' ELSE 'new' END"
sql "$DB" "UPDATE messages SET assignee = ? WHERE id IN (2, 3)" hung
sql "$DB" "UPDATE messages SET assignee = ? WHERE id = 1" lan
sql "$DB" "UPDATE messages SET commune = ? WHERE id IN (1, 3, 7)" "Thạch Hà"
sql "$DB" "UPDATE messages SET commune = ? WHERE id = 2" "Cẩm Xuyên"
sql "$DB" "UPDATE messages SET incomplete = 1 WHERE id = 7"

# ids ARGS...: the ids gopy ARGS --json prints, in order, on one line.
ids() {
	local out
	out=$(gopy "$@" --json) || fail "gopy $* failed"
	printf '%s\n' "$out" | jq -r .id | tr '\n' ' ' | sed 's/ $//'
}

# sorted_ids ARGS...: the same, smallest first (search ranks its own way).
sorted_ids() {
	ids "$@" | tr ' ' '\n' | sort -n | tr '\n' ' ' | sed 's/ $//'
}

# golden NAME COMMAND...: COMMAND's output must be tests/golden/NAME.
golden() {
	local name=$1
	shift
	"$@" >"$T/$name" 2>"$T/err.txt" || fail "$*: $(cat "$T/err.txt")"
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		cp "$T/$name" "$GOLDEN/$name"
		return
	fi
	diff -u "$GOLDEN/$name" "$T/$name" || fail "$name differs from golden"
}

# --- Tables: golden at two widths; nothing wider; nothing unsafe.
golden list-60.txt env COLUMNS=60 "$BUILD/gopy" -c "$T/gopy.conf" list
golden list-120.txt env COLUMNS=120 "$BUILD/gopy" -c "$T/gopy.conf" list
golden list-trom-60.txt env COLUMNS=60 "$BUILD/gopy" -c "$T/gopy.conf" \
    list --topic trom_cap
golden search-bo-60.txt env COLUMNS=60 "$BUILD/gopy" -c "$T/gopy.conf" \
    search bo
golden search-bo-120.txt env COLUMNS=120 "$BUILD/gopy" -c "$T/gopy.conf" \
    search bo
for f in list-60.txt search-bo-60.txt list-120.txt search-bo-120.txt; do
	width=${f##*-}
	width=${width%.txt}
	got=$(LC_ALL=C.UTF-8 wc -L <"$T/$f")
	[ "$got" -le "$width" ] || fail "$f is $got columns wide"
	if LC_ALL=C grep -q $'\e\|\a' "$T/$f"; then
		fail "escape or bell in $f"
	fi
done
# The long text is cut with an ellipsis; search keeps its match in view.
grep -q '…$' "$T/list-60.txt" || fail "no cut text at 60 columns"
grep '^7 ' "$T/search-bo-60.txt" | grep -q ' …' ||
    fail "the match in the long text is not brought into view"
assert_eq "$(COLUMNS=60 gopy list --status resolved --topic co_bac)" \
    "$(printf 'ID  TICKET  RECEIVED  SENDER  TOPIC  STATUS  TEXT')" \
    "an empty table has its header"

# --- Colour: on a terminal only, never with NO_COLOR, never from a text.
on_tty 120 "$BUILD/gopy" -c "$T/gopy.conf" search trộm >"$T/tty.txt" ||
    fail "search on a terminal"
grep -q $'\e\\[1;7mTrộm\e\\[0m' "$T/tty.txt" ||
    fail "match not highlighted: $(cat -v "$T/tty.txt")"
grep -q $'\e\\[1mID' "$T/tty.txt" || fail "header not bold"
on_tty 120 "$BUILD/gopy" -c "$T/gopy.conf" list >"$T/tty.txt" ||
    fail "list on a terminal"
grep -q $'\e\\[32mresolved' "$T/tty.txt" || fail "status not coloured"
if grep -q $'\e\\[2J\|\e\\]0;\|\a' "$T/tty.txt"; then
	fail "a message's escape sequence reached the terminal"
fi
# CSV on a terminal is for reading: no message sends it a sequence either.
for cmd in "list --csv --limit 0" "search --csv lo de" "export --excel"; do
	# shellcheck disable=SC2086
	on_tty 120 "$BUILD/gopy" -c "$T/gopy.conf" $cmd >"$T/tty.txt" ||
	    fail "$cmd on a terminal"
	if LC_ALL=C grep -q $'\e\|\a' "$T/tty.txt"; then
		fail "an escape sequence reached the terminal: $cmd: $(cat -v "$T/tty.txt")"
	fi
	grep -q "id,ticket," "$T/tty.txt" || fail "$cmd on a terminal: $(cat "$T/tty.txt")"
done
on_tty 120 env NO_COLOR=1 "$BUILD/gopy" -c "$T/gopy.conf" search trộm \
    >"$T/tty.txt" || fail "search with NO_COLOR"
if grep -q $'\e' "$T/tty.txt"; then
	fail "colour despite NO_COLOR: $(cat -v "$T/tty.txt")"
fi
grep -q 'Trộm' "$T/tty.txt" || fail "NO_COLOR output lacks the match"
on_tty 120 env NO_COLOR= "$BUILD/gopy" -c "$T/gopy.conf" search trộm \
    >"$T/tty.txt" || fail "search with an empty NO_COLOR"
if grep -q $'\e' "$T/tty.txt"; then
	fail "colour despite an empty NO_COLOR: $(cat -v "$T/tty.txt")"
fi

# --- JSON: one object per line, every field, exact values.
KEYS='["id","ticket","sender","sender_type","received_at","stored_at","text","topic","topic_name","score","keywords","scores","unsure","topic_by","status","assignee","commune","kind","unanswered","repeat_of","parts","incomplete","error"]'
gopy list --json --limit 0 >"$T/all.json"
assert_eq "$(wc -l <"$T/all.json")" 12 "JSON lines"
assert_eq "$(jq -c keys_unsorted "$T/all.json" | sort -u)" "$KEYS" \
    "JSON fields"
assert_eq "$(jq -r .id "$T/all.json" | tr '\n' ' ')" \
    "12 11 10 9 8 7 6 5 4 3 2 1 " "newest first"
# (jq 1.6 -e judges by the last input only: one object at a time.)
msg() {
	jq -c --argjson id "$1" 'select(.id == $id)' "$T/all.json"
}
msg 1 | jq -e '.sender == "+84912345678" and
    .sender_type == "international" and
    .received_at == "2025-11-28T21:30:00+07:00" and
    .text == "Trộm bò ở xóm 3, đêm qua" and .topic == "trom_cap" and
    .topic_name == "Trộm cắp tài sản" and .status == "resolved" and
    .assignee == "lan" and .commune == "Thạch Hà" and .parts == 1 and
    .incomplete == false and .error == null and .unsure == false and
    (.ticket | test("^[0-9]{4,}-[0-9]$"))' >/dev/null ||
    fail "message 1 in JSON: $(msg 1)"
msg 7 | jq -e '.parts == 2 and .incomplete == true' >/dev/null ||
    fail "message 7 in JSON: $(msg 7)"
msg 12 | jq -e '.error == "TP-UDL 200 exceeds the PDU" and
    .ticket == null and .text == ""' >/dev/null ||
    fail "message 12 in JSON: $(msg 12)"
for id_text in "4:$NFD_TROM_BO" "6:$ESCAPED" "7:$LONG" "8:$SPECIAL" \
    "9:$FORMULA"; do
	assert_eq "$(jq -r --argjson id "${id_text%%:*}" \
	    'select(.id == $id) | .text' "$T/all.json")" "${id_text#*:}" \
	    "text of message ${id_text%%:*} through JSON"
done

# --- CSV: list --csv and export --csv read back with python3's csv
# module, field for field what JSON says; the special text round-trips.
gopy list --csv --limit 0 >"$T/list.csv"
gopy export --csv >"$T/export.csv"
cmp -s "$T/list.csv" "$T/export.csv" || fail "list --csv and export --csv differ"
python3 - "$T/export.csv" "$T/all.json" "$KEYS" "$SPECIAL" <<'EOF' ||
import csv, json, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.endswith(b'\r\n'), 'records end in CRLF'
assert not raw.startswith(b'\xef\xbb\xbf'), 'no BOM without --excel'
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8',
    errors='strict')))
keys = json.loads(sys.argv[3])
assert rows[0] == keys, 'header %r' % rows[0]
assert len(rows) == 13, '%d rows' % len(rows)
want = {}
for line in open(sys.argv[2], encoding='utf-8'):
    o = json.loads(line)
    want[str(o['id'])] = ['' if v is None else
        ('true' if v else 'false') if isinstance(v, bool) else
        format(v, 'g') if isinstance(v, float) else str(v)
        for v in (o[k] for k in keys)]
for r in rows[1:]:
    assert r == want[r[0]], 'message %s: %r != %r' % (r[0], r, want[r[0]])
text = {r[0]: r[6] for r in rows[1:]}
assert text['8'] == sys.argv[4], 'round trip: %r' % text['8']
assert text['9'].startswith('=HYPERLINK'), 'plain CSV keeps the text'
EOF
    fail "CSV does not read back as JSON has it"
# --excel: a byte order mark, the same records, formulas made text.
gopy export --excel --topic khac >"$T/excel.csv"
python3 - "$T/excel.csv" <<'EOF' || fail "export --excel"
import csv, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbfid,ticket,'), raw[:20]
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
assert [r[0] for r in rows[1:]] == ['12', '10', '9'], rows
text = {r[0]: r[6] for r in rows[1:]}
assert text['9'] == "'=HYPERLINK(\"http://x.invalid\",\"bấm vào\")", text['9']
assert rows[1][2] == "'+84933334444", rows[1][2]
EOF
assert_eq "$(gopy export --csv --excel --topic khac | cmp - "$T/excel.csv" &&
    echo same)" same "--csv --excel is --excel"
assert_eq "$(gopy export --json | wc -l)" 12 "export --json: everything"
assert_eq "$(gopy export --json --limit 2 | jq -r .id | tr '\n' ' ')" \
    "12 11 " "export --limit"

# --- Filters, each alone, then together: the exact ids.
csv_ids() {
	python3 -c 'import csv, sys
print(" ".join(r[0] for r in list(csv.reader(sys.stdin))[1:]))'
}
check() {
	local want=$1
	shift
	assert_eq "$(ids list --limit 0 "$@")" "$want" "list $*"
	assert_eq "$(gopy export --csv "$@" | csv_ids)" "$want" "export $*"
}
check "12 11 10 9 8 7 6 5 4 3 2 1"
check "8 7 4 3 2 1" --topic trom_cap
check "12 11 9 8 7 5 4" --status new
check "3 2" --status in_progress
check "10 1" --status resolved
check "6" --status rejected
check "12 11 10 9 8 7 6 5 4" --since 2025-11-30
check "3 2 1" --until 2025-11-29
check "6 5 4" --since 2025-11-30 --until 2025-11-30
check "" --since 2025-12-03
check "3 1" --from +84912345678
check "3 1" --from 84912345678
check "3 1" --from 0912345678
check "3 1" --from "0912 345 678"
check "" --from 0912000000
check "3 2" --assignee hung
check "1" --assignee lan
check "7 3 1" --commune "Thạch Hà"
check "2" --commune "Cẩm Xuyên"
check "7" --incomplete
check "10 5" --unsure
check "8 7 4" --topic trom_cap --since 2025-11-30
check "3" --topic trom_cap --status in_progress --assignee hung \
    --from 0912345678
check "3 1" --commune "Thạch Hà" --until 2025-11-29
check "5" --status new --unsure
check "" --incomplete --status resolved
assert_eq "$(ids list --topic trom_cap --limit 2)" "8 7" "--limit 2"
assert_eq "$(ids list --limit 1)" "12" "--limit 1"

# Relative times, in a database of their own: the expected sets come from
# the same definitions (local midnight, spans back from now).
make_conf "$T/rel.conf" "$T/rel.db"
now=$(date +%s)
today=$(date -d 'today 00:00' +%s)
yesterday=$(date -d 'yesterday 00:00' +%s)
{
	for ago in 60 7200 108000 259200 864000; do
		printf '%s\t+8491000%04d\tmới %s giây trước\n' \
		    $((now - ago)) $((ago % 10000)) "$ago"
	done
	for i in $(seq 1 55); do
		printf '%s\t+8492000%04d\tcũ số %s\n' $((1577836800 + i * 3600)) \
		    "$i" "$i"
	done
} >"$T/seed.tsv"
"$BUILD/seeddb" -c "$T/rel.conf" "$T/rel.db" <"$T/seed.tsv" >/dev/null ||
    fail "seeddb relative"
rel_ids() {
	"$BUILD/gopy" -c "$T/rel.conf" list --json --limit 0 "$@" |
	    jq -r .id | sort -n | tr '\n' ' ' | sed 's/ $//'
}
# expected AWK-CONDITION-ON-t: the ids of seed.tsv lines that meet it.
expected() {
	awk -F'\t' "{ t = \$1 } $1 { print NR }" "$T/seed.tsv" | sort -n |
	    tr '\n' ' ' | sed 's/ $//'
}
assert_eq "$(rel_ids --since today)" "$(expected "t >= $today")" "--since today"
assert_eq "$(rel_ids --since yesterday)" "$(expected "t >= $yesterday")" \
    "--since yesterday"
assert_eq "$(rel_ids --since 24h)" "1 2" "--since 24h"
assert_eq "$(rel_ids --since 7d)" "1 2 3 4" "--since 7d"
assert_eq "$(rel_ids --until 7d | wc -w)" 56 "--until 7d"
assert_eq "$(rel_ids --until yesterday)" "$(expected "t < $today")" \
    "--until yesterday (all of yesterday)"
assert_eq "$(rel_ids --until today | wc -w)" 60 "--until today"
assert_eq "$("$BUILD/gopy" -c "$T/rel.conf" list --json | wc -l)" 50 \
    "default limit off a terminal"
assert_eq "$(COLUMNS=80 "$BUILD/gopy" -c "$T/rel.conf" list | wc -l)" 51 \
    "default table: 50 rows and the header"
# On a terminal of 12 rows and 70 columns: a screenful (the rows less the
# header and the prompt), as wide as the terminal whatever COLUMNS says.
script -qec "stty rows 12 cols 70; $(printf '%q ' env COLUMNS=200 \
    "$BUILD/gopy" -c "$T/rel.conf" list)" /dev/null >"$T/tty.txt" ||
    fail "list on a small terminal"
assert_eq "$(wc -l <"$T/tty.txt")" 11 "a screenful: 10 rows and the header"
assert_eq "$(sed 's/\x1b\[[0-9;]*m//g; s/\r$//' "$T/tty.txt" |
    LC_ALL=C.UTF-8 wc -L)" 70 "table as wide as the terminal"

# --- Search: folded words, whole words, every word, the filters.
assert_eq "$(sorted_ids search trom bo)" "1 2 3 4" "search trom bo"
assert_eq "$(sorted_ids search TRỘM BÒ)" "1 2 3 4" "search TRỘM BÒ"
assert_eq "$(sorted_ids search "Trộm bò")" "1 2 3 4" "search 'Trộm bò'"
assert_eq "$(sorted_ids search "$NFD_TROM_BO")" "4" "search NFD text"
assert_eq "$(sorted_ids search bo)" "1 2 3 4 7" "bo, never inside bong"
assert_eq "$(sorted_ids search bóng)" "5" "search bóng"
assert_eq "$(sorted_ids search trom)" "1 2 3 4 8" "search trom"
assert_eq "$(sorted_ids search "50%")" "10" "search 50%"
assert_eq "$(sorted_ids search thẻ_nạp)" "10" "search thẻ_nạp"
assert_eq "$(sorted_ids search trom bo --status in_progress)" "2 3" \
    "search with --status"
assert_eq "$(sorted_ids search --from 0912345678 trom)" "1 3" \
    "search with --from"
assert_eq "$(sorted_ids search trom --since 2025-11-30 --topic trom_cap)" \
    "4 8" "search with --since and --topic"
assert_eq "$(ids search trom --limit 1 | wc -w)" 1 "search --limit 1"
# The best match first: the shortest text with both words.
assert_eq "$(ids search trom bo | cut -d' ' -f1)" 4 "ranked by bm25"
# --json: where the words are in the text as typed, in code points.
gopy search --json trom bo >"$T/search.json"
python3 - "$T/search.json" "$NFD_TROM_BO" <<'EOF' || fail "search matches"
import json, sys
got = {}
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    got[o['id']] = [o['text'][s:e] for s, e in o['matches']]
assert got[1] == ['Trộm', 'bò'], got[1]
assert got[2] == ['TRỘM', 'BÒ'], got[2]
assert got[3] == ['trom', 'bo'], got[3]
nfd = sys.argv[2]
assert got[4] == [nfd[:6], nfd[7:10]], got[4]
EOF
assert_eq "$(gopy list --json --limit 1 | jq 'has("matches")')" false \
    "list has no matches"
assert_eq "$(gopy search --csv trom bo | head -n 1 | tr -d '\r')" \
    "$(jq -r 'join(",")' <<<"$KEYS")" "search --csv header"

# Hostile words: results or none, never an error, never SQL or FTS5
# syntax: operators are words, and no message has "or", "not", "near".
for q in "'" '"' '%' '_' '--' '*' 'NEAR' 'OR' 'trom OR xyz' 'trom NOT bo' \
    'tr*' 'NEAR(trom bo)' "'; DROP TABLE messages; --" 'trom" OR "bo' \
    '%trom%' 'tro_' '^trom' 'folded:trom' '{folded}: trom' \
    "$(printf 'trom\001bo')" 'trom AND bo' '"trom bo"'; do
	expect_exit 0 gopy search -- "$q"
	[ ! -s "$T/err.txt" ] || fail "search '$q' said: $(cat "$T/err.txt")"
	expect_exit 0 gopy search --json -- "$q"
	case $q in
	'"trom bo"' | "$(printf 'trom\001bo')")
		assert_eq "$(jq -r .id "$T/out.txt" | sort -n | tr '\n' ' ')" \
		    "1 2 3 4 " "search '$q'" ;;
	'%trom%' | '^trom')
		assert_eq "$(jq -r .id "$T/out.txt" | sort -n | tr '\n' ' ')" \
		    "1 2 3 4 8 " "search '$q'" ;;
	*)
		assert_eq "$(wc -l <"$T/out.txt")" 0 "search '$q'" ;;
	esac
done
assert_eq "$(gopy list --json --limit 0 | wc -l)" 12 "all messages still there"

# --- Errors: one line naming the problem; 2 for usage, 1 for the database.
expect_exit 2 gopy list --since 2025-13-45
grep -q "^gopy: --since '2025-13-45' is not a date (YYYY-MM-DD, today, yesterday, 7d, 24h)$" \
    "$T/err.txt" || fail "bad date: $(cat "$T/err.txt")"
expect_exit 2 gopy list --since 2025-11-30 --until 2025-11-29
grep -q "^gopy: --until '2025-11-29' is before --since '2025-11-30'$" \
    "$T/err.txt" || fail "empty range: $(cat "$T/err.txt")"
expect_exit 2 gopy list --until bogus
# Days that no calendar has are refused, not moved into the next month.
for bad in 2025-02-29 2025-02-30 2025-04-31 2025-11-00; do
	expect_exit 2 gopy list --since "$bad"
	grep -q "^gopy: --since '$bad' is not a date" "$T/err.txt" ||
	    fail "impossible date $bad: $(cat "$T/err.txt")"
done
expect_exit 0 gopy list --since 2024-02-29
expect_exit 2 gopy list --since 7x
expect_exit 2 gopy search trom --since ''
expect_exit 2 gopy list --topic bogus
grep -q "^gopy: unknown topic 'bogus'; one of:.* trom_cap" "$T/err.txt" ||
    fail "topics not listed: $(cat "$T/err.txt")"
expect_exit 2 gopy export --csv --topic bogus
expect_exit 2 gopy list --status done
grep -q "^gopy: unknown status 'done'" "$T/err.txt" || fail "bad status"
expect_exit 2 gopy search trom --status done
for bad in -1 abc 12abc 1000001 ''; do
	expect_exit 2 gopy list --limit "$bad"
	grep -q "^gopy: --limit '$bad' is not a number" "$T/err.txt" ||
	    fail "bad limit $bad: $(cat "$T/err.txt")"
done
for bad in abc 09x12 '' +; do
	expect_exit 2 gopy list --from "$bad"
	grep -q "^gopy: --from '$bad' is not a phone number" "$T/err.txt" ||
	    fail "bad number $bad: $(cat "$T/err.txt")"
done
expect_exit 2 gopy search
grep -q "^usage: gopy search" "$T/err.txt" || fail "search usage"
expect_exit 2 gopy search --topic trom_cap
expect_exit 2 gopy export
grep -q "^gopy: export as what" "$T/err.txt" || fail "export without format"
expect_exit 2 gopy export --topic trom_cap
expect_exit 2 gopy export --json --csv
expect_exit 2 gopy list --csv --json
expect_exit 2 gopy export --excel --json
expect_exit 2 gopy list --excel
expect_exit 2 gopy list extra
expect_exit 2 gopy export --csv extra
expect_exit 2 gopy list --bogus
expect_exit 2 gopy search --bogus trom
expect_exit 2 gopy list --topic
for cmd in list "search trom" "export --csv"; do
	# shellcheck disable=SC2086
	expect_exit 1 "$BUILD/gopy" -c "$T/gopy.conf" --db "$T/none.db" $cmd
	grep -q "none.db" "$T/err.txt" || fail "$cmd: missing database not named"
	[ ! -s "$T/out.txt" ] || fail "$cmd printed on a missing database"
done

# --- Help: every command, -h and --help, on stdout, status 0, without a
# configuration; and the same as gopy help COMMAND.
commands=$("$BUILD/gopy" help | awk '/^commands:/ { on = 1; next }
    on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
[ "$(wc -w <<<"$commands")" -ge 10 ] || fail "commands: $commands"
for c in $commands; do
	for h in --help -h; do
		expect_exit 0 "$BUILD/gopy" -c "$T/none.conf" "$c" "$h"
		head -n 1 "$T/out.txt" | grep -q "^usage: gopy $c" ||
		    fail "gopy $c $h: $(head -n 1 "$T/out.txt")"
		[ ! -s "$T/err.txt" ] || fail "gopy $c $h wrote to stderr"
	done
	"$BUILD/gopy" help "$c" >"$T/help.txt"
	cmp -s "$T/out.txt" "$T/help.txt" || fail "gopy help $c differs"
done
for c in list search export; do
	"$BUILD/gopy" "$c" --help >"$T/help.txt"
	for opt in --assignee --commune --from --incomplete --json --csv \
	    --limit --since --status --topic --unsure --until; do
		grep -q -- "^  $opt" "$T/help.txt" || fail "$c --help lacks $opt"
	done
done
grep -q -- "--excel" <("$BUILD/gopy" export --help) || fail "export --excel"
expect_exit 0 gopy list --topic trom_cap --help
expect_exit 0 gopy search --json -- -h
assert_eq "$(wc -l <"$T/out.txt")" 0 "search -- -h searches for h"
