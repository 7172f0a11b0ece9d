/*
 * libFuzzer target for configuration parsing: any bytes as gopy.conf.
 * Loading either succeeds, or fails with at least one error line and
 * leaves the configuration empty; a loaded one has a fallback topic and
 * survives the warnings pass and a release.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok) {
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct gopy_conf c;
	struct buf errs, warns;
	FILE *f;
	int rc;

	/* conf_load reads a file (and learned files beside it): one per run. */
	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/fuzz_conf.%d.conf",
		    (int)getpid());
	}
	f = fopen(path, "wb");
	check(f != NULL);
	check(fwrite(data, 1, size, f) == size);
	check(fclose(f) == 0);

	buf_init(&errs);
	buf_init(&warns);
	rc = conf_load(&c, path, &errs);
	if (rc == 0) {
		check(errs.len == 0);
		check(c.ntopics >= 1 && c.fallback < c.ntopics);
		(void)conf_warnings(&c, &warns);
	} else {
		check(rc == -1 && errs.len > 0);
		check(c.ntopics == 0 && c.topics == NULL);
	}
	conf_release(&c);
	buf_release(&errs);
	buf_release(&warns);
	return 0;
}
