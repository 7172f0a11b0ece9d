/*
 * The store's side of answering citizens (answer.h): how many automatic
 * replies a number got, how often a text came, which report a repeat
 * repeats, and the expiry of replies that waited too long. Values are
 * always bound.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* Bind ?1, ?2 and ?3 to the cached sql and step to its one integer. */
static int
count_row(struct store *s, const char *sql, const char *what,
    const char *text1, const char *text2, int64_t since)
{
	sqlite3_stmt *st;
	int rc, n = -1;

	if ((st = store_cached(s, sql, what)) == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, text1, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, text2, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
	} else {
		store_set_error(s, "%s: %s", what, sqlite3_errmsg(s->db));
	}
	sqlite3_reset(st);
	return n;
}

int
store_count_auto_replies(struct store *s, const char *recipient,
    int64_t since)
{
	/* No ?2: count_row binds it, and SQLite lets an unused one be. */
	return count_row(s, "SELECT count(*) FROM outbox WHERE recipient = ?1 "
	    "AND created_at >= ?3 "
	    "AND kind IN ('ack', 'repeat', 'command')",
	    "count replies", recipient, NULL, since);
}

int
store_count_same_text(struct store *s, const char *sender,
    const char *folded, int64_t since)
{
	return count_row(s, "SELECT count(*) FROM messages WHERE sender = ?1 "
	    "AND folded = ?2 AND stored_at >= ?3",
	    "count repeats", sender, folded, since);
}

int
store_first_report(struct store *s, const char *sender, const char *folded,
    int64_t since, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if ((st = store_cached(s, "SELECT id FROM messages "
	    "WHERE sender = ?1 AND folded = ?2 AND stored_at >= ?3 "
	    "AND kind = 'report' AND repeat_of IS NULL AND error IS NULL "
	    "ORDER BY id LIMIT 1", "find report")) == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, sender, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, folded, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
	} else if (rc != SQLITE_DONE) {
		store_set_error(s, "find report: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_expire_outbox(struct store *s, int64_t now, const char *why)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_cached(s, "UPDATE outbox SET state = 'failed', "
	    "last_error = ?2 WHERE state = 'queued' "
	    "AND expires_at IS NOT NULL AND expires_at <= ?1",
	    "expire SMS")) == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, why, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		store_set_error(s, "expire SMS: %s", sqlite3_errmsg(s->db));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return sqlite3_changes(s->db);
}
