#!/bin/sh
# The package check `make test` runs (the full one, installing into a fresh
# Debian root, is `make test-package`): builds the packages, then
#   - dpkg-deb --contents lists the files an installation needs;
#   - no build or test tool is among the server package's dependencies;
#   - the shipped nginx site passes `nginx -t` (inside a minimal http{});
#   - the units pass `systemd-analyze verify` against the unpacked package
#     (when systemd-analyze is there).
# Prints one ok/FAIL line per check and TAP-like totals; exit 1 on a failure.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
make -s deb >/dev/null
DEB=$(ls build/deb-out/vvhome_*.deb | tail -n 1)
DEV=$(ls build/deb-out/vvhome-dev_*.deb | tail -n 1)
TMP=$(mktemp -d /tmp/vv-package.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0
ok() { echo "ok   - $1"; pass=$((pass + 1)); }
bad() { echo "FAIL - $1"; fail=$((fail + 1)); }

dpkg-deb --contents "$DEB" | awk '{print $6}' | sed 's|^\./|/|' > "$TMP/files"
dpkg-deb --contents "$DEV" | awk '{print $6}' | sed 's|^\./|/|' > "$TMP/dev-files"
for f in /usr/bin/vvhomed /usr/bin/vvctl /etc/vvhome/vvhome.conf /etc/vvhome/janus.env \
	/etc/nginx/sites-available/vvhome /lib/systemd/system/vvhome.service \
	/lib/systemd/system/vvhome-janus.service /usr/lib/tmpfiles.d/vvhome.conf /etc/logrotate.d/vvhome \
	/usr/lib/vvhome/vvhome-janus-render /usr/share/vvhome/xsl/error.xsl /usr/share/vvhome/xsl/i18n/fi.xml \
	/usr/share/vvhome/conf/janus/janus.jcfg.in /usr/share/doc/vvhome/operations.md.gz; do
	grep -qx "$f" "$TMP/files" && ok "vvhome ships $f" || bad "vvhome ships $f"
done
# Every plugin, every stylesheet, catalogue, static file and migration the
# build assembled (make share), the plugins' own migrations included.
nomiss=$fail
for p in plugins/*/; do
	p=$(basename "$p")
	grep -qx "/usr/lib/vvhome/plugins/$p.so" "$TMP/files" || bad "vvhome ships plugin $p"
done
[ "$fail" = "$nomiss" ] && ok "vvhome ships every plugin"
# The tree the package was built from (tools/deb.sh builds in build/deb-src).
missing=$(cd build/deb-src/vvhome/build/deb/share && find xsl schema -type f | sed 's|^|/usr/share/vvhome/|' | sort |
	comm -23 - "$(sort "$TMP/files" > "$TMP/sorted" && echo "$TMP/sorted")" | head -n 5)
[ -z "$missing" ] && ok "vvhome ships every stylesheet, catalogue, static file and migration" ||
	bad "vvhome ships the whole share tree (missing: $missing)"
grep -q '^/usr/share/vvhome/schema/[a-z_]*/[0-9]*_.*\.sql$' "$TMP/files" && ok "plugin migrations shipped" ||
	bad "plugin migrations shipped"
for f in /usr/include/vv/vv.h /usr/include/vv/plugin.h /usr/include/vv/conf.h /usr/lib/pkgconfig/vvhome-plugin.pc; do
	grep -qx "$f" "$TMP/dev-files" && ok "vvhome-dev ships $f" || bad "vvhome-dev ships $f"
done
grep -q '^/usr/include/' "$TMP/files" && bad "headers only in vvhome-dev" || ok "headers only in vvhome-dev"
dpkg-deb -f "$DEB" Depends | grep -Eq 'chromium|nodejs|npm|check|clang|debhelper|libfcgi-dev' &&
	bad "no build or test tool among the Depends" || ok "no build or test tool among the Depends"
dpkg-deb -f "$DEB" Conffiles 2>/dev/null | grep -q /etc/vvhome/vvhome.conf ||
	dpkg-deb -I "$DEB" conffiles | grep -q /etc/vvhome/vvhome.conf &&
	ok "/etc/vvhome/vvhome.conf is a conffile" || bad "/etc/vvhome/vvhome.conf is a conffile"

dpkg-deb -x "$DEB" "$TMP/root"
if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
		-keyout "$TMP/key.pem" -out "$TMP/cert.pem" >/dev/null 2>&1
	sed -e "s|/etc/ssl/certs/ssl-cert-snakeoil.pem|$TMP/cert.pem|" -e "s|include fastcgi_params|include /etc/nginx/fastcgi_params|" \
		-e "s|/etc/ssl/private/ssl-cert-snakeoil.key|$TMP/key.pem|" \
		-e "s|js_path /usr/share/vvhome/nginx|js_path $TMP/root/usr/share/vvhome/nginx|" \
		"$TMP/root/etc/nginx/sites-available/vvhome" > "$TMP/site.conf"
	# The gate's module, as Debian's modules-enabled loads it.
	js_mod=/usr/lib/nginx/modules/ngx_http_js_module.so
	cat > "$TMP/nginx.conf" <<CONF
$( [ -f "$js_mod" ] && echo "load_module $js_mod;" )
pid $TMP/nginx.pid;
error_log $TMP/error.log;
events {}
http {
	include /etc/nginx/mime.types;
	access_log off;
	client_body_temp_path $TMP/body;
	include $TMP/site.conf;
}
CONF
	if nginx -t -q -c "$TMP/nginx.conf" -e "$TMP/error.log" > "$TMP/nginx.out" 2>&1; then
		ok "nginx -t passes with the shipped site"
	else
		bad "nginx -t passes with the shipped site"; cat "$TMP/nginx.out"
	fi
else
	echo "skip - nginx -t (no nginx here)"
fi
if command -v systemd-analyze >/dev/null 2>&1; then
	for u in vvhome.service vvhome-janus.service; do
		# The ExecStart binaries are looked up in the host's /usr: point
		# them into the unpacked package (janus is the host's, when there).
		sed -e "s|/usr/bin/vvhomed|$TMP/root/usr/bin/vvhomed|g" \
			-e "s|/usr/lib/vvhome/|$TMP/root/usr/lib/vvhome/|g" \
			-e "s|^ExecStart=/usr/bin/janus|ExecStart=$(command -v janus || echo /bin/true)|" \
			"$TMP/root/lib/systemd/system/$u" > "$TMP/$u"
		if systemd-analyze verify "$TMP/$u" > "$TMP/verify.out" 2>&1 &&
			! grep -v -e 'Failed to put bus name' -e 'Cannot find unit' -e '^$' "$TMP/verify.out" | grep -q .; then
			ok "systemd-analyze verify $u"
		else
			bad "systemd-analyze verify $u"; cat "$TMP/verify.out"
		fi
	done
else
	echo "skip - systemd-analyze verify (not installed)"
fi
echo "# pass $pass"
echo "# fail $fail"
[ "$fail" -eq 0 ]
