/*
 * Working the reports: gopy set, audit, show, reply, send and outbox. Every
 * write is one short transaction that also appends its history rows
 * (store_work.c), under the officer's Unix user. SMS are only queued here:
 * gopyd sends them, and the text is checked the way gopyd will encode it
 * before it is queued.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "buf.h"
#include "conf.h"
#include "gopy.h"
#include "ingest.h"
#include "json.h"
#include "number.h"
#include "pdu.h"
#include "reply.h"
#include "store.h"
#include "table.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

#define NAME_MAX_BYTES		64	/* an assignee or a commune */
#define NOTE_MAX_BYTES		2000	/* a note: ~700 Vietnamese letters */
#define WORK_DEFAULT_LIMIT	50	/* rows of audit and outbox */
#define ARROW			" \xe2\x86\x92 "	/* " → " */

static const char *const outbox_states[] = {
	"queued", "sending", "sent", "failed",
};
#define NOUTBOX_STATES (sizeof(outbox_states) / sizeof(outbox_states[0]))

static const char *const edit_names[] = {
	[STORE_FIELD_STATUS] = "status",
	[STORE_FIELD_ASSIGNEE] = "assignee",
	[STORE_FIELD_TOPIC] = "topic",
	[STORE_FIELD_COMMUNE] = "commune",
	[STORE_FIELD_NOTE] = "note",
};

/* Whether s looks like a Unix user name, as sudo puts it in SUDO_USER. */
static bool
unix_name(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

	return n > 0 && n <= 32 && s[n] == '\0';
}

/*
 * Who is at the keyboard, for history, into out: the Unix user of the
 * real user id, and, when sudo ran gopy, who ran sudo ("root (sudo by
 * an)"). SUDO_USER comes from the environment, so it adds to the name and
 * never replaces it. Names from a directory service can be long: no
 * fixed buffer.
 */
static void
officer_name(struct buf *out)
{
	const struct passwd *pw = getpwuid(getuid());
	const char *by = getenv("SUDO_USER");

	if (pw != NULL) {
		buf_adds(out, pw->pw_name);
	} else {
		buf_addf(out, "uid %u", (unsigned)getuid());
	}
	if (by != NULL && unix_name(by) && strcmp(by, out->data) != 0) {
		buf_addf(out, " (sudo by %s)", by);
	}
}

/* Say that there is no message arg. Returns 1, the exit status. */
static int
no_message(const char *arg)
{
	fprintf(stderr, "gopy: no message '%s'\n", arg);
	return 1;
}

/* The message id arg names, or -1 after saying that it names none. */
static int64_t
message_arg(const char *arg)
{
	int64_t id = resolve_id(arg);

	if (id == -1) {
		fprintf(stderr, "gopy: '%s' is neither a message id nor a "
		    "ticket\n", arg);
	}
	return id;
}

static bool
blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/*
 * The value v of option: not blank, at most max bytes of UTF-8, and, for
 * a name (an assignee, a commune), on one line without control
 * characters, bidirectional controls or other invisible ones. 0, or -1 after saying why not.
 */
static int
check_value(const char *option, const char *v, size_t max, bool name)
{
	size_t len = strlen(v), i, n;
	int32_t c;

	if (blank(v)) {
		fprintf(stderr, "gopy: %s is empty\n", option);
		return -1;
	}
	if (len > max) {
		fprintf(stderr, "gopy: %s is %zu bytes long; at most %zu\n",
		    option, len, max);
		return -1;
	}
	if (!text_valid_utf8(v, len)) {
		fprintf(stderr, "gopy: %s is not valid UTF-8\n", option);
		return -1;
	}
	/* Controls (C0, DEL, C1) and invisible format characters (Cf). */
	for (i = 0; name && i < len; i += n) {
		n = utf8_decode((const unsigned char *)v + i, len - i, &c);
		if (utf8proc_category(c) == UTF8PROC_CATEGORY_CC ||
		    utf8proc_category(c) == UTF8PROC_CATEGORY_CF) {
			fprintf(stderr, "gopy: %s has control characters\n",
			    option);
			return -1;
		}
	}
	return 0;
}

/* A value for the terminal: cleaned, "(none)" for NULL. */
static void
add_value(struct buf *out, const char *v)
{
	if (v == NULL) {
		buf_adds(out, "(none)");
	} else {
		table_clean(v, strlen(v), out);
	}
}

