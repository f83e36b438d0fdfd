#!/bin/sh
# make deb: builds the Debian packages vvhome and vvhome-dev with
# dpkg-buildpackage (debian/) and puts them in build/deb-out/.
# dpkg-buildpackage writes into the parent folder, so it runs on a copy of
# the tree (committed files only: what a fresh clone would build).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/build/deb-out"
WORK="$ROOT/build/deb-src"
rm -rf "$WORK"
mkdir -p "$WORK/vvhome" "$OUT"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
	# The working tree's tracked files, uncommitted edits included.
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | grep -zv '^build/' |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf -) | tar -xf - -C "$WORK/vvhome"
else
	(cd "$ROOT" && tar --exclude=./build --exclude=./var --exclude=./node_modules -cf - .) |
		tar -xf - -C "$WORK/vvhome"
fi
cd "$WORK/vvhome"
dpkg-buildpackage -b -us -uc -j"$(nproc)" >"$WORK/build.log" 2>&1 || {
	tail -n 40 "$WORK/build.log" >&2
	echo "make deb: dpkg-buildpackage failed; the whole log: $WORK/build.log" >&2
	exit 1
}
rm -f "$OUT"/*.deb
mv "$WORK"/*.deb "$OUT"/
ls "$OUT"/*.deb
