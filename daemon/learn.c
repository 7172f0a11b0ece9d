/*
 * Smoothed log-odds of words and word pairs per topic, from labelled
 * messages. Counts are of messages (a feature counts once per message), so
 * a long message weighs no more than a short one. The weights written are
 * scaled down so that hand-written keywords decide and learned features
 * break ties; it does not fit the weights to each other (no regression).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn.h"
#include "xmalloc.h"

/*
 * What a learned feature's weight is of its log-odds. A word 20 to 50
 * times more frequent in a topic than elsewhere (log-odds 3 to 4) then
 * weighs 0.3 to 0.4, a third of a hand-written keyword of weight 1: on the
 * 330 messages of the dev corpus, cross-validated, 0.1 to 0.15 did best;
 * the full log-odds (1) lost 15 points of macro-F1 to the hand keywords
 * alone, being sure of words seen in two or three messages.
 */
#define LEARN_SCALE	0.1

/* A feature and how many messages of each topic have it. */
struct feat {
	char	*text;		/* owned; NULL for an empty slot */
	uint32_t hash;
	uint32_t seen;		/* the last example that counted it, plus 1 */
	int	*count;		/* [ntopics] */
};

struct feats {
	struct feat *slots;
	size_t	 mask;
	size_t	 n;
	size_t	 ntopics;
};

/* A candidate: feature slot and its weight for one topic. */
struct cand {
	size_t	 slot;
	double	 weight;
	const char *text;	/* the slot's, for a stable order */
};

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++) {
		h = (h ^ (unsigned char)*s) * 16777619u;
	}
	return h;
}

static struct feat *
feats_slot(struct feats *f, const char *s, uint32_t h)
{
	size_t i;

	for (i = h & f->mask;; i = (i + 1) & f->mask) {
		if (f->slots[i].text == NULL || (f->slots[i].hash == h &&
		    strcmp(f->slots[i].text, s) == 0)) {
			return &f->slots[i];
		}
	}
}

static void
feats_grow(struct feats *f)
{
	struct feat *old = f->slots, *slot;
	size_t i, oldsize = old == NULL ? 0 : f->mask + 1;
	size_t size = oldsize == 0 ? 1024 : oldsize * 2;

	f->slots = xcalloc(size, sizeof(*f->slots));
	f->mask = size - 1;
	for (i = 0; i < oldsize; i++) {
		if (old[i].text != NULL) {
			slot = feats_slot(f, old[i].text, old[i].hash);
			*slot = old[i];
		}
	}
	free(old);
}

/* Count feature s once for example ex of topic. */
static void
feats_count(struct feats *f, const char *s, size_t topic, uint32_t ex)
{
	struct feat *slot;
	uint32_t h = hash_str(s);

	if (f->slots == NULL || (f->n + 1) * 2 > f->mask + 1) {
		feats_grow(f);
	}
	slot = feats_slot(f, s, h);
	if (slot->text == NULL) {
		slot->text = xstrdup(s);
		slot->hash = h;
		slot->count = xcalloc(f->ntopics, sizeof(*slot->count));
		f->n++;
	}
	if (slot->seen != ex + 1) {
		slot->seen = ex + 1;
		slot->count[topic]++;
	}
}

static void
feats_free(struct feats *f)
{
	size_t i;

	for (i = 0; f->slots != NULL && i <= f->mask; i++) {
		free(f->slots[i].text);
		free(f->slots[i].count);
	}
	free(f->slots);
}

void
learn_default_opts(struct learn_opts *o)
{
	o->alpha = 0.5;
	/* Seen once is chance: a name, a place, a typo. */
	o->min_count = 2;
	/*
	 * The strongest 40 of each topic: more let in words of a few
	 * messages that say little of the topic (cross-validated, 80 and
	 * 150 did worse than 20 and 40).
	 */
	o->max_per_topic = 40;
	/* At least e (2.7) times more frequent in the topic. */
	o->min_weight = 1.0;
}

/* The words of one example, then its word pairs, counted once each. */
static void
count_example(struct feats *f, const char *words, size_t topic, uint32_t ex)
{
	char *copy = xstrdup(words), *w, *save = NULL, *prev = NULL;
	struct buf pair;

	buf_init(&pair);
	for (w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		feats_count(f, w, topic, ex);
		if (prev != NULL) {
			buf_reset(&pair);
			buf_addf(&pair, "%s %s", prev, w);
			feats_count(f, pair.data, topic, ex);
		}
		prev = w;
	}
	buf_release(&pair);
	free(copy);
}

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->weight != y->weight) {
		return x->weight > y->weight ? -1 : 1;
	}
	/* Not the slot, which depends on the order of the examples. */
	return strcmp(x->text, y->text);
}

void
learn_fit(const struct classifier *c, const struct learn_example *ex,
    size_t n, size_t ntopics, const struct learn_opts *o,
    struct learn_model *m)
{
	struct classify_result r;
	struct feats f;
	struct buf words;
	struct cand *cands;
	size_t *docs, i, t, k, nc, others;
	double pt, po;
	int in, out;

