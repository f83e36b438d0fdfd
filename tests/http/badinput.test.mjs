// R-ALL-2: garbage to every form route the server has (`vvhomed -R`), as
// every role the route allows, with real ids of the tenant in the URL:
// an empty body, only the CSRF token, overlong values, invalid UTF-8 in
// values and names, duplicate fields, arrays, control characters and
// markup, too many fields, bodies that are no form. Never a 5xx, never a
// hang, always a 4xx or a 303 (or the 200 of an action that needs no
// field) with a page in the request's language; nothing half-written.
// run-http.sh fails on any sanitizer report in the log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Client, BUILD, VAR, csrfOf, login, makePartners, makeTenant, makeUser, readLog, sql, t, unique } from './lib.mjs';

// The out-of-tree test plugins (tests/plugins/testkit: testkit, oldkit,
// framekit) echo raw text on purpose: they are the harness, not the product.
const TEST_KITS = new Set(['testkit', 'testkit_dup', 'oldkit', 'framekit']);

const ROLES = ['anon', 'customer', 'professional', 'operator', 'admin'];
const TIMEOUT_MS = 10000;
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

let routes, A, B;
const users = {};
const clients = {};
const ids = {};
let logFrom = 0;

function listRoutes() {
  const out = execFileSync(`${BUILD}/vvhomed`, ['-c', `${VAR}/vvhome.conf`, '-R'], { encoding: 'utf8', env: process.env });
  return out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

async function fresh(role) {
  const c = new Client();
  if (role === 'anon') await c.req('/fi/');
  else await login(c, users[role]);
  c.csrf = await csrfOf(c);
  clients[role] = c;
  return c;
}

before(async () => {
  routes = listRoutes();
  logFrom = readLog().length;
  A = makeTenant({ contract: { sharing: true, recording: true, maxConcurrent: 50, maxEventMinutes: 240 } });
  B = makeTenant({ contract: { sharing: true } });
  makePartners(A, B);
  for (const role of ROLES.slice(1)) users[role] = makeUser(A, role);
  const employee = makeUser(A, 'operator', { last: unique('Kohde') });
  const customer = makeUser(A, 'customer', { last: unique('Kohde') });
  const type = sql('SELECT UUID()');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${type}', ${A.id}, ${q(unique('Tyyppi'))})`);
  const typeId = sql(`SELECT id FROM event_types WHERE uuid = '${type}'`);
  for (const u of [users.customer, customer]) {
    sql(`INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (${typeId}, ${u.id}, ${A.id})`);
  }
  const group = sql('SELECT UUID()');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES ('${group}', ${A.id}, ${q(unique('Ryhmä'))})`);
  const shared = sql('SELECT UUID()');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES ('${shared}', ${B.id}, ${q(unique('Jaettu'))})`);
  sql(`INSERT INTO group_shares (group_id, tenant_id) SELECT id, ${A.id} FROM external_groups WHERE uuid = '${shared}'`);
  const event = (startSql, endSql) => {
    const uuid = sql('SELECT UUID()');
    sql(`INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at, duration_minutes, room_id, status)
         VALUES ('${uuid}', ${A.id}, ${typeId}, ${users.operator.id}, 5, ${startSql}, ${endSql}, 60, 'vv-${uuid}', 'scheduled')`);
    const id = sql(`SELECT id FROM events WHERE uuid = '${uuid}'`);
    sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', ${q(unique('Jumppa'))})`);
    sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status) VALUES (${id}, ${A.id}, ${users.customer.id}, 'customer', 'enrolled')`);
    return { uuid, id };
  };
  const coming = event('UTC_TIMESTAMP() + INTERVAL 2 DAY', 'UTC_TIMESTAMP() + INTERVAL 2 DAY + INTERVAL 1 HOUR');
  const running = event('UTC_TIMESTAMP() - INTERVAL 1 MINUTE', 'UTC_TIMESTAMP() + INTERVAL 1 HOUR');
  sql(`INSERT INTO event_participants (event_id, tenant_id, kind, status, email, first_name, last_name)
       VALUES (${coming.id}, ${A.id}, 'guest', 'enrolled', ${q(`${unique('g')}@example.org`)}, 'Vieras', 'Yksi')`);
  const participant = sql(`SELECT MAX(id) FROM event_participants WHERE event_id = ${coming.id}`);
  const token = randomBytes(32).toString('base64url');
  sql(`INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by)
       VALUES (${running.id}, ${A.id}, 'desktop', '${createHash('sha256').update(token).digest('hex')}', ${users.operator.id})`);
  const recording = sql('SELECT UUID()');
  sql(`INSERT INTO recordings (uuid, tenant_id, type_id, youtube_id, title, starts_at)
       VALUES ('${recording}', ${A.id}, ${typeId}, 'dQw4w9WgXcQ', 'Tallenne', UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  Object.assign(ids, { employee: employee.uuid, customer: customer.uuid, type, group, shared, coming: coming.uuid,
    running: running.uuid, participant, token, recording });
  for (const role of ROLES) await fresh(role);
});

