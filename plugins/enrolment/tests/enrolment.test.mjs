// The VV Home calendar and enrolment (plugin enrolment, R-EN-1..3, R-NAV-3):
// what each customer sees, in which language and on which day; enrolling,
// cancelling, the waiting list; staff enrolling without taking a seat;
// customers staff added on Tiedot;
// capacity under 200 simultaneous enrolments; recordings on their days;
// the weeks after the current one, across a DST change, and bad ?week=.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CONF, Client, get, html, login, makeTenant, makeUser, sql, t, unique } from '../../../tests/http/lib.mjs';

const TZ = 'Europe/Helsinki';
const q = (s) => (s === null || s === undefined ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);

// ---- Time in the tenant's zone, computed here with Intl, not by the server.

/** "YYYY-MM-DD" of an instant in TZ (from the parts: the locale's own
 * pattern differs between ICU versions, Debian 12's Node says 12/08/2026). */
const localDate = (ms) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit',
    day: '2-digit' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
};
/** Offset of TZ at an instant, in ms. */
function offsetMs(ms) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
}
/** The instant (ms) at which the wall clock in TZ shows date ("YYYY-MM-DD") hh:mm. */
function atLocal(date, hh, mm = 0) {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let utc = wall - offsetMs(wall);
  utc = wall - offsetMs(utc);
  return utc;
}
/** The local date n days after today. */
function dayAhead(n) {
  const [y, m, d] = localDate(Date.now()).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
const sqlTime = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

// ---- Fixtures straight in the database (the other plugins' forms are tested elsewhere).

function makeType(tenant, name = unique('Tyyppi')) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${uuid}', ${tenant.id}, ${q(name)})`);
  return { id: Number(sql(`SELECT id FROM event_types WHERE uuid = '${uuid}'`)), uuid, name };
}
const assign = (type, user) =>
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${type.id}, ${user.id}, ${user.tenant.id})`);

/** An event at startMs (UTC ms) lasting minutes, with texts {fi: name, sv: name, ...}. */
function makeEvent(tenant, creator, type, { start = Date.now() + 86400000, minutes = 60, max = 5,
  texts, group = null, status = 'scheduled' } = {}) {
  const uuid = sql('SELECT UUID()');
  texts = texts ?? { fi: unique('Tuolijumppa') };
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, starts_at,
         ends_at, duration_minutes, room_id, status)
       VALUES ('${uuid}', ${tenant.id}, ${type.id}, ${group ? group.id : 'NULL'}, ${creator.id}, ${max},
         '${sqlTime(start)}', '${sqlTime(start + minutes * 60000)}', ${minutes}, ${q(unique('room'))}, '${status}')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  for (const [lang, name] of Object.entries(texts)) {
    sql(`INSERT INTO event_texts (event_id, language, name, description)
         VALUES (${id}, '${lang}', ${q(name)}, ${q(`Kuvaus ${name}`)})`);
  }
  return { id, uuid, texts, name: Object.values(texts)[0], start };
}

/** A signed-in client without the Argon2 login: a session row with a known token and CSRF. */
function sessionRows(users) {
  const rows = users.map((u) => {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    const hash = createHash('sha256').update(token).digest('hex');
    const c = new Client();
    c.cookies.set('vv_session', token);
    c.csrf = csrf;
    u.client = c;
    return `('${hash}', ${u.id}, ${u.tenant.id}, '${csrf}', 'password',
      UTC_TIMESTAMP() + INTERVAL 1 HOUR, UTC_TIMESTAMP() + INTERVAL 1 HOUR)`;
  });
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, idle_expires_at, expires_at)
       VALUES ${rows.join(',')}`);
  return users.map((u) => u.client);
}
const signIn = (u) => sessionRows([u])[0];

/** 200 customers of a tenant in one statement each, with sessions. */
function bulkCustomers(tenant, n, type) {
  const tag = unique('massa').toLowerCase();
  const values = Array.from({ length: n }, (_, i) =>
    `(UUID(), ${tenant.id}, '${tag}-${i}@example.org', 'Massa', 'Asiakas${i}', 'customer', 'fi')`);
  sql(`INSERT INTO users (uuid, tenant_id, email, first_name, last_name, role, language) VALUES ${values.join(',')}`);
  const users = sql(`SELECT id FROM users WHERE tenant_id = ${tenant.id} AND email LIKE '${tag}-%' ORDER BY id`)
    .split('\n').map((id) => ({ id: Number(id), tenant }));
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id)
       SELECT ${type.id}, id, tenant_id FROM users WHERE tenant_id = ${tenant.id} AND email LIKE '${tag}-%'`);
  sessionRows(users);
  return users;
}

const page = (c, path) => c.req(path);
const enrol = (c, ev, lang = 'fi', extra = {}) =>
  c.post(`/${lang}/ecare/index/event/${ev.uuid}/enrol`, { csrf: c.csrf, ...extra });
const cancel = (c, ev, lang = 'fi') => c.post(`/${lang}/ecare/index/event/${ev.uuid}/cancel`, { csrf: c.csrf });
const rows = (ev) => sql(`SELECT user_id, kind, status FROM event_participants WHERE event_id = ${ev.id} ORDER BY id`)
  .split('\n').filter(Boolean).map((l) => l.split('\t'));
const counter = (ev) => Number(sql(`SELECT enrolled FROM events WHERE id = ${ev.id}`));
const enrolledCustomers = (ev) => Number(sql(`SELECT COUNT(*) FROM event_participants
  WHERE event_id = ${ev.id} AND kind = 'customer' AND status = 'enrolled'`));

/** The HTML of the calendar section for one local date (today's or a later day's), or null. */
function daySection(text, date) {
  const m = text.match(new RegExp(`<section class="cal-(?:today|day)"[^>]*data-date="${date}"[^>]*>([\\s\\S]*?)</section>`));
  return m ? m[1] : null;
}

let A, O, C, adminA, prof, operator, cFi, cSv, cNone, cDefault, adminC, custC, type1, type2, typeO, group;
before(() => {
  A = makeTenant({ timezone: TZ, language: 'fi', contract: { maxParticipants: 25 } });
  O = makeTenant({ timezone: TZ, contract: { maxParticipants: 25, sharing: true } });
  C = makeTenant({ timezone: TZ, contract: { maxParticipants: 25 } });
  adminA = makeUser(A, 'admin');
  prof = makeUser(A, 'professional');
  operator = makeUser(A, 'operator');
  cFi = makeUser(A, 'customer', { language: 'fi', first: 'Fiia' });
  cSv = makeUser(A, 'customer', { language: 'sv', first: 'Stina' });
  cNone = makeUser(A, 'customer', { language: 'fi', first: 'Nelli' });
  cDefault = makeUser(A, 'customer', { first: 'Tuure' });
  sql(`UPDATE users SET language = NULL WHERE id = ${cDefault.id}`);
  adminC = makeUser(C, 'admin');
  custC = makeUser(C, 'customer', { language: 'fi' });
  const adminO = makeUser(O, 'admin');
  O.admin = adminO;
  type1 = makeType(A, 'Liikunta');
  type2 = makeType(A, 'Musiikki');
  typeO = makeType(O, 'Luennot');
  for (const u of [cFi, cSv, cDefault]) assign(type1, u);
  // O's external group, shared with A; A's admin chose cFi and cSv for it.
  const g = sql('SELECT UUID()');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES ('${g}', ${O.id}, ${q(unique('Ryhmä'))})`);
  group = { id: Number(sql(`SELECT id FROM external_groups WHERE uuid = '${g}'`)) };
  sql(`INSERT INTO group_shares (group_id, tenant_id) VALUES (${group.id}, ${A.id})`);
  for (const u of [cFi, cSv]) {
    sql(`INSERT INTO group_customers (group_id, user_id, tenant_id) VALUES (${group.id}, ${u.id}, ${A.id})`);
  }
  sessionRows([adminA, prof, operator, cFi, cSv, cNone, cDefault, adminC, custC]);
});

