/*
 * What the files of the store module share and nothing else may see: the
 * handle itself and the helpers that read rows. store.c holds the schema,
 * gopyd's statements and the message reads; store_*.c the officers' side.
 */
#ifndef GOPY_STORE_INT_H
#define GOPY_STORE_INT_H

#include <sqlite3.h>

#include "buf.h"
#include "store.h"

#define STORE_CACHED_MAX	8	/* statements of store_cached */

struct store {
	sqlite3		*db;
	sqlite3_stmt	**stmts;	/* store.c's, prepared on first use */
	struct {
		const char	*sql;	/* a string literal: its address */
		sqlite3_stmt	*st;
	}		 cached[STORE_CACHED_MAX];
	char		 err[512];
	int		 errcode;	/* SQLite's extended code of err; 0 */
};

/* Keep why the current call fails, for store_error. */
void	store_set_error(struct store *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Prepare sql for one call (gopy runs one command and exits, so only
 * gopyd's statements are kept): the statement, which the caller
 * finalizes, or NULL with store_error "what: why".
 */
sqlite3_stmt *store_prepare(struct store *s, const char *sql,
	    const char *what);
/*
 * The same for a statement gopyd runs for every message or every outbox
 * check: prepared once and kept for the life of s, found again by the
 * address of sql, which must be a string literal. Returned unbound; the
 * caller does not finalize it but resets it as soon as it is done, so no
 * read stays open between messages.
 */
sqlite3_stmt *store_cached(struct store *s, const char *sql,
	    const char *what);
/* A copy of a text column, or NULL when it is NULL. */
char	*store_column_dup(sqlite3_stmt *st, int col);
/* A row of MESSAGE_COLS / OUTBOX_COLS into a struct the caller releases. */
void	store_read_message(sqlite3_stmt *st, struct store_message *m);
void	store_read_outbox(sqlite3_stmt *st, struct store_outbox *o);

/*
 * The conditions of f as " AND ..." clauses with ? placeholders (columns
 * of messages, unqualified), and the binding of their values from
 * placeholder i on; store_filter_bind returns the next free index. limit
 * is the caller's.
 */
void	store_filter_sql(const struct store_filter *f, struct buf *sql);
int	store_filter_bind(sqlite3_stmt *st, const struct store_filter *f,
	    int i);
/*
 * Step st, calling row for each row until it returns non-zero; then
 * finalize st. Returns the rows passed to row, or -1 with store_error
 * "what: why".
 */
int	store_each_row(struct store *s, sqlite3_stmt *st, const char *what,
	    int (*row)(sqlite3_stmt *st, void *arg), void *arg);
/*
 * The same for a query of STORE_MESSAGE_COLS (STORE_OUTBOX_COLS): fn gets
 * each row read into a struct that lives for the call.
 */
int	store_each_message(struct store *s, sqlite3_stmt *st,
	    const char *what,
	    int (*fn)(void *arg, const struct store_message *m), void *arg);
int	store_each_outbox(struct store *s, sqlite3_stmt *st, const char *what,
	    int (*fn)(void *arg, const struct store_outbox *o), void *arg);

#define STORE_MESSAGE_COLS "id, ticket, sender, sender_type, received_at, " \
	"received_tz, stored_at, text, topic, score, keywords, parts, " \
	"status, assignee, raw_pdu, error, incomplete, scores, unsure, " \
	"topic_by, commune, kind, unanswered, repeat_of"
#define STORE_OUTBOX_COLS "id, recipient, text, state, attempts, " \
	"last_error, message_ref, message_id, created_at, sent_at, delivery, " \
	"delivered_at"

#endif
