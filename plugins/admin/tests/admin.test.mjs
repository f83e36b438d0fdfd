// Yrityksen ylläpito (plugin admin): employees, customers, login links and
// the tenant's settings, as admins, operators and everyone else meet them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, ROOT, get, html, login, csrfOf, useLoginLink, makeTenant, makeUser, sql, t, unique, fieldError,
  inputValue } from '../../../tests/http/lib.mjs';

/** Text of an admin.* entry from xsl/i18n/admin.<lang>.xml, with {0} filled. */
function ta(lang, key, arg) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/admin.${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `admin.${lang}.xml has ${key}`);
  const s = m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return arg === undefined ? s : s.replace('{0}', arg);
}

/** The selected option of a select. */
function selected(text, id) {
  const sel = text.match(new RegExp(`<select[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</select>`));
  assert.ok(sel, `select ${id} on the page`);
  const o = sel[1].match(/<option value="([^"]*)" selected/);
  return o ? o[1] : null;
}

async function signedIn(user, lang = 'fi') {
  const c = new Client();
  await login(c, user, lang);
  return c;
}

const count = (where) => Number(sql(`SELECT COUNT(*) FROM users WHERE ${where}`));
const audits = (tenant, action) =>
  Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${tenant.id} AND action = '${action}'`));
const userRow = (id) => sql(`SELECT first_name, last_name, email, role, IFNULL(language, '-'), active FROM users WHERE id = ${id}`);

let A, B, admin, operator, prof, customer, adminB, customerB, sessionAdmin;
before(async () => {
  A = makeTenant({ contract: { maxParticipants: 12, recording: true, maxEventMinutes: 90, maxConcurrent: 3 } });
  B = makeTenant({ contract: { maxParticipants: 25 } });
  admin = makeUser(A, 'admin', { first: 'Aino', last: unique('Pääkäyttäjä') });
  operator = makeUser(A, 'operator', { first: 'Olli', last: unique('Tuottaja') });
  prof = makeUser(A, 'professional', { first: 'Pirjo', last: unique('Hoitaja') });
  customer = makeUser(A, 'customer', { first: 'Kalle', last: unique('Asiakas'), language: 'sv' });
  adminB = makeUser(B, 'admin', { first: 'Bertta', last: unique('Muu') });
  customerB = makeUser(B, 'customer', { first: 'Bengt', last: unique('Vieras') });
  sessionAdmin = await signedIn(admin);
});

// ---- Lists and who may see them

test('an admin sees the employees of their own tenant, with roles in words', async () => {
  const r = await sessionAdmin.req('/fi/admin/users/employees');
  assert.equal(r.status, 200);
  for (const u of [admin, operator, prof]) {
    assert.ok(r.text.includes(html(`${u.first} ${u.last}`)), u.role);
    assert.ok(r.text.includes(u.email));
  }
  assert.ok(!r.text.includes(customer.last), 'customers are not employees');
  assert.ok(!r.text.includes(adminB.last), 'no other tenant');
  for (const k of ['admin.role.admin', 'admin.role.operator', 'admin.role.professional'])
    assert.ok(r.text.includes(html(ta('fi', k))), k);
  assert.match(r.text, /<table>/);
  assert.match(r.text, /<th scope="col">/);
  assert.ok(r.text.includes(html(ta('fi', 'admin.add-employee'))));
  assert.ok(r.text.includes(`/fi/admin/users/${operator.uuid}`), 'edit link per row');
});

test('an admin sees the customers with device language and login-link state', async () => {
  const r = await sessionAdmin.req('/fi/admin/users/customers');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(`${customer.first} ${customer.last}`)));
  assert.ok(!r.text.includes(customerB.last), 'no other tenant');
  assert.ok(!r.text.includes(operator.last), 'employees are not customers');
  assert.ok(r.text.includes(html(t('fi', 'lang.sv'))));
  assert.ok(r.text.includes(html(ta('fi', 'admin.add-customer'))));
  assert.ok(r.text.includes('/fi/admin/users/new/customer'));
});

test('names sort as Finnish and Swedish readers expect: Å, Ä and Ö after Z', async () => {
  const T = makeTenant();
  const boss = makeUser(T, 'admin', { first: 'Anna', last: 'Aaltonen' });
  const tag = unique('n').replace(/[^a-z0-9]/gi, '');
  const lasts = ['Öberg', 'Aalto', 'Åkerlund', 'Zetterberg', 'Ärölä', 'Virtanen'];
  for (const last of lasts) makeUser(T, 'customer', { first: tag, last });
  const r = await (await signedIn(boss)).req('/fi/admin/users/customers');
  assert.equal(r.status, 200);
  const order = lasts.map((l) => [l, r.text.indexOf(html(`${tag} ${l}`))]);
  for (const [l, at] of order) assert.ok(at > 0, `${l} listed`);
  assert.deepEqual(order.sort((x, y) => x[1] - y[1]).map(([l]) => l),
    ['Aalto', 'Virtanen', 'Zetterberg', 'Åkerlund', 'Ärölä', 'Öberg']);
});

test('an operator reads the employee list only: no add or edit links, no customers', async () => {
  const c = await signedIn(operator);
  const r = await c.req('/fi/admin/users/employees');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(admin.email));
  assert.ok(!r.text.includes(html(ta('fi', 'admin.add-employee'))));
  assert.ok(!r.text.includes(`/admin/users/${admin.uuid}`));
  assert.equal((await c.req('/fi/admin/users/customers')).status, 403);
  assert.equal((await c.req('/fi/admin/users/new/employee')).status, 403);
  assert.equal((await c.req(`/fi/admin/users/${prof.uuid}`)).status, 403);
  assert.equal((await c.req('/fi/admin/settings')).status, 403);
});

test('a professional reads the employee list as an operator does (R-NAV-2): no add or edit links, no customers', async () => {
  const c = await signedIn(prof);
  const r = await c.req('/fi/admin/users/employees');
  assert.equal(r.status, 200);
  for (const u of [admin, operator, prof]) assert.ok(r.text.includes(`href="mailto:${u.email}"`), u.role);
  assert.ok(!r.text.includes(customer.email), 'customers are not employees');
  assert.ok(!r.text.includes(adminB.email), 'no other tenant');
  assert.ok(!r.text.includes(html(ta('fi', 'admin.add-employee'))));
  assert.ok(!r.text.includes('/admin/users/new/'));
  for (const u of [admin, operator, prof]) assert.ok(!r.text.includes(`/admin/users/${u.uuid}`), 'no edit link');
  assert.ok(!r.text.includes(html(ta('fi', 'admin.col.actions'))), 'no actions column');
  const before = userRow(operator.id);
  for (const path of ['/fi/admin/users/customers', '/fi/admin/users/new/employee', `/fi/admin/users/${operator.uuid}`,
    '/fi/admin/settings'])
    assert.equal((await c.req(path)).status, 403, path);
  const csrf = await csrfOf(c);
  for (const [path, fields] of [[`/fi/admin/users/${operator.uuid}`, { first: 'X', last: 'Y', email: operator.email, role: 'admin' }],
    [`/fi/admin/users/${operator.uuid}/deactivate`, {}], ['/fi/admin/users/new/employee', { first: 'X', last: 'Y', email: 'x@example.org', role: 'admin', password: 'pitkä-salasana-42' }]])
    assert.equal((await c.post(path, { csrf, ...fields })).status, 403, path);
  assert.equal(userRow(operator.id), before, 'nothing changed');
});

test('customers may not open the employee list', async () => {
  const c = await signedIn(customer);
  assert.equal((await c.req('/fi/admin/users/employees')).status, 403);
  assert.equal((await c.req('/fi/admin/users/customers')).status, 403);
});

/** The links of the staff menu in the page header, as paths. */
function menuLinks(text) {
  const nav = text.match(/<nav class="staff-menu"[\s\S]*?<\/nav>/);
  return nav ? [...nav[0].matchAll(/href="([^"]+)"/g)].map((m) => m[1]) : [];
}

test('the menu: every staff member finds Yrityksen ylläpito › Käyttäjät › Työntekijät; admins also the rest', async () => {
  const want = {
    // Kalenterisyöte (plugin feeds) last, for every staff member.
    professional: ['/fi/ecare/index/calendar', '/fi/admin/users/employees', '/fi/account/calendar-feed'],
    operator: ['/fi/ecare/events', '/fi/ecare/recordings', '/fi/ecare/index/calendar', '/fi/admin/users/employees',
      '/fi/account/calendar-feed'],
    admin: ['/fi/ecare/events', '/fi/ecare/recordings', '/fi/ecare/index/calendar', '/fi/admin/users/employees',
      '/fi/admin/users/customers', '/fi/admin/types', '/fi/admin/settings', '/fi/admin/attendance', '/fi/admin/audit',
      '/fi/account/calendar-feed'],
  };
  for (const u of [prof, operator, admin]) {
    const c = await signedIn(u);
    const r = await c.req('/fi/admin/users/employees');
    assert.equal(r.status, 200, u.role);
    assert.deepEqual(menuLinks(r.text), want[u.role], u.role);
    for (const k of ['nav.company', 'nav.users', 'nav.employees'])
      assert.ok(r.text.includes(html(t('fi', k))), `${u.role}: ${k}`);
    assert.ok(r.text.includes('Yrityksen ylläpito') && r.text.includes('Työntekijät'), 'the guide\'s words');
    assert.match(r.text, /<a href="\/fi\/admin\/users\/employees" aria-current="page">/, `${u.role}: marked current`);
    // Every link in the menu opens for this role.
    for (const path of want[u.role]) assert.equal((await c.req(path)).status, 200, `${u.role} ${path}`);
  }
  const r = await (await signedIn(customer)).req('/fi/ecare/index/calendar');
  assert.deepEqual(menuLinks(r.text), [], 'customers have no staff menu');
});

test('anonymous visitors are sent to the login page', async () => {
  for (const [path, lang] of [['/fi/admin/users/employees', 'fi'], ['/sv/admin/users/customers', 'sv'],
    ['/en/admin/settings', 'en'], [`/fi/admin/users/${operator.uuid}`, 'fi']]) {
    const r = await get(path);
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get('location'), `/${lang}/login`);
  }
});

test('pages speak Finnish, Swedish and English', async () => {
  for (const lang of ['fi', 'sv', 'en']) {
    let r = await sessionAdmin.req(`/${lang}/admin/users/employees`);
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<html lang="${lang}">`));
    assert.ok(r.text.includes(`<h1>${html(t(lang, 'nav.employees'))}</h1>`), lang);
    assert.ok(r.text.includes(html(ta(lang, 'admin.role.operator'))), lang);
    r = await sessionAdmin.req(`/${lang}/admin/users/new/employee`);
    for (const [k, f] of [['admin.first', 'first'], ['admin.last', 'last'], ['admin.email', 'email'], ['admin.role', 'role']])
      assert.ok(r.text.includes(`<label for="${f}">${html(ta(lang, k))}</label>`), `${lang} ${k}`);
    assert.ok(r.text.includes(html(t(lang, 'form.submit'))));
    r = await sessionAdmin.req(`/${lang}/admin/users/new/customer`);
    assert.ok(r.text.includes(`<label for="language">${html(ta(lang, 'admin.language'))}</label>`), lang);
    r = await sessionAdmin.req(`/${lang}/admin/settings`);
    assert.ok(r.text.includes(html(ta(lang, 'admin.contract.title'))), lang);
    assert.ok(r.text.includes(html(ta(lang, 'admin.set.timezone'))), lang);
  }
  const r = await sessionAdmin.req('/fi/admin/users/new/employee');
  for (const w of ['Etunimi', 'Sukunimi', 'Lähetä', 'Pääkäyttäjä', 'Sisällöntuottaja', 'Ammattilainen'])
    assert.ok(r.text.includes(w), w);
});

