/*
 * Unit tests of conf.c. Each case writes its file into a fresh mkdtemp
 * directory as "gopy.conf", so that the file:line: of every message can be
 * asserted; the shipped config/gopy.conf is loaded from the source tree
 * (the tests run from the top directory).
 */
#include <sys/stat.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "conf.h"
#include "text.h"

#define SHIPPED_CONF	"config/gopy.conf"

/* Two topics, the second the fallback: lines 1 and 2 of what they end. */
#define TOPICS \
	"topics = ( { id = \"a\"; name = \"A\"; keywords = ( \"x\" ); },\n" \
	"    { id = \"khac\"; name = \"Khác\"; fallback = true; } );\n"
#define MODEM	"modem = { device = \"tcp:127.0.0.1:7000\"; };\n"

struct fixture {
	char	 dir[64];
	char	 path[96];
};

static int
setup(void **state)
{
	struct fixture *f;

	if ((f = calloc(1, sizeof(*f))) == NULL) {
		return -1;
	}
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_conf.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/gopy.conf", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Write len bytes of text as the fixture's gopy.conf and load it. */
static int
load_bytes(struct fixture *f, const char *text, size_t len,
    struct gopy_conf *c, struct buf *errs)
{
	FILE *fp;

	fp = fopen(f->path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return conf_load(c, f->path, errs);
}

static int
load(struct fixture *f, const char *text, struct gopy_conf *c,
    struct buf *errs)
{
	return load_bytes(f, text, strlen(text), c, errs);
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		n += *s == '\n';
	}
	return n;
}

/* A failed load leaves the struct empty. */
static void
assert_empty(const struct gopy_conf *c)
{
	assert_null(c->topics);
	assert_int_equal(c->ntopics, 0);
	assert_null(c->abbrevs);
	assert_int_equal(c->nabbrevs, 0);
	assert_null(c->communes);
	assert_int_equal(c->ncommunes, 0);
	assert_string_equal(c->display.timezone, "");
	assert_string_equal(c->modem.device, "");
}

static void
test_good(void **state)
{
	static const char text[] =
	    "# every key\n"
	    "modem = {\n"
	    "  device = \"tcp:127.0.0.1:7000\";\n"
	    "  baud = 9600; flow_control = \"rtscts\"; pin = \"1234\";\n"
	    "  storage = \"ME\"; poll_interval = 5;\n"
	    "  init = [ \"AT^CURC=0\", \"at+cmee=1\" ];\n"
	    "};\n"
	    "database = { path = \"/tmp/g.db\"; busy_timeout = 0L; };\n"
	    "reply = { enabled = false; unit = \"CA xã Thạch Hà\";\n"
	    "  template = \"{unit}: {ticket} {{ok}} {topic} {date}\"; };\n"
	    "topics = (\n"
	    "  { id = \"trom_cap\"; name = \"Trộm cắp tài sản\";\n"
	    "    keywords = ( \"trộm\", (\"cạy khóa\", 100) );\n"
	    "    reply = \"{ticket}\"; },\n"
	    "  { id = \"khac\"; name = \"Khác\"; fallback = true;\n"
	    "    keywords = [ \"nhầm số\" ]; },\n"
	    "  { id = \"z9\"; name = \"Z\"; fallback = false; }\n"
	    ");\n"
	    "abbreviations = (\n"
	    "  { word = \"không\"; short = [ \"ko\", \"k\" ]; },\n"
	    "  { word = \"được\"; short = ( \"đc\" ); }\n"
	    ");\n";
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs;

	buf_init(&errs);
	if (load(f, text, &c, &errs) != 0) {
		print_error("%s", errs.data);
		fail();
	}
	assert_int_equal(errs.len, 0);
	assert_string_equal(c.file, f->path);
	assert_string_equal(c.modem.device, "tcp:127.0.0.1:7000");
	assert_int_equal(c.modem.baud, 9600);
	assert_int_equal(c.modem.flow, CONF_FLOW_RTSCTS);
	assert_string_equal(c.modem.pin, "1234");
	assert_string_equal(c.modem.storage, "ME");
	assert_int_equal(c.modem.poll_interval, 5);
	assert_int_equal(c.modem.ninit, 2);
	assert_string_equal(c.modem.init[0], "AT^CURC=0");
	assert_string_equal(c.modem.init[1], "at+cmee=1");
	assert_string_equal(c.database.path, "/tmp/g.db");
	assert_int_equal(c.database.busy_timeout, 0);
	assert_false(c.reply.enabled);
	assert_string_equal(c.reply.unit, "CA xã Thạch Hà");
	assert_string_equal(c.reply.template,
	    "{unit}: {ticket} {{ok}} {topic} {date}");
	assert_int_equal(c.ntopics, 3);
	assert_string_equal(c.topics[0].id, "trom_cap");
	assert_string_equal(c.topics[0].name, "Trộm cắp tài sản");
	assert_int_equal(c.topics[0].nkeywords, 2);
	assert_string_equal(c.topics[0].keywords[0].text, "trộm");
	assert_int_equal(c.topics[0].keywords[0].weight, 1);
	assert_string_equal(c.topics[0].keywords[1].text, "cạy khóa");
	assert_int_equal(c.topics[0].keywords[1].weight, 100);
	assert_string_equal(c.topics[0].reply, "{ticket}");
	assert_false(c.topics[0].fallback);
	assert_int_equal(c.topics[1].nkeywords, 1);
	assert_string_equal(c.topics[1].keywords[0].text, "nhầm số");
	assert_null(c.topics[1].reply);
	assert_true(c.topics[1].fallback);
	assert_int_equal(c.topics[2].nkeywords, 0);
	assert_int_equal(c.fallback, 1);
	assert_int_equal(c.nabbrevs, 2);
	assert_string_equal(c.abbrevs[0].word, "không");
	assert_int_equal(c.abbrevs[0].nshorts, 2);
	assert_string_equal(c.abbrevs[0].shorts[1], "k");
	assert_string_equal(c.abbrevs[1].shorts[0], "đc");
	assert_int_equal(conf_topic_index(&c, "z9"), 2);
	assert_int_equal(conf_topic_index(&c, "khac"), 1);
	assert_int_equal(conf_topic_index(&c, "nope"), -1);
	conf_release(&c);
	assert_empty(&c);
	conf_release(&c);
	buf_release(&errs);
}

static void
test_defaults(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs;

	buf_init(&errs);
	assert_int_equal(load(f, MODEM TOPICS, &c, &errs), 0);
	assert_int_equal(c.modem.baud, 115200);
	assert_int_equal(c.modem.flow, CONF_FLOW_NONE);
	assert_string_equal(c.modem.pin, "");
	assert_string_equal(c.modem.storage, "SM");
	assert_int_equal(c.modem.poll_interval, 60);
	assert_int_equal(c.modem.ninit, 0);
	assert_string_equal(c.database.path, "/var/lib/gopy/gopy.db");
	assert_int_equal(c.database.busy_timeout, 5000);
	assert_true(c.reply.enabled);
	assert_string_equal(c.reply.unit, "");
	assert_non_null(strstr(c.reply.template, "{ticket}"));
	assert_int_equal(c.nabbrevs, 0);
	/* No zone: $TZ or the default decide (tz.h). No communes. */
	assert_string_equal(c.display.timezone, "");
	assert_int_equal(c.ncommunes, 0);
	conf_release(&c);
	buf_release(&errs);
}

/* Whom gopyd answers, how often and with what, as conf.h gives them. */
static void
test_reply_defaults(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs;
	size_t i;

	buf_init(&errs);
	assert_int_equal(load(f, MODEM TOPICS, &c, &errs), 0);
	assert_int_equal(c.reply.min_sender_digits, 6);
	assert_int_equal(c.reply.nnever, 0);
	assert_int_equal(c.reply.limit_window, 600);
	assert_int_equal(c.reply.limit_per_window, 5);
	assert_int_equal(c.reply.limit_per_day, 20);
	assert_int_equal(c.reply.loop_repeats, 3);
	assert_int_equal(c.reply.repeat_window, 24);
	assert_string_equal(c.reply.repeat_template,
	    "{unit} da nhan phan anh nay, ma so {ticket}. Cam on ban!");
	assert_int_equal(c.reply.max_age, 6);
	assert_null(c.reply.urgent_topics);
	assert_int_equal(c.reply.nurgent_topics, 0);
	assert_null(c.reply.urgent_words);
	assert_int_equal(c.reply.nurgent_words, 0);
	assert_string_equal(c.reply.urgent_suffix, "Neu khan cap goi 113");
	assert_int_equal(c.reply.nduty_numbers, 0);
	assert_string_equal(c.reply.duty_template,
	    "KHAN CAP {ticket} tu {sender}: {text}");
	assert_string_equal(c.reply.notify_template,
	    "{unit}: phan anh {ticket} cua ban da duoc xu ly. Cam on ban!");
	assert_true(c.commands.enabled);
	assert_string_equal(c.commands.status_word, "TT");
	assert_string_equal(c.commands.help_word, "HD");
	assert_string_equal(c.commands.status_template,
	    "Phan anh {ticket}: {status}. {unit}");
	assert_string_equal(c.commands.refuse_template,
	    "Khong tim thay phan anh voi ma so nay tu so dien thoai cua "
	    "ban. {unit}");
	assert_non_null(strstr(c.commands.help_template, "TT <ma so>"));
	assert_string_equal(c.commands.status_new, "da nhan");
	assert_string_equal(c.commands.status_in_progress, "dang xu ly");
	assert_string_equal(c.commands.status_resolved, "da xu ly");
	assert_string_equal(c.commands.status_rejected, "da dong");
	/* Nothing set in the file: every text is its default. */
	for (i = 0; i < CONF_TEXTS; i++) {
		assert_int_equal(c.text_lines[i], 0);
	}
	conf_release(&c);
	buf_release(&errs);
}

/* Every new key of reply and commands, in every allowed form. */
static void
test_reply_commands(void **state)
{
	static const char text[] = MODEM
	    "reply = {\n"
	    "  min_sender_digits = 1; limit_window = 60;\n"
	    "  limit_per_window = 1000; limit_per_day = 10000;\n"
	    "  loop_repeats = 100; repeat_window = 0; max_age = 720;\n"
	    "  never = [ \"0912 345 678\", \"84-168-123-4567\", \"191\",\n"
	    "    \"0084 912 345 679\" ];\n"
	    "  repeat_template = \"{ticket} {topic} {unit} {date}\";\n"
	    "  urgent = {\n"
	    "    topics = ( \"a\" );\n"
	    "    words = [ \"cấp cứu\", \"Ngay bây giờ!\" ];\n"
	    "    suffix = \"\"; };\n"
	    "  duty_numbers = ( \"01681234567\", \"+1 202 555 0123\" );\n"
	    "  duty_template = \"{sender} {text} {ticket} {topic}\";\n"
	    "  notify_template = \"{ticket} xong\";\n"
	    "};\n"
	    "commands = {\n"
	    "  enabled = false; status_word = \"Xem\"; help_word = \"hỏi\";\n"
	    "  status_template = \"{ticket}: {status} {topic} {date}\";\n"
	    "  refuse_template = \"Khong co. {unit} {date}\";\n"
	    "  help_template = \"Gui XEM <ma so>\";\n"
	    "  status_new = \"mới\"; status_in_progress = \"đang làm\";\n"
	    "  status_resolved = \"xong\"; status_rejected = \"đóng\";\n"
	    "};\n" TOPICS;
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs;

	buf_init(&errs);
	if (load(f, text, &c, &errs) != 0) {
		print_error("%s", errs.data);
		fail();
	}
	assert_int_equal(c.reply.min_sender_digits, 1);
	assert_int_equal(c.reply.limit_window, 60);
	assert_int_equal(c.reply.limit_per_window, 1000);
	assert_int_equal(c.reply.limit_per_day, 10000);
	assert_int_equal(c.reply.loop_repeats, 100);
	assert_int_equal(c.reply.repeat_window, 0);
	assert_int_equal(c.reply.max_age, 720);
	/* Normalised: the same forms gopyd compares senders in. */
	assert_int_equal(c.reply.nnever, 4);
	assert_string_equal(c.reply.never[0], "+84912345678");
	assert_string_equal(c.reply.never[1], "+84381234567");
	assert_string_equal(c.reply.never[2], "191");
	assert_string_equal(c.reply.never[3], "+84912345679");
	assert_string_equal(c.reply.repeat_template,
	    "{ticket} {topic} {unit} {date}");
	assert_int_equal(c.text_lines[CONF_TEXT_REPEAT], 8);
	assert_int_equal(c.reply.nurgent_topics, 1);
	assert_string_equal(c.reply.urgent_topics[0], "a");
	assert_int_equal(c.reply.nurgent_words, 2);
	assert_string_equal(c.reply.urgent_words[0], "cấp cứu");
	assert_string_equal(c.reply.urgent_words[1], "Ngay bây giờ!");
	assert_string_equal(c.reply.urgent_suffix, "");
	assert_int_equal(c.reply.nduty_numbers, 2);
	assert_string_equal(c.reply.duty_numbers[0], "+84381234567");
	assert_string_equal(c.reply.duty_numbers[1], "+12025550123");
	assert_string_equal(c.reply.duty_template,
	    "{sender} {text} {ticket} {topic}");
	assert_int_equal(c.text_lines[CONF_TEXT_DUTY], 14);
	assert_string_equal(c.reply.notify_template, "{ticket} xong");
	assert_int_equal(c.text_lines[CONF_TEXT_NOTIFY], 15);
	assert_false(c.commands.enabled);
	assert_string_equal(c.commands.status_word, "Xem");
	assert_string_equal(c.commands.help_word, "hỏi");
	assert_string_equal(c.commands.status_template,
	    "{ticket}: {status} {topic} {date}");
	assert_int_equal(c.text_lines[CONF_TEXT_STATUS], 19);
	assert_string_equal(c.commands.refuse_template,
	    "Khong co. {unit} {date}");
	assert_int_equal(c.text_lines[CONF_TEXT_REFUSE], 20);
	assert_string_equal(c.commands.help_template, "Gui XEM <ma so>");
	assert_int_equal(c.text_lines[CONF_TEXT_HELP], 21);
	assert_string_equal(c.commands.status_new, "mới");
	assert_string_equal(c.commands.status_in_progress, "đang làm");
	assert_string_equal(c.commands.status_resolved, "xong");
	assert_string_equal(c.commands.status_rejected, "đóng");
	assert_int_equal(c.text_lines[CONF_TEXT_REPLY], 0);
	conf_release(&c);
	assert_empty(&c);
	assert_null(c.reply.urgent_words);
	assert_int_equal(c.reply.nnever, 0);
	buf_release(&errs);
}

/*
 * reply.never and reply.duty_numbers hold at most CONF_NUMBERS_MAX numbers,
 * reply.urgent.words and .topics at most CONF_URGENT_MAX entries.
 */
static void
test_reply_limits(void **state)
{
	static const struct {
		const char *key;	/* "never = [" and so on */
		const char *entry;	/* printf format of entry i */
		int	 max;
		const char *want;	/* the error with max + 1 entries */
	} lists[] = {
		{ "reply = { never = [", "\"09123456%02d\"", CONF_NUMBERS_MAX,
		    "reply.never: 65 numbers (max 64)" },
		{ "reply = { duty_numbers = [", "\"09123456%02d\"",
		    CONF_NUMBERS_MAX,
		    "reply.duty_numbers: 65 numbers (max 64)" },
		{ "reply = { urgent = { words = [", "\"tu %d\"",
		    CONF_URGENT_MAX,
		    "reply.urgent.words: 257 entries (max 256)" },
		{ "reply = { urgent = { topics = [", "\"a\"",
		    CONF_URGENT_MAX,
		    "reply.urgent.topics: 257 topics (max 256)" },
	};
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf text, errs;
	size_t k;
	int i, n;

	buf_init(&text);
	buf_init(&errs);
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		for (n = lists[k].max; n <= lists[k].max + 1; n++) {
			buf_reset(&text);
			buf_reset(&errs);
			buf_adds(&text, MODEM TOPICS);
			buf_adds(&text, lists[k].key);
			for (i = 0; i < n; i++) {
				buf_adds(&text, i > 0 ? ", " : " ");
				/* One entry may ignore i: "a" is one topic. */
				buf_addf(&text, lists[k].entry, i);
			}
			buf_adds(&text, strstr(lists[k].key, "urgent") !=
			    NULL ? " ]; }; };\n" : " ]; };\n");
			if (n == lists[k].max) {
				if (load(f, text.data, &c, &errs) != 0) {
					print_error("%s: %s", lists[k].key,
					    errs.data);
					fail();
				}
				assert_int_equal(c.reply.nnever +
				    c.reply.nduty_numbers +
				    c.reply.nurgent_words +
				    c.reply.nurgent_topics, (size_t)n);
				conf_release(&c);
			} else {
				assert_int_equal(load(f, text.data, &c, &errs),
				    -1);
				if (strstr(errs.data, lists[k].want) == NULL) {
					print_error("no '%s' in %s",
					    lists[k].want, errs.data);
					fail();
				}
			}
		}
	}
	buf_release(&text);
	buf_release(&errs);
}

