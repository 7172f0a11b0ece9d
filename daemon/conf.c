/*
 * Reading gopy.conf: libconfig parses the text, this file checks every key
 * against its type, range and length and fills struct gopy_conf. It goes on
 * after an error so that one run reports them all, each with file, line and
 * key path. It does not act on the values: no device is opened here.
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libconfig.h>

#include "conf.h"
#include "gsm7.h"
#include "number.h"
#include "pdu.h"
#include "reply.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

#define CONF_FILE_SIZE_MAX	(1024 * 1024)	/* bytes of the file */
#define KEYPATH_MAX		128	/* bytes of a key path in a message */
#define WHY_MAX			160	/* bytes of a reason from a check */
/*
 * Bytes, with NUL, of a string checked against a table or a pattern
 * (flow_control, storage, pin, topic id): generous, so that a long one
 * gets the error that says what is allowed rather than "too long".
 */
#define WORD_MAX		64
/* Every placeholder there is (reply.h). */
#define ALL_PLACEHOLDERS	(REPLY_VARS_DUTY | REPLY_VAR_STATUS)
/*
 * conf_warnings measures replies with a ticket of this message id: seven
 * digits, "1234567-X", more than a station's database will hold.
 */
#define WARN_TICKET_ID		1234567
#define WARN_DATE		"29/11/2026"	/* {date}: always 10 characters */

/*
 * The texts when the file sets none: Vietnamese without diacritics, so
 * that each fits one GSM 7-bit SMS with a unit's name of 40 characters
 * and a ticket of 7 digits (conf_warnings measures them as configured).
 */
#define CONF_DEFAULT_TEMPLATE \
	"Da nhan gop y cua ban. Ma so: {ticket}. Cam on ban!"
#define CONF_DEFAULT_REPEAT \
	"{unit} da nhan phan anh nay, ma so {ticket}. Cam on ban!"
#define CONF_DEFAULT_NOTIFY \
	"{unit}: phan anh {ticket} cua ban da duoc xu ly. Cam on ban!"
#define CONF_DEFAULT_URGENT	"Neu khan cap goi 113"
#define CONF_DEFAULT_DUTY	"KHAN CAP {ticket} tu {sender}: {text}"
#define CONF_DEFAULT_STATUS	"Phan anh {ticket}: {status}. {unit}"
#define CONF_DEFAULT_REFUSE \
	"Khong tim thay phan anh voi ma so nay tu so dien thoai cua ban. " \
	"{unit}"
#define CONF_DEFAULT_HELP \
	"Gui phan anh: nhan tin noi dung, dia diem den so nay. Hoi ket " \
	"qua: TT <ma so>. Khan cap goi 113. {unit}"

/* Every number in the configuration fits number.h's normalised form. */
_Static_assert(sizeof(((struct reply_conf *)0)->never[0]) == NUMBER_MAX &&
    sizeof(((struct reply_conf *)0)->duty_numbers[0]) == NUMBER_MAX,
    "reply numbers are NUMBER_MAX bytes");

/*
 * Settings are read from a string, so libconfig records no file name for
 * them; every message names the file given to conf_load, and @include is
 * rejected so that this is always right.
 */
struct loader {
	const char *file;
	struct buf *errs;
	size_t	 nerrs;
	unsigned *wrapped;	/* lines holding an integer libconfig wraps */
	size_t	 nwrapped;
	size_t	 wrappedcap;
};

static const int conf_bauds[] = {
	9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
};
#define NBAUDS	(sizeof(conf_bauds) / sizeof(conf_bauds[0]))

/* Indexed by enum conf_flow. */
static const char *const conf_flows[] = {
	"none", "rtscts", "xonxoff", NULL,
};

static const char *const conf_storages[] = {
	"SM", "ME", "MT", NULL,
};

/* Indexed by modem_conf.direct. */
static const char *const conf_deliveries[] = {
	"stored", "direct", NULL,
};

static const char *const root_keys[] = {
	"modem", "database", "reply", "commands", "classifier", "topics",
	"abbreviations", "display", "communes", NULL,
};
static const char *const display_keys[] = {
	"timezone", NULL,
};
static const char *const commune_keys[] = {
	"name", "places", NULL,
};
static const char *const classifier_keys[] = {
	"min_score", "unsure_below", "unsure_margin", "negations", "learned",
	NULL,
};
static const char *const learned_root_keys[] = {
	"learned", NULL,
};
static const char *const learned_keys[] = {
	"topic", "features", NULL,
};
static const char *const modem_keys[] = {
	"device", "baud", "flow_control", "pin", "storage", "poll_interval",
	"multipart_timeout", "delivery", "send_attempts", "retry_delay",
	"init", NULL,
};
static const char *const database_keys[] = {
	"path", "busy_timeout", NULL,
};
static const char *const reply_keys[] = {
	"enabled", "unit", "template", "strip_diacritics", "max_parts",
	"validity", "delivery_reports", "min_sender_digits", "never",
	"limit_window", "limit_per_window", "limit_per_day", "loop_repeats",
	"repeat_window", "repeat_template", "max_age", "urgent",
	"duty_numbers", "duty_template", "notify_template", NULL,
};
static const char *const urgent_keys[] = {
	"topics", "words", "suffix", NULL,
};
static const char *const commands_keys[] = {
	"enabled", "status_word", "help_word", "status_template",
	"refuse_template", "help_template", "status_new", "status_in_progress",
	"status_resolved", "status_rejected", NULL,
};
static const char *const topic_keys[] = {
	"id", "name", "keywords", "reply", "fallback", NULL,
};
static const char *const abbrev_keys[] = {
	"word", "short", NULL,
};

static void	conf_verr(struct loader *, unsigned, const char *,
		    const char *, va_list) __attribute__((format(printf, 4, 0)));
static void	conf_err(struct loader *, const config_setting_t *,
		    const char *, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static void	conf_err_line(struct loader *, unsigned, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Append "file:line: path: message"; line 0 and path NULL are left out. */
static void
conf_verr(struct loader *l, unsigned line, const char *path, const char *fmt,
    va_list ap)
{
	buf_adds(l->errs, l->file);
	if (line > 0) {
		buf_addf(l->errs, ":%u", line);
	}
	buf_adds(l->errs, ": ");
	if (path != NULL) {
		buf_addf(l->errs, "%s: ", path);
	}
	buf_vaddf(l->errs, fmt, ap);
	buf_addc(l->errs, '\n');
	l->nerrs++;
}

/*
 * Report "file:line: path: message" for setting s. The root group has no
 * line; a message about it (a missing section) is "file: path: message".
 */
static void
conf_err(struct loader *l, const config_setting_t *s, const char *path,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_verr(l, config_setting_source_line(s), path, fmt, ap);
	va_end(ap);
}

/* Report "file:line: message", for what no setting holds. */
static void
conf_err_line(struct loader *l, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_verr(l, line, NULL, fmt, ap);
	va_end(ap);
}

/* A key path cut to size bytes ends in "...": names can be long. */
static void
path_mark_cut(char *path, size_t size, int n)
{
	if (n < 0 || (size_t)n >= size) {
		memcpy(path + size - 4, "...", 4);
	}
}

/* "parent.name", or "name" at the top level. */
static void
path_key(char *path, size_t size, const char *parent, const char *name)
{
	path_mark_cut(path, size, parent[0] == '\0' ?
	    snprintf(path, size, "%s", name) :
	    snprintf(path, size, "%s.%s", parent, name));
}

/* "parent[i]", counting from 0. */
static void
path_index(char *path, size_t size, const char *parent, int i)
{
	path_mark_cut(path, size, snprintf(path, size, "%s[%d]", parent, i));
}

/* Copy src, which a check has found to fit, into dst of size bytes. */
static void
set_str(char *dst, size_t size, const char *src)
{
	int n;

	n = snprintf(dst, size, "%s", src);
	assert(n >= 0 && (size_t)n < size);
	(void)n;
}

static const char *
type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP:
		return "a group { ... }";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a float";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "a boolean";
	case CONFIG_TYPE_ARRAY:
		return "an array [ ... ]";
	case CONFIG_TYPE_LIST:
		return "a list ( ... )";
	default:
		return "nothing";
	}
}

/*
 * Whether s is of the wanted type; an error if not. CONFIG_TYPE_INT also
 * accepts INT64, and CONFIG_TYPE_LIST stands for a list or an array.
 */
static bool
expect_type(struct loader *l, const config_setting_t *s, const char *path,
    int want)
{
	int type = config_setting_type(s);

	if (type == want || (want == CONFIG_TYPE_INT &&
	    type == CONFIG_TYPE_INT64) || (want == CONFIG_TYPE_LIST &&
	    type == CONFIG_TYPE_ARRAY)) {
		return true;
	}
	if (want == CONFIG_TYPE_LIST) {
		conf_err(l, s, path, "expected a list ( ... ) or an array "
		    "[ ... ], got %s", type_name(type));
	} else if (want == CONFIG_TYPE_INT && type == CONFIG_TYPE_FLOAT) {
		conf_err(l, s, path, "expected an integer, got a float "
		    "(write it without a decimal point)");
	} else {
		conf_err(l, s, path, "expected %s, got %s", type_name(want),
		    type_name(type));
	}
	return false;
}

/* Index of s in the NULL-terminated table, or -1. */
static int
table_index(const char *const *table, const char *s)
{
	int i;

	for (i = 0; table[i] != NULL; i++) {
		if (strcmp(table[i], s) == 0) {
			return i;
		}
	}
	return -1;
}

/* Append the words of the NULL-terminated table to b, ", "-separated. */
static void
table_join(struct buf *b, const char *const *table)
{
	int i;

	for (i = 0; table[i] != NULL; i++) {
		buf_addf(b, "%s%s", i > 0 ? ", " : "", table[i]);
	}
}

/* An error for every key of group grp that is not in known. */
static void
check_keys(struct loader *l, const config_setting_t *grp, const char *parent,
    const char *const *known)
{
	const config_setting_t *s;
	char path[KEYPATH_MAX];
	struct buf names;
	int i, n = config_setting_length(grp);

	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(grp, (unsigned)i);
		if (table_index(known, config_setting_name(s)) != -1) {
			continue;
		}
		buf_init(&names);
		table_join(&names, known);
		path_key(path, sizeof(path), parent, config_setting_name(s));
		conf_err(l, s, path, "unknown key (known: %s)", names.data);
		buf_release(&names);
	}
}

/*
 * Member name of group grp, with its key path written to path; NULL when it
 * is absent, an error too when it is required.
 */
static const config_setting_t *
get_key(struct loader *l, const config_setting_t *grp, const char *parent,
    const char *name, bool required, char *path, size_t size)
{
	const config_setting_t *s;

	path_key(path, size, parent, name);
	s = config_setting_get_member(grp, name);
	if (s == NULL && required) {
		conf_err(l, grp, path, "required key is missing");
	}
	return s;
}

