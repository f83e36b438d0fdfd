// Cookies and headers over HTTPS (issue 15, item 4), through the shipped
// TLS site itself: nginx/vvhome-site.conf with a throw-away certificate,
// its ports, paths and socket pointed at this stack and nothing else
// changed, in front of the same vvhomed. The rest of the suite talks plain
// HTTP to the development site on loopback, where cookies are neither
// Secure nor __Host- (core/identity/cookie.c); here the scheme comes from
// nginx's $https, as in production.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import { connect } from 'node:net';
import { PORT, ROOT, VAR, makeTenant, makeUser, sleep } from './lib.mjs';

const HTTPS_PORT = Number(PORT) + 30; // the site's 443
const HTTP_PORT = Number(PORT) + 31; // the site's 80
const dir = `${VAR}/https-site`;
let nginx;

/** The stack's own setting, as vvhomed reads it. */
function confValue(key) {
  const m = readFileSync(`${VAR}/vvhome.conf`, 'utf8').match(new RegExp(`^${key} = (.*)$`, 'm'));
  assert.ok(m, `vvhome.conf has ${key}`);
  return m[1].trim();
}

/** s with from replaced by to, which must be there: a changed site breaks this test loudly. */
function swap(s, from, to) {
  assert.ok(s.includes(from), `nginx/vvhome-site.conf still has ${from}`);
  return s.split(from).join(to);
}

function listening(port) {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1', () => { sock.end(); resolve(true); });
    sock.on('error', () => resolve(false));
  });
}

