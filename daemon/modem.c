/*
 * Modem state machine: open, initialise, read and delete stored SMS, send
 * SMS. One AT command is in flight at a time; the rest wait in a FIFO. This
 * file knows what commands mean; at.c knows what lines look like; port.c
 * moves the bytes. It never touches the database: on_sms decides.
 */
#include <sys/queue.h>

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "at.h"
#include "buf.h"
#include "clock.h"
#include "log.h"
#include "modem.h"
#include "pdu.h"
#include "port.h"
#include "xmalloc.h"

#define SYNC_TIMEOUT_MS		2000	/* an idle modem answers AT at once */
#define SYNC_TRIES		5
#define RESET_TIMEOUT_MS	15000	/* AT+CFUN=1,1 may answer, or not */
#define WAKE_MS			20000	/* a reset modem is back within this */
#define QUIET_MS		500	/* silence before a resynchronisation */
#define QUIET_LIMIT_MS		5000	/* ... but a noisy modem gets no more */
#define INIT_FAILURES_MAX	3	/* restarts without ready, then reopen */
#define CONNECT_TIMEOUT_MS	10000
#define CMD_TEXT_MAX		(CONF_INIT_CMD_MAX + 32)
#define READ_CHUNK		4096

/*
 * AT+CNMI (27.005 3.4.1): mode 2 buffers indications while the line is
 * busy; mt 1 stores each SMS and says +CMTI, mt 2 passes it on as +CMT;
 * ds 1 passes status reports on as +CDS, ds 0 asks for none. Reports are
 * not stored (ds 2): many modems keep them in a memory of their own
 * ("SR") that gopyd would have to empty as well.
 */
#define CNMI_MT_STORED		1
#define CNMI_MT_DIRECT		2
#define CNMI_DS_DIRECT		1

enum modem_state {
	MS_CLOSED,		/* waiting for reconnect_at */
	MS_CONNECTING,		/* TCP connect in progress */
	MS_INIT,		/* synchronising and running the init commands */
	MS_WAKING,		/* reset: waiting for RDY or wake_at */
	MS_READY,		/* initialised: reading and sending */
};

enum cmd_kind {
	CMD_SYNC,		/* AT, until the modem answers */
	CMD_RESET,		/* AT+CFUN=1,1 after silence */
	CMD_INIT,		/* an init step; see cmd.required */
	CMD_CPIN,		/* AT+CPIN? */
	CMD_PIN,		/* AT+CPIN="...": entering the PIN */
	CMD_CPMS,		/* AT+CPMS, index: how many memories named */
	CMD_CSMS,		/* AT+CSMS=1, for +CNMA in direct delivery */
	CMD_CNMI,		/* AT+CNMI, index: ds, dropped to 0 on error */
	CMD_CMGL,		/* list every stored SMS */
	CMD_CMGR,		/* read one slot after +CMTI or +CDSI */
	CMD_CMGD,		/* delete one slot */
	CMD_CMGS,		/* send one SMS */
	CMD_CNMA,		/* confirm a +CMT once it is stored */
	CMD_HEALTH,		/* a status query; index: which */
};

/* The status queries of a health poll, in order (27.007). */
enum health {
	HEALTH_CGMM,		/* model, once per connection */
	HEALTH_CSQ,		/* signal, 8.5 */
	HEALTH_CREG,		/* registration, 7.2 */
	HEALTH_COPS,		/* operator, 7.3 */
	HEALTH_CPMS,		/* storage use, 27.005 3.2.2 */
	HEALTH_CNMI,		/* our settings still there, 27.005 3.4.1 */
	HEALTH_MAX,
};

static const char *const health_cmds[HEALTH_MAX] = {
	"AT+CGMM", "AT+CSQ", "AT+CREG?", "AT+COPS?", "AT+CPMS?", "AT+CNMI?",
};

struct cmd {
	enum cmd_kind	 kind;
	char		 text[CMD_TEXT_MAX];	/* without the CR */
	bool		 required;	/* CMD_INIT: init fails without it */
	int		 index;		/* CMD_CMGR, CMD_CMGD: the slot */
	char		*pdu;		/* CMD_CMGS: hex to write at the prompt */
	int64_t		 cookie;	/* CMD_CMGS: the caller's id for the SMS */
	bool		 last;		/* CMD_CMGS: its last part reports */
	TAILQ_ENTRY(cmd) entry;
};
TAILQ_HEAD(cmd_queue, cmd);

struct modem {
	struct modem_conf	 conf;
	const struct modem_ops	*ops;
	void			*arg;

	enum modem_state	 state;
	struct port		*port;
	struct at		*at;
	struct buf		 out;		/* bytes waiting for the port */
	struct buf		 pdu;		/* a listed PDU given its SMSC field */
	struct cmd_queue	 queue;		/* commands not yet sent */
	struct cmd		*cur;		/* the command in flight */
	int64_t			 now;		/* time of the current entry */

	int64_t			 reconnect_at;
	int64_t			 connect_deadline;
	int64_t			 backoff_ms;
	unsigned		 open_failures;	/* since the last success */
	int64_t			 sweep_at;
	int64_t			 health_at;
	int64_t			 wake_at;	/* MS_WAKING: sync again then */
	int64_t			 quiet_until;	/* MS_INIT: no AT before this */
	int64_t			 quiet_limit;	/* ... nor wait beyond this */
	int			 sync_tries;
	int			 failed_inits;	/* restarts since the last ready */
	bool			 sms_init_queued; /* the SIM is ready: last steps */
	bool			 reset_tried;	/* AT+CFUN=1,1 since last ready */
	int64_t			 written_cookie; /* SMS with a PDU out */
	bool			 pin_rejected;	/* never offer the PIN again */
	int			 cnmi_mt;	/* what AT+CNMI was set to, */
	int			 cnmi_ds;	/* -1 until set */
	bool			 cnma;		/* +CMT wants AT+CNMA (CSMS 1) */
	bool			 memory_warned;	/* about SMS stored elsewhere */

