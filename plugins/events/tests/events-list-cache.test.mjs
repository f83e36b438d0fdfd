// Muokkaa kalenteria's first page kept in the workers' memory
// (listcache.c): every change to what it shows, made through the app's own
// pages, shows on the next list. Each case opens the list several times
// before the change (so that the workers hold it) and several times after:
// a change path without its change record (vv/changes.h) would leave some
// of the later lists old. No fixture is written between the two.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfOf, html, login, makeTenant, makeUser, sql, unique } from '../../../tests/http/lib.mjs';
import { local, makeType, formOf, bodyOf } from './events-lib.mjs';

const VIEWS = 8;
const LIST = '/fi/ecare/events';
let A, opA, cust, typeA, sOp, sCust;
let dayN = 3;

async function lists(c) {
  const texts = [];
  for (let i = 0; i < VIEWS; i++) {
    const r = await c.req(LIST);
    assert.equal(r.status, 200);
    texts.push(r.text);
  }
  return texts;
}

/** Creates an event a few days ahead through the form; its uuid. */
async function created(name) {
  const body = new URLSearchParams({ max: '5', type: typeA.uuid, date: local(Date.now() + (dayN++) * 86400000).date,
    time: '10:00', duration: '60', lang: 'fi', name_fi: name, description_fi: '',
    csrf: await csrfOf(sOp, '/fi/ecare/events/new') });
  const r = await sOp.req('/fi/ecare/events/new', { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, 'created');
  return r.headers.get('location').match(/events\/([0-9a-f-]{36})\?/)[1];
}

/** The list's row of the event named name: its cells' text. */
const rowOf = (text, name) => {
  const m = text.match(new RegExp(`<tr>(?:(?!</tr>)[\\s\\S])*?${html(name)}[\\s\\S]*?</tr>`));
  return m ? m[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() : null;
};

before(async () => {
  A = makeTenant();
  opA = makeUser(A, 'operator');
  cust = makeUser(A, 'customer', { language: 'fi' });
  typeA = makeType(A);
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id)
       SELECT id, ${cust.id}, ${A.id} FROM event_types WHERE uuid = '${typeA.uuid}'`);
  sOp = new Client();
  await login(sOp, opA);
  sCust = new Client();
  await login(sCust, cust);
});

test('an event created, renamed, enrolled in and cancelled on its pages shows so on the next list', async () => {
  await lists(sOp); // the workers hold the list
  const name = unique('Uusi');
  const uuid = await created(name);
  for (const text of await lists(sOp)) assert.ok(rowOf(text, name), 'created: on the list');

  const page = await sOp.req(`/fi/ecare/events/${uuid}/edit`);
  const renamed = unique('Nimetty');
  const r = await sOp.req(`/fi/ecare/events/${uuid}/edit`, { method: 'POST',
    body: bodyOf(formOf(page.text), { name_fi: renamed }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, 'renamed');
  for (const text of await lists(sOp)) {
    assert.ok(rowOf(text, renamed) && !rowOf(text, name), 'the new name, not the old');
  }

  const was = rowOf((await lists(sOp))[0], renamed);
  const e = await sCust.post(`/fi/ecare/index/event/${uuid}/enrol`, [['csrf', await csrfOf(sCust)]]);
  assert.equal(e.status, 303, 'enrolled');
  for (const text of await lists(sOp)) assert.notEqual(rowOf(text, renamed), was, 'the count moved');

  const tok = (await sOp.req(`/fi/ecare/events/${uuid}`)).text.match(/name="csrf" value="([^"]+)"/)[1];
  assert.equal((await sOp.post(`/fi/ecare/events/${uuid}/delete`, { csrf: tok })).status, 303, 'cancelled');
  for (const text of await lists(sOp)) assert.equal(rowOf(text, renamed), null, 'cancelled: gone');
});
