/*
 * gopy stats, topics and status: how many messages came, of what, when and
 * from where, and whether gopyd and the modem are well. Counting is the
 * store's; this file decides the ranges (whole local days), the rows and
 * how they look: a bar chart on a terminal, CSV or JSON for spreadsheets
 * and scripts. It never changes the database.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "csv.h"
#include "gopy.h"
#include "json.h"
#include "statusfile.h"
#include "store.h"
#include "table.h"
#include "text.h"
#include "xmalloc.h"

#define STATS_DEFAULT_SINCE	"30d"
#define STATS_WIDTH_DEFAULT	80	/* columns when there is no terminal */
#define STATS_BAR_MIN		10	/* columns a bar keeps on a narrow screen */
#define STATS_SPANS_MAX		200000	/* days or weeks in one report */

#define HEARTBEAT_S		60	/* gopyd writes one every minute */
#define HEARTBEATS_MISSED	3	/* then it is taken for not running */

enum stats_by {
	BY_TOPIC,
	BY_STATUS,
	BY_DAY,
	BY_WEEK,
	BY_COMMUNE,
	BY_MAX,
};

/* Indexed by enum stats_by: the option's word and the table's header. */
static const char *const by_names[BY_MAX] = {
	"topic", "status", "day", "week", "commune",
};
static const char *const by_headers[BY_MAX] = {
	"TOPIC", "STATUS", "DAY", "WEEK", "COMMUNE",
};

/* One line of a report. */
struct stats_row {
	char	*key;		/* topic id, status, date, ISO week, commune;
				   NULL for messages of no known commune */
	char	*detail;	/* topic name, a week's Monday; NULL: none */
	char	*label;		/* what the table shows */
	int64_t	 n;
};

struct stats_report {
	enum stats_by	 by;
	struct stats_row *rows;
	size_t		 nrows;
	size_t		 cap;
	int64_t		 total;
	int64_t		 max;		/* the largest count, for the bars */
};

/* Unix time of the start of the local day t falls in. */
static int64_t
day_start(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* The start of the local day days after the one starting at t. */
static int64_t
add_days(int64_t t, int days)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* The start of the local week (Monday) t falls in. */
static int64_t
week_start(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	return add_days(day_start(t), -((tm.tm_wday + 6) % 7));
}

/* strftime of t in local time. */
static void
format_local(int64_t t, const char *fmt, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, outlen, fmt, &tm);
}

/*
 * --since and --until (gopy.h) as whole local days: since from the start
 * of its day, until up to the end of its day; until defaults to the end
 * of today. Returns 0, or EXIT_USAGE after saying what is wrong.
 */
static int
parse_range(const char *since_text, const char *until_text, int64_t *since,
    int64_t *until)
{
	int64_t t;

	if (since_arg(since_text, &t) == -1) {
		return EXIT_USAGE;
	}
	*since = day_start(t);
	if (until_text == NULL) {
		t = add_days(day_start((int64_t)time(NULL)), 1);
	} else if (until_arg(until_text, &t) == -1) {
		return EXIT_USAGE;
	}
	/* A span back from now that ends inside a day counts all of it. */
	*until = day_start(t);
	if (*until < t) {
		*until = add_days(*until, 1);
	}
	if (check_range(since_text, *since, until_text != NULL ? until_text :
	    "today", *until) == -1) {
		return EXIT_USAGE;
	}
	return 0;
}

static void
report_add(struct stats_report *r, const char *key, const char *detail,
    const char *label, int64_t n)
{
	struct stats_row *row;

	if (r->nrows == r->cap) {
		r->cap = r->cap == 0 ? 16 : r->cap * 2;
		r->rows = xreallocarray(r->rows, r->cap, sizeof(*r->rows));
	}
	row = &r->rows[r->nrows++];
	row->key = key != NULL ? xstrdup(key) : NULL;
	row->detail = detail != NULL ? xstrdup(detail) : NULL;
	row->label = xstrdup(label);
	row->n = n;
	r->total += n;
	if (n > r->max) {
		r->max = n;
	}
}

