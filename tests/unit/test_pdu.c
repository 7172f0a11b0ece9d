/*
 * Unit tests for pdu: SMS-DELIVER and SMS-SUBMIT against pinned PDUs, every
 * error status, every truncation and every one-octet mutation of the
 * vectors, and encode/decode round trips at the one-part limits.
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

#include <cmocka.h>

#include "buf.h"
#include "pdu.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define ERRLEN		128

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

/* SMS-SUBMIT encodings pinned octet by octet. */
static void
test_encode_submit_pinned(void **state)
{
	static const struct {
		const char	*name;
		const char	*to;
		const char	*text;
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
		    "0001000B914819325476F8000006C3701BF47603" },
		/*
		 * 0A 81 9021436587: 10 digits of unknown type, 0912345678 |
		 * 08 TP-DCS UCS2 | 0E 14 octets: "Đã nhận" is 0110 00E3
		 * 0020 006E 0068 1EAD 006E.
		 */
		{ "ucs2", "0912345678", "Đã nhận",
		    "0001000A81902143658700080E011000E30020006E00681EAD006E" },
	};
	uint8_t out[PDU_MAX_BYTES];
	char err[ERRLEN];
	size_t i, tpdu_len;
	struct buf b;
	int n;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = pdu_encode_submit(cases[i].to, cases[i].text,
		    strlen(cases[i].text), out, sizeof(out), &tpdu_len, err,
		    sizeof(err));
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

/* pdu_encode_deliver reproduces the hand-built vectors exactly. */
static void
test_encode_deliver_pinned(void **state)
{
	static const struct {
		const char	*name;
		const char	*smsc;
		const char	*sender;
		enum pdu_coding	 coding;
		const char	*text;
		int64_t		 t;
		int		 tz;
		const char	*hex;
	} cases[] = {
		{ "vietnamese ucs2", "+84980200030", "+84912345678",
		    PDU_CODING_UCS2, "Trộm bò ở xóm 3", T_VN, 420, VIET },
		{ "alphanumeric", "+84980200030", "Viettel", PDU_CODING_GSM7,
		    "KM: tang 50% the nap", T_VN, 420, VIETTEL },
		{ "extension table", "", "+84912345678", PDU_CODING_GSM7,
		    "Gia 100€ [a]{b}~|^\\\f", T_VN, 420, EXT },
		{ "national sender", "+84980200030", "0912345678",
		    PDU_CODING_UCS2, "Cảm ơn 😀", T_VN, 420, EMOJI },
		{ "zone -05:00", "+84980200030", "+12025550123",
		    PDU_CODING_GSM7, "hi", 1735689600, -300, TZ_NEG },
		{ "zone +05:45", "+84980200030", "+9771234567",
		    PDU_CODING_GSM7, "hi", 1709229600, 345, TZ_NEPAL },
		{ "zone -03:30", "+84980200030", "+17095550123",
		    PDU_CODING_GSM7, "hi", 1735702800, -210, TZ_NEWFOUNDLAND },
	};
	uint8_t out[PDU_MAX_BYTES];
	char err[ERRLEN];
	struct buf b;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		n = pdu_encode_deliver(cases[i].smsc, cases[i].sender,
		    cases[i].coding, cases[i].text, strlen(cases[i].text),
		    cases[i].t, cases[i].tz, out, sizeof(out), err,
		    sizeof(err));
		if (n < 0) {
			fail_msg("%s: returns %d: %s", cases[i].name, n, err);
		}
		buf_init(&b);
		pdu_to_hex(out, (size_t)n, &b);
		check_str(cases[i].name, "pdu", b.data, cases[i].hex);
		buf_release(&b);
	}
}

/* count copies of unit. */
static char *
repeat(const char *unit, size_t count)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < count; i++) {
		buf_adds(&b, unit);
	}
	return buf_detach(&b);
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

