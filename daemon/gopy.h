/*
 * What the officers' CLI shares between its files: the state every command
 * gets, the helpers several use, and the commands that live outside
 * gopy.c (gopy_classify.c: classify, learn, reclassify; gopy_list.c: list,
 * search, export; gopy_work.c: set, audit, show, reply, send, outbox;
 * gopy_stats.c: stats, topics, status).
 */
#ifndef GOPY_GOPY_H
#define GOPY_GOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#include "conf.h"
#include "store.h"

#define EXIT_USAGE	2	/* a command line gopy cannot read */

struct cli {
	struct gopy_conf conf;
	const char	*db;	/* --db, or the configuration's */
	struct store	*store;	/* opened by the command; closed by main */
};

/* The statuses a message can have, in the order work goes. */
#define CLI_NSTATUSES	4
extern const char *const cli_statuses[CLI_NSTATUSES];

/* Print the usage of command name; returns EXIT_USAGE. */
int	command_usage(const char *name);

/*
 * Errors end a command with one line on stderr, "gopy: " and the problem;
 * "gopy: warning: " (log_warnx) is for what a command goes on after.
 */

/* Open the database into cli->store. Returns 0, or -1 after saying why. */
int	open_store_mode(struct cli *cli, enum store_mode mode);

/* Commands that only look open the database read-only. */
int	open_store(struct cli *cli);

/*
 * After the database at cli->db failed to open or to take a write
 * (write: gopy meant to change it): when file permissions are why, print
 * one line naming the file and the remedy (the officer's group) and
 * return true; else print nothing and return false.
 */
bool	explain_denied(const struct cli *cli, bool write);

/* A call on cli->store failed: say why, permissions first. Returns 1. */
int	store_failed(const struct cli *cli, bool write);

/*
 * --limit N of the commands that list: 0 (all) to CLI_LIMIT_MAX into
 * *limit; -1 after printing "gopy: --limit 'x' is not a number ...".
 */
#define CLI_LIMIT_MAX	1000000
int	limit_arg(const char *arg, int *limit);

/* How a command prints its rows: a table, or --json or --csv lines. */
enum cli_format {
	FORMAT_TABLE,
	FORMAT_JSON,
	FORMAT_CSV,
};

/*
 * Take --json or --csv (want) into *format, FORMAT_TABLE until one is
 * given; -1 after saying that they exclude each other.
 */
int	format_arg(enum cli_format *format, enum cli_format want);

/*
 * Write CSV record r (csv.h) to standard output: as it is into a file or
 * a pipe; cleaned (table_clean) on a terminal, where a field must not
 * send escape sequences, its line breaks shown as spaces.
 */
struct csv_record;
void	print_csv_record(const struct csv_record *r);

/* Parse a decimal integer in [min, max], like OpenBSD strtonum: 0 or -1. */
int	parse_int(const char *s, long long min, long long max, long long *v);

/*
 * The message id arg names: a ticket ("0042-7", "0042 7", "00427") or a
 * plain id ("42"); -1 when it is neither.
 */
int64_t	resolve_id(const char *arg);

/*
 * Check v is one of the n choices (or a configured topic id); otherwise
 * print "gopy: unknown WHAT 'v'; one of: ..." and return -1.
 */
int	check_choice(const char *what, const char *v,
	    const char *const *choices, size_t n);
int	check_topic(const struct cli *cli, const char *id);

/*
 * The commune v names, for --commune: with communes configured, the one v
 * is, written with or without diacritics and in any case ("thach ha" is
 * "Thạch Hà"), as the configuration writes it, or NULL after "gopy:
 * unknown commune 'v'; one of: ..."; with none configured, v itself.
 */
const char *commune_named(const struct cli *cli, const char *v);

/* The Vietnamese name of topic id, or NULL when it is not configured. */
const char *topic_name(const struct cli *cli, const char *id);

/* Local time as "2026-11-29 08:15", or ISO 8601 with offset when iso. */
void	format_time(int64_t t, bool iso, char *out, size_t outlen);

/* Display columns of the terminal, or 0 when output is not a terminal. */
size_t	terminal_width(void);

/*
 * The fields of message m as JSON members after "{" into out, without the
 * closing "}" (callers add their own members).
 */
void	message_json(const struct cli *cli, const struct store_message *m,
	    struct buf *out);

/*
 * The value of --since or --until, a time as officers write it: a day
 * (YYYY-MM-DD, "today", "yesterday") or a span back from now ("7d",
 * "24h"). --since begins at that time (a day at its local midnight);
 * --until ends there, except that a day is included whole: its end is
 * the next local midnight, so "--since 2025-11-01 --until 2025-11-30" is
 * November. Returns 0 and the Unix time in *t, or -1 after printing
 * "gopy: --since 'x' is not a date (...)".
 */
int	since_arg(const char *arg, int64_t *t);
int	until_arg(const char *arg, int64_t *t);

/*
 * Check that the range from --since since_text to --until until_text
 * (their times since and until; 0: not given) is not empty; otherwise
 * print why and return -1.
 */
int	check_range(const char *since_text, int64_t since,
	    const char *until_text, int64_t until);

/*
 * Print "label value" with value (NULL: empty) cleaned for the terminal
 * (table_clean): show and status.
 */
void	show_field(const char *label, const char *value);

/* gopy_classify.c: how messages are filed. */
int	cmd_classify(struct cli *cli, int argc, char **argv);
int	cmd_learn(struct cli *cli, int argc, char **argv);
int	cmd_reclassify(struct cli *cli, int argc, char **argv);

/* gopy_list.c: finding and reading messages. */
int	cmd_list(struct cli *cli, int argc, char **argv);
int	cmd_search(struct cli *cli, int argc, char **argv);
int	cmd_export(struct cli *cli, int argc, char **argv);

/* gopy_stats.c: reports, and how gopyd and the modem are. */
int	cmd_stats(struct cli *cli, int argc, char **argv);
int	cmd_status(struct cli *cli, int argc, char **argv);
int	cmd_topics(struct cli *cli, int argc, char **argv);

/* gopy_work.c: working the messages. */
int	cmd_audit(struct cli *cli, int argc, char **argv);
int	cmd_outbox(struct cli *cli, int argc, char **argv);
int	cmd_reply(struct cli *cli, int argc, char **argv);
int	cmd_send(struct cli *cli, int argc, char **argv);
int	cmd_set(struct cli *cli, int argc, char **argv);
int	cmd_show(struct cli *cli, int argc, char **argv);

#endif
