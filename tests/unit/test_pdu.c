/*
 * Unit tests for pdu: SMS-DELIVER, SMS-STATUS-REPORT and SMS-SUBMIT against
 * pinned PDUs, every error status, every truncation and every one-octet
 * mutation of the vectors, encode/decode round trips at the one-part
 * limits, where texts split, and a randomized split-encode-decode round
 * trip that prints its seed and takes -s SEED to replay.
 *
 * Vectors other than the public ones were built by hand from TS 23.040 and
 * checked octet by octet (see the breakdowns) against an independent model
 * of the packing, not against this module.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "pdu.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define ERRLEN		128

/* The seed of test_property: the time, or -s SEED to replay a failure. */
static unsigned long test_seed;

/* Shared parts of the hand-built vectors. */
#define SMSC_VN		"07914889200030F0"	/* +84980200030 */
#define OA_VN		"0B914819325476F8"	/* +84912345678 */
#define SCTS_VN		"52305190030082"	/* 2025-03-15 09:30:00 +07:00 */
#define T_VN		1742005800		/* the same, 02:30:00 UTC */
#define HEAD_VN		SMSC_VN "04" OA_VN "00"	/* up to TP-DCS */
#define HEAD_VN_UDHI	SMSC_VN "44" OA_VN "00"	/* the same with TP-UDHI */

/*
 * The classic SMS-DELIVER of the GSM 03.40 tutorials (dreamfabric.com
 * "SMS messages and the PDU format", also in ModemManager's tests):
 * 07 91 7283010010F5     SMSC +27381000015
 * 04                     SMS-DELIVER, TP-MMS
 * 0B C8 7238880900F1     TP-OA 11 digits, subscriber/national plan: 27838890001
 * 00 00                  TP-PID, TP-DCS GSM 7-bit
 * 99309251619580         TP-SCTS 1999-03-29 15:16:59 +02:00 (8 quarters)
 * 0A E8329BFD4697D9EC37  TP-UDL 10 septets, "hellohello"
 */
#define HELLO_TPDU	"040BC87238880900F1" "0000" "99309251619580" \
			"0AE8329BFD4697D9EC37"
#define HELLO		"07917283010010F5" HELLO_TPDU
#define T_HELLO		922713419	/* 1999-03-29 13:16:59 UTC */

/*
 * "Trộm bò ở xóm 3" ("theft of a cow in hamlet 3") from +84912345678:
 * SMSC_VN 04 OA_VN 00 08 SCTS_VN, then TP-UDL 1E (30 octets):
 * 0054 T, 0072 r, 1ED9 ộ, 006D m, 0020, 0062 b, 00F2 ò, 0020, 1EDF ở, 0020,
 * 0078 x, 00F3 ó, 006D m, 0020, 0033 3.
 */
#define VIET		HEAD_VN "08" SCTS_VN "1E" "005400721ED9006D0020" \
			"006200F200201EDF0020007800F3006D00200033"

/*
 * Alphanumeric TP-OA "Viettel": 7 septets use 49 bits, 13 semi-octets:
 * 0D D0 D674994E2FB301 (V=56 i=69 e=65 t=74 t=74 e=65 l=6C packed).
 * Text "KM: tang 50% the nap", 20 septets in 18 octets.
 */
#define VIETTEL		SMSC_VN "04" "0DD0D674994E2FB301" "00" "00" SCTS_VN \
			"14CBA60E440FBBCFA01AAC04A2A3CB2077180E"

/* "MobiFone": 8 septets fill 7 octets, 14 semi-octets. Text "Xin chao". */
#define MOBIFONE	SMSC_VN "04" "0ED0CDB7386D7CBBCB" "00" "00" SCTS_VN \
			"08D8B41B344687DF"

/*
 * SMSC length 00 (absent), then GSM 7-bit "Gia 100€ [a]{b}~|^\<FF>" with
 * every extension character: 30 septets (ten of them escapes) in 27 octets.
 */
#define EXT		"00" "04" OA_VN "00" "00" SCTS_VN "1E" \
			"C774181483C13665D08617DEF83628F126B5E96D801BCAE6B55100"

/*
 * "Cảm ơn 😀" from national 0912345678 (TOA A1): 1EA3 ả, 01A1 ơ and the
 * surrogate pair D83D DE00 for U+1F600.
 */
#define EMOJI		SMSC_VN "04" "0AA19021436587" "00" "08" SCTS_VN "12" \
			"00431EA3006D002001A1006E0020D83DDE00"

/* Time zones: 2024-12-31 19:00:00 -05:00 (0A: sign bit 3, 20 quarters). */
#define TZ_NEG		SMSC_VN "04" "0B912120550521F3" "0000" \
			"4221139100000A" "02E834"
/* 2024-02-29 23:45:00 +05:45 (32: 23 quarters), a leap day. */
#define TZ_NEPAL	SMSC_VN "04" "0A917917325476" "0000" \
			"42209232540032" "02E834"
/* 2025-01-01 00:10:00 -03:30 (49: sign, 14 quarters). */
#define TZ_NEWFOUNDLAND	SMSC_VN "04" "0B917190550521F3" "0000" \
			"52101000010049" "02E834"

/*
 * Concatenation, 8-bit reference: UDH 05 00 03 A7 02 01 (ref 0xA7, part 1
 * of 2), then one fill bit and "Phan 1": TP-UDL 0D = 7 + 6 septets.
 */
#define CONCAT8		HEAD_VN_UDHI "00" SCTS_VN "0D" "050003A70201" \
			"A0E8B01B1403"

/*
 * Concatenation, 16-bit reference, UCS2: UDH 06 08 04 1234 03 02 (ref
 * 0x1234, part 2 of 3), then "Phần 2" (1EA7 ầ): TP-UDL 13 = 7 + 12 octets.
 */
#define CONCAT16	HEAD_VN_UDHI "08" SCTS_VN "13" "06080412340302" \
			"005000681EA7006E00200032"

/*
 * An element to skip first: UDH 08 | 24 01 00 (national language single
 * shift, unsupported) | 00 03 05 02 02; 9 octets make 11 septets with 5
 * fill bits, then "x": TP-UDL 0C.
 */
#define CONCAT_SKIP	HEAD_VN_UDHI "00" SCTS_VN "0C" "082401000003050202" \
			"000F"

/* Sequence number 0 voids the element (9.2.3.24.1): UDH 05 00 03 A7 02 00. */
#define CONCAT_SEQ0	HEAD_VN_UDHI "00" SCTS_VN "08" "050003A70200" "F0"

/*
 * An SMS-STATUS-REPORT after +CDS, from the tutorial "Receiving SMS Status
 * Report message" (amro.blogspot.com, 2007), without an SMSC address:
 * 06                  first octet: TP-MTI 10 SMS-STATUS-REPORT, TP-MMS
 * 00                  TP-MR 0
 * 0B 91 0221815716F2  TP-RA 11 digits, international: +20121875612
 * 70902151012180      TP-SCTS 2007-09-12 15:10:12 +02:00 (80: 8 quarters)
 * 70902151017180      TP-DT 2007-09-12 15:10:17 +02:00
 * 00                  TP-ST 0: received by the SME
 */
#define SR_AMRO		"06000B910221815716F2" "70902151012180" \
			"70902151017180" "00"
#define T_AMRO		1189602612	/* 2007-09-12 13:10:12 UTC */

/*
 * Nordic's nRF91 AT manual shows +CDS: 25 with 24 octets: TP-MR is
 * missing, so 0C is read as TP-MR and 91 as a TP-RA length of 145.
 */
#define SR_NORDIC	"060C91534810325476171160316255001711603152120000"

/*
 * Built by hand: our SMS-SUBMIT 2A to +84912345678, reported at
 * SMSC_VN | 06 SMS-STATUS-REPORT, TP-MMS | 2A TP-MR | OA_VN as TP-RA |
 * SCTS_VN TP-SCTS | DT_VN TP-DT, then TP-ST and what follows.
 */
#define DT_VN		"52305190135082"	/* 2025-03-15 09:31:05 +07:00 */
#define T_DT_VN		1742005865
#define SR_HEAD_VN	SMSC_VN "06" "2A" OA_VN SCTS_VN DT_VN
/* The same with TP-UDHI (46). */
#define SR_HEAD_VN_UDHI	SMSC_VN "46" "2A" OA_VN SCTS_VN DT_VN

struct deliver_case {
	const char	*name;
	const char	*hex;
	bool		 has_smsc;
	const char	*smsc;
	const char	*sender;
	enum pdu_ton	 ton;
	uint8_t		 npi;
	uint8_t		 dcs;
	enum pdu_coding	 coding;
	int		 msg_class;
	int64_t		 scts;
	int		 tz;
	uint16_t	 ref;
	uint8_t		 total;
	uint8_t		 seq;
	const char	*text;
};

/* Field groups of the hand-built vectors. */
#define VIA_VN	.has_smsc = true, .smsc = "+84980200030"
#define FROM_VN	.sender = "+84912345678", .ton = PDU_TON_INTERNATIONAL, .npi = 1
#define AT_VN	.scts = T_VN, .tz = 420
#define VN	VIA_VN, FROM_VN, AT_VN

static const struct deliver_case deliver_cases[] = {
	{ .name = "hellohello", .hex = HELLO, .has_smsc = true,
	    .smsc = "+27381000015", .sender = "27838890001",
	    .ton = PDU_TON_SUBSCRIBER, .npi = 8, .msg_class = -1,
	    .scts = T_HELLO, .tz = 120, .text = "hellohello" },
	{ .name = "hellohello without smsc", .hex = HELLO_TPDU,
	    .smsc = "", .sender = "27838890001", .ton = PDU_TON_SUBSCRIBER,
	    .npi = 8, .msg_class = -1, .scts = T_HELLO, .tz = 120,
	    .text = "hellohello" },
	{ .name = "vietnamese ucs2", .hex = VIET, VN, .dcs = 0x08,
	    .coding = PDU_CODING_UCS2, .msg_class = -1,
	    .text = "Trộm bò ở xóm 3" },
	{ .name = "alphanumeric viettel", .hex = VIETTEL, VIA_VN, AT_VN,
	    .sender = "Viettel", .ton = PDU_TON_ALPHANUMERIC,
	    .msg_class = -1, .text = "KM: tang 50% the nap" },
	{ .name = "alphanumeric mobifone", .hex = MOBIFONE, VIA_VN, AT_VN,
	    .sender = "MobiFone", .ton = PDU_TON_ALPHANUMERIC,
	    .msg_class = -1, .text = "Xin chao" },
	{ .name = "extension table, empty smsc", .hex = EXT,
	    .has_smsc = true, .smsc = "", FROM_VN, AT_VN, .msg_class = -1,
	    .text = "Gia 100€ [a]{b}~|^\\\f" },
	{ .name = "emoji, national sender", .hex = EMOJI, VIA_VN, AT_VN,
	    .sender = "0912345678", .ton = PDU_TON_NATIONAL, .npi = 1,
	    .dcs = 0x08, .coding = PDU_CODING_UCS2, .msg_class = -1,
	    .text = "Cảm ơn 😀" },
	{ .name = "zone -05:00", .hex = TZ_NEG, VIA_VN,
	    .sender = "+12025550123", .ton = PDU_TON_INTERNATIONAL, .npi = 1,
	    .msg_class = -1, .scts = 1735689600, .tz = -300, .text = "hi" },
	{ .name = "zone +05:45", .hex = TZ_NEPAL, VIA_VN,
	    .sender = "+9771234567", .ton = PDU_TON_INTERNATIONAL, .npi = 1,
	    .msg_class = -1, .scts = 1709229600, .tz = 345, .text = "hi" },
	{ .name = "zone -03:30", .hex = TZ_NEWFOUNDLAND, VIA_VN,
	    .sender = "+17095550123", .ton = PDU_TON_INTERNATIONAL, .npi = 1,
	    .msg_class = -1, .scts = 1735702800, .tz = -210, .text = "hi" },
	{ .name = "concat 8-bit", .hex = CONCAT8, VN, .msg_class = -1,
	    .ref = 0xa7, .total = 2, .seq = 1, .text = "Phan 1" },
	{ .name = "concat 16-bit ucs2", .hex = CONCAT16, VN, .dcs = 0x08,
	    .coding = PDU_CODING_UCS2, .msg_class = -1, .ref = 0x1234,
	    .total = 3, .seq = 2, .text = "Phần 2" },
	{ .name = "concat after skipped element", .hex = CONCAT_SKIP, VN,
	    .msg_class = -1, .ref = 5, .total = 2, .seq = 2, .text = "x" },
	{ .name = "concat sequence 0 ignored", .hex = CONCAT_SEQ0, VN,
	    .msg_class = -1, .text = "x" },
	/* TP-DCS 10: general group, class 0 (flash), GSM 7-bit. */
	{ .name = "class 0", .hex = HEAD_VN "10" SCTS_VN "054676788E06", VN,
	    .dcs = 0x10, .msg_class = 0, .text = "Flash" },
	/* TP-DCS F1: data coding/message class group, class 1, GSM 7-bit. */
	{ .name = "group 1111 class 1", .hex = HEAD_VN "F1" SCTS_VN "02C834",
	    VN, .dcs = 0xf1, .msg_class = 1, .text = "Hi" },
	/* TP-DCS 18: general group, class 0, UCS2. */
	{ .name = "ucs2 class 0", .hex = HEAD_VN "18" SCTS_VN "021ED9", VN,
	    .dcs = 0x18, .coding = PDU_CODING_UCS2, .msg_class = 0,
	    .text = "ộ" },
	/* TP-DCS C0: message waiting, discard message, GSM 7-bit. */
	{ .name = "message waiting gsm7", .hex = HEAD_VN "C0" SCTS_VN "02D626",
	    VN, .dcs = 0xc0, .msg_class = -1, .text = "VM" },
	/* TP-DCS E8: message waiting, store message, UCS2. */
	{ .name = "message waiting ucs2", .hex = HEAD_VN "E8" SCTS_VN "021ED9",
	    VN, .dcs = 0xe8, .coding = PDU_CODING_UCS2, .msg_class = -1,
	    .text = "ộ" },
	/* TP-DCS F4: 8-bit class 0; 63 61 66 E9 is "café" in ISO 8859-1. */
	{ .name = "8-bit latin1", .hex = HEAD_VN "F4" SCTS_VN "04636166E9",
	    VN, .dcs = 0xf4, .coding = PDU_CODING_8BIT, .msg_class = 0,
	    .text = "café" },
	{ .name = "8-bit nul", .hex = HEAD_VN "04" SCTS_VN "024100", VN,
	    .dcs = 0x04, .coding = PDU_CODING_8BIT, .msg_class = -1,
	    .text = "A\xef\xbf\xbd" },
	/* UCS2 D800 0041: a high surrogate without its low half. */
	{ .name = "lone high surrogate", .hex = HEAD_VN "08" SCTS_VN
	    "04D8000041", VN, .dcs = 0x08, .coding = PDU_CODING_UCS2,
	    .msg_class = -1, .text = "\xef\xbf\xbd" "A" },
	{ .name = "lone low surrogate", .hex = HEAD_VN "08" SCTS_VN
	    "04DC000041", VN, .dcs = 0x08, .coding = PDU_CODING_UCS2,
	    .msg_class = -1, .text = "\xef\xbf\xbd" "A" },
	{ .name = "high surrogate at end", .hex = HEAD_VN "08" SCTS_VN
	    "040041D83D", VN, .dcs = 0x08, .coding = PDU_CODING_UCS2,
	    .msg_class = -1, .text = "A\xef\xbf\xbd" },
	/* TP-UDL 3: one unit and an odd octet. */
	{ .name = "odd ucs2 length", .hex = HEAD_VN "08" SCTS_VN "03004100",
	    VN, .dcs = 0x08, .coding = PDU_CODING_UCS2, .msg_class = -1,
	    .text = "A\xef\xbf\xbd" },
	/* Septets 41 1B: "A" then an escape with nothing after it. */
	{ .name = "escape at end", .hex = HEAD_VN "00" SCTS_VN "02C10D", VN,
	    .msg_class = -1, .text = "A " },
	/* First octet 07: TP-MTI 11 is reserved, read as SMS-DELIVER. */
	{ .name = "reserved mti", .hex = SMSC_VN "07" OA_VN "0000" SCTS_VN
	    "02E834", VN, .msg_class = -1, .text = "hi" },
};

