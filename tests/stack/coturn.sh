#!/bin/sh
# A private coturn (Debian's `coturn`) for a stack: TURN with short-lived
# REST-API credentials (use-auth-secret), no TLS (production: conf/turnserver.conf).
#   coturn.sh start DIR SECRETS [--ip IP]   render DIR/turnserver.conf, start, wait for the port
#   coturn.sh stop DIR
# The shared secret is kept as "turn_secret = ..." in SECRETS (the Janus
# secrets file the video adapter reads; made once, 0600) and reaches coturn
# only through its 0600 config file, never argv. Port: TURN_PORT (3478);
# IP: where it listens and relays (127.0.0.1; in a test namespace 10.77.0.1).
set -eu
usage() { echo "usage: $0 {start DIR SECRETS [--ip IP]|stop DIR}" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
PIDF="$DIR/turnserver.pid"
PORT=${TURN_PORT:-3478}
pid_alive() { [ -f "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null; }

start() {
	SECRETS=${1:?SECRETS}
	shift
	IP=127.0.0.1
	[ "${1:-}" = --ip ] && IP=${2:?--ip IP}
	pid_alive && return 0
	command -v turnserver >/dev/null || { echo "coturn.sh: coturn is not installed (make deps)" >&2; return 1; }
	umask 077
	if ! grep -q '^turn_secret = ' "$SECRETS" 2>/dev/null; then
		printf 'turn_secret = %s\n' "$(openssl rand -hex 24)" >> "$SECRETS"
	fi
	{
		echo "# Rendered by tests/stack/coturn.sh; see conf/turnserver.conf for production."
		echo "listening-ip=$IP"
		echo "relay-ip=$IP"
		echo "listening-port=$PORT"
		echo "min-port=${TURN_MIN_PORT:-49152}"
		echo "max-port=${TURN_MAX_PORT:-65535}"
		echo "use-auth-secret"
		sed -n 's/^turn_secret = \([0-9a-f]*\)$/static-auth-secret=\1/p' "$SECRETS"
		echo "realm=vvhome"
		echo "fingerprint"
		echo "no-tls"
		echo "no-dtls"
		echo "no-cli"
		echo "no-multicast-peers"
		echo "no-software-attribute"
		# a private stack relays to Janus on the same private address
		echo "allow-loopback-peers"
		echo "pidfile=$DIR/turnserver.own.pid"
		echo "log-file=$DIR/turnserver.log"
		echo "simple-log"
		echo "no-stdout-log"
	} > "$DIR/turnserver.conf"
	turnserver -c "$DIR/turnserver.conf" >/dev/null 2>&1 </dev/null &
	echo $! > "$PIDF"
	i=0
	while [ $i -lt 50 ]; do
		pid_alive || break
		(ss -ltn 2>/dev/null || true) | grep -q "$IP:$PORT " && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "coturn.sh: turnserver did not listen on $IP:$PORT" >&2
	tail -n 15 "$DIR/turnserver.log" >&2 2>/dev/null || true
	return 1
}

stop() {
	[ -f "$PIDF" ] || return 0
	pid=$(cat "$PIDF")
	kill -TERM "$pid" 2>/dev/null || true
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$pid" 2>/dev/null || true
	rm -f "$PIDF"
}

case "$cmd" in
start) shift 2; start "$@" ;;
stop) stop ;;
*) usage ;;
esac
