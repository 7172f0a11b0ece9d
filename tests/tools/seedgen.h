/*
 * Realistic messages for benchmarks, made up from a seed: the eleven
 * topics of config/gopy.conf in the proportions a rural station sees
 * them, texts put together from per-topic fragments with and without
 * diacritics, about one in twenty long enough for several parts, places
 * of the communes in tests/bench/communes.conf, statuses and assignees
 * that depend on a message's age. The same seed and end give the same
 * messages, in order of time.
 */
#ifndef GOPY_SEEDGEN_H
#define GOPY_SEEDGEN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define SEEDGEN_SPAN_S	(2 * 365 * 86400LL)	/* the messages' two years */

struct seedgen {
	uint64_t state;		/* splitmix64 */
	int64_t	 start;		/* Unix time of the first day */
	size_t	 n;		/* messages in all */
	size_t	 i;		/* the next one */
	int64_t	 end;
};

/* Make g give n messages received in the two years before end. */
void	seedgen_init(struct seedgen *g, uint64_t seed, size_t n, int64_t end);

/*
 * The next message as a seeddb line (no newline) into out, replacing what
 * it held: TIME, SENDER, TEXT, PARTS, STATUS, ASSIGNEE separated by tabs.
 * Returns 0, or -1 after the last one.
 */
int	seedgen_next(struct seedgen *g, struct buf *out);

#endif
