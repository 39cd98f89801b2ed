/*
 * cmd_serve.c - normwatch serve [--listen ADDR:PORT] --users FILE
 * [--tls-cert FILE --tls-key FILE]: the store's collections over TAXII
 * 2.1 (src/serve/, taxii_server.h).
 *
 * It publishes what the export holds into the collections first, then
 * serves until SIGINT or SIGTERM, publishing again every --publish-every
 * seconds (and on SIGHUP) when the store has changed.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "normwatch/config.h"
#include "normwatch/log.h"
#include "normwatch/paths.h"
#include "normwatch/refdata.h"
#include "normwatch/store.h"
#include "normwatch/taxii_server.h"
#include "normwatch/users.h"
#include "normwatch/util.h"

#include "cli.h"

#define DEF_PUBLISH_EVERY	300	/* seconds between publish checks */
#define MAX_PUBLISH_EVERY	86400

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] serve [--listen ADDR:PORT] --users FILE\n"
	    "           [--tls-cert FILE --tls-key FILE] [--threads N]\n"
	    "           [--timeout SECONDS] [--max-connections N]\n"
	    "           [--publish-every SECONDS | --no-publish] [--port-file FILE]\n"
	    "           [--public-url URL]\n"
	    "\n"
	    "Serve the store over TAXII 2.1: the collections incidents (what\n"
	    "normwatch export writes), indicators (indicators and their\n"
	    "relationships) and inbox (where clients POST objects).  Users,\n"
	    "their crypt(3) hashes and their permissions come from the users\n"
	    "file (normwatch passwd adds them); see normwatch(1).\n"
	    "\n"
	    "  --listen ADDR:PORT  the address (default " NW_TAXIIS_DEF_LISTEN ");\n"
	    "                  port 0 picks a free one\n"
	    "  --users FILE    the users file\n"
	    "  --tls-cert FILE, --tls-key FILE  serve HTTPS with this PEM\n"
	    "                  certificate and key\n"
	    "  --threads N     worker threads (default %d)\n"
	    "  --timeout SECONDS  idle time of a connection and whole time of a\n"
	    "                  request (default %d)\n"
	    "  --max-connections N  connections at once (default %d)\n"
	    "  --publish-every SECONDS  look for store changes this often\n"
	    "                  (default %d; 0: only at start and on SIGHUP)\n"
	    "  --no-publish    serve the collections as they are\n"
	    "  --port-file FILE  write the port bound to FILE\n"
	    "  --public-url URL  the server's URL as clients reach it (behind\n"
	    "                  a proxy): discovery then lists absolute URLs\n"
	    "\n"
	    "Exit status: 0 stopped by a signal, 2 the store cannot be read\n"
	    "or published, 64 usage, 78 a bad users file.\n",
	    NW_TAXIIS_DEF_THREADS, NW_TAXIIS_DEF_TIMEOUT,
	    NW_TAXIIS_MAX_CONNECTIONS, DEF_PUBLISH_EVERY);
}

