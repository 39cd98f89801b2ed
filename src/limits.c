/*
 * limits.c - the default caps.
 */
#include "config.h"

#include "normwatch/limits.h"

void
nw_limits_default(struct nw_limits *l)
{
	l->max_body = NW_DEF_MAX_BODY;
	l->connect_timeout = NW_DEF_CONNECT_TIMEOUT;
	l->timeout = NW_DEF_TIMEOUT;
	l->low_speed_limit = NW_DEF_LOW_SPEED_LIMIT;
	l->low_speed_time = NW_DEF_LOW_SPEED_TIME;
	l->max_redirects = NW_DEF_MAX_REDIRECTS;
	l->retries = NW_DEF_RETRIES;
	l->retry_base_ms = NW_DEF_RETRY_BASE_MS;
	l->max_entries = NW_DEF_MAX_ENTRIES;
	l->max_entry_len = NW_DEF_MAX_ENTRY_LEN;
	l->convert_timeout = NW_DEF_CONVERT_TIMEOUT;
}
