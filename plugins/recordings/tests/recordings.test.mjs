// Muokkaa kalenterin nauhoituksia (plugin recordings, R-RE-1..4): the add
// form with every rule (the video id from an id or a pasted YouTube
// address, Alkaen on the grid, Toistetaan and Loppuen), the list, Poista;
// roles and tenants kept apart.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, get, html, login, makeTenant, makeUser, sql, t, unique, VAR, fieldError, inputValue } from '../../../tests/http/lib.mjs';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const tf = (key, arg) => (arg === undefined ? t('fi', key) : t('fi', key).replace('{0}', arg));

const checkedRepeat = (text) => (text.match(/<input type="radio" name="repeat" id="repeat-(\w+)" value="\w+" checked/) || [])[1];

// ---- Time in Europe/Helsinki, computed here: tests cannot set the server clock.
const TZ = 'Europe/Helsinki';
const SLOT = 15 * 60 * 1000;
function local(ms) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}
/** The wall time as a page in lang writes it (datetime.c): fi/sv 6.45, en 06:45. */
function written(ms, lang) {
  const [h, m] = local(ms).time.split(':');
  return lang === 'en' ? `${h}:${m}` : `${Number(h)}.${m}`;
}
/** Waits out the last seconds before a slot boundary, so the server sees the same "now". */
async function steadyNow() {
  for (;;) {
    const now = Date.now();
    const left = SLOT - (now % SLOT);
    if (left > 8000 && now % SLOT > 3000) return now;
    await new Promise((r) => setTimeout(r, Math.min(left, 8000) + 3500));
  }
}
const fiDate = (iso) => iso.split('-').reverse().map(Number).join('.');
const addDays = (iso, n) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const videoId = () => Array.from({ length: 11 }, () => ALPHABET[Math.floor(Math.random() * 64)]).join('');

let A, B, O, opA, adminA, prof, cust, opB, opO, typeA, typeB, typeO, groupO;
const sessions = {};
async function as(user) {
  if (!sessions[user.email]) { const c = new Client(); await login(c, user); sessions[user.email] = c; }
  return sessions[user.email];
}
async function csrf(c) {
  const r = await c.req('/fi/ecare/recordings/new');
  return r.text.match(/name="csrf" value="([^"]+)"/)[1];
}
function makeType(tenant, name = unique('Tyyppi')) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, '${name}')`);
  return { uuid: sql(`SELECT uuid FROM event_types WHERE tenant_id = ${tenant.id} AND name = '${name}'`), name };
}
/** A valid form: a future day at 10:00, once. */
let dayN = 20;
const nextDay = () => local(Date.now() + (dayN++) * 86400000).date;
function fields(over = {}) {
  const day = nextDay();
  return { video: videoId(), title: unique('Jumppavideo'), lang: 'fi', date: day, time: '10:00', type: typeA.uuid,
    repeat: 'once', until: '', ...over };
}
async function add(c, over = {}, lang = 'fi') {
  const f = fields(over);
  const r = await c.post(`/${lang}/ecare/recordings/new`, { ...f, csrf: await csrf(c) });
  return { ...r, f };
}
const row = (title) => sql(`SELECT uuid, youtube_id, \`repeat\`, IFNULL(until_date, 'NULL'), status,
  DATE_FORMAT(starts_at, '%Y-%m-%d %H:%i'), IFNULL(group_id, 'NULL')
  FROM recordings WHERE title = '${title.replace(/'/g, "''")}'`);
async function added(c, over = {}) {
  const r = await add(c, over);
  assert.equal(r.status, 303, `added (got ${r.status}: ${(r.text.match(/field-error[^>]*>([\s\S]*?)<\/p>/) || [])[1]})`);
  assert.match(r.headers.get('location'), /^\/fi\/ecare\/recordings\?done=created$/);
  const [uuid, youtube, repeat, until, status, starts, group] = row(r.f.title).split('\t');
  return { uuid, youtube, repeat, until, status, starts, group, f: r.f };
}
const count = (tenant) => Number(sql(`SELECT COUNT(*) FROM recordings WHERE tenant_id = ${tenant.id}`));
const audits = (tenant, action, like = '%') => Number(sql(`SELECT COUNT(*) FROM audit_log
  WHERE tenant_id = ${tenant.id} AND action = '${action}' AND detail LIKE '${like}'`));

