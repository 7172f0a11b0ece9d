#!/usr/bin/env bash
# Every kind of bad content, through the real path (modemsim, gopyd,
# SQLite): C0 and C1 controls, ANSI, OSC 52/0/8 sequences, bidirectional
# and zero-width characters, NUL and invalid surrogates in UCS2, a
# surrogate pair split between parts, an undefined GSM 7-bit escape, 8-bit
# binary data, hostile senders, 30-part GSM 7-bit and UCS2 messages in
# shuffled parts (hostile_pdus.py builds the PDUs and says what must be
# stored). Each is stored exactly, once; no table, show, search, status,
# audit, outbox or CSV on a terminal lets a control, C1 or bidirectional
# character through, and tables stay aligned; JSON is valid and gives the
# exact text back; acknowledgements and the duty officer's SMS are clean.
. "$(dirname "$0")/lib.sh"

seed=${HOSTILE_SEED:-$((RANDOM * 32768 + RANDOM))}
echo "part order seed $seed (again: HOSTILE_SEED=$seed)"
python3 "$REPO/tests/integration/hostile_pdus.py" "$seed" >"$T/cases.jsonl" ||
    fail "hostile_pdus.py"
jq -c 'select(has("name"))' "$T/cases.jsonl" >"$T/want.jsonl"

sim_start
sim_conf "$T/gopy.conf"
conf_put reply duty_numbers '[ "+84912000999" ]'
start_gopyd
wait_ready

jq -r 'select(has("order")) | .order[]' "$T/cases.jsonl" >"$T/order.txt"
while read -r hex; do
	deliver_pdu "$hex"
done <"$T/order.txt"
# An urgent one through modemsim's own encoder: gopyd forwards its text to
# the duty officer's phone. (The control line takes CR and LF escaped.)
urgent_text=$'Cứu với, đang có cướp \e[2J\e]0;x\a ở xóm 3 \xe2\x80\xae abc\r\ndef'
deliver +84915550999 ucs2 "${urgent_text%$'\r\n'def}"'\r\ndef'

ncases=$(wc -l <"$T/want.jsonl")
# id_of NAME: the id of case NAME of hostile_pdus.py.
id_of() {
	jq -r --arg s "$(jq -r --arg n "$1" 'select(.name == $n) | .sender' \
	    "$T/want.jsonl")" 'select(.sender == $s) | .id' "$T/list.json"
}
answered=$(jq -s 'map(select(.answered)) | length' "$T/want.jsonl")
# Each answered case, the urgent one, and its copy for the duty officer.
sim_ctl wait sent $((answered + 2)) 120000 >/dev/null ||
    fail "acknowledgements: $(sim_ctl sent | tail -n 1), want $((answered + 2))"
sim_ctl wait sim-empty 60000 >/dev/null || fail "SIM not empty: $(sim_ctl sim)"
wait_until "an empty outbox" outbox_empty

# --- Stored intact: each message once, its text exactly what was sent
# (U+FFFD where the design says: U+0000 and invalid surrogates), its parts
# counted; the undecodable one raw, with its error.
gopy list --json --limit 0 >"$T/list.json"
jq -e . "$T/list.json" >/dev/null || fail "gopy list --json is not JSON"
assert_eq "$(wc -l <"$T/list.json")" $((ncases + 1)) "messages stored"
python3 - "$T/want.jsonl" "$T/list.json" "$urgent_text" <<'PY' ||
import json, sys
want = [json.loads(l) for l in open(sys.argv[1])]
got = [json.loads(l) for l in open(sys.argv[2])]
for w in want:
    if w["sender"] is None:
        rows = [g for g in got if g["error"] is not None]
        assert len(rows) == 1, "%s: %d undecodable rows" % (w["name"], len(rows))
        assert rows[0]["text"] == "", "%s: text %r" % (w["name"], rows[0]["text"])
        continue
    rows = [g for g in got if g["sender"] == w["sender"]]
    assert len(rows) == 1, "%s: stored %d times" % (w["name"], len(rows))
    r = rows[0]
    assert r["error"] is None, "%s: %s" % (w["name"], r["error"])
    assert r["text"] == w["text"], "%s: stored %r, sent %r" % (
        w["name"], r["text"], w["text"])
    assert r["parts"] == len(w["pdus"]), "%s: %d parts" % (w["name"], r["parts"])
    assert not r["incomplete"], w["name"]
