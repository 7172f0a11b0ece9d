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

#include "buf.h"

/* Append the folded form of len bytes of UTF-8 at s to out. */
void	text_fold(const char *s, size_t len, struct buf *out);

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
