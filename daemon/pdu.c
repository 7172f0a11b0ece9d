/*
 * TS 23.040 TPDUs in the AT+CMGF=0 framing: SMS-DELIVER and
 * SMS-STATUS-REPORT decoding, SMS-SUBMIT encoding with concatenation for
 * gopyd, the mirror images for the modem simulator, splitting a text into
 * parts, and hex. Reassembly of parts is not here (it lives with the
 * database), nor are the national language shift tables.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gsm7.h"
#include "pdu.h"
#include "rd.h"
#include "utf8.h"

/* First octet, TS 23.040 9.2.3.1-9.2.3.3 and 9.2.3.23. */
#define TP_MTI_MASK		0x03
#define TP_MTI_DELIVER		0x00
#define TP_MTI_SUBMIT		0x01
#define TP_MTI_STATUS_REPORT	0x02
#define TP_MTI_RESERVED		0x03
#define TP_MMS			0x04	/* DELIVER: no more messages waiting */
#define TP_VPF_MASK		0x18
#define TP_VPF_NONE		0x00
#define TP_VPF_RELATIVE		0x10
#define TP_SRR			0x20	/* SUBMIT: status report requested */
#define TP_UDHI			0x40

/* TP-PI, 9.2.3.27: which optional fields end an SMS-STATUS-REPORT. */
#define TP_PI_PID		0x01
#define TP_PI_DCS		0x02
#define TP_PI_UDL		0x04
#define TP_PI_EXTENSION		0x80	/* another TP-PI octet follows */

/* Type-of-Address octets, 9.1.2.5: extension bit, TON, NPI. */
#define TOA_UNKNOWN		0x81	/* unknown, ISDN/telephony */
#define TOA_INTERNATIONAL	0x91	/* international, ISDN/telephony */
#define TOA_NATIONAL		0xa1	/* national, ISDN/telephony */
#define TOA_ALPHANUMERIC	0xd0	/* alphanumeric, unknown plan */

/* TP-DCS, TS 23.038 4: general data coding, uncompressed, no class. */
#define DCS_GSM7		0x00
#define DCS_UCS2		0x08

/* Information element identifiers, 9.2.3.24. */
#define IEI_CONCAT8		0x00	/* 9.2.3.24.1 */
#define IEI_CONCAT16		0x08	/* 9.2.3.24.8 */
#define IEI_CONCAT8_LEN		3	/* reference, maximum, sequence */
#define IEI_CONCAT16_LEN	4

#define SMSC_OCTETS_MAX		11	/* type of address, 10 of digits */
#define SCTS_OCTETS		7	/* 9.2.3.11 */
#define TZ_QUARTERS_MAX		79	/* 3 bits of tens, 4 of units */
#define SCTS_T_BOUND		((int64_t)1 << 40) /* seconds */
#define VP_LONG_OCTETS		7	/* absolute, enhanced TP-VP, 9.2.3.12 */
#define UD_SEPTETS_MAX		160	/* GSM 7-bit TP-UDL, 9.2.3.16 */
#define ALNUM_SEPTETS_MAX	11	/* in 10 octets of address, 9.1.2.5 */
#define REPLACEMENT		0xfffd	/* U+FFFD REPLACEMENT CHARACTER */

/* Semi-octet values 0x0-0xe, 9.1.2.3; 0xf is the filler. */
static const char bcd_digits[] = "0123456789*#abc";

/* A bounds-checked writer: len counts every byte, also those past cap. */
struct wr {
	uint8_t	*p;
	size_t	 cap;
	size_t	 len;
};

/* Encoded user data, waiting for its place after TP-DCS and TP-SCTS. */
struct ud_out {
	uint8_t	dcs;			/* TP-DCS */
	uint8_t	udl;			/* TP-UDL: septets or octets */
	uint8_t	data[PDU_UD_MAX];	/* TP-UD, with the header when udhi */
	size_t	len;			/* octets of data used */
	bool	udhi;			/* TP-UDHI: data starts with a UDH */
};

