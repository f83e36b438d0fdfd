// A customer's login link in a real browser at 1024x768: the page that
// opens (whose link, one big button), the press that signs the tablet in,
// the page a second browser gets, and what a staff member's browser is
// told; an axe check (WCAG 2.2 AA) of each, screenshots in
// build/test/screenshots/ to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = process.env.VV_ROOT || resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const OWN = !process.env.VV_BASE;
const PORT = process.env.VV_LINK_PORT || '18263';
const BUILD = process.env.VV_BUILD || `${ROOT}/build/test`;
const VAR = OWN ? `${BUILD}/link-browser-stack` : process.env.VV_VAR;
const BASE = OWN ? `http://127.0.0.1:${PORT}` : process.env.VV_BASE;
const SHOTS = `${BUILD}/screenshots`;

const stack = (...args) => execFileSync('sh', [`${ROOT}/tests/stack/stack.sh`, ...args], { encoding: 'utf8' });
const sql = (query) => execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', 'vvhome',
  '-e', query], { encoding: 'utf8' }).trim();
const vvctl = (args, input = '') => execFileSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args],
  { encoding: 'utf8', input }).trim().split('\n').at(-1).trim();

let browser, tenant, customer, admin;

async function axe(page, what) {
  // Over the debugging protocol: the page's CSP forbids inline scripts.
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

function newLink() {
  const token = randomBytes(32).toString('base64url');
  sql(`INSERT INTO login_links (tenant_id, user_id, token_hash) VALUES (${tenant.id}, ${customer.id}, SHA2('${token}', 256))`);
  return token;
}

const context = () => browser.newContext({ viewport: { width: 1024, height: 768 } });

before(async () => {
  if (OWN) stack('start', VAR, PORT, BUILD);
  mkdirSync(SHOTS, { recursive: true });
  const tuuid = vvctl(['tenant', 'create', '--name', `Linkki ${randomUUID()}`, '--language', 'fi']);
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
  if (OWN) stack('stop', VAR);
});

test('the link\'s page: whose link, one big button; the press signs the tablet in; a second browser is told to ask for a new link', async () => {
  const token = newLink();
  const tablet = await context();
  const page = await tablet.newPage();
  for (const lang of ['sv', 'en', 'fi']) {
    await page.goto(`${BASE}/${lang}/login/${token}`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await axe(page, `the link page (${lang})`);
    await page.screenshot({ path: `${SHOTS}/login-link-${lang}.png` });
  }
  const button = page.getByRole('button', { name: 'Kirjaudu sisään' });
  const box = await button.boundingBox();
  assert.ok(box.height >= 64 && box.width >= 200, `a big button: ${box.width}x${box.height}`);
  await page.getByRole('heading', { name: 'Tervetuloa, Aino Virtanen' }).waitFor();
  await button.click();
  await page.waitForURL((u) => !u.pathname.includes('/login/'));
  assert.ok((await page.content()).includes('Aino Virtanen'), 'signed in as the customer');

  const other = await context();
  const p2 = await other.newPage();
  const r = await p2.goto(`${BASE}/fi/login/${token}`);
  assert.equal(r.status(), 410);
  await p2.getByRole('heading', { name: 'Kirjautumislinkki on jo käytetty' }).waitFor();
  await axe(p2, 'the used link page');
  await p2.screenshot({ path: `${SHOTS}/login-link-used-fi.png` });
  await other.close();
  await tablet.close();
});

test('a staff member\'s browser is told whose session the button would end', async () => {
  const token = newLink();
  const ctx = await context();
  const session = randomBytes(32).toString('base64url');
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
       VALUES (SHA2('${session}', 256), ${admin.id}, ${tenant.id}, '${randomBytes(32).toString('base64url')}', 'password',
       UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  await ctx.addCookies([{ name: 'vv_session', value: session, url: BASE, httpOnly: true }]);
  const page = await ctx.newPage();
  await page.goto(`${BASE}/fi/login/${token}`);
  await page.getByText('Tässä selaimessa on nyt kirjautuneena Anna Ylläpitäjä').waitFor();
  await axe(page, 'the link page in a staff browser');
  await page.screenshot({ path: `${SHOTS}/login-link-staff-fi.png` });
  assert.equal(sql(`SELECT COUNT(*) FROM sessions WHERE token_hash = SHA2('${session}', 256)`), '1', 'the admin is still signed in');
  await ctx.close();
});
