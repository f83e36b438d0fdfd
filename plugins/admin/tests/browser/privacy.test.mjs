// The admin's new pages in a real browser at 1366x900 and 390x844: a
// customer's signed-in devices and ending them (the tablet, a browser of
// its own, then shows its calm page by itself), the tablet sign-in
// lifetime in Asetukset, the erase confirmation and Tapahtumaloki; axe
// (WCAG 2.2 AA) on each, screenshots in build/test/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = process.env.VV_ROOT || resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const BUILD = process.env.VV_BUILD || `${ROOT}/build/test`;
const VAR = process.env.VV_VAR;
const BASE = process.env.VV_BASE;
const SHOTS = `${BUILD}/screenshots`;
const SIZES = [{ width: 1366, height: 900 }, { width: 390, height: 844 }];

const sql = (query) => execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', 'vvhome',
  '-e', query], { encoding: 'utf8' }).trim();
const vvctl = (args, input = '') => execFileSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args],
  { encoding: 'utf8', input }).trim().split('\n').at(-1).trim();

let browser, tenant, customer, admin;

async function axe(page, what) {
  await page.evaluate(readFileSync(`${ROOT}/node_modules/axe-core/axe.min.js`, 'utf8'));
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const found = res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe finds nothing on ${what}`);
}

function user(role, first, last) {
  const uuid = vvctl(['user', 'create', '--tenant', tenant.uuid, '--email', `${role}-${randomUUID()}@example.org`,
    '--first', first, '--last', last, '--role', role, '--password-stdin'], `salasana-${randomUUID()}\n`);
  return { uuid, id: Number(sql(`SELECT id FROM users WHERE uuid = '${uuid}'`)), name: `${first} ${last}` };
}

/** A browser context signed in as user with a session made in the database. */
async function signedIn(u, kind, size) {
  const ctx = await browser.newContext({ viewport: size });
  const session = randomBytes(32).toString('base64url');
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
       VALUES (SHA2('${session}', 256), ${u.id}, ${tenant.id}, '${randomBytes(32).toString('base64url')}', '${kind}',
       UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  const cookies = [{ name: 'vv_session', value: session, url: BASE, httpOnly: true }];
  if (kind === 'link') cookies.push({ name: 'vv_tablet', value: '1', url: BASE, httpOnly: true });
  await ctx.addCookies(cookies);
  return ctx;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const tuuid = vvctl(['tenant', 'create', '--name', `Tietosuoja ${randomUUID()}`, '--language', 'fi']);
  tenant = { uuid: tuuid, id: Number(sql(`SELECT id FROM tenants WHERE uuid = '${tuuid}'`)) };
  customer = user('customer', 'Aino', 'Virtanen');
  admin = user('admin', 'Anna', 'Ylläpitäjä');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
});

test('the devices on the customer page; ending them signs the open tablet out by itself, to a calm page', async () => {
  for (const size of SIZES) {
    const tabletCtx = await signedIn(customer, 'link', { width: 1024, height: 768 });
    const tablet = await tabletCtx.newPage();
    const cal = await tablet.goto(`${BASE}/fi/ecare/index/calendar`);
    assert.equal(cal.status(), 200, 'the tablet shows its calendar');
    const adminCtx = await signedIn(admin, 'password', size);
    const page = await adminCtx.newPage();
    await page.goto(`${BASE}/fi/admin/users/${customer.uuid}`);
    await page.getByRole('heading', { name: 'Kirjautuneet laitteet' }).waitFor();
    assert.equal(await page.locator('#device-list tbody tr').count(), 1);
    await axe(page, `the customer page with a device (${size.width})`);
    await page.locator('#devices').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/admin-devices-${size.width}.png`, fullPage: true });
    await page.getByRole('button', { name: 'Lopeta kaikki kirjautumiset' }).click();
    await page.getByText('Asiakkaan kaikki kirjautumiset on lopetettu.').waitFor();
    await page.getByText('Yksikään laite ei ole kirjautuneena.').waitFor();
    await axe(page, `the customer page after ending (${size.width})`);
    // The tablet, left open on its calendar, asks its poll and goes to its calm page.
    await tablet.getByRole('heading', { name: 'Tämä laite ei ole enää kirjautuneena' }).waitFor({ timeout: 20000 });
    assert.match(tablet.url(), /\/fi\/signed-out$/);
    await tablet.setViewportSize(size);
    await axe(tablet, `the signed-out page (${size.width})`);
    await tablet.screenshot({ path: `${SHOTS}/tablet-signed-out-${size.width}.png` });
    await tabletCtx.close();
    await adminCtx.close();
  }
});

test('Asetukset with the tablet sign-in lifetime, the erase confirmation and Tapahtumaloki', async () => {
  for (const size of SIZES) {
    const ctx = await signedIn(admin, 'password', size);
    const page = await ctx.newPage();
    await page.goto(`${BASE}/fi/admin/settings`);
    const field = page.getByLabel('Tabletin kirjautumisen voimassaolo (päivää)');
    assert.equal(await field.inputValue(), '90');
    await field.fill('0');
    await page.locator('form[action$="/admin/settings"] button[type=submit]').click();
    await page.locator('#link_days-error').waitFor();
    await axe(page, `the settings with an error (${size.width})`);
    await page.locator('#link_days').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/admin-settings-link-days-${size.width}.png` });

    await page.goto(`${BASE}/fi/admin/users/${customer.uuid}/erase`);
    await page.getByRole('heading', { name: 'Poista asiakkaan tiedot' }).waitFor();
    await page.getByRole('button', { name: 'Poista tiedot' }).click();
    await page.locator('#confirm-error').waitFor();
    await axe(page, `the erase confirmation with an error (${size.width})`);
    await page.screenshot({ path: `${SHOTS}/admin-erase-${size.width}.png`, fullPage: true });

    for (const lang of ['fi', 'sv', 'en']) {
      await page.goto(`${BASE}/${lang}/admin/audit`);
      await page.locator('#audit-log').waitFor();
      await axe(page, `the audit log (${lang}, ${size.width})`);
      await page.screenshot({ path: `${SHOTS}/admin-audit-${lang}-${size.width}.png` });
    }
    await ctx.close();
  }
});
