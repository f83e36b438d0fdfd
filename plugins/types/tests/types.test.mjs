// Tapahtumatyypit (plugin types): event types, who sees them, external
// groups of organisers and their shares, as admins, operators, other roles,
// other tenants and anonymous visitors meet them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, ROOT, get, html, login, csrfOf, makeTenant, makePartners, makeUser, sql, unique,
  fieldError, inputValue, ticked } from '../../../tests/http/lib.mjs';

/** Text of a types.* entry from xsl/i18n/types.<lang>.xml, with {0} filled. */
function tt(lang, key, arg) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/types.${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `types.${lang}.xml has ${key}`);
  const s = m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return arg === undefined ? s : s.replace('{0}', arg);
}

/** Text of a core catalogue entry. */
function tc(lang, key) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `${lang}.xml has ${key}`);
  return m[1];
}

async function signedIn(user, lang = 'fi') {
  const c = new Client();
  await login(c, user, lang);
  return c;
}

/** POST with the client's CSRF token; fields is an object or a list of pairs. */
async function send(c, path, fields = []) {
  const csrf = await csrfOf(c);
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  return c.post(path, [['csrf', csrf], ...pairs]);
}

const typeRow = (tenant, name) => sql(`SELECT uuid FROM event_types WHERE tenant_id = ${tenant.id} AND name = '${name.replace(/'/g, "''")}'`);
const typeCount = (tenant) => Number(sql(`SELECT COUNT(*) FROM event_types WHERE tenant_id = ${tenant.id}`));
const typeCustomers = (uuid) => sql(`SELECT tc.user_id FROM type_customers tc JOIN event_types t ON t.id = tc.type_id WHERE t.uuid = '${uuid}' ORDER BY tc.user_id`).split('\n').filter(Boolean).map(Number);
const groupCustomers = (uuid, tenant) => sql(`SELECT gc.user_id FROM group_customers gc JOIN external_groups g ON g.id = gc.group_id WHERE g.uuid = '${uuid}' AND gc.tenant_id = ${tenant.id} ORDER BY gc.user_id`).split('\n').filter(Boolean).map(Number);
const shares = (uuid) => sql(`SELECT s.tenant_id FROM group_shares s JOIN external_groups g ON g.id = s.group_id WHERE g.uuid = '${uuid}' ORDER BY s.tenant_id`).split('\n').filter(Boolean).map(Number);
const audits = (tenant, action) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${tenant.id} AND action = '${action}'`));
const sorted = (...ids) => ids.sort((a, b) => a - b);

/** Creates an event type through the page; returns its uuid. */
async function createType(c, tenant, name) {
  const r = await send(c, '/fi/admin/types', { name });
  assert.equal(r.status, 303, `create ${name}`);
  const uuid = typeRow(tenant, name);
  assert.match(uuid, /^[0-9a-f-]{36}$/);
  return uuid;
}

/** A scheduled event of the tenant in the future (or the past) using a type / group. */
function insertEvent(tenant, creator, typeId, { groupId = 'NULL', hoursFromNow = 24, status = 'scheduled' } = {}) {
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status) VALUES (UUID(), ${tenant.id}, ${typeId}, ${groupId}, ${creator.id}, 5,
       UTC_TIMESTAMP() + INTERVAL ${hoursFromNow} HOUR, UTC_TIMESTAMP() + INTERVAL ${hoursFromNow + 1} HOUR, 60,
       '${unique('room')}', '${status}')`);
}

let A, B, C, O, O2;
let adminA, operatorA, profA, custA1, custA2, custA3, adminB, custB1, custB2, adminC, custC, adminO, custO, adminO2;
let sA, sB, sC, sO;
before(async () => {
  A = makeTenant();
  B = makeTenant({ name: unique('Hoivakoti B') });
  C = makeTenant();
  O = makeTenant({ name: unique('Järjestäjä O'), contract: { sharing: true } });
  O2 = makeTenant({ contract: { sharing: true } });
  adminA = makeUser(A, 'admin');
  operatorA = makeUser(A, 'operator');
  profA = makeUser(A, 'professional');
  custA1 = makeUser(A, 'customer', { first: 'Aili', last: unique('Asiakas') });
  custA2 = makeUser(A, 'customer', { first: 'Arvo', last: unique('Asiakas') });
  custA3 = makeUser(A, 'customer', { first: 'Anni', last: unique('Asiakas') });
  adminB = makeUser(B, 'admin');
  custB1 = makeUser(B, 'customer', { first: 'Bertta', last: unique('Bee') });
  custB2 = makeUser(B, 'customer', { first: 'Bruno', last: unique('Bee') });
  adminC = makeUser(C, 'admin');
  custC = makeUser(C, 'customer', { first: 'Cecilia', last: unique('See') });
  adminO = makeUser(O, 'admin');
  custO = makeUser(O, 'customer', { first: 'Oona', last: unique('Oo') });
  adminO2 = makeUser(O2, 'admin');
  // The hosting provider lets O share with B and C (not with A, not with O2).
  makePartners(O, B);
  makePartners(C, O);
  [sA, sB, sC, sO] = await Promise.all([adminA, adminB, adminC, adminO].map((u) => signedIn(u)));
});

// ---- Event types: create, rename, delete

