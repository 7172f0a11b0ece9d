/*
 * TS 23.040 transfer protocol data units as AT+CMGF=0 carries them: an
 * optional SMSC address (TS 24.008 10.5.4.9 style, as 27.005 3.1 puts it in
 * front) followed by the TPDU.
 *
 * gopyd decodes SMS-DELIVER and SMS-STATUS-REPORT, splits its replies into
 * parts and encodes each as an SMS-SUBMIT. The opposite directions,
 * encoding SMS-DELIVER and decoding SMS-SUBMIT, exist for the modem simulator
 * (tests/modemsim), which plays the network side with this same codec; unit
 * tests pin both directions to captured PDUs so that one bug cannot hide
 * behind its mirror image.
 *
 * Pure: no I/O, no logging. Decoders fill caller structs with fixed arrays
 * sized by the protocol's bounds; every error path leaves an empty struct and
 * a message in err.
 */
#ifndef GOPY_PDU_H
#define GOPY_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define PDU_UD_MAX		140	/* octets of TP-UD, TS 23.040 9.2.3.24 */
#define PDU_ADDR_DIGITS_MAX	20	/* digits of an address, 9.1.2.5 */
#define PDU_ADDR_TEXT_MAX	48	/* bytes of an address as text, with NUL */
#define PDU_TEXT_MAX		(160 * 3 + 1) /* UTF-8 of one part's text, with NUL */
#define PDU_TPDU_MAX		176	/* octets of the largest TPDU */
#define PDU_MAX_BYTES		(12 + PDU_TPDU_MAX) /* with an SMSC address */
#define PDU_PARTS_MAX		255	/* parts of a concatenated SMS, 9.2.3.24.1 */
#define PDU_GSM7_SINGLE		160	/* septets in a part without a UDH */
#define PDU_GSM7_PART		153	/* ... with an 8-bit concatenation UDH */
#define PDU_UCS2_SINGLE		70	/* UTF-16 units in a part without a UDH */
#define PDU_UCS2_PART		67	/* ... with an 8-bit concatenation UDH */
#define PDU_GSM7_PART16		152	/* ... with the 16-bit one (IEI 08) */
#define PDU_UCS2_PART16		66	/* ... with the 16-bit one (IEI 08) */

enum pdu_status {
	PDU_OK = 0,
	PDU_ERR_SHORT = -1,	/* ended before a field it announced */
	PDU_ERR_HEX = -2,	/* not an even number of hex digits */
	PDU_ERR_TYPE = -3,	/* TP-MTI is not the type asked for */
	PDU_ERR_ADDR = -4,	/* address length or contents invalid */
	PDU_ERR_DCS = -5,	/* coding not supported (compressed, reserved) */
	PDU_ERR_UDH = -6,	/* user data header lengths do not fit */
	PDU_ERR_UDL = -7,	/* TP-UDL larger than the user data can hold */
	PDU_ERR_SCTS = -8,	/* timestamp digits out of range */
	PDU_ERR_TEXT = -9,	/* (encode) text not codable, or too long */
	PDU_ERR_TRAILING = -10,	/* bytes after the user data */
	PDU_ERR_PARTS = -11,	/* (encode) more parts than allowed */
};

/* Type of number, TS 23.040 9.1.2.5. */
enum pdu_ton {
	PDU_TON_UNKNOWN = 0,
	PDU_TON_INTERNATIONAL = 1,
	PDU_TON_NATIONAL = 2,
	PDU_TON_NETWORK = 3,
	PDU_TON_SUBSCRIBER = 4,
	PDU_TON_ALPHANUMERIC = 5,
	PDU_TON_ABBREVIATED = 6,
	PDU_TON_RESERVED = 7,
};

struct pdu_addr {
	enum pdu_ton ton;
	uint8_t	npi;			/* numbering plan, 4 bits */
	/*
	 * Digits as text (0-9 * # a b c), with a leading '+' when ton is
	 * international; or, when alphanumeric, the GSM 7-bit name as UTF-8.
	 * "" when the address is absent (an SMSC length of 0).
	 */
	char	text[PDU_ADDR_TEXT_MAX];
};

