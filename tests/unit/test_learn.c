/*
 * Unit tests of learn.c on labelled messages written here (not the shared
 * corpus): which words and word pairs become features of which topic, the
 * options (min_count, max_per_topic), abbreviations read as the classifier
 * reads them, and the written file: loaded back through conf_load next to
 * a configuration that names it, it gives the same features and weights
 * and a classifier that uses them. A randomized test checks that the order
 * of the examples does not matter; it prints its seed and takes -s SEED.
 */
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "classify.h"
#include "conf.h"
#include "learn.h"

#define T_TROM	0
#define T_BAC	1
#define T_KHAC	2
#define NTOPICS	3

static unsigned long seed;

/* The topics learn_fit sees: no keywords, since they do not matter. */
static struct topic_conf topics[NTOPICS] = {
	{ "trom", "Trộm cắp", NULL, 0, NULL, 0, NULL, false },
	{ "bac", "Cờ bạc", NULL, 0, NULL, 0, NULL, false },
	{ "khac", "Khác", NULL, 0, NULL, 0, NULL, true },
};

static char *short_khong[] = { "ko", "k" };
static char *short_cax[] = { "cax" };

static const struct abbrev_conf abbrevs[] = {
	{ "không", short_khong, 2 },
	{ "công an xã", short_cax, 1 },
};
#define NABBREVS	(sizeof(abbrevs) / sizeof(abbrevs[0]))

static struct classify_conf cconf = {
	1, 2, 1, NULL, 0, "",
};

/*
 * Messages as villagers might write them. Counted by hand, per topic:
 * trom: "bo" 4 of 4, "mat" 4, "mat bo" 3, "dem" 2, "dem qua" 2, "chuong"
 * 1; bac: "ghi" 4 of 4, "lo" 4, "de" 4, "lo de" 4, "ghi lo" 4, "khong" 2
 * and "khong bat" 2 (typed "ko"), "cong" 2, "cong an" 1 (typed "cax");
 * khac: "nham" 2 of 2, "so" 1. "xom" is in one message of each topic.
 */
static const struct learn_example examples[] = {
	{ T_TROM, "Đêm qua nhà tôi MẤT BÒ ngoài đồng" },
	{ T_TROM, "mất bò lúc nửa đêm qua, ở xóm 3" },
	{ T_TROM, "sáng ra thấy chuồng trống, mất bò rồi" },
	{ T_TROM, "kẻ gian dắt con bò đi, nhà tôi mất trắng" },
	{ T_BAC, "xóm trên ghi lô đề công khai" },
	{ T_BAC, "quán nước ghi lô đề cả ngày" },
	{ T_BAC, "ghi lô đề mà ko bắt" },
	{ T_BAC, "cax ko bắt vụ ghi lô đề" },
	{ T_KHAC, "xin lỗi, nhắn nhầm" },
	{ T_KHAC, "nhầm số rồi, xóm ơi" },
};
#define NEXAMPLES	(sizeof(examples) / sizeof(examples[0]))

/* The weight of feature text in topic t of m, or NAN when it is not one. */
static double
weight_of(const struct learn_model *m, size_t t, const char *text)
{
	size_t k;

	for (k = 0; k < m->nfeatures[t]; k++) {
		if (strcmp(m->features[t][k].text, text) == 0) {
			return m->features[t][k].weight;
		}
	}
	return NAN;
}

static struct classifier *
reader(void)
{
	return classify_new(&cconf, topics, NTOPICS, T_KHAC, abbrevs,
	    NABBREVS);
}

/* Invariants of every model: sorted, bounded, two decimals, no dups. */
static void
assert_sane(const struct learn_model *m, const struct learn_opts *o)
{
	size_t t, k, j;
	double w;

	assert_int_equal(m->ntopics, NTOPICS);
	for (t = 0; t < m->ntopics; t++) {
		assert_true(m->nfeatures[t] <= (size_t)o->max_per_topic);
		for (k = 0; k < m->nfeatures[t]; k++) {
			w = m->features[t][k].weight;
			assert_true(w > 0 && w <= CONF_LEARNED_MAX);
			assert_true(fabs(w * 100 - round(w * 100)) < 1e-6);
			assert_true(strchr(m->features[t][k].text, '&') ==
			    NULL);
			if (k > 0) {
				assert_true(w <= m->features[t][k - 1].weight);
			}
			for (j = 0; j < k; j++) {
				assert_string_not_equal(m->features[t][j].text,
				    m->features[t][k].text);
			}
		}
	}
}

