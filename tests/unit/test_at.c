/*
 * Unit tests of at: AT transcripts in, events out. Each event is written as
 * one line of text so that a case reads like what the modem did:
 *   R OK [line|line]     a response with its final result and lines
 *   R CME 10 []          a +CME ERROR with its code (-1: none)
 *   P                    the "> " prompt
 *   U +CMTI: "SM",3      a URC (with "| pdu" for +CMT and +CDS)
 *   ? text               a line nobody waited for
 *   L 1                  an overlong line discarded (count)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "at.h"
#include "buf.h"

static const char *const final_names[] = { "OK", "ERROR", "CME", "CMS", "TIMEOUT" };

static void
record(void *arg, const struct at_event *ev)
{
	struct buf *log = arg;
	size_t i;

	switch (ev->type) {
	case AT_EV_RESPONSE:
		buf_addf(log, "R %s", final_names[ev->final]);
		if (ev->final == AT_FINAL_CME || ev->final == AT_FINAL_CMS) {
			buf_addf(log, " %d", ev->code);
		}
		buf_adds(log, " [");
		for (i = 0; i < ev->nlines; i++) {
			buf_addf(log, "%s%s", i > 0 ? "|" : "", ev->lines[i]);
		}
		buf_adds(log, "]\n");
		break;
	case AT_EV_PROMPT:
		buf_adds(log, "P\n");
		break;
	case AT_EV_URC:
		buf_addf(log, "U %s%s%s\n", ev->line, ev->pdu ? " | " : "",
		    ev->pdu ? ev->pdu : "");
		break;
	case AT_EV_UNKNOWN:
		buf_addf(log, "? %s\n", ev->line);
		break;
	case AT_EV_OVERLONG:
		buf_addf(log, "L %zu\n", ev->overlong);
		break;
	}
}

/* One exchange: the command begun (NULL: none), what the modem sent, and
 * the events expected. */
