// A customer's signed-in devices on the admin's customer page (issue 15):
// the list, ending one or all (the tablet then shows its calm "ask for a
// new link" page), the organisation's tablet sign-in lifetime in Asetukset,
// and the ticker's purge of dead sign-in rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { Client, login, csrfOf, useLoginLink, makeTenant, makeUser, sql, unique, fieldError, inputValue,
  useConf, restoreConf, until } from '../../../tests/http/lib.mjs';

/** Text of a catalogue entry of an area (admin, auth), with {0} filled. */
function tx(area, lang, key, arg) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/${area}.${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `${area}.${lang}.xml has ${key}`);
  const s = m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return arg === undefined ? s : s.replace('{0}', arg);
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  .replace(/'/g, '&#39;');
const has = (text, s) => text.includes(s) || text.includes(esc(s));
const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

let A, B, admin, adminB, customer, employee, sAdmin, sAdminB;
before(async () => {
  A = makeTenant();
  B = makeTenant();
  admin = makeUser(A, 'admin');
  employee = makeUser(A, 'operator');
  adminB = makeUser(B, 'admin');
  customer = makeUser(A, 'customer', { first: 'Kalle', last: unique('Laite'), language: 'sv' });
  sAdmin = new Client();
  await login(sAdmin, admin);
  sAdminB = new Client();
  await login(sAdminB, adminB);
});
after(restoreConf);

/** Issues a new login link for the customer as the admin; returns its path. */
async function issueLink(user = customer) {
  const csrf = await csrfOf(sAdmin, `/fi/admin/users/${user.uuid}`);
  const r = await sAdmin.post(`/fi/admin/users/${user.uuid}/login-link`, { csrf });
  assert.equal(r.status, 200);
  return inputValue(r.text, 'new-link');
}

/** A tablet signed in with a fresh link; returns the Client. */
async function tablet() {
  const c = new Client();
  const r = await useLoginLink(c, await issueLink());
  assert.equal(r.status, 303);
  return c;
}

/** A second tablet session of the customer made in the database, as one
 * from before login links were single-use (two devices at once). */
function extraSession(user = customer) {
  const token = randomBytes(32).toString('base64url');
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, created_at, last_seen, idle_expires_at, expires_at)
       VALUES ('${sha256hex(token)}', ${user.id}, ${user.tenant.id}, '${randomBytes(32).toString('base64url')}', 'link',
       UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 30 DAY, UTC_TIMESTAMP() + INTERVAL 300 DAY)`);
  const c = new Client();
  c.cookies.set('vv_session', token);
  c.cookies.set('vv_tablet', '1');
  return { client: c, id: Number(sql(`SELECT id FROM sessions WHERE token_hash = '${sha256hex(token)}'`)) };
}

const linkSessions = () => Number(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${customer.id} AND kind = 'link'`));
const audits = (action) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = '${action}'`));

test('the customer page lists the signed-in tablet: when it signed in, last seen and which link', async () => {
  let page = await sAdmin.req(`/fi/admin/users/${customer.uuid}`);
  assert.equal(page.status, 200);
  assert.ok(has(page.text, tx('admin', 'fi', 'admin.dev.title')));
  const t1 = await tablet();
  assert.equal((await t1.req('/sv/ecare/index/calendar')).status, 200, 'the tablet is signed in');
  page = await sAdmin.req(`/fi/admin/users/${customer.uuid}`);
  const rows = [...page.text.matchAll(/<tr id="device-(\d+)">([\s\S]*?)<\/tr>/g)];
  assert.equal(rows.length, 1, 'one device');
  const now = new Date();
  const today = new Intl.DateTimeFormat('fi-FI', { timeZone: 'Europe/Helsinki', day: 'numeric', month: 'numeric', year: 'numeric' })
    .format(now);
  assert.ok(rows[0][2].includes(today), `signed in today (${today}): ${rows[0][2]}`);
  const cells = [...rows[0][2].matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
  const [pre, post] = tx('admin', 'fi', 'admin.dev.link-current').split('{0}');
  assert.ok(cells[2].startsWith(pre + today + ' ') && cells[2].endsWith(post), `names the link: ${cells[2]}`);
  assert.ok(page.text.includes('id="devices-end"'), 'an end-all button');
});

test('ending one device signs that tablet out at once, shows it the calm page, keeps the other', async () => {
  const t1 = await tablet();
  const t2 = extraSession();
  assert.equal(linkSessions(), 2);
  const id1 = Number(sql(`SELECT id FROM sessions WHERE user_id = ${customer.id} AND kind = 'link' AND id <> ${t2.id}`));
  const before = audits('user.device.end');
  const csrf = await csrfOf(sAdmin, `/fi/admin/users/${customer.uuid}`);
  const r = await sAdmin.post(`/fi/admin/users/${customer.uuid}/devices/${id1}/end`, { csrf });
  assert.equal(r.status, 303);
  const page = await sAdmin.req(r.headers.get('location').replace(/#.*/, ''));
  assert.ok(has(page.text, tx('admin', 'fi', 'admin.flash.device-ended')));
  assert.equal(audits('user.device.end'), before + 1, 'audited');

  // The ended tablet: its calendar sends it to the calm page, in its language.
  const cal = await t1.req('/sv/ecare/index/calendar');
  assert.equal(cal.status, 303);
  assert.equal(cal.headers.get('location'), '/sv/signed-out');
  const calm = await t1.req('/sv/signed-out');
  assert.equal(calm.status, 200);
  assert.ok(has(calm.text, tx('auth', 'sv', 'auth.signed-out.title')));
  assert.ok(has(calm.text, tx('auth', 'sv', 'auth.signed-out.ask')));
  assert.ok(!calm.text.includes('type="password"'), 'no staff sign-in form');
  // The other tablet goes on.
  assert.equal((await t2.client.req('/sv/ecare/index/calendar')).status, 200);
  assert.equal(linkSessions(), 1);

  // Ending it again: nothing to end, and the page says so.
  const again = await sAdmin.post(`/fi/admin/users/${customer.uuid}/devices/${id1}/end`, { csrf });
  assert.match(again.headers.get('location'), /done=device-gone/);
});

test('ending all devices signs every tablet out', async () => {
  const t1 = await tablet();
  const t2 = extraSession();
  const csrf = await csrfOf(sAdmin, `/fi/admin/users/${customer.uuid}`);
  const r = await sAdmin.post(`/fi/admin/users/${customer.uuid}/devices/end`, { csrf });
  assert.equal(r.status, 303);
  assert.equal(linkSessions(), 0);
  for (const c of [t1, t2.client]) {
    const cal = await c.req('/sv/ecare/index/calendar');
    assert.equal(cal.headers.get('location'), '/sv/signed-out');
  }
  const page = await sAdmin.req(`/fi/admin/users/${customer.uuid}`);
  assert.ok(page.text.includes('id="devices-none"'));
  assert.ok(audits('user.device.end_all') >= 1);
});

test("a staff member's browser without the tablet mark still goes to the sign-in form", async () => {
  const c = new Client();
  const r = await c.req('/fi/admin/settings');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/login');
});

test("another tenant's admin, a CSRF-less press and an employee's uuid end nothing", async () => {
  const t2 = extraSession();
  let csrf = await csrfOf(sAdminB, '/fi/admin/settings');
  for (const path of [`/fi/admin/users/${customer.uuid}/devices/${t2.id}/end`, `/fi/admin/users/${customer.uuid}/devices/end`]) {
    assert.equal((await sAdminB.post(path, { csrf })).status, 404, path);
  }
  assert.equal((await sAdmin.post(`/fi/admin/users/${customer.uuid}/devices/end`, {})).status, 403);
  csrf = await csrfOf(sAdmin, '/fi/admin/settings');
  assert.equal((await sAdmin.post(`/fi/admin/users/${employee.uuid}/devices/end`, { csrf })).status, 404);
  assert.equal((await t2.client.req('/sv/ecare/index/calendar')).status, 200, 'still signed in');
  sql(`DELETE FROM sessions WHERE id = ${t2.id}`);
});

// ---- Asetukset: how long a tablet stays signed in unused

const linkDays = (t) => sql(`SELECT IFNULL((SELECT link_idle_days FROM tenant_policies WHERE tenant_id = ${t.id}), 'none')`);

async function settingsFields(c) {
  const page = await c.req('/fi/admin/settings');
  assert.equal(page.status, 200);
  const f = {};
  for (const m of page.text.matchAll(/<(?:input|select)[^>]*\bname="([^"]+)"[^>]*>/g)) {
    if (m[0].startsWith('<input')) f[m[1]] = (m[0].match(/\bvalue="([^"]*)"/) || [, ''])[1];
  }
  for (const m of page.text.matchAll(/<select[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const o = m[2].match(/<option value="([^"]*)" selected/);
    f[m[1]] = o ? o[1] : '';
  }
  return { page, f };
}

test('the settings show the tablet sign-in lifetime, 90 days unless chosen', async () => {
  const { page, f } = await settingsFields(sAdmin);
  assert.equal(f.link_days, '90');
  assert.ok(has(page.text, tx('admin', 'fi', 'admin.set.link-days')));
  assert.ok(has(page.text, tx('admin', 'fi', 'admin.set.link-days-hint', '90')), 'the ceiling is named');
});

test('a bad lifetime is refused next to the field and changes nothing', async () => {
  const before = linkDays(A);
  for (const [lang, v] of [['fi', '0'], ['sv', 'abc'], ['en', '91'], ['fi', '']]) {
    const { f } = await settingsFields(sAdmin);
    const r = await sAdmin.post(`/${lang}/admin/settings`, { ...f, link_days: v });
    assert.equal(r.status, 422, `link_days=${v}`);
    const want = v === '' ? null : tx('admin', lang, 'admin.err.link-days', '90');
    const got = fieldError(r.text, 'link_days');
    assert.ok(got, `a message next to the field for ${v}`);
    if (want) assert.ok(has(got, want) || got.includes(want), `${got} / ${want}`);
    assert.equal(linkDays(A), before, 'nothing saved');
  }
});

test('a shorter lifetime is saved, holds for the tablets signed in already and for new ones', async () => {
  const t1 = await tablet();
  const { f } = await settingsFields(sAdmin);
  const r = await sAdmin.post('/fi/admin/settings', { ...f, link_days: '7' });
  assert.equal(r.status, 303);
  assert.equal(linkDays(A), '7');
  const { f: f2 } = await settingsFields(sAdmin);
  assert.equal(f2.link_days, '7');
  // The tablet already signed in: it ends 7 days after it was last seen.
  const left = Number(sql(`SELECT MAX(TIMESTAMPDIFF(HOUR, UTC_TIMESTAMP(), idle_expires_at)) FROM sessions
                           WHERE user_id = ${customer.id} AND kind = 'link'`));
  assert.ok(left <= 7 * 24 && left >= 7 * 24 - 1, `about 7 days left, got ${left} h`);
  // A new sign-in gets 7 days too.
  await tablet();
  const fresh = Number(sql(`SELECT TIMESTAMPDIFF(HOUR, UTC_TIMESTAMP(), idle_expires_at) FROM sessions
                            WHERE user_id = ${customer.id} AND kind = 'link' ORDER BY id DESC LIMIT 1`));
  assert.ok(fresh <= 7 * 24 && fresh >= 7 * 24 - 1, `about 7 days, got ${fresh} h`);
  assert.equal((await t1.req('/sv/ecare/index/calendar')).headers.get('location'), '/sv/signed-out',
    'the new link ended the old tablet');
  // Another tenant keeps its own.
  assert.ok(['90', 'none'].includes(linkDays(B)), 'untouched');
});

// ---- The ticker's purge

test('the ticker purges expired sessions, spent links, old throttle rows and stale devices, and nothing live', async () => {
  const u = makeUser(A, 'customer');
  const h = () => randomBytes(32).toString('hex');
  const dead = { session: h(), link: h(), unused: h(), throttle: h(), device: h() };
  const live = { session: h(), link: h(), throttle: h(), device: h() };
  const ins = (q) => sql(q);
  ins(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, idle_expires_at, expires_at) VALUES
       ('${dead.session}', ${u.id}, ${A.id}, 'x', 'link', UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY),
       ('${live.session}', ${u.id}, ${A.id}, 'x', 'link', UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 2 DAY)`);
  ins(`INSERT INTO login_links (tenant_id, user_id, token_hash, created_at, used_at) VALUES
       (${A.id}, ${u.id}, '${dead.link}', UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY),
       (${A.id}, ${u.id}, '${dead.unused}', UTC_TIMESTAMP() - INTERVAL 60 DAY, NULL),
       (${A.id}, ${u.id}, '${live.link}', UTC_TIMESTAMP() - INTERVAL 1 DAY, NULL)`);
  // A used link whose tablet is still signed in stays: the device list names it.
  const usedLive = h();
  ins(`INSERT INTO login_links (tenant_id, user_id, token_hash, used_at) VALUES (${A.id}, ${u.id}, '${usedLive}', UTC_TIMESTAMP())`);
  ins(`UPDATE sessions SET login_link_id = (SELECT id FROM login_links WHERE token_hash = '${usedLive}') WHERE token_hash = '${live.session}'`);
  ins(`INSERT INTO login_throttle (k, failures, window_start, locked_until) VALUES
       ('${dead.throttle}', 3, UTC_TIMESTAMP() - INTERVAL 2 HOUR, NULL),
       ('${live.throttle}', 10, UTC_TIMESTAMP() - INTERVAL 2 HOUR, UTC_TIMESTAMP() + INTERVAL 1 HOUR)`);
  ins(`INSERT INTO login_devices (token_hash, user_id, tenant_id, last_used_at) VALUES
       ('${dead.device}', ${u.id}, ${A.id}, UTC_TIMESTAMP() - INTERVAL 400 DAY),
       ('${live.device}', ${u.id}, ${A.id}, UTC_TIMESTAMP())`);
  // Due now, whatever an earlier run left.
  sql(`DELETE FROM ticker_claims WHERE job = 'purge'`);
  useConf('tick_seconds', '1');
  const gone = (table, col, v) => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${col} = '${v}'`)) === 0;
  await until(() => gone('sessions', 'token_hash', dead.session) && gone('login_links', 'token_hash', dead.link)
    && gone('login_links', 'token_hash', dead.unused) && gone('login_throttle', 'k', dead.throttle)
    && gone('login_devices', 'token_hash', dead.device), 30000, 'the purge');
  await restoreConf();
  assert.ok(!gone('sessions', 'token_hash', live.session), 'a live session stays');
  assert.ok(!gone('login_links', 'token_hash', live.link), 'an unused link within its time stays');
  assert.ok(!gone('login_links', 'token_hash', usedLive), "a used link of a signed-in tablet stays");
  assert.ok(!gone('login_throttle', 'k', live.throttle), 'a lock still running stays');
  assert.ok(!gone('login_devices', 'token_hash', live.device), 'a device seen lately stays');
  // Claimed: the next turn is not due before purge_minutes.
  assert.equal(Number(sql(`SELECT due_at > UTC_TIMESTAMP() FROM ticker_claims WHERE job = 'purge'`)), 1);
});
