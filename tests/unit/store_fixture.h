/*
 * What the unit tests of store share: a fresh database file in a temporary
 * directory for each test, and messages put in it as gopyd would.
 */
#ifndef GOPY_STORE_FIXTURE_H
#define GOPY_STORE_FIXTURE_H

#include <stdint.h>

#include "store.h"

struct store_fixture {
	char	dir[64];	/* the temporary directory */
	char	path[128];	/* dir/gopy.db */
	struct store *s;	/* opened STORE_READ_WRITE */
};

/* cmocka setup and teardown: *state is a struct store_fixture. */
int	store_fixture_setup(void **state);
int	store_fixture_teardown(void **state);
#define STORE_TEST(fn) \
	cmocka_unit_test_setup_teardown(fn, store_fixture_setup, \
	    store_fixture_teardown)

/*
 * A message from +84912345678 with this text, received at received_at and
 * stored 5 s later, of topic trom_cap with score 2.
 */
struct store_new_message store_fixture_message(const char *text,
	    int64_t received_at);

/*
 * Store store_fixture_message(text, received_at) with ticket "T<id>" in
 * one transaction; returns its id.
 */
int64_t	store_fixture_add(struct store *s, const char *text,
	    int64_t received_at);

/* Queue an acknowledgement of message mid (0: none) as gopyd would. */
int	store_fixture_ack(struct store *s, const char *recipient,
	    const char *text, int64_t mid, int64_t now, int64_t *id);

#endif
