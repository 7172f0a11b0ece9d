/*
 * The officers' side of the store: changes to messages together with their
 * history rows, SMS an officer queues, and the listings of history and
 * outbox. Statements are prepared per call, since gopy runs one command and
 * exits; values are always bound. Like store.c, this file does not log.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "store.h"
#include "store_int.h"

/* The history field of each enum store_field; also the messages column. */
static const char *const field_names[] = {
	[STORE_FIELD_STATUS] = "status",
	[STORE_FIELD_ASSIGNEE] = "assignee",
	[STORE_FIELD_TOPIC] = "topic",
	[STORE_FIELD_COMMUNE] = "commune",
	[STORE_FIELD_NOTE] = "note",
};

/* Run a statement that returns no rows, and finalize it. */
static int
run_once(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		store_set_error(s, "%s: %s", what, sqlite3_errmsg(s->db));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Bind by name, when the statement has that parameter (a set filter). */
static void
bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0) {
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	}
}

static void
bind_int64(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0) {
		sqlite3_bind_int64(st, i, v);
	}
}

/* Append a history row; message_id 0 is stored NULL. */
static int
add_history(struct store *s, int64_t message_id, const char *field,
    const char *old, const char *value, const char *user, int64_t at)
{
	sqlite3_stmt *st;

	st = store_prepare(s, "INSERT INTO history (message_id, at, user, "
	    "field, old, new) VALUES (:message, :at, :user, :field, :old, "
	    ":new)", "record history");
	if (st == NULL) {
		return -1;
	}
	if (message_id != 0) {
		bind_int64(st, ":message", message_id);
	}
	bind_int64(st, ":at", at);
	bind_text(st, ":user", user);
	bind_text(st, ":field", field);
	bind_text(st, ":old", old);
	bind_text(st, ":new", value);
	return run_once(s, st, "record history");
}

/*
 * The value of column of message id into *value (NULL when it is NULL):
 * 1 found, 0 no such message, -1 error.
 */
