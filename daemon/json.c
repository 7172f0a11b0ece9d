/*
 * JSON string escaping for gopy's --json output. Writing, never parsing.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "text.h"
#include "utf8.h"

void
json_add_string(struct buf *out, const char *s)
{
	struct buf clean;
	const unsigned char *p;
	size_t i, n;
	int32_t c;

	if (s == NULL) {
		buf_adds(out, "null");
		return;
	}
	buf_init(&clean);
	text_sanitize_utf8(s, strlen(s), &clean);
	buf_addc(out, '"');
	p = (const unsigned char *)clean.data;
	for (i = 0; i < clean.len; i += n) {
		n = utf8_decode(p + i, clean.len - i, &c);
		switch (c) {
		case '"':
			buf_adds(out, "\\\"");
			break;
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		default:
			/* Also what RFC 8259 allows raw, DEL, C1, bidi. */
			if (utf8_seen(c) != UTF8_SEEN) {
				buf_addf(out, "\\u%04x", (unsigned)c);
			} else {
				buf_add(out, p + i, n);
			}
			break;
		}
	}
	buf_addc(out, '"');
	buf_release(&clean);
}

static void
add_key(struct buf *out, const char *key)
{
	if (out->len > 0 && out->data[out->len - 1] != '{' &&
	    out->data[out->len - 1] != '[') {
		buf_addc(out, ',');
	}
	json_add_string(out, key);
	buf_addc(out, ':');
}

void
json_add_field(struct buf *out, const char *key, const char *s)
{
	add_key(out, key);
	json_add_string(out, s);
}

void
json_add_int(struct buf *out, const char *key, int64_t v)
{
	add_key(out, key);
	buf_addf(out, "%lld", (long long)v);
}

void
json_add_double(struct buf *out, const char *key, double v)
{
	add_key(out, key);
	buf_addf(out, "%g", v);
}

void
json_add_bool(struct buf *out, const char *key, bool v)
{
	add_key(out, key);
	buf_adds(out, v ? "true" : "false");
}
