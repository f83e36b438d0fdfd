// Partnerships (R-TY-4), set by the hosting provider with `vvctl partner`: an
// organiser's share page (plugin types) offers and accepts only its partners, and
// ending a partnership ends the shares between the two, with what came through them.
// (The vvctl commands themselves: vvctl.test.mjs; sharing as such: types.test.mjs.)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, ROOT, html, login, csrfOf, makeTenant, makePartners, makeUser, sql, sleep, unique, vvctl,
  fieldError, inputValue, ticked } from './lib.mjs';

/** Text of a types.* entry from xsl/i18n/types.<lang>.xml. */
function tt(lang, key) {
  const xml = readFileSync(`${process.env.VV_BUILD}/share/xsl/i18n/types.${lang}.xml`, 'utf8');
  const m = xml.match(new RegExp(`<m k="${key.replace(/\./g, '\\.')}">([^<]*)</m>`));
  assert.ok(m, `types.${lang}.xml has ${key}`);
  return m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

async function signedIn(user) {
  const c = new Client();
  await login(c, user);
  return c;
}

async function send(c, path, fields = []) {
  const csrf = await csrfOf(c);
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  return c.post(path, [['csrf', csrf], ...pairs]);
}

const groupCustomers = (uuid, tenant) => sql(`SELECT gc.user_id FROM group_customers gc JOIN external_groups g ON g.id = gc.group_id WHERE g.uuid = '${uuid}' AND gc.tenant_id = ${tenant.id} ORDER BY gc.user_id`).split('\n').filter(Boolean).map(Number);
const shares = (uuid) => sql(`SELECT s.tenant_id FROM group_shares s JOIN external_groups g ON g.id = s.group_id WHERE g.uuid = '${uuid}' ORDER BY s.tenant_id`).split('\n').filter(Boolean).map(Number);
const audits = (tenant, action) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${tenant.id} AND action = '${action}'`));

/** A running event (started a minute ago, one hour) of a type and group. */
function runningEvent(tenant, creator, typeId, { groupId, max }) {
  const uuid = sql('SELECT UUID()');
  sql(`INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants, starts_at, ends_at,
       duration_minutes, room_id, status) VALUES ('${uuid}', ${tenant.id}, ${typeId}, ${groupId}, ${creator.id}, ${max},
       UTC_TIMESTAMP() - INTERVAL 1 MINUTE, UTC_TIMESTAMP() + INTERVAL 1 HOUR, 60, '${unique('room')}', 'scheduled')`);
  const id = Number(sql(`SELECT id FROM events WHERE uuid = '${uuid}'`));
  sql(`INSERT INTO event_texts (event_id, language, name) VALUES (${id}, 'fi', '${unique('Luento')}')`);
  return { id, uuid };
}
/** A customer's row as self-enrolment writes it (added_by NULL). */
function join(ev, user, status = 'enrolled') {
  sql(`INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status)
       VALUES (${ev.id}, ${user.tenant.id}, ${user.id}, 'customer', '${status}')`);
  sql(`UPDATE events SET enrolled = (SELECT COUNT(*) FROM event_participants WHERE event_id = ${ev.id}
       AND kind = 'customer' AND status = 'enrolled') WHERE id = ${ev.id}`);
}
const seat = (ev, user) => sql(`SELECT status FROM event_participants WHERE event_id = ${ev.id} AND user_id = ${user.id}`);
const enrolledCount = (ev) => Number(sql(`SELECT enrolled FROM events WHERE id = ${ev.id}`));
const revoked = (tenant, ev, user) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE tenant_id = ${tenant.id}
  AND action = 'enrolment.revoked' AND detail LIKE '%event=${ev.uuid}%' AND detail LIKE '%user=${user.uuid}%'`));

// Tenants that exist on the platform but are nobody's partner here.
let A, B;
before(() => {
  A = makeTenant({ name: unique('Muu kunta') });
  B = makeTenant({ name: unique('Muu järjestäjä'), contract: { sharing: true } });
});

/** A new organiser with an admin session and one external group; {T, admin, s, g, gid, gname}. */
async function organiser() {
  const T = makeTenant({ name: unique('Järjestäjä'), contract: { sharing: true } });
  const admin = makeUser(T, 'admin');
  const s = await signedIn(admin);
  const gname = unique('Ryhmä');
  assert.equal((await send(s, '/fi/admin/groups', { group_name: gname })).status, 303);
  const g = sql(`SELECT uuid FROM external_groups WHERE tenant_id = ${T.id} AND name = '${gname}'`);
  const gid = Number(sql(`SELECT id FROM external_groups WHERE uuid = '${g}'`));
  return { T, admin, s, g, gid, gname };
}

