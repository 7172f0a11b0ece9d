/*
 * SQLite storage. Statements are prepared once, on first use, and finalized
 * in store_close. Values are always bound, never pasted into SQL. This file
 * does not log: it returns -1 and keeps the reason for store_error.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "store.h"
#include "store_int.h"
#include "xmalloc.h"

/*
 * Schema migrations, applied in order; user_version counts how many are in.
 * Never edit one that has shipped: append a new one.
 */
static const char *const migrations[] = {
	/* 1: messages, their PDU keys, the outbox. */
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket TEXT UNIQUE,"
	"  sender TEXT NOT NULL,"
	"  sender_type TEXT NOT NULL,"
	"  received_at INTEGER NOT NULL,"	/* TP-SCTS, Unix time */
	"  received_tz INTEGER NOT NULL,"	/* minutes east of UTC */
	"  stored_at INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  folded TEXT NOT NULL,"
	"  topic TEXT NOT NULL,"
	"  score INTEGER NOT NULL,"
	"  keywords TEXT NOT NULL,"
	"  parts INTEGER NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN"
	"    ('new', 'in_progress', 'resolved', 'rejected')),"
	"  assignee TEXT,"
	"  raw_pdu TEXT NOT NULL,"
	"  error TEXT"
	");"
	"CREATE INDEX messages_received ON messages (received_at);"
	"CREATE INDEX messages_sender ON messages (sender);"
	/* The dedupe key of every PDU stored: a slot read again is known. */
	"CREATE TABLE received_pdus ("
	"  key TEXT PRIMARY KEY,"
	"  message_id INTEGER NOT NULL REFERENCES messages (id)"
	") WITHOUT ROWID;"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  recipient TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN"
	"    ('queued', 'sending', 'sent', 'failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  message_ref INTEGER,"
	"  message_id INTEGER REFERENCES messages (id),"
	"  created_at INTEGER NOT NULL,"
	"  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
	"  sent_at INTEGER"
	");"
	"CREATE INDEX outbox_queue ON outbox (state, next_attempt_at);"
	"CREATE INDEX outbox_message ON outbox (message_id);",

	/*
	 * 2: parts of concatenated SMS waiting for the rest; messages whose
	 * parts never all came; delivery reports of what was sent.
	 */
	"CREATE TABLE parts ("
	"  id INTEGER PRIMARY KEY,"
	"  grp INTEGER NOT NULL,"		/* id of the message's first part */
	"  key TEXT NOT NULL UNIQUE,"
	"  sender TEXT NOT NULL,"
	"  sender_type TEXT NOT NULL,"
	"  ref INTEGER NOT NULL,"
	"  total INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  received_at INTEGER NOT NULL,"
	"  received_tz INTEGER NOT NULL,"
	"  stored_at INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  raw_pdu TEXT NOT NULL"
	");"
	"CREATE INDEX parts_grp ON parts (grp);"
	"CREATE INDEX parts_match ON parts (sender, ref, total);"
	"ALTER TABLE messages ADD COLUMN incomplete INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE outbox ADD COLUMN delivery TEXT;"
	"ALTER TABLE outbox ADD COLUMN delivery_status INTEGER;"
	"ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;"
	"CREATE INDEX outbox_ref ON outbox (message_ref, recipient);",

	/* 3: gopyd's heartbeat and the modem's state, one row. */
	"CREATE TABLE modem_status ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  updated_at INTEGER NOT NULL,"
	"  pid INTEGER NOT NULL,"
	"  device TEXT NOT NULL,"
	"  link TEXT NOT NULL,"
	"  since INTEGER NOT NULL,"
	"  model TEXT NOT NULL,"
	"  rssi INTEGER NOT NULL,"
	"  registration INTEGER NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  sim_used INTEGER NOT NULL,"
	"  sim_total INTEGER NOT NULL,"
	"  last_error TEXT NOT NULL,"
	"  last_error_at INTEGER NOT NULL,"
	"  restarts INTEGER NOT NULL,"
	"  overlong INTEGER NOT NULL"
	");",

	/*
	 * 4: parts stay, with the message they made, until no part of it can
	 * come any more; a late part then completes that message.
	 */
	"ALTER TABLE parts ADD COLUMN message_id INTEGER "
	"  REFERENCES messages (id);",

	/*
	 * 5: every topic's score, whether the classifier was unsure, and who
	 * set the topic by hand (NULL: the classifier).
	 */
	"ALTER TABLE messages ADD COLUMN scores TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE messages ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE messages ADD COLUMN topic_by TEXT;",

	/*
	 * 6: the officers' side. Every change an officer makes, and every
	 * note, is a row of history that is never changed or deleted. The
	 * commune a message is about. Full-text search over the folded text
	 * (kept in step by triggers), and indexes for the list filters.
	 */
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY,"
	"  message_id INTEGER REFERENCES messages (id),"	/* NULL: gopy send */
	"  at INTEGER NOT NULL,"
	"  user TEXT NOT NULL,"			/* the officer's Unix user */
	"  field TEXT NOT NULL CHECK (field IN"
	"    ('status', 'assignee', 'topic', 'commune', 'note', 'reply',"
	"     'send')),"
	"  old TEXT,"
	"  new TEXT"
	");"
	"CREATE INDEX history_message ON history (message_id, id);"
	"CREATE INDEX history_at ON history (at);"
	"CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN"
	"  SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN"
	"  SELECT RAISE(ABORT, 'history is append-only'); END;"
	"ALTER TABLE messages ADD COLUMN commune TEXT;"
	"CREATE VIRTUAL TABLE messages_fts USING fts5(folded,"
	"  content = 'messages', content_rowid = 'id',"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');"
	"CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
	"  INSERT INTO messages_fts (rowid, folded) VALUES (new.id, new.folded);"
	"  END;"
	"CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
	"  INSERT INTO messages_fts (messages_fts, rowid, folded)"
	"  VALUES ('delete', old.id, old.folded); END;"
	"CREATE TRIGGER messages_fts_update AFTER UPDATE OF folded ON messages"
	"  BEGIN"
	"  INSERT INTO messages_fts (messages_fts, rowid, folded)"
	"  VALUES ('delete', old.id, old.folded);"
	"  INSERT INTO messages_fts (rowid, folded) VALUES (new.id, new.folded);"
	"  END;"
	"CREATE INDEX messages_topic ON messages (topic, received_at);"
	"CREATE INDEX messages_status ON messages (status, received_at);"
	"CREATE INDEX messages_assignee ON messages (assignee, received_at);",

	/*
	 * 7: gopy stats and topics count a span of time by topic, status or
	 * commune from this index alone, never reading a row. It begins with
	 * received_at, so it serves every range messages_received served.
	 */
	"CREATE INDEX messages_report ON messages"
	"  (received_at, topic, status, commune);"
	"DROP INDEX messages_received;",

	/*
	 * 8: what gopyd answered. A message is a report or a citizen's
	 * command; when it was not answered, why; a report sent again points
	 * at the first. An SMS of the outbox is of a kind (only automatic
	 * ones count against a number's limits) and may expire unsent.
	 */
	"ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'report'"
	"  CHECK (kind IN ('report', 'command'));"
	"ALTER TABLE messages ADD COLUMN unanswered TEXT;"
	"ALTER TABLE messages ADD COLUMN repeat_of INTEGER"
	"  REFERENCES messages (id);"
	"CREATE INDEX messages_sender_text ON messages (sender, folded);"
	"ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'ack'"
	"  CHECK (kind IN ('ack', 'repeat', 'command', 'urgent', 'notify',"
	"    'officer'));"
	"ALTER TABLE outbox ADD COLUMN expires_at INTEGER;"
	"CREATE INDEX outbox_recipient ON outbox (recipient, created_at);",
};
#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

