/*
 * Unit tests of ingest: real PDUs (made by pdu_encode_deliver, which
 * test_pdu pins to captured bytes) into a real SQLite file, with a real
 * configuration and classifier.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "buf.h"
#include "classify.h"
#include "conf.h"
#include "ingest.h"
#include "pdu.h"
#include "store.h"

#define NOW	1764380000	/* 2025-11-29 01:33:20 UTC */

static const char conf_text[] =
    "modem = { device = \"tcp:127.0.0.1:9\"; };\n"
    "database = { path = \"unused\"; };\n"
    "reply = {\n"
    "  unit = \"CA xa Thach Ha\";\n"
    "  template = \"{unit} da nhan, ma so {ticket}\";\n"
    "};\n"
    "topics = (\n"
    "  { id = \"trom_cap\"; name = \"Trộm cắp\"; keywords = ( \"trộm\" ); },\n"
    "  { id = \"co_bac\"; name = \"Cờ bạc\"; keywords = ( \"lô đề\" );\n"
    "    reply = \"Ma so {ticket}: {topic}\"; },\n"
    "  { id = \"khac\"; name = \"Khác\"; fallback = true; }\n"
    ");\n";

struct fixture {
	char		 dir[64];
	char		 db[128];
	char		 conf[128];
	struct gopy_conf c;
	struct store	*s;
	struct classifier *cl;
	struct ingest	 in;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[512];
	struct buf errs;
	FILE *fp;

	snprintf(f->dir, sizeof(f->dir), "/tmp/gopy-test-ingest.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		return -1;
	}
	snprintf(f->db, sizeof(f->db), "%s/gopy.db", f->dir);
	snprintf(f->conf, sizeof(f->conf), "%s/gopy.conf", f->dir);
	fp = fopen(f->conf, "w");
	fputs(conf_text, fp);
	fclose(fp);
	buf_init(&errs);
	if (conf_load(&f->c, f->conf, &errs) == -1) {
		print_error("%s", errs.data);
		return -1;
	}
	buf_release(&errs);
	f->s = store_open(f->db, STORE_READ_WRITE, 100, err, sizeof(err));
	if (f->s == NULL) {
		print_error("%s\n", err);
		return -1;
	}
	f->cl = classify_new(f->c.topics, f->c.ntopics, f->c.fallback,
	    f->c.abbrevs, f->c.nabbrevs);
	f->in.store = f->s;
	f->in.conf = &f->c;
	f->in.classifier = f->cl;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	classify_free(f->cl);
	store_close(f->s);
	conf_release(&f->c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0) {
		return -1;
	}
	free(f);
	return 0;
}

/* An SMS-DELIVER from sender as hex, the way AT+CMGL shows it. */
static void
deliver_hex(const char *sender, enum pdu_coding coding, const char *text,
    struct buf *hex)
{
	uint8_t pdu[PDU_MAX_BYTES];
	char err[128];
	int n;

	n = pdu_encode_deliver("+84980200030", sender, coding, text,
	    strlen(text), NOW - 60, 420, pdu, sizeof(pdu), err, sizeof(err));
	if (n < 0) {
		fail_msg("encode deliver: %s", err);
	}
	buf_reset(hex);
	pdu_to_hex(pdu, (size_t)n, hex);
}

struct replies {
	int	n;
	char	to[32];
	char	text[256];
	char	state[16];
};

static int
one_reply(void *arg, const struct store_outbox *o)
{
	struct replies *r = arg;

	r->n++;
	snprintf(r->to, sizeof(r->to), "%s", o->recipient);
	snprintf(r->text, sizeof(r->text), "%s", o->text);
	snprintf(r->state, sizeof(r->state), "%s", o->state);
	return 0;
}

static void
test_stored_and_acknowledged(void **state)
{
	struct fixture *f = *state;
	struct ingest_report rep;
	struct store_message m;
	struct replies r;
	struct buf hex;
	char want[128];

	buf_init(&hex);
	deliver_hex("0912345678", PDU_CODING_UCS2, "Nhà tôi bị trộm bò", &hex);
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW, &rep),
	    INGEST_STORED);
	assert_true(rep.id > 0);
	assert_string_equal(rep.topic, "trom_cap");
	assert_string_equal(rep.sender, "+84912345678");
	assert_true(rep.ack_id > 0);
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_string_equal(m.text, "Nhà tôi bị trộm bò");
	assert_string_equal(m.sender, "+84912345678");
	assert_string_equal(m.sender_type, "national");
	assert_string_equal(m.ticket, rep.ticket);
	assert_string_equal(m.topic, "trom_cap");
	assert_string_equal(m.keywords, "trộm");
	assert_int_equal(m.received_at, NOW - 60);
	assert_int_equal(m.received_tz, 420);
	assert_int_equal(m.stored_at, NOW);
	assert_string_equal(m.raw_pdu, hex.data);
	assert_null(m.error);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_list_replies(f->s, rep.id, one_reply, &r), 1);
	assert_string_equal(r.to, "+84912345678");
	snprintf(want, sizeof(want), "CA xa Thach Ha da nhan, ma so %s",
	    rep.ticket);
	assert_string_equal(r.text, want);
	assert_string_equal(r.state, "queued");
	store_message_release(&m);
	buf_release(&hex);
}

