// Plugins: refused ones are named in the log, the rest serve, and an
// out-of-tree plugin built against the installed headers loads with its
// own stylesheet, catalogue, static file, migration, menu and page-wide
// part (tests/plugins/testkit/, installed by tests/plugins/build.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  BUILD, CONF, Client, VAR, csrfOf, get, login, makeTenant, makeUser, readLog, restoreConf, sql, stack,
  t, until, useConf,
} from './lib.mjs';

test('a plugin built for another ABI is refused by name while the others serve', async () => {
  const log = readLog();
  assert.match(log, /plugin \S*badabi\.so refused: built for ABI version 2, this server speaks 1/);
  assert.match(log, /plugin \S*nosym\.so refused: no vv_plugin_entry symbol/);
  assert.match(log, /plugin \S*testkit_again\.so refused: a plugin of the same name is already loaded/);
  assert.match(log, /plugin testkit loaded from/);
  assert.match(log, /plugin home loaded from/);
  const r = await get('/fi/');
  assert.equal(r.status, 200);
});

test('the refusal is logged once, not once per worker', async () => {
  // Each start and each reload (SIGHUP) loads the plugins once more.
  const starts = readLog().split('\n').filter((l) => /master: (serving on|reloading)/.test(l)).length;
  const refusals = readLog().split('\n').filter((l) => /badabi\.so refused/.test(l)).length;
  assert.ok(refusals <= starts + 2, `${refusals} refusals for ${starts} starts`);
});

test('the out-of-tree plugin serves its routes', async () => {
  const r = await get('/en/testkit/echo?q=1');
  assert.equal(r.status, 200);
  assert.equal(r.text, 'q=1\n');
});

test('a plugin built before menu items and parts were appended still loads and serves', async () => {
  assert.match(readLog(), /plugin oldkit loaded from/);
  const r = await get('/en/oldkit/echo?q=2');
  assert.equal(r.status, 200);
  assert.equal(r.text, 'q=2\n');
});