test('anonymous visitors are sent to sign in; the guide\'s path answers in three languages', async () => {
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await get(`/${lang}/ecare/index/calendar`);
    assert.equal(r.status, 303, `${lang}: anonymous gets 303`);
    assert.match(r.headers.get('location'), new RegExp(`/${lang}/login`));
  }
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await page(cFi.client, `/${lang}/ecare/index/calendar`);
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<html lang="${lang}"`));
    assert.ok(r.text.includes(html(t(lang, 'enrol.today'))), `${lang}: the "today" heading`);
    assert.match(r.text, new RegExp(`id="alarm-bar"[^>]*data-poll="/${lang}/ecare/poll"`), `${lang}: the alarm's poll`);
  }
});

test('a customer lands on the calendar after signing in (R-NAV-3)', async () => {
  const c = new Client();
  const r = await login(c, cNone);
  assert.equal(r.headers.get('location'), '/fi/ecare/index/calendar');
  assert.equal((await c.req('/fi/ecare/index/calendar')).status, 200);
});

test('customers see their assigned types and shared groups, in their device language only (R-EN-1, R-EV-7)', async () => {
  const start = Date.now() + 2 * 3600000;
  const own = makeEvent(A, adminA, type1, { start, texts: { fi: unique('Jumppa'), sv: unique('Gympa') } });
  const fiOnly = makeEvent(A, adminA, type1, { start, texts: { fi: unique('Vain suomeksi') } });
  const unassigned = makeEvent(A, adminA, type2, { start, texts: { fi: unique('Laulu'), sv: unique('Sång') } });
  const shared = makeEvent(O, O.admin, typeO, { start, group, texts: { fi: unique('Luento'), sv: unique('Föreläsning') } });
  const typeC = makeType(C);
  assign(typeC, custC);
  const otherTenant = makeEvent(C, adminC, typeC, { start, texts: { fi: unique('Muualla') } });
  const cancelled = makeEvent(A, adminA, type1, { start, status: 'cancelled', texts: { fi: unique('Peruttu') } });
  const ended = makeEvent(A, adminA, type1, { start: Date.now() - 3 * 3600000, texts: { fi: unique('Mennyt') } });

  const fi = (await page(cFi.client, '/fi/ecare/index/calendar')).text;
  for (const ev of [own, fiOnly, shared]) assert.ok(fi.includes(html(ev.texts.fi)), `cFi sees ${ev.texts.fi}`);
  assert.ok(!fi.includes(own.texts.sv), 'in Finnish only');
  for (const ev of [unassigned, otherTenant, cancelled, ended]) {
    assert.ok(!fi.includes(ev.texts.fi), `cFi does not see ${ev.texts.fi}`);
  }
  // The device language wins over the page language for the event texts;
  // the page chrome follows the URL.
  const sv = (await page(cSv.client, '/fi/ecare/index/calendar')).text;
  assert.ok(sv.includes(html(own.texts.sv)) && sv.includes(html(shared.texts.sv)), 'cSv sees Swedish names');
  assert.ok(!sv.includes(own.texts.fi) && !sv.includes(fiOnly.texts.fi), 'and no Finnish-only event');
  assert.ok(sv.includes(html(t('fi', 'enrol.today'))), 'page chrome in Finnish');
  assert.match(sv, new RegExp(`lang="sv">${html(own.texts.sv)}<`));
  // No assigned types: nothing; no device language: the tenant's (fi); not in the group: no shared event.
  const none = (await page(cNone.client, '/fi/ecare/index/calendar')).text;
  assert.ok(![own, fiOnly, shared].some((ev) => none.includes(ev.texts.fi)));
  const def = (await page(cDefault.client, '/en/ecare/index/calendar')).text;
  assert.ok(def.includes(html(own.texts.fi)) && !def.includes(shared.texts.fi));
  // Another tenant's customer sees none of it.
  const other = (await page(custC.client, '/fi/ecare/index/calendar')).text;
  assert.ok(!other.includes(own.texts.fi) && other.includes(html(otherTenant.texts.fi)));

  // The event pages follow the same rules: 404 otherwise.
  assert.equal((await page(cFi.client, `/fi/ecare/index/event/${shared.uuid}`)).status, 200);
  assert.equal((await page(cFi.client, `/fi/ecare/index/event/${unassigned.uuid}`)).status, 404);
  assert.equal((await page(cFi.client, `/fi/ecare/index/event/${otherTenant.uuid}`)).status, 404);
  assert.equal((await page(cFi.client, `/fi/ecare/index/event/${cancelled.uuid}`)).status, 404);
  assert.equal((await page(cSv.client, `/sv/ecare/index/event/${fiOnly.uuid}`)).status, 404);
  assert.equal((await page(cNone.client, `/fi/ecare/index/event/${own.uuid}`)).status, 404);
  assert.equal((await page(adminC.client, `/fi/ecare/index/event/${own.uuid}`)).status, 404, 'other tenant staff');
  assert.equal((await enrol(custC.client, own)).status, 404, 'no enrolling in what one cannot see');
  assert.equal(rows(own).length, 0);
  const d = await page(cSv.client, `/en/ecare/index/event/${own.uuid}`);
  assert.ok(d.text.includes(html(own.texts.sv)) && d.text.includes(html(`Kuvaus ${own.texts.sv}`)));
  assert.ok(d.text.includes(html(t('en', 'enrol.enrol'))));
});