before(() => {
  A = makeTenant({ contract: { sharing: false } });
  B = makeTenant();
  O = makeTenant({ contract: { sharing: true } });
  opA = makeUser(A, 'operator');
  adminA = makeUser(A, 'admin');
  prof = makeUser(A, 'professional');
  cust = makeUser(A, 'customer', { language: 'fi' });
  opB = makeUser(B, 'operator');
  opO = makeUser(O, 'operator');
  typeA = makeType(A, unique('Jumppa'));
  typeB = makeType(B, unique('Muiden'));
  typeO = makeType(O, unique('Jaettu'));
  const g = unique('Ryhmä');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES (UUID(), ${O.id}, '${g}')`);
  groupO = { uuid: sql(`SELECT uuid FROM external_groups WHERE name = '${g}'`), name: g };
});

// ---- Roles and the pages

test('operators and admins open the pages; professionals and customers get 403; anonymous goes to sign-in', async () => {
  for (const u of [opA, adminA]) {
    const c = await as(u);
    assert.equal((await c.req('/fi/ecare/recordings')).status, 200, u.role);
    assert.equal((await c.req('/fi/ecare/recordings/new')).status, 200, u.role);
  }
  const { uuid } = await added(await as(opA));
  for (const u of [prof, cust]) {
    const c = await as(u);
    assert.equal((await c.req('/fi/ecare/recordings')).status, 403, u.role);
    assert.equal((await c.req('/fi/ecare/recordings/new')).status, 403, u.role);
    assert.equal((await c.req(`/fi/ecare/recordings/${uuid}/delete`)).status, 403, u.role);
    const tok = c.cookies.get('vv_csrf');
    assert.equal((await c.post('/fi/ecare/recordings/new', { ...fields(), csrf: tok })).status, 403, `${u.role} POST`);
    assert.equal((await c.post(`/fi/ecare/recordings/${uuid}/delete`, { csrf: tok })).status, 403, `${u.role} delete`);
  }
  for (const path of ['/fi/ecare/recordings', '/fi/ecare/recordings/new', `/fi/ecare/recordings/${uuid}/delete`]) {
    const anon = await get(path);
    assert.equal(anon.status, 303, path);
    assert.match(anon.headers.get('location'), /\/fi\/login/);
  }
  assert.equal(sql(`SELECT status FROM recordings WHERE uuid = '${uuid}'`), 'active');
});

/** The title field of language code on a form page in lang: "Otsikko: suomi". */
function label2(text, lang, code) {
  const want = t(lang, 'recordings.title-in').replace('{0}', t(lang, `lang.${code}`));
  assert.ok(text.includes(`<label for="title_${code}">${html(want)}</label>`), `${lang} title_${code}`);
}

test('the form has the guide\'s labels, each tied to its field, in fi, sv and en; the breadcrumb', async () => {
  const c = await as(opA);
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await c.req(`/${lang}/ecare/recordings/new`);
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<html lang="${lang}"`));
    const label = (key, id) => assert.ok(r.text.includes(`<label for="${id}">${html(t(lang, key))}</label>`), `${lang} ${key}`);
    label('re.video-id', 'video');
    assert.ok(r.text.includes(`<legend>${html(t(lang, 're.title'))}</legend>`), `${lang} title`);
    for (const code of ['fi', 'sv', 'en']) label2(r.text, lang, code);
    label('ev.type', 'type');
    label('ev.end', 'until');
    assert.ok(r.text.includes(`<legend>${html(t(lang, 'ev.start'))}</legend>`));
    assert.ok(r.text.includes(`<legend>${html(t(lang, 're.repeat'))}</legend>`));
    for (const k of ['once', 'daily', 'weekdays', 'weekly', 'biweekly', 'monthly']) {
      assert.ok(r.text.includes(`<label for="repeat-${k}" class="inline">${html(t(lang, `re.${k}`))}</label>`), `${lang} ${k}`);
    }
    assert.equal(checkedRepeat(r.text), 'once', 'Kerran is the default');
    assert.ok(r.text.includes(`<option value="${typeA.uuid}">`), 'the tenant\'s type');
    assert.ok(!r.text.includes(typeB.uuid), 'not another tenant\'s type');
    const list = await c.req(`/${lang}/ecare/recordings`);
    const crumbs = list.text.match(/<nav aria-label="[^"]*" class="breadcrumbs">([\s\S]*?)<\/nav>/)[1];
    assert.deepEqual([...crumbs.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]+>/g, '')),
      [t(lang, 'nav.ecare'), t(lang, 'nav.calendar-settings'), t(lang, 'nav.recordings')].map(html));
  }
  const fi = await c.req('/fi/ecare/recordings/new');
  for (const s of ['Tai syötä Youtube-videon ID', 'Anna Youtube-videolle otsikko', 'Alkaen', 'Tapahtuman tyyppi',
    'Toistetaan', 'Kerran', 'Päivittäin', 'Arkipäivisin', 'Viikoittain', 'Joka toinen viikko', 'Kuukausittain', 'Loppuen']) {
    assert.ok(fi.text.includes(`>${s}</`), s);
  }
  // The organiser's form offers its external groups; another's does not.
  assert.ok((await (await as(opO)).req('/fi/ecare/recordings/new')).text.includes(groupO.uuid));
  assert.ok(!fi.text.includes('id="group"'));
});

// ---- Tai syötä Youtube-videon ID

