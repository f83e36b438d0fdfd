// Who may see an event, changed while customers enrol in it (issue 15,
// item 5): taking a type away from a customer and turning sharing off in
// an organiser's contract, each raced against enrolments as concurrent
// requests. Afterwards the rows must agree with the rule (vv/care.h): no
// customer keeps a seat or a place in the queue of an event they no
// longer see, the seats freed go to those still waiting who do, and the
// counter on the event equals its enrolled customers.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { BUILD, VAR, Client, makePartners, makeTenant, makeUser, sql, t, unique } from './lib.mjs';

const q = (s) => (s === null || s === undefined ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);
const sqlTime = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** vvctl without blocking the event loop: it runs while the requests do. */
function vvctlAsync(args) {
  return new Promise((resolve, reject) => {
    execFile(`${BUILD}/vvctl`, ['-c', `${VAR}/vvhome.conf`, ...args], { encoding: 'utf8' },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
  });
}

function makeType(tenant) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES ('${uuid}', ${tenant.id}, ${q(unique('Tyyppi'))})`);
  return { id: Number(sql(`SELECT id FROM event_types WHERE uuid = '${uuid}'`)), uuid };
}

function makeGroup(tenant) {
  const uuid = sql('SELECT UUID()');
  const name = unique('Ryhmä');
  sql(`INSERT INTO external_groups (uuid, tenant_id, name) VALUES ('${uuid}', ${tenant.id}, ${q(name)})`);
  return { id: Number(sql(`SELECT id FROM external_groups WHERE uuid = '${uuid}'`)), uuid, name };
}

function makeEvent(tenant, creator, type, { max = 5, group = null } = {}) {
  const uuid = sql('SELECT UUID()');
  const start = Date.now() + 2 * 86400000;
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, starts_at,
         ends_at, duration_minutes, room_id, status)
       VALUES ('${uuid}', ${tenant.id}, ${type.id}, ${group ? group.id : 'NULL'}, ${creator.id}, ${max},
         '${sqlTime(start)}', '${sqlTime(start + 3600000)}', 60, ${q(unique('room'))}, 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name, description) VALUES (${id}, 'fi', ${q(unique('Jumppa'))}, '')`);
  return { id, uuid };
}

/** Signed-in clients without the Argon2 login: session rows with known tokens. */
function sessions(users) {
  const rows = users.map((u) => {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    const c = new Client();
    c.cookies.set('vv_session', token);
    c.csrf = csrf;
    u.client = c;
    return `('${createHash('sha256').update(token).digest('hex')}', ${u.id}, ${u.tenant.id}, '${csrf}',
      'password', UTC_TIMESTAMP() + INTERVAL 1 HOUR, UTC_TIMESTAMP() + INTERVAL 1 HOUR)`;
  });
  sql(`INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, idle_expires_at, expires_at)
       VALUES ${rows.join(',')}`);
}

/** n customers of tenant in one statement, with sessions. */
function customers(tenant, n) {
  const tag = unique('race').toLowerCase();
  const values = Array.from({ length: n }, (_, i) =>
    `(UUID(), ${tenant.id}, '${tag}-${i}@example.org', 'Kilpa', 'Asiakas${i}', 'customer', 'fi')`);
  sql(`INSERT INTO users (uuid, tenant_id, email, first_name, last_name, role, language) VALUES ${values.join(',')}`);
  const users = sql(`SELECT id, uuid FROM users WHERE tenant_id = ${tenant.id} AND email LIKE '${tag}-%' ORDER BY id`)
    .split('\n').map((l) => l.split('\t')).map(([id, uuid]) => ({ id: Number(id), uuid, tenant }));
  sessions(users);
  return users;
}

const assignType = (type, users) => sql(`INSERT INTO type_customers (type_id, user_id, tenant_id)
  VALUES ${users.map((u) => `(${type.id}, ${u.id}, ${u.tenant.id})`).join(',')}`);
const chooseGroup = (group, users) => sql(`INSERT INTO group_customers (group_id, user_id, tenant_id)
  VALUES ${users.map((u) => `(${group.id}, ${u.id}, ${u.tenant.id})`).join(',')}`);