/*
 * "international", "national", "alphanumeric", ...: the type of number as
 * gopy stores and shows it.
 */
const char *pdu_ton_name(enum pdu_ton ton);

/* Alphabet of TP-UD from TP-DCS, TS 23.038 4. */
enum pdu_coding {
	PDU_CODING_GSM7 = 0,
	PDU_CODING_8BIT = 1,
	PDU_CODING_UCS2 = 2,
};

/* TPDU types gopy reads, from TP-MTI (9.2.3.1). */
enum pdu_type {
	PDU_TYPE_DELIVER,	/* MTI 00, and the reserved 11 (9.2.3.1) */
	PDU_TYPE_SUBMIT,	/* MTI 01: a stored outgoing SMS */
	PDU_TYPE_STATUS_REPORT,	/* MTI 10 */
};

/* Concatenation information element, TS 23.040 9.2.3.24.1 and .8. */
struct pdu_concat {
	uint16_t ref;			/* reference, 8 or 16 bits */
	uint8_t	total;			/* parts in the message; 0 when not concatenated */
	uint8_t	seq;			/* this part, 1..total */
};

struct pdu_deliver {
	struct pdu_addr smsc;		/* empty when absent */
	struct pdu_addr sender;		/* TP-OA */
	uint8_t	pid;			/* TP-PID */
	uint8_t	dcs;			/* TP-DCS as received */
	enum pdu_coding coding;
	int	msg_class;		/* 0..3, or -1 when the DCS gives none */
	int64_t	scts;			/* TP-SCTS as Unix time, UTC */
	int	tz_minutes;		/* the SCTS zone, minutes east of UTC */
	struct pdu_concat concat;
	/*
	 * TP-UD as UTF-8, NUL-terminated. UCS2 is UTF-16BE: surrogate pairs are
	 * joined; a lone surrogate or an odd last byte becomes U+FFFD. 8-bit
	 * data reads as ISO 8859-1. U+0000 becomes U+FFFD too, so the text
	 * holds no NUL and text_len == strlen(text).
	 */
	char	text[PDU_TEXT_MAX];
	size_t	text_len;
};

/* SMS-STATUS-REPORT, 9.2.2.3: what became of an SMS-SUBMIT we sent. */
struct pdu_status_report {
	struct pdu_addr smsc;		/* empty when absent */
	uint8_t	mr;			/* TP-MR of the SMS-SUBMIT */
	struct pdu_addr recipient;	/* TP-RA */
	int64_t	scts;			/* TP-SCTS: the SC took the SUBMIT, UTC */
	int	scts_tz;		/* its zone, minutes east of UTC */
	int64_t	discharge;		/* TP-DT: delivered or failed, UTC */
	int	discharge_tz;
	uint8_t	status;			/* TP-ST, 9.2.3.15 */
};

/*
 * What TP-ST says, 9.2.3.15. A reserved value (0x03-0x0f, 0x26-0x2f,
 * 0x4a-0x4f, 0x66-0x6f, 0x80-0xff) reads as 0x63 "service rejected",
 * as the clause asks of the receiving SME: failed.
 */
enum pdu_st_class {
	PDU_ST_DELIVERED,	/* 0x00-0x02, 0x10-0x1f: completed */
	PDU_ST_PENDING,		/* 0x20-0x25, 0x30-0x3f: SC still trying */
	PDU_ST_FAILED,		/* 0x40-0x7f and reserved values: SC gave up */
};

/* A piece of a text for one part: a byte range of its UTF-8. */
struct pdu_span {
	size_t	off;
	size_t	len;
};

/* How pdu_encode_submit encodes one part. */
struct pdu_submit_opts {
	enum pdu_coding coding;		/* GSM7 or UCS2, from pdu_choose_coding */
	/*
	 * total 0: a single part. ref < 256 goes as IEI 00, which the part
	 * sizes of pdu_split leave room for; a larger one as IEI 08.
	 */
	struct pdu_concat concat;
	uint8_t	mr;			/* TP-MR; modems put their own */
	int	validity;		/* TP-VP relative octet 0..255, -1 none */
	bool	status_report;		/* TP-SRR: ask for an SMS-STATUS-REPORT */
};

