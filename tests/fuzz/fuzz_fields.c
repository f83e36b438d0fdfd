/* libFuzzer target for the small parsers that read form fields and
 * addresses: dates (2026-12-08 and 8.12.2026), times of day (12:30, 12.30,
 * 12:30:00), UTC timestamps, UUIDs in paths and the repeat rule. The bytes
 * are split at the first NUL-free '|' so that two fields at a time reach
 * vv_time_parse_local as a form sends them. Checks the promises: what is
 * accepted is in range and reads back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core.h"
#include "vv/time.h"
#include "vv/uuid.h"
#include "time/datetime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void one(const char *s)
{
	struct vv_date d;
	if (vv_time_parse_date(s, &d) == 0)
		check(vv_date_valid(d) && d.y >= 0 && d.y <= 9999 && d.m >= 1 &&
		      d.m <= 12 && d.d >= 1 && d.d <= 31);
	int hh, mm;
	if (vv_time_parse_hhmm(s, &hh, &mm) == 0)
		check(hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59);
	int64_t t;
	if (vv_parse_utc(s, &t) == 0) {
		time_t tt = (time_t)t;
		struct tm tm;
		check(gmtime_r(&tt, &tm) != NULL);
		check(tm.tm_year + 1900 >= 1 && tm.tm_year + 1900 <= 9999);
	}
	if (vv_uuid_valid(s))
		check(strlen(s) == 36);
	enum vv_repeat rep;
	if (vv_repeat_parse(s, &rep) == 0)
		check(strcmp(vv_repeat_name(rep), s) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256)
		return 0; /* form fields are short; longer adds nothing */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	one(s);
	char *bar = strchr(s, '|');
	if (bar) {
		*bar = '\0';
		one(bar + 1);
		int64_t utc;
		int flags = 0;
		if (vv_time_parse_local("Europe/Helsinki", s, bar + 1, &utc, &flags) == 0) {
			struct vv_date d;
			check(vv_time_parse_date(s, &d) == 0);
		}
	}
	free(s);
	return 0;
}
