/*
 * Allocation that cannot fail: on out-of-memory these log and exit. That
 * loses nothing, since a message leaves the SIM only after its COMMIT.
 * Array sizes are checked for overflow.
 */
#ifndef GOPY_XMALLOC_H
#define GOPY_XMALLOC_H

#include <stdlib.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
/* Copy of the NUL-terminated s; free with free(). */
char	*xstrdup(const char *s);
/* Copy of len bytes at s plus a NUL; free with free(). */
char	*xstrndup(const char *s, size_t len);

/* Free p and set it to NULL. */
#define FREE(p) do { free(p); (p) = NULL; } while (0)

#endif
