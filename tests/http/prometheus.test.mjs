// A real Prometheus (Debian's `prometheus`) scrapes the stack's /metrics
// through nginx, as an operator's would: the target is up, and vvhome's
// series are in its database, queried through its HTTP API.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { get, until, VAR, PORT } from './lib.mjs';

const dir = `${VAR}/prometheus-${process.pid}`;
const promPort = Number(PORT) + 33;
mkdirSync(`${dir}/data`, { recursive: true });
writeFileSync(`${dir}/prometheus.yml`, `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: vvhome
    metrics_path: /metrics
    static_configs:
      - targets: ['127.0.0.1:${PORT}']
`);
const prom = spawn('prometheus', [`--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/data`,
  `--web.listen-address=127.0.0.1:${promPort}`], { stdio: ['ignore', 'ignore', 'pipe'] });
let promLog = '';
prom.stderr.on('data', (d) => { promLog += d; });
after(() => {
  prom.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** The samples of an instant query: [{ metric, value: [time, "v"] }]. */
async function query(q) {
  const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`)
    .catch(() => null);
  if (!r || r.status !== 200) return [];
  const j = await r.json();
  return j.status === 'success' ? j.data.result : [];
}

test('Prometheus scrapes /metrics: the target is up and vvhome\'s series are there', async () => {
  await get('/healthz');
  const up = await until(async () => (await query('up{job="vvhome"}')).find((s) => s.value[1] === '1'), 60000,
    `up == 1 (prometheus said: ${promLog.slice(-500)})`);
  assert.equal(up.metric.instance, `127.0.0.1:${PORT}`);
  const info = await until(async () => (await query('vvhome_build_info')), 30000, 'vvhome_build_info');
  assert.equal(info[0].value[1], '1');
  assert.match(info[0].metric.version, /^\d/);
  const routes = await until(async () => (await query('vvhome_route_requests_total{route="/healthz",code="2xx"}')).length &&
    await query('vvhome_route_requests_total{route="/healthz",code="2xx"}'), 30000, 'per-route series');
  assert.ok(Number(routes[0].value[1]) >= 1);
  const hist = await until(async () => (await query('histogram_quantile(0.9, sum by (le) (vvhome_request_duration_seconds_bucket))')).length &&
    await query('histogram_quantile(0.9, sum by (le) (vvhome_request_duration_seconds_bucket))'), 30000, 'a quantile');
  assert.ok(Number.isFinite(Number(hist[0].value[1])), 'the histogram is one Prometheus can read');
});