	struct modem_status	 status;
};

static void	disconnect(struct modem *m, const char *why);

static const char *
final_name(enum at_final f)
{
	switch (f) {
	case AT_FINAL_OK:
		return "OK";
	case AT_FINAL_ERROR:
		return "ERROR";
	case AT_FINAL_CME:
		return "+CME ERROR";
	case AT_FINAL_CMS:
		return "+CMS ERROR";
	case AT_FINAL_TIMEOUT:
		return "no answer";
	}
	return "?";
}

/* "ERROR", "+CMS ERROR: 500", "no answer": what the modem said, for logs. */
static void
describe(const struct at_event *ev, char *out, size_t outlen)
{
	if (ev->code >= 0) {
		snprintf(out, outlen, "%s: %d", final_name(ev->final),
		    ev->code);
	} else {
		snprintf(out, outlen, "%s", final_name(ev->final));
	}
}

/* Record trouble for gopy status. */
static void
set_error(struct modem *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_error(struct modem *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->status.last_error, sizeof(m->status.last_error), fmt, ap);
	va_end(ap);
	m->status.last_error_at = (int64_t)time(NULL);
}

static void
set_link(struct modem *m, enum modem_link link)
{
	if (m->status.link == link) {
		return;
	}
	m->status.link = link;
	m->status.since = (int64_t)time(NULL);
	m->ops->on_status(m->arg, &m->status);
}

static struct cmd *
cmd_new(enum cmd_kind kind, const char *text)
{
	struct cmd *c = xcalloc(1, sizeof(*c));

	c->kind = kind;
	snprintf(c->text, sizeof(c->text), "%s", text);
	return c;
}

static void
cmd_free(struct cmd *c)
{
	if (c != NULL) {
		free(c->pdu);
		free(c);
	}
}

static void
enqueue(struct modem *m, struct cmd *c)
{
	TAILQ_INSERT_TAIL(&m->queue, c, entry);
}

/* Queue c to go next. (The TAILQ macros evaluate their arguments twice.) */
static void
enqueue_first(struct modem *m, struct cmd *c)
{
	TAILQ_INSERT_HEAD(&m->queue, c, entry);
}

/* Whether a command of this kind (and slot, for CMGR/CMGD) is waiting. */
static bool
queued(const struct modem *m, enum cmd_kind kind, int index)
{
	const struct cmd *c;

	if (m->cur != NULL && m->cur->kind == kind && m->cur->index == index) {
		return true;
	}
	TAILQ_FOREACH(c, &m->queue, entry) {
		if (c->kind == kind && c->index == index) {
			return true;
		}
	}
	return false;
}

/*
 * Whether the initialisation is over: the SIM was found ready, the SMS
 * settings were queued after it, and none of them waits any more.
 */
static bool
init_done(const struct modem *m)
{
	const struct cmd *c;

	if (!m->sms_init_queued) {
		return false;
	}
	TAILQ_FOREACH(c, &m->queue, entry) {
		switch (c->kind) {
		case CMD_INIT:
		case CMD_CPMS:
		case CMD_CSMS:
		case CMD_CNMI:
			return false;
		default:
			break;
		}
	}
	return true;
}

/*
 * Report a send that will not happen, and free its command. An SMS of
 * several parts is reported once, by its last part.
 */
static void
fail_send(struct modem *m, struct cmd *c, int cms, const char *why)
{
	if (c->kind == CMD_CMGS && c->last) {
		/* No PDU of it went out: the network has seen nothing. */
		if (m->written_cookie != c->cookie && cms < 0) {
			cms = MODEM_NOT_SENT;
		}
		m->written_cookie = 0;
		m->ops->on_sent(m->arg, c->cookie, -1, cms, why);
	}
	cmd_free(c);
}

/* Drop the parts of SMS cookie still queued, after one of them failed. */
static void
drop_parts(struct modem *m, int64_t cookie)
{
	struct cmd *c, *next;

	for (c = TAILQ_FIRST(&m->queue); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (c->kind == CMD_CMGS && c->cookie == cookie) {
			TAILQ_REMOVE(&m->queue, c, entry);
			cmd_free(c);
		}
	}
}

static void
flush(struct modem *m)
{
	char err[256];
	ssize_t n;

	if (m->port == NULL || m->out.len == 0 || m->state == MS_CONNECTING) {
		return;
	}
	n = port_write(m->port, m->out.data, m->out.len, err, sizeof(err));
	if (n == -1) {
		disconnect(m, err);
		return;
	}
	buf_consume(&m->out, (size_t)n);
}

static void
write_raw(struct modem *m, const char *p, size_t len)
{
	char esc[2 * AT_LINE_MAX];

	if (m->port == NULL) {
		return;		/* disconnected while composing */
	}
	log_traffic("modem <- %s", log_escape(esc, sizeof(esc), p, len));
	buf_add(&m->out, p, len);
	flush(m);
}

/* The time to wait for the line to go quiet before syncing, or 0. */
static int64_t
quiet_wait(const struct modem *m)
{
	int64_t now;

	if (m->quiet_until == 0) {
		return 0;
	}
	now = clock_now_ms();
	if (now >= m->quiet_until || now >= m->quiet_limit) {
		return 0;
	}
	return timer_min(m->quiet_until, m->quiet_limit);
}

