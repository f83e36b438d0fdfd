// The organisation's exports (issue 15 item 7, issue 11 item 6): a person's
// data as CSV beside the JSON, Tapahtumaloki filtered by dates and
// exported as CSV, and Läsnäolo - the chart of attendance per event type
// over the weeks and every visit of a date range as CSV. Each: the status,
// what the page says, the CSV's content, and another organisation's admin
// never seeing these rows (no parameter picks the tenant).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, login, makeTenant, makeUser, sql, unique, fieldError, csrfOf } from '../../../tests/http/lib.mjs';
import { getCsv } from '../../../tests/http/csv-lib.mjs';

const q = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
let A, B, adminA, adminB, operator, cust, sA, sB, typeJ, typeK;

function makeType(tenant, name) {
  const uuid = randomUUID();
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${uuid}', ${tenant.id}, ${q(name)})`);
  return { id: Number(sql(`SELECT id FROM event_types WHERE uuid = '${uuid}'`)), name };
}

/** A past event of type starting at `start` (an SQL UTC expression). */
function pastEvent(tenant, type, creator, start) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status) VALUES ('${uuid}', ${tenant.id}, ${type.id}, ${creator.id}, 10,
       ${start}, ${start} + INTERVAL 1 HOUR, 60, 'vv-${uuid}', 'ended')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(unique('Tuokio'))})`);
  return { id, uuid, tenant };
}

/** A visit as the call records it: joined `from` minutes after the start, for `minutes`. */
function visit(ev, who, { role = 'customer', from = 0, minutes = 30, display } = {}) {
  const key = who.id ? `u${who.id}` : who.key;
  sql(`INSERT INTO attendance (tenant_id, event_id, participant_id, member_key, user_id, role, display, joined_at, left_at)
       SELECT e.tenant_id, e.id, ${q(key)}, ${q(key)}, ${who.id ?? 'NULL'}, '${role}',
       ${q(display ?? `${who.first} ${who.last}`)}, e.starts_at + INTERVAL ${from} MINUTE,
       e.starts_at + INTERVAL ${from + minutes} MINUTE FROM events e WHERE e.id = ${ev.id}`);
}

before(async () => {
  A = makeTenant({ timezone: 'UTC' });
  B = makeTenant({ timezone: 'UTC' });
  adminA = makeUser(A, 'admin');
  adminB = makeUser(B, 'admin');
  operator = makeUser(A, 'operator');
  cust = makeUser(A, 'customer', { first: 'Aino', last: unique('Asiakas') });
  sA = new Client();
  await login(sA, adminA);
  sB = new Client();
  await login(sB, adminB);
  typeJ = makeType(A, 'Jumppa');
  typeK = makeType(A, '=Kuoro, "laulu"');
});

// ---- a person's data as CSV

test("a person's data as CSV: one value a record, every section the JSON has, audited, nobody else's", async () => {
  const ev = pastEvent(A, typeJ, adminA, 'UTC_TIMESTAMP() - INTERVAL 2 DAY');
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind) VALUES (${ev.id}, ${A.id}, ${cust.id}, 'customer')`);
  visit(ev, cust, { from: 1, minutes: 20 });
  const page = await sA.req(`/fi/admin/users/${cust.uuid}`);
  assert.ok(page.text.includes(`href="/fi/admin/users/${cust.uuid}/export/csv"`));
  assert.ok(page.text.includes('Lataa tiedot (CSV)'));
  const before = Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'user.export'`));
  const r = await getCsv(sA, `/fi/admin/users/${cust.uuid}/export/csv`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="person-${cust.uuid}.csv"`);
  assert.deepEqual(r.rows[0], ['Osio', 'Rivi', 'Kenttä', 'Arvo (ajat UTC)']);
  const get = (section, field) => r.rows.filter((x) => x[0] === section && x[2] === field).map((x) => x[3]);
  assert.deepEqual(get('account', 'email'), [cust.email]);
  assert.deepEqual(get('account', 'last_name'), [cust.last]);
  assert.deepEqual(get('participations', 'event'), [ev.uuid]);
  assert.deepEqual(get('attendance', 'event'), [ev.uuid]);
  assert.deepEqual(get('attendance', 'name_in_call'), [`Aino ${cust.last}`]);
  assert.ok(r.rows.slice(1).every((x) => x.length === 4), 'four fields in every record');
  // the same sections as the JSON
  const j = JSON.parse((await sA.req(`/fi/admin/users/${cust.uuid}/export`)).text);
  const sections = new Set(r.rows.slice(1).map((x) => x[0]));
  for (const s of sections) assert.ok(s in j, `${s} is in the JSON too`);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'user.export'`)), before + 2);
  // another organisation's admin, an operator: nothing
  assert.equal((await sB.req(`/fi/admin/users/${cust.uuid}/export/csv`)).status, 404);
  const op = new Client();
  await login(op, operator);
  assert.equal((await op.req(`/fi/admin/users/${cust.uuid}/export/csv`)).status, 403);
});

// ---- Tapahtumaloki by dates, and as CSV

test('the audit log filtered by a date range, and the same rows as CSV with the formula guard', async () => {
  const T = makeTenant({ timezone: 'UTC' });
  const adm = makeUser(T, 'admin', { first: 'Ulla', last: 'Ylläpitäjä' });
  const c = new Client();
  await login(c, adm);
  sql(`INSERT INTO audit_log (tenant_id, user_id, action, detail, created_at) VALUES
       (${T.id}, ${adm.id}, 'test.day', 'd=1', '2026-03-01 10:00:00'),
       (${T.id}, ${adm.id}, 'test.day', 'd=2', '2026-03-02 23:59:59'),
       (${T.id}, ${adm.id}, 'test.day', '=cmd|calc, "x"', '2026-03-03 00:00:00'),
       (${T.id}, ${adm.id}, 'test.day', 'd=4', '2026-03-04 08:00:00'),
       (${B.id}, ${adminB.id}, 'test.day', 'other tenant', '2026-03-02 12:00:00')`);
  const page = await c.req('/fi/admin/audit?action=test.day&from=2.3.2026&to=2026-03-03');
  assert.equal(page.status, 200);
  const shown = [...page.text.matchAll(/<td class="mono">([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(shown, ['=cmd|calc, "x"', 'd=2'], 'the range only, newest first');
  assert.ok(page.text.includes('id="audit-csv"'));
  assert.ok(page.text.includes('value="2.3.2026"'), 'the dates stay in the form');

  const r = await getCsv(c, '/fi/admin/audit/csv?action=test.day&from=2026-03-02&to=2026-03-03');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="audit-log.csv"');
  assert.deepEqual(r.rows[0], ['Aika (UTC)', 'Tekijä', 'Tekijän sähköposti', 'Toiminto', 'Koskee', 'Tiedot']);
  assert.deepEqual(r.rows.slice(1).map((x) => [x[0], x[1], x[2], x[3], x[5]]), [
    ['2026-03-03 00:00:00', 'Ulla Ylläpitäjä', adm.email, 'test.day', "'=cmd|calc, \"x\""],
    ['2026-03-02 23:59:59', 'Ulla Ylläpitäjä', adm.email, 'test.day', 'd=2'],
  ]);
  assert.ok(r.text.includes('"\'=cmd|calc, ""x"""'), 'quoted, quotes doubled, apostrophe first');
  // the export itself is in the log
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${T.id} AND action = 'audit.export'`)), 1);
  // another organisation: its own rows only, whatever the parameters say
  const b = await getCsv(sB, `/fi/admin/audit/csv?action=test.day&from=2026-03-01&to=2026-03-04&tenant=${T.id}&tenant_id=${T.id}`);
  assert.equal(b.status, 200);
  assert.deepEqual(b.rows.slice(1).map((x) => x[5]), ['other tenant']);
  const bp = await sB.req(`/fi/admin/audit?action=test.day&tenant=${T.id}`);
  assert.ok(!bp.text.includes('d=2'));
  // an operator has no log
  const op = new Client();
  await login(op, operator);
  assert.equal((await op.req('/fi/admin/audit/csv')).status, 403);
});