rows = [g for g in got if g["sender"] == "+84915550999"]
assert len(rows) == 1 and rows[0]["text"] == sys.argv[3], rows
PY
    fail "stored messages differ from those sent"
id_raw=$(jq -r 'select(.error != null) | .id' "$T/list.json")
assert_eq "$(gopy show --json "$id_raw" | jq -r .raw_pdu)" \
    "$(jq -r 'select(.sender == null) | .pdus[0]' "$T/want.jsonl")" \
    "the undecodable PDU, kept raw"

# --- Acknowledgements: one for each answerable message, at its sender,
# with its ticket; the duty officer gets the urgent text cleaned for a
# phone ("?" for controls, a space for breaks).
sim_ctl sent | grep '^sms ' >"$T/sent.txt"
python3 - "$T/want.jsonl" "$T/list.json" "$T/sent.txt" <<'PY' ||
import json, sys
want = [json.loads(l) for l in open(sys.argv[1])]
got = {json.loads(l)["sender"]: json.loads(l) for l in open(sys.argv[2])}
sent = [l.rstrip("\n").split(" ", 4) for l in open(sys.argv[3], encoding="utf-8")]
for _, _, to, coding, text in sent:
    # modemsim writes controls as \xNN, \n, \r, \t; a backslash as \\.
    assert "\\" not in text, "escaped bytes in an SMS to %s: %r" % (to, text)
    assert not any(0x80 <= ord(c) <= 0x9f or 0x200b <= ord(c) <= 0x200f or
                   0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069
                   for c in text), "SMS to %s: %r" % (to, text)
for w in want:
    acks = [s for s in sent if s[2] == w["sender"]]
    if not w["answered"]:
        assert acks == [], "%s answered: %r" % (w["name"], acks)
        continue
    assert len(acks) == 1, "%s: %d acknowledgements" % (w["name"], len(acks))
    assert got[w["sender"]]["ticket"] in acks[0][4], (w["name"], acks)
ticket = got["+84915550999"]["ticket"]
duty = [s[4] for s in sent if s[2] == "+84912000999"]
assert duty == ["KHAN CAP %s tu +84915550999: Cuu voi, dang co cuop "
                "?[2J?]0;x? o xom 3 ? abc  def" % ticket], duty
PY
    fail "acknowledgements: $(cat "$T/sent.txt")"

# Officers' words with hostile characters: a note (kept as written), a
# reply with C1 and bidirectional controls. Their history and the
# outbox show them cleaned.
id_bidi=$(id_of bidi)
note=$'ghi chú \e[2J\e]52;c;eA==\a \xe2\x80\xae ngược \xc2\x9b31m'
gopy set "$id_bidi" --status in_progress --note "$note" >/dev/null ||
    fail "set --note"
gopy reply "$id_bidi" $'Đã nhận \xe2\x80\xae\xc2\x9b tin' >/dev/null ||
    fail "reply"
assert_eq "$(gopy show --json "$id_bidi" |
    jq -r '.history[] | select(.field == "note") | .new')" "$note" \
    "the note, exactly"
# A name is one line of visible characters: no C1, bidi or zero-width.
for name in $'an\xc2\x9b' $'an\xe2\x80\xae' $'a\xe2\x80\x8bn'; do
	expect_exit 2 gopy set "$id_bidi" --assign "$name"
	grep -qx "gopy: --assign has control characters" "$T/err.txt" ||
	    fail "--assign $(printf %q "$name"): $(cat "$T/err.txt")"