const join = (ev, u, status) => sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
  VALUES (${ev.id}, ${u.tenant.id}, ${u.id}, 'customer', '${status}')`);
const enrol = (u, ev) => u.client.post(`/fi/ecare/index/event/${ev.uuid}/enrol`, { csrf: u.client.csrf, waitlist: '1' });

const rows = (ev) => sql(`SELECT user_id, status FROM event_participants WHERE event_id = ${ev.id} ORDER BY id`)
  .split('\n').filter(Boolean).map((l) => l.split('\t')).map(([user, status]) => ({ user: Number(user), status }));
const counter = (ev) => Number(sql(`SELECT enrolled FROM events WHERE id = ${ev.id}`));
const audits = (tenant, action, like) => Number(sql(`SELECT COUNT(*) FROM audit_log
  WHERE tenant_id = ${tenant.id} AND action = '${action}' AND detail LIKE ${q(like)}`));

/** Rows of ev whose customer the rule no longer lets see it (VV_CARE_SEES, said in SQL here). */
const unseen = (ev) => Number(sql(`SELECT COUNT(*) FROM event_participants p JOIN events e ON e.id = p.event_id
  WHERE p.event_id = ${ev.id} AND p.kind = 'customer' AND p.status IN ('enrolled', 'waiting')
    AND NOT EXISTS (SELECT 1 FROM type_customers tc WHERE tc.tenant_id = p.tenant_id AND tc.user_id = p.user_id
                    AND tc.type_id = e.type_id AND tc.tenant_id = e.tenant_id)
    AND NOT EXISTS (SELECT 1 FROM group_customers gc JOIN group_shares s ON s.group_id = gc.group_id
                    AND s.tenant_id = gc.tenant_id
                    WHERE gc.tenant_id = p.tenant_id AND gc.user_id = p.user_id AND gc.group_id = e.group_id)`));

/** Shuffled copy: the two kinds of request interleave in no fixed order. */
function shuffled(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

let A, adminA;
before(() => {
  A = makeTenant({ contract: { maxParticipants: 200 } });
  adminA = makeUser(A, 'admin');
  sessions([adminA]);
});

test('THE RACE: an admin takes the type from customers while they enrol: no enrolment is left that they no longer see', async () => {
  const leftovers = [];
  for (let round = 0; round < 3; round++) {
    const type = makeType(A);
    const ev = makeEvent(A, adminA, type, { max: 100 });
    const cs = customers(A, 30);
    assignType(type, cs);
    // Each customer presses Ilmoittaudu while the admin saves their page with no type ticked.
    const jobs = shuffled([
      ...cs.map((u) => () => enrol(u, ev).then((r) => ({ kind: 'enrol', u, r }))),
      ...cs.map((u) => () => adminA.client.post(`/fi/admin/customers/${u.uuid}/types`, { csrf: adminA.client.csrf })
        .then((r) => ({ kind: 'remove', u, r }))),
    ]);
    const done = await Promise.all(jobs.map((j) => j()));
    for (const { kind, r } of done) {
      if (kind === 'remove') assert.equal(r.status, 303, `round ${round}: the admin's save went through`);
      else assert.ok([303, 404].includes(r.status), `round ${round}: enrol answered ${r.status}`);
    }
    assert.equal(Number(sql(`SELECT COUNT(*) FROM type_customers WHERE type_id = ${type.id}`)), 0);
    leftovers.push(rows(ev).length);
    assert.equal(unseen(ev), 0, `round ${round}: rows of customers who no longer see the event`);
    assert.deepEqual(rows(ev), [], `round ${round}: nobody is left in the event`);
    assert.equal(counter(ev), 0, `round ${round}: events.enrolled`);
    // Every enrolment that went through before the removal was taken back, audited.
    const enrolled = audits(A, 'enrolment.enrol', `event=${ev.uuid}%`);
    assert.equal(audits(A, 'enrolment.revoked', `event=${ev.uuid}%`), enrolled, `round ${round}: revocations audited`);
    // One that lost the race says so in words, on the calendar.
    for (const { kind, u, r } of done) {
      if (kind !== 'enrol' || r.status !== 303) continue;
      const loc = r.headers.get('location');
      if (!loc.includes('done=unavailable')) continue;
      const cal = await u.client.req(loc);
      assert.ok(cal.text.includes(t('fi', 'enrol.flash.unavailable')), 'the calendar says why');
    }
  }
});

test('a type taken away before the press: no page of the event, no row', async () => {
  // The page was loaded, then the type went, then the press.
  const type = makeType(A);
  const ev = makeEvent(A, adminA, type);
  const [u] = customers(A, 1);
  assignType(type, [u]);
  assert.equal((await u.client.req(`/fi/ecare/index/event/${ev.uuid}`)).status, 200);
  sql(`DELETE FROM type_customers WHERE type_id = ${type.id}`);
  const r = await enrol(u, ev);
  assert.equal(r.status, 404, 'the event is not theirs any more: no page of it');
  assert.deepEqual(rows(ev), []);
});

