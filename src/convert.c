/*
 * convert.c - running a converter program (pdftotext) on a fetched body.
 *
 * fork + execvp, no shell.  The child gets three pipes as stdin, stdout
 * and stderr and nothing else, a process group of its own, and rlimits on
 * address space and CPU time.  A fourth pipe, close-on-exec, carries an
 * errno back when the exec fails, so "no such program" is told apart from
 * "the program failed".  The parent feeds stdin and drains stdout and
 * stderr in one poll() loop (a converter that writes before it has read
 * all its input cannot deadlock us), and enforces the wall-clock limit and
 * the output cap, killing the child's group with SIGKILL.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/convert.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/util.h"

#define CONVERT_CHUNK		(64u << 10)	/* bytes per read or write */
#define CONVERT_MAX_STDERR	4096		/* bytes of stderr kept */
#define CONVERT_REAP_STEP_MS	10		/* waitpid polling step */
#define CONVERT_CPU_GRACE	5		/* hard RLIMIT_CPU above soft */
#define CONVERT_MAX_CLOSE_FD	65536		/* fallback close loop bound */
#define CONVERT_STATUS_FD	3		/* child: exec-status pipe */

/* What the child was doing when it failed, sent with errno. */
enum child_stage {
	STAGE_FDS = 1,
	STAGE_RLIMIT,
	STAGE_EXEC
};

struct child_status {
	int	stage;
	int	errnum;
};

struct proc {
	pid_t	pid;
	int	in;		/* parent's end of the child's stdin, or -1 */
	int	out;		/* parent's end of the child's stdout, or -1 */
	int	errfd;		/* parent's end of the child's stderr, or -1 */
	int	status;		/* read end of the exec-status pipe, or -1 */
};

/*
 * nw_buf_detach on a buffer nothing was ever added to hands out memory
 * that is not NUL-terminated; adding nothing first makes it "".
 */
static char *
buf_take(struct nw_buf *b, size_t *len)
{
	if (b->data == NULL && nw_buf_add(b, "", 0) == -1)
		b->over = 1;	/* nw_buf_detach then allocates "" itself */
	return nw_buf_detach(b, len);
}

/* --- argv ------------------------------------------------------------- */

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void
nw_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

char **
nw_argv_split(const char *cmdline)
{
	struct nw_buf word;
	char **argv = NULL, **res = NULL;
	size_t argc = 0, len, i;
	int quote = 0, inword = 0;

	if (cmdline == NULL)
		return NULL;
	len = strlen(cmdline);
	if (len > NW_MAX_CONF_LINE)
		return NULL;
	/* at most len/2 + 1 words, plus the NULL */
	argv = xcalloc(len / 2 + 2, sizeof(*argv));
	nw_buf_init(&word, len);
	for (i = 0; i <= len; i++) {
		int c = (unsigned char)cmdline[i];

		if (c == '\0' || (!quote && is_blank(c))) {
			if (quote)
				goto out;	/* unbalanced */
			if (inword) {
				argv[argc++] = buf_take(&word, NULL);
				nw_buf_init(&word, len);
				inword = 0;
			}
			continue;
		}
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (nw_buf_addc(&word, c) == -1)
				goto out;
			continue;
		}
		inword = 1;
		if (c == '\'' || c == '"')
			quote = c;
		else if (nw_buf_addc(&word, c) == -1)
			goto out;
	}
	if (argc == 0)
		goto out;
	res = argv;
	argv = NULL;
out:
	nw_buf_free(&word);
	nw_argv_free(argv);
	return res;
}

/* --- the child ----------------------------------------------------------- */

static void NW_NORETURN
child_fail(int fd, int stage, int errnum)
{
	struct child_status st;
	ssize_t r;

	st.stage = stage;
	st.errnum = errnum;
	do {
		r = write(fd, &st, sizeof(st));
	} while (r == -1 && errno == EINTR);
	_exit(127);
}

static void
limit_lower(int resource, rlim_t want, int statusfd)
{
	struct rlimit rl;

	if (getrlimit(resource, &rl) == -1)
		child_fail(statusfd, STAGE_RLIMIT, errno);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
		want = rl.rlim_max;
	rl.rlim_cur = want;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want)
		rl.rlim_max = want;
	if (setrlimit(resource, &rl) == -1)
		child_fail(statusfd, STAGE_RLIMIT, errno);
}

static void
limit_cpu(long seconds, int statusfd)
{
	struct rlimit rl;
	rlim_t soft = (rlim_t)seconds, hard = soft + CONVERT_CPU_GRACE;

	if (getrlimit(RLIMIT_CPU, &rl) == -1)
		child_fail(statusfd, STAGE_RLIMIT, errno);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < hard)
		hard = rl.rlim_max;
	if (soft > hard)
		soft = hard;
	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	if (setrlimit(RLIMIT_CPU, &rl) == -1)
		child_fail(statusfd, STAGE_RLIMIT, errno);
}

