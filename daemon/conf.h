/*
 * The configuration of gopyd and gopy, as plain structs. conf.c is the only
 * file that knows the file is libconfig; every other module receives its own
 * sub-struct (modem gets struct modem_conf, classify the topics, ...).
 *
 * Invariants of a loaded struct gopy_conf: every string is NUL-terminated and
 * within its documented limit, every number within its range, topic ids are
 * unique, exactly one topic is the fallback, every reply template uses only
 * the placeholders its kind allows (reply.h), every phone number is
 * normalised (number.h) and every urgent topic is a configured one.
 */
#ifndef GOPY_CONF_H
#define GOPY_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define CONF_DEFAULT_PATH	"/etc/gopy/gopy.conf"
/*
 * The zone of dates in replies and the CLI when neither display.timezone
 * nor $TZ names one (tz.h).
 */
#define CONF_DEFAULT_TZ		"Asia/Ho_Chi_Minh"

#define CONF_DEVICE_MAX		256	/* bytes of modem.device, with NUL */
#define CONF_PIN_MAX		9	/* 4..8 digits, with NUL */
#define CONF_STORAGE_MAX	3	/* "SM", "ME" or "MT", with NUL */
#define CONF_INIT_CMDS_MAX	16	/* entries of modem.init */
#define CONF_INIT_CMD_MAX	129	/* bytes of one init command, with NUL */
#define CONF_PATH_MAX		4096	/* bytes of database.path, with NUL */
#define CONF_UNIT_MAX		129	/* bytes of reply.unit, with NUL */
#define CONF_TEMPLATE_MAX	1024	/* bytes of a reply template, with NUL */
#define CONF_TOPIC_ID_MAX	33	/* [a-z0-9_], 1..32 chars, with NUL */
#define CONF_TOPIC_NAME_MAX	129	/* bytes of a topic name, with NUL */
#define CONF_TOPICS_MAX		64	/* topics */
#define CONF_KEYWORDS_MAX	1024	/* keywords of one topic */
#define CONF_KEYWORD_MAX	129	/* bytes of one keyword, with NUL */
#define CONF_WEIGHT_MAX		100	/* keyword weight 1..100 */
#define CONF_ABBREVS_MAX	512	/* abbreviation entries */
#define CONF_NEGATIONS_MAX	64	/* classifier.negations */
#define CONF_LEARNED_MAX	50	/* |weight| of a learned feature */
#define CONF_LEARNED_FEATURES_MAX 20000	/* learned features of one topic */
#define CONF_SHORTS_MAX		32	/* short forms of one abbreviation */
#define CONF_TIMEZONE_MAX	65	/* bytes of display.timezone, with NUL */
#define CONF_COMMUNE_NAME_MAX	129	/* bytes of a commune's name, with NUL */
/* Communes: a classifier's topics (commune.h), less one for "none". */
#define CONF_COMMUNES_MAX	(CONF_TOPICS_MAX - 1)
#define CONF_PLACES_MAX		1024	/* places of one commune */
#define CONF_NUMBERS_MAX	64	/* reply.never, reply.duty_numbers */
#define CONF_URGENT_MAX		256	/* reply.urgent.words, .topics */
#define CONF_COMMAND_WORD_MAX	17	/* bytes of a command word, with NUL */

enum conf_flow {
	CONF_FLOW_NONE = 0,
	CONF_FLOW_RTSCTS,
	CONF_FLOW_XONXOFF,
};

struct modem_conf {
	char	device[CONF_DEVICE_MAX];	/* "/dev/ttyUSB2" or "tcp:HOST:PORT" */
	int	baud;			/* one of 9600..921600 (fixed table); default 115200 */
	enum conf_flow flow;		/* default none */
	char	pin[CONF_PIN_MAX];	/* "" when the SIM asks no PIN; default "" */
	char	storage[CONF_STORAGE_MAX]; /* AT+CPMS memory; default "SM" */
	int	poll_interval;		/* s between AT+CMGL sweeps, 5..3600; default 60 */
	int	multipart_timeout;	/* s to wait for missing parts, 60..604800; default 86400 */
	bool	direct;			/* delivery "direct": +CMT and +CNMA, not +CMTI */
	int	send_attempts;		/* tries of one SMS, 1..20; default 5 */
	int	retry_delay;		/* s before the first retry, x4 after; 1..3600; default 30 */
	char	init[CONF_INIT_CMDS_MAX][CONF_INIT_CMD_MAX]; /* extra init commands, "AT..." */
	size_t	ninit;
};

struct database_conf {
	char	path[CONF_PATH_MAX];	/* default /var/lib/gopy/gopy.db */
	int	busy_timeout;		/* ms to wait for a lock, 0..600000; default 5000 */
};

/*
 * Whom gopyd answers, how often, and with what. Templates take the
 * placeholders reply.h names for each (REPLY_VARS_*); every number is E.164
 * (number.h) once loaded.
 */
