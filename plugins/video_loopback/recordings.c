/* The loopback adapter's recordings: a deterministic stand-in that lets
 * tests drive the application's recording path without Janus or its tools.
 *
 * With [video] loopback_dir set, a room's recordings live in
 * <dir>/<room id>.rec/. A test writes the raw streams there as
 * <participant>.<take>.<video|audio>.raw (participant as join() hands
 * them out, "user-<id>" or "guest-<hash>"; take digits). convert() copies
 * one raw stream a call into <same stem>.webm (video) or .opus (audio); an
 * empty raw stream is a conversion that fails (its output stays empty).
 * join_recordings() writes session.webm: the picture's bytes, then the
 * sound's. Every step logs one line. Without loopback_dir rooms keep no
 * recordings. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "loopback.h"

#define LB_MAX_FILES 128
#define LB_SESSION "session.webm"

/* <loopback_dir>/<room>.rec, or NULL without a loopback_dir or for a room
 * id that is not a plain name. */
static const char *room_dir(vv_arena_t *a, const struct vv_video_room *room)
{
	const char *dir = vv_conf_get("video", "loopback_dir", "");
	const char *id = room && room->room_id ? room->room_id : "";
	if (!*dir || !*id || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(id))
		return NULL;
	return vv_sprintf(a, "%s/%s.rec", dir, id);
}

