/*
 * test_convert.c - nw_convert and nw_argv_split: real child processes
 * (cat, false, sleep, yes, sh, pdftotext), the limits crossed, and the
 * sample PDF's text checked for the noise real lists carry.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/convert.h"
#include "normwatch/error.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

#define SAMPLE_HEADER	"Significant Cyber Incidents | Last updated December 2024"
#define SAMPLE_PAGES	7

static const char *
srcdir(void)
{
	const char *d = getenv("NW_SRCDIR");

	return d != NULL && *d != '\0' ? d : ".";
}

static char *
slurp(const char *rel, size_t *len)
{
	struct nw_error err;
	char path[1024], *d;

	nw_error_clear(&err);
	snprintf(path, sizeof(path), "%s/%s", srcdir(), rel);
	d = nw_read_file(path, 64u << 20, len, &err);
	if (d == NULL)
		fail_msg("cannot read %s: %s", path, err.msg);
	return d;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
limits_timeout(struct nw_limits *l, long seconds)
{
	nw_limits_default(l);
	l->convert_timeout = seconds;
}

/* --- nw_argv_split -------------------------------------------------------- */

static void
check_split(const char *line, const char *const *want)
{
	char **v = nw_argv_split(line);
	size_t i;

	assert_non_null(v);
	for (i = 0; want[i] != NULL; i++) {
		assert_non_null(v[i]);
		assert_string_equal(v[i], want[i]);
	}
	assert_null(v[i]);
	nw_argv_free(v);
}

static void
test_argv_split(void **state)
{
	char *big;
	(void)state;

	check_split("pdftotext -enc UTF-8 - -",
	    (const char *[]){ "pdftotext", "-enc", "UTF-8", "-", "-", NULL });
	check_split("  a \t b\r\n c  ", (const char *[]){ "a", "b", "c", NULL });
	check_split("sh -c 'echo \"hi there\"; exit 3'",
	    (const char *[]){ "sh", "-c", "echo \"hi there\"; exit 3", NULL });
	check_split("say \"it's fine\"",
	    (const char *[]){ "say", "it's fine", NULL });
	check_split("a'b c'd \"e\"f", (const char *[]){ "ab cd", "ef", NULL });
	check_split("x '' \"\" y", (const char *[]){ "x", "", "", "y", NULL });
	/* no expansion of any kind, and backslash is an ordinary byte */
	check_split("echo $HOME * ~ `id` a\\ b",
	    (const char *[]){ "echo", "$HOME", "*", "~", "`id`", "a\\", "b",
	    NULL });

	assert_null(nw_argv_split(NULL));
	assert_null(nw_argv_split(""));
	assert_null(nw_argv_split(" \t \n"));
	assert_null(nw_argv_split("sh -c 'unbalanced"));
	assert_null(nw_argv_split("say \"unbalanced"));
	assert_null(nw_argv_split("'"));

	big = xmalloc(NW_MAX_CONF_LINE + 2);
	memset(big, 'a', NW_MAX_CONF_LINE + 1);
	big[NW_MAX_CONF_LINE + 1] = '\0';
	assert_null(nw_argv_split(big));
	big[NW_MAX_CONF_LINE] = '\0';
	{
		char **v = nw_argv_split(big);

		assert_non_null(v);
		assert_int_equal(strlen(v[0]), NW_MAX_CONF_LINE);
		nw_argv_free(v);
	}
	free(big);
	nw_argv_free(NULL);
}

/* --- running programs ----------------------------------------------------- */

static void
test_cat_roundtrip(void **state)
{
	static const char in[] = "line one\nline two\0binary\xff\r\n";
	struct nw_error err;
	size_t n = 99;
	char *out;
	(void)state;

	nw_error_clear(&err);
	out = nw_convert("cat", in, sizeof(in) - 1, NULL, &n, &err);
	assert_non_null(out);
	assert_int_equal(err.code, NW_E_OK);
	assert_int_equal(n, sizeof(in) - 1);
	assert_memory_equal(out, in, n);
	assert_int_equal(out[n], '\0');
	free(out);

	/* empty input, empty output */
	out = nw_convert("cat", "", 0, NULL, &n, &err);
	assert_non_null(out);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	free(out);
}

