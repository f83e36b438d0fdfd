// The staff's event pages in a real browser: Muokkaa from the list and from
// Tiedot, the edit form as staff use it (prefilled, refused with the error
// summary, saved), and an axe check (WCAG 2.2 AA) of each state: ready,
// refused, under way. Run by tests/run-browser.sh against its stack, or
// alone (VV_BUILD, default build/test) on a stack of its own on port
// VV_EVENTS_PORT (default 18262).
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
const PORT = process.env.VV_EVENTS_PORT || '18262';
const BUILD = process.env.VV_BUILD || `${ROOT}/build/test`;
const VAR = OWN ? `${BUILD}/events-browser-stack` : process.env.VV_VAR;
const BASE = OWN ? `http://127.0.0.1:${PORT}` : process.env.VV_BASE;

const stack = (...args) => execFileSync('sh', [`${ROOT}/tests/stack/stack.sh`, ...args], { encoding: 'utf8' });
const sql = (query) => execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', 'vvhome',
  '-e', query], { encoding: 'utf8' }).trim();
const vvctl = (args, input = '') => execFileSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args],
  { encoding: 'utf8', input }).trim().split('\n').at(-1).trim();

let browser, tenant, typeId, operator, ctx;

/** An event of the tenant straight in the database, starting in `from` minutes. */
function makeEvent(name, from) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id) VALUES ('${uuid}', ${tenant.id}, ${typeId}, ${operator.id}, 5,
       UTC_TIMESTAMP() + INTERVAL ${from} MINUTE, UTC_TIMESTAMP() + INTERVAL ${from + 60} MINUTE, 60, 'room-${uuid}');
       INSERT INTO event_texts (event_id, language, name, description) VALUES (LAST_INSERT_ID(), 'fi', '${name}', 'Kuvaus');`);
  return uuid;
}

async function axe(page, what) {
  // Over the debugging protocol: the page's CSP forbids inline scripts.
  await page.evaluate(readFileSync(`${ROOT}/node_modules/axe-core/axe.min.js`, 'utf8'));
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const found = res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe finds nothing on ${what}`);
}

before(async () => {
  if (OWN) stack('start', VAR, PORT, BUILD);
  const tuuid = vvctl(['tenant', 'create', '--name', `Muokkaus ${randomUUID()}`, '--language', 'fi']);
  tenant = { uuid: tuuid, id: Number(sql(`SELECT id FROM tenants WHERE uuid = '${tuuid}'`)) };
  vvctl(['contract', 'set', '--tenant', tuuid, '--max-participants', '12']);
  const uuid = vvctl(['user', 'create', '--tenant', tuuid, '--email', `edit-${randomUUID()}@example.org`, '--first', 'Olli',
    '--last', 'Operaattori', '--role', 'operator', '--password-stdin'], `salasana-${randomUUID()}\n`);
  operator = { uuid, id: Number(sql(`SELECT id FROM users WHERE uuid = '${uuid}'`)) };
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, 'Jumppa')`);
  typeId = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${tenant.id}`));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  const token = randomBytes(32).toString('base64url');
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
       VALUES (SHA2('${token}', 256), ${operator.id}, ${tenant.id}, '${randomBytes(32).toString('base64url')}', 'password',
       UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  await ctx.addCookies([{ name: 'vv_session', value: token, url: BASE, httpOnly: true }]);
});

after(async () => {
  if (ctx) await ctx.close().catch(() => {});
  if (browser) await browser.close();
  if (OWN) stack('stop', VAR);
});

