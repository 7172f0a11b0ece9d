/*
 * AT response parser. It knows the shapes of lines (final results, URCs,
 * prompts) but not what any command means: the modem driver reads the
 * response lines. Built to survive modems that mix URCs into responses,
 * echo after ATE0, and send garbage.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "at.h"
#include "buf.h"
#include "xmalloc.h"

struct at {
	at_event_fn	*cb;
	void		*arg;

	char		 line[AT_LINE_MAX + 1];	/* the line being framed */
	size_t		 len;
	bool		 discarding;	/* inside an overlong line */
	size_t		 overlong;	/* overlong lines so far */
	bool		 skip_space;	/* the space after a "> " prompt */

	/* The pending command. */
	bool		 pending;
	char		 cmd[AT_LINE_MAX + 1];	/* as sent, for echo detection */
	char		 prefix[16];	/* "+CMGL" of "AT+CMGL=4": its response lines */
	int		 flags;
	bool		 prompted;
	int64_t		 deadline;
	struct buf	 resp;		/* response lines, each NUL-terminated */
	size_t		*offs;		/* where each line starts in resp */
	size_t		 nlines;
	size_t		 offs_cap;

	/* A two-line URC (+CMT, +CDS) whose PDU line is still to come. */
	char		 urc_head[AT_LINE_MAX + 1];
	bool		 want_pdu;

	unsigned	 generation;	/* counts at_reset, to stop an at_feed */
};

/*
 * Unsolicited result codes of 27.005, 27.007 and of the modems in the field.
 * A name ending in ':' matches as a prefix, other names the whole line.
 */
static const char *const urc_names[] = {
	"+CMTI:", "+CMT:", "+CDS:", "+CDSI:", "+CBM:", "+CBMI:",	/* 27.005 3.4.1 */
	"RING", "+CRING:", "+CLIP:", "+CREG:", "+CGREG:", "+CEREG:",
	"+CUSD:", "+CIEV:", "+CPIN:", "+CFUN:", "+CGEV:", "+CTZV:",
	"+CTZE:",							/* 27.007 */
	"^RSSI:", "^BOOT:", "^MODE:", "^SRVST:", "^SIMST:", "^HCSQ:",
	"^DSFLOWRPT:", "^CEND:", "^ORIG:", "^CONF:", "^CONN:",
	"^NWTIME:",							/* Huawei */
	"RDY", "Call Ready", "SMS Ready", "+PACSP0", "+PACSP1",
	"*PSUTTZ:", "DST:",						/* SIMCom */
	"+QIND:", "+QUSIM:",						/* Quectel */
	"+WIND:",							/* Wavecom */
	"+ZPBIC:", "+ZUSIMR:",						/* ZTE */
};

/* URCs followed by a PDU line in PDU mode (27.005 3.4.1). */
static const char *const urc_with_pdu[] = { "+CMT:", "+CDS:", "+CBM:" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static bool
matches_name(const char *line, const char *name)
{
	size_t n = strlen(name);

	if (name[n - 1] == ':') {
		return strncmp(line, name, n) == 0;
	}
	return strcmp(line, name) == 0;
}

static bool
in_list(const char *line, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (matches_name(line, names[i])) {
			return true;
		}
	}
	return false;
}

/* Parse the code of "+CME ERROR: 10"; -1 when it is missing or verbose. */
static int
error_code(const char *p)
{
	char *end;
	long v;

	while (*p == ' ') {
		p++;
	}
	if (!isdigit((unsigned char)*p)) {
		return -1;
	}
	v = strtol(p, &end, 10);
	if (*end != '\0' || v > 65535) {
		return -1;
	}
	return (int)v;
}

static bool
is_hex(const char *s)
{
	return *s != '\0' && s[strspn(s, "0123456789ABCDEFabcdef")] == '\0';
}

