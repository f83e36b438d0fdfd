// Muokkaa (plugin events, edit.c): editing an event with the create form,
// prefilled; creation's rules for what changes; who sees it fixed; an
// event under way changes only its texts; concurrent saves, creations and
// cancellations; roles and tenants apart; fi/sv/en.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfOf, get, html, login, makeTenant, makeUser, sleep, sql, t, unique } from '../../../tests/http/lib.mjs';
import { te, tc, fieldError, inputValue, textareaValue, checked, selected, local, written,
  steadyNow, SLOT, makeType, makeGroup, audits, formOf, bodyOf } from './events-lib.mjs';

let A, B, O, opA, op2A, adminA, prof, cust, opB, opO, typeA, typeO, groupO;
const sessions = {};
async function as(user) {
  if (!sessions[user.email]) { const c = new Client(); await login(c, user); sessions[user.email] = c; }
  return sessions[user.email];
}
const DAY = 86400000;
let dayN = 60;
/** A future day of its own (the concurrency limit stays out of the way). */
const nextDay = () => local(Date.now() + (dayN++) * DAY).date;

/** Creates an event through the form; its uuid. */
async function created(c, type, over = {}, extra = []) {
  const body = new URLSearchParams({ max: '5', type: type.uuid, date: nextDay(), time: '10:00', duration: '60',
    lang: 'fi', name_fi: unique('Jumppa'), description_fi: '', csrf: await csrfOf(c, '/fi/ecare/events/new'), ...over });
  for (const [k, v] of extra) body.append(k, v);
  const r = await c.req('/fi/ecare/events/new', { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, `created (${r.status}: ${fieldErrors(r.text)})`);
  return r.headers.get('location').match(/events\/([0-9a-f-]{36})\?/)[1];
}
/** An event straight in the database: starting in `from` minutes (by default a day of its own), lasting `minutes`. */
let sqlN = 200;
function sqlEvent(tenant, creator, type, { from = (sqlN++) * 24 * 60, minutes = 60, max = 5, name = unique('Suora') } = {}) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status)
       SELECT '${uuid}', ${tenant.id}, t.id, ${creator.id}, ${max}, UTC_TIMESTAMP() + INTERVAL ${from} MINUTE,
       UTC_TIMESTAMP() + INTERVAL ${from + minutes} MINUTE, ${minutes}, 'room-${uuid}', 'scheduled'
       FROM event_types t WHERE t.uuid = '${type.uuid}'`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', '${name}')`);
  return { uuid, id, name };
}
const fieldErrors = (text) => [...text.matchAll(/class="field-error" id="([^"]+)-error">([\s\S]*?)<\/p>/g)]
  .map((m) => `${m[1]}: ${m[2].replace(/<[^>]+>/g, '')}`).join('; ');

/** The fields the edit form of the page sends as it is filled: [name, value] pairs. */
const postBody = (c, uuid, body, lang = 'fi') => c.req(`/${lang}/ecare/events/${uuid}/edit`, { method: 'POST',
  body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
/** Opens the edit page and sends it with `changes`. */
async function edit(c, uuid, changes = {}, lang = 'fi') {
  const page = await c.req(`/${lang}/ecare/events/${uuid}/edit`);
  assert.equal(page.status, 200, `the edit page of ${uuid}`);
  return postBody(c, uuid, bodyOf(formOf(page.text), changes), lang);
}
const row = (uuid, cols) => sql(`SELECT ${cols} FROM events WHERE uuid = '${uuid}'`);
const texts = (uuid) => sql(`SELECT GROUP_CONCAT(CONCAT(language, ':', name, ':', IFNULL(description, '-')) ORDER BY language SEPARATOR '|')
  FROM event_texts x JOIN events e ON e.id = x.event_id WHERE e.uuid = '${uuid}'`);
const localStart = (uuid) => {
  const utc = row(uuid, "DATE_FORMAT(starts_at, '%Y-%m-%dT%H:%i')");
  return local(Date.parse(`${utc}:00Z`));
};
function enrolCustomers(ev, tenant, n, status = 'enrolled') {
  for (let i = 0; i < n; i++) {
    const u = makeUser(tenant, 'customer');
    sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status) VALUES (${ev}, ${tenant.id}, ${u.id}, 'customer', '${status}')`);
  }
}

before(async () => {
  A = makeTenant({ contract: { maxParticipants: 12, recording: false, sharing: false, maxEventMinutes: 90, maxConcurrent: 2 } });
  B = makeTenant({ contract: { maxParticipants: 25 } });
  O = makeTenant({ contract: { maxParticipants: 30, recording: true, sharing: true, maxEventMinutes: 240, maxConcurrent: 10 } });
  opA = makeUser(A, 'operator');
  op2A = makeUser(A, 'operator');
  adminA = makeUser(A, 'admin');
  prof = makeUser(A, 'professional');
  cust = makeUser(A, 'customer', { language: 'fi' });
  opB = makeUser(B, 'operator');
  opO = makeUser(O, 'operator');
  typeA = makeType(A, unique('Jumppa'));
  typeO = makeType(O, unique('Jaettu'));
  groupO = makeGroup(O);
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) SELECT id, ${cust.id}, ${A.id} FROM event_types WHERE uuid = '${typeA.uuid}'`);
});

