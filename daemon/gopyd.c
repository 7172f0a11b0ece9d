/*
 * gopyd: the SMS gateway daemon. Loads the configuration, opens the
 * database, and runs one poll() loop over the modem and a signalfd. Every
 * SMS read from the modem goes through ingest (stored before it is deleted);
 * the outbox is sent one SMS at a time. Always in the foreground: systemd
 * supervises it.
 */
#include <sys/signalfd.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "at.h"
#include "buf.h"
#include "classify.h"
#include "clock.h"
#include "conf.h"
#include "ingest.h"
#include "log.h"
#include "modem.h"
#include "notify.h"
#include "pdu.h"
#include "perm.h"
#include "statusfile.h"
#include "store.h"
#include "tz.h"

#define OUTBOX_CHECK_MS		10000	/* look for SMS queued by gopy */
#define OUTBOX_RETRY_MAX_S	3600	/* the longest wait between tries */
#define STALE_CHECK_MS		60000	/* look for parts waited for too long */
#define HEARTBEAT_MS		60000	/* the status row shows gopyd alive */
/*
 * After the database refused a write, SMS wait on the SIM this long before
 * one tries it again: the rest of a listing is not made to wait out the
 * busy timeout one by one. Far shorter than a sweep (modem.poll_interval).
 */
#define DB_RETRY_MS		2000

enum {
	PFD_SIGNAL,
	PFD_MODEM,
	PFD_MAX,
};

struct gopyd {
	struct gopy_conf	 conf;
	struct store		*store;
	struct classifier	*classifier;
	struct commune_matcher	*communes;
	struct modem		*modem;
	int			 sigfd;
	bool			 quit;

	bool			 outbox_dirty;	/* something may be queued */
	int64_t			 outbox_check_at;
	int64_t			 sending_id;	/* outbox row in flight, 0 none */
	int64_t			 stale_check_at; /* for parts that never came */
	int64_t			 heartbeat_at;
	int			 sending_attempts;
	unsigned		 store_failures; /* SMS not stored for their
						   data, in a row, for the log */
	/* The last time the database refused a write, for gopy status. */
	char			 store_error[256];
	int64_t			 store_error_at;
	/* While the database refuses writes (locked, full, read-only): */
	int64_t			 db_down_since;	/* Unix time; 0: it takes them */
	unsigned		 db_refusals;	/* writes refused since */
	int64_t			 db_retry_at;	/* ms: the next write tried */
	bool			 db_reopen;	/* open it again first */
	/*
	 * An SMS was refused and waits on the SIM: only storing one shows
	 * that the database takes SMS again. On a full disk a small write
	 * (the status row) may fit where a message does not.
	 */
	bool			 sms_kept;
	bool			 status_file_failed; /* logged once */
};

static void
usage(void)
{
	fprintf(stderr, "usage: gopyd [-hnv] [-c file]\n"
	    "  -c file  configuration (default %s)\n"
	    "  -h       show this help\n"
	    "  -n       check the configuration and exit\n"
	    "  -v       more verbose: -v debug, -vv AT traffic\n",
	    CONF_DEFAULT_PATH);
}

/* Print every configuration error, one per line, as conf_load wrote them. */
static void
print_conf_errors(const struct buf *errs)
{
	const char *p = errs->data, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			nl = p + strlen(p);
		}
		log_warnx("%.*s", (int)(nl - p), p);
		p = *nl == '\n' ? nl + 1 : nl;
	}
}

/*
 * conf_load, refusing a file that a user other than root or gopyd's own
 * could have written: the configuration before it is read, then the
 * learned weights it names. Returns 0, or -1 with every error in errs,
 * one per line, and c empty.
 */
