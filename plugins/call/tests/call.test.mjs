// The call plugin (issue #6): the call page's access rules, credentials in
// the joinable window only, presentation mode and requests to speak,
// extension (+15 min, refused past the contract or into the creator's next
// event), ending under every end policy, the state JSON, the token variant
// for join links and guests. Recordings and the ticker: call-recordings.test.mjs.
// Janus runs in run-http's stack ([video] adapter janus).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, createHash, randomBytes } from 'node:crypto';
import { writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { Client, get, html, login, t, makeTenant, makeUser, sql, unique, readLog, until, VAR, useAdapter,
  restoreConf, adapterSwitchable } from '../../../tests/http/lib.mjs';
import { q, makeType, makeEventOfType, enrol, policy, session, page, api, state, secrets } from './call-lib.mjs';

let A, B, typeA, opA, op2A, adminA, proA, cust, cust2, other, opB, custB;
const makeEvent = (tenant, creator, opts) => makeEventOfType(typeA, tenant, creator, opts);

before(() => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 120, maxConcurrent: 50, recording: true } });
  B = makeTenant({ language: 'fi' });
  typeA = makeType(A);
  opA = makeUser(A, 'operator');
  op2A = makeUser(A, 'operator');
  adminA = makeUser(A, 'admin');
  proA = makeUser(A, 'professional');
  cust = makeUser(A, 'customer');
  cust2 = makeUser(A, 'customer');
  other = makeUser(A, 'customer');
  opB = makeUser(B, 'operator');
  custB = makeUser(B, 'customer');
  policy(A);
});

test('access: enrolled customer and tenant staff yes; others 404; anonymous to the login page', async () => {
  const ev = makeEvent(A, opA);
  enrol(ev, cust);
  const path = `/fi/ecare/call/${ev.uuid}`;
  const anon = await get(path);
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.get('location'), '/fi/login');
  for (const u of [cust, opA, op2A, adminA, proA]) {
    const r = await (await session(u)).req(path);
    assert.equal(r.status, 200, `${u.role} sees the call page`);
    assert.match(r.text, new RegExp(`data-call="${ev.uuid}"`));
    assert.match(r.text, /id="prejoin"/);
    assert.match(r.text, /id="cam-select"/);
    assert.match(r.text, /id="echo" checked/);
    assert.ok(!/"token"|core_token/.test(r.text), 'no credential in the page');
  }
  for (const u of [other, opB, custB]) {
    const r = await (await session(u)).req(path);
    assert.equal(r.status, 404, `${u.role} of ${u.tenant === A ? 'the tenant, not enrolled' : 'another tenant'}: 404`);
    const s = await (await session(u)).req(`${path}/state`);
    assert.equal(s.status, 404);
  }
  // a cancelled event is gone
  const gone = makeEvent(A, opA, { status: 'cancelled' });
  enrol(gone, cust);
  assert.equal((await (await session(cust)).req(`/fi/ecare/call/${gone.uuid}`)).status, 404);
});