test('an id, and every common YouTube address, is stored as the 11-character id', async () => {
  const c = await as(opA);
  const forms = [
    (id) => id,
    (id) => `  ${id}  `,
    (id) => `https://www.youtube.com/watch?v=${id}`,
    (id) => `http://www.youtube.com/watch?v=${id}`,
    (id) => `https://youtube.com/watch?v=${id}&t=42s`,
    (id) => `https://www.youtube.com/watch?feature=share&v=${id}&list=PLx-1_ab`,
    (id) => `https://www.youtube.com/watch?v=${id}#t=1m`,
    (id) => `www.youtube.com/watch?v=${id}`,
    (id) => `youtube.com/watch?v=${id}`,
    (id) => `HTTPS://WWW.YOUTUBE.COM/watch?v=${id}`,
    (id) => `https://m.youtube.com/watch?v=${id}`,
    (id) => `https://music.youtube.com/watch?v=${id}&si=abc`,
    (id) => `https://youtu.be/${id}`,
    (id) => `youtu.be/${id}?si=Xy_12`,
    (id) => `https://youtu.be/${id}?t=30`,
    (id) => `https://www.youtube.com/embed/${id}`,
    (id) => `https://www.youtube.com/embed/${id}?autoplay=1`,
    (id) => `https://www.youtube-nocookie.com/embed/${id}`,
    (id) => `youtube-nocookie.com/embed/${id}`,
    (id) => `https://www.youtube.com/shorts/${id}`,
    (id) => `https://youtube.com/shorts/${id}?feature=share`,
    (id) => `https://www.youtube.com/live/${id}`,
    (id) => `https://www.youtube.com/live/${id}?si=q`,
    (id) => `https://www.youtube.com/v/${id}`,
    (id) => `https://www.youtube.com:443/watch?v=${id}`,
    (id) => `//www.youtube.com/watch?v=${id}`,
  ];
  const ids = ['dQw4w9WgXcQ', '-_abcDEF012', 'A1b2C3d4E5_'];
  for (const [i, form] of forms.entries()) {
    const id = i < ids.length ? ids[i] : videoId();
    const input = form(id);
    const got = await added(c, { video: input });
    assert.equal(got.youtube, id, input);
  }
});

test('anything that is not a YouTube video is refused with the message next to the field, the input kept and no row', async () => {
  const c = await as(opA);
  const id = 'dQw4w9WgXcQ';
  const junk = [
    'dQw4w9WgXc', 'dQw4w9WgXcQQ', 'dQw4w9WgXc!', 'dQw4w9 WgXc', 'dQw4w9WgXcä', '<script>xx</', 'dQw4w9WgXc%',
    `https://vimeo.com/${id}`, `https://vimeo.com/watch?v=${id}`,
    `https://youtube.com.evil.example/watch?v=${id}`, `https://evil.example/watch?v=${id}`,
    `https://evil.example/youtube.com/watch?v=${id}`, `https://evil.example/?u=https://youtu.be/${id}`,
    `https://www.youtube.com@evil.example/watch?v=${id}`, `https://evil.example@www.youtube.com/watch?v=${id}`,
    `https://notyoutube.com/watch?v=${id}`, `https://youtu.be.evil.example/${id}`, `https://www.youtube.co/watch?v=${id}`,
    `javascript:alert(1)//${id}`, `javascript://www.youtube.com/watch?v=${id}`, `JavaScript:alert('${id}')`,
    `data:text/html,${id}`, `ftp://www.youtube.com/watch?v=${id}`, `https://www.youtube.com:abc/watch?v=${id}`,
    `https://www.youtube.com/watch?v=${id}x`, `https://www.youtube.com/watch?v=${id.slice(1)}`,
    `https://www.youtube.com/watch?vv=${id}`, `https://www.youtube.com/watch?x=1#v=${id}`,
    `https://www.youtube.com/watch`, `https://www.youtube.com/`, `https://www.youtube.com/${id}`,
    `https://www.youtube.com/embed/${id}/extra`, `https://www.youtube.com/channel/${id}`,
    `https://youtu.be/${id}x`, `https://youtu.be/watch?v=${id}`, `https://www.youtube-nocookie.com/watch?v=${id}`,
    `https://www.youtube.com/watch?v=${id}\\@evil.example`, `https://www.youtube.com/watch?v=${id} x`,
    `https://www.youtube.com/watch?v=dQw4w9WgX%63Q`,
  ];
  const before = count(A);
  for (const input of junk) {
    const r = await add(c, { video: input });
    assert.equal(r.status, 422, input);
    assert.equal(fieldError(r.text, 'video'), tf('recordings.err.video'), input);
    assert.equal(inputValue(r.text, 'video'), input.trim(), `${input}: the input is kept`);
    assert.equal(inputValue(r.text, 'title_fi'), r.f.title, `${input}: the title is kept`);
    assert.equal(row(r.f.title), '', input);
  }
  const r = await add(c, { video: '' });
  assert.equal(fieldError(r.text, 'video'), tf('recordings.err.source'), 'neither a recording nor a video');
  assert.ok(r.text.includes('<a href="#video">'), 'the error summary links to the field');
  assert.equal(count(A), before);
});

// ---- Toistetaan and Loppuen

test('every repeat is stored with its Loppuen; Kerran ignores Loppuen', async () => {
  const c = await as(opA);
  for (const repeat of ['daily', 'weekdays', 'weekly', 'biweekly', 'monthly']) {
    const date = nextDay();
    const got = await added(c, { repeat, date, until: addDays(date, 60) });
    assert.equal(got.repeat, repeat);
    assert.equal(got.until, addDays(date, 60));
  }
  // Loppuen on the start day itself is allowed: it shows that day only.
  const date = nextDay();
  assert.equal((await added(c, { repeat: 'daily', date, until: date })).until, date);
  // Once: whatever Loppuen holds is ignored, even nonsense.
  for (const until of ['', addDays(date, 5), addDays(date, -5), 'huomenna']) {
    const got = await added(c, { repeat: 'once', until });
    assert.equal(got.repeat, 'once');
    assert.equal(got.until, 'NULL', `once with until "${until}"`);
  }
});

