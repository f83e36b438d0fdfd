// Passwords after the first: a staff member changes their own (Vaihda
// salasana, from their name in the header), an admin sets a new one for an
// employee (Aseta uusi salasana), an operator resets one with vvctl.
import { test, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { Client, BUILD, VAR, csrfOf, html, login, makeTenant, makeUser, readLog, sql, t, unique, fieldError, useLoginLink, throttleKeys, lockOut } from '../../../tests/http/lib.mjs';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const hashOf = (u) => sql(`SELECT password_hash FROM users WHERE id = ${u.id}`);
const sessionsOf = (u) => Number(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id}`));
const audits = (u, action) => sql(`SELECT COALESCE(user_id, 'NULL'), detail FROM audit_log
  WHERE tenant_id = ${u.tenant.id} AND action = '${action}' AND detail = 'user=${u.uuid}'`);
const fresh = () => `uusi-salasana-${Math.random().toString(36).slice(2, 10)}`;

// Every test starts and ends with no counted failures: the address key
// (127.0.0.1) is shared with the other test files.
afterEach(() => sql('DELETE FROM login_throttle'));

async function signedIn(user, lang = 'fi') {
  const c = new Client();
  await login(c, user, lang);
  return c;
}

/** A sign-in attempt through the form: the status (303 signed in, 422 refused). */
async function signInStatus(email, password) {
  const c = new Client();
  await c.req('/fi/login');
  return (await c.post('/fi/login', { email, password, csrf: c.cookies.get('vv_csrf') })).status;
}

let A, B, admin, operator, prof, customer, adminB;
before(() => {
  A = makeTenant();
  B = makeTenant();
  admin = makeUser(A, 'admin');
  operator = makeUser(A, 'operator');
  prof = makeUser(A, 'professional');
  customer = makeUser(A, 'customer');
  adminB = makeUser(B, 'admin');
});

// ---- Vaihda salasana ----

for (const lang of ['fi', 'sv', 'en']) {
  test(`the change page in ${lang}, reached from the staff member's name in the header`, async () => {
    const u = makeUser(A, 'operator');
    const c = await signedIn(u, lang);
    const front = await c.req(`/${lang}/`);
    assert.match(front.text, new RegExp(`<a class="user" href="/${lang}/account/password">`), 'the name is the link');
    assert.ok(front.text.includes(html(t(lang, 'nav.password'))), 'the link says where it goes');
    const r = await c.req(`/${lang}/account/password`);
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<html lang="${lang}"`));
    for (const k of ['auth.pw.title', 'auth.pw.current', 'auth.pw.new', 'auth.pw.repeat', 'auth.pw.submit', 'password.hint']) {
      assert.ok(r.text.includes(html(t(lang, k))), k);
    }
    for (const f of ['current', 'password', 'password2']) {
      assert.match(r.text, new RegExp(`<label for="${f}">`), `label for ${f}`);
      assert.match(r.text, new RegExp(`<input type="password" autocomplete="[a-z-]+" id="${f}" name="${f}"`), f);
    }
    // Refused in this language, each message next to its field.
    const e = await c.post(`/${lang}/account/password`, { csrf: await csrfOf(c, `/${lang}/account/password`),
      current: '', password: 'lyhyt', password2: 'lyhyt' });
    assert.equal(e.status, 422);
    assert.equal(fieldError(e.text, 'current'), html(t(lang, 'auth.pw.err.current-missing')));
    assert.equal(fieldError(e.text, 'password'), html(t(lang, 'password.err.short').replace('{0}', '10')));
  });
}

test('a customer has no password: no link in the header, 403 on the page; anonymous is sent to sign in', async () => {
  const token = randomBytes(32).toString('base64url');
  sql(`INSERT INTO login_links (tenant_id, user_id, token_hash) VALUES (${A.id}, ${customer.id}, '${sha256(token)}')`);
  const before = hashOf(customer);
  const c = new Client();
  assert.equal((await useLoginLink(c, `/fi/login/${token}`)).status, 303);
  const page = await c.req('/fi/');
  assert.ok(page.text.includes(html(`${customer.first} ${customer.last}`)));
  assert.doesNotMatch(page.text, /account\/password/);
  assert.equal((await c.req('/fi/account/password')).status, 403);
  const r = await c.post('/fi/account/password', { csrf: await csrfOf(c), current: 'x', password: fresh(), password2: 'y' });
  assert.equal(r.status, 403);
  assert.equal(hashOf(customer), before);
  const anon = await new Client().req('/fi/account/password');
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.get('location'), '/fi/login');
});

test('each refusal changes nothing: missing, wrong current; too short, too long, mismatch, unchanged', async () => {
  const u = makeUser(A, 'professional');
  const c = await signedIn(u);
  const csrf = await csrfOf(c, '/fi/account/password');
  const before = hashOf(u);
  const cases = [
    [{ current: '', password: 'hyvä-uusi-salasana', password2: 'hyvä-uusi-salasana' }, 'current', t('fi', 'auth.pw.err.current-missing')],
    [{ current: 'väärä-salasana', password: 'hyvä-uusi-salasana', password2: 'hyvä-uusi-salasana' }, 'current', t('fi', 'auth.pw.err.wrong')],
    [{ current: u.password, password: 'lyhyt', password2: 'lyhyt' }, 'password', t('fi', 'password.err.short').replace('{0}', '10')],
    [{ current: u.password, password: 'ä'.repeat(129), password2: 'ä'.repeat(129) }, 'password', t('fi', 'password.err.long').replace('{0}', '128')],
    [{ current: u.password, password: '', password2: '' }, 'password', t('fi', 'err.required')],
    [{ current: u.password, password: 'hyvä-uusi-salasana', password2: 'hyvä-uusi-salasanA' }, 'password2', t('fi', 'password.err.mismatch')],
    [{ current: u.password, password: u.password, password2: u.password }, 'password', t('fi', 'auth.pw.err.same')],
  ];
  for (const [fields, field, text] of cases) {
    const r = await c.post('/fi/account/password', { csrf, ...fields });
    assert.equal(r.status, 422, `${field}: ${text}`);
    assert.equal(fieldError(r.text, field), html(text));
    assert.match(r.text, /class="error-summary"/);
    assert.match(r.text, new RegExp(`href="#${field}"`), 'the summary links to the field');
    assert.match(r.text, new RegExp(`id="${field}" name="${field}" aria-invalid="true"`));
    for (const v of [fields.current, fields.password].filter((x) => x && x.length > 3)) {
      assert.ok(!r.text.includes(html(v)), 'no password is sent back');
    }
    sql('DELETE FROM login_throttle');
  }
  assert.equal(hashOf(u), before, 'the hash is unchanged');
  assert.equal(audits(u, 'user.password.change'), '');
  assert.equal((await c.req('/fi/account/password')).status, 200, 'still signed in');
  assert.equal(await signInStatus(u.email, u.password), 303, 'the old password still works');
});

test('without the CSRF token, or with another session\'s, nothing changes', async () => {
  const u = makeUser(A, 'operator');
  const c = await signedIn(u);
  const other = await signedIn(operator);
  const before = hashOf(u);
  const fields = { current: u.password, password: 'uusi-ja-pitkä-1', password2: 'uusi-ja-pitkä-1' };
  assert.equal((await c.post('/fi/account/password', fields)).status, 403);
  assert.equal((await c.post('/fi/account/password', { ...fields, csrf: await csrfOf(other) })).status, 403);
  assert.equal(hashOf(u), before);
  assert.equal(sessionsOf(u), 1);
});

test('a change: new hash, this session renewed, every other one ended, audited, confirmed; old password out, new in', async () => {
  const u = makeUser(A, 'operator');
  const c = await signedIn(u);
  const elsewhere = await signedIn(u);   // another browser of the same person
  const someoneElse = await signedIn(prof);
  assert.equal(sessionsOf(u), 2);
  const oldToken = c.cookies.get('vv_session');
  const before = hashOf(u);
  const pw = fresh();
  const r = await c.post('/fi/account/password', { csrf: await csrfOf(c, '/fi/account/password'),
    current: u.password, password: pw, password2: pw });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/account/password?done=changed');
  // This browser goes on, under a new token; the old one is worth nothing.
  assert.notEqual(c.cookies.get('vv_session'), oldToken);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sessions WHERE token_hash = '${sha256(oldToken)}'`)), 0);
  const done = await c.req(r.headers.get('location'));
  assert.equal(done.status, 200);
  assert.match(done.text, new RegExp(`<p class="flash" role="status">${html(t('fi', 'auth.pw.done'))}</p>`));
  // The other browser is signed out; another user is not.
  const out = await elsewhere.req('/fi/account/password');
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/fi/login');
  assert.equal((await someoneElse.req('/fi/account/password')).status, 200);
  assert.equal(sessionsOf(u), 1);
  // The hash, the audit row (whose uuid, never the password), the log.
  const after = hashOf(u);
  assert.notEqual(after, before);
  assert.match(after, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(audits(u, 'user.password.change'), `${u.id}\tuser=${u.uuid}`);
  assert.ok(!readLog().includes(pw) && !readLog().includes(u.password), 'no password in the log');
  // Signing in: the old password no longer, the new one yes.
  assert.equal(await signInStatus(u.email, u.password), 422);
  assert.equal(await signInStatus(u.email, pw), 303);
});

