// The call plugin's recordings and its ticker: the recordings page's access
// and files, events ended by the ticker when nobody looked, conversion of
// Janus's recordings and the one file to watch made of them (R-CA-6, R-RE-4).
// Janus runs in run-http's stack; the stack's ticks are off until a test
// turns them on (useConf).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync, symlinkSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { get, makeTenant, makeUser, sql, readLog, until, VAR, restoreConf, useConf, sleep } from '../../../tests/http/lib.mjs';
import { makeType, makeEventOfType, enrol, policy, session, api, janusHas } from './call-lib.mjs';

let A, B, typeA, opA, adminA, proA, cust, opB;
const makeEvent = (tenant, creator, opts) => makeEventOfType(typeA, tenant, creator, opts);

before(() => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 120, maxConcurrent: 50, recording: true } });
  B = makeTenant({ language: 'fi' });
  typeA = makeType(A);
  opA = makeUser(A, 'operator');
  adminA = makeUser(A, 'admin');
  proA = makeUser(A, 'professional');
  cust = makeUser(A, 'customer');
  opB = makeUser(B, 'operator');
  policy(A);
});

after(restoreConf);

test('recordings page: admins and operators of the tenant only; lists converted files', async () => {
  const ev = makeEvent(A, opA, { from: -3600, minutes: 30, record: 1 });
  const path = `/fi/ecare/events/${ev.uuid}/recordings`;
  const r = await (await session(opA)).req(path);
  assert.equal(r.status, 200);
  assert.match(r.text, /recordings-table|<p>/);
  assert.equal((await (await session(adminA)).req(path)).status, 200);
  assert.equal((await (await session(opB)).req(path)).status, 404);
  assert.equal((await (await session(cust)).req(path)).status, 403);
  assert.equal((await (await session(proA)).req(path)).status, 403, 'professionals: not theirs to see');
  assert.equal((await (await session(proA)).req(`${path}/1`)).status, 403);
  assert.equal((await (await session(opA)).req(`${path}/1`)).status, 404);
  // the call page links to them for admins and operators only
  const running = makeEvent(A, opA, { record: 1 });
  const link = `/fi/ecare/events/${running.uuid}/recordings"`;
  assert.ok((await (await session(opA)).req(`/fi/ecare/call/${running.uuid}`)).text.includes(link));
  assert.ok((await (await session(adminA)).req(`/fi/ecare/call/${running.uuid}`)).text.includes(link));
  const pro = await (await session(proA)).req(`/fi/ecare/call/${running.uuid}`);
  assert.equal(pro.status, 200);
  assert.ok(!pro.text.includes('/recordings'), 'no link for a professional');
});

test('recording files: only regular files named as Janus names them; no link followed; a safe file name', async () => {
  const ev = makeEvent(A, opA, { from: -3600, minutes: 30, record: 1 });
  const dir = `${VAR}/recordings`, pre = `videoroom-vv-${ev.uuid}-user-`;
  const good = `${pre}u${opA.id}-1795755749885498-audio-0.opus`;
  const body = 'OggS' + randomBytes(64).toString('hex');
  const made = [good, `${pre}evil.opus`, `${pre}u1"x-1795755749885498-audio-0.opus`, `${pre}u1-17957-audio-0.opus.bak`,
    `${pre}u1-x-audio-0.webm`, `${pre}u2-1795755749885499-video-1.webm`, `${pre}u3-1795755749885499-video-1.webm`];
  writeFileSync(`${dir}/${good}`, body);
  for (const f of made.slice(1, 5)) writeFileSync(`${dir}/${f}`, 'x');
  symlinkSync('/etc/passwd', `${dir}/${made[5]}`);
  execFileSync('mkfifo', [`${dir}/${made[6]}`]);
  try {
    const c = await session(opA);
    const path = `/fi/ecare/events/${ev.uuid}/recordings`;
    const page = await c.req(path);
    assert.equal(page.status, 200);
    assert.equal((page.text.match(/class="recording"/g) || []).length, 1, 'only the well-named regular file');
    assert.ok(page.text.includes(good));
    const f = await c.req(`${path}/1`);
    assert.equal(f.status, 200);
    assert.equal(f.text, body);
    assert.equal(f.headers.get('content-type'), 'audio/ogg');
    assert.equal(f.headers.get('content-disposition'), `inline; filename="${good}"`);
    // nginx sends it (X-Accel-Redirect), so a player can seek: a range answers 206
    const part = await c.req(`${path}/1`, { headers: { range: 'bytes=0-3' } });
    assert.equal(part.status, 206);
    assert.equal(part.text, 'OggS');
    assert.equal((await get('/_vv_recordings/' + good)).status, 404, 'never reachable directly');
    for (const n of [2, 3]) assert.equal((await c.req(`${path}/${n}`)).status, 404);
    assert.ok(!f.text.includes('root:'));
  } finally {
    for (const f of made) rmSync(`${dir}/${f}`, { force: true });
  }
});

