/*
 * Choosing the local time zone: which name wins, and what to do when its
 * tzdata file is missing, which glibc would silently take for UTC. It only
 * sets TZ; the conversions stay with localtime_r and mktime.
 */
#include <sys/stat.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "tz.h"

#define TZ_DEFAULT_DIR	"/usr/share/zoneinfo"

/* Whether the tzdata file of zone (an IANA name) is there. */
static bool
zone_exists(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	struct stat st;
	int n;

	if (dir == NULL || dir[0] == '\0') {
		dir = TZ_DEFAULT_DIR;
	}
	n = snprintf(path, sizeof(path), "%s/%s", dir, zone);
	return n > 0 && (size_t)n < sizeof(path) && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode);
}

int
tz_setup(const char *configured, char *err, size_t errlen)
{
	const char *zone = configured, *env = getenv("TZ");
	int rc = 0;

	if (zone[0] == '\0') {
		zone = env != NULL ? env : CONF_DEFAULT_TZ;
	}
	/* ":Asia/Ho_Chi_Minh" is glibc's way to say "a file". */
	if (zone[0] == ':') {
		zone++;
	}
	if (zone_exists(zone)) {
		setenv("TZ", zone, 1);
	} else if (strcmp(zone, CONF_DEFAULT_TZ) == 0) {
		setenv("TZ", TZ_VIETNAM_FIXED, 1);
	} else if (configured[0] != '\0') {
		snprintf(err, errlen, "time zone '%s' of display.timezone is "
		    "not known here (is tzdata installed?): showing times in "
		    "UTC", configured);
		setenv("TZ", "UTC0", 1);
		rc = -1;
	}
	/* Otherwise $TZ stays as it is: perhaps a POSIX rule, "UTC0". */
	tzset();
	return rc;
}