/* display.timezone and communes in every allowed form. */
static void
test_display_communes(void **state)
{
	static const char text[] = MODEM TOPICS
	    "display = { timezone = \"Etc/GMT-7\"; };\n"
	    "communes = (\n"
	    "  { name = \"Thạch Tân\"; places = [ \"thôn Bàu\", \"xóm 3\" ]; },\n"
	    "  { name = \"Thạch Hương\"; places = ( \"Thôn Trung\" ); },\n"
	    "  { name = \"Thạch Đài\"; },\n"
	    "  { name = \"Thạch Kênh\"; places = [ ]; }\n"
	    ");\n";
	static const char *const zones[] = {
		"Asia/Ho_Chi_Minh", "UTC", "America/Port-au-Prince",
		"Etc/GMT+12", "America/Argentina/Buenos_Aires",
	};
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs, zone;
	size_t i;

	buf_init(&errs);
	if (load(f, text, &c, &errs) != 0) {
		print_error("%s", errs.data);
		fail();
	}
	assert_string_equal(c.display.timezone, "Etc/GMT-7");
	assert_int_equal(c.ncommunes, 4);
	assert_string_equal(c.communes[0].name, "Thạch Tân");
	assert_int_equal(c.communes[0].nplaces, 2);
	assert_string_equal(c.communes[0].places[0], "thôn Bàu");
	assert_string_equal(c.communes[0].places[1], "xóm 3");
	assert_string_equal(c.communes[1].name, "Thạch Hương");
	assert_int_equal(c.communes[1].nplaces, 1);
	assert_string_equal(c.communes[1].places[0], "Thôn Trung");
	assert_string_equal(c.communes[2].name, "Thạch Đài");
	assert_int_equal(c.communes[2].nplaces, 0);
	assert_int_equal(c.communes[3].nplaces, 0);
	conf_release(&c);
	assert_empty(&c);

	buf_init(&zone);
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		buf_reset(&zone);
		buf_addf(&zone, MODEM TOPICS "display = { timezone = \"%s\"; };\n",
		    zones[i]);
		if (load(f, zone.data, &c, &errs) != 0) {
			print_error("zone %s: %s", zones[i], errs.data);
			fail();
		}
		assert_string_equal(c.display.timezone, zones[i]);
		conf_release(&c);
	}
	buf_release(&zone);
	buf_release(&errs);
}