after(() => { sql('DELETE FROM login_throttle'); if (db) db.close(); });

/** The concrete paths for a pattern, with the tenant's own ids. */
function paths(pattern) {
  const uuidFor = (p) => {
    if (/^\/admin\/users\/\{uuid\}\/login-link/.test(p)) return ids.customer;
    if (p.startsWith('/admin/users/')) return ids.employee;
    if (p.startsWith('/admin/customers/')) return ids.customer;
    if (p.startsWith('/admin/types/')) return ids.type;
    if (p.startsWith('/admin/groups/')) return ids.group;
    if (p.startsWith('/admin/shared/')) return ids.shared;
    if (p.startsWith('/ecare/call/')) return ids.running;
    if (p.startsWith('/ecare/recordings/')) return ids.recording;
    return ids.coming; // events, participants, enrolment
  };
  const kinds = /\{kind:slug\}/.test(pattern) ? ['employee', 'customer'] : ['x'];
  return kinds.map((kind) => pattern.replace(/\{(?:(\w+):)?(\w+)\}/g, (_, name, type) => {
    if (type === 'uuid') return uuidFor(pattern);
    if (type === 'int') return ids.participant;
    if (type === 'token') return ids.token;
    if (type === 'slug') return kind;
    throw new Error(`unknown type ${type} in ${pattern}`);
  }));
}

// ---- The garbage: each a body (a string, sent as is) and its content type.

const FORM = 'application/x-www-form-urlencoded';
const enc = encodeURIComponent;
const form = (pairs) => pairs.map(([k, v]) => `${enc(k)}=${v}`).join('&');
const BAD_UTF8 = ['%C3%28', '%FF%FE', '%ED%A0%80', '%C0%AF', '%E2%82', 'a%00b', '%F4%90%80%80', '%', '%zz', '%4'];
const WEIRD = ['\r\n', '\u0001\u0007', '<script>alert(1)</script>', "' OR 1=1 -- ", '\u202Eevil', '😀'.repeat(40),
  '-1', '0', '99999999999999999999', '1e9', '0x10', ' 12 ', '2026-02-30', '9999-99-99', '00:07', '25:61', 'null', '../../etc/passwd'];

/** Every variant for a route, given the field names worth filling. */
function garbage(csrf, names, n) {
  const all = (v) => form([['csrf', enc(csrf)], ...names.map((k) => [k, v])]);
  const bad = BAD_UTF8[n % BAD_UTF8.length];
  const weird = (off) => form([['csrf', enc(csrf)], ...names.map((k, i) => [k, enc(WEIRD[(i + off) % WEIRD.length])])]);
  return [
    ['an empty body', '', FORM],
    ['only the CSRF token', form([['csrf', enc(csrf)]]), FORM],
    ['values of 10,000 characters', all('x'.repeat(10000)), FORM],
    ['values of 4,000 ä (under the core\'s limit)', all(enc('ä'.repeat(4000))), FORM],
    ['one å in every field', all(enc('å')), FORM],
    [`invalid UTF-8 in values (${bad})`, all(bad), FORM],
    [`invalid UTF-8 in a name (${bad})`, `csrf=${enc(csrf)}&${bad}x=1&${names.map((k) => `${enc(k)}=1`).join('&')}`, FORM],
    ['every field twice, the CSRF token too', form([['csrf', enc(csrf)], ['csrf', enc(csrf)],
      ...names.flatMap((k) => [[k, '1'], [k, enc(WEIRD[n % WEIRD.length])]])]), FORM],
    // within the core's 200 fields, so that the handlers meet them
    ['arrays of values', form([['csrf', enc(csrf)], ...names.flatMap((k) => [[k, 'a'], [k, 'b'], [`${k}[]`, 'c']])]), FORM],
    ['control characters, markup and numbers out of range', weird(n), FORM],
    ['the same, shifted', weird(n + 7), FORM],
    ['too many fields', form([['csrf', enc(csrf)], ...Array.from({ length: 300 }, (_, i) => [`f${i}`, '1'])]), FORM],
    ['a broken multipart body', `--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--x\r\nContent-Disposition: form-data; name=`,
      'multipart/form-data; boundary=x'],
    ['a JSON body', JSON.stringify({ csrf, name: 'x' }), 'application/json'],
  ];
}

