/*
 * gopy: the officers' command line. Reads the same configuration as gopyd
 * and works on the same database, which it opens read-only for the commands
 * that only look. Output is a table on a terminal, or one JSON object per
 * line with --json.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "csv.h"
#include "gopy.h"
#include "json.h"
#include "log.h"
#include "pdu.h"
#include "reply.h"
#include "store.h"
#include "table.h"
#include "text.h"
#include "tz.h"


struct command {
	const char *name;
	int	(*run)(struct cli *cli, int argc, char **argv);
	bool	needs_conf;	/* reads the configuration (and database) */
	const char *synopsis;
	const char *summary;
	/* What --help adds: "  --option  what it does" lines; NULL: none */
	const char *options;
};

static int	cmd_decode(struct cli *, int, char **);
static int	cmd_help(struct cli *, int, char **);

/* The filters list, search and export share. */
#define FILTERS_HELP \
"filters (all given must hold):\n" \
"  --assignee NAME   assigned to NAME\n" \
"  --commune NAME    about commune NAME\n" \
"  --from NUMBER     sent from NUMBER, written any way (0912..., 84912...,\n" \
"                    +84912...)\n" \
"  --incomplete      parts of a long SMS never came\n" \
"  --since WHEN      received at or after WHEN\n" \
"  --status STATUS   new, in_progress, resolved or rejected\n" \
"  --topic TOPIC     a topic id of the configuration (gopy topics)\n" \
"  --unsure          the classifier was unsure and no officer filed it\n" \
"  --until WHEN      received before WHEN; a day is included whole\n" \
"WHEN is YYYY-MM-DD, today, yesterday, or back from now as 7d or 24h.\n"

