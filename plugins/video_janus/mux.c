/* join_recordings(): one file to watch of a picture and its sound, muxed
 * without re-encoding by ffmpeg ([video] ffmpeg) into session-<room>.webm
 * beside Janus's recordings. Which picture and which sound is the
 * caller's choice (the call plugin: the presenter's). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "video_janus.h"

/* A recording of the room by its name: the path of that regular file, or
 * NULL. */
static char *path_of(vv_arena_t *a, const char *dir, const char *prefix,
		     const struct vv_video_recording *rec)
{
	bool video;
	if (!rec || !rec->name ||
	    !vv_video_janus_rec_name(rec->name, prefix, rec->video ? ".webm" : ".opus", &video) ||
	    video != rec->video)
		return NULL;
	char *p = vv_sprintf(a, "%s/%s", dir, rec->name);
	struct stat st;
	return p && lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ? p : NULL;
}

int vv_video_janus_join_recordings(vv_req_t *r, const struct vv_video_room *room,
				   const struct vv_video_recording *picture,
				   const struct vv_video_recording *sound, const char **out)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = vv_video_janus_rec_dir();
	const char *ffmpeg = vv_conf_get("video", "ffmpeg", "/usr/bin/ffmpeg");
	if (!dir || access(ffmpeg, X_OK) != 0)
		return VV_UNAVAILABLE; /* made once ffmpeg is there */
	const char *prefix = room ? vv_video_janus_rec_prefix(a, room->room_id) : NULL;
	if (!prefix)
		return VV_INVALID;
	char *in1 = path_of(a, dir, prefix, picture ? picture : sound);
	char *in2 = picture && sound ? path_of(a, dir, prefix, sound) : NULL;
	if (!in1 || (picture && !picture->video) || (sound && sound->video) || (picture && sound && !in2))
		return VV_INVALID;
	const char *name = vv_sprintf(a, "session-%s.webm", room->room_id);
	char *tmp = vv_sprintf(a, "%s/.part-%ld-%s", dir, (long)getpid(), name);
	char *argv[20];
	int c = 0;
	argv[c++] = (char *)ffmpeg;
	argv[c++] = "-nostdin";
	argv[c++] = "-loglevel";
	argv[c++] = "error";
	argv[c++] = "-i";
	argv[c++] = in1;
	if (in2) { /* the picture from the first input, the sound from the second */
		argv[c++] = "-i";
		argv[c++] = in2;
		argv[c++] = "-map";
		argv[c++] = "0:v:0";
		argv[c++] = "-map";
		argv[c++] = "1:a:0";
	}
	argv[c++] = "-c";
	argv[c++] = "copy"; /* VP8 and Opus as Janus received them: no re-encoding */
	argv[c++] = "-f";
	argv[c++] = "webm";
	argv[c++] = tmp;
	argv[c] = NULL;
	struct stat st;
	enum vv_video_janus_run rc = vv_video_janus_run(argv);
	bool made = rc == VJ_RUN_OK && stat(tmp, &st) == 0 && st.st_size > 0 &&
		    rename(tmp, vv_sprintf(a, "%s/%s", dir, name)) == 0;
	if (!made)
		unlink(tmp);
	if (rc == VJ_RUN_AGAIN)
		return VV_UNAVAILABLE; /* tried again on a later tick */
	if (!made) {
		vv_warn("video_janus: making %s of %s failed", name, strrchr(in1, '/') + 1);
		return VV_ERR;
	}
	*out = name;
	return 0;
}
