/*
 * Unit tests of the answering rules (answer.h) on a real SQLite file with
 * a real configuration: commands, never-answered senders, the loop
 * breaker, the per-number limits, repeats, urgency and what is queued.
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

#include "answer.h"
#include "buf.h"
#include "conf.h"
#include "reply.h"
#include "store.h"
#include "text.h"
#include "xmalloc.h"

#define NOW	1764380000	/* 2025-11-29 01:33:20 UTC */
#define CITIZEN	"+84912345678"
#define OTHER	"+84987654321"
#define DUTY	"+84900000009"

static const char conf_text[] =
    "modem = { device = \"tcp:127.0.0.1:9\"; };\n"
    "database = { path = \"unused\"; };\n"
    "reply = { unit = \"CA xa Thach Ha\"; };\n"
    "topics = (\n"
    "  { id = \"trom_cap\"; name = \"Trộm cắp\"; keywords = ( \"trộm\" ); },\n"
    "  { id = \"an_ninh\"; name = \"An ninh\"; keywords = ( \"đánh nhau\" ); },\n"
    "  { id = \"khac\"; name = \"Khác\"; fallback = true; }\n"
    ");\n";

struct fixture {
	char		 dir[64];
	char		 db[128];
	struct gopy_conf c;
	struct store	*s;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char path[128], err[512];
	struct buf errs;
	FILE *fp;

	snprintf(f->dir, sizeof(f->dir), "/tmp/gopy-test-answer.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		return -1;
	}
	snprintf(f->db, sizeof(f->db), "%s/gopy.db", f->dir);
	snprintf(path, sizeof(path), "%s/gopy.conf", f->dir);
	buf_init(&errs);
	fp = fopen(path, "w");
	fputs(conf_text, fp);
	fclose(fp);
	if (conf_load(&f->c, path, &errs) == -1) {
		print_error("%s", errs.data);
		return -1;
	}
	unlink(path);
	buf_release(&errs);
	/* Urgency as a configuration would give it (conf owns these). */
	f->c.reply.urgent_words = xcalloc(2, sizeof(char *));
	f->c.reply.urgent_words[0] = xstrdup("cấp cứu");
	f->c.reply.nurgent_words = 1;
	f->c.reply.urgent_topics = xcalloc(1, sizeof(char *));
	f->c.reply.urgent_topics[0] = xstrdup("an_ninh");
	f->c.reply.nurgent_topics = 1;
	snprintf(f->c.reply.duty_numbers[0], sizeof(f->c.reply.duty_numbers[0]),
	    "%s", DUTY);
	f->c.reply.nduty_numbers = 1;
	f->s = store_open(f->db, STORE_READ_WRITE, 100, err, sizeof(err));
	if (f->s == NULL) {
		print_error("%s", err);
		return -1;
	}
	*state = f;
	return 0;
}

/* Free what setup put in the configuration, and say it is gone. */
static void
free_strings(char ***v, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		free((*v)[i]);
	}
	free(*v);
	*v = NULL;
	*n = 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	store_close(f->s);
	free_strings(&f->c.reply.urgent_words, &f->c.reply.nurgent_words);
	free_strings(&f->c.reply.urgent_topics, &f->c.reply.nurgent_topics);
	conf_release(&f->c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0) {
		return -1;
	}
	free(f);
	return 0;
}

/*
 * Store text from sender at t as gopyd does (decide, store, queue) and
 * return what was decided; the message's id goes to *id.
 */
static struct answer
arrive(struct fixture *f, const char *sender, enum pdu_ton ton,
    const char *text, int64_t t, int64_t *id)
{
	struct store_new_message m;
	struct answer a;
	struct buf folded;
	char ticket[REPLY_TICKET_MAX];
	int64_t answer_id, mid;

	buf_init(&folded);
	text_fold(text, strlen(text), &folded);
	assert_int_equal(store_begin(f->s), 0);
	assert_int_equal(answer_decide(f->s, &f->c, sender, ton, folded.data,
	    0, t, &a), 0);
	memset(&m, 0, sizeof(m));
	m.sender = sender;
	m.sender_type = "international";
	m.received_at = t;
	m.stored_at = t;
	m.text = text;
	m.folded = folded.data;
	m.topic = a.command ? "khac" : "trom_cap";
	m.keywords = "";
	m.parts = 1;
	m.raw_pdu = "";
	m.kind = a.command ? "command" : "report";
	m.unanswered = a.unanswered;
	m.repeat_of = a.repeat_of;
	assert_int_equal(store_add_message(f->s, &m, &mid), 0);
	reply_ticket(mid, ticket);
	assert_int_equal(store_set_ticket(f->s, mid, ticket), 0);
	assert_int_equal(answer_queue(f->s, &f->c, &a, mid, ticket, sender,
	    text, 0, t, &answer_id), 0);
	assert_int_equal(store_commit(f->s), 0);
	assert_true((answer_id != 0) == (a.kind != ANSWER_NONE));
	buf_release(&folded);
	if (id != NULL) {
		*id = mid;
	}
	return a;
}

