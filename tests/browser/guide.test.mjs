// The operator guide (doc/operator-guide.fi.md, after the original Finnish
// seed guide) followed from start to end in a real browser, in Finnish, on
// the demo data exactly as `make run` makes it: a database of its own,
// migrated, `vvctl demo --if-empty` (make run's command), and the stack
// switched to it - no other preparation. Each section of the guide is one
// test, in the guide's order: signing in, Muokkaa kalenteria (creating an
// event, its details, adding participants, deleting it), recordings in the
// calendar, a customer enrolling and joining (the lobby), the call with the
// instructor (ending it). With VV_SCREENSHOTS=doc/img the pictures
// the guides show are written there (not on every run).
// Run through tests/run-browser.sh (VV_TEST_FILES=tests/browser/guide.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CONF, useConf, restoreConf } from '../http/lib.mjs';

const { VV_ROOT: ROOT, VV_BASE: BASE, VV_VAR: VAR, VV_BUILD: BUILD } = process.env;
assert.ok(ROOT && BASE && VAR && BUILD, 'run through tests/run-browser.sh');
const SHOTS = process.env.VV_SCREENSHOTS ? `${ROOT}/${process.env.VV_SCREENSHOTS}` : null;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const DB = `vvguide_${process.pid}`;
const DB_CONF = `${VAR}/vvhome-${DB}.conf`;
const root = (query, db = '') => execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B',
  ...(db ? [db] : []), '-e', query], { encoding: 'utf8' }).trim();
const dsql = (query) => root(query, DB);
const vvctl = (...args) => execFileSync(`${BUILD}/vvctl`, ['-c', DB_CONF, ...args], { encoding: 'utf8' });

let browser, logins;
const contexts = [];

