// A call survives the loss of its Janus server (issue 13). The browser
// stack runs two Janus servers (tests/run-browser.sh: "a", and "b" a
// standby that takes rooms only while a is down). Two people in a call on
// a see each other; a is SIGKILLed; both call pages notice their session
// died and ask …/join again, the server finds a not answering, marks it
// down and places the room on b, and both see each other again - within
// 10 s, with presentation mode still on. Then Janus a restarted under a
// call, while four more calls' members join over HTTP: the pages join
// again and see each other, and every room is where the database says -
// made again on a or moved to b. Media assertions as plugins/call/tests/browser/trust.
// Run through tests/run-browser.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { Client, login, makeTenant, makeUser, sql, unique, BASE, VAR, ROOT } from '../../../../tests/http/lib.mjs';
import { session, api } from '../../../call/tests/call-lib.mjs';

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PORT = Number(process.env.VV_PORT);
// Janus a as tests/stack/stack.sh starts it
const JANUS_ENV = { ...process.env, JANUS_PORT: String(PORT + 8), JANUS_ADMIN_PORT: String(PORT - 992) };
const janusA = (cmd) => execFileSync('sh', [`${ROOT}/tests/stack/janus.sh`, cmd, `${VAR}/janus`,
  '--interface', process.env.VV_JANUS_INTERFACE || '10.77.0.1'], { env: JANUS_ENV, encoding: 'utf8' });
const placed = (room) => sql(`SELECT server FROM janus_rooms WHERE room_id = ${q(room)}`);
const isDown = (name) => sql(`SELECT down_since IS NOT NULL FROM janus_servers WHERE name = ${q(name)}`) === '1';
const figures = {};
// The servers' admin URLs, as vvhome.conf lists them
const ADMINS = Object.fromEntries(readFileSync(`${VAR}/vvhome.conf`, 'utf8').match(/^servers = (.+)$/m)[1]
  .trim().split(/\s+/).map((x) => x.split('=')));
const SECRET = readFileSync(`${VAR}/janus/secrets.conf`, 'utf8').match(/^admin_secret = (\S+)$/m)[1];

/** Whether the Janus server name has the room (its admin API). */
async function hasRoom(name, room) {
  try {
    const res = await fetch(ADMINS[name], {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ janus: 'message_plugin', transaction: 't', admin_secret: SECRET,
        plugin: 'janus.plugin.videoroom', request: { request: 'exists', room } }),
    });
    return (await res.json()).response.exists === true;
  } catch { return false; }
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

let A, typeA, org, cust, browser;
const open = [];

function makeEvent() {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status)
       VALUES ('${uuid}', ${A.id}, ${typeA}, ${org.id}, 5, UTC_TIMESTAMP() - INTERVAL 60 SECOND,
       UTC_TIMESTAMP() + INTERVAL 1740 SECOND, 30, 'vv-${uuid}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(unique('Jumppa'))})`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${id}, ${A.id}, ${cust.id}, 'customer', 'enrolled')`);
  sql(`INSERT IGNORE INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeA}, ${cust.id}, ${A.id})`);
  return { id, uuid, room: `vv-${uuid}` };
}

async function as(user, path) {
  const c = new Client();
  await login(c, user);
  const ctx = await browser.newContext();
  await ctx.addCookies([...c.cookies].map(([name, value]) => ({ name, value, url: BASE })));
  const page = await ctx.newPage();
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
  if (await page.isVisible('#proceed')) await page.click('#proceed');
  await page.waitForFunction(() => window.vvCall.joined || window.vvCall.error, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.vvCall.error), null);
}

/** Video frames the page decoded from the others over ms, and the mean
 * brightness of the first remote tile's picture (-1: none shown). */
async function received(page, ms = 500) {
  const a = await page.evaluate(() => window.vvCallInbound());
  await sleep(ms);
  const b = await page.evaluate(() => window.vvCallInbound());
  const light = await page.evaluate(() => {
    const v = document.querySelector('#stage video');
    if (!v || !v.videoWidth) return -1;
    const c = document.createElement('canvas');
    c.width = 32; c.height = 24;
    const g = c.getContext('2d');
    g.drawImage(v, 0, 0, 32, 24);
    const d = g.getImageData(0, 0, 32, 24).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i] + d[i + 1] + d[i + 2];
    return sum / (d.length / 4) / 3;
  });
  return { frames: b.videoFrames - a.videoFrames, energy: b.audioEnergy - a.audioEnergy, light };
}
const seen = async (page) => { const r = await received(page); return r.frames > 0 && r.light > 10; };
const bothSee = async (p1, p2) => (await seen(p1)) && (await seen(p2));

/** After a fault at t0: both pages joined again (their sessions died) and
 * see each other; the time it took. */
