/*
 * gopy: the officers' command line. Reads the same configuration as gopyd
 * and works on the same database, which it opens read-only for the commands
 * that only look. Output is a table on a terminal, or one JSON object per
 * line with --json.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "gopy.h"
#include "json.h"
#include "log.h"
#include "pdu.h"
#include "reply.h"
#include "store.h"
#include "table.h"
#include "tz.h"

#define LIST_DEFAULT_LIMIT	50
#define LIST_MAX_LIMIT		1000000


struct command {
	const char *name;
	int	(*run)(struct cli *cli, int argc, char **argv);
	bool	needs_conf;	/* reads the configuration (and database) */
	const char *synopsis;
	const char *summary;
};

static int	cmd_decode(struct cli *, int, char **);
static int	cmd_list(struct cli *, int, char **);
static int	cmd_show(struct cli *, int, char **);
static int	cmd_help(struct cli *, int, char **);

static const struct command commands[] = {
	{ "decode", cmd_decode, false, "decode [--smsc | --no-smsc] HEX ...",
	    "decode SMS PDUs given in hex, one JSON object each" },
	{ "help", cmd_help, false, "help [COMMAND]",
	    "show help for gopy or a command" },
	{ "classify", cmd_classify, true, "classify [--json] [TEXT ...]",
	    "show how texts (or lines of standard input) are classified" },
	{ "learn", cmd_learn, true,
	    "learn [--no-corrections] [-o FILE] [FILE.tsv ...]",
	    "learn keyword weights from labelled messages and corrections" },
	{ "list", cmd_list, true,
	    "list [--json] [--limit N] [--status S] [--topic T] [--unsure]",
	    "list messages, newest first" },
	{ "reclassify", cmd_reclassify, true, "reclassify [--since WHEN]",
	    "classify stored messages again with the current configuration" },
	{ "show", cmd_show, true, "show [--json] ID|TICKET",
	    "show one message with its replies" },
	{ "stats", cmd_stats, true,
	    "stats [--by topic|status|day|week|commune] [--csv | --json] "
	    "[--since WHEN] [--status S] [--topic T] [--until WHEN]",
	    "count messages by topic, status, day, week or commune" },
	{ "status", cmd_status, true, "status [--json]",
	    "is gopyd running, and how is the modem" },
	{ "topics", cmd_topics, true, "topics [--json] [--since WHEN]",
	    "the configured topics with their messages" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *const cli_statuses[CLI_NSTATUSES] = {
	"new", "in_progress", "resolved", "rejected",
};

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: gopy [-h] [-c file] [--db path] command "
	    "[argument ...]\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++) {
		fprintf(out, "  %-8s %s\n", commands[i].name,
		    commands[i].summary);
	}
	fprintf(out, "\n  -c file    configuration (default %s)\n"
	    "  --db path  database (default: database.path of the "
	    "configuration)\n"
	    "Run 'gopy help COMMAND' for the options of a command.\n",
	    CONF_DEFAULT_PATH);
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, name) == 0) {
			return &commands[i];
		}
	}
	return NULL;
}

int
command_usage(const char *name)
{
	const struct command *c = find_command(name);

	fprintf(stderr, "usage: gopy %s\n", c->synopsis);
	return EXIT_USAGE;
}

int
parse_int(const char *s, long long min, long long max, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	if (s[0] == '\0' || *end != '\0' || errno == ERANGE || *v < min ||
	    *v > max) {
		return -1;
	}
	return 0;
}

int
open_store_mode(struct cli *cli, enum store_mode mode)
{
	char err[512];

	cli->store = store_open(cli->db, mode,
	    cli->conf.database.busy_timeout, err, sizeof(err));
	if (cli->store == NULL) {
		log_warnx("%s", err);
		return -1;
	}
	return 0;
}

int
open_store(struct cli *cli)
{
	return open_store_mode(cli, STORE_READ_ONLY);
}

