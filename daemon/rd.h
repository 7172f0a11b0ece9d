/*
 * A bounds-checked cursor over received bytes, after dropbear's buffer.c.
 * All wire decoding reads through it; nothing indexes a PDU directly.
 * Every reader returns 0 and advances, or returns -1 without advancing when
 * fewer bytes remain than asked for. Running out is an error, never a crash.
 */
#ifndef GOPY_RD_H
#define GOPY_RD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rd {
	const uint8_t	*p;	/* the bytes; not owned */
	size_t		 len;	/* how many */
	size_t		 pos;	/* next byte to read, 0..len */
};

static inline void
rd_init(struct rd *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
}

static inline size_t
rd_left(const struct rd *r)
{
	return r->len - r->pos;
}

static inline int
rd_u8(struct rd *r, uint8_t *v)
{
	if (rd_left(r) < 1) {
		return -1;
	}
	*v = r->p[r->pos++];
	return 0;
}

/* Copy n bytes into out. */
static inline int
rd_bytes(struct rd *r, void *out, size_t n)
{
	if (rd_left(r) < n) {
		return -1;
	}
	memcpy(out, r->p + r->pos, n);
	r->pos += n;
	return 0;
}

/* Point *out at the next n bytes, which stay owned by the caller of rd_init. */
static inline int
rd_ptr(struct rd *r, const uint8_t **out, size_t n)
{
	if (rd_left(r) < n) {
		return -1;
	}
	*out = r->p + r->pos;
	r->pos += n;
	return 0;
}

static inline int
rd_skip(struct rd *r, size_t n)
{
	if (rd_left(r) < n) {
		return -1;
	}
	r->pos += n;
	return 0;
}

#endif
