#!/bin/sh
# make test: catalogue check, C unit tests (under ASan/UBSan, the database
# tests against a private MariaDB), then the HTTP tests against the stack.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build/test}
cd "$ROOT"
failed=""

echo "== i18n catalogues"
sh tests/check-i18n.sh || failed="$failed i18n"

echo "== unit tests"
DBDIR="$ROOT/$BUILD/unit-db"
sh tests/stack/mariadb.sh start "$DBDIR" >/dev/null
export VV_TEST_DB_DIR="$DBDIR"
export ASAN_OPTIONS=detect_leaks=1
sh tests/run-unit.sh "$BUILD" || failed="$failed unit"
sh tests/stack/mariadb.sh stop "$DBDIR" >/dev/null || true

echo "== HTTP tests"
sh tests/run-http.sh "$BUILD" || failed="$failed http"

if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all test groups passed"
