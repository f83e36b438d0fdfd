// Those invited by e-mail hear of changes (issue 16): a new time or name on
// Muokkaa sends an update that replaces their calendar entry (same UID,
// SEQUENCE + 1, in the language they were invited in); Poista sends a
// cancellation (METHOD:CANCEL). A real SMTP server (python3-aiosmtpd) and a
// real .ics parser (python3-icalendar) read what arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, BASE, csrfOf, login, makeTenant, makeUser, sql, unique, until, useConf, restoreConf,
  startSmtp } from '../../../tests/http/lib.mjs';
import { formOf, bodyOf, makeType } from './events-lib.mjs';

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

let smtp, T, operator, c;
before(async () => {
  smtp = await startSmtp();
  useConf('tick_seconds', '1');
  T = makeTenant({ name: unique('Järjestäjä Oy') });
  operator = makeUser(T, 'operator', { first: 'Olli', last: unique('Tuottaja') });
  c = new Client();
  await login(c, operator, 'fi');
  c.csrf = await csrfOf(c, '/fi/');
});
after(async () => {
  await restoreConf();
  await smtp?.stop();
});

/** A scheduled event on a fixed future day, 10:00-11:00 Helsinki (07:00 UTC). */
function makeEvent(name) {
  const type = sql(`SELECT id FROM event_types WHERE uuid = '${makeType(T).uuid}'`);
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id) VALUES ('${uuid}', ${T.id}, ${type}, ${operator.id}, 10,
         '2031-06-12 07:00:00', '2031-06-12 08:00:00', 60, ${q(unique('room'))})`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(name)})`);
  return { id, uuid };
}
const mailTo = (addr) => smtp.read().filter((m) => m.to.includes(addr));

test('a changed time reaches the invited guest as an update of the same calendar entry, in their language', async () => {
  const name = unique('Tuolijumppa');
  const ev = makeEvent(name);
  const email = `${unique('vieras')}@example.org`;
  const add = await c.post(`/sv/ecare/events/${ev.uuid}/participants`,
    { csrf: c.csrf, email, first_name: 'Åsa', last_name: 'Öberg' });
  assert.equal(add.status, 200);
  const [inv] = await until(() => mailTo(email).length >= 1 && mailTo(email), 20000, 'the invitation');
  assert.equal(inv.calendars[0].events[0].sequence, 0);
  const uid = inv.calendars[0].events[0].uid;
  const link = inv.text.match(/(https?:\/\/\S+\/sv\/join\/p\/[A-Za-z0-9_-]+)/)[1];

  // Muokkaa: one hour later.
  const page = await c.req(`/fi/ecare/events/${ev.uuid}/edit`);
  assert.equal(page.status, 200);
  const r = await c.req(`/fi/ecare/events/${ev.uuid}/edit`, { method: 'POST',
    body: bodyOf(formOf(page.text), { time: '11:00' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, 'the edit is saved');
  const msgs = await until(() => mailTo(email).length >= 2 && mailTo(email), 20000, 'the update');
  const upd = msgs[1];
  assert.match(upd.subject, /^Ändring: /, 'in Swedish, as the invitation was');
  assert.match(upd.text, /12\.6\.2031 kl\. 11\.00–12\.00/);
  assert.match(upd.text, /Den personliga länken i inbjudan fungerar fortfarande/,
    "the guest is told the invitation's link still works, in the invitation's language");
  assert.doesNotMatch(upd.text, /join\/p\//, 'the link itself is not written again (it is stored hashed)');
  // And it does: the invitation's link opens the guest's page at the new time.
  const open = await new Client().req(link.slice(BASE.length));
  assert.equal(open.status, 200, "the invitation's link after the change");
  assert.match(open.text, /kl\. 11\.00/);
  const e = upd.calendars[0];
  assert.equal(e.method, 'REQUEST');
  assert.equal(e.events[0].uid, uid, 'the same calendar entry');
  assert.equal(e.events[0].sequence, 1);
  assert.equal(e.events[0].start, '2031-06-12T08:00:00Z');

  // A second change: SEQUENCE 2. An edit that changes nothing sends nothing.
  const page2 = await c.req(`/fi/ecare/events/${ev.uuid}/edit`);
  const same = await c.req(`/fi/ecare/events/${ev.uuid}/edit`, { method: 'POST',
    body: bodyOf(formOf(page2.text)).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(same.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE event_id = ${ev.id} AND to_addr = ${q(email)}`), '2');

  // Poista: the cancellation removes the entry.
  const del = await c.req(`/fi/ecare/events/${ev.uuid}/delete`);
  const tok = del.text.match(/name="csrf" value="([^"]+)"/)[1];
  const gone = await c.post(`/fi/ecare/events/${ev.uuid}/delete`, { csrf: tok });
  assert.ok([200, 303].includes(gone.status), `delete answered ${gone.status}`);
  const all = await until(() => mailTo(email).length >= 3 && mailTo(email), 20000, 'the cancellation');
  const can = all[2];
  assert.match(can.subject, /^Inställt: /);
  assert.equal(can.calendars[0].method, 'CANCEL');
  assert.equal(can.calendars[0].events[0].uid, uid);
  assert.equal(can.calendars[0].events[0].status, 'CANCELLED');
  assert.deepEqual(can.parts.find((p) => p.type === 'text/calendar').method, 'CANCEL');
});

test('customers and people added before invitations existed are not mailed about changes', async () => {
  const ev = makeEvent(unique('Luento'));
  const customer = makeUser(T, 'customer', { first: 'Aino', last: unique('Asiakas') });
  assert.equal((await c.post(`/fi/ecare/events/${ev.uuid}/participants`, { csrf: c.csrf, email: customer.email })).status, 303);
  // A guest row written straight into the table: never invited by mail.
  sql(`INSERT INTO event_participants (event_id, tenant_id, kind, email, first_name, last_name)
       VALUES (${ev.id}, ${T.id}, 'guest', 'vanha@example.org', 'Vanha', 'Vieras')`);
  const page = await c.req(`/fi/ecare/events/${ev.uuid}/edit`);
  const r = await c.req(`/fi/ecare/events/${ev.uuid}/edit`, { method: 'POST',
    body: bodyOf(formOf(page.text), { time: '12:00' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE event_id = ${ev.id}`), '0');
});
