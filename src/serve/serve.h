/*
 * serve.h - what the files of src/serve/ share among themselves (not a
 * public contract: the server's is taxii_server.h).
 */
#ifndef NORMWATCH_SERVE_H
#define NORMWATCH_SERVE_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/json.h"
#include "normwatch/util.h"

/* The top-level properties of one STIX object read from a stream. */
struct nw_serve_pobj {
	char	 id[256];
	char	 type[256];
	char	 modified[64];
	char	 created[64];
	char	 spec[16];
	unsigned long long start;	/* byte offset of its '{' */
	unsigned long long end;		/* byte offset just past its '}' */
};

/*
 * After the OBJECT_BEGIN of an object, read up to its end, keeping its
 * id, type, modified, created and spec_version when they are strings.
 * 0, or -1 with *err (a reader error, or the document ended).
 */
int	nw_serve_pobj_read(struct nw_json *j, struct nw_serve_pobj *o,
	    struct nw_error *err);

/*
 * The canonical JSON of one JSON value (keys of every object in byte
 * order, no blanks, strings escaped as RFC 8785; numbers as written)
 * appended to out.  0, or -1 with *err (not JSON, over a limit, a key
 * twice).
 */
int	nw_serve_canon(const char *json, size_t len, struct nw_buf *out,
	    struct nw_error *err);

#endif