test('Muokkaa sits beside Tiedot and Poista in the list and on Tiedot; the form is the create form, prefilled', async () => {
  const c = await as(opA);
  const day = nextDay();
  const uuid = await created(c, typeA, { max: '7', date: day, time: '14:15', duration: '45', name_fi: 'Tuolijumppa',
    description_fi: 'Kevyttä <liikettä>', name_sv: 'Stolgympa' }, [['forced', '1'], ['lang', 'sv']]);
  const list = await c.req('/fi/ecare/events');
  assert.match(list.text, new RegExp(`href="/fi/ecare/events/${uuid}"[\\s\\S]*?href="/fi/ecare/events/${uuid}/edit"[\\s\\S]*?href="/fi/ecare/events/${uuid}/delete"`));
  assert.ok(list.text.includes(`${html(te('fi', 'events.edit'))}<span class="visually-hidden">: Tuolijumppa</span>`));
  const d = await c.req(`/fi/ecare/events/${uuid}`);
  assert.match(d.text, new RegExp(`href="/fi/ecare/events/${uuid}/edit">Muokkaa</a>\\s*<a class="button button-danger" href="/fi/ecare/events/${uuid}/delete">Poista`));

  const r = await c.req(`/fi/ecare/events/${uuid}/edit`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(`<h1>${html(te('fi', 'events.edit-title'))}</h1>`));
  const labels = ['ev.max', 'ev.record', 'ev.forced', 'ev.type', 'ev.start', 'ev.duration', 'ev.language', 'ev.name', 'ev.description'];
  let at = r.text.indexOf('<h1>');
  for (const k of labels) {
    const i = r.text.indexOf(html(t('fi', k)), at + 1);
    assert.ok(i > at, `${k} after the previous field`);
    at = i;
  }
  assert.equal(inputValue(r.text, 'max'), '7');
  assert.ok(r.text.includes(html(te('fi', 'events.max-hint', '12'))), 'the contract limit, as on create');
  assert.equal(checked(r.text, 'forced'), true);
  assert.equal(checked(r.text, 'record'), false);
  assert.equal(inputValue(r.text, 'date'), day);
  assert.equal(selected(r.text, 'time'), '14:15');
  assert.equal(selected(r.text, 'duration'), '45');
  assert.equal(checked(r.text, 'lang-fi'), true);
  assert.equal(checked(r.text, 'lang-sv'), true);
  assert.equal(checked(r.text, 'lang-en'), false);
  assert.equal(inputValue(r.text, 'name_fi'), 'Tuolijumppa');
  assert.equal(textareaValue(r.text, 'description_fi'), 'Kevyttä <liikettä>');
  assert.equal(inputValue(r.text, 'name_sv'), 'Stolgympa');
  // Who sees it stays as it is: shown, with the reason, not offered.
  assert.ok(!r.text.includes('id="type"') && !r.text.includes('name="type"'));
  assert.match(r.text, new RegExp(`<dd id="fixed-type">${html(typeA.name)}</dd>`));
  assert.ok(r.text.includes(html(te('fi', 'events.audience-fixed'))));
  assert.ok(r.text.includes(`action="/fi/ecare/events/${uuid}/edit"`));
  assert.match(r.text, /name="digest" value="[0-9a-f]{64}"/);
  // Sent back as it is: nothing changes, and the page says so.
  const same = await edit(c, uuid);
  assert.equal(same.status, 303);
  assert.equal(same.headers.get('location'), `/fi/ecare/events/${uuid}?done=unchanged`);
  assert.equal(audits(A, 'event.update'), 0);
});