static void
test_false_is_parse_error(void **state)
{
	struct nw_error err;
	size_t n;
	(void)state;

	nw_error_clear(&err);
	assert_null(nw_convert("false", "x", 1, NULL, &n, &err));
	assert_int_equal(err.code, NW_E_PARSE);
	assert_non_null(strstr(err.msg, "'false'"));
	assert_non_null(strstr(err.msg, "exit status 1"));
}

static void
test_stderr_quoted_and_escaped(void **state)
{
	struct nw_error err;
	size_t n;
	(void)state;

	nw_error_clear(&err);
	assert_null(nw_convert("sh -c 'printf \"\\n  \\033[31mSyntax Error: "
	    "bad xref\\n2nd line\\n\" >&2; exit 3'", "x", 1, NULL, &n, &err));
	assert_int_equal(err.code, NW_E_PARSE);
	assert_non_null(strstr(err.msg, "exit status 3"));
	/* first non-empty line, control byte escaped, second line absent */
	assert_non_null(strstr(err.msg, "\\x1b[31mSyntax Error: bad xref"));
	assert_null(strstr(err.msg, "2nd line"));
	assert_null(strchr(err.msg, '\033'));
	assert_null(strchr(err.msg, '\n'));

	/* a long line is cut short */
	nw_error_clear(&err);
	assert_null(nw_convert("sh -c 'head -c 5000 /dev/zero | tr \"\\0\" x "
	    ">&2; exit 1'", NULL, 0, NULL, &n, &err));
	assert_int_equal(err.code, NW_E_PARSE);
	assert_non_null(strstr(err.msg, "xxx..."));
	assert_true(strlen(err.msg) < NW_LOG_FIELD_MAX + 100);
}

static void
test_signal_is_parse_error(void **state)
{
	struct nw_error err;
	size_t n;
	(void)state;

	nw_error_clear(&err);
	assert_null(nw_convert("sh -c 'kill -SEGV $$'", NULL, 0, NULL, &n,
	    &err));
	assert_int_equal(err.code, NW_E_PARSE);
	assert_non_null(strstr(err.msg, "signal 11"));
}

static void
test_missing_program_is_io(void **state)
{
	struct nw_error err;
	size_t n;
	(void)state;

	nw_error_clear(&err);
	assert_null(nw_convert("nw-no-such-converter -x", "x", 1, NULL, &n,
	    &err));
	assert_int_equal(err.code, NW_E_IO);
	assert_string_equal(err.msg, "cannot run 'nw-no-such-converter': "
	    "No such file or directory");

	nw_error_clear(&err);
	assert_null(nw_convert("/nonexistent/dir/pdftotext -", "x", 1, NULL,
	    &n, &err));
	assert_int_equal(err.code, NW_E_IO);

	/* not executable */
	nw_error_clear(&err);
	assert_null(nw_convert("/etc/passwd", "x", 1, NULL, &n, &err));
	assert_int_equal(err.code, NW_E_IO);
	assert_non_null(strstr(err.msg, "Permission denied"));
}

static void
test_bad_cmdline_is_config(void **state)
{
	struct nw_error err;
	size_t n;
	(void)state;

	nw_error_clear(&err);
	assert_null(nw_convert("", "x", 1, NULL, &n, &err));
	assert_int_equal(err.code, NW_E_CONFIG);
	nw_error_clear(&err);
	assert_null(nw_convert("pdftotext 'oops", "x", 1, NULL, &n, &err));
	assert_int_equal(err.code, NW_E_CONFIG);
}

