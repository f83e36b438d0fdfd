// Attendance in a real browser at 1366x900 and 390x844: Läsnäolo (the
// admin's charts per event type over the weeks, drawn as SVG, and their
// table) and the Läsnäolo section on an event's Tiedot; axe (WCAG 2.2 AA)
// on each - the charts are images with a title and a description -
// screenshots in build/test/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const ROOT = process.env.VV_ROOT;
const BUILD = process.env.VV_BUILD;
const VAR = process.env.VV_VAR;
const BASE = process.env.VV_BASE;
const SHOTS = `${BUILD}/screenshots`;
const SIZES = [{ width: 1366, height: 900 }, { width: 390, height: 844 }];

const sql = (query) => execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', 'vvhome',
  '-e', query], { encoding: 'utf8' }).trim();
const vvctl = (args, input = '') => execFileSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args],
  { encoding: 'utf8', input }).trim().split('\n').at(-1).trim();

let browser, tenant, admin, ev;

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
  return { uuid, id: Number(sql(`SELECT id FROM users WHERE uuid = '${uuid}'`)), first, last };
}

async function signedIn(u, size) {
  const ctx = await browser.newContext({ viewport: size });
  const session = randomBytes(32).toString('base64url');
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
       VALUES (SHA2('${session}', 256), ${u.id}, ${tenant.id}, '${randomBytes(32).toString('base64url')}', 'password',
       UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  await ctx.addCookies([{ name: 'vv_session', value: session, url: BASE, httpOnly: true }]);
  return ctx;
}

/** An ended event of type, `days` ago, with these people's visits. */
function pastEvent(type, days, people) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status) VALUES ('${uuid}', ${tenant.id}, ${type}, ${admin.id}, 10,
       UTC_TIMESTAMP() - INTERVAL ${days} DAY, UTC_TIMESTAMP() - INTERVAL ${days} DAY + INTERVAL 1 HOUR, 60,
       'vv-${uuid}', 'ended')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', 'Aamujumppa')`);
  for (const [i, p] of people.entries()) {
    for (const [from, mins] of p.visits) {
      sql(`INSERT INTO attendance (tenant_id, event_id, participant_id, member_key, user_id, role, display, joined_at, left_at)
           SELECT tenant_id, id, 'u${p.id}', 'u${p.id}', ${p.id}, '${p.role}', '${p.first} ${p.last}',
           starts_at + INTERVAL ${from} MINUTE, starts_at + INTERVAL ${from + mins} MINUTE FROM events WHERE id = ${id}`);
    }
    void i;
  }
  return { id, uuid };
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const tuuid = vvctl(['tenant', 'create', '--name', `Läsnäolo ${randomUUID()}`, '--language', 'fi']);
  tenant = { uuid: tuuid, id: Number(sql(`SELECT id FROM tenants WHERE uuid = '${tuuid}'`)) };
  admin = { ...user('admin', 'Anna', 'Ylläpitäjä'), role: 'staff' };
  const types = ['Jumppa', 'Muistipiiri', 'Laulutuokio'].map((name) => {
    const u = randomUUID();
    sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${u}', ${tenant.id}, '${name}')`);
    return Number(sql(`SELECT id FROM event_types WHERE uuid = '${u}'`));
  });
  const people = Array.from({ length: 6 }, (_, i) => ({ ...user('customer', 'Asiakas', `Numero ${i + 1}`), role: 'customer' }));
  for (let w = 0; w < 8; w++) {
    for (const [k, type] of types.entries()) {
      const n = (w * 3 + k * 2) % 6 + 1;
      if ((w + k) % 4 === 3) continue;
      const e = pastEvent(type, w * 7 + k + 1, people.slice(0, n).map((p) => ({ ...p, visits: [[1, 40]] })));
      if (w === 0 && k === 0) ev = e;
    }
  }
  // the Tiedot example: a rejoin and the organiser
  pastEvent(types[0], 0, []);
  sql(`INSERT INTO attendance (tenant_id, event_id, participant_id, member_key, user_id, role, display, joined_at, left_at)
       SELECT tenant_id, id, 'u${people[0].id}', 'u${people[0].id}', ${people[0].id}, 'customer', '${people[0].first} ${people[0].last}',
       starts_at + INTERVAL 45 MINUTE, starts_at + INTERVAL 55 MINUTE FROM events WHERE id = ${ev.id}`);
  sql(`INSERT INTO attendance (tenant_id, event_id, participant_id, member_key, user_id, role, display, joined_at, left_at)
       SELECT tenant_id, id, 'u${admin.id}', 'u${admin.id}', ${admin.id}, 'staff', 'Anna Ylläpitäjä',
       starts_at, ends_at FROM events WHERE id = ${ev.id}`);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

after(async () => { await browser?.close(); });

for (const size of SIZES) {
  test(`Läsnäolo and Tiedot's attendance at ${size.width}px: charts as labelled images, axe clean`, async () => {
    const ctx = await signedIn(admin, size);
    const page = await ctx.newPage();
    const r = await page.goto(`${BASE}/fi/admin/attendance`);
    assert.equal(r.status(), 200);
    const charts = page.getByRole('img', { name: /: osallistujat viikoittain$/ });
    assert.equal(await charts.count(), 3, 'one chart per event type, each an image with its name');
    assert.equal(await page.getByRole('img', { name: 'Jumppa: osallistujat viikoittain' }).count(), 1);
    assert.ok(await page.locator('#attendance-weeks').isVisible(), 'the same numbers as a table');
    await axe(page, `Läsnäolo ${size.width}`);
    await page.screenshot({ path: `${SHOTS}/admin-attendance-${size.width}.png`, fullPage: true });

    await page.goto(`${BASE}/fi/ecare/events/${ev.uuid}`);
    const sec = page.locator('#attendance');
    assert.ok(await sec.isVisible());
    assert.match(await sec.innerText(), /Asiakas Numero 1/);
    await axe(page, `Tiedot ${size.width}`);
    await sec.screenshot({ path: `${SHOTS}/event-attendance-${size.width}.png` });
    await ctx.close();
  });
}
