/*
 * Unit tests of text.c: folding, UTF-8 validation and repair, display
 * width. Byte strings are written out in hex where the bytes matter (NFD
 * forms, ill-formed sequences). A randomized pass feeds arbitrary bytes
 * to every function; it prints its seed and takes -s SEED to replay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "utf8.h"

/* Strings with NUL bytes or ill-formed UTF-8 give their length. */
#define S(lit)	lit, sizeof(lit) - 1

static unsigned long test_seed;

static const struct {
	const char *name;
	const char *in;
	size_t	 len;
	const char *want;
} fold_cases[] = {
	{ "ascii", S("Trom BO!!"), "trom bo" },
	{ "nfc", S("Trộm  BÒ!!"), "trom bo" },
	/* o, U+0323 COMBINING DOT BELOW, U+0302 COMBINING CIRCUMFLEX. */
	{ "nfd", S("TRO\xcc\xa3\xcc\x82M  bo\xcc\x80!!"), "trom bo" },
	/* The same with the marks in the other order. */
	{ "nfd marks swapped", S("tro\xcc\x82\xcc\xa3m"), "trom" },
	{ "uppercase vietnamese", S("ĐƯỜNG LIÊN XÃ ỔN ĐỊNH"),
	    "duong lien xa on dinh" },
	{ "horn and breve", S("ơ ư ă â ê ô Ơ Ư Ă"), "o u a a e o o u a" },
	{ "d with stroke", S("đ Đ đề Đánh"), "d d de danh" },
	{ "punctuation", S("trộm,bò...mất!?cắp"), "trom bo mat cap" },
	{ "emoji separate", S("mất🐄🐄trộm 😡"), "mat trom" },
	{ "emoji with zwj", S("a👨\xe2\x80\x8d👩b"), "a b" },
	{ "only emoji", S("👍❤️"), "" },
	{ "digits kept", S("xóm 8, 38X1-123.45"), "xom 8 38x1 123 45" },
	{ "trimmed and collapsed", S("  ,, a \t\r\n b ;; "), "a b" },
	{ "empty", S(""), "" },
	{ "fullwidth", S("ＡＢＣ１"), "abc1" },
	{ "nul byte", S("a\0b"), "a b" },
	{ "lone continuation", S("a\x80" "b"), "a b" },
	{ "truncated at end", S("a\xe1\x80"), "a" },
	{ "truncated before ascii", S("a\xe1\x80" "b"), "a b" },
	{ "overlong slash", S("a\xc0\xaf" "b"), "a b" },
	{ "overlong three bytes", S("a\xe0\x80\xaf" "b"), "a b" },
	{ "surrogate", S("a\xed\xa0\x80" "b"), "a b" },
	{ "above U+10FFFF", S("a\xf4\x90\x80\x80" "b"), "a b" },
	{ "ff and fe", S("\xff" "trộm" "\xfe"), "trom" },
	{ "invalid then mark", S("\xff\xcc\x81" "a"), "a" },
};

static const struct {
	const char *name;
	const char *in;
	size_t	 len;
	size_t	 want;
} width_cases[] = {
	{ "ascii", S("abc"), 3 },
	{ "vietnamese nfc", S("Trộm cắp"), 8 },
	{ "vietnamese nfd", S("Tro\xcc\xa3\xcc\x82m"), 4 },
	{ "cjk", S("中文"), 4 },
	{ "emoji", S("😀"), 2 },
	{ "controls", S("a\tb\r\n"), 2 },
	{ "invalid bytes", S("\xff\xfe"), 2 },
	{ "truncated sequence", S("a\xe1\x80"), 3 },
	{ "empty", S(""), 0 },
};