static void
test_timeout(void **state)
{
	struct nw_limits l;
	struct nw_error err;
	double t0, dt;
	size_t n;
	(void)state;

	limits_timeout(&l, 1);
	nw_error_clear(&err);
	t0 = now_s();
	assert_null(nw_convert("sleep 5", NULL, 0, &l, &n, &err));
	dt = now_s() - t0;
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "timed out after 1 s"));
	assert_true(dt >= 0.9 && dt < 3.0);
}

/* A converter that closes its output but does not exit is still timed. */
static void
test_timeout_after_eof(void **state)
{
	struct nw_limits l;
	struct nw_error err;
	double t0, dt;
	size_t n;
	(void)state;

	limits_timeout(&l, 1);
	nw_error_clear(&err);
	t0 = now_s();
	assert_null(nw_convert("sh -c 'exec >&- 2>&-; sleep 5'", NULL, 0, &l,
	    &n, &err));
	dt = now_s() - t0;
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_true(dt < 3.0);
}

/* The whole process group goes: a grandchild does not outlive us. */
static void
test_timeout_kills_group(void **state)
{
	struct nw_limits l;
	struct nw_error err;
	char path[] = "/tmp/nwconvert.XXXXXX", cmd[512], *pidtxt, stat[64];
	char statpath[64], *p;
	long long pid;
	size_t n;
	int fd, gone = 0, i;
	(void)state;

	fd = mkstemp(path);
	assert_true(fd != -1);
	close(fd);
	snprintf(cmd, sizeof(cmd), "sh -c 'sleep 30 & echo $! > %s; wait'",
	    path);
	limits_timeout(&l, 1);
	nw_error_clear(&err);
	assert_null(nw_convert(cmd, NULL, 0, &l, &n, &err));
	assert_int_equal(err.code, NW_E_LIMIT);
	pidtxt = nw_read_file(path, 64, &n, &err);
	unlink(path);
	assert_non_null(pidtxt);
	while (n > 0 && (pidtxt[n - 1] == '\n'))
		pidtxt[--n] = '\0';
	assert_int_equal(nw_parse_ll(pidtxt, 2, 1LL << 30, &pid), 0);
	free(pidtxt);
	/* gone, or a zombie waiting for init to reap it */
	snprintf(statpath, sizeof(statpath), "/proc/%lld/stat", pid);
	for (i = 0; i < 100 && !gone; i++) {
		FILE *f = fopen(statpath, "r");

		if (f == NULL) {
			gone = 1;
			break;
		}
		memset(stat, 0, sizeof(stat));
		p = fgets(stat, sizeof(stat), f) != NULL ?
		    strrchr(stat, ')') : NULL;
		if (p != NULL && (p[2] == 'Z' || p[2] == 'X'))
			gone = 1;
		fclose(f);
		if (!gone)
			usleep(20000);
	}
	assert_true(gone);
}

static void
test_output_cap(void **state)
{
	struct nw_error err;
	double t0;
	size_t n;
	char *out;
	(void)state;

	nw_error_clear(&err);
	t0 = now_s();
	assert_null(nw_convert_max("yes", NULL, 0, NULL, 1u << 20, &n, &err));
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "printed more than 1048576 bytes"));
	assert_true(now_s() - t0 < 5.0);

	/* exactly at the cap is fine, one byte more is not */
	out = nw_convert_max("head -c 1000 /dev/zero", NULL, 0, NULL, 1000, &n,
	    &err);
	assert_non_null(out);
	assert_int_equal(n, 1000);
	free(out);
	nw_error_clear(&err);
	assert_null(nw_convert_max("head -c 1001 /dev/zero", NULL, 0, NULL,
	    1000, &n, &err));
	assert_int_equal(err.code, NW_E_LIMIT);
}