// ---- Adding users

test('an admin adds an employee: the row, the audit entry, and they can sign in', async () => {
  const csrf = await csrfOf(sessionAdmin);
  const email = `${unique('uusi')}@example.org`.toLowerCase();
  const before = audits(A, 'user.create');
  const r = await sessionAdmin.post('/fi/admin/users/new/employee', {
    csrf, first: 'Ulla', last: 'Uusi', email, role: 'operator', password: 'hyvä-salasana-123',
  });
  assert.equal(r.status, 303);
  const row = sql(`SELECT uuid, role, tenant_id, active, password_hash FROM users WHERE email = '${email}'`).split('\t');
  assert.equal(row[1], 'operator');
  assert.equal(Number(row[2]), A.id);
  assert.equal(row[3], '1');
  assert.match(row[4], /^\$argon2id\$/);
  assert.equal(r.headers.get('location'), `/fi/admin/users/${row[0]}?done=created`);
  assert.equal(audits(A, 'user.create'), before + 1);
  const page = await sessionAdmin.req(r.headers.get('location'));
  assert.ok(page.text.includes(html(ta('fi', 'admin.flash.created'))));
  await signedIn({ email, password: 'hyvä-salasana-123' });
});

test('an admin adds a customer with a device language and no password', async () => {
  const csrf = await csrfOf(sessionAdmin);
  const email = `${unique('asiakas')}@example.org`.toLowerCase();
  const r = await sessionAdmin.post('/fi/admin/users/new/customer', {
    csrf, first: 'Siiri', last: 'Svensson', email, language: 'sv',
  });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT CONCAT(role, ' ', language, ' ', tenant_id, ' ', password_hash IS NULL) FROM users WHERE email = '${email}'`),
    `customer sv ${A.id} 1`);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'user.create'
    AND detail LIKE '%role=customer%'`)) >= 1);
});