static int
load_trusted(struct gopy_conf *c, const char *file, struct buf *errs)
{
	char path[CONF_PATH_MAX], err[2 * CONF_PATH_MAX + 256];

	if (perm_check_file(file, err, sizeof(err)) == -1) {
		memset(c, 0, sizeof(*c));
		buf_addf(errs, "%s\n", err);
		return -1;
	}
	if (conf_load(c, file, errs) == -1) {
		return -1;
	}
	if (conf_learned_path(c, path, sizeof(path)) == 0 &&
	    perm_check_file(path, err, sizeof(err)) == -1) {
		buf_addf(errs, "%s\n", err);
		conf_release(c);
		return -1;
	}
	return 0;
}

/* The modem's status and gopyd's heartbeat, as the status row holds them. */
static void
fill_status(const struct gopyd *d, const struct modem_status *ms,
    struct store_status *st)
{
	static const char *const links[] = {
		[MODEM_DOWN] = "down",
		[MODEM_STARTING] = "starting",
		[MODEM_READY] = "ready",
	};

	memset(st, 0, sizeof(*st));
	st->updated_at = (int64_t)time(NULL);
	st->pid = (int)getpid();
	snprintf(st->device, sizeof(st->device), "%s", d->conf.modem.device);
	snprintf(st->link, sizeof(st->link), "%s", links[ms->link]);
	st->since = ms->since;
	snprintf(st->model, sizeof(st->model), "%s", ms->model);
	st->rssi = ms->rssi;
	st->registration = ms->registration;
	snprintf(st->operator_name, sizeof(st->operator_name), "%s",
	    ms->operator_name);
	st->sim_used = ms->sim_used;
	st->sim_total = ms->sim_total;
	/* Whichever went wrong last: the modem, or the database. */
	if (d->store_error_at > ms->last_error_at) {
		snprintf(st->last_error, sizeof(st->last_error), "database "
		    "refused writes, SMS kept on the SIM: %.180s",
		    d->store_error);
		st->last_error_at = d->store_error_at;
	} else {
		snprintf(st->last_error, sizeof(st->last_error), "%s",
		    ms->last_error);
		st->last_error_at = ms->last_error_at;
	}
	st->restarts = (long)ms->restarts;
	st->overlong = (long)ms->overlong;
}

/*
 * The status file beside the database: st, and whether the database takes
 * writes, which its own status row cannot say while it does not.
 */
static void
put_status_file(struct gopyd *d, const struct modem_status *ms)
{
	struct statusfile_record r;
	char err[512];

	memset(&r, 0, sizeof(r));
	fill_status(d, ms, &r.st);
	r.db_down_since = d->db_down_since;
	if (d->db_down_since != 0) {
		snprintf(r.db_error, sizeof(r.db_error), "%s", d->store_error);
	}
	if (statusfile_write(d->conf.database.path, &r, err,
	    sizeof(err)) == -1) {
		if (!d->status_file_failed) {
			log_warnx("%s; gopy status cannot tell while the "
			    "database refuses writes", err);
		}
		d->status_file_failed = true;
	} else if (d->status_file_failed) {
		log_info("status file written again");
		d->status_file_failed = false;
	}
}

/* What the store's message says after its "what: ". */
static const char *
error_reason(const char *err)
{
	const char *p = strstr(err, ": ");

	return p != NULL ? p + 2 : err;
}

/*
 * The database refused a write for its state, not for what was written
 * (store_trouble): keep why for gopy status, and log when it begins and
 * when the reason changes, not at every try. Call it at once, before the
 * store is used again.
 */
static void
db_refused(struct gopyd *d, const char *error)
{
	bool changed = d->db_down_since == 0 ||
	    strcmp(error_reason(d->store_error), error_reason(error)) != 0;

	if (store_trouble(d->store) == STORE_TROUBLE_REOPEN) {
		d->db_reopen = true;
	}
	snprintf(d->store_error, sizeof(d->store_error), "%s", error);
	d->store_error_at = (int64_t)time(NULL);
	d->db_refusals++;
	d->db_retry_at = clock_now_ms() + DB_RETRY_MS;
	if (d->db_down_since == 0) {
		d->db_down_since = d->store_error_at;
		log_warnx("database '%s' refuses writes: %s; new SMS stay on "
		    "the SIM until it takes them again", d->conf.database.path,
		    error);
	} else if (changed) {
		log_warnx("database '%s' still refuses writes, now: %s",
		    d->conf.database.path, error);
	}
	if (changed) {
		put_status_file(d, modem_status(d->modem));
	}
}

