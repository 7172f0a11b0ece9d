/*
 * Unit tests of the officers' side of store (store_work.c) on a real SQLite
 * file in a temporary directory: changes with their history, SMS queued by
 * hand, the history and outbox listings, and opening for officers' writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "buf.h"
#include "store.h"
#include "store_fixture.h"

/* Each history row as "user|message|ticket|field|old|new;" into a buf. */
static int
collect_history(void *arg, const struct store_history *h)
{
	struct buf *b = arg;

	buf_addf(b, "%s|%lld|%s|%s|%s|%s;", h->user, (long long)h->message_id,
	    h->ticket != NULL ? h->ticket : "-", h->field,
	    h->old != NULL ? h->old : "-", h->value != NULL ? h->value : "-");
	return 0;
}

static int
count_history(struct store *s)
{
	struct store_history_filter f;
	struct buf b;
	int n;

	memset(&f, 0, sizeof(f));
	buf_init(&b);
	n = store_list_history(s, &f, collect_history, &b);
	buf_release(&b);
	return n;
}

static void
edit_init(struct store_edit *e, enum store_field field, const char *value)
{
	memset(e, 0, sizeof(*e));
	e->field = field;
	e->value = value;
}

static void
test_edit(void **state)
{
	struct store_fixture *f = *state;
	/* Quotes, LIKE wildcards and comment markers are data, not SQL. */
	const char *note = "gọi lại 'x' \"y\" 100% a_b -- ; DROP TABLE h";
	struct store_history_filter hf;
	struct store_edit e[4];
	struct store_message m;
	struct buf b;
	int64_t id;

	id = store_fixture_add(f->s, "Trộm bò ở xóm 3", 100);
	edit_init(&e[0], STORE_FIELD_STATUS, "in_progress");
	edit_init(&e[1], STORE_FIELD_ASSIGNEE, "an");
	edit_init(&e[2], STORE_FIELD_NOTE, note);
	edit_init(&e[3], STORE_FIELD_TOPIC, "co_bac");
	assert_int_equal(store_edit_message(f->s, id, e, 4, "hoa", 1000), 1);
	assert_true(e[0].changed);
	assert_string_equal(e[0].old, "new");
	assert_true(e[1].changed);
	assert_null(e[1].old);
	assert_true(e[2].changed);
	assert_null(e[2].old);
	assert_string_equal(e[3].old, "trom_cap");
	store_edits_release(e, 4);
	assert_null(e[0].old);

	assert_int_equal(store_get_message(f->s, id, &m), 1);
	assert_string_equal(m.status, "in_progress");
	assert_string_equal(m.assignee, "an");
	assert_string_equal(m.topic, "co_bac");
	assert_string_equal(m.topic_by, "hoa");
	store_message_release(&m);

	/* Oldest first, one row per change in the order given. */
	memset(&hf, 0, sizeof(hf));
	hf.oldest_first = true;
	buf_init(&b);
	assert_int_equal(store_list_history(f->s, &hf, collect_history, &b), 4);
	assert_string_equal(b.data,
	    "hoa|1|T1|status|new|in_progress;"
	    "hoa|1|T1|assignee|-|an;"
	    "hoa|1|T1|note|-|gọi lại 'x' \"y\" 100% a_b -- ; DROP TABLE h;"
	    "hoa|1|T1|topic|trom_cap|co_bac;");

	/* The same values again: nothing changes, no row is added. */
	edit_init(&e[0], STORE_FIELD_STATUS, "in_progress");
	edit_init(&e[1], STORE_FIELD_ASSIGNEE, "an");
	assert_int_equal(store_edit_message(f->s, id, e, 2, "hoa", 1001), 1);
	assert_false(e[0].changed);
	assert_false(e[1].changed);
	assert_string_equal(e[1].old, "an");
	store_edits_release(e, 2);
	assert_int_equal(count_history(f->s), 4);

	/* Unassigning stores NULL and records the old name. */
	edit_init(&e[0], STORE_FIELD_ASSIGNEE, NULL);
	edit_init(&e[1], STORE_FIELD_COMMUNE, "Thạch Hà");
	assert_int_equal(store_edit_message(f->s, id, e, 2, "an", 1002), 1);
	assert_true(e[0].changed);
	assert_string_equal(e[0].old, "an");
	store_edits_release(e, 2);
	assert_int_equal(store_get_message(f->s, id, &m), 1);
	assert_null(m.assignee);
	assert_string_equal(m.commune, "Thạch Hà");
	store_message_release(&m);
	buf_reset(&b);
	hf.oldest_first = false;
	hf.limit = 2;
	assert_int_equal(store_list_history(f->s, &hf, collect_history, &b), 2);
	assert_string_equal(b.data, "an|1|T1|commune|-|Thạch Hà;"
	    "an|1|T1|assignee|an|-;");
	buf_release(&b);
}

