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
#include "commune.h"
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
    ");\n"
    "communes = (\n"
    "  { name = \"Thạch Tân\"; places = [ \"thôn Bàu\", \"bờ sông\" ]; },\n"
    "  { name = \"Thạch Hương\"; places = [ \"chợ Cầu\" ]; }\n"
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
	f->cl = classify_new(&f->c.classify, f->c.topics, f->c.ntopics,
	    f->c.fallback,
	    f->c.abbrevs, f->c.nabbrevs);
	f->in.store = f->s;
	f->in.conf = &f->c;
	f->in.classifier = f->cl;
	f->in.communes = commune_matcher_new(&f->c);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	classify_free(f->cl);
	commune_matcher_free(f->in.communes);
	store_close(f->s);
	conf_release(&f->c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0) {
		return -1;
	}
	free(f);
	return 0;
}

/* Part seq of total (0 and 0: a single SMS) as hex, as AT+CMGL shows it. */
static void
part_hex(const char *sender, enum pdu_coding coding, int ref, int seq,
    int total, int64_t t, const char *text, size_t len, struct buf *hex)
{
	struct pdu_concat concat = { (uint16_t)ref, (uint8_t)total,
	    (uint8_t)seq };
	uint8_t pdu[PDU_MAX_BYTES];
	char err[128];
	int n;

	n = pdu_encode_deliver("+84980200030", sender, coding,
	    total > 0 ? &concat : NULL, text, len, t, 420, pdu, sizeof(pdu),
	    err, sizeof(err));
	if (n < 0) {
		fail_msg("encode deliver: %s", err);
	}
	buf_reset(hex);
	pdu_to_hex(pdu, (size_t)n, hex);
}

/* An SMS-DELIVER from sender as hex, the way AT+CMGL shows it. */
static void
deliver_hex(const char *sender, enum pdu_coding coding, const char *text,
    struct buf *hex)
{
	part_hex(sender, coding, 0, 0, 0, NOW - 60, text, strlen(text), hex);
}

/*
 * The parts of text from sender with reference ref, as hex into parts[]
 * (each buf_init'ed here). Returns how many.
 */
static int
split_hex(const char *sender, const char *text, int ref, int64_t t,
    struct buf *parts, size_t max)
{
	struct pdu_span spans[PDU_PARTS_MAX];
	enum pdu_coding coding;
	char err[128];
	int n, i;

	assert_int_equal(pdu_choose_coding(text, strlen(text), &coding),
	    PDU_OK);
	n = pdu_split(text, strlen(text), coding, spans, max, err,
	    sizeof(err));
	if (n < 2) {
		fail_msg("'%.20s...' does not need parts: %d %s", text, n, err);
	}
	for (i = 0; i < n; i++) {
		buf_init(&parts[i]);
		part_hex(sender, coding, ref, i + 1, n, t, text + spans[i].off,
		    spans[i].len, &parts[i]);
	}
	return n;
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
	assert_string_equal(m.keywords, "trộm=1");
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
	/* reply.strip_diacritics is on by default: "Cờ bạc" goes plain. */
	snprintf(want, sizeof(want), "Ma so %s: Co bac", rep.ticket);
	assert_string_equal(r.text, want);

	f->c.reply.strip_diacritics = false;
	deliver_hex("+84987654321", PDU_CODING_GSM7, "lo de lan 2", &hex);
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW, &rep),
	    INGEST_STORED);
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

/* About 180 characters of Vietnamese: three UCS2 parts of at most 67. */
static const char long_vi[] =
    "Kính gửi công an xã, đêm qua nhà tôi ở xóm 3 bị trộm cạy khóa "
    "chuồng, dắt mất hai con bò và một chiếc xe máy. Sáng nay tôi thấy "
    "dấu chân dẫn ra phía bờ sông. Mong các anh xuống kiểm tra giúp.";

static int
count_messages(struct store *s)
{
	struct store_filter fl;

	memset(&fl, 0, sizeof(fl));
	return store_list(s, &fl, count_one, NULL);
}

