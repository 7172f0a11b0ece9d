/*
 * How well and how fast the configured classifier sorts a labelled corpus
 * (topic<TAB>text lines): plain figures with the configuration as it is,
 * 5-fold cross-validated figures with the hand keywords fixed and the
 * learned weights fitted on four folds and scored on the fifth, and
 * messages per second on one core. Prints figures; never fails on them.
 * With -r, also appends the headline figures as rows of make bench's
 * table (NAME<TAB>FIGURE<TAB>UNIT<TAB>TARGET) to results.
 *
 * usage: bench_classify [-v] [-r results] [-s seed] config corpus
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "classify.h"
#include "conf.h"
#include "learn.h"
#include "xmalloc.h"

#define FOLDS		5
#define THROUGHPUT_CHARS 160		/* characters of a timed message */
#define THROUGHPUT_MSGS	4096		/* distinct timed messages */
#define THROUGHPUT_NS	1000000000LL	/* time at least this long */
#define DEFAULT_SEED	20250301u	/* the split of the figures quoted */

struct corpus {
	struct learn_example *ex;
	size_t	 n;
};

/* Decisions against the truth, over ntopics topics. */
struct tally {
	size_t	 ntopics;
	size_t	*confusion;		/* [truth * ntopics + decided] */
	size_t	 n;
	size_t	 right;
	size_t	 unsure;
	size_t	 unsure_right;
};

static uint64_t rng_state;
static FILE *results;		/* -r: rows for make bench's table, or NULL */

/* A row of make bench's table, when -r asked for them. */
static void
result_row(const char *name, const char *figure, const char *unit,
    const char *target)
{
	if (results != NULL) {
		fprintf(results, "%s\t%s\t%s\t%s\n", name, figure, unit,
		    target);
	}
}

/* Close -r's file: the exit status, 1 when the rows were not written. */
static int
results_close(void)
{
	if (results != NULL && fclose(results) == EOF) {
		fprintf(stderr, "bench_classify: write results: %s\n",
		    strerror(errno));
		return 1;
	}
	return 0;
}

/* splitmix64: small, seedable, the same on every platform. */
static uint64_t
rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: bench_classify [-v] [-r results] [-s seed] "
	    "config corpus\n");
	exit(2);
}

/*
 * Read topic<TAB>text lines; lines whose topic the configuration does not
 * have are skipped with a warning. Returns -1 when the file cannot be
 * opened.
 */
static int
corpus_read(const char *path, const struct gopy_conf *conf, struct corpus *cp)
{
	FILE *f;
	char *line = NULL, *tab;
	size_t cap = 0, len, lineno = 0;
	ssize_t got;
	int t;

	memset(cp, 0, sizeof(*cp));
	if ((f = fopen(path, "r")) == NULL) {
		return -1;
	}
	while ((got = getline(&line, &cap, f)) != -1) {
		lineno++;
		len = (size_t)got;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r')) {
			line[--len] = '\0';
		}
		if (len == 0 || (tab = strchr(line, '\t')) == NULL) {
			continue;
		}
		*tab = '\0';
		if ((t = conf_topic_index(conf, line)) == -1) {
			fprintf(stderr, "%s:%zu: no topic '%s' in the "
			    "configuration, skipped\n", path, lineno, line);
			continue;
		}
		cp->ex = xreallocarray(cp->ex, cp->n + 1, sizeof(*cp->ex));
		cp->ex[cp->n].topic = (size_t)t;
		cp->ex[cp->n].text = xstrdup(tab + 1);
		cp->n++;
	}
	free(line);
	fclose(f);
	return 0;
}

static void
corpus_release(struct corpus *cp)
{
	size_t i;

	for (i = 0; i < cp->n; i++) {
		free((char *)(uintptr_t)cp->ex[i].text);
	}
	free(cp->ex);
	memset(cp, 0, sizeof(*cp));
}

static void
tally_init(struct tally *t, size_t ntopics)
{
	memset(t, 0, sizeof(*t));
	t->ntopics = ntopics;
	t->confusion = xcalloc(ntopics * ntopics, sizeof(*t->confusion));
}

static void
tally_release(struct tally *t)
{
	free(t->confusion);
	memset(t, 0, sizeof(*t));
}

static void
tally_add(struct tally *t, size_t truth, const struct classify_result *r)
{
	t->confusion[truth * t->ntopics + r->topic]++;
	t->n++;
	t->right += r->topic == truth;
	t->unsure += r->unsure;
	t->unsure_right += r->unsure && r->topic == truth;
}

