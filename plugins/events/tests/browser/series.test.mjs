// A weekly series (issue 16) made through the create form in a real
// browser, in Finnish at 1366x900: the rule's fields appear when the event
// repeats, a refusal keeps the input with the message next to its field,
// the series is made and shown on Muokkaa kalenteria as one row that opens
// onto its occurrences; axe (WCAG 2.2 AA) on each state. Run by
// tests/run-browser.sh against its stack, or alone (VV_BUILD, default
// build/test) on a stack of its own on port VV_SERIES_PORT (default 18263).
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
const PORT = process.env.VV_SERIES_PORT || '18263';
const BUILD = process.env.VV_BUILD || `${ROOT}/build/test`;
const VAR = OWN ? `${BUILD}/series-browser-stack` : process.env.VV_VAR;
const BASE = OWN ? `http://127.0.0.1:${PORT}` : process.env.VV_BASE;

const stack = (...args) => execFileSync('sh', [`${ROOT}/tests/stack/stack.sh`, ...args], { encoding: 'utf8' });
const sql = (query) => execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', 'vvhome',
  '-e', query], { encoding: 'utf8' }).trim();
const vvctl = (args, input = '') => execFileSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args],
  { encoding: 'utf8', input }).trim().split('\n').at(-1).trim();

let browser, tenant, typeId, operator, ctx;

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
  const tuuid = vvctl(['tenant', 'create', '--name', `Sarja ${randomUUID()}`, '--language', 'fi']);
  tenant = { uuid: tuuid, id: Number(sql(`SELECT id FROM tenants WHERE uuid = '${tuuid}'`)) };
  vvctl(['contract', 'set', '--tenant', tuuid, '--max-participants', '12']);
  const uuid = vvctl(['user', 'create', '--tenant', tuuid, '--email', `series-${randomUUID()}@example.org`, '--first', 'Olli',
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
  ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fi-FI' });
  await ctx.addCookies([{ name: 'vv_session', value: token, url: BASE, httpOnly: true }]);
});

after(async () => {
  if (ctx) await ctx.close().catch(() => {});
  if (browser) await browser.close();
  if (OWN) stack('stop', VAR);
});

test('a weekly series through the form in Finnish: refused without a weekday, then made and shown as one series', async () => {
  const page = await ctx.newPage();
  await page.goto(`${BASE}/fi/ecare/events/new`);
  assert.equal(await page.locator('#repeat-rule').isHidden(), true, 'the rule only for a repeating event');
  await page.getByLabel('Tapahtuman tyyppi').selectOption({ label: 'Jumppa' });
  const answered = page.waitForResponse((r) => r.url().includes('/ecare/events/slots?date='));
  await page.locator('#date').fill('2027-02-01');
  await page.locator('#date').dispatchEvent('change');
  await answered;
  await page.waitForFunction(() => [...document.querySelectorAll('#time option')].some((o) => o.value === '10:00'));
  await page.locator('#time').selectOption('10:00');
  await page.locator('#name_fi').fill('Tuolijumppa');
  await page.getByLabel('Toistuu', { exact: true }).selectOption({ label: 'Viikoittain' });
  assert.equal(await page.locator('#repeat-rule').isVisible(), true);
  await page.locator('#count').fill('6');
  await axe(page, 'the create form with a series');

  // No weekday: refused, the message next to the weekdays, the input kept.
  await page.getByRole('button', { name: 'Lähetä' }).click();
  await page.waitForSelector('#wday-error');
  assert.match(await page.textContent('#wday-error'), /Valitkaa vähintään yksi viikonpäivä\./);
  assert.equal(await page.locator('#name_fi').inputValue(), 'Tuolijumppa');
  assert.equal(await page.locator('#count').inputValue(), '6');
  assert.equal(await page.locator('#repeat-rule').isVisible(), true, 'still open after the refusal');
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE tenant_id = ${tenant.id}`), '0');
  await axe(page, 'the refused series form');

  await page.getByLabel('maanantai').check();
  await page.getByLabel('keskiviikko').check();
  await page.getByLabel('Poikkeukset').fill('10.2.2027');
  await page.screenshot({ path: `${VAR}/series-form.png`, fullPage: true });
  await page.getByRole('button', { name: 'Lähetä' }).click();
  await page.waitForURL(/\/fi\/ecare\/events\/[0-9a-f-]{36}\?done=series$/);
  assert.match(await page.textContent('main'), /Toistuva tapahtuma on luotu\./);
  assert.match(await page.textContent('#event-series'), /Joka viikko: ma, ke/);
  // Six days of the rule, 10.2. left out: five events.
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE tenant_id = ${tenant.id} AND series_id IS NOT NULL`), '5');

  await page.goto(`${BASE}/fi/ecare/events`);
  const row = page.locator('tr.series-row');
  assert.equal(await row.count(), 1);
  assert.match(await row.locator('summary').textContent(), /Toistuva\s+Tuolijumppa – Joka viikko: ma, ke – 5 kertaa tällä sivulla/);
  assert.equal(await row.locator('.series-occurrences tr').first().isVisible(), false, 'closed at first');
  await row.locator('summary').click();
  assert.equal(await row.locator('.series-occurrences tr').count(), 5);
  assert.equal(await row.locator('.series-occurrences tr').first().isVisible(), true);
  await axe(page, 'the list with the series open');
});
