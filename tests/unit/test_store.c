/*
 * Unit tests of store on a real SQLite file in a temporary directory.
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
#include "store_int.h"

static void
test_message_round_trip(void **state)
{
	struct store_fixture *f = *state;
	/* Quotes, LIKE wildcards and comment markers are data, not SQL. */
	const char *text = "Trộm bò ở xóm 3 'x' \"y\" 100% a_b -- ; DROP TABLE";
	struct store_message m;
	int64_t id;

	id = store_fixture_add(f->s, text, 1764380000);
	assert_int_equal(store_get_message(f->s, id, &m), 1);
	assert_string_equal(m.text, text);
	assert_string_equal(m.ticket, "T1");
	assert_string_equal(m.sender, "+84912345678");
	assert_string_equal(m.sender_type, "international");
	assert_int_equal(m.received_at, 1764380000);
	assert_int_equal(m.received_tz, 420);
	assert_int_equal(m.stored_at, 1764380005);
	assert_string_equal(m.topic, "trom_cap");
	assert_int_equal(m.score, 2);
	assert_string_equal(m.keywords, "trộm, bò");
	assert_string_equal(m.status, "new");
	assert_null(m.assignee);
	assert_null(m.error);
	assert_int_equal(m.parts, 1);
	store_message_release(&m);
	assert_int_equal(store_get_message(f->s, id + 1, &m), 0);
}

static void
test_pdu_keys(void **state)
{
	struct store_fixture *f = *state;
	int64_t id = store_fixture_add(f->s, "x", 1);

	assert_int_equal(store_pdu_seen(f->s, "0400AB"), 0);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_add_pdu_key(f->s, "0400AB", id), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_pdu_seen(f->s, "0400AB"), 1);
	assert_int_equal(store_pdu_seen(f->s, "0400AC"), 0);
	/* The same key twice is refused. */
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_add_pdu_key(f->s, "0400AB", id), -1);
	assert_non_null(strstr(store_error(f->s), "UNIQUE"));
	store_rollback(f->s);
}

static void
test_rollback_leaves_nothing(void **state)
{
	struct store_fixture *f = *state;
	struct store_new_message m = store_fixture_message("gone", 7);
	struct store_message got;
	int64_t id;

	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_add_message(f->s, &m, &id), 0);
	store_rollback(f->s);
	assert_int_equal(store_get_message(f->s, id, &got), 0);
	/* Rolling back with nothing open is harmless. */
	store_rollback(f->s);
}

static void
test_outbox(void **state)
{
	struct store_fixture *f = *state;
	struct store_outbox o;
	int64_t id1, id2, mid;

	mid = store_fixture_add(f->s, "x", 1);
	assert_int_equal(store_next_outbox(f->s, 100, &o), 0);
	assert_int_equal(store_fixture_ack(f->s, "+84912345678", "Ma so T1",
	    mid, 100, &id1), 0);
	assert_int_equal(store_fixture_ack(f->s, "+84987654321", "hai",
	    0, 101, &id2), 0);
	assert_int_equal(store_next_outbox(f->s, 200, &o), 1);
	assert_int_equal(o.id, id1);
	assert_string_equal(o.recipient, "+84912345678");
	assert_string_equal(o.text, "Ma so T1");
	assert_string_equal(o.state, "queued");
	assert_int_equal(o.attempts, 0);
	assert_int_equal(o.message_id, mid);
	assert_int_equal(o.message_ref, -1);
	store_outbox_release(&o);

	/* Sending, then a failure to retry later: not due before 500. */
	assert_int_equal(store_outbox_sending(f->s, id1), 0);
	assert_int_equal(store_next_outbox(f->s, 200, &o), 1);
	assert_int_equal(o.id, id2);
	store_outbox_release(&o);
	assert_int_equal(store_outbox_failed(f->s, id1, "+CMS ERROR 500", 500),
	    0);
	assert_int_equal(store_outbox_sending(f->s, id2), 0);
	assert_int_equal(store_outbox_sent(f->s, id2, 7, 210), 0);
	assert_int_equal(store_next_outbox(f->s, 499, &o), 0);
	assert_int_equal(store_next_outbox(f->s, 500, &o), 1);
	assert_int_equal(o.id, id1);
	assert_int_equal(o.attempts, 1);
	assert_string_equal(o.last_error, "+CMS ERROR 500");
	store_outbox_release(&o);

	/* A crash while sending: requeued on the next start. */
	assert_int_equal(store_outbox_sending(f->s, id1), 0);
	assert_int_equal(store_next_outbox(f->s, 1000, &o), 0);
	assert_int_equal(store_outbox_requeue(f->s), 1);
	assert_int_equal(store_next_outbox(f->s, 1000, &o), 1);
	assert_int_equal(o.attempts, 2);
	store_outbox_release(&o);

	/* Failed for good. */
	assert_int_equal(store_outbox_failed(f->s, id1, "bad number", 0), 0);
	assert_int_equal(store_next_outbox(f->s, 1 << 30, &o), 0);
}

