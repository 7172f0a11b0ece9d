/*
 * Keyword classification. Every keyword and every message is folded and cut
 * into words; words become small integers through one hash table, phrases
 * are indexed by their first word, and a message is matched word by word.
 * Not here (yet): Aho-Corasick, matching that respects diacritics, negation.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "classify.h"
#include "text.h"
#include "xmalloc.h"

/* The id of a message word that occurs in no keyword. */
#define WORD_NONE	UINT32_MAX

/* A growable array of word ids. */
struct idvec {
	uint32_t *v;
	size_t	 n;
	size_t	 cap;
};

/* Open addressing, linear probing: folded word -> value. */
struct strtab_slot {
	char	*s;		/* owned; NULL for an empty slot */
	size_t	 len;
	uint32_t hash;
	uint32_t val;
};

struct strtab {
	struct strtab_slot *slots;
	size_t	 mask;		/* slots - 1; slots is a power of two */
	size_t	 n;		/* used slots, at most half of them */
};

struct phrase {
	size_t	 tok;		/* first word id in c->toks */
	size_t	 ntoks;		/* >= 1 */
	size_t	 topic;
	int	 weight;
	char	*text;		/* the keyword as configured; owned */
};

struct classifier {
	size_t	 ntopics;
	size_t	 fallback;
	struct strtab words;	/* word -> word id (0, 1, ...) */
	struct strtab shorts;	/* folded short form -> index into abbrevs */
	struct {
		size_t	 tok;	/* first word id of the expansion in c->toks */
		size_t	 ntoks;	/* >= 1 */
	}	*abbrevs;
	size_t	 nabbrevs;
	struct phrase *phrases;	/* in configuration order */
	size_t	 nphrases;
	struct idvec toks;	/* word ids of every phrase and expansion */
	/*
	 * Phrases by first word: those starting with word id w are
	 * byfirst[first[w]] .. byfirst[first[w + 1] - 1], in configuration
	 * order.
	 */
	size_t	*first;		/* nwords + 1 offsets */
	size_t	*byfirst;	/* nphrases phrase indexes */
};

static void
idvec_push(struct idvec *iv, uint32_t id)
{
	if (iv->n == iv->cap) {
		iv->cap = iv->cap == 0 ? 32 : iv->cap * 2;
		iv->v = xreallocarray(iv->v, iv->cap, sizeof(iv->v[0]));
	}
	iv->v[iv->n++] = id;
}

/* FNV-1a, 32 bits. */
static uint32_t
hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* The slot holding s, or the empty slot where it would go. */
static struct strtab_slot *
strtab_slot(const struct strtab *t, const char *s, size_t len, uint32_t h)
{
	struct strtab_slot *e;
	size_t i;

	for (i = h & t->mask;; i = (i + 1) & t->mask) {
		e = &t->slots[i];
		if (e->s == NULL || (e->hash == h && e->len == len &&
		    memcmp(e->s, s, len) == 0)) {
			return e;
		}
	}
}

static void
strtab_init(struct strtab *t)
{
	t->mask = 63;
	t->n = 0;
	t->slots = xcalloc(t->mask + 1, sizeof(t->slots[0]));
}

static void
strtab_release(struct strtab *t)
{
	size_t i;

	for (i = 0; i <= t->mask; i++) {
		free(t->slots[i].s);
	}
	FREE(t->slots);
}

/* Whether s is in t; if so, its value is stored in *val. */
static bool
strtab_find(const struct strtab *t, const char *s, size_t len, uint32_t *val)
{
	const struct strtab_slot *e;

	e = strtab_slot(t, s, len, hash_bytes(s, len));
	if (e->s == NULL) {
		return false;
	}
	*val = e->val;
	return true;
}

/*
 * The value of s in t; when s is not there yet it is added with the value
 * t->n (so values count 0, 1, 2, ... in order of first insertion) when
 * val is NULL, or with *val.
 */
static uint32_t
strtab_add(struct strtab *t, const char *s, size_t len, const uint32_t *val)
{
	struct strtab_slot *e, *old;
	size_t i, oldsize;
	uint32_t h = hash_bytes(s, len);

	e = strtab_slot(t, s, len, h);
	if (e->s != NULL) {
		return e->val;
	}
	e->s = xstrndup(s, len);
	e->len = len;
	e->hash = h;
	e->val = val != NULL ? *val : (uint32_t)t->n;
	t->n++;
	if (t->n * 2 > t->mask + 1) {
		old = t->slots;
		oldsize = t->mask + 1;
		t->mask = oldsize * 2 - 1;
		t->slots = xcalloc(oldsize * 2, sizeof(t->slots[0]));
		for (i = 0; i < oldsize; i++) {
			if (old[i].s != NULL) {
				*strtab_slot(t, old[i].s, old[i].len,
				    old[i].hash) = old[i];
			}
		}
		free(old);
		e = strtab_slot(t, s, len, h);
	}
	return e->val;
}