test('wrong current passwords are throttled like sign-ins, and count for the sign-in too', async () => {
  const u = makeUser(A, 'professional');
  const c = await signedIn(u);
  const csrf = await csrfOf(c, '/fi/account/password');
  const pw = fresh();
  const attempt = (current) => c.post('/fi/account/password', { csrf, current, password: pw, password2: pw });
  for (let i = 0; i < 3; i++) assert.equal((await attempt(`väärä-salasana-${i}`)).status, 422);
  // The third failure asks for a pause: even the right password waits.
  // (The pause is 1 s; held for 30 so that a loaded machine still meets it.)
  sql(`UPDATE login_throttle SET locked_until = UTC_TIMESTAMP() + INTERVAL 30 SECOND WHERE locked_until IS NOT NULL`);
  let r = await attempt(u.password);
  assert.equal(r.status, 429);
  const wait = r.headers.get('retry-after');
  assert.ok(Number(wait) > 0 && Number(wait) <= 30, `Retry-After ${wait}`);
  assert.equal(fieldError(r.text, 'current'), html(t('fi', 'auth.pw.err.locked').replace('{0}', wait)));
  // Counted under the sign-in form's own key for the account from this address.
  const acct = throttleKeys(u).pair;
  assert.equal(sql(`SELECT failures FROM login_throttle WHERE k = '${acct}'`), '3');
  const before = hashOf(u);
  sql(`UPDATE login_throttle SET failures = 9, locked_until = NULL WHERE k = '${acct}'`);
  r = await attempt('yhä-väärä-salasana');
  assert.equal(r.status, 422);
  r = await attempt(u.password);
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers.get('retry-after')) > 800, `locked for ~15 min, got ${r.headers.get('retry-after')}`);
  assert.equal(hashOf(u), before, 'nothing changed');
  // Once the lock is gone the right password works and clears the count.
  sql('DELETE FROM login_throttle');
  assert.equal((await attempt(u.password)).status, 303);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM login_throttle WHERE k = '${acct}'`)), 0);
});

// ---- Aseta uusi salasana (admin) ----

for (const lang of ['fi', 'sv', 'en']) {
  test(`an employee's page offers a new password in ${lang}; a customer's and the admin's own do not`, async () => {
    const c = await signedIn(admin, lang);
    const r = await c.req(`/${lang}/admin/users/${operator.uuid}`);
    assert.equal(r.status, 200);
    for (const k of ['admin.pw.title', 'admin.pw.about', 'admin.pw.new', 'admin.pw.repeat', 'admin.pw.submit']) {
      assert.ok(r.text.includes(html(t(lang, k))), k);
    }
    assert.match(r.text, new RegExp(`action="/${lang}/admin/users/${operator.uuid}/password"`));
    assert.match(r.text, /<label for="password2">/);
    const cust = await c.req(`/${lang}/admin/users/${customer.uuid}`);
    assert.ok(!cust.text.includes(html(t(lang, 'admin.pw.title'))));
    const own = await c.req(`/${lang}/admin/users/${admin.uuid}`);
    assert.ok(own.text.includes(html(t(lang, 'admin.pw.self'))));
    assert.match(own.text, new RegExp(`<a href="/${lang}/account/password">`));
    assert.doesNotMatch(own.text, new RegExp(`/admin/users/${admin.uuid}/password`));
  });
}

