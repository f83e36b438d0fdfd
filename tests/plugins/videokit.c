/* A test plugin for the video adapter, built out of tree like testkit.c:
 * it drives vv_video(r) for two fixed rooms so that tests/browser can prove
 * Janus, the adapter and the browser side end to end before the app's own
 * call page exists. Never installed.
 *
 *   GET /videokit/page?who=NAME[&tokenroom=b]   a call page (HTML + page.js)
 *   GET /videokit/join/{who}[?room=a|b]         ensure_room + join, as JSON
 *   GET /videokit/mute/{who}                    mute_others(room a, except who)
 *   GET /videokit/unmute/{who}                  unmute(room a, who)
 *   GET /videokit/record/{on|off}               recording(room a)
 *   GET /videokit/end                           end both rooms */
#include <string.h>
#include <time.h>
#include <vv/vv.h>

static const char page_html[] =
	"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>videokit</title>"
	"<script src=\"/static/vendor/adapter.js\"></script>"
	"<script src=\"/static/vendor/janus.js\"></script>"
	"<script src=\"/videokit/page.js\"></script></head><body>"
	"<video id=\"local\" muted playsinline autoplay></video>"
	"<video id=\"remote\" muted playsinline autoplay></video>"
	"<audio id=\"remoteAudio\" autoplay></audio></body></html>\n";

/* The browser side: join as a publisher, publish the fake camera and
 * microphone, subscribe to the first other publisher, note the first remote
 * frame. State in window.vk for the test to read. */