test('an admin creates, renames and deletes an event type', async () => {
  let r = await sA.req('/fi/admin/types');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(`<h1>${html(tt('fi', 'types.title'))}</h1>`));
  assert.ok(r.text.includes('Tapahtumatyypin luonti'), 'the guide\'s heading');
  assert.ok(r.text.includes(`>${tc('fi', 'form.submit')}</button>`), 'Lähetä');
  assert.match(r.text, /<label for="name">/);

  const name = unique('Jumppa');
  const before = audits(A, 'type.create');
  r = await send(sA, '/fi/admin/types', { name: `  ${name}  ` });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/admin/types?done=created');
  const uuid = typeRow(A, name);
  assert.ok(uuid, 'stored trimmed');
  assert.equal(audits(A, 'type.create'), before + 1);
  r = await sA.req('/fi/admin/types?done=created');
  assert.ok(r.text.includes(html(tt('fi', 'types.flash.created'))));
  assert.ok(r.text.includes(`<th scope="row">${html(name)}</th>`));
  assert.ok(r.text.includes(`/fi/admin/types/${uuid}/customers`));
  assert.ok(r.text.includes(`/fi/admin/types/${uuid}/delete`));

  // Rename
  r = await sA.req(`/fi/admin/types/${uuid}`);
  assert.equal(r.status, 200);
  assert.equal(inputValue(r.text, 'name'), name);
  const renamed = unique('Tuolijumppa');
  r = await send(sA, `/fi/admin/types/${uuid}`, { name: renamed });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT name FROM event_types WHERE uuid = '${uuid}'`), renamed);
  assert.equal(audits(A, 'type.rename'), 1);

  // Delete: a question first, then the POST
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) SELECT id, ${custA1.id}, ${A.id} FROM event_types WHERE uuid = '${uuid}'`);
  r = await sA.req(`/fi/admin/types/${uuid}/delete`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(`Poistetaanko tapahtumatyyppi ${renamed}?`)));
  assert.equal(sql(`SELECT COUNT(*) FROM event_types WHERE uuid = '${uuid}'`), '1', 'GET deletes nothing');
  r = await send(sA, `/fi/admin/types/${uuid}/delete`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/admin/types?done=deleted');
  assert.equal(sql(`SELECT COUNT(*) FROM event_types WHERE uuid = '${uuid}'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM type_customers WHERE tenant_id = ${A.id} AND user_id = ${custA1.id}`), '0',
    'its customer choices went with it');
  assert.equal(audits(A, 'type.delete'), 1);
});

test('empty, too long and taken names are refused next to the field, and nothing is stored', async () => {
  const taken = unique('Laulu');
  await createType(sA, A, taken);
  const n = typeCount(A);
  const cases = [
    ['', 'err.required', null],
    ['   ', 'err.required', null],
    ['x'.repeat(101), 'err.too-long', null],
    ['ä'.repeat(101), 'err.too-long', null],
    [taken, 'types.err.name-taken', null],
    [taken.toUpperCase(), 'types.err.name-taken', null],
    ['a\u0001b', 'err.invalid', null],
  ];
  for (const [name, key] of cases) {
    const r = await send(sA, '/fi/admin/types', { name });
    assert.equal(r.status, 422, JSON.stringify(name));
    const msg = key.startsWith('types.') ? tt('fi', key) : tc('fi', key);
    assert.equal(fieldError(r.text, 'name'), html(msg), key);
    assert.match(r.text, /class="error-summary"/);
    assert.match(r.text, /<a href="#name">/);
    assert.match(r.text, /aria-invalid="true"/);
    if (name.trim() && !name.includes('\u0001')) assert.equal(inputValue(r.text, 'name'), name, 'input kept');
    assert.equal(typeCount(A), n, `no row for ${JSON.stringify(name).slice(0, 20)}`);
  }
  // 100 characters (200 bytes) is fine.
  await createType(sA, A, 'ö'.repeat(100));

  // Renaming onto a taken name is refused too.
  const other = await createType(sA, A, unique('Muisti'));
  const r = await send(sA, `/fi/admin/types/${other}`, { name: taken });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'name'), html(tt('fi', 'types.err.name-taken')));
  assert.notEqual(sql(`SELECT name FROM event_types WHERE uuid = '${other}'`), taken);
  const r2 = await send(sA, `/fi/admin/types/${other}`, { name: '' });
  assert.equal(r2.status, 422);
  assert.equal(fieldError(r2.text, 'name'), html(tc('fi', 'err.required')));
});

