#!/bin/sh
# make test-package: installs the built vvhome package into a fresh Debian 12
# root and checks what it ships, as an operator would meet it:
#   - the package installs with dpkg (its dependencies from Debian's archive),
#     postinst makes the vvhome user, its folders and secrets (0600);
#   - the shipped nginx site passes `nginx -t` (TLS with the snakeoil
#     certificate, HSTS, rate limit on sign-in);
#   - the units pass `systemd-analyze verify`; their security score is printed;
#   - `vvctl migrate` applies the shipped migrations to a private MariaDB and
#     `vvhomed --check` passes with the shipped configuration;
#   - vvhomed started with the unit's command line as user vvhome answers
#     /healthz and /metrics on its FastCGI socket.
# The root (debootstrap from the mirror apt already uses, with the packages
# vvhome recommends) is made once and kept as build/package-root/base.tar;
# each run unpacks a fresh copy. Needs root (chroot, mounts).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE="$ROOT/build/package-root"
BASE="$CACHE/base.tar"
WORK="$CACHE/root"
DB="$CACHE/db"
DEB=$(ls "$ROOT"/build/deb-out/vvhome_*.deb 2>/dev/null | tail -n 1)
[ -n "$DEB" ] || { echo "test-package: no build/deb-out/vvhome_*.deb (make deb)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "test-package: needs root (debootstrap, chroot)" >&2; exit 1; }
sh "$ROOT/tools/deps.sh" package-test
fails=0
ok() { echo "ok   - $1"; }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }
in_root() { chroot "$WORK" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# The Debian mirror apt on this machine is configured with (deb822 or one-line).
mirror() {
	{ sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null
	  sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\) *bookworm .*/\2/p' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list 2>/dev/null; } | grep -v security | head -n 1
}

umount_all() {
	for m in run/mysqld dev/pts dev proc; do
		mountpoint -q "$WORK/$m" 2>/dev/null && umount -l "$WORK/$m" || true
	done
}
cleanup() {
	[ -f "$WORK/run/vvhome/test.pid" ] && kill "$(cat "$WORK/run/vvhome/test.pid")" 2>/dev/null || true
	umount_all
	sh "$ROOT/tests/stack/mariadb.sh" stop "$DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

# What vvhome depends on and recommends, and the tools this test uses in the
# root (nginx for -t, systemd for verify, cgi-fcgi to talk FastCGI).
EXTRA="nginx,libnginx-mod-http-js,ssl-cert,mariadb-client,janus,janus-tools,libjs-janus-gateway,libjs-webrtc-adapter,\
systemd,adduser,openssl,tzdata,libfcgi-bin,logrotate,ca-certificates"
DEPS=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/^ *//; s/ *|.*//; s/[ (].*//' | grep -v '^$' | tr '\n' ',')
if [ ! -s "$BASE" ]; then
	M=$(mirror)
	[ -n "$M" ] || { echo "test-package: no Debian mirror in /etc/apt" >&2; exit 1; }
	echo "== debootstrap bookworm from $M, then apt-get the dependencies (once; kept in $BASE)"
	B="$CACHE/boot"
	for m in proc dev; do mountpoint -q "$B/$m" 2>/dev/null && umount -l "$B/$m" || true; done
	rm -rf "$B"
	mkdir -p "$CACHE"
	debootstrap --variant=minbase bookworm "$B" "$M" >"$CACHE/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$CACHE/debootstrap.log" >&2; exit 1; }
	# apt resolves what debootstrap's simple resolver cannot (alternatives).
	cp /etc/resolv.conf "$B/etc/resolv.conf"
	printf '#!/bin/sh\nexit 101\n' > "$B/usr/sbin/policy-rc.d"
	chmod 755 "$B/usr/sbin/policy-rc.d"
	mount -t proc proc "$B/proc"
	mount --bind /dev "$B/dev"
	pkgs=$(echo "$EXTRA,${DEPS%,}" | tr ',' ' ')
	if ! chroot "$B" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends $pkgs && apt-get clean" \
		>>"$CACHE/debootstrap.log" 2>&1; then
		umount -l "$B/proc" "$B/dev"
		tail -n 20 "$CACHE/debootstrap.log" >&2
		exit 1
	fi
	umount -l "$B/proc" "$B/dev"
	rm -f "$B/etc/nginx/sites-enabled/default"
	tar -C "$B" -cf "$BASE.new" . && mv "$BASE.new" "$BASE"
	rm -rf "$B"
fi

echo "== a fresh root from $BASE"
umount_all
rm -rf "$WORK"
mkdir -p "$WORK"
tar -C "$WORK" -xf "$BASE"
mount -t proc proc "$WORK/proc"
mount --bind /dev "$WORK/dev"
# Services never start inside the root.
printf '#!/bin/sh\nexit 101\n' > "$WORK/usr/sbin/policy-rc.d"
chmod 755 "$WORK/usr/sbin/policy-rc.d"

echo "== apt-get install ./$(basename "$DEB")"
cp "$DEB" "$WORK/tmp/vvhome.deb"
# As doc/operations.md says; the base root holds the dependencies already
# (a new one comes from the mirror).
cp /etc/resolv.conf "$WORK/etc/resolv.conf"
# The Janus gate's njs module is a Recommends (apt installs those by default;
# named here for a root made before it was among EXTRA).
if in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/vvhome.deb libnginx-mod-http-js \
	> "$CACHE/dpkg.log" 2>&1; then ok "the package installs"; else
	bad "the package installs"; cat "$CACHE/dpkg.log"; exit 1; fi
grep -q "Next steps" "$CACHE/dpkg.log" && ok "postinst says the next step" || bad "postinst says the next step"

in_root getent passwd vvhome | grep -q ':/var/lib/vvhome:' && ok "system user vvhome" || bad "system user vvhome"
in_root id -nG www-data | grep -qw vvhome && ok "www-data is in group vvhome (the socket)" || bad "www-data in group vvhome"
for d in /var/lib/vvhome/recordings /var/log/vvhome /etc/vvhome; do
	[ -d "$WORK$d" ] && ok "folder $d" || bad "folder $d"
done
for f in /etc/vvhome/db.password /etc/vvhome/janus-secrets.conf; do
	st=$(in_root stat -c '%a %U' "$f" 2>/dev/null || echo missing)
	[ "$st" = "600 vvhome" ] && ok "secret $f is 0600 vvhome" || bad "secret $f is 0600 vvhome (is: $st)"
done
grep -q '^token_auth_secret = [0-9a-f]\{48\}$' "$WORK/etc/vvhome/janus-secrets.conf" &&
	ok "Janus secrets made" || bad "Janus secrets made"
dpkg-deb -f "$DEB" Depends | grep -Eq 'chromium|nodejs|npm|check|clang|debhelper' &&
	bad "no build or test tool among the Depends" || ok "no build or test tool among the Depends"

echo "== nginx"
ln -sf ../sites-available/vvhome "$WORK/etc/nginx/sites-enabled/vvhome"
if in_root nginx -t > "$CACHE/nginx.log" 2>&1; then ok "nginx -t with the shipped site"; else
	bad "nginx -t with the shipped site"; cat "$CACHE/nginx.log"; fi
grep -q 'Strict-Transport-Security' "$WORK/etc/nginx/sites-available/vvhome" && ok "the site sets HSTS" || bad "HSTS"
grep -q 'limit_req zone=vv_login' "$WORK/etc/nginx/sites-available/vvhome" && ok "the site limits sign-in" || bad "rate limit"

echo "== systemd units"
for u in vvhome.service vvhome-janus.service; do
	# Unknown keys and the like are only warnings: any output fails.
	if in_root systemd-analyze verify "/lib/systemd/system/$u" > "$CACHE/verify.log" 2>&1 &&
		! grep -q . "$CACHE/verify.log"; then
		ok "systemd-analyze verify $u"
	else
		bad "systemd-analyze verify $u"; cat "$CACHE/verify.log"
	fi
	score=$(in_root systemd-analyze security --offline=true "/lib/systemd/system/$u" 2>/dev/null |
		sed -n 's/.*Overall exposure level for [^:]*: *//p')
	echo "     systemd-analyze security $u: ${score:-not available}"
done
in_root sh -c 'su -s /bin/sh vvhome -c "/usr/lib/vvhome/vvhome-janus-render /etc/vvhome/janus-secrets.conf /tmp/janus-conf"' \
	>"$CACHE/render.log" 2>&1 && grep -q 'token_auth_secret = "[0-9a-f]' "$WORK/tmp/janus-conf/janus.jcfg" &&
	ok "the Janus configuration renders as vvhome" || { bad "Janus configuration renders"; cat "$CACHE/render.log"; }

echo "== a private MariaDB for the shipped configuration"
sh "$ROOT/tests/stack/mariadb.sh" start "$DB" >/dev/null
pw=$(head -n 1 "$WORK/etc/vvhome/db.password")
sh "$ROOT/tests/stack/mariadb.sh" sql "$DB" -e "CREATE DATABASE IF NOT EXISTS vvhome;
	CREATE USER IF NOT EXISTS 'vvhome'@'localhost' IDENTIFIED BY '$pw';
	ALTER USER 'vvhome'@'localhost' IDENTIFIED BY '$pw';
	GRANT ALL ON vvhome.* TO 'vvhome'@'localhost';"
mkdir -p "$WORK/run/mysqld"
mount --bind "$(dirname "$(sh "$ROOT/tests/stack/mariadb.sh" status "$DB" | sed -n 's/.*socket \([^)]*\)).*/\1/p')")" "$WORK/run/mysqld"
sock=$(ls "$WORK"/run/mysqld/*.sock | head -n 1)
[ "$(basename "$sock")" = mysqld.sock ] || ln -sf "$(basename "$sock")" "$WORK/run/mysqld/mysqld.sock"

if in_root su -s /bin/sh vvhome -c 'vvctl migrate' > "$CACHE/migrate.log" 2>&1; then
	ok "vvctl migrate applies the shipped migrations"; else bad "vvctl migrate"; cat "$CACHE/migrate.log"; fi
if in_root su -s /bin/sh vvhome -c 'vvhomed -c /etc/vvhome/vvhome.conf --check' > "$CACHE/check.log" 2>&1; then
	ok "vvhomed --check passes with the shipped configuration"; else bad "vvhomed --check"; cat "$CACHE/check.log"; fi
in_root su -s /bin/sh vvhome -c 'vvctl check-config' >/dev/null 2>&1 && ok "vvctl check-config" || bad "vvctl check-config"

echo "== vvhomed as the unit starts it"
ExecStart=$(sed -n 's/^ExecStart=//p' "$WORK/lib/systemd/system/vvhome.service")
in_root install -d -o vvhome -g vvhome -m 0750 /run/vvhome
in_root su -s /bin/sh vvhome -c "umask 0027; $ExecStart & echo \$! > /run/vvhome/test.pid"
i=0
while [ ! -S "$WORK/run/vvhome/fcgi.sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
fcgi() { in_root env REQUEST_METHOD=GET REQUEST_URI="$1" SCRIPT_NAME="$1" REMOTE_ADDR=127.0.0.1 \
	cgi-fcgi -bind -connect /run/vvhome/fcgi.sock 2>/dev/null; }
sleep 0.5
# Janus is not started in the root: /healthz says so, and nothing else.
healthy() {
	body=$(fcgi /healthz | tr -d '\r' | sed '1,/^$/d')
	[ "$body" = ok ] && return 0
	[ -n "$body" ] && ! printf '%s\n' "$body" | grep -qv '^janus: the admin API at .* does not answer'
}
healthy && ok "/healthz answers ok but for Janus (not started here)" || { bad "/healthz"; fcgi /healthz || true; }
fcgi /metrics | grep -q '^vvhome_build_info{version=' && ok "/metrics answers" || bad "/metrics"
fcgi /fi/ | grep -q '<html' && ok "the front page renders" || bad "the front page renders"
[ -s "$WORK/var/log/vvhome/vvhome.log" ] && ok "it logs to /var/log/vvhome/vvhome.log" || bad "log file"

echo "== back up and restore, as doc/operations.md says"
in_root su -s /bin/sh vvhome -c 'vvctl tenant create --name "Varmuuskopio Oy"' >/dev/null 2>&1 &&
	ok "a tenant to keep" || bad "a tenant to keep"
head -c 300000 /dev/urandom > "$WORK/var/lib/vvhome/recordings/session-backup.webm"
in_root chown vvhome:vvhome /var/lib/vvhome/recordings/session-backup.webm
sum_before=$(md5sum < "$WORK/var/lib/vvhome/recordings/session-backup.webm")
secret_before=$(cat "$WORK/etc/vvhome/janus-secrets.conf")
in_root sh -eu -c '
	B=/var/backups/vvhome/test; mkdir -p "$B"; chmod 700 "$B"
	mariadb-dump --single-transaction --routines vvhome | gzip > "$B/vvhome.sql.gz"
	tar -C / -czf "$B/files.tar.gz" etc/vvhome etc/nginx/sites-available/vvhome var/lib/vvhome/recordings
' > "$CACHE/backup.log" 2>&1 && ok "backup" || { bad "backup"; cat "$CACHE/backup.log"; }
kill "$(cat "$WORK/run/vvhome/test.pid")" 2>/dev/null || true
sleep 1
# The disaster: database, recordings and secrets gone.
in_root mariadb -e "DROP DATABASE vvhome; DROP USER 'vvhome'@'localhost';"
rm -f "$WORK/var/lib/vvhome/recordings/session-backup.webm" "$WORK/etc/vvhome/janus-secrets.conf" \
	"$WORK/etc/vvhome/db.password"
in_root sh -eu -c '
	B=/var/backups/vvhome/test
	tar -C / -xzf "$B/files.tar.gz"
	chown -R vvhome:vvhome /var/lib/vvhome /etc/vvhome/db.password /etc/vvhome/janus-secrets.conf
	PW=$(cat /etc/vvhome/db.password)
	mariadb -e "CREATE DATABASE IF NOT EXISTS vvhome CHARACTER SET utf8mb4;
	  CREATE USER IF NOT EXISTS '"'"'vvhome'"'"'@'"'"'localhost'"'"' IDENTIFIED BY '"'"'$PW'"'"';
	  GRANT ALL ON vvhome.* TO '"'"'vvhome'"'"'@'"'"'localhost'"'"';"
	gunzip -c "$B/vvhome.sql.gz" | mariadb vvhome
	su -s /bin/sh vvhome -c "vvctl migrate && vvctl check-config"
' > "$CACHE/restore.log" 2>&1 && ok "restore" || { bad "restore"; cat "$CACHE/restore.log"; }
in_root su -s /bin/sh vvhome -c 'vvctl tenant list' 2>/dev/null | grep -q 'Varmuuskopio Oy' &&
	ok "the tenant is back" || bad "the tenant is back"
[ "$(md5sum < "$WORK/var/lib/vvhome/recordings/session-backup.webm" 2>/dev/null)" = "$sum_before" ] &&
	ok "the recording is back, byte for byte" || bad "the recording is back"
[ "$(cat "$WORK/etc/vvhome/janus-secrets.conf" 2>/dev/null)" = "$secret_before" ] &&
	ok "the Janus secrets are back" || bad "the Janus secrets are back"
in_root stat -c '%a %U' /etc/vvhome/janus-secrets.conf | grep -qx '600 vvhome' &&
	ok "the secrets are 0600 vvhome again" || bad "restored secrets' mode"
in_root su -s /bin/sh vvhome -c "umask 0027; $ExecStart & echo \$! > /run/vvhome/test.pid"
i=0
while [ ! -S "$WORK/run/vvhome/fcgi.sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
healthy && ok "/healthz after the restore" || bad "/healthz after the restore"

echo "== purge"
kill "$(cat "$WORK/run/vvhome/test.pid")" 2>/dev/null || true
sleep 1
in_root dpkg --purge vvhome > "$CACHE/purge.log" 2>&1 && [ ! -e "$WORK/etc/vvhome/db.password" ] &&
	ok "dpkg --purge removes the secrets" || { bad "purge"; cat "$CACHE/purge.log"; }

if [ $fails -gt 0 ]; then echo "test-package: $fails failed"; exit 1; fi
echo "test-package: all passed"
