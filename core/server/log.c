/* One line per call on stderr. The master opens the log file and every
 * worker inherits it; lines under PIPE_BUF are written whole with one
 * write(2), so workers never interleave within a line. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "core.h"

static enum vv_log_level min_level = VV_LOG_INFO;
/* getpid() once per process, not once per line (a request logs a line). */
static pid_t my_pid;

void vv_log_forked(void)
{
	my_pid = 0;
}

void vv_log_set_level(enum vv_log_level level)
{
	min_level = level;
}

void vv_log(enum vv_log_level level, const char *fmt, ...)
{
	static const char *names[] = {"debug", "info", "warn", "error"};
	/* The database layer says "db: ..." on every error and retry: counted
	 * here for /metrics, so the layer needs no second report of each. */
	if (fmt[0] == 'd' && fmt[1] == 'b' && fmt[2] == ':') {
		if (level == VV_LOG_ERROR)
			vv_metrics_count(VV_M_DB_ERRORS);
		else if (strstr(fmt, "will retry"))
			vv_metrics_count(VV_M_DB_RETRIES);
	}
	if (level < min_level)
		return;
	char buf[2048];
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	if (!my_pid)
		my_pid = getpid();
	gmtime_r(&tv.tv_sec, &tm);
	int n = snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s [%d] ",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec, (long)(tv.tv_usec / 1000), names[level], (int)my_pid);
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	buf[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, buf, len);
	(void)w;
}