test('two plugins registering one route: the second is refused, naming both', () => {
  assert.match(readLog(),
    /plugin \S*testkit_dup\.so refused: route POST \/testkit\/echo of plugin testkit_dup is already plugin testkit's/);
});

test("the out-of-tree plugin's migration, stylesheet, catalogue and static file are where the core finds them", async () => {
  assert.equal(sql("SELECT COUNT(*) FROM schema_migrations WHERE component = 'testkit' AND version = 1"), '1');
  assert.equal(sql('SELECT note FROM testkit_notes WHERE id = 1'), 'migrated');
  for (const [lang, title] of [['fi', 'Testiliitännäinen'], ['sv', 'Testtillägg'], ['en', 'Test plugin']]) {
    const r = await get(`/${lang}/testkit/own`);
    assert.equal(r.status, 200, lang);
    assert.match(r.text, new RegExp(`<h1>${title}</h1>`), `${lang}: its catalogue`);
    assert.match(r.text, /<p id="testkit-note">migrated<\/p>/, 'the row of its migration');
  }
  const css = await get('/static/testkit.css');
  assert.equal(css.status, 200);
  assert.match(css.text, /testkit-footer/);
});

/** The links of the header menu, as [href, class] pairs. */
function menuLinks(text) {
  const nav = text.match(/<nav class="staff-menu"[\s\S]*?<\/nav>/);
  return nav ? [...nav[0].matchAll(/<a (?:class="([^"]*)" )?href="([^"]+)"/g)].map((m) => m[2]) : [];
}

test("a plugin's menu items and page-wide part show for the roles it names, and go with it", async () => {
  const A = makeTenant();
  const users = Object.fromEntries(['customer', 'professional', 'operator', 'admin']
    .map((role) => [role, makeUser(A, role)]));
  const clients = {};
  for (const [role, u] of Object.entries(users)) {
    clients[role] = new Client();
    await login(clients[role], u);
  }
  const page = async (role) => (await clients[role].req('/fi/ecare/index/calendar')).text;
  const before = {};
  for (const role of Object.keys(users)) before[role] = menuLinks(await page(role));
  assert.deepEqual(before.customer, [], 'no menu for customers without the plugin');

  const load = readFileSync(CONF, 'utf8').match(/^load = (.*)$/m)[1];
  useConf('load', `${load},${BUILD}/ext/framekit.so`);
  try {
    await until(async () => (await page('admin')).includes('/fi/framekit/own'), 8000, 'the reloaded workers');
    await new Promise((r) => setTimeout(r, 500)); // every worker of the new generation
    const want = {
      customer: ['/fi/framekit/own'],
      professional: before.professional,
      operator: [...before.operator, '/fi/framekit/own'],
      admin: [...before.admin, '/fi/framekit/own'],
    };
    for (const role of Object.keys(users)) {
      const text = await page(role);
      assert.deepEqual(menuLinks(text), want[role], role);
      assert.match(text, /<\/main><link rel="stylesheet" href="\/static\/testkit.css"><p class="testkit-footer">Testiliitännäisen alatunniste<\/p><\/body>/,
        `${role}: the part at the end of the page`);
    }
    // Its own menu after the core's, with its group heading; customers get a button.
    assert.match(await page('operator'),
      /<\/details><details class="menu"><summary>Testivalikko<\/summary><div class="menu-panel"><p class="menu-group">Testiryhmä<\/p><ul><li><a href="\/fi\/framekit\/own">Testisivu<\/a><\/li><\/ul><\/div><\/details><\/nav>/);
    assert.match(await page('customer'), /<a class="button button-secondary" href="\/fi\/framekit\/own">Testisivu<\/a>/);
    const own = await clients.admin.req('/fi/framekit/own');
    assert.match(own.text, /<a href="\/fi\/framekit\/own" aria-current="page">Testisivu<\/a>/, 'marked current');
    // Visitors: no menu; the part decides itself to show nothing.
    const anon = await get('/fi/');
    assert.deepEqual(menuLinks(anon.text), []);
    assert.ok(!anon.text.includes('testkit-footer'));
  } finally {
    await restoreConf();
  }
  await until(async () => !(await page('admin')).includes('/fi/framekit/own'), 8000, 'the plugin unloaded');
  await new Promise((r) => setTimeout(r, 500));
  for (const role of Object.keys(users)) assert.deepEqual(menuLinks(await page(role)), before[role], role);
});

test('a JSON route answers its errors as JSON of one shape', async () => {
  const json = async (r) => {
    assert.match(r.headers.get('content-type'), /^application\/json/);
    const j = JSON.parse(r.text);
    if (!j.ok) assert.ok(t('fi', j.error), `${j.error} is a catalogue text a script can show`);
    return j;
  };
  for (const [path, status, error] of [['/fi/testkit/json/404', 404, 'error.404.title'],
    ['/fi/testkit/json/403', 403, 'error.403.title'], ['/fi/testkit/json/500', 500, 'error.500.title']]) {
    const r = await get(path);
    assert.equal(r.status, status, path);
    assert.deepEqual(await json(r), { ok: false, status, error }, path);
  }
  const ok = await get('/fi/testkit/json/1');
  assert.equal(ok.status, 200);
  assert.deepEqual(await json(ok), { ok: true, note: 'migrated' });
  // Another method on a JSON route's path, and a POST without the token.
  const c = new Client();
  const r405 = await c.req('/fi/testkit/json-staff', { method: 'POST' });
  assert.equal(r405.status, 405);
  assert.deepEqual(await json(r405), { ok: false, status: 405, error: 'error.405.title' });
  await csrfOf(c);
  const csrf = await c.post('/fi/testkit/json/1', { csrf: 'wrong' });
  assert.equal(csrf.status, 403);
  assert.deepEqual(await json(csrf), { ok: false, status: 403, error: 'error.csrf' });
  // The role check of a signed-in user.
  const A = makeTenant();
  const cust = new Client();
  await login(cust, makeUser(A, 'customer'));
  const role = await cust.req('/fi/testkit/json-staff');
  assert.equal(role.status, 403);
  assert.deepEqual(await json(role), { ok: false, status: 403, error: 'error.403.title' });
  // A page route keeps its HTML error page.
  const html = await get('/fi/testkit/item/nope');
  assert.equal(html.status, 404);
  assert.match(html.headers.get('content-type'), /^text\/html/);
});

test('with the database down a JSON route answers a JSON 503', async () => {
  stack('db-stop', VAR);
  try {
    const r = await get('/fi/testkit/json/1');
    assert.equal(r.status, 503);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(JSON.parse(r.text), { ok: false, status: 503, error: 'error.503.title' });
  } finally {
    stack('db-start', VAR);
  }
  assert.equal((await get('/fi/testkit/json/1')).status, 200, 'back once the database is');
});