/* At most CONF_COMMUNES_MAX communes and CONF_PLACES_MAX places each. */
static void
test_communes_limits(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf text, errs;
	char want[64];
	int i;

	buf_init(&text);
	buf_init(&errs);
	buf_adds(&text, MODEM TOPICS "communes = (\n");
	for (i = 0; i <= CONF_COMMUNES_MAX; i++) {
		buf_addf(&text, "%s{ name = \"xa %d\"; }", i > 0 ? ", " : "", i);
	}
	buf_adds(&text, ");\n");
	assert_int_equal(load(f, text.data, &c, &errs), -1);
	snprintf(want, sizeof(want), "communes: %d communes (max %d)",
	    CONF_COMMUNES_MAX + 1, CONF_COMMUNES_MAX);
	assert_non_null(strstr(errs.data, want));
	assert_empty(&c);

	buf_reset(&text);
	buf_reset(&errs);
	buf_adds(&text, MODEM TOPICS "communes = ( { name = \"A\"; places = [");
	for (i = 0; i <= CONF_PLACES_MAX; i++) {
		buf_addf(&text, "%s\"thon %d\"", i > 0 ? ", " : "", i);
	}
	buf_adds(&text, "]; } );\n");
	assert_int_equal(load(f, text.data, &c, &errs), -1);
	snprintf(want, sizeof(want), "communes[0].places: %d places (max %d)",
	    CONF_PLACES_MAX + 1, CONF_PLACES_MAX);
	assert_non_null(strstr(errs.data, want));

	/* The most there may be load. */
	buf_reset(&text);
	buf_reset(&errs);
	buf_adds(&text, MODEM TOPICS "communes = (\n");
	for (i = 0; i < CONF_COMMUNES_MAX; i++) {
		buf_addf(&text, "%s{ name = \"xa %d\"; }", i > 0 ? ", " : "", i);
	}
	buf_adds(&text, ");\n");
	if (load(f, text.data, &c, &errs) != 0) {
		print_error("%s", errs.data);
		fail();
	}
	assert_int_equal(c.ncommunes, CONF_COMMUNES_MAX);
	conf_release(&c);
	buf_release(&text);
	buf_release(&errs);
}

/* The shipped example is valid and has the eleven topics in order. */
static void
test_shipped(void **state)
{
	static const char *const ids[] = {
		"trom_cap", "co_bac", "giao_thong", "te_nan", "an_ninh",
		"thu_tuc", "cong_an_xa", "tham_nhung", "thai_do", "khen",
		"khac",
	};
	static const char *const ambiguous[] = {
		"dang", "chay", "cuu", "danh", "cap",
	};
	struct gopy_conf c;
	struct buf errs, folded;
	size_t i, j;

	(void)state;
	buf_init(&errs);
	if (conf_load(&c, SHIPPED_CONF, &errs) != 0) {
		print_error("%s", errs.data);
		fail();
	}
	assert_string_equal(c.modem.device, "/dev/gsm-modem");
	assert_string_equal(c.database.path, "/var/lib/gopy/gopy.db");
	assert_string_equal(c.reply.unit, "CA xa Thach Ha");
	assert_int_equal(c.ntopics, 11);
	for (i = 0; i < 11; i++) {
		assert_string_equal(c.topics[i].id, ids[i]);
		assert_true(c.topics[i].fallback == (i == 10));
	}
	assert_int_equal(c.fallback, 10);
	assert_true(c.nabbrevs > 0);
	/* Short codes unanswered; no duty phone until the unit sets one. */
	assert_int_equal(c.reply.min_sender_digits, 6);
	assert_int_equal(c.reply.nduty_numbers, 0);
	assert_true(c.commands.enabled);
	assert_string_equal(c.commands.status_word, "TT");
	assert_string_equal(c.commands.help_word, "HD");
	/*
	 * Urgent words match folded: none may be a lone word that, without
	 * its marks, is a common other one ("đang" is "đăng ký", "cháy" is
	 * "chạy", "cứu" is "cứu trợ").
	 */
	assert_true(c.reply.nurgent_words > 0);
	buf_init(&folded);
	for (i = 0; i < c.reply.nurgent_words; i++) {
		buf_reset(&folded);
		text_fold(c.reply.urgent_words[i],
		    strlen(c.reply.urgent_words[i]), &folded);
		for (j = 0; j < sizeof(ambiguous) / sizeof(ambiguous[0]); j++) {
			if (strcmp(folded.data, ambiguous[j]) == 0) {
				fail_msg("urgent word '%s' alone",
				    c.reply.urgent_words[i]);
			}
		}
	}
	buf_release(&folded);
	conf_release(&c);
	buf_release(&errs);
}

static void
test_missing_file(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs;
	char want[160];

	buf_init(&errs);
	assert_int_equal(conf_load(&c, f->path, &errs), -1);
	snprintf(want, sizeof(want), "open '%s': No such file or directory\n",
	    f->path);
	assert_string_equal(errs.data, want);
	assert_empty(&c);
	conf_release(&c);
	buf_release(&errs);
}

/*
 * Bad files. Each message must be in the output, with its line; nerrs is
 * the number of lines of output.
 */
