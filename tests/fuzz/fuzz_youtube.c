/* libFuzzer target for `Tai syötä Youtube-videon ID`
 * (plugins/recordings/youtube.c): whatever a staff member pastes. Besides
 * crashes and sanitizer reports it checks the parser's promises: an
 * accepted input gives exactly 11 id characters that appear in the input
 * as they are; anything but a bare id is printable ASCII without
 * backslashes and without user info ('@' before the path), and its host,
 * after an optional http(s):// or //, starts with a YouTube name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "recordings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static bool id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Heap copy of exactly size + 1 bytes: ASan sees any read past the NUL. */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	char id[VV_YOUTUBE_ID_LEN + 2];
	id[VV_YOUTUBE_ID_LEN + 1] = 'X'; /* must stay untouched */
	if (vv_recordings_youtube_id(s, id) == 0) {
		check(id[VV_YOUTUBE_ID_LEN] == '\0' && id[VV_YOUTUBE_ID_LEN + 1] == 'X');
		for (size_t i = 0; i < VV_YOUTUBE_ID_LEN; i++)
			check(id_char(id[i]));
		check(strstr(s, id) != NULL);
		size_t len = strlen(s);
		if (len != VV_YOUTUBE_ID_LEN) {
			for (size_t i = 0; i < len; i++)
				check((unsigned char)s[i] > 0x20 && (unsigned char)s[i] < 0x7f &&
				      s[i] != '\\');
			const char *p = s;
			if (strncasecmp(p, "https://", 8) == 0)
				p += 8;
			else if (strncasecmp(p, "http://", 7) == 0)
				p += 7;
			else if (strncmp(p, "//", 2) == 0)
				p += 2;
			size_t alen = strcspn(p, "/?#");
			check(memchr(p, '@', alen) == NULL);
			check(strncasecmp(p, "youtube.com", 11) == 0 ||
			      strncasecmp(p, "www.youtube", 11) == 0 ||
			      strncasecmp(p, "m.youtube.com", 13) == 0 ||
			      strncasecmp(p, "music.youtube.com", 17) == 0 ||
			      strncasecmp(p, "youtu.be", 8) == 0 || strncasecmp(p, "www.youtu.be", 12) == 0 ||
			      strncasecmp(p, "youtube-nocookie.com", 20) == 0);
		}
	}
	free(s);
	return 0;
}