/* Send the next queued command when none is in flight. */
static void
kick(struct modem *m)
{
	struct cmd *c;
	int64_t timeout;
	char line[CMD_TEXT_MAX + 1];

	if (m->port == NULL || m->cur != NULL ||
	    (m->state != MS_INIT && m->state != MS_READY) ||
	    (c = TAILQ_FIRST(&m->queue)) == NULL || quiet_wait(m) != 0) {
		return;
	}
	TAILQ_REMOVE(&m->queue, c, entry);
	m->cur = c;
	timer_stop(&m->quiet_until);
	switch (c->kind) {
	case CMD_SYNC:
		timeout = SYNC_TIMEOUT_MS;
		break;
	case CMD_RESET:
		timeout = RESET_TIMEOUT_MS;
		break;
	case CMD_CMGS:
		timeout = AT_CMGS_TIMEOUT_MS;
		break;
	default:
		timeout = AT_CMD_TIMEOUT_MS;
		break;
	}
	/*
	 * Not m->now: storing the SMS before this may have waited on a disk
	 * or a lock, and the deadline must count from the write.
	 */
	at_begin(m->at, c->text, c->kind == CMD_CMGS ? AT_EXPECT_PROMPT : 0,
	    clock_now_ms() + timeout);
	snprintf(line, sizeof(line), "%s\r", c->text);
	write_raw(m, line, strlen(line));
}

/* Queue the init sequence after the sync; see 27.005 and 27.007. */
static void
queue_init(struct modem *m)
{
	static const struct {
		const char *text;
		bool required;
	} steps[] = {
		{ "ATE0", false },		/* no echo; at.c copes anyway */
		{ "AT+CMEE=1", false },		/* numeric +CME ERROR codes */
	};
	struct cmd *c;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		c = cmd_new(CMD_INIT, steps[i].text);
		c->required = steps[i].required;
		enqueue(m, c);
	}
	enqueue(m, cmd_new(CMD_CPIN, "AT+CPIN?"));
}

/*
 * AT+CPMS with the configured memory for reading, writing and receiving
 * (27.005 3.2.2), named n times: modems that refuse three take fewer.
 */
static struct cmd *
cpms_cmd(const struct modem *m, int n)
{
	char text[CMD_TEXT_MAX];
	struct cmd *c;
	int i;

	snprintf(text, sizeof(text), "AT+CPMS=");
	for (i = 0; i < n; i++) {
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "%s\"%s\"", i > 0 ? "," : "", m->conf.storage);
	}
	c = cmd_new(CMD_CPMS, text);
	c->index = n;
	return c;
}

/* AT+CNMI for the configured delivery, with status reports as ds says. */
static struct cmd *
cnmi_cmd(const struct modem *m, int ds)
{
	char text[CMD_TEXT_MAX];
	struct cmd *c;

	snprintf(text, sizeof(text), "AT+CNMI=2,%d,0,%d,0",
	    m->conf.direct ? CNMI_MT_DIRECT : CNMI_MT_STORED, ds);
	c = cmd_new(CMD_CNMI, text);
	c->index = ds;
	return c;
}

/* The steps after the SIM is ready. */
static void
queue_init_sms(struct modem *m)
{
	struct cmd *c;
	size_t i;

	m->sms_init_queued = true;
	c = cmd_new(CMD_INIT, "AT+CMGF=0");	/* PDU mode, 27.005 3.2.3 */
	c->required = true;
	enqueue(m, c);
	enqueue(m, cpms_cmd(m, 3));
	if (m->conf.direct) {
		/* Phase 2+: +CMT waits for our AT+CNMA (27.005 3.2.1). */
		enqueue(m, cmd_new(CMD_CSMS, "AT+CSMS=1"));
	}
	enqueue(m, cnmi_cmd(m, CNMI_DS_DIRECT));
	for (i = 0; i < m->conf.ninit; i++) {
		enqueue(m, cmd_new(CMD_INIT, m->conf.init[i]));
	}
}

static void
start_sync(struct modem *m)
{
	m->state = MS_INIT;
	m->sync_tries = 0;
	m->sms_init_queued = false;
	m->memory_warned = false;
	m->cnmi_mt = m->cnmi_ds = -1;
	m->cnma = false;
	timer_stop(&m->wake_at);
	timer_stop(&m->sweep_at);
	timer_stop(&m->health_at);
	/*
	 * First let the line go quiet: the late answer to a command given up
	 * on must not be read as the answer to AT, shifting all that follow.
	 */
	timer_set(&m->quiet_until, clock_now_ms(), QUIET_MS);
	timer_set(&m->quiet_limit, clock_now_ms(), QUIET_LIMIT_MS);
	set_link(m, MODEM_STARTING);
	/*
	 * ESC leaves a "> " prompt a previous run may have left open (Ctrl-Z
	 * would send whatever was typed there).
	 */
	write_raw(m, "\x1b", 1);
	enqueue(m, cmd_new(CMD_SYNC, "AT"));
}

static void
become_ready(struct modem *m)
{
	m->state = MS_READY;
	m->backoff_ms = MODEM_RECONNECT_MIN_MS;
	m->reset_tried = false;
	m->failed_inits = 0;
	log_info("modem '%s' ready", m->conf.device);
	enqueue(m, cmd_new(CMD_CMGL, "AT+CMGL=4"));
	timer_set(&m->health_at, m->now, 0);
	set_link(m, MODEM_READY);
}

/* Fail the command in flight and every queued one. */
static void
abandon(struct modem *m, const char *why)
{
	struct cmd *c;

	at_reset(m->at);
	buf_reset(&m->out);
	if (m->cur != NULL) {
		fail_send(m, m->cur, -1, why);
		m->cur = NULL;
	}
	while ((c = TAILQ_FIRST(&m->queue)) != NULL) {
		TAILQ_REMOVE(&m->queue, c, entry);
		fail_send(m, c, -1, why);
	}
	timer_stop(&m->sweep_at);
	timer_stop(&m->health_at);
}

