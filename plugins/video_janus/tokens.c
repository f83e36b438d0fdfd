/* Signatures for the Janus adapter (OpenSSL): Janus's signed tokens
 * (HMAC-SHA1, base64) and per-room management secrets (HMAC-SHA256), so
 * that nothing beyond the secrets file has to be stored. */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#include "video_janus.h"

char *vv_video_janus_sign(vv_arena_t *a, const char *secret, const char *data)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	if (!HMAC(EVP_sha1(), secret, (int)strlen(secret), (const unsigned char *)data,
		  strlen(data), mac, &maclen))
		return NULL;
	/* Janus compares against g_base64_encode: standard alphabet, padded. */
	unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
	int n = EVP_EncodeBlock(b64, mac, (int)maclen);
	OPENSSL_cleanse(mac, sizeof(mac));
	if (n <= 0)
		return NULL;
	return vv_sprintf(a, "%s:%.*s", data, n, (const char *)b64);
}

char *vv_video_janus_hmac_hex(vv_arena_t *a, const char *key, const char *msg, size_t hexlen)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	if (!HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, strlen(msg),
		  mac, &maclen))
		return NULL;
	if (hexlen > 2 * (size_t)maclen)
		hexlen = 2 * (size_t)maclen;
	char *out = vv_alloc(a, hexlen + 1);
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < hexlen; i++)
		out[i] = hex[(mac[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
	out[hexlen] = '\0';
	OPENSSL_cleanse(mac, sizeof(mac));
	return out;
}

static struct vv_video_janus_secrets secrets;
static bool secrets_warned;

/* Copies the value of "name = value" into dst when line holds name. */
static void secrets_take(const char *line, const char *name, char *dst, size_t dstlen)
{
	size_t n = strlen(name);
	if (strncmp(line, name, n) != 0)
		return;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line++ != '=')
		return;
	while (*line == ' ' || *line == '\t')
		line++;
	size_t len = strcspn(line, " \t\r\n");
	if (len == 0 || len >= dstlen)
		return;
	memcpy(dst, line, len);
	dst[len] = '\0';
}

const struct vv_video_janus_secrets *vv_video_janus_secrets(void)
{
	if (secrets.loaded)
		return &secrets;
	const char *path = vv_conf_get("video", "secrets_file", NULL);
	FILE *f = path ? fopen(path, "r") : NULL;
	if (!f) {
		if (!secrets_warned)
			vv_warn("video_janus: cannot read [video] secrets_file %s", path ? path : "(unset)");
		secrets_warned = true;
		return NULL;
	}
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		secrets_take(line, "admin_secret", secrets.admin_secret, sizeof(secrets.admin_secret));
		secrets_take(line, "admin_key", secrets.admin_key, sizeof(secrets.admin_key));
		secrets_take(line, "token_auth_secret", secrets.token_auth_secret,
			     sizeof(secrets.token_auth_secret));
		secrets_take(line, "turn_secret", secrets.turn_secret, sizeof(secrets.turn_secret));
	}
	OPENSSL_cleanse(line, sizeof(line));
	fclose(f);
	if (!secrets.admin_secret[0] || !secrets.admin_key[0] || !secrets.token_auth_secret[0]) {
		if (!secrets_warned)
			vv_warn("video_janus: %s lacks admin_secret, admin_key or token_auth_secret", path);
		secrets_warned = true;
		vv_video_janus_secrets_wipe();
		return NULL;
	}
	secrets.loaded = true;
	return &secrets;
}

void vv_video_janus_secrets_wipe(void)
{
	OPENSSL_cleanse(&secrets, sizeof(secrets));
}
