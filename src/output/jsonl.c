/*
 * jsonl.c - `normwatch reports --format jsonl`: one JSON object per report.
 * JSON is built with json-c's object API, never with printf.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "normwatch/output.h"
#include "normwatch/report.h"

struct jctx {
	FILE		*out;
	struct nw_error	*err;
};

static json_object *
jstr(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static json_object *
report_json(const struct nw_report_row *r)
{
	const struct nw_extract *ex = &r->ex;
	json_object *o, *a, *c;
	char date[16];
	size_t i;
	int s;

	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(r->id));
	json_object_object_add(o, "source", jstr(r->source));
	json_object_object_add(o, "url", jstr(r->url));
	json_object_object_add(o, "native_id", jstr(r->native_id));
	nw_date_format(&r->date, date);
	json_object_object_add(o, "date", date[0] != '\0' ?
	    json_object_new_string(date) : NULL);
	json_object_object_add(o, "date_precision",
	    r->date.prec != NW_PREC_NONE ?
	    jstr(nw_prec_name(r->date.prec)) : NULL);
	json_object_object_add(o, "title", jstr(r->title));
	json_object_object_add(o, "text",
	    json_object_new_string_len(r->text, (int)r->textlen));

	a = json_object_new_array();
	for (i = 0; i < ex->nattr; i++) {
		c = json_object_new_object();
		json_object_object_add(c, "state",
		    json_object_new_string(ex->attr[i].state));
		json_object_object_add(c, "hedge",
		    jstr(nw_hedge_name(ex->attr[i].hedge)));
		json_object_object_add(c, "by",
		    jstr(nw_party_name(ex->attr[i].by)));
		json_object_array_add(a, c);
	}
	json_object_object_add(o, "attribution", a);

	a = json_object_new_array();
	for (i = 0; i < ex->nactors; i++)
		json_object_array_add(a,
		    json_object_new_string(ex->actors[i].name));
	json_object_object_add(o, "actors", a);
	json_object_object_add(o, "sponsorship",
	    jstr(nw_sponsor_name(ex->sponsorship)));

	a = json_object_new_array();
	for (i = 0; i < ex->nvictims; i++)
		json_object_array_add(a, json_object_new_string(ex->victims[i]));
	json_object_object_add(o, "victim_states", a);

	a = json_object_new_array();
	for (s = 0; s < NW_SECTOR_COUNT; s++)
		if (ex->sectors & (1u << s))
			json_object_array_add(a, json_object_new_string(
			    nw_sector_name((enum nw_sector)s)));
	json_object_object_add(o, "sectors", a);
	return o;
}

static int
emit(const struct nw_report_row *r, void *arg)
{
	struct jctx *j = arg;
	json_object *o = report_json(r);
	const char *s;
	int rc = 0;

	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (fputs(s, j->out) == EOF || fputc('\n', j->out) == EOF) {
		nw_error_set(j->err, NW_E_IO, "cannot write: %s",
		    strerror(errno));
		rc = -1;
	}
	json_object_put(o);
	return rc;
}

int
nw_output_reports_jsonl(struct nw_store *store, const char *source,
    FILE *out, struct nw_error *err)
{
	struct jctx j = { out, err };
	int rc;

	rc = nw_store_each_report(store, source, emit, &j, err);
	if (rc != 0)
		return -1;
	if (fflush(out) == EOF)
		return nw_error_set(err, NW_E_IO, "cannot write the output");
	return 0;
}