static void
print_edit(int64_t id, const struct store_edit *e)
{
	const char *name = edit_names[e->field];
	struct buf line;

	buf_init(&line);
	buf_addf(&line, "message %lld: ", (long long)id);
	if (e->field == STORE_FIELD_NOTE) {
		buf_adds(&line, "note added");
	} else if (!e->changed) {
		buf_addf(&line, "%s is ", name);
		add_value(&line, e->value);
		buf_adds(&line, " already; unchanged");
	} else {
		buf_addf(&line, "%s ", name);
		add_value(&line, e->old);
		buf_adds(&line, ARROW);
		add_value(&line, e->value);
	}
	puts(line.data);
	buf_release(&line);
}

/* Add an edit to edits[*n]. */
static void
add_edit(struct store_edit *edits, size_t *n, enum store_field field,
    const char *value)
{
	memset(&edits[*n], 0, sizeof(edits[*n]));
	edits[*n].field = field;
	edits[*n].value = value;
	(*n)++;
}

/* An SMS as gopyd will send it (gopyd.c encode_outbox, answer.c). */
struct sms_plan {
	struct buf	 text;		/* as it goes out */
	char		 to[64];	/* set --notify: the citizen */
	bool		 stripped;	/* reply.strip_diacritics changed it */
	enum pdu_coding	 coding;
	int		 parts;
	size_t		 per_part;	/* septets or UTF-16 units a part */
};

static const char *
coding_name(enum pdu_coding coding)
{
	return coding == PDU_CODING_GSM7 ? "GSM 7-bit" : "UCS2";
}

/*
 * The words argv[0..argc-1], joined with spaces, as the SMS gopyd will
 * send: 0, or EXIT_USAGE after saying why it cannot go (empty, not UTF-8,
 * more parts than reply.max_parts). p->text needs buf_release either way.
 */
static int
plan_sms(const struct reply_conf *rc, int argc, char **argv,
    struct sms_plan *p)
{
	struct pdu_span spans[PDU_PARTS_MAX];
	struct buf typed;
	char err[128];
	int i, n, status = EXIT_USAGE;

	memset(p, 0, sizeof(*p));
	buf_init(&p->text);
	buf_init(&typed);
	for (i = 0; i < argc; i++) {
		buf_addf(&typed, "%s%s", i == 0 ? "" : " ", argv[i]);
	}
	if (blank(typed.data)) {
		fprintf(stderr, "gopy: the text is empty\n");
		goto out;
	}
	if (!text_valid_utf8(typed.data, typed.len)) {
		fprintf(stderr, "gopy: the text is not valid UTF-8\n");
		goto out;
	}
	/* The outbox keeps the text as it will go out. */
	if (rc->strip_diacritics) {
		text_strip_marks(typed.data, typed.len, &p->text);
		p->stripped = strcmp(typed.data, p->text.data) != 0;
	} else {
		buf_add(&p->text, typed.data, typed.len);
	}
	pdu_choose_coding(p->text.data, p->text.len, &p->coding);
	n = pdu_split(p->text.data, p->text.len, p->coding, spans,
	    PDU_PARTS_MAX, err, sizeof(err));
	if (n == PDU_ERR_PARTS) {
		fprintf(stderr, "gopy: text needs more than %d SMS parts; at "
		    "most %d\n", PDU_PARTS_MAX, rc->max_parts);
		goto out;
	}
	if (n < 0) {
		fprintf(stderr, "gopy: text cannot be sent: %s\n", err);
		goto out;
	}
	p->parts = n;
	if (p->coding == PDU_CODING_GSM7) {
		p->per_part = n == 1 ? PDU_GSM7_SINGLE : PDU_GSM7_PART;
	} else {
		p->per_part = n == 1 ? PDU_UCS2_SINGLE : PDU_UCS2_PART;
	}
	if (n > rc->max_parts) {
		fprintf(stderr, "gopy: text needs %d SMS parts (%s, %zu "
		    "characters each); at most %d\n", n,
		    coding_name(p->coding), p->per_part, rc->max_parts);
		goto out;
	}
	status = 0;
out:
	buf_release(&typed);
	return status;
}

/* Queue a planned SMS with its history row and say what will go. */
static int
queue_planned(struct cli *cli, const struct sms_plan *p, const char *to,
    int64_t message_id)
{
	struct buf user, clean;
	int64_t id;
	int rc;

	buf_init(&user);
	officer_name(&user);
	rc = store_queue_officer_sms(cli->store, to, p->text.data, message_id,
	    user.data, (int64_t)time(NULL), &id);
	buf_release(&user);
	if (rc == -1) {
		return store_failed(cli, true);
	}
	printf("queued SMS %lld to %s", (long long)id, to);
	if (message_id != 0) {
		printf(" (message %lld)", (long long)message_id);
	}
	printf(": %d part%s, %s (%zu characters%s)\n", p->parts,
	    p->parts == 1 ? "" : "s", coding_name(p->coding), p->per_part,
	    p->parts == 1 ? "" : " each");
	if (p->stripped) {
		buf_init(&clean);
		table_clean(p->text.data, p->text.len, &clean);
		printf("sent without diacritics (reply.strip_diacritics): %s\n",
		    clean.data);
		buf_release(&clean);
	}
	return 0;
}

