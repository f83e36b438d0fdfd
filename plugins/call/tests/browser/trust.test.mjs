// Calls you can trust (issue 11): a participant's room, id and name come
// from the server, and what the server takes away stops reaching the
// person within seconds with no page open. Against the real stack: Janus
// behind the gate (nginx/janus-gate.js), the ticker sweeping every second
// (tests/run-browser.sh), Chromium with fake devices for the media, and a
// bare Janus HTTP client for what a page would never send. Janus's own
// view comes from its admin API (sessions, handles, their opaque ids).
// Run through tests/run-browser.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, randomBytes, createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { Client, csrfOf, login, makeTenant, makeUser, sql, unique, BASE, VAR, ROOT } from '../../../../tests/http/lib.mjs';

const ADMIN = readFileSync(`${VAR}/vvhome.conf`, 'utf8').match(/^admin_url = (\S+)$/m)[1];
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function secret(name) {
  return readFileSync(`${VAR}/janus/secrets.conf`, 'utf8').match(new RegExp(`^${name} = (\\S+)$`, 'm'))[1];
}

async function adminCore(what, path = '', extra = {}) {
  const res = await fetch(ADMIN + path, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ janus: what, transaction: 't', admin_secret: secret('admin_secret'), ...extra }),
  });
  return res.json();
}

async function participants(room) {
  const r = await adminCore('message_plugin', '', { plugin: 'janus.plugin.videoroom',
    request: { request: 'listparticipants', room } });
  return r.response.participants || [];
}

/** Every handle Janus has in room, with whose it is (the gate's opaque id) and its kind. */
async function handles(room) {
  const out = [];
  for (const sid of (await adminCore('list_sessions')).sessions || []) {
    for (const hid of (await adminCore('list_handles', `/${sid}`)).handles || []) {
      const info = (await adminCore('handle_info', `/${sid}/${hid}`)).info;
      const m = info && typeof info.opaque_id === 'string' && info.opaque_id.match(/^vv\|([^|]+)\|(.+)$/);
      if (m && m[1] === room) {
        const ps = info.plugin_specific || {};
        out.push({ sid, hid, pid: m[2], type: ps.type || 'none' });
      }
    }
  }
  return out;
}