test('every editable field changed and saved: the row, the texts, the list, Tiedot, the audit; links, participants and the room stay', async () => {
  const c = await as(opA);
  const uuid = await created(c, typeA, { max: '5', name_fi: 'Vanha nimi', name_sv: 'Gammalt' }, [['lang', 'sv'], ['forced', '1']]);
  const id = row(uuid, 'id');
  const room = row(uuid, 'room_id');
  enrolCustomers(id, A, 2);
  const tok = await csrfOf(c, `/fi/ecare/events/${uuid}`);
  const link = (await c.post(`/fi/ecare/events/${uuid}/links`, { csrf: tok })).text.match(/<code id="join-link-desktop">([^<]+)<\/code>/)[1];
  const day = nextDay();
  const r = await edit(c, uuid, { max: '9', forced: false, date: day, time: '11:30', duration: '90', lang: ['fi', 'en'],
    name_fi: 'Uusi nimi', description_fi: 'Uusi kuvaus', name_en: 'New name', description_en: '' });
  assert.equal(r.status, 303, fieldErrors(r.text));
  assert.equal(r.headers.get('location'), `/fi/ecare/events/${uuid}?done=updated`);
  assert.equal(row(uuid, 'max_participants, record, forced_answer, duration_minutes, TIMESTAMPDIFF(MINUTE, starts_at, ends_at), status, room_id'),
    `9\t0\t0\t90\t90\tscheduled\t${room}`);
  assert.deepEqual(localStart(uuid), { date: day, time: '11:30' });
  assert.equal(texts(uuid), 'en:New name:-|fi:Uusi nimi:Uusi kuvaus', 'sv gone, en added');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM event_participants WHERE event_id = ${id}`)), 2, 'the participants stay');
  assert.equal((await get(new URL(link).pathname)).status, 200, 'the join link still works');
  assert.equal(sql(`SELECT detail FROM audit_log WHERE tenant_id = ${A.id} AND action = 'event.update' ORDER BY id DESC LIMIT 1`),
    `event=${uuid} changed=max,forced,start,duration,texts`);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM changes WHERE kind = 'e' AND id = ${id}`)), 1, 'the tablets\' copies are told');

  const d = await c.req(`/fi/ecare/events/${uuid}?done=updated`);
  assert.ok(d.text.includes(html(te('fi', 'events.flash.updated'))));
  assert.equal(te('fi', 'events.flash.updated'), 'Tapahtuma on päivitetty.');
  assert.match(d.text, /<dd id="event-subject">Uusi nimi<\/dd>/);
  assert.match(d.text, /<dd id="event-duration">90 min<\/dd>/);
  assert.match(d.text, /<dd id="event-max">9<\/dd>/);
  assert.match(d.text, /<dd id="event-forced">Ei<\/dd>/);
  assert.match(d.text, /<dd id="event-languages">Suomi, English<\/dd>/);
  const [y, m, dd] = day.split('-').map(Number);
  assert.ok(d.text.includes(`${dd}.${m}.${y} klo 11.30`) && d.text.includes(`${dd}.${m}.${y} klo 13.00`), 'Alkaen and Loppuen');
  const list = await c.req('/fi/ecare/events');
  assert.ok(list.text.includes('Uusi nimi') && !list.text.includes('Vanha nimi'));
  // Another operator of the tenant may edit it too, as they may cancel it.
  const c2 = await as(op2A);
  assert.equal((await edit(c2, uuid, { name_fi: 'Kolmas nimi' })).status, 303);
  assert.equal(texts(uuid), 'en:New name:-|fi:Kolmas nimi:Uusi kuvaus');
});

