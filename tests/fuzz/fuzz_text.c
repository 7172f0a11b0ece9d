/*
 * libFuzzer target for text folding: any bytes as a message. Folding,
 * tokenizing, mark stripping, repair and width never fail; their outputs
 * are valid UTF-8; folding is idempotent; the folded text is the tokens
 * joined by spaces; repair keeps valid input as it is.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok) {
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf fold, again, joined, strip, clean;
	struct text_tokens t;
	size_t i;

	buf_init(&fold);
	buf_init(&again);
	buf_init(&joined);
	buf_init(&strip);
	buf_init(&clean);
	text_tokens_init(&t);

	text_fold(s, size, &fold);
	check(text_valid_utf8(fold.data, fold.len));
	text_fold(fold.data, fold.len, &again);
	check(again.len == fold.len && memcmp(again.data, fold.data,
	    fold.len) == 0);

	text_tokenize(s, size, &t);
	for (i = 0; i < t.n; i++) {
		check(text_token_bare(&t, i)[0] != '\0');
		if (i > 0) {
			buf_addc(&joined, ' ');
		}
		buf_adds(&joined, text_token_bare(&t, i));
	}
	check(joined.len == fold.len && memcmp(joined.data, fold.data,
	    fold.len) == 0);

	text_sanitize_utf8(s, size, &clean);
	check(text_valid_utf8(clean.data, clean.len));
	if (text_valid_utf8(s, size)) {
		check(clean.len == size && memcmp(clean.data, s, size) == 0);
		text_strip_marks(s, size, &strip);
		check(text_valid_utf8(strip.data, strip.len));
	}
	(void)text_width(s, size);

	text_tokens_release(&t);
	buf_release(&fold);
	buf_release(&again);
	buf_release(&joined);
	buf_release(&strip);
	buf_release(&clean);
	return 0;
}
