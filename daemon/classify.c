/*
 * Keyword classification. Keywords, their parts and the negations become
 * paths of word ids in a trie; a message is cut into words (text.h),
 * abbreviations expanded, and the trie walked from every word. What the
 * words' diacritics allow, and negations, decide which matches count.
 * Learned features are keywords like the others, marked as learned.
 */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "text.h"
#include "xmalloc.h"

#define WORD_NONE	UINT32_MAX	/* a word no keyword contains */
#define EDGE_EMPTY	UINT64_MAX
#define PARTS_MAX	8		/* "a & b & ..." */

/*
 * Open addressing, linear probing: bare word -> its id in the trie and, for
 * an abbreviation's short form, its expansion. One probe per message word.
 */
struct word_slot {
	char	*s;			/* owned; NULL when empty */
	uint32_t hash;
	uint32_t id;			/* WORD_NONE: in no keyword */
	uint32_t exp;			/* index into exps; WORD_NONE */
};

struct words {
	struct word_slot *slots;
	size_t	 mask;			/* size - 1, a power of two */
	size_t	 n;			/* slots used */
	uint32_t nids;			/* ids given */
};

/* Trie edges: (node, word) -> child node, in one hash table. */
struct edge_slot {
	uint64_t key;			/* node << 32 | word; EDGE_EMPTY */
	uint32_t child;
};

struct edges {
	struct edge_slot *slots;
	size_t	 mask;
	size_t	 n;
};

enum entry_kind {
	ENTRY_PART,			/* a phrase of a keyword */
	ENTRY_NEGATION,
};

/* A phrase that ends at a trie node. */
struct entry {
	uint32_t node;
	uint8_t	 kind;			/* enum entry_kind */
	uint8_t	 part;			/* which part of its keyword */
	uint16_t ntok;			/* words in the phrase */
	uint32_t keyword;		/* ENTRY_PART: index into kws */
	uint32_t refs;			/* ntok mark refs from here in refs */
};

/* The diacritics a keyword word was written with (text.h). */
struct mark_ref {
	uint32_t off;			/* letters with vowel marks, into marks */
	uint32_t len;
	int32_t	 tone;			/* 0: none */
	bool	 marked;		/* any diacritic; false matches any word */
	bool	 vowel_marks;
};

struct keyword {
	size_t	 topic;
	double	 weight;
	bool	 learned;
	uint32_t nparts;
	char	*text;			/* as configured; owned */
};

/* An abbreviation: its expansion as word ids. */
struct expansion {
	uint32_t first;			/* into exp_ids */
	uint32_t n;
};

struct classifier {
	double	 min_score;
	double	 unsure_below;
	double	 unsure_margin;
	size_t	 ntopics;
	size_t	 fallback;
	char	**topic_ids;		/* owned */
	struct words words;
	struct expansion *exps;
	size_t	 nexps;
	uint32_t *exp_ids;
	char	**exp_words;		/* the same words as text; owned */
	size_t	 nexp_ids;
	struct edges edges;
	uint32_t nnodes;
	uint32_t *root_child;		/* by word id: edges_get(root, id) */
	size_t	 depth;			/* words in the longest phrase */
	struct entry *entries;		/* sorted by node */
	size_t	 nentries;
	uint32_t *node_first;		/* nnodes + 1 offsets into entries */
	struct mark_ref *refs;
	size_t	 nrefs;
	int32_t	*marks;
	size_t	 nmarks;
	struct keyword *kws;
	size_t	 nkws;
};

/* FNV-1a, 32 bits. */
static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++) {
		h = (h ^ (unsigned char)*s) * 16777619u;
	}
	return h;
}

static uint32_t
hash_u64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (uint32_t)k;
}

static struct word_slot *
words_find(const struct words *w, const char *s, uint32_t h)
{
	size_t i;

	for (i = h & w->mask;; i = (i + 1) & w->mask) {
		if (w->slots[i].s == NULL) {
			return &w->slots[i];
		}
		if (w->slots[i].hash == h && strcmp(w->slots[i].s, s) == 0) {
			return &w->slots[i];
		}
	}
}

static void
words_grow(struct words *w)
{
	struct word_slot *old = w->slots, *slot;
	size_t i, oldsize = old == NULL ? 0 : w->mask + 1;
	size_t size = oldsize == 0 ? 64 : oldsize * 2;

	w->slots = xcalloc(size, sizeof(*w->slots));
	w->mask = size - 1;
	for (i = 0; i < oldsize; i++) {
		if (old[i].s != NULL) {
			slot = words_find(w, old[i].s, old[i].hash);
			*slot = old[i];
		}
	}
	free(old);
}

