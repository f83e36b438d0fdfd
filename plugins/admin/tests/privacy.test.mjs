// Tietosuoja (issue 15): a person's data as a JSON download, erasing a
// customer (personal data gone from the whole database, attendance and
// audit rows kept), and the organisation's audit log page.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, VAR, login, csrfOf, useLoginLink, makeTenant, makeUser, sql, unique, fieldError, inputValue }
  from '../../../tests/http/lib.mjs';

function tx(lang, key, arg) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/admin.${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `admin.${lang}.xml has ${key}`);
  const s = m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return arg === undefined ? s : s.replace('{0}', arg);
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;')
  .replace(/"/g, '&quot;');
const has = (text, s) => text.includes(s) || text.includes(esc(s));
const dump = () => execFileSync('mariadb-dump', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '--skip-extended-insert',
  'vvhome'], { encoding: 'utf8', maxBuffer: 1 << 28 });

let A, B, admin, adminB, operator, customer, sAdmin, sAdminB, tablet, typeId;

/** An event of tenant A with the customer in it; ends in the past or not. */
function eventWith(user, { past }) {
  const uuid = randomUUID();
  const when = past ? 'UTC_TIMESTAMP() - INTERVAL 3 DAY' : 'UTC_TIMESTAMP() + INTERVAL 3 DAY';
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at, duration_minutes, room_id, enrolled)
       VALUES ('${uuid}', ${A.id}, ${typeId}, ${admin.id}, 10, ${when}, ${when} + INTERVAL 1 HOUR, 60, '${uuid.slice(0, 8)}', 1)`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', 'Jumppa ${uuid.slice(0, 4)}')`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind) VALUES (${id}, ${A.id}, ${user.id}, 'customer')`);
  return { uuid, id };
}

before(async () => {
  A = makeTenant();
  B = makeTenant();
  admin = makeUser(A, 'admin');
  operator = makeUser(A, 'operator');
  adminB = makeUser(B, 'admin');
  customer = makeUser(A, 'customer', { first: 'Elsa', last: unique('Poistettava'), language: 'fi' });
  sAdmin = new Client();
  await login(sAdmin, admin);
  sAdminB = new Client();
  await login(sAdminB, adminB);
  const tuuid = randomUUID();
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${tuuid}', ${A.id}, '${unique('Tyyppi')}')`);
  typeId = Number(sql(`SELECT id FROM event_types WHERE uuid = '${tuuid}'`));
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeId}, ${customer.id}, ${A.id})`);
  const csrf = await csrfOf(sAdmin, `/fi/admin/users/${customer.uuid}`);
  const r = await sAdmin.post(`/fi/admin/users/${customer.uuid}/login-link`, { csrf });
  tablet = new Client();
  assert.equal((await useLoginLink(tablet, inputValue(r.text, 'new-link'))).status, 303);
});

test("the customer page offers the data download, the person's log entries and erasure", async () => {
  const r = await sAdmin.req(`/fi/admin/users/${customer.uuid}`);
  assert.ok(has(r.text, tx('fi', 'admin.privacy.title')));
  assert.ok(r.text.includes(`href="/fi/admin/users/${customer.uuid}/export"`));
  assert.ok(r.text.includes(`href="/fi/admin/users/${customer.uuid}/erase"`));
  const e = await sAdmin.req(`/fi/admin/users/${operator.uuid}`);
  assert.ok(e.text.includes(`/admin/users/${operator.uuid}/export`), 'an employee can be exported');
  assert.ok(!e.text.includes(`/admin/users/${operator.uuid}/erase`), 'but not erased here');
});

test("the export is a JSON download of the person's account, devices, types, participations and log", async () => {
  const past = eventWith(customer, { past: true });
  const before = Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'user.export'`));
  const r = await sAdmin.req(`/fi/admin/users/${customer.uuid}/export`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="person-[0-9a-f-]{36}\.json"$/);
  const j = JSON.parse(r.text);
  assert.equal(j.account.email, customer.email);
  assert.equal(j.account.last_name, customer.last);
  assert.equal(j.sessions.length, 1);
  assert.equal(j.sessions[0].kind, 'link');
  assert.equal(j.login_links.length, 1);
  assert.equal(j.event_types.length, 1);
  assert.ok(j.participations.some((p) => p.event === past.uuid && p.status === 'enrolled'));
  assert.ok(j.audit.some((a) => a.action === 'user.login_link.issue'), 'the log rows about them');
  assert.ok(j.audit.some((a) => a.action === 'auth.login_link' && a.by_them === '1'), 'and their own');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'user.export'`)), before + 1);
  // Nobody else's: another tenant's admin and an operator get nothing.
  assert.equal((await sAdminB.req(`/fi/admin/users/${customer.uuid}/export`)).status, 404);
  const op = new Client();
  await login(op, operator);
  assert.equal((await op.req(`/fi/admin/users/${customer.uuid}/export`)).status, 403);
});

test('erasing asks for confirmation, refuses while the customer is in a coming event, and changes nothing then', async () => {
  const page = await sAdmin.req(`/fi/admin/users/${customer.uuid}/erase`);
  assert.equal(page.status, 200);
  assert.ok(has(page.text, tx('fi', 'admin.erase.who', `${customer.first} ${customer.last}`)));
  const csrf = await csrfOf(sAdmin, `/fi/admin/users/${customer.uuid}/erase`);
  let r = await sAdmin.post(`/sv/admin/users/${customer.uuid}/erase`, { csrf });
  assert.equal(r.status, 422);
  assert.ok(has(fieldError(r.text, 'confirm'), tx('sv', 'admin.err.erase-confirm')));
  const coming = eventWith(customer, { past: false });
  r = await sAdmin.post(`/fi/admin/users/${customer.uuid}/erase`, { csrf, confirm: 'yes' });
  assert.equal(r.status, 422);
  assert.ok(has(fieldError(r.text, 'confirm'), tx('fi', 'admin.err.erase-busy')));
  assert.equal(sql(`SELECT CONCAT(email, ' ', active) FROM users WHERE id = ${customer.id}`), `${customer.email} 1`);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sessions WHERE user_id = ${customer.id}`)), 1, 'nothing changed');
  sql(`DELETE FROM event_participants WHERE event_id = ${coming.id}`);
});

