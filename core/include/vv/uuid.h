/* Random identifiers for rows that appear in URLs (tenants, users, events):
 * they reveal nothing about how many rows exist or when they were made. */
#ifndef VV_UUID_H
#define VV_UUID_H

#include <stdbool.h>
#include "vv/arena.h"

/* A new random (version 4) UUID from libuuid as 36 lowercase characters,
 * e.g. "1b4e28ba-2fa1-41d2-883f-0016d3cca427", in arena memory; never NULL. */
char *vv_uuid_new(vv_arena_t *a);

/* True when s is a UUID as vv_uuid_new writes it (36 characters, lowercase
 * hex and dashes); false for NULL. Check a uuid taken from a form before
 * binding it: the uuid columns are ASCII, and a value with other
 * characters makes the query itself fail. */
bool vv_uuid_valid(const char *s);

#endif
