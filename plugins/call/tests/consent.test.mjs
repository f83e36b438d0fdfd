// Consent before media and removal from a call (issue #11, items 5 and 7):
// a recorded event says so where a customer enrols, in the alarm's poll, on
// the join-link and guest pages, and asks on the call page; until a person
// accepts, …/join hands out credentials the Janus gate lets send nothing;
// Tiedot lists who was told and what they answered. The organiser sees who
// holds a session in the room - watchers too - and removes one: their
// sessions go at once and they are not admitted again to that event.
// Janus and the gate run in run-http's stack.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, get, makeTenant, makeUser, sql, unique, until, BASE, VAR } from '../../../tests/http/lib.mjs';
import { q, makeType, makeEventOfType, enrol, policy, session, page, api, state, secrets } from './call-lib.mjs';

let A, typeA, opA, op2A, cust, cust2, cust3;
const makeEvent = (opts) => makeEventOfType(typeA, A, opA, opts);
const hash = (t) => createHash('sha256').update(t).digest('hex');
const claims = (ticket) => JSON.parse(Buffer.from(ticket.split('.')[1], 'base64url').toString());
const consentRow = (ev, user) => sql(`SELECT CONCAT(IFNULL(accepted, '-'), ' ', answered_at IS NOT NULL)
  FROM call_consents WHERE event_id = ${ev.id} AND member_key = 'u${user.id}'`);

before(() => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 120, maxConcurrent: 50, recording: true } });
  typeA = makeType(A);
  opA = makeUser(A, 'operator');
  op2A = makeUser(A, 'operator');
  cust = makeUser(A, 'customer', { first: 'Kerttu', last: unique('Kuvaton') });
  cust2 = makeUser(A, 'customer');
  cust3 = makeUser(A, 'customer');
  policy(A);
});

// ---- the Janus gate, as a script would use it
const ADMIN = readFileSync(`${VAR}/vvhome.conf`, 'utf8').match(/^admin_url = (\S+)$/m)[1];
async function jpost(path, body) {
  const res = await fetch(`${BASE}/janus${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transaction: randomUUID(), ...body }),
  });
  return res.json();
}
async function adminCore(what, path = '', extra = {}) {
  const res = await fetch(ADMIN + path, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ janus: what, transaction: 't', admin_secret: secrets().admin_secret, ...extra }),
  });
  return res.json();
}
/** The participants holding a handle in room (the gate's opaque ids). */
async function holders(room) {
  const out = [];
  for (const sid of (await adminCore('list_sessions')).sessions || []) {
    for (const hid of (await adminCore('list_handles', `/${sid}`)).handles || []) {
      const info = (await adminCore('handle_info', `/${sid}/${hid}`)).info;
      const m = info && typeof info.opaque_id === 'string' && info.opaque_id.match(/^vv\|([^|]+)\|(.+)$/);
      if (m && m[1] === room) out.push(m[2]);
    }
  }
  return out;
}
/** A session with one handle in the room, through the gate, with ticket. */
async function scriptSession(ticket) {
  const s = await jpost('', { janus: 'create', token: ticket });
  assert.equal(s.janus, 'success', JSON.stringify(s));
  const h = await jpost(`/${s.data.id}`, { janus: 'attach', plugin: 'janus.plugin.videoroom', token: ticket });
  assert.equal(h.janus, 'success', JSON.stringify(h));
  return { sid: s.data.id, hid: h.data.id,
    msg: (body, extra = {}) => jpost(`/${s.data.id}/${h.data.id}`, { janus: 'message', token: ticket, body, ...extra }),
    destroy: () => jpost(`/${s.data.id}`, { janus: 'destroy', token: ticket }).catch(() => {}) };
}
/** Why the gate refused a message, or null when it let it through. */
const refusal = (r) => (r.janus === 'error' ? r.error.reason : null);

test('a recorded event asks customers on the call page, records that they were shown it, and joins them watch-only until they accept', async () => {
  const ev = makeEvent({ record: 1 });
  enrol(ev, cust);
  const c = await session(cust);
  const path = `/fi/ecare/call/${ev.uuid}`;
  const p = await page(c, path);
  assert.equal(p.status, 200);
  assert.match(p.text, /id="consent"/);
  assert.match(p.text, /data-consent="ask"/);
  assert.match(p.text, /Tämä tapahtuma nauhoitetaan/);
  assert.match(p.text, /id="consent-accept"/);
  assert.match(p.text, /id="consent-decline"/);
  assert.equal(consentRow(ev, cust), '- 0', 'shown, not answered');

  // not answered: credentials that cannot send (staff came first: no lobby)
  assert.equal((await api(await session(opA), ev, 'join')).status, 200);
  let j = await api(c, ev, 'join');
  assert.equal(j.status, 200, j.text);
  assert.equal(j.json.watch, true);
  assert.equal(claims(j.json.core_token).w, true);

  // declined: still watch-only, and the row says so
  let r = await api(c, ev, 'consent', { accept: '0' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.accepted, false);
  assert.equal(consentRow(ev, cust), '0 1');
  j = await api(c, ev, 'join');
  assert.equal(j.json.watch, true);
  assert.match((await page(c, path)).text, /data-consent="no"/, 'asked again: they may change their mind');

  // accepted: credentials as before, the page no longer asks
  r = await api(c, ev, 'consent', { accept: '1' });
  assert.equal(r.status, 200, r.text);
  assert.equal(consentRow(ev, cust), '1 1');
  j = await api(c, ev, 'join');
  assert.equal(j.json.watch, false);
  assert.equal('w' in claims(j.json.core_token), false);
  const again = await page(c, path);
  assert.match(again.text, /data-consent="yes"/);
  assert.doesNotMatch(again.text, /id="consent"/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action LIKE 'call.consent.%'
                    AND detail = 'event ${ev.uuid}'`), '2');

  // bad input changes nothing
  r = await api(c, ev, 'consent', { accept: 'yes' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error, 'call.invalid');
  assert.equal(consentRow(ev, cust), '1 1');
});

