/*
 * Tables for a terminal: columns sized to their content, the widest
 * flexible column cut with "…" so that a row fits the terminal, widths
 * measured in display columns (Vietnamese combining marks take none).
 *
 * Cells are made safe to print, and stay one line: tabs and line breaks
 * become spaces; other control characters (ESC and CSI among them, so no
 * message can repaint the officer's terminal), bidirectional controls
 * (which could reorder what is read) and invalid UTF-8 become U+FFFD, so
 * that the officer sees something was there; zero-width spaces, joiners
 * and the BOM are dropped.
 *
 * On a colour terminal the header is bold, a cell may have a style, and
 * parts of a cell may be highlighted (a search's matches); anywhere else,
 * and whenever NO_COLOR is set, even to "", the table is plain text
 * without a single escape sequence.
 */
#ifndef GOPY_TABLE_H
#define GOPY_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

struct table;

/* How a cell looks on a colour terminal. */
enum table_style {
	TABLE_PLAIN,
	TABLE_BOLD,
	TABLE_DIM,
	TABLE_RED,
	TABLE_GREEN,
	TABLE_YELLOW,
	TABLE_CYAN,
};

/* Bytes [start, end) of a cell's text as given, to be highlighted. */
struct table_span {
	size_t	start;
	size_t	end;
};

/* A table with ncols columns and these headers (copied). */
struct table *table_new(size_t ncols, const char *const *headers);
void	table_free(struct table *t);

/* Append a row of ncols cells (copied and cleaned); NULL cells print empty. */
void	table_add_row(struct table *t, const char *const *cells);

/*
 * Append a row as table_add_row does, with the nspans spans of cell col
 * highlighted. Spans are in order and do not overlap; any outside the cell
 * are ignored. When the cell must be cut, it is cut so that its first
 * highlight stays in view ("…words around it…").
 */
void	table_add_row_marked(struct table *t, const char *const *cells,
	    size_t col, const struct table_span *spans, size_t nspans);

/* Give cell col of the last row added a style. */
void	table_style_cell(struct table *t, size_t col,
	    enum table_style style);

/* Columns between two columns, and what a narrowed flexible one keeps. */
#define TABLE_COL_GAP	2
#define TABLE_FLEX_MIN	10

/*
 * When a table is too wide even with its flexible column narrowed to
 * TABLE_FLEX_MIN columns, leave out columns cols[0], cols[1], ... (at most
 * TABLE_DROP_MAX), one by one, until it fits. Whatever still does not fit
 * is cut at the right edge.
 */
#define TABLE_DROP_MAX	8
void	table_drop_order(struct table *t, const size_t *cols, size_t n);

/*
 * Colour or not, whatever out is. Without this call a table is coloured
 * when table_color_wanted(out).
 */
void	table_set_color(struct table *t, bool on);

/* Whether out is a terminal and NO_COLOR is unset. */
bool	table_color_wanted(FILE *out);

/*
 * Print header and rows to out, each line without trailing blanks. When
 * width > 0, each line fits width display columns: column flex is
 * narrowed (down to TABLE_FLEX_MIN columns), then the columns of
 * table_drop_order are left out, then lines are cut.
 */
void	table_print(const struct table *t, FILE *out, size_t width,
	    size_t flex);

/* Append s to out cleaned for display as described above. */
void	table_clean(const char *s, size_t len, struct buf *out);

/* Append at most width display columns of s to out, ending in "…" when cut. */
void	table_cut(const char *s, size_t width, struct buf *out);

#endif
