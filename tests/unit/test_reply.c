/*
 * Unit tests of reply: templates, tickets, whom not to answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "reply.h"

static void
test_check_template(void **state)
{
	static const struct {
		const char *tmpl;
		int ok;
		const char *err;	/* part of the message when not ok */
	} cases[] = {
		{ "Ma so {ticket}", 1, NULL },
		{ "{unit}: {topic}, {date}, {ticket}", 1, NULL },
		{ "no placeholder", 1, NULL },
		{ "", 1, NULL },
		{ "literal {{braces}}", 1, NULL },
		{ "Ma so {tiket}", 0, "unknown placeholder '{tiket}'" },
		{ "Ma so {ticket", 0, "unclosed placeholder" },
		{ "Ma so ticket}", 0, "unmatched '}'" },
		{ "{}", 0, "unknown placeholder '{}'" },
		{ "{TICKET}", 0, "unknown placeholder" },
		/* Known, but not in an acknowledgement. */
		{ "{status} {ticket}", 0, "no placeholder '{status}' here" },
		{ "Tu {sender}: {text}", 0, "no placeholder '{sender}'" },
	};
	char err[128];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		rc = reply_check_template(cases[i].tmpl, REPLY_VARS_TICKET, err,
		    sizeof(err));
		if ((rc == 0) != cases[i].ok) {
			fail_msg("case %zu '%s': rc %d, err '%s'", i,
			    cases[i].tmpl, rc, err);
		}
		if (!cases[i].ok && strstr(err, cases[i].err) == NULL) {
			fail_msg("case %zu '%s': error '%s' lacks '%s'", i,
			    cases[i].tmpl, err, cases[i].err);
		}
	}
}

static void
test_expand(void **state)
{
	static const struct {
		const char *tmpl;
		const char *want;
	} cases[] = {
		{ "{unit} da nhan. Ma so: {ticket}.",
		    "CA xa Thach Ha da nhan. Ma so: 0042-7." },
		{ "{topic} {date}", "Trộm cắp tài sản 29/11/2026" },
		{ "{{ticket}}", "{ticket}" },
		{ "a}}b{{c", "a}b{c" },
		{ "{ticket}{ticket}", "0042-70042-7" },
		{ "", "" },
	};
	struct reply_vars v = {
		"0042-7", "Trộm cắp tài sản", "CA xa Thach Ha", "29/11/2026", NULL,
		NULL, NULL,
	};
	struct buf out;
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&out);
		reply_expand(cases[i].tmpl, &v, &out);
		if (strcmp(out.data, cases[i].want) != 0) {
			fail_msg("case %zu: '%s' expands to '%s', want '%s'",
			    i, cases[i].tmpl, out.data, cases[i].want);
		}
	}
	/* A missing value expands to nothing. */
	v.unit = NULL;
	buf_reset(&out);
	reply_expand("[{unit}]", &v, &out);
	assert_string_equal(out.data, "[]");
	buf_release(&out);
}

static void
test_ticket_known(void **state)
{
	char t[REPLY_TICKET_MAX];

	(void)state;
	/* Damm's own example: 572 has check digit 4; leading zeros add nothing. */
	reply_ticket(572, t);
	assert_string_equal(t, "0572-4");
	reply_ticket(1, t);
	assert_int_equal(strlen(t), 6);
	assert_memory_equal(t, "0001-", 5);
	reply_ticket(123456, t);
	assert_memory_equal(t, "123456-", 7);
	assert_int_equal(reply_ticket_parse("0572-4"), 572);
	assert_int_equal(reply_ticket_parse("05724"), 572);
	assert_int_equal(reply_ticket_parse(" 0572 4 "), 572);
	assert_int_equal(reply_ticket_parse("0572.4"), 572);
	assert_int_equal(reply_ticket_parse("572-4"), 572);
}

static void
test_ticket_rejects(void **state)
{
	static const char *const bad[] = {
		"", "-", "4", "0572-5", "0572-x", "abc", "0572-44",
		"99999999999999999999-1", "0000-0",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (reply_ticket_parse(bad[i]) != -1) {
			fail_msg("'%s' parsed as a ticket", bad[i]);
		}
	}
}

/* Every id round-trips; every single-digit slip and neighbour swap is caught. */
static void
test_ticket_errors_detected(void **state)
{
	char t[REPLY_TICKET_MAX], m[REPLY_TICKET_MAX], tmp;
	int64_t id;
	size_t pos, len;
	int d;

	(void)state;
	for (id = 1; id <= 20000; id += 7) {
		reply_ticket(id, t);
		assert_int_equal(reply_ticket_parse(t), id);
		len = strlen(t);
		for (pos = 0; pos < len; pos++) {
			if (t[pos] == '-') {
				continue;
			}
			for (d = '0'; d <= '9'; d++) {
				if (d == t[pos]) {
					continue;
				}
				memcpy(m, t, len + 1);
				m[pos] = (char)d;
				if (reply_ticket_parse(m) != -1) {
					fail_msg("'%s' (from %s) accepted", m, t);
				}
			}
		}
		/* Swaps of adjacent digits, ignoring the separator. */
		for (pos = 0; pos + 1 < len; pos++) {
			memcpy(m, t, len + 1);
			if (m[pos] == '-' || m[pos + 1] == '-' ||
			    m[pos] == m[pos + 1]) {
				continue;
			}
			tmp = m[pos];
			m[pos] = m[pos + 1];
			m[pos + 1] = tmp;
			if (reply_ticket_parse(m) != -1) {
				fail_msg("swap '%s' (from %s) accepted", m, t);
			}
		}
	}
}

static void
test_may_answer(void **state)
{
	static const struct {
		enum pdu_ton ton;
		const char *text;
		bool want;
	} cases[] = {
		{ PDU_TON_INTERNATIONAL, "+84912345678", true },
		{ PDU_TON_NATIONAL, "0912345678", true },
		{ PDU_TON_ALPHANUMERIC, "Viettel", false },
		{ PDU_TON_ALPHANUMERIC, "MobiFone", false },
		{ PDU_TON_UNKNOWN, "", false },
		/* Carrier short codes: fewer digits than the minimum, 6. */
		{ PDU_TON_NATIONAL, "191", false },
		{ PDU_TON_UNKNOWN, "9029", false },
		{ PDU_TON_NATIONAL, "19001234", true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (reply_may_answer(cases[i].text, cases[i].ton, 6) !=
		    cases[i].want) {
			fail_msg("case %zu '%s': want %d", i, cases[i].text,
			    cases[i].want);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_template),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_ticket_known),
		cmocka_unit_test(test_ticket_rejects),
		cmocka_unit_test(test_ticket_errors_detected),
		cmocka_unit_test(test_may_answer),
	};

	return cmocka_run_group_tests_name("reply", tests, NULL, NULL);
}
