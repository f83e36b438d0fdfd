// Attendance for care records (issue #11 item 6, test f): a scripted call
// through the Janus gate - joins and leaves of a real Janus session, as a
// page makes them - and the event's CSV on Tiedot matching them row for
// row; names that need CSV quoting and the formula guard; another
// organisation never sees the rows. Ticks are off in run-http's stack, so
// the organiser's poll of …/state is what sweeps the room here (as it
// does beside the ticker).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, html, login, makeTenant, makeUser, sql, until, BASE } from '../../../tests/http/lib.mjs';
import { makeType, makeEventOfType, enrol, policy, session, api, state } from './call-lib.mjs';
import { getCsv } from '../../../tests/http/csv-lib.mjs';

let A, B, typeA, org, cust, odd, adminB;

before(() => {
  A = makeTenant({ language: 'fi', timezone: 'UTC' });
  B = makeTenant({ language: 'fi' });
  typeA = makeType(A);
  org = makeUser(A, 'operator', { first: 'Olli', last: 'Ohjaaja' });
  cust = makeUser(A, 'customer', { first: 'Aino', last: 'Asiakas' });
  // a name a spreadsheet would misread: comma, quote, newline, a formula
  odd = makeUser(A, 'customer', { first: '=HYPERLINK("x")', last: 'Virtanen, "Lissu"' });
  sql(`UPDATE users SET last_name = CONCAT(last_name, CHAR(10), 'toinen rivi') WHERE id = ${odd.id}`);
  adminB = makeUser(B, 'admin');
  policy(A);
});

/** A bare Janus client through the gate, as call.js talks to it. */
async function jpost(path, body) {
  const res = await fetch(`${BASE}/janus${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transaction: randomUUID(), ...body }),
  });
  return res.json();
}

/** Joins the event's room as user: credentials from …/join, a Janus
 * session and a publisher join through the gate. Returns the session's
 * destroy (the page's hang-up). */
async function joinCall(user, ev) {
  const j = await api(await session(user), ev, 'join');
  assert.equal(j.status, 200, j.text);
  const ticket = j.json.token;
  const s = await jpost('', { janus: 'create', token: ticket });
  assert.equal(s.janus, 'success', JSON.stringify(s));
  const h = await jpost(`/${s.data.id}`, { janus: 'attach', plugin: 'janus.plugin.videoroom', token: ticket });
  assert.equal(h.janus, 'success', JSON.stringify(h));
  const joined = await jpost(`/${s.data.id}/${h.data.id}`, { janus: 'message', token: ticket,
    body: { request: 'join', room: j.json.room_id, ptype: 'publisher' } });
  assert.equal(joined.janus, 'ack', JSON.stringify(joined));
  return async () => {
    const d = await jpost(`/${s.data.id}`, { janus: 'destroy', token: ticket });
    assert.equal(d.janus, 'success', JSON.stringify(d));
  };
}

const openVisits = (ev) => Number(sql(`SELECT COUNT(*) FROM attendance WHERE event_id = ${ev.id} AND left_at IS NULL`));
const visits = (ev) => Number(sql(`SELECT COUNT(*) FROM attendance WHERE event_id = ${ev.id}`));
const nowSec = () => Math.floor(Date.now() / 1000);
const utc = (s) => Date.parse(s.replace(' ', 'T') + 'Z') / 1000;

/** The organiser's poll sweeps the room until no visit is open any more. */
async function sweptUntilClosed(ev, open) {
  const c = await session(org);
  await until(async () => { await state(c, ev); return openVisits(ev) === open; }, 20000,
    `${open} open visit(s) left after the sweep`);
}

test('f: the attendance CSV matches a scripted call\'s joins and leaves', async () => {
  const ev = makeEventOfType(typeA, A, org);
  enrol(ev, cust);
  enrol(ev, odd);
  const marks = [];
  const mark = (what) => marks.push({ what, at: nowSec() });

  mark('org-join');
  const orgLeave = await joinCall(org, ev);
  await until(() => visits(ev) === 1, 5000, 'the organiser\'s visit');
  mark('cust-join-1');
  const leave1 = await joinCall(cust, ev);
  await until(() => visits(ev) === 2, 5000, 'the customer\'s first visit');
  // a second join from the same page (its subscriber handle) opens nothing new
  assert.equal(openVisits(ev), 2);
  mark('cust-leave-1');
  await leave1();
  await sweptUntilClosed(ev, 1);
  mark('cust-join-2');
  const leave2 = await joinCall(cust, ev);
  await until(() => visits(ev) === 3, 5000, 'the customer\'s second visit');
  const leaveOdd = await joinCall(odd, ev);
  await until(() => visits(ev) === 4, 5000, 'the other customer\'s visit');
  mark('cust-leave-2');
  await leave2();
  await leaveOdd();
  await sweptUntilClosed(ev, 1);
  // the organiser ends the event: their visit closes with it
  const end = await api(await session(org), ev, 'end');
  assert.equal(end.status, 200, end.text);
  mark('end');
  assert.equal(openVisits(ev), 0);
  await orgLeave();

  // Tiedot shows each person with their joins and leaves
  const c = await session(org);
  // the event ended: Tiedot still loads it (vv_events_load skips cancelled only)
  const page = await c.req(`/fi/ecare/events/${ev.uuid}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h2 id="attendance-title">Läsnäolo<\/h2>/);
  const table = page.text.slice(page.text.indexOf('id="attendance-table"'));
  assert.match(table, /Aino Asiakas/);
  assert.match(table, /Olli Ohjaaja/);
  assert.match(table, new RegExp(html('=HYPERLINK("x") Virtanen, "Lissu"').replace(/[()]/g, '\\$&')));
  assert.match(page.text, new RegExp(`href="/fi/ecare/events/${ev.uuid}/attendance"`));

  const r = await getCsv(c, `/fi/ecare/events/${ev.uuid}/attendance`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename="attendance-${ev.uuid}.csv"`));
  assert.ok(r.text.includes('\r\n'), 'CRLF records');
  const { rows } = r;
  assert.deepEqual(rows[0], ['Tapahtuma', 'Tapahtumatyyppi', 'Alkaa (UTC)', 'Osallistuja', 'Rooli',
    'Liittyi (UTC)', 'Poistui (UTC)', 'Kesto (sekuntia)', 'Tapahtuman tunniste']);
  const body = rows.slice(1);
  assert.deepEqual(body.map((x) => [x[3], x[4]]), [
    ['Olli Ohjaaja', 'Henkilökunta'],
    ['Aino Asiakas', 'Asiakas'],
    ['Aino Asiakas', 'Asiakas'],
    ["'=HYPERLINK(\"x\") Virtanen, \"Lissu\"\ntoinen rivi", 'Asiakas'],
  ]);
  const at = Object.fromEntries(marks.map((m) => [m.what, m.at]));
  // each join and leave at the moment the script made it (to the second,
  // the leave no earlier than the session went and no later than the sweep)
  const within = (t, lo, hi, what) => assert.ok(utc(t) >= lo - 1 && utc(t) <= hi + 1, `${what}: ${t} in [${lo}, ${hi}]`);
  within(body[0][5], at['org-join'], at['cust-join-1'], 'organiser joined');
  within(body[0][6], at['cust-leave-2'], at.end, 'organiser left with the end');
  within(body[1][5], at['cust-join-1'], at['cust-leave-1'], 'customer joined');
  within(body[1][6], at['cust-leave-1'], at['cust-join-2'], 'customer left');
  within(body[2][5], at['cust-join-2'], at['cust-leave-2'], 'customer joined again');
  within(body[2][6], at['cust-leave-2'], at.end, 'customer left again');
  for (const x of body) {
    assert.equal(Number(x[7]), utc(x[6]) - utc(x[5]), 'the length is left - joined');
    assert.equal(x[8], ev.uuid);
  }

  // another organisation's admin: no such event, no rows
  const b = new Client();
  await login(b, adminB);
  assert.equal((await b.req(`/fi/ecare/events/${ev.uuid}/attendance`)).status, 404);
  assert.equal((await b.req(`/fi/ecare/events/${ev.uuid}`)).status, 404);
  // the export is audited
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id}
    AND action = 'event.attendance.export' AND detail = 'event=${ev.uuid}'`)), 1);
});

