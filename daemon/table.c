/*
 * Text tables for gopy. Knows display widths (through utf8proc), what is
 * unsafe to print and the few escape sequences of colour; knows nothing of
 * messages.
 *
 * Highlights travel inside a cleaned cell as two control bytes, MARK_ON
 * and MARK_OFF: cleaning turns every control byte of the text into a
 * space or U+FFFD, so only this file can put them there. They take no
 * column, and printing turns them into escape sequences or drops them.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "table.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"


#define MARK_ON		'\x01'
#define MARK_OFF	'\x02'

#define ELLIPSIS	"\xe2\x80\xa6"	/* …, one column */

#define SGR_RESET	"\x1b[0m"
#define SGR_HIGHLIGHT	"\x1b[1;7m"	/* bold, reverse video */

enum color_choice {
	COLOR_AUTO,
	COLOR_ON,
	COLOR_OFF,
};

struct table {
	size_t	  ncols;
	char	**cells;	/* (1 + nrows) * ncols, row 0 the headers */
	unsigned char *styles;	/* enum table_style of each cell */
	size_t	  nrows;	/* with the header row */
	size_t	  cap;		/* rows allocated */
	enum color_choice color;
	size_t	  drop[TABLE_DROP_MAX];	/* columns to leave out */
	size_t	  ndrop;
};

/* Select Graphic Rendition parameters of each style (ECMA-48 8.3.117). */
static const char *const style_sgr[] = {
	[TABLE_PLAIN] = NULL,
	[TABLE_BOLD] = "\x1b[1m",
	[TABLE_DIM] = "\x1b[2m",
	[TABLE_RED] = "\x1b[31m",
	[TABLE_GREEN] = "\x1b[32m",
	[TABLE_YELLOW] = "\x1b[33m",
	[TABLE_CYAN] = "\x1b[36m",
};

/*
 * table_clean, with MARK_ON and MARK_OFF around the bytes of s the spans
 * cover.
 */
static void
clean_marked(const char *s, size_t len, const struct table_span *spans,
    size_t nspans, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k = 0, n;
	bool in_mark = false;
	int32_t c;

	while (i < len) {
		if (in_mark && i >= spans[k].end) {
			buf_addc(out, MARK_OFF);
			in_mark = false;
			k++;
		}
		while (!in_mark && k < nspans && spans[k].end <= i) {
			k++;
		}
		if (!in_mark && k < nspans && spans[k].start <= i) {
			buf_addc(out, MARK_ON);
			in_mark = true;
		}
		n = utf8_decode(p + i, len - i, &c);
		/* So that the officer sees something was there: U+FFFD. */
		switch (utf8_seen(c)) {
		case UTF8_SEEN:
			buf_add(out, p + i, n);
			break;
		case UTF8_SEEN_BREAK:
			buf_addc(out, ' ');
			break;
		case UTF8_SEEN_CONTROL:
			buf_adds(out, "\xef\xbf\xbd");
			break;
		case UTF8_SEEN_NOTHING:
			break;
		}
		i += n;
	}
	if (in_mark) {
		buf_addc(out, MARK_OFF);
	}
}

void
table_clean(const char *s, size_t len, struct buf *out)
{
	clean_marked(s, len, NULL, 0, out);
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
	bool in_mark = false;
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
		if (c == MARK_ON || c == MARK_OFF) {
			in_mark = c == MARK_ON;
		}
		buf_add(out, p + i, n);
		w += cw;
		i += n;
	}
	if (in_mark) {
		buf_addc(out, MARK_OFF);
	}
	buf_adds(out, ELLIPSIS);
}

/*
 * Cut cell s, wider than width, so that its first highlight shows: when it
 * would fall in the cut, the start of the text gives way to "…", and the
 * highlight comes after about a third of the column.
 */
static void
cut_around_mark(const char *s, size_t width, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *on = strchr(s, MARK_ON), *off;
	size_t before, upto, skip, col = 0, cw, i = 0, n;
	int32_t c;

	if (on == NULL || width < 3) {
		table_cut(s, width, out);
		return;
	}
	off = strchr(on, MARK_OFF);
	before = text_width(s, (size_t)(on - s));
	upto = off != NULL ? text_width(s, (size_t)(off - s)) : width_of(s);
	if (upto <= width - 1) {
		table_cut(s, width, out);
		return;
	}
	/* Columns of text to drop: all but a third of the room before it. */
	skip = before - (before < (width - 2) / 3 ? before : (width - 2) / 3);
	while (s + i < on) {
		n = utf8_decode(p + i, (size_t)(on - s) - i, &c);
		cw = text_width(s + i, n);
		/* Begin on a character that shows, never on a lone mark. */
		if (col >= skip && cw > 0) {
			break;
		}
		col += cw;
		i += n;
	}
	buf_adds(out, ELLIPSIS);
	table_cut(s + i, width - 1, out);
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
	free(t->styles);
	free(t);
}

void
table_add_row_marked(struct table *t, const char *const *cells, size_t col,
    const struct table_span *spans, size_t nspans)
{
	struct buf b;
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap == 0 ? 16 : t->cap * 2;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols,
		    sizeof(*t->cells));
		t->styles = xreallocarray(t->styles, t->cap * t->ncols,
		    sizeof(*t->styles));
	}
	for (i = 0; i < t->ncols; i++) {
		buf_init(&b);
		if (cells[i] != NULL) {
			clean_marked(cells[i], strlen(cells[i]), spans,
			    i == col ? nspans : 0, &b);
		}
		t->cells[t->nrows * t->ncols + i] = buf_detach(&b);
		t->styles[t->nrows * t->ncols + i] = TABLE_PLAIN;
	}
	t->nrows++;
}

