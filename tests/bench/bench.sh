#!/bin/sh
# make bench: wrk against the rendered front page and against a static
# file of the same size served by the same nginx, in the same run, so the
# ratio means something on a shared, noisy machine. Writes the figures
# into doc/performance.md between the bench markers.
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

cleanup() { sh "$ROOT/tests/stack/stack.sh" stop "$VAR" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM
cleanup
rm -f "$VAR/log/vvhomed.log"
sh "$ROOT/tests/stack/stack.sh" start "$VAR" "$PORT" "$BUILD" >/dev/null

# A static file exactly as large as the rendered page.
curl -s "$BASE/fi/" > "$VAR/bench/static.html"
SIZE=$(wc -c < "$VAR/bench/static.html")

run() { # name path -> "req/s p50 p99"
	wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$BASE$2" > "$OUT/$1.txt" 2>&1
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

Mean microseconds per front-page request inside vvhomed (from the per-request log line):

| phase | µs |
|---|---|
$PHASES
MD
cat "$OUT/results.md"
[ "${P_BAD:-0}" = 0 ] || echo "warning: $P_BAD non-2xx answers during the page run" >&2

DOC="$ROOT/doc/performance.md"
if [ -f "$DOC" ] && grep -q '<!-- bench:start -->' "$DOC"; then
	awk -v f="$OUT/results.md" '
		/<!-- bench:start -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
		/<!-- bench:end -->/ { skip = 0 }
		!skip { print }' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
	echo "updated $DOC"
fi