test('recording on and off within the contract; an organiser sees its external group read-only', async () => {
  const c = await as(opO);
  const uuid = await created(c, typeO, { group: groupO.uuid, max: '20', duration: '180' });
  const r = await c.req(`/fi/ecare/events/${uuid}/edit`);
  assert.match(r.text, new RegExp(`<dd id="fixed-group">${html(groupO.name)}</dd>`));
  assert.ok(!r.text.includes('name="group"'));
  assert.equal((await edit(c, uuid, { record: true })).status, 303);
  assert.equal(row(uuid, 'record, group_id IS NOT NULL'), '1\t1');
  assert.equal((await edit(c, uuid, { record: false })).status, 303);
  assert.equal(row(uuid, 'record'), '0');
  // A sent type or group is not read: who sees the event stays.
  const other = makeType(O, unique('Toinen'));
  assert.equal((await edit(c, uuid, { type: other.uuid, group: '', name_fi: 'Sama yleisö' })).status, 303);
  assert.equal(sql(`SELECT t.uuid = '${typeO.uuid}' AND e.group_id IS NOT NULL FROM events e JOIN event_types t ON t.id = e.type_id WHERE e.uuid = '${uuid}'`), '1');
});

test("a customer's event page, calendar and alarm poll show the new name and time", async () => {
  const c = await as(opA);
  const uuid = await created(c, typeA, { date: local(Date.now() + 2 * DAY).date, time: '09:00', name_fi: unique('Ennen') });
  const cc = new Client();
  await login(cc, cust);
  assert.equal((await cc.req(`/fi/ecare/index/event/${uuid}`)).status, 200);
  const name = unique('Jälkeen');
  const day = local(Date.now() + 3 * DAY).date;
  assert.equal((await edit(c, uuid, { name_fi: name, date: day, time: '16:45' })).status, 303);
  const p = await cc.req(`/fi/ecare/index/event/${uuid}`);
  assert.ok(p.text.includes(html(name)));
  assert.match(p.text, /<time>16\.45<\/time>/);
  assert.ok((await cc.req('/fi/ecare/index/calendar')).text.includes(html(name)), 'the calendar of the week');

  // The alarm: an event the customer is enrolled in runs; its new name reaches the polling tablet.
  const ev = sqlEvent(A, opA, typeA, { from: -5, minutes: 30, name: 'Käynnissä' });
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status) VALUES (${ev.id}, ${A.id}, ${cust.id}, 'customer', 'enrolled')`);
  const poll = async () => JSON.parse((await cc.req('/fi/ecare/poll')).text);
  assert.equal((await poll()).event?.name, 'Käynnissä');
  assert.equal((await poll()).event?.name, 'Käynnissä', 'now from the worker\'s copy');
  assert.equal((await edit(c, ev.uuid, { name_fi: 'Uusi käynnissä' })).status, 303);
  await sleep(1200);
  for (let i = 0; i < 8; i++) assert.equal((await poll()).event?.name, 'Uusi käynnissä', 'every worker forgot its copy');
  sql(`DELETE FROM event_participants WHERE user_id = ${cust.id}`);
  sql(`UPDATE events SET status = 'ended' WHERE id = ${ev.id}`);
});

test('capacity below the enrolled customers is refused next to the field; raised, it takes the waiting list in order', async () => {
  const c = await as(opA);
  const uuid = await created(c, typeA, { max: '3' });
  const id = row(uuid, 'id');
  enrolCustomers(id, A, 3);
  sql(`INSERT INTO event_participants (event_id, tenant_id, kind, status, email, first_name, last_name) VALUES (${id}, ${A.id}, 'guest', 'enrolled', '${unique('g')}@example.org', 'Vieras', 'Ei laske')`);
  enrolCustomers(id, A, 2, 'waiting');
  const page = await c.req(`/fi/ecare/events/${uuid}/edit`);
  assert.ok(page.text.includes(html(te('fi', 'events.max-enrolled', '3'))), 'the form says how many are enrolled');
  const r = await edit(c, uuid, { max: '2', name_fi: 'Ei tallennu' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'max'), te('fi', 'events.err.below-enrolled', '3'));
  assert.match(r.text, /<a href="#max">/, 'in the error summary too');
  assert.equal(inputValue(r.text, 'max'), '2', 'the input is kept');
  assert.equal(inputValue(r.text, 'name_fi'), 'Ei tallennu');
  assert.equal(row(uuid, 'max_participants'), '3');
  assert.ok(!texts(uuid).includes('Ei tallennu'), 'nothing changed');
  assert.equal((await edit(c, uuid, { max: '3' })).status, 303, 'exactly the enrolled count is fine');
  const first = sql(`SELECT MIN(id) FROM event_participants WHERE event_id = ${id} AND status = 'waiting'`);
  const promoted = audits(A, 'enrolment.promote');
  assert.equal((await edit(c, uuid, { max: '4' })).status, 303);
  assert.equal(sql(`SELECT status FROM event_participants WHERE id = ${first}`), 'enrolled', 'the first on the list');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM event_participants WHERE event_id = ${id} AND status = 'waiting'`)), 1);
  assert.equal(audits(A, 'enrolment.promote'), promoted + 1);
  assert.equal(row(uuid, 'enrolled'), '4', 'events.enrolled recounted');
});

