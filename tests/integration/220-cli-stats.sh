#!/usr/bin/env bash
# gopy stats and gopy topics over a database seeddb fills with messages at
# fixed times: golden tables (by topic, status, day with empty days, week,
# commune; narrow and wide), CSV read back by python3's csv module, JSON by
# jq, every count checked against an independent count (python3 over the
# same SQLite file, days in Asia/Ho_Chi_Minh by zoneinfo), the local day of
# a message sent late in the evening or early in the morning, the time
# zone's sources and fallbacks, and every error with its exit status.
. "$(dirname "$0")/lib.sh"

GOLDEN=$REPO/tests/golden
unset TZ TZDIR

# The shipped configuration on $T/gopy.db, with communes and (unless
# "no-zone") display.timezone.
make_conf() {
	sed -e "s|^\([[:space:]]*path[[:space:]]*=[[:space:]]*\)\"[^\"]*\"|\1\"$T/gopy.db\"|" \
	    -e '/^display = {/,/^};/d' \
	    "$REPO/config/gopy.conf" >"$1"
	cp "$REPO/config/learned.conf" "$(dirname "$1")/learned.conf"
	cat >>"$1" <<-'EOF'
	communes = (
		{ name = "Thạch Tân"; places = [ "thôn Bàu", "chợ Cầu" ]; },
		{ name = "Thạch Hương"; places = [ "xóm Cồn", "thôn Trung" ]; },
		{ name = "Thạch Đài"; places = [ "thôn Bắc" ]; }
	);
	EOF
	if [ "${2:-}" != no-zone ]; then
		printf 'display = { timezone = "%s"; };\n' \
		    "${3:-Asia/Ho_Chi_Minh}" >>"$1"
	fi
}
make_conf "$T/gopy.conf"

# The messages: local time (UTC+7), text, status, assignee. 11-01 is a
# Sunday. Nothing on 11-04, 11-06, 11-08, 11-09, 11-12..11-14.
python3 - "$T/messages.tsv" <<'EOF'
import sys, datetime
tz = datetime.timezone(datetime.timedelta(hours=7))
rows = [
    ("2026-10-26 10:00", "Nhà tôi ở thôn Bàu bị trộm mất con bò", "resolved", "hung"),
    ("2026-10-30 09:00", "Có người ghi lô đề ở chợ Cầu", "resolved", "lan"),
    ("2026-10-31 23:59", "Thanh niên đua xe lạng lách ở xóm Cồn", "rejected", ""),
    ("2026-11-01 00:00", "Có người bán ma túy ở thôn Trung", "in_progress", "minh"),
    ("2026-11-01 08:00", "Hai nhóm đánh nhau ở thôn Bắc", "resolved", "hung"),
    ("2026-11-01 09:30", "trom cho o xom Con", "new", ""),
    ("2026-11-02 07:15", "Cho hỏi làm căn cước cần giấy tờ gì", "resolved", "lan"),
    ("2026-11-02 11:00", "danh bac o thon Bau va xom Con", "in_progress", "minh"),
    ("2026-11-03 14:00", "Công an xã trực đêm không nghe điện thoại", "new", ""),
    ("2026-11-03 15:00", "Nhà tôi ở thôn Bàu bị trộm mất con bò lần 2", "new", ""),
    ("2026-11-05 06:00", "Cán bộ đòi phong bì mới làm hồ sơ", "in_progress", "hung"),
    ("2026-11-07 20:00", "Cán bộ tiếp dân thái độ hách dịch ở chợ Cầu", "new", ""),
    ("2026-11-10 23:30", "Cảm ơn các anh công an đã giúp tìm lại xe máy", "resolved", "lan"),
    ("2026-11-11 06:30", "Trộm cắp ở thôn Trung, mất xe đạp", "new", ""),
    ("2026-11-11 12:00", "Cho hỏi bao giờ có điện", "rejected", "minh"),
    ("2026-11-15 09:00", "Có người ghi lô đề ở thôn Bắc", "new", ""),
    ("2026-11-16 10:00", "Xin chào", "new", ""),
    ("2026-11-16 11:00", "Đua xe ở thôn Trung, rất nguy hiểm", "in_progress", "hung"),
    ("2026-11-20 16:45", "Trộm bò ở thôn Bắc", "new", ""),
    ("2026-11-30 23:59", "Bị trộm mất xe máy ở chợ Cầu", "new", ""),
    ("2026-12-01 00:00", "Trộm chó ở xóm Cồn", "new", ""),
]
with open(sys.argv[1], "w") as f:
    for i, (when, text, status, assignee) in enumerate(rows):
        t = int(datetime.datetime.strptime(when, "%Y-%m-%d %H:%M")
                .replace(tzinfo=tz).timestamp())
        f.write(f"{t}\t+849120000{i:02d}\t{text}\t1\t{status}\t{assignee}\n")
