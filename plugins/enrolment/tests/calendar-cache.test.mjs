// The customer's calendar kept in the workers' memory (calcache.c): every
// change it depends on, made through the app's own pages, shows on the next
// page. Each case opens the calendar several times before the change (so
// that the workers hold the week) and several times after it: a change path
// that did not write its change record (vv/changes.h) would leave some of
// the later pages showing the old week. No fixture is written between the
// two (lib.mjs sql() would announce it as a change itself).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfOf, html, login, makePartners, makeTenant, makeUser, sql, unique } from '../../../tests/http/lib.mjs';

const VIEWS = 8;
const CAL = '/fi/ecare/index/calendar';

async function signedIn(user) {
  const c = new Client();
  await login(c, user);
  return c;
}

/** POST with the client's CSRF token; fields as [name, value] pairs. */
async function send(c, path, pairs) {
  return c.post(path, [['csrf', await csrfOf(c)], ...pairs]);
}

/** The calendar VIEWS times over; every page's text. */
async function views(c) {
  const texts = [];
  for (let i = 0; i < VIEWS; i++) {
    const r = await c.req(CAL);
    assert.equal(r.status, 200);
    texts.push(r.text);
  }
  return texts;
}

const q = (s) => `'${s.replace(/'/g, "''")}'`;

/** An event two hours ahead (on today's page), straight in the database
 * (before the first view of the case: the fixture's own change record
 * does not matter then). */
function makeEvent(tenant, creator, typeId, name, { groupId = 'NULL', max = 5 } = {}) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status) VALUES ('${uuid}', ${tenant.id}, ${typeId}, ${groupId}, ${creator.id}, ${max},
       UTC_TIMESTAMP() + INTERVAL 2 HOUR, UTC_TIMESTAMP() + INTERVAL 3 HOUR, 60, ${q(unique('room'))}, 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(name)})`);
  return { id, uuid, name };
}

function makeType(tenant) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${uuid}', ${tenant.id}, ${q(unique('Tyyppi'))})`);
  return { uuid, id: Number(sql(`SELECT id FROM event_types WHERE uuid = '${uuid}'`)) };
}

let A, O, adminA, opA, adminO, cust, other, sAdminA, sOpA, sAdminO, sCust, sOther;
before(async () => {
  A = makeTenant();
  O = makeTenant({ contract: { sharing: true } });
  makePartners(O, A);
  adminA = makeUser(A, 'admin');
  opA = makeUser(A, 'operator');
  adminO = makeUser(O, 'admin');
  cust = makeUser(A, 'customer', { language: 'fi' });
  other = makeUser(A, 'customer', { language: 'fi' });
  [sAdminA, sOpA, sAdminO, sCust, sOther] = await Promise.all([adminA, opA, adminO, cust, other].map(signedIn));
});

test('a type assigned to a customer on its page shows its events on their next calendar', async () => {
  const type = makeType(A);
  const ev = makeEvent(A, adminA, type.id, unique('Tuolijumppa'));
  for (const text of await views(sCust)) assert.ok(!text.includes(html(ev.name)), 'not theirs yet');
  const r = await send(sAdminA, `/fi/admin/types/${type.uuid}/customers`, [['customer', cust.uuid]]);
  assert.equal(r.status, 303);
  for (const text of await views(sCust)) assert.ok(text.includes(html(ev.name)), 'assigned: on the calendar');
  // And taken off again, from the customer's side of the same choice.
  const off = await send(sAdminA, `/fi/admin/customers/${cust.uuid}/types`, []);
  assert.equal(off.status, 303);
  for (const text of await views(sCust)) assert.ok(!text.includes(html(ev.name)), 'taken off: gone');
});