test('join: credentials only in the joinable window; no secret; the customer page of a forced event joins by itself', async () => {
  const running = makeEvent(A, opA, { forced: 1 });
  const soon = makeEvent(A, opA, { from: 240 });
  const later = makeEvent(A, opA, { from: 3600 });
  const past = makeEvent(A, opA, { from: -3600, minutes: 30 });
  for (const e of [running, soon, later, past]) enrol(e, cust);
  const c = await session(cust);
  // Before any staff member a customer waits in the lobby (issue 16).
  const lobby = await api(c, running, 'join');
  assert.equal(lobby.status, 409);
  assert.equal(lobby.json.error, 'call.lobby');
  assert.equal(lobby.json.token, undefined, 'no credentials in the lobby');
  for (const e of [running, soon]) assert.equal((await api(await session(opA), e, 'join')).status, 200);
  const j = await api(c, running, 'join');
  assert.equal(j.status, 200, j.text);
  assert.equal(j.json.server, '/janus');
  assert.equal(j.json.room_id, `vv-${running.uuid}`);
  assert.equal(j.json.participant_id, `u${cust.id}`);
  // a member ticket for the Janus gate, naming this room, this id and this name, for minutes
  assert.match(j.json.token, /^vt1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.equal(j.json.core_token, j.json.token);
  const claims = JSON.parse(Buffer.from(j.json.token.split('.')[1], 'base64url').toString());
  // and the Janus server the room is placed on, as the database has it (plugins/video_janus/servers.c)
  const server = sql(`SELECT server FROM janus_rooms WHERE room_id = 'vv-${running.uuid}'`);
  assert.match(server, /^[ab]$/);
  assert.deepEqual(claims, { r: `vv-${running.uuid}`, p: `u${cust.id}`, d: j.json.display, e: j.json.expires_at, s: server });
  assert.ok(j.json.expires_at > Date.now() / 1000);
  assert.ok(j.json.expires_at <= Date.now() / 1000 + 301, 'a ticket lives minutes, not until the end');
  for (const s of Object.values(secrets())) assert.ok(!j.text.includes(s), 'no Janus secret in the answer');
  assert.equal(sql(`SELECT participant_id FROM call_members WHERE event_id = ${running.id} AND member_key = 'u${cust.id}'`),
    `u${cust.id}`);
  assert.match((await c.req(`/fi/ecare/call/${running.uuid}`)).text, /data-autojoin="1"/);
  assert.match((await (await session(opA)).req(`/fi/ecare/call/${running.uuid}`)).text, /data-autojoin="0"/,
    'staff always choose');
  assert.match((await c.req(`/fi/ecare/call/${soon.uuid}`)).text, /data-autojoin="1"/,
    'a customer joins with one press, forced or not (issue #17)');

  assert.equal((await api(c, soon, 'join')).status, 200, 'a few minutes before the start');
  const l = await api(c, later, 'join');
  assert.equal(l.status, 409);
  assert.equal(l.json.error, 'call.not-yet');
  const p = await api(c, past, 'join');
  assert.equal(p.status, 409);
  assert.equal(p.json.error, 'call.ended');
  assert.equal(sql(`SELECT status FROM events WHERE id = ${past.id}`), 'ended', 'noticed and marked ended');
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.expire' AND detail LIKE '%${past.uuid}%'`)) >= 1);
  // another customer cannot get credentials
  assert.equal((await api(await session(cust2), running, 'join')).status, 404);
  const log = readLog();
  assert.ok(!log.includes(j.json.token.split('.')[2]), 'no ticket in the log');
});

test('Esitystila: only the organiser; mutes the others; a request to speak; Anna puheenvuoro', async () => {
  policy(A, { end: 'creator' });
  const ev = makeEvent(A, opA);
  enrol(ev, cust);
  enrol(ev, cust2);
  const org = await session(opA), c1 = await session(cust), c2 = await session(cust2);
  assert.equal((await api(org, ev, 'join')).status, 200);
  assert.equal((await api(c1, ev, 'join')).status, 200);
  // customers: the core refuses staff routes
  assert.equal((await api(c1, ev, 'present')).status, 403);
  // staff who are not the organiser under this policy
  const o2 = await api(await session(op2A), ev, 'present');
  assert.equal(o2.status, 403);
  assert.equal(o2.json.error, 'call.forbidden');
  const pr = await api(org, ev, 'present');
  assert.equal(pr.status, 200, pr.text);
  assert.equal(sql(`SELECT muted FROM call_members WHERE event_id = ${ev.id} AND member_key = 'u${cust.id}'`), '1');
  assert.equal(sql(`SELECT muted FROM call_members WHERE event_id = ${ev.id} AND member_key = 'u${opA.id}'`), '0');
  let s = await state(c1, ev);
  assert.equal(s.muted, true);
  assert.equal(s.organiser, false);
  assert.deepEqual(s.requests, [], 'customers see no requests');
  // a late joiner is muted as they join, without a second press
  const lj = await api(c2, ev, 'join');
  assert.equal(lj.status, 200);
  assert.equal(lj.json.muted, true, 'the page keeps its microphone off from the start');
  assert.equal((await state(c2, ev)).muted, true);
  assert.equal((await api(org, ev, 'present')).status, 200);
  assert.equal((await state(c2, ev)).muted, true, 'pressed again: still muted');

  assert.equal((await api(c1, ev, 'speak-request')).status, 200);
  s = await state(org, ev);
  assert.equal(s.organiser, true);
  assert.equal(s.presenting, true);
  assert.deepEqual(s.requests.map((x) => x.participant), [`u${cust.id}`]);
  assert.equal((await state(c1, ev)).requested, true);
  // only the organiser unmutes
  assert.equal((await api(await session(op2A), ev, 'unmute', { participant: `u${cust.id}` })).status, 403);
  assert.equal((await api(org, ev, 'unmute', { participant: 'u999999999' })).status, 404);
  const un = await api(org, ev, 'unmute', { participant: `u${cust.id}` });
  assert.equal(un.status, 200, un.text);
  assert.equal((await state(c1, ev)).muted, false);
  assert.deepEqual((await state(org, ev)).requests, []);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action IN ('call.present', 'call.unmute')
    AND detail LIKE '%${ev.uuid}%'`)) >= 3);
  policy(A);
});

test('Esitystila taken over: the staff member who presses last has the floor, also after someone else muted them', async () => {
  policy(A, { end: 'staff' });
  const ev = makeEvent(A, opA);
  enrol(ev, cust);
  const org = await session(opA), other = await session(op2A), c1 = await session(cust);
  for (const s of [org, other, c1]) assert.equal((await api(s, ev, 'join')).status, 200);
  const mutedRow = (u) => sql(`SELECT muted FROM call_members WHERE event_id = ${ev.id} AND member_key = 'u${u.id}'`);
  assert.equal((await api(other, ev, 'present')).status, 200);
  assert.equal(mutedRow(opA), '1', 'the other staff member presents: the creator is muted too');
  assert.equal((await state(org, ev)).muted, true);
  const back = await api(org, ev, 'present');
  assert.equal(back.status, 200, back.text);
  assert.equal(mutedRow(opA), '0', 'pressing Esitystila gives the presser the floor');
  assert.equal((await state(org, ev)).muted, false);
  assert.equal(mutedRow(op2A), '1');
  assert.equal(mutedRow(cust), '1');
  // ...and joining again while presenting keeps it.
  const again = await api(org, ev, 'join');
  assert.equal(again.json.muted, false);
  policy(A);
});

test('presentation mode outlasts a rejoin: a muted customer who joins again stays muted until given the floor', async () => {
  policy(A, { end: 'creator' });
  const ev = makeEvent(A, opA);
  enrol(ev, cust);
  enrol(ev, cust2);
  const org = await session(opA), c1 = await session(cust), c2 = await session(cust2);
  const mutedRow = (u) => sql(`SELECT muted FROM call_members WHERE event_id = ${ev.id} AND member_key = 'u${u.id}'`);
  assert.equal((await api(org, ev, 'join')).status, 200);
  const j1 = await api(c1, ev, 'join');
  assert.equal(j1.json.muted, false, 'nobody presents yet');
  assert.equal((await api(org, ev, 'present')).status, 200);
  assert.equal(mutedRow(cust), '1');
  assert.equal((await api(c1, ev, 'speak-request')).status, 200);
  // the customer's page reloads: …/join again
  const again = await api(c1, ev, 'join');
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.muted, true);
  assert.equal(mutedRow(cust), '1', 'still muted in the database');
  const s = await state(c1, ev);
  assert.equal(s.muted, true, 'and in the state the page polls');
  assert.equal(s.requested, true, 'the request to speak is kept too');
  assert.deepEqual((await state(org, ev)).requests.map((x) => x.participant), [`u${cust.id}`]);
  // the organiser joining again is not muted by their own presentation
  assert.equal((await api(org, ev, 'join')).json.muted, false);
  assert.equal(mutedRow(opA), '0');
  // a newcomer joins muted; given the floor, a rejoin leaves one unmuted
  assert.equal((await api(c2, ev, 'join')).json.muted, true);
  assert.equal((await api(org, ev, 'unmute', { participant: `u${cust.id}` })).status, 200);
  assert.equal((await api(c1, ev, 'join')).json.muted, false);
  assert.equal(mutedRow(cust), '0');
  assert.equal(mutedRow(cust2), '1');
  // nobody muted any more: presentation mode is over, a newcomer speaks
  assert.equal((await api(org, ev, 'unmute', { participant: `u${cust2.id}` })).status, 200);
  assert.equal((await state(org, ev)).presenting, false);
  assert.equal((await api(await session(op2A), ev, 'join')).json.muted, false);
  const ev2 = makeEvent(A, opA);
  enrol(ev2, cust);
  assert.equal((await api(org, ev2, 'join')).status, 200);
  assert.equal((await api(c1, ev2, 'join')).json.muted, false, 'no presentation in this event');
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.join' AND detail LIKE '%${ev.uuid}%'`)) >= 5);
  policy(A);
});

