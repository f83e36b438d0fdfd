// Shared helpers for the HTTP tests: the stack started by tests/run-http.sh.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { connect } from 'node:net';

export const BASE = process.env.VV_BASE;
export const VAR = process.env.VV_VAR;
export const ROOT = process.env.VV_ROOT;
export const BUILD = process.env.VV_BUILD;
export const PORT = process.env.VV_PORT;
assert.ok(BASE && VAR && ROOT, 'run through tests/run-http.sh (VV_BASE, VV_VAR, VV_ROOT unset)');

/** fetch without following redirects; returns {status, headers, text}. */
export async function get(path, opts = {}) {
  const res = await fetch(BASE + path, { redirect: 'manual', ...opts });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The Set-Cookie lines of a response's headers, one string each.
 * Headers.getSetCookie() came after Debian 12's Node 18 (there
 * get('set-cookie') joins them with ", "); a comma followed by `name=`
 * starts the next cookie, one inside an Expires date does not. */
export function setCookies(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const joined = headers.get('set-cookie');
  return joined ? joined.split(/,\s*(?=[^;,=\s]+=)/) : [];
}

/** A request from another loopback address (127.0.0.2 ...): nginx listens
 * on 127.0.0.1 and sees this one as the client's address. */
function fromAddress(localAddress, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const rq = httpRequest(url, { method, headers, localAddress }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => {
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve({ status: res.statusCode, headers: h, text: async () => data });
      });
    });
    rq.on('error', reject);
    if (body) rq.write(body);
    rq.end();
  });
}

/** A browser-like session: keeps cookies between requests. new Client({ from:
 * '127.0.0.5' }) sends from that loopback address (another client address). */
