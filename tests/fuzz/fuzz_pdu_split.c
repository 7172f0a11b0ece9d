/*
 * libFuzzer target for PDU encoding: the input as the text of a reply.
 * pdu_choose_coding, pdu_split (or pdu_split16 for odd sizes), each part
 * as an SMS-SUBMIT and as an SMS-DELIVER, decoded again: every part
 * encodes, carries its concatenation element, and the parts' texts join
 * to the input, byte for byte. Texts reach the encoder as C strings, so
 * inputs with a NUL byte are not texts and are skipped.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pdu.h"

#define ERRLEN	256

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok) {
		abort();
	}
}

/* One part as an SMS-SUBMIT, decoded again; its text goes to joined. */
static void
round_trip_submit(const char *text, size_t len, enum pdu_coding coding,
    const struct pdu_concat *concat, struct buf *joined)
{
	struct pdu_submit_opts o;
	uint8_t out[PDU_MAX_BYTES];
	struct pdu_submit s;
	char err[ERRLEN];
	size_t tpdu_len;
	int n;

	memset(&o, 0, sizeof(o));
	o.coding = coding;
	o.concat = *concat;
	o.mr = (uint8_t)len;
	o.validity = (int)(len % 257) - 1;
	o.status_report = len % 2 == 0;
	n = pdu_encode_submit("+84912345678", text, len, &o, out, sizeof(out),
	    &tpdu_len, err, sizeof(err));
	check(n > 0 && tpdu_len == (size_t)n - 1 && tpdu_len <= PDU_TPDU_MAX);
	check(pdu_decode_submit(out, (size_t)n, &s, err, sizeof(err)) ==
	    PDU_OK);
	check(s.coding == coding && s.mr == o.mr);
	check(s.concat.ref == concat->ref && s.concat.total == concat->total &&
	    s.concat.seq == concat->seq);
	buf_add(joined, s.text, s.text_len);
}

/* The same part as an SMS-DELIVER from an alphanumeric sender. */
static void
round_trip_deliver(const char *text, size_t len, enum pdu_coding coding,
    const struct pdu_concat *concat, struct buf *joined)
{
	uint8_t out[PDU_MAX_BYTES];
	struct pdu_deliver d;
	char err[ERRLEN];
	int n;

	n = pdu_encode_deliver("+84980200030", "CA Ha Tinh", coding,
	    concat->total > 0 ? concat : NULL, text, len, 1742005800, 420,
	    out, sizeof(out), err, sizeof(err));
	check(n > 0);
	check(pdu_decode_deliver(out, (size_t)n, true, &d, NULL, err,
	    sizeof(err)) == PDU_OK);
	check(d.coding == coding && strcmp(d.sender.text, "CA Ha Tinh") == 0);
	check(d.concat.ref == concat->ref && d.concat.total == concat->total &&
	    d.concat.seq == concat->seq);
	buf_add(joined, d.text, d.text_len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pdu_span spans[PDU_PARTS_MAX];
	const char *text = (const char *)data;
	struct pdu_concat concat;
	enum pdu_coding coding;
	struct buf joined_s, joined_d;
	char err[ERRLEN];
	bool wide = size % 2 == 1;
	int nparts, j;

	if (memchr(data, '\0', size) != NULL ||
	    pdu_choose_coding(text, size, &coding) != PDU_OK) {
		return 0;
	}
	nparts = (wide ? pdu_split16 : pdu_split)(text, size, coding, spans,
	    PDU_PARTS_MAX, err, sizeof(err));
	if (nparts == PDU_ERR_PARTS) {
		return 0;
	}
	check(nparts >= 1 && nparts <= PDU_PARTS_MAX);
	memset(&concat, 0, sizeof(concat));
	if (nparts > 1) {
		concat.ref = (uint16_t)(wide ? 256 + size : size % 256);
		concat.total = (uint8_t)nparts;
	}
	buf_init(&joined_s);
	buf_init(&joined_d);
	for (j = 0; j < nparts; j++) {
		if (nparts > 1) {
			concat.seq = (uint8_t)(j + 1);
		}
		round_trip_submit(text + spans[j].off, spans[j].len, coding,
		    &concat, &joined_s);
		round_trip_deliver(text + spans[j].off, spans[j].len, coding,
		    &concat, &joined_d);
	}
	check(joined_s.len == size && memcmp(joined_s.data, text, size) == 0);
	check(joined_d.len == size && memcmp(joined_d.data, text, size) == 0);
	buf_release(&joined_s);
	buf_release(&joined_d);
	return 0;
}