static const struct {
	const char *name;
	const char *text;
	size_t	 nerrs;
	const char *want[4];
} bad_cases[] = {
	{ "syntax error", "modem = { device = ; };\n" TOPICS, 1,
	    { "/gopy.conf:1: syntax error" } },
	{ "type error", "modem = {\n device = 5;\n};\n" TOPICS, 1,
	    { "/gopy.conf:2: modem.device: expected a string, got an "
	    "integer" } },
	{ "float for integer", MODEM "database = {\n busy_timeout = 60.0;\n"
	    "};\n" TOPICS, 1,
	    { "/gopy.conf:3: database.busy_timeout: expected an integer, "
	    "got a float" } },
	{ "out of range", "modem = { device = \"/dev/ttyUSB0\";\n"
	    " poll_interval = 2; };\n" TOPICS, 1,
	    { "/gopy.conf:2: modem.poll_interval: 2 is out of range (min 5, "
	    "max 3600)" } },
	{ "baud not in table", "modem = { device = \"/dev/ttyUSB0\";\n"
	    "\n baud = 12345; };\n" TOPICS, 1,
	    { "/gopy.conf:3: modem.baud: 12345 is not one of 9600, 19200" } },
	/* libconfig 1.5 would wrap this to 9600. */
	{ "integer wrapped by libconfig", "modem = { device = \"/dev/x\";\n"
	    " baud = 4294976896; };\n" TOPICS, 1,
	    { "/gopy.conf:2: integer '4294976896' is out of range" } },
	{ "hex wrapped by libconfig", MODEM "database = {\n"
	    " busy_timeout = 0x80000000; };\n" TOPICS, 1,
	    { "/gopy.conf:3: integer '0x80000000' is out of range" } },
	{ "64-bit integer", MODEM "database = {\n"
	    " busy_timeout = 5000000000L; };\n" TOPICS, 1,
	    { "/gopy.conf:3: database.busy_timeout: 5000000000 is out of "
	    "range (min 0, max 600000)" } },
	{ "unknown top-level key", MODEM "\nbogus = 1;\n" TOPICS, 1,
	    { "/gopy.conf:3: bogus: unknown key (known: modem, database, "
	    "reply, commands, classifier, topics, abbreviations, display, "
	    "communes)" } },
	/* display.timezone */
	{ "display of the wrong type", MODEM TOPICS "display = \"UTC\";\n", 1,
	    { "/gopy.conf:4: display: expected a group { ... }, got a "
	    "string" } },
	{ "unknown key in display", MODEM TOPICS
	    "display = {\n tz = \"UTC\"; };\n", 1,
	    { "/gopy.conf:5: display.tz: unknown key (known: timezone)" } },
	{ "timezone of the wrong type", MODEM TOPICS
	    "display = {\n timezone = 7; };\n", 1,
	    { "/gopy.conf:5: display.timezone: expected a string, got an "
	    "integer" } },
	{ "empty timezone", MODEM TOPICS "display = { timezone = \"\"; };\n",
	    1, { "/gopy.conf:4: display.timezone: '' is not a time zone "
	    "name like \"Asia/Ho_Chi_Minh\"" } },
	{ "timezone with a space", MODEM TOPICS
	    "display = { timezone = \"Asia/Ho Chi Minh\"; };\n", 1,
	    { "display.timezone: 'Asia/Ho Chi Minh' is not a time zone "
	    "name" } },
	{ "timezone as a path", MODEM TOPICS
	    "display = { timezone = \"/etc/passwd\"; };\n", 1,
	    { "display.timezone: '/etc/passwd' is not a time zone name" } },
	{ "timezone going up", MODEM TOPICS
	    "display = { timezone = \"../../etc/passwd\"; };\n", 1,
	    { "display.timezone: '../../etc/passwd' is not a time zone "
	    "name" } },
	{ "timezone with an empty part", MODEM TOPICS
	    "display = { timezone = \"Asia//Saigon\"; };\n", 1,
	    { "display.timezone: 'Asia//Saigon' is not a time zone name" } },
	{ "timezone ending in a slash", MODEM TOPICS
	    "display = { timezone = \"Asia/\"; };\n", 1,
	    { "display.timezone: 'Asia/' is not a time zone name" } },
	{ "timezone as a POSIX rule", MODEM TOPICS
	    "display = { timezone = \"<+07>-7\"; };\n", 1,
	    { "display.timezone: '<+07>-7' is not a time zone name" } },
	{ "timezone too long", MODEM TOPICS "display = { timezone = "
	    "\"Asia/Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "\"; };\n", 1,
	    { "display.timezone: too long: 65 bytes (max 64)" } },
	/* communes */
	{ "communes of the wrong type", MODEM TOPICS "communes = { };\n", 1,
	    { "/gopy.conf:4: communes: expected a list ( ... ) or an array "
	    "[ ... ], got a group" } },
	{ "commune not a group", MODEM TOPICS
	    "communes = ( \"Thạch Hà\" );\n", 1,
	    { "/gopy.conf:4: communes[0]: expected a group { ... }, got a "
	    "string" } },
	{ "commune without a name", MODEM TOPICS
	    "communes = (\n { places = [ \"xóm 1\" ]; } );\n", 1,
	    { "/gopy.conf:5: communes[0].name: required key is missing" } },
	{ "commune name of the wrong type", MODEM TOPICS
	    "communes = ( { name = 5; } );\n", 1,
	    { "communes[0].name: expected a string, got an integer" } },
	{ "empty commune name", MODEM TOPICS
	    "communes = ( { name = \"\"; } );\n", 1,
	    { "communes[0].name: '' has no letter or digit to match" } },
	{ "commune name of punctuation", MODEM TOPICS
	    "communes = ( { name = \"--\"; } );\n", 1,
	    { "communes[0].name: '--' has no letter or digit to match" } },
	{ "commune name too long", MODEM TOPICS "communes = ( { name = \""
	    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "\"; } );\n", 1,
	    { "communes[0].name: too long: 129 bytes (max 128)" } },
	{ "unknown key in a commune", MODEM TOPICS
	    "communes = ( { name = \"A\";\n village = [ ]; } );\n", 1,
	    { "/gopy.conf:5: communes[0].village: unknown key (known: name, "
	    "places)" } },
	{ "places of the wrong type", MODEM TOPICS
	    "communes = ( { name = \"A\"; places = \"xóm 1\"; } );\n", 1,
	    { "communes[0].places: expected a list ( ... ) or an array "
	    "[ ... ], got a string" } },
	{ "place not a string", MODEM TOPICS
	    "communes = ( { name = \"A\"; places = [ 1 ]; } );\n", 1,
	    { "communes[0].places[0]: expected a string, got an integer" } },
	{ "place without letters", MODEM TOPICS
	    "communes = ( { name = \"A\"; places = ( \"x\", \"!!!\" ); } );\n",
	    1, { "communes[0].places[1]: '!!!' has no letter or digit to "
	    "match" } },
	{ "place too long", MODEM TOPICS "communes = ( { name = \"A\"; "
	    "places = [ \""
	    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "\" ]; } );\n", 1,
	    { "communes[0].places[0]: too long: 129 bytes (max 128)" } },
	{ "place of invalid utf-8", MODEM TOPICS
	    "communes = ( { name = \"A\"; places = [ \"x\\xc3\" ]; } );\n", 1,
	    { "communes[0].places[0]: invalid UTF-8 at byte 1" } },
	{ "place in two communes", MODEM TOPICS "communes = (\n"
	    " { name = \"A\"; places = [ \"xóm 3\" ]; },\n"
	    " { name = \"B\"; places = [ \"Xom  3!\" ]; } );\n", 1,
	    { "/gopy.conf:6: communes[1].places[0]: 'Xom  3!' reads as "
	    "'xóm 3' of communes[0].places[0] (line 5): a place must name "
	    "one commune, once" } },
	{ "place twice in a commune", MODEM TOPICS "communes = (\n"
	    " { name = \"A\"; places = [ \"thôn Đông\", \"Thon dong\" ]; } );\n",
	    1, { "communes[0].places[1]: 'Thon dong' reads as 'thôn Đông' of "
	    "communes[0].places[0]" } },
	{ "place named as a commune", MODEM TOPICS "communes = (\n"
	    " { name = \"Thạch Hà\"; },\n"
	    " { name = \"B\"; places = [ \"thach ha\" ]; } );\n", 1,
	    { "communes[1].places[0]: 'thach ha' reads as 'Thạch Hà' of "
	    "communes[0].name (line 5)" } },
	{ "two communes of one name", MODEM TOPICS "communes = (\n"
	    " { name = \"Thạch Hà\"; },\n { name = \"THẠCH HÀ\"; } );\n", 1,
	    { "/gopy.conf:6: communes[1].name: 'THẠCH HÀ' reads as "
	    "'Thạch Hà' of communes[0].name" } },
	{ "every commune error at once", MODEM TOPICS "communes = (\n"
	    " { name = \"\"; places = [ \"?\" ]; },\n"
	    " { places = 3; } );\n", 4,
	    { "communes[0].name: ''", "communes[0].places[0]: '?'",
	    "communes[1].name: required", "communes[1].places: expected" } },
	/* reply: whom not to answer, limits, urgency */
	{ "min_sender_digits of the wrong type", MODEM TOPICS
	    "reply = {\n min_sender_digits = \"6\"; };\n", 1,
	    { "/gopy.conf:5: reply.min_sender_digits: expected an integer, "
	    "got a string" } },
	{ "min_sender_digits out of range", MODEM TOPICS
	    "reply = { min_sender_digits = 0; };\n"
	    "reply2 = 1;\n", 2,
	    { "/gopy.conf:4: reply.min_sender_digits: 0 is out of range "
	    "(min 1, max 15)", "/gopy.conf:5: reply2: unknown key" } },
	{ "every limit below range", MODEM TOPICS "reply = {\n"
	    " min_sender_digits = 0;\n limit_window = 59;\n"
	    " limit_per_window = 0;\n limit_per_day = 0;\n"
	    " loop_repeats = 0;\n repeat_window = -1;\n max_age = 0; };\n", 7,
	    { "/gopy.conf:5: reply.min_sender_digits: 0 is out of range "
	    "(min 1, max 15)",
	    "/gopy.conf:6: reply.limit_window: 59 is out of range (min 60, "
	    "max 86400)",
	    "/gopy.conf:9: reply.loop_repeats: 0 is out of range (min 1, "
	    "max 100)",
	    "/gopy.conf:10: reply.repeat_window: -1 is out of range (min 0, "
	    "max 720)" } },
	{ "every limit above range", MODEM TOPICS "reply = {\n"
	    " min_sender_digits = 16;\n limit_window = 86401;\n"
	    " limit_per_window = 1001;\n limit_per_day = 10001;\n"
	    " loop_repeats = 101;\n repeat_window = 721;\n max_age = 721; };\n",
	    7,
	    { "/gopy.conf:7: reply.limit_per_window: 1001 is out of range "
	    "(min 1, max 1000)",
	    "/gopy.conf:8: reply.limit_per_day: 10001 is out of range (min 1, "
	    "max 10000)",
	    "/gopy.conf:10: reply.repeat_window: 721 is out of range",
	    "/gopy.conf:11: reply.max_age: 721 is out of range (min 1, "
	    "max 720)" } },
	{ "max_age as a float", MODEM TOPICS "reply = { max_age = 6.5; };\n", 1,
	    { "reply.max_age: expected an integer, got a float" } },
	{ "never of the wrong type", MODEM TOPICS
	    "reply = { never = \"0912345678\"; };\n", 1,
	    { "/gopy.conf:4: reply.never: expected a list ( ... ) or an array "
	    "[ ... ], got a string" } },
	{ "never with a number as an integer", MODEM TOPICS
	    "reply = { never = [ 912345678 ]; };\n", 1,
	    { "reply.never[0]: expected a string, got an integer" } },
	{ "never with bad numbers", MODEM TOPICS "reply = { never = (\n"
	    " \"0912345678\",\n \"Viettel\",\n \"09123x5678\",\n \"\",\n"
	    " \"++84912345678\" ); };\n", 4,
	    { "/gopy.conf:6: reply.never[1]: 'Viettel' is not a phone number",
	    "/gopy.conf:7: reply.never[2]: '09123x5678' is not a phone number",
	    "/gopy.conf:8: reply.never[3]: '' is not a phone number",
	    "/gopy.conf:9: reply.never[4]: '++84912345678' is not a phone "
	    "number" } },
	{ "duty number not a phone", MODEM TOPICS
	    "reply = { duty_numbers = [\n \"0912345678\",\n \"113\",\n"
	    " \"1900 1234\",\n \"so truc\" ]; };\n", 3,
	    { "/gopy.conf:6: reply.duty_numbers[1]: '113' is not a full phone "
	    "number (like 0912345678 or +84912345678)",
	    "/gopy.conf:7: reply.duty_numbers[2]: '1900 1234' is not a full",
	    "/gopy.conf:8: reply.duty_numbers[3]: 'so truc' is not a phone "
	    "number" } },
	{ "urgent of the wrong type", MODEM TOPICS
	    "reply = {\n urgent = [ \"cứu\" ]; };\n", 1,
	    { "/gopy.conf:5: reply.urgent: expected a group { ... }, got an "
	    "array [ ... ]" } },
	{ "unknown key in urgent", MODEM TOPICS
	    "reply = { urgent = {\n word = [ \"cứu\" ]; }; };\n", 1,
	    { "/gopy.conf:5: reply.urgent.word: unknown key (known: topics, "
	    "words, suffix)" } },
	{ "urgent topic not configured", MODEM TOPICS
	    "reply = { urgent = { topics = [\n \"a\",\n \"trom_cap\",\n"
	    " \"khac\" ]; }; };\n", 1,
	    { "/gopy.conf:6: reply.urgent.topics[1]: no topic 'trom_cap' in "
	    "the configuration" } },
	{ "urgent topics of the wrong type", MODEM TOPICS
	    "reply = { urgent = { topics = \"a\"; }; };\n", 1,
	    { "reply.urgent.topics: expected a list ( ... ) or an array" } },
	{ "urgent topic as an integer", MODEM TOPICS
	    "reply = { urgent = { topics = ( 1 ); }; };\n", 1,
	    { "reply.urgent.topics[0]: expected a string, got an integer" } },
	{ "urgent words without letters", MODEM TOPICS
	    "reply = { urgent = { words = [\n \"cứu tôi\",\n \"!!!\",\n"
	    " \"\" ]; }; };\n", 2,
	    { "/gopy.conf:6: reply.urgent.words[1]: '!!!' has no letter or "
	    "digit to match",
	    "/gopy.conf:7: reply.urgent.words[2]: '' has no letter" } },
	{ "urgent suffix with a placeholder", MODEM TOPICS
	    "reply = { urgent = {\n suffix = \"Goi {unit}\"; }; };\n", 1,
	    { "/gopy.conf:5: reply.urgent.suffix: 'Goi {unit}': no "
	    "placeholders or braces here, the suffix is added as written" } },
	{ "urgent suffix of the wrong type", MODEM TOPICS
	    "reply = { urgent = { suffix = 113; }; };\n", 1,
	    { "reply.urgent.suffix: expected a string, got an integer" } },
	{ "urgent in a reply that is no group", MODEM TOPICS
	    "reply = [ 1 ];\n", 1,
	    { "/gopy.conf:4: reply: expected a group { ... }, got an array" } },
	/* Each text, with a placeholder its kind does not have. */
	{ "placeholders per kind", MODEM TOPICS "reply = {\n"
	    " repeat_template = \"{ticket} {status}\";\n"
	    " notify_template = \"{ticket} {sender}\";\n"
	    " duty_template = \"{text} {status}\";\n"
	    " template = \"{ticket} {text}\"; };\n", 4,
	    { "/gopy.conf:5: reply.repeat_template: no placeholder '{status}' "
	    "here (known: {ticket} {topic} {unit} {date})",
	    "/gopy.conf:6: reply.notify_template: no placeholder '{sender}' "
	    "here",
	    "/gopy.conf:7: reply.duty_template: no placeholder '{status}' "
	    "here (known: {ticket} {topic} {unit} {date} {sender} {text})",
	    "/gopy.conf:8: reply.template: no placeholder '{text}' here" } },
	{ "placeholders per kind, commands", MODEM TOPICS "commands = {\n"
	    " status_template = \"{status} {sender}\";\n"
	    " refuse_template = \"Khong co {ticket}\";\n"
	    " help_template = \"HD {topic}\";\n"
	    " status_new = \"{x}\"; };\n", 3,
	    { "/gopy.conf:5: commands.status_template: no placeholder "
	    "'{sender}' here (known: {ticket} {topic} {unit} {date} {status})",
	    "/gopy.conf:6: commands.refuse_template: no placeholder "
	    "'{ticket}' here (known: {unit} {date})",
	    "/gopy.conf:7: commands.help_template: no placeholder '{topic}' "
	    "here (known: {unit} {date})" } },
	{ "unknown and unclosed placeholders", MODEM TOPICS "reply = {\n"
	    " repeat_template = \"{tiket}\";\n notify_template = \"{ticket\";\n"
	    " duty_template = \"\"; };\n", 3,
	    { "/gopy.conf:5: reply.repeat_template: unknown placeholder "
	    "'{tiket}'",
	    "/gopy.conf:6: reply.notify_template: unclosed placeholder",
	    "/gopy.conf:7: reply.duty_template: empty template" } },
	{ "status answer without the status", MODEM TOPICS "commands = {\n"
	    " status_template = \"Phan anh {ticket} {unit}\"; };\n", 1,
	    { "/gopy.conf:5: commands.status_template: no {status}: the "
	    "answer would not tell the status" } },
	/* commands */
	{ "commands of the wrong type", MODEM TOPICS "commands = true;\n", 1,
	    { "/gopy.conf:4: commands: expected a group { ... }, got a "
	    "boolean" } },
	{ "unknown key in commands", MODEM TOPICS
	    "commands = {\n stop_word = \"DUNG\"; };\n", 1,
	    { "/gopy.conf:5: commands.stop_word: unknown key (known: enabled, "
	    "status_word, help_word, " } },
	{ "commands.enabled of the wrong type", MODEM TOPICS
	    "commands = { enabled = 1; };\n", 1,
	    { "commands.enabled: expected a boolean, got an integer" } },
	{ "command words equal once folded", MODEM TOPICS "commands = {\n"
	    " status_word = \"Hđ\"; };\n", 1,
	    { "/gopy.conf:5: commands.status_word: 'HD' and 'Hđ' are the same "
	    "command once case and diacritics are ignored" } },
	{ "command words equal, both set", MODEM TOPICS "commands = {\n"
	    " status_word = \"xem\";\n help_word = \"XÉM\"; };\n", 1,
	    { "/gopy.conf:6: commands.help_word: 'XÉM' and 'xem' are the same "
	    "command" } },
	{ "command words not one word", MODEM TOPICS "commands = {\n"
	    " status_word = \"T T\";\n help_word = \"?\"; };\n", 2,
	    { "/gopy.conf:5: commands.status_word: 'T T' is not one word of "
	    "letters and digits",
	    "/gopy.conf:6: commands.help_word: '?' is not one word" } },
	{ "command word too long", MODEM TOPICS "commands = {\n"
	    " help_word = \"huongdansudungdv\";\n"
	    " status_word = \"tinhtrangphananhx\"; };\n", 1,
	    { "/gopy.conf:6: commands.status_word: too long: 17 bytes (max "
	    "16)" } },
	{ "command word as an integer", MODEM TOPICS
	    "commands = { status_word = 11; };\n", 1,
	    { "commands.status_word: expected a string, got an integer" } },
	{ "status texts", MODEM TOPICS "commands = {\n"
	    " status_new = \"\";\n status_in_progress = 1;\n"
	    " status_resolved = \"...\";\n status_rejected = \"a\tb\"; };\n",
	    4,
	    { "/gopy.conf:5: commands.status_new: '' has no letter or digit",
	    "/gopy.conf:6: commands.status_in_progress: expected a string",
	    "/gopy.conf:7: commands.status_resolved: '...' has no letter",
	    "/gopy.conf:8: commands.status_rejected: control character" } },
	{ "unknown nested key", "modem = {\n device = \"/dev/x\";\n"
	    " speed = 9600;\n};\n" TOPICS, 1,
	    { "/gopy.conf:3: modem.speed: unknown key (known: device, " } },
	{ "unknown key in a topic", MODEM "topics = (\n"
	    " { id = \"khac\"; name = \"K\"; fallback = true;\n"
	    "   colour = \"red\"; } );\n", 1,
	    { "/gopy.conf:4: topics.khac.colour: unknown key" } },
	{ "unknown key in an abbreviation", MODEM TOPICS
	    "abbreviations = (\n { word = \"không\"; short = [ \"ko\" ];\n"
	    "   long = \"x\"; } );\n", 1,
	    { "/gopy.conf:6: abbreviations[0].long: unknown key" } },
	{ "missing modem", TOPICS, 1,
	    { "/gopy.conf: modem: required key is missing" } },
	{ "missing device", "modem = {\n baud = 9600;\n};\n" TOPICS, 1,
	    { "/gopy.conf:1: modem.device: required key is missing" } },
	{ "missing topics", MODEM, 1,
	    { "/gopy.conf: topics: required key is missing" } },
	{ "missing topic name", MODEM "topics = (\n"
	    " { id = \"khac\"; fallback = true; } );\n", 1,
	    { "/gopy.conf:3: topics.khac.name: required key is missing" } },
	{ "section of the wrong type", "modem = 5;\n" TOPICS, 1,
	    { "/gopy.conf:1: modem: expected a group { ... }, got an "
	    "integer" } },
	{ "topics of the wrong type", MODEM "topics = { };\n", 1,
	    { "/gopy.conf:2: topics: expected a list ( ... ) or an array "
	    "[ ... ], got a group" } },
	{ "no topics", MODEM "topics = ( );\n", 1,
	    { "/gopy.conf:2: topics: 0 topics (min 1, max 64)" } },
	{ "duplicate topic id", MODEM "topics = (\n"
	    " { id = \"a\"; name = \"A\"; },\n"
	    " { id = \"a\"; name = \"B\"; fallback = true; } );\n", 1,
	    { "/gopy.conf:4: topics[1].id: duplicate topic id 'a' (first at "
	    "line 3)" } },
	{ "bad topic id", MODEM "topics = (\n"
	    " { id = \"Trom Cap\"; name = \"A\"; fallback = true; } );\n", 1,
	    { "/gopy.conf:3: topics[0].id: 'Trom Cap' is not a topic id" } },
	{ "no fallback", MODEM "topics = (\n"
	    " { id = \"a\"; name = \"A\"; } );\n", 1,
	    { "/gopy.conf:2: topics: no topic has fallback = true" } },
	{ "two fallbacks", MODEM "topics = (\n"
	    " { id = \"a\"; name = \"A\"; fallback = true; },\n"
	    " { id = \"b\"; name = \"B\";\n"
	    "   fallback = true; } );\n", 1,
	    { "/gopy.conf:5: topics.b.fallback: a second fallback topic (the "
	    "first is topics[0])" } },
	{ "bad template placeholder", MODEM "reply = {\n"
	    " template = \"Ma so {tiket}\"; };\n" TOPICS, 1,
	    { "/gopy.conf:3: reply.template: unknown placeholder '{tiket}'" } },
	{ "bad topic reply", MODEM "topics = (\n"
	    " { id = \"a\"; name = \"A\"; fallback = true;\n"
	    "   reply = \"{ticket\"; } );\n", 1,
	    { "/gopy.conf:4: topics.a.reply: unclosed placeholder" } },
	{ "empty template", MODEM "reply = { template = \"\"; };\n" TOPICS, 1,
	    { "/gopy.conf:2: reply.template: empty template" } },
	{ "keyword weight", MODEM "topics = (\n"
	    " { id = \"a\"; name = \"A\"; fallback = true;\n"
	    "   keywords = ( \"x\",\n (\"y\", 0) ); } );\n", 1,
	    { "/gopy.conf:5: topics.a.keywords[1][1]: 0 is out of range "
	    "(min 1, max 100)" } },
	{ "keyword shape", MODEM "topics = (\n"
	    " { id = \"a\"; name = \"A\"; fallback = true;\n"
	    "   keywords = ( (\"y\", 2, 3) ); } );\n", 1,
	    { "/gopy.conf:4: topics.a.keywords[0]: expected a string or a "
	    "list (\"phrase\", weight), got a list" } },
	{ "keyword without letters", MODEM "topics = (\n"
	    " { id = \"a\"; name = \"A\"; fallback = true;\n"
	    "   keywords = [ \"!!!\" ]; } );\n", 1,
	    { "/gopy.conf:4: topics.a.keywords[0]: '!!!' has no letter or "
	    "digit to match" } },
	{ "invalid utf-8", MODEM "topics = (\n"
	    " { id = \"a\"; name = \"A\xff\"; fallback = true; } );\n", 1,
	    { "/gopy.conf:3: topics.a.name: invalid UTF-8 at byte 1" } },
	{ "escaped invalid utf-8", MODEM "reply = {\n"
	    " unit = \"\\xc3\"; };\n" TOPICS, 1,
	    { "/gopy.conf:3: reply.unit: invalid UTF-8 at byte 0" } },
	{ "control character", MODEM "reply = { unit = \"a\\tb\"; };\n"
	    TOPICS, 1,
	    { "/gopy.conf:2: reply.unit: control character U+0009 at "
	    "byte 1" } },
	{ "string too long", MODEM "reply = { unit = \""
	    "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789\"; };\n" TOPICS, 1,
	    { "/gopy.conf:2: reply.unit: too long: 160 bytes (max 128)" } },
	{ "boolean of the wrong type", MODEM "reply = { enabled = \"yes\"; };\n"
	    TOPICS, 1,
	    { "/gopy.conf:2: reply.enabled: expected a boolean, got a "
	    "string" } },
	{ "device without port", "modem = { device = \"tcp:host\"; };\n"
	    TOPICS, 1,
	    { "/gopy.conf:1: modem.device: 'tcp:host': must be an absolute "
	    "path or tcp:HOST:PORT" } },
	{ "device port zero", "modem = { device = \"tcp:host:0\"; };\n"
	    TOPICS, 1,
	    { "/gopy.conf:1: modem.device: 'tcp:host:0': port out of range" } },
	{ "relative device", "modem = { device = \"ttyUSB0\"; };\n" TOPICS, 1,
	    { "/gopy.conf:1: modem.device: 'ttyUSB0': must be an absolute" } },
	{ "pin", "modem = { device = \"/dev/x\"; pin = \"12a4\"; };\n" TOPICS,
	    1, { "/gopy.conf:1: modem.pin: must be empty or 4 to 8 digits" } },
	{ "short pin", "modem = { device = \"/dev/x\"; pin = \"123\"; };\n"
	    TOPICS, 1,
	    { "/gopy.conf:1: modem.pin: must be empty or 4 to 8 digits" } },
	{ "flow control", "modem = { device = \"/dev/x\";\n"
	    " flow_control = \"hw\"; };\n" TOPICS, 1,
	    { "/gopy.conf:2: modem.flow_control: 'hw' is not one of none, "
	    "rtscts, xonxoff" } },
	{ "storage", "modem = { device = \"/dev/x\"; storage = \"sm\"; };\n"
	    TOPICS, 1,
	    { "/gopy.conf:1: modem.storage: 'sm' is not one of SM, ME, MT" } },
	{ "init command", "modem = { device = \"/dev/x\";\n"
	    " init = ( \"ATZ\", \"ZZ\" ); };\n" TOPICS, 1,
	    { "/gopy.conf:2: modem.init[1]: 'ZZ' is not an AT command" } },
	{ "init undoes gopyd's settings", "modem = { device = \"/dev/x\";\n"
	    " init = ( \"AT+CNMI=2,2,0,0,0\",\n \"at+cmgf=1\" ); };\n"
	    TOPICS, 2,
	    { "/gopy.conf:2: modem.init[0]: 'AT+CNMI=2,2,0,0,0' would undo "
	      "gopyd's own +CNMI setting",
	      "/gopy.conf:3: modem.init[1]: 'at+cmgf=1' would undo" } },
	{ "too many init commands", "modem = { device = \"/dev/x\";\n"
	    " init = [ \"AT\", \"AT\", \"AT\", \"AT\", \"AT\", \"AT\", \"AT\","
	    " \"AT\", \"AT\", \"AT\", \"AT\", \"AT\", \"AT\", \"AT\", \"AT\","
	    " \"AT\", \"AT\" ]; };\n" TOPICS, 1,
	    { "/gopy.conf:2: modem.init: too many commands: 17 (max 16)" } },
	{ "short form of two words", MODEM TOPICS "abbreviations = (\n"
	    " { word = \"không\"; short = [ \"ko\",\n \"k o\" ]; } );\n", 1,
	    { "/gopy.conf:6: abbreviations[0].short[1]: 'k o' is not one "
	    "word of letters and digits" } },
	{ "no short forms", MODEM TOPICS "abbreviations = (\n"
	    " { word = \"không\"; short = [ ]; } );\n", 1,
	    { "/gopy.conf:5: abbreviations[0].short: 0 short forms (min 1, "
	    "max 32)" } },
	{ "include", "@include \"other.conf\"\n" MODEM TOPICS, 2,
	    { "/gopy.conf:1: @include is not supported" } },
	{ "several errors", "modem = {\n"
	    " device = \"tcp:h:99999\";\n"
	    " baud = 1;\n"
	    " typo = 1;\n"
	    "};\n"
	    "topics = (\n"
	    " { id = \"a\"; name = \"A\"; keywords = ( (\"x\", 101) ); },\n"
	    " { id = \"a\"; name = \"\"; } );\n", 7,
	    { "/gopy.conf:2: modem.device: 'tcp:h:99999': port out of range",
	    "/gopy.conf:3: modem.baud: 1 is not one of",
	    "/gopy.conf:4: modem.typo: unknown key",
	    "/gopy.conf:7: topics.a.keywords[0][1]: 101 is out of range" } },
	/* The rest of that case, when four strings are not enough. */
	{ "several errors, topics", "modem = {\n"
	    " device = \"tcp:h:99999\";\n"
	    " baud = 1;\n"
	    " typo = 1;\n"
	    "};\n"
	    "topics = (\n"
	    " { id = \"a\"; name = \"A\"; keywords = ( (\"x\", 101) ); },\n"
	    " { id = \"a\"; name = \"\"; } );\n", 7,
	    { "/gopy.conf:8: topics[1].id: duplicate topic id 'a' (first at "
	    "line 7)",
	    "/gopy.conf:8: topics[1].name: empty name",
	    "/gopy.conf:6: topics: no topic has fallback = true" } },
};

