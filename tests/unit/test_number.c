/*
 * Unit tests of number: every way a Vietnamese number is written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "number.h"

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
		/* Renumbered in 2018: Viettel 0168 -> 038, VinaPhone 0123 -> 083. */
		{ "01681234567", "+84381234567" },
		{ "+841681234567", "+84381234567" },
		{ "841231234567", "+84831234567" },
		{ "01991234567", "+84591234567" },
		/* An eleven-digit number whose prefix was not renumbered stays. */
		{ "02393123456", "+842393123456" },	/* Hà Tĩnh landline */
		{ "191", "191" },
		{ "9029", "9029" },
		{ "+12025550123", "+12025550123" },
		{ "", NULL },
		{ "+", NULL },
		{ "Viettel", NULL },
		{ "09123x5678", NULL },
		{ "++84912345678", NULL },
		{ "123456789012345678901", NULL },
	};
	char out[NUMBER_MAX];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = number_normalize(cases[i].in, out);
		if (cases[i].want == NULL) {
			if (rc != -1 || out[0] != '\0') {
				fail_msg("case %zu '%s': accepted as '%s'", i,
				    cases[i].in, out);
			}
		} else if (rc != 0 || strcmp(out, cases[i].want) != 0) {
			fail_msg("case %zu '%s': got rc %d '%s', want '%s'", i,
			    cases[i].in, rc, out, cases[i].want);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
	};

	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
