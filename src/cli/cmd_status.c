/*
 * cmd_status.c - normwatch status: the last run of every feed.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] status [--format table|jsonl]\n"
	    "\n"
	    "Per feed in the store: the last run (outcome, HTTP status, reports\n"
	    "read and new), the reports it holds, the last success, the last\n"
	    "failure and why, and the validators the next fetch sends\n"
	    "(If-None-Match and If-Modified-Since).\n"
	    "\n"
	    "  --format table  a row per feed, its last failure and next\n"
	    "                  validators under it (the default)\n"
	    "  --format jsonl  one JSON object per feed\n"
	    "\n"
	    "Exit status: 0 ok, 2 the store cannot be read, 64 usage.\n");
}

static const char *
dash(const char *s)
{
	return s != NULL && *s != '\0' ? s : "-";
}

/* Untrusted text (an error, a validator) escaped for the terminal. */
static const char *
esc(const char *s, char *buf, size_t sz)
{
	if (s == NULL)
		return "-";
	return nw_log_escape(s, strlen(s), buf, sz);
}

static int
print_table(const struct nw_status_row *r, void *arg)
{
	int *n = arg;
	char b1[NW_LOG_FIELD_MAX * 4 + 8], b2[NW_LOG_FIELD_MAX * 4 + 8];

	if ((*n)++ == 0)
		printf("%-24s %-20s %-12s %4s %8s %6s %-20s %s\n", "FEED",
		    "LAST RUN", "OUTCOME", "HTTP", "REPORTS", "NEW",
		    "LAST SUCCESS", "ERROR");
	printf("%-24s %-20s %-12s %4ld %8ld %6ld %-20s %s\n", r->feed,
	    dash(r->last_run), dash(r->outcome), r->http_code, r->reports,
	    r->last_new, dash(r->last_success),
	    r->outcome != NULL && strcmp(r->outcome, "failed") == 0 ?
	    dash(r->error) : "");
	/*
	 * under the row: the last failure and why (errors were escaped
	 * when they were made), the next validators (a server's words)
	 */
	if (r->last_failure != NULL)
		printf("  last failure  %s  %s\n", r->last_failure,
		    dash(r->last_failure_error));
	else
		printf("  last failure  -\n");
	if (r->etag != NULL || r->last_modified != NULL) {
		printf("  next fetch   ");
		if (r->etag != NULL)
			printf(" If-None-Match: %s", esc(r->etag, b1,
			    sizeof(b1)));
		if (r->last_modified != NULL)
			printf("%s If-Modified-Since: %s", r->etag != NULL ?
			    ";" : "", esc(r->last_modified, b2, sizeof(b2)));
		putchar('\n');
	} else
		printf("  next fetch    unconditional (no validators)\n");
	return 0;
}

static int
print_json(const struct nw_status_row *r, void *arg)
{
	json_object *o = json_object_new_object();

	(void)arg;
#define S(k, v) json_object_object_add(o, k, (v) != NULL ? \
	json_object_new_string(v) : NULL)
#define I(k, v) json_object_object_add(o, k, json_object_new_int64(v))
	S("feed", r->feed);
	S("kind", r->kind);
	S("url", r->url);
	S("last_run", r->last_run);
	S("outcome", r->outcome);
	I("http_code", r->http_code);
	I("bytes", r->bytes);
	I("reports", r->reports);
	I("last_reports", r->last_reports);
	I("last_new", r->last_new);
	S("last_success", r->last_success);
	S("last_failure", r->last_failure);
	S("error", r->error);
	S("etag", r->etag);
	S("last_modified", r->last_modified);
	S("last_failure_error", r->last_failure_error);
#undef S
#undef I
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
}

int
cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct nw_store *store;
	struct nw_error err;
	char *dbpath;
	int c, json = 0, n = 0, rc = NW_EXIT_OK;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "jsonl") == 0)
				json = 1;
			else if (strcmp(optarg, "table") != 0) {
				nw_log(NW_LOG_ERROR, "status", "unknown format "
				    "\"%s\"", optarg);
				return NW_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	dbpath = cli_db_path();
	if ((store = cli_open_ro(dbpath)) == NULL) {
		free(dbpath);
		return NW_EXIT_FAILED;
	}
	nw_error_clear(&err);
	if (nw_store_each_status(store, json ? print_json : print_table, &n,
	    &err) == -1) {
		nw_log_error(&err);
		rc = NW_EXIT_FAILED;
	}
	nw_store_close(store);
	free(dbpath);
	return rc;
}
