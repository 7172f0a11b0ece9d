/*
 * modemsim: a GSM modem on a loopback TCP port for gopyd's integration
 * tests and the demo, with a second port to control it. This file owns the
 * process: options, sockets, signals, the one poll loop and the SIM slots;
 * simat.c speaks AT, simctl.c the control protocol. No threads, no fork.
 */
#include <sys/signalfd.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "pdu.h"
#include "sim.h"
#include "xmalloc.h"

#define READ_CHUNK	4096
#define NS_PER_S	1000000000LL
#define NS_PER_MS	1000000LL
#define PACE_CHUNK_MS	10	/* a paced line moves bytes in 10 ms steps */

/* Fixed poll slots, rebuilt on every pass; control clients follow. */
enum {
	PFD_SIGNAL,
	PFD_MODEM_LISTEN,
	PFD_CTL_LISTEN,
	PFD_MODEM,
	PFD_CTL,
	PFD_MAX = PFD_CTL + SIM_CTL_CLIENTS_MAX,
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: modemsim [-hNv] [-c ctlport] [-F key=value] "
	    "[-f portfile] [-n slots]\n\t\t[-P pin] [-p modemport] "
	    "[-S seed]\n");
	exit(1);
}

static void __attribute__((noreturn))
help(void)
{
	printf("usage: modemsim [-hNv] [-c ctlport] [-F key=value] "
	    "[-f portfile] [-n slots]\n\t\t[-P pin] [-p modemport] "
	    "[-S seed]\n\n"
	    "modemsim plays a GSM modem for gopyd's tests and demo. On "
	    "127.0.0.1 it takes one\nmodem client at a time on the -p port "
	    "(default: any free port), which gets a\nPDU-mode AT modem with "
	    "a SIM of -n slots (default %d) that survives reconnects\nand, "
	    "with -P, asks for a PIN (3 wrong tries lock it for good; -N: "
	    "lists PDUs\nwithout their SMSC field, as some modems do); and "
	    "control clients on the -c\nport, which put SMS on the SIM and "
	    "read back what the modem client did, one\nline command at a "
	    "time; each answer ends with a line \"ok ...\" or \"err ...\":\n\n"
	    "  deliver SENDER gsm7|ucs2|auto TEXT\n"
	    "      an SMS from the network; a long TEXT as concatenated parts "
	    "with an 8-bit\n      reference: ok SLOT... [queued N]. A part "
	    "finding the SIM full (or others\n      queued before it) waits "
	    "in the network and is stored, with its +CMTI, when\n      a slot "
	    "frees. With AT+CNMI=2,2 it goes to the client as +CMT\n      "
	    "instead; after AT+CSMS=1 each +CMT needs AT+CNMA within 10 s, "
	    "else\n      the network sends it again 5 s later, and after 5 "
	    "tries stores it\n      on the SIM\n"
	    "  deliver-many N MS SENDER CODING TEXT\n"
	    "      N messages as deliver makes them, message i (from 0) from "
	    "the number\n      SENDER + i with the text \"TEXT (so i)\": all "
	    "at once when MS is 0, else\n      one every MS ms from now: "
	    "ok N\n"
	    "  deliver-pdu HEX            a PDU (with SMSC) as given: "
	    "ok SLOT|queued 1\n"
	    "  prepare NAME SENDER CODING TEXT\n"
	    "      split and encode TEXT as deliver does, keep the parts "
	    "under NAME:\n      ok PARTS\n"
	    "  prepare16 NAME SENDER CODING TEXT\n"
	    "      the same with a 16-bit reference above 255\n"
	    "  deliver-part NAME SEQ      part SEQ (1-based) of NAME, again "
	    "if asked:\n      ok SLOT|queued 1\n"
	    "  sim                        the occupied slots, then "
	    "\"network N\": SMS waiting\n"
	    "  sent                       whole SMS the client sent, "
	    "concatenated parts\n      joined: sms N TO CODING TEXT\n"
	    "  sent-parts                 every part: part N TO CODING REF "
	    "SEQ TOTAL TEXT\n"
	    "  reports                    every status report: report N PART "
	    "MR TO ST STATE\n      [SLOT]; PART numbers the SMS-SUBMIT in "
	    "sent-parts, MR is the\n      reference +CMGS gave it, ST its "
	    "TP-ST; STATE is pending (report-delay\n      not over), network "
	    "(waiting for the client), cds, cdsi (stored in\n      SLOT) or "
	    "dropped\n"
	    "  stats                      counters: cmt-sent, cmt-acked, "
	    "cmgs-ok, cmgs-error,\n      commands, reboots, drops, "
	    "pin-tries, cmti-sent, cmti-lost, garbage,\n      urc-inside, "
	    "noise, reports, cds-sent, cds-acked, cdsi-sent,\n      "
	    "reports-dropped, bytes-in, bytes-out (on the modem connection, "
	    "from and\n      to the client)\n"
	    "  latency                    every SMS announced with +CMTI and "
	    "deleted since:\n      latency N SLOT CMTI_US DELETED_US "
	    "MICROSECONDS, the times in\n      microseconds on CLOCK_REALTIME "
	    "(+CMTI queued, AT+CMGD received)\n"
	    "  wait sent N [MS] | wait sim-empty [MS] | wait connected [MS]\n"
	    "      sim-empty: no SMS nor status report on the SIM or in the "
	    "network\n"
	    "  log                        the AT command lines received\n"
	    "  stray LINE                 LINE between the next listing "
	    "header and its PDU\n"
	    "  fault [KEY VALUE]          set a fault (0 or off: none); "
	    "alone, list them\n"
	    "  quit\n\n"
	    "Faults (also -F KEY=VALUE, repeatable, active from the first "
	    "byte):\n"
	    "  rate BPS            a serial line of BPS bytes/s both ways "
	    "(9600 baud: 960)\n"
	    "  latency MS          each answer starts MS ms after its "
	    "command\n"
	    "  noise PROFILE       huawei|simcom|quectel|wavecom|off: "
	    "unsolicited lines of\n                      that maker between "
	    "commands, every noise-interval MS\n                      on "
	    "average\n"
	    "  noise-interval MS   default 1000\n"
	    "  urc-inside P        chance per response of a noise line "
	    "among its lines\n"
	    "  garbage P           chance per response of junk before it "
	    "(NUL, 0xFF, bad\n"
	    "                      UTF-8, bare CR, now and then a line of "
	    "3000 bytes)\n"
	    "  cms-error P         chance of AT+CMGS failing with +CMS "
	    "ERROR: cms-code\n"
	    "  cms-code N          default 500\n"
	    "  drop-after N        close the connection on the Nth command "
	    "line from now,\n"
	    "                      unanswered and without effect (once)\n"
	    "  reboot [now]        restart now: power-on settings, prompt "
	    "cancelled, then\n"
	    "                      RDY, +CPIN: READY, SMS Ready after 300 "
	    "ms; the SIM stays\n"
	    "  reboot-after N      restart on the Nth command line from now, "
	    "unanswered\n                      (once)\n"
	    "  lost-cmti P         chance of a +CMTI never sent\n"
	    "  silent N            the next N command lines get no answer\n"
	    "  silent-until-reset on|off  no answer until AT+CFUN=1,1\n"
	    "  report-status ST    TP-ST of the status reports made from now "
	    "(TS 23.040\n                      9.2.3.15, decimal): 0 "
	    "delivered (default), 32-63 pending,\n                      "
	    "64-127 failed, e.g. 70 (validity period expired)\n"
	    "  report-delay MS     from a SUBMIT to its report, default 200\n"
	    "  report-store on|off store reports with +CDSI even when AT+CNMI "
	    "ds=1 asks for\n                      +CDS\n\n"
	    "Status reports: for each SMS-SUBMIT with TP-SRR the network makes "
	    "an\nSMS-STATUS-REPORT (the TP-MR of +CMGS, TP-RA its recipient, "
	    "TP-SCTS, TP-DT,\nTP-ST) and hands it over report-delay later as "
	    "AT+CNMI <ds> says: 0 drops it,\n1 sends \"+CDS: <length>\" and "
	    "its PDU (after AT+CSMS=1 awaiting AT+CNMA as\n+CMT does; "
	    "dropped after 5 tries), 2 stores it on the SIM with\n\"+CDSI: "
	    "\"SM\",<index>\", listed and read like an SMS.\n\n"
	    "Every random choice comes from one generator seeded with -S "
	    "(default: the\nclock). TEXT may escape \\n, \\r, \\t and \\\\. "
	    "Once both ports are bound\nmodemsim prints \"modem PORT\", "
	    "\"control PORT\" and \"seed N\" and writes the same\nto -f "
	    "portfile. -v logs events to stderr, -vv AT traffic too. "
	    "SIGTERM, SIGINT\nand quit end it with status 0.\n",
	    SIM_SLOTS_DEFAULT);
	exit(0);
}