static void
report_release(struct stats_report *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		free(r->rows[i].key);
		free(r->rows[i].detail);
		free(r->rows[i].label);
	}
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

/* A value and its count, as store_count_groups gives them. */
struct group_count {
	char	*value;		/* NULL: none */
	int64_t	 n;
	bool	 shown;		/* a row has it already */
};

struct group_counts {
	struct group_count *v;
	size_t	 n;
};

static void
collect_group(void *arg, const char *value, int64_t n)
{
	struct group_counts *g = arg;

	g->v = xreallocarray(g->v, g->n + 1, sizeof(*g->v));
	g->v[g->n].value = value != NULL ? xstrdup(value) : NULL;
	g->v[g->n].n = n;
	g->v[g->n].shown = false;
	g->n++;
}

/* The count of value (NULL: none) in g, marked as shown; 0 when absent. */
static int64_t
take_group(struct group_counts *g, const char *value)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		if (!g->v[i].shown && (value == NULL ? g->v[i].value == NULL :
		    g->v[i].value != NULL && strcmp(g->v[i].value, value) == 0)) {
			g->v[i].shown = true;
			return g->v[i].n;
		}
	}
	return 0;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct group_count *x = a, *y = b;

	if (x->value == NULL || y->value == NULL) {
		return (x->value == NULL) - (y->value == NULL);
	}
	return strcmp(x->value, y->value);
}

/*
 * Rows per topic, status or commune: the configured ones in their order
 * (with 0 when none came), then values the configuration no longer has,
 * then, for communes, the messages of no known commune.
 */
static int
report_groups(struct cli *cli, const struct store_filter *f,
    struct stats_report *r)
{
	static const enum store_group groups[BY_MAX] = {
		[BY_TOPIC] = STORE_GROUP_TOPIC,
		[BY_STATUS] = STORE_GROUP_STATUS,
		[BY_COMMUNE] = STORE_GROUP_COMMUNE,
	};
	struct group_counts g = { NULL, 0 };
	const char *key, *name;
	size_t i;

	if (store_count_groups(cli->store, f, groups[r->by], collect_group,
	    &g) == -1) {
		store_failed(cli, false);
		return -1;
	}
	if (r->by == BY_TOPIC) {
		for (i = 0; i < cli->conf.ntopics; i++) {
			key = cli->conf.topics[i].id;
			name = cli->conf.topics[i].name;
			report_add(r, key, name, name, take_group(&g, key));
		}
	} else if (r->by == BY_STATUS) {
		for (i = 0; i < CLI_NSTATUSES; i++) {
			key = cli_statuses[i];
			report_add(r, key, NULL, key, take_group(&g, key));
		}
	} else {
		for (i = 0; i < cli->conf.ncommunes; i++) {
			key = cli->conf.communes[i].name;
			report_add(r, key, NULL, key, take_group(&g, key));
		}
	}
	if (g.n > 1) {
		qsort(g.v, g.n, sizeof(*g.v), cmp_group);
	}
	for (i = 0; i < g.n; i++) {
		if (!g.v[i].shown && g.v[i].value != NULL) {
			report_add(r, g.v[i].value, NULL, g.v[i].value,
			    g.v[i].n);
		}
	}
	if (r->by == BY_COMMUNE) {
		report_add(r, NULL, NULL, "unknown", take_group(&g, NULL));
	}
	for (i = 0; i < g.n; i++) {
		free(g.v[i].value);
	}
	free(g.v);
	return 0;
}