/*
 * Start over on the open port: resynchronise and initialise again, after
 * a command went unanswered or the modem restarted by itself. What was in
 * flight fails and is retried from the outbox.
 */
static void
restart(struct modem *m, const char *why)
{
	if (m->state != MS_READY &&
	    ++m->failed_inits >= INIT_FAILURES_MAX) {
		m->failed_inits = 0;
		disconnect(m, why);
		return;
	}
	log_warnx("modem '%s': %s; initialising it again", m->conf.device,
	    why);
	set_error(m, "%s", why);
	m->status.restarts++;
	abandon(m, why);
	start_sync(m);
}

/* Silent even to AT: reset it, and wait for it to come back. */
static void
reset(struct modem *m)
{
	log_warnx("modem '%s': no answer to AT; resetting it (AT+CFUN=1,1)",
	    m->conf.device);
	set_error(m, "no answer to AT; reset");
	m->reset_tried = true;
	m->status.restarts++;
	enqueue(m, cmd_new(CMD_RESET, "AT+CFUN=1,1"));
}

/* Hand one stored SMS to the owner; delete its slot once it is stored. */
static void
deliver(struct modem *m, int index, const char *pdu)
{
	char text[32];
	struct cmd *c;

	if (m->ops->on_sms(m->arg, index, pdu, strlen(pdu)) != 0) {
		return;
	}
	if (index < 0 || queued(m, CMD_CMGD, index)) {
		return;
	}
	snprintf(text, sizeof(text), "AT+CMGD=%d", index);
	c = cmd_new(CMD_CMGD, text);
	c->index = index;
	enqueue(m, c);
}

/* A slot index or message reference at p: 0..65535, or -1. */
static int
parse_index(const char *p)
{
	char *end;
	long v;

	while (*p == ' ') {
		p++;
	}
	if (*p < '0' || *p > '9') {
		return -1;
	}
	v = strtol(p, &end, 10);
	if (v > 65535 || (*end != '\0' && *end != ',')) {
		return -1;
	}
	return (int)v;
}

/* "+CMGS: 7": the number after the colon. */
static int
leading_number(const char *line)
{
	const char *p = strchr(line, ':');

	return p == NULL ? -1 : parse_index(p + 1);
}

/*
 * Hand over the SMS of each header line in a listing or read response
 * (27.005 3.4.2, 3.4.3). Its PDU is the first line before the next header
 * that is hex of the length the header announced (with the SMSC field, or
 * without, as some modems list it), or else the first hex line, which
 * ingest stores raw if it cannot decode it. Lines some modem
 * slipped in between (a time-zone URC, a debug line) are passed over, and
 * a header without any hex line leaves the slot alone for the next sweep.
 * Only received SMS count; stored outgoing ones (stat 2 and 3) are not ours.
 */
static void
on_listing(struct modem *m, const struct at_event *ev, int read_index)
{
	struct at_sms_header h, next;
	const char *pdu, *first_hex;
	enum pdu_line kind;
	size_t i, j;

	for (i = 0; i < ev->nlines; i = j) {
		j = i + 1;
		if (at_parse_sms_header(ev->lines[i], &h) == -1) {
			continue;
		}
		if (h.index == -1) {
			h.index = read_index;
		}
		pdu = first_hex = NULL;
		buf_reset(&m->pdu);
		for (; j < ev->nlines && pdu == NULL; j++) {
			if (at_parse_sms_header(ev->lines[j], &next) == 0) {
				break;
			}
			kind = pdu_line_kind(ev->lines[j], strlen(ev->lines[j]),
			    (size_t)h.length);
			if (kind == PDU_LINE_EXACT) {
				pdu = ev->lines[j];
			} else if (kind == PDU_LINE_BARE) {
				/* An empty SMSC field: every PDU has one. */
				buf_adds(&m->pdu, "00");
				buf_adds(&m->pdu, ev->lines[j]);
				pdu = m->pdu.data;
			} else if (kind == PDU_LINE_HEX && first_hex == NULL) {
				first_hex = ev->lines[j];
			}
		}
		if (pdu == NULL) {
			pdu = first_hex;
		}
		if (pdu == NULL) {
			log_warnx("modem '%s': no PDU after the header of SMS "
			    "%d; leaving it for the next sweep",
			    m->conf.device, h.index);
		} else if (h.stat == 0 || h.stat == 1) {
			deliver(m, h.index, pdu);
		} else {
			log_debug("modem '%s': slot %d holds an outgoing SMS "
			    "(stat %d); leaving it", m->conf.device, h.index,
			    h.stat);
		}
	}
}

static void
on_cmgs(struct modem *m, struct cmd *c, const struct at_event *ev)
{
	char what[64];
	size_t i;
	int mr = -1;

	if (ev->final == AT_FINAL_OK) {
		if (!c->last) {
			return;		/* the next part is queued */
		}
		for (i = 0; i < ev->nlines; i++) {
			if (strncmp(ev->lines[i], "+CMGS:", 6) == 0) {
				mr = leading_number(ev->lines[i]);
			}
		}
		/* OK without +CMGS: sent, reference unknown (0). */
		m->written_cookie = 0;
		m->ops->on_sent(m->arg, c->cookie, mr < 0 ? 0 : mr & 0xff,
		    -1, NULL);
		return;
	}
	describe(ev, what, sizeof(what));
	drop_parts(m, c->cookie);
	m->written_cookie = 0;
	m->ops->on_sent(m->arg, c->cookie, -1,
	    ev->final == AT_FINAL_CMS ? ev->code : -1, what);
}

