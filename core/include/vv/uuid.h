/* Random identifiers for rows that appear in URLs (tenants, users, events):
 * they reveal nothing about how many rows exist or when they were made. */
#ifndef VV_UUID_H
#define VV_UUID_H

#include "vv/arena.h"

/* A new random (version 4) UUID from libuuid as 36 lowercase characters,
 * e.g. "1b4e28ba-2fa1-41d2-883f-0016d3cca427", in arena memory; never NULL. */
char *vv_uuid_new(vv_arena_t *a);

#endif