/* Rows per local day or week from since to until, empty ones as 0. */
static int
report_spans(struct cli *cli, const struct store_filter *f, int64_t since,
    int64_t until, struct stats_report *r)
{
	int step = r->by == BY_WEEK ? 7 : 1;
	int64_t *edges, *counts;
	char key[32], start[16], label[64];
	size_t n = 0, cap = 64, i;
	int rc = -1;

	edges = xreallocarray(NULL, cap, sizeof(*edges));
	edges[0] = since;
	while (edges[n] < until) {
		if (n + 2 > cap) {
			cap *= 2;
			edges = xreallocarray(edges, cap, sizeof(*edges));
		}
		edges[n + 1] = add_days(edges[n], step);
		n++;
	}
	counts = xcalloc(n + 1, sizeof(*counts));
	if (store_count_spans(cli->store, f, edges, n, counts) == -1) {
		store_failed(cli, false);
		goto out;
	}
	for (i = 0; i < n; i++) {
		format_local(edges[i], "%Y-%m-%d", start, sizeof(start));
		if (r->by == BY_WEEK) {
			format_local(edges[i], "%G-W%V", key, sizeof(key));
			snprintf(label, sizeof(label), "%s (%s)", key, start);
			report_add(r, key, start, label, counts[i]);
		} else {
			format_local(edges[i], "%Y-%m-%d %a", label,
			    sizeof(label));
			report_add(r, start, NULL, label, counts[i]);
		}
	}
	rc = 0;
out:
	free(edges);
	free(counts);
	return rc;
}

/* Tenths of a percent of n in total, as a number to print with %.1f. */
static double
percent(int64_t n, int64_t total)
{
	return total == 0 ? 0 : round(1000.0 * (double)n / (double)total) / 10;
}

/* Whether the locale the environment chooses is UTF-8. */
static bool
locale_is_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		if (v != NULL && v[0] != '\0') {
			return strcasestr(v, "utf-8") != NULL ||
			    strcasestr(v, "utf8") != NULL;
		}
	}
	return false;
}

/*
 * A bar of n against max in width columns: Unicode blocks to an eighth of
 * a column, or '#' when blocks is false. A count above 0 always shows.
 */
static void
add_bar(struct buf *out, int64_t n, int64_t max, size_t width, bool blocks)
{
	static const char *const eighths[] = {
		"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
		"\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89",
	};
	size_t units, i, per = blocks ? 8 : 1;

	if (n <= 0 || max <= 0 || width == 0) {
		return;
	}
	units = (size_t)llround((double)n * (double)(width * per) /
	    (double)max);
	if (units == 0) {
		units = 1;
	}
	for (i = 0; i < units / per; i++) {
		buf_adds(out, blocks ? "\xe2\x96\x88" : "#");
	}
	if (blocks) {
		buf_adds(out, eighths[units % 8]);
	}
}

/* The title line: what is counted, over which days. */
static void
print_title(const struct stats_report *r, const struct store_filter *f,
    int64_t since, int64_t until)
{
	char from[16], to[16];

	format_local(since, "%Y-%m-%d", from, sizeof(from));
	format_local(add_days(until, -1), "%Y-%m-%d", to, sizeof(to));
	printf("Messages by %s, %s to %s", by_names[r->by], from, to);
	if (f->topic != NULL) {
		printf(", topic %s", f->topic);
	}
	if (f->status != NULL) {
		printf(", status %s", f->status);
	}
	printf("\n");
}

/*
 * The table: label, count and percent, then a bar as wide as the
 * terminal leaves, which the labels give way to down to STATS_BAR_MIN.
 */