/* The slot of s, added (with neither id nor expansion) when new. */
static struct word_slot *
words_slot(struct words *w, const char *s)
{
	struct word_slot *slot;
	uint32_t h = hash_str(s);

	if (w->slots == NULL || (w->n + 1) * 2 > w->mask + 1) {
		words_grow(w);
	}
	slot = words_find(w, s, h);
	if (slot->s == NULL) {
		slot->s = xstrdup(s);
		slot->hash = h;
		slot->id = WORD_NONE;
		slot->exp = WORD_NONE;
		w->n++;
	}
	return slot;
}

/* The slot of s, or NULL when no keyword or abbreviation has it. */
static const struct word_slot *
words_lookup(const struct words *w, const char *s)
{
	const struct word_slot *slot;

	if (w->slots == NULL) {
		return NULL;
	}
	slot = words_find(w, s, hash_str(s));
	return slot->s == NULL ? NULL : slot;
}

/* The id of s, given when new. */
static uint32_t
word_id(struct words *w, const char *s)
{
	struct word_slot *slot = words_slot(w, s);

	if (slot->id == WORD_NONE) {
		slot->id = w->nids++;
	}
	return slot->id;
}

static void
words_free(struct words *w)
{
	size_t i;

	for (i = 0; w->slots != NULL && i <= w->mask; i++) {
		free(w->slots[i].s);
	}
	free(w->slots);
}

static void	edges_put(struct edges *e, uint64_t key, uint32_t child);

static void
edges_grow(struct edges *e)
{
	struct edge_slot *old = e->slots;
	size_t i, oldsize = old == NULL ? 0 : e->mask + 1;
	size_t size = oldsize == 0 ? 256 : oldsize * 2;

	e->slots = xreallocarray(NULL, size, sizeof(*e->slots));
	for (i = 0; i < size; i++) {
		e->slots[i].key = EDGE_EMPTY;
	}
	e->mask = size - 1;
	e->n = 0;
	for (i = 0; i < oldsize; i++) {
		if (old[i].key != EDGE_EMPTY) {
			edges_put(e, old[i].key, old[i].child);
		}
	}
	free(old);
}

static void
edges_put(struct edges *e, uint64_t key, uint32_t child)
{
	size_t i;

	if (e->slots == NULL || (e->n + 1) * 2 > e->mask + 1) {
		edges_grow(e);
	}
	for (i = hash_u64(key) & e->mask; e->slots[i].key != EDGE_EMPTY &&
	    e->slots[i].key != key; i = (i + 1) & e->mask) {
		continue;
	}
	if (e->slots[i].key == EDGE_EMPTY) {
		e->n++;
	}
	e->slots[i].key = key;
	e->slots[i].child = child;
}

/* The child of node along word, or 0 (the root is no one's child). */
static uint32_t
edges_get(const struct edges *e, uint32_t node, uint32_t word)
{
	uint64_t key = (uint64_t)node << 32 | word;
	size_t i;

	if (e->slots == NULL) {
		return 0;
	}
	for (i = hash_u64(key) & e->mask; e->slots[i].key != EDGE_EMPTY;
	    i = (i + 1) & e->mask) {
		if (e->slots[i].key == key) {
			return e->slots[i].child;
		}
	}
	return 0;
}

/*
 * The words of text as the classifier matches them: abbreviations
 * expanded (their words carry no marks), ids from c->words, and for each
 * the token it came from (SIZE_MAX for an expansion) for its marks.
 */
struct seq {
	uint32_t *ids;
	size_t	*tok;
	size_t	 n;
	size_t	 cap;
};

static void
seq_push(struct seq *q, uint32_t id, size_t tok)
{
	if (q->n == q->cap) {
		q->cap = q->cap == 0 ? 64 : q->cap * 2;
		q->ids = xreallocarray(q->ids, q->cap, sizeof(*q->ids));
		q->tok = xreallocarray(q->tok, q->cap, sizeof(*q->tok));
	}
	q->ids[q->n] = id;
	q->tok[q->n] = tok;
	q->n++;
}

/*
 * Map the words of t to ids: through add, which gets the new ones, while
 * building; through c's own words alone (add NULL) when classifying.
 */