/*
 * The database took a write. Returns true when it had been refusing them
 * (and says so), for the caller to write the status anew.
 */
static bool
db_took_write(struct gopyd *d)
{
	if (d->db_down_since == 0) {
		return false;
	}
	log_info("database '%s' takes writes again, after %lld s and %u "
	    "refused", d->conf.database.path,
	    (long long)(time(NULL) - d->db_down_since), d->db_refusals);
	d->db_down_since = 0;
	d->db_refusals = 0;
	d->db_retry_at = 0;
	return true;
}

/*
 * Whether to offer the database a write now: not while it refused one a
 * moment ago. A connection that found the file read-only, replaced or
 * failing stays so (SQLite opened it read-only, or holds the old file):
 * it is opened again first, which takes the mended file.
 */
static bool
db_may_write(struct gopyd *d)
{
	struct store *s;
	char err[512];

	if (d->db_down_since != 0 && clock_now_ms() < d->db_retry_at) {
		return false;
	}
	if (d->db_reopen) {
		d->db_reopen = false;
		s = store_open(d->conf.database.path, STORE_READ_WRITE,
		    d->conf.database.busy_timeout, err, sizeof(err));
		if (s == NULL) {
			/* The old one refuses again, and asks again. */
			log_debug("%s", err);
		} else {
			store_close(d->store);
			d->store = s;
			log_debug("database '%s' opened again",
			    d->conf.database.path);
		}
	}
	return true;
}

/*
 * The modem's status and gopyd's heartbeat into the database, and into the
 * status file, which is written even while the database refuses.
 */
static void
put_status(struct gopyd *d, const struct modem_status *ms)
{
	struct store_status st;

	fill_status(d, ms, &st);
	if (db_may_write(d)) {
		if (store_put_status(d->store, &st) == 0) {
			if (!d->sms_kept) {
				db_took_write(d);
			}
		} else if (store_trouble(d->store) != STORE_TROUBLE_NONE) {
			db_refused(d, store_error(d->store));
		} else {
			log_debug("store modem status: %s",
			    store_error(d->store));
		}
	}
	put_status_file(d, ms);
}

static void
on_status(void *arg, const struct modem_status *ms)
{
	put_status(arg, ms);
}

static void
log_stored(const struct ingest_report *rep)
{
	char esc[128];

	log_info("stored message %lld, ticket %s, topic %s%s%s%s%s",
	    (long long)rep->id, rep->ticket, rep->topic,
	    rep->incomplete ? ", parts missing" : "",
	    rep->ack_id != 0 ? ", answer queued" : "",
	    rep->unanswered[0] != '\0' ? ", not answered: " : "",
	    rep->unanswered);
	log_debug("message %lld is from %s, %d part%s", (long long)rep->id,
	    log_escape(esc, sizeof(esc), rep->sender, strlen(rep->sender)),
	    rep->parts, rep->parts == 1 ? "" : "s");
}

/* Store the messages whose missing parts will not come any more. */
static void
store_stale(struct gopyd *d)
{
	struct ingest in = { d->store, &d->conf, d->classifier,
	    d->communes };
	int64_t swept = modem_status(d->modem)->last_sweep;
	struct ingest_report rep;
	int rc;

	/* A part still on the SIM is not missing: go by the last sweep. */
	if (swept == 0 || !db_may_write(d)) {
		return;
	}
	in.store = d->store;	/* db_may_write may have opened it again */
	while ((rc = ingest_stale(&in, swept, &rep)) == 1) {
		log_stored(&rep);
		d->outbox_dirty = true;
	}
	if (rc == -1 && store_trouble(d->store) != STORE_TROUBLE_NONE) {
		db_refused(d, rep.error);
	} else if (rc == -1) {
		log_warnx("store messages with missing parts: %s", rep.error);
	}
}

