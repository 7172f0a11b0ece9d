/*
 * Everything gopy keeps, behind one interface: messages, the parts of
 * concatenated SMS still waiting for the rest, the keys of the PDUs they
 * came from, the outbox of SMS to send with what became of each. All SQL
 * lives in store.c; no other module knows the database is SQLite.
 *
 * The database is one file in WAL mode with synchronous=FULL: a COMMIT that
 * returned has reached the disk, which is what allows gopyd to delete the
 * SMS from the SIM afterwards. The schema is created and migrated on open
 * (PRAGMA user_version); a database newer than this program is refused.
 *
 * Times are Unix seconds (UTC). Phone numbers are E.164 (number.h).
 * Every function returns 0 (or a count, or 1/0 for found/not found) on
 * success and -1 on failure; store_error then says why.
 */
#ifndef GOPY_STORE_H
#define GOPY_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/*
 * The database file: read and written by its owner, gopyd's user, and by
 * the officers of its group; nobody else.
 */
#define STORE_FILE_MODE		0660

enum store_mode {
	STORE_READ_WRITE,	/* gopyd: creates and migrates the file */
	STORE_READ_ONLY,	/* gopy list/show: never writes */
	STORE_WRITE_EXISTING,	/* gopy set/reply: writes a database gopyd
				   made, of this schema; never creates one */
};

/* A message as gopyd stores it. Strings are borrowed for the call. */
struct store_new_message {
	const char *sender;	/* E.164, short code or alphanumeric name; "" if unknown */
	const char *sender_type; /* "international", "national", "alphanumeric", ... */
	int64_t	received_at;	/* TP-SCTS */
	int	received_tz;	/* minutes east of UTC the SCTS carried */
	int64_t	stored_at;
	const char *text;	/* UTF-8 */
	const char *folded;	/* text_fold of text */
	const char *topic;	/* topic id */
	double	score;
	const char *keywords;	/* matched keywords with weights (classify.h) */
	const char *scores;	/* every topic that scored; NULL: none */
	bool	unsure;		/* the classifier was not sure */
	int	parts;
	const char *raw_pdu;	/* hex as read from the modem, with SMSC; one
				   line per part */
	const char *error;	/* why it could not be decoded; NULL when it was */
	bool	incomplete;	/* parts never came; the text marks where */
	const char *commune;	/* the commune it names (commune.h); NULL: none */
	/* gopyd leaves these NULL (new, unassigned); seeddb fills them. */
	const char *status;	/* new, in_progress, resolved, rejected */
	const char *assignee;
	/* What gopyd made of it (answer.h); NULL/0: a report, answered. */
	const char *kind;	/* "report" (NULL) or "command" */
	const char *unanswered;	/* why it got no answer; NULL: it got one */
	int64_t	repeat_of;	/* the first report this one repeats; 0 */
};

/* A part of a concatenated SMS, kept until its message is whole. */
struct store_new_part {
	const char *key;	/* dedupe key, as for store_pdu_seen */
	const char *sender;	/* as stored in messages */
	const char *sender_type;
	int	ref;		/* concatenation reference, 0..65535 */
	int	total;		/* parts in the message, 2..255 */
	int	seq;		/* this part, 1..total */
	int64_t	received_at;	/* TP-SCTS */
	int	received_tz;
	int64_t	stored_at;
	const char *text;	/* UTF-8 of this part */
	const char *raw_pdu;
};

/* A part as store_list_parts gives it; valid during the callback only. */
struct store_part {
	int	seq;
	int	total;
	const char *sender;
	const char *sender_type;
	int64_t	received_at;
	int	received_tz;
	const char *text;
	const char *raw_pdu;
};

