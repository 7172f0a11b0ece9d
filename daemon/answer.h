/*
 * What gopyd answers a citizen, and whether. Before a message is stored,
 * answer_decide applies the rules of reply.* and commands.* (gopy.conf(5))
 * in this order:
 *
 *	a citizen's command ("TT <ticket>", "HD")?	stored as a command
 *	replies off, an alphanumeric sender, a short
 *	code, a number of reply.never?			not answered
 *	the same text more than reply.loop_repeats
 *	times within the hour?				not answered (a loop)
 *	reply.limit_* automatic replies already?	not answered (a flood)
 *	a command?					its answer
 *	the same report within reply.repeat_window?	"already registered"
 *	else						the acknowledgement,
 *							urgent ones forwarded
 *
 * Every message is stored whatever the answer; why one was not answered,
 * and which report a repeat repeats, go in its row. After it is stored
 * (it needs the ticket), answer_queue puts the SMS in the outbox, in the
 * same transaction. Numbers are E.164 throughout (number.h).
 */
#ifndef GOPY_ANSWER_H
#define GOPY_ANSWER_H

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "pdu.h"
#include "reply.h"
#include "store.h"

enum answer_kind {
	ANSWER_NONE,		/* see unanswered */
	ANSWER_ACK,		/* the acknowledgement with the ticket */
	ANSWER_REPEAT,		/* "already registered as" the first ticket */
	ANSWER_STATUS,		/* TT from the number that sent the ticket */
	ANSWER_REFUSE,		/* TT of anything else: reveals nothing */
	ANSWER_HELP,		/* HD */
};

/* Why a message is not answered, as stored in messages.unanswered. */
#define ANSWER_OFF	"replies_off"	/* reply.enabled = false */
#define ANSWER_SENDER	"sender"	/* alphanumeric, short code, none */
#define ANSWER_NEVER	"never"		/* in reply.never */
#define ANSWER_LOOP	"loop"		/* the same text again and again */
#define ANSWER_LIMIT	"limit"		/* reply.limit_* reached */

struct answer {
	bool	command;		/* store as a command, topic fallback */
	enum answer_kind kind;
	const char *unanswered;		/* ANSWER_*; NULL when answered */
	int64_t	repeat_of;		/* the first report; 0 when none */
	bool	urgent;			/* ANSWER_ACK: suffix and duty SMS */
	/* ANSWER_STATUS and ANSWER_REPEAT: the message spoken of. */
	char	ticket[REPLY_TICKET_MAX];
	char	topic[CONF_TOPIC_ID_MAX];
	char	status[16];
};

/*
 * Decide what message text (folded: text_fold of it) from sender gets,
 * topic being what the classifier chose (ignored for a command).
 * Returns 0, or -1 on a database error.
 */
int	answer_decide(struct store *s, const struct gopy_conf *c,
	    const char *sender, enum pdu_ton ton, const char *folded,
	    size_t topic, int64_t now, struct answer *a);

/*
 * Queue what a decided: the answer to the message stored as id with
 * ticket, and for an urgent one the summary to every duty number. The
 * outbox id of the answer goes to *answer_id (0 when none). Returns 0 or
 * -1.
 */
int	answer_queue(struct store *s, const struct gopy_conf *c,
	    const struct answer *a, int64_t id, const char *ticket,
	    const char *sender, const char *text, size_t topic, int64_t now,
	    int64_t *answer_id);

#endif
