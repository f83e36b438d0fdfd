// MariaDB restarted under load on the single-server stack: customers keep
// enrolling, tablets keep polling, pages keep loading. Every enrolment a
// client was told went through is in the database afterwards, no event has
// more enrolled than seats, the user sees the localized 503 page while the
// server is away (never a 500, never a hang), and vvhomed serves again by
// itself. (The cluster's faults: tests/cluster/faults.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VAR, sleep, stack } from './lib.mjs';
import { checkAnswers, checkDatabase, figures, makeFixture, record, recovered, startLoad } from '../cluster/load.mjs';

test('MariaDB restarted under enrolment load: nothing lost, nothing oversold, 503 only while it is away', async () => {
  const fx = makeFixture({ events: 6, seats: 3, customers: 30 });
  const load = startLoad(fx, { conc: 4 });
  await sleep(800);
  const from = Date.now();
  load.release();
  stack('db-stop', VAR);
  try {
    await sleep(1000);
  } finally {
    stack('db-start', VAR);
  }
  const to = Date.now();
  const back = await recovered('/fi/ecare/index/calendar');
  await sleep(800);
  const log = await load.stop();
  checkAnswers(log);
  const during = log.filter((r) => r.t0 >= from && r.t1 <= to);
  assert.ok(during.some((r) => r.status === 503), 'the outage was seen: 503 pages while the server was away');
  const f = { ...figures(log), outageMs: to - from, backAfterMs: back };
  f.enrolmentsChecked = checkDatabase(fx, log);
  assert.ok(f.enrolmentsChecked > 0, 'enrolments went through');
  record('single-node MariaDB restarted', f);
});
