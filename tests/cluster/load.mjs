// A scripted load for fault tests: customers enrolling into events with few
// seats, tablets polling, calendar page views, all through nginx, every
// answer logged; and the checks a fault test makes afterwards against every
// database node: no committed enrolment lost, no seat oversold, only short
// localized 503s, never a 500, never a hang.
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { BASE, Client, VAR, makeTenant, makeUser, sql, t, unique } from '../http/lib.mjs';

/** A request that has not answered after this long counts as a hang. */
export const HANG_MS = 20000;

/** The database sockets to check: every Galera node in the cluster tests, the one server otherwise. */
export function nodeSockets() {
  const c = process.env.VV_CLUSTER;
  return c ? [1, 2, 3].map((n) => `${c}/galera/node${n}/mysqld.sock`) : [`${VAR}/db/mysqld.sock`];
}

/** A query on one node (root on its socket); rows as arrays of strings. */
export function nodeRows(sock, query) {
  const out = execFileSync('mariadb', ['--no-defaults', '--socket', sock, '-uroot', '-N', '-B', 'vvhome', '-e', query],
    { encoding: 'utf8' }).trim();
  return out ? out.split('\n').map((l) => l.split('\t')) : [];
}

const sqlTime = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** A tenant with `events` events of `seats` seats tomorrow, `customers` customers assigned
 * to their type, each with a session (a row, as a signed-in browser has). */
export function makeFixture({ events = 4, seats = 3, customers = 30 } = {}) {
  const tenant = makeTenant({ timezone: 'Europe/Helsinki', language: 'fi', contract: { maxParticipants: 50 } });
  const admin = makeUser(tenant, 'admin');
  const typeUuid = sql('SELECT UUID()');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${typeUuid}', ${tenant.id}, '${unique('Kuorma')}')`);
  const typeId = Number(sql(`SELECT id FROM event_types WHERE uuid = '${typeUuid}'`));
  const evs = [];
  for (let i = 0; i < events; i++) {
    const uuid = sql('SELECT UUID()');
    const start = Date.now() + 86400000 + i * 3600000;
    sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
           duration_minutes, room_id, status)
         VALUES ('${uuid}', ${tenant.id}, ${typeId}, ${admin.id}, ${seats}, '${sqlTime(start)}',
           '${sqlTime(start + 3600000)}', 60, '${unique('room')}', 'scheduled')`);
    const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
    sql(`INSERT INTO event_texts (event_id, language, name, description) VALUES (${id}, 'fi', 'Jumppa ${i}', 'Kuvaus')`);
    evs.push({ id, uuid, max: seats });
  }
  const tag = unique('kuorma').toLowerCase();
  const values = Array.from({ length: customers }, (_, i) =>
    `(UUID(), ${tenant.id}, '${tag}-${i}@example.org', 'Kuorma', 'Asiakas${i}', 'customer', 'fi')`);
  sql(`INSERT INTO users (uuid, tenant_id, email, first_name, last_name, role, language) VALUES ${values.join(',')}`);
  const users = sql(`SELECT id FROM users WHERE tenant_id = ${tenant.id} AND email LIKE '${tag}-%' ORDER BY id`)
    .split('\n').map((id) => ({ id: Number(id) }));
  sql(`INSERT INTO type_customers (type_id, user_id, tenant_id)
       SELECT ${typeId}, id, tenant_id FROM users WHERE tenant_id = ${tenant.id} AND email LIKE '${tag}-%'`);
  const rows = users.map((u) => {
    const token = randomBytes(32).toString('base64url');
    u.csrf = randomBytes(32).toString('base64url');
    u.client = new Client();
    u.client.cookies.set('vv_session', token);
    const hash = createHash('sha256').update(token).digest('hex');
    return `('${hash}', ${u.id}, ${tenant.id}, '${u.csrf}', 'password',
      UTC_TIMESTAMP() + INTERVAL 2 HOUR, UTC_TIMESTAMP() + INTERVAL 2 HOUR)`;
  });
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, idle_expires_at, expires_at)
       VALUES ${rows.join(',')}`);
  return { tenant, events: evs, users };
}

