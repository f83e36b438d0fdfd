// The contract's limits across the cluster: operators of one tenant create
// overlapping events at the same moment on both hosts (so on two Galera
// nodes) under max_concurrent_events = 1. A row lock taken on one node does
// not stop the other; the write of tenants.lock_serial makes the two
// transactions conflict at commit, and the loser counts again
// (core/tenancy/tenant.c vv_contract_lock). Exactly one wins each round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fieldError, makeTenant, makeUser, sql, t, unique } from '../http/lib.mjs';
import { nodeRows, nodeSockets, signedIn } from './load.mjs';

const QUICK = process.env.VV_CLUSTER_QUICK === '1';
const ROUNDS = QUICK ? 2 : 10;
const hostLog = (h) => readFileSync(`${process.env.VV_CLUSTER}/host${h}/log/vvhomed.log`, 'utf8');
const createsOn = (h) => (hostLog(h).match(/POST \/fi\/ecare\/events\/new \d+/g) || []).length;

test(`overlapping events created at once on both hosts under max_concurrent_events = 1: exactly one wins (${ROUNDS} rounds)`, async () => {
  const T = makeTenant({ contract: { maxParticipants: 10, maxConcurrent: 1, maxEventMinutes: 120 } });
  const typeUuid = sql('SELECT UUID()');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${typeUuid}', ${T.id}, '${unique('Kilpa')}')`);
  const ops = Array.from({ length: 4 }, () => makeUser(T, 'operator'));
  for (const u of ops) u.client = signedIn(u);
  const limit = t('fi', 'contract.concurrent').replace('{0}', '1');
  const spread = [0, 0];
  for (let round = 0; round < ROUNDS; round++) {
    const date = new Date(Date.now() + (30 + round) * 86400000).toISOString().slice(0, 10);
    const before = [createsOn(1), createsOn(2)];
    const rs = await Promise.all(ops.map((u, i) => u.client.req('/fi/ecare/events/new', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ max: '5', type: typeUuid, date, time: `10:${String(i * 15).padStart(2, '0')}`,
        duration: '60', lang: 'fi', name_fi: unique('Kilpa'), description_fi: '', csrf: u.csrf }).toString(),
    })));
    const statuses = rs.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 303).length, 1, `round ${round}: exactly one wins (${statuses})`);
    for (const r of rs.filter((x) => x.status !== 303)) {
      assert.equal(r.status, 422, `round ${round}: the others are told why`);
      const errs = [...r.text.matchAll(/class="field-error" id="([^"]+)-error">([\s\S]*?)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
      assert.ok((fieldError(r.text, 'time') || '').includes(limit), `round ${round}: the limit named (${errs})`);
    }
    spread[0] += createsOn(1) - before[0];
    spread[1] += createsOn(2) - before[1];
    for (const sock of nodeSockets()) {
      const n = Number(nodeRows(sock, `SELECT COUNT(*) FROM events WHERE tenant_id = ${T.id}
        AND status = 'scheduled' AND DATE(starts_at) = '${date}'`)[0][0]);
      assert.equal(n, 1, `round ${round}: one event that day on ${sock}`);
    }
  }
  assert.ok(spread[0] > 0 && spread[1] > 0, `both hosts took creations (${spread})`);
});
