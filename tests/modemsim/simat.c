/*
 * The modem side of the simulator: the AT subset gopyd uses (V.250 basics,
 * 27.007 identification and PIN, 27.005 SMS in PDU mode) over the SIM slots
 * of modemsim.c. Responses are verbose (V1), each line framed "\r\n...\r\n",
 * and an unsolicited result code never lands inside a response. No text
 * mode, no direct delivery (+CMT), no status reports.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "pdu.h"
#include "sim.h"

#define AT_LINE_MAX	512		/* bytes of one command line */
#define AT_LOG_MAX	(1024 * 1024)	/* bytes of logged lines kept */
#define PDU_HEX_MAX	(2 * PDU_MAX_BYTES)
#define PARAMS_MAX	5		/* AT+CNMI has the most */
#define CTRL_Z		0x1a		/* ends the PDU of AT+CMGS */
#define ESC		0x1b		/* cancels it */
#define BS		0x08		/* S5, V.250 6.2.3 */

#define MANUFACTURER	"gopy"
#define MODEL		"gopy modemsim"
#define OPERATOR	"Viettel"

/* +CME ERROR codes, 27.007 9.2.1. */
#define CME_NOT_ALLOWED		3
#define CME_WRONG_PASSWORD	16

/* +CMS ERROR codes, 27.005 3.2.5. */
#define CMS_NOT_SUPPORTED	303
#define CMS_INVALID_PDU		304
#define CMS_SIM_PIN_REQUIRED	311
#define CMS_INVALID_INDEX	321

/* Verbose texts of the error codes used, for AT+CMEE=2. */
static const struct {
	const char	*kind;
	int		 code;
	const char	*text;
} error_texts[] = {
	{ "CME", CME_NOT_ALLOWED, "operation not allowed" },
	{ "CME", CME_WRONG_PASSWORD, "incorrect password" },
	{ "CMS", CMS_NOT_SUPPORTED, "operation not supported" },
	{ "CMS", CMS_INVALID_PDU, "invalid PDU mode parameter" },
	{ "CMS", CMS_SIM_PIN_REQUIRED, "SIM PIN required" },
	{ "CMS", CMS_INVALID_INDEX, "invalid memory index" },
};

struct at_cmd {
	const char	*name;		/* after "AT", upper case */
	bool		 needs_sim;	/* +CMS ERROR: 311 while PIN-locked */
	void		(*run)(struct sim *, const char *args);
	const char	*text;		/* without run: the fixed answer */
};

/*
 * An information line. As on Quectel and SIMCom modems, only the first
 * line of a response has the leading "\r\n": a +CMGL header and its PDU
 * are on consecutive lines.
 */
static void
respond(struct sim *s, const char *line)
{
	if (!s->modem.responding) {
		sim_send(s->modem_conn, "\r\n", 2);
		s->modem.responding = true;
	}
	sim_sendf(s->modem_conn, "%s\r\n", line);
}

