// The Janus gate (nginx njs): every browser request to /janus passes here,
// and Janus's own HTTP API is reachable only through it (an internal
// location). Browsers hold a vvhome member ticket, never a Janus token: the
// ticket, signed by vvhomed (plugins/video_janus/ticket.c), names one room,
// one participant id and one display name, and expires within minutes.
// The gate
//  - refuses anything without a valid ticket signature;
//  - lets a new session (create), a new handle (attach) and a join in only
//    while the ticket has not expired and vvhomed says (GET /_vv/call-admit,
//    an internal subrequest) that its participant is still admitted;
//  - refuses, for a watch-only ticket (claim "w": a person who declined a
//    recorded event's notice), everything that would send: configure,
//    publish, joinandconfigure and any SDP offer;
//  - refuses a join, configure or publish under another id or name, a join
//    or listparticipants in another room, and every VideoRoom request that
//    manages rooms (create, destroy, edit, kick, moderate, allowed, list…);
//  - stamps every handle with opaque_id "vv|<room>|<participant>", so that
//    vvhomed's sweep finds, through Janus's admin API, each session that
//    publishes or only watches in a room, and whose it is;
//  - swaps the ticket for Janus's own signed tokens, made here per request
//    with the secret from the secrets file, so no Janus token reaches a browser;
//  - sends the request to the Janus server the ticket names (several servers:
//    plugins/video_janus/servers.c places each room on one; nginx has an
//    upstream vv_janus_<name> for each, reached through /_vv_janus/<name>).
// Janus cannot bind a token to a participant by itself: this is that binding.
// Ticket: "vt1." + base64url(JSON {r, p, d, e, s[, w]}) + "." + base64url(HMAC-SHA256(
// token_auth_secret, "vvhome-ticket:" + the payload part)).
import crypto from 'crypto';
import fs from 'fs';

const PLUGIN = 'janus.plugin.videoroom';
const JANUS_TOKEN_SECONDS = 600; // Janus's tokens made here live this long
// VideoRoom requests a browser may send on its own handle.
const ALLOWED = ['join', 'joinandconfigure', 'configure', 'publish', 'unpublish', 'start', 'pause',
  'switch', 'update', 'subscribe', 'unsubscribe', 'leave', 'listparticipants'];
// What sends media: refused under a watch-only ticket.
const SENDING = ['configure', 'publish', 'joinandconfigure'];
const SESSION_KINDS = ['create', 'attach', 'message', 'trickle', 'keepalive', 'detach', 'hangup',
  'destroy', 'info', 'ping'];

function secret(r) {
  const text = fs.readFileSync(r.variables.vv_janus_secrets, 'utf8');
  const m = text.match(/^token_auth_secret = (\S+)$/m);
  if (!m) throw new Error('no token_auth_secret');
  return m[1];
}

function b64urlDecode(s) {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString();
}