/* A message as the CLI reads it. Strings are owned; store_message_release. */
struct store_message {
	int64_t	id;
	char	*ticket;	/* NULL for an undecodable PDU */
	char	*sender;
	char	*sender_type;
	int64_t	received_at;
	int	received_tz;
	int64_t	stored_at;
	char	*text;
	char	*topic;
	double	score;
	char	*keywords;
	char	*scores;	/* "trom_cap=5.3, co_bac=1" */
	bool	unsure;
	char	*topic_by;	/* who set the topic by hand; NULL: classifier */
	int	parts;
	char	*status;	/* new, in_progress, resolved, rejected */
	char	*assignee;	/* NULL when unassigned */
	char	*raw_pdu;
	char	*error;		/* NULL when decoded */
	bool	incomplete;	/* parts of it never came */
	char	*commune;	/* NULL when not known */
	char	*kind;		/* report, command (answer.h) */
	char	*unanswered;	/* why gopyd did not answer; NULL: it did */
	int64_t	repeat_of;	/* the report this one repeats; 0: none */
};

/* An SMS to send. Strings are owned; store_outbox_release. */
struct store_outbox {
	int64_t	id;
	char	*recipient;
	char	*text;
	char	*state;		/* queued, sending, sent, failed */
	int	attempts;
	char	*last_error;	/* NULL when none */
	int	message_ref;	/* TP-MR of the last send; -1 when none */
	int64_t	message_id;	/* the message it answers; 0 when none */
	int64_t	created_at;
	int64_t	sent_at;	/* 0 until sent */
	char	*delivery;	/* delivered, pending, failed; NULL: no report */
	int64_t	delivered_at;	/* TP-DT of the report; 0 when none */
};

/* gopyd's heartbeat and what it knows of the modem, for gopy status. */
struct store_status {
	int64_t	updated_at;	/* gopyd's heartbeat, Unix time */
	int	pid;		/* of gopyd */
	char	device[256];
	char	link[16];	/* down, starting, ready */
	int64_t	since;		/* Unix time the link changed */
	char	model[64];
	int	rssi;		/* 0..31, 99 unknown */
	int	registration;	/* 0..5, -1 unknown */
	char	operator_name[64];
	int	sim_used;	/* -1 unknown */
	int	sim_total;
	char	last_error[256];
	int64_t	last_error_at;	/* 0 when none */
	long	restarts;
	long	overlong;
};

/*
 * Which messages store_list returns: newest first. Zero fields do not
 * filter; the filters that are set must all hold.
 */
struct store_filter {
	const char *topic;
	const char *status;
	const char *sender;	/* E.164 as stored */
	const char *assignee;
	const char *commune;
	int64_t	since;		/* received_at >= since */
	int64_t	until;		/* received_at < until */
	bool	unsure;		/* only what the classifier was unsure of */
	bool	incomplete;	/* only messages some of whose parts never came */
	int	limit;		/* at most this many; 0 for no limit */
};

/*
 * Open (and in STORE_READ_WRITE mode create and migrate) the database at
 * path, waiting up to busy_timeout ms for locks. Returns NULL with a message
 * in err on failure. Free with store_close. A file it creates has mode
 * STORE_FILE_MODE, whatever the umask, and so have its -wal and -shm.
 */
struct store *store_open(const char *path, enum store_mode mode,
	    int busy_timeout, char *err, size_t errlen);
/* Close the database and finalize every statement. NULL is fine. */
void	store_close(struct store *s);

/* Why the last call failed, e.g. "database is locked". */
const char *store_error(const struct store *s);

/* What a writer can do about the last failure. */
enum store_trouble {
	STORE_TROUBLE_NONE = 0,	/* not the database's state: the data, a bug */
	STORE_TROUBLE_WAIT,	/* locked or full: try again later, as is */
	STORE_TROUBLE_REOPEN,	/* read-only, replaced, an I/O error: close
				   and open it again to find it mended */
};
enum store_trouble store_trouble(const struct store *s);

/* Transactions (BEGIN IMMEDIATE: the write lock is taken up front). */
int	store_begin(struct store *s);
int	store_commit(struct store *s);
/* Roll back if a transaction is open; never fails in a way to act on. */
void	store_rollback(struct store *s);

/*
 * Whether a PDU with this dedupe key was stored before, in a message or as
 * a waiting part: 1 yes, 0 no, -1 error.
 */
int	store_pdu_seen(struct store *s, const char *key);
/* Remember key as stored with message id. */
int	store_add_pdu_key(struct store *s, const char *key, int64_t id);

