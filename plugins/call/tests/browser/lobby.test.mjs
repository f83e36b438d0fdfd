// The lobby (issue 16) in a real browser with real Janus: a customer who
// opens the call before any staff member sees the calm waiting screen
// ("Ohjaaja tulee pian") with their own camera picture and is not in the
// room; when a staff member joins, the customer's page lets them in without
// a reload and they receive the staff member's video. Run through
// tests/run-browser.sh. (The guides' picture of the lobby: tests/browser/guide.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { Client, login, makeTenant, makeUser, sql, unique, BASE, VAR } from '../../../../tests/http/lib.mjs';

const ADMIN = readFileSync(`${VAR}/vvhome.conf`, 'utf8').match(/^admin_url = (\S+)$/m)[1];
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function secrets() {
  const out = {};
  for (const line of readFileSync(`${VAR}/janus/secrets.conf`, 'utf8').split('\n')) {
    const m = line.match(/^(\w+) = (\S+)$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
/** Who is in the Janus room now. */
async function participants(room) {
  const res = await fetch(ADMIN, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ janus: 'message_plugin', transaction: 't', admin_secret: secrets().admin_secret,
      plugin: 'janus.plugin.videoroom', request: { request: 'listparticipants', room } }),
  });
  const j = await res.json();
  return (j.response && j.response.participants) || [];
}

let A, type, org, cust, browser;
const contexts = [];

before(async () => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 240, maxConcurrent: 50 } });
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${A.id}, ${q(unique('Tyyppi'))})`);
  type = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${A.id}`));
  org = makeUser(A, 'operator', { first: 'Olli', last: 'Ohjaaja' });
  cust = makeUser(A, 'customer', { first: 'Aino', last: 'Asiakas' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (browser) await browser.close();
});

async function as(user, path, viewport = { width: 1024, height: 768 }) {
  const c = new Client();
  await login(c, user);
  const ctx = await browser.newContext({ viewport });
  contexts.push(ctx);
  await ctx.addCookies([...c.cookies].map(([name, value]) => ({ name, value, url: BASE })));
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(BASE + path);
  return page;
}

test('a customer who comes first waits in the lobby with their own picture and is let in when staff join', async () => {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status) VALUES ('${uuid}', ${A.id}, ${type}, ${org.id}, 5,
       UTC_TIMESTAMP() - INTERVAL 60 SECOND, UTC_TIMESTAMP() + INTERVAL 3540 SECOND, 60, 'vv-${uuid}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', 'Tuolijumppa')`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${id}, ${A.id}, ${cust.id}, 'customer', 'enrolled')`);

  // The customer's tablet opens the call first (a customer joins without a device step).
  const pc = await as(cust, `/fi/ecare/call/${uuid}`);
  await pc.waitForSelector('#lobby:not([hidden])', { timeout: 15000 });
  assert.equal((await pc.textContent('#lobby-h')).trim(), 'Ohjaaja tulee pian');
  assert.equal(await pc.isVisible('#incall'), false, 'no call screen yet');
  await pc.waitForFunction(() => { const v = document.getElementById('lobby-self'); return v.videoWidth > 0 && v.currentTime > 0.3; },
    null, { timeout: 10000 });
  assert.equal(await pc.evaluate(() => window.vvCall.joined), false);
  assert.deepEqual(await participants(`vv-${uuid}`), [], 'nobody in the room');
  const url = pc.url();

  // The instructor comes.
  const po = await as(org, `/fi/ecare/call/${uuid}`);
  await po.click('#proceed');
  await po.waitForFunction(() => window.vvCall.joined || window.vvCall.error, null, { timeout: 15000 });
  assert.equal(await po.evaluate(() => window.vvCall.error), null);

  // The customer is let in, on the same page (no reload), and sees the instructor.
  await pc.waitForFunction(() => window.vvCall.joined || window.vvCall.error, null, { timeout: 20000 });
  assert.equal(await pc.evaluate(() => window.vvCall.error), null);
  assert.equal(pc.url(), url, 'the same page');
  assert.equal(await pc.isVisible('#lobby'), false, 'the lobby is gone');
  assert.equal(await pc.isVisible('#incall'), true);
  await pc.waitForFunction(() => { const v = document.querySelector('#stage video'); return v && v.videoWidth > 0 && v.currentTime > 0.5; },
    null, { timeout: 20000 });
  const names = (await pc.$$eval('#stage .tile-name', (els) => els.map((e) => e.textContent))).join(' ');
  assert.match(names, /Olli/, "the instructor's tile");
  await po.waitForFunction(() => window.vvCall.remote >= 1, null, { timeout: 15000 });
  for (const p of [pc, po]) await p.evaluate(() => window.vvCallLeave && window.vvCallLeave());
});
