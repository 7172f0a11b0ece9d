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
#define SIM_SMSC		"+84980200030"	/* Viettel's SMSC */
#define SIM_ZONE_MINUTES	420	/* SCTS in Vietnam's UTC+07:00 */

/*
 * Faults the modem plays, set with -F KEY=VALUE or the control command
 * fault KEY VALUE. Zero (or "off") is no fault. Every random choice is
 * drawn from one generator seeded with -S.
 */
enum sim_noise {
	SIM_NOISE_OFF = 0,
	SIM_NOISE_HUAWEI,	/* ^RSSI, ^MODE, ^BOOT, ^DSFLOWRPT */
	SIM_NOISE_SIMCOM,	/* *PSUTTZ, DST, +CIEV */
	SIM_NOISE_QUECTEL,	/* +QIND, +QUSIM */
	SIM_NOISE_WAVECOM,	/* +WIND */
};

struct sim_faults {
	long		 rate;		/* bytes/s of the line; 0: unpaced */
	long		 latency;	/* ms from a command to its answer */
	enum sim_noise	 noise;		/* unsolicited lines between commands */
	long		 noise_interval; /* ms between them on average */
	double		 urc_inside;	/* chance of a URC inside a response */
	double		 garbage;	/* chance of junk before a response */
	double		 cms_error;	/* chance of AT+CMGS failing */
	long		 cms_code;	/* ... with +CMS ERROR: cms_code */
	long		 drop_after;	/* command lines to a drop; 0: none */
	long		 reboot_after;	/* command lines to a reboot; 0: none */
	double		 lost_cmti;	/* chance of a +CMTI never sent */
	long		 silent;	/* command lines still to ignore */
	bool		 silent_until_reset; /* ignore all but AT+CFUN=1,1 */
	/* Status reports of SMS-SUBMITs with TP-SRR (struct sim_report). */
	long		 report_status;	/* TP-ST, 0..255; 0: delivered */
	long		 report_delay;	/* ms from the SUBMIT to its report */
	bool		 report_store;	/* stored with +CDSI when ds=1 asks +CDS */
};

/* What the control command stats prints. */
struct sim_stats {
	unsigned long	 cmt_sent;	/* +CMT unsolicited result codes */
	unsigned long	 cmt_acked;	/* ... confirmed with AT+CNMA */
	unsigned long	 cmgs_ok;	/* AT+CMGS answered OK */
	unsigned long	 cmgs_error;	/* ... answered with an error */
	unsigned long	 commands;	/* command lines received */
	unsigned long	 reboots;
	unsigned long	 drops;		/* connections closed by drop-after */
	unsigned long	 pin_tries;	/* AT+CPIN=... */
	unsigned long	 cmti_sent;
	unsigned long	 cmti_lost;	/* held back by lost-cmti */
	unsigned long	 garbage;	/* responses with junk before them */
	unsigned long	 urc_inside;	/* responses with a URC inside */
	unsigned long	 noise;		/* noise lines sent */
	unsigned long	 reports;	/* status reports the network made */
	unsigned long	 cds_sent;	/* +CDS unsolicited result codes */
	unsigned long	 cds_acked;	/* ... confirmed with AT+CNMA */
	unsigned long	 cdsi_sent;	/* reports stored, +CDSI */
	unsigned long	 reports_dropped; /* ds=0, or +CDS never confirmed */
	/* Bytes on the modem connection, for the line efficiency benchmark. */
	unsigned long	 bytes_in;	/* received from the modem client */
	unsigned long	 bytes_out;	/* sent to it */
};

/* Command line options. */
struct sim_options {
	int		 verbose;	/* -v count */
	unsigned	 modem_port;	/* -p, 0: ephemeral */
	unsigned	 ctl_port;	/* -c, 0: ephemeral */
	const char	*port_file;	/* -f, NULL: stdout only */
	size_t		 nslots;	/* -n, 1..SIM_SLOTS_MAX */
	const char	*pin;		/* -P, NULL: no PIN asked */
	bool		 no_smsc;	/* -N: list PDUs without their SMSC field */
	uint64_t	 seed;		/* -S, else from the clock */
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
	/*
	 * The modem client under fault "rate", in ns on clock_now_ms()'s
	 * clock: when the last byte of in has arrived on the emulated line,
	 * and when the line is free for the next byte of out.
	 */
	int64_t		 rx_end_ns;
	int64_t		 tx_free_ns;
};

/* A SIM storage slot. */
struct sim_slot {
	char	*hex;		/* PDU and SMSC in hex as stored; NULL: free */
	size_t	 tpdu_len;	/* octets after the SMSC address */
	bool	 read;		/* <stat> 1 once listed or read, else 0 */
	bool	 report;	/* a status report: +CDSI, not +CMTI */
	int64_t	 cmti_us;	/* CLOCK_REALTIME us of its +CMTI; 0: none */
};