#define PART_COLS "seq, total, sender, sender_type, received_at, " \
	"received_tz, text, raw_pdu"

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_PDU_SEEN,
	ST_ADD_PDU_KEY,
	ST_ADD_MESSAGE,
	ST_SET_TICKET,
	ST_QUEUE_SMS,
	ST_NEXT_OUTBOX,
	ST_OUTBOX_SENDING,
	ST_OUTBOX_SENT,
	ST_OUTBOX_FAILED,
	ST_OUTBOX_REQUEUE,
	ST_OUTBOX_UNSENT,
	ST_GET_MESSAGE,
	ST_FIND_GROUP,
	ST_ADD_PART,
	ST_SET_GROUP,
	ST_COUNT_PARTS,
	ST_LIST_PARTS,
	ST_FINISH_PARTS,
	ST_KEEP_PART_KEYS,
	ST_DROP_PARTS,
	ST_STALE_GROUPS,
	ST_UPDATE_MESSAGE,
	ST_OUTBOX_REPORT,
	ST_PUT_STATUS,
	ST_GET_STATUS,
	ST_COUNT_QUEUED,
	ST_COUNT_SINCE,
	ST_SET_CLASSIFICATION,
	ST_LIST_CORRECTIONS,
	ST_MAX,
};

static const char *const stmt_sql[ST_MAX] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_PDU_SEEN] = "SELECT 1 FROM received_pdus WHERE key = ?1 "
	    "UNION ALL SELECT 1 FROM parts WHERE key = ?1",
	[ST_ADD_PDU_KEY] =
	    "INSERT INTO received_pdus (key, message_id) VALUES (?, ?)",
	[ST_ADD_MESSAGE] = "INSERT INTO messages (sender, sender_type, "
	    "received_at, received_tz, stored_at, text, folded, topic, score, "
	    "keywords, parts, raw_pdu, error, incomplete, scores, unsure, "
	    "commune, status, assignee, kind, unanswered, repeat_of) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "coalesce(?, 'new'), ?, coalesce(?, 'report'), ?, ?)",
	[ST_SET_TICKET] = "UPDATE messages SET ticket = ? WHERE id = ?",
	[ST_QUEUE_SMS] = "INSERT INTO outbox (recipient, text, message_id, "
	    "created_at, kind, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
	[ST_NEXT_OUTBOX] = "SELECT " STORE_OUTBOX_COLS " FROM outbox "
	    "WHERE state = 'queued' AND next_attempt_at <= ? "
	    "ORDER BY id LIMIT 1",
	[ST_OUTBOX_SENDING] = "UPDATE outbox SET state = 'sending', "
	    "attempts = attempts + 1 WHERE id = ?",
	[ST_OUTBOX_SENT] = "UPDATE outbox SET state = 'sent', "
	    "message_ref = ?, sent_at = ?, last_error = NULL WHERE id = ?",
	[ST_OUTBOX_FAILED] = "UPDATE outbox SET "
	    "state = CASE WHEN ?2 = 0 THEN 'failed' ELSE 'queued' END, "
	    "last_error = ?1, next_attempt_at = ?2 WHERE id = ?3",
	[ST_OUTBOX_REQUEUE] =
	    "UPDATE outbox SET state = 'queued' WHERE state = 'sending'",
	[ST_OUTBOX_UNSENT] = "UPDATE outbox SET state = 'queued', "
	    "attempts = max(attempts - 1, 0), last_error = ?, "
	    "next_attempt_at = 0 WHERE id = ?",
	[ST_GET_MESSAGE] = "SELECT " STORE_MESSAGE_COLS " FROM messages WHERE id = ?",
	/*
	 * The message of sender with this reference and total that began
	 * within ?4 seconds of ?5 and lacks part ?6, the nearest in time
	 * first; and the message it made, if it was stored already.
	 */
	[ST_FIND_GROUP] = "SELECT grp, max(message_id) FROM parts "
	    "WHERE sender = ?1 AND ref = ?2 AND total = ?3 GROUP BY grp "
	    "HAVING abs(min(received_at) - ?5) <= ?4 AND sum(seq = ?6) = 0 "
	    "ORDER BY abs(min(received_at) - ?5), grp DESC LIMIT 1",
	[ST_ADD_PART] = "INSERT INTO parts (grp, key, sender, sender_type, "
	    "ref, total, seq, received_at, received_tz, stored_at, text, "
	    "raw_pdu, message_id) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_SET_GROUP] = "UPDATE parts SET grp = id WHERE id = ?",
	[ST_COUNT_PARTS] = "SELECT count(DISTINCT seq) FROM parts WHERE grp = ?",
	[ST_LIST_PARTS] = "SELECT " PART_COLS " FROM parts WHERE grp = ? "
	    "ORDER BY seq, id",
	[ST_FINISH_PARTS] = "UPDATE parts SET message_id = ?2 WHERE grp = ?1",
	/* Stored messages none of whose parts came after ?1. */
	[ST_KEEP_PART_KEYS] = "INSERT INTO received_pdus (key, message_id) "
	    "SELECT key, message_id FROM parts WHERE grp IN ("
	    "SELECT grp FROM parts GROUP BY grp "
	    "HAVING max(stored_at) < ?1 AND max(message_id) IS NOT NULL)",
	[ST_DROP_PARTS] = "DELETE FROM parts WHERE grp IN ("
	    "SELECT grp FROM parts GROUP BY grp "
	    "HAVING max(stored_at) < ?1 AND max(message_id) IS NOT NULL)",
	[ST_STALE_GROUPS] = "SELECT grp FROM parts WHERE message_id IS NULL "
	    "GROUP BY grp HAVING min(stored_at) < ? ORDER BY grp LIMIT ?",
	[ST_UPDATE_MESSAGE] = "UPDATE messages SET text = ?2, folded = ?3, "
	    "raw_pdu = ?4, incomplete = ?5 WHERE id = ?1",
	/* Reports name the SMS by TP-MR and recipient; MRs wrap at 256. */
	[ST_OUTBOX_REPORT] = "UPDATE outbox SET delivery = ?1, "
	    "delivery_status = ?2, delivered_at = ?3 WHERE id = ("
	    "SELECT id FROM outbox WHERE message_ref = ?4 AND recipient = ?5 "
	    "AND state = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1)",
	[ST_PUT_STATUS] = "INSERT OR REPLACE INTO modem_status (id, "
	    "updated_at, pid, device, link, since, model, rssi, registration, "
	    "operator, sim_used, sim_total, last_error, last_error_at, "
	    "restarts, overlong) "
	    "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_GET_STATUS] = "SELECT updated_at, pid, device, link, since, "
	    "model, rssi, registration, operator, sim_used, sim_total, "
	    "last_error, last_error_at, restarts, overlong FROM modem_status",
	[ST_COUNT_QUEUED] = "SELECT count(*) FROM outbox "
	    "WHERE state IN ('queued', 'sending')",
	[ST_COUNT_SINCE] = "SELECT count(*) FROM messages WHERE stored_at >= ?",
	/* Never over an officer's choice. */
	[ST_SET_CLASSIFICATION] = "UPDATE messages SET topic = ?2, score = ?3, "
	    "keywords = ?4, scores = ?5, unsure = ?6 "
	    "WHERE id = ?1 AND topic_by IS NULL",
	[ST_LIST_CORRECTIONS] = "SELECT topic, text FROM messages "
	    "WHERE topic_by IS NOT NULL AND error IS NULL ORDER BY id",
};

