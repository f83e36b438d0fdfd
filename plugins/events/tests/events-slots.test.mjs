// The event form's time list after a date change (issue 16, R-EV-6): built
// by the server in the organisation's zone with every slot of the chosen
// day - without JavaScript by "Näytä päivän ajat" (the form comes back,
// nothing saved), with it by GET /ecare/events/slots that events.js asks.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, login, makeTenant, makeUser, sql, unique } from '../../../tests/http/lib.mjs';
import { te, fieldError, inputValue, options, selected, local, makeType } from './events-lib.mjs';

let A, N, opA, opN, cust, typeA;
before(() => {
  A = makeTenant();
  // A tenant far from the test machine's zone: the list is the tenant's.
  N = makeTenant({ timezone: 'America/New_York' });
  opA = makeUser(A, 'operator');
  opN = makeUser(N, 'operator');
  cust = makeUser(A, 'customer', { language: 'fi' });
  typeA = makeType(A, unique('Jumppa'));
});

async function as(u) { const c = new Client(); await login(c, u); return c; }
const csrfOf = (text) => text.match(/name="csrf" value="([^"]+)"/)[1];
const every = () => Array.from({ length: 96 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`);
const events = (t) => Number(sql(`SELECT COUNT(*) FROM events WHERE tenant_id = ${t.id}`));

test('without JavaScript: Näytä päivän ajat brings back the form with every slot of the chosen later day, input kept, nothing saved', async () => {
  const c = await as(opA);
  const f = await c.req('/fi/ecare/events/new');
  assert.ok(f.text.includes(te('fi', 'events.slots-show')), 'the button is on the form');
  const today = options(f.text, 'time').map((o) => o.value);
  const later = local(Date.now() + 20 * 86400000).date;
  const name = unique('Ajat');
  const r = await c.post('/fi/ecare/events/new', { csrf: csrfOf(f.text), max: '5', type: typeA.uuid, date: later,
    time: today[0], duration: '60', lang: 'fi', name_fi: name, description_fi: '', slots: '1' });
  assert.equal(r.status, 200);
  assert.deepEqual(options(r.text, 'time').map((o) => o.value), every(), 'every quarter hour of that day');
  assert.equal(inputValue(r.text, 'date'), later);
  assert.equal(inputValue(r.text, 'name_fi'), name);
  assert.equal(fieldError(r.text, 'name_fi'), null);
  assert.equal(events(A), 0, 'nothing saved');
  // Even a form with mistakes comes back without messages: it was not sent to be saved.
  const e = await c.post('/fi/ecare/events/new', { csrf: csrfOf(f.text), max: '', date: later, time: '', duration: '',
    lang: 'fi', name_fi: '', slots: '1' });
  assert.equal(e.status, 200);
  assert.equal(fieldError(e.text, 'max'), null);
  assert.equal(options(e.text, 'time').length, 96);
});

test('GET /ecare/events/slots: the day\'s slots in the tenant\'s zone, only the future ones today, a DST day\'s 23 or 25 hours', async () => {
  const c = await as(opA);
  const later = local(Date.now() + 20 * 86400000).date;
  let r = await c.req(`/fi/ecare/events/slots?date=${later}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/json/);
  let j = JSON.parse(r.text);
  assert.equal(j.date, later);
  assert.deepEqual(j.slots.map((s) => s.value), every());
  assert.match(j.slots[0].zone, /^EES?T$/);
  // Today: the same list the form offers (the next quarter hour on), not the browser's clock.
  const f = await c.req('/fi/ecare/events/new');
  const today = inputValue(f.text, 'date');
  j = JSON.parse((await c.req(`/fi/ecare/events/slots?date=${today}`)).text);
  const onForm = options(f.text, 'time').map((o) => o.value);
  assert.ok(j.slots.length < 96 || today !== local(Date.now()).date);
  assert.deepEqual(j.slots.map((s) => s.value), onForm);
  // Helsinki's autumn change: 03:00-03:45 twice is offered once, the spring one skips 03:xx.
  const year = new Date().getUTCFullYear() + 1;
  const lastSunday = (m) => { const d = new Date(Date.UTC(year, m + 1, 0)); d.setUTCDate(d.getUTCDate() - d.getUTCDay()); return d.toISOString().slice(0, 10); };
  j = JSON.parse((await c.req(`/fi/ecare/events/slots?date=${lastSunday(2)}`)).text);
  assert.equal(j.slots.length, 92);
  assert.ok(!j.slots.some((s) => s.value.startsWith('03:')));
  // Past days and nonsense give an empty list, not an error.
  for (const bad of ['2000-01-01', 'nonsense', '']) {
    r = await c.req(`/fi/ecare/events/slots?date=${bad}`);
    assert.equal(r.status, 200, bad);
    assert.deepEqual(JSON.parse(r.text).slots, [], bad);
  }
});

test('the slots are the tenant\'s zone: New York\'s operator gets EST/EDT, and customers cannot ask', async () => {
  const c = await as(opN);
  const later = local(Date.now() + 20 * 86400000).date;
  const j = JSON.parse((await c.req(`/fi/ecare/events/slots?date=${later}`)).text);
  assert.equal(j.slots.length, 96);
  assert.match(j.slots[0].zone, /^E[SD]T$/);
  const cc = new Client();
  await login(cc, cust);
  assert.equal((await cc.req(`/fi/ecare/events/slots?date=${later}`)).status, 403);
});