test('a type with a scheduled future event cannot be deleted; past and cancelled ones do not block', async () => {
  const uuid = await createType(sA, A, unique('Bingo'));
  const id = Number(sql(`SELECT id FROM event_types WHERE uuid = '${uuid}'`));
  insertEvent(A, adminA, id, { hoursFromNow: -5 });
  insertEvent(A, adminA, id, { hoursFromNow: 24, status: 'cancelled' });
  insertEvent(A, adminA, id, { hoursFromNow: 24 });
  let r = await send(sA, `/fi/admin/types/${uuid}/delete`);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'delete'), html(tt('fi', 'types.err.type-in-use')));
  assert.equal(sql(`SELECT COUNT(*) FROM event_types WHERE uuid = '${uuid}'`), '1');
  sql(`UPDATE events SET status = 'cancelled' WHERE type_id = ${id}`);
  r = await send(sA, `/fi/admin/types/${uuid}/delete`);
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM event_types WHERE uuid = '${uuid}'`), '0');
});

// ---- Roles

test('operators, professionals and customers get 403 on every route; anonymous GETs go to the login page', async () => {
  const typeUuid = await createType(sA, A, unique('Roolit'));
  const gr = await send(sO, '/fi/admin/groups', { group_name: unique('Roolit') });
  assert.equal(gr.status, 303);
  const gets = ['/fi/admin/types', `/fi/admin/types/${typeUuid}`, `/fi/admin/types/${typeUuid}/delete`,
    `/fi/admin/types/${typeUuid}/customers`, `/fi/admin/customers/${custA1.uuid}/types`,
    `/fi/admin/groups/${typeUuid}`, `/fi/admin/groups/${typeUuid}/delete`, `/fi/admin/shared/${typeUuid}/customers`];
  const posts = ['/fi/admin/types', `/fi/admin/types/${typeUuid}`, `/fi/admin/types/${typeUuid}/delete`,
    `/fi/admin/types/${typeUuid}/customers`, `/fi/admin/customers/${custA1.uuid}/types`, '/fi/admin/groups',
    `/fi/admin/groups/${typeUuid}`, `/fi/admin/groups/${typeUuid}/delete`, `/fi/admin/shared/${typeUuid}/customers`];
  const n = typeCount(A);
  for (const u of [operatorA, profA, custA1]) {
    const c = await signedIn(u);
    for (const p of gets) assert.equal((await c.req(p)).status, 403, `${u.role} GET ${p}`);
    for (const p of posts) {
      const r = await send(c, p, { name: 'x', group_name: 'x', customer: custA1.uuid });
      assert.equal(r.status, 403, `${u.role} POST ${p}`);
    }
  }
  // The layout has no menu item for an operator.
  const op = await signedIn(operatorA);
  const page = await op.req('/fi/admin/users/employees');
  if (page.status === 200) assert.ok(!page.text.includes('/fi/admin/types"'), 'no Tapahtumatyypit link');
  for (const p of gets) {
    const r = await get(p);
    assert.equal(r.status, 303, `anonymous GET ${p}`);
    assert.equal(r.headers.get('location'), '/fi/login');
  }
  for (const p of posts) {
    const r = await new Client().post(p, { name: 'x' });
    assert.equal(r.status, 403, `anonymous POST ${p}`);
  }
  assert.equal(typeCount(A), n, 'nothing created');
  assert.equal(sql(`SELECT COUNT(*) FROM event_types WHERE uuid = '${typeUuid}'`), '1', 'nothing deleted');
});

// ---- Who sees a type (R-TY-2), both directions

test('an admin chooses exactly which of their customers see a type', async () => {
  const uuid = await createType(sA, A, unique('Kuoro'));
  let r = await sA.req(`/fi/admin/types/${uuid}/customers`);
  assert.equal(r.status, 200);
  for (const u of [custA1, custA2, custA3]) {
    assert.ok(r.text.includes(html(`${u.first} ${u.last}`)), u.last);
    assert.equal(ticked(r.text, `customer-${u.uuid}`), false);
    assert.ok(r.text.includes(`/fi/admin/customers/${u.uuid}/types`), 'link to the other direction');
  }
  // (the admin's own name is in the page header)
  for (const u of [custB1, custO, operatorA, profA]) assert.ok(!r.text.includes(u.last), `not ${u.role} ${u.last}`);
  assert.match(r.text, /<th scope="col">/);

  r = await send(sA, `/fi/admin/types/${uuid}/customers`, [['customer', custA1.uuid], ['customer', custA3.uuid], ['customer', custA1.uuid]]);
  assert.equal(r.status, 303);
  assert.deepEqual(typeCustomers(uuid), sorted(custA1.id, custA3.id));
  r = await sA.req(`/fi/admin/types/${uuid}/customers`);
  assert.equal(ticked(r.text, `customer-${custA1.uuid}`), true);
  assert.equal(ticked(r.text, `customer-${custA2.uuid}`), false);
  r = await sA.req('/fi/admin/types');
  assert.match(r.text, new RegExp(`<th scope="row">${html(sql(`SELECT name FROM event_types WHERE uuid='${uuid}'`))}</th>\\s*<td>2</td>`));

  r = await send(sA, `/fi/admin/types/${uuid}/customers`, [['customer', custA2.uuid]]);
  assert.equal(r.status, 303);
  assert.deepEqual(typeCustomers(uuid), [custA2.id], 'replaced, not added');
  const audited = audits(A, 'type.customers');

  // Another tenant's customer, a non-customer, garbage: refused whole, nothing stored.
  for (const bad of [custB1.uuid, operatorA.uuid, 'nonsense']) {
    r = await send(sA, `/fi/admin/types/${uuid}/customers`, [['customer', custA1.uuid], ['customer', bad]]);
    assert.equal(r.status, 422, bad);
    assert.equal(fieldError(r.text, 'customers'), html(tt('fi', 'types.err.unknown-customer')));
    assert.equal(ticked(r.text, `customer-${custA1.uuid}`), true, 'ticks kept');
    assert.ok(!r.text.includes(custB1.last));
    assert.deepEqual(typeCustomers(uuid), [custA2.id]);
  }
  assert.equal(audits(A, 'type.customers'), audited);

  r = await send(sA, `/fi/admin/types/${uuid}/customers`, []);
  assert.equal(r.status, 303);
  assert.deepEqual(typeCustomers(uuid), [], 'nobody');
});

test('per customer, an admin chooses exactly which types they see', async () => {
  const t1 = await createType(sA, A, unique('Tyyppi1'));
  const t2 = await createType(sA, A, unique('Tyyppi2'));
  const t3 = await createType(sA, A, unique('Tyyppi3'));
  // custA2 already sees t3; custA1's choice must not touch that.
  await send(sA, `/fi/admin/types/${t3}/customers`, [['customer', custA2.uuid]]);
  let r = await sA.req(`/fi/admin/customers/${custA1.uuid}/types`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(tt('fi', 'types.choose.customer', `${custA1.first} ${custA1.last}`))));
  for (const u of [t1, t2, t3]) assert.equal(ticked(r.text, `type-${u}`), false);
  r = await send(sA, `/fi/admin/customers/${custA1.uuid}/types`, [['type', t1], ['type', t3]]);
  assert.equal(r.status, 303);
  assert.deepEqual(typeCustomers(t1), [custA1.id]);
  assert.deepEqual(typeCustomers(t2), []);
  assert.deepEqual(typeCustomers(t3), sorted(custA1.id, custA2.id));
  r = await send(sA, `/fi/admin/customers/${custA1.uuid}/types`, [['type', t2]]);
  assert.equal(r.status, 303);
  assert.deepEqual(typeCustomers(t1), []);
  assert.deepEqual(typeCustomers(t2), [custA1.id]);
  assert.deepEqual(typeCustomers(t3), [custA2.id]);
  assert.ok(audits(A, 'customer.types') >= 2);

  // Another tenant's type is refused; nothing changes.
  const tb = await createType(sB, B, unique('B-tyyppi'));
  r = await send(sA, `/fi/admin/customers/${custA1.uuid}/types`, [['type', t1], ['type', tb]]);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'types'), html(tt('fi', 'types.err.unknown-type')));
  assert.deepEqual(typeCustomers(t2), [custA1.id]);
  assert.deepEqual(typeCustomers(tb), []);
});

test("another tenant's type, customer or group is 404 and nothing changes", async () => {
  const tb = await createType(sB, B, unique('Vieras'));
  const nameB = sql(`SELECT name FROM event_types WHERE uuid = '${tb}'`);
  await send(sB, `/fi/admin/types/${tb}/customers`, [['customer', custB1.uuid]]);
  for (const p of [`/fi/admin/types/${tb}`, `/fi/admin/types/${tb}/delete`, `/fi/admin/types/${tb}/customers`,
    `/fi/admin/customers/${custB1.uuid}/types`, `/fi/admin/customers/${operatorA.uuid}/types`,
    `/fi/admin/shared/${tb}/customers`, '/fi/admin/types/00000000-0000-4000-8000-000000000000']) {
    const r = await sA.req(p);
    assert.equal(r.status, 404, p);
    assert.ok(!r.text.includes(nameB), p);
  }
  for (const [p, f] of [[`/fi/admin/types/${tb}`, { name: 'Kaapattu' }], [`/fi/admin/types/${tb}/delete`, {}],
    [`/fi/admin/types/${tb}/customers`, { customer: custA1.uuid }], [`/fi/admin/customers/${custB1.uuid}/types`, {}]]) {
    assert.equal((await send(sA, p, f)).status, 404, `POST ${p}`);
  }
  assert.equal(sql(`SELECT name FROM event_types WHERE uuid = '${tb}'`), nameB);
  assert.deepEqual(typeCustomers(tb), [custB1.id]);
  const r = await sA.req('/fi/admin/types');
  assert.ok(!r.text.includes(nameB), 'not in the list');
});

// ---- External groups (R-TY-3, R-TY-4)

test('an organiser shares a group with B; B chooses its customers; C sees nothing', async () => {
  let r = await sO.req('/fi/admin/types');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(tt('fi', 'types.groups.title'))));
  assert.match(r.text, /<label for="group_name">/);
  r = await sA.req('/fi/admin/types');
  assert.ok(!r.text.includes('group_name'), 'no group form for a tenant that is not an organiser');

  const gname = unique('Kulttuuriryhmä');
  const created = audits(O, 'group.create'), updated = audits(O, 'group.update');
  r = await send(sO, '/fi/admin/groups', { group_name: gname });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/admin/types?done=group-created');
  const g = sql(`SELECT uuid FROM external_groups WHERE tenant_id = ${O.id} AND name = '${gname}'`);
  assert.match(g, /^[0-9a-f-]{36}$/);
  assert.equal(audits(O, 'group.create'), created + 1);

  // Bad names on the create form.
  const nGroups = sql(`SELECT COUNT(*) FROM external_groups WHERE tenant_id = ${O.id}`);
  for (const [name, msg] of [[gname, tt('fi', 'types.err.group-taken')], ['', tc('fi', 'err.required')],
    ['y'.repeat(101), tc('fi', 'err.too-long')]]) {
    r = await send(sO, '/fi/admin/groups', { group_name: name });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'group_name'), html(msg));
    assert.equal(inputValue(r.text, 'group_name'), name);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM external_groups WHERE tenant_id = ${O.id}`), nGroups);

  // The share page lists O's partners by name (either way the provider wrote
  // the pair), never O itself, never a tenant that is not a partner, never customers.
  r = await sO.req(`/fi/admin/groups/${g}`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(B.name)));
  assert.equal(ticked(r.text, `t-${B.uuid}`), false);
  assert.equal(ticked(r.text, `t-${C.uuid}`), false);
  for (const t of [O, A, O2]) assert.equal(ticked(r.text, `t-${t.uuid}`), undefined);
  assert.ok(!r.text.includes(custB1.last));

  // A value that is not another tenant is refused whole.
  r = await send(sO, `/fi/admin/groups/${g}`, [['name', gname], ['tenant', B.uuid], ['tenant', O.uuid]]);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'tenants'), html(tt('fi', 'types.err.unknown-tenant')));
  assert.deepEqual(shares(g), []);

  r = await send(sO, `/fi/admin/groups/${g}`, [['name', gname], ['tenant', B.uuid]]);
  assert.equal(r.status, 303);
  assert.deepEqual(shares(g), [B.id]);
  assert.equal(audits(O, 'group.update'), updated + 1);
  r = await sO.req('/fi/admin/types');
  // The organiser's list names whom the group is shared with.
  assert.match(r.text, new RegExp(`<th scope="row">${html(gname)}</th>\\s*<td><ul><li>${html(B.name)}</li></ul></td>`));

  // B sees it beside its own types, with the organiser's name, and chooses its customers.
  r = await sB.req('/fi/admin/types');
  assert.ok(r.text.includes(html(gname)));
  assert.ok(r.text.includes(html(O.name)));
  assert.ok(r.text.includes(`/fi/admin/shared/${g}/customers`));
  r = await sB.req(`/fi/admin/shared/${g}/customers`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(custB1.last)) && r.text.includes(html(custB2.last)));
  for (const u of [custO, custA1, custC]) assert.ok(!r.text.includes(u.last), 'only my customers');
  r = await send(sB, `/fi/admin/shared/${g}/customers`, [['customer', custB2.uuid]]);
  assert.equal(r.status, 303);
  assert.deepEqual(groupCustomers(g, B), [custB2.id]);
  assert.equal(audits(B, 'group.customers'), 1);
  // The organiser's customer cannot be slipped in.
  r = await send(sB, `/fi/admin/shared/${g}/customers`, [['customer', custB1.uuid], ['customer', custO.uuid]]);
  assert.equal(r.status, 422);
  assert.deepEqual(groupCustomers(g, B), [custB2.id]);

  // The other direction: per customer.
  r = await sB.req(`/fi/admin/customers/${custB1.uuid}/types`);
  assert.equal(ticked(r.text, `group-${g}`), false);
  r = await send(sB, `/fi/admin/customers/${custB1.uuid}/types`, [['group', g]]);
  assert.equal(r.status, 303);
  assert.deepEqual(groupCustomers(g, B), sorted(custB1.id, custB2.id));
  r = await sB.req(`/fi/admin/customers/${custB1.uuid}/types`);
  assert.equal(ticked(r.text, `group-${g}`), true);

  // The organiser never sees B's choices or customers.
  r = await sO.req(`/fi/admin/groups/${g}`);
  assert.ok(!r.text.includes(custB1.last) && !r.text.includes(custB2.last));
  assert.equal((await sO.req(`/fi/admin/shared/${g}/customers`)).status, 404, 'not shared with itself');

  // C: not shared, so 404 and not listed; a group id in C's customer form is refused.
  r = await sC.req('/fi/admin/types');
  assert.ok(!r.text.includes(html(gname)));
  assert.equal((await sC.req(`/fi/admin/shared/${g}/customers`)).status, 404);
  r = await send(sC, `/fi/admin/shared/${g}/customers`, [['customer', custC.uuid]]);
  assert.equal(r.status, 404);
  r = await send(sC, `/fi/admin/customers/${custC.uuid}/types`, [['group', g]]);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'groups'), html(tt('fi', 'types.err.unknown-group')));
  assert.deepEqual(groupCustomers(g, C), []);

  // Group routes: 403 for tenants that are not organisers, 404 for another organiser.
  for (const s of [sB, sA]) {
    assert.equal((await s.req(`/fi/admin/groups/${g}`)).status, 403);
    assert.equal((await s.req(`/fi/admin/groups/${g}/delete`)).status, 403);
    assert.equal((await send(s, '/fi/admin/groups', { group_name: unique('x') })).status, 403);
    assert.equal((await send(s, `/fi/admin/groups/${g}`, [['name', 'Kaapattu'], ['tenant', C.uuid]])).status, 403);
    assert.equal((await send(s, `/fi/admin/groups/${g}/delete`)).status, 403);
  }
  const sO2 = await signedIn(adminO2);
  assert.equal((await sO2.req(`/fi/admin/groups/${g}`)).status, 404);
  assert.equal((await send(sO2, `/fi/admin/groups/${g}`, [['name', 'Kaapattu'], ['tenant', C.uuid]])).status, 404);
  assert.equal((await send(sO2, `/fi/admin/groups/${g}/delete`)).status, 404);
  assert.equal(sql(`SELECT name FROM external_groups WHERE uuid = '${g}'`), gname);
  assert.deepEqual(shares(g), [B.id]);

  // Unsharing drops B's choices for the group.
  r = await send(sO, `/fi/admin/groups/${g}`, [['name', gname], ['tenant', C.uuid]]);
  assert.equal(r.status, 303);
  assert.deepEqual(shares(g), [C.id]);
  assert.deepEqual(groupCustomers(g, B), []);
  assert.equal((await sB.req(`/fi/admin/shared/${g}/customers`)).status, 404);
  assert.equal((await sC.req(`/fi/admin/shared/${g}/customers`)).status, 200);
});