	memset(m, 0, sizeof(*m));
	memset(&f, 0, sizeof(f));
	f.ntopics = ntopics;
	m->ntopics = ntopics;
	m->nexamples = n;
	m->features = xcalloc(ntopics, sizeof(*m->features));
	m->nfeatures = xcalloc(ntopics, sizeof(*m->nfeatures));
	docs = xcalloc(ntopics, sizeof(*docs));
	classify_result_init(&r);
	buf_init(&words);
	for (i = 0; i < n; i++) {
		buf_reset(&words);
		classify_words(c, ex[i].text, strlen(ex[i].text), &r, &words);
		count_example(&f, words.data, ex[i].topic, (uint32_t)i);
		docs[ex[i].topic]++;
	}
	cands = xcalloc(f.n + 1, sizeof(*cands));
	for (t = 0; t < ntopics; t++) {
		others = n - docs[t];
		nc = 0;
		for (i = 0; f.slots != NULL && i <= f.mask; i++) {
			if (f.slots[i].text == NULL ||
			    (in = f.slots[i].count[t]) < o->min_count) {
				continue;
			}
			out = 0;
			for (k = 0; k < ntopics; k++) {
				out += k != t ? f.slots[i].count[k] : 0;
			}
			/* P(feature | topic) against P(feature | others). */
			pt = (in + o->alpha) / ((double)docs[t] + 2 * o->alpha);
			po = (out + o->alpha) / ((double)others + 2 * o->alpha);
			cands[nc].slot = i;
			cands[nc].text = f.slots[i].text;
			cands[nc].weight = log(pt / po);
			if (cands[nc].weight >= o->min_weight) {
				nc++;
			}
		}
		qsort(cands, nc, sizeof(*cands), cmp_cand);
		if (nc > (size_t)o->max_per_topic) {
			nc = (size_t)o->max_per_topic;
		}
		m->features[t] = xcalloc(nc + 1, sizeof(**m->features));
		for (k = 0; k < nc; k++) {
			m->features[t][k].text =
			    xstrdup(f.slots[cands[k].slot].text);
			/* Two decimals: what the file keeps. */
			m->features[t][k].weight =
			    round(cands[k].weight * LEARN_SCALE * 100) / 100;
		}
		m->nfeatures[t] = nc;
	}
	free(cands);
	free(docs);
	buf_release(&words);
	classify_result_release(&r);
	feats_free(&f);
}

void
learn_model_release(struct learn_model *m)
{
	size_t t, k;

	for (t = 0; t < m->ntopics; t++) {
		for (k = 0; m->features != NULL && k < m->nfeatures[t]; k++) {
			free(m->features[t][k].text);
		}
		if (m->features != NULL) {
			free(m->features[t]);
		}
	}
	free(m->features);
	free(m->nfeatures);
	memset(m, 0, sizeof(*m));
}

void
learn_write(const struct learn_model *m, const struct topic_conf *topics,
    size_t ntopics, const char *provenance, struct buf *out)
{
	const char *p = provenance, *nl;
	size_t t, k;
	bool first = true;

	buf_adds(out, "# Learned keyword weights for gopy (gopy learn).\n");
	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			nl = p + strlen(p);
		}
		buf_addf(out, "# %.*s\n", (int)(nl - p), p);
		p = *nl == '\n' ? nl + 1 : nl;
	}
	buf_addf(out, "#\n"
	    "# Learned from %zu labelled messages. A feature is a word or\n"
	    "# two neighbouring words, without diacritics (so it matches\n"
	    "# however they are typed). Its weight is a tenth of the natural\n"
	    "# log of how much more often messages of the topic have it than\n"
	    "# the others do: 0.23 is ten times as often, 0.46 a hundred\n"
	    "# times. It adds to the topic's score like a hand-written\n"
	    "# keyword of that weight, so a hand keyword (1 and more)\n"
	    "# outweighs a few learned ones. Edit or delete any line; gopy\n"
	    "# learn writes the whole file anew.\n\n"
	    "learned = (\n", m->nexamples);
	for (t = 0; t < ntopics && t < m->ntopics; t++) {
		if (m->nfeatures[t] == 0) {
			continue;
		}
		buf_addf(out, "%s\t{\n\t\t# %s: %zu features\n"
		    "\t\ttopic = \"%s\";\n\t\tfeatures = (\n",
		    first ? "" : ",\n", topics[t].name, m->nfeatures[t],
		    topics[t].id);
		first = false;
		for (k = 0; k < m->nfeatures[t]; k++) {
			buf_addf(out, "\t\t\t(\"%s\", %.2f)%s\n",
			    m->features[t][k].text, m->features[t][k].weight,
			    k + 1 < m->nfeatures[t] ? "," : "");
		}
		buf_adds(out, "\t\t);\n\t}");
	}
	buf_adds(out, "\n);\n");
}
