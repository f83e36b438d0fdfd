/* The add form (R-RE-1): video id or address, a title per language, Alkaen on the
 * 15-minute grid in the tenant's zone, the type (and, for organisers, an
 * external group), Toistetaan and Loppuen. Every field is re-checked here;
 * a refusal re-shows the form with the input kept. */
#include <string.h>
#include <time.h>
#include "recordings.h"

struct re_form {
	bool lang[VV_LANGS]; /* the device languages it is shown to */
	const char *title[VV_LANGS]; /* per device language, as events' names (R-EV-8) */
	const char *session, *video, *type, *group, *date, *time, *repeat, *until;
};

/* What a valid form becomes. */
struct re_new {
	vv_req_t *r;
	const struct re_form *f;
	char video[VV_YOUTUBE_ID_LEN + 1];
	int64_t event_id; /* a recorded event instead of a YouTube video (R-RE-4) */
	int64_t type_id, group_id, starts;
	enum vv_repeat repeat;
	bool has_until;
	struct vv_date until;
	const char *uuid; /* out */
};

/* The tenant's recorded events whose file to watch the call plugin has
 * made (events.session_video), newest first: <session uuid name starts/>. */
static int session_options(vv_req_t *r, xmlNodePtr form)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT e.uuid, " VV_CARE_EVENT_NAME("e.id", "?") ", UNIX_TIMESTAMP(e.starts_at)"
		" FROM events e WHERE e.tenant_id = ? AND e.status = 'ended' AND e.session_video <> ''"
		" ORDER BY e.starts_at DESC LIMIT 100",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	while (vv_db_next(res)) {
		xmlNodePtr o = vv_xml_add(form, "session");
		vv_xml_attr(o, "uuid", vv_db_str(res, 0));
		vv_xml_attr(o, "name", vv_db_str(res, 1));
		vv_xml_attr(o, "starts", vv_db_str(res, 2));
	}
	return 0;
}

/* The id of the tenant's recorded event uuid if it has a file to watch;
 * *id 0 when not (another tenant's, not recorded, not made yet). */
static int session_id(vv_req_t *r, const char *uuid, int64_t *id)
{
	int err = 0;
	*id = 0;
	if (!vv_uuid_valid(uuid))
		return 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT id FROM events WHERE uuid = ? AND tenant_id = ? AND status = 'ended'"
		" AND session_video <> ''",
		VV_DB_ARGS(VV_DB_S(uuid), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	if (vv_db_next(res))
		*id = vv_db_int(res, 0, 0);
	return 0;
}

/* Adds <recording-form> with the choices and the user's values. */
static int render_form(vv_req_t *r, const struct re_form *f)
{
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc != 0)
		return rc;
	xmlNodePtr form = vv_xml_add(vv_page(r), "recording-form");
	vv_xml_attr(form, "tz", vv_tenant_tz(r));
	vv_xml_attr(form, "organiser", c.sharing_allowed ? "1" : "0");
	vv_xml_attr(form, "session", f->session);
	vv_xml_attr(form, "video", f->video);
	for (int i = 0; i < VV_LANGS; i++) {
		xmlNodePtr l = vv_xml_add(form, "lang");
		vv_xml_attr(l, "code", vv_langs[i]);
		vv_xml_attr(l, "checked", f->lang[i] ? "1" : "0");
		vv_xml_attr(l, "title", f->title[i]);
	}
	vv_xml_attr(form, "type", f->type);
	vv_xml_attr(form, "group", f->group);
	vv_xml_attr(form, "date", f->date);
	vv_xml_attr(form, "time", f->time);
	vv_xml_attr(form, "repeat", f->repeat);
	vv_xml_attr(form, "until", f->until);
	if ((rc = vv_form_type_group_options(r, form, c.sharing_allowed)) < 0)
		return rc;
	if ((rc = session_options(r, form)) < 0)
		return rc;
	vv_form_slots(r, form, f->date, f->time);
	for (enum vv_repeat k = VV_REPEAT_ONCE; k <= VV_REPEAT_MONTHLY; k++)
		vv_xml_attr(vv_xml_add(form, "repeat"), "value", vv_repeat_name(k));
	return 0;
}

