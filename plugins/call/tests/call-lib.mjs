// What the call plugin's HTTP tests share (call.test.mjs, call-recordings.test.mjs):
// events and enrolments written straight into the database, signed-in
// clients, the call endpoints, and Janus's own view through its admin API.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, csrfOf, login, sql, unique, VAR } from '../../../tests/http/lib.mjs';

export const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

const sessions = new Map();

export function makeType(tenant) {
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${tenant.id}, ${q(unique('Tyyppi'))})`);
  return Number(sql(`SELECT MAX(id) FROM event_types WHERE tenant_id = ${tenant.id}`));
}

/** An event of type (an event_types id) in tenant, starting `from` seconds from now, lasting `minutes`. */
export function makeEventOfType(type, tenant, creator, { from = -60, minutes = 30, status = 'scheduled', record = 0, forced = 0 } = {}) {
  const uuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, record, forced_answer,
       starts_at, ends_at, duration_minutes, room_id, status)
       VALUES ('${uuid}', ${tenant.id}, ${type}, ${creator.id}, 5, ${record}, ${forced},
       UTC_TIMESTAMP() + INTERVAL ${from} SECOND, UTC_TIMESTAMP() + INTERVAL ${from + minutes * 60} SECOND,
       ${minutes}, 'vv-${uuid}', '${status}')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(unique('Jumppa'))})`);
  return { id, uuid };
}

export function enrol(ev, user, kind = 'customer') {
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${ev.id}, ${user.tenant.id}, ${user.id}, '${kind}', 'enrolled')`);
}

export function policy(tenant, { presses = 2, end = 'creator_admin', warning = 5 } = {}) {
  sql(`INSERT INTO tenant_policies (tenant_id, hangup_presses, end_policy, warning_minutes)
       VALUES (${tenant.id}, ${presses}, '${end}', ${warning})
       ON DUPLICATE KEY UPDATE hangup_presses = VALUES(hangup_presses), end_policy = VALUES(end_policy),
       warning_minutes = VALUES(warning_minutes)`);
}

export async function session(user) {
  if (sessions.has(user)) return sessions.get(user);
  const c = new Client();
  await login(c, user);
  sessions.set(user, c);
  return c;
}

/** The call page, and its CSRF token. */
export async function page(c, path) {
  const r = await c.req(path);
  const m = r.text.match(/data-csrf="([^"]+)"/);
  return { ...r, csrf: m ? m[1] : null };
}

export async function api(c, ev, what, fields = {}, path = `/fi/ecare/call/${ev.uuid}`) {
  let { csrf } = await page(c, path);
  if (!csrf) csrf = await csrfOf(c); // a page this client may not see: the token from another page
  const r = await c.post(`${path}/${what}`, { csrf, ...fields });
  let json = null;
  try { json = JSON.parse(r.text); } catch { /* an error page */ }
  return { status: r.status, json, text: r.text };
}

export async function state(c, ev, path = `/fi/ecare/call/${ev.uuid}`) {
  const r = await c.req(`${path}/state`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/json');
  return JSON.parse(r.text);
}

export function secrets() {
  const out = {};
  for (const line of readFileSync(`${VAR}/janus/secrets.conf`, 'utf8').split('\n')) {
    const m = line.match(/^(\w+) = (\S+)$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** Whether Janus has the room (its admin API, beside the adapter). */
export async function janusHas(room) {
  const admin = readFileSync(`${VAR}/vvhome.conf`, 'utf8').match(/^admin_url = (\S+)$/m)[1];
  const res = await fetch(admin, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ janus: 'message_plugin', transaction: 't', admin_secret: secrets().admin_secret,
      plugin: 'janus.plugin.videoroom', request: { request: 'exists', room } }),
  });
  return (await res.json()).response.exists;
}
