// Muokkaa kalenteria (plugin events, R-EV-1..12): the list, the create
// form with every rule, Tiedot, join links, cancelling, and the public
// join-link page; roles and tenants kept apart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, get, html, login, makeTenant, makeUser, readLog, sql, t, unique, until,
  useAdapter, restoreConf, adapterSwitchable } from '../../../tests/http/lib.mjs';
import { te, tc, fieldError, inputValue, options, selected, local, written, steadyNow, SLOT, TZ,
  makeType, makeGroup, audits } from './events-lib.mjs';

let A, B, O, opA, adminA, prof, cust, opB, opO, typeA, typeA2, typeB, groupO, groupOther, typeO;
const sessions = {};
async function as(user) {
  if (!sessions[user.email]) { const c = new Client(); await login(c, user); sessions[user.email] = c; }
  return sessions[user.email];
}
async function csrf(c) {
  const r = await c.req('/fi/ecare/events/new');
  return r.text.match(/name="csrf" value="([^"]+)"/)[1];
}
/** A valid form for tenant A: a future day at 10:00, Finnish only. */
let dayN = 40;
function fields(over = {}) {
  // A day of its own for each event, so that the concurrency limit stays out of the way.
  const day = local(Date.now() + (dayN++) * 86400000).date;
  return { max: '5', type: typeA.uuid, date: day, time: '10:00', duration: '60', lang: 'fi',
    name_fi: unique('Jumppa'), description_fi: '', ...over };
}
async function create(c, over = {}, extra = [], lang = 'fi') {
  const f = fields(over);
  const body = new URLSearchParams({ ...f, csrf: await csrf(c) });
  for (const [k, v] of extra) body.append(k, v);
  return c.req(`/${lang}/ecare/events/new`, { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
async function created(c, over = {}, extra = []) {
  const r = await create(c, over, extra);
  assert.equal(r.status, 303, `created (got ${r.status}: ${(r.text.match(/field-error[^>]*>([\s\S]*?)<\/p>/) || [])[1]})`);
  const uuid = r.headers.get('location').match(/\/fi\/ecare\/events\/([0-9a-f-]{36})\?done=created$/)[1];
  return uuid;
}
const eventCount = (tenant) => Number(sql(`SELECT COUNT(*) FROM events WHERE tenant_id = ${tenant.id}`));

before(async () => {
  A = makeTenant({ contract: { maxParticipants: 12, recording: false, sharing: false, maxEventMinutes: 90, maxConcurrent: 2 } });
  B = makeTenant({ contract: { maxParticipants: 25 } });
  O = makeTenant({ contract: { maxParticipants: 30, recording: true, sharing: true, maxEventMinutes: 240, maxConcurrent: 10 } });
  opA = makeUser(A, 'operator');
  adminA = makeUser(A, 'admin');
  prof = makeUser(A, 'professional');
  cust = makeUser(A, 'customer', { language: 'fi' });
  opB = makeUser(B, 'operator');
  opO = makeUser(O, 'operator');
  typeA = makeType(A, unique('Jumppa'));
  typeA2 = makeType(A, unique('Musiikki'));
  typeB = makeType(B, unique('Muiden'));
  typeO = makeType(O, unique('Jaettu'));
  groupO = makeGroup(O);
  groupOther = makeGroup(B);
});

// ---- Roles

test('operators and admins open the pages; professionals and customers get 403; anonymous goes to sign-in', async () => {
  for (const u of [opA, adminA]) {
    const c = await as(u);
    assert.equal((await c.req('/fi/ecare/events')).status, 200);
    assert.equal((await c.req('/fi/ecare/events/new')).status, 200);
  }
  for (const u of [prof, cust]) {
    const c = await as(u);
    assert.equal((await c.req('/fi/ecare/events')).status, 403, u.role);
    assert.equal((await c.req('/fi/ecare/events/new')).status, 403, u.role);
    const r = await c.post('/fi/ecare/events/new', { ...fields(), csrf: c.cookies.get('vv_csrf') });
    assert.equal(r.status, 403, `${u.role} POST`);
  }
  const anon = await get('/fi/ecare/events');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /\/fi\/login/);
  assert.equal(eventCount(A), 0);
});

// ---- The form

test('the create form has every field in the guide\'s order, with the contract\'s limits', async () => {
  const c = await as(opA);
  const r = await c.req('/fi/ecare/events/new');
  assert.equal(r.status, 200);
  const labels = ['ev.max', 'ev.record', 'ev.forced', 'ev.type', 'ev.start', 'ev.duration', 'ev.language', 'ev.name', 'ev.description'];
  let at = -1;
  for (const k of labels) {
    const i = r.text.indexOf(html(t('fi', k)), at + 1);
    assert.ok(i > at, `${k} after the previous field`);
    at = i;
  }
  assert.ok(r.text.includes(html(te('fi', 'events.max-hint', '12'))), 'the form states the limit');
  assert.ok(r.text.includes('<label for="max">'));
  assert.equal(inputValue(r.text, 'max') !== '', true, 'a default capacity');
  assert.ok(Number(inputValue(r.text, 'max')) <= 12);
  assert.ok(!r.text.includes('id="group"'), 'no sharing select for a tenant that is not an organiser');
  assert.ok(!r.text.includes(html(t('fi', 'ev.external'))));
  assert.deepEqual(options(r.text, 'type').map((o) => o.value).sort(), ['', typeA.uuid, typeA2.uuid].sort(), 'own types only');
  assert.deepEqual(options(r.text, 'duration').map((o) => o.value), ['15', '30', '45', '60', '75', '90'], 'up to the contract');
  assert.match(r.text, /<input type="date"/);
  assert.match(r.text, /<button type="submit" id="submit">Lähetä<\/button>/);
  for (const l of ['fi', 'sv', 'en']) {
    assert.ok(r.text.includes(`id="lang-${l}"`));
    assert.ok(r.text.includes(`id="name_${l}"`) && r.text.includes(`id="description_${l}"`));
  }
  // The time select offers only valid slots: the first is the earliest one.
  const now = await steadyNow();
  const r2 = await c.req('/fi/ecare/events/new');
  const earliest = local(Math.floor(now / SLOT) * SLOT + SLOT);
  assert.equal(inputValue(r2.text, 'date'), earliest.date);
  assert.equal(options(r2.text, 'time')[0].value, earliest.time);
  assert.equal(selected(r2.text, 'time'), earliest.time);
  for (const o of options(r2.text, 'time')) assert.match(o.value, /^\d\d:(00|15|30|45)$/);
});

test('an organiser sees Näytä ulkopuoliselle ryhmälle with its own groups only', async () => {
  const c = await as(opO);
  const r = await c.req('/fi/ecare/events/new');
  assert.ok(r.text.includes(html(t('fi', 'ev.external'))));
  assert.deepEqual(options(r.text, 'group').map((o) => o.value), ['', groupO.uuid]);
  const type = await create(c, { type: typeO.uuid, group: groupOther.uuid, max: '20', duration: '180' });
  assert.equal(type.status, 422, 'another tenant\'s group is refused');
  assert.equal(fieldError(type.text, 'group'), te('fi', 'events.err.group'));
  const named = await create(c, { type: typeO.uuid, group: 'Ryhmä', max: '20', duration: '180' });
  assert.equal(named.status, 422, 'a name for a group is refused');
  assert.equal(fieldError(named.text, 'group'), te('fi', 'events.err.group'));
  const uuid = await created(c, { type: typeO.uuid, group: groupO.uuid, max: '20', duration: '180' }, [['record', '1']]);
  assert.equal(sql(`SELECT e.group_id = g.id, e.record, e.duration_minutes FROM events e, external_groups g WHERE e.uuid = '${uuid}' AND g.uuid = '${groupO.uuid}'`), '1\t1\t180');
  const d = await c.req(`/fi/ecare/events/${uuid}`);
  assert.ok(d.text.includes(html(groupO.name)));
});

test('sharing is refused for a tenant that is not an organiser', async () => {
  const c = await as(opA);
  const r = await create(c, { group: groupO.uuid });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'group'), t('fi', 'contract.sharing'));
  assert.equal(eventCount(A), 0);
});

