/*
 * The store's side of the officers' reports: counts of messages per topic,
 * status, commune or span of time, and per topic for gopy topics. Only
 * counts leave SQLite; what a row is about is never read for a report.
 * Where days begin is the caller's business: spans come as Unix times.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "store.h"
#include "store_int.h"
#include "xmalloc.h"

/* Indexed by enum store_group: constant column names, never input. */
static const char *const group_cols[] = {
	[STORE_GROUP_TOPIC] = "topic",
	[STORE_GROUP_STATUS] = "status",
	[STORE_GROUP_COMMUNE] = "commune",
};

/* A value and how many messages have it; values are few (topics, communes). */
struct tally {
	char	*value;		/* NULL: none */
	int64_t	 n;
};

/* Count one more message with value (NULL: none) into t[0..*n). */
static void
tally_add(struct tally **t, size_t *n, const char *value)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (value == NULL ? (*t)[i].value == NULL :
		    (*t)[i].value != NULL && strcmp((*t)[i].value, value) == 0) {
			(*t)[i].n++;
			return;
		}
	}
	*t = xreallocarray(*t, *n + 1, sizeof(**t));
	(*t)[*n].value = value != NULL ? xstrdup(value) : NULL;
	(*t)[*n].n = 1;
	(*n)++;
}

int
store_count_groups(struct store *s, const struct store_filter *f,
    enum store_group by,
    void (*fn)(void *arg, const char *value, int64_t n), void *arg)
{
	struct tally *t = NULL;
	sqlite3_stmt *st;
	struct buf sql;
	size_t nt = 0, k;
	int rc;

	/*
	 * The values are tallied here rather than by GROUP BY, which would
	 * sort them all first; a range of time filtered by topic, status or
	 * commune is then read from the messages_report index alone.
	 */
	buf_init(&sql);
	buf_addf(&sql, "SELECT %s FROM messages WHERE 1", group_cols[by]);
	store_filter_sql(f, &sql);
	st = store_prepare(s, sql.data, "count messages");
	buf_release(&sql);
	if (st == NULL) {
		return -1;
	}
	store_filter_bind(st, f, 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tally_add(&t, &nt, (const char *)sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_DONE) {
		store_set_error(s, "count messages: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_finalize(st);
	for (k = 0; k < nt; k++) {
		if (rc == SQLITE_DONE) {
			fn(arg, t[k].value, t[k].n);
		}
		free(t[k].value);
	}
	free(t);
	return rc == SQLITE_DONE ? (int)nt : -1;
}

int
store_count_spans(struct store *s, const struct store_filter *f,
    const int64_t *edges, size_t n, int64_t *counts)
{
	sqlite3_stmt *st;
	struct buf sql;
	size_t k;
	int rc = SQLITE_ROW;

	buf_init(&sql);
	buf_adds(&sql, "SELECT count(*) FROM messages "
	    "WHERE received_at >= ? AND received_at < ?");
	store_filter_sql(f, &sql);
	st = store_prepare(s, sql.data, "count messages");
	buf_release(&sql);
	if (st == NULL) {
		return -1;
	}
	store_filter_bind(st, f, 3);
	/* One indexed range count per span; the filter stays bound. */
	for (k = 0; k < n; k++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, edges[k]);
		sqlite3_bind_int64(st, 2, edges[k + 1]);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			break;
		}
		counts[k] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_ROW) {
		store_set_error(s, "count messages: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_count_topics(struct store *s, int64_t since,
    void (*fn)(void *arg, const struct store_topic_count *c), void *arg)
{
	struct store_topic_count *c = NULL;
	const char *topic, *status;
	char **names = NULL;
	sqlite3_stmt *st;
	size_t n = 0, k;
	int rc;

	/* Tallied here, as in store_count_groups, from messages_report. */
	st = store_prepare(s, "SELECT topic, received_at >= ?, status "
	    "FROM messages", "count topics");
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		topic = (const char *)sqlite3_column_text(st, 0);
		status = (const char *)sqlite3_column_text(st, 2);
		for (k = 0; k < n && strcmp(names[k], topic) != 0; k++) {
			continue;
		}
		if (k == n) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			c = xreallocarray(c, n + 1, sizeof(*c));
			names[n] = xstrdup(topic);
			memset(&c[n], 0, sizeof(c[n]));
			n++;
		}
		c[k].all++;
		c[k].since += sqlite3_column_int(st, 1);
		c[k].open += strcmp(status, "new") == 0 ||
		    strcmp(status, "in_progress") == 0;
	}
	if (rc != SQLITE_DONE) {
		store_set_error(s, "count topics: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_finalize(st);
	for (k = 0; k < n; k++) {
		if (rc == SQLITE_DONE) {
			c[k].topic = names[k];
			fn(arg, &c[k]);
		}
		free(names[k]);
	}
	free(names);
	free(c);
	return rc == SQLITE_DONE ? (int)n : -1;
}
