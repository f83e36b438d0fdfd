// The customer's tablet, made for an 85-year-old (issue #17), looked at in
// headless Chromium: the alarm rings and one press on Liity puts the
// customer in the call (default devices, no device step) with its four
// buttons in view; the call is the whole screen at tablet and phone sizes,
// portrait and landscape, staff keep their whole toolbar in view; after
// the red handset a choice, back in or not today (which silences the alarm
// for that event); no sign-out or language links on a customer's pages;
// the calendar's clock and day move on their own (a faked clock, across a
// minute, midnight and the DST change); "tap to start the day" at load
// under the default autoplay policy, never under the kiosk policy. Every
// customer page at 1024x768, 768x1024, 390x844 and 320x640 without
// horizontal overflow, its primary control inside the viewport and at
// least 48 px, axe clean; screenshots in build/screens/ for the guides.
// Run through tests/run-browser.sh (Janus in a network namespace).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { Client, login, makeTenant, makeUser, sql, unique, BASE, ROOT } from '../../../../tests/http/lib.mjs';

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SHOTS = `${ROOT}/build/screens`;
mkdirSync(SHOTS, { recursive: true });

const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream'];
const KIOSK = '--autoplay-policy=no-user-gesture-required';
const SIZES = [[1024, 768], [768, 1024], [390, 844], [320, 640]];

let A, type, org, kiosk, plain;
const contexts = [];

function makeEvent({ minutes = 60, forced = 0, from = -60, name = unique('Tuolijumppa') } = {}) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, forced_answer,
       starts_at, ends_at, duration_minutes, room_id, status)
       VALUES ('${uuid}', ${A.id}, ${type}, ${org.id}, 10, ${forced},
       UTC_TIMESTAMP() + INTERVAL ${from} SECOND, UTC_TIMESTAMP() + INTERVAL ${from + minutes * 60} SECOND,
       ${minutes}, 'vv-${uuid}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(name)})`);
  return { id, uuid, name, room: `vv-${uuid}` };
}

function enrol(ev, user) {
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${ev.id}, ${A.id}, ${user.id}, 'customer', 'enrolled')`);
  // what the core writes with every change: the alarm poll's cache learns of it
  sql(`INSERT INTO changes (kind, id, changed_at) VALUES ('u', ${user.id}, UTC_TIMESTAMP(6))
       ON DUPLICATE KEY UPDATE changed_at = VALUES(changed_at)`);
  sql(`INSERT IGNORE INTO type_customers (type_id, user_id, tenant_id) VALUES (${type}, ${user.id}, ${A.id})`);
}

/** A signed-in page for user at path, in browser b. */
async function as(user, path, { b = kiosk, viewport = { width: 1024, height: 768 }, init = null, clock = null } = {}) {
  const c = new Client();
  await login(c, user);
  const ctx = await b.newContext({ viewport, hasTouch: viewport.width < 800, isMobile: viewport.width < 500 });
  contexts.push(ctx);
  await ctx.addCookies([...c.cookies].map(([name, value]) => ({ name, value, url: BASE })));
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  if (clock) await page.clock.install({ time: clock });
  if (init) await page.addInitScript(init);
  if (path) await page.goto(BASE + path);
  return page;
}

async function leaveAndClose(page) {
  try { await page.evaluate(() => window.vvCallLeave && window.vvCallLeave()); } catch { /* gone */ }
  await page.context().close().catch(() => {});
}

const shot = (page, name) => page.screenshot({ path: `${SHOTS}/${name}.png` });

/** No horizontal overflow, and each selector visible, entirely inside the
 * viewport (nothing scrolled) and at least 48x48 px. */
async function fits(page, selectors, what) {
  const r = await page.evaluate((sels) => ({
    over: document.documentElement.scrollWidth - window.innerWidth,
    scrolled: window.scrollX || window.scrollY,
    boxes: sels.map((s) => {
      const el = document.querySelector(s);
      if (!el || !el.checkVisibility()) return { s, missing: true };
      const b = el.getBoundingClientRect();
      return { s, l: b.left, t: b.top, r: b.right, b: b.bottom, w: b.width, h: b.height };
    }),
    vw: window.innerWidth, vh: window.innerHeight,
  }), selectors);
  assert.ok(r.over <= 0, `${what}: no horizontal overflow (${r.over} px too wide)`);
  for (const b of r.boxes) {
    assert.ok(!b.missing, `${what}: ${b.s} on screen`);
    assert.ok(b.l >= 0 && b.t >= 0 && b.r <= r.vw + 0.5 && b.b <= r.vh + 0.5,
      `${what}: ${b.s} inside the ${r.vw}x${r.vh} viewport (${JSON.stringify(b)})`);
    assert.ok(b.w >= 48 && b.h >= 48, `${what}: ${b.s} at least 48 px (${b.w}x${b.h})`);
  }
}

async function axeClean(page) {
  await page.evaluate(readFileSync(`${ROOT}/node_modules/axe-core/axe.min.js`, 'utf8'));
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const found = res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe finds nothing on ${page.url()}`);
}

