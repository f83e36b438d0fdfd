#!/bin/sh
# make test-fresh: the README's two commands on a truly fresh Debian 12.
# A clean root (debootstrap --variant=minbase bookworm, then only what the
# README says a minimal image needs first: `apt-get install make`) gets a
# copy of this tree (what git tracks, no build output, no node_modules), and
# inside it, as root:
#   1. `make run` until /healthz answers through nginx, then stop it (SIGTERM,
#      which it takes as Ctrl-C);
#   2. `make test`.
# Everything else (MariaDB, nginx, Janus, Node, Chromium...) is what `make
# deps` installs from Debian's archive there. The clean root is made once
# and kept as var/fresh-root/base.tar; each run unpacks a fresh copy.
# Not part of `make test` (it runs it, and installs the world first).
# Needs root (chroot, mounts). Ports: VV_FRESH_PORT (make run; default
# 18520), VV_TEST_PORT / VV_BROWSER_PORT / VV_CLUSTER_PORT as for make test
# (default: VV_FRESH_PORT + 10, + 50, + 30), so that the run does not meet
# other stacks on this machine (the root shares its network).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE="$ROOT/var/fresh-root"
BASE="$CACHE/base.tar"
WORK="$CACHE/root"
P=${VV_FRESH_PORT:-18520}
[ "$(id -u)" = 0 ] || { echo "test-fresh: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "test-fresh: apt-get install debootstrap" >&2; exit 1; }
START=$(date +%s)

mirror() {
	{ sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null
	  sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\) *bookworm .*/\2/p' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list 2>/dev/null; } | grep -v security | head -n 1
}
MOUNTS="dev/shm dev/pts dev sys run/netns run proc"
umount_all() {
	for m in $MOUNTS; do
		mountpoint -q "$WORK/$m" 2>/dev/null && umount -l "$WORK/$m" || true
	done
	mountpoint -q "$WORK" 2>/dev/null && umount -l "$WORK" || true
}
cleanup() {
	# Whatever the run left: its stacks, then the mounts.
	[ -d "$WORK/vvhome" ] && chroot "$WORK" sh -c 'cd /vvhome && for v in var build/test/*stack* ; do
		[ -d "$v" ] && sh tests/stack/stack.sh stop "$v" >/dev/null 2>&1; done' 2>/dev/null || true
	umount_all
}
trap cleanup EXIT INT TERM

if [ ! -s "$BASE" ]; then
	M=$(mirror)
	[ -n "$M" ] || { echo "test-fresh: no Debian mirror in /etc/apt" >&2; exit 1; }
	echo "== debootstrap --variant=minbase bookworm from $M, then apt-get install make (once; kept in $BASE)"
	B="$CACHE/boot"
	for m in proc dev; do mountpoint -q "$B/$m" 2>/dev/null && umount -l "$B/$m" || true; done
	rm -rf "$B"
	mkdir -p "$CACHE"
	debootstrap --variant=minbase bookworm "$B" "$M" >"$CACHE/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$CACHE/debootstrap.log" >&2; exit 1; }
	cp /etc/resolv.conf "$B/etc/resolv.conf"
	mount -t proc proc "$B/proc"
	mount --bind /dev "$B/dev"
	if ! chroot "$B" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		sh -c 'apt-get update -q && apt-get install -y -q make && apt-get clean' \
		>>"$CACHE/debootstrap.log" 2>&1; then
		umount -l "$B/proc" "$B/dev"
		tail -n 20 "$CACHE/debootstrap.log" >&2
		exit 1
	fi
	umount -l "$B/proc" "$B/dev"
	tar -C "$B" -cf "$BASE.new" . && mv "$BASE.new" "$BASE"
	rm -rf "$B"
fi

echo "== a fresh root from $BASE"
umount_all
# Never remove through a mount that is still there (/dev, /sys of the machine).
if grep -q " $WORK/" /proc/mounts; then
	echo "test-fresh: still mounted under $WORK:" >&2
	grep " $WORK/" /proc/mounts >&2
	exit 1
