#!/bin/sh
# A private Janus (VideoRoom + HTTP only) under one directory.
#   janus.sh start  DIR [--interface IP]   render DIR/conf, start, wait for "info"
#   janus.sh stop   DIR                    stop (kill after a bounded wait)
#   janus.sh status DIR                    exit 0 when the HTTP API answers
# Secrets are made once into DIR/secrets.conf (0600): admin_secret, admin_key,
# token_auth_secret. They reach Janus only through its rendered config files
# (0600), never through argv. Ports: JANUS_PORT (8088), JANUS_ADMIN_PORT (7088);
# JANUS_ICE_ENFORCE names the interfaces for media (with --interface).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
usage() { echo "usage: $0 {start|stop|status} DIR [--interface IP]" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
shift 2
IFACE=""
while [ $# -gt 0 ]; do
	case "$1" in
	--interface) IFACE=${2:?--interface IP}; shift 2 ;;
	*) usage ;;
	esac
done
PORT=${JANUS_PORT:-8088}
ADMIN_PORT=${JANUS_ADMIN_PORT:-7088}
PIDF="$DIR/janus.pid"
LIBDIR=${JANUS_LIBDIR:-/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)/janus}

pid_alive() { [ -f "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null; }

answers() {
	curl -s -m 1 -H 'Content-Type: application/json' \
		-d '{"janus":"info","transaction":"up"}' "http://127.0.0.1:$PORT/janus" 2>/dev/null |
		grep -q '"server_info"'
}

secrets() {
	[ -s "$DIR/secrets.conf" ] && return 0
	(
		umask 077
		{
			echo "# Janus secrets for vvhome; generated once by tests/stack/janus.sh."
			printf 'admin_secret = %s\n' "$(openssl rand -hex 24)"
			printf 'admin_key = %s\n' "$(openssl rand -hex 24)"
			printf 'token_auth_secret = %s\n' "$(openssl rand -hex 24)"
		} > "$DIR/secrets.conf.new"
		mv "$DIR/secrets.conf.new" "$DIR/secrets.conf"
	)
}

render() {
	umask 077
	mkdir -p "$DIR/conf" "$DIR/modules/plugins" "$DIR/modules/transports" "$DIR/modules/none"
	ln -sf "$LIBDIR/plugins/libjanus_videoroom.so" "$DIR/modules/plugins/"
	ln -sf "$LIBDIR/transports/libjanus_http.so" "$DIR/modules/transports/"
	# The sed script carries the secrets; it is written by shell builtins
	# (no argv) into a 0600 file and removed right after.
	script="$DIR/conf/.render.sed"
	{
		sed -n 's/^\([a-z_]*\) = \([0-9a-f]*\)$/\1 \2/p' "$DIR/secrets.conf" | while read -r k v; do
			printf 's|@%s@|%s|g\n' "$(echo "$k" | tr a-z A-Z)" "$v"
		done
		printf 's|@CONFDIR@|%s|g\ns|@MODDIR@|%s|g\n' "$DIR/conf" "$DIR/modules"
		printf 's|@PORT@|%s|g\ns|@ADMIN_PORT@|%s|g\n' "$PORT" "$ADMIN_PORT"
		printf 's|@HTTP_IP@|127.0.0.1|g\ns|@ADMIN_IP@|127.0.0.1|g\n'
		if [ -n "$IFACE" ]; then
			printf 's|@IF_INTERFACE@||\ns|@INTERFACE@|%s|g\n' "$IFACE"
		else
			printf 's|@IF_INTERFACE@|#|\ns|@INTERFACE@||g\n'
		fi
		if [ -n "${JANUS_ICE_ENFORCE:-}" ]; then
			printf 's|@IF_ICE_ENFORCE@||\ns|@ICE_ENFORCE@|%s|g\n' "$JANUS_ICE_ENFORCE"
		else
			printf 's|@IF_ICE_ENFORCE@|#|\ns|@ICE_ENFORCE@||g\n'
		fi
		if [ -n "${JANUS_RTP_RANGE:-}" ]; then
			printf 's|@IF_RTP_RANGE@||\ns|@RTP_RANGE@|%s|g\n' "$JANUS_RTP_RANGE"
		else
			printf 's|@IF_RTP_RANGE@|#|\ns|@RTP_RANGE@||g\n'
		fi
	} > "$script"
	for t in janus.jcfg janus.plugin.videoroom.jcfg janus.transport.http.jcfg; do
		sed -f "$script" "$ROOT/conf/janus/$t.in" > "$DIR/conf/$t"
	done
	rm -f "$script"
	if grep -q '@[A-Z_]*@' "$DIR/conf/"*.jcfg; then
		echo "janus.sh: unrendered placeholder in $DIR/conf" >&2
		return 1
	fi
}

start() {
	if pid_alive; then
		answers && return 0
	fi
	command -v janus >/dev/null || { echo "janus.sh: janus is not installed (make deps)" >&2; return 1; }
	# Another instance on our port would answer for us, with other secrets.
	if answers; then
		echo "janus.sh: port $PORT already serves another Janus (set JANUS_PORT)" >&2
		return 1
	fi
	secrets
	render
	janus -C "$DIR/conf/janus.jcfg" -F "$DIR/conf" >>"$DIR/janus.log" 2>&1 </dev/null &
	echo $! > "$PIDF"
	i=0
	while [ $i -lt 100 ]; do
		pid_alive || break
		answers && pid_alive && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "janus.sh: Janus did not answer on 127.0.0.1:$PORT" >&2
	tail -n 15 "$DIR/janus.log" >&2 || true
	stop
	return 1
}

stop() {
	if pid_alive; then
		pid=$(cat "$PIDF")
		kill -TERM "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$PIDF"
}

case "$cmd" in
start) start ;;
stop) stop ;;
status) answers ;;
*) usage ;;
esac