async function waitFor(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A bare Janus HTTP client through the gate, as a script would use it. */
async function jpost(path, body) {
  const res = await fetch(`${BASE}/janus${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transaction: randomUUID(), ...body }),
  });
  return res.json();
}

async function rawSession(ticket) {
  const s = await jpost('', { janus: 'create', token: ticket });
  assert.equal(s.janus, 'success', JSON.stringify(s));
  const sid = s.data.id;
  return {
    sid,
    async attach(token = ticket) {
      const h = await jpost(`/${sid}`, { janus: 'attach', plugin: 'janus.plugin.videoroom', token });
      assert.equal(h.janus, 'success', JSON.stringify(h));
      return h.data.id;
    },
    msg: (hid, body, token = ticket) => jpost(`/${sid}/${hid}`, { janus: 'message', token, body }),
    destroy: () => jpost(`/${sid}`, { janus: 'destroy', token: ticket }).catch(() => {}),
  };
}

let A, typeA, org, cust, cust2, browser;
const open = [];

function makeEvent({ max = 5 } = {}) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, record, forced_answer,
       starts_at, ends_at, duration_minutes, room_id, status)
       VALUES ('${uuid}', ${A.id}, ${typeA}, ${org.id}, ${max}, 0, 0,
       UTC_TIMESTAMP() - INTERVAL 60 SECOND, UTC_TIMESTAMP() + INTERVAL 1740 SECOND,
       30, 'vv-${uuid}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(unique('Jumppa'))})`);
  return { id, uuid, room: `vv-${uuid}`, path: `/fi/ecare/call/${uuid}` };
}

function enrol(ev, user) {
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${ev.id}, ${A.id}, ${user.id}, 'customer', 'enrolled')`);
  sql(`INSERT IGNORE INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeA}, ${user.id}, ${A.id})`);
}

/** A staff member has been in the room: customers are let past the lobby (issue 16). */
function staffCame(ev) {
  sql(`INSERT IGNORE INTO call_members (event_id, tenant_id, member_key, participant_id, display, is_staff, joined_at)
       VALUES (${ev.id}, ${A.id}, 'u${org.id}', 'u${org.id}', 'Ohjaaja', 1, UTC_TIMESTAMP())`);
}

/** What …/join hands out to the signed-in client c (or a link's client) for the event at path. */
async function creds(c, path) {
  const page = await c.req(path);
  // a page this client may not see: the session's form token from elsewhere
  // (a customer's pages have no sign-out form since issue #17)
  const m = page.text.match(/data-csrf="([^"]+)"/);
  const r = await c.post(`${path}/join`, { csrf: m ? m[1] : await csrfOf(c) });
  let json = null;
  try { json = JSON.parse(r.text); } catch { /* an error page */ }
  return { status: r.status, json };
}

/** Keeps every peer connection the page makes in window.vvPcs, so that what
 * arrives is counted even after the page has let go of them. */
function keepPcs(relayTcp) {
  const Orig = window.RTCPeerConnection;
  window.vvPcs = [];
  window.RTCPeerConnection = function (cfg, ...rest) {
    if (relayTcp) {
      // a network that lets nothing through but TCP to the TURN server
      const servers = (cfg.iceServers || []).map((s) => ({ ...s,
        urls: [].concat(s.urls).filter((u) => /transport=tcp/.test(u)) }));
      cfg = { ...cfg, iceServers: servers, iceTransportPolicy: 'relay' };
    }
    const pc = new Orig(cfg, ...rest);
    window.vvPcs.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Orig.prototype;
}

/** A signed-in call page; quiet: its …/state polls never reach the server
 * (so nothing but the ticker sweeps). */
async function as(user, path, { quiet = false, relayTcp = false } = {}) {
  const c = new Client();
  if (user) await login(c, user);
  const ctx = await browser.newContext();
  await ctx.addCookies([...c.cookies].map(([name, value]) => ({ name, value, url: BASE })));
  const page = await ctx.newPage();
  await page.addInitScript(keepPcs, relayTcp);
  if (quiet) await page.route('**/state', (r) => r.abort());
  open.push(page);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(BASE + path);
  return page;
}

async function close(page) {
  try { await page.evaluate(() => window.vvCallLeave && window.vvCallLeave()); } catch { /* gone */ }
  try { await page.context().close(); } catch { /* closed */ }
  const i = open.indexOf(page);
  if (i >= 0) open.splice(i, 1);
}

async function joinCall(page) {
  // staff (and guests) check their devices first; a customer joins at once (issue #17)
  if (await page.isVisible('#proceed')) await page.click('#proceed');
  await page.waitForFunction(() => window.vvCall.joined || window.vvCall.error, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.vvCall.error), null);
}

const firstFrame = (page) => page.waitForFunction(() => window.vvCall.firstFrame !== null, null, { timeout: 20000 });

/** Video frames decoded and audio packets received by every peer connection of the page. */
const inbound = (page) => page.evaluate(async () => {
  const n = { video: 0, audio: 0 };
  for (const pc of window.vvPcs) {
    for (const r of (await pc.getStats()).values()) {
      if (r.type !== 'inbound-rtp') continue;
      if (r.kind === 'video') n.video += r.framesDecoded || 0;
      if (r.kind === 'audio') n.audio += r.packetsReceived || 0;
    }
  }
  return n;
});

async function frames(page, ms = 1500) {
  const a = await inbound(page);
  await sleep(ms);
  const b = await inbound(page);
  return { video: b.video - a.video, audio: b.audio - a.audio };
}

before(async () => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 240, maxConcurrent: 50, recording: true } });
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${A.id}, ${q(unique('Tyyppi'))})`);
  typeA = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${A.id}`));
  org = makeUser(A, 'operator');
  cust = makeUser(A, 'customer');
  cust2 = makeUser(A, 'customer');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  for (const p of [...open]) await close(p);
  if (browser) await browser.close();
});

test('a ticket is for one room, one id and one name: other ids, names, rooms and room management are refused', async () => {
  const k = makeEvent(), other = makeEvent();
  enrol(k, cust);
  enrol(other, cust2);
  staffCame(k);
  const c = new Client();
  await login(c, cust);
  const j = (await creds(c, k.path)).json;
  assert.equal(j.participant_id, `u${cust.id}`);
  for (const s of ['admin_secret', 'admin_key', 'token_auth_secret']) assert.ok(!JSON.stringify(j).includes(secret(s)));
  // anything without a ticket of ours
  for (const token of [undefined, '', 'x', `${j.token}x`, j.token.replace(/\.[^.]+\./, '.e30.')]) {
    const r = await jpost('', { janus: 'create', token });
    assert.equal(r.janus, 'error', `refused: ${token}`);
    assert.equal(r.error.code, 403);
  }
  // the gate's question to vvhomed is nobody else's to ask
  assert.equal((await fetch(`${BASE}/_vv/call-admit?room=${k.room}&pid=u${cust.id}`)).status, 404);
  // a Janus token made with the right format but not by vvhome is no ticket either
  assert.equal((await jpost('', { janus: 'create', token: `${j.expires_at},janus,janus.plugin.videoroom:AAAA` })).janus, 'error');
  const s = await rawSession(j.token);
  try {
    const hid = await s.attach();
    const info = (await adminCore('handle_info', `/${s.sid}/${hid}`)).info;
    assert.equal(info.opaque_id, `vv|${k.room}|u${cust.id}`, 'the gate names the handle after the ticket');
    const refused = async (body, why) => {
      const r = await s.msg(hid, body);
      assert.equal(r.janus, 'error', `${why}: ${JSON.stringify(r)}`);
      assert.equal(r.error.code, 403);
      return r.error.reason;
    };
    const join = { request: 'join', ptype: 'publisher', room: k.room, token: j.token };
    assert.match(await refused({ ...join, id: `u${org.id}`, display: j.display }, 'the organiser\'s id'), /another id/);
    assert.match(await refused({ ...join, display: 'Ohjaaja' }, 'another name'), /another name/);
    assert.match(await refused({ ...join, room: other.room }, 'another room'), /another room/);
    assert.match(await refused({ request: 'join', ptype: 'subscriber', room: other.room, streams: [{ feed: `u${cust2.id}` }] },
      'watching another room'), /another room/);
    assert.match(await refused({ request: 'listparticipants', room: other.room }, 'another room\'s list'), /another room/);
    for (const request of ['create', 'destroy', 'edit', 'kick', 'moderate', 'allowed', 'list', 'exists',
      'enable_recording', 'rtp_forward', 'listforwarders'])
      await refused({ request, room: k.room, id: `u${org.id}`, secret: 'x' }, request);
    // Janus's other plugins and requests that reach past the session are not for browsers
    assert.equal((await jpost(`/${s.sid}`, { janus: 'attach', plugin: 'janus.plugin.echotest', token: j.token })).janus, 'error');
    assert.equal((await jpost('', { janus: 'claim', token: j.token })).janus, 'error');
    // nothing above reached the room
    assert.deepEqual(await participants(k.room), []);
    // the join as the server says: the ticket's id and name, whatever was left out
    const ok = await s.msg(hid, { request: 'join', ptype: 'publisher', room: k.room });
    assert.equal(ok.janus, 'ack', JSON.stringify(ok));
    const inRoom = await waitFor(async () => (await participants(k.room)).find((p) => p.id === `u${cust.id}`), 5000, 'joined');
    assert.equal(inRoom.display, j.display);
    const list = await s.msg(hid, { request: 'listparticipants', room: k.room });
    assert.equal(list.janus, 'success', JSON.stringify(list));
    // the organiser, whose id was tried, joins from the call page as usual
    const host = await as(org, k.path);
    await joinCall(host);
    const ids = (await participants(k.room)).map((p) => p.id).sort();
    assert.deepEqual(ids, [`u${cust.id}`, `u${org.id}`].sort());
    await close(host);
  } finally {
    await s.destroy();
    sql(`UPDATE events SET status = 'ended' WHERE id IN (${k.id}, ${other.id})`);
  }
});

test('a cancelled customer stops receiving within seconds, watching or sending, with no organiser page polling; a new join is refused', async () => {
  const k = makeEvent();
  enrol(k, cust);
  // the organiser's page never polls …/state: only the ticker sweeps
  const host = await as(org, k.path, { quiet: true });
  await joinCall(host);
  const pc = await as(cust, k.path, { quiet: true });
  await joinCall(pc);
  await Promise.all([firstFrame(host), firstFrame(pc)]);
  assert.ok((await frames(pc, 800)).video > 0, 'the customer sees the organiser');
  // a watcher on the side: the customer's ticket in a script, subscribed to the organiser only
  const c = new Client();
  await login(c, cust);
  const j = (await creds(c, k.path)).json;
  const w = await rawSession(j.token);
  const hid = await w.attach();
  const sub = await w.msg(hid, { request: 'join', ptype: 'subscriber', room: k.room, streams: [{ feed: `u${org.id}` }] });
  assert.equal(sub.janus, 'ack', JSON.stringify(sub));
  const mine = async () => (await handles(k.room)).filter((h) => h.pid === `u${cust.id}`);
  await waitFor(async () => {
    const types = (await mine()).map((h) => h.type);
    return types.includes('publisher') && types.filter((t) => t === 'subscriber').length >= 2;
  }, 10000, 'the customer publishing and watching from the page, and watching from the script');
  await waitFor(async () => (await frames(pc, 600)).video > 0, 10000, 'the customer sees the organiser again');

  sql(`UPDATE event_participants SET status = 'cancelled' WHERE event_id = ${k.id} AND user_id = ${cust.id}`);
  const t0 = Date.now();
  await waitFor(async () => (await mine()).length === 0, 10000, 'every session of the customer torn down');
  const took = Date.now() - t0;
  assert.ok(took < 10000, `gone in ${took} ms`);
  const after = await frames(pc, 1500);
  assert.equal(after.video, 0, `no more frames reach the customer's page (${JSON.stringify(after)})`);
  assert.equal(after.audio, 0, 'nor sound');
  assert.ok(!(await participants(k.room)).some((p) => p.id === `u${cust.id}`));
  assert.ok((await participants(k.room)).some((p) => p.id === `u${org.id}`), 'the organiser stays');
  // the app refuses new credentials, and the gate the old ticket, which has not expired yet
  assert.equal((await creds(c, k.path)).status, 404);
  assert.ok(j.expires_at > Date.now() / 1000 + 60);
  const again = await jpost('', { janus: 'create', token: j.token });
  assert.equal(again.janus, 'error', JSON.stringify(again));
  assert.match(again.error.reason, /Not admitted/);
  const ghost = await w.msg(hid, { request: 'listparticipants', room: k.room });
  assert.notEqual(ghost.janus, 'success', 'the watcher\'s session is gone');
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.member-removed'
    AND detail LIKE '%${k.uuid}%participant u${cust.id}%'`)) >= 1, 'the removal is in the audit log');
  await close(pc);
  await close(host);
  await w.destroy();
  sql(`UPDATE events SET status = 'ended' WHERE id = ${k.id}`);
});

test('a revoked join link and a deactivated account lose their watching sessions within seconds', async () => {
  const k = makeEvent();
  enrol(k, cust2);
  const link = randomBytes(32).toString('base64url');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${k.id}, ${A.id}, 'desktop', '${createHash('sha256').update(link).digest('hex')}', ${org.id})`);
  const host = await as(org, k.path, { quiet: true });
  await joinCall(host);
  const guest = (await creds(new Client(), `/fi/ecare/call/t/${link}`)).json;
  const c2 = new Client();
  await login(c2, cust2);
  const member = (await creds(c2, k.path)).json;
  const sessions = [];
  try {
    // the organiser's feed is there to watch before anyone subscribes to it
    await waitFor(async () => (await participants(k.room)).some((p) => p.id === `u${org.id}` && p.publisher),
      10000, 'the organiser sending');
    for (const j of [guest, member]) {
      const s = await rawSession(j.token);
      sessions.push(s);
      const hid = await s.attach();
      const r = await s.msg(hid, { request: 'join', ptype: 'subscriber', room: k.room, streams: [{ feed: `u${org.id}` }] });
      assert.equal(r.janus, 'ack', JSON.stringify(r));
    }
    const has = async (pid) => (await handles(k.room)).some((h) => h.pid === pid && h.type === 'subscriber');
    await waitFor(async () => (await has(guest.participant_id)) && (await has(member.participant_id)), 10000, 'both watching');
    sql(`UPDATE join_links SET revoked_at = UTC_TIMESTAMP() WHERE event_id = ${k.id}`);
    await waitFor(async () => !(await has(guest.participant_id)), 10000, 'the link\'s watcher torn down');
    assert.match((await jpost('', { janus: 'create', token: guest.token })).error.reason, /Not admitted/,
      'and the link\'s ticket opens nothing new');
    assert.ok(await has(member.participant_id), 'the enrolled customer still watches');
    sql(`UPDATE users SET active = 0 WHERE id = ${cust2.id}`);
    await waitFor(async () => !(await has(member.participant_id)), 10000, 'the deactivated account\'s watcher torn down');
    assert.ok((await participants(k.room)).some((p) => p.id === `u${org.id}`), 'the organiser stays');
  } finally {
    sql(`UPDATE users SET active = 1 WHERE id = ${cust2.id}`);
    for (const s of sessions) await s.destroy();
    await close(host);
    sql(`UPDATE events SET status = 'ended' WHERE id = ${k.id}`);
  }
});

