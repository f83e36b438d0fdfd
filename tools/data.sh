#!/bin/sh
# make data: replaces the database of a private stack (default var/, the one
# `make run` uses) with the generated provider-sized data set of
# tools/gen-data.py: migrated schema, then LOAD DATA of every table.
#   data.sh VAR SCALE [SEED] [BUILD]
# The stack's MariaDB is started if it is not running and left running.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR=$(mkdir -p "${1:?usage: data.sh VAR SCALE [SEED] [BUILD]}" && cd "$1" && pwd)
SCALE=${2:-1000000}
SEED=${3:-1}
BUILD=${4:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
[ -x "$BUILD/vvctl" ] || { echo "data.sh: build $BUILD/vvctl first (make)" >&2; exit 1; }
DB="$VAR/db"
OUT="$VAR/data-gen"
t0=$(date +%s)
sh "$ROOT/tests/stack/mariadb.sh" start "$DB" >/dev/null
root_sql() { mariadb --socket "$DB/mysqld.sock" -uroot "$@"; }
root_sql -e "DROP DATABASE IF EXISTS vvhome;
	CREATE DATABASE vvhome CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
	GRANT ALL ON vvhome.* TO 'vvhome'@'localhost';"
CONF="$VAR/data-gen.conf"
cat > "$CONF" <<CONF
[paths]
schema_dir = $BUILD/share/schema
[db]
socket = $DB/mysqld.sock
user = vvhome
password_file = $DB/db.password
name = vvhome
CONF
"$BUILD/vvctl" -c "$CONF" migrate >"$VAR/data-migrate.log" 2>&1 || { cat "$VAR/data-migrate.log" >&2; exit 1; }
t1=$(date +%s)
python3 "$ROOT/tools/gen-data.py" --scale "$SCALE" --seed "$SEED" --out "$OUT"
t2=$(date +%s)
root_sql --local-infile=1 vvhome < "$OUT/load.sql"
root_sql vvhome -e "ANALYZE TABLE tenants, users, sessions, event_types, type_customers, external_groups,
	group_shares, group_customers, events, event_texts, event_participants, recordings" >/dev/null
t3=$(date +%s)
rm -f "$OUT"/*.tsv # tokens.txt stays: make bench signs in with it
echo "data: $(head -n 1 "$OUT/summary.txt") into $VAR/db"
sed -n '2,$p' "$OUT/summary.txt" | sed 's/^/  /'
echo "data: schema $((t1 - t0)) s, generate $((t2 - t1)) s, load $((t3 - t2)) s, total $((t3 - t0)) s"
