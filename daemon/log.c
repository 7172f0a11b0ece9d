/*
 * Logging for gopyd and gopy: one line per call on stderr, with journald
 * priority prefixes when stderr is the journal. No syslog, no files: systemd
 * captures stderr, and a terminal shows it as it is.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* sd-daemon(3) priorities. */
#define PRI_ERR		3
#define PRI_WARNING	4
#define PRI_INFO	6
#define PRI_DEBUG	7

static const char *log_progname = "gopy";
static int log_verbose;
static int log_journal;

/* stderr is the journal when $JOURNAL_STREAM is "dev:ino" of fd 2. */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2) {
		return 0;
	}
	if (fstat(STDERR_FILENO, &st) == -1) {
		return 0;
	}
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *progname, int verbosity)
{
	log_progname = progname;
	log_verbose = verbosity;
	log_journal = stderr_is_journal();
}

int
log_verbosity(void)
{
	return log_verbose;
}

static void
vlog(int pri, int with_errno, const char *fmt, va_list ap)
{
	int saved = errno;
	char msg[2048];
	const char *word;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_journal) {
		if (with_errno) {
			fprintf(stderr, "<%d>%s: %s\n", pri, msg,
			    strerror(saved));
		} else {
			fprintf(stderr, "<%d>%s\n", pri, msg);
		}
	} else {
		switch (pri) {
		case PRI_ERR:
			word = "error: ";
			break;
		case PRI_WARNING:
			word = "warning: ";
			break;
		case PRI_DEBUG:
			word = "debug: ";
			break;
		default:
			word = "";
			break;
		}
		if (with_errno) {
			fprintf(stderr, "%s: %s%s: %s\n", log_progname, word,
			    msg, strerror(saved));
		} else {
			fprintf(stderr, "%s: %s%s\n", log_progname, word, msg);
		}
	}
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_WARNING, 1, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_WARNING, 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_INFO, 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < LOG_VERB_DEBUG) {
		return;
	}
	va_start(ap, fmt);
	vlog(PRI_DEBUG, 0, fmt, ap);
	va_end(ap);
}

void
log_traffic(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < LOG_VERB_TRAFFIC) {
		return;
	}
	va_start(ap, fmt);
	vlog(PRI_DEBUG, 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_ERR, 1, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_ERR, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned int cp;

	if (s[0] < 0x80) {
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n) {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			return 0;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values above U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
		return 0;
	}
	return len;
}

char *
log_escape(char *out, size_t outlen, const char *in, size_t inlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, n;
	char piece[5];

	if (outlen == 0) {
		return out;
	}
	while (i < inlen) {
		n = utf8_seq_len(s + i, inlen - i);
		if (n == 0 || (n == 1 && (s[i] < 0x20 || s[i] == 0x7f ||
		    s[i] == '\\'))) {
			snprintf(piece, sizeof(piece), "\\x%02x", s[i]);
			n = 1;
		} else {
			memcpy(piece, s + i, n);
			piece[n] = '\0';
		}
		/* Keep room for "..." and the NUL. */
		if (o + strlen(piece) + 4 > outlen) {
			if (outlen >= 4) {
				memcpy(out + (o + 4 <= outlen ? o : outlen - 4),
				    "...", 4);
			} else {
				out[0] = '\0';
			}
			return out;
		}
		memcpy(out + o, piece, strlen(piece));
		o += strlen(piece);
		i += n;
	}
	out[o] = '\0';
	return out;
}
