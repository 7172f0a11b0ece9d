/*
 * The monotonic clock every deadline is measured on. Wall time (time(2)) is
 * used only for what is stored or shown, never for timing.
 */
#include <time.h>

#include "clock.h"
#include "log.h"

int64_t
clock_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1) {
		fatal("clock_gettime");
	}
	/* +1 keeps the result away from 0, which means "stopped". */
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 1;
}