test('Loppuen is required for repeats and may not be before the start\'s date; the repeat must be known', async () => {
  const c = await as(opA);
  const before = count(A);
  for (const repeat of ['daily', 'weekdays', 'weekly', 'biweekly', 'monthly']) {
    let r = await add(c, { repeat, until: '' });
    assert.equal(r.status, 422, repeat);
    assert.equal(fieldError(r.text, 'until'), tf('recordings.err.until'));
    assert.equal(checkedRepeat(r.text), repeat, 'the choice is kept');
    const date = nextDay();
    r = await add(c, { repeat, date, until: addDays(date, -1) });
    assert.equal(r.status, 422, repeat);
    assert.equal(fieldError(r.text, 'until'), tf('recordings.err.until-before'));
    assert.equal(inputValue(r.text, 'until'), addDays(date, -1), 'the input is kept');
  }
  // The start's date is a local date: 00:15 on day D is still day D in Helsinki, the day before in UTC.
  const date = nextDay();
  let r = await add(c, { repeat: 'weekly', date, time: '00:15', until: addDays(date, -1) });
  assert.equal(fieldError(r.text, 'until'), tf('recordings.err.until-before'));
  const got = await added(c, { repeat: 'weekly', date, time: '00:15', until: date });
  assert.equal(got.until, date);
  r = await add(c, { repeat: 'daily', until: '31.02.2030' });
  assert.equal(fieldError(r.text, 'until'), tf('err.date'));
  for (const repeat of ['', 'yearly', 'Daily', 'once ']) {
    r = await add(c, { repeat: repeat, until: '' });
    if (repeat === 'once ') { assert.equal(r.status, 303, 'trimmed'); continue; }
    assert.equal(r.status, 422, `repeat "${repeat}"`);
    assert.ok(fieldError(r.text, 'repeat'), `repeat "${repeat}" has a message`);
  }
  assert.equal(count(A), before + 2);
});

// ---- Alkaen

test('Alkaen: 15 minutes ago, the current slot and off the grid are refused; the earliest slot is accepted', async () => {
  const c = await as(opA);
  const now = await steadyNow();
  const earliest = Math.floor(now / SLOT) * SLOT + SLOT;
  const ago = local(Math.floor(now / SLOT) * SLOT - SLOT);
  let r = await add(c, { date: ago.date, time: ago.time });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tf('err.time-earliest', written(earliest, 'fi')));
  assert.equal(inputValue(r.text, 'date'), ago.date, 'the input is kept');
  assert.ok(r.text.includes(`<option value="${ago.time}" selected`), 'the time is kept');
  // The earliest start is written the way the page's language writes times.
  for (const lang of ['sv', 'en']) {
    r = await add(c, { date: ago.date, time: ago.time }, lang);
    assert.equal(r.status, 422, lang);
    assert.equal(fieldError(r.text, 'time'), t(lang, 'err.time-earliest').replace('{0}', written(earliest, lang)), lang);
  }
  const cur = local(Math.floor(now / SLOT) * SLOT);
  r = await add(c, { date: cur.date, time: cur.time });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tf('err.time-earliest', written(earliest, 'fi')));
  const off = local(earliest + 7 * 60000);
  r = await add(c, { date: off.date, time: off.time });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tf('err.time-grid'));
  const ok = local(earliest);
  const got = await added(c, { date: ok.date, time: ok.time });
  assert.equal(sql(`SELECT UNIX_TIMESTAMP(starts_at) FROM recordings WHERE uuid = '${got.uuid}'`), String(earliest / 1000));
  // The form offers today's remaining slots, the earliest first.
  const form = await c.req('/fi/ecare/recordings/new');
  assert.ok(form.text.includes(`<option value="${ok.time}" selected`), 'the earliest slot is preselected');
  for (const [date, time] of [['2030-13-01', '10:00'], ['', '10:00'], ['2030-01-01', 'x'], ['2030-02-30', '10:00'], ['2030-01-01', '']]) {
    r = await add(c, { date, time });
    assert.equal(r.status, 422, `${date} ${time}`);
    assert.ok(fieldError(r.text, 'date') || fieldError(r.text, 'time'), `${date} ${time} has a message`);
  }
});

test('DST in Europe/Helsinki: a skipped wall time is refused, a repeated one is the earlier instant', async () => {
  const c = await as(opA);
  // 2030: summer time begins on 31 March (03:00 → 04:00) and ends on 27 October (04:00 → 03:00).
  const r = await add(c, { date: '2030-03-31', time: '03:30' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'time'), tf('err.time-nonexistent', TZ));
  assert.equal(row(r.f.title), '');
  const got = await added(c, { date: '2030-10-27', time: '03:30' });
  assert.equal(got.starts, '2030-10-27 00:30', 'EEST, the earlier 03:30');
  const list = await c.req('/fi/ecare/recordings');
  assert.ok(list.text.includes('27.10.2030 klo 3.30 EEST'));
});

// ---- Tapahtuman tyyppi, otsikko, the external group

