/*
 * The ingest invariant of DESIGN.md, in one place: a PDU read from the SIM
 * is decoded, classified and committed (with its acknowledgement queued in
 * the same transaction) before anyone may delete it from the SIM; a PDU
 * stored before is recognised by its dedupe key; a PDU that cannot be
 * decoded is stored raw with the reason.
 */
#ifndef GOPY_INGEST_H
#define GOPY_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "conf.h"
#include "reply.h"
#include "store.h"

enum ingest_result {
	INGEST_STORED = 0,	/* a new message was committed */
	INGEST_UNDECODABLE = 1,	/* committed raw, with the decode error */
	INGEST_DUPLICATE = 2,	/* committed before: only delete it */
	INGEST_ERR_STORE = -1,	/* nothing committed: keep it on the SIM */
};

/* What the caller needs to log and act on. */
struct ingest_report {
	int64_t	id;			/* the message, 0 for a duplicate */
	char	ticket[REPLY_TICKET_MAX]; /* "" when none */
	char	sender[64];		/* as stored */
	char	topic[CONF_TOPIC_ID_MAX];
	int64_t	ack_id;			/* the queued acknowledgement, 0 when none */
	char	error[256];		/* decode or store error, "" when none */
};

/* What ingest works with; all borrowed, none owned. */
struct ingest {
	struct store *store;
	const struct gopy_conf *conf;
	const struct classifier *classifier;
};

/*
 * Ingest one PDU given as hex (with its SMSC address, as AT+CMGL/+CMGR give
 * it), read at Unix time now. Returns an enum ingest_result and fills *rep.
 * Only for INGEST_ERR_STORE may the SMS not be deleted from the SIM.
 */
int	ingest_pdu(const struct ingest *in, const char *hex, size_t hexlen,
	    int64_t now, struct ingest_report *rep);

#endif
