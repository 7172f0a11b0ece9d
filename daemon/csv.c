/*
 * CSV fields and records (RFC 4180). Quotes only the fields that need it,
 * so plain values stay plain for whoever reads the file by eye. Knows
 * nothing of messages or files.
 */
#include <string.h>

#include "csv.h"
#include "text.h"

void
csv_init(struct csv_record *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->data);
}

void
csv_release(struct csv_record *r)
{
	buf_release(&r->data);
	r->nfields = 0;
}

void
csv_reset(struct csv_record *r)
{
	buf_reset(&r->data);
	r->nfields = 0;
}

/* Whether Excel would take a field starting with c for a formula. */
static bool
starts_formula(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

void
csv_add(struct csv_record *r, const char *s)
{
	struct buf clean;
	const char *p;
	bool quote;

	if (r->nfields++ > 0) {
		buf_addc(&r->data, ',');
	}
	if (s == NULL || s[0] == '\0') {
		return;
	}
	buf_init(&clean);
	if (r->guard_formulas && starts_formula(s[0])) {
		buf_addc(&clean, '\'');
	}
	text_sanitize_utf8(s, strlen(s), &clean);
	quote = strpbrk(clean.data, ",\"\r\n") != NULL;
	if (!quote) {
		buf_add(&r->data, clean.data, clean.len);
		buf_release(&clean);
		return;
	}
	buf_addc(&r->data, '"');
	for (p = clean.data; *p != '\0'; p++) {
		if (*p == '"') {
			buf_addc(&r->data, '"');
		}
		buf_addc(&r->data, *p);
	}
	buf_addc(&r->data, '"');
	buf_release(&clean);
}

void
csv_add_int(struct csv_record *r, int64_t v)
{
	if (r->nfields++ > 0) {
		buf_addc(&r->data, ',');
	}
	buf_addf(&r->data, "%lld", (long long)v);
}

void
csv_add_double(struct csv_record *r, double v)
{
	if (r->nfields++ > 0) {
		buf_addc(&r->data, ',');
	}
	buf_addf(&r->data, "%g", v);
}

void
csv_add_bool(struct csv_record *r, bool v)
{
	csv_add(r, v ? "true" : "false");
}

void
csv_end(struct csv_record *r)
{
	buf_adds(&r->data, "\r\n");
}
