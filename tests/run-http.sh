#!/bin/sh
# HTTP tests against the real stack: private MariaDB, vvhomed (the
# sanitizer build) and nginx on a loopback port, started here and stopped
# after, whatever happens.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build/test}
VAR="$ROOT/$BUILD/stack"
PORT=${VV_TEST_PORT:-18080}
EXT="$ROOT/$BUILD/ext"

cleanup() { sh "$ROOT/tests/stack/stack.sh" stop "$VAR" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM
cleanup
rm -f "$VAR/log/vvhomed.log"

echo "== building the out-of-tree test plugins against installed headers"
sh "$ROOT/tests/plugins/build.sh" "$EXT" BUILD="$BUILD" OPT="-O1 -g -fno-omit-frame-pointer" \
	SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

# The server reads the installed tree (make install's share/vvhome), where
# build.sh also installed the test plugin's stylesheet, catalogue, static
# file and migration through pkg-config's directories.
export VV_SHARE="$EXT/destdir/opt/vvhome/share/vvhome"
in_tree=$(ls "$ROOT/$BUILD/plugins" | sed -n 's/\.so$//p' | tr '\n' ',')
# VV_EXTRA_PLUGINS: paths of out-of-tree plugins to load as well (comma-separated).
export VV_PLUGINS="${in_tree}$EXT/testkit.so,$EXT/badabi.so,$EXT/testkit_again.so,$EXT/testkit_dup.so,$EXT/oldkit.so,$EXT/nosym.so${VV_EXTRA_PLUGINS:+,$VV_EXTRA_PLUGINS}"
# Sanitizers: abort on the first report so a test sees the failure.
# Ticks off: a test ends past events itself or turns ticks on (useConf),
# so that no tick ends one while another test still looks at it.
export VV_TICK_SECONDS=0
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== starting the stack on 127.0.0.1:$PORT"
sh "$ROOT/tests/stack/stack.sh" start "$VAR" "$PORT" "$BUILD"

export VV_BASE="http://127.0.0.1:$PORT" VV_VAR="$VAR" VV_BUILD="$ROOT/$BUILD" VV_PORT="$PORT" VV_ROOT="$ROOT"
status=0
# VV_TEST_FILES="tests/http/a.test.mjs ..." runs only those (while developing).
files=${VV_TEST_FILES:-$(ls "$ROOT"/tests/http/*.test.mjs "$ROOT"/plugins/*/tests/*.test.mjs)}
node --test --test-concurrency=1 $files || status=$?
if grep -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$VAR/log/vvhomed.log" >/dev/null 2>&1; then
	echo "sanitizer reports in $VAR/log/vvhomed.log:" >&2
	grep -E -A20 'AddressSanitizer|runtime error:' "$VAR/log/vvhomed.log" | head -60 >&2
	status=1
fi
exit $status
