/*
 * The local time gopy shows and counts days in, and gopyd writes in its
 * replies: one zone for the station, so that "today" and a day of gopy
 * stats are the same day for every officer, wherever they log in from.
 *
 * The zone is display.timezone when the configuration names one, else $TZ,
 * else CONF_DEFAULT_TZ. A zone is looked up under $TZDIR (by default
 * /usr/share/zoneinfo, Debian's tzdata). Without its file Asia/Ho_Chi_Minh
 * is the fixed UTC+7 it has kept since 1975 (Vietnam has no summer time);
 * any other configured zone that cannot be found is UTC, and said so.
 */
#ifndef GOPY_TZ_H
#define GOPY_TZ_H

#include <stddef.h>

/* Asia/Ho_Chi_Minh as a POSIX TZ string, for when tzdata is missing. */
#define TZ_VIETNAM_FIXED	"<+07>-7"

/*
 * Set TZ (and call tzset) for the zone configured ("": none) as above.
 * Returns 0; or -1 when the configured zone is unknown, with why in err:
 * times are then in UTC.
 */
int	tz_setup(const char *configured, char *err, size_t errlen);

#endif
