/*
 * The ingest invariant of DESIGN.md, in one place: a PDU read from the SIM
 * is decoded, classified and committed (with its acknowledgement queued in
 * the same transaction) before anyone may delete it from the SIM; a PDU
 * stored before is recognised by its dedupe key; a PDU that cannot be
 * decoded is stored raw with the reason.
 *
 * A part of a concatenated SMS is committed on its own and may leave the SIM
 * at once; the message is stored, classified and acknowledged when its last
 * part is in, in whatever order they came, across restarts. Parts still
 * missing after modem.multipart_timeout are marked in the text and the
 * message is stored anyway, flagged incomplete. A status report updates the
 * outbox row of the SMS it reports on. A message that names the places of
 * one configured commune is stored with that commune (commune.h).
 */
#ifndef GOPY_INGEST_H
#define GOPY_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "commune.h"
#include "conf.h"
#include "reply.h"
#include "store.h"

/*
 * How the text of a message marks a part that never came, with its number
 * and the total: "[thiếu phần 2/3]" ("part 2 of 3 missing"). gopy show
 * reads the marks back.
 */
#define INGEST_MISSING_PART	"[thiếu phần %d/%d]"

enum ingest_result {
	INGEST_STORED = 0,	/* a new message was committed */
	INGEST_UNDECODABLE = 1,	/* committed raw, with the decode error */
	INGEST_DUPLICATE = 2,	/* committed before: only delete it */
	INGEST_PART = 3,	/* a part committed; its message waits for
				   more, or (id != 0) had been stored without it */
	INGEST_REPORT = 4,	/* a status report, applied to the outbox */
	INGEST_ERR_STORE = -1,	/* nothing committed: keep it on the SIM */
};

/* What the caller needs to log and act on. */
struct ingest_report {
	int64_t	id;			/* the message; 0 for none yet */
	char	ticket[REPLY_TICKET_MAX]; /* "" when none */
	char	sender[64];		/* as stored */
	char	topic[CONF_TOPIC_ID_MAX];
	int	parts;			/* parts of the message */
	int	parts_in;		/* INGEST_PART: how many are in */
	bool	incomplete;		/* stored with parts missing */
	int64_t	ack_id;			/* the queued answer, 0 when none */
	char	unanswered[16];		/* why none (answer.h); "" */
	bool	report_matched;		/* INGEST_REPORT: an SMS of ours */
	char	delivery[16];		/* INGEST_REPORT: delivered, pending, failed */
	char	error[256];		/* decode or store error, "" when none */
};

/* What ingest works with; all borrowed, none owned. */
struct ingest {
	struct store *store;
	const struct gopy_conf *conf;
	const struct classifier *classifier;
	struct commune_matcher *communes;	/* NULL: none configured */
};

/*
 * Ingest one PDU given as hex (with its SMSC address, as AT+CMGL/+CMGR give
 * it), read at Unix time now. Returns an enum ingest_result and fills *rep.
 * Only for INGEST_ERR_STORE may the SMS not be deleted from the SIM.
 */
int	ingest_pdu(const struct ingest *in, const char *hex, size_t hexlen,
	    int64_t now, struct ingest_report *rep);

/*
 * Store the oldest message whose parts have waited longer than
 * modem.multipart_timeout before now, with the missing parts marked. Pass
 * as now the time of the last complete read of the modem's storage, not
 * the clock: a part still on the SIM is not missing. Returns 1 when one
 * was stored (fills *rep), 0 when none waits that long (and forgets the
 * parts of messages no part can join any more), -1 on a store error
 * (rep->error says why). Call until it returns 0.
 */
int	ingest_stale(const struct ingest *in, int64_t now,
	    struct ingest_report *rep);

#endif
