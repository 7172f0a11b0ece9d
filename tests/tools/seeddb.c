/*
 * seeddb: fill a gopy database with messages for tests and benchmarks,
 * through the real store and classifier, without a modem. Each line of
 * standard input is one message:
 *
 *	UNIX_TIME <TAB> SENDER <TAB> TEXT [<TAB> PARTS]
 *
 * The text is stored, folded, classified with the configuration's topics
 * and given its ticket, as gopyd would; no acknowledgement is queued.
 * Messages go in transactions of a thousand. Prints how many it stored.
 *
 *	seeddb -c gopy.conf DATABASE < messages.tsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "classify.h"
#include "conf.h"
#include "reply.h"
#include "store.h"
#include "text.h"

#define BATCH	1000

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

static void
store_line(struct store *st, const struct gopy_conf *conf,
    const struct classifier *c, char *line, struct classify_result *r,
    struct buf *folded)
{
	struct store_new_message m;
	char ticket[REPLY_TICKET_MAX];
	char *f[4];
	int64_t id;
	size_t n;

	n = split_tabs(line, f, 4);
	if (n < 3) {
		die("input", "want TIME<TAB>SENDER<TAB>TEXT[<TAB>PARTS]");
	}
	memset(&m, 0, sizeof(m));
	buf_reset(folded);
	text_fold(f[2], strlen(f[2]), folded);
	classify_text(c, f[2], strlen(f[2]), r);
	classify_explain(c, r);
	m.sender = f[1];
	m.sender_type = f[1][0] == '+' ? "international" : "national";
	m.received_at = strtoll(f[0], NULL, 10);
	m.received_tz = 420;
	m.stored_at = m.received_at + 5;
	m.text = f[2];
	m.folded = folded->data;
	m.topic = conf->topics[r->topic].id;
	m.score = r->score;
	m.keywords = r->matched.data;
	m.scores = r->scores.data;
	m.unsure = r->unsure;
	m.parts = n == 4 ? atoi(f[3]) : 1;
	m.raw_pdu = "";
	if (store_add_message(st, &m, &id) == -1) {
		die("store", store_error(st));
	}
	reply_ticket(id, ticket);
	if (store_set_ticket(st, id, ticket) == -1) {
		die("store", store_error(st));
	}
}

int
main(int argc, char *argv[])
{
	struct classify_result r;
	struct gopy_conf conf;
	struct classifier *c;
	struct store *st;
	struct buf errs, folded;
	const char *cfile = NULL;
	char *line = NULL, err[512];
	size_t cap = 0, stored = 0;
	ssize_t len;
	int ch;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c') {
			goto usage;
		}
		cfile = optarg;
	}
	if (cfile == NULL || argc - optind != 1) {
		goto usage;
	}
	buf_init(&errs);
	if (conf_load(&conf, cfile, &errs) == -1) {
		die(cfile, errs.data);
	}
	c = classify_new(&conf.classify, conf.topics, conf.ntopics,
	    conf.fallback, conf.abbrevs, conf.nabbrevs);
	st = store_open(argv[optind], STORE_READ_WRITE, 5000, err, sizeof(err));
	if (st == NULL) {
		die("open", err);
	}
	classify_result_init(&r);
	buf_init(&folded);
	while ((len = getline(&line, &cap, stdin)) != -1) {
		if (len > 0 && line[len - 1] == '\n') {
			line[--len] = '\0';
		}
		if (len == 0) {
			continue;
		}
		if (stored % BATCH == 0 && store_begin(st) == -1) {
			die("begin", store_error(st));
		}
		store_line(st, &conf, c, line, &r, &folded);
		if (++stored % BATCH == 0 && store_commit(st) == -1) {
			die("commit", store_error(st));
		}
	}
	if (stored % BATCH != 0 && store_commit(st) == -1) {
		die("commit", store_error(st));
	}
	printf("%zu\n", stored);
	free(line);
	buf_release(&folded);
	buf_release(&errs);
	classify_result_release(&r);
	classify_free(c);
	store_close(st);
	conf_release(&conf);
	return 0;

usage:
	fprintf(stderr, "usage: seeddb -c gopy.conf DATABASE < messages.tsv\n");
	return 2;
}
