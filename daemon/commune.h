/*
 * Which commune a message is about, from the places it names: the places
 * of each commune in the configuration (communes, gopy.conf(5)), and the
 * commune's own name, matched as whole words whatever the diacritics and
 * case ("thon dong" is "thôn Đông"). A message that names places of
 * exactly one commune is about that commune; one that names none, or
 * places of several, is of no known commune.
 *
 * Built on the keyword classifier (classify.h): each commune is a topic
 * whose keywords are its places without their marks.
 */
#ifndef GOPY_COMMUNE_H
#define GOPY_COMMUNE_H

#include <stddef.h>

#include "conf.h"

struct commune_matcher;

/*
 * A matcher for the communes of c, or NULL when c has none (commune_find
 * takes NULL). Copies what it needs. Free with commune_matcher_free.
 */
struct commune_matcher *commune_matcher_new(const struct gopy_conf *c);
void	commune_matcher_free(struct commune_matcher *m);

/*
 * The name of the one commune len bytes of UTF-8 text name, or NULL. The
 * name lives as long as m. m keeps scratch space: one caller at a time.
 */
const char *commune_find(struct commune_matcher *m, const char *text,
	    size_t len);

#endif