static void
test_topic_template(void **state)
{
	struct fixture *f = *state;
	struct ingest_report rep;
	struct replies r;
	struct buf hex;
	char want[128];

	buf_init(&hex);
	deliver_hex("+84987654321", PDU_CODING_GSM7, "Xom 5 ghi LO DE", &hex);
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW, &rep),
	    INGEST_STORED);
	assert_string_equal(rep.topic, "co_bac");
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_list_replies(f->s, rep.id, one_reply, &r), 1);
	snprintf(want, sizeof(want), "Ma so %s: Cờ bạc", rep.ticket);
	assert_string_equal(r.text, want);
	buf_release(&hex);
}

static int
count_one(void *arg, const struct store_message *m)
{
	(void)arg;
	(void)m;
	return 0;
}

/* Read again after a crash between COMMIT and AT+CMGD: only deleted. */
static void
test_duplicate(void **state)
{
	struct fixture *f = *state;
	struct ingest_report rep;
	struct store_filter fl;
	struct buf hex, other;
	size_t i;
	/* +84980200130, a different SMSC of the same length. */
	uint8_t sca[] = { 0x07, 0x91, 0x48, 0x89, 0x20, 0x10, 0x30, 0xf0 };

	buf_init(&hex);
	buf_init(&other);
	deliver_hex("+84912345678", PDU_CODING_GSM7, "trom ga", &hex);
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW, &rep),
	    INGEST_STORED);
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW + 5, &rep),
	    INGEST_DUPLICATE);
	assert_int_equal(rep.id, 0);
	/* Lower-case hex and another SMSC address: the same TPDU. */
	pdu_to_hex(sca, sizeof(sca), &other);
	buf_adds(&other, hex.data + 16);
	for (i = 0; i < other.len; i++) {
		other.data[i] = (char)(other.data[i] >= 'A' &&
		    other.data[i] <= 'F' ? other.data[i] + 32 : other.data[i]);
	}
	assert_int_equal(ingest_pdu(&f->in, other.data, other.len, NOW, &rep),
	    INGEST_DUPLICATE);
	memset(&fl, 0, sizeof(fl));
	assert_int_equal(store_list(f->s, &fl, count_one, NULL), 1);
	buf_release(&hex);
	buf_release(&other);
}

static void
test_alphanumeric_not_answered(void **state)
{
	struct fixture *f = *state;
	struct ingest_report rep;
	struct store_message m;
	struct buf hex;

	buf_init(&hex);
	deliver_hex("Viettel", PDU_CODING_GSM7, "Khuyen mai 50% the nap", &hex);
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW, &rep),
	    INGEST_STORED);
	assert_int_equal(rep.ack_id, 0);
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_string_equal(m.sender, "Viettel");
	assert_string_equal(m.sender_type, "alphanumeric");
	assert_string_equal(m.topic, "khac");
	store_message_release(&m);
	buf_release(&hex);
}

static void
test_undecodable_stored_raw(void **state)
{
	static const struct {
		const char *name;
		const char *hex;
		const char *raw;	/* as stored */
	} cases[] = {
		/* An SMS-DELIVER cut inside its user data. */
		{ "truncated", "07914889200030F0040B914819325476F8000852",
		    "07914889200030F0040B914819325476F8000852" },
		{ "odd hex", "0791ABC", "0791ABC" },
		{ "not hex", "hello", "hello" },
		{ "invalid UTF-8", "\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd" },
	};
	struct fixture *f = *state;
	struct ingest_report rep;
	struct store_message m;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ingest_pdu(&f->in, cases[i].hex, strlen(cases[i].hex), NOW,
		    &rep) != INGEST_UNDECODABLE) {
			fail_msg("case %s: not stored as undecodable",
			    cases[i].name);
		}
		assert_true(rep.error[0] != '\0');
		assert_int_equal(rep.ack_id, 0);
		assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
		if (strcmp(m.raw_pdu, cases[i].raw) != 0 || m.error == NULL ||
		    strcmp(m.error, rep.error) != 0) {
			fail_msg("case %s: raw '%s' error '%s'", cases[i].name,
			    m.raw_pdu, m.error ? m.error : "(null)");
		}
		store_message_release(&m);
		/* Seen again: not stored twice. */
		assert_int_equal(ingest_pdu(&f->in, cases[i].hex,
		    strlen(cases[i].hex), NOW, &rep), INGEST_DUPLICATE);
	}
}

/* The database is locked by another process: nothing stored, SIM kept. */
static void
test_store_failure_keeps_sms(void **state)
{
	struct fixture *f = *state;
	struct ingest_report rep;
	struct buf hex;
	sqlite3 *db;

	buf_init(&hex);
	deliver_hex("+84912345678", PDU_CODING_GSM7, "trom xe", &hex);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW, &rep),
	    INGEST_ERR_STORE);
	assert_non_null(strstr(rep.error, "locked"));
	assert_int_equal(rep.id, 0);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	/* Writable again: stored once. */
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW, &rep),
	    INGEST_STORED);
	assert_int_equal(rep.id, 1);
	buf_release(&hex);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stored_and_acknowledged,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_topic_template, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_duplicate, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alphanumeric_not_answered,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_undecodable_stored_raw,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_failure_keeps_sms,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}