/** The local candidates of the page's connected ICE pairs: their type and relay protocol. */
const paths = (page) => page.evaluate(async () => {
  const out = [];
  for (const pc of window.vvPcs) {
    const st = await pc.getStats();
    for (const r of st.values()) {
      if (r.type !== 'candidate-pair' || r.state !== 'succeeded' || !r.nominated) continue;
      const l = st.get(r.localCandidateId);
      if (l) out.push(`${l.candidateType}/${l.relayProtocol || l.protocol}`);
    }
  }
  return out;
});

test('TURN: with ICE forced to relay over TCP, both sides get each other\'s video through coturn', async () => {
  const k = makeEvent();
  enrol(k, cust);
  staffCame(k);
  const c = new Client();
  await login(c, cust);
  const j = (await creds(c, k.path)).json;
  assert.equal(j.ice_servers.length, 1);
  const turn = j.ice_servers[0];
  assert.ok(turn.urls.some((u) => /^turn:[0-9.]+:[0-9]+\?transport=tcp$/.test(u)), JSON.stringify(turn.urls));
  // coturn's REST-API credentials: "<expiry>:<participant>", HMAC-SHA1 of it with the shared secret
  const [exp, who] = turn.username.split(':');
  assert.equal(who, `u${cust.id}`);
  assert.ok(Number(exp) > Date.now() / 1000);
  assert.equal(turn.credential, createHmac('sha1', secret('turn_secret')).update(turn.username).digest('base64'));
  assert.ok(!JSON.stringify(j).includes(secret('turn_secret')), 'not the secret itself');
  const host = await as(org, k.path, { relayTcp: true });
  await joinCall(host);
  const pc = await as(cust, k.path, { relayTcp: true });
  await joinCall(pc);
  await Promise.all([firstFrame(host), firstFrame(pc)]);
  assert.ok((await frames(pc, 800)).video > 0 && (await frames(host, 800)).video > 0, 'video both ways');
  for (const p of [host, pc]) {
    const used = await paths(p);
    assert.ok(used.length >= 2 && used.every((x) => x === 'relay/tcp'), `every connection relayed over TCP (${used.join(' ')})`);
  }
  await close(pc);
  await close(host);
  sql(`UPDATE events SET status = 'ended' WHERE id = ${k.id}`);
});

