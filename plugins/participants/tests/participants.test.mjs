// Osallistujat (plugin participants, R-PA-1..3): staff add customers, staff
// members and guests to an event by e-mail address, remove them, and a guest
// opens the event through a personal join link shown once.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, ROOT, get, html, login, csrfOf, makeTenant, makeUser, readLog, sql, t, unique, fieldError,
  inputValue } from '../../../tests/http/lib.mjs';

/** Text of a participants.* entry from xsl/i18n/participants.<lang>.xml, with {0} filled. */
function tp(lang, key, arg) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/participants.${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `participants.${lang}.xml has ${key}`);
  const s = m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return arg === undefined ? s : s.replace('{0}', arg);
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** An event straight in the database (the events plugin's form is tested elsewhere). */
function makeEvent(tenant, creator, { max = 5, status = 'scheduled', ended = false, name = unique('Tuolijumppa') } = {}) {
  let type = sql(`SELECT id FROM event_types WHERE tenant_id = ${tenant.id} LIMIT 1`);
  if (!type) {
    sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, 'Liikunta')`);
    type = sql(`SELECT id FROM event_types WHERE tenant_id = ${tenant.id} LIMIT 1`);
  }
  const uuid = sql('SELECT UUID()');
  const start = ended ? 'UTC_TIMESTAMP() - INTERVAL 2 HOUR' : 'UTC_TIMESTAMP() + INTERVAL 1 DAY';
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id, status)
       VALUES ('${uuid}', ${tenant.id}, ${type}, ${creator.id}, ${max}, ${start}, ${start} + INTERVAL 1 HOUR,
         60, ${q(unique('room'))}, '${status}')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(name)})`);
  return { id, uuid, name };
}

const rows = (ev) => sql(`SELECT kind, status, IFNULL(user_id, '-'), email, IFNULL(first_name, '-'),
  IFNULL(last_name, '-'), IF(token_hash IS NULL, '-', 'hash') FROM event_participants
  WHERE event_id = ${ev.id} ORDER BY id`).split('\n').filter(Boolean).map((l) => l.split('\t'));
const count = (ev, where = '1') => Number(sql(`SELECT COUNT(*) FROM event_participants WHERE event_id = ${ev.id} AND ${where}`));
const counter = (ev) => Number(sql(`SELECT enrolled FROM events WHERE id = ${ev.id}`));
const audits = (tenant, action) =>
  Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${tenant.id} AND action = '${action}'`));
const pid = (ev, email) => sql(`SELECT id FROM event_participants WHERE event_id = ${ev.id} AND email = ${q(email)}`);

async function signedIn(user, lang = 'fi') {
  const c = new Client();
  await login(c, user, lang);
  c.csrf = await csrfOf(c, `/${lang}/`);
  return c;
}

function add(c, ev, fields, lang = 'fi') {
  return c.post(`/${lang}/ecare/events/${ev.uuid}/participants`, { csrf: c.csrf, ...fields });
}
function remove(c, ev, id, lang = 'fi') {
  return c.post(`/${lang}/ecare/events/${ev.uuid}/participants/${id}/remove`, { csrf: c.csrf });
}

let A, B, admin, operator, prof, prof2, customers, inactive, adminB, customerB, sAdmin, sOperator;
let tiedotExists = false;
before(async () => {
  A = makeTenant({ contract: { maxParticipants: 25 } });
  B = makeTenant({ contract: { maxParticipants: 25 } });
  admin = makeUser(A, 'admin', { first: 'Aino', last: unique('Pääkäyttäjä') });
  operator = makeUser(A, 'operator', { first: 'Olli', last: unique('Tuottaja') });
  prof = makeUser(A, 'professional', { first: 'Pirjo', last: unique('Hoitaja') });
  prof2 = makeUser(A, 'professional', { first: 'Paavo', last: unique('Hoitaja') });
  customers = Array.from({ length: 14 }, (_, i) => makeUser(A, 'customer', { first: `Asiakas${i}`, last: unique('Virtanen') }));
  inactive = makeUser(A, 'customer', { first: 'Iida', last: unique('Poissa') });
  sql(`UPDATE users SET active = 0 WHERE id = ${inactive.id}`);
  adminB = makeUser(B, 'admin', { first: 'Bertta', last: unique('Muu') });
  customerB = makeUser(B, 'customer', { first: 'Bengt', last: unique('Vieras') });
  sAdmin = await signedIn(admin);
  sOperator = await signedIn(operator);
  const probe = makeEvent(A, admin);
  tiedotExists = (await sAdmin.req(`/fi/ecare/events/${probe.uuid}`)).status === 200;
});

test('a customer of the tenant is enrolled by e-mail alone (R-PA-2)', async () => {
  const ev = makeEvent(A, admin);
  const before = audits(A, 'participant.add');
  const r = await add(sAdmin, ev, { email: customers[0].email.toUpperCase(), first_name: '', last_name: '' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/fi/ecare/events/${ev.uuid}`);
  assert.deepEqual(rows(ev), [['customer', 'enrolled', String(customers[0].id), customers[0].email,
    customers[0].first, customers[0].last, '-']]);
  assert.equal(counter(ev), 1, 'events.enrolled counts the enrolled customer');
  assert.equal(audits(A, 'participant.add'), before + 1);
});