static const struct {
	const char	*name;
	const char	*hex;
	int		 rc;
} deliver_errors[] = {
	{ "compressed", HEAD_VN "20" SCTS_VN "02E834", PDU_ERR_DCS },
	{ "compressed ucs2 class 1", HEAD_VN "39" SCTS_VN "020041",
	    PDU_ERR_DCS },
	{ "reserved group 1000", HEAD_VN "80" SCTS_VN "02E834", PDU_ERR_DCS },
	{ "reserved group 1011", HEAD_VN "B0" SCTS_VN "02E834", PDU_ERR_DCS },
	{ "reserved alphabet", HEAD_VN "0C" SCTS_VN "02E834", PDU_ERR_DCS },
	{ "trailing octet", HELLO "00", PDU_ERR_TRAILING },
	{ "trailing after ucs2", VIET "0000", PDU_ERR_TRAILING },
	{ "gsm7 udl 161", HEAD_VN "00" SCTS_VN "A1E834", PDU_ERR_UDL },
	{ "gsm7 udl 255", HEAD_VN "00" SCTS_VN "FFE834", PDU_ERR_UDL },
	{ "ucs2 udl 141", HEAD_VN "08" SCTS_VN "8D0041", PDU_ERR_UDL },
	{ "udl past the end", HEAD_VN "00" SCTS_VN "03E834", PDU_ERR_SHORT },
	{ "udhl past tp-ud", HEAD_VN_UDHI "08" SCTS_VN "040A000102",
	    PDU_ERR_UDH },
	{ "element past udh", HEAD_VN_UDHI "08" SCTS_VN "06050005A70201",
	    PDU_ERR_UDH },
	{ "element length past udh", HEAD_VN_UDHI "08" SCTS_VN "020100",
	    PDU_ERR_UDH },
	{ "concat 8-bit of length 2", HEAD_VN_UDHI "08" SCTS_VN
	    "07040002A7020041", PDU_ERR_UDH },
	{ "concat 16-bit of length 3", HEAD_VN_UDHI "08" SCTS_VN
	    "06050803123402", PDU_ERR_UDH },
	{ "gsm7 header past udl", HEAD_VN_UDHI "00" SCTS_VN "0100",
	    PDU_ERR_UDH },
	{ "udhi with udl 0", HEAD_VN_UDHI "00" SCTS_VN "00", PDU_ERR_UDH },
	{ "sms-submit", "0001000B914819325476F8000006C3701BF47603",
	    PDU_ERR_TYPE },
	{ "status report", SMSC_VN "06" "00", PDU_ERR_TYPE },
	{ "tp-oa of 21 digits", SMSC_VN "04" "1591" "48193254769821436587F9"
	    "0000" SCTS_VN "02E834", PDU_ERR_ADDR },
	{ "smsc of 12 octets", "0C91" "4889200030F048892000300000",
	    PDU_ERR_ADDR },
	{ "filler inside tp-oa", SMSC_VN "04" "0B9148F9325476F8" "0000"
	    SCTS_VN "02E834", PDU_ERR_ADDR },
	{ "filler inside smsc", "0791F8892000300004" OA_VN "0000" SCTS_VN
	    "02E834", PDU_ERR_ADDR },
	{ "month 13", HEAD_VN "00" "52315190030082" "02E834", PDU_ERR_SCTS },
	{ "month 0", HEAD_VN "00" "52005190030082" "02E834", PDU_ERR_SCTS },
	{ "day 0", HEAD_VN "00" "52300090030082" "02E834", PDU_ERR_SCTS },
	{ "february 29 2025", HEAD_VN "00" "52209290030082" "02E834",
	    PDU_ERR_SCTS },
	{ "april 31", HEAD_VN "00" "52401390030082" "02E834", PDU_ERR_SCTS },
	{ "hour 24", HEAD_VN "00" "52305142030082" "02E834", PDU_ERR_SCTS },
	{ "second 60", HEAD_VN "00" "52305190030682" "02E834", PDU_ERR_SCTS },
	{ "hex digit in day", HEAD_VN "00" "5230A190030082" "02E834",
	    PDU_ERR_SCTS },
	{ "zone units not a digit", HEAD_VN "00" "523051900300A2" "02E834",
	    PDU_ERR_SCTS },
	{ "empty", "", PDU_ERR_SHORT },
};

/* Hex of a test vector to bytes; a bad vector fails the test. */
static size_t
unhex(const char *name, const char *hex, uint8_t *out, size_t cap)
{
	size_t n;

	if (pdu_from_hex(hex, strlen(hex), out, cap, &n) != PDU_OK) {
		fail_msg("%s: bad vector hex", name);
	}
	return n;
}

static void
check_str(const char *name, const char *what, const char *got,
    const char *want)
{
	if (strcmp(got, want) != 0) {
		fail_msg("%s: %s is '%s', want '%s'", name, what, got, want);
	}
}

static void
check_int(const char *name, const char *what, long long got, long long want)
{
	if (got != want) {
		fail_msg("%s: %s is %lld, want %lld", name, what, got, want);
	}
}

/* What every failed decode must leave: an empty struct. */
static void
check_deliver_empty(const char *name, const struct pdu_deliver *d)
{
	static const struct pdu_deliver zero;

	if (memcmp(d, &zero, sizeof(zero)) != 0) {
		fail_msg("%s: struct not zeroed after an error", name);
	}
}

static void
test_decode_deliver(void **state)
{
	uint8_t p[PDU_MAX_BYTES];
	struct pdu_deliver d;
	char err[ERRLEN];
	size_t i, n, off;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(deliver_cases); i++) {
		const struct deliver_case *c = &deliver_cases[i];

		n = unhex(c->name, c->hex, p, sizeof(p));
		rc = pdu_decode_deliver(p, n, c->has_smsc, &d, &off, err,
		    sizeof(err));
		if (rc != PDU_OK) {
			fail_msg("%s: returns %d: %s", c->name, rc, err);
		}
		check_str(c->name, "error", err, "");
		check_int(c->name, "tpdu offset", (long long)off,
		    c->has_smsc ? p[0] + 1 : 0);
		check_str(c->name, "smsc", d.smsc.text, c->smsc);
		check_str(c->name, "sender", d.sender.text, c->sender);
		check_int(c->name, "ton", d.sender.ton, c->ton);
		check_int(c->name, "npi", d.sender.npi, c->npi);
		check_int(c->name, "pid", d.pid, 0);
		check_int(c->name, "dcs", d.dcs, c->dcs);
		check_int(c->name, "coding", d.coding, c->coding);
		check_int(c->name, "class", d.msg_class, c->msg_class);
		check_int(c->name, "scts", d.scts, c->scts);
		check_int(c->name, "zone", d.tz_minutes, c->tz);
		check_int(c->name, "concat ref", d.concat.ref, c->ref);
		check_int(c->name, "concat total", d.concat.total, c->total);
		check_int(c->name, "concat seq", d.concat.seq, c->seq);
		check_str(c->name, "text", d.text, c->text);
		check_int(c->name, "text length", (long long)d.text_len,
		    (long long)strlen(c->text));
	}
}

static void
test_decode_deliver_errors(void **state)
{
	uint8_t p[PDU_MAX_BYTES];
	struct pdu_deliver d;
	char err[ERRLEN];
	size_t i, n, off;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(deliver_errors); i++) {
		n = unhex(deliver_errors[i].name, deliver_errors[i].hex, p,
		    sizeof(p));
		off = 99;
		rc = pdu_decode_deliver(p, n, true, &d, &off, err, sizeof(err));
		if (rc != deliver_errors[i].rc) {
			fail_msg("%s: returns %d (%s), want %d",
			    deliver_errors[i].name, rc, err,
			    deliver_errors[i].rc);
		}
		if (err[0] == '\0' || err[strlen(err) - 1] == '.') {
			fail_msg("%s: error message '%s'",
			    deliver_errors[i].name, err);
		}
		check_int(deliver_errors[i].name, "tpdu offset",
		    (long long)off, 0);
		check_deliver_empty(deliver_errors[i].name, &d);
	}
}

/* Every proper prefix of every vector is short; nothing reads past it. */
static void
test_decode_deliver_truncated(void **state)
{
	uint8_t p[PDU_MAX_BYTES], *cut;
	struct pdu_deliver d;
	char err[ERRLEN], name[96];
	size_t i, n, k;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(deliver_cases); i++) {
		n = unhex(deliver_cases[i].name, deliver_cases[i].hex, p,
		    sizeof(p));
		for (k = 0; k < n; k++) {
			/* An exact-size copy, so ASan sees any overread. */
			cut = test_malloc(k == 0 ? 1 : k);
			memcpy(cut, p, k);
			rc = pdu_decode_deliver(cut, k,
			    deliver_cases[i].has_smsc, &d, NULL, err,
			    sizeof(err));
			test_free(cut);
			snprintf(name, sizeof(name), "%s cut at %zu",
			    deliver_cases[i].name, k);
			if (rc != PDU_ERR_SHORT) {
				fail_msg("%s: returns %d (%s), want %d", name,
				    rc, err, PDU_ERR_SHORT);
			}
			check_deliver_empty(name, &d);
		}
	}
}

/*
 * Every octet of every vector set to every value: the decoder returns a
 * status, and either a whole result or an empty struct.
 */
static void
test_decode_deliver_mutated(void **state)
{
	uint8_t p[PDU_MAX_BYTES], q[PDU_MAX_BYTES];
	struct pdu_deliver d;
	char err[ERRLEN], name[96];
	size_t i, n, k;
	unsigned v;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(deliver_cases); i++) {
		n = unhex(deliver_cases[i].name, deliver_cases[i].hex, p,
		    sizeof(p));
		for (k = 0; k < n; k++) {
			for (v = 0; v < 256; v++) {
				memcpy(q, p, n);
				q[k] = (uint8_t)v;
				rc = pdu_decode_deliver(q, n,
				    deliver_cases[i].has_smsc, &d, NULL, err,
				    sizeof(err));
				snprintf(name, sizeof(name),
				    "%s octet %zu=%02x",
				    deliver_cases[i].name, k, v);
				if (rc == PDU_OK) {
					check_int(name, "text length",
					    (long long)d.text_len,
					    (long long)strlen(d.text));
				} else if (rc < PDU_ERR_TRAILING ||
				    err[0] == '\0') {
					fail_msg("%s: returns %d (%s)", name,
					    rc, err);
				} else {
					check_deliver_empty(name, &d);
				}
			}
		}
	}
}

