/*
 * Monotonic time in milliseconds and deadlines kept as fields of the object
 * they time (cmd->deadline, m->reconnect_at), after OpenBSD bgpd's timer.c.
 * A deadline of 0 is stopped.
 */
#ifndef GOPY_CLOCK_H
#define GOPY_CLOCK_H

#include <stdint.h>

/* Milliseconds on CLOCK_MONOTONIC; never 0, never goes back. */
int64_t	clock_now_ms(void);

/* Arm *deadline to fire in ms milliseconds from now. */
static inline void
timer_set(int64_t *deadline, int64_t now, int64_t ms)
{
	*deadline = now + ms;
}

static inline void
timer_stop(int64_t *deadline)
{
	*deadline = 0;
}

/* True when the deadline is armed and has passed. */
static inline int
timer_due(int64_t deadline, int64_t now)
{
	return deadline != 0 && deadline <= now;
}

/* The earlier of two deadlines, ignoring stopped ones. */
static inline int64_t
timer_min(int64_t a, int64_t b)
{
	if (a == 0) {
		return b;
	}
	if (b == 0) {
		return a;
	}
	return a < b ? a : b;
}

#endif
