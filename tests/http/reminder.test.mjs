// Reminders before the start (issue 16): with Asetukset's reminder set, the
// ticker reminds every enrolled participant with an e-mail address - a
// guest, a staff member, a customer who has one - once, in their language,
// with their way in; not for a cancelled event, not a removed participant,
// not one another host's ticker claimed already. A real SMTP server
// (python3-aiosmtpd) receives them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, BASE, csrfOf, fieldError, login, makeTenant, makeUser, sql, unique, until, useConf, restoreConf,
  startSmtp } from './lib.mjs';

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

let smtp, T, admin, operator, c;
before(async () => {
  smtp = await startSmtp();
  useConf('tick_seconds', '1');
  T = makeTenant({ name: unique('Muistuttajat Oy') });
  admin = makeUser(T, 'admin');
  operator = makeUser(T, 'operator', { first: 'Olli', last: unique('Tuottaja') });
  c = new Client();
  await login(c, operator, 'fi');
  c.csrf = await csrfOf(c, '/fi/');
});
after(async () => {
  await restoreConf();
  await smtp?.stop();
});

/** A scheduled event of T starting in `minutes`, an hour long, named fi. */
function makeEvent(name, minutes) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${T.id}, ${q(unique('Liikunta'))})`);
  const type = sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${T.id}`);
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id) VALUES ('${uuid}', ${T.id}, ${type}, ${operator.id}, 10,
         UTC_TIMESTAMP() + INTERVAL ${minutes} MINUTE, UTC_TIMESTAMP() + INTERVAL ${minutes + 60} MINUTE,
         60, ${q(unique('room'))})`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(name)})`);
  return { id, uuid, name };
}
/** Adds on Tiedot in lang (a guest gets the invitation in it). */
async function add(ev, lang, fields) {
  const r = await c.post(`/${lang}/ecare/events/${ev.uuid}/participants`, { csrf: c.csrf, ...fields });
  assert.ok([200, 303].includes(r.status), `added: ${r.status}`);
}
/** Everyone in ev was added yesterday, before the reminder time. */
const addedYesterday = (ev) =>
  sql(`UPDATE event_participants SET created_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE event_id = ${ev.id}`);
const mails = (addr) => smtp.read().filter((m) => m.to.includes(addr));
const reminders = (addr) => mails(addr).filter((m) => /^(Muistutus|Påminnelse|Reminder): /.test(m.subject));

test('Asetukset offers the reminder and the room opening time, and refuses other values', async () => {
  const a = new Client();
  await login(a, admin, 'fi');
  const csrf = await csrfOf(a, '/fi/admin/settings');
  const base = { csrf, hangup: '2', end_policy: 'creator', capacity: '5', warning: '5', timezone: 'Europe/Helsinki',
    language: 'fi', link_days: '30' };
  const row = () => sql(`SELECT CONCAT(reminder_minutes, ' ', room_open_minutes) FROM tenants t
    LEFT JOIN tenant_policies p ON p.tenant_id = t.id WHERE t.id = ${T.id}`);
  const was = row();
  let r = await a.post('/fi/admin/settings', { ...base, reminder: '7', room_open: '10' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'reminder'), 'Valitse jokin luettelon vaihtoehdoista.');
  r = await a.post('/fi/admin/settings', { ...base, reminder: '60', room_open: '61' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'room_open'), 'Anna kokonainen minuuttimäärä väliltä 1–60.');
  assert.equal(row(), was, 'nothing saved');
  r = await a.post('/fi/admin/settings', { ...base, reminder: '60', room_open: '15' });
  assert.equal(r.status, 303);
  assert.equal(row(), '60 15');
  const page = await a.req('/fi/admin/settings');
  assert.match(page.text, /<option value="60" selected="selected">Tuntia ennen<\/option>/);
  assert.match(page.text, /id="room_open"[^>]*value="15"/);
});