const joined = (page) => page.waitForFunction(() => window.vvCall && (window.vvCall.joined || window.vvCall.error),
  null, { timeout: 15000 }).then(() => page.evaluate(() => window.vvCall.error));

async function host(ev) {
  const p = await as(org, `/fi/ecare/call/${ev.uuid}`);
  await p.click('#proceed');
  assert.equal(await joined(p), null);
  return p;
}

before(async () => {
  A = makeTenant({ language: 'fi', timezone: 'Europe/Helsinki',
    contract: { maxEventMinutes: 240, maxConcurrent: 50 } });
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${A.id}, ${q(unique('Tyyppi'))})`);
  type = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${A.id}`));
  org = makeUser(A, 'operator');
  kiosk = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, KIOSK] });
  plain = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (kiosk) await kiosk.close();
  if (plain) await plain.close();
});

test('one press: the alarm rings, Liity, and the customer is in the call with its buttons in view', async () => {
  const cust = makeUser(A, 'customer');
  const ev = makeEvent();
  enrol(ev, cust);
  const h = await host(ev);
  const p = await as(cust, '/fi/ecare/index/calendar');
  await p.waitForSelector('#alarm-bar:not([hidden])', { timeout: 12000 });
  await p.waitForFunction(() => !document.getElementById('alarm-sound').paused, null, { timeout: 8000 });
  await p.click('#alarm-join');
  await p.waitForURL(new RegExp(`/fi/ecare/call/${ev.uuid}$`), { timeout: 10000 });
  assert.equal(await joined(p), null, 'joined without a second press');
  assert.equal(await p.isVisible('#prejoin'), false, 'no device step');
  assert.equal(await p.isVisible('#echo'), false);
  await p.waitForFunction(() => window.vvCall.firstFrame !== null, null, { timeout: 15000 });
  await h.waitForFunction(() => window.vvCall.firstFrame !== null, null, { timeout: 15000 });
  const echo = await p.evaluate(() => document.getElementById('self').srcObject.getAudioTracks()[0]
    .getSettings().echoCancellation);
  assert.equal(echo, true, 'echo cancellation on');
  // the other large, playing, and seen
  await p.waitForFunction(() => { const v = document.querySelector('#stage video'); return v && v.videoWidth > 0 && v.currentTime > 0.5; },
    null, { timeout: 15000 });
  const big = await p.evaluate(() => { const r = document.querySelector('#stage video').getBoundingClientRect(); return r.width * r.height; });
  assert.ok(big >= 1024 * 768 * 0.4, `the other large (${big} px²)`);
  await fits(p, ['#btn-hangup', '#btn-mic', '#btn-camera', '#btn-speaker'], 'the call at 1024x768');
  assert.equal(await p.isVisible('.site-header'), false, 'no header in the call');
  assert.equal(await p.locator('#btn-share, #btn-layout, #self-pos, .more-devices').count(), 0,
    'no staff tools for the customer');
  await shot(p, 'call-customer-1024x768');
  await fits(h, ['#btn-hangup', '#btn-mic', '#btn-share', '#btn-present', '#btn-extend'], 'the staff call at 1024x768');
  await shot(h, 'call-staff-1024x768');
  await leaveAndClose(p);
  await leaveAndClose(h);
});

