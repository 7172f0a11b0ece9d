/*
 * UTF-8 decoding, strict and safe on any bytes: the one decoder behind text
 * folding, sanitising, display widths, log escaping and the GSM 7-bit
 * encoder. Overlongs, surrogates, values above U+10FFFF and truncated
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

#endif
