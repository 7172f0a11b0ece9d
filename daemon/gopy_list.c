/*
 * gopy's commands for finding and reading messages: list (newest first),
 * search (full text, best match first, the match highlighted) and export
 * (every field, for reports). They share one set of filters and print a
 * table, JSON lines or CSV. They only read.
 */
#include <sys/ioctl.h>

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "csv.h"
#include "gopy.h"
#include "json.h"
#include "number.h"
#include "store.h"
#include "table.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

#define LIST_DEFAULT_LIMIT	50	/* rows when not on a terminal */
#define LIST_MIN_SCREEN		5	/* a screenful, at the least */
#define TEXT_COLUMN		6	/* the column that gives way */

/* getopt_long values of the shared options, beyond any single letter. */
enum {
	OPT_ASSIGNEE = 256,
	OPT_COMMUNE,
	OPT_CSV,
	OPT_EXCEL,
	OPT_FROM,
	OPT_INCOMPLETE,
	OPT_JSON,
	OPT_LIMIT,
	OPT_SINCE,
	OPT_STATUS,
	OPT_TOPIC,
	OPT_UNSURE,
	OPT_UNTIL,
};

#define SHARED_OPTIONS \
	{ "assignee", required_argument, NULL, OPT_ASSIGNEE }, \
	{ "commune", required_argument, NULL, OPT_COMMUNE }, \
	{ "csv", no_argument, NULL, OPT_CSV }, \
	{ "from", required_argument, NULL, OPT_FROM }, \
	{ "incomplete", no_argument, NULL, OPT_INCOMPLETE }, \
	{ "json", no_argument, NULL, OPT_JSON }, \
	{ "limit", required_argument, NULL, OPT_LIMIT }, \
	{ "since", required_argument, NULL, OPT_SINCE }, \
	{ "status", required_argument, NULL, OPT_STATUS }, \
	{ "topic", required_argument, NULL, OPT_TOPIC }, \
	{ "unsure", no_argument, NULL, OPT_UNSURE }, \
	{ "until", required_argument, NULL, OPT_UNTIL }

/* What a command line asks of list, search or export. */
struct query {
	struct store_filter f;
	char	sender[NUMBER_MAX];	/* --from normalised; f.sender */
	const char *since_text;		/* --since as typed */
	const char *until_text;		/* --until as typed */
	enum cli_format format;		/* --json, --csv (--excel is CSV) */
	bool	limit_set;		/* --limit was given */
	bool	excel;			/* export --excel */
};

/* What printing the messages needs, row after row. */
struct output {
	const struct cli *cli;
	enum cli_format format;
	struct table *table;
	struct buf line;
	struct csv_record csv;
	/* search: the folded query words, to find them in each text */
	bool	search;
	char	**words;
	size_t	nwords;
	struct text_tokens tokens;
	struct table_span *spans;
	size_t	nspans;
	size_t	spans_cap;
};

static const char *const table_headers[] = {
	"ID", "TICKET", "RECEIVED", "SENDER", "TOPIC", "STATUS", "TEXT",
};
#define TABLE_NCOLS	(sizeof(table_headers) / sizeof(table_headers[0]))
/*
 * What a narrow terminal does without, in this order: ticket (the id finds
 * a message as well), sender, time received.
 */
static const size_t narrow_drops[] = { 1, 3, 2 };

/* The CSV header: the members of message_json, in its order. */
static const char *const csv_headers[] = {
	"id", "ticket", "sender", "sender_type", "received_at", "stored_at",
	"text", "topic", "topic_name", "score", "keywords", "scores",
	"unsure", "topic_by", "status", "assignee", "commune", "kind",
	"unanswered", "repeat_of", "parts", "incomplete", "error",
};

/*
 * Take option ch of the shared ones into q. Returns 1 when it was one of
 * them, 0 when it is not, -1 after saying what is wrong with its value.
 */
