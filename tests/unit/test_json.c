/*
 * Unit tests of json.c: strings escaped per RFC 8259, and further every
 * character that could act on a terminal or hide (DEL, C1, bidirectional
 * and zero-width characters, U+2028/U+2029) as \uXXXX; invalid UTF-8 as
 * U+FFFD; members joined by commas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "json.h"

static void
test_escape(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "Trộm bò", "\"Trộm bò\"" },
		{ "a\"b\\c", "\"a\\\"b\\\\c\"" },
		{ "\t\r\n", "\"\\t\\r\\n\"" },
		{ "\x1b[2J\x07\x7f", "\"\\u001b[2J\\u0007\\u007f\"" },
		/* C1: U+0080, U+009B (CSI), U+009F. */
		{ "\xc2\x80\xc2\x9b\xc2\x9f", "\"\\u0080\\u009b\\u009f\"" },
		/* RLO, PDF, RLI, PDI, RLM, ALM. */
		{ "\xe2\x80\xae" "a\xe2\x80\xac\xe2\x81\xa7" "b\xe2\x81\xa9"
		    "\xe2\x80\x8f\xd8\x9c",
		    "\"\\u202ea\\u202c\\u2067b\\u2069\\u200f\\u061c\"" },
		/* ZWSP, ZWJ, BOM, line and paragraph separators. */
		{ "\xe2\x80\x8b\xe2\x80\x8d\xef\xbb\xbf\xe2\x80\xa8\xe2\x80\xa9",
		    "\"\\u200b\\u200d\\ufeff\\u2028\\u2029\"" },
		/* Invalid UTF-8 and a surrogate's encoding: U+FFFD, raw. */
		{ "a\xff" "b\xed\xa0\x80", "\"a\xef\xbf\xbd" "b\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbd\"" },
		/* Printable beyond ASCII stays as it is: U+00A0, emoji. */
		{ "\xc2\xa0\xf0\x9f\x98\x80", "\"\xc2\xa0\xf0\x9f\x98\x80\"" },
	};
	struct buf out;
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&out);
		json_add_string(&out, cases[i].in);
		if (strcmp(out.data, cases[i].want) != 0) {
			fail_msg("case %zu: got '%s', want '%s'", i, out.data,
			    cases[i].want);
		}
	}
	buf_release(&out);
}

static void
test_members(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out);
	buf_addc(&out, '{');
	json_add_int(&out, "id", 7);
	json_add_field(&out, "text", "\x1b]0;x\x07");
	json_add_field(&out, "error", NULL);
	json_add_bool(&out, "unsure", true);
	buf_addc(&out, '}');
	assert_string_equal(out.data, "{\"id\":7,\"text\":\"\\u001b]0;x"
	    "\\u0007\",\"error\":null,\"unsure\":true}");
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
