// Recurring events (issue 16, item 3; plugin events, series.c and edit.c):
// a weekly series made through the create form is one real event per
// occurrence, in one transaction; contract checks per occurrence name the
// dates that break them and write nothing; bad repeat input gets its
// message next to its field; one occurrence or this-and-following edited;
// one occurrence or the series deleted; the wall-clock time kept across
// the DST change; the list shows the series as one row that opens; the
// calendar feed lists the occurrences as separate events.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BASE, ROOT, Client, csrfOf, inputValue, login, makeTenant, makeUser, sql, unique } from '../../../tests/http/lib.mjs';
import { te, fieldError, makeType, formOf, bodyOf } from './events-lib.mjs';

let T, op, type;
let client;

/** Posts the create form with `fields` (an object; arrays for repeated names). */
async function create(fields, lang = 'fi') {
  const body = new URLSearchParams();
  const all = { max: '5', type: type.uuid, time: '10:00', duration: '60', lang: 'fi', description_fi: '',
    repeat: 'weekly', every: '1', ends: 'count', ...fields,
    csrf: await csrfOf(client, `/${lang}/ecare/events/new`) };
  for (const [k, v] of Object.entries(all)) for (const x of [].concat(v)) body.append(k, x);
  return client.req(`/${lang}/ecare/events/new`, { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
/** The occurrences of the events named `name`: [{uuid, local 'YYYY-MM-DD HH:MM', utc, status, series, room}]. */
function occurrences(name) {
  const out = sql(`SELECT e.uuid, DATE_FORMAT(CONVERT_TZ(e.starts_at, '+00:00', '+00:00'), '%Y-%m-%d %H:%i'),
      e.status, IFNULL(e.series_id, 0), e.room_id
    FROM events e JOIN event_texts x ON x.event_id = e.id AND x.language = 'fi'
    WHERE e.tenant_id = ${T.id} AND x.name = '${name}' ORDER BY e.starts_at`);
  if (!out) return [];
  return out.split('\n').map((l) => {
    const [uuid, utc, status, series, room] = l.split('\t');
    return { uuid, utc, local: helsinki(utc), status, series: Number(series), room };
  });
}
/** UTC 'YYYY-MM-DD HH:MM' as Helsinki wall time. */
function helsinki(utc) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(utc.replace(' ', 'T') + ':00Z')).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
const counts = () => sql(`SELECT (SELECT COUNT(*) FROM events WHERE tenant_id = ${T.id}),
  (SELECT COUNT(*) FROM event_series WHERE tenant_id = ${T.id})`);

before(async () => {
  T = makeTenant({ contract: { maxParticipants: 20, recording: false, maxEventMinutes: 120, maxConcurrent: 1 },
    timezone: 'Europe/Helsinki' });
  op = makeUser(T, 'operator');
  type = makeType(T);
  client = new Client();
  await login(client, op);
});

test('weekly on Monday and Wednesday, 6 times: six real events, each with its own room, at 10.00', async () => {
  const name = unique('Tuolijumppa');
  const r = await create({ date: '2027-02-01', name_fi: name, wday: ['1', '3'], count: '6' });
  assert.equal(r.status, 303, fieldError(r.text, 'time') ?? r.text.slice(0, 300));
  assert.match(r.headers.get('location'), /\/fi\/ecare\/events\/[0-9a-f-]{36}\?done=series$/);
  const occ = occurrences(name);
  assert.deepEqual(occ.map((o) => o.local), ['2027-02-01 10:00', '2027-02-03 10:00', '2027-02-08 10:00',
    '2027-02-10 10:00', '2027-02-15 10:00', '2027-02-17 10:00']);
  assert.equal(new Set(occ.map((o) => o.series)).size, 1);
  assert.ok(occ[0].series > 0);
  assert.equal(new Set(occ.map((o) => o.room)).size, 6, 'a room each');
  assert.equal(sql(`SELECT weekdays, every_weeks, times FROM event_series WHERE id = ${occ[0].series}`), '10\t1\t6');
  // The first occurrence's page says it belongs to a series.
  const page = await client.req(new URL(r.headers.get('location'), BASE).pathname + '?done=series');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(te('fi', 'events.flash.series')));
  assert.match(page.text, /id="event-series">Joka viikko: ma, ke/);
  // Muokkaa kalenteria: one series row that opens onto its occurrences.
  const list = await client.req('/fi/ecare/events');
  const row = list.text.match(new RegExp(`<tr class="series-row" id="series-[0-9a-f-]{36}">[\\s\\S]*?</details>`));
  assert.ok(row, 'a series row');
  assert.equal([...list.text.matchAll(/<tr class="series-row"/g)].length, 1, 'one row for the series');
  assert.ok(row[0].includes(name));
  assert.match(row[0], /Joka viikko: ma, ke/);
  assert.equal([...row[0].matchAll(/\/edit"/g)].length, 6, 'its six occurrences inside');
});

test('every 2 weeks until a date, with an exception: the exception is left out', async () => {
  const name = unique('Muistiryhmä');
  const r = await create({ date: '2027-04-06', name_fi: name, wday: '2', every: '2', ends: 'until',
    until: '2027-05-31', skip: '20.4.2027' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.deepEqual(occurrences(name).map((o) => o.local), ['2027-04-06 10:00', '2027-05-04 10:00', '2027-05-18 10:00']);
});

test('one occurrence over the contract\'s events at once: 422 naming its date, nothing written', async () => {
  // 9.6.2027 (a Wednesday) 10.00-11.00 EEST is taken; the contract allows one event at a time.
  const busy = unique('Varattu');
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at, duration_minutes,
       room_id, status) SELECT '${uuid}', ${T.id}, t.id, ${op.id}, 5, '2027-06-09 07:00:00', '2027-06-09 08:00:00', 60,
       'room-${uuid}', 'scheduled' FROM event_types t WHERE t.uuid = '${type.uuid}'`);
  sql(`INSERT INTO event_texts (event_id, language, name) SELECT id, 'fi', '${busy}' FROM events WHERE uuid = '${uuid}'`);
  const before = counts();
  const name = unique('Liikaa');
  const r = await create({ date: '2027-06-07', name_fi: name, wday: ['1', '3'], count: '4' });
  assert.equal(r.status, 422);
  const msg = fieldError(r.text, 'time');
  assert.equal(msg, te('fi', 'events.err.series-concurrent', '9.6.2027'));
  assert.equal(counts(), before, 'no event and no series written');
  assert.equal(occurrences(name).length, 0);
  // The input stays.
  assert.equal(inputValue(r.text, 'count'), '4');
  assert.match(r.text, /id="wday-3" value="3" checked/);
  // In English the dates are written as the English pages write them.
  const en = await create({ date: '2027-06-07', name_fi: name, wday: ['1', '3'], count: '4' }, 'en');
  assert.equal(en.status, 422);
  assert.equal(fieldError(en.text, 'time'), te('en', 'events.err.series-concurrent', '2027-06-09'));
  // A limit every occurrence breaks is said once, on its field.
  const cap = await create({ date: '2027-06-14', name_fi: name, wday: '1', count: '3', max: '21' });
  assert.equal(cap.status, 422);
  assert.match(fieldError(cap.text, 'max'), /20/);
  assert.equal(counts(), before);
});

test('bad repeat input: the message next to its field, nothing written', async () => {
  const before = counts();
  const name = unique('Virhe');
  const cases = [
    [{ wday: [] }, 'wday', te('fi', 'events.err.wday')],
    [{ wday: '1', ends: 'until', until: '2027-08-01' }, 'until', te('fi', 'events.err.until-before')],
    [{ wday: '1', count: '0' }, 'count', te('fi', 'events.err.count', '100')],
    [{ wday: '1', count: '1000' }, 'count', te('fi', 'events.err.count', '100')],
    [{ wday: '1', count: '3', every: '0' }, 'every', te('fi', 'events.err.every', '52')],
    [{ wday: '1', count: '3', skip: 'huomenna' }, 'skip', te('fi', 'events.err.skip-date', 'huomenna')],
    [{ wday: '1', count: '3', skip: '3.8.2027' }, 'skip', te('fi', 'events.err.skip-not', '3.8.2027')],
    [{ wday: ['1', '2', '3', '4', '5'], ends: 'until', until: '2028-01-31' }, 'until', te('fi', 'events.err.series-many', '100')],
  ];
  for (const [over, field, text] of cases) {
    const r = await create({ date: '2027-08-02', name_fi: name, count: '3', ...over });
    assert.equal(r.status, 422, `${field}: ${JSON.stringify(over)}`);
    assert.equal(fieldError(r.text, field), text, JSON.stringify(over));
    assert.match(r.text, new RegExp(`id="${field}"[^>]*aria-invalid="true"|<fieldset id="${field}">`));
  }
  assert.equal(counts(), before);
  // Swedish and English have their own words.
  const sv = await create({ date: '2027-08-02', name_fi: name, wday: [] }, 'sv');
  assert.equal(fieldError(sv.text, 'wday'), te('sv', 'events.err.wday'));
});

test('across the DST change each occurrence keeps 10.00 wall-clock time; a time the change skips is refused by date', async () => {
  const name = unique('Kevät');
  const r = await create({ date: '2027-03-22', name_fi: name, wday: '1', count: '2' });
  assert.equal(r.status, 303);
  const occ = occurrences(name);
  assert.deepEqual(occ.map((o) => o.utc), ['2027-03-22 08:00', '2027-03-29 07:00']);
  assert.deepEqual(occ.map((o) => o.local), ['2027-03-22 10:00', '2027-03-29 10:00']);
  // Sunday 28.3.2027 has no 03.30 in Helsinki.
  const before = counts();
  const gap = await create({ date: '2027-03-21', time: '03:30', name_fi: unique('Yö'), wday: '7', count: '3' });
  assert.equal(gap.status, 422);
  assert.equal(fieldError(gap.text, 'time'), te('fi', 'events.err.series-nonexistent', '28.3.2027'));
  assert.equal(counts(), before);
});

/** Opens an occurrence's edit form and sends it with changes. */
async function edit(uuid, changes) {
  const page = await client.req(`/fi/ecare/events/${uuid}/edit`);
  assert.equal(page.status, 200);
  return client.req(`/fi/ecare/events/${uuid}/edit`, { method: 'POST', body: bodyOf(formOf(page.text), changes).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
const nameOf = (uuid) => sql(`SELECT x.name FROM event_texts x JOIN events e ON e.id = x.event_id WHERE e.uuid = '${uuid}' AND x.language = 'fi'`);

test('edit one occurrence, then this and following; the others stay as they were', async () => {
  const name = unique('Viikkokahvit');
  assert.equal((await create({ date: '2027-09-06', name_fi: name, wday: '1', count: '9' })).status, 303);
  const occ = occurrences(name);
  // The edit form offers the choice.
  const page = await client.req(`/fi/ecare/events/${occ[1].uuid}/edit`);
  assert.match(page.text, /id="scope-one" value="one" checked/);
  assert.match(page.text, /id="scope-following" value="following"/);
  // Only this one.
  const one = await edit(occ[1].uuid, { name_fi: `${name} (siirretty)`, time: '11:00', scope: 'one' });
  assert.equal(one.status, 303);
  assert.equal(nameOf(occ[1].uuid), `${name} (siirretty)`);
  assert.equal(helsinki(sql(`SELECT DATE_FORMAT(starts_at, '%Y-%m-%d %H:%i') FROM events WHERE uuid = '${occ[1].uuid}'`)), '2027-09-13 11:00');
  for (const o of [occ[0], ...occ.slice(2)]) assert.equal(nameOf(o.uuid), name);
  // This and following from the third: 12.00 and a new name for the 3rd-9th.
  const fol = await edit(occ[2].uuid, { name_fi: `${name} uusi`, time: '12:00', scope: 'following' });
  assert.equal(fol.status, 303, fieldError(fol.text, 'scope') ?? '');
  assert.match(fol.headers.get('location'), /done=updated-following$/);
  const after = occurrences(`${name} uusi`);
  assert.deepEqual(after.map((o) => o.local), ['2027-09-20 12:00', '2027-09-27 12:00', '2027-10-04 12:00',
    '2027-10-11 12:00', '2027-10-18 12:00', '2027-10-25 12:00', '2027-11-01 12:00']);
  assert.equal(nameOf(occ[0].uuid), name);
  assert.equal(occurrences(name)[0].local, '2027-09-06 10:00');
  assert.equal(nameOf(occ[1].uuid), `${name} (siirretty)`);
  // Across the autumn DST change (31.10.2027) too: still 12.00, an hour later in UTC.
  assert.equal(after.at(-2).utc, '2027-10-25 09:00');
  assert.equal(after.at(-1).utc, '2027-11-01 10:00');
});

test('this and following refused for one occurrence: its date named, none changed', async () => {
  const name = unique('Tiistaipiiri');
  assert.equal((await create({ date: '2027-11-02', name_fi: name, wday: '2', count: '3' })).status, 303);
  const occ = occurrences(name);
  // 16.11.2027 at 14.00 is taken by another event.
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at, duration_minutes,
       room_id, status) SELECT '${uuid}', ${T.id}, t.id, ${op.id}, 5, '2027-11-16 12:00:00', '2027-11-16 13:00:00', 60,
       'room-${uuid}', 'scheduled' FROM event_types t WHERE t.uuid = '${type.uuid}'`);
  const r = await edit(occ[0].uuid, { time: '14:00', name_fi: `${name} X`, scope: 'following' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'scope'), te('fi', 'events.err.following-dates', '16.11.2027'));
  assert.equal(fieldError(r.text, 'time'), te('fi', 'events.err.series-concurrent', '16.11.2027'));
  assert.deepEqual(occurrences(name).map((o) => o.local), ['2027-11-02 10:00', '2027-11-09 10:00', '2027-11-16 10:00']);
});

test('delete one occurrence, then the whole series', async () => {
  const name = unique('Laulu');
  assert.equal((await create({ date: '2027-12-06', name_fi: name, wday: ['1', '4'], count: '4' })).status, 303);
  const occ = occurrences(name);
  const form = await client.req(`/fi/ecare/events/${occ[1].uuid}/delete`);
  assert.match(form.text, /id="scope-series" value="series"/);
  assert.ok(form.text.includes(te('fi', 'events.delete-scope.series', '4')));
  let r = await client.post(`/fi/ecare/events/${occ[1].uuid}/delete`, { csrf: await csrfOf(client, '/fi/ecare/events'), scope: 'one' });
  assert.equal(r.status, 303);
  assert.deepEqual(occurrences(name).map((o) => o.status), ['scheduled', 'cancelled', 'scheduled', 'scheduled']);
  r = await client.post(`/fi/ecare/events/${occ[2].uuid}/delete`, { csrf: await csrfOf(client, '/fi/ecare/events'), scope: 'series' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /done=cancelled-series$/);
  assert.deepEqual(occurrences(name).map((o) => o.status), ['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${T.id} AND action = 'event.cancel'
    AND detail LIKE 'event=${occ[3].uuid}%'`), '1');
});

test('the staff calendar feed lists every occurrence as its own event, without RRULE', async () => {
  const name = unique('Syöte');
  assert.equal((await create({ date: '2028-01-03', name_fi: name, wday: ['1', '5'], count: '4' })).status, 303);
  const occ = occurrences(name);
  const page = await client.post('/fi/account/calendar-feed', { csrf: await csrfOf(client, '/fi/account/calendar-feed'), do: 'create' });
  assert.equal(page.status, 200);
  const url = inputValue(page.text, 'feed-url');
  const raw = await (await fetch(url)).text();
  assert.ok(!/RRULE/.test(raw));
  const file = `${mkdtempSync(`${tmpdir()}/vv-series-`)}/feed.ics`;
  writeFileSync(file, raw);
  const lines = execFileSync('/usr/bin/python3', [`${ROOT}/tests/tools/ics_check.py`, file, 'feed'], { encoding: 'utf8' })
    .trim().split('\n').slice(1).filter((l) => l.endsWith(` ${name}`));
  assert.equal(lines.length, 4);
  for (const o of occ) assert.ok(lines.some((l) => l.split(' ')[1].startsWith(o.uuid)), o.uuid);
  assert.deepEqual(lines.map((l) => l.split(' ')[2]).sort(),
    ['2028-01-03T08:00:00Z', '2028-01-07T08:00:00Z', '2028-01-10T08:00:00Z', '2028-01-14T08:00:00Z']);
});
