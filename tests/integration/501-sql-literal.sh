#!/usr/bin/env bash
# Every value an officer gives is data, never SQL or FTS5 syntax: quotes,
# "%", "_", "--", ";", comments, FTS5 operators, column filters and
# prefixes in notes, assignees, communes, replies, filters and search
# words are stored and matched literally, nothing else changes, no SQL
# error. And the source keeps it so: SQL lives in store*.c only, and the
# few statements assembled at run time take nothing but fixed fragments,
# values always bound.
. "$(dirname "$0")/lib.sh"

# --- The source: what builds SQL with printf-style formatting. Each use
# below was reviewed; a new one fails here until it is.
cd "$REPO/daemon" || fail "no $REPO/daemon"
users=$(grep -l 'sqlite3' -- *.c *.h | LC_ALL=C sort | tr '\n' ' ')
assert_eq "$users" "store.c store_answer.c store_int.h store_query.c store_stats.c store_work.c " \
    "files that use SQLite"
if grep -n 'sqlite3_mprintf\|sqlite3_vmprintf\|sqlite3_snprintf\|%[qQw]' -- store*.c; then
	fail "SQL built with SQLite's printf"
fi
# The formatted SQL of store*.c, and where read_column gets its column
# (name is field_names[e->field]): each call on one line.
awk '
/(buf_addf|snprintf)\((&?sql|sql\.data),|[^a-z_]read_column\(s,/ {
	call = ""
	on = 1
}
on {
	line = $0
	sub(/^[ \t]+/, "", line)
	call = call (call == "" ? "" : " ") line
	if (line ~ /(\);|\{)$/) {
		print FILENAME ": " call
		on = 0
	}
}
' store*.c >"$T/formatted.txt"
cat >"$T/reviewed.txt" <<'EOF'
store.c: snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
store_query.c: buf_addf(&sql, " ORDER BY messages_fts.rowid DESC LIMIT %d) " "ORDER BY score_fts, received_at DESC, id DESC", STORE_SEARCH_RANKED);
store_stats.c: buf_addf(&sql, "SELECT %s FROM messages WHERE 1", group_cols[by]);
store_work.c: snprintf(sql, sizeof(sql), "SELECT %s FROM messages WHERE id = :id", column);
store_work.c: snprintf(sql, sizeof(sql), "UPDATE messages SET %s = :value%s " "WHERE id = :id", field_names[e->field], e->field == STORE_FIELD_TOPIC ? ", topic_by = :user" : "");
store_work.c: if (read_column(s, id, name, &e->old) == -1) {
store_work.c: rc = read_column(s, id, "id", &found);
EOF
diff -u "$T/reviewed.txt" "$T/formatted.txt" ||
    fail "SQL formatted at run time changed: review it (values must be bound)"
cd "$T" || fail "no $T"

# --- The behaviour, on messages gopyd stored.
sim_start
sim_conf "$T/gopy.conf"
start_gopyd
wait_ready
deliver +84912340001 ucs2 "Trộm bò ở xóm 3, đêm qua"
deliver +84912340002 ucs2 "Trộm xe máy ở chợ"
deliver +84912340003 gsm7 "Lo de o quan nuoc"
sim_ctl wait sent 3 60000 >/dev/null || fail "not answered"
wait_until "an empty outbox" outbox_empty
gopy list --json >"$T/before.json"
a=$(jq -r 'select(.sender == "+84912340001") | .id' "$T/before.json")
b=$(jq -r 'select(.sender == "+84912340002") | .id' "$T/before.json")

HOSTILE=(
	"'" "''" '"' '%' '_' '%_%' '--' ';' "'/*" '*/' '\' '\x27'
	"'; DROP TABLE messages; --" "' OR '1'='1" '" OR ""="' "1; DELETE FROM history"
	'NEAR(trom bo)' 'trom OR lo' 'trom NOT bo' '^trom' 'tr*' 'folded:trom'
	'{folded text}: trom' '"trom" "bo"' 'trom AND bo' '+' '(' ')' ':'
)

# Notes: kept exactly, in order.
for h in "${HOSTILE[@]}"; do
	gopy set "$a" --note "note $h" >/dev/null || fail "note '$h'"
done
gopy show --json "$a" | jq -r '.history[] | select(.field == "note") | .new' \
    >"$T/notes.txt"
printf 'note %s\n' "${HOSTILE[@]}" | diff -u - "$T/notes.txt" ||
    fail "notes not kept exactly"

# Assignees and communes: stored exactly; as filters they match only that
# value, never as a pattern ("%" is no wildcard).
gopy set "$b" --assign "ordinary" --commune "ordinary" >/dev/null ||
    fail "set b"
for h in "${HOSTILE[@]}"; do
	gopy set "$a" --assign "$h" --commune "$h" >/dev/null ||
	    fail "assign '$h'"
	gopy show --json "$a" >"$T/a.json"
	assert_eq "$(jq -r .assignee "$T/a.json")" "$h" "assignee '$h'"
	assert_eq "$(jq -r .commune "$T/a.json")" "$h" "commune '$h'"
	for opt in --assignee --commune; do
		expect_exit 0 gopy list --json "$opt" "$h"
		[ ! -s "$T/err.txt" ] || fail "list $opt '$h': $(cat "$T/err.txt")"
		assert_eq "$(jq -r .id "$T/out.txt" | tr '\n' ' ')" "$a " \
		    "list $opt '$h'"
	done
done
gopy set "$a" --commune "'; DROP TABLE messages; --" >/dev/null ||
    fail "set commune"
expect_exit 0 gopy stats --json --by commune
jq -e -s 'map(select(.commune == "'"'"'; DROP TABLE messages; --") |
    .count) == [1]' "$T/out.txt" >/dev/null ||
    fail "stats by commune: $(cat "$T/out.txt")"
assert_eq "$(gopy list --json --assignee ordinary | jq -r .id)" "$b" \
    "the other message untouched"

# Replies: queued exactly as typed.
for h in "' OR '1'='1" '%_% -- ;' "'/* */" 'NEAR(trom bo) folded:trom'; do
	gopy reply "$b" "$h" >/dev/null || fail "reply '$h'"
	assert_eq "$(gopy outbox --json --limit 1 | jq -r .text)" "$h" \
	    "reply '$h'"
done

# Search: hostile words alone match nothing and say nothing.
want=$(gopy search --json trom | jq -r .id | sort -n | tr '\n' ' ')
assert_eq "$want" "$(printf '%s\n' "$a" "$b" | sort -n | tr '\n' ' ')" \
    "search trom"
for h in "${HOSTILE[@]}"; do
	case $h in
	*trom*) continue ;;
	esac
	expect_exit 0 gopy search --json -- "$h"
	[ ! -s "$T/err.txt" ] || fail "search '$h': $(cat "$T/err.txt")"
	assert_eq "$(wc -l <"$T/out.txt")" 0 "search '$h'"
done
# Punctuation is no word: beside a real one it changes nothing.
for h in "'" "''" '"' '%' '_' '%_%' '--' ';' "'/*" '*/' '\' '+' '(' ')' \
    ':' '"' "'--"; do
	expect_exit 0 gopy search --json -- trom "$h"
	[ ! -s "$T/err.txt" ] || fail "search trom '$h': $(cat "$T/err.txt")"
	assert_eq "$(jq -r .id "$T/out.txt" | sort -n | tr '\n' ' ')" "$want" \
	    "search trom '$h'"
	expect_exit 0 gopy search --json -- "trom$h"
	assert_eq "$(jq -r .id "$T/out.txt" | sort -n | tr '\n' ' ')" "$want" \
	    "search 'trom$h'"
done
# Operators are words: no message has "near", "or", "not", "folded".
for h in 'NEAR(trom bo)' 'trom OR lo' 'trom NOT bo' 'folded:trom' \
    '{folded text}: trom'; do
	expect_exit 0 gopy search --json -- "$h"
	assert_eq "$(wc -l <"$T/out.txt")" 0 "search '$h'"
done
for h in '^trom' 'tr*' '"trom" "bo"' 'trom AND bo'; do
	expect_exit 0 gopy search --json -- "$h"
	[ ! -s "$T/err.txt" ] || fail "search '$h': $(cat "$T/err.txt")"
done
assert_eq "$(gopy search --json -- 'tr*' | wc -l)" 0 "no prefix queries"
assert_eq "$(gopy search --json -- '"trom" "bo"' | jq -r .id)" "$a" \
    "quotes are no phrase syntax"

# Nothing else changed: the same messages, texts and tables.
gopy list --json >"$T/after.json"
assert_eq "$(jq -c '{id, text, sender}' "$T/after.json")" \
    "$(jq -c '{id, text, sender}' "$T/before.json")" "messages"
assert_eq "$(db_query 'PRAGMA integrity_check')" ok "integrity"
assert_eq "$(db_query "SELECT count(*) FROM history WHERE field = 'note'")" \
    "${#HOSTILE[@]}" "notes in history"
assert_eq "$(db_query "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('messages', 'history', 'outbox')")" \
    3 "tables"
stop_gopyd