static void
print_table(const struct stats_report *r, const struct store_filter *f,
    int64_t since, int64_t until)
{
	size_t width = terminal_width(), label_w, count_w, bar_w, fixed, i, w;
	bool blocks = isatty(STDOUT_FILENO) && locale_is_utf8();
	char count_head[32], count[32], pct[16];
	const char *cells[4];
	struct table *t;
	struct buf bar;

	if (width == 0) {
		width = STATS_WIDTH_DEFAULT;
	}
	count_w = (size_t)snprintf(count, sizeof(count), "%lld",
	    (long long)r->total);
	if (count_w < strlen("COUNT")) {
		count_w = strlen("COUNT");
	}
	/* The widest label, "Total" and the header (all ASCII) included. */
	label_w = strlen(by_headers[r->by]);
	if (label_w < strlen("Total")) {
		label_w = strlen("Total");
	}
	for (i = 0; i < r->nrows; i++) {
		w = text_width(r->rows[i].label, strlen(r->rows[i].label));
		label_w = w > label_w ? w : label_w;
	}
	/* Count and percent ("100.0%"), a gap before each and the bar. */
	fixed = count_w + 6 + 3 * TABLE_COL_GAP;
	if (label_w + fixed + STATS_BAR_MIN > width) {
		label_w = width > fixed + STATS_BAR_MIN + TABLE_FLEX_MIN ?
		    width - fixed - STATS_BAR_MIN : TABLE_FLEX_MIN;
	}
	bar_w = width > label_w + fixed ? width - label_w - fixed : 0;

	/* Numbers are right-aligned: padded to their column here. */
	snprintf(count_head, sizeof(count_head), "%*s", (int)count_w, "COUNT");
	cells[0] = by_headers[r->by];
	cells[1] = count_head;
	cells[2] = "     %";
	cells[3] = "";
	t = table_new(4, cells);
	buf_init(&bar);
	for (i = 0; i < r->nrows; i++) {
		snprintf(count, sizeof(count), "%*lld", (int)count_w,
		    (long long)r->rows[i].n);
		snprintf(pct, sizeof(pct), "%5.1f%%",
		    percent(r->rows[i].n, r->total));
		buf_reset(&bar);
		add_bar(&bar, r->rows[i].n, r->max, bar_w, blocks);
		cells[0] = r->rows[i].label;
		cells[1] = count;
		cells[2] = pct;
		cells[3] = bar.data;
		table_add_row(t, cells);
	}
	snprintf(count, sizeof(count), "%*lld", (int)count_w,
	    (long long)r->total);
	snprintf(pct, sizeof(pct), "%5.1f%%", r->total > 0 ? 100.0 : 0.0);
	cells[0] = "Total";
	cells[1] = count;
	cells[2] = pct;
	cells[3] = NULL;
	table_add_row(t, cells);
	print_title(r, f, since, until);
	table_print(t, stdout, width, 0);
	table_free(t);
	buf_release(&bar);
}

static void
print_csv(const struct stats_report *r)
{
	bool detail = r->by == BY_TOPIC || r->by == BY_WEEK;
	struct csv_record rec;
	char pct[16];
	size_t i;

	csv_init(&rec);
	csv_add(&rec, by_names[r->by]);
	if (detail) {
		csv_add(&rec, r->by == BY_TOPIC ? "name" : "start");
	}
	csv_add(&rec, "count");
	csv_add(&rec, "percent");
	csv_end(&rec);
	print_csv_record(&rec);
	for (i = 0; i < r->nrows; i++) {
		csv_reset(&rec);
		csv_add(&rec, r->rows[i].key);
		if (detail) {
			csv_add(&rec, r->rows[i].detail);
		}
		csv_add_int(&rec, r->rows[i].n);
		snprintf(pct, sizeof(pct), "%.1f",
		    percent(r->rows[i].n, r->total));
		csv_add(&rec, pct);
		csv_end(&rec);
		print_csv_record(&rec);
	}
	csv_release(&rec);
}

static void
print_json(const struct stats_report *r)
{
	struct buf line;
	size_t i;

	buf_init(&line);
	for (i = 0; i < r->nrows; i++) {
		buf_reset(&line);
		buf_addc(&line, '{');
		json_add_field(&line, by_names[r->by], r->rows[i].key);
		if (r->by == BY_TOPIC) {
			json_add_field(&line, "name", r->rows[i].detail);
		} else if (r->by == BY_WEEK) {
			json_add_field(&line, "start", r->rows[i].detail);
		}
		json_add_int(&line, "count", r->rows[i].n);
		json_add_double(&line, "percent",
		    percent(r->rows[i].n, r->total));
		buf_addc(&line, '}');
		puts(line.data);
	}
	buf_release(&line);
}

