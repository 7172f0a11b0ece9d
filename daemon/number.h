/*
 * Phone numbers as gopy stores and compares them: E.164 with a leading '+'
 * ("+84912345678"). Vietnamese numbers are accepted in every form people and
 * networks write them: "0912 345 678", "84912345678", "+84 912-345-678",
 * "0084912345678", and the eleven-digit mobile numbers renumbered in 2018
 * ("01681234567" is now "+84381234567"). Short codes ("191", "9029") have no
 * country and stay plain digits.
 *
 * Pure: no I/O.
 */
#ifndef GOPY_NUMBER_H
#define GOPY_NUMBER_H

#include <stddef.h>

#define NUMBER_MAX	24	/* bytes of a normalised number, with NUL */

/*
 * Normalise in to out. Spaces, dots, dashes and parentheses are ignored; a
 * leading '+' or "00" marks an international number. Returns 0, or -1 when in
 * holds anything else, no digit, or more than 20 digits (out is then "").
 */
int	number_normalize(const char *in, char out[NUMBER_MAX]);

#endif