/* No such message, or a change the schema refuses: nothing at all changes. */
static void
test_edit_all_or_nothing(void **state)
{
	struct store_fixture *f = *state;
	struct store_edit e[2];
	struct store_message m;
	int64_t id;

	id = store_fixture_add(f->s, "Trộm bò ở xóm 3", 100);
	edit_init(&e[0], STORE_FIELD_NOTE, "x");
	assert_int_equal(store_edit_message(f->s, id + 1, e, 1, "an", 5), 0);
	assert_false(e[0].changed);
	assert_int_equal(count_history(f->s), 0);

	edit_init(&e[0], STORE_FIELD_ASSIGNEE, "an");
	edit_init(&e[1], STORE_FIELD_STATUS, "done");	/* CHECK fails */
	assert_int_equal(store_edit_message(f->s, id, e, 2, "an", 5), -1);
	assert_non_null(strstr(store_error(f->s), "CHECK"));
	assert_false(e[0].changed);
	assert_null(e[0].old);
	assert_int_equal(store_get_message(f->s, id, &m), 1);
	assert_null(m.assignee);
	assert_string_equal(m.status, "new");
	store_message_release(&m);
	assert_int_equal(count_history(f->s), 0);
}

/* History is append-only: SQL itself refuses UPDATE and DELETE. */
static void
test_history_append_only(void **state)
{
	struct store_fixture *f = *state;
	static const char *const sql[] = {
		"UPDATE history SET new = 'resolved'",
		"UPDATE history SET user = 'someone else' WHERE id = 1",
		"DELETE FROM history",
		"DELETE FROM history WHERE id = 1",
	};
	struct store_edit e;
	char *msg;
	sqlite3 *db;
	size_t i;
	int64_t id;

	id = store_fixture_add(f->s, "Trộm bò ở xóm 3", 100);
	edit_init(&e, STORE_FIELD_STATUS, "resolved");
	assert_int_equal(store_edit_message(f->s, id, &e, 1, "an", 5), 1);
	store_edits_release(&e, 1);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		msg = NULL;
		if (sqlite3_exec(db, sql[i], NULL, NULL, &msg) == SQLITE_OK) {
			fail_msg("case %zu: '%s' went through", i, sql[i]);
		}
		assert_non_null(strstr(msg, "append-only"));
		sqlite3_free(msg);
	}
	sqlite3_close(db);
	assert_int_equal(count_history(f->s), 1);
}