test('the type must be the tenant\'s own; the title is required and at most 200 characters', async () => {
  const c = await as(opA);
  const before = count(A);
  for (const [type, key] of [[typeB.uuid, 'recordings.err.type'], [typeO.uuid, 'recordings.err.type'],
    ['00000000-0000-4000-8000-000000000000', 'recordings.err.type'], ['Liikuntaä', 'recordings.err.type'], // no 500 (an ASCII column)
    ['', 'err.required']]) {
    const r = await add(c, { type });
    assert.equal(r.status, 422, type);
    assert.equal(fieldError(r.text, 'type'), tf(key), type);
  }
  let r = await add(c, { title: '   ' });
  assert.equal(fieldError(r.text, 'title_fi'), tf('recordings.err.title'));
  r = await add(c, { title: 'ä'.repeat(201) });
  assert.equal(fieldError(r.text, 'title_fi'), tf('err.too-long'));
  r = await add(c, { title: 'rivi\nrivi' });
  assert.equal(fieldError(r.text, 'title_fi'), tf('err.invalid'));
  r = await add(c, { title: '', title_fi: 'rivi\nrivi' });
  assert.equal(fieldError(r.text, 'title_fi'), tf('err.invalid'));
  assert.equal(count(A), before);
  const long = 'ö'.repeat(200);
  sql(`DELETE FROM recordings WHERE title = '${long}'`);
  await added(c, { title: long });
  // Another tenant's type through a doctored form: refused for B too.
  r = await add(await as(opB), { type: typeA.uuid });
  assert.equal(fieldError(r.text, 'type'), tf('recordings.err.type'));
  assert.equal(count(B), 0);
});

test('organisers may show a recording to an external group; others are refused naming the contract', async () => {
  const o = await as(opO);
  const got = await added(o, { type: typeO.uuid, group: groupO.uuid });
  assert.equal(got.group, sql(`SELECT id FROM external_groups WHERE uuid = '${groupO.uuid}'`));
  const list = await o.req('/fi/ecare/recordings');
  assert.ok(list.text.includes(html(groupO.name)));
  let r = await add(await as(opA), { group: groupO.uuid });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'group'), tf('contract.sharing'));
  r = await add(o, { type: typeO.uuid, group: typeO.uuid });
  assert.equal(fieldError(r.text, 'group'), tf('recordings.err.group'));
});

// ---- The list, Poista, tenants, CSRF

test('the list shows each recording\'s details, only the tenant\'s own, in the page language', async () => {
  const c = await as(opA);
  const date = nextDay();
  const got = await added(c, { title: `Tuolijumppa <b>&</b> ${unique('x')}`, video: 'https://youtu.be/Ab3-_xYz012',
    repeat: 'weekly', date, time: '10:00', until: addDays(date, 28) });
  const other = await added(await as(opB), { type: typeB.uuid });
  const r = await c.req('/fi/ecare/recordings?done=created');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(tf('recordings.flash.created'))));
  const tr = r.text.match(new RegExp(`<tr><th scope="row">${html(got.f.title).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</th>[\\s\\S]*?</tr>`));
  assert.ok(tr, 'a row with the title, escaped');
  const cells = [...tr[0].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
  assert.equal(cells[0], '<code class="mono">Ab3-_xYz012</code>');
  assert.match(cells[1], new RegExp(`>${fiDate(date)} klo 10\\.00 EES?T</time>`));
  assert.equal(cells[2], `${html(typeA.name)}<br>Kieli: Suomi`, 'the type, and the languages (the tenant\'s by default)');
  assert.equal(cells[3], 'Viikoittain');
  assert.match(cells[4], new RegExp(`<time datetime="${addDays(date, 28)}">${fiDate(addDays(date, 28))}</time>`));
  assert.match(cells[5], new RegExp(`href="/fi/ecare/recordings/${got.uuid}/delete">Poista`));
  assert.ok(!r.text.includes(other.f.title), 'not another tenant\'s recording');
  const en = await c.req('/en/ecare/recordings');
  assert.ok(en.text.includes('>Weekly<'));
  assert.ok(en.text.includes(`<th scope="col">${t('en', 'ev.end')}</th>`));
  const sv = await c.req('/sv/ecare/recordings');
  assert.ok(sv.text.includes('>Varje vecka<'));
  // A once recording has no Loppuen.
  const once = await added(c, {});
  const l2 = await c.req('/fi/ecare/recordings');
  const tr2 = l2.text.match(new RegExp(`<tr><th scope="row">${once.f.title}</th>[\\s\\S]*?</tr>`))[0];
  assert.ok(tr2.includes('<td>Kerran</td>'));
  assert.ok(tr2.includes(`<td>${tf('recordings.no-end')}</td>`));
});