struct reply_conf {
	bool	enabled;		/* send acknowledgements; default true */
	char	unit[CONF_UNIT_MAX];	/* answering unit, for {unit}; default "" */
	char	template[CONF_TEMPLATE_MAX]; /* default acknowledgement */
	bool	strip_diacritics;	/* send Vietnamese without marks; default true */
	int	max_parts;		/* parts of one SMS sent, 1..255; default 6 */
	int	validity;		/* h the network keeps trying, 1..720; default 24 */
	bool	delivery_reports;	/* ask for delivery reports; default false */

	/* Never answered: shorter numbers (carrier short codes), these. */
	int	min_sender_digits;	/* 1..15; default 6 */
	char	never[CONF_NUMBERS_MAX][24];	/* E.164, or short codes */
	size_t	nnever;			/* default 0 */
	/* Automatic replies to one number: at most per_window in window s. */
	int	limit_window;		/* s, 60..86400; default 600 */
	int	limit_per_window;	/* 1..1000; default 5 */
	int	limit_per_day;		/* 1..10000; default 20 */
	/* The same text more than loop_repeats times in an hour: not answered. */
	int	loop_repeats;		/* 1..100; default 3 */
	/* The same report again within repeat_window h: repeat_template. */
	int	repeat_window;		/* h, 0 (off)..720; default 24 */
	/* "{unit} da nhan phan anh nay, ma so {ticket}. Cam on ban!" */
	char	repeat_template[CONF_TEMPLATE_MAX];
	/* An automatic reply unsent after max_age h expires. */
	int	max_age;		/* h, 1..720; default 6 */
	/*
	 * Urgent: a topic of urgent_topics, or a text with a word or phrase of
	 * urgent_words (folded, on word boundaries), adds urgent_suffix to
	 * the acknowledgement and sends duty_template to duty_numbers. In
	 * the file: reply.urgent = { topics = [...]; words = [...];
	 * suffix = "..."; }.
	 */
	char	**urgent_topics;	/* topic ids, each configured; owned */
	size_t	nurgent_topics;		/* 0..CONF_URGENT_MAX; default 0 */
	char	**urgent_words;		/* as written; owned */
	size_t	nurgent_words;		/* 0..CONF_URGENT_MAX; default 0 */
	/* "Neu khan cap goi 113"; no braces, "" for none. */
	char	urgent_suffix[CONF_TEMPLATE_MAX];
	char	duty_numbers[CONF_NUMBERS_MAX][24];	/* E.164, with '+' */
	size_t	nduty_numbers;		/* default 0 */
	/* "KHAN CAP {ticket} tu {sender}: {text}" */
	char	duty_template[CONF_TEMPLATE_MAX];
	/*
	 * gopy set --status resolved --notify: this to the citizen.
	 * "{unit}: phan anh {ticket} cua ban da duoc xu ly. Cam on ban!"
	 */
	char	notify_template[CONF_TEMPLATE_MAX];
};

/*
 * Citizens' SMS commands: the first word of a message, folded (no case, no
 * diacritics). A command is stored like any message, marked as one.
 */
struct commands_conf {
	bool	enabled;			/* default true */
	/* One word each, not the same once folded. */
	char	status_word[CONF_COMMAND_WORD_MAX];	/* default "TT" */
	char	help_word[CONF_COMMAND_WORD_MAX];	/* default "HD" */
	/*
	 * TT, its own number; must have {status}. Default
	 * "Phan anh {ticket}: {status}. {unit}".
	 */
	char	status_template[CONF_TEMPLATE_MAX];
	/* TT, any other case: reveals nothing. */
	char	refuse_template[CONF_TEMPLATE_MAX];
	char	help_template[CONF_TEMPLATE_MAX];	/* HD */
	/* {status} of status_template, by message status; not empty. */
	char	status_new[CONF_UNIT_MAX];		/* "da nhan" */
	char	status_in_progress[CONF_UNIT_MAX];	/* "dang xu ly" */
	char	status_resolved[CONF_UNIT_MAX];		/* "da xu ly" */
	char	status_rejected[CONF_UNIT_MAX];		/* "da dong" */
};

struct keyword_conf {
	char	*text;			/* as written in the file, UTF-8; owned */
	double	 weight;		/* hand: 1..CONF_WEIGHT_MAX, default 1;
					   learned: -CONF_LEARNED_MAX..CONF_LEARNED_MAX */
};

struct topic_conf {
	char	id[CONF_TOPIC_ID_MAX];	/* e.g. "trom_cap" */
	char	name[CONF_TOPIC_NAME_MAX]; /* Vietnamese name, UTF-8 */
	struct keyword_conf *keywords;	/* owned; may be empty */
	size_t	nkeywords;
	struct keyword_conf *learned;	/* from classifier.learned; owned */
	size_t	nlearned;
	char	*reply;			/* template; NULL means reply.template */
	bool	fallback;		/* the topic when nothing matches */
};