static void
seq_make(const struct classifier *c, struct words *add,
    const struct text_tokens *t, struct seq *q)
{
	const struct word_slot *slot;
	const char *bare;
	uint32_t e, k;
	size_t i;

	q->n = 0;
	for (i = 0; i < t->n; i++) {
		bare = text_token_bare(t, i);
		slot = words_lookup(&c->words, bare);
		e = slot == NULL ? WORD_NONE : slot->exp;
		if (e != WORD_NONE) {
			for (k = 0; k < c->exps[e].n; k++) {
				seq_push(q, c->exp_ids[c->exps[e].first + k],
				    SIZE_MAX);
			}
			continue;
		}
		seq_push(q, add != NULL ? word_id(add, bare) :
		    slot == NULL ? WORD_NONE : slot->id, i);
	}
}

static uint32_t
new_node(struct classifier *c)
{
	return ++c->nnodes;	/* 0 is the root */
}

/* Add the phrase text as an entry of kind for part of keyword kw. */
static void
add_phrase(struct classifier *c, const char *text, enum entry_kind kind,
    uint32_t kw, uint8_t part, struct text_tokens *t, struct seq *q)
{
	const struct text_token *tok;
	struct entry *e;
	uint32_t node = 0, child;
	size_t i;

	text_tokenize(text, strlen(text), t);
	seq_make(c, &c->words, t, q);
	if (q->n == 0) {
		return;		/* conf rejects keywords without words */
	}
	for (i = 0; i < q->n; i++) {
		child = edges_get(&c->edges, node, q->ids[i]);
		if (child == 0) {
			child = new_node(c);
			edges_put(&c->edges, (uint64_t)node << 32 | q->ids[i],
			    child);
		}
		node = child;
	}
	if (q->n > c->depth) {
		c->depth = q->n;
	}
	c->entries = xreallocarray(c->entries, c->nentries + 1,
	    sizeof(*c->entries));
	e = &c->entries[c->nentries++];
	e->node = node;
	e->kind = (uint8_t)kind;
	e->part = part;
	e->ntok = (uint16_t)(q->n > UINT16_MAX ? UINT16_MAX : q->n);
	e->keyword = kw;
	e->refs = (uint32_t)c->nrefs;
	c->refs = xreallocarray(c->refs, c->nrefs + q->n, sizeof(*c->refs));
	for (i = 0; i < q->n; i++) {
		struct mark_ref *r = &c->refs[c->nrefs++];

		memset(r, 0, sizeof(*r));
		r->off = (uint32_t)c->nmarks;
		if (q->tok[i] == SIZE_MAX || !t->tok[q->tok[i]].marked) {
			continue;
		}
		tok = &t->tok[q->tok[i]];
		r->marked = true;
		r->vowel_marks = tok->vowel_marks;
		r->tone = tok->tone;
		c->marks = xreallocarray(c->marks, c->nmarks + tok->nmarks,
		    sizeof(*c->marks));
		memcpy(c->marks + c->nmarks, t->marks + tok->marks,
		    tok->nmarks * sizeof(*c->marks));
		c->nmarks += tok->nmarks;
		r->len = (uint32_t)tok->nmarks;
	}
}

/* A keyword: its phrases, separated by '&', each an entry. */
static void
add_keyword(struct classifier *c, size_t topic, const struct keyword_conf *k,
    bool learned, struct text_tokens *t, struct seq *q)
{
	struct keyword *kw;
	char *copy, *part, *save = NULL;
	uint32_t n = 0;

	c->kws = xreallocarray(c->kws, c->nkws + 1, sizeof(*c->kws));
	kw = &c->kws[c->nkws];
	kw->topic = topic;
	kw->weight = k->weight;
	kw->learned = learned;
	kw->text = xstrdup(k->text);
	copy = xstrdup(k->text);
	for (part = strtok_r(copy, "&", &save); part != NULL && n < PARTS_MAX;
	    part = strtok_r(NULL, "&", &save)) {
		add_phrase(c, part, ENTRY_PART, (uint32_t)c->nkws, (uint8_t)n,
		    t, q);
		n++;
	}
	free(copy);
	kw->nparts = n;
	c->nkws++;
}

