/*
 * gopy's classification commands: classify (how a text would be filed),
 * reclassify (file stored messages again after the keywords changed,
 * never over an officer's choice) and learn (weights from labelled
 * messages and officers' corrections).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "classify.h"
#include "gopy.h"
#include "json.h"
#include "learn.h"
#include "log.h"
#include "store.h"
#include "xmalloc.h"

#define LINE_MAX_BYTES	65536	/* of one stdin or TSV line */

static struct classifier *
new_classifier(const struct gopy_conf *c)
{
	return classify_new(&c->classify, c->topics, c->ntopics, c->fallback,
	    c->abbrevs, c->nabbrevs);
}

/* Print how text is classified: topic, score, keywords (or JSON). */
static void
print_classified(const struct gopy_conf *conf, const struct classifier *c,
    const char *text, bool json, struct classify_result *r)
{
	struct buf out;

	classify_text(c, text, strlen(text), r);
	classify_explain(c, r);
	if (!json) {
		printf("%s\t%g\t%s\n", conf->topics[r->topic].id, r->score,
		    r->matched.data);
		return;
	}
	buf_init(&out);
	buf_addc(&out, '{');
	json_add_field(&out, "text", text);
	json_add_field(&out, "topic", conf->topics[r->topic].id);
	json_add_double(&out, "score", r->score);
	json_add_bool(&out, "unsure", r->unsure);
	json_add_field(&out, "keywords", r->matched.data);
	json_add_field(&out, "scores", r->scores.data);
	buf_addc(&out, '}');
	puts(out.data);
	buf_release(&out);
}

/* Read a line of at most LINE_MAX_BYTES from fp into line, without its end. */
static bool
read_line(FILE *fp, struct buf *line)
{
	int ch;

	buf_reset(line);
	while ((ch = getc(fp)) != EOF && ch != '\n') {
		if (line->len < LINE_MAX_BYTES) {
			buf_addc(line, (char)ch);
		}
	}
	if (line->len > 0 && line->data[line->len - 1] == '\r') {
		line->data[--line->len] = '\0';
	}
	return ch != EOF || line->len > 0;
}

int
cmd_classify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct classify_result r;
	struct classifier *c;
	struct buf line;
	bool json = false;
	int ch, i;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'j') {
			return command_usage("classify");
		}
		json = true;
	}
	c = new_classifier(&cli->conf);
	classify_result_init(&r);
	if (optind < argc) {
		for (i = optind; i < argc; i++) {
			print_classified(&cli->conf, c, argv[i], json, &r);
		}
	} else {
		buf_init(&line);
		while (read_line(stdin, &line)) {
			print_classified(&cli->conf, c, line.data, json, &r);
		}
		buf_release(&line);
	}
	classify_result_release(&r);
	classify_free(c);
	return 0;
}

struct ids {
	int64_t	*v;
	size_t	 n;
	size_t	 cap;
};

static int
collect_id(void *arg, const struct store_message *m)
{
	struct ids *ids = arg;

	/* An officer's topic and an undecodable PDU stay as they are. */
	if (m->topic_by != NULL || m->error != NULL) {
		return 0;
	}
	if (ids->n == ids->cap) {
		ids->cap = ids->cap == 0 ? 1024 : ids->cap * 2;
		ids->v = xreallocarray(ids->v, ids->cap, sizeof(*ids->v));
	}
	ids->v[ids->n++] = m->id;
	return 0;
}

/* Classify message id again; *changed tells whether its topic moved. */
static int
reclassify_one(struct cli *cli, const struct classifier *c, int64_t id,
    struct classify_result *r, bool *changed, bool *moved)
{
	const char *topic;
	struct store_message m;
	int rc;

	*changed = *moved = false;
	if ((rc = store_get_message(cli->store, id, &m)) != 1) {
		return rc == 0 ? 0 : -1;
	}
	classify_text(c, m.text, strlen(m.text), r);
	classify_explain(c, r);
	topic = cli->conf.topics[r->topic].id;
	*moved = strcmp(topic, m.topic) != 0;
	*changed = *moved || r->score != m.score ||
	    strcmp(r->matched.data, m.keywords) != 0 ||
	    strcmp(r->scores.data, m.scores) != 0 || r->unsure != m.unsure;
	rc = 0;
	if (*changed && store_set_classification(cli->store, id, topic,
	    r->score, r->matched.data, r->scores.data, r->unsure) == -1) {
		rc = -1;
	}
	store_message_release(&m);
	return rc;
}

int
cmd_reclassify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct classify_result r;
	struct store_filter f;
	struct classifier *c;
	struct ids ids;
	size_t i, changed = 0, moved = 0;
	bool ch_changed, ch_moved;
	int ch, rc = 0;

	memset(&f, 0, sizeof(f));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 's') {
			return command_usage("reclassify");
		}
		if (since_arg(optarg, &f.since) == -1) {
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		return command_usage("reclassify");
	}
	if (open_store_mode(cli, STORE_WRITE_EXISTING) == -1) {
		return 1;
	}
	memset(&ids, 0, sizeof(ids));
	if (store_list(cli->store, &f, collect_id, &ids) == -1) {
		free(ids.v);
		return store_failed(cli, true);
	}
	c = new_classifier(&cli->conf);
	classify_result_init(&r);
	/* One transaction: all or nothing, and fast. */
	if (store_begin(cli->store) == -1) {
		rc = -1;
	}
	for (i = 0; rc == 0 && i < ids.n; i++) {
		rc = reclassify_one(cli, c, ids.v[i], &r, &ch_changed,
		    &ch_moved);
		changed += ch_changed;
		moved += ch_moved;
	}
	if (rc == 0 && store_commit(cli->store) == -1) {
		rc = -1;
	}
	if (rc == -1) {
		log_warnx("reclassify: %s; nothing changed",
		    store_error(cli->store));
		store_rollback(cli->store);
	} else {
		printf("%zu messages classified again: %zu changed, %zu of "
		    "them to another topic\n", ids.n, changed, moved);
	}
	classify_result_release(&r);
	classify_free(c);
	free(ids.v);
	return rc == -1 ? 1 : 0;
}

