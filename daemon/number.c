/*
 * Vietnamese numbering: country code 84, trunk prefix 0, nine-digit national
 * significant numbers, and the 2018 move of eleven-digit mobile numbers to
 * ten digits. Other countries' numbers pass through as given.
 */
#include <stdio.h>
#include <string.h>

#include "number.h"

#define NUMBER_DIGITS_MAX	20

/*
 * Mobile prefixes renumbered on 15 September 2018 (Ministry of Information
 * and Communications, Decision 798/QD-BTTTT): the old national significant
 * prefix of three digits becomes the new one of two digits.
 */
static const struct {
	const char *old;
	const char *new;
} renumbered[] = {
	{ "120", "70" }, { "121", "79" }, { "122", "77" }, { "126", "76" },
	{ "128", "78" },			/* MobiFone */
	{ "123", "83" }, { "124", "84" }, { "125", "85" }, { "127", "81" },
	{ "129", "82" },			/* VinaPhone */
	{ "162", "32" }, { "163", "33" }, { "164", "34" }, { "165", "35" },
	{ "166", "36" }, { "167", "37" }, { "168", "38" }, { "169", "39" },
	{ "186", "56" }, { "188", "58" },	/* Vietnamobile */
	{ "199", "59" },			/* Gmobile */
};

/* Write "+84" and the national significant number nsn to out. */
static void
put_vietnam(const char *nsn, char out[NUMBER_MAX])
{
	size_t i;

	/* Ten digits: an old mobile number when its prefix was renumbered. */
	if (strlen(nsn) == 10) {
		for (i = 0; i < sizeof(renumbered) / sizeof(renumbered[0]); i++) {
			if (strncmp(nsn, renumbered[i].old, 3) == 0) {
				snprintf(out, NUMBER_MAX, "+84%s%s",
				    renumbered[i].new, nsn + 3);
				return;
			}
		}
	}
	snprintf(out, NUMBER_MAX, "+84%s", nsn);
}

int
number_normalize(const char *in, char out[NUMBER_MAX])
{
	char digits[NUMBER_DIGITS_MAX + 1];
	size_t n = 0, len;
	int plus = 0;
	const char *p;

	out[0] = '\0';
	for (p = in; *p != '\0'; p++) {
		if (*p == ' ' || *p == '.' || *p == '-' || *p == '(' ||
		    *p == ')') {
			continue;
		}
		if (*p == '+' && n == 0 && !plus) {
			plus = 1;
			continue;
		}
		if (*p < '0' || *p > '9' || n == NUMBER_DIGITS_MAX) {
			return -1;
		}
		digits[n++] = *p;
	}
	digits[n] = '\0';
	if (n == 0) {
		return -1;
	}
	if (!plus && n > 2 && digits[0] == '0' && digits[1] == '0') {
		plus = 1;
		memmove(digits, digits + 2, n - 1);
		n -= 2;
	}
	len = n;
	if (plus) {
		if (strncmp(digits, "84", 2) == 0) {
			put_vietnam(digits + 2, out);
		} else {
			snprintf(out, NUMBER_MAX, "+%s", digits);
		}
	} else if (digits[0] == '0' && (len == 10 || len == 11)) {
		put_vietnam(digits + 1, out);
	} else if (strncmp(digits, "84", 2) == 0 && (len == 11 || len == 12)) {
		put_vietnam(digits + 2, out);
	} else {
		/* Short codes and numbers of unknown shape stay as given. */
		snprintf(out, NUMBER_MAX, "%s", digits);
	}
	return 0;
}
