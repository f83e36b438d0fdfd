#!/usr/bin/env python3
"""A provider-sized data set for vvhome, deterministic from a seed (issue 12).

Writes one tab-separated file per table into OUT and OUT/load.sql, which
loads them with LOAD DATA LOCAL INFILE into a migrated, empty database
(tools/data.sh does both). For SCALE events (default 1,000,000):

  SCALE/10,000 tenants (100 at a million; each tenant's data has the same
  density at every SCALE, so that sizes compare) in partner pairs, each sharing an external group with its
  partner; SCALE/10 users (nine in ten customers, a few staff per tenant);
  5 event types per tenant with every customer in one to three of them;
  SCALE events over two years past and one ahead on the 15-minute grid,
  names in one to three languages, some for the external group, past ones
  ended or cancelled, a few under way now; enrolments (and a waiting list
  when an event is full); SCALE/100 calendar recordings with every repeat
  rule; a signed-in tablet (a link session) for every customer and a
  password session for every operator, whose tokens are derived from the
  seed (token_of below) and listed in OUT/tokens.txt (user id, tenant id,
  role, token; every session's CSRF token is 43 x) so that a benchmark can
  act as any of them.

The same SCALE and seed give the same rows, byte for byte, whatever the
day: times are relative to an anchor (--now, default: the current hour)
that is written into the files, so only --now moves them.
"""
import argparse
import datetime as dt
import hashlib
import hmac
import os
import random
import sys
import uuid

TENANTS = 0  # SCALE / 10,000, set in main()
TYPES_PER_TENANT = 5
LANGS = ('fi', 'sv', 'en')
REPEATS = ('once', 'daily', 'weekdays', 'weekly', 'biweekly', 'monthly')
NAMES = {
    'fi': ('Tuolijumppa', 'Muistikahvila', 'Luento', 'Laulutuokio', 'Tasapainoharjoitus', 'Kahvihetki'),
    'sv': ('Stolgympa', 'Minneskafé', 'Föreläsning', 'Sångstund', 'Balansträning', 'Kaffestund'),
    'en': ('Chair exercise', 'Memory café', 'Lecture', 'Sing-along', 'Balance training', 'Coffee round'),
}
FIRST = ('Aino', 'Eino', 'Helmi', 'Toivo', 'Lempi', 'Väinö', 'Ester', 'Åke', 'Saima', 'Onni')
LAST = ('Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Öhman', 'Lindqvist')


def token_of(seed, kind, user_id):
    """The session token of user_id (kind 'c' tablet, 's' staff): what a
    benchmark sends as the vv_session cookie; the database holds its SHA-256."""
    mac = hmac.new(f'vvhome-data-{seed}'.encode(), f'{kind}{user_id}'.encode(), hashlib.sha256)
    return mac.hexdigest()[:43]


class Table:
    """One output file; rows are written as they are made (nothing held)."""

    def __init__(self, out, name, cols):
        self.name, self.cols = name, cols
        self.path = os.path.join(out, name + '.tsv')
        self.f = open(self.path, 'w', encoding='utf-8', newline='\n')
        self.n = 0

    def row(self, *vals):
        assert len(vals) == len(self.cols), (self.name, vals)
        self.f.write('\t'.join('\\N' if v is None else str(v) for v in vals) + '\n')
        self.n += 1

    def close(self):
        self.f.close()


