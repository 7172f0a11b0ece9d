/*
 * Unit tests of number: every way a Vietnamese number is written, each
 * mobile prefix renumbered in 2018 in each of those ways, and the short
 * codes that must stay as given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "number.h"

/* Normalise in; fail naming the case unless it gives want (NULL: refused). */
static int
check(const char *what, const char *in, const char *want)
{
	char out[NUMBER_MAX];
	int rc;

	rc = number_normalize(in, out);
	if (want == NULL) {
		if (rc != -1 || out[0] != '\0') {
			print_error("%s '%s': accepted as '%s'\n", what, in,
			    out);
			return 1;
		}
	} else if (rc != 0 || strcmp(out, want) != 0) {
		print_error("%s '%s': got rc %d '%s', want '%s'\n", what, in,
		    rc, out, want);
		return 1;
	}
	return 0;
}

static void
test_normalize(void **state)
{
	static const struct {
		const char *in;
		const char *want;	/* NULL: rejected */
	} cases[] = {
		{ "+84912345678", "+84912345678" },
		{ "84912345678", "+84912345678" },
		{ "0912345678", "+84912345678" },
		{ "0912 345 678", "+84912345678" },
		{ "0912.345.678", "+84912345678" },
		{ "(091) 234-5678", "+84912345678" },
		{ "0084912345678", "+84912345678" },
		/* An eleven-digit number whose prefix was not renumbered stays. */
		{ "02393123456", "+842393123456" },	/* Hà Tĩnh landline */
		/* Ten digits from 016x: no old mobile number, which had 11. */
		{ "0162123456", "+84162123456" },
		{ "+12025550123", "+12025550123" },
		{ "", NULL },
		{ "+", NULL },
		{ "Viettel", NULL },
		{ "09123x5678", NULL },
		{ "++84912345678", NULL },
		{ "123456789012345678901", NULL },
	};
	size_t i, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		failed += check("case", cases[i].in, cases[i].want);
	}
	assert_int_equal(failed, 0);
}

/*
 * Every prefix of the 2018 renumbering (MIC Decision 798/QD-BTTTT), as the
 * networks announced them, in the four ways a number is written: the old
 * eleven-digit national form, with 84, with +84 and with 0084, spaced too.
 */
static void
test_renumbered(void **state)
{
	static const struct {
		const char *old;	/* trunk prefix, as people dialled */
		const char *new;
	} prefixes[] = {
		/* Viettel */
		{ "0162", "032" }, { "0163", "033" }, { "0164", "034" },
		{ "0165", "035" }, { "0166", "036" }, { "0167", "037" },
		{ "0168", "038" }, { "0169", "039" },
		/* MobiFone */
		{ "0120", "070" }, { "0121", "079" }, { "0122", "077" },
		{ "0126", "076" }, { "0128", "078" },
		/* VinaPhone */
		{ "0123", "083" }, { "0124", "084" }, { "0125", "085" },
		{ "0127", "081" }, { "0129", "082" },
		/* Vietnamobile */
		{ "0186", "056" }, { "0188", "058" },
		/* Gmobile */
		{ "0199", "059" },
	};
	static const char subscriber[] = "1234567";
	char in[64], want[NUMBER_MAX];
	size_t i, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		snprintf(want, sizeof(want), "+84%s%s", prefixes[i].new + 1,
		    subscriber);
		snprintf(in, sizeof(in), "%s%s", prefixes[i].old, subscriber);
		failed += check("0", in, want);
		snprintf(in, sizeof(in), "84%s%s", prefixes[i].old + 1,
		    subscriber);
		failed += check("84", in, want);
		snprintf(in, sizeof(in), "+84%s%s", prefixes[i].old + 1,
		    subscriber);
		failed += check("+84", in, want);
		snprintf(in, sizeof(in), "0084%s%s", prefixes[i].old + 1,
		    subscriber);
		failed += check("0084", in, want);
		snprintf(in, sizeof(in), "+84 %s %.3s %s", prefixes[i].old + 1,
		    subscriber, subscriber + 3);
		failed += check("spaced", in, want);
		/* The new number is itself already normalised. */
		snprintf(in, sizeof(in), "%s%s", prefixes[i].new, subscriber);
		failed += check("new", in, want);
	}
	assert_int_equal(failed, 0);
}

/*
 * Short codes and service numbers have no country: they stay plain digits
 * (separators dropped), so that reply.min_sender_digits and reply.never
 * compare them as the network sends them.
 */
static void
test_short_codes(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "113", "113" },		/* police */
		{ "114", "114" },		/* fire */
		{ "115", "115" },		/* ambulance */
		{ "191", "191" },		/* Viettel balance */
		{ "1080", "1080" },
		{ "9029", "9029" },		/* carrier content */
		{ "8079", "8079" },
		{ "1900 1234", "19001234" },	/* hotline, no trunk 0 */
		{ "18001090", "18001090" },
		{ "1800-1091", "18001091" },
		{ "84123", "84123" },		/* 84 but no number behind */
		{ "841234567", "841234567" },
	};
	size_t i, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		failed += check("short code", cases[i].in, cases[i].want);
	}
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_renumbered),
		cmocka_unit_test(test_short_codes),
	};

	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