test('creating an event with every field stores it and shows Tiedot', async () => {
  const c = await as(opA);
  const day = local(Date.now() + 3 * 86400000).date;
  const before = audits(A, 'event.create');
  const body = { max: '12', type: typeA2.uuid, date: day, time: '14:15', duration: '90', name_fi: 'Tuolijumppa',
    description_fi: 'Kevyttä liikettä', name_sv: 'Stolgympa', description_sv: '', name_en: 'Chair <gym>', description_en: 'Light' };
  const uuid = await created(c, body, [['record', '0'].slice(0, 0), ['forced', '1'], ['lang', 'sv'], ['lang', 'en']].filter((x) => x.length));
  const row = sql(`SELECT max_participants, record, forced_answer, duration_minutes, status, creator_id, TIMESTAMPDIFF(MINUTE, starts_at, ends_at), room_id <> '' FROM events WHERE uuid = '${uuid}' AND tenant_id = ${A.id}`);
  assert.equal(row, `12\t0\t1\t90\tscheduled\t${opA.id}\t90\t1`);
  assert.equal(sql(`SELECT GROUP_CONCAT(CONCAT(language, ':', name, ':', IFNULL(description, '-')) ORDER BY language SEPARATOR '|') FROM event_texts x JOIN events e ON e.id = x.event_id WHERE e.uuid = '${uuid}'`),
    'en:Chair <gym>:Light|fi:Tuolijumppa:Kevyttä liikettä|sv:Stolgympa:-');
  // 14:15 in Helsinki is stored in UTC.
  const utc = sql(`SELECT DATE_FORMAT(starts_at, '%Y-%m-%dT%H:%i') FROM events WHERE uuid = '${uuid}'`);
  assert.equal(local(Date.parse(utc + ':00Z')).time, '14:15');
  assert.equal(audits(A, 'event.create'), before + 1);

  const d = await c.req(`/fi/ecare/events/${uuid}?done=created`);
  assert.equal(d.status, 200);
  assert.ok(d.text.includes(html(te('fi', 'events.flash.created'))));
  for (const k of ['ev.join-link', 'ev.id', 'ev.subject', 'ev.start', 'ev.end', 'ev.duration', 'ev.participants', 'ev.forced-shown'])
    assert.ok(d.text.includes(html(t('fi', k))), k);
  assert.ok(d.text.includes(html(te('fi', 'events.room'))));
  assert.ok(d.text.includes(`<code id="event-id">${uuid}</code>`));
  const room = sql(`SELECT room_id FROM events WHERE uuid = '${uuid}'`);
  assert.ok(d.text.includes(`<code id="event-room">${room}</code>`));
  assert.match(d.text, /<dd id="event-subject">Tuolijumppa<\/dd>/, 'the name in the tenant\'s language');
  assert.match(d.text, /<dd id="event-forced">Kyllä<\/dd>/);
  assert.match(d.text, /<dd id="event-record">Ei<\/dd>/);
  assert.match(d.text, /<dd id="event-duration">90 min<\/dd>/);
  assert.match(d.text, /<dd id="event-enrolled">0<\/dd>/);
  assert.ok(d.text.includes(html(typeA2.name)));
  assert.match(d.text, /<dd id="event-languages">Suomi, Svenska, English<\/dd>/);
  const [dd, mm, yyyy] = [day.slice(8), day.slice(5, 7), day.slice(0, 4)].map(Number);
  assert.ok(d.text.includes(`${dd}.${mm}.${yyyy} klo 14.15`), 'Alkaen in the tenant\'s zone');
  assert.ok(d.text.includes(`${dd}.${mm}.${yyyy} klo 15.45`), 'Loppuen');
  // Osallistujamäärä counts the enrolled, not the maximum.
  const id = sql(`SELECT id FROM events WHERE uuid = '${uuid}'`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status) VALUES (${id}, ${A.id}, ${cust.id}, 'customer', 'enrolled')`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, kind, status, email, first_name, last_name) VALUES (${id}, ${A.id}, 'guest', 'enrolled', '${unique('g')}@example.org', 'Vieras', 'Yksi')`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, kind, status, email, first_name, last_name) VALUES (${id}, ${A.id}, 'guest', 'waiting', '${unique('w')}@example.org', 'Odottaja', 'Kaksi')`);
  const d2 = await c.req(`/fi/ecare/events/${uuid}`);
  assert.match(d2.text, /<dd id="event-enrolled">2<\/dd>/);
  assert.ok(d2.text.includes('Odottaja'), 'the participants section lists the rows');
  // In Swedish the page is in Swedish and the name stays the tenant's language's.
  const sv = await c.req(`/sv/ecare/events/${uuid}`);
  assert.equal(sv.status, 200);
  assert.ok(sv.text.includes(html(t('sv', 'ev.subject'))));
});

test('the time rules: 15 minutes ago and off the grid are refused, the earliest slot is accepted', async () => {
  const c = await as(opA);
  const now = await steadyNow();
  const earliest = Math.floor(now / SLOT) * SLOT + SLOT;
  const ago = local(Math.floor(now / SLOT) * SLOT - SLOT);
  let r = await create(c, { date: ago.date, time: ago.time });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tc('err.time-earliest', written(earliest, 'fi')));
  assert.equal(selected(r.text, 'time'), ago.time, 'the input is kept');
  assert.equal(inputValue(r.text, 'date'), ago.date);
  // The earliest start is written the way the page's language writes times.
  for (const lang of ['sv', 'en']) {
    r = await create(c, { date: ago.date, time: ago.time }, [], lang);
    assert.equal(r.status, 422, lang);
    assert.equal(fieldError(r.text, 'time'), t(lang, 'err.time-earliest').replace('{0}', written(earliest, lang)), lang);
  }
  const off = local(earliest + 7 * 60000);
  r = await create(c, { date: off.date, time: off.time });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), t('fi', 'err.time-grid'));
  // At the current slot's start (e.g. 12:15 at 12:15:30) it is refused too.
  const cur = local(Math.floor(now / SLOT) * SLOT);
  r = await create(c, { date: cur.date, time: cur.time });
  assert.equal(r.status, 422);
  const ok = local(earliest);
  const uuid = await created(c, { date: ok.date, time: ok.time, duration: '15' });
  assert.equal(sql(`SELECT UNIX_TIMESTAMP(starts_at) FROM events WHERE uuid = '${uuid}'`), String(earliest / 1000));
  for (const [date, time] of [['2026-13-01', '10:00'], ['', '10:00'], ['2027-01-01', 'x'], ['2027-02-30', '10:00']]) {
    r = await create(c, { date, time });
    assert.equal(r.status, 422, `${date} ${time}`);
    assert.ok(fieldError(r.text, 'date') || fieldError(r.text, 'time'), `${date} ${time} has a message`);
  }
});

test('DST in Europe/Helsinki: an ambiguous time is the earlier instant with its zone; a skipped time is refused', async () => {
  const c = await as(opA);
  // Autumn 2027: the clocks go back at 04:00 EEST on 31 October (2026's change is past).
  const uuid = await created(c, { date: '2027-10-31', time: '03:30', duration: '15' });
  assert.equal(sql(`SELECT DATE_FORMAT(starts_at, '%Y-%m-%d %H:%i') FROM events WHERE uuid = '${uuid}'`), '2027-10-31 00:30', 'EEST, the earlier 03:30');
  const d = await c.req(`/fi/ecare/events/${uuid}`);
  assert.ok(d.text.includes('31.10.2027 klo 3.30 EEST'), 'shown with its zone');
  // The later 03:30 (EET) is a different slot, one hour on; the day after is plain EET.
  const d2 = await created(c, { date: '2027-11-01', time: '03:30', duration: '15' });
  assert.ok((await c.req(`/fi/ecare/events/${d2}`)).text.includes('1.11.2027 klo 3.30 EET'));
  const r = await create(c, { date: '2027-03-28', time: '03:30' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tc('err.time-nonexistent', TZ));
  assert.equal(Number(sql(`SELECT COUNT(*) FROM events WHERE tenant_id = ${A.id} AND starts_at BETWEEN '2027-03-28 00:00' AND '2027-03-28 02:00'`)), 0);
});

test('contract limits: capacity, recording, length and concurrency are refused naming the limit', async () => {
  const c = await as(opA);
  const n0 = eventCount(A);
  let r = await create(c, { max: '13' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'max'), tc('contract.capacity', '12'));
  assert.ok(fieldError(r.text, 'max').startsWith('Sopimuksenne sallii enintään 12 osallistujaa'));
  assert.equal(inputValue(r.text, 'max'), '13');
  for (const bad of ['0', '-1', 'x', '1.5', '']) {
    r = await create(c, { max: bad });
    assert.equal(r.status, 422, `max ${bad}`);
    assert.ok(fieldError(r.text, 'max'));
  }
  r = await create(c, {}, [['record', '1']]);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'record'), t('fi', 'contract.recording'));
  r = await create(c, { duration: '105' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'duration'), tc('contract.length', '90'));
  for (const bad of ['20', '0', 'x']) {
    r = await create(c, { duration: bad });
    assert.equal(r.status, 422, `duration ${bad}`);
    assert.equal(fieldError(r.text, 'duration'), te('fi', 'events.err.duration'));
  }
  assert.equal(eventCount(A), n0);
  // Two may run at once; the third overlapping one is refused.
  const day = local(Date.now() + 20 * 86400000).date;
  await created(c, { date: day, time: '10:00', duration: '60' });
  await created(c, { date: day, time: '10:30', duration: '60' });
  r = await create(c, { date: day, time: '10:45', duration: '15' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tc('contract.concurrent', '2'));
  await created(c, { date: day, time: '11:30', duration: '15' });
});

/** POSTs the create form with a given token (no page load in between: for requests sent at once). */
function createWith(c, token, f, lang = 'fi') {
  return c.req(`/${lang}/ecare/events/new`, { method: 'POST', body: new URLSearchParams({ ...f, csrf: token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

test('THE RACE: 10 overlapping events created at once under max_concurrent_events = 1: one, and 9 refusals naming the limit', async () => {
  const T = makeTenant({ contract: { maxParticipants: 10, maxConcurrent: 1 } });
  const typeT = makeType(T, unique('Kilpa'));
  // Ten operators, each with their own session, all pressing Lähetä at once.
  const ops = Array.from({ length: 10 }, () => makeUser(T, 'operator'));
  const cs = await Promise.all(ops.map((u) => as(u)));
  const tokens = await Promise.all(cs.map((c) => csrf(c)));
  const langs = ['fi', 'sv', 'en'];
  for (let round = 0; round < 5; round++) {
    const day = local(Date.now() + (30 + round) * 86400000).date;
    const forms = cs.map((_, i) =>
      fields({ type: typeT.uuid, date: day, time: `10:${String(15 * (i % 4)).padStart(2, '0')}`, duration: '60' }));
    const rs = await Promise.all(forms.map((f, i) => createWith(cs[i], tokens[i], f, langs[i % 3])));
    const made = rs.filter((r) => r.status === 303);
    assert.equal(made.length, 1, `round ${round}: exactly one created (got ${rs.map((r) => r.status).join(' ')})`);
    assert.equal(eventCount(T), round + 1);
    rs.forEach((r, i) => {
      if (r.status === 303) return;
      assert.equal(r.status, 422);
      const lang = langs[i % 3];
      assert.equal(fieldError(r.text, 'time'), t(lang, 'contract.concurrent').replace('{0}', '1'), `${lang}: the limit named`);
      assert.equal(inputValue(r.text, 'name_fi'), forms[i].name_fi, 'the form comes back with the input kept');
    });
  }
  assert.equal(audits(T, 'event.create'), 5);
});

test('THE RACE: deleting a type or an external group while an event of it is created: never an event of a deleted one', async () => {
  const admin = makeUser(O, 'admin');
  const c = await as(admin);
  const token = await csrf(c);
  const dangling = () => Number(sql(`SELECT COUNT(*) FROM events e WHERE e.tenant_id = ${O.id} AND (
    NOT EXISTS (SELECT 1 FROM event_types t WHERE t.id = e.type_id)
    OR (e.group_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM external_groups g WHERE g.id = e.group_id)))`));
  const n0 = dangling();
  for (let i = 0; i < 16; i++) {
    const byGroup = i % 2 === 1;
    const type = makeType(O, unique('Poistuva'));
    const group = byGroup ? makeGroup(O, unique('Poistuva')) : null;
    const f = fields({ type: type.uuid, max: '5' });
    if (group) f.group = group.uuid;
    const del = byGroup ? `/fi/admin/groups/${group.uuid}/delete` : `/fi/admin/types/${type.uuid}/delete`;
    const [made, gone] = await Promise.all([
      createWith(c, token, f),
      c.post(del, { csrf: token }),
    ]);
    const what = byGroup ? 'group' : 'type';
    assert.ok([303, 422].includes(made.status) && [303, 422].includes(gone.status), `${what}: ${made.status} ${gone.status}`);
    assert.equal((made.status === 303) + (gone.status === 303), 1, `${what} round ${i}: exactly one wins (${made.status} ${gone.status})`);
    if (made.status === 422) assert.equal(fieldError(made.text, what), te('fi', `events.err.${what}`));
    if (gone.status === 422) assert.ok(gone.text.includes(html(t('fi', `types.err.${what}-in-use`))), 'in use');
    assert.equal(dangling(), n0, `${what} round ${i}: no event of a deleted ${what}`);
  }
});

test('languages and names: at least one language, a name for each chosen one', async () => {
  const c = await as(opA);
  const n0 = eventCount(A);
  let r = await create(c, { lang: '' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'lang'), te('fi', 'events.err.lang'));
  r = await create(c, { name_fi: '' }, [['lang', 'sv'], ['name_sv', '']]);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'name_fi'), te('fi', 'events.err.name'));
  assert.ok(r.text.includes('id="name_sv-error"'));
  assert.match(r.text, /<input type="checkbox" name="lang" id="lang-sv" value="sv" checked/);
  r = await create(c, { lang: 'de' });
  assert.equal(r.status, 422);
  r = await create(c, { name_fi: 'x'.repeat(201) });
  assert.equal(fieldError(r.text, 'name_fi'), t('fi', 'err.too-long'));
  // A name for an unchosen language is not needed.
  await created(c, { name_sv: '' });
  assert.equal(eventCount(A), n0 + 1);
});

test('the type must be the tenant\'s own and is required', async () => {
  const c = await as(opA);
  const n0 = eventCount(A);
  let r = await create(c, { type: typeB.uuid });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'type'), te('fi', 'events.err.type'));
  r = await create(c, { type: 'Jumppa ä' }); // no uuid, not even ASCII: refused, not a 500
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'type'), te('fi', 'events.err.type'));
  r = await create(c, { type: '' });
  assert.equal(fieldError(r.text, 'type'), t('fi', 'err.required'));
  assert.ok(r.text.includes(html(t('fi', 'errors.title'))), 'error summary');
  assert.match(r.text, /<a href="#type">/);
  assert.equal(eventCount(A), n0);
});

// ---- The list

test('the list shows upcoming events, and with ?past=1 past ones, with Tiedot and Poista', async () => {
  const c = await as(opA);
  const name = unique('Lista');
  const uuid = await created(c, { name_fi: name });
  const pastName = unique('Mennyt');
  const past = await created(c, { name_fi: pastName, date: local(Date.now() + 30 * 86400000).date });
  sql(`UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 2 DAY, ends_at = UTC_TIMESTAMP() - INTERVAL 2 DAY + INTERVAL 1 HOUR WHERE uuid = '${past}'`);
  const r = await c.req('/fi/ecare/events');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(name)));
  assert.ok(!r.text.includes(html(pastName)));
  assert.ok(r.text.includes(`href="/fi/ecare/events/${uuid}"`));
  assert.ok(r.text.includes(`href="/fi/ecare/events/${uuid}/delete"`));
  assert.match(r.text, /<th scope="col">Alkaen<\/th><th scope="col">Nimi<\/th><th scope="col">Tapahtuman tyyppi<\/th><th scope="col">Osallistujamäärä<\/th>/);
  assert.ok(r.text.includes('eCare Event') && r.text.includes('Kalenteriasetukset'));
  assert.ok(r.text.includes('href="/fi/ecare/events/new"'));
  const p = await c.req('/fi/ecare/events?past=1');
  assert.ok(p.text.includes(html(pastName)));
  assert.ok(!p.text.includes(html(name)));
  assert.ok(p.text.includes(`href="/fi/ecare/events/${past}"`));
  assert.ok(p.text.includes(html(te('fi', 'events.past'))));
  // Nothing of another tenant.
  const cb = await as(opB);
  assert.ok(!(await cb.req('/fi/ecare/events')).text.includes(html(name)));
});

test('the list is paged: 50 events a page, Seuraavat tapahtumat to the later ones and back, for past ones too', async () => {
  // An organisation of its own with 55 coming and 55 past events, one a day.
  const P = makeTenant();
  const op = makeUser(P, 'operator');
  const type = makeType(P);
  const typeId = sql(`SELECT id FROM event_types WHERE uuid = '${type.uuid}'`);
  const tag = unique('Sivu');
  const rows = [];
  for (let i = 1; i <= 55; i++) {
    for (const [sign, status] of [['+', 'scheduled'], ['-', 'ended']]) {
      rows.push(`(UUID(), ${P.id}, ${typeId}, ${op.id}, 5, UTC_TIMESTAMP() ${sign} INTERVAL ${i} DAY,`
        + ` UTC_TIMESTAMP() ${sign} INTERVAL ${i} DAY + INTERVAL 1 HOUR, 60, CONCAT('r-', UUID()), '${status}')`);
    }
  }
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,`
    + ` duration_minutes, room_id, status) VALUES ${rows.join(',')}`);
  sql(`INSERT INTO event_texts (event_id, language, name)
    SELECT id, 'fi', CONCAT('${tag}-', IF(starts_at > UTC_TIMESTAMP(), 'tuleva-', 'mennyt-'),
      LPAD(ABS(DATEDIFF(starts_at, UTC_TIMESTAMP())), 2, '0'), '.') FROM events WHERE tenant_id = ${P.id}`);
  const c = new Client();
  await login(c, op);
  // Each row names its event more than once (the cell, the buttons' labels): each name once, in order.
  const names = (text) => [...new Set([...text.matchAll(new RegExp(`${tag}-([a-z]+-\\d+)\\.`, 'g'))].map((m) => m[1]))];
  const next = html(te('fi', 'events.next-page')), prev = html(te('fi', 'events.prev-page'));

  const first = await c.req('/fi/ecare/events');
  assert.equal(first.status, 200);
  assert.equal(names(first.text).length, 50);
  assert.equal(names(first.text)[0], 'tuleva-01', 'soonest first');
  assert.ok(!names(first.text).includes('tuleva-51'));
  assert.ok(first.text.includes(next) && !first.text.includes(prev));
  assert.ok(first.text.includes('href="/fi/ecare/events?page=1"'));
  const second = await c.req('/fi/ecare/events?page=1');
  assert.deepEqual(names(second.text), ['tuleva-51', 'tuleva-52', 'tuleva-53', 'tuleva-54', 'tuleva-55']);
  assert.ok(second.text.includes(prev) && !second.text.includes(next));
  assert.ok(second.text.includes('href="/fi/ecare/events?page=0"'));

  const past = await c.req('/fi/ecare/events?past=1');
  assert.equal(names(past.text).length, 50);
  assert.equal(names(past.text)[0], 'mennyt-01', 'latest first');
  assert.ok(past.text.includes('href="/fi/ecare/events?past=1&amp;page=1"'));
  const older = await c.req('/fi/ecare/events?past=1&page=1');
  assert.deepEqual(names(older.text), ['mennyt-51', 'mennyt-52', 'mennyt-53', 'mennyt-54', 'mennyt-55']);

  // A page that is not a number is the first; one past the end is empty, with the way back.
  assert.deepEqual(names((await c.req('/fi/ecare/events?page=abc')).text), names(first.text));
  const beyond = await c.req('/fi/ecare/events?page=9');
  assert.equal(beyond.status, 200);
  assert.equal(names(beyond.text).length, 0);
  assert.ok(beyond.text.includes('href="/fi/ecare/events?page=8"'));
});