test('an unknown kind of user is a 404', async () => {
  assert.equal((await sessionAdmin.req('/fi/admin/users/new/robot')).status, 404);
  const csrf = await csrfOf(sessionAdmin);
  const n = count(`tenant_id = ${A.id}`);
  const r = await sessionAdmin.post('/fi/admin/users/new/robot', { csrf, first: 'R', last: 'R', email: 'r@example.org' });
  assert.equal(r.status, 404);
  assert.equal(count(`tenant_id = ${A.id}`), n);
});

const good = () => ({ first: 'Eeva', last: 'Esimerkki', email: `${unique('e')}@example.org`.toLowerCase(),
  role: 'professional', password: 'pitkä-salasana-42' });

const badEmployees = [
  ['empty first name', { first: '' }, 'first', () => t('fi', 'err.required')],
  ['blank last name', { last: '   ' }, 'last', () => t('fi', 'err.required')],
  ['a first name of 101 characters', { first: 'Ä'.repeat(101) }, 'first', () => t('fi', 'err.too-long')],
  ['a last name of 101 characters', { last: 'x'.repeat(101) }, 'last', () => t('fi', 'err.too-long')],
  ['an invalid e-mail', { email: 'ei-osoite' }, 'email', () => t('fi', 'err.email')],
  ['an e-mail with two @', { email: 'a@b@example.org' }, 'email', () => t('fi', 'err.email')],
  ['an e-mail without a dotted domain', { email: 'a@localhost' }, 'email', () => t('fi', 'err.email')],
  ['an e-mail of 255 characters', { email: `${'a'.repeat(60)}@${'b'.repeat(190)}.org` }, 'email', () => t('fi', 'err.too-long')],
  ['an empty e-mail', { email: '' }, 'email', () => t('fi', 'err.required')],
  ['an unknown role', { role: 'superuser' }, 'role', () => ta('fi', 'admin.err.role')],
  ['the customer role on the employee form', { role: 'customer' }, 'role', () => ta('fi', 'admin.err.role')],
  ['no role', { role: '' }, 'role', () => t('fi', 'err.required')],
  ['a short password', { password: 'lyhyt' }, 'password', () => ta('fi', 'admin.err.password')],
  ['a duplicate e-mail', { email: null }, 'email', () => ta('fi', 'admin.err.email-taken')],
];

