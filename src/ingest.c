/*
 * ingest.c - one feed through the pipeline, as one store transaction:
 *
 *	fetch (or replay the cache) -> cache -> convert -> parse -> extract
 *	-> store
 *
 * ingest.c is the only module that knows all the others; each of them
 * knows nothing of the rest.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

#include "normwatch/actors.h"
#include "normwatch/cache.h"
#include "normwatch/convert.h"
#include "normwatch/extract.h"
#include "normwatch/fetch.h"
#include "normwatch/ingest.h"
#include "normwatch/log.h"
#include "normwatch/parse.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#define PROGRESS_EVERY	1000	/* reports between progress updates */

/* What the per-report callback needs. */
struct pctx {
	struct nw_ingest_ctx	*ctx;
	const struct nw_feed	*feed;
	const char		*docname;
	const char		*sha256;
	int64_t			 source_id;
	struct nw_ingest_stats	*stats;
	struct nw_error		*err;	/* set when the callback stops */
	long			 warned;/* extraction warnings so far */
	struct nw_stix_writer	*stix;	/* kept objects and provenance, or
					   NULL for parsers that keep none */
	long			 objects;/* kept objects handed over */
};

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *
nw_ingest_outcome_name(enum nw_ingest_outcome o)
{
	switch (o) {
	case NW_INGEST_OK:
		return "ok";
	case NW_INGEST_NOT_MODIFIED:
		return "not-modified";
	case NW_INGEST_UNCHANGED:
		return "unchanged";
	case NW_INGEST_FAILED:
		return "failed";
	}
	return "unknown";
}

/*
 * A new report founds its own incident and is mapped from memory; a
 * changed one has its incident mapped again from the store.
 */
static int
incident(struct pctx *p, const struct nw_report *r, enum nw_put put)
{
	struct nw_store *store = p->ctx->store;
	int64_t report = nw_store_report_id(store), inc = 0;
	char *key;
	int rc;

	if (put == NW_PUT_CHANGED &&
	    nw_store_report_incident(store, report, &inc, p->err) == -1)
		return -1;
	if (inc == 0) {
		key = xasprintf("%s/%s", p->feed->name, r->native_id);
		rc = nw_store_incident_new(store, key, report, &inc, p->err);
		free(key);
		if (rc == -1)
			return -1;
		if (p->ctx->map == NULL)
			return 0;
		return nw_map_reports(p->ctx->map, inc, &r, &report, 1,
		    p->err);
	}
	if (nw_store_incident_touch(store, inc, p->err) == -1)
		return -1;
	if (p->ctx->map == NULL)
		return 0;
	return nw_map_incident(p->ctx->map, inc, p->err);
}

static int
on_report(struct nw_report *r, void *arg)
{
	struct pctx *p = arg;
	struct nw_error e;
	enum nw_put put;

	nw_error_clear(&e);
	if (!r->preset && nw_extract(p->ctx->extractor, r->text, r->textlen,
	    &r->ex, &e) == -1) {
		/* a pattern hit its limits: keep what was found, say so */
		if (p->warned++ < 10) {
			char buf[1024];

			nw_error_where(&e, p->feed->name, p->docname);
			nw_error_at_line(&e, r->line, 0);
			nw_log(NW_LOG_WARN, NULL, "%s",
			    nw_error_str(&e, buf, sizeof(buf)));
		}
	}
	if (nw_store_put_report(p->ctx->store, p->source_id, p->ctx->run,
	    p->sha256, r, &put, p->err) == -1)
		return -1;
	if (r->origin != NULL && p->stix != NULL) {
		int64_t report = nw_store_report_id(p->ctx->store), inc;
		int changed;

		if (nw_store_put_origin(p->stix, report, r->origin, &r->ex,
		    &changed, p->err) == -1)
			return -1;
		/* markings or claimers moved: the incident's content did */
		if (changed && put == NW_PUT_SAME) {
			if (nw_store_report_incident(p->ctx->store, report, &inc,
			    p->err) == -1)
				return -1;
			if (inc != 0 && nw_store_incident_touch(p->ctx->store,
			    inc, p->err) == -1)
				return -1;
		}
	}
	if (put != NW_PUT_SAME) {
		if (p->ctx->merge != NULL) {
			if (nw_merge_add(p->ctx->merge,
			    nw_store_report_id(p->ctx->store), r,
			    put == NW_PUT_NEW, p->err) == -1)
				return -1;
		} else if (incident(p, r, put) == -1)
			return -1;
	}
	p->stats->reports++;
	if (put == NW_PUT_NEW)
		p->stats->new_reports++;
	else if (put == NW_PUT_CHANGED)
		p->stats->changed++;
	if (p->stats->reports % PROGRESS_EVERY == 0)
		nw_progress("%s: %ld reports", p->feed->name,
		    p->stats->reports);
	return 0;
}

