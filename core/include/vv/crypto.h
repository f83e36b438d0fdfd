/* Random tokens and their hashes (OpenSSL). Tokens are what users carry
 * (session cookies, CSRF fields, join links); only hashes are stored. */
#ifndef VV_CRYPTO_H
#define VV_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include "vv/arena.h"

/* A new token of nbytes random bytes (OpenSSL RAND_bytes), URL-safe
 * base64 without padding, in arena memory; NULL if the RNG fails. */
char *vv_token_new(vv_arena_t *a, size_t nbytes);

/* The characters of a token vv_token_new makes (URL-safe base64, no '='). */
#define VV_TOKEN_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/* SHA-256 of s as 64 lowercase hex digits, in arena memory. */
char *vv_token_hash(vv_arena_t *a, const char *s);

/* Compares two strings in time independent of where they differ. */
bool vv_token_equal(const char *x, const char *y);

#endif
