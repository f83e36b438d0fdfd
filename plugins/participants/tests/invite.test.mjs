// Invitations (issue 16): a guest or a staff member added on Tiedot gets an
// e-mail in the page's language with their way in and the event as an .ics
// (METHOD:REQUEST). Sent by the ticker through a real SMTP server (Debian's
// python3-aiosmtpd) and read back with python3-icalendar; a relay that is
// down keeps the message queued until it answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Client, BASE, csrfOf, login, makeTenant, makeUser, sql, unique, until, useConf, restoreConf,
  startSmtp } from '../../../tests/http/lib.mjs';

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function makeEvent(tenant, creator, name) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, ${q(unique('Liikunta'))})`);
  const type = sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${tenant.id}`);
  const uuid = sql('SELECT UUID()');
  // 10:00-11:00 Helsinki time on a fixed future day (summer time: 07:00 UTC).
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id) VALUES ('${uuid}', ${tenant.id}, ${type}, ${creator.id}, 10,
         '2031-06-10 07:00:00', '2031-06-10 08:00:00', 60, ${q(unique('room'))})`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name, description) VALUES
       (${id}, 'fi', ${q(name.fi)}, 'Tuolit valmiiksi'), (${id}, 'sv', ${q(name.sv)}, NULL)`);
  return { id, uuid };
}

let smtp, T, operator, staff2, client;
before(async () => {
  smtp = await startSmtp();
  useConf('tick_seconds', '1');
  T = makeTenant({ name: unique('Esimerkkikunta Äänekoski') });
  operator = makeUser(T, 'operator', { first: 'Olli', last: unique('Tuottaja') });
  staff2 = makeUser(T, 'professional', { first: 'Pirjo', last: unique('Hoitaja') });
  client = new Client();
  await login(client, operator, 'fi');
  client.csrf = await csrfOf(client, '/fi/');
});
after(async () => {
  await restoreConf();
  await smtp?.stop();
});

const mailTo = (addr) => smtp.read().filter((m) => m.to.includes(addr));

test('a guest added on Tiedot gets an invitation with a personal link that works and a calendar entry', async () => {
  const ev = makeEvent(T, operator, { fi: unique('Tuolijumppa'), sv: unique('Stolgympa') });
  const email = `${unique('vieras')}@example.org`;
  const r = await client.post(`/sv/ecare/events/${ev.uuid}/participants`,
    { csrf: client.csrf, email, first_name: 'Åsa', last_name: 'Öberg' });
  assert.equal(r.status, 200, 'the guest link page');
  const [m] = await until(() => mailTo(email).length && mailTo(email), 20000, 'the invitation');
  // In the page's language (sv), from the organisation, to the guest.
  assert.match(m.subject, /^Inbjudan: Stolgympa/);
  assert.equal(m.from, `${T.name} <noreply@vvhome.test>`);
  assert.equal(m.to, `Åsa Öberg <${email}>`);
  assert.equal(m.auto_submitted, 'auto-generated');
  assert.match(m.text, /^Hej Åsa,/);
  assert.match(m.text, /10\.6\.2031 kl\. 10\.00–11\.00 \(Europe\/Helsinki\)/);
  // The MIME tree mail programs expect for an invitation.
  const types = m.parts.map((p) => p.type);
  assert.deepEqual(types, ['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/calendar', 'application/ics']);
  assert.equal(m.parts[3].method, 'REQUEST');
  assert.equal(m.parts[4].filename, 'invite.ics');
  // The calendar entry, read by a real parser: the right instant, the link.
  const [cal] = m.calendars;
  assert.equal(cal.method, 'REQUEST');
  assert.equal(cal.events.length, 1);
  const e = cal.events[0];
  assert.equal(e.start, '2031-06-10T07:00:00Z');
  assert.equal(e.end, '2031-06-10T08:00:00Z');
  assert.equal(e.sequence, 0);
  assert.match(e.summary, /^Stolgympa/);
  // The link is absolute, personal, and opens the guest's page.
  const link = m.text.match(/(https?:\/\/\S+\/sv\/join\/p\/[A-Za-z0-9_-]+)/)[1];
  assert.equal(e.url, link);
  assert.ok(link.startsWith(BASE), link);
  const token = link.split('/').pop();
  assert.equal(sql(`SELECT COUNT(*) FROM event_participants WHERE event_id = ${ev.id}
    AND token_hash = '${createHash('sha256').update(token).digest('hex')}'`), '1');
  const page = await new Client().req(link.slice(BASE.length));
  assert.equal(page.status, 200);
  // The queue's record of it.
  assert.equal(sql(`SELECT CONCAT(status, ' ', kind, ' ', attempts) FROM mail_outbox WHERE to_addr = ${q(email)}`), 'sent invite 1');
});