/** What is wrong with one answer, or null. */
function problem(r, lang) {
  if (r.status >= 500) return `${r.status}`;
  if (!(r.status === 200 || r.status === 303 || (r.status >= 400 && r.status < 500))) return `status ${r.status}`;
  const type = r.headers.get('content-type') || '';
  if (r.status === 303) {
    const loc = r.headers.get('location') || '';
    return loc.startsWith(`/${lang}/`) ? null : `303 to ${loc}`;
  }
  if (type.startsWith('application/json')) {
    let j;
    try { j = JSON.parse(r.text); } catch { return 'JSON that does not parse'; }
    if (r.status >= 400) {
      try { t(lang, j.error); } catch { return `JSON error ${JSON.stringify(j.error)} is no catalogue text`; }
    }
    return null;
  }
  if (!type.startsWith('text/html')) return `content type ${type}`;
  if (!r.text.includes(`<html lang="${lang}"`)) return 'no page in the request\'s language';
  const title = (r.text.match(/<title>([^<]*)<\/title>/) || [])[1] || '';
  if (!title.trim()) return 'a page without a title';
  const page = r.text.match(/class="error-page" data-status="(\d+)"/);
  if (page && Number(page[1]) !== r.status) return `the error page for ${page[1]} with status ${r.status}`;
  if (r.status === 422 && !r.text.includes('class="field-error"')) return '422 without a message next to a field';
  return null;
}

/** One mariadb client kept open: a query per request costs ~1 ms, not a process. */
class Db {
  constructor() {
    this.p = spawn('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', '--unbuffered', 'vvhome']);
    this.out = '';
    this.p.stdout.on('data', (d) => { this.out += d; this.done(); });
  }
  done() {
    const i = this.out.indexOf('@@end@@\n');
    if (i < 0 || !this.waiting) return;
    const w = this.waiting;
    this.waiting = null;
    w(this.out.slice(0, i).trim());
    this.out = this.out.slice(i + 8);
  }
  query(text) {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.p.stdin.write(`${text.replace(/\s+/g, ' ')};\nSELECT '@@end@@';\n`);
    });
  }
  close() { this.p.stdin.end(); }
}
let db;

/** The tenant's rows, as one string: a refusal must leave it as it was. */
const snapshot = () => db.query(`SELECT CONCAT_WS(' ',
  (SELECT GROUP_CONCAT(CONCAT(id, role, active, first_name, last_name, email, IFNULL(language, '-')) ORDER BY id) FROM users WHERE tenant_id = ${A.id}),
  (SELECT COUNT(*) FROM sessions WHERE tenant_id = ${A.id} AND expires_at > UTC_TIMESTAMP()),
  (SELECT GROUP_CONCAT(CONCAT(id, name) ORDER BY id) FROM event_types WHERE tenant_id = ${A.id}),
  (SELECT GROUP_CONCAT(CONCAT(id, name) ORDER BY id) FROM external_groups WHERE tenant_id = ${A.id}),
  (SELECT COUNT(*) FROM group_shares WHERE tenant_id = ${A.id}),
  (SELECT COUNT(*) FROM type_customers WHERE tenant_id = ${A.id}),
  (SELECT GROUP_CONCAT(CONCAT(id, status, max_participants, ends_at) ORDER BY id) FROM events WHERE tenant_id = ${A.id}),
  (SELECT GROUP_CONCAT(CONCAT(id, status) ORDER BY id) FROM event_participants WHERE tenant_id = ${A.id}),
  (SELECT GROUP_CONCAT(CONCAT(id, status) ORDER BY id) FROM recordings WHERE tenant_id = ${A.id}),
  (SELECT COUNT(*) FROM join_links WHERE tenant_id = ${A.id} AND revoked_at IS NULL),
  (SELECT COUNT(*) FROM login_links WHERE tenant_id = ${A.id} AND revoked_at IS NULL),
  (SELECT CONCAT(timezone, language) FROM tenants WHERE id = ${A.id}),
  (SELECT GROUP_CONCAT(CONCAT(hangup_presses, end_policy, default_capacity, warning_minutes)) FROM tenant_policies WHERE tenant_id = ${A.id}))`);

