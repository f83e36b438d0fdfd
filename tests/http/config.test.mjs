// The configuration check and the service's self-reporting: `vvhomed --check`
// and `vvctl check-config` name file and line of each mistake and exit 1;
// vvhomed refuses to start on a file that would only make workers die; a
// reload with a broken file keeps the old workers serving; --version;
// /metrics and /healthz.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { readFileSync, writeFileSync, rmSync, mkdirSync, cpSync, readdirSync } from 'node:fs';
import { get, useConf, restoreConf, masterPid, workerPids, until, unique, VAR, BUILD, ROOT } from './lib.mjs';

const dir = `${VAR}/config-test-${process.pid}`;
mkdirSync(dir, { recursive: true });
after(() => rmSync(dir, { recursive: true, force: true }));

const stackConf = readFileSync(`${VAR}/vvhome.conf`, 'utf8');
const inTree = readFileSync(`${VAR}/vvhome.conf`, 'utf8').match(/^load = (.*)$/m)[1]
  .split(',').filter((p) => !p.includes('/')).join(',');
/** The stack's file with only the in-tree plugins (the stack also loads
 * deliberately broken ones), its own socket, and edits. */
function conf(name, edit = (s) => s) {
  const path = `${dir}/${name}.conf`;
  writeFileSync(path, edit(stackConf.replace(/^load = .*$/m, `load = ${inTree}`)
    .replace(/^socket = .*\.sock$/m, `socket = ${dir}/${name}.sock`)));
  return path;
}
const run = (bin, args) => {
  const r = spawnSync(`${BUILD}/${bin}`, args, { encoding: 'utf8', env: process.env, timeout: 60000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
};
const version = readFileSync(`${ROOT}/debian/changelog`, 'utf8').match(/^\S+ \(([^)]+)\)/)[1];

test('--version prints the version of debian/changelog', () => {
  assert.equal(run('vvhomed', ['--version']).out, `vvhomed ${version}\n`);
  assert.equal(run('vvctl', ['--version']).out, `vvctl ${version}\n`);
});

test('a good file passes the check; vvctl check-config says the same', () => {
  const path = conf('good');
  const r = run('vvhomed', ['-c', path, '--check']);
  assert.equal(r.status, 0, r.err);
  assert.equal(r.out, `${path}: ok\n`);
  const v = run('vvctl', ['-c', path, 'check-config']);
  assert.equal(v.status, 0, v.err);
  assert.equal(v.out, `${path}: ok\n`);
});

test('each kind of mistake is one line naming file and line, and exit 1', () => {
  const path = conf('bad', (s) => s
    .replace(/^workers = .*$/m, 'workers = four')
    .replace(/^\[limits\]$/m, '[limits]\nmax_bodyy = 10')
    .replace(/^\[alarm\]$/m, '[alarm]\npoll_cache_secs = 1')
    .replace(/^schema_dir = .*$/m, `schema_dir = ${dir}/no-such-folder`)
    + '[server]\nsecure_cookies = maybe\n[nosuch]\nkey = 1\n[log]\nlevel = chatty\n');
  const lineOf = (re) => readFileSync(path, 'utf8').split('\n').findIndex((l) => re.test(l)) + 1;
  for (const r of [run('vvhomed', ['-c', path, '--check']), run('vvctl', ['-c', path, 'check-config'])]) {
    assert.equal(r.status, 1);
    assert.match(r.err, new RegExp(`^${path}:${lineOf(/^workers = four/)}: \\[server\\] workers = four: not a whole number$`, 'm'));
    assert.match(r.err, new RegExp(`^${path}:${lineOf(/^max_bodyy/)}: unknown key max_bodyy in \\[limits\\]$`, 'm'));
    assert.match(r.err, new RegExp(`^${path}:${lineOf(/^poll_cache_secs/)}: unknown key poll_cache_secs in \\[alarm\\]$`, 'm'));
    assert.match(r.err, new RegExp(`^${path}:${lineOf(/^schema_dir/)}: \\[paths\\] schema_dir = \\S+: no such folder$`, 'm'));
    assert.match(r.err, new RegExp(`^${path}:${lineOf(/^key = 1/)}: unknown section \\[nosuch\\]`, 'm'));
    assert.match(r.err, new RegExp(`^${path}:${lineOf(/^level = chatty/)}: \\[log\\] level = chatty: not debug, info, warn or error$`, 'm'));
    assert.match(r.err, new RegExp(`^${path}:${lineOf(/^secure_cookies = maybe/)}: \\[server\\] secure_cookies = maybe: not on/off`, 'm'));
    assert.match(r.err, /: 7 problems$/m);
  }
});

test('a plugin that does not load and a database that does not answer fail the check', () => {
  const path = conf('plugin', (s) => s.replace(/^load = (.*)$/m, 'load = $1,no_such_plugin')
    .replace(/^name = .*$/m, 'name = vv_no_such_database'));
  const r = run('vvhomed', ['-c', path, '--check']);
  assert.equal(r.status, 1);
  assert.match(r.err, /plugin no_such_plugin refused: cannot load/);
  assert.match(r.err, /\[plugins\] load: \d+ of \d+ plugins loaded/);
  assert.match(r.err, /\[db\]: the database does not answer/);
});

test('vvhomed refuses to start on a stylesheet folder that is not there, at once', () => {
  const path = conf('noxsl', (s) => s.replace(/^xsl_dir = .*$/m, `xsl_dir = ${dir}/no-xsl`));
  const r = run('vvhomed', ['-c', path]);
  assert.equal(r.status, 1);
  assert.match(r.err, /xsl_dir = \S+no-xsl: no such folder/);
});

test('a reload with a broken file keeps the old workers serving', async () => {
  const before = await get('/fi/');
  assert.equal(before.status, 200);
  useConf('workers', 'many');
  // The check before a reload compiles every stylesheet: seconds on a busy machine.
  const log = await until(() => {
    const l = readFileSync(`${VAR}/log/vvhomed.log`, 'utf8');
    return /keeping the old configuration and workers/.test(l) && l;
  }, 30000, 'the reload refused');
  assert.match(log, /workers = many: not a whole number/);
  assert.match(log, /has problems \(see above\), keeping the old configuration and workers/);
  assert.equal((await get('/fi/')).status, 200);
  await restoreConf();
  assert.equal((await get('/fi/')).status, 200);
});

test('/metrics counts requests by status class and says the version', async () => {
  const m1 = await get('/metrics');
  assert.equal(m1.status, 200);
  assert.match(m1.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  assert.match(m1.text, new RegExp(`^vvhome_build_info\\{version="${version.replace(/\./g, '\\.')}"\\} 1$`, 'm'));
  const n = (text, re) => Number(text.match(re)[1]);
  const c404 = n(m1.text, /^vvhome_requests_total\{code="4xx"\} (\d+)$/m);
  for (let i = 0; i < 3; i++) assert.equal((await get(`/fi/no-such-page-${i}`)).status, 404);
  const m2 = await get('/metrics');
  assert.ok(n(m2.text, /^vvhome_requests_total\{code="4xx"\} (\d+)$/m) >= c404 + 3);
  assert.ok(n(m2.text, /^vvhome_request_duration_seconds_count (\d+)$/m) > 0);
  assert.match(m2.text, /^vvhome_worker_restarts_total \d+$/m);
  assert.match(m2.text, /^vvhome_db_errors_total \d+$/m);
  assert.match(m2.text, /^vvhome_render_cache_hits_total \d+$/m);
  assert.ok(n(m2.text, /^vvhome_workers (\d+)$/m) >= 1);
});

test('/metrics answers only to [metrics] allow addresses', async () => {
  const path = `${VAR}/vvhome.conf`;
  writeFileSync(path, readFileSync(path, 'utf8') + '[metrics]\nallow = 192.0.2.0/24\n');
  try {
    process.kill(masterPid(), 'SIGHUP');
    await until(async () => (await get('/metrics')).status === 404, 30000, 'the reload');
  } finally {
    writeFileSync(path, stackConf);
    process.kill(masterPid(), 'SIGHUP');
  }
  await until(async () => (await get('/metrics')).status === 200, 30000, 'the reload back');
});

test('/healthz answers ok while the database answers', async () => {
  const r = await get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.text, 'ok\n');
});

// --- sd_notify (Type=notify): a unix datagram socket stands in for systemd.

/** GET path from vvhomed's FastCGI socket directly (no nginx): the body. */
function fcgiGet(sock, path) {
  const rec = (type, body) => {
    const pad = (8 - (body.length % 8)) % 8;
    const h = Buffer.from([1, type, 0, 1, body.length >> 8, body.length & 255, pad, 0]);
    return Buffer.concat([h, body, Buffer.alloc(pad)]);
  };
  const pair = (k, v) => Buffer.concat([Buffer.from([k.length, v.length]), Buffer.from(k + v)]);
  const params = Buffer.concat([['REQUEST_METHOD', 'GET'], ['REQUEST_URI', path], ['DOCUMENT_URI', path],
    ['SCRIPT_NAME', path], ['QUERY_STRING', ''], ['REMOTE_ADDR', '127.0.0.1'], ['SERVER_PROTOCOL', 'HTTP/1.1']]
    .map(([k, v]) => pair(k, v)));
  return new Promise((resolve, reject) => {
    const c = net.createConnection(sock);
    const chunks = [];
    c.on('data', (d) => chunks.push(d));
    c.on('error', reject);
    c.on('close', () => {
      let all = Buffer.concat(chunks), out = '';
      while (all.length >= 8) {
        const len = all.readUInt16BE(4), pad = all[6];
        if (all[1] === 6) out += all.subarray(8, 8 + len).toString();
        all = all.subarray(8 + len + pad);
      }
      resolve(out);
    });
    c.write(Buffer.concat([rec(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])), rec(4, params), rec(4, Buffer.alloc(0)),
      rec(5, Buffer.alloc(0))]));
  });
}