static void
test_decode_submit(void **state)
{
	static const struct {
		const char	*name;
		const char	*hex;
		uint8_t		 mr;
		const char	*to;
		enum pdu_coding	 coding;
		uint8_t		 total;
		const char	*text;
	} cases[] = {
		/*
		 * The tutorials' SMS-SUBMIT (dreamfabric.com): 00 no SMSC,
		 * 11 SMS-SUBMIT with relative TP-VP, TP-MR 00, TP-DA
		 * +46708251358, PID 00, DCS 00, TP-VP AA (4 days),
		 * "hellohello".
		 */
		{ "hellohello relative vp",
		    "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", 0,
		    "+46708251358", PDU_CODING_GSM7, 0, "hellohello" },
		/* The same with TP-VPF 11, an absolute TP-VP of 7 octets. */
		{ "absolute vp", "0019000B916407281553F8000099309251619580"
		    "0AE8329BFD4697D9EC37", 0, "+46708251358",
		    PDU_CODING_GSM7, 0, "hellohello" },
		/* TP-VPF 01, enhanced TP-VP of 7 octets, and TP-MR 2A. */
		{ "enhanced vp", "00092A0B916407281553F8000001000000000000"
		    "0AE8329BFD4697D9EC37", 0x2a, "+46708251358",
		    PDU_CODING_GSM7, 0, "hellohello" },
		/* 41: TP-UDHI; UCS2 with UDH 05 00 03 07 02 01, then "AB". */
		{ "concat ucs2", "0041000B916407281553F800080A050003070201"
		    "00410042", 0, "+46708251358", PDU_CODING_UCS2, 2, "AB" },
	};
	uint8_t p[PDU_MAX_BYTES];
	struct pdu_submit s;
	char err[ERRLEN];
	size_t i, k, n;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = unhex(cases[i].name, cases[i].hex, p, sizeof(p));
		rc = pdu_decode_submit(p, n, &s, err, sizeof(err));
		if (rc != PDU_OK) {
			fail_msg("%s: returns %d: %s", cases[i].name, rc, err);
		}
		check_int(cases[i].name, "mr", s.mr, cases[i].mr);
		check_str(cases[i].name, "to", s.to.text, cases[i].to);
		check_int(cases[i].name, "coding", s.coding, cases[i].coding);
		check_int(cases[i].name, "concat total", s.concat.total,
		    cases[i].total);
		check_str(cases[i].name, "text", s.text, cases[i].text);
		/* Every proper prefix is short. */
		for (k = 0; k < n; k++) {
			rc = pdu_decode_submit(p, k, &s, err, sizeof(err));
			if (rc != PDU_ERR_SHORT || s.text_len != 0) {
				fail_msg("%s cut at %zu: returns %d (%s)",
				    cases[i].name, k, rc, err);
			}
		}
	}
	/* An SMS-DELIVER is not an SMS-SUBMIT. */
	n = unhex("deliver", HELLO, p, sizeof(p));
	assert_int_equal(pdu_decode_submit(p, n, &s, err, sizeof(err)),
	    PDU_ERR_TYPE);
	assert_string_equal(s.text, "");
}

static void
test_hex(void **state)
{
	static const struct {
		const char	*name;
		const char	*hex;
		size_t		 cap;
		int		 rc;
		size_t		 len;
	} cases[] = {
		{ "upper", "00AF", 4, PDU_OK, 2 },
		{ "lower", "00af", 4, PDU_OK, 2 },
		{ "empty", "", 4, PDU_OK, 0 },
		{ "exact cap", "0102", 2, PDU_OK, 2 },
		{ "odd count", "0A1", 4, PDU_ERR_HEX, 0 },
		{ "not hex", "0G", 4, PDU_ERR_HEX, 0 },
		{ "space", "0 ", 4, PDU_ERR_HEX, 0 },
		{ "over cap", "010203", 2, PDU_ERR_SHORT, 0 },
	};
	uint8_t out[4];
	struct buf b;
	size_t i, n;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = 99;
		rc = pdu_from_hex(cases[i].hex, strlen(cases[i].hex), out,
		    cases[i].cap, &n);
		check_int(cases[i].name, "status", rc, cases[i].rc);
		check_int(cases[i].name, "length", (long long)n,
		    (long long)cases[i].len);
	}
	assert_int_equal(pdu_from_hex("00af", 4, out, 4, &n), PDU_OK);
	buf_init(&b);
	pdu_to_hex(out, n, &b);
	assert_string_equal(b.data, "00AF");
	buf_release(&b);
}

/* head, count copies of unit, then tail; free() it. */
static char *
make_text(const char *head, const char *unit, size_t count, const char *tail)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_adds(&b, head);
	for (i = 0; i < count; i++) {
		buf_adds(&b, unit);
	}
	buf_adds(&b, tail);
	return buf_detach(&b);
}

static char *
repeat(const char *unit, size_t count)
{
	return make_text("", unit, count, "");
}

/*
 * Two parts of GSM 7-bit: "Cong an " 20 times, then "!": 161 septets, so
 * 153 in part 1 (19 times "Cong an ", then "C") and 8 in part 2.
 *
 * After the 6-octet UDH one fill bit puts the first septet on a septet
 * boundary (9.2.3.24): 7 header septets, 153 of text, TP-UDL A0 (160),
 * 6 + 134 octets. Septets C=43 o=6F n=6E g=67 ' '=20 a=61 n=6E ' '=20,
 * the fill bit first:
 *   fill | 43 << 1            = 86
 *   6F | (6E & 1) << 7        = 6F
 *   6E >> 1 | (67 & 3) << 6   = 37 | C0 = F7
 *   67 >> 2 | (20 & 7) << 5   = 19
 *   20 >> 3 | (61 & F) << 4   = 04 | 10 = 14
 *   61 >> 4 | (6E & 1F) << 3  = 06 | 70 = 76
 *   6E >> 5 | (20 & 3F) << 2  = 03 | 80 = 83
 * and 20 >> 6 = 0 is bit 0 of the next octet, whose bits 1-7 are the next
 * C: eight septets take 56 bits, so the seven octets 86 6F F7 19 14 76 83
 * repeat 19 times, and the last C is 43 << 1 = 86.
 */
#define COND_AN		"866FF719147683"
#define COND_AN_19	COND_AN COND_AN COND_AN COND_AN COND_AN COND_AN \
			COND_AN COND_AN COND_AN COND_AN COND_AN COND_AN \
			COND_AN COND_AN COND_AN COND_AN COND_AN COND_AN COND_AN
/*
 * 00 SMSC from the SIM | 41 SMS-SUBMIT, TP-UDHI, no TP-VP | 00 TP-MR |
 * 0B 91 4819325476F8 TP-DA +84912345678 | 00 TP-PID | 00 TP-DCS GSM 7-bit
 * | A0 TP-UDL | 05 00 03 2A 02 01 UDH: IEI 00, reference 2A, part 1 of 2.
 */
#define MULTI7_1	"0041000B914819325476F80000A0" "0500032A0201" \
			COND_AN_19 "86"
/*
 * Part 2: "ong an !" is 8 septets, TP-UDL 0F (7 + 8), after the fill bit:
 *   fill | 6F << 1           = DE
 *   6E | (67 & 1) << 7       = EE
 *   67 >> 1 | (20 & 3) << 6  = 33
 *   20 >> 2 | (61 & 7) << 5  = 08 | 20 = 28
 *   61 >> 3 | (6E & F) << 4  = 0C | E0 = EC
 *   6E >> 4 | (20 & 1F) << 3 = 06
 *   20 >> 5 | (21 & 3F) << 2 = 01 | 84 = 85
 *   21 >> 6                  = 00
 */
#define MULTI7_2	"0041000B914819325476F800000F" "0500032A0202" \
			"DEEE3328EC068500"

/*
 * Two parts of UCS2: "Cảm ơn! " (0043 1EA3 006D 0020 01A1 006E 0021 0020)
 * 9 times, 72 units: 67 in part 1 (8 times, then "Cảm"), 5 in part 2.
 * 00 | 71 SMS-SUBMIT with TP-UDHI, TP-SRR and TP-VPF relative | 05 TP-MR
 * | TP-DA | 00 TP-PID | 08 TP-DCS UCS2 | A7 TP-VP 24 hours | 8C TP-UDL:
 * 6 octets of UDH (reference 07, part 1 of 2) and 134 of text.
 */
#define CAM_ON		"00431EA3006D002001A1006E00210020"
#define MULTI16_1	"0071050B914819325476F80008A78C" "050003070201" \
			CAM_ON CAM_ON CAM_ON CAM_ON CAM_ON CAM_ON CAM_ON \
			CAM_ON "00431EA3006D"
/* Part 2: " ơn! ", TP-UDL 10: 6 octets of UDH and 10 of text. */
#define MULTI16_2	"0071050B914819325476F80008A710" "050003070202" \
			"002001A1006E00210020"

/* SMS-SUBMIT encodings pinned octet by octet. */
static void
test_encode_submit_pinned(void **state)
{
	static const struct {
		const char	*name;
		const char	*to;
		const char	*text;
		struct pdu_submit_opts opts;
		const char	*hex;
	} cases[] = {
		/*
		 * 00 SMSC from the SIM | 01 SMS-SUBMIT, no TP-VP | 00 TP-MR
		 * | 0B 91 4819325476F8 TP-DA +84912345678 | 00 TP-PID |
		 * 00 TP-DCS GSM 7-bit | 06 TP-UDL | "Cam on": septets 43 61
		 * 6D 20 6F 6E pack as 43|1<<7=C3, 61>>1|6D<<6=70,
		 * 6D>>2|20<<5=1B, 20>>3|6F<<4=F4, 6F>>4|6E<<3=76, 6E>>5=03.
		 */
		{ "gsm7", "+84912345678", "Cam on",
		    { .coding = PDU_CODING_GSM7, .validity = -1 },
		    "0001000B914819325476F8000006C3701BF47603" },
		/*
		 * 0A 81 9021436587: 10 digits of unknown type, 0912345678 |
		 * 08 TP-DCS UCS2 | 0E 14 octets: "Đã nhận" is 0110 00E3
		 * 0020 006E 0068 1EAD 006E.
		 */
		{ "ucs2", "0912345678", "Đã nhận",
		    { .coding = PDU_CODING_UCS2, .validity = -1 },
		    "0001000A81902143658700080E011000E30020006E00681EAD006E" },
		/*
		 * 31: TP-VPF relative (10) and TP-SRR (20) | 2A TP-MR |
		 * TP-DA | 00 | 00 | AA TP-VP 4 days | 02 "hi" E8 34.
		 */
		{ "validity and report", "+84912345678", "hi",
		    { .coding = PDU_CODING_GSM7, .mr = 0x2a, .validity = 0xaa,
		    .status_report = true },
		    "00312A0B914819325476F80000AA02E834" },
		/*
		 * 41 TP-UDHI | 0A TP-UDL: UDH 06 08 04 01 2C 03 03 (IEI 08,
		 * reference 300, part 3 of 3), 7 octets and no fill bits are
		 * 8 septets; then "hi" packed from bit 0: E8 34.
		 */
		{ "16-bit reference", "+84912345678", "hi",
		    { .coding = PDU_CODING_GSM7, .validity = -1,
		    .concat = { .ref = 300, .total = 3, .seq = 3 } },
		    "0041000B914819325476F800000A" "060804012C0303" "E834" },
		{ "gsm7 part 1 of 2", "+84912345678",
		    "Cong an Cong an Cong an Cong an Cong an Cong an Cong an "
		    "Cong an Cong an Cong an Cong an Cong an Cong an Cong an "
		    "Cong an Cong an Cong an Cong an Cong an C",
		    { .coding = PDU_CODING_GSM7, .validity = -1,
		    .concat = { .ref = 0x2a, .total = 2, .seq = 1 } },
		    MULTI7_1 },
		{ "gsm7 part 2 of 2", "+84912345678", "ong an !",
		    { .coding = PDU_CODING_GSM7, .validity = -1,
		    .concat = { .ref = 0x2a, .total = 2, .seq = 2 } },
		    MULTI7_2 },
		{ "ucs2 part 1 of 2", "+84912345678",
		    "Cảm ơn! Cảm ơn! Cảm ơn! Cảm ơn! Cảm ơn! Cảm ơn! Cảm ơn! "
		    "Cảm ơn! Cảm",
		    { .coding = PDU_CODING_UCS2, .mr = 5,
		    .validity = 0xa7, .status_report = true,
		    .concat = { .ref = 7, .total = 2, .seq = 1 } },
		    MULTI16_1 },
		{ "ucs2 part 2 of 2", "+84912345678", " ơn! ",
		    { .coding = PDU_CODING_UCS2, .mr = 5,
		    .validity = 0xa7, .status_report = true,
		    .concat = { .ref = 7, .total = 2, .seq = 2 } },
		    MULTI16_2 },
	};
	uint8_t out[PDU_MAX_BYTES];
	char err[ERRLEN];
	size_t i, tpdu_len;
	struct buf b;
	int n;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = pdu_encode_submit(cases[i].to, cases[i].text,
		    strlen(cases[i].text), &cases[i].opts, out, sizeof(out),
		    &tpdu_len, err, sizeof(err));
		if (n < 0) {
			fail_msg("%s: returns %d: %s", cases[i].name, n, err);
		}
		buf_init(&b);
		pdu_to_hex(out, (size_t)n, &b);
		check_str(cases[i].name, "pdu", b.data, cases[i].hex);
		check_int(cases[i].name, "tpdu length", (long long)tpdu_len,
		    (long long)strlen(cases[i].hex) / 2 - 1);
		buf_release(&b);
	}
}