test('participants with e-mail are reminded once, in their language, with their way in', async () => {
  sql(`INSERT INTO tenant_policies (tenant_id, reminder_minutes) VALUES (${T.id}, 60)
       ON DUPLICATE KEY UPDATE reminder_minutes = 60`);
  const ev = makeEvent(unique('Tuolijumppa'), 30);
  const guest = `${unique('vieras')}@example.org`;
  const gone = `${unique('poistettu')}@example.org`;
  const claimed = `${unique('toinen')}@example.org`;
  const staff = makeUser(T, 'professional', { first: 'Pirjo', last: unique('Hoitaja') });
  const customer = makeUser(T, 'customer', { first: 'Aino', last: unique('Asiakas'), language: 'en' });
  await add(ev, 'sv', { email: guest, first_name: 'Åsa', last_name: 'Öberg' });
  await add(ev, 'fi', { email: staff.email });
  await add(ev, 'fi', { email: customer.email });
  await add(ev, 'fi', { email: gone, first_name: 'Poistuva', last_name: 'Vieras' });
  await add(ev, 'fi', { email: claimed, first_name: 'Toinen', last_name: 'Kone' });
  // Removed on Tiedot: no reminder.
  const goneId = sql(`SELECT id FROM event_participants WHERE event_id = ${ev.id} AND email = ${q(gone)}`);
  assert.equal((await c.post(`/fi/ecare/events/${ev.uuid}/participants/${goneId}/remove`, { csrf: c.csrf })).status, 303);
  // Claimed by another host's ticker already: this one sends nothing.
  sql(`INSERT INTO event_reminders (participant_id, event_id) SELECT id, event_id FROM event_participants
       WHERE event_id = ${ev.id} AND email = ${q(claimed)}`);
  // A cancelled event in the same hour reminds no one.
  const off = makeEvent(unique('Peruttu'), 40);
  const offGuest = `${unique('peruttu')}@example.org`;
  await add(off, 'fi', { email: offGuest, first_name: 'Pertti', last_name: 'Peruttu' });
  const del = await c.req(`/fi/ecare/events/${off.uuid}/delete`);
  const tok = del.text.match(/name="csrf" value="([^"]+)"/)[1];
  assert.ok([200, 303].includes((await c.post(`/fi/ecare/events/${off.uuid}/delete`, { csrf: tok })).status));
  // An event two hours ahead is not due yet.
  const later = makeEvent(unique('Myöhemmin'), 120);
  const laterGuest = `${unique('myohemmin')}@example.org`;
  await add(later, 'fi', { email: laterGuest, first_name: 'Liisa', last_name: 'Myöhä' });
  for (const e of [ev, off, later]) addedYesterday(e);

  const [g] = await until(() => reminders(guest).length && reminders(guest), 20000, "the guest's reminder");
  assert.equal(g.subject, `Påminnelse: ${ev.name}`, 'in Swedish, as the invitation was');
  assert.match(g.text, /^Hej Åsa,/);
  assert.match(g.text, /börjar snart/);
  assert.match(g.text, /Den personliga länken i inbjudan fungerar fortfarande/);
  assert.doesNotMatch(g.text, /join\/p\//, 'the link is stored hashed: the invitation has it');
  assert.equal(g.calendars.length, 0, 'no calendar entry: the invitation made it');
  const [s] = await until(() => reminders(staff.email).length && reminders(staff.email), 20000, "the staff member's reminder");
  assert.equal(s.subject, `Muistutus: ${ev.name}`);
  assert.ok(s.text.includes(`${BASE}/fi/ecare/events/${ev.uuid}`), s.text);
  const [k] = await until(() => reminders(customer.email).length && reminders(customer.email), 20000, "the customer's reminder");
  assert.equal(k.subject, `Reminder: ${ev.name}`, "in the customer's own language");
  assert.ok(k.text.includes(`${BASE}/en/ecare/index/event/${ev.uuid}`), k.text);

  // Later ticks send nothing again: an event reminded after these shows
  // that the ticker has run past them since.
  const marker = makeEvent(unique('Merkki'), 20);
  const markerGuest = `${unique('merkki')}@example.org`;
  await add(marker, 'fi', { email: markerGuest, first_name: 'Merja', last_name: 'Merkki' });
  addedYesterday(marker);
  await until(() => reminders(markerGuest).length, 20000, 'the later reminder');
  for (const addr of [guest, staff.email, customer.email])
    assert.equal(reminders(addr).length, 1, `one reminder to ${addr}`);
  for (const addr of [gone, claimed, offGuest, laterGuest])
    assert.equal(reminders(addr).length, 0, `no reminder to ${addr}`);
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE kind = 'reminder' AND event_id = ${ev.id}`), '3');
});

test('someone added after the reminder time is not reminded: the invitation just told them', async () => {
  const ev = makeEvent(unique('Laulutuokio'), 25);
  const guest = `${unique('uusi')}@example.org`;
  await add(ev, 'fi', { email: guest, first_name: 'Uuno', last_name: 'Uusi' });
  await until(() => mails(guest).length, 20000, 'the invitation');
  // A participant added yesterday to the same event is reminded; by then
  // the ticker has looked at the new one too.
  const old = `${unique('vanha')}@example.org`;
  await add(ev, 'fi', { email: old, first_name: 'Veikko', last_name: 'Vanha' });
  sql(`UPDATE event_participants SET created_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE event_id = ${ev.id}
       AND email = ${q(old)}`);
  await until(() => reminders(old).length, 20000, 'the reminder of the one added before');
  assert.equal(reminders(guest).length, 0);
});
