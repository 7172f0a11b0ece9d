/*
 * JSON string escaping for gopy's --json output. Writing, never parsing.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "text.h"

void
json_add_string(struct buf *out, const char *s)
{
	struct buf clean;
	const unsigned char *p;

	if (s == NULL) {
		buf_adds(out, "null");
		return;
	}
	buf_init(&clean);
	text_sanitize_utf8(s, strlen(s), &clean);
	buf_addc(out, '"');
	for (p = (const unsigned char *)clean.data; *p != '\0'; p++) {
		switch (*p) {
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
			if (*p < 0x20 || *p == 0x7f) {
				buf_addf(out, "\\u%04x", *p);
			} else {
				buf_addc(out, (char)*p);
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
