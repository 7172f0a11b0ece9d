/*
 * Unit tests of table.c: widths in display columns (NFC and NFD Vietnamese,
 * wide emoji), cutting with "…", unsafe text made safe, highlights and
 * styles as escape sequences only when colour is on, the first highlight
 * kept in view, narrow terminals (columns left out, lines cut). Tables are
 * printed into memory (open_memstream).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "table.h"
#include "text.h"

/* Print t at width into a string the caller frees. */
static char *
print_table(const struct table *t, size_t width, size_t flex)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	assert_non_null(fp);
	table_print(t, fp, width, flex);
	assert_int_equal(fclose(fp), 0);
	return out;
}

/* Every line of s is at most width display columns. */
static void
assert_lines_fit(const char *s, size_t width)
{
	const char *nl;

	for (; *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		assert_non_null(nl);
		if (text_width(s, (size_t)(nl - s)) > width) {
			fail_msg("line '%.*s' wider than %zu", (int)(nl - s), s,
			    width);
		}
	}
}

static void
test_cut(void **state)
{
	static const struct {
		const char *in;
		size_t	 width;
		const char *want;
	} cases[] = {
		{ "abc", 3, "abc" },
		{ "abcd", 3, "ab…" },
		{ "Trộm bò", 7, "Trộm bò" },
		{ "Trộm bò", 5, "Trộm…" },
		{ "Trộm bò", 4, "Trộ…" },
		/* NFD: the marks go with their letter, taking no column. */
		{ "Tro\xcc\xa3\xcc\x82m bo\xcc\x80", 5,
		    "Tro\xcc\xa3\xcc\x82m…" },
		/* A wide character that does not fit is left out whole. */
		{ "ab😀cd", 3, "ab…" },
		{ "ab😀cd", 5, "ab😀…" },
		{ "abc", 0, "" },
		{ "", 5, "" },
	};
	struct buf out;
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&out);
		table_cut(cases[i].in, cases[i].width, &out);
		if (strcmp(out.data, cases[i].want) != 0) {
			fail_msg("case %zu '%s' at %zu: got '%s', want '%s'", i,
			    cases[i].in, cases[i].width, out.data,
			    cases[i].want);
		}
	}
	buf_release(&out);
}

#define FFFD	"\xef\xbf\xbd"

static void
test_clean(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		/* Controls show as U+FFFD; breaks and tabs as spaces. */
		{ "Lô đề \x1b[2J xóm", "Lô đề " FFFD "[2J xóm" },
		{ "a\x01\x02\x7f" "b", "a" FFFD FFFD FFFD "b" },
		{ "a\r\nb\tc", "a  b c" },
		/* C1: U+009B is CSI to some terminals; U+0085 is NEL. */
		{ "a\xc2\x9b" "31mb\xc2\x85", "a" FFFD "31mb" FFFD },
		/* Bidirectional controls show; a zero-width space goes. */
		{ "a\xe2\x80\xae" "b\xe2\x80\x8b" "c", "a" FFFD "bc" },
		{ "\xe2\x81\xa6" "x\xe2\x81\xa9\xe2\x80\x8f", FFFD "x" FFFD FFFD },
		/* An emoji's joiner and a BOM go; line separators are spaces. */
		{ "\xef\xbb\xbf" "a\xe2\x80\x8d" "b\xe2\x80\xa8" "c", "ab c" },
		{ "bad \xff byte", "bad " FFFD " byte" },
	};
	struct buf out;
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&out);
		table_clean(cases[i].in, strlen(cases[i].in), &out);
		if (strcmp(out.data, cases[i].want) != 0) {
			fail_msg("case %zu: got '%s', want '%s'", i, out.data,
			    cases[i].want);
		}
	}
	buf_release(&out);
}

static const char *const headers[] = { "ID", "STATUS", "TEXT" };

static void
test_plain(void **state)
{
	const char *row1[] = { "1", "new", "Trộm bò ở xóm 3" };
	const char *row2[] = { "22", NULL, "Tro\xcc\xa3\xcc\x82m" };
	struct table *t = table_new(3, headers);
	char *out;

	(void)state;
	table_add_row(t, row1);
	table_add_row(t, row2);
	table_style_cell(t, 1, TABLE_GREEN);
	table_set_color(t, false);
	out = print_table(t, 0, 2);
	assert_string_equal(out,
	    "ID  STATUS  TEXT\n"
	    "1   new     Trộm bò ở xóm 3\n"
	    "22          Tro\xcc\xa3\xcc\x82m\n");
	free(out);
	out = print_table(t, 24, 2);
	assert_string_equal(out,
	    "ID  STATUS  TEXT\n"
	    "1   new     Trộm bò ở x…\n"
	    "22          Tro\xcc\xa3\xcc\x82m\n");
	assert_lines_fit(out, 24);
	free(out);
	table_free(t);
}

/* A row whose last cells are empty ends where its text does. */
static void
test_no_trailing_blanks(void **state)
{
	const char *row1[] = { "1", "new", NULL };
	const char *row2[] = { "2", NULL, "" };
	struct table *t = table_new(3, headers);
	char *out;

	(void)state;
	table_add_row(t, row1);
	table_add_row(t, row2);
	table_set_color(t, false);
	out = print_table(t, 0, 2);
	assert_string_equal(out,
	    "ID  STATUS  TEXT\n"
	    "1   new\n"
	    "2\n");
	free(out);
	table_free(t);
}