void
store_set_error(struct store *s, const char *fmt, ...)
{
	va_list ap;
	size_t len;
	int sys;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	s->errcode = s->db != NULL ? sqlite3_extended_errcode(s->db) : 0;
	/* "disk I/O error" alone does not say what to mend: add errno's. */
	sys = s->db != NULL ? sqlite3_system_errno(s->db) : 0;
	if (sys != 0 && ((s->errcode & 0xff) == SQLITE_IOERR ||
	    (s->errcode & 0xff) == SQLITE_CANTOPEN)) {
		len = strlen(s->err);
		snprintf(s->err + len, sizeof(s->err) - len, " (%s)",
		    strerror(sys));
	}
}

const char *
store_error(const struct store *s)
{
	return s->err;
}

enum store_trouble
store_trouble(const struct store *s)
{
	switch (s->errcode & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
		return STORE_TROUBLE_WAIT;
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return STORE_TROUBLE_REOPEN;
	default:
		return STORE_TROUBLE_NONE;
	}
}

sqlite3_stmt *
store_prepare(struct store *s, const char *sql, const char *what)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_set_error(s, "%s: %s", what, sqlite3_errmsg(s->db));
		return NULL;
	}
	return st;
}

sqlite3_stmt *
store_cached(struct store *s, const char *sql, const char *what)
{
	size_t i;

	for (i = 0; i < STORE_CACHED_MAX && s->cached[i].sql != NULL; i++) {
		if (s->cached[i].sql == sql) {
			sqlite3_clear_bindings(s->cached[i].st);
			return s->cached[i].st;
		}
	}
	if (i == STORE_CACHED_MAX) {
		/* A programming error: raise STORE_CACHED_MAX. */
		store_set_error(s, "%s: more than %d cached statements", what,
		    STORE_CACHED_MAX);
		return NULL;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->cached[i].st, NULL) != SQLITE_OK) {
		store_set_error(s, "%s: %s", what, sqlite3_errmsg(s->db));
		return NULL;
	}
	s->cached[i].sql = sql;
	return s->cached[i].st;
}

