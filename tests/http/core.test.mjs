// The core as a user meets it through nginx: languages, redirects, error
// pages, request limits, CSRF, typed routes and the request log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, Client, t, html, readLog, setCookies, BASE } from './lib.mjs';

test('/ redirects to the Finnish front page', async () => {
  const r = await get('/');
  assert.equal(r.status, 302);
  assert.equal(r.headers.get('location'), '/fi/');
});

for (const lang of ['fi', 'sv', 'en']) {
  test(`front page in ${lang}`, async () => {
    const r = await get(`/${lang}/`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
    assert.match(r.text, new RegExp(`<html[^>]* lang="${lang}"`));
    assert.ok(r.text.includes(html(t(lang, 'home.title'))), 'localized heading');
    assert.ok(r.text.includes('eCare') || r.text.includes('/static/vvhome.css'));
    assert.match(r.text, /href="\/static\/vvhome.css"/);
  });
}

test('/sv redirects to /sv/', async () => {
  const r = await get('/sv');
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), '/sv/');
});

test('language switch keeps the page and marks the current language', async () => {
  const r = await get('/en/');
  assert.match(r.text, /href="\/fi\/"/);
  assert.match(r.text, /href="\/sv\/"/);
  assert.match(r.text, /aria-current="(page|true)"/);
});

test('unknown page gets a localized 404 page', async () => {
  for (const lang of ['fi', 'sv', 'en']) {
    const r = await get(`/${lang}/no-such-page`);
    assert.equal(r.status, 404);
    assert.match(r.text, new RegExp(`<html[^>]* lang="${lang}"`));
    assert.ok(r.text.includes(html(t(lang, 'error.404.title'))), `404 title in ${lang}`);
  }
  const r = await get('/de/');
  assert.equal(r.status, 404);
});

test('bad percent-encoding and invalid UTF-8 get a 400 page', async () => {
  for (const p of ['/fi/%zz', '/fi/%C0%AF', '/fi/%ED%A0%80', '/fi/a%00b', '/fi/?q=%FF']) {
    const r = await get(p);
    assert.equal(r.status, 400, p);
    assert.ok(r.text.includes(html(t('fi', 'error.400.title'))), `400 page for ${p}`);
  }
});

test('dot segments are refused', async () => {
  const r = await get('/fi/%2e%2e/etc/passwd');
  assert.ok(r.status === 400 || r.status === 404, String(r.status));
});

test('HEAD answers like GET without a body; other methods get 405', async () => {
  const h = await fetch(BASE + '/fi/', { method: 'HEAD' });
  assert.equal(h.status, 200);
  assert.equal((await h.text()).length, 0);
  const d = await fetch(BASE + '/fi/', { method: 'DELETE' });
  assert.equal(d.status, 405);
  const p = await fetch(BASE + '/fi/', { method: 'POST', redirect: 'manual' });
  assert.equal(p.status, 405);
});

test('static files come from nginx', async () => {
  const r = await get('/static/vvhome.css');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/css/);
});

test('pages carry security headers and a CSRF cookie', async () => {
  const r = await get('/fi/');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/, 'no inline scripts');
  assert.match(csp, /frame-ancestors 'none'/);
  const c = setCookies(r.headers).find((x) => x.startsWith('vv_csrf='));
  assert.ok(c, 'csrf cookie set');
  assert.match(c, /HttpOnly/);
  assert.match(c, /SameSite=Lax/);
});

test('a POST without the CSRF token, or with another one, is refused', async () => {
  const c = new Client();
  await c.req('/fi/');
  const token = c.cookies.get('vv_csrf');
  assert.ok(token);
  let r = await c.post('/fi/testkit/echo', { a: '1' });
  assert.equal(r.status, 403);
  assert.ok(r.text.includes(html(t('fi', 'error.403.title'))));
  r = await c.post('/fi/testkit/echo', { a: '1', csrf: 'x'.repeat(43) });
  assert.equal(r.status, 403);
  const other = new Client();
  await other.req('/fi/');
  r = await c.post('/fi/testkit/echo', { a: '1', csrf: other.cookies.get('vv_csrf') });
  assert.equal(r.status, 403);
  r = await c.post('/fi/testkit/echo', { a: '1', csrf: token });
  assert.equal(r.status, 200);
  assert.equal(r.text, 'a=1\n');
});

test('urlencoded and multipart forms are parsed, query and form both', async () => {
  const c = new Client();
  await c.req('/fi/');
  const csrf = c.cookies.get('vv_csrf');
  let r = await c.post('/fi/testkit/echo?q=kysely', { a: 'hyvää päivää', b: 'x+y&z', csrf });
  assert.equal(r.status, 200);
  assert.equal(r.text, 'a=hyvää päivää\nb=x+y&z\nq=kysely\n');

  const fd = new FormData();
  fd.set('csrf', csrf);
  fd.set('greeting', 'Hej på dig');
  fd.set('upload', new Blob(['hello file'], { type: 'text/plain' }), 'note.txt');
  r = await c.req('/fi/testkit/echo', { method: 'POST', body: fd });
  assert.equal(r.status, 200);
  assert.equal(r.text, 'greeting=Hej på dig\nupload=note.txt text/plain 10\n');
});

test('request limits: body size, field count, field length', async () => {
  const c = new Client();
  await c.req('/fi/');
  const csrf = c.cookies.get('vv_csrf');
  let r = await c.post('/fi/testkit/echo', { a: 'x'.repeat(9000), csrf });
  assert.equal(r.status, 400);
  const many = { csrf };
  for (let i = 0; i < 250; i++) many[`f${i}`] = '1';
  r = await c.post('/fi/testkit/echo', many);
  assert.equal(r.status, 400);
  r = await c.post('/fi/testkit/echo', { a: 'y'.repeat(1100000), csrf });
  assert.equal(r.status, 413);
  r = await c.req('/fi/testkit/echo', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a=%E4&csrf=' + csrf,
  });
  assert.equal(r.status, 400, 'latin-1 byte in a form is not UTF-8');
  r = await c.req('/fi/testkit/echo', {
    method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
    body: '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end',
  });
  assert.equal(r.status, 400, 'multipart without closing boundary');
});

test('typed route parameters: a malformed id is a 404', async () => {
  const id = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
  let r = await get(`/fi/testkit/item/${id}`);
  assert.equal(r.status, 200);
  assert.equal(r.text, `item ${id}\n`);
  for (const bad of ['123', id.toUpperCase(), id + 'a', "x' OR 1=1"]) {
    r = await get(`/fi/testkit/item/${encodeURIComponent(bad)}`);
    assert.equal(r.status, 404, bad);
  }
});

test('a route for staff sends anonymous visitors to the login page', async () => {
  const r = await get('/sv/testkit/staff');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/sv/login');
});

test('page text from a query is escaped, never markup', async () => {
  const r = await get('/fi/testkit/page?q=' + encodeURIComponent('<script>alert(1)</script>'));
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes('<script>alert(1)</script>'));
});

test('healthz answers 200 with the database up', async () => {
  const r = await get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.text, 'ok\n');
});

test('one log line per request: method, path, status, microseconds, pid', async () => {
  await get('/en/?marker=1');
  const lines = readLog().split('\n').filter((l) => / GET \/en\/ 200 \d+us/.test(l));
  assert.ok(lines.length >= 1, 'a log line for GET /en/');
  assert.match(lines.at(-1), /\[\d+\] GET \/en\/ 200 \d+us/);
  assert.ok(!readLog().includes('marker=1'), 'the query (which may hold secrets) is not logged');
});
