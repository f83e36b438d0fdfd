// The alarm plugin: GET /{lang}/ecare/poll (R-EN-4..6), and who may open the
// call page GET /{lang}/ecare/call/{uuid} the alarm leads to (plugin call).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, ROOT, get, login, makeTenant, makeUser, sql, t, html, unique } from './lib.mjs';

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

let A, B, typeA, typeB, opA, cust, custEn, custNoLang, other, proA, opB, custB;

function makeType(tenant) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, ${q(unique('Tyyppi'))})`);
  return Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${tenant.id}`));
}

/** An event of tenant starting `from` seconds from now (negative: started), lasting `minutes`. */
function makeEvent(tenant, creator, typeId, { from = -60, minutes = 60, status = 'scheduled', forced = false,
  texts = { fi: unique('Jumppa') }, groupId = null } = {}) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, forced_answer, starts_at, ends_at,
       duration_minutes, room_id, status)
       VALUES ('${uuid}', ${tenant.id}, ${typeId}, ${groupId ?? 'NULL'}, ${creator.id}, 10, ${forced ? 1 : 0},
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
  // A customer is alarmed only for events they see: A's customers see typeA.
  for (const u of [cust, custEn, custNoLang, other]) assign(typeA, u);
});

function assign(typeId, user) {
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeId}, ${user.id}, ${user.tenant.id})`);
}

/** A group of `owner` shared with `user`'s tenant and chosen for `user`; its id. */
function shareWith(owner, user) {
  const name = unique('Ryhmä');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES (UUID(), ${owner.id}, ${q(name)})`);
  const g = Number(sql(`SELECT id FROM external_groups WHERE tenant_id = ${owner.id} AND name = ${q(name)}`));
  sql(`INSERT INTO group_shares (group_id, tenant_id) VALUES (${g}, ${user.tenant.id})`);
  sql(`INSERT INTO group_customers (group_id, user_id, tenant_id) VALUES (${g}, ${user.id}, ${user.tenant.id})`);
  return g;
}

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
  const ev = makeEvent(B, opB, typeB, { texts: { fi: 'Jaettu luento' }, groupId: shareWith(B, cust) });
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

test('no alarm once the customer no longer sees the event: type taken away, share or choice withdrawn', async () => {
  clear(custB);
  clear(proA);
  // B's own customer, enrolled in B's event but not (or no longer) assigned its type.
  const own = makeEvent(B, opB, typeB, { texts: { fi: 'Oma tapahtuma' } });
  enrol(own, custB);
  const c = await session(custB);
  assert.equal((await poll(c)).event, null, 'not assigned the type: no alarm');
  assign(typeB, custB);
  assert.equal((await poll(c)).event.uuid, own.uuid);
  sql(`DELETE FROM type_customers WHERE type_id = ${typeB} AND user_id = ${custB.id}`);
  assert.equal((await poll(c)).event, null, 'type taken away: no alarm');
  clear(custB);

  // A's event shared with B through a group: a live share and B's choice are both needed.
  const g = shareWith(A, custB);
  const shared = makeEvent(A, opA, typeA, { texts: { fi: 'Jaettu' }, groupId: g });
  enrol(shared, custB);
  assert.equal((await poll(c)).event.uuid, shared.uuid, 'shared and chosen: alarmed');
  assign(typeA, custB); // another tenant's type assignment never counts (nor could it exist)
  sql(`DELETE FROM group_customers WHERE group_id = ${g} AND user_id = ${custB.id}`);
  assert.equal((await poll(c)).event, null, 'B\'s admin withdrew the choice: no alarm');
  sql(`INSERT INTO group_customers (group_id, user_id, tenant_id) VALUES (${g}, ${custB.id}, ${B.id})`);
  assert.equal((await poll(c)).event.uuid, shared.uuid);
  sql(`DELETE FROM group_shares WHERE group_id = ${g} AND tenant_id = ${B.id}`);
  assert.equal((await poll(c)).event, null, 'the organiser stopped sharing: no alarm');
  sql(`DELETE FROM type_customers WHERE type_id = ${typeA} AND user_id = ${custB.id}`);
  clear(custB);

  // Staff of the event's tenant need no assignment.
  const staffEv = makeEvent(A, opA, typeA, { texts: { fi: 'Henkilökunta' } });
  enrol(staffEv, proA, { kind: 'staff' });
  assert.equal((await poll(await session(proA))).event.uuid, staffEv.uuid);
  clear(proA);
});

test('the poll stays one indexed query (EXPLAIN)', () => {
  // The statement exactly as poll.c sends it, with the placeholders filled.
  const src = readFileSync(`${ROOT}/plugins/alarm/poll.c`, 'utf8');
  const body = src.slice(src.indexOf('POLL_SQL[] ='), src.indexOf(';', src.indexOf('POLL_SQL[] =')))
    .replace(/\/\*[\s\S]*?\*\//g, '');
  const text = [...body.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('');
  const args = ["'sv'", "'fi'", cust.id, A.id, 'UNIX_TIMESTAMP()', 'UNIX_TIMESTAMP()', 0];
  let i = 0;
  const query = text.replace(/\?/g, () => String(args[i++]));
  assert.equal(i, args.length, 'every placeholder filled');
  const plan = sql(`EXPLAIN ${query}`).split('\n').map((l) => l.split('\t'));
  // id, select_type, table, type, possible_keys, key, ...
  const byTable = Object.fromEntries(plan.map((r) => [r[2], r]));
  assert.equal(byTable.p?.[5], 'ix_participants_user', JSON.stringify(plan));
  assert.equal(byTable.e?.[5], 'PRIMARY', JSON.stringify(plan));
  for (const t of ['tc', 'gc', 's', 'x']) {
    assert.ok(byTable[t], `${t} in the plan: ${JSON.stringify(plan)}`);
    assert.notEqual(byTable[t][3], 'ALL', `${t} is not scanned: ${JSON.stringify(plan)}`);
    assert.notEqual(byTable[t][5], 'NULL', `${t} uses a key: ${JSON.stringify(plan)}`);
  }
});
