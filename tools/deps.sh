#!/bin/sh
# Installs the Debian packages vvhome needs to build, run and test.
# A no-op when everything is present; tells a non-root user the exact command.
# tools/deps.sh deb: only what `make deb` needs (compiler, libraries' headers,
# dpkg-buildpackage and debhelper); tools/deps.sh package-test: debootstrap.
set -eu
BUILD_PKGS="build-essential pkg-config libfcgi-dev libxml2-dev libxslt1-dev \
libmariadb-dev libssl-dev uuid-dev libargon2-dev libjansson-dev libcurl4-openssl-dev"
case "${1:-}" in
deb) PKGS="$BUILD_PKGS dpkg-dev debhelper fakeroot" ;;
package-test) PKGS="debootstrap dpkg-dev" ;;
*) PKGS="$BUILD_PKGS dpkg-dev debhelper fakeroot clang check mariadb-server mariadb-client \
galera-4 mariadb-backup nginx \
wrk curl tzdata iproute2 procps janus janus-tools ffmpeg libnginx-mod-http-js coturn libjs-janus-gateway \
libjs-webrtc-adapter chromium python3-aiosmtpd python3-icalendar prometheus" ;;
esac
missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -z "${1:-}" ] && ! command -v node >/dev/null 2>&1; then missing="$missing nodejs npm"; fi
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "vvhome needs these Debian packages. As root, run:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
if ! $cmd >/tmp/vvhome-apt.log 2>&1; then
	apt-get update -q >/dev/null 2>&1 || true
	$cmd
fi
[ -n "${1:-}" ] && exit 0
# Debian starts the packaged services on install; vvhome runs its own private ones.
for s in mariadb nginx janus coturn prometheus; do
	systemctl disable --now "$s" >/dev/null 2>&1 || service "$s" stop >/dev/null 2>&1 || true
done