/* Examples for learn_fit, and the texts they point to (owned). */
struct examples {
	struct learn_example *v;
	char	**texts;
	size_t	 n;
	size_t	 cap;
	const struct gopy_conf *conf;
	size_t	 skipped;	/* unknown topics */
};

static void
add_example(struct examples *e, const char *topic, const char *text)
{
	int t = conf_topic_index(e->conf, topic);

	if (t == -1) {
		e->skipped++;
		return;
	}
	if (e->n == e->cap) {
		e->cap = e->cap == 0 ? 256 : e->cap * 2;
		e->v = xreallocarray(e->v, e->cap, sizeof(*e->v));
		e->texts = xreallocarray(e->texts, e->cap, sizeof(*e->texts));
	}
	e->texts[e->n] = xstrdup(text);
	e->v[e->n].topic = (size_t)t;
	e->v[e->n].text = e->texts[e->n];
	e->n++;
}

static void
add_correction(void *arg, const char *topic, const char *text)
{
	add_example(arg, topic, text);
}

/* topic<TAB>text lines; '#' comments and empty lines skipped. */
static int
read_tsv(struct examples *e, const char *file)
{
	struct buf line;
	char *tab;
	FILE *fp;
	int rc = 0;

	if ((fp = fopen(file, "r")) == NULL) {
		log_warn("open '%s'", file);
		return -1;
	}
	buf_init(&line);
	while (read_line(fp, &line)) {
		if (line.len == 0 || line.data[0] == '#') {
			continue;
		}
		if ((tab = strchr(line.data, '\t')) == NULL) {
			continue;
		}
		*tab = '\0';
		add_example(e, line.data, tab + 1);
	}
	if (ferror(fp)) {
		log_warn("read '%s'", file);
		rc = -1;
	}
	fclose(fp);
	buf_release(&line);
	return rc;
}

static int
write_learned(const char *file, const struct buf *out)
{
	FILE *fp;

	if (file == NULL) {
		fputs(out->data, stdout);
		return 0;
	}
	if ((fp = fopen(file, "w")) == NULL) {
		log_warn("create '%s'", file);
		return -1;
	}
	if (fwrite(out->data, 1, out->len, fp) != out->len ||
	    fclose(fp) == EOF) {
		log_warn("write '%s'", file);
		return -1;
	}
	return 0;
}

int
cmd_learn(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-corrections", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	struct learn_opts lo;
	struct learn_model m;
	struct examples e;
	struct classifier *c;
	struct buf prov, out;
	bool corrections = true;
	char date[32];
	time_t now = time(NULL);
	int ch, i, n = 0, rc = 0;
	size_t k;

	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			corrections = false;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return command_usage("learn");
		}
	}
	memset(&e, 0, sizeof(e));
	e.conf = &cli->conf;
	buf_init(&prov);
	strftime(date, sizeof(date), "%Y-%m-%d", localtime(&now));
	buf_addf(&prov, "Made on %s by: gopy learn%s", date,
	    corrections ? "" : " --no-corrections");
	for (i = optind; i < argc; i++) {
		buf_addf(&prov, " %s", argv[i]);
		if (read_tsv(&e, argv[i]) == -1) {
			rc = 1;
		}
	}
	if (corrections) {
		if (open_store_mode(cli, STORE_READ_ONLY) == 0 &&
		    (n = store_list_corrections(cli->store, add_correction,
		    &e)) == -1) {
			log_warnx("%s", store_error(cli->store));
			rc = 1;
		}
		buf_addf(&prov, "\nwith %d topics set by officers in %s",
		    n < 0 ? 0 : n, cli->db);
	}
	if (e.skipped > 0) {
		log_warnx("%zu examples name no configured topic; skipped",
		    e.skipped);
	}
	if (rc == 0 && e.n == 0) {
		log_warnx("nothing to learn from");
		rc = 1;
	}
	if (rc == 0) {
		c = new_classifier(&cli->conf);
		learn_default_opts(&lo);
		learn_fit(c, e.v, e.n, cli->conf.ntopics, &lo, &m);
		buf_init(&out);
		learn_write(&m, cli->conf.topics, cli->conf.ntopics,
		    prov.data, &out);
		if (write_learned(output, &out) == -1) {
			rc = 1;
		} else if (output != NULL) {
			log_info("learned from %zu messages into '%s'; name "
			    "it in classifier.learned and reload gopyd", e.n,
			    output);
		}
		buf_release(&out);
		learn_model_release(&m);
		classify_free(c);
	}
	for (k = 0; k < e.n; k++) {
		free(e.texts[k]);
	}
	free(e.texts);
	free(e.v);
	buf_release(&prov);
	return rc;
}