/*
 * What pdu_split makes of the two texts above, encoded part by part, gives
 * the pinned parts: the splitter and the encoder agree on the room.
 */
static void
test_encode_split_pinned(void **state)
{
	static const struct {
		const char	*name;
		const char	*unit;
		size_t		 count;
		const char	*tail;
		struct pdu_submit_opts opts;
		const char	*hex[2];
	} cases[] = {
		{ "gsm7", "Cong an ", 20, "!",
		    { .coding = PDU_CODING_GSM7, .validity = -1,
		    .concat.ref = 0x2a }, { MULTI7_1, MULTI7_2 } },
		{ "ucs2", "Cảm ơn! ", 9, "",
		    { .coding = PDU_CODING_UCS2, .mr = 5, .validity = 0xa7,
		    .status_report = true, .concat.ref = 7 },
		    { MULTI16_1, MULTI16_2 } },
	};
	struct pdu_span spans[PDU_PARTS_MAX];
	struct pdu_submit_opts o;
	uint8_t out[PDU_MAX_BYTES];
	enum pdu_coding coding;
	char err[ERRLEN], name[64], *text;
	size_t i, j, tpdu_len;
	struct buf b;
	int n, nparts;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		text = make_text("", cases[i].unit, cases[i].count,
		    cases[i].tail);
		assert_int_equal(pdu_choose_coding(text, strlen(text), &coding),
		    PDU_OK);
		check_int(cases[i].name, "coding", coding,
		    cases[i].opts.coding);
		nparts = pdu_split(text, strlen(text), coding, spans,
		    NELEM(spans), err, sizeof(err));
		check_int(cases[i].name, "parts", nparts, 2);
		for (j = 0; j < 2; j++) {
			snprintf(name, sizeof(name), "%s part %zu",
			    cases[i].name, j + 1);
			o = cases[i].opts;
			o.concat.total = 2;
			o.concat.seq = (uint8_t)(j + 1);
			n = pdu_encode_submit("+84912345678",
			    text + spans[j].off, spans[j].len, &o, out,
			    sizeof(out), &tpdu_len, err, sizeof(err));
			if (n < 0) {
				fail_msg("%s: returns %d: %s", name, n, err);
			}
			buf_init(&b);
			pdu_to_hex(out, (size_t)n, &b);
			check_str(name, "pdu", b.data, cases[i].hex[j]);
			buf_release(&b);
		}
		free(text);
	}
}

/* pdu_encode_deliver reproduces the hand-built vectors exactly. */
static void
test_encode_deliver_pinned(void **state)
{
	static const struct pdu_concat concat8 = { 0xa7, 2, 1 };
	static const struct pdu_concat concat16 = { 0x1234, 3, 2 };
	static const struct {
		const char	*name;
		const char	*smsc;
		const char	*sender;
		enum pdu_coding	 coding;
		const struct pdu_concat *concat;
		const char	*text;
		int64_t		 t;
		int		 tz;
		const char	*hex;
	} cases[] = {
		{ "vietnamese ucs2", "+84980200030", "+84912345678",
		    PDU_CODING_UCS2, NULL, "Trộm bò ở xóm 3", T_VN, 420, VIET },
		{ "alphanumeric", "+84980200030", "Viettel", PDU_CODING_GSM7,
		    NULL, "KM: tang 50% the nap", T_VN, 420, VIETTEL },
		{ "extension table", "", "+84912345678", PDU_CODING_GSM7,
		    NULL, "Gia 100€ [a]{b}~|^\\\f", T_VN, 420, EXT },
		{ "national sender", "+84980200030", "0912345678",
		    PDU_CODING_UCS2, NULL, "Cảm ơn 😀", T_VN, 420, EMOJI },
		{ "zone -05:00", "+84980200030", "+12025550123",
		    PDU_CODING_GSM7, NULL, "hi", 1735689600, -300, TZ_NEG },
		{ "zone +05:45", "+84980200030", "+9771234567",
		    PDU_CODING_GSM7, NULL, "hi", 1709229600, 345, TZ_NEPAL },
		{ "zone -03:30", "+84980200030", "+17095550123",
		    PDU_CODING_GSM7, NULL, "hi", 1735702800, -210,
		    TZ_NEWFOUNDLAND },
		{ "concat 8-bit", "+84980200030", "+84912345678",
		    PDU_CODING_GSM7, &concat8, "Phan 1", T_VN, 420, CONCAT8 },
		{ "concat 16-bit ucs2", "+84980200030", "+84912345678",
		    PDU_CODING_UCS2, &concat16, "Phần 2", T_VN, 420,
		    CONCAT16 },
	};
	uint8_t out[PDU_MAX_BYTES];
	char err[ERRLEN];
	struct buf b;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = pdu_encode_deliver(cases[i].smsc, cases[i].sender,
		    cases[i].coding, cases[i].concat, cases[i].text,
		    strlen(cases[i].text), cases[i].t, cases[i].tz, out,
		    sizeof(out), err, sizeof(err));
		if (n < 0) {
			fail_msg("%s: returns %d: %s", cases[i].name, n, err);
		}
		buf_init(&b);
		pdu_to_hex(out, (size_t)n, &b);
		check_str(cases[i].name, "pdu", b.data, cases[i].hex);
		buf_release(&b);
	}
}

/* A text given as a unit and a count, for the one-part limits. */
struct text_case {
	const char	*name;
	const char	*unit;
	size_t		 count;
	enum pdu_coding	 coding;	/* what the encoder should choose */
	int		 rc;		/* PDU_OK or the error */
};

static const struct text_case submit_texts[] = {
	{ "plain", "Da nhan phan anh. Ma so 0042-7", 1, PDU_CODING_GSM7,
	    PDU_OK },
	{ "vietnamese", "Công an xã đã nhận phản ánh của bạn", 1,
	    PDU_CODING_UCS2, PDU_OK },
	{ "emoji", "👍", 1, PDU_CODING_UCS2, PDU_OK },
	{ "every default character", "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#"
	    "¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
	    "abcdefghijklmnopqrstuvwxyzäöñüà", 1, PDU_CODING_GSM7, PDU_OK },
	{ "empty", "", 1, PDU_CODING_GSM7, PDU_OK },
	{ "160 septets", "a", 160, PDU_CODING_GSM7, PDU_OK },
	{ "161 septets", "a", 161, PDU_CODING_GSM7, PDU_ERR_TEXT },
	{ "80 euros, 160 septets", "€", 80, PDU_CODING_GSM7, PDU_OK },
	{ "81 euros, 162 septets", "€", 81, PDU_CODING_GSM7, PDU_ERR_TEXT },
	{ "70 units", "ộ", 70, PDU_CODING_UCS2, PDU_OK },
	{ "71 units", "ộ", 71, PDU_CODING_UCS2, PDU_ERR_TEXT },
	{ "35 surrogate pairs", "😀", 35, PDU_CODING_UCS2, PDU_OK },
	{ "36 surrogate pairs", "😀", 36, PDU_CODING_UCS2, PDU_ERR_TEXT },
	{ "invalid utf-8", "\xc3(", 1, PDU_CODING_UCS2, PDU_ERR_TEXT },
};

/*
 * pdu_choose_coding, encode_submit as one part, then decode_submit gives
 * back the text.
 */
static void
test_submit_round_trip(void **state)
{
	struct pdu_submit_opts o = { .validity = -1 };
	uint8_t out[PDU_MAX_BYTES];
	struct pdu_submit s;
	char err[ERRLEN], *text;
	size_t i, tpdu_len;
	int n, rc;

	(void)state;
	for (i = 0; i < NELEM(submit_texts); i++) {
		const struct text_case *c = &submit_texts[i];

		text = repeat(c->unit, c->count);
		tpdu_len = 99;
		n = pdu_choose_coding(text, strlen(text), &o.coding);
		if (n == PDU_OK) {
			check_int(c->name, "coding", o.coding, c->coding);
			n = pdu_encode_submit("+84912345678", text,
			    strlen(text), &o, out, sizeof(out), &tpdu_len, err,
			    sizeof(err));
		}
		if (c->rc != PDU_OK) {
			check_int(c->name, "status", n, c->rc);
			if (tpdu_len != 99 && tpdu_len != 0) {
				fail_msg("%s: tpdu length %zu after an error",
				    c->name, tpdu_len);
			}
			free(text);
			continue;
		}
		if (n < 0) {
			fail_msg("%s: returns %d: %s", c->name, n, err);
		}
		check_int(c->name, "tpdu length", (long long)tpdu_len, n - 1);
		rc = pdu_decode_submit(out, (size_t)n, &s, err, sizeof(err));
		if (rc != PDU_OK) {
			fail_msg("%s: decodes to %d: %s", c->name, rc, err);
		}
		check_str(c->name, "to", s.to.text, "+84912345678");
		check_int(c->name, "coding", s.coding, c->coding);
		check_int(c->name, "concat total", s.concat.total, 0);
		check_int(c->name, "tp-srr", s.status_report, o.status_report);
		check_str(c->name, "text", s.text, text);
		free(text);
		/* Every other text asks for a status report. */
		o.status_report = !o.status_report;
	}
}

/* encode_status_report then decode_status_report gives back each field. */
static void
test_report_round_trip(void **state)
{
	static const struct {
		const char	*name;
		const char	*recipient;
		enum pdu_ton	 ton;
		uint8_t		 mr;
		int		 tz;
		uint8_t		 status;
		int		 rc;
	} cases[] = {
		{ "delivered", "+84912345678", PDU_TON_INTERNATIONAL, 0, 420,
		    0x00, PDU_OK },
		{ "pending", "0912345678", PDU_TON_NATIONAL, 0x7f, 0, 0x20,
		    PDU_OK },
		{ "failed", "+84912345678", PDU_TON_INTERNATIONAL, 0xff, -315,
		    0x46, PDU_OK },
		{ "short code", "1900", PDU_TON_UNKNOWN, 1, 420, 0x00, PDU_OK },
		{ "a name", "Viettel", 0, 1, 420, 0x00, PDU_ERR_ADDR },
		{ "empty", "", 0, 1, 420, 0x00, PDU_ERR_ADDR },
		{ "zone", "+84912345678", 0, 1, 7, 0x00, PDU_ERR_SCTS },
	};
	struct pdu_status_report sr;
	uint8_t out[PDU_MAX_BYTES];
	char err[ERRLEN];
	size_t i;
	int n, rc;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = pdu_encode_status_report("+84980200030",
		    cases[i].mr, cases[i].recipient, T_VN, T_VN + 5,
		    cases[i].tz, cases[i].status, out, sizeof(out), err,
		    sizeof(err));
		if (cases[i].rc != PDU_OK) {
			check_int(cases[i].name, "status", n, cases[i].rc);
			if (err[0] == '\0') {
				fail_msg("%s: no error message", cases[i].name);
			}
			continue;
		}
		if (n < 0) {
			fail_msg("%s: returns %d: %s", cases[i].name, n, err);
		}
		check_int(cases[i].name, "type", pdu_type(out, (size_t)n, true),
		    PDU_TYPE_STATUS_REPORT);
		rc = pdu_decode_status_report(out, (size_t)n, true, &sr, NULL,
		    err, sizeof(err));
		if (rc != PDU_OK) {
			fail_msg("%s: decodes to %d: %s", cases[i].name, rc,
			    err);
		}
		check_str(cases[i].name, "smsc", sr.smsc.text, "+84980200030");
		check_int(cases[i].name, "mr", sr.mr, cases[i].mr);
		check_str(cases[i].name, "recipient", sr.recipient.text,
		    cases[i].recipient);
		check_int(cases[i].name, "ton", sr.recipient.ton, cases[i].ton);
		check_int(cases[i].name, "scts", sr.scts, T_VN);
		check_int(cases[i].name, "discharge", sr.discharge, T_VN + 5);
		check_int(cases[i].name, "zone", sr.discharge_tz, cases[i].tz);
		check_int(cases[i].name, "st", sr.status, cases[i].status);
	}
	/* Too small a buffer is an error, not an overflow. */
	n = pdu_encode_status_report("+84980200030", 1, "+84912345678", T_VN,
	    T_VN, 420, 0, out, 10, err, sizeof(err));
	check_int("small buffer", "status", n, PDU_ERR_SHORT);
}

