/* cmd_feeds.c - placeholder until the command is written. */
#include "config.h"

#include "normwatch/log.h"

#include "../cli/cli.h"

int
cmd_feeds(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nw_log(NW_LOG_ERROR, "feeds", "not written yet");
	return NW_EXIT_SOFTWARE;
}