for (const [what, change, field, msg] of badEmployees) {
  test(`adding an employee with ${what} is refused, the input kept, nothing written`, async () => {
    const csrf = await csrfOf(sessionAdmin);
    const fields = { ...good(), ...change, csrf };
    if (change.email === null) fields.email = operator.email;
    const n = count(`tenant_id = ${A.id}`);
    const nAudit = audits(A, 'user.create');
    const r = await sessionAdmin.post('/fi/admin/users/new/employee', fields);
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, field), html(msg()));
    assert.match(r.text, /class="error-summary"/);
    assert.ok(r.text.includes(`href="#${field}"`), 'the summary links to the field');
    assert.match(r.text, new RegExp(`id="${field}" name="${field}" aria-invalid="true"`));
    for (const f of ['first', 'last', 'email']) assert.equal(inputValue(r.text, f), fields[f].trim() === fields[f] ? fields[f] : fields[f].trim(), f);
    if (['admin', 'operator', 'professional'].includes(fields.role)) assert.equal(selected(r.text, 'role'), fields.role);
    assert.equal(inputValue(r.text, 'password'), '', 'the password is never sent back');
    assert.equal(count(`tenant_id = ${A.id}`), n);
    assert.equal(audits(A, 'user.create'), nAudit);
  });
}

test('adding a customer with an unknown device language is refused', async () => {
  const csrf = await csrfOf(sessionAdmin);
  const n = count(`tenant_id = ${A.id}`);
  const r = await sessionAdmin.post('/fi/admin/users/new/customer', {
    csrf, first: 'Kaisa', last: 'Kieli', email: 'kaisa@example.org', language: 'de',
  });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'language'), html(ta('fi', 'admin.err.language')));
  assert.equal(inputValue(r.text, 'email'), 'kaisa@example.org');
  assert.equal(count(`tenant_id = ${A.id}`), n);
});

test('a message is in the page language', async () => {
  const csrf = await csrfOf(sessionAdmin, '/sv/');
  const r = await sessionAdmin.post('/sv/admin/users/new/customer', { csrf, first: '', last: 'X', email: 'x@example.org', language: 'fi' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'first'), html(t('sv', 'err.required')));
});

test('the same e-mail may exist in another tenant', async () => {
  const csrf = await csrfOf(sessionAdmin);
  const r = await sessionAdmin.post('/fi/admin/users/new/customer', {
    csrf, first: 'Sama', last: 'Osoite', email: customerB.email, language: 'fi',
  });
  assert.equal(r.status, 303);
  assert.equal(count(`email = '${customerB.email}'`), 2);
});

// ---- Editing, another tenant's ids

