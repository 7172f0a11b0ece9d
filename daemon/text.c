/*
 * UTF-8 decoding, validation, repair and display width, and the Vietnamese
 * folding every keyword match is made on. The decoder is our own, strict one,
 * so that an ill-formed sequence is measured the way Unicode recommends;
 * utf8proc supplies the character database. No I/O, and no allocation
 * beyond the caller's output buffer.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * The bare form of a character is NFKD (compatibility decomposition, so
 * that fullwidth "Ａ" and ligatures fold too), case folded, every mark
 * (Mn, Mc, Me) removed: "Ộ" becomes "o", "ư" becomes "u". Its marked form
 * is the canonical decomposition, case folded, marks kept: what tells "chợ"
 * from "chó".
 */
#define BARE_OPTIONS	(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | \
			    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK)
#define MARKED_OPTIONS	(UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD)
/* Code points one code point decomposes to; the longest, U+FDFA, gives 18. */
#define DECOMP_MAX	32
/* Code points kept of one character's bare and marked forms. */
#define CP_FORM_MAX	4
#define LATIN_DSTROKE	0x0111		/* đ; Đ case-folds to it */

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
static const char text_replacement[] = "\xef\xbf\xbd";

enum cp_kind {
	CP_SEP,			/* separates words: punctuation, emoji, ... */
	CP_WORD,		/* a letter or digit */
	CP_MARK,		/* a combining mark: part of the word before */
};

/* What one code point contributes to a word. */
struct cp_map {
	uint8_t	kind;		/* enum cp_kind */
	uint8_t	nbare;		/* code points in bare */
	uint8_t	nmarked;	/* code points in marked */
	uint8_t	vowel_mark;	/* bit k: marked[k] is a mark or đ */
	int32_t	bare[CP_FORM_MAX];
	int32_t	marked[CP_FORM_MAX];
};

/*
 * The maps of the code points Vietnamese text is made of, computed once:
 * Latin with its combining marks, and Latin Extended Additional, where
 * every precomposed Vietnamese vowel with a tone lives. Other code points
 * ask utf8proc each time.
 */
#define CACHE_LOW	0x0370		/* U+0000..U+036F */
#define CACHE_VI_FIRST	0x1e00		/* U+1E00..U+1EFF */
#define CACHE_VI_LAST	0x1eff
static struct cp_map cp_cache[CACHE_LOW + CACHE_VI_LAST - CACHE_VI_FIRST + 1];
/*
 * ASCII, the most of any message, on one cache line: the folded letter or
 * digit, which is both its bare and its marked form; 0 for a separator.
 */
static char ascii_fold[0x80];
static bool cp_cache_ready;

static bool
is_word_category(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

static bool
is_mark_category(int32_t cp)
{
	utf8proc_category_t cat = utf8proc_category(cp);

	return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	    cat == UTF8PROC_CATEGORY_ME;
}

static void
compute_map(int32_t cp, struct cp_map *m)
{
	int32_t d[DECOMP_MAX];
	utf8proc_ssize_t nd, k;

	memset(m, 0, sizeof(*m));
	if (is_mark_category(cp)) {
		m->kind = CP_MARK;
		m->marked[m->nmarked++] = cp;
		return;
	}
	/* đ/Đ has no decomposition: it folds to d by hand. */
	if (cp == LATIN_DSTROKE || cp == 0x0110) {
		m->kind = CP_WORD;
		m->vowel_mark = 1;
		m->bare[m->nbare++] = 'd';
		m->marked[m->nmarked++] = LATIN_DSTROKE;
		return;
	}
	nd = utf8proc_decompose_char(cp, d, DECOMP_MAX, BARE_OPTIONS, NULL);
	for (k = 0; k < nd && nd <= DECOMP_MAX; k++) {
		if (is_word_category(d[k]) && m->nbare < CP_FORM_MAX) {
			m->bare[m->nbare++] = d[k] == LATIN_DSTROKE ? 'd' : d[k];
		}
	}
	if (m->nbare == 0) {
		return;		/* CP_SEP */
	}
	m->kind = CP_WORD;
	nd = utf8proc_decompose_char(cp, d, DECOMP_MAX, MARKED_OPTIONS, NULL);
	for (k = 0; k < nd && nd <= DECOMP_MAX; k++) {
		if (m->nmarked == CP_FORM_MAX) {
			break;
		}
		if (is_mark_category(d[k]) || d[k] == LATIN_DSTROKE) {
			m->vowel_mark |= (uint8_t)(1u << m->nmarked);
		}
		m->marked[m->nmarked++] = d[k];
	}
}

static void
cp_cache_fill(void)
{
	int32_t i;

	if (!cp_cache_ready) {
		for (i = 0; i < CACHE_LOW; i++) {
			compute_map(i, &cp_cache[i]);
		}
		for (i = 0; i < 0x80; i++) {
			if (cp_cache[i].kind == CP_WORD) {
				ascii_fold[i] = (char)cp_cache[i].bare[0];
			}
		}
		for (i = CACHE_VI_FIRST; i <= CACHE_VI_LAST; i++) {
			compute_map(i, &cp_cache[CACHE_LOW + i -
			    CACHE_VI_FIRST]);
		}
		cp_cache_ready = true;
	}
}

static const struct cp_map *
cp_lookup(int32_t cp, struct cp_map *scratch)
{
	if (cp < CACHE_LOW) {
		return &cp_cache[cp];
	}
	if (cp >= CACHE_VI_FIRST && cp <= CACHE_VI_LAST) {
		return &cp_cache[CACHE_LOW + cp - CACHE_VI_FIRST];
	}
	compute_map(cp, scratch);
	return scratch;
}

void
text_tokens_init(struct text_tokens *t)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->bare);
}

