/*
 * libFuzzer target for PDU decoding: the input as every TPDU gopyd and the
 * simulator read (SMS-DELIVER and SMS-STATUS-REPORT with and without an
 * SMSC address, SMS-SUBMIT), and as the text of a listing line. Each
 * decoder gives a result or an error, never both and never neither: on an
 * error the struct is all zero and err says why; on success err is empty,
 * every text is valid UTF-8 of the length given, and the type agrees with
 * pdu_type.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdu.h"
#include "text.h"

#define ERRLEN	256

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok) {
		abort();
	}
}

static bool
all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] != 0) {
			return false;
		}
	}
	return true;
}

/* A NUL-terminated text of len bytes in cap, valid UTF-8. */
static void
check_text(const char *text, size_t cap, size_t len)
{
	check(memchr(text, '\0', cap) != NULL);
	check(strlen(text) == len);
	check(text_valid_utf8(text, len));
}

static void
check_addr(const struct pdu_addr *a)
{
	check_text(a->text, sizeof(a->text), strlen(a->text));
	check(a->ton <= PDU_TON_RESERVED && a->npi <= 0x0f);
}

/* rc and err agree: PDU_OK and "", or a PDU_ERR_* and a message. */
static void
check_status(int rc, const char *err)
{
	if (rc == PDU_OK) {
		check(err[0] == '\0');
	} else {
		check(rc >= PDU_ERR_TRAILING && rc < 0 && err[0] != '\0');
	}
	check(memchr(err, '\0', ERRLEN) != NULL);
}

static void
fuzz_deliver(const uint8_t *data, size_t size, bool has_smsc, int type)
{
	struct pdu_deliver d;
	char err[ERRLEN];
	size_t off;
	int rc;

	rc = pdu_decode_deliver(data, size, has_smsc, &d, &off, err,
	    sizeof(err));
	check_status(rc, err);
	if (rc != PDU_OK) {
		check(all_zero(&d, sizeof(d)) && off == 0);
		return;
	}
	check(type == PDU_TYPE_DELIVER && off < size);
	check_addr(&d.smsc);
	check_addr(&d.sender);
	check(d.coding <= PDU_CODING_UCS2);
	check(d.msg_class >= -1 && d.msg_class <= 3);
	check(d.tz_minutes % 15 == 0 && d.tz_minutes >= -79 * 15 &&
	    d.tz_minutes <= 79 * 15);
	check(d.concat.total == 0 ? d.concat.seq == 0 && d.concat.ref == 0 :
	    d.concat.seq >= 1 && d.concat.seq <= d.concat.total);
	check_text(d.text, sizeof(d.text), d.text_len);
}

static void
fuzz_report(const uint8_t *data, size_t size, bool has_smsc, int type)
{
	struct pdu_status_report sr;
	char err[ERRLEN];
	size_t off;
	int rc;

	rc = pdu_decode_status_report(data, size, has_smsc, &sr, &off, err,
	    sizeof(err));
	check_status(rc, err);
	if (rc != PDU_OK) {
		check(all_zero(&sr, sizeof(sr)) && off == 0);
		return;
	}
	check(type == PDU_TYPE_STATUS_REPORT && off < size);
	check_addr(&sr.smsc);
	check_addr(&sr.recipient);
	check(pdu_status_class(sr.status) <= PDU_ST_FAILED);
}

static void
fuzz_submit(const uint8_t *data, size_t size)
{
	struct pdu_submit s;
	char err[ERRLEN];
	int rc;

	rc = pdu_decode_submit(data, size, &s, err, sizeof(err));
	check_status(rc, err);
	if (rc != PDU_OK) {
		check(all_zero(&s, sizeof(s)));
		return;
	}
	check(pdu_type(data, size, true) == PDU_TYPE_SUBMIT);
	check_addr(&s.to);
	check(s.coding <= PDU_CODING_UCS2);
	check_text(s.text, sizeof(s.text), s.text_len);
}

/* The bytes as a TPDU, with and without an SMSC address in front. */
static void
fuzz_tpdu(const uint8_t *data, size_t size)
{
	bool has_smsc;
	int type, i;

	for (i = 0; i < 2; i++) {
		has_smsc = i == 0;
		type = pdu_type(data, size, has_smsc);
		check(type == PDU_ERR_SHORT || type == PDU_TYPE_DELIVER ||
		    type == PDU_TYPE_SUBMIT || type == PDU_TYPE_STATUS_REPORT);
		fuzz_deliver(data, size, has_smsc, type);
		fuzz_report(data, size, has_smsc, type);
	}
	fuzz_submit(data, size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t pdu[PDU_MAX_BYTES];
	enum pdu_line kind;
	size_t n;
	int rc;

	fuzz_tpdu(data, size);
	/*
	 * The bytes as a line after a +CMGL header that announced half their
	 * count less the SMSC octets, as gopyd reads listings; a line that is
	 * all hex is decoded too.
	 */
	kind = pdu_line_kind((const char *)data, size,
	    size >= 2 ? size / 2 - 1 : 0);
	check(kind == PDU_LINE_OTHER || kind == PDU_LINE_HEX ||
	    kind == PDU_LINE_EXACT || kind == PDU_LINE_BARE);
	rc = pdu_from_hex((const char *)data, size, pdu, sizeof(pdu), &n);
	check(rc == PDU_OK || rc == PDU_ERR_HEX || rc == PDU_ERR_SHORT);
	check(rc == PDU_OK ? n == size / 2 : n == 0);
	check(kind == PDU_LINE_OTHER || rc != PDU_ERR_HEX);
	if (rc == PDU_OK) {
		fuzz_tpdu(pdu, n);
	}
	return 0;
}