test('Tiedot before anyone joined a started event says so; before the start there is no section', async () => {
  const ev = makeEventOfType(typeA, A, org);
  const c = await session(org);
  const p = await c.req(`/fi/ecare/events/${ev.uuid}`);
  assert.match(p.text, /id="attendance-none">Kukaan ei liittynyt puheluun\./);
  const later = makeEventOfType(typeA, A, org, { from: 3600 });
  const q = await c.req(`/fi/ecare/events/${later.uuid}`);
  assert.equal(q.status, 200);
  assert.ok(!q.text.includes('id="attendance"'));
  // the CSV of an event without visits: the header only
  const r = await getCsv(c, `/fi/ecare/events/${later.uuid}/attendance`);
  assert.equal(r.rows.length, 1);
});

test('a person who only watches (a subscriber session, no publisher) is in the call until the session goes', async () => {
  const ev = makeEventOfType(typeA, A, org);
  enrol(ev, cust);
  // staff first: before them a customer waits in the lobby (issue #16)
  assert.equal((await api(await session(org), ev, 'join')).status, 200);
  const j = await api(await session(cust), ev, 'join');
  assert.equal(j.status, 200, j.text);
  const ticket = j.json.token;
  const s = await jpost('', { janus: 'create', token: ticket });
  const h = await jpost(`/${s.data.id}`, { janus: 'attach', plugin: 'janus.plugin.videoroom', token: ticket });
  // a subscriber join (the feed does not exist: Janus answers later, with an error event)
  const sub = await jpost(`/${s.data.id}/${h.data.id}`, { janus: 'message', token: ticket,
    body: { request: 'join', room: j.json.room_id, ptype: 'subscriber', streams: [{ feed: `u${org.id}` }] } });
  assert.equal(sub.janus, 'ack', JSON.stringify(sub));
  await until(() => visits(ev) === 1, 5000, 'the watcher\'s visit');
  // past the grace a join has, without waiting for it
  sql(`UPDATE attendance SET joined_at = joined_at - INTERVAL 60 SECOND WHERE event_id = ${ev.id}`);
  const c = await session(org);
  await state(c, ev); // a sweep: the session is still there, watching
  assert.equal(openVisits(ev), 1, 'not among the publishers, still in the call');
  const d = await jpost(`/${s.data.id}`, { janus: 'destroy', token: ticket });
  assert.equal(d.janus, 'success', JSON.stringify(d));
  await sweptUntilClosed(ev, 0);
  assert.equal(visits(ev), 1);
});
