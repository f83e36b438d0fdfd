#!/bin/sh
# Fails when a text key used by the pages is missing from a catalogue, or
# when the catalogues (the core's xsl/i18n/{fi,sv,en}.xml and every
# plugins/*/i18n/<area>.{fi,sv,en}.xml) do not hold the same keys.
#
# Keys in use are collected from:
#   - vv:t('key') / vv:t("key") in every .xsl under xsl/ and plugins/
#   - string-literal keys passed to vv_form_error(r, "field", "key") in C
#   - tests/i18n-keys.txt, if present: one key per line (# comments), for
#     keys built at run time that no grep can see
# Run from the repository root (or pass it as $1). POSIX sh, grep, sed.
set -u
root=${1:-.}
cd "$root" || exit 2
cat_dir=xsl/i18n
tmp=${TMPDIR:-/tmp}/check-i18n.$$
mkdir "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

# Keys defined by one language's catalogues (<lang>.xml and every
# <area>.<lang>.xml), sorted, one per line.
cat_keys() {
	grep -ho '<m k="[^"]*"' "$@" | sed 's/^<m k="//; s/"$//' | sort
}

for lang in fi sv en; do
	f=$cat_dir/$lang.xml
	if [ ! -f "$f" ]; then
		echo "check-i18n: missing catalogue $f" >&2
		status=1
		continue
	fi
	files="$f $(ls $cat_dir/*.$lang.xml plugins/*/i18n/*.$lang.xml 2>/dev/null | tr '\n' ' ')"
	for g in $files; do
		if command -v xmllint >/dev/null 2>&1 && ! xmllint --noout "$g"; then
			echo "check-i18n: $g is not well-formed XML" >&2
			status=1
		fi
	done
	cat_keys $files >"$tmp/$lang"
	for k in $(uniq -d "$tmp/$lang"); do
		echo "check-i18n: key '$k' appears twice in the $lang catalogues" >&2
		status=1
	done
	sort -u "$tmp/$lang" -o "$tmp/$lang"
done
[ "$status" -eq 0 ] || exit 1

# The three catalogues must agree.
for lang in sv en; do
	for k in $(comm -23 "$tmp/fi" "$tmp/$lang"); do
		echo "check-i18n: key '$k' is in fi.xml but missing from $lang.xml" >&2
		status=1
	done
	for k in $(comm -13 "$tmp/fi" "$tmp/$lang"); do
		echo "check-i18n: key '$k' is in $lang.xml but missing from fi.xml" >&2
		status=1
	done
done

# Keys in use.
: >"$tmp/used"
find xsl plugins -name '*.xsl' 2>/dev/null | sort | while read -r f; do
	grep -o "vv:t( *'[^']*'" "$f" | sed "s/^vv:t( *'//; s/'\$//; s|^|$f |"
	grep -o 'vv:t( *"[^"]*"' "$f" | sed 's/^vv:t( *"//; s/"$//; s|^|'"$f"' |'
done >>"$tmp/used"
find core plugins -name '*.c' 2>/dev/null | sort | while read -r f; do
	grep -o 'vv_form_error([^;]*"[^"]*" *)' "$f" |
		sed -n 's/.*, *"\([^"]*\)" *)$/\1/p' | sed "s|^|$f |"
	grep -o 'vv_form_error_arg([^,]*, *"[^"]*", *"[^"]*"' "$f" |
		sed -n 's/.*, *"\([^"]*\)"$/\1/p' | sed "s|^|$f |"
done >>"$tmp/used"
if [ -f tests/i18n-keys.txt ]; then
	sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' -e 's|^|tests/i18n-keys.txt |' \
		tests/i18n-keys.txt >>"$tmp/used"
fi

sort -u "$tmp/used" -o "$tmp/used"
while read -r where key; do
	for lang in fi sv en; do
		if ! grep -qxF "$key" "$tmp/$lang"; then
			echo "check-i18n: key '$key' (used in $where) is missing from $cat_dir/$lang.xml" >&2
			status=1
		fi
	done
done <"$tmp/used"

n=$(cut -d' ' -f2 "$tmp/used" | sort -u | wc -l)
if [ "$status" -eq 0 ]; then
	echo "check-i18n: ok ($n keys in use, $(wc -l <"$tmp/fi") in each catalogue)"
fi
exit "$status"
