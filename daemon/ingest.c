/*
 * From PDU hex to committed rows. This file decides what is stored, how a
 * long SMS is made whole and what is answered; store.c decides how. It does
 * not talk to the modem: its return value tells the caller whether the SIM
 * copy may go.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "answer.h"
#include "buf.h"
#include "ingest.h"
#include "number.h"
#include "pdu.h"
#include "text.h"

/* A message ready to store: decoded from one PDU or put together from parts. */
struct whole {
	const char *sender;	/* normalised */
	enum pdu_ton ton;
	int64_t	received_at;
	int	received_tz;
	const char *text;
	size_t	text_len;
	int	parts;
	const char *raw;	/* the PDU hex, one line per part */
	bool	incomplete;
};

static enum pdu_ton
ton_from_name(const char *name)
{
	int i;

	for (i = PDU_TON_UNKNOWN; i <= PDU_TON_RESERVED; i++) {
		if (strcmp(pdu_ton_name((enum pdu_ton)i), name) == 0) {
			return (enum pdu_ton)i;
		}
	}
	return PDU_TON_UNKNOWN;
}

/* Upper-case copy of hex into out. */
static void
hex_upper(const char *hex, size_t len, struct buf *out)
{
	size_t i;
	char c;

	for (i = 0; i < len; i++) {
		c = hex[i];
		buf_addc(out, c >= 'a' && c <= 'f' ? (char)(c - 'a' + 'A') : c);
	}
}

/* The sender as stored: E.164 for numbers, the name for alphanumerics. */
static void
normalise_sender(const struct pdu_addr *a, char out[NUMBER_MAX + 32])
{
	if (a->ton == PDU_TON_ALPHANUMERIC ||
	    number_normalize(a->text, out) == -1) {
		snprintf(out, NUMBER_MAX + 32, "%s", a->text);
	}
}

/*
 * Classify and store a whole message with its ticket, and queue its
 * answer (answer.h) in the same transaction.
 */
static int
store_whole(const struct ingest *in, const struct whole *w, int64_t now,
    struct ingest_report *rep)
{
	const struct gopy_conf *c = in->conf;
	struct store_new_message m;
	struct classify_result r;
	struct answer a;
	struct buf folded;
	int rc = -1;

	memset(&m, 0, sizeof(m));
	buf_init(&folded);
	classify_result_init(&r);
	text_fold(w->text, w->text_len, &folded);
	classify_text(in->classifier, w->text, w->text_len, &r);
	classify_explain(in->classifier, &r);
	if (answer_decide(in->store, c, w->sender, w->ton, folded.data,
	    r.topic, now, &a) == -1) {
		goto out;
	}
	/* A command is about no topic: it is filed under the fallback. */
	if (a.command) {
		r.topic = c->fallback;
		r.score = 0;
		r.unsure = false;
		buf_reset(&r.matched);
		buf_reset(&r.scores);
	}
	m.sender = w->sender;
	m.sender_type = pdu_ton_name(w->ton);
	m.received_at = w->received_at;
	m.received_tz = w->received_tz;
	m.stored_at = now;
	m.text = w->text;
	m.folded = folded.data;
	m.topic = in->conf->topics[r.topic].id;
	m.score = r.score;
	m.keywords = r.matched.data;
	m.scores = r.scores.data;
	m.unsure = r.unsure;
	m.parts = w->parts;
	m.raw_pdu = w->raw;
	m.incomplete = w->incomplete;
	m.commune = commune_find(in->communes, w->text, w->text_len);
	m.kind = a.command ? "command" : "report";
	m.unanswered = a.unanswered;
	m.repeat_of = a.repeat_of;
	snprintf(rep->sender, sizeof(rep->sender), "%s", w->sender);
	snprintf(rep->topic, sizeof(rep->topic), "%s", m.topic);
	rep->parts = w->parts;
	rep->incomplete = w->incomplete;
	if (store_add_message(in->store, &m, &rep->id) == -1) {
		goto out;
	}
	reply_ticket(rep->id, rep->ticket);
	if (store_set_ticket(in->store, rep->id, rep->ticket) == -1 ||
	    answer_queue(in->store, c, &a, rep->id, rep->ticket, w->sender,
	    w->text, r.topic, now, &rep->ack_id) == -1) {
		goto out;
	}
	snprintf(rep->unanswered, sizeof(rep->unanswered), "%s",
	    a.unanswered != NULL ? a.unanswered : "");
	rc = 0;
out:
	buf_release(&folded);
	classify_result_release(&r);
	return rc;
}