test('extend: +15 min in the database; refused past the contract and into the creator\'s next event', async () => {
  const ev = makeEvent(A, adminA, { minutes: 30 });
  const c = await session(adminA); // the organiser: under creator_admin the creator (and admins)
  const before = Number(sql(`SELECT UNIX_TIMESTAMP(ends_at) FROM events WHERE id = ${ev.id}`));
  assert.equal((await api(await session(cust), ev, 'extend')).status, 403, 'customers: a staff route');
  assert.equal((await api(await session(opB), ev, 'extend')).status, 404, 'another tenant: not found');
  const r = await api(c, ev, 'extend');
  assert.equal(r.status, 200, r.text);
  assert.equal(Number(sql(`SELECT UNIX_TIMESTAMP(ends_at) FROM events WHERE id = ${ev.id}`)), before + 900);
  assert.equal(Number(sql(`SELECT duration_minutes FROM events WHERE id = ${ev.id}`)), 45);
  assert.equal(r.json.ends, before + 900);
  assert.equal((await state(c, ev)).ends, before + 900);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.extend' AND detail LIKE '%${ev.uuid}%'`)) === 1);

  // the contract allows 120 minutes from the start: 110 -> refused
  const long = makeEvent(A, adminA, { minutes: 110 });
  const x = await api(c, long, 'extend');
  assert.equal(x.status, 409);
  assert.equal(x.json.error, 'call.extend.contract');
  assert.equal(Number(sql(`SELECT duration_minutes FROM events WHERE id = ${long.id}`)), 110);

  // the creator's next event starts 10 minutes after this one ends
  const mine = makeEvent(A, proA, { minutes: 20 });
  makeEvent(A, proA, { from: -60 + 30 * 60, minutes: 30 });
  const n = await api(await session(proA), mine, 'extend');
  assert.equal(n.status, 409);
  assert.equal(n.json.error, 'call.extend.next');
  // another creator's event does not block
  const theirs = makeEvent(A, op2A, { minutes: 20 });
  assert.equal((await api(await session(op2A), theirs, 'extend')).status, 200);
});

