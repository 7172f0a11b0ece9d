/*
 * The status file beside the database (statusfile.h): one fixed-size text
 * record, written in place, read back with its checksum checked. It knows
 * nothing of what the fields mean; gopyd fills them and gopy status shows
 * them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "statusfile.h"

#define MAGIC		"gopyd-status 1"
#define READ_TRIES	3	/* a record seen half-written: read again */

enum kind {
	K_INT,
	K_LONG,
	K_INT64,
	K_TEXT,		/* a char array of size bytes */
};

/* The record's fields, in the file's order. */
static const struct field {
	const char	*key;
	enum kind	 kind;
	size_t		 off;
	size_t		 size;
} fields[] = {
#define ST(f)	offsetof(struct statusfile_record, st.f)
#define TEXT(k, f)	{ k, K_TEXT, ST(f), \
	sizeof(((struct store_status *)0)->f) }
	{ "updated_at", K_INT64, ST(updated_at), 0 },
	{ "pid", K_INT, ST(pid), 0 },
	TEXT("device", device),
	TEXT("link", link),
	{ "since", K_INT64, ST(since), 0 },
	TEXT("model", model),
	{ "rssi", K_INT, ST(rssi), 0 },
	{ "registration", K_INT, ST(registration), 0 },
	TEXT("operator", operator_name),
	{ "sim_used", K_INT, ST(sim_used), 0 },
	{ "sim_total", K_INT, ST(sim_total), 0 },
	TEXT("last_error", last_error),
	{ "last_error_at", K_INT64, ST(last_error_at), 0 },
	{ "restarts", K_LONG, ST(restarts), 0 },
	{ "overlong", K_LONG, ST(overlong), 0 },
	{ "db_down_since", K_INT64,
	    offsetof(struct statusfile_record, db_down_since), 0 },
	{ "db_error", K_TEXT, offsetof(struct statusfile_record, db_error),
	    sizeof(((struct statusfile_record *)0)->db_error) },
#undef TEXT
#undef ST
};

/* FNV-1a: enough to tell a torn record from a whole one. */
static uint32_t
checksum(const char *p, size_t len)
{
	uint32_t h = 2166136261u;

	while (len-- > 0) {
		h = (h ^ (uint8_t)*p++) * 16777619u;
	}
	return h;
}

static void
status_path(const char *db_path, struct buf *out)
{
	buf_init(out);
	buf_adds(out, db_path);
	buf_adds(out, STATUSFILE_SUFFIX);
}

/* A text value on one line: control bytes (a modem's, say) become spaces. */
static void
add_text(struct buf *b, const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max && s[i] != '\0'; i++) {
		buf_addc(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' :
		    s[i]);
	}
}

/* The record r as the file holds it: exactly STATUSFILE_SIZE bytes. */
static void
format_record(const struct statusfile_record *r, char *out)
{
	const char *base = (const char *)r;
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_adds(&b, MAGIC "\n");
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		buf_addf(&b, "%s ", fields[i].key);
		switch (fields[i].kind) {
		case K_INT:
			buf_addf(&b, "%d", *(const int *)(base + fields[i].off));
			break;
		case K_LONG:
			buf_addf(&b, "%ld",
			    *(const long *)(base + fields[i].off));
			break;
		case K_INT64:
			buf_addf(&b, "%lld", (long long)
			    *(const int64_t *)(base + fields[i].off));
			break;
		case K_TEXT:
			add_text(&b, base + fields[i].off, fields[i].size);
			break;
		}
		buf_addc(&b, '\n');
	}
	buf_addf(&b, "end %08x\n", checksum(b.data, b.len));
	/* The fields' sizes keep a record far below the file's size. */
	memset(out, '\n', STATUSFILE_SIZE);
	memcpy(out, b.data, b.len < STATUSFILE_SIZE ? b.len : STATUSFILE_SIZE);
	buf_release(&b);
}

