/* Member tickets: what a browser holds instead of Janus's tokens. One
 * ticket names one room, one participant id and one display name and
 * expires within minutes; the Janus gate (nginx/janus-gate.js) checks its
 * signature and holds every request to it. Format, shared with the gate:
 * "vt1." + base64url(JSON {"r":room,"p":participant,"d":display,"e":expiry,
 * "s":server[,"w":true]})
 * + "." + base64url(HMAC-SHA256(token_auth_secret, "vvhome-ticket:" + the
 * middle part)). The prefix keeps a ticket's MAC from ever being one of
 * Janus's own (HMAC-SHA1 over other strings). The server (servers.c) is
 * where the gate sends the ticket's requests. */
#include <string.h>
#include <stdlib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "video_janus.h"

/* base64url without padding of data[0..n) into arena memory. */
static char *b64url(vv_arena_t *a, const unsigned char *data, size_t n)
{
	char *out = vv_alloc(a, 4 * ((n + 2) / 3) + 1);
	if (!out)
		return NULL;
	int len = EVP_EncodeBlock((unsigned char *)out, data, (int)n);
	if (len < 0)
		return NULL;
	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = '\0';
	for (char *c = out; *c; c++)
		*c = *c == '+' ? '-' : *c == '/' ? '_' : *c;
	return out;
}

char *vv_video_janus_ticket(vv_arena_t *a, const char *key, const char *room, const char *pid,
			    const char *display, const char *server, int64_t expires, bool watch_only)
{
	json_t *claims = json_pack("{s:s, s:s, s:s, s:I, s:s}", "r", room, "p", pid, "d", display ? display : "",
				   "e", (json_int_t)expires, "s", server);
	if (claims && watch_only)
		json_object_set_new(claims, "w", json_true());
	char *json = claims ? json_dumps(claims, JSON_COMPACT) : NULL;
	json_decref(claims);
	if (!json)
		return NULL;
	char *body = b64url(a, (const unsigned char *)json, strlen(json));
	free(json);
	if (!body)
		return NULL;
	char *msg = vv_sprintf(a, "vvhome-ticket:%s", body);
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	if (!msg || !HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, strlen(msg),
			  mac, &maclen))
		return NULL;
	char *sig = b64url(a, mac, maclen);
	OPENSSL_cleanse(mac, sizeof(mac));
	return sig ? vv_sprintf(a, "vt1.%s.%s", body, sig) : NULL;
}