int
parse_when(const char *s, int64_t *t)
{
	time_t now = time(NULL);
	long long n;
	struct tm tm;
	char *end;
	size_t len = strlen(s);

	localtime_r(&now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if (strcmp(s, "today") == 0 || strcmp(s, "yesterday") == 0) {
		tm.tm_mday -= s[0] == 'y';
		*t = (int64_t)mktime(&tm);
		return 0;
	}
	if (len >= 2 && (s[len - 1] == 'd' || s[len - 1] == 'h')) {
		errno = 0;
		n = strtoll(s, &end, 10);
		if (end != s + len - 1 || errno != 0 || n < 0 ||
		    n > 100000) {
			return -1;
		}
		*t = (int64_t)now - n * (s[len - 1] == 'd' ? 86400 : 3600);
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0') {
		return -1;
	}
	tm.tm_isdst = -1;
	*t = (int64_t)mktime(&tm);
	return 0;
}

void
format_time(int64_t t, bool iso, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	char zone[8];
	struct tm tm;

	localtime_r(&tt, &tm);
	if (!iso) {
		strftime(out, outlen, "%Y-%m-%d %H:%M", &tm);
		return;
	}
	/* %z gives +0700; RFC 3339 wants +07:00. */
	strftime(zone, sizeof(zone), "%z", &tm);
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + strlen(out), outlen - strlen(out), "%.3s:%s", zone,
	    zone + 3);
}

const char *
topic_name(const struct cli *cli, const char *id)
{
	int i = conf_topic_index(&cli->conf, id);

	return i < 0 ? NULL : cli->conf.topics[i].name;
}

void
message_json(const struct cli *cli, const struct store_message *m,
    struct buf *out)
{
	char when[40];

	buf_addc(out, '{');
	json_add_int(out, "id", m->id);
	json_add_field(out, "ticket", m->ticket);
	json_add_field(out, "sender", m->sender);
	json_add_field(out, "sender_type", m->sender_type);
	format_time(m->received_at, true, when, sizeof(when));
	json_add_field(out, "received_at", when);
	format_time(m->stored_at, true, when, sizeof(when));
	json_add_field(out, "stored_at", when);
	json_add_field(out, "text", m->text);
	json_add_field(out, "topic", m->topic);
	json_add_field(out, "topic_name", topic_name(cli, m->topic));
	json_add_double(out, "score", m->score);
	json_add_field(out, "keywords", m->keywords);
	json_add_field(out, "scores", m->scores);
	json_add_bool(out, "unsure", m->unsure);
	json_add_field(out, "topic_by", m->topic_by);
	json_add_field(out, "status", m->status);
	json_add_field(out, "assignee", m->assignee);
	json_add_field(out, "commune", m->commune);
	json_add_int(out, "parts", m->parts);
	json_add_bool(out, "incomplete", m->incomplete);
	json_add_field(out, "error", m->error);
}

size_t
terminal_width(void)
{
	struct winsize ws;
	long long cols;
	const char *env;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0) {
		return ws.ws_col;
	}
	env = getenv("COLUMNS");
	if (env != NULL && parse_int(env, 20, 10000, &cols) == 0) {
		return (size_t)cols;
	}
	return 0;
}

struct list_state {
	struct cli	*cli;
	bool		 json;
	struct table	*table;
	struct buf	 line;
};

static int
list_one(void *arg, const struct store_message *m)
{
	struct list_state *ls = arg;
	char id[24], when[40];
	const char *cells[7];
	struct buf text;

	if (ls->json) {
		buf_reset(&ls->line);
		message_json(ls->cli, m, &ls->line);
		buf_addc(&ls->line, '}');
		puts(ls->line.data);
		return 0;
	}
	buf_init(&text);
	if (m->error != NULL) {
		buf_addf(&text, "[undecodable: %s]", m->error);
	} else {
		buf_adds(&text, m->text);
	}
	snprintf(id, sizeof(id), "%lld", (long long)m->id);
	format_time(m->received_at, false, when, sizeof(when));
	cells[0] = id;
	cells[1] = m->ticket;
	cells[2] = when;
	cells[3] = m->sender;
	cells[4] = m->topic;
	cells[5] = m->status;
	cells[6] = text.data;
	table_add_row(ls->table, cells);
	buf_release(&text);
	return 0;
}