/* Parts of one message, in order, as store_list_parts hands them over. */
struct assembly {
	struct whole	 w;
	struct buf	 text;
	struct buf	 raw;
	char		 sender[NUMBER_MAX + 32];
	int		 next;		/* the part number expected next */
};

/* Mark parts next .. upto-1 as missing. */
static void
mark_missing(struct assembly *a, int upto, int total)
{
	for (; a->next < upto; a->next++) {
		buf_addf(&a->text, INGEST_MISSING_PART, a->next, total);
		a->w.incomplete = true;
	}
}

static void
add_part(void *arg, const struct store_part *p)
{
	struct assembly *a = arg;

	if (a->w.parts == 0) {
		snprintf(a->sender, sizeof(a->sender), "%s", p->sender);
		a->w.ton = ton_from_name(p->sender_type);
		a->w.parts = p->total;
		a->w.received_at = p->received_at;
		a->w.received_tz = p->received_tz;
	}
	/* The earliest timestamp: when the citizen sent it. */
	if (p->received_at < a->w.received_at) {
		a->w.received_at = p->received_at;
		a->w.received_tz = p->received_tz;
	}
	mark_missing(a, p->seq, p->total);
	buf_adds(&a->text, p->text);
	if (a->raw.len > 0) {
		buf_addc(&a->raw, '\n');
	}
	buf_adds(&a->raw, p->raw_pdu);
	a->next = p->seq + 1;
}

/*
 * Store the message of a group of parts, whole or with gaps marked; or,
 * when it was stored already (id != 0, a part came late), give it the text
 * of the parts in now, keeping its ticket, topic and acknowledgement.
 */
static int
store_group(const struct ingest *in, int64_t group, int64_t id, int64_t now,
    struct ingest_report *rep)
{
	struct assembly a;
	struct buf folded;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	buf_init(&a.text);
	buf_init(&a.raw);
	buf_init(&folded);
	a.next = 1;
	if (store_list_parts(in->store, group, add_part, &a) <= 0) {
		goto out;
	}
	mark_missing(&a, a.w.parts + 1, a.w.parts);
	a.w.sender = a.sender;
	a.w.text = a.text.data;
	a.w.text_len = a.text.len;
	a.w.raw = a.raw.data;
	if (id != 0) {
		text_fold(a.text.data, a.text.len, &folded);
		rep->id = id;
		rep->incomplete = a.w.incomplete;
		rc = store_update_message(in->store, id, a.text.data,
		    folded.data, a.raw.data, a.w.incomplete);
		goto out;
	}
	if (store_whole(in, &a.w, now, rep) == -1 ||
	    store_finish_parts(in->store, group, rep->id) == -1) {
		goto out;
	}
	rc = 0;
out:
	buf_release(&a.text);
	buf_release(&a.raw);
	buf_release(&folded);
	return rc;
}

/* Keep a part; store its message when it was the last one missing. */
static int
store_part(const struct ingest *in, const struct pdu_deliver *d,
    const char *sender, const char *key, const char *raw, int64_t now,
    struct ingest_report *rep, int *result)
{
	struct store_new_part p;
	int64_t group, id;
	int n;

