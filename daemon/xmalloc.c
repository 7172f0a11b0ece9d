/*
 * Checked allocation: the one place that turns out-of-memory into an exit.
 */
#include <stdint.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

void *
xmalloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);

	if (p == NULL) {
		fatal("malloc %zu bytes", size);
	}
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size);

	if (p == NULL) {
		fatal("calloc %zu x %zu bytes", nmemb, size);
	}
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size) {
		fatalx("reallocarray %zu x %zu bytes: overflow", nmemb, size);
	}
	p = realloc(ptr, nmemb * size == 0 ? 1 : nmemb * size);
	if (p == NULL) {
		fatal("reallocarray %zu x %zu bytes", nmemb, size);
	}
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