/* Queue a health poll: model (once), signal, network, storage, settings. */
static void
queue_health(struct modem *m)
{
	struct cmd *c;
	int h;

	if (queued(m, CMD_HEALTH, HEALTH_CNMI)) {
		return;
	}
	for (h = m->status.model[0] != '\0' ? HEALTH_CSQ : HEALTH_CGMM;
	    h < HEALTH_MAX; h++) {
		c = cmd_new(CMD_HEALTH, health_cmds[h]);
		c->index = h;
		enqueue(m, c);
	}
}

/* The answer to health query h: into m->status; the last one reports it. */
static void
on_health(struct modem *m, int h, const struct at_event *ev)
{
	struct modem_status *st = &m->status;
	struct at_fields f;
	const char *line = ev->nlines > 0 ? ev->lines[0] : "";
	int v, w;

	if (ev->final != AT_FINAL_OK) {
		line = "";	/* the figure stays unknown */
	}
	switch (h) {
	case HEALTH_CGMM:
		snprintf(st->model, sizeof(st->model), "%s", line);
		break;
	case HEALTH_CSQ:
		st->rssi = at_split(line, "+CSQ:", &f) >= 1 &&
		    at_field_int(&f, 0, &v) == 0 ? v : 99;
		break;
	case HEALTH_CREG:
		/* +CREG: <n>,<stat>[,<lac>,<ci>] */
		st->registration = at_split(line, "+CREG:", &f) >= 2 &&
		    at_field_int(&f, 1, &v) == 0 ? v : -1;
		break;
	case HEALTH_COPS:
		/* +COPS: <mode>[,<format>,<oper>[,<AcT>]] */
		snprintf(st->operator_name, sizeof(st->operator_name), "%s",
		    at_split(line, "+COPS:", &f) >= 3 ? f.text[2] : "");
		break;
	case HEALTH_CPMS:
		/* +CPMS: <mem1>,<used1>,<total1>,... */
		if (at_split(line, "+CPMS:", &f) >= 3 &&
		    at_field_int(&f, 1, &v) == 0 &&
		    at_field_int(&f, 2, &w) == 0) {
			st->sim_used = v;
			st->sim_total = w;
		} else {
			st->sim_used = st->sim_total = -1;
		}
		break;
	case HEALTH_CNMI:
		/*
		 * +CNMI: <mode>,<mt>,<bm>,<ds>,<bfr>. A modem that restarted
		 * without a word (no RDY) has lost what we set.
		 */
		m->ops->on_status(m->arg, st);
		if (m->cnmi_mt != -1 && at_split(line, "+CNMI:", &f) >= 2 &&
		    at_field_int(&f, 1, &v) == 0 && v != m->cnmi_mt) {
			restart(m, "modem settings lost (AT+CNMI)");
		}
		break;
	}
}

/* AT+CPIN? answered: go on, enter the PIN once, or stop. */
static void
on_cpin(struct modem *m, const struct at_event *ev)
{
	char text[CMD_TEXT_MAX], what[64];
	const char *state = "";

	if (ev->final != AT_FINAL_OK || ev->nlines == 0) {
		describe(ev, what, sizeof(what));
		snprintf(text, sizeof(text), "SIM not usable (AT+CPIN?: %s)",
		    what);
		disconnect(m, text);
		return;
	}
	if (strncmp(ev->lines[0], "+CPIN:", 6) == 0) {
		state = ev->lines[0] + 6 + strspn(ev->lines[0] + 6, " ");
	}
	if (strcmp(state, "READY") == 0) {
		queue_init_sms(m);
		return;
	}
	if (strcmp(state, "SIM PIN") == 0 && m->conf.pin[0] != '\0' &&
	    !m->pin_rejected) {
		snprintf(text, sizeof(text), "AT+CPIN=\"%s\"", m->conf.pin);
		enqueue(m, cmd_new(CMD_PIN, text));
		return;
	}
	if (strcmp(state, "SIM PIN") == 0) {
		snprintf(text, sizeof(text), "the SIM asks for its PIN and %s",
		    m->pin_rejected ? "modem.pin was rejected: fix it and "
		    "restart gopyd" : "modem.pin is empty");
	} else {
		snprintf(text, sizeof(text), "SIM state '%.40s', cannot go on",
		    state);
	}
	disconnect(m, text);
}