/* Splits "<participant>.<take>.<video|audio><ext>": true when name is one. */
static bool parse(vv_arena_t *a, const char *name, const char *ext, struct vv_video_recording *rec)
{
	size_t n = strlen(name), el = strlen(ext);
	if (n <= el || n > 200 || strcmp(name + n - el, ext) != 0)
		return false;
	char *stem = vv_strndup(a, name, n - el);
	char *kind = stem ? strrchr(stem, '.') : NULL;
	if (!kind)
		return false;
	*kind++ = '\0';
	char *take = strrchr(stem, '.');
	if (!take || take == stem)
		return false;
	*take++ = '\0';
	if (!*take || strspn(take, "0123456789") != strlen(take) ||
	    strspn(stem, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(stem))
		return false;
	if (strcmp(kind, "video") == 0)
		rec->video = true;
	else if (strcmp(kind, "audio") == 0)
		rec->video = false;
	else
		return false;
	rec->participant = stem;
	rec->take = take;
	rec->user_id = strncmp(stem, "user-", 5) == 0 ? strtoll(stem + 5, NULL, 10) : 0;
	return true;
}

/* The output name of a raw stream, or NULL when name is none. */
static const char *output_of(vv_arena_t *a, const char *name)
{
	struct vv_video_recording rec;
	if (!parse(a, name, ".raw", &rec))
		return NULL;
	return vv_sprintf(a, "%.*s%s", (int)(strlen(name) - 4), name, rec.video ? ".webm" : ".opus");
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The regular files of dir, sorted; 0 when it does not exist. */
static int files_of(vv_arena_t *a, const char *dir, const char **out)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : VV_UNAVAILABLE;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < LB_MAX_FILES) {
		struct stat st;
		if (e->d_name[0] != '.' && fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			out[n++] = vv_strdup(a, e->d_name);
	}
	closedir(d);
	qsort(out, (size_t)n, sizeof(*out), name_cmp);
	return n;
}

static int64_t size_of(vv_arena_t *a, const char *dir, const char *name, int64_t *mtime)
{
	struct stat st;
	if (lstat(vv_sprintf(a, "%s/%s", dir, name), &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	if (mtime)
		*mtime = (int64_t)st.st_mtime;
	return (int64_t)st.st_size;
}

int vv_video_loopback_recordings(vv_req_t *r, const struct vv_video_room *room,
				 struct vv_video_recordings *out)
{
	vv_arena_t *a = vv_req_arena(r);
	memset(out, 0, sizeof(*out));
	const char *dir = room_dir(a, room);
	if (!dir)
		return 0;
	const char **files = vv_alloc(a, sizeof(*files) * LB_MAX_FILES);
	struct vv_video_recording *list = vv_alloc(a, sizeof(*list) * LB_MAX_FILES);
	if (!files || !list)
		return VV_ERR;
	int n = files_of(a, dir, files);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		const char *o = output_of(a, files[i]);
		if (o) { /* a raw stream */
			int64_t got = size_of(a, dir, o, NULL);
			if (got < 0)
				out->pending++;
			else if (got == 0)
				out->failed++;
			continue;
		}
		struct vv_video_recording *rec = &list[out->n];
		memset(rec, 0, sizeof(*rec));
		if (!parse(a, files[i], ".webm", rec) && !parse(a, files[i], ".opus", rec))
			continue;
		if ((rec->bytes = size_of(a, dir, files[i], &rec->modified)) <= 0)
			continue;
		rec->name = files[i];
		rec->type = rec->video ? "video/webm" : "audio/ogg";
		out->n++;
	}
	out->list = list;
	return 0;
}

/* Copies the bytes of src (appending when append) to dst: 0 or VV_ERR. */
static int copy(const char *src, const char *dst, bool append)
{
	FILE *in = fopen(src, "rb");
	FILE *o = in ? fopen(dst, append ? "ab" : "wb") : NULL;
	char buf[8192];
	size_t k;
	int rc = in && o ? 0 : VV_ERR;
	while (rc == 0 && (k = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, k, o) != k)
			rc = VV_ERR;
	if (in)
		fclose(in);
	if (o && fclose(o) != 0)
		rc = VV_ERR;
	return rc;
}

int vv_video_loopback_convert(vv_req_t *r, const struct vv_video_room *room)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = room_dir(a, room);
	const char **files = vv_alloc(a, sizeof(*files) * LB_MAX_FILES);
	if (!dir)
		return 0;
	int n = files ? files_of(a, dir, files) : VV_ERR;
	if (n < 0)
		return VV_UNAVAILABLE;
	for (int i = 0; i < n; i++) {
		const char *o = output_of(a, files[i]);
		if (!o || size_of(a, dir, o, NULL) >= 0)
			continue;
		const char *dst = vv_sprintf(a, "%s/%s", dir, o);
		if (copy(vv_sprintf(a, "%s/%s", dir, files[i]), dst, false) != 0)
			unlink(dst);
		vv_info("video_loopback: convert %s in room %s", files[i], room->room_id);
		return 1;
	}
	return 0;
}

int vv_video_loopback_join_recordings(vv_req_t *r, const struct vv_video_room *room,
				      const struct vv_video_recording *picture,
				      const struct vv_video_recording *sound, const char **out)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = room_dir(a, room);
	const struct vv_video_recording *in[2] = {picture, sound};
	if (!dir || (!picture && !sound))
		return VV_INVALID;
	for (int i = 0; i < 2; i++) {
		struct vv_video_recording chk;
		if (in[i] && (!in[i]->name || (!parse(a, in[i]->name, ".webm", &chk) &&
					       !parse(a, in[i]->name, ".opus", &chk))))
			return VV_INVALID;
	}
	const char *dst = vv_sprintf(a, "%s/%s", dir, LB_SESSION);
	int rc = 0;
	for (int i = 0; i < 2 && rc == 0; i++)
		if (in[i])
			rc = copy(vv_sprintf(a, "%s/%s", dir, in[i]->name), dst, i > 0 && in[0]);
	vv_info("video_loopback: join %s + %s in room %s", picture ? picture->name : "-",
		sound ? sound->name : "-", room->room_id);
	if (rc != 0) {
		unlink(dst);
		return VV_ERR;
	}
	*out = LB_SESSION;
	return 0;
}

int vv_video_loopback_send_recording(vv_req_t *r, const struct vv_video_room *room, const char *name)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = room_dir(a, room);
	struct vv_video_recording rec;
	if (!dir || !name)
		return VV_NOTFOUND;
	const char *type;
	if (strcmp(name, LB_SESSION) == 0 || parse(a, name, ".webm", &rec))
		type = "video/webm";
	else if (parse(a, name, ".opus", &rec))
		type = "audio/ogg";
	else
		return VV_NOTFOUND;
	return vv_resp_file(r, dir, name, type, NULL, VV_RESP_FILE_MAX);
}