test('a staff member added on Tiedot is invited to the event page, not given a guest link', async () => {
  const ev = makeEvent(T, operator, { fi: unique('Muistikahvila'), sv: unique('Minneskafé') });
  const r = await client.post(`/fi/ecare/events/${ev.uuid}/participants`, { csrf: client.csrf, email: staff2.email });
  assert.equal(r.status, 303);
  const [m] = await until(() => mailTo(staff2.email).length && mailTo(staff2.email), 20000, 'the invitation');
  assert.match(m.subject, /^Kutsu: Muistikahvila/);
  assert.match(m.text, new RegExp(`/fi/ecare/events/${ev.uuid}`));
  assert.doesNotMatch(m.text, /join\/p\//);
});

test('a customer added on Tiedot gets no e-mail: their tablet tells them', async () => {
  const ev = makeEvent(T, operator, { fi: unique('Laulutuokio'), sv: unique('Sångstund') });
  const customer = makeUser(T, 'customer', { first: 'Aino', last: unique('Asiakas') });
  const r = await client.post(`/fi/ecare/events/${ev.uuid}/participants`, { csrf: client.csrf, email: customer.email });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE event_id = ${ev.id}`), '0');
});

test('a relay that does not answer keeps the invitation queued, and it goes out when the relay is back', async () => {
  await smtp.stop();
  const ev = makeEvent(T, operator, { fi: unique('Luento'), sv: unique('Föreläsning') });
  const email = `${unique('myohassa')}@example.org`;
  const r = await client.post(`/fi/ecare/events/${ev.uuid}/participants`,
    { csrf: client.csrf, email, first_name: 'Eino', last_name: 'Esimerkki' });
  assert.equal(r.status, 200);
  const row = () => sql(`SELECT CONCAT(status, ' ', attempts, ' ', next_try_at > UTC_TIMESTAMP())
    FROM mail_outbox WHERE to_addr = ${q(email)}`);
  await until(() => row().startsWith('queued 1 1'), 20000, 'a failed first try with a later retry');
  assert.ok(sql(`SELECT last_error FROM mail_outbox WHERE to_addr = ${q(email)}`).length > 0);
  // Back: the retry is brought forward instead of waiting a minute.
  smtp = await startSmtp();
  sql(`UPDATE mail_outbox SET next_try_at = UTC_TIMESTAMP() WHERE to_addr = ${q(email)}`);
  const [m] = await until(() => mailTo(email).length && mailTo(email), 20000, 'the invitation after the retry');
  assert.match(m.subject, /^Kutsu: Luento/);
  assert.equal(row().split(' ').slice(0, 2).join(' '), 'sent 2');
});

test('bad addresses never reach the queue: a header cannot be injected through the name', async () => {
  const ev = makeEvent(T, operator, { fi: unique('Kahvihetki'), sv: unique('Kaffestund') });
  const r = await client.post(`/fi/ecare/events/${ev.uuid}/participants`,
    { csrf: client.csrf, email: `x${unique('y')}@example.org`, first_name: 'A\r\nBcc: victim@example.org', last_name: 'B' });
  assert.notEqual(r.status, 500);
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE event_id = ${ev.id} AND to_name LIKE '%Bcc%'`), '0');
});