// ---- Join links

/** The join link shown on Tiedot, absolute ([app] public_url); its path
 * with rel. */
function linkOf(text, kind) {
  const m = text.match(new RegExp(`<code id="join-link-${kind}">([^<]+)</code>`));
  return m ? m[1].replace(/&amp;/g, '&') : null;
}
const rel = (u) => { assert.ok(u.startsWith(BASE + '/'), u); return u.slice(BASE.length); };

test('join links: absolute, issued once, listed, new links keep the old, Peru ends one, Peru kaikki ends all', async () => {
  const c = await as(opA);
  const name = unique('Linkki');
  const uuid = await created(c, { name_fi: name });
  let d = await c.req(`/fi/ecare/events/${uuid}`);
  assert.ok(d.text.includes(html(te('fi', 'events.links-none'))));
  const tok = d.text.match(/name="csrf" value="([^"]+)"/)[1];
  let r = await c.post(`/fi/ecare/events/${uuid}/links`, { csrf: tok });
  assert.equal(r.status, 200);
  const desk = linkOf(r.text, 'desktop'), mob = linkOf(r.text, 'mobile');
  // Absolute, from [app] public_url (the test stack's is its own address).
  assert.match(desk, new RegExp(`^${BASE}/fi/join/[A-Za-z0-9_-]{43}$`));
  assert.match(mob, new RegExp(`^${BASE}/fi/join/[A-Za-z0-9_-]{43}\\?m=1$`));
  assert.ok(r.text.includes(html(t('fi', 'ev.join-link-mobile'))));
  assert.equal(Number(sql(`SELECT COUNT(*) FROM join_links l JOIN events e ON e.id = l.event_id WHERE e.uuid = '${uuid}' AND l.revoked_at IS NULL`)), 2);
  assert.equal(sql(`SELECT GROUP_CONCAT(kind ORDER BY kind) FROM join_links l JOIN events e ON e.id = l.event_id WHERE e.uuid = '${uuid}'`), 'desktop,mobile');
  assert.ok(!sql(`SELECT GROUP_CONCAT(token_hash) FROM join_links`).includes(desk.split('/').pop()), 'only hashes stored');
  d = await c.req(`/fi/ecare/events/${uuid}`);
  assert.equal(linkOf(d.text, 'desktop'), null, 'shown once');
  assert.ok(d.text.includes(html(te('fi', 'events.links-active'))));
  // Both are listed, each with its own Peru.
  const rows = [...d.text.matchAll(/action="\/fi\/ecare\/events\/[0-9a-f-]+\/links\/(\d+)\/revoke"/g)].map((m) => m[1]);
  assert.equal(rows.length, 2);
  assert.ok(d.text.includes(html(te('fi', 'events.links-kind.mobile'))));

  const j = await get(rel(desk));
  assert.equal(j.status, 200);
  assert.ok(j.text.includes(html(name)));
  assert.ok(j.text.includes(html(te('fi', 'events.join.upcoming'))));
  assert.match(j.text, /<dd id="join-start">\d+\.\d+\.\d{4} klo \d+\.\d\d EES?T<\/dd>/);
  const jm = await get(rel(mob));
  assert.equal(jm.status, 200);
  assert.ok(jm.text.includes('join-mobile'));

  // A new pair leaves the links already sent working.
  r = await c.post(`/fi/ecare/events/${uuid}/links`, { csrf: tok });
  const desk2 = linkOf(r.text, 'desktop');
  assert.notEqual(desk2, desk);
  assert.equal((await get(rel(desk))).status, 200, 'old link still works');
  assert.equal((await get(rel(desk2))).status, 200);
  // Peru on one row ends that link only.
  r = await c.post(`/fi/ecare/events/${uuid}/links/${rows[0]}/revoke`, { csrf: tok });
  assert.equal(r.status, 303);
  d = await c.req(r.headers.get('location'));
  assert.ok(d.text.includes(html(te('fi', 'events.flash.revoked-one'))));
  assert.equal((await get(rel(desk))).status, 404, 'that link revoked');
  const gone = await get(rel(desk));
  assert.ok(gone.text.includes(html(te('fi', 'events.join.invalid-title'))));
  assert.equal((await get(rel(mob))).status, 200, 'its mobile twin still works');
  assert.equal((await get(rel(desk2))).status, 200);
  assert.equal((await c.post(`/fi/ecare/events/${uuid}/links/${rows[0]}/revoke`, { csrf: tok })).status, 404,
    'a revoked link is not revoked twice');
  r = await c.post(`/fi/ecare/events/${uuid}/links/revoke`, { csrf: tok });
  assert.equal(r.status, 303);
  assert.equal((await get(rel(desk2))).status, 404);
  assert.equal((await get(rel(mob))).status, 404);
  assert.ok(audits(A, 'event.links.issue') >= 2 && audits(A, 'event.links.revoke') >= 1);

  // A running event says so; an ended one is not valid.
  r = await c.post(`/fi/ecare/events/${uuid}/links`, { csrf: tok });
  const desk3 = linkOf(r.text, 'desktop');
  sql(`UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 10 MINUTE, ends_at = UTC_TIMESTAMP() + INTERVAL 20 MINUTE WHERE uuid = '${uuid}'`);
  const run = await get(rel(desk3));
  assert.ok(run.text.includes(html(te('fi', 'events.join.running'))));
  assert.ok(run.text.includes(html(t('fi', 'ev.join'))));
  sql(`UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 2 HOUR, ends_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE uuid = '${uuid}'`);
  assert.equal((await get(rel(desk3))).status, 404, 'after the end');
  assert.equal((await get('/fi/join/' + 'A'.repeat(43))).status, 404, 'unknown token');
});