/* A STIX object the parser keeps: into the store's log. */
static int
on_object(const struct nw_stix_object *o, void *arg)
{
	struct pctx *p = arg;

	p->objects++;
	return nw_store_put_stix_object(p->stix, p->source_id, o, NULL,
	    p->err);
}

/* The name errors give a document: a local path, or the URL. */
static const char *
doc_name(const char *url)
{
	if (strncmp(url, "file://", 7) == 0)
		return url + 7;
	return url;
}

static int
is_http(const char *url)
{
	return strncmp(url, "http://", 7) == 0 ||
	    strncmp(url, "https://", 8) == 0;
}

static int
is_pdf(const char *body, size_t len)
{
	size_t i = 0;

	/* the header may follow a little junk; PDF readers allow 1 KiB */
	while (i + 5 <= len && i < 1024) {
		if (memcmp(body + i, "%PDF-", 5) == 0)
			return 1;
		i++;
	}
	return 0;
}

/* Record validators for a body we already have, in a small transaction. */
static int
refresh_state(struct nw_ingest_ctx *ctx, const struct nw_feed *feed,
    const struct nw_source_state *st, struct nw_error *err)
{
	int64_t source_id;

	if (nw_store_feed_begin(ctx->store, feed, &source_id, err) == -1)
		return -1;
	if (nw_store_feed_set_state(ctx->store, source_id, st, err) == -1 ||
	    nw_store_feed_commit(ctx->store, err) == -1) {
		nw_store_feed_rollback(ctx->store);
		return -1;
	}
	return 0;
}

/* --- merging -------------------------------------------------------------------- */

/*
 * Does the feed give reports of dataset groups?  A csv feed with an
 * "incident" column (native ids INCIDENT/ID), and the stix kind, whose
 * reports of one incident of several are ID and ID/N.
 */
static int
feed_grouped(const struct nw_feed *feed)
{
	return (strcmp(feed->kind, "csv") == 0 &&
	    nw_feed_opt(feed, "incident", NULL) != NULL) ||
	    strcmp(feed->kind, "stix") == 0;
}

/* The feed's transaction is open: tell merging which feed it is. */
static int
merge_begin(struct nw_ingest_ctx *ctx, const struct nw_feed *feed,
    int64_t source_id, struct nw_error *err)
{
	if (ctx->merge == NULL)
		return 0;
	return nw_merge_feed(ctx->merge, source_id, feed_grouped(feed), err);
}

/* The feed's reports are stored: merge them, before the commit. */
static int
merge_end(struct nw_ingest_ctx *ctx, const struct nw_feed *feed,
    struct nw_ingest_stats *stats, struct nw_error *err)
{
	struct nw_merge_stats ms;

	if (ctx->merge == NULL)
		return 0;
	nw_progress("%s: merging", feed->name);
	if (nw_merge_flush(ctx->merge, &ms, err) == -1)
		return -1;
	stats->incidents = ms.joined;
	nw_log(NW_LOG_DEBUG, feed->name, "merged %ld reports: %ld edges, "
	    "%ld joined, %ld incidents created, %ld deleted, %ld mapped",
	    ms.reports, ms.edges, ms.joined, ms.created, ms.deleted,
	    ms.mapped);
	return 0;
}

/* The clusters of an actors feed, collected from the parser. */
struct clusters {
	const struct nw_cluster	**v;
	size_t			  n, cap;
};

static int
on_cluster(const struct nw_cluster *c, void *arg)
{
	struct clusters *cl = arg;

	if (cl->n == cl->cap) {
		cl->cap = cl->cap == 0 ? 256 : cl->cap * 2;
		cl->v = xreallocarray(cl->v, cl->cap, sizeof(*cl->v));
	}
	cl->v[cl->n++] = c;
	return 0;
}