/* Every case runs; each failing one is reported. */
static void
test_bad(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs;
	size_t i, j, failed = 0;

	buf_init(&errs);
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		buf_reset(&errs);
		if (load(f, bad_cases[i].text, &c, &errs) != -1) {
			print_error("case %s: loaded\n", bad_cases[i].name);
			failed++;
			conf_release(&c);
			continue;
		}
		assert_empty(&c);
		for (j = 0; j < 4 && bad_cases[i].want[j] != NULL; j++) {
			if (strstr(errs.data, bad_cases[i].want[j]) == NULL) {
				print_error("case %s: no '%s' in:\n%s",
				    bad_cases[i].name, bad_cases[i].want[j],
				    errs.data);
				failed++;
			}
		}
		if (count_lines(errs.data) != bad_cases[i].nerrs) {
			print_error("case %s: %zu errors, want %zu:\n%s",
			    bad_cases[i].name, count_lines(errs.data),
			    bad_cases[i].nerrs, errs.data);
			failed++;
		}
	}
	buf_release(&errs);
	assert_int_equal(failed, 0);
}

/* libconfig would stop reading at the NUL; it must not pass silently. */
static void
test_nul_byte(void **state)
{
	static const char text[] = MODEM TOPICS "\0bogus = 1;\n";
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs;

	buf_init(&errs);
	assert_int_equal(load_bytes(f, text, sizeof(text) - 1, &c, &errs), -1);
	assert_non_null(strstr(errs.data, "/gopy.conf:4: NUL byte"));
	conf_release(&c);
	buf_release(&errs);
}

