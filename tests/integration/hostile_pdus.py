#!/usr/bin/env python3
# Hostile SMS for 500-hostile-content.sh, as SMS-DELIVER PDUs built here,
# independently of gopy's encoder, with what gopyd must store for each.
# Prints one JSON object a line: name, sender (as stored, or null for an
# undecodable PDU), text (as stored), pdus (its parts, hex), answered
# (whether an acknowledgement is due); then {"order": [...]}, every PDU in
# the order to deliver them, the parts of long messages shuffled with SEED.
#
# usage: hostile_pdus.py SEED
import json
import random
import sys

SMSC = "07914889002003F0"	# +84980200030, the simulator's
SCTS = "52119201000082"		# 2025-11-29 10:00:00 +07:00
FFFD = "\ufffd"

# GSM 03.38 default alphabet, the characters these messages use.
GSM7 = {c: i for i, c in enumerate(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")}
assert len(GSM7) == 128 and GSM7["\x1b"] == 0x1b and GSM7["¤"] == 0x24
GSM7_EXT = {"\f": 0x0a, "^": 0x14, "{": 0x28, "}": 0x29, "\\": 0x2f,
            "[": 0x3c, "~": 0x3d, "]": 0x3e, "|": 0x40, "€": 0x65}


def septets_of(text):
    """The septets of each character of text, a list per character."""
    out = []
    for c in text:
        out.append([0x1b, GSM7_EXT[c]] if c in GSM7_EXT else [GSM7[c]])
    return out


def pack(udh, septets):
    """UDH octets, fill bits to a septet boundary, then packed septets."""
    acc = nbits = 0
    for b in udh:
        acc |= b << nbits
        nbits += 8
    nbits += (7 - nbits % 7) % 7
    for s in septets:
        acc |= s << nbits
        nbits += 7
    return acc.to_bytes((nbits + 7) // 8, "little")


def bcd(digits):
    digits += "F" * (len(digits) % 2)
    return "".join(digits[i + 1] + digits[i] for i in range(0, len(digits), 2))


def number_addr(digits):
    """TP-OA of an international number (digits may hold A-E nibbles)."""
    return "%02X91%s" % (len(digits), bcd(digits))


def alnum_addr(septets):
    value = pack(b"", septets)
    return "%02XD0%s" % ((len(septets) * 7 + 3) // 4, value.hex().upper())


def deliver(oa, dcs, ud, udl, udh=b""):
    """An SMS-DELIVER; ud holds udh, which only sets TP-UDHI here."""
    first = 0x44 if udh else 0x04	# SMS-DELIVER, no more messages, UDHI
    return "%s%02X%s00%02X%s%02X%s" % (SMSC, first, oa, dcs, SCTS, udl,
                                       ud.hex().upper())


def concat_udh(ref, total, seq):
    return bytes([5, 0, 3, ref, total, seq])


def ucs2(units):
    return b"".join(u.to_bytes(2, "big") for u in units)


def units_of(text):
    raw = text.encode("utf-16-be")
    return [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]


def ucs2_single(oa, units):
    ud = ucs2(units)
    return [deliver(oa, 0x08, ud, len(ud))]


def ucs2_parts(oa, parts, ref):
    out = []
    for i, p in enumerate(parts):
        udh = concat_udh(ref, len(parts), i + 1)
        out.append(deliver(oa, 0x08, udh + ucs2(p), 6 + 2 * len(p), udh))
    return out


def gsm7_parts(oa, text, ref):
    """text in parts of at most 153 septets, an escape pair never split."""
    parts, cur = [], []
    for s in septets_of(text):
        if len(cur) + len(s) > 153:
            parts.append(cur)
            cur = []
        cur += s
    parts.append(cur)
    return [deliver(oa, 0x00, pack(concat_udh(ref, len(parts), i + 1), p),
                    7 + len(p), concat_udh(ref, len(parts), i + 1))
            for i, p in enumerate(parts)]


cases = []
number = [0]


def case(name, text, pdus, sender=None, digits=None, answered=True):
    if sender is None and digits is None:
        number[0] += 1
        digits = "8491555%04d" % number[0]
    if digits is not None:
        sender = "+" + digits
        pdus = [p.replace("@OA@", number_addr(digits)) for p in pdus]
    cases.append({"name": name, "sender": sender, "text": text,
                  "pdus": pdus, "answered": answered})


def ucs2_case(name, text, stored=None):
    case(name, text if stored is None else stored,
         ucs2_single("@OA@", units_of(text)))


# C0 controls, each alone, CR without LF among them.
ucs2_case("c0", "C0: bel\x07 bs\x08 cr\rx esc\x1b del\x7f ff\x0c vt\x0b "
          "so\x0e si\x0f nul-ish\x01\x02 hết")
# C1: all 32, CSI (U+009B) that some terminals honour, NEL (U+0085).
ucs2_case("c1", "C1: " + "".join(chr(0x80 + i) for i in range(32)) +
          " csi\x9b" "31mĐỎ\x9b" "0m")
# ANSI: colour, cursor movement, clear screen, alternate screen.
ucs2_case("ansi", "\x1b[31mĐỎ\x1b[0m \x1b[2J\x1b[H\x1b[10;10Hx\x1b[?1049h"
          "\x1b[1A\x1b[K")
# OSC 52 writes the clipboard; OSC 0 and 2 set the title.
ucs2_case("osc52", "chép \x1b]52;c;cm0gLXJmIH4vKg==\x07 xong")
ucs2_case("title", "\x1b]0;pwned\x07 tiêu đề \x1b]2;x\x1b\\ hết")
# OSC 8: a hyperlink whose text hides where it goes.
ucs2_case("osc8", "\x1b]8;;http://evil.example/\x1b\\bấm đây\x1b]8;;\x1b\\ "
          "trộm")
# A formula for a spreadsheet, with an escape sequence after it.
ucs2_case("formula", '=HYPERLINK("http://evil.example/","bấm")\x1b[2J')
# Bidirectional controls: override, embeddings, isolates, marks.
ucs2_case("bidi", "trộm \u202eđò ộb\u202c \u202ax\u202c \u202by\u202c "
          "\u2066i\u2069 \u2067j\u2069 \u2068k\u2069 \u200fR\u200eL\u061c!")
# Zero-width characters and a BOM inside a word.
ucs2_case("zero-width", "tr\u200bộm\ufeff bò \u200d\u200c\u2060 hết")
# U+0000 inside UCS2 would end a C string: stored as U+FFFD.
ucs2_case("nul", "ab\x00cd\x00", "ab" + FFFD + "cd" + FFFD)
# Invalid surrogates, each stored as U+FFFD; a valid pair joined.
case("lone-high", "a" + FFFD + "b",
     ucs2_single("@OA@", [0x61, 0xd83d, 0x62]))
case("lone-low", "a" + FFFD + "b",
     ucs2_single("@OA@", [0x61, 0xde00, 0x62]))
case("reversed-pair", FFFD + FFFD + "c",
     ucs2_single("@OA@", [0xde00, 0xd83d, 0x63]))
case("high-at-end", "a" + FFFD, ucs2_single("@OA@", [0x61, 0xd83d]))
case("pair", "😀 ok", ucs2_single("@OA@", [0xd83d, 0xde00, 0x20, 0x6f,
                                           0x6b]))
case("odd-octet", "a" + FFFD,
     [deliver("@OA@", 0x08, b"\x00\x61\x00", 3)])
# A pair split between two parts: each part is decoded alone, so each
# half is a lone surrogate, stored as U+FFFD.
case("split-pair", "x" * 66 + FFFD + FFFD + "tail",
     ucs2_parts("@OA@", [[0x78] * 66 + [0xd83d],
                         [0xde00] + units_of("tail")], 201))
# GSM 7-bit: an escape to a code the extension table does not define
# shows the default table's character (TS 23.038 6.2.1.1 note); two
# escapes and a last lone one show as a space; CR alone, form feed.
esc_septets = ([0x41, 0x1b, 0x41, 0x42, 0x1b, 0x1b, 0x43, 0x1b, 0x0a, 0x44,
                0x1b, 0x65, 0x45, 0x0d, 0x46, 0x0a, 0x47, 0x1b, 0x07, 0x48,
                0x1b])
case("gsm7-escape", "AAB C\fD€E\rF\nGìH ",
     [deliver("@OA@", 0x00, pack(b"", esc_septets), len(esc_septets))])
# 8-bit data: binary octets, read as ISO 8859-1 (C1 and ESC included),
# U+0000 as U+FFFD.
binary = bytes([0x00, 0x07, 0x1b]) + b"[2J" + bytes([0x9b]) + b"31m" + \
    bytes([0x80, 0x85, 0xff, 0x7f, 0xe2, 0x80, 0xae]) + b"ABC"
case("8bit", FFFD + binary[1:].decode("latin-1"),
     [deliver("@OA@", 0x04, binary, len(binary))])
# Senders: a name with LF, CR and escapes; 20 digits; digits 0xA-0xE.
alnum = [0x42, 0x61, 0x6e, 0x6b, 0x0a, 0x0d, 0x1b, 0x41, 0x78, 0x1b, 0x1b]
case("alnum-sender", "tên người gửi \x1b[2J",
     [deliver(alnum_addr(alnum), 0x08, ucs2(units_of("tên người gửi \x1b[2J")),
              2 * len(units_of("tên người gửi \x1b[2J")))],
     sender="Bank\n\rAx ", answered=False)
case("20-digits", "hai mươi chữ số \x1b[2J",
     ucs2_single("@OA@", units_of("hai mươi chữ số \x1b[2J")),
     digits="84915559876543210987")
# An address of 40 digits is more than TS 23.040 allows: undecodable,
# stored raw with its error, never answered.
over = "%s04%02X91%s00%02X%s%02X%s" % (
    SMSC, 40, bcd("8491555" + "1" * 33), 0x08, SCTS, 4,
    ucs2([0x1b, 0x61]).hex().upper())
cases.append({"name": "over-long-sender", "sender": None, "text": "",
              "pdus": [over], "answered": False})

# 30-part messages, GSM 7-bit and UCS2, with hostile characters all along.
rng = random.Random(int(sys.argv[1]))
vi = ("Kính gửi công an xã \x1b[2J, đêm qua nhà tôi \u202eở xóm 3\u202c bị "
      "mất trộm \x9b31m hai con bò\x07 \x1b]52;c;eA==\x07 và xe máy. ")
units = units_of((vi * 40))[:30 * 67]
ucs2_long = [units[i:i + 67] for i in range(0, len(units), 67)]
assert len(ucs2_long) == 30
number[0] += 1
digits = "8491555%04d" % number[0]
case("ucs2-30", "".join(chr(u) for u in units),
     ucs2_parts("@OA@", ucs2_long, 202), digits=digits)
gsm = ("Nhom thanh nien dua xe {dem 5/11} @ cau Dong\r\f[~] lo de 50%"
       " \\ | ^ \u20ac\n")
text = ""
while sum(len(s) for s in septets_of(text + gsm)) <= 30 * 153 - 20:
    text += gsm
number[0] += 1
digits = "8491555%04d" % number[0]
case("gsm7-30", text, gsm7_parts("@OA@", text, 203), digits=digits)
assert len(cases[-1]["pdus"]) == 30, len(cases[-1]["pdus"])

# Single SMS first, in order; then the parts of the long messages,
# interleaved and out of order.
order = [p for c in cases if len(c["pdus"]) == 1 for p in c["pdus"]]
long_parts = [p for c in cases if len(c["pdus"]) > 1 for p in c["pdus"]]
rng.shuffle(long_parts)
for c in cases:
    print(json.dumps(c, ensure_ascii=True))
print(json.dumps({"order": order + long_parts}))