test('a staff member is added as staff and does not take a customer seat', async () => {
  const ev = makeEvent(A, admin, { max: 1 });
  assert.equal((await add(sAdmin, ev, { email: customers[1].email })).status, 303);
  const r = await add(sAdmin, ev, { email: prof.email });
  assert.equal(r.status, 303, 'the event is full of customers, but staff still fit');
  assert.equal(rows(ev)[1][0], 'staff');
  assert.equal(rows(ev)[1][2], String(prof.id));
  assert.equal(counter(ev), 1);
});

test('an unknown address with names adds a guest whose link is shown once and works', async () => {
  const ev = makeEvent(A, admin);
  const email = `${unique('vieras')}@example.net`.toLowerCase();
  const r = await add(sAdmin, ev, { email, first_name: 'Ville', last_name: 'Vierailija' });
  assert.equal(r.status, 200, 'the link is shown on this response, not behind a redirect');
  assert.equal(r.headers.get('location'), null);
  const m = r.text.match(/\/fi\/join\/p\/([A-Za-z0-9_-]{43})/);
  assert.ok(m, 'the page shows the personal join link');
  const token = m[1];
  assert.ok(r.text.includes(html(tp('fi', 'participants.link.once'))));
  assert.match(r.text, /data-copy="guest-link"/, 'copy button');
  assert.ok(r.text.includes(`href="/fi/ecare/events/${ev.uuid}"`), 'a link back to Tiedot');
  const [row] = rows(ev);
  assert.deepEqual(row, ['guest', 'enrolled', '-', email, 'Ville', 'Vierailija', 'hash']);
  assert.equal(sql(`SELECT token_hash FROM event_participants WHERE event_id = ${ev.id}`),
    createHash('sha256').update(token).digest('hex'), 'only the hash is stored');
  assert.equal(counter(ev), 0, 'guests are not customers');

  if (tiedotExists) {
    const d = await sAdmin.req(`/fi/ecare/events/${ev.uuid}`);
    assert.ok(!d.text.includes(token), 'Tiedot never shows the link again');
  }
  const j = await get(`/fi/join/p/${token}`);
  assert.equal(j.status, 200);
  assert.ok(j.text.includes(html(ev.name)), 'the event name');
  assert.ok(j.text.includes('Ville Vierailija'), 'the guest name');
  assert.ok(j.text.includes(html(tp('fi', 'participants.join.start'))));
  const sv = await get(`/sv/join/p/${token}`);
  assert.ok(sv.text.includes(html(tp('sv', 'participants.join.title'))));
  assert.ok(!readLog().includes(token), 'the token is not in the log');
  assert.equal((await get(`/fi/join/p/${token.slice(0, -2)}xx`)).status, 404, 'unknown token');
});