/* Precision, recall and F1 of topic k; 0 where undefined. */
static void
tally_prf(const struct tally *t, size_t k, double *p, double *r, double *f)
{
	size_t i, tp = t->confusion[k * t->ntopics + k], decided = 0, truth = 0;

	for (i = 0; i < t->ntopics; i++) {
		decided += t->confusion[i * t->ntopics + k];
		truth += t->confusion[k * t->ntopics + i];
	}
	*p = decided == 0 ? 0 : (double)tp / (double)decided;
	*r = truth == 0 ? 0 : (double)tp / (double)truth;
	*f = *p + *r == 0 ? 0 : 2 * *p * *r / (*p + *r);
}

/* Macro-F1 over the topics the corpus has. */
static double
tally_macro_f1(const struct tally *t)
{
	double p, r, f, sum = 0;
	size_t k, i, truth, n = 0;

	for (k = 0; k < t->ntopics; k++) {
		for (truth = 0, i = 0; i < t->ntopics; i++) {
			truth += t->confusion[k * t->ntopics + i];
		}
		if (truth == 0) {
			continue;
		}
		tally_prf(t, k, &p, &r, &f);
		sum += f;
		n++;
	}
	return n == 0 ? 0 : sum / (double)n;
}

static double
ratio(size_t a, size_t b)
{
	return b == 0 ? 0 : (double)a / (double)b;
}

static void
tally_print(const struct tally *t, const struct gopy_conf *conf,
    bool confusion)
{
	double p, r, f;
	size_t i, k;

	printf("  accuracy  %.3f (%zu of %zu)\n", ratio(t->right, t->n),
	    t->right, t->n);
	printf("  macro-F1  %.3f\n", tally_macro_f1(t));
	printf("  unsure    %zu: accuracy %.3f among the %zu sure, %.3f "
	    "among the unsure\n", t->unsure,
	    ratio(t->right - t->unsure_right, t->n - t->unsure),
	    t->n - t->unsure, ratio(t->unsure_right, t->unsure));
	printf("\n  %-12s %9s %6s %6s\n", "topic", "precision", "recall",
	    "F1");
	for (k = 0; k < t->ntopics; k++) {
		tally_prf(t, k, &p, &r, &f);
		printf("  %-12s %9.3f %6.3f %6.3f\n", conf->topics[k].id, p, r,
		    f);
	}
	if (!confusion) {
		return;
	}
	printf("\n  confusion: rows are the true topic, columns the "
	    "decided one\n  %-12s", "");
	for (k = 0; k < t->ntopics; k++) {
		printf(" %5.5s", conf->topics[k].id);
	}
	printf("\n");
	for (i = 0; i < t->ntopics; i++) {
		printf("  %-12s", conf->topics[i].id);
		for (k = 0; k < t->ntopics; k++) {
			if (t->confusion[i * t->ntopics + k] == 0) {
				printf(" %5s", ".");
			} else {
				printf(" %5zu", t->confusion[i * t->ntopics +
				    k]);
			}
		}
		printf("\n");
	}
}

static struct classifier *
build(const struct gopy_conf *conf, const struct topic_conf *topics)
{
	return classify_new(&conf->classify, topics, conf->ntopics,
	    conf->fallback, conf->abbrevs, conf->nabbrevs);
}

/* Score the examples whose fold is fold (all when fold < 0) into t. */
static void
score(const struct classifier *c, const struct corpus *cp, const int *folds,
    int fold, bool verbose, const struct gopy_conf *conf, struct tally *t)
{
	struct classify_result r;
	size_t i;

	classify_result_init(&r);
	for (i = 0; i < cp->n; i++) {
		if (fold >= 0 && folds[i] != fold) {
			continue;
		}
		classify_text(c, cp->ex[i].text, strlen(cp->ex[i].text), &r);
		tally_add(t, cp->ex[i].topic, &r);
		if (verbose && r.topic != cp->ex[i].topic) {
			classify_explain(c, &r);
			printf("  %s -> %s%s [%s] %s\n",
			    conf->topics[cp->ex[i].topic].id,
			    conf->topics[r.topic].id, r.unsure ? "?" : "",
			    r.matched.data, cp->ex[i].text);
		}
	}
	classify_result_release(&r);
}

/*
 * A fixed, seeded split into FOLDS folds, stratified: each topic's
 * messages are shuffled and dealt round the folds in turn, starting where
 * the previous topic stopped.
 */
