/*
 * The answering rules of answer.h. Words are compared folded (text.h), so
 * "tt", "TT" and "Tt" are one command and "cấp cứu" matches "cap cuu".
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "answer.h"
#include "buf.h"
#include "text.h"
#include "utf8.h"

#define HOUR		3600
#define DAY		86400
/* Characters of the citizen's text in the summary to the duty numbers. */
#define DUTY_TEXT_MAX	80

/* The folded form of s into out (reset first). */
static void
fold(const char *s, struct buf *out)
{
	buf_reset(out);
	text_fold(s, strlen(s), out);
}

/*
 * Whether the folded text begins with the word (configured, folded here);
 * *rest then points after it and its space.
 */
static bool
starts_with_word(const char *folded, const char *word, const char **rest)
{
	struct buf w;
	bool yes;

	buf_init(&w);
	fold(word, &w);
	yes = w.len > 0 && strncmp(folded, w.data, w.len) == 0 &&
	    (folded[w.len] == '\0' || folded[w.len] == ' ');
	if (yes) {
		*rest = folded + w.len + (folded[w.len] == ' ');
	}
	buf_release(&w);
	return yes;
}

/* Whether phrase, folded, stands in folded on word boundaries. */
static bool
has_phrase(const char *folded, const char *phrase)
{
	struct buf p;
	const char *at;
	size_t flen = strlen(folded);
	bool yes = false;

	buf_init(&p);
	fold(phrase, &p);
	for (at = folded; p.len > 0 && (at = strstr(at, p.data)) != NULL;
	    at++) {
		if ((at == folded || at[-1] == ' ') &&
		    (at + p.len == folded + flen || at[p.len] == ' ')) {
			yes = true;
			break;
		}
	}
	buf_release(&p);
	return yes;
}

/* "0042 7": digits and spaces only, as a ticket folds. */
static bool
looks_like_ticket(const char *s)
{
	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		if ((*s < '0' || *s > '9') && *s != ' ') {
			return false;
		}
	}
	return true;
}

static bool
is_urgent(const struct gopy_conf *c, const char *folded, size_t topic)
{
	size_t i;

	for (i = 0; i < c->reply.nurgent_topics; i++) {
		if (strcmp(c->reply.urgent_topics[i], c->topics[topic].id) == 0) {
			return true;
		}
	}
	for (i = 0; i < c->reply.nurgent_words; i++) {
		if (has_phrase(folded, c->reply.urgent_words[i])) {
			return true;
		}
	}
	return false;
}

static const char *
status_words(const struct commands_conf *cc, const char *status)
{
	if (strcmp(status, "in_progress") == 0) {
		return cc->status_in_progress;
	}
	if (strcmp(status, "resolved") == 0) {
		return cc->status_resolved;
	}
	if (strcmp(status, "rejected") == 0) {
		return cc->status_rejected;
	}
	return cc->status_new;
}

/*
 * TT <ticket>: the status when the ticket is of a message from sender,
 * else a refusal that tells nothing about the ticket.
 */
static int
decide_status(struct store *s, const char *sender, const char *ticket,
    struct answer *a)
{
	struct store_message m;
	int64_t id = reply_ticket_parse(ticket);
	int rc = 0;

	a->kind = ANSWER_REFUSE;
	if (id == -1 || (rc = store_get_message(s, id, &m)) != 1) {
		return rc == -1 ? -1 : 0;
	}
	if (m.error == NULL && m.ticket != NULL &&
	    strcmp(m.sender, sender) == 0) {
		a->kind = ANSWER_STATUS;
		snprintf(a->ticket, sizeof(a->ticket), "%s", m.ticket);
		snprintf(a->topic, sizeof(a->topic), "%s", m.topic);
		snprintf(a->status, sizeof(a->status), "%s", m.status);
	}
	store_message_release(&m);
	return 0;
}