done

# --- Harmless on a terminal. screen.py FILE [tty] [ROWS]: the output is
# UTF-8 with no control character but LF (and, on a tty, CR before it and
# gopy's own colours), no C1, no bidirectional or zero-width character;
# with ROWS, it is a table of ROWS rows whose columns all start where the
# header's do, two blanks before each, and whose lines fit $COLUMNS.
cat >"$T/screen.py" <<'PY'
import os, re, sys, unicodedata
data = open(sys.argv[1], "rb").read()
tty = len(sys.argv) > 2 and sys.argv[2] == "tty"
text = data.decode("utf-8")
if tty:
    text = text.replace("\r\n", "\n")
    # Bold, dim, reverse highlight, the status colours, reset: table.c's.
    text = re.sub("\x1b\\[(?:0|1|2|31|32|33|36|1;7)m", "", text)
for i, c in enumerate(text):
    o = ord(c)
    bad = (o < 0x20 and c != "\n") or 0x7f <= o <= 0x9f or o == 0x61c or \
        0x200b <= o <= 0x200f or 0x2028 <= o <= 0x202e or \
        0x2060 <= o <= 0x206f or o == 0xfeff
    assert not bad, "%s: U+%04X at %d: %r" % (sys.argv[1], o, i,
                                              text[max(0, i - 30):i + 30])
def width(c):
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
def columns(line):
    """The display column each character starts at."""
    at, out = 0, []
    for c in line:
        out.append(at)
        at += width(c)
    return out, at
if len(sys.argv) > 3:
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 1 + int(sys.argv[3]), "%s: %d lines" % (
        sys.argv[1], len(lines))
    cols, _ = columns(lines[0])
    starts = [cols[m.start()] for m in re.finditer(r"(?<=  )\S", lines[0])]
    limit = int(os.environ.get("COLUMNS", "0"))
    for line in lines[1:]:
        cols, total = columns(line)
        assert limit == 0 or total <= limit, "%d columns: %r" % (total, line)
        at = {c: line[i] for i, c in enumerate(cols)}
        for s in starts:
            if s >= total:
                break
            assert s in at and at.get(s - 1) == " " and at.get(s - 2) == " ", \
                "%s: column at %d not aligned: %r" % (sys.argv[1], s, line)
PY
screen() {
	python3 "$T/screen.py" "$@" || fail "$1: $(cat -v "$1" | head -c 2000)"
}
nrows=$((ncases + 1))
env -u COLUMNS "$BUILD/gopy" -c "$T/gopy.conf" list --limit 0 >"$T/list.txt"
screen "$T/list.txt" plain "$nrows"
for cols in 80 200; do
	COLUMNS=$cols gopy list --limit 0 >"$T/list-$cols.txt"
	COLUMNS=$cols screen "$T/list-$cols.txt" plain "$nrows"
done
on_tty 120 "$BUILD/gopy" -c "$T/gopy.conf" list --limit 0 >"$T/list-tty.txt" ||
    fail "list on a terminal"
COLUMNS=120 screen "$T/list-tty.txt" tty "$nrows"

# Uncut, each text is the stored one with only the documented changes:
# breaks as spaces, controls and bidirectional ones as U+FFFD, zero-width
# ones gone. show prints the same.
cat >"$T/seen.py" <<'PY'
import json, re, sys, unicodedata
def seen(text):
    out = []
    for c in text:
        o = ord(c)
        if c in "\t\n\r\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(c) == "Cc" or o in (0x61c, 0x200e, 0x200f) \
                or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x206f:
            out.append("\ufffd")
        elif not (0x200b <= o <= 0x200d or o in (0x2060, 0xfeff)):
            out.append(c)
    return "".join(out)
def diff(a, b):
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]),
             min(len(a), len(b)))
    return "at %d: %r, want %r" % (i, a[max(0, i - 20):i + 20],
                                   b[max(0, i - 20):i + 20])