EOF
assert_eq "$("$BUILD/seeddb" -c "$T/gopy.conf" "$T/gopy.db" <"$T/messages.tsv")" \
    21 "messages seeded"
# A topic the configuration no longer has, a commune it no longer has, and
# one whose name would repaint the terminal.
python3 - "$T/gopy.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE messages SET topic = 'cu_chu_de' WHERE text = 'Xin chào'")
db.execute("UPDATE messages SET commune = 'Xã Cũ' WHERE text LIKE 'Cho hỏi bao%'")
db.execute("UPDATE messages SET commune = 'X' || char(27) || '[2J' "
           "WHERE text LIKE 'Cán bộ tiếp%'")
db.commit()
EOF

# golden NAME COMMAND...: the table of gopy COMMAND is tests/golden/NAME.
golden() {
	local name=$1
	shift
	gopy "$@" >"$T/$name.out" || fail "gopy $* failed"
	diff -u "$GOLDEN/$name.txt" "$T/$name.out" || fail "gopy $* differs from $name.txt"
}
NOV="--since 2026-11-01 --until 2026-11-30"
COLUMNS=80 golden stats-topic stats $NOV
COLUMNS=60 golden stats-narrow stats $NOV
COLUMNS=120 golden stats-wide stats $NOV
COLUMNS=80 golden stats-status stats --by status $NOV
COLUMNS=80 golden stats-commune stats --by commune $NOV
COLUMNS=80 golden stats-day stats --by day --since 2026-11-01 --until 2026-11-14
COLUMNS=80 golden stats-week stats --by week --since 2026-10-28 --until 2026-11-18
COLUMNS=80 golden stats-filtered stats --by day --topic trom_cap --status new \
    --since 2026-11-01 --until 2026-11-21
COLUMNS=100 golden topics-table topics --since 2026-11-10
COLUMNS=60 golden topics-narrow topics --since 2026-11-10
# Every line fits the width asked for (wc -L counts display columns).
for w in 60 80 120; do
	COLUMNS=$w gopy stats --by commune $NOV >"$T/w.txt"
	[ "$(LC_ALL=C.UTF-8 wc -L <"$T/w.txt")" -le "$w" ] ||
	    fail "stats wider than $w: $(cat "$T/w.txt")"
done
if LC_ALL=C grep -q $'\e' "$T/stats-commune.out"; then
	fail "an escape sequence reached the terminal"
fi
# Colour as every table has it: a bold header on a terminal, and not a
# single escape sequence with NO_COLOR.
unset NO_COLOR
on_tty 80 "$BUILD/gopy" -c "$T/gopy.conf" stats $NOV >"$T/tty.txt" ||
    fail "stats on a terminal"
grep -q $'\e\\[1mTOPIC' "$T/tty.txt" || fail "header not bold: $(cat -v "$T/tty.txt")"
on_tty 80 NO_COLOR=1 "$BUILD/gopy" -c "$T/gopy.conf" stats $NOV >"$T/tty.txt" ||
    fail "stats with NO_COLOR"
grep -q "^Total" "$T/tty.txt" || fail "stats with NO_COLOR: $(cat -v "$T/tty.txt")"
if grep -q $'\e' "$T/tty.txt"; then
	fail "colour despite NO_COLOR: $(cat -v "$T/tty.txt")"
fi