test('an admin edits an employee; the change is audited', async () => {
  const u = makeUser(A, 'professional', { first: 'Vanha', last: 'Nimi' });
  const csrf = await csrfOf(sessionAdmin);
  let r = await sessionAdmin.req(`/fi/admin/users/${u.uuid}`);
  assert.equal(r.status, 200);
  assert.equal(inputValue(r.text, 'first'), 'Vanha');
  assert.equal(selected(r.text, 'role'), 'professional');
  const nAudit = audits(A, 'user.update');
  r = await sessionAdmin.post(`/fi/admin/users/${u.uuid}`, { csrf, first: 'Uusi', last: 'Sukunimi', email: u.email, role: 'operator' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/fi/admin/users/${u.uuid}?done=saved`);
  assert.equal(userRow(u.id), `Uusi\tSukunimi\t${u.email}\toperator\t-\t1`);
  assert.equal(audits(A, 'user.update'), nAudit + 1);
  r = await sessionAdmin.req(r.headers.get('location'));
  assert.ok(r.text.includes(html(ta('fi', 'admin.flash.saved'))));
});

test('bad input on the edit form changes nothing', async () => {
  const u = makeUser(A, 'customer', { language: 'fi' });
  const csrf = await csrfOf(sessionAdmin);
  const before = userRow(u.id);
  for (const [fields, field, msg] of [
    [{ first: '', last: 'X', email: u.email, language: 'fi' }, 'first', t('fi', 'err.required')],
    [{ first: 'X', last: 'X', email: 'huono@', language: 'fi' }, 'email', t('fi', 'err.email')],
    [{ first: 'X', last: 'X', email: operator.email, language: 'fi' }, 'email', ta('fi', 'admin.err.email-taken')],
    [{ first: 'X', last: 'X', email: u.email, language: 'xx' }, 'language', ta('fi', 'admin.err.language')],
  ]) {
    const r = await sessionAdmin.post(`/fi/admin/users/${u.uuid}`, { csrf, ...fields });
    assert.equal(r.status, 422, field);
    assert.equal(fieldError(r.text, field), html(msg));
    assert.equal(inputValue(r.text, 'email'), fields.email);
    assert.equal(userRow(u.id), before);
  }
});

test('an admin cannot change their own role', async () => {
  const csrf = await csrfOf(sessionAdmin);
  const r = await sessionAdmin.post(`/fi/admin/users/${admin.uuid}`, { csrf, first: admin.first, last: admin.last, email: admin.email, role: 'professional' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'role'), html(ta('fi', 'admin.err.self-role')));
  assert.equal(sql(`SELECT role FROM users WHERE id = ${admin.id}`), 'admin');
});

test("another tenant's user is a 404 on every route, and nothing of it shows or changes", async () => {
  const csrf = await csrfOf(sessionAdmin);
  const before = [userRow(customerB.id), userRow(adminB.id)];
  const links = sql(`SELECT COUNT(*) FROM login_links WHERE user_id = ${customerB.id}`);
  let r = await sessionAdmin.req(`/fi/admin/users/${customerB.uuid}`);
  assert.equal(r.status, 404);
  assert.ok(!r.text.includes(customerB.last) && !r.text.includes(customerB.email));
  for (const [path, fields] of [
    [`/fi/admin/users/${customerB.uuid}`, { first: 'Hakkeri', last: 'X', email: 'h@example.org', language: 'fi' }],
    [`/fi/admin/users/${adminB.uuid}`, { first: 'Hakkeri', last: 'X', email: 'h@example.org', role: 'professional' }],
    [`/fi/admin/users/${adminB.uuid}/deactivate`, {}],
    [`/fi/admin/users/${customerB.uuid}/activate`, {}],
    [`/fi/admin/users/${customerB.uuid}/login-link`, {}],
    [`/fi/admin/users/${customerB.uuid}/login-link/revoke`, {}],
  ]) {
    r = await sessionAdmin.post(path, { csrf, ...fields });
    assert.equal(r.status, 404, path);
    assert.ok(!r.text.includes(customerB.last), path);
  }
  assert.deepEqual([userRow(customerB.id), userRow(adminB.id)], before);
  assert.equal(sql(`SELECT COUNT(*) FROM login_links WHERE user_id = ${customerB.id}`), links);
  assert.equal((await sessionAdmin.req('/fi/admin/users/00000000-0000-4000-8000-000000000000')).status, 404);
});

// ---- Activation

test('deactivation ends the user\'s sessions; activation lets them back', async () => {
  const u = makeUser(A, 'operator');
  const theirs = await signedIn(u);
  assert.equal((await theirs.req('/fi/admin/users/employees')).status, 200);
  const csrf = await csrfOf(sessionAdmin);
  const nAudit = audits(A, 'user.deactivate');
  let r = await sessionAdmin.post(`/fi/admin/users/${u.uuid}/deactivate`, { csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/fi/admin/users/${u.uuid}?done=deactivated`);
  assert.equal(sql(`SELECT active FROM users WHERE id = ${u.id}`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${u.id}`), '0');
  assert.equal(audits(A, 'user.deactivate'), nAudit + 1);
  r = await theirs.req('/fi/admin/users/employees');
  assert.equal(r.status, 303, 'their next request is anonymous');
  assert.equal(r.headers.get('location'), '/fi/login');
  r = await sessionAdmin.req(`/fi/admin/users/${u.uuid}?done=deactivated`);
  assert.ok(r.text.includes(html(ta('fi', 'admin.status-inactive'))));
  r = await sessionAdmin.post(`/fi/admin/users/${u.uuid}/activate`, { csrf });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT active FROM users WHERE id = ${u.id}`), '1');
  await signedIn(u);
});

test('an admin cannot deactivate themself', async () => {
  const csrf = await csrfOf(sessionAdmin);
  const r = await sessionAdmin.post(`/fi/admin/users/${admin.uuid}/deactivate`, { csrf });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'deactivate'), html(ta('fi', 'admin.err.self-deactivate')));
  assert.equal(sql(`SELECT active FROM users WHERE id = ${admin.id}`), '1');
  assert.equal((await sessionAdmin.req('/fi/admin/users/employees')).status, 200, 'still signed in');
});

// ---- Login links

