#!/bin/sh
# The cluster tests: vvhome as it runs beyond one machine, on this one.
# Three MariaDB Galera nodes (tests/cluster/galera.sh), two vvhomed "hosts"
# each pointed at a different node (host1 -> node1, host2 -> node2; node3
# only replicates), and nginx with an upstream over both hosts' sockets.
# Everything lives under BUILD/cluster; the only TCP ports are nginx's and
# Galera's own, all on 127.0.0.1. Torn down whatever happens.
#
#   tests/cluster/run.sh BUILD        the full set (make test-cluster)
#   VV_CLUSTER_QUICK=1 ... run.sh     the reduced set make test runs
#   VV_CLUSTER_PORT=N                 nginx on N, Galera from N+10 (default 18300)
#   VV_TEST_FILES="tests/cluster/x.test.mjs"   only those files
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build/test}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
VAR="$BUILD/cluster"
PORT=${VV_CLUSTER_PORT:-18300}
# Ports stack.sh would derive from PORT, set apart from every other stack's:
# no Janus runs here, the values only fill vvhome.conf and nginx's proxy line.
export JANUS_PORT=${JANUS_PORT:-$((PORT + 8))} JANUS_ADMIN_PORT=${JANUS_ADMIN_PORT:-$((PORT + 9))}
export VV_MAIL_PORT=${VV_MAIL_PORT:-$((PORT + 5))}
export VV_VIDEO_ADAPTER=loopback VV_TICK_SECONDS=0 VV_WORKERS=${VV_WORKERS:-2}
# A worker on a fallback node tries its own again this often ([db] prefer_seconds).
export VV_DB_PREFER_SECONDS=2
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
GALERA="$VAR/galera"
FRONT="$VAR/front"
STACK="$ROOT/tests/stack/stack.sh"

nginx_stop() {
	f="$FRONT/run/nginx.pid"
	if [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then
		pid=$(cat "$f")
		kill -QUIT "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$f"
}

cleanup() {
	nginx_stop
	for h in 1 2; do sh "$STACK" app-stop "$VAR/host$h" >/dev/null 2>&1 || true; done
	sh "$ROOT/tests/cluster/galera.sh" stop "$GALERA" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM
cleanup
# A new cluster every run: a run cut short leaves nodes that crashed at
# different positions, which would need full state transfers to agree.
rm -rf "$GALERA"

echo "== starting three Galera nodes (ports $((PORT + 11))-$((PORT + 33)) on 127.0.0.1)"
t0=$(date +%s)
sh "$ROOT/tests/cluster/galera.sh" start "$GALERA" $((PORT + 10))

# Each host's directory looks like a tests/stack one: db/mysqld.sock is its
# node's socket, so stack.sh and tests/http/lib.mjs work unchanged.
for h in 1 2; do
	mkdir -p "$VAR/host$h/db" "$VAR/host$h/log"
	ln -sfn "$GALERA/node$h/mysqld.sock" "$VAR/host$h/db/mysqld.sock"
	ln -sfn "$GALERA/db.password" "$VAR/host$h/db/db.password"
	rm -f "$VAR/host$h/log/vvhomed.log"
	# No Janus here (the loopback adapter), but the configuration names
	# Janus's secrets file and vvhomed checks that it can read it.
	mkdir -p "$VAR/host$h/janus" && : > "$VAR/host$h/janus/secrets.conf"
done
sh "$STACK" conf "$VAR/host1" "$PORT" "$BUILD"
"$BUILD/vvctl" -c "$VAR/host1/vvhome.conf" migrate
# Each host prefers its own node and moves to the others when it is away.
start_host() {
	h=$1
	others=$(for n in 1 2 3; do [ "$n" = "$h" ] || printf ' %s' "$GALERA/node$n/mysqld.sock"; done)
	VV_DB_SOCKETS="$VAR/host$h/db/mysqld.sock$others" sh "$STACK" app-start "$VAR/host$h" "$PORT" "$BUILD"
}
for h in 1 2; do start_host "$h"; done

# nginx: the stack's template with the upstream over both hosts. A host
# whose socket refuses is skipped (error); a 503 from a host whose database
# node is away is retried on the other for requests nothing was sent for
# yet or that change nothing (nginx never repeats a POST it has sent).
mkdir -p "$FRONT/run" "$FRONT/log" "$FRONT/tmp/body" "$FRONT/tmp/fastcgi" "$FRONT/tmp/proxy" \
	"$FRONT/tmp/uwsgi" "$FRONT/tmp/scgi" "$FRONT/recordings" "$FRONT/bench"
sed -e "s|@VAR@|$FRONT|g" -e "s|@PORT@|$PORT|g" -e "s|@XSL@|$BUILD/share/xsl|g" \
	-e "s|@JANUS_PORT@|$JANUS_PORT|g" -e "s|@JANUS2_PORT@|$JANUS_PORT|g" -e "s|@ROOT@|$ROOT|g" \
	-e "s|^\([[:space:]]*\)server unix:@SOCK@;|\1server unix:$VAR/host1/run/vvhome.sock max_fails=0;\n\1server unix:$VAR/host2/run/vvhome.sock max_fails=0;|" \
	-e "s|^\([[:space:]]*\)fastcgi_keep_conn off;|\1fastcgi_keep_conn off;\n\1fastcgi_next_upstream error timeout http_503;|" \
	"$ROOT/nginx/run.conf.in" > "$FRONT/nginx.conf"
nginx -c "$FRONT/nginx.conf" -e "$FRONT/log/nginx-error.log" >>"$FRONT/log/nginx-error.log" 2>&1 &
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" || true)" = 200 ]; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		echo "cluster: no answer on port $PORT" >&2
		tail -n 20 "$VAR"/host*/log/vvhomed.log "$FRONT/log/nginx-error.log" >&2 || true
		exit 1
	fi
	sleep 0.1
done
echo "== cluster up in $(($(date +%s) - t0)) s: nginx on 127.0.0.1:$PORT, host1 -> node1, host2 -> node2"

export VV_BASE="http://127.0.0.1:$PORT" VV_VAR="$VAR/host1" VV_BUILD="$BUILD" VV_PORT="$PORT" VV_ROOT="$ROOT"
export VV_CLUSTER="$VAR"
status=0
files=${VV_TEST_FILES:-$(ls "$ROOT"/tests/cluster/*.test.mjs)}
node --test --test-concurrency=1 $files || status=$?
for h in 1 2; do
	if grep -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$VAR/host$h/log/vvhomed.log" >/dev/null 2>&1; then
		echo "sanitizer reports in $VAR/host$h/log/vvhomed.log:" >&2
		grep -E -A20 'AddressSanitizer|runtime error:' "$VAR/host$h/log/vvhomed.log" | head -60 >&2
		status=1
	fi
done
exit $status