/*
 * An SMS announced with +CMTI and deleted since: how long the client took
 * from the announcement to AT+CMGD, which gopyd sends only once the SMS
 * is committed (control command latency).
 */
struct sim_latency {
	size_t	 slot;
	int64_t	 cmti_us;	/* CLOCK_REALTIME microseconds */
	int64_t	 deleted_us;
};

/*
 * The messages of control command deliver-many still to come: message i
 * is from the number first + i (width digits, after prefix) with the text
 * TEXT " (so i)"; they go every interval ms from next_at, else all at once.
 */
struct sim_many {
	size_t		 left;		/* 0: none running */
	size_t		 next;		/* i of the next one */
	char		 prefix[2];	/* "+" or "" */
	unsigned long long first;
	int		 width;
	char		*coding;
	char		*text;
	int64_t		 interval;	/* ms; 0: all at once */
	int64_t		 next_at;	/* clock_now_ms() */
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

/*
 * An SMS in the simulated network, not yet handed to the modem: waiting
 * for a free SIM slot, or for direct delivery (+CMT) and its AT+CNMA.
 */
struct sim_net_sms {
	char		*hex;		/* PDU with its SMSC, in hex */
	int		 attempts;	/* +CMT (+CDS) deliveries so far */
	int64_t		 next_at;	/* not before (clock_now_ms); 0: due */
	size_t		 report;	/* 1 + index in sim.reports; 0: an SMS */
};

/* Where a status report is (control command reports). */
enum sim_report_state {
	SIM_REPORT_PENDING,	/* the SC waits for report_delay */
	SIM_REPORT_NETWORK,	/* due: in the network's queue */
	SIM_REPORT_CDS,		/* passed on as +CDS */
	SIM_REPORT_CDSI,	/* stored on the SIM, +CDSI */
	SIM_REPORT_DROPPED,	/* ds=0, or +CDS never confirmed */
};

/*
 * The SMS-STATUS-REPORT (TS 23.040 9.2.2.3) the network makes for an
 * SMS-SUBMIT with TP-SRR: the TP-MR the modem gave it (+CMGS), its TP-DA,
 * the TP-ST of fault report-status at the time.
 */
struct sim_report {
	size_t		 part;		/* 1 + index in sim.parts */
	uint8_t		 mr;
	char		*to;
	uint8_t		 status;
	char		*hex;		/* PDU with its SMSC, in hex */
	int64_t		 due_at;	/* SIM_REPORT_PENDING until then */
	enum sim_report_state state;
	size_t		 slot;		/* SIM_REPORT_CDSI: where stored */
};

/* What a command line received waits for until exec_at (fault latency). */
enum sim_exec {
	SIM_EXEC_NONE = 0,
	SIM_EXEC_LINE,		/* the command in line */
	SIM_EXEC_SUBMIT,	/* the PDU of AT+CMGS, ended with Ctrl-Z */
};

/* The modem's settings and the state of the modem connection. */
struct sim_modem {
	bool		 echo;		/* ATE */
	int		 cmee;		/* AT+CMEE: 0, 1 or 2 */
	int		 cnmi[5];	/* AT+CNMI mode, mt, bm, ds, bfr */
	int		 csms;		/* AT+CSMS: 1 wants AT+CNMA for +CMT */
	int		 fun;		/* AT+CFUN */
	bool		 pin_locked;	/* until AT+CPIN with the -P PIN */
	bool		 puk_locked;	/* 3 wrong PINs: for ever */
	int		 pin_fails;	/* wrong PINs in a row */
	uint8_t		 mr;		/* next TP-MR for +CMGS */
	struct buf	 line;		/* the command line being received */
	bool		 dropping;	/* skipping an over-long command line */
	enum sim_exec	 exec;		/* a command waiting for exec_at */
	int64_t		 exec_at;
	struct buf	 resp;		/* information lines, each with CRLF */
	size_t		 nresp;		/* ... how many */
	int64_t		 boot_at;	/* rebooting until then; 0: up */
	int64_t		 noise_at;	/* the next noise line; 0: unplanned */
	bool		 drop;		/* close the modem connection now */
	/* The +CMT waiting for AT+CNMA, or NULL; its deadline. */
	struct sim_net_sms *cmt;
	int64_t		 cmt_deadline;
	/* Between the "> " prompt of AT+CMGS and Ctrl-Z or ESC. */
	bool		 in_pdu;
	size_t		 pdu_len;	/* the <length> AT+CMGS gave */
	struct buf	 pdu;		/* hex received so far */
	bool		 pdu_overflow;
	/* Unsolicited result codes held back while a command runs. */
	struct buf	 urc;
	/*
	 * A fault: a line to slip between the next +CMGL/+CMGR header and its
	 * PDU, as SIMCom modems do with time-zone URCs; empty when none.
	 */
	struct buf	 stray;
};

struct sim {
	struct sim_options opt;
	struct sim_faults faults;
	struct sim_stats stats;
	uint64_t	 rng;		/* splitmix64 state, from opt.seed */
	int64_t		 now;		/* clock_now_ms() of this loop pass */
	/* SMS the network holds, oldest first. */
	struct sim_net_sms *net;
	size_t		 nnet;
	struct sim_slot	*slots;		/* opt.nslots of them; index 1 is [0] */
	struct sim_part	*parts;		/* every SMS-SUBMIT, in order */
	size_t		 nparts;
	struct sim_sent	*sent;		/* whole SMS, in the order completed */
	size_t		 nsent;
	struct sim_pending *pending;	/* concatenated SMS not yet whole */
	size_t		 npending;
	struct sim_report *reports;	/* every status report, in order */
	size_t		 nreports;
	struct sim_prepared *prepared;	/* kept until quit */
	size_t		 nprepared;
	struct sim_many	 many;		/* deliver-many still running */
	struct sim_latency *latencies;	/* in the order deleted */
	size_t		 nlatencies;
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

/* The next pseudo-random number; below n (n > 0); true with chance p. */
uint64_t sim_rand(struct sim *s);
uint64_t sim_rand_below(struct sim *s, uint64_t n);
bool	sim_chance(struct sim *s, double p);
/*
 * Bytes at the start of the modem client's input that have come down the
 * emulated line by now (all of them without fault rate).
 */
size_t	sim_rx_arrived(const struct sim *s);

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
/* Octets after the SMSC address of hex, the <length> of +CMGL and +CMT. */
size_t	sim_tpdu_len(const char *hex, size_t hexlen);
/*
 * Store hex (hexlen valid hex digits, a PDU with its SMSC; a status report
 * when report) in the first free slot and tell the modem client. Returns
 * the slot index (1-based), or 0 when the SIM is full.
 */
size_t	sim_slot_store(struct sim *s, const char *hex, size_t hexlen,
	    bool report);
/*
 * An SMS from the network: into a SIM slot at once when nothing waits
 * before it, the SIM has room and the modem does not deliver directly;
 * else into the network's queue. Returns the slot index, or 0 when queued.
 */
size_t	sim_deliver(struct sim *s, const char *hex, size_t hexlen);
/*
 * SMS and status reports the network still holds: the one awaiting AT+CNMA
 * and the reports not yet due included.
 */
size_t	sim_network_count(const struct sim *s);
/*
 * The modem client sent an SMS-SUBMIT that asks for a status report, and
 * the modem gave it reference mr: the network makes the report, due after
 * fault report-delay.
 */
void	sim_report_submit(struct sim *s, uint8_t mr, const char *to);
/* Move the reports now due into the network's queue. */
void	sim_reports_due(struct sim *s);
/* When the next report falls due (clock_now_ms); 0: none waits. */
int64_t	sim_reports_next(const struct sim *s);
/*
 * Empty slot index (1-based); an SMS announced with +CMTI leaves its
 * struct sim_latency.
 */
void	sim_slot_clear(struct sim *s, size_t index);
/* Microseconds on CLOCK_REALTIME, to compare with other processes' logs. */
int64_t	sim_realtime_us(void);
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
/*
 * Run what is due at s->now: the end of a reboot, a command whose latency
 * is over, the input that has arrived, noise, the network's deliveries.
 * Call after every event; s->modem.drop then asks to close the client.
 */
void	simat_tick(struct sim *s);
/* When simat_tick wants to run next (clock_now_ms); 0: only on events. */
int64_t	simat_next_deadline(const struct sim *s);
/* Whether the modem reads input now (not busy with a command). */
bool	simat_takes_input(const struct sim *s);
/* A new SMS is in slot index: +CMTI when AT+CNMI asked for it. */
void	simat_new_sms(struct sim *s, size_t index);
/* Restart the modem now: power-on settings, RDY after a while. */
void	simat_reboot(struct sim *s);
/*
 * Set fault key to value ("0" or "off" for none). Returns 0, or -1 with
 * the reason in err.
 */
int	simat_fault_set(struct sim *s, const char *key, const char *value,
	    char *err, size_t errlen);
/* Append "fault KEY VALUE\n" for every fault to out. */
void	simat_fault_list(const struct sim *s, struct buf *out);
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