/** A listener on a fresh datagram socket: { path, lines, proc }. */
async function notifySocket(name, seconds = 60) {
  const path = `${dir}/${name}.notify`;
  const proc = spawn('/usr/bin/python3', [`${ROOT}/tests/tools/notify_listen.py`, path, String(seconds)]);
  const lines = [];
  let buf = '';
  proc.stdout.on('data', (d) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop();
    lines.push(...parts);
  });
  await until(() => lines.includes('listening'), 10000, 'the notify socket');
  return { path, lines, proc };
}

test('under systemd (NOTIFY_SOCKET) vvhomed says READY=1 once a worker serves, RELOADING, STOPPING, WATCHDOG', async () => {
  const n = await notifySocket('ready');
  const path = conf('notify');
  const sock = `${dir}/notify.sock`;
  const d = spawn(`${BUILD}/vvhomed`, ['-c', path],
    { env: { ...process.env, NOTIFY_SOCKET: n.path, WATCHDOG_USEC: '1000000' }, stdio: 'ignore' });
  try {
    await until(() => n.lines.some((l) => l.startsWith('READY=1')), 60000, 'READY=1');
    // Ready means serving: the FastCGI socket answers at once.
    assert.match(await fcgiGet(sock, '/healthz'), /\r\n\r\nok\n$/);
    const ready = n.lines.find((l) => l.startsWith('READY=1'));
    assert.match(ready, new RegExp(`^READY=1\\|STATUS=serving on ${sock} with \\d+ workers\\|MAINPID=${d.pid}$`));
    await until(() => n.lines.includes('WATCHDOG=1'), 5000, 'WATCHDOG=1');
    process.kill(d.pid, 'SIGHUP');
    await until(() => n.lines.lastIndexOf('RELOADING=1') >= 0 &&
      n.lines.findLastIndex((l) => l.startsWith('READY=1')) > n.lines.indexOf('RELOADING=1'), 60000, 'READY=1 after a reload');
    process.kill(d.pid, 'SIGTERM');
    await until(() => n.lines.includes('STOPPING=1'), 30000, 'STOPPING=1');
  } finally {
    try { process.kill(d.pid, 'SIGKILL'); } catch {}
    n.proc.kill();
  }
});