static const struct text_case deliver_texts[] = {
	{ "plain gsm7", "Xin chao cong an xa", 1, PDU_CODING_GSM7, PDU_OK },
	{ "extension gsm7", "{[€]}", 1, PDU_CODING_GSM7, PDU_OK },
	{ "vietnamese ucs2", "Đánh bạc ở thôn Đông", 1, PDU_CODING_UCS2,
	    PDU_OK },
	{ "ascii as ucs2", "abc", 1, PDU_CODING_UCS2, PDU_OK },
	{ "160 septets", "z", 160, PDU_CODING_GSM7, PDU_OK },
	{ "161 septets", "z", 161, PDU_CODING_GSM7, PDU_ERR_TEXT },
	{ "70 units", "ở", 70, PDU_CODING_UCS2, PDU_OK },
	{ "71 units", "ở", 71, PDU_CODING_UCS2, PDU_ERR_TEXT },
	{ "35 surrogate pairs", "😀", 35, PDU_CODING_UCS2, PDU_OK },
	{ "36 surrogate pairs", "😀", 36, PDU_CODING_UCS2, PDU_ERR_TEXT },
	{ "not in gsm7", "ộ", 1, PDU_CODING_GSM7, PDU_ERR_TEXT },
	{ "8-bit", "abc", 1, PDU_CODING_8BIT, PDU_ERR_DCS },
};

/* encode_deliver then decode_deliver gives back text, sender and time. */
static void
test_deliver_round_trip(void **state)
{
	static const struct {
		const char	*sender;
		enum pdu_ton	 ton;
		int		 tz;
	} senders[] = {
		{ "+84912345678", PDU_TON_INTERNATIONAL, 420 },
		{ "0912345678", PDU_TON_NATIONAL, -315 },
		{ "1900", PDU_TON_UNKNOWN, 0 },
		{ "Viettel", PDU_TON_ALPHANUMERIC, 1185 },
		{ "CA Ha Tinh", PDU_TON_ALPHANUMERIC, -1185 },
		{ "Bank{1}", PDU_TON_ALPHANUMERIC, 60 },
	};
	uint8_t out[PDU_MAX_BYTES];
	struct pdu_deliver d;
	char err[ERRLEN], name[96], *text;
	size_t i, j;
	int n, rc;

	(void)state;
	for (i = 0; i < NELEM(deliver_texts); i++) {
		const struct text_case *c = &deliver_texts[i];

		text = repeat(c->unit, c->count);
		for (j = 0; j < NELEM(senders); j++) {
			snprintf(name, sizeof(name), "%s from %s", c->name,
			    senders[j].sender);
			n = pdu_encode_deliver("+84980200030",
			    senders[j].sender, c->coding, NULL, text,
			    strlen(text), T_VN, senders[j].tz, out,
			    sizeof(out), err, sizeof(err));
			if (c->rc != PDU_OK) {
				check_int(name, "status", n, c->rc);
				continue;
			}
			if (n < 0) {
				fail_msg("%s: returns %d: %s", name, n, err);
			}
			rc = pdu_decode_deliver(out, (size_t)n, true, &d, NULL,
			    err, sizeof(err));
			if (rc != PDU_OK) {
				fail_msg("%s: decodes to %d: %s", name, rc,
				    err);
			}
			check_str(name, "smsc", d.smsc.text, "+84980200030");
			check_str(name, "sender", d.sender.text,
			    senders[j].sender);
			check_int(name, "ton", d.sender.ton, senders[j].ton);
			check_int(name, "coding", d.coding, c->coding);
			check_int(name, "scts", d.scts, T_VN);
			check_int(name, "zone", d.tz_minutes, senders[j].tz);
			check_str(name, "text", d.text, text);
		}
		free(text);
	}
}

static void
test_encode_errors(void **state)
{
	static const struct pdu_concat part0 = { 1, 2, 0 };
	static const struct pdu_concat part3of2 = { 1, 2, 3 };
	static const struct pdu_concat total0 = { 1, 0, 0 };
	static const struct pdu_concat part1of2 = { 1, 2, 1 };
	static const struct {
		const char	*name;
		bool		 submit;
		const char	*smsc;
		const char	*addr;	/* to or sender */
		enum pdu_coding	 coding;
		const struct pdu_concat *concat;
		const char	*unit;	/* the text: unit count times */
		size_t		 count;
		int64_t		 t;
		int		 tz;
		size_t		 cap;
		int		 rc;
	} cases[] = {
		{ "empty to", true, "", "", PDU_CODING_GSM7, NULL, "hi", 1, 0,
		    0, PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "plus only", true, "", "+", PDU_CODING_GSM7, NULL, "hi", 1,
		    0, 0, PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "letter in to", true, "", "09123a", PDU_CODING_GSM7, NULL,
		    "hi", 1, 0, 0, PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "21 digits", true, "", "+123456789012345678901",
		    PDU_CODING_GSM7, NULL, "hi", 1, 0, 0, PDU_MAX_BYTES,
		    PDU_ERR_ADDR },
		{ "submit cap", true, "", "+84912345678", PDU_CODING_GSM7,
		    NULL, "hi", 1, 0, 0, 10, PDU_ERR_SHORT },
		{ "submit 8-bit", true, "", "+84912345678", PDU_CODING_8BIT,
		    NULL, "hi", 1, 0, 0, PDU_MAX_BYTES, PDU_ERR_DCS },
		{ "submit ucs2 of invalid utf-8", true, "", "+84912345678",
		    PDU_CODING_UCS2, NULL, "\xff", 1, 0, 0, PDU_MAX_BYTES,
		    PDU_ERR_TEXT },
		{ "submit sequence 0", true, "", "+84912345678",
		    PDU_CODING_GSM7, &part0, "hi", 1, 0, 0, PDU_MAX_BYTES,
		    PDU_ERR_UDH },
		{ "submit part 3 of 2", true, "", "+84912345678",
		    PDU_CODING_GSM7, &part3of2, "hi", 1, 0, 0, PDU_MAX_BYTES,
		    PDU_ERR_UDH },
		{ "submit 154 septets with a header", true, "", "+84912345678",
		    PDU_CODING_GSM7, &part1of2, "a", 154, 0, 0, PDU_MAX_BYTES,
		    PDU_ERR_TEXT },
		{ "submit escape past 153 septets", true, "", "+84912345678",
		    PDU_CODING_GSM7, &part1of2, "aaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaa€", 1, 0, 0, PDU_MAX_BYTES, PDU_ERR_TEXT },
		{ "submit 68 units with a header", true, "", "+84912345678",
		    PDU_CODING_UCS2, &part1of2, "ộ", 68, 0, 0, PDU_MAX_BYTES,
		    PDU_ERR_TEXT },
		{ "empty sender", false, "+84980200030", "", PDU_CODING_GSM7,
		    NULL, "hi", 1, T_VN, 0, PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "name of 12", false, "+84980200030", "ABCDEFGHIJKL",
		    PDU_CODING_GSM7, NULL, "hi", 1, T_VN, 0, PDU_MAX_BYTES,
		    PDU_ERR_ADDR },
		{ "name not gsm7", false, "+84980200030", "Công an",
		    PDU_CODING_GSM7, NULL, "hi", 1, T_VN, 0, PDU_MAX_BYTES,
		    PDU_ERR_ADDR },
		{ "bad smsc", false, "smsc", "+84912345678", PDU_CODING_GSM7,
		    NULL, "hi", 1, T_VN, 0, PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "zone of 7 minutes", false, "", "+84912345678",
		    PDU_CODING_GSM7, NULL, "hi", 1, T_VN, 7, PDU_MAX_BYTES,
		    PDU_ERR_SCTS },
		{ "zone of 20 hours", false, "", "+84912345678",
		    PDU_CODING_GSM7, NULL, "hi", 1, T_VN, 1200, PDU_MAX_BYTES,
		    PDU_ERR_SCTS },
		{ "year 2069", false, "", "+84912345678", PDU_CODING_GSM7,
		    NULL, "hi", 1, 3124224000LL, 0, PDU_MAX_BYTES,
		    PDU_ERR_SCTS },
		{ "year 1968", false, "", "+84912345678", PDU_CODING_GSM7,
		    NULL, "hi", 1, -31536001LL, 0, PDU_MAX_BYTES,
		    PDU_ERR_SCTS },
		{ "huge time", false, "", "+84912345678", PDU_CODING_GSM7,
		    NULL, "hi", 1, INT64_MAX, 0, PDU_MAX_BYTES, PDU_ERR_SCTS },
		{ "deliver cap", false, "", "+84912345678", PDU_CODING_GSM7,
		    NULL, "hi", 1, T_VN, 0, 20, PDU_ERR_SHORT },
		{ "deliver total 0", false, "", "+84912345678",
		    PDU_CODING_GSM7, &total0, "hi", 1, T_VN, 0, PDU_MAX_BYTES,
		    PDU_ERR_UDH },
		{ "deliver 161 septets", false, "", "+84912345678",
		    PDU_CODING_GSM7, NULL, "a", 161, T_VN, 0, PDU_MAX_BYTES,
		    PDU_ERR_TEXT },
	};
	struct pdu_submit_opts o;
	uint8_t out[PDU_MAX_BYTES];
	char err[ERRLEN], *text;
	size_t i, tpdu_len;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		err[0] = '\0';
		text = repeat(cases[i].unit, cases[i].count);
		if (cases[i].submit) {
			memset(&o, 0, sizeof(o));
			o.coding = cases[i].coding;
			o.validity = -1;
			if (cases[i].concat != NULL) {
				o.concat = *cases[i].concat;
			}
			rc = pdu_encode_submit(cases[i].addr, text,
			    strlen(text), &o, out, cases[i].cap, &tpdu_len,
			    err, sizeof(err));
		} else {
			rc = pdu_encode_deliver(cases[i].smsc, cases[i].addr,
			    cases[i].coding, cases[i].concat, text,
			    strlen(text), cases[i].t, cases[i].tz, out,
			    cases[i].cap, err, sizeof(err));
		}
		free(text);
		check_int(cases[i].name, "status", rc, cases[i].rc);
		if (err[0] == '\0') {
			fail_msg("%s: no error message", cases[i].name);
		}
	}
}

/* The last second each end of the two-digit years can carry. */
static void
test_scts_range(void **state)
{
	static const struct {
		const char	*name;
		int64_t		 t;
		int		 tz;
		const char	*scts;
	} cases[] = {
		{ "first 1969 second", -31536000LL, 0, "96101000000000" },
		{ "last 2068 second", 3124223999LL, 0, "86211332959500" },
		/* 1969-12-31 22:00:00 -02:00 is 1970-01-01 00:00 UTC. */
		{ "epoch in -02:00", 0, -120, "96211322000088" },
	};
	uint8_t out[PDU_MAX_BYTES];
	struct pdu_deliver d;
	char err[ERRLEN];
	struct buf b;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = pdu_encode_deliver("", "1", PDU_CODING_GSM7, NULL, "", 0,
		    cases[i].t, cases[i].tz, out, sizeof(out), err,
		    sizeof(err));
		if (n < 0) {
			fail_msg("%s: returns %d: %s", cases[i].name, n, err);
		}
		/* 00 SMSC, 04, 01 81 1F TP-OA "1", 00 00, then TP-SCTS. */
		buf_init(&b);
		pdu_to_hex(out + 7, 7, &b);
		check_str(cases[i].name, "scts", b.data, cases[i].scts);
		buf_release(&b);
		assert_int_equal(pdu_decode_deliver(out, (size_t)n, true, &d,
		    NULL, err, sizeof(err)), PDU_OK);
		check_int(cases[i].name, "decoded", d.scts, cases[i].t);
	}
}

struct report_case {
	const char	*name;
	const char	*hex;
	bool		 has_smsc;
	const char	*smsc;
	uint8_t		 mr;
	const char	*recipient;
	enum pdu_ton	 ton;
	int64_t		 scts;
	int		 scts_tz;
	int64_t		 discharge;
	int		 discharge_tz;
	uint8_t		 status;
	enum pdu_st_class st_class;
};

#define AMRO	.recipient = "+20121875612", .ton = PDU_TON_INTERNATIONAL, \
		.scts = T_AMRO, .scts_tz = 120, .discharge = T_AMRO + 5, \
		.discharge_tz = 120
#define SR_VN	.has_smsc = true, .smsc = "+84980200030", .mr = 0x2a, \
		.recipient = "+84912345678", .ton = PDU_TON_INTERNATIONAL, \
		.scts = T_VN, .scts_tz = 420, .discharge = T_DT_VN, \
		.discharge_tz = 420