int
cmd_stats(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ "status", required_argument, NULL, 'S' },
		{ "topic", required_argument, NULL, 't' },
		{ "until", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since_text = STATS_DEFAULT_SINCE, *until_text = NULL;
	enum cli_format format = FORMAT_TABLE;
	struct stats_report r;
	struct store_filter f;
	int64_t since, until;
	int ch, rc;

	memset(&f, 0, sizeof(f));
	memset(&r, 0, sizeof(r));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			if (check_choice("grouping", optarg, by_names,
			    BY_MAX) == -1) {
				return EXIT_USAGE;
			}
			for (r.by = 0; strcmp(by_names[r.by], optarg) != 0;
			    r.by++) {
				continue;
			}
			break;
		case 'c':
		case 'j':
			if (format_arg(&format, ch == 'c' ? FORMAT_CSV :
			    FORMAT_JSON) == -1) {
				return EXIT_USAGE;
			}
			break;
		case 's':
			since_text = optarg;
			break;
		case 'S':
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
			until_text = optarg;
			break;
		default:
			return command_usage("stats");
		}
	}
	if (optind != argc) {
		return command_usage("stats");
	}
	if ((rc = parse_range(since_text, until_text, &since, &until)) != 0) {
		return rc;
	}
	/* A row for every day since the year 1000 is a typing mistake. */
	if ((r.by == BY_DAY || r.by == BY_WEEK) && (until - since) / 86400 /
	    (r.by == BY_WEEK ? 7 : 1) > STATS_SPANS_MAX) {
		fprintf(stderr, "gopy: from --since '%s' to --until '%s' is "
		    "more than %d %ss\n", since_text, until_text != NULL ?
		    until_text : "today", STATS_SPANS_MAX, by_names[r.by]);
		return EXIT_USAGE;
	}
	if (open_store(cli) == -1) {
		return 1;
	}
	if (r.by == BY_DAY || r.by == BY_WEEK) {
		/* Whole weeks, Monday to Sunday. */
		if (r.by == BY_WEEK) {
			since = week_start(since);
			until = week_start(add_days(until, -1));
			until = add_days(until, 7);
		}
		rc = report_spans(cli, &f, since, until, &r);
	} else {
		f.since = since;
		f.until = until;
		rc = report_groups(cli, &f, &r);
	}
	if (rc == 0) {
		if (format == FORMAT_CSV) {
			print_csv(&r);
		} else if (format == FORMAT_JSON) {
			print_json(&r);
		} else {
			print_table(&r, &f, since, until);
		}
	}
	report_release(&r);
	return rc == 0 ? 0 : 1;
}

/* A topic's counts as store_count_topics gives them, by configured topic. */
struct topic_counts {
	const struct gopy_conf *conf;
	struct store_topic_count *c;	/* per configured topic, then others */
	char	**others;		/* ids the configuration lacks */
	size_t	 nothers;
};

static void
collect_topic(void *arg, const struct store_topic_count *c)
{
	struct topic_counts *tc = arg;
	int i = conf_topic_index(tc->conf, c->topic);
	size_t k;

	if (i >= 0) {
		k = (size_t)i;
	} else {
		k = tc->conf->ntopics + tc->nothers;
		tc->others = xreallocarray(tc->others, tc->nothers + 1,
		    sizeof(*tc->others));
		tc->others[tc->nothers++] = xstrdup(c->topic);
		tc->c = xreallocarray(tc->c, k + 1, sizeof(*tc->c));
	}
	tc->c[k] = *c;
	tc->c[k].topic = NULL;
}

