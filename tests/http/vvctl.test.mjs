// vvctl as the hosting provider uses it (R-PO-3): tenants, contracts, users, the demo.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync, mkdirSync, readdirSync, copyFileSync } from 'node:fs';
import { Client, sql, vvctl, makeTenant, makeUser, unique, login, VAR, BUILD, ROOT } from './lib.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs vvctl without throwing; returns {status, out, err}. */
function run(args, input = '', conf = `${VAR}/vvhome.conf`) {
  const r = spawnSync(`${BUILD}/vvctl`, ['-c', conf, ...args], { encoding: 'utf8', input, env: process.env });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const count = (where) => Number(sql(`SELECT COUNT(*) FROM ${where}`));
const contractOf = (t) => sql(`SELECT max_participants, recording_allowed, sharing_allowed, max_event_minutes,
  max_concurrent_events FROM contracts WHERE tenant_id = ${t.id}`).split('\t').map(Number);

test('vvctl help lists every command, `demo` the way make run looks for it', () => {
  const r = run(['help']);
  assert.equal(r.status, 0);
  for (const c of ['tenant create', 'tenant list', 'contract set', 'user create', 'user list', 'partner add',
    'partner remove', 'partner list', 'demo']) {
    assert.match(r.out, new RegExp(`^  ${c}( |$)`, 'm'), c);
  }
  assert.match(r.out, /^ *demo/m);
});

for (const c of ['tenant create', 'tenant list', 'contract set', 'user create', 'user list', 'partner add',
  'partner remove', 'partner list', 'demo']) {
  test(`vvctl ${c} --help exits 0 with its usage`, () => {
    const r = run([...c.split(' '), '--help']);
    assert.equal(r.status, 0, r.err);
    assert.ok(r.out.startsWith(`usage: vvctl [-c CONF] ${c}`), r.out);
    assert.equal(run(['help', ...c.split(' ')]).out, r.out);
  });
}

test('a command word alone, or an unknown option, is a usage error', () => {
  let r = run(['tenant']);
  assert.equal(r.status, 2);
  assert.match(r.err, /tenant create/);
  r = run(['tenant', 'create', '--name', 'x', '--colour', 'red']);
  assert.equal(r.status, 2);
  assert.match(r.err, /unexpected argument '--colour'/);
  r = run(['tenant', 'create']);
  assert.equal(r.status, 2);
  assert.match(r.err, /--name is required/);
});

test('tenant create makes the tenant, its contract and policies, audited, and prints the uuid last', () => {
  const name = unique('Kunta');
  const out = vvctl(['tenant', 'create', '--name', name]);
  const uuid = out.split('\n').at(-1);
  assert.match(uuid, UUID);
  const [id, n, tz, lang] = sql(`SELECT id, name, timezone, language FROM tenants WHERE uuid = '${uuid}'`).split('\t');
  assert.deepEqual([n, tz, lang], [name, 'Europe/Helsinki', 'fi']);
  assert.deepEqual(contractOf({ id }), [25, 0, 0, 120, 5]);
  assert.equal(sql(`SELECT default_capacity FROM tenant_policies WHERE tenant_id = ${id}`), '10');
  const audit = sql(`SELECT COALESCE(user_id, 'NULL'), detail FROM audit_log WHERE tenant_id = ${id} AND action = 'tenant.create'`);
  assert.match(audit, /^NULL\t/);
  assert.ok(audit.includes(uuid));
});

test('tenant create keeps the time zone and language given, and names of 200 characters', () => {
  const base = unique('Kommun');
  const t = makeTenant({ name: base + 'ä'.repeat(200 - base.length), timezone: 'America/New_York', language: 'sv' });
  assert.equal(sql(`SELECT CONCAT(timezone, ' ', language, ' ', CHAR_LENGTH(name)) FROM tenants WHERE id = ${t.id}`),
    'America/New_York sv 200');
});

test('tenant create refuses a bad time zone, language or name, writing nothing', () => {
  const name = unique('Bad');
  const cases = [
    [['--timezone', 'Europe/Nowhere'], /unknown time zone/],
    [['--timezone', '../../etc/passwd'], /time zone/],
    [['--timezone', 'Europe/../Europe/Helsinki'], /time zone/],
    [['--timezone', '/usr/share/zoneinfo/UTC'], /time zone/],
    [['--timezone', 'posix/Europe/Helsinki'], /time zone/],
    [['--timezone', 'zone.tab'], /time zone/],
    [['--timezone', ''], /time zone/],
    [['--language', 'de'], /fi, sv, en/],
    [['--language', 'FI'], /fi, sv, en/],
  ];
  for (const [args, msg] of cases) {
    const r = run(['tenant', 'create', '--name', name, ...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.err, msg, args.join(' '));
    assert.equal(r.out, '');
  }
  for (const [bad, msg] of [['', /must not be empty/], ['   ', /blank/], ['a\nb', /control/],
    ['x'.repeat(201), /at most 200/], [`ä${'x'.repeat(200)}`, /at most 200/]]) {
    const r = run(['tenant', 'create', '--name', bad]);
    assert.equal(r.status, 2, JSON.stringify(bad));
    assert.match(r.err, msg);
  }
  assert.equal(count(`tenants WHERE name = ${q(name)}`), 0);
});

test('contract set changes only the fields given', () => {
  const t = makeTenant();
  vvctl(['contract', 'set', '--tenant', t.uuid, '--recording', 'yes']);
  assert.deepEqual(contractOf(t), [25, 1, 0, 120, 5]);
  vvctl(['contract', 'set', '--tenant', t.name, '--max-event-minutes', '1440', '--max-concurrent=1000']);
  assert.deepEqual(contractOf(t), [25, 1, 0, 1440, 1000]);
  vvctl(['contract', 'set', '--tenant', t.uuid, '--sharing', 'yes', '--recording', 'no', '--max-participants', '500']);
  assert.deepEqual(contractOf(t), [500, 0, 1, 1440, 1000]);
  assert.equal(sql(`SELECT default_capacity FROM tenant_policies WHERE tenant_id = ${t.id}`), '10');
  const audit = sql(`SELECT detail FROM audit_log WHERE tenant_id = ${t.id} AND action = 'contract.set' AND user_id IS NULL ORDER BY id`);
  assert.deepEqual(audit.split('\n'), ['recording=yes', 'max_event_minutes=1440 max_concurrent=1000',
    'max_participants=500 recording=no sharing=yes']);
});

test('a lower max_participants lowers the policy default capacity with it', () => {
  const t = makeTenant();
  const out = vvctl(['contract', 'set', '--tenant', t.uuid, '--max-participants', '4']);
  assert.match(out, /default capacity was lowered to 4/);
  assert.equal(sql(`SELECT default_capacity FROM tenant_policies WHERE tenant_id = ${t.id}`), '4');
  vvctl(['contract', 'set', '--tenant', t.uuid, '--max-participants', '40']);
  assert.equal(sql(`SELECT default_capacity FROM tenant_policies WHERE tenant_id = ${t.id}`), '4');
});

test('contract set refuses out-of-range values and changes nothing', () => {
  const t = makeTenant();
  const before = contractOf(t);
  const bad = [
    ['--max-participants', '0'], ['--max-participants', '501'], ['--max-participants', '-3'],
    ['--max-participants', 'many'], ['--max-participants', '2.5'],
    ['--max-event-minutes', '0'], ['--max-event-minutes', '10'], ['--max-event-minutes', '20'],
    ['--max-event-minutes', '1455'], ['--max-concurrent', '0'], ['--max-concurrent', '1001'],
    ['--recording', 'maybe'], ['--sharing', 'true'], ['--max-concurrent', '99999999999999999999'],
  ];
  for (const args of bad) {
    const r = run(['contract', 'set', '--tenant', t.uuid, ...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.err, new RegExp(args[0].startsWith('--max') ? args[0] : '--recording and --sharing'), args.join(' '));
  }
  assert.deepEqual(contractOf(t), before);
  assert.equal(count(`audit_log WHERE tenant_id = ${t.id} AND action = 'contract.set'`), 0);
  let r = run(['contract', 'set', '--tenant', t.uuid]);
  assert.equal(r.status, 0, 'without limits it shows the contract');
  assert.match(r.out, /max participants 25, recording no, sharing no, longest event 120 min, concurrent events 5/);
  r = run(['contract', 'set', '--tenant', unique('NoSuchTenant'), '--recording', 'yes']);
  assert.equal(r.status, 1);
  assert.match(r.err, /no tenant/);
});

test('a tenant is found by uuid or exact name only; a shared name asks for the uuid', () => {
  const name = unique('Twin');
  makeTenant({ name });
  let r = run(['contract', 'set', '--tenant', name.toUpperCase(), '--recording', 'yes']);
  assert.equal(r.status, 1);
  makeTenant({ name });
  r = run(['contract', 'set', '--tenant', name, '--recording', 'yes']);
  assert.equal(r.status, 1);
  assert.match(r.err, /several tenants/);
});

test('user create stores an Argon2id hash, never the password, and prints the uuid last', () => {
  const t = makeTenant();
  const email = `${unique('Admin')}@Example.ORG`;
  const pw = 'Pitkä salasana ' + Math.random().toString(36).slice(2);
  const r = run(['user', 'create', '--tenant', t.uuid, '--email', email, '--first', 'Aino', '--last', 'Ääkkönen',
    '--role', 'admin', '--password-stdin'], pw + '\n');
  assert.equal(r.status, 0, r.err);
  const uuid = r.out.trim().split('\n').at(-1);
  assert.match(uuid, UUID);
  assert.ok(!r.out.includes(pw) && !r.err.includes(pw));
  const [id, e, first, last, role, hash] = sql(`SELECT id, email, first_name, last_name, role, password_hash
    FROM users WHERE uuid = '${uuid}' AND tenant_id = ${t.id}`).split('\t');
  assert.deepEqual([e, first, last, role], [email.toLowerCase(), 'Aino', 'Ääkkönen', 'admin']);
  assert.match(hash, /^\$argon2id\$v=19\$/);
  assert.ok(!hash.includes(pw));
  const audit = sql(`SELECT COALESCE(user_id, 'NULL'), detail FROM audit_log WHERE tenant_id = ${t.id} AND action = 'user.create'`);
  assert.match(audit, /^NULL\t/);
  assert.ok(audit.includes(uuid) && !audit.includes(pw));
  assert.ok(Number(id) > 0);
});

test('a user made by vvctl signs in with that password', async () => {
  const t = makeTenant();
  const u = makeUser(t, 'operator');
  sql('DELETE FROM login_throttle');
  await login(new Client(), u);
});

test('user create reads the password from a file', () => {
  const t = makeTenant();
  const file = `${VAR}/tmp/${unique('pw')}`;
  writeFileSync(file, 'tiedoston-salasana-1\n', { mode: 0o600 });
  try {
    const uuid = vvctl(['user', 'create', '--tenant', t.uuid, '--email', `${unique('pro')}@example.org`,
      '--first', 'Juha', '--last', 'N', '--role', 'professional', '--password-file', file]).split('\n').at(-1);
    assert.match(sql(`SELECT password_hash FROM users WHERE uuid = '${uuid}'`), /^\$argon2id\$/);
  } finally { rmSync(file, { force: true }); }
});

test('a duplicate e-mail in the tenant is refused, in another tenant allowed', () => {
  const t = makeTenant();
  const u = makeUser(t, 'operator');
  const r = run(['user', 'create', '--tenant', t.uuid, '--email', u.email.toUpperCase(), '--first', 'X', '--last', 'Y',
    '--role', 'customer']);
  assert.equal(r.status, 1);
  assert.match(r.err, /a user with this e-mail already exists in this tenant/);
  assert.equal(count(`users WHERE tenant_id = ${t.id}`), 1);
  const other = makeTenant();
  makeUser(other, 'operator', { email: u.email });
  assert.equal(count(`users WHERE email = ${q(u.email)}`), 2);
});

test('staff need a password; customers may go without one', () => {
  const t = makeTenant();
  for (const role of ['admin', 'operator', 'professional']) {
    const r = run(['user', 'create', '--tenant', t.uuid, '--email', `${unique(role)}@example.org`, '--first', 'A',
      '--last', 'B', '--role', role]);
    assert.equal(r.status, 2, role);
    assert.match(r.err, /needs a password/);
  }
  const out = vvctl(['user', 'create', '--tenant', t.uuid, '--email', `${unique('c')}@example.org`, '--first', 'Eino',
    '--last', 'Laine', '--role', 'customer', '--language', 'sv']);
  const uuid = out.split('\n').at(-1);
  assert.equal(sql(`SELECT CONCAT(role, ' ', language, ' ', password_hash IS NULL) FROM users WHERE uuid = '${uuid}'`),
    'customer sv 1');
  assert.equal(count(`users WHERE tenant_id = ${t.id}`), 1);
});

test('user create refuses bad e-mail, names, role, language and passwords', () => {
  const t = makeTenant();
  const base = { '--email': `${unique('u')}@example.org`, '--first': 'A', '--last': 'B', '--role': 'operator' };
  const args = (over) => ['user', 'create', '--tenant', t.uuid,
    ...Object.entries({ ...base, ...over }).flat(), '--password-stdin'];
  const bad = [
    [{ '--email': 'no-at-sign.example.org' }, /e-mail/], [{ '--email': 'a@b@example.org' }, /e-mail/],
    [{ '--email': '@example.org' }, /e-mail/], [{ '--email': 'a@localhost' }, /e-mail/],
    [{ '--email': 'a b@example.org' }, /e-mail/], [{ '--email': 'a@example.org.' }, /e-mail/],
    [{ '--email': 'a@.example.org' }, /e-mail/], [{ '--email': 'a@example..org' }, /e-mail/],
    [{ '--email': 'a<b>@example.org' }, /e-mail/], [{ '--email': '' }, /e-mail/],
    [{ '--email': `${'a'.repeat(60)}@${'b'.repeat(190)}.org` }, /254/],
    [{ '--first': '' }, /--first/], [{ '--last': 'x'.repeat(101) }, /--last/],
    [{ '--role': 'boss' }, /admin, operator, professional, customer/],
    [{ '--role': 'Admin' }, /admin, operator, professional, customer/],
    [{ '--language': 'de' }, /fi, sv, en/],
  ];
  for (const [over, msg] of bad) {
    const r = run(args(over), 'hyvä-salasana-123\n');
    assert.equal(r.status, 2, JSON.stringify(over));
    assert.match(r.err, msg, JSON.stringify(over));
  }
  for (const pw of ['short', '', 'x'.repeat(129)]) {
    const r = run(args({}), pw + '\n');
    assert.equal(r.status, 2, `password of ${pw.length}`);
    assert.match(r.err, /password/);
  }
  let r = run([...args({}), '--password-file', '/nonexistent'], 'x\n');
  assert.equal(r.status, 2);
  r = run(['user', 'create', '--tenant', t.uuid, '--email', 'a@example.org']);
  assert.equal(r.status, 2);
  assert.match(r.err, /--first is required/);
  r = run(['user', 'create', '--tenant', unique('Nobody'), '--email', 'a@example.org', '--first', 'A', '--last', 'B',
    '--role', 'customer']);
  assert.equal(r.status, 1);
  assert.match(r.err, /no tenant/);
  assert.equal(count(`users WHERE tenant_id = ${t.id}`), 0);
  assert.equal(count(`audit_log WHERE tenant_id = ${t.id} AND action = 'user.create'`), 0);
});

test('tenant list and user list show what was made', () => {
  const t = makeTenant({ contract: { sharing: true } });
  const u = makeUser(t, 'admin');
  const line = vvctl(['tenant', 'list']).split('\n').find((l) => l.startsWith(t.uuid));
  assert.ok(line, 'tenant listed');
  assert.match(line, new RegExp(`^${t.uuid}\\s+yes\\s+Europe/Helsinki\\s+fi\\s+${t.name}$`));
  const users = vvctl(['user', 'list', '--tenant', t.uuid]);
  assert.match(users, new RegExp(`^${u.uuid}\\s+admin\\s+yes\\s+${u.email.replace(/\./g, '\\.')}\\s+`, 'm'));
});

// ---- Partnerships: which tenants may share with each other (R-TY-4)

const partnerRows = (t1, t2) => sql(`SELECT COUNT(*) FROM tenant_partners WHERE (tenant_id = ${t1.id} AND partner_id = ${t2.id})
  OR (tenant_id = ${t2.id} AND partner_id = ${t1.id})`);
const auditRows = (t, action) => sql(`SELECT CONCAT(IFNULL(user_id, 'NULL'), ' ', detail) FROM audit_log
  WHERE tenant_id = ${t.id} AND action = '${action}' ORDER BY id`).split('\n').filter(Boolean);

test('partner add makes two tenants partners both ways, audited in both; a second add changes nothing', () => {
  const t1 = makeTenant({ contract: { sharing: true } }), t2 = makeTenant();
  let r = run(['partner', 'add', '--tenant', t1.name, '--partner', t2.uuid]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /are partners/);
  assert.equal(partnerRows(t1, t2), '2', 'one row per direction');
  assert.deepEqual(auditRows(t1, 'partner.add'), [`NULL partner=${t2.uuid} name=${t2.name}`]);
  assert.deepEqual(auditRows(t2, 'partner.add'), [`NULL partner=${t1.uuid} name=${t1.name}`]);
  r = run(['partner', 'add', '--tenant', t2.uuid, '--partner', t1.uuid]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /are partners already; nothing changed/);
  assert.equal(partnerRows(t1, t2), '2');
  assert.equal(auditRows(t1, 'partner.add').length, 1);
});

test('partner add and remove refuse bad input and write nothing', () => {
  const t1 = makeTenant(), t2 = makeTenant();
  const cases = [
    [['partner', 'add', '--tenant', t1.uuid], 2, /--partner is required/],
    [['partner', 'add', '--partner', t1.uuid], 2, /--tenant is required/],
    [['partner', 'add', '--tenant', t1.uuid, '--partner', t1.name], 2, /not its own partner/],
    [['partner', 'remove', '--tenant', t1.uuid, '--partner', t1.uuid], 2, /not its own partner/],
    [['partner', 'add', '--tenant', t1.uuid, '--partner', t2.uuid, '--both'], 2, /unexpected argument '--both'/],
    [['partner', 'add', '--tenant', t1.uuid, t2.uuid], 2, /unexpected argument/],
    [['partner', 'add', '--tenant', t1.uuid, '--partner', t2.uuid, '--partner', t2.uuid], 2, /given twice/],
    [['partner', 'add', '--tenant', t1.uuid, '--partner', unique('NoSuchTenant')], 1, /no tenant/],
    [['partner', 'add', '--tenant', t1.uuid, '--partner', '00000000-0000-4000-8000-000000000000'], 1, /no tenant/],
    [['partner', 'remove', '--tenant', unique('NoSuchTenant'), '--partner', t2.uuid], 1, /no tenant/],
    [['partner', 'list', '--tenant', unique('NoSuchTenant')], 1, /no tenant/],
    [['partner'], 2, /partner add/],
  ];
  for (const [args, status, msg] of cases) {
    const r = run(args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg, args.join(' '));
  }
  assert.equal(partnerRows(t1, t2), '0');
  assert.equal(count(`tenant_partners WHERE tenant_id IN (${t1.id}, ${t2.id}) OR partner_id IN (${t1.id}, ${t2.id})`), 0);
  assert.equal(count(`audit_log WHERE tenant_id IN (${t1.id}, ${t2.id}) AND action LIKE 'partner.%'`), 0);
});

test('partner list shows every pair once, or one tenant\'s partners with uuid and organiser', () => {
  const hub = makeTenant({ name: unique('Keskus'), contract: { sharing: true } });
  const a = makeTenant({ name: unique('Kunta A') }), b = makeTenant({ name: unique('Kunta B'), contract: { sharing: true } });
  const lone = makeTenant({ name: unique('Yksin') });
  vvctl(['partner', 'add', '--tenant', hub.uuid, '--partner', a.uuid]);
  vvctl(['partner', 'add', '--tenant', b.uuid, '--partner', hub.uuid]);
  let out = vvctl(['partner', 'list', '--tenant', hub.uuid]);
  assert.match(out, /^UUID\s+ORGANISER\s+SHARES\s+NAME$/m);
  assert.match(out, new RegExp(`^${a.uuid}\\s+no\\s+0\\s+${a.name}$`, 'm'));
  assert.match(out, new RegExp(`^${b.uuid}\\s+yes\\s+0\\s+${b.name}$`, 'm'));
  assert.equal(out.split('\n').length, 3, 'the header and two partners');
  out = vvctl(['partner', 'list', '--tenant', a.uuid]);
  assert.ok(out.includes(hub.uuid) && !out.includes(b.uuid), 'a partner of a partner is not a partner');
  assert.equal(vvctl(['partner', 'list', '--tenant', lone.uuid]).split('\n').length, 1, 'the header only');
  out = vvctl(['partner', 'list']);
  assert.match(out, /^TENANT\s+PARTNER\s+SHARES\s+SINCE$/m);
  const pairs = out.split('\n').filter((l) => l.includes(hub.name));
  assert.equal(pairs.length, 2, 'each pair once');
  assert.ok(pairs.some((l) => l.includes(a.name)) && pairs.some((l) => l.includes(b.name)));
  assert.ok(!out.includes(lone.name));
});

test('partner remove ends the partnership, audited in both; a second remove changes nothing', () => {
  const t1 = makeTenant({ contract: { sharing: true } }), t2 = makeTenant();
  vvctl(['partner', 'add', '--tenant', t1.uuid, '--partner', t2.uuid]);
  let r = run(['partner', 'remove', '--tenant', t2.name, '--partner', t1.name]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /ended; 0 shares between them ended/);
  assert.equal(partnerRows(t1, t2), '0');
  assert.deepEqual(auditRows(t1, 'partner.remove'), [`NULL partner=${t2.uuid} name=${t2.name} shares_ended=0`]);
  assert.deepEqual(auditRows(t2, 'partner.remove'), [`NULL partner=${t1.uuid} name=${t1.name} shares_ended=0`]);
  r = run(['partner', 'remove', '--tenant', t1.uuid, '--partner', t2.uuid]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /are not partners; nothing changed/);
  assert.equal(auditRows(t1, 'partner.remove').length, 1);
  // (What ending one does to shares and enrolments: types.test.mjs.)
});

test('migration 008 makes partners of tenants that share a group already, so nothing shared disappears', () => {
  const db = `vvmig_${process.pid}`, conf = `${VAR}/vvhome-${db}.conf`, dir = `${VAR}/schema-${db}`;
  try {
    sql(`CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    sql(`GRANT ALL ON ${db}.* TO 'vvhome'@'localhost'`);
    writeFileSync(conf, readFileSync(`${VAR}/vvhome.conf`, 'utf8').replace(/^name = .*$/m, `name = ${db}`));
    mkdirSync(dir, { recursive: true });
    const files = readdirSync(`${BUILD}/share/schema`).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
    for (const f of files.filter((f) => f < '008')) copyFileSync(`${BUILD}/share/schema/${f}`, `${dir}/${f}`);
    let r = run(['migrate', '--schema', dir], '', conf);
    assert.equal(r.status, 0, r.err);
    const dsql = (q2) => sql(`USE ${db}; ${q2}`);
    dsql(`INSERT INTO tenants (id, uuid, name) VALUES (1, UUID(), 'Org'), (2, UUID(), 'Kunta'), (3, UUID(), 'Muu')`);
    dsql(`INSERT INTO external_groups (id, uuid, tenant_id, name) VALUES (10, UUID(), 1, 'G'), (11, UUID(), 1, 'H')`);
    dsql('INSERT INTO group_shares (group_id, tenant_id) VALUES (10, 2), (11, 2)');
    for (const f of files.filter((f) => f >= '008')) copyFileSync(`${BUILD}/share/schema/${f}`, `${dir}/${f}`);
    r = run(['migrate', '--schema', dir], '', conf);
    assert.equal(r.status, 0, r.err);
    assert.equal(dsql(`SELECT GROUP_CONCAT(tenant_id, '-', partner_id ORDER BY tenant_id) FROM tenant_partners`), '1-2,2-1');
  } finally {
    sql(`DROP DATABASE IF EXISTS ${db}`);
    rmSync(conf, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});

// The demo on a database of its own: the shared one already has tenants,
// where `demo --if-empty` is a no-op by design.
const demoDb = `vvdemo_${process.pid}`;
const demoConf = `${VAR}/vvhome-${demoDb}.conf`;
after(() => {
  sql(`DROP DATABASE IF EXISTS ${demoDb}`);
  rmSync(demoConf, { force: true });
});

test('demo creates the two tenants, their staff and customers, and prints every sign-in', () => {
  sql(`CREATE DATABASE ${demoDb} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  sql(`GRANT ALL ON ${demoDb}.* TO 'vvhome'@'localhost'`);
  writeFileSync(demoConf, readFileSync(`${VAR}/vvhome.conf`, 'utf8').replace(/^name = .*$/m, `name = ${demoDb}`));
  let r = run(['migrate', '--schema', `${BUILD}/share/schema`], '', demoConf);
  assert.equal(r.status, 0, r.err);
  const dsql = (s) => sql(`USE ${demoDb}; ${s}`);

  r = run(['demo', '--if-empty'], '', demoConf);
  assert.equal(r.status, 0, r.err);
  const rows = r.out.split('\n').filter((l) => /@/.test(l));
  assert.equal(rows.length, 11);
  for (const l of rows) {
    const staff = !/\bcustomer\b/.test(l);
    if (staff) assert.match(l, /\s([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})$/, l);
    else assert.match(l, /\(login link from the admin's customer page\)$/, l);
  }
  assert.match(r.out, /^Esimerkkikunta\s+admin\s+admin@esimerkkikunta\.example\s+\S{14}$/m);
  assert.match(r.out, /^Järjestäjä Oy\s+operator\s+operaattori@jarjestaja\.example\s+\S{14}$/m);
  const pws = rows.map((l) => l.split(/\s+/).at(-1)).filter((p) => p.length === 14);
  assert.equal(new Set(pws).size, 6, 'every staff password differs');

  assert.equal(dsql(`SELECT CONCAT(t.timezone, ' ', t.language, ' ', c.max_participants, ' ', c.recording_allowed,
    ' ', c.sharing_allowed) FROM tenants t JOIN contracts c ON c.tenant_id = t.id WHERE t.name = 'Esimerkkikunta'`),
  'Europe/Helsinki fi 25 1 0');
  assert.equal(dsql(`SELECT c.sharing_allowed FROM tenants t JOIN contracts c ON c.tenant_id = t.id
    WHERE t.name = 'Järjestäjä Oy'`), '1');
  assert.equal(dsql(`SELECT GROUP_CONCAT(role, ':', n ORDER BY role) FROM (SELECT role, COUNT(*) AS n
    FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE t.name = 'Esimerkkikunta' GROUP BY role) x`),
  'admin:1,customer:5,operator:2,professional:1');
  assert.equal(dsql(`SELECT GROUP_CONCAT(language ORDER BY language) FROM users WHERE role = 'customer'`),
    'en,fi,fi,fi,sv');
  assert.equal(dsql(`SELECT COUNT(*) FROM users WHERE role = 'customer' AND password_hash IS NOT NULL`), '0');
  assert.equal(dsql(`SELECT COUNT(*) FROM users WHERE role <> 'customer' AND password_hash LIKE '$argon2id$%'`), '6');
  for (const pw of pws) assert.equal(dsql(`SELECT COUNT(*) FROM audit_log WHERE detail LIKE ${q(`%${pw}%`)}`), '0');
  assert.equal(dsql(`SELECT COUNT(*) FROM audit_log WHERE action = 'user.create' AND user_id IS NULL`), '11');
  // The organiser and the municipality are partners, so the demo can show sharing.
  assert.equal(dsql(`SELECT GROUP_CONCAT(a.name, ' > ', b.name ORDER BY a.name SEPARATOR '; ') FROM tenant_partners p
    JOIN tenants a ON a.id = p.tenant_id JOIN tenants b ON b.id = p.partner_id`),
  'Esimerkkikunta > Järjestäjä Oy; Järjestäjä Oy > Esimerkkikunta');
  assert.equal(dsql(`SELECT COUNT(*) FROM audit_log WHERE action = 'partner.add' AND user_id IS NULL`), '2');

  // A living system (issue 16): a type every demo customer is assigned, so
  // that an operator's Tapahtuman tyyppi list is not empty.
  assert.equal(dsql(`SELECT CONCAT(ty.name, ' ', COUNT(*)) FROM event_types ty
    JOIN type_customers tc ON tc.type_id = ty.id JOIN users u ON u.id = tc.user_id AND u.role = 'customer'
    JOIN tenants t ON t.id = ty.tenant_id AND t.name = 'Esimerkkikunta' GROUP BY ty.id`), 'Viriketoiminta 5');
  // Events by the operator: the first starts within the quarter hour, one
  // more today, every one within the week, in all three languages.
  const evs = dsql(`SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), e.starts_at), e.status, e.room_id,
    (SELECT COUNT(*) FROM event_texts x WHERE x.event_id = e.id), e.enrolled, u.email
    FROM events e JOIN users u ON u.id = e.creator_id ORDER BY e.starts_at`).split('\n').map((l) => l.split('\t'));
  assert.equal(evs.length, 4);
  // (A few seconds' slack for the time between the demo and this query.)
  assert.ok(Number(evs[0][0]) > 2 * 60 && Number(evs[0][0]) <= 18 * 60, `first starts in ${evs[0][0]} s`);
  assert.ok(Number(evs[1][0]) <= 2 * 3600 + 18 * 60, 'a second one later today');
  for (const [secs, status, room, texts, , creator] of evs) {
    assert.ok(Number(secs) > 0 && Number(secs) < 7 * 86400, secs);
    assert.deepEqual([status, texts, creator], ['scheduled', '3', 'operaattori1@esimerkkikunta.example']);
    assert.match(room, /^(vv|loop)-[0-9a-f-]{36}$/);
  }
  assert.equal(evs[0][4], '3', 'customers are enrolled in the first');
  assert.equal(dsql(`SELECT COUNT(*) FROM event_participants WHERE kind = 'customer' AND status = 'enrolled'`), '6');
  assert.equal(dsql(`SELECT CONCAT(youtube_id, ' ', \`repeat\`, ' ', languages, ' ', status,
    ' ', DATEDIFF(until_date, UTC_DATE()) >= 55) FROM recordings`), 'aqz-KE-bpKQ weekly fi,sv,en active 1');

  r = run(['demo', '--if-empty'], '', demoConf);
  assert.equal(r.status, 0);
  assert.ok(r.out.trim().split('\n').length <= 1, r.out);
  assert.doesNotMatch(r.out, /@/);
  r = run(['demo'], '', demoConf);
  assert.equal(r.status, 1);
  assert.match(r.err, /exist already/);
  assert.equal(dsql('SELECT COUNT(*) FROM tenants'), '2');
});