test('a login link is shown once, signs the tablet in, and stops working when revoked', async () => {
  const csrf = await csrfOf(sessionAdmin);
  const nAudit = audits(A, 'user.login_link.issue');
  let r = await sessionAdmin.post(`/fi/admin/users/${customer.uuid}/login-link`, { csrf });
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(ta('fi', 'admin.link.once'))));
  const path = inputValue(r.text, 'new-link');
  assert.match(path, /^\/sv\/login\/[A-Za-z0-9_-]{16,128}$/, 'in the device language of the customer');
  assert.equal(audits(A, 'user.login_link.issue'), nAudit + 1);
  assert.ok(!sql(`SELECT detail FROM audit_log WHERE tenant_id = ${A.id} ORDER BY id DESC LIMIT 1`).includes(path.split('/').at(-1)),
    'the token is not in the audit log');
  // Not shown again.
  r = await sessionAdmin.req(`/fi/admin/users/${customer.uuid}`);
  assert.ok(!r.text.includes(path));
  assert.ok(r.text.includes(html(ta('fi', 'admin.link.issued'))));
  r = await sessionAdmin.req('/fi/admin/users/customers');
  assert.ok(r.text.includes(html(ta('fi', 'admin.link.issued'))));

  const tablet = new Client();
  r = await useLoginLink(tablet, path);
  assert.equal(r.status, 303);
  r = await tablet.req('/sv/');
  assert.ok(r.text.includes(html(`${customer.first} ${customer.last}`)), 'signed in as the customer');

  r = await sessionAdmin.post(`/fi/admin/users/${customer.uuid}/login-link/revoke`, { csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/fi/admin/users/${customer.uuid}?done=link-revoked`);
  assert.equal(audits(A, 'user.login_link.revoke'), 1);
  r = await new Client().req(path);
  assert.notEqual(r.status, 303, 'a revoked link signs nobody in');
  r = await tablet.req('/sv/');
  assert.ok(!r.text.includes(html(`${customer.first} ${customer.last}`)), 'the tablet session ended');
});

test('employees get no login link', async () => {
  const csrf = await csrfOf(sessionAdmin);
  const r = await sessionAdmin.post(`/fi/admin/users/${prof.uuid}/login-link`, { csrf });
  assert.equal(r.status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM login_links WHERE user_id = ${prof.id}`), '0');
});

// ---- Settings

const policyRow = () => sql(`SELECT CONCAT_WS(' ', p.hangup_presses, p.end_policy, p.default_capacity, p.warning_minutes, t.timezone, t.language)
  FROM tenants t LEFT JOIN tenant_policies p ON p.tenant_id = t.id WHERE t.id = ${A.id}`);

test('settings show the contract read-only and save the policies', async () => {
  let r = await sessionAdmin.req('/fi/admin/settings');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(ta('fi', 'admin.contract.title'))));
  assert.match(r.text, new RegExp(`${html(ta('fi', 'admin.contract.max'))}</th>\\s*<td>12</td>`));
  assert.ok(r.text.includes(html(ta('fi', 'admin.contract.minutes-value', '90'))));
  assert.ok(r.text.includes(html(ta('fi', 'admin.set.capacity-hint', '12'))));
  assert.equal(selected(r.text, 'timezone'), 'Europe/Helsinki');
  const csrf = await csrfOf(sessionAdmin);
  const nAudit = audits(A, 'tenant.settings');
  r = await sessionAdmin.post('/fi/admin/settings', {
    csrf, hangup: '1', end_policy: 'staff', capacity: '12', warning: '3', timezone: 'Europe/Stockholm', language: 'sv',
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/admin/settings?done=saved');
  assert.equal(policyRow(), '1 staff 12 3 Europe/Stockholm sv');
  assert.equal(audits(A, 'tenant.settings'), nAudit + 1);
  r = await sessionAdmin.req('/fi/admin/settings?done=saved');
  assert.ok(r.text.includes(html(ta('fi', 'admin.flash.saved'))));
  assert.equal(selected(r.text, 'hangup'), '1');
  assert.equal(selected(r.text, 'end_policy'), 'staff');
  assert.equal(inputValue(r.text, 'capacity'), '12');
  assert.equal(selected(r.text, 'timezone'), 'Europe/Stockholm');
  assert.equal(selected(r.text, 'language'), 'sv');
});

const badSettings = [
  ['a capacity above the contract', { capacity: '13' }, 'capacity', () => t('fi', 'contract.capacity').replace('{0}', '12')],
  ['a capacity that is not a number', { capacity: 'kymmenen' }, 'capacity', () => ta('fi', 'admin.err.capacity')],
  ['no capacity', { capacity: '' }, 'capacity', () => t('fi', 'err.required')],
  ['three presses', { hangup: '3' }, 'hangup', () => ta('fi', 'admin.err.hangup')],
  ['an unknown end policy', { end_policy: 'anyone' }, 'end_policy', () => ta('fi', 'admin.err.end-policy')],
  ['a warning of 31 minutes', { warning: '31' }, 'warning', () => ta('fi', 'admin.err.warning')],
  ['a warning of 0 minutes', { warning: '0' }, 'warning', () => ta('fi', 'admin.err.warning')],
  ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone', () => ta('fi', 'admin.err.timezone')],
  ['a path as the time zone', { timezone: '../../../etc/passwd' }, 'timezone', () => ta('fi', 'admin.err.timezone')],
  ['a zoneinfo file that is no zone', { timezone: 'zone.tab' }, 'timezone', () => ta('fi', 'admin.err.timezone')],
  ['an unknown language', { language: 'de' }, 'language', () => ta('fi', 'admin.err.language')],
];

