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
if out=$("$BUILD/gopyd" -c "$T/syntax.conf" 2>&1); then
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