	memset(&p, 0, sizeof(p));
	p.key = key;
	p.sender = sender;
	p.sender_type = pdu_ton_name(d->sender.ton);
	p.ref = d->concat.ref;
	p.total = d->concat.total;
	p.seq = d->concat.seq;
	p.received_at = d->scts;
	p.received_tz = d->tz_minutes;
	p.stored_at = now;
	p.text = d->text;
	p.raw_pdu = raw;
	snprintf(rep->sender, sizeof(rep->sender), "%s", sender);
	rep->parts = p.total;
	if (store_add_part(in->store, &p, in->conf->modem.multipart_timeout,
	    &group, &id) == -1 ||
	    (n = store_count_parts(in->store, group)) == -1) {
		return -1;
	}
	rep->parts_in = n;
	if (id != 0) {
		/* Late: its message was stored without it. */
		*result = INGEST_PART;
		return store_group(in, group, id, now, rep);
	}
	if (n < p.total) {
		*result = INGEST_PART;
		return 0;
	}
	*result = INGEST_STORED;
	return store_group(in, group, 0, now, rep);
}

/* Store what could not be decoded, raw, so that an officer can see it. */
static int
store_undecodable(const struct ingest *in, const char *raw, int64_t now,
    struct ingest_report *rep)
{
	struct store_new_message m;

	memset(&m, 0, sizeof(m));
	m.sender = "";
	m.sender_type = "unknown";
	m.received_at = now;
	m.stored_at = now;
	m.text = "";
	m.folded = "";
	m.topic = in->conf->topics[in->conf->fallback].id;
	m.keywords = "";
	m.parts = 1;
	m.raw_pdu = raw;
	m.error = rep->error;
	snprintf(rep->topic, sizeof(rep->topic), "%s", m.topic);
	if (store_add_message(in->store, &m, &rep->id) == -1) {
		return -1;
	}
	reply_ticket(rep->id, rep->ticket);
	return store_set_ticket(in->store, rep->id, rep->ticket);
}

/* A status report: what became of an SMS we sent (9.2.2.3). */
static int
apply_report(const struct ingest *in, const struct pdu_status_report *sr,
    struct ingest_report *rep)
{
	static const char *const classes[] = {
		[PDU_ST_DELIVERED] = "delivered",
		[PDU_ST_PENDING] = "pending",
		[PDU_ST_FAILED] = "failed",
	};
	char to[NUMBER_MAX + 32];
	int rc;

	normalise_sender(&sr->recipient, to);
	snprintf(rep->sender, sizeof(rep->sender), "%s", to);
	snprintf(rep->delivery, sizeof(rep->delivery), "%s",
	    classes[pdu_status_class(sr->status)]);
	rc = store_outbox_report(in->store, sr->mr, to, rep->delivery,
	    sr->status, sr->discharge);
	if (rc == -1) {
		snprintf(rep->error, sizeof(rep->error), "%s",
		    store_error(in->store));
		return INGEST_ERR_STORE;
	}
	rep->report_matched = rc == 1;
	return INGEST_REPORT;
}