static void
test_officer_sms(void **state)
{
	struct store_fixture *f = *state;
	struct store_history_filter hf;
	struct store_outbox o;
	struct buf b;
	int64_t id, out1, out2;

	id = store_fixture_add(f->s, "Trộm bò ở xóm 3", 100);
	assert_int_equal(store_queue_officer_sms(f->s, "+84912345678",
	    "Da nhan", id, "an", 200, &out1), 0);
	assert_int_equal(store_queue_officer_sms(f->s, "+84987654321",
	    "Moi len xa", 0, "root (sudo by an)", 201, &out2), 0);
	assert_true(out2 > out1);
	assert_int_equal(store_next_outbox(f->s, 300, &o), 1);
	assert_int_equal(o.id, out1);
	assert_int_equal(o.message_id, id);
	assert_string_equal(o.text, "Da nhan");
	store_outbox_release(&o);

	memset(&hf, 0, sizeof(hf));
	hf.oldest_first = true;
	buf_init(&b);
	assert_int_equal(store_list_history(f->s, &hf, collect_history, &b), 2);
	assert_string_equal(b.data,
	    "an|1|T1|reply|+84912345678|Da nhan;"
	    "root (sudo by an)|0|-|send|+84987654321|Moi len xa;");
	buf_release(&b);

	/* A message that is not there: nothing queued, nothing recorded. */
	assert_int_equal(store_queue_officer_sms(f->s, "+84912345678", "x",
	    id + 5, "an", 202, &out1), -1);
	assert_int_equal(out1, 0);
	assert_int_equal(store_count_queued(f->s), 2);
	assert_int_equal(count_history(f->s), 2);
}

static void
test_history_filters(void **state)
{
	struct store_fixture *f = *state;
	static const struct {
		const char *user;
		int64_t	at;
	} rows[] = {
		{ "an", 100 },
		{ "root (sudo by an)", 200 },
		{ "an (sudo by hoa)", 300 },
		{ "ann", 400 },
		{ "hoa", 500 },
	};
	static const struct {
		const char *user;
		int64_t	since, until, message;
		int	want;
	} cases[] = {
		{ NULL, 0, 0, 0, 5 },
		{ "an", 0, 0, 0, 3 },		/* itself and through sudo */
		{ "hoa", 0, 0, 0, 2 },
		{ "root", 0, 0, 0, 1 },
		{ "a", 0, 0, 0, 0 },		/* no prefix matches */
		{ "n", 0, 0, 0, 0 },
		{ "%", 0, 0, 0, 0 },		/* no LIKE */
		{ "_n", 0, 0, 0, 0 },
		{ "' OR 1=1 --", 0, 0, 0, 0 },
		{ NULL, 200, 0, 0, 4 },
		{ NULL, 0, 300, 0, 2 },
		{ NULL, 200, 400, 0, 2 },
		{ "an", 200, 0, 0, 2 },
		{ NULL, 0, 0, 1, 3 },
		{ NULL, 0, 0, 2, 2 },
		{ NULL, 0, 0, 3, 0 },
	};
	struct store_history_filter hf;
	struct store_edit e;
	struct buf b;
	size_t i;
	int64_t a, c;

	a = store_fixture_add(f->s, "Trộm bò ở xóm 3", 1);
	c = store_fixture_add(f->s, "Trộm bò ở xóm 3", 2);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		edit_init(&e, STORE_FIELD_NOTE, "x");
		assert_int_equal(store_edit_message(f->s, i % 2 == 0 ? a : c,
		    &e, 1, rows[i].user, rows[i].at), 1);
		store_edits_release(&e, 1);
	}
	buf_init(&b);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&hf, 0, sizeof(hf));
		hf.user = cases[i].user;
		hf.since = cases[i].since;
		hf.until = cases[i].until;
		hf.message_id = cases[i].message;
		buf_reset(&b);
		if (store_list_history(f->s, &hf, collect_history, &b) !=
		    cases[i].want) {
			fail_msg("case %zu: got %s", i, b.data);
		}
	}
	/* Newest first by default. */
	memset(&hf, 0, sizeof(hf));
	hf.limit = 1;
	buf_reset(&b);
	assert_int_equal(store_list_history(f->s, &hf, collect_history, &b), 1);
	assert_string_equal(b.data, "hoa|1|T1|note|-|x;");
	buf_release(&b);
}

static int
collect_outbox(void *arg, const struct store_outbox *o)
{
	struct buf *b = arg;

	buf_addf(b, "%lld:%s:%s;", (long long)o->id, o->state, o->text);
	return 0;
}