static const struct command commands[] = {
	{ "decode", cmd_decode, false, "decode [--smsc | --no-smsc] HEX ...",
	    "decode SMS PDUs given in hex, one JSON object each",
	    "  --no-smsc  the PDUs begin with the TPDU, without an SMSC "
	    "address\n"
	    "  --smsc     the PDUs begin with the SMSC address (the "
	    "default)\n" },
	{ "export", cmd_export, true,
	    "export --csv | --excel | --json [--limit N] [filter ...]",
	    "every field of the messages, for a report (default: all)",
	    "  --csv      CSV (RFC 4180, UTF-8) with a header row\n"
	    "  --excel    CSV for Microsoft Excel: with a byte order mark,\n"
	    "             and a field starting with = + - @ gets a leading "
	    "'\n"
	    "  --json     one JSON object per line\n"
	    "  --limit N  at most N messages, newest first (default 0: all)\n"
	    FILTERS_HELP },
	{ "help", cmd_help, false, "help [COMMAND]",
	    "show help for gopy or a command", NULL },
	{ "classify", cmd_classify, true, "classify [--json] [TEXT ...]",
	    "show how texts (or lines of standard input) are classified",
	    "  --json  one JSON object per text, with unsure and every "
	    "topic's scores\n" },
	{ "learn", cmd_learn, true,
	    "learn [--no-corrections] [-o FILE] [FILE.tsv ...]",
	    "learn keyword weights from labelled messages and corrections",
	    "  --no-corrections     leave out the topics officers set by "
	    "hand\n"
	    "  -o, --output FILE    write the weights to FILE, not standard "
	    "output\n"
	    "FILE.tsv has lines TOPIC<TAB>TEXT.\n" },
	{ "list", cmd_list, true,
	    "list [--csv | --json] [--limit N] [filter ...]",
	    "list messages, newest first",
	    "  --csv      CSV with a header row (the fields of --json)\n"
	    "  --json     one JSON object per line\n"
	    "  --limit N  at most N messages; 0 for all (default: a "
	    "screenful on a\n"
	    "             terminal, else 50)\n"
	    FILTERS_HELP },
	{ "reclassify", cmd_reclassify, true, "reclassify [--since WHEN]",
	    "classify stored messages again with the current configuration",
	    "  --since WHEN  only messages received since WHEN: YYYY-MM-DD, "
	    "today,\n"
	    "                yesterday, 7d, 24h\n" },
	{ "search", cmd_search, true,
	    "search [--csv | --json] [--limit N] [filter ...] WORD ...",
	    "find messages with all the words, best match first",
	    "  --csv      CSV with a header row (the fields of --json)\n"
	    "  --json     one JSON object per line, with \"matches\": the\n"
	    "             [start, end) code points of each word found\n"
	    "  --limit N  at most N messages; 0 for all (default: a "
	    "screenful on a\n"
	    "             terminal, else 50)\n"
	    FILTERS_HELP
	    "Words match whole words, without regard to case or "
	    "diacritics: trom bo\n"
	    "finds \"Trộm bò\". Only the newest 5000 matches are "
	    "ranked.\n" },
	{ "show", cmd_show, true, "show [--json | --raw] ID|TICKET",
	    "show one message whole: parts, topic, history, replies",
	    "  --json  one JSON object, with \"history\" and \"replies\"\n"
	    "  --raw   also the PDUs it came in, one per line\n" },
	{ "stats", cmd_stats, true,
	    "stats [--by topic|status|day|week|commune] [--csv | --json] "
	    "[--since WHEN] [--status S] [--topic T] [--until WHEN]",
	    "count messages by topic, status, day, week or commune",
	    "  --by G        group by topic (default), status, day, week (Monday to\n"
	    "                Sunday, ISO week numbers) or commune\n"
	    "  --csv         CSV with a header row (RFC 4180)\n"
	    "  --json        one JSON object per line\n"
	    "  --since WHEN  from the start of that day: YYYY-MM-DD, today, "
	    "yesterday,\n"
	    "                7d, 24h (default 30d)\n"
	    "  --status S    only messages with status S\n"
	    "  --topic T     only messages of topic T\n"
	    "  --until WHEN  to the end of that day (default: today)\n"
	    "Counts whole local days, with a bar chart.\n" },
	{ "status", cmd_status, true, "status [--json]",
	    "is gopyd running, and how is the modem",
	    "  --json        one JSON object\n"
	    "Exits 0 only when gopyd runs and the modem is ready.\n" },
	{ "topics", cmd_topics, true, "topics [--json] [--since WHEN]",
	    "the configured topics with their messages",
	    "  --json        one JSON object per line\n"
	    "  --since WHEN  also count the messages from the start of that day\n"
	    "                (default 30d)\n" },
	{ "set", cmd_set, true, "set [--assign NAME | --unassign] "
	    "[--commune NAME] [--note TEXT] [--status S [--notify]] "
	    "[--topic T] ID|TICKET",
	    "work a message: status, assignee, topic, commune, notes",
	    "  --assign NAME   give it to an officer (at most 64 bytes)\n"
	    "  --commune NAME  the commune it is about (at most 64 bytes)\n"
	    "  --note TEXT     add a note (at most 2000 bytes); may be repeated\n"
	    "  --notify        with --status resolved: one SMS tells the citizen\n"
	    "                  (reply.notify_template)\n"
	    "  --status S      new, in_progress, resolved or rejected\n"
	    "  --topic T       a topic id of the configuration; the classifier\n"
	    "                  and gopy reclassify leave it alone from then on\n"
	    "  --unassign      give it to nobody\n"
	    "Each change is kept in the message's history with your user.\n" },
	{ "audit", cmd_audit, true, "audit [--json] [--limit N] "
	    "[--message ID|TICKET] [--since D] [--until D] [--user U]",
	    "list every change officers made, newest first",
	    "  --json          one JSON object per line\n"
	    "  --limit N       at most N rows (default 50; 0 for all)\n"
	    "  --message ID    only the history of this message\n"
	    "  --since D       from D: YYYY-MM-DD, today, yesterday, 7d, 24h\n"
	    "  --until D       up to D; a day is included whole\n"
	    "  --user U        only what U did, also through sudo\n" },
	{ "reply", cmd_reply, true, "reply ID|TICKET TEXT",
	    "queue an SMS to the sender of a message",
	    "gopyd sends it. Words after ID are joined with spaces; put -- "
	    "before a text\nthat starts with -.\n" },
	{ "send", cmd_send, true, "send NUMBER TEXT",
	    "queue an SMS to a phone number",
	    "NUMBER as +84..., 84... or 0...; gopyd sends it. Words after "
	    "NUMBER are\njoined with spaces.\n" },
	{ "outbox", cmd_outbox, true, "outbox [--json] [--limit N] [--since D] "
	    "[--state S]",
	    "SMS queued, sent and failed, with their delivery",
	    "  --json          one JSON object per line\n"
	    "  --limit N       at most N rows (default 50; 0 for all)\n"
	    "  --since D       queued from D: YYYY-MM-DD, today, yesterday, 7d, 24h\n"
	    "  --state S       queued, sending, sent or failed\n" },
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
	    "Run 'gopy COMMAND --help' for the options of a command.\n",
	    CONF_DEFAULT_PATH);
}

