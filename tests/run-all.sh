#!/bin/sh
# make test: catalogue check, C unit tests (under ASan/UBSan, the database
# tests against a private MariaDB), the HTTP tests against the stack, a
# reduced set of the cluster tests (tests/cluster/run.sh), then the browser
# tests (Chromium and Janus in a network namespace).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build/test}
cd "$ROOT"
failed=""
LOG="$ROOT/$BUILD/test-output.log"
mkdir -p "$ROOT/$BUILD"
: > "$LOG"

echo "== i18n catalogues"
sh tests/check-i18n.sh || failed="$failed i18n"

echo "== tool tests"
{ python3 tools/test_db_typed.py 2>&1 || echo "tools: FAILED"; } | tee -a "$LOG"
! grep -q '^tools: FAILED' "$LOG" || failed="$failed tools"

echo "== unit tests"
DBDIR="$ROOT/$BUILD/unit-db"
sh tests/stack/mariadb.sh start "$DBDIR" >/dev/null
export VV_TEST_DB_DIR="$DBDIR"
export ASAN_OPTIONS=detect_leaks=1
{ sh tests/run-unit.sh "$BUILD" 2>&1 || echo "unit: FAILED"; } | tee -a "$LOG"
! grep -q '^unit: FAILED' "$LOG" || failed="$failed unit"
sh tests/stack/mariadb.sh stop "$DBDIR" >/dev/null || true

echo "== package (make test-package installs it into a fresh Debian root)"
{ sh tests/package/contents.sh 2>&1 || echo "package: FAILED"; } | tee -a "$LOG"
! grep -q '^package: FAILED' "$LOG" || failed="$failed package"

echo "== HTTP tests"
{ sh tests/run-http.sh "$BUILD" 2>&1 || echo "http: FAILED"; } | tee -a "$LOG"
! grep -q '^http: FAILED' "$LOG" || failed="$failed http"

echo "== cluster tests (reduced; make test-cluster runs them all)"
{ VV_CLUSTER_QUICK=1 sh tests/cluster/run.sh "$BUILD" 2>&1 || echo "cluster: FAILED"; } | tee -a "$LOG"
! grep -q '^cluster: FAILED' "$LOG" || failed="$failed cluster"

echo "== browser tests"
{ sh tests/run-browser.sh "$BUILD" 2>&1 || echo "browser: FAILED"; } | tee -a "$LOG"
! grep -q '^browser: FAILED' "$LOG" || failed="$failed browser"

# One closing line for every test counted: Check's and node's own totals.
passed=$(awk '/^[0-9]+%: Checks:/ { gsub(",", ""); c += $3; f += $5 + $7 } /^# pass / { c += $3 } END { print c - f }' "$LOG")
nfail=$(awk '/^[0-9]+%: Checks:/ { gsub(",", ""); f += $5 + $7 } /^# fail / { f += $3 } END { print f + 0 }' "$LOG")

if [ -n "$failed" ]; then
	[ "$nfail" -gt 0 ] || nfail=1
	echo "FAILED:$failed"
	echo "$passed passed, $nfail failed"
	exit 1
fi
echo "$passed passed, 0 failed"