# The oracle: counts straight from the file, days in Asia/Ho_Chi_Minh.
# oracle BY SINCE UNTIL [topic=T] [status=S]: "key count" lines, sorted;
# the day UNTIL is counted.
oracle() {
	python3 - "$T/gopy.db" "$@" <<'EOF'
import collections, datetime, sqlite3, sys, zoneinfo
db, by, since, until = sys.argv[1:5]
want = dict(a.split("=", 1) for a in sys.argv[5:])
tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
day = lambda s: datetime.datetime.strptime(s, "%Y-%m-%d").replace(tzinfo=tz)
lo, hi = day(since), day(until) + datetime.timedelta(days=1)
if by == "week":
    lo -= datetime.timedelta(days=lo.weekday())
    hi += datetime.timedelta(days=(7 - hi.weekday()) % 7)
n = collections.Counter()
for t, topic, status, commune in sqlite3.connect(db).execute(
        "SELECT received_at, topic, status, commune FROM messages"):
    when = datetime.datetime.fromtimestamp(t, tz)
    if not lo <= when < hi or any(
            {"topic": topic, "status": status}[k] != v for k, v in want.items()):
        continue
    key = {"topic": topic, "status": status, "commune": commune or "",
           "day": when.strftime("%Y-%m-%d"),
           "week": "%d-W%02d" % when.isocalendar()[:2]}[by]
    n[key] += 1
for k in sorted(n):
    print(k, n[k])
EOF
}
# counts BY SINCE UNTIL [ARGS]: gopy's non-zero counts the same way.
counts() {
	local by=$1 since=$2 until=$3
	shift 3
	gopy stats --json --by "$by" --since "$since" --until "$until" "$@" |
	    jq -r --arg by "$by" 'select(.count > 0) |
	    "\(.[$by] // "") \(.count)"' | sort
}
check_counts() {
	local by=$1 since=$2 until=$3 filter=() a
	shift 3
	for a in "$@"; do
		filter+=("--${a%%=*}" "${a#*=}")
	done
	diff <(oracle "$by" "$since" "$until" "$@" | LC_ALL=C sort) \
	    <(counts "$by" "$since" "$until" "${filter[@]}" | LC_ALL=C sort) ||
	    fail "counts by $by from $since to $until $*"
}
for by in topic status commune day week; do
	check_counts "$by" 2026-11-01 2026-12-01
	check_counts "$by" 2026-10-01 2026-12-31
	check_counts "$by" 2026-11-03 2026-11-11
	check_counts "$by" 2026-11-01 2026-12-01 topic=trom_cap
	check_counts "$by" 2026-11-01 2026-12-01 status=new
	check_counts "$by" 2026-10-01 2027-01-01 topic=co_bac status=in_progress
done

# The same numbers in every form: table, CSV (RFC 4180), JSON.
gopy stats --csv --by topic $NOV >"$T/topic.csv"
head -n 1 "$T/topic.csv" | grep -q $'^topic,name,count,percent\r$' ||
    fail "CSV header: $(head -n 1 "$T/topic.csv")"
python3 - "$T/topic.csv" <<'EOF' >"$T/csv.txt" || fail "CSV does not parse"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["topic", "name", "count", "percent"], rows[0]
assert all(len(r) == 4 for r in rows), rows
for r in rows[1:]:
    print(r[0], r[1], r[2], r[3], sep="|")
EOF
assert_eq "$(grep -c . "$T/csv.txt")" 12 "CSV rows (11 topics and cu_chu_de)"
grep -qx 'co_bac|Cờ bạc, lô đề|2|11.8' "$T/csv.txt" || fail "CSV row: $(cat "$T/csv.txt")"
gopy stats --json --by topic $NOV >"$T/topic.json"
jq -e -s 'length == 12 and (map(.count) | add) == 17 and
    all(has("topic") and has("name") and has("count") and has("percent"))' \
    "$T/topic.json" >/dev/null || fail "JSON: $(cat "$T/topic.json")"
assert_eq "$(jq -r 'select(.topic == "cu_chu_de") | .name' "$T/topic.json")" \
    null "name of a topic no longer configured"
