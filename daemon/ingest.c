/*
 * From PDU hex to committed rows. This file decides what is stored and what
 * is answered; store.c decides how. It does not talk to the modem: its
 * return value tells the caller whether the SIM copy may go.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "ingest.h"
#include "number.h"
#include "pdu.h"
#include "text.h"

static const char *
ton_name(enum pdu_ton ton)
{
	static const char *const names[] = {
		"unknown", "international", "national", "network",
		"subscriber", "alphanumeric", "abbreviated", "reserved",
	};

	return names[ton & 7];
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

/* Queue the acknowledgement of message id, when it is to be answered. */
static int
queue_ack(const struct ingest *in, const struct pdu_deliver *d,
    const char *recipient, size_t topic, int64_t now,
    struct ingest_report *rep)
{
	const struct gopy_conf *c = in->conf;
	const char *tmpl;
	struct reply_vars v;
	struct buf text;
	char date[16];
	struct tm tm;
	time_t t = (time_t)now;
	int rc;

	if (!c->reply.enabled || !reply_may_answer(&d->sender) ||
	    recipient[0] == '\0') {
		return 0;
	}
	tmpl = c->topics[topic].reply != NULL ? c->topics[topic].reply :
	    c->reply.template;
	localtime_r(&t, &tm);
	strftime(date, sizeof(date), "%d/%m/%Y", &tm);
	v.ticket = rep->ticket;
	v.topic = c->topics[topic].name;
	v.unit = c->reply.unit;
	v.date = date;
	buf_init(&text);
	reply_expand(tmpl, &v, &text);
	rc = store_queue_sms(in->store, recipient, text.data, rep->id, now,
	    &rep->ack_id);
	buf_release(&text);
	return rc;
}

/* Store a decoded message and its acknowledgement. */
static int
store_decoded(const struct ingest *in, const struct pdu_deliver *d,
    const char *raw, int64_t now, struct ingest_report *rep)
{
	struct store_new_message m;
	struct classify_result r;
	char number[NUMBER_MAX];
	struct buf folded;
	int rc = -1;

	memset(&m, 0, sizeof(m));
	if (d->sender.ton != PDU_TON_ALPHANUMERIC &&
	    number_normalize(d->sender.text, number) == 0) {
		m.sender = number;
	} else {
		m.sender = d->sender.text;
		number[0] = '\0';
	}
	snprintf(rep->sender, sizeof(rep->sender), "%s", m.sender);
	buf_init(&folded);
	buf_init(&r.matched);
	text_fold(d->text, d->text_len, &folded);
	classify_text(in->classifier, d->text, d->text_len, &r);
	m.sender_type = ton_name(d->sender.ton);
	m.received_at = d->scts;
	m.received_tz = d->tz_minutes;
	m.stored_at = now;
	m.text = d->text;
	m.folded = folded.data;
	m.topic = in->conf->topics[r.topic].id;
	m.score = r.score;
	m.keywords = r.matched.data;
	m.parts = 1;
	m.raw_pdu = raw;
	snprintf(rep->topic, sizeof(rep->topic), "%s", m.topic);
	if (store_add_message(in->store, &m, &rep->id) == -1) {
		goto out;
	}
	reply_ticket(rep->id, rep->ticket);
	if (store_set_ticket(in->store, rep->id, rep->ticket) == -1 ||
	    queue_ack(in, d, number, r.topic, now, rep) == -1) {
		goto out;
	}
	rc = 0;
out:
	buf_release(&folded);
	buf_release(&r.matched);
	return rc;
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

int
ingest_pdu(const struct ingest *in, const char *hex, size_t hexlen,
    int64_t now, struct ingest_report *rep)
{
	struct pdu_deliver d;
	uint8_t bytes[PDU_MAX_BYTES];
	struct buf raw, key;
	size_t n = 0, tpdu_off = 0;
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
		rc = pdu_decode_deliver(bytes, n, true, &d, &tpdu_off,
		    rep->error, sizeof(rep->error));
	}
	/*
	 * The dedupe key is the TPDU: the SMSC address in front of it is the
	 * modem's to add and may differ between a +CMTI read and a sweep.
	 */
	if (rc == PDU_OK) {
		buf_add(&key, raw.data + 2 * tpdu_off, raw.len - 2 * tpdu_off);
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
	if (rc == PDU_OK) {
		result = INGEST_STORED;
		if (store_decoded(in, &d, raw.data, now, rep) == -1) {
			goto fail;
		}
	} else {
		result = INGEST_UNDECODABLE;
		if (store_undecodable(in, raw.data, now, rep) == -1) {
			goto fail;
		}
	}
	if (store_add_pdu_key(in->store, key.data, rep->id) == -1 ||
	    store_commit(in->store) == -1) {
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
