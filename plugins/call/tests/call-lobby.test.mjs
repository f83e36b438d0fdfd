// The lobby (issue 16): a customer who comes before any staff member gets
// no credentials but the lobby ("Ohjaaja tulee pian" in their language, with
// their own picture: the browser test call-lobby in tests/browser) until a
// staff member has joined; guests with a link are not held. How early the
// room opens is the tenant's room_open_minutes (Asetukset).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Client, html, makeTenant, makeUser, sql } from '../../../tests/http/lib.mjs';
import { makeType, makeEventOfType, enrol, session, page, api } from './call-lib.mjs';

let A, typeA, opA, cust;
const makeEvent = (opts) => makeEventOfType(typeA, A, opA, opts);
const roomOpens = (minutes) => sql(`INSERT INTO tenant_policies (tenant_id, room_open_minutes) VALUES (${A.id}, ${minutes})
  ON DUPLICATE KEY UPDATE room_open_minutes = ${minutes}`);
const LOBBY = { fi: 'Ohjaaja tulee pian', sv: 'Handledaren kommer snart', en: 'The instructor will be here soon' };

before(() => {
  A = makeTenant({ language: 'fi' });
  typeA = makeType(A);
  opA = makeUser(A, 'operator');
  cust = makeUser(A, 'customer', { language: 'sv' });
});

test('a customer before the staff waits in the lobby, and is let in once a staff member has joined', async () => {
  const ev = makeEvent();
  enrol(ev, cust);
  const c = await session(cust);
  for (let i = 0; i < 2; i++) {
    const j = await api(c, ev, 'join');
    assert.equal(j.status, 409);
    assert.equal(j.json.error, 'call.lobby');
    assert.equal(j.json.token, undefined, 'no credentials');
  }
  assert.equal(sql(`SELECT COUNT(*) FROM call_members WHERE event_id = ${ev.id}`), '0', 'nobody in the room');
  assert.equal((await api(await session(opA), ev, 'join')).status, 200);
  const j = await api(c, ev, 'join');
  assert.equal(j.status, 200, j.text);
  assert.match(j.json.token, /^vt1\./);
});

test('the lobby is on the customer\'s page in their language; staff pages have none', async () => {
  const ev = makeEvent();
  enrol(ev, cust);
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await (await session(cust)).req(`/${lang}/ecare/call/${ev.uuid}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<section id="lobby"[^>]*hidden/);
    assert.ok(r.text.includes(`<h2 id="lobby-h">${html(LOBBY[lang])}</h2>`), lang);
    assert.match(r.text, /<video id="lobby-self"/, 'their own picture');
  }
  const s = await (await session(opA)).req(`/fi/ecare/call/${ev.uuid}`);
  assert.doesNotMatch(s.text, /id="lobby"/);
});

test('a guest with a join link is not held in the lobby', async () => {
  const ev = makeEvent();
  const link = randomBytes(32).toString('base64url');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${ev.id}, ${A.id}, 'desktop', '${createHash('sha256').update(link).digest('hex')}', ${opA.id})`);
  const g = new Client();
  const path = `/fi/ecare/call/t/${link}`;
  assert.doesNotMatch((await page(g, path)).text, /id="lobby"/);
  assert.equal((await api(g, ev, 'join', {}, path)).status, 200);
});

test('the room opens as early as the tenant set: before that the customer is told it has not started', async () => {
  const ev = makeEvent({ from: 10 * 60 }); // starts in ten minutes
  enrol(ev, cust);
  const c = await session(cust);
  roomOpens(5);
  let j = await api(c, ev, 'join');
  assert.equal(j.json.error, 'call.not-yet', 'five minutes before: not open yet');
  assert.equal((await api(await session(opA), ev, 'join')).json.error, 'call.not-yet', 'not for staff either');
  roomOpens(15);
  j = await api(c, ev, 'join');
  assert.equal(j.json.error, 'call.lobby', 'fifteen minutes before: open, the customer waits for the staff');
  assert.equal((await api(await session(opA), ev, 'join')).status, 200);
  assert.equal((await api(c, ev, 'join')).status, 200);
  roomOpens(5);
});
