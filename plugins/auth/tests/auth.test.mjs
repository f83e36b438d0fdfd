// Sign-in, sessions, CSRF and throttling, as a user meets them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Client, get, sql, t, html, makeTenant, makeUser, login, csrfOf, BASE, useLoginLink, throttleKeys, setCookies } from '../../../tests/http/lib.mjs';

let tenant, admin, operator, customer;
before(() => {
  tenant = makeTenant();
  admin = makeUser(tenant, 'admin');
  operator = makeUser(tenant, 'operator');
  customer = makeUser(tenant, 'customer', { language: 'sv' });
});

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const clearThrottle = () => sql('DELETE FROM login_throttle');

for (const lang of ['fi', 'sv', 'en']) {
  test(`the sign-in page in ${lang}`, async () => {
    const r = await get(`/${lang}/login`);
    assert.equal(r.status, 200);
    for (const k of ['auth.title', 'auth.email', 'auth.password']) assert.ok(r.text.includes(html(t(lang, k))), k);
    assert.match(r.text, /<label for="email">/);
    assert.match(r.text, /<input[^>]*type="password"[^>]*id="password"/);
  });
}

test('passwords are stored as Argon2id strings', () => {
  const h = sql(`SELECT password_hash FROM users WHERE id = ${admin.id}`);
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.ok(!h.includes(admin.password));
});

test('a wrong password re-shows the form with the e-mail kept and a message', async () => {
  clearThrottle();
  const c = new Client();
  await c.req('/fi/login');
  const r = await c.post('/fi/login', { email: admin.email, password: 'not-the-password', csrf: c.cookies.get('vv_csrf') });
  assert.equal(r.status, 422);
  assert.ok(r.text.includes(html(t('fi', 'auth.err.wrong'))));
  assert.ok(r.text.includes(`value="${admin.email}"`));
  assert.match(r.text, /class="error-summary"/);
  assert.equal(c.cookies.get('vv_session'), undefined);
  const e = await c.post('/fi/login', { email: '', password: '', csrf: c.cookies.get('vv_csrf') });
  assert.equal(e.status, 422);
  assert.ok(e.text.includes(html(t('fi', 'auth.err.email-missing'))));
  assert.ok(e.text.includes(html(t('fi', 'auth.err.password-missing'))));
  clearThrottle();
});

test('signing in starts a session stored only as a hash, with a new token each time', async () => {
  clearThrottle();
  const c = new Client();
  const r = await login(c, operator);
  const set = setCookies(r.headers).find((x) => x.startsWith('vv_session='));
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  const token = c.cookies.get('vv_session');
  assert.equal(token.length, 43);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sessions WHERE token_hash = '${sha256(token)}' AND user_id = ${operator.id}`)), 1);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sessions WHERE token_hash = '${token}'`)), 0);
  const page = await c.req('/fi/');
  assert.ok(page.text.includes(html(`${operator.first} ${operator.last}`)), 'the page shows who is signed in');
  // Signing in again replaces the token and ends the old session.
  await login(c, operator);
  assert.notEqual(c.cookies.get('vv_session'), token);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sessions WHERE token_hash = '${sha256(token)}'`)), 0);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE user_id = ${operator.id} AND action = 'auth.login'`)) >= 2, true);
});

