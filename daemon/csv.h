/*
 * CSV records as RFC 4180 writes them, for spreadsheets: fields separated
 * by commas, records ended by CRLF, a field quoted (its quotes doubled)
 * when it holds a comma, a quote, CR or LF. Text is UTF-8; invalid bytes
 * become U+FFFD, so the output is always valid UTF-8.
 *
 * A record is built in memory and handed to the caller to write: one
 * record at a time, so that any number of rows streams.
 *
 * Pure: no I/O.
 */
#ifndef GOPY_CSV_H
#define GOPY_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The UTF-8 byte order mark that makes Excel read a file as UTF-8. */
#define CSV_BOM		"\xef\xbb\xbf"

struct csv_record {
	struct buf data;	/* the record; ends in CRLF after csv_end */
	size_t	nfields;	/* fields in it */
	/*
	 * For Excel: a field that would start with = + - @ TAB or CR, which
	 * Excel runs as a formula, gets a leading apostrophe and is shown
	 * as text. Off by default: the field's text is kept exactly.
	 */
	bool	guard_formulas;
};

void	csv_init(struct csv_record *r);
void	csv_release(struct csv_record *r);
/* Start a new record (guard_formulas stays as it was). */
void	csv_reset(struct csv_record *r);

/* Append field s; NULL is an empty field. */
void	csv_add(struct csv_record *r, const char *s);
void	csv_add_int(struct csv_record *r, int64_t v);
/* A number with up to 6 significant digits, as JSON has it ("5.31"). */
void	csv_add_double(struct csv_record *r, double v);
/* "true" or "false", as in JSON. */
void	csv_add_bool(struct csv_record *r, bool v);

/* End the record with CRLF; r->data is then ready to write. */
void	csv_end(struct csv_record *r);

#endif