static int
set_err(char *err, size_t errlen, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Write the message to err and return rc. */
static int
set_err(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static int
short_err(char *err, size_t errlen, const struct rd *r, const char *field)
{
	return set_err(err, errlen, PDU_ERR_SHORT, "%s: pdu ends at octet %zu",
	    field, r->len);
}

/* Copy len bytes and a NUL into dst of size cap; -1 when they do not fit. */
static int
copy_text(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap) {
		return -1;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

static void
put_utf8(struct buf *b, uint32_t c)
{
	char s[4];
	size_t n;

	if (c < 0x80) {
		s[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xc0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | c >> 18);
		s[1] = (char)(0x80 | (c >> 12 & 0x3f));
		s[2] = (char)(0x80 | (c >> 6 & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	buf_add(b, s, n);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

int
pdu_from_hex(const char *hex, size_t hexlen, uint8_t *out, size_t cap,
    size_t *outlen)
{
	size_t i;
	int hi, lo;

	*outlen = 0;
	if (hexlen % 2 != 0) {
		return PDU_ERR_HEX;
	}
	if (hexlen / 2 > cap) {
		return PDU_ERR_SHORT;
	}
	for (i = 0; i < hexlen / 2; i++) {
		hi = hex_value(hex[2 * i]);
		lo = hex_value(hex[2 * i + 1]);
		if (hi == -1 || lo == -1) {
			return PDU_ERR_HEX;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*outlen = hexlen / 2;
	return PDU_OK;
}

const char *
pdu_ton_name(enum pdu_ton ton)
{
	static const char *const names[] = {
		"unknown", "international", "national", "network",
		"subscriber", "alphanumeric", "abbreviated", "reserved",
	};

	return names[ton & 7];
}

enum pdu_line
pdu_line_kind(const char *hex, size_t hexlen, size_t tpdu_len)
{
	size_t i;

	if (hexlen < 2 || hexlen % 2 != 0) {
		return PDU_LINE_OTHER;
	}
	for (i = 0; i < hexlen; i++) {
		if (hex_value(hex[i]) == -1) {
			return PDU_LINE_OTHER;
		}
	}
	if (hexlen / 2 == tpdu_len) {
		return PDU_LINE_BARE;
	}
	/* SMSC length (1 octet, the octets after it), 27.005 3.1 <pdu>. */
	if (hexlen / 2 == 1 + (size_t)(hex_value(hex[0]) << 4 |
	    hex_value(hex[1])) + tpdu_len) {
		return PDU_LINE_EXACT;
	}
	return PDU_LINE_HEX;
}

void
pdu_to_hex(const uint8_t *p, size_t len, struct buf *out)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		buf_addc(out, digits[p[i] >> 4]);
		buf_addc(out, digits[p[i] & 0x0f]);
	}
}

/* Decoding. */

static void
set_toa(struct pdu_addr *a, uint8_t toa)
{
	a->ton = (enum pdu_ton)(toa >> 4 & 0x07);
	a->npi = toa & 0x0f;
}

/*
 * Semi-octet digits, 9.1.2.3: ndigits from noctets octets, the low nibble of
 * each octet first. 0xf fills the nibbles past ndigits, and may end the last
 * octet of an SMSC address, whose length counts octets, not digits.
 */
static int
read_bcd(struct rd *r, size_t noctets, size_t ndigits, struct pdu_addr *a,
    const char *field, char *err, size_t errlen)
{
	char text[PDU_ADDR_TEXT_MAX];
	size_t i, n = 1, start;
	uint8_t o = 0, nib;

	/* text[0] holds the '+' of an international number. */
	text[0] = '+';
	for (i = 0; i < 2 * noctets; i++) {
		if (i % 2 == 0 && rd_u8(r, &o) == -1) {
			return short_err(err, errlen, r, field);
		}
		nib = i % 2 == 0 ? o & 0x0f : o >> 4;
		if (i >= ndigits || (nib == 0x0f && i == 2 * noctets - 1)) {
			continue;
		}
		if (nib == 0x0f) {
			return set_err(err, errlen, PDU_ERR_ADDR,
			    "%s: filler semi-octet in digit %zu", field, i + 1);
		}
		if (n + 1 >= sizeof(text)) {
			return set_err(err, errlen, PDU_ERR_ADDR,
			    "%s: too many digits", field);
		}
		text[n++] = bcd_digits[nib];
	}
	text[n] = '\0';
	start = a->ton == PDU_TON_INTERNATIONAL && n > 1 ? 0 : 1;
	memcpy(a->text, text + start, n + 1 - start);
	return PDU_OK;
}

/*
 * An alphanumeric address value, 9.1.2.5: GSM 7-bit packed, its length in
 * semi-octets, so it holds nsemi * 4 / 7 septets.
 */
static int
read_alnum(struct rd *r, size_t nsemi, struct pdu_addr *a, const char *field,
    char *err, size_t errlen)
{
	uint8_t septets[ALNUM_SEPTETS_MAX];
	const uint8_t *p;
	size_t noctets = (nsemi + 1) / 2, nseptets = nsemi * 4 / 7;
	struct buf text;
	int rc = PDU_OK;

	if (rd_ptr(r, &p, noctets) == -1) {
		return short_err(err, errlen, r, field);
	}
	if (gsm7_unpack(p, noctets, 0, nseptets, septets) == -1) {
		return set_err(err, errlen, PDU_ERR_ADDR,
		    "%s: %zu septets do not fit %zu octets", field, nseptets,
		    noctets);
	}
	buf_init(&text);
	gsm7_decode(septets, nseptets, &text);
	if (copy_text(a->text, sizeof(a->text), text.data, text.len) == -1) {
		rc = set_err(err, errlen, PDU_ERR_ADDR, "%s: name too long",
		    field);
	}
	buf_release(&text);
	return rc;
}

/*
 * The SMSC address that 27.005 3.1 puts before the TPDU, coded as TS 24.008
 * 10.5.4.9: a length in octets (0: absent), the type of address, digits.
 */
static int
read_smsc(struct rd *r, struct pdu_addr *a, char *err, size_t errlen)
{
	uint8_t len, toa;

	/* Length (1 octet): octets that follow, type of address included. */
	if (rd_u8(r, &len) == -1) {
		return short_err(err, errlen, r, "smsc length");
	}
	if (len == 0) {
		return PDU_OK;
	}
	if (len > SMSC_OCTETS_MAX) {
		return set_err(err, errlen, PDU_ERR_ADDR,
		    "smsc length: %u octets, at most %d", len, SMSC_OCTETS_MAX);
	}
	/* Type of address (1 octet), TS 24.008 10.5.4.9 octet 3. */
	if (rd_u8(r, &toa) == -1) {
		return short_err(err, errlen, r, "smsc type of address");
	}
	set_toa(a, toa);
	/* Digits (len - 1 octets), TS 24.008 10.5.4.9 octets 4 on. */
	return read_bcd(r, len - 1u, 2 * (len - 1u), a, "smsc", err, errlen);
}

/* TP-OA or TP-DA (named by field), address fields as 9.1.2.5 codes them. */
static int
read_addr(struct rd *r, struct pdu_addr *a, const char *field, char *err,
    size_t errlen)
{
	uint8_t len, toa;

	/* Address-Length (1 octet): useful semi-octets of the value. */
	if (rd_u8(r, &len) == -1) {
		return short_err(err, errlen, r, field);
	}
	if (len > PDU_ADDR_DIGITS_MAX) {
		return set_err(err, errlen, PDU_ERR_ADDR,
		    "%s: length %u semi-octets, at most %d", field, len,
		    PDU_ADDR_DIGITS_MAX);
	}
	/* Type-of-Address (1 octet). */
	if (rd_u8(r, &toa) == -1) {
		return short_err(err, errlen, r, field);
	}
	set_toa(a, toa);
	/* Address-Value ((len + 1) / 2 octets). */
	if (a->ton == PDU_TON_ALPHANUMERIC) {
		return read_alnum(r, len, a, field, err, errlen);
	}
	return read_bcd(r, (len + 1u) / 2, len, a, field, err, errlen);
}

/* TP-DCS, 9.2.3.10, as TS 23.038 4 codes it: the alphabet and the class. */
static int
parse_dcs(uint8_t dcs, enum pdu_coding *coding, int *msg_class, char *err,
    size_t errlen)
{
	*msg_class = -1;
	if ((dcs & 0x80) == 0) {
		/*
		 * 00xx general data coding, 01xx the same marked for automatic
		 * deletion: bit 5 compressed, bit 4 class meaningful, bits 3-2
		 * the alphabet, bits 1-0 the class.
		 */
		if (dcs & 0x20) {
			return set_err(err, errlen, PDU_ERR_DCS,
			    "tp-dcs 0x%02x: compressed text is not supported",
			    dcs);
		}
		if (dcs & 0x10) {
			*msg_class = dcs & 0x03;
		}
		switch (dcs >> 2 & 0x03) {
		case 0:
			*coding = PDU_CODING_GSM7;
			break;
		case 1:
			*coding = PDU_CODING_8BIT;
			break;
		case 2:
			*coding = PDU_CODING_UCS2;
			break;
		default:
			return set_err(err, errlen, PDU_ERR_DCS,
			    "tp-dcs 0x%02x: reserved alphabet", dcs);
		}
		return PDU_OK;
	}
	switch (dcs >> 4) {
	case 0xc:	/* message waiting indication, discard message */
	case 0xd:	/* message waiting indication, store message */
		*coding = PDU_CODING_GSM7;
		return PDU_OK;
	case 0xe:	/* message waiting indication, store message, UCS2 */
		*coding = PDU_CODING_UCS2;
		return PDU_OK;
	case 0xf:	/* data coding and message class: bit 2 8-bit */
		*coding = dcs & 0x04 ? PDU_CODING_8BIT : PDU_CODING_GSM7;
		*msg_class = dcs & 0x03;
		return PDU_OK;
	default:	/* 1000..1011 */
		return set_err(err, errlen, PDU_ERR_DCS,
		    "tp-dcs 0x%02x: reserved coding group", dcs);
	}
}

static int
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/*
 * TP-SCTS (7 octets), 9.2.3.11: year, month, day, hour, minute, second and
 * time zone as semi-octets, the tens digit in the low nibble (9.1.2.3). The
 * zone counts quarter hours; bit 3 of its octet, the top bit of the first
 * semi-octet, is the sign. Two-digit years follow POSIX strptime %y:
 * 69-99 are 1969-1999, 00-68 are 2000-2068. TP-DT (9.2.3.13) and the
 * absolute TP-VP (9.2.3.12.2) are coded the same; field names which.
 */
static int
read_scts(struct rd *r, const char *field, int64_t *t, int *tz_minutes,
    char *err, size_t errlen)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	uint8_t o[SCTS_OCTETS];
	int v[SCTS_OCTETS - 1], year, q;
	size_t i;

	if (rd_bytes(r, o, sizeof(o)) == -1) {
		return short_err(err, errlen, r, field);
	}
	for (i = 0; i < SCTS_OCTETS - 1; i++) {
		if ((o[i] & 0x0f) > 9 || o[i] >> 4 > 9) {
			return set_err(err, errlen, PDU_ERR_SCTS,
			    "%s: octet %zu (0x%02x) is not two digits", field,
			    i + 1, o[i]);
		}
		v[i] = (o[i] & 0x0f) * 10 + (o[i] >> 4);
	}
	year = v[0] >= 69 ? 1900 + v[0] : 2000 + v[0];
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > mdays[v[1] - 1] + (v[1] == 2 && leap_year(year)) ||
	    v[3] > 23 || v[4] > 59 || v[5] > 59) {
		return set_err(err, errlen, PDU_ERR_SCTS,
		    "%s: %04d-%02d-%02d %02d:%02d:%02d is not a time", field,
		    year, v[1], v[2], v[3], v[4], v[5]);
	}
	if (o[6] >> 4 > 9) {
		return set_err(err, errlen, PDU_ERR_SCTS,
		    "%s: time zone 0x%02x is not two digits", field, o[6]);
	}
	q = (o[6] & 0x07) * 10 + (o[6] >> 4);
	*tz_minutes = (o[6] & 0x08 ? -q : q) * 15;
	*t = days_from_civil(year, v[1], v[2]) * 86400 + v[3] * 3600 +
	    v[4] * 60 + v[5] - (int64_t)*tz_minutes * 60;
	return PDU_OK;
}

/*
 * The information elements of a user data header, 9.2.3.24. Concatenation
 * with an 8-bit (9.2.3.24.1) or 16-bit (9.2.3.24.8) reference fills concat;
 * other elements are skipped by their length.
 */
static int
read_udh(struct rd *h, struct pdu_concat *concat, char *err, size_t errlen)
{
	const uint8_t *data;
	uint8_t iei = 0, iedl = 0, hi = 0, lo = 0, total, seq;
	struct rd ie;
	int ok;

	while (rd_left(h) > 0) {
		/* IEI, IEIDL (1 octet each), then IEIDL octets of data. */
		if (rd_u8(h, &iei) == -1 || rd_u8(h, &iedl) == -1 ||
		    rd_ptr(h, &data, iedl) == -1) {
			return set_err(err, errlen, PDU_ERR_UDH,
			    "tp-udh: element 0x%02x overruns the header", iei);
		}
		rd_init(&ie, data, iedl);
		if (iei == IEI_CONCAT8) {
			ok = rd_u8(&ie, &lo) == 0;
		} else if (iei == IEI_CONCAT16) {
			ok = rd_u8(&ie, &hi) == 0 && rd_u8(&ie, &lo) == 0;
		} else {
			continue;
		}
		/* Reference, then maximum number and sequence number. */
		if (!ok || rd_u8(&ie, &total) == -1 || rd_u8(&ie, &seq) == -1 ||
		    rd_left(&ie) != 0) {
			return set_err(err, errlen, PDU_ERR_UDH,
			    "tp-udh: concatenation element 0x%02x of length %u",
			    iei, iedl);
		}
		/*
		 * A count of 0, or a sequence number of 0 or past the count,
		 * voids the element (9.2.3.24.1). When an element repeats, the
		 * last one counts (9.2.3.24).
		 */
		if (total == 0 || seq == 0 || seq > total) {
			continue;
		}
		concat->ref = (uint16_t)(hi << 8 | lo);
		concat->total = total;
		concat->seq = seq;
	}
	return PDU_OK;
}

/*
 * UTF-16BE, which phones send under the name UCS2 (TS 23.038 6.2.3), to
 * UTF-8: surrogate pairs are joined; a lone surrogate, an odd last octet and
 * U+0000, which would end the C string, become U+FFFD.
 */
static void
decode_ucs2(struct rd *u, struct buf *text)
{
	uint32_t c, high = 0;
	uint8_t hi, lo;

	while (rd_u8(u, &hi) == 0) {
		c = rd_u8(u, &lo) == 0 ? (uint32_t)hi << 8 | lo : REPLACEMENT;
		if (high != 0 && c >= 0xdc00 && c <= 0xdfff) {
			put_utf8(text, 0x10000 + ((high - 0xd800) << 10) +
			    (c - 0xdc00));
			high = 0;
			continue;
		}
		if (high != 0) {
			put_utf8(text, REPLACEMENT);
			high = 0;
		}
		if (c >= 0xd800 && c <= 0xdbff) {
			high = c;
			continue;
		}
		put_utf8(text, c == 0 || (c >= 0xdc00 && c <= 0xdfff) ?
		    REPLACEMENT : c);
	}
	if (high != 0) {
		put_utf8(text, REPLACEMENT);
	}
}

/* 8-bit data read as ISO 8859-1; U+0000 becomes U+FFFD as in UCS2. */
static void
decode_latin1(struct rd *u, struct buf *text)
{
	uint8_t o;

	while (rd_u8(u, &o) == 0) {
		put_utf8(text, o == 0 ? REPLACEMENT : o);
	}
}

/*
 * TP-UDL and TP-UD with the user data header that TP-UDHI announces. The
 * text goes to text as UTF-8, concatenation to concat.
 */
static int
read_ud(struct rd *r, bool udhi, enum pdu_coding coding,
    struct pdu_concat *concat, struct buf *text, char *err, size_t errlen)
{
	uint8_t septets[UD_SEPTETS_MAX], udl, udhl;
	const uint8_t *ud, *p;
	size_t noctets, hoctets = 0, hseptets = 0, fill;
	struct rd u, h;
	int rc;

	/* TP-UDL (1 octet), 9.2.3.16: septets for GSM 7-bit, else octets. */
	if (rd_u8(r, &udl) == -1) {
		return short_err(err, errlen, r, "tp-udl");
	}
	if (coding == PDU_CODING_GSM7) {
		if (udl > UD_SEPTETS_MAX) {
			return set_err(err, errlen, PDU_ERR_UDL,
			    "tp-udl: %u septets, at most %d", udl,
			    UD_SEPTETS_MAX);
		}
		noctets = (udl * 7u + 7) / 8;
	} else {
		if (udl > PDU_UD_MAX) {
			return set_err(err, errlen, PDU_ERR_UDL,
			    "tp-udl: %u octets, at most %d", udl, PDU_UD_MAX);
		}
		noctets = udl;
	}
	/* TP-UD (the octets TP-UDL implies), 9.2.3.24. */
	if (rd_ptr(r, &ud, noctets) == -1) {
		return set_err(err, errlen, PDU_ERR_SHORT,
		    "tp-ud: %zu octets announced, %zu present", noctets,
		    rd_left(r));
	}
	rd_init(&u, ud, noctets);
	if (udhi) {
		/* UDHL (1 octet), 9.2.3.24: header octets that follow. */
		if (rd_u8(&u, &udhl) == -1) {
			return set_err(err, errlen, PDU_ERR_UDH,
			    "tp-udh: tp-ud has no room for the header length");
		}
		if (rd_ptr(&u, &p, udhl) == -1) {
			return set_err(err, errlen, PDU_ERR_UDH,
			    "tp-udh: length %u exceeds tp-ud of %zu octets",
			    udhl, noctets);
		}
		hoctets = udhl + 1u;
		hseptets = (hoctets * 8 + 6) / 7;
		if (coding == PDU_CODING_GSM7 && hseptets > udl) {
			return set_err(err, errlen, PDU_ERR_UDH,
			    "tp-udh: %zu septets exceed tp-udl %u", hseptets,
			    udl);
		}
		rd_init(&h, p, udhl);
		if ((rc = read_udh(&h, concat, err, errlen)) != PDU_OK) {
			return rc;
		}
	}
	switch (coding) {
	case PDU_CODING_GSM7:
		/* Fill bits put the first septet on a septet boundary. */
		fill = hseptets * 7 - hoctets * 8;
		if (rd_ptr(&u, &p, rd_left(&u)) == -1 ||
		    gsm7_unpack(p, noctets - hoctets, (unsigned)fill,
		    udl - hseptets, septets) == -1) {
			return set_err(err, errlen, PDU_ERR_UDL,
			    "tp-ud: %u septets do not fit", udl);
		}
		gsm7_decode(septets, udl - hseptets, text);
		break;
	case PDU_CODING_8BIT:
		decode_latin1(&u, text);
		break;
	case PDU_CODING_UCS2:
		decode_ucs2(&u, text);
		break;
	}
	return PDU_OK;
}

/* Move the decoded text into a struct's fixed array. */
static int
take_text(char *dst, size_t cap, size_t *dstlen, const struct buf *text,
    char *err, size_t errlen)
{
	if (copy_text(dst, cap, text->data, text->len) == -1) {
		return set_err(err, errlen, PDU_ERR_UDL,
		    "tp-ud: %zu bytes of text, at most %zu", text->len,
		    cap - 1);
	}
	*dstlen = text->len;
	return PDU_OK;
}

/*
 * TP-UDL and TP-UD to the end of the TPDU, as text into out (cap bytes,
 * its length to *out_len): the tail that SMS-DELIVER and SMS-SUBMIT share.
 */
static int
read_user_data(struct rd *r, bool udhi, enum pdu_coding coding,
    struct pdu_concat *concat, char *out, size_t cap, size_t *out_len,
    char *err, size_t errlen)
{
	struct buf text;
	int rc;

	buf_init(&text);
	rc = read_ud(r, udhi, coding, concat, &text, err, errlen);
	if (rc == PDU_OK && rd_left(r) != 0) {
		rc = set_err(err, errlen, PDU_ERR_TRAILING,
		    "tp-ud: %zu octets after it", rd_left(r));
	}
	if (rc == PDU_OK) {
		rc = take_text(out, cap, out_len, &text, err, errlen);
	}
	buf_release(&text);
	return rc;
}

int
pdu_decode_deliver(const uint8_t *p, size_t len, bool has_smsc,
    struct pdu_deliver *d, size_t *tpdu_off, char *err, size_t errlen)
{
	struct rd r;
	size_t off;
	uint8_t fo;
	int rc;

	memset(d, 0, sizeof(*d));
	if (tpdu_off != NULL) {
		*tpdu_off = 0;
	}
	set_err(err, errlen, PDU_OK, "%s", "");
	rd_init(&r, p, len);
	if (has_smsc && (rc = read_smsc(&r, &d->smsc, err, errlen)) != PDU_OK) {
		goto fail;
	}
	off = r.pos;
	/* First octet: TP-MTI, TP-MMS, TP-SRI, TP-UDHI, TP-RP, 9.2.2.1. */
	if (rd_u8(&r, &fo) == -1) {
		rc = short_err(err, errlen, &r, "first octet");
		goto fail;
	}
	/* TP-MTI, 9.2.3.1: an MS takes the reserved value as SMS-DELIVER. */
	if ((fo & TP_MTI_MASK) != TP_MTI_DELIVER &&
	    (fo & TP_MTI_MASK) != TP_MTI_RESERVED) {
		rc = set_err(err, errlen, PDU_ERR_TYPE,
		    "tp-mti %u: not an sms-deliver", fo & TP_MTI_MASK);
		goto fail;
	}
	/* TP-OA (2-12 octets), 9.2.3.7. */
	if ((rc = read_addr(&r, &d->sender, "tp-oa", err, errlen)) != PDU_OK) {
		goto fail;
	}
	/* TP-PID (1 octet), 9.2.3.9. */
	if (rd_u8(&r, &d->pid) == -1) {
		rc = short_err(err, errlen, &r, "tp-pid");
		goto fail;
	}
	/* TP-DCS (1 octet), 9.2.3.10. */
	if (rd_u8(&r, &d->dcs) == -1) {
		rc = short_err(err, errlen, &r, "tp-dcs");
		goto fail;
	}
	if ((rc = parse_dcs(d->dcs, &d->coding, &d->msg_class, err,
	    errlen)) != PDU_OK) {
		goto fail;
	}
	/* TP-SCTS (7 octets), 9.2.3.11. */
	if ((rc = read_scts(&r, "tp-scts", &d->scts, &d->tz_minutes, err,
	    errlen)) != PDU_OK) {
		goto fail;
	}
	/* TP-UDL and TP-UD, 9.2.3.16 and 9.2.3.24; TP-UDHI, 9.2.3.23. */
	if ((rc = read_user_data(&r, (fo & TP_UDHI) != 0, d->coding,
	    &d->concat, d->text, sizeof(d->text), &d->text_len, err,
	    errlen)) != PDU_OK) {
		goto fail;
	}
	if (tpdu_off != NULL) {
		*tpdu_off = off;
	}
	return PDU_OK;

fail:
	memset(d, 0, sizeof(*d));
	return rc;
}

int
pdu_type(const uint8_t *p, size_t len, bool has_smsc)
{
	struct rd r;
	uint8_t n, fo;

	rd_init(&r, p, len);
	/* SMSC address: a length octet and that many octets, 27.005 3.1. */
	if (has_smsc && (rd_u8(&r, &n) == -1 || rd_skip(&r, n) == -1)) {
		return PDU_ERR_SHORT;
	}
	/* First octet, TP-MTI in bits 1-0, 9.2.3.1. */
	if (rd_u8(&r, &fo) == -1) {
		return PDU_ERR_SHORT;
	}
	switch (fo & TP_MTI_MASK) {
	case TP_MTI_SUBMIT:
		return PDU_TYPE_SUBMIT;
	case TP_MTI_STATUS_REPORT:
		return PDU_TYPE_STATUS_REPORT;
	default:
		/* An MS takes the reserved value as SMS-DELIVER. */
		return PDU_TYPE_DELIVER;
	}
}

/*
 * The optional end of an SMS-STATUS-REPORT (9.2.2.3): TP-PI, then the
 * TP-PID, TP-DCS and TP-UDL with TP-UD it announces. A report may end
 * before TP-PI. The fields are checked against their bounds and dropped:
 * the status is what gopy wants.
 */
static int
read_report_tail(struct rd *r, bool udhi, char *err, size_t errlen)
{
	enum pdu_coding coding = PDU_CODING_GSM7;
	struct pdu_concat concat;
	char text[PDU_TEXT_MAX];
	uint8_t pi, ext, dcs;
	size_t text_len;
	int msg_class, rc;

	/* TP-PI (1 octet), 9.2.3.27. */
	if (rd_u8(r, &pi) == -1) {
		return PDU_OK;
	}
	/*
	 * Bit 7 extends TP-PI by an octet whose bits are all reserved, so
	 * ignored, as are the reserved bits 6-3 of the first.
	 */
	for (ext = pi; ext & TP_PI_EXTENSION;) {
		if (rd_u8(r, &ext) == -1) {
			return short_err(err, errlen, r, "tp-pi");
		}
	}
	/* TP-PID (1 octet), 9.2.3.9. */
	if ((pi & TP_PI_PID) && rd_skip(r, 1) == -1) {
		return short_err(err, errlen, r, "tp-pid");
	}
	/* TP-DCS (1 octet), 9.2.3.10; without it, GSM 7-bit (9.2.3.27). */
	if (pi & TP_PI_DCS) {
		if (rd_u8(r, &dcs) == -1) {
			return short_err(err, errlen, r, "tp-dcs");
		}
		if ((rc = parse_dcs(dcs, &coding, &msg_class, err,
		    errlen)) != PDU_OK) {
			return rc;
		}
	}
	/* TP-UDL and TP-UD, 9.2.3.16 and 9.2.3.24; TP-UDHI, 9.2.3.23. */
	if (pi & TP_PI_UDL) {
		memset(&concat, 0, sizeof(concat));
		return read_user_data(r, udhi, coding, &concat, text,
		    sizeof(text), &text_len, err, errlen);
	}
	if (rd_left(r) != 0) {
		return set_err(err, errlen, PDU_ERR_TRAILING,
		    "tp-pi: %zu octets after the fields it announces",
		    rd_left(r));
	}
	return PDU_OK;
}

int
pdu_decode_status_report(const uint8_t *p, size_t len, bool has_smsc,
    struct pdu_status_report *sr, size_t *tpdu_off, char *err, size_t errlen)
{
	struct rd r;
	size_t off;
	uint8_t fo;
	int rc;

	memset(sr, 0, sizeof(*sr));
	if (tpdu_off != NULL) {
		*tpdu_off = 0;
	}
	set_err(err, errlen, PDU_OK, "%s", "");
	rd_init(&r, p, len);
	if (has_smsc &&
	    (rc = read_smsc(&r, &sr->smsc, err, errlen)) != PDU_OK) {
		goto fail;
	}
	off = r.pos;
	/* First octet: TP-MTI, TP-MMS, TP-LP, TP-SRQ, TP-UDHI, 9.2.2.3. */
	if (rd_u8(&r, &fo) == -1) {
		rc = short_err(err, errlen, &r, "first octet");
		goto fail;
	}
	/* TP-MTI, 9.2.3.1. */
	if ((fo & TP_MTI_MASK) != TP_MTI_STATUS_REPORT) {
		rc = set_err(err, errlen, PDU_ERR_TYPE,
		    "tp-mti %u: not an sms-status-report", fo & TP_MTI_MASK);
		goto fail;
	}
	/* TP-MR (1 octet), 9.2.3.6: the reference of our SMS-SUBMIT. */
	if (rd_u8(&r, &sr->mr) == -1) {
		rc = short_err(err, errlen, &r, "tp-mr");
		goto fail;
	}
	/* TP-RA (2-12 octets), 9.2.3.14. */
	if ((rc = read_addr(&r, &sr->recipient, "tp-ra", err,
	    errlen)) != PDU_OK) {
		goto fail;
	}
	/* TP-SCTS (7 octets), 9.2.3.11. */
	if ((rc = read_scts(&r, "tp-scts", &sr->scts, &sr->scts_tz, err,
	    errlen)) != PDU_OK) {
		goto fail;
	}
	/* TP-DT (7 octets), 9.2.3.13. */
	if ((rc = read_scts(&r, "tp-dt", &sr->discharge, &sr->discharge_tz,
	    err, errlen)) != PDU_OK) {
		goto fail;
	}
	/* TP-ST (1 octet), 9.2.3.15. */
	if (rd_u8(&r, &sr->status) == -1) {
		rc = short_err(err, errlen, &r, "tp-st");
		goto fail;
	}
	if ((rc = read_report_tail(&r, (fo & TP_UDHI) != 0, err,
	    errlen)) != PDU_OK) {
		goto fail;
	}
	if (tpdu_off != NULL) {
		*tpdu_off = off;
	}
	return PDU_OK;

fail:
	memset(sr, 0, sizeof(*sr));
	return rc;
}

enum pdu_st_class
pdu_status_class(uint8_t status)
{
	/*
	 * TP-ST ranges, 9.2.3.15, each up to and including last. The SME
	 * reads a reserved value as "service rejected" (0x63), which is
	 * final: the SC makes no more attempts.
	 */
	static const struct {
		uint8_t		  last;
		enum pdu_st_class st_class;
	} ranges[] = {
		{ 0x02, PDU_ST_DELIVERED },	/* the SME has it (0, 1, 2) */
		{ 0x0f, PDU_ST_FAILED },	/* reserved */
		{ 0x1f, PDU_ST_DELIVERED },	/* completed, SC specific */
		{ 0x25, PDU_ST_PENDING },	/* temporary error, SC trying */
		{ 0x2f, PDU_ST_FAILED },	/* reserved */
		{ 0x3f, PDU_ST_PENDING },	/* SC trying, SC specific */
		{ 0x7f, PDU_ST_FAILED },	/* SC gave up, reserved too */
		{ 0xff, PDU_ST_FAILED },	/* bit 7: reserved */
	};
	size_t i;

	for (i = 0; status > ranges[i].last; i++) {
		continue;
	}
	return ranges[i].st_class;
}

int
pdu_decode_submit(const uint8_t *p, size_t len, struct pdu_submit *s,
    char *err, size_t errlen)
{
	struct pdu_addr smsc;
	struct rd r;
	uint8_t fo;
	int msg_class, rc;

	memset(s, 0, sizeof(*s));
	memset(&smsc, 0, sizeof(smsc));
	set_err(err, errlen, PDU_OK, "%s", "");
	rd_init(&r, p, len);
	if ((rc = read_smsc(&r, &smsc, err, errlen)) != PDU_OK) {
		goto fail;
	}
	/* First octet: TP-MTI, -RD, -VPF, -SRR, -UDHI and -RP, 9.2.2.2. */
	if (rd_u8(&r, &fo) == -1) {
		rc = short_err(err, errlen, &r, "first octet");
		goto fail;
	}
	/* TP-MTI, 9.2.3.1. */
	if ((fo & TP_MTI_MASK) != TP_MTI_SUBMIT) {
		rc = set_err(err, errlen, PDU_ERR_TYPE,
		    "tp-mti %u: not an sms-submit", fo & TP_MTI_MASK);
		goto fail;
	}
	/* TP-SRR, 9.2.3.5. */
	s->status_report = (fo & TP_SRR) != 0;
	/* TP-MR (1 octet), 9.2.3.6. */
	if (rd_u8(&r, &s->mr) == -1) {
		rc = short_err(err, errlen, &r, "tp-mr");
		goto fail;
	}
	/* TP-DA (2-12 octets), 9.2.3.8. */
	if ((rc = read_addr(&r, &s->to, "tp-da", err, errlen)) != PDU_OK) {
		goto fail;
	}
	/* TP-PID (1 octet), 9.2.3.9: not kept. */
	if (rd_skip(&r, 1) == -1) {
		rc = short_err(err, errlen, &r, "tp-pid");
		goto fail;
	}
	/* TP-DCS (1 octet), 9.2.3.10. */
	if (rd_u8(&r, &s->dcs) == -1) {
		rc = short_err(err, errlen, &r, "tp-dcs");
		goto fail;
	}
	if ((rc = parse_dcs(s->dcs, &s->coding, &msg_class, err,
	    errlen)) != PDU_OK) {
		goto fail;
	}
	/* TP-VP (0, 1 or 7 octets as TP-VPF says), 9.2.3.12 and 9.2.3.3. */
	if (rd_skip(&r, (fo & TP_VPF_MASK) == TP_VPF_NONE ? 0 :
	    (fo & TP_VPF_MASK) == TP_VPF_RELATIVE ? 1 : VP_LONG_OCTETS) == -1) {
		rc = short_err(err, errlen, &r, "tp-vp");
		goto fail;
	}
	/* TP-UDL and TP-UD, 9.2.3.16 and 9.2.3.24; TP-UDHI, 9.2.3.23. */
	if ((rc = read_user_data(&r, (fo & TP_UDHI) != 0, s->coding,
	    &s->concat, s->text, sizeof(s->text), &s->text_len, err,
	    errlen)) != PDU_OK) {
		goto fail;
	}
	return PDU_OK;

fail:
	memset(s, 0, sizeof(*s));
	return rc;
}

/* Encoding. */

static void
wr_init(struct wr *w, uint8_t *p, size_t cap)
{
	w->p = p;
	w->cap = cap;
	w->len = 0;
}

static void
wr_u8(struct wr *w, uint8_t v)
{
	if (w->len < w->cap) {
		w->p[w->len] = v;
	}
	w->len++;
}

static void
wr_bytes(struct wr *w, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		wr_u8(w, p[i]);
	}
}

/*
 * A phone number: an optional '+', then 1 to PDU_ADDR_DIGITS_MAX decimal
 * digits. Sets *digits, *n and *international; returns -1 for anything else.
 */
static int
parse_number(const char *s, const char **digits, size_t *n,
    bool *international)
{
	size_t i;

	*international = s[0] == '+';
	*digits = *international ? s + 1 : s;
	*n = strlen(*digits);
	if (*n == 0 || *n > PDU_ADDR_DIGITS_MAX) {
		return -1;
	}
	for (i = 0; i < *n; i++) {
		if ((*digits)[i] < '0' || (*digits)[i] > '9') {
			return -1;
		}
	}
	return 0;
}

/* Semi-octets, 9.1.2.3: low nibble first, 0xf filling an odd count. */
static void
put_bcd(struct wr *w, const char *digits, size_t n)
{
	size_t i;
	uint8_t lo, hi;

	for (i = 0; i < n; i += 2) {
		lo = (uint8_t)(digits[i] - '0');
		hi = i + 1 < n ? (uint8_t)(digits[i + 1] - '0') : 0x0f;
		wr_u8(w, (uint8_t)(hi << 4 | lo));
	}
}

/* The SMSC address before the TPDU, as read_smsc reads it. */
static int
put_smsc(struct wr *w, const char *smsc, char *err, size_t errlen)
{
	const char *digits;
	bool intl;
	size_t n;

	if (smsc[0] == '\0') {
		wr_u8(w, 0);
		return PDU_OK;
	}
	if (parse_number(smsc, &digits, &n, &intl) == -1) {
		return set_err(err, errlen, PDU_ERR_ADDR,
		    "smsc: '%.24s' is not a phone number", smsc);
	}
	wr_u8(w, (uint8_t)(1 + (n + 1) / 2));
	wr_u8(w, intl ? TOA_INTERNATIONAL : TOA_UNKNOWN);
	put_bcd(w, digits, n);
	return PDU_OK;
}

/* A number as TP-DA or TP-OA (9.1.2.5) with the type of address toa. */
static void
put_addr(struct wr *w, uint8_t toa, const char *digits, size_t n)
{
	wr_u8(w, (uint8_t)n);
	wr_u8(w, toa);
	put_bcd(w, digits, n);
}

/*
 * A TP-OA from sender: "+digits" is international; other digits are national
 * when they start with a trunk prefix 0, else of unknown type; anything else
 * is an alphanumeric name in GSM 7-bit (9.1.2.5).
 */
static int
put_sender(struct wr *w, const char *sender, char *err, size_t errlen)
{
	uint8_t septets[ALNUM_SEPTETS_MAX], packed[ALNUM_SEPTETS_MAX];
	const char *digits;
	bool intl;
	long ns;
	int no;
	size_t n;

	if (parse_number(sender, &digits, &n, &intl) == 0) {
		put_addr(w, intl ? TOA_INTERNATIONAL : digits[0] == '0' ?
		    TOA_NATIONAL : TOA_UNKNOWN, digits, n);
		return PDU_OK;
	}
	ns = gsm7_encode(sender, strlen(sender), septets, sizeof(septets));
	if (ns <= 0 || ns > ALNUM_SEPTETS_MAX ||
	    (no = gsm7_pack(septets, (size_t)ns, 0, packed,
	    sizeof(packed))) == -1) {
		return set_err(err, errlen, PDU_ERR_ADDR,
		    "tp-oa: '%.24s' is neither a number nor a name of 1-%d "
		    "gsm 7-bit septets", sender, ALNUM_SEPTETS_MAX);
	}
	/* The length counts the semi-octets the septets use. */
	wr_u8(w, (uint8_t)((ns * 7 + 3) / 4));
	wr_u8(w, TOA_ALPHANUMERIC);
	wr_bytes(w, packed, (size_t)no);
	return PDU_OK;
}

/*
 * UTF-8 text to UTF-16BE, writing whole characters while they fit cap
 * octets. Returns the octets the whole text needs, or -1 for invalid UTF-8.
 */
static long
encode_ucs2(const char *text, size_t len, uint8_t *out, size_t cap)
{
	size_t pos = 0, o = 0;
	int32_t c;

	while (pos < len) {
		pos += utf8_decode((const unsigned char *)text + pos, len - pos,
		    &c);
		if (c == -1) {
			return -1;
		}
		if (c < 0x10000) {
			if (o + 2 <= cap) {
				out[o] = (uint8_t)(c >> 8);
				out[o + 1] = (uint8_t)(c & 0xff);
			}
			o += 2;
			continue;
		}
		/* A surrogate pair: 110110 and 110111 with 10 bits each. */
		c -= 0x10000;
		if (o + 4 <= cap) {
			out[o] = (uint8_t)(0xd8 | c >> 18);
			out[o + 1] = (uint8_t)(c >> 10 & 0xff);
			out[o + 2] = (uint8_t)(0xdc | (c >> 8 & 0x03));
			out[o + 3] = (uint8_t)(c & 0xff);
		}
		o += 4;
	}
	return (long)o;
}

/*
 * A user data header (9.2.3.24) of one concatenation element into w: IEI
 * 00 with an 8-bit reference (9.2.3.24.1) when ref fits one, else IEI 08
 * (9.2.3.24.8). Returns PDU_ERR_UDH for a sequence number outside
 * 1..total, which the receiver would ignore.
 */
static int
put_concat(struct wr *w, const struct pdu_concat *c, char *err,
    size_t errlen)
{
	if (c->total == 0 || c->seq == 0 || c->seq > c->total) {
		return set_err(err, errlen, PDU_ERR_UDH,
		    "tp-udh: part %u of %u", c->seq, c->total);
	}
	if (c->ref <= UINT8_MAX) {
		/* UDHL, IEI, IEDL, reference. */
		wr_u8(w, 2 + IEI_CONCAT8_LEN);
		wr_u8(w, IEI_CONCAT8);
		wr_u8(w, IEI_CONCAT8_LEN);
		wr_u8(w, (uint8_t)c->ref);
	} else {
		wr_u8(w, 2 + IEI_CONCAT16_LEN);
		wr_u8(w, IEI_CONCAT16);
		wr_u8(w, IEI_CONCAT16_LEN);
		wr_u8(w, (uint8_t)(c->ref >> 8));
		wr_u8(w, (uint8_t)(c->ref & 0xff));
	}
	/* Maximum number of short messages, then this one's number. */
	wr_u8(w, c->total);
	wr_u8(w, c->seq);
	return PDU_OK;
}

/*
 * The user data of one part in coding: the concatenation header unless
 * concat is NULL, then the text, which must fit what room is left.
 */
static int
encode_ud(enum pdu_coding coding, const struct pdu_concat *concat,
    const char *text, size_t len, struct ud_out *u, char *err, size_t errlen)
{
	uint8_t septets[UD_SEPTETS_MAX];
	size_t hoctets, hseptets;
	struct wr w;
	long n;
	int no, rc;

	wr_init(&w, u->data, sizeof(u->data));
	u->udhi = concat != NULL;
	if (u->udhi && (rc = put_concat(&w, concat, err, errlen)) != PDU_OK) {
		return rc;
	}
	hoctets = w.len;
	switch (coding) {
	case PDU_CODING_GSM7:
		/*
		 * The header takes whole septets, padded with fill bits
		 * (9.2.3.24): 6 octets and one fill bit take 7 septets.
		 */
		hseptets = (hoctets * 8 + 6) / 7;
		n = gsm7_encode(text, len, septets, sizeof(septets));
		if (n == -1) {
			return set_err(err, errlen, PDU_ERR_TEXT,
			    "text: not in the gsm 7-bit alphabet");
		}
		if ((size_t)n > UD_SEPTETS_MAX - hseptets ||
		    (no = gsm7_pack(septets, (size_t)n,
		    (unsigned)(hseptets * 7 - hoctets * 8), u->data + hoctets,
		    sizeof(u->data) - hoctets)) == -1) {
			return set_err(err, errlen, PDU_ERR_TEXT,
			    "text: %ld septets, room for %zu in one part", n,
			    UD_SEPTETS_MAX - hseptets);
		}
		u->dcs = DCS_GSM7;
		u->udl = (uint8_t)(hseptets + (size_t)n);
		u->len = hoctets + (size_t)no;
		return PDU_OK;
	case PDU_CODING_UCS2:
		n = encode_ucs2(text, len, u->data + hoctets,
		    sizeof(u->data) - hoctets);
		if (n == -1) {
			return set_err(err, errlen, PDU_ERR_TEXT,
			    "text: invalid utf-8");
		}
		if ((size_t)n > PDU_UD_MAX - hoctets) {
			return set_err(err, errlen, PDU_ERR_TEXT,
			    "text: %ld utf-16 units, room for %zu in one part",
			    n / 2, (PDU_UD_MAX - hoctets) / 2);
		}
		u->dcs = DCS_UCS2;
		u->udl = (uint8_t)(hoctets + (size_t)n);
		u->len = u->udl;
		return PDU_OK;
	default:
		return set_err(err, errlen, PDU_ERR_DCS,
		    "tp-dcs: 8-bit text cannot be encoded");
	}
}

/* TP-SCTS for Unix time t in zone tz_minutes, as read_scts reads it. */
static int
put_scts(struct wr *w, int64_t t, int tz_minutes, char *err, size_t errlen)
{
	int64_t local, days, secs, y;
	int v[SCTS_OCTETS - 1], m, d, q;
	size_t i;

	if (tz_minutes % 15 != 0 || tz_minutes < -TZ_QUARTERS_MAX * 15 ||
	    tz_minutes > TZ_QUARTERS_MAX * 15) {
		return set_err(err, errlen, PDU_ERR_SCTS,
		    "tp-scts: time zone %d minutes cannot be coded",
		    tz_minutes);
	}
	/* The bound keeps the arithmetic below far from overflow. */
	if (t < -SCTS_T_BOUND || t > SCTS_T_BOUND) {
		return set_err(err, errlen, PDU_ERR_SCTS,
		    "tp-scts: time %lld cannot be coded", (long long)t);
	}
	local = t + (int64_t)tz_minutes * 60;
	days = local / 86400 - (local % 86400 < 0);
	secs = local - days * 86400;
	civil_from_days(days, &y, &m, &d);
	if (y < 1969 || y > 2068) {
		return set_err(err, errlen, PDU_ERR_SCTS,
		    "tp-scts: year %lld cannot be coded", (long long)y);
	}
	v[0] = (int)(y % 100);
	v[1] = m;
	v[2] = d;
	v[3] = (int)(secs / 3600);
	v[4] = (int)(secs / 60 % 60);
	v[5] = (int)(secs % 60);
	for (i = 0; i < SCTS_OCTETS - 1; i++) {
		wr_u8(w, (uint8_t)(v[i] % 10 << 4 | v[i] / 10));
	}
	q = (tz_minutes < 0 ? -tz_minutes : tz_minutes) / 15;
	wr_u8(w, (uint8_t)(q % 10 << 4 | q / 10 | (tz_minutes < 0 ? 0x08 : 0)));
	return PDU_OK;
}

/* Report the written length, or that it did not fit. */
static int
wr_finish(const struct wr *w, char *err, size_t errlen)
{
	if (w->len > w->cap) {
		return set_err(err, errlen, PDU_ERR_SHORT,
		    "pdu: %zu bytes, room for %zu", w->len, w->cap);
	}
	return (int)w->len;
}

int
pdu_encode_submit(const char *to, const char *text, size_t len,
    const struct pdu_submit_opts *o, uint8_t *out, size_t cap,
    size_t *tpdu_len, char *err, size_t errlen)
{
	struct ud_out u;
	const char *digits;
	struct wr w;
	bool intl;
	size_t n;
	int rc;

	assert(o->validity >= -1 && o->validity <= UINT8_MAX);
	*tpdu_len = 0;
	set_err(err, errlen, PDU_OK, "%s", "");
	if (parse_number(to, &digits, &n, &intl) == -1) {
		return set_err(err, errlen, PDU_ERR_ADDR,
		    "tp-da: '%.24s' is not a phone number", to);
	}
	if ((rc = encode_ud(o->coding, o->concat.total > 0 ? &o->concat :
	    NULL, text, len, &u, err, errlen)) != PDU_OK) {
		return rc;
	}
	wr_init(&w, out, cap);
	/* SMSC address of length 0: the modem uses the SIM's, 27.005 3.1. */
	wr_u8(&w, 0);
	/*
	 * First octet, 9.2.2.2: TP-MTI SMS-SUBMIT; TP-RD and TP-RP clear;
	 * TP-VPF relative (9.2.3.3) or absent for the SMSC's default; TP-SRR
	 * (9.2.3.5); TP-UDHI (9.2.3.23).
	 */
	wr_u8(&w, (uint8_t)(TP_MTI_SUBMIT |
	    (o->validity >= 0 ? TP_VPF_RELATIVE : TP_VPF_NONE) |
	    (o->status_report ? TP_SRR : 0) | (u.udhi ? TP_UDHI : 0)));
	/* TP-MR (1 octet), 9.2.3.6: modems put their own. */
	wr_u8(&w, o->mr);
	/* TP-DA, 9.2.3.8: without '+' the network reads the digits. */
	put_addr(&w, intl ? TOA_INTERNATIONAL : TOA_UNKNOWN, digits, n);
	/* TP-PID 0, plain short message, 9.2.3.9. */
	wr_u8(&w, 0);
	/* TP-DCS, 9.2.3.10. */
	wr_u8(&w, u.dcs);
	/* TP-VP (1 octet) in the relative format, 9.2.3.12.1. */
	if (o->validity >= 0) {
		wr_u8(&w, (uint8_t)o->validity);
	}
	/* TP-UDL and TP-UD, 9.2.3.16 and 9.2.3.24. */
	wr_u8(&w, u.udl);
	wr_bytes(&w, u.data, u.len);
	if ((rc = wr_finish(&w, err, errlen)) >= 0) {
		*tpdu_len = w.len - 1;
	}
	return rc;
}

int
pdu_encode_deliver(const char *smsc, const char *sender,
    enum pdu_coding coding, const struct pdu_concat *concat,
    const char *text, size_t len, int64_t t, int tz_minutes,
    uint8_t *out, size_t cap, char *err, size_t errlen)
{
	struct ud_out u;
	struct wr w;
	int rc;

	set_err(err, errlen, PDU_OK, "%s", "");
	if ((rc = encode_ud(coding, concat, text, len, &u, err,
	    errlen)) != PDU_OK) {
		return rc;
	}
	wr_init(&w, out, cap);
	if ((rc = put_smsc(&w, smsc, err, errlen)) != PDU_OK) {
		return rc;
	}
	/*
	 * First octet, 9.2.2.1: SMS-DELIVER, TP-MMS no more messages,
	 * TP-UDHI when there is a header.
	 */
	wr_u8(&w, (uint8_t)(TP_MTI_DELIVER | TP_MMS | (u.udhi ? TP_UDHI : 0)));
	if ((rc = put_sender(&w, sender, err, errlen)) != PDU_OK) {
		return rc;
	}
	/* TP-PID 0, TP-DCS. */
	wr_u8(&w, 0);
	wr_u8(&w, u.dcs);
	if ((rc = put_scts(&w, t, tz_minutes, err, errlen)) != PDU_OK) {
		return rc;
	}
	wr_u8(&w, u.udl);
	wr_bytes(&w, u.data, u.len);
	return wr_finish(&w, err, errlen);
}

int
pdu_encode_status_report(const char *smsc, uint8_t mr, const char *recipient,
    int64_t scts, int64_t discharge, int tz_minutes, uint8_t status,
    uint8_t *out, size_t cap, char *err, size_t errlen)
{
	const char *digits;
	struct wr w;
	bool intl;
	size_t n;
	int rc;

	set_err(err, errlen, PDU_OK, "%s", "");
	if (parse_number(recipient, &digits, &n, &intl) == -1) {
		return set_err(err, errlen, PDU_ERR_ADDR,
		    "tp-ra: '%.24s' is not a phone number", recipient);
	}
	wr_init(&w, out, cap);
	if ((rc = put_smsc(&w, smsc, err, errlen)) != PDU_OK) {
		return rc;
	}
	/*
	 * First octet, 9.2.2.3: SMS-STATUS-REPORT, TP-MMS no more messages,
	 * TP-SRQ 0: the report of an SMS-SUBMIT, not of a command.
	 */
	wr_u8(&w, TP_MTI_STATUS_REPORT | TP_MMS);
	/* TP-MR (1 octet), 9.2.3.6: that of the SMS-SUBMIT. */
	wr_u8(&w, mr);
	/* TP-RA (2-12 octets), 9.2.3.14: its TP-DA. */
	put_addr(&w, intl ? TOA_INTERNATIONAL : digits[0] == '0' ?
	    TOA_NATIONAL : TOA_UNKNOWN, digits, n);
	/* TP-SCTS and TP-DT (7 octets each), 9.2.3.11 and 9.2.3.13. */
	if ((rc = put_scts(&w, scts, tz_minutes, err, errlen)) != PDU_OK ||
	    (rc = put_scts(&w, discharge, tz_minutes, err, errlen)) !=
	    PDU_OK) {
		return rc;
	}
	/* TP-ST (1 octet), 9.2.3.15; no TP-PI, so nothing after it. */
	wr_u8(&w, status);
	return wr_finish(&w, err, errlen);
}

/* Splitting. */

int
pdu_choose_coding(const char *text, size_t len, enum pdu_coding *coding)
{
	*coding = PDU_CODING_GSM7;
	if (gsm7_encode(text, len, NULL, 0) >= 0) {
		return PDU_OK;
	}
	if (encode_ucs2(text, len, NULL, 0) == -1) {
		return PDU_ERR_TEXT;
	}
	*coding = PDU_CODING_UCS2;
	return PDU_OK;
}

/*
 * The character at text (avail >= 1 bytes): its byte length to *nbytes,
 * and as return value the room it takes in coding, septets (an extension
 * character takes two) or UTF-16 units (two above U+FFFF); -1 when it is
 * not valid UTF-8 or GSM 7-bit lacks it.
 */
static int
char_units(enum pdu_coding coding, const char *text, size_t avail,
    size_t *nbytes)
{
	int32_t c;

	*nbytes = utf8_decode((const unsigned char *)text, avail, &c);
	if (c == -1) {
		return -1;
	}
	if (coding == PDU_CODING_UCS2) {
		return c > 0xffff ? 2 : 1;
	}
	return (int)gsm7_encode(text, *nbytes, NULL, 0);
}

/*
 * pdu_split with part_room units per part of a concatenated message. A
 * part ends before the character that would overflow it, so an escape
 * sequence or a surrogate pair stays whole.
 */
static int
split(const char *text, size_t len, enum pdu_coding coding,
    size_t part_room, struct pdu_span *spans, size_t max, char *err,
    size_t errlen)
{
	size_t pos, n, total = 0, used = 0, nparts = 1, start = 0, single;
	int units;

	set_err(err, errlen, PDU_OK, "%s", "");
	if (coding == PDU_CODING_GSM7) {
		single = PDU_GSM7_SINGLE;
	} else if (coding == PDU_CODING_UCS2) {
		single = PDU_UCS2_SINGLE;
	} else {
		return set_err(err, errlen, PDU_ERR_DCS,
		    "tp-dcs: 8-bit text cannot be split");
	}
	if (max > PDU_PARTS_MAX) {
		max = PDU_PARTS_MAX;
	}
	for (pos = 0; pos < len; pos += n) {
		if ((units = char_units(coding, text + pos, len - pos,
		    &n)) == -1) {
			return set_err(err, errlen, PDU_ERR_TEXT,
			    "text: byte %zu starts no %s character", pos,
			    coding == PDU_CODING_GSM7 ? "gsm 7-bit" :
			    "utf-8");
		}
		total += (size_t)units;
	}
	/* Past one part's room, every part leaves room for the header. */
	for (pos = 0; total > single && pos < len; pos += n) {
		units = char_units(coding, text + pos, len - pos, &n);
		if (used + (size_t)units > part_room) {
			if (nparts <= max) {
				spans[nparts - 1].off = start;
				spans[nparts - 1].len = pos - start;
			}
			nparts++;
			start = pos;
			used = 0;
		}
		used += (size_t)units;
	}
	if (nparts > max) {
		return set_err(err, errlen, PDU_ERR_PARTS,
		    "text needs %zu parts, at most %zu", nparts, max);
	}
	spans[nparts - 1].off = start;
	spans[nparts - 1].len = len - start;
	return (int)nparts;
}

int
pdu_split(const char *text, size_t len, enum pdu_coding coding,
    struct pdu_span *spans, size_t max, char *err, size_t errlen)
{
	return split(text, len, coding, coding == PDU_CODING_GSM7 ?
	    PDU_GSM7_PART : PDU_UCS2_PART, spans, max, err, errlen);
}

int
pdu_split16(const char *text, size_t len, enum pdu_coding coding,
    struct pdu_span *spans, size_t max, char *err, size_t errlen)
{
	return split(text, len, coding, coding == PDU_CODING_GSM7 ?
	    PDU_GSM7_PART16 : PDU_UCS2_PART16, spans, max, err, errlen);
}

int
pdu_validity_relative(int64_t minutes)
{
	/* TP-VP relative (9.2.3.12.1): 5-minute steps up to 12 hours, ... */
	if (minutes <= 12 * 60) {
		return minutes <= 5 ? 0 : (int)((minutes + 4) / 5 - 1);
	}
	/* ... half hours up to 24 hours, ... */
	if (minutes <= 24 * 60) {
		return (int)(143 + (minutes - 12 * 60 + 29) / 30);
	}
	/* ... days from 2 up to 30, ... */
	if (minutes <= 30 * 24 * 60) {
		return (int)(166 + (minutes + 24 * 60 - 1) / (24 * 60));
	}
	/* ... and weeks from 5 up to 63. */
	if (minutes <= 63 * 7 * 24 * 60) {
		return (int)(192 + (minutes + 7 * 24 * 60 - 1) /
		    (7 * 24 * 60));
	}
	return UINT8_MAX;
}