int vv_recordings_new_form(vv_req_t *r)
{
	struct re_form f = {.repeat = vv_repeat_name(VV_REPEAT_ONCE)};
	const char *tl = vv_tenant_language(r); /* as for events: the tenant's language first */
	for (int i = 0; i < VV_LANGS; i++)
		f.lang[i] = tl && strcmp(tl, vv_langs[i]) == 0;
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), vv_slot_earliest((int64_t)time(NULL)), &l) == 0) {
		f.date = vv_sprintf(vv_req_arena(r), "%04d-%02d-%02d", l.y, l.m, l.d);
		f.time = vv_sprintf(vv_req_arena(r), "%02d:%02d", l.hh, l.mm);
	}
	int rc = render_form(r, &f);
	return rc != 0 ? rc : 200;
}

/* Reads and checks every field into f and n; records the form errors.
 * Returns 0, or a negative code when a check could not be made. */
static int read_form(vv_req_t *r, struct re_form *f, struct re_new *n)
{
	int rc;
	f->session = vv_form_trimmed(r, "session");
	f->video = vv_form_trimmed(r, "video");
	f->type = vv_form_trimmed(r, "type");
	f->group = vv_form_trimmed(r, "group");
	f->date = vv_form_trimmed(r, "date");
	f->time = vv_form_trimmed(r, "time");
	f->repeat = vv_form_trimmed(r, "repeat");
	f->until = vv_form_trimmed(r, "until");

	/* A recorded event of the tenant, or (`Tai syötä Youtube-videon ID`) a
	 * YouTube video: exactly one of them. */
	if (*f->session && *f->video)
		vv_form_error(r, "session", "recordings.err.both");
	else if (*f->session) {
		if ((rc = session_id(r, f->session, &n->event_id)) < 0)
			return rc;
		if (!n->event_id)
			vv_form_error(r, "session", "recordings.err.session");
	} else if (!*f->video)
		vv_form_error(r, "video", "recordings.err.source");
	else if (vv_recordings_youtube_id(f->video, n->video) != 0)
		vv_form_error(r, "video", "recordings.err.video");

	/* Kieli: one or more of ours, nothing else; then a title in each
	 * chosen one (err.invalid and err.too-long from the core, words of its
	 * own when empty). A client posting the one `title` of before gets it
	 * in every chosen language it gave no title_xx for. */
	vv_form_langs(r, "lang", f->lang, "recordings.err.lang");
	const char *common = vv_form_trimmed(r, "title");
	for (int i = 0; i < VV_LANGS; i++) {
		const char *field = vv_sprintf(vv_req_arena(r), "title_%s", vv_langs[i]);
		f->title[i] = vv_form_trimmed(r, field);
		if (!f->lang[i])
			continue;
		if (!*f->title[i])
			f->title[i] = common;
		/* The message goes next to the field the page shows. */
		long chars = vv_utf8_chars(f->title[i]);
		if (chars == 0)
			vv_form_error(r, field, "recordings.err.title");
		else if (chars < 0)
			vv_form_error(r, field, "err.invalid");
		else if (chars > VV_RECORDINGS_TITLE_MAX)
			vv_form_error(r, field, "err.too-long");
	}

	/* Alkaen: wall time in the tenant's zone, on the grid, in the future;
	 * day is set whenever the date parsed, for Loppuen. */
	struct vv_date day = {0, 0, 0};
	vv_form_start(r, "date", "time", &n->starts, &day);
	bool day_ok = vv_date_valid(day);

	/* Tapahtuman tyyppi: the tenant's own types only; the group as for
	 * events (R-EV-5). */
	if ((rc = vv_form_type_group(r, f->type, f->group, "recordings", &n->type_id,
				     &n->group_id)) < 0)
		return rc;

	/* Toistetaan, and Loppuen for anything but once (the start's local
	 * date is the date field itself). */
	if (!*f->repeat) {
		vv_form_error(r, "repeat", "err.required");
	} else if (vv_repeat_parse(f->repeat, &n->repeat) != 0) {
		vv_form_error(r, "repeat", "err.invalid");
	} else if (n->repeat != VV_REPEAT_ONCE) {
		if (!*f->until)
			vv_form_error(r, "until", "recordings.err.until");
		else if (vv_time_parse_date(f->until, &n->until) != 0)
			vv_form_error(r, "until", "err.date");
		else if (day_ok && vv_date_cmp(n->until, day) < 0)
			vv_form_error(r, "until", "recordings.err.until-before");
		else
			n->has_until = true;
	}
	return 0;
}

