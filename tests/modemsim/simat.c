/*
 * The modem side of the simulator: the AT subset gopyd uses (V.250 basics,
 * 27.007 identification, PIN and reset, 27.005 SMS in PDU mode, stored or
 * direct delivery, status reports passed on or stored) over the SIM slots
 * of modemsim.c, and the faults of real modems (struct sim_faults).
 * Responses are verbose (V1), each line framed "\r\n...\r\n"; unsolicited
 * result codes wait while a command runs unless fault urc-inside puts one
 * inside. No text mode.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "log.h"
#include "pdu.h"
#include "sim.h"
#include "xmalloc.h"

#define AT_LINE_MAX	512		/* bytes of one command line */
#define AT_LOG_MAX	(1024 * 1024)	/* bytes of logged lines kept */
#define PDU_HEX_MAX	(2 * PDU_MAX_BYTES)
#define PARAMS_MAX	5		/* AT+CNMI has the most */
#define CTRL_Z		0x1a		/* ends the PDU of AT+CMGS */
#define ESC		0x1b		/* cancels it */
#define BS		0x08		/* S5, V.250 6.2.3 */
#define URC_HELD_MAX	(64 * 1024)	/* bytes of URCs held while busy */
#define BOOT_MS		300		/* from a restart to RDY */
#define PIN_TRIES	3		/* wrong PINs, then the PUK is needed */
#define CMT_ACK_MS	10000		/* +CMT waits this long for AT+CNMA */
#define CMT_RETRY_MS	5000		/* the network's next try after that */
#define CMT_TRIES	5		/* then it stores the SMS on the SIM */
#define JUNK_LONG	3000		/* bytes of garbage's long line */
#define NOISE_INTERVAL_DEFAULT 1000
#define REPORT_DELAY_DEFAULT 200	/* ms from a SUBMIT to its report */

#define MANUFACTURER	"gopy"
#define MODEL		"gopy modemsim"
#define OPERATOR	"Viettel"

/* +CME ERROR codes, 27.007 9.2.1. */
#define CME_NOT_ALLOWED		3
#define CME_PUK_REQUIRED	12
#define CME_WRONG_PASSWORD	16

/* +CMS ERROR codes, 27.005 3.2.5. */
#define CMS_NOT_SUPPORTED	303
#define CMS_INVALID_PDU		304
#define CMS_SIM_PIN_REQUIRED	311
#define CMS_SIM_PUK_REQUIRED	316
#define CMS_INVALID_INDEX	321
#define CMS_NO_CNMA_EXPECTED	340
#define CMS_UNKNOWN		500

/* Verbose texts of the error codes used, for AT+CMEE=2. */
static const struct {
	const char	*kind;
	int		 code;
	const char	*text;
} error_texts[] = {
	{ "CME", CME_NOT_ALLOWED, "operation not allowed" },
	{ "CME", CME_PUK_REQUIRED, "SIM PUK required" },
	{ "CME", CME_WRONG_PASSWORD, "incorrect password" },
	{ "CMS", CMS_NOT_SUPPORTED, "operation not supported" },
	{ "CMS", CMS_INVALID_PDU, "invalid PDU mode parameter" },
	{ "CMS", CMS_SIM_PIN_REQUIRED, "SIM PIN required" },
	{ "CMS", CMS_SIM_PUK_REQUIRED, "SIM PUK required" },
	{ "CMS", CMS_INVALID_INDEX, "invalid memory index" },
	{ "CMS", CMS_NO_CNMA_EXPECTED, "no +CNMA acknowledgement expected" },
	{ "CMS", CMS_UNKNOWN, "unknown error" },
};

static const char *const noise_names[] = {
	"off", "huawei", "simcom", "quectel", "wavecom",
};

static void	reboot(struct sim *, bool);

struct at_cmd {
	const char	*name;		/* after "AT", upper case */
	bool		 needs_sim;	/* +CMS ERROR: 311 while PIN-locked */
	void		(*run)(struct sim *, const char *args);
	const char	*text;		/* without run: the fixed answer */
};

/*
 * An information line, kept until the final result code. As on Quectel and
 * SIMCom modems, only the first line of a response has the leading "\r\n":
 * a +CMGL header and its PDU are on consecutive lines.
 */
