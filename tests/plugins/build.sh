#!/bin/sh
# Installs vvhome into a scratch DESTDIR and builds the test plugins from
# outside the tree against the installed headers only.
#   build.sh BUILD_MAKE_ARGS... -> prints nothing, leaves plugins in OUT
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:?usage: build.sh OUTDIR}
shift
DEST="$OUT/destdir"
rm -rf "$DEST"
make -s -C "$ROOT" "$@" install DESTDIR="$DEST" PREFIX=/opt/vvhome >/dev/null
# The staged .pc names /opt/vvhome; point a copy at the staging tree (what a
# packager's sandbox does), so only the installed headers are found.
mkdir -p "$OUT/pc"
sed "s|^prefix=.*|prefix=$DEST/opt/vvhome|" "$DEST/opt/vvhome/lib/pkgconfig/vvhome-plugin.pc" \
	> "$OUT/pc/vvhome-plugin.pc"
export PKG_CONFIG_PATH="$OUT/pc"
CFLAGS=$(pkg-config --cflags vvhome-plugin)
LIBS=$(pkg-config --libs vvhome-plugin)
# Copy the source out of the tree so nothing but the installed headers is in reach.
SRC="$OUT/src"
rm -rf "$SRC"
mkdir -p "$SRC"
cp -r "$ROOT/tests/plugins/testkit" "$SRC/"
# The plugin's own Makefile builds it and installs its stylesheets,
# catalogues, static file and migration where pkg-config says (into the
# staged tree the HTTP tests serve from: tests/run-http.sh VV_SHARE).
make -s -C "$SRC/testkit" install CC="${CC:-cc}" >/dev/null
cp "$SRC/testkit/testkit.so" "$OUT/testkit.so"
cd "$SRC/testkit"
W="-std=c11 -Wall -Wextra -Werror -O1"
cc $W $CFLAGS -DTESTKIT_BAD_ABI -DTESTKIT_NAME='"badabi"' -o "$OUT/badabi.so" testkit.c $LIBS
# Same name as the first: must be refused as a duplicate.
cc $W $CFLAGS -o "$OUT/testkit_again.so" testkit.c $LIBS
# Another name but testkit's routes: refused, naming both plugins.
cc $W $CFLAGS -DTESTKIT_NAME='"testkit_dup"' -DTESTKIT_PREFIX='"/testkit"' -o "$OUT/testkit_dup.so" testkit.c $LIBS
# As built against the headers before menu items and parts were appended: loads.
cc $W $CFLAGS -DTESTKIT_NAME='"oldkit"' -DTESTKIT_OLD -o "$OUT/oldkit.so" testkit.c $LIBS
# With a menu and a page-wide part, loaded by tests/http/plugins.test.mjs alone.
cc $W $CFLAGS -DTESTKIT_NAME='"framekit"' -DTESTKIT_FRAME -o "$OUT/framekit.so" testkit.c $LIBS
cd "$SRC"
printf 'int not_a_plugin = 1;\n' > nosym.c
cc $W -fPIC -shared -o "$OUT/nosym.so" nosym.c
cp "$ROOT/tests/plugins/videokit.c" . && cc $W $CFLAGS -o "$OUT/videokit.so" videokit.c $LIBS