/*
 * splitmix64 (Steele, Lea, Flood 2014): one 64-bit state, every seed good,
 * the same sequence on every machine.
 */
uint64_t
sim_rand(struct sim *s)
{
	uint64_t z;

	z = (s->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
sim_rand_below(struct sim *s, uint64_t n)
{
	return n == 0 ? 0 : sim_rand(s) % n;
}

bool
sim_chance(struct sim *s, double p)
{
	if (p <= 0) {
		return false;
	}
	/* 53 random bits as a double in [0, 1). */
	return (double)(sim_rand(s) >> 11) * 0x1.0p-53 < p;
}

int
sim_parse_num(const char *s, long long min, long long max, long long *v)
{
	long long n;
	char *end;

	if (s == NULL || *s < '0' || *s > '9') {
		return -1;
	}
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max) {
		return -1;
	}
	*v = n;
	return 0;
}

void
sim_send(struct sim_conn *c, const void *p, size_t len)
{
	buf_add(&c->out, p, len);
}

void
sim_sendf(struct sim_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&c->out, fmt, ap);
	va_end(ap);
}

void
sim_escape(struct buf *out, const char *p, size_t len, bool keep_utf8)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)p[i];
		if (c == '\\') {
			buf_adds(out, "\\\\");
		} else if (c == '\n') {
			buf_adds(out, "\\n");
		} else if (c == '\r') {
			buf_adds(out, "\\r");
		} else if (c == '\t') {
			buf_adds(out, "\\t");
		} else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !keep_utf8)) {
			buf_addf(out, "\\x%02x", c);
		} else {
			buf_addc(out, (char)c);
		}
	}
}

