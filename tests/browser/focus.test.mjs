// The focus audit (issue #17 item 8, WCAG 2.4.7 Focus Visible and 2.4.11
// Focus Not Obscured): on every page of each role, walked with the Tab key
// as a keyboard user does, each element that takes focus
//   - draws a focus indicator: an outline of at least 2 px or a ring
//     (box-shadow) from the page's styles,
//   - looks different focused than not (the pixels around it, focused and
//     blurred, are not the same picture), and
//   - is in the viewport and not covered by anything (a sticky bar, the
//     alarm) at its centre.
// Staff pages at 1366x900, a customer's at 1024x768. Run by
// tests/run-browser.sh against its stack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { Client, login, makeTenant, makeUser, sql, unique, BASE } from '../http/lib.mjs';

const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];
const STAFF = { width: 1366, height: 900 };
const TABLET = { width: 1024, height: 768 };
const MAX_TABS = 45; // enough for every control of the longest page here; the walk stops when focus comes round

// The customer's tablet as the set-up guide makes it: sound allowed, so no
// "tap to start the day" screen over the page.
const KIOSK = '--autoplay-policy=no-user-gesture-required';

let browser, kiosk, A, admin, op, cust, ev, rec;

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  kiosk = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, KIOSK] });
  A = makeTenant({ contract: { sharing: true } });
  admin = makeUser(A, 'admin');
  op = makeUser(A, 'operator');
  cust = makeUser(A, 'customer', { first: 'Aino', last: 'Fokus' });
  const type = unique('Tuolijumppa');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${A.id}, '${type}')`);
  const typeId = Number(sql(`SELECT id FROM event_types WHERE tenant_id = ${A.id} AND name = '${type}'`));
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeId}, ${cust.id}, ${A.id})`);
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, forced_answer,
       starts_at, ends_at, duration_minutes, room_id, status)
       VALUES ('${uuid}', ${A.id}, ${typeId}, ${op.id}, 10, 0,
       UTC_TIMESTAMP() + INTERVAL 2 DAY, UTC_TIMESTAMP() + INTERVAL 2 DAY + INTERVAL 1 HOUR, 60, 'vv-${uuid}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name, description) VALUES (${id}, 'fi', 'Fokuksen jumppa', 'Tuolilla')`);
  ev = uuid;
  rec = randomUUID();
  sql(`INSERT INTO recordings (uuid, tenant_id, type_id, youtube_id, title, languages, starts_at, \`repeat\`, status)
       VALUES ('${rec}', ${A.id}, ${typeId}, 'aqz-KE-bpKQ', 'Fokuksen tallenne', 'fi,sv,en', UTC_TIMESTAMP(), 'once', 'active')`);
});

after(async () => { await browser?.close(); await kiosk?.close(); });

async function pageAs(user, viewport, b = browser) {
  const ctx = await b.newContext({ viewport });
  if (user) {
    const c = new Client();
    await login(c, user);
    await ctx.addCookies([...c.cookies].map(([name, value]) => ({ name, value, url: BASE })));
  }
  return ctx.newPage();
}

