/*
 * The control channel: line commands with which tests and the demo put SMS
 * on the SIM, whole or part by part, look at what the modem client did,
 * and wait for it. Every command gets one reply whose last line starts
 * with "ok" or "err". A client that waits has its next commands held until
 * the wait is answered.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "log.h"
#include "pdu.h"
#include "sim.h"
#include "xmalloc.h"

#define CTL_LINE_MAX	8192		/* bytes of one command line */
#define HEX_MAX		1024		/* digits of a deliver-pdu PDU */
#define WAIT_DEFAULT_MS	30000
#define WAIT_MAX_MS	86400000LL	/* a day */
#define REF16_FIRST	256		/* 16-bit references, above 8 bits */
#define MANY_MAX	1000000		/* messages of one deliver-many */
#define MANY_DIGITS_MAX	19		/* of its SENDER: fits 64 bits */
#define MANY_INTERVAL_MAX_MS 3600000

struct ctl_cmd {
	const char	*name;
	void		(*run)(struct sim *, struct sim_conn *, char *args);
};

/* The next space-separated word of *args, or NULL at the end. */
static char *
next_word(char **args)
{
	char *w;

	if (*args == NULL) {
		return NULL;
	}
	w = strsep(args, " ");
	return *w == '\0' ? NULL : w;
}

/* Undo the escapes \n, \r, \t and \\ of TEXT; -1 on any other. */
static int
unescape(const char *s, struct buf *out)
{
	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			buf_addc(out, *s);
			continue;
		}
		switch (*++s) {
		case 'n':
			buf_addc(out, '\n');
			break;
		case 'r':
			buf_addc(out, '\r');
			break;
		case 't':
			buf_addc(out, '\t');
			break;
		case '\\':
			buf_addc(out, '\\');
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/* The parts of one SMS as PDUs with their SMSC, in hex. */
struct parts {
	char	**hex;
	size_t	  n;
};

static void
parts_release(struct parts *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->hex[i]);
	}
	FREE(p->hex);
	p->n = 0;
}

/*
 * "SENDER gsm7|ucs2|auto TEXT" as the SMS-DELIVERs of its parts: one when
 * TEXT fits, else parts with the next concatenation reference, 8-bit or,
 * when wide, 16-bit. Returns -1 with the reason in err (the whole answer
 * after "err ") when it cannot; usage names the command.
 */
static int
encode_sms(struct sim *s, char *args, bool wide, const char *usage,
    struct parts *out, char *err, size_t errlen)
{
	struct pdu_span spans[PDU_PARTS_MAX];
	uint8_t pdu[PDU_MAX_BYTES];
	struct pdu_concat concat;
	enum pdu_coding coding;
	const char *sender, *cname;
	struct buf text, hex;
	int64_t now = (int64_t)time(NULL);
	int n, nparts, rc = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	buf_init(&text);
	buf_init(&hex);
	sender = next_word(&args);
	cname = next_word(&args);
	if (sender == NULL || cname == NULL || args == NULL) {
		snprintf(err, errlen, "usage: %s SENDER gsm7|ucs2|auto TEXT",
		    usage);
		goto done;
	}
	if (unescape(args, &text) == -1) {
		snprintf(err, errlen, "text: bad escape (\\n \\r \\t \\\\)");
		goto done;
	}
	if (strcmp(cname, "gsm7") == 0) {
		coding = PDU_CODING_GSM7;
	} else if (strcmp(cname, "ucs2") == 0) {
		coding = PDU_CODING_UCS2;
	} else if (strcmp(cname, "auto") == 0) {
		if (pdu_choose_coding(text.data, text.len, &coding) !=
		    PDU_OK) {
			snprintf(err, errlen, "text: invalid utf-8");
			goto done;
		}
	} else {
		snprintf(err, errlen, "coding '%.16s': not gsm7, ucs2 or auto",
		    cname);
		goto done;
	}
	nparts = (wide ? pdu_split16 : pdu_split)(text.data, text.len,
	    coding, spans, PDU_PARTS_MAX, err, errlen);
	if (nparts < 0) {
		goto done;
	}
	memset(&concat, 0, sizeof(concat));
	if (nparts > 1) {
		concat.ref = (uint16_t)(wide ? REF16_FIRST + s->next_ref %
		    (UINT16_MAX + 1 - REF16_FIRST) : s->next_ref % 256);
		concat.total = (uint8_t)nparts;
		s->next_ref++;
	}
	out->hex = xcalloc((size_t)nparts, sizeof(*out->hex));
	for (i = 0; i < (size_t)nparts; i++) {
		concat.seq = (uint8_t)(i + 1);
		n = pdu_encode_deliver(SIM_SMSC, sender, coding,
		    nparts > 1 ? &concat : NULL, text.data + spans[i].off,
		    spans[i].len, now, SIM_ZONE_MINUTES, pdu, sizeof(pdu), err,
		    errlen);
		if (n < 0) {
			parts_release(out);
			goto done;
		}
		buf_reset(&hex);
		pdu_to_hex(pdu, (size_t)n, &hex);
		out->hex[out->n++] = buf_detach(&hex);
	}
	rc = 0;

done:
	buf_release(&text);
	buf_release(&hex);
	return rc;
}