static int
on_sms(void *arg, int index, const char *hex, size_t hexlen)
{
	struct gopyd *d = arg;
	struct ingest in = { NULL, &d->conf, d->classifier, d->communes };
	struct ingest_report rep;
	char esc[1024];
	int result;

	/* Refused a moment ago: it stays on the SIM for the next sweep. */
	if (!db_may_write(d)) {
		return -1;
	}
	in.store = d->store;
	result = ingest_pdu(&in, hex, hexlen, (int64_t)time(NULL), &rep);
	switch (result) {
	case INGEST_STORED:
		log_stored(&rep);
		break;
	case INGEST_PART:
		if (rep.id != 0) {
			log_info("late part from slot %d added to message "
			    "%lld%s", index, (long long)rep.id,
			    rep.incomplete ? "; parts still missing" : "");
		} else {
			log_info("stored a part from slot %d: %d of %d in",
			    index, rep.parts_in, rep.parts);
		}
		break;
	case INGEST_REPORT:
		log_info("status report from slot %d: %s%s", index,
		    rep.delivery, rep.report_matched ? "" :
		    ", for no SMS of ours");
		break;
	case INGEST_UNDECODABLE:
		log_warnx("stored undecodable SMS from slot %d as message "
		    "%lld: %s; PDU %s", index, (long long)rep.id, rep.error,
		    log_escape(esc, sizeof(esc), hex, hexlen));
		break;
	case INGEST_DUPLICATE:
		log_info("SMS in slot %d was stored before; deleting it",
		    index);
		break;
	default:
		if (store_trouble(d->store) != STORE_TROUBLE_NONE) {
			db_refused(d, rep.error);
			d->sms_kept = true;
		} else if (d->store_failures++ % 10 == 0) {
			log_warnx("cannot store SMS from slot %d, leaving it "
			    "on the SIM: %s (%u failures in a row)", index,
			    rep.error, d->store_failures);
		}
		return -1;
	}
	d->store_failures = 0;
	/* A duplicate wrote nothing: it proves nothing of a full disk. */
	if (result != INGEST_DUPLICATE) {
		d->sms_kept = false;
		if (db_took_write(d)) {
			put_status(d, modem_status(d->modem));
		}
	}
	d->outbox_dirty = true;
	return 0;
}

/* Seconds to wait after failed attempt n (1, 2, ...): x4 each time. */
static int64_t
retry_delay(const struct gopyd *d, int n)
{
	int64_t s = d->conf.modem.retry_delay;

	while (--n > 0 && s < OUTBOX_RETRY_MAX_S) {
		s *= 4;
	}
	return s < OUTBOX_RETRY_MAX_S ? s : OUTBOX_RETRY_MAX_S;
}

static void
on_sent(void *arg, int64_t cookie, int mr, int cms, const char *error)
{
	struct gopyd *d = arg;
	int64_t now = (int64_t)time(NULL), retry_at = 0;

	d->sending_id = 0;
	d->outbox_dirty = true;
	if (mr >= 0) {
		if (store_outbox_sent(d->store, cookie, mr, now) == -1) {
			log_warnx("SMS %lld was sent but not marked: %s",
			    (long long)cookie, store_error(d->store));
		} else {
			log_info("SMS %lld sent, reference %d",
			    (long long)cookie, mr);
		}
		return;
	}
	if (cms == MODEM_NOT_SENT) {
		log_info("SMS %lld not sent yet (%s); queued again",
		    (long long)cookie, error);
		if (store_outbox_unsent(d->store, cookie, error) == -1) {
			log_warnx("requeue SMS %lld: %s", (long long)cookie,
			    store_error(d->store));
		}
		return;
	}
	/* A permanent error (unknown number, barred) is not retried. */
	if (!(cms >= 0 && at_cms_permanent(cms)) &&
	    d->sending_attempts < d->conf.modem.send_attempts) {
		retry_at = now + retry_delay(d, d->sending_attempts);
	}
	log_warnx("SMS %lld not sent, attempt %d: %s; %s", (long long)cookie,
	    d->sending_attempts, error, retry_at != 0 ? "will retry" :
	    cms >= 0 && at_cms_permanent(cms) ? "a permanent error" :
	    "giving up");
	if (store_outbox_failed(d->store, cookie, error, retry_at) == -1) {
		log_warnx("mark SMS %lld failed: %s", (long long)cookie,
		    store_error(d->store));
	}
}