/* Which features each topic gets, with the default options. */
static void
test_features(void **state)
{
	static const struct {
		const char *name;
		size_t	 topic;
		const char *feature;
		bool	 present;
	} cases[] = {
		{ "word of every theft", T_TROM, "bo", true },
		{ "... in no other topic", T_BAC, "bo", false },
		{ "... nor the fallback", T_KHAC, "bo", false },
		{ "word of every lottery", T_BAC, "ghi", true },
		{ "pair of neighbours", T_BAC, "lo de", true },
		{ "pair of neighbours 2", T_BAC, "ghi lo", true },
		{ "pair in three of four", T_TROM, "mat bo", true },
		{ "pair in two", T_TROM, "dem qua", true },
		{ "words apart are no pair", T_TROM, "dem bo", false },
		{ "one message is chance", T_TROM, "chuong", false },
		{ "one message is chance 2", T_BAC, "cong an", false },
		{ "in every topic once", T_TROM, "xom", false },
		{ "abbreviation read", T_BAC, "khong", true },
		{ "... never its short form", T_BAC, "ko", false },
		{ "abbreviation in a pair", T_BAC, "khong bat", true },
		{ "... and its words", T_BAC, "cong", true },
		{ "fallback learns too", T_KHAC, "nham", true },
		{ "no marks, lower case", T_TROM, "Bò", false },
	};
	struct classifier *c = reader();
	struct learn_opts o;
	struct learn_model m;
	double w;
	size_t i;

	(void)state;
	learn_default_opts(&o);
	learn_fit(c, examples, NEXAMPLES, NTOPICS, &o, &m);
	assert_sane(&m, &o);
	assert_int_equal(m.nexamples, NEXAMPLES);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		w = weight_of(&m, cases[i].topic, cases[i].feature);
		if (cases[i].present != !isnan(w)) {
			fail_msg("case '%s': '%s' in topic %zu: weight %g, "
			    "want %s", cases[i].name, cases[i].feature,
			    cases[i].topic, w, cases[i].present ? "one" :
			    "none");
		}
	}
	/* Seen in four messages of four, stronger than in two of four. */
	assert_true(weight_of(&m, T_TROM, "bo") >
	    weight_of(&m, T_TROM, "dem qua"));
	learn_model_release(&m);
	assert_null(m.features);
	classify_free(c);
}

static void
test_min_count(void **state)
{
	static const struct {
		int	 min_count;
		const char *kept;	/* a feature kept in bac */
		const char *dropped;	/* one dropped from bac, or NULL */
	} cases[] = {
		{ 1, "cong an", NULL },
		{ 2, "khong", "cong an" },
		{ 3, "lo de", "khong" },
		{ 4, "lo de", "khong" },
	};
	struct classifier *c = reader();
	struct learn_opts o;
	struct learn_model m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		learn_default_opts(&o);
		o.min_count = cases[i].min_count;
		learn_fit(c, examples, NEXAMPLES, NTOPICS, &o, &m);
		assert_sane(&m, &o);
		if (isnan(weight_of(&m, T_BAC, cases[i].kept)) ||
		    (cases[i].dropped != NULL &&
		    !isnan(weight_of(&m, T_BAC, cases[i].dropped)))) {
			fail_msg("min_count %d: want '%s' kept, '%s' dropped",
			    cases[i].min_count, cases[i].kept,
			    cases[i].dropped);
		}
		learn_model_release(&m);
	}
	/* Above every count: nothing at all. */
	learn_default_opts(&o);
	o.min_count = 5;
	learn_fit(c, examples, NEXAMPLES, NTOPICS, &o, &m);
	for (i = 0; i < NTOPICS; i++) {
		assert_int_equal(m.nfeatures[i], 0);
	}
	learn_model_release(&m);
	classify_free(c);
}

/* The strongest max_per_topic of each topic, and the same ones first. */
static void
test_max_per_topic(void **state)
{
	struct classifier *c = reader();
	struct learn_opts o;
	struct learn_model all, few;
	size_t t, k;
	int max;

	(void)state;
	learn_default_opts(&o);
	learn_fit(c, examples, NEXAMPLES, NTOPICS, &o, &all);
	assert_true(all.nfeatures[T_BAC] > 3);
	for (max = 0; max <= 3; max++) {
		o.max_per_topic = max;
		learn_fit(c, examples, NEXAMPLES, NTOPICS, &o, &few);
		assert_sane(&few, &o);
		for (t = 0; t < NTOPICS; t++) {
			assert_int_equal(few.nfeatures[t],
			    all.nfeatures[t] < (size_t)max ?
			    all.nfeatures[t] : (size_t)max);
			for (k = 0; k < few.nfeatures[t]; k++) {
				assert_string_equal(few.features[t][k].text,
				    all.features[t][k].text);
				assert_true(few.features[t][k].weight ==
				    all.features[t][k].weight);
			}
		}
		learn_model_release(&few);
	}
	learn_model_release(&all);
	classify_free(c);
}