static void
respond(struct sim *s, const char *line)
{
	buf_adds(&s->modem.resp, line);
	buf_adds(&s->modem.resp, "\r\n");
	s->modem.nresp++;
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

/* Whether the modem hangs: fault silent or silent-until-reset. */
static bool
hung(const struct sim *s)
{
	return s->faults.silent > 0 || s->faults.silent_until_reset;
}

/* Whether a command is running: received and not yet answered. */
static bool
busy(const struct sim *s)
{
	return s->modem.exec != SIM_EXEC_NONE || s->modem.in_pdu;
}

/* Send the held URCs when nothing runs. */
static void
urc_flush(struct sim *s)
{
	struct buf *urc = &s->modem.urc;

	if (s->modem_conn == NULL || busy(s) || s->modem.boot_at != 0) {
		return;
	}
	sim_send(s->modem_conn, urc->data, urc->len);
	buf_reset(urc);
}

/*
 * An unsolicited result code: sent now when the modem is idle, else held
 * until the running command is answered. Nobody hears one while no client
 * is connected, while the modem boots or hangs. Returns whether it will be
 * sent.
 */
static bool
urc_add(struct sim *s, const char *line)
{
	struct buf *urc = &s->modem.urc;

	if (s->modem_conn == NULL || s->modem.boot_at != 0 || hung(s) ||
	    urc->len > URC_HELD_MAX) {
		return false;
	}
	buf_addf(urc, "\r\n%s\r\n", line);
	urc_flush(s);
	return true;
}

/* One unsolicited line typical of the maker of profile; a generic one. */
static void
noise_line(struct sim *s, enum sim_noise profile, struct buf *out)
{
	switch (profile) {
	case SIM_NOISE_HUAWEI:
		switch (sim_rand_below(s, 4)) {
		case 0:
			buf_addf(out, "^RSSI: %u",
			    8 + (unsigned)sim_rand_below(s, 20));
			break;
		case 1:
			buf_adds(out, "^MODE: 5,4");
			break;
		case 2:
			buf_addf(out, "^BOOT:%08u,0,0,0,75",
			    (unsigned)sim_rand_below(s, 100000000));
			break;
		default:
			buf_addf(out, "^DSFLOWRPT:%08X,00000000,00000000,"
			    "0000000000000000,0000000000000000,0003E800,"
			    "0003E800", (unsigned)sim_rand_below(s, 100000));
			break;
		}
		break;
	case SIM_NOISE_SIMCOM:
		switch (sim_rand_below(s, 3)) {
		case 0:
			buf_addf(out, "*PSUTTZ: 2026,11,29,%u,%u,%u,\"+28\",0",
			    (unsigned)sim_rand_below(s, 24),
			    (unsigned)sim_rand_below(s, 60),
			    (unsigned)sim_rand_below(s, 60));
			break;
		case 1:
			buf_adds(out, "DST: 0");
			break;
		default:
			buf_adds(out, "+CIEV: 10,\"45204\",\"Viettel\","
			    "\"Viettel\", 0, 0");
			break;
		}
		break;
	case SIM_NOISE_QUECTEL:
		switch (sim_rand_below(s, 3)) {
		case 0:
			buf_addf(out, "+QIND: \"csq\",%u,99",
			    10 + (unsigned)sim_rand_below(s, 21));
			break;
		case 1:
			buf_adds(out, "+QUSIM: 1");
			break;
		default:
			buf_adds(out, "+QIND: \"act\",\"LTE\"");
			break;
		}
		break;
	case SIM_NOISE_WAVECOM:
		buf_adds(out, sim_rand_below(s, 2) == 0 ? "+WIND: 4" :
		    "+WIND: 7");
		break;
	case SIM_NOISE_OFF:
		buf_adds(out, "+CIEV: 1,2");
		break;
	}
}

/*
 * Fault garbage: what a bad cable or a confused firmware puts on the line
 * (NUL, 0xFF, invalid UTF-8, lone surrogates, bare CR), and now and then
 * one line far longer than any answer. The response's leading CRLF ends it.
 */
static void
send_garbage(struct sim *s)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
	} junk[] = {
		{ "\0", 1 }, { "\xff", 1 }, { "\xfe\xff", 2 }, { "\x80", 1 },
		{ "\xc3\x28", 2 }, { "\xed\xa0\x80", 3 }, { "\xc0\xaf", 2 },
		{ "\xf8\x88\x80\x80\x80", 5 }, { "\r", 1 }, { "\x7f", 1 },
	};
	static const char long_chars[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ";
	struct buf *out = &s->modem_conn->out;
	size_t i, n, j;

	s->stats.garbage++;
	n = 1 + sim_rand_below(s, 16);
	for (i = 0; i < n; i++) {
		j = sim_rand_below(s, sizeof(junk) / sizeof(junk[0]));
		buf_add(out, junk[j].bytes, junk[j].len);
	}
	if (sim_rand_below(s, 4) == 0) {
		/* A '~' first: never a result code, a URC or hex. */
		buf_adds(out, "\r\n~");
		for (i = 1; i < JUNK_LONG; i++) {
			buf_addc(out, long_chars[sim_rand_below(s,
			    sizeof(long_chars) - 1)]);
		}
		buf_adds(out, "\r\n");
	}
}

/*
 * The final result code ends the response: junk before it (fault
 * garbage), its information lines with perhaps a URC among them (fault
 * urc-inside), the result, then the URCs held meanwhile.
 */