/*
 * Encode o's text as the SMS-SUBMIT parts it needs, as hex into hex[] with
 * their TPDU lengths into parts[]. Returns the number of parts, or -1 with
 * err set (the text cannot be sent: too long, a bad number).
 */
static int
encode_outbox(const struct gopyd *d, const struct store_outbox *o,
    struct buf *hex, struct modem_pdu *parts, char *err, size_t errlen)
{
	const struct reply_conf *rc = &d->conf.reply;
	struct pdu_span spans[PDU_PARTS_MAX];
	uint8_t pdu[PDU_MAX_BYTES];
	struct pdu_submit_opts opts;
	size_t len = strlen(o->text), tpdu_len;
	int n, i, bytes;

	memset(&opts, 0, sizeof(opts));
	if (pdu_choose_coding(o->text, len, &opts.coding) != PDU_OK) {
		snprintf(err, errlen, "text is not valid UTF-8");
		return -1;
	}
	n = pdu_split(o->text, len, opts.coding, spans,
	    (size_t)rc->max_parts, err, errlen);
	if (n < 0) {
		return -1;
	}
	opts.validity = pdu_validity_relative((int64_t)rc->validity * 60);
	opts.status_report = rc->delivery_reports;
	/* One reference per outbox row: a retry is the same message again. */
	opts.concat.ref = (uint16_t)(o->id & 0xff);
	opts.concat.total = (uint8_t)(n > 1 ? n : 0);
	for (i = 0; i < n; i++) {
		opts.concat.seq = (uint8_t)(n > 1 ? i + 1 : 0);
		bytes = pdu_encode_submit(o->recipient, o->text + spans[i].off,
		    spans[i].len, &opts, pdu, sizeof(pdu), &tpdu_len, err,
		    errlen);
		if (bytes < 0) {
			while (i-- > 0) {
				buf_release(&hex[i]);
			}
			return -1;
		}
		buf_init(&hex[i]);
		pdu_to_hex(pdu, (size_t)bytes, &hex[i]);
		parts[i].tpdu_len = tpdu_len;
	}
	/* hex[] is complete: now its strings stay put. */
	for (i = 0; i < n; i++) {
		parts[i].hex = hex[i].data;
	}
	return n;
}

/* Hand the next due SMS of the outbox to the modem, when it can take one. */
static void
pump_outbox(struct gopyd *d, int64_t now)
{
	struct buf hex[PDU_PARTS_MAX];
	struct modem_pdu parts[PDU_PARTS_MAX];
	struct store_outbox o;
	char err[256];
	int n, i, rc;

	if (!d->outbox_dirty && !timer_due(d->outbox_check_at, now)) {
		return;
	}
	timer_set(&d->outbox_check_at, now, OUTBOX_CHECK_MS);
	if (d->sending_id != 0 || !modem_can_send(d->modem) ||
	    !db_may_write(d)) {
		return;
	}
	d->outbox_dirty = false;
	/* Automatic replies that waited out reply.max_age go out no more. */
	n = store_expire_outbox(d->store, (int64_t)time(NULL),
	    "expired: not sent within reply.max_age");
	if (n > 0) {
		log_warnx("%d automatic SMS expired unsent (reply.max_age %d h)",
		    n, d->conf.reply.max_age);
	} else if (n == -1 && store_trouble(d->store) != STORE_TROUBLE_NONE) {
		/* Nothing is sent that could not be marked sent. */
		db_refused(d, store_error(d->store));
		return;
	} else if (n == -1) {
		log_warnx("expire SMS: %s", store_error(d->store));
	}
	while ((rc = store_next_outbox(d->store, (int64_t)time(NULL), &o)) ==
	    1) {
		n = encode_outbox(d, &o, hex, parts, err, sizeof(err));
		if (n < 0) {
			log_warnx("SMS %lld cannot be sent: %s",
			    (long long)o.id, err);
			rc = store_outbox_failed(d->store, o.id, err, 0);
			store_outbox_release(&o);
			if (rc == -1) {
				/* Not marked: it would come back at once. */
				log_warnx("mark SMS failed: %s; outbox paused "
				    "for %d s", store_error(d->store),
				    OUTBOX_CHECK_MS / 1000);
				return;
			}
			continue;
		}
		if (store_outbox_sending(d->store, o.id) == -1) {
			log_warnx("mark SMS %lld sending: %s",
			    (long long)o.id, store_error(d->store));
		} else {
			d->sending_id = o.id;
			d->sending_attempts = o.attempts + 1;
			modem_send(d->modem, parts, (size_t)n, o.id, now);
		}
		for (i = 0; i < n; i++) {
			buf_release(&hex[i]);
		}
		store_outbox_release(&o);
		return;
	}
	if (rc == -1) {
		log_warnx("read outbox: %s", store_error(d->store));
	}
}