static const struct {
	const char *name;
	const char *in;
	size_t	 len;
	int	 valid;
} valid_cases[] = {
	{ "empty", S(""), 1 },
	{ "ascii", S("abc"), 1 },
	{ "vietnamese", S("Trộm cắp"), 1 },
	{ "four bytes", S("😀"), 1 },
	{ "U+FFFF", S("\xef\xbf\xbf"), 1 },
	{ "U+10FFFF", S("\xf4\x8f\xbf\xbf"), 1 },
	{ "nul byte", S("a\0b"), 1 },
	{ "lone continuation", S("\x80"), 0 },
	{ "overlong two bytes", S("\xc0\xaf"), 0 },
	{ "overlong c1", S("\xc1\xbf"), 0 },
	{ "overlong three bytes", S("\xe0\x80\xaf"), 0 },
	{ "overlong four bytes", S("\xf0\x80\x80\xaf"), 0 },
	{ "high surrogate", S("\xed\xa0\x80"), 0 },
	{ "low surrogate", S("\xed\xbf\xbf"), 0 },
	{ "above U+10FFFF", S("\xf4\x90\x80\x80"), 0 },
	{ "five bytes", S("\xf8\x88\x80\x80\x80"), 0 },
	{ "truncated two", S("\xc3"), 0 },
	{ "truncated four", S("\xf0\x9f\x98"), 0 },
	{ "fe", S("\xfe"), 0 },
	{ "ff", S("\xff"), 0 },
};

#define FFFD	"\xef\xbf\xbd"

static const struct {
	const char *name;
	const char *in;
	size_t	 len;
	const char *want;
	size_t	 wantlen;
} sanitize_cases[] = {
	{ "valid", S("Trộm cắp"), S("Trộm cắp") },
	{ "nul kept", S("a\0b"), S("a\0b") },
	{ "lone continuation", S("a\x80" "b"), S("a" FFFD "b") },
	/* One U+FFFD per maximal subpart (Unicode 15.0, 3.9). */
	{ "truncated", S("a\xe1\x80" "b"), S("a" FFFD "b") },
	{ "truncated at end", S("\xf0\x9f\x98"), S(FFFD) },
	{ "overlong", S("\xc0\xaf"), S(FFFD FFFD) },
	{ "surrogate", S("\xed\xa0\x80"), S(FFFD FFFD FFFD) },
	{ "above U+10FFFF", S("\xf4\x90\x80\x80"),
	    S(FFFD FFFD FFFD FFFD) },
	{ "valid after bad", S("\xff" "ộ"), S(FFFD "ộ") },
};

/* Check what must hold for any folded output. */
static void
assert_folded_sane(const char *name, const struct buf *b)
{
	if (!text_valid_utf8(b->data, b->len) ||
	    strlen(b->data) != b->len ||
	    (b->len > 0 && (b->data[0] == ' ' ||
	    b->data[b->len - 1] == ' ')) || strstr(b->data, "  ") != NULL) {
		print_error("case %s: folded output '%s' breaks the "
		    "invariants\n", name, b->data);
		fail();
	}
}

static void
test_fold(void **state)
{
	struct buf out;
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(fold_cases) / sizeof(fold_cases[0]); i++) {
		buf_reset(&out);
		text_fold(fold_cases[i].in, fold_cases[i].len, &out);
		if (strcmp(out.data, fold_cases[i].want) != 0) {
			print_error("case %s: folded to '%s', want '%s'\n",
			    fold_cases[i].name, out.data, fold_cases[i].want);
			fail();
		}
		assert_folded_sane(fold_cases[i].name, &out);
	}
	buf_release(&out);
}

/* text_fold appends; its separators never join onto what was there. */
static void
test_fold_appends(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out);
	buf_adds(&out, "x|");
	text_fold(S("  Trộm "), &out);
	assert_string_equal(out.data, "x|trom");
	text_fold(S("!!"), &out);
	assert_string_equal(out.data, "x|trom");
	buf_release(&out);
}

/* Longer than the internal chunk, with and without separators. */
static void
test_fold_long(void **state)
{
	struct buf in, out, want;
	size_t i;

	(void)state;
	buf_init(&in);
	buf_init(&out);
	buf_init(&want);
	for (i = 0; i < 3500; i++) {
		buf_adds(&in, i % 7 == 6 ? "Ộ, " : "Ộ");
		buf_adds(&want, i % 7 == 6 ? "o " : "o");
	}
	/* 3499 % 7 == 6: the input ends in a separator, trimmed away. */
	want.data[--want.len] = '\0';
	text_fold(in.data, in.len, &out);
	assert_int_equal(out.len, want.len);
	assert_string_equal(out.data, want.data);
	buf_release(&in);
	buf_release(&out);
	buf_release(&want);
}