/* Errors are appended to what errs already holds. */
static void
test_errs_appended(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs;

	buf_init(&errs);
	buf_adds(&errs, "before\n");
	assert_int_equal(load(f, TOPICS, &c, &errs), -1);
	assert_true(strncmp(errs.data, "before\n", 7) == 0);
	assert_int_equal(count_lines(errs.data), 2);
	buf_release(&errs);
}

/* What is allowed but likely a mistake is said, not refused. */
static void
test_warnings(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs, warn;

	buf_init(&errs);
	buf_init(&warn);
	assert_int_equal(load(f, "modem = { device = \"/dev/x\"; };\n"
	    "reply = { unit = \"CA xa\"; };\n"
	    "topics = (\n"
	    " { id = \"a\"; name = \"A\"; keywords = ( \"Trộm bò\", "
	    "\"cá lóc\" ); },\n"
	    " { id = \"b\"; name = \"B\"; keywords = ( \"trộm  BÒ!\", "
	    "\"trom bo\", \"đề\" ); },\n"
	    " { id = \"c\"; name = \"C\"; keywords = ( \"để\" ); "
	    "fallback = true; }\n);\n"
	    "abbreviations = ( { word = \"công an\"; short = [ \"ca\" ]; } );\n",
	    &c, &errs), 0);
	/* "trộm bò" twice with the same marks; "trom bo" and "đề"/"để" differ. */
	assert_int_equal(conf_warnings(&c, &warn), 2);
	assert_non_null(strstr(warn.data,
	    "topics.a: keyword 'cá lóc' reads 'ca' as 'công an'"));
	assert_non_null(strstr(warn.data,
	    "keyword 'Trộm bò' is in topics a and b"));
	conf_release(&c);
	buf_release(&errs);
	buf_release(&warn);
}

