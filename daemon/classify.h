/*
 * Topic classification by keywords. Keywords and phrases come from the
 * configuration (struct topic_conf), are folded once when the classifier is
 * built, and match whole words of the folded message text, so "bo" matches
 * "bò" but never the inside of "bong". Configured abbreviations ("ko",
 * "dc") are read as their full word before matching.
 *
 * Keywords are read through the abbreviations too, so a keyword may be
 * written either way. A multi-word keyword (a phrase) matches its words in
 * a row.
 *
 * Each matched keyword adds its weight to its topic, once however often it
 * occurs; a keyword inside a longer matched one counts as well. The topic
 * with the highest score wins, ties going to the topic listed first in the
 * configuration; no match gives the fallback topic with score 0.
 *
 * Cost: building folds every keyword once. Classifying folds the text once
 * (O(bytes)), looks each of its words up in a hash table, and at each word
 * compares only the phrases that begin with that word: O(words x phrases
 * sharing a first word x their length), with a handful of allocations
 * per call. Keywords that fold to nothing, and short forms that do not
 * fold to exactly one word, are ignored.
 *
 * Pure: no I/O. A classifier is immutable once built and may be shared.
 */
#ifndef GOPY_CLASSIFY_H
#define GOPY_CLASSIFY_H

#include <stddef.h>

#include "buf.h"
#include "conf.h"

struct classifier;

struct classify_result {
	size_t	topic;		/* index into the topics the classifier was built from */
	int	score;		/* sum of matched weights; 0 if none */
	/*
	 * The matched keywords of the chosen topic (those that make up the
	 * score; empty for the fallback with score 0), as configured,
	 * separated by ", ", in the order they first occur in the text. The
	 * caller inits and releases it.
	 */
	struct buf matched;
};

/*
 * Build a classifier from ntopics topics (one of them, index fallback, is the
 * topic when nothing matches) and nabbrevs abbreviations, within the limits
 * conf.h sets (weights 1..CONF_WEIGHT_MAX, so no score overflows). Copies
 * what it needs; the arguments may be freed afterwards. Free with
 * classify_free.
 */
struct classifier *classify_new(const struct topic_conf *topics,
	    size_t ntopics, size_t fallback, const struct abbrev_conf *abbrevs,
	    size_t nabbrevs);
void	classify_free(struct classifier *c);

/*
 * Classify len bytes of UTF-8 text (need not be valid). Fills r; r->matched
 * is reset first.
 */
void	classify_text(const struct classifier *c, const char *text, size_t len,
	    struct classify_result *r);

#endif
