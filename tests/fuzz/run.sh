#!/bin/sh
# Builds the libFuzzer targets (ASan/UBSan) and runs each in turn:
#   req     URIs and query strings, urlencoded and multipart bodies and their
#           Content-Type, cookies (fuzz_req.c)
#   conf    the configuration file (fuzz_conf.c)
#   youtube the recordings form's YouTube address or id (fuzz_youtube.c)
#   fields  dates, times of day, UTC timestamps, UUIDs, repeat rules (fuzz_fields.c)
# Budget per target: SECONDS (first argument or FUZZ_SECONDS, default 60),
# or FUZZ_RUNS executions when set (then no time limit). FUZZ_TARGETS picks
# some ("conf youtube"). Each corpus lives in build/fuzz/<target>/corpus
# (seeded on first use) and crash inputs land in build/fuzz/<target>/ as
# crash-*; the exit status is non-zero when any target found one. The last
# line adds up the executions of all targets. Run from anywhere:
#   sh tests/fuzz/run.sh 60        FUZZ_RUNS=2500000 sh tests/fuzz/run.sh
set -eu
secs=${1:-${FUZZ_SECONDS:-60}}
runs=${FUZZ_RUNS:-}
targets=${FUZZ_TARGETS:-req conf youtube fields}
cd "$(dirname "$0")/../.."
CC=${FUZZ_CC:-clang}

build() { # target, extra sources...
	t=$1
	shift
	mkdir -p "build/fuzz/$t/corpus"
	# shellcheck disable=SC2046
	$CC -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -Wall -Wextra -Werror \
		-Icore/include -Icore -Iplugins/recordings $(pkg-config --cflags libxml-2.0) \
		-o "build/fuzz/$t/fuzz_$t" "tests/fuzz/fuzz_$t.c" tests/fuzz/stubs.c "$@"
}

# Seeds: one input of each shape the target tries.
seed() { # target, name, bytes
	[ -f "build/fuzz/$1/corpus/$2" ] || printf '%b' "$3" > "build/fuzz/$1/corpus/$2"
}

prepare() {
	case $1 in
	req)
		build req core/memory/arena.c core/http/req.c core/http/req_parse.c \
			core/server/log.c core/server/conf.c
		seed req uri '/fi/events/ab12?x=1&y=%C3%A4+b&flag'
		seed req uri_bad '/en/../x?%zz=%00'
		seed req form 'name=Matti+Meik%C3%A4l%C3%A4inen&c=1&c=2&empty='
		seed req multipart '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n--XyZ\r\nContent-Disposition: form-data; name="f"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n'
		seed req multipart_ct 'multipart/form-data; boundary="a b"\n--a b\r\ncontent-disposition: form-data; name=x\r\n\r\n1\r\n--a b--'
		seed req cookie 'vv_session=abc123; lang=sv; bad; =x; q="y"'
		;;
	conf)
		build conf core/memory/arena.c core/server/log.c core/server/conf.c
		[ -f build/fuzz/conf/corpus/shipped ] || cp conf/vvhome.conf build/fuzz/conf/corpus/shipped
		seed conf quoted '[app]\npublic_url = "http://127.0.0.1:8080/"\n; c\n# c\n[ log ]\nlevel=DEBUG\n'
		seed conf bad_section '[app\nx = 1\n'
		seed conf no_section 'x = 1\n[a]\n'
		seed conf no_eq '[a]\njust words\n'
		seed conf numbers '[server]\nworkers = 4\nbacklog = -1x\n[app]\nsecure_cookies = Yes\n'
		;;
	youtube)
		build youtube core/memory/arena.c core/server/log.c plugins/recordings/youtube.c
		seed youtube id 'dQw4w9WgXcQ'
		seed youtube watch 'https://www.youtube.com/watch?feature=x&v=dQw4w9WgXcQ#t=1'
		seed youtube short 'youtu.be/dQw4w9WgXcQ/'
		seed youtube embed '//youtube-nocookie.com:443/embed/dQw4w9WgXcQ'
		seed youtube shorts 'http://m.youtube.com/shorts/dQw4w9WgXcQ?si=1'
		seed youtube userinfo 'https://youtube.com@127.0.0.1/watch?v=dQw4w9WgXcQ'
		;;
	fields)
		build fields core/memory/arena.c core/server/log.c core/time/datetime.c \
			core/time/timeslot.c core/time/recur.c core/identity/uuid.c -luuid
		seed fields iso '2026-12-08|12:30'
		seed fields fi '8.12.2026|9.05'
		seed fields secs '2026-02-29|23:59:00'
		seed fields utc '2026-12-08T10:00:00Z'
		seed fields db '2026-12-08 10:00'
		seed fields uuid '0f8fad5b-d9cb-469f-a165-70867728950e'
		seed fields repeat 'weekly'
		;;
	*)
		echo "run.sh: no fuzz target $1" >&2
		exit 2
		;;
	esac
}

total=0
failed=0
for t in $targets; do
	prepare "$t"
	out=build/fuzz/$t
	if [ -n "$runs" ]; then
		budget="-runs=$runs"
	else
		budget="-max_total_time=$secs"
	fi
	rc=0
	# Quiet unless it finds something; the summary line comes at the end.
	"$out/fuzz_$t" "$budget" -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus" \
		2> "$out/fuzz.log" || rc=$?
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log")
	if [ "$rc" -ne 0 ]; then
		tail -n 60 "$out/fuzz.log"
		echo "fuzz_$t: crash found (exit $rc); see $out/fuzz.log and $out/crash-*" >&2
		failed=1
		continue
	fi
	total=$((total + ${n:-0}))
	echo "fuzz_$t: ${n:-?} executions, no crash; corpus: $(ls "$out/corpus" | wc -l) inputs"
done
echo "fuzz: $total executions in total over: $targets"
exit $failed
