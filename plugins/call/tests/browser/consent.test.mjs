// Consent before media (issue #11, item 5; "Done means" (g)) and the
// organiser's list of watchers (item 7), with real media: Janus behind the
// gate, Chromium with fake devices. Every getUserMedia call of a page is
// recorded by an init script with whether the recording notice was on the
// screen at that moment, so "no camera before the answer" is what the
// browser did, not what the page says. Run through tests/run-browser.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { Client, login, makeTenant, makeUser, sql, unique, BASE, VAR } from '../../../../tests/http/lib.mjs';

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

/** The participants holding a handle in room (the gate's opaque ids). */
async function holders(room) {
  const out = [];
  for (const sid of (await adminCore('list_sessions')).sessions || []) {
    for (const hid of (await adminCore('list_handles', `/${sid}`)).handles || []) {
      const info = (await adminCore('handle_info', `/${sid}/${hid}`)).info;
      const m = info && typeof info.opaque_id === 'string' && info.opaque_id.match(/^vv\|([^|]+)\|(.+)$/);
      if (m && m[1] === room) out.push(m[2]);
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

let A, typeA, org, cust, cust2, browser;
const open = [];

function makeEvent({ forced = 0, record = 1 } = {}) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, record, forced_answer,
       starts_at, ends_at, duration_minutes, room_id, status)
       VALUES ('${uuid}', ${A.id}, ${typeA}, ${org.id}, 5, ${record}, ${forced},
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

/** Records every getUserMedia call in window.vvGum, with whether the
 * recording notice (#consent) was on the screen when it was made. */
function recordGum() {
  window.vvGum = [];
  const md = navigator.mediaDevices;
  const gum = md.getUserMedia.bind(md);
  md.getUserMedia = (c) => {
    const n = document.getElementById('consent');
    window.vvGum.push({ noticeShown: !!(n && !n.hidden && n.offsetParent !== null), video: !!c.video, audio: !!c.audio });
    return gum(c);
  };
}

/** A signed-in browser page for user at path. */
async function as(user, path, init = null) {
  const c = new Client();
  await login(c, user);
  const ctx = await browser.newContext();
  await ctx.addCookies([...c.cookies].map(([name, value]) => ({ name, value, url: BASE })));
  const page = await ctx.newPage();
  open.push(page);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  if (init) await page.addInitScript(init);
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

const firstFrame = (page) => page.waitForFunction(() => window.vvCall.firstFrame !== null, null, { timeout: 20000 })
  .then(() => page.evaluate(() => window.vvCall.firstFrame));

before(async () => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 240, maxConcurrent: 50, recording: true } });
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${A.id}, ${q(unique('Tyyppi'))})`);
  typeA = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${A.id}`));
  org = makeUser(A, 'operator');
  cust = makeUser(A, 'customer');
  cust2 = makeUser(A, 'customer', { first: 'Kaisa', last: unique('Katsoja') });
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

test('(g) forced answer, recorded: the customer sees the notice before any camera starts; accepting starts it and joins', async () => {
  const ev = makeEvent({ forced: 1 });
  enrol(ev, cust);
  const host = await as(org, ev.path);
  await joinCall(host); // staff run the event: not asked
  assert.equal(await host.isVisible('#consent'), false);
  // The tablet shows its calendar; forced answer takes it into the call.
  const p = await as(cust, '/fi/ecare/index/calendar', recordGum);
  await p.waitForURL(new RegExp(`/fi/ecare/call/${ev.uuid}$`), { timeout: 15000 });
  await p.waitForSelector('#consent', { state: 'visible', timeout: 10000 });
  assert.match(await p.textContent('#consent'), /Tämä tapahtuma nauhoitetaan/);
  assert.match(await p.textContent('#consent'), /Kamera ja mikrofoni käynnistyvät vasta/);
  await sleep(3000); // a forced join, polls and the alarm's settling time have all had their turn
  assert.deepEqual(await p.evaluate(() => window.vvGum), [], 'no camera or microphone asked for before the answer');
  assert.equal(await p.evaluate(() => window.vvCall.joined), false, 'not in the call yet');
  assert.equal(await p.evaluate(() => document.getElementById('self').srcObject), null, 'no own picture');
  assert.deepEqual((await participants(ev.room)).map((x) => x.id), [`u${org.id}`], 'only the host in the room');

  await p.click('#consent-accept');
  await p.waitForFunction(() => window.vvCall.joined, null, { timeout: 15000 });
  const asked = await p.evaluate(() => window.vvGum);
  assert.ok(asked.length >= 1, 'the camera starts after the answer');
  assert.ok(asked.every((g) => !g.noticeShown && g.video && g.audio), JSON.stringify(asked));
  assert.equal(await p.evaluate(() => window.vvCall.watch), false);
  assert.ok(await firstFrame(p) > 0, 'the host is seen');
  assert.ok(await firstFrame(host) > 0, 'and the customer by the host');
  assert.equal(sql(`SELECT accepted FROM call_consents WHERE event_id = ${ev.id} AND member_key = 'u${cust.id}'`), '1');
  await close(p);
  await close(host);
  sql(`UPDATE events SET status = 'ended' WHERE id = ${ev.id}`);
});