static void
test_width(void **state)
{
	size_t i, w;

	(void)state;
	for (i = 0; i < sizeof(width_cases) / sizeof(width_cases[0]); i++) {
		w = text_width(width_cases[i].in, width_cases[i].len);
		if (w != width_cases[i].want) {
			print_error("case %s: width %zu, want %zu\n",
			    width_cases[i].name, w, width_cases[i].want);
			fail();
		}
	}
}

static void
test_valid(void **state)
{
	size_t i;
	int v;

	(void)state;
	for (i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++) {
		v = text_valid_utf8(valid_cases[i].in, valid_cases[i].len);
		if (v != valid_cases[i].valid) {
			print_error("case %s: valid %d, want %d\n",
			    valid_cases[i].name, v, valid_cases[i].valid);
			fail();
		}
	}
}

static void
test_sanitize(void **state)
{
	struct buf out;
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(sanitize_cases) / sizeof(sanitize_cases[0]);
	    i++) {
		buf_reset(&out);
		buf_adds(&out, "<");
		text_sanitize_utf8(sanitize_cases[i].in,
		    sanitize_cases[i].len, &out);
		/* Appends: what was there stays. */
		if (out.len != sanitize_cases[i].wantlen + 1 ||
		    out.data[0] != '<' || memcmp(out.data + 1,
		    sanitize_cases[i].want, sanitize_cases[i].wantlen) != 0) {
			print_error("case %s: sanitized to '%s'\n",
			    sanitize_cases[i].name, out.data);
			fail();
		}
		if (!text_valid_utf8(out.data, out.len)) {
			print_error("case %s: output is not valid UTF-8\n",
			    sanitize_cases[i].name);
			fail();
		}
	}
	buf_release(&out);
}

/*
 * Arbitrary bytes, biased towards UTF-8 lead and continuation bytes: no
 * crash (ASan, UBSan), sanitized output valid, valid input unchanged,
 * folded output sane.
 */
/*
 * Every Vietnamese vowel with every tone, in both cases, precomposed (NFC)
 * and decomposed (NFD): all fold to the bare vowel, and the tokens of NFC
 * and NFD, upper and lower case, carry the same marks.
 */
