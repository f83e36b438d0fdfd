#!/bin/sh
# A private MariaDB for tests and `make run`: everything (datadir, socket,
# pid file, error log, config, the app user's password) lives under DIR, and
# there is no TCP port (skip-networking), so several instances can run side
# by side and the packaged service is never touched.
#
#   mariadb.sh start  DIR   initialise if new, start, create db/user vvhome
#   mariadb.sh stop   DIR   clean shutdown (kill after a bounded wait)
#   mariadb.sh status DIR   exit 0 when the server answers
#   mariadb.sh sql    DIR [mariadb client args...]   as root on the socket
#
# The app connects as vvhome@localhost over DIR/mysqld.sock with the
# password in DIR/db.password.
set -eu

usage() {
	echo "usage: $0 {start|stop|status|sql} DIR [args...]" >&2
	exit 2
}

[ $# -ge 2 ] || usage
cmd=$1
dir=$2
shift 2

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sock="$dir/mysqld.sock"
pidf="$dir/mysqld.pid"
errlog="$dir/mysqld.err"
cnf="$dir/my.cnf"
data="$dir/data"
pwfile="$dir/db.password"

# mariadbd refuses to run as root unless told to; as another user it runs
# as that user anyway.
if [ "$(id -u)" = 0 ]; then
	user_opt="--user=root"
else
	user_opt=""
fi

write_cnf() {
	# Small settings: a 2-core test box runs this beside the app and a browser.
	cat >"$cnf" <<EOF
[mariadbd]
datadir=$data
socket=$sock
pid-file=$pidf
log-error=$errlog
# Temporary tables in a folder of this instance's own: in the shared /tmp
# an instance's bootstrap lost its temporary table to another's clean-up.
tmpdir=$dir/tmp
skip-networking
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
default-time-zone=+00:00
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_log_buffer_size=8M
innodb_flush_log_at_trx_commit=2
innodb_lock_wait_timeout=10
innodb_autoinc_lock_mode=2
key_buffer_size=8M
max_connections=100
table_open_cache=400
performance_schema=OFF
skip-log-bin
EOF
}

admin() {
	mariadb-admin --no-defaults --socket="$sock" -uroot "$@"
}

client() {
	mariadb --no-defaults --socket="$sock" -uroot "$@"
}

alive() {
	admin --connect-timeout=2 ping >/dev/null 2>&1
}

pid_running() {
	[ -s "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null
}

fail_with_log() {
	echo "mariadb.sh: $1" >&2
	if [ -f "$errlog" ]; then
		echo "--- last lines of $errlog ---" >&2
		tail -n 20 "$errlog" >&2
	fi
	exit 1
}

do_start() {
	if alive; then
		return 0
	fi
	write_cnf
	mkdir -p "$dir/tmp"
	if [ ! -d "$data" ] || [ -z "$(ls -A "$data" 2>/dev/null)" ]; then
		mkdir -p "$data"
		# unix_socket auth for root: the OS user running this script is
		# root on the socket, no password to keep.
		# shellcheck disable=SC2086
		if ! mariadb-install-db --defaults-file="$cnf" $user_opt \
			--auth-root-authentication-method=socket \
			--skip-test-db --skip-name-resolve >"$dir/install.log" 2>&1; then
			tail -n 20 "$dir/install.log" >&2
			# It was empty before: leave it empty so the next start retries.
			rm -rf "$data"
			fail_with_log "mariadb-install-db failed (see $dir/install.log)"
		fi
	fi
	rm -f "$sock"
	# Its own session: the server must not die with the caller's process
	# group (a test runner kills its children's groups when they end).
	# shellcheck disable=SC2086
	setsid mariadbd --defaults-file="$cnf" $user_opt </dev/null >/dev/null 2>&1 &
	srv=$!
	i=0
	while ! alive; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			fail_with_log "server did not answer within 30 s"
		fi
		# Gone and no pid file of a live server: it failed, say so now
		# rather than after the whole wait. ($! may be a setsid that
		# forked, hence the pid file check and the grace period.)
		if [ $i -gt 10 ] && ! kill -0 "$srv" 2>/dev/null && ! pid_running; then
			fail_with_log "mariadbd exited during start"
		fi
		sleep 0.1
	done

	if [ ! -s "$pwfile" ]; then
		(umask 077 && openssl rand -hex 16 >"$pwfile")
	fi
	pw=$(head -n 1 "$pwfile")
	# The password is hex (openssl rand -hex) or was written by an operator;
	# refuse quotes so it cannot break out of the literal below.
	case $pw in
	*\'* | *\\*) fail_with_log "$pwfile must not contain quotes or backslashes" ;;
	esac
	client <<EOF
CREATE DATABASE IF NOT EXISTS vvhome CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'vvhome'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'vvhome'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON vvhome.* TO 'vvhome'@'localhost';
EOF
}

do_stop() {
	if ! pid_running; then
		rm -f "$pidf"
		return 0
	fi
	pid=$(cat "$pidf")
	admin shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			echo "mariadb.sh: pid $pid still running after 30 s, killing" >&2
			kill -9 "$pid" 2>/dev/null || true
			break
		fi
		sleep 0.1
	done
	rm -f "$pidf"
}

case $cmd in
start) do_start ;;
stop) do_stop ;;
status)
	if alive; then
		echo "running (socket $sock)"
	else
		echo "stopped"
		exit 1
	fi
	;;
sql) client "$@" ;;
*) usage ;;
esac