test('the call is the whole screen at tablet and phone sizes; staff keep their whole toolbar in view', async () => {
  const cust = makeUser(A, 'customer');
  const ev = makeEvent();
  enrol(ev, cust);
  const h = await host(ev);
  for (const [width, height] of SIZES) {
    const p = await as(cust, `/fi/ecare/call/${ev.uuid}`, { viewport: { width, height } });
    assert.equal(await joined(p), null);
    await p.waitForFunction(() => window.vvCall.remote >= 1, null, { timeout: 15000 });
    await fits(p, ['#btn-hangup', '#btn-mic', '#btn-camera', '#btn-speaker'], `the call at ${width}x${height}`);
    const stage = await p.evaluate(() => document.getElementById('stage').getBoundingClientRect().height);
    assert.ok(stage >= height * 0.35, `the others large (${stage} px of ${height})`);
    await shot(p, `call-customer-${width}x${height}`);
    await axeClean(p);
    await leaveAndClose(p);
  }
  for (const [width, height] of [[1366, 900], [390, 844]]) {
    await h.setViewportSize({ width, height });
    await sleep(200);
    await fits(h, ['#btn-hangup', '#btn-mic', '#btn-camera', '#btn-speaker', '#btn-share', '#btn-layout',
      '#btn-extend', '#btn-present'], `the staff call at ${width}x${height}`);
    await shot(h, `call-staff-${width}x${height}`);
  }
  await leaveAndClose(h);
});

test('leaving: back in, or not today - which stops the alarm for that event only', async () => {
  const cust = makeUser(A, 'customer');
  const ev = makeEvent();
  enrol(ev, cust);
  // a staff member has been in the room: no lobby (issue 16)
  sql(`INSERT INTO call_members (event_id, tenant_id, member_key, participant_id, display, is_staff, joined_at)
       VALUES (${ev.id}, ${A.id}, 'u${org.id}', 'u${org.id}', 'Ohjaaja', 1, UTC_TIMESTAMP())`);
  const p = await as(cust, `/fi/ecare/call/${ev.uuid}`);
  assert.equal(await joined(p), null);
  await p.click('#btn-hangup');
  await p.waitForSelector('#left-choice:not([hidden])', { timeout: 5000 });
  await fits(p, ['#rejoin', '#not-today'], 'the choice after leaving');
  assert.equal(await p.textContent('#not-today'), 'En osallistu tänään');
  await shot(p, 'call-left-choice-1024x768');
  await p.click('#rejoin');
  assert.equal(await joined(p), null, 'back in the call');
  await p.click('#btn-hangup');
  await p.waitForSelector('#left-choice:not([hidden])', { timeout: 5000 });
  await p.click('#not-today');
  await p.waitForURL(/\/fi\/ecare\/index\/calendar$/, { timeout: 10000 });
  await sleep(6500); // more than one poll of the alarm
  assert.equal(await p.isVisible('#alarm-bar'), false, 'no bar for the event they said no to');
  assert.equal(await p.evaluate(() => document.getElementById('alarm-sound').paused), true, 'silent');
  assert.equal(sql(`SELECT status FROM events WHERE id = ${ev.id}`), 'scheduled', 'the event goes on');
  assert.deepEqual(await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vv-skip:'))),
    [`vv-skip:${ev.uuid}`], 'that event only');
  await p.context().close();
});

