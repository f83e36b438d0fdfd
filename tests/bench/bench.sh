#!/bin/sh
# make bench: wrk against the rendered front page and against a static
# file of the same size served by the same nginx, in the same run, so the
# ratio means something on a shared, noisy machine; then the alarm's poll
# endpoint (a real customer session) against a bare libfcgi hello world
# (tests/bench/hello.c) behind the same nginx. Writes the figures into
# doc/performance.md between the bench markers.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build}
VAR="$ROOT/$BUILD/bench-stack"
PORT=${VV_BENCH_PORT:-18090}
DUR=${VV_BENCH_SECONDS:-8}
CONNS=${VV_BENCH_CONNS:-32}
BASE="http://127.0.0.1:$PORT"
OUT="$ROOT/$BUILD/bench"
mkdir -p "$OUT"

HELLO_PID=
cleanup() {
	[ -z "$HELLO_PID" ] || kill "$HELLO_PID" 2>/dev/null || true
	sh "$ROOT/tests/stack/stack.sh" stop "$VAR" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM
cleanup
rm -f "$VAR/log/vvhomed.log"
sh "$ROOT/tests/stack/stack.sh" start "$VAR" "$PORT" "$BUILD" >/dev/null

# A static file exactly as large as the rendered page.
curl -s "$BASE/fi/" > "$VAR/bench/static.html"
SIZE=$(wc -c < "$VAR/bench/static.html")

run() { # name path [wrk args...] -> "req/s p50 p99 non-2xx"
	name=$1 path=$2
	shift 2
	wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$@" "$BASE$path" > "$OUT/$name.txt" 2>&1
	set -- "$name"
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$1.txt")
	p50=$(awk '$1 == "50%" {print $2}' "$OUT/$1.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$OUT/$1.txt")
	bad=$(awk '/Non-2xx/ {print $NF}' "$OUT/$1.txt")
	echo "$rps $p50 $p99 ${bad:-0}"
}

wrk -t2 -c8 -d2s "$BASE/fi/" >/dev/null 2>&1 # warm up workers and stylesheets
set -- $(run static /bench/static.html); S_RPS=$1 S_P50=$2 S_P99=$3
: > "$VAR/log/vvhomed.log"
set -- $(run page /fi/); P_RPS=$1 P_P50=$2 P_P99=$3 P_BAD=$4
RATIO=$(awk -v p="$P_RPS" -v s="$S_RPS" 'BEGIN {printf "%.3f", p / s}')

# Where a request's microseconds go, from the workers' own log lines.
PHASES=$(awk '/ GET \/fi\/ 200 / {
	for (i = 1; i <= NF; i++) {
		if ($i ~ /us$/ && $i ~ /^[0-9]/) { sub(/us$/, "", $i); tot += $i }
		if (split($i, kv, "=") == 2 && kv[2] ~ /^[0-9]+$/) { sum[kv[1]] += kv[2] }
	}
	n++
} END {
	if (n == 0) { print "no samples"; exit }
	printf "| total in vvhomed | %.0f |\n", tot / n
	printf "| parse (URI, body, cookies) | %.0f |\n", sum["parse"] / n
	printf "| route | %.0f |\n", sum["route"] / n
	printf "| build (session + handler fills XML) | %.0f |\n", sum["build"] / n
	printf "| transform + serialize (XSLT) | %.0f |\n", sum["render"] / n
	printf "| write (FastCGI out, finish) | %.0f |\n", sum["write"] / n
	printf "| samples | %d |\n", n
}' "$VAR/log/vvhomed.log")

# The poll endpoint (plugin alarm), the hottest path: every tablet asks
# every 5 s. A customer with 20 past events and one running, signed in with
# a session row whose token only this script knows; against a bare libfcgi
# responder with as many processes as vvhomed has workers.
case "$BUILD" in /*) BDIR=$BUILD ;; *) BDIR="$ROOT/$BUILD" ;; esac
db() { mariadb --socket "$VAR/db/mysqld.sock" -uroot -N -B vvhome -e "$1"; }
STAMP="$$-$(date +%s)"
TENANT=$("$BDIR/vvctl" -c "$VAR/vvhome.conf" tenant create --name "Bench $STAMP" | tail -n 1)
CUSTOMER=$(echo "bench-password-$STAMP" | "$BDIR/vvctl" -c "$VAR/vvhome.conf" user create --tenant "$TENANT" \
	--email "bench-$STAMP@example.org" --first Bench --last Customer --role customer --language fi \
	--password-stdin | tail -n 1)
TOKEN=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
enrol() { # starts-at expression
	echo "INSERT INTO events (uuid, tenant_id, type_id, creator_id, max_participants, starts_at, ends_at,
		duration_minutes, room_id) VALUES (UUID(), @t, @ty, @u, 10, $1, $1 + INTERVAL 1 HOUR, 60, UUID());
	SET @e = LAST_INSERT_ID();
	INSERT INTO event_texts (event_id, language, name) VALUES (@e, 'fi', 'Tuolijumppa');
	INSERT INTO event_participants (event_id, tenant_id, user_id, kind) VALUES (@e, @t, @u, 'customer');"
}
db "SET @t = (SELECT id FROM tenants WHERE uuid = '$TENANT');
	SET @u = (SELECT id FROM users WHERE uuid = '$CUSTOMER');
	INSERT INTO event_types (uuid, tenant_id, name) VALUES (UUID(), @t, 'Bench');
	SET @ty = LAST_INSERT_ID();
	INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (@ty, @u, @t);
	$(for d in $(seq 1 20); do enrol "UTC_TIMESTAMP() - INTERVAL $d DAY"; done)
	$(enrol "UTC_TIMESTAMP() - INTERVAL 5 MINUTE")
	INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
	VALUES (SHA2('$TOKEN', 256), @u, @t, REPEAT('x', 43), 'link', UTC_TIMESTAMP(),
		UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY);"
COOKIE="Cookie: vv_session=$TOKEN"
POLL_BODY=$(curl -s -H "$COOKIE" "$BASE/fi/ecare/poll")
case "$POLL_BODY" in *'"uuid"'*) ;; *) echo "bench: the poll did not see the running event: $POLL_BODY" >&2; exit 1 ;; esac
POLL_SIZE=$(printf %s "$POLL_BODY" | wc -c)

# A fleet: TABLETS customers of the same tenant, each signed in on its own
# tablet (a link session) and enrolled in the running event. The first
# 1000 poll again and again; one request in 30 is a tablet's first poll,
# which finds no copy in the worker: the share of polls that find none in
# the field (tests/bench/tablets.lua says why).
TABLETS=${VV_BENCH_TABLETS:-60000}
PFX=$(printf %s "$STAMP" | sha256sum | cut -c1-8) # tokens differ between runs on one stack
db "SET @t = (SELECT id FROM tenants WHERE uuid = '$TENANT');
	SET @e = (SELECT p.event_id FROM event_participants p JOIN users u ON u.id = p.user_id
		JOIN events e ON e.id = p.event_id WHERE u.uuid = '$CUSTOMER' AND e.ends_at > UTC_TIMESTAMP());
	INSERT INTO users (uuid, tenant_id, email, first_name, last_name, role, language)
		SELECT UUID(), @t, CONCAT('tablet-', seq, '-$STAMP@example.org'), 'Tabletti', seq, 'customer', 'fi'
		FROM seq_1_to_$TABLETS;
	INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, last_seen, idle_expires_at, expires_at)
		SELECT SHA2(CONCAT('t$PFX', LPAD(u.last_name, 34, '0')), 256), u.id, @t, REPEAT('x', 43), 'link',
		UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY, UTC_TIMESTAMP() + INTERVAL 1 DAY
		FROM users u WHERE u.tenant_id = @t AND u.email LIKE 'tablet-%';
	INSERT INTO event_participants (event_id, tenant_id, user_id, kind)
		SELECT @e, @t, u.id, 'customer' FROM users u WHERE u.tenant_id = @t AND u.email LIKE 'tablet-%';"
seq 1 "$TABLETS" | awk -v p="t$PFX" '{ printf "%s%034d\n", p, $1 }' > "$OUT/tablets.txt"
TAB_BODY=$(curl -s -H "Cookie: vv_session=$(head -n 1 "$OUT/tablets.txt")" "$BASE/fi/ecare/poll")
case "$TAB_BODY" in *'"uuid"'*) ;; *) echo "bench: a tablet did not see the running event: $TAB_BODY" >&2; exit 1 ;; esac

cc -std=c11 -D_GNU_SOURCE -O2 -o "$OUT/hello" "$ROOT/tests/bench/hello.c" -lfcgi
"$OUT/hello" "$VAR/run/hello.sock" "$(nproc)" &
HELLO_PID=$!
i=0
until curl -sf -o /dev/null "$BASE/bench/hello" || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
set -- $(run hello /bench/hello); H_RPS=$1 H_P50=$2 H_P99=$3
: > "$VAR/log/vvhomed.log"
poll_us() { awk '/ GET \/fi\/ecare\/poll 200 / { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+us$/) { sub(/us$/, "", $i); t += $i; n++ } }
	END { if (n) printf "%.0f", t / n; else print "-" }' "$VAR/log/vvhomed.log"; }
# The headline: the fleet, with the shipped settings, after the 1000 warm
# tablets have been asked a few times.
export VV_TABLETS="$OUT/tablets.txt" VV_WARM=1000
VV_COLD_EVERY=0 wrk -t2 -c8 -d3s -s "$ROOT/tests/bench/tablets.lua" "$BASE/fi/ecare/poll" >/dev/null 2>&1
: > "$VAR/log/vvhomed.log"
set -- $(VV_COLD_EVERY=30 run poll /fi/ecare/poll -s "$ROOT/tests/bench/tablets.lua"); Q_RPS=$1 Q_P50=$2 Q_P99=$3 Q_BAD=$4
Q_RATIO=$(awk -v p="$Q_RPS" -v h="$H_RPS" 'BEGIN {printf "%.3f", p / h}')
Q_US=$(poll_us)
# One tablet over and over: every answer from the worker's copy.
: > "$VAR/log/vvhomed.log"
set -- $(run poll-one /fi/ecare/poll -H "$COOKIE"); O_RPS=$1 O_P50=$2 O_P99=$3 O_BAD=$4
O_US=$(poll_us)
# The full path every time (poll_cache_seconds = 0): session lookup, event query.
sh "$ROOT/tests/stack/stack.sh" app-stop "$VAR" "$PORT" "$BUILD" >/dev/null
VV_POLL_CACHE_SECONDS=0 sh "$ROOT/tests/stack/stack.sh" app-start "$VAR" "$PORT" "$BUILD" >/dev/null
i=0
until curl -sf -o /dev/null "$BASE/healthz" || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
: > "$VAR/log/vvhomed.log"
set -- $(VV_COLD_EVERY=0 run poll-full /fi/ecare/poll -s "$ROOT/tests/bench/tablets.lua"); F_RPS=$1 F_P50=$2 F_P99=$3 F_BAD=$4
F_US=$(poll_us)
F_RATIO=$(awk -v p="$F_RPS" -v h="$H_RPS" 'BEGIN {printf "%.3f", p / h}')

CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
NOW=$(date -u +%Y-%m-%d)
cat > "$OUT/results.md" <<MD
Measured $NOW on $(nproc) cores ($CPU), $(free -g | awk '/Mem:/ {print $2}') GiB, Debian $(cat /etc/debian_version);
wrk -t2 -c$CONNS -d${DUR}s on loopback; client, nginx (1 worker), vvhomed ($(nproc) workers) and MariaDB share the machine.

| what | req/s | p50 | p99 |
|---|---|---|---|
| static file, $SIZE bytes, nginx | $S_RPS | $S_P50 | $S_P99 |
| rendered front page /fi/, $SIZE bytes | $P_RPS | $P_P50 | $P_P99 |
| **ratio rendered / static** | **$RATIO** (target ≥ 0.25) | | |
| bare libfcgi hello world (tests/bench/hello.c), $(nproc) processes | $H_RPS | $H_P50 | $H_P99 |
| poll /fi/ecare/poll, a fleet: 1000 tablets again and again, 1 poll in 30 a tablet's first (each in a running event), $POLL_SIZE bytes | $Q_RPS | $Q_P50 | $Q_P99 |
| **ratio poll / hello world** | **$Q_RATIO** (target ≥ 0.6) | | |
| poll, one tablet over and over (every answer from the worker's copy) | $O_RPS | $O_P50 | $O_P99 |
| poll, 1000 tablets in turn, without copies (poll_cache_seconds = 0) | $F_RPS | $F_P50 | $F_P99 |
| ratio poll without copies / hello world | $F_RATIO | | |

Inside vvhomed a poll takes on average $Q_US µs (the fleet), $O_US µs (from the copy),
$F_US µs (the full path: session lookup, event query, JSON).

Mean microseconds per front-page request inside vvhomed (from the per-request log line):

| phase | µs |
|---|---|
$PHASES
MD
cat "$OUT/results.md"
[ "${P_BAD:-0}" = 0 ] || echo "warning: $P_BAD non-2xx answers during the page run" >&2
[ "${Q_BAD:-0}" = 0 ] || echo "warning: $Q_BAD non-2xx answers during the poll run" >&2
[ "${O_BAD:-0}" = 0 ] || echo "warning: $O_BAD non-2xx answers during the one-tablet poll run" >&2
[ "${F_BAD:-0}" = 0 ] || echo "warning: $F_BAD non-2xx answers during the poll run without copies" >&2

DOC="$ROOT/doc/performance.md"
if [ -f "$DOC" ] && grep -q '<!-- bench:start -->' "$DOC"; then
	awk -v f="$OUT/results.md" '
		/<!-- bench:start -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
		/<!-- bench:end -->/ { skip = 0 }
		!skip { print }' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
	echo "updated $DOC"
fi