/*
 * reply and send have no options ("--" ends them, for a text that starts
 * with "-"); check that words follow. Returns -1 to go on, else the exit
 * status to return.
 */
static int
sms_options(const char *name, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 },
	};

	if (getopt_long(argc, argv, "", opts, NULL) != -1) {
		return command_usage(name);
	}
	if (argc - optind < 2) {
		return command_usage(name);
	}
	return -1;
}

/* Why a message's sender cannot be answered, or NULL when it can. */
static const char *
unanswerable(const struct store_message *m)
{
	if (m->error != NULL || m->sender[0] == '\0') {
		return "it has no sender to answer";
	}
	if (strcmp(m->sender_type, "alphanumeric") == 0) {
		return "its sender is a name (a carrier or a service), "
		    "which takes no SMS";
	}
	if (m->sender[0] != '+') {
		return "its sender is a short code (a service), "
		    "not a phone";
	}
	return NULL;
}

/*
 * gopy set --notify: the SMS that tells the sender of message id (named
 * arg on the command line) that it is resolved, checked like a reply.
 * Returns 0, or the exit status after saying why it cannot go.
 */
static int
plan_notice(struct cli *cli, int64_t id, const char *arg, struct sms_plan *p)
{
	const struct gopy_conf *c = &cli->conf;
	struct store_message m;
	struct reply_vars v;
	struct buf text;
	const char *why, *name;
	char date[16], *words[1];
	struct tm tm;
	time_t now = time(NULL);
	int rc;

	switch (store_get_message(cli->store, id, &m)) {
	case 1:
		break;
	case 0:
		return no_message(arg);
	default:
		return store_failed(cli, false);
	}
	if ((why = unanswerable(&m)) != NULL) {
		fprintf(stderr, "gopy: message %lld: no --notify: %s\n",
		    (long long)id, why);
		store_message_release(&m);
		return 1;
	}
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%d/%m/%Y", &tm);
	memset(&v, 0, sizeof(v));
	v.ticket = m.ticket;
	name = topic_name(cli, m.topic);
	v.topic = name != NULL ? name : m.topic;
	v.unit = c->reply.unit;
	v.date = date;
	buf_init(&text);
	reply_expand(c->reply.notify_template, &v, &text);
	words[0] = text.data;
	buf_release(&p->text);
	rc = plan_sms(&c->reply, 1, words, p);
	snprintf(p->to, sizeof(p->to), "%s", m.sender);
	buf_release(&text);
	store_message_release(&m);
	return rc;
}

