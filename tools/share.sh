#!/bin/sh
# Assembles the run-time tree the core reads (BUILD/share): what every page
# shares (xsl/, schema/) and each plugin's own files from its folder:
#   plugins/P/xsl/*.xsl       -> share/xsl/          (stylesheets include each other by name)
#   plugins/P/i18n/*.xml      -> share/xsl/i18n/     (P.fi.xml, P.sv.xml, P.en.xml)
#   plugins/P/static/...      -> share/xsl/static/...  (served by nginx under /static/)
#   plugins/P/schema/*.sql    -> share/schema/P/     (vvctl migrate: component P)
# Two sources of one file name are refused: the second would silently win.
# Usage: share.sh OUT [PLUGIN_DIR...]   (default: every folder under plugins/)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:?usage: share.sh OUT [plugin folders]}
shift
[ $# -gt 0 ] || set -- "$ROOT"/plugins/*/
TMP="$OUT.tmp.$$"
rm -rf "$TMP"
mkdir -p "$TMP/xsl/i18n" "$TMP/xsl/static" "$TMP/schema"
trap 'rm -rf "$TMP"' EXIT INT TERM

# put SRC DEST: copies one file, refusing a name already taken.
put() {
	if [ -e "$2" ]; then
		echo "share.sh: $1 and another file both give $2" >&2
		exit 1
	fi
	mkdir -p "$(dirname "$2")"
	cp -p "$1" "$2"
}
# tree SRC_DIR DEST_DIR: every file under SRC_DIR, keeping sub-paths.
tree() {
	[ -d "$1" ] || return 0
	(cd "$1" && find . -type f ! -name '.*' | sort) | while read -r f; do
		put "$1/${f#./}" "$2/${f#./}"
	done
}

for f in "$ROOT"/xsl/*.xsl; do put "$f" "$TMP/xsl/$(basename "$f")"; done
for f in "$ROOT"/xsl/i18n/*.xml; do put "$f" "$TMP/xsl/i18n/$(basename "$f")"; done
tree "$ROOT/xsl/static" "$TMP/xsl/static"
for f in "$ROOT"/schema/*.sql; do put "$f" "$TMP/schema/$(basename "$f")"; done
for d in "$@"; do
	d=${d%/}
	p=$(basename "$d")
	for f in "$d"/xsl/*.xsl; do [ -f "$f" ] && put "$f" "$TMP/xsl/$(basename "$f")"; done
	for f in "$d"/i18n/*.xml; do [ -f "$f" ] && put "$f" "$TMP/xsl/i18n/$(basename "$f")"; done
	tree "$d/static" "$TMP/xsl/static"
	for f in "$d"/schema/*.sql; do [ -f "$f" ] && put "$f" "$TMP/schema/$p/$(basename "$f")"; done
done
rm -rf "$OUT"
mv "$TMP" "$OUT"