before(async () => {
  // make run: a database with the schema, then the demo on it.
  root(`CREATE DATABASE ${DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  root(`GRANT ALL ON ${DB}.* TO 'vvhome'@'localhost'`);
  writeFileSync(DB_CONF, readFileSync(CONF, 'utf8').replace(/^name = .*$/m, `name = ${DB}`));
  vvctl('migrate');
  const out = vvctl('demo', '--if-empty');
  logins = Object.fromEntries(out.split('\n').filter((l) => /@/.test(l))
    .map((l) => { const f = l.trim().split(/\s{2,}/); return [f[2], f[3]]; }));
  assert.match(logins['operaattori1@esimerkkikunta.example'], /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  // The stack now serves that database, as make run's would.
  useConf('name', DB);
  await sleep(2000);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
  });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (browser) await browser.close();
  await restoreConf();
  root(`DROP DATABASE IF EXISTS ${DB}`);
  rmSync(DB_CONF, { force: true });
});

async function newPage(viewport = { width: 1280, height: 860 }) {
  const ctx = await browser.newContext({ viewport, locale: 'fi-FI', timezoneId: 'Europe/Helsinki' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return page;
}
/** A picture for the guides (VV_SCREENSHOTS only). */
async function shot(page, name, fullPage = false) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}
/** From the front page, as every section of the guide begins. */
async function signIn(page, email) {
  await page.goto(`${BASE}/fi/`);
  await page.getByRole('banner').getByRole('link', { name: 'Kirjaudu sisään' }).click(); // top right
  await page.getByLabel('Sähköposti').fill(email);
  await page.getByLabel('Salasana').fill(logins[email]);
  return page;
}
/** A header menu's link: eCare Event > Muokkaa kalenteria. */
async function menu(page, menuName, link) {
  const nav = page.locator('header nav.staff-menu');
  await nav.locator('summary', { hasText: menuName }).click();
  await nav.getByRole('link', { name: link, exact: true }).click();
}
const row = (page, text) => page.locator('tbody tr', { hasText: text });

const OPERATOR = 'operaattori1@esimerkkikunta.example';
const ADMIN = 'admin@esimerkkikunta.example';
let op; // the operator's browser, kept through the guide
const NEW_EVENT = 'Laulutuokio';

test('kirjautuminen: the operator signs in from the front page and lands on Muokkaa kalenteria', async () => {
  op = await newPage();
  await signIn(op, OPERATOR);
  await shot(op, 'guide-01-kirjautuminen');
  await op.getByRole('button', { name: 'Kirjaudu' }).click();
  await op.waitForURL(`${BASE}/fi/ecare/events`);
  assert.equal(await op.locator('h1').textContent(), 'Muokkaa kalenteria');
});

test('Muokkaa kalenteria: eCare Event > Muokkaa kalenteria lists the demo events', async () => {
  await op.goto(`${BASE}/fi/`);
  await menu(op, 'eCare Event', 'Muokkaa kalenteria');
  await op.waitForURL(`${BASE}/fi/ecare/events`);
  for (const name of ['Aamujumppa', 'Muistiryhmä', 'Tuolijooga', 'Kahvihetki'])
    assert.equal(await row(op, name).count(), 1, name);
  await shot(op, 'guide-02-muokkaa-kalenteria');
});

test('tapahtuman luominen: Luo uusi tapahtuma, the fields in the guide\'s order, Lähetä', async () => {
  await op.getByRole('link', { name: 'Luo uusi tapahtuma' }).click();
  await op.getByLabel('Osallistujien maksimimäärä').fill('8');
  await op.getByLabel('Tapahtuman tyyppi').selectOption({ label: 'Viriketoiminta' });
  // Tomorrow at 14.00 in the organisation's zone, 45 minutes.
  const tomorrow = new Date(Date.now() + 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  await op.getByLabel('Päivämäärä').fill(tomorrow);
  await op.getByLabel('Päivämäärä').dispatchEvent('change');
  await op.waitForFunction(() => [...document.querySelectorAll('#time option')].some((o) => o.value === '14:00'),
    null, { timeout: 5000 });
  await op.getByLabel('Kellonaika').selectOption('14:00');
  await op.getByLabel('Kesto').selectOption({ label: '45 min' });
  await op.locator('#lang-fi').check();
  await op.locator('#name_fi').fill(NEW_EVENT);
  await op.locator('#description_fi').fill('Tutut laulut yhdessä.');
  await shot(op, 'guide-03-uusi-tapahtuma', true);
  await op.getByRole('button', { name: 'Lähetä' }).click();
  await op.waitForLoadState();
  assert.deepEqual(await op.locator('.field-error').allTextContents(), [], 'no errors');
  // Saved: its Tiedot page, and the event in the list.
  await op.waitForURL(/\/fi\/ecare\/events\/[0-9a-f-]{36}\?done=created$/);
  await op.getByRole('link', { name: 'Takaisin tapahtumiin' }).first().click();
  await op.waitForURL(/\/fi\/ecare\/events$/);
  assert.equal(await row(op, NEW_EVENT).count(), 1, 'in the list');
});

test('tapahtuman tiedot: Tiedot shows the event and takes participants (a customer by e-mail, a guest)', async () => {
  await row(op, NEW_EVENT).getByRole('link', { name: 'Tiedot' }).click();
  await op.waitForURL(/\/fi\/ecare\/events\/[0-9a-f-]{36}$/);
  const main = await op.locator('main').textContent();
  for (const label of ['Liittymislinkki', 'Tapahtuman ID', 'Alkaen', 'Loppuen', 'Kesto', 'Osallistujamäärä',
    'Pakotettu soittoon vastaus']) assert.ok(main.includes(label), label);
  // The customer's e-mail, as the admin's customer list shows it.
  await op.getByLabel('Sähköposti').fill('asiakas2@esimerkkikunta.example');
  await op.getByRole('button', { name: 'Lähetä' }).click();
  await op.waitForSelector('text=Helmi', { timeout: 5000 });
  await op.getByLabel('Sähköposti').fill('sari.sukulainen@example.org');
  await op.getByLabel('Etunimi').fill('Sari');
  await op.getByLabel('Sukunimi').fill('Sukulainen');
  await op.getByRole('button', { name: 'Lähetä' }).click();
  // A guest: their personal link, shown this once.
  await op.waitForSelector('text=Henkilökohtainen liittymislinkki', { timeout: 5000 });
  assert.match(await op.locator('main input[readonly]').first().inputValue(), /^http:\/\/.+\/fi\/join\/p\//);
  await shot(op, 'guide-04b-vieras-lisatty');
  await op.getByRole('link', { name: 'Takaisin tapahtuman tietoihin' }).click();
  const people = await op.locator('main').textContent();
  assert.ok(people.includes('Helmi') && people.includes('Sari'), 'both among the participants');
  await shot(op, 'guide-04-tapahtuman-tiedot', true);
  assert.equal(dsql(`SELECT COUNT(*) FROM event_participants p JOIN event_texts x ON x.event_id = p.event_id
    WHERE x.name = '${NEW_EVENT}'`), '2');
});

test('tapahtuman poistaminen: Poista on the event\'s row, then the confirmation', async () => {
  await op.goto(`${BASE}/fi/ecare/events`);
  await row(op, NEW_EVENT).getByRole('link', { name: 'Poista' }).click();
  await shot(op, 'guide-05-poista');
  await op.getByRole('button', { name: /Poista/ }).click();
  await op.waitForURL(/\/fi\/ecare\/events(\?.*)?$/);
  assert.equal(await row(op, NEW_EVENT).count(), 0, 'gone from the list');
});

const VIDEO_TITLE = 'Venyttelyä kotona';

test('nauhoitukset kalenterissa: Muokkaa kalenterin nauhoituksia, adding a YouTube recording and deleting one', async () => {
  await menu(op, 'eCare Event', 'Muokkaa kalenterin nauhoituksia');
  await op.waitForURL(`${BASE}/fi/ecare/recordings`);
  await shot(op, 'guide-06-nauhoitukset');
  await op.getByRole('link', { name: 'Lisää nauhoitus' }).click();
  await op.locator('#video').fill('aqz-KE-bpKQ');
  await op.locator('#title_fi').fill(VIDEO_TITLE);
  const tomorrow = new Date(Date.now() + 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  await op.locator('#date').fill(tomorrow);
  await op.locator('#date').dispatchEvent('change');
  // 9.00 when the list offers it for that day, else its last time
  const times = await op.locator('#time option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  await op.locator('#time').selectOption(times.includes('09:00') ? '09:00' : times.at(-1));
  await op.locator('#type').selectOption({ label: 'Viriketoiminta' });
  await op.locator('#repeat-once').check();
  await shot(op, 'guide-07-nauhoituksen-lisays', true);
  await op.getByRole('button', { name: 'Lähetä' }).click();
  await op.waitForURL(/\/fi\/ecare\/recordings(\?.*)?$/);
  assert.equal(await row(op, VIDEO_TITLE).count(), 1);
  await row(op, VIDEO_TITLE).getByRole('link', { name: 'Poista' }).click();
  await op.getByRole('button', { name: /Poista/ }).click();
  await op.waitForURL(/\/fi\/ecare\/recordings(\?.*)?$/);
  assert.equal(await row(op, VIDEO_TITLE).count(), 0);
});

let tablet; // the customer's tablet (Toivo Koskinen)

test('ilmoittautuminen: a customer signs in with the login link and enrols in Aamujumppa from the calendar', async () => {
  // The admin gives Toivo's tablet its login link (Yrityksen ylläpito > Asiakkaat).
  const adm = await newPage();
  await signIn(adm, ADMIN);
  await adm.getByRole('button', { name: 'Kirjaudu' }).click();
  await menu(adm, 'Yrityksen ylläpito', 'Asiakkaat');
  await adm.getByRole('link', { name: /Koskinen/ }).first().click();
  await adm.getByRole('button', { name: 'Luo kirjautumislinkki' }).click();
  const path = await adm.locator('#new-link').getAttribute('data-path');
  assert.match(path, /^\/fi\//);
  tablet = await newPage({ width: 1024, height: 768 });
  await tablet.goto(BASE + path);
  await tablet.locator('main button[type=submit]').first().click();
  await tablet.waitForURL(/\/fi\/ecare\/index\/calendar/);
  await shot(tablet, 'guide-08-asiakkaan-kalenteri');
  await tablet.getByRole('link', { name: /Aamujumppa/ }).first().click();
  await tablet.getByRole('button', { name: 'Ilmoittaudu' }).click();
  await tablet.waitForSelector('text=Olette ilmoittautunut', { timeout: 5000 });
  await shot(tablet, 'guide-09-ilmoittautunut');
});

test('liittyminen: the customer comes first and waits in the lobby; the instructor joins from Tiedot; both see each other', async () => {
  // The room is open (the demo's organisation opens it 20 minutes early): Liity.
  await tablet.getByRole('link', { name: 'Liity' }).click();
  await tablet.waitForSelector('#lobby:not([hidden])', { timeout: 15000 });
  assert.equal((await tablet.textContent('#lobby-h')).trim(), 'Ohjaaja tulee pian');
  await tablet.waitForFunction(() => document.getElementById('lobby-self').videoWidth > 0, null, { timeout: 10000 });
  await shot(tablet, 'guide-10-aula');

  await op.goto(`${BASE}/fi/ecare/events`);
  await row(op, 'Aamujumppa').getByRole('link', { name: 'Tiedot' }).click();
  await op.getByRole('link', { name: 'Liity' }).click();
  // The pre-join step: camera and microphone, Kaiunesto on, then on.
  await op.locator('#prejoin .find-cams').click();
  await op.waitForFunction(() => document.querySelector('#cam-select').options.length > 1, null, { timeout: 5000 });
  assert.equal(await op.isChecked('#echo'), true, 'Kaiunesto on');
  await op.waitForFunction(() => document.querySelector('#preview').videoWidth > 0, null, { timeout: 5000 });
  await shot(op, 'guide-11-esivalinnat');
  await op.click('#proceed');
  await op.waitForFunction(() => window.vvCall.joined || window.vvCall.error, null, { timeout: 15000 });
  assert.equal(await op.evaluate(() => window.vvCall.error), null);

  await tablet.waitForFunction(() => window.vvCall.joined, null, { timeout: 20000 });
  for (const p of [tablet, op])
    await p.waitForFunction(() => { const v = document.querySelector('#stage video'); return v && v.videoWidth > 0 && v.currentTime > 0.5; },
      null, { timeout: 20000 });
  await shot(op, 'guide-12-puhelu');
  await shot(tablet, 'guide-13-puhelu-asiakas');
});

test('tapahtuman lopettaminen: the red handset twice, then Lopetetaanko kaikilta: ended for everyone', async () => {
  // (The green handset's +15 min needs an event under way; the demo's first
  // starts minutes from now: call.test.mjs shows it.)
  // (the page knows the organisation's policy from its first poll)
  await op.waitForFunction(() => window.vvCall.state && window.vvCall.state.may_end, null, { timeout: 10000 });
  assert.equal(await op.evaluate(() => window.vvCall.state.hangup_presses), 2, "the organisation's setting");
  await op.click('#btn-hangup');
  await op.click('#btn-hangup');
  await op.waitForSelector('#confirm-end[open]', { timeout: 5000 });
  await shot(op, 'guide-14-lopetus');
  await op.click('#end-all');
  await tablet.waitForFunction(() => window.vvCall.ended || window.vvCall.left, null, { timeout: 15000 });
  assert.equal(dsql(`SELECT e.status FROM events e JOIN event_texts x ON x.event_id = e.id WHERE x.name = 'Aamujumppa'`),
    'ended');
});
