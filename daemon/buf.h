/*
 * A growable byte buffer, after git's strbuf. Invariants after buf_init and
 * after every call: b->data is never NULL, b->data[b->len] == '\0', and
 * binary data (including NUL bytes) is safe. Growth cannot fail (xmalloc).
 */
#ifndef GOPY_BUF_H
#define GOPY_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* contents, NUL-terminated; never NULL */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated; 0 while data is the shared "" */
};

/* Make b empty without allocating. */
void	buf_init(struct buf *b);
/* Free the contents; b is empty and may be reused. */
void	buf_release(struct buf *b);
/* Make b empty, keeping its allocation. */
void	buf_reset(struct buf *b);
/* Append len bytes at p. */
void	buf_add(struct buf *b, const void *p, size_t len);
void	buf_adds(struct buf *b, const char *s);
void	buf_addf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/* Remove the first n bytes (all of them when n >= len). */
void	buf_consume(struct buf *b, size_t n);
/*
 * Hand the contents to the caller, who frees them with free(). b is left
 * empty. Never returns NULL.
 */
char	*buf_detach(struct buf *b);

/* Append one byte. Inline: tokenizers call it for every letter. */
static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else {
		buf_add(b, &c, 1);
	}
}

#endif