got = [json.loads(l) for l in open(sys.argv[1])]
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
if sys.argv[3] == "table":
    # The text follows the status, the last column before it (the
    # sender, before, may hold anything).
    status = re.compile(r"  (?:new|in_progress|resolved|rejected) +")
    cells = {}
    for line in lines[1:]:
        if line:
            cells[int(line.split(" ", 1)[0])] = status.split(line, 1)[1]
    for g in got:
        want = seen(g["text"]) if g["error"] is None else \
            "[undecodable: %s]" % g["error"]
        assert cells[g["id"]] == want, "message %d: %s" % (g["id"],
                                                          diff(cells[g["id"]], want))
else:
    # gopy show of each message, one after the other.
    texts = [lines[i + 1] for i, l in enumerate(lines) if l == "Text:"]
    assert len(texts) == len(got), "%d texts shown" % len(texts)
    for g, shown in zip(got, texts):
        assert shown == "  " + seen(g["text"]), "show %d: %s" % (
            g["id"], diff(shown, "  " + seen(g["text"])))
PY
python3 "$T/seen.py" "$T/list.json" "$T/list.txt" table ||
    fail "texts in the table"
rm -f "$T/show.txt" "$T/show.json"
for id in $(jq -r .id "$T/list.json"); do
	gopy show "$id" >>"$T/show.txt" || fail "show $id"
	gopy show --json "$id" >>"$T/show.json" || fail "show --json $id"
done
screen "$T/show.txt"
python3 "$T/seen.py" "$T/list.json" "$T/show.txt" show ||
    fail "texts of gopy show"
assert_eq "$(jq -r .text "$T/show.json")" "$(jq -r .text "$T/list.json")" \
    "texts of show --json"
on_tty 120 "$BUILD/gopy" -c "$T/gopy.conf" show "$id_bidi" >"$T/show-tty.txt" ||
    fail "show on a terminal"
screen "$T/show-tty.txt" tty
grep -q "ghi chú �\[2J�\]52;c;eA==� � ngược �31m" "$T/show-tty.txt" ||
    fail "the note in show: $(cat -v "$T/show-tty.txt")"

# Search: the matches, highlighted on a terminal between gopy's own
# escapes only; "tr<ZWSP>ộm" is two words, as folding splits it.
gopy search --json trộm >"$T/search.json"
assert_eq "$(jq -r .id "$T/search.json" | sort -n | tr '\n' ' ')" \
    "$(for n in osc8 bidi ucs2-30; do id_of $n; done | sort -n | tr '\n' ' ')" \
    "messages with trộm"
env -u COLUMNS "$BUILD/gopy" -c "$T/gopy.conf" search trộm >"$T/search.txt"
screen "$T/search.txt" plain 3
on_tty 100 "$BUILD/gopy" -c "$T/gopy.conf" search trộm \
    >"$T/search-tty.txt" || fail "search on a terminal"
COLUMNS=100 screen "$T/search-tty.txt" tty 3
grep -q $'\e\\[1;7mtrộm\e\\[0m' "$T/search-tty.txt" ||
    fail "no highlight: $(cat -v "$T/search-tty.txt")"
# Words inside escape sequences are words like others.
assert_eq "$(gopy search --json pwned | jq -r .id)" "$(id_of title)" \
    "search pwned"
on_tty 100 "$BUILD/gopy" -c "$T/gopy.conf" search evil example \
    >"$T/search-tty.txt" || fail "search on a terminal"
COLUMNS=100 screen "$T/search-tty.txt" tty 2

# JSON: valid, every control, C1, bidirectional and zero-width character
# escaped (so harmless on a terminal too), the text given back exactly.
for cmd in "list --json --limit 0" "search --json trộm" "export --json" \
    "show --json $id_bidi" "audit --json" "outbox --json" "status --json"; do
	# shellcheck disable=SC2086
	gopy $cmd >"$T/out.json" || fail "gopy $cmd"
	jq -e . "$T/out.json" >/dev/null || fail "gopy $cmd: not JSON"
	screen "$T/out.json"