def fmt(t):
    return t.strftime('%Y-%m-%d %H:%M:%S')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--scale', type=int, default=1_000_000, help='events (default 1,000,000)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--now', help='anchor time, UTC "YYYY-MM-DD HH:MM" (default: this hour)')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    if a.scale < 1000:
        sys.exit('gen-data: --scale must be at least 1000')
    global TENANTS
    TENANTS = max(2, a.scale // 10_000)
    rng = random.Random(a.seed)
    now = (dt.datetime.strptime(a.now, '%Y-%m-%d %H:%M') if a.now
           else dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, minute=0, second=0, microsecond=0))
    os.makedirs(a.out, exist_ok=True)

    def uid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    T = {}

    def table(name, *cols):
        T[name] = Table(a.out, name, cols)
        return T[name]

    tenants = table('tenants', 'id', 'uuid', 'name', 'timezone', 'language')
    contracts = table('contracts', 'tenant_id', 'max_participants', 'recording_allowed', 'sharing_allowed',
                      'max_event_minutes', 'max_concurrent_events')
    policies = table('tenant_policies', 'tenant_id', 'hangup_presses', 'end_policy', 'default_capacity',
                     'warning_minutes')
    partners = table('tenant_partners', 'tenant_id', 'partner_id')
    users = table('users', 'id', 'uuid', 'tenant_id', 'email', 'first_name', 'last_name', 'role', 'language',
                  'active')
    sessions = table('sessions', 'id', 'token_hash', 'user_id', 'tenant_id', 'csrf', 'kind', 'last_seen',
                     'idle_expires_at', 'expires_at')
    types = table('event_types', 'id', 'uuid', 'tenant_id', 'name')
    type_customers = table('type_customers', 'type_id', 'user_id', 'tenant_id')
    groups = table('external_groups', 'id', 'uuid', 'tenant_id', 'name')
    shares = table('group_shares', 'group_id', 'tenant_id')
    group_customers = table('group_customers', 'group_id', 'user_id', 'tenant_id')
    events = table('events', 'id', 'uuid', 'tenant_id', 'type_id', 'group_id', 'creator_id', 'max_participants',
                   'record', 'forced_answer', 'starts_at', 'ends_at', 'duration_minutes', 'room_id', 'status',
                   'enrolled', 'cancelled_at')
    texts = table('event_texts', 'event_id', 'language', 'name', 'description')
    parts = table('event_participants', 'id', 'event_id', 'tenant_id', 'user_id', 'kind', 'status')
    recs = table('recordings', 'id', 'uuid', 'tenant_id', 'type_id', 'group_id', 'youtube_id', 'title',
                 'starts_at', 'repeat', 'until_date', 'status', 'languages')

    n_users = a.scale // 10
    tokens = open(os.path.join(a.out, 'tokens.txt'), 'w', encoding='ascii')
    per_tenant = n_users // TENANTS
    far = fmt(now + dt.timedelta(days=3650))
    staff_of, customers_of, type_ids, group_of, tz_of = {}, {}, {}, {}, {}
    uid_n = sid_n = 0
    for t in range(1, TENANTS + 1):
        lang = 'sv' if t % 10 == 3 else 'fi'
        tz = 'Europe/Stockholm' if t % 10 == 7 else 'Europe/Helsinki'
        tz_of[t] = tz
        tenants.row(t, uid(), f'Organisaatio {t:03d}', tz, lang)
        contracts.row(t, 40, 1, 1, 240, 100)
        policies.row(t, 2, 'creator_admin', 10, 5)
        partner = t + 1 if t % 2 else t - 1
        if 1 <= partner <= TENANTS:
            partners.row(t, partner)
        staff_of[t], customers_of[t] = [], []
        n_staff = max(3, per_tenant // 10)
        for i in range(per_tenant):
            uid_n += 1
            role = 'admin' if i == 0 else ('operator' if i < n_staff * 2 // 3 else
                                           'professional' if i < n_staff else 'customer')
            ulang = rng.choice(LANGS) if rng.random() < 0.1 else lang
            users.row(uid_n, uid(), t, f'u{uid_n}@org{t:03d}.example', rng.choice(FIRST), rng.choice(LAST),
                      role, ulang, 1)
            (customers_of if role == 'customer' else staff_of)[t].append(uid_n)
            if role in ('customer', 'operator'):
                sid_n += 1
                kind = 'link' if role == 'customer' else 'password'
                tok = token_of(a.seed, 'c' if role == 'customer' else 's', uid_n)
                sessions.row(sid_n, hashlib.sha256(tok.encode()).hexdigest(), uid_n, t, 'x' * 43, kind,
                             fmt(now), far, far)
                tokens.write(f'{uid_n}\t{t}\t{role}\t{tok}\n')
        type_ids[t] = []
        for k in range(TYPES_PER_TENANT):
            tid = (t - 1) * TYPES_PER_TENANT + k + 1
            type_ids[t].append(tid)
            types.row(tid, uid(), t, NAMES['fi'][k])
        for c in customers_of[t]:
            for tid in rng.sample(type_ids[t], rng.randint(1, 3)):
                type_customers.row(tid, c, t)
    # One external group per tenant, shared with its partner; a tenth of the
    # partner's customers are in it.
    for t in range(1, TENANTS + 1):
        group_of[t] = t
        groups.row(t, uid(), t, f'Yhteisryhmä {t:03d}')
        partner = t + 1 if t % 2 else t - 1
        if 1 <= partner <= TENANTS:
            shares.row(t, partner)
            for c in customers_of[partner][::10]:
                group_customers.row(t, c, partner)

    # Events: start on the 15-minute grid between two years ago and one
    # year ahead; the last few hundred are under way now.
    span = 3 * 365 * 24 * 4
    first = now - dt.timedelta(days=2 * 365)
    pid = 0
    live = min(300, a.scale // 1000)
    for e in range(1, a.scale + 1):
        t = rng.randint(1, TENANTS)
        if e > a.scale - live:
            start = now - dt.timedelta(minutes=15 * rng.randint(0, 2))
        else:
            start = first + dt.timedelta(minutes=15 * rng.randrange(span))
        minutes = rng.choice((30, 45, 60, 60, 90, 120))
        end = start + dt.timedelta(minutes=minutes)
        tk = rng.randrange(TYPES_PER_TENANT)
        tid = type_ids[t][tk]
        gid = group_of[t] if rng.random() < 0.1 else None
        cap = rng.choice((5, 10, 10, 15, 20, 30))
        if end <= now:
            status = 'cancelled' if rng.random() < 0.05 else 'ended'
        else:
            status = 'cancelled' if rng.random() < 0.03 else 'scheduled'
        want = min(len(customers_of[t]), int(rng.expovariate(1 / 3.0)))
        chosen = rng.sample(customers_of[t], want) if want else []
        enrolled = min(len(chosen), cap)
        events.row(e, uid(), t, tid, gid, rng.choice(staff_of[t]), cap, int(rng.random() < 0.05),
                   int(rng.random() < 0.1), fmt(start), fmt(end), minutes, uid(), status, enrolled,
                   fmt(start - dt.timedelta(days=1)) if status == 'cancelled' else None)
        for lang in rng.sample(LANGS, rng.randint(1, 3)) if rng.random() < 0.3 else ('fi',):
            texts.row(e, lang, NAMES[lang][tk], None if rng.random() < 0.5 else f'{NAMES[lang][tk]} #{e}')
        for i, c in enumerate(chosen):
            pid += 1
            parts.row(pid, e, t, c, 'customer', 'enrolled' if i < cap else 'waiting')
        if rng.random() < 0.2:
            pid += 1
            parts.row(pid, e, t, rng.choice(staff_of[t]), 'staff', 'enrolled')

    for r in range(1, a.scale // 100 + 1):
        t = rng.randint(1, TENANTS)
        rep = REPEATS[r % len(REPEATS)]
        start = first + dt.timedelta(days=rng.randrange(3 * 365), hours=rng.randint(8, 18))
        until = None if rep == 'once' else (start + dt.timedelta(days=rng.randint(7, 180))).strftime('%Y-%m-%d')
        langs = ','.join(sorted(rng.sample(LANGS, rng.randint(1, 3)), key=LANGS.index))
        recs.row(r, uid(), t, rng.choice(type_ids[t]), group_of[t] if rng.random() < 0.1 else None,
                 ''.join(rng.choice('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')
                         for _ in range(11)), f'Tallenne {r}', fmt(start), rep, until, 'active', langs)

    tokens.close()
    for tb in T.values():
        tb.close()
    with open(os.path.join(a.out, 'load.sql'), 'w', encoding='utf-8') as f:
        f.write('-- Generated by tools/gen-data.py --scale %d --seed %d --now "%s"\n'
                % (a.scale, a.seed, now.strftime('%Y-%m-%d %H:%M')))
        f.write('SET unique_checks = 0, foreign_key_checks = 0, sql_log_bin = 0;\n')
        for tb in T.values():
            f.write("LOAD DATA LOCAL INFILE '%s' INTO TABLE %s CHARACTER SET utf8mb4"
                    " FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (%s);\n"
                    % (os.path.abspath(tb.path), tb.name, ', '.join('`%s`' % c for c in tb.cols)))
        f.write('SET unique_checks = 1, foreign_key_checks = 1;\n')
    with open(os.path.join(a.out, 'summary.txt'), 'w', encoding='utf-8') as f:
        f.write('seed=%d scale=%d now=%s\n' % (a.seed, a.scale, now.strftime('%Y-%m-%d %H:%M')))
        for tb in T.values():
            f.write('%s %d\n' % (tb.name, tb.n))


if __name__ == '__main__':
    main()