/* What gopy COMMAND --help and gopy help COMMAND print. */
static void
command_help(const struct command *c)
{
	printf("usage: gopy %s\n%s\n", c->synopsis, c->summary);
	if (c->options != NULL) {
		printf("\n%s", c->options);
	}
}

/*
 * Whether the arguments of a command ask for its help: -h or --help
 * before any "--" (after which everything is an operand).
 */
static bool
wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			return true;
		}
	}
	return false;
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
format_arg(enum cli_format *format, enum cli_format want)
{
	if (*format != FORMAT_TABLE && *format != want) {
		fprintf(stderr, "gopy: --json and --csv exclude each other\n");
		return -1;
	}
	*format = want;
	return 0;
}

void
print_csv_record(const struct csv_record *r)
{
	struct buf clean;

	if (!isatty(STDOUT_FILENO)) {
		fwrite(r->data.data, 1, r->data.len, stdout);
		return;
	}
	buf_init(&clean);
	table_clean(r->data.data, r->data.len, &clean);
	/* The record's own CRLF became two spaces. */
	printf("%.*s\n", (int)(clean.len - 2), clean.data);
	buf_release(&clean);
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
		if (!explain_denied(cli, mode != STORE_READ_ONLY)) {
			fprintf(stderr, "gopy: %s\n", err);
		}
		return -1;
	}
	return 0;
}

int
open_store(struct cli *cli)
{
	return open_store_mode(cli, STORE_READ_ONLY);
}

/* Whether path lacks amode for us for want of permission. */
static bool
denied(const char *path, int amode)
{
	return access(path, amode) == -1 && (errno == EACCES || errno == EPERM);
}

bool
explain_denied(const struct cli *cli, bool write)
{
	static const char *const sides[] = { "-wal", "-shm" };
	char dir[PATH_MAX], side[PATH_MAX + 8];
	const char *what = NULL, *verb = NULL, *slash, *group = "gopy";
	const struct passwd *pw;
	const struct group *gr;
	struct stat sb;
	size_t i;

	slash = strrchr(cli->db, '/');
	if (slash == NULL) {
		snprintf(dir, sizeof(dir), ".");
	} else {
		snprintf(dir, sizeof(dir), "%.*s", slash == cli->db ? 1 :
		    (int)(slash - cli->db), cli->db);
	}
	if (denied(dir, X_OK)) {
		what = dir;
		verb = "enter";
	} else if (access(cli->db, F_OK) == -1) {
		return false;	/* missing: not a matter of permission */
	} else if (denied(cli->db, write ? R_OK | W_OK : R_OK)) {
		what = cli->db;
		verb = write ? "write" : "read";
	}
	/* WAL: readers too write the -shm file, and create both if absent. */
	for (i = 0; what == NULL && i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", cli->db, sides[i]);
		if (access(side, F_OK) == 0) {
			if (denied(side, R_OK | W_OK)) {
				what = side;
				verb = "write";
			}
		} else if (denied(dir, W_OK | X_OK)) {
			what = dir;
			verb = "create files in";
		}
	}
	if (what == NULL) {
		return false;
	}
	/* The files' group is the officers', unless it is root's. */
	if ((stat(cli->db, &sb) == 0 || stat(dir, &sb) == 0) &&
	    sb.st_gid != 0 && (gr = getgrgid(sb.st_gid)) != NULL) {
		group = gr->gr_name;
	}
	pw = getpwuid(getuid());
	fprintf(stderr, "gopy: permission denied: cannot %s '%s'; officers "
	    "must be in group %s: sudo adduser %s %s (then log in again); "
	    "see gopy(1)\n", verb, what, group,
	    pw != NULL ? pw->pw_name : "NAME", group);
	return true;
}

int
store_failed(const struct cli *cli, bool write)
{
	if (!explain_denied(cli, write)) {
		fprintf(stderr, "gopy: %s\n", store_error(cli->store));
	}
	return 1;
}