static const char page_js[] =
	"'use strict';\n"
	"const q = new URLSearchParams(location.search);\n"
	"const vk = window.vk = { joined: false, errorCode: null, error: null, firstFrame: null,\n"
	"  frameWidth: 0, remoteId: null, id: null, t0: 0, marks: {} };\n"
	"const mark = (k) => { vk.marks[k] = Math.round(performance.now() - vk.t0); };\n"
	"const fail = (e) => { vk.error = String(e && e.message || e); };\n"
	"async function creds(room) {\n"
	"  const r = await fetch('/videokit/join/' + q.get('who') + (room ? '?room=' + room : ''));\n"
	"  if (!r.ok) throw new Error('join ' + r.status);\n"
	"  return r.json();\n"
	"}\n"
	"async function main() {\n"
	"  const c = await creds(null);\n"
	"  const token = c.token;\n"
	"  if (q.get('tokenroom')) c.room = (await creds(q.get('tokenroom'))).room; /* another room, own ticket */\n"
	"  vk.id = c.id;\n"
	"  Janus.init({ debug: false, dependencies: Janus.useDefaultDependencies({ adapter }),\n"
	"    callback: () => {\n"
	"      vk.t0 = performance.now();\n"
	"      window.vkJanus = new Janus({ server: c.server, token: c.core_token,\n"
	"        success: () => { mark('session'); publisher(c, token); }, error: fail });\n"
	"    } });\n"
	"}\n"
	"function publisher(c, token) {\n"
	"  vkJanus.attach({ plugin: 'janus.plugin.videoroom', error: fail,\n"
	"    success: (h) => { vk.pub = h; mark('attach');\n"
	"      h.send({ message: { request: 'join', ptype: 'publisher', room: c.room, id: c.id,\n"
	"        display: c.display, token },\n"
	"        error: (e) => { vk.errorCode = parseInt(e, 10) || -1; vk.error = String(e); } }); },\n"
	"    onmessage: (msg, jsep) => {\n"
	"      if (msg.error_code) { vk.errorCode = msg.error_code; vk.error = msg.error; return; }\n"
	"      if (msg.videoroom === 'joined') { vk.joined = true; mark('joined'); }\n"
	"      for (const p of msg.publishers || []) if (!vk.remoteId) subscribe(c, token, p.id);\n"
	"      if (msg.videoroom === 'joined') publish();\n"
	"      if (jsep) vk.pub.handleRemoteJsep({ jsep });\n"
	"    },\n"
	"    onlocaltrack: (track, on) => { if (on && track.kind === 'video') {\n"
	"      document.getElementById('local').srcObject = new MediaStream([track]); } },\n"
	"  });\n"
	"}\n"
	"function publish() {\n"
	"  vk.pub.createOffer({ tracks: [{ type: 'audio', capture: true, recv: false },\n"
	"      { type: 'video', capture: true, recv: false }], error: fail,\n"
	"    success: (jsep) => vk.pub.send({ message: { request: 'configure', audio: true, video: true }, jsep }) });\n"
	"}\n"
	"function subscribe(c, token, feed) {\n"
	"  vk.remoteId = feed; mark('publisher_seen');\n"
	"  vkJanus.attach({ plugin: 'janus.plugin.videoroom', error: fail,\n"
	"    success: (h) => { vk.sub = h; h.send({ message: { request: 'join', ptype: 'subscriber',\n"
	"      room: c.room, streams: [{ feed }], token } }); },\n"
	"    onmessage: (msg, jsep) => {\n"
	"      if (msg.error_code) { vk.subError = msg.error_code; vk.error = msg.error; return; }\n"
	"      if (jsep) { mark('offer'); vk.sub.createAnswer({ jsep, tracks: [{ type: 'data' }], error: fail,\n"
	"        success: (ans) => vk.sub.send({ message: { request: 'start', room: c.room }, jsep: ans }) }); }\n"
	"    },\n"
	"    webrtcState: (on) => { if (on) mark('webrtc_up'); },\n"
	"    onremotetrack: (track, mid, on) => {\n"
	"      if (!on) return;\n"
	"      if (track.kind === 'video') {\n"
	"        const v = document.getElementById('remote');\n"
	"        v.srcObject = new MediaStream([track]); v.play().catch(() => {});\n"
	"        v.requestVideoFrameCallback((now, meta) => {\n"
	"          vk.firstFrame = Math.round(performance.now() - vk.t0); vk.frameWidth = meta.width; });\n"
	"      } else if (track.kind === 'audio') {\n"
	"        const a = document.getElementById('remoteAudio');\n"
	"        a.srcObject = new MediaStream([track]); a.play().catch(() => {});\n"
	"      }\n"
	"    },\n"
	"  });\n"
	"}\n"
	"window.vkAudioPackets = async () => {\n"
	"  let n = 0;\n"
	"  const s = await vk.sub.webrtcStuff.pc.getStats();\n"
	"  s.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') n += r.packetsReceived; });\n"
	"  return n;\n"
	"};\n"
	"window.vkLeave = () => new Promise((done) => {\n"
	"  if (!window.vkJanus) return done('no session');\n"
	"  if (!vkJanus.isConnected()) return done('not connected');\n"
	"  setTimeout(() => done('timed out'), 10000);\n"
	"  vkJanus.destroy({ success: () => done('destroyed'), error: (e) => done('error: ' + e) });\n"
	"});\n"
	"main().catch(fail);\n";

/* The fixed test room: room "a" or "b", one hour from now. */
static int videokit_room(vv_req_t *r, const char *which, struct vv_video_room *room)
{
	const struct vv_video_ops *v = vv_video(r);
	if (!v)
		return VV_UNAVAILABLE;
	memset(room, 0, sizeof(*room));
	room->event_uuid = strcmp(which, "b") == 0 ? "00000000-0000-4000-8000-00000000000b"
						  : "00000000-0000-4000-8000-00000000000a";
	int rc = v->room_id(r, room->event_uuid, &room->room_id);
	if (rc != 0)
		return rc;
	room->publishers = 6;
	room->starts_at = (int64_t)time(NULL);
	room->ends_at = room->starts_at + 3600;
	return 0;
}

