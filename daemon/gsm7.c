/*
 * The GSM 7-bit default alphabet and its extension table (TS 23.038 6.2.1,
 * 6.2.1.1) to and from UTF-8, and septet packing. Both directions work from
 * one table of UTF-8 strings, so they cannot disagree. National language
 * shift tables are not supported.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "gsm7.h"
#include "rd.h"

/*
 * The default alphabet, TS 23.038 6.2.1, as UTF-8. 0x1b is the escape to the
 * extension table and has no character of its own.
 */
static const char *const gsm7_default[128] = {
	"@", "\xc2\xa3", "$", "\xc2\xa5", "\xc3\xa8", "\xc3\xa9", "\xc3\xb9",
	"\xc3\xac",			/* @ £ $ ¥ è é ù ì */
	"\xc3\xb2", "\xc3\x87", "\n", "\xc3\x98", "\xc3\xb8", "\r",
	"\xc3\x85", "\xc3\xa5",		/* ò Ç LF Ø ø CR Å å */
	"\xce\x94", "_", "\xce\xa6", "\xce\x93", "\xce\x9b", "\xce\xa9",
	"\xce\xa0", "\xce\xa8",		/* Δ _ Φ Γ Λ Ω Π Ψ */
	"\xce\xa3", "\xce\x98", "\xce\x9e", NULL, "\xc3\x86", "\xc3\xa6",
	"\xc3\x9f", "\xc3\x89",		/* Σ Θ Ξ ESC Æ æ ß É */
	" ", "!", "\"", "#", "\xc2\xa4", "%", "&", "'",
	"(", ")", "*", "+", ",", "-", ".", "/",
	"0", "1", "2", "3", "4", "5", "6", "7",
	"8", "9", ":", ";", "<", "=", ">", "?",
	"\xc2\xa1", "A", "B", "C", "D", "E", "F", "G",	/* ¡ */
	"H", "I", "J", "K", "L", "M", "N", "O",
	"P", "Q", "R", "S", "T", "U", "V", "W",
	"X", "Y", "Z", "\xc3\x84", "\xc3\x96", "\xc3\x91", "\xc3\x9c",
	"\xc2\xa7",			/* Ä Ö Ñ Ü § */
	"\xc2\xbf", "a", "b", "c", "d", "e", "f", "g",	/* ¿ */
	"h", "i", "j", "k", "l", "m", "n", "o",
	"p", "q", "r", "s", "t", "u", "v", "w",
	"x", "y", "z", "\xc3\xa4", "\xc3\xb6", "\xc3\xb1", "\xc3\xbc",
	"\xc3\xa0",			/* ä ö ñ ü à */
};

/* The extension table, TS 23.038 6.2.1.1: each code follows an escape. */
static const struct {
	uint8_t		 code;
	const char	*utf8;
} gsm7_ext[] = {
	{ 0x0a, "\f" },
	{ 0x14, "^" },
	{ 0x28, "{" },
	{ 0x29, "}" },
	{ 0x2f, "\\" },
	{ 0x3c, "[" },
	{ 0x3d, "~" },
	{ 0x3e, "]" },
	{ 0x40, "|" },
	{ 0x65, "\xe2\x82\xac" },	/* € */
};
#define GSM7_NEXT	(sizeof(gsm7_ext) / sizeof(gsm7_ext[0]))

int
gsm7_unpack(const uint8_t *octets, size_t noctets, unsigned fill_bits,
    size_t nseptets, uint8_t *out)
{
	struct rd r;
	uint32_t acc = 0;
	unsigned nbits = 0, skip = fill_bits;
	uint8_t o;
	size_t i;

	if (fill_bits > 6) {
		return -1;
	}
	rd_init(&r, octets, noctets);
	/* Bits run from the least significant bit of each octet up. */
	for (i = 0; i < nseptets; i++) {
		while (nbits < skip + 7) {
			if (rd_u8(&r, &o) == -1) {
				return -1;
			}
			acc |= (uint32_t)o << nbits;
			nbits += 8;
		}
		acc >>= skip;
		nbits -= skip;
		skip = 0;
		out[i] = acc & 0x7f;
		acc >>= 7;
		nbits -= 7;
	}
	return 0;
}