/* Whether this number may get one more automatic reply now. */
static int
within_limits(struct store *s, const struct reply_conf *r,
    const char *sender, int64_t now)
{
	int window, day;

	window = store_count_auto_replies(s, sender, now - r->limit_window);
	day = store_count_auto_replies(s, sender, now - DAY);
	if (window == -1 || day == -1) {
		return -1;
	}
	return window < r->limit_per_window && day < r->limit_per_day;
}

int
answer_decide(struct store *s, const struct gopy_conf *c, const char *sender,
    enum pdu_ton ton, const char *folded, size_t topic, int64_t now,
    struct answer *a)
{
	const struct reply_conf *r = &c->reply;
	const char *rest;
	int same, ok;
	size_t i;

	memset(a, 0, sizeof(*a));
	/* TT only with something like a ticket: "TT xa ..." is a report. */
	if (c->commands.enabled &&
	    ((starts_with_word(folded, c->commands.status_word, &rest) &&
	    looks_like_ticket(rest)) ||
	    (starts_with_word(folded, c->commands.help_word, &rest) &&
	    *rest == '\0'))) {
		a->command = true;
	}
	if (!a->command && r->repeat_window > 0 &&
	    store_first_report(s, sender, folded, now - r->repeat_window *
	    (int64_t)HOUR, &a->repeat_of) == -1) {
		return -1;
	}
	if (!r->enabled) {
		a->unanswered = ANSWER_OFF;
		return 0;
	}
	if (!reply_may_answer(sender, ton, r->min_sender_digits)) {
		a->unanswered = ANSWER_SENDER;
		return 0;
	}
	for (i = 0; i < r->nnever; i++) {
		if (strcmp(r->never[i], sender) == 0) {
			a->unanswered = ANSWER_NEVER;
			return 0;
		}
	}
	/* This message is not stored yet: the others are its repeats. */
	if ((same = store_count_same_text(s, sender, folded, now - HOUR)) ==
	    -1) {
		return -1;
	}
	if (same >= r->loop_repeats) {
		a->unanswered = ANSWER_LOOP;
		return 0;
	}
	if ((ok = within_limits(s, r, sender, now)) != 1) {
		a->unanswered = ANSWER_LIMIT;
		return ok;
	}
	if (a->command) {
		if (starts_with_word(folded, c->commands.help_word, &rest)) {
			a->kind = ANSWER_HELP;
			return 0;
		}
		starts_with_word(folded, c->commands.status_word, &rest);
		return decide_status(s, sender, rest, a);
	}
	if (a->repeat_of != 0) {
		struct store_message m;
		int rc = store_get_message(s, a->repeat_of, &m);

		if (rc == -1) {
			return -1;
		}
		if (rc == 1) {
			a->kind = ANSWER_REPEAT;
			snprintf(a->ticket, sizeof(a->ticket), "%s",
			    m.ticket != NULL ? m.ticket : "");
			snprintf(a->topic, sizeof(a->topic), "%s", m.topic);
			store_message_release(&m);
			return 0;
		}
	}
	a->kind = ANSWER_ACK;
	a->urgent = is_urgent(c, folded, topic);
	return 0;
}

/* The configured name of topic id, or the id itself. */
static const char *
topic_name(const struct gopy_conf *c, const char *id)
{
	int i = conf_topic_index(c, id);

	return i < 0 ? id : c->topics[i].name;
}

/* Queue tmpl with v to recipient, as gopyd sends text (diacritics). */
static int
queue_text(struct store *s, const struct gopy_conf *c, const char *tmpl,
    const char *suffix, const struct reply_vars *v,
    struct store_new_sms *sms, int64_t now, int64_t *id)
{
	struct buf text, plain;
	int rc;