/*
 * Hand one part to the network and add where it went to the answer: its
 * slot, or a count of the parts queued.
 */
static void
deliver_one(struct sim *s, const char *hex, struct buf *line,
    size_t *queued)
{
	size_t slot;

	if ((slot = sim_deliver(s, hex, strlen(hex))) != 0) {
		buf_addf(line, " %zu", slot);
	} else {
		(*queued)++;
	}
}

/*
 * deliver SENDER gsm7|ucs2|auto TEXT: every part into the SIM, or into the
 * network's queue while the SIM is full or the modem takes +CMT.
 */
static void
ctl_deliver(struct sim *s, struct sim_conn *c, char *args)
{
	struct parts p;
	struct buf line;
	char err[160];
	size_t i, queued = 0;

	if (encode_sms(s, args, false, "deliver", &p, err, sizeof(err)) ==
	    -1) {
		sim_sendf(c, "err %s\n", err);
		return;
	}
	buf_init(&line);
	buf_adds(&line, "ok");
	for (i = 0; i < p.n; i++) {
		deliver_one(s, p.hex[i], &line, &queued);
	}
	if (queued > 0) {
		buf_addf(&line, " queued %zu", queued);
	}
	sim_sendf(c, "%s\n", line.data);
	buf_release(&line);
	parts_release(&p);
}

static void
many_stop(struct sim *s)
{
	struct sim_many *mm = &s->many;

	FREE(mm->coding);
	FREE(mm->text);
	mm->left = 0;
	timer_stop(&mm->next_at);
}

/*
 * The next message of deliver-many into the network, part by part as
 * deliver puts them. Returns -1 with the reason in err when it cannot be
 * made.
 */
static int
many_deliver_next(struct sim *s, char *err, size_t errlen)
{
	struct sim_many *mm = &s->many;
	struct parts p;
	struct buf args;
	size_t i;
	int rc;

	buf_init(&args);
	buf_addf(&args, "%s%0*llu %s %s (so %zu)", mm->prefix, mm->width,
	    mm->first + mm->next, mm->coding, mm->text, mm->next);
	rc = encode_sms(s, args.data, false, "deliver-many", &p, err, errlen);
	buf_release(&args);
	if (rc == -1) {
		return -1;
	}
	for (i = 0; i < p.n; i++) {
		sim_deliver(s, p.hex[i], strlen(p.hex[i]));
	}
	parts_release(&p);
	mm->next++;
	mm->left--;
	return 0;
}

/* Deliver the messages of deliver-many that are due at now. */
static void
many_run(struct sim *s, int64_t now)
{
	struct sim_many *mm = &s->many;
	char err[160];

	while (mm->left > 0 && (mm->interval == 0 ||
	    timer_due(mm->next_at, now))) {
		if (many_deliver_next(s, err, sizeof(err)) == -1) {
			log_warnx("deliver-many: message %zu: %s; stopping",
			    mm->next, err);
			many_stop(s);
			return;
		}
		if (mm->interval > 0) {
			/* A fixed rate: a late loop catches up. */
			mm->next_at += mm->interval;
		}
	}
	if (mm->left == 0) {
		many_stop(s);
	}
}

/*
 * deliver-many N MS SENDER CODING TEXT: N messages, each from its own
 * number and with its own text, so that no reply limit holds one back; all
 * at once (MS 0) or one every MS ms. The first is made now, so that a bad
 * argument is answered here.
 */