test('an organiser renames and deletes a group; a scheduled future event keeps it', async () => {
  const gname = unique('Poistettava');
  await send(sO, '/fi/admin/groups', { group_name: gname });
  const g = sql(`SELECT uuid FROM external_groups WHERE tenant_id = ${O.id} AND name = '${gname}'`);
  const gid = Number(sql(`SELECT id FROM external_groups WHERE uuid = '${g}'`));
  await send(sO, `/fi/admin/groups/${g}`, [['name', `${gname}-2`], ['tenant', B.uuid]]);
  assert.equal(sql(`SELECT name FROM external_groups WHERE uuid = '${g}'`), `${gname}-2`);
  await send(sB, `/fi/admin/shared/${g}/customers`, [['customer', custB1.uuid]]);
  const typeO = await createType(sO, O, unique('O-tyyppi'));
  const typeId = Number(sql(`SELECT id FROM event_types WHERE uuid = '${typeO}'`));
  insertEvent(O, adminO, typeId, { groupId: gid, hoursFromNow: 48 });

  let r = await sO.req(`/fi/admin/groups/${g}/delete`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(`Poistetaanko ulkopuolinen ryhmä ${gname}-2?`)));
  r = await send(sO, `/fi/admin/groups/${g}/delete`);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'delete'), html(tt('fi', 'types.err.group-in-use')));
  assert.equal(sql(`SELECT COUNT(*) FROM external_groups WHERE uuid = '${g}'`), '1');

  sql(`UPDATE events SET status = 'cancelled' WHERE group_id = ${gid}`);
  r = await send(sO, `/fi/admin/groups/${g}/delete`);
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM external_groups WHERE uuid = '${g}'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM group_shares WHERE group_id = ${gid}`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM group_customers WHERE group_id = ${gid}`), '0');
  assert.equal(audits(O, 'group.delete'), 1);
  r = await sB.req('/fi/admin/types');
  assert.ok(!r.text.includes(html(`${gname}-2`)));
});

