/*
 * Acknowledgement templates, tickets and the answer-or-not rule. Sending
 * does not live here: gopyd queues what this module composes.
 */
#include <stdio.h>
#include <string.h>

#include "reply.h"

/*
 * Placeholder names, in the order of the fields of struct reply_vars and of
 * the REPLY_VAR_* bits.
 */
static const char *const reply_placeholders[] = {
	"ticket", "topic", "unit", "date", "status", "sender", "text",
};
#define NPLACEHOLDERS (sizeof(reply_placeholders) / sizeof(reply_placeholders[0]))

/* Index of the placeholder named by the len bytes at name, or -1. */
static int
placeholder_index(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NPLACEHOLDERS; i++) {
		if (strlen(reply_placeholders[i]) == len &&
		    memcmp(reply_placeholders[i], name, len) == 0) {
			return (int)i;
		}
	}
	return -1;
}

/* "{ticket} {topic}": the placeholders of allowed, for an error message. */
static void
allowed_names(unsigned allowed, char *out, size_t outlen)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < NPLACEHOLDERS; i++) {
		if ((allowed & (1u << i)) != 0 && len < outlen) {
			len += (size_t)snprintf(out + len, outlen - len, "%s{%s}",
			    len > 0 ? " " : "", reply_placeholders[i]);
		}
	}
}

int
reply_check_template(const char *tmpl, unsigned allowed, char *err,
    size_t errlen)
{
	const char *p = tmpl, *close;
	char names[128];
	int idx;

	while ((p = strpbrk(p, "{}")) != NULL) {
		if (p[0] == p[1]) {
			p += 2;
			continue;
		}
		if (*p == '}') {
			snprintf(err, errlen, "unmatched '}' (write '}}' for a "
			    "brace)");
			return -1;
		}
		close = strchr(p, '}');
		if (close == NULL) {
			snprintf(err, errlen, "unclosed placeholder '%.20s'", p);
			return -1;
		}
		idx = placeholder_index(p + 1, (size_t)(close - p - 1));
		if (idx == -1 || (allowed & (1u << idx)) == 0) {
			allowed_names(allowed, names, sizeof(names));
			snprintf(err, errlen, "%s placeholder '%.*s' here "
			    "(known: %s)", idx == -1 ? "unknown" : "no",
			    (int)(close - p + 1 > 40 ? 40 : close - p + 1), p,
			    names);
			return -1;
		}
		p = close + 1;
	}
	return 0;
}

void
reply_expand(const char *tmpl, const struct reply_vars *v, struct buf *out)
{
	const char *vals[NPLACEHOLDERS] = {
		v->ticket, v->topic, v->unit, v->date, v->status, v->sender,
		v->text,
	};
	const char *p = tmpl, *brace, *close;
	int idx;

	while ((brace = strpbrk(p, "{}")) != NULL) {
		buf_add(out, p, (size_t)(brace - p));
		if (brace[0] == brace[1]) {
			buf_addc(out, brace[0]);
			p = brace + 2;
			continue;
		}
		close = brace[0] == '{' ? strchr(brace, '}') : NULL;
		idx = close == NULL ? -1 :
		    placeholder_index(brace + 1, (size_t)(close - brace - 1));
		if (idx == -1) {
			buf_addc(out, brace[0]);
			p = brace + 1;
			continue;
		}
		if (vals[idx] != NULL) {
			buf_adds(out, vals[idx]);
		}
		p = close + 1;
	}
	buf_adds(out, p);
}

/*
 * Damm's quasigroup of order 10 (H. M. Damm, 2004): the check digit makes
 * the interim digit 0 and catches every single-digit error and every swap of
 * adjacent digits.
 */
static const unsigned char damm_table[10][10] = {
	{ 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
	{ 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
	{ 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
	{ 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
	{ 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
	{ 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
	{ 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
	{ 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
	{ 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
	{ 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
};

static unsigned
damm_digit(const char *digits, size_t n)
{
	unsigned interim = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		interim = damm_table[interim][digits[i] - '0'];
	}
	return interim;
}

void
reply_ticket(int64_t id, char out[REPLY_TICKET_MAX])
{
	char digits[20];	/* INT64_MAX has 19 digits */
	int n;

	n = snprintf(digits, sizeof(digits), "%04lld", (long long)id);
	snprintf(out, REPLY_TICKET_MAX, "%s-%c", digits,
	    (char)('0' + damm_digit(digits, (size_t)n)));
}

int64_t
reply_ticket_parse(const char *s)
{
	char digits[REPLY_TICKET_MAX];
	size_t n = 0, i;
	int64_t id = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '.' || *s == '-' || *s == '\t') {
			continue;
		}
		if (*s < '0' || *s > '9' || n == 19) {
			return -1;
		}
		digits[n++] = *s;
	}
	/* At least one id digit and the check digit. */
	if (n < 2 || damm_digit(digits, n) != 0) {
		return -1;
	}
	for (i = 0; i + 1 < n; i++) {
		id = id * 10 + (digits[i] - '0');
	}
	return id >= 1 ? id : -1;
}

bool
reply_may_answer(const char *sender, enum pdu_ton ton, int min_digits)
{
	int digits = 0;

	if (ton == PDU_TON_ALPHANUMERIC) {
		return false;
	}
	for (; *sender != '\0'; sender++) {
		digits += *sender >= '0' && *sender <= '9';
	}
	return digits > 0 && digits >= min_digits;
}