/*
 * 145 letters, then " {ticket} {unit}": with the 9 characters of the
 * longest ticket, 156 characters and the unit's.
 */
#define A145 \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
/* A unit of 120 characters: the default texts with {unit} need 2 SMS. */
#define A120 \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/*
 * gopyd -n says which reply can need more than one SMS, measured as gopyd
 * sends it, with the longest values of its placeholders.
 */
static const struct {
	const char *name;
	const char *text;	/* after MODEM */
	int	 n;		/* warnings */
	const char *want[3];	/* in them, after the file name */
} size_cases[] = {
	/* 160 GSM 7-bit characters are one SMS, 161 two. */
	{ "160 characters", "reply = { unit = \"CA x\";\n"
	    " template = \"" A145 " {ticket} {unit}\"; };\n" TOPICS, 0,
	    { NULL } },
	{ "161 characters", "reply = { unit = \"CA xa\";\n"
	    " template = \"" A145 " {ticket} {unit}\"; };\n" TOPICS, 1,
	    { ":3: reply.template: can need 2 SMS (GSM 7-bit, 161 characters) "
	    "with ticket '1234567-1'\n" } },
	/* Marks stripped, Vietnamese goes as GSM 7-bit... */
	{ "topic name stripped", "reply = { unit = \"CA xa\";\n"
	    " template = \"{topic} {ticket} "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"; };\n"
	    "topics = ( { id = \"trom_cap\"; name = \"Trộm cắp tài sản\"; },\n"
	    "    { id = \"khac\"; name = \"Khác\"; fallback = true; } );\n", 0,
	    { NULL } },
	/* ...else as UCS2: 70 characters. The longest name counts. */
	{ "topic name in UCS2", "reply = { unit = \"CA xa\";\n"
	    " strip_diacritics = false;\n"
	    " template = \"{topic} {ticket} "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"; };\n"
	    "topics = ( { id = \"khac\"; name = \"Khác\"; fallback = true; },\n"
	    "    { id = \"trom_cap\"; name = \"Trộm cắp tài sản\"; } );\n", 1,
	    { ":4: reply.template: can need 2 SMS (UCS2, 81 characters) with "
	    "topic 'Trộm cắp tài sản' and ticket '1234567-1'\n" } },
	/* A character GSM 7-bit lacks makes the whole text UCS2. */
	{ "topic reply with an emoji", "reply = { unit = \"CA xa\"; };\n"
	    "topics = ( { id = \"khac\"; name = \"Khác\"; fallback = true;\n"
	    "    reply = \"Cam on ban 👍 Ma so {ticket}, {unit}, ngay {date}. "
	    "Chuc ban mot ngay vui ve\"; } );\n", 1,
	    { ":4: topics.khac.reply: can need 2 SMS (UCS2, 79 characters) "
	    "with ticket '1234567-1'\n" } },
	/* The urgent suffix follows an acknowledgement that can be urgent. */
	{ "urgent suffix", "reply = { unit = \"CA x\";\n"
	    " template = \"" A145 " {ticket}\";\n"
	    " urgent = { words = [ \"cấp cứu\" ]; suffix = \"Goi 113\"; }; "
	    "};\n" TOPICS, 1,
	    { ":3: reply.template: can need 2 SMS (GSM 7-bit, 163 characters) "
	    "with ticket '1234567-1', urgent (reply.urgent.suffix)\n" } },
	/*
	 * Only topic a is urgent, and has its own reply: reply.template,
	 * for b, never has the suffix. When every topic has its own, it is
	 * never sent.
	 */
	{ "urgent topic only", "reply = { unit = \"CA x\";\n"
	    " template = \"" A145 " {ticket}\";\n"
	    " urgent = { topics = [ \"a\" ]; suffix = \"Goi 113\"; }; };\n"
	    "topics = ( { id = \"a\"; name = \"A\"; reply = \"{ticket}\"; },\n"
	    "    { id = \"b\"; name = \"B\"; fallback = true; } );\n", 0,
	    { NULL } },
	{ "urgent topic", "reply = { unit = \"CA x\";\n"
	    " template = \"" A145 " {ticket}\";\n"
	    " urgent = { topics = [ \"b\" ]; suffix = \"Goi 113\"; }; };\n"
	    "topics = ( { id = \"a\"; name = \"A\"; reply = \"{ticket}\"; },\n"
	    "    { id = \"b\"; name = \"B\"; fallback = true; } );\n", 1,
	    { ":3: reply.template: can need 2 SMS (GSM 7-bit, 163 characters) "
	    "with ticket '1234567-1', urgent (reply.urgent.suffix)\n" } },
	{ "default acknowledgement unused", "reply = { unit = \"CA x\";\n"
	    " template = \"" A145 A145 "\"; };\n"
	    "topics = ( { id = \"a\"; name = \"A\"; reply = \"{ticket}\"; },\n"
	    "    { id = \"b\"; name = \"B\"; fallback = true;\n"
	    "      reply = \"{ticket}\"; } );\n", 0, { NULL } },
	{ "no suffix", "reply = { unit = \"CA x\";\n"
	    " template = \"" A145 " {ticket}\";\n"
	    " urgent = { words = [ \"cấp cứu\" ]; suffix = \"\"; }; };\n"
	    TOPICS, 0, { NULL } },
	/* Each status word is tried. */
	{ "status", "reply = { unit = \"CA x\"; };\n"
	    "commands = {\n status_template = \"" A145 " {status}\";\n"
	    " status_new = \"moi\";\n"
	    " status_in_progress = \"dang xu ly gap!\"; };\n" TOPICS, 1,
	    { ":4: commands.status_template: can need 2 SMS (GSM 7-bit, 161 "
	    "characters) with status 'dang xu ly gap!'\n" } },
	{ "status, ticket and topic", "reply = { unit = \"CA x\"; };\n"
	    "commands = {\n status_template = \"" A145 " {ticket} {topic} "
	    "{status}\"; };\n" TOPICS, 1,
	    { ":4: commands.status_template: can need 2 SMS (GSM 7-bit, 171 "
	    "characters) with topic 'Khác' and status 'dang xu ly' and "
	    "ticket '1234567-1'\n" } },
	/* Texts the file does not set, made long by the unit. */
	{ "defaults", "reply = { unit = \"" A120 "\"; };\n" TOPICS, 4,
	    { "reply.repeat_template (default): can need 2 SMS (GSM 7-bit, "
	    "171 characters) with ticket '1234567-1'\n",
	    "reply.notify_template (default): can need 2 SMS",
	    "commands.refuse_template (default): can need 2 SMS" } },
	/* What would not be sent at all is said. */
	{ "more than max_parts", "reply = { unit = \"CA xa\"; max_parts = 1;\n"
	    " template = \"" A145 " {ticket} {unit}\"; };\n" TOPICS, 1,
	    { "(GSM 7-bit, 161 characters) with ticket '1234567-1'; more than "
	    "reply.max_parts (1): it would not be sent\n" } },
	/* What is not sent is not measured. */
	{ "replies and commands off", "reply = { enabled = false;\n"
	    " unit = \"" A120 "\"; };\n"
	    "commands = { enabled = false; };\n" TOPICS, 1,
	    { "reply.notify_template (default): can need 2 SMS" } },
	{ "no repeats", "reply = { repeat_window = 0;\n"
	    " unit = \"" A120 "\"; };\n"
	    "commands = { enabled = false; };\n" TOPICS, 1,
	    { "reply.notify_template (default): can need 2 SMS" } },
};

