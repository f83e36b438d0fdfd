// Calendar feeds (issue 16, deliverable 2): a secret, revocable address per
// user that answers text/calendar. Read back with Debian's python3-icalendar
// (tests/tools/ics_check.py): a customer sees what their calendar shows them
// in their language and their recordings as all-day entries, staff their
// organisation's events; the times are right on both sides of a DST change;
// a cancelled event stays as STATUS:CANCELLED; revoked and unknown tokens
// are 404.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Client, BASE, ROOT, get, csrfOf, fieldError, inputValue, login, makeTenant, makeUser, sql,
  unique } from '../../../tests/http/lib.mjs';

const q = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const dir = mkdtempSync(`${tmpdir()}/vv-feeds-`);
let files = 0;

/** The feed as a calendar program takes it: {status, headers, raw, method, tz, events[]}. */
async function feed(path, headers = {}) {
  const r = await fetch(BASE + path, { redirect: 'manual', headers });
  const raw = await r.text();
  const out = { status: r.status, headers: r.headers, raw };
  if (r.status !== 200) return out;
  const file = `${dir}/feed-${++files}.ics`;
  writeFileSync(file, raw);
  const lines = execFileSync('/usr/bin/python3', [`${ROOT}/tests/tools/ics_check.py`, file, 'feed'],
    { encoding: 'utf8' }).trim().split('\n');
  const [, method, , tz] = lines[0].split(' ');
  out.method = method;
  out.tz = tz;
  out.events = lines.slice(1).map((l) => {
    const [, uid, start, end, seq, status, ...summary] = l.split(' ');
    return { uid, start, end, seq: Number(seq), status, summary: summary.join(' ') };
  });
  out.byUid = (uuid) => out.events.filter((e) => e.uid.startsWith(uuid));
  return out;
}

function makeType(tenant) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, ${q(unique('Tyyppi'))})`);
  return Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${tenant.id}`));
}

/** An event of type at UTC [start, end) ('YYYY-MM-DD HH:MM:SS') with texts { fi, sv, en }. */
function makeEvent(tenant, creator, type, start, end, texts, extra = {}) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id, status, cancelled_at) VALUES ('${uuid}', ${tenant.id}, ${type}, ${creator.id}, 10,
         '${start}', '${end}', 60, ${q(unique('room'))}, '${extra.status ?? 'scheduled'}',
         ${extra.cancelledAt ?? 'NULL'})`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  for (const [lang, name] of Object.entries(texts))
    sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, '${lang}', ${q(name)})`);
  return { id, uuid };
}

const day = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);

/** Makes a feed on the page at path (signed-in client); returns its absolute address. */
async function create(client, path) {
  const r = await client.post(path, { csrf: client.csrf, do: 'create' });
  assert.equal(r.status, 200, 'the page with the new address');
  return inputValue(r.text, 'feed-url');
}

let T, T2, admin, operator, customer, other, adminC, opC;
let typeA, typeB, seen, unseenType, fiOnly, held, foreign, dstBefore, dstAfter, dstAutumn, cancelled, oldCancel, odd;
const oddName = 'Jooga; venyttely, "rento" \\ ja <b>ääkköset</b> – pitkä nimi, joka ylittää rivin 75 tavua ☀ ☀ ☀';