// ---- Languages

test('the pages speak Finnish, Swedish and English', async () => {
  const uuid = await createType(sO, O, unique('Kielet'));
  await send(sO, '/fi/admin/groups', { group_name: unique('Kieliryhmä') });
  const g = sql(`SELECT uuid FROM external_groups WHERE tenant_id = ${O.id} ORDER BY id DESC LIMIT 1`);
  for (const lang of ['fi', 'sv', 'en']) {
    let r = await sO.req(`/${lang}/admin/types`);
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<html lang="${lang}">`));
    for (const k of ['types.title', 'types.create', 'types.col.type', 'types.groups.title', 'types.groups.create', 'types.shared.title'])
      assert.ok(r.text.includes(html(tt(lang, k))), `${lang} ${k}`);
    assert.ok(r.text.includes(`>${html(tc(lang, 'form.submit'))}</button>`));
    r = await sO.req(`/${lang}/admin/types/${uuid}`);
    assert.ok(r.text.includes(html(tt(lang, 'types.edit.title'))), lang);
    r = await sO.req(`/${lang}/admin/types/${uuid}/customers`);
    assert.ok(r.text.includes(html(tt(lang, 'types.col.sees'))), lang);
    r = await sO.req(`/${lang}/admin/groups/${g}`);
    assert.ok(r.text.includes(html(tt(lang, 'types.group.shares'))), lang);
    r = await sO.req(`/${lang}/admin/customers/${custO.uuid}/types`);
    assert.ok(r.text.includes(html(tt(lang, 'types.choose.own-types'))), lang);
  }
  // The guide's Finnish words.
  const r = await sO.req('/fi/admin/types');
  for (const w of ['Tapahtumatyypit', 'Tapahtumatyypin luonti', 'Tapahtuman tyyppi', 'Ulkopuoliset ryhmät', 'Lähetä'])
    assert.ok(r.text.includes(html(w)), w);
});

// ---- Taking away sight of an event takes the customer out of it (and out of the alarm)

/** A running event (started a minute ago, one hour): scheduled and not ended. */
function runningEvent(tenant, creator, typeId, { groupId = 'NULL', max = 2 } = {}) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status) VALUES ('${uuid}', ${tenant.id}, ${typeId}, ${groupId}, ${creator.id}, ${max},
       UTC_TIMESTAMP() - INTERVAL 1 MINUTE, UTC_TIMESTAMP() + INTERVAL 1 HOUR, 60, '${unique('room')}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', '${unique('Luento')}')`);
  return { id, uuid };
}
/** A row as self-enrolment writes it (added_by NULL); legacy: as it wrote it before (the user's own id). */
function join(ev, user, status = 'enrolled', kind = 'customer', { legacy = false } = {}) {
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status, added_by)
       VALUES (${ev.id}, ${user.tenant.id}, ${user.id}, '${kind}', '${status}', ${legacy ? user.id : 'NULL'})`);
  sql(`UPDATE events SET enrolled = (SELECT COUNT(*) FROM event_participants WHERE event_id = ${ev.id}
       AND kind = 'customer' AND status = 'enrolled') WHERE id = ${ev.id}`);
}
const seat = (ev, user) => sql(`SELECT status FROM event_participants WHERE event_id = ${ev.id} AND user_id = ${user.id}`);
const enrolledCount = (ev) => Number(sql(`SELECT enrolled FROM events WHERE id = ${ev.id}`));
const realCount = (ev) => Number(sql(`SELECT COUNT(*) FROM event_participants WHERE event_id = ${ev.id}
  AND kind = 'customer' AND status = 'enrolled'`));
async function pollOf(user) {
  const r = await (await signedIn(user)).req('/fi/ecare/poll');
  assert.equal(r.status, 200);
  return JSON.parse(r.text).event;
}
/** Staff add a customer on Tiedot (plugin participants), as R-PA-2 says. */
async function addOnTiedot(c, ev, user) {
  const r = await send(c, `/fi/ecare/events/${ev.uuid}/participants`, { email: user.email });
  assert.equal(r.status, 303, `Tiedot adds ${user.email}`);
  assert.notEqual(sql(`SELECT IFNULL(added_by, 0) FROM event_participants WHERE event_id = ${ev.id}
    AND user_id = ${user.id}`), '0', 'the row says staff added it');
}
const revoked = (tenant, ev, user) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${tenant.id}
  AND action = 'enrolment.revoked' AND detail LIKE '%event=${ev.uuid}%' AND detail LIKE '%user=${user.uuid}%'`));

