/*
 * gopyd's status in a file beside the database, <database>.status: what
 * the status row of the database holds (struct store_status), and whether
 * the database takes writes. The row cannot tell that it does not: while
 * the database is locked, full or read-only, gopyd cannot update it. So
 * gopyd writes this file too, and gopy status believes it over the row
 * while it says the database refuses writes and is not older than the row.
 *
 * The file has a fixed size (STATUSFILE_SIZE) and is rewritten in place
 * with one pwrite: once it exists no write needs a new block, so a full
 * disk cannot refuse it, and nothing is renamed, so a read-only directory
 * does not either. It holds one record of "key value" lines, padded, whose
 * last line carries a checksum: a reader never takes a half-written record
 * for a whole one. It is text, for an administrator to read with cat.
 */
#ifndef GOPY_STATUSFILE_H
#define GOPY_STATUSFILE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define STATUSFILE_SUFFIX	".status"	/* after the database's path */
#define STATUSFILE_SIZE		4096		/* bytes, every record */

/* What the file says. */
struct statusfile_record {
	struct store_status st;
	int64_t	db_down_since;	/* Unix time the database began refusing
				   writes; 0 while it takes them */
	char	db_error[256];	/* why it refuses; "" while it does not */
};

/*
 * Write r over the record in the status file of the database at db_path,
 * creating the file (mode 0640 less the umask) when there is none. The
 * file is opened by its name each time: one removed or replaced is made
 * again, not written unseen. Returns 0, or -1 with err set ("write
 * '/var/lib/gopy/gopy.db.status': No space left on device").
 */
int	statusfile_write(const char *db_path,
	    const struct statusfile_record *r, char *err, size_t errlen);

/*
 * Read the status file of the database at db_path into *r: 1 when a whole
 * record was read, 0 when there is none to read (no file, not readable,
 * not a status record, or being written for longer than a few tries).
 */
int	statusfile_read(const char *db_path, struct statusfile_record *r);

#endif