// ---- Cancelling

test('Poista asks first, then cancels, hides the event, revokes links and audits', async () => {
  const c = await as(opA);
  const name = unique('Poistettava');
  const uuid = await created(c, { name_fi: name });
  const id = sql(`SELECT id FROM events WHERE uuid = '${uuid}'`);
  const tok = (await c.req(`/fi/ecare/events/${uuid}`)).text.match(/name="csrf" value="([^"]+)"/)[1];
  const link = linkOf((await c.post(`/fi/ecare/events/${uuid}/links`, { csrf: tok })).text, 'desktop');
  const q = await c.req(`/fi/ecare/events/${uuid}/delete`);
  assert.equal(q.status, 200);
  assert.ok(q.text.includes(html(te('fi', 'events.delete-confirm', name))));
  assert.match(q.text, /<button type="submit" class="button-danger">Poista<\/button>/);
  assert.ok(q.text.includes('>Peruuta</a>'));
  assert.equal(sql(`SELECT status FROM events WHERE id = ${id}`), 'scheduled', 'nothing changed yet');
  const before = audits(A, 'event.cancel');
  const r = await c.post(`/fi/ecare/events/${uuid}/delete`, { csrf: tok });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/ecare/events?done=cancelled');
  assert.equal(sql(`SELECT status, cancelled_at IS NOT NULL FROM events WHERE id = ${id}`), 'cancelled\t1');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM join_links WHERE event_id = ${id} AND revoked_at IS NULL`)), 0);
  assert.equal(audits(A, 'event.cancel'), before + 1);
  const l = await c.req('/fi/ecare/events?done=cancelled');
  assert.ok(!l.text.includes(html(name)));
  assert.ok(l.text.includes(html(te('fi', 'events.flash.cancelled'))));
  assert.equal((await get(rel(link))).status, 404);
  assert.equal((await c.req(`/fi/ecare/events/${uuid}`)).status, 404);
  assert.equal((await c.post(`/fi/ecare/events/${uuid}/delete`, { csrf: tok })).status, 404);
});

// ---- Tenants apart

test('another tenant\'s event is 404 everywhere', async () => {
  const cb = await as(opB);
  const typeB2 = typeB;
  const body = new URLSearchParams({ ...fields({ type: typeB2.uuid, max: '3' }), csrf: await csrf(cb) });
  const made = await cb.req('/fi/ecare/events/new', { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(made.status, 303);
  const uuidB = made.headers.get('location').match(/events\/([0-9a-f-]{36})/)[1];
  const c = await as(opA);
  const tok = await csrf(c);
  assert.equal((await c.req(`/fi/ecare/events/${uuidB}`)).status, 404);
  assert.equal((await c.req(`/fi/ecare/events/${uuidB}/delete`)).status, 404);
  assert.equal((await c.post(`/fi/ecare/events/${uuidB}/delete`, { csrf: tok })).status, 404);
  assert.equal((await c.post(`/fi/ecare/events/${uuidB}/links`, { csrf: tok })).status, 404);
  assert.equal((await c.post(`/fi/ecare/events/${uuidB}/links/revoke`, { csrf: tok })).status, 404);
  assert.equal(sql(`SELECT status FROM events WHERE uuid = '${uuidB}'`), 'scheduled');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM join_links l JOIN events e ON e.id = l.event_id WHERE e.uuid = '${uuidB}'`)), 0);
  assert.equal((await c.req('/fi/ecare/events/00000000-0000-4000-8000-000000000000')).status, 404);
});