static int
parse_shared(const struct cli *cli, int ch, const char *arg, struct query *q)
{
	switch (ch) {
	case OPT_ASSIGNEE:
		q->f.assignee = arg;
		break;
	case OPT_COMMUNE:
		if ((q->f.commune = commune_named(cli, arg)) == NULL) {
			return -1;
		}
		break;
	case OPT_CSV:
		return format_arg(&q->format, FORMAT_CSV) == -1 ? -1 : 1;
	case OPT_FROM:
		if (number_normalize(arg, q->sender) == -1) {
			fprintf(stderr, "gopy: --from '%s' is not a phone "
			    "number\n", arg);
			return -1;
		}
		q->f.sender = q->sender;
		break;
	case OPT_INCOMPLETE:
		q->f.incomplete = true;
		break;
	case OPT_JSON:
		return format_arg(&q->format, FORMAT_JSON) == -1 ? -1 : 1;
	case OPT_LIMIT:
		if (limit_arg(arg, &q->f.limit) == -1) {
			return -1;
		}
		q->limit_set = true;
		break;
	case OPT_SINCE:
		if (since_arg(arg, &q->f.since) == -1) {
			return -1;
		}
		q->since_text = arg;
		break;
	case OPT_UNTIL:
		if (until_arg(arg, &q->f.until) == -1) {
			return -1;
		}
		q->until_text = arg;
		break;
	case OPT_STATUS:
		if (check_choice("status", arg, cli_statuses,
		    CLI_NSTATUSES) == -1) {
			return -1;
		}
		q->f.status = arg;
		break;
	case OPT_TOPIC:
		if (check_topic(cli, arg) == -1) {
			return -1;
		}
		q->f.topic = arg;
		break;
	case OPT_UNSURE:
		q->f.unsure = true;
		break;
	default:
		return 0;
	}
	return 1;
}

/*
 * How many rows a list shows unless told: a screenful on a terminal (its
 * rows less the header and the prompt after), else LIST_DEFAULT_LIMIT.
 */
static int
default_limit(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) {
		return ws.ws_row > LIST_MIN_SCREEN + 2 ? ws.ws_row - 2 :
		    LIST_MIN_SCREEN;
	}
	return LIST_DEFAULT_LIMIT;
}

static enum table_style
status_style(const char *status)
{
	if (strcmp(status, "new") == 0) {
		return TABLE_BOLD;
	}
	if (strcmp(status, "in_progress") == 0) {
		return TABLE_YELLOW;
	}
	if (strcmp(status, "resolved") == 0) {
		return TABLE_GREEN;
	}
	return TABLE_DIM;
}

/*
 * The words of text that are query words, as byte spans into spans. The
 * tokens keep where each word lies in the text as typed, so "trom" marks
 * "Trộm" and its NFD spelling alike.
 */
static void
find_matches(struct output *o, const char *text)
{
	const struct text_token *tok;
	size_t i, k;

	o->nspans = 0;
	if (o->nwords == 0) {
		return;
	}
	text_tokenize(text, strlen(text), &o->tokens);
	for (i = 0; i < o->tokens.n; i++) {
		tok = &o->tokens.tok[i];
		for (k = 0; k < o->nwords; k++) {
			if (strcmp(text_token_bare(&o->tokens, i),
			    o->words[k]) == 0) {
				break;
			}
		}
		if (k == o->nwords) {
			continue;
		}
		if (o->nspans == o->spans_cap) {
			o->spans_cap = o->spans_cap == 0 ? 8 : o->spans_cap * 2;
			o->spans = xreallocarray(o->spans, o->spans_cap,
			    sizeof(*o->spans));
		}
		o->spans[o->nspans].start = tok->start;
		o->spans[o->nspans].end = tok->end;
		o->nspans++;
	}
}

/*
 * The matches as "matches":[[start,end],...] in code points of the text as
 * the JSON string carries it (each invalid sequence one U+FFFD), so that
 * text[start:end] in jq or Python is the word.
 */
static void
matches_json(const struct output *o, const char *text, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), at = 0, cps = 0, k, edge, target;
	int32_t c;

	buf_adds(out, ",\"matches\":[");
	for (k = 0; k < o->nspans; k++) {
		buf_adds(out, k > 0 ? ",[" : "[");
		for (edge = 0; edge < 2; edge++) {
			target = edge == 0 ? o->spans[k].start :
			    o->spans[k].end;
			while (at < target) {
				at += utf8_decode(p + at, len - at, &c);
				cps++;
			}
			buf_addf(out, edge == 0 ? "%zu," : "%zu", cps);
		}
		buf_addc(out, ']');
	}
	buf_addc(out, ']');
}