static const struct report_case report_cases[] = {
	{ .name = "amro, no smsc", .hex = SR_AMRO, .smsc = "", AMRO,
	    .st_class = PDU_ST_DELIVERED },
	{ .name = "amro, empty smsc", .hex = "00" SR_AMRO, .has_smsc = true,
	    .smsc = "", AMRO, .st_class = PDU_ST_DELIVERED },
	{ .name = "delivered", .hex = SR_HEAD_VN "00", SR_VN,
	    .st_class = PDU_ST_DELIVERED },
	/* TP-ST 21 SME busy; TP-PI 00 announces nothing. */
	{ .name = "pending, empty tp-pi", .hex = SR_HEAD_VN "21" "00", SR_VN,
	    .status = 0x21, .st_class = PDU_ST_PENDING },
	/*
	 * TP-ST 46 validity period expired; TP-PI 07: TP-PID 00, TP-DCS 00,
	 * TP-UDL 02 and "hi" E8 34.
	 */
	{ .name = "failed, with user data", .hex = SR_HEAD_VN "46" "07" "00"
	    "00" "02E834", SR_VN, .status = 0x46, .st_class = PDU_ST_FAILED },
	/*
	 * TP-UDHI; TP-PI 06: TP-DCS 08 UCS2, TP-UDL 0A: UDH 05 00 03 A7 02
	 * 01 and "AB".
	 */
	{ .name = "ucs2 user data with header", .hex = SR_HEAD_VN_UDHI "00"
	    "06" "08" "0A" "050003A70201" "00410042", SR_VN,
	    .st_class = PDU_ST_DELIVERED },
	/* TP-PI 81: TP-PID and an extension octet 00, then TP-PID 3F. */
	{ .name = "tp-pi extension", .hex = SR_HEAD_VN "00" "81" "00" "3F",
	    SR_VN, .st_class = PDU_ST_DELIVERED },
	/* TP-PI 78: only reserved bits, which the receiver ignores. */
	{ .name = "reserved tp-pi bits", .hex = SR_HEAD_VN "00" "78", SR_VN,
	    .st_class = PDU_ST_DELIVERED },
	/* TP-MR FF; TP-RA 0A 81: 0912345678 of unknown type; TP-ST 30. */
	{ .name = "unknown-type recipient, sc specific", .hex = SMSC_VN "06"
	    "FF" "0A81" "9021436587" SCTS_VN DT_VN "30", .has_smsc = true,
	    .smsc = "+84980200030", .mr = 0xff, .recipient = "0912345678",
	    .ton = PDU_TON_UNKNOWN, .scts = T_VN, .scts_tz = 420,
	    .discharge = T_DT_VN, .discharge_tz = 420, .status = 0x30,
	    .st_class = PDU_ST_PENDING },
	/* TP-ST 05 is reserved: read as "service rejected". */
	{ .name = "reserved status", .hex = SR_HEAD_VN "05", SR_VN,
	    .status = 0x05, .st_class = PDU_ST_FAILED },
};

static const struct {
	const char	*name;
	const char	*hex;
	bool		 has_smsc;
	int		 rc;
} report_errors[] = {
	{ "nordic example as printed", SR_NORDIC, false, PDU_ERR_ADDR },
	{ "sms-deliver", HELLO, true, PDU_ERR_TYPE },
	{ "sms-submit", "0001000B914819325476F8000006C3701BF47603", true,
	    PDU_ERR_TYPE },
	{ "tp-dt month 13", SMSC_VN "06" "2A" OA_VN SCTS_VN "52315190135082"
	    "00", true, PDU_ERR_SCTS },
	{ "tp-scts hour 24", SMSC_VN "06" "2A" OA_VN "52305142030082" DT_VN
	    "00", true, PDU_ERR_SCTS },
	{ "tp-ra of 21 digits", SMSC_VN "06" "2A" "1591"
	    "48193254769821436587F9" SCTS_VN DT_VN "00", true, PDU_ERR_ADDR },
	{ "octet after empty tp-pi", SR_HEAD_VN "00" "00" "00", true,
	    PDU_ERR_TRAILING },
	{ "octet after tp-pid", SR_HEAD_VN "00" "01" "00" "00", true,
	    PDU_ERR_TRAILING },
	{ "octet after tp-ud", SR_HEAD_VN "00" "04" "02E834" "00", true,
	    PDU_ERR_TRAILING },
	{ "compressed tp-dcs", SR_HEAD_VN "00" "06" "20" "02E834", true,
	    PDU_ERR_DCS },
	{ "tp-udl of 161 septets", SR_HEAD_VN "00" "04" "A1E834", true,
	    PDU_ERR_UDL },
	{ "tp-ud past the end", SR_HEAD_VN "00" "04" "05E834", true,
	    PDU_ERR_SHORT },
	{ "udh past tp-ud", SR_HEAD_VN_UDHI "00" "06" "08" "02" "0A00", true,
	    PDU_ERR_UDH },
	{ "smsc of 12 octets", "0C91" "4889200030F048892000300000" "06",
	    true, PDU_ERR_ADDR },
	{ "empty", "", true, PDU_ERR_SHORT },
};

static void
check_report_empty(const char *name, const struct pdu_status_report *sr)
{
	static const struct pdu_status_report zero;

	if (memcmp(sr, &zero, sizeof(zero)) != 0) {
		fail_msg("%s: struct not zeroed after an error", name);
	}
}

static void
test_decode_report(void **state)
{
	struct pdu_status_report sr;
	uint8_t p[PDU_MAX_BYTES];
	char err[ERRLEN];
	size_t i, n, off;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(report_cases); i++) {
		const struct report_case *c = &report_cases[i];

		n = unhex(c->name, c->hex, p, sizeof(p));
		rc = pdu_decode_status_report(p, n, c->has_smsc, &sr, &off,
		    err, sizeof(err));
		if (rc != PDU_OK) {
			fail_msg("%s: returns %d: %s", c->name, rc, err);
		}
		check_str(c->name, "error", err, "");
		check_int(c->name, "tpdu offset", (long long)off,
		    c->has_smsc ? p[0] + 1 : 0);
		check_str(c->name, "smsc", sr.smsc.text, c->smsc);
		check_int(c->name, "mr", sr.mr, c->mr);
		check_str(c->name, "recipient", sr.recipient.text,
		    c->recipient);
		check_int(c->name, "ton", sr.recipient.ton, c->ton);
		check_int(c->name, "scts", sr.scts, c->scts);
		check_int(c->name, "scts zone", sr.scts_tz, c->scts_tz);
		check_int(c->name, "discharge", sr.discharge, c->discharge);
		check_int(c->name, "discharge zone", sr.discharge_tz,
		    c->discharge_tz);
		check_int(c->name, "status", sr.status, c->status);
		check_int(c->name, "class", pdu_status_class(sr.status),
		    c->st_class);
		check_int(c->name, "type", pdu_type(p, n, c->has_smsc),
		    PDU_TYPE_STATUS_REPORT);
	}
	for (i = 0; i < NELEM(report_errors); i++) {
		n = unhex(report_errors[i].name, report_errors[i].hex, p,
		    sizeof(p));
		off = 99;
		rc = pdu_decode_status_report(p, n, report_errors[i].has_smsc,
		    &sr, &off, err, sizeof(err));
		if (rc != report_errors[i].rc) {
			fail_msg("%s: returns %d (%s), want %d",
			    report_errors[i].name, rc, err,
			    report_errors[i].rc);
		}
		if (err[0] == '\0' || err[strlen(err) - 1] == '.') {
			fail_msg("%s: error message '%s'",
			    report_errors[i].name, err);
		}
		check_int(report_errors[i].name, "tpdu offset",
		    (long long)off, 0);
		check_report_empty(report_errors[i].name, &sr);
	}
}

/*
 * Every proper prefix of every report is short, except the one that ends
 * right after TP-ST: TP-PI and all after it are optional (9.2.2.3), so that
 * prefix is a whole report.
 */
static void
test_decode_report_truncated(void **state)
{
	struct pdu_status_report sr;
	uint8_t p[PDU_MAX_BYTES], *cut;
	char err[ERRLEN], name[96];
	size_t i, n, k, ra, st_end;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(report_cases); i++) {
		const struct report_case *c = &report_cases[i];

		n = unhex(c->name, c->hex, p, sizeof(p));
		/* SMSC, first octet, TP-MR, TP-RA, TP-SCTS, TP-DT, TP-ST. */
		ra = (c->has_smsc ? p[0] + 1u : 0) + 2;
		st_end = ra + 2 + (p[ra] + 1u) / 2 + 7 + 7 + 1;
		for (k = 0; k < n; k++) {
			cut = test_malloc(k == 0 ? 1 : k);
			memcpy(cut, p, k);
			rc = pdu_decode_status_report(cut, k, c->has_smsc, &sr,
			    NULL, err, sizeof(err));
			test_free(cut);
			snprintf(name, sizeof(name), "%s cut at %zu", c->name,
			    k);
			if (k == st_end) {
				check_int(name, "status", rc, PDU_OK);
				check_int(name, "tp-st", sr.status, c->status);
				continue;
			}
			if (rc != PDU_ERR_SHORT) {
				fail_msg("%s: returns %d (%s), want %d", name,
				    rc, err, PDU_ERR_SHORT);
			}
			check_report_empty(name, &sr);
		}
	}
}

/* Every octet of every report set to every value: a result or an error. */
static void
test_decode_report_mutated(void **state)
{
	uint8_t p[PDU_MAX_BYTES], q[PDU_MAX_BYTES];
	struct pdu_status_report sr;
	char err[ERRLEN], name[96];
	size_t i, n, k;
	unsigned v;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(report_cases); i++) {
		n = unhex(report_cases[i].name, report_cases[i].hex, p,
		    sizeof(p));
		for (k = 0; k < n; k++) {
			for (v = 0; v < 256; v++) {
				memcpy(q, p, n);
				q[k] = (uint8_t)v;
				rc = pdu_decode_status_report(q, n,
				    report_cases[i].has_smsc, &sr, NULL, err,
				    sizeof(err));
				snprintf(name, sizeof(name),
				    "%s octet %zu=%02x",
				    report_cases[i].name, k, v);
				if (rc == PDU_OK) {
					check_str(name, "error", err, "");
				} else if (rc < PDU_ERR_TRAILING ||
				    err[0] == '\0') {
					fail_msg("%s: returns %d (%s)", name,
					    rc, err);
				} else {
					check_report_empty(name, &sr);
				}
			}
		}
	}
}

static void
test_type(void **state)
{
	static const struct {
		const char	*name;
		const char	*hex;
		bool		 has_smsc;
		int		 want;
	} cases[] = {
		{ "deliver", HELLO, true, PDU_TYPE_DELIVER },
		{ "deliver without smsc", HELLO_TPDU, false, PDU_TYPE_DELIVER },
		{ "reserved mti", SMSC_VN "07", true, PDU_TYPE_DELIVER },
		{ "submit", "0001000B914819325476F8000006C3701BF47603", true,
		    PDU_TYPE_SUBMIT },
		{ "status report", SR_HEAD_VN "00", true,
		    PDU_TYPE_STATUS_REPORT },
		{ "status report without smsc", SR_AMRO, false,
		    PDU_TYPE_STATUS_REPORT },
		{ "first octet only", "02", false, PDU_TYPE_STATUS_REPORT },
		{ "empty", "", true, PDU_ERR_SHORT },
		{ "empty without smsc", "", false, PDU_ERR_SHORT },
		{ "smsc only", SMSC_VN, true, PDU_ERR_SHORT },
		{ "smsc cut", "0791", true, PDU_ERR_SHORT },
		{ "empty smsc only", "00", true, PDU_ERR_SHORT },
	};
	uint8_t p[PDU_MAX_BYTES];
	size_t i, n;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = unhex(cases[i].name, cases[i].hex, p, sizeof(p));
		check_int(cases[i].name, "type",
		    pdu_type(p, n, cases[i].has_smsc), cases[i].want);
	}
}

/* TP-ST, 9.2.3.15, range by range; reserved values are failures. */
static void
test_status_class(void **state)
{
	static const struct {
		uint8_t			status;
		enum pdu_st_class	want;
	} cases[] = {
		{ 0x00, PDU_ST_DELIVERED },	/* received by the SME */
		{ 0x01, PDU_ST_DELIVERED },	/* forwarded, unconfirmed */
		{ 0x02, PDU_ST_DELIVERED },	/* replaced by the SC */
		{ 0x03, PDU_ST_FAILED },	/* reserved */
		{ 0x0f, PDU_ST_FAILED },
		{ 0x10, PDU_ST_DELIVERED },	/* SC specific */
		{ 0x1f, PDU_ST_DELIVERED },
		{ 0x20, PDU_ST_PENDING },	/* congestion, still trying */
		{ 0x25, PDU_ST_PENDING },	/* error in SME */
		{ 0x26, PDU_ST_FAILED },	/* reserved */
		{ 0x2f, PDU_ST_FAILED },
		{ 0x30, PDU_ST_PENDING },	/* SC specific */
		{ 0x3f, PDU_ST_PENDING },
		{ 0x40, PDU_ST_FAILED },	/* remote procedure error */
		{ 0x46, PDU_ST_FAILED },	/* validity period expired */
		{ 0x49, PDU_ST_FAILED },	/* SM does not exist */
		{ 0x4a, PDU_ST_FAILED },	/* reserved */
		{ 0x5f, PDU_ST_FAILED },	/* SC specific */
		{ 0x60, PDU_ST_FAILED },	/* congestion, given up */
		{ 0x63, PDU_ST_FAILED },	/* service rejected */
		{ 0x66, PDU_ST_FAILED },	/* reserved */
		{ 0x7f, PDU_ST_FAILED },	/* SC specific */
		{ 0x80, PDU_ST_FAILED },	/* bit 7: reserved */
		{ 0xff, PDU_ST_FAILED },
	};
	char name[16];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		snprintf(name, sizeof(name), "tp-st 0x%02x", cases[i].status);
		check_int(name, "class", pdu_status_class(cases[i].status),
		    cases[i].want);
	}
}

