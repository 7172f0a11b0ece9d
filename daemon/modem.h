/*
 * The modem driver: opens the port, initialises the modem for PDU-mode SMS,
 * reads every stored SMS (at start, on each +CMTI, and in a periodic sweep),
 * hands each to its owner and deletes it from the SIM only when the owner
 * says it is safely stored, and sends SMS one at a time with AT+CMGS.
 *
 * It does not own the event loop: gopyd polls modem_fd for modem_events and
 * calls modem_on_io when it is ready and modem_on_timer at
 * modem_next_deadline. When the device vanishes it reopens it with backoff
 * from 1 s to 60 s; nothing queued in the database is lost meanwhile.
 *
 * Faults it lives with: a command without answer makes it resynchronise
 * and initialise again; a modem silent even to AT is reset (AT+CFUN=1,1),
 * and closed and reopened if that does not help; a modem that restarted by
 * itself (RDY, +CPIN: READY, or its settings found lost by the health poll)
 * is initialised again. With modem.delivery "direct" it takes SMS from
 * +CMT and confirms each with AT+CNMA only once it is stored.
 */
#ifndef GOPY_MODEM_H
#define GOPY_MODEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"

#define MODEM_RECONNECT_MIN_MS	1000
#define MODEM_RECONNECT_MAX_MS	60000
#define MODEM_HEALTH_MS		60000	/* signal, network and SIM polled */
#define MODEM_NOT_SENT		(-2)	/* on_sent cms: it never went out */

struct modem;

enum modem_link {
	MODEM_DOWN,		/* no device, or it vanished: reopening */
	MODEM_STARTING,		/* synchronising, initialising, resetting */
	MODEM_READY,		/* reading and sending */
};

/* What gopy status shows of the modem. */
struct modem_status {
	enum modem_link link;
	int64_t	since;		/* Unix time the link changed last */
	char	model[64];	/* AT+CGMM; "" until known */
	int	rssi;		/* AT+CSQ 0..31, 99 unknown (27.007 8.5) */
	int	registration;	/* AT+CREG? <stat> 0..5, -1 unknown (7.2) */
	char	operator_name[64]; /* AT+COPS? <oper>; "" unknown */
	int	sim_used;	/* AT+CPMS? SMS in storage; -1 unknown */
	int	sim_total;	/* ... and its capacity */
	char	last_error[256]; /* the latest trouble, "" when none */
	int64_t	last_error_at;	/* Unix time of it */
	int64_t	last_sweep;	/* Unix time storage was last read whole; 0 never */
	unsigned long restarts;	/* re-initialisations after trouble */
	unsigned long overlong;	/* lines over AT_LINE_MAX discarded */
};

struct modem_ops {
	/*
	 * A stored SMS, as PDU hex with its SMSC address, from SIM slot index.
	 * Return 0 once it is committed (the modem then deletes the slot), or
	 * -1 to leave it on the SIM for a later sweep.
	 */
	int	(*on_sms)(void *arg, int index, const char *hex, size_t hexlen);
	/*
	 * The outcome of modem_send for cookie: mr >= 0 is the TP-MR the
	 * network accepted it with; mr == -1 means it failed, cms is the
	 * +CMS ERROR code (-1 when there was none, MODEM_NOT_SENT when no
	 * part of it reached the modem, so the attempt does not count) and
	 * error says why.
	 */
	void	(*on_sent)(void *arg, int64_t cookie, int mr, int cms,
		    const char *error);
	/* The status changed: the link, or new health figures. */
	void	(*on_status)(void *arg, const struct modem_status *st);
};

/* Start driving the modem of mc (copied). The port opens on the first timer. */
struct modem *modem_new(const struct modem_conf *mc,
	    const struct modem_ops *ops, void *arg);
/* Close the port and free m; a send in flight is reported failed. */
void	modem_free(struct modem *m);

/* The descriptor to poll, or -1 while disconnected. */
int	modem_fd(const struct modem *m);
/* POLLIN, plus POLLOUT while output is queued or a connect is in progress. */
short	modem_events(const struct modem *m);
/* poll() reported revents on modem_fd. */
void	modem_on_io(struct modem *m, short revents, int64_t now);
/* The next monotonic ms at which modem_on_timer wants to run; 0 for none. */
int64_t	modem_next_deadline(const struct modem *m);
void	modem_on_timer(struct modem *m, int64_t now);

/* One SMS-SUBMIT to send: hex with its SMSC field, and its TPDU length. */
struct modem_pdu {
	const char *hex;
	size_t	tpdu_len;	/* what AT+CMGS wants */
};

/* The modem as last seen. */
const struct modem_status *modem_status(const struct modem *m);

/* Whether the modem is initialised and free to take an SMS to send. */
bool	modem_can_send(const struct modem *m);
/*
 * Send one SMS of n parts (n >= 1; copied), part by part. The outcome
 * arrives once through ops->on_sent with cookie: the TP-MR of the last part
 * when all went out, or the first failure, after which the remaining parts
 * are not sent. Only call when modem_can_send.
 */
void	modem_send(struct modem *m, const struct modem_pdu *parts, size_t n,
	    int64_t cookie, int64_t now);

#endif
