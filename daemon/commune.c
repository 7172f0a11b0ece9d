/*
 * Communes from place names, through the classifier: communes are topics,
 * places their keywords of weight 1, folded so that a place matches however
 * it is typed, and one empty topic more that wins when nothing matches.
 * No abbreviations and no negations: a place is a name, not a phrase.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classify.h"
#include "commune.h"
#include "text.h"
#include "xmalloc.h"

struct commune_matcher {
	struct classifier *classifier;
	struct classify_result result;
	char	**names;
	size_t	 n;
};

/* The keyword of place text: its words without marks. */
static void
add_place(struct topic_conf *t, const char *text)
{
	struct buf folded;

	buf_init(&folded);
	text_fold(text, strlen(text), &folded);
	t->keywords[t->nkeywords].text = buf_detach(&folded);
	t->keywords[t->nkeywords].weight = 1;
	t->nkeywords++;
}

struct commune_matcher *
commune_matcher_new(const struct gopy_conf *c)
{
	struct commune_matcher *m;
	struct classify_conf cc;
	struct topic_conf *topics;
	size_t i, k;

	if (c->ncommunes == 0) {
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	m->n = c->ncommunes;
	m->names = xcalloc(m->n, sizeof(*m->names));
	/* One topic per commune, then "none", the fallback. */
	topics = xcalloc(m->n + 1, sizeof(*topics));
	for (i = 0; i < m->n; i++) {
		m->names[i] = xstrdup(c->communes[i].name);
		topics[i].keywords = xcalloc(c->communes[i].nplaces + 1,
		    sizeof(*topics[i].keywords));
		add_place(&topics[i], c->communes[i].name);
		for (k = 0; k < c->communes[i].nplaces; k++) {
			add_place(&topics[i], c->communes[i].places[k]);
		}
	}
	topics[m->n].fallback = true;
	memset(&cc, 0, sizeof(cc));
	cc.min_score = 1;
	m->classifier = classify_new(&cc, topics, m->n + 1, m->n, NULL, 0);
	classify_result_init(&m->result);
	for (i = 0; i < m->n; i++) {
		for (k = 0; k < topics[i].nkeywords; k++) {
			free(topics[i].keywords[k].text);
		}
		free(topics[i].keywords);
	}
	free(topics);
	return m;
}

void
commune_matcher_free(struct commune_matcher *m)
{
	size_t i;

	if (m == NULL) {
		return;
	}
	for (i = 0; i < m->n; i++) {
		free(m->names[i]);
	}
	free(m->names);
	classify_result_release(&m->result);
	classify_free(m->classifier);
	free(m);
}

const char *
commune_find(struct commune_matcher *m, const char *text, size_t len)
{
	if (m == NULL) {
		return NULL;
	}
	classify_text(m->classifier, text, len, &m->result);
	/* Nothing matched, or another commune scored too. */
	if (m->result.topic == m->n || m->result.runner_up != SIZE_MAX) {
		return NULL;
	}
	return m->names[m->result.topic];
}
