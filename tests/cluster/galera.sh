#!/bin/sh
# A private three-node MariaDB Galera cluster on loopback for the cluster
# tests: each node has its own directory under DIR (datadir, socket, error
# log), no SQL port (skip-networking; clients use the sockets), and Galera's
# own ports on 127.0.0.1 only, from BASE (default 33010): gcomm BASE+N,
# IST BASE+10+N, state transfer (mariabackup) BASE+20+N, N = 1..3.
#
#   galera.sh start DIR [BASE]   create (first time) and start all three nodes
#   galera.sh stop DIR           stop all nodes (killed after a bounded wait)
#   galera.sh kill DIR N         SIGKILL node N (a crash, nothing flushed)
#   galera.sh rejoin DIR N       start node N again after a crash or stop
#   galera.sh sql DIR N [args]   the mariadb client as root on node N
#   galera.sh synced DIR N       exit 0 when node N is Synced
#
# Why the bring-up copies node 1's datadir instead of letting nodes 2 and 3
# join by state transfer: a full transfer takes 10 s or more each here;
# copying a cleanly stopped datadir brings three nodes up in about 5 s
# (../shared/notes/galera.md has the measurements). A node killed by the
# tests rejoins by incremental transfer (IST): its position is recovered
# first with --wsrep-recover.
set -eu
cmd=${1:?usage: galera.sh start|stop|kill|rejoin|sql|synced DIR ...}
DIR=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
shift 2
PROVIDER=${VV_GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}