/* SIGHUP: load the file again; keep the old topics and replies if it is bad. */
static void
reload(struct gopyd *d)
{
	struct gopy_conf nc;
	struct classifier *cl;
	struct buf errs;
	char err[256];

	buf_init(&errs);
	if (load_trusted(&nc, d->conf.file, &errs) == -1) {
		log_warnx("reload: '%s' has errors, keeping the running "
		    "configuration", d->conf.file);
		print_conf_errors(&errs);
		buf_release(&errs);
		conf_release(&nc);
		return;
	}
	buf_release(&errs);
	if (memcmp(&nc.modem, &d->conf.modem, sizeof(nc.modem)) != 0 ||
	    strcmp(nc.database.path, d->conf.database.path) != 0) {
		log_warnx("reload: modem and database settings change only "
		    "on restart");
	}
	cl = classify_new(&nc.classify, nc.topics, nc.ntopics, nc.fallback,
	    nc.abbrevs, nc.nabbrevs);
	classify_free(d->classifier);
	d->classifier = cl;
	commune_matcher_free(d->communes);
	d->communes = commune_matcher_new(&nc);
	conf_release(&d->conf);
	d->conf = nc;
	if (tz_setup(d->conf.display.timezone, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
	}
	log_info("reloaded '%s': %zu topics", d->conf.file, d->conf.ntopics);
}

static void
handle_signals(struct gopyd *d)
{
	struct signalfd_siginfo si;
	ssize_t n;

	while ((n = read(d->sigfd, &si, sizeof(si))) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			reload(d);
			break;
		default:
			log_info("received signal %u, stopping",
			    si.ssi_signo);
			d->quit = true;
			break;
		}
	}
}

static int
setup_signals(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1) {
		fatal("sigprocmask");
	}
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd == -1) {
		fatal("signalfd");
	}
	signal(SIGPIPE, SIG_IGN);
	return fd;
}

