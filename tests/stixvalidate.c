/*
 * stixvalidate.c - "normwatch validate" as a program of its own, for the
 * shell tests while the dispatcher does not know the verb yet: runs
 * cmd_validate (src/cli/cmd_validate.c) with the same argv.
 */
#include "config.h"

#include "normwatch/log.h"

int	cmd_validate(int argc, char **argv);

int
main(int argc, char **argv)
{
	/* argv[0] stands for the verb, as in the dispatcher. */
	return cmd_validate(argc, argv);
}