before(async () => {
  T = makeTenant({ name: unique('Kotikunta, "Oy"; Ab'), timezone: 'Europe/Helsinki', language: 'fi' });
  T2 = makeTenant({ name: unique('Naapurikunta') });
  admin = makeUser(T, 'admin');
  operator = makeUser(T, 'operator');
  customer = makeUser(T, 'customer', { language: 'sv' });
  other = makeUser(T2, 'operator');
  typeA = makeType(T);
  typeB = makeType(T);
  const typeC = makeType(T2);
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeA}, ${customer.id}, ${T.id})`);
  seen = makeEvent(T, operator, typeA, `${day(3)} 09:00:00`, `${day(3)} 10:00:00`,
    { fi: unique('Tuolijumppa'), sv: unique('Stolgympa') });
  unseenType = makeEvent(T, operator, typeB, `${day(3)} 11:00:00`, `${day(3)} 12:00:00`,
    { fi: unique('Muu ryhmä'), sv: unique('Annan grupp') });
  fiOnly = makeEvent(T, operator, typeA, `${day(4)} 09:00:00`, `${day(4)} 10:00:00`, { fi: unique('Vain suomeksi') });
  held = makeEvent(T, operator, typeB, `${day(5)} 09:00:00`, `${day(5)} 10:00:00`, { fi: unique('Lisätty') });
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status, added_by)
       VALUES (${held.id}, ${T.id}, ${customer.id}, 'customer', 'enrolled', ${operator.id})`);
  foreign = makeEvent(T2, other, typeC, `${day(3)} 09:00:00`, `${day(3)} 10:00:00`,
    { fi: unique('Naapurin'), sv: unique('Grannens') });
  // Helsinki goes to summer time on 2031-03-30 and back on 2031-10-26:
  // 10:00 local is 08:00 UTC before, 07:00 UTC after, 08:00 UTC again.
  dstBefore = makeEvent(T, operator, typeA, '2031-03-29 08:00:00', '2031-03-29 09:00:00', { fi: 'Ennen', sv: 'Före' });
  dstAfter = makeEvent(T, operator, typeA, '2031-03-31 07:00:00', '2031-03-31 08:00:00', { fi: 'Jälkeen', sv: 'Efter' });
  dstAutumn = makeEvent(T, operator, typeA, '2031-10-27 08:00:00', '2031-10-27 09:00:00', { fi: 'Syksy', sv: 'Höst' });
  cancelled = makeEvent(T, operator, typeA, `${day(6)} 09:00:00`, `${day(6)} 10:00:00`,
    { fi: unique('Peruttu'), sv: unique('Inställd') }, { status: 'cancelled', cancelledAt: 'UTC_TIMESTAMP()' });
  oldCancel = makeEvent(T, operator, typeA, `${day(-40)} 09:00:00`, `${day(-40)} 10:00:00`,
    { fi: unique('Vanha'), sv: unique('Gammal') }, { status: 'cancelled', cancelledAt: 'UTC_TIMESTAMP() - INTERVAL 40 DAY' });
  odd = makeEvent(T, operator, typeA, `${day(7)} 09:00:00`, `${day(7)} 10:00:00`, { fi: oddName, sv: oddName });
  adminC = new Client();
  await login(adminC, admin, 'fi');
  adminC.csrf = await csrfOf(adminC, '/fi/');
  opC = new Client();
  await login(opC, operator, 'fi');
  opC.csrf = await csrfOf(opC, '/fi/');
});

test('a customer\'s feed holds what their calendar shows, in their language, and their recordings all day', async () => {
  // A weekly recording of their type from day 10 for two weeks: three days.
  const rec = sql('SELECT UUID()');
  sql(`INSERT INTO recordings (uuid, tenant_id, type_id, youtube_id, title, starts_at, \`repeat\`, until_date, languages)
       VALUES ('${rec}', ${T.id}, ${typeA}, 'dQw4w9WgXcQ', 'Laulutuokio', '${day(10)} 09:00:00', 'weekly',
       '${day(24)}', 'fi,sv')`);
  const fiRec = sql('SELECT UUID()');
  sql(`INSERT INTO recordings (uuid, tenant_id, type_id, youtube_id, title, starts_at, languages)
       VALUES ('${fiRec}', ${T.id}, ${typeA}, 'dQw4w9WgXcQ', 'Vain suomeksi', '${day(10)} 09:00:00', 'fi')`);
  const page = await adminC.req(`/fi/admin/users/${customer.uuid}`);
  assert.match(page.text, new RegExp(`href="/fi/admin/customers/${customer.uuid}/calendar-feed"`),
    'the customer page links to Kalenterisyöte');
  const url = await create(adminC, `/fi/admin/customers/${customer.uuid}/calendar-feed`);
  assert.ok(url.startsWith(`${BASE}/feed/`) && url.endsWith('/calendar.ics'), url);
  const f = await feed(url.slice(BASE.length));
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-type'), /^text\/calendar/);
  assert.equal(f.method, '-', 'a feed has no METHOD');
  assert.equal(f.tz, 'Europe/Helsinki');
  // Seen through their type, in Swedish; the event staff added them to,
  // in its only language; nothing of another type, language or tenant.
  const [s] = f.byUid(seen.uuid);
  assert.equal(s.summary, sql(`SELECT name FROM event_texts WHERE event_id = ${seen.id} AND language = 'sv'`));
  assert.equal(s.start, `${day(3)}T09:00:00Z`);
  assert.equal(s.status, 'CONFIRMED');
  assert.equal(f.byUid(held.uuid).length, 1);
  assert.equal(f.byUid(unseenType.uuid).length, 0, 'another type');
  assert.equal(f.byUid(fiOnly.uuid).length, 0, 'no text in their language');
  assert.equal(f.byUid(foreign.uuid).length, 0, 'another tenant');
  assert.ok(!f.raw.includes('Naapurin') && !f.raw.includes('Grannens'));
  // The recording on its three days, as dates; the Finnish-only one not.
  assert.deepEqual(f.byUid(rec).map((e) => [e.start, e.end, e.summary]),
    [[day(10), day(11), 'Laulutuokio'], [day(17), day(18), 'Laulutuokio'], [day(24), day(25), 'Laulutuokio']]);
  assert.equal(f.byUid(fiRec).length, 0);
  assert.match(f.raw.replace(/\r\n /g, ''), new RegExp(`URL:${BASE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/sv/ecare/index/event/${seen.uuid}`));
});