async function seeAgain(p1, p2, t0, ms) {
  await waitFor(async () => {
    for (const p of [p1, p2]) {
      const s = await p.evaluate(() => ({ lost: window.vvCall.lost || 0, joined: window.vvCall.joined }));
      if (s.lost < 1 || !s.joined) return false;
    }
    return bothSee(p1, p2);
  }, ms, 'both participants to see each other again');
  return Date.now() - t0;
}

before(async () => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 240, maxConcurrent: 50 } });
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${A.id}, ${q(unique('Tyyppi'))})`);
  typeA = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${A.id}`));
  org = makeUser(A, 'operator');
  cust = makeUser(A, 'customer');
  sql(`INSERT INTO tenant_policies (tenant_id, hangup_presses, end_policy, warning_minutes)
       VALUES (${A.id}, 2, 'creator_admin', 5) ON DUPLICATE KEY UPDATE end_policy = VALUES(end_policy)`);
  // both servers answer (janus.test.mjs stopped and started them) and the ticker knows it
  await waitFor(() => !isDown('a') && !isDown('b'), 15000, 'both Janus servers up');
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
  // whatever happened, Janus a runs again for what comes after
  try { janusA('start'); } catch (e) { console.error(String(e)); }
  if (Object.keys(figures).length) console.log(`# Janus failover: ${JSON.stringify(figures)}`);
});

test('Janus server of a call SIGKILLed: both participants see each other again within 10 s, on the other server', async () => {
  const ev = makeEvent();
  const po = await as(org, `/fi/ecare/call/${ev.uuid}`);
  const pc = await as(cust, `/fi/ecare/call/${ev.uuid}`);
  await joinCall(po);
  await joinCall(pc);
  await waitFor(() => bothSee(po, pc), 20000, 'both see each other');
  assert.equal(placed(ev.room), 'a', 'the room is on a (b is a standby)');
  // presentation mode on: the server's state, kept through the move
  await po.click('#btn-present');
  await pc.waitForFunction(() => window.vvCall.muted === true, null, { timeout: 10000 });

  const pid = Number(readFileSync(`${VAR}/janus/janus.pid`, 'utf8').trim());
  process.kill(pid, 'SIGKILL');
  const t0 = Date.now();
  figures.killedMs = await seeAgain(po, pc, t0, 10000);

  assert.equal(placed(ev.room), 'b', 'the room moved to b');
  assert.ok(isDown('a'), 'a is marked down');
  assert.equal(await pc.evaluate(() => window.vvCall.muted), true, 'presentation mode kept');
  assert.equal(await po.evaluate(() => window.vvCall.error), null);
  // the customer stays silent at the organiser's: muted on b too
  await waitFor(async () => (await received(po, 700)).energy < 0.001, 5000, 'the customer muted on b');
  await close(pc);
  await close(po);

  janusA('start');
  // the ticker finds a answering again; new rooms go there again
  await waitFor(() => !isDown('a'), 10000, 'a marked up by the ticker');
});

test('Janus server restarted under a call: the room is made again (or moves) and both see each other again', async () => {
  await waitFor(() => !isDown('a'), 10000, 'a up');
  const ev = makeEvent();
  const po = await as(org, `/fi/ecare/call/${ev.uuid}`);
  const pc = await as(cust, `/fi/ecare/call/${ev.uuid}`);
  await joinCall(po);
  await joinCall(pc);
  await waitFor(() => bothSee(po, pc), 20000, 'both see each other');
  assert.equal(placed(ev.room), 'a');

  // The load: four more calls whose members join again and again over
  // HTTP (as pages do after a fault) while Janus a restarts.
  const others = [makeEvent(), makeEvent(), makeEvent(), makeEvent()];
  // staff first: a customer alone waits in the lobby and gets no room (issue #16)
  for (const o of others) assert.equal((await api(await session(org), o, 'join')).status, 200);
  const c = await session(cust);
  let loading = true;
  const answers = [];
  const load = (async () => {
    while (loading) {
      for (const o of others) answers.push((await api(c, o, 'join')).status);
      await sleep(200);
    }
  })();
  await sleep(600);
  const t0 = Date.now();
  janusA('stop');
  janusA('start');
  figures.restartedMs = await seeAgain(po, pc, t0, 15000);
  figures.restartedRoomOn = placed(ev.room);
  assert.match(figures.restartedRoomOn, /^[ab]$/);
  await sleep(1000);
  loading = false;
  await load;
  // Every room is on the server the database names: made again on a, or moved
  for (const o of [ev, ...others]) {
    const on = placed(o.room);
    await waitFor(() => hasRoom(on, o.room), 5000, `room ${o.room} on ${on}`);
  }
  figures.restartLoad = { joins: answers.length, by: answers.reduce((m, x) => ({ ...m, [x]: (m[x] || 0) + 1 }), {}),
    rooms: others.map((o) => placed(o.room)).join('') };
  assert.ok(answers.every((x) => x === 200 || x === 503), `joins answered 200 or 503: ${answers}`);
  assert.equal(answers.at(-1), 200, 'joins answered again after the restart');
  await close(pc);
  await close(po);
});
