/* cmd_status.c - placeholder until the command is written. */
#include "config.h"

#include "normwatch/log.h"

#include "../cli/cli.h"

int
cmd_status(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nw_log(NW_LOG_ERROR, "status", "not written yet");
	return NW_EXIT_SOFTWARE;
}