static void respondf(struct sim *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
respondf(struct sim *s, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	respond(s, b.data);
	buf_release(&b);
}

/* The final result code ends the response: held URCs may follow. */
static void
final(struct sim *s, const char *result)
{
	sim_sendf(s->modem_conn, "\r\n%s\r\n", result);
	s->modem.responding = false;
	sim_send(s->modem_conn, s->modem.urc.data, s->modem.urc.len);
	buf_reset(&s->modem.urc);
}

static void
final_ok(struct sim *s)
{
	final(s, "OK");
}

static void
final_error(struct sim *s)
{
	final(s, "ERROR");
}

/* +CME ERROR or +CMS ERROR (kind) as AT+CMEE asks: plain, numeric, verbose. */
static void
final_err(struct sim *s, const char *kind, int code)
{
	char line[80];
	size_t i;

	if (s->modem.cmee == 0) {
		final_error(s);
		return;
	}
	snprintf(line, sizeof(line), "+%s ERROR: %d", kind, code);
	for (i = 0; s->modem.cmee == 2 &&
	    i < sizeof(error_texts) / sizeof(error_texts[0]); i++) {
		if (strcmp(error_texts[i].kind, kind) == 0 &&
		    error_texts[i].code == code) {
			snprintf(line, sizeof(line), "+%s ERROR: %s", kind,
			    error_texts[i].text);
		}
	}
	final(s, line);
}

/*
 * Parse "=<n>[,<n>...]": up to max decimal fields, an empty one read as
 * -1. Returns the field count, or -1 when args is not of that form.
 */
static int
parse_params(const char *args, long *v, int max)
{
	int count = 0;
	long n;

	if (*args++ != '=') {
		return -1;
	}
	for (;;) {
		if (count == max) {
			return -1;
		}
		n = -1;
		while (isdigit((unsigned char)*args)) {
			n = (n == -1 ? 0 : n * 10) + (*args++ - '0');
			if (n > 99999) {
				return -1;
			}
		}
		v[count++] = n;
		if (*args == '\0') {
			return count;
		}
		if (*args++ != ',') {
			return -1;
		}
	}
}

/*
 * The next parameter of a list, quoted or bare, into out (cap bytes).
 * *pp moves past it and its comma. Returns 0, or -1 when there is none or
 * it does not fit.
 */
static int
next_string(const char **pp, char *out, size_t cap)
{
	const char *p = *pp, *end;
	size_t n;

	if (*p == '"') {
		p++;
		if ((end = strchr(p, '"')) == NULL) {
			return -1;
		}
		n = (size_t)(end - p);
		end++;
	} else {
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
	}
	if (n == 0 || n >= cap || (*end != ',' && *end != '\0')) {
		return -1;
	}
	memcpy(out, p, n);
	out[n] = '\0';
	*pp = *end == ',' ? end + 1 : end;
	return 0;
}

/* A single parameter "=<n>" within min..max, else -1. */
static long
one_param(const char *args, long min, long max)
{
	long v[1];

	if (parse_params(args, v, 1) != 1 || v[0] < min || v[0] > max) {
		return -1;
	}
	return v[0];
}

/* A command without parameters whose answer is always text. */
static void
at_fixed(struct sim *s, const char *args, const char *text)
{
	if (*args != '\0') {
		final_error(s);
		return;
	}
	respond(s, text);
	final_ok(s);
}

/* ATE[<n>], V.250 6.2.4. */
static void
at_echo(struct sim *s, const char *args)
{
	if (strcmp(args, "") == 0 || strcmp(args, "0") == 0) {
		s->modem.echo = false;
	} else if (strcmp(args, "1") == 0) {
		s->modem.echo = true;
	} else {
		final_error(s);
		return;
	}
	final_ok(s);
}

static void
set_defaults(struct sim_modem *m)
{
	m->echo = true;
	m->cmee = 0;
	memset(m->cnmi, 0, sizeof(m->cnmi));
}

/* ATZ[0], V.250 6.1.1: back to the defaults of power-on. */
static void
at_reset(struct sim *s, const char *args)
{
	if (strcmp(args, "") != 0 && strcmp(args, "0") != 0) {
		final_error(s);
		return;
	}
	set_defaults(&s->modem);
	final_ok(s);
}

/* AT+CMEE, 27.007 9.1. */
static void
at_cmee(struct sim *s, const char *args)
{
	long n;

	if (strcmp(args, "?") == 0) {
		respondf(s, "+CMEE: %d", s->modem.cmee);
	} else if (strcmp(args, "=?") == 0) {
		respond(s, "+CMEE: (0-2)");
	} else if ((n = one_param(args, 0, 2)) != -1) {
		s->modem.cmee = (int)n;
	} else {
		final_error(s);
		return;
	}
	final_ok(s);
}

/* AT+CPIN, 27.007 8.3. */
static void
at_cpin(struct sim *s, const char *args)
{
	char pin[32];

	if (strcmp(args, "?") == 0) {
		respond(s, s->modem.pin_locked ? "+CPIN: SIM PIN" :
		    "+CPIN: READY");
		final_ok(s);
		return;
	}
	if (*args++ != '=' || next_string(&args, pin, sizeof(pin)) == -1 ||
	    *args != '\0') {
		final_error(s);
		return;
	}
	if (!s->modem.pin_locked) {
		final_err(s, "CME", CME_NOT_ALLOWED);
	} else if (strcmp(pin, s->opt.pin) != 0) {
		final_err(s, "CME", CME_WRONG_PASSWORD);
	} else {
		s->modem.pin_locked = false;
		log_debug("SIM unlocked");
		final_ok(s);
	}
}

/* AT+CMGF, 27.005 3.2.3: PDU mode only. */
static void
at_cmgf(struct sim *s, const char *args)
{
	if (strcmp(args, "?") == 0) {
		respond(s, "+CMGF: 0");
	} else if (strcmp(args, "=?") == 0) {
		respond(s, "+CMGF: (0)");
	} else if (strcmp(args, "=1") == 0) {
		final_err(s, "CMS", CMS_NOT_SUPPORTED);
		return;
	} else if (strcmp(args, "=0") != 0) {
		final_error(s);
		return;
	}
	final_ok(s);
}

/* AT+CPMS, 27.005 3.2.2: "SM" is the only storage. */
static void
at_cpms(struct sim *s, const char *args)
{
	size_t used = sim_slots_used(s), total = s->opt.nslots;
	char mem[8];
	int n = 0;

	if (strcmp(args, "?") == 0) {
		respondf(s, "+CPMS: \"SM\",%zu,%zu,\"SM\",%zu,%zu,"
		    "\"SM\",%zu,%zu", used, total, used, total, used, total);
		final_ok(s);
		return;
	}
	if (*args++ != '=') {
		final_error(s);
		return;
	}
	while (*args != '\0') {
		if (n++ == 3 || next_string(&args, mem, sizeof(mem)) == -1) {
			final_error(s);
			return;
		}
		if (strcasecmp(mem, "SM") != 0) {
			final_err(s, "CMS", CMS_NOT_SUPPORTED);
			return;
		}
	}
	if (n == 0) {
		final_error(s);
		return;
	}
	respondf(s, "+CPMS: %zu,%zu,%zu,%zu,%zu,%zu", used, total, used,
	    total, used, total);
	final_ok(s);
}

/* AT+CNMI, 27.005 3.4.1: <mt> 0 (nothing) or 1 (+CMTI); no +CMT. */
static void
at_cnmi(struct sim *s, const char *args)
{
	static const long max[PARAMS_MAX] = { 3, 3, 3, 2, 1 };
	long v[PARAMS_MAX];
	int n, i;

	if (strcmp(args, "?") == 0) {
		respondf(s, "+CNMI: %d,%d,%d,%d,%d", s->modem.cnmi[0],
		    s->modem.cnmi[1], s->modem.cnmi[2], s->modem.cnmi[3],
		    s->modem.cnmi[4]);
		final_ok(s);
		return;
	}
	if ((n = parse_params(args, v, PARAMS_MAX)) == -1) {
		final_error(s);
		return;
	}
	for (i = 0; i < n; i++) {
		if (v[i] > max[i]) {
			final_error(s);
			return;
		}
	}
	if (n > 1 && v[1] > 1) {
		final_err(s, "CMS", CMS_NOT_SUPPORTED);
		return;
	}
	for (i = 0; i < PARAMS_MAX; i++) {
		s->modem.cnmi[i] = i < n && v[i] != -1 ? (int)v[i] : 0;
	}
	final_ok(s);
}

/* "+CMGL: "/"+CMGR: " header and the PDU line of slot index. */
static void
respond_slot(struct sim *s, const char *prefix, size_t index)
{
	struct sim_slot *sl = &s->slots[index - 1];

	respondf(s, "%s%d,,%zu", prefix, sl->read ? 1 : 0, sl->tpdu_len);
	if (s->modem.stray.len > 0) {
		respond(s, s->modem.stray.data);
		buf_reset(&s->modem.stray);
	}
	/* Some modems list the TPDU alone (27.005 3.1 leaves it open). */
	respond(s, s->opt.no_smsc ? sl->hex + strlen(sl->hex) - 2 *
	    sl->tpdu_len : sl->hex);
	sl->read = true;
}

/* AT+CMGL, 27.005 3.4.2: <stat> 0 unread, 1 read, 4 all; 2, 3 list none. */
static void
at_cmgl(struct sim *s, const char *args)
{
	char prefix[32];
	long stat = 0;
	size_t i;
	bool want;

	if (*args != '\0' && (stat = one_param(args, 0, 4)) == -1) {
		final_err(s, "CMS", CMS_INVALID_PDU);
		return;
	}
	for (i = 1; i <= s->opt.nslots; i++) {
		if (s->slots[i - 1].hex == NULL) {
			continue;
		}
		want = stat == 4 || (stat == 0 && !s->slots[i - 1].read) ||
		    (stat == 1 && s->slots[i - 1].read);
		if (want) {
			snprintf(prefix, sizeof(prefix), "+CMGL: %zu,", i);
			respond_slot(s, prefix, i);
		}
	}
	final_ok(s);
}

/* AT+CMGR, 27.005 3.4.3. */
static void
at_cmgr(struct sim *s, const char *args)
{
	long index;

	if ((index = one_param(args, 0, 99999)) == -1) {
		final_error(s);
		return;
	}
	if (index < 1 || (size_t)index > s->opt.nslots) {
		final_err(s, "CMS", CMS_INVALID_INDEX);
		return;
	}
	if (s->slots[index - 1].hex != NULL) {
		respond_slot(s, "+CMGR: ", (size_t)index);
	}
	final_ok(s);
}

/*
 * AT+CMGD, 27.005 3.5.4: <delflag> 0 the one slot; 1 every read one; 2 and
 * 3 the same (there is no sent storage); 4 all.
 */
static void
at_cmgd(struct sim *s, const char *args)
{
	long v[2], flag;
	size_t i;
	int n;

	if ((n = parse_params(args, v, 2)) == -1) {
		final_error(s);
		return;
	}
	flag = n == 2 && v[1] != -1 ? v[1] : 0;
	if (flag > 4) {
		final_error(s);
		return;
	}
	if (flag == 0) {
		if (v[0] < 1 || (size_t)v[0] > s->opt.nslots) {
			final_err(s, "CMS", CMS_INVALID_INDEX);
			return;
		}
		sim_slot_clear(s, (size_t)v[0]);
	}
	for (i = 1; flag != 0 && i <= s->opt.nslots; i++) {
		if (flag == 4 || s->slots[i - 1].read) {
			sim_slot_clear(s, i);
		}
	}
	final_ok(s);
}

/* AT+CMGS=<length>, 27.005 3.5.1: the prompt, then the PDU. */
static void
at_cmgs(struct sim *s, const char *args)
{
	long len;

	if ((len = one_param(args, 0, 99999)) == -1) {
		final_error(s);
		return;
	}
	if (len < 1 || len > PDU_TPDU_MAX) {
		final_err(s, "CMS", CMS_INVALID_PDU);
		return;
	}
	s->modem.in_pdu = true;
	s->modem.pdu_len = (size_t)len;
	s->modem.pdu_overflow = false;
	buf_reset(&s->modem.pdu);
	sim_send(s->modem_conn, "\r\n> ", 4);
}

/* AT+CREG?, 27.007 7.2: registered, home network, once the SIM is open. */
static void
at_creg(struct sim *s, const char *args)
{
	if (strcmp(args, "?") != 0) {
		final_error(s);
		return;
	}
	respond(s, s->modem.pin_locked ? "+CREG: 0,0" : "+CREG: 0,1");
	final_ok(s);
}

/* AT+COPS?, 27.007 7.3: automatic, long name, E-UTRAN. */
static void
at_cops(struct sim *s, const char *args)
{
	if (strcmp(args, "?") != 0) {
		final_error(s);
		return;
	}
	respond(s, s->modem.pin_locked ? "+COPS: 0" :
	    "+COPS: 0,0,\"" OPERATOR "\",2");
	final_ok(s);
}

static const struct at_cmd at_cmds[] = {
	{ "E", false, at_echo, NULL },
	{ "I", false, NULL, MODEL },		/* V.250 6.1.3 */
	{ "Z", false, at_reset, NULL },
	{ "+CGMI", false, NULL, MANUFACTURER },	/* 27.007 5.1 */
	{ "+CGMM", false, NULL, MODEL },	/* 27.007 5.2 */
	{ "+CMEE", false, at_cmee, NULL },
	{ "+CPIN", false, at_cpin, NULL },
	{ "+CMGF", false, at_cmgf, NULL },
	{ "+CPMS", true, at_cpms, NULL },
	{ "+CNMI", false, at_cnmi, NULL },
	{ "+CMGL", true, at_cmgl, NULL },
	{ "+CMGR", true, at_cmgr, NULL },
	{ "+CMGD", true, at_cmgd, NULL },
	{ "+CMGS", true, at_cmgs, NULL },
	{ "+CSQ", false, NULL, "+CSQ: 20,99" },	/* 27.007 8.5: fair */
	{ "+CREG", false, at_creg, NULL },
	{ "+COPS", false, at_cops, NULL },
};

/* Keep the line for the control command "log", dropping the oldest. */
static void
log_line(struct sim *s, const char *line, size_t len)
{
	const char *nl;

	sim_escape(&s->atlog, line, len, false);
	buf_addc(&s->atlog, '\n');
	s->natlog++;
	while (s->atlog.len > AT_LOG_MAX &&
	    (nl = memchr(s->atlog.data, '\n', s->atlog.len)) != NULL) {
		buf_consume(&s->atlog, (size_t)(nl - s->atlog.data) + 1);
		s->natlog--;
	}
}

static void
run_line(struct sim *s)
{
	struct buf *line = &s->modem.line;
	const struct at_cmd *c;
	const char *cmd;
	size_t i, n;
	char esc[4 * AT_LINE_MAX + 4];

	log_line(s, line->data, line->len);
	if (log_verbosity() >= LOG_VERB_TRAFFIC) {
		log_traffic("at: %s", log_escape(esc, sizeof(esc), line->data,
		    line->len));
	}
	while (line->len > 0 && line->data[line->len - 1] == ' ') {
		line->data[--line->len] = '\0';
	}
	if (strncasecmp(line->data, "AT", 2) != 0) {
		final_error(s);
		return;
	}
	cmd = line->data + 2;
	if (*cmd == '\0') {
		final_ok(s);
		return;
	}
	for (i = 0; i < sizeof(at_cmds) / sizeof(at_cmds[0]); i++) {
		c = &at_cmds[i];
		n = strlen(c->name);
		if (strncasecmp(cmd, c->name, n) != 0 ||
		    isalpha((unsigned char)cmd[n]) || cmd[n] == '+') {
			continue;
		}
		if (c->needs_sim && s->modem.pin_locked) {
			final_err(s, "CMS", CMS_SIM_PIN_REQUIRED);
		} else if (c->run != NULL) {
			c->run(s, cmd + n);
		} else {
			at_fixed(s, cmd + n, c->text);
		}
		return;
	}
	final_error(s);
}

/* Ctrl-Z after AT+CMGS: decode the PDU and check its length. */
static void
submit(struct sim *s)
{
	struct sim_modem *m = &s->modem;
	uint8_t p[PDU_MAX_BYTES];
	struct pdu_submit sub;
	char err[128];
	size_t n, tpdu_len;

	if (m->pdu_overflow) {
		snprintf(err, sizeof(err), "more than %d hex digits",
		    PDU_HEX_MAX);
		goto fail;
	}
	if (pdu_from_hex(m->pdu.data, m->pdu.len, p, sizeof(p), &n) !=
	    PDU_OK) {
		snprintf(err, sizeof(err), "not hex");
		goto fail;
	}
	if (pdu_decode_submit(p, n, &sub, err, sizeof(err)) != PDU_OK) {
		goto fail;
	}
	/* The decoder has read the SMSC address: its length octet is p[0]. */
	tpdu_len = n - 1 - p[0];
	if (tpdu_len != m->pdu_len) {
		snprintf(err, sizeof(err), "tpdu of %zu octets, AT+CMGS=%zu",
		    tpdu_len, m->pdu_len);
		goto fail;
	}
	sim_record_part(s, &sub);
	respondf(s, "+CMGS: %u", m->mr++);
	final_ok(s);
	return;

fail:
	log_debug("AT+CMGS: %s", err);
	final_err(s, "CMS", CMS_INVALID_PDU);
}

/* A byte between the "> " prompt and Ctrl-Z or ESC. */
static void
pdu_byte(struct sim *s, char c)
{
	struct sim_modem *m = &s->modem;

	if (c == CTRL_Z || c == ESC) {
		m->in_pdu = false;
		if (c == CTRL_Z) {
			submit(s);
		} else {
			final_ok(s);
		}
		buf_reset(&m->pdu);
		return;
	}
	if (m->echo) {
		sim_send(s->modem_conn, &c, 1);
	}
	if (c == '\r' || c == '\n') {
		return;
	}
	if (m->pdu.len >= PDU_HEX_MAX) {
		m->pdu_overflow = true;
		return;
	}
	buf_addc(&m->pdu, c);
}

/* CR or LF: run the line, or answer ERROR for one that was too long. */
static void
end_line(struct sim *s)
{
	struct sim_modem *m = &s->modem;

	if (m->dropping) {
		log_debug("at: line over %d bytes dropped", AT_LINE_MAX);
		m->dropping = false;
		final_error(s);
	} else if (m->line.len > 0) {
		run_line(s);
	}
	buf_reset(&m->line);
}

void
simat_feed(struct sim *s, const char *p, size_t len)
{
	struct sim_modem *m = &s->modem;
	size_t i;
	char c;

	for (i = 0; i < len; i++) {
		c = p[i];
		if (m->in_pdu) {
			pdu_byte(s, c);
			continue;
		}
		if (m->echo) {
			sim_send(s->modem_conn, &c, 1);
		}
		/*
		 * V.250 5.2.2: S5 (backspace) deletes a character; other
		 * control characters, such as an ESC sent to leave a prompt
		 * that is not there, are ignored.
		 */
		if (c == '\r' || c == '\n') {
			end_line(s);
		} else if (m->dropping ||
		    ((unsigned char)c < 0x20 && c != BS)) {
			continue;
		} else if (c == BS) {
			if (m->line.len > 0) {
				m->line.data[--m->line.len] = '\0';
			}
		} else if (m->line.len == AT_LINE_MAX) {
			m->dropping = true;
			buf_reset(&m->line);
		} else {
			buf_addc(&m->line, c);
		}
	}
}

void
simat_new_sms(struct sim *s, size_t index)
{
	struct buf *urc = &s->modem.urc;

	if (s->modem_conn == NULL || s->modem.cnmi[1] != 1) {
		return;
	}
	/* 27.005 3.4.1: +CMTI: <mem>,<index>. */
	buf_addf(urc, "\r\n+CMTI: \"SM\",%zu\r\n", index);
	if (!s->modem.in_pdu) {
		sim_send(s->modem_conn, urc->data, urc->len);
		buf_reset(urc);
	}
}

void
simat_connect(struct sim *s)
{
	struct sim_modem *m = &s->modem;

	buf_reset(&m->line);
	buf_reset(&m->pdu);
	buf_reset(&m->urc);
	m->dropping = false;
	m->responding = false;
	m->in_pdu = false;
}

void
simat_init(struct sim *s)
{
	struct sim_modem *m = &s->modem;

	memset(m, 0, sizeof(*m));
	set_defaults(m);
	m->pin_locked = s->opt.pin != NULL;
	buf_init(&m->line);
	buf_init(&m->pdu);
	buf_init(&m->urc);
	buf_init(&m->stray);
}

void
simat_release(struct sim *s)
{
	buf_release(&s->modem.line);
	buf_release(&s->modem.pdu);
	buf_release(&s->modem.urc);
	buf_release(&s->modem.stray);
}