test('the week shows today and the six days after it, each event on its local day', async () => {
  const n = unique('Päivä');
  const soon = Date.now() + 10 * 60000;
  const evs = [
    makeEvent(A, adminA, type1, { start: soon, texts: { fi: `${n} pian` } }),
    makeEvent(A, adminA, type1, { start: atLocal(dayAhead(1), 0, 15), texts: { fi: `${n} yöllä` } }),
    makeEvent(A, adminA, type1, { start: atLocal(dayAhead(2), 10), texts: { fi: `${n} aamulla` } }),
    makeEvent(A, adminA, type1, { start: atLocal(dayAhead(6), 23, 30), texts: { fi: `${n} myöhään` } }),
  ];
  const beyond = makeEvent(A, adminA, type1, { start: atLocal(dayAhead(7), 0, 30), texts: { fi: `${n} liian myöhään` } });
  const r = await page(cFi.client, '/fi/ecare/index/calendar');
  assert.ok(daySection(r.text, dayAhead(0)), 'today has its section');
  for (const ev of evs) {
    const day = localDate(ev.start);
    const s = daySection(r.text, day);
    assert.ok(s && s.includes(html(ev.name)), `${ev.name} under ${day}`);
    for (let i = 0; i < 7; i++) {
      const other = daySection(r.text, dayAhead(i));
      if (dayAhead(i) !== day && other) assert.ok(!other.includes(html(ev.name)), `${ev.name} not under ${dayAhead(i)}`);
    }
  }
  assert.ok(!r.text.includes(beyond.texts.fi), 'nothing from the eighth day');
  // Time first, then the name, on each card.
  assert.match(daySection(r.text, dayAhead(2)), new RegExp(`class="cal-time"><time>10\\.00</time>–<time>11\\.00</time></span><span class="cal-name"[^>]*>${n} aamulla`));
  // Day headings in the page language.
  assert.ok(r.text.includes(`${['sunnuntai', 'maanantai', 'tiistai', 'keskiviikko', 'torstai', 'perjantai', 'lauantai'][new Date(dayAhead(2) + 'T12:00:00Z').getUTCDay()]} `));
});

