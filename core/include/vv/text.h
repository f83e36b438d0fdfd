/* The message catalogues from C, for text that leaves as something other
 * than a page (an e-mail, a calendar entry): the same keys and files as
 * vv:t() in the stylesheets, loaded once per worker. */
#ifndef VV_TEXT_H
#define VV_TEXT_H

#include "vv/arena.h"

/* The text of key in lang ("fi", "sv", "en"; another falls back to fi),
 * with every {0}, {1} ... replaced by args[0], args[1] ... (nargs of them;
 * a NULL arg counts as ""). A missing key gives the key itself and a log
 * line, as on a page. Never NULL; arena memory. */
const char *vv_text(vv_arena_t *a, const char *lang, const char *key, const char *const *args,
		    int nargs);

#endif