static void
run(struct gopyd *d)
{
	struct pollfd pfd[PFD_MAX];
	int64_t now, deadline;
	int timeout;

	while (!d->quit) {
		now = clock_now_ms();
		if (timer_due(d->stale_check_at, now)) {
			store_stale(d);
			timer_set(&d->stale_check_at, now, STALE_CHECK_MS);
		}
		if (timer_due(d->heartbeat_at, now)) {
			put_status(d, modem_status(d->modem));
			timer_set(&d->heartbeat_at, now, HEARTBEAT_MS);
		}
		pump_outbox(d, now);
		deadline = timer_min(timer_min(modem_next_deadline(d->modem),
		    d->outbox_check_at), timer_min(d->stale_check_at,
		    d->heartbeat_at));
		if (deadline == 0) {
			timeout = -1;
		} else if (deadline <= now) {
			timeout = 0;
		} else {
			timeout = deadline - now > INT32_MAX ? INT32_MAX :
			    (int)(deadline - now);
		}
		pfd[PFD_SIGNAL].fd = d->sigfd;
		pfd[PFD_SIGNAL].events = POLLIN;
		pfd[PFD_MODEM].fd = modem_fd(d->modem);
		pfd[PFD_MODEM].events = modem_events(d->modem);
		pfd[PFD_SIGNAL].revents = pfd[PFD_MODEM].revents = 0;
		if (poll(pfd, PFD_MAX, timeout) == -1) {
			if (errno == EINTR) {
				continue;
			}
			fatal("poll");
		}
		now = clock_now_ms();
		if (pfd[PFD_SIGNAL].revents & POLLIN) {
			handle_signals(d);
		}
		if (pfd[PFD_MODEM].fd != -1 && pfd[PFD_MODEM].revents != 0) {
			modem_on_io(d->modem, pfd[PFD_MODEM].revents, now);
		}
		modem_on_timer(d->modem, now);
	}
}

int
main(int argc, char *argv[])
{
	static const struct modem_ops ops = { on_sms, on_sent, on_status };
	const char *file = CONF_DEFAULT_PATH;
	struct gopyd d;
	struct buf errs;
	char err[512];
	int ch, check = 0, verbose = 0, n;

	while ((ch = getopt(argc, argv, "c:hnv")) != -1) {
		switch (ch) {
		case 'c':
			file = optarg;
			break;
		case 'h':
			usage();
			return 0;
		case 'n':
			check = 1;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
			return 1;
		}
	}
	if (optind != argc) {
		usage();
		return 1;
	}
	log_init("gopyd", verbose);
	/* The check is what an administrator runs, as root or not. */
	if (!check && perm_check_user(err, sizeof(err)) == -1) {
		fatalx("%s", err);
	}

	memset(&d, 0, sizeof(d));
	buf_init(&errs);
	if (load_trusted(&d.conf, file, &errs) == -1) {
		print_conf_errors(&errs);
		buf_release(&errs);
		conf_release(&d.conf);
		return 1;
	}
	buf_release(&errs);
	if (perm_check_network(d.conf.modem.device, err, sizeof(err)) == -1) {
		fatalx("%s", err);
	}
	if (tz_setup(d.conf.display.timezone, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
	}
	if (check) {
		buf_init(&errs);
		conf_warnings(&d.conf, &errs);
		print_conf_errors(&errs);
		buf_release(&errs);
		printf("configuration OK\n");
		conf_release(&d.conf);
		return 0;
	}

	d.sigfd = setup_signals();
	d.store = store_open(d.conf.database.path, STORE_READ_WRITE,
	    d.conf.database.busy_timeout, err, sizeof(err));
	if (d.store == NULL) {
		fatalx("%s", err);
	}
	n = store_outbox_requeue(d.store);
	if (n > 0) {
		log_info("%d SMS left sending by the last run are queued again",
		    n);
	} else if (n == -1) {
		log_warnx("requeue SMS left sending: %s",
		    store_error(d.store));
	}
	d.classifier = classify_new(&d.conf.classify, d.conf.topics,
	    d.conf.ntopics, d.conf.fallback, d.conf.abbrevs, d.conf.nabbrevs);
	d.communes = commune_matcher_new(&d.conf);
	d.modem = modem_new(&d.conf.modem, &ops, &d);
	d.outbox_dirty = true;
	d.stale_check_at = d.heartbeat_at = clock_now_ms();
	log_info("started: database '%s', modem '%s', %zu topics",
	    d.conf.database.path, d.conf.modem.device, d.conf.ntopics);
	if (notify_send("READY=1") == -1) {
		log_warn("notify service manager");
	}

	run(&d);

	notify_send("STOPPING=1");
	modem_free(d.modem);
	classify_free(d.classifier);
	commune_matcher_free(d.communes);
	store_close(d.store);
	conf_release(&d.conf);
	close(d.sigfd);
	log_info("stopped");
	return 0;
}
