#!/bin/sh
# make run: the private stack under var/, in the foreground until Ctrl-C.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${1:-8080}
VAR="$ROOT/var"
stopping=0
stop() {
	[ $stopping = 1 ] && return
	stopping=1
	echo
	echo "Stopping vvhome..."
	sh "$ROOT/tests/stack/stack.sh" stop "$VAR"
	exit 0
}
trap stop INT TERM
sh "$ROOT/tests/stack/stack.sh" start "$VAR" "$PORT" build
if [ -x "$ROOT/build/vvctl" ] && "$ROOT/build/vvctl" -c "$VAR/vvhome.conf" help 2>&1 | grep -q '^ *demo'; then
	"$ROOT/build/vvctl" -c "$VAR/vvhome.conf" demo --if-empty
fi
echo
echo "vvhome is running at http://127.0.0.1:$PORT/fi/  (also /sv/ and /en/)"
echo "Logs: $VAR/log/   Data: $VAR/db/   Stop with Ctrl-C."
while :; do sleep 1 & wait $! || true; done
