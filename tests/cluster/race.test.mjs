// The enrolment race across the cluster (issue 13, R-EN-3): 200 customers
// press "enrol" at once for a 20-seat event, asking for the waiting list
// when it is full; nginx spreads them over both hosts, so over two Galera
// nodes. Exactly 20 get a seat, the other 180 wait, on every node; the
// waiting list's order is the order the enrolments committed (the event's
// queue numbers, event_participants.queued), the same on every node.
// Repeated (20 times in the full set). Then first come, first served: one
// press answered before another was sent is ahead of it in the queue,
// whichever host and node each went to.
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
        WHERE event_id = ${ev.id} AND kind = 'customer' ORDER BY queued, id`);
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

test('first come, first served on the waiting list across two hosts', async () => {
  // 1 seat, 60 customers pressing over about two seconds: many presses are
  // answered before others are sent, on either host.
  const fx = makeFixture({ events: 1, seats: 1, customers: 60 });
  const ev = fx.events[0];
  const before = [enrolsOn(1), enrolsOn(2)];
  const log = await Promise.all(fx.users.map(async (u, i) => {
    await new Promise((res) => setTimeout(res, i * 35));
    const s = Date.now();
    const r = await u.client.req(`/fi/ecare/index/event/${ev.uuid}/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: u.csrf, waitlist: '1' }).toString(),
    });
    return { kind: 'enrol', user: u.id, event: ev.id, t0: s, t1: Date.now(), status: r.status,
      location: r.headers.get('location') || '', text: r.text };
  }));
  assert.deepEqual(figures(log).by, { 303: 60 });
  const spread = [enrolsOn(1) - before[0], enrolsOn(2) - before[1]];
  assert.ok(spread[0] > 0 && spread[1] > 0, `both hosts took enrolments (${spread})`);
  const waiting = log.filter((r) => /done=waiting/.test(r.location));
  assert.equal(waiting.length, 59);
  let pairs = 0;
  for (const sock of nodeSockets()) {
    const place = new Map(nodeRows(sock, `SELECT user_id FROM event_participants
      WHERE event_id = ${ev.id} AND status = 'waiting' ORDER BY queued, id`).map((x, i) => [Number(x[0]), i]));
    assert.equal(place.size, 59, `waiting rows on ${sock}`);
    pairs = 0;
    for (const x of waiting) {
      for (const y of waiting) {
        if (x.t1 >= y.t0) continue;
        pairs++;
        assert.ok(place.get(x.user) < place.get(y.user),
          `on ${sock}: user ${x.user}, answered before user ${y.user} pressed, is behind them`);
      }
    }
    assert.ok(pairs > 100, `presses answered before others were sent: ${pairs}`);
  }
  // What each customer is shown: their place in that queue.
  const place = new Map(nodeRows(nodeSockets()[0], `SELECT user_id FROM event_participants
    WHERE event_id = ${ev.id} AND status = 'waiting' ORDER BY queued, id`).map((x, i) => [Number(x[0]), i + 1]));
  for (const x of waiting.filter((_, i) => i % 6 === 0)) {
    const u = fx.users.find((v) => v.id === x.user);
    const page = await u.client.req(`/fi/ecare/index/event/${ev.uuid}`);
    const m = page.text.match(/jonossa sijalla (\d+)/);
    assert.equal(m && Number(m[1]), place.get(x.user), `the place user ${x.user} is shown`);
  }
  // For the record: how often the old order (the rows' ids) put someone
  // behind a customer who pressed after them.
  const byId = new Map(nodeRows(nodeSockets()[0], `SELECT user_id FROM event_participants
    WHERE event_id = ${ev.id} AND status = 'waiting' ORDER BY id`).map((x, i) => [Number(x[0]), i]));
  let idInversions = 0;
  for (const x of waiting) for (const y of waiting) if (x.t1 < y.t0 && byId.get(x.user) > byId.get(y.user)) idInversions++;
  record('first come first served', { customers: 60, hostSpread: spread, orderedPairs: pairs, idInversions });
});