int
check_choice(const char *what, const char *v, const char *const *choices,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(v, choices[i]) == 0) {
			return 0;
		}
	}
	fprintf(stderr, "gopy: unknown %s '%s'; one of:", what, v);
	for (i = 0; i < n; i++) {
		fprintf(stderr, " %s", choices[i]);
	}
	fprintf(stderr, "\n");
	return -1;
}

int
check_topic(const struct cli *cli, const char *id)
{
	size_t i;

	if (conf_topic_index(&cli->conf, id) >= 0) {
		return 0;
	}
	fprintf(stderr, "gopy: unknown topic '%s'; one of:", id);
	for (i = 0; i < cli->conf.ntopics; i++) {
		fprintf(stderr, " %s", cli->conf.topics[i].id);
	}
	fprintf(stderr, "\n");
	return -1;
}

static int
cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'l' },
		{ "status", required_argument, NULL, 's' },
		{ "topic", required_argument, NULL, 't' },
		{ "unsure", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const headers[] = {
		"ID", "TICKET", "RECEIVED", "SENDER", "TOPIC", "STATUS", "TEXT",
	};
	struct store_filter f;
	struct list_state ls;
	long long limit = LIST_DEFAULT_LIMIT;
	int ch, n;

	memset(&f, 0, sizeof(f));
	memset(&ls, 0, sizeof(ls));
	ls.cli = cli;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			ls.json = true;
			break;
		case 'l':
			if (parse_int(optarg, 0, LIST_MAX_LIMIT, &limit) == -1) {
				fprintf(stderr, "gopy: --limit '%s' is not a "
				    "number from 0 (all) to %d\n", optarg,
				    LIST_MAX_LIMIT);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (check_choice("status", optarg, cli_statuses,
			    CLI_NSTATUSES) == -1) {
				return EXIT_USAGE;
			}
			f.status = optarg;
			break;
		case 't':
			if (check_topic(cli, optarg) == -1) {
				return EXIT_USAGE;
			}
			f.topic = optarg;
			break;
		case 'u':
			f.unsure = true;
			break;
		default:
			return command_usage("list");
		}
	}
	if (optind != argc) {
		return command_usage("list");
	}
	f.limit = (int)limit;
	if (open_store(cli) == -1) {
		return 1;
	}
	buf_init(&ls.line);
	if (!ls.json) {
		ls.table = table_new(7, headers);
	}
	n = store_list(cli->store, &f, list_one, &ls);
	if (n == -1) {
		log_warnx("%s", store_error(cli->store));
	} else if (!ls.json) {
		table_print(ls.table, stdout, terminal_width(), 6);
	}
	table_free(ls.table);
	buf_release(&ls.line);
	return n == -1 ? 1 : 0;
}

static int
reply_json(void *arg, const struct store_outbox *o)
{
	struct buf *out = arg;
	char when[40];

	if (out->data[out->len - 1] != '[') {
		buf_addc(out, ',');
	}
	buf_addc(out, '{');
	json_add_int(out, "id", o->id);
	json_add_field(out, "recipient", o->recipient);
	json_add_field(out, "text", o->text);
	json_add_field(out, "state", o->state);
	json_add_int(out, "attempts", o->attempts);
	json_add_field(out, "last_error", o->last_error);
	format_time(o->created_at, true, when, sizeof(when));
	json_add_field(out, "created_at", when);
	if (o->sent_at != 0) {
		format_time(o->sent_at, true, when, sizeof(when));
		json_add_field(out, "sent_at", when);
	} else {
		json_add_field(out, "sent_at", NULL);
	}
	json_add_field(out, "delivery", o->delivery);
	buf_addc(out, '}');
	return 0;
}