size_t
sim_tpdu_len(const char *hex, size_t hexlen)
{
	uint8_t smsc_len;
	size_t n, octets = hexlen / 2;

	/* <length> of +CMGL/+CMGR/+CMT leaves out the SMSC address. */
	if (pdu_from_hex(hex, 2, &smsc_len, 1, &n) != PDU_OK) {
		smsc_len = 0;
	}
	return octets > 1u + smsc_len ? octets - 1 - smsc_len : 0;
}

size_t
sim_slot_store(struct sim *s, const char *hex, size_t hexlen, bool report)
{
	struct sim_slot *sl;
	size_t i;

	for (i = 0; i < s->opt.nslots; i++) {
		sl = &s->slots[i];
		if (sl->hex != NULL) {
			continue;
		}
		sl->hex = xstrndup(hex, hexlen);
		sl->read = false;
		sl->report = report;
		sl->tpdu_len = sim_tpdu_len(hex, hexlen);
		log_debug("slot %zu stored", i + 1);
		simat_new_sms(s, i + 1);
		return i + 1;
	}
	return 0;
}

int64_t
sim_realtime_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
sim_slot_clear(struct sim *s, size_t index)
{
	struct sim_slot *sl = &s->slots[index - 1];
	struct sim_latency *l;

	if (sl->hex != NULL) {
		log_debug("slot %zu deleted", index);
	}
	if (sl->hex != NULL && sl->cmti_us != 0) {
		s->latencies = xreallocarray(s->latencies, s->nlatencies + 1,
		    sizeof(*s->latencies));
		l = &s->latencies[s->nlatencies++];
		l->slot = index;
		l->cmti_us = sl->cmti_us;
		l->deleted_us = sim_realtime_us();
	}
	FREE(sl->hex);
	sl->read = false;
	sl->report = false;
	sl->tpdu_len = 0;
	sl->cmti_us = 0;
}

size_t
sim_slots_used(const struct sim *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->opt.nslots; i++) {
		n += s->slots[i].hex != NULL;
	}
	return n;
}

size_t
sim_deliver(struct sim *s, const char *hex, size_t hexlen)
{
	struct sim_net_sms *n;
	size_t slot;

	if (s->nnet == 0 && s->modem.cmt == NULL && s->modem.cnmi[1] != 2 &&
	    (slot = sim_slot_store(s, hex, hexlen, false)) != 0) {
		return slot;
	}
	s->net = xreallocarray(s->net, s->nnet + 1, sizeof(*s->net));
	n = &s->net[s->nnet++];
	n->hex = xstrndup(hex, hexlen);
	n->attempts = 0;
	n->next_at = s->now;
	n->report = 0;
	log_debug("sms queued in the network (%zu waiting)", s->nnet);
	return 0;
}

size_t
sim_network_count(const struct sim *s)
{
	size_t i, n = s->nnet + (s->modem.cmt != NULL);

	for (i = 0; i < s->nreports; i++) {
		n += s->reports[i].state == SIM_REPORT_PENDING;
	}
	return n;
}