/*
 * After fork: only async-signal-safe calls.  fds[] are the child's ends
 * (stdin read end, stdout write end, stderr write end, status write end),
 * all close-on-exec.  They may sit anywhere, even at 0-2 when the parent
 * runs with a closed stdio (cron), so they are first moved above 3.
 */
static void NW_NORETURN
child_run(char **argv, const int fds[4], long timeout, int maxfd)
{
	struct sigaction sa;
	sigset_t none;
	int hi[4], i, st = fds[3];

	(void)setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);

	for (i = 0; i < 4; i++) {
		hi[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, CONVERT_STATUS_FD + 1);
		if (hi[i] == -1)
			child_fail(st, STAGE_FDS, errno);
	}
	st = hi[3];
	for (i = 0; i < 3; i++)
		if (dup2(hi[i], i) == -1)	/* dup2 clears FD_CLOEXEC */
			child_fail(st, STAGE_FDS, errno);
	if (dup2(hi[3], CONVERT_STATUS_FD) == -1)
		child_fail(st, STAGE_FDS, errno);
	st = CONVERT_STATUS_FD;
	if (fcntl(st, F_SETFD, FD_CLOEXEC) == -1)
		child_fail(st, STAGE_FDS, errno);
	/* nothing but stdio and the status pipe goes past exec */
#ifdef SYS_close_range
	if (syscall(SYS_close_range, CONVERT_STATUS_FD + 1, ~0U, 0) == -1)
#endif
	{
		for (i = CONVERT_STATUS_FD + 1; i < maxfd; i++)
			(void)close(i);
	}

	limit_lower(RLIMIT_AS, (rlim_t)NW_CONVERT_MAX_MEM, st);
	limit_cpu(timeout, st);

	execvp(argv[0], argv);
	child_fail(st, STAGE_EXEC, errno);
}

/* --- the parent ---------------------------------------------------------- */

static void
close_fd(int *fd)
{
	if (*fd != -1) {
		(void)close(*fd);
		*fd = -1;
	}
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1)
		return -1;
	return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Kill the child's process group (or the child alone) and reap it. */
static void
proc_kill(struct proc *p)
{
	int st;

	if (p->pid <= 0)
		return;
	if (kill(-p->pid, SIGKILL) == -1)
		(void)kill(p->pid, SIGKILL);
	while (waitpid(p->pid, &st, 0) == -1 && errno == EINTR)
		continue;
	p->pid = -1;
}

static void
proc_close(struct proc *p)
{
	close_fd(&p->in);
	close_fd(&p->out);
	close_fd(&p->errfd);
	close_fd(&p->status);
}

/*
 * Start argv.  Returns 0 with p filled, or -1 with *err set (NW_E_IO).
 * An exec failure is reported here: the status pipe gives the errno.
 */