// ---- The video adapter: loopback for tests, none at all refused

after(restoreConf);

test('with [video] adapter = loopback rooms are loop-<uuid> and cancelling destroys the room; without an adapter nothing is created (VV_TEST_NO_ADAPTER=1)', async () => {
  if (!adapterSwitchable()) return; // the stack names no adapter line
  useAdapter('loopback');
  const c = new Client();
  await until(async () => {
    try { await login(c, opA); } catch { return false; }
    const r = await create(c, { name_fi: unique('Loop') });
    if (r.status !== 303) return false;
    const uuid = r.headers.get('location').match(/events\/([0-9a-f-]{36})/)[1];
    return sql(`SELECT room_id FROM events WHERE uuid = '${uuid}'`) === `loop-${uuid}` ? uuid : false;
  }, 15000, 'the loopback adapter').then(async (uuid) => {
    const tok = await csrf(c);
    assert.equal((await c.post(`/fi/ecare/events/${uuid}/delete`, { csrf: tok })).status, 303);
    await until(() => readLog().includes(`video_loopback: destroy room loop-${uuid}`), 5000, 'the destroy line');
  });
  // Also without any adapter: event creation is refused, nothing is written.
  useAdapter('no-such-adapter');
  // Until the reload has replaced every worker, an old one may still create
  // events with the loopback adapter: count only once three in a row are refused.
  let refusals = 0;
  const c2 = new Client();
  await until(async () => {
    try { if (!c2.cookies.get('vv_session')) await login(c2, opA); } catch { return false; }
    const r = await create(c2);
    refusals = r.status === 422 && fieldError(r.text, 'submit') === te('fi', 'events.err.video') ? refusals + 1 : 0;
    return refusals >= 3;
  }, 15000, 'the refusal without an adapter');
  const n0 = eventCount(A);
  const r = await create(c2);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'submit'), te('fi', 'events.err.video'));
  assert.equal(eventCount(A), n0, 'nothing written');
});

