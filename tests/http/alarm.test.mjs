// The alarm plugin: GET /{lang}/ecare/poll (R-EN-4..6), and who may open the
// call page GET /{lang}/ecare/call/{uuid} the alarm leads to (plugin call).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, get, login, makeTenant, makeUser, sql, t, html, unique } from './lib.mjs';

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

let A, B, typeA, typeB, opA, cust, custEn, custNoLang, other, proA, opB, custB;

function makeType(tenant) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, ${q(unique('Tyyppi'))})`);
  return Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${tenant.id}`));
}

/** An event of tenant starting `from` seconds from now (negative: started), lasting `minutes`. */
function makeEvent(tenant, creator, typeId, { from = -60, minutes = 60, status = 'scheduled', forced = false,
  texts = { fi: unique('Jumppa') } } = {}) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, forced_answer, starts_at, ends_at,
       duration_minutes, room_id, status)
       VALUES ('${uuid}', ${tenant.id}, ${typeId}, ${creator.id}, 10, ${forced ? 1 : 0},
       UTC_TIMESTAMP() + INTERVAL ${from} SECOND, UTC_TIMESTAMP() + INTERVAL ${from + minutes * 60} SECOND,
       ${minutes}, ${q(unique('room'))}, '${status}')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  for (const [lang, name] of Object.entries(texts)) {
    sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, '${lang}', ${q(name)})`);
  }
  const starts = Number(sql(`SELECT UNIX_TIMESTAMP(starts_at) FROM events WHERE id = ${id}`));
  const ends = Number(sql(`SELECT UNIX_TIMESTAMP(ends_at) FROM events WHERE id = ${id}`));
  return { id, uuid, texts, starts, ends, tenant };
}

function enrol(ev, user, { status = 'enrolled', kind = 'customer' } = {}) {
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${ev.id}, ${user.tenant.id}, ${user.id}, '${kind}', '${status}')`);
}

const clear = (user) => sql(`DELETE FROM event_participants WHERE user_id = ${user.id}`);

async function session(user) {
  const c = new Client();
  await login(c, user);
  return c;
}

