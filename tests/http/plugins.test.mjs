// Plugins: refused ones are named in the log, the rest serve, and an
// out-of-tree plugin built against the installed headers loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, readLog } from './lib.mjs';

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
