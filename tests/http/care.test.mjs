// The shared care domain (core/domain/care.c, vv/care.h) as the pages meet
// it: one participant count on every page, and one waiting-list promotion
// with the same audit row whichever change freed the seat.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfOf, html, login, makePartners, makeTenant, makeUser, sql, t, unique } from './lib.mjs';

const sessions = new Map();
async function as(user) {
  if (!sessions.has(user.email)) {
    const c = new Client();
    await login(c, user);
    sessions.set(user.email, c);
  }
  return sessions.get(user.email);
}
/** POST with the client's CSRF token. */
async function send(c, path, fields = []) {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  return c.post(path, [['csrf', await csrfOf(c)], ...pairs]);
}

function makeType(tenant) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${uuid}', ${tenant.id}, '${unique('Tyyppi')}')`);
  return { id: Number(sql(`SELECT id FROM event_types WHERE uuid = '${uuid}'`)), uuid };
}
const assign = (type, user) =>
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${type.id}, ${user.id}, ${user.tenant.id})`);

/** A scheduled event tomorrow (on the calendar's first page), named in Finnish. */
function makeEvent(tenant, creator, type, { max = 5, group = null } = {}) {
  const uuid = sql('SELECT UUID()');
  const name = unique('Tuolijumppa');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id, status)
       VALUES ('${uuid}', ${tenant.id}, ${type.id}, ${group ?? 'NULL'}, ${creator.id}, ${max},
         UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY + INTERVAL 1 HOUR, 60,
         '${unique('room')}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', '${name}')`);
  return { id, uuid, name };
}
const rowOf = (ev, user) => sql(`SELECT id FROM event_participants WHERE event_id = ${ev.id} AND user_id = ${user.id}`);
const statusOf = (ev, user) => sql(`SELECT status FROM event_participants WHERE event_id = ${ev.id} AND user_id = ${user.id}`);

async function enrol(user, ev, waitlist = false) {
  const r = await send(await as(user), `/fi/ecare/index/event/${ev.uuid}/enrol`, waitlist ? { waitlist: '1' } : {});
  assert.equal(r.status, 303, `${user.email} enrols`);
}
async function addOnTiedot(op, ev, fields) {
  const r = await send(await as(op), `/fi/ecare/events/${ev.uuid}/participants`, fields);
  assert.ok(r.status === 303 || r.status === 200, `Tiedot adds ${fields.email} (${r.status})`);
}

let T, op, prof, c1, c2, c3, type;
before(() => {
  T = makeTenant();
  op = makeUser(T, 'operator');
  prof = makeUser(T, 'professional');
  [c1, c2, c3] = [1, 2, 3].map(() => makeUser(T, 'customer', { language: 'fi' }));
  type = makeType(T);
  for (const c of [c1, c2, c3]) assign(type, c);
});

