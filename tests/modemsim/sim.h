/*
 * The modem simulator's shared state. modemsim.c owns the process: options,
 * sockets, the poll loop, the SIM slots and the record of what was sent,
 * part by part and reassembled into whole messages. simat.c plays the
 * modem on the one modem connection; simctl.c answers the control
 * connections that tests and the demo drive it with, and keeps the
 * messages they prepare.
 *
 * One thread: every function here runs from the poll loop and returns
 * without blocking. Output is queued on a connection and written when the
 * socket takes it.
 */
#ifndef GOPY_SIM_H
#define GOPY_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pdu.h"

#define SIM_SLOTS_DEFAULT	30	/* SIM storage, like a typical SIM */
#define SIM_SLOTS_MAX		1000
#define SIM_CTL_CLIENTS_MAX	32	/* control connections at once */
#define SIM_IN_MAX		(1024 * 1024)	/* bytes held per client */
#define SIM_OUT_MAX		(8 * 1024 * 1024) /* bytes queued per client */
#define SIM_NAME_MAX		32	/* bytes of a prepared message's name */
#define SIM_PREPARED_MAX	1000	/* prepared messages kept at once */

/* Command line options. Faults will join them here. */
struct sim_options {
	int		 verbose;	/* -v count */
	unsigned	 modem_port;	/* -p, 0: ephemeral */
	unsigned	 ctl_port;	/* -c, 0: ephemeral */
	const char	*port_file;	/* -f, NULL: stdout only */
	size_t		 nslots;	/* -n, 1..SIM_SLOTS_MAX */
	const char	*pin;		/* -P, NULL: no PIN asked */
	bool		 no_smsc;	/* -N: list PDUs without their SMSC field */
};

/* What a control client waits for; SIM_WAIT_NONE when it runs commands. */
enum sim_wait_kind {
	SIM_WAIT_NONE = 0,
	SIM_WAIT_SENT,		/* at least n whole SMS sent */
	SIM_WAIT_SIM_EMPTY,	/* no slot occupied */
	SIM_WAIT_CONNECTED,	/* a modem client connected */
};

struct sim_wait {
	enum sim_wait_kind kind;
	size_t		 n;		/* SIM_WAIT_SENT: the count */
	int64_t		 deadline;	/* clock_now_ms() based */
};

/* A TCP client. The control fields are unused on the modem connection. */
struct sim_conn {
	int		 fd;
	struct buf	 in;		/* received, not yet consumed */
	struct buf	 out;		/* queued, not yet written */
	bool		 dropping;	/* skipping the rest of a long line */
	bool		 eof;		/* the client sent all it will send */
	struct sim_wait	 wait;
};

/* A SIM storage slot. */
struct sim_slot {
	char	*hex;		/* PDU and SMSC in hex as stored; NULL: free */
	size_t	 tpdu_len;	/* octets after the SMSC address */
	bool	 read;		/* <stat> 1 once listed or read, else 0 */
};

/* One SMS-SUBMIT the modem client sent with AT+CMGS, decoded. */
struct sim_part {
	char		*to;
	enum pdu_coding	 coding;
	struct pdu_concat concat;	/* total 0: not concatenated */
	char		*text;
	size_t		 text_len;
};

/* A whole SMS the modem client sent: a single part, or all of them. */
struct sim_sent {
	char		*to;
	enum pdu_coding	 coding;	/* of the first part */
	bool		 mixed;		/* the parts differ in coding */
	char		*text;		/* the parts' texts joined */
	size_t		 text_len;
};

/*
 * A concatenated SMS the modem client has sent some parts of, known by
 * recipient, reference and part count (9.2.3.24.1).
 */
struct sim_pending {
	char		*to;
	uint16_t	 ref;
	uint8_t		 total;
	uint8_t		 have;		/* parts in so far */
	/* For each sequence number, 1 + its index in sim.parts; 0: missing. */
	size_t		 part[PDU_PARTS_MAX];
};

/* A message of the control command prepare: its parts, ready for the SIM. */
struct sim_prepared {
	char		 name[SIM_NAME_MAX + 1];
	char		**hex;		/* PDUs with their SMSC, in hex */
	size_t		 nparts;
};

