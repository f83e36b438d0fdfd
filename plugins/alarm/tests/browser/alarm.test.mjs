// The start alarm in a real browser (R-EN-4..6): the green bar and its sound
// on the customer's calendar, event and recording pages and on staff pages,
// joining by a press or by itself (forced answer, customers only), one
// ringing tab among several of any page kind, none on the call page, the
// recording's player stopped for the alarm, and ringing again after leaving
// the call. Needs no network namespace: run by tests/run-browser.sh against
// its stack, or alone (VV_BUILD, default build/test) on a stack of its own
// on port VV_ALARM_PORT (default 18261).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = process.env.VV_ROOT || resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const OWN = !process.env.VV_BASE;
const PORT = process.env.VV_ALARM_PORT || '18261';
const BUILD = process.env.VV_BUILD || `${ROOT}/build/test`;
const VAR = OWN ? `${BUILD}/alarm-browser-stack` : process.env.VV_VAR;
const BASE = OWN ? `http://127.0.0.1:${PORT}` : process.env.VV_BASE;
const CALENDAR = '/fi/ecare/index/calendar';

const stack = (...args) => execFileSync('sh', [`${ROOT}/tests/stack/stack.sh`, ...args], { encoding: 'utf8' });
const sql = (query) => execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', 'vvhome',
  '-e', query], { encoding: 'utf8' }).trim();
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const vvctl = (args, input = '') => execFileSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args],
  { encoding: 'utf8', input }).trim().split('\n').at(-1).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let browser;
let tenant;
let typeId;
let creator;
const contexts = [];

function makeUser(role, language) {
  const email = `alarm-${role}-${randomUUID()}@example.org`;
  const args = ['user', 'create', '--tenant', tenant.uuid, '--email', email, '--first', 'Testi', '--last', 'Hälytys',
    '--role', role, '--password-stdin'];
  if (language) args.push('--language', language);
  const uuid = vvctl(args, `salasana-${randomUUID()}\n`);
  return { uuid, id: Number(sql(`SELECT id FROM users WHERE uuid = '${uuid}'`)) };
}

/** A running event (started a minute ago, an hour long) the user is enrolled in; with
 * `from`, one that starts that many seconds from now. Staff are enrolled as staff. */
