#!/usr/bin/env bash
# gopyd -n accepts the shipped configuration and names file and line of
# every error in a bad one; gopyd refuses to start on a bad configuration.
. "$(dirname "$0")/lib.sh"

MODEM_PORT=9
sim_conf "$T/gopy.conf"
out=$("$BUILD/gopyd" -n -c "$T/gopy.conf" 2>&1) || fail "shipped config: $out"
assert_eq "$out" "configuration OK" "gopyd -n on the shipped config"

# Two errors in one file, both reported with their lines.
sed -e 's/^\([[:space:]]*baud[[:space:]]*=\).*/\1 12345;/' \
    -e 's/^\([[:space:]]*storage[[:space:]]*=\).*/\1 "XX";/' \
    "$T/gopy.conf" >"$T/bad.conf"
baud_line=$(grep -n '^[[:space:]]*baud[[:space:]]*=' "$T/bad.conf" | cut -d: -f1)
storage_line=$(grep -n '^[[:space:]]*storage[[:space:]]*=' "$T/bad.conf" | cut -d: -f1)
if out=$("$BUILD/gopyd" -n -c "$T/bad.conf" 2>&1); then
	fail "bad config accepted"
fi
grep -q "bad.conf:$baud_line: modem.baud" <<<"$out" || fail "no baud error: $out"
grep -q "bad.conf:$storage_line: modem.storage" <<<"$out" || fail "no storage error: $out"

# A syntax error names its line; gopyd will not start on it.
printf 'modem = { device = "tcp:127.0.0.1:9" \n' >"$T/syntax.conf"
if out=$($AS_SERVICE "$BUILD/gopyd" -c "$T/syntax.conf" 2>&1); then
	fail "gopyd started on a syntax error"
fi
grep -q "syntax.conf:[0-9]*:" <<<"$out" || fail "no line in: $out"

# An unknown key is an error, in gopy too.
sed 's/^\([[:space:]]*pin[[:space:]]*=.*\)/\1 pni = "";/' "$T/gopy.conf" >"$T/unknown.conf"
if out=$("$BUILD/gopy" -c "$T/unknown.conf" list 2>&1); then
	fail "gopy accepted an unknown key"
fi
grep -q "unknown.conf:[0-9]*: modem.pni" <<<"$out" || fail "unknown key: $out"

# A missing file is a clear error.
if out=$("$BUILD/gopyd" -n -c "$T/none.conf" 2>&1); then
	fail "missing config accepted"
fi
grep -q "none.conf" <<<"$out" || fail "missing file: $out"

# A reply that can need two SMS is a warning naming its line and its worst
# case; the file is still good. The shipped topic replies fit one SMS with
# the urgent suffix up to a unit of 44 characters; this one has 49.
sed 's/^\([[:space:]]*unit[[:space:]]*=\).*/\1 "Cong an xa Thach Ha, huyen Thach Ha, tinh Ha Tinh";/' \
    "$T/gopy.conf" >"$T/long.conf"
reply_line=$(grep -n 'reply = "{unit} da nhan tin bao mat tai san' "$T/long.conf" | cut -d: -f1)
out=$("$BUILD/gopyd" -n -c "$T/long.conf" 2>"$T/warn.txt") || fail "long unit refused: $out"
assert_eq "$out" "configuration OK" "gopyd -n with a long unit"
assert_eq "$(wc -l <"$T/warn.txt")" 1 "warnings: $(cat "$T/warn.txt")"
grep -qF "long.conf:$reply_line: topics.trom_cap.reply: can need 2 SMS (GSM 7-bit, 165 characters) with ticket '1234567-1', urgent" "$T/warn.txt" ||
    fail "no size warning: $(cat "$T/warn.txt")"