test('a guest needs names: messages next to Etunimi and Sukunimi, input kept, nothing added', async () => {
  const ev = makeEvent(A, admin);
  const email = `${unique('nimeton')}@example.net`.toLowerCase();
  const r = await add(sAdmin, ev, { email, first_name: ' ', last_name: '' });
  assert.equal(r.status, 422);
  assert.ok(fieldError(r.text, 'first_name'), 'message next to Etunimi');
  assert.ok(fieldError(r.text, 'last_name'), 'message next to Sukunimi');
  assert.equal(fieldError(r.text, 'email'), null);
  assert.equal(inputValue(r.text, 'email'), email);
  assert.match(r.text, /<label for="first_name">Etunimi<\/label>/);
  assert.match(r.text, /<label for="last_name">Sukunimi<\/label>/);
  assert.ok(r.text.includes(html(ev.name)), 'the page names the event');
  assert.ok(r.text.includes(`href="/fi/ecare/events/${ev.uuid}"`), 'a link back to Tiedot');
  assert.equal(count(ev), 0);
});

test('an invalid address is refused with a message on the field', async () => {
  const ev = makeEvent(A, admin);
  for (const email of ['ei-osoite', 'a@b', 'a b@example.org', '']) {
    const r = await add(sAdmin, ev, { email, first_name: 'Veera', last_name: 'Vieras' });
    assert.equal(r.status, 422, email);
    assert.ok(fieldError(r.text, 'email'), email);
    assert.equal(inputValue(r.text, 'first_name'), 'Veera');
  }
  const r = await add(sAdmin, ev, { email: 'ei-osoite', first_name: 'Veera', last_name: 'Vieras' });
  assert.equal(fieldError(r.text, 'email'), t('fi', 'err.email'));
  assert.equal(count(ev), 0);
});