gopy stats --csv --by week --since 2026-10-28 --until 2026-11-18 >"$T/week.csv"
python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["week", "start", "count", "percent"], rows[0]
assert [r[0] for r in rows[1:]] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"], rows
assert [r[1] for r in rows[1:]] == ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"], rows
' "$T/week.csv" || fail "weeks: $(cat "$T/week.csv")"
# A commune name with a comma and a quote is quoted per RFC 4180.
python3 - "$T/gopy.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""UPDATE messages SET commune = 'Xã "Mới", Hà Tĩnh'
              WHERE text = 'Trộm bò ở thôn Bắc'""")
db.commit()
EOF
gopy stats --csv --by commune $NOV >"$T/commune.csv"
grep -qF '"Xã ""Mới"", Hà Tĩnh",1,' "$T/commune.csv" || fail "quoting: $(cat "$T/commune.csv")"
python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert ["Xã \"Mới\", Hà Tĩnh", "1", "5.9"] in rows, rows
assert rows[-1] == ["", "6", "35.3"], rows
' "$T/commune.csv" || fail "commune CSV: $(cat "$T/commune.csv")"
jq -e -s '.[-1] == {"commune": null, "count": 6, "percent": 35.3}' \
    <(gopy stats --json --by commune $NOV) >/dev/null || fail "unknown commune in JSON"

# A day is a local day: 23:30 on 11-10 counts on 11-10, 06:30 on 11-11
# (23:30 UTC on 11-10) on 11-11, whatever $TZ says.
day_count() {
	gopy stats --json --by day --since 2026-11-10 --until 2026-11-12 |
	    jq -r "select(.day == \"$1\") | .count"
}
assert_eq "$(day_count 2026-11-10)" 1 "messages on 11-10"
assert_eq "$(day_count 2026-11-11)" 2 "messages on 11-11"
assert_eq "$(TZ=UTC day_count 2026-11-11)" 2 "11-11 with TZ=UTC and a configured zone"
# No display.timezone: $TZ, else Asia/Ho_Chi_Minh.
make_conf "$T/gopy.conf" no-zone
assert_eq "$(TZ=UTC day_count 2026-11-10)" 2 "11-10 in UTC"
assert_eq "$(day_count 2026-11-11)" 2 "11-11 by default"
# Without tzdata, Asia/Ho_Chi_Minh is UTC+7 all the same, and silent.
mkdir "$T/no-tzdata"
assert_eq "$(TZDIR=$T/no-tzdata day_count 2026-11-11)" 2 "11-11 without tzdata"
TZDIR=$T/no-tzdata gopy stats $NOV >"$T/fixed.out" 2>"$T/fixed.err"
[ ! -s "$T/fixed.err" ] || fail "fallback zone not silent: $(cat "$T/fixed.err")"
diff -u "$T/stats-topic.out" <(TZDIR=$T/no-tzdata COLUMNS=80 gopy stats $NOV) ||
    fail "the fixed zone counts differently"
# An unknown zone is said once, and the times are UTC.
make_conf "$T/gopy.conf" zone Mars/Olympus_Mons
gopy stats --json --by day --since 2026-11-10 --until 2026-11-12 \
    >"$T/mars.json" 2>"$T/mars.err"
assert_eq "$(grep -c . "$T/mars.err")" 1 "warnings about the zone"
grep -q "^gopy: warning: time zone 'Mars/Olympus_Mons' of display.timezone is not known" \
    "$T/mars.err" || fail "zone warning: $(cat "$T/mars.err")"
assert_eq "$(jq -r 'select(.day == "2026-11-10") | .count' "$T/mars.json")" 2 \
    "11-10 in UTC for an unknown zone"
make_conf "$T/gopy.conf"

# topics: every configured topic in order, its counts exact.
gopy topics --json --since 2026-11-10 >"$T/topics.json"
assert_eq "$(jq -r .id "$T/topics.json" | tr '\n' ' ')" \
    "trom_cap co_bac giao_thong te_nan an_ninh thu_tuc cong_an_xa tham_nhung thai_do khen khac cu_chu_de " \
    "topics in order"
python3 - "$T/gopy.db" "$T/topics.json" <<'EOF' || fail "topics counts"
import json, sqlite3, sys, datetime, zoneinfo
db = sqlite3.connect(sys.argv[1])
since = int(datetime.datetime(2026, 11, 10, tzinfo=zoneinfo.ZoneInfo(
    "Asia/Ho_Chi_Minh")).timestamp())
for line in open(sys.argv[2]):
    t = json.loads(line)
    q = lambda w, *a: db.execute("SELECT count(*) FROM messages WHERE topic = ?"
                                 + w, (t["id"],) + a).fetchone()[0]
    want = (q(""), q(" AND received_at >= ?", since),
            q(" AND status IN ('new', 'in_progress')"))
    got = (t["messages"], t["messages_since"], t["open"])
    assert got == want, (t["id"], got, want)
    assert t["since"] == "2026-11-10T00:00:00+07:00", t
EOF
jq -e -s 'map(select(.id == "trom_cap"))[0] |
    .keywords > 50 and .fallback == false' "$T/topics.json" >/dev/null ||
    fail "trom_cap keywords"
jq -e -s 'map(select(.fallback)) | map(.id) == ["khac"]' "$T/topics.json" \
    >/dev/null || fail "khac is the fallback"

# Bars: Unicode blocks on a UTF-8 terminal, '#' elsewhere.
if command -v script >/dev/null; then
	LANG=C.UTF-8 LC_ALL= COLUMNS=80 script -qec \
	    "'$BUILD/gopy' -c '$T/gopy.conf' stats $NOV" /dev/null >"$T/tty.out"
	grep -q '█' "$T/tty.out" || fail "no blocks on a terminal: $(cat "$T/tty.out")"
	LANG=C LC_ALL=C COLUMNS=80 script -qec \
	    "'$BUILD/gopy' -c '$T/gopy.conf' stats $NOV" /dev/null >"$T/tty.out"
	grep -q '#' "$T/tty.out" || fail "no '#' without UTF-8"
	if grep -q '█' "$T/tty.out"; then
		fail "blocks without UTF-8"
	fi
fi
if grep -q '█' "$T/stats-topic.out"; then
	fail "blocks in a file"
fi

# An empty range is all zeros, not an error.
gopy stats --json --since 2020-01-01 --until 2020-02-01 >"$T/empty.json"
jq -e -s 'length == 11 and all(.count == 0 and .percent == 0)' \
    "$T/empty.json" >/dev/null || fail "empty range: $(cat "$T/empty.json")"
COLUMNS=80 gopy stats --since 2020-01-01 --until 2020-02-01 | tail -n 1 |
    grep -q '^Total  *0    0.0%$' || fail "empty total"

# Errors: 2 for what is mistyped, 1 for what is not there; nothing on stdout.
expect_exit 2 gopy stats --by month
grep -q "^gopy: unknown grouping 'month'; one of: topic status day week commune$" \
    "$T/err.txt" || fail "$(cat "$T/err.txt")"
[ ! -s "$T/out.txt" ] || fail "output on error: $(cat "$T/out.txt")"
expect_exit 2 gopy stats --since 2026-13-01
grep -q "^gopy: --since '2026-13-01' is not a date" "$T/err.txt" || fail "$(cat "$T/err.txt")"
expect_exit 2 gopy stats --since 7x
expect_exit 2 gopy stats --until tomorrow
grep -q "^gopy: --until 'tomorrow' is not a date" "$T/err.txt" || fail "$(cat "$T/err.txt")"
expect_exit 2 gopy stats --since 2026-11-05 --until 2026-11-04
grep -q "^gopy: --until '2026-11-04' is before --since '2026-11-05'$" "$T/err.txt" ||
    fail "$(cat "$T/err.txt")"
# --until counts the day it names, as list and audit do: one day here.
assert_eq "$(gopy stats --json --by day --since 2026-11-05 --until 2026-11-05 |
    jq -r .day)" 2026-11-05 "--since and --until the same day"
expect_exit 2 gopy stats --topic bogus
grep -q "trom_cap" "$T/err.txt" || fail "topics not listed: $(cat "$T/err.txt")"
expect_exit 2 gopy stats --status done
expect_exit 2 gopy stats --frobnicate
# A row per day since the year 1000 is a typing mistake, not a report to
# cut short without a word.
expect_exit 2 gopy stats --by day --since 1000-01-01
grep -q "^gopy: from --since '1000-01-01' to --until 'today' is more than 200000 days$" \
    "$T/err.txt" || fail "$(cat "$T/err.txt")"
expect_exit 2 gopy stats --csv --json
grep -q "^gopy: --json and --csv exclude each other$" "$T/err.txt" ||
    fail "$(cat "$T/err.txt")"
expect_exit 2 gopy stats extra
expect_exit 2 gopy topics --since never
expect_exit 2 gopy topics extra
expect_exit 2 gopy status extra
expect_exit 1 "$BUILD/gopy" -c "$T/gopy.conf" --db "$T/none.db" stats
grep -q "none.db" "$T/err.txt" || fail "missing database not named"
expect_exit 1 "$BUILD/gopy" -c "$T/gopy.conf" --db "$T/none.db" topics
for cmd in stats "stats --csv" "stats --json" topics; do
	# shellcheck disable=SC2086
	fails_on_full_disk gopy $cmd
done
for c in stats topics status; do
	expect_exit 0 gopy "$c" --help
	grep -q "^usage: gopy $c" "$T/out.txt" || fail "$c --help: $(cat "$T/out.txt")"
	[ ! -s "$T/err.txt" ] || fail "$c --help wrote to stderr"
done
grep -q -- "--by" <(gopy stats --help) || fail "stats --help lacks --by"
