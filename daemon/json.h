/*
 * The little JSON that gopy prints: strings escaped per RFC 8259, one
 * object per line. Text from citizens is UTF-8 but may be anything: control
 * characters (C0, DEL, C1), bidirectional controls, zero-width characters
 * and U+2028/U+2029 are escaped as \uXXXX and invalid UTF-8 becomes
 * \ufffd, so the output is always valid JSON, and harmless on a terminal.
 */
#ifndef GOPY_JSON_H
#define GOPY_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/* Append s as a JSON string (with quotes); NULL appends null. */
void	json_add_string(struct buf *out, const char *s);

/* Append "key": and the string s (or null), preceded by a comma unless first. */
void	json_add_field(struct buf *out, const char *key, const char *s);
void	json_add_int(struct buf *out, const char *key, int64_t v);
/* A number with up to 6 significant digits ("5.31"). */
void	json_add_double(struct buf *out, const char *key, double v);
void	json_add_bool(struct buf *out, const char *key, bool v);

#endif