/* encode_submit then decode_submit gives back the text. */
static void
test_submit_round_trip(void **state)
{
	uint8_t out[PDU_MAX_BYTES];
	struct pdu_submit s;
	char err[ERRLEN], *text;
	size_t i, tpdu_len;
	int n, rc;

	(void)state;
	for (i = 0; i < NELEM(submit_texts); i++) {
		const struct text_case *c = &submit_texts[i];

		text = repeat(c->unit, c->count);
		n = pdu_encode_submit("+84912345678", text, strlen(text), out,
		    sizeof(out), &tpdu_len, err, sizeof(err));
		if (c->rc != PDU_OK) {
			check_int(c->name, "status", n, c->rc);
			check_int(c->name, "tpdu length", (long long)tpdu_len,
			    0);
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
		check_str(c->name, "text", s.text, text);
		free(text);
	}
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
			    senders[j].sender, c->coding, text, strlen(text),
			    T_VN, senders[j].tz, out, sizeof(out), err,
			    sizeof(err));
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
	static const struct {
		const char	*name;
		bool		 submit;
		const char	*smsc;
		const char	*addr;	/* to or sender */
		int64_t		 t;
		int		 tz;
		size_t		 cap;
		int		 rc;
	} cases[] = {
		{ "empty to", true, "", "", 0, 0, PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "plus only", true, "", "+", 0, 0, PDU_MAX_BYTES,
		    PDU_ERR_ADDR },
		{ "letter in to", true, "", "09123a", 0, 0, PDU_MAX_BYTES,
		    PDU_ERR_ADDR },
		{ "21 digits", true, "", "+123456789012345678901", 0, 0,
		    PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "submit cap", true, "", "+84912345678", 0, 0, 10,
		    PDU_ERR_SHORT },
		{ "empty sender", false, "+84980200030", "", T_VN, 0,
		    PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "name of 12", false, "+84980200030", "ABCDEFGHIJKL", T_VN,
		    0, PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "name not gsm7", false, "+84980200030", "Công an", T_VN, 0,
		    PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "bad smsc", false, "smsc", "+84912345678", T_VN, 0,
		    PDU_MAX_BYTES, PDU_ERR_ADDR },
		{ "zone of 7 minutes", false, "", "+84912345678", T_VN, 7,
		    PDU_MAX_BYTES, PDU_ERR_SCTS },
		{ "zone of 20 hours", false, "", "+84912345678", T_VN, 1200,
		    PDU_MAX_BYTES, PDU_ERR_SCTS },
		{ "year 2069", false, "", "+84912345678", 3124224000LL, 0,
		    PDU_MAX_BYTES, PDU_ERR_SCTS },
		{ "year 1968", false, "", "+84912345678", -31536001LL, 0,
		    PDU_MAX_BYTES, PDU_ERR_SCTS },
		{ "huge time", false, "", "+84912345678", INT64_MAX, 0,
		    PDU_MAX_BYTES, PDU_ERR_SCTS },
		{ "deliver cap", false, "", "+84912345678", T_VN, 0, 20,
		    PDU_ERR_SHORT },
	};
	uint8_t out[PDU_MAX_BYTES];
	char err[ERRLEN];
	size_t i, tpdu_len;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		err[0] = '\0';
		if (cases[i].submit) {
			rc = pdu_encode_submit(cases[i].addr, "hi", 2, out,
			    cases[i].cap, &tpdu_len, err, sizeof(err));
		} else {
			rc = pdu_encode_deliver(cases[i].smsc, cases[i].addr,
			    PDU_CODING_GSM7, "hi", 2, cases[i].t, cases[i].tz,
			    out, cases[i].cap, err, sizeof(err));
		}
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
		n = pdu_encode_deliver("", "1", PDU_CODING_GSM7, "", 0,
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
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_deliver),
		cmocka_unit_test(test_decode_deliver_errors),
		cmocka_unit_test(test_decode_deliver_truncated),
		cmocka_unit_test(test_decode_deliver_mutated),
		cmocka_unit_test(test_decode_submit),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_encode_submit_pinned),
		cmocka_unit_test(test_encode_deliver_pinned),
		cmocka_unit_test(test_submit_round_trip),
		cmocka_unit_test(test_deliver_round_trip),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_scts_range),
		cmocka_unit_test(test_line_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