test('the share page lists only the organiser\'s partners; a share with anyone else is refused like a made-up id and writes nothing', async () => {
  const o = await organiser();
  const P = makeTenant({ name: unique('Kumppani') });
  const N = makeTenant({ name: unique('Vieras kunta'), contract: { sharing: true } });
  let r = await o.s.req(`/fi/admin/groups/${o.g}`);
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(html(tt('fi', 'types.group.no-tenants'))), 'no partners yet: nobody listed');
  assert.ok(!r.text.includes(N.name) && !r.text.includes(P.name) && !r.text.includes(B.name));

  makePartners(o.T, P);
  r = await o.s.req(`/fi/admin/groups/${o.g}`);
  assert.ok(r.text.includes(html(P.name)), 'the partner is listed');
  assert.equal(ticked(r.text, `t-${P.uuid}`), false);
  for (const t of [N, A, B]) {
    assert.equal(ticked(r.text, `t-${t.uuid}`), undefined, 'not a partner: not listed');
    assert.ok(!r.text.includes(t.uuid));
  }
  assert.equal(ticked(r.text, `t-${o.T.uuid}`), undefined, 'never itself');
  assert.ok(!r.text.includes(html(N.name)));

  // A real tenant that is not a partner, and an id nobody has: the same answer, byte for byte.
  const updates = audits(o.T, 'group.update');
  const answers = [];
  for (const id of [N.uuid, '0b6f3c1e-8d2a-4c55-9a77-2f1e0d9c8b7a']) {
    r = await send(o.s, `/fi/admin/groups/${o.g}`, [['name', `${o.gname}-x`], ['tenant', P.uuid], ['tenant', id]]);
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'tenants'), html(tt('fi', 'types.err.unknown-tenant')));
    assert.equal(inputValue(r.text, 'name'), `${o.gname}-x`, 'the input is kept');
    answers.push(r.text);
  }
  assert.equal(answers[0], answers[1], 'a non-partner cannot be told from a made-up id');
  assert.deepEqual(shares(o.g), []);
  assert.equal(sql(`SELECT name FROM external_groups WHERE uuid = '${o.g}'`), o.gname, 'nothing saved');
  assert.equal(audits(o.T, 'group.update'), updates);

  // The partner: shared; the partner's admin sees the group, N's does not.
  r = await send(o.s, `/fi/admin/groups/${o.g}`, [['name', o.gname], ['tenant', P.uuid]]);
  assert.equal(r.status, 303);
  assert.deepEqual(shares(o.g), [P.id]);
  const sP = await signedIn(makeUser(P, 'admin'));
  assert.equal((await sP.req(`/fi/admin/shared/${o.g}/customers`)).status, 200);
  const sN = await signedIn(makeUser(N, 'admin'));
  assert.equal((await sN.req(`/fi/admin/shared/${o.g}/customers`)).status, 404);
  // Partnership is both ways, but sharing is still the contract's: P is no organiser.
  assert.equal((await send(sP, '/fi/admin/groups', { group_name: unique('P') })).status, 403);
});

/** A tablet that keeps polling: after poll_check_ms (1 s) every worker's answer shows the change. */
async function pollSettled(c, pred, what) {
  await sleep(1200);
  for (let i = 0; i < 8; i++) {
    const r = await c.req('/fi/ecare/poll');
    assert.equal(r.status, 200);
    const j = JSON.parse(r.text);
    assert.ok(pred(j), `${what}: ${r.text}`);
  }
}