test('Poista asks first, then removes the recording and audits it; twice is 404', async () => {
  const c = await as(opA);
  const got = await added(c, {});
  assert.equal(audits(A, 'recording.create', `recording=${got.uuid} video=${got.youtube}%`), 1);
  let r = await c.req(`/fi/ecare/recordings/${got.uuid}/delete`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(tf('recordings.delete-confirm', got.f.title))));
  assert.ok(r.text.includes(`<form method="post" action="/fi/ecare/recordings/${got.uuid}/delete">`));
  assert.equal(sql(`SELECT status FROM recordings WHERE uuid = '${got.uuid}'`), 'active', 'asking changes nothing');
  // Without the CSRF token: 403 and nothing changes.
  r = await c.post(`/fi/ecare/recordings/${got.uuid}/delete`, {});
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT status FROM recordings WHERE uuid = '${got.uuid}'`), 'active');
  r = await c.post(`/fi/ecare/recordings/${got.uuid}/delete`, { csrf: await csrf(c) });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/fi/ecare/recordings?done=deleted');
  assert.equal(sql(`SELECT status FROM recordings WHERE uuid = '${got.uuid}'`), 'deleted');
  assert.equal(audits(A, 'recording.delete', `recording=${got.uuid}`), 1);
  const list = await c.req('/fi/ecare/recordings?done=deleted');
  assert.ok(list.text.includes(html(tf('recordings.flash.deleted'))));
  assert.ok(!list.text.includes(got.f.title));
  assert.equal((await c.req(`/fi/ecare/recordings/${got.uuid}/delete`)).status, 404);
  assert.equal((await c.post(`/fi/ecare/recordings/${got.uuid}/delete`, { csrf: await csrf(c) })).status, 404);
  assert.equal(audits(A, 'recording.delete', `recording=${got.uuid}`), 1);
});

test('another tenant\'s recording is 404 and stays; unknown uuids are 404', async () => {
  const got = await added(await as(opA), {});
  const b = await as(opB);
  assert.equal((await b.req(`/fi/ecare/recordings/${got.uuid}/delete`)).status, 404);
  assert.equal((await b.post(`/fi/ecare/recordings/${got.uuid}/delete`, { csrf: await csrf(b) })).status, 404);
  assert.equal(sql(`SELECT status FROM recordings WHERE uuid = '${got.uuid}'`), 'active');
  assert.ok(!(await b.req('/fi/ecare/recordings')).text.includes(got.f.title));
  const c = await as(opA);
  assert.equal((await c.req('/fi/ecare/recordings/00000000-0000-4000-8000-000000000000/delete')).status, 404);
  assert.equal((await c.req('/fi/ecare/recordings/not-a-uuid/delete')).status, 404);
});

test('adding without the CSRF token is 403 and writes nothing; a refusal in sv and en speaks that language', async () => {
  const c = await as(opA);
  const f = fields();
  const r = await c.post('/fi/ecare/recordings/new', f);
  assert.equal(r.status, 403);
  assert.equal((await c.post('/fi/ecare/recordings/new', { ...f, csrf: 'x'.repeat(43) })).status, 403);
  assert.equal(row(f.title), '');
  for (const lang of ['sv', 'en']) {
    const bad = await add(c, { video: 'https://vimeo.com/1', repeat: 'daily', until: '' }, lang);
    assert.equal(bad.status, 422);
    assert.equal(fieldError(bad.text, 'video'), t(lang, 'recordings.err.video'));
    assert.equal(fieldError(bad.text, 'until'), t(lang, 'recordings.err.until'));
  }
  const ok = await add(c, {}, 'sv');
  assert.equal(ok.headers.get('location'), '/sv/ecare/recordings?done=created');
});

// ---- A recorded event in the calendar (R-RE-4)

/** An ended, recorded event of tenant whose file to watch is made: a real
 * WebM (VP8 + Opus, one second) as the call plugin's tick leaves it. */
function recordedEvent(tenant, creator, type, name) {
  const uuid = sql('SELECT UUID()');
  const room = `vv-${uuid}`;
  const file = `session-${room}.webm`;
  execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1',
    '-f', 'lavfi', '-i', 'sine=duration=1', '-c:v', 'libvpx', '-c:a', 'libopus', '-f', 'webm', `${VAR}/recordings/${file}`]);
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
         duration_minutes, room_id, status, record, session_video)
       VALUES ('${uuid}', ${tenant.id}, (SELECT id FROM event_types WHERE uuid = '${type.uuid}'), ${creator.id}, 5,
         UTC_TIMESTAMP() - INTERVAL 2 HOUR, UTC_TIMESTAMP() - INTERVAL 1 HOUR, 60, '${room}', 'ended', 1, '${file}')`);
  sql(`INSERT INTO event_texts (event_id, language, name) SELECT id, 'fi', '${name}' FROM events WHERE uuid = '${uuid}'`);
  return { uuid, file };
}