function runningEvent(user, { name = `Tuolijumppa ${randomUUID().slice(0, 8)}`, forced = false, from = -60,
  kind = 'customer' } = {}) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, forced_answer, starts_at, ends_at,
       duration_minutes, room_id) VALUES ('${uuid}', ${tenant.id}, ${typeId}, ${creator.id}, 10, ${forced ? 1 : 0},
       UTC_TIMESTAMP() + INTERVAL ${from} SECOND, UTC_TIMESTAMP() + INTERVAL ${from + 3600} SECOND, 60, 'room-${uuid}');
       SET @e = LAST_INSERT_ID();
       INSERT INTO event_texts (event_id, language, name) VALUES (@e, 'fi', ${q(name)});
       INSERT INTO event_participants (event_id, tenant_id, user_id, kind) VALUES (@e, ${tenant.id}, ${user.id}, '${kind}');
       INSERT IGNORE INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeId}, ${user.id}, ${tenant.id})`);
  return { uuid, name, join: `/fi/ecare/call/${uuid}`, page: `/fi/ecare/index/event/${uuid}` };
}

/** A YouTube recording in today's calendar of the customers of the type; its page. */
function recording() {
  const uuid = randomUUID();
  sql(`INSERT INTO recordings (uuid, tenant_id, type_id, youtube_id, title, starts_at)
       VALUES ('${uuid}', ${tenant.id}, ${typeId}, 'dQw4w9WgXcQ', 'Aamuvoimistelu', UTC_TIMESTAMP())`);
  return `/fi/ecare/recording/${uuid}`;
}

/** A browser context signed in as user: a session row whose token only this test knows. */
async function signedIn(user) {
  const token = randomBytes(32).toString('base64url');
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
       VALUES (SHA2('${token}', 256), ${user.id}, ${tenant.id}, '${randomBytes(32).toString('base64url')}', 'link',
       UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  await ctx.addCookies([{ name: 'vv_session', value: token, url: BASE, httpOnly: true }]);
  contexts.push(ctx);
  return ctx;
}

async function open(ctx, path) {
  const page = await ctx.newPage();
  await page.goto(BASE + path);
  return page;
}

const calendar = (ctx) => open(ctx, CALENDAR);

const barShown = (page, timeout = 10000) => page.waitForSelector('#alarm-bar:not([hidden])', { timeout });

/** Whether the alarm sound plays: not paused, and its clock moves. */
async function ringing(page) {
  const t0 = await page.evaluate(() => {
    const a = document.getElementById('alarm-sound');
    return a && !a.paused ? a.currentTime : null;
  });
  if (t0 === null) return false;
  await sleep(400);
  return page.evaluate((t) => {
    const a = document.getElementById('alarm-sound');
    return !a.paused && a.currentTime !== t;
  }, t0);
}

async function until(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

before(async () => {
  if (OWN) stack('start', VAR, PORT, BUILD);
  const tuuid = vvctl(['tenant', 'create', '--name', `Hälytys ${randomUUID()}`, '--language', 'fi']);
  tenant = { uuid: tuuid, id: Number(sql(`SELECT id FROM tenants WHERE uuid = '${tuuid}'`)) };
  creator = makeUser('operator');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, 'Jumppa ${randomUUID()}')`);
  typeId = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${tenant.id}`));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (browser) await browser.close();
  if (OWN) stack('stop', VAR);
});

test('an enrolled event starts: the green bar with its name, and the sound plays', async () => {
  const user = makeUser('customer', 'fi');
  const ev = runningEvent(user);
  const page = await calendar(await signedIn(user));
  await barShown(page);
  assert.equal((await page.textContent('#alarm-name')).trim(), ev.name);
  assert.equal((await page.textContent('#alarm-join')).trim(), 'Liity', 'the button says it in words');
  assert.equal(await page.getAttribute('#alarm-bar', 'role'), 'alert');
  await until(() => ringing(page), 5000, 'the alarm sound');
  const box = await (await page.$('#alarm-join')).boundingBox();
  assert.ok(box.height >= 64 && box.width >= 64, `the join button is 64 px (${box.width}x${box.height})`);
});

/** No WCAG 2.2 AA violations (axe-core), and every control inside `targets` at least 48x48 px. */
async function accessible(page, targets = 'body') {
  // Evaluated over the debugging protocol: the page's CSP forbids inline
  // scripts, and the test must not weaken it.
  await page.evaluate(readFileSync(`${ROOT}/node_modules/axe-core/axe.min.js`, 'utf8'));
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const found = res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe finds nothing on ${page.url()}`);
  const small = await page.evaluate((scope) => [...document.querySelectorAll(`${scope} :is(a, button, input, select, [role=button])`)]
    .filter((el) => el.checkVisibility())
    .map((el) => { const r = el.getBoundingClientRect(); return { el: el.outerHTML.slice(0, 80), w: r.width, h: r.height }; })
    .filter((b) => b.w < 48 || b.h < 48), targets);
  assert.deepEqual(small, [], `every touch target is at least 48x48 px on ${page.url()}`);
}

test('the calendar with the bar shown: no WCAG 2.2 AA violations, touch targets at least 48 px', async () => {
  const user = makeUser('customer', 'fi');
  runningEvent(user);
  const page = await calendar(await signedIn(user));
  await barShown(page);
  assert.ok(await page.isVisible('a.cal-next'), 'Seuraava viikko');
  await accessible(page);
});

test('a later week: the week buttons in words, no WCAG 2.2 AA violations, touch targets at least 48 px', async () => {
  const user = makeUser('customer', 'fi');
  const ev = runningEvent(user, { name: `Ensi viikolla ${randomUUID().slice(0, 8)}` });
  sql(`UPDATE events SET starts_at = UTC_TIMESTAMP() + INTERVAL 9 DAY, ends_at = UTC_TIMESTAMP() + INTERVAL 9 DAY + INTERVAL 1 HOUR
       WHERE uuid = '${ev.uuid}'`);
  const page = await calendar(await signedIn(user));
  await page.click('a.cal-next');
  await page.waitForURL(`${BASE}${CALENDAR}?week=1`, { timeout: 5000 });
  assert.ok((await page.textContent('main')).includes(ev.name), 'the event nine days ahead');
  for (const [sel, text] of [['a.cal-prev', 'Edellinen viikko'], ['a.cal-this', 'Tämä viikko'], ['a.cal-next', 'Seuraava viikko']]) {
    assert.ok((await page.textContent(sel)).includes(text), `${sel} says ${text}`);
  }
  await accessible(page);
  // Narrow (a phone held upright): the buttons still fit and stay large.
  await page.setViewportSize({ width: 375, height: 740 });
  await accessible(page);
  await page.click('a.cal-this');
  await page.waitForURL(BASE + CALENDAR, { timeout: 5000 });
});