/* The text of the newest SMS queued to recipient, in out. */
struct last_sms {
	const char *recipient;
	char	 text[512];
	char	 kind[16];
	int	 n;
};

static int
take_last(void *arg, const struct store_outbox *o)
{
	struct last_sms *l = arg;

	if (strcmp(o->recipient, l->recipient) == 0) {
		if (l->n++ == 0) {
			snprintf(l->text, sizeof(l->text), "%s", o->text);
		}
	}
	return 0;
}

static struct last_sms
last_sms(struct fixture *f, const char *recipient)
{
	struct store_outbox_filter of;
	struct last_sms l;

	memset(&l, 0, sizeof(l));
	memset(&of, 0, sizeof(of));
	l.recipient = recipient;
	assert_true(store_list_outbox(f->s, &of, take_last, &l) >= 0);
	return l;
}

static void
test_acknowledged(void **state)
{
	struct fixture *f = *state;
	struct answer a;
	struct last_sms l;

	a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "Trộm bò ở xóm 3", NOW,
	    NULL);
	assert_int_equal(a.kind, ANSWER_ACK);
	assert_null(a.unanswered);
	assert_false(a.urgent);
	l = last_sms(f, CITIZEN);
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(l.text, "0001-3"));
	assert_int_equal(last_sms(f, DUTY).n, 0);
}

static void
test_not_answered(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(arrive(f, "Viettel", PDU_TON_ALPHANUMERIC,
	    "Khuyen mai", NOW, NULL).unanswered, ANSWER_SENDER);
	assert_string_equal(arrive(f, "191", PDU_TON_NATIONAL, "Thong bao",
	    NOW, NULL).unanswered, ANSWER_SENDER);
	snprintf(f->c.reply.never[0], sizeof(f->c.reply.never[0]), "%s",
	    OTHER);
	f->c.reply.nnever = 1;
	assert_string_equal(arrive(f, OTHER, PDU_TON_INTERNATIONAL,
	    "Trộm gà", NOW, NULL).unanswered, ANSWER_NEVER);
	f->c.reply.enabled = false;
	assert_string_equal(arrive(f, CITIZEN, PDU_TON_INTERNATIONAL,
	    "Trộm gà", NOW, NULL).unanswered, ANSWER_OFF);
	assert_int_equal(last_sms(f, CITIZEN).n, 0);
}

static void
test_loop_and_repeats(void **state)
{
	struct fixture *f = *state;
	struct answer a;
	int64_t first, id;
	int i;

	a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "Trộm bò!", NOW, &first);
	assert_int_equal(a.kind, ANSWER_ACK);
	/* The 2nd and 3rd: "already registered", with the first ticket. */
	for (i = 1; i < 3; i++) {
		a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "trom bo",
		    NOW + i, &id);
		assert_int_equal(a.kind, ANSWER_REPEAT);
		assert_int_equal(a.repeat_of, first);
		assert_string_equal(a.ticket, "0001-3");
		assert_non_null(strstr(last_sms(f, CITIZEN).text, "0001-3"));
	}
	/* More than three within the hour: a loop, still linked. */
	for (i = 3; i < 6; i++) {
		a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "TRỘM BÒ",
		    NOW + i, &id);
		assert_int_equal(a.kind, ANSWER_NONE);
		assert_string_equal(a.unanswered, ANSWER_LOOP);
		assert_int_equal(a.repeat_of, first);
	}
	assert_int_equal(last_sms(f, CITIZEN).n, 3);
	/* Two hours on: no loop any more, still a repeat of the first. */
	a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "trom bo", NOW + 7200,
	    NULL);
	assert_int_equal(a.kind, ANSWER_REPEAT);
	/* A day and more on: a new report. */
	a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "trom bo",
	    NOW + 25 * 3600, NULL);
	assert_int_equal(a.kind, ANSWER_ACK);
	assert_int_equal(a.repeat_of, 0);
}

static void
test_limits(void **state)
{
	struct fixture *f = *state;
	struct store_new_sms officer = {
		CITIZEN, "Moi anh len tru so", 0, "officer", 0,
	};
	char text[64];
	int64_t id;
	int i;

	/* An officer's SMS does not count against the number's limits. */
	assert_int_equal(store_queue_sms(f->s, &officer, NOW, &id), 0);
	for (i = 0; i < 5; i++) {
		snprintf(text, sizeof(text), "Trộm lần %d", i);
		assert_int_equal(arrive(f, CITIZEN, PDU_TON_INTERNATIONAL,
		    text, NOW + i, NULL).kind, ANSWER_ACK);
	}
	assert_string_equal(arrive(f, CITIZEN, PDU_TON_INTERNATIONAL,
	    "Trộm lần 6", NOW + 10, NULL).unanswered, ANSWER_LIMIT);
	/* Another number is not held back. */
	assert_int_equal(arrive(f, OTHER, PDU_TON_INTERNATIONAL, "Trộm xe",
	    NOW + 11, NULL).kind, ANSWER_ACK);
	/* Ten minutes on, five more; then the day's 20 are reached. */
	for (i = 0; i < 15; i++) {
		snprintf(text, sizeof(text), "Trộm lần %d", 10 + i);
		assert_int_equal(arrive(f, CITIZEN, PDU_TON_INTERNATIONAL,
		    text, NOW + 601 * (1 + i / 5) + i, NULL).kind,
		    ANSWER_ACK);
	}
	assert_string_equal(arrive(f, CITIZEN, PDU_TON_INTERNATIONAL,
	    "Trộm lần 99", NOW + 4 * 601, NULL).unanswered, ANSWER_LIMIT);
}

