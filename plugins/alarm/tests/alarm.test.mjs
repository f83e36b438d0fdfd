// The alarm plugin: GET /{lang}/ecare/poll (R-EN-4..6), and who may open the
// call page GET /{lang}/ecare/call/{uuid} the alarm leads to (plugin call).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, ROOT, csrfOf, get, login, makeTenant, makeUser, sleep, sql, t, html, unique, until, cString } from '../../../tests/http/lib.mjs';

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

/** What the core's vv_event_changed / vv_user_changed record in the transaction of
 * every change the plugins make; a test that writes rows itself records it too. */
const changed = (user) => sql(`INSERT INTO changes (kind, id, changed_at) VALUES ('u', ${user.id}, UTC_TIMESTAMP(6))
  ON DUPLICATE KEY UPDATE changed_at = VALUES(changed_at)`);

function enrol(ev, user, { status = 'enrolled', kind = 'customer' } = {}) {
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${ev.id}, ${user.tenant.id}, ${user.id}, '${kind}', '${status}')`);
  changed(user);
}

function clear(user) {
  sql(`DELETE FROM event_participants WHERE user_id = ${user.id}`);
  changed(user);
}

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

/** A tablet that keeps polling learns of a change within poll_check_ms (1 s), from
 * whichever worker answers: once that has passed, every answer shows it (several
 * polls, so both workers answer). Returns the last answer. */
async function pollSettled(client, pred, what, lang = 'fi') {
  await sleep(1200);
  let j;
  for (let i = 0; i < 8; i++) {
    j = await poll(client, lang);
    assert.ok(pred(j), `${what}: ${JSON.stringify(j)}`);
  }
  return j;
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
    uuid: ev.uuid, name: 'Stolgympa "&" <ok>', starts: ev.starts, ends: ev.ends, forced: false, record: false,
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
  await pollSettled(c, (j) => j.event?.uuid === now.uuid, 'the event that just started');
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

test('every enrolled row alarms: staff may add a customer who is not assigned the type (R-PA-2, R-EN-4)', async () => {
  clear(custB);
  clear(proA);
  // B's own customer, not assigned the event's type, added on Tiedot by staff.
  const own = makeEvent(B, opB, typeB, { texts: { fi: 'Oma tapahtuma' } });
  enrol(own, custB);
  assert.equal((await poll(await session(custB))).event?.uuid, own.uuid, 'added by staff: alarmed');
  clear(custB);
  // A's event shared with B through a group.
  const shared = makeEvent(A, opA, typeA, { texts: { fi: 'Jaettu' }, groupId: shareWith(A, custB) });
  enrol(shared, custB);
  assert.equal((await poll(await session(custB))).event?.uuid, shared.uuid, 'shared and chosen: alarmed');
  clear(custB);
  // Staff of the event's tenant need no assignment. (Taking a row away when the
  // customer can no longer see the event is the types plugin's: types.test.mjs.)
  const staffEv = makeEvent(A, opA, typeA, { texts: { fi: 'Henkilökunta' } });
  enrol(staffEv, proA, { kind: 'staff' });
  assert.equal((await poll(await session(proA))).event.uuid, staffEv.uuid);
  clear(proA);
});

test('a polling tablet learns of changes made through the app within a second; signing out ends the answers', async () => {
  clear(cust);
  const c = await session(cust);
  c.csrf = await csrfOf(c);
  assert.equal((await poll(c)).event, null);
  assert.equal((await poll(c)).event, null, 'the answer now comes from the worker\'s copy');
  const ev = makeEvent(A, opA, typeA, { texts: { fi: 'Laulutuokio', sv: 'Sångstund' } });
  // The customer enrols from the calendar (plugin enrolment): the alarm follows.
  const r = await c.post(`/fi/ecare/index/event/${ev.uuid}/enrol`, { csrf: c.csrf });
  assert.equal(r.status, 303, r.text);
  const on = await pollSettled(c, (j) => j.event?.uuid === ev.uuid, 'the alarm after enrolling');
  assert.equal(on.event.name, 'Sångstund');
  assert.ok(Number(sql(`SELECT COUNT(*) FROM changes WHERE kind = 'e' AND id = ${ev.id}`)) === 1);
  // ...and a cancellation stops it.
  assert.equal((await c.post(`/fi/ecare/index/event/${ev.uuid}/cancel`, { csrf: c.csrf })).status, 303);
  await pollSettled(c, (j) => j.event === null, 'no alarm after cancelling');
  // Staff cancel the whole event (plugin events, Poista) while the customer is enrolled.
  assert.equal((await c.post(`/fi/ecare/index/event/${ev.uuid}/enrol`, { csrf: c.csrf })).status, 303);
  await pollSettled(c, (j) => j.event?.uuid === ev.uuid, 'the alarm again');
  const op = await session(opA);
  op.csrf = await csrfOf(op);
  const del = await op.post(`/fi/ecare/events/${ev.uuid}/delete`, { csrf: op.csrf });
  assert.equal(del.status, 303, del.text);
  await pollSettled(c, (j) => j.event === null, 'no alarm for a cancelled event');
  // Signing out: the old cookie gets no more answers, from memory or otherwise.
  const again = new Client();
  again.cookies = new Map(c.cookies);
  assert.ok(again.cookies.get('vv_session'), 'a session cookie to keep');
  assert.equal((await c.post('/fi/logout', { csrf: c.csrf })).status, 303);
  await sleep(1200);
  for (let i = 0; i < 8; i++) {
    assert.equal((await again.req('/fi/ecare/poll')).status, 303, 'the old cookie is sent to sign in');
  }
  clear(cust);
});

test('the tenant\'s language changed by its admin reaches a polling tablet (the name without a text in the user\'s)', async () => {
  const T = makeTenant({ language: 'fi' });
  const typeT = makeType(T);
  const admT = makeUser(T, 'admin');
  const c1 = makeUser(T, 'customer'); // no device language: the page's, then the tenant's
  const ev = makeEvent(T, admT, typeT, { texts: { sv: 'Bara svenska', en: 'In English' } });
  enrol(ev, c1);
  const c = await session(c1);
  assert.equal((await poll(c)).event.name, 'Bara svenska', 'neither fi text: the first of fi, sv, en');
  const a = await session(admT);
  const r = await a.post('/fi/admin/settings', {
    csrf: await csrfOf(a, '/fi/admin/settings'), hangup: '1', end_policy: 'staff', capacity: '10',
    warning: '3', timezone: 'Europe/Helsinki', language: 'en',
  });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(`SELECT language FROM tenants WHERE id = ${T.id}`), 'en');
  assert.equal(sql(`SELECT COUNT(*) FROM changes WHERE kind = 't' AND id = ${T.id}`), '1');
  await pollSettled(c, (j) => j.event?.name === 'In English', 'the tenant\'s new language');
  clear(c1);
});

test('a copy never outlives its session: an expired session is sent to sign in', async () => {
  clear(cust);
  const ev = makeEvent(A, opA, typeA);
  enrol(ev, cust);
  // A tablet session that goes idle-expired in 3 s (as the core writes them).
  const token = 'e'.repeat(10) + unique('x').replace(/[^A-Za-z0-9]/g, '').padEnd(33, 'x').slice(0, 33);
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
       VALUES (SHA2('${token}', 256), ${cust.id}, ${A.id}, REPEAT('x', 43), 'link', UTC_TIMESTAMP(),
       UTC_TIMESTAMP() + INTERVAL 3 SECOND, UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  const c = new Client();
  c.cookies.set('vv_session', token);
  for (let i = 0; i < 4; i++) assert.equal((await poll(c)).event?.uuid, ev.uuid);
  await sleep(4000);
  for (let i = 0; i < 4; i++) assert.equal((await c.req('/fi/ecare/poll')).status, 303, 'expired: sign in');
  clear(cust);
});

test('the poll\'s full path is one indexed query (EXPLAIN)', () => {
  // The statement exactly as poll.c sends it, with the placeholders filled.
  const src = readFileSync(`${ROOT}/plugins/alarm/poll.c`, 'utf8');
  // The name in a language is the care domain's fragment (vv/care.h), expanded here.
  const text = cString(src.slice(src.indexOf('RUNNING_SQL[] =') + 15, src.indexOf(';', src.indexOf('RUNNING_SQL[] ='))));
  const args = ["'sv'", "'fi'", cust.id, A.id, 'UNIX_TIMESTAMP()', 'UNIX_TIMESTAMP()', 'UNIX_TIMESTAMP()',
    cust.id, A.id];
  let i = 0;
  const query = text.replace(/\?/g, () => String(args[i++]));
  assert.equal(i, args.length, 'every placeholder filled');
  const plan = sql(`EXPLAIN ${query}`).split('\n').map((l) => l.split('\t'));
  // id, select_type, table, type, possible_keys, key, ...
  const byTable = Object.fromEntries(plan.map((r) => [r[2], r]));
  assert.equal(byTable.p?.[5], 'ix_participants_user', JSON.stringify(plan));
  assert.equal(byTable.e?.[5], 'PRIMARY', JSON.stringify(plan));
  assert.equal(byTable.q?.[5], 'ix_participants_user', JSON.stringify(plan));
  assert.equal(byTable.n?.[5], 'PRIMARY', JSON.stringify(plan));
  for (const t of ['x_']) {
    assert.ok(byTable[t], `${t} in the plan: ${JSON.stringify(plan)}`);
    assert.notEqual(byTable[t][3], 'ALL', `${t} is not scanned: ${JSON.stringify(plan)}`);
    assert.notEqual(byTable[t][5], 'NULL', `${t} uses a key: ${JSON.stringify(plan)}`);
  }
});

// ---- The green bar is on every signed-in page (xsl/layout.xsl), never on the call page

const BAR = 'id="alarm-bar"';
const SCRIPT = /<script src="\/static\/js\/alarm.js" defer[^>]*><\/script>/;

test('the green bar on every signed-in page, customers\' and staff\'s; never on the call page or for visitors', async () => {
  clear(cust);
  const ev = makeEvent(A, opA, typeA, { from: 3600, texts: { fi: unique('Jumppa'), sv: unique('Gympa') } });
  const rec = randomUUID();
  sql(`INSERT INTO recordings (uuid, tenant_id, type_id, youtube_id, title, starts_at)
       VALUES ('${rec}', ${A.id}, ${typeA}, 'dQw4w9WgXcQ', ${q(unique('Video'))}, UTC_TIMESTAMP())`);
  const c = await session(cust);
  const op = await session(opA);
  const pro = await session(proA);
  const pages = [
    [c, '/fi/ecare/index/calendar'], [c, `/fi/ecare/index/event/${ev.uuid}`], [c, `/fi/ecare/recording/${rec}`],
    [c, `/fi/ecare/index/event/${randomUUID()}`, 404], // a signed-in user's error page too
    [op, '/fi/ecare/events'], [op, `/fi/ecare/events/${ev.uuid}`], [op, '/fi/admin/users/employees'],
    [pro, '/fi/account/password'], [pro, '/fi/ecare/index/calendar'],
  ];
  for (const [client, path, status = 200] of pages) {
    const r = await client.req(path);
    assert.equal(r.status, status, path);
    assert.ok(r.text.includes(BAR), `the bar on ${path}`);
    assert.equal(r.text.split(BAR).length, 2, `one bar on ${path}`);
    assert.match(r.text, SCRIPT, `its script on ${path}`);
    assert.match(r.text, /<main id="main" tabindex="-1"><link rel="stylesheet" href="\/static\/alarm.css"><div id="alarm-bar"[^>]* hidden/,
      `first in main, hidden until an event runs: ${path}`);
  }
  const sv = await c.req('/sv/ecare/index/calendar');
  assert.ok(sv.text.includes('data-poll="/sv/ecare/poll"'), 'the poll in the page\'s language');
  assert.ok(sv.text.includes(html(t('sv', 'alarm.starting'))));

  // The call page: no bar and no sound, but the script that silences the other tabs.
  const running = makeEvent(A, opA, typeA);
  enrol(running, cust);
  for (const [client, path] of [[c, `/fi/ecare/call/${running.uuid}`], [await session(opA), `/fi/ecare/call/${running.uuid}`]]) {
    const r = await client.req(path);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes(BAR) && !r.text.includes('alarm-sound'), `no bar on ${path}`);
    assert.match(r.text, SCRIPT, `the in-call announcement on ${path}`);
  }
  for (const path of ['/fi/', '/fi/login']) {
    const r = await get(path);
    assert.ok(!r.text.includes(BAR) && !r.text.includes('alarm.js'), `no alarm for visitors: ${path}`);
  }
  clear(cust);
});