int
cmd_set(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "assign", required_argument, NULL, 'a' },
		{ "commune", required_argument, NULL, 'c' },
		{ "note", required_argument, NULL, 'n' },
		{ "notify", no_argument, NULL, 'N' },
		{ "status", required_argument, NULL, 's' },
		{ "topic", required_argument, NULL, 't' },
		{ "unassign", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *status = NULL, *assign = NULL, *topic = NULL;
	const char *commune = NULL, **notes;
	struct store_edit *edits = NULL;
	struct sms_plan notice;
	struct buf user;
	bool unassign = false, notify = false;
	size_t nnotes = 0, n = 0, i;
	int64_t id;
	int ch, rc = EXIT_USAGE;

	buf_init(&user);
	memset(&notice, 0, sizeof(notice));
	buf_init(&notice.text);
	/* Each --note takes an argument: argc bounds their number. */
	notes = xcalloc((size_t)argc, sizeof(*notes));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			if (check_value("--assign", optarg, NAME_MAX_BYTES,
			    true) == -1) {
				goto out;
			}
			assign = optarg;
			break;
		case 'c':
			if (cli->conf.ncommunes == 0 && check_value("--commune",
			    optarg, NAME_MAX_BYTES, true) == -1) {
				goto out;
			}
			if ((commune = commune_named(cli, optarg)) == NULL) {
				goto out;
			}
			break;
		case 'n':
			if (check_value("--note", optarg, NOTE_MAX_BYTES,
			    false) == -1) {
				goto out;
			}
			notes[nnotes++] = optarg;
			break;
		case 'N':
			notify = true;
			break;
		case 's':
			if (check_choice("status", optarg, cli_statuses,
			    CLI_NSTATUSES) == -1) {
				goto out;
			}
			status = optarg;
			break;
		case 't':
			if (check_topic(cli, optarg) == -1) {
				goto out;
			}
			topic = optarg;
			break;
		case 'u':
			unassign = true;
			break;
		default:
			rc = command_usage("set");
			goto out;
		}
	}
	if (optind + 1 != argc) {
		rc = command_usage("set");
		goto out;
	}
	if ((id = message_arg(argv[optind])) == -1) {
		goto out;
	}
	if (assign != NULL && unassign) {
		fprintf(stderr, "gopy: --assign and --unassign together\n");
		goto out;
	}
	if (notify && (status == NULL || strcmp(status, "resolved") != 0)) {
		fprintf(stderr, "gopy: --notify goes with --status resolved\n");
		goto out;
	}
	/* In the order history records them: fields first, then notes. */
	edits = xcalloc(nnotes + 4, sizeof(*edits));
	if (status != NULL) {
		add_edit(edits, &n, STORE_FIELD_STATUS, status);
	}
	if (assign != NULL || unassign) {
		add_edit(edits, &n, STORE_FIELD_ASSIGNEE, assign);
	}
	if (topic != NULL) {
		add_edit(edits, &n, STORE_FIELD_TOPIC, topic);
	}
	if (commune != NULL) {
		add_edit(edits, &n, STORE_FIELD_COMMUNE, commune);
	}
	for (i = 0; i < nnotes; i++) {
		add_edit(edits, &n, STORE_FIELD_NOTE, notes[i]);
	}
	if (n == 0) {
		fprintf(stderr, "gopy: set what? Give --status, --assign, "
		    "--unassign, --topic, --commune or --note\n");
		goto out;
	}
	rc = 1;
	if (open_store_mode(cli, STORE_WRITE_EXISTING) == -1) {
		goto out;
	}
	/* The citizen's SMS is checked before anything changes. */
	if (notify && (rc = plan_notice(cli, id, argv[optind], &notice)) != 0) {
		goto out;
	}
	rc = 1;
	officer_name(&user);
	switch (store_edit_message(cli->store, id, edits, n, user.data,
	    (int64_t)time(NULL))) {
	case 1:
		for (i = 0; i < n; i++) {
			print_edit(id, &edits[i]);
		}
		rc = 0;
		/* Only the change to resolved tells the citizen; once. */
		if (notify && edits[0].changed) {
			rc = queue_planned(cli, &notice, notice.to, id);
		} else if (notify) {
			printf("message %lld: resolved already; no SMS sent\n",
			    (long long)id);
		}
		store_edits_release(edits, n);
		break;
	case 0:
		no_message(argv[optind]);
		break;
	default:
		store_failed(cli, true);
		break;
	}
out:
	buf_release(&user);
	buf_release(&notice.text);
	free(notes);
	free(edits);
	return rc;
}

/*
 * How audit and outbox print their rows: a JSON line each as they come,
 * or a table printed when all are in.
 */
struct listing {
	bool		 json;
	struct table	*table;		/* NULL with json */
	struct buf	 line;		/* the row being made */
};

static void
listing_init(struct listing *l, bool json, size_t ncols,
    const char *const *headers)
{
	l->json = json;
	l->table = json ? NULL : table_new(ncols, headers);
	buf_init(&l->line);
}

/*
 * Print the table of l, whose column flex gives way to a narrow
 * terminal, unless listing its rows failed (n is -1); free l. Returns the
 * exit status.
 */
static int
listing_finish(const struct cli *cli, struct listing *l, int n, size_t flex)
{
	if (n != -1 && l->table != NULL) {
		table_print(l->table, stdout, terminal_width(), flex);
	}
	table_free(l->table);
	buf_release(&l->line);
	return n == -1 ? store_failed(cli, false) : 0;
}

/* Begin an element of the JSON array that out ends in. */
static void
json_next(struct buf *out)
{
	if (out->data[out->len - 1] != '[') {
		buf_addc(out, ',');
	}
}

/* What a history row changed, as one line of text (uncleaned). */
static void
change_text(const struct store_history *h, struct buf *out)
{
	if (strcmp(h->field, "note") == 0) {
		buf_adds(out, h->value != NULL ? h->value : "");
	} else if (strcmp(h->field, "reply") == 0 ||
	    strcmp(h->field, "send") == 0) {
		buf_addf(out, "to %s: %s", h->old != NULL ? h->old : "?",
		    h->value != NULL ? h->value : "");
	} else {
		buf_adds(out, h->old != NULL ? h->old : "(none)");
		buf_adds(out, ARROW);
		buf_adds(out, h->value != NULL ? h->value : "(none)");
	}
}