test('enrol adds the row and the counter; cancel removes both; audited (R-EN-2)', async () => {
  const ev = makeEvent(A, adminA, type1, { max: 3 });
  const c = cFi.client;
  const r = await enrol(c, ev);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/fi/ecare/index/event/${ev.uuid}?done=enrolled`);
  assert.deepEqual(rows(ev), [[String(cFi.id), 'customer', 'enrolled']]);
  assert.equal(counter(ev), 1);
  const d = await c.req(r.headers.get('location'));
  assert.ok(d.text.includes(html(t('fi', 'enrol.flash.enrolled'))));
  assert.ok(d.text.includes(t('fi', 'enrol.cancel')));
  assert.ok(d.text.includes(html(t('fi', 'enrol.seats').replace('{0}', '2'))));
  assert.equal((await enrol(c, ev)).status, 303, 'a second press changes nothing');
  assert.equal(rows(ev).length, 1);
  const cal = (await c.req('/fi/ecare/index/calendar')).text;
  assert.ok(cal.includes(html(t('fi', 'enrol.state.enrolled'))), 'the calendar says enrolled in words');
  const x = await cancel(c, ev);
  assert.equal(x.status, 303);
  assert.equal(x.headers.get('location'), `/fi/ecare/index/event/${ev.uuid}?done=cancelled`);
  assert.deepEqual(rows(ev), []);
  assert.equal(counter(ev), 0);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'enrolment.enrol'
    AND detail LIKE '%${ev.uuid}%'`)) >= 1);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'enrolment.cancel'
    AND detail LIKE '%${ev.uuid}%'`)) >= 1);
  // Without the CSRF token nothing happens.
  const bad = await c.post(`/fi/ecare/index/event/${ev.uuid}/enrol`, { csrf: 'x'.repeat(43) });
  assert.equal(bad.status, 403);
  assert.deepEqual(rows(ev), []);
});

test('a customer staff add on Tiedot sees that one event without its type, with its state, and may cancel (R-PA-2)', async () => {
  // Swedish device, an event in Finnish only, a type not assigned to them.
  const u = makeUser(A, 'customer', { language: 'sv', first: 'Saga' });
  const bystander = makeUser(A, 'customer', { language: 'fi' });
  sessionRows([u, bystander]);
  const start = Date.now() + 2 * 3600000;
  const ev = makeEvent(A, adminA, type2, { start, max: 3, texts: { fi: unique('Lisätty') } });
  const sibling = makeEvent(A, adminA, type2, { start, texts: { fi: unique('Ei lisätty') } });
  let cal = (await page(u.client, '/fi/ecare/index/calendar')).text;
  assert.ok(!cal.includes(ev.name), 'before: not theirs');
  assert.equal((await page(u.client, `/fi/ecare/index/event/${ev.uuid}`)).status, 404);

  const r = await adminA.client.post(`/fi/ecare/events/${ev.uuid}/participants`,
    { csrf: adminA.client.csrf, email: u.email });
  assert.equal(r.status, 303, 'staff add the customer on Tiedot');
  assert.equal(sql(`SELECT added_by FROM event_participants WHERE event_id = ${ev.id} AND user_id = ${u.id}`),
    String(adminA.id), 'the row says staff added it');

  cal = (await page(u.client, '/fi/ecare/index/calendar')).text;
  const day = daySection(cal, localDate(start));
  assert.ok(day && day.includes(html(ev.name)), 'the event is in their calendar, in its own language');
  assert.ok(day.includes(html(t('fi', 'enrol.state.enrolled'))), 'with its state');
  assert.ok(!cal.includes(sibling.name), 'and only that event of the type');
  assert.ok(!(await page(bystander.client, '/fi/ecare/index/calendar')).text.includes(ev.name), 'nobody else sees it');
  assert.equal((await page(bystander.client, `/fi/ecare/index/event/${ev.uuid}`)).status, 404);
  const d = await page(u.client, `/sv/ecare/index/event/${ev.uuid}`);
  assert.equal(d.status, 200, 'the details page');
  assert.ok(d.text.includes(html(ev.name)) && d.text.includes(html(`Kuvaus ${ev.name}`)));
  assert.ok(d.text.includes(html(t('sv', 'enrol.cancel'))), 'offers cancelling');
  assert.equal((await enrol(u.client, ev)).status, 303, 'a press on enrol changes nothing');
  assert.equal(rows(ev).length, 1);

  const x = await cancel(u.client, ev);
  assert.equal(x.status, 303);
  // Not theirs any more: the calendar, not a page that would be 404.
  assert.equal(x.headers.get('location'), '/fi/ecare/index/calendar?done=cancelled');
  assert.deepEqual(rows(ev), []);
  assert.equal(counter(ev), 0);
  cal = (await u.client.req(x.headers.get('location'))).text;
  assert.ok(cal.includes(html(t('fi', 'enrol.flash.cancelled'))), 'the calendar says it is cancelled');
  assert.ok(!cal.includes(ev.name));
  // Enrolling again is up to what they are assigned: nothing.
  assert.equal((await page(u.client, `/fi/ecare/index/event/${ev.uuid}`)).status, 404);
  assert.equal((await enrol(u.client, ev)).status, 404);
  assert.deepEqual(rows(ev), []);

  // Self-enrolment leaves added_by empty (only staff's rows outlive a revoked type).
  const own = makeEvent(A, adminA, type1, { start });
  assert.equal((await enrol(cFi.client, own)).status, 303);
  assert.equal(sql(`SELECT IFNULL(added_by, 'NULL') FROM event_participants WHERE event_id = ${own.id}`), 'NULL');
});

test('a running event the customer is enrolled in offers Liity when the call page exists', async () => {
  const ev = makeEvent(A, adminA, type1, { start: Date.now() + 86400000 });
  assert.equal((await enrol(cFi.client, ev)).status, 303);
  sql(`UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 5 MINUTE, ends_at = UTC_TIMESTAMP() + INTERVAL 1 HOUR
       WHERE id = ${ev.id}`);
  const d = await cFi.client.req(`/fi/ecare/index/event/${ev.uuid}`);
  const callExists = (await cFi.client.req(`/fi/ecare/call/${ev.uuid}`)).status !== 404;
  assert.equal(d.text.includes(`href="/fi/ecare/call/${ev.uuid}"`), callExists);
  const cal = await cFi.client.req('/fi/ecare/index/calendar');
  assert.ok(daySection(cal.text, localDate(Date.now() - 300000)).includes(html(t('fi', 'enrol.running'))));
});

test('Liity shows from when the room opens (the organiser\'s room_open_minutes): an early customer waits in the lobby', async () => {
  const ev = makeEvent(A, adminA, type1, { start: Date.now() + 86400000 });
  assert.equal((await enrol(cFi.client, ev)).status, 303);
  sql(`UPDATE events SET starts_at = UTC_TIMESTAMP() + INTERVAL 10 MINUTE, ends_at = UTC_TIMESTAMP() + INTERVAL 70 MINUTE
       WHERE id = ${ev.id}`);
  if ((await cFi.client.req(`/fi/ecare/call/${ev.uuid}`)).status === 404) return; // no call plugin
  const liity = async () => (await cFi.client.req(`/fi/ecare/index/event/${ev.uuid}`)).text
    .includes(`href="/fi/ecare/call/${ev.uuid}"`);
  const opens = (m) => sql(`INSERT INTO tenant_policies (tenant_id, room_open_minutes) VALUES (${A.id}, ${m})
    ON DUPLICATE KEY UPDATE room_open_minutes = ${m}`);
  opens(5);
  assert.equal(await liity(), false, 'ten minutes before, the room opening five before: not yet');
  opens(15);
  assert.equal(await liity(), true, 'the room opening fifteen before: Liity');
  opens(5);
});

test('a shared event is enrolled in by another tenant\'s customer; the row carries their tenant', async () => {
  const ev = makeEvent(O, O.admin, typeO, { group, max: 2, texts: { fi: unique('Jaettu') } });
  assert.equal((await enrol(cFi.client, ev)).status, 303);
  assert.deepEqual(sql(`SELECT tenant_id, kind, status FROM event_participants WHERE event_id = ${ev.id}`).split('\t'),
    [String(A.id), 'customer', 'enrolled']);
  assert.equal(counter(ev), 1);
});

test('a full event says "Tapahtuma on täynnä", offers the waiting list, and a cancellation moves the first waiting in', async () => {
  const ev = makeEvent(A, adminA, type1, { max: 1 });
  assert.equal((await enrol(cFi.client, ev)).status, 303);
  const d = await cSv.client.req(`/fi/ecare/index/event/${ev.uuid}`);
  // cSv reads Swedish texts; this event has Finnish only: use cDefault (fi by the tenant).
  assert.equal(d.status, 404);
  const full = await enrol(cDefault.client, ev);
  assert.equal(full.status, 422);
  assert.ok(full.text.includes(t('fi', 'enrol.err.full')), 'the plain message');
  assert.ok(full.text.includes('Tapahtuma on täynnä'));
  assert.ok(full.text.includes(t('fi', 'enrol.waitlist')), 'Ilmoittaudu jonoon offered');
  assert.match(full.text, /name="waitlist" value="1"/);
  assert.equal(rows(ev).length, 1);
  const sv = await enrol(cDefault.client, ev, 'sv');
  assert.ok(sv.text.includes(t('sv', 'enrol.err.full')), 'the message in Swedish too');
  // The waiting list: cDefault, then a second customer.
  const w = makeUser(A, 'customer', { language: 'fi' });
  assign(type1, w);
  signIn(w);
  const r = await enrol(cDefault.client, ev, 'fi', { waitlist: '1' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /done=waiting$/);
  assert.equal((await enrol(w.client, ev, 'fi', { waitlist: '1' })).status, 303);
  assert.deepEqual(rows(ev).map((x) => x[2]), ['enrolled', 'waiting', 'waiting']);
  assert.equal(counter(ev), 1);
  const pos = await w.client.req(`/fi/ecare/index/event/${ev.uuid}`);
  assert.ok(pos.text.includes(html(t('fi', 'enrol.you-waiting').replace('{0}', '2'))), 'second in the queue');
  // cFi cancels: cDefault (lowest id) moves in, w stays waiting.
  assert.equal((await cancel(cFi.client, ev)).status, 303);
  assert.deepEqual(rows(ev), [[String(cDefault.id), 'customer', 'enrolled'], [String(w.id), 'customer', 'waiting']]);
  assert.equal(counter(ev), 1);
  const pos1 = await w.client.req(`/fi/ecare/index/event/${ev.uuid}`);
  assert.ok(pos1.text.includes(html(t('fi', 'enrol.you-waiting').replace('{0}', '1'))));
  // Leaving the queue moves no one.
  assert.equal((await cancel(w.client, ev)).status, 303);
  assert.deepEqual(rows(ev), [[String(cDefault.id), 'customer', 'enrolled']]);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'enrolment.promote' AND detail LIKE '%${ev.uuid}%'`)) === 1);
});

