/*
 * gopyd's checks of its own privileges, made before it opens anything
 * (the user) or reads it (the files), and again on reload. They look,
 * never change: what to change is the administrator's choice, and the
 * message says how.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "perm.h"

int
perm_check_user(char *err, size_t errlen)
{
	if (geteuid() != 0) {
		return 0;
	}
	snprintf(err, errlen, "refuse to run as root: run gopyd as its "
	    "service user (systemctl start gopyd does); gopyd -n checks a "
	    "configuration as any user");
	return -1;
}

/* The name of user id uid, or its number, copied into buf. */
static const char *
user_name(uid_t uid, char *buf, size_t len)
{
	const struct passwd *pw = getpwuid(uid);

	if (pw != NULL) {
		snprintf(buf, len, "%s", pw->pw_name);
	} else {
		snprintf(buf, len, "%lu", (unsigned long)uid);
	}
	return buf;
}

/* The name of group id gid, or its number, copied into buf. */
static const char *
group_name(gid_t gid, char *buf, size_t len)
{
	const struct group *gr = getgrgid(gid);

	if (gr != NULL) {
		snprintf(buf, len, "%s", gr->gr_name);
	} else {
		snprintf(buf, len, "%lu", (unsigned long)gid);
	}
	return buf;
}

/*
 * Group-writable is refused too, unless the group is root's: the group of
 * /etc/gopy/gopy.conf is gopy, the officers, who read it through gopy but
 * must not choose the modem's AT commands or the database gopyd writes.
 * Root edits it (sudoedit).
 */
int
perm_check_file(const char *path, char *err, size_t errlen)
{
	char name[2][256];
	struct stat st;
	uid_t self = geteuid();

	if (stat(path, &st) == -1) {
		return 0;
	}
	if (st.st_uid != 0 && st.st_uid != self) {
		snprintf(err, errlen, "refuse '%s': owned by %s, not by "
		    "root%s%s; sudo chown root '%s'", path,
		    user_name(st.st_uid, name[0], sizeof(name[0])),
		    self != 0 ? " or by gopyd's user " : "",
		    self != 0 ? user_name(self, name[1], sizeof(name[1])) : "",
		    path);
		return -1;
	}
	if (st.st_mode & S_IWOTH) {
		snprintf(err, errlen, "refuse '%s': writable by every user; "
		    "chmod o-w '%s'", path, path);
		return -1;
	}
	if ((st.st_mode & S_IWGRP) && st.st_gid != 0) {
		snprintf(err, errlen, "refuse '%s': writable by group %s; "
		    "chmod g-w '%s'", path,
		    group_name(st.st_gid, name[0], sizeof(name[0])), path);
		return -1;
	}
	return 0;
}

/*
 * Only the making of a socket is tried: the sandbox's
 * RestrictAddressFamilies refuses it at once (EAFNOSUPPORT), where a
 * connect would wait for the modem. Other failures (no descriptors left)
 * are not the sandbox's, and are left to the first connect to report.
 */
int
perm_check_network(const char *device, char *err, size_t errlen)
{
	static const int families[] = { AF_INET, AF_INET6 };
	size_t i;
	int fd, saved = 0;

	if (strncmp(device, "tcp:", 4) != 0) {
		return 0;
	}
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		fd = socket(families[i], SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd != -1) {
			close(fd);
			return 0;
		}
		saved = errno;
		if (saved != EAFNOSUPPORT && saved != EPERM &&
		    saved != EACCES) {
			return 0;
		}
	}
	snprintf(err, errlen, "open '%s': no network for gopyd (%s); a "
	    "modem over TCP needs the unit's drop-in %s, see gopyd(8)",
	    device, strerror(saved), PERM_TCP_DROPIN);
	return -1;
}
