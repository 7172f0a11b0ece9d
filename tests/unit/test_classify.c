/*
 * Unit tests of classify.c against hand-made topics: whole words, phrases
 * across punctuation, diacritics that must agree when both sides have
 * them, abbreviations on both sides, weights and ties, negation, "a & b",
 * learned features, unsure decisions, the explanation, and size: a 2,000
 * character message and 5,000 keywords.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "classify.h"
#include "conf.h"

static struct keyword_conf kw_trom[] = {
	{ "trộm", 1 },
	{ "Mất Cắp", 2 },
	{ "bò", 1 },
};
static struct keyword_conf kw_bac[] = {
	{ "lô đề", 2 },
	{ "đánh bài", 1 },
	/* Marks matter: "đề" is not "để" (to) nor "dễ" (easy). */
	{ "ghi đề", 2 },
	{ "đề", 1 },
};
static struct keyword_conf kw_thutuc[] = {
	{ "không có giấy tờ", 1 },
	{ "được không", 1 },
	{ "VNeID", 1 },
	/* Written with a short form: read as "cong an xa cham". */
	{ "cax chậm", 1 },
	{ "làm lại & căn cước", 3 },
	{ "hóa đơn", 1 },
};
static struct keyword_conf kw_cax[] = {
	{ "công an xã", 1 },
	/* Written without marks: matches "chợ", "chó", "cho", ... */
	{ "cho", 1 },
};
static struct keyword_conf kw_khac[] = {
	{ "nhầm số", 1 },
};
static struct keyword_conf learned_trom[] = {
	{ "trom bo", 0.75 },
};

static struct topic_conf topics[] = {
	{ "trom", "Trộm", kw_trom, 3, learned_trom, 1, NULL, false },
	{ "bac", "Bạc", kw_bac, 4, NULL, 0, NULL, false },
	{ "thu_tuc", "Thủ tục", kw_thutuc, 6, NULL, 0, NULL, false },
	{ "cax", "Công an xã", kw_cax, 2, NULL, 0, NULL, false },
	{ "khac", "Khác", kw_khac, 1, NULL, 0, NULL, true },
};
#define NTOPICS	(sizeof(topics) / sizeof(topics[0]))
#define FALLBACK 4

static char *short_khong[] = { "ko", "K", "hok" };
static char *short_duoc[] = { "dc", "đc" };
static char *short_cax[] = { "cax" };

static const struct abbrev_conf abbrevs[] = {
	{ "không", short_khong, 3 },
	{ "được", short_duoc, 2 },
	{ "công an xã", short_cax, 1 },
};

static char *negations[] = { "không phải", "chẳng phải" };

static struct classify_conf cconf = {
	1, 2, 1, negations, 2, "",
};