test('a staff member\'s feed holds every event of their organisation and none of another', async () => {
  const page = await opC.req('/fi/account/calendar-feed');
  assert.equal(page.status, 200);
  assert.match(page.text, /Kalenterisyöte/);
  assert.match(page.text, /Kalenterisyötettä ei ole/);
  const url = await create(opC, '/fi/account/calendar-feed');
  const f = await feed(url.slice(BASE.length));
  assert.equal(f.status, 200);
  for (const e of [seen, unseenType, fiOnly, held])
    assert.equal(f.byUid(e.uuid).length, 1, e.uuid);
  assert.equal(f.byUid(foreign.uuid).length, 0);
  // The staff member reads Finnish.
  assert.equal(f.byUid(unseenType.uuid)[0].summary,
    sql(`SELECT name FROM event_texts WHERE event_id = ${unseenType.id} AND language = 'fi'`));
  assert.match((await opC.req('/fi/account/calendar-feed')).text, /Kalenterisyöte on käytössä/);
});

test('times are right on both sides of the DST change, in the organisation\'s zone', async () => {
  const url = await create(opC, '/fi/account/calendar-feed');
  const f = await feed(url.slice(BASE.length));
  assert.equal(f.byUid(dstBefore.uuid)[0].start, '2031-03-29T08:00:00Z');
  assert.equal(f.byUid(dstAfter.uuid)[0].start, '2031-03-31T07:00:00Z');
  assert.equal(f.byUid(dstAutumn.uuid)[0].start, '2031-10-27T08:00:00Z');
  // Written as wall time: 10:00 every time.
  assert.match(f.raw, /DTSTART;TZID=Europe\/Helsinki:20310329T100000\r\n/);
  assert.match(f.raw, /DTSTART;TZID=Europe\/Helsinki:20310331T100000\r\n/);
  assert.match(f.raw, /DTSTART;TZID=Europe\/Helsinki:20311027T100000\r\n/);
  assert.match(f.raw, /TZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0300/);
});

test('a cancelled event stays a while as STATUS:CANCELLED, an old cancellation is gone', async () => {
  const url = await create(opC, '/fi/account/calendar-feed');
  const f = await feed(url.slice(BASE.length));
  const [c] = f.byUid(cancelled.uuid);
  assert.equal(c.status, 'CANCELLED');
  assert.equal(c.seq, 1);
  assert.equal(f.byUid(oldCancel.uuid).length, 0);
});

test('odd names come back exactly as written, and the calendar is named for the organisation', async () => {
  const url = await create(opC, '/fi/account/calendar-feed');
  const f = await feed(url.slice(BASE.length));
  assert.equal(f.byUid(odd.uuid)[0].summary, oddName);
  const unfolded = f.raw.replace(/\r\n /g, '');
  assert.ok(unfolded.includes(`X-WR-CALNAME:${T.name.replace(/[,;]/g, (c) => `\\${c}`)}: tapahtumat\r\n`),
    'the calendar name, escaped');
});

