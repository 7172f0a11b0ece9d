/*
 * The officers' queries over messages beyond store_list: full-text search
 * on the folded text through the FTS5 table messages_fts (migration 6).
 * Words reach FTS5 only as quoted strings, bound as a parameter, so no
 * input is ever read as FTS5 syntax or as SQL.
 */
#include <sqlite3.h>
#include <string.h>

#include "buf.h"
#include "store.h"
#include "store_int.h"

/* Append w to q as an FTS5 string: in double quotes, its quotes doubled. */
static void
add_fts_string(struct buf *q, const char *w)
{
	if (q->len > 0) {
		buf_addc(q, ' ');
	}
	buf_addc(q, '"');
	for (; *w != '\0'; w++) {
		if (*w == '"') {
			buf_addc(q, '"');
		}
		buf_addc(q, *w);
	}
	buf_addc(q, '"');
}

int
store_search(struct store *s, const char *const *words, size_t nwords,
    const struct store_filter *f,
    int (*fn)(void *arg, const struct store_message *m), void *arg)
{
	struct buf sql, match;
	sqlite3_stmt *st;
	size_t k;
	int i;

	buf_init(&match);
	for (k = 0; k < nwords; k++) {
		if (words[k][0] != '\0') {
			add_fts_string(&match, words[k]);
		}
	}
	if (match.len == 0) {
		buf_release(&match);
		return 0;
	}
	/*
	 * FTS5 strings side by side must all occur. The inner query walks
	 * the matches newest first (ids grow with time), filtered, and keeps
	 * STORE_SEARCH_RANKED of them with their bm25 score; the outer one
	 * orders those by score, lowest (best) first.
	 */
	buf_init(&sql);
	buf_adds(&sql, "SELECT " STORE_MESSAGE_COLS " FROM (SELECT "
	    STORE_MESSAGE_COLS ", bm25(messages_fts) AS score_fts "
	    "FROM messages_fts JOIN messages ON messages.id = "
	    "messages_fts.rowid WHERE messages_fts MATCH ?");
	store_filter_sql(f, &sql);
	buf_addf(&sql, " ORDER BY messages_fts.rowid DESC LIMIT %d) "
	    "ORDER BY score_fts, received_at DESC, id DESC",
	    STORE_SEARCH_RANKED);
	if (f->limit > 0) {
		buf_adds(&sql, " LIMIT ?");
	}
	st = store_prepare(s, sql.data, "search messages");
	buf_release(&sql);
	if (st == NULL) {
		buf_release(&match);
		return -1;
	}
	sqlite3_bind_text(st, 1, match.data, -1, SQLITE_TRANSIENT);
	buf_release(&match);
	i = store_filter_bind(st, f, 2);
	if (f->limit > 0) {
		sqlite3_bind_int(st, i, f->limit);
	}
	return store_each_message(s, st, "search messages", fn, arg);
}