static void
test_every_vowel_and_tone(void **state)
{
	static const struct {
		const char *base;	/* lower, upper */
		const char *modifier;	/* combining breve, circumflex, horn */
	} vowels[] = {
		{ "aA", "" }, { "aA", "\xcc\x86" }, { "aA", "\xcc\x82" },
		{ "eE", "" }, { "eE", "\xcc\x82" }, { "iI", "" },
		{ "oO", "" }, { "oO", "\xcc\x82" }, { "oO", "\xcc\x9b" },
		{ "uU", "" }, { "uU", "\xcc\x9b" }, { "yY", "" },
	};
	static const char *const tones[] = {
		"", "\xcc\x80", "\xcc\x81", "\xcc\x89", "\xcc\x83",
		"\xcc\xa3",
	};
	struct text_tokens lower_nfd, lower_nfc, upper_nfc;
	char nfd[16], bare[2];
	utf8proc_uint8_t *nfc;
	struct buf out;
	size_t v, k, c;

	(void)state;
	buf_init(&out);
	text_tokens_init(&lower_nfd);
	text_tokens_init(&lower_nfc);
	text_tokens_init(&upper_nfc);
	for (v = 0; v < sizeof(vowels) / sizeof(vowels[0]); v++) {
		for (k = 0; k < sizeof(tones) / sizeof(tones[0]); k++) {
			for (c = 0; c < 2; c++) {
				snprintf(nfd, sizeof(nfd), "%c%s%s",
				    vowels[v].base[c], vowels[v].modifier,
				    tones[k]);
				nfc = utf8proc_NFC((const utf8proc_uint8_t *)nfd);
				assert_non_null(nfc);
				buf_reset(&out);
				text_fold((const char *)nfc,
				    strlen((const char *)nfc), &out);
				snprintf(bare, sizeof(bare), "%c",
				    vowels[v].base[0]);
				if (strcmp(out.data, bare) != 0) {
					fail_msg("'%s' folds to '%s'", nfc,
					    out.data);
				}
				text_tokenize(nfd, strlen(nfd), c == 0 ?
				    &lower_nfd : &upper_nfc);
				if (c == 0) {
					text_tokenize((const char *)nfc,
					    strlen((const char *)nfc),
					    &lower_nfc);
				} else {
					text_tokenize((const char *)nfc,
					    strlen((const char *)nfc),
					    &upper_nfc);
				}
				free(nfc);
			}
			/* One token each, the same marks, marked or not. */
			assert_int_equal(lower_nfd.n, 1);
			assert_int_equal(lower_nfc.n, 1);
			assert_int_equal(upper_nfc.n, 1);
			assert_int_equal(lower_nfc.tok[0].marked,
			    vowels[v].modifier[0] != '\0' || k > 0);
			assert_int_equal(lower_nfd.tok[0].nmarks,
			    lower_nfc.tok[0].nmarks);
			assert_int_equal(upper_nfc.tok[0].nmarks,
			    lower_nfc.tok[0].nmarks);
			assert_memory_equal(lower_nfd.marks +
			    lower_nfd.tok[0].marks, lower_nfc.marks +
			    lower_nfc.tok[0].marks,
			    lower_nfc.tok[0].nmarks * sizeof(int32_t));
			assert_memory_equal(upper_nfc.marks +
			    upper_nfc.tok[0].marks, lower_nfc.marks +
			    lower_nfc.tok[0].marks,
			    lower_nfc.tok[0].nmarks * sizeof(int32_t));
		}
	}
	/* đ and Đ: bare d, marked. */
	text_tokenize("Đường đi", strlen("Đường đi"), &lower_nfc);
	assert_int_equal(lower_nfc.n, 2);
	assert_string_equal(text_token_bare(&lower_nfc, 0), "duong");
	assert_string_equal(text_token_bare(&lower_nfc, 1), "di");
	assert_true(lower_nfc.tok[0].marked);
	assert_true(lower_nfc.tok[1].marked);
	text_tokenize("duong di", strlen("duong di"), &lower_nfc);
	assert_false(lower_nfc.tok[0].marked);
	assert_false(lower_nfc.tok[1].marked);
	text_tokens_release(&lower_nfd);
	text_tokens_release(&lower_nfc);
	text_tokens_release(&upper_nfc);
	buf_release(&out);
}

/* Words and only words: where tokens begin and end. */
static void
test_tokens(void **state)
{
	static const struct {
		const char *text;
		const char *want;	/* bare forms joined by '|' */
	} cases[] = {
		{ "", "" },
		{ "   ,,, !!", "" },
		{ "trộm bò", "trom|bo" },
		{ "bóng,đá", "bong|da" },
		{ "xóm3 số 5", "xom3|so|5" },
		{ "A👍b", "a|b" },
		{ "tr\xffộm", "tr|om" },
		{ "can\xcc\x81 bo\xcc\x80", "can|bo" },
		/* A mark with no letter before it belongs to nothing. */
		{ "\xcc\x81" "abc", "abc" },
		{ "ﬁx Ａ", "fix|a" },
	};
	struct text_tokens t;
	struct buf got;
	size_t i, k;

	(void)state;
	text_tokens_init(&t);
	buf_init(&got);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text_tokenize(cases[i].text, strlen(cases[i].text), &t);
		buf_reset(&got);
		for (k = 0; k < t.n; k++) {
			buf_addf(&got, "%s%s", k > 0 ? "|" : "",
			    text_token_bare(&t, k));
		}
		if (strcmp(got.data, cases[i].want) != 0) {
			fail_msg("'%s': got '%s', want '%s'", cases[i].text,
			    got.data, cases[i].want);
		}
	}
	buf_release(&got);
	text_tokens_release(&t);
}

/*
 * Where each word lies in the text it came from: "start-end" byte spans,
 * end exclusive, marks typed after the last letter inside.
 */