test('no self-lockout: no sign-out button or language links on a customer\'s pages; staff keep theirs', async () => {
  const cust = makeUser(A, 'customer');
  const p = await as(cust, '/fi/ecare/index/calendar');
  assert.equal(await p.locator('form.logout, .lang-switch').count(), 0);
  assert.equal(await p.getByRole('button', { name: 'Kirjaudu ulos' }).count(), 0);
  // a care worker signs the tablet out on purpose: the address, then a confirmation
  await p.goto(`${BASE}/fi/logout`);
  assert.equal(await p.textContent('h1'), 'Kirjaudutaanko ulos?');
  await p.getByRole('button', { name: 'Kirjaudu ulos' }).click();
  await p.waitForURL(/\/fi\/$/);
  assert.equal((await p.goto(`${BASE}/fi/ecare/index/calendar`)).url().endsWith('/fi/login'), true, 'signed out');
  const s = await as(org, '/fi/ecare/index/calendar');
  assert.equal(await s.getByRole('button', { name: 'Kirjaudu ulos' }).count(), 1);
  assert.equal(await s.locator('.lang-switch a').count(), 3);
  await p.context().close();
  await s.context().close();
});

test('a living calendar: the clock, the date and the day move on their own across a minute, midnight and DST', async () => {
  const cust = makeUser(A, 'customer');
  // 23.59.30 in Helsinki on Monday 7 December 2026
  const p = await as(cust, '/fi/ecare/index/calendar', { clock: new Date('2026-12-07T21:59:30Z'),
    init: () => { window.vvNotReloaded = true; } });
  assert.equal(await p.textContent('#cal-clock'), '23.59');
  assert.equal(await p.textContent('#cal-date'), 'maanantai 7.12.2026');
  const asked = [];
  p.on('request', (r) => { if (r.url().endsWith('/fi/ecare/index/calendar')) asked.push(r.method()); });
  await sleep(300); // a fetch at load (the server's day may differ from the faked one) has ended
  const before = await p.evaluate(() => window.vvCalendar.refreshed);
  await p.clock.runFor(60000);
  await p.waitForFunction(() => document.getElementById('cal-clock').textContent === '0.00', null, { timeout: 5000 });
  assert.equal(await p.textContent('#cal-date'), 'tiistai 8.12.2026');
  await p.waitForFunction((n) => window.vvCalendar.refreshed > n, before, { timeout: 5000 });
  assert.ok(asked.length >= 1, 'the new day\'s list asked for');
  assert.equal(await p.evaluate(() => window.vvNotReloaded), true, 'no reload');
  assert.equal(await p.textContent('#cal-clock'), '0.00', 'the device\'s clock, not the page\'s');
  await p.context().close();

  // 2.59.30 on 28 March 2027: at 3.00 the clocks go to 4.00
  const d = await as(cust, '/fi/ecare/index/calendar', { clock: new Date('2027-03-28T00:59:30Z') });
  assert.equal(await d.textContent('#cal-clock'), '2.59');
  await d.clock.runFor(60000);
  await d.waitForFunction(() => document.getElementById('cal-clock').textContent === '4.00', null, { timeout: 5000 });
  assert.equal(await d.textContent('#cal-date'), 'sunnuntai 28.3.2027');
  await d.context().close();

  // "Käynnissä nyt" when an event starts, without a reload
  const ev = makeEvent({ from: 45 });
  enrol(ev, cust);
  const n = await as(cust, '/fi/ecare/index/calendar', { clock: new Date() });
  const card = n.locator(`.cal-item-event[data-starts] a[data-event="${ev.uuid}"]`);
  assert.equal(await card.count(), 1, 'the event on the calendar');
  assert.equal(await card.locator('.cal-state-running').count(), 0);
  await n.clock.runFor(61000);
  await sleep(500);
  await shot(n, 'calendar-running-1024x768');
  await card.locator('.cal-state-running').waitFor({ timeout: 5000 });
  await n.context().close();
});