void
sim_report_submit(struct sim *s, uint8_t mr, const char *to)
{
	uint8_t pdu[PDU_MAX_BYTES];
	struct sim_report *r;
	struct buf hex;
	int64_t t = (int64_t)time(NULL);
	char err[128];
	int n;

	/* TP-DT: when the phone took it, a whole second after TP-SCTS. */
	n = pdu_encode_status_report(SIM_SMSC, mr, to, t, t +
	    (s->faults.report_delay + 999) / 1000, SIM_ZONE_MINUTES,
	    (uint8_t)s->faults.report_status, pdu, sizeof(pdu), err,
	    sizeof(err));
	if (n < 0) {
		log_warnx("no status report for TP-MR %u to '%s': %s", mr, to,
		    err);
		return;
	}
	s->reports = xreallocarray(s->reports, s->nreports + 1,
	    sizeof(*s->reports));
	r = &s->reports[s->nreports++];
	memset(r, 0, sizeof(*r));
	r->part = s->nparts;
	r->mr = mr;
	r->to = xstrdup(to);
	r->status = (uint8_t)s->faults.report_status;
	buf_init(&hex);
	pdu_to_hex(pdu, (size_t)n, &hex);
	r->hex = buf_detach(&hex);
	r->state = SIM_REPORT_PENDING;
	timer_set(&r->due_at, s->now, s->faults.report_delay);
	s->stats.reports++;
	log_debug("status report %zu (TP-MR %u, TP-ST %u) due in %ld ms",
	    s->nreports, mr, r->status, s->faults.report_delay);
}

void
sim_reports_due(struct sim *s)
{
	struct sim_net_sms *n;
	struct sim_report *r;
	size_t i;

	for (i = 0; i < s->nreports; i++) {
		r = &s->reports[i];
		if (r->state != SIM_REPORT_PENDING ||
		    !timer_due(r->due_at, s->now)) {
			continue;
		}
		/* Behind whatever the network holds already. */
		s->net = xreallocarray(s->net, s->nnet + 1, sizeof(*s->net));
		n = &s->net[s->nnet++];
		n->hex = xstrdup(r->hex);
		n->attempts = 0;
		n->next_at = 0;
		n->report = i + 1;
		r->state = SIM_REPORT_NETWORK;
	}
}

int64_t
sim_reports_next(const struct sim *s)
{
	int64_t d = 0;
	size_t i;

	for (i = 0; i < s->nreports; i++) {
		if (s->reports[i].state == SIM_REPORT_PENDING) {
			d = timer_min(d, s->reports[i].due_at);
		}
	}
	return d;
}

/* Append a whole SMS to the record. */
static void
sent_add(struct sim *s, const char *to, enum pdu_coding coding, bool mixed,
    const char *text, size_t text_len)
{
	struct sim_sent *rec;

	s->sent = xreallocarray(s->sent, s->nsent + 1, sizeof(*s->sent));
	rec = &s->sent[s->nsent++];
	rec->to = xstrdup(to);
	rec->coding = coding;
	rec->mixed = mixed;
	rec->text = xstrndup(text, text_len);
	rec->text_len = text_len;
	log_debug("sms %zu sent to %s", s->nsent, to);
}

/* The pending message the concatenated part p belongs to; new if none. */
static struct sim_pending *
pending_for(struct sim *s, const struct sim_part *p)
{
	struct sim_pending *pm;
	size_t i;

	for (i = 0; i < s->npending; i++) {
		pm = &s->pending[i];
		if (pm->ref == p->concat.ref && pm->total == p->concat.total &&
		    strcmp(pm->to, p->to) == 0) {
			return pm;
		}
	}
	s->pending = xreallocarray(s->pending, s->npending + 1,
	    sizeof(*s->pending));
	pm = &s->pending[s->npending++];
	memset(pm, 0, sizeof(*pm));
	pm->to = xstrdup(p->to);
	pm->ref = p->concat.ref;
	pm->total = p->concat.total;
	return pm;
}

void
sim_record_part(struct sim *s, const struct pdu_submit *sub)
{
	struct sim_pending *pm;
	const struct sim_part *first, *q;
	struct sim_part *p;
	struct buf text;
	bool mixed = false;
	size_t i;

	s->parts = xreallocarray(s->parts, s->nparts + 1, sizeof(*s->parts));
	p = &s->parts[s->nparts++];
	p->to = xstrdup(sub->to.text);
	p->coding = sub->coding;
	p->concat = sub->concat;
	p->text = xstrndup(sub->text, sub->text_len);
	p->text_len = sub->text_len;
	if (p->concat.total == 0) {
		sent_add(s, p->to, p->coding, false, p->text, p->text_len);
		return;
	}
	/* The decoder keeps only elements with 1 <= seq <= total. */
	pm = pending_for(s, p);
	if (pm->part[p->concat.seq - 1] != 0) {
		log_debug("part %u of %u (ref %u) to %s again", p->concat.seq,
		    p->concat.total, p->concat.ref, p->to);
		return;
	}
	pm->part[p->concat.seq - 1] = s->nparts;
	if (++pm->have < pm->total) {
		return;
	}
	buf_init(&text);
	first = &s->parts[pm->part[0] - 1];
	for (i = 0; i < pm->total; i++) {
		q = &s->parts[pm->part[i] - 1];
		mixed |= q->coding != first->coding;
		buf_add(&text, q->text, q->text_len);
	}
	sent_add(s, pm->to, first->coding, mixed, text.data, text.len);
	buf_release(&text);
	free(pm->to);
	*pm = s->pending[--s->npending];
}