/* Whether line is a final result code; fills *final and *code when it is. */
static bool
is_final(const char *line, enum at_final *final, int *code)
{
	static const char *const dial_results[] = {
		"NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE",
		"COMMAND NOT SUPPORT",	/* ZTE MF-series, verbatim */
	};

	*code = -1;
	/* "0" and "4" are OK and ERROR in numeric mode (ATV0, V.250 6.2.6). */
	if (strcmp(line, "OK") == 0 || strcmp(line, "0") == 0) {
		*final = AT_FINAL_OK;
	} else if (strcmp(line, "ERROR") == 0 || strcmp(line, "4") == 0 ||
	    in_list(line, dial_results, NELEM(dial_results))) {
		*final = AT_FINAL_ERROR;
	} else if (strncmp(line, "+CME ERROR:", 11) == 0) {
		*final = AT_FINAL_CME;
		*code = error_code(line + 11);
	} else if (strncmp(line, "+CMS ERROR:", 11) == 0) {
		*final = AT_FINAL_CMS;
		*code = error_code(line + 11);
	} else {
		return false;
	}
	return true;
}

/* Response prefix of an extended command: "+CMGL" of "AT+CMGL=4". */
static void
set_prefix(struct at *a, const char *cmd)
{
	size_t n;

	a->prefix[0] = '\0';
	if (strncasecmp(cmd, "AT", 2) != 0 ||
	    (cmd[2] != '+' && cmd[2] != '^' && cmd[2] != '$')) {
		return;
	}
	n = strcspn(cmd + 2, "=?;");
	if (n + 1 >= sizeof(a->prefix)) {
		return;
	}
	memcpy(a->prefix, cmd + 2, n);
	a->prefix[n] = ':';
	a->prefix[n + 1] = '\0';
}

struct at *
at_new(at_event_fn *cb, void *arg)
{
	struct at *a = xcalloc(1, sizeof(*a));

	a->cb = cb;
	a->arg = arg;
	buf_init(&a->resp);
	return a;
}

void
at_free(struct at *a)
{
	if (a == NULL) {
		return;
	}
	buf_release(&a->resp);
	free(a->offs);
	free(a);
}

void
at_begin(struct at *a, const char *cmd, int flags, int64_t deadline)
{
	size_t n = strlen(cmd);

	if (n > AT_LINE_MAX) {
		n = AT_LINE_MAX;
	}
	memcpy(a->cmd, cmd, n);
	a->cmd[n] = '\0';
	set_prefix(a, a->cmd);
	a->pending = true;
	a->flags = flags;
	a->prompted = false;
	a->deadline = deadline;
	buf_reset(&a->resp);
	a->nlines = 0;
}

size_t
at_lines(const struct at *a)
{
	return a->pending ? a->nlines : 0;
}

void
at_extend(struct at *a, int64_t deadline)
{
	if (a->pending && deadline > a->deadline) {
		a->deadline = deadline;
	}
}

int64_t
at_deadline(const struct at *a)
{
	return a->pending ? a->deadline : 0;
}

bool
at_busy(const struct at *a)
{
	return a->pending;
}

void
at_reset(struct at *a)
{
	a->generation++;
	a->pending = false;
	a->len = 0;
	a->discarding = false;
	a->skip_space = false;
	a->want_pdu = false;
	buf_reset(&a->resp);
	a->nlines = 0;
}

static void
emit_line(struct at *a, enum at_event_type type, const char *line,
    const char *pdu)
{
	struct at_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.line = line;
	ev.pdu = pdu;
	ev.code = -1;
	a->cb(a->arg, &ev);
}

/* End the pending command with a final result and report its response. */
static void
finish(struct at *a, enum at_final final, int code)
{
	const char **lines;
	struct at_event ev;
	size_t i;

	lines = xreallocarray(NULL, a->nlines + 1, sizeof(*lines));
	for (i = 0; i < a->nlines; i++) {
		lines[i] = a->resp.data + a->offs[i];
	}
	memset(&ev, 0, sizeof(ev));
	ev.type = AT_EV_RESPONSE;
	ev.final = final;
	ev.code = code;
	ev.lines = lines;
	ev.nlines = a->nlines;
	a->pending = false;
	a->cb(a->arg, &ev);
	free(lines);
}