static void
test_token_offsets(void **state)
{
	static const struct {
		const char *name;
		const char *text;
		const char *want;	/* spans joined by ' ' */
	} cases[] = {
		{ "empty", "", "" },
		{ "ascii", "trom bo", "0-4 5-7" },
		/* ộ takes 3 bytes, ò 2. */
		{ "nfc", "Trộm BÒ!", "0-6 7-10" },
		/* o, U+0323, U+0302: 5 bytes; the last mark ends the word. */
		{ "nfd", "tro\xcc\xa3\xcc\x82m bo\xcc\x80", "0-8 9-13" },
		{ "spaces around", "  ,bò,, ", "3-6" },
		{ "mark after separator", " \xcc\x81" "abc", "3-6" },
		{ "invalid byte splits", "tr\xffộm", "0-2 3-7" },
		{ "escape sequence", "\x1b[2J trộm", "2-4 5-11" },
		{ "emoji separate", "A👍b", "0-1 5-6" },
		{ "ligature", "ﬁx", "0-4" },
		{ "d with stroke", "Đêm", "0-5" },
	};
	struct text_tokens t;
	struct buf got, folded;
	size_t i, k;

	(void)state;
	text_tokens_init(&t);
	buf_init(&got);
	buf_init(&folded);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text_tokenize(cases[i].text, strlen(cases[i].text), &t);
		buf_reset(&got);
		for (k = 0; k < t.n; k++) {
			buf_addf(&got, "%s%zu-%zu", k > 0 ? " " : "",
			    t.tok[k].start, t.tok[k].end);
			/* The span alone folds to the word. */
			buf_reset(&folded);
			text_fold(cases[i].text + t.tok[k].start,
			    t.tok[k].end - t.tok[k].start, &folded);
			if (strcmp(folded.data, text_token_bare(&t, k)) != 0) {
				fail_msg("case %s word %zu: span folds to "
				    "'%s', word is '%s'", cases[i].name, k,
				    folded.data, text_token_bare(&t, k));
			}
		}
		if (strcmp(got.data, cases[i].want) != 0) {
			fail_msg("case %s: got '%s', want '%s'", cases[i].name,
			    got.data, cases[i].want);
		}
	}
	buf_release(&folded);
	buf_release(&got);
	text_tokens_release(&t);
}

static void
test_strip_marks(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "Trộm cắp tài sản", "Trom cap tai san" },
		{ "CÔNG AN XÃ THẠCH HÀ", "CONG AN XA THACH HA" },
		{ "Đường ướt, đi chậm!", "Duong uot, di cham!" },
		/* The same text decomposed (NFD) strips the same. */
		{ "To\xcc\x82\xcc\x81i", "Toi" },
		{ "Cam on ban! Ma so: 0042-7.", "Cam on ban! Ma so: 0042-7." },
		{ "€ 100 {ok} 👍", "€ 100 {ok} 👍" },
		{ "한국 ﬁ ²", "한국 ﬁ ²" },
		{ "bad \xff byte", "bad \xef\xbf\xbd byte" },
		{ "", "" },
	};
	struct buf out;
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&out);
		text_strip_marks(cases[i].in, strlen(cases[i].in), &out);
		if (strcmp(out.data, cases[i].want) != 0) {
			fail_msg("case %zu '%s': got '%s', want '%s'", i,
			    cases[i].in, out.data, cases[i].want);
		}
	}
	buf_release(&out);
}

/*
 * Every word's span lies inside the text, after the one before, and folds
 * alone to the word.
 */
static void
assert_spans_fold(const char *name, const char *in, size_t n,
    struct text_tokens *t, struct buf *scratch)
{
	size_t k, prev_end = 0;

	text_tokenize(in, n, t);
	for (k = 0; k < t->n; k++) {
		if (t->tok[k].start < prev_end ||
		    t->tok[k].end <= t->tok[k].start || t->tok[k].end > n) {
			fail_msg("case %s: word %zu at %zu-%zu", name, k,
			    t->tok[k].start, t->tok[k].end);
		}
		prev_end = t->tok[k].end;
		buf_reset(scratch);
		text_fold(in + t->tok[k].start, t->tok[k].end -
		    t->tok[k].start, scratch);
		if (strcmp(scratch->data, text_token_bare(t, k)) != 0) {
			fail_msg("case %s: word %zu folds to '%s' alone",
			    name, k, scratch->data);
		}
	}
}