test('an admin sets a new password: every session of the employee ends, audited, old out, new in', async () => {
  const u = makeUser(A, 'operator');
  const one = await signedIn(u);
  const two = await signedIn(u);
  // Locked out by failed sign-ins: the reset lets them in at once.
  lockOut(u);
  const c = await signedIn(admin);
  const pw = fresh();
  const r = await c.post(`/sv/admin/users/${u.uuid}/password`, { csrf: await csrfOf(c), password: pw, password2: pw });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/sv/admin/users/${u.uuid}?done=password-reset`);
  const page = await c.req(r.headers.get('location'));
  assert.ok(page.text.includes(html(t('sv', 'admin.flash.password-reset'))));
  assert.equal(sessionsOf(u), 0);
  for (const s of [one, two]) {
    const x = await s.req('/fi/ecare/index/calendar');
    assert.equal(x.status, 303);
    assert.equal(x.headers.get('location'), '/fi/login');
  }
  assert.equal((await c.req('/fi/admin/users/employees')).status, 200, 'the admin stays signed in');
  assert.equal(audits(u, 'user.password.reset'), `${admin.id}\tuser=${u.uuid}`);
  assert.ok(!readLog().includes(pw), 'no password in the log');
  assert.equal(await signInStatus(u.email, u.password), 422);
  assert.equal(await signInStatus(u.email, pw), 303);
});

test('refusals of a reset change nothing: mismatch, too short, empty, no CSRF, the admin\'s own', async () => {
  const u = makeUser(A, 'professional');
  const s = await signedIn(u);
  const c = await signedIn(admin);
  const csrf = await csrfOf(c);
  const before = hashOf(u);
  const cases = [
    [{ password: 'pitkä-salasana-1', password2: 'pitkä-salasana-2' }, 'password2', t('en', 'password.err.mismatch')],
    [{ password: 'lyhyt', password2: 'lyhyt' }, 'password', t('en', 'password.err.short').replace('{0}', '10')],
    [{ password: 'x'.repeat(129), password2: 'x'.repeat(129) }, 'password', t('en', 'password.err.long').replace('{0}', '128')],
    [{ password: '', password2: '' }, 'password', t('en', 'err.required')],
  ];
  for (const [fields, field, text] of cases) {
    const r = await c.post(`/en/admin/users/${u.uuid}/password`, { csrf, ...fields });
    assert.equal(r.status, 422, text);
    assert.equal(fieldError(r.text, field), html(text));
    assert.ok(r.text.includes(`value="${u.email}"`), 'the rest of the page is there');
  }
  assert.equal((await c.post(`/fi/admin/users/${u.uuid}/password`, { password: 'pitkä-salasana-1', password2: 'pitkä-salasana-1' })).status, 403);
  const own = await c.post(`/fi/admin/users/${admin.uuid}/password`, { csrf, password: 'pitkä-salasana-1', password2: 'pitkä-salasana-1' });
  assert.equal(own.status, 422);
  assert.equal(fieldError(own.text, 'password'), html(t('fi', 'admin.err.self-password')));
  assert.equal(hashOf(u), before);
  assert.equal(audits(u, 'user.password.reset'), '');
  assert.equal((await s.req('/fi/ecare/index/calendar')).status, 200, 'the employee is still signed in');
  assert.equal(await signInStatus(admin.email, admin.password), 303, 'the admin\'s own password is unchanged');
});

test('a reset is for an admin of the same tenant and for employees only: 403, 404', async () => {
  const before = [hashOf(operator), hashOf(prof), hashOf(customer)];
  const fields = { password: 'pitkä-salasana-1', password2: 'pitkä-salasana-1' };
  const b = await signedIn(adminB);
  // Another tenant's employee is 404, as everywhere: page and POST.
  assert.equal((await b.req(`/fi/admin/users/${operator.uuid}`)).status, 404);
  const r = await b.post(`/fi/admin/users/${operator.uuid}/password`, { csrf: await csrfOf(b), ...fields });
  assert.equal(r.status, 404);
  assert.ok(!r.text.includes(operator.last));
  // An operator is no admin.
  const o = await signedIn(operator);
  assert.equal((await o.post(`/fi/admin/users/${prof.uuid}/password`, { csrf: await csrfOf(o), ...fields })).status, 403);
  // A customer has no password to set.
  const c = await signedIn(admin);
  assert.equal((await c.post(`/fi/admin/users/${customer.uuid}/password`, { csrf: await csrfOf(c), ...fields })).status, 404);
  assert.deepEqual([hashOf(operator), hashOf(prof), hashOf(customer)], before);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'user.password.reset'
    AND detail IN ('user=${operator.uuid}', 'user=${prof.uuid}', 'user=${customer.uuid}')`)), 0);
});