static void
topic_json(const struct topic_conf *t, const char *id,
    const struct store_topic_count *c, int64_t since)
{
	char when[40];
	struct buf out;

	buf_init(&out);
	buf_addc(&out, '{');
	json_add_field(&out, "id", id);
	json_add_field(&out, "name", t != NULL ? t->name : NULL);
	json_add_int(&out, "keywords", t != NULL ? (int64_t)t->nkeywords : 0);
	json_add_int(&out, "learned", t != NULL ? (int64_t)t->nlearned : 0);
	json_add_bool(&out, "fallback", t != NULL && t->fallback);
	json_add_int(&out, "messages", c->all);
	format_time(since, true, when, sizeof(when));
	json_add_field(&out, "since", when);
	json_add_int(&out, "messages_since", c->since);
	json_add_int(&out, "open", c->open);
	buf_addc(&out, '}');
	puts(out.data);
	buf_release(&out);
}

static void
topic_row(struct table *table, const struct topic_conf *t, const char *id,
    const struct store_topic_count *c)
{
	char kw[24], all[24], since[24], open[24];
	const char *cells[6];

	snprintf(kw, sizeof(kw), "%zu", t != NULL ? t->nkeywords : 0);
	snprintf(all, sizeof(all), "%lld", (long long)c->all);
	snprintf(since, sizeof(since), "%lld", (long long)c->since);
	snprintf(open, sizeof(open), "%lld", (long long)c->open);
	cells[0] = id;
	cells[1] = t != NULL ? t->name : "(not in the configuration)";
	cells[2] = kw;
	cells[3] = all;
	cells[4] = since;
	cells[5] = open;
	table_add_row(table, cells);
}

int
cmd_topics(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *since_text = STATS_DEFAULT_SINCE;
	static const char *const headers[] = {
		"ID", "NAME", "KEYWORDS", "MESSAGES", "SINCE", "OPEN",
	};
	struct topic_counts tc;
	struct table *table = NULL;
	char day[16];
	const struct topic_conf *t;
	bool json = false;
	int64_t since, until;
	size_t i, n;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 's':
			since_text = optarg;
			break;
		default:
			return command_usage("topics");
		}
	}
	if (optind != argc) {
		return command_usage("topics");
	}
	if ((rc = parse_range(since_text, NULL, &since, &until)) != 0) {
		return rc;
	}
	if (open_store(cli) == -1) {
		return 1;
	}
	memset(&tc, 0, sizeof(tc));
	tc.conf = &cli->conf;
	tc.c = xcalloc(cli->conf.ntopics, sizeof(*tc.c));
	if (store_count_topics(cli->store, since, collect_topic, &tc) == -1) {
		rc = store_failed(cli, false);
		goto out;
	}
	if (!json) {
		format_local(since, "%Y-%m-%d", day, sizeof(day));
		printf("SINCE: from %s; OPEN: new or in_progress\n", day);
		table = table_new(6, headers);
	}
	n = cli->conf.ntopics + tc.nothers;
	for (i = 0; i < n; i++) {
		t = i < cli->conf.ntopics ? &cli->conf.topics[i] : NULL;
		if (json) {
			topic_json(t, t != NULL ? t->id : tc.others[i -
			    cli->conf.ntopics], &tc.c[i], since);
		} else {
			topic_row(table, t, t != NULL ? t->id : tc.others[i -
			    cli->conf.ntopics], &tc.c[i]);
		}
	}
	if (!json) {
		table_print(table, stdout, terminal_width(), 1);
	}
out:
	table_free(table);
	for (i = 0; i < tc.nothers; i++) {
		free(tc.others[i]);
	}
	free(tc.others);
	free(tc.c);
	return rc;
}

/* 27.007 7.2 <stat>. */
static const char *
registration_name(int stat)
{
	static const char *const names[] = {
		"not registered", "registered, home network", "searching",
		"registration denied", "unknown", "registered, roaming",
	};

	return stat >= 0 && stat <= 5 ? names[stat] : "unknown";
}