/* Insert a message; its id goes to *id. */
int	store_add_message(struct store *s, const struct store_new_message *m,
	    int64_t *id);
/* Set the ticket of message id. */
int	store_set_ticket(struct store *s, int64_t id, const char *ticket);

/*
 * Keep a part of a concatenated SMS. Parts of one message share sender,
 * reference and total, with timestamps within window seconds of the first
 * (the nearest such message wins); a part whose number the message already
 * has begins another message (the sender reused the reference). *group
 * receives the id shared by the parts of its message, and *message_id the
 * message stored from them already (stored incomplete), else 0.
 */
int	store_add_part(struct store *s, const struct store_new_part *p,
	    int64_t window, int64_t *group, int64_t *message_id);
/* How many distinct parts of group are in: a count, or -1. */
int	store_count_parts(struct store *s, int64_t group);
/*
 * Call fn for each part of group in order of part number. Returns the
 * number of parts or -1.
 */
int	store_list_parts(struct store *s, int64_t group,
	    void (*fn)(void *arg, const struct store_part *p), void *arg);
/*
 * The message of group is stored as message id. Its parts stay (a late one
 * may still join them) until store_prune_parts.
 */
int	store_finish_parts(struct store *s, int64_t group, int64_t id);
/*
 * Forget the parts of stored messages none of whose parts came after the
 * Unix time before; their keys keep recognising them.
 */
int	store_prune_parts(struct store *s, int64_t before);
/* A late part changed message id's text (raw_pdu: one line per part). */
int	store_update_message(struct store *s, int64_t id, const char *text,
	    const char *folded, const char *raw_pdu, bool incomplete);
/*
 * Up to max groups still waiting whose first part was stored before the
 * Unix time before, oldest first, into groups. Returns the count or -1.
 */
int	store_stale_groups(struct store *s, int64_t before, int64_t *groups,
	    size_t max);

/* An SMS to queue. Strings are borrowed for the call. */
struct store_new_sms {
	const char *recipient;	/* E.164 */
	const char *text;
	int64_t	message_id;	/* the message it answers; 0: none */
	/*
	 * ack, repeat, command (gopyd's answers, which count against a
	 * number's limits), urgent (to the officers on duty), notify, officer.
	 */
	const char *kind;
	int64_t	expires_at;	/* Unix time it is dropped unsent; 0: never */
};

/* Queue an SMS; its outbox id goes to *id. */
int	store_queue_sms(struct store *s, const struct store_new_sms *sms,
	    int64_t now, int64_t *id);

/*
 * The oldest queued SMS whose next attempt is due at now: 1 and *o filled,
 * 0 when none, -1 on error.
 */
int	store_next_outbox(struct store *s, int64_t now, struct store_outbox *o);
/* Mark SMS id as being sent now (counts an attempt). */
int	store_outbox_sending(struct store *s, int64_t id);
/* Mark SMS id as accepted by the network with message reference mr. */
int	store_outbox_sent(struct store *s, int64_t id, int mr, int64_t now);
/*
 * Record a failed attempt of SMS id: queued again for retry_at, or failed for
 * good when retry_at is 0.
 */
int	store_outbox_failed(struct store *s, int64_t id, const char *error,
	    int64_t retry_at);
/*
 * Record a status report for the SMS last sent to recipient with message
 * reference mr: delivery is "delivered", "pending" or "failed", status
 * the TP-ST value, at the discharge time. Returns 1 when an SMS matched, 0
 * when none did, -1 on error.
 */
int	store_outbox_report(struct store *s, int mr, const char *recipient,
	    const char *delivery, int status, int64_t at);
/*
 * SMS id never reached the modem (the link went first): back to the queue
 * at once, the attempt not counted, why kept as its last error.
 */
int	store_outbox_unsent(struct store *s, int64_t id, const char *why);
/* Back to the queue: SMS left "sending" by a stop or crash. Returns the count. */
int	store_outbox_requeue(struct store *s);

/*
 * Call fn for each message matching f, newest first; stop early when fn
 * returns non-zero. The message is valid only during the call. Returns the
 * number of messages passed to fn, or -1.
 */