[ -f "$DIR/base" ] || echo "${VV_GALERA_BASE:-33010}" > "$DIR/base"
if [ "$cmd" = start ] && [ $# -ge 1 ]; then echo "$1" > "$DIR/base"; fi
BASE=$(cat "$DIR/base")

user_opt=""
[ "$(id -u)" = 0 ] && user_opt="--user=root"

nd() { echo "$DIR/node$1"; }
sock() { echo "$(nd "$1")/mysqld.sock"; }

write_cnf() {
	n=$1
	d=$(nd "$n")
	mkdir -p "$d"
	cat > "$d/my.cnf" <<EOF
[mariadbd]
datadir=$d/data
socket=$d/mysqld.sock
pid-file=$d/mysqld.pid
log-error=$d/mysqld.err
skip-networking
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
default-time-zone=+00:00
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_log_buffer_size=8M
innodb_flush_log_at_trx_commit=2
innodb_autoinc_lock_mode=2
binlog_format=ROW
default_storage_engine=InnoDB
max_connections=100
table_open_cache=400
performance_schema=OFF
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=vvhome-test
wsrep_cluster_address=gcomm://127.0.0.1:$((BASE + 1)),127.0.0.1:$((BASE + 2)),127.0.0.1:$((BASE + 3))
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$((BASE + n))
wsrep_sst_receive_address=127.0.0.1:$((BASE + 20 + n))
wsrep_sst_method=mariabackup
# Reads (and START TRANSACTION), updates and deletes wait until the node has
# applied what the cluster committed before them: a customer sent from
# host1's enrolment to a page host2 renders sees the seat (the race test read
# 179 of 180 waiting rows on a node without it), and a lone UPDATE on one
# node finds the row another node just wrote.
wsrep_sync_wait=3
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$((BASE + n));ist.recv_addr=127.0.0.1:$((BASE + 10 + n));gcache.size=64M;evs.keepalive_period=PT0.3S;evs.inactive_check_period=PT0.3S;evs.suspect_timeout=PT1S;evs.inactive_timeout=PT2S;evs.join_retrans_period=PT0.3S"
[sst]
sst-log-archive=0
EOF
}

client() {
	n=$1
	shift
	mariadb --no-defaults --socket="$(sock "$n")" -uroot "$@"
}

status_of() {
	client "$1" -N -B -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2
}

# Starts node n with extra options and waits until it is Synced.
launch() {
	n=$1
	shift
	d=$(nd "$n")
	rm -f "$d/mysqld.sock"
	# Its own session: a test runner that kills its children's process
	# groups must not take the database with it.
	# shellcheck disable=SC2086
	setsid mariadbd --defaults-file="$d/my.cnf" $user_opt "$@" </dev/null >/dev/null 2>&1 &
	i=0
	while [ "$(status_of "$n")" != Synced ]; do
		i=$((i + 1))
		if [ $i -gt 600 ]; then
			echo "galera.sh: node $n not Synced within 60 s" >&2
			tail -n 25 "$d/mysqld.err" >&2
			return 1
		fi
		sleep 0.1
	done
}

pid_of() {
	f="$(nd "$1")/mysqld.pid"
	[ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

stop_node() {
	pid=$(pid_of "$1") || return 0
	kill -TERM "$pid" 2>/dev/null || true
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 300 ] && { kill -KILL "$pid" 2>/dev/null || true; break; }
		sleep 0.1
	done
	rm -f "$(nd "$1")/mysqld.pid"
}

# The position a crashed node reached, as uuid:seqno, from --wsrep-recover.
recovered_position() {
	d=$(nd "$1")
	# shellcheck disable=SC2086
	mariadbd --defaults-file="$d/my.cnf" $user_opt --wsrep-recover --log-error="$d/recover.err" \
		>/dev/null 2>&1 || true
	sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*:[0-9-]*\).*/\1/p' "$d/recover.err" | tail -n 1
}

do_start() {
	for n in 1 2 3; do write_cnf "$n"; done
	if [ ! -d "$(nd 1)/data/mysql" ]; then
		rm -rf "$(nd 1)/data" "$(nd 2)/data" "$(nd 3)/data"
		mkdir -p "$(nd 1)/data"
		# shellcheck disable=SC2086
		mariadb-install-db --defaults-file="$(nd 1)/my.cnf" $user_opt --wsrep-on=OFF \
			--auth-root-authentication-method=socket --skip-test-db --skip-name-resolve \
			> "$DIR/install.log" 2>&1 || { tail -n 20 "$DIR/install.log" >&2; exit 1; }
		launch 1 --wsrep-new-cluster
		[ -s "$DIR/db.password" ] || (umask 077 && openssl rand -hex 16 > "$DIR/db.password")
		pw=$(head -n 1 "$DIR/db.password")
		client 1 <<EOF
CREATE DATABASE IF NOT EXISTS vvhome CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'vvhome'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON vvhome.* TO 'vvhome'@'localhost';
EOF
		stop_node 1
		for n in 2 3; do
			cp -a "$(nd 1)/data" "$(nd "$n")/data"
			rm -f "$(nd "$n")/data/gvwstate.dat"
			sed -i 's/^safe_to_bootstrap:.*/safe_to_bootstrap: 0/' "$(nd "$n")/data/grastate.dat"
		done
	fi
	# The last node to stop cleanly may bootstrap; tests stop all three,
	# so make node 1 the one.
	sed -i 's/^safe_to_bootstrap:.*/safe_to_bootstrap: 1/' "$(nd 1)/data/grastate.dat"
	rm -f "$(nd 1)/data/gvwstate.dat"
	launch 1 --wsrep-new-cluster
	launch 2
	launch 3
	# Each node's own view of the app's files, as tests/stack/ has them.
	for n in 1 2 3; do ln -sf "$DIR/db.password" "$(nd "$n")/db.password"; done
}

case "$cmd" in
start) do_start ;;
stop) for n in 3 2 1; do stop_node "$n"; done ;;
kill)
	n=${1:?node}
	pid=$(pid_of "$n") && kill -KILL "$pid"
	while [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
	rm -f "$(nd "$n")/mysqld.pid"
	;;
rejoin)
	n=${1:?node}
	[ -n "$(pid_of "$n" || true)" ] && exit 0
	pos=$(recovered_position "$n")
	if [ -n "$pos" ]; then launch "$n" --wsrep_start_position="$pos"; else launch "$n"; fi
	;;
sql)
	n=${1:?node}
	shift
	client "$n" "$@"
	;;
synced)
	[ "$(status_of "${1:?node}")" = Synced ]
	;;
*) echo "galera.sh: unknown command $cmd" >&2; exit 2 ;;
esac