static void
add_response_line(struct at *a, const char *line)
{
	if (a->nlines == AT_RESPONSE_LINES_MAX) {
		return;		/* the rest is found by the next sweep */
	}
	if (a->nlines == a->offs_cap) {
		a->offs_cap = a->offs_cap == 0 ? 16 : a->offs_cap * 2;
		a->offs = xreallocarray(a->offs, a->offs_cap, sizeof(*a->offs));
	}
	a->offs[a->nlines++] = a->resp.len;
	buf_add(&a->resp, line, strlen(line) + 1);
}

static void
process_line(struct at *a, char *line)
{
	enum at_final final;
	size_t n = strlen(line);
	int code;

	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t')) {
		line[--n] = '\0';
	}
	if (n == 0) {
		return;
	}
	if (a->want_pdu) {
		a->want_pdu = false;
		if (is_hex(line)) {
			emit_line(a, AT_EV_URC, a->urc_head, line);
			return;
		}
		/* Not its PDU: report the URC bare, then read the line as itself. */
		emit_line(a, AT_EV_URC, a->urc_head, NULL);
	}
	/* Echo, also after ATE0: some modems (SIM800 after a reset) echo anyway. */
	if (a->pending && strcasecmp(line, a->cmd) == 0) {
		return;
	}
	if (a->pending && is_final(line, &final, &code)) {
		finish(a, final, code);
		return;
	}
	/* "+CPIN: READY" answers AT+CPIN? when asked, and is a URC otherwise. */
	if (in_list(line, urc_names, NELEM(urc_names)) &&
	    !(a->pending && a->prefix[0] != '\0' &&
	    strncmp(line, a->prefix, strlen(a->prefix)) == 0)) {
		if (in_list(line, urc_with_pdu, NELEM(urc_with_pdu))) {
			memcpy(a->urc_head, line, n + 1);
			a->want_pdu = true;
		} else {
			emit_line(a, AT_EV_URC, line, NULL);
		}
		return;
	}
	if (a->pending) {
		add_response_line(a, line);
	} else {
		emit_line(a, AT_EV_UNKNOWN, line, NULL);
	}
}

void
at_feed(struct at *a, const char *p, size_t len)
{
	unsigned generation = a->generation;
	struct at_event ev;
	size_t i;
	char c;

	/* An event callback may reset the parser: then the rest is stale. */
	for (i = 0; i < len && a->generation == generation; i++) {
		c = p[i];
		if (c == '\r' || c == '\n') {
			if (!a->discarding && a->len > 0) {
				a->line[a->len] = '\0';
				process_line(a, a->line);
			}
			a->discarding = false;
			a->skip_space = false;
			a->len = 0;
			continue;
		}
		if (a->discarding || c == '\0') {
			continue;
		}
		if (a->skip_space) {
			a->skip_space = false;
			if (c == ' ') {
				continue;
			}
		}
		if (a->len == AT_LINE_MAX) {
			a->discarding = true;
			a->len = 0;
			memset(&ev, 0, sizeof(ev));
			ev.type = AT_EV_OVERLONG;
			ev.code = -1;
			ev.overlong = ++a->overlong;
			a->cb(a->arg, &ev);
			continue;
		}
		a->line[a->len++] = c;
		/* The prompt comes without a line end (27.005 3.5.1). */
		if (a->pending && (a->flags & AT_EXPECT_PROMPT) &&
		    !a->prompted && a->len == 1 && c == '>') {
			a->prompted = true;
			a->len = 0;
			a->skip_space = true;
			emit_line(a, AT_EV_PROMPT, NULL, NULL);
		}
	}
}