// ---- vvctl user password ----

function vvctlRun(args, input = '') {
  const r = spawnSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args], { encoding: 'utf8', input, env: process.env });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

test('vvctl user password: a locked-out admin gets a new one; sessions end, audited, never printed', async () => {
  const u = makeUser(A, 'admin');
  const s = await signedIn(u);
  lockOut(u);
  const pw = fresh();
  const r = vvctlRun(['user', 'password', '--tenant', A.uuid, '--email', u.email.toUpperCase(), '--password-stdin'], `${pw}\n`);
  assert.equal(r.status, 0, r.err);
  assert.equal(r.out, `new password set for ${u.email} (${u.uuid}); 1 session ended\n`);
  assert.ok(!r.out.includes(pw) && !r.err.includes(pw));
  assert.equal(sessionsOf(u), 0);
  assert.equal((await s.req('/fi/admin/users/employees')).status, 303);
  assert.equal(audits(u, 'user.password.reset'), `NULL\tuser=${u.uuid}`);
  assert.equal(await signInStatus(u.email, u.password), 422);
  assert.equal(await signInStatus(u.email, pw), 303, 'the lock is gone too');
  // From a file, by the tenant's name.
  const file = `${VAR}/${unique('pw')}.txt`;
  const pw2 = fresh();
  writeFileSync(file, `${pw2}\n`, { mode: 0o600 });
  try {
    const f = vvctlRun(['user', 'password', '--tenant', A.name, '--email', u.email, '--password-file', file]);
    assert.equal(f.status, 0, f.err);
  } finally { rmSync(file, { force: true }); }
  assert.equal(await signInStatus(u.email, pw2), 303);
});