/* Parts in any order make one message, stored once, answered once. */
static void
test_parts_any_order(void **state)
{
	static const int order[] = { 3, 1, 2 };
	struct fixture *f = *state;
	struct buf parts[PDU_PARTS_MAX];
	struct ingest_report rep;
	struct store_message m;
	struct replies r;
	int64_t stale;
	int n, i;

	n = split_hex("0912345678", long_vi, 42, NOW - 60, parts,
	    PDU_PARTS_MAX);
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(ingest_pdu(&f->in, parts[order[i] - 1].data,
		    parts[order[i] - 1].len, NOW + i, &rep),
		    i < 2 ? INGEST_PART : INGEST_STORED);
		assert_int_equal(rep.parts, 3);
	}
	assert_int_equal(count_messages(f->s), 1);
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_string_equal(m.text, long_vi);
	assert_int_equal(m.parts, 3);
	assert_false(m.incomplete);
	assert_string_equal(m.topic, "trom_cap");
	assert_string_equal(m.sender, "+84912345678");
	/* The raw PDUs, one line per part, in part order. */
	assert_non_null(strstr(m.raw_pdu, parts[0].data));
	assert_true(strstr(m.raw_pdu, parts[0].data) <
	    strstr(m.raw_pdu, parts[2].data));
	store_message_release(&m);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_list_replies(f->s, rep.id, one_reply, &r), 1);
	/* Nothing waits any more, and a part read again is known. */
	assert_int_equal(store_stale_groups(f->s, NOW + 1000000, &stale, 1),
	    0);
	assert_int_equal(ingest_pdu(&f->in, parts[1].data, parts[1].len,
	    NOW + 9, &rep), INGEST_DUPLICATE);
	for (i = 0; i < n; i++) {
		buf_release(&parts[i]);
	}
}

/*
 * The commune of a message: the one whose places (or name) it names, as
 * whole words, whatever the marks and case; none when it names none or
 * places of two communes.
 */
static void
test_commune(void **state)
{
	static const struct {
		const char *text;
		const char *commune;
	} cases[] = {
		{ "Trộm bò ở thôn Bàu", "Thạch Tân" },
		{ "trom bo o THON BAU", "Thạch Tân" },
		{ "Thôn  Bàu!! bị trộm", "Thạch Tân" },
		{ "thôn Bàu, lại thôn Bàu, rồi bờ sông", "Thạch Tân" },
		{ "đánh nhau ở chợ Cầu", "Thạch Hương" },
		{ "Xã Thạch Hương có trộm", "Thạch Hương" },
		{ "cho cau co lo de", "Thạch Hương" },
		{ "thôn Bàu và chợ Cầu", NULL },
		{ "xã Thạch Tân gần chợ Cầu", NULL },
		{ "trộm ở thôn Bàuxa", NULL },
		{ "trộm ở thôn", NULL },
		{ "bàu thôn", NULL },
		{ "không nói ở đâu", NULL },
	};
	struct fixture *f = *state;
	struct ingest_report rep;
	struct store_message m;
	struct buf hex;
	size_t i, failed = 0;

	buf_init(&hex);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		deliver_hex("0912345678", PDU_CODING_UCS2, cases[i].text, &hex);
		assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW,
		    &rep), INGEST_STORED);
		assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
		if (cases[i].commune == NULL ? m.commune != NULL :
		    m.commune == NULL || strcmp(m.commune,
		    cases[i].commune) != 0) {
			print_error("case '%s': commune %s, want %s\n",
			    cases[i].text, m.commune != NULL ? m.commune :
			    "NULL", cases[i].commune != NULL ?
			    cases[i].commune : "NULL");
			failed++;
		}
		store_message_release(&m);
	}
	assert_int_equal(failed, 0);
	buf_release(&hex);
}

/* A long message's commune is found in the whole text, here its last part. */
static void
test_commune_multipart(void **state)
{
	struct fixture *f = *state;
	struct buf parts[PDU_PARTS_MAX];
	struct ingest_report rep;
	struct store_message m;
	int n, i;

	n = split_hex("0912345678", long_vi, 7, NOW - 60, parts,
	    PDU_PARTS_MAX);
	/* 67 UCS-2 characters a part: "bờ sông", at 149, is in part 3. */
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		assert_int_equal(ingest_pdu(&f->in, parts[i].data,
		    parts[i].len, NOW + i, &rep),
		    i < n - 1 ? INGEST_PART : INGEST_STORED);
		buf_release(&parts[i]);
	}
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_string_equal(m.commune, "Thạch Tân");
	store_message_release(&m);
}