/* SMS-SUBMIT as the modem simulator reads it back. */
struct pdu_submit {
	uint8_t	mr;			/* TP-MR */
	bool	status_report;		/* TP-SRR: a report is asked for */
	struct pdu_addr to;		/* TP-DA */
	uint8_t	dcs;
	enum pdu_coding coding;
	struct pdu_concat concat;
	char	text[PDU_TEXT_MAX];	/* as in struct pdu_deliver */
	size_t	text_len;
};

/*
 * Hex digits (either case) to bytes. Writes at most cap bytes to out and
 * sets *outlen. Returns PDU_OK, PDU_ERR_HEX (odd count or a non-hex digit)
 * or PDU_ERR_SHORT (more bytes than cap).
 */
int	pdu_from_hex(const char *hex, size_t hexlen, uint8_t *out, size_t cap,
	    size_t *outlen);

/* What a line after a +CMGL/+CMGR header is, see pdu_line_kind. */
enum pdu_line {
	PDU_LINE_OTHER = 0,	/* not hex: some other line that strayed in */
	PDU_LINE_HEX,		/* hex, but not of the length announced */
	PDU_LINE_EXACT,		/* hex of exactly the length announced */
	PDU_LINE_BARE,		/* ... without the SMSC field, which some
				   modems leave out */
};

/*
 * Classify hexlen bytes at hex against a listing header that announced
 * tpdu_len TPDU octets (27.005 3.4.2: <length> counts the TPDU, not the
 * SMSC address in front of it).
 */
enum pdu_line pdu_line_kind(const char *hex, size_t hexlen, size_t tpdu_len);

/* Append len bytes to out as upper-case hex. */
void	pdu_to_hex(const uint8_t *p, size_t len, struct buf *out);

/*
 * Decode an SMS-DELIVER. has_smsc says whether the bytes begin with an SMSC
 * address (AT+CMGL/+CMGR/+CMT in PDU mode do). On failure returns a
 * PDU_ERR_* value, zeroes *d and writes a message naming the field to err.
 * When tpdu_off is not NULL it receives the offset of the TPDU in p.
 */
int	pdu_decode_deliver(const uint8_t *p, size_t len, bool has_smsc,
	    struct pdu_deliver *d, size_t *tpdu_off, char *err, size_t errlen);

/*
 * The type of the TPDU in p (after the SMSC address when has_smsc), from
 * its first octet alone. Returns an enum pdu_type, or PDU_ERR_SHORT.
 */
int	pdu_type(const uint8_t *p, size_t len, bool has_smsc);

/*
 * Decode an SMS-STATUS-REPORT; as pdu_decode_deliver. The optional fields
 * after TP-ST (TP-PI and the TP-PID, TP-DCS, TP-UDL and TP-UD it
 * announces) are checked and not kept; a report may end after TP-ST.
 */
int	pdu_decode_status_report(const uint8_t *p, size_t len, bool has_smsc,
	    struct pdu_status_report *sr, size_t *tpdu_off, char *err,
	    size_t errlen);

/* The class of a TP-ST value. */
enum pdu_st_class pdu_status_class(uint8_t status);

/*
 * The alphabet text needs: GSM7 when every character is in the default
 * alphabet or its extension table, else UCS2. Returns PDU_OK, or
 * PDU_ERR_TEXT for invalid UTF-8.
 */
int	pdu_choose_coding(const char *text, size_t len, enum pdu_coding *coding);

