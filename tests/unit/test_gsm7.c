/*
 * Unit tests for gsm7: both tables character by character against TS 23.038
 * written out as Unicode code points (not as the module's UTF-8 strings),
 * escapes, invalid UTF-8, and septet packing with every fill.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "gsm7.h"

/* TS 23.038 6.2.1, code by code; 0x1b is the escape and has none. */
static const uint32_t default_cps[128] = {
	0x0040, 0x00a3, 0x0024, 0x00a5, 0x00e8, 0x00e9, 0x00f9, 0x00ec,
	0x00f2, 0x00c7, 0x000a, 0x00d8, 0x00f8, 0x000d, 0x00c5, 0x00e5,
	0x0394, 0x005f, 0x03a6, 0x0393, 0x039b, 0x03a9, 0x03a0, 0x03a8,
	0x03a3, 0x0398, 0x039e, 0,      0x00c6, 0x00e6, 0x00df, 0x00c9,
	0x0020, 0x0021, 0x0022, 0x0023, 0x00a4, 0x0025, 0x0026, 0x0027,
	0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f,
	0x00a1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
	0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f,
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
	0x0058, 0x0059, 0x005a, 0x00c4, 0x00d6, 0x00d1, 0x00dc, 0x00a7,
	0x00bf, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
	0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f,
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
	0x0078, 0x0079, 0x007a, 0x00e4, 0x00f6, 0x00f1, 0x00fc, 0x00e0,
};