done
gopy export --json >"$T/export.json"
python3 - "$T/list.json" "$T/export.json" <<'PY' || fail "export --json"
import json, sys
a = {json.loads(l)["id"]: json.loads(l)["text"] for l in open(sys.argv[1])}
b = {json.loads(l)["id"]: json.loads(l)["text"] for l in open(sys.argv[2])}
assert a == b
PY

# CSV: exact into a file, Excel's formulas neutralised, harmless on a
# terminal.
gopy export --csv >"$T/export.csv"
gopy export --excel >"$T/excel.csv"
python3 - "$T/list.json" "$T/export.csv" "$T/excel.csv" \
    "$(id_of formula)" <<'PY' || fail "CSV"
import csv, io, json, sys
want = {json.loads(l)["id"]: json.loads(l)["text"] for l in open(sys.argv[1])}
for name in sys.argv[2:4]:
    raw = open(name, "rb").read().decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert len(rows) == len(want), "%s: %d rows" % (name, len(rows))
    for r in rows:
        text = want[int(r["id"])]
        if name == sys.argv[3] and text[:1] in "=+-@\t\r" and text:
            text = "'" + text
        assert r["text"] == text, "%s, message %s: %r" % (name, r["id"],
                                                          r["text"][:80])
assert any(r["text"].startswith("'=HYPERLINK") for r in rows)
PY
for cmd in "export --csv" "export --excel" "search --csv trộm"; do
	# shellcheck disable=SC2086
	on_tty 200 "$BUILD/gopy" -c "$T/gopy.conf" $cmd >"$T/csv-tty.txt" ||
	    fail "$cmd on a terminal"
	# Excel's CSV begins with a byte order mark, harmless.
	if [ "$cmd" = "export --excel" ]; then
		assert_eq "$(head -c 3 "$T/csv-tty.txt")" $'\xef\xbb\xbf' "BOM"
		sed -i '1s/^\xef\xbb\xbf//' "$T/csv-tty.txt"
	fi
	screen "$T/csv-tty.txt" tty
	assert_eq "$(grep -c '^[0-9]' "$T/csv-tty.txt")" \
	    "$(gopy $cmd | grep -c '^[0-9]')" "records of $cmd on a terminal"
done

# The officers' tables: audit (the note), outbox (the reply), stats,
# status, on a terminal and not.
for cmd in "audit" "outbox" "stats" "stats --by day" "status"; do
	# shellcheck disable=SC2086
	COLUMNS=100 gopy $cmd >"$T/out.txt" || fail "gopy $cmd"
	COLUMNS=100 screen "$T/out.txt"
	# shellcheck disable=SC2086
	on_tty 100 "$BUILD/gopy" -c "$T/gopy.conf" $cmd >"$T/out.txt" ||
	    fail "$cmd on a terminal"
	COLUMNS=100 screen "$T/out.txt" tty
done
COLUMNS=300 gopy audit >"$T/audit.txt"
COLUMNS=300 screen "$T/audit.txt" plain 3
grep -q "ghi chú �\[2J�\]52;c;eA==� � ngược �31m" "$T/audit.txt" ||
    fail "the note in audit: $(cat "$T/audit.txt")"
COLUMNS=300 gopy outbox --limit 0 >"$T/outbox.txt"
COLUMNS=300 screen "$T/outbox.txt" plain $((answered + 3))
grep -q "Da nhan �� tin" "$T/outbox.txt" ||
    fail "the reply in the outbox: $(cat "$T/outbox.txt")"
stop_gopyd
# The log (with -v, senders too) escapes what it quotes.
screen "$T/gopyd.log"
grep -qF 'is from Bank\x0a\x0dAx ,' "$T/gopyd.log" ||
    fail "the name with a line break, escaped in the log"
