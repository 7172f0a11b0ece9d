/*
 * The unit tests' database: a real SQLite file under /tmp, removed with
 * its WAL files after each test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store.h"
#include "store_fixture.h"

int
store_fixture_setup(void **state)
{
	struct store_fixture *f = calloc(1, sizeof(*f));
	char err[512];

	if (f == NULL) {
		return -1;
	}
	snprintf(f->dir, sizeof(f->dir), "/tmp/gopy-test-store.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/gopy.db", f->dir);
	f->s = store_open(f->path, STORE_READ_WRITE, 1000, err, sizeof(err));
	if (f->s == NULL) {
		print_error("%s\n", err);
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

int
store_fixture_teardown(void **state)
{
	struct store_fixture *f = *state;
	char p[160];

	store_close(f->s);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

struct store_new_message
store_fixture_message(const char *text, int64_t received_at)
{
	struct store_new_message m;

	memset(&m, 0, sizeof(m));
	m.sender = "+84912345678";
	m.sender_type = "international";
	m.received_at = received_at;
	m.received_tz = 420;
	m.stored_at = received_at + 5;
	m.text = text;
	m.folded = "folded";
	m.topic = "trom_cap";
	m.score = 2;
	m.keywords = "trộm, bò";
	m.parts = 1;
	m.raw_pdu = "0791AA";
	return m;
}

int64_t
store_fixture_add(struct store *s, const char *text, int64_t received_at)
{
	struct store_new_message m = store_fixture_message(text, received_at);
	char ticket[32];
	int64_t id;

	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_add_message(s, &m, &id), 0);
	snprintf(ticket, sizeof(ticket), "T%lld", (long long)id);
	assert_int_equal(store_set_ticket(s, id, ticket), 0);
	assert_int_equal(store_commit(s), 0);
	return id;
}

int
store_fixture_ack(struct store *s, const char *recipient, const char *text,
    int64_t mid, int64_t now, int64_t *id)
{
	struct store_new_sms sms = { recipient, text, mid, "ack", 0 };

	return store_queue_sms(s, &sms, now, id);
}