/* A command in flight got its final result. */
static void
on_response(struct modem *m, const struct at_event *ev)
{
	struct cmd *c = m->cur;
	char what[64], text[CMD_TEXT_MAX + 64];

	m->cur = NULL;
	if (c == NULL) {
		return;
	}
	describe(ev, what, sizeof(what));
	if (ev->final == AT_FINAL_TIMEOUT && c->kind != CMD_SYNC &&
	    c->kind != CMD_RESET) {
		snprintf(what, sizeof(what), "no answer to %.40s", c->text);
		fail_send(m, c, -1, what);
		restart(m, what);
		return;
	}
	switch (c->kind) {
	case CMD_SYNC:
		if (ev->final == AT_FINAL_OK) {
			queue_init(m);
		} else if (++m->sync_tries < SYNC_TRIES) {
			enqueue(m, cmd_new(CMD_SYNC, "AT"));
		} else if (!m->reset_tried) {
			reset(m);
		} else {
			disconnect(m, "no answer to AT, even after a reset");
		}
		break;
	case CMD_RESET:
		/* It may answer OK, or reboot first: wait for it either way. */
		m->state = MS_WAKING;
		timer_set(&m->wake_at, m->now, WAKE_MS);
		break;
	case CMD_CPMS:
		if (ev->final != AT_FINAL_OK && c->index > 1) {
			enqueue_first(m, cpms_cmd(m, c->index - 1));
		} else if (ev->final != AT_FINAL_OK) {
			log_warnx("modem '%s': %s failed (%s); using the "
			    "modem's own storage", m->conf.device, c->text,
			    what);
		}
		break;
	case CMD_CSMS:
		m->cnma = ev->final == AT_FINAL_OK;
		if (!m->cnma) {
			log_warnx("modem '%s': %s failed (%s); the modem "
			    "confirms each +CMT itself, so an SMS arriving "
			    "while the database is down is lost",
			    m->conf.device, c->text, what);
		}
		break;
	case CMD_CNMI:
		if (ev->final == AT_FINAL_OK) {
			m->cnmi_mt = m->conf.direct ? CNMI_MT_DIRECT :
			    CNMI_MT_STORED;
			m->cnmi_ds = c->index;
		} else if (c->index != 0) {
			/* Next, before the rest of the init. */
			enqueue_first(m, cnmi_cmd(m, 0));
			log_info("modem '%s': no status reports (%s)",
			    m->conf.device, what);
		} else {
			log_warnx("modem '%s': %s failed (%s); new SMS are "
			    "found by the sweep every %d s", m->conf.device,
			    c->text, what, m->conf.poll_interval);
			set_error(m, "%s failed (%s)", c->text, what);
		}
		break;
	case CMD_CNMA:
		if (ev->final != AT_FINAL_OK) {
			log_warnx("modem '%s': AT+CNMA failed (%s)",
			    m->conf.device, what);
		}
		break;
	case CMD_HEALTH:
		on_health(m, c->index, ev);
		break;
	case CMD_INIT:
		if (ev->final != AT_FINAL_OK && c->required) {
			snprintf(text, sizeof(text), "%.40s failed (%s)",
			    c->text, what);
			disconnect(m, text);
		} else if (ev->final != AT_FINAL_OK) {
			log_warnx("modem '%s': %s failed (%s), going on",
			    m->conf.device, c->text, what);
		}
		break;
	case CMD_CPIN:
		on_cpin(m, ev);
		break;
	case CMD_PIN:
		if (ev->final == AT_FINAL_OK) {
			log_info("modem '%s': PIN accepted", m->conf.device);
			enqueue(m, cmd_new(CMD_CPIN, "AT+CPIN?"));
		} else {
			/* A third wrong try locks the SIM: never retry. */
			m->pin_rejected = true;
			snprintf(text, sizeof(text), "PIN rejected (%s): fix "
			    "modem.pin and restart gopyd", what);
			disconnect(m, text);
		}
		break;
	case CMD_CMGL:
		if (ev->final == AT_FINAL_OK) {
			m->status.last_sweep = (int64_t)time(NULL);
			on_listing(m, ev, -1);
		} else {
			log_warnx("modem '%s': listing SMS failed (%s)",
			    m->conf.device, what);
		}
		timer_set(&m->sweep_at, m->now, m->conf.poll_interval * 1000LL);
		break;
	case CMD_CMGR:
		if (ev->final == AT_FINAL_OK) {
			on_listing(m, ev, c->index);
		} else {
			log_warnx("modem '%s': AT+CMGR=%d failed (%s)",
			    m->conf.device, c->index, what);
		}
		break;
	case CMD_CMGD:
		if (ev->final != AT_FINAL_OK) {
			log_warnx("modem '%s': deleting SMS %d failed (%s); "
			    "the next sweep retries", m->conf.device,
			    c->index, what);
		}
		break;
	case CMD_CMGS:
		on_cmgs(m, c, ev);
		break;
	}
	cmd_free(c);
	/* The SMS steps come after the SIM check; the last one ends init. */
	if (m->state == MS_INIT && init_done(m)) {
		become_ready(m);
	}
}

/*
 * +CMT and +CDS (27.005 3.4.1): an SMS or status report passed on, not
 * stored. It is confirmed with AT+CNMA only once it is committed; without
 * that the network delivers it again later.
 */
static void
on_direct(struct modem *m, const struct at_event *ev)
{
	if (ev->pdu == NULL) {
		log_warnx("modem '%s': %s without its PDU", m->conf.device,
		    ev->line);
		return;
	}
	if (m->ops->on_sms(m->arg, -1, ev->pdu, strlen(ev->pdu)) != 0 ||
	    !m->cnma) {
		return;
	}
	/* Next: the network waits for it (TR1M, 24.011 10). */
	enqueue_first(m, cmd_new(CMD_CNMA, "AT+CNMA"));
}

/*
 * +CMTI: "ME",3 names where the modem put the SMS. AT+CMGR and AT+CMGL
 * read modem.storage: a modem that stores elsewhere (it refused to receive
 * into modem.storage) fills up unseen. Say so, once per connection.
 */
static void
check_memory(struct modem *m, const char *line)
{
	struct at_fields f;

	if (at_split(line, line[2] == 'M' ? "+CMTI:" : "+CDSI:", &f) < 1 ||
	    strcmp(f.text[0], m->conf.storage) == 0 || m->memory_warned) {
		return;
	}
	m->memory_warned = true;
	log_warnx("modem '%s' stores new SMS in \"%s\" but gopyd reads "
	    "\"%s\": set modem.storage = \"%s\"", m->conf.device, f.text[0],
	    m->conf.storage, f.text[0]);
	set_error(m, "new SMS go to \"%s\", gopyd reads \"%s\"", f.text[0],
	    m->conf.storage);
}