static void
split(const struct corpus *cp, size_t ntopics, int *folds)
{
	size_t *idx, n, i, j, t, tmp;
	int next = 0;

	idx = xcalloc(cp->n + 1, sizeof(*idx));
	for (t = 0; t < ntopics; t++) {
		for (n = 0, i = 0; i < cp->n; i++) {
			if (cp->ex[i].topic == t) {
				idx[n++] = i;
			}
		}
		for (i = n; i > 1; i--) {
			j = (size_t)(rng_next() % i);
			tmp = idx[i - 1];
			idx[i - 1] = idx[j];
			idx[j] = tmp;
		}
		for (i = 0; i < n; i++) {
			folds[idx[i]] = next;
			next = (next + 1) % FOLDS;
		}
	}
	free(idx);
}

static void
cross_validate(const struct gopy_conf *conf, const struct corpus *cp,
    bool verbose)
{
	struct topic_conf *topics;
	struct learn_example *train;
	struct learn_opts o;
	struct learn_model m;
	struct classifier *hand, *c;
	struct tally t;
	char figure[64];
	size_t i, k, ntrain, nfeat;
	int *folds, fold;

	topics = xcalloc(conf->ntopics, sizeof(*topics));
	memcpy(topics, conf->topics, conf->ntopics * sizeof(*topics));
	for (k = 0; k < conf->ntopics; k++) {
		topics[k].learned = NULL;
		topics[k].nlearned = 0;
	}
	/* Reads words as the configuration does; its keywords do not count. */
	hand = build(conf, topics);
	folds = xcalloc(cp->n + 1, sizeof(*folds));
	train = xcalloc(cp->n + 1, sizeof(*train));
	split(cp, conf->ntopics, folds);
	learn_default_opts(&o);
	tally_init(&t, conf->ntopics);
	nfeat = 0;
	for (fold = 0; fold < FOLDS; fold++) {
		for (ntrain = 0, i = 0; i < cp->n; i++) {
			if (folds[i] != fold) {
				train[ntrain++] = cp->ex[i];
			}
		}
		learn_fit(hand, train, ntrain, conf->ntopics, &o, &m);
		for (k = 0; k < conf->ntopics; k++) {
			topics[k].learned = m.features[k];
			topics[k].nlearned = m.nfeatures[k];
			nfeat += m.nfeatures[k];
		}
		c = build(conf, topics);
		score(c, cp, folds, fold, verbose, conf, &t);
		classify_free(c);
		learn_model_release(&m);
	}
	printf("  learned features per fold, mean: %zu\n", nfeat / FOLDS);
	tally_print(&t, conf, true);
	snprintf(figure, sizeof(figure), "accuracy %.3f, macro-F1 %.3f",
	    ratio(t.right, t.n), tally_macro_f1(&t));
	result_row("classifier, dev corpus, 5-fold cross-validated", figure,
	    "", "macro-F1 >= 0.90");
	tally_release(&t);
	classify_free(hand);
	free(train);
	free(folds);
	free(topics);
}

/*
 * Bytes of s that hold at most n characters (code points), cut before a
 * character, and in *got how many there are.
 */
static size_t
chars_prefix(const char *s, size_t len, size_t n, size_t *got)
{
	size_t i;

	*got = 0;
	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && (*got)++ == n) {
			(*got)--;
			break;
		}
	}
	return i;
}

/*
 * Messages of THROUGHPUT_CHARS characters made of the corpus's, joined in
 * a seeded random order and cut before a character.
 */
static char **
make_messages(const struct corpus *cp)
{
	char **msgs = xcalloc(THROUGHPUT_MSGS, sizeof(*msgs));
	struct buf b;
	const char *s;
	size_t i, cut, got;

	buf_init(&b);
	for (i = 0; i < THROUGHPUT_MSGS; i++) {
		buf_reset(&b);
		do {
			s = cp->ex[rng_next() % cp->n].text;
			buf_addf(&b, "%s%s", b.len > 0 ? ". " : "", s);
			cut = chars_prefix(b.data, b.len, THROUGHPUT_CHARS,
			    &got);
		} while (got < THROUGHPUT_CHARS);
		msgs[i] = xstrndup(b.data, cut);
	}
	buf_release(&b);
	return msgs;
}

/*
 * CPU time of this thread: what one core spends, whatever else the
 * machine runs.
 */
