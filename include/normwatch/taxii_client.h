/*
 * taxii_client.h - the taxii feed kind: polling one collection of a TAXII
 * 2.1 server as a client (src/parse/taxii.c).  Section numbers are those
 * of "TAXII Version 2.1" (OASIS Standard, 10 June 2021).
 *
 * A poll is a collector's work (struct nw_collect, parse.h), inside the
 * feed's one store transaction:
 *
 *  1. GET the feed's url.  A discovery resource (4.1, it has api_roots)
 *     names the API root: its default, else its only one; an API root
 *     resource (4.2, it has versions) is the API root itself.  The API
 *     root must list application/taxii+json;version=2.1.
 *  2. GET API-ROOT/collections/ (5.1) and pick the collection named by
 *     the collection key (its id, else its title), or the only readable
 *     one; it must have can_read.
 *  3. GET API-ROOT/collections/ID/objects/ (5.3) with limit (page-size),
 *     added_after (the cursor kept from the last stored poll) and, from
 *     the second page on, next, until an envelope (3.7) says more is
 *     false.  When more is true without next, the next page is asked
 *     with added_after = X-TAXII-Date-Added-Last (3.4).  Every page's
 *     objects go through the stix kind's handling (stixfeed.h), in one
 *     session, so the reports come out after the last page.
 *  4. The cursor (feed state "added_after") becomes the latest
 *     X-TAXII-Date-Added-Last of the poll; it is stored only with the
 *     feed's transaction, so a failed poll (any error: network, HTTP,
 *     JSON, a limit, a loop) stores nothing, and the next run asks again
 *     from the old cursor.  Objects already stored are not stored twice.
 *     A poll whose pages carried no X-TAXII-Date-Added-Last leaves the
 *     cursor where it was (with a warning).  A different collection
 *     (feed state "collection", the objects URL) starts from the
 *     beginning.
 *
 * Every request sends Accept: application/taxii+json;version=2.1 and,
 * when the feed names credentials (credentials.h), HTTP Basic auth; every
 * answer must be that media type (1.6.8), or the poll fails.  Credentials
 * are never sent to an API root on another origin (scheme, host, port)
 * than the feed's url, nor is an https url left for http.  A next token
 * seen twice in one poll is a loop and fails the poll; so does
 * X-TAXII-Date-Added-Last not moving forward when it is the only way on.
 *
 * Feed keys (normwatch.feed(5)): collection, credentials, page-size,
 * max-pages, match-type.
 */
#ifndef NORMWATCH_TAXII_CLIENT_H
#define NORMWATCH_TAXII_CLIENT_H

#include "normwatch/parse.h"

#define NW_TAXII_MEDIA_TYPE	"application/taxii+json;version=2.1"

#define NW_TAXII_DEF_PAGE_SIZE	1000	/* page-size: the limit parameter */
#define NW_TAXII_MAX_PAGE_SIZE	100000	/* no feed asks for more per page */
#define NW_TAXII_DEF_MAX_PAGES	1000	/* max-pages: pages of one poll */
#define NW_TAXII_MAX_PAGES	100000	/* no feed may go past this */
#define NW_TAXII_MAX_NEXT	1024	/* bytes of a next token */
#define NW_TAXII_MAX_API_ROOTS	1000	/* entries of api_roots */
#define NW_TAXII_MAX_COLLECTIONS 10000	/* collections of one API root */
#define NW_TAXII_MAX_MATCH_TYPES 32	/* types in match-type */

extern const struct nw_parser nw_parser_taxii;

/*
 * Is this Content-Type (or an entry of an API root's versions) the TAXII
 * 2.1 media type: application/taxii+json with version=2.1, type and
 * parameter names in any case, blanks around ';' and '=', the value
 * possibly quoted, other parameters ignored?  1 or 0 (NULL is 0).
 */
int	nw_taxii_media_type_ok(const char *content_type);

#endif