test('un-sharing a group takes the partner tenant\'s customers out of its coming events, not one staff added; the queue moves up', async () => {
  const Org = makeTenant({ contract: { sharing: true } });
  const P = makeTenant(), Q = makeTenant();
  const adminOrg = makeUser(Org, 'admin'), opOrg = makeUser(Org, 'operator');
  const adminQ = makeUser(Q, 'admin');
  const [p1, p2, p3] = [1, 2, 3].map(() => makeUser(P, 'customer'));
  const [q1, q2, q3] = [1, 2, 3].map(() => makeUser(Q, 'customer'));
  const own = makeUser(Org, 'customer');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${Org.id}, '${unique('Luennot')}')`);
  const type = Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${Org.id}`));
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${type}, ${own.id}, ${Org.id})`);
  const gname = unique('Jaettu');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES (UUID(), ${Org.id}, '${gname}')`);
  const g = Number(sql(`SELECT id FROM external_groups WHERE tenant_id = ${Org.id} AND name = '${gname}'`));
  const gUuid = sql(`SELECT uuid FROM external_groups WHERE id = ${g}`);
  makePartners(Org, P);
  makePartners(Org, Q);
  sql(`INSERT INTO group_shares (group_id, tenant_id) VALUES (${g}, ${P.id}), (${g}, ${Q.id})`);
  for (const u of [p1, p2, p3, q1, q2, q3]) {
    sql(`INSERT INTO group_customers (group_id, user_id, tenant_id) VALUES (${g}, ${u.id}, ${u.tenant.id})`);
  }
  const ev = runningEvent(Org, opOrg, type, { groupId: g, max: 2 });
  const later = runningEvent(Org, opOrg, type, { groupId: g, max: 5 });
  sql(`UPDATE events SET starts_at = starts_at + INTERVAL 2 DAY, ends_at = ends_at + INTERVAL 2 DAY WHERE id = ${later.id}`);
  const past = runningEvent(Org, opOrg, type, { groupId: g, max: 5 });
  sql(`UPDATE events SET starts_at = starts_at - INTERVAL 1 DAY, ends_at = ends_at - INTERVAL 1 DAY WHERE id = ${past.id}`);
  join(ev, p1, 'enrolled', 'customer', { legacy: true });
  join(ev, p2);
  join(ev, p3, 'waiting', 'customer', { legacy: true });
  join(ev, q1, 'waiting');
  join(ev, own, 'waiting');
  join(later, p1);
  join(past, p1);
  // The organiser's staff add their own customer, who has no type at all, to the later event.
  const added = makeUser(Org, 'customer');
  const sOrg = await signedIn(adminOrg);
  await addOnTiedot(sOrg, later, added);
  assert.equal(enrolledCount(ev), 2);
  assert.equal((await pollOf(p1))?.uuid, ev.uuid, 'enrolled through the share: alarmed');
  assert.equal(await pollOf(q1), null, 'waiting: not alarmed');

  // Q's admin takes q1 off the group: q1 leaves the queue of the organiser's event.
  const sQ = await signedIn(adminQ);
  let r = await send(sQ, `/fi/admin/shared/${gUuid}/customers`, [['customer', q2.uuid], ['customer', q3.uuid]]);
  assert.equal(r.status, 303);
  assert.equal(seat(ev, q1), '');
  assert.equal(revoked(Q, ev, q1), 1);
  assert.equal(revoked(Org, ev, q1), 1, 'the organiser sees it in its own log too');
  join(ev, q2, 'waiting');

  // The organiser stops sharing with P (keeps Q).
  r = await send(sOrg, `/fi/admin/groups/${gUuid}`, [['name', gname], ['tenant', Q.uuid]]);
  assert.equal(r.status, 303);
  for (const u of [p1, p2, p3]) assert.equal(seat(ev, u), '', 'P\'s customers are out of the event');
  assert.equal(seat(later, p1), '', 'and out of the later one');
  assert.equal(seat(past, p1), 'enrolled', 'an event that is over keeps its history');
  assert.equal(await pollOf(p1), null, 'no alarm for P\'s customer');
  // The first waiting customer who still sees the event (own, then q2) moves in.
  assert.equal(seat(ev, own), 'enrolled');
  assert.equal(seat(ev, q2), 'enrolled');
  assert.equal(enrolledCount(ev), 2);
  assert.equal(realCount(ev), 2);
  assert.equal(seat(later, added), 'enrolled', 'the customer staff added stays');
  assert.equal(enrolledCount(later), 1, 'the count dropped to that one');
  assert.equal((await pollOf(q2))?.uuid, ev.uuid);
  assert.equal((await pollOf(own))?.uuid, ev.uuid);
  for (const u of [p1, p2, p3]) assert.equal(revoked(Org, ev, u), 1, 'audited with the uuids');
  for (const u of [p1, p2, p3]) assert.equal(revoked(P, ev, u), 1, 'and in the partner\'s log');
  const promoted = (tenant) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${tenant.id}
    AND action = 'enrolment.promote' AND detail LIKE '%event=${ev.uuid}%'`));
  assert.equal(promoted(Org), 2, 'both moves into the seats, in the organiser\'s log');
  assert.equal(promoted(Q), 1, 'q2\'s in Q\'s log');
  assert.equal(revoked(Org, later, p1), 1);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'enrolment.revoked'
    AND (detail LIKE '%${p1.email}%' OR detail LIKE '%@%')`)), 0, 'never an e-mail');
});