/* A part read twice before the message is whole counts once. */
static void
test_part_twice(void **state)
{
	struct fixture *f = *state;
	struct buf parts[PDU_PARTS_MAX];
	struct ingest_report rep;
	int n, i;

	n = split_hex("+84912345678", long_vi, 7, NOW, parts, PDU_PARTS_MAX);
	assert_int_equal(ingest_pdu(&f->in, parts[0].data, parts[0].len, NOW,
	    &rep), INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, parts[0].data, parts[0].len, NOW,
	    &rep), INGEST_DUPLICATE);
	assert_int_equal(ingest_pdu(&f->in, parts[1].data, parts[1].len, NOW,
	    &rep), INGEST_PART);
	assert_int_equal(rep.parts_in, 2);
	assert_int_equal(ingest_pdu(&f->in, parts[2].data, parts[2].len, NOW,
	    &rep), INGEST_STORED);
	assert_int_equal(count_messages(f->s), 1);
	for (i = 0; i < n; i++) {
		buf_release(&parts[i]);
	}
}

/*
 * Two senders using the same reference, their parts interleaved; and one
 * sender reusing a reference for another message: each stays itself.
 */
static void
test_parts_interleaved(void **state)
{
	static const char other[] =
	    "Xom 5 co nguoi ghi lo de cong khai o quan nuoc dau lang, ngay "
	    "nao cung dong nguoi ra vao tu chieu den toi, de nghi cong an xa "
	    "kiem tra va xu ly som de giu trat tu cho ba con trong xom.";
	struct fixture *f = *state;
	struct buf a[PDU_PARTS_MAX], b[PDU_PARTS_MAX], c[PDU_PARTS_MAX];
	struct ingest_report rep;
	struct store_message m;
	int na, nb, nc, i;

	na = split_hex("+84912345678", long_vi, 9, NOW, a, PDU_PARTS_MAX);
	nb = split_hex("+84987654321", other, 9, NOW, b, PDU_PARTS_MAX);
	/* The first sender again, the same reference, a day later. */
	nc = split_hex("+84912345678", other, 9, NOW + 2 * 86400, c,
	    PDU_PARTS_MAX);
	assert_int_equal(na, 3);
	assert_int_equal(nb, 2);
	assert_int_equal(ingest_pdu(&f->in, b[1].data, b[1].len, NOW, &rep),
	    INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, a[0].data, a[0].len, NOW, &rep),
	    INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, c[0].data, c[0].len, NOW, &rep),
	    INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, a[2].data, a[2].len, NOW, &rep),
	    INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, b[0].data, b[0].len, NOW, &rep),
	    INGEST_STORED);
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_string_equal(m.text, other);
	assert_string_equal(m.sender, "+84987654321");
	store_message_release(&m);
	assert_int_equal(ingest_pdu(&f->in, c[1].data, c[1].len, NOW, &rep),
	    INGEST_STORED);
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_string_equal(m.text, other);
	assert_string_equal(m.sender, "+84912345678");
	store_message_release(&m);
	assert_int_equal(ingest_pdu(&f->in, a[1].data, a[1].len, NOW, &rep),
	    INGEST_STORED);
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_string_equal(m.text, long_vi);
	store_message_release(&m);
	assert_int_equal(count_messages(f->s), 3);
	for (i = 0; i < na; i++) {
		buf_release(&a[i]);
	}
	for (i = 0; i < nb; i++) {
		buf_release(&b[i]);
	}
	for (i = 0; i < nc; i++) {
		buf_release(&c[i]);
	}
}