static int
reply_text(void *arg, const struct store_outbox *o)
{
	struct buf clean;
	char when[40];

	(void)arg;
	buf_init(&clean);
	table_clean(o->text, strlen(o->text), &clean);
	format_time(o->sent_at != 0 ? o->sent_at : o->created_at, false, when,
	    sizeof(when));
	printf("  #%lld %-7s %s to %s, %d attempt%s%s%s%s%s\n    %s\n",
	    (long long)o->id, o->state, when, o->recipient, o->attempts,
	    o->attempts == 1 ? "" : "s", o->last_error != NULL ? ": " : "",
	    o->last_error != NULL ? o->last_error : "",
	    o->delivery != NULL ? ", " : "",
	    o->delivery != NULL ? o->delivery : "", clean.data);
	buf_release(&clean);
	return 0;
}

/* Print one labelled field, cleaned for the terminal. */
static void
show_field(const char *label, const char *value)
{
	struct buf clean;

	buf_init(&clean);
	if (value != NULL) {
		table_clean(value, strlen(value), &clean);
	}
	printf("%-10s %s\n", label, clean.data);
	buf_release(&clean);
}

static void
show_text(const struct store_message *m)
{
	char when[40], line[256];

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
	snprintf(line, sizeof(line), "%d%s", m->parts, m->incomplete ?
	    ", some never came (marked in the text)" : "");
	show_field("Parts:", line);
	if (m->error != NULL) {
		show_field("Error:", m->error);
		show_field("PDU:", m->raw_pdu);
	}
}

/*
 * The message id arg names: a ticket ("0042-7", "0042 7", "00427") or a
 * plain id ("42"). Ids never start with 0, so a leading 0 or a separator
 * means a ticket; "12345" is id 12345, its ticket "1234-5".
 */
int64_t
resolve_id(const char *arg)
{
	long long v;

	if (arg[0] == '0' || strpbrk(arg, "- .") != NULL) {
		return reply_ticket_parse(arg);
	}
	if (parse_int(arg, 1, LLONG_MAX, &v) == -1) {
		return -1;
	}
	return v;
}

static int
cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_message m;
	struct buf out, clean;
	bool json = false;
	const char *name;
	int64_t id;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'j') {
			return command_usage("show");
		}
		json = true;
	}
	if (optind + 1 != argc) {
		return command_usage("show");
	}
	id = resolve_id(argv[optind]);
	if (id == -1) {
		fprintf(stderr, "gopy: '%s' is neither a message id nor a "
		    "ticket\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (open_store(cli) == -1) {
		return 1;
	}
	rc = store_get_message(cli->store, id, &m);
	if (rc != 1) {
		if (rc == 0) {
			log_warnx("no message '%s'", argv[optind]);
		} else {
			log_warnx("%s", store_error(cli->store));
		}
		return 1;
	}
	buf_init(&out);
	if (json) {
		message_json(cli, &m, &out);
		json_add_field(&out, "raw_pdu", m.raw_pdu);
		buf_adds(&out, ",\"replies\":[");
		rc = store_list_replies(cli->store, m.id, reply_json, &out);
		buf_adds(&out, "]}");
		if (rc != -1) {
			puts(out.data);
		}
	} else {
		printf("Message %lld, ticket %s\n", (long long)m.id,
		    m.ticket != NULL ? m.ticket : "-");
		show_text(&m);
		name = topic_name(cli, m.topic);
		buf_addf(&out, "%s%s%s%s, score %g%s%s", m.topic,
		    name != NULL ? " (" : "", name != NULL ? name : "",
		    name != NULL ? ")" : "", m.score,
		    m.unsure ? ", unsure" : "",
		    m.topic_by != NULL ? ", set by " : "");
		if (m.topic_by != NULL) {
			buf_adds(&out, m.topic_by);
		}
		if (m.keywords[0] != '\0') {
			buf_addf(&out, "; keywords: %s", m.keywords);
		}
		if (m.scores[0] != '\0') {
			buf_addf(&out, "; all scores: %s", m.scores);
		}
		show_field("Topic:", out.data);
		buf_init(&clean);
		table_clean(m.text, strlen(m.text), &clean);
		printf("Text:\n  %s\nReplies:\n", clean.data);
		buf_release(&clean);
		rc = store_list_replies(cli->store, m.id, reply_text, NULL);
		if (rc == 0) {
			printf("  none\n");
		}
	}
	if (rc == -1) {
		log_warnx("%s", store_error(cli->store));
	}
	buf_release(&out);
	store_message_release(&m);
	return rc == -1 ? 1 : 0;
}

