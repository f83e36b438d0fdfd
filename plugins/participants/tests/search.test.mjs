// Finding a person's e-mail when adding participants on Tiedot (issue 16):
// an operator searches the organisation's users by name or address with a
// plain GET form (no JavaScript, no admin-only customer list), adds one
// with Lisää, and the addresses found are offered in the e-mail field's list.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, login, csrfOf, html, makeTenant, makeUser, sql, unique } from '../../../tests/http/lib.mjs';

function tp(lang, key, arg) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/participants.${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `participants.${lang}.xml has ${key}`);
  const s = m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return arg === undefined ? s : s.replace('{0}', arg);
}

function makeEvent(tenant, creator) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, ${`'${unique('Tyyppi')}'`})`);
  const type = sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${tenant.id}`);
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id, status)
       VALUES ('${uuid}', ${tenant.id}, ${type}, ${creator.id}, 5, UTC_TIMESTAMP() + INTERVAL 1 DAY,
         UTC_TIMESTAMP() + INTERVAL 25 HOUR, 60, '${unique('room')}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', 'Haku')`);
  return { id, uuid };
}

/** The people the search lists: [name and kind, e-mail]. */
const found = (text) => {
  const box = text.match(/<div id="participants-found"[^>]*>([\s\S]*?)<\/div>/);
  if (!box) return null;
  return [...box[1].matchAll(/<li>([^<]*)<code>([^<]*)<\/code>/g)].map((m) => [m[1].trim(), m[2]]);
};

let A, B, operator, prof, cust, inactive, custB, s, ev, surname;
before(async () => {
  A = makeTenant();
  B = makeTenant();
  surname = unique('Löytyvä');
  operator = makeUser(A, 'operator');
  prof = makeUser(A, 'professional', { first: 'Pirjo', last: surname });
  cust = makeUser(A, 'customer', { first: 'Eino', last: surname });
  inactive = makeUser(A, 'customer', { first: 'Iida', last: surname });
  sql(`UPDATE users SET active = 0 WHERE id = ${inactive.id}`);
  custB = makeUser(B, 'customer', { first: 'Bengt', last: surname });
  s = new Client();
  await login(s, operator);
  s.csrf = await csrfOf(s, '/fi/');
  ev = makeEvent(A, operator);
});

test('Tiedot has the search form, a plain GET form with a label', async () => {
  const r = await s.req(`/fi/ecare/events/${ev.uuid}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<form method="get" action="\/fi\/ecare\/events\/[0-9a-f-]+#participants-search"[^>]*role="search"/);
  assert.ok(r.text.includes(`<label for="who" id="participants-search-label">${html(tp('fi', 'participants.search.label'))}</label>`));
  assert.equal(found(r.text), null, 'no results before a search');
});

test('an operator finds the organisation\'s active customers and staff by surname, never another tenant\'s', async () => {
  const r = await s.req(`/fi/ecare/events/${ev.uuid}?who=${encodeURIComponent(surname.slice(0, 12))}`);
  assert.equal(r.status, 200);
  const list = found(r.text);
  assert.deepEqual(list.map((x) => x[1]).sort(), [cust.email, prof.email].sort());
  assert.ok(list.some(([n]) => n === `Eino ${surname} (${tp('fi', 'participants.kind.customer')})`), JSON.stringify(list));
  assert.ok(!r.text.includes(custB.email), 'another tenant\'s customer is not found');
  assert.ok(!r.text.includes(inactive.email), 'an inactive user is not found');
  // The addresses are offered in the e-mail field's list too.
  assert.match(r.text, /<input[^>]*id="email"[^>]*list="participants-emails"|<input[^>]*list="participants-emails"[^>]*id="email"/);
  assert.ok(r.text.includes(`<option value="${cust.email}">`));
});

test('by a part of the address, by first and last name; LIKE wildcards are plain characters', async () => {
  let r = await s.req(`/fi/ecare/events/${ev.uuid}?who=${encodeURIComponent(cust.email.split('@')[0])}`);
  assert.deepEqual(found(r.text).map((x) => x[1]), [cust.email]);
  r = await s.req(`/fi/ecare/events/${ev.uuid}?who=${encodeURIComponent(`Eino ${surname}`)}`);
  assert.deepEqual(found(r.text).map((x) => x[1]), [cust.email]);
  r = await s.req(`/fi/ecare/events/${ev.uuid}?who=${encodeURIComponent('%%')}`);
  assert.ok(r.text.includes(html(tp('fi', 'participants.search.none', '%%'))));
  r = await s.req(`/fi/ecare/events/${ev.uuid}?who=x`);
  assert.ok(r.text.includes(html(tp('fi', 'participants.search.short'))));
  assert.deepEqual(found(r.text), []);
});

test('Lisää next to a person found adds them as a participant', async () => {
  const r = await s.req(`/fi/ecare/events/${ev.uuid}?who=${encodeURIComponent(`Eino ${surname}`)}`);
  const form = r.text.match(/<li>[^<]*<code>[^<]*<\/code>\s*<form method="post" class="inline" action="([^"]+)">([\s\S]*?)<\/form>/);
  assert.ok(form, 'a Lisää form');
  assert.ok(form[2].includes(`name="email" value="${cust.email}"`));
  assert.ok(form[2].includes(html(tp('fi', 'participants.search.add'))));
  const add = await s.post(form[1], { csrf: s.csrf, email: cust.email });
  assert.equal(add.status, 303);
  assert.equal(sql(`SELECT CONCAT(kind, ' ', status) FROM event_participants WHERE event_id = ${ev.id} AND user_id = ${cust.id}`),
    'customer enrolled');
});