/* Whether line says the modem (re)started: power-on URCs of the makers. */
static bool
is_restart(const char *line, bool ready)
{
	/* While initialising, +CPIN: READY and SMS Ready are its own steps. */
	return strcmp(line, "RDY") == 0 || (ready &&
	    (strcmp(line, "+CPIN: READY") == 0 ||
	    strcmp(line, "SMS Ready") == 0));
}

/*
 * +CMTI: "SM",5 (27.005 3.4.1): a new SMS in slot 5; +CDSI the same for a
 * status report.
 */
static void
on_urc(struct modem *m, const struct at_event *ev)
{
	char esc[2 * AT_LINE_MAX], text[32];
	const char *comma;
	struct cmd *c;
	int index;

	if (strncmp(ev->line, "+CMT:", 5) == 0 ||
	    strncmp(ev->line, "+CDS:", 5) == 0) {
		on_direct(m, ev);
		return;
	}
	if (m->state == MS_WAKING && is_restart(ev->line, true)) {
		log_info("modem '%s' is back (%s)", m->conf.device, ev->line);
		start_sync(m);
		return;
	}
	if (m->state != MS_WAKING && is_restart(ev->line,
	    m->state == MS_READY)) {
		snprintf(text, sizeof(text), "modem restarted (%.12s)",
		    ev->line);
		restart(m, text);
		return;
	}
	/* Huawei says ^BOOT now and then, rebooted or not: check. */
	if (strncmp(ev->line, "^BOOT", 5) == 0 && m->state == MS_READY &&
	    !queued(m, CMD_HEALTH, HEALTH_CNMI)) {
		c = cmd_new(CMD_HEALTH, health_cmds[HEALTH_CNMI]);
		c->index = HEALTH_CNMI;
		enqueue(m, c);
		return;
	}

	if ((strncmp(ev->line, "+CMTI:", 6) == 0 ||
	    strncmp(ev->line, "+CDSI:", 6) == 0) && m->state == MS_READY &&
	    (comma = strrchr(ev->line, ',')) != NULL) {
		check_memory(m, ev->line);
		index = parse_index(comma + 1);
		if (index >= 0 && !queued(m, CMD_CMGR, index)) {
			snprintf(text, sizeof(text), "AT+CMGR=%d", index);
			c = cmd_new(CMD_CMGR, text);
			c->index = index;
			enqueue(m, c);
		}
		return;
	}
	log_debug("modem '%s': %s", m->conf.device,
	    log_escape(esc, sizeof(esc), ev->line, strlen(ev->line)));
}

static void
on_at_event(void *arg, const struct at_event *ev)
{
	struct modem *m = arg;
	char esc[2 * AT_LINE_MAX];

	switch (ev->type) {
	case AT_EV_RESPONSE:
		on_response(m, ev);
		break;
	case AT_EV_PROMPT:
		if (m->cur != NULL && m->cur->kind == CMD_CMGS) {
			m->written_cookie = m->cur->cookie;
			write_raw(m, m->cur->pdu, strlen(m->cur->pdu));
			write_raw(m, "\x1a", 1);	/* Ctrl-Z ends the PDU */
		}
		break;
	case AT_EV_URC:
		on_urc(m, ev);
		break;
	case AT_EV_UNKNOWN:
		log_debug("modem '%s': ignored line '%s'", m->conf.device,
		    log_escape(esc, sizeof(esc), ev->line, strlen(ev->line)));
		break;
	case AT_EV_OVERLONG:
		/* Logged once; gopy status shows the count. */
		if (m->status.overlong++ == 0) {
			log_warnx("modem '%s': discarded a line over %d bytes; "
			    "gopy status counts any more", m->conf.device,
			    AT_LINE_MAX);
		}
		break;
	}
}

/* Drop the connection and schedule the next attempt with backoff. */
static void
disconnect(struct modem *m, const char *why)
{
	if (m->state == MS_INIT || m->state == MS_READY ||
	    m->state == MS_WAKING) {
		log_warnx("modem '%s': closing: %s", m->conf.device, why);
		set_error(m, "%s", why);
	}
	port_close(m->port);
	m->port = NULL;
	abandon(m, "modem disconnected");
	m->state = MS_CLOSED;
	timer_stop(&m->connect_deadline);
	timer_stop(&m->wake_at);
	set_link(m, MODEM_DOWN);
	timer_set(&m->reconnect_at, m->now, m->backoff_ms);
	m->backoff_ms *= 2;
	if (m->backoff_ms > MODEM_RECONNECT_MAX_MS) {
		m->backoff_ms = MODEM_RECONNECT_MAX_MS;
	}
}

static void
connected(struct modem *m)
{
	if (m->open_failures > 0) {
		log_info("modem '%s' open after %u failed attempts",
		    m->conf.device, m->open_failures);
	} else {
		log_info("modem '%s' open", m->conf.device);
	}
	m->open_failures = 0;
	timer_stop(&m->connect_deadline);
	at_reset(m->at);
	start_sync(m);
	kick(m);
}

/* The port could not be opened or connected: try again later. */
static void
open_failed(struct modem *m, const char *err)
{
	/* The first failure is news; the repeats are not. */
	if (m->open_failures++ == 0) {
		log_warnx("%s; retrying with backoff up to %d s", err,
		    MODEM_RECONNECT_MAX_MS / 1000);
	} else {
		log_debug("%s (attempt %u)", err, m->open_failures);
	}
	disconnect(m, err);
}

static void
open_port(struct modem *m)
{
	char err[512];

	timer_stop(&m->reconnect_at);
	m->port = port_open(&m->conf, err, sizeof(err));
	if (m->port == NULL) {
		open_failed(m, err);
		return;
	}
	if (port_connecting(m->port)) {
		m->state = MS_CONNECTING;
		timer_set(&m->connect_deadline, m->now, CONNECT_TIMEOUT_MS);
		return;
	}
	connected(m);
}

