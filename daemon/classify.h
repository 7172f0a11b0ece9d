/*
 * Topic classification by weighted keywords, which officers read and edit
 * in the configuration, and by weighted syllables and syllable pairs that
 * gopy learn fits to labelled messages (learn.h).
 *
 * Matching is on whole words (text.h tokens), so "bo" matches "bò" but
 * never the inside of "bong"; a phrase matches its words in a row whatever
 * punctuation lies between. Diacritics count when both sides have them: a
 * keyword written with marks ("đề") matches a word typed without any ("de")
 * but not one whose marks differ ("để"); a keyword written without marks
 * matches either. Abbreviations ("ko", "dc") read as their words first.
 * "a & b" is a keyword that needs both phrases somewhere in the message.
 * A configured negation ("không phải") cancels keywords starting in the two
 * words after it.
 *
 * Each keyword counts once, adding its weight to its topic. The topic with
 * the highest score wins, ties going to the topic listed first; below
 * classifier.min_score the fallback topic is taken. A decision is unsure
 * when the best score is below classifier.unsure_below or within
 * classifier.unsure_margin of the runner-up.
 *
 * Cost: one trie walk from each word of the message, each step one hash
 * lookup, never longer than the longest phrase: independent of how many
 * keywords there are.
 *
 * Pure: no I/O. A classifier is immutable once built and may be shared;
 * each caller brings its own struct classify_result.
 */
#ifndef GOPY_CLASSIFY_H
#define GOPY_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "conf.h"
#include "text.h"

#define CLASSIFY_NEGATION_SCOPE	2	/* words after a negation it cancels */

struct classifier;

struct classify_result {
	size_t	topic;		/* index into the classifier's topics */
	double	score;		/* that topic's score */
	size_t	runner_up;	/* the next best topic; SIZE_MAX when none scored */
	double	runner_score;
	bool	unsure;
	/*
	 * Filled by classify_explain, not classify_text (formatting costs
	 * more than classifying). The keywords that counted, as configured, with their weights, in
	 * the order they start in the message (a phrase before a shorter one
	 * at the same word once complete): "trộm=2, ~trom bo=1.31, bò=1"
	 * ("~" marks learned ones).
	 */
	struct buf matched;
	/* Every topic that scored, best first: "trom_cap=5.31, co_bac=1". */
	struct buf scores;

	/* Scratch, reused from one message to the next. */
	struct text_tokens tokens;
	uint32_t *seq_ids;	/* the words' ids, abbreviations expanded */
	size_t	*seq_tok;	/* ... and the token each came from */
	size_t	 seq_cap;
	uint32_t *hits;		/* keywords that counted, in order */
	size_t	 nhits;
	uint32_t *parts;	/* per keyword: parts matched, when stamp agrees */
	uint32_t *stamp;
	double	*topic_scores;
	size_t	 kwcap;
	size_t	 tcap;
	uint32_t generation;
};

void	classify_result_init(struct classify_result *r);
void	classify_result_release(struct classify_result *r);

/*
 * Build a classifier from ntopics topics (index fallback is the topic of
 * messages that score too little), their hand and learned keywords, the
 * abbreviations and cc. Copies what it needs. Free with classify_free.
 */
struct classifier *classify_new(const struct classify_conf *cc,
	    const struct topic_conf *topics, size_t ntopics, size_t fallback,
	    const struct abbrev_conf *abbrevs, size_t nabbrevs);
void	classify_free(struct classifier *c);

/*
 * Classify len bytes of UTF-8 text (need not be valid) into r: topic,
 * score, runner-up, unsure.
 */
void	classify_text(const struct classifier *c, const char *text, size_t len,
	    struct classify_result *r);

/* Write the explanation of the last classify_text into r: matched, scores. */
void	classify_explain(const struct classifier *c, struct classify_result *r);

/*
 * Append the words of text as the classifier reads them to out, separated
 * by single spaces: bare, and abbreviations expanded. r is scratch.
 */
void	classify_words(const struct classifier *c, const char *text,
	    size_t len, struct classify_result *r, struct buf *out);

/* Keywords the classifier holds, learned ones included. */
size_t	classify_nkeywords(const struct classifier *c);

#endif