static int
opt_uint(const char *name, const char *s, long long max, unsigned *out)
{
	long long v;

	if (nw_parse_ll(s, 0, max, &v) == -1) {
		nw_log(NW_LOG_ERROR, "serve", "%s wants a number from 0 to "
		    "%lld, not \"%s\"", name, max, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int
publish(const char *dbpath, const struct nw_refdata *ref, int force)
{
	struct nw_taxiis_publish_stats st;
	struct nw_store *store;
	struct nw_error err;
	int rc = -1;

	nw_error_clear(&err);
	store = nw_store_open(dbpath, NW_STORE_RW, &err);
	if (store == NULL) {
		nw_log_error(&err);
		return -1;
	}
	if (nw_taxiis_publish(store, ref, force, &st, &err) == -1) {
		nw_log_error(&err);
		goto out;
	}
	if (!st.skipped)
		nw_log(NW_LOG_INFO, "serve", "published %lld objects: %lld "
		    "versions new to incidents, %lld to indicators",
		    st.objects, st.added, st.indicators);
	rc = 0;
out:
	nw_store_close(store);
	return rc;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "users", required_argument, NULL, 'u' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "threads", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "max-connections", required_argument, NULL, 'm' },
		{ "publish-every", required_argument, NULL, 'P' },
		{ "no-publish", no_argument, NULL, 'N' },
		{ "port-file", required_argument, NULL, 'p' },
		{ "public-url", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct nw_taxiis_opts o;
	struct nw_taxiis *srv = NULL;
	struct nw_users *users = NULL;
	struct nw_refdata *ref = NULL;
	struct nw_error err;
	const char *usersfile = NULL;
	char *dbpath = NULL, *refdir = NULL;
	unsigned every = DEF_PUBLISH_EVERY;
	int c, nopublish = 0, anon_wanted = 0, rc = NW_EXIT_FAILED;
	sigset_t sigs;

	memset(&o, 0, sizeof(o));
	for (;;) {
		c = getopt_long(argc, argv, "h", longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'l':
			o.listen = optarg;
			break;
		case 'u':
			usersfile = optarg;
			break;
		case 'C':
			o.tls_cert = optarg;
			break;
		case 'K':
			o.tls_key = optarg;
			break;
		case 't':
			if (opt_uint("--threads", optarg,
			    NW_TAXIIS_MAX_THREADS, &o.threads) == -1)
				return NW_EXIT_USAGE;
			break;
		case 'T':
			if (opt_uint("--timeout", optarg, 3600,
			    &o.timeout) == -1)
				return NW_EXIT_USAGE;
			break;
		case 'm':
			if (opt_uint("--max-connections", optarg, 65536,
			    &o.max_connections) == -1)
				return NW_EXIT_USAGE;
			break;
		case 'P':
			if (opt_uint("--publish-every", optarg,
			    MAX_PUBLISH_EVERY, &every) == -1)
				return NW_EXIT_USAGE;
			break;
		case 'N':
			nopublish = 1;
			break;
		case 'p':
			o.port_file = optarg;
			break;
		case 'U':
			o.public_url = optarg;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	/* normwatch.conf's taxii-* keys, where the command line said nothing */
	if (nw_globals.conf != NULL) {
		const struct nw_config_taxii *t = &nw_globals.conf->taxii;

		if (o.listen == NULL)
			o.listen = t->listen;
		if (usersfile == NULL)
			usersfile = t->users;
		if (o.tls_cert == NULL && o.tls_key == NULL) {
			o.tls_cert = t->tls_cert;
			o.tls_key = t->tls_key;
		}
		if (t->anonymous_read == 0)
			o.no_anonymous = 1;
		anon_wanted = t->anonymous_read == 1;
	}
	if (optind < argc || usersfile == NULL) {
		if (usersfile == NULL)
			nw_log(NW_LOG_ERROR, "serve", "--users FILE is needed "
			    "(normwatch passwd --users FILE USER makes one)");
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	if ((o.tls_cert == NULL) != (o.tls_key == NULL)) {
		nw_log(NW_LOG_ERROR, "serve", "--tls-cert and --tls-key go "
		    "together");
		return NW_EXIT_USAGE;
	}
	nw_error_clear(&err);
	users = nw_users_load(usersfile, &err);
	if (users == NULL) {
		nw_log_error(&err);
		return NW_EXIT_CONFIG;
	}
	if (anon_wanted && nw_users_anonymous(users) == NULL) {
		nw_log(NW_LOG_ERROR, "serve", "taxii-anonymous-read = yes, but "
		    "%s has no \"anonymous\" line to say what anonymous "
		    "clients may read (e.g. anonymous:*:*=r)", usersfile);
		nw_users_free(users);
		return NW_EXIT_CONFIG;
	}
	dbpath = cli_db_path();
	o.dbpath = dbpath;
	if (!nopublish) {
		refdir = nw_path_data("reference");
		ref = nw_refdata_load(refdir, &err);
		if (ref == NULL) {
			nw_log_error(&err);
			rc = NW_EXIT_CONFIG;
			goto out;
		}
		if (publish(dbpath, ref, 0) == -1)
			goto out;
	} else {
		/* the collections' tables must be there: migrate */
		struct nw_store *s = nw_store_open(dbpath, NW_STORE_RW, &err);

		if (s == NULL) {
			nw_log_error(&err);
			goto out;
		}
		nw_store_close(s);
	}
	/* the workers inherit the mask: only this thread takes signals */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	srv = nw_taxiis_start(&o, users, &err);
	if (srv == NULL) {
		nw_log_error(&err);
		rc = err.code == NW_E_USAGE ? NW_EXIT_USAGE : NW_EXIT_FAILED;
		goto out;
	}
	nw_log(NW_LOG_INFO, "serve", "serving TAXII 2.1 on %s port %u%s",
	    o.listen != NULL ? o.listen : NW_TAXIIS_DEF_LISTEN,
	    nw_taxiis_port(srv), o.tls_cert != NULL ? " (HTTPS)" : "");
	if (o.port_file != NULL) {
		char port[16];

		snprintf(port, sizeof(port), "%u\n", nw_taxiis_port(srv));
		if (nw_write_file_atomic(o.port_file, port, strlen(port),
		    &err) == -1) {
			nw_log_error(&err);
			goto out;
		}
	}
	for (;;) {
		struct timespec ts;
		int sig;

		ts.tv_sec = every > 0 && !nopublish ? every : 3600;
		ts.tv_nsec = 0;
		sig = sigtimedwait(&sigs, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (nopublish || (sig == -1 && (errno != EAGAIN || every == 0)))
			continue;
		/* a failed publish leaves the collections as they were */
		(void)publish(dbpath, ref, 0);
	}
	nw_log(NW_LOG_INFO, "serve", "stopped");
	rc = NW_EXIT_OK;
out:
	nw_taxiis_stop(srv);
	nw_users_free(users);
	nw_refdata_free(ref);
	free(refdir);
	free(dbpath);
	return rc;
}