/* TS 23.038 6.2.1.1, the extension table. */
static const struct {
	uint8_t		code;
	uint32_t	cp;
} ext_cps[] = {
	{ 0x0a, 0x000c }, { 0x14, 0x005e }, { 0x28, 0x007b },
	{ 0x29, 0x007d }, { 0x2f, 0x005c }, { 0x3c, 0x005b },
	{ 0x3d, 0x007e }, { 0x3e, 0x005d }, { 0x40, 0x007c },
	{ 0x65, 0x20ac },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* UTF-8 of a code point below U+10000 into s (4 bytes); returns the length. */
static size_t
utf8_of(uint32_t cp, char *s)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	s[0] = (char)(0xe0 | cp >> 12);
	s[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	s[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/* Decode n septets and compare with want (wantlen bytes). */
static void
check_decode(const char *name, const uint8_t *septets, size_t n,
    const char *want, size_t wantlen)
{
	struct buf b;

	buf_init(&b);
	gsm7_decode(septets, n, &b);
	if (b.len != wantlen || memcmp(b.data, want, wantlen) != 0) {
		fail_msg("%s: decodes to '%s' (%zu bytes), want '%.*s'", name,
		    b.data, b.len, (int)wantlen, want);
	}
	buf_release(&b);
}

/* Encode and compare with the septets want (n of them). */
static void
check_encode(const char *name, const char *utf8, size_t len,
    const uint8_t *want, size_t n)
{
	uint8_t out[32];
	long got;

	got = gsm7_encode(utf8, len, out, sizeof(out));
	if (got != (long)n || memcmp(out, want, n) != 0) {
		fail_msg("%s: encodes to %ld septets (first 0x%02x), want %zu "
		    "(first 0x%02x)", name, got, got > 0 ? out[0] : 0, n,
		    want[0]);
	}
}

static void
test_default_table(void **state)
{
	char name[32], s[4];
	uint8_t code;
	size_t len;
	unsigned i;

	(void)state;
	for (i = 0; i < 128; i++) {
		if (i == GSM7_ESC) {
			continue;
		}
		snprintf(name, sizeof(name), "default 0x%02x", i);
		code = (uint8_t)i;
		len = utf8_of(default_cps[i], s);
		check_decode(name, &code, 1, s, len);
		check_encode(name, s, len, &code, 1);
	}
}

static void
test_ext_table(void **state)
{
	char name[32], s[4];
	uint8_t seq[2];
	size_t i, len;

	(void)state;
	for (i = 0; i < NELEM(ext_cps); i++) {
		snprintf(name, sizeof(name), "extension 0x%02x",
		    ext_cps[i].code);
		seq[0] = GSM7_ESC;
		seq[1] = ext_cps[i].code;
		len = utf8_of(ext_cps[i].cp, s);
		check_decode(name, seq, 2, s, len);
		check_encode(name, s, len, seq, 2);
	}
}

/* Characters that are easy to get wrong, as the module must see them. */
static void
test_encode_named(void **state)
{
	static const struct {
		const char	*name;
		const char	*utf8;
		uint8_t		 septets[8];
		size_t		 n;
	} cases[] = {
		{ "commercial at", "@", { 0x00 }, 1 },
		{ "dollar", "$", { 0x02 }, 1 },
		{ "underscore", "_", { 0x11 }, 1 },
		{ "n tilde", "ñ", { 0x7d }, 1 },
		{ "capital c cedilla", "Ç", { 0x09 }, 1 },
		{ "currency sign", "¤", { 0x24 }, 1 },
		{ "inverted exclamation", "¡", { 0x40 }, 1 },
		{ "section sign", "§", { 0x5f }, 1 },
		{ "greek delta", "Δ", { 0x10 }, 1 },
		{ "euro", "€", { 0x1b, 0x65 }, 2 },
		{ "backslash", "\\", { 0x1b, 0x2f }, 2 },
		{ "mixed", "a[€]", { 0x61, 0x1b, 0x3c, 0x1b, 0x65, 0x1b, 0x3e },
		    7 },
		{ "line ends", "\r\n", { 0x0d, 0x0a }, 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		check_encode(cases[i].name, cases[i].utf8,
		    strlen(cases[i].utf8), cases[i].septets, cases[i].n);
	}
}

static void
test_decode_escapes(void **state)
{
	static const struct {
		const char	*name;
		uint8_t		 septets[4];
		size_t		 n;
		const char	*want;
	} cases[] = {
		/* TS 23.038 6.2.1 note 1: a lone escape shows as a space. */
		{ "escape at end", { 0x41, 0x1b }, 2, "A " },
		{ "escape alone", { 0x1b }, 1, " " },
		/* 6.2.1.1: 0x1b 0x1b is reserved and shows as a space. */
		{ "escape escape", { 0x1b, 0x1b, 0x41 }, 3, " A" },
		/* 6.2.1.1: a code the extension table lacks reads as is. */
		{ "escape unknown", { 0x1b, 0x41, 0x42 }, 3, "AB" },
		{ "escape at sign", { 0x1b, 0x00 }, 2, "@" },
		{ "high bit ignored", { 0xc1 }, 1, "A" },
		{ "empty", { 0 }, 0, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		check_decode(cases[i].name, cases[i].septets, cases[i].n,
		    cases[i].want, strlen(cases[i].want));
	}
}

static void
test_encode_rejects(void **state)
{
	static const struct {
		const char	*name;
		const char	*bytes;
		size_t		 len;
	} cases[] = {
		{ "vietnamese o", "Trộm", 6 },
		{ "small c cedilla", "ç", 2 },
		{ "grave accent", "`", 1 },
		{ "emoji", "\xf0\x9f\x98\x80", 4 },
		{ "nul", "a\0b", 3 },
		{ "truncated two-byte", "a\xc3", 2 },
		{ "overlong at sign", "\xc1\x80", 2 },
		{ "overlong nul", "\xc0\x80", 2 },
		{ "surrogate", "\xed\xa0\x80", 3 },
		{ "continuation only", "\xa3", 1 },
		{ "byte ff", "\xff", 1 },
		{ "pound without lead", "\xa3@", 2 },
	};
	uint8_t out[8];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		if (gsm7_encode(cases[i].bytes, cases[i].len, out,
		    sizeof(out)) != -1) {
			fail_msg("%s: encodes, want -1", cases[i].name);
		}
	}
}

static void
test_encode_cap(void **state)
{
	uint8_t out[4] = { 0xee, 0xee, 0xee, 0xee };

	(void)state;
	/* Counting only. */
	assert_int_equal(gsm7_encode("a€b", strlen("a€b"), NULL, 0), 4);
	assert_int_equal(gsm7_encode("", 0, NULL, 0), 0);
	/* The euro would straddle the cap: only the whole "a" is written. */
	assert_int_equal(gsm7_encode("a€", strlen("a€"), out, 2), 3);
	assert_int_equal(out[0], 0x61);
	assert_int_equal(out[1], 0xee);
}

static void
test_pack_known(void **state)
{
	/*
	 * "hellohello" packs to E8329BFD4697D9EC37, the user data of the
	 * classic SMS-DELIVER in the GSM 03.40 tutorials (see test_pdu.c).
	 */
	static const uint8_t packed[] = {
		0xe8, 0x32, 0x9b, 0xfd, 0x46, 0x97, 0xd9, 0xec, 0x37,
	};
	uint8_t septets[10], out[16], back[10];
	long n;

	(void)state;
	n = gsm7_encode("hellohello", 10, septets, sizeof(septets));
	assert_int_equal(n, 10);
	assert_int_equal(gsm7_pack(septets, 10, 0, out, sizeof(out)), 9);
	assert_memory_equal(out, packed, sizeof(packed));
	assert_int_equal(gsm7_unpack(packed, sizeof(packed), 0, 10, back), 0);
	assert_memory_equal(back, septets, 10);
	/* Eight septets fill seven octets exactly. */
	assert_int_equal(gsm7_pack(septets, 8, 0, out, 7), 7);
	assert_int_equal(gsm7_pack(septets, 8, 0, out, 6), -1);
}

/*
 * One fill bit, as after the 6-octet header of a concatenated SMS: "Cong
 * an " (43 6F 6E 67 20 61 6E 20) packs to 86 6F F7 19 14 76 83 00, worked
 * out septet by septet in test_pdu.c (MULTI7_1); the 57th bit is the last
 * of the final space, so an eighth octet holds it.
 */
static void
test_pack_after_header(void **state)
{
	static const uint8_t packed[] = {
		0x86, 0x6f, 0xf7, 0x19, 0x14, 0x76, 0x83, 0x00,
	};
	uint8_t septets[8], out[8], back[8];

	(void)state;
	assert_int_equal(gsm7_encode("Cong an ", 8, septets, sizeof(septets)),
	    8);
	assert_int_equal(gsm7_pack(septets, 8, 1, out, sizeof(out)), 8);
	assert_memory_equal(out, packed, sizeof(packed));
	assert_int_equal(gsm7_pack(septets, 8, 1, out, 7), -1);
	assert_int_equal(gsm7_unpack(packed, sizeof(packed), 1, 8, back), 0);
	assert_memory_equal(back, septets, sizeof(septets));
	assert_int_equal(gsm7_unpack(packed, 7, 1, 8, back), -1);
}

static void
test_pack_fill(void **state)
{
	uint8_t septets[160], out[141], back[160];
	char name[48];
	unsigned fill;
	size_t n, i, want;
	int got;

	(void)state;
	for (i = 0; i < sizeof(septets); i++) {
		septets[i] = (uint8_t)((i * 37 + 11) & 0x7f);
	}
	for (fill = 0; fill <= 6; fill++) {
		for (n = 0; n <= 153; n++) {
			snprintf(name, sizeof(name), "fill %u, %zu septets",
			    fill, n);
			want = (fill + 7 * n + 7) / 8;
			got = gsm7_pack(septets, n, fill, out, sizeof(out));
			if (got != (int)want) {
				fail_msg("%s: packs to %d octets, want %zu",
				    name, got, want);
			}
			if (n > 0 && (out[0] & ((1u << fill) - 1)) != 0) {
				fail_msg("%s: fill bits are not zero", name);
			}
			if (gsm7_unpack(out, want, fill, n, back) != 0 ||
			    memcmp(back, septets, n) != 0) {
				fail_msg("%s: does not unpack", name);
			}
			if (n > 0 &&
			    gsm7_unpack(out, want - 1, fill, n, back) != -1) {
				fail_msg("%s: unpacks from %zu octets", name,
				    want - 1);
			}
			if (want > 0 &&
			    gsm7_pack(septets, n, fill, out, want - 1) != -1) {
				fail_msg("%s: packs into %zu octets", name,
				    want - 1);
			}
		}
	}
	/* Fill bits only follow a header: 7 or more is not a fill. */
	assert_int_equal(gsm7_pack(septets, 1, 7, out, sizeof(out)), -1);
	assert_int_equal(gsm7_unpack(out, sizeof(out), 7, 1, back), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_table),
		cmocka_unit_test(test_ext_table),
		cmocka_unit_test(test_encode_named),
		cmocka_unit_test(test_decode_escapes),
		cmocka_unit_test(test_encode_rejects),
		cmocka_unit_test(test_encode_cap),
		cmocka_unit_test(test_pack_known),
		cmocka_unit_test(test_pack_after_header),
		cmocka_unit_test(test_pack_fill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