static void
history_json(const struct store_history *h, struct buf *out)
{
	char when[40];

	buf_addc(out, '{');
	json_add_int(out, "id", h->id);
	format_time(h->at, true, when, sizeof(when));
	json_add_field(out, "at", when);
	json_add_field(out, "user", h->user);
	if (h->message_id != 0) {
		json_add_int(out, "message_id", h->message_id);
	} else {
		json_add_field(out, "message_id", NULL);
	}
	json_add_field(out, "ticket", h->ticket);
	json_add_field(out, "field", h->field);
	json_add_field(out, "old", h->old);
	json_add_field(out, "new", h->value);
	buf_addc(out, '}');
}

/* A row of history for audit (a struct listing in arg). */
static int
audit_one(void *arg, const struct store_history *h)
{
	struct listing *l = arg;
	char when[40], id[24];
	const char *cells[5];

	buf_reset(&l->line);
	if (l->json) {
		history_json(h, &l->line);
		puts(l->line.data);
		return 0;
	}
	format_time(h->at, false, when, sizeof(when));
	if (h->ticket != NULL) {
		snprintf(id, sizeof(id), "%s", h->ticket);
	} else if (h->message_id != 0) {
		snprintf(id, sizeof(id), "%lld", (long long)h->message_id);
	} else {
		snprintf(id, sizeof(id), "-");
	}
	change_text(h, &l->line);
	cells[0] = when;
	cells[1] = h->user;
	cells[2] = id;
	cells[3] = h->field;
	cells[4] = l->line.data;
	table_add_row(l->table, cells);
	return 0;
}

/* A row of history as show lists it: one line, cleaned. */
static int
history_text(void *arg, const struct store_history *h)
{
	struct buf change, clean;
	char when[40];

	(void)arg;
	buf_init(&change);
	buf_init(&clean);
	format_time(h->at, false, when, sizeof(when));
	change_text(h, &change);
	table_clean(h->user, strlen(h->user), &clean);
	buf_addf(&clean, "  %s: ", h->field);
	table_clean(change.data, change.len, &clean);
	printf("  %s  %s\n", when, clean.data);
	buf_release(&change);
	buf_release(&clean);
	return 0;
}

/* A row of history into the JSON array of show --json, a buf in arg. */
static int
history_json_item(void *arg, const struct store_history *h)
{
	json_next(arg);
	history_json(h, arg);
	return 0;
}

/* An outbox row as a JSON object into out. */
static void
outbox_json(const struct store_outbox *o, struct buf *out)
{
	char when[40], ticket[REPLY_TICKET_MAX];

	buf_addc(out, '{');
	json_add_int(out, "id", o->id);
	json_add_field(out, "recipient", o->recipient);
	json_add_field(out, "text", o->text);
	json_add_field(out, "state", o->state);
	json_add_int(out, "attempts", o->attempts);
	json_add_field(out, "last_error", o->last_error);
	format_time(o->created_at, true, when, sizeof(when));
	json_add_field(out, "created_at", when);
	format_time(o->sent_at, true, when, sizeof(when));
	json_add_field(out, "sent_at", o->sent_at != 0 ? when : NULL);
	json_add_field(out, "delivery", o->delivery);
	format_time(o->delivered_at, true, when, sizeof(when));
	json_add_field(out, "delivered_at", o->delivered_at != 0 ? when : NULL);
	if (o->message_id != 0) {
		reply_ticket(o->message_id, ticket);
		json_add_int(out, "message_id", o->message_id);
		json_add_field(out, "ticket", ticket);
	} else {
		json_add_field(out, "message_id", NULL);
		json_add_field(out, "ticket", NULL);
	}
	buf_addc(out, '}');
}

/* An outbox row for gopy outbox (a struct listing in arg). */
static int
outbox_one(void *arg, const struct store_outbox *o)
{
	struct listing *l = arg;
	char id[24], when[40], tries[16], ticket[REPLY_TICKET_MAX], state[32];
	const char *cells[7];

	buf_reset(&l->line);
	if (l->json) {
		outbox_json(o, &l->line);
		puts(l->line.data);
		return 0;
	}
	snprintf(id, sizeof(id), "%lld", (long long)o->id);
	format_time(o->created_at, false, when, sizeof(when));
	snprintf(tries, sizeof(tries), "%d", o->attempts);
	if (o->message_id != 0) {
		reply_ticket(o->message_id, ticket);
	} else {
		snprintf(ticket, sizeof(ticket), "-");
	}
	/* A delivery report says more than "sent". */
	if (o->delivery == NULL) {
		snprintf(state, sizeof(state), "%s", o->state);
	} else if (strcmp(o->delivery, "delivered") == 0) {
		snprintf(state, sizeof(state), "delivered");
	} else {
		snprintf(state, sizeof(state), "%s, %s", o->state, o->delivery);
	}
	if (o->last_error != NULL) {
		buf_addf(&l->line, "error: %s; ", o->last_error);
	}
	buf_adds(&l->line, o->text);
	cells[0] = id;
	cells[1] = when;
	cells[2] = state;
	cells[3] = tries;
	cells[4] = o->recipient;
	cells[5] = ticket;
	cells[6] = l->line.data;
	table_add_row(l->table, cells);
	return 0;
}