static const struct {
	const char *name;
	const char *cmd;
	int flags;
	const char *input;
	const char *want;
} cases[] = {
	{ "plain OK", "AT", 0, "\r\nOK\r\n", "R OK []\n" },
	{ "echo dropped", "AT+CMEE=1", 0, "AT+CMEE=1\r\r\nOK\r\n",
	    "R OK []\n" },
	{ "ERROR", "AT+FOO", 0, "\r\nERROR\r\n", "R ERROR []\n" },
	{ "CME with code", "AT+CPIN?", 0, "\r\n+CME ERROR: 10\r\n",
	    "R CME 10 []\n" },
	{ "CME without code", "AT+CPIN?", 0, "\r\n+CME ERROR:\r\n",
	    "R CME -1 []\n" },
	{ "CME verbose", "AT+CPIN?", 0, "\r\n+CME ERROR: SIM not inserted\r\n",
	    "R CME -1 []\n" },
	{ "CMS with code", "AT+CMGS=23", 0, "\r\n+CMS ERROR: 500\r\n",
	    "R CMS 500 []\n" },
	{ "numeric OK (ATV0)", "AT", 0, "0\r", "R OK []\n" },
	{ "response lines", "AT+CSQ", 0, "\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
	    "R OK [+CSQ: 20,99]\n" },
	/* Quectel EC25 sends +CMTI between the lines of a listing. */
	{ "URC inside a response", "AT+CMGL=4", 0,
	    "\r\n+CMGL: 1,0,,24\r\n0791AA\r\n+CMTI: \"SM\",2\r\n"
	    "+CMGL: 2,0,,24\r\n0791BB\r\n\r\nOK\r\n",
	    "U +CMTI: \"SM\",2\nR OK [+CMGL: 1,0,,24|0791AA|+CMGL: 2,0,,24|0791BB]\n" },
	{ "CPIN answer is not a URC", "AT+CPIN?", 0,
	    "\r\n+CPIN: READY\r\n\r\nOK\r\n", "R OK [+CPIN: READY]\n" },
	{ "CPIN when idle is a URC", NULL, 0, "\r\n+CPIN: READY\r\n",
	    "U +CPIN: READY\n" },
	{ "Huawei URCs while idle", NULL, 0,
	    "\r\n^RSSI: 17\r\n\r\n^BOOT: 1,0,0,4\r\n\r\n^MODE: 5,4\r\n",
	    "U ^RSSI: 17\nU ^BOOT: 1,0,0,4\nU ^MODE: 5,4\n" },
	{ "SIMCom start-up", NULL, 0, "RDY\r\n\r\nCall Ready\r\n\r\nSMS Ready\r\n",
	    "U RDY\nU Call Ready\nU SMS Ready\n" },
	{ "+CMT with its PDU", NULL, 0, "\r\n+CMT: ,24\r\n0791AABB\r\n",
	    "U +CMT: ,24 | 0791AABB\n" },
	{ "+CDS with its PDU", NULL, 0, "\r\n+CDS: 25\r\n0791CCDD\r\n",
	    "U +CDS: 25 | 0791CCDD\n" },
	{ "+CMT without its PDU", "AT+CSQ", 0,
	    "\r\n+CMT: ,24\r\nOK\r\n", "U +CMT: ,24\nR OK []\n" },
	{ "SIMCom time URC in a listing", "AT+CMGL=4", 0,
	    "\r\n+CMGL: 1,0,,24\r\n*PSUTTZ: 2026,11,29,1,2,3,\"+28\",0\r\n"
	    "DST: 0\r\n0791AA\r\nOK\r\n",
	    "U *PSUTTZ: 2026,11,29,1,2,3,\"+28\",0\nU DST: 0\n"
	    "R OK [+CMGL: 1,0,,24|0791AA]\n" },
	{ "stray line when idle", NULL, 0, "\r\nhello\r\n", "? hello\n" },
	{ "stray OK when idle", NULL, 0, "\r\nOK\r\n", "? OK\n" },
	{ "prompt with space", "AT+CMGS=23", AT_EXPECT_PROMPT, "\r\n> ", "P\n" },
	{ "prompt without space", "AT+CMGS=23", AT_EXPECT_PROMPT, "\r\n>", "P\n" },
	{ "prompt then result", "AT+CMGS=23", AT_EXPECT_PROMPT,
	    "\r\n> \r\n+CMGS: 7\r\n\r\nOK\r\n", "P\nR OK [+CMGS: 7]\n" },
	{ "no prompt unless asked", "AT+CSQ", 0, "\r\n> x\r\nOK\r\n",
	    "R OK [> x]\n" },
	{ "CR only", "AT+CSQ", 0, "\r+CSQ: 5,99\r\rOK\r", "R OK [+CSQ: 5,99]\n" },
	{ "LF only", "AT+CSQ", 0, "\n+CSQ: 5,99\n\nOK\n", "R OK [+CSQ: 5,99]\n" },
	{ "trailing spaces", "AT", 0, "\r\nOK  \r\n", "R OK []\n" },
	{ "NUL bytes ignored", "AT", 0, "\r\nO\0K\r\n", "R OK []\n" },
	{ "dial result is final", "ATD123;", 0, "\r\nNO CARRIER\r\n",
	    "R ERROR []\n" },
	{ "ZTE unsupported", "AT+ZFOO", 0, "\r\nCOMMAND NOT SUPPORT\r\n",
	    "R ERROR []\n" },
};

static void
run_case(size_t i, size_t chunk)
{
	struct buf log;
	struct at *a;
	size_t len, off, n;

	buf_init(&log);
	a = at_new(record, &log);
	if (cases[i].cmd != NULL) {
		at_begin(a, cases[i].cmd, cases[i].flags, 1000);
	}
	/* Lengths include the NUL byte of the one case that has one. */
	len = strlen(cases[i].input);
	if (strcmp(cases[i].name, "NUL bytes ignored") == 0) {
		len = 7;	/* "\r\nO\0K\r\n" */
	}
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		at_feed(a, cases[i].input + off, n);
	}
	if (strcmp(log.data, cases[i].want) != 0) {
		fail_msg("case '%s' (chunks of %zu): got\n%s\nwant\n%s",
		    cases[i].name, chunk, log.data, cases[i].want);
	}
	at_free(a);
	buf_release(&log);
}