test('a changed start: in the past or off the grid is refused with the input kept; an unchanged one stays even off the grid', async () => {
  const c = await as(opA);
  const uuid = await created(c, typeA);
  const before = row(uuid, 'starts_at');
  const now = await steadyNow();
  const earliest = Math.floor(now / SLOT) * SLOT + SLOT;
  const ago = local(Math.floor(now / SLOT) * SLOT - SLOT);
  let r = await edit(c, uuid, { date: ago.date, time: ago.time });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tc('err.time-earliest', written(earliest, 'fi')));
  assert.equal(selected(r.text, 'time'), ago.time);
  assert.equal(inputValue(r.text, 'date'), ago.date);
  const off = local(earliest + 7 * 60000);
  r = await edit(c, uuid, { date: off.date, time: off.time });
  assert.equal(fieldError(r.text, 'time'), t('fi', 'err.time-grid'));
  r = await edit(c, uuid, { date: '2027-02-30' });
  assert.ok(fieldError(r.text, 'date'));
  assert.equal(row(uuid, 'starts_at'), before, 'nothing changed');
  const ok = local(earliest);
  assert.equal((await edit(c, uuid, { date: ok.date, time: ok.time, duration: '15' })).status, 303, 'the earliest slot');
  assert.equal(row(uuid, 'UNIX_TIMESTAMP(starts_at)'), String(earliest / 1000));
  // An event whose start is off the grid (made before the rule, or by a tool) keeps it when its name changes.
  const odd = sqlEvent(A, opA, typeA, { from: 5 * 24 * 60 + 7 });
  const oddStart = row(odd.uuid, 'starts_at');
  assert.equal((await edit(c, odd.uuid, { name_fi: 'Vain nimi' })).status, 303);
  assert.equal(row(odd.uuid, 'starts_at'), oddStart);
});