struct modem *
modem_new(const struct modem_conf *mc, const struct modem_ops *ops, void *arg)
{
	struct modem *m = xcalloc(1, sizeof(*m));

	m->conf = *mc;
	m->ops = ops;
	m->arg = arg;
	m->at = at_new(on_at_event, m);
	buf_init(&m->out);
	buf_init(&m->pdu);
	TAILQ_INIT(&m->queue);
	m->state = MS_CLOSED;
	m->backoff_ms = MODEM_RECONNECT_MIN_MS;
	m->now = clock_now_ms();
	m->reconnect_at = m->now;	/* open on the first timer */
	m->status.link = MODEM_DOWN;
	m->status.since = (int64_t)time(NULL);
	m->status.rssi = 99;
	m->status.registration = -1;
	m->status.sim_used = m->status.sim_total = -1;
	return m;
}

void
modem_free(struct modem *m)
{
	if (m == NULL) {
		return;
	}
	disconnect(m, "stopping");
	at_free(m->at);
	buf_release(&m->out);
	buf_release(&m->pdu);
	free(m);
}

int
modem_fd(const struct modem *m)
{
	return m->port != NULL ? port_fd(m->port) : -1;
}

short
modem_events(const struct modem *m)
{
	if (m->port == NULL) {
		return 0;
	}
	if (m->state == MS_CONNECTING) {
		return POLLOUT;
	}
	return (short)(POLLIN | (m->out.len > 0 ? POLLOUT : 0));
}

static void
read_input(struct modem *m)
{
	char chunk[READ_CHUNK], err[256], esc[2 * READ_CHUNK];
	size_t lines;
	ssize_t n;

	while (m->port != NULL) {
		n = port_read(m->port, chunk, sizeof(chunk), err, sizeof(err));
		if (n == -1) {
			disconnect(m, err);
			return;
		}
		if (n == 0) {
			return;
		}
		log_traffic("modem -> %s",
		    log_escape(esc, sizeof(esc), chunk, (size_t)n));
		if (m->quiet_until != 0) {
			timer_set(&m->quiet_until, clock_now_ms(), QUIET_MS);
		}
		lines = at_lines(m->at);
		at_feed(m->at, chunk, (size_t)n);
		/* A long answer coming in line by line is not a silent modem. */
		if (at_busy(m->at) && at_lines(m->at) > lines) {
			at_extend(m->at, clock_now_ms() + AT_CMD_TIMEOUT_MS);
		}
		kick(m);
	}
}

void
modem_on_io(struct modem *m, short revents, int64_t now)
{
	char err[256];

	m->now = now;
	if (m->port == NULL) {
		return;
	}
	if (m->state == MS_CONNECTING) {
		if (port_finish_connect(m->port, err, sizeof(err)) == -1) {
			open_failed(m, err);
			return;
		}
		connected(m);
		return;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		read_input(m);
	}
	/*
	 * A serial line that hung up (USB unplugged) reads as empty for ever
	 * and polls as ready for ever: drop it rather than spin.
	 */
	if (m->port != NULL && (revents & (POLLHUP | POLLERR))) {
		disconnect(m, revents & POLLERR ? "device error" : "hang-up");
		return;
	}
	if (m->port != NULL && (revents & POLLOUT)) {
		flush(m);
	}
	kick(m);
}

int64_t
modem_next_deadline(const struct modem *m)
{
	int64_t d = 0;

	switch (m->state) {
	case MS_CLOSED:
		return m->reconnect_at;
	case MS_CONNECTING:
		return m->connect_deadline;
	case MS_WAKING:
		return m->wake_at;
	case MS_INIT:
		d = timer_min(quiet_wait(m), at_deadline(m->at));
		break;
	case MS_READY:
		d = timer_min(timer_min(m->sweep_at, m->health_at),
		    at_deadline(m->at));
		break;
	}
	return d;
}

void
modem_on_timer(struct modem *m, int64_t now)
{
	m->now = now;
	if (m->state == MS_CLOSED && timer_due(m->reconnect_at, now)) {
		open_port(m);
		return;
	}
	if (m->state == MS_CONNECTING && timer_due(m->connect_deadline, now)) {
		disconnect(m, "connect timed out");
		return;
	}
	if (m->state == MS_WAKING && timer_due(m->wake_at, now)) {
		start_sync(m);
	}
	at_check_timeout(m->at, now);
	if (m->state == MS_READY && timer_due(m->sweep_at, now)) {
		timer_stop(&m->sweep_at);
		if (!queued(m, CMD_CMGL, 0)) {
			enqueue(m, cmd_new(CMD_CMGL, "AT+CMGL=4"));
		}
	}
	if (m->state == MS_READY && timer_due(m->health_at, now)) {
		timer_set(&m->health_at, now, MODEM_HEALTH_MS);
		queue_health(m);
	}
	kick(m);
}

const struct modem_status *
modem_status(const struct modem *m)
{
	return &m->status;
}

bool
modem_can_send(const struct modem *m)
{
	return m->state == MS_READY && !queued(m, CMD_CMGS, 0);
}

void
modem_send(struct modem *m, const struct modem_pdu *parts, size_t n,
    int64_t cookie, int64_t now)
{
	char text[32];
	struct cmd *c;
	size_t i;

	m->now = now;
	for (i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "AT+CMGS=%zu", parts[i].tpdu_len);
		c = cmd_new(CMD_CMGS, text);
		c->pdu = xstrdup(parts[i].hex);
		c->cookie = cookie;
		c->last = i + 1 == n;
		enqueue(m, c);
	}
	kick(m);
}