static const struct {
	const char *name;
	const char *text;
	size_t	 topic;
	double	 score;
	const char *matched;
} cases[] = {
	{ "word", "mất con bò rồi", 0, 1, "bò=1" },
	{ "not inside a word", "xem bóng đá, bong bóng", FALLBACK, 0, "" },
	{ "not a prefix", "bòn rút", FALLBACK, 0, "" },
	{ "case", "TRỘM BÒ!!!", 0, 2.75, "trộm=1, ~trom bo=0.75, bò=1" },
	{ "no marks typed", "trom bo", 0, 2.75, "trộm=1, ~trom bo=0.75, bò=1" },
	/* The learned "trom bo" has no marks: it matches, weakly. */
	{ "other marks typed", "trốm bơ", FALLBACK, 0, "~trom bo=0.75" },
	/* Typed with only some of its marks: the tone left out. */
	{ "tone left out", "trôm bo", 0, 2.75, "trộm=1, ~trom bo=0.75, bò=1" },
	/* Old and new tone placement: "hoá" and "hóa" are one word. */
	{ "old tone placement", "xin hoá đơn", 2, 1, "hóa đơn=1" },
	{ "new tone placement", "xin hóa đơn", 2, 1, "hóa đơn=1" },
	{ "another tone", "hỏa đơn", FALLBACK, 0, "" },
	{ "phrase", "bị MẤT CẮP xe", 0, 2, "Mất Cắp=2" },
	{ "phrase across punctuation", "mất, cắp", 0, 2, "Mất Cắp=2" },
	{ "phrase words apart", "mất xe cắp", FALLBACK, 0, "" },
	{ "phrase at the end", "xe bị mất cắp", 0, 2, "Mất Cắp=2" },
	{ "phrase cut short", "xe bị mất", FALLBACK, 0, "" },
	{ "marks agree: đề", "xóm 5 ghi đề", 1, 3, "ghi đề=2, đề=1" },
	{ "no marks: de", "xom 5 ghi de", 1, 3, "ghi đề=2, đề=1" },
	{ "marks disagree: để", "ghi để nhớ", FALLBACK, 0, "" },
	{ "marks disagree: dễ", "dễ ghi lắm", FALLBACK, 0, "" },
	{ "keyword without marks", "ra chợ", 3, 1, "cho=1" },
	{ "keyword without marks 2", "con chó", 3, 1, "cho=1" },
	{ "abbreviation", "xe ko có giấy tờ", 2, 1, "không có giấy tờ=1" },
	{ "abbreviation case", "xe K CÓ giấy tờ", 2, 1, "không có giấy tờ=1" },
	{ "abbreviation đc", "đăng ký đc hok", 2, 1, "được không=1" },
	{ "abbreviation dc", "dang ky dc ko", 2, 1, "được không=1" },
	{ "abbreviation to a phrase", "gặp cax", 3, 1, "công an xã=1" },
	/* A tie of 1 and 1: thu_tuc is listed before cax. */
	{ "short form in a keyword", "công an xã chậm quá", 2, 1,
	    "công an xã=1, cax chậm=1" },
	{ "short form inside a word", "koo có giấy tờ", FALLBACK, 0, "" },
	{ "both parts", "xin làm lại thẻ căn cước", 2, 3,
	    "làm lại & căn cước=3" },
	{ "one part only", "mất thẻ căn cước", FALLBACK, 0, "" },
	{ "parts in either order", "căn cước bị rách, làm lại được không",
	    2, 4, "làm lại & căn cước=3, được không=1" },
	{ "weights", "trộm rồi ghi lô đề", 1, 3, "trộm=1, lô đề=2, đề=1" },
	{ "tie goes to first listed", "trộm xong đánh bài", 0, 1,
	    "trộm=1, đánh bài=1" },
	{ "each keyword once", "trộm trộm trộm", 0, 1, "trộm=1" },
	{ "first-occurrence order", "mất cắp bò, trộm, bò", 0, 4.75,
	    "Mất Cắp=2, bò=1, trộm=1, ~trom bo=0.75" },
	{ "negation", "không phải trộm đâu, chỉ mượn bò", 0, 1, "bò=1" },
	{ "negation, two words on", "không phải là trộm", FALLBACK, 0, "" },
	{ "negation ends", "không phải vì nghèo mà trộm", 0, 1, "trộm=1" },
	{ "negation without marks", "khong phai trom", FALLBACK, 0, "" },
	{ "negation by abbreviation", "ko phải trộm", FALLBACK, 0, "" },
	{ "no negation in a question", "có trộm không", 0, 1, "trộm=1" },
	{ "configured spelling", "app vneid lỗi", 2, 1, "VNeID=1" },
	{ "fallback keywords", "xin lỗi nhầm số", FALLBACK, 1, "nhầm số=1" },
	{ "nothing", "alo", FALLBACK, 0, "" },
	{ "empty", "", FALLBACK, 0, "" },
	{ "invalid utf-8 separates", "tr\xff\xffộm", FALLBACK, 0, "" },
	{ "invalid utf-8 around", "\xc0trộm\xed\xa0\x80", 0, 1, "trộm=1" },
	{ "NFD input", "tro\xcc\xa3\xcc\x82m bo\xcc\x80", 0, 2.75,
	    "trộm=1, ~trom bo=0.75, bò=1" },
	{ "NFD marks in another order", "tro\xcc\x82\xcc\xa3m", 0, 1,
	    "trộm=1" },
	{ "emoji between words", "trộm👍bò", 0, 2.75,
	    "trộm=1, ~trom bo=0.75, bò=1" },
};

static int
setup(void **state)
{
	*state = classify_new(&cconf, topics, NTOPICS, FALLBACK, abbrevs,
	    sizeof(abbrevs) / sizeof(abbrevs[0]));
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	classify_free(*state);
	return 0;
}

static void
test_cases(void **state)
{
	const struct classifier *c = *state;
	struct classify_result r;
	size_t i;

	classify_result_init(&r);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_text(c, cases[i].text, strlen(cases[i].text), &r);
		classify_explain(c, &r);
		if (r.topic != cases[i].topic || r.score != cases[i].score ||
		    strcmp(r.matched.data, cases[i].matched) != 0) {
			fail_msg("case '%s': topic %zu score %g matched '%s'; "
			    "want %zu %g '%s'", cases[i].name, r.topic,
			    r.score, r.matched.data, cases[i].topic,
			    cases[i].score, cases[i].matched);
		}
	}
	classify_result_release(&r);
}

/* The explanation: every topic that scored, best first; unsure or not. */
static void
test_scores_and_unsure(void **state)
{
	static const struct {
		const char *text;
		const char *scores;
		size_t	 runner_up;
		bool	 unsure;
	} cases2[] = {
		/* 4 against 1: sure. */
		{ "mất cắp bò, trộm rồi, chợ", "trom=4, cax=1", 3, false },
		/* Best below unsure_below (2). */
		{ "con bò", "trom=1", SIZE_MAX, true },
		/* Best 2, runner-up 2: a tie, unsure, the first listed. */
		{ "mất cắp ở chợ, báo công an xã", "trom=2, cax=2", 3, true },
		/* Below min_score: the fallback, unsure. */
		{ "alo alo", "", SIZE_MAX, true },
	};
	const struct classifier *c = *state;
	struct classify_result r;
	size_t i;

	classify_result_init(&r);
	for (i = 0; i < sizeof(cases2) / sizeof(cases2[0]); i++) {
		classify_text(c, cases2[i].text, strlen(cases2[i].text), &r);
		classify_explain(c, &r);
		if (strcmp(r.scores.data, cases2[i].scores) != 0 ||
		    r.runner_up != cases2[i].runner_up ||
		    r.unsure != cases2[i].unsure) {
			fail_msg("'%s': scores '%s' runner-up %zu unsure %d",
			    cases2[i].text, r.scores.data, r.runner_up,
			    r.unsure);
		}
	}
	classify_result_release(&r);
}

