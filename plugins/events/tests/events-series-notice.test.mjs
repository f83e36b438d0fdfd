// A series edited or deleted tells those invited by e-mail (issue 16): each
// occurrence is an event of its own, so a guest invited to two occurrences
// gets one update per changed occurrence (each replacing its own calendar
// entry: its UID, SEQUENCE 1) and one cancellation per deleted occurrence.
// A real SMTP server (python3-aiosmtpd) and .ics parser read them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, csrfOf, login, makeTenant, makeUser, sql, unique, until, useConf, restoreConf,
  startSmtp } from '../../../tests/http/lib.mjs';
import { formOf, bodyOf, makeType } from './events-lib.mjs';

let smtp, T, operator, c, type;
before(async () => {
  smtp = await startSmtp();
  useConf('tick_seconds', '1');
  T = makeTenant({ name: unique('Sarjat Oy'), timezone: 'Europe/Helsinki' });
  operator = makeUser(T, 'operator');
  type = makeType(T);
  c = new Client();
  await login(c, operator, 'fi');
});
after(async () => {
  await restoreConf();
  await smtp?.stop();
});
const mailTo = (addr) => smtp.read().filter((m) => m.to.includes(addr));
const form = (uuid) => c.req(`/fi/ecare/events/${uuid}/edit`);

test('this and following: one update per changed occurrence; the series deleted: one cancellation each', async () => {
  const name = unique('Kuoro');
  const body = new URLSearchParams({ max: '5', type: type.uuid, date: '2031-09-01', time: '10:00', duration: '60',
    lang: 'fi', name_fi: name, description_fi: '', repeat: 'weekly', wday: '1', every: '1', ends: 'count',
    count: '3', csrf: await csrfOf(c, '/fi/ecare/events/new') });
  const made = await c.req('/fi/ecare/events/new', { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(made.status, 303);
  const occ = sql(`SELECT e.uuid FROM events e JOIN event_texts x ON x.event_id = e.id WHERE e.tenant_id = ${T.id}
    AND x.name = '${name}' ORDER BY e.starts_at`).split('\n');
  assert.equal(occ.length, 3);
  // A guest invited to the 2nd and 3rd occurrences.
  const email = `${unique('vieras')}@example.org`;
  for (const uuid of occ.slice(1)) {
    const add = await c.post(`/fi/ecare/events/${uuid}/participants`,
      { csrf: await csrfOf(c, `/fi/ecare/events/${uuid}`), email, first_name: 'Veera', last_name: 'Vieras' });
    assert.equal(add.status, 200);
  }
  const invites = await until(() => mailTo(email).length >= 2 && mailTo(email), 20000, 'the invitations');
  const uids = invites.map((m) => m.calendars[0].events[0].uid).sort();
  assert.equal(new Set(uids).size, 2, 'a calendar entry per occurrence');

  // From the 1st on, one hour later.
  const page = await form(occ[0]);
  const r = await c.req(`/fi/ecare/events/${occ[0]}/edit`, { method: 'POST',
    body: bodyOf(formOf(page.text), { time: '11:00', scope: 'following' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303);
  const all = await until(() => mailTo(email).length >= 4 && mailTo(email), 20000, 'the updates');
  const updates = all.slice(2);
  assert.deepEqual(updates.map((m) => m.calendars[0].events[0].uid).sort(), uids);
  for (const m of updates) {
    assert.equal(m.calendars[0].method, 'REQUEST');
    assert.equal(m.calendars[0].events[0].sequence, 1);
  }
  assert.deepEqual(updates.map((m) => m.calendars[0].events[0].start).sort(),
    ['2031-09-08T08:00:00Z', '2031-09-15T08:00:00Z']);
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE to_addr = '${email}' AND kind = 'update'`), '2');

  // The whole series deleted.
  const del = await c.post(`/fi/ecare/events/${occ[0]}/delete`, { csrf: await csrfOf(c, `/fi/ecare/events/${occ[0]}/delete`),
    scope: 'series' });
  assert.equal(del.status, 303);
  const fin = await until(() => mailTo(email).length >= 6 && mailTo(email), 20000, 'the cancellations');
  const cancels = fin.slice(4);
  assert.deepEqual(cancels.map((m) => m.calendars[0].events[0].uid).sort(), uids);
  for (const m of cancels) assert.equal(m.calendars[0].method, 'CANCEL');
});
