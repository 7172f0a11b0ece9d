/*
 * UTF-8 decoding, validation, repair and display width, and the Vietnamese
 * folding every keyword match is made on. The decoder is our own, strict one,
 * so that an ill-formed sequence is measured the way Unicode recommends;
 * utf8proc supplies the character database. No I/O, and no allocation
 * beyond the caller's output buffer.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"
#include "utf8.h"

/*
 * Folding is NFKD (compatibility decomposition, so that fullwidth "Ａ" and
 * ligatures fold too), then case folding, then removal of every mark
 * (Mn, Mc, Me): "Ộ" becomes "o", "ư" becomes "u".
 */
#define FOLD_OPTIONS	(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | \
			    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK)
/* Code points one code point folds to; the longest, U+FDFA, gives 18. */
#define FOLD_DECOMP_MAX	32
/* Bytes of folded output gathered before one buf_add. */
#define FOLD_CHUNK	256

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
static const char text_replacement[] = "\xef\xbf\xbd";

/* Folded output in progress: bytes gathered in chunk, flushed to out. */
struct fold_out {
	struct buf *out;
	size_t	 len;		/* bytes used in chunk */
	bool	 word;		/* a word character was written by this call */
	bool	 gap;		/* a separator is pending */
	char	 chunk[FOLD_CHUNK];
};

static void
fold_flush(struct fold_out *f)
{
	buf_add(f->out, f->chunk, f->len);
	f->len = 0;
}

/* Write the word character cp, preceded by the pending separator. */
static void
fold_put(struct fold_out *f, int32_t cp)
{
	/* One space and one code point of at most 4 bytes. */
	if (f->len + 5 > sizeof(f->chunk)) {
		fold_flush(f);
	}
	if (f->gap && f->word) {
		f->chunk[f->len++] = ' ';
	}
	f->gap = false;
	f->word = true;
	f->len += (size_t)utf8proc_encode_char(cp,
	    (utf8proc_uint8_t *)f->chunk + f->len);
}

/* Write one code point of the decomposition: a letter, a digit or a gap. */
static void
fold_put_folded(struct fold_out *f, int32_t cp)
{
	/* đ (U+0111, and Đ after case folding) has no decomposition. */
	if (cp == 0x0111) {
		fold_put(f, 'd');
		return;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		fold_put(f, cp);
		break;
	default:
		f->gap = true;
		break;
	}
}

/*
 * Each code point is decomposed on its own into a stack array by
 * utf8proc_decompose_char rather than the whole text through utf8proc_map:
 * no allocation at all, one pass, and ASCII (most SMS typed without a
 * Vietnamese keyboard) takes a table-free fast path. Decomposing code point
 * by code point gives the same result as NFKD of the whole string here,
 * because the canonical reordering NFKD would add only moves marks, and
 * every mark is stripped.
 */
void
text_fold(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	struct fold_out f;
	int32_t cp, d[FOLD_DECOMP_MAX];
	utf8proc_ssize_t nd, k;
	size_t i = 0;

	f.out = out;
	f.len = 0;
	f.word = false;
	f.gap = false;
	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] >= 'A' && p[i] <= 'Z') {
				fold_put(&f, p[i] - 'A' + 'a');
			} else if ((p[i] >= 'a' && p[i] <= 'z') ||
			    (p[i] >= '0' && p[i] <= '9')) {
				fold_put(&f, p[i]);
			} else {
				f.gap = true;
			}
			i++;
			continue;
		}
		i += utf8_decode(p + i, len - i, &cp);
		if (cp == -1) {
			f.gap = true;
			continue;
		}
		nd = utf8proc_decompose_char(cp, d, FOLD_DECOMP_MAX,
		    FOLD_OPTIONS, NULL);
		if (nd < 0 || nd > FOLD_DECOMP_MAX) {
			f.gap = true;
			continue;
		}
		for (k = 0; k < nd; k++) {
			fold_put_folded(&f, d[k]);
		}
	}
	fold_flush(&f);
}

void
text_strip_marks(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	utf8proc_int32_t d[FOLD_DECOMP_MAX];
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
		nd = utf8proc_decompose_char(cp, d, FOLD_DECOMP_MAX,
		    UTF8PROC_DECOMPOSE, NULL);
		marked = false;
		for (k = 0; nd <= FOLD_DECOMP_MAX && k < nd; k++) {
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