/* Sort the entries by node (stable: configuration order within a node). */
static void
index_entries(struct classifier *c)
{
	struct entry *sorted;
	uint32_t *fill;
	size_t i;

	c->node_first = xcalloc(c->nnodes + 2, sizeof(*c->node_first));
	for (i = 0; i < c->nentries; i++) {
		c->node_first[c->entries[i].node + 1]++;
	}
	for (i = 1; i <= c->nnodes + 1; i++) {
		c->node_first[i] += c->node_first[i - 1];
	}
	fill = xcalloc(c->nnodes + 1, sizeof(*fill));
	sorted = xreallocarray(NULL, c->nentries + 1, sizeof(*sorted));
	for (i = 0; i < c->nentries; i++) {
		sorted[c->node_first[c->entries[i].node] +
		    fill[c->entries[i].node]++] = c->entries[i];
	}
	free(fill);
	free(c->entries);
	c->entries = sorted;
	/* The first step of every walk, without hashing. */
	c->root_child = xcalloc(c->words.nids + 1, sizeof(*c->root_child));
	for (i = 0; i < c->words.nids; i++) {
		c->root_child[i] = edges_get(&c->edges, 0, (uint32_t)i);
	}
}

struct classifier *
classify_new(const struct classify_conf *cc, const struct topic_conf *topics,
    size_t ntopics, size_t fallback, const struct abbrev_conf *abbrevs,
    size_t nabbrevs)
{
	struct classifier *c = xcalloc(1, sizeof(*c));
	struct text_tokens t;
	struct seq q;
	size_t i, k;

	assert(ntopics >= 1 && ntopics <= CONF_TOPICS_MAX && fallback < ntopics);
	memset(&q, 0, sizeof(q));
	text_tokens_init(&t);
	c->min_score = cc->min_score;
	c->unsure_below = cc->unsure_below;
	c->unsure_margin = cc->unsure_margin;
	c->ntopics = ntopics;
	c->fallback = fallback;
	c->topic_ids = xcalloc(ntopics, sizeof(*c->topic_ids));
	for (i = 0; i < ntopics; i++) {
		c->topic_ids[i] = xstrdup(topics[i].id);
	}
	/* Abbreviations first: keywords are expanded like messages. */
	c->exps = xcalloc(nabbrevs + 1, sizeof(*c->exps));
	for (i = 0; i < nabbrevs; i++) {
		text_tokenize(abbrevs[i].word, strlen(abbrevs[i].word), &t);
		c->exps[i].first = (uint32_t)c->nexp_ids;
		c->exps[i].n = (uint32_t)t.n;
		c->exp_ids = xreallocarray(c->exp_ids, c->nexp_ids + t.n + 1,
		    sizeof(*c->exp_ids));
		c->exp_words = xreallocarray(c->exp_words, c->nexp_ids + t.n +
		    1, sizeof(*c->exp_words));
		for (k = 0; k < t.n; k++) {
			c->exp_words[c->nexp_ids] =
			    xstrdup(text_token_bare(&t, k));
			c->exp_ids[c->nexp_ids++] = word_id(&c->words,
			    text_token_bare(&t, k));
		}
		for (k = 0; k < abbrevs[i].nshorts; k++) {
			text_tokenize(abbrevs[i].shorts[k],
			    strlen(abbrevs[i].shorts[k]), &t);
			if (t.n == 1) {
				words_slot(&c->words, text_token_bare(&t, 0))->
				    exp = (uint32_t)i;
			}
		}
	}
	c->nexps = nabbrevs;
	for (i = 0; i < ntopics; i++) {
		for (k = 0; k < topics[i].nkeywords; k++) {
			add_keyword(c, i, &topics[i].keywords[k], false, &t,
			    &q);
		}
		for (k = 0; k < topics[i].nlearned; k++) {
			add_keyword(c, i, &topics[i].learned[k], true, &t, &q);
		}
	}
	for (i = 0; i < cc->nnegations; i++) {
		add_phrase(c, cc->negations[i], ENTRY_NEGATION, 0, 0, &t, &q);
	}
	index_entries(c);
	text_tokens_release(&t);
	free(q.ids);
	free(q.tok);
	return c;
}

