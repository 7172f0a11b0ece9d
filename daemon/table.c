/*
 * Text tables for gopy. Knows display widths (through utf8proc) and what is
 * unsafe to print; knows nothing of messages.
 */
#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

#include "table.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

#define FLEX_MIN_WIDTH	10	/* a cut column keeps at least this much */
#define COL_GAP		2

struct table {
	size_t	  ncols;
	char	**cells;	/* (1 + nrows) * ncols, row 0 the headers */
	size_t	  nrows;	/* with the header row */
	size_t	  cap;		/* rows allocated */
};

/* Whether code point c must not reach a terminal as it is. */
static bool
is_format_control(utf8proc_int32_t c)
{
	/* Bidirectional marks, embeddings and isolates; zero-width chars. */
	return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0xfeff || c == 0x061c;
}

void
table_clean(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	int32_t c;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &c);
		if (c == -1) {
			buf_adds(out, "\xef\xbf\xbd");	/* U+FFFD */
		} else if (utf8proc_category(c) == UTF8PROC_CATEGORY_CC) {
			buf_addc(out, ' ');
		} else if (!is_format_control(c)) {
			buf_add(out, p + i, n);
		}
		i += n;
	}
}

/* Display columns of a cleaned, NUL-terminated cell. */
static size_t
width_of(const char *s)
{
	return text_width(s, strlen(s));
}

void
table_cut(const char *s, size_t width, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, w = 0, cw, n;
	int32_t c;

	if (text_width(s, len) <= width) {
		buf_add(out, s, len);
		return;
	}
	if (width == 0) {
		return;
	}
	while (i < len) {
		n = utf8_decode(p + i, len - i, &c);
		cw = text_width(s + i, n);
		/* Keep one column for the ellipsis. */
		if (w + cw > width - 1) {
			break;
		}
		buf_add(out, p + i, n);
		w += cw;
		i += n;
	}
	buf_adds(out, "\xe2\x80\xa6");	/* … */
}

struct table *
table_new(size_t ncols, const char *const *headers)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->ncols = ncols;
	table_add_row(t, headers);
	return t;
}

void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL) {
		return;
	}
	for (i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i]);
	}
	free(t->cells);
	free(t);
}

void
table_add_row(struct table *t, const char *const *cells)
{
	struct buf b;
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap == 0 ? 16 : t->cap * 2;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols,
		    sizeof(*t->cells));
	}
	for (i = 0; i < t->ncols; i++) {
		buf_init(&b);
		if (cells[i] != NULL) {
			table_clean(cells[i], strlen(cells[i]), &b);
		}
		t->cells[t->nrows * t->ncols + i] = buf_detach(&b);
	}
	t->nrows++;
}

void
table_print(const struct table *t, FILE *out, size_t width, size_t flex)
{
	size_t *w, r, i, total = 0, cw, others;
	struct buf line;
	const char *cell;

	w = xcalloc(t->ncols, sizeof(*w));
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			cw = width_of(t->cells[r * t->ncols + i]);
			if (cw > w[i]) {
				w[i] = cw;
			}
		}
	}
	for (i = 0; i < t->ncols; i++) {
		total += w[i] + (i + 1 < t->ncols ? COL_GAP : 0);
	}
	if (width > 0 && total > width && flex < t->ncols) {
		others = total - w[flex];
		w[flex] = width > others + FLEX_MIN_WIDTH ? width - others :
		    FLEX_MIN_WIDTH;
	}
	buf_init(&line);
	for (r = 0; r < t->nrows; r++) {
		buf_reset(&line);
		for (i = 0; i < t->ncols; i++) {
			cell = t->cells[r * t->ncols + i];
			cw = line.len;
			table_cut(cell, w[i], &line);
			/* No padding after the last column. */
			if (i + 1 < t->ncols) {
				cw = width_of(line.data + cw);
				for (; cw < w[i] + COL_GAP; cw++) {
					buf_addc(&line, ' ');
				}
			}
		}
		fprintf(out, "%s\n", line.data);
	}
	buf_release(&line);
	free(w);
}
