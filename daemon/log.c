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
#include "utf8.h"

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

char *
log_escape(char *out, size_t outlen, const char *in, size_t inlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, n, k;
	char piece[4 * 4 + 1];	/* a character of 4 bytes as \xNN each */
	int32_t cp;

	if (outlen == 0) {
		return out;
	}
	while (i < inlen) {
		n = utf8_decode(s + i, inlen - i, &cp);
		/*
		 * C0, DEL, C1: a terminal may act on them; bidirectional
		 * controls reorder the line; zero-width ones hide.
		 */
		if (utf8_seen(cp) != UTF8_SEEN || cp == '\\') {
			for (k = 0; k < n; k++) {
				snprintf(piece + 4 * k, sizeof(piece) - 4 * k,
				    "\\x%02x", s[i + k]);
			}
		} else {
			memcpy(piece, s + i, n);
			piece[n] = '\0';
		}
		/* Keep room for "..." and the NUL. */
		if (o + strlen(piece) + 4 > outlen) {
			/* o + 4 <= outlen holds here unless outlen < 4. */
			if (outlen >= 4) {
				memcpy(out + o, "...", 4);
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