static int
read_column(struct store *s, int64_t id, const char *column, char **value)
{
	sqlite3_stmt *st;
	char sql[96];
	int rc;

	*value = NULL;
	/* column comes from field_names: constant SQL only. */
	snprintf(sql, sizeof(sql), "SELECT %s FROM messages WHERE id = :id",
	    column);
	if ((st = store_prepare(s, sql, "read message")) == NULL) {
		return -1;
	}
	bind_int64(st, ":id", id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = store_column_dup(st, 0);
	} else if (rc != SQLITE_DONE) {
		store_set_error(s, "read message: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
write_column(struct store *s, int64_t id, const struct store_edit *e,
    const char *user)
{
	sqlite3_stmt *st;
	char sql[128];

	/* An officer's topic is theirs: the classifier keeps off it. */
	snprintf(sql, sizeof(sql), "UPDATE messages SET %s = :value%s "
	    "WHERE id = :id", field_names[e->field],
	    e->field == STORE_FIELD_TOPIC ? ", topic_by = :user" : "");
	if ((st = store_prepare(s, sql, "change message")) == NULL) {
		return -1;
	}
	bind_int64(st, ":id", id);
	bind_text(st, ":value", e->value);
	bind_text(st, ":user", user);
	return run_once(s, st, "change message");
}

static bool
same_value(const char *a, const char *b)
{
	if (a == NULL || b == NULL) {
		return a == b;
	}
	return strcmp(a, b) == 0;
}

static int
apply_edit(struct store *s, int64_t id, struct store_edit *e,
    const char *user, int64_t at)
{
	const char *name = field_names[e->field];

	if (e->field == STORE_FIELD_NOTE) {
		e->changed = true;
		return add_history(s, id, name, NULL, e->value, user, at);
	}
	if (read_column(s, id, name, &e->old) == -1) {
		return -1;
	}
	if (same_value(e->old, e->value)) {
		return 0;
	}
	e->changed = true;
	if (write_column(s, id, e, user) == -1) {
		return -1;
	}
	return add_history(s, id, name, e->old, e->value, user, at);
}

int
store_edit_message(struct store *s, int64_t id, struct store_edit *edits,
    size_t n, const char *user, int64_t at)
{
	char *found;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		edits[i].changed = false;
		edits[i].old = NULL;
	}
	if (store_begin(s) == -1) {
		return -1;
	}
	rc = read_column(s, id, "id", &found);
	free(found);
	for (i = 0; rc == 1 && i < n; i++) {
		if (apply_edit(s, id, &edits[i], user, at) == -1) {
			rc = -1;
		}
	}
	if (rc == 1 && store_commit(s) == -1) {
		rc = -1;
	}
	if (rc != 1) {
		store_rollback(s);
		store_edits_release(edits, n);
	}
	return rc;
}

void
store_edits_release(struct store_edit *edits, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(edits[i].old);
		edits[i].old = NULL;
		edits[i].changed = false;
	}
}

int
store_queue_officer_sms(struct store *s, const char *recipient,
    const char *text, int64_t message_id, const char *user, int64_t now,
    int64_t *id)
{
	/* An officer's SMS never expires, nor counts against limits. */
	struct store_new_sms sms = {
		recipient, text, message_id, "officer", 0,
	};

	*id = 0;
	if (store_begin(s) == -1) {
		return -1;
	}
	if (store_queue_sms(s, &sms, now, id) == -1 ||
	    add_history(s, message_id, message_id != 0 ? "reply" : "send",
	    recipient, text, user, now) == -1 ||
	    store_commit(s) == -1) {
		store_rollback(s);
		*id = 0;
		return -1;
	}
	return 0;
}

/* The caller's function for each row of history, and its arg. */
struct history_fn {
	int	(*fn)(void *arg, const struct store_history *h);
	void	*arg;
};

static int
history_row(sqlite3_stmt *st, void *arg)
{
	const struct history_fn *r = arg;
	struct store_history h;

	h.id = sqlite3_column_int64(st, 0);
	h.message_id = sqlite3_column_int64(st, 1);
	h.ticket = (const char *)sqlite3_column_text(st, 2);
	h.at = sqlite3_column_int64(st, 3);
	h.user = (const char *)sqlite3_column_text(st, 4);
	h.field = (const char *)sqlite3_column_text(st, 5);
	h.old = (const char *)sqlite3_column_text(st, 6);
	h.value = (const char *)sqlite3_column_text(st, 7);
	return r->fn(r->arg, &h);
}

int
store_list_history(struct store *s, const struct store_history_filter *f,
    int (*fn)(void *arg, const struct store_history *h), void *arg)
{
	struct history_fn r = { fn, arg };
	struct buf sql;
	sqlite3_stmt *st;

	/* Only constant SQL is appended; every value is bound by name. */
	buf_init(&sql);
	buf_adds(&sql, "SELECT h.id, h.message_id, m.ticket, h.at, h.user, "
	    "h.field, h.old, h.new FROM history h "
	    "LEFT JOIN messages m ON m.id = h.message_id WHERE 1");
	if (f->since != 0) {
		buf_adds(&sql, " AND h.at >= :since");
	}
	if (f->until != 0) {
		buf_adds(&sql, " AND h.at < :until");
	}
	/* "an" did what "an", "an (sudo by x)" and "root (sudo by an)" did. */
	if (f->user != NULL) {
		buf_adds(&sql, " AND (h.user = :user"
		    " OR substr(h.user, 1, length(:user) + 10) ="
		    " :user || ' (sudo by '"
		    " OR substr(h.user, -(length(:user) + 11)) ="
		    " ' (sudo by ' || :user || ')')");
	}
	if (f->message_id != 0) {
		buf_adds(&sql, " AND h.message_id = :message");
	}
	buf_adds(&sql, f->oldest_first ? " ORDER BY h.at, h.id" :
	    " ORDER BY h.at DESC, h.id DESC");
	if (f->limit > 0) {
		buf_adds(&sql, " LIMIT :limit");
	}
	st = store_prepare(s, sql.data, "list history");
	buf_release(&sql);
	if (st == NULL) {
		return -1;
	}
	bind_int64(st, ":since", f->since);
	bind_int64(st, ":until", f->until);
	bind_text(st, ":user", f->user);
	bind_int64(st, ":message", f->message_id);
	bind_int64(st, ":limit", f->limit);
	return store_each_row(s, st, "list history", history_row, &r);
}

int
store_list_outbox(struct store *s, const struct store_outbox_filter *f,
    int (*fn)(void *arg, const struct store_outbox *o), void *arg)
{
	struct buf sql;
	sqlite3_stmt *st;

	buf_init(&sql);
	buf_adds(&sql, "SELECT " STORE_OUTBOX_COLS " FROM outbox WHERE 1");
	if (f->state != NULL) {
		buf_adds(&sql, " AND state = :state");
	}
	if (f->since != 0) {
		buf_adds(&sql, " AND created_at >= :since");
	}
	buf_adds(&sql, " ORDER BY id DESC");
	if (f->limit > 0) {
		buf_adds(&sql, " LIMIT :limit");
	}
	st = store_prepare(s, sql.data, "list outbox");
	buf_release(&sql);
	if (st == NULL) {
		return -1;
	}
	bind_text(st, ":state", f->state);
	bind_int64(st, ":since", f->since);
	bind_int64(st, ":limit", f->limit);
	return store_each_outbox(s, st, "list outbox", fn, arg);
}