/** Field names of every form the tenant's admin sees, and those scripts send. */
async function fieldNames() {
  const names = new Set(['email', 'password', 'participant', 'first', 'last', 'name']);
  for (const rt of routes.filter((x) => x.method === 'GET' && !x.nolang && !TEST_KITS.has(x.plugin))) {
    for (const path of paths(rt.pattern)) {
      const r = await clients.admin.req(`/fi${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      for (const m of r.text.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)) names.add(m[1]);
    }
  }
  names.delete('csrf');
  return [...names].sort();
}


test('garbage to every form route, as every role it allows: never a 5xx or a hang, a localized refusal, nothing half-written', async (t0) => {
  const started = Date.now();
  db = new Db();
  const names = await fieldNames();
  assert.ok(names.length > 20 && names.length * 3 < 200, `field names from the forms (${names.join(' ')})`);
  // The test plugins are doubles, not forms. Destructive routes last (a row's
  // parts before the row, signing out at the very end), so that the others
  // meet their rows.
  const rank = (x) => (/\/logout$/.test(x.pattern) ? 3 : /\/delete$/.test(x.pattern) ? 2
    : /\/(deactivate|remove|revoke|end)$/.test(x.pattern) ? 1 : 0);
  const posts = routes.filter((x) => x.method === 'POST' && !TEST_KITS.has(x.plugin)).sort((x, y) => rank(x) - rank(y));
  assert.ok(posts.length >= 30, `${posts.length} form routes`);
  const problems = [];
  const statuses = new Map();
  let requests = 0;
  let before = await snapshot();
  for (const [n, rt] of posts.entries()) {
    for (const role of ROLES.filter((x) => rt.roles.includes(x))) {
      for (const path of paths(rt.pattern)) {
        const lang = ['fi', 'sv', 'en'][(n + requests) % 3];
        for (const [what, body, type] of garbage(clients[role].csrf, names, n)) {
          let r;
          try {
            r = await clients[role].req(`/${lang}${path}`, { method: 'POST', body, headers: { 'content-type': type },
              signal: AbortSignal.timeout(TIMEOUT_MS) });
          } catch (e) {
            r = { status: 0, headers: new Headers(), text: String(e) };
          }
          requests += 1;
          const where = `POST /${lang}${path} as ${role} with ${what}`;
          const p = r.status === 0 ? `no answer in ${TIMEOUT_MS} ms (${r.text})` : problem(r, lang);
          if (p) problems.push(`${where}: ${p}`);
          statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
          const now = await snapshot();
          if (r.status >= 400 && now !== before) problems.push(`${where}: ${r.status}, yet the data changed`);
          before = now;
        }
        if (/\/(login|account\/password)$/.test(rt.pattern)) sql('DELETE FROM login_throttle');
        if (rt.pattern === '/logout') { await fresh(role); before = await snapshot(); }
      }
    }
  }
  const took = Date.now() - started;
  t0.diagnostic(`${names.length} field names; ${requests} requests to ${posts.length} routes in ${took} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  assert.deepEqual(problems, []);
  const log = readLog().slice(logFrom);
  // A query that fails on what a user sent is a 500 waiting to happen.
  assert.deepEqual(log.split('\n').filter((l) => /no text for key|runtime error|AddressSanitizer| error \[\d+\] db: /.test(l)), [],
    'every text found, every query ran, no sanitizer report');
});