test('staff see their tenant\'s events and enrol without taking a seat (R-EN-2)', async () => {
  const ev = makeEvent(A, adminA, type2, { max: 1, start: Date.now() + 3 * 3600000, texts: { sv: unique('Bara svenska') } });
  for (const u of [prof, operator, adminA]) {
    const cal = await u.client.req('/en/ecare/index/calendar');
    assert.equal(cal.status, 200);
    assert.ok(cal.text.includes(html(ev.texts.sv)), `${u.role} sees every type, any language`);
  }
  const w = makeUser(A, 'customer', { language: 'sv' });
  assign(type2, w);
  signIn(w);
  assert.equal((await enrol(w.client, ev, 'sv')).status, 303);
  for (const u of [prof, operator]) {
    const d = await u.client.req(`/fi/ecare/index/event/${ev.uuid}`);
    assert.ok(d.text.includes(t('fi', 'enrol.enrol')), 'staff are offered Ilmoittaudu even when full');
    const r = await enrol(u.client, ev);
    assert.equal(r.status, 303, `${u.role} enrols in a full event`);
  }
  assert.deepEqual(rows(ev).map((x) => x[1]), ['customer', 'staff', 'staff']);
  assert.equal(counter(ev), 1, 'staff do not count');
  assert.equal((await cancel(prof.client, ev)).status, 303);
  assert.deepEqual(rows(ev).map((x) => x[1]), ['customer', 'staff']);
  // Another tenant's staff see none of it.
  const c = await adminC.client.req('/fi/ecare/index/calendar');
  assert.ok(!c.text.includes(ev.texts.sv));
});

test('an ended event refuses changes with a message', async () => {
  const ev = makeEvent(A, adminA, type1, { start: Date.now() + 86400000 });
  assert.equal((await enrol(cFi.client, ev)).status, 303);
  sql(`UPDATE events SET starts_at = UTC_TIMESTAMP() - INTERVAL 2 HOUR, ends_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR
       WHERE id = ${ev.id}`);
  const d = await cFi.client.req(`/fi/ecare/index/event/${ev.uuid}`);
  assert.equal(d.status, 200);
  assert.ok(d.text.includes(t('fi', 'enrol.ended')));
  assert.ok(!d.text.includes(`/ecare/index/event/${ev.uuid}/cancel`), 'no buttons');
  const r = await cancel(cFi.client, ev);
  assert.equal(r.status, 422);
  assert.ok(r.text.includes(t('fi', 'enrol.err.closed')));
  assert.equal(rows(ev).length, 1);
  sql(`UPDATE events SET status = 'cancelled' WHERE id = ${ev.id}`);
  assert.equal((await cFi.client.req(`/fi/ecare/index/event/${ev.uuid}`)).status, 404);
  assert.equal((await enrol(cFi.client, ev)).status, 404);
});

test('THE RACE: 200 customers enrol at once in 20 places: exactly 20 get in (R-EN-3)', async () => {
  const type = makeType(A);
  const ev = makeEvent(A, adminA, type, { max: 20 });
  const users = bulkCustomers(A, 200, type);
  const rs = await Promise.all(users.map((u) => enrol(u.client, ev)));
  const by = {};
  for (const r of rs) by[r.status] = (by[r.status] || 0) + 1;
  assert.deepEqual(by, { 303: 20, 422: 180 }, 'statuses');
  assert.equal(rs.filter((r) => r.status === 422 && r.text.includes(t('fi', 'enrol.err.full'))).length, 180);
  assert.equal(enrolledCustomers(ev), 20);
  assert.equal(rows(ev).length, 20);
  assert.equal(counter(ev), 20);
});

// ---- Recordings (schema/004_recordings.sql, another plugin's table).

const haveRecordings = () => Number(sql(`SELECT COUNT(*) FROM information_schema.tables
  WHERE table_schema = DATABASE() AND table_name = 'recordings'`)) > 0;

function makeRecording(tenant, type, { start, repeat = 'once', until = null, title = unique('Tallenne'),
  youtube = 'dQw4w9WgXcQ', status = 'active', group: g = null }) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO recordings (uuid, tenant_id, type_id, group_id, youtube_id, title, starts_at, \`repeat\`,
         until_date, status)
       VALUES ('${uuid}', ${tenant.id}, ${type.id}, ${g ? g.id : 'NULL'}, ${q(youtube)}, ${q(title)},
         '${sqlTime(start)}', '${repeat}', ${q(until)}, '${status}')`);
  return { uuid, title };
}