test('pressing the bar joins: the browser goes to the join address', async () => {
  const user = makeUser('customer', 'fi');
  const ev = runningEvent(user);
  const page = await calendar(await signedIn(user));
  await barShown(page);
  await page.click('#alarm-name'); // anywhere on the bar, not only the button
  await page.waitForURL(BASE + ev.join, { timeout: 5000 });
  assert.ok((await page.textContent('main')).includes(ev.name), 'the call page names the event');
});

test('forced answer: the tablet joins by itself', async () => {
  const user = makeUser('customer', 'fi');
  const ev = runningEvent(user, { forced: true });
  const page = await calendar(await signedIn(user));
  await page.waitForURL(BASE + ev.join, { timeout: 10000 });
});

// Two tabs of one browser: one rings; when one is in the call the other is
// silent; back on the calendar the alarm rings again (R-EN-5, R-EN-6).
let twoTabs;

test('two calendar tabs: only one rings', async () => {
  const user = makeUser('customer', 'fi');
  const ev = runningEvent(user);
  const ctx = await signedIn(user);
  const a = await calendar(ctx);
  const b = await calendar(ctx);
  await Promise.all([barShown(a), barShown(b)]);
  await until(async () => (await ringing(a)) || (await ringing(b)), 5000, 'one tab to ring');
  for (let i = 0; i < 5; i++) {
    const n = (await ringing(a) ? 1 : 0) + (await ringing(b) ? 1 : 0);
    assert.equal(n, 1, 'exactly one tab rings');
  }
  twoTabs = { ev, a, b };
});

test('one tab joins the call: the other stops and stays silent', async () => {
  assert.ok(twoTabs, 'needs the tabs of the test before');
  const { ev, a, b } = twoTabs;
  const [inCall, other] = (await ringing(a)) ? [a, b] : [b, a];
  await inCall.goto(BASE + ev.join); // the ringing tab leaves: the other must not take over
  await until(async () => !(await ringing(other)) && (await other.isHidden('#alarm-bar')), 3000, 'silence');
  for (let i = 0; i < 10; i++) {
    assert.equal(await other.evaluate(() => document.getElementById('alarm-sound').paused), true, 'silent');
    assert.ok(await other.isHidden('#alarm-bar'), 'no bar while in the call');
    await sleep(400);
  }
  twoTabs.inCall = inCall;
  twoTabs.other = other;
});

test('back on the calendar while the event runs: the alarm rings again', async () => {
  assert.ok(twoTabs?.inCall, 'needs the tabs of the test before');
  const { ev, inCall, other } = twoTabs;
  await inCall.goto(BASE + CALENDAR);
  await barShown(inCall);
  assert.equal((await inCall.textContent('#alarm-name')).trim(), ev.name);
  await barShown(other);
  await until(async () => (await ringing(inCall)) || (await ringing(other)), 6000, 'the alarm again');
  const n = (await ringing(inCall) ? 1 : 0) + (await ringing(other) ? 1 : 0);
  assert.equal(n, 1, 'still only one tab rings');
});

test('autoplay refused: the bar shows anyway, says a touch brings the sound, and a touch does', async () => {
  const user = makeUser('customer', 'fi');
  const ev = runningEvent(user);
  const ctx = await signedIn(user);
  // A browser that refuses play() until the user has touched the page (the
  // headless one lets a navigation count as a touch, so it is told here).
  await ctx.addInitScript(() => {
    const play = HTMLMediaElement.prototype.play;
    let touched = false;
    document.addEventListener('pointerdown', () => { touched = true; }, true);
    HTMLMediaElement.prototype.play = function () {
      return touched ? play.call(this) : Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
    };
  });
  const page = await calendar(ctx);
  await barShown(page);
  assert.equal((await page.textContent('#alarm-name')).trim(), ev.name);
  await page.waitForSelector('#alarm-hint:not([hidden])', { timeout: 5000 });
  assert.equal(await ringing(page), false, 'the browser refused the sound');
  await page.mouse.click(5, 700); // a touch outside the bar
  await until(() => ringing(page), 5000, 'the sound after a touch');
  assert.ok(await page.isHidden('#alarm-hint'), 'the hint goes once the sound plays');
  assert.equal(page.url(), BASE + CALENDAR, 'a touch outside the bar does not join');
});

