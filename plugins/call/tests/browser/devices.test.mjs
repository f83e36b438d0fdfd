// The tablet's devices, chosen once by a care worker on the tablet (issue
// #17 item 1): the admin's customer page gives the address to open there;
// the page lists the camera, microphones and speakers with a live picture
// and a level meter; Tallenna keeps the choice in the tablet's browser, and
// the customer's one press on Liity then uses that microphone - no device
// step; Palauta oletukset forgets it. Headless Chromium with its fake
// devices (one camera, three microphones), Janus in the namespace; run by
// tests/run-browser.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { Client, login, makeTenant, makeUser, sql, unique, t, BASE, ROOT } from '../../../../tests/http/lib.mjs';
import { api, session } from '../call-lib.mjs';

const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

let browser, A, admin, cust, typeId;

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 240, maxConcurrent: 50 } });
  admin = makeUser(A, 'admin');
  cust = makeUser(A, 'customer', { first: 'Aino', last: 'Laite' });
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${A.id}, '${unique('Tyyppi')}')`);
  typeId = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${A.id}`));
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeId}, ${cust.id}, ${A.id})`);
});

after(async () => { await browser?.close(); });

async function pageAs(user, path, init) {
  const c = new Client();
  await login(c, user);
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  await ctx.addCookies([...c.cookies].map(([name, value]) => ({ name, value, url: BASE })));
  const page = await ctx.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(BASE + path);
  return page;
}

test('the admin\'s customer page gives the address a care worker opens on the tablet', async () => {
  const p = await pageAs(admin, `/fi/admin/users/${cust.uuid}`);
  const addr = await p.textContent('#device-setup');
  assert.match(addr, /^https?:\/\/[^/]+\/fi\/ecare\/devices$/);
  assert.equal(await p.textContent('#device-setup-title'), t('fi', 'admin.dev.setup-title'));
  await p.context().close();
});

test('on the tablet: pick a microphone, Tallenna, and the one press on Liity uses it; Palauta oletukset forgets it', async () => {
  const p = await pageAs(cust, '/fi/ecare/devices');
  assert.equal(await p.textContent('h1'), t('fi', 'devices.title'));
  await p.waitForSelector('#devices[data-ready="1"]', { timeout: 15000 });
  const mics = await p.$$eval('#device-mic option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.ok(mics.length >= 3, `the default and the fake microphones: ${JSON.stringify(mics)}`);
  assert.equal(mics[0][1], t('fi', 'devices.default'));
  const [chosen, label] = mics.at(-1);
  assert.ok(chosen && label && label !== t('fi', 'devices.default'), 'devices are named once allowed');
  await p.selectOption('#device-mic', chosen);
  // the live picture and the level meter
  await p.waitForFunction(() => document.getElementById('device-preview').videoWidth > 0, null, { timeout: 10000 });
  await p.waitForFunction(() => document.getElementById('device-level').value > 0, null, { timeout: 10000 });
  const inUse = await p.evaluate(() => document.getElementById('device-preview').srcObject.getAudioTracks()[0].getSettings().deviceId);
  assert.equal(inUse, chosen, 'the page listens to the chosen microphone');
  // nothing scrolled sideways, the buttons large enough, axe clean
  const box = await p.evaluate(() => {
    const b = document.getElementById('device-save').getBoundingClientRect();
    return { over: document.documentElement.scrollWidth - innerWidth, h: b.height, w: b.width };
  });
  assert.ok(box.over <= 0 && box.h >= 48, JSON.stringify(box));
  await p.evaluate(readFileSync(`${ROOT}/node_modules/axe-core/axe.min.js`, 'utf8'));
  const axe = await p.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  assert.deepEqual(axe.violations.map((v) => v.id), []);
  await p.click('#device-save');
  assert.equal(await p.textContent('#device-status'), t('fi', 'devices.saved'));
  assert.equal(await p.evaluate(() => JSON.parse(localStorage.getItem('vv.devices')).mic), chosen);
  // Back on the page later: the choice is shown.
  await p.reload();
  await p.waitForSelector('#devices[data-ready="1"]');
  assert.equal(await p.inputValue('#device-mic'), chosen);

  // An event running now; the customer's call page joins on its own (the
  // one press was the alarm's Liity) and asks for the chosen microphone.
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, forced_answer,
       starts_at, ends_at, duration_minutes, room_id, status)
       VALUES ('${uuid}', ${A.id}, ${typeId}, ${admin.id}, 10, 0, UTC_TIMESTAMP() - INTERVAL 1 MINUTE,
       UTC_TIMESTAMP() + INTERVAL 59 MINUTE, 60, 'vv-${uuid}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', 'Laitteiden jumppa')`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${id}, ${A.id}, ${cust.id}, 'customer', 'enrolled')`);
  // staff are in: the customer is not held in the lobby (issue #16)
  assert.equal((await api(await session(admin), { uuid }, 'join')).status, 200);
  const call = await p.context().newPage();
  await call.addInitScript(() => {
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    window.__asked = [];
    navigator.mediaDevices.getUserMedia = (c) => { window.__asked.push(JSON.parse(JSON.stringify(c))); return real(c); };
  });
  await call.goto(`${BASE}/fi/ecare/call/${uuid}`);
  await call.waitForFunction(() => window.vvCall && (window.vvCall.joined || window.vvCall.error), null, { timeout: 20000 });
  assert.equal(await call.evaluate(() => window.vvCall.error), null);
  assert.equal(await call.isVisible('#prejoin'), false, 'no device step');
  const asked = await call.evaluate(() => window.__asked);
  assert.ok(asked.length >= 1);
  assert.deepEqual(asked[0].audio.deviceId, { exact: chosen });
  const used = await call.evaluate(() => document.getElementById('self').srcObject.getAudioTracks()[0].getSettings().deviceId);
  assert.equal(used, chosen, 'the call sends the chosen microphone');
  await call.evaluate(() => window.vvCallLeave && window.vvCallLeave()).catch(() => {});
  await call.close();

  // A microphone unplugged since: the call opens with the defaults, not an error.
  await p.evaluate(() => localStorage.setItem('vv.devices', JSON.stringify({ cam: '', mic: 'gone-since', speaker: '' })));
  const again = await p.context().newPage();
  await again.goto(`${BASE}/fi/ecare/call/${uuid}`);
  await again.waitForFunction(() => window.vvCall && (window.vvCall.joined || window.vvCall.error), null, { timeout: 20000 });
  assert.equal(await again.evaluate(() => window.vvCall.error), null, 'joined with the default microphone');
  assert.ok(await again.evaluate(() => document.getElementById('self').srcObject.getAudioTracks().length === 1));
  await again.evaluate(() => window.vvCallLeave && window.vvCallLeave()).catch(() => {});
  await again.close();

  // Palauta oletukset: forgotten; the next call asks for the defaults.
  await p.click('#device-clear');
  assert.equal(await p.textContent('#device-status'), t('fi', 'devices.cleared'));
  assert.equal(await p.evaluate(() => localStorage.getItem('vv.devices')), null);
  assert.equal(await p.inputValue('#device-mic'), '');
  await p.context().close();
});

test('the page in Swedish and English; staff may open it too; without sign-in it asks to sign in', async () => {
  for (const lang of ['sv', 'en']) {
    const c = new Client();
    await login(c, cust, lang);
    const r = await c.req(`/${lang}/ecare/devices`);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes(t(lang, 'devices.intro').replace(/'/g, '&#39;').slice(0, 20)) || r.text.includes(t(lang, 'devices.title')));
  }
  const s = new Client();
  await login(s, admin);
  assert.equal((await s.req('/fi/ecare/devices')).status, 200);
  const anon = await new Client().req('/fi/ecare/devices');
  assert.ok([302, 303].includes(anon.status), `anonymous: ${anon.status}`);
});
