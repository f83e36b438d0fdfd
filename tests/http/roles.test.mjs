// Every route of every loaded plugin, for every role: the status its
// declaration promises. And every id-bearing route, signed in to tenant A,
// with the ids of tenant B's objects: always 404, never B's data.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID, randomBytes } from 'node:crypto';
import { Client, sql, makeTenant, makeUser, login, csrfOf, BUILD, VAR } from './lib.mjs';

const ROLES = ['anon', 'customer', 'professional', 'operator', 'admin'];
let routes;
let A, B;
const users = {};
const clients = {};

function listRoutes() {
  const out = execFileSync(`${BUILD}/vvhomed`, ['-c', `${VAR}/vvhome.conf`, '-R'], { encoding: 'utf8', env: process.env });
  return out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

/** A concrete path for a pattern, with made-up ids of each type. */
function fill(pattern, ids = {}) {
  return pattern.replace(/\{(?:(\w+):)?(\w+)\}/g, (_, name, type) => {
    const key = name || type;
    if (ids[key] !== undefined) return ids[key];
    switch (type) {
      case 'uuid': return randomUUID();
      case 'int': return '987654321';
      case 'token': return randomBytes(32).toString('base64url');
      case 'slug': return 'x';
      default: throw new Error(`unknown type ${type}`);
    }
  });
}

async function fresh(role) {
  const c = new Client();
  if (role === 'anon') await c.req('/fi/');
  else await login(c, users[role]);
  clients[role] = c;
  return c;
}

before(async () => {
  routes = listRoutes();
  A = makeTenant({ contract: { sharing: true, recording: true } });
  B = makeTenant({ contract: { sharing: true, recording: true } });
  for (const role of ROLES.slice(1)) users[role] = makeUser(A, role);
  for (const role of ROLES) await fresh(role);
});

test('the route list covers the loaded plugins', () => {
  const plugins = new Set(routes.map((r) => r.plugin));
  for (const p of ['home', 'auth']) assert.ok(plugins.has(p), `routes of ${p}`);
  assert.ok(routes.length >= 6);
});

test('editing an event is for the staff who may cancel it: operators and admins', () => {
  const roles = (method, pattern) => routes.find((r) => r.method === method && r.pattern === pattern)?.roles;
  const cancel = roles('POST', '/ecare/events/{uuid}/delete');
  assert.deepEqual(cancel, ['operator', 'admin']);
  for (const method of ['GET', 'POST']) {
    assert.deepEqual(roles(method, '/ecare/events/{uuid}/edit'), cancel, `${method} /ecare/events/{uuid}/edit`);
  }
});

test('every route × every role gives the status its declaration promises', async () => {
  const problems = [];
  for (const rt of routes) {
    if (/^\/(testkit|oldkit)\/slow$/.test(rt.pattern)) continue; // holds a worker 1.5 s; covered in resilience
    for (const role of ROLES) {
      const c = clients[role];
      const path = rt.nolang ? fill(rt.pattern) : `/fi${fill(rt.pattern)}`;
      const allowed = rt.roles.includes(role);
      let r;
      if (rt.method === 'GET') {
        r = await c.req(path);
      } else {
        r = await c.post(path, { csrf: await csrfOf(c) });
      }
      const toLogin = r.status === 303 && r.headers.get('location') === '/fi/login';
      let ok;
      if (allowed) ok = r.status !== 403 && !toLogin && r.status < 500 && !(role !== 'anon' && r.status === 401);
      else if (role === 'anon') ok = rt.method === 'GET' ? toLogin : r.status === 403;
      else ok = r.status === 403;
      if (!ok) problems.push(`${rt.method} ${rt.pattern} as ${role}: ${r.status}${toLogin ? ' (to login)' : ''}, expected ${allowed ? 'allowed' : 'refused'}`);
      // A POST may have signed the user out (logout) or changed the session.
      if (rt.method === 'POST') await fresh(role);
    }
  }
  assert.deepEqual(problems, []);
});

test('the employee list is open to every staff role and no one else (R-NAV-2)', () => {
  const rt = routes.find((r) => r.method === 'GET' && r.pattern === '/admin/users/employees');
  assert.ok(rt, 'the route is loaded');
  assert.deepEqual([...rt.roles].sort(), ['admin', 'operator', 'professional']);
});

test('every link in a role\'s menu is a route that role may open', async () => {
  const problems = [];
  for (const role of ROLES.slice(1)) {
    const c = await fresh(role);
    const page = await c.req('/fi/ecare/index/calendar');
    assert.equal(page.status, 200, role);
    const nav = page.text.match(/<nav class="staff-menu"[\s\S]*?<\/nav>/);
    const links = nav ? [...nav[0].matchAll(/href="\/fi([^"?]+)"/g)].map((m) => m[1]) : [];
    if (role !== 'customer' && !links.length) problems.push(`${role}: no menu`);
    for (const path of links) {
      const rt = routes.find((r) => r.method === 'GET' && !r.nolang && r.pattern === path);
      if (!rt) problems.push(`${role}: ${path} is no route`);
      else if (!rt.roles.includes(role)) problems.push(`${role}: ${path} is not for ${role}`);
      else if ((await c.req(`/fi${path}`)).status !== 200) problems.push(`${role}: ${path} does not open`);
    }
  }
  assert.deepEqual(problems, []);
});

test("signed in to tenant A, tenant B's ids always give 404 and never B's data", async () => {
  // Tenant B's objects of every kind.
  const bAdmin = makeUser(B, 'admin', { last: 'Bsecretadmin' });
  const bCustomer = makeUser(B, 'customer', { last: 'Bsecretcustomer' });
  const bOperator = makeUser(B, 'operator', { last: 'Bsecretoperator' });
  const typeUuid = randomUUID();
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${typeUuid}', ${B.id}, 'Bsecrettype')`);
  const typeId = Number(sql(`SELECT id FROM event_types WHERE uuid='${typeUuid}'`));
  const groupUuid = randomUUID();
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES ('${groupUuid}', ${B.id}, 'Bsecretgroup')`);
  const eventUuid = randomUUID();
  sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at, duration_minutes, room_id)
       VALUES ('${eventUuid}', ${B.id}, ${typeId}, ${bOperator.id}, 10, UTC_TIMESTAMP() + INTERVAL 2 DAY,
               UTC_TIMESTAMP() + INTERVAL 2 DAY + INTERVAL 1 HOUR, 60, 'room-${eventUuid}')`);
  const eventId = Number(sql(`SELECT id FROM events WHERE uuid='${eventUuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${eventId}, 'fi', 'Bsecretevent')`);
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind) VALUES (${eventId}, ${B.id}, ${bCustomer.id}, 'customer')`);
  const partId = sql(`SELECT id FROM event_participants WHERE event_id=${eventId}`);
  const uuids = [bAdmin.uuid, bCustomer.uuid, bOperator.uuid, typeUuid, groupUuid, eventUuid];
  const ints = [String(bCustomer.id), String(typeId), String(eventId), partId];
  const secrets = ['Bsecretadmin', 'Bsecretcustomer', 'Bsecretoperator', 'Bsecrettype', 'Bsecretgroup', 'Bsecretevent', B.name];

  const snapshot = () => sql(`SELECT CONCAT_WS(',',
      (SELECT COUNT(*) FROM users WHERE tenant_id=${B.id} AND active=1),
      (SELECT GROUP_CONCAT(CONCAT(first_name,last_name,email,role) ORDER BY id) FROM users WHERE tenant_id=${B.id}),
      (SELECT COUNT(*) FROM event_types WHERE tenant_id=${B.id}),
      (SELECT GROUP_CONCAT(name) FROM event_types WHERE tenant_id=${B.id}),
      (SELECT COUNT(*) FROM external_groups WHERE tenant_id=${B.id}),
      (SELECT GROUP_CONCAT(CONCAT(status, max_participants)) FROM events WHERE tenant_id=${B.id}),
      (SELECT COUNT(*) FROM event_participants WHERE event_id=${eventId}),
      (SELECT COUNT(*) FROM login_links WHERE tenant_id=${B.id}),
      (SELECT COUNT(*) FROM group_shares g JOIN external_groups e ON e.id=g.group_id WHERE e.tenant_id=${B.id}))`);
  const before = snapshot();

  const problems = [];
  const idRoutes = routes.filter((rt) => /\{(\w+:)?(uuid|int)\}/.test(rt.pattern) && !/^\/(testkit|oldkit)\//.test(rt.pattern)); // the test plugins have no tenants
  for (const rt of idRoutes) {
    const names = [...rt.pattern.matchAll(/\{(?:(\w+):)?(\w+)\}/g)].map((m) => ({ key: m[1] || m[2], type: m[2] }));
    const idSlots = names.filter((n) => n.type === 'uuid' || n.type === 'int');
    for (const slot of idSlots) {
      for (const id of slot.type === 'uuid' ? uuids : ints) {
        const c = clients.admin;
        const path = `/fi${fill(rt.pattern, { [slot.key]: id })}`;
        const r = rt.method === 'GET' ? await c.req(path) : await c.post(path, { csrf: await csrfOf(c), name: 'x' });
        if (r.status !== 404) problems.push(`${rt.method} ${path}: ${r.status}`);
        for (const s of secrets) if (r.text.includes(s)) problems.push(`${rt.method} ${path} shows ${s}`);
        if (rt.method === 'POST') await fresh('admin');
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.equal(snapshot(), before, "tenant B's data is unchanged");
});
