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
	exit "${1:-0}"
}
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
trap stop INT TERM
sh "$ROOT/tests/stack/stack.sh" start "$VAR" "$PORT" build
# Demo data on an empty database. Only password hashes are stored, so the
# first run keeps the printed logins in var/ (private to this checkout) to
# show them again on later runs.
LOGINS="$VAR/demo-logins.txt"
out=$("$ROOT/build/vvctl" -c "$VAR/vvhome.conf" demo --if-empty)
if printf '%s\n' "$out" | grep -q '@'; then
	umask 077
	printf '%s\n' "$out" > "$LOGINS"
fi
echo
if [ -f "$LOGINS" ]; then
	echo "Demo logins:"
	cat "$LOGINS"
else
	printf '%s\n' "$out"
fi
echo
echo "vvhome is running at http://127.0.0.1:$PORT/fi/  (also /sv/ and /en/)"
echo "Logs: $VAR/log/   Data: $VAR/db/   Stop with Ctrl-C."
# A stack without vvhomed (or nginx) only answers 502: stop everything and
# say why instead of looking alive.
while :; do
	sleep 1 & wait $! || true
	for p in vvhomed nginx; do
		if ! alive "$VAR/run/$p.pid"; then
			echo
			echo "$p has stopped; the end of its log:" >&2
			if [ $p = vvhomed ]; then tail -n 20 "$VAR/log/vvhomed.log" >&2; else tail -n 20 "$VAR/log/nginx-error.log" >&2; fi
			stop 1
		fi
	done
done