/*
 * A reply for show: its state, delivery and error on one line, its text
 * on the next, both cleaned (the error is the modem's words).
 */
static int
reply_text(void *arg, const struct store_outbox *o)
{
	struct buf line, clean;
	char when[40];

	(void)arg;
	buf_init(&line);
	buf_init(&clean);
	format_time(o->sent_at != 0 ? o->sent_at : o->created_at, false, when,
	    sizeof(when));
	buf_addf(&line, "#%lld %-7s %s to %s, %d attempt%s", (long long)o->id,
	    o->state, when, o->recipient, o->attempts,
	    o->attempts == 1 ? "" : "s");
	if (o->last_error != NULL) {
		buf_addf(&line, ": %s", o->last_error);
	}
	if (o->delivery != NULL) {
		buf_addf(&line, ", %s", o->delivery);
	}
	table_clean(line.data, line.len, &clean);
	buf_adds(&clean, "\n    ");
	table_clean(o->text, strlen(o->text), &clean);
	printf("  %s\n", clean.data);
	buf_release(&line);
	buf_release(&clean);
	return 0;
}

/* A reply into the JSON array of show --json, a buf in arg. */
static int
reply_json(void *arg, const struct store_outbox *o)
{
	json_next(arg);
	outbox_json(o, arg);
	return 0;
}

int
cmd_audit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'l' },
		{ "message", required_argument, NULL, 'm' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "user", required_argument, NULL, 'U' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const headers[] = {
		"TIME", "USER", "MESSAGE", "FIELD", "CHANGE",
	};
	struct store_history_filter f;
	struct store_message m;
	struct listing l;
	const char *message = NULL, *since = NULL, *until = NULL;
	bool json = false;
	int ch, n;

	memset(&f, 0, sizeof(f));
	f.limit = WORK_DEFAULT_LIMIT;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'l':
			if (limit_arg(optarg, &f.limit) == -1) {
				return EXIT_USAGE;
			}
			break;
		case 'm':
			message = optarg;
			if ((f.message_id = message_arg(optarg)) == -1) {
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (since_arg(optarg, &f.since) == -1) {
				return EXIT_USAGE;
			}
			since = optarg;
			break;
		case 'u':
			if (until_arg(optarg, &f.until) == -1) {
				return EXIT_USAGE;
			}
			until = optarg;
			break;
		case 'U':
			if (blank(optarg)) {
				fprintf(stderr, "gopy: --user is empty\n");
				return EXIT_USAGE;
			}
			f.user = optarg;
			break;
		default:
			return command_usage("audit");
		}
	}
	if (optind != argc) {
		return command_usage("audit");
	}
	if (check_range(since, f.since, until, f.until) == -1) {
		return EXIT_USAGE;
	}
	if (open_store(cli) == -1) {
		return 1;
	}
	if (message != NULL) {
		n = store_get_message(cli->store, f.message_id, &m);
		store_message_release(&m);
		if (n == 0) {
			return no_message(message);
		}
		if (n == -1) {
			return store_failed(cli, false);
		}
	}
	listing_init(&l, json, 5, headers);
	n = store_list_history(cli->store, &f, audit_one, &l);
	return listing_finish(cli, &l, n, 4);
}

/*
 * The parts the text of an incomplete message marks as missing
 * (INGEST_MISSING_PART): their numbers into seqs (at most max), the first
 * mark into mark. Returns how many.
 */
static size_t
missing_parts(const struct store_message *m, int *seqs, size_t max,
    struct buf *mark)
{
	size_t prefix = strcspn(INGEST_MISSING_PART, "%"), n = 0;
	const char *p = m->text;
	int seq, total, len;

	if (!m->incomplete) {
		return 0;
	}
	while (n < max && (p = strchr(p, '[')) != NULL) {
		len = 0;
		if (strncmp(p, INGEST_MISSING_PART, prefix) == 0 &&
		    sscanf(p + prefix, "%d/%d]%n", &seq, &total, &len) == 2 &&
		    len > 0) {
			if (n == 0) {
				buf_add(mark, p, prefix + (size_t)len);
			}
			seqs[n++] = seq;
			p += prefix + (size_t)len;
		} else {
			p++;
		}
	}
	return n;
}