static void
test_random(void **state)
{
	static const unsigned char pool[] = {
		'a', 'Z', '5', ' ', '.', 0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc2,
		0xcc, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff,
		0xa0, 0x9f, 0x90, 0x8f,
	};
	struct text_tokens tokens;
	unsigned char in[64];
	struct buf out;
	size_t round, n, i;
	char name[64];

	(void)state;
	srandom((unsigned)test_seed);
	text_tokens_init(&tokens);
	buf_init(&out);
	for (round = 0; round < 20000; round++) {
		n = (size_t)random() % sizeof(in);
		for (i = 0; i < n; i++) {
			in[i] = random() % 2 ? pool[random() % sizeof(pool)] :
			    (unsigned char)random();
		}
		snprintf(name, sizeof(name), "random round %zu", round);
		buf_reset(&out);
		text_sanitize_utf8((char *)in, n, &out);
		if (!text_valid_utf8(out.data, out.len) ||
		    (text_valid_utf8((char *)in, n) &&
		    (out.len != n || memcmp(out.data, in, n) != 0))) {
			print_error("case %s: bad sanitized output\n", name);
			fail();
		}
		buf_reset(&out);
		text_fold((char *)in, n, &out);
		assert_folded_sane(name, &out);
		assert_true(text_width((char *)in, n) <= 2 * n);
		assert_spans_fold(name, (char *)in, n, &tokens, &out);
	}
	text_tokens_release(&tokens);
	buf_release(&out);
}

static void
test_seen(void **state)
{
	static const struct {
		int32_t		c;
		enum utf8_seen	want;
	} cases[] = {
		{ 'a', UTF8_SEEN },
		{ 0x1ec7, UTF8_SEEN },		/* ệ */
		{ 0xfffd, UTF8_SEEN },
		{ 0x1f600, UTF8_SEEN },		/* an emoji */
		{ '\t', UTF8_SEEN_BREAK },
		{ '\n', UTF8_SEEN_BREAK },
		{ '\r', UTF8_SEEN_BREAK },
		{ 0x2028, UTF8_SEEN_BREAK },
		{ 0x2029, UTF8_SEEN_BREAK },
		{ 0, UTF8_SEEN_CONTROL },
		{ 0x07, UTF8_SEEN_CONTROL },
		{ 0x1b, UTF8_SEEN_CONTROL },
		{ 0x7f, UTF8_SEEN_CONTROL },
		{ 0x80, UTF8_SEEN_CONTROL },
		{ 0x85, UTF8_SEEN_CONTROL },	/* NEL */
		{ 0x9b, UTF8_SEEN_CONTROL },	/* CSI */
		{ 0x9f, UTF8_SEEN_CONTROL },
		{ 0x061c, UTF8_SEEN_CONTROL },	/* ALM */
		{ 0x200e, UTF8_SEEN_CONTROL },	/* LRM */
		{ 0x200f, UTF8_SEEN_CONTROL },	/* RLM */
		{ 0x202a, UTF8_SEEN_CONTROL },	/* LRE */
		{ 0x202e, UTF8_SEEN_CONTROL },	/* RLO */
		{ 0x2066, UTF8_SEEN_CONTROL },	/* LRI */
		{ 0x2069, UTF8_SEEN_CONTROL },	/* PDI */
		{ -1, UTF8_SEEN_CONTROL },	/* invalid UTF-8 */
		{ 0x200b, UTF8_SEEN_NOTHING },	/* ZWSP */
		{ 0x200d, UTF8_SEEN_NOTHING },	/* ZWJ */
		{ 0x2060, UTF8_SEEN_NOTHING },	/* WJ */
		{ 0xfeff, UTF8_SEEN_NOTHING },	/* BOM */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (utf8_seen(cases[i].c) != cases[i].want) {
			fail_msg("case %zu (U+%04X): got %d, want %d", i,
			    (unsigned)cases[i].c, utf8_seen(cases[i].c),
			    cases[i].want);
		}
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seen),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_appends),
		cmocka_unit_test(test_fold_long),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_strip_marks),
		cmocka_unit_test(test_every_vowel_and_tone),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_token_offsets),
		cmocka_unit_test(test_random),
	};
	int ch;

	test_seed = (unsigned long)time(NULL);
	while ((ch = getopt(argc, argv, "s:")) != -1) {
		if (ch != 's') {
			fprintf(stderr, "usage: %s [-s seed]\n", argv[0]);
			return 2;
		}
		test_seed = strtoul(optarg, NULL, 10);
	}
	printf("test_text: seed %lu (replay with -s %lu)\n", test_seed,
	    test_seed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
