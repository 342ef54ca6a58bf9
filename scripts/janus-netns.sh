#!/usr/bin/env bash
# Runs Janus (Debian's janus 1.1.2) inside a network namespace joined to this machine by a veth pair,
# with the repository's configuration (deploy/janus, copied to a temp folder and patched).
# Janus 1.1.2 never uses loopback interfaces for media, hence the namespace.
#
#   janus-netns.sh start <name> <index> <ws-port>   host side 10.234.<index>.1/24, namespace side 10.234.<index>.2/24;
#                                                    prints Janus's pid once ws://10.234.<index>.2:<ws-port> answers
#   janus-netns.sh stop <name>                       kills that Janus, deletes the namespace and the veth pair
#
# Needs root and iproute2. Files (config copy, janus.log, janus.pid) live in ${JANUS_NETNS_DIR:-/tmp}/janus-netns-<name>.
# Environment: JANUS (default /usr/bin/janus), JANUS_START_TIMEOUT seconds (default 20), JANUS_DEBUG_LEVEL (0-7),
# JANUS_NETNS_PEER: put the host side of the veth in that (existing) namespace instead of this one, e.g. the load
# generator's namespace in bench/side-by-side.sh.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
janus="${JANUS:-/usr/bin/janus}"

usage() {
    echo "usage: $0 start <name> <index 1-254> <ws-port> | stop <name>" >&2
    exit 2
}

state_dir() { echo "${JANUS_NETNS_DIR:-/tmp}/janus-netns-$1"; }

start() {
    local name="$1" index="$2" port="$3"
    [[ "$name" =~ ^[a-zA-Z0-9_]{1,12}$ ]] || { echo "name must be 1-12 letters/digits/_ (interface names are <name>-h, <name>-i)" >&2; exit 2; }
    [[ "$index" =~ ^[0-9]+$ ]] && ((index >= 1 && index <= 254)) || { echo "index must be 1..254" >&2; exit 2; }
    [[ "$port" =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || { echo "ws-port must be 1..65535" >&2; exit 2; }
    [[ -x "$janus" ]] || { echo "$janus not found (apt-get install janus)" >&2; exit 1; }

    local host="10.234.$index.1" inside="10.234.$index.2" dir
    dir="$(state_dir "$name")"

    stop "$name" >/dev/null 2>&1 || true
    ip netns add "$name"
    ip link add "$name-h" type veth peer name "$name-i"
    ip link set "$name-i" netns "$name"
    local here=()
    if [[ -n "${JANUS_NETNS_PEER:-}" ]]; then
        ip link set "$name-h" netns "$JANUS_NETNS_PEER"
        here=(-n "$JANUS_NETNS_PEER")
    fi
    ip "${here[@]}" addr add "$host/24" dev "$name-h"
    ip "${here[@]}" link set "$name-h" up
    ip -n "$name" addr add "$inside/24" dev "$name-i"
    ip -n "$name" link set "$name-i" up
    ip -n "$name" link set lo up
    # A default route, so that Janus finds its "local IP" (it asks which address would reach a public one).
    ip -n "$name" route add default via "$host"

    rm -rf "$dir"
    mkdir -p "$dir/conf"
    cp "$repo"/deploy/janus/*.jcfg "$dir/conf/"
    sed -i -E "s/^(\s*ws_port\s*=\s*)[0-9]+/\1$port/" "$dir/conf/janus.transport.websockets.jcfg"
    if [[ -n "${JANUS_DEBUG_LEVEL:-}" ]]; then
        sed -i -E "s/^(\s*debug_level\s*=\s*)[0-9]+/\1$JANUS_DEBUG_LEVEL/" "$dir/conf/janus.jcfg"
    fi

    # setsid: Janus must outlive this script; its output goes to janus.log.
    setsid ip netns exec "$name" "$janus" -F "$dir/conf" </dev/null >"$dir/janus.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/janus.pid"

    local deadline=$((SECONDS + ${JANUS_START_TIMEOUT:-20}))
    local probe=(bash -c "exec 3<>/dev/tcp/$inside/$port")
    [[ -n "${JANUS_NETNS_PEER:-}" ]] && probe=(ip netns exec "$JANUS_NETNS_PEER" "${probe[@]}")
    until "${probe[@]}" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "Janus exited during start-up; last lines of $dir/janus.log:" >&2
            tail -n 30 "$dir/janus.log" >&2
            stop "$name" >/dev/null 2>&1 || true
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            echo "Janus did not open ws://$inside:$port within ${JANUS_START_TIMEOUT:-20} s; last lines of $dir/janus.log:" >&2
            tail -n 30 "$dir/janus.log" >&2
            stop "$name" >/dev/null 2>&1 || true
            exit 1
        fi
        sleep 0.2
    done
    echo "$pid"
}

stop() {
    local name="$1" dir pid
    dir="$(state_dir "$name")"
    if [[ -f "$dir/janus.pid" ]]; then
        pid="$(cat "$dir/janus.pid")"
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
        fi
        rm -f "$dir/janus.pid"
    fi
    ip link del "$name-h" 2>/dev/null || true
    [[ -n "${JANUS_NETNS_PEER:-}" ]] && ip -n "$JANUS_NETNS_PEER" link del "$name-h" 2>/dev/null || true
    ip netns del "$name" 2>/dev/null || true
}

case "${1:-}" in
    start) (($# == 4)) || usage; start "$2" "$3" "$4" ;;
    stop) (($# == 2)) || usage; stop "$2" ;;
    *) usage ;;
esac