/** "YYYY-MM-DD" and "HH:MM" of an instant in Europe/Helsinki (the tenants' default zone). */
function helsinki(ms) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

test('THE RACE: +15 min and a new event at the same moment never exceed the contract\'s events at once', async () => {
  const T = makeTenant({ contract: { maxConcurrent: 2 } });
  const org = makeUser(T, 'operator'), other = makeUser(T, 'operator');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${T.id}, ${q(unique('Tyyppi'))})`);
  const [typeId, typeUuid] = sql(`SELECT id, uuid FROM event_types WHERE tenant_id = ${T.id}`).split('\t');
  const cOrg = await session(org), cOther = await session(other);
  const insert = (creator, startSql, endSql) => {
    const uuid = randomUUID();
    sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id, status) VALUES ('${uuid}', ${T.id}, ${typeId}, ${creator.id}, 5, ${startSql},
         ${endSql}, 30, 'vv-${uuid}', 'scheduled')`);
    const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
    sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(unique('Jumppa'))})`);
    return { id, uuid };
  };
  const wins = { extend: 0, create: 0 };
  for (let round = 0; round < 4; round++) {
    // The running event ends at slot s; another creator's event runs [s, s + 1 h); the new
    // one would run [s, s + 15 min). Either fits alone (2 at once); both would make 3.
    const s = Math.ceil((Date.now() + 16 * 60000) / 900000) * 900000;
    const running = insert(org, 'UTC_TIMESTAMP() - INTERVAL 1 MINUTE', `FROM_UNIXTIME(${s / 1000})`);
    insert(other, `FROM_UNIXTIME(${s / 1000})`, `FROM_UNIXTIME(${s / 1000 + 3600})`);
    const callToken = (await page(cOrg, `/fi/ecare/call/${running.uuid}`)).csrf;
    const formToken = (await cOther.req('/fi/ecare/events/new')).text.match(/name="csrf" value="([^"]+)"/)[1];
    const { date, time } = helsinki(s);
    const form = { csrf: formToken, max: '5', type: typeUuid, date, time, duration: '15', lang: 'fi', name_fi: unique('Uusi') };
    const [x, c] = await Promise.all([
      cOrg.post(`/fi/ecare/call/${running.uuid}/extend`, { csrf: callToken }),
      cOther.post('/fi/ecare/events/new', form),
    ]);
    assert.ok([200, 409].includes(x.status) && [303, 422].includes(c.status), `${x.status} ${c.status}: ${x.text}`);
    assert.equal((x.status === 200) + (c.status === 303), 1, `round ${round}: exactly one of them (${x.status} ${c.status})`);
    if (x.status === 409) assert.equal(JSON.parse(x.text).error, 'call.extend.concurrent');
    if (c.status === 422) assert.ok(c.text.includes('Sopimuksenne sallii enintään 2 samaan aikaan'), 'the limit named');
    wins[x.status === 200 ? 'extend' : 'create'] += 1;
    const most = Number(sql(`SELECT MAX(n) FROM (SELECT (SELECT COUNT(*) FROM events f WHERE f.tenant_id = ${T.id}
      AND f.status = 'scheduled' AND f.starts_at <= e.starts_at AND f.ends_at > e.starts_at) n
      FROM events e WHERE e.tenant_id = ${T.id} AND e.status = 'scheduled') k`));
    assert.ok(most <= 2, `round ${round}: at most 2 at once (${most})`);
    sql(`UPDATE events SET status = 'cancelled' WHERE tenant_id = ${T.id}`);
  }
  assert.equal(wins.extend + wins.create, 4);
});

test('extend: only whom the end policy lets end the event; not before the start', async () => {
  const opC = makeUser(A, 'operator'); // a creator with no other events in the way
  const users = { opC, op2A, adminA, proA };
  const cases = [
    ['creator', { opC: 200, op2A: 403, adminA: 403, proA: 403 }],
    ['creator_admin', { opC: 200, op2A: 403, adminA: 200, proA: 403 }],
    ['staff', { opC: 200, op2A: 200, adminA: 200, proA: 200 }],
  ];
  for (const [end, want] of cases) {
    policy(A, { end });
    for (const [name, code] of Object.entries(want)) {
      const ev = makeEvent(A, opC, { minutes: 20 });
      const before = sql(`SELECT ends_at FROM events WHERE id = ${ev.id}`);
      const r = await api(await session(users[name]), ev, 'extend');
      assert.equal(r.status, code, `${end}: ${name} extends`);
      if (code === 403) {
        assert.equal(r.json.error, 'call.forbidden');
        assert.equal(sql(`SELECT ends_at FROM events WHERE id = ${ev.id}`), before, 'unchanged');
      }
    }
  }
  policy(A);
  // an event that has not started (even within the early-join window) is not extended
  for (const from of [120, 3600]) {
    const ev = makeEvent(A, opA, { from, minutes: 20 });
    const before = sql(`SELECT ends_at FROM events WHERE id = ${ev.id}`);
    const r = await api(await session(opA), ev, 'extend');
    assert.equal(r.status, 409, `${from} s before the start`);
    assert.equal(r.json.error, 'call.not-yet');
    assert.equal(sql(`SELECT ends_at FROM events WHERE id = ${ev.id}`), before);
    assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.extend' AND detail LIKE '%${ev.uuid}%'`)), 0);
  }
});