/* A listening socket on 127.0.0.1:port; *bound gets the port it got. */
static int
listen_on(unsigned port, unsigned *bound)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof(sa);
	int fd, on = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		fatal("socket");
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1) {
		fatal("setsockopt SO_REUSEADDR");
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		fatal("bind '127.0.0.1:%u'", port);
	}
	if (listen(fd, 16) == -1) {
		fatal("listen '127.0.0.1:%u'", port);
	}
	if (getsockname(fd, (struct sockaddr *)&sa, &salen) == -1) {
		fatal("getsockname");
	}
	*bound = ntohs(sa.sin_port);
	return fd;
}

/* Write the ports to path atomically: a reader sees all or nothing. */
static void
write_port_file(const char *path, unsigned modem, unsigned ctl,
    uint64_t seed)
{
	char tmp[PATH_MAX];
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >=
	    sizeof(tmp)) {
		fatalx("port file '%s': name too long", path);
	}
	if ((f = fopen(tmp, "w")) == NULL) {
		fatal("open '%s'", tmp);
	}
	fprintf(f, "modem %u\ncontrol %u\nseed %" PRIu64 "\n", modem, ctl,
	    seed);
	if (fflush(f) == EOF || fsync(fileno(f)) == -1) {
		fatal("write '%s'", tmp);
	}
	if (fclose(f) == EOF) {
		fatal("close '%s'", tmp);
	}
	if (rename(tmp, path) == -1) {
		fatal("rename '%s' to '%s'", tmp, path);
	}
}

static struct sim_conn *
conn_new(int fd)
{
	struct sim_conn *c = xcalloc(1, sizeof(*c));

	c->fd = fd;
	buf_init(&c->in);
	buf_init(&c->out);
	return c;
}

static void
conn_free(struct sim *s, struct sim_conn *c)
{
	if (s->quit_conn == c) {
		s->quit_conn = NULL;
	}
	close(c->fd);
	buf_release(&c->in);
	buf_release(&c->out);
	free(c);
}

static void
close_modem(struct sim *s)
{
	conn_free(s, s->modem_conn);
	s->modem_conn = NULL;
	log_debug("modem client gone");
}

static void
close_ctl(struct sim *s, size_t i)
{
	conn_free(s, s->ctl[i]);
	s->ctl[i] = NULL;
}

/* A new modem client replaces the old one, as a reopened serial port. */
static void
accept_modem(struct sim *s, int lfd)
{
	int fd, on = 1;

	if ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) ==
	    -1) {
		if (errno != EAGAIN && errno != EINTR) {
			log_warn("accept modem client");
		}
		return;
	}
	/*
	 * A serial line has no Nagle: without this a prompt or an answer
	 * right after a URC waits for the client's delayed ACK, 40 ms.
	 */
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == -1) {
		log_warn("setsockopt TCP_NODELAY");
	}
	if (s->modem_conn != NULL) {
		log_debug("modem client replaced");
		close_modem(s);
	}
	s->modem_conn = conn_new(fd);
	simat_connect(s);
	log_debug("modem client connected");
}

static void
accept_ctl(struct sim *s, int lfd)
{
	size_t i;
	int fd;

	if ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) ==
	    -1) {
		if (errno != EAGAIN && errno != EINTR) {
			log_warn("accept control client");
		}
		return;
	}
	for (i = 0; i < SIM_CTL_CLIENTS_MAX; i++) {
		if (s->ctl[i] == NULL) {
			s->ctl[i] = conn_new(fd);
			return;
		}
	}
	log_warnx("control client refused: %d already connected",
	    SIM_CTL_CLIENTS_MAX);
	close(fd);
}

/* The time of one byte on the line emulated by fault rate, in ns. */
static int64_t
byte_ns(const struct sim *s)
{
	return NS_PER_S / s->faults.rate;
}

size_t
sim_rx_arrived(const struct sim *s)
{
	const struct sim_conn *c = s->modem_conn;
	int64_t now_ns = s->now * NS_PER_MS, bns, pending;

	if (c == NULL) {
		return 0;
	}
	if (s->faults.rate <= 0 || c->rx_end_ns <= now_ns) {
		return c->in.len;
	}
	/* The bytes of in arrive back to back, the last at rx_end_ns. */
	bns = byte_ns(s);
	pending = (c->rx_end_ns - now_ns + bns - 1) / bns;
	return (size_t)pending >= c->in.len ? 0 : c->in.len - (size_t)pending;
}

/*
 * How many queued bytes the emulated line takes at s->now, and where the
 * line's clock starts for them: idle time saves up at most PACE_CHUNK_MS.
 */
