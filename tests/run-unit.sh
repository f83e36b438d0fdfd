#!/bin/sh
# Runs every unit test binary in BUILD_DIR/tests, prints one result line
# each and exits non-zero when any failed (or when there are none to run).
# Usage: sh tests/run-unit.sh BUILD_DIR
if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
dir=$1/tests
# The stylesheets and catalogues as the core reads them (make share).
export VV_XSL_DIR="$1/share/xsl"
export VV_BUILD_DIR="$1" # where test_render finds share/xsl and the plugins
total=0
failed=0
failed_names=
for t in "$dir"/test_*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	name=${t##*/}
	total=$((total + 1))
	out=$("$t" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "PASS $name"
		# Check's own summary line, which the totals are counted from.
		printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks:' || true
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
		echo "FAIL $name (exit $rc)"
		# Show the failing run in full; passing ones stay quiet.
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
done
if [ "$total" -eq 0 ]; then
	echo "no unit test binaries in $dir" >&2
	exit 1
fi
echo "unit tests: $((total - failed))/$total passed"
if [ "$failed" -ne 0 ]; then
	echo "failed:$failed_names"
	exit 1
fi
exit 0