test('a start refused by the check never says READY=1', async () => {
  const n = await notifySocket('refused', 3);
  const path = conf('notready', (s) => s.replace(/^xsl_dir = .*$/m, `xsl_dir = ${dir}/no-xsl`));
  const r = spawnSync(`${BUILD}/vvhomed`, ['-c', path],
    { env: { ...process.env, NOTIFY_SOCKET: n.path }, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 1);
  await new Promise((res) => n.proc.on('exit', res));
  assert.deepEqual(n.lines, ['listening']);
});

// --- the schema at start: a copy of the stack's schema folder stands for
// another version of vvhome (its database is left as it is).

/** The stack's file with schema_dir a copy of its schema folder, edited by fn(dir). */
function schemaConf(name, fn) {
  const src = stackConf.match(/^schema_dir = (.*)$/m)[1];
  const copy = `${dir}/${name}-schema`;
  cpSync(src, copy, { recursive: true });
  fn(copy);
  return conf(name, (s) => s.replace(/^schema_dir = .*$/m, `schema_dir = ${copy}`));
}

test('a database migrated by a newer vvhome: start refused, saying what to do; --check says so', () => {
  let last;
  const path = schemaConf('newer', (d) => {
    // This "older" vvhome lacks the core's last migration.
    last = readdirSync(d).filter((f) => /^\d+_.*\.sql$/.test(f)).sort().pop();
    rmSync(`${d}/${last}`);
  });
  const n = Number(last.match(/^\d+/)[0]);
  const r = run('vvhomed', ['-c', path]);
  assert.equal(r.status, 1);
  assert.match(r.err, new RegExp(`the database is at core ${n}, this vvhome ${version.replace(/\./g, '\\.')} knows core only up to \\d+: a newer vvhome migrated it\\. Install that version again`));
  const c = run('vvhomed', ['-c', path, '--check']);
  assert.equal(c.status, 1);
  assert.match(c.err, /\[db\]: the database's schema is newer than this vvhome .* knows/);
});

test('a database not migrated to this version: start refused with "run vvctl migrate"; --check says so', () => {
  const path = schemaConf('pending', (d) => writeFileSync(`${d}/call/999_later.sql`, 'SELECT 1;\n'));
  const r = run('vvhomed', ['-c', path]);
  assert.equal(r.status, 1);
  assert.match(r.err, /the database is not migrated to this vvhome \S+: run vvctl migrate/);
  const c = run('vvhomed', ['-c', path, '--check']);
  assert.equal(c.status, 1);
  assert.match(c.err, /\[db\]: the database is not migrated to this version: run vvctl migrate/);
  // The stack's own database and files: the start goes on (checked above, 'a good file passes').
});

// --- /healthz names each backend that fails: Janus, TURN, the ticker.

const health = async () => { const r = await get('/healthz'); return { status: r.status, text: r.text }; };

test('/healthz answers 503 naming Janus when its admin API does not answer', async () => {
  // every configured server is asked, and the one that does not answer is named
  const live = stackConf.match(/^admin_url = (\S+)$/m)[1];
  try {
    useConf('servers', `a=${live} b=http://127.0.0.1:1/admin`);
    const h = await until(async () => { const x = await health(); return x.status === 503 && x; }, 10000, 'a 503');
    assert.match(h.text, /^janus: the admin API at http:\/\/127\.0\.0\.1:1\/admin does not answer .*\(server b\)$/m);
    assert.doesNotMatch(h.text, /\(server a\)/, 'the server that answers is not named');
    assert.doesNotMatch(h.text, /^(database|turn|ticker)/m);
  } finally {
    await restoreConf();
  }
  assert.deepEqual(await until(async () => { const x = await health(); return x.status === 200 && x; }, 30000,
    'healthy again'), { status: 200, text: 'ok\n' });
});

test('/healthz answers 503 naming the TURN server when nothing listens on its port', async () => {
  try {
    useConf('turn_urls', 'turn:127.0.0.1:1?transport=tcp');
    const h = await until(async () => { const x = await health(); return x.status === 503 && x; }, 10000, 'a 503');
    assert.equal(h.text, 'turn: nothing answers on 127.0.0.1 port 1 (TCP)\n');
  } finally {
    await restoreConf();
  }
  assert.deepEqual(await until(async () => { const x = await health(); return x.status === 200 && x; }, 30000,
    'healthy again'), { status: 200, text: 'ok\n' });
});

test('/healthz answers 503 naming the ticker when it has not ticked for three periods', async () => {
  let ticker;
  try {
    useConf('tick_seconds', '1');
    await until(async () => /^vvhome_tick_last_begin_seconds [1-9]/m.test((await get('/metrics')).text) &&
      (await health()).status === 200, 10000, 'the new ticker ticking');
    const findTicker = () => workerPids().find((p) => {
      try { return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'vvhomed-ticker'; } catch { return false; }
    });
    ticker = await until(findTicker, 10000, 'the ticker process');
    // Stopped between rounds (a round under way counts as running).
    await until(async () => {
      process.kill(ticker, 'SIGSTOP');
      if (/^vvhome_tick_running 0$/m.test((await get('/metrics')).text)) return true;
      process.kill(ticker, 'SIGCONT');
      await new Promise((r) => setTimeout(r, 50));
      return false;
    }, 10000, 'the ticker stopped between rounds');
    const h = await until(async () => { const x = await health(); return x.status === 503 && x; }, 20000, 'a 503');
    assert.match(h.text, /^ticker: no tick for \d+ s \(tick_seconds = 1\)\n$/);
  } finally {
    if (ticker) process.kill(ticker, 'SIGCONT');
    await restoreConf();
  }
  await until(async () => (await health()).status === 200, 30000, 'healthy again');
});

test('/metrics counts requests per route pattern, never per URL, with a duration histogram each', async () => {
  const n = (text, re) => Number((text.match(re) || [0, 0])[1]);
  const before = (await get('/metrics')).text;
  const tok = `/login/${unique('tok')}`;
  for (let i = 0; i < 3; i++) {
    assert.equal((await get(`/fi/no-such-route-${i}-${unique('x')}`)).status, 404);
    await get(`/fi/login/${unique('tok')}`);
  }
  await get(`/fi${tok}`);
  const after = (await get('/metrics')).text;
  // The pattern is the label; the URLs asked are nowhere.
  assert.doesNotMatch(after, /no-such-route|\/login\/tok/);
  const login = /^vvhome_route_request_duration_seconds_count\{method="GET",route="\/login\/\{token\}"\} (\d+)$/m;
  assert.equal(n(after, login) - n(before, login), 4);
  const none = /^vvhome_route_requests_total\{method="GET",route="none",code="4xx"\} (\d+)$/m;
  assert.ok(n(after, none) - n(before, none) >= 3);
  assert.match(after, /^vvhome_route_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+$/m);
  assert.match(after, /^vvhome_route_requests_total\{method="GET",route="\/metrics",code="2xx"\} \d+$/m);
  // An odd method is not a new label.
  await fetch(`${process.env.VV_BASE}/fi/x`, { method: 'BREW' }).catch(() => {});
  assert.doesNotMatch((await get('/metrics')).text, /method="BREW"/);
});

test('--check: a file that is not there is named with its line', () => {
  const path = conf('nofile', (s) => s.replace(/^secrets_file = .*$/m, `secrets_file = ${dir}/no-such-secrets.conf`));
  const lineOf = readFileSync(path, 'utf8').split('\n').findIndex((l) => l.startsWith('secrets_file =')) + 1;
  const r = run('vvhomed', ['-c', path, '--check']);
  assert.equal(r.status, 1);
  assert.match(r.err, new RegExp(`^${path}:${lineOf}: \\[video\\] secrets_file = ${dir}/no-such-secrets\\.conf: cannot read it: No such file or directory$`, 'm'));
  assert.match(r.err, /: 1 problem$/m);
});

test('--check and the start: a stylesheet that does not compile is named', () => {
  const xsl = stackConf.match(/^xsl_dir = (.*)$/m)[1];
  const copy = `${dir}/badxsl`;
  cpSync(xsl, copy, { recursive: true });
  writeFileSync(`${copy}/home.xsl`, readFileSync(`${copy}/home.xsl`, 'utf8').replace('</xsl:stylesheet>', '<xsl:nonsense/></xsl:stylesheet>'));
  const path = conf('badxsl', (s) => s.replace(/^xsl_dir = .*$/m, `xsl_dir = ${copy}`));
  const r = run('vvhomed', ['-c', path, '--check']);
  assert.equal(r.status, 1);
  assert.match(r.err, new RegExp(`stylesheet ${copy}/home\\.xsl does not compile$`, 'm'));
  const s = run('vvhomed', ['-c', path]);
  assert.equal(s.status, 1, 'not started');
  assert.match(s.err, /home\.xsl does not compile/);
});
