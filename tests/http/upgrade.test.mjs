// Upgrades keep working (issue 10, item 8): a database made by the code of
// the single-list era (main at 48db4ca: migrations 001..012 in one schema/
// list, recorded without a component) upgrades with today's `vvctl migrate`
// to the per-component layout, nothing lost; two runners at once apply
// nothing twice. The old database is tests/fixtures/upgrade-48db4ca.sql
// (how it was made: the file's head).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync, readdirSync, cpSync, statSync } from 'node:fs';
import { Client, sql, useConf, restoreConf, until, sleep, t, html, VAR, BUILD, ROOT } from './lib.mjs';

const FIXTURE = `${ROOT}/tests/fixtures/upgrade-48db4ca.sql`;
const MADE = '2026-12-01 09:00:00'; // every created_at / applied_at of the fixture
const created = [];

after(async () => {
  await restoreConf();
  for (const db of created) {
    sql(`DROP DATABASE IF EXISTS ${db}`);
    rmSync(`${VAR}/vvhome-${db}.conf`, { force: true });
  }
});

/** A new empty database of the stack's server with a vvhome.conf of its own; returns {db, conf, dsql}. */
function database(tag) {
  const db = `vv${tag}_${process.pid}`;
  const conf = `${VAR}/vvhome-${db}.conf`;
  sql(`DROP DATABASE IF EXISTS ${db}`);
  sql(`CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  sql(`GRANT ALL ON ${db}.* TO 'vvhome'@'localhost'`);
  created.push(db);
  writeFileSync(conf, readFileSync(`${VAR}/vvhome.conf`, 'utf8').replace(/^name = .*$/m, `name = ${db}`));
  return { db, conf, dsql: (q) => sql(`USE ${db}; ${q}`) };
}

/** Runs vvctl without throwing; returns {status, out, err}. */
function run(conf, args, input = '') {
  const r = spawnSync(`${BUILD}/vvctl`, ['-c', conf, ...args], { encoding: 'utf8', input, env: process.env });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** Starts vvctl migrate; resolves to {status, out, err} when it ends. */
function migrateAsync(conf) {
  const p = spawn(`${BUILD}/vvctl`, ['-c', conf, 'migrate'], { env: process.env });
  const r = { out: '', err: '' };
  p.stdout.on('data', (d) => { r.out += d; });
  p.stderr.on('data', (d) => { r.err += d; });
  r.done = new Promise((resolve) => p.on('close', (status) => resolve({ ...r, status })));
  return r;
}

const applied = (out) => Number(out.match(/^(\d+) migrations? applied/m)?.[1]);

// The fixture's rows per table, as the old code left them.
const ROWS = {
  audit_log: 18, call_members: 2, changes: 1, contracts: 2, event_participants: 6, event_texts: 4,
  event_types: 2, events: 2, external_groups: 1, group_customers: 2, group_shares: 1, join_links: 1,
  login_links: 1, login_throttle: 1, recordings: 2, sessions: 1, tenant_partners: 2, tenant_policies: 2,
  tenants: 2, type_customers: 3, users: 11,
};

// Where the single list's records go: 004, 005 and 011 moved to their
// plugins, 010 was split (the core keeps its number, the recordings plugin
// records the other half as done). Every row keeps the fixture's date.
const RECORDS = [
  'call 1 call_members', 'core 1 core', 'core 2 identity', 'core 3 events', 'core 6 changes',
  'core 7 tenant_lock', 'core 8 partners', 'core 9 events_ending', 'core 10 session_recordings',
  'core 12 recording_claims', 'recordings 1 recordings', 'recordings 2 recorded_events', 'recordings 3 languages',
];

const records = (dsql, where = '1') => dsql(`SELECT component, version, name FROM schema_migrations
  WHERE ${where} ORDER BY component, version`).split('\n').map((l) => l.replace(/\t/g, ' '));

/** Columns and indexes of the database, to compare with a new install's. */
const layout = (dsql) => dsql(`SELECT table_name, column_name, ordinal_position, column_type, is_nullable,
    IFNULL(column_default, '-'), IFNULL(collation_name, '-') FROM information_schema.columns
  WHERE table_schema = DATABASE() ORDER BY 1, 2`) + '\n' + dsql(`SELECT table_name, index_name, seq_in_index,
    column_name, non_unique FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY 1, 2, 3`);

const old = database('upgrade');

test('a database of the single-list era upgrades with vvctl migrate, every row kept', () => {
  const { conf, dsql } = old;
  const load = spawnSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', old.db],
    { input: readFileSync(FIXTURE), encoding: 'utf8' });
  assert.equal(load.status, 0, load.stderr);
  assert.equal(dsql('SELECT COUNT(*) FROM schema_migrations'), '12');
  assert.equal(dsql(`SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()
    AND table_name = 'schema_migrations' AND column_name = 'component'`), '0', 'the old form, without component');

  const r = run(conf, ['migrate']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /schema_migrations upgraded to per-component records/);

  // The old records, re-keyed, none applied again (their date is the fixture's).
  assert.deepEqual(records(dsql, `applied_at = '${MADE}'`), RECORDS);
  // Files newer than the fixture are applied; none of the old ones is.
  assert.equal(applied(r.out), records(dsql).length - RECORDS.length, r.out);
  // The same records as a new install (the stack's own database).
  assert.deepEqual(records(dsql), records(sql), 'the records of a new install');
  // And the same tables, columns and indexes.
  assert.equal(layout(dsql), layout(sql), 'the layout of a new install');

  for (const [table, n] of Object.entries(ROWS)) {
    assert.equal(Number(dsql(`SELECT COUNT(*) FROM ${table}`)), n, table);
  }
  const one = '33333333-3333-4333-8333-000000000001';
  assert.equal(dsql(`SELECT t.name FROM event_texts t JOIN events e ON e.id = t.event_id
    WHERE e.uuid = '${one}' AND t.language = 'sv'`), 'Stolgympa');
  assert.equal(dsql(`SELECT GROUP_CONCAT(kind, ':', status ORDER BY id) FROM event_participants WHERE event_id = 1`),
    'customer:enrolled,customer:enrolled,customer:waiting,staff:enrolled,guest:enrolled');
  assert.equal(dsql("SELECT CONCAT(first_name, ' ', last_name, ' ', email) FROM event_participants WHERE kind = 'guest'"),
    'Ville Vieras vieras@esimerkkikunta.example');
  assert.equal(dsql('SELECT CONCAT(IFNULL(youtube_id, \'-\'), \' \', IFNULL(event_id, \'-\'), \' \', languages) FROM recordings ORDER BY id'),
    'Abc123_-xyZ - fi,sv\n- 2 fi');
  assert.equal(dsql("SELECT session_video FROM events WHERE id = 2"), 'upgrade-2-session.webm');
  assert.equal(dsql("SELECT CONCAT(member_key, ' ', muted) FROM call_members ORDER BY member_key"), 'u4 0\nu5 1');
  assert.equal(dsql("SELECT GROUP_CONCAT(name ORDER BY id) FROM tenants"), 'Esimerkkikunta,Järjestäjä Oy');

  // A second run applies nothing and changes no record.
  const before = records(dsql);
  const r2 = run(conf, ['migrate']);
  assert.equal(r2.status, 0, r2.err);
  assert.equal(applied(r2.out), 0, r2.out);
  assert.doesNotMatch(r2.err, /upgraded to per-component/);
  assert.deepEqual(records(dsql), before);
});

test('a runner stopped after altering schema_migrations, before re-keying it: the next one finishes the job', () => {
  const { db, conf, dsql } = database('halfway');
  const load = spawnSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', db],
    { input: readFileSync(FIXTURE), encoding: 'utf8' });
  assert.equal(load.status, 0, load.stderr);
  // What the first step leaves (it commits by itself, being DDL).
  dsql(`ALTER TABLE schema_migrations ADD COLUMN component VARCHAR(64) CHARACTER SET ascii
    NOT NULL DEFAULT 'core' FIRST, DROP PRIMARY KEY, ADD PRIMARY KEY (component, version)`);
  const r = run(conf, ['migrate']);
  assert.equal(r.status, 0, r.err);
  assert.deepEqual(records(dsql, `applied_at = '${MADE}'`), RECORDS);
  assert.deepEqual(records(dsql), records(sql));
});

test('today\'s vvctl reads and writes the upgraded tables', () => {
  const { conf } = old;
  let r = run(conf, ['tenant', 'list']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /3ed13e09-0fd3-452e-8fd3-d57b3d606fc2.*Esimerkkikunta/);
  assert.match(r.out, /Järjestäjä Oy/);
  r = run(conf, ['user', 'list', '--tenant', 'Esimerkkikunta']);
  assert.equal(r.status, 0, r.err);
  assert.equal(r.out.split('\n').filter((l) => /@esimerkkikunta\.example/.test(l)).length, 9, r.out);
  r = run(conf, ['partner', 'list', '--tenant', 'Esimerkkikunta']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /Järjestäjä Oy/);
  r = run(conf, ['contract', 'set', '--tenant', 'Esimerkkikunta']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /contract of 'Esimerkkikunta'/);
});

test('the stack serves the upgraded database: event, participants, waiting list and recording pages', async () => {
  const { conf, db, dsql } = old;
  const admin = { email: 'admin@esimerkkikunta.example', password: 'Paivitetty-salasana-1' };
  const r = run(conf, ['user', 'password', '--tenant', 'Esimerkkikunta', '--email', admin.email, '--password-stdin'],
    `${admin.password}\n`);
  assert.equal(r.status, 0, r.err);

  useConf('name', db); // [db] name: the workers of the next generation use it
  // Until the new generation answers, the old one refuses the password.
  const c = new Client();
  await until(async () => {
    const page = await c.req('/fi/login');
    const m = page.text.match(/name="csrf" value="([^"]+)"/);
    const p = await c.post('/fi/login', { email: admin.email, password: admin.password, csrf: m ? m[1] : '' });
    if (p.status !== 303) await sleep(250); // few refusals: the old database's throttle counts them
    return p.status === 303;
  }, 10000, 'the admin of the upgraded database signs in');

  const ev = await c.req('/fi/ecare/events/33333333-3333-4333-8333-000000000001');
  assert.equal(ev.status, 200);
  assert.match(ev.text, /Tuolijumppa/);
  assert.match(ev.text, /Vieras/);
  // The waiting list: the third customer, on a two-seat event.
  const waiting = ev.text.match(/<tr>(?:(?!<\/tr>)[\s\S])*Ingrid Lindholm[\s\S]*?<\/tr>/);
  assert.ok(waiting, 'the waiting customer is listed');
  assert.ok(waiting[0].includes(html(t('fi', 'participants.status.waiting'))), waiting[0]);
  const cal = await c.req('/sv/ecare/index/event/33333333-3333-4333-8333-000000000001');
  assert.equal(cal.status, 200);
  assert.match(cal.text, /Stolgympa/);
  const rec = await c.req('/fi/ecare/recording/44444444-4444-4444-8444-000000000001');
  assert.equal(rec.status, 200);
  assert.match(rec.text, /Aamuvenyttely/);
  await restoreConf();
});

test('two vvctl migrate at once: the second waits for the first, no file is applied twice', async () => {
  const { conf, dsql } = database('race');
  const a = migrateAsync(conf), b = migrateAsync(conf);
  const [ra, rb] = await Promise.all([a.done, b.done]);
  assert.equal(ra.status, 0, ra.err);
  assert.equal(rb.status, 0, rb.err);
  const n = records(dsql).length;
  assert.ok(n > 10, `${n} records`);
  assert.deepEqual([applied(ra.out), applied(rb.out)].sort((x, y) => x - y), [0, n], ra.out + rb.out);
});

test('vvctl migrate waits while another runner holds the lock of its database', async () => {
  const { db, conf, dsql } = database('lock');
  // A client in the runner's place: holds the lock until its stdin closes.
  const holder = spawn('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', '--unbuffered', db]);
  try {
    let said = '';
    holder.stdout.on('data', (d) => { said += d; });
    holder.stdin.write(`SELECT GET_LOCK('vvhome.migrate.${db}', 0);\n`);
    await until(() => said.trim() === '1', 10000, 'the test holds the lock');

    const m = migrateAsync(conf);
    await until(() => /another vvctl migrate is running/.test(m.err), 10000, 'vvctl migrate says it waits');
    assert.equal(dsql('SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()'), '0',
      'nothing done while the lock is held');
    holder.stdin.end();
    const r = await m.done;
    assert.equal(r.status, 0, r.err);
    assert.equal(applied(r.out), records(dsql).length);
  } finally {
    holder.kill();
  }
});

// Every earlier schema version of every component: a database left at each
// migration point (a copy of the schema folder without the later files:
// the core at each of its versions before any plugin's, a plugin at each
// of its versions, 0 = before it existed, with the rest complete) migrates
// to the current files and then equals a new install: the same records,
// tables, columns and indexes.
const SCHEMA = readFileSync(`${VAR}/vvhome.conf`, 'utf8').match(/^schema_dir = (.*)$/m)[1];
const versionsOf = (d) => readdirSync(d).filter((f) => /^\d+_.*\.sql$/.test(f)).map((f) => Number(f.match(/^\d+/)[0]))
  .sort((x, y) => x - y);
const plugins = readdirSync(SCHEMA).filter((f) => statSync(`${SCHEMA}/${f}`).isDirectory()).sort();

/** The schema folder as it was with component comp at version k (files after it left out). */
function schemaAt(comp, k) {
  const dir = `${VAR}/schema-${comp}-${k}-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  cpSync(SCHEMA, dir, { recursive: true });
  const d = comp === 'core' ? dir : `${dir}/${comp}`;
  for (const f of readdirSync(d)) {
    if (/^\d+_.*\.sql$/.test(f) && Number(f.match(/^\d+/)[0]) > k) rmSync(`${d}/${f}`);
  }
  // Before the core's last version no plugin of today had run yet.
  if (comp === 'core') for (const p of plugins) rmSync(`${dir}/${p}`, { recursive: true });
  return dir;
}

for (const comp of ['core', ...plugins]) {
  const all = versionsOf(comp === 'core' ? SCHEMA : `${SCHEMA}/${comp}`);
  const points = (comp === 'core' ? all.slice(0, -1) : [0, ...all.slice(0, -1)]);
  test(`${comp}: a database at each earlier version (${points.join(', ')}) migrates to a new install's schema`, () => {
    const fresh = { records: records(sql), layout: layout(sql) };
    for (const k of points) {
      const { db, conf, dsql } = database(`at${comp}${k}`);
      const dir = schemaAt(comp, k);
      try {
        let r = run(conf, ['migrate', '--schema', dir]);
        assert.equal(r.status, 0, `${comp} ${k}: ${r.err}`);
        const at = comp === 'core' ? dsql("SELECT MAX(version) FROM schema_migrations WHERE component = 'core'")
          : dsql(`SELECT IFNULL(MAX(version), 0) FROM schema_migrations WHERE component = '${comp}'`);
        assert.equal(Number(at), k, `the database is at ${comp} ${k}`);
        r = run(conf, ['migrate']);
        assert.equal(r.status, 0, `${comp} ${k} -> now: ${r.err}`);
        assert.ok(applied(r.out) > 0, `${comp} ${k}: something to apply`);
        assert.deepEqual(records(dsql), fresh.records, `${comp} ${k}: the records of a new install`);
        assert.equal(layout(dsql), fresh.layout, `${comp} ${k}: the layout of a new install`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        sql(`DROP DATABASE IF EXISTS ${db}`);
      }
    }
  });
}