static void
test_list_outbox(void **state)
{
	struct store_fixture *f = *state;
	struct store_outbox_filter of;
	struct buf b;
	int64_t id1, id2, id3;

	assert_int_equal(store_fixture_ack(f->s, "+84900000001", "one",
	    0, 100, &id1), 0);
	assert_int_equal(store_fixture_ack(f->s, "+84900000002", "two",
	    0, 200, &id2), 0);
	assert_int_equal(store_fixture_ack(f->s, "+84900000003", "three",
	    0, 300, &id3), 0);
	assert_int_equal(store_outbox_sending(f->s, id1), 0);
	assert_int_equal(store_outbox_sent(f->s, id1, 4, 150), 0);
	assert_int_equal(store_outbox_failed(f->s, id2, "+CMS ERROR: 500", 0),
	    0);

	memset(&of, 0, sizeof(of));
	buf_init(&b);
	assert_int_equal(store_list_outbox(f->s, &of, collect_outbox, &b), 3);
	assert_string_equal(b.data, "3:queued:three;2:failed:two;1:sent:one;");
	of.state = "failed";
	buf_reset(&b);
	assert_int_equal(store_list_outbox(f->s, &of, collect_outbox, &b), 1);
	assert_string_equal(b.data, "2:failed:two;");
	of.state = NULL;
	of.since = 200;
	of.limit = 1;
	buf_reset(&b);
	assert_int_equal(store_list_outbox(f->s, &of, collect_outbox, &b), 1);
	assert_string_equal(b.data, "3:queued:three;");
	buf_release(&b);
}

/* Officers write the database gopyd made; they never create one. */
static void
test_open_write_existing(void **state)
{
	struct store_fixture *f = *state;
	char err[512], path[160];
	struct store_edit e;
	struct store *s;
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/none.db", f->dir);
	s = store_open(path, STORE_WRITE_EXISTING, 100, err, sizeof(err));
	assert_null(s);
	assert_non_null(strstr(err, "none.db"));
	assert_int_equal(access(path, F_OK), -1);

	/* An empty file is not made into a database. */
	snprintf(path, sizeof(path), "%s/empty.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_close(db);
	s = store_open(path, STORE_WRITE_EXISTING, 100, err, sizeof(err));
	assert_null(s);
	assert_non_null(strstr(err, "gopyd creates it"));
	unlink(path);

	store_fixture_add(f->s, "Trộm bò ở xóm 3", 1);
	s = store_open(f->path, STORE_WRITE_EXISTING, 100, err, sizeof(err));
	assert_non_null(s);
	edit_init(&e, STORE_FIELD_STATUS, "resolved");
	assert_int_equal(store_edit_message(s, 1, &e, 1, "an", 5), 1);
	store_edits_release(&e, 1);
	store_close(s);
	assert_int_equal(count_history(f->s), 1);
}

/* gopyd holds the write lock: the edit waits, then fails whole. */
static void
test_edit_locked(void **state)
{
	struct store_fixture *f = *state;
	struct store_edit e;
	char err[512];
	struct store *s;
	sqlite3 *db;

	store_fixture_add(f->s, "Trộm bò ở xóm 3", 1);
	s = store_open(f->path, STORE_WRITE_EXISTING, 50, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	edit_init(&e, STORE_FIELD_NOTE, "x");
	assert_int_equal(store_edit_message(s, 1, &e, 1, "an", 5), -1);
	assert_non_null(strstr(store_error(s), "locked"));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_edit_message(s, 1, &e, 1, "an", 5), 1);
	store_edits_release(&e, 1);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_edit),
		STORE_TEST(test_edit_all_or_nothing),
		STORE_TEST(test_history_append_only),
		STORE_TEST(test_officer_sms),
		STORE_TEST(test_history_filters),
		STORE_TEST(test_list_outbox),
		STORE_TEST(test_open_write_existing),
		STORE_TEST(test_edit_locked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