// ---- Every signed-in page, not only the calendar

/** The user on `path` when their event starts a few seconds later: no bar before
 * the start; then the bar with the event's name and the sound. */
async function startsWhileOn(ctx, path, user, opts = {}) {
  const ev = runningEvent(user, { from: 4, forced: opts.forced, kind: opts.kind });
  const page = await open(ctx, path === 'event' ? ev.page : path);
  await page.waitForFunction(() => window.vvAlarm, null, { timeout: 5000 });
  assert.ok(await page.isHidden('#alarm-bar'), 'no bar before the start');
  if (opts.fullscreen) {
    await page.evaluate((id) => document.getElementById(id).requestFullscreen(), opts.fullscreen);
    assert.equal(await page.evaluate(() => document.fullscreenElement?.id), opts.fullscreen);
  }
  await barShown(page, 15000);
  assert.equal((await page.textContent('#alarm-name')).trim(), ev.name);
  return { ev, page };
}

test('a customer on a recording page when the event starts: the green bar and the sound; pressing joins', async () => {
  const user = makeUser('customer', 'fi');
  const rec = recording();
  const ctx = await signedIn(user);
  // A player in full screen would hide the bar: the alarm takes the page out of it.
  const { ev, page } = await startsWhileOn(ctx, rec, user, { fullscreen: 'cal-player' });
  await until(() => ringing(page), 5000, 'the alarm sound');
  assert.equal(await page.evaluate(() => document.fullscreenElement), null, 'out of full screen');
  assert.ok(await page.isVisible('.cal-player iframe'), 'a player never started is left alone');
  await accessible(page);
  await page.click('#alarm-join');
  await page.waitForURL(BASE + ev.join, { timeout: 5000 });
});

test('a customer on the event\'s own page when it starts: the green bar and the sound; pressing joins', async () => {
  const user = makeUser('customer', 'fi');
  const { ev, page } = await startsWhileOn(await signedIn(user), 'event', user);
  await until(() => ringing(page), 5000, 'the alarm sound');
  await accessible(page);
  await page.click('#alarm-bar .alarm-text'); // anywhere on the bar
  await page.waitForURL(BASE + ev.join, { timeout: 5000 });
});

test('a recording page: a started video stops when the bar appears, and comes back (not playing) on request', async () => {
  const user = makeUser('customer', 'fi');
  const path = recording();
  const ctx = await signedIn(user);
  const ev = runningEvent(user, { from: 5 });
  const page = await open(ctx, path);
  const src = await page.getAttribute('.cal-player iframe', 'src');
  assert.ok(!/autoplay/.test(src), 'the player never plays by itself');
  // Pressing play moves the focus into the player's frame (here the frame
  // shows the browser's offline page: the test has no internet).
  await page.click('.cal-player iframe');
  await page.waitForFunction(() => document.activeElement?.tagName === 'IFRAME', null, { timeout: 3000 });
  await barShown(page, 15000);
  assert.equal((await page.textContent('#alarm-name')).trim(), ev.name);
  await page.waitForSelector('#cal-stopped:not([hidden])', { timeout: 2000 });
  assert.equal(await page.$('.cal-player iframe'), null, 'the player is gone: it cannot play over the alarm');
  assert.equal((await page.textContent('#cal-stopped p')).trim(), 'Video pysäytettiin, koska tapahtumanne alkoi.');
  await until(() => ringing(page), 5000, 'the alarm sound');
  await accessible(page);
  await page.click('#cal-resume');
  await page.waitForSelector('.cal-player iframe', { timeout: 2000 });
  assert.equal(await page.getAttribute('.cal-player iframe', 'src'), src, 'the same player, waiting for a press');
  assert.ok(await page.isHidden('#cal-stopped'));
  assert.ok(await page.isVisible('#alarm-bar'), 'the alarm goes on until the user joins');
});