/*
 * An actors feed, in its open transaction: the clusters replace the
 * feed's earlier ones, the actor table is built again, and when it
 * changed the store's actor claims are resolved and merged again.
 */
static int
load_actors(struct nw_ingest_ctx *ctx, const struct nw_feed *feed,
    const struct nw_parser *parser, const struct nw_doc *doc,
    struct nw_arena *arena, int64_t source_id, struct nw_ingest_stats *stats,
    struct nw_error *err)
{
	struct clusters cl = { NULL, 0, 0 };
	struct nw_actors *t = NULL;
	struct nw_merge_stats ms;
	size_t nconf;
	long n;
	int changed, rc = -1;

	nw_progress("%s: reading actor clusters", feed->name);
	if ((n = parser->clusters(feed, doc, arena, on_cluster, &cl,
	    err)) < 0)
		goto out;
	stats->clusters = n;
	if (nw_actors_put_clusters(ctx->store, source_id,
	    (const struct nw_cluster *const *)cl.v, cl.n, err) == -1 ||
	    (t = nw_actors_rebuild(ctx->store, &changed, err)) == NULL) {
		nw_error_where(err, feed->name, NULL);
		goto out;
	}
	nw_actors_conflicts(t, &nconf);
	nw_log(NW_LOG_INFO, feed->name, "%ld clusters; the table holds %zu "
	    "actors and %zu conflicts%s", n, nw_actors_count(t), nconf,
	    changed ? "" : " (unchanged)");
	if (changed && ctx->merge != NULL) {
		nw_progress("%s: merging again with the new actors",
		    feed->name);
		if (nw_merge_actors_changed(ctx->merge, &ms, err) == -1)
			goto out;
		stats->incidents = ms.joined;
	}
	rc = 0;
out:
	nw_actors_free(t);
	free(cl.v);
	return rc;
}

/* --- collectors: kinds of many requests --------------------------------------- */

/* One key of a feed's state, in memory while the feed is collected. */
struct kv {
	char	*key;		/* NULL: an empty slot */
	char	*value;		/* NULL: removed */
	int	 dirty;		/* to be written at commit */
};

/* What ingest keeps behind struct nw_collect.priv. */
struct cctx {
	struct nw_ingest_ctx	*ctx;
	struct nw_ingest_stats	*stats;
	struct kv		*kv;	/* open addressing, power of two */
	size_t			 cap;
	size_t			 n;
};

