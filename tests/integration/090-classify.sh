#!/usr/bin/env bash
# gopy classify, learn and reclassify on a small configuration of its own
# (the shipped keywords change as they are tuned): how texts are filed,
# weights learned from a labelled file and used, stored messages filed
# again after the keywords changed, and the unsure ones listed.
. "$(dirname "$0")/lib.sh"

sim_start
write_small_conf() {
	cat >"$T/gopy.conf" <<CONF
modem = { device = "tcp:127.0.0.1:$MODEM_PORT"; poll_interval = 5; };
database = { path = "$T/gopy.db"; };
classifier = {
	min_score = 1; unsure_below = 2; unsure_margin = 1;
	negations = [ "không phải" ];
	$1
};
topics = (
	{ id = "trom"; name = "Trộm cắp"; keywords = ( ("trộm", 2), "bò" ); },
	{ id = "bac"; name = "Cờ bạc"; keywords = ( ("lô đề", 2), "ghi đề" ); },
	{ id = "khac"; name = "Khác"; fallback = true; }
);
abbreviations = ( { word = "không"; short = [ "ko" ]; } );
CONF
}
write_small_conf ""

# classify: topic, score, keywords; diacritics that disagree do not match.
out=$(gopy classify "Nhà tôi bị TRỘM bò" "ghi để nhớ" "không phải trộm")
assert_eq "$out" "trom	3	trộm=2, bò=1
khac	0	
khac	0	" "classify"
assert_eq "$(printf 'xom 5 ghi lo de\nalo\n' | gopy classify | cut -f1 | tr '\n' ' ')" \
    "bac khac " "classify from standard input"
gopy classify --json "trộm bò" >"$T/c.json"
assert_eq "$(jq -r '[.topic, .unsure, .scores] | join(" ")' "$T/c.json")" \
    "trom false trom=3" "classify --json"

# learn: weights from a labelled file, loaded through classifier.learned.
cat >"$T/train.tsv" <<'TSV'
# topic<TAB>text
bac	nhóm thanh niên chơi số đề ở quán nước
bac	quán nước đầu làng chơi số đề công khai
bac	chơi số đề cả ngày ở quán nước
trom	đêm qua mất con gà trong chuồng
trom	mất gà trong chuồng lúc nửa đêm
trom	chuồng gà bị phá, mất ba con gà
khac	cho hỏi giờ làm việc của xã
TSV
gopy learn --no-corrections -o "$T/learned.conf" "$T/train.tsv" ||
    fail "learn"
grep -q '^# Made on .* by: gopy learn --no-corrections' "$T/learned.conf" ||
    fail "learned file says not how it was made"
grep -q '("choi so", ' "$T/learned.conf" || fail "no pair feature: $(cat "$T/learned.conf")"
write_small_conf 'learned = "learned.conf";'
"$BUILD/gopyd" -n -c "$T/gopy.conf" >/dev/null || fail "learned file refused"
out=$(gopy classify "hôm qua chơi số ở quán nước")
assert_eq "$(cut -f1 <<<"$out")" bac "learned topic"
grep -q '~choi so=' <<<"$out" || fail "learned features not shown: $out"
# A broken learned file is an error naming it.
printf 'learned = ( { topic = "nope"; features = ( ("x", 1.0) ); } );\n' \
    >"$T/learned.conf"
if out=$("$BUILD/gopyd" -n -c "$T/gopy.conf" 2>&1); then
	fail "bad learned file accepted"
fi
grep -q "learned.conf:1: learned\[0\].topic: no topic 'nope'" <<<"$out" ||
    fail "bad learned file: $out"

# reclassify: stored messages filed again, the count reported.
write_small_conf ""
start_gopyd
wait_ready
deliver +84912345678 gsm7 "mat con ga trong chuong"
deliver +84912345679 gsm7 "trom bo o xom 3"
deliver +84912345670 gsm7 "alo alo"
sim_ctl wait sent 3 60000 >/dev/null || fail "not answered"
assert_eq "$(gopy list --json | jq -r .topic | sort | tr '\n' ' ')" \
    "khac khac trom " "topics before"
assert_eq "$(gopy list --json --unsure | wc -l)" 2 "unsure before"
stop_gopyd
sed -i 's/( ("trộm", 2), "bò" )/( ("trộm", 2), "bò", ("mất \& gà", 3) )/' \
    "$T/gopy.conf"
grep -q '"mất & gà"' "$T/gopy.conf" || fail "keyword not added"
out=$(gopy reclassify --since 7d)
assert_eq "$out" "3 messages classified again: 1 changed, 1 of them to another topic" \
    "reclassify"
assert_eq "$(gopy list --json | jq -r .topic | sort | tr '\n' ' ')" \
    "khac trom trom " "topics after"
assert_eq "$(gopy reclassify)" "3 messages classified again: 0 changed, 0 of them to another topic" \
    "reclassify again"
rc=0
gopy reclassify --since never >/dev/null 2>&1 || rc=$?
assert_eq "$rc" 2 "bad --since"