static void
test_color(void **state)
{
	const char *row[] = { "1", "resolved", "Trộm bò ở xóm 3" };
	const struct table_span spans[] = { { 0, 6 }, { 7, 10 } };
	struct table *t = table_new(3, headers);
	char *out;

	(void)state;
	table_add_row_marked(t, row, 2, spans, 2);
	table_style_cell(t, 1, TABLE_GREEN);
	table_set_color(t, true);
	out = print_table(t, 0, 2);
	assert_string_equal(out,
	    "\x1b[1mID\x1b[0m  \x1b[1mSTATUS\x1b[0m    \x1b[1mTEXT\x1b[0m\n"
	    "1   \x1b[32mresolved\x1b[0m  "
	    "\x1b[1;7mTrộm\x1b[0m \x1b[1;7mbò\x1b[0m ở xóm 3\n");
	free(out);
	/* Colour off: the same table without a single escape. */
	table_set_color(t, false);
	out = print_table(t, 0, 2);
	assert_string_equal(out,
	    "ID  STATUS    TEXT\n"
	    "1   resolved  Trộm bò ở xóm 3\n");
	free(out);
	/* Cut inside a highlight: it ends before the ellipsis. */
	table_set_color(t, true);
	out = print_table(t, 18, 2);
	assert_non_null(strstr(out, "\x1b[1;7mTr\x1b[0m…\n"));
	free(out);
	table_free(t);
}

/* Colour is for terminals: a memory stream never gets it. */
static void
test_color_wanted(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(fp);
	assert_false(table_color_wanted(fp));
	fclose(fp);
	free(buf);
}

/* A text's own control bytes never pass for highlights or escapes. */
static void
test_no_forged_marks(void **state)
{
	const char *row[] = { "1", "new", "\x01" "x\x02\x1b[31m" };
	struct table *t = table_new(3, headers);
	char *out;

	(void)state;
	table_add_row(t, row);
	table_set_color(t, true);
	out = print_table(t, 0, 2);
	assert_null(strstr(out, "\x1b[1;7m"));
	assert_null(strstr(out, "\x1b[31m"));
	assert_non_null(strstr(out, " " FFFD "x" FFFD FFFD "[31m\n"));
	free(out);
	table_free(t);
}

static void
test_match_in_view(void **state)
{
	static const char text[] = "Kính gửi công an xã, đêm qua nhà tôi bị "
	    "mất hai con bò và một chiếc xe máy";
	const char *row[] = { "7", "new", text };
	struct table_span span;
	struct table *t = table_new(3, headers);
	char *out, *line;

	(void)state;
	span.start = strstr(text, "bò") - text;
	span.end = span.start + strlen("bò");
	table_add_row_marked(t, row, 2, &span, 1);
	table_set_color(t, false);
	out = print_table(t, 30, 2);
	line = strchr(out, '\n') + 1;
	assert_string_equal(line, "7   new     … con bò và một c…\n");
	assert_lines_fit(out, 30);
	free(out);
	/* When the match shows anyway, the text starts at its start. */
	out = print_table(t, 0, 2);
	assert_non_null(strstr(out, "  Kính gửi"));
	free(out);
	table_free(t);
}

static void
test_narrow(void **state)
{
	static const char *const wide_headers[] = {
		"ID", "TICKET", "RECEIVED", "STATUS", "TEXT",
	};
	static const size_t drops[] = { 1, 2 };
	const char *row[] = {
		"12", "0012-9", "2025-12-02 07:05", "in_progress",
		"Trộm bò ở xóm 3, đêm qua có người thấy",
	};
	struct table *t = table_new(5, wide_headers);
	char *out;

	(void)state;
	table_add_row(t, row);
	table_set_color(t, false);
	table_drop_order(t, drops, 2);
	/* Room for all, the text cut to ten columns. */
	out = print_table(t, 55, 4);
	assert_string_equal(out,
	    "ID  TICKET  RECEIVED          STATUS       TEXT\n"
	    "12  0012-9  2025-12-02 07:05  in_progress  Trộm bò ở x…\n");
	free(out);
	/* The ticket goes first. */
	out = print_table(t, 50, 4);
	assert_string_equal(out,
	    "ID  RECEIVED          STATUS       TEXT\n"
	    "12  2025-12-02 07:05  in_progress  Trộm bò ở xóm …\n");
	free(out);
	/* Then the time. */
	out = print_table(t, 40, 4);
	assert_string_equal(out,
	    "ID  STATUS       TEXT\n"
	    "12  in_progress  Trộm bò ở xóm 3, đêm q…\n");
	free(out);
	/* Nothing left to drop: lines are cut at the edge. */
	out = print_table(t, 20, 4);
	assert_lines_fit(out, 20);
	assert_string_equal(out,
	    "ID  STATUS       TE…\n"
	    "12  in_progress  Tr…\n");
	free(out);
	out = print_table(t, 8, 4);
	assert_lines_fit(out, 8);
	free(out);
	table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_no_trailing_blanks),
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_color_wanted),
		cmocka_unit_test(test_no_forged_marks),
		cmocka_unit_test(test_match_in_view),
		cmocka_unit_test(test_narrow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