/*
 * Where pdu_split cuts: at the one-part limits, at the part sizes, around
 * an escape or a surrogate pair that would straddle a part, and at the
 * part limits. A text is head, unit count times, then tail.
 */
static void
test_split(void **state)
{
	static const struct {
		const char	*name;
		const char	*head;
		const char	*unit;
		size_t		 count;
		const char	*tail;
		enum pdu_coding	 coding;
		bool		 wide;	/* pdu_split16 */
		size_t		 max;
		int		 want;	/* parts or the error */
		size_t		 first;	/* bytes of the first part */
		size_t		 last;	/* ... and of the last */
		const char	*err;
	} cases[] = {
		{ "empty", "", "", 0, "", PDU_CODING_GSM7, false, 6, 1, 0, 0,
		    NULL },
		{ "160 septets", "", "a", 160, "", PDU_CODING_GSM7, false, 6,
		    1, 160, 160, NULL },
		{ "161 septets", "", "a", 161, "", PDU_CODING_GSM7, false, 6,
		    2, 153, 8, NULL },
		{ "153 x 2", "", "a", 306, "", PDU_CODING_GSM7, false, 6, 2,
		    153, 153, NULL },
		{ "153 x 2 + 1", "", "a", 307, "", PDU_CODING_GSM7, false, 6,
		    3, 153, 1, NULL },
		/* 152 + 2 septets would be 154: the euro starts part 2. */
		{ "escape straddling 153", "", "a", 152, "€bcdefghij",
		    PDU_CODING_GSM7, false, 6, 2, 152, 12, NULL },
		/* 151 + 2 septets are 153: the euro ends part 1. */
		{ "escape ending at 153", "", "a", 151, "€bcdefghij",
		    PDU_CODING_GSM7, false, 6, 2, 154, 9, NULL },
		{ "80 euros", "", "€", 80, "", PDU_CODING_GSM7, false, 6, 1,
		    240, 240, NULL },
		/* 162 septets: 76 euros (152) per part, then 5. */
		{ "81 euros", "", "€", 81, "", PDU_CODING_GSM7, false, 6, 2,
		    228, 15, NULL },
		{ "70 units", "", "ộ", 70, "", PDU_CODING_UCS2, false, 6, 1,
		    210, 210, NULL },
		{ "71 units", "", "ộ", 71, "", PDU_CODING_UCS2, false, 6, 2,
		    201, 12, NULL },
		{ "67 x 2", "", "ộ", 134, "", PDU_CODING_UCS2, false, 6, 2,
		    201, 201, NULL },
		{ "67 x 2 + 1", "", "ộ", 135, "", PDU_CODING_UCS2, false, 6,
		    3, 201, 3, NULL },
		/* 66 + 2 units would be 68: the pair starts part 2. */
		{ "surrogate straddling 67", "", "ộ", 66, "😀ộộộộộ",
		    PDU_CODING_UCS2, false, 6, 2, 198, 19, NULL },
		/* 65 + 2 units are 67: the pair ends part 1. */
		{ "surrogate ending at 67", "", "ộ", 65, "😀ộộộộộ",
		    PDU_CODING_UCS2, false, 6, 2, 199, 15, NULL },
		{ "35 emoji", "", "😀", 35, "", PDU_CODING_UCS2, false, 6, 1,
		    140, 140, NULL },
		/* 72 units: 33 pairs (66 units) per part, then 3. */
		{ "36 emoji", "", "😀", 36, "", PDU_CODING_UCS2, false, 6, 2,
		    132, 12, NULL },
		{ "ascii as ucs2", "", "a", 71, "", PDU_CODING_UCS2, false, 6,
		    2, 67, 4, NULL },
		{ "6 parts", "", "a", 153 * 6, "", PDU_CODING_GSM7, false, 6,
		    6, 153, 153, NULL },
		{ "7 parts, at most 6", "", "a", 153 * 6 + 1, "",
		    PDU_CODING_GSM7, false, 6, PDU_ERR_PARTS, 0, 0,
		    "text needs 7 parts, at most 6" },
		{ "255 parts", "", "a", 153 * 255, "", PDU_CODING_GSM7, false,
		    255, 255, 153, 153, NULL },
		{ "256 parts", "", "a", 153 * 255 + 1, "", PDU_CODING_GSM7,
		    false, 255, PDU_ERR_PARTS, 0, 0,
		    "text needs 256 parts, at most 255" },
		{ "max above 255", "", "ộ", 67 * 255 + 1, "", PDU_CODING_UCS2,
		    false, 1000, PDU_ERR_PARTS, 0, 0,
		    "text needs 256 parts, at most 255" },
		{ "max 0", "", "a", 1, "", PDU_CODING_GSM7, false, 0,
		    PDU_ERR_PARTS, 0, 0, NULL },
		{ "max 1, 161 septets", "", "a", 161, "", PDU_CODING_GSM7,
		    false, 1, PDU_ERR_PARTS, 0, 0,
		    "text needs 2 parts, at most 1" },
		{ "not gsm7", "Tr", "ộ", 1, "m", PDU_CODING_GSM7, false, 6,
		    PDU_ERR_TEXT, 0, 0, "text: byte 2 starts no gsm 7-bit "
		    "character" },
		{ "invalid utf-8", "ab", "\xc3", 1, "(", PDU_CODING_UCS2,
		    false, 6, PDU_ERR_TEXT, 0, 0,
		    "text: byte 2 starts no utf-8 character" },
		{ "8-bit", "", "a", 1, "", PDU_CODING_8BIT, false, 6,
		    PDU_ERR_DCS, 0, 0, NULL },
		{ "16-bit ref, 161 septets", "", "a", 161, "", PDU_CODING_GSM7,
		    true, 6, 2, 152, 9, NULL },
		{ "16-bit ref, 160 septets", "", "a", 160, "", PDU_CODING_GSM7,
		    true, 6, 1, 160, 160, NULL },
		{ "16-bit ref, 71 units", "", "ộ", 71, "", PDU_CODING_UCS2,
		    true, 6, 2, 198, 15, NULL },
	};
	struct pdu_span spans[PDU_PARTS_MAX];
	char err[ERRLEN], *text;
	size_t i, j, len, at;
	int n;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		text = make_text(cases[i].head, cases[i].unit, cases[i].count,
		    cases[i].tail);
		len = strlen(text);
		n = (cases[i].wide ? pdu_split16 : pdu_split)(text, len,
		    cases[i].coding, spans, cases[i].max, err, sizeof(err));
		free(text);
		check_int(cases[i].name, "parts", n, cases[i].want);
		if (n < 0) {
			if (err[0] == '\0') {
				fail_msg("%s: no error message",
				    cases[i].name);
			}
			if (cases[i].err != NULL) {
				check_str(cases[i].name, "error", err,
				    cases[i].err);
			}
			continue;
		}
		check_str(cases[i].name, "error", err, "");
		check_int(cases[i].name, "first part",
		    (long long)spans[0].len, (long long)cases[i].first);
		check_int(cases[i].name, "last part",
		    (long long)spans[n - 1].len, (long long)cases[i].last);
		/* The spans tile the text. */
		for (j = 0, at = 0; j < (size_t)n; j++) {
			check_int(cases[i].name, "span offset",
			    (long long)spans[j].off, (long long)at);
			at += spans[j].len;
		}
		check_int(cases[i].name, "bytes", (long long)at,
		    (long long)len);
	}
}

/* The relative TP-VP from 9.2.3.12.1, written out: minutes of octet v. */
static int64_t
vp_minutes(int v)
{
	if (v <= 143) {
		return (v + 1) * 5;
	}
	if (v <= 167) {
		return 12 * 60 + (v - 143) * 30;
	}
	if (v <= 196) {
		return (v - 166) * 24 * 60;
	}
	return (int64_t)(v - 192) * 7 * 24 * 60;
}

static void
test_validity(void **state)
{
	static const struct {
		const char	*name;
		int64_t		 minutes;
		int		 want;
	} cases[] = {
		{ "negative", -1, 0 },
		{ "most negative", INT64_MIN, 0 },
		{ "zero", 0, 0 },
		{ "5 minutes", 5, 0 },
		{ "6 minutes", 6, 1 },
		{ "1 hour", 60, 11 },
		{ "12 hours", 12 * 60, 143 },
		{ "12 hours 1 minute", 12 * 60 + 1, 144 },
		{ "24 hours", 24 * 60, 0xa7 },
		{ "24 hours 1 minute", 24 * 60 + 1, 168 },
		{ "2 days", 2 * 24 * 60, 168 },
		{ "3 days", 3 * 24 * 60, 169 },
		{ "30 days", 30 * 24 * 60, 196 },
		{ "30 days 1 minute", 30 * 24 * 60 + 1, 197 },
		{ "5 weeks", 5 * 7 * 24 * 60, 197 },
		{ "63 weeks", 63 * 7 * 24 * 60, 255 },
		{ "63 weeks 1 minute", 63 * 7 * 24 * 60 + 1, 255 },
		{ "huge", INT64_MAX, 255 },
	};
	char name[48];
	int64_t m;
	size_t i;
	int v;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		check_int(cases[i].name, "tp-vp",
		    pdu_validity_relative(cases[i].minutes), cases[i].want);
	}
	/* Every minute: the least octet whose period is not shorter. */
	for (m = 1; m <= vp_minutes(255); m++) {
		v = pdu_validity_relative(m);
		snprintf(name, sizeof(name), "%lld minutes", (long long)m);
		if (vp_minutes(v) < m || (v > 0 && vp_minutes(v - 1) >= m)) {
			fail_msg("%s: tp-vp %d (%lld minutes)", name, v,
			    (long long)vp_minutes(v));
		}
	}
}

/*
 * Characters for random texts, each with the GSM 7-bit septets it takes
 * (0: not in the alphabet) and the UTF-16 units, from TS 23.038 6.2.1 and
 * Unicode, not from the module.
 */
struct pool_char {
	const char	*utf8;
	int		 septets;
	int		 units;
};

static const struct pool_char pool_gsm7[] = {
	{ "@", 1, 1 }, { "£", 1, 1 }, { "$", 1, 1 }, { "¥", 1, 1 },
	{ "è", 1, 1 }, { "é", 1, 1 }, { "ù", 1, 1 }, { "ì", 1, 1 },
	{ "ò", 1, 1 }, { "Ç", 1, 1 }, { "\n", 1, 1 }, { "Ø", 1, 1 },
	{ "ø", 1, 1 }, { "\r", 1, 1 }, { "Å", 1, 1 }, { "å", 1, 1 },
	{ "Δ", 1, 1 }, { "_", 1, 1 }, { "Φ", 1, 1 }, { "Γ", 1, 1 },
	{ "Λ", 1, 1 }, { "Ω", 1, 1 }, { "Π", 1, 1 }, { "Ψ", 1, 1 },
	{ "Σ", 1, 1 }, { "Θ", 1, 1 }, { "Ξ", 1, 1 }, { "Æ", 1, 1 },
	{ "æ", 1, 1 }, { "ß", 1, 1 }, { "É", 1, 1 }, { "¤", 1, 1 },
	{ "¡", 1, 1 }, { "Ä", 1, 1 }, { "Ö", 1, 1 }, { "Ñ", 1, 1 },
	{ "Ü", 1, 1 }, { "§", 1, 1 }, { "¿", 1, 1 }, { "ä", 1, 1 },
	{ "ö", 1, 1 }, { "ñ", 1, 1 }, { "ü", 1, 1 }, { "à", 1, 1 },
	/* The extension table, 6.2.1.1: an escape and a code each. */
	{ "€", 2, 1 }, { "[", 2, 1 }, { "]", 2, 1 }, { "{", 2, 1 },
	{ "}", 2, 1 }, { "\\", 2, 1 }, { "~", 2, 1 }, { "^", 2, 1 },
	{ "|", 2, 1 }, { "\f", 2, 1 },
};

static const struct pool_char pool_viet[] = {
	/* Precomposed letters with marks. */
	{ "ắ", 0, 1 }, { "ằ", 0, 1 }, { "ẳ", 0, 1 }, { "ẵ", 0, 1 },
	{ "ặ", 0, 1 }, { "ấ", 0, 1 }, { "ầ", 0, 1 }, { "ẩ", 0, 1 },
	{ "ẫ", 0, 1 }, { "ậ", 0, 1 }, { "đ", 0, 1 }, { "Đ", 0, 1 },
	{ "ế", 0, 1 }, { "ề", 0, 1 }, { "ể", 0, 1 }, { "ễ", 0, 1 },
	{ "ệ", 0, 1 }, { "ố", 0, 1 }, { "ồ", 0, 1 }, { "ổ", 0, 1 },
	{ "ỗ", 0, 1 }, { "ộ", 0, 1 }, { "ớ", 0, 1 }, { "ờ", 0, 1 },
	{ "ở", 0, 1 }, { "ỡ", 0, 1 }, { "ợ", 0, 1 }, { "ứ", 0, 1 },
	{ "ừ", 0, 1 }, { "ử", 0, 1 }, { "ữ", 0, 1 }, { "ự", 0, 1 },
	{ "ơ", 0, 1 }, { "ư", 0, 1 }, { "ă", 0, 1 }, { "â", 0, 1 },
	{ "ê", 0, 1 }, { "ô", 0, 1 }, { "ã", 0, 1 }, { "ả", 0, 1 },
	{ "ỳ", 0, 1 }, { "ý", 0, 1 }, { "ỹ", 0, 1 }, { "ỵ", 0, 1 },
	/* Combining marks, as decomposed (NFD) text has them. */
	{ "\xcc\x80", 0, 1 }, { "\xcc\x81", 0, 1 }, { "\xcc\x83", 0, 1 },
	{ "\xcc\x89", 0, 1 }, { "\xcc\xa3", 0, 1 }, { "\xcc\x82", 0, 1 },
	{ "\xcc\x86", 0, 1 }, { "\xcc\x9b", 0, 1 },
	/* Vietnamese letters that GSM 7-bit has. */
	{ "à", 1, 1 }, { "è", 1, 1 }, { "é", 1, 1 }, { "ì", 1, 1 },
	{ "ò", 1, 1 }, { "ù", 1, 1 },
};