test("after erasure a dump of the database has neither the customer's name nor e-mail; attendance and log stay", async () => {
  sql(`INSERT INTO mail_outbox (tenant_id, kind, to_addr, to_name, subject, body_text)
       VALUES (${A.id}, 'test', '${customer.email}', '${customer.first} ${customer.last}', 'Hei', 'Hei ${customer.last}')`);
  assert.ok(dump().includes(customer.last), 'the dump had the name before');
  const pastParts = Number(sql(`SELECT COUNT(*) FROM event_participants WHERE user_id = ${customer.id}`));
  const csrf = await csrfOf(sAdmin, `/fi/admin/users/${customer.uuid}/erase`);
  const r = await sAdmin.post(`/fi/admin/users/${customer.uuid}/erase`, { csrf, confirm: 'yes' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/admin/users/customers?done=erased');
  const list = await sAdmin.req(r.headers.get('location'));
  assert.ok(has(list.text, tx('fi', 'admin.flash.erased')));
  const d = dump();
  assert.ok(!d.includes(customer.last), 'no name in the dump');
  const left = d.split('\n').filter((l) => l.toLowerCase().includes(customer.email.toLowerCase()));
  assert.deepEqual(left.map((l) => l.slice(0, 300)), [], 'no e-mail in the dump');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM users WHERE id = ${customer.id} AND active = 0`)), 1, 'the row stays, inactive');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM event_participants WHERE user_id = ${customer.id}`)), pastParts,
    'past participation kept');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM type_customers WHERE user_id = ${customer.id}`)), 0);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'user.erase'
                           AND detail = 'user=${customer.uuid}'`)), 1, 'audited');
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%${customer.uuid}%'`)) > 2, 'old log rows kept');
  // The tablet is signed out at once.
  assert.equal((await tablet.req('/fi/ecare/index/calendar')).headers.get('location'), '/fi/signed-out');
});

// ---- Tapahtumaloki

test('the audit log shows who did what, filtered by action and by person, in each language', async () => {
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await sAdmin.req(`/${lang}/admin/audit`);
    assert.equal(r.status, 200);
    assert.ok(has(r.text, `<h1>${tx(lang, 'nav.audit')}</h1>`), lang);
  }
  const r = await sAdmin.req(`/fi/admin/audit?action=user.erase&person=${customer.uuid}`);
  assert.equal(r.status, 200);
  const rows = [...r.text.matchAll(/<tr>\s*<td>([\s\S]*?)<\/tr>/g)].map((m) => m[0]);
  assert.equal(rows.length, 1, 'the one erasure');
  assert.ok(rows[0].includes(`${admin.first} ${admin.last}`), 'by the admin');
  assert.ok(rows[0].includes('<code>user.erase</code>'));
  // Another tenant's log is not here.
  const b = await sAdminB.req('/fi/admin/audit?action=user.erase');
  assert.ok(b.text.includes('id="audit-none"'));
  // Staff who are not admins: no log.
  const op = new Client();
  await login(op, operator);
  assert.equal((await op.req('/fi/admin/audit')).status, 403);
});

test('the audit log pages 50 rows at a time, newest first', async () => {
  const T = makeTenant();
  const adm = makeUser(T, 'admin');
  const c = new Client();
  await login(c, adm);
  const values = Array.from({ length: 60 }, (_, i) =>
    `(${T.id}, ${adm.id}, 'test.row', 'n=${i}', UTC_TIMESTAMP() - INTERVAL ${100 - i} MINUTE)`).join(',');
  sql(`INSERT INTO audit_log (tenant_id, user_id, action, detail, created_at) VALUES ${values}`);
  const p1 = await c.req('/en/admin/audit?action=test.row');
  const n1 = [...p1.text.matchAll(/>n=(\d+)</g)].map((m) => Number(m[1]));
  assert.equal(n1.length, 50);
  assert.equal(n1[0], 59, 'newest first');
  assert.ok(p1.text.includes('id="audit-older"'));
  const p2 = await c.req('/en/admin/audit?action=test.row&person=&page=2');
  const n2 = [...p2.text.matchAll(/>n=(\d+)</g)].map((m) => Number(m[1]));
  assert.deepEqual(n2, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  assert.ok(!p2.text.includes('id="audit-older"'));
  assert.ok(p2.text.includes('id="audit-newer"'));
});

test('a bad filter gets a message next to the field and a 422', async () => {
  let r = await sAdmin.req('/en/admin/audit?action=' + encodeURIComponent("x' OR 1=1"));
  assert.equal(r.status, 422);
  assert.ok(has(fieldError(r.text, 'action'), tx('en', 'admin.err.audit-action')));
  r = await sAdmin.req(`/fi/admin/audit?person=${adminB.uuid}`);
  assert.equal(r.status, 422, "another tenant's person");
  assert.ok(has(fieldError(r.text, 'person'), tx('fi', 'admin.err.audit-person')));
  r = await sAdmin.req('/sv/admin/audit?page=0');
  assert.equal(r.status, 422);
  assert.ok(has(fieldError(r.text, 'page'), tx('sv', 'admin.err.audit-page')));
});
