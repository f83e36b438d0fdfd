// The header menu, made from the plugins' menu items (core/render/frame.c),
// in a real browser for each role at a desktop and a phone width: what each
// role finds, that a drop-down opens and its link leads to the page, that
// the current page is marked, and no WCAG 2.2 AA violations. Screenshots of
// each state go to VAR/screens/ for a person to look at. Run by
// tests/run-browser.sh against its stack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const { VV_ROOT: ROOT, VV_BASE: BASE, VV_VAR: VAR, VV_BUILD: BUILD } = process.env;
assert.ok(ROOT && BASE && VAR && BUILD, 'run through tests/run-browser.sh');

const sql = (query) => execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', 'vvhome',
  '-e', query], { encoding: 'utf8' }).trim();
const vvctl = (args, input = '') => execFileSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args],
  { encoding: 'utf8', input }).trim().split('\n').at(-1).trim();

const SCREENS = `${VAR}/screens`;
const SIZES = [{ width: 1024, height: 768 }, { width: 390, height: 844 }];
// What each role finds in the header, as the layout written by hand showed it
// (and Kalenterisyöte, plugin feeds, last in the company menu of every staff member).
const WANT = {
  customer: { buttons: [], menus: {} },
  professional: {
    buttons: [['Kalenteri', '/fi/ecare/index/calendar']],
    menus: { 'Yrityksen ylläpito': [['Työntekijät', '/fi/admin/users/employees'], ['Kalenterisyöte', '/fi/account/calendar-feed']] },
  },
  operator: {
    buttons: [],
    menus: {
      'eCare Event': [['Muokkaa kalenteria', '/fi/ecare/events'],
        ['Muokkaa kalenterin nauhoituksia', '/fi/ecare/recordings'], ['Kalenteri', '/fi/ecare/index/calendar']],
      'Yrityksen ylläpito': [['Työntekijät', '/fi/admin/users/employees'], ['Kalenterisyöte', '/fi/account/calendar-feed']],
    },
  },
  admin: {
    buttons: [],
    menus: {
      'eCare Event': [['Muokkaa kalenteria', '/fi/ecare/events'],
        ['Muokkaa kalenterin nauhoituksia', '/fi/ecare/recordings'], ['Kalenteri', '/fi/ecare/index/calendar']],
      'Yrityksen ylläpito': [['Työntekijät', '/fi/admin/users/employees'], ['Asiakkaat', '/fi/admin/users/customers'],
        ['Tapahtumatyypit', '/fi/admin/types'], ['Asetukset', '/fi/admin/settings'], ['Läsnäolo', '/fi/admin/attendance'],
        ['Tapahtumaloki', '/fi/admin/audit'], ['Kalenterisyöte', '/fi/account/calendar-feed']],
    },
  },
};

let browser, tenant;
const tokens = {};

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  const tuuid = vvctl(['tenant', 'create', '--name', `Valikko ${randomUUID()}`, '--language', 'fi']);
  tenant = Number(sql(`SELECT id FROM tenants WHERE uuid = '${tuuid}'`));
  for (const role of Object.keys(WANT)) {
    const uuid = vvctl(['user', 'create', '--tenant', tuuid, '--email', `menu-${role}-${randomUUID()}@example.org`,
      '--first', 'Mervi', '--last', 'Valikko', '--role', role, '--password-stdin'], `salasana-${randomUUID()}\n`);
    const id = Number(sql(`SELECT id FROM users WHERE uuid = '${uuid}'`));
    tokens[role] = randomBytes(32).toString('base64url');
    sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
         VALUES (SHA2('${tokens[role]}', 256), ${id}, ${tenant}, '${randomBytes(32).toString('base64url')}', 'password',
         UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
});

async function axe(page, what) {
  await page.evaluate(readFileSync(`${ROOT}/node_modules/axe-core/axe.min.js`, 'utf8'));
  const res = await page.evaluate(() => window.axe.run(document.querySelector('header'), {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const found = res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe finds nothing in the header: ${what}`);
}

for (const role of Object.keys(WANT)) {
  test(`the header menu of a ${role}: what it holds, opening, following a link, at desktop and phone widths`, async () => {
    for (const size of SIZES) {
      const ctx = await browser.newContext({ viewport: size });
      await ctx.addCookies([{ name: 'vv_session', value: tokens[role], url: BASE, httpOnly: true }]);
      const page = await ctx.newPage();
      try {
        await page.goto(`${BASE}/fi/ecare/index/calendar`);
        const shot = (what) => page.screenshot({ path: `${SCREENS}/menu-${role}-${size.width}-${what}.png` });
        await shot('closed');
        const want = WANT[role];
        const nav = page.locator('header nav.staff-menu');
        if (!want.buttons.length && !Object.keys(want.menus).length) {
          assert.equal(await nav.count(), 0, 'no menu');
          continue;
        }
        const buttons = await nav.locator(':scope > a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
        assert.deepEqual(buttons, want.buttons, 'buttons');
        assert.deepEqual(await nav.locator('summary').allTextContents(), Object.keys(want.menus), 'menus');
        for (const [i, [name, links]] of Object.entries(Object.entries(want.menus))) {
          const menu = nav.locator('details').nth(Number(i));
          assert.ok(!(await menu.locator('a').first().isVisible()), `${name}: closed at first`);
          await menu.locator('summary').click();
          const got = await menu.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
          assert.deepEqual(got, links, name);
          for (const a of await menu.locator('a').all()) assert.ok(await a.isVisible(), `${name}: its links show`);
          await shot(`open-${i}`);
          await menu.locator('summary').click();
          assert.ok(!(await menu.locator('a').first().isVisible()), `${name}: closes again`);
        }
        if (size.width === 1024) await axe(page, role);
        // The last menu's last link leads to its page, marked there as the current one.
        const [text, href] = Object.values(want.menus).at(-1).at(-1);
        await nav.locator('details').last().locator('summary').click();
        await nav.getByRole('link', { name: text, exact: true }).click();
        await page.waitForURL(`${BASE}${href}`);
        const current = await page.locator('header nav.staff-menu a[aria-current="page"]')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(current, [href], 'marked current');
        await shot('followed');
      } finally {
        await ctx.close();
      }
    }
  });
}