struct collected {
	char	texts[8][32];
	int	n;
	int	stop_after;
};

static int
collect(void *arg, const struct store_message *m)
{
	struct collected *c = arg;

	snprintf(c->texts[c->n++], sizeof(c->texts[0]), "%s", m->text);
	return c->n == c->stop_after;
}

static int
collect_reply(void *arg, const struct store_outbox *o)
{
	struct collected *c = arg;

	snprintf(c->texts[c->n++], sizeof(c->texts[0]), "%s:%s", o->state,
	    o->text);
	return 0;
}

static void
test_list(void **state)
{
	struct store_fixture *f = *state;
	struct store_filter fl;
	struct collected c;
	int64_t outid;

	store_fixture_add(f->s, "old", 100);
	store_fixture_add(f->s, "new", 300);
	store_fixture_add(f->s, "mid", 200);
	memset(&fl, 0, sizeof(fl));
	memset(&c, 0, sizeof(c));
	assert_int_equal(store_list(f->s, &fl, collect, &c), 3);
	assert_string_equal(c.texts[0], "new");
	assert_string_equal(c.texts[1], "mid");
	assert_string_equal(c.texts[2], "old");

	memset(&c, 0, sizeof(c));
	fl.limit = 2;
	assert_int_equal(store_list(f->s, &fl, collect, &c), 2);
	assert_string_equal(c.texts[1], "mid");

	memset(&c, 0, sizeof(c));
	fl.limit = 0;
	fl.since = 150;
	fl.until = 300;
	assert_int_equal(store_list(f->s, &fl, collect, &c), 1);
	assert_string_equal(c.texts[0], "mid");

	memset(&c, 0, sizeof(c));
	memset(&fl, 0, sizeof(fl));
	fl.topic = "trom_cap";
	fl.status = "new";
	c.stop_after = 1;
	assert_int_equal(store_list(f->s, &fl, collect, &c), 1);

	memset(&c, 0, sizeof(c));
	fl.topic = "co_bac";
	assert_int_equal(store_list(f->s, &fl, collect, &c), 0);
	fl.topic = "' OR 1=1 --";
	assert_int_equal(store_list(f->s, &fl, collect, &c), 0);

	memset(&c, 0, sizeof(c));
	assert_int_equal(store_fixture_ack(f->s, "+84912345678", "ack",
	    1, 5, &outid), 0);
	assert_int_equal(store_list_replies(f->s, 1, collect_reply, &c), 1);
	assert_string_equal(c.texts[0], "queued:ack");
	assert_int_equal(store_list_replies(f->s, 2, collect_reply, &c), 0);
}

