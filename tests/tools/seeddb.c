/*
 * seeddb: fill a gopy database with messages for tests and benchmarks,
 * through the real store, classifier and commune matcher, without a
 * modem. Each line of standard input is one message:
 *
 *	UNIX_TIME <TAB> SENDER <TAB> TEXT [<TAB> PARTS [<TAB> STATUS
 *	    [<TAB> ASSIGNEE]]]
 *
 * (an empty field: 1 part, new, unassigned). The text is stored, folded,
 * classified with the configuration's topics, given the commune it names
 * and its ticket, as gopyd would; no acknowledgement is queued. With
 * --generate, the messages are made up instead (seedgen.h), and the seed
 * is printed on standard error. Messages go in transactions of a
 * thousand. Prints how many it stored.
 *
 *	seeddb -c gopy.conf DATABASE < messages.tsv
 *	seeddb -c gopy.conf --generate N [--seed S] [--end TIME] DATABASE
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "classify.h"
#include "commune.h"
#include "conf.h"
#include "reply.h"
#include "seedgen.h"
#include "store.h"
#include "text.h"

#define BATCH		1000
#define DEFAULT_SEED	20261129u
#define NFIELDS		6

/* What every message is stored with. */
struct seeder {
	struct store	*store;
	const struct gopy_conf *conf;
	struct classifier *classifier;
	struct commune_matcher *communes;
	struct classify_result result;
	struct buf	 folded;
};

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "seeddb: %s: %s\n", what, why);
	exit(1);
}

/* Split line at tabs into at most max fields; returns how many. */
static size_t
split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		fields[n++] = p;
		p = strchr(p, '\t');
		if (p == NULL) {
			break;
		}
		*p++ = '\0';
	}
	return n;
}

/* An optional field: NULL when absent or empty. */
static const char *
field(char **f, size_t n, size_t i)
{
	return i < n && f[i][0] != '\0' ? f[i] : NULL;
}

static void
store_line(struct seeder *sd, char *line)
{
	struct classify_result *r = &sd->result;
	struct store_new_message m;
	char ticket[REPLY_TICKET_MAX];
	char *f[NFIELDS];
	int64_t id;
	size_t n;

	n = split_tabs(line, f, NFIELDS);
	if (n < 3) {
		die("input", "want TIME<TAB>SENDER<TAB>TEXT[<TAB>PARTS"
		    "[<TAB>STATUS[<TAB>ASSIGNEE]]]");
	}
	memset(&m, 0, sizeof(m));
	buf_reset(&sd->folded);
	text_fold(f[2], strlen(f[2]), &sd->folded);
	classify_text(sd->classifier, f[2], strlen(f[2]), r);
	classify_explain(sd->classifier, r);
	m.sender = f[1];
	m.sender_type = f[1][0] == '+' ? "international" : "national";
	m.received_at = strtoll(f[0], NULL, 10);
	m.received_tz = 420;
	m.stored_at = m.received_at + 5;
	m.text = f[2];
	m.folded = sd->folded.data;
	m.topic = sd->conf->topics[r->topic].id;
	m.score = r->score;
	m.keywords = r->matched.data;
	m.scores = r->scores.data;
	m.unsure = r->unsure;
	m.parts = field(f, n, 3) != NULL ? atoi(f[3]) : 1;
	m.raw_pdu = "";
	m.commune = commune_find(sd->communes, f[2], strlen(f[2]));
	m.status = field(f, n, 4);
	m.assignee = field(f, n, 5);
	if (store_add_message(sd->store, &m, &id) == -1) {
		die("store", store_error(sd->store));
	}
	reply_ticket(id, ticket);
	if (store_set_ticket(sd->store, id, ticket) == -1) {
		die("store", store_error(sd->store));
	}
}

/* One message more, in transactions of BATCH. */
static void
seed_one(struct seeder *sd, char *line, size_t *stored)
{
	if (*stored % BATCH == 0 && store_begin(sd->store) == -1) {
		die("begin", store_error(sd->store));
	}
	store_line(sd, line);
	if (++*stored % BATCH == 0 && store_commit(sd->store) == -1) {
		die("commit", store_error(sd->store));
	}
}

/* A number argument in 0..max, or die. */
static unsigned long long
number_arg(const char *what, const char *s, unsigned long long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 ||
	    v > max) {
		die(what, "not a number in range");
	}
	return v;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "end", required_argument, NULL, 'e' },
		{ "generate", required_argument, NULL, 'g' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct gopy_conf conf;
	struct seeder sd;
	struct seedgen gen;
	struct buf errs, line;
	const char *cfile = NULL;
	char *in = NULL, err[512];
	unsigned long long generate = 0, seed = DEFAULT_SEED;
	long long end = (long long)time(NULL);
	size_t cap = 0, stored = 0;
	ssize_t len;
	int ch;

	while ((ch = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cfile = optarg;
			break;
		case 'e':
			end = (long long)number_arg("--end", optarg, INT64_MAX);
			break;
		case 'g':
			generate = number_arg("--generate", optarg, 100000000);
			break;
		case 's':
			seed = number_arg("--seed", optarg, UINT64_MAX);
			break;
		default:
			goto usage;
		}
	}
	if (cfile == NULL || argc - optind != 1) {
		goto usage;
	}
	buf_init(&errs);
	if (conf_load(&conf, cfile, &errs) == -1) {
		die(cfile, errs.data);
	}
	memset(&sd, 0, sizeof(sd));
	sd.conf = &conf;
	sd.classifier = classify_new(&conf.classify, conf.topics,
	    conf.ntopics, conf.fallback, conf.abbrevs, conf.nabbrevs);
	sd.communes = commune_matcher_new(&conf);
	sd.store = store_open(argv[optind], STORE_READ_WRITE, 5000, err,
	    sizeof(err));
	if (sd.store == NULL) {
		die("open", err);
	}
	classify_result_init(&sd.result);
	buf_init(&sd.folded);
	buf_init(&line);
	if (generate > 0) {
		fprintf(stderr, "seeddb: %llu messages, seed %llu, two years "
		    "to %lld\n", generate, seed, end);
		seedgen_init(&gen, seed, (size_t)generate, end);
		while (seedgen_next(&gen, &line) == 0) {
			seed_one(&sd, line.data, &stored);
		}
	}
	while (generate == 0 && (len = getline(&in, &cap, stdin)) != -1) {
		if (len > 0 && in[len - 1] == '\n') {
			in[--len] = '\0';
		}
		if (len > 0) {
			seed_one(&sd, in, &stored);
		}
	}
	if (stored % BATCH != 0 && store_commit(sd.store) == -1) {
		die("commit", store_error(sd.store));
	}
	printf("%zu\n", stored);
	free(in);
	buf_release(&line);
	buf_release(&sd.folded);
	buf_release(&errs);
	classify_result_release(&sd.result);
	classify_free(sd.classifier);
	commune_matcher_free(sd.communes);
	store_close(sd.store);
	conf_release(&conf);
	return 0;

usage:
	fprintf(stderr, "usage: seeddb -c gopy.conf DATABASE < messages.tsv\n"
	    "       seeddb -c gopy.conf --generate N [--seed S] [--end TIME] "
	    "DATABASE\n");
	return 2;
}