test('contract limits: capacity, recording, length and concurrency are refused naming the limit; values the event has are kept', async () => {
  const c = await as(opA);
  const uuid = await created(c, typeA, { date: nextDay() });
  let r = await edit(c, uuid, { max: '13' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'max'), tc('contract.capacity', '12'));
  r = await edit(c, uuid, { record: true });
  assert.equal(fieldError(r.text, 'record'), t('fi', 'contract.recording'));
  r = await edit(c, uuid, { duration: '105' });
  assert.equal(fieldError(r.text, 'duration'), tc('contract.length', '90'));
  r = await edit(c, uuid, { duration: '20' });
  assert.equal(fieldError(r.text, 'duration'), te('fi', 'events.err.duration'));
  assert.equal(row(uuid, 'max_participants, record, duration_minutes'), '5\t0\t60');
  // Two may run at once: moving a third into their hour is refused; the event itself does not count.
  const day = nextDay();
  const e1 = await created(c, typeA, { date: day, time: '10:00' });
  await created(c, typeA, { date: day, time: '10:30' });
  const e3 = await created(c, typeA, { date: day, time: '12:00' });
  r = await edit(c, e3, { time: '10:45', duration: '15' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tc('contract.concurrent', '2'));
  assert.deepEqual(localStart(e3), { date: day, time: '12:00' });
  assert.equal((await edit(c, e1, { duration: '75' })).status, 303, 'longer, still two at once');
  // A contract lowered after the event was made: what it has stays, its texts still change.
  const big = sqlEvent(A, opA, typeA, { max: 20, minutes: 120 });
  assert.equal((await edit(c, big.uuid, { name_fi: 'Iso' })).status, 303);
  assert.equal(row(big.uuid, 'max_participants, duration_minutes'), '20\t120');
  r = await edit(c, big.uuid, { max: '15' });
  assert.equal(fieldError(r.text, 'max'), tc('contract.capacity', '12'), 'a new value must fit');
});

test('THE RACE: an edit and a creation (or two edits) that would exceed max_concurrent_events = 1 at once: exactly one wins', async () => {
  const T = makeTenant({ contract: { maxParticipants: 10, maxConcurrent: 1, maxEventMinutes: 120 } });
  const typeT = makeType(T, unique('Kilpa'));
  const [u1, u2] = [makeUser(T, 'operator'), makeUser(T, 'operator')];
  const [c1, c2] = [await as(u1), await as(u2)];
  const overlaps = () => Number(sql(`SELECT COUNT(*) FROM events a JOIN events b ON a.tenant_id = b.tenant_id AND a.id < b.id
    AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at WHERE a.tenant_id = ${T.id} AND a.status = 'scheduled' AND b.status = 'scheduled'`));
  for (let round = 0; round < 8; round++) {
    const day = nextDay();
    const e1 = await created(c1, typeT, { date: day, time: '06:00' });
    const body1 = bodyOf(formOf((await c1.req(`/fi/ecare/events/${e1}/edit`)).text), { time: '10:00' });
    let second;
    if (round % 2 === 0) {
      const tok = await csrfOf(c2, '/fi/ecare/events/new');
      const f = new URLSearchParams({ max: '5', type: typeT.uuid, date: day, time: '10:30', duration: '60', lang: 'fi', name_fi: unique('Kilpa'), csrf: tok });
      second = () => c2.req('/fi/ecare/events/new', { method: 'POST', body: f.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    } else {
      const e2 = await created(c2, typeT, { date: day, time: '15:00' });
      const body2 = bodyOf(formOf((await c2.req(`/fi/ecare/events/${e2}/edit`)).text), { time: '10:30' });
      second = () => postBody(c2, e2, body2);
    }
    const rs = await Promise.all([postBody(c1, e1, body1), second()]);
    const what = round % 2 === 0 ? 'edit vs create' : 'edit vs edit';
    assert.equal(rs.filter((r) => r.status === 303).length, 1, `${what}, round ${round}: exactly one wins (${rs.map((r) => r.status)})`);
    for (const r of rs.filter((x) => x.status !== 303)) {
      assert.equal(r.status, 422);
      assert.equal(fieldError(r.text, 'time'), tc('contract.concurrent', '1'), `${what}: the limit named`);
    }
    assert.equal(overlaps(), 0, `${what}, round ${round}: never two at once`);
  }
});

test('saves at the same time: the later one gets a clear message (409) with its input kept; sent again, it wins', async () => {
  const c = await as(opA);
  const c2 = await as(op2A);
  const uuid = await created(c, typeA, { name_fi: 'Alku' });
  const form1 = formOf((await c.req(`/fi/ecare/events/${uuid}/edit`)).text);
  const form2 = formOf((await c2.req(`/fi/ecare/events/${uuid}/edit`)).text);
  assert.equal((await postBody(c, uuid, bodyOf(form1, { name_fi: 'Ensimmäinen' }))).status, 303);
  const late = await postBody(c2, uuid, bodyOf(form2, { name_fi: 'Toinen', max: '6' }));
  assert.equal(late.status, 409);
  assert.equal(fieldError(late.text, 'submit'), te('fi', 'events.err.stale'));
  assert.equal(inputValue(late.text, 'name_fi'), 'Toinen');
  assert.equal(inputValue(late.text, 'max'), '6');
  assert.equal(texts(uuid), 'fi:Ensimmäinen:-');
  assert.equal(row(uuid, 'max_participants'), '5');
  assert.equal((await postBody(c2, uuid, bodyOf(formOf(late.text)))).status, 303, 'sent again knowingly');
  assert.equal(texts(uuid), 'fi:Toinen:-');
  // At the very same moment: one saves, the other is told.
  const f1 = formOf((await c.req(`/fi/ecare/events/${uuid}/edit`)).text);
  const f2 = formOf((await c2.req(`/fi/ecare/events/${uuid}/edit`)).text);
  const rs = await Promise.all([postBody(c, uuid, bodyOf(f1, { name_fi: 'A' })), postBody(c2, uuid, bodyOf(f2, { name_fi: 'B' }))]);
  assert.deepEqual(rs.map((r) => r.status).sort(), [303, 409]);
  assert.equal(texts(uuid), `fi:${rs[0].status === 303 ? 'A' : 'B'}:-`);
});

test('cancelled meanwhile: the save says so (409) and changes nothing; the cancelled event is 404', async () => {
  const c = await as(opA);
  const name = unique('Peruttu');
  const uuid = await created(c, typeA, { name_fi: name });
  const form = formOf((await c.req(`/fi/ecare/events/${uuid}/edit`)).text);
  const tok = await csrfOf(c, `/fi/ecare/events/${uuid}`);
  assert.equal((await c.post(`/fi/ecare/events/${uuid}/delete`, { csrf: tok })).status, 303);
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await postBody(c, uuid, bodyOf(form, { name_fi: 'Liian myöhään' }), lang);
    assert.equal(r.status, 409, lang);
    assert.ok(r.text.includes(html(te(lang, 'events.closed.cancelled', name))), `${lang}: the message`);
  }
  assert.equal(texts(uuid), `fi:${name}:-`);
  assert.equal(row(uuid, 'status'), 'cancelled');
  assert.equal((await c.req(`/fi/ecare/events/${uuid}/edit`)).status, 404);
});

test('an event under way (its room open): only names, descriptions and languages change', async () => {
  const c = await as(opA);
  for (const from of [3, -10]) { // about to start; running
    const ev = sqlEvent(A, opA, typeA, { from, minutes: 60, max: 4 });
    const before = row(ev.uuid, 'max_participants, starts_at, ends_at, record, forced_answer');
    const page = await c.req(`/fi/ecare/events/${ev.uuid}/edit`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(html(te('fi', 'events.under-way'))));
    for (const id of ['max', 'date', 'time', 'duration', 'record', 'forced']) assert.ok(!page.text.includes(`id="${id}"`), `no ${id} field`);
    assert.match(page.text, /<dd id="fixed-max">4<\/dd>/);
    assert.match(page.text, /<dd id="fixed-duration">60 min<\/dd>/);
    // Sent with other values anyway, they are not read.
    const r = await edit(c, ev.uuid, { name_fi: `Uusi ${from}`, lang: ['fi', 'sv'], name_sv: 'Ny', max: '9', duration: '15' });
    assert.equal(r.status, 303, fieldErrors(r.text));
    assert.equal(texts(ev.uuid), `fi:Uusi ${from}:-|sv:Ny:-`);
    assert.equal(row(ev.uuid, 'max_participants, starts_at, ends_at, record, forced_answer'), before);
    // A form filled before the room opened, sent after: its changed settings are refused, not dropped.
    const stale = bodyOf(formOf(page.text), { editing: 'all', max: '9', date: local(Date.now() + DAY).date, time: '10:00', duration: '60' });
    const late = await postBody(c, ev.uuid, stale);
    assert.equal(late.status, 422);
    assert.equal(fieldError(late.text, 'settings'), te('fi', 'events.err.under-way'));
    assert.match(late.text, /<a href="#settings">/);
    assert.equal(row(ev.uuid, 'max_participants, starts_at, ends_at, record, forced_answer'), before);
    sql(`UPDATE events SET status = 'ended' WHERE id = ${ev.id}`);
  }
});

test('an ended event is not edited: a clear message, and no Muokkaa on Tiedot or in the past list', async () => {
  const c = await as(opA);
  const ev = sqlEvent(A, opA, typeA, { from: -120, minutes: 60, name: unique('Ohi') });
  const r = await c.req(`/fi/ecare/events/${ev.uuid}/edit`);
  assert.equal(r.status, 409);
  assert.ok(r.text.includes(html(te('fi', 'events.closed.ended', ev.name))));
  assert.ok(!r.text.includes('name="digest"'));
  const tok = await csrfOf(c, `/fi/ecare/events/${ev.uuid}`);
  const late = await c.post(`/fi/ecare/events/${ev.uuid}/edit`, { csrf: tok, name_fi: 'x', lang: 'fi' });
  assert.equal(late.status, 409);
  assert.equal(texts(ev.uuid), `fi:${ev.name}:-`);
  assert.ok(!(await c.req(`/fi/ecare/events/${ev.uuid}`)).text.includes(`/ecare/events/${ev.uuid}/edit`));
  const past = await c.req('/fi/ecare/events?past=1');
  assert.ok(past.text.includes(html(ev.name)));
  assert.ok(!past.text.includes(`/ecare/events/${ev.uuid}/edit`));
});

test("roles and tenants: another tenant's event is 404; professionals and customers 403; anonymous to sign-in", async () => {
  const ca = await as(opA);
  const uuid = await created(ca, typeA, { name_fi: 'Oma' });
  const cb = await as(opB);
  const tok = await csrfOf(cb, '/fi/ecare/events/new');
  assert.equal((await cb.req(`/fi/ecare/events/${uuid}/edit`)).status, 404);
  const r = await cb.post(`/fi/ecare/events/${uuid}/edit`, { csrf: tok, name_fi: 'Vieras', lang: 'fi', max: '1' });
  assert.equal(r.status, 404);
  assert.ok(!r.text.includes('Oma'));
  // Cancelled in another tenant: still only 404, no word of it.
  const mine = sqlEvent(B, opB, makeType(B));
  sql(`UPDATE events SET status = 'cancelled' WHERE id = ${mine.id}`);
  const ra = await ca.post(`/fi/ecare/events/${mine.uuid}/edit`, { csrf: await csrfOf(ca), name_fi: 'x' });
  assert.equal(ra.status, 404);
  assert.ok(!ra.text.includes(mine.name));
  for (const u of [prof, cust]) {
    const c = await as(u);
    assert.equal((await c.req(`/fi/ecare/events/${uuid}/edit`)).status, 403, u.role);
    assert.equal((await c.post(`/fi/ecare/events/${uuid}/edit`, { csrf: await csrfOf(c), name_fi: 'x', lang: 'fi' })).status, 403, u.role);
  }
  const admin = await as(adminA);
  assert.equal((await edit(admin, uuid, { name_fi: 'Pääkäyttäjän' })).status, 303, 'admins edit as they cancel');
  const anon = await get(`/fi/ecare/events/${uuid}/edit`);
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /\/fi\/login/);
  assert.equal(texts(uuid), 'fi:Pääkäyttäjän:-');
});

test('fi/sv/en: the page, its messages and the flash in the page language', async () => {
  const c = await as(opA);
  const uuid = await created(c, typeA, { max: '2' });
  enrolCustomers(row(uuid, 'id'), A, 2);
  for (const lang of ['fi', 'sv', 'en']) {
    const p = await c.req(`/${lang}/ecare/events/${uuid}/edit`);
    assert.equal(p.status, 200);
    assert.match(p.text, new RegExp(`<html[^>]*lang="${lang}"`));
    assert.ok(p.text.includes(`<h1>${html(te(lang, 'events.edit-title'))}</h1>`), lang);
    assert.ok(p.text.includes(html(te(lang, 'events.audience-fixed'))), lang);
    assert.ok(p.text.includes(html(t(lang, 'ev.max'))), lang);
    const r = await edit(c, uuid, { max: '1' }, lang);
    assert.equal(r.status, 422, lang);
    assert.equal(fieldError(r.text, 'max'), te(lang, 'events.err.below-enrolled', '2'), lang);
    const ok = await edit(c, uuid, { name_fi: unique(lang) }, lang);
    assert.equal(ok.headers.get('location'), `/${lang}/ecare/events/${uuid}?done=updated`);
    const d = await c.req(ok.headers.get('location'));
    assert.ok(d.text.includes(html(te(lang, 'events.flash.updated'))), lang);
    assert.ok(d.text.includes(`>${html(te(lang, 'events.edit'))}</a>`), `${lang}: Muokkaa on Tiedot`);
  }
  assert.deepEqual(['sv', 'en'].map((l) => te(l, 'events.flash.updated')), ['Evenemanget har uppdaterats.', 'The event has been updated.']);
});
