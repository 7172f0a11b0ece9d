#!/usr/bin/env bash
# gopy list and gopy show over the database gopyd writes: the table, JSON,
# lookup by ticket in any spacing, terminal-safe text, and clear errors with
# the documented exit statuses.
. "$(dirname "$0")/lib.sh"

sim_start
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready
deliver +84912345678 ucs2 "Trộm bò ở xóm 3, đêm qua"
# ESC sequences and a right-to-left override: must not reach the terminal.
deliver +84912345679 ucs2 $'Lô đề \e[2J\e]0;pwned\a xóm 5 \xe2\x80\xae ngược'
sim_ctl wait sent 2 60000 >/dev/null || fail "not answered"

# The table: a header, two rows, cut to the width asked for.
COLUMNS=80 gopy list >"$T/table.txt"
assert_eq "$(wc -l <"$T/table.txt")" 3 "table lines"
head -n 1 "$T/table.txt" | grep -q '^ID  *TICKET  *RECEIVED  *SENDER  *TOPIC  *STATUS  *TEXT$' ||
    fail "header: $(head -n 1 "$T/table.txt")"
grep -q 'trom_cap' "$T/table.txt" || fail "no theft row"
grep -q 'co_bac' "$T/table.txt" || fail "no lottery row"
if LC_ALL=C grep -q $'\e\|\a\|\xe2\x80\xae' "$T/table.txt"; then
	fail "control characters reached the table"
fi
# Every line fits 80 display columns (wc -L measures them in a UTF-8 locale).
width=$(LC_ALL=C.UTF-8 wc -L <"$T/table.txt")
[ "$width" -le 80 ] || fail "table $width columns wide: $(cat "$T/table.txt")"

# --json keeps the text exactly, control characters escaped.
gopy list --json --topic co_bac >"$T/one.json"
assert_eq "$(wc -l <"$T/one.json")" 1 "lottery messages"
assert_eq "$(jq -r .text "$T/one.json")" $'Lô đề \e[2J\e]0;pwned\a xóm 5 \xe2\x80\xae ngược' \
    "text through JSON"
assert_eq "$(gopy list --json --status new | wc -l)" 2 "new messages"
assert_eq "$(gopy list --json --status resolved | wc -l)" 0 "resolved messages"
assert_eq "$(gopy list --json --limit 1 | wc -l)" 1 "--limit 1"

# show by id, by ticket, by ticket with other spacing.
ticket=$(jq -r 'select(.topic == "trom_cap") | .ticket' <(gopy list --json))
id=$(jq -r 'select(.topic == "trom_cap") | .id' <(gopy list --json))
gopy show "$id" >"$T/show.txt"
grep -q "ticket $ticket" "$T/show.txt" || fail "show: $(cat "$T/show.txt")"
grep -q "Trộm bò ở xóm 3, đêm qua" "$T/show.txt" || fail "show text"
grep -q "sent" "$T/show.txt" || fail "show replies: $(cat "$T/show.txt")"
assert_eq "$(gopy show --json "$ticket" | jq -r .id)" "$id" "show by ticket"
assert_eq "$(gopy show --json "${ticket/-/ }" | jq -r .id)" "$id" "ticket with a space"
assert_eq "$(gopy show --json "${ticket/-/}" | jq -r .id)" "$id" "ticket without separator"
gopy show "$(jq -r 'select(.topic == "co_bac") | .id' <(gopy list --json))" >"$T/show2.txt"
if LC_ALL=C grep -q $'\e\|\a' "$T/show2.txt"; then
	fail "control characters reached gopy show"
fi

# Errors: exit 1 for what is not there, 2 for what is mistyped.
expect_exit 1 gopy show 9999
grep -q "^gopy: no message '9999'$" "$T/err.txt" || fail "$(cat "$T/err.txt")"
expect_exit 2 gopy show 0001-0
expect_exit 2 gopy show abc
expect_exit 2 gopy list --topic bogus
grep -q "trom_cap" "$T/err.txt" || fail "topics not listed: $(cat "$T/err.txt")"
expect_exit 2 gopy list --status done
expect_exit 2 gopy list --limit -3
expect_exit 2 gopy list --limit 12abc
expect_exit 2 gopy list extra
expect_exit 2 gopy frobnicate
expect_exit 2 gopy
expect_exit 0 gopy help
grep -q "list" "$T/out.txt" || fail "help lacks list"
expect_exit 0 gopy help show
expect_exit 1 "$BUILD/gopy" -c "$T/gopy.conf" --db "$T/none.db" list
grep -q "none.db" "$T/err.txt" || fail "missing database not named"

stop_gopyd