static int
proc_start(struct proc *p, char **argv, long timeout, struct nw_error *err)
{
	char ebuf[NW_LOG_FIELD_MAX * 4 + 8];
	struct child_status cs;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 };
	int perr[2] = { -1, -1 }, pst[2] = { -1, -1 };
	int fds[4], maxfd, st, rc = -1;
	long openmax;
	ssize_t r;

	p->pid = -1;
	p->in = p->out = p->errfd = p->status = -1;
	nw_log_escape(argv[0], strlen(argv[0]), ebuf, sizeof(ebuf));

	if (pipe2(pin, O_CLOEXEC) == -1 || pipe2(pout, O_CLOEXEC) == -1 ||
	    pipe2(perr, O_CLOEXEC) == -1 || pipe2(pst, O_CLOEXEC) == -1) {
		nw_error_set(err, NW_E_IO, "cannot run '%s': pipe: %s", ebuf,
		    strerror(errno));
		goto out;
	}
	openmax = sysconf(_SC_OPEN_MAX);
	if (openmax <= 0 || openmax > CONVERT_MAX_CLOSE_FD)
		openmax = CONVERT_MAX_CLOSE_FD;
	maxfd = (int)openmax;
	fds[0] = pin[0];
	fds[1] = pout[1];
	fds[2] = perr[1];
	fds[3] = pst[1];

	p->pid = fork();
	if (p->pid == -1) {
		nw_error_set(err, NW_E_IO, "cannot run '%s': fork: %s", ebuf,
		    strerror(errno));
		goto out;
	}
	if (p->pid == 0)
		child_run(argv, fds, timeout, maxfd);

	/* both sides set the group, so kill(-pid) works whoever runs first */
	(void)setpgid(p->pid, p->pid);
	close_fd(&pin[0]);
	close_fd(&pout[1]);
	close_fd(&perr[1]);
	close_fd(&pst[1]);
	p->in = pin[1];
	p->out = pout[0];
	p->errfd = perr[0];
	p->status = pst[0];
	pin[1] = pout[0] = perr[0] = pst[0] = -1;

	/* EOF: exec succeeded (the pipe was close-on-exec) */
	do {
		r = read(p->status, &cs, sizeof(cs));
	} while (r == -1 && errno == EINTR);
	close_fd(&p->status);
	if (r == (ssize_t)sizeof(cs)) {
		while (waitpid(p->pid, &st, 0) == -1 && errno == EINTR)
			continue;
		p->pid = -1;
		if (cs.stage == STAGE_EXEC)
			nw_error_set(err, NW_E_IO, "cannot run '%s': %s", ebuf,
			    strerror(cs.errnum));
		else
			nw_error_set(err, NW_E_IO, "cannot run '%s': %s: %s",
			    ebuf, cs.stage == STAGE_RLIMIT ? "setrlimit" :
			    "file descriptors", strerror(cs.errnum));
		goto out;
	}
	if (set_nonblock(p->in) == -1 || set_nonblock(p->out) == -1 ||
	    set_nonblock(p->errfd) == -1) {
		nw_error_set(err, NW_E_IO, "cannot run '%s': fcntl: %s", ebuf,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close_fd(&pin[0]);
	close_fd(&pin[1]);
	close_fd(&pout[0]);
	close_fd(&pout[1]);
	close_fd(&perr[0]);
	close_fd(&perr[1]);
	close_fd(&pst[0]);
	close_fd(&pst[1]);
	if (rc == -1) {
		proc_kill(p);
		proc_close(p);
	}
	return rc;
}

/*
 * Read what is there from *fd into b.  Returns 1 on data, 0 on EOF or
 * nothing to read yet (EOF closes *fd), -1 when b would go over its cap
 * (with keep_going, what does not fit is read and dropped instead), -2 on
 * a read error.
 */
static int
drain(int *fd, struct nw_buf *b, int keep_going)
{
	char chunk[CONVERT_CHUNK];
	ssize_t r;

	r = read(*fd, chunk, sizeof(chunk));
	if (r == -1) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		return -2;
	}
	if (r == 0) {
		close_fd(fd);
		return 0;
	}
	if (keep_going) {
		size_t room = b->max - b->len;

		if ((size_t)r > room)
			r = (ssize_t)room;
		if (r > 0 && nw_buf_add(b, chunk, (size_t)r) == -1)
			return -2;
		return 1;
	}
	if (nw_buf_add(b, chunk, (size_t)r) == -1)
		return -1;
	return 1;
}

/* First non-empty line of stderr, escaped, into buf. */
static const char *
first_line(const struct nw_buf *b, char *buf, size_t sz)
{
	const char *p = b->data, *end, *nl;

	buf[0] = '\0';
	if (p == NULL)
		return buf;
	end = p + b->len;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (nl > p) {
			size_t n = (size_t)(nl - p);

			while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
				n--;
			return nw_log_escape(p, n, buf, sz);
		}
		p = nl + 1;
	}
	return buf;
}

char *
nw_convert(const char *cmdline, const void *in, size_t inlen,
    const struct nw_limits *limits, size_t *outlen, struct nw_error *err)
{
	return nw_convert_max(cmdline, in, inlen, limits, NW_MAX_CONVERT_OUT,
	    outlen, err);
}

char *
nw_convert_max(const char *cmdline, const void *in, size_t inlen,
    const struct nw_limits *limits, size_t maxout, size_t *outlen,
    struct nw_error *err)
{
	char name[NW_LOG_FIELD_MAX * 4 + 8], line[NW_LOG_FIELD_MAX * 4 + 8];
	struct sigaction ign, oldpipe;
	struct nw_buf out, errb;
	struct proc p = { -1, -1, -1, -1, -1 };
	struct pollfd pfd[3];
	const unsigned char *src = in;
	char **argv = NULL, *res = NULL;
	long long deadline, left;
	long timeout;
	size_t off = 0;
	int sigset = 0, st = 0, exited = 0, r;
	nfds_t n;

	if (outlen != NULL)
		*outlen = 0;
	if (in == NULL)
		inlen = 0;
	nw_buf_init(&out, maxout > NW_MAX_CONVERT_OUT ? NW_MAX_CONVERT_OUT :
	    maxout);
	nw_buf_init(&errb, CONVERT_MAX_STDERR);
	timeout = limits != NULL ? limits->convert_timeout : 0;
	if (timeout <= 0)
		timeout = NW_DEF_CONVERT_TIMEOUT;
	if (timeout > INT_MAX / 1000)
		timeout = INT_MAX / 1000;

