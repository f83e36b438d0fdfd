/* `Tai syötä Youtube-videon ID` (R-RE-1): the guide asks for the id after
 * v=, but people paste whole addresses. The address is taken apart piece
 * by piece - scheme, host, path, query - and only a known YouTube host with
 * a known path shape gives an id; no pattern over the whole string, so
 * "youtube.com.evil.example" or "evil.example/?v=..." never pass. Only the
 * 11-character id is kept: the player address is built from it (R-RE-4). */
#include <string.h>
#include <strings.h>
#include "recordings.h"

#define INPUT_MAX 2048

static bool id_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* True when s[0..n) is exactly one video id. */
static bool is_id(const char *s, size_t n)
{
	if (n != VV_YOUTUBE_ID_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!id_char((unsigned char)s[i]))
			return false;
	return true;
}

enum host { HOST_NONE, HOST_YOUTUBE, HOST_SHORT, HOST_NOCOOKIE };

static enum host host_kind(const char *h, size_t n)
{
	static const struct { const char *name; enum host kind; } hosts[] = {
		{"youtube.com", HOST_YOUTUBE},         {"www.youtube.com", HOST_YOUTUBE},
		{"m.youtube.com", HOST_YOUTUBE},       {"music.youtube.com", HOST_YOUTUBE},
		{"youtu.be", HOST_SHORT},              {"www.youtu.be", HOST_SHORT},
		{"youtube-nocookie.com", HOST_NOCOOKIE}, {"www.youtube-nocookie.com", HOST_NOCOOKIE},
	};
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		if (strlen(hosts[i].name) == n && strncasecmp(h, hosts[i].name, n) == 0)
			return hosts[i].kind;
	return HOST_NONE;
}

/* youtube.com paths that end in the id (besides /watch?v=). */
static const char *const yt_paths[] = {"/embed/", "/shorts/", "/live/", "/v/", "/e/"};

/* path is "/<prefix><id>" or "/<prefix><id>/" (path of length n): the id. */
static const char *id_after(const char *path, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (n < pl || strncmp(path, prefix, pl) != 0)
		return NULL;
	const char *id = path + pl;
	size_t rest = n - pl;
	if (rest == VV_YOUTUBE_ID_LEN + 1 && id[VV_YOUTUBE_ID_LEN] == '/')
		rest--;
	return is_id(id, rest) ? id : NULL;
}

/* The value of the first "v" parameter of query[0..n), when it is an id. */
static const char *query_v(const char *query, size_t n)
{
	const char *p = query, *end = query + n;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		if (stop - p >= 2 && p[0] == 'v' && p[1] == '=')
			return is_id(p + 2, (size_t)(stop - p - 2)) ? p + 2 : NULL;
		p = stop + 1;
	}
	return NULL;
}

int vv_recordings_youtube_id(const char *s, char id[VV_YOUTUBE_ID_LEN + 1])
{
	size_t len = strlen(s);
	const char *found = NULL;
	if (is_id(s, len)) {
		found = s;
		goto out;
	}
	if (len > INPUT_MAX)
		return VV_INVALID;
	/* Printable ASCII only: no spaces, controls, backslashes or look-alike
	 * letters that a browser would read differently from us. */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '\\')
			return VV_INVALID;
	}
	const char *p = s;
	if (strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else if (strncasecmp(p, "http://", 7) == 0)
		p += 7;
	else if (strncmp(p, "//", 2) == 0)
		p += 2;
	/* Anything else with a scheme ("javascript:", "ftp://") falls out at the
	 * host: "javascript" is no YouTube host and "alert(1)" no port. */
	size_t alen = strcspn(p, "/?#");
	const char *auth = p, *rest = p + alen;
	if (memchr(auth, '@', alen))
		return VV_INVALID; /* user info: "youtube.com@evil.example" */
	size_t hlen = alen;
	const char *colon = memchr(auth, ':', alen);
	if (colon) {
		size_t plen = alen - (size_t)(colon - auth) - 1;
		if (plen == 0 || plen > 5)
			return VV_INVALID;
		for (size_t i = 1; i <= plen; i++)
			if (colon[i] < '0' || colon[i] > '9')
				return VV_INVALID;
		hlen = (size_t)(colon - auth);
	}
	enum host kind = host_kind(auth, hlen);
	if (kind == HOST_NONE)
		return VV_INVALID;
	size_t path_len = strcspn(rest, "?#");
	const char *query = rest[path_len] == '?' ? rest + path_len + 1 : NULL;
	size_t query_len = query ? strcspn(query, "#") : 0;
	switch (kind) {
	case HOST_SHORT:
		found = id_after(rest, path_len, "/");
		break;
	case HOST_NOCOOKIE:
		found = id_after(rest, path_len, "/embed/");
		break;
	case HOST_YOUTUBE:
		if ((path_len == 6 && strncmp(rest, "/watch", 6) == 0) ||
		    (path_len == 7 && strncmp(rest, "/watch/", 7) == 0)) {
			found = query ? query_v(query, query_len) : NULL;
			break;
		}
		for (size_t i = 0; !found && i < sizeof(yt_paths) / sizeof(yt_paths[0]); i++)
			found = id_after(rest, path_len, yt_paths[i]);
		break;
	case HOST_NONE:
		break;
	}
out:
	if (!found)
		return VV_INVALID;
	memcpy(id, found, VV_YOUTUBE_ID_LEN);
	id[VV_YOUTUBE_ID_LEN] = '\0';
	return 0;
}