test('end: every end policy decides who may end the event for everyone', async () => {
  const cases = [
    ['creator', { opA: 200, op2A: 403, adminA: 403, proA: 403 }],
    ['staff', { opA: 200, op2A: 200, adminA: 200, proA: 200 }],
    ['creator_admin', { opA: 200, op2A: 403, adminA: 200, proA: 403 }],
  ];
  const users = { opA, op2A, adminA, proA };
  for (const [end, want] of cases) {
    for (const presses of [1, 2]) {
      policy(A, { end, presses });
      for (const [name, code] of Object.entries(want)) {
        const ev = makeEvent(A, opA);
        const s = await state(await session(users[name]), ev);
        assert.equal(s.hangup_presses, presses);
        assert.equal(s.may_end, code === 200, `${name} may end under ${end}`);
        const r = await api(await session(users[name]), ev, 'end');
        assert.equal(r.status, code, `${end}/${presses}: ${name}`);
        assert.equal(sql(`SELECT status FROM events WHERE id = ${ev.id}`), code === 200 ? 'ended' : 'scheduled');
        if (code === 200) {
          assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.end' AND detail LIKE '%${ev.uuid}%'`)), 1);
          const st = await state(await session(users[name]), ev);
          assert.equal(st.status, 'ended');
          assert.equal((await api(await session(users[name]), ev, 'join')).status, 409, 'no credentials after the end');
        }
      }
    }
  }
  // a future event is not ended here (the events plugin cancels it); within the early window it may be
  policy(A);
  const future = makeEvent(A, opA, { from: 3600 });
  const f = await api(await session(opA), future, 'end');
  assert.equal(f.status, 409, f.text);
  assert.equal(f.json.error, 'call.not-yet');
  assert.equal(sql(`SELECT status FROM events WHERE id = ${future.id}`), 'scheduled');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.end' AND detail LIKE '%${future.uuid}%'`)), 0);
  const soon = makeEvent(A, opA, { from: 120 });
  assert.equal((await api(await session(opA), soon, 'end')).status, 200, 'in the early-join window');
  assert.equal(sql(`SELECT status FROM events WHERE id = ${soon.id}`), 'ended');
  // a customer only leaves: the core refuses the staff route
  const ev = makeEvent(A, opA);
  enrol(ev, cust);
  assert.equal((await api(await session(cust), ev, 'end')).status, 403);
  assert.equal((await state(await session(cust), ev)).may_end, false);
  policy(A);
});