static void
test_large_input_no_deadlock(void **state)
{
	const size_t len = 12u << 20;
	struct nw_limits l;
	struct nw_error err;
	char *in, *out;
	size_t i, n;
	(void)state;

	in = xmalloc(len);
	for (i = 0; i < len; i++)
		in[i] = (char)('a' + (i * 7 + i / 4099) % 26);
	limits_timeout(&l, 60);
	nw_error_clear(&err);
	out = nw_convert("cat", in, len, &l, &n, &err);
	assert_non_null(out);
	assert_int_equal(n, len);
	assert_memory_equal(out, in, len);
	free(out);

	/* the same through a program that writes to stderr as much */
	out = nw_convert("sh -c 'tee /dev/stderr'", in, len, &l, &n, &err);
	assert_non_null(out);
	assert_int_equal(n, len);
	assert_memory_equal(out, in, len);
	free(out);
	free(in);
}

/* A converter that stops reading early: no SIGPIPE, its status counts. */
static void
test_early_exit_no_sigpipe(void **state)
{
	const size_t len = 8u << 20;
	struct nw_error err;
	char *in, *out;
	size_t n;
	(void)state;

	in = xmalloc(len);
	memset(in, 'z', len);
	nw_error_clear(&err);
	out = nw_convert("head -c 10", in, len, NULL, &n, &err);
	assert_non_null(out);
	assert_int_equal(n, 10);
	assert_memory_equal(out, in, 10);
	free(out);

	out = nw_convert("true", in, len, NULL, &n, &err);
	assert_non_null(out);
	assert_int_equal(n, 0);
	free(out);

	nw_error_clear(&err);
	assert_null(nw_convert("false", in, len, NULL, &n, &err));
	assert_int_equal(err.code, NW_E_PARSE);
	free(in);
}

/* The child sees stdin, stdout, stderr and nothing else of ours. */
static void
test_no_fd_leak_and_limits(void **state)
{
	struct nw_limits l;
	struct nw_error err;
	char want[64], *out;
	size_t n;
	int fd;
	(void)state;

	fd = open("/dev/null", O_RDONLY);	/* no O_CLOEXEC on purpose */
	assert_true(fd > 2);
	nw_error_clear(&err);
	out = nw_convert("sh -c 'ls /proc/$$/fd; exit 0'", NULL, 0, NULL, &n,
	    &err);
	assert_non_null(out);
	assert_string_equal(out, "0\n1\n2\n");
	free(out);
	close(fd);

	/* address space and CPU limits as ulimit reports them (KiB, s) */
	limits_timeout(&l, 7);
	out = nw_convert("sh -c 'ulimit -v; ulimit -t'", NULL, 0, &l, &n, &err);
	assert_non_null(out);
	snprintf(want, sizeof(want), "%u\n7\n", NW_CONVERT_MAX_MEM / 1024);
	assert_string_equal(out, want);
	free(out);
}

/* Works when our own stdin is closed (cron): pipes may land on fd 0. */
static void
test_closed_stdin(void **state)
{
	struct nw_error err;
	char *out;
	size_t n;
	int save;
	(void)state;

	save = dup(0);
	assert_true(save != -1);
	close(0);
	nw_error_clear(&err);
	out = nw_convert("cat", "abc", 3, NULL, &n, &err);
	assert_int_equal(dup2(save, 0), 0);
	close(save);
	assert_non_null(out);
	assert_string_equal(out, "abc");
	free(out);
}

/* --- pdftotext on the samples --------------------------------------------- */

static int
have_pdftotext(void)
{
	return access(NW_PDFTOTEXT, X_OK) == 0;
}

