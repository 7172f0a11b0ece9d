/*
 * The UTF-8 decoder, and what of it can be shown as it is. Encoding is left
 * to utf8proc where it is needed.
 */
#include "utf8.h"

size_t
utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;
	int32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* Lead bytes and second-byte ranges: Unicode 15.0, Table 3-7. */
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0) {
			lo = 0xa0;	/* overlong below U+0800 */
		} else if (s[0] == 0xed) {
			hi = 0x9f;	/* surrogates U+D800..U+DFFF */
		}
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0) {
			lo = 0x90;	/* overlong below U+10000 */
		} else if (s[0] == 0xf4) {
			hi = 0x8f;	/* above U+10FFFF */
		}
	} else {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if (i == n || s[i] < lo || s[i] > hi) {
			*cp = -1;
			return i;
		}
		c = (c << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return len;
}

enum utf8_seen
utf8_seen(int32_t c)
{
	if (c == -1) {
		return UTF8_SEEN_CONTROL;
	}
	if (c == '\t' || c == '\n' || c == '\r' || c == 0x2028 ||
	    c == 0x2029) {
		return UTF8_SEEN_BREAK;
	}
	/*
	 * C0, DEL and C1 (Unicode's Cc); bidirectional marks, embeddings,
	 * overrides and isolates, and the deprecated format controls of
	 * U+206A..U+206F, which swap or shape.
	 */
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c ||
	    c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x206f)) {
		return UTF8_SEEN_CONTROL;
	}
	if ((c >= 0x200b && c <= 0x200d) || c == 0x2060 || c == 0xfeff) {
		return UTF8_SEEN_NOTHING;
	}
	return UTF8_SEEN;
}