int
ingest_pdu(const struct ingest *in, const char *hex, size_t hexlen,
    int64_t now, struct ingest_report *rep)
{
	struct pdu_status_report sr;
	uint8_t bytes[PDU_MAX_BYTES];
	char sender[NUMBER_MAX + 32];
	struct pdu_deliver d;
	struct buf raw, key;
	size_t n = 0, tpdu_off = 0;
	struct whole w;
	int rc, result;

	memset(rep, 0, sizeof(*rep));
	buf_init(&raw);
	buf_init(&key);
	rc = pdu_from_hex(hex, hexlen, bytes, sizeof(bytes), &n);
	if (rc != PDU_OK) {
		snprintf(rep->error, sizeof(rep->error), "PDU is not hex of "
		    "at most %d bytes", PDU_MAX_BYTES);
		/* Modem lines may carry any bytes; the database wants UTF-8. */
		text_sanitize_utf8(hex, hexlen, &raw);
	} else {
		hex_upper(hex, hexlen, &raw);
		if (pdu_type(bytes, n, true) == PDU_TYPE_STATUS_REPORT) {
			rc = pdu_decode_status_report(bytes, n, true, &sr,
			    NULL, rep->error, sizeof(rep->error));
			if (rc == PDU_OK) {
				buf_release(&raw);
				return apply_report(in, &sr, rep);
			}
		} else {
			rc = pdu_decode_deliver(bytes, n, true, &d, &tpdu_off,
			    rep->error, sizeof(rep->error));
		}
	}
	/*
	 * The dedupe key is the TPDU: the SMSC address in front of it is the
	 * modem's to add and may differ between a +CMTI read and a sweep.
	 */
	if (rc == PDU_OK) {
		buf_add(&key, raw.data + 2 * tpdu_off, raw.len - 2 * tpdu_off);
		normalise_sender(&d.sender, sender);
	} else {
		buf_add(&key, raw.data, raw.len);
	}

	if (store_begin(in->store) == -1) {
		goto fail;
	}
	switch (store_pdu_seen(in->store, key.data)) {
	case 1:
		store_rollback(in->store);
		result = INGEST_DUPLICATE;
		goto out;
	case 0:
		break;
	default:
		goto fail;
	}
	if (rc == PDU_OK && d.concat.total > 1) {
		/* A part keeps its key itself until its message is whole. */
		if (store_part(in, &d, sender, key.data, raw.data, now, rep,
		    &result) == -1) {
			goto fail;
		}
	} else {
		if (rc == PDU_OK) {
			result = INGEST_STORED;
			memset(&w, 0, sizeof(w));
			w.sender = sender;
			w.ton = d.sender.ton;
			w.received_at = d.scts;
			w.received_tz = d.tz_minutes;
			w.text = d.text;
			w.text_len = d.text_len;
			w.parts = 1;
			w.raw = raw.data;
			if (store_whole(in, &w, now, rep) == -1) {
				goto fail;
			}
		} else {
			result = INGEST_UNDECODABLE;
			if (store_undecodable(in, raw.data, now, rep) == -1) {
				goto fail;
			}
		}
		if (store_add_pdu_key(in->store, key.data, rep->id) == -1) {
			goto fail;
		}
	}
	if (store_commit(in->store) == -1) {
		goto fail;
	}
out:
	buf_release(&raw);
	buf_release(&key);
	return result;

fail:
	snprintf(rep->error, sizeof(rep->error), "%s",
	    store_error(in->store));
	store_rollback(in->store);
	rep->id = 0;
	rep->ack_id = 0;
	rep->ticket[0] = '\0';
	buf_release(&raw);
	buf_release(&key);
	return INGEST_ERR_STORE;
}

int
ingest_stale(const struct ingest *in, int64_t now, struct ingest_report *rep)
{
	int64_t group;
	int n;

	memset(rep, 0, sizeof(*rep));
	if (store_begin(in->store) == -1) {
		goto fail;
	}
	n = store_stale_groups(in->store,
	    now - in->conf->modem.multipart_timeout, &group, 1);
	if (n == -1) {
		goto fail;
	}
	if (n == 0) {
		/*
		 * Nothing waits too long: forget the parts of messages stored
		 * long enough ago that no part of them can come any more.
		 */
		if (store_prune_parts(in->store,
		    now - 2 * (int64_t)in->conf->modem.multipart_timeout) == -1 ||
		    store_commit(in->store) == -1) {
			goto fail;
		}
		return 0;
	}
	if (store_group(in, group, 0, now, rep) == -1 ||
	    store_commit(in->store) == -1) {
		goto fail;
	}
	return 1;

fail:
	snprintf(rep->error, sizeof(rep->error), "%s",
	    store_error(in->store));
	store_rollback(in->store);
	return -1;
}