test("another tenant's user is only a guest here, never enrolled as that user", async () => {
  const ev = makeEvent(A, admin);
  let r = await add(sAdmin, ev, { email: customerB.email });
  assert.equal(r.status, 422, 'unknown here, so names are required');
  assert.ok(fieldError(r.text, 'first_name'));
  assert.ok(!r.text.includes(customerB.last), "nothing of the other tenant's user is shown");
  r = await add(sAdmin, ev, { email: customerB.email, first_name: 'Bengt', last_name: 'Gästen' });
  assert.equal(r.status, 200);
  assert.deepEqual(rows(ev), [['guest', 'enrolled', '-', customerB.email, 'Bengt', 'Gästen', 'hash']]);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM event_participants WHERE user_id = ${customerB.id}`)), 0);
});

test('a deactivated user is refused, not added as a guest', async () => {
  const ev = makeEvent(A, admin);
  const r = await add(sAdmin, ev, { email: inactive.email, first_name: 'Iida', last_name: 'X' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'email'), tp('fi', 'participants.err.inactive'));
  assert.equal(count(ev), 0);
});

test('a participant cannot be added twice', async () => {
  const ev = makeEvent(A, admin);
  assert.equal((await add(sAdmin, ev, { email: customers[2].email })).status, 303);
  const guest = `${unique('kahdesti')}@example.net`.toLowerCase();
  assert.equal((await add(sAdmin, ev, { email: guest, first_name: 'G', last_name: 'H' })).status, 200);
  for (const email of [customers[2].email, ` ${customers[2].email.toUpperCase()} `, guest, guest.toUpperCase()]) {
    const r = await add(sAdmin, ev, { email, first_name: 'G', last_name: 'H' });
    assert.equal(r.status, 422, email);
    assert.equal(fieldError(r.text, 'email'), tp('fi', 'participants.err.duplicate'));
  }
  assert.equal(count(ev), 2);
});

test('capacity: the third customer of a two-seat event is refused, naming the capacity', async () => {
  const ev = makeEvent(A, admin, { max: 2 });
  assert.equal((await add(sAdmin, ev, { email: customers[3].email })).status, 303);
  assert.equal((await add(sAdmin, ev, { email: customers[4].email })).status, 303);
  const before = audits(A, 'participant.add');
  const r = await add(sAdmin, ev, { email: customers[5].email });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'email'), tp('fi', 'participants.err.full', '2'));
  assert.ok(r.text.includes(html(customers[3].last)), 'the list is on the page');
  assert.equal(count(ev), 2, 'no row written');
  assert.equal(counter(ev), 2);
  assert.equal(audits(A, 'participant.add'), before);
  const en = await add(sAdmin, ev, { email: customers[5].email }, 'en');
  assert.equal(fieldError(en.text, 'email'), tp('en', 'participants.err.full', '2'));
});

test('ten customers at once into the last free seat: exactly one gets it (R-EN-3)', async () => {
  const ev = makeEvent(A, admin, { max: 2 });
  assert.equal((await add(sAdmin, ev, { email: customers[0].email })).status, 303);
  const sessions = await Promise.all([sAdmin, sOperator, sAdmin, sOperator].map(async (s) => s));
  const rs = await Promise.all(customers.slice(4, 14).map((u, i) =>
    add(sessions[i % sessions.length], ev, { email: u.email })));
  const statuses = rs.map((r) => r.status).sort();
  assert.deepEqual(statuses, [303, ...Array(9).fill(422)]);
  for (const r of rs.filter((x) => x.status === 422))
    assert.equal(fieldError(r.text, 'email'), tp('fi', 'participants.err.full', '2'));
  assert.equal(count(ev, "kind = 'customer' AND status = 'enrolled'"), 2);
  assert.equal(count(ev), 2);
  assert.equal(counter(ev), 2);
});

test('remove deletes the row, frees the seat and is audited (R-PA-3)', async () => {
  const ev = makeEvent(A, admin, { max: 1 });
  assert.equal((await add(sAdmin, ev, { email: customers[6].email })).status, 303);
  assert.equal((await add(sAdmin, ev, { email: customers[7].email })).status, 422, 'full');
  const before = audits(A, 'participant.remove');
  const r = await remove(sAdmin, ev, pid(ev, customers[6].email));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/fi/ecare/events/${ev.uuid}`);
  assert.equal(count(ev), 0);
  assert.equal(counter(ev), 0);
  assert.equal(audits(A, 'participant.remove'), before + 1);
  assert.equal((await add(sAdmin, ev, { email: customers[7].email })).status, 303, 'the seat is free again');
  assert.equal((await remove(sAdmin, ev, pid(ev, customers[7].email) + '0')).status, 404, 'unknown id');
});

