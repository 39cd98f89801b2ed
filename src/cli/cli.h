/*
 * cli.h - the normwatch command: global options and one function per verb.
 *
 * Each cmd_* gets argv after the verb (argv[0] is the verb) and returns an
 * exit status from the table below; normwatch.1 documents the same table.
 */
#ifndef NORMWATCH_CLI_H
#define NORMWATCH_CLI_H

/* Exit statuses (EXIT STATUS in normwatch(1)). */
#define NW_EXIT_OK		0	/* everything worked */
#define NW_EXIT_PARTIAL		1	/* some feeds failed, others landed */
#define NW_EXIT_FAILED		2	/* nothing could be done */
#define NW_EXIT_USAGE		64	/* EX_USAGE: bad command line */
#define NW_EXIT_DATAERR		65	/* EX_DATAERR: bad input file */
#define NW_EXIT_SOFTWARE	70	/* EX_SOFTWARE: internal error */
#define NW_EXIT_IOERR		74	/* EX_IOERR: cannot write output */
#define NW_EXIT_TEMPFAIL	75	/* EX_TEMPFAIL: another run holds the lock */
#define NW_EXIT_CONFIG		78	/* EX_CONFIG: bad feed definitions */

struct nw_config;

/* Options that come before the verb. */
struct nw_globals {
	const char	*db;		/* --db PATH, or NULL for the default */
	int		 verbose;	/* -v count */
	int		 quiet;		/* -q */
	const char	*config;	/* --config FILE, or NULL */
	const char	*log_format;	/* --log-format text|json, or NULL */
	int		 syslog;	/* --syslog */
	int		 system;	/* --system: the system layout */
	const struct nw_config *conf;	/* normwatch.conf in force (an
					   empty one when there is no file);
					   set before the verb runs */
};

extern struct nw_globals nw_globals;

/*
 * normwatch.conf: --config FILE, else the default file (paths.h) when it
 * exists, else an empty configuration.  Every error is printed with
 * file:line:col; NULL after any.  Free with nw_config_free.
 */
struct nw_config *cli_config_load(void);
/*
 * Put a configuration in force: log level, format and syslog, and the
 * path defaults (store, feeds, rules, cache, output), the global flags
 * winning over the file.  Sets nw_globals.conf (the caller keeps c).
 */
void	cli_config_apply(const struct nw_config *c);

/* The store path: --db or the default (caller frees). */
char	*cli_db_path(void);

struct nw_store;
/* Open the store read-only; NULL after telling the user why. */
struct nw_store *cli_open_ro(const char *dbpath);

struct nw_rules;
struct nw_supporters;
/*
 * The norms rules of dir (NULL: DATADIR/norms), every error printed as
 * file:line:col; NULL when any.
 */
struct nw_rules *cli_load_rules(const char *dir);
/* The Paris Call supporters table of DATADIR/reference; NULL after an error. */
struct nw_supporters *cli_load_supporters(void);

struct nw_merge_decisions;
/*
 * The curated merge decisions of DIR/merges.tsv (DIR NULL: the default
 * feeds directory; a missing file is none), every error printed as
 * file:line:col; NULL when any.  Free with cli_merges_free.
 */
struct nw_merge_decisions *cli_load_merges(const char *feeds_dir);
void	cli_merges_free(struct nw_merge_decisions *);

int	cmd_ingest(int argc, char **argv);
int	cmd_reports(int argc, char **argv);
int	cmd_feeds(int argc, char **argv);
int	cmd_status(int argc, char **argv);
int	cmd_remap(int argc, char **argv);
int	cmd_explain(int argc, char **argv);
int	cmd_eval(int argc, char **argv);
int	cmd_validate(int argc, char **argv);
int	cmd_export(int argc, char **argv);
int	cmd_actors(int argc, char **argv);
int	cmd_merge(int argc, char **argv);
int	cmd_report(int argc, char **argv);
int	cmd_serve(int argc, char **argv);
int	cmd_passwd(int argc, char **argv);
int	cmd_config(int argc, char **argv);
int	cmd_run(int argc, char **argv);

#endif