/* The title in the first chosen language: recordings.title, what readers
 * fall back to. */
static const char *first_title(const struct re_form *f)
{
	for (int i = 0; i < VV_LANGS; i++)
		if (f->lang[i])
			return f->title[i];
	return "";
}

/* The chosen languages as the SET column takes them: "fi,en". */
static const char *languages(vv_arena_t *a, const struct re_form *f)
{
	const char *out = "";
	for (int i = 0; i < VV_LANGS; i++)
		if (f->lang[i])
			out = vv_sprintf(a, "%s%s%s", out, *out ? "," : "", vv_langs[i]);
	return out;
}

static int create_tx(vv_arena_t *a, void *p)
{
	struct re_new *n = p;
	vv_req_t *r = n->r;
	n->uuid = vv_uuid_new(a);
	time_t t = (time_t)n->starts;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return VV_ERR;
	const char *starts = vv_sprintf(a, "%04d-%02d-%02d %02d:%02d:00", tm.tm_year + 1900,
					tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	const char *until = n->has_until ? vv_sprintf(a, "%04d-%02d-%02d", n->until.y,
						      n->until.m, n->until.d) : NULL;
	int64_t k = vv_db_exec(a,
		"INSERT INTO recordings (uuid, tenant_id, type_id, group_id, youtube_id, event_id, title,"
		" languages, starts_at, `repeat`, until_date, created_by, status, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_S(n->uuid), VV_DB_I(vv_req_tenant_id(r)), VV_DB_I(n->type_id),
			   VV_DB_S(n->group_id ? vv_sprintf(a, "%lld", (long long)n->group_id) : NULL),
			   VV_DB_S(n->event_id ? NULL : n->video),
			   VV_DB_S(n->event_id ? vv_sprintf(a, "%lld", (long long)n->event_id) : NULL),
			   VV_DB_S(first_title(n->f)), VV_DB_S(languages(a, n->f)), VV_DB_S(starts),
			   VV_DB_S(vv_repeat_name(n->repeat)), VV_DB_S(until),
			   VV_DB_I(vv_req_user_id(r))));
	if (k < 0)
		return (int)k;
	int64_t id = vv_db_insert_id(); /* before any other insert on the connection */
	for (int i = 0; i < VV_LANGS; i++) {
		if (!n->f->lang[i])
			continue;
		int64_t w = vv_db_exec(a,
			"INSERT INTO recording_texts (recording_id, language, title) VALUES (?, ?, ?)",
			VV_DB_ARGS(VV_DB_I(id), VV_DB_S(vv_langs[i]), VV_DB_S(n->f->title[i])));
		if (w < 0)
			return (int)w;
	}
	if ((k = vv_content_changed(a, vv_req_tenant_id(r), n->group_id)) < 0)
		return (int)k;
	return vv_audit(r, "recording.create",
			vv_sprintf(a, "recording=%s %s=%s repeat=%s", n->uuid,
				   n->event_id ? "session" : "video", n->event_id ? n->f->session : n->video,
				   vv_repeat_name(n->repeat)));
}

int vv_recordings_new_post(vv_req_t *r)
{
	struct re_form f = {0};
	struct re_new n = {.r = r, .f = &f};
	int rc = read_form(r, &f, &n);
	if (rc < 0)
		return rc;
	if (vv_form_errors(r) == 0) {
		rc = vv_db_tx(vv_req_arena(r), create_tx, &n);
		if (rc < 0)
			return rc;
		return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r),
			"/%s/ecare/recordings?done=created", vv_req_lang(r)));
	}
	rc = render_form(r, &f);
	return rc != 0 ? rc : 422;
}
