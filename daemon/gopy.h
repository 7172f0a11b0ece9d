/*
 * What the officers' CLI shares between its files: the state every command
 * gets, the helpers several use, and the commands that live outside
 * gopy.c (gopy_classify.c: classify, learn, reclassify).
 */
#ifndef GOPY_GOPY_H
#define GOPY_GOPY_H

#include <stdint.h>

#include "conf.h"
#include "store.h"

#define EXIT_USAGE	2	/* a command line gopy cannot read */

struct cli {
	struct gopy_conf conf;
	const char	*db;	/* --db, or the configuration's */
	struct store	*store;	/* opened by the command; closed by main */
};

/* Print the usage of command name; returns EXIT_USAGE. */
int	command_usage(const char *name);

/* Open the database into cli->store. Returns 0, or -1 after logging why. */
int	open_store_mode(struct cli *cli, enum store_mode mode);

/*
 * A time as officers write it: YYYY-MM-DD (local midnight), "today",
 * "yesterday", or a span back from now, "7d" or "24h". Returns 0 and the
 * Unix time in *t, or -1.
 */
int	parse_when(const char *s, int64_t *t);

int	cmd_classify(struct cli *cli, int argc, char **argv);
int	cmd_learn(struct cli *cli, int argc, char **argv);
int	cmd_reclassify(struct cli *cli, int argc, char **argv);

#endif