int	store_list(struct store *s, const struct store_filter *f,
	    int (*fn)(void *arg, const struct store_message *m), void *arg);

/*
 * Full-text search (store_query.c): call fn for each message matching f
 * whose folded text has every one of the nwords words, each a folded word
 * (text_fold) matched whole: "bo" finds "bò", never "bong"; a word is never
 * read as a search operator. Best match first (bm25), ties newest first;
 * f->limit caps the count. Ranking every match of common words in a big
 * database is slow, so only the newest STORE_SEARCH_RANKED matches are
 * ranked and older ones are not returned. No words: no messages. Returns
 * the number passed to fn, or -1.
 */
#define STORE_SEARCH_RANKED	5000
int	store_search(struct store *s, const char *const *words, size_t nwords,
	    const struct store_filter *f,
	    int (*fn)(void *arg, const struct store_message *m), void *arg);

/* Load message id: 1 found, 0 not found, -1 error. */
int	store_get_message(struct store *s, int64_t id, struct store_message *m);

/* Call fn for each outbox row answering message id, oldest first. */
int	store_list_replies(struct store *s, int64_t message_id,
	    int (*fn)(void *arg, const struct store_outbox *o), void *arg);

/* A message's new classification (gopy reclassify). */
int	store_set_classification(struct store *s, int64_t id, const char *topic,
	    double score, const char *keywords, const char *scores, bool unsure);
/*
 * Call fn with the topic and text of every message whose topic an officer
 * set by hand: what gopy learn learns from besides files. Returns the
 * count or -1.
 */
int	store_list_corrections(struct store *s,
	    void (*fn)(void *arg, const char *topic, const char *text),
	    void *arg);

/* Replace the status row. */
int	store_put_status(struct store *s, const struct store_status *st);
/* Read the status row: 1 found, 0 none yet, -1 error. */
int	store_get_status(struct store *s, struct store_status *st);
/* SMS queued to send, and messages received since Unix time t: counts or -1. */
int	store_count_queued(struct store *s);
int	store_count_since(struct store *s, int64_t t);

void	store_message_release(struct store_message *m);
void	store_outbox_release(struct store_outbox *o);

/*
 * The officers' work (store_work.c). Every change an officer makes to a
 * message, every note, reply and SMS sent, is a row of history: appended
 * in the transaction that makes the change, never changed or deleted.
 */

/* What an officer changes of a message (the history field of the same name). */
enum store_field {
	STORE_FIELD_STATUS,	/* new, in_progress, resolved, rejected */
	STORE_FIELD_ASSIGNEE,	/* NULL value: unassigned */
	STORE_FIELD_TOPIC,	/* a topic id; its officer becomes topic_by */
	STORE_FIELD_COMMUNE,
	STORE_FIELD_NOTE,	/* appended only: old is NULL, new the text */
};

/* One change for store_edit_message. */
struct store_edit {
	enum store_field field;
	const char *value;	/* the new value, borrowed; NULL clears */
	/* Set by store_edit_message: */
	bool	changed;	/* false: the field had that value already */
	char	*old;		/* the value before; NULL when none; free() */
};

/*
 * Apply the n edits to message id in one transaction (BEGIN IMMEDIATE, so
 * it waits up to the busy timeout for gopyd's): read each field, change it
 * when the value differs, and append one history row by user at Unix time
 * at for each edit that changed something (a note always does), in the
 * order given. Returns 1 when done, 0 when there is no message id, -1 on
 * error; on 0 and -1 nothing is changed and no edit holds an old value.
 */
int	store_edit_message(struct store *s, int64_t id,
	    struct store_edit *edits, size_t n, const char *user, int64_t at);

/* Free the old values store_edit_message left in edits. */
void	store_edits_release(struct store_edit *edits, size_t n);

/*
 * Queue text to recipient as store_queue_sms does, and record it in
 * history in the same transaction: field "reply" when it answers
 * message_id, "send" (message_id 0, stored NULL) when not; old is the
 * recipient, new the text. The outbox id goes to *id.
 */
int	store_queue_officer_sms(struct store *s, const char *recipient,
	    const char *text, int64_t message_id, const char *user,
	    int64_t now, int64_t *id);