export class Client {
  constructor(opts = {}) { this.cookies = new Map(); this.from = opts.from; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  async req(path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    const res = this.from ? await fromAddress(this.from, BASE + path, { ...opts, headers })
      : await fetch(BASE + path, { redirect: 'manual', ...opts, headers });
    for (const c of setCookies(res.headers)) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { status: res.status, headers: res.headers, text: await res.text() };
  }
  async post(path, fields, opts = {}) {
    return this.req(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** Text of a catalogue entry, as the user should see it. */
export function t(lang, key) {
  // The main catalogue and every per-area one (<area>.<lang>.xml).
  const dir = `${process.env.VV_BUILD}/share/xsl/i18n`;
  const xml = [`${lang}.xml`, ...readdirSync(dir).filter((f) => f.endsWith(`.${lang}.xml`))]
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8')).join('\n');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `catalogue ${lang} has ${key}`);
  return m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}

/** Escape text the way it appears in HTML output. */
export function html(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Runs SQL as root. A write is a fixture put straight into the tables,
 * past the change records of vv/changes.h that the app's own change paths
 * write: it is followed by a change record for every tenant's content, so
 * that the workers' copies of customers' calendars show the fixture on the
 * next page (sqlQuiet writes without it). */
export function sql(query) {
  const out = sqlQuiet(query);
  if (/^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/im.test(query) && !/\bchanges\b/.test(query)) {
    sqlQuiet(`INSERT INTO changes (kind, id, changed_at) SELECT 'c', id, UTC_TIMESTAMP(6) FROM tenants
      ON DUPLICATE KEY UPDATE changed_at = VALUES(changed_at)`);
  }
  return out;
}

/** SQL as root without the fixture's change record (see sql). */
export function sqlQuiet(query) {
  return execFileSync('mariadb', ['--socket', `${VAR}/db/mysqld.sock`, '-uroot', '-N', '-B', 'vvhome', '-e', query],
    { encoding: 'utf8' }).trim();
}

export function stack(...args) {
  return execFileSync('sh', [`${ROOT}/tests/stack/stack.sh`, ...args], { encoding: 'utf8', env: process.env });
}

export function readLog() {
  return readFileSync(`${VAR}/log/vvhomed.log`, 'utf8');
}

export function masterPid() {
  return Number(readFileSync(`${VAR}/run/vvhomed.pid`, 'utf8').trim());
}

export function workerPids() {
  try {
    return execFileSync('pgrep', ['-P', String(masterPid())], { encoding: 'utf8' })
      .trim().split('\n').filter(Boolean).map(Number).sort();
  } catch { return []; }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until fn() is truthy, polling every 25 ms; returns its value or throws. */
export async function until(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Runs wrk in the background; resolves to its parsed summary. */
export function wrk(path, seconds, conns = 16) {
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', ['-t2', `-c${conns}`, `-d${seconds}s`, '--latency', BASE + path]);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('error', reject);
    p.on('close', () => {
      const num = (re) => { const m = out.match(re); return m ? Number(m[1]) : 0; };
      const sock = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
      resolve({
        out,
        requests: num(/(\d+) requests in/),
        non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
        socketErrors: sock ? sock.slice(1).map(Number).reduce((a, b) => a + b, 0) : 0,
      });
    });
  });
}

// ---- Fixtures: tenants and users through vvctl, as a hosting provider makes them.

let seq = 0;
/** A name no other test uses. */
export function unique(prefix) {
  seq += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq}`;
}

export function vvctl(args, input) {
  return execFileSync(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args],
    { encoding: 'utf8', input: input ?? '', env: process.env }).trim();
}

/** Creates a tenant (and its contract); returns {id, uuid, name}. */
export function makeTenant({ name = unique('Tenant'), contract = {}, timezone, language } = {}) {
  const args = ['tenant', 'create', '--name', name];
  if (timezone) args.push('--timezone', timezone);
  if (language) args.push('--language', language);
  const uuid = vvctl(args).split('\n').at(-1).trim();
  const c = ['contract', 'set', '--tenant', uuid];
  const flags = {
    maxParticipants: '--max-participants', recording: '--recording', sharing: '--sharing',
    maxEventMinutes: '--max-event-minutes', maxConcurrent: '--max-concurrent',
  };
  for (const [k, v] of Object.entries(contract)) {
    c.push(flags[k], typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  }
  if (c.length > 4) vvctl(c);
  const id = Number(sql(`SELECT id FROM tenants WHERE uuid='${uuid}'`));
  return { id, uuid, name };
}

/** Makes two tenants partners (vvctl partner add): an organiser of the two may
 * then share its external groups with the other. */
export function makePartners(t1, t2) {
  vvctl(['partner', 'add', '--tenant', t1.uuid, '--partner', t2.uuid]);
}

/** Creates a user; returns {uuid, id, email, password, role, tenant}. */
export function makeUser(tenant, role, { email, first = 'Testi', last = unique('Käyttäjä'), language,
  password = 'salasana-' + Math.random().toString(36).slice(2, 10) } = {}) {
  email = email ?? `${unique(role)}@example.org`.toLowerCase();
  const args = ['user', 'create', '--tenant', tenant.uuid, '--email', email, '--first', first,
    '--last', last, '--role', role, '--password-stdin'];
  if (language) args.push('--language', language);
  const uuid = vvctl(args, password + '\n').split('\n').at(-1).trim();
  const id = Number(sql(`SELECT id FROM users WHERE uuid='${uuid}'`));
  return { uuid, id, email, password, role, tenant, first, last };
}

/** Signs a Client in through the login form; returns the response of the POST. */
export async function login(client, user, lang = 'fi') {
  // The form's own token: the anonymous cookie's, or the session's when
  // the client is signed in already.
  const page = await client.req(`/${lang}/login`);
  const m = page.text.match(/name="csrf" value="([^"]+)"/);
  const r = await client.post(`/${lang}/login`, {
    email: user.email, password: user.password, csrf: m ? m[1] : client.cookies.get('vv_csrf'),
  });
  assert.equal(r.status, 303, `login of ${user.email} gives 303, got ${r.status}`);
  return r;
}

/** Opens a customer's login link as the tablet does: its page, then the
 * press on its button (POST). Returns the answer to the press. */
export async function useLoginLink(client, path) {
  const page = await client.req(path);
  assert.equal(page.status, 200, `the link's page ${path} answers 200, got ${page.status}`);
  const m = page.text.match(/name="csrf" value="([^"]+)"/);
  assert.ok(m, 'the link page has a form');
  return client.post(path, { csrf: m[1] });
}

const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

/** The sign-in throttle's rows for a user with an e-mail of their own
 * (core/identity/throttle.c): the account from everywhere, and the account
 * from one client address. */
export function throttleKeys(user, addr = '127.0.0.1') {
  return { acct: sha256hex(`acct:id:${user.id}`), pair: sha256hex(`pair:id:${user.id}:${addr}`) };
}

/** Locks user out from addr as ten failed sign-ins there would. */
export function lockOut(user, addr = '127.0.0.1') {
  const k = throttleKeys(user, addr);
  sql(`INSERT INTO login_throttle (k, account, failures, window_start, locked_until)
       VALUES ('${k.pair}', '${k.acct}', 10, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 900 SECOND)
       ON DUPLICATE KEY UPDATE failures = 10, locked_until = UTC_TIMESTAMP() + INTERVAL 900 SECOND`);
}

/** The CSRF token the pages carry for this client (from a page's hidden field). */
export async function csrfOf(client, path = '/fi/') {
  const r = await client.req(path);
  let m = r.text.match(/name="csrf" value="([^"]+)"/);
  // A customer's pages have no sign-out form (issue #17): the sign-out
  // confirmation has the token for anyone signed in.
  if (!m && r.status !== 303) m = (await client.req('/fi/logout')).text.match(/name="csrf" value="([^"]+)"/);
  return m ? m[1] : client.cookies.get('vv_csrf');
}

// ---- The stack's configuration: the video adapter a test needs

/** The stack's vvhome.conf. */
export const CONF = `${VAR}/vvhome.conf`;
let savedConf;

/** True when the stack's configuration names a video adapter one can switch. */
export const adapterSwitchable = () => /^adapter = /m.test(readFileSync(CONF, 'utf8'));

/** Sets [video] adapter = name (extra: more lines after it) and reloads vvhomed (SIGHUP). */
export function useAdapter(name, extra = '') {
  savedConf ??= readFileSync(CONF, 'utf8');
  writeFileSync(CONF, savedConf.replace(/^adapter = .*$/m, `adapter = ${name}${extra ? `\n${extra}` : ''}`));
  process.kill(masterPid(), 'SIGHUP');
}

/** Sets an existing `key = value` line of vvhome.conf and reloads vvhomed (SIGHUP). */
export function useConf(key, value) {
  savedConf ??= readFileSync(CONF, 'utf8');
  const now = readFileSync(CONF, 'utf8');
  const line = new RegExp(`^${key} = .*$`, 'm');
  assert.ok(line.test(now), `vvhome.conf has a ${key} line`);
  writeFileSync(CONF, now.replace(line, `${key} = ${value}`));
  process.kill(masterPid(), 'SIGHUP');
}

/** Puts vvhome.conf back as it was before useAdapter or useConf and reloads, waiting for the new workers. */
export async function restoreConf() {
  if (!savedConf) return;
  writeFileSync(CONF, savedConf);
  process.kill(masterPid(), 'SIGHUP');
  await new Promise((r) => setTimeout(r, 1500));
}

// ---- Reading forms on a page

/** The message shown next to a field (without its hidden prefix), or null. */
export function fieldError(text, field) {
  const m = text.match(new RegExp(`<p class="field-error" id="${field}-error">([\\s\\S]*?)</p>`));
  return m ? m[1].replace(/<span class="visually-hidden">[^<]*<\/span>/, '').replace(/<[^>]+>/g, '') : null;
}

/** The value of the input with this id, unescaped; fails when there is no such input. */
export function inputValue(text, id) {
  const tag = text.match(new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`));
  assert.ok(tag, `input ${id} on the page`);
  const v = tag[0].match(/\bvalue="([^"]*)"/);
  return v ? v[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : '';
}

/** Is the checkbox with this id ticked? (undefined when absent) */
export function ticked(text, id) {
  const tag = text.match(new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`));
  return tag ? /\bchecked\b/.test(tag[0]) : undefined;
}