test('a freed seat goes to the first customer on the waiting list', async () => {
  const ev = makeEvent(A, admin, { max: 1 });
  assert.equal((await add(sAdmin, ev, { email: customers[8].email })).status, 303);
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status, email)
       VALUES (${ev.id}, ${A.id}, ${customers[9].id}, 'customer', 'waiting', ${q(customers[9].email)}),
              (${ev.id}, ${A.id}, ${customers[10].id}, 'customer', 'waiting', ${q(customers[10].email)})`);
  assert.equal((await remove(sAdmin, ev, pid(ev, customers[8].email))).status, 303);
  assert.deepEqual(rows(ev).map((x) => [x[1], x[2]]),
    [['enrolled', String(customers[9].id)], ['waiting', String(customers[10].id)]]);
  assert.equal(counter(ev), 1);
});

test('operators add and remove; professionals and customers get 403; anonymous too', async () => {
  const ev = makeEvent(A, operator);
  assert.equal((await add(sOperator, ev, { email: customers[11].email })).status, 303);
  const id = pid(ev, customers[11].email);
  for (const u of [prof, customers[12]]) {
    const c = await signedIn(u);
    assert.equal((await add(c, ev, { email: customers[12].email })).status, 403, u.role);
    assert.equal((await remove(c, ev, id)).status, 403, u.role);
  }
  const anon = new Client();
  await anon.req('/fi/');
  anon.csrf = anon.cookies.get('vv_csrf') ?? '';
  assert.equal((await add(anon, ev, { email: customers[12].email })).status, 403, 'anonymous POST');
  assert.equal(count(ev), 1);
  assert.equal((await remove(sOperator, ev, id)).status, 303);
  assert.equal(count(ev), 0);
});

test("another tenant's event is a 404 and nothing changes", async () => {
  const evB = makeEvent(B, adminB);
  const sB = await signedIn(adminB);
  assert.equal((await add(sB, evB, { email: customerB.email })).status, 303);
  const id = pid(evB, customerB.email);
  assert.equal((await add(sAdmin, evB, { email: customers[0].email })).status, 404);
  assert.equal((await add(sAdmin, evB, { email: 'x@example.org', first_name: 'X', last_name: 'Y' })).status, 404);
  assert.equal((await remove(sAdmin, evB, id)).status, 404);
  // A participant of B's event through A's own event's URL.
  const evA = makeEvent(A, admin);
  assert.equal((await remove(sAdmin, evA, id)).status, 404);
  assert.equal(count(evB), 1);
  assert.equal(counter(evB), 1);
});

test('a POST without the CSRF token is refused', async () => {
  const ev = makeEvent(A, admin);
  const r = await sAdmin.post(`/fi/ecare/events/${ev.uuid}/participants`, { email: customers[0].email });
  assert.equal(r.status, 403);
  assert.equal((await sAdmin.post(`/fi/ecare/events/${ev.uuid}/participants`,
    { email: customers[0].email, csrf: 'x'.repeat(43) })).status, 403);
  assert.equal(count(ev), 0);
});

test('ended and cancelled events: no changes, and a guest link stops working', async () => {
  const ended = makeEvent(A, admin, { ended: true });
  const r = await add(sAdmin, ended, { email: customers[0].email });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'email'), tp('fi', 'participants.err.closed'));
  assert.equal(count(ended), 0);

  const ev = makeEvent(A, admin);
  const g = await add(sAdmin, ev, { email: `${unique('peruttu')}@example.net`, first_name: 'P', last_name: 'Q' });
  const token = g.text.match(/\/fi\/join\/p\/([A-Za-z0-9_-]{43})/)[1];
  assert.equal((await get(`/fi/join/p/${token}`)).status, 200);
  sql(`UPDATE events SET status = 'cancelled' WHERE id = ${ev.id}`);
  assert.equal((await get(`/fi/join/p/${token}`)).status, 404);
  assert.equal((await add(sAdmin, ev, { email: customers[0].email })).status, 404);
});

test('Tiedot shows the participants with Poista and the add form (R-PA-1, R-PA-3)', async (t) => {
  if (!tiedotExists) {
    t.skip('GET /fi/ecare/events/{uuid} (events plugin) is not served in this build');
    return;
  }
  const ev = makeEvent(A, admin, { max: 3 });
  assert.equal((await add(sAdmin, ev, { email: customers[1].email })).status, 303);
  assert.equal((await add(sAdmin, ev, { email: prof2.email })).status, 303);
  const r = await sAdmin.req(`/fi/ecare/events/${ev.uuid}`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(tp('fi', 'participants.title'))));
  assert.ok(r.text.includes(html(`${customers[1].first} ${customers[1].last}`)));
  assert.ok(r.text.includes(customers[1].email));
  assert.ok(r.text.includes(html(tp('fi', 'participants.kind.customer'))));
  assert.ok(r.text.includes(html(tp('fi', 'participants.kind.staff'))));
  assert.ok(r.text.includes(html(tp('fi', 'participants.status.enrolled'))));
  assert.ok(r.text.includes(tp('fi', 'participants.customers', '1 / 3')));
  const id = pid(ev, customers[1].email);
  assert.ok(r.text.includes(`action="/fi/ecare/events/${ev.uuid}/participants/${id}/remove"`));
  assert.match(r.text, />Poista</);
  assert.ok(r.text.includes(`action="/fi/ecare/events/${ev.uuid}/participants"`));
  assert.match(r.text, /<label for="email">Sähköpostiosoite<\/label>/);
  assert.match(r.text, /<label for="first_name">Etunimi<\/label>/);
  assert.match(r.text, /<label for="last_name">Sukunimi<\/label>/);
  assert.match(r.text, /<button type="submit">Lähetä<\/button>/);
});

test("a partner tenant's customer in a shared event: counted, shown only as a label, never removable here", async () => {
  const ev = makeEvent(A, admin, { max: 3 });
  assert.equal((await add(sAdmin, ev, { email: customers[2].email })).status, 303);
  // B's customer enrolled through a share: the row carries B's tenant and, as
  // the enrolment plugin writes it, the customer's names.
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status, first_name, last_name, added_by)
       VALUES (${ev.id}, ${B.id}, ${customerB.id}, 'customer', 'enrolled', ${q(customerB.first)}, ${q(customerB.last)},
       ${customerB.id})`);
  sql(`UPDATE events SET enrolled = 2 WHERE id = ${ev.id}`);
  const partner = sql(`SELECT id FROM event_participants WHERE event_id = ${ev.id} AND user_id = ${customerB.id}`);
  const own = pid(ev, customers[2].email);
  const check = (text, where) => {
    for (const secret of [customerB.email, customerB.last, customerB.uuid]) {
      assert.ok(!text.includes(secret), `${where}: nothing of B's customer (${secret})`);
    }
    assert.ok(text.includes(html(tp('fi', 'participants.partner'))), `${where}: the label`);
    assert.ok(text.includes(tp('fi', 'participants.customers', '2 / 3')), `${where}: still counted`);
    assert.ok(!text.includes(`/participants/${partner}/remove"`), `${where}: no Poista for B's customer`);
    assert.ok(text.includes(`/participants/${own}/remove"`), `${where}: Poista for our own`);
    assert.ok(text.includes(html(`${customers[2].first} ${customers[2].last}`)));
  };
  // The section on the participants plugin's own page (a refused add).
  let r = await add(sAdmin, ev, { email: 'ei-osoite' });
  assert.equal(r.status, 422);
  check(r.text, 'participants page');
  for (const [lang, label] of [['sv', 'Kund hos partnerorganisation'], ['en', 'Customer of a partner organisation']]) {
    assert.equal(tp(lang, 'participants.partner'), label);
    const s = await signedIn(admin, lang);
    r = await add(s, ev, { email: 'ei-osoite' }, lang);
    assert.equal(r.status, 422);
    assert.ok(r.text.includes(html(label)), lang);
    assert.ok(!r.text.includes(customerB.email) && !r.text.includes(customerB.last), lang);
  }
  if (tiedotExists) {
    r = await sAdmin.req(`/fi/ecare/events/${ev.uuid}`);
    assert.equal(r.status, 200);
    check(r.text, 'Tiedot');
  }
  // The remove route: 404 for B's customer's row, and nothing changes.
  const removed = audits(A, 'participant.remove');
  for (const s of [sAdmin, sOperator]) {
    r = await remove(s, ev, partner);
    assert.equal(r.status, 404);
  }
  assert.equal(count(ev, `id = ${partner}`), 1);
  assert.equal(counter(ev), 2);
  assert.equal(audits(A, 'participant.remove'), removed);
  // Our own customer is still removable.
  assert.equal((await remove(sAdmin, ev, own)).status, 303);
  assert.equal(count(ev), 1);
  assert.equal(counter(ev), 1);
});