/* "12 s", "5 min", "3 h", "2 days": how long ago, roughly. */
static void
format_age(int64_t s, char *out, size_t outlen)
{
	if (s < 0) {
		s = 0;
	}
	if (s < 120) {
		snprintf(out, outlen, "%lld s", (long long)s);
	} else if (s < 2 * 3600) {
		snprintf(out, outlen, "%lld min", (long long)s / 60);
	} else if (s < 2 * 86400) {
		snprintf(out, outlen, "%lld h", (long long)s / 3600);
	} else {
		snprintf(out, outlen, "%lld days", (long long)s / 86400);
	}
}

/*
 * Whether gopyd runs: it wrote a heartbeat lately, and its process is
 * still there (one that stopped a moment ago left a fresh heartbeat). The
 * database is a local file, so gopyd runs on this machine.
 */
static bool
gopyd_alive(const struct store_status *st, int64_t now)
{
	if (st->updated_at == 0 ||
	    now - st->updated_at > HEARTBEATS_MISSED * HEARTBEAT_S) {
		return false;
	}
	return st->pid <= 0 || kill(st->pid, 0) == 0 || errno != ESRCH;
}

/* What gopy status reports, read in one go. */
struct status_view {
	struct store_status st;
	int64_t	 db_down_since;	/* the database refuses gopyd's writes; 0 */
	char	 db_error[256];
	bool	 alive;
	int64_t	 age;		/* s since the heartbeat */
	int	 queued;
	int	 today;
};

static void
status_json(const struct status_view *v)
{
	const struct store_status *st = &v->st;
	struct buf out;
	char when[40];

	buf_init(&out);
	buf_addc(&out, '{');
	json_add_bool(&out, "gopyd_running", v->alive);
	format_time(st->updated_at, true, when, sizeof(when));
	json_add_field(&out, "heartbeat", st->updated_at != 0 ? when : NULL);
	if (st->updated_at != 0) {
		json_add_int(&out, "heartbeat_age_s", v->age);
	} else {
		json_add_field(&out, "heartbeat_age_s", NULL);
	}
	json_add_int(&out, "pid", st->pid);
	json_add_field(&out, "device", st->device);
	json_add_field(&out, "modem", st->link);
	format_time(st->since, true, when, sizeof(when));
	json_add_field(&out, "since", st->since != 0 ? when : NULL);
	json_add_field(&out, "model", st->model);
	json_add_int(&out, "rssi", st->rssi);
	if (st->rssi >= 0 && st->rssi <= 31) {
		json_add_int(&out, "signal_dbm", -113 + 2 * st->rssi);
	} else {
		json_add_field(&out, "signal_dbm", NULL);
	}
	json_add_int(&out, "registration", st->registration);
	json_add_field(&out, "registration_text",
	    registration_name(st->registration));
	json_add_field(&out, "operator", st->operator_name);
	json_add_int(&out, "sim_used", st->sim_used);
	json_add_int(&out, "sim_total", st->sim_total);
	json_add_int(&out, "outbox_waiting", v->queued);
	json_add_int(&out, "messages_today", v->today);
	json_add_field(&out, "last_error", st->last_error[0] != '\0' ?
	    st->last_error : NULL);
	format_time(st->last_error_at, true, when, sizeof(when));
	json_add_field(&out, "last_error_at", st->last_error[0] != '\0' &&
	    st->last_error_at != 0 ? when : NULL);
	json_add_field(&out, "database_error", v->db_down_since != 0 ?
	    v->db_error : NULL);
	format_time(v->db_down_since, true, when, sizeof(when));
	json_add_field(&out, "database_error_since", v->db_down_since != 0 ?
	    when : NULL);
	json_add_int(&out, "restarts", st->restarts);
	json_add_int(&out, "lines_discarded", st->overlong);
	buf_addc(&out, '}');
	puts(out.data);
	buf_release(&out);
}