static void
message_csv(const struct cli *cli, const struct store_message *m,
    struct csv_record *r)
{
	char when[40];

	csv_add_int(r, m->id);
	csv_add(r, m->ticket);
	csv_add(r, m->sender);
	csv_add(r, m->sender_type);
	format_time(m->received_at, true, when, sizeof(when));
	csv_add(r, when);
	format_time(m->stored_at, true, when, sizeof(when));
	csv_add(r, when);
	csv_add(r, m->text);
	csv_add(r, m->topic);
	csv_add(r, topic_name(cli, m->topic));
	csv_add_double(r, m->score);
	csv_add(r, m->keywords);
	csv_add(r, m->scores);
	csv_add_bool(r, m->unsure);
	csv_add(r, m->topic_by);
	csv_add(r, m->status);
	csv_add(r, m->assignee);
	csv_add(r, m->commune);
	csv_add(r, m->kind);
	csv_add(r, m->unanswered);
	if (m->repeat_of != 0) {
		csv_add_int(r, m->repeat_of);
	} else {
		csv_add(r, NULL);
	}
	csv_add_int(r, m->parts);
	csv_add_bool(r, m->incomplete);
	csv_add(r, m->error);
}

static void
message_row(struct output *o, const struct store_message *m)
{
	char id[24], when[40];
	const char *cells[TABLE_NCOLS];
	struct buf text;

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
	table_add_row_marked(o->table, cells, TEXT_COLUMN, o->spans,
	    m->error != NULL ? 0 : o->nspans);
	table_style_cell(o->table, 5, status_style(m->status));
	if (m->error != NULL) {
		table_style_cell(o->table, TEXT_COLUMN, TABLE_RED);
	}
	buf_release(&text);
}

static int
print_message(void *arg, const struct store_message *m)
{
	struct output *o = arg;

	find_matches(o, m->error != NULL ? "" : m->text);
	switch (o->format) {
	case FORMAT_TABLE:
		message_row(o, m);
		break;
	case FORMAT_JSON:
		buf_reset(&o->line);
		message_json(o->cli, m, &o->line);
		if (o->search) {
			matches_json(o, m->text, &o->line);
		}
		buf_addc(&o->line, '}');
		puts(o->line.data);
		break;
	case FORMAT_CSV:
		csv_reset(&o->csv);
		message_csv(o->cli, m, &o->csv);
		csv_end(&o->csv);
		print_csv_record(&o->csv);
		break;
	}
	return 0;
}

static void
output_init(struct output *o, const struct cli *cli, const struct query *q)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	o->cli = cli;
	o->format = q->format;
	buf_init(&o->line);
	csv_init(&o->csv);
	text_tokens_init(&o->tokens);
	if (o->format == FORMAT_TABLE) {
		o->table = table_new(TABLE_NCOLS, table_headers);
		table_drop_order(o->table, narrow_drops, sizeof(narrow_drops) /
		    sizeof(narrow_drops[0]));
	} else if (o->format == FORMAT_CSV) {
		if (q->excel) {
			fputs(CSV_BOM, stdout);
			o->csv.guard_formulas = true;
		}
		for (i = 0; i < sizeof(csv_headers) / sizeof(csv_headers[0]);
		    i++) {
			csv_add(&o->csv, csv_headers[i]);
		}
		csv_end(&o->csv);
		print_csv_record(&o->csv);
	}
}

/* Print the table, unless reading the messages failed; free o. */
static void
output_finish(struct output *o, bool failed)
{
	size_t i;

	if (o->table != NULL && !failed) {
		table_print(o->table, stdout, terminal_width(), TEXT_COLUMN);
	}
	table_free(o->table);
	buf_release(&o->line);
	csv_release(&o->csv);
	text_tokens_release(&o->tokens);
	for (i = 0; i < o->nwords; i++) {
		free(o->words[i]);
	}
	free(o->words);
	free(o->spans);
}