/* Lower-cased ASCII letters and digits only: extraction noise gone. */
static char *
squash(const char *s, size_t len)
{
	char *o = xmalloc(len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			o[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			o[n++] = (char)c;
	}
	o[n] = '\0';
	return o;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = strstr(hay, needle);

	while (p != NULL) {
		n++;
		p = strstr(p + strlen(needle), needle);
	}
	return n;
}

/*
 * The text without running headers and page-number lines, so entries cut
 * by a page break join up again.
 */
static int
is_page_line(const char *p, size_t n)
{
	size_t i, digits = 0;

	if (n > 0 && *p == '\f') {
		p++;
		n--;
	}
	if (n >= strlen(SAMPLE_HEADER) &&
	    strncmp(p, SAMPLE_HEADER, strlen(SAMPLE_HEADER)) == 0)
		return 1;
	for (i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			digits++;
		else if (p[i] != ' ' && p[i] != '\r' && p[i] != '\n')
			return 0;
	}
	return digits > 0;
}

static char *
strip_pages(const char *text)
{
	struct nw_buf b;
	const char *p = text, *nl;
	size_t n;

	nw_buf_init(&b, strlen(text));
	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) + 1 : strlen(p);
		if (!is_page_line(p, n))
			assert_int_equal(nw_buf_add(&b, p, n), 0);
		p += n;
	}
	return nw_buf_detach(&b, NULL);
}

static void
check_expected_entries(const char *text)
{
	char *tsv, *line, *next, *body, *flat;
	size_t len, rows = 0;

	body = strip_pages(text);
	flat = squash(body, strlen(body));
	tsv = slurp("feeds/samples/expected-entries.tsv", &len);
	for (line = tsv; line != NULL && *line != '\0'; line = next) {
		char *f1, *f2, *s1, *s2;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		f1 = strchr(line, '\t');
		assert_non_null(f1);
		*f1++ = '\0';
		f2 = strchr(f1, '\t');
		assert_non_null(f2);
		*f2++ = '\0';
		s1 = squash(f1, strlen(f1));
		s2 = squash(f2, strlen(f2));
		if (strstr(flat, s1) == NULL || strstr(flat, s2) == NULL)
			fail_msg("entry %s \"%s ... %s\" not in the text", line,
			    f1, f2);
		free(s1);
		free(s2);
		rows++;
	}
	assert_true(rows >= 40);
	free(tsv);
	free(flat);
	free(body);
}

static void
test_sample_pdf(void **state)
{
	struct nw_limits l;
	struct nw_error err;
	char *pdf, *txt, num[16];
	size_t len, n;
	int i;
	(void)state;

	if (!have_pdftotext())
		skip();
	pdf = slurp("feeds/samples/csis-list.pdf", &len);
	nw_limits_default(&l);
	nw_error_clear(&err);
	txt = nw_convert(NW_PDF_CONVERTER, pdf, len, &l, &n, &err);
	if (txt == NULL)
		fail_msg("pdftotext: %s", err.msg);
	assert_int_equal(strlen(txt), n);

	/* pages: one form feed each, the running header on every one */
	assert_int_equal(count(txt, "\f"), SAMPLE_PAGES);
	assert_int_equal(count(txt, SAMPLE_HEADER), SAMPLE_PAGES);
	for (i = 1; i <= SAMPLE_PAGES; i++) {
		snprintf(num, sizeof(num), "\n%d\n", i);
		assert_non_null(strstr(txt, num));
	}
	/* a page break inside an entry: header then a lower-case line */
	assert_non_null(strstr(txt, "\fSignificant Cyber Incidents | Last "
	    "updated December 2024\n\nevidence.\n"));
	/* the preamble and the title are there, before the first entry */
	assert_true(strstr(txt, "This timeline records") <
	    strstr(txt, "November 2024. Suspected"));
	/* split words and space before punctuation, as on real lists */
	assert_non_null(strstr(txt, "Governme nt"));
	assert_non_null(strstr(txt, "a gainst"));
	assert_non_null(strstr(txt, "state -sponsored"));
	assert_non_null(strstr(txt, "Russian -speaking"));
	assert_non_null(strstr(txt, "\nMay 2022 . Pro-Russian"));
	assert_non_null(strstr(txt, "\nOctober 2020 . The U.S."));
	assert_non_null(strstr(txt, "\nApril 2022: Ukraine"));
	assert_non_null(strstr(txt, "\nDecember 12, 2023. A cyberattack"));
	/* undated entries at the start of a line */
	assert_non_null(strstr(txt, "\nSince 2017, hackers"));
	assert_non_null(strstr(txt, "\nThroughout 2020, state-sponsored"));
	/* curly quotes and accents from WinAnsiEncoding */
	assert_non_null(strstr(txt, "\xe2\x80\x9c" "front" "\xe2\x80\x9d"));
	assert_non_null(strstr(txt, "Russia\xe2\x80\x99s"));
	assert_non_null(strstr(txt, "D\xc3\xbcsseldorf"));
	assert_non_null(strstr(txt, "S\xc3\xa3o"));
	/*
	 * Hyphens at line ends: pdftotext 22.12 joins the lines and drops
	 * the hyphen, right for "cyber-/attack", wrong for "state-/sponsored"
	 * (older versions keep "state-\nsponsored").
	 */
	assert_non_null(strstr(txt, "by a cyberattack that left"));
	assert_true(strstr(txt, "Russian statesponsored group") != NULL ||
	    strstr(txt, "Russian state-\nsponsored group") != NULL);
	/* two entries with no blank line between them */
	assert_non_null(strstr(txt, "evening.\nFebruary 2022. Hours"));

	check_expected_entries(txt);
	free(txt);
	free(pdf);
}