static void
ctl_deliver_many(struct sim *s, struct sim_conn *c, char *args)
{
	struct sim_many *mm = &s->many;
	const char *n_arg = next_word(&args), *ms_arg = next_word(&args);
	const char *sender = next_word(&args), *coding = next_word(&args);
	const char *digits;
	unsigned long long limit = 1;
	long long n, ms;
	char err[160];
	int i;

	if (n_arg == NULL || ms_arg == NULL || sender == NULL ||
	    coding == NULL || args == NULL ||
	    sim_parse_num(n_arg, 1, MANY_MAX, &n) == -1 ||
	    sim_parse_num(ms_arg, 0, MANY_INTERVAL_MAX_MS, &ms) == -1) {
		sim_sendf(c, "err usage: deliver-many N(1-%d) MS(0-%d) SENDER "
		    "gsm7|ucs2|auto TEXT\n", MANY_MAX, MANY_INTERVAL_MAX_MS);
		return;
	}
	if (mm->left > 0) {
		sim_sendf(c, "err deliver-many: %zu messages still to come\n",
		    mm->left);
		return;
	}
	digits = sender + (*sender == '+');
	for (i = 0; digits[i] != '\0'; i++) {
		limit *= 10;
	}
	if (i == 0 || i > MANY_DIGITS_MAX ||
	    strspn(digits, "0123456789") != (size_t)i ||
	    strtoull(digits, NULL, 10) + (unsigned long long)n > limit) {
		sim_sendf(c, "err sender '%.32s': not a number of 1-%d digits "
		    "with room for %lld more\n", sender, MANY_DIGITS_MAX, n);
		return;
	}
	memset(mm, 0, sizeof(*mm));
	memcpy(mm->prefix, sender, (size_t)(digits - sender));
	mm->first = strtoull(digits, NULL, 10);
	mm->width = i;
	mm->coding = xstrdup(coding);
	mm->text = xstrdup(args);
	mm->left = (size_t)n;
	mm->interval = ms;
	timer_set(&mm->next_at, s->now, ms);
	if (many_deliver_next(s, err, sizeof(err)) == -1) {
		many_stop(s);
		sim_sendf(c, "err %s\n", err);
		return;
	}
	many_run(s, s->now);
	sim_sendf(c, "ok %lld\n", n);
}

static struct sim_prepared *
find_prepared(struct sim *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nprepared; i++) {
		if (strcmp(s->prepared[i].name, name) == 0) {
			return &s->prepared[i];
		}
	}
	return NULL;
}

/* A name for prepare: 1 to SIM_NAME_MAX letters, digits, '-', '_', '.'. */
static bool
valid_name(const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)name[i]) &&
		    strchr("-_.", name[i]) == NULL) {
			return false;
		}
	}
	return n > 0 && n <= SIM_NAME_MAX;
}

/* prepare[16] NAME SENDER CODING TEXT: the parts, kept under NAME. */
static void
prepare(struct sim *s, struct sim_conn *c, char *args, bool wide)
{
	const char *usage = wide ? "prepare16" : "prepare";
	struct sim_prepared *pr;
	const char *name;
	struct parts p;
	char err[160];

	if ((name = next_word(&args)) == NULL) {
		sim_sendf(c, "err usage: %s NAME SENDER gsm7|ucs2|auto TEXT\n",
		    usage);
		return;
	}
	if (!valid_name(name)) {
		sim_sendf(c, "err name '%.40s': not 1-%d of A-Z a-z 0-9 - _ "
		    ".\n", name, SIM_NAME_MAX);
		return;
	}
	if (find_prepared(s, name) != NULL) {
		sim_sendf(c, "err name '%s': already prepared\n", name);
		return;
	}
	if (s->nprepared == SIM_PREPARED_MAX) {
		sim_sendf(c, "err %d messages prepared already\n",
		    SIM_PREPARED_MAX);
		return;
	}
	if (encode_sms(s, args, wide, usage, &p, err, sizeof(err)) == -1) {
		sim_sendf(c, "err %s\n", err);
		return;
	}
	s->prepared = xreallocarray(s->prepared, s->nprepared + 1,
	    sizeof(*s->prepared));
	pr = &s->prepared[s->nprepared++];
	memset(pr, 0, sizeof(*pr));
	memcpy(pr->name, name, strlen(name));
	pr->hex = p.hex;
	pr->nparts = p.n;
	log_debug("'%s' prepared: %zu parts", name, p.n);
	sim_sendf(c, "ok %zu\n", p.n);
}