test('a state-changing request without the CSRF token, or with another session\'s, is refused', async () => {
  clearThrottle();
  const a = new Client();
  const b = new Client();
  await login(a, operator);
  await login(b, admin);
  const before = Number(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${operator.id}`));
  let r = await a.post('/fi/logout', {});
  assert.equal(r.status, 403);
  r = await a.post('/fi/logout', { csrf: await csrfOf(b) });
  assert.equal(r.status, 403);
  r = await a.post('/fi/logout', { csrf: a.cookies.get('vv_csrf') ?? 'x' });
  assert.equal(r.status, 403, 'the anonymous cookie token is no longer valid once signed in');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${operator.id}`)), before, 'nothing changed');
  r = await a.post('/fi/logout', { csrf: await csrfOf(a) });
  assert.equal(r.status, 303);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${operator.id}`)), before - 1);
});

test('an idle-expired, expired or deactivated session no longer works', async () => {
  clearThrottle();
  for (const how of ['idle', 'absolute', 'inactive']) {
    const c = new Client();
    await login(c, admin);
    const hash = sha256(c.cookies.get('vv_session'));
    assert.equal((await c.req('/fi/testkit/staff')).status, 200, `${how}: the session works first`);
    if (how === 'idle') sql(`UPDATE sessions SET idle_expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE token_hash = '${hash}'`);
    if (how === 'absolute') sql(`UPDATE sessions SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE token_hash = '${hash}'`);
    if (how === 'inactive') sql(`UPDATE users SET active = 0 WHERE id = ${admin.id}`);
    try {
      const r = await c.req('/fi/testkit/staff');
      assert.equal(r.status, 303, `${how}: sent to sign in again`);
      assert.equal(r.headers.get('location'), '/fi/login');
      assert.ok(setCookies(r.headers).some((x) => /^vv_session=;.*Max-Age=0/.test(x)), `${how}: cookie cleared`);
    } finally {
      if (how === 'inactive') sql(`UPDATE users SET active = 1 WHERE id = ${admin.id}`);
    }
  }
});

test('a planted vv_csrf cookie never reaches a page as markup; only a token of our shape is kept', async () => {
  // Someone who can set a cookie for the site (a sibling domain, plain HTTP) plants markup.
  const evil = '"><meta http-equiv="refresh" content="0;url=/x">ab';
  for (const path of ['/fi/login', '/fi/', '/sv/login']) {
    const r = await get(path, { headers: { cookie: `vv_csrf=${evil}` } });
    assert.equal(r.status, 200, path);
    assert.ok(!r.text.includes('<meta http-equiv'), `${path}: no planted element`);
    const set = setCookies(r.headers).find((c) => c.startsWith('vv_csrf='));
    assert.ok(set && /^vv_csrf=[A-Za-z0-9_-]{43};/.test(set), `${path}: a fresh token instead`);
    const m = r.text.match(/name="csrf" value="([^"]*)"/);
    if (m) assert.equal(m[1], set.slice(8, 51), `${path}: the form carries the fresh token`);
  }
  // A token of the shape we make is kept (the double-submit cookie works across pages).
  const ok = randomBytes(32).toString('base64url');
  const r = await get('/fi/login', { headers: { cookie: `vv_csrf=${ok}` } });
  assert.ok(r.text.includes(`name="csrf" value="${ok}"`));
  assert.ok(!setCookies(r.headers).some((c) => c.startsWith('vv_csrf=')), 'no new cookie');
});

test('repeated failures slow down, then lock the account, with a clear message', async () => {
  clearThrottle();
  const c = new Client();
  await c.req('/fi/login');
  const csrf = c.cookies.get('vv_csrf');
  const bad = () => c.post('/fi/login', { email: operator.email, password: 'wrong-password-1', csrf });
  for (let i = 0; i < 3; i++) assert.equal((await bad()).status, 422);
  // The third failure asks for a pause; even the right password waits.
  let r = await c.post('/fi/login', { email: operator.email, password: operator.password, csrf });
  assert.equal(r.status, 429);
  assert.ok(r.text.includes(html(t('fi', 'auth.err.locked').replace('{0}', '1'))), 'message names the wait');
  assert.equal(r.headers.get('retry-after'), '1');
  await new Promise((res) => setTimeout(res, 1300));
  r = await c.post('/fi/login', { email: operator.email, password: operator.password, csrf });
  assert.equal(r.status, 303, 'after the pause the right password works and clears the count');
  // Many failures from this address (as if made earlier) lock it out of the account for a long while.
  const key = throttleKeys(operator).pair;
  sql(`INSERT INTO login_throttle (k, failures, window_start) VALUES ('${key}', 9, UTC_TIMESTAMP())`);
  const d = new Client();
  await d.req('/en/login');
  r = await d.post('/en/login', { email: operator.email, password: 'still-wrong-pw', csrf: d.cookies.get('vv_csrf') });
  assert.equal(r.status, 422);
  r = await d.post('/en/login', { email: operator.email, password: operator.password, csrf: d.cookies.get('vv_csrf') });
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers.get('retry-after')) > 800, `locked for ~15 min, got ${r.headers.get('retry-after')}`);
  assert.match(r.text, /Too many failed sign-ins/);
  clearThrottle();
});

test('an unknown e-mail gets the same answer as a wrong password', async () => {
  clearThrottle();
  const c = new Client();
  await c.req('/fi/login');
  const r = await c.post('/fi/login', { email: 'nobody-here@example.org', password: 'whatever-123', csrf: c.cookies.get('vv_csrf') });
  assert.equal(r.status, 422);
  assert.ok(r.text.includes(html(t('fi', 'auth.err.wrong'))));
  clearThrottle();
});

test('a login link signs a tablet in for long (after the press); revoked, it no longer works', async () => {
  const token = randomBytes(32).toString('base64url');
  sql(`INSERT INTO login_links (tenant_id, user_id, token_hash) VALUES (${tenant.id}, ${customer.id}, '${sha256(token)}')`);
  const c = new Client();
  const r = await useLoginLink(c, `/sv/login/${token}`);
  assert.equal(r.status, 303);
  const set = setCookies(r.headers).find((x) => x.startsWith('vv_session='));
  const age = Number(set.match(/Max-Age=(\d+)/)[1]);
  assert.ok(age >= 300 * 86400, `long-lived cookie, Max-Age=${age}`);
  assert.equal(sql(`SELECT kind FROM sessions WHERE token_hash = '${sha256(c.cookies.get('vv_session'))}'`), 'link');
  const page = await c.req('/sv/');
  assert.ok(page.text.includes(html(`${customer.first} ${customer.last}`)));

  sql(`UPDATE login_links SET revoked_at = UTC_TIMESTAMP() WHERE token_hash = '${sha256(token)}'`);
  const d = new Client();
  const again = await d.req(`/fi/login/${token}`);
  assert.equal(again.status, 404);
  assert.ok(again.text.includes(html(t('fi', 'auth.link-invalid.title'))));
  assert.equal(d.cookies.get('vv_session'), undefined);
});

test('the log never shows a login link token', async () => {
  const { readLog } = await import('../../../tests/http/lib.mjs');
  const token = randomBytes(32).toString('base64url');
  await get(`/fi/login/${token}`);
  assert.ok(!readLog().includes(token));
  assert.match(readLog(), /GET \/fi\/login\/\*{43} 404/);
  // Also on paths no route serves (a mistyped or probing request).
  const other = randomBytes(32).toString('base64url');
  await fetch(`${BASE}/fi/ecare/call/t/${other}/end`, { method: 'POST' });
  await get(`/fi/no-such/${other}`);
  assert.ok(!readLog().includes(other));
});