static void
show_parts(const struct store_message *m, bool raw)
{
	int seqs[PDU_PARTS_MAX];
	struct buf line, mark;
	const char *p, *nl;
	size_t n, i;

	buf_init(&line);
	buf_init(&mark);
	buf_addf(&line, "%d", m->parts);
	n = missing_parts(m, seqs, PDU_PARTS_MAX, &mark);
	for (i = 0; i < n; i++) {
		buf_addf(&line, "%s%d", i == 0 ? "; missing: " : ", ", seqs[i]);
	}
	if (n > 0) {
		buf_addf(&line, " (marked %s in the text)", mark.data);
	} else if (m->incomplete) {
		buf_adds(&line, "; some never came");
	}
	show_field("Parts:", line.data);
	/* One PDU a line, as gopy decode takes them. */
	for (p = m->raw_pdu; raw && p != NULL && *p != '\0'; p = nl) {
		nl = strchr(p, '\n');
		buf_reset(&line);
		table_clean(p, nl != NULL ? (size_t)(nl - p) : strlen(p),
		    &line);
		printf("  %s\n", line.data);
		if (nl != NULL) {
			nl++;
		}
	}
	buf_release(&line);
	buf_release(&mark);
}

static void
show_topic(const struct cli *cli, const struct store_message *m)
{
	const char *name = topic_name(cli, m->topic);
	struct buf out;

	buf_init(&out);
	buf_addf(&out, "%s%s%s%s, ", m->topic, name != NULL ? " (" : "",
	    name != NULL ? name : "", name != NULL ? ")" : "");
	/* Score and keywords stay the classifier's when an officer chose. */
	if (m->topic_by != NULL) {
		buf_addf(&out, "set by %s; the classifier's ", m->topic_by);
	}
	buf_addf(&out, "score %g%s", m->score, m->unsure ? ", unsure" : "");
	if (m->keywords[0] != '\0') {
		buf_addf(&out, "; keywords: %s", m->keywords);
	}
	if (m->scores[0] != '\0') {
		buf_addf(&out, "; all scores: %s", m->scores);
	}
	show_field("Topic:", out.data);
	buf_release(&out);
}

static int
show_text(const struct cli *cli, const struct store_message *m, bool raw)
{
	struct store_history_filter f;
	char when[40], line[256];
	struct buf clean;
	int n;

	printf("Message %lld, ticket %s\n", (long long)m->id,
	    m->ticket != NULL ? m->ticket : "-");
	snprintf(line, sizeof(line), "%s (%s)", m->sender, m->sender_type);
	show_field("From:", line);
	format_time(m->received_at, false, when, sizeof(when));
	show_field("Received:", when);
	format_time(m->stored_at, false, when, sizeof(when));
	show_field("Stored:", when);
	show_field("Status:", m->status);
	if (m->assignee != NULL) {
		show_field("Assignee:", m->assignee);
	}
	if (m->commune != NULL) {
		show_field("Commune:", m->commune);
	}
	if (m->kind != NULL && strcmp(m->kind, "command") == 0) {
		show_field("Kind:", "a citizen's command (TT, HD)");
	}
	if (m->repeat_of != 0) {
		snprintf(line, sizeof(line), "the same report as message %lld",
		    (long long)m->repeat_of);
		show_field("Repeats:", line);
	}
	if (m->unanswered != NULL) {
		snprintf(line, sizeof(line), "not answered: %s",
		    m->unanswered);
		show_field("Answer:", line);
	}
	show_parts(m, raw);
	if (m->error != NULL) {
		show_field("Error:", m->error);
		show_field("PDU:", m->raw_pdu);
	}
	show_topic(cli, m);
	buf_init(&clean);
	table_clean(m->text, strlen(m->text), &clean);
	printf("Text:\n  %s\nHistory:\n", clean.data);
	buf_release(&clean);
	memset(&f, 0, sizeof(f));
	f.message_id = m->id;
	f.oldest_first = true;
	if ((n = store_list_history(cli->store, &f, history_text, NULL)) ==
	    -1) {
		return -1;
	}
	if (n == 0) {
		printf("  none\n");
	}
	printf("Replies:\n");
	if ((n = store_list_replies(cli->store, m->id, reply_text, NULL)) ==
	    -1) {
		return -1;
	}
	if (n == 0) {
		printf("  none\n");
	}
	return 0;
}