static size_t
tx_allowed(const struct sim *s, const struct sim_conn *c, int64_t *base)
{
	int64_t now_ns = s->now * NS_PER_MS, n;

	if (s->faults.rate <= 0) {
		*base = now_ns;
		return c->out.len;
	}
	*base = c->tx_free_ns;
	if (*base < now_ns - PACE_CHUNK_MS * NS_PER_MS) {
		*base = now_ns - PACE_CHUNK_MS * NS_PER_MS;
	}
	if (*base >= now_ns) {
		return 0;
	}
	n = (now_ns - *base) / byte_ns(s);
	return (size_t)n > c->out.len ? c->out.len : (size_t)n;
}

/*
 * When the paced modem connection wants to run next: when a step of its
 * output may go, or a step of its input has arrived. 0: nothing paced.
 */
static int64_t
pace_deadline(const struct sim *s)
{
	const struct sim_conn *c = s->modem_conn;
	int64_t d = 0, base, bns, chunk, now_ns = s->now * NS_PER_MS, t;
	size_t arrived, allowed;

	if (c == NULL || s->faults.rate <= 0) {
		return 0;
	}
	bns = byte_ns(s);
	chunk = s->faults.rate * PACE_CHUNK_MS / 1000;
	if (chunk < 1) {
		chunk = 1;
	}
	allowed = c->out.len > 0 ? tx_allowed(s, c, &base) : 0;
	if (c->out.len > 0 && allowed < (size_t)chunk &&
	    allowed < c->out.len) {
		/* When a chunk (or all that is queued) may go. */
		t = base + (chunk < (int64_t)c->out.len ? chunk :
		    (int64_t)c->out.len) * bns;
		d = timer_min(d, t / NS_PER_MS + 1);
	}
	arrived = sim_rx_arrived(s);
	if (arrived > 0 && simat_takes_input(s)) {
		/* Arrived since simat_tick looked: take it at once. */
		d = s->now;
	} else if (arrived < c->in.len && simat_takes_input(s)) {
		/* The next chunk of input, or all of it, has come. */
		t = c->rx_end_ns - (int64_t)(c->in.len - arrived) * bns +
		    chunk * bns;
		if (t > c->rx_end_ns) {
			t = c->rx_end_ns;
		}
		if (t < now_ns) {
			t = now_ns;
		}
		d = timer_min(d, t / NS_PER_MS + 1);
	}
	return d;
}

/*
 * Write and read what poll reported for c. Returns -1 when c is to be
 * closed: an error, the end of a modem client, or more queued than the
 * caps allow.
 */
static int
conn_io(struct sim *s, struct sim_conn *c, short revents, bool modem)
{
	char chunk[READ_CHUNK];
	int64_t base;
	size_t allowed;
	ssize_t n;

	allowed = modem ? tx_allowed(s, c, &base) : c->out.len;
	if ((revents & POLLOUT) && allowed > 0) {
		n = send(c->fd, c->out.data, allowed, MSG_NOSIGNAL);
		if (n == -1 && errno != EAGAIN && errno != EINTR) {
			log_debug("send: %s", strerror(errno));
			return -1;
		}
		if (n > 0) {
			buf_consume(&c->out, (size_t)n);
			if (modem) {
				s->stats.bytes_out += (unsigned long)n;
			}
			if (modem && s->faults.rate > 0) {
				c->tx_free_ns = base + n * byte_ns(s);
			}
		}
	}
	if (revents & POLLIN) {
		n = recv(c->fd, chunk, sizeof(chunk), 0);
		if (n == -1 && errno != EAGAIN && errno != EINTR) {
			log_debug("recv: %s", strerror(errno));
			return -1;
		}
		if (n == 0 && modem) {
			return -1;
		}
		if (n == 0) {
			/* A last command without its newline still runs. */
			if (c->in.len > 0 &&
			    c->in.data[c->in.len - 1] != '\n') {
				simctl_feed(c, "\n", 1);
			}
			c->eof = true;
		} else if (n > 0 && modem) {
			/* Taken by simat_tick once arrived on the line. */
			buf_add(&c->in, chunk, (size_t)n);
			s->stats.bytes_in += (unsigned long)n;
			if (s->faults.rate > 0) {
				if (c->rx_end_ns < s->now * NS_PER_MS) {
					c->rx_end_ns = s->now * NS_PER_MS;
				}
				c->rx_end_ns += n * byte_ns(s);
			}
		} else if (n > 0) {
			simctl_feed(c, chunk, (size_t)n);
		}
	} else if (revents & (POLLERR | POLLHUP)) {
		return -1;
	}
	if (c->in.len > SIM_IN_MAX || c->out.len > SIM_OUT_MAX) {
		log_warnx("%s client dropped: %zu bytes in, %zu out queued",
		    modem ? "modem" : "control", c->in.len, c->out.len);
		return -1;
	}
	return 0;
}