/*
 * Take the next word of the folded text between *p and end (words are
 * separated by single spaces, none at either end) and advance *p past it.
 * Returns false when there is none.
 */
static bool
next_word(const char **p, const char *end, const char **w, size_t *wlen)
{
	const char *sp;

	if (*p >= end) {
		return false;
	}
	sp = memchr(*p, ' ', (size_t)(end - *p));
	*w = *p;
	*wlen = (size_t)((sp != NULL ? sp : end) - *p);
	*p = sp != NULL ? sp + 1 : end;
	return true;
}

/* If w is a short form, append the word ids of its expansion to iv. */
static bool
push_expansion(const struct classifier *c, const char *w, size_t wlen,
    struct idvec *iv)
{
	uint32_t a;
	size_t i;

	if (!strtab_find(&c->shorts, w, wlen, &a)) {
		return false;
	}
	for (i = 0; i < c->abbrevs[a].ntoks; i++) {
		idvec_push(iv, c->toks.v[c->abbrevs[a].tok + i]);
	}
	return true;
}

/*
 * Abbreviations first, so that keywords are read through them exactly as
 * messages are: with "cax" for "công an xã", the keyword "cax chậm" matches
 * the message "công an xã chậm". A short form that does not fold to exactly one
 * word, or an expansion that folds to nothing, is ignored; a short form
 * listed twice keeps its first expansion.
 */
static void
build_abbrevs(struct classifier *c, const struct abbrev_conf *abbrevs,
    size_t nabbrevs, struct buf *fold)
{
	const char *w, *p;
	size_t i, j, wlen, tok;
	uint32_t idx;

	c->abbrevs = xcalloc(nabbrevs, sizeof(c->abbrevs[0]));
	for (i = 0; i < nabbrevs; i++) {
		buf_reset(fold);
		text_fold(abbrevs[i].word, strlen(abbrevs[i].word), fold);
		tok = c->toks.n;
		p = fold->data;
		while (next_word(&p, fold->data + fold->len, &w, &wlen)) {
			idvec_push(&c->toks, strtab_add(&c->words, w, wlen,
			    NULL));
		}
		if (c->toks.n == tok) {
			continue;
		}
		idx = (uint32_t)c->nabbrevs++;
		c->abbrevs[idx].tok = tok;
		c->abbrevs[idx].ntoks = c->toks.n - tok;
		for (j = 0; j < abbrevs[i].nshorts; j++) {
			buf_reset(fold);
			text_fold(abbrevs[i].shorts[j],
			    strlen(abbrevs[i].shorts[j]), fold);
			if (fold->len > 0 &&
			    memchr(fold->data, ' ', fold->len) == NULL) {
				strtab_add(&c->shorts, fold->data, fold->len,
				    &idx);
			}
		}
	}
}

/* Keywords that fold to nothing cannot match and are left out. */
static void
build_phrases(struct classifier *c, const struct topic_conf *topics,
    size_t ntopics, struct buf *fold)
{
	const struct keyword_conf *kw;
	struct phrase *ph;
	const char *w, *p;
	size_t t, k, wlen, total = 0;

	for (t = 0; t < ntopics; t++) {
		total += topics[t].nkeywords;
	}
	c->phrases = xcalloc(total, sizeof(c->phrases[0]));
	for (t = 0; t < ntopics; t++) {
		for (k = 0; k < topics[t].nkeywords; k++) {
			kw = &topics[t].keywords[k];
			ph = &c->phrases[c->nphrases];
			buf_reset(fold);
			text_fold(kw->text, strlen(kw->text), fold);
			ph->tok = c->toks.n;
			p = fold->data;
			while (next_word(&p, fold->data + fold->len, &w,
			    &wlen)) {
				if (!push_expansion(c, w, wlen, &c->toks)) {
					idvec_push(&c->toks, strtab_add(
					    &c->words, w, wlen, NULL));
				}
			}
			if (c->toks.n == ph->tok) {
				continue;
			}
			ph->ntoks = c->toks.n - ph->tok;
			ph->topic = t;
			ph->weight = kw->weight;
			ph->text = xstrdup(kw->text);
			c->nphrases++;
		}
	}
}

