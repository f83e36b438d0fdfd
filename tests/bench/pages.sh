#!/bin/sh
# make bench, second part: every page a customer or an operator waits on,
# on a generated provider-sized data set (tools/gen-data.py), each against
# nginx serving the same bytes as a file and against the bare FastCGI hello
# world, in the same run and on the same stack (one nginx worker for all).
#   pages.sh BUILD SCALE...      e.g. pages.sh build 100000 1000000
# Writes BUILD/bench/pages-<SCALE>.md and BUILD/bench/pages.md (all sizes).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build}
shift
[ $# -gt 0 ] || set -- 100000 1000000
VAR="$ROOT/$BUILD/bench-stack"
PORT=${VV_BENCH_PORT:-18090}
DUR=${VV_BENCH_SECONDS:-8}
CONNS=${VV_BENCH_CONNS:-32}
BASE="http://127.0.0.1:$PORT"
OUT="$ROOT/$BUILD/bench"
mkdir -p "$OUT"
case "$BUILD" in /*) BDIR=$BUILD ;; *) BDIR="$ROOT/$BUILD" ;; esac

HELLO_PID=
cleanup() {
	[ -z "$HELLO_PID" ] || kill "$HELLO_PID" 2>/dev/null || true
	sh "$ROOT/tests/stack/stack.sh" stop "$VAR" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM
cleanup
# Copies of the poll answers live 300 s; the fleet below warms them first.
VV_TICK_SECONDS=0 sh "$ROOT/tests/stack/stack.sh" start "$VAR" "$PORT" "$BUILD" >/dev/null
db() { mariadb --socket "$VAR/db/mysqld.sock" -uroot -N -B vvhome -e "$1"; }
# The test stack's 64 MB buffer pool holds the 100k set but not the 1M one;
# a server for a million events has its working set in memory (1 GB here,
# VV_BENCH_POOL_MB), so that the slope measured is the queries', not the disk
# cache's.
db "SET GLOBAL innodb_buffer_pool_size = ${VV_BENCH_POOL_MB:-1024} * 1024 * 1024"
mysqld_pid() { cat "$VAR/db/mysqld.pid"; }
# CPU seconds (utime + stime, in clock ticks) a process used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TCK=$(getconf CLK_TCK)

cc -std=c11 -D_GNU_SOURCE -O2 -o "$OUT/hello" "$ROOT/tests/bench/hello.c" -lfcgi
"$OUT/hello" "$VAR/run/hello.sock" "$(nproc)" &
HELLO_PID=$!

# run NAME PATH [wrk args] -> "req/s p50 p99 non2xx mariadb-cpu-share"
run() {
	name=$1 path=$2
	shift 2
	m0=$(cpu_ticks "$(mysqld_pid)")
	t0=$(date +%s.%N)
	wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$@" "$BASE$path" > "$OUT/$name.txt" 2>&1
	t1=$(date +%s.%N)
	m1=$(cpu_ticks "$(mysqld_pid)")
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$name.txt")
	p50=$(awk '$1 == "50%" {print $2}' "$OUT/$name.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$OUT/$name.txt")
	bad=$(awk '/Non-2xx/ {print $NF}' "$OUT/$name.txt")
	share=$(awk -v a="$m0" -v b="$m1" -v s="$t0" -v e="$t1" -v n="$(nproc)" -v k="$TCK" \
		'BEGIN { printf "%.0f%%", 100 * (b - a) / k / (e - s) / n }')
	echo "$rps $p50 $p99 ${bad:-0} $share"
}
ratio() { awk -v p="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.3f", p / s; else print "-" }'; }
# The page's bytes as a static file: the same size, the same headers' cost.
static_of() { # name path cookie
	mkdir -p "$VAR/bench/static"
	curl -s -H "Cookie: vv_session=$3" "$BASE$2" > "$VAR/bench/static/$1.html"
	wc -c < "$VAR/bench/static/$1.html" | tr -d ' '
}
worker_rss() { # the largest worker's resident set, MiB
	for p in $(pgrep -P "$(cat "$VAR/run/vvhomed.pid")" 2>/dev/null); do
		awk '/^VmRSS:/ { print $2 }' "/proc/$p/status"
	done | sort -n | tail -n 1 | awk '{ printf "%.1f", $1 / 1024 }'
}
# The EXPLAIN of every SELECT one request of PATH runs, from the general log.
# MariaDB writes a prepared statement's parameters into the log only when
# the statement was prepared while the log was on, and the workers keep
# theirs prepared: explain_on restarts them with the log on, after the
# measurements (so nothing measured runs with it).
explain_on() {
	db "SET GLOBAL general_log_file = '$VAR/db/general.log'; SET GLOBAL log_output = 'FILE';
		SET GLOBAL general_log = 1"
	sh "$ROOT/tests/stack/stack.sh" app-stop "$VAR" "$PORT" "$BUILD" >/dev/null
	VV_TICK_SECONDS=0 sh "$ROOT/tests/stack/stack.sh" app-start "$VAR" "$PORT" "$BUILD" >/dev/null
	until curl -sf -o /dev/null "$BASE/healthz"; do sleep 0.2; done
}
explain_of() { # path cookie -> markdown
	curl -s -o /dev/null -H "Cookie: vv_session=$2" "$BASE$1" # prepares the statements
	sleep 0.2 # the log is written a little later
	from=$(($(wc -c < "$VAR/db/general.log") + 1))
	curl -s -o /dev/null -H "Cookie: vv_session=$2" "$BASE$1"
	sleep 0.2
	tail -c +"$from" "$VAR/db/general.log" | tr -d '\000' |
	awk '/ Execute\t/ { sub(/^.* Execute\t/, ""); if ($0 ~ /^SELECT/) print }' |
	while IFS= read -r q; do
		printf '\n```\n%s\n```\n\n| table | type | key | rows | Extra |\n|---|---|---|---|---|\n' "$(printf %s "$q" | cut -c1-400)"
		db "EXPLAIN $q" 2>/dev/null | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $3, $4, $6, $9, $10 }'
	done
}

ALL="$OUT/pages.md"
: > "$ALL"
for SCALE in "$@"; do
	echo "== $SCALE events: generating and loading"
	sh "$ROOT/tools/data.sh" "$VAR" "$SCALE" 1 "$BUILD" | tail -n 1
	TOK="$VAR/data-gen/tokens.txt"
	# Fresh workers: nothing cached from the data set before.
	sh "$ROOT/tests/stack/stack.sh" app-stop "$VAR" "$PORT" "$BUILD" >/dev/null
	VV_TICK_SECONDS=0 sh "$ROOT/tests/stack/stack.sh" app-start "$VAR" "$PORT" "$BUILD" >/dev/null
	until curl -sf -o /dev/null "$BASE/healthz"; do sleep 0.2; done

	# A customer whose coming week holds about 20 items (events of their
	# types), an event among them, and an operator of their organisation.
	set -- $(db "SELECT tc.user_id, tc.tenant_id, COUNT(*) c FROM type_customers tc
		JOIN events e ON e.type_id = tc.type_id AND e.status = 'scheduled'
		AND e.starts_at >= UTC_TIMESTAMP() AND e.starts_at < UTC_TIMESTAMP() + INTERVAL 7 DAY
		GROUP BY tc.user_id, tc.tenant_id ORDER BY ABS(COUNT(*) - 20), tc.user_id LIMIT 1")
	CUST=$1 TEN=$2 ITEMS=$3
	CTOK=$(awk -F'\t' -v u="$CUST" '$1 == u { print $4 }' "$TOK")
	STOK=$(awk -F'\t' -v t="$TEN" '$2 == t && $3 == "operator" { print $4; exit }' "$TOK")
	# (An event shows to customers whose device language it has a text in.)
	EV=$(db "SELECT e.uuid FROM events e JOIN type_customers tc ON tc.type_id = e.type_id AND tc.user_id = $CUST
		JOIN users u ON u.id = tc.user_id JOIN tenants t ON t.id = u.tenant_id
		JOIN event_texts x ON x.event_id = e.id AND x.language = COALESCE(u.language, t.language)
		WHERE e.status = 'scheduled' AND e.starts_at >= UTC_TIMESTAMP() + INTERVAL 1 DAY
		ORDER BY e.starts_at LIMIT 1")
	# Tiedot with 20 participants: an event of the organisation filled to 20.
	DET=$(db "SELECT uuid FROM events WHERE tenant_id = $TEN AND status = 'scheduled'
		AND starts_at > UTC_TIMESTAMP() + INTERVAL 2 DAY ORDER BY id LIMIT 1")
	db "SET @e = (SELECT id FROM events WHERE uuid = '$DET');
		UPDATE events SET max_participants = 30 WHERE id = @e;
		DELETE FROM event_participants WHERE event_id = @e;
		INSERT INTO event_participants (event_id, tenant_id, user_id, kind)
			SELECT @e, $TEN, id, 'customer' FROM users WHERE tenant_id = $TEN AND role = 'customer'
			ORDER BY id LIMIT 20;
		UPDATE events SET enrolled = 20 WHERE id = @e;"
	# Enrol: the customers of the event's type, each alternating enrol/cancel.
	EEV=$(db "SELECT e.uuid FROM events e WHERE e.tenant_id = $TEN AND e.status = 'scheduled'
		AND e.starts_at > UTC_TIMESTAMP() + INTERVAL 3 DAY AND e.group_id IS NULL ORDER BY e.id DESC LIMIT 1")
	db "UPDATE events SET max_participants = 40 WHERE uuid = '$EEV';
		INSERT IGNORE INTO event_texts (event_id, language, name)
			SELECT id, l.lang, 'Bench' FROM events, (SELECT 'fi' lang UNION SELECT 'sv' UNION SELECT 'en') l
			WHERE uuid = '$EEV'"
	db "SELECT tc.user_id FROM type_customers tc JOIN events e ON e.type_id = tc.type_id
		WHERE e.uuid = '$EEV'" > "$VAR/bench/enrol-users.txt"
	awk -F'\t' -v p="/ecare/index/event/$EEV" 'NR == FNR { u[$1] = 1; next } ($1 in u) { print $4, p }' \
		"$VAR/bench/enrol-users.txt" "$TOK" > "$VAR/bench/enrol.txt"
	awk -F'\t' '$3 == "customer" { print $4 }' "$TOK" > "$VAR/bench/fleet.txt"
	FLEET=$(wc -l < "$VAR/bench/fleet.txt" | tr -d ' ')

	wrk -t2 -c8 -d2s "$BASE/fi/" >/dev/null 2>&1 # warm the workers' stylesheets
	set -- $(run "hello-$SCALE" /bench/hello); H_RPS=$1
	ROWS=""
	EXPL=""
	page() { # label name path token
		label=$1 name=$2 path=$3 tok=$4
		size=$(static_of "$name" "$path" "$tok")
		set -- $(run "static-$name-$SCALE" "/bench/static/$name.html"); s_rps=$1
		set -- $(run "$name-$SCALE" "$path" -H "Cookie: vv_session=$tok"); p_rps=$1 p50=$2 p99=$3 bad=$4 share=$5
		ROWS="$ROWS| $label | $size | $p_rps | $p50 | $p99 | **$(ratio "$p_rps" "$s_rps")** | $(ratio "$p_rps" "$H_RPS") | $share | $bad |
"
		printf '%s\t%s\t%s\n' "$label" "$path" "$tok" >> "$VAR/bench/explain.txt"
	}
	: > "$VAR/bench/explain.txt"
	page "front page" front /fi/ none
	page "customer calendar, a week of $ITEMS events" calendar /fi/ecare/index/calendar "$CTOK"
	page "customer's event page" event "/fi/ecare/index/event/$EV" "$CTOK"
	page "Muokkaa kalenteria (staff list)" staff-list /fi/ecare/events "$STOK"
	page "Tiedot, 20 participants" details "/fi/ecare/events/$DET" "$STOK"
	page "recordings list" recordings /fi/ecare/recordings "$STOK"
	# Enrol and cancel: a write each, answered with a redirect (3xx is fine).
	set -- $(VV_ENROL="$VAR/bench/enrol.txt" run "enrol-$SCALE" "/fi/ecare/index/event/$EEV/enrol" \
		-s "$ROOT/tests/bench/enrol.lua"); e_rps=$1 e50=$2 e99=$3 ebad=$4 eshare=$5
	ROWS="$ROWS| enrol / cancel (POST), $(wc -l < "$VAR/bench/enrol.txt" | tr -d ' ') customers | - | $e_rps | $e50 | $e99 | - | $(ratio "$e_rps" "$H_RPS") | $eshare | $ebad |
"
	# The poll: every customer's tablet polled until both workers hold its
	# copy, then the fleet as the field meets it (1 poll in 30 finds no
	# copy). Which worker answers is the kernel's choice: ~6 polls a tablet
	# leave 1 in 32 without a copy in one of 2 workers. Counted, not timed
	# (5 s runs until 6 x the fleet's polls are made), so that the 1M fleet
	# is as warm as the 100k one however fast the misses are answered.
	warmed=0
	while [ "$warmed" -lt $((6 * FLEET)) ]; do
		n=$(VV_TABLETS="$VAR/bench/fleet.txt" VV_COLD_EVERY=0 VV_OFFSET=$warmed \
			wrk -t2 -c"$CONNS" -d5s -s "$ROOT/tests/bench/tablets.lua" "$BASE/fi/ecare/poll" 2>/dev/null |
			awk '/requests in/ { print $1 }')
		[ "${n:-0}" -gt 0 ] || break
		warmed=$((warmed + n))
	done
	set -- $(VV_TABLETS="$VAR/bench/fleet.txt" VV_WARM="$FLEET" VV_COLD_EVERY=30 run "poll-$SCALE" /fi/ecare/poll \
		-s "$ROOT/tests/bench/tablets.lua"); q_rps=$1 q50=$2 q99=$3 qbad=$4 qshare=$5
	ROWS="$ROWS| poll, a fleet of $FLEET tablets | - | $q_rps | $q50 | $q99 | - | **$(ratio "$q_rps" "$H_RPS")** | $qshare | $qbad |
"
	RSS=$(worker_rss)
	explain_on
	while IFS="$(printf '\t')" read -r label path tok; do
		EXPL="$EXPL
#### $label ($path)
$(explain_of "$path" "$tok")
"
	done < "$VAR/bench/explain.txt"
	db "SET GLOBAL general_log = 0"
	{
		echo "### $SCALE events ($(db "SELECT COUNT(*) FROM users") users, $(db "SELECT COUNT(*) FROM tenants") organisations)"
		echo
		echo "Bare FastCGI hello world: $H_RPS req/s. Largest worker's RSS after the run: $RSS MiB."
		echo
		echo "| page | bytes | req/s | p50 | p99 | / static | / hello | MariaDB CPU | non-2xx/3xx |"
		echo "|---|---|---|---|---|---|---|---|---|"
		printf '%s' "$ROWS"
		echo
		echo "<details><summary>EXPLAIN of each page's queries at $SCALE events</summary>"
		printf '%s\n' "$EXPL"
		echo "</details>"
		echo
	} > "$OUT/pages-$SCALE.md"
	cat "$OUT/pages-$SCALE.md" >> "$ALL"
	echo "== $SCALE events"
	printf '%s' "$ROWS"
done

DOC="$ROOT/doc/performance.md"
if [ -f "$DOC" ] && grep -q '<!-- pages:start -->' "$DOC"; then
	awk -v f="$ALL" '
		/<!-- pages:start -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
		/<!-- pages:end -->/ { skip = 0 }
		!skip { print }' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
	echo "updated $DOC"
fi
