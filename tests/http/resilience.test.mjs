// The master keeps the service up: a killed worker is replaced at once, a
// database outage gives 503 pages and heals by itself, SIGHUP replaces the
// workers, SIGTERM lets requests in flight finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, wrk, workerPids, masterPid, readLog, stack, VAR, PORT, BUILD, sleep, until } from './lib.mjs';

test('SIGKILL to a worker under load fails at most the request it held', async () => {
  const before = workerPids();
  assert.ok(before.length >= 1, 'workers running');
  const load = wrk('/fi/', 4, 8);
  await sleep(1500);
  const victim = before[0];
  process.kill(victim, 'SIGKILL');
  const killedAt = Date.now();
  // A new worker appears and serves within a second.
  const fresh = await until(() => {
    const now = workerPids().filter((p) => !before.includes(p));
    return now.length ? now[0] : 0;
  }, 1000, 'a replacement worker');
  await until(() => readLog().includes(`[${fresh}] GET /fi/ 200`), 1000 - (Date.now() - killedAt) + 200,
    'the replacement worker serving');
  const res = await load;
  assert.ok(res.requests > 100, `load ran: ${res.requests} requests`);
  assert.ok(res.non2xx + res.socketErrors <= 1,
    `failed requests: ${res.non2xx} non-2xx, ${res.socketErrors} socket errors\n${res.out}`);
  assert.match(readLog(), new RegExp(`worker \\d+ \\(pid ${victim}\\) killed by signal 9`));
});

test('MariaDB down gives 503 pages, back up gives 200 without restarting vvhomed', async () => {
  const master = masterPid();
  const workers = workerPids();
  assert.equal((await get('/healthz')).status, 200);
  stack('db-stop', VAR);
  try {
    const load = wrk('/healthz', 2, 8);
    const r = await get('/healthz');
    assert.equal(r.status, 503);
    const res = await load;
    assert.ok(res.requests > 50, `load ran: ${res.requests}`);
    assert.equal(res.socketErrors, 0, 'no hang, no reset');
    assert.equal(res.non2xx, res.requests, 'every answer during the outage is a 503');
    // The front page needs no database and keeps working.
    assert.equal((await get('/fi/')).status, 200);
  } finally {
    stack('db-start', VAR);
  }
  const r = await get('/healthz');
  assert.equal(r.status, 200, 'the first request after the restart succeeds');
  assert.equal(masterPid(), master);
  assert.deepEqual(workerPids(), workers, 'no worker was restarted');
});

test('SIGHUP replaces every worker and keeps serving', async () => {
  const before = workerPids();
  const load = wrk('/fi/', 3, 8);
  await sleep(800);
  process.kill(masterPid(), 'SIGHUP');
  await until(() => {
    const now = workerPids();
    return now.length === before.length && now.every((p) => !before.includes(p));
  }, 3000, 'a new generation of workers');
  const res = await load;
  assert.equal(res.non2xx + res.socketErrors, 0, res.out);
  assert.equal((await get('/en/')).status, 200);
});

test('SIGTERM finishes the request in flight, then stops', async () => {
  const slow = get('/testkit/slow');
  await sleep(300);
  const master = masterPid();
  process.kill(master, 'SIGTERM');
  const r = await slow;
  assert.equal(r.status, 200);
  assert.equal(r.text, 'slow done\n');
  await until(() => { try { process.kill(master, 0); return false; } catch { return true; } }, 5000,
    'the master to exit');
  // Bring the application back for whatever runs next.
  stack('app-start', VAR, PORT, BUILD);
  await until(async () => (await get('/healthz').catch(() => ({ status: 0 }))).status === 200, 5000,
    'vvhomed back');
});