void
table_add_row(struct table *t, const char *const *cells)
{
	table_add_row_marked(t, cells, 0, NULL, 0);
}

void
table_style_cell(struct table *t, size_t col, enum table_style style)
{
	if (t->nrows > 1 && col < t->ncols) {
		t->styles[(t->nrows - 1) * t->ncols + col] =
		    (unsigned char)style;
	}
}

void
table_drop_order(struct table *t, const size_t *cols, size_t n)
{
	size_t k;

	t->ndrop = 0;
	for (k = 0; k < n && t->ndrop < TABLE_DROP_MAX; k++) {
		if (cols[k] < t->ncols) {
			t->drop[t->ndrop++] = cols[k];
		}
	}
}

void
table_set_color(struct table *t, bool on)
{
	t->color = on ? COLOR_ON : COLOR_OFF;
}

bool
table_color_wanted(FILE *out)
{
	/* NO_COLOR set at all, even to "", means no colour. */
	return isatty(fileno(out)) && getenv("NO_COLOR") == NULL;
}

/*
 * Append a cut cell to line in style: highlights and style as escape
 * sequences when color, else only the text.
 */
static void
add_styled(struct buf *line, const char *cell, enum table_style style,
    bool color)
{
	const char *sgr = color ? style_sgr[style] : NULL;
	const char *p;

	if (sgr != NULL) {
		buf_adds(line, sgr);
	}
	for (p = cell; *p != '\0'; p++) {
		if (*p == MARK_ON) {
			if (color) {
				buf_adds(line, SGR_HIGHLIGHT);
			}
		} else if (*p == MARK_OFF) {
			if (color) {
				buf_adds(line, SGR_RESET);
			}
			if (sgr != NULL) {
				buf_adds(line, sgr);
			}
		} else {
			buf_addc(line, *p);
		}
	}
	if (sgr != NULL) {
		buf_adds(line, SGR_RESET);
	}
}

/*
 * Column widths for a line of width columns (0: no limit) into w, 0 for a
 * column left out: the flexible column is narrowed first, down to
 * TABLE_FLEX_MIN; then the droppable columns go, in their order, until the
 * rest fits.
 */
static void
fit_columns(const struct table *t, size_t width, size_t flex, size_t *w)
{
	size_t r, i, k, cw, total, shown, narrowest, others;

	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			cw = width_of(t->cells[r * t->ncols + i]);
			if (cw > w[i]) {
				w[i] = cw;
			}
		}
	}
	narrowest = flex < t->ncols && w[flex] > TABLE_FLEX_MIN ?
	    TABLE_FLEX_MIN : flex < t->ncols ? w[flex] : 0;
	/* A column of width 0 is left out (a header is never empty). */
	for (k = 0;; k++) {
		others = shown = 0;
		for (i = 0; i < t->ncols; i++) {
			if (w[i] > 0) {
				others += i != flex ? w[i] : 0;
				shown++;
			}
		}
		/* The gaps go with the others. */
		others += shown > 0 ? (shown - 1) * TABLE_COL_GAP : 0;
		total = others + narrowest;
		if (width == 0 || total <= width || k == t->ndrop) {
			break;
		}
		w[t->drop[k]] = 0;
	}
	if (width > 0 && flex < t->ncols && others + w[flex] > width) {
		w[flex] = width > others + narrowest ? width - others :
		    narrowest;
	}
}

void
table_print(const struct table *t, FILE *out, size_t width, size_t flex)
{
	size_t *w, r, i, end, used, room, cw;
	struct buf line, cut;
	enum table_style style;
	const char *cell;
	bool color;

	color = t->color == COLOR_AUTO ? table_color_wanted(out) :
	    t->color == COLOR_ON;
	w = xcalloc(t->ncols, sizeof(*w));
	fit_columns(t, width, flex, w);
	/* What still does not fit is cut at the right edge. */
	room = width > 0 ? width : (size_t)-1;
	buf_init(&line);
	buf_init(&cut);
	for (r = 0; r < t->nrows; r++) {
		buf_reset(&line);
		used = 0;
		/* No padding after the last cell with something in it. */
		for (end = t->ncols; end > 0 && (w[end - 1] == 0 ||
		    t->cells[r * t->ncols + end - 1][0] == '\0'); end--) {
			continue;
		}
		for (i = 0; i < end && used < room; i++) {
			if (w[i] == 0) {
				continue;
			}
			cell = t->cells[r * t->ncols + i];
			style = r == 0 ? TABLE_BOLD :
			    t->styles[r * t->ncols + i];
			buf_reset(&cut);
			cut_around_mark(cell, w[i] < room - used ? w[i] :
			    room - used, &cut);
			add_styled(&line, cut.data, style, color);
			used += width_of(cut.data);
			if (i + 1 < end) {
				for (cw = width_of(cut.data); cw < w[i] +
				    TABLE_COL_GAP && used < room; cw++) {
					buf_addc(&line, ' ');
					used++;
				}
			}
		}
		fprintf(out, "%s\n", line.data);
	}
	buf_release(&cut);
	buf_release(&line);
	free(w);
}