test('unassigning a type (per type or per customer) takes the customer out of its coming events, not one staff added; the queue moves up', async () => {
  const T = makeTenant();
  const adminT = makeUser(T, 'admin'), opT = makeUser(T, 'operator'), profT = makeUser(T, 'professional');
  const [c1, c2, c3, c4, c5, c6] = [1, 2, 3, 4, 5, 6].map(() => makeUser(T, 'customer'));
  const sT = await signedIn(adminT);
  const type = await createType(sT, T, unique('Jumppa'));
  const typeId = Number(sql(`SELECT id FROM event_types WHERE uuid = '${type}'`));
  const other = await createType(sT, T, unique('Musiikki'));
  const otherId = Number(sql(`SELECT id FROM event_types WHERE uuid = '${other}'`));
  let r = await send(sT, `/fi/admin/types/${type}/customers`, [c1, c2, c3, c4, c6].map((u) => ['customer', u.uuid]));
  assert.equal(r.status, 303);
  r = await send(sT, `/fi/admin/types/${other}/customers`, [['customer', c1.uuid]]);
  assert.equal(r.status, 303);
  const ev = runningEvent(T, opT, typeId, { max: 1 });
  const music = runningEvent(T, opT, otherId, { max: 1 });
  join(ev, c1);
  join(ev, c2, 'waiting');
  join(ev, c3, 'waiting');
  join(ev, profT, 'enrolled', 'staff');
  join(music, c1);
  assert.ok([ev.uuid, music.uuid].includes((await pollOf(c1))?.uuid), 'assigned and enrolled: alarmed');
  // Staff add c5 (never assigned) and c6 (assigned, about to lose it) on Tiedot; c3 and c2
  // enrolled themselves (c3 in a row as self-enrolment wrote it before).
  const added = runningEvent(T, opT, typeId, { max: 5 });
  await addOnTiedot(sT, added, c5);
  await addOnTiedot(sT, added, c6);
  join(added, c3, 'enrolled', 'customer', { legacy: true });
  join(added, c2);
  assert.equal((await pollOf(c5))?.uuid, added.uuid, 'staff added, not assigned: alarmed');

  // Per type: c1 and c3 are taken off; c1 leaves, and c2 (still assigned) takes the seat, not c3.
  r = await send(sT, `/fi/admin/types/${type}/customers`, [['customer', c2.uuid], ['customer', c4.uuid]]);
  assert.equal(r.status, 303);
  assert.equal(seat(ev, c1), '');
  assert.equal(seat(ev, c3), '');
  assert.equal(seat(ev, c2), 'enrolled');
  assert.equal(seat(ev, profT), 'enrolled', 'staff stay');
  assert.equal(seat(music, c1), 'enrolled', 'another type\'s event is untouched');
  assert.equal(enrolledCount(ev), 1);
  assert.equal(realCount(ev), 1);
  assert.equal((await pollOf(c1))?.uuid, music.uuid, 'alarmed only for what they still see');
  // c2 is in both running events of the type: either may ring.
  assert.ok([ev.uuid, added.uuid].includes((await pollOf(c2))?.uuid));
  assert.equal((await pollOf(profT))?.uuid, ev.uuid, 'staff of the tenant are still alarmed');
  assert.equal(revoked(T, ev, c1), 1);
  assert.equal(revoked(T, ev, c3), 1);
  assert.equal(seat(added, c3), '', 'a self-enrolled customer who lost the type leaves');
  assert.equal(revoked(T, added, c3), 1);
  assert.equal(seat(added, c6), 'enrolled', 'one staff added stays though the type is gone');
  assert.equal(seat(added, c5), 'enrolled', 'so does one who never had it');
  assert.equal(revoked(T, added, c6) + revoked(T, added, c5), 0);
  assert.equal(enrolledCount(added), 3);
  assert.equal((await pollOf(c5))?.uuid, added.uuid, 'and is still alarmed');

  // Per customer: c2 loses every type; c4 waits and moves in.
  join(ev, c4, 'waiting');
  r = await send(sT, `/fi/admin/customers/${c2.uuid}/types`, []);
  assert.equal(r.status, 303);
  assert.equal(seat(ev, c2), '');
  assert.equal(seat(ev, c4), 'enrolled');
  assert.equal(enrolledCount(ev), 1);
  assert.equal(await pollOf(c2), null);
  assert.equal((await pollOf(c4))?.uuid, ev.uuid);
  assert.equal(revoked(T, ev, c2), 1);
  assert.equal(seat(added, c2), '');
  for (const u of [c5, c6]) assert.equal(seat(added, u), 'enrolled');
  assert.equal(enrolledCount(added), 2);
  assert.equal(realCount(added), 2);
  // Per customer, for one staff added: they stay.
  r = await send(sT, `/fi/admin/customers/${c5.uuid}/types`, [['type', other]]);
  assert.equal(r.status, 303);
  r = await send(sT, `/fi/admin/customers/${c5.uuid}/types`, []);
  assert.equal(r.status, 303);
  assert.equal(seat(added, c5), 'enrolled');
  // Staff remove them on Tiedot as before.
  const pid = sql(`SELECT id FROM event_participants WHERE event_id = ${added.id} AND user_id = ${c5.id}`);
  r = await send(sT, `/fi/ecare/events/${added.uuid}/participants/${pid}/remove`);
  assert.equal(r.status, 303);
  assert.equal(seat(added, c5), '');
  assert.equal(await pollOf(c5), null);
  // Saving the same choices again changes nothing.
  r = await send(sT, `/fi/admin/customers/${c4.uuid}/types`, [['type', type]]);
  assert.equal(r.status, 303);
  assert.equal(seat(ev, c4), 'enrolled');
  assert.equal(enrolledCount(ev), 1);
});