static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
throughput(const struct classifier *c, const struct corpus *cp)
{
	struct classify_result r;
	char **msgs = make_messages(cp);
	size_t *lens, i, n = 0, bytes = 0, sink = 0;
	long long start, elapsed;
	char figure[32];

	lens = xcalloc(THROUGHPUT_MSGS, sizeof(*lens));
	for (i = 0; i < THROUGHPUT_MSGS; i++) {
		lens[i] = strlen(msgs[i]);
		bytes += lens[i];
	}
	classify_result_init(&r);
	for (i = 0; i < THROUGHPUT_MSGS; i++) {
		classify_text(c, msgs[i], lens[i], &r);	/* warm up */
	}
	start = now_ns();
	do {
		for (i = 0; i < THROUGHPUT_MSGS; i++) {
			classify_text(c, msgs[i], lens[i], &r);
			sink += r.topic;
		}
		n += THROUGHPUT_MSGS;
	} while ((elapsed = now_ns() - start) < THROUGHPUT_NS);
	printf("  %zu messages of %d characters (%zu bytes on average) in "
	    "%.2f s of CPU\n", n, THROUGHPUT_CHARS, bytes / THROUGHPUT_MSGS,
	    (double)elapsed / 1e9);
	printf("  %.0f messages/s on one core (%zu keywords and features)\n",
	    (double)n * 1e9 / (double)elapsed, classify_nkeywords(c));
	snprintf(figure, sizeof(figure), "%.0f",
	    (double)n * 1e9 / (double)elapsed);
	result_row("classifier, 160-character messages, one core", figure,
	    "msg/s", ">= 200000");
	if (sink == SIZE_MAX) {
		printf("\n");	/* keeps the loop from being optimised away */
	}
	classify_result_release(&r);
	for (i = 0; i < THROUGHPUT_MSGS; i++) {
		free(msgs[i]);
	}
	free(msgs);
	free(lens);
}

int
main(int argc, char *argv[])
{
	struct gopy_conf conf;
	struct corpus cp;
	struct classifier *c;
	struct tally t;
	struct buf errs;
	unsigned long seed = DEFAULT_SEED;
	bool verbose = false;
	size_t k, nlearned = 0;
	char *end;
	int ch;

	while ((ch = getopt(argc, argv, "r:s:v")) != -1) {
		switch (ch) {
		case 'r':
			if ((results = fopen(optarg, "a")) == NULL) {
				fprintf(stderr, "bench_classify: open '%s': "
				    "%s\n", optarg, strerror(errno));
				return 1;
			}
			break;
		case 's':
			errno = 0;
			seed = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg) {
				usage();
			}
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2) {
		usage();
	}
	buf_init(&errs);
	if (conf_load(&conf, argv[optind], &errs) == -1) {
		fprintf(stderr, "%s", errs.data);
		return 1;
	}
	buf_release(&errs);
	if (corpus_read(argv[optind + 1], &conf, &cp) == -1) {
		printf("bench_classify: no corpus at '%s' (%s); nothing to "
		    "measure\n", argv[optind + 1], strerror(errno));
		result_row("classifier", "no corpus", "", "");
		conf_release(&conf);
		return results_close();
	}
	if (cp.n == 0) {
		printf("bench_classify: '%s' holds no labelled message\n",
		    argv[optind + 1]);
		result_row("classifier", "no labelled message", "", "");
		corpus_release(&cp);
		conf_release(&conf);
		return results_close();
	}
	for (k = 0; k < conf.ntopics; k++) {
		nlearned += conf.topics[k].nlearned;
	}
	printf("classifier benchmark: %s (%zu learned features from '%s'), "
	    "%zu messages from %s, seed %lu\n", argv[optind], nlearned,
	    conf.classify.learned, cp.n, argv[optind + 1], seed);
	printf("min_score %g, unsure_below %g, unsure_margin %g, %zu "
	    "negations\n", conf.classify.min_score, conf.classify.unsure_below,
	    conf.classify.unsure_margin, conf.classify.nnegations);
	rng_state = seed;

	printf("\n(a) the configuration as it is, on the whole corpus "
	    "(flatters: it was fitted there)\n");
	c = build(&conf, conf.topics);
	tally_init(&t, conf.ntopics);
	score(c, &cp, NULL, -1, verbose, &conf, &t);
	tally_print(&t, &conf, true);
	tally_release(&t);

	printf("\n(b) %d-fold cross-validation: hand keywords fixed, weights "
	    "learned on %d folds,\n    scored on the fifth; the "
	    "configuration's learned file is not used\n", FOLDS, FOLDS - 1);
	cross_validate(&conf, &cp, verbose);

	printf("\n(c) throughput, the configuration as it is\n");
	throughput(c, &cp);
	classify_free(c);
	corpus_release(&cp);
	conf_release(&conf);
	return results_close();
}