int
gsm7_pack(const uint8_t *septets, size_t n, unsigned fill_bits,
    uint8_t *out, size_t outlen)
{
	uint32_t acc = 0;
	unsigned nbits = fill_bits;
	size_t i, need, o = 0;

	if (fill_bits > 6 || n > (SIZE_MAX - 13) / 7) {
		return -1;
	}
	need = (fill_bits + 7 * n + 7) / 8;
	if (need > outlen || need > INT_MAX) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		acc |= (uint32_t)(septets[i] & 0x7f) << nbits;
		nbits += 7;
		while (nbits >= 8) {
			out[o++] = acc & 0xff;
			acc >>= 8;
			nbits -= 8;
		}
	}
	if (nbits > 0) {
		out[o++] = acc & 0xff;
	}
	return (int)o;
}

/* The extension character for code, or NULL when the table lacks it. */
static const char *
ext_char(uint8_t code)
{
	size_t i;

	for (i = 0; i < GSM7_NEXT; i++) {
		if (gsm7_ext[i].code == code) {
			return gsm7_ext[i].utf8;
		}
	}
	return NULL;
}

void
gsm7_decode(const uint8_t *septets, size_t n, struct buf *out)
{
	const char *s;
	size_t i;
	uint8_t c;

	for (i = 0; i < n; i++) {
		c = septets[i] & 0x7f;
		if (c != GSM7_ESC) {
			buf_adds(out, gsm7_default[c]);
			continue;
		}
		/*
		 * A lone escape, and the escape-escape sequence reserved for
		 * a further table, display as a space (TS 23.038 6.2.1 note 1,
		 * 6.2.1.1).
		 */
		if (i + 1 == n || (septets[i + 1] & 0x7f) == GSM7_ESC) {
			buf_addc(out, ' ');
			i++;
			continue;
		}
		c = septets[++i] & 0x7f;
		s = ext_char(c);
		buf_adds(out, s != NULL ? s : gsm7_default[c]);
	}
}

/*
 * Length of the table entry that utf8 (len bytes) starts with, or 0. UTF-8
 * is prefix-free and every entry is valid UTF-8, so at most one entry
 * matches, and bytes that are not valid UTF-8 match none.
 */
static size_t
match(const char *entry, const char *utf8, size_t len)
{
	size_t n;

	/* The first byte rules out nearly every entry, cheaply. */
	if (entry == NULL || entry[0] != utf8[0]) {
		return 0;
	}
	n = strlen(entry);
	return n <= len && memcmp(entry, utf8, n) == 0 ? n : 0;
}

/*
 * Look up the character utf8 (len bytes) starts with: its septets go to code
 * and their count to *width. Returns the character's byte length, or 0 when
 * the alphabet lacks it or the bytes are not valid UTF-8.
 */
static size_t
encode_char(const char *utf8, size_t len, uint8_t code[2], size_t *width)
{
	size_t i, n;

	for (i = 0; i < 128; i++) {
		if ((n = match(gsm7_default[i], utf8, len)) != 0) {
			code[0] = (uint8_t)i;
			*width = 1;
			return n;
		}
	}
	for (i = 0; i < GSM7_NEXT; i++) {
		if ((n = match(gsm7_ext[i].utf8, utf8, len)) != 0) {
			code[0] = GSM7_ESC;
			code[1] = gsm7_ext[i].code;
			*width = 2;
			return n;
		}
	}
	return 0;
}

long
gsm7_encode(const char *utf8, size_t len, uint8_t *out, size_t cap)
{
	size_t pos = 0, n, count = 0, width;
	uint8_t code[2];

	while (pos < len) {
		n = encode_char(utf8 + pos, len - pos, code, &width);
		if (n == 0) {
			return -1;
		}
		/* Only whole characters: never a dangling escape. */
		if (count + width <= cap) {
			memcpy(out + count, code, width);
		}
		count += width;
		pos += n;
	}
	return (long)count;
}
