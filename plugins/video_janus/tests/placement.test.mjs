// Rooms placed on Janus servers (plugins/video_janus/servers.c, issue 13).
// run-http's stack lists two servers, "a" and "b" ([video] servers; both
// names lead to its one Janus, nginx has an upstream for each): each new
// room goes to the server with fewer rooms, the placement is a row every
// host reads, the member ticket names that server for the gate, and a room
// whose server is marked down moves to a live one on the next join, while
// new rooms avoid it. The real loss of a Janus, with two of them and two
// browsers, is tests/browser/server_loss.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTenant, makeUser, sql } from '../../../tests/http/lib.mjs';
import { makeType, makeEventOfType, enrol, policy, session, api, janusHas } from '../../call/tests/call-lib.mjs';

let A, type, op, cust;
const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
const placed = (room) => sql(`SELECT server FROM janus_rooms WHERE room_id = '${room}'`);
const counts = () => {
  const out = { a: 0, b: 0 };
  const rows = sql(`SELECT server, COUNT(*) FROM janus_rooms
    WHERE placed_at > UTC_TIMESTAMP() - INTERVAL 1 DAY GROUP BY server`);
  for (const line of rows ? rows.split('\n') : []) {
    const [s, n] = line.split('\t');
    out[s] = Number(n);
  }
  return out;
};
const setDown = (name, down) => sql(`INSERT INTO janus_servers (name, down_since) VALUES ('${name}',
  ${down ? 'UTC_TIMESTAMP()' : 'NULL'}) ON DUPLICATE KEY UPDATE down_since = VALUES(down_since)`);

before(() => {
  A = makeTenant({ language: 'fi', contract: { maxEventMinutes: 120, maxConcurrent: 50 } });
  type = makeType(A);
  op = makeUser(A, 'operator');
  cust = makeUser(A, 'customer');
  policy(A);
});

after(() => setDown('b', false));

async function joinNew() {
  const ev = makeEventOfType(type, A, op);
  enrol(ev, cust);
  // the customer is let in once staff have joined (the lobby, issue #16)
  const o = await api(await session(op), ev, 'join');
  assert.equal(o.status, 200, o.text);
  const j = await api(await session(cust), ev, 'join');
  assert.equal(j.status, 200, j.text);
  return { ev, room: `vv-${ev.uuid}`, j };
}

test('new rooms go to the server with fewer rooms; the ticket names the server the database has', async () => {
  const seen = new Set();
  for (let i = 0; i < 6; i++) {
    const before = counts();
    const { room, j } = await joinNew();
    const s = placed(room);
    const least = Math.min(before.a, before.b);
    assert.equal(before[s], least, `room ${i} on ${s} with ${JSON.stringify(before)} before`);
    assert.equal(claimsOf(j.json.token).s, s, 'the gate is sent where the room is');
    assert.equal(await janusHas(room), true, 'the room was made');
    seen.add(s);
  }
  assert.deepEqual([...seen].sort(), ['a', 'b'], 'both servers took rooms');
  const after = counts();
  assert.ok(Math.abs(after.a - after.b) <= 1, `spread evenly: ${JSON.stringify(after)}`);
});

test('a room whose server is marked down moves on the next join; new rooms avoid that server', async () => {
  let onB = null;
  for (let i = 0; i < 4 && !onB; i++) {
    const r = await joinNew();
    if (placed(r.room) === 'b') onB = r;
  }
  assert.ok(onB, 'a room on b');
  setDown('b', true);
  try {
    const j = await api(await session(cust), onB.ev, 'join');
    assert.equal(j.status, 200, j.text);
    assert.equal(placed(onB.room), 'a', 'moved to a');
    assert.equal(claimsOf(j.json.token).s, 'a');
    for (let i = 0; i < 3; i++) {
      const { room } = await joinNew();
      assert.equal(placed(room), 'a', 'no new room on a server that is down');
    }
  } finally {
    setDown('b', false);
  }
  const { room } = await joinNew();
  assert.match(placed(room), /^[ab]$/);
});

test('the call ends: its room and its placement go', async () => {
  const { ev, room } = await joinNew();
  assert.ok(placed(room));
  const end = await api(await session(op), ev, 'end');
  assert.equal(end.status, 200, end.text);
  assert.equal(placed(room), '', 'no placement left');
  assert.equal(await janusHas(room), false);
});