test('staff run a recorded event and are not asked; an event that is not recorded asks nobody', async () => {
  const ev = makeEvent({ record: 1 });
  const o = await session(opA);
  const p = await page(o, `/fi/ecare/call/${ev.uuid}`);
  assert.doesNotMatch(p.text, /id="consent"/);
  assert.match(p.text, /Tämä tapahtuma nauhoitetaan/, 'the notice line is still there');
  const j = await api(o, ev, 'join');
  assert.equal(j.json.watch, false);
  assert.equal((await api(o, ev, 'consent', { accept: '1' })).status, 409);
  assert.equal(sql(`SELECT COUNT(*) FROM call_consents WHERE event_id = ${ev.id}`), '0');

  const plain = makeEvent();
  enrol(plain, cust2);
  const c = await session(cust2);
  const pp = await page(c, `/fi/ecare/call/${plain.uuid}`);
  assert.doesNotMatch(pp.text, /id="consent"/);
  assert.equal((await api(o, plain, 'join')).status, 200);
  assert.equal((await api(c, plain, 'join')).json.watch, false);
  assert.equal((await api(c, plain, 'consent', { accept: '1' })).status, 409);
});

test('a join link\'s guest is asked too; Tiedot lists who was told and what they answered', async () => {
  const ev = makeEvent({ record: 1 });
  enrol(ev, cust2);
  const link = randomBytes(32).toString('base64url');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${ev.id}, ${A.id}, 'desktop', '${hash(link)}', ${opA.id})`);
  // the join-link page says so before Liity
  const jp = await get(`/fi/join/${link}`);
  assert.equal(jp.status, 200);
  assert.match(jp.text, /id="join-recorded"/);
  const g = new Client();
  const gpath = `/fi/ecare/call/t/${link}`;
  assert.match((await page(g, gpath)).text, /id="consent"/);
  let j = await api(g, ev, 'join', {}, gpath);
  assert.equal(j.json.watch, true);
  assert.equal((await api(g, ev, 'consent', { accept: '1' }, gpath)).status, 200);
  j = await api(g, ev, 'join', {}, gpath);
  assert.equal(j.json.watch, false);
  // the customer declines
  const c = await session(cust2);
  await page(c, `/fi/ecare/call/${ev.uuid}`);
  assert.equal((await api(c, ev, 'consent', { accept: '0' })).status, 200);
  // a customer who was shown it and did not answer
  enrol(ev, cust3);
  await page(await session(cust3), `/fi/ecare/call/${ev.uuid}`);

  const t = await (await session(opA)).req(`/fi/ecare/events/${ev.uuid}`);
  assert.equal(t.status, 200);
  assert.match(t.text, /id="consents"/);
  assert.equal((t.text.match(/class="consent-accepted"/g) || []).length, 1, 'the guest');
  assert.equal((t.text.match(/class="consent-declined"/g) || []).length, 1, 'the customer who declined');
  assert.equal((t.text.match(/class="consent-none"/g) || []).length, 1, 'the one who did not answer');
  assert.match(t.text, /Kieltäytyi: vain katsoi/);
  assert.match(t.text, /Liittymislinkillä liittynyt/, 'the join link\'s row, which names nobody');
  // not recorded: no section
  const plain = makeEvent();
  assert.doesNotMatch((await (await session(opA)).req(`/fi/ecare/events/${plain.uuid}`)).text, /id="consents"/);
  sql(`UPDATE events SET status = 'ended' WHERE id IN (${ev.id}, ${plain.id})`);
});

test('where a customer enrols and in the alarm: a recorded event says so', async () => {
  const ev = makeEvent({ record: 1, from: 3600 });
  const plain = makeEvent({ from: 3700 });
  sql(`INSERT IGNORE INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeA}, ${cust3.id}, ${A.id})`);
  const c = await session(cust3);
  const evp = await c.req(`/fi/ecare/index/event/${ev.uuid}`);
  assert.equal(evp.status, 200);
  assert.match(evp.text, /id="event-recorded"/);
  assert.doesNotMatch((await c.req(`/fi/ecare/index/event/${plain.uuid}`)).text, /id="event-recorded"/);
  const cal = await c.req('/fi/ecare/index/calendar');
  const card = (uuid) => cal.text.slice(cal.text.indexOf(`data-event="${uuid}"`)).split('</a>')[0];
  assert.match(card(ev.uuid), /cal-state-recorded/);
  assert.doesNotMatch(card(plain.uuid), /cal-state-recorded/);
  // the green bar's poll, for an event that runs
  const run = makeEvent({ record: 1, forced: 1, from: -30 });
  enrol(run, cust3);
  const poll = JSON.parse((await c.req('/fi/ecare/poll')).text);
  assert.equal(poll.event.uuid, run.uuid);
  assert.equal(poll.event.record, true);
  assert.equal(poll.event.forced, true);
  assert.match(cal.text, /id="alarm-recorded"/);
  sql(`UPDATE events SET status = 'ended' WHERE id = ${run.id}`);
});

test('the gate lets a watch-only ticket watch but never send', async () => {
  const ev = makeEvent({ record: 1 });
  enrol(ev, cust);
  enrol(ev, cust2);
  // cust accepted in the first test's event, not this one: watch-only
  assert.equal((await api(await session(opA), ev, 'join')).status, 200);
  const j = await api(await session(cust2), ev, 'join');
  assert.equal(j.json.watch, true);
  const s = await scriptSession(j.json.core_token);
  try {
    const room = j.json.room_id;
    const joined = await s.msg({ request: 'join', ptype: 'publisher', room });
    assert.equal(refusal(joined), null, JSON.stringify(joined));
    for (const body of [{ request: 'configure', audio: true, video: true }, { request: 'publish' },
      { request: 'joinandconfigure', ptype: 'publisher', room }]) {
      assert.equal(refusal(await s.msg(body)), 'Refused: watch only', body.request);
    }
    // an offer publishes whatever request carries it
    const offer = await s.msg({ request: 'listparticipants' }, { jsep: { type: 'offer', sdp: 'v=0\r\n' } });
    assert.equal(refusal(offer), 'Refused: watch only');
    // listing (to find feeds to watch) is allowed
    assert.equal(refusal(await s.msg({ request: 'listparticipants' })), null);
  } finally {
    await s.destroy();
  }
});

test('the organiser sees watchers and removes one: their session goes at once, and they are not admitted again', async () => {
  const ev = makeEvent();
  enrol(ev, cust);
  enrol(ev, cust2);
  const o = await session(opA);
  assert.equal((await api(o, ev, 'join')).status, 200);
  const c = await session(cust);
  const j = await api(c, ev, 'join');
  assert.equal(j.status, 200, j.text);
  const pid = j.json.participant_id;
  const room = j.json.room_id;
  // a script holding the customer's ticket: a handle in the room, sending nothing
  const s = await scriptSession(j.json.core_token);
  const people = await until(async () => {
    const st = await state(o, ev);
    return st.people && st.people.some((x) => x.participant === pid) && st.people;
  }, 5000, 'the watcher in the organiser\'s list');
  const w = people.find((x) => x.participant === pid);
  assert.equal(w.sending, false);
  assert.equal(w.removable, true);
  assert.equal(w.name.includes('Kerttu'), true);
  // nobody but the organiser sees the list
  assert.equal((await state(c, ev)).people, undefined);

  // a customer, a colleague or the organiser themselves cannot be removed by the wrong person
  assert.notEqual((await api(c, ev, 'remove', { participant: pid })).status, 200);
  const staffPid = (await api(await session(op2A), ev, 'join')).json.participant_id;
  assert.equal((await api(o, ev, 'remove', { participant: staffPid })).status, 403, 'a colleague');
  assert.equal((await api(o, ev, 'remove', { participant: `u${opA.id}` })).status, 403, 'themselves');
  assert.equal((await api(o, ev, 'remove', { participant: 'u999999999' })).status, 404);
  assert.equal((await api(o, ev, 'remove', { participant: 'x y' })).status, 400);

  const r = await api(o, ev, 'remove', { participant: pid });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await holders(room)).filter((x) => x === pid), [], 'their session torn down');
  assert.equal(sql(`SELECT COUNT(*) FROM call_removed WHERE event_id = ${ev.id} AND member_key = 'u${cust.id}'`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'call.remove'
                    AND detail = 'event ${ev.uuid} participant ${pid}'`), '1');
  // not admitted again: …/join, the gate with the old ticket, and their page says so
  const again = await api(c, ev, 'join');
  assert.equal(again.status, 403);
  assert.equal(again.json.error, 'call.removed');
  const create = await jpost('', { janus: 'create', token: j.json.core_token });
  assert.equal(refusal(create), 'Not admitted');
  assert.equal((await state(c, ev)).removed, true);
  // the others go on
  assert.equal((await api(await session(cust2), ev, 'join')).status, 200);
  assert.equal((await state(await session(cust2), ev)).removed, false);
  await s.destroy();
});