/* Whole, byte by byte and in threes: framing must not depend on reads. */
static void
test_transcripts(void **state)
{
	static const size_t chunks[] = { 4096, 1, 3 };
	size_t i, c;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
			run_case(i, chunks[c]);
		}
	}
}

static void
test_sms_header(void **state)
{
	static const struct {
		const char *line;
		int ok, index, stat, length;
	} headers[] = {
		{ "+CMGL: 3,0,,24", 1, 3, 0, 24 },
		{ "+CMGL: 12,1,\"Lan, xom 3\",152", 1, 12, 1, 152 },
		{ "+CMGL: 4,2,24", 1, 4, 2, 24 },	/* <alpha> left out */
		{ "+CMGR: 0,,24", 1, -1, 0, 24 },
		{ "+CMGR: 1,\"\",30", 1, -1, 1, 30 },
		{ "+CMGR:0,,7", 1, -1, 0, 7 },
		{ "+CMGL: 3,0,,", 0, 0, 0, 0 },
		{ "+CMGL: 3", 0, 0, 0, 0 },
		{ "+CMGL: x,0,,24", 0, 0, 0, 0 },
		{ "+CMGL: 3,0,,24x", 0, 0, 0, 0 },
		{ "+CMGL: 3,0,,99999", 0, 0, 0, 0 },
		{ "+CMGR: ,,24", 0, 0, 0, 0 },
		{ "+CMTI: \"SM\",3", 0, 0, 0, 0 },
		{ "0791AA", 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0 },
	};
	struct at_sms_header h;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		rc = at_parse_sms_header(headers[i].line, &h);
		if ((rc == 0) != headers[i].ok || (rc == 0 &&
		    (h.index != headers[i].index || h.stat != headers[i].stat ||
		    h.length != headers[i].length))) {
			fail_msg("case '%s': rc %d index %d stat %d length %d",
			    headers[i].line, rc, h.index, h.stat, h.length);
		}
	}
}

static void
test_split(void **state)
{
	static const struct {
		const char *line;
		const char *prefix;
		int n;
		const char *joined;	/* the fields joined by '|' */
	} splits[] = {
		{ "+CSQ: 20,99", "+CSQ:", 2, "20|99" },
		{ "+CREG: 2,1,\"1A2B\",\"01C2\",7", "+CREG:", 5,
		    "2|1|1A2B|01C2|7" },
		{ "+COPS: 0,0,\"Viettel, VN\",7", "+COPS:", 4,
		    "0|0|Viettel, VN|7" },
		{ "+COPS: 0", "+COPS:", 1, "0" },
		{ "+CPMS: \"SM\",3,30,\"SM\",3,30,\"SM\",3,30", "+CPMS:", 9,
		    "SM|3|30|SM|3|30|SM|3|30" },
		{ "+CNMI:2,1,0,2,0", "+CNMI:", 5, "2|1|0|2|0" },
		{ "+CSQ:", "+CSQ:", 0, "" },
		{ "+CSQ: ,", "+CSQ:", 2, "|" },
		{ "+CSQ: 20,99", "+CREG:", -1, "" },
		{ "+CPMS: \"unterminated,3", "+CPMS:", 1, "unterminated,3" },
	};
	struct at_fields f;
	char joined[512];
	int i, n, k;

	(void)state;
	for (i = 0; i < (int)(sizeof(splits) / sizeof(splits[0])); i++) {
		n = at_split(splits[i].line, splits[i].prefix, &f);
		joined[0] = '\0';
		for (k = 0; k < n; k++) {
			snprintf(joined + strlen(joined),
			    sizeof(joined) - strlen(joined), "%s%s",
			    k > 0 ? "|" : "", f.text[k]);
		}
		if (n != splits[i].n || strcmp(joined, splits[i].joined) != 0) {
			fail_msg("'%s': %d fields '%s'", splits[i].line, n,
			    joined);
		}
	}
	/* Numbers, and what is not one. */
	assert_int_equal(at_split("+CSQ: 20, 99,x,70000,", "+CSQ:", &f), 5);
	assert_int_equal(at_field_int(&f, 0, &n), 0);
	assert_int_equal(n, 20);
	assert_int_equal(at_field_int(&f, 1, &n), 0);
	assert_int_equal(n, 99);
	assert_int_equal(at_field_int(&f, 2, &n), -1);
	assert_int_equal(at_field_int(&f, 3, &n), -1);
	assert_int_equal(at_field_int(&f, 4, &n), -1);
	assert_int_equal(at_field_int(&f, 5, &n), -1);
	assert_int_equal(at_field_int(&f, -1, &n), -1);
	/* Too many fields, too long a field: cut, never overrun. */
	assert_int_equal(at_split("+X: 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,"
	    "17,18", "+X:", &f), AT_FIELDS_MAX);
	memset(joined, 'a', 300);
	joined[300] = '\0';
	assert_int_equal(at_split(joined, "", &f), 1);
	assert_int_equal(strlen(f.text[0]), AT_FIELD_MAX - 1);
}