/*
 * Parse the options of list, search or export into q; the shared ones and,
 * for export, --excel. Returns optind, or -1 after printing why not.
 */
static int
parse_query(struct cli *cli, const char *name, int argc, char **argv,
    struct query *q)
{
	static const struct option opts[] = {
		SHARED_OPTIONS,
		{ "excel", no_argument, NULL, OPT_EXCEL },
		{ NULL, 0, NULL, 0 },
	};
	bool export = strcmp(name, "export") == 0;
	int ch, rc;

	memset(q, 0, sizeof(*q));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == OPT_EXCEL && export) {
			q->excel = true;
			continue;
		}
		rc = parse_shared(cli, ch, optarg, q);
		if (rc == -1) {
			return -1;
		}
		if (rc == 0) {
			command_usage(name);
			return -1;
		}
	}
	if (check_range(q->since_text, q->f.since, q->until_text,
	    q->f.until) == -1) {
		return -1;
	}
	if (q->excel) {
		if (q->format == FORMAT_JSON) {
			fprintf(stderr, "gopy: --excel is a kind of CSV, not "
			    "JSON\n");
			return -1;
		}
		q->format = FORMAT_CSV;
	}
	if (!q->limit_set) {
		q->f.limit = export ? 0 : default_limit();
	}
	return optind;
}

/* The folded words of args, each arg split as folding splits it. */
static void
query_words(struct output *o, int argc, char **argv)
{
	size_t i, k;
	int a;

	for (a = 0; a < argc; a++) {
		text_tokenize(argv[a], strlen(argv[a]), &o->tokens);
		for (k = 0; k < o->tokens.n; k++) {
			for (i = 0; i < o->nwords; i++) {
				if (strcmp(o->words[i],
				    text_token_bare(&o->tokens, k)) == 0) {
					break;
				}
			}
			if (i < o->nwords) {
				continue;	/* a word given twice */
			}
			o->words = xreallocarray(o->words, o->nwords + 1,
			    sizeof(*o->words));
			o->words[o->nwords++] =
			    xstrdup(text_token_bare(&o->tokens, k));
		}
	}
}

/*
 * Open the database and print the messages q selects: with search, those
 * that have the words of the nwords args, best first; else newest first.
 */
static int
print_query(struct cli *cli, const struct query *q, bool search, int nargs,
    char **args)
{
	struct output o;
	int n;

	if (open_store(cli) == -1) {
		return 1;
	}
	output_init(&o, cli, q);
	if (search) {
		o.search = true;
		query_words(&o, nargs, args);
		/* Words of no letters or digits (punctuation) match nothing. */
		n = o.nwords == 0 ? 0 : store_search(cli->store,
		    (const char *const *)o.words, o.nwords, &q->f,
		    print_message, &o);
	} else {
		n = store_list(cli->store, &q->f, print_message, &o);
	}
	if (n == -1) {
		store_failed(cli, false);
	}
	output_finish(&o, n == -1);
	return n == -1 ? 1 : 0;
}

int
cmd_list(struct cli *cli, int argc, char **argv)
{
	struct query q;

	if (parse_query(cli, "list", argc, argv, &q) == -1) {
		return EXIT_USAGE;
	}
	if (optind != argc) {
		return command_usage("list");
	}
	return print_query(cli, &q, false, 0, NULL);
}

int
cmd_search(struct cli *cli, int argc, char **argv)
{
	struct query q;
	int first;

	if ((first = parse_query(cli, "search", argc, argv, &q)) == -1) {
		return EXIT_USAGE;
	}
	if (first == argc) {
		fprintf(stderr, "gopy: search for what? Give words\n");
		return command_usage("search");
	}
	return print_query(cli, &q, true, argc - first, argv + first);
}

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	struct query q;

	if (parse_query(cli, "export", argc, argv, &q) == -1) {
		return EXIT_USAGE;
	}
	if (optind != argc) {
		return command_usage("export");
	}
	if (q.format == FORMAT_TABLE) {
		fprintf(stderr, "gopy: export as what? Give --csv, --excel "
		    "or --json\n");
		return command_usage("export");
	}
	return print_query(cli, &q, false, 0, NULL);
}
