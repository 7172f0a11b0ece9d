/*
 * What gopyd answers a citizen: acknowledgement templates with placeholders,
 * ticket codes, and the rules for whom not to answer.
 *
 * Templates are UTF-8 text with placeholders {ticket}, {topic}, {unit} and
 * {date}; "{{" and "}}" stand for literal braces. Any other {name} is an
 * error, caught when the configuration is loaded.
 *
 * Tickets are the message id in decimal (at least four digits, zero-padded)
 * followed by "-" and a Damm check digit, e.g. "0042-7": digits only apart
 * from the separator, easy to read over the phone, and any single mistyped
 * digit or swap of neighbours is detected.
 *
 * Pure: no I/O.
 */
#ifndef GOPY_REPLY_H
#define GOPY_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pdu.h"

#define REPLY_TICKET_MAX	24	/* bytes of a ticket, with NUL */

struct reply_vars {
	const char *ticket;	/* {ticket} */
	const char *topic;	/* {topic}: the topic's Vietnamese name */
	const char *unit;	/* {unit}: reply.unit */
	const char *date;	/* {date}: dd/mm/yyyy, local time */
	const char *status;	/* {status}: commands.status_* of a message */
	const char *sender;	/* {sender}: the citizen's number */
	const char *text;	/* {text}: the citizen's text */
};

/* Which placeholders a template may use: bits of REPLY_VAR_*. */
#define REPLY_VAR_TICKET	0x01
#define REPLY_VAR_TOPIC		0x02
#define REPLY_VAR_UNIT		0x04
#define REPLY_VAR_DATE		0x08
#define REPLY_VAR_STATUS	0x10
#define REPLY_VAR_SENDER	0x20
#define REPLY_VAR_TEXT		0x40
/* Acknowledgements, repeats, notifications, status answers: of a ticket. */
#define REPLY_VARS_TICKET	(REPLY_VAR_TICKET | REPLY_VAR_TOPIC | \
				 REPLY_VAR_UNIT | REPLY_VAR_DATE)
#define REPLY_VARS_STATUS	(REPLY_VARS_TICKET | REPLY_VAR_STATUS)
/* A refusal or the help text: no ticket to speak of. */
#define REPLY_VARS_PLAIN	(REPLY_VAR_UNIT | REPLY_VAR_DATE)
/* The summary to the officers on duty. */
#define REPLY_VARS_DUTY		(REPLY_VARS_TICKET | REPLY_VAR_SENDER | \
				 REPLY_VAR_TEXT)

/*
 * Check a template's placeholders against those allowed (REPLY_VAR_*
 * bits). Returns 0, or -1 with a message in err naming the first unknown,
 * not allowed or unclosed placeholder.
 */
int	reply_check_template(const char *tmpl, unsigned allowed, char *err,
	    size_t errlen);

/* Append tmpl with its placeholders replaced to out. tmpl must have passed
 * reply_check_template; unknown placeholders are copied as written. */
void	reply_expand(const char *tmpl, const struct reply_vars *v,
	    struct buf *out);

/* Write the ticket of message id (>= 1) to out. */
void	reply_ticket(int64_t id, char out[REPLY_TICKET_MAX]);

/*
 * The message id a ticket stands for, read leniently: spaces, dots and dashes
 * anywhere are ignored. Returns the id, or -1 when s is not a ticket or its
 * check digit is wrong.
 */
int64_t	reply_ticket_parse(const char *s);

/*
 * Whether a message from this sender may be answered at all: never an
 * alphanumeric sender (a carrier or a service), never an empty address,
 * never a number of fewer than min_digits digits (carrier short codes).
 */
bool	reply_may_answer(const char *sender, enum pdu_ton ton, int min_digits);

#endif