/* POLLOUT only for output the (emulated) line takes now. */
static void
set_pfd(const struct sim *s, struct pollfd *pfd, const struct sim_conn *c)
{
	int64_t base;

	pfd->fd = c == NULL ? -1 : c->fd;
	pfd->events = 0;
	if (c != NULL && !c->eof) {
		pfd->events |= POLLIN;
	}
	if (c != NULL && c->out.len > 0 && (c != s->modem_conn ||
	    tx_allowed(s, c, &base) > 0)) {
		pfd->events |= POLLOUT;
	}
	pfd->revents = 0;
}

/* Run until a signal, or until quit has been answered. */
static void
loop(struct sim *s, int sigfd, int lmodem, int lctl)
{
	struct pollfd pfd[PFD_MAX];
	struct signalfd_siginfo si;
	struct sim_conn *c;
	int64_t now, deadline;
	size_t i;
	int timeout;

	for (;;) {
		pfd[PFD_SIGNAL].fd = sigfd;
		pfd[PFD_MODEM_LISTEN].fd = lmodem;
		pfd[PFD_CTL_LISTEN].fd = lctl;
		for (i = PFD_SIGNAL; i <= PFD_CTL_LISTEN; i++) {
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		s->now = now = clock_now_ms();
		set_pfd(s, &pfd[PFD_MODEM], s->modem_conn);
		for (i = 0; i < SIM_CTL_CLIENTS_MAX; i++) {
			set_pfd(s, &pfd[PFD_CTL + i], s->ctl[i]);
		}
		deadline = timer_min(simctl_next_deadline(s),
		    timer_min(simat_next_deadline(s), pace_deadline(s)));
		if (deadline == 0) {
			timeout = -1;
		} else {
			timeout = deadline <= now ? 0 :
			    (int)(deadline - now > INT_MAX ? INT_MAX :
			    deadline - now);
		}
		if (poll(pfd, PFD_MAX, timeout) == -1) {
			if (errno == EINTR) {
				continue;
			}
			fatal("poll");
		}
		if (pfd[PFD_SIGNAL].revents & POLLIN) {
			if (read(sigfd, &si, sizeof(si)) ==
			    (ssize_t)sizeof(si)) {
				log_debug("signal %u: exiting", si.ssi_signo);
			}
			return;
		}
		s->now = clock_now_ms();
		/* Clients before listeners: a new client may reuse an fd. */
		if (s->modem_conn != NULL && conn_io(s, s->modem_conn,
		    pfd[PFD_MODEM].revents, true) == -1) {
			close_modem(s);
		}
		for (i = 0; i < SIM_CTL_CLIENTS_MAX; i++) {
			if (s->ctl[i] != NULL && conn_io(s, s->ctl[i],
			    pfd[PFD_CTL + i].revents, false) == -1) {
				close_ctl(s, i);
			}
		}
		if (pfd[PFD_MODEM_LISTEN].revents & POLLIN) {
			accept_modem(s, lmodem);
		}
		if (pfd[PFD_CTL_LISTEN].revents & POLLIN) {
			accept_ctl(s, lctl);
		}
		simctl_run(s, s->now);
		simat_tick(s);
		if (s->modem.drop) {
			s->modem.drop = false;
			if (s->modem_conn != NULL) {
				s->stats.drops++;
				log_info("modem client dropped "
				    "(fault drop-after)");
				close_modem(s);
			}
		}
		/* What the modem did may answer a wait. */
		simctl_run(s, s->now);
		/* A client that has said all and heard all is done. */
		for (i = 0; i < SIM_CTL_CLIENTS_MAX; i++) {
			c = s->ctl[i];
			if (c != NULL && c->eof && c->out.len == 0 &&
			    c->wait.kind == SIM_WAIT_NONE) {
				close_ctl(s, i);
			}
		}
		if (s->quit && (s->quit_conn == NULL ||
		    s->quit_conn->out.len == 0)) {
			log_debug("quit");
			return;
		}
	}
}

int
main(int argc, char *argv[])
{
	struct sim s;
	struct timespec ts;
	sigset_t mask;
	unsigned modem_port, ctl_port;
	const char *faults[64];
	char key[32], err[128], *eq, *end;
	size_t nfaults = 0;
	bool seeded = false;
	long long v;
	int ch, sigfd, lmodem, lctl;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.opt.nslots = SIM_SLOTS_DEFAULT;
	log_init("modemsim", LOG_VERB_INFO);
	while ((ch = getopt(argc, argv, "c:F:f:hNn:P:p:S:v")) != -1) {
		switch (ch) {
		case 'c':
			if (sim_parse_num(optarg, 0, 65535, &v) == -1) {
				fatalx("-c '%s': not a port number", optarg);
			}
			s.opt.ctl_port = (unsigned)v;
			break;
		case 'F':
			if (nfaults == sizeof(faults) / sizeof(faults[0])) {
				fatalx("-F: more than %zu faults",
				    sizeof(faults) / sizeof(faults[0]));
			}
			faults[nfaults++] = optarg;
			break;
		case 'f':
			s.opt.port_file = optarg;
			break;
		case 'h':
			help();
		case 'N':
			s.opt.no_smsc = true;
			break;
		case 'n':
			if (sim_parse_num(optarg, 1, SIM_SLOTS_MAX, &v) == -1) {
				fatalx("-n '%s': not 1-%d slots", optarg,
				    SIM_SLOTS_MAX);
			}
			s.opt.nslots = (size_t)v;
			break;
		case 'P':
			if (strlen(optarg) < 4 || strlen(optarg) > 8 ||
			    strspn(optarg, "0123456789") != strlen(optarg)) {
				fatalx("-P: a PIN is 4-8 digits");
			}
			s.opt.pin = optarg;
			break;
		case 'p':
			if (sim_parse_num(optarg, 0, 65535, &v) == -1) {
				fatalx("-p '%s': not a port number", optarg);
			}
			s.opt.modem_port = (unsigned)v;
			break;
		case 'S':
			errno = 0;
			if (*optarg < '0' || *optarg > '9') {
				fatalx("-S '%s': not a seed (0-%" PRIu64 ")",
				    optarg, UINT64_MAX);
			}
			s.opt.seed = strtoull(optarg, &end, 10);
			if (errno != 0 || *end != '\0') {
				fatalx("-S '%s': not a seed (0-%" PRIu64 ")",
				    optarg, UINT64_MAX);
			}
			seeded = true;
			break;
		case 'v':
			s.opt.verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc) {
		usage();
	}
	log_init("modemsim", s.opt.verbose);
	if (!seeded) {
		clock_gettime(CLOCK_REALTIME, &ts);
		s.opt.seed = (uint64_t)ts.tv_sec * 1000000007ULL ^
		    (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 32;
		/* Seeds a person can type again: below 10^9. */
		s.opt.seed %= 1000000000ULL;
	}
	s.rng = s.opt.seed;
	s.now = clock_now_ms();

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) == -1) {
		fatal("sigprocmask");
	}
	if ((sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) == -1) {
		fatal("signalfd");
	}
	signal(SIGPIPE, SIG_IGN);

	lmodem = listen_on(s.opt.modem_port, &modem_port);
	lctl = listen_on(s.opt.ctl_port, &ctl_port);
	s.slots = xcalloc(s.opt.nslots, sizeof(*s.slots));
	buf_init(&s.atlog);
	simat_init(&s);
	for (i = 0; i < nfaults; i++) {
		if ((eq = strchr(faults[i], '=')) == NULL ||
		    (size_t)(eq - faults[i]) >= sizeof(key)) {
			fatalx("-F '%s': not KEY=VALUE", faults[i]);
		}
		memcpy(key, faults[i], (size_t)(eq - faults[i]));
		key[eq - faults[i]] = '\0';
		if (simat_fault_set(&s, key, eq + 1, err, sizeof(err)) == -1) {
			fatalx("-F '%s': %s", faults[i], err);
		}
	}
	log_info("seed %" PRIu64, s.opt.seed);
	if (s.opt.port_file != NULL) {
		write_port_file(s.opt.port_file, modem_port, ctl_port,
		    s.opt.seed);
	}
	printf("modem %u\ncontrol %u\nseed %" PRIu64 "\n", modem_port,
	    ctl_port, s.opt.seed);
	if (fflush(stdout) == EOF) {
		fatal("write ports to stdout");
	}

	loop(&s, sigfd, lmodem, lctl);

	if (s.modem_conn != NULL) {
		close_modem(&s);
	}
	for (i = 0; i < SIM_CTL_CLIENTS_MAX; i++) {
		if (s.ctl[i] != NULL) {
			close_ctl(&s, i);
		}
	}
	for (i = 0; i < s.opt.nslots; i++) {
		free(s.slots[i].hex);
	}
	for (i = 0; i < s.nparts; i++) {
		free(s.parts[i].to);
		free(s.parts[i].text);
	}
	for (i = 0; i < s.nsent; i++) {
		free(s.sent[i].to);
		free(s.sent[i].text);
	}
	for (i = 0; i < s.npending; i++) {
		free(s.pending[i].to);
	}
	for (i = 0; i < s.nreports; i++) {
		free(s.reports[i].to);
		free(s.reports[i].hex);
	}
	free(s.reports);
	free(s.latencies);
	for (i = 0; i < s.nnet; i++) {
		free(s.net[i].hex);
	}
	free(s.net);
	free(s.parts);
	free(s.sent);
	free(s.pending);
	free(s.slots);
	simctl_release(&s);
	buf_release(&s.atlog);
	simat_release(&s);
	close(lmodem);
	close(lctl);
	close(sigfd);
	return 0;
}
