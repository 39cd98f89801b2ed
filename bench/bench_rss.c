/*
 * bench_rss.c - RSS parse speed: build an RSS 2.0 document of N items in
 * the shape of a vendor blog (CDATA HTML descriptions with entities and
 * links, content:encoded on every fourth item, RFC 822 dates with zones,
 * guids; about 1 KiB an item) in memory, parse it with the rss parser,
 * print items per second.  With -o the document is written to FILE
 * instead, for the ingest bench of bench/run.sh.
 *
 *	bench/bench_rss [-n N] [-r ROUNDS] [-f] [-o FILE]
 *
 * -f parses with include and exclude patterns (those of the vendor
 * sample), so the pcre2 filters are measured too.  Exit status 1 when the
 * parse fails or gives another number of reports than the generator
 * made, so the bench cannot silently measure error paths.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/feed.h"
#include "normwatch/log.h"
#include "normwatch/parse.h"
#include "normwatch/rss.h"
#include "normwatch/util.h"

static const char *const states[] = { "Russian", "Chinese", "Iranian",
    "North Korean", "Belarusian" };
static const char *const victims[] = { "Ukraine", "Germany", "Taiwan",
    "Israel", "the United States", "Poland", "Japan" };
static const char *const sectors[] = { "energy", "water", "healthcare",
    "telecommunications", "finance", "government" };
static const char *const zones[] = { "+0000", "GMT", "-0500", "EST",
    "+0200", "PDT", "+0530" };
static const char *const wdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
    "Sat", "Sun" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int
add_item(struct nw_buf *b, unsigned long i)
{
	const char *st = states[i % NW_NELEM(states)];
	const char *vi = victims[i % NW_NELEM(victims)];
	const char *se = sectors[i % NW_NELEM(sectors)];
	int rc;

	rc = nw_buf_addf(b, "<item>\n"
	    "  <title>%s hackers target %s %s operators (%lu)</title>\n"
	    "  <link>https://vendor.example/blog/post-%lu</link>\n"
	    "  <pubDate>%s, %02lu %s %lu %02lu:%02lu:00 %s</pubDate>\n"
	    "  <guid isPermaLink=\"false\">bench-%lu</guid>\n"
	    "  <category>Threat Research</category>\n"
	    "  <description><![CDATA[<p>We assess with moderate confidence "
	    "that a %s state-sponsored group broke into %s operators in %s "
	    "through an unpatched VPN appliance. The intruders stole "
	    "credentials and moved to operational networks.</p><p>Indicators "
	    "are in our <a href=\"https://vendor.example/ioc/%lu\">IOC "
	    "file</a>. The group&rsquo;s tooling overlaps with earlier "
	    "campaigns &mdash; see <em>previous reports</em>.</p>]]>"
	    "</description>\n", st, vi, se, i, i,
	    wdays[i % 7], 1 + i % 28, months[i % 12], 2015 + i % 10,
	    i % 24, i % 60, zones[i % NW_NELEM(zones)], i, st, se, vi, i);
	if (rc == -1)
		return -1;
	if (i % 4 == 0 && nw_buf_addf(b, "  <content:encoded><![CDATA["
	    "<style>.x{color:red}</style><p>The full post: a %s group "
	    "targeted %s %s operators.</p><script>track(%lu)</script>"
	    "<figure><img src=\"a.png\"><figcaption>The lure.</figcaption>"
	    "</figure><p>Victims were notified.</p>]]></content:encoded>\n",
	    st, vi, se, i) == -1)
		return -1;
	return nw_buf_adds(b, "</item>\n");
}

static char *
make_doc(unsigned long n, size_t *len)
{
	struct nw_buf b;
	unsigned long i;

	nw_buf_init(&b, NW_RSS_MAX_DOC);
	if (nw_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/"
	    "modules/content/\">\n<channel>\n<title>Bench</title>\n"
	    "<link>https://vendor.example/blog/</link>\n") == -1)
		goto big;
	for (i = 0; i < n; i++)
		if (add_item(&b, i) == -1)
			goto big;
	if (nw_buf_adds(&b, "</channel>\n</rss>\n") == -1)
		goto big;
	return nw_buf_detach(&b, len);
big:
	fprintf(stderr, "bench_rss: %lu items pass %u bytes\n", n,
	    NW_RSS_MAX_DOC);
	exit(1);
}

static int
count(struct nw_report *r, void *arg)
{
	(void)r;
	(*(long *)arg)++;
	return 0;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct nw_feed_opt opts[2];
	struct nw_feed feed;
	struct nw_doc doc;
	struct nw_error err;
	struct nw_arena *a;
	const char *out = NULL;
	char *data, ebuf[1024];
	long long v;
	size_t len;
	unsigned long n = 20000, rounds = 3, r;
	double best = 0, t;
	long got;
	int c, filters = 0;

	while ((c = getopt(argc, argv, "fn:o:r:")) != -1) {
		switch (c) {
		case 'f':
			filters = 1;
			break;
		case 'n':
		case 'r':
			if (nw_parse_ll(optarg, 1, 10000000, &v) == -1) {
				fprintf(stderr, "bench_rss: bad -%c\n", c);
				return 2;
			}
			if (c == 'n')
				n = (unsigned long)v;
			else
				rounds = (unsigned long)v;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			fprintf(stderr, "usage: bench_rss [-n N] [-r ROUNDS] "
			    "[-f] [-o FILE]\n");
			return 2;
		}
	}
	data = make_doc(n, &len);
	if (out != NULL) {
		nw_error_clear(&err);
		if (nw_write_file_atomic(out, data, len, &err) == -1) {
			fprintf(stderr, "bench_rss: %s\n", nw_error_str(&err,
			    ebuf, sizeof(ebuf)));
			return 1;
		}
		free(data);
		return 0;
	}

	memset(&feed, 0, sizeof(feed));
	feed.name = "bench-rss";
	feed.kind = "rss";
	feed.url = "https://vendor.example/feed.xml";
	nw_limits_default(&feed.limits);
	if (filters) {
		opts[0].key = "include";
		opts[0].value = "\\b(attack(s|ed)?|intrusions?|hack(ers|"
		    "tivists?)|state-sponsored|campaign)\\b";
		opts[0].line = 1;
		opts[1].key = "exclude";
		opts[1].value = "\\b(webinar|register now|introducing)\\b";
		opts[1].line = 2;
		feed.opts = opts;
		feed.nopts = 2;
	}
	memset(&doc, 0, sizeof(doc));
	doc.data = data;
	doc.len = len;
	doc.url = feed.url;
	doc.name = "bench.xml";
	nw_log_set_level(NW_LOG_ERROR);
	for (r = 0; r < rounds; r++) {
		a = nw_arena_new();
		got = 0;
		nw_error_clear(&err);
		t = now_s();
		if (nw_parser_rss.parse(&feed, &doc, a, count, &got,
		    &err) < 0) {
			fprintf(stderr, "bench_rss: %s\n", nw_error_str(&err,
			    ebuf, sizeof(ebuf)));
			return 1;
		}
		t = now_s() - t;
		nw_arena_free(a);
		if ((unsigned long)got != n) {
			fprintf(stderr, "bench_rss: %ld reports of %lu items\n",
			    got, n);
			return 1;
		}
		if (r == 0 || t < best)
			best = t;
	}
	printf("rss parse of %lu items (%.1f MB%s): %.3f s, %.0f items/s, "
	    "%.1f MB/s (best of %lu)\n", n, (double)len / 1e6,
	    filters ? ", with include and exclude" : "", best,
	    (double)n / best, (double)len / 1e6 / best, rounds);
	free(data);
	return 0;
}