int64_t
at_check_timeout(struct at *a, int64_t now)
{
	if (!a->pending) {
		return 0;
	}
	if (a->deadline <= now) {
		finish(a, AT_FINAL_TIMEOUT, -1);
	}
	return a->pending ? a->deadline : 0;
}

/* A field of a header: digits up to a comma or the end. */
static int
header_number(const char **p)
{
	char *end;
	long v;

	if (**p < '0' || **p > '9') {
		return -1;
	}
	v = strtol(*p, &end, 10);
	if (v > 65535 || (*end != ',' && *end != '\0')) {
		return -1;
	}
	*p = end;
	return (int)v;
}

int
at_parse_sms_header(const char *line, struct at_sms_header *h)
{
	const char *p, *last;
	bool cmgl;

	if (strncmp(line, "+CMGL:", 6) == 0) {
		cmgl = true;
	} else if (strncmp(line, "+CMGR:", 6) == 0) {
		cmgl = false;
	} else {
		return -1;
	}
	p = line + 6 + strspn(line + 6, " ");
	h->index = -1;
	if (cmgl && ((h->index = header_number(&p)) == -1 || *p++ != ',')) {
		return -1;
	}
	if ((h->stat = header_number(&p)) == -1 || *p != ',') {
		return -1;
	}
	/*
	 * <alpha> may be quoted text with commas, and some modems leave the
	 * field out: <length> is the last field.
	 */
	last = strrchr(p, ',');
	p = last + 1;
	if ((h->length = header_number(&p)) == -1 || *p != '\0') {
		return -1;
	}
	return 0;
}

bool
at_cms_permanent(int code)
{
	static const int permanent[] = {
		1,	/* unassigned (unallocated) number */
		8,	/* operator determined barring */
		10,	/* call barred */
		21,	/* short message transfer rejected */
		28,	/* unidentified subscriber */
		29,	/* facility rejected */
		30,	/* unknown subscriber */
		50,	/* requested facility not subscribed */
		69,	/* requested facility not implemented */
		96,	/* invalid mandatory information */
		97,	/* message type non-existent or not implemented */
		98,	/* message not compatible with protocol state */
		99,	/* information element non-existent or not implemented */
		111,	/* protocol error, unspecified */
		127,	/* interworking, unspecified */
		301,	/* SMS service of ME reserved */
		302,	/* operation not allowed */
		303,	/* operation not supported */
		304,	/* invalid PDU mode parameter */
		305,	/* invalid text mode parameter */
	};
	size_t i;

	for (i = 0; i < NELEM(permanent); i++) {
		if (permanent[i] == code) {
			return true;
		}
	}
	return false;
}

int
at_split(const char *line, const char *prefix, struct at_fields *f)
{
	const char *p;
	bool quoted = false;
	size_t len = 0;

	memset(f, 0, sizeof(*f));
	if (strncmp(line, prefix, strlen(prefix)) != 0) {
		return -1;
	}
	p = line + strlen(prefix);
	p += strspn(p, " ");
	if (*p == '\0') {
		return 0;
	}
	f->n = 1;
	for (; *p != '\0'; p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (*p == ',' && !quoted) {
			if (f->n == AT_FIELDS_MAX) {
				break;
			}
			f->n++;
			len = 0;
		} else if (len + 1 < AT_FIELD_MAX) {
			f->text[f->n - 1][len++] = *p;
		}
	}
	return f->n;
}

int
at_field_int(const struct at_fields *f, int i, int *v)
{
	const char *s;
	char *end;
	long n;

	if (i < 0 || i >= f->n) {
		return -1;
	}
	s = f->text[i] + strspn(f->text[i], " ");
	if (*s < '0' || *s > '9') {
		return -1;
	}
	n = strtol(s, &end, 10);
	if (n > 65535 || end[strspn(end, " ")] != '\0') {
		return -1;
	}
	*v = (int)n;
	return 0;
}