function sameString(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

// The ticket's claims, or null when it is missing, malformed or not ours.
function verify(key, ticket) {
  if (typeof ticket !== 'string' || ticket.length > 2048) return null;
  const parts = ticket.split('.');
  if (parts.length !== 3 || parts[0] !== 'vt1') return null;
  const mac = crypto.createHmac('sha256', key).update('vvhome-ticket:' + parts[1]).digest('base64')
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  if (!sameString(mac, parts[2])) return null;
  let c;
  try { c = JSON.parse(b64urlDecode(parts[1])); } catch (e) { return null; }
  if (!c || typeof c.r !== 'string' || typeof c.p !== 'string' || typeof c.d !== 'string' ||
      typeof c.e !== 'number' || ('w' in c && c.w !== true)) return null;
  // the room's server; a ticket from before there were several names none
  if (c.s === undefined) c.s = 'a';
  if (typeof c.s !== 'string' || !/^[a-z0-9]{1,16}$/.test(c.s)) return null;
  return c;
}

function janusToken(key, data) {
  return data + ':' + crypto.createHmac('sha1', key).update(data).digest('base64');
}

function coreToken(key) {
  const exp = Math.floor(Date.now() / 1000) + JANUS_TOKEN_SECONDS;
  return janusToken(key, exp + ',janus,' + PLUGIN);
}

function roomToken(key, room) {
  const exp = Math.floor(Date.now() / 1000) + JANUS_TOKEN_SECONDS;
  return janusToken(key, exp + ',' + PLUGIN + ',room=' + room);
}

function refuse(r, transaction, code, reason) {
  r.headersOut['Content-Type'] = 'application/json';
  r.return(200, JSON.stringify({ janus: 'error', transaction: transaction,
    error: { code: code, reason: reason } }));
}

// Why the VideoRoom body b may not go to Janus under ticket c, or null.
function checkBody(c, b, live) {
  if (!b || typeof b !== 'object' || typeof b.request !== 'string') return 'bad body';
  if (ALLOWED.indexOf(b.request) < 0) return 'request not allowed';
  if (c.w && SENDING.indexOf(b.request) >= 0) return 'watch only';
  if ('room' in b && b.room !== c.r) return 'another room';
  if ('id' in b && b.request !== 'join' && b.request !== 'joinandconfigure') return 'id not allowed';
  if ('display' in b && b.display !== c.d) return 'another name';
  if (b.request === 'listparticipants') b.room = c.r;
  if (b.request === 'join' || b.request === 'joinandconfigure') {
    if (!live) return 'ticket expired';
    if (b.room !== c.r) return 'another room';
    if (b.ptype === 'publisher') {
      if ('id' in b && b.id !== c.p) return 'another id';
      b.id = c.p;
      b.display = c.d;
    } else if (b.ptype === 'subscriber') {
      if ('id' in b) return 'id not allowed';
    } else {
      return 'bad ptype';
    }
  }
  return null;
}

// /janus, /janus/<session>, /janus/<session>/<handle>: the path after /janus, or null.
function tail(uri) {
  const m = uri.match(/^\/janus(\/[0-9]{1,20}(\/[0-9]{1,20})?)?\/?$/);
  return m ? (m[1] || '') : null;
}

async function pass(r, server, path, opts) {
  const reply = await r.subrequest('/_vv_janus/' + server + path, opts);
  r.headersOut['Content-Type'] = 'application/json';
  r.return(reply.status, reply.responseText);
}

async function handle(r) {
  const path = tail(r.uri);
  if (path === null) { r.return(404); return; }
  let key;
  try { key = secret(r); } catch (e) {
    r.error('janus gate: cannot read the secrets file');
    r.return(503);
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  if (r.method === 'GET') {
    // the long poll of a session: only a signed ticket; the session is the sweep's
    const g = path ? verify(key, r.args.token) : null;
    if (!g) { refuse(r, null, 403, 'Unauthorized'); return; }
    const args = [];
    ['maxev', 'rid', '_'].forEach(function (k) {
      if (r.args[k] !== undefined && /^[0-9]{1,20}$/.test(r.args[k])) args.push(k + '=' + r.args[k]);
    });
    args.push('token=' + encodeURIComponent(coreToken(key)));
    await pass(r, g.s, path, { method: 'GET', args: args.join('&') });
    return;
  }
  if (r.method !== 'POST') { r.return(405); return; }
  let m;
  try { m = JSON.parse(r.requestText || ''); } catch (e) { m = null; }
  if (!m || typeof m !== 'object' || typeof m.janus !== 'string') { refuse(r, null, 454, 'Bad JSON'); return; }
  const tx = typeof m.transaction === 'string' ? m.transaction : null;
  if (SESSION_KINDS.indexOf(m.janus) < 0) { refuse(r, tx, 403, 'Request not allowed'); return; }
  const c = verify(key, m.token);
  if (!c) { refuse(r, tx, 403, 'Unauthorized'); return; }
  const live = c.e > now;
  // an offer publishes whatever message carries it; a subscriber only answers
  if (c.w && 'jsep' in m && !(m.jsep && m.jsep.type === 'answer')) { refuse(r, tx, 403, 'Refused: watch only'); return; }
  if ((m.janus === 'create' || m.janus === 'attach') && !live) { refuse(r, tx, 403, 'Ticket expired'); return; }
  const joining = m.janus === 'message' && m.body && (m.body.request === 'join' || m.body.request === 'joinandconfigure');
  if (m.janus === 'create' || m.janus === 'attach' || joining) {
    // taken away since the ticket was made (cancelled, revoked, deactivated)?
    // a join admitted opens the participant's visit (attendance)
    const a = await r.subrequest('/_vv/call-admit', { method: 'GET',
      args: 'room=' + encodeURIComponent(c.r) + '&pid=' + encodeURIComponent(c.p) + (joining ? '&join=1' : '') });
    if (a.status !== 204) { refuse(r, tx, 403, 'Not admitted'); return; }
  }
  if (m.janus === 'attach') {
    if (m.plugin !== PLUGIN) { refuse(r, tx, 403, 'Plugin not allowed'); return; }
    m.opaque_id = 'vv|' + c.r + '|' + c.p;
  }
  if (m.janus === 'message') {
    const why = checkBody(c, m.body, live);
    if (why) { refuse(r, tx, 403, 'Refused: ' + why); return; }
    if ('token' in m.body || m.body.request === 'join' || m.body.request === 'joinandconfigure')
      m.body.token = roomToken(key, c.r);
  }
  m.token = coreToken(key);
  await pass(r, c.s, path, { method: 'POST', body: JSON.stringify(m) });
}

export default { handle };