static void
status_text(const struct status_view *v)
{
	const struct store_status *st = &v->st;
	char when[40], age[32], line[512];

	if (st->updated_at == 0) {
		show_field("gopyd:", "has not run on this database yet");
	} else {
		format_time(st->updated_at, false, when, sizeof(when));
		format_age(v->age, age, sizeof(age));
		snprintf(line, sizeof(line), "%s, last heartbeat %s, %s ago "
		    "(pid %d)%s", v->alive ? "running" : "not running", when,
		    age, st->pid, v->alive ? "" : "; below, the modem as it "
		    "last saw it");
		show_field("gopyd:", line);
		format_time(st->since, false, when, sizeof(when));
		snprintf(line, sizeof(line), "%s since %s, %s%s%s", st->link,
		    when, st->device, st->model[0] != '\0' ? ", " : "",
		    st->model);
		show_field("modem:", line);
		if (st->rssi >= 0 && st->rssi <= 31) {
			snprintf(line, sizeof(line), "%d dBm (%d of 31)",
			    -113 + 2 * st->rssi, st->rssi);
		} else {
			snprintf(line, sizeof(line), "unknown");
		}
		show_field("signal:", line);
		snprintf(line, sizeof(line), "%s%s%s",
		    registration_name(st->registration),
		    st->operator_name[0] != '\0' ? ", " : "",
		    st->operator_name);
		show_field("network:", line);
		if (st->sim_total > 0) {
			snprintf(line, sizeof(line), "%d of %d SMS used",
			    st->sim_used, st->sim_total);
		} else {
			snprintf(line, sizeof(line), "unknown");
		}
		show_field("storage:", line);
	}
	if (v->db_down_since != 0) {
		format_time(v->db_down_since, false, when, sizeof(when));
		snprintf(line, sizeof(line), "cannot write since %s: %s; new "
		    "SMS stay on the SIM", when, v->db_error);
		show_field("database:", line);
	}
	snprintf(line, sizeof(line), "%d SMS waiting", v->queued);
	show_field("outbox:", line);
	snprintf(line, sizeof(line), "%d messages", v->today);
	show_field("today:", line);
	if (st->last_error[0] != '\0') {
		format_time(st->last_error_at, false, when, sizeof(when));
		snprintf(line, sizeof(line), "%s: %s", when, st->last_error);
		show_field("trouble:", line);
	}
	if (st->restarts > 0 || st->overlong > 0) {
		snprintf(line, sizeof(line), "%ld modem restarts, %ld lines "
		    "discarded", st->restarts, st->overlong);
		show_field("faults:", line);
	}
}

/*
 * gopyd's status file (statusfile.h), when it says that the database
 * refuses writes and is not older than the row: gopyd wrote it while the
 * row could not be written. Otherwise the row, which gopyd wrote with the
 * same facts, is the one to believe.
 */
static void
read_status_file(const struct cli *cli, struct status_view *v)
{
	struct statusfile_record r;

	if (statusfile_read(cli->db, &r) == 1 && r.db_down_since != 0 &&
	    r.st.updated_at >= v->st.updated_at) {
		v->st = r.st;
		v->db_down_since = r.db_down_since;
		snprintf(v->db_error, sizeof(v->db_error), "%s", r.db_error);
	}
}

int
cmd_status(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int64_t now = (int64_t)time(NULL);
	struct status_view v;
	bool json = false;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		default:
			return command_usage("status");
		}
	}
	if (optind != argc) {
		return command_usage("status");
	}
	if (open_store(cli) == -1) {
		return 1;
	}
	memset(&v, 0, sizeof(v));
	if (store_get_status(cli->store, &v.st) == -1 ||
	    (v.queued = store_count_queued(cli->store)) == -1 ||
	    (v.today = store_count_since(cli->store, day_start(now))) == -1) {
		return store_failed(cli, false);
	}
	read_status_file(cli, &v);
	v.age = now - v.st.updated_at;
	v.alive = gopyd_alive(&v.st, now);
	if (json) {
		status_json(&v);
	} else {
		status_text(&v);
	}
	/* For monitoring: 0 only when all is well. */
	return v.alive && strcmp(v.st.link, "ready") == 0 &&
	    v.db_down_since == 0 ? 0 : 1;
}