test('vvctl user password refuses what the web refuses, and changes nothing', () => {
  const before = [hashOf(operator), hashOf(customer)];
  const help = vvctlRun(['help']);
  assert.match(help.out, /^ {2}user password /m);
  assert.equal(vvctlRun(['user', 'password', '--help']).status, 0);
  const cases = [
    [['--tenant', A.uuid, '--email', operator.email, '--password-stdin'], 'lyhyt\n', 2, /10 to 128 characters/],
    [['--tenant', A.uuid, '--email', operator.email], '', 2, /--password-stdin or --password-file/],
    [['--tenant', A.uuid, '--email', operator.email, '--password-stdin', '--password-file', '/dev/null'], '', 2, /one of them/],
    [['--tenant', A.uuid, '--password-stdin'], 'pitkä-salasana-1\n', 2, /--email is required/],
    [['--tenant', A.uuid, '--email', 'nobody-here@example.org', '--password-stdin'], 'pitkä-salasana-1\n', 1, /no user/],
    [['--tenant', B.uuid, '--email', operator.email, '--password-stdin'], 'pitkä-salasana-1\n', 1, /no user/],
    [['--tenant', A.uuid, '--email', customer.email, '--password-stdin'], 'pitkä-salasana-1\n', 2, /customer has no password/],
    [['--tenant', 'no-such-tenant', '--email', operator.email, '--password-stdin'], 'pitkä-salasana-1\n', 1, /no tenant/],
  ];
  for (const [args, input, status, msg] of cases) {
    const r = vvctlRun(['user', 'password', ...args], input);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
  }
  assert.deepEqual([hashOf(operator), hashOf(customer)], before);
});
