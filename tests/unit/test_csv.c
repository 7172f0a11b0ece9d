/*
 * Unit tests of csv.c: which fields are quoted and how, records ended by
 * CRLF, invalid UTF-8 repaired, Excel's formulas defused on request; and a
 * randomized round trip through a strict RFC 4180 reader written here. The
 * random pass prints its seed and takes -s SEED to replay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "csv.h"

#define NFIELDS_MAX	8

static unsigned long test_seed;

static const struct {
	const char *name;
	const char *fields[NFIELDS_MAX];	/* "\x01" stands for NULL */
	size_t	 n;
	int	 guard;
	const char *want;
} cases[] = {
	{ "plain", { "a", "b", "c" }, 3, 0, "a,b,c\r\n" },
	{ "one field", { "trộm bò" }, 1, 0, "trộm bò\r\n" },
	{ "empty first", { "", "x" }, 2, 0, ",x\r\n" },
	{ "empty last", { "x", "" }, 2, 0, "x,\r\n" },
	{ "null", { "\x01", "x", "\x01" }, 3, 0, ",x,\r\n" },
	{ "comma", { "a,b" }, 1, 0, "\"a,b\"\r\n" },
	{ "quote", { "say \"hi\"" }, 1, 0, "\"say \"\"hi\"\"\"\r\n" },
	{ "only a quote", { "\"" }, 1, 0, "\"\"\"\"\r\n" },
	{ "lf", { "a\nb" }, 1, 0, "\"a\nb\"\r\n" },
	{ "cr", { "a\rb" }, 1, 0, "\"a\rb\"\r\n" },
	{ "crlf", { "a\r\nb", "c" }, 2, 0, "\"a\r\nb\",c\r\n" },
	{ "spaces kept", { " a ", "b " }, 2, 0, " a ,b \r\n" },
	{ "tab unquoted", { "a\tb" }, 1, 0, "a\tb\r\n" },
	{ "invalid utf-8", { "a\xff" "b" }, 1, 0, "a\xef\xbf\xbd" "b\r\n" },
	{ "no guard", { "=1+2", "+84912345678" }, 2, 0,
	    "=1+2,+84912345678\r\n" },
	{ "guard", { "=HYPERLINK(\"x\")", "+849", "-1", "@a", "a=b" }, 5, 1,
	    "\"'=HYPERLINK(\"\"x\"\")\",'+849,'-1,'@a,a=b\r\n" },
	{ "guard tab", { "\tx" }, 1, 1, "'\tx\r\n" },
	{ "guard empty", { "", "\x01" }, 2, 1, ",\r\n" },
};

static void
test_cases(void **state)
{
	struct csv_record r;
	size_t i, k;

	(void)state;
	csv_init(&r);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		csv_reset(&r);
		r.guard_formulas = cases[i].guard;
		for (k = 0; k < cases[i].n; k++) {
			csv_add(&r, strcmp(cases[i].fields[k], "\x01") == 0 ?
			    NULL : cases[i].fields[k]);
		}
		csv_end(&r);
		if (strcmp(r.data.data, cases[i].want) != 0) {
			fail_msg("case %s: got '%s', want '%s'", cases[i].name,
			    r.data.data, cases[i].want);
		}
		assert_int_equal(r.nfields, cases[i].n);
	}
	csv_release(&r);
}

static void
test_numbers(void **state)
{
	struct csv_record r;

	(void)state;
	csv_init(&r);
	r.guard_formulas = true;
	csv_add_int(&r, 42);
	csv_add_int(&r, -7);
	csv_add_double(&r, 5.31);
	csv_add_double(&r, 0);
	csv_add_bool(&r, true);
	csv_add_bool(&r, false);
	csv_end(&r);
	/* Numbers are numbers, even to Excel: never guarded. */
	assert_string_equal(r.data.data, "42,-7,5.31,0,true,false\r\n");
	csv_reset(&r);
	assert_int_equal(r.data.len, 0);
	assert_int_equal(r.nfields, 0);
	assert_true(r.guard_formulas);
	csv_release(&r);
}

/*
 * Read one record of s (RFC 4180, strictly: a quote inside an unquoted
 * field or anything after a closing quote is an error) into fields.
 * Returns the count, or -1.
 */
static int
read_record(const char *s, struct buf *fields, size_t max)
{
	size_t n = 0;

	for (;;) {
		if (n == max) {
			return -1;
		}
		buf_reset(&fields[n]);
		if (*s == '"') {
			for (s++;; s++) {
				if (*s == '\0') {
					return -1;
				}
				if (*s == '"' && s[1] == '"') {
					buf_addc(&fields[n], *s++);
				} else if (*s == '"') {
					s++;
					break;
				} else {
					buf_addc(&fields[n], *s);
				}
			}
		} else {
			for (; *s != ',' && *s != '\r' && *s != '\0'; s++) {
				if (*s == '"' || *s == '\n') {
					return -1;
				}
				buf_addc(&fields[n], *s);
			}
		}
		n++;
		if (*s == ',') {
			s++;
			continue;
		}
		return strcmp(s, "\r\n") == 0 ? (int)n : -1;
	}
}

static void
test_round_trip(void **state)
{
	static const char *const pool[] = {
		"a", "Z", " ", ",", "\"", "\r", "\n", "\t", "ộ", "đ", "=",
		"+", "'", "😀", ";",
	};
	struct buf want[NFIELDS_MAX], got[NFIELDS_MAX];
	struct csv_record r;
	size_t round, n, k, len, j;

	(void)state;
	srandom((unsigned)test_seed);
	csv_init(&r);
	for (k = 0; k < NFIELDS_MAX; k++) {
		buf_init(&want[k]);
		buf_init(&got[k]);
	}
	for (round = 0; round < 20000; round++) {
		csv_reset(&r);
		n = 1 + (size_t)random() % NFIELDS_MAX;
		for (k = 0; k < n; k++) {
			buf_reset(&want[k]);
			len = (size_t)random() % 6;
			for (j = 0; j < len; j++) {
				buf_adds(&want[k], pool[(size_t)random() %
				    (sizeof(pool) / sizeof(pool[0]))]);
			}
			csv_add(&r, want[k].data);
		}
		csv_end(&r);
		if (read_record(r.data.data, got, NFIELDS_MAX) != (int)n) {
			fail_msg("round %zu: record '%s' does not read back as "
			    "%zu fields", round, r.data.data, n);
		}
		for (k = 0; k < n; k++) {
			if (strcmp(got[k].data, want[k].data) != 0) {
				fail_msg("round %zu field %zu: got '%s', want "
				    "'%s'", round, k, got[k].data,
				    want[k].data);
			}
		}
	}
	for (k = 0; k < NFIELDS_MAX; k++) {
		buf_release(&want[k]);
		buf_release(&got[k]);
	}
	csv_release(&r);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_round_trip),
	};
	int ch;

	test_seed = (unsigned long)time(NULL);
	while ((ch = getopt(argc, argv, "s:")) != -1) {
		if (ch != 's') {
			fprintf(stderr, "usage: test_csv [-s seed]\n");
			return 2;
		}
		test_seed = strtoul(optarg, NULL, 10);
	}
	printf("test_csv: seed %lu (again: -s %lu)\n", test_seed, test_seed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