static void
final(struct sim *s, const char *result)
{
	struct sim_modem *m = &s->modem;
	struct buf *out = &s->modem_conn->out;
	struct buf urc;
	size_t after = 0, i, pos = 0;
	const char *crlf;
	bool inside = false;

	buf_init(&urc);
	if (sim_chance(s, s->faults.garbage)) {
		send_garbage(s);
	}
	if (sim_chance(s, s->faults.urc_inside)) {
		inside = true;
		s->stats.urc_inside++;
		/* After an information line, or before the result. */
		after = m->nresp == 0 ? 0 : 1 + sim_rand_below(s, m->nresp);
		noise_line(s, s->faults.noise, &urc);
	}
	if (m->nresp > 0) {
		buf_adds(out, "\r\n");
	}
	for (i = 0; i < m->nresp; i++) {
		crlf = strstr(m->resp.data + pos, "\r\n");
		buf_add(out, m->resp.data + pos,
		    (size_t)(crlf - (m->resp.data + pos)) + 2);
		pos = (size_t)(crlf - m->resp.data) + 2;
		if (inside && after == i + 1) {
			buf_addf(out, "\r\n%s\r\n", urc.data);
		}
	}
	if (inside && after == 0) {
		buf_addf(out, "\r\n%s\r\n", urc.data);
	}
	buf_addf(out, "\r\n%s\r\n", result);
	buf_reset(&m->resp);
	m->nresp = 0;
	buf_release(&urc);
	urc_flush(s);
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
	char line[96];
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

/* The settings of power-on: echo on, numeric errors off, no indications. */
static void
set_defaults(struct sim_modem *m)
{
	m->echo = true;
	m->cmee = 0;
	memset(m->cnmi, 0, sizeof(m->cnmi));
	m->csms = 0;
	m->fun = 1;
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

/* AT+CPIN, 27.007 8.3: PIN_TRIES wrong PINs and the PUK is needed. */
static void
at_cpin(struct sim *s, const char *args)
{
	struct sim_modem *m = &s->modem;
	char pin[32];

	if (strcmp(args, "?") == 0) {
		respond(s, m->puk_locked ? "+CPIN: SIM PUK" : m->pin_locked ?
		    "+CPIN: SIM PIN" : "+CPIN: READY");
		final_ok(s);
		return;
	}
	if (*args++ != '=' || next_string(&args, pin, sizeof(pin)) == -1 ||
	    *args != '\0') {
		final_error(s);
		return;
	}
	s->stats.pin_tries++;
	if (m->puk_locked) {
		final_err(s, "CME", CME_PUK_REQUIRED);
	} else if (!m->pin_locked) {
		final_err(s, "CME", CME_NOT_ALLOWED);
	} else if (strcmp(pin, s->opt.pin) != 0) {
		if (++m->pin_fails >= PIN_TRIES) {
			m->puk_locked = true;
			log_info("SIM blocked: %d wrong PINs, PUK needed",
			    m->pin_fails);
		}
		final_err(s, "CME", CME_WRONG_PASSWORD);
	} else {
		m->pin_locked = false;
		m->pin_fails = 0;
		log_debug("SIM unlocked");
		final_ok(s);
	}
}

/*
 * AT+CFUN, 27.007 8.2: <fun> 0, 1 or 4 is only kept; <rst> 1 answers OK
 * and restarts the modem, which ends fault silent-until-reset.
 */
static void
at_cfun(struct sim *s, const char *args)
{
	long v[2];
	int n;

	if (strcmp(args, "?") == 0) {
		respondf(s, "+CFUN: %d", s->modem.fun);
		final_ok(s);
		return;
	}
	if (strcmp(args, "=?") == 0) {
		respond(s, "+CFUN: (0,1,4),(0,1)");
		final_ok(s);
		return;
	}
	if ((n = parse_params(args, v, 2)) == -1 ||
	    (v[0] != 0 && v[0] != 1 && v[0] != 4) ||
	    (n == 2 && v[1] != 0 && v[1] != 1)) {
		final_error(s);
		return;
	}
	s->modem.fun = (int)v[0];
	final_ok(s);
	if (n == 2 && v[1] == 1) {
		log_info("AT+CFUN=%ld,1: restarting", v[0]);
		reboot(s, true);
	}
}

/* AT+CSMS, 27.005 3.2.1: service 1 (phase 2+) wants AT+CNMA for +CMT. */
static void
at_csms(struct sim *s, const char *args)
{
	long n;

	if (strcmp(args, "?") == 0) {
		respondf(s, "+CSMS: %d,1,1,1", s->modem.csms);
	} else if (strcmp(args, "=?") == 0) {
		respond(s, "+CSMS: (0,1)");
	} else if ((n = one_param(args, 0, 1)) != -1) {
		s->modem.csms = (int)n;
		respond(s, "+CSMS: 1,1,1");
	} else {
		final_error(s);
		return;
	}
	final_ok(s);
}

/*
 * The network takes the +CMT (or +CDS) awaiting AT+CNMA back and tries
 * again in CMT_RETRY_MS, first of what it holds.
 */
static void
cmt_requeue(struct sim *s)
{
	struct sim_modem *m = &s->modem;

	if (m->cmt == NULL) {
		return;
	}
	s->net = xreallocarray(s->net, s->nnet + 1, sizeof(*s->net));
	memmove(&s->net[1], &s->net[0], s->nnet * sizeof(*s->net));
	s->net[0] = *m->cmt;
	s->net[0].next_at = s->now + CMT_RETRY_MS;
	s->nnet++;
	FREE(m->cmt);
	timer_stop(&m->cmt_deadline);
}

/*
 * AT+CNMA, 27.005 3.4.4: in PDU mode alone, =0 or =1 acknowledge the +CMT
 * (RP-ACK), =2 refuses it (RP-ERROR) and the network tries again. A PDU
 * after the command is not supported.
 */
static void
at_cnma(struct sim *s, const char *args)
{
	struct sim_modem *m = &s->modem;
	long n = 0;

	if (strcmp(args, "=?") == 0) {
		respond(s, "+CNMA: (0-2)");
		final_ok(s);
		return;
	}
	if (*args != '\0' && (n = one_param(args, 0, 2)) == -1) {
		final_error(s);
		return;
	}
	if (m->csms != 1 || m->cmt == NULL) {
		final_err(s, "CMS", CMS_NO_CNMA_EXPECTED);
		return;
	}
	if (n == 2) {
		log_debug("%s refused by AT+CNMA=2", m->cmt->report != 0 ?
		    "+CDS" : "+CMT");
		cmt_requeue(s);
	} else {
		if (m->cmt->report != 0) {
			s->stats.cds_acked++;
		} else {
			s->stats.cmt_acked++;
		}
		free(m->cmt->hex);
		FREE(m->cmt);
		timer_stop(&m->cmt_deadline);
	}
	final_ok(s);
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

/*
 * AT+CNMI, 27.005 3.4.1: <mt> 0 (store, say nothing), 1 (store, +CMTI) or
 * 2 (+CMT, not stored); no class 3 routing. <ds> 0 (status reports not
 * passed on), 1 (+CDS) or 2 (stored, +CDSI).
 */
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
	if (n > 1 && v[1] > 2) {
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
	if (sim_chance(s, s->faults.garbage)) {
		send_garbage(s);
	}
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
	respond(s, s->modem.pin_locked || s->modem.puk_locked ?
	    "+CREG: 0,0" : "+CREG: 0,1");
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
	respond(s, s->modem.pin_locked || s->modem.puk_locked ? "+COPS: 0" :
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
	{ "+CFUN", false, at_cfun, NULL },
	{ "+CSMS", false, at_csms, NULL },
	{ "+CNMA", true, at_cnma, NULL },
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
		if (c->needs_sim && s->modem.puk_locked) {
			final_err(s, "CMS", CMS_SIM_PUK_REQUIRED);
		} else if (c->needs_sim && s->modem.pin_locked) {
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
	if (sim_chance(s, s->faults.cms_error)) {
		log_debug("AT+CMGS: +CMS ERROR: %ld (fault cms-error)",
		    s->faults.cms_code);
		s->stats.cmgs_error++;
		final_err(s, "CMS", (int)s->faults.cms_code);
		return;
	}
	sim_record_part(s, &sub);
	s->stats.cmgs_ok++;
	/* The modem's reference, not the PDU's, is the one reports carry. */
	if (sub.status_report) {
		sim_report_submit(s, m->mr, sub.to.text);
	}
	respondf(s, "+CMGS: %u", m->mr++);
	final_ok(s);
	return;

fail:
	log_debug("AT+CMGS: %s", err);
	s->stats.cmgs_error++;
	final_err(s, "CMS", CMS_INVALID_PDU);
}

/* Run the command that waited for its latency. */
static void
exec_run(struct sim *s)
{
	struct sim_modem *m = &s->modem;
	enum sim_exec e = m->exec;

	m->exec = SIM_EXEC_NONE;
	timer_stop(&m->exec_at);
	if (e == SIM_EXEC_LINE) {
		run_line(s);
		buf_reset(&m->line);
	} else if (e == SIM_EXEC_SUBMIT) {
		submit(s);
		buf_reset(&m->pdu);
	}
}

/* Run now, or after the latency fault's delay. Returns true when delayed. */
static bool
exec_later(struct sim *s, enum sim_exec e)
{
	struct sim_modem *m = &s->modem;

	m->exec = e;
	if (s->faults.latency > 0) {
		timer_set(&m->exec_at, s->now, s->faults.latency);
		return true;
	}
	exec_run(s);
	return false;
}

/*
 * A byte between the "> " prompt and Ctrl-Z or ESC. Returns true when the
 * input must wait.
 */
static bool
pdu_byte(struct sim *s, char c)
{
	struct sim_modem *m = &s->modem;

	if (c == CTRL_Z) {
		m->in_pdu = false;
		return exec_later(s, SIM_EXEC_SUBMIT);
	}
	if (c == ESC) {
		m->in_pdu = false;
		buf_reset(&m->pdu);
		final_ok(s);
		return false;
	}
	if (m->echo && !hung(s)) {
		sim_send(s->modem_conn, &c, 1);
	}
	if (c == '\r' || c == '\n') {
		return false;
	}
	if (m->pdu.len >= PDU_HEX_MAX) {
		m->pdu_overflow = true;
		return false;
	}
	buf_addc(&m->pdu, c);
	return false;
}

/* Whether the line received is AT+CFUN=1,1, which ends a hang. */
static bool
is_reset(const struct buf *line)
{
	size_t n = line->len;

	while (n > 0 && line->data[n - 1] == ' ') {
		n--;
	}
	return n == 11 && strncasecmp(line->data, "AT+CFUN=1,1", n) == 0;
}

/*
 * CR or LF: run the line, or answer ERROR for one that was too long. The
 * faults that act on command lines act here. Returns true when the input
 * must wait: for the latency, a drop or a reboot.
 */
static bool
end_line(struct sim *s)
{
	struct sim_modem *m = &s->modem;
	struct sim_faults *f = &s->faults;
	char esc[4 * AT_LINE_MAX + 4];

	if (m->dropping) {
		log_debug("at: line over %d bytes dropped", AT_LINE_MAX);
		m->dropping = false;
		buf_reset(&m->line);
		if (!hung(s)) {
			final_error(s);
		}
		return false;
	}
	if (m->line.len == 0) {
		return false;
	}
	log_line(s, m->line.data, m->line.len);
	if (log_verbosity() >= LOG_VERB_TRAFFIC) {
		log_traffic("at: %s", log_escape(esc, sizeof(esc), m->line.data,
		    m->line.len));
	}
	s->stats.commands++;
	if (f->drop_after > 0 && --f->drop_after == 0) {
		log_info("fault drop-after: closing on '%.40s'", m->line.data);
		buf_reset(&m->line);
		m->drop = true;
		return true;
	}
	if (f->reboot_after > 0 && --f->reboot_after == 0) {
		log_info("fault reboot-after: restarting on '%.40s'",
		    m->line.data);
		buf_reset(&m->line);
		reboot(s, false);
		return true;
	}
	if (f->silent_until_reset && !is_reset(&m->line)) {
		log_debug("fault silent-until-reset: ignoring '%.40s'",
		    m->line.data);
		buf_reset(&m->line);
		return false;
	}
	if (!f->silent_until_reset && f->silent > 0) {
		f->silent--;
		log_debug("fault silent: ignoring '%.40s' (%ld more)",
		    m->line.data, f->silent);
		buf_reset(&m->line);
		return false;
	}
	return exec_later(s, SIM_EXEC_LINE);
}

/* One byte of input. Returns true when the rest must wait. */
static bool
feed_byte(struct sim *s, char c)
{
	struct sim_modem *m = &s->modem;

	if (m->in_pdu) {
		return pdu_byte(s, c);
	}
	if (m->echo && !hung(s)) {
		sim_send(s->modem_conn, &c, 1);
	}
	/*
	 * V.250 5.2.2: S5 (backspace) deletes a character; other control
	 * characters, such as an ESC sent to leave a prompt that is not
	 * there, are ignored.
	 */
	if (c == '\r' || c == '\n') {
		return end_line(s);
	}
	if (m->dropping || ((unsigned char)c < 0x20 && c != BS)) {
		return false;
	}
	if (c == BS) {
		if (m->line.len > 0) {
			m->line.data[--m->line.len] = '\0';
		}
	} else if (m->line.len == AT_LINE_MAX) {
		m->dropping = true;
		buf_reset(&m->line);
	} else {
		buf_addc(&m->line, c);
	}
	return false;
}

/* Take the input that has arrived, as far as the modem reads now. */
static void
take_input(struct sim *s)
{
	struct sim_modem *m = &s->modem;
	struct sim_conn *c;
	size_t n, i;
	bool stop;

	while ((c = s->modem_conn) != NULL && !m->drop &&
	    (n = sim_rx_arrived(s)) > 0) {
		if (m->boot_at != 0) {
			/* A modem that boots hears nothing. */
			buf_consume(&c->in, n);
			continue;
		}
		if (m->exec != SIM_EXEC_NONE) {
			return;
		}
		stop = false;
		for (i = 0; i < n && !stop; i++) {
			stop = feed_byte(s, c->in.data[i]);
		}
		buf_consume(&c->in, i);
	}
}

/* Remove the oldest SMS the network holds; free its PDU when done with. */
static void
net_pop(struct sim *s, bool free_hex)
{
	if (free_hex) {
		free(s->net[0].hex);
	}
	memmove(&s->net[0], &s->net[1], (s->nnet - 1) * sizeof(*s->net));
	s->nnet--;
}

/*
 * Pass n, the oldest the network holds, on to the client as line (+CMT or
 * +CDS, then its PDU) while nobody waits for an AT+CNMA. After AT+CSMS=1
 * it awaits one (27.005 3.4.4). Returns false when the client cannot take
 * it now.
 */
static bool
pass_on(struct sim *s, struct sim_net_sms *n, const char *line)
{
	struct sim_modem *m = &s->modem;

	if (s->modem_conn == NULL || busy(s) || m->boot_at != 0 || hung(s) ||
	    !urc_add(s, line)) {
		return false;
	}
	n->attempts++;
	if (m->csms == 1) {
		m->cmt = xmalloc(sizeof(*m->cmt));
		*m->cmt = *n;
		timer_set(&m->cmt_deadline, s->now, CMT_ACK_MS);
		net_pop(s, false);
	} else {
		net_pop(s, true);
	}
	return true;
}

/*
 * A status report as AT+CNMI <ds> asks (27.005 3.4.1): dropped for 0,
 * +CDS for 1 (stored instead under fault report-store), stored with
 * +CDSI for 2. A +CDS never confirmed is dropped after CMT_TRIES, as the
 * network gives up. Returns false when it must wait.
 */
static bool
hand_report(struct sim *s, struct sim_net_sms *n)
{
	size_t which = n->report;
	struct sim_report *r = &s->reports[which - 1];
	int ds = s->modem.cnmi[3];
	struct buf line;
	size_t slot;
	bool sent;

	if (ds == 0 || n->attempts >= CMT_TRIES) {
		log_debug("status report %zu dropped (%s)", which,
		    ds == 0 ? "AT+CNMI ds 0" : "+CDS not acknowledged");
		r->state = SIM_REPORT_DROPPED;
		s->stats.reports_dropped++;
		net_pop(s, true);
		return true;
	}
	if (ds == 2 || s->faults.report_store) {
		if ((slot = sim_slot_store(s, n->hex, strlen(n->hex),
		    true)) == 0) {
			return false;	/* full: again when a slot frees */
		}
		r->state = SIM_REPORT_CDSI;
		r->slot = slot;
		net_pop(s, true);
		return true;
	}
	/* 27.005 3.4.1: +CDS: <length>, <pdu>. */
	buf_init(&line);
	buf_addf(&line, "+CDS: %zu\r\n%s", sim_tpdu_len(n->hex,
	    strlen(n->hex)), n->hex);
	if ((sent = pass_on(s, n, line.data))) {
		r->state = SIM_REPORT_CDS;
		s->stats.cds_sent++;
		log_debug("status report %zu sent as +CDS", which);
	}
	buf_release(&line);
	return sent;
}

/*
 * The network hands over what it holds, oldest first: an SMS as +CMT while
 * the client asks for direct delivery (one at a time awaiting AT+CNMA
 * after AT+CSMS=1), else into a free SIM slot with its +CMTI; a status
 * report as hand_report says.
 */
static void
network_run(struct sim *s)
{
	struct sim_modem *m = &s->modem;
	struct sim_net_sms *n;
	struct buf line;
	bool sent;
	int tries;

	if (m->cmt != NULL && timer_due(m->cmt_deadline, s->now)) {
		log_info("%s not acknowledged within %d ms: the network "
		    "tries again", m->cmt->report != 0 ? "+CDS" : "+CMT",
		    CMT_ACK_MS);
		cmt_requeue(s);
	}
	sim_reports_due(s);
	while (s->nnet > 0 && m->cmt == NULL) {
		n = &s->net[0];
		if (n->next_at > s->now) {
			return;
		}
		/* Due: from now on an event, not a deadline, lets it go. */
		timer_stop(&n->next_at);
		if (n->report != 0) {
			if (!hand_report(s, n)) {
				return;
			}
			continue;
		}
		if (m->cnmi[1] == 2 && n->attempts < CMT_TRIES) {
			/* 27.005 3.4.1: +CMT: [<alpha>],<length>, <pdu>. */
			buf_init(&line);
			buf_addf(&line, "+CMT: ,%zu\r\n%s", sim_tpdu_len(n->hex,
			    strlen(n->hex)), n->hex);
			tries = n->attempts + 1;
			sent = pass_on(s, n, line.data);
			buf_release(&line);
			if (!sent) {
				return;
			}
			s->stats.cmt_sent++;
			log_debug("+CMT sent (try %d)", tries);
			continue;
		}
		if (sim_slot_store(s, n->hex, strlen(n->hex), false) == 0) {
			return;		/* full: again when a slot frees */
		}
		net_pop(s, true);
	}
}

/* Fault noise: plan the next line, or say it when due. */
static void
noise_run(struct sim *s)
{
	struct sim_modem *m = &s->modem;
	struct buf line;
	uint64_t mean = (uint64_t)s->faults.noise_interval;

	if (s->faults.noise == SIM_NOISE_OFF || s->modem_conn == NULL) {
		timer_stop(&m->noise_at);
		return;
	}
	if (m->noise_at == 0) {
		/* Uniform on 0..2 * mean: mean on average. */
		timer_set(&m->noise_at, s->now,
		    (int64_t)sim_rand_below(s, 2 * mean + 1));
		return;
	}
	if (!timer_due(m->noise_at, s->now)) {
		return;
	}
	timer_stop(&m->noise_at);
	buf_init(&line);
	noise_line(s, s->faults.noise, &line);
	if (urc_add(s, line.data)) {
		s->stats.noise++;
	}
	buf_release(&line);
}

/* The reboot is over: the modem says so. */
static void
boot_done(struct sim *s)
{
	struct sim_modem *m = &s->modem;

	timer_stop(&m->boot_at);
	log_info("modem up again");
	if (s->modem_conn == NULL) {
		return;
	}
	sim_send(s->modem_conn, "\r\nRDY\r\n", 7);
	if (m->puk_locked) {
		sim_sendf(s->modem_conn, "\r\n+CPIN: SIM PUK\r\n");
	} else if (m->pin_locked) {
		sim_sendf(s->modem_conn, "\r\n+CPIN: SIM PIN\r\n");
	} else {
		sim_sendf(s->modem_conn,
		    "\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
	}
}

/*
 * Restart: power-on settings, the SIM locked again if it has a PIN, a
 * prompt or a waiting command forgotten, URCs and (unless keep_output) the
 * output not yet on the line lost, hang faults over; RDY after BOOT_MS. The
 * SIM's contents and the TCP connection stay.
 */
static void
reboot(struct sim *s, bool keep_output)
{
	struct sim_modem *m = &s->modem;

	set_defaults(m);
	m->pin_locked = s->opt.pin != NULL;
	m->in_pdu = false;
	m->dropping = false;
	m->exec = SIM_EXEC_NONE;
	m->nresp = 0;
	timer_stop(&m->exec_at);
	timer_stop(&m->noise_at);
	buf_reset(&m->line);
	buf_reset(&m->pdu);
	buf_reset(&m->resp);
	buf_reset(&m->urc);
	if (!keep_output && s->modem_conn != NULL) {
		buf_reset(&s->modem_conn->out);
	}
	s->faults.silent = 0;
	s->faults.silent_until_reset = false;
	s->faults.reboot_after = 0;
	cmt_requeue(s);
	timer_set(&m->boot_at, s->now, BOOT_MS);
	s->stats.reboots++;
	log_info("modem restarting");
}

void
simat_reboot(struct sim *s)
{
	reboot(s, false);
}

void
simat_tick(struct sim *s)
{
	struct sim_modem *m = &s->modem;

	if (timer_due(m->boot_at, s->now)) {
		boot_done(s);
	}
	if (s->modem_conn == NULL) {
		/* What the gone client started ends with it. */
		m->exec = SIM_EXEC_NONE;
		m->in_pdu = false;
		timer_stop(&m->exec_at);
	}
	if (m->exec != SIM_EXEC_NONE && timer_due(m->exec_at, s->now)) {
		exec_run(s);
	}
	take_input(s);
	noise_run(s);
	network_run(s);
	urc_flush(s);
}

int64_t
simat_next_deadline(const struct sim *s)
{
	const struct sim_modem *m = &s->modem;
	int64_t d = 0;

	d = timer_min(d, m->boot_at);
	if (m->exec != SIM_EXEC_NONE) {
		d = timer_min(d, m->exec_at);
	}
	d = timer_min(d, m->noise_at);
	d = timer_min(d, m->cmt_deadline);
	if (m->cmt == NULL && s->nnet > 0) {
		d = timer_min(d, s->net[0].next_at);
	}
	d = timer_min(d, sim_reports_next(s));
	return d;
}

bool
simat_takes_input(const struct sim *s)
{
	return s->modem.boot_at != 0 || s->modem.exec == SIM_EXEC_NONE;
}

void
simat_new_sms(struct sim *s, size_t index)
{
	char line[48];

	if (s->slots[index - 1].report) {
		/* 27.005 3.4.1: +CDSI: <mem>,<index>. */
		snprintf(line, sizeof(line), "+CDSI: \"SM\",%zu", index);
		if (urc_add(s, line)) {
			s->stats.cdsi_sent++;
		}
		return;
	}
	if (s->modem.cnmi[1] != 1) {
		return;
	}
	if (sim_chance(s, s->faults.lost_cmti)) {
		s->stats.cmti_lost++;
		log_debug("+CMTI for slot %zu lost (fault lost-cmti)", index);
		return;
	}
	/* 27.005 3.4.1: +CMTI: <mem>,<index>. */
	snprintf(line, sizeof(line), "+CMTI: \"SM\",%zu", index);
	if (urc_add(s, line)) {
		s->stats.cmti_sent++;
		s->slots[index - 1].cmti_us = sim_realtime_us();
	}
}

/* A probability for fault key: 0 to 1, or off. */
static int
parse_chance(const char *v, double *p)
{
	char *end;
	double d;

	if (strcmp(v, "off") == 0) {
		*p = 0;
		return 0;
	}
	errno = 0;
	d = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || !(d >= 0 && d <= 1)) {
		return -1;
	}
	*p = d;
	return 0;
}

/* A count for fault key within 0..max, or off (0). */
static int
parse_count(const char *v, long max, long *n)
{
	long long ll;

	if (strcmp(v, "off") == 0) {
		*n = 0;
		return 0;
	}
	if (sim_parse_num(v, 0, max, &ll) == -1) {
		return -1;
	}
	*n = (long)ll;
	return 0;
}

int
simat_fault_set(struct sim *s, const char *key, const char *value,
    char *err, size_t errlen)
{
	struct sim_faults *f = &s->faults;
	size_t i;
	long n;

	if (strcmp(key, "rate") == 0) {
		if (parse_count(value, 100000000, &f->rate) == -1) {
			goto count;
		}
	} else if (strcmp(key, "latency") == 0) {
		if (parse_count(value, 600000, &f->latency) == -1) {
			goto count;
		}
	} else if (strcmp(key, "noise") == 0) {
		for (i = 0; i < sizeof(noise_names) / sizeof(noise_names[0]);
		    i++) {
			if (strcmp(value, noise_names[i]) == 0) {
				f->noise = (enum sim_noise)i;
				timer_stop(&s->modem.noise_at);
				return 0;
			}
		}
		snprintf(err, errlen, "noise '%.32s': not huawei, simcom, "
		    "quectel, wavecom or off", value);
		return -1;
	} else if (strcmp(key, "noise-interval") == 0) {
		if (parse_count(value, 3600000, &n) == -1 || n < 10) {
			snprintf(err, errlen, "noise-interval '%.32s': not "
			    "10-3600000 ms", value);
			return -1;
		}
		f->noise_interval = n;
		timer_stop(&s->modem.noise_at);
	} else if (strcmp(key, "urc-inside") == 0) {
		if (parse_chance(value, &f->urc_inside) == -1) {
			goto chance;
		}
	} else if (strcmp(key, "garbage") == 0) {
		if (parse_chance(value, &f->garbage) == -1) {
			goto chance;
		}
	} else if (strcmp(key, "cms-error") == 0) {
		if (parse_chance(value, &f->cms_error) == -1) {
			goto chance;
		}
	} else if (strcmp(key, "cms-code") == 0) {
		if (parse_count(value, 511, &f->cms_code) == -1) {
			goto count;
		}
	} else if (strcmp(key, "drop-after") == 0) {
		if (parse_count(value, 1000000, &f->drop_after) == -1) {
			goto count;
		}
	} else if (strcmp(key, "reboot-after") == 0) {
		if (parse_count(value, 1000000, &f->reboot_after) == -1) {
			goto count;
		}
	} else if (strcmp(key, "reboot") == 0) {
		if (strcmp(value, "") == 0 || strcmp(value, "now") == 0 ||
		    strcmp(value, "1") == 0) {
			reboot(s, false);
		} else if (strcmp(value, "0") != 0 &&
		    strcmp(value, "off") != 0) {
			snprintf(err, errlen, "reboot '%.32s': not now, 1, 0 "
			    "or off", value);
			return -1;
		}
	} else if (strcmp(key, "lost-cmti") == 0) {
		if (parse_chance(value, &f->lost_cmti) == -1) {
			goto chance;
		}
	} else if (strcmp(key, "silent") == 0) {
		if (parse_count(value, 1000000, &f->silent) == -1) {
			goto count;
		}
	} else if (strcmp(key, "silent-until-reset") == 0) {
		if (strcmp(value, "on") == 0 || strcmp(value, "1") == 0) {
			f->silent_until_reset = true;
		} else if (strcmp(value, "off") == 0 ||
		    strcmp(value, "0") == 0) {
			f->silent_until_reset = false;
		} else {
			snprintf(err, errlen, "silent-until-reset '%.32s': "
			    "not on, 1, off or 0", value);
			return -1;
		}
	} else if (strcmp(key, "report-status") == 0) {
		if (parse_count(value, 255, &f->report_status) == -1) {
			goto count;
		}
	} else if (strcmp(key, "report-delay") == 0) {
		if (parse_count(value, 600000, &f->report_delay) == -1) {
			goto count;
		}
	} else if (strcmp(key, "report-store") == 0) {
		if (strcmp(value, "on") == 0 || strcmp(value, "1") == 0) {
			f->report_store = true;
		} else if (strcmp(value, "off") == 0 ||
		    strcmp(value, "0") == 0) {
			f->report_store = false;
		} else {
			snprintf(err, errlen, "report-store '%.32s': not on, "
			    "1, off or 0", value);
			return -1;
		}
	} else {
		snprintf(err, errlen, "fault '%.32s': unknown", key);
		return -1;
	}
	return 0;

count:
	snprintf(err, errlen, "%s '%.32s': not a count in range, or off", key,
	    value);
	return -1;
chance:
	snprintf(err, errlen, "%s '%.32s': not a probability 0-1, or off",
	    key, value);
	return -1;
}

void
simat_fault_list(const struct sim *s, struct buf *out)
{
	const struct sim_faults *f = &s->faults;

	buf_addf(out, "fault rate %ld\n", f->rate);
	buf_addf(out, "fault latency %ld\n", f->latency);
	buf_addf(out, "fault noise %s\n", noise_names[f->noise]);
	buf_addf(out, "fault noise-interval %ld\n", f->noise_interval);
	buf_addf(out, "fault urc-inside %g\n", f->urc_inside);
	buf_addf(out, "fault garbage %g\n", f->garbage);
	buf_addf(out, "fault cms-error %g\n", f->cms_error);
	buf_addf(out, "fault cms-code %ld\n", f->cms_code);
	buf_addf(out, "fault drop-after %ld\n", f->drop_after);
	buf_addf(out, "fault reboot-after %ld\n", f->reboot_after);
	buf_addf(out, "fault lost-cmti %g\n", f->lost_cmti);
	buf_addf(out, "fault silent %ld\n", f->silent);
	buf_addf(out, "fault silent-until-reset %s\n",
	    f->silent_until_reset ? "on" : "off");
	buf_addf(out, "fault report-status %ld\n", f->report_status);
	buf_addf(out, "fault report-delay %ld\n", f->report_delay);
	buf_addf(out, "fault report-store %s\n",
	    f->report_store ? "on" : "off");
}

void
simat_connect(struct sim *s)
{
	struct sim_modem *m = &s->modem;

	buf_reset(&m->line);
	buf_reset(&m->pdu);
	buf_reset(&m->urc);
	buf_reset(&m->resp);
	m->nresp = 0;
	m->dropping = false;
	m->in_pdu = false;
	m->exec = SIM_EXEC_NONE;
	m->drop = false;
	timer_stop(&m->exec_at);
	timer_stop(&m->noise_at);
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
	buf_init(&m->resp);
	buf_init(&m->stray);
	s->faults.noise_interval = NOISE_INTERVAL_DEFAULT;
	s->faults.cms_code = CMS_UNKNOWN;
	s->faults.report_delay = REPORT_DELAY_DEFAULT;
}

void
simat_release(struct sim *s)
{
	buf_release(&s->modem.line);
	buf_release(&s->modem.pdu);
	buf_release(&s->modem.urc);
	buf_release(&s->modem.resp);
	buf_release(&s->modem.stray);
	if (s->modem.cmt != NULL) {
		free(s->modem.cmt->hex);
		FREE(s->modem.cmt);
	}
}