test('an event renamed and moved on its edit page shows so on the next calendar', async () => {
  const type = makeType(A);
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${type.id}, ${cust.id}, ${A.id})`);
  const ev = makeEvent(A, adminA, type.id, unique('Vanha nimi'));
  for (const text of await views(sCust)) assert.ok(text.includes(html(ev.name)));
  const page = await sOpA.req(`/fi/ecare/events/${ev.uuid}/edit`);
  assert.equal(page.status, 200);
  const form = page.text.match(/<form method="post" action="\/fi\/ecare\/events\/[0-9a-f-]{36}\/edit"[\s\S]*?<\/form>/)[0];
  const body = new URLSearchParams();
  for (const m of form.matchAll(/<input\b([^>]*)>/g)) {
    const name = m[1].match(/name="([^"]*)"/)?.[1];
    const value = m[1].match(/value="([^"]*)"/)?.[1] ?? '';
    const box = /type="checkbox"/.test(m[1]);
    if (!name || (box && !/\bchecked\b/.test(m[1]))) continue;
    body.append(name, value.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
  }
  for (const m of form.matchAll(/<select\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    body.append(m[1], m[2].match(/<option value="([^"]*)" selected/)?.[1] ?? '');
  }
  const renamed = unique('Uusi nimi');
  body.set('name_fi', renamed);
  const r = await sOpA.req(`/fi/ecare/events/${ev.uuid}/edit`, { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, 'saved');
  assert.equal(sql(`SELECT name FROM event_texts WHERE event_id = ${ev.id} AND language = 'fi'`), renamed);
  for (const text of await views(sCust)) {
    assert.ok(text.includes(html(renamed)) && !text.includes(html(ev.name)), 'the new name, not the old');
  }
});

test('another customer enrolling changes the people count on the next calendar', async () => {
  const type = makeType(A);
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${type.id}, ${cust.id}, ${A.id}),
       (${type.id}, ${other.id}, ${A.id})`);
  const ev = makeEvent(A, adminA, type.id, unique('Laulu'));
  const people = (text) => text.match(new RegExp(`${html(ev.name)}</span>\\s*<span class="cal-people">([^<]*)<`))[1];
  const before = await views(sCust);
  const was = people(before[0]);
  for (const text of before) assert.equal(people(text), was);
  const r = await send(sOther, `/fi/ecare/index/event/${ev.uuid}/enrol`, []);
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT enrolled FROM events WHERE id = ${ev.id}`), '1');
  for (const text of await views(sCust)) assert.notEqual(people(text), was, 'the count moved');
});

test('a group shared and unshared by its organiser comes and goes on the next calendar', async () => {
  const gname = unique('Luennot');
  let r = await send(sAdminO, '/fi/admin/groups', [['group_name', gname]]);
  assert.equal(r.status, 303);
  const g = sql(`SELECT uuid FROM external_groups WHERE tenant_id = ${O.id} AND name = ${q(gname)}`);
  const gid = Number(sql(`SELECT id FROM external_groups WHERE uuid = '${g}'`));
  const typeO = makeType(O);
  const ev = makeEvent(O, adminO, typeO.id, unique('Luento'), { groupId: gid });
  r = await send(sAdminO, `/fi/admin/groups/${g}`, [['name', gname], ['tenant', A.uuid]]);
  assert.equal(r.status, 303, 'shared with A');
  for (const text of await views(sCust)) assert.ok(!text.includes(html(ev.name)), 'shared, not chosen for them');
  r = await send(sAdminA, `/fi/admin/shared/${g}/customers`, [['customer', cust.uuid]]);
  assert.equal(r.status, 303, 'A chooses it for the customer');
  for (const text of await views(sCust)) assert.ok(text.includes(html(ev.name)), 'chosen: on the calendar');
  r = await send(sAdminO, `/fi/admin/groups/${g}`, [['name', gname]]);
  assert.equal(r.status, 303, 'no longer shared');
  assert.equal(sql(`SELECT COUNT(*) FROM group_shares WHERE group_id = ${gid}`), '0');
  for (const text of await views(sCust)) assert.ok(!text.includes(html(ev.name)), 'unshared: gone');
});