test('Muokkaa from the list opens the form prefilled; a refusal and a save as staff see them; no WCAG 2.2 AA violations', async () => {
  const uuid = makeEvent('Aamujumppa', 5 * 24 * 60);
  const page = await ctx.newPage();
  await page.goto(`${BASE}/fi/ecare/events`);
  await axe(page, 'the list');
  const link = page.locator(`a[href="/fi/ecare/events/${uuid}/edit"]`);
  assert.match(await link.textContent(), /^Muokkaa: Aamujumppa$/, 'named for the event');
  await link.click();
  await page.waitForURL(`${BASE}/fi/ecare/events/${uuid}/edit`);
  assert.equal(await page.getByLabel('Osallistujien maksimimäärä').inputValue(), '5');
  assert.equal(await page.locator('#name_fi').inputValue(), 'Aamujumppa');
  await axe(page, 'the edit form');

  await page.getByLabel('Osallistujien maksimimäärä').fill('13');
  await page.locator('#name_fi').fill('Iltajumppa');
  await page.getByRole('button', { name: 'Lähetä' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.textContent('.error-summary'), /Sopimuksenne sallii enintään 12 osallistujaa/);
  assert.equal(await page.locator('#name_fi').inputValue(), 'Iltajumppa', 'the input is kept');
  await axe(page, 'the refused form');

  await page.getByLabel('Osallistujien maksimimäärä').fill('8');
  await page.getByRole('button', { name: 'Lähetä' }).click();
  await page.waitForURL(`${BASE}/fi/ecare/events/${uuid}?done=updated`);
  assert.match(await page.textContent('main'), /Tapahtuma on päivitetty\./);
  assert.equal((await page.textContent('#event-subject')).trim(), 'Iltajumppa');
  assert.equal((await page.textContent('#event-max')).trim(), '8');
  await axe(page, 'Tiedot');
  await page.getByRole('link', { name: 'Muokkaa', exact: true }).click();
  await page.waitForURL(`${BASE}/fi/ecare/events/${uuid}/edit`);
});

test('an event under way: the form for its texts, the rest read-only; no WCAG 2.2 AA violations', async () => {
  const uuid = makeEvent('Käynnissä', -10);
  const page = await ctx.newPage();
  await page.goto(`${BASE}/fi/ecare/events/${uuid}/edit`);
  assert.equal(await page.locator('#max').count(), 0);
  assert.equal((await page.textContent('#fixed-max')).trim(), '5');
  await axe(page, 'the form of an event under way');
  await page.locator('#name_fi').fill('Yhä käynnissä');
  await page.getByRole('button', { name: 'Lähetä' }).click();
  await page.waitForURL(`${BASE}/fi/ecare/events/${uuid}?done=updated`);
  assert.equal((await page.textContent('#event-subject')).trim(), 'Yhä käynnissä');
});

test('after a date change the time list is the server\'s, in the organisation\'s zone, whatever the browser\'s clock zone', async () => {
  // A browser half a day ahead of Helsinki: its own clock would give other times.
  const far = await browser.newContext({ viewport: { width: 1024, height: 768 }, timezoneId: 'Pacific/Auckland' });
  await far.addCookies((await ctx.cookies()).filter((c) => c.name === 'vv_session'));
  const page = await far.newPage();
  await page.goto(`${BASE}/fi/ecare/events/new`);
  assert.equal(await page.locator('#slots-button').isHidden(), true, 'with JavaScript the button is not needed');
  // From the parts: the locale's pattern differs between ICU versions.
  const lp = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric',
    month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.now() + 20 * 86400000)).map((x) => [x.type, x.value]));
  const later = `${lp.year}-${lp.month}-${lp.day}`;
  const answered = page.waitForResponse((r) => r.url().includes('/ecare/events/slots?date='));
  await page.locator('#date').fill(later);
  await page.locator('#date').dispatchEvent('change');
  await answered;
  await page.waitForFunction(() => document.querySelectorAll('#time option').length === 96);
  const values = await page.locator('#time option').evaluateAll((os) => os.map((o) => o.value));
  assert.equal(values[0], '00:00');
  assert.equal(values.at(-1), '23:45');
  assert.equal(await page.locator('#time option').first().textContent(), '00.00');
  // Back to the form's own day: the same list the server first offered.
  const first = await (await ctx.newPage()).goto(`${BASE}/fi/ecare/events/new`).then((r) => r.text());
  const today = first.match(/id="date"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="date"/).slice(1).find(Boolean);
  const offered = [...first.match(/<select[^>]*id="time"[^>]*>([\s\S]*?)<\/select>/)[1].matchAll(/value="([^"]+)"/g)].map((m) => m[1]);
  const again = page.waitForResponse((r) => r.url().includes(`date=${today}`));
  await page.locator('#date').fill(today);
  await page.locator('#date').dispatchEvent('change');
  await again;
  await page.waitForFunction((n) => document.querySelectorAll('#time option').length === n, offered.length);
  assert.deepEqual(await page.locator('#time option').evaluateAll((os) => os.map((o) => o.value)), offered);
  await axe(page, 'the create form');
  await far.close();
});

test('Tiedot: Hae henkilöä finds a customer and Lisää adds them; join links listed; no WCAG 2.2 AA violations', async () => {
  const uuid = makeEvent('Hakujumppa', 3 * 24 * 60);
  const email = `haku-${randomUUID()}@example.org`;
  vvctl(['user', 'create', '--tenant', tenant.uuid, '--email', email, '--first', 'Eino', '--last', 'Hakulainen',
    '--role', 'customer', '--language', 'fi']);
  const page = await ctx.newPage();
  await page.goto(`${BASE}/fi/ecare/events/${uuid}`);
  await page.getByLabel('Hae henkilöä').fill('Hakulai');
  await page.getByRole('button', { name: 'Hae', exact: true }).click();
  await page.waitForSelector('#participants-found');
  assert.match(await page.textContent('#participants-found'), new RegExp(`Eino Hakulainen \\(Asiakas\\)\\s*${email.replace(/\./g, '\\.')}`));
  await axe(page, 'Tiedot with search results');
  await page.getByRole('button', { name: 'Lisää Eino Hakulainen' }).click();
  await page.waitForURL(`${BASE}/fi/ecare/events/${uuid}`);
  assert.match(await page.textContent('#participants table'), /Eino Hakulainen/);
  await page.getByRole('button', { name: 'Luo uudet linkit' }).click();
  const link = (await page.textContent('#join-link-desktop')).trim();
  assert.ok(link.startsWith(`${BASE}/fi/join/`), link);
  assert.equal(await page.locator('#links-active tbody tr').count(), 2);
  await axe(page, 'Tiedot with new links');
});