test('the alarm heard: "tap to start the day" at load when sound is blocked, never under the kiosk policy', async () => {
  const cust = makeUser(A, 'customer');
  const p = await as(cust, '/fi/ecare/index/calendar', { b: plain });
  await p.waitForSelector('#alarm-start', { timeout: 5000 });
  assert.match(await p.textContent('#alarm-start'), /Koskettakaa tästä/);
  await fits(p, ['#alarm-start'], 'tap to start the day');
  await shot(p, 'tablet-start-the-day-1024x768');
  await p.click('#alarm-start');
  await p.waitForSelector('#alarm-start', { state: 'detached', timeout: 5000 });
  // later in the day an event starts: it rings, no touch needed
  const ev = makeEvent();
  enrol(ev, cust);
  await p.waitForSelector('#alarm-bar:not([hidden])', { timeout: 12000 });
  await p.waitForFunction(() => { const a = document.getElementById('alarm-sound'); return !a.paused && a.currentTime > 0.2; },
    null, { timeout: 8000 });
  assert.equal(await p.isVisible('#alarm-hint'), false, 'no "touch to hear" at alarm time');
  await p.context().close();

  const k = await as(cust, '/fi/ecare/index/calendar', { b: kiosk });
  await k.waitForFunction(() => window.vvAlarm && window.vvAlarm.soundBlocked === false, null, { timeout: 8000 });
  assert.equal(await k.locator('#alarm-start').count(), 0, 'the kiosk tablet needs no touch');
  await k.context().close();
});

test('every customer page fits at tablet and phone sizes, its primary control in view, axe clean', async () => {
  // names as they are in life, for the screenshots
  const cust = makeUser(A, 'customer', { first: 'Aino', last: 'Virtanen' });
  const soon = makeEvent({ from: 7200, name: 'Muistelupiiri' });
  sql(`INSERT IGNORE INTO type_customers (type_id, user_id, tenant_id) VALUES (${type}, ${cust.id}, ${A.id})`);
  const running = makeEvent({ name: 'Tuolijumppa' });
  enrol(running, cust);
  const pages = [
    ['calendar', '/fi/ecare/index/calendar', []],
    ['calendar-week', '/fi/ecare/index/calendar?week=1', []],
    ['event-enrol', `/fi/ecare/index/event/${soon.uuid}`, ['.cal-primary']],
    // the running event's Liity is the green bar's, first on the page (the page's own comes later)
    ['event-join', `/fi/ecare/index/event/${running.uuid}`, []],
  ];
  for (const [width, height] of SIZES) {
    for (const [name, path, primary] of pages) {
      const p = await as(cust, path, { viewport: { width, height } });
      await p.waitForSelector('#alarm-bar:not([hidden])', { timeout: 12000 });
      await shot(p, `${name}-${width}x${height}`);
      await fits(p, ['#alarm-join', ...primary], `${name} at ${width}x${height}`);
      if (width === 1024 || width === 320) await axeClean(p);
      await p.context().close();
    }
  }
});

test('staff pages fit at 1366x900 and 390x844', async () => {
  const admin = makeUser(A, 'admin');
  const ev = makeEvent({ from: 7200 });
  const pages = [['calendar', '/fi/ecare/index/calendar'], ['events', '/fi/ecare/events'],
    ['event', `/fi/ecare/events/${ev.uuid}`], ['customers', '/fi/admin/users/customers'],
    ['employees', '/fi/admin/users/employees'], ['recordings', '/fi/ecare/recordings']];
  for (const [width, height] of [[1366, 900], [390, 844]]) {
    for (const [name, path] of pages) {
      const p = await as(admin, path, { viewport: { width, height } });
      const over = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await shot(p, `staff-${name}-${width}x${height}`);
      assert.ok(over <= 0, `staff ${name} at ${width}x${height}: no horizontal overflow (${over} px)`);
      await p.context().close();
    }
  }
});

