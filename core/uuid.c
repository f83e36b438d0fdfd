/* UUIDs from libuuid: uuid_generate_random reads the kernel's CSPRNG, so
 * ids are unguessable as well as unique. */
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