/*
 * Split text into the parts of one SMS each in coding (GSM7 or UCS2): one
 * part when it fits PDU_GSM7_SINGLE septets or PDU_UCS2_SINGLE units, else
 * parts of at most PDU_GSM7_PART septets or PDU_UCS2_PART units (room for an
 * 8-bit concatenation header), never splitting an escape sequence or a
 * surrogate pair. An empty text is one empty part. Writes at most max spans;
 * max above PDU_PARTS_MAX counts as PDU_PARTS_MAX. Returns the number of
 * parts, PDU_ERR_TEXT (invalid UTF-8, or a character GSM7 lacks),
 * PDU_ERR_DCS (coding is 8-bit) or PDU_ERR_PARTS when more than max parts
 * would be needed (err says how many).
 */
int	pdu_split(const char *text, size_t len, enum pdu_coding coding,
	    struct pdu_span *spans, size_t max, char *err, size_t errlen);

/*
 * For the modem simulator: pdu_split for parts with a 16-bit reference,
 * whose header takes one octet more: PDU_GSM7_PART16 septets or
 * PDU_UCS2_PART16 units per part.
 */
int	pdu_split16(const char *text, size_t len, enum pdu_coding coding,
	    struct pdu_span *spans, size_t max, char *err, size_t errlen);

/*
 * The TP-VP relative octet (9.2.3.12.1) for a validity of minutes, rounded
 * up to the next value it can code; 255 (63 weeks) at most.
 */
int	pdu_validity_relative(int64_t minutes);

/*
 * Encode one part (a span from pdu_split) of text (UTF-8) to the number to
 * as an SMS-SUBMIT with an empty SMSC address ("00": the modem uses the
 * SIM's). to with '+' is international, other digits go as dialled (type
 * unknown, 9.1.2.5). Writes the bytes to out (cap PDU_MAX_BYTES is enough)
 * and the TPDU length, which AT+CMGS wants, to *tpdu_len. Returns the number
 * of bytes, or PDU_ERR_ADDR (to is not a phone number), PDU_ERR_TEXT (the
 * text does not fit one part, or is not in the coding), PDU_ERR_DCS (o says
 * 8-bit), PDU_ERR_UDH (o->concat.seq is not 1..total) or PDU_ERR_SHORT
 * (cap is too small). o->validity outside -1..255 is a bug of the caller.
 */
int	pdu_encode_submit(const char *to, const char *text, size_t len,
	    const struct pdu_submit_opts *o, uint8_t *out, size_t cap,
	    size_t *tpdu_len, char *err, size_t errlen);

/*
 * For the modem simulator: encode an SMS-DELIVER from sender (digits with
 * optional '+', or an alphanumeric name of up to 11 GSM 7-bit characters)
 * with an SMSC address, SCTS t (Unix time) in zone tz_minutes, the given
 * coding (GSM7 or UCS2) and, unless concat is NULL, a concatenation header
 * (8-bit reference when ref < 256, else 16-bit; seq 1..total, else
 * PDU_ERR_UDH). Returns the byte count or a PDU_ERR_* value.
 */
int	pdu_encode_deliver(const char *smsc, const char *sender,
	    enum pdu_coding coding, const struct pdu_concat *concat,
	    const char *text, size_t len, int64_t t, int tz_minutes,
	    uint8_t *out, size_t cap, char *err, size_t errlen);

/*
 * For the modem simulator: encode the SMS-STATUS-REPORT of the SMS-SUBMIT
 * with message reference mr to recipient (digits with optional '+'), with
 * an SMSC address, TP-SCTS scts (when the SC took the SUBMIT), TP-DT
 * discharge (Unix times, zone tz_minutes) and TP-ST status (9.2.3.15), and
 * no optional fields. Returns the byte count or a PDU_ERR_* value.
 */
int	pdu_encode_status_report(const char *smsc, uint8_t mr,
	    const char *recipient, int64_t scts, int64_t discharge,
	    int tz_minutes, uint8_t status, uint8_t *out, size_t cap,
	    char *err, size_t errlen);

/* For the modem simulator: decode an SMS-SUBMIT with its SMSC prefix. */
int	pdu_decode_submit(const uint8_t *p, size_t len, struct pdu_submit *s,
	    char *err, size_t errlen);

#endif
