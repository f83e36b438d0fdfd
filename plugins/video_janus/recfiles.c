/* The recordings directory as Janus fills it ([video] recordings_dir, the
 * only reader of that key): which files belong to a room (named exactly as
 * Janus names them, regular files only), the room's playable recordings,
 * and sending one (read by the worker, or handed to nginx with
 * X-Accel-Redirect when [video] recordings_accel names an internal
 * location aliasing the directory, so large files never pass through a
 * worker). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "video_janus.h"

const char *vv_video_janus_rec_dir(void)
{
	const char *d = vv_conf_get("video", "recordings_dir", NULL);
	return d && *d ? d : NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}

const char *vv_video_janus_rec_prefix(vv_arena_t *a, const char *room_id)
{
	if (!room_id || !*room_id || strlen(room_id) > 80)
		return NULL;
	for (const char *c = room_id; *c; c++)
		if (!is_id_char(*c))
			return NULL;
	return vv_sprintf(a, "videoroom-%s-user-", room_id);
}

bool vv_video_janus_rec_name(const char *name, const char *prefix, const char *ext, bool *video)
{
	size_t n = strlen(name), pl = strlen(prefix), el = strlen(ext);
	if (n > 240 || n < pl + el || strncmp(name, prefix, pl) != 0 || strcmp(name + n - el, ext) != 0)
		return false;
	const char *s = name + pl, *p = name + n - el;
	const char *q = p;
	while (q > s && is_digit(q[-1]))
		q--; /* the stream's mid */
	if (q == p || q - s < 7)
		return false;
	q -= 7;
	if (strncmp(q, "-audio-", 7) == 0)
		*video = false;
	else if (strncmp(q, "-video-", 7) == 0)
		*video = true;
	else
		return false;
	p = q;
	while (q > s && is_digit(q[-1]))
		q--; /* the time stamp */
	if (q == p || q - s < 2 || q[-1] != '-')
		return false;
	for (const char *c = s; c < q - 1; c++)
		if (!is_id_char(*c))
			return false;
	return true;
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int vv_video_janus_room_files(vv_arena_t *a, const char *dir, const char *room_id,
			      const char *const *suffixes, const char **out)
{
	const char *prefix = vv_video_janus_rec_prefix(a, room_id);
	if (!prefix)
		return 0;
	DIR *d = opendir(dir);
	if (!d) {
		vv_warn("video_janus: cannot read %s: %s", dir, strerror(errno));
		return VV_UNAVAILABLE; /* not "no files": nothing may be concluded from it */
	}
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < VJ_MAX_FILES) {
		bool video;
		for (const char *const *s = suffixes; *s; s++) {
			if (!vv_video_janus_rec_name(e->d_name, prefix, *s, &video))
				continue;
			/* Only regular files count, here already: the list and
			 * what may be sent must name the same files. */
			struct stat st;
			if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
				out[n++] = vv_strdup(a, e->d_name);
			break;
		}
	}
	closedir(d);
	qsort(out, (size_t)n, sizeof(*out), name_cmp);
	return n;
}

/* Splits "<prefix><who>-<ts>-<kind>-<mid><ext>" (checked by
 * vv_video_janus_rec_name) into the recording's participant and take. */
static void split(vv_arena_t *a, const char *name, size_t prefix_len, size_t ext_len,
		  struct vv_video_recording *rec)
{
	const char *kind = name + strlen(name) - ext_len;
	while (is_digit(kind[-1]))
		kind--;
	kind -= 7; /* "-audio-" or "-video-" */
	const char *ts = kind;
	while (is_digit(ts[-1]))
		ts--;
	rec->participant = vv_strndup(a, name + prefix_len, (size_t)(ts - 1 - (name + prefix_len)));
	rec->take = vv_strndup(a, ts, (size_t)(kind - ts));
	/* join() hands out "u<user id>" (guests: "g" + a hash) */
	const char *w = rec->participant;
	if (w && w[0] == 'u' && w[1] && strlen(w) < 20 && strspn(w + 1, "0123456789") == strlen(w + 1))
		rec->user_id = strtoll(w + 1, NULL, 10);
}