/* t in the zone tz_minutes east of UTC, as ISO 8601 with that offset. */
static void
format_zoned(int64_t t, int tz_minutes, char *out, size_t outlen)
{
	time_t local = (time_t)(t + (int64_t)tz_minutes * 60);
	int a = tz_minutes < 0 ? -tz_minutes : tz_minutes;
	struct tm tm;

	gmtime_r(&local, &tm);
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + strlen(out), outlen - strlen(out), "%c%02d:%02d",
	    tz_minutes < 0 ? '-' : '+', a / 60, a % 60);
}

static void
addr_json(struct buf *out, const char *key, const char *type_key,
    const struct pdu_addr *a)
{
	json_add_field(out, key, a->text[0] != '\0' ? a->text : NULL);
	json_add_field(out, type_key, pdu_ton_name(a->ton));
}

static void
ud_json(struct buf *out, enum pdu_coding coding, int msg_class,
    const struct pdu_concat *concat, const char *text)
{
	static const char *const codings[] = {
		[PDU_CODING_GSM7] = "gsm7",
		[PDU_CODING_8BIT] = "8bit",
		[PDU_CODING_UCS2] = "ucs2",
	};

	json_add_field(out, "dcs", codings[coding]);
	if (msg_class >= 0) {
		json_add_int(out, "class", msg_class);
	}
	if (concat->total > 0) {
		buf_addf(out, ",\"udh\":{\"concat\":{\"ref\":%u,"
		    "\"total\":%u,\"seq\":%u}}", concat->ref, concat->total,
		    concat->seq);
	} else {
		buf_adds(out, ",\"udh\":null");
	}
	json_add_field(out, "text", text);
}

/* One PDU as a JSON object into out. Returns 0, or -1 when it did not decode. */
static int
decode_json(const char *hex, bool has_smsc, struct buf *out)
{
	static const char *const deliveries[] = {
		[PDU_ST_DELIVERED] = "delivered",
		[PDU_ST_PENDING] = "pending",
		[PDU_ST_FAILED] = "failed",
	};
	struct pdu_status_report sr;
	uint8_t bytes[PDU_MAX_BYTES];
	struct pdu_deliver d;
	struct pdu_submit s;
	char err[256], when[40];
	size_t n;
	int rc;

	buf_addc(out, '{');
	json_add_field(out, "hex", hex);
	rc = pdu_from_hex(hex, strlen(hex), bytes, sizeof(bytes), &n);
	if (rc != PDU_OK) {
		snprintf(err, sizeof(err), "not hex of at most %d octets",
		    PDU_MAX_BYTES);
		goto fail;
	}
	rc = pdu_type(bytes, n, has_smsc);
	if (rc == PDU_TYPE_STATUS_REPORT) {
		json_add_field(out, "type", "status-report");
		if ((rc = pdu_decode_status_report(bytes, n, has_smsc, &sr,
		    NULL, err, sizeof(err))) != PDU_OK) {
			goto fail;
		}
		json_add_field(out, "smsc", sr.smsc.text[0] != '\0' ?
		    sr.smsc.text : NULL);
		json_add_int(out, "mr", sr.mr);
		addr_json(out, "recipient", "recipient_type", &sr.recipient);
		format_zoned(sr.scts, sr.scts_tz, when, sizeof(when));
		json_add_field(out, "scts", when);
		format_zoned(sr.discharge, sr.discharge_tz, when, sizeof(when));
		json_add_field(out, "discharge", when);
		json_add_int(out, "status", sr.status);
		json_add_field(out, "delivery",
		    deliveries[pdu_status_class(sr.status)]);
	} else if (rc == PDU_TYPE_SUBMIT) {
		json_add_field(out, "type", "submit");
		if (!has_smsc) {
			snprintf(err, sizeof(err), "an SMS-SUBMIT is read with "
			    "its SMSC field");
			goto fail;
		}
		if ((rc = pdu_decode_submit(bytes, n, &s, err,
		    sizeof(err))) != PDU_OK) {
			goto fail;
		}
		json_add_int(out, "mr", s.mr);
		addr_json(out, "recipient", "recipient_type", &s.to);
		ud_json(out, s.coding, -1, &s.concat, s.text);
	} else {
		json_add_field(out, "type", "deliver");
		if ((rc = pdu_decode_deliver(bytes, n, has_smsc, &d, NULL, err,
		    sizeof(err))) != PDU_OK) {
			goto fail;
		}
		json_add_field(out, "smsc", d.smsc.text[0] != '\0' ?
		    d.smsc.text : NULL);
		addr_json(out, "sender", "sender_type", &d.sender);
		format_zoned(d.scts, d.tz_minutes, when, sizeof(when));
		json_add_field(out, "scts", when);
		json_add_int(out, "pid", d.pid);
		ud_json(out, d.coding, d.msg_class, &d.concat, d.text);
	}
	buf_addc(out, '}');
	return 0;

fail:
	json_add_field(out, "error", err);
	buf_addc(out, '}');
	return -1;
}