/* Counting sort of the phrases by first word id, stable. */
static void
build_index(struct classifier *c)
{
	size_t nwords = c->words.n, i, w;
	size_t *next;

	c->first = xcalloc(nwords + 1, sizeof(c->first[0]));
	c->byfirst = xcalloc(c->nphrases, sizeof(c->byfirst[0]));
	for (i = 0; i < c->nphrases; i++) {
		c->first[c->toks.v[c->phrases[i].tok] + 1]++;
	}
	for (w = 0; w < nwords; w++) {
		c->first[w + 1] += c->first[w];
	}
	next = xcalloc(nwords + 1, sizeof(next[0]));
	memcpy(next, c->first, (nwords + 1) * sizeof(next[0]));
	for (i = 0; i < c->nphrases; i++) {
		c->byfirst[next[c->toks.v[c->phrases[i].tok]]++] = i;
	}
	free(next);
}

struct classifier *
classify_new(const struct topic_conf *topics, size_t ntopics,
    size_t fallback, const struct abbrev_conf *abbrevs, size_t nabbrevs)
{
	struct classifier *c;
	struct buf fold;

	c = xcalloc(1, sizeof(*c));
	c->ntopics = ntopics;
	c->fallback = fallback;
	strtab_init(&c->words);
	strtab_init(&c->shorts);
	buf_init(&fold);
	build_abbrevs(c, abbrevs, nabbrevs, &fold);
	build_phrases(c, topics, ntopics, &fold);
	build_index(c);
	buf_release(&fold);
	return c;
}

void
classify_free(struct classifier *c)
{
	size_t i;

	if (c == NULL) {
		return;
	}
	for (i = 0; i < c->nphrases; i++) {
		free(c->phrases[i].text);
	}
	free(c->phrases);
	free(c->abbrevs);
	free(c->toks.v);
	free(c->first);
	free(c->byfirst);
	strtab_release(&c->words);
	strtab_release(&c->shorts);
	free(c);
}

void
classify_text(const struct classifier *c, const char *text, size_t len,
    struct classify_result *r)
{
	struct buf fold;
	struct idvec ids = { NULL, 0, 0 }, order = { NULL, 0, 0 };
	const struct phrase *p;
	const char *w, *s;
	unsigned char *seen;
	int *scores;
	size_t i, j, t, wlen;
	uint32_t id;

	buf_init(&fold);
	text_fold(text, len, &fold);
	s = fold.data;
	while (next_word(&s, fold.data + fold.len, &w, &wlen)) {
		if (push_expansion(c, w, wlen, &ids)) {
			continue;
		}
		idvec_push(&ids, strtab_find(&c->words, w, wlen, &id) ? id :
		    WORD_NONE);
	}
	buf_release(&fold);

	seen = xcalloc(c->nphrases, 1);
	scores = xcalloc(c->ntopics, sizeof(scores[0]));
	for (i = 0; i < ids.n; i++) {
		if (ids.v[i] == WORD_NONE) {
			continue;
		}
		for (j = c->first[ids.v[i]]; j < c->first[ids.v[i] + 1]; j++) {
			p = &c->phrases[c->byfirst[j]];
			if (seen[c->byfirst[j]] || p->ntoks > ids.n - i ||
			    memcmp(&ids.v[i], &c->toks.v[p->tok],
			    p->ntoks * sizeof(ids.v[0])) != 0) {
				continue;
			}
			seen[c->byfirst[j]] = 1;
			idvec_push(&order, (uint32_t)c->byfirst[j]);
			scores[p->topic] += p->weight;
		}
	}

	r->topic = c->fallback;
	r->score = 0;
	for (t = 0; t < c->ntopics; t++) {
		if (scores[t] > r->score) {
			r->topic = t;
			r->score = scores[t];
		}
	}
	buf_reset(&r->matched);
	for (i = 0; i < order.n; i++) {
		p = &c->phrases[order.v[i]];
		if (r->score > 0 && p->topic == r->topic) {
			if (r->matched.len > 0) {
				buf_adds(&r->matched, ", ");
			}
			buf_adds(&r->matched, p->text);
		}
	}
	free(seen);
	free(scores);
	free(ids.v);
	free(order.v);
}