test('forced answer joins from a recording page', async () => {
  const user = makeUser('customer', 'fi');
  const path = recording();
  const ev = runningEvent(user, { forced: true, from: 4 });
  const page = await open(await signedIn(user), path);
  assert.equal(page.url(), BASE + path);
  await page.waitForURL(BASE + ev.join, { timeout: 15000 });
});

test('a staff member enrolled in an event gets the bar on a staff page but is never forced', async () => {
  for (const [role, path] of [['operator', '/fi/ecare/events'], ['professional', '/fi/account/password']]) {
    const user = makeUser(role);
    const { ev, page } = await startsWhileOn(await signedIn(user), path, user, { forced: true, kind: 'staff' });
    await until(() => ringing(page), 5000, `the alarm sound for the ${role}`);
    await sleep(6000); // more than one more poll: forced answer would have joined by now
    assert.equal(page.url(), BASE + path, `the ${role} stays on the page`);
    assert.ok(await page.isVisible('#alarm-bar'));
    // Staff pages are made for a desktop: the tablet's 48 px rule holds for the bar.
    await accessible(page, '#alarm-bar');
    // At work: a click on the bar's text (near a form's top) does not leave
    // the page; only the button joins.
    await page.click('#alarm-name');
    await sleep(500);
    assert.equal(page.url(), BASE + path, 'the bar\'s text does not join');
    await page.click('#alarm-join');
    await page.waitForURL(BASE + ev.join, { timeout: 5000 });
  }
});

test('staff: the sound stops by itself after a while; Sulje puts the bar away for that event, and it stays away', async () => {
  const user = makeUser('operator');
  const { page } = await startsWhileOn(await signedIn(user), '/fi/ecare/events', user, { kind: 'staff' });
  await barShown(page);
  // The sound stops by itself after a while; the bar stays until Sulje.
  await until(() => ringing(page), 5000, 'the sound');
  await until(async () => !(await ringing(page)), 14000, 'the sound stops by itself');
  assert.ok(await page.isVisible('#alarm-bar'));
  assert.equal((await page.textContent('#alarm-close')).trim(), 'Sulje');
  await page.click('#alarm-close');
  assert.ok(await page.isHidden('#alarm-bar'));
  await page.goto(BASE + '/fi/ecare/events');
  await sleep(6500); // more than a poll on the new page
  assert.ok(await page.isHidden('#alarm-bar'), 'not shown again for the same event');
  assert.equal(await ringing(page), false);
});

test('the call page never shows the bar, and silences a recording tab of the same browser', async () => {
  const user = makeUser('customer', 'fi');
  const ev = runningEvent(user);
  const ctx = await signedIn(user);
  const rec = await open(ctx, recording());
  await barShown(rec);
  await until(() => ringing(rec), 5000, 'the recording tab rings');
  const call = await open(ctx, ev.join);
  assert.ok((await call.textContent('main')).includes(ev.name), 'the call page of the running event');
  await until(async () => !(await ringing(rec)) && (await rec.isHidden('#alarm-bar')), 4000, 'silence in the other tab');
  for (let i = 0; i < 16; i++) { // 6.4 s: more than one poll
    assert.equal(await call.$('#alarm-bar'), null, 'no bar on the call page');
    assert.equal(await call.$('#alarm-sound'), null, 'no alarm sound on the call page');
    assert.equal(call.url(), BASE + ev.join);
    assert.ok(await rec.isHidden('#alarm-bar'), 'no bar in the other tab while in the call');
    await sleep(400);
  }
});

test('a calendar tab and a recording tab: only one rings', async () => {
  const user = makeUser('customer', 'fi');
  runningEvent(user);
  const ctx = await signedIn(user);
  const a = await calendar(ctx);
  const b = await open(ctx, recording());
  await Promise.all([barShown(a), barShown(b)]);
  await until(async () => (await ringing(a)) || (await ringing(b)), 5000, 'one tab to ring');
  for (let i = 0; i < 5; i++) {
    const n = (await ringing(a) ? 1 : 0) + (await ringing(b) ? 1 : 0);
    assert.equal(n, 1, 'exactly one tab rings');
  }
});