void
text_tokens_release(struct text_tokens *t)
{
	free(t->tok);
	free(t->marks);
	buf_release(&t->bare);
	memset(t, 0, sizeof(*t));
	buf_init(&t->bare);
}

static inline void
add_mark_cp(struct text_tokens *t, int32_t cp)
{
	if (t->nmarks_used == t->marks_cap) {
		t->marks_cap = t->marks_cap == 0 ? 256 : t->marks_cap * 2;
		t->marks = xreallocarray(t->marks, t->marks_cap,
		    sizeof(*t->marks));
	}
	t->marks[t->nmarks_used++] = cp;
}

/* The five Vietnamese tones, as combining marks. */
static bool
is_tone(int32_t cp)
{
	return cp == 0x0300 || cp == 0x0301 || cp == 0x0303 || cp == 0x0309 ||
	    cp == 0x0323;
}

/*
 * A code point of the marked form of tok: a tone is kept apart, anything
 * else appended. Returns whether it went to the marks.
 */
static bool
add_marked(struct text_tokens *t, struct text_token *tok, int32_t cp)
{
	if (is_tone(cp)) {
		tok->tone = cp;
		tok->marked = true;
		return false;
	}
	add_mark_cp(t, cp);
	tok->nmarks++;
	return true;
}

/*
 * A combining mark typed after its letter. Vowel marks of one letter go in
 * canonical order (by combining class), so that the order they were typed
 * in does not matter.
 */
static void
add_mark(struct text_tokens *t, struct text_token *tok, int32_t cp)
{
	int ccc = utf8proc_get_property(cp)->combining_class;
	size_t i;

	if (!add_marked(t, tok, cp)) {
		return;
	}
	for (i = t->nmarks_used - 1; i > tok->marks; i--) {
		int prev = utf8proc_get_property(t->marks[i - 1])->
		    combining_class;

		if (prev == 0 || prev <= ccc) {
			break;
		}
		t->marks[i] = t->marks[i - 1];
		t->marks[i - 1] = cp;
	}
	tok->marked = true;
	tok->vowel_marks = true;
}

/* Close the word in progress, if any. */
static void
end_token(struct text_tokens *t, bool *open)
{
	if (*open) {
		buf_addc(&t->bare, '\0');
		t->n++;
		*open = false;
	}
}

/* Start a word at byte start of the text; returns it. */
static struct text_token *
begin_token(struct text_tokens *t, size_t start, bool *open)
{
	struct text_token *tok;

	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		t->tok = xreallocarray(t->tok, t->cap, sizeof(*t->tok));
	}
	tok = &t->tok[t->n];
	tok->start = tok->end = start;
	tok->bare = t->bare.len;
	tok->marks = t->nmarks_used;
	tok->nmarks = 0;
	tok->tone = 0;
	tok->vowel_marks = false;
	tok->marked = false;
	*open = true;
	return tok;
}