static void
ctl_prepare(struct sim *s, struct sim_conn *c, char *args)
{
	prepare(s, c, args, false);
}

static void
ctl_prepare16(struct sim *s, struct sim_conn *c, char *args)
{
	prepare(s, c, args, true);
}

/* deliver-part NAME SEQ: part SEQ of a prepared message, again if asked. */
static void
ctl_deliver_part(struct sim *s, struct sim_conn *c, char *args)
{
	const struct sim_prepared *pr;
	const char *name = next_word(&args);
	const char *seq = next_word(&args);
	struct buf line;
	long long n;
	size_t queued = 0;

	if (name == NULL || seq == NULL || args != NULL) {
		sim_sendf(c, "err usage: deliver-part NAME SEQ\n");
		return;
	}
	if ((pr = find_prepared(s, name)) == NULL) {
		sim_sendf(c, "err name '%.40s': not prepared\n", name);
		return;
	}
	if (sim_parse_num(seq, 1, (long long)pr->nparts, &n) == -1) {
		sim_sendf(c, "err seq '%.16s': not 1-%zu\n", seq, pr->nparts);
		return;
	}
	buf_init(&line);
	buf_adds(&line, "ok");
	deliver_one(s, pr->hex[n - 1], &line, &queued);
	sim_sendf(c, "%s%s\n", line.data, queued > 0 ? " queued 1" : "");
	buf_release(&line);
}

/* deliver-pdu HEX: stored as given, for PDUs the encoder cannot make. */
static void
ctl_deliver_pdu(struct sim *s, struct sim_conn *c, char *args)
{
	uint8_t pdu[HEX_MAX / 2];
	const char *hex = next_word(&args);
	struct buf line;
	size_t n, queued = 0;

	if (hex == NULL || args != NULL) {
		sim_sendf(c, "err usage: deliver-pdu HEX\n");
		return;
	}
	if (pdu_from_hex(hex, strlen(hex), pdu, sizeof(pdu), &n) != PDU_OK ||
	    n == 0) {
		sim_sendf(c, "err pdu: not 1-%d octets of hex\n", HEX_MAX / 2);
		return;
	}
	buf_init(&line);
	buf_adds(&line, "ok");
	deliver_one(s, hex, &line, &queued);
	sim_sendf(c, "%s%s\n", line.data, queued > 0 ? " queued 1" : "");
	buf_release(&line);
}

/* sim: the occupied slots, and how many SMS wait in the network. */
static void
ctl_sim(struct sim *s, struct sim_conn *c, char *args)
{
	size_t i;

	if (args != NULL) {
		sim_sendf(c, "err usage: sim\n");
		return;
	}
	for (i = 0; i < s->opt.nslots; i++) {
		if (s->slots[i].hex != NULL) {
			sim_sendf(c, "slot %zu %s\n", i + 1, s->slots[i].hex);
		}
	}
	sim_sendf(c, "network %zu\n", sim_network_count(s));
	sim_sendf(c, "ok %zu\n", sim_slots_used(s));
}

static const char *const coding_names[] = { "gsm7", "8bit", "ucs2" };

/* sent: the whole SMS the modem client sent, in the order completed. */
static void
ctl_sent(struct sim *s, struct sim_conn *c, char *args)
{
	const struct sim_sent *m;
	struct buf line;
	size_t i;

	if (args != NULL) {
		sim_sendf(c, "err usage: sent\n");
		return;
	}
	buf_init(&line);
	for (i = 0; i < s->nsent; i++) {
		m = &s->sent[i];
		buf_reset(&line);
		buf_addf(&line, "sms %zu %s %s ", i + 1,
		    m->to[0] != '\0' ? m->to : "-",
		    m->mixed ? "mixed" : coding_names[m->coding]);
		sim_escape(&line, m->text, m->text_len, true);
		buf_addc(&line, '\n');
		sim_send(c, line.data, line.len);
	}
	buf_release(&line);
	sim_sendf(c, "ok %zu\n", s->nsent);
}