test('the green bar says a running event is recorded', async () => {
  const ev = makeEvent();
  enrol(ev, cust);
  const p = await as(cust, '/fi/ecare/index/calendar');
  await p.waitForSelector('#alarm-bar', { state: 'visible', timeout: 10000 });
  await p.waitForSelector('#alarm-recorded', { state: 'visible', timeout: 5000 });
  assert.match(await p.textContent('#alarm-recorded'), /nauhoitetaan/);
  await close(p);
  sql(`UPDATE events SET status = 'ended' WHERE id = ${ev.id}`);
});

test('declining: the customer watches and listens with no device opened; the organiser sees them watching and removes them', async () => {
  const ev = makeEvent();
  enrol(ev, cust2);
  const host = await as(org, ev.path);
  await joinCall(host);
  const p = await as(cust2, ev.path, recordGum);
  await p.waitForSelector('#consent', { state: 'visible', timeout: 10000 });
  await p.click('#consent-decline');
  await p.waitForFunction(() => window.vvCall.joined || window.vvCall.error, null, { timeout: 15000 });
  assert.equal(await p.evaluate(() => window.vvCall.error), null);
  assert.equal(await p.evaluate(() => window.vvCall.watch), true);
  assert.ok(await firstFrame(p) > 0, 'the host is seen and heard');
  assert.ok(await p.isVisible('#watching'));
  assert.equal(await p.isVisible('#btn-camera'), false);
  assert.deepEqual(await p.evaluate(() => window.vvGum), [], 'no camera or microphone, ever');
  const me = (await participants(ev.room)).find((x) => x.id === `u${cust2.id}`);
  assert.ok(me && !me.publisher, `in the room, sending nothing (${JSON.stringify(me)})`);
  assert.equal(sql(`SELECT accepted FROM call_consents WHERE event_id = ${ev.id} AND member_key = 'u${cust2.id}'`), '0');

  // The organiser's list: the watcher, named, with Poista.
  const row = `#people-list li[data-participant="u${cust2.id}"]`;
  await host.waitForSelector(row, { timeout: 10000 });
  assert.match(await host.textContent(row), /Kaisa/);
  assert.match(await host.textContent(row), /katsoo/);
  assert.match(await host.textContent(`#people-list li[data-participant="u${org.id}"]`), /kuva ja ääni/);
  await host.click(`${row} button.remove`);
  await p.waitForFunction(() => /poisti teidät/.test(document.getElementById('call-message').textContent),
    null, { timeout: 10000, polling: 100 });
  await waitFor(async () => !(await holders(ev.room)).includes(`u${cust2.id}`), 10000, 'their session gone');
  await host.waitForSelector(row, { state: 'detached', timeout: 10000 });
  // not admitted again: the call page says so at once, and …/join is refused
  const again = await as(cust2, ev.path);
  await again.waitForFunction(() => /poisti teidät/.test(document.getElementById('call-message').textContent),
    null, { timeout: 10000, polling: 100 });
  assert.equal(await again.evaluate(() => window.vvCall.joined), false);
  await close(again);
  await close(p);
  await close(host);
});