static void
test_open_errors(void **state)
{
	struct store_fixture *f = *state;
	char err[512], path[160];
	struct store *s;
	sqlite3 *db;

	/* Read-only on a file that does not exist. */
	snprintf(path, sizeof(path), "%s/none.db", f->dir);
	s = store_open(path, STORE_READ_ONLY, 100, err, sizeof(err));
	assert_null(s);
	assert_non_null(strstr(err, "none.db"));

	/* Read-only on an empty database gopyd has not made yet. */
	snprintf(path, sizeof(path), "%s/empty.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	s = store_open(path, STORE_READ_ONLY, 100, err, sizeof(err));
	assert_null(s);
	assert_non_null(strstr(err, "gopyd creates it"));

	/* A database from a newer gopyd is refused, not damaged. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = store_open(path, STORE_READ_WRITE, 100, err, sizeof(err));
	assert_null(s);
	assert_non_null(strstr(err, "newer"));
	unlink(path);

	/* A directory that does not exist. */
	s = store_open("/nonexistent/dir/gopy.db", STORE_READ_WRITE, 100, err,
	    sizeof(err));
	assert_null(s);
	assert_non_null(strstr(err, "/nonexistent/dir/gopy.db"));

	/* Read-only on the real one works and sees the schema. */
	s = store_open(f->path, STORE_READ_ONLY, 100, err, sizeof(err));
	assert_non_null(s);
	store_close(s);
}

static void
one_correction(void *arg, const char *topic, const char *text)
{
	struct buf *b = arg;

	buf_addf(b, "%s:%s;", topic, text);
}

/* Reclassification never overrides an officer; corrections are listed. */
static void
test_classification(void **state)
{
	struct store_fixture *f = *state;
	struct store_message m;
	struct buf b;
	int64_t a, o;
	sqlite3 *db;

	a = store_fixture_add(f->s, "tự động", 1);
	o = store_fixture_add(f->s, "sửa tay", 2);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE messages SET topic = "
	    "'co_bac', topic_by = 'hoa' WHERE id = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_set_classification(f->s, a, "khac", 0.5,
	    "x=0.5", "khac=0.5", true), 0);
	assert_int_equal(store_set_classification(f->s, o, "khac", 0.5,
	    "x=0.5", "khac=0.5", true), 0);
	assert_int_equal(store_get_message(f->s, a, &m), 1);
	assert_string_equal(m.topic, "khac");
	assert_true(m.score == 0.5);
	assert_string_equal(m.keywords, "x=0.5");
	assert_string_equal(m.scores, "khac=0.5");
	assert_true(m.unsure);
	assert_null(m.topic_by);
	store_message_release(&m);
	assert_int_equal(store_get_message(f->s, o, &m), 1);
	assert_string_equal(m.topic, "co_bac");
	assert_string_equal(m.topic_by, "hoa");
	store_message_release(&m);
	buf_init(&b);
	assert_int_equal(store_list_corrections(f->s, one_correction, &b), 1);
	assert_string_equal(b.data, "co_bac:sửa tay;");
	buf_release(&b);
}

/* Another process holds the write lock: begin fails and says so. */
static void
test_locked(void **state)
{
	struct store_fixture *f = *state;
	char err[512];
	struct store *s;
	sqlite3 *db;

	s = store_open(f->path, STORE_READ_WRITE, 50, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(store_begin(s), -1);
	assert_non_null(strstr(store_error(s), "locked"));
	assert_int_equal(store_trouble(s), STORE_TROUBLE_WAIT);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
}

/* A bad row is no trouble of the database's, and a rollback keeps that. */
static void
test_trouble(void **state)
{
	struct store_fixture *f = *state;
	int64_t id;

	id = store_fixture_add(f->s, "một", 1764400000);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(store_add_pdu_key(f->s, "K1", id), 0);
	assert_int_equal(store_add_pdu_key(f->s, "K1", id), -1);
	assert_int_equal(store_trouble(f->s), STORE_TROUBLE_NONE);
	store_rollback(f->s);
	assert_non_null(strstr(store_error(f->s), "UNIQUE"));
	assert_int_equal(store_trouble(f->s), STORE_TROUBLE_NONE);
}

/*
 * store_cached: the same statement for the same literal, found again
 * unbound, and a clear error rather than a silent prepare when the cache
 * is full.
 */
static void
test_cached(void **state)
{
	static const char *const sql[STORE_CACHED_MAX + 1] = {
		"SELECT ?1 + 0", "SELECT ?1 + 1", "SELECT ?1 + 2",
		"SELECT ?1 + 3", "SELECT ?1 + 4", "SELECT ?1 + 5",
		"SELECT ?1 + 6", "SELECT ?1 + 7", "SELECT ?1 + 8",
	};
	struct store_fixture *f = *state;
	sqlite3_stmt *st, *again;
	size_t i;

	for (i = 0; i < STORE_CACHED_MAX; i++) {
		st = store_cached(f->s, sql[i], "test");
		assert_non_null(st);
		sqlite3_bind_int(st, 1, 40);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 40 + (int)i);
		sqlite3_reset(st);
	}
	again = store_cached(f->s, sql[2], "test");
	assert_ptr_equal(again, store_cached(f->s, sql[2], "test"));
	/* Unbound: ?1 is NULL again, so the sum is NULL. */
	assert_int_equal(sqlite3_step(again), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(again, 0), SQLITE_NULL);
	sqlite3_reset(again);
	assert_null(store_cached(f->s, sql[STORE_CACHED_MAX], "test"));
	assert_non_null(strstr(store_error(f->s), "cached statements"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_message_round_trip),
		STORE_TEST(test_pdu_keys),
		STORE_TEST(test_rollback_leaves_nothing),
		STORE_TEST(test_outbox),
		STORE_TEST(test_list),
		STORE_TEST(test_open_errors),
		STORE_TEST(test_locked),
		STORE_TEST(test_trouble),
		STORE_TEST(test_classification),
		STORE_TEST(test_cached),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