/* sent-parts: every SMS-SUBMIT the modem client sent, decoded. */
static void
ctl_sent_parts(struct sim *s, struct sim_conn *c, char *args)
{
	const struct sim_part *p;
	struct buf line;
	size_t i;

	if (args != NULL) {
		sim_sendf(c, "err usage: sent-parts\n");
		return;
	}
	buf_init(&line);
	for (i = 0; i < s->nparts; i++) {
		p = &s->parts[i];
		buf_reset(&line);
		buf_addf(&line, "part %zu %s %s %u %u %u ", i + 1,
		    p->to[0] != '\0' ? p->to : "-", coding_names[p->coding],
		    p->concat.ref, p->concat.seq, p->concat.total);
		sim_escape(&line, p->text, p->text_len, true);
		buf_addc(&line, '\n');
		sim_send(c, line.data, line.len);
	}
	buf_release(&line);
	sim_sendf(c, "ok %zu\n", s->nparts);
}

static const char *const report_states[] = {
	[SIM_REPORT_PENDING] = "pending",
	[SIM_REPORT_NETWORK] = "network",
	[SIM_REPORT_CDS] = "cds",
	[SIM_REPORT_CDSI] = "cdsi",
	[SIM_REPORT_DROPPED] = "dropped",
};

/*
 * reports: every status report the network made, with the part of
 * sent-parts it reports on and where it went.
 */
static void
ctl_reports(struct sim *s, struct sim_conn *c, char *args)
{
	const struct sim_report *r;
	size_t i;

	if (args != NULL) {
		sim_sendf(c, "err usage: reports\n");
		return;
	}
	for (i = 0; i < s->nreports; i++) {
		r = &s->reports[i];
		sim_sendf(c, "report %zu %zu %u %s %u %s", i + 1, r->part,
		    r->mr, r->to, r->status, report_states[r->state]);
		if (r->state == SIM_REPORT_CDSI) {
			sim_sendf(c, " %zu", r->slot);
		}
		sim_sendf(c, "\n");
	}
	sim_sendf(c, "ok %zu\n", s->nreports);
}

/*
 * latency: from each +CMTI to the AT+CMGD of its slot, in the order
 * deleted.
 */
static void
ctl_latency(struct sim *s, struct sim_conn *c, char *args)
{
	const struct sim_latency *l;
	size_t i;

	if (args != NULL) {
		sim_sendf(c, "err usage: latency\n");
		return;
	}
	for (i = 0; i < s->nlatencies; i++) {
		l = &s->latencies[i];
		sim_sendf(c, "latency %zu %zu %lld %lld %lld\n", i + 1, l->slot,
		    (long long)l->cmti_us, (long long)l->deleted_us,
		    (long long)(l->deleted_us - l->cmti_us));
	}
	sim_sendf(c, "ok %zu\n", s->nlatencies);
}

/* log: the AT command lines received. */
static void
ctl_log(struct sim *s, struct sim_conn *c, char *args)
{
	const char *line, *nl;
	size_t pos = 0, n;

	if (args != NULL) {
		sim_sendf(c, "err usage: log\n");
		return;
	}
	/* Every line in atlog ends with '\n'. */
	while (pos < s->atlog.len) {
		line = s->atlog.data + pos;
		nl = memchr(line, '\n', s->atlog.len - pos);
		n = (size_t)(nl - line) + 1;
		sim_send(c, "at ", 3);
		sim_send(c, line, n);
		pos += n;
	}
	sim_sendf(c, "ok %zu\n", s->natlog);
}

/* wait sent N [MS] | wait sim-empty [MS] | wait connected [MS] */
static void
ctl_wait(struct sim *s, struct sim_conn *c, char *args)
{
	const char *what = next_word(&args), *ms_arg;
	long long n = 0, ms = WAIT_DEFAULT_MS;
	enum sim_wait_kind kind;

	(void)s;
	if (what != NULL && strcmp(what, "sent") == 0) {
		kind = SIM_WAIT_SENT;
		if (sim_parse_num(next_word(&args), 0, 1000000000, &n) == -1) {
			goto usage;
		}
	} else if (what != NULL && strcmp(what, "sim-empty") == 0) {
		kind = SIM_WAIT_SIM_EMPTY;
	} else if (what != NULL && strcmp(what, "connected") == 0) {
		kind = SIM_WAIT_CONNECTED;
	} else {
		goto usage;
	}
	if ((ms_arg = next_word(&args)) != NULL &&
	    sim_parse_num(ms_arg, 0, WAIT_MAX_MS, &ms) == -1) {
		goto usage;
	}
	if (args != NULL) {
		goto usage;
	}
	c->wait.kind = kind;
	c->wait.n = (size_t)n;
	timer_set(&c->wait.deadline, clock_now_ms(), ms);
	return;

usage:
	sim_sendf(c, "err usage: wait sent N [MS] | wait sim-empty [MS] | "
	    "wait connected [MS]\n");
}

