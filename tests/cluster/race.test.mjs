// The enrolment race across the cluster (issue 13, R-EN-3): 200 customers
// press "enrol" at once for a 20-seat event, asking for the waiting list
// when it is full; nginx spreads them over both hosts, so over two Galera
// nodes. Exactly 20 get a seat, the other 180 wait, on every node; the
// waiting list's order is the order of the rows (the order the enrolments
// committed). Repeated (20 times in the full set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkAnswers, figures, makeFixture, nodeRows, nodeSockets, record } from './load.mjs';

const QUICK = process.env.VV_CLUSTER_QUICK === '1';
const ROUNDS = QUICK ? 1 : 20;

const hostLog = (h) => readFileSync(`${process.env.VV_CLUSTER}/host${h}/log/vvhomed.log`, 'utf8');
const enrolsOn = (h) => (hostLog(h).match(/POST \/fi\/ecare\/index\/event\/[^ ]+\/enrol \d+/g) || []).length;

test(`200 customers enrol at once into 20 seats across two hosts and two nodes (${ROUNDS} rounds)`, async () => {
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const fx = makeFixture({ events: 1, seats: 20, customers: 200 });
    const ev = fx.events[0];
    const before = [enrolsOn(1), enrolsOn(2)];
    const t0 = Date.now();
    const log = await Promise.all(fx.users.map(async (u) => {
      const s = Date.now();
      const r = await u.client.req(`/fi/ecare/index/event/${ev.uuid}/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: u.csrf, waitlist: '1' }).toString(),
      });
      return { kind: 'enrol', user: u.id, event: ev.id, t0: s, t1: Date.now(), status: r.status,
        location: r.headers.get('location') || '', text: r.text };
    }));
    const ms = Date.now() - t0;
    const by = figures(log).by;
    assert.deepEqual(by, { 303: 200 }, `round ${round}: every press answered 303`);
    const seated = log.filter((r) => /done=enrolled/.test(r.location)).length;
    const waiting = log.filter((r) => /done=waiting/.test(r.location)).length;
    assert.deepEqual([seated, waiting], [20, 180], `round ${round}: 20 seated, 180 waiting as answered`);
    const spread = [enrolsOn(1) - before[0], enrolsOn(2) - before[1]];
    assert.ok(spread[0] > 0 && spread[1] > 0, `round ${round}: both hosts took enrolments (${spread})`);
    let reference;
    for (const sock of nodeSockets()) {
      const rows = nodeRows(sock, `SELECT user_id, status FROM event_participants
        WHERE event_id = ${ev.id} AND kind = 'customer' ORDER BY id`);
      const count = (st) => rows.filter((x) => x[1] === st).length;
      assert.deepEqual([count('enrolled'), count('waiting')], [20, 180], `round ${round}: rows on ${sock}`);
      assert.equal(Number(nodeRows(sock, `SELECT enrolled FROM events WHERE id = ${ev.id}`)[0][0]), 20);
      // Those told "enrolled" hold the seats; the queue is the same on every node.
      const seatedUsers = new Set(log.filter((r) => /done=enrolled/.test(r.location)).map((r) => String(r.user)));
      assert.ok(rows.filter((x) => x[1] === 'enrolled').every((x) => seatedUsers.has(x[0])),
        `round ${round}: the seated are those told so, on ${sock}`);
      const queue = rows.filter((x) => x[1] === 'waiting').map((x) => x[0]).join(',');
      reference ??= queue;
      assert.equal(queue, reference, `round ${round}: the same waiting order on ${sock}`);
    }
    checkAnswers(log);
    rounds.push({ ms, spread });
  }
  record('race 200 into 20', { rounds: rounds.length, msPerRound: rounds.map((r) => r.ms),
    hostSpread: rounds.map((r) => r.spread) });
});
