/*
 * Unit tests of statusfile.c: a record read back whole, rewritten in place
 * at the same size, control bytes kept off its lines; a torn or foreign
 * record, or none, read as none.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "statusfile.h"

struct fixture {
	char	dir[64];
	char	db[96];	/* the database path; the status file is beside it */
	char	file[128];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_statusfile.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		return -1;
	}
	snprintf(f->db, sizeof(f->db), "%s/gopy.db", f->dir);
	snprintf(f->file, sizeof(f->file), "%s%s", f->db, STATUSFILE_SUFFIX);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->file);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
sample(struct statusfile_record *r, int64_t t)
{
	memset(r, 0, sizeof(*r));
	r->st.updated_at = t;
	r->st.pid = 4242;
	snprintf(r->st.device, sizeof(r->st.device), "tcp:127.0.0.1:7000");
	snprintf(r->st.link, sizeof(r->st.link), "ready");
	r->st.since = t - 60;
	snprintf(r->st.model, sizeof(r->st.model), "SIM800\r\nOK");
	r->st.rssi = 20;
	r->st.registration = 5;
	snprintf(r->st.operator_name, sizeof(r->st.operator_name), "Viettel");
	r->st.sim_used = 3;
	r->st.sim_total = 30;
	r->st.restarts = 7;
	r->st.overlong = 1;
	r->db_down_since = t - 30;
	snprintf(r->db_error, sizeof(r->db_error),
	    "commit: database or disk is full");
}

static off_t
file_size(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_size;
}

static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct statusfile_record w, r;
	char err[256];

	assert_int_equal(statusfile_read(f->db, &r), 0);
	sample(&w, 1764400000);
	assert_int_equal(statusfile_write(f->db, &w, err, sizeof(err)), 0);
	assert_int_equal(file_size(f->file), STATUSFILE_SIZE);
	assert_int_equal(statusfile_read(f->db, &r), 1);
	assert_int_equal(r.st.updated_at, 1764400000);
	assert_int_equal(r.st.pid, 4242);
	assert_string_equal(r.st.device, "tcp:127.0.0.1:7000");
	assert_string_equal(r.st.link, "ready");
	assert_int_equal(r.st.since, 1764400000 - 60);
	/* One line per field: the modem's CR LF are spaces. */
	assert_string_equal(r.st.model, "SIM800  OK");
	assert_int_equal(r.st.rssi, 20);
	assert_int_equal(r.st.registration, 5);
	assert_string_equal(r.st.operator_name, "Viettel");
	assert_int_equal(r.st.sim_used, 3);
	assert_int_equal(r.st.sim_total, 30);
	assert_string_equal(r.st.last_error, "");
	assert_int_equal(r.st.restarts, 7);
	assert_int_equal(r.st.overlong, 1);
	assert_int_equal(r.db_down_since, 1764400000 - 30);
	assert_string_equal(r.db_error, "commit: database or disk is full");

	/* Rewritten in place: the database takes writes again. */
	w.st.updated_at += 60;
	w.db_down_since = 0;
	w.db_error[0] = '\0';
	memset(w.st.last_error, 'x', sizeof(w.st.last_error) - 1);
	assert_int_equal(statusfile_write(f->db, &w, err, sizeof(err)), 0);
	assert_int_equal(file_size(f->file), STATUSFILE_SIZE);
	assert_int_equal(statusfile_read(f->db, &r), 1);
	assert_int_equal(r.st.updated_at, 1764400060);
	assert_int_equal(r.db_down_since, 0);
	assert_string_equal(r.db_error, "");
	assert_int_equal(strlen(r.st.last_error), sizeof(r.st.last_error) - 1);

	/* Removed: the next write makes it again. */
	assert_int_equal(unlink(f->file), 0);
	assert_int_equal(statusfile_write(f->db, &w, err, sizeof(err)), 0);
	assert_int_equal(statusfile_read(f->db, &r), 1);
	assert_int_equal(r.st.updated_at, 1764400060);
}

/* Overwrite the file at off with len bytes of s. */
static void
poke(const char *path, long off, const char *s)
{
	FILE *fp = fopen(path, "r+");

	assert_non_null(fp);
	assert_int_equal(fseek(fp, off, SEEK_SET), 0);
	assert_int_equal(fwrite(s, 1, strlen(s), fp), strlen(s));
	fclose(fp);
}

static void
test_torn_or_foreign(void **state)
{
	struct fixture *f = *state;
	struct statusfile_record w, r;
	char err[256];

	sample(&w, 1764400000);
	assert_int_equal(statusfile_write(f->db, &w, err, sizeof(err)), 0);
	/* Half of a newer record over the old one: the checksum tells. */
	poke(f->file, 26, "1764400060");
	assert_int_equal(statusfile_read(f->db, &r), 0);
	assert_int_equal(r.st.updated_at, 0);
	/* Not a status record at all. */
	poke(f->file, 0, "SQLite format 3");
	assert_int_equal(statusfile_read(f->db, &r), 0);
	/* The next write makes it whole again. */
	assert_int_equal(statusfile_write(f->db, &w, err, sizeof(err)), 0);
	assert_int_equal(statusfile_read(f->db, &r), 1);
}

static void
test_cannot_open(void **state)
{
	struct fixture *f = *state;
	struct statusfile_record w;
	char db[160], err[256];

	snprintf(db, sizeof(db), "%s/no/such/dir/gopy.db", f->dir);
	sample(&w, 1764400000);
	assert_int_equal(statusfile_write(db, &w, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	assert_non_null(strstr(err, "/no/such/dir/gopy.db.status'"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_torn_or_foreign, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cannot_open, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
