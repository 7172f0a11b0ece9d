/*
 * UTF-8 text helpers and the Vietnamese folding every match is made on.
 * Folding (utf8proc): decompose (NFKD, so fullwidth and other compatibility
 * forms fold too), strip combining marks, case-fold, map đ/Đ to d; every
 * character that is not a letter or digit (punctuation, symbols,
 * emoji, controls, invalid bytes) becomes a word separator; runs of
 * separators collapse to one space, none at either end. So "Trộm  BÒ!!" and
 * "trom bo" fold to the same "trom bo".
 *
 * Pure: no I/O. Invalid UTF-8 never crashes: overlongs, surrogates, values
 * above U+10FFFF and truncated sequences are invalid; each maximal invalid
 * subpart (Unicode 3.9) separates words when folding and becomes one U+FFFD
 * when sanitizing.
 */
#ifndef GOPY_TEXT_H
#define GOPY_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Append the folded form of len bytes of UTF-8 at s to out. */
void	text_fold(const char *s, size_t len, struct buf *out);

/*
 * A word of a text as the classifier compares it: its bare form (folded as
 * above: "cho"), its letters with their vowel marks (lower case, canonically
 * decomposed: c h o U+031B for "chợ"; đ counts as a marked letter) and its
 * tone apart (U+0323), since a syllable has one tone and people place it on
 * different vowels ("khoá", "khóa"). What tells words that fold alike apart.
 */
struct text_token {
	size_t	start;		/* bytes [start, end) of the text it came from, */
	size_t	end;		/* marks typed after its last letter included */
	size_t	bare;		/* offset of the bare form in bare, NUL-terminated */
	size_t	marks;		/* index of the letters with vowel marks in marks */
	size_t	nmarks;		/* their code points */
	int32_t	tone;		/* U+0300, 0301, 0303, 0309, 0323; 0 none */
	bool	vowel_marks;	/* a vowel mark or đ was typed */
	bool	marked;		/* a diacritic of any kind was typed */
};

/* The words of a text, in order. Owns its memory; reuse it across texts. */
struct text_tokens {
	struct text_token *tok;
	size_t	n;
	size_t	cap;
	struct buf bare;	/* the bare forms, each NUL-terminated */
	int32_t	*marks;		/* the marked forms' code points */
	size_t	nmarks_used;
	size_t	marks_cap;
};

void	text_tokens_init(struct text_tokens *t);
void	text_tokens_release(struct text_tokens *t);

/*
 * Split len bytes of UTF-8 at s into its words (what text_fold separates
 * with spaces), replacing what t held. NFC and NFD input give the same
 * words. Each word keeps the bytes of s it came from (start, end), so that
 * a match found on folded words can be shown in the text as it was typed.
 */
void	text_tokenize(const char *s, size_t len, struct text_tokens *t);

/* The bare form of word i. */
static inline const char *
text_token_bare(const struct text_tokens *t, size_t i)
{
	return t->bare.data + t->tok[i].bare;
}

/*
 * Append s to out without diacritics, for SMS that must fit the GSM 7-bit
 * alphabet: combining marks dropped ("Trộm" becomes "Trom", "ư" "u"), đ/Đ
 * become d/D; case, punctuation and everything else kept; invalid UTF-8
 * becomes U+FFFD.
 */
void	text_strip_marks(const char *s, size_t len, struct buf *out);

/* True when the len bytes at s are valid UTF-8 (no surrogates, no overlongs). */
bool	text_valid_utf8(const char *s, size_t len);

/*
 * Append s to out with every invalid UTF-8 sequence replaced by U+FFFD.
 */
void	text_sanitize_utf8(const char *s, size_t len, struct buf *out);

/*
 * Terminal columns the text takes: combining marks 0, wide (CJK, most emoji)
 * 2, others 1; control characters count 0. Invalid bytes count 1 each.
 */
size_t	text_width(const char *s, size_t len);

#endif