void
classify_free(struct classifier *c)
{
	size_t i;

	if (c == NULL) {
		return;
	}
	for (i = 0; i < c->ntopics; i++) {
		free(c->topic_ids[i]);
	}
	for (i = 0; i < c->nkws; i++) {
		free(c->kws[i].text);
	}
	free(c->topic_ids);
	words_free(&c->words);
	for (i = 0; i < c->nexp_ids; i++) {
		free(c->exp_words[i]);
	}
	free(c->exps);
	free(c->exp_ids);
	free(c->exp_words);
	free(c->edges.slots);
	free(c->entries);
	free(c->node_first);
	free(c->root_child);
	free(c->refs);
	free(c->marks);
	free(c->kws);
	free(c);
}

size_t
classify_nkeywords(const struct classifier *c)
{
	return c->nkws;
}

void
classify_result_init(struct classify_result *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->matched);
	buf_init(&r->scores);
	text_tokens_init(&r->tokens);
}

void
classify_result_release(struct classify_result *r)
{
	buf_release(&r->matched);
	buf_release(&r->scores);
	text_tokens_release(&r->tokens);
	free(r->seq_ids);
	free(r->seq_tok);
	free(r->hits);
	free(r->parts);
	free(r->stamp);
	free(r->topic_scores);
	memset(r, 0, sizeof(*r));
	buf_init(&r->matched);
	buf_init(&r->scores);
	text_tokens_init(&r->tokens);
}

/*
 * Whether the words of a phrase from position i, matched by bare form,
 * also agree in their diacritics. A word typed without any agrees; one
 * typed with some agrees when its tone, if typed, is the keyword's and its
 * vowel marks, if typed, are the keyword's: "trôm" (tone left out) matches
 * "trộm", "trốm" does not.
 */
static bool
marks_agree(const struct classifier *c, const struct entry *e,
    const struct classify_result *r, const size_t *tok, size_t i)
{
	const struct text_token *t;
	const struct mark_ref *m;
	size_t k;

	for (k = 0; k < e->ntok; k++) {
		m = &c->refs[e->refs + k];
		if (!m->marked || tok[i + k] == SIZE_MAX) {
			continue;
		}
		t = &r->tokens.tok[tok[i + k]];
		if (t->tone != 0 && t->tone != m->tone) {
			return false;
		}
		if (t->vowel_marks && (!m->vowel_marks || t->nmarks != m->len ||
		    memcmp(r->tokens.marks + t->marks, c->marks + m->off,
		    m->len * sizeof(*c->marks)) != 0)) {
			return false;
		}
	}
	return true;
}

/* A part of keyword kw matched: count the keyword when it is whole. */
static void
count_part(const struct classifier *c, struct classify_result *r,
    uint32_t kw, uint8_t part)
{
	const struct keyword *k = &c->kws[kw];
	uint32_t whole = (1u << k->nparts) - 1;

	if (r->stamp[kw] != r->generation) {
		r->stamp[kw] = r->generation;
		r->parts[kw] = 0;
	}
	if (r->parts[kw] == whole) {
		return;		/* counted already */
	}
	r->parts[kw] |= 1u << part;
	if (r->parts[kw] != whole) {
		return;
	}
	r->topic_scores[k->topic] += k->weight;
	r->hits[r->nhits++] = kw;
}

/* Make the scratch arrays of r fit c. */
static void
fit_scratch(const struct classifier *c, struct classify_result *r)
{
	if (r->kwcap < c->nkws) {
		r->hits = xreallocarray(r->hits, c->nkws, sizeof(*r->hits));
		r->parts = xreallocarray(r->parts, c->nkws, sizeof(*r->parts));
		r->stamp = xreallocarray(r->stamp, c->nkws, sizeof(*r->stamp));
		memset(r->stamp, 0, c->nkws * sizeof(*r->stamp));
		r->generation = 0;
		r->kwcap = c->nkws;
	}
	if (r->tcap < c->ntopics) {
		r->topic_scores = xreallocarray(r->topic_scores, c->ntopics,
		    sizeof(*r->topic_scores));
		r->tcap = c->ntopics;
	}
	if (++r->generation == 0) {
		memset(r->stamp, 0, r->kwcap * sizeof(*r->stamp));
		r->generation = 1;
	}
}