test('a wrong date in the audit filter: the message next to the field, 422, no download', async () => {
  let r = await sA.req('/fi/admin/audit?from=31.2.2026');
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'from'), 'Kirjoittakaa päivämäärä muodossa 1.12.2026.');
  r = await sA.req('/en/admin/audit/csv?from=2026-03-05&to=2026-03-01');
  assert.equal(r.status, 422);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.equal(fieldError(r.text, 'to'), 'The end date cannot be before the start date.');
});

// ---- Läsnäolo

test('Läsnäolo: a chart per event type over the weeks, with its text table, and the range as CSV', async () => {
  // Monday 2026-11-02 .. Sunday 2026-11-15: two weeks (ISO 45 and 46)
  const e1 = pastEvent(A, typeJ, adminA, "'2026-11-03 10:00:00'");
  const e2 = pastEvent(A, typeJ, adminA, "'2026-11-10 10:00:00'");
  const e3 = pastEvent(A, typeK, adminA, "'2026-11-11 10:00:00'");
  const outside = pastEvent(A, typeJ, adminA, "'2026-11-20 10:00:00'");
  const c2 = makeUser(A, 'customer', { first: 'Bertta', last: 'Asiakas' });
  visit(e1, cust);
  visit(e1, cust, { from: 35, minutes: 5 }); // joined again: still one person
  visit(e1, c2);
  visit(e1, adminA, { role: 'staff' });       // staff are not counted in the chart
  visit(e2, cust);
  visit(e3, { key: 'tabc', first: 'Vieras', last: '' }, { role: 'guest', display: '@vieras' });
  visit(outside, cust);
  const r = await sA.req('/fi/admin/attendance?from=2026-11-02&to=2026-11-15');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes('<h1>Läsnäolo</h1>'));
  // one SVG per type, labelled for screen readers
  const svgs = [...r.text.matchAll(/<svg [^>]*role="img"[^>]*>([\s\S]*?)<\/svg>/g)];
  assert.equal(svgs.length, 2);
  assert.match(svgs[0][0], /aria-labelledby="att-1-t" aria-describedby="att-1-d"/);
  assert.match(svgs[0][1], /<title id="att-1-t">=Kuoro, "laulu": osallistujat viikoittain<\/title>/);
  assert.match(svgs[1][1], /<title id="att-2-t">Jumppa: osallistujat viikoittain<\/title>/);
  assert.match(svgs[1][1], /<desc id="att-2-d">Pylväs viikkoa kohden, yhteensä 3 osallistumista\./);
  const bars = (svg) => [...svg.matchAll(/<rect [^>]*height="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(bars(svgs[1][1]), [70, 35], 'Jumppa: 2 then 1, scaled to the busiest week');
  assert.deepEqual(bars(svgs[0][1]), [0, 35]);
  // the same numbers as a table
  const table = r.text.slice(r.text.indexOf('id="attendance-weeks"'));
  assert.match(table, /<th scope="col" title="2\.11\.2026">Vko 45<\/th><th scope="col" title="9\.11\.2026">Vko 46<\/th>/);
  assert.match(table, /<th scope="row">Jumppa<\/th><td class="num">2<\/td><td class="num">1<\/td><td class="num">3<\/td>/);

  const csv = await getCsv(sA, '/fi/admin/attendance/csv?from=2026-11-02&to=2026-11-15');
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="attendance-2026-11-02-2026-11-15.csv"');
  assert.deepEqual(csv.rows[0].slice(0, 4), ['Tapahtuma', 'Tapahtumatyyppi', 'Alkaa (UTC)', 'Osallistuja']);
  const body = csv.rows.slice(1);
  assert.equal(body.length, 6, 'every visit of the range, none after it');
  assert.deepEqual(body.map((x) => x[8]), [e1.uuid, e1.uuid, e1.uuid, e1.uuid, e2.uuid, e3.uuid]);
  const guest = body[5];
  assert.deepEqual([guest[1], guest[3], guest[4], guest[5], guest[6], guest[7]],
    ["'=Kuoro, \"laulu\"", "'@vieras", 'Vieras', '2026-11-11 10:00:00', '2026-11-11 10:30:00', '1800']);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${A.id} AND action = 'attendance.export'
    AND detail = 'from=2026-11-02 to=2026-11-15'`)), 1);

  // another organisation: nothing of A's, whatever the parameters say
  const b = await sB.req(`/fi/admin/attendance?from=2026-11-02&to=2026-11-15&tenant=${A.id}`);
  assert.equal(b.status, 200);
  assert.ok(b.text.includes('id="attendance-none"'));
  const bc = await getCsv(sB, `/fi/admin/attendance/csv?from=2026-11-02&to=2026-11-15&tenant_id=${A.id}`);
  assert.equal(bc.rows.length, 1, 'the header only');
  // staff who are not admins: 403
  const op = new Client();
  await login(op, operator);
  assert.equal((await op.req('/fi/admin/attendance')).status, 403);
  assert.equal((await op.req('/fi/admin/attendance/csv')).status, 403);
});

test('Läsnäolo refuses a wrong or too long range with a message next to the field', async () => {
  let r = await sA.req('/sv/admin/attendance?from=2026-13-01');
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'from'), 'Skriv datumet som 1.12.2026.');
  r = await sA.req('/fi/admin/attendance/csv?from=2025-01-01&to=2026-06-01');
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'to'), 'Valitkaa enintään vuoden mittainen jakso.');
  // only a start, in the future: the eight weeks from it
  r = await sA.req('/fi/admin/attendance?from=2030-01-07');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes('value="2030-03-03"'), 'the end filled in');
  // no dates: the eight weeks up to today, and the menu links here
  r = await sA.req('/fi/admin/attendance');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes('href="/fi/admin/attendance"'));
});

test('erasing a customer keeps their visits without the name', async () => {
  const who = makeUser(A, 'customer', { first: 'Eino', last: unique('Poistuva') });
  const ev = pastEvent(A, typeJ, adminA, 'UTC_TIMESTAMP() - INTERVAL 5 DAY');
  visit(ev, who);
  const csrf = await csrfOf(sA, `/fi/admin/users/${who.uuid}/erase`);
  const r = await sA.post(`/fi/admin/users/${who.uuid}/erase`, { csrf, confirm: 'yes' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT CONCAT(COUNT(*), ':', MAX(display)) FROM attendance WHERE user_id = ${who.id}`), '1:');
});
