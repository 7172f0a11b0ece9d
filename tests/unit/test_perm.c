/*
 * Unit tests of perm: which files gopyd trusts, by owner and mode, on real
 * temporary files; the user and network checks as far as this process can
 * show them.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "perm.h"

#define NO_CHOWN	((uid_t)-1)

static void
test_file(void **state)
{
	/*
	 * owner: NO_CHOWN keeps this process's; group: (gid_t)-1 keeps the
	 * file's. Cases that need another owner or group run as root only.
	 */
	static const struct {
		mode_t	mode;
		uid_t	owner;
		gid_t	group;
		const char *want;	/* NULL: accepted; else in the error */
	} cases[] = {
		{ 0644, NO_CHOWN, (gid_t)-1, NULL },
		{ 0600, NO_CHOWN, (gid_t)-1, NULL },
		{ 0646, NO_CHOWN, (gid_t)-1, "by every user; chmod o-w" },
		{ 0666, NO_CHOWN, (gid_t)-1, "by every user; chmod o-w" },
		{ 0664, NO_CHOWN, 65534, "writable by group " },
		{ 0664, NO_CHOWN, 0, NULL },
		{ 0644, 0, (gid_t)-1, NULL },
		{ 0644, 1, (gid_t)-1, "not by root" },
	};
	char dir[] = "/tmp/gopy-perm.XXXXXX", path[64], err[512];
	size_t i;
	int fd, rc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/gopy.conf", dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (geteuid() != 0 && (cases[i].owner != NO_CHOWN ||
		    cases[i].group != (gid_t)-1)) {
			continue;
		}
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(fd != -1);
		close(fd);
		assert_int_equal(chmod(path, cases[i].mode), 0);
		if (cases[i].owner != NO_CHOWN || cases[i].group != (gid_t)-1) {
			assert_int_equal(chown(path, cases[i].owner,
			    cases[i].group), 0);
		}
		err[0] = '\0';
		rc = perm_check_file(path, err, sizeof(err));
		if (cases[i].want == NULL ? rc != 0 : rc != -1 ||
		    strstr(err, cases[i].want) == NULL ||
		    strstr(err, path) == NULL) {
			fail_msg("case %zu: rc %d, '%s'", i, rc, err);
		}
		unlink(path);
	}
	/* Not there: the reader says so, not the check. */
	assert_int_equal(perm_check_file(path, err, sizeof(err)), 0);
	rmdir(dir);
}

static void
test_user(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(perm_check_user(err, sizeof(err)),
	    geteuid() == 0 ? -1 : 0);
	if (geteuid() == 0) {
		assert_non_null(strstr(err, "refuse to run as root"));
	}
}

static void
test_network(void **state)
{
	char err[256] = "";

	(void)state;
	/* A serial modem needs no network; this process has one. */
	assert_int_equal(perm_check_network("/dev/gsm-modem", err,
	    sizeof(err)), 0);
	assert_int_equal(perm_check_network("tcp:127.0.0.1:7000", err,
	    sizeof(err)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_network),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