test('ending a partnership ends the shares both ways: choices go, the partner\'s customers leave coming events (alarm too), the queue moves up; audited', async () => {
  const o = await organiser();
  const P = makeTenant({ name: unique('Kumppani'), contract: { sharing: true } });
  const Q = makeTenant({ name: unique('Toinen kumppani') });
  makePartners(o.T, P);
  makePartners(Q, o.T);
  const adminP = makeUser(P, 'admin'), sP = await signedIn(adminP);
  const adminQ = makeUser(Q, 'admin'), sQ = await signedIn(adminQ);
  const p1 = makeUser(P, 'customer'), q1 = makeUser(Q, 'customer'), o1 = makeUser(o.T, 'customer');
  // The organiser shares its group with P and Q; P shares a group of its own with the organiser.
  assert.equal((await send(o.s, `/fi/admin/groups/${o.g}`, [['name', o.gname], ['tenant', P.uuid], ['tenant', Q.uuid]])).status, 303);
  const hname = unique('P-ryhmä');
  assert.equal((await send(sP, '/fi/admin/groups', { group_name: hname })).status, 303);
  const h = sql(`SELECT uuid FROM external_groups WHERE tenant_id = ${P.id} AND name = '${hname}'`);
  const hid = Number(sql(`SELECT id FROM external_groups WHERE uuid = '${h}'`));
  assert.equal((await send(sP, `/fi/admin/groups/${h}`, [['name', hname], ['tenant', o.T.uuid]])).status, 303);
  // Each receiving admin chooses a customer.
  assert.equal((await send(sP, `/fi/admin/shared/${o.g}/customers`, [['customer', p1.uuid]])).status, 303);
  assert.equal((await send(sQ, `/fi/admin/shared/${o.g}/customers`, [['customer', q1.uuid]])).status, 303);
  assert.equal((await send(o.s, `/fi/admin/shared/${h}/customers`, [['customer', o1.uuid]])).status, 303);

  // A running event of the organiser's group with one seat: p1 in it, q1 waiting;
  // a running event of P's group with o1 in it.
  sql(`INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), ${o.T.id}, '${unique('T')}'), (UUID(), ${P.id}, '${unique('T')}')`);
  const typeO = Number(sql(`SELECT id FROM event_types WHERE tenant_id = ${o.T.id}`));
  const typeP = Number(sql(`SELECT id FROM event_types WHERE tenant_id = ${P.id}`));
  const ev = runningEvent(o.T, o.admin, typeO, { groupId: o.gid, max: 1 });
  const evP = runningEvent(P, adminP, typeP, { groupId: hid, max: 5 });
  join(ev, p1);
  join(ev, q1, 'waiting');
  join(evP, o1);
  const tablet = await signedIn(p1);
  await pollSettled(tablet, (j) => j.event?.uuid === ev.uuid, 'enrolled through the share: alarmed');
  const before = Number(sql('SELECT COUNT(*) FROM audit_log WHERE action = \'partner.remove\''));

  const out = vvctl(['partner', 'remove', '--tenant', P.uuid, '--partner', o.T.name]);
  assert.match(out, /2 shares between them ended/);
  assert.equal(sql(`SELECT COUNT(*) FROM tenant_partners WHERE (tenant_id = ${o.T.id} AND partner_id = ${P.id})
    OR (tenant_id = ${P.id} AND partner_id = ${o.T.id})`), '0');
  assert.deepEqual(shares(o.g), [Q.id], 'Q keeps its share');
  assert.deepEqual(shares(h), []);
  assert.deepEqual(groupCustomers(o.g, P), []);
  assert.deepEqual(groupCustomers(h, o.T), []);
  assert.deepEqual(groupCustomers(o.g, Q), [q1.id]);
  assert.equal(seat(ev, p1), '', 'P\'s customer is out of the organiser\'s event');
  assert.equal(seat(ev, q1), 'enrolled', 'Q\'s waiting customer moves into the seat');
  assert.equal(seat(evP, o1), '', 'and the other way round');
  assert.equal(enrolledCount(ev), 1);
  assert.equal(enrolledCount(evP), 0);
  await pollSettled(tablet, (j) => j.event === null, 'no alarm for P\'s customer any more');

  // What each side sees now.
  assert.equal((await sP.req(`/fi/admin/shared/${o.g}/customers`)).status, 404);
  assert.equal((await o.s.req(`/fi/admin/shared/${h}/customers`)).status, 404);
  let r = await o.s.req(`/fi/admin/groups/${o.g}`);
  assert.ok(!r.text.includes(P.uuid), 'P is no longer offered');
  assert.ok(r.text.includes(Q.uuid));
  r = await send(o.s, `/fi/admin/groups/${o.g}`, [['name', o.gname], ['tenant', Q.uuid], ['tenant', P.uuid]]);
  assert.equal(r.status, 422, 'nor accepted');
  assert.deepEqual(shares(o.g), [Q.id]);

  // Audited in both logs, as the hosting provider (no user).
  const log = (t, action) => sql(`SELECT CONCAT(IFNULL(user_id, 'NULL'), ' ', detail) FROM audit_log
    WHERE tenant_id = ${t.id} AND action = '${action}' ORDER BY id`).split('\n').filter(Boolean);
  assert.deepEqual(log(o.T, 'partner.remove'), [`NULL partner=${P.uuid} name=${P.name} shares_ended=2`]);
  assert.deepEqual(log(P, 'partner.remove'), [`NULL partner=${o.T.uuid} name=${o.T.name} shares_ended=2`]);
  assert.equal(Number(sql('SELECT COUNT(*) FROM audit_log WHERE action = \'partner.remove\'')), before + 2);
  assert.deepEqual(log(o.T, 'group.unshare'), [`NULL group=${o.g} tenant=${P.uuid} (partnership ended)`]);
  assert.deepEqual(log(P, 'group.unshare'), [`NULL group=${h} tenant=${o.T.uuid} (partnership ended)`]);
  for (const [t, e, u] of [[o.T, ev, p1], [P, ev, p1], [P, evP, o1], [o.T, evP, o1]])
    assert.equal(revoked(t, e, u), 1, `enrolment.revoked in ${t.name}`);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action IN ('enrolment.revoked', 'enrolment.promote')
    AND detail LIKE '%event=${ev.uuid}%' AND user_id IS NOT NULL`), '0');

  // Again: nothing to end, nothing written.
  assert.match(vvctl(['partner', 'remove', '--tenant', o.T.uuid, '--partner', P.uuid]), /are not partners; nothing changed/);
  assert.equal(log(o.T, 'partner.remove').length, 1);
});