/* The modem's settings and the state of the modem connection. */
struct sim_modem {
	bool		 echo;		/* ATE */
	int		 cmee;		/* AT+CMEE: 0, 1 or 2 */
	int		 cnmi[5];	/* AT+CNMI mode, mt, bm, ds, bfr */
	bool		 pin_locked;	/* until AT+CPIN with the -P PIN */
	uint8_t		 mr;		/* next TP-MR for +CMGS */
	struct buf	 line;		/* the command line being received */
	bool		 dropping;	/* skipping an over-long command line */
	bool		 responding;	/* information lines sent, no result */
	/* Between the "> " prompt of AT+CMGS and Ctrl-Z or ESC. */
	bool		 in_pdu;
	size_t		 pdu_len;	/* the <length> AT+CMGS gave */
	struct buf	 pdu;		/* hex received so far */
	bool		 pdu_overflow;
	/* Unsolicited result codes held back until a response is complete. */
	struct buf	 urc;
	/*
	 * A fault: a line to slip between the next +CMGL/+CMGR header and its
	 * PDU, as SIMCom modems do with time-zone URCs; empty when none.
	 */
	struct buf	 stray;
};

struct sim {
	struct sim_options opt;
	struct sim_slot	*slots;		/* opt.nslots of them; index 1 is [0] */
	struct sim_part	*parts;		/* every SMS-SUBMIT, in order */
	size_t		 nparts;
	struct sim_sent	*sent;		/* whole SMS, in the order completed */
	size_t		 nsent;
	struct sim_pending *pending;	/* concatenated SMS not yet whole */
	size_t		 npending;
	struct sim_prepared *prepared;	/* kept until quit */
	size_t		 nprepared;
	unsigned	 next_ref;	/* concatenation references given */
	struct buf	 atlog;		/* escaped AT lines, '\n' after each */
	size_t		 natlog;	/* lines in atlog */
	struct sim_modem modem;
	struct sim_conn	*modem_conn;	/* NULL when no modem client */
	struct sim_conn	*ctl[SIM_CTL_CLIENTS_MAX];
	bool		 quit;		/* a control client asked to quit */
	struct sim_conn	*quit_conn;	/* ... and wants its "ok" first */
};

/* modemsim.c */

/* Queue bytes for a client. */
void	sim_send(struct sim_conn *c, const void *p, size_t len);
void	sim_sendf(struct sim_conn *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Append len bytes to out escaped for one line: backslash, \n, \r and \t
 * as two-character escapes, other control bytes as \xNN; bytes from 0x80
 * pass when keep_utf8, else they are \xNN too.
 */
void	sim_escape(struct buf *out, const char *p, size_t len, bool keep_utf8);
/*
 * Parse a decimal number of the whole string s within min..max. Returns 0,
 * or -1 (and leaves *v alone) for anything else.
 */
int	sim_parse_num(const char *s, long long min, long long max,
	    long long *v);
/*
 * Store hex (hexlen valid hex digits, a PDU with its SMSC) in the first
 * free slot and tell the modem client. Returns the slot index (1-based), or
 * 0 when the SIM is full.
 */
size_t	sim_slot_store(struct sim *s, const char *hex, size_t hexlen);
/* Empty slot index (1-based). */
void	sim_slot_clear(struct sim *s, size_t index);
size_t	sim_slots_used(const struct sim *s);
/*
 * Record an SMS-SUBMIT the modem client sent. A single part is a whole SMS
 * at once; a part of a concatenated one waits for the others with the
 * same recipient, reference and count, and the SMS is whole when the last
 * is in. A part whose sequence number is already in counts as a part but
 * adds nothing to the message.
 */
void	sim_record_part(struct sim *s, const struct pdu_submit *sub);

/* simat.c */

/* A modem client connected: start a fresh line, no PDU, no held URCs. */
void	simat_connect(struct sim *s);
/* Bytes from the modem client. */
void	simat_feed(struct sim *s, const char *p, size_t len);
/* A new SMS is in slot index: +CMTI when AT+CNMI asked for it. */
void	simat_new_sms(struct sim *s, size_t index);
void	simat_init(struct sim *s);
void	simat_release(struct sim *s);

/* simctl.c */

/* Bytes from control client c. */
void	simctl_feed(struct sim_conn *c, const char *p, size_t len);
/*
 * Answer the waits whose condition holds or whose deadline has passed,
 * then run the commands that waited behind them. Call after every event.
 */
void	simctl_run(struct sim *s, int64_t now);
/* The earliest wait deadline, or 0 when nothing waits. */
int64_t	simctl_next_deadline(const struct sim *s);
/* Free the prepared messages. */
void	simctl_release(struct sim *s);

#endif