static const struct pool_char pool_emoji[] = {
	{ "😀", 0, 2 }, { "👍", 0, 2 }, { "🙏", 0, 2 }, { "🚨", 0, 2 },
	/* A flag: two regional indicators. */
	{ "🇻🇳", 0, 4 },
	/* A family: three emoji joined by U+200D. */
	{ "👨‍👩‍👧", 0, 8 },
	/* Heart with variation selector 16. */
	{ "❤️", 0, 2 },
	/* Beyond the emoji plane: U+10FFFF, the last code point. */
	{ "\xf4\x8f\xbf\xbf", 0, 2 },
	/* BMP edges: U+FFFD, U+FFFF, and U+E000 after the surrogates. */
	{ "\xef\xbf\xbd", 0, 1 }, { "\xef\xbf\xbf", 0, 1 },
	{ "\xee\x80\x80", 0, 1 },
};

/* One random character: ASCII (from a table of its own) or a pool's. */
static void
random_char(int mode, struct buf *b, bool *gsm7, size_t *septets,
    size_t *units)
{
	/* ASCII that GSM 7-bit lacks, and ASCII in its extension table. */
	static const char ascii_none[] = "`";
	static const char ascii_ext[] = "[]{}\\~^|";
	const struct pool_char *pc;
	char c;

	if (mode == 0 || (mode >= 3 && random() % 2 == 0)) {
		c = (char)(0x20 + random() % 95);
		buf_addc(b, c);
		*units += 1;
		if (strchr(ascii_none, c) != NULL) {
			*gsm7 = false;
		} else {
			*septets += strchr(ascii_ext, c) != NULL ? 2 : 1;
		}
		return;
	}
	if (mode == 1 || (mode == 4 && random() % 3 == 0)) {
		pc = &pool_gsm7[random() % NELEM(pool_gsm7)];
	} else if (mode == 2 || (mode == 4 && random() % 2 == 0)) {
		pc = &pool_viet[random() % NELEM(pool_viet)];
	} else {
		pc = &pool_emoji[random() % NELEM(pool_emoji)];
	}
	buf_adds(b, pc->utf8);
	*units += (size_t)pc->units;
	if (pc->septets == 0) {
		*gsm7 = false;
	} else {
		*septets += (size_t)pc->septets;
	}
}

/* Bytes of the UTF-8 character s starts with (s is valid UTF-8). */
static size_t
char_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * Room len bytes of valid UTF-8 take in coding, by the test's own count:
 * UTF-16 units (two for 4-byte sequences), or septets (two for the
 * extension table).
 */
static size_t
room_of(enum pdu_coding coding, const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i += char_len(s + i)) {
		if (coding == PDU_CODING_UCS2) {
			n += char_len(s + i) == 4 ? 2 : 1;
		} else if ((s[i] != '\0' && strchr("[]{}\\~^|\f", s[i]) !=
		    NULL) || strncmp(s + i, "€", char_len(s + i)) == 0) {
			n += 2;
		} else {
			n += 1;
		}
	}
	return n;
}

/*
 * Random UTF-8 texts: ASCII (mode 0), GSM 7-bit with its extension table
 * (1), Vietnamese with marks (2), ASCII with emoji (3), all mixed (4).
 * pdu_choose_coding, pdu_split (or pdu_split16 with a 16-bit reference),
 * every part as an SMS-SUBMIT and as an SMS-DELIVER, decoded again: the
 * parts are whole, full where they end, and their texts join to the input.
 */
static void
test_property(void **state)
{
	struct pdu_span spans[PDU_PARTS_MAX];
	struct pdu_submit_opts o;
	struct pdu_concat concat;
	uint8_t out[PDU_MAX_BYTES];
	struct pdu_deliver d;
	struct pdu_submit sub;
	enum pdu_coding coding;
	struct buf in, joined_s, joined_d;
	size_t round, nchars, k, septets, units, tpdu_len, room, total;
	size_t part_room;
	bool gsm7, wide;
	char err[ERRLEN], name[96];
	int mode, nparts, j, n, rc;

	(void)state;
	srandom((unsigned)test_seed);
	buf_init(&in);
	buf_init(&joined_s);
	buf_init(&joined_d);
	for (round = 0; round < 4000; round++) {
		buf_reset(&in);
		mode = (int)(random() % 5);
		/* Mostly one to a few parts, sometimes up to some 30. */
		nchars = (size_t)(random() % (random() % 8 == 0 ? 2000 : 400));
		gsm7 = true;
		septets = units = 0;
		for (k = 0; k < nchars; k++) {
			random_char(mode, &in, &gsm7, &septets, &units);
		}
		snprintf(name, sizeof(name), "round %zu (mode %d, %zu bytes)",
		    round, mode, in.len);
		rc = pdu_choose_coding(in.data, in.len, &coding);
		check_int(name, "choose status", rc, PDU_OK);
		check_int(name, "coding", coding,
		    gsm7 ? PDU_CODING_GSM7 : PDU_CODING_UCS2);
		total = gsm7 ? septets : units;
		wide = random() % 4 == 0;
		nparts = (wide ? pdu_split16 : pdu_split)(in.data, in.len,
		    coding, spans, PDU_PARTS_MAX, err, sizeof(err));
		if (nparts < 1) {
			fail_msg("%s: split returns %d: %s", name, nparts,
			    err);
		}
		part_room = gsm7 ? (wide ? 152 : 153) : (wide ? 66 : 67);
		if (nparts == 1) {
			if (total > (gsm7 ? 160u : 70u)) {
				fail_msg("%s: %zu in one part", name, total);
			}
		} else if (total <= (gsm7 ? 160u : 70u)) {
			fail_msg("%s: %zu in %d parts", name, total, nparts);
		}
		memset(&concat, 0, sizeof(concat));
		if (nparts > 1) {
			concat.ref = wide ? (uint16_t)(256 + random() % 65280) :
			    (uint16_t)(random() % 256);
			concat.total = (uint8_t)nparts;
		}
		buf_reset(&joined_s);
		buf_reset(&joined_d);
		for (j = 0; j < nparts; j++) {
			snprintf(name, sizeof(name),
			    "round %zu (mode %d, %zu bytes) part %d of %d",
			    round, mode, in.len, j + 1, nparts);
			room = room_of(coding, in.data + spans[j].off,
			    spans[j].len);
			/* Full: the next character would not have fitted. */
			if (nparts > 1 && room > part_room) {
				fail_msg("%s: %zu in a part", name, room);
			}
			if (j + 1 < nparts && room + room_of(coding,
			    in.data + spans[j + 1].off,
			    char_len(in.data + spans[j + 1].off)) <=
			    part_room) {
				fail_msg("%s: %zu in a part that is not full",
				    name, room);
			}
			memset(&o, 0, sizeof(o));
			o.coding = coding;
			o.mr = (uint8_t)random();
			o.validity = (int)(random() % 257) - 1;
			o.status_report = random() % 2;
			if (nparts > 1) {
				o.concat = concat;
				o.concat.seq = (uint8_t)(j + 1);
			}
			n = pdu_encode_submit("+84912345678",
			    in.data + spans[j].off, spans[j].len, &o, out,
			    sizeof(out), &tpdu_len, err, sizeof(err));
			if (n < 0) {
				fail_msg("%s: submit returns %d: %s", name, n,
				    err);
			}
			rc = pdu_decode_submit(out, (size_t)n, &sub, err,
			    sizeof(err));
			if (rc != PDU_OK) {
				fail_msg("%s: submit decodes to %d: %s", name,
				    rc, err);
			}
			check_int(name, "submit mr", sub.mr, o.mr);
			check_int(name, "submit coding", sub.coding, coding);
			check_int(name, "submit ref", sub.concat.ref,
			    o.concat.ref);
			check_int(name, "submit total", sub.concat.total,
			    o.concat.total);
			check_int(name, "submit seq", sub.concat.seq,
			    o.concat.seq);
			buf_add(&joined_s, sub.text, sub.text_len);
			n = pdu_encode_deliver("+84980200030", "Viettel",
			    coding, nparts > 1 ? &o.concat : NULL,
			    in.data + spans[j].off, spans[j].len, T_VN, 420,
			    out, sizeof(out), err, sizeof(err));
			if (n < 0) {
				fail_msg("%s: deliver returns %d: %s", name, n,
				    err);
			}
			rc = pdu_decode_deliver(out, (size_t)n, true, &d, NULL,
			    err, sizeof(err));
			if (rc != PDU_OK) {
				fail_msg("%s: deliver decodes to %d: %s", name,
				    rc, err);
			}
			check_str(name, "sender", d.sender.text, "Viettel");
			check_int(name, "deliver ref", d.concat.ref,
			    o.concat.ref);
			check_int(name, "deliver seq", d.concat.seq,
			    o.concat.seq);
			buf_add(&joined_d, d.text, d.text_len);
		}
		snprintf(name, sizeof(name), "round %zu (mode %d, %zu bytes)",
		    round, mode, in.len);
		if (joined_s.len != in.len ||
		    memcmp(joined_s.data, in.data, in.len) != 0) {
			fail_msg("%s: submit parts join to '%s', want '%s'",
			    name, joined_s.data, in.data);
		}
		if (joined_d.len != in.len ||
		    memcmp(joined_d.data, in.data, in.len) != 0) {
			fail_msg("%s: deliver parts join to '%s', want '%s'",
			    name, joined_d.data, in.data);
		}
	}
	buf_release(&in);
	buf_release(&joined_s);
	buf_release(&joined_d);
}

/* Which lines of a listing are the PDU its header announced. */
static void
test_line_kind(void **state)
{
	static const struct {
		const char *line;
		size_t tpdu_len;
		enum pdu_line want;
	} cases[] = {
		/* hellohello: an 8-octet SMSC field, then 28 TPDU octets. */
		{ "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", 28, PDU_LINE_EXACT },
		{ "07917283010010f5040bc87238880900f10000993092516195800ae8329bfd4697d9ec37", 28, PDU_LINE_EXACT },
		{ "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", 27, PDU_LINE_HEX },
		{ "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC", 28, PDU_LINE_HEX },
		/* Without an SMSC address: "00", then the TPDU. */
		{ "00040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", 28, PDU_LINE_EXACT },
		{ "00", 0, PDU_LINE_EXACT },
		/* hellohello as modems that leave out the SMSC list it. */
		{ "040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", 28, PDU_LINE_BARE },
		{ "0791FFFFFF", 0, PDU_LINE_HEX },
		{ "", 0, PDU_LINE_OTHER },
		{ "0", 0, PDU_LINE_OTHER },
		{ "079", 1, PDU_LINE_OTHER },
		{ "*PSUTTZ: 2026,11,29", 9, PDU_LINE_OTHER },
		{ "DST: 0", 2, PDU_LINE_OTHER },
		{ "07 91", 1, PDU_LINE_OTHER },
		{ "0G", 0, PDU_LINE_OTHER },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (pdu_line_kind(cases[i].line, strlen(cases[i].line),
		    cases[i].tpdu_len) != cases[i].want) {
			fail_msg("case %zu '%s' of %zu octets: want %d", i,
			    cases[i].line, cases[i].tpdu_len, cases[i].want);
		}
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_deliver),
		cmocka_unit_test(test_decode_deliver_errors),
		cmocka_unit_test(test_decode_deliver_truncated),
		cmocka_unit_test(test_decode_deliver_mutated),
		cmocka_unit_test(test_decode_submit),
		cmocka_unit_test(test_decode_report),
		cmocka_unit_test(test_decode_report_truncated),
		cmocka_unit_test(test_decode_report_mutated),
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_status_class),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_encode_submit_pinned),
		cmocka_unit_test(test_encode_split_pinned),
		cmocka_unit_test(test_encode_deliver_pinned),
		cmocka_unit_test(test_submit_round_trip),
		cmocka_unit_test(test_deliver_round_trip),
		cmocka_unit_test(test_report_round_trip),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_scts_range),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_property),
		cmocka_unit_test(test_line_kind),
	};
	int ch;

	test_seed = (unsigned long)time(NULL);
	while ((ch = getopt(argc, argv, "s:")) != -1) {
		if (ch != 's') {
			fprintf(stderr, "usage: %s [-s seed]\n", argv[0]);
			return 2;
		}
		test_seed = strtoul(optarg, NULL, 10);
	}
	printf("test_pdu: seed %lu (replay with -s %lu)\n", test_seed,
	    test_seed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