test('recordings show all day on their repeat days and play privacy-enhanced, never by themselves (R-RE-2, R-RE-4)', async (tc) => {
  if (!haveRecordings()) {
    tc.skip('schema/004_recordings.sql is not in the tree yet');
    return;
  }
  const today = dayAhead(0);
  const weekly = makeRecording(A, type1, { start: atLocal(today, 8), repeat: 'weekly', until: dayAhead(30) });
  const daily = makeRecording(A, type1, { start: atLocal(today, 9), repeat: 'daily', until: dayAhead(2) });
  const tomorrow = makeRecording(A, type1, { start: atLocal(dayAhead(1), 9), repeat: 'once' });
  const unassigned = makeRecording(A, type2, { start: atLocal(today, 9), repeat: 'daily', until: dayAhead(9) });
  const inactive = makeRecording(A, type1, { start: atLocal(today, 9), repeat: 'daily', until: dayAhead(9), status: 'deleted' });
  const shared = makeRecording(O, typeO, { start: atLocal(today, 7), repeat: 'weekdays', until: dayAhead(20), group });
  // Without an end date a recording is on its own local day only (the
  // calendar reads it only when that day is in the week): the first minutes
  // of a day are that day's, yesterday's is gone, next week's waits there.
  const early = makeRecording(A, type1, { start: atLocal(today, 0, 30) });
  const yesterday = makeRecording(A, type1, { start: atLocal(dayAhead(-1), 23, 30) });
  const nextWeek = makeRecording(A, type1, { start: atLocal(dayAhead(7), 0, 15) });
  const r = await cFi.client.req('/fi/ecare/index/calendar');
  const on = (rec, i) => (daySection(r.text, dayAhead(i)) || '').includes(html(rec.title));
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((i) => on(weekly, i)), [true, false, false, false, false, false, false]);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((i) => on(daily, i)), [true, true, true, false, false, false, false]);
  assert.deepEqual([0, 1, 2].map((i) => on(tomorrow, i)), [false, true, false]);
  assert.ok(!r.text.includes(unassigned.title) && !r.text.includes(inactive.title));
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((i) => on(early, i)), [true, false, false, false, false, false, false]);
  assert.ok(!r.text.includes(html(yesterday.title)) && !r.text.includes(html(nextWeek.title)));
  const w1 = await cFi.client.req('/fi/ecare/index/calendar?week=1');
  assert.ok((daySection(w1.text, dayAhead(7)) || '').includes(html(nextWeek.title)), 'on its day next week');
  assert.ok(!w1.text.includes(html(early.title)));
  assert.ok(daySection(r.text, today).includes(html(t('fi', 'enrol.all-day'))));
  // A shared group's recording reaches the customers chosen for the group, on weekdays.
  const weekday = (i) => { const w = new Date(dayAhead(i) + 'T12:00:00Z').getUTCDay(); return w >= 1 && w <= 5; };
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((i) => on(shared, i)), [0, 1, 2, 3, 4, 5, 6].map((i) => i === 0 || weekday(i)));
  assert.ok(!(await cDefault.client.req('/fi/ecare/index/calendar')).text.includes(shared.title), 'not in the group');
  assert.equal((await cFi.client.req(`/fi/ecare/recording/${shared.uuid}`)).status, 200);
  assert.equal((await cDefault.client.req(`/fi/ecare/recording/${shared.uuid}`)).status, 404);

  const p = await cFi.client.req(`/fi/ecare/recording/${weekly.uuid}`);
  assert.equal(p.status, 200);
  const iframe = p.text.match(/<iframe[^>]*>/)[0];
  assert.match(iframe, /src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ"/);
  assert.ok(!/autoplay=1/.test(iframe) && !/allow="[^"]*autoplay/.test(iframe), 'no autoplay');
  assert.ok(p.text.includes(html(weekly.title)));
  assert.equal((await cFi.client.req(`/fi/ecare/recording/${tomorrow.uuid}`)).status, 404, 'not today');
  assert.equal((await cFi.client.req(`/fi/ecare/recording/${unassigned.uuid}`)).status, 404, 'not assigned');
  assert.equal((await cNone.client.req(`/fi/ecare/recording/${weekly.uuid}`)).status, 404);
  assert.equal((await prof.client.req(`/fi/ecare/recording/${tomorrow.uuid}`)).status, 200, 'staff of the tenant');
  assert.equal((await adminC.client.req(`/fi/ecare/recording/${weekly.uuid}`)).status, 404, 'other tenant');
});

// ---- Weeks (R-EN-1): ?week=n shows the seven days from today + 7n.