test('state JSON: the fields the page reads; the end is noticed by any request', async () => {
  policy(A, { warning: 7 });
  const ev = makeEvent(A, opA, { from: -120, minutes: 30 });
  enrol(ev, cust);
  const s = await state(await session(cust), ev);
  for (const k of ['ok', 'status', 'over', 'now', 'starts', 'ends', 'warning_minutes', 'hangup_presses',
    'may_end', 'organiser', 'muted', 'requested', 'presenting', 'members', 'requests']) {
    assert.ok(k in s, `state has ${k}`);
  }
  assert.equal(s.status, 'scheduled');
  assert.equal(s.over, false);
  assert.equal(s.warning_minutes, 7);
  assert.ok(Math.abs(s.now - Date.now() / 1000) < 5);
  // the time runs out: the next request ends it
  sql(`UPDATE events SET ends_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = ${ev.id}`);
  const t = await state(await session(cust), ev);
  assert.equal(t.over, true);
  assert.equal(t.status, 'ended');
  assert.equal(sql(`SELECT status FROM events WHERE id = ${ev.id}`), 'ended');
  const page = await (await session(cust)).req(`/fi/ecare/call/${ev.uuid}`);
  assert.match(page.text, /data-over="1"/);
  policy(A);
});

test('token variant: a join link and a guest\'s personal link open the call; revoked or unknown ones do not', async () => {
  const ev = makeEvent(A, opA);
  const link = randomBytes(32).toString('base64url');
  const guest = randomBytes(32).toString('base64url');
  const hash = (t) => createHash('sha256').update(t).digest('hex');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${ev.id}, ${A.id}, 'desktop', '${hash(link)}', ${opA.id})`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, kind, status, email, first_name, last_name, token_hash)
       VALUES (${ev.id}, ${A.id}, 'guest', 'enrolled', ${q(unique('g') + '@example.org')}, 'Vieras', 'Henkilö', '${hash(guest)}')`);
  for (const tok of [link, guest]) {
    const c = new Client();
    const path = `/fi/ecare/call/t/${tok}`;
    const p = await page(c, path);
    assert.equal(p.status, 200);
    assert.match(p.text, /data-who="guest"/);
    assert.match(p.text, /data-organiser="0"/);
    const j = await api(c, ev, 'join', {}, path);
    assert.equal(j.status, 200, j.text);
    assert.match(j.json.participant_id, /^g[0-9a-f]{16}$/);
    if (tok === guest) assert.equal(j.json.display, 'Vieras Henkilö');
    const s = await state(c, ev, path);
    assert.equal(s.may_end, false);
  }
  assert.ok(!sql(`SELECT GROUP_CONCAT(member_key) FROM call_members WHERE event_id = ${ev.id}`).includes(guest));
  // A guest has no tenant of its own: the joins are in the event's tenant's audit log.
  assert.equal(sql(`SELECT GROUP_CONCAT(DISTINCT tenant_id) FROM audit_log
                    WHERE action = 'call.join' AND detail LIKE '%${ev.uuid}%'`), String(A.id));
  assert.ok(!readLog().includes(link) && !readLog().includes(guest), 'tokens masked in the log');
  sql(`UPDATE join_links SET revoked_at = UTC_TIMESTAMP() WHERE token_hash = '${hash(link)}'`);
  assert.equal((await get(`/fi/ecare/call/t/${link}`)).status, 404);
  assert.equal((await get(`/fi/ecare/call/t/${randomBytes(32).toString('base64url')}`)).status, 404);
});

