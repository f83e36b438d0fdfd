#!/bin/sh
# Builds the request-parser fuzz target and runs it for SECONDS (default 60).
# The corpus lives in build/fuzz/corpus (seeded on first use) and crash
# inputs land in build/fuzz/ as crash-*; the exit status is non-zero when
# the fuzzer found one. Run from the repository root: sh tests/fuzz/run.sh 60
set -eu
secs=${1:-60}
cd "$(dirname "$0")/../.."
out=build/fuzz
corpus=$out/corpus
mkdir -p "$corpus"

CC=${FUZZ_CC:-clang}
# shellcheck disable=SC2046
$CC -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Werror \
	-Icore/include -Icore $(pkg-config --cflags libxml-2.0) \
	-o "$out/fuzz_req" tests/fuzz/fuzz_req.c \
	core/memory/arena.c core/http/req.c core/http/req_parse.c core/server/log.c core/server/conf.c

# Seeds: one input of each shape the target tries.
seed() {
	[ -f "$corpus/$1" ] || printf '%b' "$2" > "$corpus/$1"
}
seed uri '/fi/events/ab12?x=1&y=%C3%A4+b&flag'
seed uri_bad '/en/../x?%zz=%00'
seed form 'name=Matti+Meik%C3%A4l%C3%A4inen&c=1&c=2&empty='
seed multipart '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n--XyZ\r\nContent-Disposition: form-data; name="f"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n'
seed multipart_ct 'multipart/form-data; boundary="a b"\n--a b\r\ncontent-disposition: form-data; name=x\r\n\r\n1\r\n--a b--'
seed cookie 'vv_session=abc123; lang=sv; bad; =x; q="y"'

# Quiet unless it finds something; the summary line comes at the end.
rc=0
"$out/fuzz_req" -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$out/" "$corpus" 2> "$out/fuzz.log" || rc=$?
grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$out/fuzz.log" || true
if [ "$rc" -ne 0 ]; then
	tail -n 60 "$out/fuzz.log"
	echo "fuzz_req: crash found (exit $rc); see $out/fuzz.log and $out/crash-*" >&2
	exit 1
fi
echo "fuzz_req: no crash in ${secs}s; corpus: $(ls "$corpus" | wc -l) inputs"
