/* UUIDs from libuuid: uuid_generate_random reads the kernel's CSPRNG, so
 * ids are unguessable as well as unique. */
#include <string.h>
#include <uuid/uuid.h>
#include "core.h"
#include "vv/uuid.h"

char *vv_uuid_new(vv_arena_t *a)
{
	uuid_t u;
	char *s = vv_alloc(a, 37);
	uuid_generate_random(u);
	uuid_unparse_lower(u, s);
	return s;
}

bool vv_uuid_valid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (size_t i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return false;
		}
	}
	return true;
}
