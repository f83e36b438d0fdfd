#!/bin/sh
# Browser tests (plugins/*/tests/browser/*.test.mjs and tests/browser/): Debian's Chromium, headless,
# against the whole stack, all inside a private network namespace so that
# media flows over a veth pair that cannot leave the machine (Janus ignores
# loopback for media). Stack and namespace are torn down whatever happens.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build/test}
VAR="$ROOT/$BUILD/browser-stack"
PORT=${VV_BROWSER_PORT:-18090}
EXT="$ROOT/$BUILD/ext-browser"
NS=${VV_NETNS:-vvhome-browser}

[ "$(id -u)" = 0 ] || { echo "browser tests need root (ip netns)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "browser tests need Debian's chromium (make deps)" >&2; exit 1; }
[ -d "$ROOT/node_modules/playwright-core" ] || sh "$ROOT/tools/npm-deps.sh"

cleanup() {
	# stop works from outside the namespace (pid files, unix sockets), so a
	# stack left by an interrupted run is stopped even when the namespace is gone
	sh "$ROOT/tests/stack/stack.sh" stop "$VAR" >/dev/null 2>&1 || true
	sh "$ROOT/tests/stack/netns.sh" down "$NS" || true
}
trap cleanup EXIT INT TERM
cleanup
rm -f "$VAR/log/vvhomed.log" "$VAR/janus/janus.log"

echo "== building the browser test plugin against installed headers"
sh "$ROOT/tests/plugins/build.sh" "$EXT" BUILD="$BUILD" OPT="-O1 -g -fno-omit-frame-pointer" \
	SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

sh "$ROOT/tests/stack/netns.sh" up "$NS"
in_tree=$(ls "$ROOT/$BUILD/plugins" | sed -n 's/\.so$//p' | tr '\n' ',')
export VV_PLUGINS="${in_tree}$EXT/videokit.so"
export VV_JANUS_INTERFACE=10.77.0.1 JANUS_ICE_ENFORCE=v0
# Two Janus servers, the second a standby (weight 0): rooms go to "a" (the
# tests that ask Janus's admin API directly ask a's), and move to "b" when
# a dies (plugins/video_janus/tests/browser/server_loss.test.mjs).
export VV_JANUS_SERVERS=2 VV_JANUS_WEIGHTS="a=1 b=0"
# Ticks every second: a recorded event's files are converted by a tick.
export VV_TICK_SECONDS=1
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== starting the stack in network namespace $NS on 127.0.0.1:$PORT"
ip netns exec "$NS" sh "$ROOT/tests/stack/stack.sh" start "$VAR" "$PORT" "$BUILD"

export VV_BASE="http://127.0.0.1:$PORT" VV_VAR="$VAR" VV_BUILD="$ROOT/$BUILD" VV_PORT="$PORT" VV_ROOT="$ROOT"
status=0
# VV_TEST_FILES="plugins/call/tests/browser/call.test.mjs ..." runs only those (while developing).
# The cross-cutting ones (tests/browser/: the menu, the guide on the demo data) too.
files=${VV_TEST_FILES:-$(ls "$ROOT"/plugins/*/tests/browser/*.test.mjs "$ROOT"/tests/browser/*.test.mjs)}
# shellcheck disable=SC2086 # a list of paths without spaces
ip netns exec "$NS" node --test --test-concurrency=1 $files || status=$?
for f in "$VAR/log/vvhomed.log"; do
	if grep -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$f" >/dev/null 2>&1; then
		echo "sanitizer reports in $f:" >&2
		grep -E -A20 'AddressSanitizer|runtime error:' "$f" | head -60 >&2
		status=1
	fi
done
exit $status
