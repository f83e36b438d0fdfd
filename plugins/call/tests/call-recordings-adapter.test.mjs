// Recording files are the video adapter's business (issue 10): the call
// plugin lists, converts and joins an event's recordings only by asking the
// adapter, and the calendar's player gets the file to watch from it. Driven
// through the loopback adapter's stand-in recordings (plugins/video_loopback/
// recordings.c): were a plugin to read [video] recordings_dir or Janus's
// file names itself, it would find the Janus-named decoy below and not the
// loopback's streams. Ends with a source check that only the Janus adapter
// names recordings_dir, janus-pp-rec or ffmpeg.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync, rmSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTenant, makeUser, sql, readLog, until, VAR, restoreConf, useConf, useAdapter, adapterSwitchable } from '../../../tests/http/lib.mjs';
import { makeType, makeEventOfType, policy, session } from './call-lib.mjs';

let A, typeA, opA, proA, cust;
const rooms = `${VAR}/loopback-rooms`;

before(() => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 120, maxConcurrent: 50, recording: true } });
  typeA = makeType(A);
  opA = makeUser(A, 'operator');
  proA = makeUser(A, 'professional');
  cust = makeUser(A, 'customer');
  policy(A);
  mkdirSync(rooms, { recursive: true });
});

after(restoreConf);

test('the call plugin lists, converts and joins recordings through the adapter; the calendar plays what it made', async (t) => {
  if (!adapterSwitchable()) { t.skip('the stack names no switchable adapter'); return; }
  const ev = makeEventOfType(typeA, A, opA, { from: -3600, minutes: 30, record: 1, status: 'ended' });
  const room = `vv-${ev.uuid}`;
  const dir = `${rooms}/${room}.rec`;
  mkdirSync(dir, { recursive: true });
  // Raw streams as the stand-in takes them: the professional's picture and
  // sound (begun together), a customer's larger picture, the creator's sound
  // that cannot be converted (empty).
  const raw = {
    [`user-${proA.id}.100.video.raw`]: 'PICTURE-of-the-professional',
    [`user-${proA.id}.100.audio.raw`]: 'SOUND-of-the-professional',
    [`user-${cust.id}.200.video.raw`]: 'PICTURE-of-the-customer-larger-than-the-others',
    [`user-${opA.id}.300.audio.raw`]: '',
  };
  for (const [f, body] of Object.entries(raw)) writeFileSync(`${dir}/${f}`, body);
  // A decoy only a plugin reading Janus's directory itself would find.
  const decoy = `${VAR}/recordings/videoroom-${room}-user-u${opA.id}-1795755749885498-audio-0.opus`;
  writeFileSync(decoy, 'OggS-decoy');
  useAdapter('loopback', `loopback_dir = ${rooms}`);
  try {
    const c = await session(opA);
    const path = `/fi/ecare/events/${ev.uuid}/recordings`;
    // The adapter's count of streams waiting, before any tick.
    const page = await until(async () => {
      const r = await c.req(path);
      return /odottaa: 4/.test(r.text) && r;
    }, 15000, 'the loopback adapter answers for the page');
    assert.equal(page.status, 200);
    assert.equal((page.text.match(/class="recording"/g) || []).length, 0, 'nothing playable yet; not the decoy');
    assert.ok(!page.text.includes('decoy') && !page.text.includes('videoroom-'));
    assert.ok(!existsSync(`${dir}/user-${proA.id}.100.video.webm`), 'the page converts nothing');

    useConf('tick_seconds', '1');
    const video = () => sql(`SELECT IFNULL(session_video, '-') FROM events WHERE id = ${ev.id}`);
    await until(() => video() !== '-', 30000, 'the file to watch recorded');
    assert.equal(video(), 'session.webm', 'the name the adapter gave');
    assert.equal(readFileSync(`${dir}/session.webm`, 'utf8'), 'PICTURE-of-the-professionalSOUND-of-the-professional',
      'the staff member\'s picture with its own sound, never the customer\'s camera');
    assert.equal(sql(`SELECT COUNT(*) FROM events WHERE id = ${ev.id} AND convert_until IS NOT NULL`), '0', 'the claim given back');
    const log = readLog();
    for (const f of Object.keys(raw)) assert.ok(log.includes(`video_loopback: convert ${f} in room ${room}`), f);
    assert.ok(log.includes(`video_loopback: join user-${proA.id}.100.video.webm + user-${proA.id}.100.audio.opus in room ${room}`));

    // The page: three playable files, one failed, none waiting; served by the adapter.
    const after = await c.req(path);
    assert.ok(!after.text.includes('rec-pending'));
    assert.match(after.text, /id="rec-failed"[^>]*>Osaa nauhoitteista ei voitu muuntaa \(tiedostoja: 1\)/);
    assert.equal((after.text.match(/class="recording"/g) || []).length, 3);
    const bodies = [];
    for (const n of [1, 2, 3]) {
      const f = await c.req(`${path}/${n}`);
      assert.equal(f.status, 200);
      assert.match(f.headers.get('content-type'), /^(video\/webm|audio\/ogg)$/);
      assert.match(f.headers.get('content-disposition'), /^inline; filename="user-\d+\.\d+\.(video\.webm|audio\.opus)"$/);
      bodies.push(f.text);
    }
    assert.deepEqual(bodies.sort(), Object.values(raw).filter(Boolean).sort());
    assert.equal((await c.req(`${path}/4`)).status, 404);

    // The calendar's player (enrolment) asks the adapter for the file to watch.
    sql(`INSERT INTO recordings (uuid, tenant_id, type_id, event_id, title, starts_at, languages)
         VALUES (UUID(), ${A.id}, ${typeA}, ${ev.id}, 'Tallenne', UTC_TIMESTAMP() - INTERVAL 1 MINUTE, 'fi')`);
    const rec = sql(`SELECT uuid FROM recordings WHERE event_id = ${ev.id}`);
    const played = await c.req(`/fi/ecare/recording/${rec}/video`);
    assert.equal(played.status, 200);
    assert.equal(played.headers.get('content-type'), 'video/webm');
    assert.equal(played.text, 'PICTURE-of-the-professionalSOUND-of-the-professional');
    assert.equal(readFileSync(decoy, 'utf8'), 'OggS-decoy', 'the decoy untouched');
  } finally {
    await restoreConf();
    rmSync(dir, { recursive: true, force: true });
    rmSync(decoy, { force: true });
  }
});

// Only the Janus adapter knows where Janus records and which tools convert
// its files: no other plugin (nor the core) names them.
test('only plugins/video_janus reads recordings_dir or names janus-pp-rec, ffmpeg or Janus\'s file names', () => {
  const root = process.env.VV_ROOT;
  const sources = (d) => readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    if (statSync(p).isDirectory()) return f === 'tests' ? [] : sources(p);
    return /\.(c|h|xsl)$/.test(f) ? [p] : [];
  });
  const words = /recordings_dir|recordings_accel|janus-pp-rec|pp_rec|ffmpeg|videoroom-|\.mjr\b/;
  const found = [...sources(join(root, 'core')), ...readdirSync(join(root, 'plugins'))
    .filter((p) => p !== 'video_janus').flatMap((p) => sources(join(root, 'plugins', p)))]
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((l, i) => words.test(l) ? `${f.slice(root.length + 1)}:${i + 1}: ${l.trim()}` : null))
    .filter(Boolean);
  assert.deepEqual(found, [], 'named outside the Janus adapter');
  // and the adapter does read it (the check above looks at the right tree)
  assert.ok(readFileSync(join(root, 'plugins/video_janus/recfiles.c'), 'utf8').includes('"recordings_dir"'));
});