/* How keyword scores become a topic (classify.h). */
struct classify_conf {
	double	min_score;		/* best below it: the fallback; 0..1000; default 1 */
	double	unsure_below;		/* best below it: unsure; 0..1000; default 2 */
	double	unsure_margin;		/* best - second below it: unsure; default 1 */
	char	**negations;		/* phrases that cancel what follows; owned */
	size_t	nnegations;
	char	learned[CONF_PATH_MAX];	/* learned weights file as given; "" none */
};

/*
 * One expansion: each of shorts, as a whole word, reads as word. Each string
 * is at most CONF_KEYWORD_MAX bytes with its NUL; a short form is one word.
 */
struct abbrev_conf {
	char	*word;			/* e.g. "khong"; owned */
	char	**shorts;		/* e.g. "ko", "k", "hok"; owned */
	size_t	nshorts;		/* 1..CONF_SHORTS_MAX */
};

/* How gopy and gopyd show times. */
struct display_conf {
	/* IANA zone name ("Asia/Ho_Chi_Minh"); "" when the file sets none */
	char	timezone[CONF_TIMEZONE_MAX];
};

/*
 * A commune and the places in it (villages, hamlets) that messages name,
 * for gopy stats --by commune. No place, nor the name itself, folds
 * (text.h) to the same words as another place or name of any commune.
 */
struct commune_conf {
	char	name[CONF_COMMUNE_NAME_MAX];	/* UTF-8, at least one letter */
	char	**places;		/* as written; owned; each one to
					   CONF_KEYWORD_MAX bytes with NUL */
	size_t	nplaces;		/* 0..CONF_PLACES_MAX */
};

/* The reply texts besides the acknowledgements of topics. */
enum conf_text {
	CONF_TEXT_REPLY,		/* reply.template */
	CONF_TEXT_REPEAT,		/* reply.repeat_template */
	CONF_TEXT_NOTIFY,		/* reply.notify_template */
	CONF_TEXT_DUTY,			/* reply.duty_template */
	CONF_TEXT_STATUS,		/* commands.status_template */
	CONF_TEXT_REFUSE,		/* commands.refuse_template */
	CONF_TEXT_HELP,			/* commands.help_template */
	CONF_TEXTS
};

struct gopy_conf {
	char	file[CONF_PATH_MAX];	/* the file it was loaded from */
	/* Where each text was set, for conf_warnings; 0: its default. */
	unsigned text_lines[CONF_TEXTS];
	unsigned reply_lines[CONF_TOPICS_MAX];	/* of topics[i].reply */
	struct modem_conf modem;
	struct database_conf database;
	struct reply_conf reply;
	struct commands_conf commands;
	struct classify_conf classify;
	struct topic_conf *topics;	/* in file order; owned */
	size_t	ntopics;
	size_t	fallback;		/* index of the fallback topic */
	struct abbrev_conf *abbrevs;	/* owned */
	size_t	nabbrevs;
	struct display_conf display;
	struct commune_conf *communes;	/* in file order; owned */
	size_t	ncommunes;		/* 0..CONF_COMMUNES_MAX */
};

/*
 * Load and validate the file at path into *c. On success returns 0. On
 * failure returns -1, leaves *c empty (conf_release is still safe) and
 * appends every error found to errs, one per line, each
 * "file:line: key.path: message" (syntax errors: "file:line: message").
 */
int	conf_load(struct gopy_conf *c, const char *path, struct buf *errs);

/* Free what a loaded configuration owns; *c is left empty. */
void	conf_release(struct gopy_conf *c);

/*
 * The path of the learned weights file classifier.learned names, as
 * conf_load read it: relative to the configuration file's directory
 * unless absolute. Returns 0, or -1 when there is none or the path does
 * not fit in len.
 */
int	conf_learned_path(const struct gopy_conf *c, char *path, size_t len);

/*
 * Append to out, one per line, what a loaded configuration allows but is
 * likely a mistake: a keyword in two topics (the same words with the same
 * diacritics), or a keyword with a word that is an abbreviation's short
 * form, so that it reads as the abbreviation's word ("ca" as "cong an");
 * a reply that can need more than one SMS, as gopyd will send it
 * (reply.strip_diacritics, then GSM 7-bit or UCS2), with the longest
 * values its placeholders can take (each topic's name, each status, a
 * ticket of 7 digits); {unit} in a template while reply.unit is empty;
 * a help text that does not name the status command. Returns how many.
 */
int	conf_warnings(const struct gopy_conf *c, struct buf *out);

/* Index of the topic with this id, or -1. */
int	conf_topic_index(const struct gopy_conf *c, const char *id);

#endif