/* Rank the topics into r and write r->scores. */
static void
rank(const struct classifier *c, struct classify_result *r)
{
	size_t i, best = c->fallback, second = SIZE_MAX;
	double s;

	for (i = 0; i < c->ntopics; i++) {
		s = r->topic_scores[i];
		if (s > r->topic_scores[best] ||
		    (s == r->topic_scores[best] && i < best && s > 0)) {
			best = i;
		}
	}
	for (i = 0; i < c->ntopics; i++) {
		if (i != best && r->topic_scores[i] > 0 && (second == SIZE_MAX ||
		    r->topic_scores[i] > r->topic_scores[second])) {
			second = i;
		}
	}
	r->topic = r->topic_scores[best] >= c->min_score ? best : c->fallback;
	r->score = r->topic_scores[r->topic];
	r->runner_up = second;
	r->runner_score = second == SIZE_MAX ? 0 : r->topic_scores[second];
	r->unsure = r->topic_scores[best] < c->unsure_below ||
	    r->topic_scores[best] - r->runner_score < c->unsure_margin;
}

void
classify_explain(const struct classifier *c, struct classify_result *r)
{
	const struct keyword *k;
	bool done[CONF_TOPICS_MAX];
	size_t i, best;

	buf_reset(&r->matched);
	buf_reset(&r->scores);
	for (i = 0; i < r->nhits; i++) {
		k = &c->kws[r->hits[i]];
		buf_addf(&r->matched, "%s%s%s=%g", i > 0 ? ", " : "",
		    k->learned ? "~" : "", k->text,
		    round(k->weight * 100) / 100);
	}
	/* "topic=score" for every topic that scored, best first. */
	memset(done, 0, sizeof(done));
	for (;;) {
		best = SIZE_MAX;
		for (i = 0; i < c->ntopics; i++) {
			if (!done[i] && r->topic_scores[i] > 0 &&
			    (best == SIZE_MAX ||
			    r->topic_scores[i] > r->topic_scores[best])) {
				best = i;
			}
		}
		if (best == SIZE_MAX) {
			break;
		}
		done[best] = true;
		buf_addf(&r->scores, "%s%s=%g", r->scores.len > 0 ? ", " : "",
		    c->topic_ids[best], round(r->topic_scores[best] * 100) / 100);
	}
}

void
classify_words(const struct classifier *c, const char *text, size_t len,
    struct classify_result *r, struct buf *out)
{
	const struct word_slot *slot;
	uint32_t e, k;
	size_t i;

	text_tokenize(text, len, &r->tokens);
	for (i = 0; i < r->tokens.n; i++) {
		slot = words_lookup(&c->words, text_token_bare(&r->tokens, i));
		e = slot == NULL ? WORD_NONE : slot->exp;
		if (out->len > 0) {
			buf_addc(out, ' ');
		}
		if (e == WORD_NONE) {
			buf_adds(out, text_token_bare(&r->tokens, i));
			continue;
		}
		for (k = 0; k < c->exps[e].n; k++) {
			buf_addf(out, "%s%s", k > 0 ? " " : "",
			    c->exp_words[c->exps[e].first + k]);
		}
	}
}

void
classify_text(const struct classifier *c, const char *text, size_t len,
    struct classify_result *r)
{
	struct seq q;
	const struct entry *e, *end;
	size_t i, j, neg_from = SIZE_MAX, neg_to = 0;
	uint32_t node;

	r->nhits = 0;
	text_tokenize(text, len, &r->tokens);
	/* The word ids, in scratch that r keeps from call to call. */
	q.ids = r->seq_ids;
	q.tok = r->seq_tok;
	q.cap = r->seq_cap;
	seq_make(c, NULL, &r->tokens, &q);
	r->seq_ids = q.ids;
	r->seq_tok = q.tok;
	r->seq_cap = q.cap;
	fit_scratch(c, r);
	memset(r->topic_scores, 0, c->ntopics * sizeof(*r->topic_scores));
	for (i = 0; i < q.n; i++) {
		node = 0;
		for (j = i; j < q.n && j - i < c->depth; j++) {
			if (q.ids[j] == WORD_NONE) {
				break;
			}
			node = j == i ? c->root_child[q.ids[j]] :
			    edges_get(&c->edges, node, q.ids[j]);
			if (node == 0) {
				break;
			}
			end = c->entries + c->node_first[node + 1];
			for (e = c->entries + c->node_first[node]; e < end;
			    e++) {
				if (!marks_agree(c, e, r, q.tok, i)) {
					continue;
				}
				if (e->kind == ENTRY_NEGATION) {
					neg_from = j + 1;
					neg_to = j + CLASSIFY_NEGATION_SCOPE;
				} else if (i < neg_from || i > neg_to) {
					count_part(c, r, e->keyword, e->part);
				}
			}
		}
	}
	rank(c, r);
}