test('a recorded event is offered beside YouTube and reaches the customers\' calendar with our own player (R-RE-4)', async () => {
  const name = unique('Luento');
  const ev = recordedEvent(A, opA, typeA, name);
  const unmade = recordedEvent(A, opA, typeA, unique('Kesken'));
  sql(`UPDATE events SET session_video = NULL WHERE uuid = '${unmade.uuid}'`);
  const foreign = recordedEvent(B, opB, typeB, unique('Muiden'));
  try {
    const c = await as(opA);
    const form = await c.req('/fi/ecare/recordings/new');
    assert.ok(form.text.includes(`<label for="session">${tf('recordings.session-label')}</label>`));
    assert.ok(form.text.includes(`<option value="${ev.uuid}">${name} (`), 'the made one is offered, with its date');
    assert.ok(!form.text.includes(unmade.uuid) && !form.text.includes(foreign.uuid), 'not one still being made, not another tenant\'s');
    // Exactly one of the two; a uuid that is not offered is refused. Nothing is written.
    const before = count(A);
    let r = await add(c, { session: ev.uuid });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'session'), tf('recordings.err.both'));
    for (const bad of [foreign.uuid, unmade.uuid, '00000000-0000-4000-8000-000000000000', 'luentö']) {
      r = await add(c, { session: bad, video: '' });
      assert.equal(fieldError(r.text, 'session'), tf('recordings.err.session'), bad);
    }
    assert.equal(count(A), before);
    // Chosen: stored with the event, no YouTube id; listed by the event's name.
    const got = await added(c, { session: ev.uuid, video: '' });
    assert.equal(got.youtube, 'NULL');
    assert.equal(sql(`SELECT r.event_id = e.id FROM recordings r JOIN events e ON e.uuid = '${ev.uuid}' WHERE r.uuid = '${got.uuid}'`), '1');
    assert.ok((await c.req('/fi/ecare/recordings')).text.includes(`<td>${tf('recordings.session')}: ${name}</td>`));
    assert.equal(audits(A, 'recording.create', `%session=${ev.uuid}%`), 1);
    // The customer of the type, on its day: our player, the file with ranges; nobody else.
    sql(`INSERT IGNORE INTO type_customers (type_id, user_id, tenant_id)
         SELECT id, ${cust.id}, ${A.id} FROM event_types WHERE uuid = '${typeA.uuid}'`);
    sql(`UPDATE recordings SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE uuid = '${got.uuid}'`);
    const k = await as(cust);
    const page = await k.req(`/fi/ecare/recording/${got.uuid}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`<video src="/fi/ecare/recording/${got.uuid}/video" controls="controls" preload="metadata"`));
    assert.ok(!page.text.includes('<iframe'), 'no YouTube player');
    assert.ok(!/autoplay/.test(page.text), 'never starts by itself');
    const video = await fetch(`${process.env.VV_BASE}/fi/ecare/recording/${got.uuid}/video`, { headers: { cookie: k.cookieHeader() } });
    assert.equal(video.status, 200);
    assert.equal(video.headers.get('content-type'), 'video/webm');
    assert.equal(Buffer.from(await video.arrayBuffer()).subarray(0, 4).toString('hex'), '1a45dfa3', 'a WebM file');
    const part = await fetch(`${process.env.VV_BASE}/fi/ecare/recording/${got.uuid}/video`,
      { headers: { cookie: k.cookieHeader(), range: 'bytes=0-3' } });
    assert.equal(part.status, 206);
    for (const who of [makeUser(A, 'customer', { language: 'fi' }), makeUser(B, 'customer', { language: 'fi' })]) {
      const o = new Client();
      await login(o, who);
      assert.equal((await o.req(`/fi/ecare/recording/${got.uuid}`)).status, 404);
      assert.equal((await o.req(`/fi/ecare/recording/${got.uuid}/video`)).status, 404);
    }
    // A YouTube recording has no file route.
    const yt = await added(c, {});
    assert.equal((await c.req(`/fi/ecare/recording/${yt.uuid}/video`)).status, 404);
  } finally {
    for (const e of [ev, unmade, foreign]) rmSync(`${VAR}/recordings/${e.file}`, { force: true });
  }
});

test('Kieli: the recording shows to the chosen device languages only; none or an unknown one is refused (R-EN-1)', async () => {
  const c = await as(opA);
  const form = await c.req('/fi/ecare/recordings/new');
  assert.match(form.text, /<input type="checkbox" name="lang" id="lang-fi" value="fi" checked="checked">/, 'the tenant\'s language first');
  assert.match(form.text, /<input type="checkbox" name="lang" id="lang-sv" value="sv">/);
  const before = count(A);
  for (const [lang, key] of [['', 'recordings.err.lang'], ['de', 'err.invalid']]) {
    const r = await add(c, { lang });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'lang'), tf(key), `lang=${lang}`);
  }
  assert.equal(count(A), before, 'nothing written');
  // Several values of one field: the form's checkboxes.
  const f = fields();
  const body = new URLSearchParams({ ...f, csrf: await csrf(c) });
  body.delete('lang');
  body.append('lang', 'sv');
  body.append('lang', 'en');
  const r = await c.req('/fi/ecare/recordings/new', { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303);
  const uuid = sql(`SELECT uuid FROM recordings WHERE title = '${f.title}'`);
  assert.equal(sql(`SELECT languages FROM recordings WHERE uuid = '${uuid}'`), 'sv,en');
  sql(`UPDATE recordings SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE uuid = '${uuid}'`);
  const seen = async (language) => {
    const who = makeUser(A, 'customer', { language });
    sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) SELECT id, ${who.id}, ${A.id} FROM event_types WHERE uuid = '${typeA.uuid}'`);
    const k = new Client();
    await login(k, who);
    const cal = await k.req(`/${language}/ecare/index/calendar`);
    const page = await k.req(`/${language}/ecare/recording/${uuid}`);
    return { cal: cal.text.includes(html(f.title)), page: page.status };
  };
  assert.deepEqual(await seen('sv'), { cal: true, page: 200 });
  assert.deepEqual(await seen('en'), { cal: true, page: 200 });
  assert.deepEqual(await seen('fi'), { cal: false, page: 404 }, 'not to a Finnish tablet');
  assert.ok((await c.req('/fi/ecare/recordings')).text.includes('Kieli: Svenska, English'));
});

