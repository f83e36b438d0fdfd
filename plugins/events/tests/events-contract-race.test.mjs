// Every contract limit re-checked under the tenant's lock when an event is
// created (issue 15, item 5): the hosting provider lowers the contract
// (vvctl contract set) while operators press Lähetä. An event created
// after the change must keep the new limits; those the change caught are
// refused with the limit named next to its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { BUILD, VAR, Client, makeTenant, makeUser, sql, unique } from '../../../tests/http/lib.mjs';
import { fieldError, local, makeType, tc } from './events-lib.mjs';

function vvctlAsync(args) {
  return new Promise((resolve, reject) => {
    execFile(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args], { encoding: 'utf8' },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
  });
}

/** A signed-in client without the Argon2 login: a session row with a known token and CSRF. */
function session(u) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, idle_expires_at, expires_at)
       VALUES ('${createHash('sha256').update(token).digest('hex')}', ${u.id}, ${u.tenant.id}, '${csrf}', 'password',
         UTC_TIMESTAMP() + INTERVAL 1 HOUR, UTC_TIMESTAMP() + INTERVAL 1 HOUR)`);
  const c = new Client();
  c.cookies.set('vv_session', token);
  c.csrf = csrf;
  return c;
}

const auditIds = (tenant, action) => sql(`SELECT id FROM audit_log WHERE tenant_id = ${tenant.id} AND action = '${action}'
  ORDER BY id`).split('\n').filter(Boolean).map(Number);

test('THE RACE: the contract lowered while events are created: none created after the change breaks it', async () => {
  for (let round = 0; round < 3; round++) {
    const T = makeTenant({ contract: { maxParticipants: 30, recording: true, maxEventMinutes: 240, maxConcurrent: 50 } });
    const type = makeType(T, unique('Kilpa'));
    const cs = Array.from({ length: 8 }, () => session(makeUser(T, 'operator')));
    // Each fits the contract as it was (20 people, recorded, 3 hours), on a day of its own.
    const forms = cs.map((_, i) => ({ max: '20', type: type.uuid, date: local(Date.now() + (60 + i) * 86400000).date,
      time: '10:00', duration: '180', lang: 'fi', name_fi: unique('Jumppa'), description_fi: '', record: '1' }));
    const jobs = [
      ...cs.map((c, i) => () => c.post('/fi/ecare/events/new', { ...forms[i], csrf: c.csrf })),
      () => vvctlAsync(['contract', 'set', '--tenant', T.uuid, '--max-participants', '10', '--recording', 'no',
        '--max-event-minutes', '60']).then(() => null),
    ];
    for (let i = jobs.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
    }
    const rs = (await Promise.all(jobs.map((j) => j()))).filter(Boolean);
    const [set] = auditIds(T, 'contract.set').slice(-1);
    const made = auditIds(T, 'event.create');
    assert.deepEqual(made.filter((id) => id > set), [], `round ${round}: no event created after the contract was lowered`);
    assert.equal(rs.filter((r) => r.status === 303).length, made.length, `round ${round}: one audit per event`);
    assert.equal(Number(sql(`SELECT COUNT(*) FROM events WHERE tenant_id = ${T.id}`)), made.length);
    for (const r of rs) {
      if (r.status === 303) continue;
      assert.equal(r.status, 422, `round ${round}: refused, not failed`);
      // The first limit the form breaks is named next to its field.
      assert.equal(fieldError(r.text, 'max'), tc('contract.capacity', '10'), `round ${round}: the new capacity named`);
    }
  }
});
