/*
 * libFuzzer target for the AT channel: the input is what a modem might
 * print, fed in pieces whose sizes the input's first byte chooses, while
 * commands are pending (some waiting for a prompt). Every event must be
 * well formed: lines NUL-terminated and at most AT_LINE_MAX, responses only
 * while a command was pending. The field splitter and the listing-header
 * parser get every line too.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "at.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	bool	pending;
	size_t	responses;
};

static void
check(bool ok)
{
	if (!ok) {
		abort();
	}
}

static void
check_line(const char *line)
{
	struct at_sms_header h;
	struct at_fields f;
	int v;

	check(line != NULL && strlen(line) <= AT_LINE_MAX);
	if (at_split(line, "", &f) == 0) {
		check(f.n >= 0 && f.n <= AT_FIELDS_MAX);
		(void)at_field_int(&f, 0, &v);
	}
	if (at_parse_sms_header(line, &h) == 0) {
		check(h.length >= 0);
	}
}

static void
on_event(void *arg, const struct at_event *ev)
{
	struct seen *s = arg;
	size_t i;

	switch (ev->type) {
	case AT_EV_RESPONSE:
		check(s->pending);
		s->pending = false;
		s->responses++;
		check(ev->nlines <= AT_RESPONSE_LINES_MAX);
		for (i = 0; i < ev->nlines; i++) {
			check_line(ev->lines[i]);
		}
		break;
	case AT_EV_PROMPT:
		check(s->pending);
		break;
	case AT_EV_URC:
	case AT_EV_UNKNOWN:
		check_line(ev->line);
		if (ev->pdu != NULL) {
			check_line(ev->pdu);
		}
		break;
	case AT_EV_OVERLONG:
		check(ev->overlong >= 1);
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { false, 0 };
	struct at *a;
	size_t i = 1, chunk;
	unsigned cmd = 0;

	if (size == 0) {
		return 0;
	}
	chunk = (size_t)(data[0] & 0x3f) + 1;
	a = at_new(on_event, &s);
	while (i < size) {
		if (!at_busy(a)) {
			/* Every third command waits for a prompt, like CMGS. */
			at_begin(a, "AT+CMGL=4", cmd % 3 == 2 ?
			    AT_EXPECT_PROMPT : 0, 1000);
			s.pending = true;
			cmd++;
		}
		if (chunk > size - i) {
			chunk = size - i;
		}
		at_feed(a, (const char *)data + i, chunk);
		i += chunk;
	}
	/* A command still pending times out with a response. */
	if (at_busy(a)) {
		(void)at_check_timeout(a, 2000);
		check(!s.pending);
	}
	at_free(a);
	return 0;
}
