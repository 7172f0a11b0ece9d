/*
 * Unit tests of classify.c against a small hand-made set of topics: whole
 * words only, phrases, abbreviations on both sides, weights, ties, the
 * fallback, and the list of matched keywords.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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
};
static struct keyword_conf kw_thutuc[] = {
	{ "không có giấy tờ", 1 },
	{ "được không", 1 },
	{ "VNeID", 1 },
	/* Written with a short form: read as "cong an xa cham". */
	{ "cax chậm", 1 },
	/* Folds to nothing: left out, never matches. */
	{ "!!!", 5 },
};
static struct keyword_conf kw_cax[] = {
	{ "công an xã", 1 },
};
static struct keyword_conf kw_khac[] = {
	{ "nhầm số", 1 },
};

static const struct topic_conf topics[] = {
	{ "trom", "Trộm", kw_trom, 3, NULL, false },
	{ "bac", "Bạc", kw_bac, 2, NULL, false },
	{ "thu_tuc", "Thủ tục", kw_thutuc, 5, NULL, false },
	{ "cax", "Công an xã", kw_cax, 1, NULL, false },
	{ "khac", "Khác", kw_khac, 1, NULL, true },
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

static const struct {
	const char *name;
	const char *text;
	size_t	 topic;
	int	 score;
	const char *matched;
} cases[] = {
	{ "word", "mất con bò rồi", 0, 1, "bò" },
	{ "not inside a word", "xem bóng đá, bong bóng", FALLBACK, 0, "" },
	{ "not a prefix", "bòn rút", FALLBACK, 0, "" },
	{ "case and marks", "TRÔM BO!!!", 0, 2, "trộm, bò" },
	{ "phrase", "bị MẤT CẮP xe", 0, 2, "Mất Cắp" },
	{ "phrase across punctuation", "mất, cắp", 0, 2, "Mất Cắp" },
	{ "phrase words apart", "mất xe cắp", FALLBACK, 0, "" },
	{ "phrase at the end", "xe bị mất cắp", 0, 2, "Mất Cắp" },
	{ "phrase cut short", "xe bị mất", FALLBACK, 0, "" },
	{ "abbreviation", "xe ko có giấy tờ", 2, 1, "không có giấy tờ" },
	{ "abbreviation case", "xe K CÓ giấy tờ", 2, 1, "không có giấy tờ" },
	{ "abbreviation đc", "đăng ký đc hok", 2, 1, "được không" },
	{ "abbreviation dc", "dang ky dc ko", 2, 1, "được không" },
	{ "abbreviation to a phrase", "gặp cax", 3, 1, "công an xã" },
	{ "short form in a keyword", "công an xã chậm quá", 2, 1,
	    "cax chậm" },
	{ "short form inside a word", "koo có giấy tờ", FALLBACK, 0, "" },
	{ "weights", "trộm rồi ghi lô đề", 1, 2, "lô đề" },
	{ "tie goes to first listed", "trộm xong đánh bài", 0, 1, "trộm" },
	{ "each keyword once", "trộm trộm trộm", 0, 1, "trộm" },
	{ "first-occurrence order", "mất cắp bò, trộm, bò", 0, 4,
	    "Mất Cắp, bò, trộm" },
	{ "other order", "bò trộm mất cắp trộm", 0, 4, "bò, trộm, Mất Cắp" },
	{ "configured spelling", "app vneid lỗi", 2, 1, "VNeID" },
	{ "fallback keywords", "xin lỗi nhầm số", FALLBACK, 1, "nhầm số" },
	{ "empty keyword never matches", "!!!", FALLBACK, 0, "" },
	{ "nothing", "alo", FALLBACK, 0, "" },
	{ "empty", "", FALLBACK, 0, "" },
	{ "invalid utf-8 separates", "tr\xff\xffộm", FALLBACK, 0, "" },
	{ "invalid utf-8 around", "\xc0trộm\xed\xa0\x80", 0, 1, "trộm" },
};

static int
setup(void **state)
{
	*state = classify_new(topics, NTOPICS, FALLBACK, abbrevs,
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

	buf_init(&r.matched);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_text(c, cases[i].text, strlen(cases[i].text), &r);
		if (r.topic != cases[i].topic || r.score != cases[i].score ||
		    strcmp(r.matched.data, cases[i].matched) != 0) {
			print_error("case %s: topic %zu score %d matched "
			    "'%s', want topic %zu score %d matched '%s'\n",
			    cases[i].name, r.topic, r.score, r.matched.data,
			    cases[i].topic, cases[i].score, cases[i].matched);
			fail();
		}
	}
	buf_release(&r.matched);
}

/* The matched list is reset, not appended to. */
static void
test_matched_reset(void **state)
{
	struct classify_result r;

	buf_init(&r.matched);
	buf_adds(&r.matched, "stale");
	classify_text(*state, "bò", strlen("bò"), &r);
	assert_string_equal(r.matched.data, "bò");
	classify_text(*state, "alo", 3, &r);
	assert_string_equal(r.matched.data, "");
	assert_int_equal(r.topic, FALLBACK);
	buf_release(&r.matched);
}

/* Text is taken as (ptr, len): bytes past len are not read. */
static void
test_length(void **state)
{
	struct classify_result r;

	buf_init(&r.matched);
	classify_text(*state, "bò trộm", strlen("bò"), &r);
	assert_int_equal(r.score, 1);
	assert_string_equal(r.matched.data, "bò");
	buf_release(&r.matched);
}

/* The classifier keeps no pointer into what it was built from. */
static void
test_copies(void **state)
{
	struct keyword_conf kw = { NULL, 3 };
	struct topic_conf t[2];
	struct classifier *c;
	struct classify_result r;

	(void)state;
	kw.text = strdup("sổ đỏ");
	memset(t, 0, sizeof(t));
	t[0].keywords = &kw;
	t[0].nkeywords = 1;
	t[1].fallback = true;
	c = classify_new(t, 2, 1, NULL, 0);
	memset(kw.text, 'x', strlen(kw.text));
	free(kw.text);
	buf_init(&r.matched);
	classify_text(c, "làm SỔ ĐỎ", strlen("làm SỔ ĐỎ"), &r);
	assert_int_equal(r.topic, 0);
	assert_int_equal(r.score, 3);
	assert_string_equal(r.matched.data, "sổ đỏ");
	buf_release(&r.matched);
	classify_free(c);
}

/* Many words, many keywords sharing a first word: the index holds. */
static void
test_many(void **state)
{
	struct keyword_conf kws[200];
	struct topic_conf t[2];
	struct classifier *c;
	struct classify_result r;
	struct buf text;
	char word[32];
	size_t i;

	(void)state;
	for (i = 0; i < 200; i++) {
		snprintf(word, sizeof(word), "xe %zu", i);
		kws[i].text = strdup(word);
		kws[i].weight = 1;
	}
	memset(t, 0, sizeof(t));
	t[0].keywords = kws;
	t[0].nkeywords = 200;
	t[1].fallback = true;
	c = classify_new(t, 2, 1, NULL, 0);
	buf_init(&text);
	for (i = 0; i < 5000; i++) {
		buf_addf(&text, "xe %zu ", i % 400);
	}
	buf_init(&r.matched);
	classify_text(c, text.data, text.len, &r);
	assert_int_equal(r.topic, 0);
	assert_int_equal(r.score, 200);
	assert_true(strncmp(r.matched.data, "xe 0, xe 1, xe 2,", 17) == 0);
	buf_release(&r.matched);
	buf_release(&text);
	classify_free(c);
	for (i = 0; i < 200; i++) {
		free(kws[i].text);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matched_reset, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_length, setup, teardown),
		cmocka_unit_test(test_copies),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
