/*
 * sd_notify(3) without libsystemd: a datagram with "READY=1", "STOPPING=1"
 * or "STATUS=..." to the socket named by $NOTIFY_SOCKET (a path, or an
 * abstract name starting with '@'). Does nothing when the variable is unset,
 * as when gopyd runs from a terminal or a test.
 */
#ifndef GOPY_NOTIFY_H
#define GOPY_NOTIFY_H

/* Send state. Returns 0 when sent or not wanted, -1 with errno on failure. */
int	notify_send(const char *state);

#endif
