#!/bin/sh
# A network namespace for tests that carry media (Janus + Chromium): lo up
# and a veth pair v0 10.77.0.1/24 - v1 10.77.0.2/24, both ends inside, no
# default route, so no packet can leave the machine. Idempotent.
#   netns.sh up NAME | netns.sh down NAME | netns.sh exec NAME cmd...
set -eu
cmd=${1:?usage: netns.sh up|down|exec NAME}
NS=${2:?NAME}
exists() { ip netns list | awk '{print $1}' | grep -qx "$NS"; }
case "$cmd" in
up)
	exists || ip netns add "$NS"
	ip -n "$NS" link set lo up
	if ! ip -n "$NS" link show v0 >/dev/null 2>&1; then
		ip -n "$NS" link add v0 type veth peer name v1
	fi
	ip -n "$NS" addr replace 10.77.0.1/24 dev v0
	ip -n "$NS" addr replace 10.77.0.2/24 dev v1
	ip -n "$NS" link set v0 up
	ip -n "$NS" link set v1 up
	;;
down)
	! exists || ip netns delete "$NS"
	;;
exec)
	shift 2
	exec ip netns exec "$NS" "$@"
	;;
*) echo "netns.sh: unknown command $cmd" >&2; exit 2 ;;
esac
