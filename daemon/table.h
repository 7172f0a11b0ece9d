/*
 * Tables for a terminal: columns sized to their content, the widest
 * flexible column cut with "…" so that a row fits the terminal, widths
 * measured in display columns (Vietnamese combining marks take none).
 *
 * Cells are made safe to print: control characters (ESC among them, so no
 * message can repaint the officer's terminal) become spaces, bidirectional
 * and other format controls are dropped, invalid UTF-8 becomes U+FFFD.
 */
#ifndef GOPY_TABLE_H
#define GOPY_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

struct table;

/* A table with ncols columns and these headers (copied). */
struct table *table_new(size_t ncols, const char *const *headers);
void	table_free(struct table *t);

/* Append a row of ncols cells (copied and cleaned); NULL cells print empty. */
void	table_add_row(struct table *t, const char *const *cells);

/*
 * Print header and rows to out. When width > 0, column flex is narrowed
 * (down to a few columns) so that each line fits width display columns.
 */
void	table_print(const struct table *t, FILE *out, size_t width,
	    size_t flex);

/* Append s to out cleaned for display as described above. */
void	table_clean(const char *s, size_t len, struct buf *out);

/* Append at most width display columns of s to out, ending in "…" when cut. */
void	table_cut(const char *s, size_t width, struct buf *out);

#endif