static void
test_cms_permanent(void **state)
{
	static const struct {
		int code;
		bool permanent;
	} codes[] = {
		{ 1, true }, { 21, true }, { 30, true }, { 304, true },
		{ 38, false }, { 41, false }, { 42, false }, { 331, false },
		{ 332, false }, { 500, false }, { 512, false }, { -1, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (at_cms_permanent(codes[i].code) != codes[i].permanent) {
			fail_msg("+CMS ERROR %d", codes[i].code);
		}
	}
}

/* Records like record, and resets the parser after a response, as a
 * disconnect in the modem driver does. */
struct resetting {
	struct at	*a;
	struct buf	 log;
};

static void
record_and_reset(void *arg, const struct at_event *ev)
{
	struct resetting *r = arg;

	record(&r->log, ev);
	if (ev->type == AT_EV_RESPONSE) {
		at_reset(r->a);
	}
}

static void
test_reset_inside_feed(void **state)
{
	static const char input[] = "\r\nOK\r\n+CMT: ,24\r\n";
	struct resetting r;

	(void)state;
	buf_init(&r.log);
	r.a = at_new(record_and_reset, &r);
	at_begin(r.a, "AT", 0, 1000);
	/* The +CMT after the reset belonged to the old connection. */
	at_feed(r.a, input, sizeof(input) - 1);
	at_feed(r.a, "0791AA\r\n", 8);
	assert_string_equal(r.log.data, "R OK []\n? 0791AA\n");
	at_free(r.a);
	buf_release(&r.log);
}

static void
test_overlong(void **state)
{
	struct buf log, in;
	struct at *a;
	size_t i;

	(void)state;
	buf_init(&log);
	buf_init(&in);
	a = at_new(record, &log);
	at_begin(a, "AT+CSQ", 0, 1000);
	for (i = 0; i < AT_LINE_MAX + 10; i++) {
		buf_addc(&in, 'x');
	}
	buf_adds(&in, "\r\n+CSQ: 9,99\r\n");
	for (i = 0; i < 3 * AT_LINE_MAX; i++) {
		buf_addc(&in, 'y');
	}
	buf_adds(&in, "\r\nOK\r\n");
	at_feed(a, in.data, in.len);
	assert_string_equal(log.data, "L 1\nL 2\nR OK [+CSQ: 9,99]\n");
	/* A line of exactly AT_LINE_MAX bytes is kept. */
	buf_reset(&log);
	buf_reset(&in);
	at_begin(a, "AT+X", 0, 1000);
	for (i = 0; i < AT_LINE_MAX; i++) {
		buf_addc(&in, 'z');
	}
	buf_adds(&in, "\r\nOK\r\n");
	at_feed(a, in.data, in.len);
	assert_int_equal(log.len, strlen("R OK []\n") + AT_LINE_MAX);
	at_free(a);
	buf_release(&log);
	buf_release(&in);
}

static void
test_timeout(void **state)
{
	struct buf log;
	struct at *a;

	(void)state;
	buf_init(&log);
	a = at_new(record, &log);
	assert_int_equal(at_check_timeout(a, 5000), 0);
	at_begin(a, "AT+CMGL=4", 0, 1000);
	assert_true(at_busy(a));
	assert_int_equal(at_deadline(a), 1000);
	at_feed(a, "\r\n+CMGL: 1,0,,24\r\n", 18);
	assert_int_equal(at_check_timeout(a, 999), 1000);
	assert_string_equal(log.data, "");
	assert_int_equal(at_check_timeout(a, 1000), 0);
	assert_string_equal(log.data, "R TIMEOUT [+CMGL: 1,0,,24]\n");
	assert_false(at_busy(a));
	/* A late OK belongs to nobody. */
	at_feed(a, "\r\nOK\r\n", 6);
	assert_string_equal(log.data, "R TIMEOUT [+CMGL: 1,0,,24]\n? OK\n");
	at_free(a);
	buf_release(&log);
}

static void
test_reset(void **state)
{
	struct buf log;
	struct at *a;

	(void)state;
	buf_init(&log);
	a = at_new(record, &log);
	at_begin(a, "AT", 0, 1000);
	at_feed(a, "\r\n+CMT: ,2", 10);
	at_reset(a);
	assert_false(at_busy(a));
	/* The partial line is gone: this is a fresh line. */
	at_feed(a, "4\r\nRING\r\n", 9);
	assert_string_equal(log.data, "? 4\nU RING\n");
	at_free(a);
	buf_release(&log);
}

static unsigned seed;	/* of test_garbage; -s SEED repeats a run */

/* Every event is well formed, whatever the bytes were. */
static void
check_event(void *arg, const struct at_event *ev)
{
	size_t *events = arg, i;

	(*events)++;
	switch (ev->type) {
	case AT_EV_RESPONSE:
		assert_true(ev->final <= AT_FINAL_TIMEOUT);
		assert_true(ev->nlines <= AT_RESPONSE_LINES_MAX);
		assert_true(ev->code >= -1 && ev->code <= 65535);
		for (i = 0; i < ev->nlines; i++) {
			assert_true(strlen(ev->lines[i]) <= AT_LINE_MAX);
			assert_null(strpbrk(ev->lines[i], "\r\n"));
		}
		break;
	case AT_EV_URC:
	case AT_EV_UNKNOWN:
		assert_non_null(ev->line);
		assert_true(ev->line[0] != '\0');
		assert_true(strlen(ev->line) <= AT_LINE_MAX);
		assert_null(strpbrk(ev->line, "\r\n"));
		if (ev->pdu != NULL) {
			assert_true(strspn(ev->pdu, "0123456789ABCDEFabcdef") ==
			    strlen(ev->pdu));
		}
		break;
	case AT_EV_PROMPT:
	case AT_EV_OVERLONG:
		break;
	default:
		fail_msg("event type %d", ev->type);
	}
}

/* Random bytes never crash it and every event it reports is well formed. */
static void
test_garbage(void **state)
{
	char bytes[512];
	size_t events = 0, i;
	struct at *a;
	int round;

	(void)state;
	print_message("test_at: seed %u (replay with -s %u)\n", seed, seed);
	srand(seed);
	a = at_new(check_event, &events);
	for (round = 0; round < 2000; round++) {
		if (!at_busy(a)) {
			at_begin(a, round % 2 ? "AT+CMGS=9" : "AT+CMGL=4",
			    round % 2 ? AT_EXPECT_PROMPT : 0, round);
		}
		for (i = 0; i < sizeof(bytes); i++) {
			/* Mostly line ends and protocol characters. */
			switch (rand() % 8) {
			case 0:
				bytes[i] = '\r';
				break;
			case 1:
				bytes[i] = '\n';
				break;
			case 2:
				bytes[i] = "OK>+ERROR:,0123"[rand() % 15];
				break;
			default:
				bytes[i] = (char)(rand() % 256);
				break;
			}
		}
		at_feed(a, bytes, (size_t)(rand() % (int)sizeof(bytes)));
		at_check_timeout(a, round);
	}
	/* Thousands of lines went in: the parser must have reported some. */
	assert_true(events > 1000);
	at_free(a);
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transcripts),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_reset_inside_feed),
		cmocka_unit_test(test_sms_header),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_cms_permanent),
		cmocka_unit_test(test_garbage),
	};

	seed = (unsigned)time(NULL);
	if (argc == 3 && strcmp(argv[1], "-s") == 0) {
		seed = (unsigned)strtoul(argv[2], NULL, 10);
	}
	return cmocka_run_group_tests_name("at", tests, NULL, NULL);
}