fi
rm -rf "$WORK"
mkdir -p "$WORK"
tar -C "$WORK" -xf "$BASE"
cp /etc/resolv.conf "$WORK/etc/resolv.conf"
# The root a mount of its own: `ip netns exec` (the browser tests) remounts /
# as a slave in its namespace, which fails on a folder that is no mount.
mount --bind "$WORK" "$WORK"
mount -t proc proc "$WORK/proc"
mount --bind /dev "$WORK/dev"
mount --bind /dev/pts "$WORK/dev/pts"
mount -t tmpfs -o size=1g tmpfs "$WORK/dev/shm"
mount --bind /sys "$WORK/sys"
mount -t tmpfs tmpfs "$WORK/run"
mkdir -p "$WORK/run/netns"
mount -t tmpfs tmpfs "$WORK/run/netns" # ip netns needs a mount of its own there
# A machine whose traffic goes through a proxy with its own certificate
# authority (in /usr/local/share/ca-certificates, as Debian has it) gives
# the root the same trust: Debian's ca-certificates adds them when make deps
# installs it, and Node (npm) reads the system's list only when told.
CA_ENV=
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
	mkdir -p "$WORK/usr/local/share/ca-certificates"
	cp /usr/local/share/ca-certificates/*.crt "$WORK/usr/local/share/ca-certificates/"
	CA_ENV=NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
echo "== the tree (git ls-files) into /vvhome"
mkdir -p "$WORK/vvhome"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | grep -zv '^var/' |
	tar --null -T - -cf -) | tar -C "$WORK/vvhome" -xf -

in_root() {
	chroot "$WORK" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		TERM=dumb $CA_ENV VV_TEST_PORT=${VV_TEST_PORT:-$((P + 10))} \
		VV_BROWSER_PORT=${VV_BROWSER_PORT:-$((P + 50))} VV_CLUSTER_PORT=${VV_CLUSTER_PORT:-$((P + 30))} \
		VV_NETNS=vv-fresh-$P sh -c "cd /vvhome && $1"
}

echo "== make run (until /healthz answers)"
T0=$(date +%s)
# In a session of its own, so that Ctrl-C (SIGINT) reaches its whole group.
setsid chroot "$WORK" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
	TERM=dumb $CA_ENV sh -c "cd /vvhome && exec make run PORT=$P" > "$CACHE/make-run.log" 2>&1 &
RUN=$!
ok=0
for i in $(seq 1 1800); do
	if ! kill -0 $RUN 2>/dev/null; then break; fi
	# The root shares this machine's network: asked from outside (the
	# answer is make run's while it runs: nothing else uses the port).
	if curl -fsS "http://127.0.0.1:$P/healthz" 2>/dev/null | grep -q '^ok$'; then
		ok=1
		break
	fi
	sleep 2
done
T1=$(date +%s)
kill -0 $RUN 2>/dev/null || ok=0
# Stopped as by Ctrl-C, but with SIGTERM (make run traps both): a command
# started in the background by a script ignores SIGINT, and so does all it runs.
kill -TERM -- -$RUN 2>/dev/null || true
wait $RUN 2>/dev/null || true
if [ $ok = 1 ]; then echo "ok   - make run answers /healthz after $((T1 - T0)) s"; else
	echo "FAIL - make run never answered /healthz (var/fresh-root/make-run.log):"
	tail -n 30 "$CACHE/make-run.log"
	exit 1
fi

echo "== make test"
T2=$(date +%s)
{ in_root "make test" 2>&1; echo "make test: exit $?"; } | tee "$CACHE/make-test.log"
rc=1
grep -q '^make test: exit 0$' "$CACHE/make-test.log" && ! grep -q '^FAILED:' "$CACHE/make-test.log" && rc=0
T3=$(date +%s)
echo "make run until /healthz: $((T1 - T0)) s; make test: $((T3 - T2)) s; whole run: $((T3 - START)) s"
[ $rc = 0 ] && echo "test-fresh: passed" || echo "test-fresh: FAILED"
exit $rc