static int
cmp_line(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/*
 * Whether line holds an integer literal that libconfig has wrapped.
 * scan_text records them in file order, so the list is sorted.
 */
static bool
line_wrapped(const struct loader *l, unsigned line)
{
	return l->nwrapped > 0 && bsearch(&line, l->wrapped, l->nwrapped,
	    sizeof(l->wrapped[0]), cmp_line) != NULL;
}

/* Read an integer in min..max. Returns 0, or -1 after an error. */
static int
read_int(struct loader *l, const config_setting_t *s, const char *path,
    long long min, long long max, int *out)
{
	long long v;

	if (!expect_type(l, s, path, CONFIG_TYPE_INT)) {
		return -1;
	}
	/* Already reported by scan_text; the value here is garbage. */
	if (config_setting_type(s) == CONFIG_TYPE_INT &&
	    line_wrapped(l, config_setting_source_line(s))) {
		return -1;
	}
	v = config_setting_get_int64(s);
	if (v < min || v > max) {
		conf_err(l, s, path, "%lld is out of range (min %lld, max "
		    "%lld)", v, min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Read a number (integer or not) in min..max. Returns 0, or -1 after an error. */
static int
read_double(struct loader *l, const config_setting_t *s, const char *path,
    double min, double max, double *out)
{
	double v;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_FLOAT:
		v = config_setting_get_float(s);
		break;
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		if (config_setting_type(s) == CONFIG_TYPE_INT &&
		    line_wrapped(l, config_setting_source_line(s))) {
			return -1;
		}
		v = (double)config_setting_get_int64(s);
		break;
	default:
		conf_err(l, s, path, "expected a number, got %s",
		    type_name(config_setting_type(s)));
		return -1;
	}
	if (!(v >= min && v <= max)) {
		conf_err(l, s, path, "%g is out of range (min %g, max %g)", v,
		    min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int
read_bool(struct loader *l, const config_setting_t *s, const char *path,
    bool *out)
{
	if (!expect_type(l, s, path, CONFIG_TYPE_BOOL)) {
		return -1;
	}
	*out = config_setting_get_bool(s) != 0;
	return 0;
}

/*
 * Read a string of valid UTF-8 without control characters, shorter than
 * size bytes (size counts the NUL). *out points into libconfig's memory.
 * Returns 0, or -1 after an error.
 */
static int
read_string(struct loader *l, const config_setting_t *s, const char *path,
    size_t size, const char **out)
{
	const char *v;
	size_t len, i, n;
	int32_t cp;

	if (!expect_type(l, s, path, CONFIG_TYPE_STRING)) {
		return -1;
	}
	v = config_setting_get_string(s);
	len = strlen(v);
	if (len >= size) {
		conf_err(l, s, path, "too long: %zu bytes (max %zu)", len,
		    size - 1);
		return -1;
	}
	for (i = 0; i < len; i += n) {
		n = utf8_decode((const unsigned char *)v + i, len - i, &cp);
		if (cp == -1) {
			conf_err(l, s, path, "invalid UTF-8 at byte %zu", i);
			return -1;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			conf_err(l, s, path, "control character U+%04X at "
			    "byte %zu", (unsigned)cp, i);
			return -1;
		}
	}
	*out = v;
	return 0;
}

/*
 * Read a string that must be one of the NULL-terminated table. Returns its
 * index, or -1 after an error.
 */
static int
read_choice(struct loader *l, const config_setting_t *s, const char *path,
    const char *const *table)
{
	struct buf list;
	const char *v;
	int idx;

	if (read_string(l, s, path, WORD_MAX, &v) == -1) {
		return -1;
	}
	if ((idx = table_index(table, v)) == -1) {
		buf_init(&list);
		table_join(&list, table);
		conf_err(l, s, path, "'%s' is not one of %s", v, list.data);
		buf_release(&list);
	}
	return idx;
}

/*
 * Whether s folds to at least one word, and, with one_word, to exactly one
 * (text.h): what the classifier will be able to match.
 */
static bool
is_words(const char *s, bool one_word)
{
	struct buf folded;
	bool ok;

	buf_init(&folded);
	text_fold(s, strlen(s), &folded);
	ok = folded.len > 0 &&
	    (!one_word || memchr(folded.data, ' ', folded.len) == NULL);
	buf_release(&folded);
	return ok;
}

/* Read a keyword, an abbreviation or a short form: see is_words. */
static int
read_words(struct loader *l, const config_setting_t *s, const char *path,
    bool one_word, const char **out)
{
	if (read_string(l, s, path, CONF_KEYWORD_MAX, out) == -1) {
		return -1;
	}
	if (!is_words(*out, one_word)) {
		conf_err(l, s, path, one_word ? "'%s' is not one word of "
		    "letters and digits" : "'%s' has no letter or digit to "
		    "match", *out);
		return -1;
	}
	return 0;
}

/* A reply template with only the placeholders of allowed (reply.h). */
static int
read_template(struct loader *l, const config_setting_t *s, const char *path,
    unsigned allowed, const char **out)
{
	char why[WHY_MAX];

	if (read_string(l, s, path, CONF_TEMPLATE_MAX, out) == -1) {
		return -1;
	}
	if (**out == '\0') {
		conf_err(l, s, path, "empty template");
		return -1;
	}
	if (reply_check_template(*out, allowed, why, sizeof(why)) == -1) {
		conf_err(l, s, path, "%s", why);
		return -1;
	}
	return 0;
}

/*
 * Whether tmpl, which has passed read_template, has the placeholder of bit
 * (REPLY_VAR_*): it fails the check without it.
 */
static bool
uses_placeholder(const char *tmpl, unsigned bit)
{
	char why[WHY_MAX];

	return reply_check_template(tmpl, ALL_PLACEHOLDERS & ~bit, why,
	    sizeof(why)) == -1;
}

/* A section: a group at the top level. NULL when absent or no group. */
static const config_setting_t *
get_section(struct loader *l, const config_setting_t *root, const char *name,
    bool required, const char *const *keys)
{
	const config_setting_t *s;
	char path[KEYPATH_MAX];

	s = get_key(l, root, "", name, required, path, sizeof(path));
	if (s == NULL || !expect_type(l, s, path, CONFIG_TYPE_GROUP)) {
		return NULL;
	}
	check_keys(l, s, name, keys);
	return s;
}

/*
 * NULL when dev is "tcp:HOST:PORT" with a port in 1..65535 or an absolute
 * path, in printable ASCII without spaces; else what is wrong.
 */
static const char *
check_device(const char *dev)
{
	const char *colon, *p;
	long port = 0;

	for (p = dev; *p != '\0'; p++) {
		if (*p <= ' ' || *p > '~') {
			return "must be printable ASCII without spaces";
		}
	}
	if (dev[0] == '/') {
		return NULL;
	}
	if (strncmp(dev, "tcp:", 4) != 0 ||
	    (colon = strrchr(dev + 4, ':')) == NULL || colon == dev + 4 ||
	    colon[1] == '\0' || strlen(colon + 1) > 5) {
		return "must be an absolute path or tcp:HOST:PORT";
	}
	for (p = colon + 1; *p != '\0'; p++) {
		if (*p < '0' || *p > '9') {
			return "must be an absolute path or tcp:HOST:PORT";
		}
		port = port * 10 + (*p - '0');
	}
	if (port < 1 || port > 65535) {
		return "port out of range (min 1, max 65535)";
	}
	return NULL;
}

/*
 * The SMS settings gopyd makes itself: another value (text mode, direct
 * delivery by +CMT, another memory) would make it miss messages. Returns the
 * command v changes, or NULL.
 */
static const char *
reserved_command(const char *v)
{
	static const char *const reserved[] = {
		"+CMGF", "+CNMI", "+CPMS", "+CSMS", NULL,
	};
	int i;

	for (i = 0; reserved[i] != NULL; i++) {
		if (strncasecmp(v + 2, reserved[i], strlen(reserved[i])) == 0) {
			return reserved[i];
		}
	}
	return NULL;
}

static void
load_modem_init(struct loader *l, const config_setting_t *seq,
    const char *parent, struct modem_conf *m)
{
	const config_setting_t *s;
	const char *v, *p;
	char path[KEYPATH_MAX];
	int i, n;

	if (!expect_type(l, seq, parent, CONFIG_TYPE_LIST)) {
		return;
	}
	n = config_setting_length(seq);
	if (n > CONF_INIT_CMDS_MAX) {
		conf_err(l, seq, parent, "too many commands: %d (max %d)", n,
		    CONF_INIT_CMDS_MAX);
		return;
	}
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(seq, (unsigned)i);
		path_index(path, sizeof(path), parent, i);
		if (read_string(l, s, path, CONF_INIT_CMD_MAX, &v) == -1) {
			continue;
		}
		for (p = v; *p >= ' ' && *p <= '~'; p++) {
			continue;
		}
		if (*p != '\0' || strncasecmp(v, "AT", 2) != 0) {
			conf_err(l, s, path, "'%s' is not an AT command in "
			    "printable ASCII", v);
			continue;
		}
		if ((p = reserved_command(v)) != NULL) {
			conf_err(l, s, path, "'%s' would undo gopyd's own %s "
			    "setting, on which receiving depends", v, p);
			continue;
		}
		set_str(m->init[m->ninit++], sizeof(m->init[0]), v);
	}
}

static void
load_modem(struct loader *l, const config_setting_t *root,
    struct modem_conf *m)
{
	const config_setting_t *grp, *s;
	const char *v, *why, *p;
	char path[KEYPATH_MAX];
	struct buf list;
	size_t i;
	int baud, idx;

	if ((grp = get_section(l, root, "modem", true, modem_keys)) == NULL) {
		return;
	}
	if ((s = get_key(l, grp, "modem", "device", true, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, sizeof(m->device), &v) == 0) {
		if ((why = check_device(v)) != NULL) {
			conf_err(l, s, path, "'%s': %s", v, why);
		} else {
			set_str(m->device, sizeof(m->device), v);
		}
	}
	if ((s = get_key(l, grp, "modem", "baud", false, path,
	    sizeof(path))) != NULL &&
	    read_int(l, s, path, INT_MIN, INT_MAX, &baud) == 0) {
		for (i = 0; i < NBAUDS && conf_bauds[i] != baud; i++) {
			continue;
		}
		if (i < NBAUDS) {
			m->baud = baud;
		} else {
			buf_init(&list);
			for (i = 0; i < NBAUDS; i++) {
				buf_addf(&list, "%s%d", i > 0 ? ", " : "",
				    conf_bauds[i]);
			}
			conf_err(l, s, path, "%d is not one of %s", baud,
			    list.data);
			buf_release(&list);
		}
	}
	if ((s = get_key(l, grp, "modem", "flow_control", false, path,
	    sizeof(path))) != NULL &&
	    (idx = read_choice(l, s, path, conf_flows)) != -1) {
		m->flow = (enum conf_flow)idx;
	}
	if ((s = get_key(l, grp, "modem", "pin", false, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, WORD_MAX, &v) == 0) {
		for (p = v; *p >= '0' && *p <= '9'; p++) {
			continue;
		}
		if (*p != '\0' || (v[0] != '\0' && (p - v < 4 || p - v > 8))) {
			conf_err(l, s, path, "must be empty or 4 to 8 digits");
		} else {
			set_str(m->pin, sizeof(m->pin), v);
		}
	}
	if ((s = get_key(l, grp, "modem", "storage", false, path,
	    sizeof(path))) != NULL &&
	    (idx = read_choice(l, s, path, conf_storages)) != -1) {
		set_str(m->storage, sizeof(m->storage), conf_storages[idx]);
	}
	if ((s = get_key(l, grp, "modem", "poll_interval", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 5, 3600, &m->poll_interval);
	}
	if ((s = get_key(l, grp, "modem", "multipart_timeout", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 60, 7 * 86400, &m->multipart_timeout);
	}
	if ((s = get_key(l, grp, "modem", "delivery", false, path,
	    sizeof(path))) != NULL &&
	    (idx = read_choice(l, s, path, conf_deliveries)) != -1) {
		m->direct = idx == 1;
	}
	if ((s = get_key(l, grp, "modem", "send_attempts", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 20, &m->send_attempts);
	}
	if ((s = get_key(l, grp, "modem", "retry_delay", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 3600, &m->retry_delay);
	}
	if ((s = get_key(l, grp, "modem", "init", false, path,
	    sizeof(path))) != NULL) {
		load_modem_init(l, s, path, m);
	}
}

static void
load_database(struct loader *l, const config_setting_t *root,
    struct database_conf *d)
{
	const config_setting_t *grp, *s;
	const char *v;
	char path[KEYPATH_MAX];

	if ((grp = get_section(l, root, "database", false,
	    database_keys)) == NULL) {
		return;
	}
	if ((s = get_key(l, grp, "database", "path", false, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, sizeof(d->path), &v) == 0) {
		if (v[0] == '\0') {
			conf_err(l, s, path, "empty path");
		} else {
			set_str(d->path, sizeof(d->path), v);
		}
	}
	if ((s = get_key(l, grp, "database", "busy_timeout", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 0, 600000, &d->busy_timeout);
	}
}

/*
 * The template at key name of group grp, checked against the placeholders
 * of allowed, into dst of size bytes; *line gets the line it was set on.
 */
static void
load_template(struct loader *l, const config_setting_t *grp,
    const char *parent, const char *name, unsigned allowed, char *dst,
    size_t size, unsigned *line)
{
	const config_setting_t *s;
	char path[KEYPATH_MAX];
	const char *v;

	if ((s = get_key(l, grp, parent, name, false, path,
	    sizeof(path))) != NULL &&
	    read_template(l, s, path, allowed, &v) == 0) {
		set_str(dst, size, v);
		*line = config_setting_source_line(s);
	}
}

/*
 * The length of the list seq at path, or -1 after saying why not: it is
 * no list, or it has more than max entries ("65 numbers (max 64)").
 */
static int
list_length(struct loader *l, const config_setting_t *seq, const char *path,
    int max, const char *what)
{
	int n;

	if (!expect_type(l, seq, path, CONFIG_TYPE_LIST)) {
		return -1;
	}
	if ((n = config_setting_length(seq)) > max) {
		conf_err(l, seq, path, "%d %s (max %d)", n, what, max);
		return -1;
	}
	return n;
}

/*
 * A list of phone numbers, each normalised (number.h) into out, which has
 * room for CONF_NUMBERS_MAX. With full, each must be a whole number with
 * its country code once normalised, one an SMS can be sent to.
 */
static void
load_numbers(struct loader *l, const config_setting_t *seq, const char *path,
    bool full, char (*out)[NUMBER_MAX], size_t *n)
{
	const config_setting_t *s;
	char epath[KEYPATH_MAX];
	const char *v;
	int i, len;

	if ((len = list_length(l, seq, path, CONF_NUMBERS_MAX,
	    "numbers")) == -1) {
		return;
	}
	for (i = 0; i < len; i++) {
		s = config_setting_get_elem(seq, (unsigned)i);
		path_index(epath, sizeof(epath), path, i);
		if (read_string(l, s, epath, WORD_MAX, &v) == -1) {
			continue;
		}
		if (number_normalize(v, out[*n]) == -1) {
			conf_err(l, s, epath, "'%s' is not a phone number", v);
		} else if (full && out[*n][0] != '+') {
			conf_err(l, s, epath, "'%s' is not a full phone number "
			    "(like 0912345678 or +84912345678)", v);
			out[*n][0] = '\0';
		} else {
			(*n)++;
		}
	}
}

static void
load_reply(struct loader *l, const config_setting_t *root,
    struct gopy_conf *c)
{
	struct reply_conf *r = &c->reply;
	const config_setting_t *grp, *s;
	const char *v;
	char path[KEYPATH_MAX];

	if ((grp = get_section(l, root, "reply", false, reply_keys)) == NULL) {
		return;
	}
	if ((s = get_key(l, grp, "reply", "enabled", false, path,
	    sizeof(path))) != NULL) {
		read_bool(l, s, path, &r->enabled);
	}
	if ((s = get_key(l, grp, "reply", "unit", false, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, sizeof(r->unit), &v) == 0) {
		set_str(r->unit, sizeof(r->unit), v);
	}
	load_template(l, grp, "reply", "template", REPLY_VARS_TICKET,
	    r->template, sizeof(r->template), &c->text_lines[CONF_TEXT_REPLY]);
	if ((s = get_key(l, grp, "reply", "strip_diacritics", false, path,
	    sizeof(path))) != NULL) {
		read_bool(l, s, path, &r->strip_diacritics);
	}
	if ((s = get_key(l, grp, "reply", "max_parts", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 255, &r->max_parts);
	}
	if ((s = get_key(l, grp, "reply", "validity", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 720, &r->validity);
	}
	if ((s = get_key(l, grp, "reply", "delivery_reports", false, path,
	    sizeof(path))) != NULL) {
		read_bool(l, s, path, &r->delivery_reports);
	}
	if ((s = get_key(l, grp, "reply", "min_sender_digits", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 15, &r->min_sender_digits);
	}
	if ((s = get_key(l, grp, "reply", "never", false, path,
	    sizeof(path))) != NULL) {
		load_numbers(l, s, path, false, r->never, &r->nnever);
	}
	if ((s = get_key(l, grp, "reply", "limit_window", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 60, 86400, &r->limit_window);
	}
	if ((s = get_key(l, grp, "reply", "limit_per_window", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 1000, &r->limit_per_window);
	}
	if ((s = get_key(l, grp, "reply", "limit_per_day", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 10000, &r->limit_per_day);
	}
	if ((s = get_key(l, grp, "reply", "loop_repeats", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 100, &r->loop_repeats);
	}
	if ((s = get_key(l, grp, "reply", "repeat_window", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 0, 720, &r->repeat_window);
	}
	load_template(l, grp, "reply", "repeat_template", REPLY_VARS_TICKET,
	    r->repeat_template, sizeof(r->repeat_template),
	    &c->text_lines[CONF_TEXT_REPEAT]);
	if ((s = get_key(l, grp, "reply", "max_age", false, path,
	    sizeof(path))) != NULL) {
		read_int(l, s, path, 1, 720, &r->max_age);
	}
	/* reply.urgent names topics: load_urgent, after them. */
	if ((s = get_key(l, grp, "reply", "duty_numbers", false, path,
	    sizeof(path))) != NULL) {
		load_numbers(l, s, path, true, r->duty_numbers,
		    &r->nduty_numbers);
	}
	load_template(l, grp, "reply", "duty_template", REPLY_VARS_DUTY,
	    r->duty_template, sizeof(r->duty_template),
	    &c->text_lines[CONF_TEXT_DUTY]);
	load_template(l, grp, "reply", "notify_template", REPLY_VARS_TICKET,
	    r->notify_template, sizeof(r->notify_template),
	    &c->text_lines[CONF_TEXT_NOTIFY]);
}

/* Each of the list seq that reads (read_words) as words, copied to *out. */
static void
load_phrases(struct loader *l, const config_setting_t *seq, const char *path,
    char ***out, size_t *n)
{
	const config_setting_t *s;
	char epath[KEYPATH_MAX];
	const char *v;
	int i, len;

	if ((len = list_length(l, seq, path, CONF_URGENT_MAX,
	    "entries")) == -1) {
		return;
	}
	*out = xcalloc((size_t)len + 1, sizeof(**out));
	for (i = 0; i < len; i++) {
		s = config_setting_get_elem(seq, (unsigned)i);
		path_index(epath, sizeof(epath), path, i);
		if (read_words(l, s, epath, false, &v) == 0) {
			(*out)[(*n)++] = xstrdup(v);
		}
	}
}

/*
 * reply.urgent = { topics = [ ids ]; words = [ phrases ]; suffix = ""; },
 * once the topics are known.
 */
static void
load_urgent(struct loader *l, const config_setting_t *root,
    struct gopy_conf *c)
{
	struct reply_conf *r = &c->reply;
	const config_setting_t *grp, *seq, *s;
	char path[KEYPATH_MAX], epath[KEYPATH_MAX];
	const char *v;
	int i, n;

	/* load_reply has said what is wrong with a reply that is no group. */
	grp = config_setting_get_member(root, "reply");
	if (grp == NULL || config_setting_type(grp) != CONFIG_TYPE_GROUP ||
	    (grp = get_key(l, grp, "reply", "urgent", false, path,
	    sizeof(path))) == NULL ||
	    !expect_type(l, grp, path, CONFIG_TYPE_GROUP)) {
		return;
	}
	check_keys(l, grp, "reply.urgent", urgent_keys);
	if ((seq = get_key(l, grp, "reply.urgent", "topics", false, path,
	    sizeof(path))) != NULL && expect_type(l, seq, path,
	    CONFIG_TYPE_LIST)) {
		n = config_setting_length(seq);
		if (n > CONF_URGENT_MAX) {
			conf_err(l, seq, path, "%d topics (max %d)", n,
			    CONF_URGENT_MAX);
			n = 0;
		}
		r->urgent_topics = xcalloc((size_t)n + 1,
		    sizeof(*r->urgent_topics));
		for (i = 0; i < n; i++) {
			s = config_setting_get_elem(seq, (unsigned)i);
			path_index(epath, sizeof(epath), path, i);
			if (read_string(l, s, epath, WORD_MAX, &v) == -1) {
				continue;
			}
			if (conf_topic_index(c, v) == -1) {
				conf_err(l, s, epath, "no topic '%s' in the "
				    "configuration", v);
				continue;
			}
			r->urgent_topics[r->nurgent_topics++] = xstrdup(v);
		}
	}
	if ((seq = get_key(l, grp, "reply.urgent", "words", false, path,
	    sizeof(path))) != NULL) {
		load_phrases(l, seq, path, &r->urgent_words, &r->nurgent_words);
	}
	/* Added to an acknowledgement as written: no placeholders. */
	if ((s = get_key(l, grp, "reply.urgent", "suffix", false, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, sizeof(r->urgent_suffix), &v) == 0) {
		if (strpbrk(v, "{}") != NULL) {
			conf_err(l, s, path, "'%s': no placeholders or braces "
			    "here, the suffix is added as written", v);
		} else {
			set_str(r->urgent_suffix, sizeof(r->urgent_suffix), v);
		}
	}
}

/* A command word: one word that folds to letters and digits. */
static void
load_command_word(struct loader *l, const config_setting_t *grp,
    const char *name, char *dst, size_t size, struct buf *folded,
    unsigned *line)
{
	const config_setting_t *s;
	char path[KEYPATH_MAX];
	const char *v;

	if ((s = get_key(l, grp, "commands", name, false, path,
	    sizeof(path))) == NULL ||
	    read_string(l, s, path, size, &v) == -1) {
		return;
	}
	if (!is_words(v, true)) {
		conf_err(l, s, path, "'%s' is not one word of letters and "
		    "digits", v);
		return;
	}
	set_str(dst, size, v);
	buf_reset(folded);
	text_fold(v, strlen(v), folded);
	*line = config_setting_source_line(s);
}

/* A {status} of commands.status_template: some letter or digit. */
static void
load_status_text(struct loader *l, const config_setting_t *grp,
    const char *name, char *dst, size_t size)
{
	const config_setting_t *s;
	char path[KEYPATH_MAX];
	const char *v;

	if ((s = get_key(l, grp, "commands", name, false, path,
	    sizeof(path))) == NULL ||
	    read_string(l, s, path, size, &v) == -1) {
		return;
	}
	if (!is_words(v, false)) {
		conf_err(l, s, path, "'%s' has no letter or digit", v);
		return;
	}
	set_str(dst, size, v);
}

static void
load_commands(struct loader *l, const config_setting_t *root,
    struct gopy_conf *c)
{
	struct commands_conf *cm = &c->commands;
	const config_setting_t *grp, *s;
	char path[KEYPATH_MAX];
	struct buf status, help;
	unsigned status_line = 0, help_line = 0;

	if ((grp = get_section(l, root, "commands", false,
	    commands_keys)) == NULL) {
		return;
	}
	if ((s = get_key(l, grp, "commands", "enabled", false, path,
	    sizeof(path))) != NULL) {
		read_bool(l, s, path, &cm->enabled);
	}
	buf_init(&status);
	buf_init(&help);
	text_fold(cm->status_word, strlen(cm->status_word), &status);
	text_fold(cm->help_word, strlen(cm->help_word), &help);
	load_command_word(l, grp, "status_word", cm->status_word,
	    sizeof(cm->status_word), &status, &status_line);
	load_command_word(l, grp, "help_word", cm->help_word,
	    sizeof(cm->help_word), &help, &help_line);
	if ((status_line > 0 || help_line > 0) &&
	    strcmp(status.data, help.data) == 0) {
		s = config_setting_get_member(grp, help_line > 0 ?
		    "help_word" : "status_word");
		conf_err(l, s, help_line > 0 ? "commands.help_word" :
		    "commands.status_word", "'%s' and '%s' are the same "
		    "command once case and diacritics are ignored",
		    cm->help_word, cm->status_word);
	}
	buf_release(&status);
	buf_release(&help);
	load_template(l, grp, "commands", "status_template", REPLY_VARS_STATUS,
	    cm->status_template, sizeof(cm->status_template),
	    &c->text_lines[CONF_TEXT_STATUS]);
	if (c->text_lines[CONF_TEXT_STATUS] > 0 &&
	    !uses_placeholder(cm->status_template, REPLY_VAR_STATUS)) {
		conf_err(l, config_setting_get_member(grp, "status_template"),
		    "commands.status_template", "no {status}: the answer "
		    "would not tell the status");
	}
	load_template(l, grp, "commands", "refuse_template", REPLY_VARS_PLAIN,
	    cm->refuse_template, sizeof(cm->refuse_template),
	    &c->text_lines[CONF_TEXT_REFUSE]);
	load_template(l, grp, "commands", "help_template", REPLY_VARS_PLAIN,
	    cm->help_template, sizeof(cm->help_template),
	    &c->text_lines[CONF_TEXT_HELP]);
	load_status_text(l, grp, "status_new", cm->status_new,
	    sizeof(cm->status_new));
	load_status_text(l, grp, "status_in_progress", cm->status_in_progress,
	    sizeof(cm->status_in_progress));
	load_status_text(l, grp, "status_resolved", cm->status_resolved,
	    sizeof(cm->status_resolved));
	load_status_text(l, grp, "status_rejected", cm->status_rejected,
	    sizeof(cm->status_rejected));
}

static void
load_classifier(struct loader *l, const config_setting_t *root,
    struct classify_conf *cc)
{
	const config_setting_t *grp, *s, *e;
	char path[KEYPATH_MAX], epath[KEYPATH_MAX];
	const char *v;
	int i, n;

	if ((grp = get_section(l, root, "classifier", false,
	    classifier_keys)) == NULL) {
		return;
	}
	if ((s = get_key(l, grp, "classifier", "min_score", false, path,
	    sizeof(path))) != NULL) {
		read_double(l, s, path, 0, 1000, &cc->min_score);
	}
	if ((s = get_key(l, grp, "classifier", "unsure_below", false, path,
	    sizeof(path))) != NULL) {
		read_double(l, s, path, 0, 1000, &cc->unsure_below);
	}
	if ((s = get_key(l, grp, "classifier", "unsure_margin", false, path,
	    sizeof(path))) != NULL) {
		read_double(l, s, path, 0, 1000, &cc->unsure_margin);
	}
	if ((s = get_key(l, grp, "classifier", "learned", false, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, sizeof(cc->learned), &v) == 0) {
		set_str(cc->learned, sizeof(cc->learned), v);
	}
	if ((s = get_key(l, grp, "classifier", "negations", false, path,
	    sizeof(path))) == NULL || !expect_type(l, s, path,
	    CONFIG_TYPE_LIST)) {
		return;
	}
	n = config_setting_length(s);
	if (n > CONF_NEGATIONS_MAX) {
		conf_err(l, s, path, "%d negations (max %d)", n,
		    CONF_NEGATIONS_MAX);
		return;
	}
	cc->negations = xcalloc((size_t)n + 1, sizeof(*cc->negations));
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		path_index(epath, sizeof(epath), path, i);
		if (read_words(l, e, epath, false, &v) == 0) {
			cc->negations[cc->nnegations++] = xstrdup(v);
		}
	}
}

/* One learned feature: ("words", weight). */
static void
load_feature(struct loader *l, const config_setting_t *s, const char *path,
    struct topic_conf *t)
{
	char wpath[KEYPATH_MAX];
	const char *v;
	double w;

	if (config_setting_type(s) != CONFIG_TYPE_LIST ||
	    config_setting_length(s) != 2) {
		conf_err(l, s, path, "expected (\"words\", weight)");
		return;
	}
	path_index(wpath, sizeof(wpath), path, 1);
	if (read_words(l, config_setting_get_elem(s, 0), path, false,
	    &v) == -1 || read_double(l, config_setting_get_elem(s, 1), wpath,
	    -CONF_LEARNED_MAX, CONF_LEARNED_MAX, &w) == -1) {
		return;
	}
	t->learned[t->nlearned].text = xstrdup(v);
	t->learned[t->nlearned].weight = w;
	t->nlearned++;
}

/* learned = ( { topic = "id"; features = ( ("words", w), ... ); }, ... ) */
static void
load_learned(struct loader *l, const config_setting_t *root,
    struct gopy_conf *c)
{
	const config_setting_t *seq, *grp, *s, *f;
	char path[KEYPATH_MAX], gpath[KEYPATH_MAX], fpath[KEYPATH_MAX];
	struct topic_conf *t;
	const char *v;
	int i, n, k, nf, ti;

	check_keys(l, root, "", learned_root_keys);
	seq = get_key(l, root, "", "learned", true, path, sizeof(path));
	if (seq == NULL || !expect_type(l, seq, path, CONFIG_TYPE_LIST)) {
		return;
	}
	n = config_setting_length(seq);
	for (i = 0; i < n; i++) {
		grp = config_setting_get_elem(seq, (unsigned)i);
		path_index(gpath, sizeof(gpath), path, i);
		if (!expect_type(l, grp, gpath, CONFIG_TYPE_GROUP)) {
			continue;
		}
		check_keys(l, grp, gpath, learned_keys);
		s = get_key(l, grp, gpath, "topic", true, fpath, sizeof(fpath));
		if (s == NULL || read_string(l, s, fpath, WORD_MAX, &v) == -1) {
			continue;
		}
		if ((ti = conf_topic_index(c, v)) == -1) {
			conf_err(l, s, fpath, "no topic '%s' in the "
			    "configuration", v);
			continue;
		}
		t = &c->topics[ti];
		s = get_key(l, grp, gpath, "features", true, fpath,
		    sizeof(fpath));
		if (s == NULL || !expect_type(l, s, fpath, CONFIG_TYPE_LIST)) {
			continue;
		}
		nf = config_setting_length(s);
		if (t->nlearned + (size_t)nf > CONF_LEARNED_FEATURES_MAX) {
			conf_err(l, s, fpath, "more than %d features for "
			    "topic '%s'", CONF_LEARNED_FEATURES_MAX, t->id);
			continue;
		}
		t->learned = xreallocarray(t->learned, t->nlearned +
		    (size_t)nf + 1, sizeof(*t->learned));
		for (k = 0; k < nf; k++) {
			f = config_setting_get_elem(s, (unsigned)k);
			path_index(path, sizeof(path), fpath, k);
			load_feature(l, f, path, t);
		}
	}
}

/* One keyword: "phrase", or ("phrase", weight). */
static void
load_keyword(struct loader *l, const config_setting_t *s, const char *path,
    struct topic_conf *t)
{
	const config_setting_t *phrase = s, *weight = NULL;
	char wpath[KEYPATH_MAX];
	const char *v;
	int w = 1;

	if (config_setting_type(s) == CONFIG_TYPE_LIST &&
	    config_setting_length(s) == 2) {
		phrase = config_setting_get_elem(s, 0);
		weight = config_setting_get_elem(s, 1);
	} else if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		conf_err(l, s, path, "expected a string or a list "
		    "(\"phrase\", weight), got %s",
		    type_name(config_setting_type(s)));
		return;
	}
	if (read_words(l, phrase, path, false, &v) == -1) {
		return;
	}
	if (weight != NULL) {
		path_index(wpath, sizeof(wpath), path, 1);
		if (read_int(l, weight, wpath, 1, CONF_WEIGHT_MAX, &w) == -1) {
			return;
		}
	}
	t->keywords[t->nkeywords].text = xstrdup(v);
	t->keywords[t->nkeywords].weight = (double)w;
	t->nkeywords++;
}

static void
load_keywords(struct loader *l, const config_setting_t *seq,
    const char *parent, struct topic_conf *t)
{
	char path[KEYPATH_MAX];
	int i, n;

	if (!expect_type(l, seq, parent, CONFIG_TYPE_LIST)) {
		return;
	}
	n = config_setting_length(seq);
	if (n > CONF_KEYWORDS_MAX) {
		conf_err(l, seq, parent, "too many keywords: %d (max %d)", n,
		    CONF_KEYWORDS_MAX);
		return;
	}
	t->keywords = xcalloc((size_t)n, sizeof(t->keywords[0]));
	for (i = 0; i < n; i++) {
		path_index(path, sizeof(path), parent, i);
		load_keyword(l, config_setting_get_elem(seq, (unsigned)i),
		    path, t);
	}
}

/* "topics.ID" once the topic's id is known good, else "topics[i]". */
static void
path_topic(char *path, size_t size, const struct topic_conf *t, int i)
{
	if (t->id[0] != '\0') {
		path_key(path, size, "topics", t->id);
	} else {
		path_index(path, size, "topics", i);
	}
}

/* Whether id is [a-z0-9_]{1,32}. */
static bool
valid_topic_id(const char *id)
{
	size_t n;

	for (n = 0; id[n] != '\0'; n++) {
		if ((id[n] < 'a' || id[n] > 'z') &&
		    (id[n] < '0' || id[n] > '9') && id[n] != '_') {
			return false;
		}
	}
	return n >= 1 && n < CONF_TOPIC_ID_MAX;
}

/* Topic i; its id is checked against those of topics 0..i-1. */
static void
load_topic(struct loader *l, const config_setting_t *topics, int i,
    struct gopy_conf *c)
{
	const config_setting_t *grp, *s;
	struct topic_conf *t = &c->topics[i];
	char tpath[KEYPATH_MAX], path[KEYPATH_MAX];
	const char *v;
	int j;

	grp = config_setting_get_elem(topics, (unsigned)i);
	path_index(tpath, sizeof(tpath), "topics", i);
	if (!expect_type(l, grp, tpath, CONFIG_TYPE_GROUP)) {
		return;
	}
	if ((s = get_key(l, grp, tpath, "id", true, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, WORD_MAX, &v) == 0) {
		if (!valid_topic_id(v)) {
			conf_err(l, s, path, "'%s' is not a topic id "
			    "([a-z0-9_], 1 to 32 characters)", v);
		} else {
			for (j = 0; j < i && strcmp(c->topics[j].id, v) != 0;
			    j++) {
				continue;
			}
			if (j < i) {
				conf_err(l, s, path, "duplicate topic id '%s' "
				    "(first at line %u)", v,
				    config_setting_source_line(
				    config_setting_get_elem(topics,
				    (unsigned)j)));
			} else {
				set_str(t->id, sizeof(t->id), v);
				path_topic(tpath, sizeof(tpath), t, i);
			}
		}
	}
	check_keys(l, grp, tpath, topic_keys);
	if ((s = get_key(l, grp, tpath, "name", true, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, sizeof(t->name), &v) == 0) {
		if (v[0] == '\0') {
			conf_err(l, s, path, "empty name");
		} else {
			set_str(t->name, sizeof(t->name), v);
		}
	}
	if ((s = get_key(l, grp, tpath, "keywords", false, path,
	    sizeof(path))) != NULL) {
		load_keywords(l, s, path, t);
	}
	if ((s = get_key(l, grp, tpath, "reply", false, path,
	    sizeof(path))) != NULL &&
	    read_template(l, s, path, REPLY_VARS_TICKET, &v) == 0) {
		t->reply = xstrdup(v);
		c->reply_lines[i] = config_setting_source_line(s);
	}
	if ((s = get_key(l, grp, tpath, "fallback", false, path,
	    sizeof(path))) != NULL) {
		read_bool(l, s, path, &t->fallback);
	}
}

static void
load_topics(struct loader *l, const config_setting_t *root,
    struct gopy_conf *c)
{
	const config_setting_t *seq, *s;
	char path[KEYPATH_MAX], tpath[KEYPATH_MAX];
	size_t i, nfallback = 0;
	int n;

	seq = get_key(l, root, "", "topics", true, path, sizeof(path));
	if (seq == NULL || !expect_type(l, seq, path, CONFIG_TYPE_LIST)) {
		return;
	}
	n = config_setting_length(seq);
	if (n == 0 || n > CONF_TOPICS_MAX) {
		conf_err(l, seq, path, "%d topics (min 1, max %d)", n,
		    CONF_TOPICS_MAX);
		return;
	}
	c->topics = xcalloc((size_t)n, sizeof(c->topics[0]));
	c->ntopics = (size_t)n;
	for (i = 0; i < c->ntopics; i++) {
		load_topic(l, seq, (int)i, c);
	}
	for (i = 0; i < c->ntopics; i++) {
		if (!c->topics[i].fallback) {
			continue;
		}
		if (nfallback++ == 0) {
			c->fallback = i;
			continue;
		}
		s = config_setting_get_member(config_setting_get_elem(seq,
		    (unsigned)i), "fallback");
		path_topic(tpath, sizeof(tpath), &c->topics[i], (int)i);
		path_key(path, sizeof(path), tpath, "fallback");
		conf_err(l, s, path, "a second fallback topic (the first is "
		    "topics[%zu]); exactly one must have fallback = true",
		    c->fallback);
	}
	if (nfallback == 0) {
		conf_err(l, seq, "topics", "no topic has fallback = true; "
		    "exactly one must");
	}
}

static void
load_abbrev(struct loader *l, const config_setting_t *grp, const char *parent,
    struct abbrev_conf *a)
{
	const config_setting_t *seq, *s;
	char path[KEYPATH_MAX], epath[KEYPATH_MAX];
	const char *v;
	int i, n;

	if (!expect_type(l, grp, parent, CONFIG_TYPE_GROUP)) {
		return;
	}
	check_keys(l, grp, parent, abbrev_keys);
	if ((s = get_key(l, grp, parent, "word", true, path,
	    sizeof(path))) != NULL &&
	    read_words(l, s, path, false, &v) == 0) {
		a->word = xstrdup(v);
	}
	seq = get_key(l, grp, parent, "short", true, path, sizeof(path));
	if (seq == NULL || !expect_type(l, seq, path, CONFIG_TYPE_LIST)) {
		return;
	}
	n = config_setting_length(seq);
	if (n == 0 || n > CONF_SHORTS_MAX) {
		conf_err(l, seq, path, "%d short forms (min 1, max %d)", n,
		    CONF_SHORTS_MAX);
		return;
	}
	a->shorts = xcalloc((size_t)n, sizeof(a->shorts[0]));
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(seq, (unsigned)i);
		path_index(epath, sizeof(epath), path, i);
		if (read_words(l, s, epath, true, &v) == 0) {
			a->shorts[a->nshorts++] = xstrdup(v);
		}
	}
}

static void
load_abbrevs(struct loader *l, const config_setting_t *root,
    struct gopy_conf *c)
{
	const config_setting_t *seq;
	char path[KEYPATH_MAX];
	int i, n;

	seq = get_key(l, root, "", "abbreviations", false, path, sizeof(path));
	if (seq == NULL || (n = list_length(l, seq, path, CONF_ABBREVS_MAX,
	    "abbreviations")) == -1) {
		return;
	}
	c->abbrevs = xcalloc((size_t)n, sizeof(c->abbrevs[0]));
	c->nabbrevs = (size_t)n;
	for (i = 0; i < n; i++) {
		path_index(path, sizeof(path), "abbreviations", i);
		load_abbrev(l, config_setting_get_elem(seq, (unsigned)i), path,
		    &c->abbrevs[i]);
	}
}

/*
 * Whether zone is written like an IANA time zone name ("Asia/Ho_Chi_Minh",
 * "UTC", "Etc/GMT-7"): letters, digits and "_+-" in parts joined by single
 * slashes, so that it can only name a file under the zoneinfo directory.
 * Whether that file exists is for tz.h to find out where it is used.
 */
static bool
valid_zone_name(const char *zone)
{
	const char *p;

	for (p = zone; *p != '\0'; p++) {
		if (*p == '/' ? p == zone || p[-1] == '/' || p[1] == '\0' :
		    !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '+' ||
		    *p == '-')) {
			return false;
		}
	}
	return p > zone;
}

static void
load_display(struct loader *l, const config_setting_t *root,
    struct display_conf *d)
{
	const config_setting_t *grp, *s;
	const char *v;
	char path[KEYPATH_MAX];

	if ((grp = get_section(l, root, "display", false,
	    display_keys)) == NULL) {
		return;
	}
	if ((s = get_key(l, grp, "display", "timezone", false, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, sizeof(d->timezone), &v) == 0) {
		if (!valid_zone_name(v)) {
			conf_err(l, s, path, "'%s' is not a time zone name "
			    "like \"Asia/Ho_Chi_Minh\"", v);
		} else {
			set_str(d->timezone, sizeof(d->timezone), v);
		}
	}
}

/*
 * A commune's name or place as it matches (folded), and where it was
 * written: two that read the same cannot tell their communes apart.
 */
struct place_key {
	char	*folded;		/* owned */
	const config_setting_t *s;
	char	 path[KEYPATH_MAX];
	const char *text;		/* as written, in libconfig's memory */
	size_t	 seq;			/* in the order written */
};

struct place_keys {
	struct place_key *k;
	size_t	 n;
	size_t	 cap;
};

static void
add_place_key(struct place_keys *pk, const config_setting_t *s,
    const char *path, const char *text)
{
	struct place_key *k;
	struct buf folded;

	if (pk->n == pk->cap) {
		pk->cap = pk->cap == 0 ? 64 : pk->cap * 2;
		pk->k = xreallocarray(pk->k, pk->cap, sizeof(*pk->k));
	}
	k = &pk->k[pk->n++];
	buf_init(&folded);
	text_fold(text, strlen(text), &folded);
	k->folded = buf_detach(&folded);
	k->s = s;
	set_str(k->path, sizeof(k->path), path);
	k->text = text;
	k->seq = pk->n - 1;
}

/* By folded form, then in the order written. */
static int
cmp_place_key(const void *a, const void *b)
{
	const struct place_key *x = a, *y = b;
	int c = strcmp(x->folded, y->folded);

	if (c != 0) {
		return c;
	}
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* An error for every name or place that reads as one written before. */
static void
check_place_keys(struct loader *l, struct place_keys *pk)
{
	const struct place_key *a, *b;
	size_t i;

	if (pk->n > 1) {
		qsort(pk->k, pk->n, sizeof(*pk->k), cmp_place_key);
	}
	for (i = 1; i < pk->n; i++) {
		a = &pk->k[i - 1];
		b = &pk->k[i];
		if (strcmp(a->folded, b->folded) == 0) {
			conf_err(l, b->s, b->path, "'%s' reads as '%s' of "
			    "%s (line %u): a place must name one commune, "
			    "once", b->text, a->text, a->path,
			    config_setting_source_line(a->s));
		}
	}
	for (i = 0; i < pk->n; i++) {
		free(pk->k[i].folded);
	}
	free(pk->k);
}

/* communes[i]: { name = "..."; places = [ "...", ... ]; } */
static void
load_commune(struct loader *l, const config_setting_t *grp,
    const char *parent, struct commune_conf *cm, struct place_keys *pk)
{
	const config_setting_t *seq, *s;
	char path[KEYPATH_MAX], epath[KEYPATH_MAX];
	const char *v;
	int i, n;

	if (!expect_type(l, grp, parent, CONFIG_TYPE_GROUP)) {
		return;
	}
	check_keys(l, grp, parent, commune_keys);
	if ((s = get_key(l, grp, parent, "name", true, path,
	    sizeof(path))) != NULL &&
	    read_string(l, s, path, sizeof(cm->name), &v) == 0) {
		if (!is_words(v, false)) {
			conf_err(l, s, path, "'%s' has no letter or digit to "
			    "match", v);
		} else {
			set_str(cm->name, sizeof(cm->name), v);
			add_place_key(pk, s, path, v);
		}
	}
	seq = get_key(l, grp, parent, "places", false, path, sizeof(path));
	if (seq == NULL || (n = list_length(l, seq, path, CONF_PLACES_MAX,
	    "places")) == -1) {
		return;
	}
	cm->places = xcalloc((size_t)n + 1, sizeof(*cm->places));
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(seq, (unsigned)i);
		path_index(epath, sizeof(epath), path, i);
		if (read_words(l, s, epath, false, &v) == 0) {
			cm->places[cm->nplaces++] = xstrdup(v);
			add_place_key(pk, s, epath, v);
		}
	}
}

static void
load_communes(struct loader *l, const config_setting_t *root,
    struct gopy_conf *c)
{
	const config_setting_t *seq;
	struct place_keys pk = { NULL, 0, 0 };
	char path[KEYPATH_MAX];
	int i, n;

	seq = get_key(l, root, "", "communes", false, path, sizeof(path));
	if (seq == NULL || (n = list_length(l, seq, path, CONF_COMMUNES_MAX,
	    "communes")) == -1) {
		return;
	}
	c->communes = xcalloc((size_t)n + 1, sizeof(c->communes[0]));
	c->ncommunes = (size_t)n;
	for (i = 0; i < n; i++) {
		path_index(path, sizeof(path), "communes", i);
		load_commune(l, config_setting_get_elem(seq, (unsigned)i), path,
		    &c->communes[i], &pk);
	}
	check_place_keys(l, &pk);
}

/*
 * A numeric literal at p (a digit, or a sign then a digit). libconfig 1.5
 * reads an integer without the L suffix with atoi() (hex: strtoul()) into
 * an int, so 4294976896 silently becomes 9600 and would pass the range
 * check. Report such a literal and remember its line. Returns the end of
 * the literal.
 */
static const char *
scan_number(struct loader *l, const char *p, const char *end, unsigned line)
{
	const char *start = p;
	unsigned long long v = 0, limit = INT_MAX;
	unsigned base = 10, d;
	bool big = false;

	if (*p == '-' || *p == '+') {
		if (*p++ == '-') {
			limit = (unsigned long long)INT_MAX + 1;
		}
	} else if (end - p > 2 && p[0] == '0' && (p[1] == 'x' ||
	    p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9') {
			d = (unsigned)(*p - '0');
		} else if (base == 16 && *p >= 'a' && *p <= 'f') {
			d = (unsigned)(*p - 'a' + 10);
		} else if (base == 16 && *p >= 'A' && *p <= 'F') {
			d = (unsigned)(*p - 'A' + 10);
		} else {
			break;
		}
		if (v > (ULLONG_MAX - d) / base) {
			big = true;
		} else {
			v = v * base + d;
		}
	}
	/* 64-bit integers (L suffix) and floats are read correctly. */
	if (p < end && (*p == 'L' || (base == 10 && (*p == '.' ||
	    *p == 'e' || *p == 'E')))) {
		while (p < end && ((*p >= '0' && *p <= '9') || *p == 'L' ||
		    *p == '.' || *p == 'e' || *p == 'E' || *p == '+' ||
		    *p == '-')) {
			p++;
		}
		return p;
	}
	if (big || v > limit) {
		conf_err_line(l, line, "integer '%.*s' is out of range",
		    (int)(p - start > 40 ? 40 : p - start), start);
		if (l->nwrapped == l->wrappedcap) {
			l->wrappedcap = l->wrappedcap == 0 ? 8 :
			    l->wrappedcap * 2;
			l->wrapped = xreallocarray(l->wrapped, l->wrappedcap,
			    sizeof(l->wrapped[0]));
		}
		l->wrapped[l->nwrapped++] = line;
	}
	return p;
}

/*
 * Go over the text as libconfig's scanner would, skipping strings and
 * comments, to find what libconfig 1.5 would not report: integers it
 * would wrap, NUL bytes (it stops reading there), and @include (every
 * setting must come from this file, the one messages name).
 */
static void
scan_text(struct loader *l, const char *p, const char *end)
{
	unsigned line = 1;

	while (p < end) {
		if (*p == '\n') {
			line++;
			p++;
		} else if (*p == '"') {
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end) {
					p++;
				}
				if (*p == '\n') {
					line++;
				}
			}
			p += p < end;
		} else if (*p == '#' || (*p == '/' && end - p > 1 &&
		    p[1] == '/')) {
			while (p < end && *p != '\n') {
				p++;
			}
		} else if (*p == '/' && end - p > 1 && p[1] == '*') {
			for (p += 2; p < end && !(*p == '*' && end - p > 1 &&
			    p[1] == '/'); p++) {
				if (*p == '\n') {
					line++;
				}
			}
			p += end - p > 1 ? 2 : end - p;
		} else if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' &&
		    *p <= 'z') || *p == '_' || *p == '*') {
			/* A name: may contain digits that are no number. */
			while (p < end && ((*p >= 'A' && *p <= 'Z') ||
			    (*p >= 'a' && *p <= 'z') || (*p >= '0' &&
			    *p <= '9') || *p == '_' || *p == '*' ||
			    *p == '-')) {
				p++;
			}
		} else if ((*p >= '0' && *p <= '9') || ((*p == '-' ||
		    *p == '+') && end - p > 1 && p[1] >= '0' &&
		    p[1] <= '9')) {
			p = scan_number(l, p, end, line);
		} else if (*p == '\0') {
			conf_err_line(l, line, "NUL byte in the file");
			return;
		} else if (*p == '@') {
			conf_err_line(l, line, "@include is not supported");
			p++;
		} else {
			p++;
		}
	}
}

/* Read the whole file into text. Returns 0, or -1 after an error. */
static int
read_file(struct loader *l, struct buf *text)
{
	char chunk[4096];
	size_t n;
	FILE *fp;
	int saved;

	if ((fp = fopen(l->file, "r")) == NULL) {
		buf_addf(l->errs, "open '%s': %s\n", l->file,
		    strerror(errno));
		l->nerrs++;
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 &&
	    text->len <= CONF_FILE_SIZE_MAX) {
		buf_add(text, chunk, n);
	}
	saved = errno;
	if (ferror(fp)) {
		buf_addf(l->errs, "read '%s': %s\n", l->file,
		    strerror(saved));
		l->nerrs++;
	} else if (text->len > CONF_FILE_SIZE_MAX) {
		buf_addf(l->errs, "read '%s': larger than %d bytes\n",
		    l->file, CONF_FILE_SIZE_MAX);
		l->nerrs++;
	}
	fclose(fp);
	return l->nerrs > 0 ? -1 : 0;
}

static void
set_defaults(struct gopy_conf *c)
{
	c->modem.baud = 115200;
	c->modem.flow = CONF_FLOW_NONE;
	set_str(c->modem.storage, sizeof(c->modem.storage), "SM");
	c->modem.poll_interval = 60;
	c->modem.multipart_timeout = 86400;
	c->modem.send_attempts = 5;
	c->modem.retry_delay = 30;
	set_str(c->database.path, sizeof(c->database.path),
	    "/var/lib/gopy/gopy.db");
	c->database.busy_timeout = 5000;
	c->reply.enabled = true;
	set_str(c->reply.template, sizeof(c->reply.template),
	    CONF_DEFAULT_TEMPLATE);
	c->reply.strip_diacritics = true;
	c->reply.max_parts = 6;
	c->reply.validity = 24;
	c->reply.min_sender_digits = 6;
	c->reply.limit_window = 600;
	c->reply.limit_per_window = 5;
	c->reply.limit_per_day = 20;
	c->reply.loop_repeats = 3;
	c->reply.repeat_window = 24;
	set_str(c->reply.repeat_template, sizeof(c->reply.repeat_template),
	    CONF_DEFAULT_REPEAT);
	c->reply.max_age = 6;
	set_str(c->reply.urgent_suffix, sizeof(c->reply.urgent_suffix),
	    CONF_DEFAULT_URGENT);
	set_str(c->reply.duty_template, sizeof(c->reply.duty_template),
	    CONF_DEFAULT_DUTY);
	set_str(c->reply.notify_template, sizeof(c->reply.notify_template),
	    CONF_DEFAULT_NOTIFY);
	c->commands.enabled = true;
	set_str(c->commands.status_word, sizeof(c->commands.status_word),
	    "TT");
	set_str(c->commands.help_word, sizeof(c->commands.help_word), "HD");
	set_str(c->commands.status_template,
	    sizeof(c->commands.status_template), CONF_DEFAULT_STATUS);
	set_str(c->commands.refuse_template,
	    sizeof(c->commands.refuse_template), CONF_DEFAULT_REFUSE);
	set_str(c->commands.help_template, sizeof(c->commands.help_template),
	    CONF_DEFAULT_HELP);
	set_str(c->commands.status_new, sizeof(c->commands.status_new),
	    "da nhan");
	set_str(c->commands.status_in_progress,
	    sizeof(c->commands.status_in_progress), "dang xu ly");
	set_str(c->commands.status_resolved,
	    sizeof(c->commands.status_resolved), "da xu ly");
	set_str(c->commands.status_rejected,
	    sizeof(c->commands.status_rejected), "da dong");
	c->classify.min_score = 1;
	c->classify.unsure_below = 2;
	c->classify.unsure_margin = 1;
}

/*
 * Read, check and parse the file of l into cf (config_init'ed by the
 * caller, who destroys it). Returns its root, or NULL after errors.
 */
static const config_setting_t *
parse_file(struct loader *l, config_t *cf)
{
	const config_setting_t *root = NULL;
	struct buf text;

	buf_init(&text);
	if (read_file(l, &text) == 0) {
		scan_text(l, text.data, text.data + text.len);
		if (config_read_string(cf, text.data) == CONFIG_FALSE) {
			conf_err_line(l, (unsigned)config_error_line(cf),
			    "%s", config_error_text(cf));
		} else {
			root = config_root_setting(cf);
		}
	}
	buf_release(&text);
	return root;
}

int
conf_learned_path(const struct gopy_conf *c, char *path, size_t len)
{
	const char *slash;
	int n;

	if (c->classify.learned[0] == '\0') {
		return -1;
	}
	slash = strrchr(c->file, '/');
	if (c->classify.learned[0] == '/' || slash == NULL) {
		n = snprintf(path, len, "%s", c->classify.learned);
	} else {
		n = snprintf(path, len, "%.*s/%s", (int)(slash - c->file),
		    c->file, c->classify.learned);
	}
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* The learned weights named by classifier.learned. Its errors name it. */
static void
load_learned_file(struct gopy_conf *c, struct loader *main)
{
	struct loader l = { NULL, main->errs, 0, NULL, 0, 0 };
	const config_setting_t *root;
	char path[CONF_PATH_MAX];
	config_t cf;

	if (conf_learned_path(c, path, sizeof(path)) == -1) {
		buf_addf(main->errs, "%s: classifier.learned: path too long\n",
		    c->file);
		main->nerrs++;
		return;
	}
	l.file = path;
	config_init(&cf);
	if ((root = parse_file(&l, &cf)) != NULL) {
		load_learned(&l, root, c);
	}
	config_destroy(&cf);
	free(l.wrapped);
	main->nerrs += l.nerrs;
}

int
conf_load(struct gopy_conf *c, const char *path, struct buf *errs)
{
	struct loader l = { path, errs, 0, NULL, 0, 0 };
	const config_setting_t *root;
	config_t cf;

	memset(c, 0, sizeof(*c));
	if (strlen(path) >= sizeof(c->file)) {
		buf_addf(errs, "open '%.64s...': path too long\n", path);
		return -1;
	}
	set_str(c->file, sizeof(c->file), path);
	set_defaults(c);
	config_init(&cf);
	if ((root = parse_file(&l, &cf)) != NULL) {
		check_keys(&l, root, "", root_keys);
		load_modem(&l, root, &c->modem);
		load_database(&l, root, &c->database);
		load_reply(&l, root, c);
		load_commands(&l, root, c);
		load_classifier(&l, root, &c->classify);
		load_topics(&l, root, c);
		load_urgent(&l, root, c);
		load_abbrevs(&l, root, c);
		load_display(&l, root, &c->display);
		load_communes(&l, root, c);
	}
	config_destroy(&cf);
	free(l.wrapped);
	if (l.nerrs == 0 && c->classify.learned[0] != '\0') {
		load_learned_file(c, &l);
	}
	if (l.nerrs > 0) {
		conf_release(c);
		return -1;
	}
	return 0;
}

void
conf_release(struct gopy_conf *c)
{
	size_t i, j;

	for (i = 0; i < c->ntopics; i++) {
		for (j = 0; j < c->topics[i].nkeywords; j++) {
			free(c->topics[i].keywords[j].text);
		}
		for (j = 0; j < c->topics[i].nlearned; j++) {
			free(c->topics[i].learned[j].text);
		}
		free(c->topics[i].keywords);
		free(c->topics[i].learned);
		free(c->topics[i].reply);
	}
	free(c->topics);
	for (i = 0; i < c->reply.nurgent_topics; i++) {
		free(c->reply.urgent_topics[i]);
	}
	free(c->reply.urgent_topics);
	for (i = 0; i < c->reply.nurgent_words; i++) {
		free(c->reply.urgent_words[i]);
	}
	free(c->reply.urgent_words);
	for (i = 0; i < c->classify.nnegations; i++) {
		free(c->classify.negations[i]);
	}
	free(c->classify.negations);
	for (i = 0; i < c->nabbrevs; i++) {
		free(c->abbrevs[i].word);
		for (j = 0; j < c->abbrevs[i].nshorts; j++) {
			free(c->abbrevs[i].shorts[j]);
		}
		free(c->abbrevs[i].shorts);
	}
	free(c->abbrevs);
	for (i = 0; i < c->ncommunes; i++) {
		for (j = 0; j < c->communes[i].nplaces; j++) {
			free(c->communes[i].places[j]);
		}
		free(c->communes[i].places);
	}
	free(c->communes);
	memset(c, 0, sizeof(*c));
}

int
conf_topic_index(const struct gopy_conf *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->ntopics; i++) {
		if (strcmp(c->topics[i].id, id) == 0) {
			return (int)i;
		}
	}
	return -1;
}

/* The words of text as they match: bare forms, each with its marks. */
static void
match_key(const char *text, struct text_tokens *t, struct buf *key)
{
	size_t i, k;

	text_tokenize(text, strlen(text), t);
	buf_reset(key);
	for (i = 0; i < t->n; i++) {
		buf_addf(key, "%s%s", i > 0 ? " " : "", text_token_bare(t, i));
		if (!t->tok[i].marked) {
			continue;
		}
		buf_addf(key, "/%x/", (unsigned)t->tok[i].tone);
		for (k = 0; k < t->tok[i].nmarks; k++) {
			buf_addf(key, "%x.", (unsigned)t->marks[t->tok[i].marks +
			    k]);
		}
	}
}

/* Whether word is the short form of an abbreviation; which one in *a. */
static bool
is_short(const struct gopy_conf *c, const char *word, size_t *a)
{
	struct text_tokens t;
	size_t i, k;
	bool found = false;

	text_tokens_init(&t);
	for (i = 0; i < c->nabbrevs && !found; i++) {
		for (k = 0; k < c->abbrevs[i].nshorts && !found; k++) {
			text_tokenize(c->abbrevs[i].shorts[k],
			    strlen(c->abbrevs[i].shorts[k]), &t);
			found = t.n == 1 &&
			    strcmp(text_token_bare(&t, 0), word) == 0;
			*a = i;
		}
	}
	text_tokens_release(&t);
	return found;
}

/*
 * Keywords in two topics, or read as an abbreviation's word. Each keyword's
 * match key is made once: comparing every pair by tokenizing both again
 * took 2 s of CPU at each start of gopyd with the shipped ~1,000 keywords
 * (2 minutes under valgrind).
 */
static int
warn_keywords(const struct gopy_conf *c, struct buf *out)
{
	struct text_tokens t;
	struct buf *keys;
	const struct keyword_conf *x;
	size_t *first, ti, ki, tj, kj, w, a, nkeys = 0;
	int n = 0;

	/* keys[first[ti] + ki]: the match key of keyword ki of topic ti. */
	first = xreallocarray(NULL, c->ntopics + 1, sizeof(*first));
	for (ti = 0; ti < c->ntopics; ti++) {
		first[ti] = nkeys;
		nkeys += c->topics[ti].nkeywords;
	}
	first[c->ntopics] = nkeys;
	keys = xreallocarray(NULL, nkeys + 1, sizeof(*keys));
	text_tokens_init(&t);
	for (ti = 0; ti < c->ntopics; ti++) {
		for (ki = 0; ki < c->topics[ti].nkeywords; ki++) {
			buf_init(&keys[first[ti] + ki]);
			match_key(c->topics[ti].keywords[ki].text, &t,
			    &keys[first[ti] + ki]);
		}
	}
	for (ti = 0; ti < c->ntopics; ti++) {
		for (ki = 0; ki < c->topics[ti].nkeywords; ki++) {
			x = &c->topics[ti].keywords[ki];
			text_tokenize(x->text, strlen(x->text), &t);
			for (w = 0; w < t.n; w++) {
				if (strchr(x->text, '&') == NULL &&
				    is_short(c, text_token_bare(&t, w), &a)) {
					buf_addf(out, "topics.%s: keyword '%s' "
					    "reads '%s' as '%s' "
					    "(abbreviations)\n",
					    c->topics[ti].id, x->text,
					    text_token_bare(&t, w),
					    c->abbrevs[a].word);
					n++;
				}
			}
			for (tj = ti + 1; tj < c->ntopics; tj++) {
				for (kj = 0; kj < c->topics[tj].nkeywords;
				    kj++) {
					if (strcmp(keys[first[ti] + ki].data,
					    keys[first[tj] + kj].data) != 0) {
						continue;
					}
					buf_addf(out, "keyword '%s' is in topics "
					    "%s and %s\n", x->text,
					    c->topics[ti].id,
					    c->topics[tj].id);
					n++;
				}
			}
		}
	}
	for (ki = 0; ki < nkeys; ki++) {
		buf_release(&keys[ki]);
	}
	free(keys);
	free(first);
	text_tokens_release(&t);
	return n;
}

/* The room a text takes in SMS, as gopyd sends it. */
struct sms_size {
	int	parts;		/* PDU_PARTS_MAX + 1: more than can be sent */
	size_t	units;		/* septets (GSM 7-bit) or UTF-16 units */
	enum pdu_coding coding;
};

/* Whether a takes more room than b. */
static bool
sms_larger(const struct sms_size *a, const struct sms_size *b)
{
	return a->parts > b->parts || (a->parts == b->parts &&
	    a->units > b->units);
}

/*
 * The size of text, valid UTF-8, as gopyd will send it (ingest.c,
 * gopyd.c encode_outbox): without marks when reply.strip_diacritics, in
 * the alphabet pdu_choose_coding picks, split by pdu_split.
 */
static void
measure_sms(const struct reply_conf *r, const char *text,
    struct sms_size *sz)
{
	struct pdu_span spans[PDU_PARTS_MAX];
	struct buf sent;
	char err[128];
	size_t i, n;
	int32_t cp;
	int parts;

	buf_init(&sent);
	if (r->strip_diacritics) {
		text_strip_marks(text, strlen(text), &sent);
	} else {
		buf_adds(&sent, text);
	}
	if (pdu_choose_coding(sent.data, sent.len, &sz->coding) != PDU_OK) {
		sz->coding = PDU_CODING_UCS2;
	}
	sz->units = 0;
	if (sz->coding == PDU_CODING_GSM7) {
		sz->units = (size_t)gsm7_encode(sent.data, sent.len, NULL, 0);
	} else {
		for (i = 0; i < sent.len; i += n) {
			n = utf8_decode((const unsigned char *)sent.data + i,
			    sent.len - i, &cp);
			sz->units += cp > 0xffff ? 2 : 1;
		}
	}
	parts = pdu_split(sent.data, sent.len, sz->coding, spans,
	    PDU_PARTS_MAX, err, sizeof(err));
	sz->parts = parts < 0 ? PDU_PARTS_MAX + 1 : parts;
	buf_release(&sent);
}

/* The largest SMS a template can give, and the values that give it. */
struct sms_case {
	struct sms_size size;
	const char *topic;	/* NULL when the text has no {topic} */
	const char *status;	/* NULL when it has no {status} */
	bool	 urgent;	/* with reply.urgent.suffix */
};

/* Whether a message of topic t can be urgent (reply.urgent). */
static bool
can_be_urgent(const struct gopy_conf *c, size_t t)
{
	size_t k;

	if (c->reply.urgent_suffix[0] == '\0') {
		return false;
	}
	if (c->reply.nurgent_words > 0) {
		return true;
	}
	for (k = 0; k < c->reply.nurgent_topics; k++) {
		if (strcmp(c->reply.urgent_topics[k], c->topics[t].id) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * The largest SMS tmpl can give: with the name of topic (-1: of each
 * topic; for an acknowledgement, each topic without a reply of its own),
 * each {status} word, and, for an acknowledgement (ack), reply.urgent.suffix
 * after it when the message can be urgent; gopyd joins the suffix with a
 * space. The ticket is that of WARN_TICKET_ID. worst->size.parts is 0 when
 * no topic gets tmpl.
 */
static void
measure_template(const struct gopy_conf *c, const char *tmpl, int topic,
    bool ack, struct sms_case *worst)
{
	const struct commands_conf *cm = &c->commands;
	const char *const statuses[] = {
		cm->status_new, cm->status_in_progress, cm->status_resolved,
		cm->status_rejected,
	};
	char ticket[REPLY_TICKET_MAX];
	struct reply_vars v;
	struct sms_size size;
	struct buf text;
	size_t t, st, nst, first, last;
	bool have = false;
	int urgent, nurgent;

	reply_ticket(WARN_TICKET_ID, ticket);
	memset(&v, 0, sizeof(v));
	v.ticket = ticket;
	v.unit = c->reply.unit;
	v.date = WARN_DATE;
	nst = uses_placeholder(tmpl, REPLY_VAR_STATUS) ?
	    sizeof(statuses) / sizeof(statuses[0]) : 1;
	first = topic == -1 ? 0 : (size_t)topic;
	last = topic == -1 ? c->ntopics : (size_t)topic + 1;
	memset(worst, 0, sizeof(*worst));
	buf_init(&text);
	for (t = first; t < last; t++) {
		if (ack && topic == -1 && c->topics[t].reply != NULL) {
			continue;
		}
		nurgent = ack && can_be_urgent(c, t) ? 2 : 1;
		for (st = 0; st < nst; st++) {
			for (urgent = 0; urgent < nurgent; urgent++) {
				v.topic = c->topics[t].name;
				v.status = statuses[st];
				buf_reset(&text);
				reply_expand(tmpl, &v, &text);
				if (urgent) {
					buf_addf(&text, " %s",
					    c->reply.urgent_suffix);
				}
				measure_sms(&c->reply, text.data, &size);
				if (!have || sms_larger(&size, &worst->size)) {
					have = true;
					worst->size = size;
					worst->topic = v.topic;
					worst->status = v.status;
					worst->urgent = urgent;
				}
			}
		}
	}
	buf_release(&text);
	if (!uses_placeholder(tmpl, REPLY_VAR_TOPIC)) {
		worst->topic = NULL;
	}
	if (nst == 1) {
		worst->status = NULL;
	}
}

/* "file:line: key: ", or "key (default): " for a text the file does not set. */
static void
warn_where(const struct gopy_conf *c, unsigned line, const char *key,
    struct buf *out)
{
	if (line > 0) {
		buf_addf(out, "%s:%u: %s: ", c->file, line, key);
	} else {
		buf_addf(out, "%s (default): ", key);
	}
}

/*
 * Warn when tmpl can need more than one SMS; key and line name it. Returns
 * the number of warnings, 0 or 1.
 */
static int
warn_size(const struct gopy_conf *c, const char *key, unsigned line,
    const char *tmpl, int topic, bool ack, struct buf *out)
{
	struct sms_case w;
	char ticket[REPLY_TICKET_MAX];

	measure_template(c, tmpl, topic, ack, &w);
	if (w.size.parts <= 1) {
		return 0;
	}
	warn_where(c, line, key, out);
	if (w.size.parts > PDU_PARTS_MAX) {
		buf_addf(out, "can need more than %d SMS", PDU_PARTS_MAX);
	} else {
		buf_addf(out, "can need %d SMS (%s, %zu characters)",
		    w.size.parts, w.size.coding == PDU_CODING_GSM7 ?
		    "GSM 7-bit" : "UCS2", w.size.units);
	}
	if (w.topic != NULL) {
		buf_addf(out, " with topic '%s'", w.topic);
	}
	if (w.status != NULL) {
		buf_addf(out, "%s status '%s'", w.topic != NULL ? " and" :
		    " with", w.status);
	}
	if (uses_placeholder(tmpl, REPLY_VAR_TICKET)) {
		reply_ticket(WARN_TICKET_ID, ticket);
		buf_addf(out, "%s ticket '%s'", w.topic != NULL ||
		    w.status != NULL ? " and" : " with", ticket);
	}
	if (w.urgent) {
		buf_adds(out, ", urgent (reply.urgent.suffix)");
	}
	if (w.size.parts > c->reply.max_parts) {
		buf_addf(out, "; more than reply.max_parts (%d): it would not "
		    "be sent", c->reply.max_parts);
	}
	buf_addc(out, '\n');
	return 1;
}

/* A reply text conf_warnings checks. */
struct text_key {
	enum conf_text which;
	const char *key;
	size_t	 off;		/* of the template in struct gopy_conf */
	bool	 ack;		/* an acknowledgement: urgent suffix */
};

static const struct text_key text_keys[] = {
	{ CONF_TEXT_REPLY, "reply.template",
	    offsetof(struct gopy_conf, reply.template), true },
	{ CONF_TEXT_REPEAT, "reply.repeat_template",
	    offsetof(struct gopy_conf, reply.repeat_template), false },
	{ CONF_TEXT_NOTIFY, "reply.notify_template",
	    offsetof(struct gopy_conf, reply.notify_template), false },
	{ CONF_TEXT_DUTY, "reply.duty_template",
	    offsetof(struct gopy_conf, reply.duty_template), false },
	{ CONF_TEXT_STATUS, "commands.status_template",
	    offsetof(struct gopy_conf, commands.status_template), false },
	{ CONF_TEXT_REFUSE, "commands.refuse_template",
	    offsetof(struct gopy_conf, commands.refuse_template), false },
	{ CONF_TEXT_HELP, "commands.help_template",
	    offsetof(struct gopy_conf, commands.help_template), false },
};
#define NTEXT_KEYS	(sizeof(text_keys) / sizeof(text_keys[0]))

/*
 * Whether gopyd sends text k at all. The summary to the officers on duty
 * carries the citizen's text, of any length: never measured.
 */
static bool
text_sent(const struct gopy_conf *c, enum conf_text k)
{
	switch (k) {
	case CONF_TEXT_REPLY:
		return c->reply.enabled;
	case CONF_TEXT_REPEAT:
		return c->reply.enabled && c->reply.repeat_window > 0;
	case CONF_TEXT_NOTIFY:
		return true;
	case CONF_TEXT_STATUS:
	case CONF_TEXT_REFUSE:
	case CONF_TEXT_HELP:
		return c->commands.enabled;
	default:
		return false;
	}
}

/* Replies that can need more than one SMS. */
static int
warn_sizes(const struct gopy_conf *c, struct buf *out)
{
	const struct text_key *k;
	char topic[KEYPATH_MAX], key[KEYPATH_MAX];
	size_t i;
	int n = 0;

	for (i = 0; i < NTEXT_KEYS; i++) {
		k = &text_keys[i];
		if (text_sent(c, k->which)) {
			n += warn_size(c, k->key, c->text_lines[k->which],
			    (const char *)c + k->off, -1, k->ack, out);
		}
	}
	for (i = 0; i < c->ntopics && c->reply.enabled; i++) {
		if (c->topics[i].reply != NULL) {
			path_key(topic, sizeof(topic), "topics",
			    c->topics[i].id);
			path_key(key, sizeof(key), topic, "reply");
			n += warn_size(c, key, c->reply_lines[i],
			    c->topics[i].reply, (int)i, true, out);
		}
	}
	return n;
}

/* {unit} in a template while reply.unit is empty: one warning for all. */
static int
warn_unit(const struct gopy_conf *c, struct buf *out)
{
	struct buf keys;
	size_t i;
	int n = 0;

	if (c->reply.unit[0] != '\0') {
		return 0;
	}
	buf_init(&keys);
	for (i = 0; i < NTEXT_KEYS; i++) {
		if (uses_placeholder((const char *)c + text_keys[i].off,
		    REPLY_VAR_UNIT)) {
			buf_addf(&keys, "%s%s", n++ > 0 ? ", " : "",
			    text_keys[i].key);
		}
	}
	for (i = 0; i < c->ntopics; i++) {
		if (c->topics[i].reply != NULL &&
		    uses_placeholder(c->topics[i].reply, REPLY_VAR_UNIT)) {
			buf_addf(&keys, "%stopics.%s.reply", n++ > 0 ? ", " :
			    "", c->topics[i].id);
		}
	}
	if (n > 0) {
		buf_addf(out, "reply.unit: empty, yet {unit} is in %s\n",
		    keys.data);
	}
	buf_release(&keys);
	return n > 0;
}

/* The help text should say how to ask for a status. */
static int
warn_help(const struct gopy_conf *c, struct buf *out)
{
	struct buf help, word;
	bool named;

	if (!c->commands.enabled) {
		return 0;
	}
	buf_init(&help);
	buf_init(&word);
	buf_adds(&help, " ");
	text_fold(c->commands.help_template,
	    strlen(c->commands.help_template), &help);
	buf_adds(&help, " ");
	buf_adds(&word, " ");
	text_fold(c->commands.status_word, strlen(c->commands.status_word),
	    &word);
	buf_adds(&word, " ");
	named = strstr(help.data, word.data) != NULL;
	if (!named) {
		warn_where(c, c->text_lines[CONF_TEXT_HELP],
		    "commands.help_template", out);
		buf_addf(out, "does not name the status command '%s' "
		    "(commands.status_word)\n", c->commands.status_word);
	}
	buf_release(&help);
	buf_release(&word);
	return !named;
}

int
conf_warnings(const struct gopy_conf *c, struct buf *out)
{
	return warn_keywords(c, out) + warn_sizes(c, out) + warn_unit(c, out) +
	    warn_help(c, out);
}