test('state uses the event\'s tenant\'s policy, whoever asks (a guest, a partner tenant\'s customer)', async () => {
  policy(A, { presses: 1, warning: 9 });
  policy(B, { presses: 2, warning: 3 });
  const ev = makeEvent(A, opA);
  enrol(ev, custB); // a partner tenant's customer in A's event
  const link = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(link).digest('hex');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${ev.id}, ${A.id}, 'desktop', '${hash}', ${opA.id})`);
  const sb = await state(await session(custB), ev);
  assert.equal(sb.hangup_presses, 1);
  assert.equal(sb.warning_minutes, 9);
  const sg = await state(new Client(), ev, `/fi/ecare/call/t/${link}`);
  assert.equal(sg.hangup_presses, 1, 'a guest: the event\'s tenant\'s policy, not the defaults');
  assert.equal(sg.warning_minutes, 9);
  policy(A);
  policy(B);
});

test('who may be in the room: the organiser\'s state drops members whose link was revoked or who were removed', async () => {
  const ev = makeEvent(A, opA);
  enrol(ev, cust);
  enrol(ev, cust2);
  const link = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(link).digest('hex');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${ev.id}, ${A.id}, 'desktop', '${hash}', ${opA.id})`);
  const g = new Client();
  await page(g, `/fi/ecare/call/t/${link}`);
  assert.equal((await api(g, ev, 'join', {}, `/fi/ecare/call/t/${link}`)).status, 200);
  for (const u of [opA, cust, cust2]) assert.equal((await api(await session(u), ev, 'join')).status, 200);
  const members = () => sql(`SELECT GROUP_CONCAT(member_key ORDER BY member_key) FROM call_members WHERE event_id = ${ev.id}`);
  assert.equal(members().split(',').length, 4);
  // nothing changes while everyone is allowed
  assert.equal((await state(await session(opA), ev)).members, 4);
  // the link revoked, cust2 removed from the event
  sql(`UPDATE join_links SET revoked_at = UTC_TIMESTAMP() WHERE token_hash = '${hash}'`);
  sql(`DELETE FROM event_participants WHERE event_id = ${ev.id} AND user_id = ${cust2.id}`);
  // a customer's poll is no sweep; the organiser's is
  assert.equal((await state(await session(cust), ev)).members, 4);
  const s = await state(await session(opA), ev);
  assert.equal(s.members, 2);
  assert.equal(members(), [`u${cust.id}`, `u${opA.id}`].sort().join(','));
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.member-removed' AND detail LIKE '%${ev.uuid}%'`)), 2);
  assert.equal((await c2join(ev)).status, 404, 'and the removed customer gets no new credentials');
});

async function c2join(ev) {
  return api(await session(cust2), ev, 'join');
}

// ---- the loopback adapter ([video] adapter = loopback, as events.test.mjs switches it)

after(restoreConf);