	buf_init(&text);
	buf_init(&plain);
	reply_expand(tmpl, v, &text);
	if (suffix != NULL && suffix[0] != '\0') {
		buf_addc(&text, ' ');
		buf_adds(&text, suffix);
	}
	/* The outbox keeps the text as it will go out. */
	if (c->reply.strip_diacritics) {
		text_strip_marks(text.data, text.len, &plain);
	} else {
		buf_add(&plain, text.data, text.len);
	}
	sms->text = plain.data;
	sms->expires_at = now + (int64_t)c->reply.max_age * HOUR;
	rc = store_queue_sms(s, sms, now, id);
	buf_release(&text);
	buf_release(&plain);
	return rc;
}

/*
 * The first DUTY_TEXT_MAX characters of text, "..." when cut, for a duty
 * officer's phone: breaks become spaces; controls, bidirectional ones
 * among them (a phone reorders text by them), and invalid UTF-8 become
 * "?", which GSM 7-bit has; zero-width characters go.
 */
static void
short_text(const char *text, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), chars = 0, i = 0, n;
	int32_t c;

	while (i < len && chars < DUTY_TEXT_MAX) {
		n = utf8_decode(p + i, len - i, &c);
		switch (utf8_seen(c)) {
		case UTF8_SEEN:
			buf_add(out, p + i, n);
			chars++;
			break;
		case UTF8_SEEN_BREAK:
			buf_addc(out, ' ');
			chars++;
			break;
		case UTF8_SEEN_CONTROL:
			buf_addc(out, '?');
			chars++;
			break;
		case UTF8_SEEN_NOTHING:
			break;
		}
		i += n;
	}
	if (i < len) {
		buf_adds(out, "...");
	}
}

int
answer_queue(struct store *s, const struct gopy_conf *c,
    const struct answer *a, int64_t id, const char *ticket,
    const char *sender, const char *text, size_t topic, int64_t now,
    int64_t *answer_id)
{
	const struct commands_conf *cc = &c->commands;
	struct store_new_sms sms;
	struct reply_vars v;
	struct buf brief;
	const char *tmpl = NULL, *kind = "command";
	char date[16];
	struct tm tm;
	time_t t = (time_t)now;
	int64_t duty_id;
	size_t i;
	int rc;

	*answer_id = 0;
	localtime_r(&t, &tm);
	strftime(date, sizeof(date), "%d/%m/%Y", &tm);
	memset(&v, 0, sizeof(v));
	v.ticket = ticket;
	v.topic = c->topics[topic].name;
	v.unit = c->reply.unit;
	v.date = date;
	switch (a->kind) {
	case ANSWER_NONE:
		return 0;
	case ANSWER_ACK:
		tmpl = c->topics[topic].reply != NULL ?
		    c->topics[topic].reply : c->reply.template;
		kind = "ack";
		break;
	case ANSWER_REPEAT:
		tmpl = c->reply.repeat_template;
		kind = "repeat";
		v.ticket = a->ticket;
		v.topic = topic_name(c, a->topic);
		break;
	case ANSWER_STATUS:
		tmpl = cc->status_template;
		v.ticket = a->ticket;
		v.topic = topic_name(c, a->topic);
		v.status = status_words(cc, a->status);
		break;
	case ANSWER_REFUSE:
		tmpl = cc->refuse_template;
		break;
	case ANSWER_HELP:
		tmpl = cc->help_template;
		break;
	}
	memset(&sms, 0, sizeof(sms));
	sms.recipient = sender;
	sms.message_id = id;
	sms.kind = kind;
	if (queue_text(s, c, tmpl, a->urgent ? c->reply.urgent_suffix : NULL,
	    &v, &sms, now, answer_id) == -1) {
		return -1;
	}
	if (!a->urgent) {
		return 0;
	}
	buf_init(&brief);
	short_text(text, &brief);
	v.sender = sender;
	v.text = brief.data;
	sms.kind = "urgent";
	rc = 0;
	for (i = 0; i < c->reply.nduty_numbers && rc == 0; i++) {
		sms.recipient = c->reply.duty_numbers[i];
		rc = queue_text(s, c, c->reply.duty_template, NULL, &v, &sms,
		    now, &duty_id);
	}
	buf_release(&brief);
	return rc;
}