test('the address is secret and revocable: replaced, the old one is 404; revoked, none works', async () => {
  const first = (await create(opC, '/fi/account/calendar-feed')).slice(BASE.length);
  assert.equal((await feed(first)).status, 200);
  const token = first.match(/\/feed\/([A-Za-z0-9_-]+)\/calendar\.ics$/)[1];
  // Only the hash is kept.
  assert.equal(sql(`SELECT COUNT(*) FROM feed_tokens WHERE token_hash = '${createHash('sha256').update(token).digest('hex')}'
    AND revoked_at IS NULL AND user_id = ${operator.id}`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM feed_tokens WHERE token_hash LIKE '%${token.slice(0, 10)}%'`), '0');
  // Without "calendar.ics" too.
  assert.equal((await get(first.replace(/\/calendar\.ics$/, ''))).status, 200);
  const second = (await create(opC, '/fi/account/calendar-feed')).slice(BASE.length);
  assert.notEqual(second, first);
  assert.equal((await get(first)).status, 404, 'the replaced address');
  assert.equal((await get(second)).status, 200);
  const r = await opC.post('/fi/account/calendar-feed', { csrf: opC.csrf, do: 'revoke' });
  assert.equal(r.status, 303);
  const after = await opC.req(r.headers.get('location'));
  assert.match(after.text, /Kalenterisyöte on poistettu käytöstä/);
  assert.match(after.text, /Kalenterisyötettä ei ole/);
  assert.equal((await get(second)).status, 404, 'the revoked address');
  assert.equal(sql(`SELECT COUNT(*) FROM feed_tokens WHERE user_id = ${operator.id} AND revoked_at IS NULL`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${T.id} AND action = 'feed.revoke'`), '1');
});

test('a deactivated user\'s feed is 404', async () => {
  const pro = makeUser(T, 'professional');
  const c = new Client();
  await login(c, pro, 'fi');
  c.csrf = await csrfOf(c, '/fi/');
  const url = (await create(c, '/fi/account/calendar-feed')).slice(BASE.length);
  assert.equal((await get(url)).status, 200);
  sql(`UPDATE users SET active = 0 WHERE id = ${pro.id}`);
  assert.equal((await get(url)).status, 404);
});

test('bad and unknown tokens are 404, never a 500', async () => {
  for (const p of ['/feed/x', '/feed/', `/feed/${'A'.repeat(43)}/calendar.ics`, `/feed/${'A'.repeat(43)}`,
    `/feed/${'A'.repeat(43)}.ics`, `/feed/${'%27%22%3C'.repeat(15)}`, `/feed/${'A'.repeat(300)}`,
    `/fi/feed/${'A'.repeat(43)}`, `/feed/${'A'.repeat(43)}/other.ics`]) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
  }
  // An encoded slash is refused before any route.
  assert.ok([400, 404].includes((await get('/feed/..%2F..%2Fetc%2Fpasswd')).status));
});

test('an unchanged feed answers 304 to its ETag; a change gives a new one', async () => {
  const url = (await create(opC, '/fi/account/calendar-feed')).slice(BASE.length);
  const a = await feed(url);
  const etag = a.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.match(a.headers.get('last-modified'), /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
  // DTSTAMP is the entry's last change, never the epoch.
  assert.doesNotMatch(a.raw, /DTSTAMP:19/);
  assert.match(a.headers.get('cache-control'), /private/);
  const b = await get(url, { headers: { 'if-none-match': etag } });
  assert.equal(b.status, 304);
  assert.equal(b.text, '');
  sql(`UPDATE event_texts SET name = ${q(unique('Uusi nimi'))} WHERE event_id = ${seen.id} AND language = 'fi'`);
  const c = await get(url, { headers: { 'if-none-match': etag } });
  assert.equal(c.status, 200);
  assert.notEqual(c.headers.get('etag'), etag);
});

test('only the admin makes a customer\'s feed, only for their own customers; a bad action is 422', async () => {
  const path = `/fi/admin/customers/${customer.uuid}/calendar-feed`;
  const forbidden = await opC.post(path, { csrf: opC.csrf, do: 'create' });
  assert.ok([403, 404].includes(forbidden.status), String(forbidden.status));
  const otherAdmin = makeUser(T2, 'admin');
  const c = new Client();
  await login(c, otherAdmin, 'fi');
  c.csrf = await csrfOf(c, '/fi/');
  assert.equal((await c.post(path, { csrf: c.csrf, do: 'create' })).status, 404, 'another tenant\'s customer');
  assert.equal((await c.req(path)).status, 404);
  const before = sql(`SELECT COUNT(*) FROM feed_tokens WHERE user_id = ${customer.id}`);
  const bad = await adminC.post(path, { csrf: adminC.csrf, do: 'delete-everything' });
  assert.equal(bad.status, 422);
  assert.equal(fieldError(bad.text, 'do'), 'Valitse, luodaanko vai poistetaanko kalenterisyöte.');
  assert.equal(sql(`SELECT COUNT(*) FROM feed_tokens WHERE user_id = ${customer.id}`), before, 'nothing changed');
  // Nobody signed in has a feed page.
  assert.notEqual((await get('/fi/account/calendar-feed')).status, 200);
});