int
limit_arg(const char *arg, int *limit)
{
	long long v;

	if (parse_int(arg, 0, CLI_LIMIT_MAX, &v) == -1) {
		fprintf(stderr, "gopy: --limit '%s' is not a number from 0 "
		    "(all) to %d\n", arg, CLI_LIMIT_MAX);
		return -1;
	}
	*limit = (int)v;
	return 0;
}

/*
 * A time as officers write it: YYYY-MM-DD (local midnight), "today",
 * "yesterday", or a span back from now, "7d" or "24h". Returns 0 with the
 * Unix time in *t and whether it names a whole day in *day, or -1.
 */
static int
parse_when(const char *s, int64_t *t, bool *day)
{
	time_t now = time(NULL);
	long long n;
	struct tm tm;
	char *end;
	size_t len = strlen(s);
	int mday;

	*day = true;
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
		*day = false;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0') {
		return -1;
	}
	/* strptime takes any day up to 31: 2025-02-30 must not be March 2. */
	mday = tm.tm_mday;
	tm.tm_isdst = -1;
	*t = (int64_t)mktime(&tm);
	return tm.tm_mday == mday ? 0 : -1;
}

static int
when_arg(const char *option, const char *arg, int64_t *t, bool *day)
{
	if (parse_when(arg, t, day) == -1) {
		fprintf(stderr, "gopy: %s '%s' is not a date (YYYY-MM-DD, "
		    "today, yesterday, 7d, 24h)\n", option, arg);
		return -1;
	}
	return 0;
}

int
since_arg(const char *arg, int64_t *t)
{
	bool day;

	return when_arg("--since", arg, t, &day);
}

int
until_arg(const char *arg, int64_t *t)
{
	time_t tt;
	struct tm tm;
	bool day;

	if (when_arg("--until", arg, t, &day) == -1) {
		return -1;
	}
	if (day) {
		tt = (time_t)*t;
		localtime_r(&tt, &tm);
		tm.tm_mday++;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		*t = (int64_t)mktime(&tm);
	}
	return 0;
}

int
check_range(const char *since_text, int64_t since, const char *until_text,
    int64_t until)
{
	if (since != 0 && until != 0 && until <= since) {
		fprintf(stderr, "gopy: --until '%s' is before --since '%s'\n",
		    until_text, since_text);
		return -1;
	}
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
	json_add_field(out, "kind", m->kind);
	json_add_field(out, "unanswered", m->unanswered);
	if (m->repeat_of != 0) {
		json_add_int(out, "repeat_of", m->repeat_of);
	} else {
		json_add_field(out, "repeat_of", NULL);
	}
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

const char *
commune_named(const struct cli *cli, const char *v)
{
	struct buf want, name;
	const char *found = NULL;
	size_t i;

	if (cli->conf.ncommunes == 0) {
		return v;
	}
	buf_init(&want);
	buf_init(&name);
	text_fold(v, strlen(v), &want);
	for (i = 0; i < cli->conf.ncommunes && found == NULL; i++) {
		buf_reset(&name);
		text_fold(cli->conf.communes[i].name,
		    strlen(cli->conf.communes[i].name), &name);
		if (want.len > 0 && strcmp(want.data, name.data) == 0) {
			found = cli->conf.communes[i].name;
		}
	}
	buf_release(&want);
	buf_release(&name);
	if (found == NULL) {
		fprintf(stderr, "gopy: unknown commune '%s'; one of:", v);
		for (i = 0; i < cli->conf.ncommunes; i++) {
			fprintf(stderr, " '%s'", cli->conf.communes[i].name);
		}
		fprintf(stderr, "\n");
	}
	return found;
}

void
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
	command_help(c);
	return 0;
}

/*
 * The exit status rc, or 1 when what the command printed did not reach
 * standard output (a full disk, a closed pipe): a report cut short is a
 * failure, whichever command wrote it.
 */
static int
output_status(int rc)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "gopy: write output: %s\n", strerror(errno));
		return rc != 0 ? rc : 1;
	}
	return rc;
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
			return output_status(0);
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
	if (wants_help(argc - optind - 1, argv + optind + 1)) {
		command_help(c);
		return output_status(0);
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
	return output_status(rc);
}
