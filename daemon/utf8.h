/*
 * UTF-8 decoding, strict and safe on any bytes: the one decoder behind text
 * folding, sanitising, display widths, log escaping and the GSM 7-bit
 * encoder; and which code points cannot be printed as they are. Overlongs, surrogates, values above U+10FFFF and truncated
 * sequences are ill-formed (Unicode 15.0, 3.9, Table 3-7).
 *
 * Pure: no I/O, no allocation.
 */
#ifndef GOPY_UTF8_H
#define GOPY_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the character at s, of which n >= 1 bytes are available. Returns
 * the bytes it takes (>= 1) and sets *cp to the code point; an ill-formed
 * sequence sets *cp to -1 and returns the length of its maximal subpart
 * (Unicode 3.9, "U+FFFD Substitution of Maximal Subparts"), so that one bad
 * sequence never swallows the valid character after it.
 */
size_t	utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* What a code point is to someone reading it on a screen or a phone. */
enum utf8_seen {
	UTF8_SEEN,		/* a character that shows as itself */
	UTF8_SEEN_BREAK,	/* tab, CR, LF, U+2028, U+2029: white space */
	UTF8_SEEN_CONTROL,	/* C0 but the above, DEL, C1 (ESC, CSI), and
				   bidirectional controls, which reorder text */
	UTF8_SEEN_NOTHING,	/* zero-width space, joiners, BOM: nothing */
};

/*
 * How code point c (-1: invalid UTF-8, seen as UTF8_SEEN_CONTROL) shows.
 * What prints text from citizens decides with it what to put in place of
 * each kind: one rule for the terminal, JSON, the log and forwarded SMS.
 */
enum utf8_seen utf8_seen(int32_t c);

#endif