for (const [what, change, field, msg] of badSettings) {
  test(`settings with ${what} are refused and nothing changes`, async () => {
    const csrf = await csrfOf(sessionAdmin);
    const before = policyRow();
    const nAudit = audits(A, 'tenant.settings');
    const fields = { csrf, hangup: '2', end_policy: 'creator', capacity: '5', warning: '10', timezone: 'Europe/Helsinki', language: 'en', ...change };
    const r = await sessionAdmin.post('/fi/admin/settings', fields);
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, field), html(msg()));
    assert.equal(inputValue(r.text, 'capacity'), fields.capacity);
    assert.equal(selected(r.text, 'timezone'), fields.timezone, 'the value sent is shown again');
    assert.ok(r.text.includes(`${html(ta('fi', 'admin.contract.max'))}</th>`), 'the contract still shows');
    assert.equal(policyRow(), before);
    assert.equal(audits(A, 'tenant.settings'), nAudit);
  });
}

// ---- The time zone (R-PO-2, R-EV-6)

/** The options of a select, in page order. */
function options(text, id) {
  const sel = text.match(new RegExp(`<select[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</select>`));
  assert.ok(sel, `select ${id} on the page`);
  return [...sel[1].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
}

/** The zones of the system's zone.tab, and UTC: what the list must offer. */
function systemZones() {
  const names = readFileSync('/usr/share/zoneinfo/zone.tab', 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[2]);
  return [...new Set([...names, 'UTC'])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Wall date and time of ms in zone tz: {date: 'YYYY-MM-DD', time: 'HH:MM', fi: 'D.M.YYYY klo H.MM'}. */
function wall(ms, tz) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`,
    fi: `${Number(p.day)}.${Number(p.month)}.${p.year} klo ${Number(p.hour)}.${p.minute}` };
}

const SLOT = 15 * 60 * 1000;
/** Now, away from a slot boundary, so that the server sees the same earliest slot. */
async function steadyNow() {
  for (;;) {
    const now = Date.now();
    const left = SLOT - (now % SLOT);
    if (left > 8000 && now % SLOT > 3000) return now;
    await new Promise((res) => setTimeout(res, Math.min(left, 8000) + 3500));
  }
}

test('the time zone is chosen from the system\'s zones, sorted: Helsinki, Stockholm, Mariehamn, London, UTC', async () => {
  const r = await sessionAdmin.req('/fi/admin/settings');
  const offered = options(r.text, 'timezone');
  const current = selected(r.text, 'timezone');
  assert.deepEqual(offered.filter((z) => z !== current || systemZones().includes(z)), systemZones());
  for (const z of ['Europe/Helsinki', 'Europe/Stockholm', 'Europe/Mariehamn', 'Europe/London', 'UTC']) {
    assert.ok(offered.includes(z), z);
  }
  assert.match(r.text, /<option value="America\/New_York">America\/New York<\/option>/, 'read with spaces');
  assert.match(r.text, /<select id="timezone" name="timezone" aria-describedby="timezone-hint">/);
});

test('a new time zone moves the event form\'s slots and an event\'s times by the zone offset', async () => {
  const Z = makeTenant();
  const adminZ = makeUser(Z, 'admin');
  const c = await signedIn(adminZ);
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${Z.id}, 'Aikatyyppi')`);
  const type = sql(`SELECT id FROM event_types WHERE tenant_id = ${Z.id}`);
  // an event in 40 days at 10:00 UTC
  const day = new Date(Date.now() + 40 * 86400000).toISOString().slice(0, 10);
  const at = Date.parse(`${day}T10:00:00Z`);
  const ev = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at, duration_minutes, room_id, status)
       VALUES ('${ev}', ${Z.id}, ${type}, ${adminZ.id}, 5, '${day} 10:00:00', '${day} 11:00:00', 60, 'room-${ev}', 'scheduled')`);
  const shown = async () => (await c.req(`/fi/ecare/events/${ev}`)).text.match(/<dd id="event-start"><time[^>]*>([^<]*)</)[1];
  const form = async () => {
    const now = await steadyNow();
    const f = (await c.req('/fi/ecare/events/new')).text;
    const date = f.match(/<input type="date" value="([^"]*)"/)[1];
    return { now, date, first: options(f, 'time')[0], time: selected(f, 'time'), hint: f };
  };

  assert.ok((await shown()).startsWith(`${wall(at, 'Europe/Helsinki').fi} `), 'Helsinki first');
  let f = await form();
  let earliest = Math.floor(f.now / SLOT) * SLOT + SLOT;
  assert.deepEqual([f.date, f.first, f.time], [wall(earliest, 'Europe/Helsinki').date, wall(earliest, 'Europe/Helsinki').time,
    wall(earliest, 'Europe/Helsinki').time]);

  const csrf = await csrfOf(c);
  const r = await c.post('/fi/admin/settings', { csrf, hangup: '2', end_policy: 'creator_admin', capacity: '5', warning: '5',
    timezone: 'Europe/London', language: 'fi' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT timezone FROM tenants WHERE id = ${Z.id}`), 'Europe/London');

  // Helsinki is two hours ahead of London all year (the two change on the same instant).
  const londonShown = await shown();
  assert.ok(londonShown.startsWith(`${wall(at, 'Europe/London').fi} `), `London now: ${londonShown}`);
  assert.ok(wall(at, 'Europe/London').fi.endsWith('klo 10.00') && wall(at, 'Europe/Helsinki').fi.endsWith('klo 12.00'));
  f = await form();
  earliest = Math.floor(f.now / SLOT) * SLOT + SLOT;
  assert.deepEqual([f.date, f.first, f.time], [wall(earliest, 'Europe/London').date, wall(earliest, 'Europe/London').time,
    wall(earliest, 'Europe/London').time]);
  const minutes = (w) => Date.parse(`${w.date}T${w.time}:00Z`) / 60000;
  assert.equal(minutes(wall(earliest, 'Europe/Helsinki')) - minutes({ date: f.date, time: f.first }), 120);
  assert.ok(f.hint.includes('Europe/London'), 'the form names the zone');
});