/* Below min_score the fallback wins, even over a topic that scored. */
static void
test_min_score(void **state)
{
	struct classify_conf cc = cconf;
	struct classify_result r;
	struct classifier *c;

	(void)state;
	cc.min_score = 2.5;
	c = classify_new(&cc, topics, NTOPICS, FALLBACK, abbrevs, 3);
	classify_result_init(&r);
	classify_text(c, "mất cắp", strlen("mất cắp"), &r);
	classify_explain(c, &r);
	assert_int_equal(r.topic, FALLBACK);
	assert_string_equal(r.scores.data, "trom=2");
	classify_text(c, "mất cắp bò", strlen("mất cắp bò"), &r);
	classify_explain(c, &r);
	assert_int_equal(r.topic, 0);
	classify_result_release(&r);
	classify_free(c);
}

/* A 2,000-character message: every match found, nothing overruns. */
static void
test_long_message(void **state)
{
	const struct classifier *c = *state;
	struct classify_result r;
	struct buf text;

	buf_init(&text);
	while (text.len < 2000) {
		buf_adds(&text, "Đêm qua ở xóm 3, ");
	}
	buf_adds(&text, "bị mất cắp con bò.");
	classify_result_init(&r);
	classify_text(c, text.data, text.len, &r);
	classify_explain(c, &r);
	assert_int_equal(r.topic, 0);
	assert_string_equal(r.matched.data, "Mất Cắp=2, bò=1");
	classify_result_release(&r);
	buf_release(&text);
}

/* 5,000 keywords: the right ones still win, with their weights. */
static void
test_many_keywords(void **state)
{
	struct keyword_conf *kws;
	struct topic_conf t[2];
	struct classify_result r;
	struct classifier *c;
	char word[32];
	size_t i;

	(void)state;
	kws = calloc(5000, sizeof(*kws));
	for (i = 0; i < 5000; i++) {
		snprintf(word, sizeof(word), "xe %zu dem", i);
		kws[i].text = strdup(word);
		kws[i].weight = (double)(i % 7 + 1);
	}
	memset(t, 0, sizeof(t));
	snprintf(t[0].id, sizeof(t[0].id), "xe");
	t[0].keywords = kws;
	t[0].nkeywords = 5000;
	snprintf(t[1].id, sizeof(t[1].id), "khac");
	t[1].fallback = true;
	c = classify_new(&cconf, t, 2, 1, NULL, 0);
	assert_int_equal(classify_nkeywords(c), 5000);
	classify_result_init(&r);
	classify_text(c, "xe 4999 dem, xe 12 dem; xe 12 ngay",
	    strlen("xe 4999 dem, xe 12 dem; xe 12 ngay"), &r);
	classify_explain(c, &r);
	assert_int_equal(r.topic, 0);
	/* 4999 % 7 + 1 = 2, 12 % 7 + 1 = 6 */
	assert_string_equal(r.matched.data, "xe 4999 dem=2, xe 12 dem=6");
	assert_true(r.score == 8);
	classify_text(c, "xe 5000 dem", strlen("xe 5000 dem"), &r);
	classify_explain(c, &r);
	assert_int_equal(r.topic, 1);
	classify_result_release(&r);
	classify_free(c);
	for (i = 0; i < 5000; i++) {
		free(kws[i].text);
	}
	free(kws);
}

/* One result, many messages: nothing of one leaks into the next. */
static void
test_result_reuse(void **state)
{
	const struct classifier *c = *state;
	struct classify_result r;
	int round;

	classify_result_init(&r);
	for (round = 0; round < 3; round++) {
		classify_text(c, "trộm bò", strlen("trộm bò"), &r);
		classify_explain(c, &r);
		assert_string_equal(r.matched.data,
		    "trộm=1, ~trom bo=0.75, bò=1");
		classify_text(c, "alo", 3, &r);
		classify_explain(c, &r);
		assert_string_equal(r.matched.data, "");
		assert_string_equal(r.scores.data, "");
	}
	classify_result_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores_and_unsure, setup,
		    teardown),
		cmocka_unit_test(test_min_score),
		cmocka_unit_test_setup_teardown(test_long_message, setup,
		    teardown),
		cmocka_unit_test(test_many_keywords),
		cmocka_unit_test_setup_teardown(test_result_reuse, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("classify", tests, NULL, NULL);
}
