/*
 * driver.c - a main() for the fuzz targets when libFuzzer is not there:
 * runs LLVMFuzzerTestOneInput once on each file named, and on each file of
 * each directory named (not its subdirectories, not files starting with
 * '.' or named README), in sorted order.  Arguments starting with '-' are
 * libFuzzer flags and are ignored, so one command line serves both.
 *
 * Prints "PROGRAM: N inputs" and exits 0 when every input ran; exits 1
 * when a file or directory cannot be read.  A target that finds a bug
 * aborts, and so does the driver.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/util.h"

#include "fuzz.h"

#define DRIVER_MAX_INPUT	(64u << 20)	/* bytes of one input file */
#define DRIVER_MAX_FILES	100000		/* files in one directory */

static int
run_file(const char *path, long *n)
{
	struct nw_error err;
	size_t len;
	char *data;

	nw_error_clear(&err);
	data = nw_read_file(path, DRIVER_MAX_INPUT, &len, &err);
	if (data == NULL) {
		fprintf(stderr, "fuzz driver: %s: %s\n", path, err.msg);
		return -1;
	}
	(void)LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	(*n)++;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir, long *n)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char **names = NULL, *path;
	size_t nnames = 0, i;
	int rc = -1;

	d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "fuzz driver: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (de == NULL)
			break;
		if (de->d_name[0] == '.' || strcmp(de->d_name, "README") == 0)
			continue;
		if (nnames == DRIVER_MAX_FILES) {
			fprintf(stderr, "fuzz driver: %s: more than %u files\n",
			    dir, DRIVER_MAX_FILES);
			goto out;
		}
		names = xreallocarray(names, nnames + 1, sizeof(*names));
		names[nnames++] = xstrdup(de->d_name);
	}
	if (errno != 0) {
		fprintf(stderr, "fuzz driver: %s: %s\n", dir, strerror(errno));
		goto out;
	}
	qsort(names, nnames, sizeof(*names), name_cmp);
	for (i = 0; i < nnames; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    run_file(path, n) == -1) {
			free(path);
			goto out;
		}
		free(path);
	}
	rc = 0;
out:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct stat st;
	const char *prog;
	long n = 0;
	int i;

	prog = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 :
	    argv[0];
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "fuzz driver: %s: %s\n", argv[i],
			    strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode) ? run_dir(argv[i], &n) == -1 :
		    run_file(argv[i], &n) == -1)
			return 1;
	}
	printf("%s: %ld inputs\n", prog, n);
	return 0;
}