/* The converted file's name for one .mjr: same stem, .webm or .opus. */
static const char *output_of(vv_arena_t *a, const char *mjr_name, bool video)
{
	return vv_sprintf(a, "%.*s%s", (int)(strlen(mjr_name) - 4), mjr_name, video ? ".webm" : ".opus");
}

/* How many of the room's .mjr files wait for conversion, and how many
 * could not be converted (their output is empty). */
static void conversion_state(vv_arena_t *a, const char *dir, const char *room_id, const char *prefix,
			     struct vv_video_recordings *out)
{
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * VJ_MAX_FILES);
	int n = files ? vv_video_janus_room_files(a, dir, room_id, mjr, files) : 0;
	for (int i = 0; i < n; i++) {
		bool video;
		struct stat st;
		if (!vv_video_janus_rec_name(files[i], prefix, ".mjr", &video))
			continue;
		if (lstat(vv_sprintf(a, "%s/%s", dir, output_of(a, files[i], video)), &st) != 0)
			out->pending++;
		else if (S_ISREG(st.st_mode) && st.st_size == 0)
			out->failed++;
	}
}

static const char *const playable[] = {".webm", ".opus", NULL};

int vv_video_janus_recordings(vv_req_t *r, const struct vv_video_room *room,
			      struct vv_video_recordings *out)
{
	vv_arena_t *a = vv_req_arena(r);
	memset(out, 0, sizeof(*out));
	const char *dir = vv_video_janus_rec_dir();
	const char *prefix = room ? vv_video_janus_rec_prefix(a, room->room_id) : NULL;
	if (!dir || !prefix)
		return 0;
	const char **files = vv_alloc(a, sizeof(*files) * VJ_MAX_FILES);
	struct vv_video_recording *list = vv_alloc(a, sizeof(*list) * VJ_MAX_FILES);
	if (!files || !list)
		return VV_ERR;
	int n = vv_video_janus_room_files(a, dir, room->room_id, playable, files);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		struct stat st;
		struct vv_video_recording *rec = &list[out->n];
		memset(rec, 0, sizeof(*rec));
		const char *ext = ends_with(files[i], ".webm") ? ".webm" : ".opus";
		if (!vv_video_janus_rec_name(files[i], prefix, ext, &rec->video) ||
		    lstat(vv_sprintf(a, "%s/%s", dir, files[i]), &st) != 0 || !S_ISREG(st.st_mode) ||
		    st.st_size == 0)
			continue; /* an empty one is a conversion that failed */
		rec->name = files[i];
		rec->type = rec->video ? "video/webm" : "audio/ogg";
		rec->bytes = (int64_t)st.st_size;
		rec->modified = (int64_t)st.st_mtime;
		split(a, files[i], strlen(prefix), strlen(ext), rec);
		out->n++;
	}
	out->list = list;
	conversion_state(a, dir, room->room_id, prefix, out);
	return 0;
}

int vv_video_janus_send_recording(vv_req_t *r, const struct vv_video_room *room, const char *name)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = vv_video_janus_rec_dir();
	const char *prefix = room ? vv_video_janus_rec_prefix(a, room->room_id) : NULL;
	if (!dir || !prefix || !name)
		return VV_NOTFOUND;
	bool video;
	const char *type;
	if (strcmp(name, vv_sprintf(a, "session-%s.webm", room->room_id)) == 0)
		type = "video/webm"; /* what mux.c made */
	else if (vv_video_janus_rec_name(name, prefix, ".webm", &video))
		type = "video/webm";
	else if (vv_video_janus_rec_name(name, prefix, ".opus", &video))
		type = "audio/ogg";
	else
		return VV_NOTFOUND;
	return vv_resp_file(r, dir, name, type, vv_conf_get("video", "recordings_accel", NULL),
			    VV_RESP_FILE_MAX);
}