static int
cmd_decode(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-smsc", no_argument, NULL, 'n' },
		{ "smsc", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	bool has_smsc = true;
	struct buf out;
	int ch, i, rc = 0;

	(void)cli;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			has_smsc = false;
			break;
		case 's':
			has_smsc = true;
			break;
		default:
			return command_usage("decode");
		}
	}
	if (optind == argc) {
		return command_usage("decode");
	}
	buf_init(&out);
	for (i = optind; i < argc; i++) {
		buf_reset(&out);
		if (decode_json(argv[i], has_smsc, &out) == -1) {
			rc = 1;
		}
		puts(out.data);
	}
	buf_release(&out);
	return rc;
}

static int
cmd_help(struct cli *cli, int argc, char **argv)
{
	const struct command *c;

	(void)cli;
	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	c = find_command(argv[1]);
	if (c == NULL) {
		fprintf(stderr, "gopy: no command '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	printf("usage: gopy %s\n%s\n", c->synopsis, c->summary);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = CONF_DEFAULT_PATH;
	const struct command *c;
	struct cli cli;
	struct buf errs;
	char tzerr[256];
	int ch, rc;

	log_init("gopy", 0);
	memset(&cli, 0, sizeof(cli));
	/* "+": options after the command name belong to the command. */
	while ((ch = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			file = optarg;
			break;
		case 'd':
			cli.db = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	c = find_command(argv[optind]);
	if (c == NULL) {
		fprintf(stderr, "gopy: no command '%s'; try 'gopy help'\n",
		    argv[optind]);
		return EXIT_USAGE;
	}
	buf_init(&errs);
	if (c->needs_conf && conf_load(&cli.conf, file, &errs) == -1) {
		fputs(errs.data, stderr);
		buf_release(&errs);
		conf_release(&cli.conf);
		return 1;
	}
	buf_release(&errs);
	if (tz_setup(cli.conf.display.timezone, tzerr, sizeof(tzerr)) == -1) {
		log_warnx("%s", tzerr);
	}
	if (cli.db == NULL) {
		cli.db = cli.conf.database.path;
	}
	/* The command parses its own options from its name on. */
	argc -= optind;
	argv += optind;
	optind = 0;
	rc = c->run(&cli, argc, argv);
	store_close(cli.store);
	conf_release(&cli.conf);
	return rc;
}
