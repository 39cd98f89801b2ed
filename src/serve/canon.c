/*
 * canon.c - reading objects out of a stream, and the canonical JSON of
 * objects clients POST; see serve.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/jsonw.h"
#include "normwatch/limits.h"

#include "serve.h"

/*
 * Read up to the end of the object whose OBJECT_BEGIN was the last event,
 * picking its top-level id, type, modified, created and spec_version.
 */
int
nw_serve_pobj_read(struct nw_json *j, struct nw_serve_pobj *o,
    struct nw_error *err)
{
	enum nw_json_event ev;
	size_t depth = nw_json_depth(j);
	char key[32];
	size_t len;
	const char *t;

	memset(o, 0, sizeof(*o));
	o->start = nw_json_offset(j);
	for (;;) {
		ev = nw_json_next(j, err);
		if (ev == NW_JSON_ERROR || ev == NW_JSON_END)
			return -1;
		if (ev == NW_JSON_OBJECT_END && nw_json_depth(j) == depth - 1) {
			o->end = nw_json_offset(j) + 1;
			return 0;
		}
		if (ev != NW_JSON_KEY)
			continue;
		t = nw_json_text(j, &len);
		nw_strlcpy(key, t, sizeof(key));
		ev = nw_json_next(j, err);
		if (ev == NW_JSON_OBJECT_BEGIN || ev == NW_JSON_ARRAY_BEGIN) {
			if (nw_json_skip(j, err) == -1)
				return -1;
			continue;
		}
		if (ev != NW_JSON_STRING)
			continue;
		t = nw_json_text(j, &len);
		if (strcmp(key, "id") == 0)
			nw_strlcpy(o->id, t, sizeof(o->id));
		else if (strcmp(key, "type") == 0)
			nw_strlcpy(o->type, t, sizeof(o->type));
		else if (strcmp(key, "modified") == 0)
			nw_strlcpy(o->modified, t, sizeof(o->modified));
		else if (strcmp(key, "created") == 0)
			nw_strlcpy(o->created, t, sizeof(o->created));
		else if (strcmp(key, "spec_version") == 0)
			nw_strlcpy(o->spec, t, sizeof(o->spec));
	}
}

/* --- canonical JSON ----------------------------------------------------------- */

struct cnode {
	enum nw_json_event	 ev;	/* begin, string, number, true, ... */
	char			*s;	/* text of strings and numbers */
	size_t			 n;
	char			*key;	/* the member's key in an object */
	size_t			 keylen;
	struct cnode		**kids;	/* members or items */
	size_t			 nkids;
	size_t			 cap;
};

static int
member_cmp(const void *a, const void *b)
{
	const struct cnode *x = *(const struct cnode *const *)a;
	const struct cnode *y = *(const struct cnode *const *)b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	if (c != 0)
		return c;
	return x->keylen < y->keylen ? -1 : x->keylen > y->keylen;
}

static void
cwrite(struct nw_jsonw *w, struct cnode *v)
{
	size_t i;

	switch (v->ev) {
	case NW_JSON_OBJECT_BEGIN:
		qsort(v->kids, v->nkids, sizeof(*v->kids), member_cmp);
		nw_jsonw_obj_begin(w);
		for (i = 0; i < v->nkids; i++) {
			nw_jsonw_keyn(w, v->kids[i]->key, v->kids[i]->keylen);
			cwrite(w, v->kids[i]);
		}
		nw_jsonw_obj_end(w);
		break;
	case NW_JSON_ARRAY_BEGIN:
		nw_jsonw_arr_begin(w);
		for (i = 0; i < v->nkids; i++)
			cwrite(w, v->kids[i]);
		nw_jsonw_arr_end(w);
		break;
	case NW_JSON_STRING:
		nw_jsonw_strn(w, v->s, v->n);
		break;
	case NW_JSON_NUMBER:
		nw_jsonw_num(w, v->s, v->n);
		break;
	case NW_JSON_TRUE:
		nw_jsonw_bool(w, 1);
		break;
	case NW_JSON_FALSE:
		nw_jsonw_bool(w, 0);
		break;
	default:
		nw_jsonw_null(w);
		break;
	}
}

int
nw_serve_canon(const char *json, size_t len, struct nw_buf *out,
    struct nw_error *err)
{
	struct nw_arena a;
	struct nw_json *j;
	struct nw_jsonw w;
	struct cnode *stack[NW_JSON_MAX_DEPTH + 1], *root = NULL, *v, *top;
	enum nw_json_event ev;
	const char *t, *why;
	char *key = NULL;
	size_t depth = 0, tl, keylen = 0;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	j = nw_json_new_mem(json, len, NULL, "object");
	for (;;) {
		ev = nw_json_next(j, err);
		if (ev == NW_JSON_END)
			break;
		if (ev == NW_JSON_ERROR)
			goto out;
		if (ev == NW_JSON_KEY) {
			t = nw_json_text(j, &tl);
			key = nw_arena_strndup(&a, t, tl);
			keylen = tl;
			continue;
		}
		if (ev == NW_JSON_OBJECT_END || ev == NW_JSON_ARRAY_END) {
			depth--;
			continue;
		}
		v = nw_arena_alloc(&a, sizeof(*v));
		v->ev = ev;
		if (ev == NW_JSON_STRING || ev == NW_JSON_NUMBER) {
			t = nw_json_text(j, &tl);
			v->s = nw_arena_strndup(&a, t, tl);
			v->n = tl;
		}
		if (depth == 0)
			root = v;
		else {
			top = stack[depth - 1];
			if (top->ev == NW_JSON_OBJECT_BEGIN) {
				v->key = key;
				v->keylen = keylen;
			}
			if (top->nkids == top->cap) {
				struct cnode **k;

				top->cap = top->cap == 0 ? 8 : top->cap * 2;
				k = nw_arena_alloc(&a, top->cap * sizeof(*k));
				if (top->nkids > 0)
					memcpy(k, top->kids,
					    top->nkids * sizeof(*k));
				top->kids = k;
			}
			top->kids[top->nkids++] = v;
		}
		if (ev == NW_JSON_OBJECT_BEGIN || ev == NW_JSON_ARRAY_BEGIN) {
			if (depth == NW_JSON_MAX_DEPTH) {
				nw_error_set(err, NW_E_LIMIT, "nested too deep");
				goto out;
			}
			stack[depth++] = v;
		}
	}
	if (root == NULL) {
		nw_error_set(err, NW_E_PARSE, "no value");
		goto out;
	}
	nw_jsonw_init(&w, out);
	cwrite(&w, root);
	if (nw_jsonw_done(&w, &why) == -1) {
		nw_error_set(err, NW_E_LIMIT, "canonical form: %s", why);
		goto out;
	}
	rc = 0;
out:
	nw_json_free(j);
	nw_arena_release(&a);
	return rc;
}