static void
test_commands(void **state)
{
	struct fixture *f = *state;
	struct answer a;
	struct last_sms l;
	int64_t id;

	arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "Trộm bò", NOW, &id);
	/* Its own sender, in any case and spacing. */
	a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "tt 0001 3", NOW + 1,
	    NULL);
	assert_true(a.command);
	assert_int_equal(a.kind, ANSWER_STATUS);
	l = last_sms(f, CITIZEN);
	assert_non_null(strstr(l.text, "0001-3"));
	assert_non_null(strstr(l.text, "da nhan"));
	/* Another number learns nothing of it. */
	a = arrive(f, OTHER, PDU_TON_INTERNATIONAL, "TT 0001-3", NOW + 2,
	    NULL);
	assert_int_equal(a.kind, ANSWER_REFUSE);
	l = last_sms(f, OTHER);
	assert_null(strstr(l.text, "0001"));
	assert_null(strstr(l.text, "da nhan"));
	/* A wrong check digit: refused, still a command. */
	a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "TT 0001-4", NOW + 3,
	    NULL);
	assert_true(a.command);
	assert_int_equal(a.kind, ANSWER_REFUSE);
	a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "Hd", NOW + 4, NULL);
	assert_int_equal(a.kind, ANSWER_HELP);
	assert_non_null(strstr(last_sms(f, CITIZEN).text, "TT"));
	/* Words after them: a report like any other. */
	a = arrive(f, OTHER, PDU_TON_INTERNATIONAL,
	    "TT xã Thạch Hà có trộm", NOW + 5, NULL);
	assert_false(a.command);
	assert_int_equal(a.kind, ANSWER_ACK);
	a = arrive(f, OTHER, PDU_TON_INTERNATIONAL, "HD xe máy bị mất",
	    NOW + 6, NULL);
	assert_false(a.command);
}

static void
test_urgent(void **state)
{
	struct fixture *f = *state;
	struct answer a;
	struct last_sms l;

	a = arrive(f, CITIZEN, PDU_TON_INTERNATIONAL,
	    "Có người bị đâm, cần CẤP CỨU ngay ở chợ Cầu, mau lên các anh "
	    "ơi, đông người lắm rồi, máu chảy nhiều", NOW, NULL);
	assert_true(a.urgent);
	l = last_sms(f, CITIZEN);
	assert_non_null(strstr(l.text, "Neu khan cap goi 113"));
	l = last_sms(f, DUTY);
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(l.text, "0001-3"));
	assert_non_null(strstr(l.text, CITIZEN));
	assert_non_null(strstr(l.text, "Co nguoi bi dam"));
	assert_non_null(strstr(l.text, "..."));
	/* "cấp cứu" must be whole words: "cấp cứuxx" is not it. */
	a = arrive(f, OTHER, PDU_TON_INTERNATIONAL, "cap cuuxx", NOW, NULL);
	assert_false(a.urgent);
	assert_int_equal(last_sms(f, DUTY).n, 1);
	/*
	 * The duty officer's phone gets no control, bidirectional or
	 * zero-width character of the citizen's: "?" or a space, or nothing.
	 */
	a = arrive(f, OTHER, PDU_TON_INTERNATIONAL, "cấp cứu \x1b[2J\xc2\x9b" "1m"
	    "\xe2\x80\xae" "ab\xe2\x80\x8b" "c\r\nd\x07", NOW + 1, NULL);
	assert_true(a.urgent);
	l = last_sms(f, DUTY);
	assert_int_equal(l.n, 2);
	assert_non_null(strstr(l.text, ": cap cuu ?[2J?1m?abc  d?"));
}

static void
test_expiry(void **state)
{
	struct fixture *f = *state;
	struct store_new_sms officer = {
		OTHER, "Moi anh len tru so", 0, "officer", 0,
	};
	struct store_outbox o;
	int64_t id;

	arrive(f, CITIZEN, PDU_TON_INTERNATIONAL, "Trộm bò", NOW, NULL);
	assert_int_equal(store_queue_sms(f->s, &officer, NOW, &id), 0);
	/* Before reply.max_age (6 h): nothing expires. */
	assert_int_equal(store_expire_outbox(f->s, NOW + 6 * 3600 - 1,
	    "expired"), 0);
	assert_int_equal(store_expire_outbox(f->s, NOW + 6 * 3600,
	    "expired"), 1);
	/* The officer's SMS is what is left to send. */
	assert_int_equal(store_next_outbox(f->s, NOW + 6 * 3600, &o), 1);
	assert_int_equal(o.id, id);
	store_outbox_release(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_acknowledged, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_answered, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loop_and_repeats, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commands, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_urgent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
