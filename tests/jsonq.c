/*
 * jsonq.c - a small JSON Lines checker for the integration tests.
 *
 *	jsonq -k KEY[,KEY...] < FILE   every line is an object with these keys;
 *	                               prints the number of lines
 *	jsonq -g KEY < FILE            prints KEY of every line (strings bare,
 *	                               other values as JSON)
 *
 * Exits 1 (with a message naming the line) on a line that is not a JSON
 * object or lacks a key.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

int
main(int argc, char **argv)
{
	char *line = NULL, *keys, *k, *save;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	json_object *o, *v;

	if (argc != 3 || (strcmp(argv[1], "-k") != 0 &&
	    strcmp(argv[1], "-g") != 0)) {
		fprintf(stderr, "usage: jsonq -k KEY[,KEY...] | -g KEY\n");
		return 2;
	}
	while ((n = getline(&line, &cap, stdin)) != -1) {
		lineno++;
		o = json_tokener_parse(line);
		if (o == NULL || !json_object_is_type(o, json_type_object)) {
			fprintf(stderr, "jsonq: line %ld: not a JSON object\n",
			    lineno);
			return 1;
		}
		if (strcmp(argv[1], "-g") == 0) {
			if (json_object_object_get_ex(o, argv[2], &v)) {
				if (json_object_is_type(v, json_type_string))
					puts(json_object_get_string(v));
				else
					puts(json_object_to_json_string_ext(v,
					    JSON_C_TO_STRING_PLAIN));
			} else
				puts("(missing)");
		} else {
			keys = strdup(argv[2]);
			for (k = strtok_r(keys, ",", &save); k != NULL;
			    k = strtok_r(NULL, ",", &save)) {
				if (!json_object_object_get_ex(o, k, NULL)) {
					fprintf(stderr, "jsonq: line %ld: no key "
					    "\"%s\"\n", lineno, k);
					return 1;
				}
			}
			free(keys);
		}
		json_object_put(o);
	}
	if (strcmp(argv[1], "-k") == 0)
		printf("%ld\n", lineno);
	free(line);
	return 0;
}