int
statusfile_write(const char *db_path, const struct statusfile_record *r,
    char *err, size_t errlen)
{
	char rec[STATUSFILE_SIZE];
	struct buf path;
	size_t done = 0;
	ssize_t n = 0;
	int fd;

	status_path(db_path, &path);
	fd = open(path.data, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0640);
	if (fd == -1) {
		snprintf(err, errlen, "open '%s': %s", path.data,
		    strerror(errno));
		buf_release(&path);
		return -1;
	}
	format_record(r, rec);
	while (done < sizeof(rec)) {
		n = pwrite(fd, rec + done, sizeof(rec) - done, (off_t)done);
		if (n == -1 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		done += (size_t)n;
	}
	if (done < sizeof(rec)) {
		snprintf(err, errlen, "write '%s': %s", path.data,
		    n == 0 ? "nothing written" : strerror(errno));
	}
	close(fd);
	buf_release(&path);
	return done < sizeof(rec) ? -1 : 0;
}

/* Set the field named key of r from value; unknown keys are passed over. */
static void
parse_field(struct statusfile_record *r, const char *key, size_t keylen,
    const char *value, size_t len)
{
	char *base = (char *)r, num[32];
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strlen(fields[i].key) == keylen &&
		    memcmp(fields[i].key, key, keylen) == 0) {
			break;
		}
	}
	if (i == sizeof(fields) / sizeof(fields[0])) {
		return;
	}
	if (fields[i].kind == K_TEXT) {
		snprintf(base + fields[i].off, fields[i].size, "%.*s",
		    (int)len, value);
		return;
	}
	snprintf(num, sizeof(num), "%.*s", (int)len, value);
	switch (fields[i].kind) {
	case K_INT:
		*(int *)(base + fields[i].off) = (int)strtol(num, NULL, 10);
		break;
	case K_LONG:
		*(long *)(base + fields[i].off) = strtol(num, NULL, 10);
		break;
	default:
		*(int64_t *)(base + fields[i].off) = strtoll(num, NULL, 10);
		break;
	}
}

/* Parse a record read whole: 1, or 0 when it is not one or torn. */
static int
parse_record(const char *rec, size_t len, struct statusfile_record *r)
{
	const char *end, *p, *nl, *sp;
	char sum[16];

	if (len < sizeof(MAGIC) || memcmp(rec, MAGIC "\n",
	    sizeof(MAGIC)) != 0) {
		return 0;
	}
	end = memmem(rec, len, "\nend ", 5);
	if (end == NULL || (size_t)(end + 14 - rec) > len) {
		return 0;
	}
	end++;
	snprintf(sum, sizeof(sum), "end %08x\n", checksum(rec,
	    (size_t)(end - rec)));
	if (memcmp(end, sum, 13) != 0) {
		return 0;
	}
	memset(r, 0, sizeof(*r));
	for (p = rec + sizeof(MAGIC); p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			break;
		}
		sp = memchr(p, ' ', (size_t)(nl - p));
		if (sp != NULL) {
			parse_field(r, p, (size_t)(sp - p), sp + 1,
			    (size_t)(nl - sp - 1));
		}
	}
	return 1;
}

int
statusfile_read(const char *db_path, struct statusfile_record *r)
{
	char rec[STATUSFILE_SIZE];
	struct buf path;
	ssize_t n;
	int fd, i, ok = 0;

	memset(r, 0, sizeof(*r));
	status_path(db_path, &path);
	fd = open(path.data, O_RDONLY | O_CLOEXEC);
	buf_release(&path);
	if (fd == -1) {
		return 0;
	}
	for (i = 0; i < READ_TRIES && !ok; i++) {
		n = pread(fd, rec, sizeof(rec), 0);
		ok = n > 0 && parse_record(rec, (size_t)n, r);
	}
	close(fd);
	if (!ok) {
		memset(r, 0, sizeof(*r));
	}
	return ok;
}