void
text_tokenize(const char *s, size_t len, struct text_tokens *t)
{
	const unsigned char *p = (const unsigned char *)s;
	const struct cp_map *m;
	struct text_token *tok = NULL;
	struct cp_map scratch;
	utf8proc_uint8_t enc[4];
	bool open = false;
	size_t i = 0, start, k;
	int32_t cp;
	char ascii;

	cp_cache_fill();
	t->n = 0;
	t->nmarks_used = 0;
	buf_reset(&t->bare);
	while (i < len) {
		if (p[i] < 0x80) {
			ascii = ascii_fold[p[i++]];
			if (ascii == 0) {
				end_token(t, &open);
				continue;
			}
			if (!open) {
				tok = begin_token(t, i - 1, &open);
			}
			tok->end = i;
			buf_addc(&t->bare, ascii);
			add_mark_cp(t, ascii);
			tok->nmarks++;
			continue;
		}
		start = i;
		i += utf8_decode(p + i, len - i, &cp);
		if (cp == -1) {
			end_token(t, &open);
			continue;
		}
		m = cp_lookup(cp, &scratch);
		if (m->kind == CP_SEP) {
			end_token(t, &open);
			continue;
		}
		if (m->kind == CP_MARK) {
			if (open) {
				add_mark(t, tok, cp);
				tok->end = i;
			}
			continue;
		}
		if (!open) {
			tok = begin_token(t, start, &open);
		}
		tok->end = i;
		for (k = 0; k < m->nbare; k++) {
			if (m->bare[k] < 0x80) {
				buf_addc(&t->bare, (char)m->bare[k]);
			} else {
				buf_add(&t->bare, enc, (size_t)
				    utf8proc_encode_char(m->bare[k], enc));
			}
		}
		for (k = 0; k < m->nmarked; k++) {
			if (add_marked(t, tok, m->marked[k]) &&
			    (m->vowel_mark & (1u << k)) != 0) {
				tok->vowel_marks = tok->marked = true;
			}
		}
	}
	end_token(t, &open);
}

void
text_fold(const char *s, size_t len, struct buf *out)
{
	struct text_tokens t;
	size_t i;

	text_tokens_init(&t);
	text_tokenize(s, len, &t);
	for (i = 0; i < t.n; i++) {
		if (i > 0) {
			buf_addc(out, ' ');
		}
		buf_adds(out, text_token_bare(&t, i));
	}
	text_tokens_release(&t);
}

void
text_strip_marks(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	utf8proc_int32_t d[DECOMP_MAX];
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t nd, k;
	size_t i = 0, n;
	bool marked;
	int32_t cp;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		i += n;
		if (cp == -1) {
			buf_add(out, text_replacement,
			    sizeof(text_replacement) - 1);
			continue;
		}
		if (cp == 0x0111 || cp == 0x0110) {	/* đ, Đ */
			buf_addc(out, cp == 0x0111 ? 'd' : 'D');
			continue;
		}
		/*
		 * Canonical decomposition only ("ﬁ" and "²" stay), and only a
		 * character that carries marks changes: Hangul, say, does not.
		 */
		nd = utf8proc_decompose_char(cp, d, DECOMP_MAX,
		    UTF8PROC_DECOMPOSE, NULL);
		marked = false;
		for (k = 0; nd <= DECOMP_MAX && k < nd; k++) {
			marked |= utf8proc_category(d[k]) ==
			    UTF8PROC_CATEGORY_MN;
		}
		if (!marked) {
			buf_add(out, p + i - n, n);
			continue;
		}
		for (k = 0; k < nd; k++) {
			if (utf8proc_category(d[k]) != UTF8PROC_CATEGORY_MN) {
				buf_add(out, enc, (size_t)utf8proc_encode_char(
				    d[k], enc));
			}
		}
	}
}

bool
text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	int32_t cp;

	while (i < len) {
		i += utf8_decode(p + i, len - i, &cp);
		if (cp == -1) {
			return false;
		}
	}
	return true;
}

void
text_sanitize_utf8(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, n;
	int32_t cp;

	/* Valid bytes are copied in runs; each bad subpart becomes U+FFFD. */
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (cp == -1) {
			buf_add(out, s + run, i - run);
			buf_add(out, text_replacement,
			    sizeof(text_replacement) - 1);
			run = i + n;
		}
		i += n;
	}
	buf_add(out, s + run, len - run);
}

size_t
text_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, width = 0;
	int32_t cp;
	int w;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (cp == -1) {
			width += n;
		} else {
			/* 0 for marks, controls and other non-printables. */
			w = utf8proc_charwidth(cp);
			width += w > 0 ? (size_t)w : 0;
		}
		i += n;
	}
	return width;
}