async function poll(client, lang = 'fi') {
  const r = await client.req(`/${lang}/ecare/poll`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  return JSON.parse(r.text);
}

before(() => {
  A = makeTenant({ language: 'fi' });
  B = makeTenant({ language: 'fi' });
  typeA = makeType(A);
  typeB = makeType(B);
  opA = makeUser(A, 'operator');
  proA = makeUser(A, 'professional');
  cust = makeUser(A, 'customer', { language: 'sv' });
  custEn = makeUser(A, 'customer', { language: 'en' });
  custNoLang = makeUser(A, 'customer');
  other = makeUser(A, 'customer', { language: 'sv' });
  opB = makeUser(B, 'operator');
  custB = makeUser(B, 'customer');
});

test('anonymous: poll sends to the login page', async () => {
  const r = await get('/fi/ecare/poll');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/login');
});

test('nothing running: event null, JSON, no-store, the server clock', async () => {
  const c = await session(cust);
  const j = await poll(c);
  assert.deepEqual(Object.keys(j).sort(), ['event', 'now']);
  assert.equal(j.event, null);
  assert.ok(Math.abs(j.now - Date.now() / 1000) < 5, 'now is epoch seconds');
});

test('a running enrolled event: name in the device language, times, join link, not forced', async () => {
  clear(cust);
  const ev = makeEvent(A, opA, typeA, { texts: { fi: 'Tuolijumppa', sv: 'Stolgympa "&" <ok>', en: 'Chair gym' } });
  enrol(ev, cust);
  const c = await session(cust);
  const j = await poll(c);
  assert.deepEqual(j.event, {
    uuid: ev.uuid, name: 'Stolgympa "&" <ok>', starts: ev.starts, ends: ev.ends, forced: false,
    join: `/fi/ecare/call/${ev.uuid}`,
  });
  assert.ok(j.now >= ev.starts && j.now < ev.ends);
  // The join link follows the page's language; the name stays the device's.
  const sv = await poll(c, 'sv');
  assert.equal(sv.event.join, `/sv/ecare/call/${ev.uuid}`);
  assert.equal(sv.event.name, 'Stolgympa "&" <ok>');
  // Another customer of the same tenant is not alarmed for it.
  assert.equal((await poll(await session(other))).event, null);
  clear(cust);
});

test('the name: device language, else the tenant\'s, else any', async () => {
  clear(custEn);
  clear(custNoLang);
  const noEn = makeEvent(A, opA, typeA, { texts: { sv: 'Bara svenska', fi: 'Suomeksi' } });
  enrol(noEn, custEn);
  assert.equal((await poll(await session(custEn))).event.name, 'Suomeksi');
  clear(custEn);
  const onlySv = makeEvent(A, opA, typeA, { texts: { sv: 'Bara svenska' } });
  enrol(onlySv, custNoLang);
  assert.equal((await poll(await session(custNoLang))).event.name, 'Bara svenska');
  clear(custNoLang);
  const both = makeEvent(A, opA, typeA, { texts: { en: 'In English', fi: 'Suomeksi' } });
  enrol(both, custNoLang);
  assert.equal((await poll(await session(custNoLang))).event.name, 'Suomeksi', 'no device language: the tenant\'s');
  clear(custNoLang);
});

test('forced answer: forced for the customer, never for staff', async () => {
  clear(cust);
  clear(proA);
  const ev = makeEvent(A, opA, typeA, { forced: true });
  enrol(ev, cust);
  enrol(ev, proA, { kind: 'staff' });
  const j = await poll(await session(cust));
  assert.equal(j.event.uuid, ev.uuid);
  assert.equal(j.event.forced, true);
  const s = await poll(await session(proA));
  assert.equal(s.event.uuid, ev.uuid, 'staff enrolled in an event are alarmed too');
  assert.equal(s.event.name, ev.texts.fi, 'staff have no device language: the page\'s');
  assert.equal(s.event.forced, false);
  clear(cust);
  clear(proA);
});

test('not alarmed: cancelled, ended, waiting list, not started yet, over, another user\'s', async () => {
  clear(cust);
  clear(other);
  enrol(makeEvent(A, opA, typeA, { status: 'cancelled' }), cust);
  enrol(makeEvent(A, opA, typeA, { status: 'ended' }), cust);
  enrol(makeEvent(A, opA, typeA), cust, { status: 'waiting' });
  enrol(makeEvent(A, opA, typeA, { from: 90 }), cust);
  enrol(makeEvent(A, opA, typeA, { from: -3600, minutes: 30 }), cust);
  enrol(makeEvent(A, opA, typeA), other);
  const c = await session(cust);
  assert.equal((await poll(c)).event, null);
  // The moment one starts it is there (starts_at <= now), and until it ends.
  const now = makeEvent(A, opA, typeA, { from: 0, minutes: 15 });
  enrol(now, cust);
  assert.equal((await poll(c)).event.uuid, now.uuid);
  clear(cust);
  clear(other);
});

test('two running at once: the one that started last', async () => {
  clear(cust);
  const early = makeEvent(A, opA, typeA, { from: -1800, minutes: 60 });
  const late = makeEvent(A, opA, typeA, { from: -60, minutes: 60 });
  enrol(early, cust);
  enrol(late, cust);
  assert.equal((await poll(await session(cust))).event.uuid, late.uuid);
  clear(cust);
});

test('a shared event of another tenant alarms the enrolled customer', async () => {
  clear(cust);
  const ev = makeEvent(B, opB, typeB, { texts: { fi: 'Jaettu luento' } });
  enrol(ev, cust); // the participant row carries the customer's own tenant
  assert.equal((await poll(await session(cust))).event.name, 'Jaettu luento');
  clear(cust);
});

test('the call page the alarm leads to: the enrolled user and staff of the event\'s tenant; 404 for the rest', async () => {
  clear(cust);
  const ev = makeEvent(A, opA, typeA, { texts: { fi: 'Kahvihetki', sv: 'Kaffestund' } });
  enrol(ev, cust);
  const r = await (await session(cust)).req(`/fi/ecare/call/${ev.uuid}`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes('class="call-name">Kaffestund</h1>'), 'the name in the device language');
  const s = await (await session(opA)).req(`/sv/ecare/call/${ev.uuid}`);
  assert.equal(s.status, 200);
  for (const u of [other, opB, custB]) {
    assert.equal((await (await session(u)).req(`/fi/ecare/call/${ev.uuid}`)).status, 404, u.role);
  }
  const waiting = makeEvent(A, opA, typeA);
  enrol(waiting, other, { status: 'waiting' });
  assert.equal((await (await session(other)).req(`/fi/ecare/call/${waiting.uuid}`)).status, 404);
  const cancelled = makeEvent(A, opA, typeA, { status: 'cancelled' });
  enrol(cancelled, custEn);
  assert.equal((await (await session(custEn)).req(`/fi/ecare/call/${cancelled.uuid}`)).status, 404);
  assert.equal((await (await session(cust)).req(`/fi/ecare/call/${randomUUID()}`)).status, 404);
  const anon = await get(`/fi/ecare/call/${ev.uuid}`);
  assert.equal(anon.status, 303);
  clear(cust);
});