test('loopback: the organiser\'s sweep mutes a muted member again once they send from the room, not before, and not after the floor is given', async () => {
  if (!adapterSwitchable()) return; // the stack names no adapter line
  const dir = `${VAR}/loopback-rooms`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  useAdapter('loopback', `loopback_dir = ${dir}`);
  policy(A, { end: 'creator' });
  const ev = makeEvent(A, opA);
  enrol(ev, cust);
  enrol(ev, cust2);
  const org = await session(opA), c1 = await session(cust), c2 = await session(cust2);
  await until(async () => (await api(org, ev, 'join')).json?.adapter === 'loopback', 15000, 'the loopback adapter');
  await new Promise((r) => setTimeout(r, 500)); // the old workers' last requests
  assert.equal((await api(org, ev, 'join')).json.adapter, 'loopback');
  const room = `vv-${ev.uuid}`, // the room id stored with the event
    me = `user-${opA.id}`, p1 = `user-${cust.id}`, p2 = `user-${cust2.id}`;
  const inRoom = (...ids) => writeFileSync(`${dir}/${room}`, ids.map((x) => `${x}\n`).join(''));
  const mutes = (pid) => readLog().split('\n').filter((l) => l.includes(`video_loopback: mute ${pid} in room ${room}`)).length;
  assert.equal((await api(c1, ev, 'join')).status, 200);
  inRoom(me, p1);
  assert.equal((await api(org, ev, 'present')).status, 200);
  // the customer leaves and joins again: a new publisher, not sending yet
  inRoom(me);
  const again = await api(c1, ev, 'join');
  assert.equal(again.json.participant_id, p1);
  assert.equal(again.json.muted, true);
  let before = mutes(p1);
  let s = await state(org, ev);
  assert.equal(s.ok, true, 'not sending yet is no error');
  assert.equal(mutes(p1), before, 'nothing to mute before they send');
  // once they send, the organiser's next poll mutes the new publisher
  inRoom(me, p1);
  await state(org, ev);
  assert.equal(mutes(p1), before + 1, 'muted in the backend');
  assert.equal(mutes(me), 0, 'never the presenter');
  // ... and again on each poll: a page rejoining without …/join is caught too
  await state(org, ev);
  assert.equal(mutes(p1), before + 2);
  // a customer's poll is no sweep
  before = mutes(p1);
  await state(c1, ev);
  assert.equal(mutes(p1), before);
  // a late joiner: muted in the database on …/join, in the backend once sending
  assert.equal((await api(c2, ev, 'join')).json.muted, true);
  inRoom(me, p1, p2);
  await state(org, ev);
  assert.equal(mutes(p2), 1);
  // given the floor: the sweep leaves them alone
  assert.equal((await api(org, ev, 'unmute', { participant: p1 })).status, 200);
  before = mutes(p1);
  await state(org, ev);
  assert.equal(mutes(p1), before, 'no longer muted by the sweep');
  assert.equal((await state(c1, ev)).muted, false);
  assert.equal(mutes(p2) >= 2, true, 'the late joiner still is');
  rmSync(dir, { recursive: true, force: true });
  policy(A);
  await restoreConf();
});

test('loopback: a guest\'s id is a hash of the key, never the key; the organiser\'s sweep works without a backend', async () => {
  if (!adapterSwitchable()) return; // the stack names no adapter line
  useAdapter('loopback');
  const ev = makeEvent(A, opA);
  const link = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(link).digest('hex');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${ev.id}, ${A.id}, 'desktop', '${hash}', ${opA.id})`);
  const path = `/fi/ecare/call/t/${link}`;
  const j = await until(async () => {
    const r = await api(new Client(), ev, 'join', {}, path);
    return r.status === 200 && r.json.adapter === 'loopback' ? r : false;
  }, 15000, 'the loopback adapter');
  assert.equal(j.json.participant_id, `guest-${hash.slice(0, 16)}`);
  assert.ok(!j.text.includes(link), 'the key is in no id or token');
  const s = await state(await session(opA), ev);
  assert.equal(s.organiser, true);
  assert.equal(s.members, 1, 'loopback lists nobody: nothing kicked, the member stays');
  assert.ok(!readLog().includes(link), 'the key is not in the log');
  await restoreConf();
});

test('every error the call endpoints answer with is a text the call page can show, in its language', async () => {
  const ev = makeEvent(A, opA);
  // call_json_error's keys in plugins/call (the badinput sweep meets most of them)
  const keys = ['call.ended', 'call.not-yet', 'call.extend.next', 'call.extend.concurrent', 'call.forbidden',
    'call.not-joined', 'call.notfound', 'call.unavailable', 'call.invalid'];
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await (await session(opA)).req(`/${lang}/ecare/call/${ev.uuid}`);
    assert.equal(r.status, 200);
    for (const k of keys) assert.ok(r.text.includes(`<li data-k="${k}">${html(t(lang, k))}</li>`), `${lang}: ${k}`);
  }
});
