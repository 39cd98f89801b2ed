/*
 * common.c - helpers shared by the fuzz targets (fuzz.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/log.h"
#include "normwatch/refdata.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#include "fuzz.h"

#define FUZZ_PATH_MAX	4096	/* bytes of the reference directory path */

char *
fuzz_dup(const uint8_t *data, size_t size)
{
	char *s;

	s = xmalloc(size + 1);
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

const struct nw_refdata *
fuzz_init(void)
{
	static int done;
	static struct nw_refdata *ref;
	struct nw_error err;
	const char *dir;
	char path[FUZZ_PATH_MAX];
	int n;

	if (done)
		return ref;
	done = 1;
	nw_log_set_level(NW_LOG_ERROR);
	dir = getenv("NORMWATCH_DATADIR");
	if (dir == NULL || *dir == '\0')
		return NULL;
	n = snprintf(path, sizeof(path), "%s/reference", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return NULL;
	nw_error_clear(&err);
	ref = nw_refdata_load(path, &err);
	if (ref == NULL)
		fprintf(stderr, "fuzz: no reference tables: %s\n", err.msg);
	return ref;
}

struct nw_feed *
fuzz_feed(const char *def)
{
	struct nw_error err;
	struct nw_feed *f;
	char line[1600];

	nw_error_clear(&err);
	f = nw_feed_parse("/fuzz/fuzz.feed", def, strlen(def), NULL, NULL,
	    &err);
	if (f == NULL) {
		fprintf(stderr, "fuzz: the target's own feed is bad: %s\n",
		    nw_error_str(&err, line, sizeof(line)));
		abort();
	}
	return f;
}

void
fuzz_check_utf8(const char *what, const char *s, size_t len)
{
	size_t bad;

	if (s == NULL)
		return;
	if (nw_utf8_check(s, len, &bad) == -1) {
		fprintf(stderr, "fuzz: %s is not UTF-8 at byte %zu\n", what,
		    bad);
		abort();
	}
	if (memchr(s, '\0', len) != NULL) {
		fprintf(stderr, "fuzz: %s holds a NUL byte\n", what);
		abort();
	}
}

void
fuzz_check_report(const struct nw_report *r)
{
	size_t i, n;

	if (r->native_id == NULL || r->native_id[0] == '\0') {
		fprintf(stderr, "fuzz: a report without a native id\n");
		abort();
	}
	if (r->text == NULL) {
		fprintf(stderr, "fuzz: a report without text\n");
		abort();
	}
	fuzz_check_utf8("native_id", r->native_id, strlen(r->native_id));
	fuzz_check_utf8("text", r->text, r->textlen);
	if (r->title != NULL)
		fuzz_check_utf8("title", r->title, strlen(r->title));
	if (r->date.prec != NW_PREC_NONE && !nw_date_valid(&r->date)) {
		fprintf(stderr, "fuzz: an impossible date %d-%d-%d\n",
		    r->date.y, r->date.m, r->date.d);
		abort();
	}
	if (r->ex.nattr > NW_MAX_ATTRIB || r->ex.nactors > NW_MAX_ACTORS ||
	    r->ex.nvictims > NW_MAX_VICTIMS) {
		fprintf(stderr, "fuzz: more claims than the caps allow\n");
		abort();
	}
	for (i = 0; i < r->ex.nactors; i++) {
		n = strnlen(r->ex.actors[i].name, NW_MAX_ACTOR_NAME);
		if (n == NW_MAX_ACTOR_NAME) {
			fprintf(stderr, "fuzz: an actor name not terminated\n");
			abort();
		}
		fuzz_check_utf8("actor", r->ex.actors[i].name, n);
	}
}