test('an unlisted zone is refused, unless it is the tenant\'s own already (kept as set)', async () => {
  const Z = makeTenant();
  const adminZ = makeUser(Z, 'admin');
  const c = await signedIn(adminZ);
  sql(`UPDATE tenants SET timezone = 'Europe/Kiev' WHERE id = ${Z.id}`); // an old name, set before the list
  let r = await c.req('/fi/admin/settings');
  assert.equal(selected(r.text, 'timezone'), 'Europe/Kiev', 'shown as it is');
  assert.ok(!systemZones().includes('Europe/Kiev'));
  const fields = { hangup: '2', end_policy: 'creator', capacity: '5', warning: '5', language: 'fi' };
  r = await c.post('/fi/admin/settings', { ...fields, csrf: await csrfOf(c), timezone: 'Europe/Kiev', warning: '6' });
  assert.equal(r.status, 303, 'saving the other settings keeps it');
  assert.equal(sql(`SELECT CONCAT(t.timezone, ' ', p.warning_minutes) FROM tenants t JOIN tenant_policies p ON p.tenant_id = t.id WHERE t.id = ${Z.id}`),
    'Europe/Kiev 6');
  for (const tz of ['Asia/Calcutta', 'Etc/GMT+5', 'posixrules', 'Europe/Helsinki ', 'europe/helsinki']) {
    r = await c.post('/fi/admin/settings', { ...fields, csrf: await csrfOf(c), timezone: tz });
    assert.equal(r.status, 422, tz);
    assert.equal(fieldError(r.text, 'timezone'), html(ta('fi', 'admin.err.timezone')), tz);
    assert.equal(sql(`SELECT timezone FROM tenants WHERE id = ${Z.id}`), 'Europe/Kiev', tz);
  }
  r = await c.post('/sv/admin/settings', { ...fields, csrf: await csrfOf(c), timezone: 'Mars/Olympus_Mons' });
  assert.equal(fieldError(r.text, 'timezone'), html(ta('sv', 'admin.err.timezone')), 'in the page language');
});

// ---- CSRF

test('a POST without the CSRF token is refused and changes nothing', async () => {
  const n = count(`tenant_id = ${A.id}`);
  const before = [policyRow(), userRow(operator.id)];
  const email = `${unique('csrf')}@example.org`.toLowerCase();
  for (const [path, fields] of [
    ['/fi/admin/users/new/employee', { ...good(), email }],
    ['/fi/admin/users/new/customer', { first: 'C', last: 'S', email, language: 'fi' }],
    [`/fi/admin/users/${operator.uuid}`, { first: 'X', last: 'Y', email: operator.email, role: 'admin' }],
    [`/fi/admin/users/${operator.uuid}/deactivate`, {}],
    [`/fi/admin/users/${customer.uuid}/login-link`, {}],
    ['/fi/admin/settings', { hangup: '1', end_policy: 'staff', capacity: '2', warning: '2', timezone: 'UTC', language: 'fi' }],
  ]) {
    let r = await sessionAdmin.post(path, fields);
    assert.equal(r.status, 403, path);
    r = await sessionAdmin.post(path, { ...fields, csrf: 'x'.repeat(43) });
    assert.equal(r.status, 403, `${path} with a wrong token`);
  }
  assert.equal(count(`tenant_id = ${A.id}`), n);
  assert.deepEqual([policyRow(), userRow(operator.id)], before);
});

test('Asetukset shows the running vvhome version and each component\'s schema version', async () => {
  const version = readFileSync(`${ROOT}/debian/changelog`, 'utf8').match(/^\S+ \(([^)]+)\)/)[1];
  const c = await signedIn(admin, 'en');
  const r = await c.req('/en/admin/settings');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(`>${html(ta('en', 'admin.about.version'))}</th>`));
  assert.match(r.text, new RegExp(`<td id="vvhome-version">${version.replace(/\./g, '\\.')}</td>`));
  const rows = sql("SELECT CONCAT(component, ' ', MAX(version)) FROM schema_migrations GROUP BY component" +
    " ORDER BY component = 'core' DESC, component").trim().split('\n');
  assert.ok(rows.length > 1 && rows[0].startsWith('core '));
  assert.match(r.text, new RegExp(`<td id="schema-versions">${rows.join(', ')}</td>`));
});
