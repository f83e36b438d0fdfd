/* One file to watch of a recorded event (R-RE-4: a recorded session can
 * be put into customers' calendars like a YouTube video). Janus records
 * every publisher's streams apart; for a lecture or an exercise class what
 * the customers want is the presenter: the event's creator's picture and
 * sound, muxed without re-encoding by ffmpeg into session-<room>.webm.
 * When the creator sent no picture, the staff member of the event's tenant
 * who sent the most - never a customer or a guest: their home is not for
 * other customers' calendars. The file's name goes to
 * events.session_video; '' when there was nothing to make it of or making
 * it failed, so that no tick tries again. The caller holds the event's
 * claim (convert.c). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "call.h"

/* A converted stream of the room: who sent it, when the recording began,
 * its size. */
struct stream {
	const char *name, *who, *ts;
	bool video;
	long long bytes;
};

/* Splits "videoroom-<room>-user-<who>-<ts>-<kind>-<mid>.<ext>". */
static bool parse(vv_arena_t *a, const char *dir, const char *name, const char *prefix,
		  struct stream *s)
{
	const char *ext = call_ends_with(name, ".webm") ? ".webm" : ".opus";
	if (!call_valid_name(name, prefix, ext, &s->video))
		return false;
	/* From the end, as call_valid_name checked it: the mid's digits, then
	 * "-audio-" or "-video-", then the time stamp's digits. */
	const char *kind = name + strlen(name) - strlen(ext);
	while (kind[-1] >= '0' && kind[-1] <= '9')
		kind--;
	kind -= 7;
	const char *p = kind;
	while (p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p <= name + strlen(prefix) + 1)
		return false;
	s->name = name;
	s->who = vv_strndup(a, name + strlen(prefix), (size_t)(p - 1 - (name + strlen(prefix))));
	s->ts = vv_strndup(a, p, (size_t)(kind - p));
	struct stat st;
	if (lstat(vv_sprintf(a, "%s/%s", dir, name), &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	s->bytes = (long long)st.st_size;
	return s->bytes > 0;
}

/* The largest stream of the kind sent by the presenter, else by a staff
 * member (staff[i] tells for s[i]). */
static const struct stream *pick(const struct stream *s, const bool *staff, int n, bool video,
				 const char *presenter)
{
	const struct stream *best = NULL;
	for (int pass = 0; pass < 2 && !best; pass++)
		for (int i = 0; i < n; i++)
			if (s[i].video == video && staff[i] && (pass || strcmp(s[i].who, presenter) == 0) &&
			    (!best || s[i].bytes > best->bytes))
				best = &s[i];
	return best;
}

/* Whether a publisher id is "u<id>" of a staff member of the tenant. */
static bool is_staff(vv_arena_t *a, const char *who, int64_t tenant)
{
	if (who[0] != 'u' || !who[1] || strspn(who + 1, "0123456789") != strlen(who + 1) ||
	    strlen(who) > 19)
		return false;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT 1 FROM users WHERE id = ? AND tenant_id = ? AND role <> 'customer'",
		"ii", (int64_t)strtoll(who + 1, NULL, 10), tenant);
	return res && vv_db_next(res);
}

/* The sound that belongs to the picture: the same publisher's recording
 * begun at the same moment, else their largest. */
static const struct stream *sound_of(const struct stream *s, int n, const struct stream *v)
{
	const struct stream *best = NULL;
	for (int i = 0; i < n; i++) {
		if (s[i].video || strcmp(s[i].who, v->who) != 0)
			continue;
		if (strcmp(s[i].ts, v->ts) == 0)
			return &s[i];
		if (!best || s[i].bytes > best->bytes)
			best = &s[i];
	}
	return best;
}

static void record(vv_req_t *r, int64_t event_id, const char *file)
{
	vv_db_exec(vv_req_arena(r), "UPDATE events SET session_video = ? WHERE id = ? AND session_video IS NULL",
		   "si", file, event_id);
}

bool call_session_video(vv_req_t *r, int64_t event_id, const char *room, int64_t tenant_id,
			int64_t creator_id)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = call_rec_dir();
	const char *ffmpeg = vv_conf_get("video", "ffmpeg", "/usr/bin/ffmpeg");
	if (!dir || access(ffmpeg, X_OK) != 0)
		return false; /* made once ffmpeg is there */
	static const char *const kinds[] = {".webm", ".opus", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	struct stream *s = vv_alloc(a, sizeof(*s) * MAX_FILES);
	bool *staff = vv_alloc(a, sizeof(*staff) * MAX_FILES);
	if (!files || !s || !staff)
		return false;
	int n = call_room_files(a, dir, room, kinds, files), k = 0;
	if (n < 0)
		return false; /* unreadable now: nothing may be concluded */
	const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room);
	for (int i = 0; i < n; i++)
		if (parse(a, dir, files[i], prefix, &s[k])) {
			staff[k] = is_staff(a, s[k].who, tenant_id);
			k++;
		}
	const char *presenter = vv_sprintf(a, "u%lld", (long long)creator_id);
	const struct stream *v = pick(s, staff, k, true, presenter);
	const struct stream *au = v ? sound_of(s, k, v) : pick(s, staff, k, false, presenter);
	const struct stream *first = v ? v : au;
	if (!first) {
		record(r, event_id, "");
		return false;
	}
	const char *out = vv_sprintf(a, "session-%s.webm", room);
	char *tmp = vv_sprintf(a, "%s/.part-%ld-%s", dir, (long)getpid(), out);
	char *in1 = vv_sprintf(a, "%s/%s", dir, first->name);
	char *in2 = v && au ? vv_sprintf(a, "%s/%s", dir, au->name) : NULL;
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
	enum call_run rc = call_run_bounded(argv);
	bool made = rc == CALL_RUN_OK && stat(tmp, &st) == 0 && st.st_size > 0 &&
		    rename(tmp, vv_sprintf(a, "%s/%s", dir, out)) == 0;
	if (!made)
		unlink(tmp);
	if (rc == CALL_RUN_AGAIN)
		return true; /* tried again on a later tick */
	if (!made)
		vv_warn("call: making %s of %s failed", out, first->name);
	record(r, event_id, made ? out : "");
	return true;
}