/* stats: what the modem counted. */
static void
ctl_stats(struct sim *s, struct sim_conn *c, char *args)
{
	const struct sim_stats *st = &s->stats;

	if (args != NULL) {
		sim_sendf(c, "err usage: stats\n");
		return;
	}
	sim_sendf(c, "cmt-sent %lu\ncmt-acked %lu\ncmgs-ok %lu\n"
	    "cmgs-error %lu\ncommands %lu\nreboots %lu\ndrops %lu\n"
	    "pin-tries %lu\ncmti-sent %lu\ncmti-lost %lu\ngarbage %lu\n"
	    "urc-inside %lu\nnoise %lu\n", st->cmt_sent, st->cmt_acked,
	    st->cmgs_ok, st->cmgs_error, st->commands, st->reboots, st->drops,
	    st->pin_tries, st->cmti_sent, st->cmti_lost, st->garbage,
	    st->urc_inside, st->noise);
	sim_sendf(c, "reports %lu\ncds-sent %lu\ncds-acked %lu\n"
	    "cdsi-sent %lu\nreports-dropped %lu\n", st->reports,
	    st->cds_sent, st->cds_acked, st->cdsi_sent, st->reports_dropped);
	sim_sendf(c, "bytes-in %lu\nbytes-out %lu\nok\n", st->bytes_in,
	    st->bytes_out);
}

/* fault [KEY VALUE]: set one, or list them all. */
static void
ctl_fault(struct sim *s, struct sim_conn *c, char *args)
{
	const char *key = next_word(&args), *value;
	struct buf list;
	char err[128];

	if (key == NULL) {
		buf_init(&list);
		simat_fault_list(s, &list);
		sim_send(c, list.data, list.len);
		buf_release(&list);
		sim_sendf(c, "ok\n");
		return;
	}
	value = next_word(&args);
	if (args != NULL) {
		sim_sendf(c, "err usage: fault [KEY VALUE]\n");
		return;
	}
	if (simat_fault_set(s, key, value == NULL ? "" : value, err,
	    sizeof(err)) == -1) {
		sim_sendf(c, "err %s\n", err);
		return;
	}
	log_debug("fault %s %s", key, value == NULL ? "" : value);
	sim_sendf(c, "ok\n");
}

/* stray LINE: slip LINE between the next listing header and its PDU. */
static void
ctl_stray(struct sim *s, struct sim_conn *c, char *args)
{
	if (args == NULL) {
		sim_sendf(c, "err usage: stray LINE\n");
		return;
	}
	buf_reset(&s->modem.stray);
	if (unescape(args, &s->modem.stray) == -1) {
		buf_reset(&s->modem.stray);
		sim_sendf(c, "err line: bad escape (\\n \\r \\t \\\\)\n");
		return;
	}
	sim_sendf(c, "ok\n");
}

static void
ctl_quit(struct sim *s, struct sim_conn *c, char *args)
{
	if (args != NULL) {
		sim_sendf(c, "err usage: quit\n");
		return;
	}
	sim_sendf(c, "ok\n");
	s->quit = true;
	s->quit_conn = c;
}

static const struct ctl_cmd ctl_cmds[] = {
	{ "deliver", ctl_deliver },
	{ "deliver-many", ctl_deliver_many },
	{ "deliver-pdu", ctl_deliver_pdu },
	{ "prepare", ctl_prepare },
	{ "prepare16", ctl_prepare16 },
	{ "deliver-part", ctl_deliver_part },
	{ "sim", ctl_sim },
	{ "sent", ctl_sent },
	{ "sent-parts", ctl_sent_parts },
	{ "reports", ctl_reports },
	{ "wait", ctl_wait },
	{ "latency", ctl_latency },
	{ "log", ctl_log },
	{ "stray", ctl_stray },
	{ "stats", ctl_stats },
	{ "fault", ctl_fault },
	{ "quit", ctl_quit },
};