test('a title per language: each device language sees its own; a chosen language without one is refused next to its field', async () => {
  const c = await as(opA);
  const before = count(A);
  // Swedish chosen with no Swedish title: refused at title_sv, the Finnish one kept, nothing written.
  const f = fields({ title: '', title_fi: unique('Jumppa'), title_en: '' });
  let body = new URLSearchParams({ ...f, csrf: await csrf(c) });
  body.append('lang', 'sv');
  let r = await c.req('/fi/ecare/recordings/new', { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'title_sv'), tf('recordings.err.title'));
  assert.equal(fieldError(r.text, 'title_fi'), null);
  assert.equal(inputValue(r.text, 'title_fi'), f.title_fi, 'the input kept');
  assert.equal(count(A), before, 'nothing written');
  // Both titles: stored per language, the Finnish one as the recording's own.
  const sv = unique('Gympa');
  body = new URLSearchParams({ ...f, title_sv: sv, csrf: await csrf(c) });
  body.append('lang', 'sv');
  r = await c.req('/fi/ecare/recordings/new', { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303);
  const uuid = sql(`SELECT uuid FROM recordings WHERE title = '${f.title_fi}'`);
  assert.ok(uuid, 'recordings.title is the first chosen language\'s');
  assert.equal(sql(`SELECT GROUP_CONCAT(CONCAT(t.language, '=', t.title) ORDER BY t.language SEPARATOR ' ')
    FROM recording_texts t JOIN recordings x ON x.id = t.recording_id WHERE x.uuid = '${uuid}'`),
  `fi=${f.title_fi} sv=${sv}`);
  sql(`UPDATE recordings SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE uuid = '${uuid}'`);
  // A Swedish tablet sees the Swedish title in its calendar and on the recording's page, a Finnish one the Finnish.
  for (const [language, want, other] of [['sv', sv, f.title_fi], ['fi', f.title_fi, sv]]) {
    const who = makeUser(A, 'customer', { language });
    sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) SELECT id, ${who.id}, ${A.id} FROM event_types WHERE uuid = '${typeA.uuid}'`);
    const k = new Client();
    await login(k, who);
    const cal = await k.req(`/${language}/ecare/index/calendar`);
    assert.ok(cal.text.includes(html(want)), `${language} calendar shows ${want}`);
    assert.ok(!cal.text.includes(html(other)), `${language} calendar does not show ${other}`);
    const page = await k.req(`/${language}/ecare/recording/${uuid}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(html(want)), `${language} recording page`);
  }
  // Staff read the list in the page's language.
  assert.ok((await c.req('/sv/ecare/recordings')).text.includes(html(sv)));
  assert.ok((await c.req('/fi/ecare/recordings')).text.includes(html(f.title_fi)));
});

test('the list shows 50 recordings a page in start order, with links to the next page and back', async () => {
  const T = makeTenant();
  const op = makeUser(T, 'operator');
  const type = makeType(T, unique('Sivutus'));
  const tag = unique('Sivu');
  // 53 recordings, a day apart from tomorrow: titles sort as they start.
  sql(`INSERT INTO recordings (uuid, tenant_id, type_id, youtube_id, title, languages, starts_at, \`repeat\`, created_by, status, created_at)
       SELECT UUID(), ${T.id}, t.id, 'dQw4w9WgXcQ', CONCAT('${tag}-', LPAD(n.k, 2, '0')), 'fi',
       UTC_DATE() + INTERVAL n.k + 1 DAY, 'once', ${op.id}, 'active', UTC_TIMESTAMP()
       FROM event_types t, (SELECT a.d * 10 + b.d AS k FROM
         (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5) a,
         (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6
          UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) b) n
       WHERE t.uuid = '${type.uuid}' AND n.k < 53`);
  const c = new Client();
  await login(c, op);
  const titles = (text) => [...text.matchAll(new RegExp(`${tag}-(\\d\\d)`, 'g'))].map((m) => m[1])
    .filter((x, i, all) => all.indexOf(x) === i);
  const first = await c.req('/fi/ecare/recordings');
  assert.equal(first.status, 200);
  assert.deepEqual(titles(first.text), Array.from({ length: 50 }, (_, i) => String(i).padStart(2, '0')));
  assert.ok(first.text.includes(`<a rel="next" href="/fi/ecare/recordings?page=1">${html(tf('recordings.next-page'))}</a>`));
  assert.ok(!first.text.includes('rel="prev"'));
  const second = await c.req('/fi/ecare/recordings?page=1');
  assert.deepEqual(titles(second.text), ['50', '51', '52']);
  assert.ok(second.text.includes(`<a rel="prev" href="/fi/ecare/recordings?page=0">${html(tf('recordings.prev-page'))}</a>`));
  assert.ok(!second.text.includes('rel="next"'));
  // Past the end, or not a number: an empty page, or the first one; never an error.
  assert.equal((await c.req('/fi/ecare/recordings?page=99')).status, 200);
  assert.deepEqual(titles((await c.req('/fi/ecare/recordings?page=x')).text).length, 50);
});