/* A row of history; strings are valid during the callback only. */
struct store_history {
	int64_t	id;
	int64_t	message_id;	/* 0 for an SMS sent to a number (send) */
	const char *ticket;	/* of that message; NULL when none */
	int64_t	at;		/* Unix time */
	const char *user;	/* "an", or "root (sudo by an)" */
	const char *field;	/* status, assignee, topic, commune, note,
				   reply, send */
	const char *old;	/* NULL: none; reply and send: the recipient */
	const char *value;	/* new value, note or SMS text; NULL: cleared */
};

/* Which history store_list_history returns; zero fields do not filter. */
struct store_history_filter {
	int64_t	since;		/* at >= since */
	int64_t	until;		/* at < until */
	const char *user;	/* rows by this user, also through sudo */
	int64_t	message_id;
	bool	oldest_first;	/* default: newest first */
	int	limit;		/* at most this many; 0 for no limit */
};

/*
 * Call fn for each row of history matching f; stop early when fn returns
 * non-zero. Returns the number of rows passed to fn, or -1.
 */
int	store_list_history(struct store *s,
	    const struct store_history_filter *f,
	    int (*fn)(void *arg, const struct store_history *h), void *arg);

/* Which SMS store_list_outbox returns, newest first. */
struct store_outbox_filter {
	const char *state;	/* queued, sending, sent, failed; NULL: all */
	int64_t	since;		/* created_at >= since; 0: all */
	int	limit;		/* 0 for no limit */
};

/* As store_list_history, for the outbox; o is valid during the call. */
int	store_list_outbox(struct store *s, const struct store_outbox_filter *f,
	    int (*fn)(void *arg, const struct store_outbox *o), void *arg);

/*
 * Reports for officers (store_stats.c): counts only, never rows.
 */

/* What store_count_groups counts by. */
enum store_group {
	STORE_GROUP_TOPIC,
	STORE_GROUP_STATUS,
	STORE_GROUP_COMMUNE,
};

/*
 * Count the messages f selects (f->limit does not count) per value of the
 * field by: fn gets each value that occurs, NULL for messages that have
 * none (no known commune), with its count, in no set order. Returns the
 * number of values or -1.
 */
int	store_count_groups(struct store *s, const struct store_filter *f,
	    enum store_group by,
	    void (*fn)(void *arg, const char *value, int64_t n), void *arg);

/*
 * Count the messages f selects that were received in each of n spans of
 * time, [edges[i], edges[i + 1]), into counts[i]: edges holds n + 1
 * ascending Unix times. Returns 0 or -1.
 */
int	store_count_spans(struct store *s, const struct store_filter *f,
	    const int64_t *edges, size_t n, int64_t *counts);

/* The messages of a topic, for gopy topics; valid during the callback. */
struct store_topic_count {
	const char *topic;
	int64_t	all;
	int64_t	since;		/* received at or after the time asked */
	int64_t	open;		/* new or in_progress */
};

/*
 * Call fn for each topic that messages have, in no set order, with the
 * counts since Unix time since. Returns the number of topics or -1.
 */
int	store_count_topics(struct store *s, int64_t since,
	    void (*fn)(void *arg, const struct store_topic_count *c),
	    void *arg);

/*
 * Answering citizens (store_answer.c). Times are Unix seconds; counts are
 * returned, or -1.
 */
/* Automatic replies (ack, repeat, command) queued to recipient since. */
int	store_count_auto_replies(struct store *s, const char *recipient,
	    int64_t since);
/* Messages from sender with this folded text stored since. */
int	store_count_same_text(struct store *s, const char *sender,
	    const char *folded, int64_t since);
/*
 * The first report (not a command, not itself a repeat) from sender with
 * this folded text stored since: 1 and its id in *id, 0 none, -1 error.
 */
int	store_first_report(struct store *s, const char *sender,
	    const char *folded, int64_t since, int64_t *id);
/*
 * Fail every queued SMS whose expires_at has come by now, with why as its
 * last error. Returns how many.
 */
int	store_expire_outbox(struct store *s, int64_t now, const char *why);

#endif