static int videokit_reply(vv_req_t *r, int rc)
{
	const char *s = vv_sprintf(vv_req_arena(r), "{\"rc\":%d}", rc);
	return vv_resp_body(r, "application/json", s, strlen(s));
}

static int videokit_join(vv_req_t *r)
{
	const char *which = vv_req_query(r, "room");
	struct vv_video_room room;
	struct vv_video_join j;
	int rc = videokit_room(r, which ? which : "a", &room);
	if (rc == 0)
		rc = vv_video(r)->ensure_room(r, &room);
	if (rc == 0)
		rc = vv_video(r)->join(r, &room, 0, vv_req_arg(r, "who"), vv_req_arg(r, "who"), &j);
	if (rc != 0)
		return rc;
	/* every value is an id, a number, base64 or a slug: nothing to escape */
	const char *s = vv_sprintf(vv_req_arena(r),
		"{\"adapter\":\"%s\",\"server\":\"%s\",\"room\":\"%s\",\"id\":\"%s\",\"display\":\"%s\","
		"\"token\":\"%s\",\"core_token\":\"%s\",\"expires_at\":%lld}",
		j.adapter, j.server, j.room_id, j.participant_id, j.display, j.token, j.core_token,
		(long long)j.expires_at);
	return vv_resp_body(r, "application/json", s, strlen(s));
}

/* The participant id the adapter gives who (join has no backend call). */
static const char *videokit_pid(vv_req_t *r, const struct vv_video_room *room)
{
	struct vv_video_join j;
	if (vv_video(r)->join(r, room, 0, vv_req_arg(r, "who"), "", &j) != 0)
		return NULL;
	return j.participant_id;
}

static int videokit_mute(vv_req_t *r)
{
	struct vv_video_room room;
	int rc = videokit_room(r, "a", &room);
	if (rc != 0)
		return rc;
	const char *pid = videokit_pid(r, &room);
	return videokit_reply(r, pid ? vv_video(r)->mute_others(r, &room, pid) : VV_ERR);
}

static int videokit_unmute(vv_req_t *r)
{
	struct vv_video_room room;
	int rc = videokit_room(r, "a", &room);
	if (rc != 0)
		return rc;
	const char *pid = videokit_pid(r, &room);
	return videokit_reply(r, pid ? vv_video(r)->unmute(r, &room, pid) : VV_ERR);
}

static int videokit_record(vv_req_t *r)
{
	struct vv_video_room room;
	int rc = videokit_room(r, "a", &room);
	if (rc != 0)
		return rc;
	bool on = strcmp(vv_req_arg(r, "onoff"), "on") == 0;
	return videokit_reply(r, vv_video(r)->recording(r, &room, on));
}

static int videokit_end(vv_req_t *r)
{
	struct vv_video_room room;
	int rc = videokit_room(r, "a", &room);
	if (rc == 0)
		rc = vv_video(r)->end(r, &room);
	if (rc == 0)
		rc = videokit_room(r, "b", &room);
	if (rc == 0)
		rc = vv_video(r)->end(r, &room);
	return videokit_reply(r, rc);
}

static int videokit_page(vv_req_t *r)
{
	return vv_resp_body(r, "text/html; charset=utf-8", page_html, sizeof(page_html) - 1);
}

static int videokit_page_js(vv_req_t *r)
{
	return vv_resp_body(r, "text/javascript; charset=utf-8", page_js, sizeof(page_js) - 1);
}

static const struct vv_route videokit_routes[] = {
	{"GET", "/videokit/page", videokit_page, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/videokit/page.js", videokit_page_js, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/videokit/join/{who:slug}", videokit_join, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/videokit/mute/{who:slug}", videokit_mute, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/videokit/unmute/{who:slug}", videokit_unmute, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/videokit/record/{onoff:slug}", videokit_record, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/videokit/end", videokit_end, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{0},
};

VV_PLUGIN("videokit", videokit_routes, NULL, NULL, NULL);