static int
show_json(const struct cli *cli, const struct store_message *m)
{
	struct store_history_filter f;
	int seqs[PDU_PARTS_MAX];
	struct buf out, mark;
	size_t n, i;
	int rc = -1;

	buf_init(&out);
	buf_init(&mark);
	message_json(cli, m, &out);
	json_add_field(&out, "raw_pdu", m->raw_pdu);
	buf_adds(&out, ",\"missing_parts\":[");
	n = missing_parts(m, seqs, PDU_PARTS_MAX, &mark);
	for (i = 0; i < n; i++) {
		buf_addf(&out, "%s%d", i == 0 ? "" : ",", seqs[i]);
	}
	buf_adds(&out, "],\"history\":[");
	memset(&f, 0, sizeof(f));
	f.message_id = m->id;
	f.oldest_first = true;
	if (store_list_history(cli->store, &f, history_json_item, &out) ==
	    -1) {
		goto out;
	}
	buf_adds(&out, "],\"replies\":[");
	if (store_list_replies(cli->store, m->id, reply_json, &out) == -1) {
		goto out;
	}
	buf_adds(&out, "]}");
	puts(out.data);
	rc = 0;
out:
	buf_release(&out);
	buf_release(&mark);
	return rc;
}

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "raw", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_message m;
	bool json = false, raw = false;
	int64_t id;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'r':
			raw = true;
			break;
		default:
			return command_usage("show");
		}
	}
	if (optind + 1 != argc || (json && raw)) {
		return command_usage("show");
	}
	if ((id = message_arg(argv[optind])) == -1) {
		return EXIT_USAGE;
	}
	if (open_store(cli) == -1) {
		return 1;
	}
	rc = store_get_message(cli->store, id, &m);
	if (rc == 0) {
		return no_message(argv[optind]);
	}
	if (rc == -1) {
		return store_failed(cli, false);
	}
	rc = json ? show_json(cli, &m) : show_text(cli, &m, raw);
	store_message_release(&m);
	return rc == -1 ? store_failed(cli, false) : 0;
}

int
cmd_reply(struct cli *cli, int argc, char **argv)
{
	struct store_message m;
	struct sms_plan p;
	const char *why;
	int64_t id;
	int rc;

	if ((rc = sms_options("reply", argc, argv)) != -1) {
		return rc;
	}
	if ((id = message_arg(argv[optind])) == -1) {
		return EXIT_USAGE;
	}
	if ((rc = plan_sms(&cli->conf.reply, argc - optind - 1,
	    argv + optind + 1, &p)) != 0) {
		buf_release(&p.text);
		return rc;
	}
	rc = 1;
	if (open_store_mode(cli, STORE_WRITE_EXISTING) == -1) {
		goto out;
	}
	switch (store_get_message(cli->store, id, &m)) {
	case 1:
		if ((why = unanswerable(&m)) != NULL) {
			fprintf(stderr, "gopy: message %lld cannot be "
			    "answered: %s\n", (long long)id, why);
		} else {
			rc = queue_planned(cli, &p, m.sender, id);
		}
		store_message_release(&m);
		break;
	case 0:
		no_message(argv[optind]);
		break;
	default:
		rc = store_failed(cli, true);
		break;
	}
out:
	buf_release(&p.text);
	return rc;
}

int
cmd_send(struct cli *cli, int argc, char **argv)
{
	char to[NUMBER_MAX];
	struct sms_plan p;
	int rc;

	if ((rc = sms_options("send", argc, argv)) != -1) {
		return rc;
	}
	if (number_normalize(argv[optind], to) == -1 || to[0] != '+') {
		fprintf(stderr, "gopy: '%s' is not a phone number (+84..., "
		    "84... or 0...)\n", argv[optind]);
		return EXIT_USAGE;
	}
	if ((rc = plan_sms(&cli->conf.reply, argc - optind - 1,
	    argv + optind + 1, &p)) != 0) {
		buf_release(&p.text);
		return rc;
	}
	rc = 1;
	if (open_store_mode(cli, STORE_WRITE_EXISTING) == 0) {
		rc = queue_planned(cli, &p, to, 0);
	}
	buf_release(&p.text);
	return rc;
}

int
cmd_outbox(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'l' },
		{ "since", required_argument, NULL, 's' },
		{ "state", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const headers[] = {
		"ID", "QUEUED", "STATE", "TRIES", "TO", "ANSWERS", "TEXT",
	};
	struct store_outbox_filter f;
	struct listing l;
	bool json = false;
	int ch, n;

	memset(&f, 0, sizeof(f));
	f.limit = WORK_DEFAULT_LIMIT;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'l':
			if (limit_arg(optarg, &f.limit) == -1) {
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (since_arg(optarg, &f.since) == -1) {
				return EXIT_USAGE;
			}
			break;
		case 'S':
			if (check_choice("state", optarg, outbox_states,
			    NOUTBOX_STATES) == -1) {
				return EXIT_USAGE;
			}
			f.state = optarg;
			break;
		default:
			return command_usage("outbox");
		}
	}
	if (optind != argc) {
		return command_usage("outbox");
	}
	if (open_store(cli) == -1) {
		return 1;
	}
	listing_init(&l, json, 7, headers);
	n = store_list_outbox(cli->store, &f, outbox_one, &l);
	return listing_finish(cli, &l, n, 6);
}
