/*
 * What gopyd checks before it trusts its own process and files: that it
 * does not run as root, that nobody but root and its own user can change
 * the files its configuration comes from, and that the service manager
 * lets it reach a modem served over TCP. Each check returns 0 when all is
 * well, or -1 with one line in err naming the problem and the remedy.
 */
#ifndef GOPY_PERM_H
#define GOPY_PERM_H

#include <stddef.h>

/*
 * The drop-in of the systemd unit that gives gopyd the network back for
 * a modem served by ser2net (systemd/tcp-modem.conf).
 */
#define PERM_TCP_DROPIN	"/etc/systemd/system/gopyd.service.d/tcp-modem.conf"

/* Refuse an effective user id of 0. */
int	perm_check_user(char *err, size_t errlen);

/*
 * Refuse the file at path when a user other than root or this process's
 * own can change it: owned by another user, writable by others, or
 * writable by its group unless that group is root's. A file that cannot be
 * examined passes: whoever opens it next says why it cannot.
 */
int	perm_check_file(const char *path, char *err, size_t errlen);

/*
 * For device "tcp:HOST:PORT", refuse when this process may not make
 * Internet sockets (the unit's RestrictAddressFamilies=AF_UNIX); any other
 * device passes.
 */
int	perm_check_network(const char *device, char *err, size_t errlen);

#endif