before(async () => {
  mkdirSync(dir, { recursive: true });
  for (const d of ['body', 'fastcgi', 'proxy', 'uwsgi', 'scgi']) mkdirSync(`${dir}/${d}`, { recursive: true });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
  copyFileSync('/etc/nginx/fastcgi_params', `${dir}/fastcgi_params`);
  let site = readFileSync(`${ROOT}/nginx/vvhome-site.conf`, 'utf8');
  site = swap(site, '\tlisten [::]:443 ssl http2;\n', '');
  site = swap(site, '\tlisten [::]:80;\n', '');
  site = swap(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${HTTPS_PORT} ssl http2;`);
  site = swap(site, 'listen 80;', `listen 127.0.0.1:${HTTP_PORT};`);
  site = swap(site, '/etc/ssl/certs/ssl-cert-snakeoil.pem', `${dir}/cert.pem`);
  site = swap(site, '/etc/ssl/private/ssl-cert-snakeoil.key', `${dir}/key.pem`);
  site = swap(site, 'unix:/run/vvhome/fcgi.sock', `unix:${VAR}/run/vvhome.sock`);
  site = swap(site, '/usr/local/share/vvhome/xsl/', `${confValue('xsl_dir')}/`);
  site = swap(site, 'js_path /usr/local/share/vvhome/nginx;', `js_path ${ROOT}/nginx;`);
  site = swap(site, '/etc/vvhome/janus-secrets.conf', confValue('secrets_file'));
  site = swap(site, '\tserver 127.0.0.1:8088;', `\tserver 127.0.0.1:${Number(PORT) + 8};`); // upstream vv_janus_a
  site = swap(site, '/var/lib/vvhome/recordings', confValue('recordings_dir'));
  writeFileSync(`${dir}/nginx.conf`, `user root;
load_module /usr/lib/nginx/modules/ngx_http_js_module.so;
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	client_body_temp_path ${dir}/body;
	fastcgi_temp_path ${dir}/fastcgi;
	proxy_temp_path ${dir}/proxy;
	uwsgi_temp_path ${dir}/uwsgi;
	scgi_temp_path ${dir}/scgi;
${site}
}
`);
  nginx = spawn('nginx', ['-p', `${dir}/`, '-c', `${dir}/nginx.conf`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  nginx.stderr.on('data', (d) => { err += d; });
  for (let i = 0; i < 100 && !(await listening(HTTPS_PORT)); i++) {
    assert.equal(nginx.exitCode, null, `nginx with the shipped site stopped: ${err}`);
    await sleep(100);
  }
  assert.ok(await listening(HTTPS_PORT), `the shipped site listens on ${HTTPS_PORT}: ${err}`);
});

after(() => {
  if (nginx && nginx.exitCode === null) nginx.kill('SIGTERM');
});

/** One request to the TLS site (its throw-away certificate accepted). */
function tls(path, { method = 'GET', cookies = {}, form } = {}) {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  const headers = { host: 'localhost' };
  const jar = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  if (jar) headers.cookie = jar;
  if (body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: HTTPS_PORT, servername: 'localhost', path, method, headers,
      rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text,
        setCookies: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** name -> {value, attrs (lower case)} of Set-Cookie lines. */
function parseCookies(lines) {
  const out = {};
  for (const line of lines) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const i = pair.indexOf('=');
    out[pair.slice(0, i)] = { value: pair.slice(i + 1), attrs: attrs.map((a) => a.toLowerCase()) };
  }
  return out;
}

function assertHostCookie(c, name) {
  assert.ok(c, `${name} is set`);
  assert.ok(c.attrs.includes('secure'), `${name} is Secure`);
  assert.ok(c.attrs.includes('path=/'), `${name} has Path=/ (a __Host- cookie must)`);
  assert.ok(!c.attrs.some((a) => a.startsWith('domain=')), `${name} names no domain (a __Host- cookie must not)`);
}

const securityHeaders = (r, what) => {
  assert.equal(r.headers['strict-transport-security'], 'max-age=31536000', `${what}: HSTS`);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.ok(r.headers['x-frame-options'], `${what}: X-Frame-Options`);
  assert.ok(r.headers['referrer-policy'], `${what}: Referrer-Policy`);
  assert.ok(r.headers['content-security-policy'], `${what}: Content-Security-Policy`);
};

test('over HTTPS every cookie is __Host- and Secure, and a sign-in works with them', async () => {
  const tenant = makeTenant();
  const admin = makeUser(tenant, 'admin', { first: 'Helmi', last: 'Https' });
  const page = await tls('/fi/login');
  assert.equal(page.status, 200);
  const anon = parseCookies(page.setCookies);
  assert.ok(Object.keys(anon).length > 0, 'the sign-in page sets its form cookie');
  for (const name of Object.keys(anon)) assert.match(name, /^__Host-/, `${name} carries the __Host- prefix`);
  assertHostCookie(anon['__Host-vv_csrf'], '__Host-vv_csrf');
  const csrf = page.text.match(/name="csrf" value="([^"]+)"/)[1];

  const jar = { '__Host-vv_csrf': anon['__Host-vv_csrf'].value };
  const r = await tls('/fi/login', { method: 'POST', cookies: jar, form: { email: admin.email, password: admin.password, csrf } });
  assert.equal(r.status, 303, 'signed in');
  const set = parseCookies(r.setCookies);
  for (const name of Object.keys(set)) assert.match(name, /^__Host-/, `${name} carries the __Host- prefix`);
  assertHostCookie(set['__Host-vv_session'], '__Host-vv_session');
  assert.ok(set['__Host-vv_session'].attrs.includes('httponly'), 'the session cookie is HttpOnly');
  assert.equal(set.vv_session, undefined, 'no plain session cookie over HTTPS');

  // The browser sends back what it got: the next page knows who it is.
  for (const [k, v] of Object.entries(set)) jar[k] = v.value;
  const home = await tls('/fi/admin/types', { cookies: jar });
  assert.equal(home.status, 200);
  assert.ok(home.text.includes('Helmi Https'), 'signed in as the admin over HTTPS');
  // The same token under the plain name is no session over HTTPS: a cookie
  // a sibling host or a plain-HTTP answer could have planted.
  const planted = await tls('/fi/admin/types', { cookies: { vv_session: set['__Host-vv_session'].value } });
  assert.notEqual(planted.status, 200, 'a plain-named cookie signs nobody in over HTTPS');
});

test('the shipped TLS site sends HSTS and the security headers on pages, errors, static files and /janus', async () => {
  securityHeaders(await tls('/fi/login'), 'a page');
  const missing = await tls('/fi/no-such-page');
  assert.equal(missing.status, 404);
  securityHeaders(missing, 'a 404 page');
  const css = await tls('/static/vvhome.css');
  assert.equal(css.status, 200);
  securityHeaders(css, 'a static file');
  securityHeaders(await tls('/janus'), '/janus without a ticket');
});

test('the site\'s plain-HTTP server only redirects to HTTPS', async () => {
  const r = await new Promise((resolve, reject) => {
    const req = plainRequest({ host: '127.0.0.1', port: HTTP_PORT, path: '/fi/login', headers: { host: 'localhost' } },
      (res) => { res.resume(); res.on('end', () => resolve(res)); });
    req.on('error', reject);
    req.end();
  });
  assert.equal(r.statusCode, 301);
  assert.equal(r.headers.location, 'https://localhost/fi/login');
  assert.equal(r.headers['set-cookie'], undefined, 'no cookie over plain HTTP');
});