/** The last week the calendar reaches: [calendar] weeks_ahead, default 52. */
const weeksAhead = () => {
  const m = readFileSync(CONF, 'utf8').match(/^\[calendar\][^[]*^weeks_ahead\s*=\s*(\d+)/m);
  return m ? Number(m[1]) : 52;
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A local date ("YYYY-MM-DD") the way vv:datetime(…, 'date') writes it. */
function shown(date, lang) {
  const [y, m, d] = date.split('-').map(Number);
  return lang === 'en' ? `${d} ${MONTHS[m - 1]} ${y}` : `${d}.${m}.${y}`;
}
/** The heading naming the week n's dates, as the page should show it. */
const periodText = (n, lang = 'fi') => t(lang, n === 0 ? 'enrol.period.this' : 'enrol.period')
  .replace('{0}', `${shown(dayAhead(7 * n), lang)} – ${shown(dayAhead(7 * n + 6), lang)}`);
const periodOf = (text) => (text.match(/<h1 id="cal-period" class="cal-period">([^<]*)<\/h1>/) || [])[1];
/** The week navigation's link with class cls: {href, label}, or null. */
function navLink(text, cls) {
  const m = text.match(new RegExp(`<a class="[^"]*\\b${cls}\\b[^"]*"[^>]*\\shref="([^"]*)"[^>]*>([\\s\\S]*?)</a>`));
  return m ? { href: m[1], label: m[2].replace(/<[^>]*>/g, '') } : null;
}
const backHref = (text) => (text.match(/<p class="cal-back"><a [^>]*href="([^"]*)"/) || [])[1];
const weekPath = (n, lang = 'fi') => `/${lang}/ecare/index/calendar${n > 0 ? `?week=${n}` : ''}`;

test('an event ten days ahead is on next week\'s page, where Ilmoittaudu works; the way back returns to that week', async () => {
  const ev = makeEvent(A, adminA, type1, { start: atLocal(dayAhead(10), 10), max: 3, texts: { fi: unique('Kymmenen päivää') } });
  const c = cFi.client;
  const w0 = await page(c, weekPath(0));
  assert.ok(!w0.text.includes(ev.name), 'not on this week\'s page');
  assert.equal(periodOf(w0.text), periodText(0), 'this week names its dates');
  assert.deepEqual(navLink(w0.text, 'cal-next'), { href: weekPath(1), label: `${t('fi', 'enrol.week.next')} →` });
  assert.equal(navLink(w0.text, 'cal-prev'), null, 'nothing before the current week');
  assert.equal(navLink(w0.text, 'cal-this'), null, 'already on this week');

  const w1 = await page(c, navLink(w0.text, 'cal-next').href);
  assert.equal(w1.status, 200);
  assert.equal(periodOf(w1.text), periodText(1));
  const day = daySection(w1.text, dayAhead(10));
  assert.ok(day && day.includes(html(ev.name)), 'on its day of next week');
  assert.ok(day.includes(`href="/fi/ecare/index/event/${ev.uuid}"`), 'the card opens the event');
  for (const d of [dayAhead(0), dayAhead(6), dayAhead(14)]) assert.equal(daySection(w1.text, d), null, `no ${d} on week 1`);
  assert.ok(!w1.text.includes(html(t('fi', 'enrol.today'))), 'no "today" on a later week');
  assert.deepEqual(navLink(w1.text, 'cal-prev'), { href: weekPath(0), label: `← ${t('fi', 'enrol.week.prev')}` });
  assert.deepEqual(navLink(w1.text, 'cal-this'), { href: weekPath(0), label: t('fi', 'enrol.week.this') });
  assert.equal(navLink(w1.text, 'cal-next').href, weekPath(2));
  // issue #17: a customer's language is their setting, not a link; staff's switch keeps the week
  assert.ok(!w1.text.includes('href="/sv/ecare/index/calendar?week=1"'), 'no language links for a customer');
  const ws = await page(prof.client || signIn(prof), weekPath(1));
  assert.ok(ws.text.includes('href="/sv/ecare/index/calendar?week=1"'), 'the language switch keeps the week');

  const d = await page(c, `/fi/ecare/index/event/${ev.uuid}`);
  assert.equal(d.status, 200);
  assert.equal(backHref(d.text), weekPath(1), 'back to the week it is on');
  assert.ok(d.text.includes(t('fi', 'enrol.enrol')));
  const r = await enrol(c, ev);
  assert.equal(r.status, 303);
  assert.deepEqual(rows(ev), [[String(cFi.id), 'customer', 'enrolled']]);
  const after = await c.req(r.headers.get('location'));
  assert.ok(after.text.includes(html(t('fi', 'enrol.flash.enrolled'))));
  assert.equal(backHref(after.text), weekPath(1), 'still back to that week after enrolling');
  const again = await page(c, weekPath(1));
  assert.ok(daySection(again.text, dayAhead(10)).includes(html(t('fi', 'enrol.state.enrolled'))), 'enrolled, in words');
  // Staff find it on the same page and come back to it too.
  const staff = await page(prof.client, weekPath(1, 'en'));
  assert.ok(daySection(staff.text, dayAhead(10)).includes(html(ev.name)));
  assert.equal(backHref((await page(prof.client, `/en/ecare/index/event/${ev.uuid}`)).text), weekPath(1, 'en'));
});

test('a customer staff added to a later week\'s event goes back to that week after cancelling', async () => {
  const u = makeUser(A, 'customer', { language: 'fi' });
  signIn(u);
  const ev = makeEvent(A, adminA, type2, { start: atLocal(dayAhead(15), 14), texts: { fi: unique('Lisätty myöhemmin') } });
  assert.equal((await adminA.client.post(`/fi/ecare/events/${ev.uuid}/participants`,
    { csrf: adminA.client.csrf, email: u.email })).status, 303);
  assert.ok(daySection((await page(u.client, weekPath(2))).text, dayAhead(15)).includes(html(ev.name)));
  const x = await cancel(u.client, ev);
  assert.equal(x.status, 303);
  assert.equal(x.headers.get('location'), '/fi/ecare/index/calendar?done=cancelled&week=2');
  const cal = await u.client.req(x.headers.get('location'));
  assert.equal(periodOf(cal.text), periodText(2));
  assert.ok(cal.text.includes(html(t('fi', 'enrol.flash.cancelled'))));
});

test('the week pages speak Finnish, Swedish and English', async () => {
  const ev = makeEvent(A, adminA, type1, { start: atLocal(dayAhead(9), 9), texts: { fi: unique('Kolmella kielellä'), sv: unique('På tre språk') } });
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await page(cSv.client, weekPath(1, lang));
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<html lang="${lang}"`));
    assert.equal(periodOf(r.text), periodText(1, lang), `${lang}: the dates`);
    assert.equal(navLink(r.text, 'cal-prev').label, `← ${t(lang, 'enrol.week.prev')}`);
    assert.equal(navLink(r.text, 'cal-this').label, t(lang, 'enrol.week.this'));
    assert.equal(navLink(r.text, 'cal-next').label, `${t(lang, 'enrol.week.next')} →`);
    assert.match(r.text, new RegExp(`<nav class="cal-nav" aria-label="${t(lang, 'enrol.week.nav')}">`));
    assert.ok(daySection(r.text, dayAhead(9)).includes(html(ev.texts.sv)), `${lang}: the device language's name`);
    const wd = { fi: 'sunnuntai maanantai tiistai keskiviikko torstai perjantai lauantai',
      sv: 'söndag måndag tisdag onsdag torsdag fredag lördag',
      en: 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday' }[lang].split(' ');
    assert.ok(daySection(r.text, dayAhead(9)).includes(`${wd[new Date(dayAhead(9) + 'T12:00:00Z').getUTCDay()]} ${shown(dayAhead(9), lang)}`),
      `${lang}: the day's heading`);
  }
  // A week with nothing on says so.
  const empty = await page(cNone.client, weekPath(3, 'sv'));
  assert.ok(empty.text.includes(html(t('sv', 'enrol.period-empty'))));
});

test('the last week has no "next week"; bad or out-of-range ?week= is clamped, never an error', async () => {
  const MAX = weeksAhead();
  const c = cFi.client;
  const last = await page(c, weekPath(MAX));
  assert.equal(last.status, 200);
  assert.equal(periodOf(last.text), periodText(MAX));
  assert.equal(navLink(last.text, 'cal-next'), null, 'no week after the last');
  assert.ok(last.text.includes(html(t('fi', 'enrol.week.last'))), 'and the page says why');
  assert.equal(navLink(last.text, 'cal-prev').href, weekPath(MAX - 1));
  assert.equal(navLink(last.text, 'cal-this').href, weekPath(0));
  assert.equal(navLink((await page(c, weekPath(MAX - 1))).text, 'cal-next').href, weekPath(MAX));
  // Beyond the last week: the last week.
  for (const v of [String(MAX + 1), '1000000', '99999999999999999999999999999999']) {
    const r = await page(c, `/fi/ecare/index/calendar?week=${v}`);
    assert.equal(r.status, 200, `week=${v}`);
    assert.equal(periodOf(r.text), periodText(MAX), `week=${v} shows the last week`);
  }
  // Not a whole number of weeks, or before the current one: this week.
  for (const v of ['-1', '-99999999999999999999', 'abc', '', '1.5', '%20', '+1', '0x2', '1e3', '0']) {
    for (const lang of ['fi', 'sv', 'en']) {
      const r = await page(c, `/${lang}/ecare/index/calendar?week=${v}`);
      assert.equal(r.status, 200, `${lang} week=${v}`);
      assert.equal(periodOf(r.text), periodText(0, lang), `${lang} week=${v} shows this week`);
      assert.equal(navLink(r.text, 'cal-prev'), null);
    }
  }
  // A control character: the core refuses the request itself, with its own page.
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await page(c, `/${lang}/ecare/index/calendar?week=%00`);
    assert.equal(r.status, 400);
    assert.ok(r.text.includes(html(t(lang, 'error.400.title'))), `${lang}: the localized 400 page`);
  }
  // An event beyond the last week: its page leads back to the last week.
  const far = makeEvent(A, adminA, type1, { start: atLocal(dayAhead(7 * MAX + 20), 12), texts: { fi: unique('Kaukana') } });
  assert.equal(backHref((await page(c, `/fi/ecare/index/event/${far.uuid}`)).text), weekPath(MAX));
  assert.ok(!last.text.includes(far.name));
});

test('later weeks across the DST change: events on their local days, repeats on theirs (R-RE-2)', async (tc) => {
  // The next change of Helsinki's clocks and the week (page) it falls in.
  let dst = 0;
  for (let i = 1; i <= 370 && !dst; i++) {
    if (offsetMs(atLocal(dayAhead(i), 12)) !== offsetMs(atLocal(dayAhead(i - 1), 12))) dst = i;
  }
  const k = Math.floor(dst / 7);
  if (!dst || k + 1 > weeksAhead()) {
    tc.skip('no DST change within the weeks the calendar shows');
    return;
  }
  const n = unique('Kesäaika');
  const evs = [
    // Either side of midnight next to the change: an hour's error moves them a day.
    { day: dst - 1, hh: 23, mm: 30, shown: '23.30', name: `${n} ilta ennen` },
    { day: dst + 1, hh: 0, mm: 30, shown: '0.30', name: `${n} yö jälkeen` },
    // Either side of the boundary between the two pages.
    { day: 7 * k + 6, hh: 23, mm: 45, shown: '23.45', name: `${n} viikon viimeinen` },
    { day: 7 * k + 7, hh: 0, mm: 15, shown: '0.15', name: `${n} seuraavan ensimmäinen` },
  ];
  for (const e of evs) makeEvent(A, adminA, type1, { start: atLocal(dayAhead(e.day), e.hh, e.mm), texts: { fi: e.name } });
  const recs = [];
  if (haveRecordings()) {
    const until = dayAhead(7 * k + 30);
    recs.push({ rec: makeRecording(A, type1, { start: atLocal(dayAhead(3), 0, 30), repeat: 'weekly', until }),
      on: (i) => i >= 3 && (i - 3) % 7 === 0 });
    recs.push({ rec: makeRecording(A, type1, { start: atLocal(dayAhead(1), 23, 30), repeat: 'biweekly', until }),
      on: (i) => i >= 1 && (i - 1) % 14 === 0 });
    recs.push({ rec: makeRecording(A, type1, { start: atLocal(dayAhead(dst - 1), 23, 50), repeat: 'daily', until: dayAhead(dst + 1) }),
      on: (i) => i >= dst - 1 && i <= dst + 1 });
  }
  const pages = { [k]: (await page(cFi.client, weekPath(k))).text, [k + 1]: (await page(cFi.client, weekPath(k + 1))).text };
  for (const w of [k, k + 1]) assert.equal(periodOf(pages[w]), periodText(w));
  const section = (i) => daySection(pages[Math.floor(i / 7)], dayAhead(i)) || '';
  for (let i = 7 * k; i < 7 * k + 14; i++) {
    for (const e of evs) {
      assert.equal(section(i).includes(html(e.name)), i === e.day, `${e.name}: ${i === e.day ? '' : 'not '}on ${dayAhead(i)}`);
    }
    for (const r of recs) {
      assert.equal(section(i).includes(html(r.rec.title)), r.on(i), `${r.rec.title}: ${r.on(i) ? '' : 'not '}on ${dayAhead(i)}`);
    }
  }
  for (const e of evs) {
    const w = Math.floor(e.day / 7);
    assert.ok(!pages[w === k ? k + 1 : k].includes(html(e.name)), `${e.name} only on week ${w}`);
    assert.match(section(e.day), new RegExp(`<time>${e.shown.replace('.', '\\.')}</time>–<time>[^<]*</time></span><span class="cal-name"[^>]*>${e.name}<`), `${e.name} at ${e.shown}`);
  }
  if (!recs.length) return;
  // A customer watches a recording only on its day: a later day's card is no link.
  const weekly = recs[0].rec;
  assert.ok(!pages[k].includes(`/fi/ecare/recording/${weekly.uuid}`), 'no link for the customer');
  assert.ok(pages[k].includes(html(t('fi', 'enrol.recording.on-its-day'))));
  // Staff open it from that week and come back to it.
  const staff = (await page(prof.client, weekPath(k))).text;
  assert.ok(staff.includes(`href="/fi/ecare/recording/${weekly.uuid}?week=${k}"`));
  const rp = await page(prof.client, `/fi/ecare/recording/${weekly.uuid}?week=${k}`);
  assert.equal(rp.status, 200);
  assert.equal(backHref(rp.text), weekPath(k));
});