test('staff pages: breadcrumbs in a row, menus close with Escape and a press outside, the error summary names the field, buttons apart and alike, the login link whole, a 404 that knows who is signed in', async () => {
  const admin = makeUser(A, 'admin', { first: 'Pirjo', last: 'Pääkäyttäjä' });
  const ev = makeEvent({ from: 7200, name: 'Muistelupiiri' });
  const p = await as(admin, '/fi/ecare/events', { viewport: { width: 1366, height: 900 } });
  const tops = await p.evaluate(() => [...document.querySelectorAll('.breadcrumbs li')]
    .map((li) => { const r = li.getBoundingClientRect(); return [(r.top + r.bottom) / 2, getComputedStyle(li).listStyleType]; }));
  assert.ok(tops.length >= 3 && tops.every(([t, s]) => Math.abs(t - tops[0][0]) <= 2 && s === 'none'),
    `breadcrumbs in one row, unnumbered (${JSON.stringify(tops)})`);
  // the row's buttons alike in width
  const widths = await p.evaluate((u) => [...document.querySelector(`a[href$="/ecare/events/${u}"]`).closest('td')
    .querySelectorAll('.button')].map((b) => Math.round(b.getBoundingClientRect().width)), ev.uuid);
  assert.ok(widths.length === 3 && widths.every((w) => w === widths[0]), `Tiedot, Muokkaa, Poista alike (${widths})`);
  await shot(p, 'staff-events-fixed-1366x900');
  // menus
  const menu = p.locator('details.menu').first();
  await menu.locator('summary').click();
  assert.equal(await menu.evaluate((d) => d.open), true);
  await p.keyboard.press('Escape');
  assert.equal(await menu.evaluate((d) => d.open), false, 'Escape closes the menu');
  assert.equal(await p.evaluate(() => document.activeElement.tagName), 'SUMMARY', 'and the focus is on its button');
  await menu.locator('summary').click();
  await p.mouse.click(600, 600);
  assert.equal(await menu.evaluate((d) => d.open), false, 'a press outside closes it');

  // Lähetä and the event's Poista apart
  await p.goto(`${BASE}/fi/ecare/events/${ev.uuid}`);
  const gap = await p.evaluate(() => {
    const send = document.querySelector('#participants form button[type=submit]');
    const del = document.querySelector('.event-actions .button-danger');
    return del.getBoundingClientRect().top - send.getBoundingClientRect().bottom;
  });
  assert.ok(gap >= 32, `Poista well apart from Lähetä (${gap} px)`);
  await shot(p, 'staff-event-fixed-1366x900');

  // the error summary names the field
  await p.goto(`${BASE}/fi/ecare/events/new`);
  await p.locator('form[method=post] button[type=submit]').last().click();
  await p.waitForSelector('.error-summary a');
  const named = await p.evaluate(() => [...document.querySelectorAll('.error-summary a')].map((a) => {
    const l = document.querySelector(`label[for="${a.getAttribute('href').slice(1)}"]`);
    return [a.textContent, l ? l.textContent.trim() : null];
  }));
  assert.ok(named.length > 0 && named.every(([t, l]) => !l || t.startsWith(`${l}: `)), JSON.stringify(named));
  await shot(p, 'staff-form-errors-1366x900');

  // a customer's new login link shown whole
  const cust = makeUser(A, 'customer', { first: 'Aino', last: 'Virtanen' });
  await p.goto(`${BASE}/fi/admin/users/${cust.uuid}`);
  await p.click('#login-link');
  await p.waitForSelector('#new-link');
  const field = await p.evaluate(() => { const i = document.getElementById('new-link'); return [i.scrollWidth, i.clientWidth]; });
  assert.ok(field[0] <= field[1], `the whole link in view (${field})`);
  await shot(p, 'staff-login-link-1366x900');

  // 404: the header of the signed-in user
  const r = await p.goto(`${BASE}/fi/ei-tallaista-sivua`);
  assert.equal(r.status(), 404);
  assert.equal(await p.getByRole('button', { name: 'Kirjaudu ulos' }).count(), 1, 'signed in on the 404 page');
  assert.equal(await p.locator('a[href="/fi/login"]').count(), 0);
  await p.context().close();
});
