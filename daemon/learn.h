/*
 * Learning keyword weights from labelled messages, so that weights need not
 * only be guessed. The features of a message are its words and pairs of
 * neighbouring words, bare (no marks, lower case) and with abbreviations
 * read as the classifier reads them (classify_words). A feature's weight
 * for a topic is a tenth of its smoothed log-odds (how much more often it
 * occurs in that topic's messages than in the others', natural log): at
 * full strength the many learned features drowned the hand-written
 * keywords, and cross-validation on the development corpus fell.
 *
 * The result is written as the file classifier.learned names (conf.h):
 * readable, commented, one feature per line, to be read, edited or cut by
 * officers; its features count alongside the hand-written keywords.
 *
 * Pure: no I/O; the caller reads the examples and writes the file.
 */
#ifndef GOPY_LEARN_H
#define GOPY_LEARN_H

#include <stddef.h>

#include "buf.h"
#include "classify.h"
#include "conf.h"

/* A labelled message. */
struct learn_example {
	size_t	topic;		/* index into the topics */
	const char *text;	/* UTF-8 */
};

struct learn_opts {
	double	alpha;		/* additive smoothing of the counts, > 0 */
	int	min_count;	/* messages of the topic a feature needs, >= 1 */
	int	max_per_topic;	/* features kept per topic, the strongest */
	double	min_weight;	/* weaker features are dropped */
};

/* The learned features of each topic. */
struct learn_model {
	size_t	ntopics;
	struct keyword_conf **features;	/* [topic][i]: text and weight; owned */
	size_t	*nfeatures;		/* [topic] */
	size_t	nexamples;		/* what it was learned from */
};

/* Fill o with the defaults gopy learn uses. */
void	learn_default_opts(struct learn_opts *o);

/*
 * Learn from n examples over ntopics topics, reading words as c does
 * (its abbreviations; its keywords do not matter). Fills *m, which the
 * caller releases with learn_model_release.
 */
void	learn_fit(const struct classifier *c, const struct learn_example *ex,
	    size_t n, size_t ntopics, const struct learn_opts *o,
	    struct learn_model *m);

void	learn_model_release(struct learn_model *m);

/*
 * Append m to out as a learned-weights file for topics (ntopics of them),
 * opening with a comment that says how it was made (provenance, one or
 * more lines without the leading '#').
 */
void	learn_write(const struct learn_model *m, const struct topic_conf *topics,
	    size_t ntopics, const char *provenance, struct buf *out);

#endif