test('a full event still lets its other staff and a join-link guest send video', async () => {
  const k = makeEvent({ max: 1 });
  enrol(k, cust); // full: one place, taken
  const staff = makeUser(A, 'professional');
  const link = randomBytes(32).toString('base64url');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${k.id}, ${A.id}, 'desktop', '${createHash('sha256').update(link).digest('hex')}', ${org.id})`);
  const pages = [await as(org, k.path), await as(cust, k.path), await as(staff, k.path), await as(null, `/fi/ecare/call/t/${link}`)];
  try {
    for (const p of pages) await joinCall(p);
    // everyone publishing: Janus counts senders against the room's cap
    await waitFor(async () => (await participants(k.room)).filter((p) => p.publisher).length === 4, 20000,
      'four senders in a room for one customer');
    const err = await Promise.all(pages.map((p) => p.evaluate(() => window.vvCall.error)));
    assert.deepEqual(err, [null, null, null, null]);
  } finally {
    for (const p of pages) await close(p);
    sql(`UPDATE events SET status = 'ended' WHERE id = ${k.id}`);
  }
});

/** Press of Siirry puheluun → first remote frame (ms, the page's own mark), n joins of the
 * customer with the organiser already in; relayTcp: both pages only through TURN over TCP. */
async function joinTimes(relayTcp, n) {
  const m = makeEvent();
  enrol(m, cust);
  const host = await as(org, m.path, { relayTcp });
  await joinCall(host);
  const times = [];
  try {
    for (let i = 0; i < n; i++) {
      const p = await as(cust, m.path, { relayTcp });
      await p.waitForFunction(() => document.querySelector('#preview').videoWidth > 0, null, { timeout: 5000 });
      await joinCall(p);
      await firstFrame(p);
      times.push(await p.evaluate(() => window.vvCall.firstFrame));
      if (relayTcp) assert.ok((await paths(p)).every((x) => x === 'relay/tcp'));
      await close(p);
      await waitFor(async () => !(await participants(m.room)).some((x) => x.id === `u${cust.id}`), 8000, 'the customer gone');
    }
  } finally {
    await close(host);
    sql(`UPDATE events SET status = 'ended' WHERE id = ${m.id}`);
  }
  return times.sort((x, y) => x - y);
}

test('join to first remote frame, direct and through TURN over TCP, 10 joins each (doc/performance.md)', async (t) => {
  const direct = await joinTimes(false, 10), relayed = await joinTimes(true, 10);
  const med = (a) => Math.round((a[(a.length - 1) >> 1] + a[a.length >> 1]) / 2);
  const row = (name, a) => `| ${name} | ${a.length} | ${med(a)} ms | ${a[0]} ms | ${a.at(-1)} ms |`;
  t.diagnostic(`direct: median ${med(direct)} ms (${direct.join(' ')}); TURN/TCP: median ${med(relayed)} ms (${relayed.join(' ')})`);
  assert.ok(med(direct) < 5000 && med(relayed) < 5000);
  const doc = `${ROOT}/doc/performance.md`;
  if (process.env.VV_WRITE_PERF === '1' && existsSync(doc)) {
    const text = readFileSync(doc, 'utf8');
    const begin = '<!-- call-turn:begin -->', end = '<!-- call-turn:end -->';
    const section = `${begin}\n## Call page: join to first remote frame, direct and through TURN over TCP\n\n` +
      'Measured by `plugins/call/tests/browser/trust.test.mjs` (run with `VV_WRITE_PERF=1`): the press of ' +
      '`Siirry puheluun` to the first remote frame on the customer\'s page (its own mark), the organiser already in; ' +
      'Janus behind the gate, coturn, nginx, vvhomed (ASan/UBSan test build) and Chromium in one network namespace. ' +
      'TURN/TCP: both pages with `iceTransportPolicy: relay` and only the TURN server\'s TCP URL. Goals: 0.6 s direct, 0.9 s through TURN.\n\n' +
      `| path | n | median | min | max |\n|---|---|---|---|---|\n${row('direct', direct)}\n${row('TURN/TCP', relayed)}\n\n` +
      `Run ${new Date().toISOString().slice(0, 10)}.\n${end}`;
    const i = text.indexOf(begin), j = text.indexOf(end);
    writeFileSync(doc, i >= 0 && j > i ? text.slice(0, i) + section + text.slice(j + end.length)
      : text.replace(/\s*$/, '\n\n') + section + '\n');
  }
});
