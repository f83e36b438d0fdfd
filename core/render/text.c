/* vv/text.h: catalogue texts for C callers (mail, calendars). */
#include <string.h>
#include "core.h"
#include "vv/text.h"

const char *vv_text(vv_arena_t *a, const char *lang, const char *key, const char *const *args,
		    int nargs)
{
	const char *t = vv_i18n_get(lang, key);
	if (!t)
		t = vv_i18n_get("fi", key);
	if (!t) {
		vv_warn("i18n: no text for key \"%s\" in %s", key, lang ? lang : "-");
		return vv_strdup(a, key);
	}
	/* Room: the text plus every argument as often as it could appear. */
	size_t cap = strlen(t) + 1;
	for (int i = 0; i < nargs; i++)
		cap += (args[i] ? strlen(args[i]) : 0) * (strlen(t) / 3 + 1);
	char *o = vv_alloc(a, cap), *q = o;
	for (const char *p = t; *p;) {
		if (p[0] == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}' && p[1] - '0' < nargs) {
			const char *v = args[p[1] - '0'] ? args[p[1] - '0'] : "";
			size_t n = strlen(v);
			memcpy(q, v, n);
			q += n;
			p += 3;
		} else {
			*q++ = *p++;
		}
	}
	*q = '\0';
	return o;
}