// ---- Mail: a real SMTP server (Debian's python3-aiosmtpd) where the stack's relay points

/** Starts the SMTP sink on the stack's [mail] relay port; returns { dir, read(), stop() }. */
export async function startSmtp() {
  const port = Number(readFileSync(CONF, 'utf8').match(/^relay = smtp:\/\/127\.0\.0\.1:(\d+)$/m)[1]);
  const dir = `${VAR}/maildir-${process.pid}-${Date.now()}`;
  const proc = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-c', 'aiosmtpd.handlers.Mailbox', dir,
    '-l', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const listening = () => new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
  await until(listening, 10000, 'the SMTP sink to listen');
  return {
    dir,
    /** Every message received so far, as tests/tools/mail_check.py reads them. */
    read: () => {
      try { readdirSync(`${dir}/new`); } catch { return []; }
      return JSON.parse(execFileSync('/usr/bin/python3', [`${ROOT}/tests/tools/mail_check.py`, dir], { encoding: 'utf8' }));
    },
    stop: async () => { proc.kill('SIGTERM'); await new Promise((r) => setTimeout(r, 200)); },
  };
}

// ---- SQL as the C source writes it

/** C tokens that matter to a string expression: literals, names, parentheses, commas. */
const cTokens = (s) => [...s.matchAll(/"(?:[^"\\]|\\.)*"|\w+|[(),]/g)].map((m) => m[0]);

/** Expands the function-like and plain macros of macros in toks. */
function cExpand(toks, macros) {
  const out = [];
  for (let i = 0; i < toks.length; i++) {
    const m = macros[toks[i]];
    if (!m) { out.push(toks[i]); continue; }
    if (!m.params) { out.push(...cExpand(m.body, macros)); continue; }
    const args = [];
    let cur = [], depth = 0;
    for (i += 2; i < toks.length; i++) {
      const x = toks[i];
      if (x === ')' && depth === 0) break;
      if (x === ',' && depth === 0) { args.push(cur); cur = []; continue; }
      if (x === '(') depth++;
      if (x === ')') depth--;
      cur.push(x);
    }
    args.push(cur);
    out.push(...cExpand(m.body.flatMap((x) => (m.params.includes(x) ? args[m.params.indexOf(x)] : [x])), macros));
  }
  return out;
}

/** The text of a C string expression (literals joined, the string macros of
 * headers, e.g. vv/care.h's SQL fragments, expanded) as the compiler makes it. */
export function cString(expr, headers = ['core/include/vv/care.h']) {
  const macros = {};
  for (const h of headers) {
    const src = readFileSync(`${ROOT}/${h}`, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\\\n/g, ' ');
    for (const m of src.matchAll(/^#define\s+(\w+)(?:\(([^)]*)\))?[ \t]+(.*)$/gm)) {
      macros[m[1]] = { params: m[2] === undefined ? null : m[2].split(',').map((s) => s.trim()), body: cTokens(m[3]) };
    }
  }
  return cExpand(cTokens(expr.replace(/\/\*[\s\S]*?\*\//g, '')), macros)
    .filter((x) => x.startsWith('"')).map((x) => x.slice(1, -1).replace(/\\(.)/g, '$1')).join('');
}