static void
test_warn_sizes(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf text, errs, warn;
	char want[512];
	size_t i, j, failed = 0;
	int n;

	buf_init(&text);
	buf_init(&errs);
	buf_init(&warn);
	for (i = 0; i < sizeof(size_cases) / sizeof(size_cases[0]); i++) {
		buf_reset(&text);
		buf_reset(&warn);
		buf_adds(&text, MODEM);
		buf_adds(&text, size_cases[i].text);
		if (load(f, text.data, &c, &errs) != 0) {
			print_error("case %s: %s", size_cases[i].name,
			    errs.data);
			fail();
		}
		n = conf_warnings(&c, &warn);
		if (n != size_cases[i].n || (int)count_lines(warn.data) != n) {
			print_error("case %s: %d warnings, want %d:\n%s",
			    size_cases[i].name, n, size_cases[i].n, warn.data);
			failed++;
		}
		for (j = 0; j < 3 && size_cases[i].want[j] != NULL; j++) {
			snprintf(want, sizeof(want), "%s%s",
			    size_cases[i].want[j][0] == ':' ? f->path : "",
			    size_cases[i].want[j]);
			if (strstr(warn.data, want) == NULL) {
				print_error("case %s: no '%s' in:\n%s",
				    size_cases[i].name, want, warn.data);
				failed++;
			}
		}
		conf_release(&c);
	}
	buf_release(&text);
	buf_release(&errs);
	buf_release(&warn);
	assert_int_equal(failed, 0);
}

/* {unit} with no unit, and a help text that does not name the command. */
static void
test_warn_unit_help(void **state)
{
	struct fixture *f = *state;
	struct gopy_conf c;
	struct buf errs, warn;
	char want[256];

	buf_init(&errs);
	buf_init(&warn);
	assert_int_equal(load(f, MODEM "reply = {\n"
	    " duty_template = \"{unit} {text}\"; };\n"
	    "commands = { status_word = \"Xem\";\n"
	    " refuse_template = \"Khong co\"; };\n"
	    "topics = ( { id = \"a\"; name = \"A\"; reply = \"{unit}\"; },\n"
	    "    { id = \"khac\"; name = \"K\"; fallback = true; } );\n",
	    &c, &errs), 0);
	assert_int_equal(conf_warnings(&c, &warn), 2);
	assert_non_null(strstr(warn.data, "reply.unit: empty, yet {unit} is "
	    "in reply.repeat_template, reply.notify_template, "
	    "reply.duty_template, commands.status_template, "
	    "commands.help_template, topics.a.reply\n"));
	assert_non_null(strstr(warn.data, "commands.help_template (default): "
	    "does not name the status command 'Xem' (commands.status_word)\n"));
	conf_release(&c);

	/* Named in any case, with any marks, as a word of its own. */
	buf_reset(&warn);
	assert_int_equal(load(f, MODEM "reply = { unit = \"CA\"; };\n"
	    "commands = { status_word = \"Xem\";\n"
	    " help_template = \"Soan: XÉM <ma so>\"; };\n" TOPICS, &c, &errs),
	    0);
	assert_int_equal(conf_warnings(&c, &warn), 0);
	conf_release(&c);
	buf_reset(&warn);
	assert_int_equal(load(f, MODEM "reply = { unit = \"CA\"; };\n"
	    "commands = { status_word = \"Xem\";\n"
	    " help_template = \"Soan XEMX <ma so>\"; };\n" TOPICS, &c, &errs),
	    0);
	assert_int_equal(conf_warnings(&c, &warn), 1);
	snprintf(want, sizeof(want), "%s:4: commands.help_template: does not "
	    "name", f->path);
	assert_non_null(strstr(warn.data, want));
	conf_release(&c);

	/* Commands off: nothing to say about their help. */
	buf_reset(&warn);
	assert_int_equal(load(f, MODEM "reply = { unit = \"CA\"; };\n"
	    "commands = { enabled = false; status_word = \"Xem\"; };\n"
	    TOPICS, &c, &errs), 0);
	assert_int_equal(conf_warnings(&c, &warn), 0);
	conf_release(&c);
	buf_release(&errs);
	buf_release(&warn);
}

/* The shipped configuration gives gopyd -n nothing to warn about. */
static void
test_warn_shipped(void **state)
{
	struct gopy_conf c;
	struct buf errs, warn;

	(void)state;
	buf_init(&errs);
	buf_init(&warn);
	if (conf_load(&c, SHIPPED_CONF, &errs) != 0) {
		print_error("%s", errs.data);
		fail();
	}
	if (conf_warnings(&c, &warn) != 0) {
		print_error("%s", warn.data);
		fail();
	}
	assert_int_equal(warn.len, 0);
	conf_release(&c);
	buf_release(&errs);
	buf_release(&warn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reply_defaults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reply_commands, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reply_limits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_display_communes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_communes_limits, setup,
		    teardown),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test_setup_teardown(test_missing_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_warnings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_warn_sizes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_warn_unit_help, setup,
		    teardown),
		cmocka_unit_test(test_warn_shipped),
		cmocka_unit_test_setup_teardown(test_errs_appended, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
