/* Tokens: OpenSSL's CSPRNG and SHA-256, never anything home-made. */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "core.h"
#include "vv/crypto.h"

char *vv_token_new(vv_arena_t *a, size_t nbytes)
{
	unsigned char raw[128];
	if (nbytes == 0 || nbytes > sizeof(raw) || RAND_bytes(raw, (int)nbytes) != 1)
		return NULL;
	char *out = vv_alloc(a, 4 * ((nbytes + 2) / 3) + 1);
	int n = EVP_EncodeBlock((unsigned char *)out, raw, (int)nbytes);
	OPENSSL_cleanse(raw, sizeof(raw));
	while (n > 0 && out[n - 1] == '=')
		n--;
	out[n] = '\0';
	for (char *p = out; *p; p++) {
		if (*p == '+')
			*p = '-';
		else if (*p == '/')
			*p = '_';
	}
	return out;
}

char *vv_token_hash(vv_arena_t *a, const char *s)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (EVP_Digest(s, strlen(s), md, &mdlen, EVP_sha256(), NULL) != 1)
		return NULL;
	static const char hex[] = "0123456789abcdef";
	char *out = vv_alloc(a, mdlen * 2 + 1);
	for (unsigned i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[mdlen * 2] = '\0';
	return out;
}

bool vv_token_equal(const char *x, const char *y)
{
	if (!x || !y)
		return false;
	size_t lx = strlen(x), ly = strlen(y);
	if (lx != ly)
		return false;
	return CRYPTO_memcmp(x, y, lx) == 0;
}
