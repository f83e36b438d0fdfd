/* Reading a buffered result: the row cursor and the typed getters. Every
 * cell is text (or NULL for SQL NULL), copied whole by db.c, so each getter
 * is a parse with the caller's default for anything it cannot read; see
 * vv/db.h for the rules. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core.h"
#include "db/result.h"

int vv_db_next(vv_db_res_t *res)
{
	if (!res || res->cur >= res->nrows)
		return 0;
	res->cur++;
	return res->cur <= res->nrows;
}

const char *vv_db_str(vv_db_res_t *res, unsigned col)
{
	if (!res || res->cur == 0 || res->cur > res->nrows || col >= res->ncols)
		return NULL;
	return res->cells[(res->cur - 1) * res->ncols + col];
}

bool vv_db_is_null(vv_db_res_t *res, unsigned col)
{
	return vv_db_str(res, col) == NULL;
}

/* A whole decimal integer that fits int64_t; false for anything else. */
static bool cell_int(vv_db_res_t *res, unsigned col, int64_t *out)
{
	const char *s = vv_db_str(res, col);
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = (int64_t)v;
	return true;
}

int64_t vv_db_int(vv_db_res_t *res, unsigned col, int64_t def)
{
	int64_t v;
	return cell_int(res, col, &v) ? v : def;
}

bool vv_db_bool(vv_db_res_t *res, unsigned col, bool def)
{
	int64_t v;
	return cell_int(res, col, &v) ? v != 0 : def;
}

double vv_db_double(vv_db_res_t *res, unsigned col, double def)
{
	const char *s = vv_db_str(res, col);
	if (!s || !*s)
		return def;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end)
		return def;
	return v;
}

time_t vv_db_time(vv_db_res_t *res, unsigned col, time_t def)
{
	const char *s = vv_db_str(res, col);
	if (!s || !*s)
		return def;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!errno && end != s && (*end == '\0' || *end == '.')) {
		/* UNIX_TIMESTAMP() of a DATETIME(6) has a fraction. */
		if (*end == '.' && end[1 + strspn(end + 1, "0123456789")] != '\0')
			return def;
		return (time_t)v;
	}
	struct tm tm = {0};
	int len = 0;
	if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &len) != 6 || len != 19)
		return def;
	const char *rest = s + len;
	if (*rest == '.')
		rest += 1 + strspn(rest + 1, "0123456789");
	if (*rest || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
		return def;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

uint64_t vv_db_rows(const vv_db_res_t *res)
{
	return res ? res->nrows : 0;
}