static void
run_command(struct sim *s, struct sim_conn *c, char *line)
{
	char *args = line, *name;
	size_t i;

	name = strsep(&args, " ");
	for (i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++) {
		if (strcmp(name, ctl_cmds[i].name) == 0) {
			ctl_cmds[i].run(s, c, args);
			return;
		}
	}
	sim_sendf(c, "err unknown command\n");
}

/*
 * Answer c's wait when its condition holds or its deadline has passed.
 * Returns true when c no longer waits.
 */
static bool
wait_answer(struct sim *s, struct sim_conn *c, int64_t now)
{
	struct sim_wait *w = &c->wait;
	size_t used;

	switch (w->kind) {
	case SIM_WAIT_NONE:
		return true;
	case SIM_WAIT_SENT:
		if (s->nsent >= w->n) {
			sim_sendf(c, "ok %zu\n", s->nsent);
		} else if (timer_due(w->deadline, now)) {
			sim_sendf(c, "err timeout %zu\n", s->nsent);
		} else {
			return false;
		}
		break;
	case SIM_WAIT_SIM_EMPTY:
		used = sim_slots_used(s) + sim_network_count(s);
		if (used == 0) {
			sim_sendf(c, "ok\n");
		} else if (timer_due(w->deadline, now)) {
			sim_sendf(c, "err timeout %zu\n", used);
		} else {
			return false;
		}
		break;
	case SIM_WAIT_CONNECTED:
		if (s->modem_conn != NULL) {
			sim_sendf(c, "ok\n");
		} else if (timer_due(w->deadline, now)) {
			sim_sendf(c, "err timeout\n");
		} else {
			return false;
		}
		break;
	}
	w->kind = SIM_WAIT_NONE;
	timer_stop(&w->deadline);
	return true;
}

/*
 * Run the next complete line of c. Returns false when there is none; a
 * line that outgrows CTL_LINE_MAX is dropped up to its end.
 */
static bool
run_next_line(struct sim *s, struct sim_conn *c)
{
	char *nl;
	size_t len;

	nl = memchr(c->in.data, '\n', c->in.len);
	if (nl == NULL) {
		if (c->in.len > CTL_LINE_MAX) {
			c->dropping = true;
			buf_reset(&c->in);
		}
		return false;
	}
	*nl = '\0';
	len = (size_t)(nl - c->in.data);
	if (len > 0 && c->in.data[len - 1] == '\r') {
		c->in.data[--len] = '\0';
	}
	if (len > CTL_LINE_MAX) {
		sim_sendf(c, "err line too long\n");
	} else if (memchr(c->in.data, '\0', len) != NULL) {
		sim_sendf(c, "err nul byte in line\n");
	} else {
		run_command(s, c, c->in.data);
	}
	buf_consume(&c->in, (size_t)(nl - c->in.data) + 1);
	return true;
}

void
simctl_feed(struct sim_conn *c, const char *p, size_t len)
{
	const char *nl;

	if (c->dropping) {
		if ((nl = memchr(p, '\n', len)) == NULL) {
			return;
		}
		c->dropping = false;
		sim_sendf(c, "err line too long\n");
		len -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
	buf_add(&c->in, p, len);
}

void
simctl_run(struct sim *s, int64_t now)
{
	struct sim_conn *c;
	size_t i;

	many_run(s, now);
	for (i = 0; i < SIM_CTL_CLIENTS_MAX; i++) {
		if ((c = s->ctl[i]) == NULL) {
			continue;
		}
		while (!s->quit && wait_answer(s, c, now) &&
		    run_next_line(s, c)) {
			continue;
		}
	}
}

int64_t
simctl_next_deadline(const struct sim *s)
{
	const struct sim_conn *c;
	int64_t deadline = s->many.left > 0 ? s->many.next_at : 0;
	size_t i;

	for (i = 0; i < SIM_CTL_CLIENTS_MAX; i++) {
		if ((c = s->ctl[i]) != NULL && c->wait.kind != SIM_WAIT_NONE) {
			deadline = timer_min(deadline, c->wait.deadline);
		}
	}
	return deadline;
}

void
simctl_release(struct sim *s)
{
	size_t i, j;

	for (i = 0; i < s->nprepared; i++) {
		for (j = 0; j < s->prepared[i].nparts; j++) {
			free(s->prepared[i].hex[j]);
		}
		free(s->prepared[i].hex);
	}
	FREE(s->prepared);
	s->nprepared = 0;
	many_stop(s);
}