static uint64_t
kv_hash(const char *k)
{
	uint64_t h = 1469598103934665603ULL;

	while (*k != '\0') {
		h ^= (unsigned char)*k++;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct kv *
kv_slot(struct cctx *c, const char *key)
{
	size_t i = (size_t)kv_hash(key) & (c->cap - 1);

	while (c->kv[i].key != NULL && strcmp(c->kv[i].key, key) != 0)
		i = (i + 1) & (c->cap - 1);
	return &c->kv[i];
}

static void
kv_grow(struct cctx *c)
{
	struct kv *old = c->kv;
	size_t oldcap = c->cap, i;

	c->cap = c->cap == 0 ? 64 : c->cap * 2;
	c->kv = xcalloc(c->cap, sizeof(*c->kv));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*kv_slot(c, old[i].key) = old[i];
	free(old);
}

static int
kv_put(struct cctx *c, const char *key, const char *value, int dirty,
    struct nw_error *err)
{
	struct kv *e;
	size_t klen = strlen(key);

	if (klen == 0 || klen > 256)
		return nw_error_set(err, NW_E_INTERNAL, "feed state key of %zu "
		    "bytes", klen);
	if (value != NULL && strlen(value) > NW_MAX_FEED_STATE_VALUE)
		return nw_error_set(err, NW_E_LIMIT, "feed state value over "
		    "%d bytes", NW_MAX_FEED_STATE_VALUE);
	if ((c->n + 1) * 2 > c->cap)
		kv_grow(c);
	e = kv_slot(c, key);
	if (e->key == NULL) {
		if (c->n >= NW_MAX_FEED_STATE)
			return nw_error_set(err, NW_E_LIMIT, "more than %d "
			    "keys of feed state", NW_MAX_FEED_STATE);
		e->key = xstrdup(key);
		c->n++;
	} else
		free(e->value);
	e->value = value != NULL ? xstrdup(value) : NULL;
	e->dirty = dirty;
	return 0;
}

static int
kv_load(const char *key, const char *value, void *arg)
{
	struct cctx *c = arg;
	struct nw_error e;

	return kv_put(c, key, value, 0, &e) == -1 ? -1 : 0;
}

static void
kv_free(struct cctx *c)
{
	size_t i;

	for (i = 0; i < c->cap; i++) {
		free(c->kv[i].key);
		free(c->kv[i].value);
	}
	free(c->kv);
	c->kv = NULL;
	c->cap = c->n = 0;
}

static const char *
collect_state_get(struct nw_collect *col, const char *key)
{
	struct cctx *c = col->priv;

	if (c->cap == 0)
		return NULL;
	return kv_slot(c, key)->value;
}

static int
collect_state_set(struct nw_collect *col, const char *key, const char *value,
    struct nw_error *err)
{
	return kv_put(col->priv, key, value, 1, err);
}

static int
collect_fetch(struct nw_collect *col, struct nw_fetch_req *req,
    struct nw_fetch_res *res, struct nw_error *err)
{
	struct cctx *c = col->priv;
	char hex[NW_SHA256_HEX];

	memset(res, 0, sizeof(*res));
	if (c->ctx->offline)
		return nw_error_set(err, NW_E_IO, "the %s kind needs the "
		    "network: --offline cannot replay it", col->feed->kind);
	if (req->feed == NULL)
		req->feed = col->feed->name;
	if (req->limits == NULL)
		req->limits = &col->feed->limits;
	if (nw_fetch(req, res, err) == -1) {
		c->stats->http_code = res->http_code;
		return -1;
	}
	c->stats->http_code = res->http_code;
	if (res->status == NW_FETCH_OK) {
		c->stats->bytes += (long long)res->len;
		if (nw_cache_put(c->ctx->cache_dir, res->body, res->len, hex,
		    err) == -1)
			return -1;
	}
	return 0;
}

/*
 * A collector feed as one transaction: its state loaded, the collector
 * run, the state it set written, commit.  Returns 0 or -1 (rolled back).
 */
static int
collect_feed(struct nw_ingest_ctx *ctx, const struct nw_feed *feed,
    const struct nw_parser *parser, struct pctx *pc, struct nw_arena *arena,
    struct nw_error *err)
{
	struct cctx c;
	struct nw_collect col;
	struct nw_parse_sink sink = { on_report, on_object, pc };
	size_t i;
	long n;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.stats = pc->stats;
	if (nw_store_feed_kv_each(ctx->store, feed->name, kv_load, &c,
	    err) != 0)
		goto out;
	if (nw_store_feed_begin(ctx->store, feed, &pc->source_id, err) == -1)
		goto out;
	if (nw_store_source_set_tlp(ctx->store, feed->name, feed->tlp,
	    err) == -1)
		goto fail;
	if (merge_begin(ctx, feed, pc->source_id, err) == -1)
		goto fail;
	if ((pc->stix = nw_store_stix_writer(ctx->store, err)) == NULL)
		goto fail;
	memset(&col, 0, sizeof(col));
	col.feed = feed;
	col.ref = ctx->ref;
	col.arena = arena;
	col.sink = &sink;
	col.fetch = collect_fetch;
	col.state_get = collect_state_get;
	col.state_set = collect_state_set;
	col.priv = &c;
	nw_progress("%s: collecting", feed->name);
	n = parser->collect(&col, err);
	nw_store_stix_writer_free(pc->stix);
	pc->stix = NULL;
	if (n < 0)
		goto fail;
	if (merge_end(ctx, feed, pc->stats, err) == -1)
		goto fail;
	for (i = 0; i < c.cap; i++)
		if (c.kv[i].key != NULL && c.kv[i].dirty &&
		    nw_store_feed_kv_set(ctx->store, feed->name, c.kv[i].key,
		    c.kv[i].value, err) == -1)
			goto fail;
	if (nw_store_feed_commit(ctx->store, err) == -1)
		goto out;
	rc = 0;
	goto out;
fail:
	nw_store_stix_writer_free(pc->stix);
	pc->stix = NULL;
	nw_store_feed_rollback(ctx->store);
out:
	kv_free(&c);
	return rc;
}

int
nw_ingest_feed(struct nw_ingest_ctx *ctx, const struct nw_feed *feed,
    struct nw_ingest_stats *stats, struct nw_error *err)
{
	struct nw_source_state st, newst;
	struct nw_fetch_req req;
	struct nw_fetch_res res;
	struct nw_fetch_log log;
	struct nw_doc doc;
	struct nw_arena *arena = NULL;
	const struct nw_parser *parser;
	struct pctx pc;
	struct nw_error lerr;
	const char *body = NULL, *docname = doc_name(feed->url);
	char *cached = NULL, *text = NULL, hex[NW_SHA256_HEX] = "";
	char started[32], errbuf[1536];
	size_t len = 0, tlen;
	double t0 = now_seconds();
	int rc = -1, in_txn = 0;
	long n;

	memset(stats, 0, sizeof(*stats));
	memset(&st, 0, sizeof(st));
	memset(&res, 0, sizeof(res));
	stats->outcome = NW_INGEST_FAILED;
	nw_error_clear(err);
	nw_now_rfc3339(started);
	nw_progress("%s: fetching", feed->name);

	if ((parser = nw_parser_find(feed->kind)) == NULL) {
		nw_error_set(err, NW_E_CONFIG, "unknown kind \"%s\"",
		    feed->kind);
		goto out;
	}
	if (nw_store_source_state(ctx->store, feed->name, &st, err) == -1)
		goto out;
	/* a new TLP in the definition lands even when the body is unchanged */
	if (nw_store_source_set_tlp(ctx->store, feed->name, feed->tlp,
	    err) == -1)
		goto out;

	if (parser->collect != NULL) {
		memset(&pc, 0, sizeof(pc));
		pc.ctx = ctx;
		pc.feed = feed;
		pc.docname = docname;
		pc.sha256 = NULL;
		pc.stats = stats;
		pc.err = err;
		arena = nw_arena_new();
		if (collect_feed(ctx, feed, parser, &pc, arena, err) == -1)
			goto out;
		/* nothing came: the collection had nothing new (a 304 last) */
		if (stats->reports == 0 && pc.objects == 0)
			stats->outcome = stats->http_code == 304 ?
			    NW_INGEST_NOT_MODIFIED : NW_INGEST_UNCHANGED;
		else
			stats->outcome = NW_INGEST_OK;
		rc = 0;
		goto out;
	}

	if (ctx->offline) {
		if (st.sha256[0] == '\0') {
			nw_error_set(err, NW_E_IO, "nothing to replay: no "
			    "body of this feed was stored yet (run once "
			    "without --offline)");
			goto out;
		}
		cached = nw_cache_get(ctx->cache_dir, st.sha256,
		    feed->limits.max_body, &len, err);
		if (cached == NULL)
			goto out;
		body = cached;
		nw_strlcpy(hex, st.sha256, sizeof(hex));
	} else {
		memset(&req, 0, sizeof(req));
		req.feed = feed->name;
		req.url = feed->url;
		req.limits = &feed->limits;
		if (is_http(feed->url)) {
			req.etag = st.etag;
			req.last_modified = st.last_modified;
		}
		if (nw_fetch(&req, &res, err) == -1) {
			stats->http_code = res.http_code;
			goto out;
		}
		stats->http_code = res.http_code;
		if (res.status == NW_FETCH_NOT_MODIFIED) {
			stats->outcome = NW_INGEST_NOT_MODIFIED;
			rc = 0;
			goto out;
		}
		body = res.body;
		len = res.len;
		if (nw_cache_put(ctx->cache_dir, body, len, hex, err) == -1)
			goto out;
	}
	stats->bytes = (long long)len;

	memset(&newst, 0, sizeof(newst));
	newst.etag = ctx->offline ? st.etag : res.etag;
	newst.last_modified = ctx->offline ? st.last_modified :
	    res.last_modified;
	nw_strlcpy(newst.sha256, hex, sizeof(newst.sha256));

	if (!ctx->force && strcmp(hex, st.sha256) == 0) {
		stats->outcome = NW_INGEST_UNCHANGED;
		if (!ctx->offline && refresh_state(ctx, feed, &newst, err) == -1)
			goto out;
		rc = 0;
		goto out;
	}

	memset(&doc, 0, sizeof(doc));
	doc.url = feed->url;
	doc.name = docname;
	doc.content_type = res.content_type;
	doc.data = body;
	doc.len = len;
	doc.ref = ctx->ref;
	if (feed->converter != NULL || is_pdf(body, len)) {
		nw_progress("%s: converting", feed->name);
		text = nw_convert(feed->converter != NULL ? feed->converter :
		    NW_PDF_CONVERTER, body, len, &feed->limits, &tlen, err);
		if (text == NULL)
			goto out;
		doc.data = text;
		doc.len = tlen;
		doc.content_type = "text/plain";
	}

	if (nw_store_feed_begin(ctx->store, feed, &pc.source_id, err) == -1)
		goto out;
	in_txn = 1;
	if (nw_store_source_set_tlp(ctx->store, feed->name, feed->tlp,
	    err) == -1)
		goto out;
	if (nw_store_put_document(ctx->store, hex, len, res.content_type,
	    feed->url, err) == -1)
		goto out;

	pc.ctx = ctx;
	pc.feed = feed;
	pc.docname = docname;
	pc.sha256 = hex;
	pc.stats = stats;
	pc.err = err;
	pc.warned = 0;
	pc.stix = NULL;
	pc.objects = 0;
	arena = nw_arena_new();
	if (parser->clusters != NULL) {
		/* reference data, not reports */
		if (load_actors(ctx, feed, parser, &doc, arena, pc.source_id,
		    stats, err) == -1)
			goto out;
	} else {
		if (merge_begin(ctx, feed, pc.source_id, err) == -1)
			goto out;
		nw_progress("%s: parsing", feed->name);
		if (parser->parse_sink != NULL) {
			struct nw_parse_sink sink = { on_report, on_object,
			    &pc };

			if ((pc.stix = nw_store_stix_writer(ctx->store,
			    err)) == NULL)
				goto out;
			n = parser->parse_sink(feed, &doc, arena, &sink, err);
		} else
			n = parser->parse(feed, &doc, arena, on_report, &pc,
			    err);
		nw_store_stix_writer_free(pc.stix);
		pc.stix = NULL;
		if (n < 0)
			goto out;
		if (merge_end(ctx, feed, stats, err) == -1)
			goto out;
	}
	if (nw_store_feed_set_state(ctx->store, pc.source_id, &newst,
	    err) == -1)
		goto out;
	if (nw_store_feed_commit(ctx->store, err) == -1)
		goto out;
	in_txn = 0;
	stats->outcome = NW_INGEST_OK;
	rc = 0;
out:
	if (in_txn)
		nw_store_feed_rollback(ctx->store);
	if (rc == -1) {
		stats->outcome = NW_INGEST_FAILED;
		/* nothing of the feed was kept: say so in the counts */
		stats->new_reports = stats->changed = 0;
		if (err->feed[0] == '\0')
			nw_error_where(err, feed->name, NULL);
		if (err->file[0] == '\0')
			nw_error_where(err, NULL, docname);
	}
	stats->seconds = now_seconds() - t0;

	memset(&log, 0, sizeof(log));
	log.feed = feed->name;
	log.run = ctx->run;
	log.started = started;
	log.outcome = ctx->offline && rc == 0 &&
	    stats->outcome == NW_INGEST_OK ? "offline" :
	    nw_ingest_outcome_name(stats->outcome);
	log.http_code = stats->http_code;
	log.bytes = stats->bytes;
	log.sha256 = hex[0] != '\0' ? hex : NULL;
	log.error = rc == -1 ? nw_error_str(err, errbuf, sizeof(errbuf)) :
	    NULL;
	log.reports = stats->reports;
	log.new_reports = stats->new_reports;
	log.changed = stats->changed;
	log.seconds = stats->seconds;
	nw_error_clear(&lerr);
	if (nw_store_log_fetch(ctx->store, &log, &lerr) == -1)
		nw_log_error(&lerr);

	nw_arena_free(arena);
	free(text);
	free(cached);
	nw_fetch_res_free(&res);
	nw_source_state_free(&st);
	return rc;
}