/** A signed-in Client for an existing user (a session row, as after a login); sets user.csrf. */
export function signedIn(user) {
  const token = randomBytes(32).toString('base64url');
  user.csrf = randomBytes(32).toString('base64url');
  const c = new Client();
  c.cookies.set('vv_session', token);
  const hash = createHash('sha256').update(token).digest('hex');
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, idle_expires_at, expires_at)
       VALUES ('${hash}', ${user.id}, ${user.tenant.id}, '${user.csrf}', 'password',
         UTC_TIMESTAMP() + INTERVAL 2 HOUR, UTC_TIMESTAMP() + INTERVAL 2 HOUR)`);
  return c;
}

async function timed(fn) {
  const t0 = Date.now();
  try {
    const r = await fn(AbortSignal.timeout(HANG_MS));
    return { t0, t1: Date.now(), status: r.status, location: r.headers.get('location') || '', text: r.text };
  } catch (e) {
    return { t0, t1: Date.now(), status: 0, error: String(e && e.message) };
  }
}

/** Starts `conc` simulated users over the fixture. Each enrols its
 * customers into events (a 503 or a failure is tried again later, as a
 * person would), polls and views the calendar in turn, with a short pause
 * between requests (a person's pace; it keeps the load light on a small
 * machine). Until release() only a third of the enrolments are made, so
 * that a fault started then always meets enrolments, however fast the
 * machine. Returns { log, release(), stop(): Promise<log> }. */
export function startLoad(fx, { conc = 6, pauseMs = 20 } = {}) {
  const log = [];
  const todo = [];
  for (const u of fx.users) for (const e of fx.events) todo.push({ u, e });
  todo.sort(() => Math.random() - 0.5);
  let stopped = false;
  let held = Math.ceil((todo.length * 2) / 3);
  const loop = async (k) => {
    let step = k;
    while (!stopped) {
      step += 1;
      if (pauseMs) await new Promise((res) => setTimeout(res, pauseMs));
      const kind = todo.length > held && step % 3 !== 0 ? 'enrol' : (step % 2 ? 'poll' : 'page');
      if (kind === 'enrol') {
        const job = todo.shift();
        const r = await timed((signal) => job.u.client.req(`/fi/ecare/index/event/${job.e.uuid}/enrol`, {
          method: 'POST', signal,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf: job.u.csrf }).toString(),
        }));
        log.push({ kind, user: job.u.id, event: job.e.id, ...r });
        if (r.status !== 303 && r.status !== 422) todo.push(job);
      } else {
        const u = fx.users[step % fx.users.length];
        const path = kind === 'poll' ? '/fi/ecare/poll' : '/fi/ecare/index/calendar';
        const r = await timed((signal) => u.client.req(path, { signal }));
        log.push({ kind, user: u.id, ...r });
      }
    }
  };
  const loops = Array.from({ length: conc }, (_, k) => loop(k));
  return {
    log,
    release() { held = 0; },
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return log;
    },
  };
}

/** Figures of a run: answers by status, the span from the first to the last
 * answer that was not a success, and the longest answer. */
export function figures(log) {
  const by = {};
  for (const r of log) by[r.status] = (by[r.status] || 0) + 1;
  const bad = log.filter((r) => r.status === 503 || r.status === 0 || r.status >= 500);
  const window = bad.length ? Math.max(...bad.map((r) => r.t1)) - Math.min(...bad.map((r) => r.t0)) : 0;
  const slowest = Math.max(0, ...log.map((r) => r.t1 - r.t0));
  return { requests: log.length, by, unavailableWindowMs: window, slowestMs: slowest };
}

/** Writes a line of figures where doc/operations.md's numbers come from. */
export function record(name, f) {
  const line = `${name}: ${JSON.stringify(f)}`;
  console.log(line);
  const dir = process.env.VV_CLUSTER || VAR;
  try { appendFileSync(`${dir}/figures.txt`, `${line}\n`); } catch { /* only a report */ }
}

/** The user-visible promises: only 200/303/422 and localized 503s; no 500, no hang. */
export function checkAnswers(log) {
  const wrong = log.filter((r) => ![200, 303, 422, 503].includes(r.status));
  assert.deepEqual(wrong.map((r) => `${r.kind} ${r.status} ${r.error || r.text?.slice(0, 80) || ''}`), [],
    'every answer is 200, 303, 422 or 503 (no 500, no 502, no hang)');
  const title = t('fi', 'error.503.title');
  // A page's 503 is the localized page; a JSON route's (the tablets' poll,
  // VV_ROUTE_JSON) is its JSON error naming the same catalogue text.
  const localized = (r) => r.text.includes(title) ||
    (r.kind === 'poll' && /"status":503/.test(r.text) && /"error":"error\.503\.title"/.test(r.text));
  const bare = log.filter((r) => r.status === 503 && !localized(r));
  assert.deepEqual(bare.map((r) => `${r.kind}: ${r.text?.slice(0, 80)}`), [], 'every 503 is the localized page (or a JSON route\'s JSON error)');
  const enrolled = log.filter((r) => r.kind === 'enrol' && r.status === 303);
  for (const r of enrolled) assert.match(r.location, /done=(enrolled|waiting)/, 'a 303 after enrolling says which');
}

/** Every enrolment a client saw succeed is in the database on every node,
 * and no event has more enrolled customers than seats. */
export function checkDatabase(fx, log, sockets = nodeSockets()) {
  const ids = fx.events.map((e) => e.id).join(',');
  const seen = new Set(log.filter((r) => r.kind === 'enrol' && /done=enrolled/.test(r.location))
    .map((r) => `${r.event}:${r.user}`));
  for (const sock of sockets) {
    const rows = nodeRows(sock, `SELECT event_id, user_id FROM event_participants
      WHERE event_id IN (${ids}) AND kind = 'customer' AND status = 'enrolled'`);
    const have = new Set(rows.map(([e, u]) => `${e}:${u}`));
    const lost = [...seen].filter((k) => !have.has(k));
    assert.deepEqual(lost, [], `no committed enrolment lost on ${sock}`);
    for (const e of fx.events) {
      const n = rows.filter(([ev]) => Number(ev) === e.id).length;
      assert.ok(n <= e.max, `event ${e.id}: ${n} enrolled in ${e.max} seats on ${sock}`);
      const counter = Number(nodeRows(sock, `SELECT enrolled FROM events WHERE id = ${e.id}`)[0][0]);
      assert.equal(counter, n, `event ${e.id}: the counter agrees with the rows on ${sock}`);
    }
  }
  return seen.size;
}

/** Waits until a GET of path answers 200 through nginx; returns the ms it took. */
export async function recovered(path = '/healthz', ms = 30000) {
  const t0 = Date.now();
  for (;;) {
    const r = await fetch(BASE + path, { signal: AbortSignal.timeout(HANG_MS) }).catch(() => ({ status: 0 }));
    if (r.status === 200) return Date.now() - t0;
    assert.ok(Date.now() - t0 < ms, `${path} back within ${ms} ms`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