test('Tiedot of a shared event: a partner tenant\'s customer is counted but shown only as a label', async () => {
  const c = await as(opO);
  // Straight in the database: the video adapter is not what this is about.
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status)
       SELECT '${uuid}', ${O.id}, t.id, g.id, ${opO.id}, 4, UTC_TIMESTAMP() + INTERVAL 1 DAY,
       UTC_TIMESTAMP() + INTERVAL 25 HOUR, 60, '${unique('room')}', 'scheduled'
       FROM event_types t, external_groups g WHERE t.uuid = '${typeO.uuid}' AND g.uuid = '${groupO.uuid}'`);
  const ev = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${ev}, 'fi', '${unique('Jaettu')}')`);
  const partner = makeUser(B, 'customer', { first: 'Birgitta', last: unique('Salainen') });
  const own = makeUser(O, 'customer', { first: 'Olga', last: unique('Oma') });
  for (const u of [partner, own]) {
    sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status, first_name, last_name, added_by)
         VALUES (${ev}, ${u.tenant.id}, ${u.id}, 'customer', 'enrolled', '${u.first}', '${u.last}', ${u.id})`);
  }
  const pPartner = sql(`SELECT id FROM event_participants WHERE event_id = ${ev} AND user_id = ${partner.id}`);
  const pOwn = sql(`SELECT id FROM event_participants WHERE event_id = ${ev} AND user_id = ${own.id}`);
  for (const [lang, label] of [['fi', 'Kumppaniorganisaation asiakas'], ['sv', 'Kund hos partnerorganisation'],
    ['en', 'Customer of a partner organisation']]) {
    assert.equal(t(lang, 'participants.partner'), label);
    const r = await c.req(`/${lang}/ecare/events/${uuid}`);
    assert.equal(r.status, 200);
    for (const secret of [partner.email, partner.last, partner.uuid]) {
      assert.ok(!r.text.includes(secret), `${lang}: nothing of the partner's customer (${secret})`);
    }
    assert.ok(r.text.includes(html(label)), `${lang}: the label`);
    assert.ok(r.text.includes(own.email) && r.text.includes(html(own.last)), `${lang}: our own customer in full`);
    assert.ok(r.text.includes(t(lang, 'participants.customers').replace('{0}', '2 / 4')), `${lang}: both counted`);
    assert.ok(!r.text.includes(`/participants/${pPartner}/remove"`), `${lang}: no Poista for the partner's customer`);
    assert.ok(r.text.includes(`/participants/${pOwn}/remove"`), `${lang}: Poista for our own`);
  }
  const tok = await csrf(c);
  assert.equal((await c.post(`/fi/ecare/events/${uuid}/participants/${pPartner}/remove`, { csrf: tok })).status, 404);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM event_participants WHERE id = ${pPartner}`)), 1);
});
