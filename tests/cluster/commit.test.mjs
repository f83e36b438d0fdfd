// Error 1213 at COMMIT on Galera (tests/cluster/commit_conflict.c): a
// transaction through node 1 loses its row to a writer on node 2 that
// committed first; vv_db_tx runs it again whole, once, and both writes hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BUILD } from '../http/lib.mjs';

test('a transaction aborted at COMMIT for another node\'s write runs again whole, once', () => {
  const g = `${process.env.VV_CLUSTER}/galera`;
  const out = execFileSync(`${BUILD}/tests/cluster/commit_conflict`, {
    encoding: 'utf8',
    env: { ...process.env, VV_NODE1: `${g}/node1/mysqld.sock`, VV_NODE2: `${g}/node2/mysqld.sock`,
      VV_DB_PASSWORD_FILE: `${g}/db.password`, ASAN_OPTIONS: 'detect_leaks=1' },
  });
  assert.match(out, /rc=0 calls=2 value=11/);
});