test('ticks: an event whose time ran out while nobody looked is ended by the server: status, one audit row, room torn down', async () => {
  const ev = makeEvent(A, opA, { from: -120, minutes: 30 });
  enrol(ev, cust);
  assert.equal((await api(await session(opA), ev, 'join')).status, 200);
  assert.equal(await janusHas(`vv-${ev.uuid}`), true, 'the join made the room');
  sql(`UPDATE events SET ends_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = ${ev.id}`);
  await sleep(1500);
  assert.equal(sql(`SELECT status FROM events WHERE id = ${ev.id}`), 'scheduled', 'ticks off: nothing ends it unasked');
  useConf('tick_seconds', '1');
  try {
    await until(() => sql(`SELECT status FROM events WHERE id = ${ev.id}`) === 'ended', 30000, 'ended by a tick');
    await sleep(2500); // the ticker has ticked again since
    assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'call.expire' AND detail = 'event ${ev.uuid}'
      AND user_id IS NULL AND tenant_id = ${A.id}`), '1', 'ended once, in its tenant\'s log, by nobody');
    assert.equal(await janusHas(`vv-${ev.uuid}`), false, 'the room is torn down');
  } finally {
    await restoreConf();
  }
});

test('the file to watch shows the creator, else a staff member, never a customer\'s camera (R-RE-4)', async () => {
  const dir = `${VAR}/recordings`;
  const made = [];
  // Converted streams as janus-pp-rec leaves them: one-second VP8 and Opus files.
  const streams = (ev, who, ts) => {
    for (const [kind, mid, ext, args] of [['video', 1, 'webm', ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=1', '-c:v', 'libvpx']],
      ['audio', 0, 'opus', ['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'libopus']]]) {
      const f = `${dir}/videoroom-vv-${ev.uuid}-user-${who}-${ts}-${kind}-${mid}.${ext}`;
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', ...args, '-f', ext === 'webm' ? 'webm' : 'ogg', f]);
      made.push(f);
    }
  };
  const onlyCustomer = makeEvent(A, opA, { from: -3600, minutes: 30, record: 1, status: 'ended' });
  streams(onlyCustomer, `u${cust.id}`, '1795755749885498');
  const staffToo = makeEvent(A, opA, { from: -3600, minutes: 30, record: 1, status: 'ended' });
  streams(staffToo, `u${cust.id}`, '1795755749885498');
  streams(staffToo, `u${proA.id}`, '1795755749885499');
  const video = (ev) => sql(`SELECT IFNULL(session_video, '-') FROM events WHERE id = ${ev.id}`);
  useConf('tick_seconds', '1');
  try {
    await until(() => video(onlyCustomer) !== '-' && video(staffToo) !== '-', 30000, 'both looked at');
    assert.equal(video(onlyCustomer), '', 'nothing made of a customer\'s camera');
    assert.equal(video(staffToo), `session-vv-${staffToo.uuid}.webm`, 'made of the staff member\'s');
    made.push(`${dir}/session-vv-${staffToo.uuid}.webm`);
    const kinds = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0',
      `${dir}/session-vv-${staffToo.uuid}.webm`], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(kinds, ['audio', 'video']);
    assert.equal(sql(`SELECT COUNT(*) FROM events WHERE id IN (${onlyCustomer.id}, ${staffToo.id}) AND convert_until IS NOT NULL`), '0',
      'the claims are given back');
  } finally {
    await restoreConf();
    for (const f of made) rmSync(f, { force: true });
  }
});

test('recordings: waiting ones are announced, not converted by the page; a tick converts; a failed one is said and not retried', async () => {
  const ev = makeEvent(A, opA, { from: -3600, minutes: 30, record: 1, status: 'ended' });
  const dir = `${VAR}/recordings`;
  const mjr = `videoroom-vv-${ev.uuid}-user-u${opA.id}-1795755749885498-audio-0.mjr`;
  writeFileSync(`${dir}/${mjr}`, 'not a Janus recording');
  const out = `${dir}/${mjr.replace(/\.mjr$/, '.opus')}`;
  try {
    const c = await session(opA);
    const path = `/fi/ecare/events/${ev.uuid}/recordings`;
    let page = await c.req(path);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="rec-pending"[^>]*>Nauhoitteita muunnetaan katseltaviksi \(odottaa: 1\)/);
    assert.ok(!existsSync(out), 'the page converts nothing');
    useConf('tick_seconds', '1');
    await until(() => existsSync(out), 15000, 'a tick tried it');
    const failures = () => readLog().split('\n').filter((l) => l.includes(`converting ${mjr} failed`)).length;
    await until(() => failures() === 1, 5000, 'the failure logged');
    assert.match(readLog(), /video_janus: janus-pp-rec exited with \d+/, 'the tool ran and failed (not: could not run)');
    await sleep(2500);
    assert.equal(failures(), 1, 'not tried again each tick');
    page = await c.req(path);
    assert.ok(!page.text.includes('rec-pending'));
    assert.match(page.text, /id="rec-failed"[^>]*>Osaa nauhoitteista ei voitu muuntaa \(tiedostoja: 1\)/);
    assert.equal((page.text.match(/class="recording"/g) || []).length, 0, 'an empty file is no recording');
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.part-')), [], 'no temporary file left');
  } finally {
    await restoreConf();
    rmSync(`${dir}/${mjr}`, { force: true });
    rmSync(out, { force: true });
  }
});
