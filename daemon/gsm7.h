/*
 * The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038
 * 6.2.1 and 6.2.1.1) to and from UTF-8, and septet packing (6.1.2.1.1).
 * Pure: no I/O, no allocation except through struct buf.
 *
 * The national language shift tables (6.2.1.2) are not supported: a message
 * that announces one in its UDH decodes with the default tables.
 */
#ifndef GOPY_GSM7_H
#define GOPY_GSM7_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define GSM7_ESC	0x1b	/* escape to the extension table */

/*
 * Unpack nseptets septets from packed octets, skipping fill_bits (0..6) leading
 * fill bits (they follow a UDH, TS 23.040 9.2.3.24). Writes nseptets values
 * 0..127 to out. Returns 0, or -1 when noctets is too short for them.
 */
int	gsm7_unpack(const uint8_t *octets, size_t noctets, unsigned fill_bits,
	    size_t nseptets, uint8_t *out);

/*
 * Pack n septets after fill_bits (0..6) zero fill bits into out, which has
 * room for outlen octets. Returns the number of octets written, or -1 when
 * they do not fit.
 */
int	gsm7_pack(const uint8_t *septets, size_t n, unsigned fill_bits,
	    uint8_t *out, size_t outlen);

/*
 * Append the UTF-8 text of n septets to out. An escape followed by a code
 * the extension table lacks decodes as the default-table character (TS 23.038
 * 6.2.1.1); an escape at the very end decodes as a space.
 */
void	gsm7_decode(const uint8_t *septets, size_t n, struct buf *out);

/*
 * Encode UTF-8 text as septets (extension characters take two: ESC, code).
 * Writes at most cap septets to out (out may be NULL when cap is 0, to
 * count). Returns the number of septets the whole text needs, or -1 when a
 * character is not in the alphabet or the text is not valid UTF-8.
 */
long	gsm7_encode(const char *utf8, size_t len, uint8_t *out, size_t cap);

#endif