test('THE RACE: sharing turned off in the contract while partner customers enrol: the shares end, they leave, the queue moves up', async () => {
  const O = makeTenant({ name: unique('Järjestäjä'), contract: { sharing: true, maxParticipants: 200 } });
  const B = makeTenant({ name: unique('Hoivakoti B') });
  makePartners(O, B);
  const adminO = makeUser(O, 'admin');
  sessions([adminO]);
  const type = makeType(O);
  const group = makeGroup(O);
  sql(`INSERT INTO group_shares (group_id, tenant_id) VALUES (${group.id}, ${B.id})`);
  const ev = makeEvent(O, adminO, type, { max: 4, group });
  // In place before: two of B's customers seated, one of O's seated, one of O's and one of B's waiting.
  const own = customers(O, 2);
  assignType(type, own);
  const bs = customers(B, 33);
  chooseGroup(group, bs);
  join(ev, bs[0], 'enrolled');
  join(ev, bs[1], 'enrolled');
  join(ev, own[0], 'enrolled');
  join(ev, bs[2], 'waiting');
  join(ev, own[1], 'waiting');
  sql(`UPDATE events SET enrolled = 3 WHERE id = ${ev.id}`);

  // The organiser sees the share they have: the group and whom it is shared with.
  const list = await adminO.client.req('/fi/admin/types');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(B.name), 'the organiser\'s list names the tenant the group is shared with');

  const racers = bs.slice(3);
  const results = await Promise.all(shuffled([
    ...racers.map((u) => () => enrol(u, ev)),
    () => vvctlAsync(['contract', 'set', '--tenant', O.uuid, '--sharing', 'no']),
  ]).map((j) => j()));
  for (const r of results) if (typeof r === 'object') assert.ok([303, 404].includes(r.status), `enrol answered ${r.status}`);

  assert.equal(Number(sql(`SELECT sharing_allowed FROM contracts WHERE tenant_id = ${O.id}`)), 0);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM group_shares WHERE group_id = ${group.id}`)), 0, 'the share ended');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM group_customers WHERE group_id = ${group.id}`)), 0, 'B\'s choices went with it');
  assert.equal(unseen(ev), 0, 'nobody of B is left in the event');
  // O's own: the one seated stays, the one waiting moved up into a freed seat.
  assert.deepEqual(rows(ev), [{ user: own[0].id, status: 'enrolled' }, { user: own[1].id, status: 'enrolled' }]);
  assert.equal(counter(ev), 2);
  assert.equal(audits(O, 'group.unshare', `group=${group.uuid} tenant=${B.uuid}%`), 1, 'the ended share audited');
  assert.equal(audits(O, 'enrolment.promote', `event=${ev.uuid}%`), 1, 'the promotion audited');
  assert.ok(audits(B, 'enrolment.revoked', `event=${ev.uuid}%`) >= 3, 'B\'s customers taken out, audited in B\'s log');

  // Turned on again, nothing comes back by itself; the organiser's list shows no share.
  await vvctlAsync(['contract', 'set', '--tenant', O.uuid, '--sharing', 'yes']);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM group_shares WHERE group_id = ${group.id}`)), 0);
  const after = await adminO.client.req('/fi/admin/types');
  assert.ok(!after.text.includes(B.name), 'no share listed any more');
});

test('THE RACE: the organiser saves a share while sharing is turned off: no share outlives the contract', async () => {
  for (let round = 0; round < 5; round++) {
    const O = makeTenant({ contract: { sharing: true } });
    const B = makeTenant();
    makePartners(O, B);
    const adminO = makeUser(O, 'admin');
    sessions([adminO]);
    const group = makeGroup(O);
    const [save] = await Promise.all(shuffled([
      () => adminO.client.post(`/fi/admin/groups/${group.uuid}`, { csrf: adminO.client.csrf, name: group.name, tenant: B.uuid }),
      () => vvctlAsync(['contract', 'set', '--tenant', O.uuid, '--sharing', 'no']).then(() => null),
    ]).map((j) => j())).then((rs) => rs.filter(Boolean));
    assert.ok([303, 403].includes(save.status), `round ${round}: the save answered ${save.status}`);
    assert.equal(Number(sql(`SELECT COUNT(*) FROM group_shares WHERE group_id = ${group.id}`)), 0,
      `round ${round}: no share left (the save answered ${save.status})`);
    // A save that went through first was ended by the contract change, and the log says so.
    const ended = audits(O, 'group.unshare', `group=${group.uuid} tenant=${B.uuid} (sharing turned off)`);
    const saved = audits(O, 'group.update', `group=${group.uuid}%shares=1`);
    assert.equal(ended, saved, `round ${round}: each saved share ended and audited`);
  }
});