/* min_weight drops features not that much more frequent in the topic. */
static void
test_min_weight(void **state)
{
	struct classifier *c = reader();
	struct learn_opts o;
	struct learn_model m;
	size_t t;

	(void)state;
	learn_default_opts(&o);
	o.min_weight = 100;
	learn_fit(c, examples, NEXAMPLES, NTOPICS, &o, &m);
	for (t = 0; t < NTOPICS; t++) {
		assert_int_equal(m.nfeatures[t], 0);
	}
	learn_model_release(&m);
	classify_free(c);
}

/* The same examples in any order make the same model. */
static void
test_order(void **state)
{
	struct learn_example shuffled[NEXAMPLES], tmp;
	struct classifier *c = reader();
	struct learn_opts o;
	struct learn_model a, b;
	size_t round_, i, j, t, k;

	(void)state;
	srandom((unsigned)seed);
	learn_default_opts(&o);
	o.min_count = 1;	/* many ties of equal weight */
	o.max_per_topic = 5;	/* cut among them */
	learn_fit(c, examples, NEXAMPLES, NTOPICS, &o, &a);
	for (round_ = 0; round_ < 50; round_++) {
		memcpy(shuffled, examples, sizeof(shuffled));
		for (i = NEXAMPLES; i > 1; i--) {
			j = (size_t)random() % i;
			tmp = shuffled[i - 1];
			shuffled[i - 1] = shuffled[j];
			shuffled[j] = tmp;
		}
		learn_fit(c, shuffled, NEXAMPLES, NTOPICS, &o, &b);
		for (t = 0; t < NTOPICS; t++) {
			assert_int_equal(a.nfeatures[t], b.nfeatures[t]);
			for (k = 0; k < a.nfeatures[t]; k++) {
				if (strcmp(a.features[t][k].text,
				    b.features[t][k].text) != 0 ||
				    a.features[t][k].weight !=
				    b.features[t][k].weight) {
					fail_msg("seed %lu round %zu: topic "
					    "%zu feature %zu '%s' %g, in order "
					    "'%s' %g", seed, round_, t, k,
					    b.features[t][k].text,
					    b.features[t][k].weight,
					    a.features[t][k].text,
					    a.features[t][k].weight);
				}
			}
		}
		learn_model_release(&b);
	}
	learn_model_release(&a);
	classify_free(c);
}

/* A temporary directory, removed with what is in it by teardown. */
struct tmp {
	char	dir[64];
	char	conf[128];
	char	learned[128];
};

static int
setup_tmp(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	if (t == NULL) {
		return -1;
	}
	snprintf(t->dir, sizeof(t->dir), "/tmp/test_learn.XXXXXX");
	if (mkdtemp(t->dir) == NULL) {
		free(t);
		return -1;
	}
	snprintf(t->conf, sizeof(t->conf), "%s/gopy.conf", t->dir);
	snprintf(t->learned, sizeof(t->learned), "%s/learned.conf", t->dir);
	*state = t;
	return 0;
}

