/*
 * The AT command channel as a pure parser: bytes from the modem go in, events
 * come out through a callback. It frames lines on CR and LF in any
 * combination, drops echo, recognises final result codes, the "> " prompt
 * of AT+CMGS and unsolicited result codes (URCs) arriving at any moment, also
 * between the lines of a response. It never writes to the modem: the modem
 * driver sends "cmd\r" itself and then tells the parser with at_begin.
 *
 * One command is pending at a time. Lines that arrive while one is pending
 * and are neither a URC nor a final result belong to its response.
 *
 * Pure: no I/O, no logging, no clock (deadlines are passed in).
 */
#ifndef GOPY_AT_H
#define GOPY_AT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AT_LINE_MAX		1024	/* bytes of one line; a PDU line is <= 2*188 */
#define AT_RESPONSE_LINES_MAX	256	/* intermediate lines kept per response */
#define AT_CMD_TIMEOUT_MS	10000	/* most commands */
#define AT_CMGS_TIMEOUT_MS	60000	/* sending: the network answers slowly */

struct at;

enum at_final {
	AT_FINAL_OK = 0,
	AT_FINAL_ERROR,		/* ERROR and the dial results (NO CARRIER, ...) */
	AT_FINAL_CME,		/* +CME ERROR: code (27.007 9.2) */
	AT_FINAL_CMS,		/* +CMS ERROR: code (27.005 3.2.5) */
	AT_FINAL_TIMEOUT,	/* no final result before the deadline */
};

enum at_event_type {
	AT_EV_RESPONSE,		/* the pending command finished */
	AT_EV_PROMPT,		/* the "> " prompt the pending command asked for */
	AT_EV_URC,		/* an unsolicited result code */
	AT_EV_UNKNOWN,		/* a line nobody waited for; for debug logs */
	AT_EV_OVERLONG,		/* a line over AT_LINE_MAX was discarded */
};

struct at_event {
	enum at_event_type type;
	/* AT_EV_RESPONSE: */
	enum at_final final;
	int	code;		/* CME/CMS error code; -1 when none or verbose */
	const char *const *lines; /* intermediate lines, without line ends */
	size_t	nlines;
	/* AT_EV_URC and AT_EV_UNKNOWN: the line; AT_EV_OVERLONG: NULL. */
	const char *line;
	/* AT_EV_URC of +CMT/+CDS: the PDU line that follows; else NULL. */
	const char *pdu;
	/* AT_EV_OVERLONG: lines discarded so far, counting this one. */
	size_t	overlong;
};

/*
 * Called for each event. Pointers in ev are valid only during the call. The
 * callback must not call at_feed; it may call at_begin only after it is done
 * with ev (a response's lines live in the parser).
 */
typedef void at_event_fn(void *arg, const struct at_event *ev);

#define AT_FIELDS_MAX		16	/* fields of one information response */
#define AT_FIELD_MAX		64	/* bytes of one field, with NUL */

/* The fields of an information response such as +CSQ: 20,99. */
struct at_fields {
	int	n;
	char	text[AT_FIELDS_MAX][AT_FIELD_MAX];	/* quotes removed */
};

/* The header line of a stored SMS in a PDU-mode listing or read. */
struct at_sms_header {
	int	index;		/* slot; -1 for +CMGR, which has none */
	int	stat;		/* 0 received unread, 1 read, 2 unsent, 3 sent */
	int	length;		/* TPDU octets of the PDU line that follows */
};

/* Begin with the flag when the command waits for a "> " prompt (AT+CMGS). */
#define AT_EXPECT_PROMPT	0x1

struct at *at_new(at_event_fn *cb, void *arg);
void	at_free(struct at *a);

/*
 * The modem driver has just written cmd (without its CR) and wants the
 * response by the monotonic time deadline (ms). flags: AT_EXPECT_PROMPT.
 * A command must not already be pending.
 */
void	at_begin(struct at *a, const char *cmd, int flags, int64_t deadline);

/* Bytes read from the modem; calls the callback for every event they complete. */
void	at_feed(struct at *a, const char *p, size_t len);

/*
 * When the pending command's deadline has passed at time now, ends it with
 * an AT_FINAL_TIMEOUT response event. Returns the deadline still to wait for,
 * or 0 when nothing is pending.
 */
int64_t	at_check_timeout(struct at *a, int64_t now);

/* Intermediate lines of the pending command's response so far. */
size_t	at_lines(const struct at *a);

/* Move the pending command's deadline to deadline (progress was made). */
void	at_extend(struct at *a, int64_t deadline);

/* The pending command's deadline, or 0 when none is pending. */
int64_t	at_deadline(const struct at *a);

/* Whether a command is pending. */
bool	at_busy(const struct at *a);

/*
 * Forget the pending command and any partial line (after a reconnect).
 * Called from the event callback, it also ends the at_feed in progress:
 * bytes of the old connection are not read into the new one.
 */
void	at_reset(struct at *a);

/*
 * Split the fields of an information response "+NAME: f1,f2,..." (V.250
 * 5.7.1): separated by commas, strings in double quotes may hold commas.
 * prefix is "+NAME:". Returns the number of fields (at most AT_FIELDS_MAX;
 * longer fields are cut), or -1 when line does not start with prefix.
 */
int	at_split(const char *line, const char *prefix, struct at_fields *f);

/* Field i of f as a number 0..65535 into *v: 0, or -1 when it is not one. */
int	at_field_int(const struct at_fields *f, int i, int *v);

/*
 * Whether +CMS ERROR code means that sending again cannot help: the number
 * is unknown or barred, the message or its parameters are invalid (3GPP TS
 * 24.011 8.2.5.4 and 27.005 3.2.5). Anything else (network congestion, no
 * service, timeouts, 500 "unknown error", vendor codes) is worth a retry.
 */
bool	at_cms_permanent(int code);

/*
 * Parse "+CMGL: <index>,<stat>,[<alpha>],<length>" (27.005 3.4.2) or
 * "+CMGR: <stat>,[<alpha>],<length>" (3.4.3). Returns 0 and fills *h, or
 * -1 when line is neither.
 */
int	at_parse_sms_header(const char *line, struct at_sms_header *h);

#endif