/* A part that never comes: stored after the timeout, the gap marked. */
static void
test_parts_missing(void **state)
{
	struct fixture *f = *state;
	struct buf parts[PDU_PARTS_MAX];
	struct ingest_report rep;
	struct store_message m;
	int n, i;

	n = split_hex("+84912345678", long_vi, 11, NOW, parts, PDU_PARTS_MAX);
	assert_int_equal(ingest_pdu(&f->in, parts[0].data, parts[0].len, NOW,
	    &rep), INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, parts[2].data, parts[2].len, NOW,
	    &rep), INGEST_PART);
	/* Not yet: the timeout (a day by default) has not passed. */
	assert_int_equal(ingest_stale(&f->in, NOW + 3600, &rep), 0);
	assert_int_equal(ingest_stale(&f->in, NOW + 86401, &rep), 1);
	assert_true(rep.incomplete);
	assert_true(rep.ack_id > 0);
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_true(m.incomplete);
	assert_int_equal(m.parts, 3);
	assert_non_null(strstr(m.text, "[thiếu phần 2/3]"));
	assert_int_equal(strncmp(m.text, long_vi, 20), 0);
	store_message_release(&m);
	assert_int_equal(ingest_stale(&f->in, NOW + 86401, &rep), 0);
	/* The part that was late after all is not stored twice. */
	assert_int_equal(ingest_pdu(&f->in, parts[0].data, parts[0].len,
	    NOW + 90000, &rep), INGEST_DUPLICATE);
	for (i = 0; i < n; i++) {
		buf_release(&parts[i]);
	}
}

/* A part that comes after its message was stored incomplete completes it. */
static void
test_part_after_timeout(void **state)
{
	struct fixture *f = *state;
	struct buf parts[PDU_PARTS_MAX];
	struct ingest_report rep;
	struct store_message m;
	struct replies r;
	int64_t id;
	int n, i;

	n = split_hex("+84912345678", long_vi, 12, NOW, parts, PDU_PARTS_MAX);
	assert_int_equal(ingest_pdu(&f->in, parts[0].data, parts[0].len, NOW,
	    &rep), INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, parts[2].data, parts[2].len, NOW,
	    &rep), INGEST_PART);
	assert_int_equal(ingest_stale(&f->in, NOW + 86401, &rep), 1);
	id = rep.id;
	assert_true(rep.incomplete);
	/* Part 2 after all: the same message, whole, no second ticket. */
	assert_int_equal(ingest_pdu(&f->in, parts[1].data, parts[1].len,
	    NOW + 90000, &rep), INGEST_PART);
	assert_int_equal(rep.id, id);
	assert_false(rep.incomplete);
	assert_int_equal(count_messages(f->s), 1);
	assert_int_equal(store_get_message(f->s, id, &m), 1);
	assert_string_equal(m.text, long_vi);
	assert_false(m.incomplete);
	assert_int_equal(m.parts, 3);
	store_message_release(&m);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_list_replies(f->s, id, one_reply, &r), 1);
	assert_int_equal(ingest_pdu(&f->in, parts[1].data, parts[1].len,
	    NOW + 90001, &rep), INGEST_DUPLICATE);
	/* Two windows later the parts are forgotten, their keys are not. */
	assert_int_equal(ingest_stale(&f->in, NOW + 3 * 86400, &rep), 0);
	assert_int_equal(ingest_pdu(&f->in, parts[0].data, parts[0].len,
	    NOW + 3 * 86400, &rep), INGEST_DUPLICATE);
	assert_int_equal(count_messages(f->s), 1);
	for (i = 0; i < n; i++) {
		buf_release(&parts[i]);
	}
}

