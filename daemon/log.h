/*
 * Leveled logging to stderr. When stderr is connected to the journal
 * ($JOURNAL_STREAM names its device and inode) each line carries the
 * sd-daemon(3) priority prefix "<3>", "<4>", "<6>" or "<7>"; otherwise the
 * program name and a level word lead the line.
 *
 * Every function preserves errno. log_warn and fatal append strerror(errno)
 * of the errno current at the call.
 */
#ifndef GOPY_LOG_H
#define GOPY_LOG_H

#include <stddef.h>

/* Verbosity: 0 shows errors, warnings and info; 1 adds debug; 2 adds AT traffic. */
enum log_verbosity {
	LOG_VERB_INFO = 0,
	LOG_VERB_DEBUG = 1,
	LOG_VERB_TRAFFIC = 2,
};

/* Set the program name shown on each line and the verbosity. */
void	log_init(const char *progname, int verbosity);
int	log_verbosity(void);

void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* AT traffic, shown from verbosity 2 (-vv). */
void	log_traffic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Log at error priority and exit 1. Only for main() setup and out-of-memory. */
void	fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Write an escaped copy of untrusted bytes (modem lines, PDUs, citizen text)
 * into out (size outlen, always NUL-terminated): control characters (C0,
 * DEL, C1), bidirectional and zero-width ones, backslash and invalid UTF-8
 * become \xNN for each of their bytes; other UTF-8 passes through. Output
 * that does not fit is cut at a character boundary and ends in "...".
 * Returns out.
 */
char	*log_escape(char *out, size_t outlen, const char *in, size_t inlen);

#endif