test('Muokkaa kalenteria, Tiedot, the calendar and the event page show the same Osallistujamäärä: customers, staff and guests taking part, not the waiting list', async () => {
  const ev = makeEvent(T, op, type, { max: 2 });
  await enrol(c1, ev);
  await enrol(c2, ev);
  await enrol(c3, ev, true); // full: the waiting list, not counted
  assert.equal(statusOf(ev, c3), 'waiting');
  await addOnTiedot(op, ev, { email: prof.email }); // a staff member
  await addOnTiedot(op, ev, { email: `${unique('vieras')}@example.org`, first_name: 'Vieno', last_name: 'Vieras' });
  const people = 4; // two customers, the staff member, the guest

  const list = await (await as(op)).req('/fi/ecare/events');
  const row = list.text.match(new RegExp(`<th scope="row">${ev.name}</th>\\s*<td>[^<]*</td>\\s*<td>(\\d+)</td>`));
  assert.ok(row, 'the event on Muokkaa kalenteria');
  assert.equal(Number(row[1]), people, 'Muokkaa kalenteria');

  const details = await (await as(op)).req(`/fi/ecare/events/${ev.uuid}`);
  assert.equal(details.status, 200);
  assert.match(details.text, new RegExp(`id="event-enrolled">${people}<`), 'Tiedot');
  assert.ok(details.text.includes(html(t('fi', 'participants.customers').replace('{0}', '2 / 2'))),
    'Tiedot: the seats the maximum limits are the customers\'');

  const said = html(t('fi', 'enrol.people').replace('{0}', String(people)));
  const page = await (await as(c1)).req(`/fi/ecare/index/event/${ev.uuid}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`id="event-people">${said}<`), 'the event page');
  assert.ok(page.text.includes(html(t('fi', 'enrol.seats-none'))), 'and no seats left: 2 of 2 customers');

  const cal = await (await as(c1)).req('/fi/ecare/index/calendar');
  const card = cal.text.match(new RegExp(`data-event="${ev.uuid}"[\\s\\S]*?</a>`));
  assert.ok(card, 'the event on the calendar');
  assert.ok(card[0].includes(`class="cal-people">${said}<`), 'the calendar');

  const staffCal = await (await as(prof)).req('/fi/ecare/index/calendar');
  const staffCard = staffCal.text.match(new RegExp(`data-event="${ev.uuid}"[\\s\\S]*?</a>`));
  assert.ok(staffCard && staffCard[0].includes(said), 'the same on staff\'s calendar');
});

/** The promotion rows of an event, all tenants: [tenant, user, detail]. */
const promotions = (ev) => sql(`SELECT CONCAT(tenant_id, ' ', IFNULL(user_id, '-'), ' ', detail) FROM audit_log
  WHERE action = 'enrolment.promote' AND detail LIKE '%event=${ev.uuid}%' ORDER BY id`).split('\n').filter(Boolean);
/** The one row every path writes: in the event's tenant, by whoever freed the seat. */
const expected = (tenant, actor, ev, row) => `${tenant.id} ${actor.id} event=${ev.uuid} participant=${row}`;

test('a seat freed by a cancellation promotes the first waiting customer with the one audit row', async () => {
  const ev = makeEvent(T, op, type, { max: 1 });
  await enrol(c1, ev);
  await enrol(c2, ev, true);
  const r = await send(await as(c1), `/fi/ecare/index/event/${ev.uuid}/cancel`);
  assert.equal(r.status, 303);
  assert.equal(statusOf(ev, c2), 'enrolled');
  assert.deepEqual(promotions(ev), [expected(T, c1, ev, rowOf(ev, c2))]);
});

test('a seat freed by removing a participant on Tiedot promotes with the same audit row', async () => {
  const ev = makeEvent(T, op, type, { max: 1 });
  await enrol(c1, ev);
  await enrol(c2, ev, true);
  const r = await send(await as(op), `/fi/ecare/events/${ev.uuid}/participants/${rowOf(ev, c1)}/remove`);
  assert.equal(r.status, 303);
  assert.equal(statusOf(ev, c2), 'enrolled');
  assert.deepEqual(promotions(ev), [expected(T, op, ev, rowOf(ev, c2))]);
});

test('seats added by raising the capacity promote with the same audit row, one per seat', async () => {
  const ev = makeEvent(T, op, type, { max: 1 });
  await enrol(c1, ev);
  await enrol(c2, ev, true);
  await enrol(c3, ev, true);
  const c = await as(op);
  const form = (await c.req(`/fi/ecare/events/${ev.uuid}/edit`)).text
    .match(/<form method="post" action="\/fi\/ecare\/events\/[0-9a-f-]{36}\/edit"[\s\S]*?<\/form>/);
  assert.ok(form, 'the edit form');
  const un = (s) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const body = new URLSearchParams();
  for (const m of form[0].matchAll(/<input\b([^>]*)>/g)) {
    const name = m[1].match(/\bname="([^"]*)"/), value = m[1].match(/\bvalue="([^"]*)"/);
    if (!name || (/type="checkbox"/.test(m[1]) && !/\bchecked\b/.test(m[1]))) continue;
    body.append(name[1], name[1] === 'max' ? '3' : un(value ? value[1] : ''));
  }
  for (const m of form[0].matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = m[2].match(/<option value="([^"]*)" selected/);
    body.append(m[1], sel ? un(sel[1]) : '');
  }
  for (const m of form[0].matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) body.append(m[1], un(m[2]));
  const r = await c.req(`/fi/ecare/events/${ev.uuid}/edit`, { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, `saved: ${[...r.text.matchAll(/class="field-error" id="([^"]+)"/g)].map((m) => m[1])}`);
  assert.equal(statusOf(ev, c2), 'enrolled');
  assert.equal(statusOf(ev, c3), 'enrolled');
  assert.deepEqual(promotions(ev), [expected(T, op, ev, rowOf(ev, c2)), expected(T, op, ev, rowOf(ev, c3))]);
});

test('a seat freed by ending a share promotes with the same audit row', async () => {
  const O = makeTenant({ contract: { sharing: true } }), P = makeTenant();
  const adminO = makeUser(O, 'admin'), opO = makeUser(O, 'operator');
  const own = makeUser(O, 'customer', { language: 'fi' }), p1 = makeUser(P, 'customer', { language: 'fi' });
  const typeO = makeType(O);
  assign(typeO, own);
  const gname = unique('Jaettu');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES (UUID(), ${O.id}, '${gname}')`);
  const g = Number(sql(`SELECT id FROM external_groups WHERE tenant_id = ${O.id} AND name = '${gname}'`));
  makePartners(O, P);
  sql(`INSERT INTO group_shares (group_id, tenant_id) VALUES (${g}, ${P.id})`);
  sql(`INSERT INTO group_customers (group_id, user_id, tenant_id) VALUES (${g}, ${p1.id}, ${P.id})`);
  const ev = makeEvent(O, opO, typeO, { max: 1, group: g });
  await enrol(p1, ev);
  await enrol(own, ev, true);
  const r = await send(await as(adminO), `/fi/admin/groups/${sql(`SELECT uuid FROM external_groups WHERE id = ${g}`)}`,
    { name: gname });
  assert.equal(r.status, 303, 'the share ended');
  assert.equal(statusOf(ev, p1), '', 'the partner\'s customer is out');
  assert.equal(statusOf(ev, own), 'enrolled');
  assert.deepEqual(promotions(ev), [expected(O, adminO, ev, rowOf(ev, own))]);
});

test('a customer taken off a type leaves its coming event even when they also have a shared group\'s choice; the seat goes on with the same audit row', async () => {
  // The rule's negation must hold for an event without a group (NULL), whatever
  // groups the customer has: "not seen" is never "unknown".
  const O = makeTenant({ contract: { sharing: true } }), R = makeTenant();
  const adminR = makeUser(R, 'admin'), opR = makeUser(R, 'operator');
  const [r1, r2] = [1, 2].map(() => makeUser(R, 'customer', { language: 'fi' }));
  const typeR = makeType(R);
  assign(typeR, r1);
  assign(typeR, r2);
  const gname = unique('Jaettu');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES (UUID(), ${O.id}, '${gname}')`);
  const g = Number(sql(`SELECT id FROM external_groups WHERE tenant_id = ${O.id} AND name = '${gname}'`));
  const gUuid = sql(`SELECT uuid FROM external_groups WHERE id = ${g}`);
  makePartners(O, R);
  sql(`INSERT INTO group_shares (group_id, tenant_id) VALUES (${g}, ${R.id})`);
  sql(`INSERT INTO group_customers (group_id, user_id, tenant_id) VALUES (${g}, ${r1.id}, ${R.id})`);
  const ev = makeEvent(R, opR, typeR, { max: 1 }); // R's own event: no group
  await enrol(r1, ev);
  await enrol(r2, ev, true);
  const r = await send(await as(adminR), `/fi/admin/customers/${r1.uuid}/types`, [['group', gUuid]]);
  assert.equal(r.status, 303, 'r1 keeps the shared group, loses the type');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM group_customers WHERE user_id = ${r1.id}`)), 1);
  assert.equal(statusOf(ev, r1), '', 'out of the event they no longer see');
  assert.equal(statusOf(ev, r2), 'enrolled');
  assert.deepEqual(promotions(ev), [expected(R, adminR, ev, rowOf(ev, r2))]);
});
