/*
 * credentials.h - the credentials file: the user names and passwords of
 * feeds, kept out of feed definitions (which are shared, kept in version
 * control and printed by "feeds list").  A feed names its credentials
 * (credentials = NAME); the secret itself lives only here.  Format in
 * normwatch.feed(5):
 *
 *	# comment
 *	NAME  USER:PASSWORD
 *	NAME  USER  PASSWORD
 *
 * NAME is 1 to NW_MAX_CRED_NAME bytes of [A-Za-z0-9._-]; fields are
 * separated by blanks.  In the first form the password is everything
 * after the first ':' of the second field; in the second form it is the
 * rest of the line without its leading and trailing blanks (so it may
 * hold blanks).  A user never holds ':' (RFC 7617).  No field holds
 * control characters.  A name may be defined once.
 *
 * Like ~/.netrc and ssh keys, the file is refused unless it is a regular
 * file owned by the user running normwatch with no permission for group
 * or others (chmod 600).  No message ever shows a user or a password:
 * errors name the file, the line and the credentials' name only.
 */
#ifndef NORMWATCH_CREDENTIALS_H
#define NORMWATCH_CREDENTIALS_H

#include "normwatch/error.h"

#define NW_CREDENTIALS_ENV	"NORMWATCH_CREDENTIALS"	/* file override */
#define NW_MAX_CRED_FILE	(64u << 10)	/* bytes of the file */
#define NW_MAX_CRED_LINE	4096		/* bytes of one line */
#define NW_MAX_CRED_NAME	64		/* bytes of a name */
#define NW_MAX_CRED_USER	256		/* bytes of a user name */
#define NW_MAX_CRED_PASSWORD	1024		/* bytes of a password */

/*
 * Where the file is: $NORMWATCH_CREDENTIALS when set and not empty, else
 * $XDG_CONFIG_HOME/normwatch/credentials (~/.config when XDG_CONFIG_HOME
 * is unset or not absolute).  The caller frees the string.
 */
char	*nw_credentials_path(void);

/*
 * Read the file at path (NULL: nw_credentials_path()), check all of it,
 * and return the credentials called name as "USER:PASSWORD" (what
 * nw_fetch_req.userpwd takes), or NULL with *err (err->file is the
 * file):
 *   NW_E_IO      the file cannot be opened or read
 *   NW_E_LIMIT   the file is larger than NW_MAX_CRED_FILE
 *   NW_E_CONFIG  not a regular file, not the user's own, or open to
 *                group or others (the mode is in the message); a bad
 *                line (err->line; the first of them); no credentials
 *                called name
 * Free the result with nw_credentials_free, which wipes it first.
 */
char	*nw_credentials_get(const char *path, const char *name,
	    struct nw_error *err);
void	 nw_credentials_free(char *);	/* NULL is fine */

#endif