static int
teardown_tmp(void **state)
{
	struct tmp *t = *state;

	unlink(t->conf);
	unlink(t->learned);
	rmdir(t->dir);
	free(t);
	return 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/*
 * A configuration with the topics above and classifier.learned naming
 * "learned.conf" in the same directory, relative as gopy.conf ships it.
 */
static void
write_conf(const struct tmp *t)
{
	write_file(t->conf,
	    "modem = { device = \"tcp:127.0.0.1:7000\"; };\n"
	    "classifier = {\n"
	    "\tmin_score = 0.1;\n"
	    "\tlearned = \"learned.conf\";\n"
	    "};\n"
	    "topics = (\n"
	    "\t{ id = \"trom\"; name = \"Trộm cắp\"; },\n"
	    "\t{ id = \"bac\"; name = \"Cờ bạc\"; },\n"
	    "\t{ id = \"khac\"; name = \"Khác\"; fallback = true; }\n"
	    ");\n"
	    "abbreviations = (\n"
	    "\t{ word = \"không\"; short = [ \"ko\", \"k\" ]; },\n"
	    "\t{ word = \"công an xã\"; short = [ \"cax\" ]; }\n"
	    ");\n");
}

static void
load(const struct tmp *t, struct gopy_conf *conf)
{
	struct buf errs;

	buf_init(&errs);
	if (conf_load(conf, t->conf, &errs) != 0) {
		fail_msg("conf_load '%s': %s", t->conf, errs.data);
	}
	buf_release(&errs);
}

/* learn_write, conf_load: the same features and weights come back. */
static void
test_write_load(void **state)
{
	static const struct {
		const char *text;
		size_t	 topic;
	} cases[] = {
		{ "con bò nhà tôi bị mất", T_TROM },
		{ "MẤT BÒ", T_TROM },
		{ "bò", T_TROM },
		{ "xóm 5 ghi lô đề", T_BAC },
		{ "lo de", T_BAC },
		{ "nhắn nhầm", T_KHAC },
		{ "alo", T_KHAC },
		{ "", T_KHAC },
	};
	const struct tmp *t = *state;
	struct classify_result r;
	struct classifier *c = reader(), *lc;
	struct gopy_conf conf;
	struct learn_opts o;
	struct learn_model m;
	struct buf out;
	size_t i, k;

	learn_default_opts(&o);
	learn_fit(c, examples, NEXAMPLES, NTOPICS, &o, &m);
	buf_init(&out);
	learn_write(&m, topics, NTOPICS, "Made by test_learn\nfrom ten "
	    "messages", &out);
	assert_non_null(strstr(out.data, "# Made by test_learn\n# from ten "
	    "messages\n"));
	assert_non_null(strstr(out.data, "Learned from 10 labelled "
	    "messages"));
	write_file(t->learned, out.data);
	write_conf(t);
	load(t, &conf);
	assert_int_equal(conf.ntopics, NTOPICS);
	for (i = 0; i < NTOPICS; i++) {
		assert_int_equal(conf.topics[i].nlearned, m.nfeatures[i]);
		for (k = 0; k < m.nfeatures[i]; k++) {
			assert_string_equal(conf.topics[i].learned[k].text,
			    m.features[i][k].text);
			assert_true(fabs(conf.topics[i].learned[k].weight -
			    m.features[i][k].weight) < 0.005);
		}
	}
	lc = classify_new(&conf.classify, conf.topics, conf.ntopics,
	    conf.fallback, conf.abbrevs, conf.nabbrevs);
	assert_int_equal(classify_nkeywords(lc), m.nfeatures[T_TROM] +
	    m.nfeatures[T_BAC] + m.nfeatures[T_KHAC]);
	classify_result_init(&r);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_text(lc, cases[i].text, strlen(cases[i].text), &r);
		classify_explain(lc, &r);
		if (r.topic != cases[i].topic) {
			fail_msg("'%s': topic %zu (%s), want %zu",
			    cases[i].text, r.topic, r.matched.data,
			    cases[i].topic);
		}
		if (cases[i].topic != T_KHAC) {
			/* Learned ones are marked in the explanation. */
			assert_non_null(strstr(r.matched.data, "~"));
		}
	}
	classify_result_release(&r);
	classify_free(lc);
	conf_release(&conf);
	buf_release(&out);
	learn_model_release(&m);
	classify_free(c);
}

/* No examples: an empty model, and a file that loads with no features. */
static void
test_empty(void **state)
{
	const struct tmp *t = *state;
	struct classifier *c = reader();
	struct gopy_conf conf;
	struct learn_opts o;
	struct learn_model m;
	struct buf out;
	size_t i;

	learn_default_opts(&o);
	learn_fit(c, NULL, 0, NTOPICS, &o, &m);
	assert_int_equal(m.nexamples, 0);
	for (i = 0; i < NTOPICS; i++) {
		assert_int_equal(m.nfeatures[i], 0);
	}
	buf_init(&out);
	learn_write(&m, topics, NTOPICS, "nothing", &out);
	assert_non_null(strstr(out.data, "Learned from 0 labelled "
	    "messages"));
	write_file(t->learned, out.data);
	write_conf(t);
	load(t, &conf);
	for (i = 0; i < conf.ntopics; i++) {
		assert_int_equal(conf.topics[i].nlearned, 0);
	}
	conf_release(&conf);
	buf_release(&out);
	learn_model_release(&m);
	classify_free(c);
}

static int
usage(void)
{
	fprintf(stderr, "usage: test_learn [-s seed]\n");
	return 2;
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_min_count),
		cmocka_unit_test(test_max_per_topic),
		cmocka_unit_test(test_min_weight),
		cmocka_unit_test(test_order),
		cmocka_unit_test_setup_teardown(test_write_load, setup_tmp,
		    teardown_tmp),
		cmocka_unit_test_setup_teardown(test_empty, setup_tmp,
		    teardown_tmp),
	};
	char *end;
	int ch;

	seed = (unsigned long)time(NULL);
	while ((ch = getopt(argc, argv, "s:")) != -1) {
		switch (ch) {
		case 's':
			errno = 0;
			seed = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg) {
				return usage();
			}
			break;
		default:
			return usage();
		}
	}
	printf("test_learn: seed %lu (replay with -s %lu)\n", seed, seed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