/* The statement, reset and unbound, ready for binding; NULL on error. */
static sqlite3_stmt *
stmt(struct store *s, enum stmt which)
{
	sqlite3_stmt *st;

	if (s->stmts == NULL) {
		s->stmts = xcalloc(ST_MAX, sizeof(*s->stmts));
	}
	st = s->stmts[which];

	if (st == NULL) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[which], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->stmts[which], NULL) !=
		    SQLITE_OK) {
			store_set_error(s, "prepare: %s", sqlite3_errmsg(s->db));
			return NULL;
		}
		return s->stmts[which];
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

/* Step a statement that returns no rows. */
static int
run(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		store_set_error(s, "%s: %s", what, sqlite3_errmsg(s->db));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

static int	count(struct store *, enum stmt, const int64_t *);

static int
exec(struct store *s, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_set_error(s, "%s: %s", what, msg != NULL ? msg :
		    sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
user_version(struct store *s, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK) {
		store_set_error(s, "read schema version: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		store_set_error(s, "read schema version: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

/* Apply the migrations the file lacks, each in its own transaction. */
static int
migrate(struct store *s)
{
	char sql[64];
	int v;

	if (user_version(s, &v) == -1) {
		return -1;
	}
	if (v > SCHEMA_VERSION) {
		store_set_error(s, "database schema %d is newer than this program "
		    "(%d)", v, SCHEMA_VERSION);
		return -1;
	}
	for (; v < SCHEMA_VERSION; v++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (exec(s, "BEGIN IMMEDIATE", "migrate") == -1) {
			return -1;
		}
		if (exec(s, migrations[v], "migrate") == -1 ||
		    exec(s, sql, "migrate") == -1 ||
		    exec(s, "COMMIT", "migrate") == -1) {
			exec(s, "ROLLBACK", "migrate");
			return -1;
		}
	}
	return 0;
}

/*
 * Create the database file, empty, with mode STORE_FILE_MODE whatever the
 * umask; leave an existing one as it is. SQLite gives the -wal, -shm and
 * -journal files it creates later the mode (and, run by root, the owner)
 * of this file, so officers in the database's group can always write them.
 */
static int
create_file(struct store *s, const char *path)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    STORE_FILE_MODE);
	if (fd == -1) {
		if (errno == EEXIST) {
			return 0;
		}
		store_set_error(s, "create: %s", strerror(errno));
		return -1;
	}
	if (fchmod(fd, STORE_FILE_MODE) == -1) {
		store_set_error(s, "set mode: %s", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

struct store *
store_open(const char *path, enum store_mode mode, int busy_timeout,
    char *err, size_t errlen)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int flags, v;

	if (mode == STORE_READ_WRITE && create_file(s, path) == -1) {
		goto fail;
	}
	flags = mode == STORE_READ_ONLY ? SQLITE_OPEN_READONLY :
	    mode == STORE_WRITE_EXISTING ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		store_set_error(s, "%s", s->db != NULL ? sqlite3_errmsg(s->db) :
		    "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, busy_timeout);
	if (mode == STORE_READ_WRITE) {
		/*
		 * WAL lets gopy read while gopyd writes; FULL makes every
		 * COMMIT durable before the SIM copy is deleted.
		 */
		if (exec(s, "PRAGMA journal_mode = WAL", "set WAL") == -1 ||
		    exec(s, "PRAGMA synchronous = FULL", "set synchronous") ||
		    exec(s, "PRAGMA foreign_keys = ON", "set foreign keys") ||
		    migrate(s) == -1) {
			goto fail;
		}
	} else {
		if (user_version(s, &v) == -1) {
			goto fail;
		}
		if (v == 0) {
			store_set_error(s, "no gopy database here yet (gopyd creates "
			    "it)");
			goto fail;
		}
		if (v != SCHEMA_VERSION) {
			store_set_error(s, "database schema %d, this program knows "
			    "%d: run the gopyd of the same version", v,
			    SCHEMA_VERSION);
			goto fail;
		}
		if (mode == STORE_WRITE_EXISTING) {
			/*
			 * SQLite opens a file it may not write read-only
			 * without a word: say so now, not at the first write.
			 */
			if (sqlite3_db_readonly(s->db, "main") == 1) {
				store_set_error(s, "attempt to write a "
				    "readonly database");
				goto fail;
			}
			if (exec(s, "PRAGMA synchronous = FULL",
			    "set synchronous") == -1 ||
			    exec(s, "PRAGMA foreign_keys = ON",
			    "set foreign keys") == -1) {
				goto fail;
			}
		}
	}
	return s;

fail:
	snprintf(err, errlen, "open database '%s': %s", path, s->err);
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL) {
		return;
	}
	for (i = 0; s->stmts != NULL && i < ST_MAX; i++) {
		sqlite3_finalize(s->stmts[i]);
	}
	free(s->stmts);
	for (i = 0; i < STORE_CACHED_MAX; i++) {
		sqlite3_finalize(s->cached[i].st);
	}
	sqlite3_close(s->db);
	free(s);
}

static int
simple(struct store *s, enum stmt which, const char *what)
{
	sqlite3_stmt *st = stmt(s, which);

	return st == NULL ? -1 : run(s, st, what);
}

int
store_begin(struct store *s)
{
	return simple(s, ST_BEGIN, "begin transaction");
}

int
store_commit(struct store *s)
{
	return simple(s, ST_COMMIT, "commit");
}

void
store_rollback(struct store *s)
{
	char saved[sizeof(s->err)];
	int code = s->errcode;

	if (sqlite3_get_autocommit(s->db)) {
		return;
	}
	/* Keep the error that made us roll back. */
	memcpy(saved, s->err, sizeof(saved));
	simple(s, ST_ROLLBACK, "rollback");
	memcpy(s->err, saved, sizeof(saved));
	s->errcode = code;
}

int
store_pdu_seen(struct store *s, const char *key)
{
	sqlite3_stmt *st = stmt(s, ST_PDU_SEEN);
	int rc;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc == SQLITE_DONE) {
		return 0;
	}
	store_set_error(s, "look up PDU: %s", sqlite3_errmsg(s->db));
	return -1;
}

int
store_add_pdu_key(struct store *s, const char *key, int64_t id)
{
	sqlite3_stmt *st = stmt(s, ST_ADD_PDU_KEY);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return run(s, st, "store PDU key");
}

int
store_add_message(struct store *s, const struct store_new_message *m,
    int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_ADD_MESSAGE);

	*id = 0;
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, m->sender, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->sender_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, m->received_at);
	sqlite3_bind_int(st, 4, m->received_tz);
	sqlite3_bind_int64(st, 5, m->stored_at);
	sqlite3_bind_text(st, 6, m->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, m->folded, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, m->topic, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 9, m->score);
	sqlite3_bind_text(st, 10, m->keywords, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 11, m->parts);
	sqlite3_bind_text(st, 12, m->raw_pdu, -1, SQLITE_STATIC);
	if (m->error != NULL) {
		sqlite3_bind_text(st, 13, m->error, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 14, m->incomplete);
	sqlite3_bind_text(st, 15, m->scores != NULL ? m->scores : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 16, m->unsure);
	sqlite3_bind_text(st, 17, m->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 18, m->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 19, m->assignee, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 20, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 21, m->unanswered, -1, SQLITE_STATIC);
	if (m->repeat_of != 0) {
		sqlite3_bind_int64(st, 22, m->repeat_of);
	}
	if (run(s, st, "store message") == -1) {
		return -1;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_set_ticket(struct store *s, int64_t id, const char *ticket)
{
	sqlite3_stmt *st = stmt(s, ST_SET_TICKET);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, ticket, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return run(s, st, "set ticket");
}

int
store_add_part(struct store *s, const struct store_new_part *p,
    int64_t window, int64_t *group, int64_t *message_id)
{
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	*group = 0;
	*message_id = 0;
	if ((st = stmt(s, ST_FIND_GROUP)) == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, p->sender, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, p->ref);
	sqlite3_bind_int(st, 3, p->total);
	sqlite3_bind_int64(st, 4, window);
	sqlite3_bind_int64(st, 5, p->received_at);
	sqlite3_bind_int(st, 6, p->seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*group = sqlite3_column_int64(st, 0);
		*message_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_set_error(s, "find parts: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	if ((st = stmt(s, ST_ADD_PART)) == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, *group);
	sqlite3_bind_text(st, 2, p->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->sender, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p->sender_type, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, p->ref);
	sqlite3_bind_int(st, 6, p->total);
	sqlite3_bind_int(st, 7, p->seq);
	sqlite3_bind_int64(st, 8, p->received_at);
	sqlite3_bind_int(st, 9, p->received_tz);
	sqlite3_bind_int64(st, 10, p->stored_at);
	sqlite3_bind_text(st, 11, p->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, p->raw_pdu, -1, SQLITE_STATIC);
	if (*message_id != 0) {
		sqlite3_bind_int64(st, 13, *message_id);
	}
	if (run(s, st, "store part") == -1) {
		return -1;
	}
	if (*group != 0) {
		return 0;
	}
	/* The first part: its own id names the message's parts. */
	id = sqlite3_last_insert_rowid(s->db);
	if ((st = stmt(s, ST_SET_GROUP)) == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	if (run(s, st, "store part") == -1) {
		return -1;
	}
	*group = id;
	return 0;
}

int
store_count_parts(struct store *s, int64_t group)
{
	return count(s, ST_COUNT_PARTS, &group);
}

int
store_list_parts(struct store *s, int64_t group,
    void (*fn)(void *arg, const struct store_part *p), void *arg)
{
	sqlite3_stmt *st = stmt(s, ST_LIST_PARTS);
	struct store_part p;
	int rc, n = 0;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, group);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p.seq = sqlite3_column_int(st, 0);
		p.total = sqlite3_column_int(st, 1);
		p.sender = (const char *)sqlite3_column_text(st, 2);
		p.sender_type = (const char *)sqlite3_column_text(st, 3);
		p.received_at = sqlite3_column_int64(st, 4);
		p.received_tz = sqlite3_column_int(st, 5);
		p.text = (const char *)sqlite3_column_text(st, 6);
		p.raw_pdu = (const char *)sqlite3_column_text(st, 7);
		fn(arg, &p);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_set_error(s, "list parts: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return n;
}

int
store_finish_parts(struct store *s, int64_t group, int64_t id)
{
	sqlite3_stmt *st = stmt(s, ST_FINISH_PARTS);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, group);
	sqlite3_bind_int64(st, 2, id);
	return run(s, st, "finish parts");
}

int
store_prune_parts(struct store *s, int64_t before)
{
	sqlite3_stmt *st;

	if ((st = stmt(s, ST_KEEP_PART_KEYS)) == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, before);
	if (run(s, st, "keep part keys") == -1) {
		return -1;
	}
	if ((st = stmt(s, ST_DROP_PARTS)) == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, before);
	return run(s, st, "drop parts");
}

int
store_update_message(struct store *s, int64_t id, const char *text,
    const char *folded, const char *raw_pdu, bool incomplete)
{
	sqlite3_stmt *st = stmt(s, ST_UPDATE_MESSAGE);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, folded, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, raw_pdu, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, incomplete);
	return run(s, st, "update message");
}

int
store_stale_groups(struct store *s, int64_t before, int64_t *groups,
    size_t max)
{
	sqlite3_stmt *st = stmt(s, ST_STALE_GROUPS);
	int rc, n = 0;

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int64(st, 2, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		groups[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_set_error(s, "find stale parts: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return n;
}

int
store_queue_sms(struct store *s, const struct store_new_sms *sms, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *st = stmt(s, ST_QUEUE_SMS);

	*id = 0;
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, sms->recipient, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sms->text, -1, SQLITE_STATIC);
	if (sms->message_id != 0) {
		sqlite3_bind_int64(st, 3, sms->message_id);
	}
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_text(st, 5, sms->kind, -1, SQLITE_STATIC);
	if (sms->expires_at != 0) {
		sqlite3_bind_int64(st, 6, sms->expires_at);
	}
	if (run(s, st, "queue SMS") == -1) {
		return -1;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

char *
store_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t == NULL ? NULL : xstrndup((const char *)t,
	    (size_t)sqlite3_column_bytes(st, col));
}

void
store_read_outbox(sqlite3_stmt *st, struct store_outbox *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->recipient = store_column_dup(st, 1);
	o->text = store_column_dup(st, 2);
	o->state = store_column_dup(st, 3);
	o->attempts = sqlite3_column_int(st, 4);
	o->last_error = store_column_dup(st, 5);
	o->message_ref = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(st, 6);
	o->message_id = sqlite3_column_int64(st, 7);
	o->created_at = sqlite3_column_int64(st, 8);
	o->sent_at = sqlite3_column_int64(st, 9);
	o->delivery = store_column_dup(st, 10);
	o->delivered_at = sqlite3_column_int64(st, 11);
}

void
store_read_message(sqlite3_stmt *st, struct store_message *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->ticket = store_column_dup(st, 1);
	m->sender = store_column_dup(st, 2);
	m->sender_type = store_column_dup(st, 3);
	m->received_at = sqlite3_column_int64(st, 4);
	m->received_tz = sqlite3_column_int(st, 5);
	m->stored_at = sqlite3_column_int64(st, 6);
	m->text = store_column_dup(st, 7);
	m->topic = store_column_dup(st, 8);
	m->score = sqlite3_column_double(st, 9);
	m->keywords = store_column_dup(st, 10);
	m->parts = sqlite3_column_int(st, 11);
	m->status = store_column_dup(st, 12);
	m->assignee = store_column_dup(st, 13);
	m->raw_pdu = store_column_dup(st, 14);
	m->error = store_column_dup(st, 15);
	m->incomplete = sqlite3_column_int(st, 16) != 0;
	m->scores = store_column_dup(st, 17);
	m->unsure = sqlite3_column_int(st, 18) != 0;
	m->topic_by = store_column_dup(st, 19);
	m->commune = store_column_dup(st, 20);
	m->kind = store_column_dup(st, 21);
	m->unanswered = store_column_dup(st, 22);
	m->repeat_of = sqlite3_column_int64(st, 23);
}

int
store_next_outbox(struct store *s, int64_t now, struct store_outbox *o)
{
	sqlite3_stmt *st = stmt(s, ST_NEXT_OUTBOX);
	int rc;

	memset(o, 0, sizeof(*o));
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_read_outbox(st, o);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc == SQLITE_DONE) {
		return 0;
	}
	store_set_error(s, "read outbox: %s", sqlite3_errmsg(s->db));
	return -1;
}

int
store_outbox_sending(struct store *s, int64_t id)
{
	sqlite3_stmt *st = stmt(s, ST_OUTBOX_SENDING);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	return run(s, st, "mark SMS sending");
}

int
store_outbox_sent(struct store *s, int64_t id, int mr, int64_t now)
{
	sqlite3_stmt *st = stmt(s, ST_OUTBOX_SENT);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int(st, 1, mr);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, id);
	return run(s, st, "mark SMS sent");
}

int
store_outbox_failed(struct store *s, int64_t id, const char *error,
    int64_t retry_at)
{
	sqlite3_stmt *st = stmt(s, ST_OUTBOX_FAILED);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, retry_at);
	sqlite3_bind_int64(st, 3, id);
	return run(s, st, "mark SMS failed");
}

int
store_outbox_report(struct store *s, int mr, const char *recipient,
    const char *delivery, int status, int64_t at)
{
	sqlite3_stmt *st = stmt(s, ST_OUTBOX_REPORT);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, delivery, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, status);
	sqlite3_bind_int64(st, 3, at);
	sqlite3_bind_int(st, 4, mr);
	sqlite3_bind_text(st, 5, recipient, -1, SQLITE_STATIC);
	if (run(s, st, "record status report") == -1) {
		return -1;
	}
	return sqlite3_changes(s->db) > 0;
}

int
store_outbox_unsent(struct store *s, int64_t id, const char *why)
{
	sqlite3_stmt *st = stmt(s, ST_OUTBOX_UNSENT);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_text(st, 1, why, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return run(s, st, "requeue SMS");
}

int
store_outbox_requeue(struct store *s)
{
	if (simple(s, ST_OUTBOX_REQUEUE, "requeue SMS") == -1) {
		return -1;
	}
	return sqlite3_changes(s->db);
}

void
store_filter_sql(const struct store_filter *f, struct buf *sql)
{
	/* Only constant SQL is appended; every value is bound. */
	if (f->topic != NULL) {
		buf_adds(sql, " AND topic = ?");
	}
	if (f->status != NULL) {
		buf_adds(sql, " AND status = ?");
	}
	if (f->since != 0) {
		buf_adds(sql, " AND received_at >= ?");
	}
	if (f->until != 0) {
		buf_adds(sql, " AND received_at < ?");
	}
	if (f->sender != NULL) {
		buf_adds(sql, " AND sender = ?");
	}
	if (f->assignee != NULL) {
		buf_adds(sql, " AND assignee = ?");
	}
	if (f->commune != NULL) {
		buf_adds(sql, " AND commune = ?");
	}
	if (f->unsure) {
		buf_adds(sql, " AND unsure AND topic_by IS NULL");
	}
	if (f->incomplete) {
		buf_adds(sql, " AND incomplete");
	}
}

int
store_filter_bind(sqlite3_stmt *st, const struct store_filter *f, int i)
{
	if (f->topic != NULL) {
		sqlite3_bind_text(st, i++, f->topic, -1, SQLITE_STATIC);
	}
	if (f->status != NULL) {
		sqlite3_bind_text(st, i++, f->status, -1, SQLITE_STATIC);
	}
	if (f->since != 0) {
		sqlite3_bind_int64(st, i++, f->since);
	}
	if (f->until != 0) {
		sqlite3_bind_int64(st, i++, f->until);
	}
	if (f->sender != NULL) {
		sqlite3_bind_text(st, i++, f->sender, -1, SQLITE_STATIC);
	}
	if (f->assignee != NULL) {
		sqlite3_bind_text(st, i++, f->assignee, -1, SQLITE_STATIC);
	}
	if (f->commune != NULL) {
		sqlite3_bind_text(st, i++, f->commune, -1, SQLITE_STATIC);
	}
	return i;
}

int
store_each_row(struct store *s, sqlite3_stmt *st, const char *what,
    int (*row)(sqlite3_stmt *st, void *arg), void *arg)
{
	int n = 0, rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (row(st, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_set_error(s, "%s: %s", what, sqlite3_errmsg(s->db));
		n = -1;
	}
	sqlite3_finalize(st);
	return n;
}

/* The caller's function for each message, and its arg. */
struct message_fn {
	int	(*fn)(void *arg, const struct store_message *m);
	void	*arg;
};

static int
message_row(sqlite3_stmt *st, void *arg)
{
	const struct message_fn *r = arg;
	struct store_message m;
	int stop;

	store_read_message(st, &m);
	stop = r->fn(r->arg, &m);
	store_message_release(&m);
	return stop;
}

int
store_each_message(struct store *s, sqlite3_stmt *st, const char *what,
    int (*fn)(void *arg, const struct store_message *m), void *arg)
{
	struct message_fn r = { fn, arg };

	return store_each_row(s, st, what, message_row, &r);
}

/* The caller's function for each outbox row, and its arg. */
struct outbox_fn {
	int	(*fn)(void *arg, const struct store_outbox *o);
	void	*arg;
};

static int
outbox_row(sqlite3_stmt *st, void *arg)
{
	const struct outbox_fn *r = arg;
	struct store_outbox o;
	int stop;

	store_read_outbox(st, &o);
	stop = r->fn(r->arg, &o);
	store_outbox_release(&o);
	return stop;
}

int
store_each_outbox(struct store *s, sqlite3_stmt *st, const char *what,
    int (*fn)(void *arg, const struct store_outbox *o), void *arg)
{
	struct outbox_fn r = { fn, arg };

	return store_each_row(s, st, what, outbox_row, &r);
}

int
store_list(struct store *s, const struct store_filter *f,
    int (*fn)(void *arg, const struct store_message *m), void *arg)
{
	struct buf sql;
	sqlite3_stmt *st;
	int i;

	buf_init(&sql);
	buf_adds(&sql, "SELECT " STORE_MESSAGE_COLS " FROM messages WHERE 1");
	store_filter_sql(f, &sql);
	buf_adds(&sql, " ORDER BY received_at DESC, id DESC");
	if (f->limit > 0) {
		buf_adds(&sql, " LIMIT ?");
	}
	st = store_prepare(s, sql.data, "list messages");
	buf_release(&sql);
	if (st == NULL) {
		return -1;
	}
	i = store_filter_bind(st, f, 1);
	if (f->limit > 0) {
		sqlite3_bind_int(st, i, f->limit);
	}
	return store_each_message(s, st, "list messages", fn, arg);
}

int
store_get_message(struct store *s, int64_t id, struct store_message *m)
{
	sqlite3_stmt *st = stmt(s, ST_GET_MESSAGE);
	int rc;

	memset(m, 0, sizeof(*m));
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_read_message(st, m);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc == SQLITE_DONE) {
		return 0;
	}
	store_set_error(s, "read message: %s", sqlite3_errmsg(s->db));
	return -1;
}

int
store_list_replies(struct store *s, int64_t message_id,
    int (*fn)(void *arg, const struct store_outbox *o), void *arg)
{
	sqlite3_stmt *st;

	st = store_prepare(s, "SELECT " STORE_OUTBOX_COLS " FROM outbox "
	    "WHERE message_id = ? ORDER BY id", "list replies");
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, message_id);
	return store_each_outbox(s, st, "list replies", fn, arg);
}

void
store_message_release(struct store_message *m)
{
	free(m->ticket);
	free(m->sender);
	free(m->sender_type);
	free(m->text);
	free(m->topic);
	free(m->keywords);
	free(m->status);
	free(m->assignee);
	free(m->raw_pdu);
	free(m->error);
	free(m->scores);
	free(m->topic_by);
	free(m->commune);
	free(m->kind);
	free(m->unanswered);
	memset(m, 0, sizeof(*m));
}

void
store_outbox_release(struct store_outbox *o)
{
	free(o->recipient);
	free(o->text);
	free(o->state);
	free(o->last_error);
	free(o->delivery);
	memset(o, 0, sizeof(*o));
}

int
store_put_status(struct store *s, const struct store_status *st)
{
	sqlite3_stmt *q = stmt(s, ST_PUT_STATUS);

	if (q == NULL) {
		return -1;
	}
	sqlite3_bind_int64(q, 1, st->updated_at);
	sqlite3_bind_int(q, 2, st->pid);
	sqlite3_bind_text(q, 3, st->device, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, st->link, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, st->since);
	sqlite3_bind_text(q, 6, st->model, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 7, st->rssi);
	sqlite3_bind_int(q, 8, st->registration);
	sqlite3_bind_text(q, 9, st->operator_name, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 10, st->sim_used);
	sqlite3_bind_int(q, 11, st->sim_total);
	sqlite3_bind_text(q, 12, st->last_error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 13, st->last_error_at);
	sqlite3_bind_int64(q, 14, st->restarts);
	sqlite3_bind_int64(q, 15, st->overlong);
	return run(s, q, "store modem status");
}

/* A text column into a fixed array. */
static void
column_copy(sqlite3_stmt *q, int col, char *out, size_t outlen)
{
	const unsigned char *t = sqlite3_column_text(q, col);

	snprintf(out, outlen, "%s", t != NULL ? (const char *)t : "");
}

int
store_get_status(struct store *s, struct store_status *st)
{
	sqlite3_stmt *q = stmt(s, ST_GET_STATUS);
	int rc;

	memset(st, 0, sizeof(*st));
	if (q == NULL) {
		return -1;
	}
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		st->updated_at = sqlite3_column_int64(q, 0);
		st->pid = sqlite3_column_int(q, 1);
		column_copy(q, 2, st->device, sizeof(st->device));
		column_copy(q, 3, st->link, sizeof(st->link));
		st->since = sqlite3_column_int64(q, 4);
		column_copy(q, 5, st->model, sizeof(st->model));
		st->rssi = sqlite3_column_int(q, 6);
		st->registration = sqlite3_column_int(q, 7);
		column_copy(q, 8, st->operator_name, sizeof(st->operator_name));
		st->sim_used = sqlite3_column_int(q, 9);
		st->sim_total = sqlite3_column_int(q, 10);
		column_copy(q, 11, st->last_error, sizeof(st->last_error));
		st->last_error_at = sqlite3_column_int64(q, 12);
		st->restarts = (long)sqlite3_column_int64(q, 13);
		st->overlong = (long)sqlite3_column_int64(q, 14);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW) {
		return 1;
	}
	if (rc == SQLITE_DONE) {
		return 0;
	}
	store_set_error(s, "read modem status: %s", sqlite3_errmsg(s->db));
	return -1;
}

/* A count query with an optional bound value. */
static int
count(struct store *s, enum stmt which, const int64_t *bound)
{
	sqlite3_stmt *q = stmt(s, which);
	int rc, n = 0;

	if (q == NULL) {
		return -1;
	}
	if (bound != NULL) {
		sqlite3_bind_int64(q, 1, *bound);
	}
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		n = sqlite3_column_int(q, 0);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		store_set_error(s, "count: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return n;
}

int
store_count_queued(struct store *s)
{
	return count(s, ST_COUNT_QUEUED, NULL);
}

int
store_count_since(struct store *s, int64_t t)
{
	return count(s, ST_COUNT_SINCE, &t);
}

int
store_set_classification(struct store *s, int64_t id, const char *topic,
    double score, const char *keywords, const char *scores, bool unsure)
{
	sqlite3_stmt *st = stmt(s, ST_SET_CLASSIFICATION);

	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, topic, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, score);
	sqlite3_bind_text(st, 4, keywords, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, scores, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, unsure);
	return run(s, st, "update classification");
}

int
store_list_corrections(struct store *s,
    void (*fn)(void *arg, const char *topic, const char *text), void *arg)
{
	sqlite3_stmt *st = stmt(s, ST_LIST_CORRECTIONS);
	int rc, n = 0;

	if (st == NULL) {
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_set_error(s, "list corrections: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return n;
}