static void
test_sample_txt_entries(void **state)
{
	char *txt;
	size_t len;
	(void)state;

	txt = slurp("feeds/samples/csis-list.txt", &len);
	assert_memory_equal(txt, "\xef\xbb\xbf", 3);
	assert_true(count(txt, "\r\n") > 300);
	assert_int_equal(count(txt, "\n"), count(txt, "\r\n"));
	assert_true(count(txt, "\f") >= 2);
	check_expected_entries(txt);
	free(txt);
}

static void
test_bad_pdfs(void **state)
{
	static const char *const bad[] = {
		"tests/data/docs/truncated.pdf",
		"tests/data/docs/not-a-pdf.pdf",
	};
	struct nw_limits l;
	struct nw_error err;
	size_t i, len, n;
	double t0;
	char *pdf;
	(void)state;

	if (!have_pdftotext())
		skip();
	limits_timeout(&l, 20);
	for (i = 0; i < NW_NELEM(bad); i++) {
		pdf = slurp(bad[i], &len);
		nw_error_clear(&err);
		t0 = now_s();
		assert_null(nw_convert(NW_PDF_CONVERTER, pdf, len, &l, &n,
		    &err));
		assert_true(now_s() - t0 < 10.0);
		if (err.code != NW_E_PARSE)
			fail_msg("%s: code %d: %s", bad[i], err.code, err.msg);
		/* pdftotext's own diagnostic is quoted */
		assert_non_null(strstr(err.msg, "Syntax"));
		free(pdf);
	}
	/* and an empty body */
	nw_error_clear(&err);
	assert_null(nw_convert(NW_PDF_CONVERTER, "", 0, &l, &n, &err));
	assert_int_equal(err.code, NW_E_PARSE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_split),
		cmocka_unit_test(test_cat_roundtrip),
		cmocka_unit_test(test_false_is_parse_error),
		cmocka_unit_test(test_stderr_quoted_and_escaped),
		cmocka_unit_test(test_signal_is_parse_error),
		cmocka_unit_test(test_missing_program_is_io),
		cmocka_unit_test(test_bad_cmdline_is_config),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_timeout_after_eof),
		cmocka_unit_test(test_timeout_kills_group),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_large_input_no_deadlock),
		cmocka_unit_test(test_early_exit_no_sigpipe),
		cmocka_unit_test(test_no_fd_leak_and_limits),
		cmocka_unit_test(test_closed_stdin),
		cmocka_unit_test(test_sample_pdf),
		cmocka_unit_test(test_sample_txt_entries),
		cmocka_unit_test(test_bad_pdfs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