	argv = nw_argv_split(cmdline);
	if (argv == NULL) {
		nw_error_set(err, NW_E_CONFIG, "bad converter command line "
		    "(empty, unbalanced quotes or too long)");
		goto out;
	}
	nw_log_escape(argv[0], strlen(argv[0]), name, sizeof(name));
	deadline = now_ms() + (long long)timeout * 1000;
	if (proc_start(&p, argv, timeout, err) == -1)
		goto out;

	/* a converter that quits early must not kill us with SIGPIPE */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	if (sigaction(SIGPIPE, &ign, &oldpipe) == 0)
		sigset = 1;
	if (inlen == 0)
		close_fd(&p.in);

	while (p.out != -1 || p.errfd != -1) {
		n = 0;
		if (p.in != -1) {
			pfd[n].fd = p.in;
			pfd[n++].events = POLLOUT;
		}
		if (p.out != -1) {
			pfd[n].fd = p.out;
			pfd[n++].events = POLLIN;
		}
		if (p.errfd != -1) {
			pfd[n].fd = p.errfd;
			pfd[n++].events = POLLIN;
		}
		left = deadline - now_ms();
		if (left <= 0)
			goto timedout;
		r = poll(pfd, n, (int)left);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			nw_error_set(err, NW_E_IO, "converter '%s': poll: %s",
			    name, strerror(errno));
			goto out;
		}
		if (r == 0)
			goto timedout;
		for (nfds_t i = 0; i < n; i++) {
			if (pfd[i].revents == 0)
				continue;
			if (pfd[i].fd == p.in) {
				size_t chunk = inlen - off;
				ssize_t w;

				if (chunk > CONVERT_CHUNK)
					chunk = CONVERT_CHUNK;
				w = write(p.in, src + off, chunk);
				if (w > 0)
					off += (size_t)w;
				else if (w == -1 && errno != EINTR &&
				    errno != EAGAIN && errno != EWOULDBLOCK)
					close_fd(&p.in);  /* EPIPE: stopped reading */
				if (off >= inlen)
					close_fd(&p.in);
			} else if (pfd[i].fd == p.out) {
				r = drain(&p.out, &out, 0);
				if (r == -1) {
					nw_error_set(err, NW_E_LIMIT,
					    "converter '%s' printed more than "
					    "%zu bytes", name, out.max);
					goto out;
				}
				if (r == -2) {
					nw_error_set(err, NW_E_IO, "converter "
					    "'%s': read: %s", name,
					    strerror(errno));
					goto out;
				}
			} else if (pfd[i].fd == p.errfd) {
				if (drain(&p.errfd, &errb, 1) == -2)
					close_fd(&p.errfd);
			}
		}
	}
	close_fd(&p.in);

	/* stdout and stderr are closed; wait for the exit, still on time */
	for (;;) {
		struct timespec ts = { 0, CONVERT_REAP_STEP_MS * 1000000L };
		pid_t w = waitpid(p.pid, &st, WNOHANG);

		if (w == p.pid) {
			exited = 1;
			p.pid = -1;
			break;
		}
		if (w == -1 && errno != EINTR) {
			nw_error_set(err, NW_E_INTERNAL, "converter '%s': "
			    "waitpid: %s", name, strerror(errno));
			p.pid = -1;
			goto out;
		}
		if (now_ms() >= deadline)
			goto timedout;
		nanosleep(&ts, NULL);
	}

	if (exited && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		res = buf_take(&out, outlen);
		goto out;
	}
	first_line(&errb, line, sizeof(line));
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)
		nw_error_set(err, NW_E_LIMIT, "converter '%s' used more than "
		    "%ld s of CPU time", name, timeout);
	else if (WIFSIGNALED(st))
		nw_error_set(err, NW_E_PARSE, "converter '%s' was killed by "
		    "signal %d%s%s%s", name, WTERMSIG(st),
		    line[0] != '\0' ? ": \"" : "", line,
		    line[0] != '\0' ? "\"" : "");
	else
		nw_error_set(err, NW_E_PARSE, "converter '%s' failed with exit "
		    "status %d%s%s%s", name, WEXITSTATUS(st),
		    line[0] != '\0' ? ": \"" : "", line,
		    line[0] != '\0' ? "\"" : "");
	goto out;

timedout:
	nw_error_set(err, NW_E_LIMIT, "converter '%s' timed out after %ld s",
	    name, timeout);
out:
	proc_kill(&p);
	proc_close(&p);
	if (sigset)
		(void)sigaction(SIGPIPE, &oldpipe, NULL);
	nw_buf_free(&out);
	nw_buf_free(&errb);
	nw_argv_free(argv);
	return res;
}