/* One sender, one reference, two messages 20 s apart, parts interleaved. */
static void
test_same_reference_twice(void **state)
{
	static const char other[] =
	    "Xom 5 co nguoi ghi lo de cong khai o quan nuoc dau lang, ngay "
	    "nao cung dong nguoi ra vao tu chieu den toi, de nghi cong an xa "
	    "kiem tra va xu ly som de giu trat tu cho ba con trong xom.";
	struct fixture *f = *state;
	struct buf a[PDU_PARTS_MAX], b[PDU_PARTS_MAX];
	struct ingest_report rep;
	struct store_message m;
	int64_t ida;
	int na, nb, i;

	na = split_hex("+84912345678", other, 0, NOW, a, PDU_PARTS_MAX);
	nb = split_hex("+84912345678", other + 1, 0, NOW + 20, b,
	    PDU_PARTS_MAX);
	assert_int_equal(na, 2);
	assert_int_equal(nb, 2);
	assert_int_equal(ingest_pdu(&f->in, a[0].data, a[0].len, NOW, &rep),
	    INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, b[0].data, b[0].len, NOW, &rep),
	    INGEST_PART);
	assert_int_equal(ingest_pdu(&f->in, a[1].data, a[1].len, NOW, &rep),
	    INGEST_STORED);
	ida = rep.id;
	assert_int_equal(ingest_pdu(&f->in, b[1].data, b[1].len, NOW, &rep),
	    INGEST_STORED);
	assert_int_equal(store_get_message(f->s, ida, &m), 1);
	assert_string_equal(m.text, other);
	store_message_release(&m);
	assert_int_equal(store_get_message(f->s, rep.id, &m), 1);
	assert_string_equal(m.text, other + 1);
	store_message_release(&m);
	for (i = 0; i < na; i++) {
		buf_release(&a[i]);
	}
	for (i = 0; i < nb; i++) {
		buf_release(&b[i]);
	}
}

/*
 * SMS-STATUS-REPORT, built by hand (TS 23.040 9.2.2.3): 00 no SMSC | 06
 * MTI 10, MMS | 07 TP-MR | 0B 91 4819325476F8 TP-RA +84912345678 | TP-SCTS
 * and TP-DT 2026-11-29 01:00:00 and 01:01:00 +07:00 | TP-ST.
 */
static int
check_delivered(void *arg, const struct store_outbox *o)
{
	(void)arg;
	assert_non_null(o->delivery);
	assert_string_equal(o->delivery, "delivered");
	/* TP-DT 2026-11-29 01:01:00 +07:00 */
	assert_int_equal(o->delivered_at, 1795888860);
	return 0;
}

#define REPORT(mr, st) "0006" mr "0B914819325476F8" "62119210000082" \
	"62119210100082" st

static void
test_status_report(void **state)
{
	static const char delivered[] = REPORT("07", "00");
	static const char pending[] = REPORT("07", "21");
	static const char stranger[] = REPORT("09", "00");
	struct fixture *f = *state;
	struct ingest_report rep;
	struct store_outbox o;
	struct buf hex;
	int64_t id;

	/* A message answered with TP-MR 7. */
	buf_init(&hex);
	deliver_hex("+84912345678", PDU_CODING_GSM7, "trom ga", &hex);
	assert_int_equal(ingest_pdu(&f->in, hex.data, hex.len, NOW, &rep),
	    INGEST_STORED);
	id = rep.id;
	assert_int_equal(store_next_outbox(f->s, NOW, &o), 1);
	assert_int_equal(store_outbox_sent(f->s, o.id, 7, NOW), 0);
	store_outbox_release(&o);

	assert_int_equal(ingest_pdu(&f->in, pending, strlen(pending), NOW,
	    &rep), INGEST_REPORT);
	assert_true(rep.report_matched);
	assert_string_equal(rep.delivery, "pending");
	assert_int_equal(ingest_pdu(&f->in, delivered, strlen(delivered),
	    NOW, &rep), INGEST_REPORT);
	assert_true(rep.report_matched);
	assert_string_equal(rep.delivery, "delivered");
	assert_int_equal(store_list_replies(f->s, id, check_delivered, NULL),
	    1);
	/* A report on an SMS we never sent changes nothing. */
	assert_int_equal(ingest_pdu(&f->in, stranger, strlen(stranger), NOW,
	    &rep), INGEST_REPORT);
	assert_false(rep.report_matched);
	assert_int_equal(count_messages(f->s), 1);
	buf_release(&hex);
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
		cmocka_unit_test_setup_teardown(test_commune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commune_multipart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parts_any_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_part_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parts_interleaved, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parts_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_status_report, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_part_after_timeout, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_same_reference_twice,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}
