/*
 * Unit tests of log_escape: what reaches the journal from modem lines and
 * citizens' text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "log.h"

static void
test_escape(void **state)
{
	static const struct {
		const char *in;
		size_t len;		/* 0: strlen(in) */
		size_t outlen;
		const char *want;
	} cases[] = {
		{ "+CMTI: \"SM\",3", 0, 64, "+CMTI: \"SM\",3" },
		{ "Trộm bò", 0, 64, "Trộm bò" },
		{ "a\r\nb", 0, 64, "a\\x0d\\x0ab" },
		{ "\x1b[2Jx", 0, 64, "\\x1b[2Jx" },
		{ "back\\slash", 0, 64, "back\\x5cslash" },
		{ "nul\0byte", 8, 64, "nul\\x00byte" },
		/* Invalid UTF-8 and a C1 control (CSI, U+009B). */
		{ "\xff\xfe", 0, 64, "\\xff\\xfe" },
		{ "\xc2\x9b" "31m", 0, 64, "\\xc2\\x9b31m" },
		{ "\xe1\xbb", 0, 64, "\\xe1\\xbb" },		/* cut short */
		/* Right-to-left override, zero-width space, line separator. */
		{ "a\xe2\x80\xae" "b\xe2\x80\x8b\xe2\x80\xa8", 0, 64,
		    "a\\xe2\\x80\\xaeb\\xe2\\x80\\x8b\\xe2\\x80\\xa8" },
		/* Too long: cut at a character boundary, with "...". */
		{ "abcdefghij", 0, 8, "abcd..." },
		{ "ộộộộộộ", 0, 10, "ộộ..." },
		{ "", 0, 4, "" },
	};
	char out[64];
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len != 0 ? cases[i].len : strlen(cases[i].in);
		memset(out, 'Z', sizeof(out));
		log_escape(out, cases[i].outlen, cases[i].in, len);
		if (strcmp(out, cases[i].want) != 0 ||
		    strlen(out) >= cases[i].outlen) {
			fail_msg("case %zu: got '%s', want '%s'", i, out,
			    cases[i].want);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
	};

	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