/** Walks the page with Tab; returns a description of every failing stop. */
async function audit(page) {
  const bad = [];
  const seen = new Set();
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (!el.dataset.focusAudit) el.dataset.focusAudit = String(Math.random()).slice(2);
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const cx = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
      const cy = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
      const hit = document.elementFromPoint(cx, cy);
      const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
      const covered = !(hit && (el.contains(hit) || hit.contains(el) || (label && label.contains(hit))));
      return {
        key: el.dataset.focusAudit,
        what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`,
        outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
        ring: cs.boxShadow !== 'none',
        visible: r.width > 0 && r.height > 0,
        inside: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
        covered,
        box: { x: Math.max(r.left - 10, 0), y: Math.max(r.top - 10, 0), width: r.width + 20, height: r.height + 20 },
      };
    });
    if (!f) continue;
    if (seen.has(f.key)) break; // round the page once
    seen.add(f.key);
    if (!f.visible) continue; // a skip link off screen until focused is measured when it is
    if (!f.outline && !f.ring) bad.push(`${f.what}: no outline or ring`);
    if (!f.inside) bad.push(`${f.what}: focused outside the viewport`);
    if (f.covered) bad.push(`${f.what}: covered at its centre`);
    const clip = { ...f.box, width: Math.min(f.box.width, TABLET.width), height: Math.min(f.box.height, 600) };
    const focused = await page.screenshot({ clip }).catch(() => null);
    await page.evaluate(() => {
      const el = document.activeElement;
      el.blur();
    });
    const blurred = await page.screenshot({ clip }).catch(() => null);
    if (focused && blurred && focused.equals(blurred)) bad.push(`${f.what}: looks the same focused and not`);
    // Back to it, so that the next Tab goes on from here.
    await page.evaluate((k) => document.querySelector(`[data-focus-audit="${k}"]`)?.focus(), f.key);
  }
  return { bad, stops: seen.size };
}

const STAFF_PAGES = () => [
  '/fi/ecare/events', '/fi/ecare/events/new', `/fi/ecare/events/${ev}`, `/fi/ecare/events/${ev}/edit`,
  '/fi/ecare/recordings', '/fi/ecare/recordings/new', '/fi/admin/users/employees', '/fi/admin/users/customers',
  `/fi/admin/users/${cust.uuid}`, '/fi/admin/types', '/fi/admin/settings', '/fi/admin/audit',
  '/fi/account/calendar-feed', '/fi/ecare/index/calendar',
];

test('every staff page: each focus stop has a visible indicator, changes the picture and is not covered', async () => {
  const page = await pageAs(admin, STAFF);
  const report = [];
  let stops = 0;
  for (const path of STAFF_PAGES()) {
    const r = await page.goto(BASE + path);
    assert.equal(r.status(), 200, path);
    const { bad, stops: n } = await audit(page);
    stops += n;
    assert.ok(n >= 3, `${path}: the walk reached its controls (${n} stops)`);
    report.push(...bad.map((b) => `${path}: ${b}`));
  }
  assert.deepEqual(report, [], `${stops} focus stops`);
  await page.context().close();
});

test('a refused form: the error summary and the fields it links to show their focus', async () => {
  const page = await pageAs(op, STAFF);
  await page.goto(`${BASE}/fi/ecare/events/new`);
  await page.locator('form[method=post] button[type=submit]').last().click();
  await page.waitForSelector('.error-summary a');
  const { bad } = await audit(page);
  assert.deepEqual(bad, []);
  await page.context().close();
});

test('the customer\'s pages on the tablet: calendar, an event, a recording', async () => {
  const page = await pageAs(cust, TABLET, kiosk);
  const report = [];
  for (const path of ['/fi/ecare/index/calendar', `/fi/ecare/index/event/${ev}`, `/fi/ecare/recording/${rec}`]) {
    const r = await page.goto(BASE + path);
    assert.equal(r.status(), 200, path);
    const { bad, stops } = await audit(page);
    assert.ok(stops >= 1, `${path}: something to press`);
    report.push(...bad.map((b) => `${path}: ${b}`));
  }
  assert.deepEqual(report, []);
  await page.context().close();
});

test('the sign-in page, before anyone is signed in', async () => {
  const page = await pageAs(null, TABLET);
  await page.goto(`${BASE}/fi/login`);
  const { bad, stops } = await audit(page);
  assert.ok(stops >= 3, `${stops} stops`);
  assert.deepEqual(bad, []);
  await page.context().close();
});

test('"tap to start the day" covers the page: Tab stays on it, the page under it cannot be reached', async () => {
  const page = await pageAs(cust, TABLET); // the default autoplay policy: sound blocked
  await page.goto(`${BASE}/fi/ecare/index/calendar`);
  await page.waitForSelector('#alarm-start');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'alarm-start', 'focus starts on it');
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement.id));
    assert.ok(id === 'alarm-start' || id === 'body', `Tab ${i + 1} reached ${id}`);
  }
  const { bad } = await audit(page);
  assert.deepEqual(bad, []);
  // Pressed: the page is back, every control reachable again.
  await page.click('#alarm-start');
  await page.waitForSelector('#alarm-start', { state: 'detached' });
  const { bad: after, stops } = await audit(page);
  assert.ok(stops >= 3, `${stops} stops after the start`);
  assert.deepEqual(after, []);
  await page.context().close();
});
